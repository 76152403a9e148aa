//! The command line: parsing and dispatch only; every command calls the library's operations.

#[macro_use]
pub mod output;

mod accreditation;
mod cert;
mod context;
mod demo_cmd;
mod enterprise_view;
mod equipment;
mod judging;
mod lab;
mod migrate;
mod notice;
mod objections;
mod order_view;
mod orders;
pub mod progress;
mod quality_file;
mod rawrecord;
mod records;
mod samples;
mod sampling;
mod serve_cmd;
mod standards;
mod stats;
pub mod task_export;
mod tasks;
mod tui_cmd;
mod verify_qr;
mod warnings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use crate::startup::{load_catalog, signals};

#[derive(Parser, Debug)]
#[command(
    name = "unilab",
    version,
    about = "Unilab — 三统一检验实验室管理（terminal LIMS for testing laboratories)"
)]
pub struct Cli {
    /// Where the lab's database lives (default: UNILAB_DATA_DIR, else the user's data dir).
    #[arg(long = "data-dir", global = true, env = "UNILAB_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Where the records are kept: absent or a path → the redb file in the data dir (or at
    /// that path); postgres://… → that PostgreSQL database (a lab network).
    #[arg(
        long = "store",
        global = true,
        env = "UNILAB_STORE",
        value_name = "URL"
    )]
    pub store: Option<String>,

    /// Act as this user (password from UNILAB_PASSWORD or a prompt).
    #[arg(long = "as", global = true, env = "UNILAB_USER")]
    pub actor: Option<String>,

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
    Judge(Box<judging::JudgeArgs>),
    /// Decide the net content of a batch of pre-packaged goods (JJF 1070).
    Netcontent(judging::NetContentArgs),
    /// The standards library: check, list, show.
    #[command(subcommand)]
    Standards(standards::StandardsCommand),
    /// Create the lab's database and its first administrator.
    Init(records::InitArgs),
    /// Users and roles.
    #[command(subcommand)]
    User(records::UserCommand),
    /// Enterprises (clients and producers).
    #[command(subcommand)]
    Enterprise(records::EnterpriseCommand),
    /// Orders and their way through the workflow.
    #[command(subcommand)]
    Order(orders::OrderCommand),
    /// Enter results.
    #[command(subcommand)]
    Result(orders::ResultCommand),
    /// The equipment register: instruments, calibrations, intermediate checks.
    #[command(subcommand)]
    Instrument(equipment::InstrumentCommand),
    /// Samples: where each is, retention and disposal.
    #[command(subcommand)]
    Sample(samples::SampleCommand),
    /// Supervision tasks (抽查任务): record, draw enterprises, list, show.
    #[command(subcommand)]
    Task(tasks::TaskCommand),
    /// After a failed spot check: objection, reserve release, re-test.
    #[command(subcommand)]
    Objection(objections::ObjectionCommand),
    /// Result notices (检验结果通知书) of failed spot checks.
    #[command(subcommand)]
    Notice(notice::NoticeCommand),
    /// The lab's own settings: the holiday calendar.
    #[command(subcommand)]
    Lab(lab::LabCommand),
    /// The tamper-evident audit trail.
    #[command(subcommand)]
    Audit(records::AuditCommand),
    /// A consistent copy of the database while others work.
    Backup { path: PathBuf },
    /// Dump everything as JSON.
    Export {
        #[arg(long, required = true)]
        json: bool,
    },
    /// Bulk import enterprises and orders from a JSON Lines file.
    Import {
        file: PathBuf,
        /// Records per transaction.
        #[arg(long, default_value_t = 500)]
        batch: usize,
    },
    /// Open the keyboard-driven terminal interface on the data directory.
    Tui(tui_cmd::TuiArgs),
    /// Create the demo lab once (users, enterprises, orders in every state) and open it.
    Demo(tui_cmd::TuiArgs),
    /// Certificates: issue, amend, withdraw, show.
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// Without a subcommand: the interface's keys. `keys init|import|show`: the lab's signing key.
    Keys {
        #[command(subcommand)]
        command: Option<cert::KeysCommand>,
        /// Language of the key list: zh or en.
        #[arg(long)]
        lang: Option<String>,
    },
    /// The signed raw record (原始记录) of an order: every reading, instrument, condition, checker.
    Rawrecord(rawrecord::RawRecordArgs),
    /// Statistics over a period, grouped one way: samples, tested, passed, failed, pass rate.
    Stats(stats::StatsArgs),
    /// Early warnings raised by the lab's rules; `warnings ack ID --note N` acknowledges one.
    Warnings(warnings::WarningsArgs),
    /// Sampling forms (抽样单) of spot-check orders.
    #[command(subcommand)]
    Sampling(sampling::SamplingCommand),
    /// Check a certificate PDF: signature over the whole file, QR payload, and the lab's records;
    /// or, with --qr, the text scanned from a certificate's QR code (offline, against the lab
    /// certificate, or --cert FILE).
    Verify {
        #[arg(required_unless_present = "qr", conflicts_with = "qr")]
        file: Option<PathBuf>,
        /// The scanned QR text (UL1|…).
        #[arg(long, value_name = "TEXT")]
        qr: Option<String>,
        /// The lab certificate (PEM or DER) to check the QR signature against.
        #[arg(long, value_name = "FILE", requires = "qr")]
        cert: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Measure every budget on a synthetic lab (see README).
    Bench(demo_cmd::BenchArgs),
    /// The lab's certificate verification web page (GET /v/NUMBER?c=CODE, POST /verify).
    Serve(serve_cmd::ServeArgs),
    /// Copy this lab's records into an empty PostgreSQL database (admin), then verify the copy.
    Migrate {
        /// The destination, postgres://user:password@host/database.
        #[arg(long, value_name = "URL")]
        to: String,
        #[arg(long)]
        json: bool,
    },
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
    signals::install();
    private_files();
    quiet_storage_panics();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli)))
        .unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "数据库文件已损坏或无法读取，命令未完成；请用 unilab backup 所做的副本恢复"
            ))
        });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<output::PipeClosed>() => ExitCode::from(output::PIPE_CLOSED_STATUS),
        Err(e) => {
            eprintln!("错误：{}", output::terminal_safe(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

/// The storage engine asserts on some kinds of file damage. Those panics are caught and
/// reported as a damaged file, so its own "panicked at" message is not printed; any other panic
/// is printed as usual (it is a bug).
fn quiet_storage_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_storage = info.location().is_some_and(|l| l.file().contains("/redb-"));
        if !in_storage {
            default(info);
        }
    }));
}

/// Everything this process creates (database, backups, certificates, logs, key files) is
/// private to the lab's account whatever umask it was started with: 0700 dirs, 0600 files.
fn private_files() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail and touches no
    // memory. It runs before any other thread exists.
    unsafe {
        libc::umask(0o077);
    }
}

pub fn run(cli: Cli) -> CliResult {
    crate::startup::set_store_setting(cli.store.clone());
    let ctx = context::Context::new(cli.data_dir, cli.actor, cli.standards_dirs.clone());
    match cli.command {
        Command::Round(a) => judging::round(a),
        Command::Judge(a) => judging::judge(*a, &cli.standards_dirs),
        Command::Netcontent(a) => judging::netcontent(a),
        Command::Standards(c) => standards::run(c, &cli.standards_dirs),
        Command::Init(a) => records::init(a, &ctx),
        Command::User(c) => records::user(c, &ctx),
        Command::Enterprise(c) => records::enterprise(c, &ctx),
        Command::Order(c) => orders::order(c, &ctx),
        Command::Result(c) => orders::result(c, &ctx),
        Command::Audit(c) => records::audit(c, &ctx),
        Command::Instrument(c) => equipment::instrument(c, &ctx),
        Command::Sample(c) => samples::sample(c, &ctx),
        Command::Task(c) => tasks::task(c, &ctx),
        Command::Objection(c) => objections::objection(c, &ctx),
        Command::Notice(c) => notice::notice(c, &ctx),
        Command::Lab(c) => lab::lab(c, &ctx),
        Command::Backup { path } => records::backup(path, &ctx),
        Command::Export { .. } => records::export(&ctx),
        Command::Import { file, batch } => records::import(file, batch, &ctx),
        Command::Tui(a) => tui_cmd::run(a, &ctx),
        Command::Demo(a) => demo_cmd::demo(a, &ctx),
        Command::Cert(c) => cert::cert(c, &ctx),
        Command::Keys { command, lang } => cert::keys(command, &ctx, lang.as_deref()),
        Command::Verify {
            file,
            qr,
            cert,
            json,
        } => match (qr, file) {
            (Some(text), _) => verify_qr::verify_qr(&text, cert.as_deref(), json, &ctx),
            (None, Some(file)) => cert::verify(file, json, &ctx),
            (None, None) => Err(anyhow::anyhow!(
                "请给出要核对的 PDF 文件，或用 --qr 给出扫描到的二维码内容"
            )),
        },
        Command::Rawrecord(a) => rawrecord::rawrecord(a, &ctx),
        Command::Stats(a) => stats::stats(a, &ctx),
        Command::Warnings(a) => warnings::warnings(a, &ctx),
        Command::Sampling(c) => sampling::sampling(c, &ctx),
        Command::Bench(a) => demo_cmd::bench(a),
        Command::Serve(a) => serve_cmd::serve(a, &ctx),
        Command::Migrate { to, json } => migrate::migrate(&to, json, &ctx),
    }
}
