//! Everything issuing needs, parsed once per process: the template, its font and images, and
//! the lab key. Parsing the font and images takes tens of milliseconds, longer than rendering
//! and signing a certificate; a terminal session that issues all day, and a reprint of a
//! thousand reports, reuse one `Certifier` until a file it was made from changes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use anyhow::{anyhow, Context as _};
use chrono::{DateTime, Utc};

use super::issue::{data_dir_of, keys_dir, lab_tsa, template_root};
use super::keys::{CERT_FILE, KEY_FILE};
use super::sign::{issue_written, SignatureTimestamp, Stamp};
use super::{CertificateContent, LabKey, PdfWriter, Renderer, Template};
use crate::message::Msg;
use crate::model::report::RecordedTimestamp;
use crate::model::Report;
use crate::store::{Rendered, Store};

/// The parsed template and font (parsed once) with the lab key: everything issuing needs.
pub struct Certifier {
    renderer: Arc<Renderer>,
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
        Ok(Certifier {
            renderer: Arc::new(renderer),
            key,
        })
    }

    /// [`Certifier::load`] for the lab of `store`, signing with the lab's time-stamping
    /// authority when one is set (PAdES B-T); every document the lab issues is made here.
    pub fn for_store(store: &Store) -> anyhow::Result<Certifier> {
        let data_dir = data_dir_of(store);
        let base = Certifier::shared(&data_dir)?;
        let mut certifier = Certifier {
            renderer: base.renderer.clone(),
            key: base.key.clone(),
        };
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
        self.render_stamped(PdfWriter::CURRENT, content, at, stamp)
    }

    fn render_stamped(
        &self,
        writer: PdfWriter,
        content: &CertificateContent,
        at: DateTime<Utc>,
        stamp: Stamp<'_>,
    ) -> Result<Rendered, Msg> {
        use base64::Engine as _;
        let pdf = issue_written(writer, &self.renderer, content, &self.key, at, stamp)
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
            pdf_writer: writer.version(),
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
        let writer = PdfWriter::from_version(report.pdf_writer).ok_or_else(|| {
            anyhow!(
                "报告 {} 由更新版本的 Unilab 生成（PDF 写入器版本 {}），请升级后再重新生成",
                report.number,
                report.pdf_writer
            )
        })?;
        let r = self
            .render_stamped(writer, &report.content, report.signed_at, stamp)
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

/// The files a certifier was made from, with their modification time and length when read.
#[derive(Debug, Clone, PartialEq)]
struct Sources(Vec<(PathBuf, Option<(SystemTime, u64)>)>);

impl Sources {
    fn of(certifier: &Certifier, data_dir: &Path) -> Sources {
        let t = certifier.renderer.template();
        let keys = keys_dir(data_dir);
        let mut files = vec![
            t.dir.join(super::template::TEMPLATE_FILE),
            t.font_path.clone(),
            keys.join(KEY_FILE),
            keys.join(CERT_FILE),
        ];
        files.extend(
            [&t.logo, &t.seal, &t.cma_mark, &t.cnas_mark]
                .into_iter()
                .flatten()
                .cloned(),
        );
        Sources(files.into_iter().map(|f| (f.clone(), stamp(&f))).collect())
    }

    fn unchanged(&self) -> bool {
        self.0.iter().all(|(f, s)| stamp(f) == *s)
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// One certifier per data folder, with what it was made from.
type Cache = Vec<(PathBuf, Sources, Arc<Certifier>)>;

static SHARED: Mutex<Cache> = Mutex::new(Vec::new());

impl Certifier {
    /// The certifier of the lab in `data_dir`, parsed on first use in this process and again
    /// only when its template, font, images or key files change on disk.
    pub fn shared(data_dir: &Path) -> anyhow::Result<Arc<Certifier>> {
        let root = template_root(data_dir).join("default");
        {
            let cache = SHARED
                .lock()
                .map_err(|_| anyhow!("certifier cache poisoned"))?;
            let fresh = cache.iter().find(|(dir, sources, c)| {
                dir == data_dir && c.renderer.template().dir == root && sources.unchanged()
            });
            if let Some((_, _, c)) = fresh {
                return Ok(c.clone());
            }
        }
        let certifier = Arc::new(Certifier::load(data_dir)?);
        let sources = Sources::of(&certifier, data_dir);
        let mut cache = SHARED
            .lock()
            .map_err(|_| anyhow!("certifier cache poisoned"))?;
        cache.retain(|(d, _, _)| d != data_dir);
        cache.push((data_dir.to_path_buf(), sources, certifier.clone()));
        Ok(certifier)
    }
}
