//! Rounding to significant figures (GB/T 8170-2008 §3.3 style), beside rounding intervals.
//!
//! Some methods report to n significant figures instead of a fixed interval, and the count may
//! change at a threshold: the GB 5009 metal methods give two figures below 1.00 mg/kg and three
//! from 1.00 up. The rounding itself stays GB/T 8170 half-even on the exact decimal, applied
//! once, at the digit position the significant figures give: 0.1234 → 0.12, 1.234 → 1.23.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::number::Interval;

/// Which value decides on which side of the threshold a result falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdOn {
    /// The unrounded value (0.996 is below 1.00: two figures, reported 1.0).
    #[default]
    Raw,
    /// The value rounded with the lower count (0.996 → 1.0 reaches 1.00: three figures, 1.00).
    Rounded,
}

/// n significant figures, or `below` figures under `threshold` and `above` from it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SignificantFigures {
    pub below: u32,
    /// Where the count changes; `None` for one count throughout.
    #[serde(default)]
    pub threshold: Option<Decimal>,
    /// Figures from the threshold up (the same as `below` without a threshold).
    pub above: u32,
    #[serde(default)]
    pub threshold_on: ThresholdOn,
}

impl SignificantFigures {
    /// Checked constructor: counts from 1 to 28, a positive threshold.
    pub fn new(
        below: u32,
        threshold: Option<Decimal>,
        above: u32,
        threshold_on: ThresholdOn,
    ) -> Result<Self, String> {
        for n in [below, above] {
            if !(1..=28).contains(&n) {
                return Err(format!(
                    "有效数字位数 {n} 无效，应为 1～28（significant figures must be 1 to 28）"
                ));
            }
        }
        if threshold.is_some_and(|t| t <= Decimal::ZERO) {
            return Err("有效数字的分界值必须为正数（the threshold must be positive）".into());
        }
        Ok(SignificantFigures {
            below,
            threshold,
            above: if threshold.is_some() { above } else { below },
            threshold_on,
        })
    }

    /// The interval that rounding `value` uses, or `None` for zero (nothing to round) and for a
    /// position a Decimal cannot hold (more than 28 decimal places).
    pub fn interval_for(&self, value: Decimal) -> Option<Interval> {
        self.choose(value).map(|(i, _)| i)
    }

    /// The interval and the number of figures it keeps.
    fn choose(&self, value: Decimal) -> Option<(Interval, u32)> {
        let below = (interval_at(value, self.below)?, self.below);
        let Some(threshold) = self.threshold else {
            return Some(below);
        };
        let judged = match self.threshold_on {
            ThresholdOn::Raw => value,
            ThresholdOn::Rounded => keep_figures(below.0.round(value)?, self.below),
        };
        if judged.abs() >= threshold {
            // On the rounded value, the figures count from its leading digit: 0.996 reads as
            // 1.0, a value from 1.00 up, so it is reported as 1.00.
            Some((interval_at(judged, self.above)?, self.above))
        } else {
            Some(below)
        }
    }

    /// Round `value` once to its significant figures. Zero stays as typed; `None` when the
    /// position cannot be held.
    pub fn round(&self, value: Decimal) -> Option<Decimal> {
        if value.is_zero() {
            return Some(value);
        }
        let (interval, n) = self.choose(value)?;
        Some(keep_figures(interval.round(value)?, n))
    }
}

/// 9.996 to three figures rounds to 10.00 at 0.01, which reads as four figures: the carry into
/// a new leading digit makes the last one superfluous, so it is dropped (10.0). Only trailing
/// zeros of the decimals are dropped, so the value is unchanged.
fn keep_figures(rounded: Decimal, n: u32) -> Decimal {
    let m = rounded.mantissa().unsigned_abs();
    if m == 0 {
        return rounded;
    }
    let digits = m.ilog10() + 1;
    let mut drop = digits.saturating_sub(n).min(rounded.scale());
    while drop > 0 && !m.is_multiple_of(10u128.pow(drop)) {
        drop -= 1;
    }
    let mut r = rounded;
    r.rescale(rounded.scale() - drop);
    r
}

/// The power of ten of the leading digit: 0.05349 → −2, 2.345 → 0, 1234 → 3. `None` for zero.
pub fn magnitude(value: Decimal) -> Option<i64> {
    if value.is_zero() {
        return None;
    }
    let digits = i64::from(value.mantissa().unsigned_abs().ilog10()) + 1;
    Some(digits - 1 - i64::from(value.scale()))
}

/// The interval 10^(e − n + 1) that keeps n figures of a value whose leading digit is 10^e.
fn interval_at(value: Decimal, n: u32) -> Option<Interval> {
    let exponent = magnitude(value)? - i64::from(n) + 1;
    let step = if exponent >= 0 {
        Decimal::from_i128_with_scale(10i128.checked_pow(u32::try_from(exponent).ok()?)?, 0)
    } else {
        let scale = u32::try_from(-exponent).ok()?;
        if scale > 28 {
            return None;
        }
        Decimal::new(1, scale)
    };
    Interval::new(step).ok()
}

impl fmt::Display for SignificantFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.threshold {
            None => write!(f, "{} 位有效数字", self.below),
            Some(t) => write!(
                f,
                "<{t}：{} 位有效数字；≥{t}：{} 位有效数字",
                self.below, self.above
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::parse_decimal;

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    fn gb5009() -> SignificantFigures {
        SignificantFigures::new(2, Some(d("1.00")), 3, ThresholdOn::Raw).unwrap()
    }

    fn r(sf: &SignificantFigures, v: &str) -> String {
        sf.round(d(v)).unwrap().to_string()
    }

    #[test]
    fn gb_5009_two_figures_below_one_three_from_one_up() {
        let sf = gb5009();
        assert_eq!(
            r(&sf, "0.1234"),
            "0.12",
            "the fixed 0.001 interval gave 0.123"
        );
        assert_eq!(r(&sf, "1.234"), "1.23");
        assert_eq!(r(&sf, "0.05349"), "0.053");
        assert_eq!(r(&sf, "0.0035"), "0.0035");
        assert_eq!(
            r(&sf, "0.125"),
            "0.12",
            "exactly half: the kept digit is made even"
        );
        assert_eq!(r(&sf, "0.135"), "0.14");
        assert_eq!(r(&sf, "12.34"), "12.3");
        assert_eq!(r(&sf, "-0.1234"), "-0.12");
    }

    #[test]
    fn domain_vectors_three_figures() {
        let sf = SignificantFigures::new(3, None, 3, ThresholdOn::Raw).unwrap();
        assert_eq!(r(&sf, "2.345"), "2.34", "5 followed by nothing: 4 is even");
        assert_eq!(r(&sf, "2.3451"), "2.35");
        assert_eq!(
            r(&sf, "9.996"),
            "10.0",
            "the carry does not add a fourth figure"
        );
        assert_eq!(r(&sf, "1234"), "1230");
        assert_eq!(r(&sf, "0.0999951"), "0.100");
    }

    #[test]
    fn threshold_on_raw_or_rounded_value() {
        let raw = gb5009();
        // 0.996 is below 1.00: two figures, and the carry gives 1.0.
        assert_eq!(r(&raw, "0.996"), "1.0");
        let rounded = SignificantFigures::new(2, Some(d("1.00")), 3, ThresholdOn::Rounded).unwrap();
        // Rounded to two figures it reaches 1.0, so three figures apply: 0.996 → 1.00.
        assert_eq!(r(&rounded, "0.996"), "1.00");
        assert_eq!(r(&rounded, "0.94"), "0.94");
    }

    #[test]
    fn zero_and_unholdable_positions() {
        let sf = gb5009();
        assert_eq!(r(&sf, "0.000"), "0.000");
        // Two figures of 1e-28 need 29 decimal places.
        assert_eq!(sf.round(d("0.0000000000000000000000000001")), None);
        assert!(SignificantFigures::new(0, None, 0, ThresholdOn::Raw).is_err());
        assert!(SignificantFigures::new(2, Some(d("-1")), 3, ThresholdOn::Raw).is_err());
    }
}
