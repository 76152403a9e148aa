//! Deadlines that run from delivery: an objection to a product spot check within 15 days of
//! receiving the result (产品质量法 第十五条), to a food result within 7 working days (食品安全法
//! 第八十八条). Working days skip weekends and public holidays and count make-up working days
//! (调休上班), from a holiday calendar the lab keeps in its configuration, one file a year
//! (SUPERVISION.md: H for the principle).

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

pub use crate::model::objection::Period;

/// Public holidays and make-up working days, as the State Council publishes them each year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayCalendar {
    #[serde(default)]
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that are working days (调休上班).
    #[serde(default)]
    pub workdays: BTreeSet<NaiveDate>,
}

impl HolidayCalendar {
    /// Read a calendar file: `holidays = ["2026-10-01", …]` and `workdays = ["2026-09-27", …]`.
    pub fn parse(text: &str) -> Result<HolidayCalendar, String> {
        toml::from_str(text).map_err(|e| e.message().trim().to_string())
    }

    /// Merge another year's file.
    pub fn extend(&mut self, other: HolidayCalendar) {
        self.holidays.extend(other.holidays);
        self.workdays.extend(other.workdays);
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The last day of `period` counted from the day after `delivered` (the day of delivery
    /// does not count). A calendar-day deadline that falls on a holiday or weekend moves to the
    /// next working day, as Chinese procedure law counts a period's end.
    pub fn last_day(&self, delivered: NaiveDate, period: Period) -> Option<NaiveDate> {
        match period {
            Period::Days(n) => {
                let mut end = delivered.checked_add_days(Days::new(u64::from(n)))?;
                while !self.is_working_day(end) {
                    end = end.succ_opt()?;
                }
                Some(end)
            }
            Period::WorkingDays(n) => {
                let mut day = delivered;
                let mut left = n;
                while left > 0 {
                    day = day.succ_opt()?;
                    if self.is_working_day(day) {
                        left -= 1;
                    }
                }
                Some(day)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The 2026 National Day holiday as a lab would write it (dates illustrative).
    fn calendar() -> HolidayCalendar {
        HolidayCalendar::parse(
            r#"
            holidays = ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08"]
            workdays = ["2026-09-27", "2026-10-10"]
            "#,
        )
        .unwrap()
    }

    #[test]
    fn seven_working_days_skip_the_holiday_and_count_the_make_up_day() {
        let c = calendar();
        // Delivered Tue 29 Sep: 30 Sep (1), [1–8 Oct off, but 3/4 Oct are a weekend anyway],
        // 9 Oct Fri (2), 10 Oct Sat make-up (3), 12–15 Oct (4–7).
        assert_eq!(
            c.last_day(day("2026-09-29"), Period::WorkingDays(7)),
            Some(day("2026-10-15"))
        );
        // Without the calendar only weekends are skipped.
        let plain = HolidayCalendar::default();
        assert_eq!(
            plain.last_day(day("2026-09-29"), Period::WorkingDays(7)),
            Some(day("2026-10-08"))
        );
    }

    #[test]
    fn fifteen_days_end_on_the_next_working_day_when_they_fall_on_a_holiday() {
        let c = calendar();
        // 16 Sep + 15 = 1 Oct (holiday) → the first working day after: 9 Oct.
        assert_eq!(
            c.last_day(day("2026-09-16"), Period::Days(15)),
            Some(day("2026-10-09"))
        );
        assert_eq!(
            c.last_day(day("2026-03-02"), Period::Days(15)),
            Some(day("2026-03-17"))
        );
    }

    #[test]
    fn a_bad_calendar_file_says_why() {
        assert!(HolidayCalendar::parse("holidays = [\"2026-13-01\"]").is_err());
    }
}
