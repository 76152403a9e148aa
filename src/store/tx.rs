//! One write transaction: reads, writes and the audit entries that go with them, committed
//! together or not at all. Every record written is bound to an audit entry by its digest, the
//! entries are chained at commit, and the new head is checkpointed with the lab key when the
//! process holds it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::audit::{AuditEntry, RecordDigest, GENESIS};
use super::checkpoint::{Checkpoint, CHECKPOINTS};
use super::codec::{decode, encode};
use super::digest::{has_control_text, record_digest};
use super::engine::{Table, WriteTxn};
use super::ChainSigner;
use super::{Result, StoreError, AUDIT, BOUND_TABLES, META};

/// The meta key of the chain head; written at commit, never bound (the chain itself proves it).
pub(crate) const HEAD: &str = "audit_head";

pub struct Tx {
    txn: Box<dyn WriteTxn>,
    pub(crate) actor: String,
    pub(crate) now: DateTime<Utc>,
    pending: Vec<AuditEntry>,
    written: Vec<RecordDigest>,
    signer: Option<Arc<dyn ChainSigner>>,
    /// Changes to the lists' kept counts, summed and applied once at commit (a bulk import
    /// touches the same few counts thousands of times).
    counts: std::collections::BTreeMap<String, i64>,
}

impl Tx {
    pub(crate) fn new(
        txn: Box<dyn WriteTxn>,
        actor: &str,
        now: DateTime<Utc>,
        signer: Option<Arc<dyn ChainSigner>>,
    ) -> Tx {
        Tx {
            txn,
            actor: actor.to_string(),
            now,
            pending: Vec::new(),
            written: Vec::new(),
            signer,
            counts: Default::default(),
        }
    }

    /// Create every table, so later read transactions never meet a missing one.
    pub(crate) fn ensure_tables(&mut self) -> Result<()> {
        self.txn.ensure(&BOUND_TABLES, &[AUDIT, CHECKPOINTS])?;
        self.txn.ensure(&super::DERIVED_TABLES, &[])
    }

    pub(crate) fn get<T: DeserializeOwned>(
        &self,
        table: Table,
        key: &str,
        what: &str,
    ) -> Result<Option<T>> {
        match self.txn.get(table, key)? {
            Some(v) => decode(&v, what).map(Some),
            None => Ok(None),
        }
    }

    /// Every record of a table, decoded, in key order (migrations).
    pub(crate) fn all<T: DeserializeOwned>(&self, table: Table, what: &str) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.txn.scan(table, &mut |_, v| {
            out.push(decode(v, what)?);
            Ok(true)
        })?;
        Ok(out)
    }

    pub(crate) fn put<T: Serialize>(&mut self, table: Table, key: &str, value: &T) -> Result<()> {
        let bytes = encode(value)?;
        if has_control_text(&bytes) {
            return Err(StoreError::Refused(crate::msg!(
                "“{key}”的文字中含有控制字符（如换行、ESC），未保存",
                "The text of “{key}” holds a control character (a line break, ESC…): not saved"
            )));
        }
        self.put_bytes(table, key, bytes)
    }

    /// Like `put`, in the compact encoding (records read in bulk).
    pub(crate) fn put_compact<T: Serialize>(
        &mut self,
        table: Table,
        key: &str,
        value: &T,
    ) -> Result<()> {
        let bytes = super::codec::encode_compact(value)?;
        self.put_bytes(table, key, bytes)
    }

    fn put_bytes(&mut self, table: Table, key: &str, bytes: Vec<u8>) -> Result<()> {
        self.txn.put(table, key, &bytes)?;
        self.written.push(record_digest(table.name(), key, &bytes));
        Ok(())
    }

    pub(crate) fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.get(META, key, key)
    }

    /// Write a row derived from bound records (the lists' indexes): not bound itself, since
    /// it says nothing the records do not; `audit verify` compares it with them.
    pub(crate) fn put_derived(&mut self, table: Table, key: &str, bytes: &[u8]) -> Result<()> {
        self.txn.put(table, key, bytes)
    }

    /// Every key of a table, in order.
    pub(crate) fn keys(&self, table: Table) -> Result<Vec<String>> {
        let mut out = Vec::new();
        self.txn.scan(table, &mut |k, _| {
            out.push(k.to_string());
            Ok(true)
        })?;
        Ok(out)
    }

    pub(crate) fn delete_derived(&mut self, table: Table, key: &str) -> Result<()> {
        self.txn.delete(table, key)
    }

    /// Add `delta` to one of the lists' kept counts (applied at commit).
    pub(crate) fn add_count(&mut self, key: String, delta: i64) {
        *self.counts.entry(key).or_insert(0) += delta;
    }

    fn apply_counts(&mut self) -> Result<()> {
        use super::list_index::{decode_count, ORDER_COUNTS};
        for (key, delta) in std::mem::take(&mut self.counts) {
            if delta == 0 {
                continue;
            }
            let now = match self.txn.get(ORDER_COUNTS, &key)? {
                Some(v) => decode_count(&v, &key)?,
                None => 0,
            };
            let next = i64::try_from(now)
                .ok()
                .and_then(|n| n.checked_add(delta))
                .filter(|n| *n >= 0)
                .ok_or_else(|| {
                    StoreError::Corrupt(format!("列表计数 {key:?} 为 {now}，不能再加 {delta}"))
                })?;
            if next == 0 {
                self.txn.delete(ORDER_COUNTS, &key)?;
            } else {
                self.txn.put(ORDER_COUNTS, &key, &next.to_be_bytes())?;
            }
        }
        Ok(())
    }

    pub(crate) fn put_meta<T: Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        self.put(META, key, value)
    }

    /// Take the next number of a gapless per-year sequence. Write transactions are serialised
    /// across processes, so two terminals can never draw the same number.
    pub(crate) fn next_seq(&mut self, name: &str, year: i32) -> Result<u64> {
        let key = format!("seq:{name}:{year}");
        let next = self
            .meta::<u64>(&key)?
            .unwrap_or(0)
            .checked_add(1)
            .ok_or_else(|| StoreError::Corrupt(format!("编号序列 {key} 已用尽")))?;
        self.put_meta(&key, &next)?;
        Ok(next)
    }

    /// Bind every record already stored (used once, when a database written before records
    /// were bound is upgraded: the entry states the records as found).
    pub(crate) fn bind_existing(&mut self) -> Result<()> {
        let mut found = Vec::new();
        for table in BOUND_TABLES {
            self.txn.scan(table, &mut |k, v| {
                if !(table == META && k == HEAD) {
                    found.push(record_digest(table.name(), k, v));
                }
                Ok(true)
            })?;
        }
        self.written.extend(found);
        Ok(())
    }

    /// Record an audit entry for this transaction's change; it is numbered, bound to the
    /// records written and chained at commit.
    pub(crate) fn audit(
        &mut self,
        operation: &str,
        target: &str,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
        reason: Option<&str>,
    ) -> Result<()> {
        if let Some(r) = reason {
            crate::model::text::check_text(["原因", "Reason"], r)?;
        }
        self.pending.push(AuditEntry {
            seq: 0,
            at: self.now,
            actor: self.actor.clone(),
            operation: operation.to_string(),
            target: target.to_string(),
            before,
            after,
            reason: reason.map(str::to_string),
            records: Vec::new(),
            prev: String::new(),
            hash: String::new(),
        });
        Ok(())
    }

    /// Attach each written record to the entry about it (the last entry whose target is the
    /// record's key), else to the transaction's last entry.
    fn bind_written(&mut self) -> Result<()> {
        let mut last_of: HashMap<(String, String), usize> = HashMap::new();
        for (i, d) in self.written.iter().enumerate() {
            last_of.insert((d.table.clone(), d.key.clone()), i);
        }
        let last_entry = self.pending.len().checked_sub(1).ok_or_else(|| {
            StoreError::Db("内部错误：写入了记录却没有审计记录，已放弃本次写入".into())
        })?;
        let mut entry_of: HashMap<&str, usize> = HashMap::new();
        for (i, e) in self.pending.iter().enumerate() {
            entry_of.insert(e.target.as_str(), i);
        }
        let mut placed = Vec::new();
        for (i, d) in std::mem::take(&mut self.written).into_iter().enumerate() {
            if last_of.get(&(d.table.clone(), d.key.clone())) != Some(&i) {
                continue;
            }
            let at = entry_of.get(d.key.as_str()).copied().unwrap_or(last_entry);
            placed.push((at, d));
        }
        for (at, d) in placed {
            self.pending[at].records.push(d);
        }
        Ok(())
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        self.apply_counts()?;
        if self.pending.is_empty() && self.written.is_empty() {
            return self.txn.commit();
        }
        self.bind_written()?;
        let (mut seq, mut prev) = self
            .meta::<(u64, String)>(HEAD)?
            .unwrap_or((0, GENESIS.to_string()));
        for mut entry in std::mem::take(&mut self.pending) {
            entry.seq = seq + 1;
            entry.prev = prev;
            entry.hash = entry.compute_hash();
            if self.txn.get_seq(AUDIT, entry.seq)?.is_some() {
                return Err(StoreError::Corrupt(format!(
                    "审计记录 {} 已存在：链头记录与审计表不一致",
                    entry.seq
                )));
            }
            self.txn.put_seq(AUDIT, entry.seq, &encode(&entry)?)?;
            seq = entry.seq;
            prev = entry.hash;
        }
        self.txn.put(META, HEAD, &encode(&(seq, &prev))?)?;
        if let Some(key) = &self.signer {
            let cp =
                Checkpoint::sign(key.as_ref(), seq, &prev, self.now).map_err(StoreError::db)?;
            self.txn.put_seq(CHECKPOINTS, seq, &encode(&cp)?)?;
        }
        self.txn.commit()
    }
}

impl Tx {
    /// The latest signed checkpoint committed before this transaction.
    pub(crate) fn latest_checkpoint(&self) -> Result<Option<Checkpoint>> {
        match self.txn.last_seq(CHECKPOINTS)? {
            Some((_, v)) => decode(&v, "审计检查点").map(Some),
            None => Ok(None),
        }
    }
}

impl Tx {
    /// When the last committed audit entry was written.
    pub(crate) fn last_entry_time(&self) -> Result<Option<DateTime<Utc>>> {
        let Some((seq, _)) = self.meta::<(u64, String)>(HEAD)? else {
            return Ok(None);
        };
        match self.txn.get_seq(AUDIT, seq)? {
            Some(v) => Ok(Some(decode::<AuditEntry>(&v, "审计记录")?.at)),
            None => Ok(None),
        }
    }
}
