//! Turning laid-out pages into an unsigned, deterministic PDF with printpdf.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rgb, TextItem, WindingOrder,
    XObject, XObjectId, XObjectTransform,
};
use sha2::{Digest as _, Sha256};

use super::content::CertificateContent;
use super::error::CertError;
use super::font::{FontFace, MM_PER_PT};
use super::layout::{Draw, ImageKind, PageLayout};
use super::pages::{layout_certificate, Extras};
use super::pdfa::{add_pdfa_parts, pdf_date, DocDates};
use super::qr::qr_matrix;
use super::template::Template;
use super::Result;

/// Resource name of the embedded font; also the 6-letter subset tag (`ULABCJ+…`).
const FONT_ID: &str = "ULABCJ";
const LOGO_ID: &str = "ImLogo";
const SEAL_ID: &str = "ImSeal";
const CMA_ID: &str = "ImCma";
const CNAS_ID: &str = "ImCnas";
/// Info dictionary key holding the QR payload (UTF-16BE text string).
pub const INFO_QR_KEY: &str = "UnilabQR";
/// Info /Producer and /Creator, repeated in the XMP.
const PRODUCER: &str = "Unilab";
/// Info dictionary key holding the report number.
pub const INFO_REPORT_KEY: &str = "UnilabReport";

/// Renders certificates with one template; parses the font and images once.
pub struct Renderer {
    template: Template,
    font: FontFace,
    logo: Option<RawImage>,
    seal: Option<RawImage>,
    cma: Option<RawImage>,
    cnas: Option<RawImage>,
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
        Ok(Renderer {
            template,
            font,
            logo,
            seal,
            cma,
            cnas,
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
        self.render_pages(&pages, Some(&qr), &meta)
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
        let qr = match qr_payload {
            Some(p) => qr_matrix(p)?,
            None => (0, Vec::new()),
        };
        let g = &self.template.page;
        let mut doc = PdfDocument::new(meta.title);
        let font_id = FontId(FONT_ID.to_string());
        doc.resources.fonts.map.insert(
            font_id.clone(),
            printpdf::font::PdfFont::new(self.font.parsed.clone()),
        );
        // Only the images some page draws are embedded (a notice has no marks).
        let used: std::collections::BTreeSet<ImageKind> = pages
            .iter()
            .flat_map(|p| &p.draws)
            .filter_map(|d| match d {
                Draw::Image { kind, .. } | Draw::ImageSlice { kind, .. } => Some(*kind),
                _ => None,
            })
            .collect();
        for kind in used {
            let (id, img) = self.image(kind);
            if let Some(img) = img {
                doc.resources
                    .xobjects
                    .map
                    .insert(XObjectId(id.into()), XObject::Image(img.clone()));
            }
        }
        let pdf_pages: Vec<PdfPage> = pages
            .iter()
            .map(|p| {
                PdfPage::new(
                    Mm(g.width_mm),
                    Mm(g.height_mm),
                    self.page_ops(p, &font_id, &qr),
                )
            })
            .collect();
        doc.with_pages(pdf_pages);
        let opts = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
        finish_document(&mut lo, meta)?;
        let mut out = Vec::with_capacity(64 * 1024);
        lo.save_to(&mut out)
            .map_err(|e| CertError::Pdf(format!("writing PDF: {e}")))?;
        Ok(out)
    }

    fn image(&self, kind: ImageKind) -> (&'static str, Option<&RawImage>) {
        match kind {
            ImageKind::Logo => (LOGO_ID, self.logo.as_ref()),
            ImageKind::Seal => (SEAL_ID, self.seal.as_ref()),
            ImageKind::CmaMark => (CMA_ID, self.cma.as_ref()),
            ImageKind::CnasMark => (CNAS_ID, self.cnas.as_ref()),
        }
    }

    /// Draw an image into the box at (x, y) (from the page's top left) of w × h mm.
    fn image_op(&self, kind: ImageKind, x: f32, y: f32, w: f32, ih: f32) -> Option<Op> {
        let (id, img) = self.image(kind);
        let img = img?;
        let h = self.template.page.height_mm;
        // Natural size at `dpi` equals the target width; scale y to the height.
        let dpi = img.width as f32 * 25.4 / w;
        let natural_h = img.height as f32 * 25.4 / dpi;
        Some(Op::UseXobject {
            id: XObjectId(id.into()),
            transform: XObjectTransform {
                translate_x: Some(Mm(x).into()),
                translate_y: Some(Mm(h - y - ih).into()),
                scale_y: Some(ih / natural_h),
                dpi: Some(dpi),
                ..Default::default()
            },
        })
    }

    fn page_ops(&self, page: &PageLayout, font_id: &FontId, qr: &(usize, Vec<bool>)) -> Vec<Op> {
        let h = self.template.page.height_mm;
        let pt = |x: f32, y: f32| Point::new(Mm(x), Mm(h - y));
        let black = Color::Rgb(Rgb {
            r: 0.0,
            g: 0.0,
            b: 0.0,
            icc_profile: None,
        });
        let mut ops = vec![
            Op::SetFillColor { col: black.clone() },
            Op::SetOutlineColor { col: black },
        ];
        let mut thickness = -1.0f32;
        for d in &page.draws {
            match d {
                Draw::Text { x, y, size, text } => {
                    ops.push(Op::StartTextSection);
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id.clone()),
                        size: Pt(*size),
                    });
                    ops.push(Op::SetTextCursor { pos: pt(*x, *y) });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(text.clone())],
                    });
                    ops.push(Op::EndTextSection);
                }
                Draw::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    set_thickness(&mut ops, &mut thickness, *width);
                    let points = vec![
                        LinePoint {
                            p: pt(*x1, *y1),
                            bezier: false,
                        },
                        LinePoint {
                            p: pt(*x2, *y2),
                            bezier: false,
                        },
                    ];
                    ops.push(Op::DrawLine {
                        line: Line {
                            points,
                            is_closed: false,
                        },
                    });
                }
                Draw::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    width,
                } => {
                    set_thickness(&mut ops, &mut thickness, *width);
                    let points = [(*x, *y), (x + w, *y), (x + w, y + rh), (*x, y + rh)]
                        .iter()
                        .map(|(a, b)| LinePoint {
                            p: pt(*a, *b),
                            bezier: false,
                        })
                        .collect();
                    ops.push(Op::DrawLine {
                        line: Line {
                            points,
                            is_closed: true,
                        },
                    });
                }
                Draw::Image {
                    kind,
                    x,
                    y,
                    w,
                    h: ih,
                } => ops.extend(self.image_op(*kind, *x, *y, *w, *ih)),
                Draw::ImageSlice {
                    kind,
                    x,
                    y,
                    w,
                    h: ih,
                    clip_x,
                    clip_w,
                } => {
                    let p = |a: f32, b: f32| LinePoint {
                        p: pt(a, b),
                        bezier: false,
                    };
                    let (x0, x1, y0, y1) = (*clip_x, clip_x + clip_w, *y, y + ih);
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing {
                                points: vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)],
                            }],
                            mode: PaintMode::Clip,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                    ops.extend(self.image_op(*kind, *x, *y, *w, *ih));
                    ops.push(Op::RestoreGraphicsState);
                }
                Draw::Qr { x, y, size } => ops.push(qr_polygon(qr, *x, *y, *size, h)),
                Draw::Fill {
                    x,
                    y,
                    w,
                    h: fh,
                    grey,
                } => {
                    let p = |a: f32, b: f32| LinePoint {
                        p: pt(a, b),
                        bezier: false,
                    };
                    ops.push(Op::SetFillColor { col: rgb(*grey) });
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing {
                                points: vec![
                                    p(*x, *y),
                                    p(x + w, *y),
                                    p(x + w, y + fh),
                                    p(*x, y + fh),
                                ],
                            }],
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                    // Text and the QR code are drawn in black.
                    ops.push(Op::SetFillColor { col: rgb(0.0) });
                }
            }
        }
        ops
    }
}

/// A grey level as an RGB colour.
fn rgb(grey: f32) -> Color {
    let v = grey.clamp(0.0, 1.0);
    Color::Rgb(Rgb {
        r: v,
        g: v,
        b: v,
        icc_profile: None,
    })
}

fn set_thickness(ops: &mut Vec<Op>, current: &mut f32, width_mm: f32) {
    if (*current - width_mm).abs() > f32::EPSILON {
        ops.push(Op::SetOutlineThickness {
            pt: Pt(width_mm / MM_PER_PT),
        });
        *current = width_mm;
    }
}

/// All dark modules as one filled polygon; horizontal runs merged into one rectangle each.
/// The drawn area includes the 4-module quiet zone.
fn qr_polygon(qr: &(usize, Vec<bool>), x: f32, y: f32, size: f32, page_h: f32) -> Op {
    let (n, dark) = qr;
    let module = size / (*n as f32 + 8.0);
    let ox = x + 4.0 * module;
    let oy = y + 4.0 * module;
    let mut rings = Vec::new();
    for row in 0..*n {
        let mut col = 0;
        while col < *n {
            if dark.get(row * n + col).copied().unwrap_or(false) {
                let start = col;
                while col < *n && dark.get(row * n + col).copied().unwrap_or(false) {
                    col += 1;
                }
                let (x0, x1) = (ox + start as f32 * module, ox + col as f32 * module);
                let (y0, y1) = (oy + row as f32 * module, oy + (row + 1) as f32 * module);
                let p = |a: f32, b: f32| LinePoint {
                    p: Point::new(Mm(a), Mm(page_h - b)),
                    bezier: false,
                };
                rings.push(PolygonRing {
                    points: vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)],
                });
            } else {
                col += 1;
            }
        }
    }
    Op::DrawPolygon {
        polygon: Polygon {
            rings,
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
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
