//! Commissioned test orders (委托单): the sample, the resolved items copied from the library,
//! the results and the way through the workflow.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::enterprise::Party;
use rust_decimal::Decimal;

use crate::catalog::ResolvedItem;
use crate::decision::{DecisionRule, Uncertainty};
use crate::evaluate::{evaluate_under, overall, ItemOutcome};
use crate::inspection::InspectionType;
use crate::judge::Verdict;
use crate::number::ResultValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Registered,
    Received,
    InTesting,
    AwaitingReview,
    AwaitingApproval,
    Approved,
    Issued,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Registered,
        OrderStatus::Received,
        OrderStatus::InTesting,
        OrderStatus::AwaitingReview,
        OrderStatus::AwaitingApproval,
        OrderStatus::Approved,
        OrderStatus::Issued,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrderStatus::Registered => "registered",
            OrderStatus::Received => "received",
            OrderStatus::InTesting => "in_testing",
            OrderStatus::AwaitingReview => "awaiting_review",
            OrderStatus::AwaitingApproval => "awaiting_approval",
            OrderStatus::Approved => "approved",
            OrderStatus::Issued => "issued",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            OrderStatus::Registered => "已登记",
            OrderStatus::Received => "已收样",
            OrderStatus::InTesting => "检验中",
            OrderStatus::AwaitingReview => "待审核",
            OrderStatus::AwaitingApproval => "待批准",
            OrderStatus::Approved => "已批准",
            OrderStatus::Issued => "已签发",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            OrderStatus::Registered => "Registered",
            OrderStatus::Received => "Received",
            OrderStatus::InTesting => "In testing",
            OrderStatus::AwaitingReview => "To review",
            OrderStatus::AwaitingApproval => "To approve",
            OrderStatus::Approved => "Approved",
            OrderStatus::Issued => "Issued",
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sample {
    pub name: String,
    pub trademark: String,
    pub model_spec: String,
    /// Batch number or production date.
    pub batch: String,
    pub quantity: String,
    /// Condition on receipt (样品状态).
    pub condition: String,
    pub sample_number: String,
}

impl Sample {
    /// A sample needs a name; none of its texts may carry a control character.
    pub fn validate(&self) -> Result<(), crate::message::Msg> {
        use super::text::{check_required, check_text};
        check_required(["样品名称", "Sample name"], &self.name)?;
        check_text(["商标", "Trademark"], &self.trademark)?;
        check_text(["型号规格", "Model/spec"], &self.model_spec)?;
        check_text(["批号/生产日期", "Batch/date"], &self.batch)?;
        check_text(["样品数量", "Quantity"], &self.quantity)?;
        check_text(["样品状态", "Condition"], &self.condition)?;
        check_text(["样品编号", "Sample number"], &self.sample_number)
    }
}

/// One entry of values for an item, kept forever: re-entry adds a new entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultEntry {
    pub values: Vec<ResultValue>,
    pub entered_by: String,
    pub entered_at: DateTime<Utc>,
    /// Why a value was changed (required when re-entering).
    pub reason: Option<String>,
    /// Expanded uncertainty (k = 2) entered with the values, for a guard-band rule.
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
    /// Test date, instruments and conditions at the bench.
    #[serde(default)]
    pub bench: super::bench::BenchRecord,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ItemResult {
    /// Every entry, oldest first; the last one counts.
    pub history: Vec<ResultEntry>,
}

impl ItemResult {
    pub fn current(&self) -> Option<&ResultEntry> {
        self.history.last()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub by: String,
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    pub reason: Option<String>,
}

/// A sign-off: who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub login: String,
    pub name: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardRef {
    pub code: String,
    pub title_zh: String,
    pub field: String,
}

/// A further basis of an order (判定依据 beyond the product standard): a safety standard such
/// as GB 38400-2019 beside GB/T 15063-2020, or GB 2763 beside GB 2762.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasisRef {
    pub standard: StandardRef,
    pub grade: String,
    pub spec: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub number: String,
    /// Bumped by every change; a stale screen's write is refused as a conflict.
    pub revision: u64,
    pub inspection_type: InspectionType,
    pub status: OrderStatus,
    pub client: Party,
    pub producer: Option<Party>,
    pub sample: Sample,
    pub registered_at: DateTime<Utc>,
    pub registered_by: String,
    pub received_on: Option<NaiveDate>,
    pub due: NaiveDate,
    pub standard: StandardRef,
    pub grade: String,
    pub spec: Option<String>,
    /// The resolved scheme, copied from the library at registration.
    pub items: Vec<ResolvedItem>,
    pub results: BTreeMap<String, ItemResult>,
    pub deviations: String,
    pub remarks: String,
    pub prepared: Option<Signature>,
    pub reviewed: Option<Signature>,
    pub approved: Option<Signature>,
    pub history: Vec<StatusChange>,
    /// Reports issued for this order, oldest first.
    pub reports: Vec<String>,
    /// Reopened to correct an issued report: the report the next issue will replace, and why.
    pub amending: Option<(String, String)>,
    /// Bases beyond `standard`; each item names its own (`ResolvedItem::basis`).
    #[serde(default)]
    pub more_bases: Vec<BasisRef>,
    /// The decision rule agreed with the client at registration (ISO/IEC 17025 §7.1.3).
    #[serde(default)]
    pub decision_rule: DecisionRule,
    /// Measured or nominal dimensions the limits were chosen by (公称直径 d = 32).
    #[serde(default)]
    pub dimensions: BTreeMap<String, Decimal>,
    /// Chemistry measured on the finished product (GB/T 222 allowances applied).
    #[serde(default)]
    pub product_analysis: bool,
    /// The sample's receipt: date, state, seal, who.
    #[serde(default)]
    pub receipt: Option<super::custody::Receipt>,
    /// The checker's step (校核): a second person checked the raw record.
    #[serde(default)]
    pub checked: Option<Signature>,
    /// Where the sample is, and its disposal.
    #[serde(default)]
    pub custody: super::custody::Custody,
    /// Deviations and subcontracting, by item code.
    #[serde(default)]
    pub arrangements: BTreeMap<String, super::arrangement::Arrangement>,
    /// A spot check's sampling record (抽样单).
    #[serde(default)]
    pub sampling: Option<super::sampling::SamplingRecord>,
    /// Why a blacklisted client or producer was accepted (commissioned tests).
    #[serde(default)]
    pub blacklist_reason: Option<String>,
    /// A failed spot check's notice, objection, reserve release and re-test.
    #[serde(default)]
    pub after_failure: super::objection::AfterFailure,
    /// A re-test (复检) of another lab's spot check on its reserve sample.
    #[serde(default)]
    pub retest_of: Option<super::sampling::RetestOf>,
    /// The site (branch lab) the order belongs to; absent for the lab itself (and for orders
    /// from before sites, whose stored form is unchanged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

impl Order {
    /// The typed values of each entered item.
    pub fn entries(&self) -> BTreeMap<String, Vec<ResultValue>> {
        self.results
            .iter()
            .filter_map(|(k, r)| r.current().map(|e| (k.clone(), e.values.clone())))
            .collect()
    }

    /// The expanded uncertainties entered with the current values, by item.
    pub fn uncertainties(&self) -> BTreeMap<String, Uncertainty> {
        self.results
            .iter()
            .filter_map(|(k, r)| {
                r.current()
                    .and_then(|e| e.uncertainty)
                    .map(|u| (k.clone(), u))
            })
            .collect()
    }

    pub fn outcomes(&self) -> Vec<ItemOutcome> {
        evaluate_under(
            &self.items,
            &self.entries(),
            self.decision_rule,
            &self.uncertainties(),
        )
    }

    /// Every standard edition the order's items are judged by, the product standard first:
    /// the further bases registered with it, then any an item names on its own (a library item
    /// whose limit comes from another standard).
    pub fn basis_codes(&self) -> Vec<String> {
        let mut out = vec![self.standard.code.clone()];
        for b in &self.more_bases {
            if !out.contains(&b.standard.code) {
                out.push(b.standard.code.clone());
            }
        }
        for i in &self.items {
            if let Some(b) = &i.basis {
                if !out.contains(b) {
                    out.push(b.clone());
                }
            }
        }
        out
    }

    /// The test period (检测日期) from the bench dates of the current entries: first and last.
    pub fn test_period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let benches: Vec<&super::bench::BenchRecord> = self
            .results
            .values()
            .filter_map(|r| r.current().map(|e| &e.bench))
            .collect();
        let first = benches.iter().filter_map(|b| b.tested_on).min()?;
        let last = benches.iter().filter_map(|b| b.last_day()).max()?;
        Some((first, last))
    }

    /// Items whose deviation or subcontracting waits for a signatory's approval.
    pub fn unapproved_arrangements(&self) -> Vec<String> {
        self.arrangements
            .iter()
            .filter(|(_, a)| a.unapproved())
            .map(|(code, _)| code.clone())
            .collect()
    }

    pub fn overall(&self) -> Verdict {
        overall(&self.outcomes())
    }

    /// Items still without a complete result, by code: no value, fewer specimens than the
    /// method prescribes, or a computed item whose inputs do not give a value yet.
    pub fn missing_results(&self) -> Vec<String> {
        self.incomplete().into_iter().map(|m| m.code).collect()
    }

    /// What is missing, item by item, with why (in both languages).
    pub fn incomplete(&self) -> Vec<Missing> {
        let entries = self.entries();
        self.items
            .iter()
            .zip(self.outcomes())
            .filter_map(|(item, o)| {
                let given = entries.get(&item.code).map_or(0, Vec::len);
                let want = item.replicates as usize;
                let (zh, en) = if item.is_computed() {
                    let why = o.pending?;
                    (
                        why,
                        "cannot be computed yet (see the results screen)".to_string(),
                    )
                } else if given == 0 {
                    ("未录入".to_string(), "no value".to_string())
                } else if given < want {
                    (
                        format!("试样 {given}/{want}"),
                        format!("{given} of {want} specimens"),
                    )
                } else {
                    return None;
                };
                Some(Missing {
                    code: item.code.clone(),
                    zh,
                    en,
                })
            })
            .collect()
    }

    /// Everyone who entered a result on this order (they may not review it).
    pub fn result_enterers(&self) -> BTreeSet<String> {
        self.results
            .values()
            .flat_map(|r| r.history.iter().map(|e| e.entered_by.clone()))
            .collect()
    }

    pub fn item(&self, code: &str) -> Option<&ResolvedItem> {
        self.items.iter().find(|i| i.code == code)
    }

    pub fn summary(&self) -> OrderSummary {
        OrderSummary {
            number: self.number.clone(),
            status: self.status,
            inspection_type: self.inspection_type,
            client: self.client.name.clone(),
            sample: self.sample.name.clone(),
            standard: self.standard.code.clone(),
            registered: self.registered_at.date_naive(),
            due: self.due,
            revision: self.revision,
            returned: self.returned().is_some(),
            field: self.standard.field.clone(),
            retained_on: (self.custody.location()
                == Some(super::custody::SampleLocation::Retained))
            .then(|| self.custody.retained_on())
            .flatten(),
            site: self.site.clone(),
        }
    }

    /// The step that sent this order back to testing (review or approval rejected it), while
    /// it has not been submitted again: the technician must see why.
    pub fn returned(&self) -> Option<&StatusChange> {
        let last = self.history.last()?;
        let back = matches!(
            last.from,
            Some(OrderStatus::AwaitingReview | OrderStatus::AwaitingApproval)
        ) && last.to == OrderStatus::InTesting;
        (back && self.status == OrderStatus::InTesting).then_some(last)
    }

    /// The conclusion as the certificate words it (naming failed and undecided items).
    pub fn conclusion(&self) -> String {
        super::Conclusion::of(self, &self.outcomes(), false).zh()
    }
}

/// An item without a complete result and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// What the order list needs, kept in its own table so listing 100 000 orders never decodes
/// their items and results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub number: String,
    pub status: OrderStatus,
    pub inspection_type: InspectionType,
    pub client: String,
    pub sample: String,
    pub standard: String,
    pub registered: NaiveDate,
    pub due: NaiveDate,
    pub revision: u64,
    /// Sent back by review or approval and not yet submitted again.
    pub returned: bool,
    /// The product field (its retention period comes from it).
    pub field: String,
    /// The sample is retained, since this day (for the disposal queue).
    pub retained_on: Option<NaiveDate>,
    /// The site the order belongs to (lists show it; a site's users see their own).
    pub site: Option<String>,
}

impl OrderSummary {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.due < today && self.status < OrderStatus::Approved
    }

    /// Case-insensitive match of a typed filter against number, client, sample and standard.
    pub fn matches(&self, needle_lower: &str) -> bool {
        needle_lower.is_empty()
            || [&self.number, &self.client, &self.sample, &self.standard]
                .iter()
                .any(|f| contains_ignore_ascii_case(f, needle_lower))
    }
}

/// `needle` must already be lower-case. Compares bytes, folding ASCII case only: an ASCII byte
/// never occurs inside a multi-byte UTF-8 character, so matches land on character boundaries,
/// and Chinese text has no case. No allocation per row: 100 000 rows filter within a frame.
pub(crate) fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> OrderSummary {
        OrderSummary {
            number: "WT2026-000042".into(),
            status: OrderStatus::InTesting,
            inspection_type: InspectionType::Commissioned,
            client: "福州钢铁有限公司".into(),
            sample: "热轧带肋钢筋".into(),
            standard: "GB/T 1499.2-2018".into(),
            registered: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(),
            revision: 1,
            returned: false,
            field: "建筑材料".into(),
            retained_on: None,
            site: None,
        }
    }

    #[test]
    fn filter_matches_any_field_ignoring_ascii_case() {
        let s = summary();
        for needle in ["wt2026-0000", "钢铁", "带肋", "gb/t 1499", ""] {
            assert!(s.matches(needle), "{needle}");
        }
        for needle in ["wt2025", "水泥", "gb 175", "钢铁有限公司x"] {
            assert!(!s.matches(needle), "{needle}");
        }
    }

    #[test]
    fn overdue_means_late_and_not_yet_approved() {
        let mut s = summary();
        let after = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert!(s.is_overdue(after));
        assert!(!s.is_overdue(s.due));
        s.status = OrderStatus::Issued;
        assert!(!s.is_overdue(after));
    }
}
