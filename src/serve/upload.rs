//! `POST /verify`: is this PDF the file the lab issued? The same checks as `unilab verify`
//! (signature over the whole file, the QR payload's signature, the record's hash and status),
//! said the way a quality manager would put it.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::html::{esc, facts, forms, status};
use super::lang::{Lang, T};
use super::lookup::{facts_of, Facts};
use crate::certificate::verify_pdf;
use crate::store::Store;

/// What the check found; the JSON answer is this, serialised.
#[derive(Debug, Clone, Serialize)]
pub struct FileCheck {
    /// `issued_file` (byte for byte what was issued), `modified` (a report of this lab, but
    /// not the issued bytes), `unknown` (no such report here) or `not_pdf`.
    pub status: &'static str,
    /// The report number the file claims, if it can be read.
    pub number: Option<String>,
    /// SHA-256 of the uploaded file.
    pub sha256: String,
    pub byte_identical: bool,
    pub signature_valid: bool,
    pub qr_valid: bool,
    pub signed_by_lab: bool,
    /// The report's facts, only when the file is the issued one (the reader holds it anyway).
    pub report: Option<Facts>,
    /// The findings in plain words, in the page's language.
    pub messages: Vec<String>,
}

impl FileCheck {
    /// Whether the lookup counts as a failure for the guessing limit.
    pub fn failed(&self) -> bool {
        matches!(self.status, "unknown" | "not_pdf")
    }
}

/// Check `bytes` against the lab's records. `lab_fingerprint`: the lab certificate's, when known.
pub fn check(store: &Store, lab_fingerprint: Option<&str>, bytes: &[u8], lang: Lang) -> FileCheck {
    let sha256 = hex::encode(Sha256::digest(bytes));
    let mut out = FileCheck {
        status: "not_pdf",
        number: None,
        sha256,
        byte_identical: false,
        signature_valid: false,
        qr_valid: false,
        signed_by_lab: false,
        report: None,
        messages: Vec::new(),
    };
    if !bytes.starts_with(b"%PDF-") {
        out.messages.push(lang.t(T::FileNotPdf).into());
        return out;
    }
    let v = verify_pdf(bytes);
    out.signature_valid = v.signature_valid && v.byte_range_covers_whole_file;
    out.qr_valid = v.qr_signature_valid;
    out.signed_by_lab = match (lab_fingerprint, v.certificate_fingerprint.as_deref()) {
        (Some(lab), Some(signer)) => lab == signer,
        // Without the lab's certificate at hand the record's hash decides.
        (None, Some(_)) => true,
        _ => false,
    };
    out.number = v
        .qr_payload
        .as_ref()
        .map(|q| q.report_number.clone())
        .or(v.report_number.clone());
    let report = out.number.as_deref().and_then(|n| store.report(n).ok());
    let Some(report) = report else {
        out.status = if v.report_number.is_some() || v.qr_payload.is_some() {
            "unknown"
        } else {
            "not_pdf"
        };
        out.messages.push(
            lang.t(if out.status == "unknown" {
                T::FileUnknown
            } else {
                T::FileNotPdf
            })
            .into(),
        );
        return out;
    };
    out.byte_identical = out.sha256 == report.pdf_sha256;
    let payload_matches = v
        .qr_payload
        .as_ref()
        .is_some_and(|q| q.to_text() == report.qr_payload);
    out.qr_valid = out.qr_valid && payload_matches;
    out.status = if out.byte_identical {
        "issued_file"
    } else {
        "modified"
    };
    explain(&mut out, &v, lang);
    if out.byte_identical {
        let f = facts_of(store, &report);
        out.messages.push(match f.status {
            "valid" => lang.t(T::FileCurrent).to_string(),
            "replaced" => format!(
                "{} {}",
                lang.t(T::FileNotCurrent),
                lang.t(T::StatusReplaced)
            ),
            _ => format!(
                "{} {}",
                lang.t(T::FileNotCurrent),
                lang.t(T::StatusWithdrawn)
            ),
        });
        out.report = Some(f);
    }
    out
}

/// The findings, first the verdict on the bytes, then the signature, the QR and the signer.
fn explain(out: &mut FileCheck, v: &crate::certificate::VerifyReport, lang: Lang) {
    let m = &mut out.messages;
    m.push(
        lang.t(if out.byte_identical {
            T::FileIdentical
        } else {
            T::FileModified
        })
        .into(),
    );
    let no_signature = !v.byte_range_covers_whole_file && !v.signature_valid && {
        v.failures.iter().any(|f| f.starts_with("no signature"))
    };
    m.push(
        lang.t(match (out.signature_valid, no_signature) {
            (true, _) => T::SignatureValid,
            (false, true) => T::SignatureMissing,
            (false, false) => T::SignatureInvalid,
        })
        .into(),
    );
    m.push(
        lang.t(if out.qr_valid {
            T::QrValid
        } else {
            T::QrInvalid
        })
        .into(),
    );
    if out.signature_valid && !out.signed_by_lab {
        m.push(lang.t(T::NotLabCertificate).into());
    }
}

/// The page body for a file check.
pub fn body(lang: Lang, c: &FileCheck) -> String {
    let current = c.report.as_ref().is_some_and(|f| f.status == "valid");
    let all_good = c.byte_identical && c.signature_valid && c.qr_valid && c.signed_by_lab;
    let (class, headline) = match (all_good, current) {
        (true, true) => ("ok", lang.t(T::FileIdentical)),
        (true, false) => ("warn", lang.t(T::FileIdentical)),
        _ => (
            "bad",
            c.messages.first().map(String::as_str).unwrap_or_default(),
        ),
    };
    let mut out = status(class, headline);
    out.push_str("<section><ul class=\"checks\">");
    for m in c.messages.iter().skip(1) {
        out.push_str(&format!("<li>{}</li>", esc(m)));
    }
    out.push_str("</ul></section>");
    if let Some(f) = &c.report {
        out.push_str(&super::lookup::status_html(lang, f));
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        out.push_str(&facts(&[
            (lang.t(T::Number), f.number.clone(), false),
            (lang.t(T::Sample), opt(&f.sample), false),
            (lang.t(T::Client), opt(&f.client), false),
            (lang.t(T::Conclusion), opt(&f.conclusion), false),
            (
                lang.t(T::IssueDate),
                f.issue_date.map(|d| d.to_string()).unwrap_or_default(),
                false,
            ),
            (lang.t(T::Sha256), opt(&f.sha256), true),
        ]));
    }
    out.push_str(&forms(lang, "", ""));
    out
}
