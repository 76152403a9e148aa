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
    /// Hash of the previous entry (all zeros for the first).
    pub prev: String,
    pub hash: String,
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl AuditEntry {
    /// The hash over every field but `hash` itself, in a fixed order.
    pub fn compute_hash(&self) -> String {
        let body = serde_json::json!([
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
        let mut h = Sha256::new();
        h.update(body.to_string().as_bytes());
        hex::encode(h.finalize())
    }
}

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainCheck {
    pub entries: u64,
    /// Empty when the chain holds; otherwise each break, with the entry it is at.
    pub problems: Vec<String>,
}

impl ChainCheck {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Check a sequence of entries (in seq order) against the stored head.
pub fn verify_chain(
    entries: impl IntoIterator<Item = AuditEntry>,
    head: Option<(u64, String)>,
) -> ChainCheck {
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut problems = Vec::new();
    let mut count = 0;
    for e in entries {
        count += 1;
        if e.seq != expected_seq {
            problems.push(format!(
                "第 {expected_seq} 条缺失（下一条是第 {} 条）",
                e.seq
            ));
        }
        if e.prev != prev {
            problems.push(format!("第 {} 条的前序哈希与上一条不符（链被改动）", e.seq));
        }
        if e.compute_hash() != e.hash {
            problems.push(format!(
                "第 {} 条（{} {} {}）的内容与其哈希不符（记录被改动）",
                e.seq, e.at, e.actor, e.operation
            ));
        }
        prev = e.hash.clone();
        expected_seq = e.seq + 1;
    }
    match head {
        Some((seq, hash)) if seq != count || hash != prev => problems.push(format!(
            "审计链末尾与记录的链头不符（应有 {seq} 条，实有 {count} 条）：可能有条目被删除"
        )),
        None if count > 0 => problems.push("缺少审计链头记录".into()),
        _ => {}
    }
    ChainCheck {
        entries: count,
        problems,
    }
}
