//! Limits keyed by more than one thing, as standards write them: by grade and spec together
//! (cement type × strength class), by a measured dimension with the standard's own breaks
//! ("公称直径 28 mm～40 mm: A may be 1 % lower"), against a declared value (标明值 − allowed
//! shortfall, at least a floor), and widened by a product-analysis allowance (GB/T 222).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Item, LimitEntry, LimitKey, ResolveError, Standard};
use crate::limit::Limit;
use crate::limit_adjust::{shifted, widened, DeclaredRule};

/// A dimension a limit may depend on (公称直径 d, in mm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    /// The key used in files and on the command line (`d`).
    pub name: String,
    pub name_zh: String,
    pub unit: String,
}

/// What a matching row does to the limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowLimit {
    /// This is the limit.
    Limit(LimitEntry),
    /// The grade's (or spec's) limit moved by this much ("降低 1%": −1).
    Shift { delta: Decimal, confirmed: bool },
}

/// One row of a keyed limit table. Empty `grades` or `specs` match any; every dimension in
/// `when` must be given and lie in its range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitRow {
    pub grades: Vec<String>,
    pub specs: Vec<String>,
    /// Dimension name → the range it must lie in, written as a limit (`28～40`, `>40`).
    pub when: BTreeMap<String, Limit>,
    pub limit: RowLimit,
    pub note: Option<String>,
}

impl LimitRow {
    pub fn confirmed(&self) -> bool {
        match &self.limit {
            RowLimit::Limit(e) => e.confirmed,
            RowLimit::Shift { confirmed, .. } => *confirmed,
        }
    }

    fn matches(&self, keys: &Keys) -> Option<String> {
        if !self.grades.is_empty() && !self.grades.iter().any(|g| g == keys.grade) {
            return None;
        }
        if !self.specs.is_empty() && !keys.spec.is_some_and(|s| self.specs.iter().any(|x| x == s)) {
            return None;
        }
        let mut said = Vec::new();
        for (name, range) in &self.when {
            let value = keys.dimensions.get(name)?;
            let basis = crate::judge::Basis {
                limit: range,
                interval: None,
                comparison: crate::judge::Comparison::Full,
                detection_limit: None,
                significant: None,
                decision: Default::default(),
            };
            let v = crate::number::ResultValue::Measured {
                text: value.to_string(),
                value: *value,
            };
            if basis.judge(&v).verdict != crate::judge::Verdict::Pass {
                return None;
            }
            said.push(format!("{name} = {value}（{}）", range.text));
        }
        Some(said.join("，"))
    }
}

/// A declared-value rule with whether its figures were checked against the official text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredEntry {
    pub rule: DeclaredRule,
    pub confirmed: bool,
}

/// A product-analysis allowance with whether it was checked against the official text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowanceEntry {
    pub value: Decimal,
    pub confirmed: bool,
    /// Where it comes from (`GB/T 222-2006 表 1`).
    pub source: String,
}

/// Everything registration knows that a limit may depend on, beyond the grade and spec.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a> {
    pub grade: &'a str,
    pub spec: Option<&'a str>,
    pub dimensions: &'a BTreeMap<String, Decimal>,
    /// The declared value (标明值) for this item, if the label gives one.
    pub declared: Option<Decimal>,
    /// Chemistry measured on the finished product (成品分析).
    pub product_analysis: bool,
}

/// The limit that applies to one item, and why (printed beside the requirement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub limit: Limit,
    pub confirmed: bool,
    pub condition: Option<String>,
}

impl Standard {
    /// The limit of `item` for these keys: a declared value first, then the first matching
    /// row, then the grade's (or spec's) limit; then a product-analysis allowance.
    pub(super) fn applied_limit(&self, item: &Item, keys: &Keys) -> Result<Applied, ResolveError> {
        let mut applied = match (item.declared, keys.declared) {
            (Some(entry), Some(declared)) => {
                let limit = entry.rule.limit_for(declared).ok_or_else(|| {
                    ResolveError(format!(
                        "项目 {} 的标明值 {declared} 减去允许偏差后无法精确表示",
                        item.code
                    ))
                })?;
                Applied {
                    limit,
                    confirmed: entry.confirmed,
                    condition: None,
                }
            }
            _ => self.row_or_base(item, keys)?,
        };
        if keys.product_analysis {
            let allowance = item
                .product_allowance
                .get(keys.grade)
                .or_else(|| item.product_allowance.get("*"));
            if let Some(a) = allowance {
                applied.limit = widened(&applied.limit, a.value).ok_or_else(|| {
                    ResolveError(format!("项目 {} 加上成品允许偏差后无法精确表示", item.code))
                })?;
                applied.confirmed &= a.confirmed;
                let said = format!("成品分析，允许偏差 {}（{}）", a.value, a.source);
                applied.condition = Some(match applied.condition {
                    Some(c) => format!("{c}；{said}"),
                    None => said,
                });
            }
        }
        Ok(applied)
    }

    fn row_or_base(&self, item: &Item, keys: &Keys) -> Result<Applied, ResolveError> {
        for row in &item.rows {
            let Some(said) = row.matches(keys) else {
                continue;
            };
            // The report shows which row applied: its dimensions, or its note (以糙米计).
            let condition = if said.is_empty() {
                row.note.clone()
            } else {
                Some(said)
            };
            return match &row.limit {
                RowLimit::Limit(entry) => Ok(Applied {
                    limit: entry.limit.clone(),
                    confirmed: entry.confirmed,
                    condition,
                }),
                RowLimit::Shift { delta, confirmed } => {
                    let base = self.base_limit(item, keys)?;
                    let limit = shifted(&base.limit, *delta).ok_or_else(|| {
                        ResolveError(format!("项目 {} 的限值调整后无法精确表示", item.code))
                    })?;
                    let moved = limit != base.limit;
                    Ok(Applied {
                        limit,
                        confirmed: base.confirmed && *confirmed,
                        condition: if moved { condition } else { None },
                    })
                }
            };
        }
        self.base_limit(item, keys)
    }

    /// The grade's or spec's own limit (`*` for any not listed).
    fn base_limit(&self, item: &Item, keys: &Keys) -> Result<Applied, ResolveError> {
        let key = match item.limit_by {
            LimitKey::Grade => keys.grade,
            LimitKey::Spec => match keys.spec {
                Some(s) => s,
                None => {
                    let by_dimension = item
                        .rows
                        .iter()
                        .flat_map(|r| r.when.keys())
                        .next()
                        .and_then(|d| self.dimension(d))
                        .map(|d| format!("或给出{}（{}）", d.name_zh, d.name))
                        .unwrap_or_default();
                    return Err(ResolveError(format!(
                        "项目 {}（{}）的限值取决于{}，请选择{}（{}）{by_dimension}",
                        item.code,
                        item.name_zh,
                        self.spec_label,
                        self.spec_label,
                        self.specs.join("、")
                    )));
                }
            },
        };
        let entry = item
            .limit_for(key)
            .ok_or_else(|| ResolveError(format!("项目 {} 没有“{key}”的限值", item.code)))?;
        Ok(Applied {
            limit: entry.limit.clone(),
            confirmed: entry.confirmed,
            condition: None,
        })
    }
}
