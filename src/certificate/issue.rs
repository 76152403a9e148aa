//! Issuing from the lab's records: where templates and keys live, rendering + signing for the
//! store's issue operation, re-rendering an issued report, and checking a PDF against the records.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::timestamp::Tsa;
use super::{verify_pdf, CertificateContent, Renderer, Template, VerifyReport};
use crate::model::{Report, ReportStatus, User};
use crate::store::Store;

/// The folder of templates: `UNILAB_TEMPLATES`, the data dir's own `report-templates/`, the one
/// beside the binary's project, the working directory's, or the source tree's.
pub fn template_root(data_dir: &Path) -> PathBuf {
    let mut candidates = Vec::new();
    if let Ok(dir) = std::env::var("UNILAB_TEMPLATES") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(data_dir.join("report-templates"));
    if let Ok(exe) = std::env::current_exe() {
        // target/{debug,release}/unilab → the project root.
        if let Some(root) = exe.parent().and_then(Path::parent).and_then(Path::parent) {
            candidates.push(root.join("report-templates"));
        }
    }
    candidates.push(PathBuf::from("report-templates"));
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates"));
    candidates
        .iter()
        .find(|p| p.join("default").join("template.toml").exists())
        .cloned()
        .unwrap_or_else(|| candidates[candidates.len() - 1].clone())
}

/// Where the lab's signing key and certificate are kept (owner-only permissions).
pub fn keys_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("keys")
}

/// The lab certificate (DER) that checkpoints and certificates are checked against: the held
/// key's, else the certificate file alone.
pub fn lab_certificate(store: &Store, data_dir: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    if let Some(key) = store.lab_key() {
        return Ok(Some(key.certificate_der().to_vec()));
    }
    Ok(super::keys::load_certificate_der(&keys_dir(data_dir))?)
}

pub use super::certifier::Certifier;

/// The lab's TSA from its setting and the password file in its keys directory; `None` when
/// no TSA is set (B-B).
pub fn lab_tsa(store: &Store, data_dir: &Path) -> anyhow::Result<Option<Tsa>> {
    let settings = store.tsa_settings()?;
    let Some(url) = settings.url.as_deref() else {
        return Ok(None);
    };
    let password = super::keys::load_tsa_password(&keys_dir(data_dir))?;
    Ok(Some(Tsa::new(
        url,
        settings.user.as_deref(),
        password.as_deref(),
    )?))
}

pub(crate) fn data_dir_of(store: &Store) -> PathBuf {
    store
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub(crate) fn write_pdf(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))
}

/// Issue the certificate of an approved order and write it to `out_dir/<report number>.pdf`.
/// Count the pages a certificate lays out to with the lab's template, for previews; the
/// template and font are parsed on first use only. `None` when the template cannot be read.
pub fn page_counter(data_dir: &Path) -> impl Fn(&CertificateContent) -> Option<usize> {
    let dir = template_root(data_dir).join("default");
    let renderer: std::cell::OnceCell<Option<Renderer>> = std::cell::OnceCell::new();
    move |content| {
        let r = renderer
            .get_or_init(|| {
                Template::load(&dir)
                    .ok()
                    .and_then(|t| Renderer::new(t).ok())
            })
            .as_ref()?;
        r.layout(content).ok().map(|pages| pages.len())
    }
}

pub fn issue_for_order(
    store: &Store,
    actor: &User,
    order: &str,
    out_dir: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<(Report, PathBuf)> {
    let certifier = Certifier::for_issuing(store)?;
    let (report, pdf) =
        store.issue_report(actor, order, now, &mut |c, at| certifier.render(c, at))?;
    let path = out_dir.join(format!("{}.pdf", report.number));
    write_pdf(&path, &pdf)?;
    Ok((report, path))
}

/// Issue to an explicit file (the CLI's `--out`).
pub fn issue_to_file(
    store: &Store,
    actor: &User,
    order: &str,
    out: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<Report> {
    let certifier = Certifier::for_issuing(store)?;
    let (report, pdf) =
        store.issue_report(actor, order, now, &mut |c, at| certifier.render(c, at))?;
    write_pdf(out, &pdf)?;
    Ok(report)
}

pub fn amend_to_file(
    store: &Store,
    actor: &User,
    report: &str,
    reason: &str,
    out: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<Report> {
    let certifier = Certifier::for_issuing(store)?;
    let (new, pdf) = store.amend_report(actor, report, reason, now, &mut |c, at| {
        certifier.render(c, at)
    })?;
    write_pdf(out, &pdf)?;
    Ok(new)
}

pub fn show_to_file(store: &Store, report: &str, out: &Path) -> anyhow::Result<Report> {
    let certifier = Certifier::for_store(store)?;
    let r = store.report(report)?;
    let pdf = certifier.rerender(&r)?;
    write_pdf(out, &pdf)?;
    Ok(r)
}

/// The PDF's own checks, plus — when the lab's records are at hand — that the report exists,
/// is still valid, and that this file is the one that was issued.
pub struct Verification {
    pub pdf: VerifyReport,
    pub record_checked: bool,
    pub failures: Vec<String>,
    pub notes: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.pdf.ok() && self.failures.is_empty()
    }
}

pub fn verify_file(bytes: &[u8], store: Option<&Store>) -> Verification {
    let pdf = verify_pdf(bytes);
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    let mut record_checked = false;
    if let (Some(store), Some(qr)) = (store, pdf.qr_payload.as_ref()) {
        match store.report(&qr.report_number) {
            Ok(report) => {
                record_checked = true;
                let sha = hex::encode(Sha256::digest(bytes));
                if sha != report.pdf_sha256 {
                    failures.push(format!(
                        "文件与记录中签发的报告 {} 不是同一份（SHA-256 不符）",
                        report.number
                    ));
                }
                if report.qr_payload != qr.to_text() {
                    failures.push("二维码内容与报告记录不符".to_string());
                }
                if report.content.training {
                    notes.push(format!(
                        "报告 {} 是培训实验室签发的培训样本，不是正式检验报告",
                        report.number
                    ));
                }
                match &report.status {
                    ReportStatus::Issued => notes.push(format!("报告 {} 有效", report.number)),
                    ReportStatus::Replaced { by } => {
                        failures.push(format!("报告 {} 已被 {by} 替代", report.number))
                    }
                    ReportStatus::Withdrawn { reason, .. } => {
                        failures.push(format!("报告 {} 已撤回：{reason}", report.number))
                    }
                }
            }
            Err(_) => failures.push(format!("本实验室记录中没有报告 {}", qr.report_number)),
        }
    } else if store.is_none() {
        notes.push("未找到实验室数据库：只检查了签名和二维码".to_string());
    }
    Verification {
        pdf,
        record_checked,
        failures,
        notes,
    }
}
