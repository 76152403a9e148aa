//! Departures from the plain path for one item, which the certificate must state and a
//! signatory must approve (RB/T 214 §4.5.5, §4.5.20; ISO/IEC 17025 §7.1.3, §6.6, §7.8.2.1):
//! a deviation from the method, and an item subcontracted to another lab.

use serde::{Deserialize, Serialize};

use super::order::Signature;

/// A deviation from the method (方法偏离): what and why, and who approved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deviation {
    pub text: String,
    pub entered_by: String,
    pub approved: Option<Signature>,
}

/// An item tested by another lab (分包).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subcontract {
    pub lab: String,
    /// The subcontractor's CMA or CNAS number.
    pub accreditation: String,
    pub entered_by: String,
    pub approved: Option<Signature>,
}

/// An item's deviation and subcontracting, either or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Arrangement {
    pub deviation: Option<Deviation>,
    pub subcontract: Option<Subcontract>,
}

impl Arrangement {
    /// Something entered and not yet approved.
    pub fn unapproved(&self) -> bool {
        self.deviation
            .as_ref()
            .is_some_and(|d| d.approved.is_none())
            || self
                .subcontract
                .as_ref()
                .is_some_and(|s| s.approved.is_none())
    }
}
