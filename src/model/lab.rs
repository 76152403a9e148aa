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
    /// A training lab (`unilab init --training`): the only kind whose clock may be set by
    /// `UNILAB_NOW`, and whose certificates say 培训样本 / TRAINING on every page.
    #[serde(default)]
    pub training: bool,
    /// Days a sample is retained after testing, by product field (建筑材料 = 90); others
    /// take `retention_default`.
    #[serde(default)]
    pub retention: std::collections::BTreeMap<String, u32>,
    #[serde(default = "default_retention")]
    pub retention_default: u32,
    /// Instruments due within this many days show in the work queue.
    #[serde(default = "default_due_warning")]
    pub due_warning_days: u32,
    /// Spot-check draw weights by credit class.
    #[serde(default)]
    pub draw_weights: super::task::DrawWeights,
    /// An enterprise sampled for a product is left out of that product's draws this long.
    #[serde(default = "default_repeat_window")]
    pub repeat_window_months: u32,
    /// A failed spot check's result notice should be delivered within this many days of the
    /// report's issue ("promptly": the number differs by authority, so configuration).
    #[serde(default = "default_notice_days")]
    pub notice_days: u32,
    /// When the quality file proposes a credit class change.
    #[serde(default)]
    pub class_rule: super::quality_file::ClassRule,
    /// CMA/CNAS numbers and the accredited scope. Absent from a lab that never set them, so
    /// its stored record (and the digest bound into the audit chain) reads as before.
    #[serde(
        default,
        skip_serializing_if = "super::accreditation::Accreditation::is_unset"
    )]
    pub accreditation: super::accreditation::Accreditation,
    /// The lab network's sites (branch labs). Absent from a lab without any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<super::site::Site>,
    /// Report numbers of a site's orders carry its code (BHFZ2026-000001), numbered per site.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub site_numbers: bool,
}

/// `{prefix}{year}-{seq:06}`: gapless per year, sortable up to a million a year.
fn numbered(prefix: &str, year: i32, seq: u64) -> String {
    format!("{prefix}{year}-{seq:06}")
}

fn default_notice_days() -> u32 {
    5
}

fn default_repeat_window() -> u32 {
    6
}

fn default_retention() -> u32 {
    90
}

fn default_due_warning() -> u32 {
    30
}

impl Lab {
    pub fn new(name: &str) -> Lab {
        Lab {
            name: name.to_string(),
            address: String::new(),
            contact: String::new(),
            report_prefix: "BH".into(),
            order_prefix: "WT".into(),
            training: false,
            retention: std::collections::BTreeMap::new(),
            retention_default: default_retention(),
            due_warning_days: default_due_warning(),
            draw_weights: Default::default(),
            repeat_window_months: default_repeat_window(),
            notice_days: default_notice_days(),
            class_rule: Default::default(),
            accreditation: Default::default(),
            sites: Vec::new(),
            site_numbers: false,
        }
    }

    /// Name required; prefixes short ASCII letters (they start every number); no control
    /// characters.
    pub fn validate(&self) -> Result<(), crate::message::Msg> {
        use super::text::{check_required, check_text};
        check_required(["实验室名称", "Lab name"], &self.name)?;
        check_text(["地址", "Address"], &self.address)?;
        check_text(["联系方式", "Contact"], &self.contact)?;
        for (what, en, p) in [
            ("报告编号前缀", "Report number prefix", &self.report_prefix),
            ("委托单编号前缀", "Order number prefix", &self.order_prefix),
        ] {
            if p.is_empty() || p.len() > 8 || !p.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(crate::msg!(
                    "{what}“{p}”须为 1～8 个英文字母",
                    "{en} “{p}” must be 1 to 8 letters"
                ));
            }
        }
        Ok(())
    }

    /// The shortest retention period of any field, in days: a sample retained for less
    /// cannot be due for disposal.
    pub fn shortest_retention(&self) -> u32 {
        self.retention
            .values()
            .copied()
            .chain([self.retention_default])
            .min()
            .unwrap_or(self.retention_default)
    }

    /// How long a sample of a product field is retained after testing, in days.
    pub fn retention_days(&self, field: &str) -> u32 {
        self.retention
            .get(field)
            .copied()
            .unwrap_or(self.retention_default)
    }

    /// The site code a report of an order of `site` carries: only when the lab numbers per site.
    fn report_site<'a>(&self, site: Option<&'a str>) -> Option<&'a str> {
        site.filter(|_| self.site_numbers)
    }

    /// The sequence a report of an order of `site` draws its number from (one per site when
    /// the lab numbers per site).
    pub fn report_sequence(&self, site: Option<&str>) -> String {
        match self.report_site(site) {
            Some(code) => format!("report:{code}"),
            None => "report".into(),
        }
    }

    /// `BH2026-000123`, or `BHFZ2026-000001` for a site's order when the lab numbers per site.
    pub fn report_number(&self, site: Option<&str>, year: i32, seq: u64) -> String {
        let code = self.report_site(site).unwrap_or("");
        numbered(&format!("{}{code}", self.report_prefix), year, seq)
    }

    pub fn order_number(&self, year: i32, seq: u64) -> String {
        numbered(&self.order_prefix, year, seq)
    }
}
