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
use crate::store::Store;

/// Load the shipped library and the lab's folders; every load error is listed.
pub fn load_catalog(extra: &[PathBuf]) -> anyhow::Result<Catalog> {
    Catalog::load(extra).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        anyhow::anyhow!("标准库加载失败：\n{}", list.join("\n"))
    })
}

/// Open the lab's store in `data_dir`, holding the lab key when there is one, so that every
/// commit of this process signs the audit chain's head. Here, above both the store and the
/// certificate module: the store never sees a key file, the certificate module never opens
/// the store.
pub fn open_lab_store(data_dir: &Path) -> anyhow::Result<Store> {
    let mut store = Store::open(&data_dir.join(crate::store::DB_FILE))?;
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
