//! `unilab sample`: where a sample is, moving it, disposing of it with a witness, the samples
//! whose retention has ended, and the retention periods by product field.

use clap::Subcommand;
use serde_json::json;

use super::context::{date_arg, now, today, Context};
use super::output::tab_row;
use super::CliResult;
use crate::model::custody::SampleLocation;
use crate::model::text::printable;

#[derive(Subcommand, Debug)]
pub enum SampleCommand {
    /// A sample's receipt, location, retention and disposal.
    Show {
        order: String,
        #[arg(long)]
        json: bool,
    },
    /// Move a sample: in_test | retained | released (with the place, e.g. 留样室 A-03).
    Move {
        order: String,
        to: String,
        #[arg(long, default_value = "")]
        place: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Dispose of a sample whose retention has ended, with a witness (another user).
    Dispose {
        order: String,
        /// 销毁 / 退还委托方 …
        #[arg(long)]
        method: String,
        /// The witness's login.
        #[arg(long)]
        witness: String,
        /// The day of disposal (YYYY-MM-DD); today when not given.
        #[arg(long)]
        date: Option<String>,
    },
    /// Retained samples whose retention period has ended.
    Due {
        #[arg(long)]
        json: bool,
    },
    /// Set the retention period of a product field in days (admin).
    Retention {
        #[arg(long)]
        field: String,
        #[arg(long)]
        days: u32,
    },
}

pub fn sample(c: SampleCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        SampleCommand::Show { order, json } => {
            let o = store.order(&order)?;
            let days = store.lab()?.retention_days(&o.standard.field);
            let c = &o.custody;
            let retained_until = c.retention_ends(days);
            if json {
                let v = json!({
                    "order": o.number,
                    "sample": o.sample.name,
                    "sample_number": o.sample.sample_number,
                    "receipt": o.receipt,
                    "location": c.location().map(SampleLocation::key),
                    "place": c.place(),
                    "retention_days": days,
                    "retained_on": c.retained_on(),
                    "retained_until": retained_until,
                    "moves": c.moves,
                    "disposal": c.disposal,
                });
                say!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                let mut out = format!(
                    "{}  {}（{}）\n",
                    o.number, o.sample.name, o.sample.sample_number
                );
                match &o.receipt {
                    Some(r) => out.push_str(&format!(
                        "收样      {}  {}  封样：{}  收样人：{}\n",
                        r.date, r.state, r.seal, r.by
                    )),
                    None => out.push_str("收样      未收样\n"),
                }
                let here = c.location().map_or("未收样", SampleLocation::zh);
                out.push_str(&format!("位置      {here}  {}\n", c.place()));
                if let Some(end) = retained_until {
                    out.push_str(&format!("留样期    {days} 天，至 {end}\n"));
                }
                if let Some(d) = &c.disposal {
                    out.push_str(&format!(
                        "处置      {}  {}  处置人：{}  见证人：{}\n",
                        d.date, d.method, d.by, d.witness
                    ));
                }
                for line in out.lines() {
                    say!("{}", printable(line));
                }
            }
        }
        SampleCommand::Move {
            order,
            to,
            place,
            note,
        } => {
            let to = SampleLocation::parse(&to).ok_or_else(|| {
                anyhow::anyhow!(
                    "样品位置“{to}”应为 in_test（在检）、retained（留样）或 released（已退还）"
                )
            })?;
            let actor = ctx.actor(&store)?;
            store.move_sample(&actor, &order, to, &place, &note, now(&store)?)?;
            say!("{order} 样品：{}", to.zh());
        }
        SampleCommand::Dispose {
            order,
            method,
            witness,
            date,
        } => {
            let date = date.as_deref().map(|d| date_arg(d, "--date")).transpose()?;
            let actor = ctx.actor(&store)?;
            store.dispose_sample(&actor, &order, &method, &witness, date, now(&store)?)?;
            say!("{order} 样品已处置（{method}，见证人 {witness}）");
        }
        SampleCommand::Due { json } => {
            let today = today(&store);
            let due = store.samples_due_for_disposal(today)?;
            if json {
                let rows: Vec<_> = due
                    .iter()
                    .map(|(s, end)| json!({"order": s.number, "sample": s.sample, "retained_until": end}))
                    .collect();
                say!("{}", serde_json::to_string(&rows)?);
            } else {
                for (s, end) in due {
                    let end = format!("留样期至 {end}");
                    say!("{}", tab_row(&[s.number.as_str(), s.sample.as_str(), &end]));
                }
            }
        }
        SampleCommand::Retention { field, days } => {
            let actor = ctx.actor(&store)?;
            store.set_retention(&actor, &field, days, now(&store)?)?;
            say!("“{field}”样品留样期 {days} 天");
        }
    }
    Ok(())
}
