//! `unilab stats --by …`: the statistics table over a period as text, JSON, CSV (UTF-8 with a
//! byte-order mark) or an XLSX workbook with a native chart (`stats::export`).

use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::Args;

use super::context::{date_arg, now, today, Context};
use super::CliResult;
use crate::model::text::printable;
use crate::stats::export::{csv, text, write_workbook, write_xlsx};
use crate::stats::table::{By, Period};
use crate::store::StoreError;

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// product, item, enterprise, region, type, task, campaign, month, quarter, technician or
    /// reviewer; `all` for every grouping (with --xlsx one sheet each, with --json an array).
    #[arg(long)]
    by: String,
    /// First day counted (YYYY-MM-DD): the sampling date of a spot check, else registration.
    #[arg(long)]
    from: Option<String>,
    /// Last day counted (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    #[arg(long, conflicts_with_all = ["csv", "xlsx", "pdf"])]
    json: bool,
    /// Write the table as CSV (UTF-8 with BOM) to this file.
    #[arg(long, conflicts_with_all = ["xlsx", "pdf"])]
    csv: Option<PathBuf>,
    /// Write the table as an XLSX workbook with a chart to this file.
    #[arg(long, conflicts_with = "pdf")]
    xlsx: Option<PathBuf>,
    /// Write the table as a signed PDF report with a vector chart to this file.
    #[arg(long)]
    pdf: Option<PathBuf>,
}

fn by_arg(s: &str) -> anyhow::Result<By> {
    By::parse(s).ok_or_else(|| {
        let all: Vec<&str> = By::ALL.iter().map(|b| b.key()).collect();
        let all = format!("{}|all", all.join("|"));
        anyhow!(StoreError::Refused(crate::msg!(
            "--by “{s}” 无效，应为 {all}",
            "--by “{s}” is not one of {all}"
        )))
    })
}

pub fn stats(a: StatsArgs, ctx: &Context) -> CliResult {
    let period = period_arg(&a)?;
    if a.by.trim() == "all" {
        return every_grouping(a, period, ctx);
    }
    let by = by_arg(&a.by)?;
    let store = ctx.open()?;
    let t = store.stats_source()?.table(by, period, today(&store));
    if a.json {
        say!("{}", serde_json::to_string_pretty(&t)?);
    } else if let Some(p) = a.csv {
        write(&p, csv(&t).as_bytes())?;
        say!("已写出 {}（{} 行）", p.display(), t.rows.len());
    } else if let Some(p) = a.pdf {
        crate::certificate::period_report::write_period_report_to_file(
            &store,
            &t,
            &p,
            now(&store)?,
        )?;
        say!("已签名并写出 {}（{} 行）", p.display(), t.rows.len());
    } else if let Some(p) = a.xlsx {
        write_xlsx(&t, &p)?;
        say!("已写出 {}（{} 行）", p.display(), t.rows.len());
    } else {
        for l in text(&t).lines() {
            say!("{}", printable(l));
        }
    }
    Ok(())
}

/// `--by all`: every grouping of the period, from one read of the store.
fn every_grouping(a: StatsArgs, period: Period, ctx: &Context) -> CliResult {
    if a.csv.is_some() || a.pdf.is_some() {
        return Err(anyhow!(StoreError::Refused(crate::msg!(
            "--by all 只能与 --xlsx、--json 或不带格式一起用（CSV 与 PDF 每次一种分组）",
            "--by all goes with --xlsx, --json or plain text (CSV and PDF take one grouping)"
        ))));
    }
    let store = ctx.open()?;
    let src = store.stats_source()?;
    let day = today(&store);
    let tables: Vec<_> = By::ALL
        .iter()
        .map(|by| src.table(*by, period, day))
        .collect();
    if a.json {
        say!("{}", serde_json::to_string_pretty(&tables)?);
    } else if let Some(p) = a.xlsx {
        write_workbook(&tables, &p)?;
        say!("已写出 {}（{} 张工作表）", p.display(), tables.len());
    } else {
        for l in tables
            .iter()
            .flat_map(|t| text(t).lines().map(String::from).collect::<Vec<_>>())
        {
            say!("{}", printable(&l));
        }
    }
    Ok(())
}

fn period_arg(a: &StatsArgs) -> anyhow::Result<Period> {
    let period = Period {
        from: a
            .from
            .as_deref()
            .map(|d| date_arg(d, "--from"))
            .transpose()?,
        to: a.to.as_deref().map(|d| date_arg(d, "--to")).transpose()?,
    };
    if let (Some(f), Some(t)) = (period.from, period.to) {
        if f > t {
            return Err(anyhow!(StoreError::Refused(crate::msg!(
                "--from {f} 在 --to {t} 之后",
                "--from {f} is after --to {t}"
            ))));
        }
    }
    Ok(period)
}

fn write(p: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(p, bytes)
        .map_err(|e| anyhow!("无法写入 {0}（cannot write {0}）：{e}", p.display()))
}
