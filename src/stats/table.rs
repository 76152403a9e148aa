//! Statistics over a period, grouped one way (统计): samples, tested, passed, failed, pass rate
//! (合格率 = passed / tested, exact, the percentage rounded once to 0.1 % by GB/T 8170), the
//! failing items of the group, turnaround from receipt to issue (median and 90th percentile,
//! in days) and the orders overdue. Pure: the caller hands in the orders' statistics rows.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::fact::{OrderFact, Outcome};
use crate::model::OrderStatus;
use crate::supervision::report::pass_rate;

/// How the rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Product,
    Item,
    Enterprise,
    Region,
    Type,
    Task,
    Campaign,
    Month,
    Quarter,
    Technician,
    Reviewer,
    /// The site (branch lab) of a lab network; the lab's own orders under "-".
    Site,
}

impl By {
    pub const ALL: [By; 12] = [
        By::Product,
        By::Item,
        By::Enterprise,
        By::Region,
        By::Type,
        By::Task,
        By::Campaign,
        By::Month,
        By::Quarter,
        By::Technician,
        By::Reviewer,
        By::Site,
    ];

    pub fn key(self) -> &'static str {
        match self {
            By::Product => "product",
            By::Item => "item",
            By::Enterprise => "enterprise",
            By::Region => "region",
            By::Type => "type",
            By::Task => "task",
            By::Campaign => "campaign",
            By::Month => "month",
            By::Quarter => "quarter",
            By::Technician => "technician",
            By::Reviewer => "reviewer",
            By::Site => "site",
        }
    }

    pub fn parse(s: &str) -> Option<By> {
        By::ALL.into_iter().find(|b| b.key() == s.trim())
    }

    pub fn zh(self) -> &'static str {
        match self {
            By::Product => "产品（标准）",
            By::Item => "检验项目",
            By::Enterprise => "企业",
            By::Region => "地区",
            By::Type => "检验类别",
            By::Task => "抽查任务",
            By::Campaign => "专项",
            By::Month => "月份",
            By::Quarter => "季度",
            By::Technician => "检验员",
            By::Reviewer => "审核员",
            By::Site => "站点",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            By::Product => "product (standard)",
            By::Item => "item",
            By::Enterprise => "enterprise",
            By::Region => "region",
            By::Type => "inspection type",
            By::Task => "task",
            By::Campaign => "campaign",
            By::Month => "month",
            By::Quarter => "quarter",
            By::Technician => "technician",
            By::Reviewer => "reviewer",
            By::Site => "site",
        }
    }

    /// Time groupings read in time order; the others by failures first.
    pub fn is_time(self) -> bool {
        matches!(self, By::Month | By::Quarter)
    }
}

/// What the grouping needs beyond the rows: names the rows do not carry.
pub struct Names<'a> {
    /// A task's campaign (专项), by task number.
    pub campaign_of_task: &'a HashMap<String, String>,
    /// The administrative area's name of a six-digit code, when known.
    pub area: &'a dyn Fn(&str) -> Option<String>,
    /// A user's display name, by login.
    pub person: &'a dyn Fn(&str) -> Option<String>,
    /// A site's name, by code.
    pub site: &'a dyn Fn(&str) -> Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }
}

/// A failing item and how often it failed in the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemCount {
    pub code: String,
    pub name: String,
    pub failed: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The group's key (a standard code, a credit code, `2026-03`, `2026-Q1` …).
    pub group: String,
    /// What a person reads for it (the product's title, the enterprise's name …).
    pub label: String,
    /// Orders in the group in the period, tested or not.
    pub samples: u32,
    pub tested: u32,
    pub passed: u32,
    pub failed: u32,
    /// passed / tested, exact; absent with nothing tested.
    pub pass_rate: Option<Decimal>,
    /// The same in per cent, rounded to 0.1 % (GB/T 8170): "75.0".
    pub pass_rate_percent: Option<String>,
    /// The group's failing items, most frequent first.
    pub failing_items: Vec<ItemCount>,
    /// Days from receipt to issue of the issued orders: median and 90th percentile (nearest
    /// rank), absent when none was issued.
    pub turnaround_median_days: Option<i64>,
    pub turnaround_p90_days: Option<i64>,
    /// Not yet approved and past the day promised.
    pub overdue: u32,
    /// Indices into the rows handed in (for drilling down to the orders), not exported.
    #[serde(skip)]
    pub orders: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub by: By,
    pub period: Period,
    pub rounding: &'static str,
    pub rows: Vec<Row>,
    pub total: Row,
}

pub const ROUNDING: &str = "合格率 = 合格批次 / 已检批次，按 GB/T 8170 修约至 0.1 % / pass rate = passed / tested, rounded to 0.1 % per GB/T 8170";

/// "2026-03" or "2026-Q1" written into `buf` without allocating (years 0–9999).
fn time_key(d: NaiveDate, quarter: bool, buf: &mut [u8; 7]) -> &str {
    let y = u32::try_from(d.year()).unwrap_or(0).min(9999);
    let digit = |n: u32| b'0' + (n % 10) as u8;
    buf[..5].copy_from_slice(&[
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
    ]);
    if quarter {
        buf[5] = b'Q';
        buf[6] = digit((d.month() - 1) / 3 + 1);
    } else {
        buf[5] = digit(d.month() / 10);
        buf[6] = digit(d.month());
    }
    std::str::from_utf8(buf).unwrap_or("")
}

/// Call `each` with the key of every group an order belongs to (several for items and
/// technicians, none for an order outside any task …). Nothing is allocated: regrouping
/// 100 000 rows must not allocate for each.
fn each_key(f: &OrderFact, by: By, names: &Names, each: &mut dyn FnMut(&str)) {
    match by {
        By::Product => each(&f.standard),
        By::Enterprise => each(&f.enterprise),
        By::Region => each(super::area::area_code(f.enterprise.trim()).unwrap_or("/")),
        By::Type => each(f.inspection_type.key()),
        By::Task => f.task.iter().for_each(|t| each(t)),
        By::Campaign => {
            let campaign = f.task.as_ref().and_then(|t| names.campaign_of_task.get(t));
            campaign
                .filter(|c| !c.is_empty())
                .iter()
                .for_each(|c| each(c));
        }
        By::Month | By::Quarter => each(time_key(f.date, by == By::Quarter, &mut [0; 7])),
        By::Technician => f.technicians.iter().for_each(|t| each(t)),
        By::Reviewer => f.reviewer.iter().for_each(|r| each(r)),
        By::Item => f.items.iter().for_each(|i| each(&i.code)),
        By::Site => each(f.site.as_deref().unwrap_or("-")),
    }
}

/// What a person reads for group `key` (asked once per group, when it first appears).
fn label(f: &OrderFact, by: By, key: &str, names: &Names) -> String {
    match by {
        By::Product => f.product.clone(),
        By::Enterprise => f.enterprise_name.clone(),
        By::Region => (names.area)(key).unwrap_or_else(|| key.to_string()),
        By::Type => f.inspection_type.zh().to_string(),
        By::Technician | By::Reviewer => (names.person)(key).unwrap_or_else(|| key.to_string()),
        By::Item => f
            .items
            .iter()
            .find(|i| i.code == key)
            .map_or_else(|| key.to_string(), |i| i.name.clone()),
        By::Site if key == "-" => "实验室本部".to_string(),
        By::Site => (names.site)(key).unwrap_or_else(|| key.to_string()),
        By::Task | By::Campaign | By::Month | By::Quarter => key.to_string(),
    }
}

/// Nearest-rank percentile of sorted days.
fn percentile(sorted: &[i64], pct: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (pct * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Counts of one group, filled order by order.
#[derive(Default)]
struct Tally {
    label: String,
    orders: Vec<usize>,
    passed: u32,
    failed: u32,
    overdue: u32,
    days: Vec<i64>,
    items: BTreeMap<String, (String, u32)>,
}

impl Tally {
    fn add(&mut self, i: usize, f: &OrderFact, item: Option<&str>, today: NaiveDate) {
        self.orders.push(i);
        // By item, an order counts for the item as the item was judged.
        let outcome = match item.and_then(|c| f.items.iter().find(|x| x.code == c)) {
            Some(x) if x.failed => Outcome::Failed,
            Some(_) => Outcome::Passed,
            None => f.outcome,
        };
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Open | Outcome::Undecided => {}
        }
        if f.status < OrderStatus::Approved && f.due < today {
            self.overdue += 1;
        }
        if let (Some(r), Some(iss)) = (f.received, f.issued) {
            self.days.push((iss - r).num_days());
        }
        for x in f
            .failed_items()
            .filter(|x| item.is_none_or(|c| c == x.code))
        {
            let e = self
                .items
                .entry(x.code.clone())
                .or_insert_with(|| (x.name.clone(), 0));
            e.1 += 1;
        }
    }

    fn row(mut self, group: String) -> Row {
        self.days.sort_unstable();
        let tested = self.passed + self.failed;
        let rate = pass_rate(self.passed, tested);
        let mut failing_items: Vec<ItemCount> = self
            .items
            .into_iter()
            .map(|(code, (name, failed))| ItemCount { code, name, failed })
            .collect();
        failing_items.sort_by(|a, b| b.failed.cmp(&a.failed).then(a.code.cmp(&b.code)));
        Row {
            group,
            label: self.label,
            samples: self.orders.len() as u32,
            tested,
            passed: self.passed,
            failed: self.failed,
            pass_rate: rate.as_ref().map(|r| r.0),
            pass_rate_percent: rate.map(|r| r.1),
            failing_items,
            turnaround_median_days: percentile(&self.days, 50),
            turnaround_p90_days: percentile(&self.days, 90),
            overdue: self.overdue,
            orders: self.orders,
        }
    }
}

/// The table of `facts` in `period`, grouped `by`; `today` decides what is overdue.
pub fn table(
    facts: &[OrderFact],
    by: By,
    period: Period,
    names: &Names,
    today: NaiveDate,
) -> Table {
    // Keyed by the group's key, allocated once per group, looked up by borrowed text.
    let mut groups_of: HashMap<String, Tally> = HashMap::new();
    let mut total = Tally {
        label: "合计".into(),
        ..Tally::default()
    };
    for (i, f) in facts.iter().enumerate() {
        if !period.contains(f.date) {
            continue;
        }
        total.add(i, f, None, today);
        each_key(f, by, names, &mut |key| {
            // By item the key is the item's code.
            let item = (by == By::Item).then_some(key);
            if let Some(t) = groups_of.get_mut(key) {
                t.add(i, f, item, today);
                return;
            }
            let mut t = Tally {
                label: label(f, by, key, names),
                ..Tally::default()
            };
            t.add(i, f, item, today);
            groups_of.insert(key.to_string(), t);
        });
    }
    let mut rows: Vec<Row> = groups_of.into_iter().map(|(k, t)| t.row(k)).collect();
    if by.is_time() {
        rows.sort_by(|a, b| a.group.cmp(&b.group));
    } else {
        rows.sort_by(|a, b| (b.failed, b.tested, &a.group).cmp(&(a.failed, a.tested, &b.group)));
    }
    Table {
        by,
        period,
        rounding: ROUNDING,
        rows,
        total: total.row("total".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_quarters_are_written_as_the_exports_print_them() {
        let d = |y, m| NaiveDate::from_ymd_opt(y, m, 28).unwrap_or_default();
        let key = |day, q| time_key(day, q, &mut [0; 7]).to_string();
        assert_eq!(key(d(2026, 3), false), "2026-03");
        assert_eq!(key(d(2026, 12), false), "2026-12");
        assert_eq!(key(d(2026, 3), true), "2026-Q1");
        assert_eq!(key(d(2026, 4), true), "2026-Q2");
        assert_eq!(key(d(2025, 12), true), "2025-Q4");
        assert_eq!(key(d(987, 10), false), "0987-10");
    }
}
