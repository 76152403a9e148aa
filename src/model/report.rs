//! Issued reports: numbered, frozen, signed; never edited (ISO/IEC 17025 §7.8.8).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::report_content::CertificateContent;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReportStatus {
    Issued,
    /// A newer report replaces this one.
    Replaced {
        by: String,
    },
    Withdrawn {
        reason: String,
        by: String,
        at: DateTime<Utc>,
    },
}

impl ReportStatus {
    pub fn zh(&self) -> String {
        match self {
            ReportStatus::Issued => "有效".into(),
            ReportStatus::Replaced { by } => format!("已被 {by} 替代"),
            ReportStatus::Withdrawn { reason, .. } => format!("已撤回（{reason}）"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            ReportStatus::Issued => "valid".into(),
            ReportStatus::Replaced { by } => format!("replaced by {by}"),
            ReportStatus::Withdrawn { reason, .. } => format!("withdrawn ({reason})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub number: String,
    pub order: String,
    /// 1 for the first report of an order, +1 for each amendment.
    pub version: u32,
    pub content: CertificateContent,
    pub qr_payload: String,
    /// SHA-256 of the signed PDF as issued.
    pub pdf_sha256: String,
    /// When the PDF was signed (it is part of the signature, so re-rendering needs it).
    pub signed_at: DateTime<Utc>,
    pub issued_by: String,
    pub status: ReportStatus,
    pub revision: u64,
    /// The signed audit checkpoint the report was issued under: the records it was frozen from
    /// are covered by that signature.
    #[serde(default)]
    pub issued_under: Option<CheckpointRef>,
    /// The short code that opens the report's page on the lab's verification site
    /// (`model::verification`); reports issued before codes existed got theirs on upgrade.
    #[serde(default)]
    pub verify_code: String,
    /// Pages of the issued PDF; 0 for reports issued before it was recorded.
    #[serde(default)]
    pub pages: u32,
    /// The signature timestamp token (PAdES B-T), when the lab had a TSA: re-rendering puts the
    /// same token back, since a new one would change the file. Absent for B-B reports, so their
    /// stored form (and digest) is as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<RecordedTimestamp>,
    /// Which PDF writer made the file (`certificate::PdfWriter`): 1 printpdf, 2 the direct
    /// writer. Re-rendering uses the same one, since another would change the bytes. Absent
    /// (1) for reports issued before it was recorded, so their stored form and digest are as
    /// before.
    #[serde(
        default = "first_pdf_writer",
        skip_serializing_if = "is_first_pdf_writer"
    )]
    pub pdf_writer: u32,
}

fn first_pdf_writer() -> u32 {
    1
}

fn is_first_pdf_writer(v: &u32) -> bool {
    *v == 1
}

/// A signature timestamp as recorded with its report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedTimestamp {
    /// The TimeStampToken, DER in base64.
    pub token: String,
    /// Bytes its placeholder kept in the signature.
    pub room: u32,
}

/// Which signed audit checkpoint (the chain head's sequence number and hash) a report was
/// issued under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointRef {
    pub seq: u64,
    pub hash: String,
}
