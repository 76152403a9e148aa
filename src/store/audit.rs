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

/// Feeds the canonical hash body straight into SHA-256: a JSON array of the entry's fields in a
/// fixed order (`[seq,at,actor,operation,target,before,after,reason,prev]`, then the bound
/// records when there are any), compact, as `serde_json` writes it. Entries from before records
/// were bound hash exactly as they did then.
pub(crate) struct HashBody(Sha256);

impl std::io::Write for HashBody {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl HashBody {
    pub(crate) fn new() -> HashBody {
        let mut h = HashBody(Sha256::new());
        h.0.update(b"[");
        h
    }

    /// The next element, serialised (a separator goes before every element but the first).
    pub(crate) fn item<T: Serialize + ?Sized>(&mut self, first: bool, value: &T) {
        if !first {
            self.0.update(b",");
        }
        // Serialising plain data into a hasher cannot fail.
        let _ = serde_json::to_writer(&mut *self, value);
    }

    /// The next element as already-serialised JSON text.
    pub(crate) fn raw(&mut self, json: &str) {
        self.0.update(b",");
        self.0.update(json.as_bytes());
    }

    pub(crate) fn finish(mut self) -> String {
        self.0.update(b"]");
        hex::encode(self.0.finalize())
    }
}

impl AuditEntry {
    /// The hash over every field but `hash` itself, in a fixed order.
    pub fn compute_hash(&self) -> String {
        let mut h = HashBody::new();
        h.item(true, &self.seq);
        h.item(false, &self.at.to_rfc3339());
        h.item(false, &self.actor);
        h.item(false, &self.operation);
        h.item(false, &self.target);
        h.item(false, &self.before);
        h.item(false, &self.after);
        h.item(false, &self.reason);
        h.item(false, &self.prev);
        if !self.records.is_empty() {
            h.item(false, &self.records);
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry() -> AuditEntry {
        AuditEntry {
            seq: 7,
            at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
            actor: "lin".into(),
            operation: "order.result".into(),
            target: "WT2026-000001".into(),
            before: Some(serde_json::json!({"item": "ReL", "values": null})),
            after: Some(serde_json::json!({"values": ["450", "455"], "item": "ReL"})),
            reason: Some("复测 \"二\"".into()),
            records: Vec::new(),
            prev: GENESIS.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn entries_without_records_hash_as_releases_before_binding_did() {
        // The formula of the first release, which built a JSON value and hashed its text.
        let e = entry();
        let body = serde_json::json!([
            e.seq,
            e.at.to_rfc3339(),
            e.actor,
            e.operation,
            e.target,
            e.before,
            e.after,
            e.reason,
            e.prev,
        ]);
        let old = hex::encode(Sha256::digest(body.to_string().as_bytes()));
        assert_eq!(e.compute_hash(), old);
    }

    #[test]
    fn bound_records_are_covered_by_the_hash() {
        let mut e = entry();
        let plain = e.compute_hash();
        e.records.push(RecordDigest {
            table: "orders".into(),
            key: "WT2026-000001".into(),
            sha256: "ab".repeat(32),
            fields: vec![("results".into(), "0123abcd".into())],
        });
        let bound = e.compute_hash();
        assert_ne!(plain, bound);
        e.records[0].fields[0].1 = "0123abce".into();
        assert_ne!(e.compute_hash(), bound);
    }
}
