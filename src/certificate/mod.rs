//! Inspection certificates (检验报告): content, layout, PDF, signature, QR, verification.

pub mod content;
pub mod from_order;

pub use content::*;
pub use from_order::content_from_order;
