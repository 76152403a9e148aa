//! Verdicts: a value (or several replicates) against a limit, by 全数值 or 修约值 comparison.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::decision::{zone, Decision, DecisionRule, Zone};
use crate::exact::Bounded;
use crate::limit::{tolerance_range, Limit, Requirement};
use crate::limit_adjust::widened_requirement;
use crate::number::{Interval, ResultValue};
use crate::significant::SignificantFigures;

/// GB/T 8170 §4.3 comparison methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// 全数值比较法: the unrounded value is compared.
    #[default]
    Full,
    /// 修约值比较法: the value is rounded to the limit's interval first.
    Rounded,
}

impl Comparison {
    pub fn zh(self) -> &'static str {
        match self {
            Comparison::Full => "全数值比较法",
            Comparison::Rounded => "修约值比较法",
        }
    }

    /// The word the CLI and files use.
    pub fn key(self) -> &'static str {
        match self {
            Comparison::Full => "full",
            Comparison::Rounded => "rounded",
        }
    }

    pub fn parse(s: &str) -> Result<Comparison, String> {
        match s.trim() {
            "full" | "全数值" | "全数值比较法" => Ok(Comparison::Full),
            "rounded" | "修约值" | "修约值比较法" => Ok(Comparison::Rounded),
            other => Err(format!(
                "比较方法“{other}”无效，应为 full（全数值）或 rounded（修约值）"
            )),
        }
    }
}

/// The outcome for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", content = "reason", rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    /// Guard band only: inside the limit, but by no more than the expanded uncertainty.
    ConditionalPass,
    /// Guard band only: outside the limit, but by no more than the expanded uncertainty.
    ConditionalFail,
    /// No requirement applies (report-only, or none for this grade).
    NotJudged,
    /// A requirement applies but this value cannot decide it (e.g. the detection limit is above
    /// the limit); the reason says why.
    CannotJudge(String),
}

impl Verdict {
    pub fn key(&self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::ConditionalPass => "conditional_pass",
            Verdict::ConditionalFail => "conditional_fail",
            Verdict::NotJudged => "not_judged",
            Verdict::CannotJudge(_) => "cannot_judge",
        }
    }

    /// The word printed in the 单项判定 column.
    pub fn zh(&self) -> &'static str {
        match self {
            Verdict::Pass => "符合",
            Verdict::Fail => "不符合",
            Verdict::ConditionalPass => "有条件符合",
            Verdict::ConditionalFail => "有条件不符合",
            Verdict::NotJudged => "/",
            Verdict::CannotJudge(_) => "无法判定",
        }
    }

    pub fn en(&self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::ConditionalPass => "conditional pass",
            Verdict::ConditionalFail => "conditional fail",
            Verdict::NotJudged => "/",
            Verdict::CannotJudge(_) => "cannot judge",
        }
    }

    /// A statement of non-conformity, outright or conditional: the sample does not pass.
    pub fn is_fail_side(&self) -> bool {
        matches!(self, Verdict::Fail | Verdict::ConditionalFail)
    }

    /// Combine the verdicts of several specimens or items: one fail fails the whole; then a
    /// conditional fail, an undecided item, a conditional pass and a pass, in that order.
    pub fn combine<'a>(verdicts: impl IntoIterator<Item = &'a Verdict>) -> Verdict {
        let mut out = Verdict::NotJudged;
        for v in verdicts {
            out = match (&out, v) {
                (Verdict::Fail, _) | (_, Verdict::Fail) => Verdict::Fail,
                (Verdict::ConditionalFail, _) | (_, Verdict::ConditionalFail) => {
                    Verdict::ConditionalFail
                }
                (Verdict::CannotJudge(r), _) | (_, Verdict::CannotJudge(r)) => {
                    Verdict::CannotJudge(r.clone())
                }
                (Verdict::ConditionalPass, _) | (_, Verdict::ConditionalPass) => {
                    Verdict::ConditionalPass
                }
                (Verdict::Pass, _) | (_, Verdict::Pass) => Verdict::Pass,
                _ => Verdict::NotJudged,
            };
        }
        out
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::CannotJudge(r) => write!(f, "无法判定：{r}"),
            v => f.write_str(v.zh()),
        }
    }
}

/// Everything that decides how one item is judged (the three-unified decision basis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis<'a> {
    pub limit: &'a Limit,
    /// The item's reporting interval; when absent the limit's written interval is used.
    pub interval: Option<Interval>,
    pub comparison: Comparison,
    /// The method's detection limit, for 未检出 entries that do not state one.
    pub detection_limit: Option<Decimal>,
    /// Report to significant figures instead of an interval (GB 5009 methods); when set it
    /// decides the reported value and the 修约值比较法 comparison.
    pub significant: Option<SignificantFigures>,
    /// The decision rule agreed for the order and the expanded uncertainty it uses.
    pub decision: Decision,
}

/// A judged value: the text for the report and the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judgement {
    pub reported: String,
    pub verdict: Verdict,
}

impl Basis<'_> {
    /// The interval values are reported at (and compared at, by 修约值比较法).
    pub fn reporting_interval(&self) -> Option<Interval> {
        self.interval.or_else(|| self.limit.written_interval())
    }

    pub fn judge(&self, value: &ResultValue) -> Judgement {
        match value {
            ResultValue::Measured { text, value } => self.judge_number(text, *value),
            ResultValue::NotDetected { lod, .. } => self.judge_not_detected(*lod),
            ResultValue::Qualitative { text } => Judgement {
                reported: text.clone(),
                verdict: self.judge_qualitative(text),
            },
        }
    }

    /// The interval one value is reported at: its significant figures' position, else the
    /// item's or the limit's interval.
    fn interval_for(&self, value: Decimal) -> Option<Interval> {
        match &self.significant {
            Some(sf) if !value.is_zero() => sf.interval_for(value),
            Some(_) => None,
            None => self.reporting_interval(),
        }
    }

    fn judge_number(&self, text: &str, value: Decimal) -> Judgement {
        let rounded: Option<(String, Option<Decimal>)> = match &self.significant {
            Some(sf) => Some((sf.to_string(), sf.round(value))),
            None => self
                .reporting_interval()
                .map(|i| (i.to_string(), i.round(value))),
        };
        let reported = match &rounded {
            Some((_, Some(r))) => r.to_string(),
            _ => text.to_string(),
        };
        let verdict = match &self.limit.requirement {
            Requirement::ReportOnly => Verdict::NotJudged,
            Requirement::NotDetectable => Verdict::Fail,
            Requirement::Qualitative { expected } => {
                Verdict::CannotJudge(format!("要求为定性结果“{expected}”，不能用数值判定"))
            }
            numeric => match (self.comparison, rounded) {
                (Comparison::Rounded, Some((i, None))) => Verdict::CannotJudge(format!(
                    "数值 {text} 修约到 {i} 后超出可表示的范围（too large to round to the interval）"
                )),
                (Comparison::Rounded, Some((_, Some(r)))) => self.decide(numeric, r),
                _ => self.decide(numeric, value),
            },
        };
        Judgement { reported, verdict }
    }

    /// Judge a computed value known only to lie within `b.lo`…`b.hi` (Mn/6, a mean of three):
    /// the verdict stands only when every value in the bounds is reported and judged alike.
    pub fn judge_bounded(&self, text: &str, b: &Bounded) -> Judgement {
        let mid = self.judge_number(text, b.value);
        if b.is_exact() {
            return mid;
        }
        let lo = self.judge_number(text, b.lo);
        let hi = self.judge_number(text, b.hi);
        // Under 全数值比较法 a whole range can sit strictly inside the bounds.
        let straddles = self.comparison == Comparison::Full
            && match &self.limit.requirement {
                Requirement::Between { min, max } => b.lo < *min && *max < b.hi,
                Requirement::Tolerance { nominal, tolerance } => {
                    tolerance_range(*nominal, *tolerance)
                        .is_some_and(|(min, max)| b.lo < min && max < b.hi)
                }
                _ => false,
            };
        // A value that is only approximate is reported rounded, never as its approximation.
        let numeric = matches!(
            self.limit.requirement,
            Requirement::AtLeast { .. }
                | Requirement::AtMost { .. }
                | Requirement::Between { .. }
                | Requirement::Tolerance { .. }
        );
        let rounded = self
            .interval_for(b.value)
            .and_then(|i| i.round(b.value))
            .is_some();
        if lo == mid && hi == mid && !straddles && (rounded || !numeric) {
            return mid;
        }
        Judgement {
            reported: mid.reported,
            verdict: Verdict::CannotJudge(format!(
                "计算值只能近似表示（介于 {} 与 {} 之间），不足以确定修约和判定（the computed value cannot be held exactly enough to decide）",
                b.lo.normalize(),
                b.hi.normalize()
            )),
        }
    }

    fn judge_not_detected(&self, stated_lod: Option<Decimal>) -> Judgement {
        let lod = stated_lod.or(self.detection_limit);
        let reported = match lod {
            Some(l) => format!("<{l}"),
            None => "未检出".to_string(),
        };
        let verdict = match (&self.limit.requirement, lod) {
            (Requirement::ReportOnly, _) => Verdict::NotJudged,
            (Requirement::NotDetectable, _) => match (stated_lod, self.detection_limit) {
                (Some(s), Some(m)) if s > m => Verdict::CannotJudge(format!(
                    "所报检出限 {s} 高于规定方法的检出限 {m}，不能证明“不得检出”"
                )),
                _ => Verdict::Pass,
            },
            (Requirement::Qualitative { expected }, _) => {
                Verdict::CannotJudge(format!("要求为定性结果“{expected}”"))
            }
            (_, None) => Verdict::CannotJudge("未检出但不知道检出限，无法与数值限值比较".into()),
            (Requirement::AtMost { max, inclusive }, Some(l)) => {
                // The true value is below l; it meets "≤ max" for sure only when l ≤ max.
                if l < *max || (l == *max && (*inclusive || stated_lod.is_some())) {
                    Verdict::Pass
                } else {
                    Verdict::CannotJudge(format!("检出限 {l} 高于限值 {max}，无法判定"))
                }
            }
            (numeric, Some(l)) => {
                let min = match numeric {
                    Requirement::AtLeast { min, .. } | Requirement::Between { min, .. } => *min,
                    Requirement::Tolerance { nominal, tolerance } => {
                        match tolerance_range(*nominal, *tolerance) {
                            Some((min, _)) => min,
                            None => {
                                return Judgement {
                                    reported,
                                    verdict: range_unrepresentable(self.limit),
                                }
                            }
                        }
                    }
                    _ => Decimal::MAX,
                };
                // The true value is below l ≤ min: it cannot reach the lower limit.
                if l <= min {
                    Verdict::Fail
                } else {
                    Verdict::CannotJudge(format!("检出限 {l} 高于下限 {min}，无法判定"))
                }
            }
        };
        Judgement { reported, verdict }
    }

    fn judge_qualitative(&self, text: &str) -> Verdict {
        if crate::number::NOT_APPLICABLE.contains(&text) {
            return Verdict::NotJudged;
        }
        match &self.limit.requirement {
            Requirement::ReportOnly => Verdict::NotJudged,
            Requirement::Qualitative { expected } => qualitative_verdict(expected, text),
            Requirement::NotDetectable => match text {
                "未检出" => Verdict::Pass,
                "检出" => Verdict::Fail,
                _ => Verdict::CannotJudge(format!("“{text}”不是“检出/未检出”")),
            },
            _ => Verdict::CannotJudge(format!("“{text}”不是数值，不能与数值限值比较")),
        }
    }
}

impl Basis<'_> {
    /// The verdict for the compared value `v` under the decision rule. Simple acceptance is
    /// exactly the old comparison. A guard band asks the same question of the limit moved in
    /// and out by U; without a U it cannot judge a numeric requirement.
    fn decide(&self, requirement: &Requirement, v: Decimal) -> Verdict {
        let simple = holds_verdict(self.limit, requirement, v);
        if self.decision.rule == DecisionRule::Simple
            || !matches!(simple, Verdict::Pass | Verdict::Fail)
        {
            return simple;
        }
        let Some(u) = self.decision.uncertainty else {
            return Verdict::CannotJudge(
                "判定规则为保护带，须给出扩展不确定度 U（the guard-band rule needs the expanded uncertainty U）"
                    .into(),
            );
        };
        let (Some(u), Some(inside)) = (u.at(v), numeric_holds(requirement, v)) else {
            return Verdict::CannotJudge(GUARD_OUT_OF_RANGE.into());
        };
        let moved =
            |by: Decimal| widened_requirement(requirement, by).and_then(|r| numeric_holds(&r, v));
        let (Some(shrunk), Some(wide)) = (moved(-u), moved(u)) else {
            return Verdict::CannotJudge(GUARD_OUT_OF_RANGE.into());
        };
        match zone(shrunk, inside, wide) {
            Zone::Pass => Verdict::Pass,
            Zone::ConditionalPass => Verdict::ConditionalPass,
            Zone::ConditionalFail => Verdict::ConditionalFail,
            Zone::Fail => Verdict::Fail,
        }
    }
}

const GUARD_OUT_OF_RANGE: &str =
    "限值加减不确定度后超出可表示的范围（the limit ± U cannot be held exactly）";

fn pass_or_fail(holds: bool) -> Verdict {
    if holds {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}

/// Whether `v` meets a numeric requirement; `None` when a tolerance's ends cannot be held.
fn numeric_holds(requirement: &Requirement, v: Decimal) -> Option<bool> {
    Some(match requirement {
        Requirement::AtLeast { min, inclusive } => v > *min || (*inclusive && v == *min),
        Requirement::AtMost { max, inclusive } => v < *max || (*inclusive && v == *max),
        Requirement::Between { min, max } => *min <= v && v <= *max,
        Requirement::Tolerance { nominal, tolerance } => {
            let (min, max) = tolerance_range(*nominal, *tolerance)?;
            min <= v && v <= max
        }
        _ => false,
    })
}

fn holds_verdict(limit: &Limit, requirement: &Requirement, v: Decimal) -> Verdict {
    match numeric_holds(requirement, v) {
        Some(holds) => pass_or_fail(holds),
        None => range_unrepresentable(limit),
    }
}

fn range_unrepresentable(limit: &Limit) -> Verdict {
    Verdict::CannotJudge(format!(
        "限值“{}”的上下限超出可表示的范围（the limit's ends cannot be held exactly）",
        limit.text
    ))
}

/// The opposite of a qualitative requirement as labs write it (无裂纹 ↔ 有裂纹, 阴性 ↔ 阳性).
pub fn qualitative_opposite(expected: &str) -> String {
    let pairs = [
        ("阴性", "阳性"),
        ("符合", "不符合"),
        ("合格", "不合格"),
        ("未检出", "检出"),
    ];
    for (a, b) in pairs {
        if expected == a {
            return b.to_string();
        }
        if expected == b {
            return a.to_string();
        }
    }
    if let Some(rest) = expected.strip_prefix('无') {
        return format!("有{rest}");
    }
    if let Some(rest) = expected.strip_prefix("不得有") {
        return format!("有{rest}");
    }
    format!("不符合（{expected}）")
}

fn qualitative_verdict(expected: &str, observed: &str) -> Verdict {
    if observed == expected || observed == "符合" || observed == "合格" {
        Verdict::Pass
    } else if observed == qualitative_opposite(expected)
        || observed == "不符合"
        || observed == "不合格"
    {
        Verdict::Fail
    } else {
        Verdict::CannotJudge(format!(
            "“{observed}”不是可判定的结果；请填写“{expected}”或“{}”",
            qualitative_opposite(expected)
        ))
    }
}

/// How replicates (specimens) of one item are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReplicateRule {
    /// Every specimen must meet the requirement.
    #[default]
    Each,
    /// The mean of the specimens is rounded and judged.
    Mean,
}

impl Basis<'_> {
    /// Judge the replicates of one item by its rule. The mean is taken in exact decimals from
    /// the unrounded values and rounded once.
    pub fn judge_replicates(&self, values: &[ResultValue], rule: ReplicateRule) -> Judgement {
        if values.is_empty() {
            return Judgement {
                reported: String::new(),
                verdict: Verdict::CannotJudge("没有结果".into()),
            };
        }
        if values.len() == 1 {
            return self.judge(&values[0]);
        }
        match rule {
            ReplicateRule::Each => {
                let each: Vec<Judgement> = values.iter().map(|v| self.judge(v)).collect();
                Judgement {
                    reported: each
                        .iter()
                        .map(|j| j.reported.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                    verdict: Verdict::combine(each.iter().map(|j| &j.verdict)),
                }
            }
            ReplicateRule::Mean => {
                let texts = || {
                    values
                        .iter()
                        .map(|v| v.text())
                        .collect::<Vec<_>>()
                        .join("、")
                };
                if values.iter().any(|v| v.number().is_none()) {
                    return Judgement {
                        reported: texts(),
                        verdict: Verdict::CannotJudge("取平均值的项目须全部为数值".into()),
                    };
                }
                match mean(values) {
                    Some(m) => self.judge_bounded(&m.value.to_string(), &m),
                    None => Judgement {
                        reported: texts(),
                        verdict: Verdict::CannotJudge(MEAN_OUT_OF_RANGE.into()),
                    },
                }
            }
        }
    }

    /// Judge the values of a computed item (each known within bounds) by its replicate rule.
    pub fn judge_computed(&self, values: &[Bounded], rule: ReplicateRule) -> Judgement {
        let text = |b: &Bounded| b.value.normalize().to_string();
        match values {
            [] => Judgement {
                reported: String::new(),
                verdict: Verdict::CannotJudge("没有结果".into()),
            },
            [one] => self.judge_bounded(&text(one), one),
            _ if rule == ReplicateRule::Mean => match Bounded::mean(values) {
                Some(m) => self.judge_bounded(&text(&m), &m),
                None => Judgement {
                    reported: values.iter().map(text).collect::<Vec<_>>().join("、"),
                    verdict: Verdict::CannotJudge(MEAN_OUT_OF_RANGE.into()),
                },
            },
            _ => {
                let each: Vec<Judgement> = values
                    .iter()
                    .map(|b| self.judge_bounded(&text(b), b))
                    .collect();
                Judgement {
                    reported: each
                        .iter()
                        .map(|j| j.reported.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                    verdict: Verdict::combine(each.iter().map(|j| &j.verdict)),
                }
            }
        }
    }
}

const MEAN_OUT_OF_RANGE: &str =
    "平均值超出可表示的范围（the sum of the values is too large to be held）";

/// The mean of numeric values, exact or within proven bounds (a mean of three does not end);
/// `None` if any is not a number or their sum cannot be held.
pub fn mean(values: &[ResultValue]) -> Option<Bounded> {
    let numbers: Vec<Bounded> = values
        .iter()
        .map(|v| v.number().map(Bounded::exact))
        .collect::<Option<_>>()?;
    Bounded::mean(&numbers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::parse_decimal;

    fn judge(limit: &str, value: &str, comparison: Comparison) -> Judgement {
        let limit = Limit::parse(limit).unwrap();
        let basis = Basis {
            limit: &limit,
            interval: None,
            comparison,
            detection_limit: None,
            significant: None,
            decision: Default::default(),
        };
        basis.judge(&ResultValue::parse(value, true).unwrap())
    }

    #[test]
    fn domain_comparison_vectors() {
        assert_eq!(
            judge("≥97.0", "96.96", Comparison::Full).verdict,
            Verdict::Fail
        );
        let j = judge("≥97.0", "96.96", Comparison::Rounded);
        assert_eq!((j.reported.as_str(), j.verdict), ("97.0", Verdict::Pass));
        assert_eq!(
            judge("≥97.0", "96.94", Comparison::Full).verdict,
            Verdict::Fail
        );
        assert_eq!(
            judge("≥97.0", "96.94", Comparison::Rounded).verdict,
            Verdict::Fail
        );
        for c in [Comparison::Full, Comparison::Rounded] {
            let j = judge("10.0±0.1", "9.85", c);
            assert_eq!(j.verdict, Verdict::Fail, "{c:?}");
            assert_eq!(j.reported, "9.8");
        }
    }

    #[test]
    fn item_interval_overrides_the_limit() {
        let limit = Limit::parse("≥400").unwrap();
        let basis = Basis {
            limit: &limit,
            interval: Some("5".parse().unwrap()),
            comparison: Comparison::Rounded,
            detection_limit: None,
            significant: None,
            decision: Default::default(),
        };
        let j = basis.judge(&ResultValue::parse("397.6", false).unwrap());
        assert_eq!((j.reported.as_str(), j.verdict), ("400", Verdict::Pass));
        let j = basis.judge(&ResultValue::parse("397.4", false).unwrap());
        assert_eq!((j.reported.as_str(), j.verdict), ("395", Verdict::Fail));
    }

    #[test]
    fn exclusive_and_range_limits() {
        assert_eq!(
            judge(">1.5", "1.5", Comparison::Full).verdict,
            Verdict::Fail
        );
        assert_eq!(
            judge("≥1.5", "1.5", Comparison::Full).verdict,
            Verdict::Pass
        );
        assert_eq!(
            judge("1.00～4.75", "4.75", Comparison::Full).verdict,
            Verdict::Pass
        );
        assert_eq!(
            judge("1.00～4.75", "4.751", Comparison::Full).verdict,
            Verdict::Fail
        );
        assert_eq!(
            judge("±6.0", "-6.0", Comparison::Full).verdict,
            Verdict::Pass
        );
        assert_eq!(
            judge("实测", "12.3", Comparison::Full).verdict,
            Verdict::NotJudged
        );
    }

    #[test]
    fn not_detected_results() {
        assert_eq!(
            judge("不得检出", "未检出", Comparison::Full).verdict,
            Verdict::Pass
        );
        assert_eq!(
            judge("不得检出", "0.01", Comparison::Full).verdict,
            Verdict::Fail
        );
        assert_eq!(
            judge("≤0.2", "<0.01", Comparison::Full).verdict,
            Verdict::Pass
        );
        let j = judge("≤0.01", "<0.02", Comparison::Full);
        assert!(
            matches!(j.verdict, Verdict::CannotJudge(ref r) if r.contains("高于限值")),
            "{j:?}"
        );
        assert_eq!(j.reported, "<0.02");
        assert!(matches!(
            judge("≤0.2", "未检出", Comparison::Full).verdict,
            Verdict::CannotJudge(_)
        ));
        // The method's detection limit decides a bare 未检出.
        let limit = Limit::parse("≤0.01").unwrap();
        let basis = Basis {
            limit: &limit,
            interval: None,
            comparison: Comparison::Full,
            detection_limit: Some(parse_decimal("0.02").unwrap()),
            significant: None,
            decision: Default::default(),
        };
        assert!(matches!(
            basis
                .judge(&ResultValue::parse("未检出", false).unwrap())
                .verdict,
            Verdict::CannotJudge(_)
        ));
        // 不得检出 with a laxer detection limit than the method's proves nothing.
        let nd = Limit::parse("不得检出").unwrap();
        let basis = Basis {
            limit: &nd,
            interval: None,
            comparison: Comparison::Full,
            detection_limit: Some(parse_decimal("0.01").unwrap()),
            significant: None,
            decision: Default::default(),
        };
        assert!(matches!(
            basis
                .judge(&ResultValue::parse("<0.05", false).unwrap())
                .verdict,
            Verdict::CannotJudge(_)
        ));
        assert_eq!(
            basis
                .judge(&ResultValue::parse("<0.01", false).unwrap())
                .verdict,
            Verdict::Pass
        );
    }

    #[test]
    fn qualitative_results_match_qualitative_limits() {
        assert_eq!(
            judge("无裂纹", "无裂纹", Comparison::Full).verdict,
            Verdict::Pass
        );
        assert_eq!(
            judge("无裂纹", "有裂纹", Comparison::Full).verdict,
            Verdict::Fail
        );
        assert_eq!(
            judge("阴性", "阳性", Comparison::Full).verdict,
            Verdict::Fail
        );
        assert_eq!(
            judge("符合", "符合", Comparison::Full).verdict,
            Verdict::Pass
        );
        assert!(matches!(
            judge("无裂纹", "裂了", Comparison::Full).verdict,
            Verdict::CannotJudge(_)
        ));
        assert!(matches!(
            judge("≥400", "无裂纹", Comparison::Full).verdict,
            Verdict::CannotJudge(_)
        ));
        // Not applicable to this sample: recorded, never judged.
        assert_eq!(
            judge("≥1.5", "不适用", Comparison::Full).verdict,
            Verdict::NotJudged
        );
    }

    #[test]
    fn replicates_each_and_mean() {
        let limit = Limit::parse("≥400").unwrap();
        let basis = Basis {
            limit: &limit,
            interval: Some("5".parse().unwrap()),
            comparison: Comparison::Rounded,
            detection_limit: None,
            significant: None,
            decision: Default::default(),
        };
        let vals = |xs: &[&str]| -> Vec<ResultValue> {
            xs.iter()
                .map(|x| ResultValue::parse(x, false).unwrap())
                .collect()
        };
        let j = basis.judge_replicates(&vals(&["430", "390"]), ReplicateRule::Each);
        assert_eq!(
            (j.reported.as_str(), j.verdict),
            ("430、390", Verdict::Fail)
        );
        let j = basis.judge_replicates(&vals(&["430", "390"]), ReplicateRule::Mean);
        assert_eq!((j.reported.as_str(), j.verdict), ("410", Verdict::Pass));
    }
}
