//! `unilab migrate --to postgres://…`: move a lab's records into PostgreSQL (a lab network),
//! and prove the copy by verifying its audit chain there.

use anyhow::bail;
use serde_json::json;

use super::context::{now, Context};
use super::CliResult;
use crate::model::Role;
use crate::store::{Location, Store};

pub fn migrate(to: &str, json_out: bool, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    if !actor.has(Role::Admin) {
        bail!("迁移实验室记录需要“管理员”角色，{} 没有", actor.login);
    }
    let target = Location::Postgres(to.to_string());
    store.check_migration_target(to)?;
    // The move itself is on the record, in the chain that is copied.
    store.record_migration(&actor, &target.describe(), now(&store)?)?;
    let rows = store.migrate_to(to)?;
    let copy = Store::open_at(&target, &ctx.data_dir)?;
    let cert = crate::certificate::issue::lab_certificate(&copy, &ctx.data_dir)?;
    let check = copy.verify_audit(cert.as_deref())?;
    if !check.ok() {
        bail!(
            "已复制 {rows} 行到 {}，但副本的审计校验未通过（{} 处）：{}",
            target.describe(),
            check.problems.len(),
            check
                .problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("；")
        );
    }
    if json_out {
        say!(
            "{}",
            serde_json::to_string(&json!({
                "ok": true,
                "from": store.location(),
                "to": target.describe(),
                "rows": rows,
                "entries": check.entries,
                "records": check.records,
                "checkpoint": check.checkpoint,
            }))?
        );
    } else {
        say!(
            "已迁移 {rows} 行：{} → {}；副本审计链完好（{} 条审计记录，{} 条数据记录）。此后请用 --store {} 或 UNILAB_STORE 打开",
            store.location(),
            target.describe(),
            check.entries,
            check.records,
            target.describe()
        );
    }
    Ok(())
}
