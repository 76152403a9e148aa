//! The lab's accreditation (CMA/CNAS numbers and scope): set by an administrator, audited with
//! what it was before. Certificates issued afterwards take their marks from it.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{Result, Store, StoreError};
use crate::model::accreditation::Accreditation;
use crate::model::{Lab, Role, User};

impl Store {
    pub fn set_accreditation(
        &self,
        actor: &User,
        accreditation: &Accreditation,
        now: DateTime<Utc>,
    ) -> Result<Lab> {
        super::users::require(
            actor,
            Role::Admin,
            ("设置资质认定信息", "Setting the accreditation"),
        )?;
        accreditation.validate().map_err(StoreError::Refused)?;
        let mut tx = self.begin(&actor.login, now)?;
        let mut lab: Lab = tx
            .meta("lab")?
            .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
        let before = std::mem::replace(&mut lab.accreditation, accreditation.clone());
        tx.put_meta("lab", &lab)?;
        tx.audit(
            "lab.accreditation",
            "lab",
            Some(json!(before)),
            Some(json!(accreditation)),
            None,
        )?;
        tx.commit()?;
        Ok(lab)
    }
}
