//! `unilab enterprise licence|complaint|class`: the writes to an enterprise's quality file.
//! Reading it is `unilab enterprise show`.

use anyhow::anyhow;
use chrono::NaiveDate;
use clap::Subcommand;

use super::context::{now, Context};
use super::CliResult;
use crate::model::quality_file::{ComplaintInput, LicenceInput, LicenceKind};
use crate::model::CreditClass;
use crate::store::Store;

#[derive(Subcommand, Debug)]
pub enum LicenceCommand {
    /// Put a licence on the file (生产许可证, CCC, 计量器具许可 …).
    Add {
        code: String,
        /// production, ccc, metrology or other.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        number: String,
        #[arg(long, default_value = "")]
        scope: String,
        /// Issue date, YYYY-MM-DD.
        #[arg(long)]
        issued: Option<String>,
        /// Last valid day, YYYY-MM-DD.
        #[arg(long = "valid-until")]
        valid_until: Option<String>,
    },
    /// Take a licence off the file (it stays in the record, marked with the reason).
    Remove {
        code: String,
        #[arg(long)]
        number: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ComplaintCommand {
    /// Record a complaint received about the enterprise.
    Add {
        code: String,
        /// The day it was received, YYYY-MM-DD.
        #[arg(long)]
        received: String,
        /// Who complained.
        #[arg(long)]
        from: String,
        #[arg(long)]
        text: String,
        /// The order it concerns, if any.
        #[arg(long)]
        order: Option<String>,
    },
}

fn date(what: &str, text: &str) -> anyhow::Result<NaiveDate> {
    text.trim()
        .parse()
        .map_err(|_| anyhow!("{what}“{text}”不是日期（YYYY-MM-DD）/ {what} is not a date"))
}

fn optional_date(what: &str, text: Option<String>) -> anyhow::Result<Option<NaiveDate>> {
    text.map(|t| date(what, &t)).transpose()
}

pub fn licence(c: LicenceCommand, store: &Store, ctx: &Context) -> CliResult {
    let actor = ctx.actor(store)?;
    match c {
        LicenceCommand::Add {
            code,
            kind,
            number,
            scope,
            issued,
            valid_until,
        } => {
            let input = LicenceInput {
                kind: kind
                    .parse::<LicenceKind>()
                    .map_err(crate::store::StoreError::from)?,
                number,
                scope,
                issued: optional_date("发证日期", issued)?,
                valid_until: optional_date("有效期至", valid_until)?,
            };
            let e = store.add_licence(&actor, &code, &input, now(store)?)?;
            say!(
                "已登记 {} 的{} {}",
                e.credit_code,
                input.kind.zh(),
                input.number.trim()
            );
        }
        LicenceCommand::Remove {
            code,
            number,
            reason,
        } => {
            let e = store.remove_licence(&actor, &code, &number, &reason, now(store)?)?;
            say!("已注销 {} 的许可证 {}", e.credit_code, number.trim());
        }
    }
    Ok(())
}

pub fn complaint(c: ComplaintCommand, store: &Store, ctx: &Context) -> CliResult {
    let actor = ctx.actor(store)?;
    let ComplaintCommand::Add {
        code,
        received,
        from,
        text,
        order,
    } = c;
    let input = ComplaintInput {
        received: date("收到日期", &received)?,
        from,
        text,
        order,
    };
    let e = store.record_complaint(&actor, &code, &input, now(store)?)?;
    say!(
        "已登记对 {} 的投诉（共 {} 件）",
        e.credit_code,
        e.quality.complaints.len()
    );
    Ok(())
}

/// A person's decision on the credit class, with the reason (the file keeps the history).
pub fn class(code: &str, to: &str, reason: &str, store: &Store, ctx: &Context) -> CliResult {
    let actor = ctx.actor(store)?;
    let to: CreditClass = to.parse().map_err(|e: String| anyhow!(e))?;
    let code = code.trim().to_uppercase();
    let current = store
        .enterprise(&code)?
        .ok_or_else(|| anyhow!("没有企业“{code}” / No enterprise “{code}”"))?;
    let rev = current.revision;
    let e = crate::model::Enterprise {
        credit_class: to,
        ..current
    };
    store.update_enterprise(&actor, e, rev, reason, now(store)?)?;
    say!("已将 {code} 的信用等级改为 {to:?}");
    Ok(())
}
