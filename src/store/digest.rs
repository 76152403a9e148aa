//! Digests that bind stored records to the audit chain.
//!
//! A record's digest is SHA-256 over exactly the bytes stored (format tag included), so any
//! change to a stored value — one flipped byte — no longer matches the entry that wrote it.
//! Field digests only serve to say *which* field differs when one does.

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::audit::RecordDigest;

/// Digest of one stored value.
pub fn record_digest(table: &str, key: &str, stored: &[u8]) -> RecordDigest {
    RecordDigest {
        table: table.to_string(),
        key: key.to_string(),
        sha256: hex::encode(Sha256::digest(stored)),
        fields: field_digests(stored),
    }
}

/// SHA-256 of stored bytes, hex.
pub fn sha256_hex(stored: &[u8]) -> String {
    hex::encode(Sha256::digest(stored))
}

/// Short digests of each top-level field of a JSON-encoded record (empty for anything else).
pub fn field_digests(stored: &[u8]) -> Vec<(String, String)> {
    let Some(body) = json_body(stored) else {
        return Vec::new();
    };
    let Ok(fields) = serde_json::from_slice::<BTreeMap<String, &RawValue>>(body) else {
        return Vec::new();
    };
    fields
        .into_iter()
        .map(|(name, raw)| {
            let d = Sha256::digest(raw.get().as_bytes());
            (name, hex::encode(&d[..4]))
        })
        .collect()
}

fn json_body(stored: &[u8]) -> Option<&[u8]> {
    match stored {
        [b'U', 1, body @ ..] => Some(body),
        _ => None,
    }
}

/// The fields whose digests differ between what the chain recorded and what is stored now
/// (a field present on one side only counts as differing).
pub fn differing_fields(recorded: &[(String, String)], stored: &[u8]) -> Vec<String> {
    let now = field_digests(stored);
    let then: BTreeMap<&str, &str> = recorded
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let now_map: BTreeMap<&str, &str> = now.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut names: Vec<String> = then
        .keys()
        .chain(now_map.keys())
        .filter(|k| then.get(*k) != now_map.get(*k))
        .map(|k| k.to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether an encoded record carries a control character in any of its texts. JSON escapes
/// C0 controls (`\n`, `\u001b` …); DEL and the C1 range pass through as raw UTF-8.
pub fn has_control_text(stored: &[u8]) -> bool {
    let Some(body) = json_body(stored) else {
        return false;
    };
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' => {
                match body.get(i + 1) {
                    Some(b'n' | b't' | b'r' | b'b' | b'f') => return true,
                    Some(b'u') => {
                        let code = body
                            .get(i + 2..i + 6)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u32::from_str_radix(h, 16).ok());
                        if code.is_some_and(|c| char::from_u32(c).is_some_and(char::is_control)) {
                            return true;
                        }
                    }
                    _ => {}
                }
                i += 2;
            }
            0x7f => return true,
            0xc2 if body.get(i + 1).is_some_and(|b| (0x80..=0x9f).contains(b)) => return true,
            _ => i += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: serde_json::Value) -> Vec<u8> {
        let mut out = vec![b'U', 1];
        out.extend(serde_json::to_vec(&v).unwrap());
        out
    }

    #[test]
    fn a_changed_field_is_named() {
        let before = enc(serde_json::json!({"name": "甲", "value": "450"}));
        let after = enc(serde_json::json!({"name": "甲", "value": "350"}));
        let d = record_digest("orders", "WT1", &before);
        assert_ne!(d.sha256, sha256_hex(&after));
        assert_eq!(differing_fields(&d.fields, &after), vec!["value"]);
        assert!(differing_fields(&d.fields, &before).is_empty());
    }

    #[test]
    fn control_characters_are_found_in_any_text() {
        assert!(has_control_text(&enc(
            serde_json::json!({"n": "a\u{1b}[2J"})
        )));
        assert!(has_control_text(&enc(serde_json::json!({"n": "a\nb"}))));
        assert!(has_control_text(&enc(serde_json::json!({"n": ["x\u{0}"]}))));
        assert!(has_control_text(&enc(serde_json::json!({"n": "\u{85}"}))));
        assert!(has_control_text(&enc(serde_json::json!({"n": "\u{7f}"}))));
        // A backslash followed by n is text, not a newline.
        assert!(!has_control_text(&enc(serde_json::json!({"n": "C:\\new"}))));
        assert!(!has_control_text(&enc(
            serde_json::json!({"n": "福建 ≤12 \"x\""})
        )));
    }
}
