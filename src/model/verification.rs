//! Checking a certificate from outside the lab: the short code printed beside the QR and the
//! lab's web settings (`unilab serve`, the address the QR points at).
//!
//! The code is what stops numbers from being enumerated: report numbers are sequential, so the
//! page for a number answers only with its code. Ten characters from a 31-letter alphabet
//! (no 0/O, 1/I/L, so it can be read off paper and typed) are about 49 bits drawn from the
//! operating system's random source.

use serde::{Deserialize, Serialize};

use crate::message::Msg;
use crate::msg;

/// Letters a person will not mistake for one another on paper.
pub const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 10;

/// A verification code from 16 random bytes (the caller draws them; the model does no I/O).
pub fn code_from_random(bytes: [u8; 16]) -> String {
    let mut n = u128::from_le_bytes(bytes);
    let base = CODE_ALPHABET.len() as u128;
    (0..CODE_LEN)
        .map(|_| {
            // 2^128 is vastly larger than 31^10, so the remainder's bias is immeasurable.
            let i = (n % base) as usize;
            n /= base;
            char::from(CODE_ALPHABET[i])
        })
        .collect()
}

/// A code as a person typed it: upper case, spaces and dashes dropped.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Compare codes without stopping at the first differing byte, so the time taken says nothing
/// about how much of a guess was right.
pub fn codes_match(stored: &str, typed: &str) -> bool {
    let (a, b) = (stored.as_bytes(), typed.as_bytes());
    if a.is_empty() || a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The lab's settings for its verification page (an administrator sets them, audited).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebSettings {
    /// The public address of the verification page, e.g. `https://lims.example.cn`; the QR
    /// code of each report issued after it is set points at `BASE/v/NUMBER?c=CODE`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Where `unilab serve` listens when no `--listen` is given.
    #[serde(default)]
    pub listen: Option<String>,
    /// The reverse proxy's address: only its `X-Forwarded-For` is believed.
    #[serde(default)]
    pub trusted_proxy: Option<String>,
    /// Largest PDF accepted for checking, in MB (default 20).
    #[serde(default)]
    pub max_upload_mb: Option<u32>,
}

impl WebSettings {
    pub const DEFAULT_UPLOAD_MB: u32 = 20;

    pub fn validate(&self) -> Result<(), Msg> {
        if let Some(url) = &self.base_url {
            check_base_url(url)?;
        }
        if let Some(ip) = &self.trusted_proxy {
            if ip.parse::<std::net::IpAddr>().is_err() {
                return Err(msg!(
                    "代理地址“{ip}”不是 IP 地址",
                    "The proxy address “{ip}” is not an IP address"
                ));
            }
        }
        if let Some(listen) = &self.listen {
            if listen.parse::<std::net::SocketAddr>().is_err() {
                return Err(msg!(
                    "监听地址“{listen}”应为 IP:端口，例如 127.0.0.1:8080",
                    "The listen address “{listen}” should be IP:port, e.g. 127.0.0.1:8080"
                ));
            }
        }
        if self.max_upload_mb == Some(0) {
            return Err(msg!(
                "上传大小上限须大于 0 MB",
                "The upload limit must be more than 0 MB"
            ));
        }
        Ok(())
    }
}

/// A base URL is `http://` or `https://`, a host, maybe a path; no query, fragment or spaces
/// (it is printed on paper and put into every QR code).
pub fn check_base_url(url: &str) -> Result<(), Msg> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && r.chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '"' | '<' | '>' | '\\'))
    });
    if ok {
        Ok(())
    } else {
        Err(msg!(
            "网址“{url}”无效：应以 http:// 或 https:// 开头，后接主机名（可带路径），不含空格、? 或 #",
            "The address “{url}” is not valid: it starts with http:// or https://, then a host (and maybe a path), with no spaces, ? or #"
        ))
    }
}

/// The page address for a report: `BASE/v/NUMBER?c=CODE`.
pub fn lookup_url(base: &str, number: &str, code: &str) -> String {
    format!("{}/v/{number}?c={code}", base.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_differ_by_draw() {
        let a = code_from_random([7; 16]);
        let b = code_from_random([8; 16]);
        assert_eq!(a.len(), CODE_LEN);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| CODE_ALPHABET.contains(&c)));
        assert!(!a.contains(['0', 'O', '1', 'I', 'L']));
    }

    #[test]
    fn typed_codes_are_normalised_and_compared_whole() {
        assert_eq!(normalise_code(" abcd-2345 ef "), "ABCD2345EF");
        assert!(codes_match("ABCD2345EF", "ABCD2345EF"));
        assert!(!codes_match("ABCD2345EF", "ABCD2345E"));
        assert!(!codes_match("", ""));
    }

    #[test]
    fn base_urls_are_checked() {
        assert!(check_base_url("https://lims.example.cn").is_ok());
        assert!(check_base_url("http://127.0.0.1:8080/lab").is_ok());
        assert!(check_base_url("ftp://x").is_err());
        assert!(check_base_url("https://a b").is_err());
        assert!(check_base_url("https://x/?q").is_err());
        assert_eq!(
            lookup_url("https://x/", "BH2026-000001", "ABC"),
            "https://x/v/BH2026-000001?c=ABC"
        );
    }
}
