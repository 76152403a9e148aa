//! Where a lab's records are kept, and moving them: the data folder's redb file (one host) or
//! a PostgreSQL database (a lab network). Everything else in the data folder — the lab key,
//! the report templates, issued files — stays in the folder whichever engine keeps the records.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::engine::postgres::{without_password, PgEngine};
use super::io::copy_records;
use super::{FirstAdmin, Result, Store, StoreError, DB_FILE, META};
use crate::model::Lab;
use crate::msg;

/// Where a lab's records are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A redb file.
    File(PathBuf),
    /// A PostgreSQL database, by URL (`postgres://user:password@host/db`).
    Postgres(String),
}

impl Location {
    /// From the `--store` setting (or `UNILAB_STORE`): absent → the data folder's redb file;
    /// `postgres://…` or `postgresql://…` → that database; anything else is a path — a folder
    /// holds `unilab.redb`, a file is the redb file itself.
    pub fn resolve(data_dir: &Path, setting: Option<&str>) -> Location {
        match setting.map(str::trim).filter(|s| !s.is_empty()) {
            None => Location::File(data_dir.join(DB_FILE)),
            Some(url) if is_postgres_url(url) => Location::Postgres(url.to_string()),
            Some(path) => {
                let p = PathBuf::from(path);
                if p.is_dir() {
                    Location::File(p.join(DB_FILE))
                } else {
                    Location::File(p)
                }
            }
        }
    }

    /// For messages: the file's path, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => without_password(url),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

impl Store {
    /// Open the lab kept at `location`; `data_dir` is the lab's folder (key, templates, files).
    pub fn open_at(location: &Location, data_dir: &Path) -> Result<Store> {
        match location {
            Location::File(path) => Store::open(path),
            Location::Postgres(url) => {
                let store = Store::on_postgres(url, data_dir)?;
                if store.meta::<Lab>("lab")?.is_none() {
                    let shown = without_password(url);
                    return Err(StoreError::NotFound(msg!(
                        "{shown} 中没有实验室：请先运行 unilab init --store URL，或用 unilab migrate --to URL 迁入",
                        "{shown} holds no lab: run unilab init --store URL first, or move one in with unilab migrate --to URL"
                    )));
                }
                store.migrate()?;
                Ok(store)
            }
        }
    }

    /// Set up a new lab at `location` with its first administrator.
    pub fn create_at(
        location: &Location,
        data_dir: &Path,
        lab: Lab,
        admin_login: &str,
        admin_name: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Store> {
        match location {
            Location::File(path) => {
                Store::create(path, lab, admin_login, admin_name, password, now)
            }
            Location::Postgres(url) => {
                let first = FirstAdmin::checked(&lab, admin_login, admin_name, password)?;
                let store = Store::on_postgres(url, data_dir)?;
                store.refuse_if_set_up()?;
                super::files::create_private_dir(data_dir)?;
                store.set_up(lab, first, now)
            }
        }
    }

    fn on_postgres(url: &str, data_dir: &Path) -> Result<Store> {
        Ok(Store::on(
            Box::new(PgEngine::connect(url)?),
            &data_dir.join(DB_FILE),
        ))
    }

    fn refuse_if_set_up(&self) -> Result<()> {
        let mut any = false;
        self.snapshot()?.rtx.scan(META, &mut |_, _| {
            any = true;
            Ok(false)
        })?;
        if any {
            let shown = self.engine.describe();
            return Err(StoreError::Refused(msg!(
                "{shown} 中已有实验室的记录；不会覆盖",
                "{shown} already holds a lab's records; nothing is overwritten"
            )));
        }
        Ok(())
    }

    /// Where this store's records are kept, for messages.
    pub fn location(&self) -> String {
        self.engine.describe()
    }

    /// Refuse a migration destination that is not an empty PostgreSQL database.
    pub fn check_migration_target(&self, url: &str) -> Result<()> {
        if !is_postgres_url(url) {
            return Err(StoreError::Refused(msg!(
                "迁移目标必须是 postgres:// 开头的地址（收到“{url}”）",
                "The destination must be a postgres:// URL (got “{url}”)"
            )));
        }
        Store::on_postgres(url, Path::new("."))?.refuse_if_set_up()
    }

    /// Put the move on the record (admin), before the records are copied.
    pub fn record_migration(
        &self,
        actor: &crate::model::User,
        to: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin(&actor.login, now)?;
        tx.audit(
            "store.migrate",
            "store",
            Some(serde_json::json!({"from": self.location()})),
            Some(serde_json::json!({"to": to})),
            None,
        )?;
        tx.commit()
    }

    /// Copy every record, audit entry and checkpoint of this lab, from one read snapshot, into
    /// an empty PostgreSQL database; the bytes are unchanged, so `audit verify` gives the same
    /// answer there. Returns the number of rows copied.
    pub fn migrate_to(&self, url: &str) -> Result<u64> {
        self.check_migration_target(url)?;
        let target = Store::on_postgres(url, Path::new("."))?;
        let snap = self.snapshot()?;
        copy_records(snap.rtx.as_ref(), target.engine.begin_write()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_names_a_file_a_folder_or_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(Location::resolve(d, None), Location::File(d.join(DB_FILE)));
        assert_eq!(
            Location::resolve(d, Some("  ")),
            Location::File(d.join(DB_FILE))
        );
        assert_eq!(
            Location::resolve(d, Some(d.to_str().unwrap())),
            Location::File(d.join(DB_FILE))
        );
        let file = d.join("other.redb");
        assert_eq!(
            Location::resolve(d, Some(file.to_str().unwrap())),
            Location::File(file)
        );
        let url = "postgresql://lab:pw@db/unilab";
        let pg = Location::resolve(d, Some(url));
        assert_eq!(pg, Location::Postgres(url.into()));
        assert_eq!(pg.describe(), "postgresql://lab:***@db/unilab");
    }
}
