//! The keyboard-driven terminal interface (DESIGN.md, "The terminal interface").
//!
//! One `App` state; keys become `Action`s through the keymap (`keymap.rs`); `app::update`
//! changes the state and returns `Effect`s that `effects::run` carries out against the store;
//! `ui::draw` is a pure function of `&App`. Screens live in `screens/`, one module each.

pub mod app;
pub mod config;
pub mod data;
pub mod effects;
pub mod i18n;
pub mod i18n_desk;
pub mod i18n_file;
pub mod i18n_stats;
pub mod issue;
pub mod keymap;
pub mod list_effects;
pub mod offer;
pub mod order_window;
pub mod record_effects;
mod runtime;
pub mod screens;
pub mod spot_effects;
pub mod stats_effects;
pub mod ui;
pub mod widgets;

use std::path::PathBuf;

pub use app::{handle_key, update, App, Effect, Screen};
pub use effects::{IssueFn, Services};
pub use i18n::Lang;
pub use keymap::keymap_text;

pub struct TuiOptions {
    pub data_dir: PathBuf,
    pub lang: Lang,
    /// Demo users shown on the login screen: (login, password, roles).
    pub login_hint: Vec<(String, String, crate::message::Msg)>,
    pub standards_dirs: Vec<PathBuf>,
    /// Where issued PDFs are written.
    pub cert_out_dir: PathBuf,
}

/// Open the interface on a data directory; returns when the user leaves (or a signal asks).
pub fn run(options: TuiOptions) -> anyhow::Result<()> {
    runtime::run(options, issue::default_issuer())
}

/// Like `run`, with another way of issuing certificates (tests, other renderers).
pub fn run_with_issuer(options: TuiOptions, issue: IssueFn) -> anyhow::Result<()> {
    runtime::run(options, issue)
}
