//! After a spot check fails: the result notice delivered to the sampled unit and producer, an
//! objection within its deadline, the sealed reserve sample released to the re-test
//! institution, and the re-test conclusion, which becomes the sample's final result
//! (产品质量法 第十五条; 食品安全法 第八十八条; 总局令第18号).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Food results: 7 working days (食品安全法 第八十八条); other products: 15 days
/// (产品质量法 第十五条). Both H in SUPERVISION.md, so code rather than configuration.
pub fn objection_period(order: &super::Order) -> Period {
    if order.standard.field == "食品" {
        Period::WorkingDays(7)
    } else {
        Period::Days(15)
    }
}

/// How a deadline is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar days (products: 15).
    Days(u32),
    /// Working days (food: 7).
    WorkingDays(u32),
}

impl Period {
    pub fn zh(&self) -> String {
        match self {
            Period::Days(n) => format!("{n} 日"),
            Period::WorkingDays(n) => format!("{n} 个工作日"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Period::Days(n) => format!("{n} days"),
            Period::WorkingDays(n) => format!("{n} working days"),
        }
    }
}

/// How a notice reached its addressee (the deadline runs from that day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Post,
    Hand,
    Electronic,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Post, Delivery::Hand, Delivery::Electronic];

    pub fn key(self) -> &'static str {
        match self {
            Delivery::Post => "post",
            Delivery::Hand => "hand",
            Delivery::Electronic => "electronic",
        }
    }

    pub fn parse(text: &str) -> Option<Delivery> {
        Delivery::ALL
            .into_iter()
            .find(|d| d.key() == text.trim() || d.zh() == text.trim())
    }

    pub fn zh(self) -> &'static str {
        match self {
            Delivery::Post => "邮寄",
            Delivery::Hand => "直接送达",
            Delivery::Electronic => "电子送达",
        }
    }
}

/// The result notice (检验结果通知书) of a failed spot check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// `TZ2026-0001`.
    pub number: String,
    pub report: String,
    pub delivered: NaiveDate,
    pub delivery: Delivery,
    /// The objection period that applies (15 days; 7 working days for food).
    pub period: Period,
    /// The last day an objection may be received.
    pub deadline: NaiveDate,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
    /// SHA-256 of the signed PDF as issued.
    pub sha256: String,
}

/// An objection (异议) received against the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    pub received: NaiveDate,
    /// Who objected (the sampled unit or the labelled producer).
    pub by_party: String,
    pub reason: String,
    pub recorded_by: String,
}

/// The sealed reserve sample handed over for a re-test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveRelease {
    pub to: String,
    pub date: NaiveDate,
    pub seal_intact: bool,
    pub handed_over_by: String,
}

/// What the re-test institution concluded; final.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetestConclusion {
    pub institution: String,
    pub report: String,
    pub date: NaiveDate,
    /// The re-test confirmed the first result (不合格维持) or not (合格).
    pub confirmed: bool,
    pub note: String,
}

/// The way from a failed spot check to its final result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AfterFailure {
    pub notices: Vec<Notice>,
    pub objection: Option<Objection>,
    pub release: Option<ReserveRelease>,
    pub retest: Option<RetestConclusion>,
}

impl AfterFailure {
    /// The objection deadline: the latest delivered notice's.
    pub fn deadline(&self) -> Option<NaiveDate> {
        self.notices.iter().map(|n| n.deadline).max()
    }
}
