//! The embedded engine: one redb file in the lab's data folder, shared by the terminals of one
//! host (`ConcurrencyMode::MultiWriter`: write transactions of every process take turns).

use std::path::{Path, PathBuf};

use redb::{
    Builder, ConcurrencyMode, Database, ReadTransaction, ReadableDatabase, ReadableTable,
    TableDefinition, TableError, WriteTransaction,
};

use super::{Engine, KeyRange, ReadTxn, SeqTable, Table, Visit, VisitSeq, WriteTxn};
use crate::store::{Result, StoreError};

pub(crate) struct RedbEngine {
    db: Database,
    path: PathBuf,
}

fn builder() -> Builder {
    let mut b = Builder::new();
    b.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    b
}

impl RedbEngine {
    pub(crate) fn create(path: &Path) -> Result<RedbEngine> {
        let db = builder().create(path).map_err(StoreError::db)?;
        Ok(RedbEngine {
            db,
            path: path.to_path_buf(),
        })
    }

    pub(crate) fn open(path: &Path) -> Result<RedbEngine> {
        let db = builder().open(path).map_err(StoreError::db)?;
        Ok(RedbEngine {
            db,
            path: path.to_path_buf(),
        })
    }
}

fn def(t: Table) -> TableDefinition<'static, &'static str, &'static [u8]> {
    TableDefinition::new(t.name())
}

fn seq_def(t: SeqTable) -> TableDefinition<'static, u64, &'static [u8]> {
    TableDefinition::new(t.name())
}

impl Engine for RedbEngine {
    fn begin_write(&self) -> Result<Box<dyn WriteTxn>> {
        Ok(Box::new(RedbWrite(
            self.db.begin_write().map_err(StoreError::db)?,
        )))
    }

    fn begin_read(&self) -> Result<Box<dyn ReadTxn + Send + Sync>> {
        Ok(Box::new(RedbRead(
            self.db.begin_read().map_err(StoreError::db)?,
        )))
    }

    fn describe(&self) -> String {
        self.path.display().to_string()
    }
}

struct RedbRead(ReadTransaction);

/// A range whose start lies after its end (redb refuses to build one; it holds nothing).
fn empty(range: &KeyRange<'_>) -> bool {
    use std::ops::Bound::{Excluded, Included};
    match (range.from, range.to) {
        (Included(a), Included(b)) => a > b,
        (Included(a) | Excluded(a), Excluded(b)) | (Excluded(a), Included(b)) => a >= b,
        _ => false,
    }
}

/// Open a table for reading; `None` when it was never created (a file from before the table).
macro_rules! open_or_none {
    ($txn:expr, $def:expr) => {
        match $txn.open_table($def) {
            Ok(t) => Some(t),
            Err(TableError::TableDoesNotExist(_)) => None,
            Err(e) => return Err(StoreError::db(e)),
        }
    };
}

/// The reads both transaction kinds share, over any redb table type.
macro_rules! reads {
    () => {
        fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>> {
            let Some(t) = open_or_none!(self.0, def(table)) else {
                return Ok(None);
            };
            let v = t.get(key).map_err(StoreError::db)?;
            Ok(v.map(|v| v.value().to_vec()))
        }

        fn scan_range(
            &self,
            table: Table,
            range: KeyRange<'_>,
            visit: &mut Visit<'_>,
        ) -> Result<()> {
            let Some(t) = open_or_none!(self.0, def(table)) else {
                return Ok(());
            };
            if empty(&range) {
                return Ok(());
            }
            let rows = t
                .range::<&str>((range.from, range.to))
                .map_err(StoreError::db)?;
            let mut step = |row: std::result::Result<_, redb::StorageError>| -> Result<bool> {
                let (k, v): (redb::AccessGuard<&str>, redb::AccessGuard<&[u8]>) =
                    row.map_err(StoreError::db)?;
                visit(k.value(), v.value())
            };
            if range.reverse {
                for row in rows.rev() {
                    if !step(row)? {
                        break;
                    }
                }
            } else {
                for row in rows {
                    if !step(row)? {
                        break;
                    }
                }
            }
            Ok(())
        }

        fn get_seq(&self, table: SeqTable, seq: u64) -> Result<Option<Vec<u8>>> {
            let Some(t) = open_or_none!(self.0, seq_def(table)) else {
                return Ok(None);
            };
            let v = t.get(seq).map_err(StoreError::db)?;
            Ok(v.map(|v| v.value().to_vec()))
        }

        fn scan_seq(&self, table: SeqTable, from: u64, visit: &mut VisitSeq<'_>) -> Result<()> {
            let Some(t) = open_or_none!(self.0, seq_def(table)) else {
                return Ok(());
            };
            for row in t.range(from..).map_err(StoreError::db)? {
                let (k, v) = row.map_err(StoreError::db)?;
                if !visit(k.value(), v.value())? {
                    break;
                }
            }
            Ok(())
        }

        fn last_seq(&self, table: SeqTable) -> Result<Option<(u64, Vec<u8>)>> {
            let Some(t) = open_or_none!(self.0, seq_def(table)) else {
                return Ok(None);
            };
            let last = t.last().map_err(StoreError::db)?;
            Ok(last.map(|(k, v)| (k.value(), v.value().to_vec())))
        }
    };
}

impl ReadTxn for RedbRead {
    reads!();
}

struct RedbWrite(WriteTransaction);

impl ReadTxn for RedbWrite {
    reads!();
}

impl WriteTxn for RedbWrite {
    fn put(&mut self, table: Table, key: &str, value: &[u8]) -> Result<()> {
        let mut t = self.0.open_table(def(table)).map_err(StoreError::db)?;
        t.insert(key, value).map_err(StoreError::db)?;
        Ok(())
    }

    fn delete(&mut self, table: Table, key: &str) -> Result<()> {
        let mut t = self.0.open_table(def(table)).map_err(StoreError::db)?;
        t.remove(key).map_err(StoreError::db)?;
        Ok(())
    }

    fn put_seq(&mut self, table: SeqTable, seq: u64, value: &[u8]) -> Result<()> {
        let mut t = self.0.open_table(seq_def(table)).map_err(StoreError::db)?;
        t.insert(seq, value).map_err(StoreError::db)?;
        Ok(())
    }

    fn ensure(&mut self, tables: &[Table], seq_tables: &[SeqTable]) -> Result<()> {
        for t in tables {
            self.0.open_table(def(*t)).map_err(StoreError::db)?;
        }
        for t in seq_tables {
            self.0.open_table(seq_def(*t)).map_err(StoreError::db)?;
        }
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.0.commit().map_err(StoreError::db)
    }
}
