//! `unilab bench`: every budget measured on the real code paths, in a temporary data dir.

pub mod generate;
mod serve;
pub mod writers;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::judge::{Basis, Comparison};
use crate::limit::Limit;
use crate::model::{Lab, Role};
use crate::number::{Interval, ResultValue};
use crate::store::{NewOrder, Store};
use crate::tui::order_window::ListMove;
use crate::tui::{self, App, Effect, Lang, Screen, Services};

/// The figures, with exactly the keys the README's table and `--json` use.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub judge_us: f64,
    pub commit_p99_ms: f64,
    pub open_first_screen_ms: f64,
    pub filter_ms: f64,
    pub certificate_ms: f64,
    pub certificate_kb: f64,
    /// A year-end reprint: 1 000 issued reports re-rendered, signed and checked against their
    /// recorded hash in one process.
    pub certificates_per_s: f64,
    pub import_per_s: f64,
    pub rss_mb: f64,
    pub audit_verify_ms: f64,
    pub refresh_ms: f64,
    /// Opening the statistics screen: reading every order's statistics row, grouping, drawing.
    pub stats_open_ms: f64,
    /// Coming back to the statistics screen after another terminal wrote: the rows kept are
    /// brought up to date from the audit trail and regrouped, the frame drawn.
    pub stats_reopen_ms: f64,
    /// Changing the grouping on the open statistics screen: regroup the rows read and draw.
    pub stats_ms: f64,
    /// `unilab serve` on the loopback address: lookups by number and code per second…
    pub serve_lookups_per_s: f64,
    /// …and the 99th percentile of their latency.
    pub serve_p99_ms: f64,
    /// Sixteen writer processes at once, each taking orders the whole way to a signed
    /// certificate: commits per second over the busy period…
    pub writers16_per_s: f64,
    /// …and the 99th percentile of one commit's latency.
    pub writers16_p99_ms: f64,
}

pub struct Options {
    pub orders: usize,
    pub runs: usize,
    pub seed: u64,
    pub quiet: bool,
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn say(quiet: bool, text: &str) {
    if !quiet {
        eprintln!("{text}");
    }
}

pub fn run(opts: &Options) -> anyhow::Result<Figures> {
    let dir = tempfile_dir()?;
    let data_dir = dir.path();
    let now = Utc::now();
    let catalog = crate::startup::load_catalog(&[])?;
    let judge_us = bench_judge(opts.runs);
    say(opts.quiet, &format!("judge_us {judge_us:.3}"));

    // As in a real lab the key exists from the start, so every commit signs the chain's head.
    let key = crate::certificate::LabKey::generate_self_signed("基准测试实验室", now)?;
    key.save(&crate::certificate::issue::keys_dir(data_dir))?;
    let store = Store::create_at(
        &crate::startup::store_location(data_dir),
        data_dir,
        Lab::new("基准测试实验室"),
        "admin",
        "管理员",
        generate::PASSWORD,
        now,
    )?
    .with_lab_key(key);
    let admin = store.authenticate("admin", generate::PASSWORD, now)?;
    let mut bar = crate::cli::progress::Progress::new(opts.orders as u64 * 2 + 500, "生成");
    if opts.quiet {
        bar = bar.quiet();
    }
    let generated = generate::generate(
        &store,
        &catalog,
        &admin,
        opts.orders,
        opts.seed,
        now,
        &mut |n| {
            bar.set(n as u64);
            !crate::startup::signals::stop_requested()
        },
    )?;
    bar.finish();
    if generated.import.interrupted {
        anyhow::bail!("已中断");
    }
    // Issued reports belong in a lab of this size; they go through the real sign-off steps.
    let issued = generate::issue_reports(&store, &admin, data_dir, &generated.tested, 200, now)?;
    say(opts.quiet, &format!("issued {issued} signed reports"));
    let records = generated.import.enterprises + generated.import.orders + generated.import.results;
    let import_per_s = records as f64 / generated.import_seconds;
    say(
        opts.quiet,
        &format!("import_per_s {import_per_s:.0} ({records} records)"),
    );

    let commit_p99_ms = bench_commit(&store, &catalog, &admin, &generated.enterprises, now)?;
    say(opts.quiet, &format!("commit_p99_ms {commit_p99_ms:.2}"));
    drop(store);

    let audit_verify_ms = bench_audit_verify(data_dir, opts.runs.clamp(1, 3))?;
    say(opts.quiet, &format!("audit_verify_ms {audit_verify_ms:.0}"));

    let mut opens = Vec::new();
    for _ in 0..opts.runs {
        opens.push(first_screen(data_dir, now)?.0);
    }
    let open_first_screen_ms = median(opens);
    say(
        opts.quiet,
        &format!("open_first_screen_ms {open_first_screen_ms:.1}"),
    );

    let filter_ms = bench_filter(data_dir, now, opts.runs)?;
    say(opts.quiet, &format!("filter_ms {filter_ms:.2}"));

    let (certificate_ms, certificate_kb) = bench_certificate(data_dir, now, opts.runs)?;
    say(
        opts.quiet,
        &format!("certificate_ms {certificate_ms:.2} certificate_kb {certificate_kb:.1}"),
    );

    let certificates_per_s = bench_reprint(data_dir, 1000)?;
    say(
        opts.quiet,
        &format!("certificates_per_s {certificates_per_s:.0}"),
    );

    let refresh_ms = bench_refresh(data_dir, now, opts.runs)?;
    say(opts.quiet, &format!("refresh_ms {refresh_ms:.2}"));

    let stats = bench_stats(data_dir, now, opts.runs)?;
    let (stats_open_ms, stats_reopen_ms, stats_ms) =
        (stats.open_ms, stats.reopen_ms, stats.regroup_ms);
    say(
        opts.quiet,
        &format!(
            "stats_open_ms {stats_open_ms:.1} stats_reopen_ms {stats_reopen_ms:.2} stats_ms {stats_ms:.2}"
        ),
    );

    let (serve_lookups_per_s, serve_p99_ms) = serve::bench_serve(data_dir, 20_000)?;
    say(
        opts.quiet,
        &format!("serve_lookups_per_s {serve_lookups_per_s:.0} serve_p99_ms {serve_p99_ms:.2}"),
    );

    let rss_mb = bench_rss(data_dir)?;
    say(opts.quiet, &format!("rss_mb {rss_mb:.1}"));

    // Last: the writers add orders and reports to the lab.
    let store = crate::startup::open_lab_store(data_dir)?;
    let (writers16_per_s, writers16_p99_ms) = writers::bench_writers(data_dir, &store)?;
    say(
        opts.quiet,
        &format!("writers16_per_s {writers16_per_s:.0} writers16_p99_ms {writers16_p99_ms:.2}"),
    );
    Ok(Figures {
        judge_us,
        commit_p99_ms,
        open_first_screen_ms,
        filter_ms,
        certificate_ms,
        certificate_kb,
        certificates_per_s,
        import_per_s,
        rss_mb,
        audit_verify_ms,
        refresh_ms,
        stats_open_ms,
        stats_reopen_ms,
        stats_ms,
        serve_lookups_per_s,
        serve_p99_ms,
        writers16_per_s,
        writers16_p99_ms,
    })
}

/// `audit verify` of the whole lab: open, then the chain, every record and the signed head in
/// one snapshot. A lab that does not verify fails the benchmark.
fn bench_audit_verify(data_dir: &Path, runs: usize) -> anyhow::Result<f64> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let store = crate::startup::open_lab_store(data_dir)?;
        let cert = crate::certificate::issue::lab_certificate(&store, data_dir)?;
        let check = store.verify_audit(cert.as_deref())?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        if !check.ok() {
            let first = check.problems.first().map(|p| p.to_string());
            anyhow::bail!("基准实验室的审计核查未通过：{first:?}");
        }
    }
    Ok(median(times))
}

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempfile_dir() -> anyhow::Result<TempDir> {
    let dir = std::env::temp_dir().join(format!("unilab-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    Ok(TempDir(dir))
}

/// Parse + round + verdict of one typed value, as result entry does it.
fn bench_judge(runs: usize) -> f64 {
    let limit = Limit::parse("≥400").ok();
    let interval: Option<Interval> = "5".parse().ok();
    let Some(limit) = limit else { return f64::NAN };
    let basis = Basis {
        limit: &limit,
        interval,
        comparison: Comparison::Rounded,
        detection_limit: None,
        significant: None,
        decision: Default::default(),
    };
    let texts = ["432.5", "397.6", "400", "612.25", "1e3"];
    let n = 200_000;
    let mut per_op = Vec::new();
    for _ in 0..runs.max(3) {
        let t = Instant::now();
        let mut passes = 0usize;
        for i in 0..n {
            if let Ok(v) = ResultValue::parse(std::hint::black_box(texts[i % texts.len()]), false) {
                if basis.judge(&v).verdict == crate::judge::Verdict::Pass {
                    passes += 1;
                }
            }
        }
        std::hint::black_box(passes);
        per_op.push(t.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
    median(per_op)
}

/// p99 of durable single-result commits on freshly received orders, by a technician.
fn bench_commit(
    store: &Store,
    catalog: &Catalog,
    admin: &crate::model::User,
    enterprises: &[String],
    now: DateTime<Utc>,
) -> anyhow::Result<f64> {
    store.add_user(
        admin,
        "bench-clerk",
        "收样",
        &[Role::Clerk],
        &[],
        generate::PASSWORD,
        now,
    )?;
    store.add_user(
        admin,
        "bench-tech",
        "检验",
        &[Role::Technician],
        &[],
        generate::PASSWORD,
        now,
    )?;
    let clerk = store.authenticate("bench-clerk", generate::PASSWORD, now)?;
    let tech = store.authenticate("bench-tech", generate::PASSWORD, now)?;
    let tech = generate::authorise_all(store, catalog, admin, &tech, now)?;
    // Lead in rice by GB 5009.12: the atomic absorption spectrometer the generator registered;
    // each commit goes through the whole bench gate.
    let bench = crate::model::bench::BenchInput {
        tested_on: Some(now.date_naive()),
        instruments: vec!["SB-004".into()],
        ..Default::default()
    };
    let n = 300;
    let mut numbers = Vec::new();
    for i in 0..n {
        let client = &enterprises[i % enterprises.len()];
        let o = store.register_order(&clerk, catalog, &rice_order(client), now)?;
        store.receive(&clerk, &o.number, None, now)?;
        numbers.push(o.number);
    }
    let mut times = Vec::new();
    for (i, number) in numbers.iter().enumerate() {
        let value = format!("0.{:02}", 5 + i % 90);
        let t = Instant::now();
        store.enter_result_with(&tech, number, "Pb", &[value], None, &bench, None, None, now)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[(times.len() * 99 / 100).min(times.len() - 1)])
}

/// A commissioned test of lead and cadmium in rice for `client`.
fn rice_order(client: &str) -> NewOrder {
    NewOrder {
        inspection_type: crate::inspection::InspectionType::Commissioned,
        client: client.to_string(),
        producer: None,
        sample: crate::model::Sample {
            name: "大米".into(),
            ..Default::default()
        },
        standard: "GB 2762-2022".into(),
        grade: "大米".into(),
        spec: None,
        items: vec!["Pb".into(), "Cd".into()],
        due: None,
        deviations: String::new(),
        remarks: String::new(),
        allow_withdrawn: false,
    }
}

/// Open the store, load what the first screen shows for a clerk and draw it into a test
/// backend. Returns the time and the app. The password check is left out: argon2 is slow by
/// design and is not part of drawing the screen.
fn first_screen(data_dir: &Path, now: DateTime<Utc>) -> anyhow::Result<(f64, App, Store)> {
    let t = Instant::now();
    let store = Store::open_at(&crate::startup::store_location(data_dir), data_dir)?;
    let catalog = crate::startup::load_catalog(&[])?;
    let keymap =
        tui::keymap::Keymap::with_overrides(&Default::default()).map_err(anyhow::Error::msg)?;
    let mut app = App::new(Lang::Zh, now, Arc::new(catalog), keymap);
    app.user = Some(store.user("bench-clerk")?);
    let issue: tui::IssueFn = Box::new(|_, _, _, _, _| anyhow::bail!("基准测试不签发"));
    let out = data_dir.join("certificates");
    let pages: tui::effects::PagesFn = Box::new(|_| None);
    let svc = Services {
        store: &store,
        issue: &issue,
        cert_out_dir: &out,
        pages: &pages,
    };
    let mut effects = app.go(Screen::Queue);
    effects.push(Effect::Reload { external: false });
    tui::effects::run(&mut app, &svc, effects);
    let mut terminal = Terminal::new(TestBackend::new(100, 30))?;
    terminal.draw(|f| tui::ui::draw(f, &app))?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    Ok((ms, app, store))
}

/// Open the statistics screen (read the rows, group by product, draw), then step through
/// every grouping, each regrouped from the rows in memory and drawn: the median of those.
fn bench_stats(data_dir: &Path, now: DateTime<Utc>, runs: usize) -> anyhow::Result<Stats> {
    let (_, mut app, store) = first_screen(data_dir, now)?;
    app.size = (100, 30);
    let mut terminal = Terminal::new(TestBackend::new(100, 30))?;
    let mut opens = Vec::new();
    for _ in 0..runs.clamp(1, 3) {
        let t = Instant::now();
        app.screen = Screen::Stats;
        app.data.stats = Some(store.stats_source()?);
        tui::screens::stats::recompute(&mut app);
        terminal.draw(|f| tui::ui::draw(f, &app))?;
        opens.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut times = Vec::new();
    let steps = crate::stats::table::By::ALL.len() * runs.clamp(1, 3);
    for _ in 0..steps {
        let t = Instant::now();
        tui::update(&mut app, tui::keymap::Action::Right);
        terminal.draw(|f| tui::ui::draw(f, &app))?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    // Coming back after another terminal registered an order: the kept rows are brought up to
    // date (only that order's row is read) and regrouped.
    let catalog = crate::startup::load_catalog(&[])?;
    let clerk = store.user("bench-clerk")?;
    let client = store
        .enterprises()?
        .first()
        .map(|e| e.credit_code.clone())
        .unwrap_or_default();
    let mut reopens = Vec::new();
    for _ in 0..runs.max(3) {
        let o = store.register_order(&clerk, &catalog, &rice_order(&client), now)?;
        store.receive(&clerk, &o.number, None, now)?;
        let t = Instant::now();
        if let Some(src) = app.data.stats.as_mut() {
            store.refresh_stats(src)?;
        }
        tui::screens::stats::recompute(&mut app);
        terminal.draw(|f| tui::ui::draw(f, &app))?;
        reopens.push(t.elapsed().as_secs_f64() * 1e3);
    }
    std::hint::black_box(app.stats.table.as_ref().map(|t| t.rows.len()));
    Ok(Stats {
        open_ms: median(opens),
        reopen_ms: median(reopens),
        regroup_ms: median(times),
    })
}

/// The statistics screen's figures.
struct Stats {
    open_ms: f64,
    reopen_ms: f64,
    regroup_ms: f64,
}

/// Type a filter in the order list over all orders and draw the frame.
fn bench_filter(data_dir: &Path, now: DateTime<Utc>, runs: usize) -> anyhow::Result<f64> {
    let (_, mut app, store) = first_screen(data_dir, now)?;
    app.screen = Screen::Orders;
    app.size = (100, 30);
    let mut terminal = Terminal::new(TestBackend::new(100, 30))?;
    let mut times = Vec::new();
    for (i, needle) in ["示例企业1", "大米", "WT", "GB 175", "企业42"]
        .iter()
        .cycle()
        .take(runs.max(5))
        .enumerate()
    {
        app.orders.filter.set(needle);
        let t = Instant::now();
        tui::list_effects::apply(&mut app, &store, ListMove::Fresh);
        terminal.draw(|f| tui::ui::draw(f, &app))?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box((i, app.orders.list.rows.len()));
    }
    Ok(median(times))
}

/// Another terminal receives a sample; this one refreshes its lists and draws the frame.
fn bench_refresh(data_dir: &Path, now: DateTime<Utc>, runs: usize) -> anyhow::Result<f64> {
    let (_, mut app, store) = first_screen(data_dir, now)?;
    let clerk = store.user("bench-clerk")?;
    let registered = crate::store::OrderQuery {
        statuses: vec![crate::model::OrderStatus::Registered],
        ..Default::default()
    };
    let waiting: Vec<String> = store
        .order_page(&registered, &crate::store::ListFrom::Start, runs.max(5))?
        .rows
        .into_iter()
        .map(|(_, s)| s.number)
        .collect();
    let issue: tui::IssueFn = Box::new(|_, _, _, _, _| anyhow::bail!("基准测试不签发"));
    let out = data_dir.join("certificates");
    let pages: tui::effects::PagesFn = Box::new(|_| None);
    let svc = Services {
        store: &store,
        issue: &issue,
        cert_out_dir: &out,
        pages: &pages,
    };
    let mut terminal = Terminal::new(TestBackend::new(100, 30))?;
    let mut times = Vec::new();
    for number in waiting {
        store.receive(&clerk, &number, None, now)?;
        let t = Instant::now();
        tui::effects::run(&mut app, &svc, vec![Effect::Reload { external: true }]);
        terminal.draw(|f| tui::ui::draw(f, &app))?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(median(times))
}

/// Render + sign a 20-item certificate (three pages) with the lab's certifier, as the screens
/// and the CLI get it (parsed once per process: the first call pays for the font, not this).
fn bench_certificate(
    data_dir: &Path,
    now: DateTime<Utc>,
    runs: usize,
) -> anyhow::Result<(f64, f64)> {
    let certifier = crate::certificate::issue::Certifier::shared(data_dir)?;
    let content = crate::certificate::sample_content(20);
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs.max(5) {
        let t = Instant::now();
        let r = certifier
            .render(&content, now)
            .map_err(anyhow::Error::msg)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        size = r.pdf.len();
    }
    Ok((median(times), size as f64 / 1024.0))
}

/// Reprint `count` issued reports (cycling through those the bench lab has): each re-rendered,
/// signed and its hash compared with the record, as `cert show` does. Reports per second.
fn bench_reprint(data_dir: &Path, count: usize) -> anyhow::Result<f64> {
    let store = crate::startup::open_lab_store(data_dir)?;
    let reports = store.reports()?;
    if reports.is_empty() {
        anyhow::bail!("基准实验室没有已签发的报告");
    }
    let certifier = crate::certificate::issue::Certifier::shared(data_dir)?;
    let t = Instant::now();
    for report in reports.iter().cycle().take(count) {
        certifier.rerender(report)?;
    }
    Ok(count as f64 / t.elapsed().as_secs_f64())
}

/// Peak memory of an interface process with every order loaded: a child process opens the
/// store, loads the order list and draws it, then reports its high-water mark.
fn bench_rss(data_dir: &Path) -> anyhow::Result<f64> {
    let exe = std::env::current_exe()?;
    let mut child = std::process::Command::new(&exe);
    if let Some(setting) = crate::startup::store_setting() {
        child.args(["--store", &setting]);
    }
    let out = child
        .args(["bench", "--rss-child"])
        .arg(data_dir)
        .output()
        .with_context(|| format!("无法启动测内存的子进程 {}", exe.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.trim().parse::<f64>().with_context(|| {
        format!(
            "子进程没有报告内存：{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The child side of `bench_rss`.
pub fn rss_child(data_dir: &Path) -> anyhow::Result<f64> {
    let (_, mut app, store) = first_screen(data_dir, Utc::now())?;
    app.screen = Screen::Orders;
    tui::list_effects::apply(&mut app, &store, ListMove::Fresh);
    let mut terminal = Terminal::new(TestBackend::new(100, 30))?;
    terminal.draw(|f| tui::ui::draw(f, &app))?;
    peak_rss_mb()
}

fn peak_rss_mb() -> anyhow::Result<f64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("无法读取 /proc/self/status")?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("/proc/self/status 没有 VmHWM")?;
    Ok(kb / 1024.0)
}
