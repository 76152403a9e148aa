//! Decision rules (ILAC-G8:09/2019) and significant-figure reporting, as a technician sees
//! them: worked cases from ILAC-G8 and DOMAIN.md §8, and the invariants as properties.

use proptest::prelude::*;
use rust_decimal::Decimal;
use unilab::decision::{Decision, DecisionRule, Uncertainty};
use unilab::judge::{Basis, Comparison, Verdict};
use unilab::limit::Limit;
use unilab::number::{parse_decimal, ResultValue};
use unilab::significant::{SignificantFigures, ThresholdOn};

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn judge_with(limit: &str, value: &str, decision: Decision) -> (String, Verdict) {
    let limit = Limit::parse(limit).unwrap();
    let basis = Basis {
        limit: &limit,
        interval: None,
        comparison: Comparison::Full,
        detection_limit: None,
        significant: None,
        decision,
    };
    let j = basis.judge(&ResultValue::parse(value, false).unwrap());
    (j.reported, j.verdict)
}

fn guard(limit: &str, value: &str, u: &str) -> Verdict {
    judge_with(
        limit,
        value,
        Decision::guard_band(Uncertainty::parse(u).unwrap()),
    )
    .1
}

#[test]
fn ilac_g8_upper_limit_worked_case() {
    // DOMAIN.md §8: TL = 1.00, U = 0.10.
    assert_eq!(guard("≤1.00", "0.85", "0.10"), Verdict::Pass);
    assert_eq!(guard("≤1.00", "0.95", "0.10"), Verdict::ConditionalPass);
    assert_eq!(guard("≤1.00", "1.05", "0.10"), Verdict::ConditionalFail);
    assert_eq!(guard("≤1.00", "1.15", "0.10"), Verdict::Fail);
    // The acceptance limit TL − U itself passes; TL + U itself is still conditional.
    assert_eq!(guard("≤1.00", "0.90", "0.10"), Verdict::Pass);
    assert_eq!(guard("≤1.00", "1.00", "0.10"), Verdict::ConditionalPass);
    assert_eq!(guard("≤1.00", "1.10", "0.10"), Verdict::ConditionalFail);
    // Simple acceptance on the same values: today's behaviour.
    let simple = |v: &str| judge_with("≤1.00", v, Decision::simple()).1;
    assert_eq!(simple("0.95"), Verdict::Pass);
    assert_eq!(simple("1.05"), Verdict::Fail);
}

#[test]
fn lower_limits_and_ranges_mirror_the_upper_case() {
    assert_eq!(guard("≥400", "420", "10"), Verdict::Pass);
    assert_eq!(guard("≥400", "405", "10"), Verdict::ConditionalPass);
    assert_eq!(guard("≥400", "395", "10"), Verdict::ConditionalFail);
    assert_eq!(guard("≥400", "389", "10"), Verdict::Fail);
    assert_eq!(guard("10.0±0.5", "10.1", "0.2"), Verdict::Pass);
    assert_eq!(guard("10.0±0.5", "10.4", "0.2"), Verdict::ConditionalPass);
    assert_eq!(guard("10.0±0.5", "9.4", "0.2"), Verdict::ConditionalFail);
    assert_eq!(guard("10.0±0.5", "10.8", "0.2"), Verdict::Fail);
    // A relative U: 10 % of 0.95 is 0.095, so 0.95 is within U of 1.00.
    assert_eq!(guard("≤1.00", "0.95", "10%"), Verdict::ConditionalPass);
    assert_eq!(guard("≤1.00", "0.80", "10%"), Verdict::Pass);
}

#[test]
fn guard_band_needs_an_uncertainty_and_leaves_words_alone() {
    let no_u = Decision {
        rule: DecisionRule::GuardBand,
        uncertainty: None,
    };
    let (_, v) = judge_with("≤1.00", "0.50", no_u);
    assert!(
        matches!(&v, Verdict::CannotJudge(r) if r.contains("不确定度")),
        "{v:?}"
    );
    let u = Decision::guard_band(Uncertainty::parse("0.1").unwrap());
    assert_eq!(judge_with("实测", "12.3", u).1, Verdict::NotJudged);
    let limit = Limit::parse("无裂纹").unwrap();
    let basis = Basis {
        limit: &limit,
        interval: None,
        comparison: Comparison::Full,
        detection_limit: None,
        significant: None,
        decision: u,
    };
    assert_eq!(
        basis
            .judge(&ResultValue::parse("无裂纹", true).unwrap())
            .verdict,
        Verdict::Pass
    );
}

#[test]
fn conditional_verdicts_have_their_own_json_words() {
    assert_eq!(Verdict::ConditionalPass.key(), "conditional_pass");
    assert_eq!(Verdict::ConditionalFail.key(), "conditional_fail");
    assert_eq!(Verdict::ConditionalFail.zh(), "有条件不符合");
    // One conditional fail outweighs passes; one fail outweighs everything.
    let all = [
        Verdict::Pass,
        Verdict::ConditionalFail,
        Verdict::ConditionalPass,
    ];
    assert_eq!(Verdict::combine(all.iter()), Verdict::ConditionalFail);
    let all = [Verdict::ConditionalFail, Verdict::Fail];
    assert_eq!(Verdict::combine(all.iter()), Verdict::Fail);
    let all = [Verdict::Pass, Verdict::ConditionalPass];
    assert_eq!(Verdict::combine(all.iter()), Verdict::ConditionalPass);
}

#[test]
fn gb_5009_lead_is_reported_to_two_significant_figures() {
    let limit = Limit::parse("≤0.2").unwrap();
    let basis = Basis {
        limit: &limit,
        interval: Some("0.001".parse().unwrap()),
        comparison: Comparison::Full,
        detection_limit: None,
        significant: Some(
            SignificantFigures::new(2, Some(d("1.00")), 3, ThresholdOn::Raw).unwrap(),
        ),
        decision: Decision::simple(),
    };
    let j = basis.judge(&ResultValue::parse("0.1234", false).unwrap());
    assert_eq!((j.reported.as_str(), j.verdict), ("0.12", Verdict::Pass));
    let j = basis.judge(&ResultValue::parse("1.234", false).unwrap());
    assert_eq!((j.reported.as_str(), j.verdict), ("1.23", Verdict::Fail));
    // 全数值比较法: 0.2049 reads 0.20 but exceeds 0.2.
    let j = basis.judge(&ResultValue::parse("0.2049", false).unwrap());
    assert_eq!((j.reported.as_str(), j.verdict), ("0.20", Verdict::Fail));
    // 修约值比较法 compares the two-figure value.
    let rounded = Basis {
        comparison: Comparison::Rounded,
        ..basis
    };
    let j = rounded.judge(&ResultValue::parse("0.2049", false).unwrap());
    assert_eq!((j.reported.as_str(), j.verdict), ("0.20", Verdict::Pass));
}

fn limit_text() -> impl Strategy<Value = String> {
    let n = (-5000i64..5000).prop_map(|m| Decimal::new(m, 2).to_string());
    prop_oneof![
        n.clone().prop_map(|a| format!("≥{a}")),
        n.clone().prop_map(|a| format!("≤{a}")),
        n.clone().prop_map(|a| format!(">{a}")),
        n.clone().prop_map(|a| format!("<{a}")),
        (n.clone(), 1i64..2000).prop_map(|(a, w)| format!("{a}～{}", d(&a) + Decimal::new(w, 2))),
        (n, 1i64..500).prop_map(|(a, t)| format!("{a}±{}", Decimal::new(t, 2))),
    ]
}

proptest! {
    /// ILAC-G8: a guard band never turns a simple-acceptance fail into a pass (nor a pass into
    /// a fail); with U = 0 it is simple acceptance.
    #[test]
    fn a_guard_band_never_turns_a_fail_into_a_pass(
        limit in limit_text(),
        x in -6000i64..6000,
        u in 0i64..3000,
        rounded in any::<bool>(),
    ) {
        let value = Decimal::new(x, 2).to_string();
        let limit = Limit::parse(&limit).unwrap();
        let comparison = if rounded { Comparison::Rounded } else { Comparison::Full };
        let basis = |decision| Basis {
            limit: &limit,
            interval: None,
            comparison,
            detection_limit: None,
            significant: None,
            decision,
        };
        let v = ResultValue::parse(&value, false).unwrap();
        let simple = basis(Decision::simple()).judge(&v).verdict;
        // Conditional verdicts exist only under a guard band.
        prop_assert!(
            !matches!(simple, Verdict::ConditionalPass | Verdict::ConditionalFail),
            "{} {value}: {simple:?}", limit.text
        );
        let u = Uncertainty::Absolute(Decimal::new(u, 2));
        let guarded = basis(Decision::guard_band(u)).judge(&v).verdict;
        match simple {
            Verdict::Fail => prop_assert!(
                matches!(guarded, Verdict::Fail | Verdict::ConditionalFail),
                "{} {value} U={u}: {guarded:?}", limit.text
            ),
            Verdict::Pass => prop_assert!(
                matches!(guarded, Verdict::Pass | Verdict::ConditionalPass),
                "{} {value} U={u}: {guarded:?}", limit.text
            ),
            _ => {}
        }
        let zero = basis(Decision::guard_band(Uncertainty::Absolute(Decimal::ZERO))).judge(&v).verdict;
        prop_assert_eq!(zero, simple);
    }

    /// Reporting to significant figures rounds once, half-even, and keeps at most the figures
    /// asked for.
    #[test]
    fn significant_figures_keep_their_count(m in 1i64..10_000_000, scale in 0u32..10, n in 1u32..6) {
        let v = Decimal::new(m, scale);
        let sf = SignificantFigures::new(n, None, n, ThresholdOn::Raw).unwrap();
        let r = sf.round(v).unwrap();
        let digits = r.mantissa().unsigned_abs().to_string().trim_end_matches('0').len() as u32;
        prop_assert!(digits <= n, "{v} → {r} keeps {digits} figures, not {n}");
        // Within half a unit of the last kept figure.
        let step = sf.interval_for(v).unwrap().step();
        prop_assert!((r - v).abs() * Decimal::TWO <= step, "{v} → {r} at {step}");
    }
}
