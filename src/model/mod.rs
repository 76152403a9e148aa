//! The lab's records as plain data with their invariants; no storage, no terminal.

pub mod accreditation;
pub mod arrangement;
pub mod bench;
pub mod conclusion;
pub mod credit_code;
pub mod custody;
pub mod enterprise;
pub mod fact;
pub mod instrument;
pub mod lab;
pub mod objection;
pub mod order;
pub mod quality_file;
pub mod report;
pub mod report_content;
pub mod sampling;
pub mod site;
pub mod task;
pub mod text;
pub mod tsa;
pub mod user;
pub mod verification;

pub use conclusion::Conclusion;
pub use enterprise::{CreditClass, Enterprise};
pub use instrument::{Instrument, InstrumentStatus};
pub use lab::Lab;
pub use order::{ItemResult, Order, OrderStatus, OrderSummary, ResultEntry, Sample, StatusChange};
pub use report::{Report, ReportStatus};
pub use user::{Role, User};
