//! Logging in: every failure is audited, repeated failures lock the login for a growing
//! interval, and the answer for a disabled or locked user is the same whatever the password.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::{Result, Store, StoreError, USERS};
use crate::model::{Role, User};

/// Failures in a row before the login is locked.
pub const FAILURES_BEFORE_LOCK: u32 = 5;

/// How long a login stays locked after its `failures`-th failure in a row: one minute at the
/// fifth, doubling with each further failure, at most a day.
pub fn lock_duration(failures: u32) -> Option<Duration> {
    let beyond = failures.checked_sub(FAILURES_BEFORE_LOCK)?;
    let minutes = 1i64.checked_shl(beyond.min(11)).unwrap_or(1440).min(1440);
    Some(Duration::minutes(minutes))
}

/// The audit target of an attempt with a name no user can have (control characters, too long).
const INVALID_LOGIN: &str = "(invalid-login)";

/// End a run of failed logins on the user's record (the caller audits why).
fn reset_failures(tx: &mut super::Tx, user: &mut User) -> Result<()> {
    user.failed_logins = 0;
    user.locked_until = None;
    user.revision += 1;
    let login = user.login.clone();
    tx.put(USERS, &login, &*user)
}

fn denied(login: &str) -> StoreError {
    StoreError::Auth(crate::msg!(
        "用户名或口令错误（{login}）",
        "Wrong login name or password ({login})"
    ))
}

impl Store {
    /// Check a login and password at `now`. Unknown users and wrong passwords get the same
    /// answer; a disabled or locked user is refused before the password is looked at.
    pub fn authenticate(&self, login: &str, password: &str, now: DateTime<Utc>) -> Result<User> {
        if crate::model::user::validate_login(login).is_err() {
            // No user can have this name; the attempt is still recorded, under a safe label.
            self.record_failure(INVALID_LOGIN, now)?;
            return Err(denied(&crate::model::text::printable(login)));
        }
        let Some(user) = self.read::<User>(USERS, login, &format!("用户 {login}"))? else {
            self.record_failure(login, now)?;
            return Err(denied(login));
        };
        if !user.active {
            self.record_refusal(login, "disabled", now)?;
            return Err(StoreError::Auth(crate::msg!(
                "用户 {login} 已停用，请联系管理员",
                "User {login} is disabled; ask an administrator"
            )));
        }
        if let Some(until) = user.locked_until.filter(|u| *u > now) {
            self.record_refusal(login, "locked", now)?;
            let (n, until) = (user.failed_logins, until.format("%Y-%m-%d %H:%M:%S UTC"));
            return Err(StoreError::Auth(crate::msg!(
                "用户 {login} 连续 {n} 次口令错误，已锁定至 {until}；管理员可提前解锁（unilab user unlock）",
                "User {login} is locked until {until} after {n} wrong passwords; an administrator can unlock it (unilab user unlock)"
            )));
        }
        let hash = PasswordHash::new(&user.password_hash)
            .map_err(|e| StoreError::Corrupt(format!("用户 {login} 的口令哈希无效：{e}")))?;
        if Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_err()
        {
            self.record_failure(login, now)?;
            return Err(denied(login));
        }
        if user.failed_logins > 0 || user.locked_until.is_some() {
            return self.clear_failures(login, now);
        }
        Ok(user)
    }

    /// Audit a failed login; count it on the user and lock when there were too many.
    fn record_failure(&self, login: &str, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin(login, now)?;
        let Some(mut user) = tx.get::<User>(USERS, login, "用户")? else {
            tx.audit(
                "login.failed",
                login,
                None,
                Some(json!({"known": false})),
                None,
            )?;
            return tx.commit();
        };
        user.failed_logins = user.failed_logins.saturating_add(1);
        user.locked_until =
            lock_duration(user.failed_logins).and_then(|d| tx.now.checked_add_signed(d));
        user.revision += 1;
        tx.put(USERS, login, &user)?;
        let op = if user.locked_until.is_some() {
            "login.locked"
        } else {
            "login.failed"
        };
        tx.audit(
            op,
            login,
            None,
            Some(json!({"failed_logins": user.failed_logins, "locked_until": user.locked_until})),
            None,
        )?;
        tx.commit()
    }

    /// Audit an attempt on a disabled or locked login (the password was not looked at).
    fn record_refusal(&self, login: &str, why: &str, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin(login, now)?;
        tx.audit(
            "login.refused",
            login,
            None,
            Some(json!({"why": why})),
            None,
        )?;
        tx.commit()
    }

    /// A successful login ends a run of failures.
    fn clear_failures(&self, login: &str, now: DateTime<Utc>) -> Result<User> {
        let mut tx = self.begin(login, now)?;
        let mut user: User = tx.get(USERS, login, "用户")?.ok_or_else(|| denied(login))?;
        let before = json!({"failed_logins": user.failed_logins});
        reset_failures(&mut tx, &mut user)?;
        tx.audit(
            "login",
            login,
            Some(before),
            Some(json!({"failed_logins": 0})),
            None,
        )?;
        tx.commit()?;
        Ok(user)
    }

    /// An administrator ends a lock early, with a reason.
    pub fn unlock_user(
        &self,
        actor: &User,
        login: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<User> {
        if !actor.has(Role::Admin) {
            let who = &actor.login;
            return Err(StoreError::Refused(crate::msg!(
                "解锁用户需要“管理员”角色，{who} 没有",
                "Unlocking a user needs the admin role; {who} does not have it"
            )));
        }
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(crate::msg!(
                "解锁用户须说明原因（--reason）",
                "Unlocking a user needs a reason (--reason)"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut user: User = tx
            .get(USERS, login, "用户")?
            .ok_or_else(|| super::users::no_user(login))?;
        if user.locked_until.is_none() && user.failed_logins == 0 {
            return Err(StoreError::Refused(crate::msg!(
                "用户 {login} 没有被锁定",
                "User {login} is not locked"
            )));
        }
        let before =
            json!({"failed_logins": user.failed_logins, "locked_until": user.locked_until});
        reset_failures(&mut tx, &mut user)?;
        tx.audit(
            "user.unlock",
            login,
            Some(before),
            Some(json!({"failed_logins": 0})),
            Some(reason),
        )?;
        tx.commit()?;
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_from_the_fifth_failure_and_stop_at_a_day() {
        assert_eq!(lock_duration(4), None);
        assert_eq!(lock_duration(5), Some(Duration::minutes(1)));
        assert_eq!(lock_duration(6), Some(Duration::minutes(2)));
        assert_eq!(lock_duration(8), Some(Duration::minutes(8)));
        assert_eq!(lock_duration(40), Some(Duration::minutes(1440)));
        assert_eq!(lock_duration(u32::MAX), Some(Duration::minutes(1440)));
    }
}
