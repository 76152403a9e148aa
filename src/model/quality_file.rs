//! What the lab records about an enterprise beyond its identity (质量档案): the licences it
//! holds, how its credit class and blacklist state changed and why, and complaints against it.
//! Kept on the enterprise record so one audited write changes one record.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::enterprise::CreditClass;
use super::text::{check_required, check_text};
use crate::message::Msg;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenceKind {
    /// 工业产品生产许可证.
    Production,
    /// China Compulsory Certification.
    Ccc,
    /// 计量器具许可 (CMC).
    Metrology,
    Other,
}

impl LicenceKind {
    pub const ALL: [LicenceKind; 4] = [
        LicenceKind::Production,
        LicenceKind::Ccc,
        LicenceKind::Metrology,
        LicenceKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            LicenceKind::Production => "production",
            LicenceKind::Ccc => "ccc",
            LicenceKind::Metrology => "metrology",
            LicenceKind::Other => "other",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            LicenceKind::Production => "生产许可证",
            LicenceKind::Ccc => "CCC 认证",
            LicenceKind::Metrology => "计量器具许可",
            LicenceKind::Other => "其他",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            LicenceKind::Production => "production licence",
            LicenceKind::Ccc => "CCC",
            LicenceKind::Metrology => "metrology licence",
            LicenceKind::Other => "other",
        }
    }
}

impl FromStr for LicenceKind {
    type Err = Msg;
    fn from_str(s: &str) -> Result<Self, Msg> {
        let t = s.trim().to_lowercase();
        LicenceKind::ALL
            .into_iter()
            .find(|k| k.key() == t || k.zh() == s.trim())
            .ok_or_else(|| {
                msg!(
                    "许可类别“{s}”无效，应为 production、ccc、metrology 或 other",
                    "Licence kind “{s}” is not valid: production, ccc, metrology or other"
                )
            })
    }
}

/// A licence as the clerk types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceInput {
    pub kind: LicenceKind,
    pub number: String,
    pub scope: String,
    pub issued: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

impl LicenceInput {
    pub fn validate(&self) -> Result<(), Msg> {
        check_required(["许可证编号", "Licence number"], &self.number)?;
        check_text(["许可范围", "Licence scope"], &self.scope)?;
        if let (Some(i), Some(v)) = (self.issued, self.valid_until) {
            if v < i {
                return Err(msg!(
                    "有效期至 {v} 早于发证日期 {i}",
                    "Valid until {v} is before the issue date {i}"
                ));
            }
        }
        Ok(())
    }
}

/// Why and by whom a licence was taken off the file (it is kept, marked, never deleted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licence {
    pub kind: LicenceKind,
    pub number: String,
    pub scope: String,
    pub issued: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub removed: Option<Removal>,
}

impl Licence {
    /// Past its validity on `today` (the last valid day still counts as valid).
    pub fn expired(&self, today: NaiveDate) -> bool {
        self.valid_until.is_some_and(|v| v < today)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassChange {
    pub from: CreditClass,
    pub to: CreditClass,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One change of the blacklist state: listed (with the reason given) or cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlacklistEntry {
    pub listed: bool,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A complaint as the clerk types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintInput {
    pub received: NaiveDate,
    /// Who complained (a consumer, a bureau, a competitor).
    pub from: String,
    pub text: String,
    pub order: Option<String>,
}

impl ComplaintInput {
    pub fn validate(&self) -> Result<(), Msg> {
        check_required(["投诉人", "Complainant"], &self.from)?;
        check_required(["投诉内容", "Complaint text"], &self.text)?;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub received: NaiveDate,
    pub from: String,
    pub text: String,
    pub order: Option<String>,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

/// The quality file's own records on an enterprise; absent in records written before it
/// existed, hence `Default`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QualityRecord {
    #[serde(default)]
    pub licences: Vec<Licence>,
    #[serde(default)]
    pub class_history: Vec<ClassChange>,
    #[serde(default)]
    pub blacklist_history: Vec<BlacklistEntry>,
    #[serde(default)]
    pub complaints: Vec<Complaint>,
}

impl QualityRecord {
    pub fn is_empty(&self) -> bool {
        self == &QualityRecord::default()
    }
}

/// The lab's rule for proposing a credit class from an enterprise's spot checks (a proposal
/// only: the class changes when a person decides, with a reason). How many failures justify C
/// is each bureau's policy, so it is configuration (SUPERVISION.md: U).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassRule {
    /// This many failed spot checks …
    pub failures: u32,
    /// … sampled within this many months before today …
    pub months: u32,
    /// … propose this class.
    pub propose: CreditClass,
    /// No failure within `clean_months` and at least `clean_checks` spot checks: propose A.
    /// `clean_checks` 0 turns this clause off.
    pub clean_months: u32,
    pub clean_checks: u32,
}

impl Default for ClassRule {
    fn default() -> ClassRule {
        ClassRule {
            failures: 2,
            months: 12,
            propose: CreditClass::C,
            clean_months: 24,
            clean_checks: 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn expiry_counts_the_last_day_as_valid() {
        let l = Licence {
            kind: LicenceKind::Ccc,
            number: "2020010101".into(),
            scope: "电线".into(),
            issued: None,
            valid_until: Some(d("2026-06-30")),
            recorded_by: "c".into(),
            at: Utc::now(),
            removed: None,
        };
        assert!(!l.expired(d("2026-06-30")));
        assert!(l.expired(d("2026-07-01")));
    }

    #[test]
    fn kinds_parse_by_key_and_by_chinese_name() {
        assert_eq!("CCC".parse::<LicenceKind>().unwrap(), LicenceKind::Ccc);
        assert_eq!(
            "生产许可证".parse::<LicenceKind>().unwrap(),
            LicenceKind::Production
        );
        assert!("x".parse::<LicenceKind>().is_err());
    }
}
