//! Unilab: a terminal LIMS for testing laboratories that work to the three-unified rule
//! (三统一: one test standard, one test method and one decision basis for every item).
//!
//! The judging core (`number`, `significant`, `exact`, `limit`, `limit_adjust`, `judge`,
//! `decision`, `formula`, `catalog`, `evaluate`, `netcontent`) is pure: no I/O beyond reading
//! standard files, no database, no terminal. Its arithmetic is exact or refused: nothing on the judging path rounds without saying so.

// A panic while the database is open forces a slow repair, and a crash loses a technician's
// input: errors are values everywhere outside tests.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod bench;
pub mod catalog;
pub mod certificate;
pub mod cli;
pub mod clock;
pub mod decision;
pub mod demo;
pub mod evaluate;
pub mod exact;
pub mod formula;
pub mod inspection;
pub mod judge;
pub mod limit;
pub mod limit_adjust;
pub mod message;
pub mod model;
pub mod netcontent;
pub mod number;
pub mod serve;
pub mod significant;
pub mod signing;
pub mod startup;
pub mod stats;
pub mod store;
pub mod supervision;
pub mod tui;
pub mod workflow;
