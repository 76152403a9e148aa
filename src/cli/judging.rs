//! `unilab round`, `unilab judge`, `unilab netcontent`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};
use clap::Args;
use serde_json::json;

use super::{load_catalog, CliResult};
use crate::catalog::{Extras, ResolvedItem, Selection};
use crate::decision::{Decision, DecisionRule, Uncertainty};
use crate::evaluate::evaluate_under;
use crate::inspection::InspectionType;
use crate::judge::{Basis, Comparison, Judgement, Verdict};
use crate::limit::Limit;
use crate::netcontent::{decide, QuantityUnit};
use crate::number::{parse_decimal, Interval, ResultValue};

#[derive(Args, Debug)]
pub struct RoundArgs {
    /// The value as measured.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// Rounding interval: 1, 2 or 5 × 10ⁿ (0.1, 0.5, 20 …).
    #[arg(long)]
    pub interval: String,
}

pub fn round(a: RoundArgs) -> CliResult {
    let interval: Interval = a.interval.parse().map_err(|e: String| anyhow!(e))?;
    let value = parse_decimal(&a.value)?;
    let text = interval.round_text(value).ok_or_else(|| {
        anyhow!(
            "数值“{}”修约到 {interval} 后超出可表示的范围（too large to round to this interval）",
            a.value.trim()
        )
    })?;
    say!("{text}");
    Ok(())
}

#[derive(Args, Debug)]
pub struct JudgeArgs {
    /// A limit expression (≥A, ≤A, A～B, A±b, 无裂纹, 不得检出, 实测).
    #[arg(long, conflicts_with_all = ["standard", "item"], allow_hyphen_values = true)]
    pub limit: Option<String>,
    /// A library standard with edition (with --grade and --item); repeat for an item judged
    /// within a multi-basis order (the first standard that has the item judges it).
    #[arg(long, requires_all = ["grade", "item"])]
    pub standard: Vec<String>,
    #[arg(long)]
    pub grade: Option<String>,
    /// Size class for items whose limit depends on it (e.g. d6-12).
    #[arg(long)]
    pub spec: Option<String>,
    #[arg(long)]
    pub item: Option<String>,
    /// The value(s); repeat for replicates. 未检出, <0.02 and 0.02L mean not detected.
    #[arg(long = "value", allow_hyphen_values = true)]
    pub values: Vec<String>,
    /// Inputs of a computed item: CODE=VALUE (repeatable).
    #[arg(long = "input", allow_hyphen_values = true)]
    pub inputs: Vec<String>,
    /// full (全数值比较法) or rounded (修约值比较法).
    #[arg(long)]
    pub comparison: Option<String>,
    /// Rounding interval for the reported value (default: the limit's or the item's).
    #[arg(long)]
    pub interval: Option<String>,
    /// Method detection limit, for 未检出 entries.
    #[arg(long = "detection-limit")]
    pub detection_limit: Option<String>,
    /// The value declared on the label (标明值) for items judged against it.
    #[arg(long, allow_hyphen_values = true, requires = "standard")]
    pub declared: Option<String>,
    /// A measured or nominal dimension the limit depends on: NAME=VALUE (e.g. d=32).
    #[arg(long = "dimension", requires = "standard")]
    pub dimensions: Vec<String>,
    /// Chemistry measured on the finished product: apply the product-analysis allowances.
    #[arg(long = "product-analysis", requires = "standard")]
    pub product_analysis: bool,
    /// Expanded uncertainty U (k = 2): in the item's unit, or relative (5%).
    #[arg(long)]
    pub uncertainty: Option<String>,
    /// Decision rule: simple (simple acceptance, w = 0) or guard-band (w = U, ILAC-G8).
    #[arg(long, default_value = "simple")]
    pub rule: String,
    #[arg(long)]
    pub json: bool,
}

pub fn judge(a: JudgeArgs, dirs: &[PathBuf]) -> CliResult {
    let comparison = a
        .comparison
        .as_deref()
        .map(Comparison::parse)
        .transpose()
        .map_err(|e| anyhow!(e))?;
    let interval = a
        .interval
        .as_deref()
        .map(str::parse::<Interval>)
        .transpose()
        .map_err(|e| anyhow!(e))?;
    let rule = DecisionRule::parse(&a.rule).map_err(|e| anyhow!(e))?;
    let uncertainty = a
        .uncertainty
        .as_deref()
        .map(Uncertainty::parse)
        .transpose()
        .map_err(|e| anyhow!("--uncertainty：{e}"))?;
    if rule == DecisionRule::Simple && uncertainty.is_some() {
        // Under simple acceptance U changes nothing; saying so beats silently ignoring it.
        eprintln!("注意：判定规则为简单接受（simple），不确定度不影响判定；保护带判定请加 --rule guard-band");
    }
    let (judgement, mut basis_text) = if let Some(limit_text) = &a.limit {
        let limit = Limit::parse(limit_text)?;
        let detection_limit = a
            .detection_limit
            .as_deref()
            .map(parse_decimal)
            .transpose()?;
        let basis = Basis {
            limit: &limit,
            interval,
            comparison: comparison.unwrap_or_default(),
            detection_limit,
            significant: None,
            decision: Decision { rule, uncertainty },
        };
        let values = parse_values(&a.values, true)?;
        let j = basis.judge_replicates(&values, crate::judge::ReplicateRule::Each);
        (j, describe(&basis))
    } else if let (false, Some(grade), Some(item)) = (a.standard.is_empty(), &a.grade, &a.item) {
        let how = How {
            comparison,
            interval,
            rule,
            uncertainty,
        };
        judge_library_item(&a, grade, item, &how, dirs)?
    } else {
        bail!("请给出 --limit，或 --standard、--grade 和 --item");
    };
    basis_text["rule"] = json!(rule.key());
    if let Some(u) = uncertainty {
        basis_text["uncertainty"] = json!(u.to_string());
    }
    print_judgement(&judgement, &basis_text, a.json)?;
    Ok(())
}

fn parse_values(texts: &[String], words: bool) -> anyhow::Result<Vec<ResultValue>> {
    if texts.is_empty() {
        bail!("请用 --value 给出检验结果");
    }
    texts
        .iter()
        .map(|t| ResultValue::parse(t, words).map_err(Into::into))
        .collect()
}

fn describe(b: &Basis) -> serde_json::Value {
    let mut out = json!({
        "limit": b.limit.text,
        "comparison": b.comparison.key(),
        "interval": b.reporting_interval().map(|i| i.to_string()),
    });
    if let Some(sf) = &b.significant {
        out["interval"] = serde_json::Value::Null;
        out["significant_figures"] = json!(sf.to_string());
    }
    if let Some(u) = b.decision.uncertainty {
        out["uncertainty"] = json!(u.to_string());
    }
    out
}

/// How the command line asks for a library item to be judged.
struct How {
    comparison: Option<Comparison>,
    interval: Option<Interval>,
    rule: DecisionRule,
    uncertainty: Option<Uncertainty>,
}

/// `NAME=VALUE` pairs of `--dimension`, exactly.
fn parse_dimensions(texts: &[String]) -> anyhow::Result<BTreeMap<String, rust_decimal::Decimal>> {
    let mut out = BTreeMap::new();
    for t in texts {
        let (k, v) = t
            .split_once('=')
            .ok_or_else(|| anyhow!("--dimension “{t}” 应写成 名称=数值（如 d=32）"))?;
        let v = parse_decimal(v).with_context(|| format!("--dimension {k}"))?;
        out.insert(k.trim().to_string(), v);
    }
    Ok(out)
}

/// The first of the named standards that has the item; the grade applies to it, or its only
/// grade when the given one is not its own (GB 38400 beside GB/T 15063's 高浓度).
fn find_basis<'c>(
    catalog: &'c crate::catalog::Catalog,
    codes: &[String],
    item_code: &str,
    grade: &str,
) -> anyhow::Result<(&'c crate::catalog::Standard, String)> {
    let mut named = Vec::new();
    for code in codes {
        named.push(catalog.find(code).map_err(|e| anyhow!(e))?);
    }
    let standard = named
        .iter()
        .find(|s| s.item(item_code).is_some())
        .or(named.first())
        .copied()
        .ok_or_else(|| anyhow!("请用 --standard 给出标准"))?;
    let grade = match standard.grades.as_slice() {
        [only] if !standard.grades.iter().any(|g| g == grade) => only.clone(),
        _ => grade.to_string(),
    };
    Ok((standard, grade))
}

fn judge_library_item(
    a: &JudgeArgs,
    grade: &str,
    item_code: &str,
    how: &How,
    dirs: &[PathBuf],
) -> anyhow::Result<(Judgement, serde_json::Value)> {
    let catalog = load_catalog(dirs)?;
    let (standard, grade) = find_basis(&catalog, &a.standard, item_code, grade)?;
    let code = standard.code.as_str();
    let requested = vec![item_code.to_string()];
    let mut extras = Extras {
        dimensions: parse_dimensions(&a.dimensions)?,
        product_analysis: a.product_analysis,
        ..Extras::default()
    };
    if let Some(d) = &a.declared {
        let d = parse_decimal(d).context("--declared")?;
        extras.declared.insert(item_code.to_string(), d);
    }
    let items = standard.resolve_with(
        &Selection {
            grade: &grade,
            spec: a.spec.as_deref(),
            inspection_type: InspectionType::Commissioned,
            requested: &requested,
            on: chrono::Local::now().date_naive(),
            // Judging a single value is a calculation, not a registration.
            allow_withdrawn: true,
        },
        &extras,
    )?;
    let mut items: Vec<ResolvedItem> = items;
    for it in &mut items {
        if let Some(c) = how.comparison {
            it.comparison = c;
        }
        if how.interval.is_some() && it.code == item_code {
            it.interval = how.interval;
            it.significant = None;
        }
    }
    let target = items
        .iter()
        .find(|i| i.code == item_code)
        .ok_or_else(|| anyhow!("{code} 没有项目“{item_code}”"))?;
    let mut entries: BTreeMap<String, Vec<ResultValue>> = BTreeMap::new();
    if target.is_computed() {
        if a.inputs.is_empty() {
            let refs: Vec<String> = target
                .formula
                .iter()
                .flat_map(|f| f.references())
                .filter(|r| !target.constants.contains_key(r))
                .collect();
            bail!(
                "{item_code} 是计算项目（{}），请用 --input 给出 {}",
                target
                    .formula
                    .as_ref()
                    .map(|f| f.text.as_str())
                    .unwrap_or(""),
                refs.iter()
                    .map(|r| format!("{r}=…"))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        for input in &a.inputs {
            let (k, v) = input
                .split_once('=')
                .ok_or_else(|| anyhow!("--input “{input}” 应写成 代号=数值"))?;
            let value = ResultValue::parse(v, false).with_context(|| format!("--input {k}"))?;
            entries.entry(k.trim().to_string()).or_default().push(value);
        }
    } else {
        entries.insert(
            item_code.to_string(),
            parse_values(&a.values, target.accepts_words())?,
        );
    }
    let entered: BTreeMap<String, Uncertainty> = how
        .uncertainty
        .map(|u| (item_code.to_string(), u))
        .into_iter()
        .collect();
    let outcomes = evaluate_under(&items, &entries, how.rule, &entered);
    let outcome = outcomes
        .into_iter()
        .find(|o| o.code == item_code)
        .ok_or_else(|| anyhow!("内部错误：项目 {item_code} 未被计算"))?;
    let judgement = match outcome.judgement {
        Some(j) => j,
        None => bail!(
            "{item_code} 无法计算：{}",
            outcome.pending.unwrap_or_default()
        ),
    };
    let mut basis = describe(&target.basis_under(how.rule, how.uncertainty));
    basis["standard"] = json!(target.basis.as_deref().unwrap_or(&standard.code));
    basis["item"] = json!(target.name_zh);
    basis["unit"] = json!(target.unit);
    basis["method"] = json!(target.method);
    if let Some(d) = target.declared {
        basis["declared"] = json!(d.to_string());
    }
    if let Some(c) = &target.limit_condition {
        basis["condition"] = json!(c);
    }
    if let Some(u) = target.uncertainty.filter(|_| how.uncertainty.is_none()) {
        basis["uncertainty"] = json!(u.to_string());
    }
    Ok((judgement, basis))
}

fn print_judgement(j: &Judgement, basis: &serde_json::Value, as_json: bool) -> CliResult {
    if as_json {
        let mut out = basis.clone();
        out["reported"] = json!(j.reported);
        out["verdict"] = json!(j.verdict.key());
        if let Verdict::CannotJudge(reason) = &j.verdict {
            out["reason"] = json!(reason);
        }
        say!("{out}");
    } else {
        say!("检验结果 {}  单项判定 {}", j.reported, j.verdict);
        if let Some(c) = basis["condition"].as_str() {
            say!("标准要求 {}（{c}）", basis["limit"].as_str().unwrap_or("/"));
        }
        if basis["rule"] == "guard_band" {
            say!(
                "判定规则：{}；U = {}",
                DecisionRule::GuardBand.zh(),
                basis["uncertainty"].as_str().unwrap_or("未给出")
            );
        }
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct NetContentArgs {
    /// Nominal quantity Qn.
    #[arg(long)]
    pub nominal: String,
    /// g, kg, mL, L, m, m2 or count.
    #[arg(long)]
    pub unit: String,
    /// Batch size N.
    #[arg(long)]
    pub batch: u64,
    /// The actual contents of the sampled units.
    #[arg(required = true)]
    pub values: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn netcontent(a: NetContentArgs) -> CliResult {
    let nominal = parse_decimal(&a.nominal).context("--nominal")?;
    let unit: QuantityUnit = a.unit.parse().map_err(|e: String| anyhow!(e))?;
    let values = a
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| parse_decimal(v).with_context(|| format!("第 {} 个数值", i + 1)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let d = decide(nominal, unit, a.batch, &values).map_err(|e| anyhow!(e))?;
    let r2 = |x: rust_decimal::Decimal| x.round_dp(2).normalize().to_string();
    if a.json {
        say!(
            "{}",
            json!({
                "verdict": if d.pass { "pass" } else { "fail" },
                "t": d.t.to_string(),
                "unit": unit.symbol(),
                "sample_size": d.plan.sample_size,
                "lambda": d.plan.lambda.map(|l| l.to_string()),
                "allowed_over_t": d.plan.allowed_over_t,
                "count_over_t": d.count_over_t,
                "count_over_2t": d.count_over_2t,
                "mean": r2(d.mean),
                "s": d.std_dev.round_dp(3).to_string(),
                "lambda_s": d.lambda_s.map(r2),
                "mean_limit": d.mean_limit.map(r2),
                "failures": d.failures,
            })
        );
    } else {
        let u = unit.symbol();
        say!(
            "允许短缺量 T = {} {u}；样本量 n = {}",
            d.t,
            d.plan.sample_size
        );
        say!(
            "短缺量大于 T 的件数 {}（允许 {}），大于 2T 的件数 {}",
            d.count_over_t,
            d.plan.allowed_over_t,
            d.count_over_2t
        );
        match (d.lambda_s, d.mean_limit) {
            (Some(ls), Some(limit)) => say!(
                "平均实际含量 {} {u}，s = {}，λ·s = {}，Qn − λ·s = {}",
                r2(d.mean),
                d.std_dev.round_dp(3),
                r2(ls),
                r2(limit)
            ),
            _ => say!("平均实际含量 {} {u}（批量 ≤10，逐件判定）", r2(d.mean)),
        }
        if d.pass {
            say!("判定：合格");
        } else {
            say!("判定：不合格 — {}", d.failures.join("；"));
        }
    }
    Ok(())
}
