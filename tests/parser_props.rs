//! Every parser on the judging path, fed arbitrary text and near-misses (huge exponents, long
//! digit strings, values at the edge of the range): it answers — a value or a reason — and
//! never panics, hangs or rounds what it was given.

use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use unilab::exact::{self, Bounded};
use unilab::formula::Formula;
use unilab::judge::{Basis, Comparison, ReplicateRule};
use unilab::limit::Limit;
use unilab::netcontent::{decide, QuantityUnit};
use unilab::number::{parse_decimal, Interval, ResultValue};

/// The value a well-formed number text spells, as (negative, digits, exponent) with the digits
/// stripped of leading and trailing zeros; zero is ("", 0). `None` for text that is not a plain
/// number. Independent of the parser under test.
fn spelled(text: &str) -> Option<(bool, String, i128)> {
    let t = text.trim();
    let (negative, t) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i128>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.len() + frac.len() == 0 || !(int.to_string() + frac).bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(canonical(
        negative,
        &(int.to_string() + frac),
        exponent - frac.len() as i128,
    ))
}

fn canonical(negative: bool, digits: &str, exponent: i128) -> (bool, String, i128) {
    let d = digits.trim_start_matches('0');
    let trimmed = d.trim_end_matches('0');
    if trimmed.is_empty() {
        return (false, String::new(), 0);
    }
    let exponent = exponent + (d.len() - trimmed.len()) as i128;
    (negative, trimmed.to_string(), exponent)
}

fn of_decimal(d: Decimal) -> (bool, String, i128) {
    canonical(
        d.is_sign_negative(),
        &d.mantissa().unsigned_abs().to_string(),
        -(d.scale() as i128),
    )
}

/// Text shaped like a number, often past what a Decimal holds.
fn number_text() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(""), Just("-"), Just("+"), Just(" "), Just("--")],
        "[0-9]{0,35}",
        prop_oneof![Just(None), "[0-9]{0,35}".prop_map(Some)],
        prop_oneof![
            Just(String::new()),
            "[eE][+-]?[0-9]{1,3}",
            "[eE][+-]?[0-9]{9,25}",
            Just("e".to_string()),
        ],
        prop_oneof![
            Just(""),
            Just(""),
            Just(" "),
            Just("x"),
            Just("."),
            Just(",5")
        ],
    )
        .prop_map(|(sign, int, frac, exp, tail)| match frac {
            Some(f) => format!("{sign}{int}.{f}{exp}{tail}"),
            None => format!("{sign}{int}{exp}{tail}"),
        })
}

/// Any Decimal, across the whole range and every scale.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    let max = (1i128 << 96) - 1;
    (-max..=max, 0u32..=28).prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s))
}

fn interval() -> impl Strategy<Value = Interval> {
    (
        prop_oneof![Just(1i64), Just(2), Just(5)],
        0u32..=28,
        0u32..=27,
    )
        .prop_map(|(k, s, z)| {
            // k × 10^z × 10^-s, kept within the range.
            let step = Decimal::from_i128_with_scale(i128::from(k) * 10i128.pow(z), s);
            Interval::new(step).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_decimal_never_panics_on_any_text(text in "\\PC{0,60}") {
        let _ = parse_decimal(&text);
    }

    #[test]
    fn a_parsed_number_is_exactly_the_one_written(text in number_text()) {
        match parse_decimal(&text) {
            Ok(d) => {
                let want = spelled(&text);
                prop_assert!(want.is_some(), "{text:?} accepted as {d}");
                let (neg, digits, exp) = want.unwrap_or_default();
                let got = of_decimal(d);
                if digits.is_empty() {
                    prop_assert!(d.is_zero(), "{text:?} → {d}");
                } else {
                    prop_assert_eq!(got, (neg, digits, exp), "{:?} → {}", text, d);
                }
            }
            Err(e) => {
                // Refused: malformed, or really beyond 28 places / 96 bits as written.
                prop_assert!(!e.reason.is_empty());
                if let Some((_, digits, exp)) = spelled(&text) {
                    let t = text.trim().trim_start_matches(['+', '-']);
                    let (m, e10) = t.split_once(['e', 'E']).unwrap_or((t, "0"));
                    let written_scale = m.split_once('.').map_or(0, |(_, f)| f.len() as i128)
                        - e10.parse::<i128>().unwrap_or(0);
                    let fits = digits.len() as i128 + exp.max(0) <= 28
                        && written_scale <= 28
                        && (digits.is_empty() || -exp <= 28);
                    prop_assert!(!fits, "{text:?} refused: {e}");
                }
            }
        }
    }

    #[test]
    fn result_entries_never_panic(text in "\\PC{0,40}", words: bool) {
        if let Ok(ResultValue::Measured { value, .. }) = ResultValue::parse(&text, words) {
            prop_assert_eq!(Ok(value), parse_decimal(&text));
        }
    }

    #[test]
    fn result_entries_near_numbers_never_panic(
        text in number_text(),
        prefix in prop_oneof![Just(""), Just("<"), Just("＜")],
        suffix in prop_oneof![Just(""), Just("L")],
    ) {
        let _ = ResultValue::parse(&format!("{prefix}{text}{suffix}"), true);
    }

    #[test]
    fn intervals_never_panic(text in prop_oneof![number_text(), "\\PC{0,20}"], x in any_decimal()) {
        if let Ok(i) = text.parse::<Interval>() {
            prop_assert!(i.step() > Decimal::ZERO);
            if let Some(r) = i.round(x) {
                prop_assert_eq!(r.scale(), i.decimals());
            }
        }
    }

    #[test]
    fn rounding_matches_the_definition_across_the_range(x in any_decimal(), i in interval()) {
        // units = x / step, exactly (skip the few where the quotient itself cannot be held).
        let Some(q) = exact::div(x, i.step()) else { return Ok(()) };
        let units = q.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
        let want = exact::mul(units, i.step()).and_then(|w| {
            let places = 10i128.checked_pow(i.decimals().checked_sub(w.scale())?)?;
            Decimal::try_from_i128_with_scale(w.mantissa().checked_mul(places)?, i.decimals()).ok()
        });
        prop_assert_eq!(i.round(x), want, "{} @{}", x, i);
    }

    #[test]
    fn limits_never_panic_and_judge_any_value(text in "\\PC{0,40}", x in any_decimal()) {
        if let Ok(limit) = Limit::parse(&text) {
            judge_everything(&limit, x);
        }
    }

    #[test]
    fn limits_near_misses_never_panic(
        op in prop_oneof![
            Just(""), Just("≥"), Just("≤"), Just(">"), Just("<"), Just("不小于"), Just("±"),
            Just("≥ "),
        ],
        a in number_text(),
        joint in prop_oneof![Just(""), Just("～"), Just("~"), Just("±"), Just(" ")],
        b in number_text(),
        x in any_decimal(),
    ) {
        if let Ok(limit) = Limit::parse(&format!("{op}{a}{joint}{b}")) {
            judge_everything(&limit, x);
        }
    }

    #[test]
    fn formulas_never_panic(text in "\\PC{0,40}") {
        let _ = Formula::parse(&text);
    }

    #[test]
    fn formulas_near_misses_evaluate_without_panicking(
        text in "[-+*/×÷() .0-9eAB_]{0,60}",
        a in any_decimal(),
        b in any_decimal(),
    ) {
        if let Ok(f) = Formula::parse(&text) {
            let lookup = |n: &str| match n {
                "A" => Some(Bounded::exact(a)),
                "B" => Some(Bounded::exact(b)),
                _ => None,
            };
            if let Ok(v) = f.evaluate(&lookup) {
                prop_assert!(v.lo <= v.value && v.value <= v.hi, "{text}: {v:?}");
            }
        }
    }

    #[test]
    fn net_content_input_never_panics(
        nominal in prop_oneof![number_text(), "[0-9]{1,4}(\\.[0-9])?"],
        unit in 0usize..7,
        batch in prop_oneof![0u64..20, Just(40u64), Just(60), Just(u64::MAX)],
        texts in prop::collection::vec(number_text(), 0..14),
        values in prop::collection::vec(any_decimal(), 0..14),
    ) {
        let unit = ["g", "kg", "mL", "L", "m", "m2", "count"][unit].parse::<QuantityUnit>();
        prop_assert!(unit.is_ok());
        let unit = unit.unwrap_or(QuantityUnit::Gram);
        if let Ok(q) = parse_decimal(&nominal) {
            let parsed: Result<Vec<Decimal>, _> = texts.iter().map(|t| parse_decimal(t)).collect();
            if let Ok(parsed) = parsed {
                let _ = decide(q, unit, batch, &parsed);
            }
            let _ = decide(q, unit, batch, &values);
            let n = values.len().min(10);
            let _ = decide(q, unit, n as u64, &values[..n]);
        }
    }

    #[test]
    fn exact_arithmetic_agrees_with_rust_decimal_when_it_answers(
        a in any_decimal(),
        b in any_decimal(),
    ) {
        if let Some(s) = exact::add(a, b) {
            prop_assert_eq!(Some(s), a.checked_add(b));
            prop_assert_eq!(exact::sub(s, b), Some(a));
        }
        if let Some(p) = exact::mul(a, b) {
            prop_assert_eq!(Some(p), a.checked_mul(b));
            if !b.is_zero() {
                prop_assert_eq!(exact::div(p, b), Some(a));
            }
        }
        if let Some(q) = exact::div(a, b) {
            prop_assert_eq!(exact::mul(q, b), Some(a));
        }
        if let Ok(q) = Bounded::exact(a).checked_div(Bounded::exact(b)) {
            prop_assert!(q.lo <= q.value && q.value <= q.hi);
            // The bounds enclose a/b: lo·b and hi·b lie either side of a.
            let (l, h) = (Bounded::exact(q.lo).checked_mul(Bounded::exact(b)), Bounded::exact(q.hi).checked_mul(Bounded::exact(b)));
            if let (Some(l), Some(h)) = (l, h) {
                let (below, above) = if b > Decimal::ZERO { (l, h) } else { (h, l) };
                prop_assert!(below.lo <= a && a <= above.hi, "{a} / {b}: {q:?}");
            }
        }
    }
}

fn judge_everything(limit: &Limit, x: Decimal) {
    let values = [
        ResultValue::Measured {
            text: x.to_string(),
            value: x,
        },
        ResultValue::NotDetected {
            text: "未检出".into(),
            lod: Some(x.abs()),
        },
        ResultValue::Qualitative {
            text: "无裂纹".into(),
        },
    ];
    for comparison in [Comparison::Full, Comparison::Rounded] {
        for interval in [None, Interval::new(Decimal::new(1, 2)).ok()] {
            let basis = Basis {
                limit,
                interval,
                comparison,
                detection_limit: Some(x.abs()),
                significant: None,
                decision: Default::default(),
            };
            for v in &values {
                let _ = basis.judge(v);
            }
            let _ = basis.judge_replicates(&values[..1], ReplicateRule::Mean);
            let three = [
                values[0].clone(),
                values[0].clone(),
                ResultValue::Measured {
                    text: "1".into(),
                    value: Decimal::ONE,
                },
            ];
            let _ = basis.judge_replicates(&three, ReplicateRule::Mean);
            let _ = basis.judge_replicates(&three, ReplicateRule::Each);
        }
    }
}

#[test]
fn huge_inputs_finish_and_are_refused() {
    // Each parser makes one pass over its text, so these return at once; a parser that loops
    // per exponent unit or recurses per character would hang or overflow the stack here.
    let nines = "9".repeat(100_000);
    let tiny = format!("0.{}1", "0".repeat(100_000));
    for text in [
        nines.as_str(),
        tiny.as_str(),
        "1e999999999",
        "1e-999999999",
        "0e-999999999",
        "1E+99999999999999999999999999999999",
    ] {
        assert!(
            parse_decimal(text).is_err(),
            "{}",
            &text[..20.min(text.len())]
        );
        assert!(ResultValue::parse(text, true).is_err());
        assert!(ResultValue::parse(&format!("<{text}"), true).is_err());
        assert!(text.parse::<Interval>().is_err());
        assert!(Limit::parse(&format!("≥{text}")).is_err());
        assert!(Limit::parse(&format!("1～{text}")).is_err());
        assert!(Formula::parse(&format!("A*{text}")).is_err());
    }
    assert_eq!(parse_decimal("0e999999999"), Ok(Decimal::ZERO));
    let million = "7".repeat(1_000_000);
    assert!(parse_decimal(&million).is_err());
    assert!(Limit::parse(&million).is_err());
    assert!(Formula::parse(&million).is_err());
    assert!(Formula::parse(&"(".repeat(1_000_000)).is_err());
    assert!(Formula::parse(&"-".repeat(1_000_000)).is_err());
    assert!(Formula::parse(&"1+".repeat(500_000)).is_err());
    // A long name is just a name.
    assert!(Formula::parse(&"A".repeat(100_000)).is_ok());
    // Q² of a 29-digit value cannot be held: the mean check is refused, not rounded.
    let max = parse_decimal(&"9".repeat(28)).unwrap();
    assert!(
        decide(max, QuantityUnit::Count, 1, &[max]).is_ok(),
        "one unit has no spread"
    );
    let e = decide(max, QuantityUnit::Count, 11, &[max; 10]).unwrap_err();
    assert!(e.contains("无法精确计算"), "{e}");
}
