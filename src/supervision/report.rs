//! A task's progress and its report to the organising authority (抽查结果汇总): how many
//! batches were planned, sampled, tested, reported, passed and failed, the pass rate (合格率),
//! the failing items with how often they failed and the failing enterprises with their items
//! (SUPERVISION.md, "Reporting"). Pure: the store hands in the task and its orders.
//!
//! Definitions, as printed in the report's notes:
//! - sampled (已抽样): orders registered with a sampling record naming the task;
//! - tested (已检验): sampled orders with every item's result complete and an overall verdict
//!   that decides — pass or conditional pass (passed), fail or conditional fail (failed). An
//!   order whose results are all in but cannot be judged is counted as undecided (无法判定),
//!   not tested, so passed + failed = tested always holds;
//! - reported (已报告): orders whose report is issued;
//! - pass rate = passed / tested, computed in exact decimal arithmetic and shown as a
//!   percentage rounded once to 0.1 % by GB/T 8170.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::judge::Verdict;
use crate::model::enterprise::Party;
use crate::model::task::SupervisionTask;
use crate::model::{Order, OrderStatus};
use crate::number::Interval;

/// How the pass rate is shown, stated on every export.
pub const PASS_RATE_ROUNDING_ZH: &str = "合格率 = 合格批次 / 检验批次，按 GB/T 8170 修约至 0.1 %";
pub const PASS_RATE_ROUNDING_EN: &str =
    "pass rate = passed / tested, rounded to 0.1 % per GB/T 8170";

/// One item that failed in the task, and on how many samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailingItem {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Samples (orders) on which the item failed.
    pub count: u32,
}

/// A failed sample: who it was taken from, who is named as producer, what failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailingEnterprise {
    pub order: String,
    pub sampled_unit: Party,
    /// The labelled producer (标称生产者), when the sample names one.
    pub producer: Option<Party>,
    /// The failed items, `code name` in the order's item order.
    pub items: Vec<FailingItem>,
}

/// Where one order of the task stands, for the progress figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Results still missing.
    Testing,
    /// All results in, but the overall verdict does not decide (cannot judge / not judged).
    Undecided,
    Passed,
    Failed,
}

/// How an order stands: tested only when every result is complete and the verdict decides.
pub fn standing(order: &Order) -> Standing {
    if !order.missing_results().is_empty() {
        return Standing::Testing;
    }
    match order.overall() {
        Verdict::Pass | Verdict::ConditionalPass => Standing::Passed,
        Verdict::Fail | Verdict::ConditionalFail => Standing::Failed,
        Verdict::NotJudged | Verdict::CannotJudge(_) => Standing::Undecided,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskReport {
    pub task: String,
    pub name: String,
    pub authority: String,
    pub standard: String,
    pub grade: String,
    pub product: String,
    pub planned: u32,
    pub sampled: u32,
    pub tested: u32,
    /// All results in, no deciding verdict; not in `tested`.
    pub undecided: u32,
    pub reported: u32,
    pub passed: u32,
    pub failed: u32,
    /// passed / tested as a fraction (0.75); `None` before any sample is tested. Exact when the
    /// quotient terminates, else to rust_decimal's 28 significant digits.
    pub pass_rate: Option<Decimal>,
    /// The pass rate in per cent, rounded to 0.1 % (GB/T 8170): "75.0".
    pub pass_rate_percent: Option<String>,
    pub failing_items: Vec<FailingItem>,
    pub failing_enterprises: Vec<FailingEnterprise>,
}

impl TaskReport {
    /// The pass rate as printed: "75.0 %", or "/" before any sample is tested.
    pub fn pass_rate_text(&self) -> String {
        self.pass_rate_percent
            .as_ref()
            .map_or_else(|| "/".to_string(), |p| format!("{p} %"))
    }
}

/// passed / tested, and that in per cent rounded to 0.1 % by GB/T 8170. The percentage is
/// computed as passed × 100 / tested so that the one rounding is the stated one (the fraction's
/// own last digit never decides it).
pub fn pass_rate(passed: u32, tested: u32) -> Option<(Decimal, String)> {
    if tested == 0 {
        return None;
    }
    let (p, t) = (Decimal::from(passed), Decimal::from(tested));
    let rate = p.checked_div(t)?;
    let percent = p.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(t)?;
    let tenth = Interval::new(Decimal::new(1, 1)).ok()?;
    Some((rate.normalize(), tenth.round_text(percent)?))
}

/// The report for `task` from the orders registered for it (others are ignored, so the caller
/// may pass a wider set).
pub fn task_report(task: &SupervisionTask, orders: &[Order]) -> TaskReport {
    let mine: Vec<&Order> = orders
        .iter()
        .filter(|o| o.sampling.as_ref().is_some_and(|s| s.task == task.number))
        .collect();
    let mut r = TaskReport {
        task: task.number.clone(),
        name: task.name.clone(),
        authority: task.authority.clone(),
        standard: task.standard.clone(),
        grade: task.grade.clone(),
        product: task.product.clone(),
        planned: task.batches,
        sampled: 0,
        tested: 0,
        undecided: 0,
        reported: 0,
        passed: 0,
        failed: 0,
        pass_rate: None,
        pass_rate_percent: None,
        failing_items: Vec::new(),
        failing_enterprises: Vec::new(),
    };
    let mut counts: BTreeMap<String, FailingItem> = BTreeMap::new();
    for o in mine {
        r.sampled += 1;
        if o.status == OrderStatus::Issued {
            r.reported += 1;
        }
        match standing(o) {
            Standing::Testing => {}
            Standing::Undecided => r.undecided += 1,
            Standing::Passed => {
                r.tested += 1;
                r.passed += 1;
            }
            Standing::Failed => {
                r.tested += 1;
                r.failed += 1;
                let failed = failed_items(o);
                for f in &failed {
                    counts
                        .entry(f.code.clone())
                        .or_insert_with(|| FailingItem {
                            count: 0,
                            ..f.clone()
                        })
                        .count += 1;
                }
                if let Some(s) = &o.sampling {
                    r.failing_enterprises.push(FailingEnterprise {
                        order: o.number.clone(),
                        sampled_unit: s.sampled_unit.clone(),
                        producer: o.producer.clone(),
                        items: failed,
                    });
                }
            }
        }
    }
    if let Some((rate, percent)) = pass_rate(r.passed, r.tested) {
        r.pass_rate = Some(rate);
        r.pass_rate_percent = Some(percent);
    }
    r.failing_items = counts.into_values().collect();
    // Most frequent first; equal counts by item code, so the export is the same every time.
    r.failing_items
        .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    r
}

/// The items of `order` whose verdict is a statement of non-conformity.
fn failed_items(order: &Order) -> Vec<FailingItem> {
    order
        .items
        .iter()
        .zip(order.outcomes())
        .filter(|(_, o)| o.verdict().is_some_and(Verdict::is_fail_side))
        .map(|(i, _)| FailingItem {
            code: i.code.clone(),
            name_zh: i.name_zh.clone(),
            name_en: i.name_en.clone(),
            count: 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_rate_is_exact_and_rounded_once_to_a_tenth_of_a_percent() {
        assert_eq!(pass_rate(0, 0), None);
        let (rate, shown) = pass_rate(3, 4).unwrap();
        assert_eq!((rate.to_string(), shown.as_str()), ("0.75".into(), "75.0"));
        let (_, shown) = pass_rate(2, 3).unwrap();
        assert_eq!(shown, "66.7");
        // 1/8 = 12.5 % exactly; 1/16 = 6.25 % is a tie, kept even by GB/T 8170.
        assert_eq!(pass_rate(1, 16).unwrap().1, "6.2");
        assert_eq!(pass_rate(3, 16).unwrap().1, "18.8");
        assert_eq!(pass_rate(5, 5).unwrap().1, "100.0");
    }
}
