//! The certificate font: parsed once, measured for wrapping, checked for missing glyphs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use printpdf::ParsedFont;

use super::error::CertError;
use super::Result;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// The face's bounding box and vertical metrics, in font units (the font descriptor's).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FaceMetrics {
    pub x_min: i16,
    pub y_min: i16,
    pub x_max: i16,
    pub y_max: i16,
    pub ascender: i16,
    pub descender: i16,
}

/// A parsed font face with cached metrics.
#[derive(Debug, Clone)]
pub struct FontFace {
    pub(crate) parsed: ParsedFont,
    /// The font file as read: the direct PDF writer subsets from it.
    program: Arc<[u8]>,
    path: PathBuf,
    face_index: u32,
    units_per_em: f32,
    metrics: FaceMetrics,
    /// Advance widths of ASCII characters in font units (fast path).
    ascii_advance: [u16; 128],
}

impl FontFace {
    /// Read and parse a font file (`.ttf`, `.otf`, `.ttc` with `face_index`).
    pub fn load(path: &Path, face_index: u32) -> Result<FontFace> {
        let bytes = std::fs::read(path).map_err(|e| CertError::io(path, "reading font", e))?;
        Self::from_bytes(&bytes, path, face_index)
    }

    /// Parse font bytes; `path` is only used in messages.
    pub fn from_bytes(bytes: &[u8], path: &Path, face_index: u32) -> Result<FontFace> {
        let font_err = |message: String| CertError::Font {
            path: path.to_path_buf(),
            face_index,
            message,
        };
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, face_index as usize, &mut warnings)
            .ok_or_else(|| font_err("not a usable TrueType/OpenType font face".into()))?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return Err(font_err("units per em is zero".into()));
        }
        let m = &parsed.pdf_font_metrics;
        let metrics = FaceMetrics {
            x_min: m.x_min,
            y_min: m.y_min,
            x_max: m.x_max,
            y_max: m.y_max,
            ascender: m.ascender,
            descender: m.descender,
        };
        let mut face = FontFace {
            parsed,
            program: Arc::from(bytes),
            path: path.to_path_buf(),
            face_index,
            units_per_em,
            metrics,
            ascii_advance: [0; 128],
        };
        for c in 0u8..128 {
            if let Some(gid) = face.parsed.lookup_glyph_index(u32::from(c)) {
                face.ascii_advance[usize::from(c)] = face.parsed.get_horizontal_advance(gid);
            }
        }
        if face.parsed.lookup_glyph_index(u32::from('0')).is_none() {
            return Err(font_err(
                "font has no glyph for the digit 0; not a text font".into(),
            ));
        }
        Ok(face)
    }

    /// The font file's bytes and the face's index in it (a `.ttc` holds several).
    pub(crate) fn program(&self) -> (&[u8], u32) {
        (&self.program, self.face_index)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn metrics(&self) -> FaceMetrics {
        self.metrics
    }

    /// The face's PostScript name (`WenQuanYiMicroHei`), made safe for a PDF name; the file
    /// name when the font has none.
    pub(crate) fn postscript_name(&self) -> String {
        let stem = self
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        let name: String = self
            .parsed
            .font_name
            .clone()
            .or(stem)
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(56)
            .collect();
        if name.is_empty() {
            "Font".into()
        } else {
            name
        }
    }

    /// The font's glyph for `c`, if it has one.
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        self.parsed.lookup_glyph_index(c as u32)
    }

    /// A glyph's advance width in thousandths of the em, as PDF font widths are stated.
    pub(crate) fn advance_per_mille(&self, glyph: u16) -> f32 {
        f32::from(self.parsed.get_horizontal_advance(glyph)) * 1000.0 / self.units_per_em
    }

    /// Font units scaled to thousandths of the em.
    pub(crate) fn per_mille(&self, units: i16) -> f32 {
        f32::from(units) * 1000.0 / self.units_per_em
    }

    /// Does the font draw `c`? Whitespace that is never drawn counts as present.
    pub fn has_glyph(&self, c: char) -> bool {
        matches!(c, ' ' | '\n' | '\t')
            || self
                .parsed
                .lookup_glyph_index(c as u32)
                .is_some_and(|g| g != 0)
    }

    /// The characters of `texts` the font cannot draw, sorted and without duplicates.
    pub fn missing_chars<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<char> {
        let mut missing = BTreeSet::new();
        for t in texts {
            for c in t.chars() {
                if !self.has_glyph(c) {
                    missing.insert(c);
                }
            }
        }
        missing.into_iter().collect()
    }

    /// Fail with [`CertError::MissingGlyphs`] when any character cannot be drawn.
    pub fn check_glyphs<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let chars = self.missing_chars(texts);
        if chars.is_empty() {
            Ok(())
        } else {
            Err(CertError::MissingGlyphs {
                font: self.describe(),
                chars,
            })
        }
    }

    /// Advance width of one character in millimetres at `size_pt`.
    pub fn char_width_mm(&self, c: char, size_pt: f32) -> f32 {
        let units = if c.is_ascii() {
            self.ascii_advance[c as usize]
        } else {
            match self.parsed.lookup_glyph_index(c as u32) {
                Some(gid) => self.parsed.get_horizontal_advance(gid),
                None => 0,
            }
        };
        f32::from(units) / self.units_per_em * size_pt * MM_PER_PT
    }

    /// Width of a single-line string in millimetres at `size_pt`.
    pub fn text_width_mm(&self, text: &str, size_pt: f32) -> f32 {
        text.chars().map(|c| self.char_width_mm(c, size_pt)).sum()
    }

    /// `"<path> face <n>"`.
    pub fn describe(&self) -> String {
        format!("{} (face {})", self.path.display(), self.face_index)
    }
}
