//! Sites (branch labs) of a lab network: each order belongs to the site that registered it; a
//! user may be limited to one site; report numbers may carry the site's code.

use serde::{Deserialize, Serialize};

use crate::message::Msg;

/// A branch lab, named by a short code (FZ, XM …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// 1–6 capital letters or digits; put into report numbers when the lab says so.
    pub code: String,
    pub name: String,
}

impl Site {
    pub fn validate(&self) -> Result<(), Msg> {
        check_code(&self.code)?;
        crate::model::text::check_text(["站点名称", "Site name"], &self.name)?;
        if self.name.trim().is_empty() {
            return Err(crate::msg!("站点名称不能为空", "A site needs a name"));
        }
        Ok(())
    }
}

/// A site code: 1–6 capital letters or digits.
pub fn check_code(code: &str) -> Result<(), Msg> {
    let ok = (1..=6).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(crate::msg!(
            "站点代码“{code}”须为 1～6 个大写英文字母或数字",
            "Site code “{code}” must be 1 to 6 capital letters or digits"
        ))
    }
}

/// The site an order registered by `actor_site`'s user, asking for `asked`, belongs to: a
/// user limited to a site registers for it alone; anyone else may name a configured site.
pub fn site_for_order(
    sites: &[Site],
    actor_site: Option<&str>,
    asked: Option<&str>,
) -> Result<Option<String>, Msg> {
    match (actor_site, asked) {
        (Some(own), None) => Ok(Some(own.to_string())),
        (Some(own), Some(a)) if a == own => Ok(Some(own.to_string())),
        (Some(own), Some(a)) => Err(crate::msg!(
            "您只能为本站点 {own} 登记委托单，不能为 {a} 登记",
            "You register orders for your site {own} only, not for {a}"
        )),
        (None, None) => Ok(None),
        (None, Some(a)) => {
            if sites.iter().any(|s| s.code == a) {
                Ok(Some(a.to_string()))
            } else {
                Err(crate::msg!(
                    "没有代码为 {a} 的站点（unilab lab site list）",
                    "There is no site with code {a} (unilab lab site list)"
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fz() -> Vec<Site> {
        vec![Site {
            code: "FZ".into(),
            name: "福州分所".into(),
        }]
    }

    #[test]
    fn a_site_user_registers_for_their_site_and_others_name_a_configured_one() {
        assert_eq!(
            site_for_order(&fz(), Some("FZ"), None),
            Ok(Some("FZ".into()))
        );
        assert!(site_for_order(&fz(), Some("FZ"), Some("XM")).is_err());
        assert_eq!(site_for_order(&fz(), None, None), Ok(None));
        assert_eq!(
            site_for_order(&fz(), None, Some("FZ")),
            Ok(Some("FZ".into()))
        );
        let e = site_for_order(&fz(), None, Some("XM")).unwrap_err();
        assert!(e.zh.contains("XM"));
    }

    #[test]
    fn codes_are_short_capitals_or_digits() {
        assert!(check_code("FZ").is_ok());
        assert!(check_code("X9").is_ok());
        for bad in ["", "fz", "TOOLONGX", "F-Z"] {
            assert!(check_code(bad).is_err(), "{bad}");
        }
    }
}
