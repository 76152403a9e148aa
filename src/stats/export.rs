//! The statistics table as files and text: CSV (UTF-8 with a byte-order mark, so spreadsheet
//! programs on Chinese Windows read the characters), an XLSX workbook with a native chart (pass
//! rate over time for months and quarters; failures per group otherwise) — one grouping, or
//! every grouping on its own sheet — and plain text.

use std::path::Path;

use anyhow::anyhow;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};

use super::table::{Row, Table};

/// One CSV field: quoted when it holds a separator, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV line, CRLF-terminated as spreadsheet programs expect.
pub fn line(out: &mut String, cells: &[&str]) {
    let cells: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

pub fn xerr(e: rust_xlsxwriter::XlsxError) -> anyhow::Error {
    anyhow!("无法生成 XLSX 工作簿（cannot build the workbook）：{e}")
}

/// A bold header row.
pub fn header(sheet: &mut Worksheet, cells: &[&str], bold: &Format) -> anyhow::Result<()> {
    for (c, h) in (0u16..).zip(cells) {
        sheet
            .write_string_with_format(0, c, *h, bold)
            .map_err(xerr)?;
    }
    Ok(())
}

pub fn rate(r: &Row) -> String {
    r.pass_rate_percent
        .as_ref()
        .map_or("/".into(), |p| format!("{p} %"))
}

fn days(d: Option<i64>) -> String {
    d.map_or("/".into(), |d| d.to_string())
}

pub fn items(r: &Row) -> String {
    let top: Vec<String> = r
        .failing_items
        .iter()
        .take(5)
        .map(|i| format!("{} {}×{}", i.code, i.name, i.failed))
        .collect();
    top.join("；")
}

/// The columns, in the order every format prints them.
const COLUMNS: [&str; 12] = [
    "分组",
    "名称",
    "样品数",
    "已检",
    "合格",
    "不合格",
    "合格率",
    "不合格项目",
    "周期中位数（天）",
    "周期 P90（天）",
    "逾期",
    "group",
];

fn cells(r: &Row) -> [String; 12] {
    [
        r.group.clone(),
        r.label.clone(),
        r.samples.to_string(),
        r.tested.to_string(),
        r.passed.to_string(),
        r.failed.to_string(),
        rate(r),
        items(r),
        days(r.turnaround_median_days),
        days(r.turnaround_p90_days),
        r.overdue.to_string(),
        r.group.clone(),
    ]
}

fn period_text(t: &Table) -> String {
    let d = |x: Option<chrono::NaiveDate>| x.map_or("…".to_string(), |d| d.to_string());
    format!("{} 至 {}", d(t.period.from), d(t.period.to))
}

pub fn text(t: &Table) -> String {
    let mut out = format!("按{}统计，{}\n", t.by.zh(), period_text(t));
    for r in t.rows.iter().chain(std::iter::once(&t.total)) {
        out.push_str(&format!(
            "{}  {}  样品 {}  已检 {}  合格 {}  不合格 {}  合格率 {}  {}\n",
            r.group,
            r.label,
            r.samples,
            r.tested,
            r.passed,
            r.failed,
            rate(r),
            items(r)
        ));
    }
    out.push_str(t.rounding);
    out.push('\n');
    out
}

pub fn csv(t: &Table) -> String {
    let mut out = String::from("\u{feff}");
    line(&mut out, &COLUMNS[..11]);
    for r in t.rows.iter().chain(std::iter::once(&t.total)) {
        let c = cells(r);
        let refs: Vec<&str> = c[..11].iter().map(String::as_str).collect();
        line(&mut out, &refs);
    }
    line(&mut out, &[&period_text(t), t.rounding]);
    out
}

/// One workbook, one sheet: the table with counts as numbers and a chart of what it is about.
pub fn write_xlsx(t: &Table, p: &Path) -> anyhow::Result<()> {
    write_workbook(std::slice::from_ref(t), p)
}

/// One workbook with a sheet per table (named by its grouping), each with its own chart: the
/// period's every grouping in one file for the bureau.
pub fn write_workbook(tables: &[Table], p: &Path) -> anyhow::Result<()> {
    let mut book = Workbook::new();
    for t in tables {
        add_sheet(&mut book, t)?;
    }
    book.save(p)
        .map_err(|e| anyhow!("无法写入 {0}（cannot write {0}）：{e}", p.display()))
}

fn add_sheet(book: &mut Workbook, t: &Table) -> anyhow::Result<()> {
    let bold = Format::new().set_bold();
    let name = format!("按{}", t.by.zh());
    let sheet = book.add_worksheet().set_name(&name).map_err(xerr)?;
    header(sheet, &COLUMNS[..11], &bold)?;
    let rows: Vec<&Row> = t.rows.iter().chain(std::iter::once(&t.total)).collect();
    for (row, r) in (1u32..).zip(&rows) {
        let c = cells(r);
        for (col, v) in (0u16..).zip(c[..11].iter()) {
            // Counts and days as numbers so the sheet can sum them; the rate as printed and as
            // a number (column 12) for the chart.
            match (col, v.parse::<u32>()) {
                (2..=5 | 8..=10, Ok(n)) => sheet.write_number(row, col, n).map_err(xerr)?,
                _ => sheet.write_string(row, col, v).map_err(xerr)?,
            };
        }
        // A spreadsheet number is a binary float: the rate goes in as printed (one decimal),
        // only for the chart to draw; the exact rate is the text in column 7.
        if let Some(pct) = &r.pass_rate_percent {
            if let Ok(n) = pct.parse::<f64>() {
                sheet.write_number(row, 11, n).map_err(xerr)?;
            }
        }
    }
    sheet
        .write_string_with_format(0, 11, "合格率（%）", &bold)
        .map_err(xerr)?;
    let n = u32::try_from(t.rows.len()).unwrap_or(u32::MAX);
    let at = n + 3;
    sheet.write_string(at, 0, period_text(t)).map_err(xerr)?;
    sheet.write_string(at + 1, 0, t.rounding).map_err(xerr)?;
    sheet.set_column_width(1, 24).map_err(xerr)?;
    sheet.set_column_width(7, 30).map_err(xerr)?;
    if n > 0 {
        sheet
            .insert_chart(1, 13, &chart(t, &name, n))
            .map_err(xerr)?;
    }
    Ok(())
}

/// The pass rate over time for months and quarters; failures per group otherwise.
fn chart(t: &Table, sheet: &str, n: u32) -> Chart {
    if t.by.is_time() {
        let mut c = Chart::new(ChartType::Line);
        c.add_series()
            .set_categories((sheet, 1, 0, n, 0))
            .set_values((sheet, 1, 11, n, 11))
            .set_name("合格率（%）");
        c.title().set_name(&format!("按{}的合格率", t.by.zh()));
        c
    } else {
        let mut c = Chart::new(ChartType::Bar);
        c.add_series()
            .set_categories((sheet, 1, 1, n, 1))
            .set_values((sheet, 1, 5, n, 5))
            .set_name("不合格");
        c.title().set_name(&format!("按{}的不合格批次", t.by.zh()));
        c
    }
}
