//! What registration may add to a [`NewOrder`](super::NewOrder) (issue 11): further bases,
//! measured dimensions, declared values, product analysis and the decision rule agreed with
//! the client. Kept beside `NewOrder` rather than in it so every existing way of registering
//! (screen, import) keeps working unchanged with the defaults.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Result, StoreError};
use crate::catalog::{Catalog, Extras, ResolvedItem, Selection, Standard};
use crate::decision::DecisionRule;
use crate::message::Msg;
use crate::model::order::{BasisRef, StandardRef};
use crate::msg;

/// A further basis: another standard edition with its own grade, spec and items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoreBasis {
    pub standard: String,
    /// The grade in that standard; may be left empty when it has only one.
    pub grade: String,
    pub spec: Option<String>,
    /// Items from it (empty: its scheme's proposal or mandatory set).
    pub items: Vec<String>,
}

impl MoreBasis {
    /// `CODE`, `CODE|GRADE` or `CODE|GRADE|ITEM,ITEM`, as the command line and the registration
    /// screen take it (full-width separators read the same).
    pub fn parse(text: &str) -> MoreBasis {
        let mut parts = text.split(['|', '｜']);
        MoreBasis {
            standard: parts.next().unwrap_or_default().trim().to_string(),
            grade: parts.next().unwrap_or_default().trim().to_string(),
            spec: None,
            items: parts
                .next()
                .unwrap_or_default()
                .split([',', '，', '、'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }
}

/// One `NAME=VALUE` (`d=32`, `N=15`) as an exact value; the message names the piece.
pub fn parse_pair(text: &str) -> std::result::Result<(String, Decimal), Msg> {
    let Some((k, v)) = text.split_once(['=', '＝']) else {
        return Err(msg!(
            "“{text}”应写成 名称=数值",
            "“{text}” should read NAME=VALUE"
        ));
    };
    let v = crate::number::parse_decimal(v.trim()).map_err(|e| e.msg())?;
    Ok((k.trim().to_string(), v))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Registration {
    pub more_bases: Vec<MoreBasis>,
    pub rule: DecisionRule,
    /// Dimension name → value (`d` → 32).
    pub dimensions: BTreeMap<String, Decimal>,
    /// Item code → the value declared on the label.
    pub declared: BTreeMap<String, Decimal>,
    pub product_analysis: bool,
    /// A spot check's sampling record (required for a supervision order).
    #[serde(default)]
    pub sampling: Option<crate::model::sampling::SamplingInput>,
    /// Why a blacklisted client or producer is accepted for a commissioned test.
    #[serde(default)]
    pub blacklist_reason: Option<String>,
    /// This lab re-tests another lab's reserve sample (复检).
    #[serde(default)]
    pub retest_of: Option<crate::model::sampling::RetestOf>,
    /// The site the order is registered for (a user limited to a site registers for it).
    #[serde(default)]
    pub site: Option<String>,
}

/// The part of the extras one standard knows: its dimensions and its declared-value items.
fn extras_for(standard: &Standard, reg: &Registration) -> Extras {
    Extras {
        dimensions: reg
            .dimensions
            .iter()
            .filter(|(k, _)| standard.dimension(k).is_some())
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        declared: reg
            .declared
            .iter()
            .filter(|(k, _)| standard.item(k).is_some_and(|i| i.declared.is_some()))
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        product_analysis: reg.product_analysis,
    }
}

/// The grade to use in a further basis: the one given, else its only grade.
fn grade_in(standard: &Standard, given: &str) -> Result<String> {
    if !given.trim().is_empty() {
        return Ok(given.trim().to_string());
    }
    match standard.grades.as_slice() {
        [only] => Ok(only.clone()),
        grades => {
            let (code, list) = (&standard.code, grades.join("、"));
            Err(StoreError::Refused(msg!(
                "请写明 {code} 的等级；可选：{list}",
                "Name the grade in {code}; one of: {list}"
            )))
        }
    }
}

/// Resolve the main standard and every further basis into one item list. Item codes must be
/// unique across bases (results are kept by code); dimensions and declared values must each be
/// known to some basis, so a typo is refused rather than ignored.
pub(crate) fn resolve_all(
    catalog: &Catalog,
    main: &Standard,
    sel: &Selection,
    reg: &Registration,
) -> Result<(Vec<ResolvedItem>, Vec<BasisRef>)> {
    let mut standards = vec![main];
    for b in &reg.more_bases {
        standards.push(catalog.find(&b.standard).map_err(|e| {
            StoreError::Refused(Msg::new(
                e.clone(),
                format!("The standard library refused this: {e}"),
            ))
        })?);
    }
    for name in reg.dimensions.keys() {
        if !standards.iter().any(|s| s.dimension(name).is_some()) {
            return Err(StoreError::Refused(msg!(
                "检验依据中没有按尺寸“{name}”分档的限值",
                "No basis of this order has limits by the dimension “{name}”"
            )));
        }
    }
    for code in reg.declared.keys() {
        if !standards
            .iter()
            .any(|s| s.item(code).is_some_and(|i| i.declared.is_some()))
        {
            return Err(StoreError::Refused(msg!(
                "项目“{code}”不按标明值判定（检验依据中没有它的标明值规则）",
                "Item “{code}” is not judged against a declared value in any basis of this order"
            )));
        }
    }
    let refuse = |e: crate::catalog::ResolveError| {
        StoreError::Refused(Msg::new(
            e.0.clone(),
            format!("The standard library refused this: {}", e.0),
        ))
    };
    let mut items = main
        .resolve_with(sel, &extras_for(main, reg))
        .map_err(refuse)?;
    let mut bases = Vec::new();
    for (b, standard) in reg.more_bases.iter().zip(&standards[1..]) {
        if bases
            .iter()
            .any(|r: &BasisRef| r.standard.code == standard.code)
            || standard.code == main.code
        {
            let code = &standard.code;
            return Err(StoreError::Refused(msg!(
                "检验依据 {code} 重复",
                "The basis {code} is named twice"
            )));
        }
        let grade = grade_in(standard, &b.grade)?;
        let more = standard
            .resolve_with(
                &Selection {
                    grade: &grade,
                    spec: b.spec.as_deref(),
                    inspection_type: sel.inspection_type,
                    requested: &b.items,
                    on: sel.on,
                    allow_withdrawn: sel.allow_withdrawn,
                },
                &extras_for(standard, reg),
            )
            .map_err(refuse)?;
        for mut item in more {
            if items.iter().any(|i| i.code == item.code) {
                let (item, code) = (&item.code, &standard.code);
                return Err(StoreError::Refused(msg!(
                    "项目代号“{item}”在 {code} 和另一检验依据中重复；请只从其中一个选择",
                    "Item “{item}” is in {code} and another basis; choose it from one only"
                )));
            }
            item.basis = Some(standard.code.clone());
            items.push(item);
        }
        bases.push(BasisRef {
            standard: StandardRef {
                code: standard.code.clone(),
                title_zh: standard.title_zh.clone(),
                field: standard.field.clone(),
            },
            grade,
            spec: b.spec.clone(),
        });
    }
    // A library item may name the standard its limit comes from (GB 38400-2019 for a
    // fertilizer's toxic substances): that edition is a basis of the order too.
    for code in items.iter().filter_map(|i| i.basis.as_deref()) {
        if code == main.code || bases.iter().any(|b| b.standard.code == code) {
            continue;
        }
        if let Some(s) = catalog.get(code) {
            bases.push(BasisRef {
                standard: StandardRef {
                    code: s.code.clone(),
                    title_zh: s.title_zh.clone(),
                    field: s.field.clone(),
                },
                grade: match s.grades.as_slice() {
                    [only] => only.clone(),
                    _ => String::new(),
                },
                spec: None,
            });
        }
    }
    Ok((items, bases))
}
