//! One read snapshot: everything read through it sees the database as of one commit, so a
//! verification, an export or a backup taken while others write is consistent.

use redb::{ReadTransaction, ReadableTable, TableDefinition};
use serde::de::DeserializeOwned;

use super::audit::AuditEntry;
use super::checkpoint::{Checkpoint, CHECKPOINTS};
use super::codec;
use super::{Result, StoreError, AUDIT, META};

pub struct Snapshot {
    pub(crate) rtx: ReadTransaction,
}

/// Open a table that may not exist yet (a database from before the table was introduced).
macro_rules! open_or {
    ($rtx:expr, $def:expr, $empty:expr) => {
        match $rtx.open_table($def) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok($empty),
            Err(e) => return Err(StoreError::db(e)),
        }
    };
}
pub(crate) use open_or;

impl Snapshot {
    pub(crate) fn read<T: DeserializeOwned>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        what: &str,
    ) -> Result<Option<T>> {
        let t = open_or!(self.rtx, table, None);
        match t.get(key).map_err(StoreError::db)? {
            Some(v) => codec::decode(v.value(), what).map(Some),
            None => Ok(None),
        }
    }

    /// Every record of a table, decoded, in key order.
    pub(crate) fn read_all<T: DeserializeOwned>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        what: &str,
    ) -> Result<Vec<T>> {
        let t = open_or!(self.rtx, table, Vec::new());
        let mut out = Vec::new();
        for row in t.iter().map_err(StoreError::db)? {
            let (k, v) = row.map_err(StoreError::db)?;
            out.push(codec::decode(v.value(), &format!("{what} {}", k.value()))?);
        }
        Ok(out)
    }

    pub(crate) fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.read(META, key, key)
    }

    /// Every audit entry, optionally only those about one target.
    pub fn audit_log(&self, target: Option<&str>) -> Result<Vec<AuditEntry>> {
        let t = open_or!(self.rtx, AUDIT, Vec::new());
        let mut out = Vec::new();
        for row in t.iter().map_err(StoreError::db)? {
            let (k, v) = row.map_err(StoreError::db)?;
            let e: AuditEntry = codec::decode(v.value(), &format!("审计记录 {}", k.value()))?;
            if target.is_none_or(|t| e.target == t) {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The audit entries after `seq`, oldest first: what changed since a screen last read.
    pub fn audit_since(&self, seq: u64) -> Result<Vec<AuditEntry>> {
        let t = open_or!(self.rtx, AUDIT, Vec::new());
        let mut out = Vec::new();
        for row in t.range(seq.saturating_add(1)..).map_err(StoreError::db)? {
            let (k, v) = row.map_err(StoreError::db)?;
            out.push(codec::decode(
                v.value(),
                &format!("审计记录 {}", k.value()),
            )?);
        }
        Ok(out)
    }

    /// The latest signed checkpoint of the chain head.
    pub fn latest_checkpoint(&self) -> Result<Option<Checkpoint>> {
        let t = open_or!(self.rtx, CHECKPOINTS, None);
        let last = t.last().map_err(StoreError::db)?;
        match last {
            Some((_, v)) => codec::decode(v.value(), "审计检查点").map(Some),
            None => Ok(None),
        }
    }
}
