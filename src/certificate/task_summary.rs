//! A task's report to the organising authority (抽查结果汇总) as a signed PDF: the task, the
//! figures planned / sampled / tested / passed / failed and the pass rate as the JSON, CSV and
//! XLSX exports give them ([`crate::supervision::report`]), the failing items with their counts
//! and a bar chart of them drawn as vector graphics, and the failing enterprises with their
//! order and report numbers. Laid out on the certificate template's pages and signed with the
//! lab key; printing records nothing.

pub(crate) mod chart;
pub(crate) mod pages;

use std::path::Path;

use chrono::{DateTime, Utc};

use super::error::CertError;
use super::issue::{write_pdf, Certifier};
use super::keys::LabKey;
use super::page_kit::or_slash;
use super::render::{DocMeta, Renderer};
use super::sign_pdf;
use crate::model::task::SupervisionTask;
use crate::model::Lab;
use crate::store::Store;
use crate::supervision::report::{TaskReport, PASS_RATE_ROUNDING_ZH};

/// Document information key holding the task number of a summary.
pub const INFO_TASK_SUMMARY_KEY: &str = "UnilabTaskSummary";

/// The document's title.
pub const TITLE: &str = "监督抽查结果汇总报告";

/// What the summary says, every value already formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSummary {
    pub task: String,
    /// 任务名称, 组织抽查部门, 产品, 依据标准, 计划批次, 抽样截止, 报告截止, 任务期间, 专项.
    pub facts: Vec<(&'static str, String)>,
    /// The figures in the order the bureau's form lists them, as printed.
    pub figures: Vec<(&'static str, String)>,
    /// How the pass rate is computed and rounded, as the other exports state it.
    pub rounding: String,
    /// 项目代号, 项目名称, 不合格批次.
    pub failing_items: Vec<(String, String, u32)>,
    pub failing_enterprises: Vec<FailingRow>,
    pub lab_name: String,
    pub printed: DateTime<Utc>,
    pub training: bool,
}

/// One failed sample in the enterprises' table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailingRow {
    pub sampled_unit: String,
    pub credit_code: String,
    /// The labelled producer (name, a line break, credit code) when it is not the sampled
    /// unit, else "/".
    pub producer: String,
    /// 委托单号 and 报告编号 (or "/" before the report is issued).
    pub order: String,
    pub report: String,
    /// `code name`, joined with ；.
    pub items: String,
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "/".into(), |d| d.format("%Y-%m-%d").to_string())
}

/// Word the summary. `report_of` gives an order's latest report number, if any.
pub fn task_summary(
    r: &TaskReport,
    task: &SupervisionTask,
    lab: &Lab,
    report_of: &dyn Fn(&str) -> Option<String>,
    printed: DateTime<Utc>,
) -> TaskSummary {
    let standard = match &task.spec {
        Some(s) if !s.trim().is_empty() => format!("{} {}（{}）", r.standard, r.grade, s.trim()),
        _ => format!("{} {}", r.standard, r.grade),
    };
    let facts = vec![
        ("任务名称", or_slash(&r.name)),
        ("任务编号", r.task.clone()),
        ("组织抽查部门", or_slash(&r.authority)),
        ("产品", or_slash(&r.product)),
        ("依据标准", standard),
        ("计划批次", r.planned.to_string()),
        ("抽样截止日期", date(task.sampling_due)),
        ("报告截止日期", date(task.report_due)),
        (
            "任务期间",
            format!(
                "{} 至 {}",
                task.created_at.format("%Y-%m-%d"),
                date(task.report_due)
            ),
        ),
        ("专项", or_slash(&task.campaign)),
    ];
    let figures = vec![
        ("计划批次", r.planned.to_string()),
        ("已抽样批次", r.sampled.to_string()),
        ("已检验批次", r.tested.to_string()),
        ("合格批次", r.passed.to_string()),
        ("不合格批次", r.failed.to_string()),
        ("合格率", r.pass_rate_text()),
        ("无法判定批次", r.undecided.to_string()),
        ("已出具报告批次", r.reported.to_string()),
    ];
    let failing_enterprises = r
        .failing_enterprises
        .iter()
        .map(|e| {
            let producer = match &e.producer {
                Some(p) if p.credit_code != e.sampled_unit.credit_code => {
                    if p.credit_code.trim().is_empty() {
                        or_slash(&p.name)
                    } else {
                        format!("{}\n{}", p.name, p.credit_code)
                    }
                }
                _ => "/".into(),
            };
            FailingRow {
                sampled_unit: or_slash(&e.sampled_unit.name),
                credit_code: or_slash(&e.sampled_unit.credit_code),
                producer,
                order: e.order.clone(),
                report: report_of(&e.order).unwrap_or_else(|| "/".into()),
                items: e
                    .items
                    .iter()
                    .map(|i| format!("{} {}", i.code, i.name_zh))
                    .collect::<Vec<_>>()
                    .join("；"),
            }
        })
        .collect();
    TaskSummary {
        task: r.task.clone(),
        facts,
        figures,
        rounding: format!(
            "{PASS_RATE_ROUNDING_ZH}；检验批次指全部项目有结果且可判定的批次（结果无法判定的不计入）"
        ),
        failing_items: r
            .failing_items
            .iter()
            .map(|i| (i.code.clone(), i.name_zh.clone(), i.count))
            .collect(),
        failing_enterprises,
        lab_name: lab.name.clone(),
        printed,
        training: lab.training,
    }
}

/// Lay out, render and sign a summary; same summary, key and time → same bytes.
pub fn render_task_summary(
    renderer: &Renderer,
    s: &TaskSummary,
    key: &LabKey,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, CertError> {
    let pages = pages::layout(s, renderer)?;
    renderer
        .font()
        .check_glyphs(pages.iter().flat_map(|p| p.texts()))?;
    let title = format!("{TITLE} {}", s.task);
    let meta = DocMeta {
        title: &title,
        at,
        info: vec![(INFO_TASK_SUMMARY_KEY, s.task.as_str())],
        id_seed: title.as_bytes(),
    };
    let unsigned = renderer.render_pages(&pages, None, &meta)?;
    sign_pdf(&unsigned, key, at)
}

/// Print the signed summary of `task` to `out`, as of `now`. Only reads the store: the figures
/// are those of `unilab task report` at that moment, and the print time is on the page.
pub fn write_task_summary_to_file(
    store: &Store,
    task: &str,
    out: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<TaskSummary> {
    let t = store.task(task)?;
    let r = store.task_report(task)?;
    let certifier = Certifier::for_store(store)?;
    let mut reports = std::collections::BTreeMap::new();
    for e in &r.failing_enterprises {
        reports.insert(
            e.order.clone(),
            store.order(&e.order)?.reports.last().cloned(),
        );
    }
    let report_of = |order: &str| reports.get(order).cloned().flatten();
    let s = task_summary(&r, &t, &store.lab()?, &report_of, now);
    let pdf = render_task_summary(certifier.renderer(), &s, certifier.key(), now)?;
    write_pdf(out, &pdf)?;
    Ok(s)
}
