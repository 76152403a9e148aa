//! The drawing thread's loop: read keys, turn them into effects, hand the state to the worker
//! when there is store work, and draw only when something changed. While the worker holds the
//! state, keys wait in order (nothing typed is lost) and the status line says it is working.

use std::collections::VecDeque;
use std::io::{Stdout, Write};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use tracing::info;

use super::worker::{Finished, Worker};
use crate::tui::app::{handle_key, update, App};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::ui;

type Term = Terminal<CrosstermBackend<Stdout>>;

/// How often another terminal's changes are looked for.
const POLL_EVERY: Duration = Duration::from_millis(500);
/// How often they are looked for when the store announces each commit (PostgreSQL's
/// NOTIFY): the poll is then only a fallback for a lost announcement connection.
const POLL_EVERY_ANNOUNCED: Duration = Duration::from_secs(5);
/// Work shorter than this shows nothing; longer work says so on the status line.
const SAY_BUSY_AFTER: Duration = Duration::from_millis(150);

pub fn run(
    terminal: &mut Term,
    app: Box<App>,
    worker: &Worker,
    training: bool,
    announced: Option<std::sync::mpsc::Receiver<()>>,
) -> anyhow::Result<()> {
    let mut state = Loop {
        poll_every: if announced.is_some() {
            POLL_EVERY_ANNOUNCED
        } else {
            POLL_EVERY
        },
        announced,
        lang: app.lang,
        stamp_before_poll: 0,
        app: Some(app),
        keys: VecDeque::new(),
        resize: None,
        dirty: true,
        busy_since: None,
        polling: false,
        quit_after_work: false,
        last_poll: Instant::now(),
        minute: String::new(),
    };
    if let (Some(a), Ok(size)) = (state.app.as_mut(), terminal.size()) {
        update(a, Action::Resize(size.width, size.height));
    }
    loop {
        if crate::startup::signals::stop_requested() && state.app.is_some() {
            info!("stop requested by a signal");
            return Ok(());
        }
        state.take_back(worker, terminal)?;
        if let Some(a) = state.app.as_mut() {
            // Checked at start: the override cannot appear while running.
            a.now = crate::clock::record_time(training).unwrap_or_else(|_| chrono::Utc::now());
            // The title bar shows the minute: redraw when it turns.
            let minute = a.now.format("%H:%M").to_string();
            if minute != state.minute {
                state.minute = minute;
                state.dirty = true;
            }
            if state.dirty {
                terminal.draw(|f| ui::draw(f, a))?;
                state.dirty = false;
            }
        } else {
            state.say_busy(terminal)?;
        }
        if event::poll(Duration::from_millis(50))? {
            match event::read()? {
                Event::Key(k) => state.keys.push_back(k),
                Event::Resize(w, h) => state.resize = Some((w, h)),
                _ => {}
            }
        }
        if state.step(worker)? {
            return Ok(());
        }
    }
}

struct Loop {
    lang: crate::tui::i18n::Lang,
    stamp_before_poll: u64,
    /// `None` while the worker has it.
    app: Option<Box<App>>,
    keys: VecDeque<KeyEvent>,
    resize: Option<(u16, u16)>,
    dirty: bool,
    busy_since: Option<Instant>,
    polling: bool,
    /// Ctrl-C pressed while the worker was writing: leave once the write is done.
    quit_after_work: bool,
    last_poll: Instant,
    poll_every: Duration,
    /// Every commit by any terminal, when the store announces them.
    announced: Option<std::sync::mpsc::Receiver<()>>,
    minute: String,
}

impl Loop {
    /// Whether a commit was announced since the last look (all announcements taken).
    fn commit_announced(&self) -> bool {
        let Some(rx) = &self.announced else {
            return false;
        };
        let mut any = false;
        while rx.try_recv().is_ok() {
            any = true;
        }
        any
    }

    /// The state back from the worker, if it is done.
    fn take_back(&mut self, worker: &Worker, terminal: &mut Term) -> anyhow::Result<()> {
        if self.app.is_some() {
            return Ok(());
        }
        match worker.poll_done() {
            Finished::Yes(app) => {
                let changed = !self.polling || app.data.stamp != self.stamp_before_poll;
                let said_busy = self
                    .busy_since
                    .is_some_and(|t| t.elapsed() >= SAY_BUSY_AFTER);
                if said_busy {
                    // The busy line was written past ratatui's buffers: redraw everything.
                    terminal.clear()?;
                }
                self.dirty |= changed || said_busy;
                self.app = Some(app);
                self.busy_since = None;
                self.polling = false;
                Ok(())
            }
            Finished::NotYet => Ok(()),
            Finished::Gone => Err(anyhow::anyhow!(
                "后台处理线程意外停止，请查看 unilab.log（the worker thread stopped）"
            )),
        }
    }

    /// Handle waiting keys and a resize; hand the state to the worker when there is work.
    /// Returns `true` when the user leaves.
    fn step(&mut self, worker: &Worker) -> anyhow::Result<bool> {
        let Some(mut app) = self.app.take() else {
            // Ctrl-C always leaves, once the current write is finished.
            if self.keys.iter().any(is_ctrl_c) {
                self.quit_after_work = true;
            }
            return Ok(false);
        };
        if self.quit_after_work {
            return Ok(true);
        }
        if let Some((w, h)) = self.resize.take() {
            update(&mut app, Action::Resize(w, h));
            self.dirty = true;
        }
        while let Some(k) = self.keys.pop_front() {
            let effects = handle_key(&mut app, k);
            self.dirty = true;
            if app.quit {
                return Ok(true);
            }
            if !effects.is_empty() {
                self.busy_since = Some(Instant::now());
                worker.send(app, effects)?;
                return Ok(false);
            }
        }
        if self.commit_announced() || self.last_poll.elapsed() >= self.poll_every {
            self.last_poll = Instant::now();
            self.polling = true;
            self.stamp_before_poll = app.data.stamp;
            worker.send_poll(app)?;
            return Ok(false);
        }
        self.app = Some(app);
        Ok(false)
    }

    /// Long work says so on the status line (written directly: the state is with the worker).
    fn say_busy(&mut self, terminal: &mut Term) -> anyhow::Result<()> {
        let Some(since) = self.busy_since else {
            return Ok(());
        };
        if since.elapsed() < SAY_BUSY_AFTER {
            return Ok(());
        }
        let size = terminal.size()?;
        let spin = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        let frame = (since.elapsed().as_millis() / 100) as usize % spin.len();
        let text = format!("{} {}", spin[frame], self.lang.t(S::Working));
        let out = terminal.backend_mut();
        crossterm::queue!(
            out,
            crossterm::cursor::MoveTo(0, size.height.saturating_sub(2)),
            crossterm::terminal::Clear(crossterm::terminal::ClearType::CurrentLine),
            crossterm::style::Print(text)
        )?;
        out.flush()?;
        Ok(())
    }
}

fn is_ctrl_c(k: &KeyEvent) -> bool {
    k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL)
}
