//! Progress for long commands: shown on a terminal, silent when stderr is redirected.

use std::io::{IsTerminal, Write};

pub struct Progress {
    total: u64,
    label: &'static str,
    visible: bool,
    last_percent: Option<u64>,
}

impl Progress {
    pub fn new(total: u64, label: &'static str) -> Progress {
        Progress {
            total,
            label,
            visible: std::io::stderr().is_terminal() && total > 0,
            last_percent: None,
        }
    }

    /// Hide the bar even on a terminal (`--json` output).
    pub fn quiet(mut self) -> Progress {
        self.visible = false;
        self
    }

    pub fn set(&mut self, done: u64) {
        if !self.visible {
            return;
        }
        let percent = done.min(self.total) * 100 / self.total.max(1);
        if self.last_percent == Some(percent) {
            return;
        }
        self.last_percent = Some(percent);
        let filled = (percent / 5) as usize;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {percent:>3}% {done}/{}",
            self.label,
            "#".repeat(filled),
            " ".repeat(20 - filled),
            self.total
        );
        let _ = err.flush();
    }

    pub fn finish(&mut self) {
        if self.visible && self.last_percent.is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }
}
