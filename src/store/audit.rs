//! The audit trail: append-only, each entry hashing the one before (DOMAIN.md §6).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One recorded change: who, when, what it was, what it became, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub operation: String,
    /// The record changed (order number, user login, report number …).
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
    /// The records this entry wrote, each with the digest of the state it left them in, so a
    /// record changed behind the store's back no longer matches the chain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordDigest>,
    /// Hash of the previous entry (all zeros for the first).
    pub prev: String,
    pub hash: String,
}

/// One stored record as an audit entry left it: table, key and SHA-256 of the stored bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordDigest {
    pub table: String,
    pub key: String,
    pub sha256: String,
    /// For a record that is a JSON object: the first 8 hex digits of each top-level field's
    /// digest, so `audit verify` can name the field that was changed, not only the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl AuditEntry {
    /// The hash over every field but `hash` itself, in a fixed order.
    pub fn compute_hash(&self) -> String {
        let mut body = serde_json::json!([
            self.seq,
            self.at.to_rfc3339(),
            self.actor,
            self.operation,
            self.target,
            self.before,
            self.after,
            self.reason,
            self.prev,
        ]);
        // Entries written before records were bound hash exactly as they did then.
        if !self.records.is_empty() {
            if let Some(list) = body.as_array_mut() {
                list.push(serde_json::json!(self.records));
            }
        }
        let mut h = Sha256::new();
        h.update(body.to_string().as_bytes());
        hex::encode(h.finalize())
    }
}
