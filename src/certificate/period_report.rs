//! The statistics of a period as a signed PDF (统计报告): the grouping and period, the totals,
//! the table (samples, tested, passed, failed, pass rate, main failing items), and a bar chart
//! drawn as vector graphics — failures per group, or the pass rate per month or quarter. The
//! figures are those of `unilab stats` at the moment of printing; laid out on the certificate
//! template's pages with the page kit and signed with the lab key; printing records nothing.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::error::CertError;
use super::issue::{write_pdf, Certifier};
use super::keys::LabKey;
use super::layout::{PageLayout, Row};
use super::page_kit::{page_x_of_y, Kit};
use super::render::{DocMeta, Renderer};
use super::sign_pdf;
use super::task_summary::{chart, pages::heading, pages::table};
use crate::stats::export::{items, rate};
use crate::stats::table::{Period, Table};
use crate::store::Store;

/// Document information key holding the grouping of a statistics report.
pub const INFO_PERIOD_REPORT_KEY: &str = "UnilabStatistics";

pub const TITLE: &str = "检验检测统计报告";

/// 分组 | 样品 | 已检 | 合格 | 不合格 | 合格率 | 主要不合格项目.
const COLUMNS: [f32; 7] = [0.28, 0.08, 0.08, 0.08, 0.08, 0.1, 0.3];

fn period_text(p: &Period) -> String {
    let d = |x: Option<chrono::NaiveDate>| x.map_or("…".to_string(), |d| d.to_string());
    format!("{} 至 {}", d(p.from), d(p.to))
}

fn label(r: &crate::stats::table::Row) -> String {
    if r.group == "total" {
        r.label.clone()
    } else if r.label.is_empty() || r.label == r.group {
        r.group.clone()
    } else {
        format!("{}\n{}", r.group, r.label)
    }
}

/// Lay out the report: facts, the table with its total, the chart, the sign-off.
pub fn layout(
    t: &Table,
    lab: &str,
    training: bool,
    printed: DateTime<Utc>,
    renderer: &Renderer,
) -> Result<Vec<PageLayout>, CertError> {
    let k = Kit::new(renderer.template(), renderer.font());
    let mut flow = k.flow();
    k.title(&mut flow, TITLE, 1.6);
    flow.y += 3.0;
    heading(&k, &mut flow, "一、统计范围");
    k.top_line(&mut flow);
    let facts = vec![
        ("分组方式", t.by.zh().to_string()),
        ("统计期间", period_text(&t.period)),
        ("承检机构", lab.to_string()),
        ("说明", t.rounding.to_string()),
    ];
    for row in k.kv_rows(&facts) {
        k.place(&mut flow, &row)?;
    }
    heading(&k, &mut flow, "二、统计结果");
    k.top_line(&mut flow);
    let head = k.grid_row(
        &COLUMNS,
        &[
            "分组",
            "样品",
            "已检",
            "合格",
            "不合格",
            "合格率",
            "主要不合格项目",
        ],
        &[0, 6],
    );
    let mut rows: Vec<Row> = Vec::new();
    for r in t.rows.iter().chain(std::iter::once(&t.total)) {
        rows.push(k.grid_row(
            &COLUMNS,
            &[
                &label(r),
                &r.samples.to_string(),
                &r.tested.to_string(),
                &r.passed.to_string(),
                &r.failed.to_string(),
                &rate(r),
                &items(r),
            ],
            &[0, 6],
        ));
    }
    table(&k, &mut flow, &head, &rows)?;
    let (title, bars): (String, Vec<(String, u32)>) = if t.by.is_time() {
        (
            "合格率（%，按时间）".into(),
            t.rows
                .iter()
                .map(|r| {
                    // Whole per cent for the bar; the table gives the tenth.
                    let pct = r
                        .pass_rate_percent
                        .as_deref()
                        .and_then(|p| p.split('.').next())
                        .and_then(|p| p.parse().ok())
                        .unwrap_or(0);
                    (r.group.clone(), pct)
                })
                .collect(),
        )
    } else {
        (
            "不合格批次（按分组）".into(),
            t.rows
                .iter()
                .filter(|r| r.failed > 0)
                .map(|r| (r.group.clone(), r.failed))
                .collect(),
        )
    };
    let shown = bars.len().min(chart::bars_per_page(&k));
    if shown > 0 {
        let bars = &bars[..shown];
        if chart::height(&k, shown) + 4.0 > flow.remaining() {
            flow.new_page();
        }
        flow.y += 4.0;
        chart::draw(&k, &mut flow, &title, bars);
    }
    let mut pages = flow.finish();
    k.page_bands(
        &mut pages,
        &format!("打印时间：{}", printed.format("%Y-%m-%d %H:%M UTC")),
        page_x_of_y,
        &format!("{lab}  {TITLE}"),
        training,
    );
    Ok(pages)
}

/// Lay out, render and sign; same table, key and time → same bytes.
pub fn render_period_report(
    renderer: &Renderer,
    t: &Table,
    lab: &crate::model::Lab,
    key: &LabKey,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, CertError> {
    let pages = layout(t, &lab.name, lab.training, at, renderer)?;
    renderer
        .font()
        .check_glyphs(pages.iter().flat_map(|p| p.texts()))?;
    let title = format!("{TITLE} {}", t.by.zh());
    let meta = DocMeta {
        title: &title,
        at,
        info: vec![(INFO_PERIOD_REPORT_KEY, t.by.key())],
        id_seed: title.as_bytes(),
    };
    let unsigned = renderer.render_pages(&pages, None, &meta)?;
    sign_pdf(&unsigned, key, at)
}

/// Print the signed report of `t` to `out`, as of `now`; reads nothing but the lab.
pub fn write_period_report_to_file(
    store: &Store,
    t: &Table,
    out: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let certifier = Certifier::for_store(store)?;
    let pdf = render_period_report(certifier.renderer(), t, &store.lab()?, certifier.key(), now)?;
    write_pdf(out, &pdf)
}
