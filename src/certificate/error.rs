//! One error type for the certificate module; every message says what was wrong and where.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CertError {
    #[error("{path}: {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// A template file is malformed; `field` is the dotted path of the offending key
    /// (empty when the file is not valid TOML at all).
    #[error("template {file}: field `{field}`: {message}")]
    Template {
        file: PathBuf,
        field: String,
        message: String,
    },
    #[error("font {path} (face {face_index}): {message}")]
    Font {
        path: PathBuf,
        face_index: u32,
        message: String,
    },
    /// The font cannot draw some characters used by the content or the template.
    #[error("font {font} has no glyph for {count} character(s) used in the certificate: {list}", count = .chars.len(), list = format_chars(.chars))]
    MissingGlyphs { font: String, chars: Vec<char> },
    #[error("layout: {0}")]
    Layout(String),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("lab key: {0}")]
    Key(String),
    #[error("QR payload: {0}")]
    Qr(String),
    #[error("signature: {0}")]
    Sign(String),
    /// The time-stamping authority could not give a valid token; names its URL and why, in
    /// both languages (Display: Chinese, the lab's working language).
    #[error("{0}")]
    Timestamp(crate::message::Msg),
}

/// `"₂" (U+2082), "₅" (U+2085)`
pub(crate) fn format_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("\"{c}\" (U+{:04X})", *c as u32))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CertError {
    /// The message in both languages: the TSA's own words where it has them, else the English
    /// text in both (the other variants are technical detail).
    pub fn message(&self) -> crate::message::Msg {
        match self {
            CertError::Timestamp(m) => m.clone(),
            other => {
                let t = other.to_string();
                crate::message::Msg::new(t.clone(), t)
            }
        }
    }

    pub(crate) fn io(
        path: impl Into<PathBuf>,
        action: &'static str,
        source: std::io::Error,
    ) -> Self {
        CertError::Io {
            path: path.into(),
            action,
            source,
        }
    }
}

impl From<crate::signing::SigningError> for CertError {
    fn from(e: crate::signing::SigningError) -> Self {
        match e {
            crate::signing::SigningError::Key(m) => CertError::Key(m),
            crate::signing::SigningError::Sign(m) => CertError::Sign(m),
        }
    }
}
