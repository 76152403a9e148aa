//! An enterprise's spot-check history for the quality file (质量档案): every order naming it —
//! as client, labelled producer or sampled unit — with its type, task, date and outcome, beside
//! its credit class and blacklist state. Pure: the store hands in the enterprise and the orders.

use chrono::NaiveDate;
use serde::Serialize;

use super::class_rule::{propose, ClassProposal};
use super::report::{standing, Standing};
use crate::judge::Verdict;
use crate::model::quality_file::{ClassRule, Licence};
use crate::model::{Enterprise, Order};

/// How the enterprise appears on an order (it may be several at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Client,
    Producer,
    SampledUnit,
}

impl Role {
    pub fn zh(self) -> &'static str {
        match self {
            Role::Client => "委托单位",
            Role::Producer => "标称生产者",
            Role::SampledUnit => "受检单位",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    pub order: String,
    /// `supervision`, `commissioned` … (InspectionType::key).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub type_zh: &'static str,
    pub task: Option<String>,
    /// The sampling date for a spot check, else the registration date.
    pub date: NaiveDate,
    pub roles: Vec<Role>,
    pub status: &'static str,
    pub outcome: Standing,
    /// Failed items, `code name`.
    pub failed_items: Vec<String>,
    /// After a failure: notice delivered, objection, re-test (`复检维持不合格` …), in words.
    pub after_failure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnterpriseFile {
    pub enterprise: Enterprise,
    pub orders: Vec<HistoryRow>,
    /// The licences on file (removed ones left out), each marked when past its validity on
    /// the day the file was read.
    pub licences: Vec<LicenceState>,
    /// The class the lab's rule suggests, when it differs from the current one.
    pub proposal: Option<ClassProposal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceState {
    #[serde(flatten)]
    pub licence: Licence,
    pub expired: bool,
}

impl EnterpriseFile {
    /// The parts that depend on the day and the lab's rule: expired licences, the proposal.
    pub fn assess(mut self, rule: &ClassRule, today: NaiveDate) -> EnterpriseFile {
        self.licences = self
            .enterprise
            .quality
            .licences
            .iter()
            .filter(|l| l.removed.is_none())
            .map(|l| LicenceState {
                expired: l.expired(today),
                licence: l.clone(),
            })
            .collect();
        self.proposal = propose(&self.enterprise, &self.orders, rule, today);
        self
    }

    pub fn spot_checks(&self) -> usize {
        self.orders.iter().filter(|r| r.task.is_some()).count()
    }

    pub fn failed(&self) -> usize {
        self.orders
            .iter()
            .filter(|r| r.outcome == Standing::Failed)
            .count()
    }
}

/// The quality file of `enterprise` from `orders` (those not naming it are ignored), newest
/// first.
pub fn enterprise_file(enterprise: Enterprise, orders: &[Order]) -> EnterpriseFile {
    let code = enterprise.credit_code.as_str();
    let mut rows: Vec<HistoryRow> = orders
        .iter()
        .filter_map(|o| {
            let mut roles = Vec::new();
            if o.client.credit_code == code {
                roles.push(Role::Client);
            }
            if o.producer.as_ref().is_some_and(|p| p.credit_code == code) {
                roles.push(Role::Producer);
            }
            if o.sampling
                .as_ref()
                .is_some_and(|s| s.sampled_unit.credit_code == code)
            {
                roles.push(Role::SampledUnit);
            }
            if roles.is_empty() {
                return None;
            }
            let outcome = standing(o);
            let failed_items = o
                .items
                .iter()
                .zip(o.outcomes())
                .filter(|(_, r)| r.verdict().is_some_and(Verdict::is_fail_side))
                .map(|(i, _)| format!("{} {}", i.code, i.name_zh))
                .collect();
            Some(HistoryRow {
                order: o.number.clone(),
                kind: o.inspection_type.key(),
                type_zh: o.inspection_type.zh(),
                task: o.sampling.as_ref().map(|s| s.task.clone()),
                date: o
                    .sampling
                    .as_ref()
                    .map_or(o.registered_at.date_naive(), |s| s.date),
                roles,
                status: o.status.key(),
                outcome,
                failed_items,
                after_failure: after_failure(o),
            })
        })
        .collect();
    rows.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.order.cmp(&a.order)));
    EnterpriseFile {
        enterprise,
        orders: rows,
        licences: Vec::new(),
        proposal: None,
    }
}

/// Where a failed spot check stands after its report, in the quality file's words.
fn after_failure(o: &Order) -> Option<String> {
    let a = &o.after_failure;
    let notice = a.notices.last()?;
    let mut words = vec![format!("{} 送达通知书", notice.delivered)];
    match (&a.objection, &a.retest) {
        (_, Some(r)) if r.confirmed => words.push(format!("复检维持不合格（{}）", r.institution)),
        (_, Some(r)) => words.push(format!("复检合格（{}）", r.institution)),
        (Some(x), None) => {
            words.push(format!("{} 提出异议", x.received));
            if let Some(r) = &a.release {
                words.push(format!("{} 备样移交{}", r.date, r.to));
            }
        }
        (None, None) => words.push(format!("异议期限至 {}", notice.deadline)),
    }
    Some(words.join("，"))
}
