//! The verification page's access log: who asked for what and what they were told. The server
//! buffers requests and writes them here in batches (one transaction, one audit entry each), so
//! a lookup never waits for a commit and the log is as tamper-evident as every other record.

use super::engine::Table;
use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Result, Store};

pub(crate) const ACCESS_LOG: Table = Table::new("access_log");

/// The actor the server's writes are recorded under.
pub const SERVE_ACTOR: &str = "serve";

/// One request to the verification page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    /// The client's address (the proxy's forwarded one when it comes from the trusted proxy).
    pub client: String,
    /// What was asked, without the code: `GET /v/BH2026-000001`, `POST /verify`.
    pub request: String,
    /// What the page said: `valid`, `replaced`, `withdrawn`, `not_found`, `file_issued`, …
    pub outcome: String,
    pub status: u16,
}

impl AccessEntry {
    /// Control characters cannot be stored (the store refuses them); a client chose this text.
    fn cleaned(&self) -> AccessEntry {
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_control() { '?' } else { c })
                .take(300)
                .collect()
        };
        AccessEntry {
            client: clean(&self.client),
            request: clean(&self.request),
            outcome: clean(&self.outcome),
            ..self.clone()
        }
    }
}

impl Store {
    /// Write one batch of the access log in one transaction with its audit entry. Returns the
    /// batch's key. The time is the later of `now` and the last entry's, so a batch is never
    /// refused for arriving a moment after another process's write.
    pub fn record_access(&self, entries: &[AccessEntry], now: DateTime<Utc>) -> Result<String> {
        let now = now.max(self.last_entry_time()?);
        let mut tx = self.begin(SERVE_ACTOR, now)?;
        let seq = tx.next_seq("access", now.year())?;
        let key = format!("{}-{seq:09}", now.year());
        let batch: Vec<AccessEntry> = entries.iter().map(AccessEntry::cleaned).collect();
        tx.put(ACCESS_LOG, &key, &batch)?;
        tx.audit(
            "serve.access",
            &key,
            None,
            Some(json!({"requests": batch.len()})),
            None,
        )?;
        tx.commit()?;
        Ok(key)
    }

    /// The whole access log, oldest first.
    pub fn access_log(&self) -> Result<Vec<AccessEntry>> {
        let batches: Vec<Vec<AccessEntry>> = self.read_all(ACCESS_LOG, "访问记录")?;
        Ok(batches.into_iter().flatten().collect())
    }
}
