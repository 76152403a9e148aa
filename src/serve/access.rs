//! The access log's buffer: handlers push an entry and return at once; a writer thread commits
//! what has gathered every interval (and at shutdown) as one batch through the store, so a
//! lookup never waits for a disk write.

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Utc;

use crate::store::{AccessEntry, Store};

/// Entries kept while the store cannot be written; beyond it new ones are counted, not kept.
const MAX_BUFFERED: usize = 200_000;

#[derive(Clone, Default)]
pub struct AccessLog {
    buffer: Arc<Mutex<Vec<AccessEntry>>>,
}

impl AccessLog {
    pub fn push(&self, entry: AccessEntry) {
        if let Ok(mut b) = self.buffer.lock() {
            if b.len() < MAX_BUFFERED {
                b.push(entry);
            }
        }
    }

    /// Write what is buffered as one batch. On failure the entries go back to the buffer.
    pub fn flush(&self, store: &Store) {
        let batch = match self.buffer.lock() {
            Ok(mut b) => std::mem::take(&mut *b),
            Err(_) => return,
        };
        if batch.is_empty() {
            return;
        }
        if let Err(e) = store.record_access(&batch, Utc::now()) {
            tracing::warn!("access log not written yet: {e}");
            if let Ok(mut b) = self.buffer.lock() {
                let later = std::mem::replace(&mut *b, batch);
                b.extend(later);
                b.truncate(MAX_BUFFERED);
            }
        }
    }
}

/// The thread that writes the log; `stop` writes the rest and ends it.
pub struct LogWriter {
    stop: Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl LogWriter {
    pub fn start(log: AccessLog, store: Arc<Store>, every: Duration) -> LogWriter {
        let (stop, stopped) = channel::<()>();
        let thread = std::thread::spawn(move || loop {
            match stopped.recv_timeout(every) {
                Err(RecvTimeoutError::Timeout) => log.flush(&store),
                Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                    log.flush(&store);
                    return;
                }
            }
        });
        LogWriter {
            stop,
            thread: Some(thread),
        }
    }

    pub fn stop(mut self) {
        let _ = self.stop.send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
