//! Limit expressions as standards write them: `≥400`, `≤0.045`, `1.00～4.75`, `10.0±0.1`,
//! `不小于 90`, `无裂纹`, `不得检出`, `实测`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact;
use crate::number::{parse_decimal, Interval};

/// What the standard requires of one item for one grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Requirement {
    AtLeast {
        min: Decimal,
        inclusive: bool,
    },
    AtMost {
        max: Decimal,
        inclusive: bool,
    },
    /// Both ends included (`A～B`).
    Between {
        min: Decimal,
        max: Decimal,
    },
    /// `A±b`, or `±b` around zero (deviations).
    Tolerance {
        nominal: Decimal,
        tolerance: Decimal,
    },
    /// A qualitative requirement such as 无裂纹 or 阴性.
    Qualitative {
        expected: String,
    },
    /// 不得检出: passes only for a not-detected result by the mandated method.
    NotDetectable,
    /// 实测 or `/`: the value is reported, not judged.
    ReportOnly,
}

/// A limit: the text as the standard writes it (printed on the certificate) and its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub text: String,
    pub requirement: Requirement,
}

/// Why a limit expression could not be read; `position` counts characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("限值“{text}”第 {position} 个字符处有误：{reason}")]
pub struct LimitError {
    pub text: String,
    pub position: usize,
    pub reason: String,
}

const AT_LEAST: &[&str] = &["≥", ">=", "＞＝", "不小于", "不低于", "不少于"];
const AT_MOST: &[&str] = &["≤", "<=", "＜＝", "不大于", "不高于", "不超过", "不多于"];
const ABOVE: &[&str] = &[">", "＞", "大于", "高于"];
const BELOW: &[&str] = &["<", "＜", "小于", "低于"];
const REPORT_ONLY: &[&str] = &["实测", "实测值", "/", "—", "-", "报告实测值"];
const NOT_DETECTABLE: &[&str] = &["不得检出", "不应检出"];

impl Limit {
    pub fn parse(text: &str) -> Result<Limit, LimitError> {
        let requirement = parse_requirement(text)?;
        Ok(Limit {
            text: text.trim().to_string(),
            requirement,
        })
    }

    pub fn report_only() -> Limit {
        Limit {
            text: "/".into(),
            requirement: Requirement::ReportOnly,
        }
    }

    pub fn is_report_only(&self) -> bool {
        matches!(self.requirement, Requirement::ReportOnly)
    }

    pub fn is_qualitative(&self) -> bool {
        matches!(self.requirement, Requirement::Qualitative { .. })
    }

    /// The rounding interval the limit is written to (`≥97.0` → 0.1, `≤0.045` → 0.001); the
    /// 修约值比较法 compares at this interval unless the item defines its own.
    pub fn written_interval(&self) -> Option<Interval> {
        let numbers: Vec<Decimal> = match &self.requirement {
            Requirement::AtLeast { min, .. } => vec![*min],
            Requirement::AtMost { max, .. } => vec![*max],
            Requirement::Between { min, max } => vec![*min, *max],
            Requirement::Tolerance { nominal, tolerance } => vec![*nominal, *tolerance],
            _ => return None,
        };
        numbers
            .into_iter()
            .map(Interval::of_written)
            .max_by_key(|i| i.decimals())
    }
}

fn parse_requirement(text: &str) -> Result<Requirement, LimitError> {
    let t = text.trim();
    let lead = text.len() - text.trim_start().len();
    let lead_chars = text[..lead].chars().count();
    let err = |byte_pos: usize, reason: &str| LimitError {
        text: text.to_string(),
        position: lead_chars + t[..byte_pos.min(t.len())].chars().count() + 1,
        reason: reason.to_string(),
    };
    if t.is_empty() {
        return Err(err(0, "限值为空；不判定的项目请写“/”或“实测”"));
    }
    if REPORT_ONLY.contains(&t) {
        return Ok(Requirement::ReportOnly);
    }
    if NOT_DETECTABLE.contains(&t) {
        return Ok(Requirement::NotDetectable);
    }
    // Longest prefixes first: "不小于" before "小于", ">=" before ">".
    let prefixes: [(&[&str], u8); 4] = [(AT_LEAST, 0), (AT_MOST, 1), (ABOVE, 2), (BELOW, 3)];
    for (words, kind) in prefixes {
        if let Some(word) = words.iter().find(|w| t.starts_with(**w)) {
            let rest_start = word.len();
            let rest = &t[rest_start..];
            let skipped = rest.len() - rest.trim_start().len();
            let (value, end) = read_number(t, rest_start + skipped).map_err(|(p, r)| err(p, &r))?;
            if end != t.len() {
                return Err(err(end, "数值后有多余的内容（单位请写在单位栏）"));
            }
            return Ok(match kind {
                0 => Requirement::AtLeast {
                    min: value,
                    inclusive: true,
                },
                1 => Requirement::AtMost {
                    max: value,
                    inclusive: true,
                },
                2 => Requirement::AtLeast {
                    min: value,
                    inclusive: false,
                },
                _ => Requirement::AtMost {
                    max: value,
                    inclusive: false,
                },
            });
        }
    }
    if let Some(rest) = t.strip_prefix('±') {
        let start = t.len() - rest.len();
        let (tolerance, end) = read_number(t, start).map_err(|(p, r)| err(p, &r))?;
        if end != t.len() {
            return Err(err(end, "数值后有多余的内容"));
        }
        return tolerance_of(Decimal::ZERO, tolerance).map_err(|r| err(start, &r));
    }
    let starts_numeric = t
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "+-.".contains(c));
    if !starts_numeric {
        if t.chars().any(|c| c.is_ascii_digit()) {
            return Err(err(
                0,
                "无法识别的限值写法；可用 ≥A ≤A >A <A A～B A±b 或定性要求",
            ));
        }
        return Ok(Requirement::Qualitative {
            expected: t.to_string(),
        });
    }
    let (first, end) = read_number(t, 0).map_err(|(p, r)| err(p, &r))?;
    let rest = &t[end..];
    let op = rest.chars().next();
    match op {
        Some('～') | Some('~') | Some('〜') => {
            let start = end + op.map_or(0, char::len_utf8);
            let (second, end2) = read_number(t, start).map_err(|(p, r)| err(p, &r))?;
            if end2 != t.len() {
                return Err(err(end2, "数值后有多余的内容"));
            }
            if second < first {
                return Err(err(start, "范围的上限小于下限"));
            }
            Ok(Requirement::Between {
                min: first,
                max: second,
            })
        }
        Some('±') => {
            let start = end + '±'.len_utf8();
            let (tolerance, end2) = read_number(t, start).map_err(|(p, r)| err(p, &r))?;
            if end2 != t.len() {
                return Err(err(end2, "数值后有多余的内容"));
            }
            tolerance_of(first, tolerance).map_err(|r| err(start, &r))
        }
        None => Err(err(
            0,
            "单独的数值不是限值；请写明 ≥、≤、～ 或 ±（a bare number is not a limit）",
        )),
        Some(_) => Err(err(end, "此处应为“～”或“±”")),
    }
}

fn tolerance_of(nominal: Decimal, tolerance: Decimal) -> Result<Requirement, String> {
    if tolerance.is_sign_negative() || tolerance.is_zero() {
        return Err("允差必须为正数".into());
    }
    if tolerance_range(nominal, tolerance).is_none() {
        return Err(format!(
            "上下限 {nominal}−{tolerance} 和 {nominal}+{tolerance} 无法精确表示（the limits nominal ± tolerance cannot be held exactly）"
        ));
    }
    Ok(Requirement::Tolerance { nominal, tolerance })
}

/// The closed range `nominal ± tolerance`, or `None` when an end cannot be held exactly (a limit
/// read by [`Limit::parse`] always has one; one read from elsewhere may not).
pub fn tolerance_range(nominal: Decimal, tolerance: Decimal) -> Option<(Decimal, Decimal)> {
    Some((
        exact::sub(nominal, tolerance)?,
        exact::add(nominal, tolerance)?,
    ))
}

/// Read a number starting at byte `start` of `t`; returns the value and the byte just past it.
fn read_number(t: &str, start: usize) -> Result<(Decimal, usize), (usize, String)> {
    let bytes = t.as_bytes();
    let mut i = start;
    if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
        i += 1;
    }
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b',') {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    if i == start {
        return Err((start, "此处应为数值".into()));
    }
    let value = parse_decimal(&t[start..i]).map_err(|e| (start, e.reason))?;
    Ok((value, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(text: &str) -> Requirement {
        Limit::parse(text).unwrap().requirement
    }

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    #[test]
    fn one_sided_limits_in_every_spelling() {
        for t in ["≥400", ">=400", "不小于400", "≥ 400"] {
            assert_eq!(
                req(t),
                Requirement::AtLeast {
                    min: d("400"),
                    inclusive: true
                },
                "{t}"
            );
        }
        for t in ["≤0.045", "<=0.045", "不大于0.045"] {
            assert_eq!(
                req(t),
                Requirement::AtMost {
                    max: d("0.045"),
                    inclusive: true
                },
                "{t}"
            );
        }
        assert_eq!(
            req(">1.5"),
            Requirement::AtLeast {
                min: d("1.5"),
                inclusive: false
            }
        );
        assert_eq!(
            req("<3"),
            Requirement::AtMost {
                max: d("3"),
                inclusive: false
            }
        );
    }

    #[test]
    fn ranges_tolerances_and_words() {
        assert_eq!(
            req("1.00～4.75"),
            Requirement::Between {
                min: d("1.00"),
                max: d("4.75")
            }
        );
        assert_eq!(req("1~2"), req("1～2"));
        assert_eq!(
            req("10.0±0.1"),
            Requirement::Tolerance {
                nominal: d("10.0"),
                tolerance: d("0.1")
            }
        );
        assert_eq!(
            req("±6.0"),
            Requirement::Tolerance {
                nominal: Decimal::ZERO,
                tolerance: d("6.0")
            }
        );
        assert_eq!(
            req("无裂纹"),
            Requirement::Qualitative {
                expected: "无裂纹".into()
            }
        );
        assert_eq!(req("不得检出"), Requirement::NotDetectable);
        assert_eq!(req("实测"), Requirement::ReportOnly);
        assert_eq!(req("/"), Requirement::ReportOnly);
    }

    #[test]
    fn errors_point_at_the_position() {
        let e = Limit::parse("≥4x0").unwrap_err();
        assert_eq!(e.position, 3, "{e}");
        let e = Limit::parse("≥").unwrap_err();
        assert_eq!(e.position, 2, "{e}");
        assert!(e.reason.contains("应为数值"));
        let e = Limit::parse("5～3").unwrap_err();
        assert!(e.reason.contains("上限小于下限"), "{e}");
        let e = Limit::parse("400").unwrap_err();
        assert!(e.reason.contains("不是限值"), "{e}");
        let e = Limit::parse("≥1,5").unwrap_err();
        assert!(e.reason.contains("逗号"), "{e}");
        let e = Limit::parse("≥400 MPa").unwrap_err();
        assert_eq!(e.position, 5, "{e}");
        assert!(Limit::parse("").is_err());
        assert!(Limit::parse("约5").is_err());
    }

    #[test]
    fn written_interval_follows_the_decimals() {
        let i = Limit::parse("≥97.0").unwrap().written_interval().unwrap();
        assert_eq!(i.step(), d("0.1"));
        let i = Limit::parse("10.0±0.15")
            .unwrap()
            .written_interval()
            .unwrap();
        assert_eq!(i.step(), d("0.01"));
        assert!(Limit::parse("无裂纹").unwrap().written_interval().is_none());
    }

    #[test]
    fn bounds_a_decimal_cannot_hold_are_refused() {
        // nominal + tolerance overflowed when judged.
        let e = Limit::parse("79228162514264337593543950335±1").unwrap_err();
        assert!(e.reason.contains("无法精确表示"), "{e}");
        let e = Limit::parse("-79228162514264337593543950335±1").unwrap_err();
        assert!(e.reason.contains("无法精确表示"), "{e}");
        // 1e20 ± 1e-20 needs 41 digits; rust_decimal would round the ends.
        assert!(Limit::parse("100000000000000000000±0.00000000000000000001").is_err());
        assert!(Limit::parse("79228162514264337593543950334±1").is_ok());
        let e = Limit::parse("≤12.000000000000000000000000000001").unwrap_err();
        assert!(e.reason.contains("28"), "{e}");
        let e = Limit::parse("1～79228162514264337593543950336").unwrap_err();
        assert!(e.reason.contains("无法表示"), "{e}");
        assert!(Limit::parse("≥1e999999999").is_err());
        assert_eq!(req("≥0e999999999"), req("≥0"));
    }

    #[test]
    fn a_million_characters_are_refused_in_one_pass() {
        let long = format!("≥{}", "9".repeat(1_000_000));
        assert!(Limit::parse(&long).is_err());
        let long = format!("1～{}", "1.".repeat(500_000));
        assert!(Limit::parse(&long).is_err());
    }
}
