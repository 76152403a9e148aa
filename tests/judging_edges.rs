//! Judging at the edge of what an exact decimal holds: limits whose ends overflow, values too
//! large to round, means that do not end. Each gives a verdict that is right or 无法判定 with the
//! reason — never a panic or a verdict from a silently rounded figure.

use rust_decimal::Decimal;
use unilab::judge::{Basis, Comparison, ReplicateRule, Verdict};
use unilab::limit::{Limit, Requirement};
use unilab::number::ResultValue;

fn tolerance_limit(nominal: Decimal, tolerance: Decimal) -> Limit {
    // As a stored order could carry it: built directly, not through Limit::parse.
    Limit {
        text: format!("{nominal}±{tolerance}"),
        requirement: Requirement::Tolerance { nominal, tolerance },
    }
}

#[test]
fn a_limit_whose_ends_overflow_cannot_be_judged_and_does_not_panic() {
    let limit = tolerance_limit(Decimal::MAX, Decimal::ONE);
    for comparison in [Comparison::Full, Comparison::Rounded] {
        let basis = Basis {
            limit: &limit,
            interval: None,
            comparison,
            detection_limit: None,
            significant: None,
            decision: Default::default(),
        };
        for value in ["5", "<0.1"] {
            let j = basis.judge(&ResultValue::parse(value, false).unwrap());
            assert!(
                matches!(j.verdict, Verdict::CannotJudge(ref r) if r.contains("上下限")),
                "{value}: {j:?}"
            );
        }
    }
}

#[test]
fn a_value_too_large_to_round_cannot_be_judged_by_rounded_comparison() {
    let limit = Limit::parse("≥400").unwrap();
    let basis = Basis {
        limit: &limit,
        interval: Some("0.01".parse().unwrap()),
        comparison: Comparison::Rounded,
        detection_limit: None,
        significant: None,
        decision: Default::default(),
    };
    let j = basis.judge(&ResultValue::parse("79228162514264337593543950335", false).unwrap());
    // Before, the unrounded value was compared without a word.
    assert!(
        matches!(j.verdict, Verdict::CannotJudge(ref r) if r.contains("修约")),
        "{j:?}"
    );
    assert_eq!(j.reported, "79228162514264337593543950335");
}

#[test]
fn a_mean_that_cannot_be_held_is_judged_only_when_its_bounds_agree() {
    let vals = |xs: &[&str]| -> Vec<ResultValue> {
        xs.iter()
            .map(|x| ResultValue::parse(x, false).unwrap())
            .collect()
    };
    let at_least = Limit::parse("≥1.3").unwrap();
    let basis = Basis {
        limit: &at_least,
        interval: None,
        comparison: Comparison::Rounded,
        detection_limit: None,
        significant: None,
        decision: Default::default(),
    };
    // 4/3 does not end, but every value near it rounds to 1.3.
    let j = basis.judge_replicates(&vals(&["1", "1", "2"]), ReplicateRule::Mean);
    assert_eq!((j.reported.as_str(), j.verdict), ("1.3", Verdict::Pass));
    // 1e26 + 1/3 holds only two decimals; reported to 0.001 it used to read …0.330.
    let basis = Basis {
        limit: &at_least,
        interval: Some("0.001".parse().unwrap()),
        comparison: Comparison::Full,
        detection_limit: None,
        significant: None,
        decision: Default::default(),
    };
    let j = basis.judge_replicates(
        &vals(&[
            "100000000000000000000000000",
            "100000000000000000000000000",
            "100000000000000000000000001",
        ]),
        ReplicateRule::Mean,
    );
    assert!(
        matches!(j.verdict, Verdict::CannotJudge(ref r) if r.contains("近似")),
        "{j:?}"
    );
    // Exclusive limit at the 28-digit neighbour of 4/3: the stored mean equals the limit
    // (and used to fail) though the true mean lies above it.
    let above = Limit::parse(">1.3333333333333333333333333333").unwrap();
    let basis = Basis {
        limit: &above,
        interval: None,
        comparison: Comparison::Full,
        detection_limit: None,
        significant: None,
        decision: Default::default(),
    };
    let j = basis.judge_replicates(&vals(&["1", "1", "2"]), ReplicateRule::Mean);
    assert!(matches!(j.verdict, Verdict::CannotJudge(_)), "{j:?}");
    // A sum past the range is a reason, not a panic.
    let j = basis.judge_replicates(
        &vals(&["79228162514264337593543950335", "1"]),
        ReplicateRule::Mean,
    );
    assert!(
        matches!(j.verdict, Verdict::CannotJudge(ref r) if r.contains("平均值")),
        "{j:?}"
    );
}
