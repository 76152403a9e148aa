//! The QR payload printed on the certificate, and its signature.
//!
//! Canonical form (version `UL1`), fields separated by `|`:
//!
//! ```text
//! UL1|<report_number>|<issue_date YYYY-MM-DD>|<sample name>|<client name>|<conclusion>|<signature>
//! ```
//!
//! Text fields are NFC-normalised; `%` and `|` inside them are written `%25` and `%7C`.
//! The signature is made with the lab key over the UTF-8 bytes of everything before the last
//! `|` (the first six fields joined by `|`), base64url without padding: ECDSA P-256 / SHA-256 as
//! the fixed 64-byte `r‖s`, or for an RSA lab key PKCS#1 v1.5 / SHA-256 (256–512 bytes).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use super::content::CertificateContent;
use super::error::CertError;
use super::keys::{verifying_key_from_cert, LabKey};
use super::lab_signer::PublicKey;
use super::Result;

/// Version tag of the payload format.
pub const QR_VERSION: &str = "UL1";

/// A parsed QR payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPayload {
    pub report_number: String,
    pub issue_date: NaiveDate,
    pub sample_name: String,
    pub client_name: String,
    /// Short conclusion: `符合`, `不符合`, `未发现不合格` or `见报告`.
    pub conclusion: String,
    /// 64-byte `r‖s` ECDSA signature.
    pub signature: Vec<u8>,
}

impl QrPayload {
    /// The bytes the signature covers.
    pub fn signed_text(&self) -> String {
        signed_text(
            &self.report_number,
            self.issue_date,
            &self.sample_name,
            &self.client_name,
            &self.conclusion,
        )
    }

    /// The full payload text as printed in the QR code.
    pub fn to_text(&self) -> String {
        format!(
            "{}|{}",
            self.signed_text(),
            URL_SAFE_NO_PAD.encode(&self.signature)
        )
    }
}

/// Short form of the conclusion for the QR payload.
pub fn conclusion_short(content: &CertificateContent) -> &'static str {
    let c = content.conclusion.as_str();
    if content.training {
        // A phone scanning a training certificate must not read a real verdict.
        TRAINING_MARK
    } else if c.contains("未发现不合格") {
        "未发现不合格"
    } else if c.contains("不符合")
        || c.contains("不合格")
        || content.rows.iter().any(|r| r.verdict == "不符合")
    {
        "不符合"
    } else if c.contains("符合") || c.contains("合格") {
        "符合"
    } else {
        "见报告"
    }
}

/// What a training lab's certificate says on every page and in its QR code.
pub const TRAINING_MARK: &str = "培训样本 TRAINING（非正式报告）";

fn escape(s: &str) -> String {
    let nfc: String = s.trim().nfc().collect();
    nfc.replace('%', "%25")
        .replace('|', "%7C")
        .replace('\n', " ")
}

fn unescape(s: &str) -> String {
    s.replace("%7C", "|").replace("%25", "%")
}

fn signed_text(
    report: &str,
    issue: NaiveDate,
    sample: &str,
    client: &str,
    conclusion: &str,
) -> String {
    format!(
        "{QR_VERSION}|{}|{}|{}|{}|{}",
        escape(report),
        issue.format("%Y-%m-%d"),
        escape(sample),
        escape(client),
        escape(conclusion)
    )
}

/// Build and sign the payload for `content` with the lab key.
pub fn build_qr_payload(content: &CertificateContent, key: &LabKey) -> Result<String> {
    let text = signed_text(
        &content.report_number,
        content.issue_date,
        &content.sample.name,
        &content.client.name,
        conclusion_short(content),
    );
    let sig = key.signing_key().sign(text.as_bytes())?;
    let payload = format!("{text}|{}", URL_SAFE_NO_PAD.encode(sig));
    // Printed QR codes stay readable on paper up to about version 25 (~1 200 bytes at level M).
    if payload.len() > 1200 {
        return Err(CertError::Qr(format!(
            "payload is {} bytes, too long for a printed QR code (sample or client name too long)",
            payload.len()
        )));
    }
    Ok(payload)
}

/// What the printed QR code holds. Without a verification page, the signed payload alone. With
/// one, the page's address with the payload after `#`: a phone opens the page (the fragment is
/// never sent to the server), and an offline checker still finds the signed payload after the
/// first `#`. ASCII characters that would end a URL (space, `#`, `%`, quotes, brackets) are
/// percent-encoded there; other text is kept as it is.
pub fn qr_text(content: &CertificateContent, payload: &str) -> String {
    match content.verification.as_ref().and_then(|v| v.url.as_deref()) {
        Some(url) => format!("{url}#{}", fragment_escape(payload)),
        None => payload.to_string(),
    }
}

fn fragment_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() && (c.is_ascii_control() || " \"#%<>\\^`{}".contains(c)) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The signed payload from what a QR code holds (either form of [`qr_text`]).
pub fn payload_from_qr_text(text: &str) -> String {
    // A bare payload may itself hold '#' (in a sample name); only the URL form is split.
    let is_url = text.starts_with("https://") || text.starts_with("http://");
    match text.split_once('#') {
        Some((_, fragment)) if is_url => percent_decode(fragment),
        _ => text.to_string(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parse a payload text (does not check the signature).
pub fn parse_qr_payload(text: &str) -> Result<QrPayload> {
    let fields: Vec<&str> = text.trim().split('|').collect();
    if fields.len() != 7 {
        return Err(CertError::Qr(format!(
            "expected 7 fields separated by '|', found {}",
            fields.len()
        )));
    }
    if fields[0] != QR_VERSION {
        return Err(CertError::Qr(format!(
            "unknown payload version {:?} (expected {QR_VERSION})",
            fields[0]
        )));
    }
    let issue_date = NaiveDate::parse_from_str(fields[2], "%Y-%m-%d")
        .map_err(|e| CertError::Qr(format!("issue date {:?}: {e}", fields[2])))?;
    let signature = URL_SAFE_NO_PAD
        .decode(fields[6])
        .map_err(|e| CertError::Qr(format!("signature is not base64url: {e}")))?;
    if signature.len() != 64 && !(256..=512).contains(&signature.len()) {
        return Err(CertError::Qr(format!(
            "signature has {} bytes, expected 64 (ECDSA P-256) or 256–512 (RSA)",
            signature.len()
        )));
    }
    let p = QrPayload {
        report_number: unescape(fields[1]),
        issue_date,
        sample_name: unescape(fields[3]),
        client_name: unescape(fields[4]),
        conclusion: unescape(fields[5]),
        signature,
    };
    if p.to_text() != text.trim() {
        return Err(CertError::Qr("payload is not in canonical form".into()));
    }
    Ok(p)
}

/// Check the payload's signature against the lab certificate (DER).
pub fn verify_qr_payload(payload: &QrPayload, certificate_der: &[u8]) -> Result<()> {
    let key = verifying_key_from_cert(certificate_der)?;
    verify_with_key(payload, &key)
}

pub(crate) fn verify_with_key(payload: &QrPayload, key: &PublicKey) -> Result<()> {
    if key.verify(payload.signed_text().as_bytes(), &payload.signature) {
        Ok(())
    } else {
        Err(CertError::Qr(
            "signature does not match the payload and the lab certificate".into(),
        ))
    }
}

/// The QR matrix for `payload`: (modules per side, dark flags row by row).
///
/// Error correction level M, smallest version that fits. The mask is fixed (pattern 000)
/// instead of scored over all eight: any mask is valid, and scoring costs ~1 ms per certificate.
pub fn qr_matrix(payload: &str) -> Result<(usize, Vec<bool>)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    let ec = qrcode::EcLevel::M;
    let too_long = |e: qrcode::types::QrError| {
        CertError::Qr(format!(
            "cannot encode {} bytes as a QR code: {e}",
            payload.len()
        ))
    };
    let bits = qrcode::bits::encode_auto(payload.as_bytes(), ec).map_err(too_long)?;
    let version = bits.version();
    let (data, ec_data) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).map_err(too_long)?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec_data);
    canvas.apply_mask(MaskPattern::Checkerboard);
    let width =
        usize::try_from(version.width()).map_err(|_| CertError::Qr("invalid QR version".into()))?;
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect::<Vec<_>>();
    if dark.len() != width * width {
        return Err(CertError::Qr(format!(
            "QR matrix has {} modules, expected {}",
            dark.len(),
            width * width
        )));
    }
    Ok((width, dark))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::{sample_content, VerifyLine};

    #[test]
    fn the_qr_opens_the_page_and_still_carries_the_payload() {
        let mut c = sample_content(1);
        let payload = "UL1|BH2026-000001|2026-01-02|热轧 钢筋 #1|甲%乙|符合|sig";
        assert_eq!(qr_text(&c, payload), payload, "no page: the payload alone");
        c.verification = Some(VerifyLine {
            code: "ABCDEFGHJK".into(),
            url: Some("https://x.cn/v/BH2026-000001?c=ABCDEFGHJK".into()),
        });
        let text = qr_text(&c, payload);
        assert!(text.starts_with("https://x.cn/v/BH2026-000001?c=ABCDEFGHJK#UL1|"));
        assert!(!text.contains(' '), "a space would end the URL: {text}");
        assert_eq!(text.matches('#').count(), 1, "{text}");
        assert_eq!(payload_from_qr_text(&text), payload);
        assert_eq!(payload_from_qr_text(payload), payload);
    }
}
