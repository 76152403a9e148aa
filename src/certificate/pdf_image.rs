//! A template image (logo, seal, marks) as the direct PDF writer embeds it: compressed once
//! when the template is loaded, so that a certificate only copies the finished streams.
//! An alpha channel becomes a soft mask (PDF/A-2 allows it), which is how a red seal lets the
//! printed date show through.

use std::io::Write as _;
use std::path::Path;

use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use printpdf::{RawImage, RawImageData, RawImageFormat};

use super::error::CertError;
use super::Result;

/// An image XObject ready to add to a document: the colour stream and its soft mask.
#[derive(Debug, Clone)]
pub(crate) struct PdfImage {
    width: i64,
    height: i64,
    grey: bool,
    colour: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

impl PdfImage {
    /// Split `img` into 8-bit colour and alpha planes and compress each.
    pub fn encode(img: &RawImage, path: &Path, what: &str) -> Result<PdfImage> {
        let unsupported = |why: &str| CertError::Template {
            file: path.to_path_buf(),
            field: format!("images.{what}"),
            message: format!("the image cannot be embedded: {why} is not supported"),
        };
        let (channels, has_alpha, grey) = match img.data_format {
            RawImageFormat::R8 | RawImageFormat::R16 => (1, false, true),
            RawImageFormat::RG8 | RawImageFormat::RG16 => (2, true, true),
            RawImageFormat::RGB8 | RawImageFormat::RGB16 => (3, false, false),
            RawImageFormat::RGBA8 | RawImageFormat::RGBA16 => (4, true, false),
            _ => return Err(unsupported("its pixel format")),
        };
        let samples: Vec<u8> = match &img.pixels {
            RawImageData::U8(v) => v.clone(),
            // 16-bit samples keep their high byte: print has no use for more.
            RawImageData::U16(v) => v.iter().map(|s| (s >> 8) as u8).collect(),
            RawImageData::F32(_) => return Err(unsupported("floating-point samples")),
        };
        if samples.len() != img.width * img.height * channels {
            return Err(unsupported("its size"));
        }
        let colour_channels = if has_alpha { channels - 1 } else { channels };
        let mut colour = Vec::with_capacity(img.width * img.height * colour_channels);
        let mut alpha = Vec::with_capacity(if has_alpha { img.width * img.height } else { 0 });
        for px in samples.chunks_exact(channels) {
            colour.extend_from_slice(&px[..colour_channels]);
            if has_alpha {
                alpha.push(px[channels - 1]);
            }
        }
        // An alpha plane that is opaque everywhere adds nothing.
        let alpha = (has_alpha && alpha.iter().any(|a| *a != 255)).then_some(alpha);
        Ok(PdfImage {
            width: img.width as i64,
            height: img.height as i64,
            grey,
            colour: deflate(&colour)?,
            alpha: alpha.map(|a| deflate(&a)).transpose()?,
        })
    }

    /// Add the image (and its mask) to `doc`; returns the XObject to name in resources.
    pub fn embed(&self, doc: &mut Document) -> ObjectId {
        let plane = |grey: bool, bytes: &[u8]| {
            let mut s = Stream::new(
                dictionary! {
                    "Type" => "XObject",
                    "Subtype" => "Image",
                    "Width" => self.width,
                    "Height" => self.height,
                    "ColorSpace" => if grey { "DeviceGray" } else { "DeviceRGB" },
                    "BitsPerComponent" => 8,
                    "Filter" => "FlateDecode",
                },
                bytes.to_vec(),
            );
            s.allows_compression = false;
            s
        };
        let mut image = plane(self.grey, &self.colour);
        if let Some(alpha) = &self.alpha {
            let mask = doc.add_object(plane(true, alpha));
            image.dict.set("SMask", Object::Reference(mask));
        }
        doc.add_object(image)
    }
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes)
        .and_then(|()| enc.finish())
        .map_err(|e| CertError::Pdf(format!("compressing an image: {e}")))
}
