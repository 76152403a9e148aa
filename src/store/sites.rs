//! A lab network's sites (branch labs) and who works for which: set by an administrator,
//! audited with what was there before.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{Result, Store, StoreError, USERS};
use crate::model::site::{check_code, Site};
use crate::model::{Lab, Role, User};
use crate::msg;

impl Store {
    /// Add a site, or rename one (same code).
    pub fn put_site(&self, actor: &User, site: &Site, now: DateTime<Utc>) -> Result<Lab> {
        super::users::require(actor, Role::Admin, ("设置站点", "Setting up sites"))?;
        site.validate().map_err(StoreError::Refused)?;
        self.change_lab(actor, now, "lab.site", |lab| {
            let before = lab.sites.iter().find(|s| s.code == site.code).cloned();
            match lab.sites.iter_mut().find(|s| s.code == site.code) {
                Some(s) => *s = site.clone(),
                None => lab.sites.push(site.clone()),
            }
            Ok((json!(before), json!(site)))
        })
    }

    /// Whether report numbers of a site's orders carry its code (numbered per site).
    pub fn set_site_numbers(&self, actor: &User, on: bool, now: DateTime<Utc>) -> Result<Lab> {
        super::users::require(actor, Role::Admin, ("设置站点", "Setting up sites"))?;
        self.change_lab(actor, now, "lab.site_numbers", |lab| {
            let before = std::mem::replace(&mut lab.site_numbers, on);
            Ok((json!(before), json!(on)))
        })
    }

    fn change_lab(
        &self,
        actor: &User,
        now: DateTime<Utc>,
        op: &str,
        change: impl FnOnce(&mut Lab) -> Result<(serde_json::Value, serde_json::Value)>,
    ) -> Result<Lab> {
        let mut tx = self.begin(&actor.login, now)?;
        let mut lab: Lab = tx
            .meta("lab")?
            .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
        let (before, after) = change(&mut lab)?;
        tx.put_meta("lab", &lab)?;
        tx.audit(op, "lab", Some(before), Some(after), None)?;
        tx.commit()?;
        Ok(lab)
    }

    /// Limit a user to a site, or (`None`) let them work for the whole lab.
    pub fn set_user_site(
        &self,
        actor: &User,
        login: &str,
        site: Option<&str>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        super::users::require(
            actor,
            Role::Admin,
            ("设置用户站点", "Setting a user's site"),
        )?;
        crate::model::text::check_required(["原因", "Reason"], reason)?;
        let mut tx = self.begin(&actor.login, now)?;
        let lab: Lab = tx
            .meta("lab")?
            .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
        if let Some(code) = site {
            check_code(code).map_err(StoreError::Refused)?;
            if !lab.sites.iter().any(|s| s.code == code) {
                return Err(StoreError::Refused(msg!(
                    "没有代码为 {code} 的站点（unilab lab site add）",
                    "There is no site with code {code} (unilab lab site add)"
                )));
            }
        }
        let mut user: User = tx
            .get(USERS, login, &format!("用户 {login}"))?
            .ok_or_else(|| {
                StoreError::NotFound(msg!("没有用户 {login}", "There is no user {login}"))
            })?;
        let before = user.site.clone();
        user.site = site.map(str::to_string);
        user.revision += 1;
        tx.put(USERS, login, &user)?;
        tx.audit(
            "user.site",
            login,
            Some(json!({"site": before})),
            Some(json!({"site": user.site})),
            Some(reason),
        )?;
        tx.commit()?;
        Ok(user)
    }
}
