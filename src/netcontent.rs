//! Net content of pre-packaged goods (定量包装商品净含量, JJF 1070): tolerable shortage T,
//! the sampling plan from the batch size, the unit checks and the mean check.

use std::str::FromStr;

use rust_decimal::prelude::*;
use serde::Serialize;

use crate::exact::{self, Bounded};
use crate::number::Interval;

/// The quantity a package declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    Gram,
    Kilogram,
    Millilitre,
    Litre,
    Metre,
    SquareMetre,
    Count,
}

impl FromStr for QuantityUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim() {
            "g" | "克" => QuantityUnit::Gram,
            "kg" | "千克" => QuantityUnit::Kilogram,
            "mL" | "ml" | "毫升" => QuantityUnit::Millilitre,
            "L" | "l" | "升" => QuantityUnit::Litre,
            "m" | "米" => QuantityUnit::Metre,
            "m2" | "m²" | "平方米" => QuantityUnit::SquareMetre,
            "count" | "个" | "件" | "片" => QuantityUnit::Count,
            other => {
                return Err(format!(
                    "计量单位“{other}”不支持；可用 g kg mL L m m2 count"
                ))
            }
        })
    }
}

impl QuantityUnit {
    pub fn symbol(self) -> &'static str {
        match self {
            QuantityUnit::Gram => "g",
            QuantityUnit::Kilogram => "kg",
            QuantityUnit::Millilitre => "mL",
            QuantityUnit::Litre => "L",
            QuantityUnit::Metre => "m",
            QuantityUnit::SquareMetre => "m2",
            QuantityUnit::Count => "count",
        }
    }

    /// Factor to the table's base unit (g or mL) for mass and volume.
    fn to_base(self) -> Decimal {
        match self {
            QuantityUnit::Kilogram | QuantityUnit::Litre => Decimal::ONE_THOUSAND,
            _ => Decimal::ONE,
        }
    }
}

/// The sampling plan for a batch size (JJF 1070 table).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SamplingPlan {
    pub sample_size: usize,
    /// λ for the mean check; `None` for batches of 1–10, which are judged unit by unit only.
    pub lambda: Option<Decimal>,
    /// How many units may be short by more than T (but never by more than 2T).
    pub allowed_over_t: usize,
}

pub fn sampling_plan(batch: u64) -> Result<SamplingPlan, String> {
    // λ in thousandths.
    let plan = |n, lambda: Option<i64>, allowed| SamplingPlan {
        sample_size: n,
        lambda: lambda.map(|l| Decimal::new(l, 3)),
        allowed_over_t: allowed,
    };
    Ok(match batch {
        0 => return Err("批量 N 必须至少为 1".into()),
        // 1..=10 fits any usize.
        1..=10 => plan(usize::try_from(batch).unwrap_or(10), None, 0),
        11..=50 => plan(10, Some(1028), 0),
        51..=99 => plan(13, Some(848), 1),
        100..=500 => plan(50, Some(379), 3),
        501..=3200 => plan(80, Some(295), 5),
        _ => plan(125, Some(234), 7),
    })
}

/// Why a figure of the decision cannot be computed exactly.
const NOT_EXACT: &str =
    "数值过大或位数过多，无法精确计算（values too large or too precise to compute exactly）";

fn exact_or<T>(v: Option<T>) -> Result<T, String> {
    v.ok_or_else(|| NOT_EXACT.to_string())
}

/// `percent`·10^-`scale` per cent of `q`, exactly.
fn percent_of(q: Decimal, percent: i64, scale: u32) -> Result<Decimal, String> {
    exact_or(exact::mul(q, Decimal::new(percent, scale + 2)))
}

/// Tolerable shortage T in the nominal's own unit.
pub fn tolerable_shortage(nominal: Decimal, unit: QuantityUnit) -> Result<Decimal, String> {
    if nominal <= Decimal::ZERO {
        return Err("标注净含量 Qn 必须为正数".into());
    }
    let int = |n: i64| Decimal::from(n);
    match unit {
        QuantityUnit::Metre => {
            if nominal <= int(5) {
                Ok(Decimal::ZERO)
            } else {
                percent_of(nominal, 2, 0)
            }
        }
        QuantityUnit::SquareMetre => percent_of(nominal, 3, 0),
        QuantityUnit::Count => {
            if nominal <= int(50) {
                Ok(Decimal::ZERO)
            } else {
                // Under 1 % of a Decimal: ceil cannot overflow.
                Ok(percent_of(nominal, 1, 0)?.ceil())
            }
        }
        _ => {
            let out_of_table = || {
                format!(
                    "标注净含量 {nominal} {} 超出 JJF 1070 表中的范围（最大 50 kg 或 50 L）",
                    unit.symbol()
                )
            };
            let base = exact::mul(nominal, unit.to_base()).ok_or_else(out_of_table)?;
            let t = if base <= int(50) {
                percent_of(base, 9, 0)?
            } else if base <= int(100) {
                Decimal::new(45, 1)
            } else if base <= int(200) {
                percent_of(base, 45, 1)?
            } else if base <= int(300) {
                int(9)
            } else if base <= int(500) {
                percent_of(base, 3, 0)?
            } else if base <= int(1000) {
                int(15)
            } else if base <= int(10000) {
                percent_of(base, 15, 1)?
            } else if base <= int(15000) {
                int(150)
            } else if base <= int(50000) {
                percent_of(base, 1, 0)?
            } else {
                return Err(out_of_table());
            };
            // T is rounded to 0.1 g up to 1 kg and to 1 g above.
            let step = if base <= int(1000) {
                Decimal::new(1, 1)
            } else {
                Decimal::ONE
            };
            let t = Interval::new(step)
                .ok()
                .and_then(|i| i.round(t))
                .ok_or_else(|| NOT_EXACT.to_string())?;
            // Keep the 0.1 g step visible (T = 12.0 g); kg and L convert exactly.
            if unit.to_base() == Decimal::ONE {
                Ok(t)
            } else {
                Ok(exact_or(exact::div(t, unit.to_base()))?.normalize())
            }
        }
    }
}

/// How many units are short by more than T and by more than 2T (shortage = Qn − q), compared
/// exactly.
pub fn count_short(
    nominal: Decimal,
    t: Decimal,
    values: &[Decimal],
) -> Result<(usize, usize), String> {
    let below_t = exact_or(exact::sub(nominal, t))?;
    let below_2t = exact_or(exact::add(t, t).and_then(|t2| exact::sub(nominal, t2)))?;
    Ok((
        values.iter().filter(|q| **q < below_t).count(),
        values.iter().filter(|q| **q < below_2t).count(),
    ))
}

/// The exact sum of the values.
pub fn sum(values: &[Decimal]) -> Result<Decimal, String> {
    values
        .iter()
        .try_fold(Decimal::ZERO, |acc, q| exact_or(exact::add(acc, *q)))
}

/// The mean of the values for display (exact when the division ends, else to 28 digits);
/// `Err` when their sum cannot be held or there are none.
pub fn mean(values: &[Decimal]) -> Result<Decimal, String> {
    let n = Decimal::from(u64::try_from(values.len()).map_err(|_| NOT_EXACT.to_string())?);
    Bounded::exact(sum(values)?)
        .checked_div(Bounded::exact(n))
        .map(|b| b.value)
}

/// The decision for one batch, with every figure that explains it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetContentDecision {
    pub nominal: Decimal,
    pub unit: QuantityUnit,
    pub batch: u64,
    pub t: Decimal,
    pub plan: SamplingPlan,
    pub count_over_t: usize,
    pub count_over_2t: usize,
    pub mean: Decimal,
    pub std_dev: Decimal,
    pub lambda_s: Option<Decimal>,
    /// Qn − λ·s, the least acceptable mean.
    pub mean_limit: Option<Decimal>,
    pub pass: bool,
    /// Which rule failed, in words, empty when the batch passes.
    pub failures: Vec<String>,
}

pub fn decide(
    nominal: Decimal,
    unit: QuantityUnit,
    batch: u64,
    values: &[Decimal],
) -> Result<NetContentDecision, String> {
    let t = tolerable_shortage(nominal, unit)?;
    let plan = sampling_plan(batch)?;
    if values.len() != plan.sample_size {
        return Err(format!(
            "批量 {batch} 的样本量 n 应为 {}，实际输入了 {} 个数值",
            plan.sample_size,
            values.len()
        ));
    }
    let (count_over_t, count_over_2t) = count_short(nominal, t, values)?;
    let n = Decimal::from(u64::try_from(values.len()).map_err(|_| NOT_EXACT.to_string())?);
    let total = sum(values)?;
    let mean = mean(values)?;
    // n·Σq² − (Σq)² = n(n−1)·s², exact and never negative; one unit has no spread.
    let (spread, std_dev) = if values.len() > 1 {
        let sum_sq = values.iter().try_fold(Decimal::ZERO, |acc, q| {
            exact_or(exact::mul(*q, *q).and_then(|sq| exact::add(acc, sq)))
        })?;
        let spread = exact_or(
            exact::mul(n, sum_sq)
                .and_then(|a| exact::mul(total, total).and_then(|b| exact::sub(a, b))),
        )?;
        // s for display only; the mean check below does not use it.
        let std_dev = exact_or(
            exact::sub(n, Decimal::ONE)
                .and_then(|m| exact::mul(n, m))
                .and_then(|d| spread.checked_div(d))
                .and_then(sqrt_for_display),
        )?;
        (spread, std_dev)
    } else {
        (Decimal::ZERO, Decimal::ZERO)
    };
    let lambda_s = plan
        .lambda
        .map(|l| exact_or(l.checked_mul(std_dev)))
        .transpose()?;
    let mean_limit = lambda_s
        .map(|ls| exact_or(nominal.checked_sub(ls)))
        .transpose()?;
    let mut failures = Vec::new();
    if count_over_2t > 0 {
        failures.push(format!(
            "有 {count_over_2t} 件短缺量大于 2T（{}），不允许",
            exact_or(exact::add(t, t))?.normalize()
        ));
    }
    if count_over_t > plan.allowed_over_t {
        failures.push(format!(
            "短缺量大于 T 的有 {count_over_t} 件，允许 {} 件",
            plan.allowed_over_t
        ));
    }
    if let (Some(lambda), Some(limit)) = (plan.lambda, mean_limit) {
        if mean_below_limit(nominal, n, total, spread, lambda)? {
            failures.push(format!(
                "平均实际含量 {} 小于 Qn − λ·s = {}",
                mean.round_dp(2),
                limit.round_dp(2)
            ));
        }
    }
    Ok(NetContentDecision {
        nominal,
        unit,
        batch,
        t,
        plan,
        count_over_t,
        count_over_2t,
        mean,
        std_dev,
        lambda_s,
        mean_limit,
        pass: failures.is_empty(),
        failures,
    })
}

/// √v for display, truncated; about 19 significant digits, ample for the three decimals s is
/// shown with. (rust_decimal's own sqrt can give up with a panic after 1000 iterations.)
fn sqrt_for_display(v: Decimal) -> Option<Decimal> {
    if v.is_sign_negative() {
        return None;
    }
    let mut m = v.mantissa().unsigned_abs();
    let mut scale = v.scale();
    if scale % 2 == 1 {
        // m < 2⁹⁶, so m·10 < 2¹⁰⁰.
        m *= 10;
        scale += 1;
    }
    // Two digits at a time while m·100 stays below 2¹²⁷ and the root's scale within 28.
    while m < (1u128 << 120) && scale + 2 <= 56 {
        m *= 100;
        scale += 2;
    }
    let root = i128::try_from(m.isqrt()).ok()?;
    Decimal::try_from_i128_with_scale(root, scale / 2).ok()
}

/// The mean check q̄ < Qn − λ·s decided exactly, without the square root or the division:
/// with D = n·Qn − Σq, it fails only when D > 0 and λ²·n·(n·Σq² − (Σq)²) < D²·(n − 1).
fn mean_below_limit(
    nominal: Decimal,
    n: Decimal,
    total: Decimal,
    spread: Decimal,
    lambda: Decimal,
) -> Result<bool, String> {
    let d = exact_or(exact::mul(n, nominal).and_then(|a| exact::sub(a, total)))?;
    if d <= Decimal::ZERO {
        return Ok(false);
    }
    let lhs = exact_or(
        exact::mul(lambda, lambda)
            .and_then(|l2| exact::mul(l2, n))
            .and_then(|a| exact::mul(a, spread)),
    )?;
    let rhs = exact_or(
        exact::mul(d, d).and_then(|d2| exact::sub(n, Decimal::ONE).and_then(|m| exact::mul(d2, m))),
    )?;
    Ok(lhs < rhs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn domain_example_passes() {
        let values: Vec<Decimal> = [
            "401.2", "398.7", "399.5", "402.3", "397.9", "400.8", "396.4", "401.7", "399.1",
            "400.6",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        let r = decide(d("400"), QuantityUnit::Gram, 40, &values).unwrap();
        assert_eq!(r.t, d("12"));
        assert_eq!(r.plan.sample_size, 10);
        assert_eq!(r.mean, d("399.82"));
        assert_eq!(r.mean_limit.unwrap().round_dp(2), d("398.11"));
        assert!(r.pass, "{:?}", r.failures);
    }

    #[test]
    fn tolerable_shortage_table() {
        let t = |q: &str, u: QuantityUnit| tolerable_shortage(d(q), u).unwrap();
        assert_eq!(t("20", QuantityUnit::Gram), d("1.8"));
        assert_eq!(t("80", QuantityUnit::Gram), d("4.5"));
        assert_eq!(t("150", QuantityUnit::Millilitre), d("6.8")); // 6.75 → 6.8
        assert_eq!(t("250", QuantityUnit::Gram), d("9"));
        assert_eq!(t("750", QuantityUnit::Gram), d("15"));
        assert_eq!(t("5", QuantityUnit::Kilogram), d("0.075"));
        assert_eq!(t("12", QuantityUnit::Litre), d("0.15"));
        assert_eq!(t("25", QuantityUnit::Kilogram), d("0.25"));
        assert_eq!(t("5", QuantityUnit::Metre), d("0"));
        assert_eq!(t("10", QuantityUnit::Metre), d("0.2"));
        assert_eq!(t("120", QuantityUnit::Count), d("2"));
        assert!(tolerable_shortage(d("60"), QuantityUnit::Kilogram).is_err());
    }

    #[test]
    fn unit_checks_and_sample_size() {
        // N 40 → n 10, no unit may be short by more than T = 12.
        let mut values = vec![d("400"); 10];
        values[0] = d("387.9");
        let r = decide(d("400"), QuantityUnit::Gram, 40, &values).unwrap();
        assert!(!r.pass);
        assert_eq!(r.count_over_t, 1);
        assert!(r.failures[0].contains("大于 T"), "{:?}", r.failures);
        values[0] = d("375");
        let r = decide(d("400"), QuantityUnit::Gram, 40, &values).unwrap();
        assert_eq!(r.count_over_2t, 1);
        let e = decide(d("400"), QuantityUnit::Gram, 40, &values[..5]).unwrap_err();
        assert!(e.contains("应为 10"), "{e}");
    }

    #[test]
    fn mean_check_fails_a_consistently_short_batch() {
        let values = vec![d("395"); 13];
        let r = decide(d("400"), QuantityUnit::Gram, 60, &values).unwrap();
        assert_eq!(r.count_over_t, 0);
        assert!(!r.pass);
        assert!(r.failures.iter().any(|f| f.contains("平均实际含量")));
    }

    #[test]
    fn extreme_values_are_refused_not_panicking() {
        // nominal × 1000 overflowed.
        let e = tolerable_shortage(Decimal::MAX, QuantityUnit::Kilogram).unwrap_err();
        assert!(e.contains("超出 JJF 1070"), "{e}");
        // The sum of the values overflowed.
        let e = decide(Decimal::MAX, QuantityUnit::Count, 5, &[Decimal::MAX; 5]).unwrap_err();
        assert!(e.contains("无法精确计算"), "{e}");
        // Qn − q overflowed; the shortages are now compared without computing it.
        let r = decide(d("100"), QuantityUnit::Count, 1, &[Decimal::MIN]).unwrap();
        assert_eq!((r.count_over_2t, r.pass), (1, false));
        // q² past the range: the mean check cannot be done exactly.
        let big = d("1000000000000000000000");
        let e = decide(d("400"), QuantityUnit::Gram, 11, &[big; 10]).unwrap_err();
        assert!(e.contains("无法精确计算"), "{e}");
        assert!(mean(&[Decimal::MAX, Decimal::MAX]).is_err());
        assert!(count_short(Decimal::MIN, d("1"), &[]).is_err());
    }

    #[test]
    fn the_mean_check_is_exact_at_its_boundary() {
        // n = 13 (λ = 0.848): six units at m + 1, six at m − 1 and one at m give s = 1 exactly,
        // so Qn − λ·s = 399.152 and a mean of exactly 399.152 passes.
        for (m, expect_pass) in [("399.152", true), ("399.151", false), ("399.153", true)] {
            let m = d(m);
            let mut values = vec![m + Decimal::ONE; 6];
            values.extend(vec![m - Decimal::ONE; 6]);
            values.push(m);
            let r = decide(d("400"), QuantityUnit::Gram, 60, &values).unwrap();
            assert_eq!(r.mean, m);
            assert_eq!(r.std_dev, Decimal::ONE);
            assert_eq!(r.count_over_t, 0);
            assert_eq!(r.pass, expect_pass, "{m}: {:?}", r.failures);
        }
    }
}
