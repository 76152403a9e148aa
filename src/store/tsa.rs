//! The lab's time-stamping authority setting (an administrator sets it; old and new go into
//! the audit). Only the address and user name: the password is kept outside the records.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::users::require;
use super::{Result, Store};
use crate::model::tsa::TsaSettings;
use crate::model::{Role, User};

const TSA: &str = "tsa_settings";

impl Store {
    pub fn tsa_settings(&self) -> Result<TsaSettings> {
        Ok(self.meta(TSA)?.unwrap_or_default())
    }

    /// Replace the TSA setting (`url: None` turns timestamps off).
    pub fn set_tsa_settings(
        &self,
        actor: &User,
        settings: &TsaSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        require(
            actor,
            Role::Admin,
            ("设置时间戳服务", "Setting the time-stamping authority"),
        )?;
        settings.validate()?;
        let mut tx = self.begin(&actor.login, now)?;
        let before: TsaSettings = tx.meta(TSA)?.unwrap_or_default();
        tx.put_meta(TSA, settings)?;
        tx.audit(
            "lab.tsa",
            TSA,
            Some(json!(before)),
            Some(json!(settings)),
            None,
        )?;
        tx.commit()
    }
}
