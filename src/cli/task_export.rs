//! The bureau report of a task as files: CSV (UTF-8 with a byte-order mark, so spreadsheet
//! programs on Chinese Windows read the characters instead of guessing GBK) and an XLSX
//! workbook with one sheet per table and a bar chart of the failing items.

use std::path::Path;

use anyhow::{anyhow, Context as _};
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};

use crate::stats::export::{header, line, xerr};

use crate::supervision::report::{TaskReport, PASS_RATE_ROUNDING_EN, PASS_RATE_ROUNDING_ZH};

/// The summary rows that are counts of batches.
const COUNTS: [&str; 7] = [
    "planned",
    "sampled",
    "tested",
    "undecided",
    "reported",
    "passed",
    "failed",
];

/// The summary table: (Chinese label, key, value), in the order the bureau's form lists them.
pub fn summary_rows(r: &TaskReport) -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("任务编号", "task", r.task.clone()),
        ("任务名称", "name", r.name.clone()),
        ("组织抽查部门", "authority", r.authority.clone()),
        ("产品", "product", r.product.clone()),
        ("依据标准", "standard", format!("{} {}", r.standard, r.grade)),
        ("计划批次", "planned", r.planned.to_string()),
        ("已抽样批次", "sampled", r.sampled.to_string()),
        ("已检验批次", "tested", r.tested.to_string()),
        ("结果无法判定批次", "undecided", r.undecided.to_string()),
        ("已出具报告批次", "reported", r.reported.to_string()),
        ("合格批次", "passed", r.passed.to_string()),
        ("不合格批次", "failed", r.failed.to_string()),
        ("合格率", "pass_rate", r.pass_rate_text()),
        (
            "说明",
            "note",
            format!("{PASS_RATE_ROUNDING_ZH}（{PASS_RATE_ROUNDING_EN}）；检验批次指全部项目有结果且可判定的批次"),
        ),
    ]
}

fn party(p: Option<&crate::model::enterprise::Party>) -> (String, String) {
    p.map_or(("/".into(), "/".into()), |p| {
        (p.name.clone(), p.credit_code.clone())
    })
}

/// The CSV text, BOM first: three blocks, each under a title line, separated by a blank line.
pub fn csv(r: &TaskReport) -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, &["[汇总 Summary]"]);
    line(&mut out, &["项目", "key", "值"]);
    for (zh, key, v) in summary_rows(r) {
        line(&mut out, &[zh, key, &v]);
    }
    out.push_str("\r\n");
    line(&mut out, &["[不合格项目 Failing items]"]);
    line(&mut out, &["项目代号", "项目名称", "Item", "不合格批次"]);
    for i in &r.failing_items {
        line(
            &mut out,
            &[&i.code, &i.name_zh, &i.name_en, &i.count.to_string()],
        );
    }
    out.push_str("\r\n");
    line(&mut out, &["[不合格企业 Failing enterprises]"]);
    line(
        &mut out,
        &[
            "委托单号",
            "受检单位",
            "受检单位信用代码",
            "标称生产者",
            "标称生产者信用代码",
            "不合格项目",
        ],
    );
    for e in &r.failing_enterprises {
        let (pn, pc) = party(e.producer.as_ref());
        let items: Vec<String> = e
            .items
            .iter()
            .map(|i| format!("{} {}", i.code, i.name_zh))
            .collect();
        line(
            &mut out,
            &[
                &e.order,
                &e.sampled_unit.name,
                &e.sampled_unit.credit_code,
                &pn,
                &pc,
                &items.join("；"),
            ],
        );
    }
    out
}

pub fn write_csv(r: &TaskReport, path: &Path) -> anyhow::Result<()> {
    std::fs::write(path, csv(r))
        .with_context(|| format!("无法写入 {0}（cannot write {0}）", path.display()))
}

/// The workbook: 汇总, 不合格项目 (with a bar chart when anything failed), 不合格企业.
pub fn write_xlsx(r: &TaskReport, path: &Path) -> anyhow::Result<()> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();

    let sheet = book.add_worksheet().set_name("汇总").map_err(xerr)?;
    header(sheet, &["项目", "key", "值"], &bold)?;
    for (row, (zh, key, v)) in (1u32..).zip(summary_rows(r)) {
        sheet.write_string(row, 0, zh).map_err(xerr)?;
        sheet.write_string(row, 1, key).map_err(xerr)?;
        // Counts as numbers, so the bureau's sheet can sum them; texts (a task name may be all
        // digits) and the pass rate as printed.
        match v.parse::<u32>() {
            Ok(n) if COUNTS.contains(&key) => sheet.write_number(row, 2, n).map_err(xerr)?,
            _ => sheet.write_string(row, 2, &v).map_err(xerr)?,
        };
    }
    sheet.set_column_width(0, 18).map_err(xerr)?;
    sheet.set_column_width(2, 40).map_err(xerr)?;

    let items = book.add_worksheet().set_name("不合格项目").map_err(xerr)?;
    header(
        items,
        &["项目代号", "项目名称", "Item", "不合格批次"],
        &bold,
    )?;
    for (row, i) in (1u32..).zip(&r.failing_items) {
        items.write_string(row, 0, &i.code).map_err(xerr)?;
        items.write_string(row, 1, &i.name_zh).map_err(xerr)?;
        items.write_string(row, 2, &i.name_en).map_err(xerr)?;
        items.write_number(row, 3, i.count).map_err(xerr)?;
    }
    items.set_column_width(1, 20).map_err(xerr)?;
    if !r.failing_items.is_empty() {
        let last = u32::try_from(r.failing_items.len()).unwrap_or(u32::MAX);
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories(("不合格项目", 1, 1, last, 1))
            .set_values(("不合格项目", 1, 3, last, 3))
            .set_name("不合格批次");
        chart.title().set_name("不合格项目分布");
        chart.legend().set_hidden();
        items.insert_chart(1, 5, &chart).map_err(xerr)?;
    }

    let firms = book.add_worksheet().set_name("不合格企业").map_err(xerr)?;
    header(
        firms,
        &[
            "委托单号",
            "受检单位",
            "受检单位信用代码",
            "标称生产者",
            "标称生产者信用代码",
            "不合格项目",
        ],
        &bold,
    )?;
    for (row, e) in (1u32..).zip(&r.failing_enterprises) {
        let (pn, pc) = party(e.producer.as_ref());
        let list: Vec<String> = e
            .items
            .iter()
            .map(|i| format!("{} {}", i.code, i.name_zh))
            .collect();
        for (col, v) in (0u16..).zip([
            e.order.as_str(),
            &e.sampled_unit.name,
            &e.sampled_unit.credit_code,
            &pn,
            &pc,
            &list.join("；"),
        ]) {
            firms.write_string(row, col, v).map_err(xerr)?;
        }
    }
    firms.set_column_width(1, 28).map_err(xerr)?;
    firms.set_column_width(3, 28).map_err(xerr)?;

    book.save(path)
        .map_err(|e| anyhow!("无法写入 {0}（cannot write {0}）：{e}", path.display()))
}
