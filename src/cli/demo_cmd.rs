//! `unilab demo` and `unilab bench`.

use std::path::PathBuf;

use clap::Args;

use super::context::Context;
use super::tui_cmd::{run_with_hint, TuiArgs};
use super::CliResult;

pub fn demo(a: TuiArgs, ctx: &Context) -> CliResult {
    // The demo lab is a training lab: its story is dated in the past and its certificates
    // must never pass for real ones.
    let now = crate::clock::record_time(true).map_err(anyhow::Error::msg)?;
    let info = crate::demo::ensure_demo_lab(&ctx.data_dir, now)?;
    run_with_hint(a, ctx, info.users)
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Orders in the synthetic lab.
    #[arg(long, default_value_t = 100_000)]
    pub orders: usize,
    /// Repetitions for each median.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    #[arg(long, default_value_t = 20261129)]
    pub seed: u64,
    /// Print one JSON object as the last line.
    #[arg(long)]
    pub json: bool,
    /// Internal: one of the concurrent writer processes (`writers16_*`) on DATA_DIR.
    #[arg(long = "writer-child", hide = true)]
    pub writer_child: Option<PathBuf>,
    /// Internal: which writer this is.
    #[arg(long = "writer-index", hide = true, default_value_t = 0)]
    pub writer_index: usize,
    /// Internal: measure the peak memory of an interface process on DATA_DIR.
    #[arg(long = "rss-child", hide = true)]
    pub rss_child: Option<PathBuf>,
    /// Print the content of the certificate `certificate_ms` renders (JSON) and stop: the
    /// input of the WeasyPrint comparison (benches/weasyprint_ratio.py).
    #[arg(long)]
    pub certificate_content: bool,
}

pub fn bench(a: BenchArgs) -> CliResult {
    if let Some(dir) = a.writer_child {
        let report = crate::bench::writers::writer_child(&dir, a.writer_index)?;
        say!("{}", serde_json::to_string(&report)?);
        return Ok(());
    }
    if let Some(dir) = a.rss_child {
        say!("{:.1}", crate::bench::rss_child(&dir)?);
        return Ok(());
    }
    if a.certificate_content {
        let content = crate::certificate::sample_content(20);
        say!("{}", serde_json::to_string_pretty(&content)?);
        return Ok(());
    }
    let figures = crate::bench::run(&crate::bench::Options {
        orders: a.orders,
        runs: a.runs,
        seed: a.seed,
        quiet: a.json,
    })?;
    if a.json {
        say!("{}", serde_json::to_string(&figures)?);
    } else {
        say!("{}", serde_json::to_string_pretty(&figures)?);
    }
    Ok(())
}
