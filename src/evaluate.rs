//! Judging a whole item list: entered items by their values, computed items by their formulas
//! over the unrounded inputs, each rounded once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::ResolvedItem;
use crate::decision::{DecisionRule, Uncertainty};
use crate::exact::Bounded;
use crate::judge::{Judgement, ReplicateRule, Verdict};
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

/// Judge every item under simple acceptance. `entries` holds what was typed for the
/// non-computed items.
pub fn evaluate(
    items: &[ResolvedItem],
    entries: &BTreeMap<String, Vec<ResultValue>>,
) -> Vec<ItemOutcome> {
    evaluate_under(items, entries, DecisionRule::Simple, &BTreeMap::new())
}

/// Judge every item under a decision rule; `uncertainties` holds the expanded uncertainties
/// entered with the results (by item code), which take the place of the library's.
pub fn evaluate_under(
    items: &[ResolvedItem],
    entries: &BTreeMap<String, Vec<ResultValue>>,
    rule: DecisionRule,
    uncertainties: &BTreeMap<String, Uncertainty>,
) -> Vec<ItemOutcome> {
    let by_code: BTreeMap<&str, &ResolvedItem> =
        items.iter().map(|i| (i.code.as_str(), i)).collect();
    let mut computed = Computed::new();
    items
        .iter()
        .map(|item| {
            let basis = item.basis_under(rule, uncertainties.get(&item.code).copied());
            let judged = match &item.formula {
                None => {
                    let values = entries.get(&item.code).cloned().unwrap_or_default();
                    let judgement = (!values.is_empty())
                        .then(|| basis.judge_replicates(&values, item.replicate_rule));
                    Ok((values, judgement))
                }
                Some(_) => computed_values(item, &by_code, entries, 0, &mut computed).map(|b| {
                    let values = b
                        .iter()
                        .map(|v| ResultValue::Measured {
                            text: v.value.normalize().to_string(),
                            value: v.value,
                        })
                        .collect();
                    let judgement =
                        (!b.is_empty()).then(|| basis.judge_computed(&b, item.replicate_rule));
                    (values, judgement)
                }),
            };
            match judged {
                Ok((values, None)) => ItemOutcome {
                    code: item.code.clone(),
                    values,
                    judgement: None,
                    pending: Some("未录入".into()),
                },
                Ok((values, judgement)) => ItemOutcome {
                    code: item.code.clone(),
                    values,
                    judgement,
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

/// The values of the computed items worked out so far, so an input shared by several formulas
/// is computed once.
type Computed = BTreeMap<String, Result<Vec<Bounded>, String>>;

/// The unrounded values a computed item takes: per specimen when every input has as many
/// specimens as the item, otherwise from the inputs' means. Values that cannot be held exactly
/// (Mn/6) come with their bounds.
fn computed_values(
    item: &ResolvedItem,
    by_code: &BTreeMap<&str, &ResolvedItem>,
    entries: &BTreeMap<String, Vec<ResultValue>>,
    depth: usize,
    computed: &mut Computed,
) -> Result<Vec<Bounded>, String> {
    let Some(formula) = &item.formula else {
        let mut numbers = Vec::new();
        for v in entries.get(&item.code).into_iter().flatten() {
            match v {
                ResultValue::Measured { value, .. } => numbers.push(Bounded::exact(*value)),
                // Not detected: the content lies between zero and the detection limit. The
                // standards do not say which value enters a sum such as Ceq, so we take both
                // ends and judge only what holds for the whole range (a value is never made
                // up; a range that straddles the limit cannot be judged).
                ResultValue::NotDetected { lod, .. } => {
                    match lod
                        .or(item.detection_limit)
                        .filter(|l| !l.is_sign_negative())
                    {
                        Some(l) => numbers.push(Bounded {
                            value: l,
                            lo: rust_decimal::Decimal::ZERO,
                            hi: l,
                        }),
                        None => {
                            return Err(format!(
                                "{} 的结果“{}”没有检出限，无法计算；请按“<检出限”录入（如 <0.005）",
                                item.code,
                                v.text()
                            ))
                        }
                    }
                }
                ResultValue::Qualitative { .. } => {
                    return Err(format!(
                        "{} 的结果“{}”不是数值，无法计算",
                        item.code,
                        v.text()
                    ));
                }
            }
        }
        return Ok(numbers);
    };
    if let Some(done) = computed.get(&item.code) {
        return done.clone();
    }
    // The catalog refuses cycles; the depth guard keeps a hand-edited order from looping.
    if depth > 32 {
        return Err("公式嵌套过深".into());
    }
    let out = compute(item, formula, by_code, entries, depth, computed);
    computed.insert(item.code.clone(), out.clone());
    out
}

fn compute(
    item: &ResolvedItem,
    formula: &crate::formula::Formula,
    by_code: &BTreeMap<&str, &ResolvedItem>,
    entries: &BTreeMap<String, Vec<ResultValue>>,
    depth: usize,
    computed: &mut Computed,
) -> Result<Vec<Bounded>, String> {
    let mut inputs: BTreeMap<String, Vec<Bounded>> = BTreeMap::new();
    for r in formula.references() {
        if item.constants.contains_key(&r) {
            continue;
        }
        let Some(input) = by_code.get(r.as_str()) else {
            return Err(format!("缺少输入项目 {r}"));
        };
        let values = computed_values(input, by_code, entries, depth + 1, computed)?;
        if values.is_empty() {
            return Err(format!("等待 {r}（{}）的结果", input.name_zh));
        }
        inputs.insert(r, values);
    }
    let per_specimen = item.replicates > 1
        && item.replicate_rule == ReplicateRule::Each
        && inputs.values().all(|v| v.len() == item.replicates as usize);
    let runs = if per_specimen {
        item.replicates as usize
    } else {
        1
    };
    let mut means: BTreeMap<&str, Bounded> = BTreeMap::new();
    if !per_specimen {
        for (name, v) in &inputs {
            let m = Bounded::mean(v).ok_or_else(|| {
                format!("{name} 的平均值超出可表示的范围（the sum is too large to be held）")
            })?;
            means.insert(name.as_str(), m);
        }
    }
    let mut out = Vec::new();
    for k in 0..runs {
        let lookup = |name: &str| -> Option<Bounded> {
            if let Some(c) = item.constants.get(name) {
                return Some(Bounded::exact(*c));
            }
            if per_specimen {
                inputs.get(name)?.get(k).copied()
            } else {
                means.get(name).copied()
            }
        };
        out.push(formula.evaluate(&lookup)?);
    }
    Ok(out)
}

/// The overall verdict of a sample: one failed item fails it; an item that cannot be judged
/// leaves the whole undecided.
pub fn overall(outcomes: &[ItemOutcome]) -> Verdict {
    Verdict::combine(outcomes.iter().filter_map(|o| o.verdict()))
}
