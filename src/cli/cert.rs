//! `unilab cert …`, `unilab keys …` and `unilab verify`.

use std::path::PathBuf;

use anyhow::{anyhow, bail, Context as _};
use clap::Subcommand;
use serde_json::json;

use super::context::{now, password_from, Context};
use super::CliResult;
use crate::certificate::issue::{
    amend_to_file, issue_to_file, keys_dir, show_to_file, verify_file,
};
use crate::certificate::LabKey;
use crate::model::Role;

#[derive(Subcommand, Debug)]
pub enum CertCommand {
    /// Issue the signed certificate of an approved order; prints the report number last.
    Issue {
        order: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Issue the corrected report that replaces REPORT (its order was reopened and re-approved).
    Amend {
        report: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Withdraw an issued report.
    Withdraw {
        report: String,
        #[arg(long)]
        reason: String,
    },
    /// Re-render an issued report from the record (byte-identical to what was issued).
    Show {
        report: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// List reports with their status (`--json`: one object per report, with its
    /// verification code for the lab's page).
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn cert(c: CertCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    match c {
        CertCommand::Issue { order, out } => {
            let actor = ctx.actor(&store)?;
            let r = issue_to_file(&store, &actor, &order, &out, now(&store)?)?;
            say!("已签发，证书写入 {}", out.display());
            say!("{}", r.number);
        }
        CertCommand::Amend {
            report,
            reason,
            out,
        } => {
            let actor = ctx.actor(&store)?;
            let r = amend_to_file(&store, &actor, &report, &reason, &out, now(&store)?)?;
            say!("已签发更正报告（替代 {report}），写入 {}", out.display());
            say!("{}", r.number);
        }
        CertCommand::Withdraw { report, reason } => {
            let actor = ctx.actor(&store)?;
            store.withdraw_report(&actor, &report, &reason, now(&store)?)?;
            say!("报告 {report} 已撤回");
        }
        CertCommand::Show { report, out } => {
            let r = show_to_file(&store, &report, &out)?;
            say!("{}：{}，写入 {}", r.number, r.status.zh(), out.display());
        }
        CertCommand::List { json: true } => {
            let rows: Vec<serde_json::Value> = store.reports()?.iter().map(report_json).collect();
            say!("{}", serde_json::to_string_pretty(&rows)?);
        }
        CertCommand::List { json: false } => {
            for r in store.reports()? {
                say!(
                    "{}\t{}\t{}\t{}\t{}",
                    r.number,
                    r.order,
                    r.content.issue_date,
                    r.content.sample.name,
                    r.status.zh()
                );
            }
        }
    }
    Ok(())
}

/// One report in `cert list --json`.
fn report_json(r: &crate::model::Report) -> serde_json::Value {
    json!({
        "number": r.number,
        "order": r.order,
        "issue_date": r.content.issue_date,
        "sample": r.content.sample.name,
        "client": r.content.client.name,
        "status": r.status,
        "status_zh": r.status.zh(),
        "pdf_sha256": r.pdf_sha256,
        "verify_code": r.verify_code,
    })
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Make a self-signed lab certificate (ECDSA P-256).
    Init {
        /// Replace an existing key (reports signed before stay verifiable by their embedded certificate).
        #[arg(long)]
        force: bool,
    },
    /// Take a key and certificate from a CA (PKCS#12; password from UNILAB_P12_PASSWORD or a prompt).
    Import { file: PathBuf },
    /// Show the lab certificate and the signature level (PAdES B-B, or B-T with a TSA).
    Show,
    /// The time-stamping authority (RFC 3161; an administrator): `--url http://… [--user U]`
    /// (password from UNILAB_TSA_PASSWORD or a prompt, kept in the keys directory, mode 0600)
    /// stamps every signature (B-T); `--off` goes back to B-B. Without options: print it.
    Tsa {
        /// The TSA's RFC 3161 address, e.g. http://tsa.example.cn/tsr (http only)
        #[arg(long, conflicts_with = "off")]
        url: Option<String>,
        /// HTTP basic user name, when the TSA asks for one
        #[arg(long, requires = "url")]
        user: Option<String>,
        /// Stop timestamping (signatures are B-B again)
        #[arg(long)]
        off: bool,
    },
}

pub fn keys(c: Option<KeysCommand>, ctx: &Context, lang: Option<&str>) -> CliResult {
    let Some(c) = c else {
        // Without a subcommand: the terminal interface's keymap (with the lab's overrides).
        let lang = match lang {
            Some(l) => l.parse::<crate::tui::Lang>().map_err(|e| anyhow!(e))?,
            None => crate::tui::config::config_lang(&ctx.data_dir).unwrap_or_default(),
        };
        say_raw!("{}", crate::tui::keymap_text(lang));
        return Ok(());
    };
    let dir = keys_dir(&ctx.data_dir);
    match c {
        KeysCommand::Init { force } => {
            let store = ctx.open()?;
            let actor = ctx.actor(&store)?;
            require_admin(&actor)?;
            if dir.join("lab-key.pem").exists() && !force {
                bail!("{} 已有实验室密钥；要更换请加 --force", dir.display());
            }
            let at = now(&store)?;
            let key = LabKey::generate_self_signed(&store.lab()?.name, at)?;
            key.save(&dir)?;
            let store = store.with_lab_key(key.clone());
            store.record_lab_key(&actor, "keys.init", at)?;
            say!("已生成自签名实验室证书：\n{}", key.describe());
        }
        KeysCommand::Import { file } => {
            let store = ctx.open()?;
            let actor = ctx.actor(&store)?;
            require_admin(&actor)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("无法读取 {}", file.display()))?;
            let password = password_from("UNILAB_P12_PASSWORD", "PKCS#12 口令：")?;
            let key = LabKey::import_pkcs12(&bytes, &password)?;
            key.save(&dir)?;
            let store = store.with_lab_key(key.clone());
            store.record_lab_key(&actor, "keys.import", now(&store)?)?;
            say!(
                "已导入实验室证书（{}）：\n{}",
                key.algorithm(),
                key.describe()
            );
        }
        KeysCommand::Show => {
            let key = LabKey::load(&dir)
                .map_err(|e| anyhow!("{}：{e}；请先运行 unilab keys init", dir.display()))?;
            say!("密钥算法：{}", key.algorithm());
            say!("{}", key.describe());
            let tsa = if ctx.has_store() {
                ctx.open()?.tsa_settings()?.url
            } else {
                None
            };
            match tsa {
                Some(url) => say!("签名级别：PAdES B-T（每个签名带时间戳服务 {url} 的签名时间戳）"),
                None => say!(
                    "签名级别：PAdES B-B（无签名时间戳；证书过期后的长期验证需要时间戳服务：unilab keys tsa --url …）"
                ),
            }
        }
        KeysCommand::Tsa { url, user, off } => tsa(url, user, off, ctx)?,
    }
    Ok(())
}

/// `keys tsa`: set, turn off or print the lab's time-stamping authority.
fn tsa(url: Option<String>, user: Option<String>, off: bool, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let dir = keys_dir(&ctx.data_dir);
    if url.is_none() && !off {
        match store.tsa_settings()?.url {
            Some(u) => say!("时间戳服务：{u}（PAdES B-T）"),
            None => say!("未设置时间戳服务（PAdES B-B）"),
        }
        return Ok(());
    }
    let actor = ctx.actor(&store)?;
    let settings = crate::model::tsa::TsaSettings {
        url: url.clone(),
        user: user.clone(),
    };
    settings
        .validate()
        .map_err(crate::store::StoreError::Refused)?;
    let password = match &user {
        Some(_) => Some(password_from("UNILAB_TSA_PASSWORD", "时间戳服务口令：")?),
        None => None,
    };
    // The password first: a setting that names a user whose password is missing would make
    // every issue fail.
    crate::certificate::keys::save_tsa_password(&dir, password.as_deref())?;
    store.set_tsa_settings(&actor, &settings, now(&store)?)?;
    let Some(url) = url else {
        say!("已关闭时间戳服务：此后的签名为 PAdES B-B（无时间戳）");
        return Ok(());
    };
    say!("已设置时间戳服务 {url}：此后的签名为 PAdES B-T");
    // A trial request, so a wrong address shows now rather than at the next issue.
    let trial = crate::certificate::timestamp::Tsa::new(&url, user.as_deref(), password.as_deref())
        .and_then(|t| t.room());
    match trial {
        Ok(room) => say!("试用成功：时间戳令牌约 {room} 字节"),
        Err(e) => say!("注意：试用失败，签发将被拒绝，直到它可用：{e}"),
    }
    Ok(())
}

fn require_admin(actor: &crate::model::User) -> anyhow::Result<()> {
    if actor.has(Role::Admin) {
        Ok(())
    } else {
        bail!("管理实验室密钥需要“管理员”角色，{} 没有", actor.login)
    }
}

pub fn verify(file: PathBuf, json_out: bool, ctx: &Context) -> CliResult {
    let bytes = std::fs::read(&file).with_context(|| format!("无法读取 {}", file.display()))?;
    let store = if ctx.has_store() {
        Some(ctx.open()?)
    } else {
        None
    };
    let v = verify_file(&bytes, store.as_ref());
    let mut failures: Vec<String> = v.pdf.failures.clone();
    failures.extend(v.failures.iter().cloned());
    if json_out {
        say!(
            "{}",
            json!({
                "ok": v.ok(),
                "signature_valid": v.pdf.signature_valid,
                "byte_range_covers_whole_file": v.pdf.byte_range_covers_whole_file,
                "qr_signature_valid": v.pdf.qr_signature_valid,
                "report_number": v.pdf.qr_payload.as_ref().map(|q| q.report_number.clone()),
                "certificate": v.pdf.certificate_subject,
                "timestamp": v.pdf.timestamp.as_ref().map(|t| json!({
                    "time": t.time.to_rfc3339(),
                    "tsa": t.tsa_name,
                    "tsa_fingerprint": t.tsa_fingerprint,
                })),
                "record_checked": v.record_checked,
                "failures": failures,
                "notes": v.notes,
            })
        );
    } else {
        let mark = |b: bool| if b { "✓" } else { "✗" };
        say!("{} PDF 签名有效", mark(v.pdf.signature_valid));
        say!(
            "{} 签名覆盖整个文件",
            mark(v.pdf.byte_range_covers_whole_file)
        );
        say!("{} 二维码签名有效", mark(v.pdf.qr_signature_valid));
        if let Some(q) = &v.pdf.qr_payload {
            say!(
                "  报告 {}  {}  样品 {}  委托单位 {}  结论 {}",
                q.report_number,
                q.issue_date,
                q.sample_name,
                q.client_name,
                q.conclusion
            );
        }
        if let Some(s) = &v.pdf.certificate_subject {
            say!("  签名证书：{s}");
        }
        match &v.pdf.timestamp {
            Some(t) => {
                say!(
                    "✓ 签名时间戳（PAdES B-T）：{} 由 {} 签发",
                    t.time.format("%Y-%m-%d %H:%M:%S UTC"),
                    t.tsa_name
                );
                say!("  时间戳服务证书指纹：{}", t.tsa_fingerprint);
            }
            None if v.pdf.signature_valid => say!("  无签名时间戳（PAdES B-B）"),
            None => {}
        }
        if v.record_checked {
            say!("{} 与实验室记录一致", mark(v.failures.is_empty()));
        }
        for n in &v.notes {
            say!("  {n}");
        }
        for f in &failures {
            say!("✗ {f}");
        }
    }
    if v.ok() {
        Ok(())
    } else {
        Err(anyhow!("{} 未通过验证", file.display()))
    }
}
