//! `unilab lab`: the lab's own settings. `lab holidays FILE.toml` adds a year's public holidays
//! and make-up working days, which working-day deadlines (food objections) are counted with.

use std::path::PathBuf;

use clap::Subcommand;

use super::context::{now, Context};
use super::CliResult;
use crate::msg;
use crate::store::StoreError;
use crate::supervision::deadline::HolidayCalendar;

#[derive(Subcommand, Debug)]
pub enum LabCommand {
    /// Add a year's holiday calendar (an administrator): `holidays = ["2026-10-01", …]` and
    /// `workdays = ["2026-09-27", …]` (weekend days that are working days).
    Holidays { file: PathBuf },
}

pub fn lab(c: LabCommand, ctx: &Context) -> CliResult {
    match c {
        LabCommand::Holidays { file } => {
            let shown = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|e| {
                StoreError::Refused(msg!(
                    "无法读取节假日文件 {shown}：{e}",
                    "Cannot read the holiday file {shown}: {e}"
                ))
            })?;
            let calendar = HolidayCalendar::parse(&text).map_err(|e| {
                StoreError::Refused(msg!(
                    "节假日文件 {shown} 有误：{e}（格式：holidays = [\"2026-10-01\", …]，workdays = […]）",
                    "The holiday file {shown} is not valid: {e} (format: holidays = [\"2026-10-01\", …], workdays = […])"
                ))
            })?;
            if calendar.holidays.is_empty() && calendar.workdays.is_empty() {
                return Err(StoreError::Refused(msg!(
                    "节假日文件 {shown} 没有列出任何日期",
                    "The holiday file {shown} lists no days"
                ))
                .into());
            }
            let store = ctx.open()?;
            let actor = ctx.actor(&store)?;
            let (h, w) = (calendar.holidays.len(), calendar.workdays.len());
            let all = store.add_holidays(&actor, calendar, now(&store)?)?;
            say!(
                "已加入 {h} 个节假日、{w} 个调休上班日；日历共 {} 个节假日、{} 个调休上班日",
                all.holidays.len(),
                all.workdays.len()
            );
            Ok(())
        }
    }
}
