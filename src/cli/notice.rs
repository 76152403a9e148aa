//! `unilab notice issue ORDER --delivered D [--delivery post|hand|electronic] --out FILE.pdf`:
//! the signed result notice (检验结果通知书) of a failed spot check, with the objection deadline
//! counted from the day it was delivered.

use std::path::PathBuf;

use clap::Subcommand;

use super::context::{date_arg, now, Context};
use super::CliResult;
use crate::certificate::notice::issue_notice_to_file;
use crate::model::objection::Delivery;
use crate::msg;
use crate::store::{NoticeInput, StoreError};

#[derive(Subcommand, Debug)]
pub enum NoticeCommand {
    /// Issue the notice of a failed, issued spot check (a signatory); prints its number and
    /// the objection deadline.
    Issue {
        order: String,
        /// The day the notice reached the sampled unit (送达), YYYY-MM-DD; the objection period
        /// runs from it.
        #[arg(long)]
        delivered: String,
        /// How it was delivered: post, hand or electronic.
        #[arg(long, default_value = "post")]
        delivery: String,
        /// Where to write the signed PDF.
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn notice(c: NoticeCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        NoticeCommand::Issue {
            order,
            delivered,
            delivery,
            out,
        } => {
            let delivered = date_arg(&delivered, "--delivered")?;
            let delivery = Delivery::parse(&delivery).ok_or_else(|| {
                StoreError::Refused(msg!(
                    "--delivery “{delivery}” 应为 post（邮寄）、hand（直接送达）或 electronic（电子送达）",
                    "--delivery “{delivery}” should be post, hand or electronic"
                ))
            })?;
            let actor = ctx.actor(&store)?;
            let input = NoticeInput {
                delivered,
                delivery,
            };
            let (n, doc) =
                issue_notice_to_file(&store, &actor, &order, &input, &out, now(&store)?)?;
            say!(
                "检验结果通知书 {}（报告 {}，{} 个不合格项目）已签发，写入 {}；{} {}送达，异议期限 {}，至 {} 止",
                n.number,
                n.report,
                doc.failed.len(),
                out.display(),
                n.delivered,
                n.delivery.zh(),
                n.period.zh(),
                n.deadline
            );
            say!("{}", n.number);
            Ok(())
        }
    }
}
