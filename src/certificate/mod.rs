//! Inspection certificates (检验报告): layout → PDF, QR payload, PAdES signature, verification.
//!
//! Flow: [`CertificateContent`] (already formatted text, frozen from an approved order by
//! [`content_from_order`]) + [`Template`] → [`Renderer::render`] (unsigned, deterministic PDF that
//! carries the QR payload) → [`sign_pdf`] (incremental update with a detached CMS signature) →
//! [`verify_pdf`] checks all of it again. [`issue::issue_for_order`] does it from the records.

pub mod breaks;
pub mod certifier;
pub mod cms_sig;
mod error;
pub mod font;
pub mod icc;
pub mod issue;
pub mod keys;
pub mod layout;
mod legacy_printpdf;
pub mod notice;
pub mod page_kit;
pub mod pages;
mod pdf_font;
mod pdf_image;
pub mod pdf_writer;
pub mod pdfa;
pub mod period_report;
pub mod qr;
pub mod rawrecord;
pub mod render;
pub mod sample;
pub mod sampling_form;
pub mod sign;
pub mod task_summary;
pub mod template;
pub mod timestamp;
pub mod verify;

// What a certificate says is a record the store keeps (model); it is re-exported here under its
// old paths so that the rendering side reads as before.
pub use crate::model::report_content as content;
pub use crate::model::report_content::from_order;
// The key kinds live below both the store and this module (the store checks its checkpoints).
pub use crate::signing as lab_signer;
pub use content::{
    CertificateContent, LabInfo, Party, Replacement, ResultRow, SampleInfo, SignOff,
    SupervisionInfo, VerifyLine,
};
pub use error::CertError;
pub use from_order::content_from_order;
pub use issue::issue_for_order;
pub use keys::LabKey;
pub use pdf_writer::PdfWriter;
pub use qr::{build_qr_payload, parse_qr_payload, verify_qr_payload, QrPayload};
pub use render::Renderer;
pub use sample::sample_content;
pub use sign::{
    issue, issue_stamped, issue_written, sign_pdf, IssuedPdf, SignatureTimestamp, Stamp,
};
pub use template::Template;
pub use verify::{verify_pdf, VerifyReport};

/// Result type of this module.
pub type Result<T, E = CertError> = std::result::Result<T, E>;
