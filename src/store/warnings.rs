//! Early warnings in the store: the lab's rules (an administrator sets them, audited), the
//! warnings they raise over the statistics rows and the enterprise file, and a person's
//! acknowledgement of one with a note (audited), which stays with the warning's id.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::users::require;
use super::{Result, Store, StoreError};
use crate::model::fact::OrderFact;
use crate::model::{Enterprise, Role, User};
use crate::msg;
use crate::stats::warnings::{warnings, Warning, WarningRules};

const RULES: &str = "warning_rules";
const ACKS: &str = "warning_acks";

/// Who saw a warning and what they decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub by: String,
    pub at: DateTime<Utc>,
    pub note: String,
}

/// A warning and its acknowledgement, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaisedWarning {
    #[serde(flatten)]
    pub warning: Warning,
    pub acknowledged: Option<Acknowledgement>,
}

/// The lab's managers: an administrator or an authorised signatory.
fn manager(actor: &User, what: (&str, &str)) -> Result<()> {
    if actor.has(Role::Signatory) {
        return Ok(());
    }
    require(actor, Role::Admin, what)
}

impl Store {
    pub fn warning_rules(&self) -> Result<WarningRules> {
        Ok(self.meta(RULES)?.unwrap_or_default())
    }

    /// Replace the rules (an administrator; the old and new figures go into the audit).
    pub fn set_warning_rules(
        &self,
        actor: &User,
        rules: &WarningRules,
        now: DateTime<Utc>,
    ) -> Result<()> {
        require(
            actor,
            Role::Admin,
            ("设置预警规则", "Setting the warning rules"),
        )?;
        if rules.region_rate_below > 100 {
            let n = rules.region_rate_below;
            return Err(StoreError::Refused(msg!(
                "region_rate_below = {n}：合格率阈值应在 0～100 之间",
                "region_rate_below = {n}: the pass-rate threshold is a per cent, 0 to 100"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let before: WarningRules = tx.meta(RULES)?.unwrap_or_default();
        tx.put_meta(RULES, rules)?;
        tx.audit(
            "lab.warning_rules",
            RULES,
            Some(json!(before)),
            Some(json!(rules)),
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The warnings on `today`, each with its acknowledgement.
    pub fn warnings(&self, today: NaiveDate) -> Result<Vec<RaisedWarning>> {
        let snap = self.snapshot()?;
        let facts: Vec<OrderFact> = snap.read_all(super::ORDER_FACTS, "统计记录")?;
        let ents: Vec<Enterprise> = snap.read_all(super::ENTERPRISES, "企业")?;
        let rules: WarningRules = snap.meta(RULES)?.unwrap_or_default();
        let acks: BTreeMap<String, Acknowledgement> = snap.meta(ACKS)?.unwrap_or_default();
        Ok(warnings(&facts, &ents, &rules, today)
            .into_iter()
            .map(|w| RaisedWarning {
                acknowledged: acks.get(&w.id).cloned(),
                warning: w,
            })
            .collect())
    }

    /// Acknowledge a warning raised today with a note (a manager; audited).
    pub fn acknowledge_warning(
        &self,
        actor: &User,
        id: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<RaisedWarning> {
        manager(actor, ("确认预警", "Acknowledging a warning"))?;
        let note = note.trim();
        if note.is_empty() {
            return Err(StoreError::Refused(msg!(
                "确认预警须写明处理意见",
                "Say what was decided when acknowledging a warning"
            )));
        }
        let raised = self
            .warnings(now.date_naive())?
            .into_iter()
            .find(|w| w.warning.id == id)
            .ok_or_else(|| {
                StoreError::NotFound(msg!(
                    "没有预警“{id}”（unilab warnings 列出当前预警）",
                    "No warning “{id}” now (unilab warnings lists them)"
                ))
            })?;
        let mut tx = self.begin(&actor.login, now)?;
        let mut acks: BTreeMap<String, Acknowledgement> = tx.meta(ACKS)?.unwrap_or_default();
        let ack = Acknowledgement {
            by: actor.login.clone(),
            at: tx.now,
            note: note.to_string(),
        };
        let before = acks.insert(id.to_string(), ack.clone());
        tx.put_meta(ACKS, &acks)?;
        tx.audit(
            "warning.acknowledge",
            id,
            before.map(|b| json!(b)),
            Some(json!({"note": note, "evidence": raised.warning.evidence})),
            None,
        )?;
        tx.commit()?;
        Ok(RaisedWarning {
            warning: raised.warning,
            acknowledged: Some(ack),
        })
    }
}
