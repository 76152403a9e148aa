//! Exact result values and GB/T 8170-2008 rounding.
//!
//! A value keeps the text the technician typed next to its exact decimal: binary floating point
//! would round 0.35 to 0.3 and 2.675 to 2.67, both wrong under GB/T 8170.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Why a typed number was refused. The message names the text and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("数值“{text}”无效：{reason}")]
pub struct NumberError {
    pub text: String,
    pub reason: String,
}

impl NumberError {
    /// Both languages. The reasons are written `中文（English）`; the English side takes the
    /// part in brackets.
    pub fn msg(&self) -> crate::message::Msg {
        let text = &self.text;
        let reason = self.reason.as_str();
        let en = reason
            .rsplit_once('（')
            .and_then(|(_, e)| e.strip_suffix('）'))
            .unwrap_or(reason);
        crate::message::Msg::new(
            self.to_string(),
            format!("“{text}” is not a valid value: {en}"),
        )
    }

    /// `text` is echoed in the message; a very long one is cut to its first 40 characters so
    /// that a pasted page does not become the whole message.
    fn new(text: &str, reason: impl Into<String>) -> Self {
        const SHOWN: usize = 40;
        let text = match text.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{}…（共 {} 个字符）", &text[..cut], text.chars().count()),
            None => text.to_string(),
        };
        NumberError {
            text,
            reason: reason.into(),
        }
    }
}

/// The largest mantissa a Decimal holds: 2⁹⁶ − 1 = 79228162514264337593543950335.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;
/// Digits in [`MAX_MANTISSA`].
const MAX_DIGITS: usize = 29;
/// Decimal places a Decimal holds.
const MAX_SCALE: i64 = 28;

const TOO_MANY_DIGITS: &str =
    "有效数字超过 28 位，无法精确表示（more than 28 significant digits cannot be held exactly）";
const TOO_MANY_PLACES: &str =
    "小数位数超过 28 位，无法精确表示（more than 28 decimal places cannot be held exactly）";
const TOO_LARGE: &str =
    "绝对值超过 79228162514264337593543950335，无法表示（magnitude too large to be held）";

/// What a Chinese input method types for a number, read as ASCII: full-width digits, signs,
/// point and exponent letter, the minus sign U+2212, the ideographic space, and the ideographic
/// full stop `。` where it can only be a decimal point (between two digits). One character for
/// one, so positions in messages stay those of the typed text. A decimal comma is left alone, to
/// be refused with its own message.
pub fn ascii_form(text: &str) -> std::borrow::Cow<'_, str> {
    fn simple(c: char) -> char {
        match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＋' => '+',
            '－' | '−' => '-',
            '．' => '.',
            'ｅ' | 'Ｅ' => 'e',
            '\u{3000}' => ' ',
            other => other,
        }
    }
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().map(simple).collect();
    let out = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit_at = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            if c == '。' && digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)) {
                '.'
            } else {
                c
            }
        })
        .collect();
    std::borrow::Cow::Owned(out)
}

/// Parse a decimal as a technician types it: optional sign, digits with `.` as the decimal point,
/// optional exponent (`1.2e-3`). Comma decimals, doubled points, blanks and stray characters are
/// refused with a reason rather than guessed at, and so is a value the exact decimal cannot hold
/// (more than 28 decimal places, more significant digits than fit, or too large): it is never
/// rounded. The work is linear in the length of the text, whatever the exponent.
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let ascii = ascii_form(text);
    let t = ascii.trim();
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
    let negative = bytes.first() == Some(&b'-');
    if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
        i += 1;
    }
    // The significant digits (from the first non-zero one) and how many follow the point.
    let mut significant: Vec<u8> = Vec::new();
    let mut digits = 0usize;
    let mut points = 0usize;
    let mut fraction_digits = 0usize;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        if bytes[i] == b'.' {
            points += 1;
        } else {
            digits += 1;
            if points > 0 {
                fraction_digits += 1;
            }
            if bytes[i] != b'0' || !significant.is_empty() {
                significant.push(bytes[i] - b'0');
            }
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
    let mut exponent: i64 = 0;
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        exponent = read_exponent(&bytes[i + 1..])
            .ok_or_else(|| NumberError::new(text, "指数部分无效（bad exponent）"))?;
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
    // value = significant × 10^-scale. Saturating: any scale this far out is refused below.
    let scale = i64::try_from(fraction_digits)
        .unwrap_or(i64::MAX)
        .saturating_sub(exponent);
    exact_decimal(negative, &significant, scale).map_err(|reason| NumberError::new(text, reason))
}

/// The exponent after `e`: an optional sign and at least one digit. Saturates far beyond any
/// exponent a Decimal can use, so `e999999999999999999999` is read in one pass too.
fn read_exponent(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut e: i64 = 0;
    for d in digits {
        e = e.saturating_mul(10).saturating_add(i64::from(d - b'0'));
    }
    Some(if negative { -e } else { e })
}

/// `±significant × 10^-scale` as a Decimal, or why it cannot be held exactly.
fn exact_decimal(negative: bool, significant: &[u8], scale: i64) -> Result<Decimal, &'static str> {
    // Zeros at the end of the fraction only say how many places were written. When a value
    // written with places a Decimal can carry (at most 28) has more digits in all than its
    // 96 bits hold (80000000000000000000000.000000), those zeros go: the value is unchanged,
    // only fewer places are kept. More than 28 places, or any other digit that does not fit,
    // is refused as before.
    let (mut significant, mut scale) = (significant, scale);
    while scale > 0
        && scale <= MAX_SCALE
        && significant.last() == Some(&0)
        && (significant.len() > MAX_DIGITS || digits_value(significant, 0) > MAX_MANTISSA)
    {
        significant = &significant[..significant.len() - 1];
        scale -= 1;
    }
    if significant.is_empty() {
        // Zero: 0e999999999 is just 0; its decimal places are kept when they fit.
        if scale > MAX_SCALE {
            return Err(TOO_MANY_PLACES);
        }
        return Ok(Decimal::new(0, u32::try_from(scale.max(0)).unwrap_or(0)));
    }
    let count = i64::try_from(significant.len()).unwrap_or(i64::MAX);
    // Digits before the decimal point.
    let integer_digits = count.saturating_sub(scale);
    if integer_digits > MAX_DIGITS as i64 {
        return Err(TOO_LARGE);
    }
    // Zeros the exponent appends (1.5e3 → 1500); at most 29 once the check above passed.
    let padding = usize::try_from(-scale.min(0)).unwrap_or(MAX_DIGITS);
    if integer_digits == MAX_DIGITS as i64 {
        let kept = significant.len().min(MAX_DIGITS);
        let integer_part = digits_value(&significant[..kept], MAX_DIGITS - kept);
        if integer_part > MAX_MANTISSA {
            return Err(TOO_LARGE);
        }
    }
    if scale > MAX_SCALE {
        return Err(TOO_MANY_PLACES);
    }
    if significant.len().saturating_add(padding) > MAX_DIGITS {
        return Err(TOO_MANY_DIGITS);
    }
    let mantissa = digits_value(significant, padding);
    if mantissa > MAX_MANTISSA {
        return Err(TOO_MANY_DIGITS);
    }
    let m = i128::try_from(mantissa).map_err(|_| TOO_LARGE)?;
    let m = if negative { -m } else { m };
    let s = u32::try_from(scale.max(0)).map_err(|_| TOO_MANY_PLACES)?;
    Decimal::try_from_i128_with_scale(m, s).map_err(|_| TOO_LARGE)
}

/// The integer the digits spell, followed by `zeros` zeros; at most 29 digits in all, so it
/// stays far below `u128::MAX`.
fn digits_value(digits: &[u8], zeros: usize) -> u128 {
    let mut v: u128 = 0;
    for &d in digits.iter().chain(std::iter::repeat_n(&0u8, zeros)) {
        v = v.saturating_mul(10).saturating_add(u128::from(d));
    }
    v
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
    /// The work is done on the integer mantissas, so it is exact for every Decimal. Returns
    /// `None` only when the result, written with the interval's decimals, cannot be held
    /// (79228162514264337593543950335 to 0.01).
    pub fn round(&self, value: Decimal) -> Option<Decimal> {
        let (mv, sv) = (value.mantissa(), value.scale());
        // step = mk × 10^-sk with mk > 0; normalised, so mk is 1, 2 or 5 whenever sk > 0.
        let (mk, sk) = (self.step.mantissa(), self.step.scale());
        let kept: i128 = if sv < sk {
            // Fewer decimals than the step, whose mantissa divides 10: already a multiple.
            mv.checked_mul(10i128.checked_pow(sk - sv)?)?
        } else {
            match 10i128.checked_pow(sv - sk).and_then(|p| mk.checked_mul(p)) {
                // The step at the value's scale is beyond 2¹²⁷ while |value| < 2⁹⁶: below half.
                None => 0,
                Some(step) => {
                    let (q, r) = (mv / step, mv % step);
                    // Both below 2¹²⁷, so twice the remainder fits in u128.
                    let twice = r.unsigned_abs() * 2;
                    let step = step.unsigned_abs();
                    let up = twice > step || (twice == step && q % 2 != 0);
                    let q = if up { q + mv.signum() } else { q };
                    q.checked_mul(mk)?
                }
            }
        };
        // A result of -0.0 reads oddly on a report; zero has no sign (i128 has no −0).
        Decimal::try_from_i128_with_scale(kept, sk).ok()
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

    #[test]
    fn trailing_zeros_give_way_when_only_they_do_not_fit() {
        // 23 digits before the point and 6 zeros after: 29 digits written, 8e22 held exactly.
        let d = parse_decimal("80000000000000000000000.000000").unwrap();
        assert_eq!(
            d,
            Decimal::from_i128_with_scale(80_000_000_000_000_000_000_000, 0)
        );
        // Places that fit are kept as written.
        assert_eq!(parse_decimal("12.50").unwrap().to_string(), "12.50");
        // A non-zero digit that does not fit is still refused.
        assert!(parse_decimal("12.5000000000000000000000000000001").is_err());
        assert!(parse_decimal("80000000000000000000000.000001").is_err());
    }

    #[test]
    fn full_width_input_reads_as_ascii_and_the_typed_text_is_kept() {
        assert_eq!(parse_decimal("－２．３").unwrap().to_string(), "-2.3");
        assert_eq!(parse_decimal("４５０").unwrap().to_string(), "450");
        assert_eq!(parse_decimal("１２。５").unwrap().to_string(), "12.5");
        assert_eq!(parse_decimal("１．２Ｅ－３").unwrap().to_string(), "0.0012");
        assert_eq!(parse_decimal("−0.5").unwrap().to_string(), "-0.5");
        // A full stop that is not between digits is not a decimal point.
        assert!(parse_decimal("12。").is_err());
        // The decimal comma is refused with the same message in either width.
        let half = parse_decimal("1,2").unwrap_err().reason;
        let full = parse_decimal("１，２").unwrap_err().reason;
        assert_eq!(half, full);
        let v = ResultValue::parse("－２．３", false).unwrap();
        assert_eq!(v.text(), "－２．３");
        assert_eq!(v.number().unwrap().to_string(), "-2.3");
    }
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

    #[test]
    fn huge_exponents_are_read_in_one_pass() {
        // Used to loop once per unit of exponent: `round 0e999999999` never returned.
        assert_eq!(dec("0e999999999"), Decimal::ZERO);
        assert_eq!(dec("-0.000E+999999999999999999999999"), Decimal::ZERO);
        assert_eq!(dec("0e-5").to_string(), "0.00000");
        let e = parse_decimal("1e999999999").unwrap_err();
        assert!(e.reason.contains("无法表示"), "{e}");
        let e = parse_decimal("1e-999999999").unwrap_err();
        assert!(e.reason.contains("小数位数超过 28 位"), "{e}");
        let e = parse_decimal("0e-999999999").unwrap_err();
        assert!(e.reason.contains("小数位数超过 28 位"), "{e}");
        assert!(parse_decimal("1e99999999999999999999999999").is_err());
        assert_eq!(dec("1.5e3").to_string(), "1500");
        assert_eq!(
            dec("-2.5E-27").to_string(),
            "-0.0000000000000000000000000025"
        );
        assert!(parse_decimal("2.5e-28").is_err());
        assert_eq!(dec("7.9228162514264337593543950335e28"), Decimal::MAX);
        assert!(parse_decimal("7.9228162514264337593543950336e28").is_err());
    }

    #[test]
    fn digits_a_decimal_cannot_hold_are_refused_not_rounded() {
        // Decimal::from_str rounded these silently: 12.5…01 became 12.5 and rounded to 12.
        for text in [
            "12.5000000000000000000000000000001",
            "12.000000000000000000000000000001",
            "0.00000000000000000000000000001",
            "1.00000000000000000000000000000",
        ] {
            let e = parse_decimal(text).unwrap_err();
            assert!(e.reason.contains("28"), "{text}: {e}");
            assert!(e.reason.contains("cannot be held exactly"), "{text}: {e}");
        }
        let e = parse_decimal("7.9228162514264337593543950336").unwrap_err();
        assert!(e.reason.contains("有效数字超过 28 位"), "{e}");
        let e = parse_decimal("79228162514264337593543950336").unwrap_err();
        assert!(e.reason.contains("79228162514264337593543950335"), "{e}");
        let e = parse_decimal("99999999999999999999999999999.5").unwrap_err();
        assert!(e.reason.contains("too large"), "{e}");
        assert_eq!(dec("79228162514264337593543950335"), Decimal::MAX);
        assert_eq!(dec("-79228162514264337593543950335"), Decimal::MIN);
        assert_eq!(
            dec("0.0000000000000000000000000001"),
            Decimal::new(1, 28),
            "28 places fit"
        );
        assert_eq!(
            dec("7.9228162514264337593543950335").to_string(),
            "7.9228162514264337593543950335"
        );
        assert_eq!(
            dec("000000000000000000000000000000000012.50").to_string(),
            "12.50"
        );
        assert!("0.00000000000000000000000000001"
            .parse::<Interval>()
            .is_err());
        assert!(ResultValue::parse("<0.00000000000000000000000000001", false).is_err());
    }

    #[test]
    fn a_million_characters_are_refused_in_one_pass() {
        let long = "1".repeat(1_000_000);
        assert!(parse_decimal(&long).is_err());
        let tiny = format!("0.{}1", "0".repeat(1_000_000));
        assert!(parse_decimal(&tiny).is_err());
        let zeros = format!("{}1", "0".repeat(1_000_000));
        assert_eq!(dec(&zeros), Decimal::ONE);
        let e = ResultValue::parse(&format!("{long}x"), true).unwrap_err();
        assert!(e.text.chars().count() < 80, "the echo is cut: {}", e.text);
    }

    #[test]
    fn rounding_is_exact_across_the_whole_decimal_range() {
        let i = |s: &str| s.parse::<Interval>().unwrap();
        assert_eq!(i("1").round(Decimal::MAX), Some(Decimal::MAX));
        assert_eq!(i("1").round(Decimal::MIN), Some(Decimal::MIN));
        // …335 ÷ 2 is …167.5; the even multiple …168 × 2 does not fit.
        assert_eq!(i("2").round(Decimal::MAX), None);
        assert_eq!(i("0.01").round(Decimal::MAX), None, "needs 31 digits");
        assert_eq!(i("10").round(Decimal::MAX), None, "…33.5 tens go to …34");
        assert_eq!(
            i("10").round(dec("79228162514264337593543950325")),
            Some(dec("79228162514264337593543950320"))
        );
        // Exactly half at the 28th place goes to the even multiple.
        assert_eq!(
            i("0.000000000000000000000000001").round(dec("0.0000000000000000000000000015")),
            Some(dec("0.000000000000000000000000002"))
        );
        assert_eq!(
            i("0.000000000000000000000000001").round(dec("0.0000000000000000000000000025")),
            Some(dec("0.000000000000000000000000002"))
        );
        assert_eq!(
            i("5").round(dec("0.0000000000000000000000000001")),
            Some(Decimal::ZERO)
        );
        assert_eq!(
            i("50000000000000000000000000000").round(dec("25000000000000000000000000001")),
            Some(dec("50000000000000000000000000000"))
        );
        assert_eq!(i("0.5").round(dec("-7")).unwrap().to_string(), "-7.0");
    }
}
