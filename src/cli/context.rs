//! Where the data lives, who is acting, and what time it is, for every command.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use chrono::{DateTime, Utc};

use super::load_catalog;
use crate::catalog::Catalog;
use crate::model::User;
use crate::store::Store;

pub struct Context {
    pub data_dir: PathBuf,
    pub actor: Option<String>,
    pub standards_dirs: Vec<PathBuf>,
}

impl Context {
    pub fn new(
        data_dir: Option<PathBuf>,
        actor: Option<String>,
        standards_dirs: Vec<PathBuf>,
    ) -> Context {
        let data_dir = data_dir.unwrap_or_else(default_data_dir);
        Context {
            data_dir,
            actor,
            standards_dirs,
        }
    }

    /// Is there a lab to open? A redb file must exist; a PostgreSQL store is asked when opened.
    pub fn has_store(&self) -> bool {
        match crate::startup::store_location(&self.data_dir) {
            crate::store::Location::File(path) => path.exists(),
            crate::store::Location::Postgres(_) => true,
        }
    }

    /// Open the lab's store; with the lab key when this account holds it, so every write
    /// signs the audit chain's new head.
    pub fn open(&self) -> anyhow::Result<Store> {
        crate::startup::open_lab_store(&self.data_dir)
    }

    pub fn catalog(&self) -> anyhow::Result<Catalog> {
        load_catalog(&self.standards_dirs)
    }

    /// The acting user, authenticated with UNILAB_PASSWORD or a prompt.
    pub fn actor(&self, store: &Store) -> anyhow::Result<User> {
        let login = self
            .actor
            .as_deref()
            .ok_or_else(|| anyhow!("请用 --as 用户名（或 UNILAB_USER）指明操作人"))?;
        let password = password_from("UNILAB_PASSWORD", &format!("{login} 的口令："))?;
        Ok(store.authenticate(login, &password, now(store)?)?)
    }
}

/// Read a password from an environment variable, or ask on the terminal without echo.
pub fn password_from(var: &str, prompt: &str) -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    rpassword::prompt_password(prompt)
        .with_context(|| format!("无法读取口令；可设置环境变量 {var}"))
}

/// The time to record a write at: the system clock, or `UNILAB_NOW` in a training lab only.
pub fn now(store: &Store) -> anyhow::Result<DateTime<Utc>> {
    let lab = store.lab()?;
    crate::clock::record_time(lab.training).map_err(anyhow::Error::msg)
}

/// Today for a reading command: the record clock's day (a training lab's fixed clock), or the
/// system's when the clock may not be set — reading never fails over the clock.
pub fn today(store: &Store) -> chrono::NaiveDate {
    now(store).unwrap_or_else(|_| Utc::now()).date_naive()
}

pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "unilab")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| Path::new(".unilab").to_path_buf())
}

/// A date as typed after a flag (`--tested-on 2026-03-02`), or a message naming the flag.
pub fn date_arg(text: &str, flag: &str) -> anyhow::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow::anyhow!("{flag}“{text}”不是日期（写作 YYYY-MM-DD）"))
}

/// A decimal as typed after a flag (`--temperature 23.5`), refused if it cannot be held
/// exactly.
pub fn decimal_arg(text: &str, flag: &str) -> anyhow::Result<rust_decimal::Decimal> {
    crate::number::parse_decimal(text.trim())
        .map_err(|e| anyhow::anyhow!("{flag}“{text}”：{}", e.msg().zh))
}
