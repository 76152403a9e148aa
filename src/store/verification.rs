//! The verification page's side of the records: the lab's web settings (audited), a fresh code
//! for each issued report, and codes for reports issued before codes existed (upgrade).

use chrono::{DateTime, Utc};
use serde_json::json;

use super::tx::Tx;
use super::users::require;
use super::{Result, Store, REPORTS};
use crate::model::verification::{code_from_random, WebSettings};
use crate::model::{Report, Role, User};

const WEB: &str = "web_settings";

/// A new verification code from the operating system's random source.
pub(crate) fn new_code() -> String {
    let mut bytes = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    code_from_random(bytes)
}

/// The lab's web settings as of this transaction (issuing reads the base URL).
pub(crate) fn web_settings_in(tx: &Tx) -> Result<WebSettings> {
    Ok(tx.meta(WEB)?.unwrap_or_default())
}

/// Upgrade: give every stored report without a code one; bound to the migration's entry.
pub(crate) fn fill_codes(tx: &mut Tx) -> Result<()> {
    let reports: Vec<Report> = tx.all(REPORTS, "报告")?;
    for mut r in reports.into_iter().filter(|r| r.verify_code.is_empty()) {
        r.verify_code = new_code();
        let number = r.number.clone();
        tx.put(REPORTS, &number, &r)?;
    }
    Ok(())
}

impl Store {
    pub fn web_settings(&self) -> Result<WebSettings> {
        Ok(self.meta(WEB)?.unwrap_or_default())
    }

    /// Replace the web settings (an administrator; old and new go into the audit).
    pub fn set_web_settings(
        &self,
        actor: &User,
        settings: &WebSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        require(
            actor,
            Role::Admin,
            ("设置报告查询网页", "Setting the verification page"),
        )?;
        settings.validate()?;
        let mut tx = self.begin(&actor.login, now)?;
        let before = web_settings_in(&tx)?;
        tx.put_meta(WEB, settings)?;
        tx.audit(
            "lab.web_settings",
            WEB,
            Some(json!(before)),
            Some(json!(settings)),
            None,
        )?;
        tx.commit()
    }
}
