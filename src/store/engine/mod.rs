//! Where the records physically live. The store's operations (rule check, write, audit entry
//! and digest binding, chain and checkpoint) are written once, against the few transactional
//! calls below; an engine supplies them: the embedded redb file (one host, the default) or a
//! PostgreSQL database (a lab network).
//!
//! Records are bytes under a string key in a named table; the audit chain and the signed
//! checkpoints are bytes under their sequence number. Keys are ordered bytewise on every
//! engine, so a scan returns the same records in the same order wherever they are kept, and a
//! lab moved from one engine to the other verifies the same.

pub(crate) mod postgres;
pub(crate) mod redb_engine;

use std::ops::Bound;

use super::Result;

/// A table of records keyed by text (orders by number, users by login …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table(&'static str);

impl Table {
    pub(crate) const fn new(name: &'static str) -> Table {
        Table(name)
    }

    pub fn name(&self) -> &'static str {
        self.0
    }
}

/// A table keyed by sequence number (the audit chain, the signed checkpoints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqTable(&'static str);

impl SeqTable {
    pub(crate) const fn new(name: &'static str) -> SeqTable {
        SeqTable(name)
    }

    pub fn name(&self) -> &'static str {
        self.0
    }
}

/// Called for each row of a scan in key order; returns whether to go on.
pub(crate) type Visit<'a> = dyn FnMut(&str, &[u8]) -> Result<bool> + 'a;
/// Called for each row of a sequence scan in order; returns whether to go on.
pub(crate) type VisitSeq<'a> = dyn FnMut(u64, &[u8]) -> Result<bool> + 'a;

/// The keys of a range scan: from `from` to `to` (each bound inclusive, exclusive or open),
/// visited upward or, when `reverse`, downward from `to`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyRange<'a> {
    pub from: Bound<&'a str>,
    pub to: Bound<&'a str>,
    pub reverse: bool,
}

impl KeyRange<'_> {
    pub(crate) const ALL: KeyRange<'static> = KeyRange {
        from: Bound::Unbounded,
        to: Bound::Unbounded,
        reverse: false,
    };
}

/// Reading, as of one commit: everything read through one transaction is consistent.
pub(crate) trait ReadTxn {
    fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>>;
    /// Several rows at once, in the order of `keys` (one round trip on a network engine: a
    /// list page reads its rows this way).
    fn get_many(&self, table: Table, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>> {
        keys.iter().map(|k| self.get(table, k)).collect()
    }
    /// Every row of `table` in key order (a table never written is empty).
    fn scan(&self, table: Table, visit: &mut Visit<'_>) -> Result<()> {
        self.scan_range(table, KeyRange::ALL, visit)
    }
    /// The rows of `range`, in its direction; stopping early reads no further (the order
    /// lists read a page of a million-row index this way).
    fn scan_range(&self, table: Table, range: KeyRange<'_>, visit: &mut Visit<'_>) -> Result<()>;
    fn get_seq(&self, table: SeqTable, seq: u64) -> Result<Option<Vec<u8>>>;
    /// The rows numbered `from` and later, in order.
    fn scan_seq(&self, table: SeqTable, from: u64, visit: &mut VisitSeq<'_>) -> Result<()>;
    /// The row with the highest number.
    fn last_seq(&self, table: SeqTable) -> Result<Option<(u64, Vec<u8>)>>;
}

/// One write transaction. Writers are serialised across every process and terminal: a
/// transaction sees every commit made before it began and no other writer commits in between.
pub(crate) trait WriteTxn: ReadTxn {
    fn put(&mut self, table: Table, key: &str, value: &[u8]) -> Result<()>;
    /// Remove a row (nothing when it is absent); only the lists' derived index rows are ever
    /// removed, never a record.
    fn delete(&mut self, table: Table, key: &str) -> Result<()>;
    fn put_seq(&mut self, table: SeqTable, seq: u64, value: &[u8]) -> Result<()>;
    /// Make every table exist (later readers never meet a missing one).
    fn ensure(&mut self, tables: &[Table], seq_tables: &[SeqTable]) -> Result<()>;
    fn commit(self: Box<Self>) -> Result<()>;
}

/// An engine: begins transactions.
pub(crate) trait Engine: Send + Sync {
    fn begin_write(&self) -> Result<Box<dyn WriteTxn>>;
    /// A read snapshot; it may be shared by the threads of one check (`audit verify`).
    fn begin_read(&self) -> Result<Box<dyn ReadTxn + Send + Sync>>;
    /// A signal for every commit made by any process, when the engine has one (PostgreSQL's
    /// LISTEN/NOTIFY); without it, screens poll the chain's head.
    fn watch(&self) -> Option<std::sync::mpsc::Receiver<()>> {
        None
    }
    /// What the lab's records are kept in, for messages (`/srv/lab/unilab.redb`,
    /// `postgres://lab@db.example/unilab` without the password).
    fn describe(&self) -> String;
}
