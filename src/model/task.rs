//! A supervision task (抽查任务): the organising authority's assignment to the lab — product and
//! standard edition, how many batches, which enterprises or area, the deadlines — and the
//! draws made for it, each with its seed so it can be shown fair.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::CreditClass;
use crate::message::Msg;
use crate::msg;

/// Tickets per credit class: an enterprise with weight 3 is three times as likely to be drawn
/// at each step as one with weight 1; weight 0 is never drawn (A: exempt from routine checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawWeights {
    pub a: u32,
    pub b: u32,
    pub c: u32,
}

impl Default for DrawWeights {
    /// SUPERVISION.md's defaults for routine tasks (M: lab configuration).
    fn default() -> DrawWeights {
        DrawWeights { a: 0, b: 1, c: 3 }
    }
}

impl DrawWeights {
    pub fn of(&self, class: CreditClass) -> u32 {
        match class {
            CreditClass::A => self.a,
            CreditClass::B => self.b,
            CreditClass::C => self.c,
        }
    }
}

/// One draw of enterprises for a task, reproducible from its seed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    pub seed: u64,
    pub count: u32,
    pub chosen: Vec<String>,
    /// Left out: sampled for this product inside the repeat window.
    pub repeat: Vec<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionTask {
    /// `CC2026-0001`.
    pub number: String,
    /// 2026 年第四季度复合肥料产品质量监督抽查
    pub name: String,
    /// The organising authority (组织监督抽查的部门); objections go to it.
    pub authority: String,
    /// The standard edition and grade every order of the task is judged by.
    pub standard: String,
    pub grade: String,
    pub spec: Option<String>,
    /// The product, as the library names it (for the repeat window).
    pub product: String,
    pub batches: u32,
    /// Credit codes or administrative-area prefixes (digits 3–8 of the credit code, e.g.
    /// `350100`) in scope; empty: every enterprise on file.
    pub scope: Vec<String>,
    pub sampling_due: Option<NaiveDate>,
    pub report_due: Option<NaiveDate>,
    /// A named campaign (专项整治) whose tasks are read together.
    pub campaign: String,
    pub draws: Vec<Draw>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub revision: u64,
}

impl SupervisionTask {
    pub fn validate(&self) -> Result<(), Msg> {
        use super::text::{check_required, check_text};
        check_required(["任务名称", "Task name"], &self.name)?;
        check_required(["组织抽查部门", "Organising authority"], &self.authority)?;
        check_text(["专项", "Campaign"], &self.campaign)?;
        if self.batches == 0 {
            return Err(msg!(
                "计划批次须至少为 1",
                "A task plans at least one batch"
            ));
        }
        for s in &self.scope {
            let ok = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric());
            if !ok {
                return Err(msg!(
                    "抽查范围“{s}”应为统一社会信用代码或 6 位行政区划代码",
                    "Scope “{s}” should be a credit code or a 6-digit area code"
                ));
            }
        }
        if let (Some(s), Some(r)) = (self.sampling_due, self.report_due) {
            if r < s {
                return Err(msg!(
                    "报送期限 {r} 早于抽样期限 {s}",
                    "The report deadline {r} is before the sampling deadline {s}"
                ));
            }
        }
        Ok(())
    }

    /// Whether an enterprise is in the task's scope: its credit code named, or its
    /// administrative area (digits 3–8, GB 32100) under a named area prefix.
    pub fn in_scope(&self, credit_code: &str) -> bool {
        self.scope.is_empty()
            || self.scope.iter().any(|s| {
                s == credit_code
                    || (s.len() <= 6
                        && credit_code
                            .get(2..8)
                            .is_some_and(|area| area.starts_with(s.as_str())))
            })
    }

    /// The enterprises of the latest draw.
    pub fn drawn(&self) -> &[String] {
        self.draws.last().map_or(&[], |d| d.chosen.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_by_credit_code_or_area() {
        let mut t = SupervisionTask {
            number: "CC2026-0001".into(),
            name: "复合肥料抽查".into(),
            authority: "福州市市场监督管理局".into(),
            standard: "GB/T 15063-2020".into(),
            grade: "高浓度".into(),
            spec: None,
            product: "复合肥料".into(),
            batches: 10,
            scope: vec!["350100".into(), "91350582MA2XYZ1234".into()],
            sampling_due: None,
            report_due: None,
            campaign: String::new(),
            draws: Vec::new(),
            created_by: "admin".into(),
            created_at: Utc::now(),
            revision: 1,
        };
        assert!(t.in_scope("91350100M000100Y43"));
        assert!(t.in_scope("91350582MA2XYZ1234"));
        assert!(!t.in_scope("91110000802100433B"));
        t.scope = vec!["35".into()];
        assert!(t.in_scope("91350582MA2XYZ1234"));
        t.scope.clear();
        assert!(t.in_scope("91110000802100433B"));
    }
}
