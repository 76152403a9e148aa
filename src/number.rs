//! Exact result values and GB/T 8170-2008 rounding.
//!
//! A value keeps the text the technician typed next to its exact decimal: binary floating point
//! would round 0.35 to 0.3 and 2.675 to 2.67, both wrong under GB/T 8170.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Why a typed number was refused. The message names the text and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("数值“{text}”无效：{reason}")]
pub struct NumberError {
    pub text: String,
    pub reason: String,
}

impl NumberError {
    fn new(text: &str, reason: impl Into<String>) -> Self {
        NumberError {
            text: text.to_string(),
            reason: reason.into(),
        }
    }
}

/// Parse a decimal as a technician types it: optional sign, digits with `.` as the decimal point,
/// optional exponent (`1.2e-3`). Comma decimals, doubled points, blanks and stray characters are
/// refused with a reason rather than guessed at.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::new(text, "为空（empty）"));
    }
    if t.contains(',') || t.contains('，') {
        return Err(NumberError::new(
            text,
            "小数点须用“.”，不能用逗号（use '.' as the decimal point, not ','）",
        ));
    }
    let bytes = t.as_bytes();
    let mut i = 0;
    if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
        i += 1;
    }
    let mantissa_start = i;
    let mut digits = 0usize;
    let mut points = 0usize;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        if bytes[i] == b'.' {
            points += 1;
        } else {
            digits += 1;
        }
        i += 1;
    }
    if points > 1 {
        return Err(NumberError::new(
            text,
            "含有多个小数点（more than one decimal point）",
        ));
    }
    if digits == 0 {
        return Err(NumberError::new(text, "不是数字（not a number）"));
    }
    let mantissa = &t[mantissa_start..i];
    let mut exponent: i64 = 0;
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let exp_text = &t[i + 1..];
        exponent = exp_text
            .parse::<i64>()
            .map_err(|_| NumberError::new(text, "指数部分无效（bad exponent）"))?;
        i = bytes.len();
    }
    if i != bytes.len() {
        let bad = t[i..].chars().next().unwrap_or(' ');
        return Err(NumberError::new(
            text,
            format!(
                "第 {} 个字符“{}”不是数字的一部分（unexpected character）",
                t[..i].chars().count() + 1,
                bad
            ),
        ));
    }
    let mut value = Decimal::from_str(mantissa)
        .map_err(|_| NumberError::new(text, "超出可表示的范围（out of range）"))?;
    if exponent != 0 {
        value = apply_exponent(value, exponent)
            .ok_or_else(|| NumberError::new(text, "超出可表示的范围（out of range）"))?;
    }
    if bytes[0] == b'-' {
        value.set_sign_negative(true);
    }
    Ok(value)
}

fn apply_exponent(mut value: Decimal, exponent: i64) -> Option<Decimal> {
    if exponent < 0 {
        let scale = value.scale() as i64 - exponent;
        if scale > 28 {
            return None;
        }
        value.set_scale(scale as u32).ok()?;
        Some(value)
    } else {
        let mut v = value;
        for _ in 0..exponent {
            v = v.checked_mul(Decimal::TEN)?;
        }
        Some(v)
    }
}

/// A GB/T 8170 rounding interval: 1, 2 or 5 units of a power of ten (0.01, 0.5 %, 5 MPa, 20 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interval {
    /// The interval itself, normalised (0.5, 20, 0.01).
    step: Decimal,
    /// Decimals the reported value keeps: those of the interval (0.5 → 1, 20 → 0).
    decimals: u32,
}

impl Interval {
    pub fn new(step: Decimal) -> Result<Self, String> {
        let step = step.normalize();
        if step <= Decimal::ZERO {
            return Err(format!(
                "修约间隔“{step}”必须为正数（interval must be positive）"
            ));
        }
        // step = m × 10^-scale with m an integer; m must be 1, 2 or 5 followed by zeros.
        let mut m = step.mantissa();
        while m % 10 == 0 {
            m /= 10;
        }
        if !(m == 1 || m == 2 || m == 5) {
            return Err(format!(
                "修约间隔“{step}”不是 1、2 或 5 乘以 10 的整数次幂（interval must be 1, 2 or 5 × 10ⁿ）"
            ));
        }
        Ok(Interval {
            step,
            decimals: step.scale(),
        })
    }

    /// The interval implied by how a limit or value is written: `97.0` → 0.1, `400` → 1.
    pub fn of_written(value: Decimal) -> Interval {
        let decimals = value.scale();
        let mut step = Decimal::ONE;
        // set_scale cannot fail for scales ≤ 28, which every parsed Decimal has.
        let _ = step.set_scale(decimals);
        Interval { step, decimals }
    }

    pub fn step(&self) -> Decimal {
        self.step
    }

    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    /// Round `value` once to this interval per GB/T 8170: below half drop, above half round up,
    /// exactly half make the kept multiple even; negative values round their absolute value.
    /// Returns `None` only if the value is too large to represent.
    pub fn round(&self, value: Decimal) -> Option<Decimal> {
        // value / step is exact because step = k·10ⁿ with k ∈ {1, 2, 5}.
        let quotient = value.checked_div(self.step)?;
        // MidpointNearestEven is symmetric about zero, so sign handling comes for free.
        let units = quotient.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
        let mut rounded = units.checked_mul(self.step)?;
        rounded.rescale(self.decimals);
        // A result of -0.0 reads oddly on a report; zero has no sign.
        if rounded.is_zero() {
            rounded.set_sign_positive(true);
        }
        Some(rounded)
    }

    /// Round and format with exactly the interval's decimals (1.050 @0.1 → "1.0").
    pub fn round_text(&self, value: Decimal) -> Option<String> {
        self.round(value).map(|d| d.to_string())
    }
}

impl FromStr for Interval {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let d = parse_decimal(s).map_err(|e| e.to_string())?;
        Interval::new(d)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.step)
    }
}

impl Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.step.to_string())
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Entries that mean "this item does not apply to this sample".
pub const NOT_APPLICABLE: &[&str] = &["不适用", "/"];

/// One value as entered for an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResultValue {
    /// A number, with the text as typed.
    Measured { text: String, value: Decimal },
    /// Below the method's detection limit. `lod` is the limit the technician stated (`<0.02`,
    /// `0.02L`) or, for a bare 未检出, the item's own detection limit.
    NotDetected { text: String, lod: Option<Decimal> },
    /// A qualitative observation (无裂纹, 阴性, 符合 …).
    Qualitative { text: String },
}

impl ResultValue {
    /// Read a typed entry. Numbers become `Measured`; 未检出 / ND / `<x` / `xL` become
    /// `NotDetected`; other text is qualitative only when `allow_qualitative`, otherwise it is an
    /// error saying why the number could not be read.
    pub fn parse(text: &str, allow_qualitative: bool) -> Result<ResultValue, NumberError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(NumberError::new(text, "为空（empty）"));
        }
        // Not applicable (e.g. nitrate N when the bag declares none): recorded, never judged.
        if NOT_APPLICABLE.contains(&t) {
            return Ok(ResultValue::Qualitative {
                text: t.to_string(),
            });
        }
        let upper = t.to_ascii_uppercase();
        if t == "未检出" || upper == "ND" || upper == "N.D." {
            return Ok(ResultValue::NotDetected {
                text: t.to_string(),
                lod: None,
            });
        }
        if let Some(rest) = t.strip_prefix('<').or_else(|| t.strip_prefix('＜')) {
            let lod = parse_decimal(rest)?;
            return Ok(ResultValue::NotDetected {
                text: t.to_string(),
                lod: Some(lod),
            });
        }
        if let Some(rest) = t.strip_suffix('L') {
            if let Ok(lod) = parse_decimal(rest) {
                return Ok(ResultValue::NotDetected {
                    text: t.to_string(),
                    lod: Some(lod),
                });
            }
        }
        match parse_decimal(t) {
            Ok(value) => Ok(ResultValue::Measured {
                text: t.to_string(),
                value,
            }),
            Err(e) => {
                let looks_numeric = t
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || "+-.".contains(c));
                if allow_qualitative && !looks_numeric {
                    Ok(ResultValue::Qualitative {
                        text: t.to_string(),
                    })
                } else {
                    Err(e)
                }
            }
        }
    }

    pub fn text(&self) -> &str {
        match self {
            ResultValue::Measured { text, .. }
            | ResultValue::NotDetected { text, .. }
            | ResultValue::Qualitative { text } => text,
        }
    }

    pub fn number(&self) -> Option<Decimal> {
        match self {
            ResultValue::Measured { value, .. } => Some(*value),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    fn round(v: &str, i: &str) -> String {
        let interval: Interval = i.parse().unwrap();
        interval.round_text(dec(v)).unwrap()
    }

    #[test]
    fn domain_vectors() {
        assert_eq!(round("1.050", "0.1"), "1.0");
        assert_eq!(round("0.35", "0.1"), "0.4");
        assert_eq!(round("2.675", "0.01"), "2.68");
        assert_eq!(round("-355", "10"), "-360");
        assert_eq!(round("60.25", "0.5"), "60.0");
        assert_eq!(round("60.38", "0.5"), "60.5");
        assert_eq!(round("830", "20"), "840");
        assert_eq!(round("-930", "20"), "-920");
        assert_eq!(round("97.46", "1"), "97");
    }

    #[test]
    fn five_followed_by_nonzero_rounds_up() {
        assert_eq!(round("1.0501", "0.1"), "1.1");
        assert_eq!(round("1.15", "0.1"), "1.2");
        assert_eq!(round("1.25", "0.1"), "1.2");
    }

    #[test]
    fn reported_text_keeps_interval_decimals() {
        assert_eq!(round("12", "0.01"), "12.00");
        assert_eq!(round("403", "5"), "405");
        assert_eq!(round("0.04", "0.1"), "0.0");
        assert_eq!(round("-0.04", "0.1"), "0.0");
        assert_eq!(round("0.23", "0.2"), "0.2");
        assert_eq!(round("0.3", "0.2"), "0.4");
    }

    #[test]
    fn accepts_signs_and_scientific_notation() {
        assert_eq!(dec("-0.5"), Decimal::new(-5, 1));
        assert_eq!(dec("+12"), Decimal::new(12, 0));
        assert_eq!(dec("1.2e-3"), Decimal::new(12, 4));
        assert_eq!(dec("2.5E2"), Decimal::new(250, 0));
        assert_eq!(dec(".5"), Decimal::new(5, 1));
        assert_eq!(dec("0.050").to_string(), "0.050");
    }

    #[test]
    fn refuses_malformed_numbers_with_reasons() {
        let e = parse_decimal("1,2").unwrap_err();
        assert!(e.reason.contains("逗号"), "{e}");
        let e = parse_decimal("12..3").unwrap_err();
        assert!(e.reason.contains("多个小数点"), "{e}");
        let e = parse_decimal("").unwrap_err();
        assert!(e.reason.contains("为空"), "{e}");
        let e = parse_decimal("12a").unwrap_err();
        assert!(e.reason.contains("第 3 个字符“a”"), "{e}");
        assert!(parse_decimal("1e").is_err());
        assert!(parse_decimal("-").is_err());
    }

    #[test]
    fn intervals_must_be_one_two_or_five() {
        assert!("0.3".parse::<Interval>().is_err());
        assert!("0".parse::<Interval>().is_err());
        assert!("-1".parse::<Interval>().is_err());
        assert_eq!("0.50".parse::<Interval>().unwrap().decimals(), 1);
        assert_eq!("20".parse::<Interval>().unwrap().decimals(), 0);
    }

    #[test]
    fn typed_entries_become_the_right_kind() {
        assert!(matches!(
            ResultValue::parse("未检出", false).unwrap(),
            ResultValue::NotDetected { lod: None, .. }
        ));
        assert_eq!(
            ResultValue::parse("<0.02", false).unwrap(),
            ResultValue::NotDetected {
                text: "<0.02".into(),
                lod: Some(dec("0.02"))
            }
        );
        assert!(matches!(
            ResultValue::parse("0.02L", false).unwrap(),
            ResultValue::NotDetected { .. }
        ));
        assert!(matches!(
            ResultValue::parse("无裂纹", true).unwrap(),
            ResultValue::Qualitative { .. }
        ));
        assert!(ResultValue::parse("无裂纹", false).is_err());
        assert!(ResultValue::parse("1,2", true).is_err());
        assert_eq!(
            ResultValue::parse("0.050", false).unwrap().text(),
            "0.050",
            "the typed text is kept"
        );
    }
}
