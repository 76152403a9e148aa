//! Users, passwords and enterprises.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use serde_json::json;

use super::{Result, Store, StoreError, ENTERPRISES, USERS};
use crate::model::{text, user::validate_login, Enterprise, Role, User};
use crate::msg;

pub(crate) fn no_user(login: &str) -> StoreError {
    StoreError::NotFound(msg!("没有用户“{login}”", "No user “{login}”"))
}

pub(crate) fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Db(format!("无法计算口令哈希：{e}")))
}

pub(crate) fn check_password_strength(password: &str) -> Result<()> {
    if password.chars().count() < 6 {
        return Err(StoreError::Refused(msg!(
            "口令至少 6 个字符",
            "A password has at least 6 characters"
        )));
    }
    Ok(())
}

/// A user's name and authorised fields carry no control characters.
fn check_user_texts(display_name: &str, fields: &[String]) -> Result<()> {
    text::check_text(["姓名", "Name"], display_name)?;
    for f in fields {
        text::check_required(["授权领域", "Authorised field"], f)?;
    }
    Ok(())
}

pub(crate) fn require(actor: &User, role: Role, what: (&str, &str)) -> Result<()> {
    if actor.has(role) {
        Ok(())
    } else {
        let (zh, en) = what;
        let (rz, re, who) = (role.zh(), role.en(), &actor.login);
        Err(StoreError::Refused(msg!(
            "{zh}需要“{rz}”角色，{who} 没有",
            "{en} needs the {re} role; {who} does not have it"
        )))
    }
}

impl Store {
    pub fn user(&self, login: &str) -> Result<User> {
        self.read(USERS, login, &format!("用户 {login}"))?
            .ok_or_else(|| no_user(login))
    }

    pub fn users(&self) -> Result<Vec<User>> {
        self.read_all(USERS, "用户")
    }

    #[allow(clippy::too_many_arguments)]
    pub fn add_user(
        &self,
        actor: &User,
        login: &str,
        display_name: &str,
        roles: &[Role],
        fields: &[String],
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        require(actor, Role::Admin, ("添加用户", "Adding a user"))?;
        validate_login(login)?;
        check_user_texts(display_name, fields)?;
        if roles.is_empty() {
            return Err(StoreError::Refused(msg!(
                "至少指定一个角色（--role）",
                "Give at least one role (--role)"
            )));
        }
        check_password_strength(password)?;
        let password_hash = hash_password(password)?;
        let mut tx = self.begin(&actor.login, now)?;
        if tx.get::<User>(USERS, login, "用户")?.is_some() {
            return Err(StoreError::Refused(msg!(
                "用户“{login}”已存在",
                "User “{login}” already exists"
            )));
        }
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let user = User {
            site: None,
            login: login.to_string(),
            display_name: if display_name.is_empty() {
                login
            } else {
                display_name
            }
            .to_string(),
            roles,
            fields: fields.to_vec(),
            password_hash,
            active: true,
            revision: 1,
            failed_logins: 0,
            locked_until: None,
            methods: Vec::new(),
        };
        tx.put(USERS, login, &user)?;
        tx.audit(
            "user.add",
            login,
            None,
            Some(json!({"name": user.display_name, "roles": user.roles, "fields": user.fields})),
            None,
        )?;
        tx.commit()?;
        Ok(user)
    }

    /// Enable or disable a user (records are never deleted).
    pub fn set_user_active(
        &self,
        actor: &User,
        login: &str,
        active: bool,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        require(
            actor,
            Role::Admin,
            ("停用/启用用户", "Disabling or enabling a user"),
        )?;
        if login == actor.login && !active {
            return Err(StoreError::Refused(msg!(
                "不能停用自己",
                "You cannot disable yourself"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut user: User = tx
            .get(USERS, login, "用户")?
            .ok_or_else(|| no_user(login))?;
        let before = user.active;
        user.active = active;
        user.revision += 1;
        tx.put(USERS, login, &user)?;
        tx.audit(
            if active {
                "user.enable"
            } else {
                "user.disable"
            },
            login,
            Some(json!({"active": before})),
            Some(json!({"active": active})),
            Some(reason),
        )?;
        tx.commit()
    }

    /// Change a user's roles and authorised fields. An administrator cannot take the admin role
    /// from themselves (the lab would be left without one), and a reason is recorded.
    #[allow(clippy::too_many_arguments)]
    pub fn set_user_roles(
        &self,
        actor: &User,
        login: &str,
        roles: &[Role],
        fields: &[String],
        reason: &str,
        expected_revision: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<User> {
        require(actor, Role::Admin, ("修改角色", "Changing roles"))?;
        if roles.is_empty() {
            return Err(StoreError::Refused(msg!(
                "至少保留一个角色",
                "Keep at least one role"
            )));
        }
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "修改角色须说明原因",
                "Changing roles needs a reason"
            )));
        }
        check_user_texts("", fields)?;
        if login == actor.login && !roles.contains(&Role::Admin) {
            return Err(StoreError::Refused(msg!(
                "不能取消自己的管理员角色",
                "You cannot take the admin role from yourself"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut user: User = tx
            .get(USERS, login, "用户")?
            .ok_or_else(|| no_user(login))?;
        if expected_revision.is_some_and(|r| r != user.revision) {
            return Err(StoreError::Conflict(msg!(
                "用户 {login} 已被他人修改，请刷新后再改；您的修改未保存",
                "User {login} was changed by someone else; refresh and change again (your change was not saved)"
            )));
        }
        let before = json!({"roles": user.roles, "fields": user.fields});
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        user.roles = roles;
        user.fields = fields.to_vec();
        user.revision += 1;
        tx.put(USERS, login, &user)?;
        tx.audit(
            "user.roles",
            login,
            Some(before),
            Some(json!({"roles": user.roles, "fields": user.fields})),
            Some(reason),
        )?;
        tx.commit()?;
        Ok(user)
    }

    pub fn enterprise(&self, credit_code: &str) -> Result<Option<Enterprise>> {
        self.read(ENTERPRISES, credit_code, &format!("企业 {credit_code}"))
    }

    pub fn enterprises(&self) -> Result<Vec<Enterprise>> {
        self.read_all(ENTERPRISES, "企业")
    }

    pub fn add_enterprise(&self, actor: &User, e: Enterprise, now: DateTime<Utc>) -> Result<()> {
        if !(actor.has(Role::Clerk) || actor.has(Role::Admin)) {
            let who = &actor.login;
            return Err(StoreError::Refused(msg!(
                "登记企业需要“收样员”或“管理员”角色，{who} 没有",
                "Registering an enterprise needs the sample clerk or admin role; {who} has neither"
            )));
        }
        e.validate()?;
        let mut tx = self.begin(&actor.login, now)?;
        if let Some(existing) = tx.get::<Enterprise>(ENTERPRISES, &e.credit_code, "企业")? {
            let (code, name) = (&e.credit_code, &existing.name);
            return Err(StoreError::Refused(msg!(
                "统一社会信用代码 {code} 已登记为“{name}”",
                "Credit code {code} is already registered as “{name}”"
            )));
        }
        let e = Enterprise { revision: 1, ..e };
        tx.put(ENTERPRISES, &e.credit_code, &e)?;
        tx.audit(
            "enterprise.add",
            &e.credit_code,
            None,
            Some(json!({"name": e.name, "address": e.address, "credit_class": e.credit_class})),
            None,
        )?;
        tx.commit()
    }

    /// Change an enterprise's file (credit class, blacklist, contact). `expected_revision` is the
    /// revision the editor saw; a different one means someone else changed it meanwhile.
    pub fn update_enterprise(
        &self,
        actor: &User,
        updated: Enterprise,
        expected_revision: u64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Enterprise> {
        if !(actor.has(Role::Clerk) || actor.has(Role::Admin)) {
            return Err(StoreError::Refused(msg!(
                "修改企业档案需要“收样员”或“管理员”角色",
                "Changing an enterprise needs the sample clerk or admin role"
            )));
        }
        updated.validate()?;
        let mut tx = self.begin(&actor.login, now)?;
        let current: Enterprise = tx
            .get(ENTERPRISES, &updated.credit_code, "企业")?
            .ok_or_else(|| {
                let code = &updated.credit_code;
                StoreError::NotFound(msg!("没有企业 {code}", "No enterprise {code}"))
            })?;
        if current.revision != expected_revision {
            let name = &current.name;
            return Err(StoreError::Conflict(msg!(
                "企业“{name}”已被他人修改，请刷新后再改；您的修改未保存，也未覆盖他人的修改",
                "Enterprise “{name}” was changed by someone else; refresh and change again (yours was not saved and theirs was not overwritten)"
            )));
        }
        let mut new = Enterprise {
            revision: current.revision + 1,
            ..updated
        };
        super::quality_file::record_changes(&current, &mut new, reason, &actor.login, now)?;
        tx.put(ENTERPRISES, &new.credit_code, &new)?;
        tx.audit(
            "enterprise.update",
            &new.credit_code,
            serde_json::to_value(&current).ok(),
            serde_json::to_value(&new).ok(),
            Some(reason),
        )?;
        tx.commit()?;
        Ok(new)
    }
}
