//! Reading the issue-11 parts of an item: significant figures, uncertainty, declared-value
//! rules, keyed rows and product-analysis allowances. Errors name the line like the rest.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::load::{Checker, RawItem};
use super::{AllowanceEntry, DeclaredEntry, Dimension, LimitEntry, LimitRow, RowLimit};
use crate::decision::Uncertainty;
use crate::limit::{Limit, Requirement};
use crate::limit_adjust::DeclaredRule;
use crate::number::parse_decimal;
use crate::significant::{SignificantFigures, ThresholdOn};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDimension {
    name_zh: String,
    #[serde(default)]
    unit: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSignificant {
    /// Figures below the threshold (or throughout).
    figures: u32,
    threshold: Option<String>,
    /// Figures from the threshold up.
    above: Option<u32>,
    #[serde(default)]
    threshold_on: ThresholdOn,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeclared {
    shortfall: String,
    floor: Option<String>,
    #[serde(default = "yes")]
    confirmed: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRow {
    #[serde(default)]
    grades: Vec<String>,
    #[serde(default)]
    specs: Vec<String>,
    #[serde(default)]
    when: BTreeMap<String, String>,
    limit: Option<String>,
    shift: Option<String>,
    #[serde(default = "yes")]
    confirmed: bool,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawAllowance {
    Text(String),
    Detailed {
        value: String,
        confirmed: bool,
        #[serde(default)]
        source: String,
    },
}

fn yes() -> bool {
    true
}

/// The item's keyed parts, checked.
pub(super) struct Keyed {
    pub significant: Option<SignificantFigures>,
    pub uncertainty: Option<Uncertainty>,
    pub declared: Option<DeclaredEntry>,
    pub rows: Vec<LimitRow>,
    pub product_allowance: BTreeMap<String, AllowanceEntry>,
    /// Rows give limits outright, so `limits` may leave keys out (cement).
    pub rows_cover_every_key: bool,
}

pub(super) fn dimensions(raw: &BTreeMap<String, RawDimension>) -> Vec<Dimension> {
    raw.iter()
        .map(|(name, d)| Dimension {
            name: name.clone(),
            name_zh: d.name_zh.clone(),
            unit: d.unit.clone(),
        })
        .collect()
}

fn decimal(
    ck: &mut Checker,
    span: &std::ops::Range<usize>,
    text: &str,
    what: &str,
) -> Option<Decimal> {
    match parse_decimal(text) {
        Ok(d) => Some(d),
        Err(e) => {
            ck.error(span, format!("{what}：{e}"));
            None
        }
    }
}

pub(super) fn build(
    ck: &mut Checker,
    code: &str,
    ri: &RawItem,
    grades: &[String],
    specs: &[String],
    dimensions: &[Dimension],
) -> Keyed {
    let significant = ri.significant.as_ref().and_then(|s| {
        let span = s.span();
        let r = s.get_ref();
        let threshold = r
            .threshold
            .as_ref()
            .and_then(|t| decimal(ck, &span, t, &format!("项目 {code} 的有效数字分界值")));
        match SignificantFigures::new(
            r.figures,
            threshold,
            r.above.unwrap_or(r.figures),
            r.threshold_on,
        ) {
            Ok(sf) => Some(sf),
            Err(e) => {
                ck.error(&span, format!("项目 {code}：{e}"));
                None
            }
        }
    });
    let uncertainty = ri.uncertainty.as_ref().and_then(|u| {
        Uncertainty::parse(u.get_ref())
            .map_err(|e| ck.error(&u.span(), format!("项目 {code} 的不确定度：{e}")))
            .ok()
    });
    let declared = ri.declared.as_ref().and_then(|d| {
        let span = d.span();
        let r = d.get_ref();
        let shortfall = decimal(ck, &span, &r.shortfall, &format!("项目 {code} 的允许偏差"))?;
        let floor = match &r.floor {
            Some(f) => Some(decimal(ck, &span, f, &format!("项目 {code} 的最低值"))?),
            None => None,
        };
        Some(DeclaredEntry {
            rule: DeclaredRule { shortfall, floor },
            confirmed: r.confirmed,
        })
    });
    let mut rows = Vec::new();
    for row in &ri.rows {
        if let Some(r) = build_row(ck, code, row, grades, specs, dimensions) {
            rows.push(r);
        }
    }
    let mut product_allowance = BTreeMap::new();
    for (key, raw) in &ri.product_allowance {
        if key != "*" && !grades.contains(key) {
            ck.error(
                &raw.span(),
                format!("项目 {code} 的成品允许偏差键“{key}”不是本标准的等级"),
            );
        }
        let (text, confirmed, source) = match raw.get_ref() {
            RawAllowance::Text(t) => (t.as_str(), true, String::new()),
            RawAllowance::Detailed {
                value,
                confirmed,
                source,
            } => (value.as_str(), *confirmed, source.clone()),
        };
        if let Some(value) = decimal(
            ck,
            &raw.span(),
            text,
            &format!("项目 {code} 的成品允许偏差"),
        ) {
            if value.is_sign_negative() {
                ck.error(&raw.span(), format!("项目 {code} 的成品允许偏差不能为负"));
            }
            let source = if source.is_empty() {
                "GB/T 222".to_string()
            } else {
                source
            };
            product_allowance.insert(
                key.clone(),
                AllowanceEntry {
                    value,
                    confirmed,
                    source,
                },
            );
        }
    }
    // Rows that give limits outright (cement type × class) may answer for keys `limits` leaves
    // out; a combination neither answers is refused at registration with its name.
    let rows_cover_every_key = rows.iter().any(|r| matches!(r.limit, RowLimit::Limit(_)));
    Keyed {
        significant,
        uncertainty,
        declared,
        rows,
        product_allowance,
        rows_cover_every_key,
    }
}

fn build_row(
    ck: &mut Checker,
    code: &str,
    row: &Spanned<RawRow>,
    grades: &[String],
    specs: &[String],
    dimensions: &[Dimension],
) -> Option<LimitRow> {
    let span = row.span();
    let r = row.get_ref();
    for g in &r.grades {
        if !grades.contains(g) {
            ck.error(
                &span,
                format!("项目 {code} 的限值行：“{g}”不是本标准的等级"),
            );
        }
    }
    for s in &r.specs {
        if !specs.contains(s) {
            ck.error(
                &span,
                format!("项目 {code} 的限值行：“{s}”不是本标准的规格"),
            );
        }
    }
    let mut when = BTreeMap::new();
    for (name, range) in &r.when {
        if !dimensions.iter().any(|d| &d.name == name) {
            ck.error(
                &span,
                format!("项目 {code} 的限值行：尺寸“{name}”未在 dimensions 中声明"),
            );
        }
        match Limit::parse(range) {
            Ok(l)
                if matches!(
                    l.requirement,
                    Requirement::AtLeast { .. }
                        | Requirement::AtMost { .. }
                        | Requirement::Between { .. }
                ) =>
            {
                when.insert(name.clone(), l);
            }
            Ok(_) => ck.error(
                &span,
                format!("项目 {code} 的限值行：尺寸范围“{range}”应写成 A～B、>A、≤B 等"),
            ),
            Err(e) => ck.error(&span, format!("项目 {code} 的限值行：{e}")),
        }
    }
    let limit = match (&r.limit, &r.shift) {
        (Some(text), None) => match Limit::parse(text) {
            Ok(limit) => RowLimit::Limit(LimitEntry {
                limit,
                confirmed: r.confirmed,
            }),
            Err(e) => {
                ck.error(&span, format!("项目 {code} 的限值行：{e}"));
                return None;
            }
        },
        (None, Some(delta)) => RowLimit::Shift {
            delta: decimal(ck, &span, delta, &format!("项目 {code} 的限值调整量"))?,
            confirmed: r.confirmed,
        },
        _ => {
            ck.error(
                &span,
                format!(
                    "项目 {code} 的限值行须有 limit 或 shift 之一（exactly one of limit, shift）"
                ),
            );
            return None;
        }
    };
    Some(LimitRow {
        grades: r.grades.clone(),
        specs: r.specs.clone(),
        when,
        limit,
        note: r.note.clone(),
    })
}
