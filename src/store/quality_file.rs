//! Writes to an enterprise's quality file (质量档案): licences and complaints. Each is one
//! transaction — check, write the enterprise record, audit entry bound to it — like every other
//! write. Class and blacklist changes go through `update_enterprise`, which keeps their history.

use chrono::{DateTime, Utc};

use super::{Result, Store, StoreError, Tx, ENTERPRISES, ORDERS};
use crate::model::quality_file::{
    BlacklistEntry, ClassChange, Complaint, ComplaintInput, Licence, LicenceInput, Removal,
};
use crate::model::{Enterprise, Order, Role, User};
use crate::msg;

/// Clerks and administrators keep the enterprise files, as they register enterprises.
pub(crate) fn require_clerk(actor: &User, zh: &str, en: &str) -> Result<()> {
    if actor.has(Role::Clerk) || actor.has(Role::Admin) {
        return Ok(());
    }
    let who = &actor.login;
    Err(StoreError::Refused(msg!(
        "{zh}需要“收样员”或“管理员”角色，{who} 没有",
        "{en} needs the sample clerk or admin role; {who} has neither"
    )))
}

fn load(tx: &Tx, code: &str) -> Result<Enterprise> {
    let code = code.trim().to_uppercase();
    tx.get(ENTERPRISES, &code, "企业")?.ok_or_else(|| {
        StoreError::NotFound(msg!(
            "没有企业“{code}”（unilab enterprise list）",
            "No enterprise “{code}” (unilab enterprise list)"
        ))
    })
}

/// The history `update_enterprise` appends when the class or the blacklist state changes.
pub(crate) fn record_changes(
    current: &Enterprise,
    new: &mut Enterprise,
    reason: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let class_changes = current.credit_class != new.credit_class;
    let blacklist_changes = current.blacklist.is_some() != new.blacklist.is_some()
        || (new.blacklist.is_some() && current.blacklist != new.blacklist);
    if (class_changes || blacklist_changes) && reason.trim().is_empty() {
        return Err(StoreError::Refused(msg!(
            "修改信用等级或黑名单须说明原因",
            "Changing the credit class or the blacklist needs a reason"
        )));
    }
    // The file's own records are the store's to keep: what an editor sends is ignored.
    new.quality = current.quality.clone();
    if class_changes {
        new.quality.class_history.push(ClassChange {
            from: current.credit_class,
            to: new.credit_class,
            reason: reason.trim().to_string(),
            by: by.to_string(),
            at,
        });
    }
    if blacklist_changes {
        new.quality.blacklist_history.push(BlacklistEntry {
            listed: new.blacklist.is_some(),
            reason: reason.trim().to_string(),
            by: by.to_string(),
            at,
        });
    }
    Ok(())
}

impl Store {
    /// Put a licence on an enterprise's file.
    pub fn add_licence(
        &self,
        actor: &User,
        code: &str,
        input: &LicenceInput,
        now: DateTime<Utc>,
    ) -> Result<Enterprise> {
        require_clerk(actor, "登记许可证", "Recording a licence")?;
        input.validate()?;
        let mut tx = self.begin(&actor.login, now)?;
        let mut e = load(&tx, code)?;
        let number = input.number.trim();
        let kind = input.kind;
        if e.quality
            .licences
            .iter()
            .any(|l| l.removed.is_none() && l.kind == kind && l.number.trim() == number)
        {
            let (kz, ke) = (kind.zh(), kind.en());
            return Err(StoreError::Refused(msg!(
                "{kz} {number} 已在档案中",
                "{ke} {number} is already on file"
            )));
        }
        let licence = Licence {
            kind,
            number: number.to_string(),
            scope: input.scope.trim().to_string(),
            issued: input.issued,
            valid_until: input.valid_until,
            recorded_by: actor.login.clone(),
            at: now,
            removed: None,
        };
        e.quality.licences.push(licence.clone());
        e.revision += 1;
        tx.put(ENTERPRISES, &e.credit_code, &e)?;
        tx.audit(
            "enterprise.licence",
            &e.credit_code,
            None,
            serde_json::to_value(&licence).ok(),
            None,
        )?;
        tx.commit()?;
        Ok(e)
    }

    /// Take a licence off the file (revoked, superseded, recorded in error): it stays in the
    /// record, marked with the reason.
    pub fn remove_licence(
        &self,
        actor: &User,
        code: &str,
        number: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Enterprise> {
        require_clerk(actor, "注销许可证", "Removing a licence")?;
        crate::model::text::check_required(["原因", "Reason"], reason)?;
        let mut tx = self.begin(&actor.login, now)?;
        let mut e = load(&tx, code)?;
        let number = number.trim();
        let Some(l) = e
            .quality
            .licences
            .iter_mut()
            .find(|l| l.removed.is_none() && l.number == number)
        else {
            let c = &e.credit_code;
            return Err(StoreError::NotFound(msg!(
                "企业 {c} 的档案中没有许可证 {number}",
                "Enterprise {c} has no licence {number} on file"
            )));
        };
        l.removed = Some(Removal {
            reason: reason.trim().to_string(),
            by: actor.login.clone(),
            at: now,
        });
        let after = serde_json::to_value(&*l).ok();
        e.revision += 1;
        tx.put(ENTERPRISES, &e.credit_code, &e)?;
        tx.audit(
            "enterprise.licence_remove",
            &e.credit_code,
            None,
            after,
            Some(reason.trim()),
        )?;
        tx.commit()?;
        Ok(e)
    }

    /// Record a complaint against an enterprise; an order it names must exist.
    pub fn record_complaint(
        &self,
        actor: &User,
        code: &str,
        input: &ComplaintInput,
        now: DateTime<Utc>,
    ) -> Result<Enterprise> {
        require_clerk(actor, "登记投诉", "Recording a complaint")?;
        input.validate()?;
        let (received, today) = (input.received, now.date_naive());
        if received > today {
            return Err(StoreError::Refused(msg!(
                "收到日期 {received} 晚于今天 {today}",
                "Received on {received} is after today ({today})"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut e = load(&tx, code)?;
        let order = input
            .order
            .as_deref()
            .map(|o| o.trim().to_uppercase())
            .filter(|o| !o.is_empty());
        if let Some(n) = &order {
            if tx.get::<Order>(ORDERS, n, "委托单")?.is_none() {
                return Err(StoreError::NotFound(msg!(
                    "投诉所指的委托单“{n}”不存在",
                    "The complaint names order “{n}”, which does not exist"
                )));
            }
        }
        let complaint = Complaint {
            received: input.received,
            from: input.from.trim().to_string(),
            text: input.text.trim().to_string(),
            order,
            recorded_by: actor.login.clone(),
            at: now,
        };
        e.quality.complaints.push(complaint.clone());
        e.revision += 1;
        tx.put(ENTERPRISES, &e.credit_code, &e)?;
        tx.audit(
            "enterprise.complaint",
            &e.credit_code,
            None,
            serde_json::to_value(&complaint).ok(),
            None,
        )?;
        tx.commit()?;
        Ok(e)
    }
}
