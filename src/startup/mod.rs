//! What every front end needs before it starts — the standard library loaded and the signals
//! that end it cleanly — below both the command line and the terminal interface, so neither
//! depends on the other.

pub mod signals;

use std::path::{Path, PathBuf};

use anyhow::anyhow;

use crate::catalog::Catalog;
use crate::certificate::issue::keys_dir;
use crate::certificate::keys::KEY_FILE;
use crate::certificate::LabKey;
use crate::store::{Location, Store};
use std::sync::OnceLock;

/// Load the shipped library and the lab's folders; every load error is listed.
pub fn load_catalog(extra: &[PathBuf]) -> anyhow::Result<Catalog> {
    Catalog::load(extra).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        anyhow::anyhow!("标准库加载失败：\n{}", list.join("\n"))
    })
}

/// The `--store` setting of this process, when the command line gave one.
static STORE_SETTING: OnceLock<String> = OnceLock::new();

/// Remember the command line's `--store` (or `UNILAB_STORE`) for every store this process
/// opens or creates.
pub fn set_store_setting(setting: Option<String>) {
    if let Some(s) = setting {
        let _ = STORE_SETTING.set(s);
    }
}

/// Where the lab of `data_dir` keeps its records: the `--store` setting, else `UNILAB_STORE`,
/// else the folder's own redb file.
pub fn store_location(data_dir: &Path) -> Location {
    Location::resolve(data_dir, store_setting().as_deref())
}

/// The `--store` setting in force (for a child process to be given the same).
pub fn store_setting() -> Option<String> {
    STORE_SETTING
        .get()
        .cloned()
        .or_else(|| std::env::var("UNILAB_STORE").ok())
}

/// Open the lab's store in `data_dir`, holding the lab key when there is one, so that every
/// commit of this process signs the audit chain's head. Here, above both the store and the
/// certificate module: the store never sees a key file, the certificate module never opens
/// the store.
pub fn open_lab_store(data_dir: &Path) -> anyhow::Result<Store> {
    let mut store = Store::open_at(&store_location(data_dir), data_dir)?;
    if !crate::clock::is_fixed(store.lab()?.training) {
        store = store.with_system_clock();
    }
    let keys = keys_dir(data_dir);
    if !keys.join(KEY_FILE).exists() {
        return Ok(store);
    }
    let key = LabKey::load(&keys)
        .map_err(|e| anyhow!("无法读取实验室签名密钥（{}）：{e}", keys.display()))?;
    Ok(store.with_lab_key(key))
}
