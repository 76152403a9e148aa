//! `unilab init`, `user`, `enterprise`, `order`, `result`, `audit`, `backup`, `export`, `import`.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context as _};
use clap::{Args, Subcommand};
use serde_json::json;

use super::context::{now, password_from, Context};
use super::output::tab_row;
use super::CliResult;
use crate::model::text::printable;
use crate::model::{CreditClass, Enterprise, Lab, Role};
use crate::store::{ImportRecord, Store};

#[derive(Args, Debug)]
pub struct InitArgs {
    #[arg(long = "lab-name")]
    pub lab_name: String,
    #[arg(long)]
    pub admin: String,
    #[arg(long = "admin-name", default_value = "")]
    pub admin_name: String,
    #[arg(long, default_value = "")]
    pub address: String,
    #[arg(long, default_value = "")]
    pub contact: String,
    /// A training lab: its clock may be fixed with UNILAB_NOW and its certificates say
    /// 培训样本 / TRAINING on every page.
    #[arg(long)]
    pub training: bool,
}

pub fn init(a: InitArgs, ctx: &Context) -> CliResult {
    let password = password_from("UNILAB_PASSWORD", &format!("{} 的新口令：", a.admin))?;
    let mut lab = Lab::new(&a.lab_name);
    lab.address = a.address;
    lab.contact = a.contact;
    lab.training = a.training;
    let at = crate::clock::record_time(a.training).map_err(anyhow::Error::msg)?;
    let name = if a.admin_name.is_empty() {
        a.admin.clone()
    } else {
        a.admin_name
    };
    let location = crate::startup::store_location(&ctx.data_dir);
    Store::create_at(
        &location,
        &ctx.data_dir,
        lab,
        &a.admin,
        &name,
        &password,
        at,
    )?;
    say!(
        "已创建{}实验室数据库：{}",
        if a.training { "培训" } else { "" },
        location.describe()
    );
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a user (password from UNILAB_NEW_PASSWORD or a prompt).
    Add {
        login: String,
        #[arg(long = "name", default_value = "")]
        display_name: String,
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Product field a signatory may approve (repeatable; `*` for all).
        #[arg(long = "field")]
        fields: Vec<String>,
        /// Limit the user to this site (branch lab): they see and act on its orders only.
        #[arg(long)]
        site: Option<String>,
    },
    /// Limit a user to a site (`--site CODE`) or let them work for the whole lab (`--all`).
    SetSite {
        login: String,
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        site: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        reason: String,
    },
    /// Replace a user's roles and authorised fields.
    SetRoles {
        login: String,
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[arg(long = "field")]
        fields: Vec<String>,
        #[arg(long)]
        reason: String,
    },
    /// Disable a user (records are kept).
    Disable {
        login: String,
        #[arg(long)]
        reason: String,
    },
    Enable {
        login: String,
        #[arg(long)]
        reason: String,
    },
    /// End a lock left by repeated failed logins (admin), with a reason.
    Unlock {
        login: String,
        #[arg(long)]
        reason: String,
    },
    /// Authorise a technician for a test method (授权检测人员), with a reason.
    Authorise {
        login: String,
        /// The method standard as the library writes it (GB/T 28900-2022).
        #[arg(long)]
        method: String,
        #[arg(long)]
        reason: String,
    },
    /// Withdraw a technician's authorisation for a method, with a reason.
    Revoke {
        login: String,
        #[arg(long)]
        method: String,
        #[arg(long)]
        reason: String,
    },
    List,
}

/// A method must be one the library's items name: a typo would authorise nothing.
fn check_method(method: &str, ctx: &Context) -> CliResult {
    let catalog = ctx.catalog()?;
    let key = crate::catalog::code_key;
    let mut known: Vec<&str> = catalog
        .standards()
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.method.as_str()))
        .collect();
    known.sort();
    known.dedup();
    if known.iter().any(|m| key(m) == key(method)) {
        Ok(())
    } else {
        Err(anyhow!(
            "检测方法“{method}”不是标准库中任何项目的方法；可选：{}",
            known.join("、")
        ))
    }
}

/// Authorised fields must be the library's own words (or `*`): a typed 建材 would authorise
/// nothing, silently.
fn check_fields(fields: &[String], ctx: &Context) -> CliResult {
    let catalog = ctx.catalog()?;
    let mut known: Vec<&str> = catalog
        .standards()
        .iter()
        .map(|s| s.field.as_str())
        .collect();
    known.sort();
    known.dedup();
    for f in fields {
        if f != "*" && !known.contains(&f.as_str()) {
            return Err(anyhow!(
                "授权领域“{f}”不是标准库中的领域；可选：{}，或 * 表示全部",
                known.join("、")
            ));
        }
    }
    Ok(())
}

pub fn user(c: UserCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        UserCommand::SetSite {
            login,
            site,
            all: _,
            reason,
        } => {
            let actor = ctx.actor(&store)?;
            let u = store.set_user_site(&actor, &login, site.as_deref(), &reason, now(&store)?)?;
            match u.site {
                Some(s) => say!("用户 {login} 只处理站点 {s} 的委托单"),
                None => say!("用户 {login} 可处理全实验室的委托单"),
            }
        }
        UserCommand::Add {
            login,
            display_name,
            roles,
            fields,
            site,
        } => {
            let actor = ctx.actor(&store)?;
            let roles = roles
                .iter()
                .map(|r| r.parse::<Role>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| anyhow!(e))?;
            check_fields(&fields, ctx)?;
            let password = password_from("UNILAB_NEW_PASSWORD", &format!("{login} 的新口令："))?;
            store.add_user(
                &actor,
                &login,
                &display_name,
                &roles,
                &fields,
                &password,
                now(&store)?,
            )?;
            if let Some(code) = site {
                store.set_user_site(&actor, &login, Some(&code), "新用户所属站点", now(&store)?)?;
            }
            say!("已添加用户 {login}");
        }
        UserCommand::SetRoles {
            login,
            roles,
            fields,
            reason,
        } => {
            let actor = ctx.actor(&store)?;
            let roles = roles
                .iter()
                .map(|r| r.parse::<Role>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| anyhow!(e))?;
            check_fields(&fields, ctx)?;
            store.set_user_roles(&actor, &login, &roles, &fields, &reason, None, now(&store)?)?;
            say!("已修改 {login} 的角色与授权领域");
        }
        UserCommand::Disable { login, reason } => {
            let actor = ctx.actor(&store)?;
            store.set_user_active(&actor, &login, false, &reason, now(&store)?)?;
            say!("已停用 {login}");
        }
        UserCommand::Enable { login, reason } => {
            let actor = ctx.actor(&store)?;
            store.set_user_active(&actor, &login, true, &reason, now(&store)?)?;
            say!("已启用 {login}");
        }
        UserCommand::Unlock { login, reason } => {
            let actor = ctx.actor(&store)?;
            store.unlock_user(&actor, &login, &reason, now(&store)?)?;
            say!("已解锁 {login}");
        }
        UserCommand::Authorise {
            login,
            method,
            reason,
        } => {
            check_method(&method, ctx)?;
            let actor = ctx.actor(&store)?;
            store.authorise_method(&actor, &login, &method, true, &reason, now(&store)?)?;
            say!("已授权 {login} 检测方法 {method}");
        }
        UserCommand::Revoke {
            login,
            method,
            reason,
        } => {
            let actor = ctx.actor(&store)?;
            store.authorise_method(&actor, &login, &method, false, &reason, now(&store)?)?;
            say!("已撤销 {login} 的方法 {method} 授权");
        }
        UserCommand::List => {
            let at = chrono::Utc::now();
            for u in store.users()? {
                let roles: Vec<&str> = u.roles.iter().map(|r| r.key()).collect();
                let state = match (u.active, u.is_locked(at)) {
                    (false, _) => "disabled".to_string(),
                    (true, true) => format!(
                        "locked until {} ({} failed logins)",
                        u.locked_until
                            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                            .unwrap_or_default(),
                        u.failed_logins
                    ),
                    (true, false) => "active".to_string(),
                };
                let line = tab_row(&[
                    u.login.clone(),
                    u.display_name.clone(),
                    roles.join(","),
                    u.fields.join(","),
                    state,
                    u.methods.join(","),
                    u.site.clone().unwrap_or_default(),
                ]);
                say!("{line}");
            }
        }
    }
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum EnterpriseCommand {
    /// Register an enterprise (credit code checked per GB 32100).
    Add {
        #[arg(long)]
        name: String,
        #[arg(long = "credit-code")]
        credit_code: String,
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long, default_value = "")]
        contact: String,
        /// Quality credit class A, B or C.
        #[arg(long = "class", default_value = "B")]
        credit_class: String,
    },
    /// The enterprise file, one line each: credit code, name, credit class, blacklist entry.
    List {
        /// One JSON array: credit_code, name, address, contact, credit_class, blacklist.
        #[arg(long)]
        json: bool,
    },
    /// The enterprise's quality file: credit class, blacklist state and every order naming it
    /// (client, labelled producer or sampled unit) with type, task, date and outcome.
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Licences held (生产许可证, CCC, 计量器具许可): add or remove.
    #[command(subcommand)]
    Licence(super::quality_file::LicenceCommand),
    /// Complaints received about the enterprise.
    #[command(subcommand)]
    Complaint(super::quality_file::ComplaintCommand),
    /// Change the credit class: a person's decision, with the reason (kept in the file).
    Class {
        code: String,
        /// A, B or C.
        #[arg(long = "to")]
        to: String,
        #[arg(long)]
        reason: String,
    },
}

pub fn enterprise(c: EnterpriseCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        EnterpriseCommand::Add {
            name,
            credit_code,
            address,
            contact,
            credit_class,
        } => {
            let actor = ctx.actor(&store)?;
            let credit_class: CreditClass = credit_class.parse().map_err(|e: String| anyhow!(e))?;
            let code = credit_code.trim().to_uppercase();
            store.add_enterprise(
                &actor,
                Enterprise {
                    credit_code: code.clone(),
                    name,
                    address,
                    contact,
                    credit_class,
                    blacklist: None,
                    revision: 0,
                    quality: Default::default(),
                },
                now(&store)?,
            )?;
            say!("已登记企业 {code}");
        }
        EnterpriseCommand::List { json } => {
            let all = store.enterprises()?;
            if json {
                let rows: Vec<_> = all
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "credit_code": e.credit_code,
                            "name": e.name,
                            "address": e.address,
                            "contact": e.contact,
                            "credit_class": format!("{:?}", e.credit_class),
                            "blacklist": e.blacklist,
                        })
                    })
                    .collect();
                say!("{}", serde_json::to_string(&rows)?);
                return Ok(());
            }
            for e in all {
                let mut fields = vec![
                    e.credit_code.clone(),
                    e.name.clone(),
                    format!("{:?}", e.credit_class),
                ];
                if let Some(b) = &e.blacklist {
                    fields.push(format!("黑名单：{b}"));
                }
                say!("{}", tab_row(&fields));
            }
        }
        EnterpriseCommand::Licence(c) => super::quality_file::licence(c, &store, ctx)?,
        EnterpriseCommand::Complaint(c) => super::quality_file::complaint(c, &store, ctx)?,
        EnterpriseCommand::Class { code, to, reason } => {
            super::quality_file::class(&code, &to, &reason, &store, ctx)?
        }
        EnterpriseCommand::Show { code, json } => {
            let file = store.enterprise_file(&code)?;
            if json {
                say!("{}", serde_json::to_string_pretty(&file)?);
            } else {
                // Each line, and each tab-separated field, on its own: printable() on the whole
                // text would turn the line breaks and tabs themselves into �.
                for line in super::enterprise_view::text(&file).lines() {
                    let fields: Vec<_> = line.split('\t').map(printable).collect();
                    say!("{}", fields.join("\t"));
                }
            }
        }
    }
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check, in one snapshot, the hash chain, every record against the entry that last wrote
    /// it, and the signed checkpoints; exit status 1 naming each record or entry that differs.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Sign the current head of the chain with the lab key (admin), e.g. after an upgrade.
    Checkpoint,
    /// Rebuild the order lists' indexes and counts from the orders (admin), when `audit
    /// verify` says they disagree; records are not changed.
    Reindex,
    /// Show the log, or the entries about one record.
    Log {
        target: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn audit(c: AuditCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        AuditCommand::Verify { json } => {
            let cert = crate::certificate::issue::lab_certificate(&store, &ctx.data_dir)?;
            let check = store.verify_audit(cert.as_deref())?;
            if json {
                say!(
                    "{}",
                    serde_json::to_string(&json!({"ok": check.ok(), "check": check}))?
                );
            } else {
                for w in &check.warnings {
                    eprintln!("注意：{w}");
                }
            }
            if check.ok() {
                if !json {
                    let signed = check
                        .checkpoint
                        .map(|s| format!("，链头已由实验室密钥签名（第 {s} 条）"))
                        .unwrap_or_default();
                    say!(
                        "审计链完好：{} 条审计记录，{} 条数据记录与审计记录一致{signed}",
                        check.entries,
                        check.records
                    );
                }
                Ok(())
            } else {
                let lines: Vec<String> = check
                    .problems
                    .iter()
                    .map(|p| crate::model::text::printable(&p.to_string()).into_owned())
                    .collect();
                bail!(
                    "审计链或记录被改动（{} 处）：\n{}",
                    check.problems.len(),
                    lines.join("\n")
                )
            }
        }
        AuditCommand::Reindex => {
            let actor = ctx.actor(&store)?;
            store.reindex_lists(&actor, now(&store)?)?;
            say!("已按委托单重建列表索引和计数");
            Ok(())
        }
        AuditCommand::Checkpoint => {
            let actor = ctx.actor(&store)?;
            let seq = store.checkpoint_now(&actor, now(&store)?)?;
            say!("已用实验室密钥签名审计链头（第 {seq} 条）");
            Ok(())
        }
        AuditCommand::Log { target, json } => {
            for e in store.audit_log(target.as_deref())? {
                if json {
                    say!("{}", serde_json::to_string(&e)?);
                } else {
                    let show = |v: &Option<serde_json::Value>| {
                        v.as_ref()
                            .map(|v| v.to_string())
                            .unwrap_or_else(|| "-".into())
                    };
                    say!(
                        "{:>6} {} {:<10} {:<20} {:<16} {} → {}{}",
                        e.seq,
                        e.at.format("%Y-%m-%d %H:%M:%S"),
                        e.actor,
                        e.operation,
                        e.target,
                        show(&e.before),
                        show(&e.after),
                        e.reason.map(|r| format!("  原因：{r}")).unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
    }
}

pub fn backup(dest: PathBuf, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let rows = store.backup(&dest)?;
    say!("已备份 {rows} 条记录到 {}", dest.display());
    Ok(())
}

pub fn export(ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    store.export_json(&mut lock)?;
    Ok(())
}

pub fn import(file: PathBuf, batch: usize, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let catalog = ctx.catalog()?;
    let f = std::fs::File::open(&file).with_context(|| format!("无法打开 {}", file.display()))?;
    let mut records = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{} 第 {} 行无法读取", file.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let r: ImportRecord = serde_json::from_str(&line)
            .with_context(|| format!("{} 第 {} 行", file.display(), i + 1))?;
        records.push(r);
    }
    let total = records.len();
    let mut progress = super::progress::Progress::new(total as u64, "导入");
    let summary = store.import(
        &actor,
        &catalog,
        &records,
        batch,
        now(&store)?,
        &mut |done| {
            progress.set(done as u64);
            !super::signals::stop_requested()
        },
    )?;
    progress.finish();
    say!("{}", json!(summary));
    if summary.interrupted {
        bail!(
            "导入被中断：已提交 {} 个完整批次（{} 个企业、{} 个委托单、{} 个项目结果），其余 {} 条未导入；可从第 {} 条起重新导入",
            summary.batches,
            summary.enterprises,
            summary.orders,
            summary.results,
            total.saturating_sub(done_records(&summary, batch, total)),
            done_records(&summary, batch, total) + 1
        );
    }
    Ok(())
}

/// Records committed by the whole batches of an import.
fn done_records(summary: &crate::store::ImportSummary, batch: usize, total: usize) -> usize {
    (summary.batches as usize)
        .saturating_mul(batch.max(1))
        .min(total)
}
