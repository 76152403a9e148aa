//! The template font as the direct PDF writer embeds it: a Type 0 font whose descendant holds
//! only the glyphs the document draws (cut by the `subsetter` crate, renumbered in order of
//! first use), their widths, and a ToUnicode map so that text copies and searches as written.
//!
//! Glyphs are looked up once per character while the pages are written; the subset is made
//! once per document from the font file kept in memory, so nothing walks the font's whole
//! character map per certificate.

use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use subsetter::GlyphRemapper;

use super::error::CertError;
use super::font::FontFace;
use super::Result;

/// The subset tag PDF wants before a subset font's name (six capitals and a plus).
const SUBSET_TAG: &str = "ULABCJ";

/// The glyphs one document uses, gathered while its pages are written.
pub(crate) struct FontUse<'f> {
    face: &'f FontFace,
    remapper: GlyphRemapper,
    /// The character each new glyph id was first used for, by new id (id 0 is .notdef).
    unicode: Vec<Option<char>>,
}

impl<'f> FontUse<'f> {
    pub fn new(face: &'f FontFace) -> Self {
        FontUse {
            face,
            remapper: GlyphRemapper::new(),
            unicode: vec![None],
        }
    }

    /// Append `text` as a PDF hex string of two-byte glyph ids (the font's Identity-H
    /// encoding). Characters the font lacks were refused before layout ended; were one to
    /// slip through it would show as .notdef, never as another character.
    pub fn show(&mut self, text: &str, out: &mut Vec<u8>) {
        out.push(b'<');
        for c in text.chars() {
            let old = self.face.glyph(c).unwrap_or(0);
            let new = self.remapper.remap(old);
            if usize::from(new) == self.unicode.len() {
                self.unicode.push(Some(c));
            }
            push_hex4(out, new);
        }
        out.push(b'>');
    }

    /// Add the font's objects to `doc`; returns the Type 0 font to name in page resources.
    pub fn embed(self, doc: &mut Document) -> Result<ObjectId> {
        let (program, index) = self.face.program();
        let subset =
            subsetter::subset(program, index, &self.remapper).map_err(|e| CertError::Font {
                path: self.face.path().to_path_buf(),
                face_index: index,
                message: format!("cutting the glyphs this document uses failed: {e}"),
            })?;
        let truetype = !subset.starts_with(b"OTTO");
        let name = format!("{SUBSET_TAG}+{}", self.face.postscript_name());
        let file_id = doc.add_object(font_file(subset, truetype));
        let descriptor = doc.add_object(self.descriptor(&name, file_id, truetype));
        let widths = self.widths();
        let mut cid_font = dictionary! {
            "Type" => "Font",
            "Subtype" => if truetype { "CIDFontType2" } else { "CIDFontType0" },
            "BaseFont" => Object::Name(name.clone().into_bytes()),
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor,
            "DW" => 1000,
            "W" => widths,
        };
        if truetype {
            cid_font.set("CIDToGIDMap", "Identity");
        }
        let cid_font = doc.add_object(cid_font);
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, self.to_unicode()));
        Ok(doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => Object::Name(name.into_bytes()),
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid_font.into()],
            "ToUnicode" => to_unicode,
        }))
    }

    /// `/W [0 [w0 w1 …]]`: every used glyph's advance, in new-id order.
    fn widths(&self) -> Object {
        let widths: Vec<Object> = self
            .remapper
            .remapped_gids()
            .take(self.unicode.len())
            .map(|old| Object::Integer(self.face.advance_per_mille(old).round() as i64))
            .collect();
        Object::Array(vec![Object::Integer(0), Object::Array(widths)])
    }

    fn descriptor(&self, name: &str, file_id: ObjectId, truetype: bool) -> lopdf::Dictionary {
        let m = self.face.metrics();
        let pm = |u: i16| Object::Integer(self.face.per_mille(u).round() as i64);
        dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => Object::Name(name.as_bytes().to_vec()),
            // Symbolic: the glyphs are addressed by id, not through a standard encoding.
            "Flags" => 4,
            "FontBBox" => vec![pm(m.x_min), pm(m.y_min), pm(m.x_max), pm(m.y_max)],
            "ItalicAngle" => 0,
            "Ascent" => pm(m.ascender),
            "Descent" => pm(m.descender),
            "CapHeight" => pm(m.ascender),
            "StemV" => 80,
            if truetype { "FontFile2" } else { "FontFile3" } => file_id,
        }
    }

    /// The ToUnicode CMap: each glyph id back to the character it was drawn for.
    fn to_unicode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(160 + self.unicode.len() * 16);
        out.extend_from_slice(
            b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
              /CIDSystemInfo 3 dict dup begin\n/Registry (Adobe) def\n/Ordering (UCS) def\n\
              /Supplement 0 def\nend def\n\
              /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
              1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let mapped: Vec<(u16, char)> = self
            .unicode
            .iter()
            .enumerate()
            .filter_map(|(gid, c)| Some((u16::try_from(gid).ok()?, (*c)?)))
            .collect();
        // A bfchar block holds at most 100 entries.
        for block in mapped.chunks(100) {
            out.extend_from_slice(format!("{} beginbfchar\n", block.len()).as_bytes());
            for (gid, c) in block {
                out.push(b'<');
                push_hex4(&mut out, *gid);
                out.extend_from_slice(b"> <");
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    push_hex4(&mut out, *u);
                }
                out.extend_from_slice(b">\n");
            }
            out.extend_from_slice(b"endbfchar\n");
        }
        out.extend_from_slice(
            b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );
        out
    }
}

fn font_file(subset: Vec<u8>, truetype: bool) -> Stream {
    let dict = if truetype {
        dictionary! { "Length1" => subset.len() as i64 }
    } else {
        // A CFF subset comes wrapped as OpenType (PDF 1.6 and PDF/A-2 allow it).
        dictionary! { "Subtype" => "OpenType" }
    };
    Stream::new(dict, subset)
}

fn push_hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_ids_are_written_as_four_hex_digits() {
        let mut out = Vec::new();
        push_hex4(&mut out, 0x0A3F);
        push_hex4(&mut out, 7);
        assert_eq!(out, b"0A3F0007");
    }
}
