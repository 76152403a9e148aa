//! The laboratory itself and its numbering.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lab {
    pub name: String,
    pub address: String,
    pub contact: String,
    /// Report numbers are `{report_prefix}{year}-{seq:06}`, gapless per year (BH2026-000123).
    pub report_prefix: String,
    /// Order numbers are `{order_prefix}{year}-{seq:06}` (WT2026-000042), sortable up to a million a year.
    pub order_prefix: String,
}

impl Lab {
    pub fn new(name: &str) -> Lab {
        Lab {
            name: name.to_string(),
            address: String::new(),
            contact: String::new(),
            report_prefix: "BH".into(),
            order_prefix: "WT".into(),
        }
    }

    pub fn report_number(&self, year: i32, seq: u64) -> String {
        format!("{}{year}-{seq:06}", self.report_prefix)
    }

    pub fn order_number(&self, year: i32, seq: u64) -> String {
        format!("{}{year}-{seq:06}", self.order_prefix)
    }
}
