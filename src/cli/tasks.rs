//! `unilab task`: supervision tasks (抽查任务) — record the authority's assignment, draw the
//! enterprises reproducibly from a seed, list and show.

use clap::{Args, Subcommand};
use serde_json::json;

use super::context::{date_arg, now, Context};
use super::output::tab_row;
use super::CliResult;
use crate::model::task::SupervisionTask;
use crate::model::text::printable;
use crate::store::NewTask;
use crate::supervision::report::TaskReport;

#[derive(Args, Debug)]
pub struct NewTaskArgs {
    /// 2026 年第四季度复合肥料产品质量监督抽查
    #[arg(long)]
    name: String,
    /// The organising authority (组织监督抽查的部门).
    #[arg(long)]
    authority: String,
    /// The standard edition every order of the task is judged by.
    #[arg(long)]
    standard: String,
    #[arg(long)]
    grade: String,
    #[arg(long)]
    spec: Option<String>,
    /// Batches planned.
    #[arg(long)]
    batches: u32,
    /// A credit code or an administrative-area code (350100) in scope (repeatable).
    #[arg(long)]
    scope: Vec<String>,
    #[arg(long = "sampling-due")]
    sampling_due: Option<String>,
    #[arg(long = "report-due")]
    report_due: Option<String>,
    /// The campaign (专项) the task belongs to.
    #[arg(long, default_value = "")]
    campaign: String,
}

#[derive(Subcommand, Debug)]
pub enum TaskCommand {
    /// Record a task; prints its number as the last line.
    New(Box<NewTaskArgs>),
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        task: String,
        #[arg(long)]
        json: bool,
    },
    /// Draw enterprises for the task; the same seed on the same enterprise file gives the
    /// same draw.
    Draw {
        task: String,
        #[arg(long)]
        count: u32,
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        json: bool,
    },
    /// The report to the organising authority: planned / sampled / tested / passed / failed,
    /// pass rate, failing items and enterprises; as text, JSON, CSV or an XLSX workbook.
    Report {
        task: String,
        #[arg(long)]
        json: bool,
        /// Write the report as CSV (UTF-8 with BOM) to this file.
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
        /// Write the report as an XLSX workbook to this file.
        #[arg(long)]
        xlsx: Option<std::path::PathBuf>,
        /// Write the report as a signed PDF summary (with a bar chart) to this file.
        #[arg(long)]
        pdf: Option<std::path::PathBuf>,
    },
}

pub fn task(c: TaskCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        TaskCommand::New(a) => {
            let date = |d: &Option<String>, flag: &str| {
                d.as_deref().map(|d| date_arg(d, flag)).transpose()
            };
            let new = NewTask {
                name: a.name,
                authority: a.authority,
                standard: a.standard,
                grade: a.grade,
                spec: a.spec,
                batches: a.batches,
                scope: a.scope,
                sampling_due: date(&a.sampling_due, "--sampling-due")?,
                report_due: date(&a.report_due, "--report-due")?,
                campaign: a.campaign,
            };
            let catalog = ctx.catalog()?;
            let t = store.add_task(&ctx.actor(&store)?, &catalog, &new, now(&store)?)?;
            say!("{}", t.number);
        }
        TaskCommand::List { json } => {
            let tasks = store.tasks()?;
            let reports = store.task_reports()?;
            let progress = |t: &SupervisionTask| reports.iter().find(|r| r.task == t.number);
            if json {
                let rows: Vec<_> = tasks.iter().map(|t| summary(t, progress(t))).collect();
                say!("{}", serde_json::to_string(&rows)?);
            } else {
                for t in tasks {
                    let line = tab_row(&[
                        t.number.clone(),
                        t.name.clone(),
                        t.authority.clone(),
                        format!("{} {}", t.standard, t.grade),
                        format!("计划 {} 批", t.batches),
                        format!("已抽取 {} 家", t.drawn().len()),
                        progress(&t).map(progress_text).unwrap_or_default(),
                    ]);
                    say!("{line}");
                }
            }
        }
        TaskCommand::Show { task, json } => {
            let t = store.task(&task)?;
            let r = store.task_report(&task)?;
            if json {
                let mut v = serde_json::to_value(&t)?;
                if let Some(o) = v.as_object_mut() {
                    o.insert("progress".into(), progress_json(&r));
                }
                say!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                for line in show_text(&t).lines() {
                    say!("{}", printable(line));
                }
                say!("{}", printable(&format!("进度      {}", progress_text(&r))));
            }
        }
        TaskCommand::Draw {
            task,
            count,
            seed,
            json,
        } => {
            let catalog = ctx.catalog()?;
            let actor = ctx.actor(&store)?;
            let d = store.draw_for_task(&actor, &catalog, &task, count, seed, now(&store)?)?;
            if json {
                say!(
                    "{}",
                    json!({"task": task, "seed": d.seed, "count": d.count,
                           "chosen": d.chosen, "repeat": d.repeat})
                );
            } else {
                for code in &d.chosen {
                    say!("{code}");
                }
            }
        }
        TaskCommand::Report {
            task,
            json,
            csv,
            xlsx,
            pdf,
        } => {
            let r = store.task_report(&task)?;
            if let Some(path) = &pdf {
                crate::certificate::task_summary::write_task_summary_to_file(
                    &store,
                    &task,
                    path,
                    now(&store)?,
                )?;
            }
            if let Some(path) = &csv {
                super::task_export::write_csv(&r, path)?;
            }
            if let Some(path) = &xlsx {
                super::task_export::write_xlsx(&r, path)?;
            }
            if json {
                say!("{}", serde_json::to_string_pretty(&r)?);
            } else if csv.is_none() && xlsx.is_none() && pdf.is_none() {
                for line in report_text(&r).lines() {
                    say!("{}", printable(line));
                }
            } else {
                for p in csv.iter().chain(&xlsx).chain(&pdf) {
                    say!("已写出 {}", p.display());
                }
            }
        }
    }
    Ok(())
}

/// The progress figures the task list and page show.
fn progress_json(r: &TaskReport) -> serde_json::Value {
    json!({"planned": r.planned, "sampled": r.sampled, "tested": r.tested,
           "reported": r.reported, "passed": r.passed, "failed": r.failed})
}

fn progress_text(r: &TaskReport) -> String {
    format!(
        "计划 {} / 已抽样 {} / 已检验 {} / 已报告 {} / 不合格 {}",
        r.planned, r.sampled, r.tested, r.reported, r.failed
    )
}

fn report_text(r: &TaskReport) -> String {
    let mut out = String::new();
    for (zh, _, v) in super::task_export::summary_rows(r) {
        out.push_str(&format!("{zh}\t{v}\n"));
    }
    if !r.failing_items.is_empty() {
        out.push_str("不合格项目\n");
        for i in &r.failing_items {
            out.push_str(&format!("  {} {}\t{} 批\n", i.code, i.name_zh, i.count));
        }
    }
    if !r.failing_enterprises.is_empty() {
        out.push_str("不合格企业\n");
        for e in &r.failing_enterprises {
            let items: Vec<String> = e.items.iter().map(|i| i.code.clone()).collect();
            out.push_str(&format!(
                "  {}\t受检单位 {}\t标称生产者 {}\t{}\n",
                e.order,
                e.sampled_unit.name,
                e.producer.as_ref().map_or("/", |p| p.name.as_str()),
                items.join("、")
            ));
        }
    }
    out
}

fn summary(t: &SupervisionTask, r: Option<&TaskReport>) -> serde_json::Value {
    let mut v = json!({
        "number": t.number, "name": t.name, "authority": t.authority,
        "standard": t.standard, "grade": t.grade, "batches": t.batches,
        "planned": t.batches, "drawn": t.drawn().len(), "campaign": t.campaign,
        "sampling_due": t.sampling_due, "report_due": t.report_due,
    });
    // The progress figures sit beside `planned`, so a script reads one flat row per task.
    if let (Some(o), Some(serde_json::Value::Object(p))) = (v.as_object_mut(), r.map(progress_json))
    {
        o.extend(p);
    }
    v
}

fn show_text(t: &SupervisionTask) -> String {
    let day = |d: Option<chrono::NaiveDate>| d.map_or("/".to_string(), |d| d.to_string());
    let mut out =
        format!(
        "任务编号  {}\n任务名称  {}\n组织部门  {}\n标准      {} {}{}\n产品      {}\n计划批次  {}\n\
         抽查范围  {}\n抽样期限  {}\n报送期限  {}\n专项      {}\n",
        t.number,
        t.name,
        t.authority,
        t.standard,
        t.grade,
        t.spec.as_ref().map(|s| format!(" {s}")).unwrap_or_default(),
        t.product,
        t.batches,
        if t.scope.is_empty() {
            "全部企业".to_string()
        } else {
            t.scope.join("、")
        },
        day(t.sampling_due),
        day(t.report_due),
        if t.campaign.is_empty() { "/" } else { &t.campaign },
    );
    for d in &t.draws {
        out.push_str(&format!(
            "抽取 {} 由 {}：种子 {}，{} 家：{}{}\n",
            d.at.format("%Y-%m-%d %H:%M"),
            d.by,
            d.seed,
            d.chosen.len(),
            d.chosen.join("、"),
            if d.repeat.is_empty() {
                String::new()
            } else {
                format!("（重复抽查排除：{}）", d.repeat.join("、"))
            }
        ));
    }
    out
}
