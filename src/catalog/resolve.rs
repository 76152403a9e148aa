//! Resolving standard + grade + inspection type into the item list an order copies.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Keys, Standard};
use crate::decision::{Decision, DecisionRule, Uncertainty};
use crate::formula::Formula;
use crate::inspection::InspectionType;
use crate::judge::{Basis, Comparison, ReplicateRule};
use crate::limit::Limit;
use crate::number::Interval;
use crate::significant::SignificantFigures;

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
    /// Reported to significant figures instead of `interval`.
    #[serde(default)]
    pub significant: Option<SignificantFigures>,
    /// Expanded uncertainty (k = 2) from the method's validation data; a value entered with
    /// the result takes its place.
    #[serde(default)]
    pub uncertainty: Option<Uncertainty>,
    /// The value declared on the label (标明值) the limit was written against.
    #[serde(default)]
    pub declared: Option<Decimal>,
    /// Which row of a keyed limit applied, or the product-analysis allowance (`d = 32（28～40）`).
    #[serde(default)]
    pub limit_condition: Option<String>,
    /// The standard edition this item is judged by, when it is not the order's own (an order
    /// may rest on several bases: GB/T 15063 and GB 38400).
    #[serde(default)]
    pub basis: Option<String>,
    /// What the item's method needs at the bench (instrument kind, conditions), copied from
    /// the method library at registration.
    #[serde(default)]
    pub needs: super::MethodNeeds,
}

impl ResolvedItem {
    /// How the item is judged under simple acceptance.
    pub fn basis(&self) -> Basis<'_> {
        self.basis_under(DecisionRule::Simple, None)
    }

    /// How the item is judged under a decision rule; `entered` is an uncertainty entered with
    /// the result, which takes the place of the library's.
    pub fn basis_under(&self, rule: DecisionRule, entered: Option<Uncertainty>) -> Basis<'_> {
        Basis {
            limit: &self.limit,
            interval: self.interval,
            comparison: self.comparison,
            detection_limit: self.detection_limit,
            significant: self.significant,
            decision: Decision {
                rule,
                uncertainty: entered.or(self.uncertainty),
            },
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

/// What registration may add to a [`Selection`]: measured dimensions, declared values and
/// whether chemistry is measured on the finished product.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extras {
    /// Dimension name → value (`d` → 32).
    pub dimensions: BTreeMap<String, Decimal>,
    /// Item code → the value declared on the label.
    pub declared: BTreeMap<String, Decimal>,
    /// Chemistry on the finished product: GB/T 222 allowances apply.
    pub product_analysis: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ResolveError(pub String);

impl Standard {
    pub fn resolve(&self, sel: &Selection) -> Result<Vec<ResolvedItem>, ResolveError> {
        self.resolve_with(sel, &Extras::default())
    }

    /// Resolve with dimensions, declared values and product analysis. A dimension or declared
    /// value the standard does not know is refused, so a typo is not silently ignored.
    pub fn resolve_with(
        &self,
        sel: &Selection,
        extras: &Extras,
    ) -> Result<Vec<ResolvedItem>, ResolveError> {
        for name in extras.dimensions.keys() {
            if self.dimension(name).is_none() {
                let known: Vec<String> = self
                    .dimensions
                    .iter()
                    .map(|d| format!("{}（{}）", d.name, d.name_zh))
                    .collect();
                return Err(ResolveError(format!(
                    "{} 的限值不取决于尺寸“{name}”；{}",
                    self.code,
                    if known.is_empty() {
                        "本标准没有按尺寸分档的限值".to_string()
                    } else {
                        format!("可用：{}", known.join("、"))
                    }
                )));
            }
        }
        for code in extras.declared.keys() {
            match self.item(code) {
                Some(item) if item.declared.is_some() => {}
                _ => {
                    return Err(ResolveError(format!(
                        "{} 的项目“{code}”不按标明值判定；按标明值判定的项目：{}",
                        self.code,
                        self.items
                            .iter()
                            .filter(|i| i.declared.is_some())
                            .map(|i| i.code.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    )))
                }
            }
        }
        self.resolve_keys(sel, extras)
    }

    fn resolve_keys(
        &self,
        sel: &Selection,
        extras: &Extras,
    ) -> Result<Vec<ResolvedItem>, ResolveError> {
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
            let applied = self.applied_limit(
                item,
                &Keys {
                    grade: sel.grade,
                    spec: sel.spec,
                    dimensions: &extras.dimensions,
                    declared: extras.declared.get(&item.code).copied(),
                    product_analysis: extras.product_analysis,
                },
            )?;
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
                limit: applied.limit,
                limit_confirmed: applied.confirmed,
                confirmed: item.confirmed,
                mandatory: mandatory.contains(&item.code.as_str()),
                significant: item.significant,
                uncertainty: item.uncertainty,
                declared: extras.declared.get(&item.code).copied(),
                limit_condition: applied.condition,
                basis: item.basis.clone(),
                needs: super::MethodNeeds::default(),
            });
        }
        if out.is_empty() {
            return err("没有选择任何检验项目".into());
        }
        Ok(out)
    }
}
