//! Everything issuing needs, parsed once per process: the template, its font and images, and
//! the lab key. Parsing the font and images takes tens of milliseconds, longer than rendering
//! and signing a certificate; a terminal session that issues all day, and a reprint of a
//! thousand reports, reuse one `Certifier` until a file it was made from changes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use anyhow::{anyhow, Context as _};
use chrono::{DateTime, Utc};

use super::issue::{keys_dir, template_root};
use super::keys::{CERT_FILE, KEY_FILE};
use super::{issue, CertificateContent, LabKey, Renderer, Template};
use crate::model::Report;
use crate::store::Rendered;

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

    pub fn key(&self) -> &LabKey {
        &self.key
    }

    /// The template's renderer: its font, page geometry and images (for the raw record).
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Render and sign one content at a signing time.
    pub fn render(
        &self,
        content: &CertificateContent,
        at: DateTime<Utc>,
    ) -> Result<Rendered, String> {
        let pdf = issue(&self.renderer, content, &self.key, at).map_err(|e| e.to_string())?;
        Ok(Rendered {
            pdf: pdf.bytes,
            sha256: pdf.sha256_hex,
            qr_payload: pdf.qr_payload,
            pages: u32::try_from(pdf.pages).unwrap_or(u32::MAX),
        })
    }

    /// Re-render an issued report from its stored record; the bytes must hash to what was issued.
    pub fn rerender(&self, report: &Report) -> anyhow::Result<Vec<u8>> {
        let r = self
            .render(&report.content, report.signed_at)
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
