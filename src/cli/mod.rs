//! The command line: parsing and dispatch only; every command calls the library's operations.

mod judging;
mod standards;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::catalog::Catalog;

#[derive(Parser, Debug)]
#[command(
    name = "unilab",
    version,
    about = "Unilab — 三统一检验实验室管理（terminal LIMS for testing laboratories)"
)]
pub struct Cli {
    /// Extra folder of the lab's own standard files (repeatable; also UNILAB_STANDARDS_DIR).
    #[arg(long = "standards-dir", global = true, env = "UNILAB_STANDARDS_DIR")]
    pub standards_dirs: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Round a value per GB/T 8170 and print the reported value.
    Round(judging::RoundArgs),
    /// Judge a value against a limit or a library item.
    Judge(judging::JudgeArgs),
    /// Decide the net content of a batch of pre-packaged goods (JJF 1070).
    Netcontent(judging::NetContentArgs),
    /// The standards library: check, list, show.
    #[command(subcommand)]
    Standards(standards::StandardsCommand),
}

/// A refusal or failure: printed on stderr, exit status 1.
pub type CliResult = anyhow::Result<()>;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(cli: Cli) -> CliResult {
    match cli.command {
        Command::Round(a) => judging::round(a),
        Command::Judge(a) => judging::judge(a, &cli.standards_dirs),
        Command::Netcontent(a) => judging::netcontent(a),
        Command::Standards(c) => standards::run(c, &cli.standards_dirs),
    }
}

/// Load the shipped library and the lab's folders; every load error is listed.
pub fn load_catalog(extra: &[PathBuf]) -> anyhow::Result<Catalog> {
    Catalog::load(extra).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        anyhow::anyhow!("标准库加载失败：\n{}", list.join("\n"))
    })
}
