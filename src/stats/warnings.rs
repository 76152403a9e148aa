//! Early warning (预警): rules in the lab's configuration run over the statistics rows so that
//! regional and trend problems are seen early (早发现). Each warning carries its evidence (the
//! orders behind it) and a stable id, so a person's acknowledgement sticks to it. Pure.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::fact::{OrderFact, Outcome};
use crate::model::Enterprise;

/// The rules and their figures, `[warnings]` of the lab's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WarningRules {
    /// A product's pass rate in a region (prefecture) below `region_rate_below` per cent over
    /// its last `region_last` tested samples (and at least `region_min` of them).
    pub region_last: usize,
    pub region_min: usize,
    pub region_rate_below: u32,
    /// An enterprise failing `repeat_failures` times within `repeat_months`.
    pub repeat_failures: usize,
    pub repeat_months: u32,
    /// An item failing at least twice as often this quarter as last, and at least
    /// `surge_min` times.
    pub surge_min: u32,
}

impl Default for WarningRules {
    fn default() -> Self {
        WarningRules {
            region_last: 20,
            region_min: 5,
            region_rate_below: 80,
            repeat_failures: 2,
            repeat_months: 12,
            surge_min: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    RegionRate,
    RepeatFailure,
    ItemSurge,
    BlacklistAlias,
}

impl Rule {
    pub fn zh(self) -> &'static str {
        match self {
            Rule::RegionRate => "地区合格率偏低",
            Rule::RepeatFailure => "企业多次不合格",
            Rule::ItemSurge => "项目不合格激增",
            Rule::BlacklistAlias => "黑名单企业疑似换名",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Rule::RegionRate => "low pass rate in a region",
            Rule::RepeatFailure => "enterprise failing repeatedly",
            Rule::ItemSurge => "item failures surging",
            Rule::BlacklistAlias => "blacklisted enterprise under another name",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable while the facts behind it stay: rule, subject and period.
    pub id: String,
    pub rule: Rule,
    pub subject: String,
    pub zh: String,
    pub en: String,
    /// The orders behind it.
    pub evidence: Vec<String>,
}

fn quarter_of(d: NaiveDate) -> (i32, u32) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

fn previous_quarter((y, q): (i32, u32)) -> (i32, u32) {
    if q == 1 {
        (y - 1, 4)
    } else {
        (y, q - 1)
    }
}

/// Products by region (prefecture): the last N tested samples' pass rate below the threshold.
fn region_rate(facts: &[OrderFact], r: &WarningRules, out: &mut Vec<Warning>) {
    let mut groups: BTreeMap<(String, String), Vec<&OrderFact>> = BTreeMap::new();
    for f in facts.iter().filter(|f| f.tested()) {
        let area = super::region_code(&f.enterprise);
        if area == "/" {
            continue;
        }
        let pref = super::area::prefecture(&area);
        groups
            .entry((f.standard.clone(), pref))
            .or_default()
            .push(f);
    }
    for ((standard, pref), mut fs) in groups {
        fs.sort_by(|a, b| (a.date, &a.number).cmp(&(b.date, &b.number)));
        let last: Vec<&OrderFact> = fs.iter().rev().take(r.region_last).copied().collect();
        if last.len() < r.region_min.max(1) {
            continue;
        }
        let passed = last.iter().filter(|f| f.outcome == Outcome::Passed).count();
        // passed / n < t / 100, in integers.
        if passed * 100 >= r.region_rate_below as usize * last.len() {
            continue;
        }
        let place = super::area::area_name(&pref).unwrap_or_else(|| pref.clone());
        let (n, p) = (last.len(), passed);
        out.push(Warning {
            id: format!("region_rate:{standard}:{pref}"),
            rule: Rule::RegionRate,
            subject: format!("{standard} · {place}"),
            zh: format!(
                "{place} 的 {standard} 最近 {n} 个已检样品合格 {p} 个，合格率低于 {}%",
                r.region_rate_below
            ),
            en: format!(
                "{standard} in {pref}: {p} of the last {n} tested samples passed, below {}%",
                r.region_rate_below
            ),
            evidence: last.iter().map(|f| f.number.clone()).collect(),
        });
    }
}

/// Enterprises failing `repeat_failures` times within the window ending today.
fn repeat_failure(facts: &[OrderFact], r: &WarningRules, today: NaiveDate, out: &mut Vec<Warning>) {
    let since = today
        .checked_sub_months(Months::new(r.repeat_months))
        .unwrap_or(NaiveDate::MIN);
    let mut by: BTreeMap<&str, Vec<&OrderFact>> = BTreeMap::new();
    for f in facts
        .iter()
        .filter(|f| f.outcome == Outcome::Failed && f.date >= since && f.date <= today)
    {
        by.entry(f.enterprise.as_str()).or_default().push(f);
    }
    for (code, fs) in by {
        if fs.len() < r.repeat_failures.max(1) {
            continue;
        }
        let name = fs.first().map_or("", |f| f.enterprise_name.as_str());
        let n = fs.len();
        let months = r.repeat_months;
        out.push(Warning {
            id: format!("repeat_failure:{code}:{n}"),
            rule: Rule::RepeatFailure,
            subject: format!("{name} {code}"),
            zh: format!("{name}（{code}）{months} 个月内 {n} 次不合格"),
            en: format!("{name} ({code}) failed {n} times within {months} months"),
            evidence: fs.iter().map(|f| f.number.clone()).collect(),
        });
    }
}

/// Items whose failures this quarter are at least twice last quarter's.
fn item_surge(facts: &[OrderFact], r: &WarningRules, today: NaiveDate, out: &mut Vec<Warning>) {
    let now = quarter_of(today);
    let before = previous_quarter(now);
    let mut counts: BTreeMap<(String, String), (u32, u32, Vec<String>)> = BTreeMap::new();
    for f in facts {
        let q = quarter_of(f.date);
        if q != now && q != before {
            continue;
        }
        for i in f.failed_items() {
            let e = counts
                .entry((i.code.clone(), i.name.clone()))
                .or_insert((0, 0, Vec::new()));
            if q == now {
                e.0 += 1;
                e.2.push(f.number.clone());
            } else {
                e.1 += 1;
            }
        }
    }
    for ((code, name), (this, last, evidence)) in counts {
        if this < r.surge_min.max(1) || this < 2 * last {
            continue;
        }
        let (y, q) = now;
        out.push(Warning {
            id: format!("item_surge:{code}:{y}Q{q}"),
            rule: Rule::ItemSurge,
            subject: format!("{code} {name}"),
            zh: format!("{name}（{code}）本季度不合格 {this} 次，上季度 {last} 次"),
            en: format!("{name} ({code}) failed {this} times this quarter, {last} last quarter"),
            evidence,
        });
    }
}

/// The organisation-code part of a credit code (characters 9–17), which stays with the body
/// when the name changes.
fn body(code: &str) -> Option<&str> {
    (code.chars().count() == 18)
        .then(|| code.get(8..17))
        .flatten()
}

/// A producer on an order that is not blacklisted itself but carries a blacklisted
/// enterprise's name under another code, or its organisation code under another prefix.
fn blacklist_alias(facts: &[OrderFact], ents: &[Enterprise], out: &mut Vec<Warning>) {
    let black: Vec<&Enterprise> = ents.iter().filter(|e| e.blacklist.is_some()).collect();
    let black_codes: BTreeSet<&str> = black.iter().map(|e| e.credit_code.as_str()).collect();
    let mut hits: BTreeMap<(String, String), (String, String, Vec<String>)> = BTreeMap::new();
    for f in facts
        .iter()
        .filter(|f| !black_codes.contains(f.enterprise.as_str()))
    {
        let name = f.enterprise_name.trim();
        let alias = black.iter().find(|b| {
            (!name.is_empty() && b.name.trim() == name)
                || body(&b.credit_code).is_some_and(|x| body(&f.enterprise) == Some(x))
        });
        if let Some(b) = alias {
            hits.entry((b.credit_code.clone(), f.enterprise.clone()))
                .or_insert_with(|| (b.name.clone(), f.enterprise_name.clone(), Vec::new()))
                .2
                .push(f.number.clone());
        }
    }
    for ((black_code, code), (black_name, name, evidence)) in hits {
        out.push(Warning {
            id: format!("blacklist_alias:{black_code}:{code}"),
            rule: Rule::BlacklistAlias,
            subject: format!("{name} {code}"),
            zh: format!("{name}（{code}）与黑名单企业 {black_name}（{black_code}）同名或同组织机构代码"),
            en: format!("{name} ({code}) shares a name or organisation code with blacklisted {black_name} ({black_code})"),
            evidence,
        });
    }
}

/// Every warning the rules raise on `today`, rule by rule.
pub fn warnings(
    facts: &[OrderFact],
    enterprises: &[Enterprise],
    rules: &WarningRules,
    today: NaiveDate,
) -> Vec<Warning> {
    let mut out = Vec::new();
    region_rate(facts, rules, &mut out);
    repeat_failure(facts, rules, today, &mut out);
    item_surge(facts, rules, today, &mut out);
    blacklist_alias(facts, enterprises, &mut out);
    out
}
