//! The credit class the record suggests (信用等级建议): the lab's `ClassRule` applied to an
//! enterprise's spot-check history. Pure and advisory — the class changes only when a person
//! saves it with a reason (`Store::update_enterprise`).

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::history::{HistoryRow, Role};
use super::report::Standing;
use crate::model::quality_file::ClassRule;
use crate::model::{CreditClass, Enterprise};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassProposal {
    pub to: CreditClass,
    /// Why, naming the orders: `12 个月内 2 次抽查不合格（WT…、WT…）`.
    pub because_zh: String,
    pub because_en: String,
    /// The orders the proposal rests on.
    pub orders: Vec<String>,
}

/// A spot check counts against the enterprise it judged — the labelled producer or the
/// sampled unit — not against whoever commissioned it.
fn judged(r: &HistoryRow) -> bool {
    r.task.is_some()
        && r.roles
            .iter()
            .any(|x| matches!(x, Role::Producer | Role::SampledUnit))
}

fn since(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The class `rule` proposes for `e` from `rows` on `today`, when it differs from the class
/// it has. Failures come first: a record with enough failures is never proposed for A.
pub fn propose(
    e: &Enterprise,
    rows: &[HistoryRow],
    rule: &ClassRule,
    today: NaiveDate,
) -> Option<ClassProposal> {
    let window = since(today, rule.months);
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| judged(r) && r.outcome == Standing::Failed)
        .filter(|r| r.date > window && r.date <= today)
        .map(|r| r.order.as_str())
        .collect();
    if rule.failures > 0 && failed.len() >= rule.failures as usize {
        if e.credit_class == rule.propose {
            return None;
        }
        let (n, m, list) = (failed.len(), rule.months, failed.join("、"));
        let list_en = failed.join(", ");
        return Some(ClassProposal {
            to: rule.propose,
            because_zh: format!("{m} 个月内 {n} 次抽查不合格（{list}）"),
            because_en: format!("{n} failed spot checks within {m} months ({list_en})"),
            orders: failed.iter().map(|s| s.to_string()).collect(),
        });
    }
    if rule.clean_checks == 0 || e.credit_class == CreditClass::A || e.blacklist.is_some() {
        return None;
    }
    let clean = since(today, rule.clean_months);
    let recent: Vec<&HistoryRow> = rows
        .iter()
        .filter(|r| judged(r) && r.date > clean && r.date <= today)
        .collect();
    let passed: Vec<&str> = recent
        .iter()
        .filter(|r| r.outcome == Standing::Passed)
        .map(|r| r.order.as_str())
        .collect();
    let any_failed = recent.iter().any(|r| r.outcome == Standing::Failed);
    if any_failed || passed.len() < rule.clean_checks as usize {
        return None;
    }
    let (n, m) = (passed.len(), rule.clean_months);
    Some(ClassProposal {
        to: CreditClass::A,
        because_zh: format!(
            "{m} 个月内 {n} 次抽查均未发现不合格（{}）",
            passed.join("、")
        ),
        because_en: format!(
            "{n} spot checks within {m} months, none failed ({})",
            passed.join(", ")
        ),
        orders: passed.iter().map(|s| s.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ent(class: CreditClass) -> Enterprise {
        Enterprise {
            credit_code: "91350100M000100Y43".into(),
            name: "福州钢铁有限公司".into(),
            address: String::new(),
            contact: String::new(),
            credit_class: class,
            blacklist: None,
            revision: 1,
            quality: Default::default(),
        }
    }

    fn row(order: &str, date: &str, outcome: Standing) -> HistoryRow {
        HistoryRow {
            order: order.into(),
            kind: "supervision",
            type_zh: "监督抽查",
            task: Some("CC2026-001".into()),
            date: d(date),
            roles: vec![Role::Producer],
            status: "issued",
            outcome,
            failed_items: Vec::new(),
            after_failure: None,
        }
    }

    const TODAY: &str = "2026-12-02";

    #[test]
    fn two_failures_within_twelve_months_propose_c_naming_the_orders() {
        let rows = [
            row("WT2026-000009", "2026-11-01", Standing::Failed),
            row("WT2026-000003", "2026-01-10", Standing::Failed),
        ];
        let p = propose(&ent(CreditClass::B), &rows, &ClassRule::default(), d(TODAY)).unwrap();
        assert_eq!(p.to, CreditClass::C);
        assert_eq!(
            p.because_zh,
            "12 个月内 2 次抽查不合格（WT2026-000009、WT2026-000003）"
        );
        // Already C: nothing to propose.
        assert_eq!(
            propose(&ent(CreditClass::C), &rows, &ClassRule::default(), d(TODAY)),
            None
        );
    }

    #[test]
    fn one_failure_or_an_old_one_proposes_nothing() {
        let rule = ClassRule::default();
        let one = [row("WT1", "2026-11-01", Standing::Failed)];
        assert_eq!(propose(&ent(CreditClass::B), &one, &rule, d(TODAY)), None);
        let old = [
            row("WT1", "2026-11-01", Standing::Failed),
            row("WT2", "2025-12-02", Standing::Failed),
        ];
        assert_eq!(propose(&ent(CreditClass::B), &old, &rule, d(TODAY)), None);
    }

    #[test]
    fn the_client_of_a_spot_check_is_not_judged_by_it() {
        let mut rows = [
            row("WT1", "2026-11-01", Standing::Failed),
            row("WT2", "2026-10-01", Standing::Failed),
        ];
        for r in &mut rows {
            r.roles = vec![Role::Client];
        }
        let p = propose(&ent(CreditClass::B), &rows, &ClassRule::default(), d(TODAY));
        assert_eq!(p, None);
    }

    #[test]
    fn three_clean_spot_checks_in_two_years_propose_a() {
        let rows = [
            row("WT1", "2026-11-01", Standing::Passed),
            row("WT2", "2026-01-01", Standing::Passed),
            row("WT3", "2025-06-01", Standing::Passed),
        ];
        let rule = ClassRule::default();
        let p = propose(&ent(CreditClass::B), &rows, &rule, d(TODAY)).unwrap();
        assert_eq!(p.to, CreditClass::A);
        let mut black = ent(CreditClass::B);
        black.blacklist = Some("地条钢".into());
        assert_eq!(propose(&black, &rows, &rule, d(TODAY)), None);
        let off = ClassRule {
            clean_checks: 0,
            ..rule
        };
        assert_eq!(propose(&ent(CreditClass::B), &rows, &off, d(TODAY)), None);
    }
}
