//! The sampling record (抽样单) of a spot check: who sampled, when and where, from whom, how
//! much, the reserve sample and the seal (总局令第18号; RB/T 214 §4.5.20.3). A supervision order
//! cannot exist without one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::enterprise::Party;
use crate::message::Msg;
use crate::msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamplingRecord {
    /// 抽样单编号 (the form's own number, or the order number when the form has none).
    pub form_number: String,
    /// The task (抽查任务) the sample was taken for.
    pub task: String,
    /// At least two samplers (抽样人员).
    pub samplers: Vec<String>,
    pub date: NaiveDate,
    pub place: String,
    /// The sampled unit (被抽样单位 / 受检单位); may differ from the labelled producer.
    pub sampled_unit: Party,
    /// 抽样基数 (lot size), as written on the form (500 t, 2 000 袋).
    pub lot_size: String,
    pub sample_quantity: String,
    /// 备样 quantity and where it is kept (the lab, or the sampled unit).
    pub reserve_quantity: String,
    pub reserve_location: String,
    /// Seal number and state on sampling (封条编号).
    pub seal: String,
    /// Who confirmed the form for the sampled unit (its signatory's name).
    pub confirmed_by: String,
}

/// This lab as the appointed re-test institution (复检机构) for another lab's spot check: the
/// original institution and report, and the reserve sample's seal as received.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RetestOf {
    pub institution: String,
    pub report: String,
    /// The reserve sample's seal number as found.
    pub seal: String,
    pub seal_intact: bool,
}

impl RetestOf {
    /// The original institution and report named, and the seal intact: a reserve sample
    /// whose seal is broken cannot be re-tested.
    pub fn check(&self) -> Result<(), Msg> {
        use super::text::check_required;
        check_required(["初检机构", "Original institution"], &self.institution)?;
        check_required(["初检报告编号", "Original report"], &self.report)?;
        check_required(["备样封条编号", "Reserve sample's seal"], &self.seal)?;
        if !self.seal_intact {
            let s = &self.seal;
            return Err(msg!(
                "备样封条 {s} 已破损，不能复检；请退回组织抽查部门处理",
                "The reserve sample's seal {s} is broken: it cannot be re-tested; return it to the organising authority"
            ));
        }
        Ok(())
    }
}

/// What the supervision desk types from the paper form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SamplingInput {
    pub task: String,
    pub form_number: String,
    pub samplers: Vec<String>,
    pub date: Option<NaiveDate>,
    pub place: String,
    /// The sampled unit's credit code (it must be on the enterprise file).
    pub sampled_unit: String,
    pub lot_size: String,
    pub sample_quantity: String,
    pub reserve_quantity: String,
    pub reserve_location: String,
    pub seal: String,
    pub confirmed_by: String,
}

impl SamplingInput {
    /// Every required entry that is missing, in the form's order, named in both languages
    /// as the paper form names them (the command line adds its flags).
    pub fn missing(&self) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        let blank = |s: &str| s.trim().is_empty();
        if blank(&self.task) {
            out.push(("抽查任务", "task"));
        }
        let samplers = self.samplers.iter().filter(|s| !blank(s)).count();
        if samplers < 2 {
            out.push(("至少两名抽样人员", "at least two samplers"));
        }
        if self.date.is_none() {
            out.push(("抽样日期", "sampling date"));
        }
        for (value, zh, en) in [
            (&self.place, "抽样地点", "sampling place"),
            (&self.sampled_unit, "受检单位", "sampled unit"),
            (&self.lot_size, "抽样基数", "lot size"),
            (&self.sample_quantity, "抽样数量", "sample quantity"),
            (&self.reserve_quantity, "备样数量", "reserve quantity"),
            (
                &self.reserve_location,
                "备样存放地点",
                "where the reserve is kept",
            ),
            (&self.seal, "封条编号", "seal number"),
        ] {
            if blank(value) {
                out.push((zh, en));
            }
        }
        out
    }

    /// The refusal naming everything missing, or the texts' own problems.
    pub fn check(&self) -> Result<(), Msg> {
        let missing = self.missing();
        if !missing.is_empty() {
            let zh: Vec<&str> = missing.iter().map(|(z, _)| *z).collect();
            let en: Vec<&str> = missing.iter().map(|(_, e)| *e).collect();
            let (zh, en) = (zh.join("、"), en.join(", "));
            return Err(msg!(
                "监督抽查委托单须有抽样单；缺少：{zh}",
                "A spot-check order needs its sampling record; missing: {en}"
            ));
        }
        use super::text::check_text;
        for s in &self.samplers {
            check_text(["抽样人员", "Sampler"], s)?;
        }
        for (f, v) in [
            (["抽样单编号", "Form number"], &self.form_number),
            (["抽样地点", "Sampling place"], &self.place),
            (["抽样基数", "Lot size"], &self.lot_size),
            (["抽样数量", "Sample quantity"], &self.sample_quantity),
            (["备样数量", "Reserve quantity"], &self.reserve_quantity),
            (["备样存放地点", "Reserve location"], &self.reserve_location),
            (["封条编号", "Seal"], &self.seal),
            (["受检单位确认人", "Confirmed by"], &self.confirmed_by),
        ] {
            check_text(f, v)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missing_entry_is_named_as_the_form_names_it() {
        let mut s = SamplingInput {
            samplers: vec!["陈抽样".into()],
            ..Default::default()
        };
        let m = s.check().unwrap_err();
        for [zh, en] in [
            ["抽查任务", "task"],
            ["至少两名抽样人员", "at least two samplers"],
            ["抽样日期", "sampling date"],
            ["封条编号", "seal number"],
            ["抽样基数", "lot size"],
        ] {
            assert!(m.zh.contains(zh) && m.en.contains(en), "{zh}: {}", m.zh);
        }
        assert!(
            !m.zh.contains("--"),
            "no command-line flags in the record's words"
        );
        s = SamplingInput {
            task: "CC2026-0001".into(),
            form_number: String::new(),
            samplers: vec!["陈抽样".into(), "林抽样".into()],
            date: Some("2026-03-01".parse().unwrap()),
            place: "福州市仓山区建新镇 仓库".into(),
            sampled_unit: "91350100M000100Y43".into(),
            lot_size: "200 t".into(),
            sample_quantity: "4 根×500 mm".into(),
            reserve_quantity: "4 根×500 mm".into(),
            reserve_location: "本所样品室".into(),
            seal: "F-0123".into(),
            confirmed_by: "王经理".into(),
        };
        assert!(s.check().is_ok());
    }
}
