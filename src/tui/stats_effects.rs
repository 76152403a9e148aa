//! The statistics screen's files, written beside the certificates from the rows already read:
//! the grouping shown as CSV and XLSX, every grouping as one workbook, and the signed period
//! report. Writing files records nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::app::App;
use super::i18n_stats::St;
use crate::stats::export::{csv, write_workbook, write_xlsx};
use crate::stats::table::{By, Period, Table};
use crate::store::Store;

/// The table of `by` over `period`, from the rows the screen holds.
fn table(app: &App, by: By, period: Period) -> Option<Table> {
    let today = app.today();
    app.data.stats.as_ref().map(|s| s.table(by, period, today))
}

fn stem(app: &App, what: &str, dir: &Path) -> PathBuf {
    dir.join(format!("统计-{what}-{}", app.today()))
}

/// CSV and XLSX of one grouping, or (`None`) the workbook of every grouping; the message says
/// where they went.
pub fn export(app: &App, dir: &Path, by: Option<By>, period: Period) -> anyhow::Result<String> {
    let l = app.lang;
    std::fs::create_dir_all(dir)?;
    let Some(by) = by else {
        let tables: Vec<Table> = By::ALL
            .iter()
            .filter_map(|b| table(app, *b, period))
            .collect();
        let out = stem(app, "全部", dir).with_extension("xlsx");
        write_workbook(&tables, &out)?;
        return Ok(l.f(St::ExportedAll, &[&out.display(), &tables.len()]));
    };
    let Some(t) = table(app, by, period) else {
        return Ok(l.t(St::Loading).to_string());
    };
    let s = stem(app, by.key(), dir);
    let (c, x) = (s.with_extension("csv"), s.with_extension("xlsx"));
    std::fs::write(&c, csv(&t))?;
    write_xlsx(&t, &x)?;
    Ok(l.f(St::Exported, &[&c.display(), &x.display()]))
}

/// The signed statistics report of the grouping shown.
pub fn print(
    app: &App,
    store: &Store,
    dir: &Path,
    by: By,
    period: Period,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let l = app.lang;
    let Some(t) = table(app, by, period) else {
        return Ok(l.t(St::Loading).to_string());
    };
    std::fs::create_dir_all(dir)?;
    let out = stem(app, by.key(), dir).with_extension("pdf");
    crate::certificate::period_report::write_period_report_to_file(store, &t, &out, now)?;
    Ok(l.f(St::Printed, &[&out.display()]))
}
