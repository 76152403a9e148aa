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
    /// Set the early-warning rules (an administrator) from a TOML file: `region_last`,
    /// `region_min`, `region_rate_below` (per cent), `repeat_failures`, `repeat_months`,
    /// `surge_min`; a figure not given keeps its default. Without a file: print the rules.
    Warnings { file: Option<PathBuf> },
    /// The verification page (`unilab serve`; an administrator): its public address, which
    /// the QR code of every report issued afterwards points at, where it listens, the reverse
    /// proxy whose X-Forwarded-For is believed, and the upload limit. A setting not given is
    /// kept; without any: print the settings.
    Web(WebArgs),
    /// The lab's accreditation (an administrator): the CMA and CNAS numbers the cover prints
    /// with their marks, and the accredited scope; items outside it are marked △ and a report
    /// with no item inside carries no mark. Without options: print the settings.
    Accreditation(super::accreditation::AccreditationArgs),
    /// The lab network's sites (branch labs; an administrator to change them).
    #[command(subcommand)]
    Site(SiteCommand),
}

#[derive(Subcommand, Debug)]
pub enum SiteCommand {
    /// Add a site, or rename one: a code of 1–6 capitals or digits (FZ) and its name.
    Add {
        code: String,
        #[arg(long)]
        name: String,
    },
    /// The sites, and whether report numbers carry their codes.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Report numbers of a site's orders carry its code (BHFZ2026-000001, numbered per site):
    /// `on` or `off`.
    Numbers { setting: String },
}

fn site(c: SiteCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        SiteCommand::Add { code, name } => {
            let actor = ctx.actor(&store)?;
            let s = crate::model::site::Site { code, name };
            store.put_site(&actor, &s, super::context::now(&store)?)?;
            say!("站点 {}：{}", s.code, s.name);
        }
        SiteCommand::List { json } => {
            let lab = store.lab()?;
            if json {
                say!(
                    "{}",
                    serde_json::to_string(&serde_json::json!({
                        "sites": lab.sites,
                        "site_numbers": lab.site_numbers,
                    }))?
                );
            } else {
                for s in &lab.sites {
                    say!(
                        "{}",
                        super::output::tab_row(&[s.code.clone(), s.name.clone()])
                    );
                }
            }
        }
        SiteCommand::Numbers { setting } => {
            let on = match setting.as_str() {
                "on" => true,
                "off" => false,
                other => anyhow::bail!("站点编号设置须为 on 或 off（收到“{other}”）"),
            };
            let actor = ctx.actor(&store)?;
            store.set_site_numbers(&actor, on, super::context::now(&store)?)?;
            say!(
                "{}",
                if on {
                    "此后签发的站点报告编号带站点代码，各站点分别连续编号"
                } else {
                    "报告编号不带站点代码"
                }
            );
        }
    }
    Ok(())
}

#[derive(clap::Args, Debug)]
pub struct WebArgs {
    /// e.g. https://lims.example.cn (the QR opens BASE/v/NUMBER?c=CODE)
    #[arg(long)]
    base_url: Option<String>,
    /// e.g. 127.0.0.1:8080
    #[arg(long)]
    listen: Option<String>,
    /// The reverse proxy's IP address
    #[arg(long)]
    trusted_proxy: Option<String>,
    #[arg(long)]
    max_upload_mb: Option<u32>,
}

fn web_settings(a: WebArgs, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let mut s = store.web_settings()?;
    let nothing_given = a.base_url.is_none()
        && a.listen.is_none()
        && a.trusted_proxy.is_none()
        && a.max_upload_mb.is_none();
    if !nothing_given {
        s.base_url = a
            .base_url
            .map(|u| u.trim_end_matches('/').to_string())
            .or(s.base_url);
        s.listen = a.listen.or(s.listen);
        s.trusted_proxy = a.trusted_proxy.or(s.trusted_proxy);
        s.max_upload_mb = a.max_upload_mb.or(s.max_upload_mb);
        let actor = ctx.actor(&store)?;
        store.set_web_settings(&actor, &s, now(&store)?)?;
        say!("报告查询网页设置已更新");
    }
    say!("{}", serde_json::to_string_pretty(&s)?);
    Ok(())
}

fn warning_rules(file: Option<PathBuf>, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let Some(file) = file else {
        say!("{}", serde_json::to_string_pretty(&store.warning_rules()?)?);
        return Ok(());
    };
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(&file).map_err(|e| {
        StoreError::Refused(msg!(
            "无法读取预警规则文件 {shown}：{e}",
            "Cannot read the warning rules file {shown}: {e}"
        ))
    })?;
    let rules: crate::stats::warnings::WarningRules = toml::from_str(&text).map_err(|e| {
        StoreError::Refused(msg!(
            "预警规则文件 {shown} 有误：{e}",
            "The warning rules file {shown} is not valid: {e}"
        ))
    })?;
    let actor = ctx.actor(&store)?;
    store.set_warning_rules(&actor, &rules, now(&store)?)?;
    say!("预警规则已更新：{}", serde_json::to_string(&rules)?);
    Ok(())
}

pub fn lab(c: LabCommand, ctx: &Context) -> CliResult {
    match c {
        LabCommand::Warnings { file } => warning_rules(file, ctx),
        LabCommand::Web(a) => web_settings(a, ctx),
        LabCommand::Accreditation(a) => super::accreditation::accreditation(a, ctx),
        LabCommand::Site(c) => site(c, ctx),
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
