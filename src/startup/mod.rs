//! What every front end needs before it starts — the standard library loaded and the signals
//! that end it cleanly — below both the command line and the terminal interface, so neither
//! depends on the other.

pub mod signals;

use std::path::PathBuf;

use crate::catalog::Catalog;

/// Load the shipped library and the lab's folders; every load error is listed.
pub fn load_catalog(extra: &[PathBuf]) -> anyhow::Result<Catalog> {
    Catalog::load(extra).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        anyhow::anyhow!("标准库加载失败：\n{}", list.join("\n"))
    })
}
