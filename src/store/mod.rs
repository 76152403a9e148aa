//! The lab's records in one redb file shared by several processes (ConcurrencyMode::MultiWriter).
//! This is the only module that names redb: everything outside speaks in operations and queries,
//! so a second backend can take its place.
//!
//! Every operation checks its rule, writes the change and its audit entry in one transaction,
//! or refuses with a reason and writes nothing.

mod access_log;
mod accreditation;
mod arrangements;
mod audit;
mod authorisations;
mod bench;
mod checkpoint;
mod codec;
mod custody;
mod digest;
mod engine;
pub mod files;
mod instruments;
mod integrity;
mod io;
mod list_index;
mod location;
mod logins;
mod objections;
mod order_query;
mod orders;
mod quality_file;
mod registration;
mod reports;
mod signer;
mod sites;
mod snapshot;
mod spot_check;
mod statistics;
mod task_report;
mod tasks;
mod tsa;
mod tx;
mod users;
mod verification;
mod warnings;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use crate::model::objection::objection_period;
pub use crate::model::report::CheckpointRef;
pub use access_log::{AccessEntry, SERVE_ACTOR};
pub use arrangements::ArrangementInput;
pub use audit::{AuditEntry, RecordDigest};
pub use checkpoint::Checkpoint;
pub use instruments::NewCalibration;
pub use integrity::{ChainCheck, Problem};
pub use io::{ImportRecord, ImportSummary};
pub use location::Location;
pub use objections::{NoticeInput, NoticeRenderFn};
pub use order_query::{ListCount, ListFrom, ListKey, ListPage, ListSort, OrderQuery};
pub use orders::{Changes, NewOrder};
pub use registration::{parse_pair, MoreBasis, Registration};
pub use reports::{RenderFn, Rendered};
pub use snapshot::Snapshot;
pub use statistics::StatsSource;
pub use tasks::NewTask;
pub use tx::Tx;
pub use warnings::{Acknowledgement, RaisedWarning};

use crate::message::Msg;
use crate::model::{Lab, User};
use crate::msg;
pub use signer::ChainSigner;

use engine::redb_engine::RedbEngine;
use engine::Engine;
pub use engine::{SeqTable, Table};

pub(crate) const META: Table = Table::new("meta");
pub(crate) const USERS: Table = Table::new("users");
pub(crate) const ENTERPRISES: Table = Table::new("enterprises");
pub(crate) const ORDERS: Table = Table::new("orders");
pub(crate) const ORDER_INDEX: Table = Table::new("order_index");
/// One small row per order for the statistics (`model::fact`), written with the order.
pub(crate) const ORDER_FACTS: Table = Table::new("order_facts");
pub(crate) const REPORTS: Table = Table::new("reports");
pub(crate) const AUDIT: SeqTable = SeqTable::new("audit");

/// Tables whose every record is bound to the audit chain by its digest.
pub(crate) const BOUND_TABLES: [Table; 10] = [
    META,
    USERS,
    ENTERPRISES,
    ORDERS,
    ORDER_INDEX,
    REPORTS,
    instruments::INSTRUMENTS,
    tasks::TASKS,
    ORDER_FACTS,
    access_log::ACCESS_LOG,
];

/// Tables derived from the bound ones (the lists' indexes): copied and backed up with them.
pub(crate) const DERIVED_TABLES: [Table; 2] = [list_index::ORDER_KEYS, list_index::ORDER_COUNTS];

/// The schema this build writes. Opening an older file runs the migrations in `migrate`.
/// 2: every record bound to the audit chain by its digest; signed checkpoints.
/// 3: the order index gained `returned`.
/// 4: instruments; bench records; the index gained the product field and retention start;
///    technicians authorised per method.
/// 5: one statistics row per order (`order_facts`), filled from the orders.
/// 6: each report has a verification code (`unilab serve`); the server's access log.
/// 7: order list rows and statistics rows name the order's site (branch lab).
/// 8: the lists' indexes and kept counts (`list_index`), built from the list rows.
pub const SCHEMA_VERSION: u64 = 8;

/// The database file inside a data directory.
pub const DB_FILE: &str = "unilab.redb";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(Msg),
    /// The workflow or a rule said no; nothing was written.
    #[error("{0}")]
    Refused(Msg),
    /// Someone else changed the record since it was read; nothing was written.
    #[error("{0}")]
    Conflict(Msg),
    #[error("{0}")]
    Auth(Msg),
    #[error("数据损坏：{0}")]
    Corrupt(String),
    #[error("数据库错误：{0}")]
    Db(String),
}

impl StoreError {
    pub(crate) fn db(e: impl std::fmt::Display) -> StoreError {
        StoreError::Db(e.to_string())
    }

    /// The message in the user's language (`english` from their setting). Damage and database
    /// errors keep the engine's own words after a translated lead.
    pub fn text(&self, english: bool) -> String {
        match self {
            StoreError::NotFound(m)
            | StoreError::Refused(m)
            | StoreError::Conflict(m)
            | StoreError::Auth(m) => m.text(english).to_string(),
            StoreError::Corrupt(s) if english => format!("Damaged data: {s}"),
            StoreError::Db(s) if english => format!("Database error: {s}"),
            other => other.to_string(),
        }
    }
}

impl From<crate::workflow::Refusal> for StoreError {
    fn from(r: crate::workflow::Refusal) -> StoreError {
        StoreError::Refused(r.msg())
    }
}

impl From<Msg> for StoreError {
    /// A rule's refusal (a record's own validation).
    fn from(m: Msg) -> StoreError {
        StoreError::Refused(m)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    engine: Box<dyn Engine>,
    path: PathBuf,
    /// The lab key, when this process holds it: every commit then signs the chain's new head.
    signer: Option<Arc<dyn ChainSigner>>,
    /// Take each write's time from the system clock once the write lock is held, so writers
    /// waiting on each other still record in order (every lab but a training lab on a fixed
    /// clock).
    system_clock: bool,
}

/// A new lab's first administrator, checked before anything is created.
struct FirstAdmin<'a> {
    login: &'a str,
    name: &'a str,
    password: &'a str,
}

impl<'a> FirstAdmin<'a> {
    fn checked(lab: &Lab, login: &'a str, name: &'a str, password: &'a str) -> Result<Self> {
        crate::model::user::validate_login(login)?;
        crate::model::text::check_text(["姓名", "Name"], name)?;
        lab.validate()?;
        users::check_password_strength(password)?;
        Ok(FirstAdmin {
            login,
            name,
            password,
        })
    }
}

/// Run a database call that may meet a damaged file. redb asserts on some damage rather than
/// returning an error; that becomes a refusal to read the file, never a crash.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(StoreError::Corrupt(
            "数据库文件已损坏，无法读取；请用备份恢复（unilab backup 所做的副本）".into(),
        ))
    })
}

impl Store {
    /// A store over `engine`; `path` is where the data folder's database file is (or would be:
    /// on PostgreSQL the folder still holds the key, templates and issued files).
    fn on(engine: Box<dyn Engine>, path: &Path) -> Store {
        Store {
            engine,
            path: path.to_path_buf(),
            signer: None,
            system_clock: false,
        }
    }

    /// Create a new lab database with its first administrator.
    pub fn create(
        path: &Path,
        lab: Lab,
        admin_login: &str,
        admin_name: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Store> {
        if path.exists() {
            let p = path.display();
            return Err(StoreError::Refused(msg!(
                "{p} 已存在：实验室已初始化",
                "{p} exists: the lab is already set up"
            )));
        }
        let first = FirstAdmin::checked(&lab, admin_login, admin_name, password)?;
        if let Some(dir) = path.parent() {
            files::create_private_dir(dir)?;
        }
        let engine = Box::new(RedbEngine::create(path)?);
        files::make_private(path)?;
        Store::on(engine, path).set_up(lab, first, now)
    }

    /// Write a new lab's first records: schema version, the lab, its first administrator.
    fn set_up(self, lab: Lab, first: FirstAdmin<'_>, now: DateTime<Utc>) -> Result<Store> {
        let FirstAdmin {
            login: admin_login,
            name: admin_name,
            password,
        } = first;
        let store = self;
        let admin = User {
            site: None,
            login: admin_login.to_string(),
            display_name: admin_name.to_string(),
            roles: vec![crate::model::Role::Admin],
            fields: Vec::new(),
            password_hash: users::hash_password(password)?,
            active: true,
            revision: 1,
            failed_logins: 0,
            locked_until: None,
            methods: Vec::new(),
        };
        let mut tx = store.begin(admin_login, now)?;
        tx.ensure_tables()?;
        tx.put_meta("schema_version", &SCHEMA_VERSION)?;
        tx.put_meta("lab", &lab)?;
        tx.put(USERS, admin_login, &admin)?;
        tx.audit(
            "init",
            &lab.name,
            None,
            Some(serde_json::json!({"lab": lab.name, "admin": admin_login})),
            None,
        )?;
        tx.commit()?;
        Ok(store)
    }

    /// Open an existing database, migrating an older schema.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_file(path)
    }

    fn open_file(path: &Path) -> Result<Store> {
        if !path.exists() {
            let p = path.display();
            return Err(StoreError::NotFound(msg!(
                "{p} 不存在：请先运行 unilab init（或 unilab demo）",
                "{p} does not exist: run unilab init (or unilab demo) first"
            )));
        }
        files::tighten(path)?;
        let engine: Box<dyn Engine> = Box::new(guard(|| RedbEngine::open(path))?);
        let store = Store::on(engine, path);
        store.migrate()?;
        Ok(store)
    }

    /// Hold the lab key: from now on every commit of this process signs the chain's head.
    pub fn with_lab_key(mut self, key: impl ChainSigner + 'static) -> Store {
        self.signer = Some(Arc::new(key));
        self
    }

    /// Record every write at the system clock's time when its transaction begins, ignoring the
    /// time the caller passes.
    pub fn with_system_clock(mut self) -> Store {
        self.system_clock = true;
        self
    }

    /// The lab key this process holds, if any.
    pub fn lab_key(&self) -> Option<&dyn ChainSigner> {
        self.signer.as_deref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn migrate(&self) -> Result<()> {
        let version: u64 = self.meta("schema_version")?.unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(StoreError::Corrupt(format!(
                "数据库结构版本 {version} 比本程序（{SCHEMA_VERSION}）新；请升级 unilab"
            )));
        }
        if version < SCHEMA_VERSION {
            // 0 → 1: tables created lazily before the version record existed.
            // 1 → 2: records were not bound to the chain; bind them as found, in one entry.
            // 2 → 3: the order index gained `returned`; rebuilt from the orders themselves.
            // 3 → 4: the index gained the product field and retention start (rebuilt again);
            //        each technician is authorised for the methods of the results they
            //        entered before methods were authorised (their record shows they did).
            let mut tx = self.begin("system", self.last_entry_time()?.max(Utc::now()))?;
            tx.ensure_tables()?;
            tx.put_meta("schema_version", &SCHEMA_VERSION)?;
            if version < 2 {
                tx.bind_existing()?;
            }
            if version < 4 {
                orders::rebuild_index(&mut tx)?;
            }
            // 4 → 5: the statistics rows, from the orders themselves.
            if version < 5 {
                orders::rebuild_facts(&mut tx)?;
            }
            // 5 → 6: a verification code for every report issued before codes existed.
            if version < 6 {
                verification::fill_codes(&mut tx)?;
            }
            // 6 → 7: list and statistics rows gained the site; rebuilt from the orders.
            if (4..7).contains(&version) {
                orders::rebuild_index(&mut tx)?;
                orders::rebuild_facts(&mut tx)?;
            }
            if (1..4).contains(&version) {
                authorisations::grant_from_history(&mut tx)?;
            }
            // 7 → 8: the lists' indexes and counts, from the list rows (rebuilt above if older).
            list_index::rebuild(&mut tx)?;
            tx.audit(
                "migrate",
                "schema",
                Some(serde_json::json!(version)),
                Some(serde_json::json!(SCHEMA_VERSION)),
                None,
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Begin one write transaction; waits while another process writes. A write dated
    /// earlier than the last audit entry is refused: the record's time only moves forward.
    pub(crate) fn begin(&self, actor: &str, now: DateTime<Utc>) -> Result<Tx> {
        let txn = self.engine.begin_write()?;
        let now = if self.system_clock { Utc::now() } else { now };
        let tx = Tx::new(txn, actor, now, self.signer.clone());
        if let Some(last) = tx.last_entry_time()? {
            if now < last {
                let (now, last) = (
                    now.format("%Y-%m-%d %H:%M:%S UTC"),
                    last.format("%Y-%m-%d %H:%M:%S UTC"),
                );
                return Err(StoreError::Refused(msg!(
                    "记录时间 {now} 早于上一条审计记录的时间 {last}：记录只能按时间先后写入，请检查系统时钟",
                    "Record time {now} is before the last audit entry's {last}: records are written in time order; check the system clock"
                )));
            }
        }
        Ok(tx)
    }

    /// When the last audit entry was written (the earliest time the next write may carry).
    pub fn last_entry_time(&self) -> Result<DateTime<Utc>> {
        let snap = self.snapshot()?;
        let Some((seq, _)) = snap.meta::<(u64, String)>(tx::HEAD)? else {
            return Ok(DateTime::<Utc>::MIN_UTC);
        };
        match snap.rtx.get_seq(AUDIT, seq)? {
            Some(v) => Ok(codec::decode::<AuditEntry>(&v, "审计记录")?.at),
            None => Ok(DateTime::<Utc>::MIN_UTC),
        }
    }

    /// One read snapshot: everything read through it is as of one commit.
    pub fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            rtx: self.engine.begin_read()?,
        })
    }

    pub(crate) fn read<T: serde::de::DeserializeOwned>(
        &self,
        table: Table,
        key: &str,
        what: &str,
    ) -> Result<Option<T>> {
        self.snapshot()?.read(table, key, what)
    }

    /// Every record of a table, decoded, in key order.
    pub(crate) fn read_all<T: serde::de::DeserializeOwned>(
        &self,
        table: Table,
        what: &str,
    ) -> Result<Vec<T>> {
        self.snapshot()?.read_all(table, what)
    }

    pub(crate) fn meta<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.read(META, key, key)
    }

    pub fn lab(&self) -> Result<Lab> {
        self.meta("lab")?
            .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))
    }

    /// A signal for each commit by any terminal, when the engine can give one (PostgreSQL:
    /// LISTEN/NOTIFY); screens then refresh at once instead of at the next poll.
    pub fn change_signal(&self) -> Option<std::sync::mpsc::Receiver<()>> {
        self.engine.watch()
    }

    /// A number that changes whenever anyone commits; screens poll it to refresh.
    pub fn change_stamp(&self) -> Result<u64> {
        Ok(self
            .meta::<(u64, String)>(tx::HEAD)?
            .map(|(seq, _)| seq)
            .unwrap_or(0))
    }

    /// Every audit entry, optionally only those about one target.
    pub fn audit_log(&self, target: Option<&str>) -> Result<Vec<AuditEntry>> {
        self.snapshot()?.audit_log(target)
    }

    /// Check, in one read snapshot, the chain, every stored record against the entry that
    /// last wrote it, and the signed checkpoints against the lab certificate (DER) when given.
    pub fn verify_audit(&self, lab_certificate: Option<&[u8]>) -> Result<ChainCheck> {
        guard(|| integrity::verify(&self.snapshot()?, lab_certificate))
    }

    /// Record that the lab key changed (the entry names the new certificate), signed with it.
    pub fn record_lab_key(&self, actor: &User, operation: &str, now: DateTime<Utc>) -> Result<()> {
        let Some(key) = self.signer.as_deref() else {
            return Err(StoreError::Refused(msg!(
                "本进程没有实验室密钥",
                "This process does not hold the lab key"
            )));
        };
        let fingerprint = crate::signing::fingerprint(key.certificate_der());
        let mut tx = self.begin(&actor.login, now)?;
        tx.audit(
            operation,
            "lab-key",
            None,
            Some(serde_json::json!({"certificate": fingerprint})),
            None,
        )?;
        tx.commit()
    }

    /// Sign the current head with the lab key (an admin, after `audit verify` found the chain
    /// otherwise intact, e.g. after an upgrade or after writes made without the key).
    pub fn checkpoint_now(&self, actor: &User, now: DateTime<Utc>) -> Result<u64> {
        if !actor.has(crate::model::Role::Admin) {
            return Err(StoreError::Refused(msg!(
                "签名审计链需要“管理员”角色",
                "Signing the audit chain needs the admin role"
            )));
        }
        if self.signer.is_none() {
            return Err(StoreError::Refused(msg!(
                "本进程没有实验室密钥（unilab keys init 或 keys import）",
                "This process does not hold the lab key (unilab keys init or keys import)"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        tx.audit("audit.checkpoint", "audit", None, None, None)?;
        tx.commit()?;
        self.change_stamp()
    }
}

/// Test support: change an audit entry behind the store's back, as an attacker with the file
/// would. Only the tamper-evidence tests use it.
#[doc(hidden)]
pub fn tamper_with_audit_entry(path: &Path, seq: u64, new_reason: &str) -> Result<()> {
    let mut txn = RedbEngine::open(path)?.begin_write()?;
    let bytes = txn
        .get_seq(AUDIT, seq)?
        .ok_or_else(|| StoreError::NotFound(msg!("审计记录 {seq}", "audit entry {seq}")))?;
    let mut e: AuditEntry = codec::decode(&bytes, "审计记录")?;
    e.reason = Some(new_reason.to_string());
    txn.put_seq(AUDIT, seq, &codec::encode(&e)?)?;
    txn.commit()
}

/// Test support: change one stored record's bytes behind the store's back (table by name, as
/// `audit verify` names it), as someone with write access to the file would.
#[doc(hidden)]
pub fn tamper_with_record(
    path: &Path,
    table: &str,
    key: &str,
    change: impl FnOnce(&mut Vec<u8>),
) -> Result<()> {
    let def = BOUND_TABLES
        .into_iter()
        .chain(DERIVED_TABLES)
        .find(|d| d.name() == table)
        .ok_or_else(|| StoreError::NotFound(msg!("表 {table}", "table {table}")))?;
    let mut txn = RedbEngine::open(path)?.begin_write()?;
    let mut bytes = txn
        .get(def, key)?
        .ok_or_else(|| StoreError::NotFound(msg!("{table} {key}", "{table} {key}")))?;
    change(&mut bytes);
    txn.put(def, key, &bytes)?;
    txn.commit()
}

/// Test support: rewrite history as an attacker without the lab key would — change one entry's
/// reason, then recompute every later hash and the head so the chain is self-consistent.
#[doc(hidden)]
pub fn rewrite_history(path: &Path, seq: u64, new_reason: &str) -> Result<()> {
    let mut txn = RedbEngine::open(path)?.begin_write()?;
    let mut entries = Vec::new();
    txn.scan_seq(AUDIT, 0, &mut |_, v| {
        entries.push(codec::decode::<AuditEntry>(v, "审计记录")?);
        Ok(true)
    })?;
    let mut prev = audit::GENESIS.to_string();
    for e in &mut entries {
        if e.seq == seq {
            e.reason = Some(new_reason.to_string());
        }
        e.prev = prev;
        e.hash = e.compute_hash();
        prev = e.hash.clone();
        txn.put_seq(AUDIT, e.seq, &codec::encode(&*e)?)?;
    }
    let head = (entries.len() as u64, prev);
    txn.put(META, tx::HEAD, &codec::encode(&head)?)?;
    txn.commit()
}
