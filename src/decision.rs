//! Decision rules (ISO/IEC 17025:2017 §7.1.3 and §7.8.6; ILAC-G8:09/2019; CNAS-GL015).
//!
//! The rule is agreed with the client at registration and stated on the report. Simple
//! acceptance (w = 0) is the default and judges exactly as before. A guard band with w = U
//! (expanded uncertainty, k = 2) gives the non-binary statement of ILAC-G8 §4.2.3: pass when
//! the value is inside the limit by more than U, conditional pass when inside by at most U,
//! conditional fail when outside by at most U, fail beyond. A guard band therefore never turns
//! a simple-acceptance fail into a pass, nor a pass into a fail.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact;
use crate::number::parse_decimal;

/// The decision rule of an order (or of one `unilab judge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRule {
    /// Simple acceptance, w = 0 (ILAC-G8 §4.2.1): today's behaviour.
    #[default]
    Simple,
    /// Guard band w = U, k = 2, non-binary statement (ILAC-G8 §4.2.3).
    GuardBand,
}

impl DecisionRule {
    /// The word the command line and JSON use.
    pub fn key(self) -> &'static str {
        match self {
            DecisionRule::Simple => "simple",
            DecisionRule::GuardBand => "guard_band",
        }
    }

    pub fn parse(s: &str) -> Result<DecisionRule, String> {
        match s.trim() {
            "simple" | "简单接受" => Ok(DecisionRule::Simple),
            "guard-band" | "guard_band" | "保护带" => Ok(DecisionRule::GuardBand),
            other => Err(format!(
                "判定规则“{other}”无效，应为 simple（简单接受）或 guard-band（保护带）（rule must be simple or guard-band）"
            )),
        }
    }

    /// How the report states the rule (§7.8.6).
    pub fn zh(self) -> &'static str {
        match self {
            DecisionRule::Simple => "简单接受（w = 0，ILAC-G8:09/2019）",
            DecisionRule::GuardBand => {
                "保护带 w = U（k = 2，ILAC-G8:09/2019 非二元判定：符合、有条件符合、有条件不符合、不符合）"
            }
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            DecisionRule::Simple => "simple acceptance (w = 0, ILAC-G8:09/2019)",
            DecisionRule::GuardBand => {
                "guard band w = U (k = 2, ILAC-G8:09/2019 non-binary: pass, conditional pass, conditional fail, fail)"
            }
        }
    }
}

/// An expanded uncertainty U (k = 2): in the item's unit, or relative to the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Uncertainty {
    /// U in the item's unit (0.10 mg/kg).
    Absolute(Decimal),
    /// U as a percentage of the value (5 %), as method validation data often give it.
    Relative(Decimal),
}

impl Uncertainty {
    /// Read `0.10` or `5%`; U must not be negative.
    pub fn parse(text: &str) -> Result<Uncertainty, String> {
        let t = text.trim();
        let (number, relative) = match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
            Some(n) => (n, true),
            None => (t, false),
        };
        let v = parse_decimal(number).map_err(|e| e.to_string())?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(format!(
                "不确定度“{t}”不能为负（the uncertainty must not be negative）"
            ));
        }
        Ok(if relative {
            Uncertainty::Relative(v)
        } else {
            Uncertainty::Absolute(v)
        })
    }

    /// U for a value, exactly; `None` when it cannot be held.
    pub fn at(&self, value: Decimal) -> Option<Decimal> {
        match self {
            Uncertainty::Absolute(u) => Some(*u),
            Uncertainty::Relative(p) => {
                exact::div(exact::mul(value.abs(), *p)?, Decimal::ONE_HUNDRED)
            }
        }
    }
}

impl std::fmt::Display for Uncertainty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Uncertainty::Absolute(u) => write!(f, "{u}"),
            Uncertainty::Relative(p) => write!(f, "{p}%"),
        }
    }
}

/// The rule and the uncertainty that go with one judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decision {
    pub rule: DecisionRule,
    pub uncertainty: Option<Uncertainty>,
}

impl Decision {
    pub fn simple() -> Decision {
        Decision::default()
    }

    pub fn guard_band(u: Uncertainty) -> Decision {
        Decision {
            rule: DecisionRule::GuardBand,
            uncertainty: Some(u),
        }
    }
}

/// Where a value lies against a limit under a guard band of width U.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Inside the limit by more than U (or exactly U for an inclusive limit).
    Pass,
    /// Inside the limit, within U of it.
    ConditionalPass,
    /// Outside the limit, within U of it.
    ConditionalFail,
    /// Outside the limit by more than U.
    Fail,
}

/// The zone of `holds(value, shrunk)`, `holds(value, limit)`, `holds(value, widened)`: the
/// caller passes whether the value meets the limit moved inward by U, the limit itself, and
/// the limit moved outward by U. Moving inward only narrows and outward only widens what
/// holds, so the zones follow from three answers.
pub fn zone(inside_shrunk: bool, inside: bool, inside_widened: bool) -> Zone {
    match (inside, inside_shrunk, inside_widened) {
        (true, true, _) => Zone::Pass,
        (true, false, _) => Zone::ConditionalPass,
        (false, _, true) => Zone::ConditionalFail,
        (false, _, false) => Zone::Fail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_and_name_themselves() {
        assert_eq!(DecisionRule::parse("simple"), Ok(DecisionRule::Simple));
        assert_eq!(
            DecisionRule::parse("guard-band"),
            Ok(DecisionRule::GuardBand)
        );
        assert!(DecisionRule::parse("binary").is_err());
        assert_eq!(DecisionRule::GuardBand.key(), "guard_band");
        assert!(DecisionRule::GuardBand.zh().contains("w = U"));
    }

    #[test]
    fn uncertainty_absolute_or_relative_exactly() {
        let d = |s: &str| parse_decimal(s).unwrap();
        assert_eq!(
            Uncertainty::parse("0.10"),
            Ok(Uncertainty::Absolute(d("0.10")))
        );
        let rel = Uncertainty::parse("5%").unwrap();
        assert_eq!(rel.at(d("0.30")), Some(d("0.015")));
        assert_eq!(rel.at(d("-0.30")), Some(d("0.015")));
        assert!(Uncertainty::parse("-0.1").is_err());
        assert!(Uncertainty::parse("abc").is_err());
    }
}
