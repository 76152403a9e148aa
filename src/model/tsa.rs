//! The lab's time-stamping authority (RFC 3161): with one set, every PDF the lab signs carries a
//! signature timestamp (PAdES B-T); without, signatures are B-B. An administrator sets it,
//! audited. The password, if the TSA wants one, is a secret and is not kept here (nor in the
//! audit trail): it lives in the keys directory, owner-only, beside the lab key.

use serde::{Deserialize, Serialize};

use crate::message::Msg;
use crate::msg;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TsaSettings {
    /// e.g. `http://tsa.example.cn/tsr`; `None`: no timestamps (B-B).
    #[serde(default)]
    pub url: Option<String>,
    /// HTTP basic user name, when the TSA asks for one.
    #[serde(default)]
    pub user: Option<String>,
}

impl TsaSettings {
    pub fn validate(&self) -> Result<(), Msg> {
        if let Some(url) = &self.url {
            check_tsa_url(url)?;
        }
        if let Some(u) = &self.user {
            if u.is_empty() || u.contains(':') || u.chars().any(char::is_control) {
                return Err(msg!(
                    "时间戳服务用户名“{u}”不能为空，也不能含冒号或控制字符",
                    "The TSA user name “{u}” must not be empty or contain a colon or control characters"
                ));
            }
            if self.url.is_none() {
                return Err(msg!(
                    "设置了时间戳服务用户名却没有地址",
                    "A TSA user name is set without a TSA address"
                ));
            }
        }
        Ok(())
    }
}

/// A TSA URL is `http://host[:port][/path]`. https would need a TLS stack this build leaves
/// out; the token is signed itself, so plain http takes nothing from its trust.
pub fn check_tsa_url(url: &str) -> Result<(), Msg> {
    if url.starts_with("https://") {
        return Err(msg!(
            "时间戳服务地址“{url}”是 https：本程序只用 http 访问时间戳服务（令牌本身带签名，http 不降低其可信度）；请用该服务的 http 地址",
            "The TSA address “{url}” is https: unilab reaches time-stamping authorities over http only (the token is signed itself, so http takes nothing from its trust); use the TSA's http address"
        ));
    }
    let ok = url.strip_prefix("http://").is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
    });
    if ok {
        Ok(())
    } else {
        Err(msg!(
            "时间戳服务地址“{url}”应形如 http://tsa.example.cn/tsr",
            "The TSA address “{url}” should look like http://tsa.example.cn/tsr"
        ))
    }
}
