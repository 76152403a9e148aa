//! Judging a whole item list: entered items by their values, computed items by their formulas
//! over the unrounded inputs, each rounded once.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::ResolvedItem;
use crate::judge::{mean, Judgement, ReplicateRule, Verdict};
use crate::number::ResultValue;

/// The outcome for one item of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOutcome {
    pub code: String,
    /// The values judged: as entered, or computed by the formula.
    pub values: Vec<ResultValue>,
    pub judgement: Option<Judgement>,
    /// Why there is no judgement yet (values missing, an input missing …).
    pub pending: Option<String>,
}

impl ItemOutcome {
    pub fn verdict(&self) -> Option<&Verdict> {
        self.judgement.as_ref().map(|j| &j.verdict)
    }
}

/// Judge every item. `entries` holds what was typed for the non-computed items.
pub fn evaluate(
    items: &[ResolvedItem],
    entries: &BTreeMap<String, Vec<ResultValue>>,
) -> Vec<ItemOutcome> {
    let by_code: BTreeMap<&str, &ResolvedItem> =
        items.iter().map(|i| (i.code.as_str(), i)).collect();
    items
        .iter()
        .map(|item| {
            let values = match &item.formula {
                None => Ok(entries.get(&item.code).cloned().unwrap_or_default()),
                Some(_) => computed_values(item, &by_code, entries, 0),
            };
            match values {
                Ok(values) if values.is_empty() => ItemOutcome {
                    code: item.code.clone(),
                    values,
                    judgement: None,
                    pending: Some("未录入".into()),
                },
                Ok(values) => ItemOutcome {
                    code: item.code.clone(),
                    judgement: Some(item.basis().judge_replicates(&values, item.replicate_rule)),
                    values,
                    pending: None,
                },
                Err(reason) => ItemOutcome {
                    code: item.code.clone(),
                    values: Vec::new(),
                    judgement: None,
                    pending: Some(reason),
                },
            }
        })
        .collect()
}

/// The unrounded values a computed item takes: per specimen when every input has as many
/// specimens as the item, otherwise from the inputs' means.
fn computed_values(
    item: &ResolvedItem,
    by_code: &BTreeMap<&str, &ResolvedItem>,
    entries: &BTreeMap<String, Vec<ResultValue>>,
    depth: usize,
) -> Result<Vec<ResultValue>, String> {
    let Some(formula) = &item.formula else {
        return Ok(entries.get(&item.code).cloned().unwrap_or_default());
    };
    // The catalog refuses cycles; the depth guard keeps a hand-edited order from looping.
    if depth > 32 {
        return Err("公式嵌套过深".into());
    }
    let mut inputs: BTreeMap<String, Vec<Decimal>> = BTreeMap::new();
    for r in formula.references() {
        if item.constants.contains_key(&r) {
            continue;
        }
        let Some(input) = by_code.get(r.as_str()) else {
            return Err(format!("缺少输入项目 {r}"));
        };
        let values = computed_values(input, by_code, entries, depth + 1)?;
        if values.is_empty() {
            return Err(format!("等待 {r}（{}）的结果", input.name_zh));
        }
        let mut numbers = Vec::new();
        for v in &values {
            match v.number() {
                Some(n) => numbers.push(n),
                None => {
                    // The standards do not say how a 未检出 input enters a sum such as Ceq,
                    // so we refuse to guess and ask for a number.
                    return Err(format!("{r} 的结果“{}”不是数值，无法计算", v.text()));
                }
            }
        }
        inputs.insert(r, numbers);
    }
    let per_specimen = item.replicates > 1
        && item.replicate_rule == ReplicateRule::Each
        && inputs.values().all(|v| v.len() == item.replicates as usize);
    let runs = if per_specimen {
        item.replicates as usize
    } else {
        1
    };
    let mut out = Vec::new();
    for k in 0..runs {
        let lookup = |name: &str| -> Option<Decimal> {
            if let Some(c) = item.constants.get(name) {
                return Some(*c);
            }
            let v = inputs.get(name)?;
            if per_specimen {
                v.get(k).copied()
            } else {
                let as_values: Vec<ResultValue> = v
                    .iter()
                    .map(|d| ResultValue::Measured {
                        text: d.to_string(),
                        value: *d,
                    })
                    .collect();
                mean(&as_values)
            }
        };
        let value = formula.evaluate(&lookup)?;
        out.push(ResultValue::Measured {
            text: value.normalize().to_string(),
            value,
        });
    }
    Ok(out)
}

/// The overall verdict of a sample: one failed item fails it; an item that cannot be judged
/// leaves the whole undecided.
pub fn overall(outcomes: &[ItemOutcome]) -> Verdict {
    Verdict::combine(outcomes.iter().filter_map(|o| o.verdict()))
}
