//! Versioned value encoding: a two-byte tag (`U` + format version) before the body, so a
//! later release can read old records and migrate them. Version 1 is JSON (records people may
//! need to read in an export or a hex dump); version 2 is postcard, for the order index that
//! every screen start reads 100 000 rows of.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::StoreError;

const MAGIC: u8 = b'U';
/// Version 1: JSON of the serde structs in `model/`.
const VERSION: u8 = 1;
/// Version 2: postcard (compact binary) of the same structs.
const COMPACT: u8 = 2;

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    let mut out = vec![MAGIC, VERSION];
    serde_json::to_writer(&mut out, value)
        .map_err(|e| StoreError::Corrupt(format!("无法编码记录：{e}")))?;
    Ok(out)
}

/// Encode compactly (version 2) a record that is read in bulk.
pub fn encode_compact<T: Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    let mut out = vec![MAGIC, COMPACT];
    out.extend(
        postcard::to_stdvec(value)
            .map_err(|e| StoreError::Corrupt(format!("无法编码记录：{e}")))?,
    );
    Ok(out)
}

/// Decode a stored record; `what` names it in the error ("委托单 WT2026-000001").
pub fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    match bytes {
        [MAGIC, VERSION, body @ ..] => serde_json::from_slice(body)
            .map_err(|e| StoreError::Corrupt(format!("{what} 的记录无法解析：{e}"))),
        [MAGIC, COMPACT, body @ ..] => postcard::from_bytes(body)
            .map_err(|e| StoreError::Corrupt(format!("{what} 的记录无法解析：{e}"))),
        [MAGIC, v, ..] => Err(StoreError::Corrupt(format!(
            "{what} 的记录格式版本为 {v}，本程序只认识 {VERSION} 和 {COMPACT}；请升级 unilab"
        ))),
        _ => Err(StoreError::Corrupt(format!(
            "{what} 的记录不是 unilab 格式"
        ))),
    }
}
