//! Enterprises: clients and producers, with the lab's quality file (DOMAIN.md §7).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::quality_file::QualityRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum CreditClass {
    /// Supported; exempt from routine spot checks.
    A,
    /// Helped.
    #[default]
    B,
    /// Strict market access, more inspection.
    C,
}

impl FromStr for CreditClass {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "A" | "a" => Ok(CreditClass::A),
            "B" | "b" => Ok(CreditClass::B),
            "C" | "c" => Ok(CreditClass::C),
            other => Err(format!("信用等级“{other}”无效，应为 A、B 或 C")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enterprise {
    pub credit_code: String,
    pub name: String,
    pub address: String,
    pub contact: String,
    pub credit_class: CreditClass,
    /// Blacklisted, with the reason.
    pub blacklist: Option<String>,
    pub revision: u64,
    /// Licences, class and blacklist history, complaints (absent in older records).
    #[serde(default, skip_serializing_if = "QualityRecord::is_empty")]
    pub quality: QualityRecord,
}

impl Enterprise {
    /// The one check every way of adding or changing an enterprise goes through (CLI, screens,
    /// import): a valid credit code, a name, and no control characters in any text.
    pub fn validate(&self) -> Result<(), crate::message::Msg> {
        super::credit_code::validate(&self.credit_code)?;
        super::text::check_required(["企业名称", "Enterprise name"], &self.name)?;
        super::text::check_text(["地址", "Address"], &self.address)?;
        super::text::check_text(["联系方式", "Contact"], &self.contact)?;
        if let Some(why) = &self.blacklist {
            super::text::check_required(["列入黑名单的原因", "Reason for the blacklist"], why)?;
        }
        Ok(())
    }
}

/// The enterprise facts copied onto an order (so later edits do not change a report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub credit_code: String,
    pub name: String,
    pub address: String,
}

impl From<&Enterprise> for Party {
    fn from(e: &Enterprise) -> Party {
        Party {
            credit_code: e.credit_code.clone(),
            name: e.name.clone(),
            address: e.address.clone(),
        }
    }
}
