//! Numbers as typed: `VALUE` or `VALUE\nINTERVAL`. Parses the value every way a result is
//! entered, the interval, and rounds; checks what rounding promises.

use rust_decimal::Decimal;
use unilab::exact;
use unilab::number::{parse_decimal, Interval, ResultValue};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let (value, interval) = text.split_once('\n').unwrap_or((text, "0.1"));
        let parsed = parse_decimal(value);
        for words in [false, true] {
            if let Ok(ResultValue::Measured { value: v, .. }) = ResultValue::parse(value, words) {
                assert_eq!(Ok(v), parsed);
            }
        }
        let Ok(interval) = interval.parse::<Interval>() else {
            return;
        };
        assert!(interval.step() > Decimal::ZERO);
        let Ok(v) = parsed else {
            return;
        };
        let Some(r) = interval.round(v) else {
            return;
        };
        assert_eq!(r.scale(), interval.decimals(), "{v} @{interval} → {r}");
        assert_eq!(interval.round(r), Some(r), "rounding twice changes nothing");
        assert_eq!(interval.round(-v), Some(-r), "symmetric about zero");
        // |r − v| ≤ step/2, when the difference can be held.
        if let Some(diff) = exact::sub(r, v) {
            if let Some(twice) = exact::mul(diff.abs(), Decimal::TWO) {
                assert!(twice <= interval.step(), "{v} @{interval} → {r}");
            }
        }
        // r is a whole number of steps.
        if let Some(units) = exact::div(r, interval.step()) {
            assert!(units.fract().is_zero(), "{v} @{interval} → {r}");
        }
    });
}
