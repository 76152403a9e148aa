//! The running deadlines of the spot-check desk (SUPERVISION.md "Objections and re-tests"):
//! a failed sample's notice still to deliver, an objection window still open, a reserve sample
//! still to hand over, a re-test still to hear from, and this lab's own re-tests still to
//! report. Pure: the store hands in the spot-check orders, the holiday calendar and today.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::deadline::{HolidayCalendar, Period};
use crate::inspection::InspectionType;
use crate::judge::Verdict;
use crate::model::{Order, OrderStatus};

/// What is waiting, in the order the way runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// A failed, issued spot check whose result notice has not been delivered.
    NoticeToDeliver,
    /// The notice was delivered; the objection period has not run out.
    ObjectionOpen,
    /// An objection was recorded; the sealed reserve sample is still here.
    ReserveToRelease,
    /// The reserve sample went to the re-test institution; its conclusion has not come.
    RetestAwaited,
    /// This lab's re-test (复检) of another lab's sample, not yet issued.
    RetestToReport,
}

impl Waiting {
    pub fn zh(self) -> &'static str {
        match self {
            Waiting::NoticeToDeliver => "待发通知书",
            Waiting::ObjectionOpen => "异议期内",
            Waiting::ReserveToRelease => "待移交备样",
            Waiting::RetestAwaited => "待复检结论",
            Waiting::RetestToReport => "本所复检",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Waiting::NoticeToDeliver => "notice due",
            Waiting::ObjectionOpen => "objection open",
            Waiting::ReserveToRelease => "reserve to go",
            Waiting::RetestAwaited => "re-test awaited",
            Waiting::RetestToReport => "our re-test",
        }
    }
}

/// One running deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunningDeadline {
    pub order: String,
    pub waiting: Waiting,
    pub sample: String,
    /// The sampled unit (else the client): who the deadline concerns.
    pub party: String,
    /// The day the wait began (issue, delivery, objection, release or receipt).
    pub since: NaiveDate,
    /// The last day, where a rule or the lab's configuration sets one.
    pub due: Option<NaiveDate>,
    /// Days from today to `due` (negative when it has passed).
    pub days_left: Option<i64>,
}

/// The lab's figures the rules leave open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskRules {
    /// Days after issue within which a failure's notice should be delivered ("promptly": the
    /// number differs by authority, U in SUPERVISION.md, so configuration).
    pub notice_days: u32,
}

/// Food re-tests report within 10 working days of receiving the reserve sample (总局令第15号,
/// P); for other products no period is set, so none is shown.
fn retest_period(order: &Order) -> Option<Period> {
    (order.standard.field == "食品").then_some(Period::WorkingDays(10))
}

fn issued_on(o: &Order) -> Option<NaiveDate> {
    o.history
        .iter()
        .rev()
        .find(|h| h.to == OrderStatus::Issued)
        .map(|h| h.at.date_naive())
}

fn party(o: &Order) -> String {
    o.sampling
        .as_ref()
        .map(|s| s.sampled_unit.name.clone())
        .unwrap_or_else(|| o.client.name.clone())
}

/// What `o` is waiting for, if anything: `(waiting, since, due)`.
fn waiting(
    o: &Order,
    cal: &HolidayCalendar,
    today: NaiveDate,
    rules: DeskRules,
) -> Option<(Waiting, NaiveDate, Option<NaiveDate>)> {
    if o.inspection_type != InspectionType::Supervision {
        return None;
    }
    if o.retest_of.is_some() {
        // Our own re-test: final when issued, so nothing follows it.
        if o.status >= OrderStatus::Issued {
            return None;
        }
        let since = o.received_on.unwrap_or(o.registered_at.date_naive());
        let due = match retest_period(o) {
            Some(p) => o.received_on.and_then(|r| cal.last_day(r, p)),
            None => Some(o.due),
        };
        return Some((Waiting::RetestToReport, since, due));
    }
    if o.status != OrderStatus::Issued || !matches!(o.overall(), Verdict::Fail) {
        return None;
    }
    let af = &o.after_failure;
    if af.retest.is_some() {
        return None;
    }
    if let Some(r) = &af.release {
        let due = retest_period(o).and_then(|p| cal.last_day(r.date, p));
        return Some((Waiting::RetestAwaited, r.date, due));
    }
    if let Some(obj) = &af.objection {
        return Some((Waiting::ReserveToRelease, obj.received, None));
    }
    match (af.notices.iter().map(|n| n.delivered).max(), af.deadline()) {
        (Some(delivered), Some(deadline)) => {
            (deadline >= today).then_some((Waiting::ObjectionOpen, delivered, Some(deadline)))
        }
        _ => {
            let issued = issued_on(o)?;
            let due = issued.checked_add_days(Days::new(u64::from(rules.notice_days)));
            Some((Waiting::NoticeToDeliver, issued, due))
        }
    }
}

/// Every running deadline among `orders`, the nearest first (those without a last day after
/// the dated ones, the longest waiting first).
pub fn running_deadlines(
    orders: &[Order],
    cal: &HolidayCalendar,
    today: NaiveDate,
    rules: DeskRules,
) -> Vec<RunningDeadline> {
    let mut out: Vec<RunningDeadline> = orders
        .iter()
        .filter_map(|o| {
            let (w, since, due) = waiting(o, cal, today, rules)?;
            Some(RunningDeadline {
                order: o.number.clone(),
                waiting: w,
                sample: o.sample.name.clone(),
                party: party(o),
                since,
                due,
                days_left: due.map(|d| (d - today).num_days()),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.due.is_none(), a.due, a.since, &a.order).cmp(&(
            b.due.is_none(),
            b.due,
            b.since,
            &b.order,
        ))
    });
    out
}
