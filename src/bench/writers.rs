//! `writers16_*`: sixteen writer processes at once on one lab, each taking its own orders the
//! whole way — registration, receipt, results, the checker's step, submission, review,
//! approval and a signed certificate — through the store's real operations, on whichever
//! engine the lab's records are kept in. Reports commits per second over the busy period and
//! the 99th percentile of one commit's latency, and checks afterwards that nothing was lost or
//! drawn twice.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context as _};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::generate::PASSWORD;
use crate::model::bench::BenchInput;
use crate::store::Store;

/// Concurrent writer processes.
pub const WRITERS: usize = 16;
/// Orders each writer takes from registration to an issued certificate.
const ORDERS_EACH: usize = 5;

/// What one writer process reports on its last line.
#[derive(Debug, Serialize, Deserialize)]
pub struct WriterReport {
    pub commits_ms: Vec<f64>,
    pub orders: Vec<String>,
    pub reports: Vec<String>,
    /// When its first and last commit began and ended (ms since the epoch).
    pub started_ms: f64,
    pub ended_ms: f64,
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1e3)
        .unwrap_or(0.0)
}

/// Time one commit.
fn timed<T>(times: &mut Vec<f64>, f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let t = Instant::now();
    let out = f()?;
    times.push(t.elapsed().as_secs_f64() * 1e3);
    Ok(out)
}

/// The child side: one writer's orders, each the whole way.
pub fn writer_child(data_dir: &Path, index: usize) -> anyhow::Result<WriterReport> {
    let store = crate::startup::open_lab_store(data_dir)?;
    let catalog = crate::startup::load_catalog(&[])?;
    let now = Utc::now();
    let user = |login: &str| store.authenticate(login, PASSWORD, now);
    let (clerk, tech, checker) = (
        user("bench-clerk")?,
        user("bench-tech")?,
        user("bench-chk")?,
    );
    let (reviewer, signatory) = (user("bench-rev")?, user("bench-sig")?);
    let certifier = crate::certificate::issue::Certifier::for_issuing(&store)?;
    let enterprises = store.enterprises()?;
    let client = enterprises
        .get(index % enterprises.len().max(1))
        .map(|e| e.credit_code.clone())
        .context("基准实验室没有企业")?;
    let bench = BenchInput {
        tested_on: Some(now.date_naive()),
        instruments: vec!["SB-004".into()],
        ..Default::default()
    };
    let mut report = WriterReport {
        commits_ms: Vec::new(),
        orders: Vec::new(),
        reports: Vec::new(),
        started_ms: epoch_ms(),
        ended_ms: 0.0,
    };
    let t = &mut report.commits_ms;
    for i in 0..ORDERS_EACH {
        let o = timed(t, || {
            Ok(store.register_order(&clerk, &catalog, &super::rice_order(&client), now)?)
        })?;
        let n = o.number.clone();
        timed(t, || Ok(store.receive(&clerk, &n, None, now)?))?;
        for (item, value) in [
            ("Pb", format!("0.{:02}", 5 + (index + i) % 9)),
            ("Cd", "0.05".into()),
        ] {
            timed(t, || {
                let v = [value.clone()];
                Ok(store.enter_result_with(&tech, &n, item, &v, None, &bench, None, None, now)?)
            })?;
        }
        timed(t, || Ok(store.check_order(&checker, &n, None, now)?))?;
        timed(t, || Ok(store.submit(&tech, &n, None, now)?))?;
        timed(
            t,
            || Ok(store.review(&reviewer, &n, true, None, None, now)?),
        )?;
        timed(t, || Ok(store.approve(&signatory, &n, None, now)?))?;
        let (issued, _) = timed(t, || {
            Ok(store.issue_report(&signatory, &n, now, &mut |c, at| certifier.render(c, at))?)
        })?;
        report.orders.push(n);
        report.reports.push(issued.number);
    }
    report.ended_ms = epoch_ms();
    Ok(report)
}

/// The parent side: start the writers at once, wait, combine, check. Returns (commits per
/// second over the busy period, p99 of one commit in ms).
pub fn bench_writers(data_dir: &Path, store: &Store) -> anyhow::Result<(f64, f64)> {
    let orders_before = store.order_summaries()?.len();
    let reports_before: BTreeSet<String> = store.reports()?.into_iter().map(|r| r.number).collect();
    let exe = std::env::current_exe()?;
    let mut children = Vec::new();
    for i in 0..WRITERS {
        let mut c = Command::new(&exe);
        if let Some(setting) = crate::startup::store_setting() {
            c.args(["--store", &setting]);
        }
        c.args(["bench", "--writer-child"])
            .arg(data_dir)
            .args(["--writer-index", &i.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        children.push(
            c.spawn()
                .with_context(|| format!("无法启动写入进程 {}", exe.display()))?,
        );
    }
    let mut reports = Vec::new();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let last = text.lines().last().unwrap_or_default();
        let r: WriterReport = serde_json::from_str(last).with_context(|| {
            format!(
                "写入进程 {i} 失败：{}",
                String::from_utf8_lossy(&out.stderr).trim()
            )
        })?;
        reports.push(r);
    }
    check_nothing_lost(store, &reports, orders_before, &reports_before)?;
    let start = reports
        .iter()
        .map(|r| r.started_ms)
        .fold(f64::MAX, f64::min);
    let end = reports.iter().map(|r| r.ended_ms).fold(0.0, f64::max);
    let mut times: Vec<f64> = reports.iter().flat_map(|r| r.commits_ms.clone()).collect();
    times.sort_by(f64::total_cmp);
    let per_s = times.len() as f64 / ((end - start) / 1e3).max(1e-9);
    let p99 = times
        .get((times.len() * 99 / 100).min(times.len().saturating_sub(1)))
        .copied()
        .unwrap_or(f64::NAN);
    Ok((per_s, p99))
}

/// Every writer's orders and reports are in the store, none twice, and the new report numbers
/// follow one another without a gap.
fn check_nothing_lost(
    store: &Store,
    reports: &[WriterReport],
    orders_before: usize,
    reports_before: &BTreeSet<String>,
) -> anyhow::Result<()> {
    let orders: BTreeSet<&String> = reports.iter().flat_map(|r| &r.orders).collect();
    let issued: BTreeSet<&String> = reports.iter().flat_map(|r| &r.reports).collect();
    let expected = WRITERS * ORDERS_EACH;
    if orders.len() != expected || issued.len() != expected {
        bail!(
            "写入进程的委托单或报告有重复：{} 个委托单、{} 份报告，应为 {expected}",
            orders.len(),
            issued.len()
        );
    }
    let stored = store.order_summaries()?.len();
    if stored != orders_before + expected {
        bail!("委托单数 {stored} ≠ {orders_before} + {expected}：有写入丢失");
    }
    let mut new: Vec<u64> = store
        .reports()?
        .into_iter()
        .filter(|r| !reports_before.contains(&r.number))
        .filter_map(|r| r.number.rsplit('-').next().and_then(|t| t.parse().ok()))
        .collect();
    new.sort_unstable();
    if new.len() != expected || new.windows(2).any(|w| w[1] != w[0] + 1) {
        bail!("新报告编号不连续或数目不对：{new:?}");
    }
    Ok(())
}
