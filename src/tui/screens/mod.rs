//! One module per screen: its state, its `update` and its `draw`.

pub mod audit;
pub mod audit_words;
pub mod bench;
pub mod deadlines;
pub mod detail;
pub mod enterprise_quality;
pub mod enterprises;
pub mod instruments;
pub mod login;
pub mod netcontent;
pub mod order_records;
pub mod order_spot;
pub mod orders;
pub mod popup;
pub mod preview;
pub mod quality_file_view;
pub mod queue;
pub mod register;
pub mod reports;
pub mod results;
pub mod standards;
pub mod stats;
pub mod stats_trend;
pub mod tasks;
pub mod users;
pub mod warnings;
