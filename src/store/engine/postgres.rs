//! The network engine: a PostgreSQL (15 or newer) database that every terminal and branch lab
//! of a lab network reaches at one URL.
//!
//! Two tables hold everything: `unilab_records` (table name, key, bytes) and
//! `unilab_sequenced` (table name, number, bytes) — the same bytes the redb engine keeps, so
//! the audit chain, the record digests and the signed checkpoints verify exactly as there.
//! Keys are `bytea`, ordered bytewise like redb's. Only plain SQL is used (CREATE TABLE IF
//! NOT EXISTS, INSERT … ON CONFLICT, DELETE … = ANY, SELECT … FOR UPDATE, READ COMMITTED and
//! REPEATABLE READ), which the PostgreSQL-compatible distributed engines (CockroachDB,
//! YugabyteDB) also accept. On PostgreSQL itself a commit is also announced (NOTIFY) so other
//! terminals refresh at once; the others lack it and their screens poll.
//!
//! Writers run one at a time, as on redb, so every schedule is serial: a write transaction
//! first locks the audit chain's head row, which every committing writer updates, and waits
//! there for the writer before it. It runs at READ COMMITTED: holding the lock, each of its
//! statements sees every commit before it and no other writer commits until it ends, so it
//! reads one state, as a serial schedule does. (REPEATABLE READ made a writer that had waited
//! fail at once — its snapshot predated the lock — and 16 busy writers could fail a begin 200
//! times over; SERIALIZABLE added false conflicts at COMMIT, which cannot be replayed here.)
//! Reading transactions are REPEATABLE READ READ ONLY snapshots.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator as _;
use postgres::types::ToSql;
use postgres::{Client, NoTls};

use super::{Engine, KeyRange, ReadTxn, SeqTable, Table, Visit, VisitSeq, WriteTxn};
use crate::store::{Result, StoreError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS unilab_records (
    tbl TEXT NOT NULL,
    k BYTEA NOT NULL,
    v BYTEA NOT NULL,
    PRIMARY KEY (tbl, k)
);
CREATE TABLE IF NOT EXISTS unilab_sequenced (
    tbl TEXT NOT NULL,
    seq BIGINT NOT NULL,
    v BYTEA NOT NULL,
    PRIMARY KEY (tbl, seq)
);";

/// How often a writer begins again after a serialization failure before giving up.
const WRITE_RETRIES: u32 = 200;

/// Open connections kept for the next transaction of this process.
struct Pool {
    url: String,
    idle: Mutex<Vec<Client>>,
}

impl Pool {
    fn take(&self) -> Result<Client> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(c) if !c.is_closed() => Ok(c),
            _ => connect(&self.url),
        }
    }

    fn give(&self, client: Client) {
        if client.is_closed() {
            return;
        }
        if let Ok(mut v) = self.idle.lock() {
            if v.len() < 8 {
                v.push(client);
            }
        }
    }
}

fn connect(url: &str) -> Result<Client> {
    Client::connect(url, NoTls).map_err(|e| {
        let shown = without_password(url);
        StoreError::Db(format!("无法连接 PostgreSQL（{shown}）：{e}"))
    })
}

/// The URL as it may be shown: the password replaced by `***`.
pub(crate) fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn pg(e: postgres::Error) -> StoreError {
    StoreError::Db(format!("PostgreSQL：{e}"))
}

fn is_serialization_failure(e: &postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    )
}

pub(crate) struct PgEngine {
    pool: Arc<Pool>,
    /// The server is PostgreSQL itself, which has LISTEN/NOTIFY (the distributed engines
    /// that speak its protocol do not): commits then announce themselves on `CHANNEL`.
    notify: bool,
}

/// The channel a commit is announced on, so other terminals refresh at once.
const CHANNEL: &str = "unilab_changes";

impl PgEngine {
    /// Connect and make sure the two tables exist.
    pub(crate) fn connect(url: &str) -> Result<PgEngine> {
        let mut client = connect(url)?;
        client.batch_execute(SCHEMA).map_err(pg)?;
        let version: String = client
            .query_one("SELECT version()", &[])
            .map_err(pg)?
            .get(0);
        let notify = version.starts_with("PostgreSQL") && !version.contains("-YB-");
        let pool = Arc::new(Pool {
            url: url.to_string(),
            idle: Mutex::new(vec![client]),
        });
        Ok(PgEngine { pool, notify })
    }
}

/// Listen on `CHANNEL` on a connection of its own, passing each notification on until the
/// receiver is gone; a lost connection is opened again after a pause.
fn listen(url: String, tx: std::sync::mpsc::Sender<()>) {
    loop {
        let mut client = match connect(&url) {
            Ok(c) => c,
            Err(_) => {
                std::thread::sleep(Duration::from_secs(2));
                continue;
            }
        };
        if client.batch_execute(&format!("LISTEN {CHANNEL}")).is_err() {
            std::thread::sleep(Duration::from_secs(2));
            continue;
        }
        let mut notes = client.notifications();
        let mut iter = notes.blocking_iter();
        // A closed or failed connection ends the inner loop; the outer one opens another.
        while let Ok(Some(_)) = iter.next() {
            if tx.send(()).is_err() {
                return;
            }
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

impl Engine for PgEngine {
    fn begin_write(&self) -> Result<Box<dyn WriteTxn>> {
        let mut client = self.pool.take()?;
        for attempt in 0..WRITE_RETRIES {
            let began = client
                .batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                .and_then(|()| {
                    client.query(
                        "SELECT v FROM unilab_records WHERE tbl = 'meta' AND k = $1 FOR UPDATE",
                        &[&crate::store::tx::HEAD.as_bytes()],
                    )
                });
            match began {
                Ok(_) => {
                    let mut txn = PgTxn::new(client, self.pool.clone());
                    txn.notify = self.notify;
                    return Ok(Box::new(txn));
                }
                Err(e) if is_serialization_failure(&e) => {
                    client.batch_execute("ROLLBACK").map_err(pg)?;
                    // Another writer committed first; begin after it.
                    std::thread::sleep(Duration::from_millis(u64::from(attempt % 5)));
                }
                Err(e) => return Err(pg(e)),
            }
        }
        Err(StoreError::Db(
            "PostgreSQL：其他终端持续写入，本次写入多次重试仍未开始；请稍后再试".into(),
        ))
    }

    fn begin_read(&self) -> Result<Box<dyn ReadTxn + Send + Sync>> {
        let mut client = self.pool.take()?;
        client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(pg)?;
        Ok(Box::new(PgTxn::new(client, self.pool.clone())))
    }

    fn describe(&self) -> String {
        without_password(&self.pool.url)
    }

    fn watch(&self) -> Option<std::sync::mpsc::Receiver<()>> {
        if !self.notify {
            return None;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let url = self.pool.url.clone();
        std::thread::Builder::new()
            .name("unilab-listen".into())
            .spawn(move || listen(url, tx))
            .ok()?;
        Some(rx)
    }
}

/// A transaction on one pooled connection; rolled back unless committed.
struct PgTxn {
    client: Mutex<Option<Client>>,
    pool: Arc<Pool>,
    /// Writes not yet sent: a commit writes a handful of rows (the record, its list and
    /// statistics rows, the audit entry, the head, the checkpoint), sent as one statement per
    /// table kind instead of one round trip each. Reads see them.
    pending: Mutex<Pending>,
    /// Announce the commit on `CHANNEL` (a write transaction on PostgreSQL itself).
    notify: bool,
    /// Something was written.
    wrote: bool,
}

#[derive(Default)]
struct Pending {
    /// `None`: the row is removed.
    records: BTreeMap<(&'static str, Vec<u8>), Option<Vec<u8>>>,
    sequenced: BTreeMap<(&'static str, i64), Vec<u8>>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.records.is_empty() && self.sequenced.is_empty()
    }
}

/// Rows per INSERT statement when flushing (a bulk import's batch holds thousands).
const ROWS_PER_STATEMENT: usize = 400;

impl PgTxn {
    fn new(client: Client, pool: Arc<Pool>) -> PgTxn {
        PgTxn {
            client: Mutex::new(Some(client)),
            pool,
            pending: Mutex::new(Pending::default()),
            notify: false,
            wrote: false,
        }
    }

    fn pending(&self) -> Result<std::sync::MutexGuard<'_, Pending>> {
        self.pending
            .lock()
            .map_err(|_| StoreError::Db("PostgreSQL 写入缓冲不可用".into()))
    }

    /// Send the buffered writes (before a scan, and at commit).
    fn flush(&self) -> Result<()> {
        let pending = std::mem::take(&mut *self.pending()?);
        if pending.is_empty() {
            return Ok(());
        }
        self.with(|c| {
            let (records, removed): (Vec<_>, Vec<_>) =
                pending.records.into_iter().partition(|(_, v)| v.is_some());
            // One statement per table for the rows removed (the lists' index rows).
            let mut by_table: BTreeMap<&str, Vec<Vec<u8>>> = BTreeMap::new();
            for ((t, k), _) in removed {
                by_table.entry(t).or_default().push(k);
            }
            for (t, keys) in &by_table {
                c.execute(
                    "DELETE FROM unilab_records WHERE tbl = $1 AND k = ANY($2)",
                    &[t, keys],
                )
                .map_err(pg)?;
            }
            let records: Vec<_> = records
                .into_iter()
                .filter_map(|(k, v)| Some((k, v?)))
                .collect();
            for chunk in records.chunks(ROWS_PER_STATEMENT) {
                upsert(
                    c,
                    "unilab_records (tbl, k, v)",
                    "(tbl, k)",
                    chunk
                        .iter()
                        .map(|((t, k), v)| [t as &(dyn ToSql + Sync), k, v]),
                )?;
            }
            let sequenced: Vec<_> = pending.sequenced.into_iter().collect();
            for chunk in sequenced.chunks(ROWS_PER_STATEMENT) {
                upsert(
                    c,
                    "unilab_sequenced (tbl, seq, v)",
                    "(tbl, seq)",
                    chunk
                        .iter()
                        .map(|((t, n), v)| [t as &(dyn ToSql + Sync), n, v]),
                )?;
            }
            Ok(())
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut guard = self
            .client
            .lock()
            .map_err(|_| StoreError::Db("PostgreSQL 连接已不可用".into()))?;
        let client = guard
            .as_mut()
            .ok_or_else(|| StoreError::Db("PostgreSQL 事务已结束".into()))?;
        f(client)
    }
}

impl Drop for PgTxn {
    fn drop(&mut self) {
        let client = self.client.get_mut().ok().and_then(Option::take);
        if let Some(mut client) = client {
            if client.batch_execute("ROLLBACK").is_ok() {
                self.pool.give(client);
            }
        }
    }
}

impl ReadTxn for PgTxn {
    fn get(&self, table: Table, key: &str) -> Result<Option<Vec<u8>>> {
        let buffered = self
            .pending()?
            .records
            .get(&(table.name(), key.as_bytes().to_vec()))
            .cloned();
        if let Some(row) = buffered {
            return Ok(row);
        }
        self.with(|c| {
            let row = c
                .query_opt(
                    "SELECT v FROM unilab_records WHERE tbl = $1 AND k = $2",
                    &[&table.name(), &key.as_bytes()],
                )
                .map_err(pg)?;
            Ok(row.map(|r| r.get::<_, Vec<u8>>(0)))
        })
    }

    fn get_many(&self, table: Table, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>> {
        let mut found: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        let mut ask: Vec<Vec<u8>> = Vec::new();
        {
            let pending = self.pending()?;
            for k in keys {
                let k = k.as_bytes().to_vec();
                match pending.records.get(&(table.name(), k.clone())) {
                    Some(row) => {
                        found.insert(k, row.clone());
                    }
                    None => ask.push(k),
                }
            }
        }
        if !ask.is_empty() {
            let rows = self.with(|c| {
                c.query(
                    "SELECT k, v FROM unilab_records WHERE tbl = $1 AND k = ANY($2)",
                    &[&table.name(), &ask],
                )
                .map_err(pg)
            })?;
            for row in rows {
                found.insert(row.get(0), Some(row.get(1)));
            }
        }
        Ok(keys
            .iter()
            .map(|k| found.get(k.as_bytes()).cloned().flatten())
            .collect())
    }

    fn scan_range(&self, table: Table, range: KeyRange<'_>, visit: &mut Visit<'_>) -> Result<()> {
        self.flush()?;
        // Pages of growing size, each continuing after the last key seen: a list that wants
        // thirty rows of a million-row index reads about that many, not the whole range.
        let name = table.name();
        let mut from = range.from.map(|k| k.as_bytes().to_vec());
        let mut to = range.to.map(|k| k.as_bytes().to_vec());
        let mut limit: i64 = 64;
        loop {
            let sql = range_sql(&from, &to, range.reverse);
            let mut params: Vec<&(dyn ToSql + Sync)> = vec![&name, &limit];
            for b in [&from, &to] {
                if let Bound::Included(k) | Bound::Excluded(k) = b {
                    params.push(k);
                }
            }
            let rows = self.with(|c| c.query(sql.as_str(), &params).map_err(pg))?;
            let full = rows.len() as i64 == limit;
            let mut last = None;
            for row in &rows {
                let k: &[u8] = row.get(0);
                let v: &[u8] = row.get(1);
                let key = std::str::from_utf8(k).map_err(|_| {
                    StoreError::Corrupt(format!("{name} 表中有一个键不是 UTF-8 文字"))
                })?;
                if !visit(key, v)? {
                    return Ok(());
                }
                last = Some(k.to_vec());
            }
            match last {
                Some(k) if full => {
                    if range.reverse {
                        to = Bound::Excluded(k);
                    } else {
                        from = Bound::Excluded(k);
                    }
                    limit = (limit * 4).min(16_384);
                }
                _ => return Ok(()),
            }
        }
    }

    fn get_seq(&self, table: SeqTable, seq: u64) -> Result<Option<Vec<u8>>> {
        let seq = seq_param(seq)?;
        let buffered = self.pending()?.sequenced.get(&(table.name(), seq)).cloned();
        if buffered.is_some() {
            return Ok(buffered);
        }
        self.with(|c| {
            let row = c
                .query_opt(
                    "SELECT v FROM unilab_sequenced WHERE tbl = $1 AND seq = $2",
                    &[&table.name(), &seq],
                )
                .map_err(pg)?;
            Ok(row.map(|r| r.get::<_, Vec<u8>>(0)))
        })
    }

    fn scan_seq(&self, table: SeqTable, from: u64, visit: &mut VisitSeq<'_>) -> Result<()> {
        let from = seq_param(from)?;
        self.flush()?;
        self.with(|c| {
            let name = table.name();
            let params: [&(dyn ToSql + Sync); 2] = [&name, &from];
            let mut rows = c
                .query_raw(
                    "SELECT seq, v FROM unilab_sequenced WHERE tbl = $1 AND seq >= $2 ORDER BY seq",
                    params,
                )
                .map_err(pg)?;
            while let Some(row) = rows.next().map_err(pg)? {
                let seq: i64 = row.get(0);
                let v: &[u8] = row.get(1);
                if !visit(seq.unsigned_abs(), v)? {
                    break;
                }
            }
            Ok(())
        })
    }

    fn last_seq(&self, table: SeqTable) -> Result<Option<(u64, Vec<u8>)>> {
        self.flush()?;
        self.with(|c| {
            let row = c
                .query_opt(
                    "SELECT seq, v FROM unilab_sequenced WHERE tbl = $1 ORDER BY seq DESC LIMIT 1",
                    &[&table.name()],
                )
                .map_err(pg)?;
            Ok(row.map(|r| (r.get::<_, i64>(0).unsigned_abs(), r.get::<_, Vec<u8>>(1))))
        })
    }
}

/// One page of a range scan: `$1` the table, `$2` the page size, then the bounds given.
fn range_sql(from: &Bound<Vec<u8>>, to: &Bound<Vec<u8>>, reverse: bool) -> String {
    let mut sql = String::from("SELECT k, v FROM unilab_records WHERE tbl = $1");
    let mut n = 2;
    for (b, incl, excl) in [(from, ">=", ">"), (to, "<=", "<")] {
        let op = match b {
            Bound::Included(_) => incl,
            Bound::Excluded(_) => excl,
            Bound::Unbounded => continue,
        };
        n += 1;
        sql.push_str(&format!(" AND k {op} ${n}"));
    }
    sql.push_str(if reverse {
        " ORDER BY k DESC LIMIT $2"
    } else {
        " ORDER BY k LIMIT $2"
    });
    sql
}

/// One `INSERT … VALUES (…), (…) ON CONFLICT … DO UPDATE` for a chunk of rows.
fn upsert<'a>(
    c: &mut Client,
    target: &str,
    conflict: &str,
    rows: impl Iterator<Item = [&'a (dyn ToSql + Sync); 3]>,
) -> Result<()> {
    let mut params: Vec<&(dyn ToSql + Sync)> = Vec::new();
    let mut values = Vec::new();
    for row in rows {
        let at = params.len();
        values.push(format!("(${}, ${}, ${})", at + 1, at + 2, at + 3));
        params.extend(row);
    }
    if values.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO {target} VALUES {} ON CONFLICT {conflict} DO UPDATE SET v = EXCLUDED.v",
        values.join(", ")
    );
    c.execute(sql.as_str(), &params).map_err(pg)?;
    Ok(())
}

fn seq_param(seq: u64) -> Result<i64> {
    i64::try_from(seq)
        .map_err(|_| StoreError::Corrupt(format!("序号 {seq} 超出 PostgreSQL 的范围")))
}

impl WriteTxn for PgTxn {
    fn put(&mut self, table: Table, key: &str, value: &[u8]) -> Result<()> {
        self.wrote = true;
        self.pending()?.records.insert(
            (table.name(), key.as_bytes().to_vec()),
            Some(value.to_vec()),
        );
        Ok(())
    }

    fn delete(&mut self, table: Table, key: &str) -> Result<()> {
        self.wrote = true;
        self.pending()?
            .records
            .insert((table.name(), key.as_bytes().to_vec()), None);
        Ok(())
    }

    fn put_seq(&mut self, table: SeqTable, seq: u64, value: &[u8]) -> Result<()> {
        self.wrote = true;
        let seq = seq_param(seq)?;
        self.pending()?
            .sequenced
            .insert((table.name(), seq), value.to_vec());
        Ok(())
    }

    fn ensure(&mut self, _tables: &[Table], _seq_tables: &[SeqTable]) -> Result<()> {
        // Every table is rows of the two created at connect.
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.flush()?;
        // The announcement goes with COMMIT in one round trip; it is delivered when the
        // transaction commits, never if it does not.
        let commit = if self.notify && self.wrote {
            format!("NOTIFY {CHANNEL}; COMMIT")
        } else {
            "COMMIT".to_string()
        };
        let client = self
            .client
            .lock()
            .map_err(|_| StoreError::Db("PostgreSQL 连接已不可用".into()))?
            .take();
        let Some(mut client) = client else {
            return Err(StoreError::Db("PostgreSQL 事务已结束".into()));
        };
        match client.batch_execute(&commit) {
            Ok(()) => {
                self.pool.give(client);
                Ok(())
            }
            Err(e) if is_serialization_failure(&e) => Err(StoreError::Db(
                "PostgreSQL：与另一终端的写入冲突，本次写入未保存；请重试".into(),
            )),
            Err(e) => Err(pg(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_shown_url_never_carries_the_password() {
        assert_eq!(
            without_password("postgres://lab:s3cret@db.example:5432/unilab"),
            "postgres://lab:***@db.example:5432/unilab"
        );
        assert_eq!(
            without_password("postgres://lab@db.example/unilab"),
            "postgres://lab@db.example/unilab"
        );
    }
}
