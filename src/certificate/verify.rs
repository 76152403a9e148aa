//! Checking a signed certificate PDF: signature, byte-range coverage, QR payload.

use lopdf::{Document, Object};
use sha2::{Digest as _, Sha256};

use super::cms_sig::verify_cms;
use super::keys::{describe_certificate, fingerprint, verifying_key_from_cert};
use super::pdfa::parse_pdf_date;
use super::qr::{parse_qr_payload, verify_with_key, QrPayload};
use super::render::{decode_pdf_text, INFO_QR_KEY, INFO_REPORT_KEY};

/// The outcome of [`verify_pdf`]; `failures` says precisely what failed.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    /// The CMS signature verifies and its message digest matches the signed byte ranges.
    pub signature_valid: bool,
    /// `/ByteRange` starts at 0, ends at the end of the file and skips only `/Contents`.
    pub byte_range_covers_whole_file: bool,
    /// Subject of the signing certificate (RFC 4514 text).
    pub certificate_subject: Option<String>,
    /// Subject, validity and fingerprint of the signing certificate.
    pub certificate_description: Option<String>,
    /// SHA-256 fingerprint (`AB:CD:…`) of the signing certificate, to compare with the lab's.
    pub certificate_fingerprint: Option<String>,
    /// The signature dictionary's /M (or, in certificates signed before PAdES baseline, the
    /// CMS signing-time attribute).
    pub signing_time: Option<chrono::DateTime<chrono::Utc>>,
    /// The signature timestamp (PAdES B-T): checked to cover this signature and signed by the
    /// certificate it carries; whether that TSA is trusted is the reader's call.
    pub timestamp: Option<super::timestamp::TimestampInfo>,
    /// The report number stored in the document information.
    pub report_number: Option<String>,
    pub qr_payload: Option<QrPayload>,
    /// The QR payload's signature verifies with the signing certificate.
    pub qr_signature_valid: bool,
    pub failures: Vec<String>,
}

impl VerifyReport {
    /// True only when every check passed.
    pub fn ok(&self) -> bool {
        self.signature_valid
            && self.byte_range_covers_whole_file
            && self.qr_payload.is_some()
            && self.qr_signature_valid
            && self.failures.is_empty()
    }
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Parse `[a b c d]` after `/ByteRange`.
fn parse_byte_range(bytes: &[u8], at: usize) -> Result<[usize; 4], String> {
    let rest = bytes.get(at + b"/ByteRange".len()..).unwrap_or_default();
    let open = rest
        .iter()
        .position(|&b| !b.is_ascii_whitespace())
        .filter(|&p| rest.get(p) == Some(&b'['));
    let open = open.ok_or("/ByteRange is not followed by an array")?;
    let close = rest
        .iter()
        .position(|&b| b == b']')
        .ok_or("/ByteRange array is not closed")?;
    let inner = std::str::from_utf8(rest.get(open + 1..close).unwrap_or_default())
        .map_err(|_| "/ByteRange holds non-ASCII bytes")?;
    let nums: Vec<usize> = inner
        .split_ascii_whitespace()
        .map(|n| {
            n.parse::<usize>()
                .map_err(|_| format!("/ByteRange entry {n:?} is not a number"))
        })
        .collect::<Result<_, _>>()?;
    match nums.as_slice() {
        [a, b, c, d] => Ok([*a, *b, *c, *d]),
        _ => Err(format!("/ByteRange has {} numbers, expected 4", nums.len())),
    }
}

/// Decode `/Contents` hex strictly: lowercase hex as written by the signer, the DER
/// followed by zero padding only.
fn decode_contents(hex: &[u8]) -> Result<Vec<u8>, String> {
    if let Some(bad) = hex
        .iter()
        .position(|b| !matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(format!(
            "/Contents has a byte that is not lowercase hex at offset {bad} inside the string"
        ));
    }
    if !hex.len().is_multiple_of(2) {
        return Err("/Contents has an odd number of hex digits".into());
    }
    let raw = hex::decode(hex).map_err(|e| format!("/Contents is not hex: {e}"))?;
    let len = der_total_len(&raw).ok_or("/Contents does not start with a DER SEQUENCE")?;
    if len > raw.len() {
        return Err("/Contents DER is truncated".into());
    }
    if raw[len..].iter().any(|&b| b != 0) {
        return Err("/Contents has non-zero bytes after the CMS signature".into());
    }
    Ok(raw[..len].to_vec())
}

/// Total length of the DER element at the start of `raw`.
fn der_total_len(raw: &[u8]) -> Option<usize> {
    if *raw.first()? != 0x30 {
        return None;
    }
    let first = *raw.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | usize::from(*raw.get(2 + i)?);
    }
    Some(2 + n + len)
}

/// Verify a signed certificate PDF.
pub fn verify_pdf(bytes: &[u8]) -> VerifyReport {
    let mut r = VerifyReport::default();
    let cert_der = check_signature(bytes, &mut r);
    check_qr(bytes, cert_der.as_deref(), &mut r);
    r
}

fn check_signature(bytes: &[u8], r: &mut VerifyReport) -> Option<Vec<u8>> {
    let Some(at) = rfind(bytes, b"/ByteRange") else {
        r.failures
            .push("no signature: the file has no /ByteRange".into());
        return None;
    };
    let [a, b, c, d] = match parse_byte_range(bytes, at) {
        Ok(v) => v,
        Err(e) => {
            r.failures.push(e);
            return None;
        }
    };
    let len = bytes.len();
    let mut range_ok = true;
    if a != 0 {
        r.failures.push(format!(
            "/ByteRange starts at {a}, not at the beginning of the file"
        ));
        range_ok = false;
    }
    if !(b < c && c.checked_add(d) == Some(len)) {
        r.failures.push(format!("/ByteRange [{a} {b} {c} {d}] does not end at the end of the file ({len} bytes): content was added after signing or the range was altered"));
        range_ok = false;
    }
    let gap_ok = range_ok && bytes.get(b) == Some(&b'<') && bytes.get(c - 1) == Some(&b'>') && {
        let before = bytes.get(..b).unwrap_or_default();
        let trimmed = before
            .iter()
            .rposition(|x| !x.is_ascii_whitespace())
            .map(|p| &before[..=p])
            .unwrap_or_default();
        trimmed.ends_with(b"/Contents")
    };
    if range_ok && !gap_ok {
        r.failures.push(format!(
            "the unsigned gap {b}..{c} is not exactly the /Contents hex string"
        ));
    }
    r.byte_range_covers_whole_file = range_ok && gap_ok;
    if !r.byte_range_covers_whole_file {
        return None;
    }
    let cms = match decode_contents(&bytes[b + 1..c - 1]) {
        Ok(v) => v,
        Err(e) => {
            r.failures.push(e);
            return None;
        }
    };
    let mut hasher = Sha256::new();
    hasher.update(&bytes[..b]);
    hasher.update(&bytes[c..]);
    let digest = hasher.finalize();
    match verify_cms(&cms, &digest) {
        Ok(v) => {
            r.signature_valid = true;
            r.certificate_subject = Some(v.certificate.tbs_certificate.subject.to_string());
            r.certificate_description =
                Some(describe_certificate(&v.certificate, &v.certificate_der));
            r.certificate_fingerprint = Some(fingerprint(&v.certificate_der));
            r.signing_time = v.signing_time;
            r.timestamp = v.timestamp;
            Some(v.certificate_der)
        }
        Err(e) => {
            r.failures.push(e.to_string());
            None
        }
    }
}

fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let dict = match info {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_dict().ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    match dict.get(key).ok()? {
        Object::String(s, _) => Some(decode_pdf_text(s)),
        _ => None,
    }
}

/// The signing time in the signature dictionary's /M (PAdES B-B keeps it there, inside the
/// signed byte ranges).
fn signature_m(doc: &Document) -> Option<chrono::DateTime<chrono::Utc>> {
    doc.objects.values().find_map(|o| {
        let d = o.as_dict().ok()?;
        if d.get(b"Type").and_then(Object::as_name).ok()? != b"Sig" {
            return None;
        }
        match d.get(b"M").ok()? {
            Object::String(s, _) => parse_pdf_date(&decode_pdf_text(s)),
            _ => None,
        }
    })
}

fn check_qr(bytes: &[u8], cert_der: Option<&[u8]>, r: &mut VerifyReport) {
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => {
            r.failures.push(format!("PDF structure is unreadable: {e}"));
            return;
        }
    };
    r.report_number = info_string(&doc, INFO_REPORT_KEY.as_bytes());
    if r.signing_time.is_none() && r.signature_valid {
        r.signing_time = signature_m(&doc);
    }
    let Some(text) = info_string(&doc, INFO_QR_KEY.as_bytes()) else {
        r.failures.push(format!(
            "the document information has no /{INFO_QR_KEY} (QR payload)"
        ));
        return;
    };
    let payload = match parse_qr_payload(&text) {
        Ok(p) => p,
        Err(e) => {
            r.failures.push(e.to_string());
            return;
        }
    };
    if r.report_number.as_deref() != Some(payload.report_number.as_str()) {
        r.failures.push(format!(
            "QR payload report number {:?} differs from the document's {:?}",
            payload.report_number, r.report_number
        ));
    }
    match cert_der.map(verifying_key_from_cert) {
        None => r
            .failures
            .push("QR signature not checked: no valid PDF signature certificate".into()),
        Some(Err(e)) => r.failures.push(e.to_string()),
        Some(Ok(key)) => match verify_with_key(&payload, &key) {
            Ok(()) => r.qr_signature_valid = true,
            Err(e) => r.failures.push(e.to_string()),
        },
    }
    r.qr_payload = Some(payload);
}
