//! Net content of pre-packaged goods (定量包装商品净含量, JJF 1070): tolerable shortage T,
//! the sampling plan from the batch size, the unit checks and the mean check.

use std::str::FromStr;

use rust_decimal::prelude::*;
use rust_decimal::MathematicalOps;
use serde::Serialize;

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
    let plan = |n, lambda: Option<&str>, allowed| SamplingPlan {
        sample_size: n,
        lambda: lambda.and_then(|l| Decimal::from_str(l).ok()),
        allowed_over_t: allowed,
    };
    Ok(match batch {
        0 => return Err("批量 N 必须至少为 1".into()),
        1..=10 => plan(batch as usize, None, 0),
        11..=50 => plan(10, Some("1.028"), 0),
        51..=99 => plan(13, Some("0.848"), 1),
        100..=500 => plan(50, Some("0.379"), 3),
        501..=3200 => plan(80, Some("0.295"), 5),
        _ => plan(125, Some("0.234"), 7),
    })
}

fn pct(p: &str) -> Decimal {
    Decimal::from_str(p).unwrap_or_default() / Decimal::ONE_HUNDRED
}

/// Tolerable shortage T in the nominal's own unit.
pub fn tolerable_shortage(nominal: Decimal, unit: QuantityUnit) -> Result<Decimal, String> {
    if nominal <= Decimal::ZERO {
        return Err("标注净含量 Qn 必须为正数".into());
    }
    match unit {
        QuantityUnit::Metre => Ok(if nominal <= Decimal::from(5) {
            Decimal::ZERO
        } else {
            nominal * pct("2")
        }),
        QuantityUnit::SquareMetre => Ok(nominal * pct("3")),
        QuantityUnit::Count => Ok(if nominal <= Decimal::from(50) {
            Decimal::ZERO
        } else {
            (nominal * pct("1")).ceil()
        }),
        _ => {
            let base = nominal * unit.to_base();
            let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
            let t = if base <= d("50") {
                base * pct("9")
            } else if base <= d("100") {
                d("4.5")
            } else if base <= d("200") {
                base * pct("4.5")
            } else if base <= d("300") {
                d("9")
            } else if base <= d("500") {
                base * pct("3")
            } else if base <= d("1000") {
                d("15")
            } else if base <= d("10000") {
                base * pct("1.5")
            } else if base <= d("15000") {
                d("150")
            } else if base <= d("50000") {
                base * pct("1")
            } else {
                return Err(format!(
                    "标注净含量 {nominal} {} 超出 JJF 1070 表中的范围（最大 50 kg 或 50 L）",
                    unit.symbol()
                ));
            };
            // T is rounded to 0.1 g up to 1 kg and to 1 g above.
            let step = if base <= d("1000") { "0.1" } else { "1" };
            let t = Interval::from_str(step)
                .ok()
                .and_then(|i| i.round(t))
                .ok_or("T 超出范围")?;
            // Keep the 0.1 g step visible (T = 12.0 g); kg and L convert exactly.
            if unit.to_base() == Decimal::ONE {
                Ok(t)
            } else {
                Ok((t / unit.to_base()).normalize())
            }
        }
    }
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
    let short = |q: &Decimal| nominal - q;
    let count_over_t = values.iter().filter(|q| short(q) > t).count();
    let count_over_2t = values.iter().filter(|q| short(q) > t + t).count();
    let n = Decimal::from(values.len());
    let sum: Decimal = values.iter().copied().sum();
    let mean = sum / n;
    let std_dev = if values.len() > 1 {
        let ss: Decimal = values.iter().map(|q| (q - mean) * (q - mean)).sum();
        (ss / (n - Decimal::ONE)).sqrt().unwrap_or_default()
    } else {
        Decimal::ZERO
    };
    let lambda_s = plan.lambda.map(|l| l * std_dev);
    let mean_limit = lambda_s.map(|ls| nominal - ls);
    let mut failures = Vec::new();
    if count_over_2t > 0 {
        failures.push(format!(
            "有 {count_over_2t} 件短缺量大于 2T（{}），不允许",
            (t + t).normalize()
        ));
    }
    if count_over_t > plan.allowed_over_t {
        failures.push(format!(
            "短缺量大于 T 的有 {count_over_t} 件，允许 {} 件",
            plan.allowed_over_t
        ));
    }
    if let Some(limit) = mean_limit {
        if mean < limit {
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
}
