//! One module per screen: its state, its `update` and its `draw`.

pub mod audit;
pub mod audit_words;
pub mod bench;
pub mod detail;
pub mod enterprises;
pub mod instruments;
pub mod login;
pub mod netcontent;
pub mod order_records;
pub mod orders;
pub mod popup;
pub mod preview;
pub mod queue;
pub mod register;
pub mod reports;
pub mod results;
pub mod standards;
pub mod users;
