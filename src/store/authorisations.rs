//! Staff authorisation per test method (授权检测人员, RB/T 214 §4.5.3): an administrator grants
//! and withdraws it with a reason; result entry refuses a method one is not authorised for.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::users::{no_user, require};
use super::{Result, Store, StoreError, USERS};
use crate::model::{Role, User};
use crate::msg;

impl Store {
    /// Grant (`grant`) or withdraw a technician's authorisation for a method, with a reason.
    pub fn authorise_method(
        &self,
        actor: &User,
        login: &str,
        method: &str,
        grant: bool,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        require(actor, Role::Admin, ("授权检测方法", "Authorising a method"))?;
        crate::model::text::check_required(["检测方法", "Method"], method)?;
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "授权或撤销授权须说明原因（--reason），如培训考核记录编号",
                "Granting or withdrawing an authorisation needs a reason (--reason), such as the training record"
            )));
        }
        crate::model::text::check_text(["原因", "Reason"], reason)?;
        let method = method.trim();
        let mut tx = self.begin(&actor.login, now)?;
        let mut user: User = tx
            .get(USERS, login, "用户")?
            .ok_or_else(|| no_user(login))?;
        let held = user.authorised_method(method);
        match (grant, held) {
            (true, true) => {
                return Err(StoreError::Refused(msg!(
                    "{login} 已获授权检测方法 {method}",
                    "{login} is already authorised for {method}"
                )))
            }
            (false, false) => {
                return Err(StoreError::Refused(msg!(
                    "{login} 没有方法 {method} 的授权",
                    "{login} holds no authorisation for {method}"
                )))
            }
            (true, false) => {
                if !user.has(Role::Technician) {
                    return Err(StoreError::Refused(msg!(
                        "{login} 不是检验员，不能授权检测方法",
                        "{login} is not a technician; methods are authorised to technicians"
                    )));
                }
                user.methods.push(method.to_string());
                user.methods.sort();
            }
            (false, true) => {
                let key = crate::catalog::code_key(method);
                user.methods.retain(|m| crate::catalog::code_key(m) != key);
            }
        }
        user.revision += 1;
        tx.put(USERS, login, &user)?;
        tx.audit(
            if grant {
                "user.authorise"
            } else {
                "user.revoke"
            },
            login,
            None,
            Some(json!({"method": method, "methods": user.methods})),
            Some(reason),
        )?;
        tx.commit()?;
        Ok(user)
    }
}

impl Store {
    /// Replace a technician's authorised methods in one write (the users screen's form), with
    /// one reason; the entry records what was granted and withdrawn.
    pub fn set_user_methods(
        &self,
        actor: &User,
        login: &str,
        methods: &[String],
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        require(actor, Role::Admin, ("授权检测方法", "Authorising a method"))?;
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "授权或撤销授权须说明原因，如培训考核记录编号",
                "Granting or withdrawing an authorisation needs a reason, such as the training record"
            )));
        }
        crate::model::text::check_text(["原因", "Reason"], reason)?;
        for m in methods {
            crate::model::text::check_required(["检测方法", "Method"], m)?;
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut user: User = tx
            .get(USERS, login, "用户")?
            .ok_or_else(|| no_user(login))?;
        if !methods.is_empty() && !user.has(Role::Technician) {
            return Err(StoreError::Refused(msg!(
                "{login} 不是检验员，不能授权检测方法",
                "{login} is not a technician; methods are authorised to technicians"
            )));
        }
        let mut next: Vec<String> = methods.iter().map(|m| m.trim().to_string()).collect();
        next.sort();
        next.dedup();
        let granted: Vec<&String> = next.iter().filter(|m| !user.authorised_method(m)).collect();
        let withdrawn: Vec<&String> = user
            .methods
            .iter()
            .filter(|m| {
                !next
                    .iter()
                    .any(|n| crate::catalog::code_key(n) == crate::catalog::code_key(m))
            })
            .collect();
        if granted.is_empty() && withdrawn.is_empty() {
            return Err(StoreError::Refused(msg!(
                "授权没有变化",
                "The authorisations are unchanged"
            )));
        }
        let after = json!({"granted": granted, "withdrawn": withdrawn, "methods": next});
        user.methods = next;
        user.revision += 1;
        tx.put(USERS, login, &user)?;
        tx.audit("user.methods", login, None, Some(after), Some(reason))?;
        tx.commit()?;
        Ok(user)
    }
}

/// The migration to per-method authorisation: a technician keeps the methods they have
/// already entered results for, so an upgrade locks nobody out of their daily work; anything
/// else an administrator grants.
pub(crate) fn grant_from_history(tx: &mut super::Tx) -> Result<()> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut done: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for order in tx.all::<crate::model::Order>(super::ORDERS, "委托单")? {
        for (code, r) in &order.results {
            let Some(item) = order.item(code) else {
                continue;
            };
            for e in &r.history {
                done.entry(e.entered_by.clone())
                    .or_default()
                    .insert(item.method.clone());
            }
        }
    }
    for (login, methods) in done {
        let Some(mut user) = tx.get::<User>(USERS, &login, "用户")? else {
            continue;
        };
        let before = user.methods.len();
        for m in methods {
            if !user.authorised_method(&m) {
                user.methods.push(m);
            }
        }
        if user.methods.len() != before {
            user.methods.sort();
            user.revision += 1;
            tx.put(USERS, &login, &user)?;
            tx.audit(
                "user.authorise",
                &login,
                None,
                Some(json!({"methods": user.methods})),
                Some("升级：按已录入结果的方法授权 / upgrade: authorised for the methods of results already entered"),
            )?;
        }
    }
    Ok(())
}
