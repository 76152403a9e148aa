//! `unilab tui`: open the terminal interface on the data directory.

use std::path::PathBuf;

use anyhow::anyhow;
use clap::Args;

use super::context::Context;
use super::CliResult;
use crate::tui::{Lang, TuiOptions};

#[derive(Args, Debug)]
pub struct TuiArgs {
    /// Interface language: zh (default) or en; else `[ui] lang` in <data_dir>/config.toml.
    #[arg(long)]
    pub lang: Option<String>,
    /// Where issued certificates (PDF) are written (default: <data_dir>/certificates).
    #[arg(long = "cert-out")]
    pub cert_out: Option<PathBuf>,
}

pub fn run(a: TuiArgs, ctx: &Context) -> CliResult {
    run_with_hint(a, ctx, Vec::new())
}

/// Open the interface, showing `login_hint` (the demo's users) on the login screen.
pub fn run_with_hint(
    a: TuiArgs,
    ctx: &Context,
    login_hint: Vec<(String, String, crate::message::Msg)>,
) -> CliResult {
    let lang = match a.lang {
        Some(l) => l.parse::<Lang>().map_err(|e| anyhow!(e))?,
        None => crate::tui::config::config_lang(&ctx.data_dir).unwrap_or_default(),
    };
    let cert_out_dir = a
        .cert_out
        .unwrap_or_else(|| ctx.data_dir.join("certificates"));
    crate::tui::run(TuiOptions {
        data_dir: ctx.data_dir.clone(),
        lang,
        login_hint,
        standards_dirs: ctx.standards_dirs.clone(),
        cert_out_dir,
    })
}
