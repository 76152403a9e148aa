//! Reading and validating standard files. Every error names the file, the line and the problem.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::{Item, LimitEntry, LimitKey, Scheme, Standard};
use crate::formula::Formula;
use crate::inspection::InspectionType;
use crate::judge::{Comparison, ReplicateRule};
use crate::limit::Limit;
use crate::number::parse_decimal;

/// Units an item may use; anything else is almost always a typo.
pub const UNITS: &[&str] = &[
    "", "-", "%", "MPa", "GPa", "N", "kN", "mm", "cm", "m", "g", "kg", "mg/kg", "μg/kg", "g/kg",
    "mg/L", "μg/L", "mL", "L", "℃", "°", "min", "h", "d", "m2/kg", "g/cm3", "kg/m", "mg/m3",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for CatalogError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandard {
    code: Spanned<String>,
    title_zh: String,
    #[serde(default)]
    title_en: String,
    product: String,
    field: String,
    in_force: Option<Spanned<String>>,
    withdrawn: Option<Spanned<String>>,
    replaced_by: Option<String>,
    #[serde(default)]
    comparison: Option<Spanned<String>>,
    grades: Spanned<Vec<String>>,
    #[serde(default)]
    specs: Vec<String>,
    #[serde(default)]
    spec_label: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    constants: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
    #[serde(default)]
    dimensions: BTreeMap<String, super::load_keyed::RawDimension>,
    items: Vec<RawItem>,
    #[serde(default)]
    schemes: BTreeMap<Spanned<String>, RawScheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    code: Spanned<String>,
    name_zh: String,
    #[serde(default)]
    name_en: String,
    unit: Spanned<String>,
    method: String,
    interval: Option<Spanned<String>>,
    comparison: Option<Spanned<String>>,
    detection_limit: Option<Spanned<String>>,
    formula: Option<Spanned<String>>,
    #[serde(default)]
    replicates: Option<u32>,
    #[serde(default)]
    replicate_rule: ReplicateRule,
    #[serde(default)]
    limit_by: LimitKey,
    limits: Spanned<BTreeMap<String, Spanned<RawLimit>>>,
    #[serde(default = "yes")]
    confirmed: bool,
    note: Option<String>,
    /// The standard the item's limit comes from, when not this one (GB 38400-2019).
    basis: Option<String>,
    // Issue 11: significant figures, uncertainty, declared values, keyed rows, allowances.
    pub(super) significant: Option<Spanned<super::load_keyed::RawSignificant>>,
    pub(super) uncertainty: Option<Spanned<String>>,
    pub(super) declared: Option<Spanned<super::load_keyed::RawDeclared>>,
    #[serde(default)]
    pub(super) rows: Vec<Spanned<super::load_keyed::RawRow>>,
    #[serde(default)]
    pub(super) product_allowance: BTreeMap<String, Spanned<super::load_keyed::RawAllowance>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawLimit {
    Text(String),
    Detailed { limit: String, confirmed: bool },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    items: Spanned<Vec<String>>,
    #[serde(default)]
    basis: String,
}

/// Collects errors so one run reports every problem in a file, not just the first.
pub(super) struct Checker<'a> {
    pub(super) file: &'a str,
    text: &'a str,
    errors: Vec<CatalogError>,
}

impl Checker<'_> {
    fn line_of(&self, span: &Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    pub(super) fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let line = self.line_of(span);
        self.errors.push(CatalogError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        });
    }

    fn date(&mut self, v: &Option<Spanned<String>>, what: &str) -> Option<NaiveDate> {
        let v = v.as_ref()?;
        match NaiveDate::parse_from_str(v.get_ref(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(
                    &v.span(),
                    format!("{what}“{}”不是 YYYY-MM-DD 格式的日期", v.get_ref()),
                );
                None
            }
        }
    }

    pub(super) fn decimal(&mut self, v: &Spanned<String>, what: &str) -> Option<Decimal> {
        match parse_decimal(v.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(&v.span(), format!("{what}：{e}"));
                None
            }
        }
    }

    fn comparison(&mut self, v: &Option<Spanned<String>>) -> Option<Comparison> {
        let v = v.as_ref()?;
        match Comparison::parse(v.get_ref()) {
            Ok(c) => Some(c),
            Err(e) => {
                self.error(&v.span(), e);
                None
            }
        }
    }
}

/// Load every `*.toml` file in a directory (sorted by name).
pub fn load_dir(dir: &Path) -> Result<Vec<Standard>, Vec<CatalogError>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![CatalogError {
            file: dir.display().to_string(),
            line: 0,
            message: format!("无法读取标准目录：{e}"),
        }]
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => match load_file_text(&name, &text) {
                Ok(s) => out.push(s),
                Err(mut e) => errors.append(&mut e),
            },
            Err(e) => errors.push(CatalogError {
                file: name,
                line: 0,
                message: format!("无法读取文件：{e}"),
            }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Parse and validate one standard file's text; `file` is used in messages.
pub fn load_file_text(file: &str, text: &str) -> Result<Standard, Vec<CatalogError>> {
    let mut ck = Checker {
        file,
        text,
        errors: Vec::new(),
    };
    let raw: RawStandard = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            ck.error(&span, e.message().trim().to_string());
            return Err(ck.errors);
        }
    };
    let standard = build(&mut ck, raw);
    if ck.errors.is_empty() {
        Ok(standard)
    } else {
        Err(ck.errors)
    }
}

fn build(ck: &mut Checker, raw: RawStandard) -> Standard {
    if !raw.code.get_ref().contains('-') {
        ck.error(
            &raw.code.span(),
            format!(
                "标准编号“{}”须带年代号（如 GB/T 15063-2020）",
                raw.code.get_ref()
            ),
        );
    }
    let default_comparison = ck.comparison(&raw.comparison).unwrap_or_default();
    let grades: Vec<String> = raw.grades.get_ref().clone();
    if grades.is_empty() {
        ck.error(
            &raw.grades.span(),
            "grades 不能为空（没有等级时写 [\"-\"]）",
        );
    }
    let mut constants: BTreeMap<String, BTreeMap<String, Decimal>> = BTreeMap::new();
    for (grade, values) in &raw.constants {
        let mut map = BTreeMap::new();
        for (name, v) in values {
            if let Some(d) = ck.decimal(v, &format!("常数 {name}")) {
                map.insert(name.clone(), d);
            }
        }
        constants.insert(grade.clone(), map);
    }
    let dimensions = super::load_keyed::dimensions(&raw.dimensions);
    let mut items: Vec<Item> = Vec::new();
    let mut seen = BTreeSet::new();
    for ri in &raw.items {
        if !seen.insert(ri.code.get_ref().clone()) {
            ck.error(
                &ri.code.span(),
                format!("项目代号“{}”重复", ri.code.get_ref()),
            );
        }
        items.push(build_item(
            ck,
            ri,
            &grades,
            &raw.specs,
            &dimensions,
            default_comparison,
        ));
    }
    check_formulas(ck, &raw, &items, &constants, &grades);
    let mut schemes = BTreeMap::new();
    for (key, rs) in &raw.schemes {
        let Ok(kind) = key.get_ref().parse::<InspectionType>() else {
            ck.error(&key.span(), format!("方案“{}”不是检验类别", key.get_ref()));
            continue;
        };
        for code in rs.items.get_ref() {
            if !seen.contains(code) {
                ck.error(
                    &rs.items.span(),
                    format!("方案 {} 中的项目“{code}”不存在", kind.key()),
                );
            }
        }
        schemes.insert(
            kind,
            Scheme {
                inspection_type: kind,
                items: rs.items.get_ref().clone(),
                basis: rs.basis.clone(),
            },
        );
    }
    let in_force = ck.date(&raw.in_force, "实施日期");
    let withdrawn = ck.date(&raw.withdrawn, "废止日期");
    Standard {
        code: raw.code.get_ref().clone(),
        title_zh: raw.title_zh,
        title_en: raw.title_en,
        product: raw.product,
        field: raw.field,
        in_force,
        withdrawn,
        replaced_by: raw.replaced_by,
        grades,
        specs: raw.specs,
        spec_label: raw.spec_label.unwrap_or_else(|| "规格".into()),
        dimensions,
        items,
        schemes,
        constants,
        notes: raw.notes,
        source: ck.file.to_string(),
    }
}

fn build_item(
    ck: &mut Checker,
    ri: &RawItem,
    grades: &[String],
    specs: &[String],
    dimensions: &[super::Dimension],
    default_comparison: Comparison,
) -> Item {
    let code = ri.code.get_ref();
    if !UNITS.contains(&ri.unit.get_ref().as_str()) {
        ck.error(
            &ri.unit.span(),
            format!(
                "项目 {code} 的单位“{}”不认识；可用：{}",
                ri.unit.get_ref(),
                UNITS[1..].join(" ")
            ),
        );
    }
    let interval = ri
        .interval
        .as_ref()
        .and_then(|v| match v.get_ref().parse() {
            Ok(i) => Some(i),
            Err(e) => {
                ck.error(&v.span(), format!("项目 {code}：{e}"));
                None
            }
        });
    let detection_limit = ri
        .detection_limit
        .as_ref()
        .and_then(|v| ck.decimal(v, &format!("项目 {code} 的检出限")));
    let formula = ri
        .formula
        .as_ref()
        .and_then(|f| match Formula::parse(f.get_ref()) {
            Ok(p) => Some(p),
            Err(e) => {
                ck.error(&f.span(), format!("项目 {code}：{e}"));
                None
            }
        });
    let keys: &[String] = match ri.limit_by {
        LimitKey::Grade => grades,
        LimitKey::Spec => specs,
    };
    if ri.limit_by == LimitKey::Spec && specs.is_empty() {
        ck.error(
            &ri.code.span(),
            format!("项目 {code} 按规格给限值，但标准没有 specs"),
        );
    }
    let mut limits = BTreeMap::new();
    for (key, raw) in ri.limits.get_ref() {
        if key != "*" && !keys.contains(key) {
            ck.error(
                &raw.span(),
                format!("项目 {code} 的限值键“{key}”不是本标准的等级/规格"),
            );
        }
        let (text, confirmed) = match raw.get_ref() {
            RawLimit::Text(t) => (t.as_str(), true),
            RawLimit::Detailed { limit, confirmed } => (limit.as_str(), *confirmed),
        };
        match Limit::parse(text) {
            Ok(limit) => {
                limits.insert(key.clone(), LimitEntry { limit, confirmed });
            }
            Err(e) => ck.error(&raw.span(), format!("项目 {code}（{key}）：{e}")),
        }
    }
    let keyed = super::load_keyed::build(ck, code, ri, grades, specs, dimensions);
    // A key covered by rows (cement type × class) needs no entry of its own in `limits`.
    if !ri.limits.get_ref().contains_key("*") && !keyed.rows_cover_every_key {
        for key in keys {
            if !ri.limits.get_ref().contains_key(key) {
                ck.error(
                    &ri.limits.span(),
                    format!("项目 {code} 缺少“{key}”的限值（不要求的写 \"/\"）"),
                );
            }
        }
    }
    let replicates = ri.replicates.unwrap_or(1);
    if replicates == 0 {
        ck.error(
            &ri.code.span(),
            format!("项目 {code} 的 replicates 必须至少为 1"),
        );
    }
    Item {
        code: code.clone(),
        name_zh: ri.name_zh.clone(),
        name_en: ri.name_en.clone(),
        unit: ri.unit.get_ref().clone(),
        method: ri.method.clone(),
        interval,
        comparison: ck.comparison(&ri.comparison).unwrap_or(default_comparison),
        detection_limit,
        formula,
        replicates,
        replicate_rule: ri.replicate_rule,
        limit_by: ri.limit_by,
        limits,
        confirmed: ri.confirmed,
        note: ri.note.clone(),
        basis: ri.basis.clone(),
        significant: keyed.significant,
        uncertainty: keyed.uncertainty,
        declared: keyed.declared,
        rows: keyed.rows,
        product_allowance: keyed.product_allowance,
    }
}

/// Formula references must be items or constants defined for every grade; no cycles.
fn check_formulas(
    ck: &mut Checker,
    raw: &RawStandard,
    items: &[Item],
    constants: &BTreeMap<String, BTreeMap<String, Decimal>>,
    grades: &[String],
) {
    let codes: BTreeSet<&str> = items.iter().map(|i| i.code.as_str()).collect();
    let is_constant = |name: &str| {
        grades.iter().all(|g| {
            constants.get(g).is_some_and(|c| c.contains_key(name))
                || constants.get("*").is_some_and(|c| c.contains_key(name))
        })
    };
    for (item, ri) in items.iter().zip(&raw.items) {
        let (Some(f), Some(span)) = (&item.formula, ri.formula.as_ref().map(|s| s.span())) else {
            continue;
        };
        for r in f.references() {
            if !codes.contains(r.as_str()) && !is_constant(&r) {
                ck.error(
                    &span,
                    format!("项目 {} 的公式引用了不存在的项目或常数“{r}”", item.code),
                );
            }
        }
    }
    // Depth-first search for a cycle among computed items.
    let deps: BTreeMap<&str, Vec<String>> = items
        .iter()
        .filter_map(|i| {
            i.formula
                .as_ref()
                .map(|f| (i.code.as_str(), f.references().into_iter().collect()))
        })
        .collect();
    for (item, ri) in items.iter().zip(&raw.items) {
        if !deps.contains_key(item.code.as_str()) {
            continue;
        }
        let mut stack = vec![(item.code.clone(), vec![item.code.clone()])];
        let mut found = None;
        let mut visited = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in deps.get(node.as_str()).into_iter().flatten() {
                if *next == item.code {
                    found = Some(path.join(" → ") + " → " + next);
                    break;
                }
                if visited.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
            if found.is_some() {
                break;
            }
        }
        if let (Some(cycle), Some(f)) = (found, &ri.formula) {
            ck.error(&f.span(), format!("公式循环引用：{cycle}"));
        }
    }
}
