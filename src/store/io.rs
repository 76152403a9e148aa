//! Backup, export and bulk import.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::checkpoint::CHECKPOINTS;
use super::engine::redb_engine::RedbEngine;
use super::engine::{Engine as _, ReadTxn, WriteTxn};
use super::orders::{build_order, parse_entry, save};
use super::Tx;
use super::{Result, Store, StoreError, AUDIT, BOUND_TABLES, ENTERPRISES, ORDERS, REPORTS, USERS};
use crate::catalog::Catalog;
use crate::model::bench::{BenchInput, Conditions};
use crate::model::{Enterprise, Role, User};
use crate::model::{Order, OrderStatus, ResultEntry, StatusChange};
use crate::workflow::{check, Step};

/// One line of a bulk import file (JSON Lines).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportRecord {
    Enterprise(Enterprise),
    Order(Box<super::NewOrder>),
    /// First results of an order (registered or received), checked like `result set`; the
    /// importing user must hold the clerk and technician roles the steps need.
    Results {
        order: String,
        entries: std::collections::BTreeMap<String, Vec<String>>,
        /// The bench facts of these results (test date, instruments, conditions), checked by
        /// the same gate as result entry.
        #[serde(default)]
        tested_on: Option<chrono::NaiveDate>,
        #[serde(default)]
        instruments: Vec<String>,
        #[serde(default)]
        temperature: Option<rust_decimal::Decimal>,
        #[serde(default)]
        humidity: Option<rust_decimal::Decimal>,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub enterprises: u64,
    pub orders: u64,
    pub results: u64,
    pub batches: u64,
    /// Stopped early at a batch boundary (SIGTERM, SIGHUP or Ctrl-C).
    pub interrupted: bool,
}

impl Store {
    /// A consistent copy of the whole database, taken from one read snapshot while others keep
    /// working. The copy is a fresh, compact redb file.
    pub fn backup(&self, dest: &Path) -> Result<u64> {
        if dest.exists() {
            let d = dest.display();
            return Err(StoreError::Refused(crate::msg!(
                "{d} 已存在；备份不会覆盖已有文件",
                "{d} exists; a backup never overwrites a file"
            )));
        }
        let snap = self.snapshot()?;
        let out = RedbEngine::create(dest)?;
        super::files::make_private(dest)?;
        let rows = copy_records(snap.rtx.as_ref(), out.begin_write()?)?;
        Ok(rows)
    }
}

/// Copy every record, audit entry and checkpoint from one engine's snapshot into another's
/// write transaction, bytes unchanged (so the copy verifies like the original), and commit.
/// Returns the number of rows copied.
pub(crate) fn copy_records(from: &dyn ReadTxn, mut to: Box<dyn WriteTxn>) -> Result<u64> {
    let mut rows = 0;
    to.ensure(&BOUND_TABLES, &[AUDIT, CHECKPOINTS])?;
    to.ensure(&super::DERIVED_TABLES, &[])?;
    for table in BOUND_TABLES.into_iter().chain(super::DERIVED_TABLES) {
        from.scan(table, &mut |k, v| {
            to.put(table, k, v)?;
            rows += 1;
            Ok(true)
        })?;
    }
    for table in [AUDIT, CHECKPOINTS] {
        from.scan_seq(table, 0, &mut |k, v| {
            to.put_seq(table, k, v)?;
            rows += 1;
            Ok(true)
        })?;
    }
    to.commit()?;
    Ok(rows)
}

impl Store {
    /// Everything as one JSON document (password hashes left out), from one read snapshot.
    pub fn export_json(&self, out: &mut dyn Write) -> Result<()> {
        let snap = self.snapshot()?;
        let users: Vec<serde_json::Value> = snap
            .read_all::<User>(USERS, "用户")?
            .into_iter()
            .map(|u: User| {
                json!({"login": u.login, "display_name": u.display_name, "roles": u.roles,
                       "fields": u.fields, "active": u.active})
            })
            .collect();
        let orders: Vec<crate::model::Order> = snap.read_all(ORDERS, "委托单")?;
        let lab: Option<crate::model::Lab> = snap.meta("lab")?;
        let doc = json!({
            "schema_version": super::SCHEMA_VERSION,
            "lab": lab,
            "users": users,
            "enterprises": snap.read_all::<Enterprise>(ENTERPRISES, "企业")?,
            "orders": orders,
            "reports": snap.read_all::<crate::model::Report>(REPORTS, "报告")?,
            "instruments": snap.read_all::<crate::model::Instrument>(super::instruments::INSTRUMENTS, "设备")?,
            "tasks": snap.read_all::<crate::model::task::SupervisionTask>(super::tasks::TASKS, "抽查任务")?,
            "audit": snap.audit_log(None)?,
            "checkpoint": snap.latest_checkpoint()?,
        });
        serde_json::to_writer_pretty(&mut *out, &doc)
            .map_err(|e| StoreError::Db(format!("导出失败：{e}")))?;
        writeln!(out).map_err(|e| StoreError::Db(format!("导出失败：{e}")))
    }

    /// Import records in batches; each batch is one transaction with an audit entry per record,
    /// so an interrupted import leaves whole batches or nothing. `progress` is told the number of
    /// records done after each batch and returns false to stop there (a signal arrived).
    pub fn import(
        &self,
        actor: &User,
        catalog: &Catalog,
        records: &[ImportRecord],
        batch_size: usize,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(usize) -> bool,
    ) -> Result<ImportSummary> {
        if !(actor.has(Role::Admin) || actor.has(Role::Clerk)) {
            return Err(StoreError::Refused(crate::msg!(
                "批量导入需要“管理员”或“收样员”角色",
                "Importing needs the admin or sample clerk role"
            )));
        }
        let mut summary = ImportSummary::default();
        for (b, batch) in records.chunks(batch_size.max(1)).enumerate() {
            let mut tx = self.begin(&actor.login, now)?;
            for (i, record) in batch.iter().enumerate() {
                let line = b * batch_size.max(1) + i + 1;
                let at = |e: StoreError| {
                    StoreError::Refused(crate::message::Msg::new(
                        format!("第 {line} 条：{}", e.text(false)),
                        format!("record {line}: {}", e.text(true)),
                    ))
                };
                match record {
                    ImportRecord::Enterprise(e) => {
                        e.validate().map_err(|m| at(StoreError::Refused(m)))?;
                        if tx
                            .get::<Enterprise>(ENTERPRISES, &e.credit_code, "企业")?
                            .is_some()
                        {
                            let code = &e.credit_code;
                            return Err(at(StoreError::Refused(crate::msg!(
                                "企业 {code} 已存在",
                                "Enterprise {code} already exists"
                            ))));
                        }
                        let e = Enterprise {
                            revision: 1,
                            ..e.clone()
                        };
                        tx.put(ENTERPRISES, &e.credit_code, &e)?;
                        tx.audit(
                            "enterprise.import",
                            &e.credit_code,
                            None,
                            Some(json!({"name": e.name})),
                            None,
                        )?;
                        summary.enterprises += 1;
                    }
                    ImportRecord::Order(new) => {
                        let order = build_order(&mut tx, actor, catalog, new, &Default::default())
                            .map_err(at)?;
                        tx.audit(
                            "order.import",
                            &order.number,
                            None,
                            Some(json!({"sample": order.sample.name, "standard": order.standard.code})),
                            None,
                        )?;
                        save(&mut tx, &order)?;
                        summary.orders += 1;
                    }
                    ImportRecord::Results {
                        order,
                        entries,
                        tested_on,
                        instruments,
                        temperature,
                        humidity,
                    } => {
                        let bench = BenchInput {
                            tested_on: *tested_on,
                            tested_until: None,
                            instruments: instruments.clone(),
                            conditions: Conditions {
                                temperature: *temperature,
                                humidity: *humidity,
                            },
                            deviation: None,
                        };
                        summary.results +=
                            import_results(&mut tx, actor, order, entries, &bench).map_err(at)?;
                    }
                }
            }
            tx.commit()?;
            summary.batches += 1;
            if !progress(((b + 1) * batch_size.max(1)).min(records.len())) {
                summary.interrupted = true;
                break;
            }
        }
        Ok(summary)
    }
}

/// Enter an order's first results inside an import transaction, with the same checks as the
/// screens: workflow state and role, item codes, value syntax; one audit entry per order.
fn import_results(
    tx: &mut Tx,
    actor: &User,
    number: &str,
    entries: &std::collections::BTreeMap<String, Vec<String>>,
    bench: &BenchInput,
) -> Result<u64> {
    let mut order: Order = tx
        .get(ORDERS, number, "委托单")?
        .ok_or_else(|| super::orders::not_found(number))?;
    let mut moves = Vec::new();
    if order.status == OrderStatus::Registered {
        let received = check(&order, actor, Step::Receive)?;
        moves.push((order.status, received));
        order.status = received;
        let receipt = super::custody::receipt(&order, actor, &Default::default(), tx.now)?;
        order.received_on = Some(receipt.date);
        order.receipt = Some(receipt);
        super::custody::arrive(&mut order, actor, &Default::default(), tx.now);
    }
    let next = check(&order, actor, Step::EnterResult)?;
    if next != order.status {
        moves.push((order.status, next));
    }
    for (from, to) in moves {
        order.history.push(StatusChange {
            at: tx.now,
            by: actor.login.clone(),
            from: Some(from),
            to,
            reason: None,
        });
    }
    let mut count = 0;
    for (item, texts) in entries {
        if order.results.contains_key(item) {
            return Err(StoreError::Refused(crate::msg!(
                "{number} 的 {item} 已有结果；导入只录入首次结果",
                "{item} of {number} already has a result; an import enters first results only"
            )));
        }
        let values = parse_entry(&order, item, texts)?;
        let resolved = order
            .item(item)
            .cloned()
            .ok_or_else(|| super::orders::not_found(item))?;
        let bench = super::bench::bench_record(tx, actor, &order, &resolved, bench)?;
        if let Some(d) = &bench.deviation {
            super::arrangements::note_deviation(&mut order, item, d, actor);
        }
        order
            .results
            .entry(item.clone())
            .or_default()
            .history
            .push(ResultEntry {
                values,
                entered_by: actor.login.clone(),
                entered_at: tx.now,
                reason: None,
                uncertainty: None,
                bench,
            });
        count += 1;
    }
    super::custody::to_bench(&mut order, actor, tx.now);
    order.status = next;
    order.revision += 1;
    tx.audit(
        "order.result.import",
        number,
        None,
        Some(json!({"entries": entries})),
        None,
    )?;
    save(tx, &order)?;
    Ok(count)
}
