//! `unilab objection`: after a failed spot check — the objection (异议) within its deadline,
//! the sealed reserve sample released to the re-test institution, the re-test's conclusion,
//! and where an order stands on that way.

use clap::Subcommand;
use serde_json::json;

use super::context::{date_arg, now, Context};
use super::CliResult;
use crate::model::objection::RetestConclusion;
use crate::model::text::printable;

#[derive(Subcommand, Debug)]
pub enum ObjectionCommand {
    /// Record an objection received on a date; refused after the deadline, saying when it ran
    /// out.
    New {
        order: String,
        /// The day the objection was received (YYYY-MM-DD).
        #[arg(long)]
        received: String,
        #[arg(long)]
        reason: String,
        /// Who objected (the sampled unit or the labelled producer); the sampled unit when not
        /// given.
        #[arg(long = "by", default_value = "")]
        by_party: String,
    },
    /// Hand the sealed reserve sample (备样) to the re-test institution.
    Release {
        order: String,
        /// The re-test institution (not this lab).
        #[arg(long)]
        to: String,
        #[arg(long)]
        date: String,
        /// The seal was found broken (recorded; the re-test institution decides).
        #[arg(long = "seal-broken")]
        seal_broken: bool,
    },
    /// Record the re-test's conclusion, the sample's final result.
    Retest {
        order: String,
        #[arg(long)]
        institution: String,
        /// The re-test institution's report number.
        #[arg(long)]
        report: String,
        #[arg(long)]
        date: String,
        /// The re-test confirmed the failure.
        #[arg(
            long,
            conflicts_with = "overturned",
            required_unless_present = "overturned"
        )]
        confirmed: bool,
        /// The re-test found the sample compliant.
        #[arg(long)]
        overturned: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// The spot-check desk's running deadlines: notices to deliver, objection windows open,
    /// reserve samples to release, re-tests awaited or to report, with days left.
    Deadlines {
        #[arg(long)]
        json: bool,
    },
    /// Notices, deadline, objection, release and re-test of an order.
    Show {
        order: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn objection(c: ObjectionCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        ObjectionCommand::New {
            order,
            received,
            reason,
            by_party,
        } => {
            let received = date_arg(&received, "--received")?;
            let by = if by_party.trim().is_empty() {
                let o = store.order(&order)?;
                o.sampling
                    .map(|s| s.sampled_unit.name)
                    .unwrap_or_else(|| o.client.name)
            } else {
                by_party
            };
            let actor = ctx.actor(&store)?;
            store.record_objection(&actor, &order, received, &by, &reason, now(&store)?)?;
            say!("{order} 已记录异议（{received} 收到）");
        }
        ObjectionCommand::Release {
            order,
            to,
            date,
            seal_broken,
        } => {
            let date = date_arg(&date, "--date")?;
            let actor = ctx.actor(&store)?;
            store.release_reserve(&actor, &order, &to, date, !seal_broken, now(&store)?)?;
            say!("{order} 备样已移交 {to}");
        }
        ObjectionCommand::Retest {
            order,
            institution,
            report,
            date,
            confirmed,
            overturned: _,
            note,
        } => {
            let conclusion = RetestConclusion {
                institution,
                report,
                date: date_arg(&date, "--date")?,
                confirmed,
                note,
            };
            let actor = ctx.actor(&store)?;
            store.record_retest(&actor, &order, conclusion, now(&store)?)?;
            say!(
                "{order} 复检结论已记录：{}",
                if confirmed {
                    "维持不合格"
                } else {
                    "复检合格"
                }
            );
        }
        ObjectionCommand::Deadlines { json } => {
            let rows = store.running_deadlines(super::context::today(&store))?;
            if json {
                say!("{}", serde_json::to_string_pretty(&rows)?);
            } else if rows.is_empty() {
                say!("没有进行中的期限");
            } else {
                for r in rows {
                    let due = r.due.map_or("/".to_string(), |d| d.to_string());
                    let left = r.days_left.map_or(String::new(), |n| match n {
                        n if n < 0 => format!("已超期 {} 天", -n),
                        0 => "今天到期".to_string(),
                        n => format!("剩 {n} 天"),
                    });
                    say!(
                        "{}  {}  {}  {}  自 {}  至 {due}  {left}",
                        r.order,
                        r.waiting.zh(),
                        printable(&r.sample),
                        printable(&r.party),
                        r.since
                    );
                }
            }
        }
        ObjectionCommand::Show { order, json } => {
            let o = store.order(&order)?;
            let a = &o.after_failure;
            if json {
                let v = json!({
                    "order": o.number,
                    "notices": a.notices,
                    "deadline": a.deadline(),
                    "objection": a.objection,
                    "release": a.release,
                    "retest": a.retest,
                    "final": final_word(&o),
                });
                say!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                for line in show_text(&o).lines() {
                    say!("{}", printable(line));
                }
            }
        }
    }
    Ok(())
}

/// The sample's final result: the re-test's when there is one.
fn final_word(o: &crate::model::Order) -> &'static str {
    match &o.after_failure.retest {
        Some(r) if r.confirmed => "fail_confirmed",
        Some(_) => "pass_on_retest",
        None => o.overall().key(),
    }
}

fn show_text(o: &crate::model::Order) -> String {
    let a = &o.after_failure;
    let mut out = format!("{}\n", o.number);
    for n in &a.notices {
        out.push_str(&format!(
            "通知书 {}  报告 {}  {} {}送达  异议期限 {}（{}）\n",
            n.number,
            n.report,
            n.delivered,
            n.delivery.zh(),
            n.deadline,
            n.period.zh()
        ));
    }
    if a.notices.is_empty() {
        out.push_str("通知书    未发出\n");
    }
    if let Some(x) = &a.objection {
        out.push_str(&format!(
            "异议      {} 收到  {}：{}\n",
            x.received, x.by_party, x.reason
        ));
    }
    if let Some(r) = &a.release {
        let seal = if r.seal_intact {
            "封样完好"
        } else {
            "封样破损"
        };
        out.push_str(&format!(
            "备样移交  {} 至 {}  {seal}  经手 {}\n",
            r.date, r.to, r.handed_over_by
        ));
    }
    if let Some(r) = &a.retest {
        let word = if r.confirmed {
            "维持不合格"
        } else {
            "复检合格"
        };
        out.push_str(&format!(
            "复检结论  {} {} 报告 {}  {word}  {}\n",
            r.date, r.institution, r.report, r.note
        ));
    }
    out
}
