//! What a certificate says, frozen as text at approval (DOMAIN.md §5). Rendering never
//! computes: an issued report re-renders byte-identically from this record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LabInfo {
    pub name: String,
    pub address: String,
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Party {
    pub name: String,
    pub address: String,
    pub credit_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SampleInfo {
    pub name: String,
    pub trademark: String,
    pub model_spec: String,
    pub batch_or_date: String,
    pub sample_number: String,
    pub quantity: String,
    pub condition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    pub seq: u32,
    pub item: String,
    pub unit: String,
    pub requirement: String,
    pub result: String,
    pub verdict: String,
    pub method: String,
    pub subcontracted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub name: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub report_number: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateContent {
    pub report_number: String,
    pub replaces: Option<Replacement>,
    pub lab: LabInfo,
    pub client: Party,
    pub producer: Party,
    pub sample: SampleInfo,
    pub inspection_type: String,
    pub order_number: String,
    pub date_received: NaiveDate,
    pub test_start: NaiveDate,
    pub test_end: NaiveDate,
    pub issue_date: NaiveDate,
    pub product_standard: String,
    pub method_standards: Vec<String>,
    pub rows: Vec<ResultRow>,
    pub conclusion: String,
    pub deviations: String,
    pub remarks: String,
    pub prepared_by: SignOff,
    pub reviewed_by: SignOff,
    pub approved_by: SignOff,
}
