//! The method library: what a test method needs at the bench — the kind of instrument it is
//! measured with and the environmental conditions it must run in (RB/T 214 §4.4, §4.5.11).
//! Kept apart from the standards because one method serves many products' items.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::load::CatalogError;

/// The shipped method library, compiled in like the standards.
pub const SHIPPED: (&str, &str) = (
    "standards/methods/methods.toml",
    include_str!("../../standards/methods/methods.toml"),
);

/// A closed range of an environmental condition; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ConditionRange {
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl ConditionRange {
    /// `10～35` (also `10~35`, `10-35`), `≥50`, `≤80`.
    pub fn parse(text: &str) -> Result<ConditionRange, String> {
        let t = text.trim();
        let num = |s: &str| {
            s.trim()
                .parse::<Decimal>()
                .map_err(|_| format!("“{s}”不是数值"))
        };
        if let Some(rest) = t.strip_prefix('≥').or_else(|| t.strip_prefix(">=")) {
            return Ok(ConditionRange {
                min: Some(num(rest)?),
                max: None,
            });
        }
        if let Some(rest) = t.strip_prefix('≤').or_else(|| t.strip_prefix("<=")) {
            return Ok(ConditionRange {
                min: None,
                max: Some(num(rest)?),
            });
        }
        let sep = ['～', '~', '-'];
        // Skip a leading minus sign (−5～5) when looking for the separator.
        let start = usize::from(t.starts_with('-'));
        match t[start..].find(sep) {
            Some(at) => {
                let at = at + start;
                let sep_len = t[at..].chars().next().map_or(1, char::len_utf8);
                let (lo, hi) = (num(&t[..at])?, num(&t[at + sep_len..])?);
                if lo > hi {
                    return Err(format!("范围“{t}”下限大于上限"));
                }
                Ok(ConditionRange {
                    min: Some(lo),
                    max: Some(hi),
                })
            }
            None => Err(format!("“{t}”不是范围（写作 10～35、≥50 或 ≤80）")),
        }
    }

    pub fn contains(&self, v: Decimal) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

impl fmt::Display for ConditionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) => write!(f, "{a}～{b}"),
            (Some(a), None) => write!(f, "≥{a}"),
            (None, Some(b)) => write!(f, "≤{b}"),
            (None, None) => f.write_str("/"),
        }
    }
}

/// What a method needs, copied onto each item of an order at registration (like its limits),
/// so a later change to the library never changes what an order was tested under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MethodNeeds {
    /// The kind of instrument (万能材料试验机); result entry needs one of this kind.
    #[serde(default)]
    pub instrument: Option<String>,
    /// Temperature in ℃.
    #[serde(default)]
    pub temperature: Option<ConditionRange>,
    /// Relative humidity in %.
    #[serde(default)]
    pub humidity: Option<ConditionRange>,
}

impl MethodNeeds {
    pub fn is_empty(&self) -> bool {
        self.instrument.is_none() && self.temperature.is_none() && self.humidity.is_none()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLibrary {
    #[serde(default)]
    methods: Vec<RawMethod>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMethod {
    code: String,
    instrument: Option<String>,
    temperature: Option<String>,
    humidity: Option<String>,
}

/// Method needs by method code (compared without spaces and case).
pub type MethodLibrary = BTreeMap<String, MethodNeeds>;

/// Parse one method file; every problem is reported with the file and the method's code.
pub fn load_text(
    file: &str,
    text: &str,
    into: &mut MethodLibrary,
) -> Result<(), Vec<CatalogError>> {
    let error = |message: String| CatalogError {
        file: file.to_string(),
        line: 0,
        message,
    };
    let raw: RawLibrary =
        toml::from_str(text).map_err(|e| vec![error(e.message().trim().into())])?;
    let mut errors = Vec::new();
    for m in raw.methods {
        let range = |what: &str, t: &Option<String>, errors: &mut Vec<CatalogError>| {
            t.as_deref().and_then(|t| {
                ConditionRange::parse(t)
                    .map_err(|e| errors.push(error(format!("方法 {} 的{what}：{e}", m.code))))
                    .ok()
            })
        };
        let needs = MethodNeeds {
            instrument: m.instrument.clone().filter(|s| !s.trim().is_empty()),
            temperature: range("温度", &m.temperature, &mut errors),
            humidity: range("湿度", &m.humidity, &mut errors),
        };
        if into.insert(super::code_key(&m.code), needs).is_some() {
            errors.push(error(format!("方法 {} 重复", m.code)));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Every `*.toml` in `dir/methods/` (a lab's own method library beside its standards).
pub fn load_dir(dir: &Path, into: &mut MethodLibrary) -> Result<(), Vec<CatalogError>> {
    let dir = dir.join("methods");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(());
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                if let Err(mut e) = load_text(&name, &text, into) {
                    errors.append(&mut e);
                }
            }
            Err(e) => errors.push(CatalogError {
                file: name,
                line: 0,
                message: format!("无法读取文件：{e}"),
            }),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_read_as_standards_write_them() {
        let r = ConditionRange::parse("10～35").unwrap();
        assert!(r.contains(dec("10")) && r.contains(dec("35")));
        assert!(!r.contains(dec("9.9")) && !r.contains(dec("35.1")));
        assert_eq!(r.to_string(), "10～35");
        let r = ConditionRange::parse("≥50").unwrap();
        assert!(r.contains(dec("50")) && !r.contains(dec("49.9")));
        let r = ConditionRange::parse("-5~5").unwrap();
        assert!(r.contains(dec("-5")) && !r.contains(dec("-6")));
        assert!(ConditionRange::parse("35～10").is_err());
        assert!(ConditionRange::parse("室温").is_err());
    }

    #[test]
    fn the_shipped_library_loads_and_names_the_tensile_machine() {
        let mut lib = MethodLibrary::new();
        load_text(SHIPPED.0, SHIPPED.1, &mut lib).unwrap();
        let tensile = &lib[&crate::catalog::code_key("GB/T 28900-2022")];
        assert_eq!(tensile.instrument.as_deref(), Some("万能材料试验机"));
        assert_eq!(tensile.temperature.unwrap().to_string(), "10～35");
    }
}
