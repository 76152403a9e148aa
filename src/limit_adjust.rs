//! Limits derived from other limits, exactly: moved by a dimension's allowance ("A may be 1 %
//! lower for d 28–40 mm"), widened by a product-analysis allowance (GB/T 222), moved in and out
//! by an expanded uncertainty for a guard band (ILAC-G8), and written against a declared value
//! (标明值 − allowed shortfall, at least a floor). A bound a Decimal cannot hold is refused
//! (`None`), never rounded.

use rust_decimal::Decimal;

use crate::exact;
use crate::limit::{tolerance_range, Limit, Requirement};

/// The text a standard would print for a requirement (`≥15`, `≤0.27`, `1.00～4.75`, `±3.5`).
pub fn requirement_text(r: &Requirement) -> Option<String> {
    Some(match r {
        Requirement::AtLeast { min, inclusive } => {
            format!("{}{min}", if *inclusive { "≥" } else { ">" })
        }
        Requirement::AtMost { max, inclusive } => {
            format!("{}{max}", if *inclusive { "≤" } else { "<" })
        }
        Requirement::Between { min, max } => format!("{min}～{max}"),
        Requirement::Tolerance { nominal, tolerance } if nominal.is_zero() => {
            format!("±{tolerance}")
        }
        Requirement::Tolerance { nominal, tolerance } => format!("{nominal}±{tolerance}"),
        _ => return None,
    })
}

/// Every bound moved by `delta` (negative lowers it). Qualitative and report-only limits do
/// not move: an allowance on a number says nothing about "无裂纹" or "/".
pub fn shifted(limit: &Limit, delta: Decimal) -> Option<Limit> {
    let requirement = match &limit.requirement {
        Requirement::AtLeast { min, inclusive } => Requirement::AtLeast {
            min: exact::add(*min, delta)?,
            inclusive: *inclusive,
        },
        Requirement::AtMost { max, inclusive } => Requirement::AtMost {
            max: exact::add(*max, delta)?,
            inclusive: *inclusive,
        },
        Requirement::Between { min, max } => Requirement::Between {
            min: exact::add(*min, delta)?,
            max: exact::add(*max, delta)?,
        },
        Requirement::Tolerance { nominal, tolerance } => Requirement::Tolerance {
            nominal: exact::add(*nominal, delta)?,
            tolerance: *tolerance,
        },
        _ => return Some(limit.clone()),
    };
    with_text(requirement)
}

/// The limit with its bounds moved outward by `by` (≥ 0): an upper limit up, a lower limit
/// down. With a negative `by` the bounds move inward (a range may then hold nothing).
pub fn widened_requirement(r: &Requirement, by: Decimal) -> Option<Requirement> {
    Some(match r {
        Requirement::AtLeast { min, inclusive } => Requirement::AtLeast {
            min: exact::sub(*min, by)?,
            inclusive: *inclusive,
        },
        Requirement::AtMost { max, inclusive } => Requirement::AtMost {
            max: exact::add(*max, by)?,
            inclusive: *inclusive,
        },
        Requirement::Between { min, max } => Requirement::Between {
            min: exact::sub(*min, by)?,
            max: exact::add(*max, by)?,
        },
        Requirement::Tolerance { nominal, tolerance } => {
            let (min, max) = tolerance_range(*nominal, *tolerance)?;
            Requirement::Between {
                min: exact::sub(min, by)?,
                max: exact::add(max, by)?,
            }
        }
        other => other.clone(),
    })
}

/// A product-analysis allowance applied to a limit (GB/T 222: the finished product may exceed
/// an upper limit, or fall short of a lower one, by the allowance).
pub fn widened(limit: &Limit, by: Decimal) -> Option<Limit> {
    match &limit.requirement {
        Requirement::Tolerance { nominal, tolerance } => with_text(Requirement::Tolerance {
            nominal: *nominal,
            tolerance: exact::add(*tolerance, by)?,
        }),
        Requirement::ReportOnly | Requirement::Qualitative { .. } | Requirement::NotDetectable => {
            Some(limit.clone())
        }
        r => with_text(widened_requirement(r, by)?),
    }
}

fn with_text(requirement: Requirement) -> Option<Limit> {
    Some(Limit {
        text: requirement_text(&requirement)?,
        requirement,
    })
}

/// "measured ≥ declared − shortfall" and "measured ≥ floor" together (标明值 rules such as the
/// single nutrients of a compound fertilizer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeclaredRule {
    /// How far the result may fall below the declared value.
    pub shortfall: Decimal,
    /// The result may never be below this, whatever is declared.
    pub floor: Option<Decimal>,
}

impl DeclaredRule {
    /// The limit for one declared value: `≥ max(declared − shortfall, floor)`, its text saying
    /// where the figure comes from.
    pub fn limit_for(&self, declared: Decimal) -> Option<Limit> {
        let from_declared = exact::sub(declared, self.shortfall)?;
        let (min, text) = match self.floor {
            Some(floor) if floor > from_declared => (
                floor,
                format!(
                    "≥{floor}（标明值 {declared}−{} = {from_declared}，且不低于 {floor}）",
                    self.shortfall
                ),
            ),
            Some(floor) => (
                from_declared,
                format!(
                    "≥{from_declared}（标明值 {declared}−{}，且不低于 {floor}）",
                    self.shortfall
                ),
            ),
            None => (
                from_declared,
                format!("≥{from_declared}（标明值 {declared}−{}）", self.shortfall),
            ),
        };
        Some(Limit {
            text,
            requirement: Requirement::AtLeast {
                min,
                inclusive: true,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::{Basis, Comparison, Verdict};
    use crate::number::{parse_decimal, ResultValue};

    fn d(s: &str) -> Decimal {
        parse_decimal(s).unwrap()
    }

    fn verdict(limit: &Limit, value: &str) -> Verdict {
        let basis = Basis {
            limit,
            interval: None,
            comparison: Comparison::Full,
            detection_limit: None,
            significant: None,
            decision: Default::default(),
        };
        basis
            .judge(&ResultValue::parse(value, false).unwrap())
            .verdict
    }

    #[test]
    fn declared_value_minus_shortfall_with_a_floor() {
        // DOMAIN.md §8: declared 10.0 %, shortfall 1.5, floor 4.0.
        let rule = DeclaredRule {
            shortfall: d("1.5"),
            floor: Some(d("4.0")),
        };
        let l = rule.limit_for(d("10.0")).unwrap();
        assert_eq!(verdict(&l, "8.4"), Verdict::Fail);
        assert_eq!(verdict(&l, "8.5"), Verdict::Pass);
        assert!(l.text.starts_with("≥8.5"), "{}", l.text);
        // Declared 5.0: 3.8 is within 1.5 of it but below the floor.
        let l = rule.limit_for(d("5.0")).unwrap();
        assert_eq!(verdict(&l, "3.8"), Verdict::Fail);
        assert_eq!(verdict(&l, "4.0"), Verdict::Pass);
        assert!(l.text.starts_with("≥4.0"), "{}", l.text);
        assert!(l.text.contains("不低于 4.0"), "{}", l.text);
    }

    #[test]
    fn shifted_and_widened_limits_are_exact() {
        let a = Limit::parse("≥16").unwrap();
        let l = shifted(&a, d("-1")).unwrap();
        assert_eq!(l.text, "≥15");
        assert_eq!(verdict(&l, "15"), Verdict::Pass);
        assert_eq!(
            shifted(&Limit::parse("/").unwrap(), d("-1")).unwrap().text,
            "/"
        );
        let c = Limit::parse("≤0.25").unwrap();
        let l = widened(&c, d("0.02")).unwrap();
        assert_eq!(l.text, "≤0.27");
        assert_eq!(verdict(&l, "0.27"), Verdict::Pass);
        assert_eq!(verdict(&l, "0.271"), Verdict::Fail);
        let w = widened(&Limit::parse("±3.5").unwrap(), d("0.5")).unwrap();
        assert_eq!(w.text, "±4.0");
        let big = Limit::parse("≤79228162514264337593543950335").unwrap();
        assert!(widened(&big, d("1")).is_none(), "refused, not rounded");
    }
}
