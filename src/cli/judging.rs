//! `unilab round`, `unilab judge`, `unilab netcontent`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context};
use clap::Args;
use serde_json::json;

use super::{load_catalog, CliResult};
use crate::catalog::{ResolvedItem, Selection};
use crate::evaluate::evaluate;
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
    /// A library standard with edition (with --grade and --item).
    #[arg(long, requires_all = ["grade", "item"])]
    pub standard: Option<String>,
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
    let (judgement, basis_text) = if let Some(limit_text) = &a.limit {
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
        };
        let values = parse_values(&a.values, true)?;
        let j = basis.judge_replicates(&values, crate::judge::ReplicateRule::Each);
        (j, describe(&basis))
    } else if let (Some(code), Some(grade), Some(item)) = (&a.standard, &a.grade, &a.item) {
        judge_library_item(&a, code, grade, item, comparison, interval, dirs)?
    } else {
        bail!("请给出 --limit，或 --standard、--grade 和 --item");
    };
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
    json!({
        "limit": b.limit.text,
        "comparison": b.comparison.key(),
        "interval": b.reporting_interval().map(|i| i.to_string()),
    })
}

fn judge_library_item(
    a: &JudgeArgs,
    code: &str,
    grade: &str,
    item_code: &str,
    comparison: Option<Comparison>,
    interval: Option<Interval>,
    dirs: &[PathBuf],
) -> anyhow::Result<(Judgement, serde_json::Value)> {
    let catalog = load_catalog(dirs)?;
    let standard = catalog.find(code).map_err(|e| anyhow!(e))?;
    let requested = vec![item_code.to_string()];
    let items = standard.resolve(&Selection {
        grade,
        spec: a.spec.as_deref(),
        inspection_type: InspectionType::Commissioned,
        requested: &requested,
        on: chrono::Local::now().date_naive(),
        // Judging a single value is a calculation, not a registration.
        allow_withdrawn: true,
    })?;
    let mut items: Vec<ResolvedItem> = items;
    for it in &mut items {
        if let Some(c) = comparison {
            it.comparison = c;
        }
        if interval.is_some() && it.code == item_code {
            it.interval = interval;
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
    let outcomes = evaluate(&items, &entries);
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
    let mut basis = describe(&target.basis());
    basis["standard"] = json!(standard.code);
    basis["item"] = json!(target.name_zh);
    basis["unit"] = json!(target.unit);
    basis["method"] = json!(target.method);
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
