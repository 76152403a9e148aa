//! People and their roles (DOMAIN.md §1).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 收样员: registers orders and enterprises, receives samples.
    Clerk,
    /// 检验员: enters results, prepares (编制) the report.
    Technician,
    /// 审核员
    Reviewer,
    /// 授权签字人: approves (批准) and issues within authorised fields.
    Signatory,
    /// 管理员: users, keys, backups.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Clerk,
        Role::Technician,
        Role::Reviewer,
        Role::Signatory,
        Role::Admin,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Technician => "technician",
            Role::Reviewer => "reviewer",
            Role::Signatory => "signatory",
            Role::Admin => "admin",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Role::Clerk => "收样员",
            Role::Technician => "检验员",
            Role::Reviewer => "审核员",
            Role::Signatory => "授权签字人",
            Role::Admin => "管理员",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Role::Clerk => "Sample clerk",
            Role::Technician => "Technician",
            Role::Reviewer => "Reviewer",
            Role::Signatory => "Signatory",
            Role::Admin => "Admin",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.key() == s.trim() || r.zh() == s.trim())
            .ok_or_else(|| {
                format!("角色“{s}”无效，应为 clerk、technician、reviewer、signatory 或 admin")
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Product fields (标准的 `field`) a signatory may approve.
    pub fields: Vec<String>,
    /// argon2 PHC string.
    pub password_hash: String,
    pub active: bool,
    pub revision: u64,
    /// Failed logins in a row (reset by a successful login or an admin's unlock).
    #[serde(default)]
    pub failed_logins: u32,
    /// Locked after repeated failures until this time.
    #[serde(default)]
    pub locked_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Test methods a technician is authorised to perform (授权检测人员), by method code.
    #[serde(default)]
    pub methods: Vec<String>,
    /// The site (branch lab) the user works for: they see and act on that site's orders
    /// only. Absent: the whole lab (and users from before sites read as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Locked by failed logins at `now`.
    pub fn is_locked(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.locked_until.is_some_and(|u| u > now)
    }

    /// Authorised to perform a test method (codes compared without spaces and case).
    pub fn authorised_method(&self, method: &str) -> bool {
        let key = crate::catalog::code_key(method);
        self.methods
            .iter()
            .any(|m| crate::catalog::code_key(m) == key)
    }

    pub fn authorised_for(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field || f == "*")
    }
}

/// Login names are short ASCII words: they appear in audit entries and on the command line.
pub fn validate_login(login: &str) -> Result<(), crate::message::Msg> {
    if login.is_empty() || login.len() > 32 {
        return Err(crate::msg!(
            "用户名须为 1～32 个字符",
            "A login name has 1 to 32 characters"
        ));
    }
    if !login
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
    {
        return Err(crate::msg!(
            "用户名“{login}”只能包含字母、数字、_ - .",
            "Login name “{login}” may contain only letters, digits, _ - ."
        ));
    }
    Ok(())
}
