//! Resolving standard + grade + inspection type into the item list an order copies.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{LimitKey, Standard};
use crate::formula::Formula;
use crate::inspection::InspectionType;
use crate::judge::{Basis, Comparison, ReplicateRule};
use crate::limit::Limit;
use crate::number::Interval;

/// One item as copied onto an order: everything needed to judge it, frozen at registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedItem {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub method: String,
    pub interval: Option<Interval>,
    pub comparison: Comparison,
    pub detection_limit: Option<Decimal>,
    pub formula: Option<Formula>,
    /// Constants the formula uses, resolved for the order's grade.
    pub constants: BTreeMap<String, Decimal>,
    pub replicates: u32,
    pub replicate_rule: ReplicateRule,
    pub limit: Limit,
    pub limit_confirmed: bool,
    pub confirmed: bool,
    /// Mandatory under the order's scheme: it cannot be removed from the order.
    pub mandatory: bool,
}

impl ResolvedItem {
    pub fn basis(&self) -> Basis<'_> {
        Basis {
            limit: &self.limit,
            interval: self.interval,
            comparison: self.comparison,
            detection_limit: self.detection_limit,
        }
    }

    pub fn is_computed(&self) -> bool {
        self.formula.is_some()
    }

    /// Qualitative items take words (无裂纹), not numbers.
    pub fn accepts_words(&self) -> bool {
        matches!(
            self.limit.requirement,
            crate::limit::Requirement::Qualitative { .. }
                | crate::limit::Requirement::NotDetectable
                | crate::limit::Requirement::ReportOnly
        )
    }
}

/// What the registration asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection<'a> {
    pub grade: &'a str,
    pub spec: Option<&'a str>,
    pub inspection_type: InspectionType,
    /// For 委托检验: exactly the client's items (empty = the scheme's proposal). For the other
    /// types: items added to the mandatory set.
    pub requested: &'a [String],
    /// Registration date, checked against the edition's withdrawal date.
    pub on: NaiveDate,
    /// Register under a withdrawn edition anyway (the user said so explicitly).
    pub allow_withdrawn: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ResolveError(pub String);

impl Standard {
    pub fn resolve(&self, sel: &Selection) -> Result<Vec<ResolvedItem>, ResolveError> {
        let err = |m: String| Err(ResolveError(m));
        if !self.grades.iter().any(|g| g == sel.grade) {
            return err(format!(
                "{} 没有等级“{}”；可选：{}",
                self.code,
                sel.grade,
                self.grades.join("、")
            ));
        }
        if let Some(spec) = sel.spec {
            if !self.specs.iter().any(|s| s == spec) {
                return err(format!(
                    "{} 没有{}“{spec}”；可选：{}",
                    self.code,
                    self.spec_label,
                    self.specs.join("、")
                ));
            }
        }
        if self.is_withdrawn(sel.on) && !sel.allow_withdrawn {
            return err(format!(
                "{} 已于 {} 废止{}；如确需按此版本检验，请明确选择“允许已废止版本”",
                self.code,
                self.withdrawn.map(|d| d.to_string()).unwrap_or_default(),
                self.replaced_by
                    .as_ref()
                    .map(|r| format!("，被 {r} 代替"))
                    .unwrap_or_default()
            ));
        }
        if let Some(start) = self.in_force {
            if sel.on < start && !sel.allow_withdrawn {
                return err(format!("{} 自 {start} 起实施，登记日期尚未生效", self.code));
            }
        }
        let scheme = self.schemes.get(&sel.inspection_type);
        let mandatory: Vec<&str> = match (scheme, sel.inspection_type.client_chooses_items()) {
            (Some(s), false) => s.items.iter().map(String::as_str).collect(),
            (None, false) => {
                return err(format!(
                    "{} 没有“{}”的检验方案；请在标准文件中加入 schemes.{}",
                    self.code,
                    sel.inspection_type.zh(),
                    sel.inspection_type.key()
                ))
            }
            (_, true) => Vec::new(),
        };
        let mut wanted: Vec<&str> = mandatory.clone();
        if sel.inspection_type.client_chooses_items() && sel.requested.is_empty() {
            match scheme {
                Some(s) => wanted.extend(s.items.iter().map(String::as_str)),
                None => wanted.extend(self.items.iter().map(|i| i.code.as_str())),
            }
        }
        for r in sel.requested {
            if self.item(r).is_none() {
                return err(format!(
                    "{} 没有项目“{r}”；可选：{}",
                    self.code,
                    self.items
                        .iter()
                        .map(|i| i.code.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ));
            }
            if !wanted.contains(&r.as_str()) {
                wanted.push(r);
            }
        }
        // A computed item needs its inputs on the order too.
        let mut i = 0;
        while i < wanted.len() {
            if let Some(f) = self.item(wanted[i]).and_then(|it| it.formula.as_ref()) {
                for r in f.references() {
                    if let Some(input) = self.item(&r) {
                        if !wanted.contains(&input.code.as_str()) {
                            wanted.push(input.code.as_str());
                        }
                    }
                }
            }
            i += 1;
        }
        // Keep the standard's own order of items.
        let mut out = Vec::new();
        for item in self
            .items
            .iter()
            .filter(|it| wanted.contains(&it.code.as_str()))
        {
            let key = match item.limit_by {
                LimitKey::Grade => sel.grade,
                LimitKey::Spec => match sel.spec {
                    Some(s) => s,
                    None => {
                        return err(format!(
                            "项目 {}（{}）的限值取决于{}，请选择{}（{}）",
                            item.code,
                            item.name_zh,
                            self.spec_label,
                            self.spec_label,
                            self.specs.join("、")
                        ))
                    }
                },
            };
            let entry = item
                .limit_for(key)
                .ok_or_else(|| ResolveError(format!("项目 {} 没有“{key}”的限值", item.code)))?;
            let constants = item
                .formula
                .iter()
                .flat_map(|f| f.references())
                .filter_map(|r| self.constant(sel.grade, &r).map(|v| (r, v)))
                .collect();
            out.push(ResolvedItem {
                code: item.code.clone(),
                name_zh: item.name_zh.clone(),
                name_en: item.name_en.clone(),
                unit: item.unit.clone(),
                method: item.method.clone(),
                interval: item.interval,
                comparison: item.comparison,
                detection_limit: item.detection_limit,
                formula: item.formula.clone(),
                constants,
                replicates: item.replicates,
                replicate_rule: item.replicate_rule,
                limit: entry.limit.clone(),
                limit_confirmed: entry.confirmed,
                confirmed: item.confirmed,
                mandatory: mandatory.contains(&item.code.as_str()),
            });
        }
        if out.is_empty() {
            return err("没有选择任何检验项目".into());
        }
        Ok(out)
    }
}
