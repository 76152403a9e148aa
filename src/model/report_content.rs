//! What a certificate says: plain data, every value already formatted as text.
//!
//! Exact result values arrive as strings (`"0.050"`, `"<0.02"`, `"未检出"`); this module never
//! parses or computes them.

pub mod from_order;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The frozen content of one report (检验报告).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateContent {
    /// Report number, e.g. `"BH2026-000123"`; printed on every page.
    pub report_number: String,
    /// Set when this report corrects an earlier one (ISO/IEC 17025 §7.8.8).
    pub replaces: Option<Replacement>,
    /// The laboratory; the template may override name, address and phone.
    pub lab: LabInfo,
    /// 委托单位.
    pub client: Party,
    /// 生产单位.
    pub producer: Party,
    pub sample: SampleInfo,
    /// 检验类别, e.g. `"委托检验"`.
    pub inspection_type: String,
    /// 委托单号.
    pub order_number: String,
    /// 收样日期; `None` prints "/" (a sample whose receipt was never recorded). Reports
    /// issued before this was optional hold a plain date, which reads as `Some`.
    pub date_received: Option<NaiveDate>,
    pub test_start: NaiveDate,
    pub test_end: NaiveDate,
    pub issue_date: NaiveDate,
    /// 判定依据: product standard with edition (and grade).
    pub product_standard: String,
    /// 检验依据: the method standards used.
    pub method_standards: Vec<String>,
    pub rows: Vec<ResultRow>,
    /// 检验结论, e.g. `"所检项目符合 GB/T 1499.2-2018 要求。"`.
    pub conclusion: String,
    /// Deviations from the methods; `"无"` if none.
    pub deviations: String,
    pub remarks: String,
    /// 编制.
    pub prepared_by: SignOff,
    /// 审核.
    pub reviewed_by: SignOff,
    /// 批准.
    pub approved_by: SignOff,
    /// Issued by a training lab: every page and the QR code say 培训样本 / TRAINING.
    #[serde(default)]
    pub training: bool,
    /// A spot check's sampling block and the objection rule that applies (RB/T 214
    /// §4.5.20.3). `None` for every other order and then absent from the stored content, so
    /// reports issued before it existed read, and re-render, as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervision: Option<SupervisionInfo>,
    /// The verification code printed beside the QR, and the page address the QR opens. `None`
    /// for reports issued before codes existed, which then re-render as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerifyLine>,
    /// The CMA/CNAS marks and numbers the cover carries (RB/T 214: only when an item is inside
    /// the accredited scope). `None` when the lab recorded no accreditation, and for reports
    /// issued before marks existed, which re-render as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marks: Option<super::accreditation::Marks>,
}

/// What the cover prints under the QR code so a reader can check the report on the lab's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyLine {
    pub code: String,
    /// `BASE/v/NUMBER?c=CODE` when the lab has set its page's address.
    pub url: Option<String>,
}

/// What a spot-check certificate adds: the sampling record, the task and its organising
/// authority, to whom objections go within `objection_period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionInfo {
    pub task_number: String,
    /// The task's name; its number when the task is not at hand (a preview).
    pub task_name: String,
    /// 组织监督抽查的部门; the objection clause names it, not the lab.
    pub authority: String,
    /// 受检单位.
    pub sampled_unit: Party,
    pub sampling_date: NaiveDate,
    pub sampling_place: String,
    /// 抽样单编号.
    pub form_number: String,
    /// 抽样基数.
    pub lot_size: String,
    pub sample_quantity: String,
    pub reserve_quantity: String,
    pub reserve_location: String,
    /// 封条编号.
    pub seal: String,
    pub samplers: Vec<String>,
    /// 15 days (products) or 7 working days (food); picks the template's clause.
    pub objection_period: super::objection::Period,
}

/// An amendment: this report replaces `report_number` because of `reason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub report_number: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabInfo {
    pub name: String,
    pub address: String,
    /// Phone or other contact line.
    pub contact: String,
}

/// An enterprise: client (委托单位) or producer (生产单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub address: String,
    /// 统一社会信用代码 (may be empty when unknown).
    pub credit_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleInfo {
    /// 样品名称.
    pub name: String,
    /// 商标.
    pub trademark: String,
    /// 规格型号.
    pub model_spec: String,
    /// 生产日期/批号.
    pub batch_or_date: String,
    /// 样品编号.
    pub sample_number: String,
    /// 样品数量.
    pub quantity: String,
    /// 样品状态.
    pub condition: String,
}

/// One line of the result table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    /// 序号.
    pub seq: u32,
    /// 检验项目.
    pub item: String,
    /// 单位 (`"/"` when dimensionless).
    pub unit: String,
    /// 标准要求 (`"/"` if none).
    pub requirement: String,
    /// 检验结果, exactly as it is to be printed.
    pub result: String,
    /// 单项判定: `"符合"`, `"不符合"` or `"/"`.
    pub verdict: String,
    /// 检验方法 (method standard and clause).
    pub method: String,
    /// Tested by a subcontractor; marked with `*` and a footnote.
    pub subcontracted: bool,
    /// Outside the lab's accredited scope; marked with the template's sign (△) and a footnote.
    #[serde(default, skip_serializing_if = "is_false")]
    pub outside_scope: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl ResultRow {
    /// The sequence number as printed: `3*` subcontracted, `3△` outside the scope.
    pub fn seq_label(&self, outside_mark: &str) -> String {
        let mut s = self.seq.to_string();
        if self.subcontracted {
            s.push('*');
        }
        if self.outside_scope {
            s.push_str(outside_mark);
        }
        s
    }
}

/// A person and the date they signed off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub name: String,
    pub date: NaiveDate,
}
