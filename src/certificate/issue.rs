//! Issuing from the lab's records: where templates and keys live, rendering + signing for the
//! store's issue operation, re-rendering an issued report, and checking a PDF against the records.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::sign::{issue_stamped, SignatureTimestamp, Stamp};
use super::timestamp::Tsa;
use super::{verify_pdf, CertificateContent, LabKey, Renderer, Template, VerifyReport};
use crate::message::Msg;
use crate::model::report::RecordedTimestamp;
use crate::model::{Report, ReportStatus, User};
use crate::store::{Rendered, Store};

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

/// Open the lab's store in `data_dir`, holding the lab key when there is one, so that every
/// commit of this process signs the audit chain's head.
pub fn open_lab_store(data_dir: &Path) -> anyhow::Result<Store> {
    let mut store = Store::open(&data_dir.join(crate::store::DB_FILE))?;
    if !crate::clock::is_fixed(store.lab()?.training) {
        store = store.with_system_clock();
    }
    let keys = keys_dir(data_dir);
    if !keys.join(super::keys::KEY_FILE).exists() {
        return Ok(store);
    }
    let key = LabKey::load(&keys)
        .map_err(|e| anyhow!("无法读取实验室签名密钥（{}）：{e}", keys.display()))?;
    Ok(store.with_lab_key(key))
}

/// The lab certificate (DER) that checkpoints and certificates are checked against: the held
/// key's, else the certificate file alone.
pub fn lab_certificate(store: &Store, data_dir: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    if let Some(key) = store.lab_key() {
        return Ok(Some(key.certificate_der().to_vec()));
    }
    Ok(super::keys::load_certificate_der(&keys_dir(data_dir))?)
}

/// The parsed template and font (parsed once) with the lab key: everything issuing needs.
pub struct Certifier {
    renderer: Renderer,
    key: LabKey,
}

impl Certifier {
    pub fn load(data_dir: &Path) -> anyhow::Result<Certifier> {
        let template_dir = template_root(data_dir).join("default");
        let template = Template::load(&template_dir)
            .with_context(|| format!("报告模板 {}", template_dir.display()))?;
        let renderer = Renderer::new(template)?;
        let keys = keys_dir(data_dir);
        let key = LabKey::load(&keys).map_err(|e| {
            anyhow!(
                "无法读取实验室签名密钥（{}）：{e}；请先运行 unilab keys init",
                keys.display()
            )
        })?;
        Ok(Certifier { renderer, key })
    }

    /// [`Certifier::load`] for the lab of `store`, signing with the lab's time-stamping
    /// authority when one is set (PAdES B-T); every document the lab issues is made here.
    pub fn for_store(store: &Store) -> anyhow::Result<Certifier> {
        let data_dir = data_dir_of(store);
        let mut certifier = Certifier::load(&data_dir)?;
        if let Some(tsa) = lab_tsa(store, &data_dir)? {
            certifier.key = certifier.key.with_tsa(tsa);
        }
        Ok(certifier)
    }

    /// [`Certifier::for_store`] for issuing a recorded document: the TSA's token size is
    /// measured now, before the store's write transaction, so that a TSA that is down refuses
    /// at once and the transaction waits for one exchange with it at most.
    pub fn for_issuing(store: &Store) -> anyhow::Result<Certifier> {
        let certifier = Certifier::for_store(store)?;
        if let Some(tsa) = certifier.key.tsa() {
            tsa.room().map_err(|e| {
                let m = e.message();
                let (zh, en) = (&m.zh, &m.en);
                crate::store::StoreError::Refused(crate::msg!(
                    "证书生成失败，未签发：{zh}",
                    "The certificate could not be made; nothing was issued: {en}"
                ))
            })?;
        }
        Ok(certifier)
    }

    pub fn key(&self) -> &LabKey {
        &self.key
    }

    /// The template's renderer: its font, page geometry and images (for the raw record).
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Render and sign one content at a signing time.
    pub fn render(&self, content: &CertificateContent, at: DateTime<Utc>) -> Result<Rendered, Msg> {
        let stamp = self.key.tsa().map_or(Stamp::Without, Stamp::Live);
        self.render_stamped(content, at, stamp)
    }

    fn render_stamped(
        &self,
        content: &CertificateContent,
        at: DateTime<Utc>,
        stamp: Stamp<'_>,
    ) -> Result<Rendered, Msg> {
        use base64::Engine as _;
        let pdf = issue_stamped(&self.renderer, content, &self.key, at, stamp)
            .map_err(|e| e.message())?;
        let timestamp = pdf.timestamp.map(|t| RecordedTimestamp {
            token: base64::engine::general_purpose::STANDARD.encode(&t.token),
            room: u32::try_from(t.room).unwrap_or(u32::MAX),
        });
        Ok(Rendered {
            pdf: pdf.bytes,
            sha256: pdf.sha256_hex,
            qr_payload: pdf.qr_payload,
            pages: u32::try_from(pdf.pages).unwrap_or(u32::MAX),
            timestamp,
        })
    }

    /// Re-render an issued report from its stored record; the bytes must hash to what was issued.
    /// A B-T report gets its recorded token back (a new one would change the file); a B-B report
    /// stays B-B whatever the lab's TSA is now.
    pub fn rerender(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        use base64::Engine as _;
        let recorded = match &report.timestamp {
            Some(t) => Some(SignatureTimestamp {
                token: base64::engine::general_purpose::STANDARD
                    .decode(&t.token)
                    .map_err(|e| anyhow!("报告 {} 记录的时间戳令牌已损坏：{e}", report.number))?,
                room: usize::try_from(t.room).unwrap_or(usize::MAX),
            }),
            None => None,
        };
        let stamp = recorded.as_ref().map_or(Stamp::Without, Stamp::Replay);
        let r = self
            .render_stamped(&report.content, report.signed_at, stamp)
            .map_err(|e| anyhow!(e))?;
        if r.sha256 != report.pdf_sha256 {
            return Err(anyhow!(
                "重新生成的报告 {} 与签发时不一致（哈希 {} ≠ {}）：模板、字体或签名密钥已更换",
                report.number,
                &r.sha256[..12],
                &report.pdf_sha256[..12.min(report.pdf_sha256.len())]
            ));
        }
        Ok(r.pdf)
    }
}

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
