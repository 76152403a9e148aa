//! An order reduced to what statistics count (统计): its product, enterprise, type, task and
//! day, whether it was tested and how it came out, which items were judged and which failed,
//! and the dates and people behind turnaround and workload. The store keeps one per order,
//! written with the order, so the statistics read small rows instead of every order.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Order, OrderStatus};
use crate::inspection::InspectionType;
use crate::judge::Verdict;

/// How an order counts in a pass rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Outcome {
    /// Not approved yet: not counted as tested.
    #[default]
    Open,
    /// Approved or issued, but the overall verdict does not decide (report only, cannot judge).
    Undecided,
    Passed,
    Failed,
}

/// One judged item of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFact {
    pub code: String,
    pub name: String,
    pub failed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFact {
    pub number: String,
    /// The day it counts on: the sampling date of a spot check, else the registration date.
    pub date: NaiveDate,
    pub status: OrderStatus,
    pub inspection_type: InspectionType,
    /// The product standard (edition) and its title.
    pub standard: String,
    pub product: String,
    /// The enterprise whose product it is: the labelled producer, else the sampled unit, else
    /// the client (credit code and name).
    pub enterprise: String,
    pub enterprise_name: String,
    pub task: Option<String>,
    pub outcome: Outcome,
    /// The items judged (approved or issued orders only).
    pub items: Vec<ItemFact>,
    pub received: Option<NaiveDate>,
    pub issued: Option<NaiveDate>,
    pub due: NaiveDate,
    /// Who entered results, and who reviewed (workload).
    pub technicians: Vec<String>,
    pub reviewer: Option<String>,
    /// The site (branch lab) of the order; statistics read across sites group by it.
    pub site: Option<String>,
}

impl OrderFact {
    pub fn tested(&self) -> bool {
        matches!(self.outcome, Outcome::Passed | Outcome::Failed)
    }

    pub fn failed_items(&self) -> impl Iterator<Item = &ItemFact> {
        self.items.iter().filter(|i| i.failed)
    }
}

/// The sample's final outcome: a re-test's conclusion replaces the first result.
fn outcome(o: &Order) -> Outcome {
    if o.status < OrderStatus::Approved {
        return Outcome::Open;
    }
    if let Some(r) = &o.after_failure.retest {
        return if r.confirmed {
            Outcome::Failed
        } else {
            Outcome::Passed
        };
    }
    match o.overall() {
        Verdict::Pass | Verdict::ConditionalPass => Outcome::Passed,
        Verdict::Fail | Verdict::ConditionalFail => Outcome::Failed,
        Verdict::NotJudged | Verdict::CannotJudge(_) => Outcome::Undecided,
    }
}

fn items(o: &Order) -> Vec<ItemFact> {
    if o.status < OrderStatus::Approved {
        return Vec::new();
    }
    let overturned = o
        .after_failure
        .retest
        .as_ref()
        .is_some_and(|r| !r.confirmed);
    o.outcomes()
        .into_iter()
        .filter_map(|out| {
            let failed = matches!(out.verdict()?, Verdict::Fail | Verdict::ConditionalFail);
            if !failed && !matches!(out.verdict()?, Verdict::Pass | Verdict::ConditionalPass) {
                return None;
            }
            let name = o
                .items
                .iter()
                .find(|i| i.code == out.code)
                .map_or_else(String::new, |i| i.name_zh.clone());
            Some(ItemFact {
                code: out.code,
                name,
                failed: failed && !overturned,
            })
        })
        .collect()
}

impl From<&Order> for OrderFact {
    fn from(o: &Order) -> OrderFact {
        let party = o
            .producer
            .as_ref()
            .or(o.sampling.as_ref().map(|s| &s.sampled_unit))
            .unwrap_or(&o.client);
        let mut technicians: Vec<String> = o
            .results
            .values()
            .filter_map(|r| r.current().map(|e| e.entered_by.clone()))
            .collect();
        technicians.sort();
        technicians.dedup();
        OrderFact {
            number: o.number.clone(),
            date: o
                .sampling
                .as_ref()
                .map_or(o.registered_at.date_naive(), |s| s.date),
            status: o.status,
            inspection_type: o.inspection_type,
            standard: o.standard.code.clone(),
            product: o.standard.title_zh.clone(),
            enterprise: party.credit_code.clone(),
            enterprise_name: party.name.clone(),
            task: o.sampling.as_ref().map(|s| s.task.clone()),
            outcome: outcome(o),
            items: items(o),
            received: o.received_on,
            issued: o
                .history
                .iter()
                .rev()
                .find(|h| h.to == OrderStatus::Issued)
                .map(|h| h.at.date_naive()),
            due: o.due,
            technicians,
            reviewer: o.reviewed.as_ref().map(|s| s.login.clone()),
            site: o.site.clone(),
        }
    }
}
