//! The standards library: one TOML file per standard edition, validated on load, resolved into
//! the item list an order copies (三统一: standard, method and decision basis per item).

mod keyed;
mod load;
mod load_keyed;
mod methods;
mod resolve;
mod shipped;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::decision::Uncertainty;
use crate::formula::Formula;
use crate::inspection::InspectionType;
use crate::judge::{Comparison, ReplicateRule};
use crate::limit::Limit;
use crate::number::Interval;
use crate::significant::SignificantFigures;

pub use keyed::{AllowanceEntry, DeclaredEntry, Dimension, Keys, LimitRow, RowLimit};
pub use load::{load_dir, load_file_text, CatalogError};
pub use methods::{ConditionRange, MethodLibrary, MethodNeeds};
pub use resolve::{Extras, ResolveError, ResolvedItem, Selection};

/// What an item's limits are keyed by: the product grade, or a size class (公称直径 ranges).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LimitKey {
    #[default]
    Grade,
    Spec,
}

/// One limit value with whether it was checked against the official text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitEntry {
    pub limit: Limit,
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    /// The method standard (统一检测方法), e.g. `GB/T 28900-2022`.
    pub method: String,
    pub interval: Option<Interval>,
    pub comparison: Comparison,
    pub detection_limit: Option<Decimal>,
    pub formula: Option<Formula>,
    pub replicates: u32,
    pub replicate_rule: ReplicateRule,
    pub limit_by: LimitKey,
    /// Limit per grade (or spec); the key `*` applies to every one not listed.
    pub limits: BTreeMap<String, LimitEntry>,
    /// Whether the method, unit and interval were checked against the official text.
    pub confirmed: bool,
    pub note: Option<String>,
    /// The standard edition the limit comes from when it is not this one (a fertilizer's
    /// toxic substances are limited by GB 38400-2019, not GB/T 15063-2020).
    pub basis: Option<String>,
    /// Report to significant figures instead of `interval` (GB 5009 methods).
    pub significant: Option<SignificantFigures>,
    /// Expanded uncertainty (k = 2) from the method's validation data, for a guard band.
    pub uncertainty: Option<Uncertainty>,
    /// Judged against the value declared on the label when one is given (标明值).
    pub declared: Option<DeclaredEntry>,
    /// Limits keyed by grade, spec and measured dimensions together, in the standard's own
    /// words; the first row that matches wins over `limits`.
    pub rows: Vec<LimitRow>,
    /// Product-analysis allowance per grade (`*` for all): how far chemistry measured on the
    /// finished product may go beyond the limit (GB/T 222).
    pub product_allowance: BTreeMap<String, AllowanceEntry>,
}

impl Item {
    /// The limit for a grade or spec, falling back to `*`.
    pub fn limit_for(&self, key: &str) -> Option<&LimitEntry> {
        self.limits.get(key).or_else(|| self.limits.get("*"))
    }

    pub fn is_qualitative(&self) -> bool {
        self.limits.values().any(|l| l.limit.is_qualitative())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub inspection_type: InspectionType,
    /// For 委托检验, the proposed default selection; for the other types, the mandatory items.
    pub items: Vec<String>,
    /// Where the scheme comes from (实施细则, the lab's 检验细则 …).
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    /// Code with year, e.g. `GB/T 1499.2-2018`.
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub product: String,
    /// The product field a signatory must be authorised for (e.g. 建材, 化肥, 食品).
    pub field: String,
    pub in_force: Option<NaiveDate>,
    pub withdrawn: Option<NaiveDate>,
    pub replaced_by: Option<String>,
    pub grades: Vec<String>,
    pub specs: Vec<String>,
    pub spec_label: String,
    /// Measured or nominal dimensions a limit may depend on (公称直径 d).
    pub dimensions: Vec<Dimension>,
    pub items: Vec<Item>,
    pub schemes: BTreeMap<InspectionType, Scheme>,
    /// Named constants per grade for formulas (`*` for all).
    pub constants: BTreeMap<String, BTreeMap<String, Decimal>>,
    pub notes: Option<String>,
    /// The file it was loaded from, for messages.
    pub source: String,
}

impl Standard {
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    pub fn is_withdrawn(&self, on: NaiveDate) -> bool {
        self.withdrawn.is_some_and(|w| w <= on)
    }

    pub fn constant(&self, grade: &str, name: &str) -> Option<Decimal> {
        self.constants
            .get(grade)
            .and_then(|c| c.get(name))
            .or_else(|| self.constants.get("*").and_then(|c| c.get(name)))
            .copied()
    }

    /// Whether any figure in the file still awaits checking against the official text.
    pub fn has_unconfirmed(&self) -> bool {
        self.items.iter().any(|i| {
            !i.confirmed
                || i.limits.values().any(|l| !l.confirmed)
                || i.rows.iter().any(|r| !r.confirmed())
                || i.declared.is_some_and(|d| !d.confirmed)
                || i.product_allowance.values().any(|a| !a.confirmed)
        })
    }

    pub fn dimension(&self, name: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.name == name)
    }
}

/// Every loaded standard edition.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    standards: Vec<Standard>,
    /// What each method needs at the bench (instrument kind, conditions), by method code.
    methods: MethodLibrary,
}

/// Codes are compared without spaces and case, so `gb/t 1499.2-2018` finds `GB/T 1499.2-2018`.
pub(crate) fn code_key(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

impl Catalog {
    /// The shipped library plus every `.toml` in `extra_dirs`.
    pub fn load(extra_dirs: &[std::path::PathBuf]) -> Result<Catalog, Vec<CatalogError>> {
        let mut standards = Vec::new();
        let mut errors = Vec::new();
        for (name, text) in shipped::FILES {
            match load_file_text(&format!("standards/{name}"), text) {
                Ok(s) => standards.push(s),
                Err(mut e) => errors.append(&mut e),
            }
        }
        let mut methods = MethodLibrary::new();
        let (name, text) = methods::SHIPPED;
        if let Err(mut e) = methods::load_text(name, text, &mut methods) {
            errors.append(&mut e);
        }
        for dir in extra_dirs {
            match load_dir(dir) {
                Ok(mut s) => standards.append(&mut s),
                Err(mut e) => errors.append(&mut e),
            }
            if let Err(mut e) = methods::load_dir(dir, &mut methods) {
                errors.append(&mut e);
            }
        }
        let catalog = Catalog { standards, methods };
        errors.extend(catalog.duplicate_errors());
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(errors)
        }
    }

    pub fn from_standards(standards: Vec<Standard>) -> Result<Catalog, Vec<CatalogError>> {
        let catalog = Catalog {
            standards,
            methods: MethodLibrary::new(),
        };
        let errors = catalog.duplicate_errors();
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(errors)
        }
    }

    fn duplicate_errors(&self) -> Vec<CatalogError> {
        let mut seen: BTreeMap<String, &Standard> = BTreeMap::new();
        let mut errors = Vec::new();
        for s in &self.standards {
            if let Some(first) = seen.insert(code_key(&s.code), s) {
                errors.push(CatalogError {
                    file: s.source.clone(),
                    line: 1,
                    message: format!("标准编号“{}”与 {} 重复", s.code, first.source),
                });
            }
        }
        errors
    }

    pub fn standards(&self) -> &[Standard] {
        &self.standards
    }

    /// What a method needs at the bench; nothing for a method the library does not list.
    pub fn method_needs(&self, method: &str) -> MethodNeeds {
        self.methods
            .get(&code_key(method))
            .cloned()
            .unwrap_or_default()
    }

    pub fn get(&self, code: &str) -> Option<&Standard> {
        let key = code_key(code);
        self.standards.iter().find(|s| code_key(&s.code) == key)
    }

    /// Like `get`, with a message that suggests editions of the same number when the code is
    /// missing its year or names an edition not in the library.
    pub fn find(&self, code: &str) -> Result<&Standard, String> {
        if let Some(s) = self.get(code) {
            return Ok(s);
        }
        let stem = code_key(code);
        let stem = stem.split('-').next().unwrap_or(&stem).to_string();
        let similar: Vec<&str> = self
            .standards
            .iter()
            .filter(|s| code_key(&s.code).starts_with(&stem))
            .map(|s| s.code.as_str())
            .collect();
        if similar.is_empty() {
            Err(format!(
                "标准库中没有“{code}”（unilab standards list 可查看全部）"
            ))
        } else {
            Err(format!(
                "标准库中没有“{code}”；请写明版本，可选：{}",
                similar.join("、")
            ))
        }
    }
}
