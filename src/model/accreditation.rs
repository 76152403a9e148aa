//! The lab's accreditation: its CMA (资质认定) and CNAS certificate numbers and the scope they
//! cover. RB/T 214 §4.5.20 wants a report to mark the items outside that scope, and a report
//! with no item inside may not carry the CMA mark at all.

use serde::{Deserialize, Serialize};

use crate::message::Msg;
use crate::msg;

/// What the lab's accreditation covers, as the administrator recorded it (audited).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accreditation {
    /// 资质认定证书编号, printed under the CMA mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cma_number: Option<String>,
    /// CNAS 认可证书编号 (e.g. `CNAS L1234`), printed under the CNAS mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnas_number: Option<String>,
    /// The accredited scope. Empty: not recorded, and then no item is marked as outside.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<ScopeEntry>,
}

/// One line of the scope: a product standard (then `items` may narrow it to some of its
/// items) or a method standard (every item tested by that method).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeEntry {
    /// Standard code with edition, e.g. `GB 1499.2-2024` or `GB/T 28900-2022`.
    pub standard: String,
    /// Item codes of a product standard (`ReL`, `Rm`); empty for all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// The scope as a file: `[[scope]]` tables with `standard` and optional `items`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeFile {
    #[serde(default)]
    pub scope: Vec<ScopeEntry>,
}

/// The marks a certificate carries, decided when it is issued and kept with its content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cma: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnas: Option<String>,
}

impl Accreditation {
    pub fn is_unset(&self) -> bool {
        *self == Accreditation::default()
    }

    pub fn validate(&self) -> Result<(), Msg> {
        use super::text::check_text;
        for (name, value) in [
            (
                ["资质认定证书编号", "CMA certificate number"],
                &self.cma_number,
            ),
            (
                ["CNAS 认可证书编号", "CNAS accreditation number"],
                &self.cnas_number,
            ),
        ] {
            if let Some(v) = value {
                check_text(name, v)?;
                if v.trim().is_empty() || v.chars().count() > 40 {
                    let [zh, en] = name;
                    return Err(msg!(
                        "{zh}“{v}”应为 1～40 个字符",
                        "{en} “{v}” must be 1 to 40 characters"
                    ));
                }
            }
        }
        for (i, e) in self.scope.iter().enumerate() {
            let n = i + 1;
            if e.standard.trim().is_empty() {
                return Err(msg!(
                    "资质认定范围第 {n} 条没有标准编号",
                    "Scope entry {n} names no standard"
                ));
            }
            check_text(["资质认定范围", "Accredited scope"], &e.standard)?;
            if e.items.iter().any(|c| c.trim().is_empty()) {
                let code = &e.standard;
                return Err(msg!(
                    "资质认定范围第 {n} 条（{code}）有空的项目代号",
                    "Scope entry {n} ({code}) has an empty item code"
                ));
            }
        }
        Ok(())
    }

    /// Whether an item (`code`, tested by `method`) of an order judged against the product
    /// standard `standard` is inside the scope. An unrecorded scope covers everything.
    pub fn covers(&self, standard: &str, code: &str, method: &str) -> bool {
        self.scope.is_empty()
            || self.scope.iter().any(|e| {
                let by_product = e.standard == standard
                    && (e.items.is_empty() || e.items.iter().any(|c| c == code));
                by_product || (e.items.is_empty() && names_standard(method, &e.standard))
            })
    }

    /// The marks of a certificate whose items are inside the scope or not (`inside` per item):
    /// none at all when no item is inside.
    pub fn marks(&self, inside: &[bool]) -> Option<Marks> {
        if self.cma_number.is_none() && self.cnas_number.is_none() {
            return None;
        }
        let any_inside = inside.iter().any(|i| *i);
        Some(Marks {
            cma: self.cma_number.clone().filter(|_| any_inside),
            cnas: self.cnas_number.clone().filter(|_| any_inside),
        })
    }
}

/// `method` (`GB 1499.2-2024（重量偏差测量）`, `GB/T 228.1-2021 §10`) is `code` itself or
/// starts with it followed by something that is not part of a code, so `GB/T 228.1-2021` does
/// not name `GB/T 228.1-202`.
fn names_standard(method: &str, code: &str) -> bool {
    match method.strip_prefix(code) {
        Some(rest) => rest
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-')),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acc(scope: &[(&str, &[&str])]) -> Accreditation {
        Accreditation {
            cma_number: Some("241312345678".into()),
            cnas_number: None,
            scope: scope
                .iter()
                .map(|(s, items)| ScopeEntry {
                    standard: s.to_string(),
                    items: items.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn an_item_is_inside_by_its_product_standard_its_code_or_its_method() {
        let a = acc(&[("GB 1499.2-2024", &["ReL", "Rm"]), ("GB/T 28900-2022", &[])]);
        assert!(a.covers("GB 1499.2-2024", "ReL", "GB/T 228.1-2021"));
        assert!(!a.covers("GB 1499.2-2024", "W", "GB 1499.2-2024（重量偏差测量）"));
        assert!(a.covers("GB 1499.2-2024", "bend", "GB/T 28900-2022"));
        assert!(a.covers("GB 1499.2-2024", "Agt", "GB/T 28900-2022 §5"));
        // A longer code is another standard.
        assert!(!a.covers("GB 175-2023", "x", "GB/T 28900-20221"));
        assert!(!a.covers("GB 2762-2022", "Pb", "GB 5009.12-2023"));
        // Nothing recorded: nothing is marked.
        assert!(acc(&[]).covers("GB 2762-2022", "Pb", "GB 5009.12-2023"));
    }

    #[test]
    fn the_marks_are_withheld_when_no_item_is_inside() {
        let a = acc(&[("GB 1499.2-2024", &[])]);
        assert_eq!(
            a.marks(&[false, true]).unwrap().cma.as_deref(),
            Some("241312345678")
        );
        assert_eq!(a.marks(&[false, false]), Some(Marks::default()));
        assert_eq!(Accreditation::default().marks(&[true]), None);
    }

    #[test]
    fn a_scope_entry_without_a_standard_is_refused_with_its_place() {
        let mut a = acc(&[("GB 1499.2-2024", &[]), (" ", &[])]);
        assert!(a.validate().unwrap_err().zh.contains("第 2 条"));
        a.scope.pop();
        a.cma_number = Some(String::new());
        assert!(a.validate().is_err());
    }
}
