//! The direct PDF writer: laid-out pages straight into PDF objects and content streams.
//!
//! A certificate draws only text, lines, rectangles, filled boxes, images and a QR code, so
//! the writer states each as its PDF operators with two-decimal coordinates, embeds the font
//! cut to the glyphs used (`pdf_font`) and the template's images compressed once
//! (`pdf_image`). It replaced printpdf for new documents because printpdf walked the whole
//! CJK character map and re-parsed its own subset on every certificate; reports issued by
//! printpdf keep being re-rendered by it (`PdfWriter::Printpdf`), so their bytes never change.

use std::collections::BTreeSet;

use lopdf::{dictionary, Dictionary, Document, Object, Stream};

use super::font::{FontFace, MM_PER_PT};
use super::layout::{Draw, ImageKind, PageLayout};
use super::pdf_font::FontUse;
use super::pdf_image::PdfImage;
use super::Result;

/// Which writer made a document's bytes; recorded with each report so that re-rendering it
/// uses the same one and gives the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfWriter {
    /// printpdf 0.12 (reports issued before the direct writer; version 1).
    Printpdf,
    /// The direct writer (version 2).
    Direct,
}

impl PdfWriter {
    /// The writer new documents are made with.
    pub const CURRENT: PdfWriter = PdfWriter::Direct;

    /// The version number stored with a report.
    pub fn version(self) -> u32 {
        match self {
            PdfWriter::Printpdf => 1,
            PdfWriter::Direct => 2,
        }
    }

    /// The writer a stored version names; `None` for a version this program does not know
    /// (a report issued by a newer Unilab).
    pub fn from_version(version: u32) -> Option<PdfWriter> {
        match version {
            1 => Some(PdfWriter::Printpdf),
            2 => Some(PdfWriter::Direct),
            _ => None,
        }
    }
}

/// What every page of one document shares: the font, the page size and the images.
pub(crate) struct PageSet<'a> {
    pub font: &'a FontFace,
    pub width_mm: f32,
    pub height_mm: f32,
    /// Each template image with its resource name.
    pub images: Vec<(ImageKind, &'static str, &'a PdfImage)>,
}

/// Resource name of the font in every page's resources.
const FONT_RESOURCE: &str = "F1";

/// Write `pages` as an unsigned document: catalog, page tree, shared resources, one content
/// stream per page. `qr` is the QR matrix (modules per side, dark modules row by row).
pub(crate) fn write(
    set: &PageSet<'_>,
    pages: &[PageLayout],
    qr: &(usize, Vec<bool>),
) -> Result<Document> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut font = FontUse::new(set.font);
    let mut used = BTreeSet::new();
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|p| {
            let mut c = Content::new(set, &mut font);
            c.page(p, qr, &mut used);
            c.out
        })
        .collect();
    let font_id = font.embed(&mut doc)?;
    let mut xobjects = Dictionary::new();
    for (kind, name, image) in &set.images {
        if used.contains(kind) {
            xobjects.set(*name, Object::Reference(image.embed(&mut doc)));
        }
    }
    let mut resources = dictionary! { "Font" => dictionary! { FONT_RESOURCE => font_id } };
    if !xobjects.is_empty() {
        resources.set("XObject", xobjects);
    }
    let resources = doc.add_object(resources);
    let media_box = vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Real(round2(set.width_mm / MM_PER_PT)),
        Object::Real(round2(set.height_mm / MM_PER_PT)),
    ];
    let mut kids = Vec::with_capacity(contents.len());
    for content in contents {
        let content = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => media_box.clone(),
            "Resources" => resources,
            "Contents" => content,
        })));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", Object::Reference(catalog));
    Ok(doc)
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// One page's content stream being written.
struct Content<'s, 'f, 'u> {
    set: &'s PageSet<'f>,
    font: &'u mut FontUse<'f>,
    out: Vec<u8>,
    line_width: f32,
}

impl<'s, 'f, 'u> Content<'s, 'f, 'u> {
    fn new(set: &'s PageSet<'f>, font: &'u mut FontUse<'f>) -> Self {
        let mut out = Vec::with_capacity(16 * 1024);
        // Text, rules and the QR code are black.
        out.extend_from_slice(b"0 0 0 rg 0 0 0 RG\n");
        Content {
            set,
            font,
            out,
            line_width: -1.0,
        }
    }

    fn page(&mut self, page: &PageLayout, qr: &(usize, Vec<bool>), used: &mut BTreeSet<ImageKind>) {
        for d in &page.draws {
            match d {
                Draw::Text { x, y, size, text } => self.text(*x, *y, *size, text),
                Draw::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    self.set_width(*width);
                    self.point(*x1, *y1);
                    self.op(b"m");
                    self.point(*x2, *y2);
                    self.op(b"l S\n");
                }
                Draw::Rect { x, y, w, h, width } => {
                    self.set_width(*width);
                    self.rect(*x, *y, *w, *h);
                    self.op(b"S\n");
                }
                Draw::Fill { x, y, w, h, grey } => {
                    let g = grey.clamp(0.0, 1.0);
                    for _ in 0..3 {
                        self.num(g);
                    }
                    self.op(b"rg\n");
                    self.rect(*x, *y, *w, *h);
                    self.op(b"f\n0 0 0 rg\n");
                }
                Draw::Image { kind, x, y, w, h } => {
                    used.insert(*kind);
                    self.image(*kind, *x, *y, *w, *h);
                }
                Draw::ImageSlice {
                    kind,
                    x,
                    y,
                    w,
                    h,
                    clip_x,
                    clip_w,
                } => {
                    used.insert(*kind);
                    self.op(b"q\n");
                    self.rect(*clip_x, *y, *clip_w, *h);
                    self.op(b"W n\n");
                    self.image(*kind, *x, *y, *w, *h);
                    self.op(b"Q\n");
                }
                Draw::Qr { x, y, size } => self.qr(qr, *x, *y, *size),
            }
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        self.out.extend_from_slice(b"BT /");
        self.out.extend_from_slice(FONT_RESOURCE.as_bytes());
        self.num(size);
        self.op(b"Tf");
        self.point(x, y);
        self.op(b"Td ");
        self.font.show(text, &mut self.out);
        self.op(b" Tj ET\n");
    }

    fn image(&mut self, kind: ImageKind, x: f32, y: f32, w: f32, h: f32) {
        let Some((_, name, _)) = self.set.images.iter().find(|(k, _, _)| *k == kind) else {
            return;
        };
        self.op(b"q");
        self.num(w / MM_PER_PT);
        self.op(b"0 0");
        self.num(h / MM_PER_PT);
        self.point(x, y + h);
        self.op(b"cm /");
        self.out.extend_from_slice(name.as_bytes());
        self.op(b" Do Q\n");
    }

    /// All dark modules as filled rectangles, each horizontal run one rectangle; the drawn
    /// area includes the 4-module quiet zone.
    fn qr(&mut self, qr: &(usize, Vec<bool>), x: f32, y: f32, size: f32) {
        let (n, dark) = qr;
        let module = size / (*n as f32 + 8.0);
        let (ox, oy) = (x + 4.0 * module, y + 4.0 * module);
        let is_dark = |row: usize, col: usize| dark.get(row * n + col).copied().unwrap_or(false);
        for row in 0..*n {
            let mut col = 0;
            while col < *n {
                if !is_dark(row, col) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < *n && is_dark(row, col) {
                    col += 1;
                }
                let x0 = ox + start as f32 * module;
                let y0 = oy + row as f32 * module;
                self.rect(x0, y0, (col - start) as f32 * module, module);
            }
        }
        self.op(b"f\n");
    }

    fn set_width(&mut self, width_mm: f32) {
        if (self.line_width - width_mm).abs() > f32::EPSILON {
            self.num(width_mm / MM_PER_PT);
            self.op(b"w\n");
            self.line_width = width_mm;
        }
    }

    /// A rectangle given by its top-left corner in layout millimetres.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.point(x, y + h);
        self.num(w / MM_PER_PT);
        self.num(h / MM_PER_PT);
        self.op(b"re\n");
    }

    /// A point from layout millimetres (top-left origin) to PDF points (bottom-left).
    fn point(&mut self, x: f32, y: f32) {
        self.num(x / MM_PER_PT);
        self.num((self.set.height_mm - y) / MM_PER_PT);
    }

    fn op(&mut self, bytes: &[u8]) {
        if !bytes.starts_with(b" ") && !bytes.starts_with(b"\n") {
            self.out.push(b' ');
        }
        self.out.extend_from_slice(bytes);
    }

    /// A space, then `v` with at most two decimals and no trailing zeros.
    fn num(&mut self, v: f32) {
        self.out.push(b' ');
        push_decimal(&mut self.out, v);
    }
}

/// `v` rounded to hundredths, written without exponent or trailing zeros ("12.5", "-3", "0.07").
fn push_decimal(out: &mut Vec<u8>, v: f32) {
    let hundredths = (f64::from(v) * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let h = hundredths.unsigned_abs();
    push_digits(out, h / 100);
    let frac = h % 100;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

fn push_digits(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(v: f32) -> String {
        let mut out = Vec::new();
        push_decimal(&mut out, v);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn coordinates_are_written_with_two_decimals_at_most() {
        assert_eq!(dec(0.0), "0");
        assert_eq!(dec(12.5), "12.5");
        assert_eq!(dec(-3.0), "-3");
        assert_eq!(dec(0.074), "0.07");
        assert_eq!(dec(841.889), "841.89");
        assert_eq!(dec(-0.004), "0");
        assert_eq!(dec(1000.1), "1000.1");
    }

    #[test]
    fn writer_versions_round_trip_and_unknown_ones_are_named_as_such() {
        for w in [PdfWriter::Printpdf, PdfWriter::Direct] {
            assert_eq!(PdfWriter::from_version(w.version()), Some(w));
        }
        assert_eq!(PdfWriter::from_version(3), None);
        assert_eq!(PdfWriter::CURRENT, PdfWriter::Direct);
    }
}
