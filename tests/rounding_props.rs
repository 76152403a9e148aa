//! GB/T 8170 rounding invariants over many values and every kind of interval.

use proptest::prelude::*;
use rust_decimal::Decimal;
use unilab::number::Interval;

fn interval() -> impl Strategy<Value = Interval> {
    (prop_oneof![Just(1i64), Just(2), Just(5)], -4i32..4).prop_map(|(k, n)| {
        let step = if n >= 0 {
            Decimal::from(k * 10i64.pow(n as u32))
        } else {
            Decimal::new(k, (-n) as u32)
        };
        Interval::new(step).unwrap()
    })
}

fn value() -> impl Strategy<Value = Decimal> {
    (-10_000_000_000i64..10_000_000_000, 0u32..8).prop_map(|(m, s)| Decimal::new(m, s))
}

proptest! {
    #[test]
    fn result_is_a_multiple_of_the_interval(x in value(), i in interval()) {
        let r = i.round(x).unwrap();
        prop_assert!((r / i.step()).fract().is_zero(), "{x} @{i} → {r}");
        prop_assert_eq!(r.scale(), i.decimals(), "keeps the interval's decimals");
    }

    #[test]
    fn result_is_within_half_an_interval(x in value(), i in interval()) {
        let r = i.round(x).unwrap();
        prop_assert!((r - x).abs() * Decimal::TWO <= i.step(), "{x} @{i} → {r}");
    }

    #[test]
    fn negative_values_round_their_absolute_value(x in value(), i in interval()) {
        prop_assert_eq!(i.round(-x).unwrap(), -i.round(x).unwrap());
    }

    #[test]
    fn rounding_twice_changes_nothing(x in value(), i in interval()) {
        let r = i.round(x).unwrap();
        prop_assert_eq!(i.round(r).unwrap(), r);
    }

    #[test]
    fn exact_halves_go_to_the_even_multiple(k in -1_000_000i64..1_000_000, i in interval()) {
        // x = (k + ½)·step lies exactly between two multiples.
        let x = (Decimal::from(k) + Decimal::new(5, 1)) * i.step();
        let units = i.round(x).unwrap() / i.step();
        prop_assert!(units.fract().is_zero());
        prop_assert!((units % Decimal::TWO).is_zero(), "{x} @{i} → {units} units");
    }

    #[test]
    fn just_above_half_rounds_away(k in 0i64..1_000_000, i in interval()) {
        // 5 followed by a non-zero digit rounds up (away from zero).
        let x = (Decimal::from(k) + Decimal::new(50001, 5)) * i.step();
        prop_assert_eq!(i.round(x).unwrap(), Decimal::from(k + 1) * i.step());
    }
}
