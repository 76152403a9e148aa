//! PAdES signature (B-B, or B-T when the lab key carries a time-stamping authority) as an
//! incremental update, and the one-call `issue`.
//!
//! The signing time is stated once, in the signature dictionary's /M (PAdES baseline forbids a
//! CMS signing-time attribute); the rendered Info dictionary and XMP carry the same instant.
//!
//! The rendered bytes stay untouched; appended are a `/Sig` dictionary (`/Filter
//! /Adobe.PPKLite`, `/SubFilter /ETSI.CAdES.detached`), an invisible signature widget on page 1,
//! and the catalog with an `/AcroForm`. `/ByteRange` covers the whole file except `/Contents`.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest as _, Sha256};

use super::cms_sig::{add_signature_timestamp, build_cms};
use super::content::CertificateContent;
use super::error::CertError;
use super::keys::LabKey;
use super::pdf_writer::PdfWriter;
use super::pdfa::pdf_date;
use super::qr::build_qr_payload;
use super::render::Renderer;
use super::timestamp::Tsa;
use super::Result;

/// Placeholder numbers: wide enough for any offset we will write.
const RANGE_PLACEHOLDER: i64 = 9_999_999_999;

/// A signed certificate ready to store and hand out.
#[derive(Debug, Clone)]
pub struct IssuedPdf {
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, lowercase hex.
    pub sha256_hex: String,
    pub qr_payload: String,
    /// Pages of the certificate (the verification page shows it).
    pub pages: usize,
    /// The signature timestamp, when the key carries a TSA (B-T); kept with the record so that
    /// the file can be re-rendered byte for byte.
    pub timestamp: Option<SignatureTimestamp>,
}

/// A signature timestamp as it went into a file: the token and the room its placeholder kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureTimestamp {
    /// The TimeStampToken (DER).
    pub token: Vec<u8>,
    /// Bytes kept for it in `/Contents`; the same room reproduces the same file.
    pub room: usize,
}

/// Where a signature's timestamp comes from.
#[derive(Debug, Clone, Copy)]
pub enum Stamp<'a> {
    /// None: PAdES B-B.
    Without,
    /// Ask the TSA (B-T).
    Live(&'a Tsa),
    /// Put in a token obtained before: re-rendering an issued file.
    Replay(&'a SignatureTimestamp),
}

/// Build the QR payload, render, sign.
pub fn issue(
    renderer: &Renderer,
    content: &CertificateContent,
    key: &LabKey,
    signing_time: DateTime<Utc>,
) -> Result<IssuedPdf> {
    let stamp = key.tsa().map_or(Stamp::Without, Stamp::Live);
    issue_stamped(renderer, content, key, signing_time, stamp)
}

/// [`issue`] with the timestamp's source given: re-rendering replays the recorded token.
pub fn issue_stamped(
    renderer: &Renderer,
    content: &CertificateContent,
    key: &LabKey,
    signing_time: DateTime<Utc>,
    stamp: Stamp<'_>,
) -> Result<IssuedPdf> {
    issue_written(
        PdfWriter::CURRENT,
        renderer,
        content,
        key,
        signing_time,
        stamp,
    )
}

/// [`issue_stamped`] with the PDF writer given: a report re-renders with the one that made it.
pub fn issue_written(
    writer: PdfWriter,
    renderer: &Renderer,
    content: &CertificateContent,
    key: &LabKey,
    signing_time: DateTime<Utc>,
    stamp: Stamp<'_>,
) -> Result<IssuedPdf> {
    let qr_payload = build_qr_payload(content, key)?;
    let unsigned = renderer.render_with(writer, content, &qr_payload, signing_time)?;
    let (bytes, pages, timestamp) = sign_counted(&unsigned, key, signing_time, stamp)?;
    let sha256_hex = hex::encode(Sha256::digest(&bytes));
    Ok(IssuedPdf {
        bytes,
        sha256_hex,
        qr_payload,
        pages,
        timestamp,
    })
}

fn pdf_err(what: impl std::fmt::Display) -> CertError {
    CertError::Sign(what.to_string())
}

/// Sign `unsigned` with the lab key; returns the original bytes plus the signature update.
/// Every document the lab signs comes through here: with a TSA on the key, it is B-T.
pub fn sign_pdf(unsigned: &[u8], key: &LabKey, signing_time: DateTime<Utc>) -> Result<Vec<u8>> {
    let stamp = key.tsa().map_or(Stamp::Without, Stamp::Live);
    sign_counted(unsigned, key, signing_time, stamp).map(|(bytes, _, _)| bytes)
}

/// Sign, and say how many pages the document has (read while the document is parsed anyway).
fn sign_counted(
    unsigned: &[u8],
    key: &LabKey,
    signing_time: DateTime<Utc>,
    stamp: Stamp<'_>,
) -> Result<(Vec<u8>, usize, Option<SignatureTimestamp>)> {
    let prev = Document::load_mem(unsigned)
        .map_err(|e| pdf_err(format!("input is not a readable PDF: {e}")))?;
    let catalog_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| pdf_err(format!("PDF trailer has no /Root: {e}")))?;
    let all_pages = prev.get_pages();
    let page_count = all_pages.len();
    let page_id = *all_pages
        .get(&1)
        .ok_or_else(|| pdf_err("PDF has no pages"))?;
    let mut incr = IncrementalDocument::create_from(unsigned.to_vec(), prev);

    // Placeholder size: certificates + signature + attributes, with room to spare.
    // The issuer name appears twice more (signer id, ESS signing-certificate-v2).
    let certs_len: usize =
        key.certificate_der().len() + key.chain_der().iter().map(Vec::len).sum::<usize>();
    let issuer_len = der::Encode::encoded_len(&key.certificate().tbs_certificate.issuer)
        .ok()
        .and_then(|l| usize::try_from(u32::from(l)).ok())
        .unwrap_or(1024);
    // A timestamp token is fetched after the bytes are fixed, so its room is measured first.
    let token_room = match stamp {
        Stamp::Without => 0,
        Stamp::Live(tsa) => tsa.room()?,
        Stamp::Replay(t) => t.room,
    };
    let contents_len = certs_len + 2 * issuer_len + 1024 + token_room;

    let doc = &mut incr.new_document;
    doc.version = "1.7".into();
    let sig_id = doc.new_object_id();
    let widget_id = doc.new_object_id();
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(RANGE_PLACEHOLDER),
            Object::Integer(RANGE_PLACEHOLDER),
            Object::Integer(RANGE_PLACEHOLDER),
        ]),
    );
    sig.set(
        "Contents",
        Object::String(vec![0u8; contents_len], StringFormat::Hexadecimal),
    );
    sig.set("M", Object::string_literal(pdf_date(signing_time)));
    doc.objects.insert(sig_id, Object::Dictionary(sig));

    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", Object::string_literal("Signature1"));
    widget.set("V", Object::Reference(sig_id));
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    widget.set("F", Object::Integer(132));
    widget.set("P", Object::Reference(page_id));
    doc.objects.insert(widget_id, Object::Dictionary(widget));

    add_to_annots(&mut incr, page_id, widget_id)?;
    add_to_acroform(&mut incr, catalog_id, widget_id)?;

    let mut out = Vec::with_capacity(unsigned.len() + contents_len * 2 + 2048);
    incr.save_to(&mut out)
        .map_err(|e| pdf_err(format!("writing the signature update: {e}")))?;
    let timestamp =
        patch_signature(&mut out, unsigned.len(), contents_len, key, stamp)?.map(|token| {
            SignatureTimestamp {
                token,
                room: token_room,
            }
        });
    Ok((out, page_count, timestamp))
}

fn add_to_annots(
    incr: &mut IncrementalDocument,
    page_id: ObjectId,
    widget_id: ObjectId,
) -> Result<()> {
    incr.opt_clone_object_to_new_document(page_id)
        .map_err(|e| pdf_err(format!("page 1: {e}")))?;
    let annots_ref = {
        let page = incr
            .new_document
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| pdf_err(format!("page 1 is not a dictionary: {e}")))?;
        match page.get_mut(b"Annots") {
            Ok(Object::Array(a)) => {
                a.push(Object::Reference(widget_id));
                None
            }
            Ok(Object::Reference(r)) => Some(*r),
            Ok(_) => {
                return Err(pdf_err(
                    "page 1 /Annots is neither an array nor a reference",
                ))
            }
            Err(_) => {
                page.set("Annots", Object::Array(vec![Object::Reference(widget_id)]));
                None
            }
        }
    };
    if let Some(r) = annots_ref {
        incr.opt_clone_object_to_new_document(r)
            .map_err(|e| pdf_err(format!("page 1 annotations: {e}")))?;
        let arr = incr
            .new_document
            .get_object_mut(r)
            .and_then(Object::as_array_mut)
            .map_err(|e| pdf_err(format!("page 1 annotations: {e}")))?;
        arr.push(Object::Reference(widget_id));
    }
    Ok(())
}

fn add_to_acroform(
    incr: &mut IncrementalDocument,
    catalog_id: ObjectId,
    widget_id: ObjectId,
) -> Result<()> {
    incr.opt_clone_object_to_new_document(catalog_id)
        .map_err(|e| pdf_err(format!("catalog: {e}")))?;
    let catalog = incr
        .new_document
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| pdf_err(format!("catalog is not a dictionary: {e}")))?;
    match catalog.get_mut(b"AcroForm") {
        Ok(Object::Dictionary(form)) => {
            match form.get_mut(b"Fields") {
                Ok(Object::Array(f)) => f.push(Object::Reference(widget_id)),
                _ => form.set("Fields", Object::Array(vec![Object::Reference(widget_id)])),
            }
            form.set("SigFlags", Object::Integer(3));
        }
        Ok(_) => return Err(pdf_err(
            "the document already has an indirect /AcroForm; signing such PDFs is not supported",
        )),
        Err(_) => {
            let mut form = Dictionary::new();
            form.set("Fields", Object::Array(vec![Object::Reference(widget_id)]));
            form.set("SigFlags", Object::Integer(3));
            catalog.set("AcroForm", Object::Dictionary(form));
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Fill in `/ByteRange` and `/Contents` in the saved update; returns the timestamp token put in.
fn patch_signature(
    out: &mut [u8],
    update_start: usize,
    contents_len: usize,
    key: &LabKey,
    stamp: Stamp<'_>,
) -> Result<Option<Vec<u8>>> {
    let placeholder = format!("[0 {RANGE_PLACEHOLDER} {RANGE_PLACEHOLDER} {RANGE_PLACEHOLDER}]");
    let br_pos = find(out, placeholder.as_bytes(), update_start)
        .ok_or_else(|| pdf_err("ByteRange placeholder not found in the update"))?;
    let mut hex_zeros = Vec::with_capacity(contents_len * 2 + 2);
    hex_zeros.push(b'<');
    hex_zeros.resize(contents_len * 2 + 1, b'0');
    hex_zeros.push(b'>');
    let contents_pos = find(out, &hex_zeros, update_start)
        .ok_or_else(|| pdf_err("Contents placeholder not found in the update"))?;
    let contents_end = contents_pos + hex_zeros.len();
    let ranges = [0usize, contents_pos, contents_end, out.len() - contents_end];
    let filled = format!("[{} {} {} {}", ranges[0], ranges[1], ranges[2], ranges[3]);
    if filled.len() + 1 > placeholder.len() {
        return Err(pdf_err("document too large for the ByteRange placeholder"));
    }
    let mut text = filled.into_bytes();
    text.resize(placeholder.len() - 1, b' ');
    text.push(b']');
    out[br_pos..br_pos + placeholder.len()].copy_from_slice(&text);

    let mut hasher = Sha256::new();
    hasher.update(&out[..contents_pos]);
    hasher.update(&out[contents_end..]);
    let digest: [u8; 32] = hasher.finalize().into();
    let cms = build_cms(key, &digest)?;
    let mut token = None;
    let cms = match stamp {
        Stamp::Without => cms,
        Stamp::Live(tsa) => add_signature_timestamp(&cms, |sig| {
            let (t, _) = tsa.stamp(sig)?;
            token = Some(t.clone());
            Ok(t)
        })?,
        Stamp::Replay(t) => add_signature_timestamp(&cms, |_| {
            token = Some(t.token.clone());
            Ok(t.token.clone())
        })?,
    };
    if let (Stamp::Live(tsa), true) = (stamp, cms.len() > contents_len) {
        let (url, have, room) = (tsa.url(), cms.len(), contents_len);
        return Err(CertError::Timestamp(crate::msg!(
            "时间戳服务 {url} 的令牌比预先测得的大：签名连同令牌 {have} 字节，超出预留的 {room} 字节；未签发，请重试",
            "The token of the time-stamping authority {url} is larger than measured: the signature with it is {have} bytes, more than the {room} bytes kept; nothing was issued, try again"
        )));
    }
    if cms.len() > contents_len {
        return Err(pdf_err(format!(
            "CMS signature ({} bytes) exceeds the reserved {contents_len} bytes",
            cms.len()
        )));
    }
    let hex = hex::encode(&cms);
    out[contents_pos + 1..contents_pos + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(token)
}
