//! Formulas of computed items: `FORMULA\nVALUE VALUE …`, the values given to the formula's
//! references in sorted order (Ceq = C + Mn/6 + …). Parses, evaluates, checks the bounds.

use std::collections::BTreeMap;

use unilab::exact::Bounded;
use unilab::formula::Formula;
use unilab::number::parse_decimal;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let (formula, values) = text.split_once('\n').unwrap_or((text, "1 2 3"));
        let Ok(f) = Formula::parse(formula) else {
            return;
        };
        let numbers: Vec<_> = values
            .split_whitespace()
            .filter_map(|v| parse_decimal(v).ok())
            .collect();
        let refs = f.references();
        let given: BTreeMap<String, Bounded> = refs
            .iter()
            .cloned()
            .zip(numbers.iter().map(|d| Bounded::exact(*d)))
            .collect();
        if let Ok(v) = f.evaluate(&|name| given.get(name).copied()) {
            assert!(v.lo <= v.value && v.value <= v.hi, "{formula}: {v:?}");
            // Every reference had a value, or evaluation would have said which is missing.
            assert!(refs.iter().all(|r| given.contains_key(r)));
        }
    });
}
