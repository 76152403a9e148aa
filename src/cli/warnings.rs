//! `unilab warnings`: the early warnings the lab's rules raise now, each with its evidence and
//! whether a person acknowledged it; `unilab warnings ack ID --note N` acknowledges one.

use clap::{Args, Subcommand};

use super::context::{now, today, Context};
use super::CliResult;
use crate::model::text::printable;

#[derive(Args, Debug)]
pub struct WarningsArgs {
    #[command(subcommand)]
    command: Option<WarningsCommand>,
    #[arg(long)]
    json: bool,
    /// Include the acknowledged ones.
    #[arg(long)]
    all: bool,
}

#[derive(Subcommand, Debug)]
enum WarningsCommand {
    /// Acknowledge a warning with what was decided (an administrator or signatory; audited).
    Ack {
        id: String,
        #[arg(long)]
        note: String,
    },
}

pub fn warnings(a: WarningsArgs, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    if let Some(WarningsCommand::Ack { id, note }) = a.command {
        let actor = ctx.actor(&store)?;
        let w = store.acknowledge_warning(&actor, &id, &note, now(&store)?)?;
        say!("已确认预警 {}：{}", w.warning.id, printable(&w.warning.zh));
        return Ok(());
    }
    let list: Vec<_> = store
        .warnings(today(&store))?
        .into_iter()
        .filter(|w| a.all || w.acknowledged.is_none())
        .collect();
    if a.json {
        say!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    if list.is_empty() {
        say!("没有未确认的预警");
    }
    for w in list {
        let ack = w.acknowledged.as_ref().map_or(String::new(), |k| {
            format!("（已确认：{} {}）", k.by, k.note)
        });
        say!(
            "[{}] {}{}\n  {}\n  依据：{}",
            w.warning.rule.zh(),
            printable(&w.warning.zh),
            printable(&ack),
            w.warning.id,
            w.warning.evidence.join("、")
        );
    }
    Ok(())
}
