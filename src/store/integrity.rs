//! `audit verify`: in one read snapshot, the chain is intact, every stored record is exactly
//! the state its latest audit entry names, and the head is covered by a checkpoint signed with
//! the lab key.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;

use serde::{Deserialize, Serialize};

use super::audit::{AuditEntry, HashBody, GENESIS};
use super::checkpoint::{Checkpoint, CHECKPOINTS};
use super::codec;
use super::digest::{differing_fields, sha256_hex};
use super::snapshot::Snapshot;
use super::tx::HEAD;
use super::{Result, StoreError, AUDIT, BOUND_TABLES, META, REPORTS};
use crate::model::report::CheckpointRef;

/// One thing that does not hold, naming the record or entry it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The record (委托单 WT2026-000001) or entry (审计记录第 12 条) concerned.
    pub subject: String,
    /// The fields that differ, when a record was changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：{}", self.subject, self.message)
    }
}

/// The outcome of `audit verify`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChainCheck {
    pub entries: u64,
    /// Stored records compared with the chain.
    pub records: u64,
    /// The latest signed checkpoint (its sequence number), if any.
    pub checkpoint: Option<u64>,
    /// Empty when everything holds.
    pub problems: Vec<Problem>,
    /// Things an operator should know that are not evidence of tampering.
    pub warnings: Vec<String>,
}

impl ChainCheck {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, subject: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            subject: subject.into(),
            fields: Vec::new(),
            message: message.into(),
        });
    }
}

/// What the person reading a problem calls a table's records.
pub fn record_kind(table: &str) -> &str {
    match table {
        "orders" => "委托单",
        "order_index" => "委托单索引",
        "users" => "用户",
        "enterprises" => "企业",
        "reports" => "报告",
        "meta" => "实验室设置",
        "instruments" => "设备",
        "tasks" => "抽查任务",
        other => other,
    }
}

fn entry_subject(seq: u64) -> String {
    format!("审计记录第 {seq} 条")
}

/// Where the chain says a record should be: the entry that last wrote it and the digest.
type Bindings = HashMap<(String, String), (u64, String)>;

pub(crate) fn verify(snap: &Snapshot, lab_certificate: Option<&[u8]>) -> Result<ChainCheck> {
    let checkpoints = read_checkpoints(snap)?;
    // The chain walk and the hashing of every stored record are independent reads of the same
    // snapshot: they run side by side, one core each.
    let (walked, stored) = std::thread::scope(|s| {
        let hashing = s.spawn(|| stored_digests(snap));
        let mut check = ChainCheck::default();
        let walked = walk_chain(snap, &checkpoints, &mut check).map(|b| (b, check));
        let stored = hashing.join().unwrap_or_else(|_| {
            Err(StoreError::Corrupt(
                "数据库文件已损坏，无法读取；请用备份恢复".into(),
            ))
        });
        (walked, stored)
    });
    let (bound, mut check) = walked?;
    compare_records(snap, stored?, bound, &mut check)?;
    check_signature(&checkpoints, lab_certificate, &mut check);
    check_reports(snap, &checkpoints, &mut check)?;
    for wrong in super::list_index::check(snap.rtx.as_ref())? {
        check.warnings.push(format!(
            "{wrong}：列表和计数可能显示不准（记录本身未受影响）；运行 unilab audit reindex 重建"
        ));
    }
    Ok(check)
}

fn read_checkpoints(snap: &Snapshot) -> Result<BTreeMap<u64, Checkpoint>> {
    let mut out = BTreeMap::new();
    snap.rtx.scan_seq(CHECKPOINTS, 0, &mut |k, v| {
        let cp: Checkpoint = codec::decode(v, &format!("审计检查点 {k}"))?;
        out.insert(k, cp);
        Ok(true)
    })?;
    Ok(out)
}

/// An audit entry as stored, read without building values: texts borrowed where they can be,
/// `before`/`after`/records as their stored JSON text, which is exactly what the hash covers.
#[derive(Deserialize)]
struct StoredEntry<'a> {
    seq: u64,
    at: DateTime<Utc>,
    #[serde(borrow)]
    actor: Cow<'a, str>,
    #[serde(borrow)]
    operation: Cow<'a, str>,
    #[serde(borrow)]
    target: Cow<'a, str>,
    #[serde(borrow)]
    before: Option<&'a RawValue>,
    #[serde(borrow)]
    after: Option<&'a RawValue>,
    #[serde(borrow)]
    reason: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    records: Option<&'a RawValue>,
    #[serde(borrow)]
    prev: Cow<'a, str>,
    #[serde(borrow)]
    hash: Cow<'a, str>,
}

/// The part of a bound record the walk needs (the field digests are read only on a mismatch).
#[derive(Deserialize)]
struct Bound<'a> {
    #[serde(borrow)]
    table: Cow<'a, str>,
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(borrow)]
    sha256: Cow<'a, str>,
}

impl StoredEntry<'_> {
    /// The same hash as [`AuditEntry::compute_hash`], over the stored text.
    fn compute_hash(&self) -> String {
        let mut h = HashBody::new();
        h.item(true, &self.seq);
        h.item(false, &self.at.to_rfc3339());
        h.item(false, &*self.actor);
        h.item(false, &*self.operation);
        h.item(false, &*self.target);
        h.raw(raw_or_null(self.before));
        h.raw(raw_or_null(self.after));
        h.item(false, &self.reason);
        h.item(false, &*self.prev);
        if let Some(records) = self.records {
            h.raw(records.get());
        }
        h.finish()
    }
}

fn raw_or_null(v: Option<&RawValue>) -> &str {
    v.map(RawValue::get).unwrap_or("null")
}

/// Walk every entry: sequence, link to the previous one, own hash, checkpoints on the way.
/// Returns where each record's latest state is named.
fn walk_chain(
    snap: &Snapshot,
    checkpoints: &BTreeMap<u64, Checkpoint>,
    check: &mut ChainCheck,
) -> Result<Bindings> {
    let mut bound = Bindings::new();
    let mut prev = Some(GENESIS.to_string());
    let mut expected = 1u64;
    snap.rtx.scan_seq(AUDIT, 0, &mut |seq, v| {
        check.entries += 1;
        if seq != expected {
            check.problem(
                entry_subject(expected),
                format!("缺失（下一条是第 {seq} 条）：可能有条目被删除"),
            );
        }
        expected = seq.saturating_add(1);
        let parsed = match v {
            [b'U', 1, body @ ..] => serde_json::from_slice::<StoredEntry>(body).ok(),
            _ => None,
        };
        let Some(e) = parsed else {
            check.problem(entry_subject(seq), "无法解析（被改动）");
            prev = None;
            return Ok(true);
        };
        check_entry(&e, seq, prev.as_deref(), checkpoints, check);
        if let Some(records) = e.records {
            match serde_json::from_str::<Vec<Bound>>(records.get()) {
                Ok(list) => {
                    for d in list {
                        bound.insert(
                            (d.table.into_owned(), d.key.into_owned()),
                            (seq, d.sha256.into_owned()),
                        );
                    }
                }
                Err(_) => check.problem(entry_subject(seq), "所记录的数据摘要无法解析（被改动）"),
            }
        }
        prev = Some(e.hash.into_owned());
        Ok(true)
    })?;
    let head: Option<(u64, String)> = snap.meta(HEAD)?;
    match head {
        Some((seq, hash)) if seq != check.entries || prev.as_deref() != Some(hash.as_str()) => {
            check.problem(
                "审计链头",
                format!(
                    "与审计链末尾不符（链头记第 {seq} 条，实有 {} 条）：可能有条目被删除或改动",
                    check.entries
                ),
            )
        }
        None if check.entries > 0 => check.problem("审计链头", "缺失"),
        _ => {}
    }
    Ok(bound)
}

fn check_entry(
    e: &StoredEntry,
    seq: u64,
    prev: Option<&str>,
    checkpoints: &BTreeMap<u64, Checkpoint>,
    check: &mut ChainCheck,
) {
    if e.seq != seq {
        check.problem(entry_subject(seq), format!("内容写的是第 {} 条", e.seq));
    }
    if prev.is_some_and(|p| p != e.prev) {
        check.problem(entry_subject(seq), "前序哈希与上一条不符（链被改动）");
    }
    if e.compute_hash() != e.hash {
        check.problem(
            entry_subject(seq),
            format!(
                "（{} {} {} {}）的内容与其哈希不符（记录被改动）",
                e.at.format("%Y-%m-%d %H:%M:%S"),
                e.actor,
                e.operation,
                e.target
            ),
        );
    }
    if let Some(cp) = checkpoints.get(&seq) {
        if cp.hash != e.hash {
            check.problem(
                format!("审计检查点第 {seq} 条"),
                "签名时的链头哈希与现在的审计链不符：检查点之前的历史被改写",
            );
        }
    }
}

/// The names of [`BOUND_TABLES`], in the same order.
const BOUND_TABLE_NAMES: [&str; 10] = [
    "meta",
    "users",
    "enterprises",
    "orders",
    "order_index",
    "reports",
    "instruments",
    "tasks",
    "order_facts",
    "access_log",
];

/// One stored record's place and the SHA-256 of its bytes.
struct StoredDigest {
    table: &'static str,
    key: String,
    sha256: String,
}

/// The digest of every bound record, table by table in key order.
fn stored_digests(snap: &Snapshot) -> Result<Vec<StoredDigest>> {
    let mut out = Vec::new();
    for (i, def) in BOUND_TABLES.iter().enumerate() {
        let table = BOUND_TABLE_NAMES[i];
        snap.rtx.scan(*def, &mut |k, v| {
            if !(table == META.name() && k == HEAD) {
                out.push(StoredDigest {
                    table,
                    key: k.to_string(),
                    sha256: sha256_hex(v),
                });
            }
            Ok(true)
        })?;
    }
    Ok(out)
}

/// Every stored record must equal the state its latest entry names, and every record the
/// chain names must still be there (records are never deleted).
fn compare_records(
    snap: &Snapshot,
    stored: Vec<StoredDigest>,
    mut bound: Bindings,
    check: &mut ChainCheck,
) -> Result<()> {
    for s in stored {
        check.records += 1;
        let subject = format!("{} {}", record_kind(s.table), s.key);
        match bound.remove(&(s.table.to_string(), s.key.clone())) {
            Some((_, sha)) if sha == s.sha256 => {}
            Some((seq, _)) => {
                let fields = changed_fields(snap, seq, s.table, &s.key)?;
                let named = if fields.is_empty() {
                    String::new()
                } else {
                    format!("字段 {} ", fields.join("、"))
                };
                check.problems.push(Problem {
                    subject,
                    fields,
                    message: format!(
                        "{named}与审计记录第 {seq} 条写入的状态不符：记录在审计之外被改动"
                    ),
                });
            }
            None => check.problem(subject, "不在审计记录中：记录在审计之外被加入或改名"),
        }
    }
    let mut missing: Vec<_> = bound.into_iter().collect();
    missing.sort_by_key(|(_, (seq, _))| *seq);
    for ((table, key), (seq, _)) in missing {
        check.problem(
            format!("{} {key}", record_kind(&table)),
            format!("审计记录第 {seq} 条写入了它，但数据库中已没有：记录被删除或改名"),
        );
    }
    Ok(())
}

/// The fields of a record that differ from what entry `seq` recorded (read only on a mismatch).
fn changed_fields(snap: &Snapshot, seq: u64, table: &str, key: &str) -> Result<Vec<String>> {
    let Some(recorded) = recorded_fields(snap, seq, table, key)? else {
        return Ok(Vec::new());
    };
    let Some(def) = BOUND_TABLES.into_iter().find(|d| d.name() == table) else {
        return Ok(Vec::new());
    };
    let now = snap.rtx.get(def, key)?;
    Ok(now
        .map(|v| differing_fields(&recorded, &v))
        .unwrap_or_default())
}

/// The field digests an entry recorded for one record.
fn recorded_fields(
    snap: &Snapshot,
    seq: u64,
    table: &str,
    key: &str,
) -> Result<Option<Vec<(String, String)>>> {
    let Some(v) = snap.rtx.get_seq(AUDIT, seq)? else {
        return Ok(None);
    };
    let e: AuditEntry = codec::decode(&v, &entry_subject(seq))?;
    Ok(e.records
        .into_iter()
        .find(|d| d.table == table && d.key == key)
        .map(|d| d.fields))
}

fn check_signature(
    checkpoints: &BTreeMap<u64, Checkpoint>,
    lab_certificate: Option<&[u8]>,
    check: &mut ChainCheck,
) {
    let latest = checkpoints.values().next_back();
    check.checkpoint = latest.map(|c| c.seq);
    match (lab_certificate, latest) {
        (Some(cert), Some(cp)) => {
            if let Err(why) = cp.verify(cert) {
                check.problem(format!("审计检查点第 {} 条", cp.seq), why);
            }
            if cp.seq < check.entries {
                check.problem(
                    format!("审计记录第 {}–{} 条", cp.seq + 1, check.entries),
                    "没有实验室密钥签名的检查点：可能是在签名之后被加入或改写（可用 unilab audit checkpoint 由管理员核对后签名）",
                );
            }
        }
        (Some(_), None) if check.entries > 0 => check.problem(
            "审计链",
            "没有实验室密钥签名的检查点（可用 unilab audit checkpoint 签名当前链头）",
        ),
        (None, Some(cp)) => check.problem(
            format!("审计检查点第 {} 条", cp.seq),
            "审计链由实验室密钥签名过，但找不到实验室证书（keys/lab-cert.pem），无法核对签名",
        ),
        _ => check
            .warnings
            .push("实验室还没有密钥：审计链没有签名检查点（unilab keys init）".into()),
    }
}

/// Every issued report names the checkpoint it was issued under; it must be one of the chain's.
fn check_reports(
    snap: &Snapshot,
    checkpoints: &BTreeMap<u64, Checkpoint>,
    check: &mut ChainCheck,
) -> Result<()> {
    #[derive(Deserialize)]
    struct Named {
        #[serde(default)]
        issued_under: Option<CheckpointRef>,
    }
    snap.rtx.scan(REPORTS, &mut |k, v| {
        let Ok(named) = codec::decode::<Named>(v, "报告") else {
            return Ok(true); // an undecodable report is already reported as changed
        };
        if let Some(r) = named.issued_under {
            if checkpoints.get(&r.seq).is_none_or(|cp| cp.hash != r.hash) {
                check.problem(
                    format!("报告 {k}"),
                    format!(
                        "签发时所依据的审计检查点（第 {} 条）不存在或已被改写",
                        r.seq
                    ),
                );
            }
        }
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_follow_the_bound_tables() {
        let names: Vec<&str> = BOUND_TABLES.iter().map(|d| d.name()).collect();
        assert_eq!(names, BOUND_TABLE_NAMES);
    }
}
