//! Turning laid-out pages into an unsigned, deterministic PDF with printpdf.

use printpdf::RawImage;
use sha2::{Digest as _, Sha256};

use super::content::CertificateContent;
use super::error::CertError;
use super::font::FontFace;
use super::layout::{ImageKind, PageLayout};
use super::pages::{layout_certificate, Extras};
use super::pdf_image::PdfImage;
use super::pdf_writer::{PageSet, PdfWriter};
use super::pdfa::{add_pdfa_parts, pdf_date, DocDates};
use super::qr::qr_matrix;
use super::template::Template;
use super::Result;

/// Resource name of the embedded font; also the 6-letter subset tag (`ULABCJ+…`).
pub(super) const FONT_ID: &str = "ULABCJ";
pub(super) const LOGO_ID: &str = "ImLogo";
pub(super) const SEAL_ID: &str = "ImSeal";
pub(super) const CMA_ID: &str = "ImCma";
pub(super) const CNAS_ID: &str = "ImCnas";
/// Info dictionary key holding the QR payload (UTF-16BE text string).
pub const INFO_QR_KEY: &str = "UnilabQR";
/// Info /Producer and /Creator, repeated in the XMP.
const PRODUCER: &str = "Unilab";
/// Info dictionary key holding the report number.
pub const INFO_REPORT_KEY: &str = "UnilabReport";

/// Renders certificates with one template; parses the font and images once.
pub struct Renderer {
    pub(super) template: Template,
    pub(super) font: FontFace,
    /// Decoded images for the printpdf writer (re-rendering version-1 reports).
    pub(super) logo: Option<RawImage>,
    pub(super) seal: Option<RawImage>,
    pub(super) cma: Option<RawImage>,
    pub(super) cnas: Option<RawImage>,
    /// The same images compressed once for the direct writer, with their resource names.
    encoded: Vec<(ImageKind, &'static str, PdfImage)>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("template", &self.template.dir)
            .field("font", &self.font.describe())
            .finish()
    }
}

fn load_png(path: &std::path::Path, what: &str) -> Result<RawImage> {
    let bytes = std::fs::read(path).map_err(|e| CertError::io(path, "reading image", e))?;
    let mut warnings = Vec::new();
    let img =
        RawImage::decode_from_bytes(&bytes, &mut warnings).map_err(|e| CertError::Template {
            file: path.to_path_buf(),
            field: format!("images.{what}"),
            message: format!("not a readable image: {e}"),
        })?;
    if img.width == 0 || img.height == 0 {
        return Err(CertError::Template {
            file: path.to_path_buf(),
            field: format!("images.{what}"),
            message: "image is empty".into(),
        });
    }
    Ok(img)
}

impl Renderer {
    /// Parse the template's font and images, and check the font covers the template's texts.
    pub fn new(template: Template) -> Result<Self> {
        let font = FontFace::load(&template.font_path, template.font_face_index)?;
        font.check_glyphs(template.texts())?;
        let logo = template
            .logo
            .as_deref()
            .map(|p| load_png(p, "logo"))
            .transpose()?;
        let image = |path: &Option<std::path::PathBuf>, what: &str| {
            path.as_deref().map(|p| load_png(p, what)).transpose()
        };
        let seal = image(&template.seal, "seal")?;
        let cma = image(&template.cma_mark, "cma_mark")?;
        let cnas = image(&template.cnas_mark, "cnas_mark")?;
        let mut encoded = Vec::new();
        for (kind, name, what, img, path) in [
            (ImageKind::Logo, LOGO_ID, "logo", &logo, &template.logo),
            (ImageKind::Seal, SEAL_ID, "seal", &seal, &template.seal),
            (
                ImageKind::CmaMark,
                CMA_ID,
                "cma_mark",
                &cma,
                &template.cma_mark,
            ),
            (
                ImageKind::CnasMark,
                CNAS_ID,
                "cnas_mark",
                &cnas,
                &template.cnas_mark,
            ),
        ] {
            if let (Some(img), Some(path)) = (img, path) {
                encoded.push((kind, name, PdfImage::encode(img, path, what)?));
            }
        }
        Ok(Renderer {
            template,
            font,
            logo,
            seal,
            cma,
            cnas,
            encoded,
        })
    }

    pub fn template(&self) -> &Template {
        &self.template
    }

    pub fn font(&self) -> &FontFace {
        &self.font
    }

    /// Lay out the pages without producing a PDF (for tests and previews).
    pub fn layout(&self, content: &CertificateContent) -> Result<Vec<PageLayout>> {
        let aspect = |i: &Option<RawImage>| i.as_ref().map(|i| i.width as f32 / i.height as f32);
        let extras = Extras {
            logo_aspect: aspect(&self.logo),
            has_seal: self.seal.is_some(),
            cross_page_seal: self.seal.is_some() && self.template.cross_page_seal,
            cma_aspect: aspect(&self.cma),
            cnas_aspect: aspect(&self.cnas),
        };
        let pages = layout_certificate(content, &self.template, &self.font, extras)?;
        self.font
            .check_glyphs(pages.iter().flat_map(|p| p.texts()))?;
        Ok(pages)
    }

    /// Render the unsigned certificate dated at the start (UTC) of its issue day, for previews
    /// and tests. Same input → same bytes.
    pub fn render(&self, content: &CertificateContent, qr_payload: &str) -> Result<Vec<u8>> {
        let midnight = content
            .issue_date
            .and_time(chrono::NaiveTime::MIN)
            .and_utc();
        self.render_at(content, qr_payload, midnight)
    }

    /// Render the unsigned certificate with `at`, the moment it is signed, as its creation
    /// date, so that the Info dictionary, the XMP and the signature's /M state one time.
    pub fn render_at(
        &self,
        content: &CertificateContent,
        qr_payload: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<u8>> {
        self.render_with(PdfWriter::CURRENT, content, qr_payload, at)
    }

    /// [`Renderer::render_at`] with a given writer: a report re-renders with the one that
    /// made it.
    pub fn render_with(
        &self,
        writer: PdfWriter,
        content: &CertificateContent,
        qr_payload: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<u8>> {
        if qr_payload.trim().is_empty() {
            return Err(CertError::Qr("QR payload is empty".into()));
        }
        let pages = self.layout(content)?;
        let title = format!(
            "{} {}",
            self.template.labels.report_title, content.report_number
        );
        let meta = DocMeta {
            title: &title,
            at,
            info: vec![
                (INFO_REPORT_KEY, content.report_number.as_str()),
                (INFO_QR_KEY, qr_payload),
            ],
            id_seed: qr_payload.as_bytes(),
        };
        let qr = super::qr::qr_text(content, qr_payload);
        self.write_pages(writer, &pages, Some(&qr), &meta)
    }

    /// Turn laid-out pages into an unsigned PDF: the font and the template's images embedded,
    /// the QR code drawn where a page asks for it (`qr` must then be given), and the document
    /// information fixed by `meta` so that the same pages give the same bytes.
    pub(crate) fn render_pages(
        &self,
        pages: &[PageLayout],
        qr_payload: Option<&str>,
        meta: &DocMeta<'_>,
    ) -> Result<Vec<u8>> {
        self.write_pages(PdfWriter::CURRENT, pages, qr_payload, meta)
    }

    fn page_set(&self) -> PageSet<'_> {
        PageSet {
            font: &self.font,
            width_mm: self.template.page.width_mm,
            height_mm: self.template.page.height_mm,
            images: self.encoded.iter().map(|(k, n, i)| (*k, *n, i)).collect(),
        }
    }

    fn write_pages(
        &self,
        writer: PdfWriter,
        pages: &[PageLayout],
        qr_payload: Option<&str>,
        meta: &DocMeta<'_>,
    ) -> Result<Vec<u8>> {
        let qr = match qr_payload {
            Some(p) => qr_matrix(p)?,
            None => (0, Vec::new()),
        };
        let mut lo = match writer {
            PdfWriter::Direct => super::pdf_writer::write(&self.page_set(), pages, &qr)?,
            PdfWriter::Printpdf => super::legacy_printpdf::write(self, pages, &qr, meta.title),
        };
        finish_document(&mut lo, meta)?;
        let mut out = Vec::with_capacity(64 * 1024);
        lo.save_to(&mut out)
            .map_err(|e| CertError::Pdf(format!("writing PDF: {e}")))?;
        Ok(out)
    }
}

/// PDF text string: UTF-16BE with BOM (hex) unless plain ASCII.
pub(crate) fn pdf_text(s: &str) -> lopdf::Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        lopdf::Object::String(s.as_bytes().to_vec(), lopdf::StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    }
}

/// Decode a PDF text string (UTF-16BE with BOM, or PDFDocEncoding treated as Latin-1).
pub(crate) fn decode_pdf_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// What the document information of a rendered PDF says, fixed so that output is
/// deterministic: title, the moment it is dated (its signing time), extra keys (report number, QR payload …) and the
/// bytes the document id is derived from.
pub(crate) struct DocMeta<'a> {
    pub title: &'a str,
    pub at: chrono::DateTime<chrono::Utc>,
    pub info: Vec<(&'a str, &'a str)>,
    pub id_seed: &'a [u8],
}

/// Replace printpdf's random document id and wall-clock-free Info with fixed values, and add
/// the PDF/A-2b metadata and output intent.
fn finish_document(doc: &mut lopdf::Document, meta: &DocMeta<'_>) -> Result<()> {
    use lopdf::{Dictionary, Object};
    doc.version = "1.7".into();
    let date = pdf_date(meta.at);
    let mut info = Dictionary::new();
    info.set("Title", pdf_text(meta.title));
    info.set("Producer", pdf_text(PRODUCER));
    info.set("Creator", pdf_text(PRODUCER));
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    for (key, value) in &meta.info {
        info.set(*key, pdf_text(value));
    }
    let info_id = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => id,
        Err(_) => doc.new_object_id(),
    };
    doc.objects.insert(info_id, Object::Dictionary(info));
    doc.trailer.set("Info", Object::Reference(info_id));
    let digest = Sha256::digest(meta.id_seed);
    let id = Object::String(digest[..16].to_vec(), lopdf::StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    compress_streams(doc)?;
    let dates = DocDates {
        title: meta.title,
        producer: PRODUCER,
        creator: PRODUCER,
        at: meta.at,
    };
    add_pdfa_parts(doc, &dates)
}

/// Flate-compress every uncompressed stream. Level 6 (zlib's default): lopdf's own
/// `compress` uses level 9, which costs several milliseconds more on the font program for a
/// few hundred bytes.
fn compress_streams(doc: &mut lopdf::Document) -> Result<()> {
    use std::io::Write as _;
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = obj {
            if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
                continue;
            }
            let mut enc = flate2::write::ZlibEncoder::new(
                Vec::new(),
                flate2::Compression::new(COMPRESSION_LEVEL),
            );
            enc.write_all(&stream.content)
                .map_err(|e| CertError::Pdf(format!("compressing a stream: {e}")))?;
            let compressed = enc
                .finish()
                .map_err(|e| CertError::Pdf(format!("compressing a stream: {e}")))?;
            if compressed.len() + 19 < stream.content.len() {
                stream
                    .dict
                    .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(compressed);
            }
        }
    }
    Ok(())
}

const COMPRESSION_LEVEL: u32 = 4;
