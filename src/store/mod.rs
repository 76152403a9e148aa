//! The lab's records in one redb file shared by several processes (ConcurrencyMode::MultiWriter).
//! This is the only module that names redb: everything outside speaks in operations and queries,
//! so a second backend can take its place.
//!
//! Every operation checks its rule, writes the change and its audit entry in one transaction,
//! or refuses with a reason and writes nothing.

mod audit;
mod codec;
mod io;
mod orders;
mod reports;
mod tx;
mod users;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use redb::{Builder, ConcurrencyMode, Database, ReadableDatabase, ReadableTable, TableDefinition};

pub use audit::{AuditEntry, ChainCheck};
pub use io::{ImportRecord, ImportSummary};
pub use orders::NewOrder;
pub use reports::{RenderFn, Rendered};
pub use tx::Tx;

use crate::model::{Lab, User};

pub(crate) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
pub(crate) const USERS: TableDefinition<&str, &[u8]> = TableDefinition::new("users");
pub(crate) const ENTERPRISES: TableDefinition<&str, &[u8]> = TableDefinition::new("enterprises");
pub(crate) const ORDERS: TableDefinition<&str, &[u8]> = TableDefinition::new("orders");
pub(crate) const ORDER_INDEX: TableDefinition<&str, &[u8]> = TableDefinition::new("order_index");
pub(crate) const REPORTS: TableDefinition<&str, &[u8]> = TableDefinition::new("reports");
pub(crate) const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");

/// The schema this build writes. Opening an older file runs the migrations in `migrate`.
pub const SCHEMA_VERSION: u64 = 1;

/// The database file inside a data directory.
pub const DB_FILE: &str = "unilab.redb";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(String),
    /// The workflow or a rule said no; nothing was written.
    #[error("{0}")]
    Refused(String),
    /// Someone else changed the record since it was read; nothing was written.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Auth(String),
    #[error("数据损坏：{0}")]
    Corrupt(String),
    #[error("数据库错误：{0}")]
    Db(String),
}

impl StoreError {
    pub(crate) fn db(e: impl std::fmt::Display) -> StoreError {
        StoreError::Db(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    db: Database,
    path: PathBuf,
}

fn builder() -> Builder {
    let mut b = Builder::new();
    b.set_concurrency_mode(ConcurrencyMode::MultiWriter);
    b
}

impl Store {
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
            return Err(StoreError::Refused(format!(
                "{} 已存在：实验室已初始化",
                path.display()
            )));
        }
        crate::model::user::validate_login(admin_login).map_err(StoreError::Refused)?;
        users::check_password_strength(password)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Db(format!("无法创建目录 {}：{e}", dir.display())))?;
        }
        let db = builder().create(path).map_err(StoreError::db)?;
        let store = Store {
            db,
            path: path.to_path_buf(),
        };
        let admin = User {
            login: admin_login.to_string(),
            display_name: admin_name.to_string(),
            roles: vec![crate::model::Role::Admin],
            fields: Vec::new(),
            password_hash: users::hash_password(password)?,
            active: true,
            revision: 1,
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
        if !path.exists() {
            return Err(StoreError::NotFound(format!(
                "{} 不存在：请先运行 unilab init（或 unilab demo）",
                path.display()
            )));
        }
        let db = builder().open(path).map_err(StoreError::db)?;
        let store = Store {
            db,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
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
            // Version 0 → 1: tables created lazily before the version record existed.
            let mut tx = self.begin("system", Utc::now())?;
            tx.ensure_tables()?;
            tx.put_meta("schema_version", &SCHEMA_VERSION)?;
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

    /// Begin one write transaction; waits while another process writes.
    pub(crate) fn begin(&self, actor: &str, now: DateTime<Utc>) -> Result<Tx> {
        let txn = self.db.begin_write().map_err(StoreError::db)?;
        Ok(Tx::new(txn, actor, now))
    }

    pub(crate) fn read<T: serde::de::DeserializeOwned>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        key: &str,
        what: &str,
    ) -> Result<Option<T>> {
        let rtx = self.db.begin_read().map_err(StoreError::db)?;
        let t = match rtx.open_table(table) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(None),
            Err(e) => return Err(StoreError::db(e)),
        };
        match t.get(key).map_err(StoreError::db)? {
            Some(v) => codec::decode(v.value(), what).map(Some),
            None => Ok(None),
        }
    }

    /// Every record of a table, decoded, in key order.
    pub(crate) fn read_all<T: serde::de::DeserializeOwned>(
        &self,
        table: TableDefinition<&str, &[u8]>,
        what: &str,
    ) -> Result<Vec<T>> {
        let rtx = self.db.begin_read().map_err(StoreError::db)?;
        let t = match rtx.open_table(table) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::db(e)),
        };
        let mut out = Vec::new();
        for row in t.iter().map_err(StoreError::db)? {
            let (k, v) = row.map_err(StoreError::db)?;
            out.push(codec::decode(v.value(), &format!("{what} {}", k.value()))?);
        }
        Ok(out)
    }

    pub(crate) fn meta<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.read(META, key, key)
    }

    pub fn lab(&self) -> Result<Lab> {
        self.meta("lab")?
            .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))
    }

    /// A number that changes whenever anyone commits; screens poll it to refresh.
    pub fn change_stamp(&self) -> Result<u64> {
        Ok(self
            .meta::<(u64, String)>("audit_head")?
            .map(|(seq, _)| seq)
            .unwrap_or(0))
    }

    /// Every audit entry, optionally only those about one target.
    pub fn audit_log(&self, target: Option<&str>) -> Result<Vec<AuditEntry>> {
        let rtx = self.db.begin_read().map_err(StoreError::db)?;
        let t = match rtx.open_table(AUDIT) {
            Ok(t) => t,
            Err(redb::TableError::TableDoesNotExist(_)) => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::db(e)),
        };
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

    /// Walk the whole chain and compare its end with the stored head.
    pub fn verify_audit(&self) -> Result<ChainCheck> {
        let entries = self.audit_log(None)?;
        let head = self.meta::<(u64, String)>("audit_head")?;
        Ok(audit::verify_chain(entries, head))
    }
}

/// Test support: change an audit entry behind the store's back, as an attacker with the file
/// would. Only the tamper-evidence tests use it.
#[doc(hidden)]
pub fn tamper_with_audit_entry(path: &Path, seq: u64, new_reason: &str) -> Result<()> {
    let db = builder().open(path).map_err(StoreError::db)?;
    let txn = db.begin_write().map_err(StoreError::db)?;
    {
        let mut t = txn.open_table(AUDIT).map_err(StoreError::db)?;
        let bytes = t
            .get(seq)
            .map_err(StoreError::db)?
            .map(|v| v.value().to_vec())
            .ok_or_else(|| StoreError::NotFound(format!("审计记录 {seq}")))?;
        let mut e: AuditEntry = codec::decode(&bytes, "审计记录")?;
        e.reason = Some(new_reason.to_string());
        t.insert(seq, codec::encode(&e)?.as_slice())
            .map_err(StoreError::db)?;
    }
    txn.commit().map_err(StoreError::db)
}
