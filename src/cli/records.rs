//! `unilab init`, `user`, `enterprise`, `order`, `result`, `audit`, `backup`, `export`, `import`.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context as _};
use clap::{Args, Subcommand};
use serde_json::json;

use super::context::{now, password_from, Context};
use super::CliResult;
use crate::decision::{DecisionRule, Uncertainty};
use crate::inspection::InspectionType;
use crate::model::text::printable;
use crate::model::{CreditClass, Enterprise, Lab, Role, Sample};
use crate::store::{ImportRecord, MoreBasis, NewOrder, Registration, Store};

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
    Store::create(&ctx.db_path(), lab, &a.admin, &name, &password, at)?;
    say!(
        "已创建{}实验室数据库：{}",
        if a.training { "培训" } else { "" },
        ctx.db_path().display()
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
    List,
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
        UserCommand::Add {
            login,
            display_name,
            roles,
            fields,
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
                let line = format!(
                    "{}\t{}\t{}\t{}\t{state}",
                    u.login,
                    u.display_name,
                    roles.join(","),
                    u.fields.join(",")
                );
                say!("{}", printable(&line));
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
    List,
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
                },
                now(&store)?,
            )?;
            say!("已登记企业 {code}");
        }
        EnterpriseCommand::List => {
            for e in store.enterprises()? {
                say!(
                    "{}\t{}\t{:?}{}",
                    e.credit_code,
                    e.name,
                    e.credit_class,
                    e.blacklist
                        .map(|b| format!("\t黑名单：{b}"))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct NewOrderArgs {
    #[arg(long)]
    pub standard: String,
    #[arg(long)]
    pub grade: String,
    /// Size class where limits depend on it (e.g. d6-12).
    #[arg(long)]
    pub spec: Option<String>,
    /// commissioned, supervision, type, factory or licence.
    #[arg(long = "type")]
    pub inspection_type: String,
    /// Client's credit code.
    #[arg(long)]
    pub client: String,
    #[arg(long)]
    pub producer: Option<String>,
    #[arg(long)]
    pub sample: String,
    #[arg(long, default_value = "")]
    pub trademark: String,
    #[arg(long = "model-spec", default_value = "")]
    pub model_spec: String,
    #[arg(long, default_value = "")]
    pub batch: String,
    #[arg(long, default_value = "")]
    pub quantity: String,
    #[arg(long, default_value = "")]
    pub condition: String,
    #[arg(long = "sample-number", default_value = "")]
    pub sample_number: String,
    /// Items: for commissioned exactly the client's choice, otherwise added to the mandatory set.
    #[arg(long, value_delimiter = ',')]
    pub items: Vec<String>,
    /// Due date YYYY-MM-DD (default: a week after registration).
    #[arg(long)]
    pub due: Option<String>,
    #[arg(long, default_value = "")]
    pub deviations: String,
    #[arg(long, default_value = "")]
    pub remarks: String,
    /// Register under a withdrawn edition anyway.
    #[arg(long = "allow-withdrawn")]
    pub allow_withdrawn: bool,
    /// A further basis (判定依据): "CODE", "CODE|GRADE" or "CODE|GRADE|ITEM,ITEM" (repeatable).
    #[arg(long = "basis")]
    pub bases: Vec<String>,
    /// A value declared on the label (标明值): ITEM=VALUE, e.g. N=15 (repeatable).
    #[arg(long = "declared")]
    pub declared: Vec<String>,
    /// A measured or nominal dimension: NAME=VALUE, e.g. d=32 (repeatable).
    #[arg(long = "dimension")]
    pub dimensions: Vec<String>,
    /// Chemistry measured on the finished product (GB/T 222 allowances).
    #[arg(long = "product-analysis")]
    pub product_analysis: bool,
    /// The decision rule agreed with the client: simple or guard-band.
    #[arg(long, default_value = "simple")]
    pub rule: String,
}

/// `KEY=VALUE` pairs as exact decimals; `what` names the option in messages.
fn pairs(texts: &[String], what: &str) -> anyhow::Result<BTreeMap<String, rust_decimal::Decimal>> {
    let mut out = BTreeMap::new();
    for t in texts {
        let (k, v) = crate::store::parse_pair(t).map_err(|e| anyhow!("{what} {e}"))?;
        out.insert(k, v);
    }
    Ok(out)
}

/// The issue-11 part of `order new`.
fn registration(a: &NewOrderArgs) -> anyhow::Result<Registration> {
    let more_bases = a.bases.iter().map(|b| MoreBasis::parse(b)).collect();
    Ok(Registration {
        more_bases,
        rule: DecisionRule::parse(&a.rule).map_err(|e| anyhow!(e))?,
        dimensions: pairs(&a.dimensions, "--dimension")?,
        declared: pairs(&a.declared, "--declared")?,
        product_analysis: a.product_analysis,
    })
}

#[derive(Subcommand, Debug)]
pub enum OrderCommand {
    /// Register an order; prints its number as the last line.
    New(Box<NewOrderArgs>),
    Show {
        order: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// The sample arrived.
    Receive { order: String },
    /// Submit the results for review (needs every item).
    Submit { order: String },
    /// Review: accept, or reject with a reason.
    Review {
        order: String,
        #[arg(long, conflicts_with = "reject")]
        accept: bool,
        #[arg(long, requires = "reason")]
        reject: bool,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Approve (批准) as authorised signatory.
    Approve { order: String },
    /// Send back from approval to testing.
    Reject {
        order: String,
        #[arg(long)]
        reason: String,
    },
    /// Reopen an issued order to correct its report (an amendment follows).
    Reopen {
        order: String,
        #[arg(long)]
        reason: String,
    },
}

pub fn order(c: OrderCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    // Only writes take the record clock (reading works whatever UNILAB_NOW says).
    let t = || now(&store);
    match c {
        OrderCommand::New(a) => {
            let actor = ctx.actor(&store)?;
            let catalog = ctx.catalog()?;
            let inspection_type: InspectionType =
                a.inspection_type.parse().map_err(|e: String| anyhow!(e))?;
            let due = a
                .due
                .as_deref()
                .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
                .transpose()
                .context("--due 应为 YYYY-MM-DD")?;
            let reg = registration(&a)?;
            let new = NewOrder {
                inspection_type,
                client: a.client.trim().to_uppercase(),
                producer: a.producer.map(|p| p.trim().to_uppercase()),
                sample: Sample {
                    name: a.sample,
                    trademark: a.trademark,
                    model_spec: a.model_spec,
                    batch: a.batch,
                    quantity: a.quantity,
                    condition: a.condition,
                    sample_number: a.sample_number,
                },
                standard: a.standard,
                grade: a.grade,
                spec: a.spec,
                items: a
                    .items
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                due,
                deviations: a.deviations,
                remarks: a.remarks,
                allow_withdrawn: a.allow_withdrawn,
            };
            let order = store.register_order_with(&actor, &catalog, &new, &reg, t()?)?;
            let codes: Vec<String> = order
                .items
                .iter()
                .map(|i| {
                    if i.mandatory {
                        format!("{}*", i.code)
                    } else {
                        i.code.clone()
                    }
                })
                .collect();
            say!("项目（* 为必检）：{}", codes.join(" "));
            say!("{}", order.number);
        }
        OrderCommand::Show { order, json } => {
            let o = store.order(&order)?;
            if json {
                say!("{}", super::order_view::order_json(&o));
            } else {
                say_raw!("{}", super::order_view::order_text(&o));
            }
        }
        OrderCommand::List { json } => {
            let rows = store.order_summaries()?;
            if json {
                say!("{}", serde_json::to_string(&rows)?);
            } else {
                for r in rows {
                    say!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        r.number,
                        r.status.zh(),
                        r.inspection_type.zh(),
                        r.client,
                        r.sample,
                        r.standard
                    );
                }
            }
        }
        OrderCommand::Receive { order } => {
            let o = store.receive(&ctx.actor(&store)?, &order, None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Submit { order } => {
            let o = store.submit(&ctx.actor(&store)?, &order, None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Review {
            order,
            accept,
            reject,
            reason,
        } => {
            if accept == reject {
                bail!("请给出 --accept 或 --reject --reason …");
            }
            let o = store.review(
                &ctx.actor(&store)?,
                &order,
                accept,
                reason.as_deref(),
                None,
                t()?,
            )?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Approve { order } => {
            let o = store.approve(&ctx.actor(&store)?, &order, None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Reject { order, reason } => {
            let o =
                store.reject_approval(&ctx.actor(&store)?, &order, Some(&reason), None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Reopen { order, reason } => {
            let o = store.reopen(&ctx.actor(&store)?, &order, Some(&reason), t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
    }
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum ResultCommand {
    /// Enter the value(s) of one item (one per specimen).
    Set {
        order: String,
        item: String,
        #[arg(required = true, allow_negative_numbers = true)]
        values: Vec<String>,
        /// Why a value is changed (needed when the item already has one).
        #[arg(long)]
        reason: Option<String>,
        /// Expanded uncertainty U (k = 2) of these values, for a guard-band rule (0.10 or 5%).
        #[arg(long)]
        uncertainty: Option<String>,
    },
}

pub fn result(c: ResultCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let ResultCommand::Set {
        order,
        item,
        values,
        reason,
        uncertainty,
    } = c;
    let uncertainty = uncertainty
        .as_deref()
        .map(Uncertainty::parse)
        .transpose()
        .map_err(|e| anyhow!("--uncertainty：{e}"))?;
    let actor = ctx.actor(&store)?;
    let o = store.enter_result_with(
        &actor,
        &order,
        &item,
        &values,
        uncertainty,
        reason.as_deref(),
        None,
        now(&store)?,
    )?;
    let outcome = o.outcomes().into_iter().find(|x| x.code == item);
    if let Some(j) = outcome.and_then(|x| x.judgement) {
        say!("{item} 检验结果 {}  单项判定 {}", j.reported, j.verdict);
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
