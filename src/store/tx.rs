//! One write transaction: reads, writes and the audit entry that goes with them, committed
//! together or not at all.

use chrono::{DateTime, Utc};
use redb::{ReadableTable, TableDefinition, WriteTransaction};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::audit::{AuditEntry, GENESIS};
use super::codec::{decode, encode};
use super::{Result, StoreError, AUDIT, ENTERPRISES, META, ORDERS, ORDER_INDEX, REPORTS, USERS};

pub struct Tx {
    txn: WriteTransaction,
    pub(crate) actor: String,
    pub(crate) now: DateTime<Utc>,
}

impl Tx {
    pub(crate) fn new(txn: WriteTransaction, actor: &str, now: DateTime<Utc>) -> Tx {
        Tx {
            txn,
            actor: actor.to_string(),
            now,
        }
    }

    /// Create every table, so later read transactions never meet a missing one.
    pub(crate) fn ensure_tables(&mut self) -> Result<()> {
        for t in [META, USERS, ENTERPRISES, ORDERS, ORDER_INDEX, REPORTS] {
            self.txn.open_table(t).map_err(StoreError::db)?;
        }
        self.txn.open_table(AUDIT).map_err(StoreError::db)?;
        Ok(())
    }

    pub(crate) fn get<T: DeserializeOwned>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        what: &str,
    ) -> Result<Option<T>> {
        let t = self.txn.open_table(table).map_err(StoreError::db)?;
        let v = t.get(key).map_err(StoreError::db)?;
        match v {
            Some(v) => decode(v.value(), what).map(Some),
            None => Ok(None),
        }
    }

    pub(crate) fn put<T: Serialize>(
        &mut self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        value: &T,
    ) -> Result<()> {
        let bytes = encode(value)?;
        let mut t = self.txn.open_table(table).map_err(StoreError::db)?;
        t.insert(key, bytes.as_slice()).map_err(StoreError::db)?;
        Ok(())
    }

    /// Like `put`, in the compact encoding (records read in bulk).
    pub(crate) fn put_compact<T: Serialize>(
        &mut self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        value: &T,
    ) -> Result<()> {
        let bytes = super::codec::encode_compact(value)?;
        let mut t = self.txn.open_table(table).map_err(StoreError::db)?;
        t.insert(key, bytes.as_slice()).map_err(StoreError::db)?;
        Ok(())
    }

    pub(crate) fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.get(META, key, key)
    }

    pub(crate) fn put_meta<T: Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        self.put(META, key, value)
    }

    /// Take the next number of a gapless per-year sequence. Write transactions are serialised
    /// across processes, so two terminals can never draw the same number.
    pub(crate) fn next_seq(&mut self, name: &str, year: i32) -> Result<u64> {
        let key = format!("seq:{name}:{year}");
        let next = self.meta::<u64>(&key)?.unwrap_or(0) + 1;
        self.put_meta(&key, &next)?;
        Ok(next)
    }

    /// Append the audit entry for this transaction's change.
    pub(crate) fn audit(
        &mut self,
        operation: &str,
        target: &str,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
        reason: Option<&str>,
    ) -> Result<()> {
        let (seq, prev) = self
            .meta::<(u64, String)>("audit_head")?
            .unwrap_or((0, GENESIS.to_string()));
        let mut entry = AuditEntry {
            seq: seq + 1,
            at: self.now,
            actor: self.actor.clone(),
            operation: operation.to_string(),
            target: target.to_string(),
            before,
            after,
            reason: reason.map(str::to_string),
            prev,
            hash: String::new(),
        };
        entry.hash = entry.compute_hash();
        let bytes = encode(&entry)?;
        {
            let mut t = self.txn.open_table(AUDIT).map_err(StoreError::db)?;
            if t.get(entry.seq).map_err(StoreError::db)?.is_some() {
                return Err(StoreError::Corrupt(format!(
                    "审计记录 {} 已存在：链头记录与审计表不一致",
                    entry.seq
                )));
            }
            t.insert(entry.seq, bytes.as_slice())
                .map_err(StoreError::db)?;
        }
        self.put_meta("audit_head", &(entry.seq, entry.hash))
    }

    pub(crate) fn commit(self) -> Result<()> {
        self.txn.commit().map_err(StoreError::db)
    }
}
