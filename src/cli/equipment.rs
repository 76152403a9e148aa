//! `unilab instrument`: the equipment register (设备台账) — add, calibrate, intermediate
//! checks, status, list and show.

use anyhow::anyhow;
use clap::Subcommand;
use serde_json::json;

use super::context::{date_arg, now, today, Context};
use super::output::tab_row;
use super::CliResult;
use crate::model::text::printable;
use crate::model::{Instrument, InstrumentStatus};
use crate::store::NewCalibration;

#[derive(Subcommand, Debug)]
pub enum InstrumentCommand {
    /// Register an instrument with the due date of its current calibration.
    Add {
        /// The lab's equipment number (SB-001).
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// The kind a method names (万能材料试验机); the name when not given.
        #[arg(long, default_value = "")]
        kind: String,
        #[arg(long, default_value = "")]
        model: String,
        #[arg(long, default_value = "")]
        serial: String,
        #[arg(long, default_value = "")]
        maker: String,
        /// Measuring range (0～1000 kN).
        #[arg(long, default_value = "")]
        range: String,
        #[arg(long, default_value = "")]
        resolution: String,
        #[arg(long, default_value = "")]
        location: String,
        /// Calibration due date (YYYY-MM-DD).
        #[arg(long)]
        due: String,
        /// in_use | limited | out_of_service
        #[arg(long, default_value = "in_use")]
        status: String,
    },
    /// Record a calibration or verification (检定/校准).
    Calibrate {
        id: String,
        #[arg(long)]
        certificate: String,
        /// The day of the calibration (YYYY-MM-DD).
        #[arg(long)]
        date: String,
        /// Due date stated by the certificate (YYYY-MM-DD).
        #[arg(long)]
        due: String,
        #[arg(long, default_value = "")]
        body: String,
        /// 合格 / 准用 / 不合格 (不合格 takes the instrument out of service).
        #[arg(long, default_value = "合格")]
        result: String,
        /// The correction or uncertainty the certificate states.
        #[arg(long, default_value = "")]
        correction: String,
    },
    /// Record an intermediate check (期间核查); `--failed` stops its use from that day.
    Check {
        id: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        failed: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Put in use, limit or take out of service, with a reason.
    Status {
        id: String,
        /// in_use | limited | out_of_service
        status: String,
        #[arg(long)]
        reason: String,
    },
    List {
        #[arg(long)]
        json: bool,
        /// Only instruments due within this many days (or overdue).
        #[arg(long = "due-within")]
        due_within: Option<u64>,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

fn status(text: &str) -> anyhow::Result<InstrumentStatus> {
    InstrumentStatus::parse(text).ok_or_else(|| {
        anyhow!("设备状态“{text}”应为 in_use（在用）、limited（限用）或 out_of_service（停用）")
    })
}

pub fn instrument(c: InstrumentCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        InstrumentCommand::Add {
            id,
            name,
            kind,
            model,
            serial,
            maker,
            range,
            resolution,
            location,
            due,
            status: s,
        } => {
            let i = Instrument {
                id,
                name,
                kind,
                model,
                serial,
                maker,
                range,
                resolution,
                location,
                status: status(&s)?,
                initial_due: date_arg(&due, "--due")?,
                calibrations: Vec::new(),
                checks: Vec::new(),
                revision: 0,
            };
            let i = store.add_instrument(&ctx.actor(&store)?, i, now(&store)?)?;
            say!("已登记设备 {}（{}），有效期至 {}", i.id, i.kind, i.due());
        }
        InstrumentCommand::Calibrate {
            id,
            certificate,
            date,
            due,
            body,
            result,
            correction,
        } => {
            let c = NewCalibration {
                certificate,
                body,
                date: date_arg(&date, "--date")?,
                due: date_arg(&due, "--due")?,
                result,
                correction,
            };
            let i = store.calibrate_instrument(&ctx.actor(&store)?, &id, c, now(&store)?)?;
            say!("{} 有效期至 {}（{}）", i.id, i.due(), i.status.zh());
        }
        InstrumentCommand::Check {
            id,
            date,
            failed,
            note,
        } => {
            let day = date_arg(&date, "--date")?;
            let actor = ctx.actor(&store)?;
            store.check_instrument(&actor, &id, day, !failed, &note, now(&store)?)?;
            say!(
                "{id} {day} 期间核查{}",
                if failed { "不合格" } else { "合格" }
            );
        }
        InstrumentCommand::Status {
            id,
            status: s,
            reason,
        } => {
            let s = status(&s)?;
            let actor = ctx.actor(&store)?;
            store.set_instrument_status(&actor, &id, s, &reason, now(&store)?)?;
            say!("{id} {}", s.zh());
        }
        InstrumentCommand::List { json, due_within } => {
            let today = today(&store);
            let all = store.instruments()?;
            let shown: Vec<&Instrument> = all
                .iter()
                .filter(|i| due_within.is_none_or(|d| i.due_within(today, d)))
                .collect();
            if json {
                let rows: Vec<_> = shown.iter().map(|i| summary_json(i, today)).collect();
                say!("{}", serde_json::to_string(&rows)?);
            } else {
                for i in shown {
                    let mut fields = vec![
                        i.id.clone(),
                        i.name.clone(),
                        i.kind.clone(),
                        i.status.zh().to_string(),
                        i.due().to_string(),
                    ];
                    if i.due() < today {
                        fields.push("超期".into());
                    }
                    say!("{}", tab_row(&fields));
                }
            }
        }
        InstrumentCommand::Show { id, json } => {
            let i = store.instrument(&id)?;
            if json {
                say!("{}", serde_json::to_string_pretty(&i)?);
            } else {
                for line in show_text(&i).lines() {
                    say!("{}", printable(line));
                }
            }
        }
    }
    Ok(())
}

fn summary_json(i: &Instrument, today: chrono::NaiveDate) -> serde_json::Value {
    json!({
        "id": i.id, "name": i.name, "kind": i.kind, "model": i.model, "serial": i.serial,
        "status": i.status.key(), "due": i.due(), "overdue": i.due() < today,
        "location": i.location,
    })
}

fn show_text(i: &Instrument) -> String {
    let mut out = format!(
        "设备编号  {}\n名称      {}\n类别      {}\n型号      {}\n出厂编号  {}\n制造商    {}\n\
         测量范围  {}\n分辨力    {}\n存放地点  {}\n状态      {}\n有效期至  {}\n",
        i.id,
        i.name,
        i.kind,
        i.model,
        i.serial,
        i.maker,
        i.range,
        i.resolution,
        i.location,
        i.status.zh(),
        i.due()
    );
    for c in &i.calibrations {
        out.push_str(&format!(
            "检定/校准 {}  证书 {}  {}  有效期至 {}  {}  {}\n",
            c.date, c.certificate, c.body, c.due, c.result, c.correction
        ));
    }
    for c in &i.checks {
        let r = if c.passed { "合格" } else { "不合格" };
        out.push_str(&format!("期间核查 {}  {r}  {}  {}\n", c.date, c.by, c.note));
    }
    out
}
