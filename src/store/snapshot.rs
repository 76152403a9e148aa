//! One read snapshot: everything read through it sees the database as of one commit, so a
//! verification, an export or a backup taken while others write is consistent.

use serde::de::DeserializeOwned;

use super::audit::AuditEntry;
use super::checkpoint::{Checkpoint, CHECKPOINTS};
use super::codec;
use super::engine::{ReadTxn, Table};
use super::{Result, AUDIT, META};

pub struct Snapshot {
    pub(crate) rtx: Box<dyn ReadTxn + Send + Sync>,
}

impl Snapshot {
    pub(crate) fn read<T: DeserializeOwned>(
        &self,
        table: Table,
        key: &str,
        what: &str,
    ) -> Result<Option<T>> {
        match self.rtx.get(table, key)? {
            Some(v) => codec::decode(&v, what).map(Some),
            None => Ok(None),
        }
    }

    /// Every record of a table, decoded, in key order.
    pub(crate) fn read_all<T: DeserializeOwned>(&self, table: Table, what: &str) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.rtx.scan(table, &mut |k, v| {
            out.push(codec::decode(v, &format!("{what} {k}"))?);
            Ok(true)
        })?;
        Ok(out)
    }

    pub(crate) fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.read(META, key, key)
    }

    /// Every audit entry, optionally only those about one target.
    pub fn audit_log(&self, target: Option<&str>) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        self.rtx.scan_seq(AUDIT, 0, &mut |k, v| {
            let e: AuditEntry = codec::decode(v, &format!("审计记录 {k}"))?;
            if target.is_none_or(|t| e.target == t) {
                out.push(e);
            }
            Ok(true)
        })?;
        Ok(out)
    }

    /// The audit entries after `seq`, oldest first: what changed since a screen last read.
    pub fn audit_since(&self, seq: u64) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        self.rtx
            .scan_seq(AUDIT, seq.saturating_add(1), &mut |k, v| {
                out.push(codec::decode(v, &format!("审计记录 {k}"))?);
                Ok(true)
            })?;
        Ok(out)
    }

    /// The latest signed checkpoint of the chain head.
    pub fn latest_checkpoint(&self) -> Result<Option<Checkpoint>> {
        match self.rtx.last_seq(CHECKPOINTS)? {
            Some((_, v)) => codec::decode(&v, "审计检查点").map(Some),
            None => Ok(None),
        }
    }
}
