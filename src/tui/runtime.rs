//! Start the terminal interface: set up the terminal and the worker that owns the store, run
//! the event loop, honour SIGTERM/SIGHUP, and always restore the terminal.

use std::io::{self, Stdout};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use tracing::{error, info};

use super::app::{App, Effect};
use super::effects::IssueFn;
use super::{config, TuiOptions};

mod event_loop;
mod worker;

/// Restores the terminal when dropped, whatever way the loop ends.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, crossterm::cursor::Show);
}

/// Log to `<data_dir>/unilab.log`, never to the screen.
fn init_logging(data_dir: &Path) {
    let path = data_dir.join("unilab.log");
    if let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        // The log names users and orders: private like the database.
        let _ = crate::store::files::make_private(&path);
        let _ = tracing_subscriber::fmt()
            .with_writer(std::sync::Mutex::new(file))
            .with_ansi(false)
            .with_target(false)
            .try_init();
    }
}

pub fn run(options: TuiOptions, issue: IssueFn) -> anyhow::Result<()> {
    crate::store::files::create_private_dir(&options.data_dir)?;
    init_logging(&options.data_dir);
    let cfg = config::load(&options.data_dir).map_err(anyhow::Error::msg)?;
    let keymap = cfg.keymap().map_err(anyhow::Error::msg)?;
    let store = crate::startup::open_lab_store(&options.data_dir)?;
    let training = store.lab()?.training;
    let clock = move || crate::clock::record_time(training);
    // Refuse at once rather than at the first write: UNILAB_NOW outside a training lab.
    clock().map_err(anyhow::Error::msg)?;
    let catalog = crate::startup::load_catalog(&options.standards_dirs)?;
    let mut app = App::new(
        options.lang,
        clock().unwrap_or_else(|_| chrono::Utc::now()),
        Arc::new(catalog),
        keymap,
    );
    app.login_hint = options.login_hint.clone();
    let announced = store.change_signal();
    let worker = worker::Worker::start(
        store,
        issue,
        options.data_dir.clone(),
        options.cert_out_dir.clone(),
    );
    // The first read before the screen opens: an error is still printed on the plain terminal.
    let app = worker.run(Box::new(app), vec![Effect::Reload { external: false }])?;
    info!(data_dir = %options.data_dir.display(), "terminal interface started");

    // A panic restores the terminal before the message is printed.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |p| {
        restore();
        default_hook(p);
    }));
    enable_raw_mode().context("无法进入终端原始模式（需要在终端中运行）")?;
    spawn_hangup_watchdog();
    let _guard = TerminalGuard;
    let mut stdout: Stdout = io::stdout();
    execute!(stdout, EnterAlternateScreen)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout))?;
    terminal.clear()?;
    let result = event_loop::run(&mut terminal, app, &worker, training, announced);
    drop(terminal);
    if let Err(e) = &result {
        error!(error = %e, "terminal interface stopped with an error");
    }
    info!("terminal interface stopped");
    result
}

/// When the terminal goes away (an SSH session drops, tmux kills the window) crossterm's reader
/// can spin on end-of-file inside `event::poll` and never hand control back, so the loop never
/// sees the signal flag. The watchdog gives the loop a second to stop by itself — it is never
/// inside a write transaction for that long — then restores the terminal and exits.
fn spawn_hangup_watchdog() {
    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_millis(100));
        if crate::startup::signals::stop_requested() {
            std::thread::sleep(Duration::from_secs(1));
            info!("terminal gone: leaving from the watchdog");
            restore();
            std::process::exit(0);
        }
    });
}
