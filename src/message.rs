//! A message for a person, in both of the interface's languages. Errors carry one of these
//! (or a typed value that renders into one) so the edge — the terminal screen or the command
//! line — shows it in the user's language; nothing below the edge picks a language.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in one language (`english` from the user's setting).
    pub fn text(&self, english: bool) -> &str {
        if english {
            &self.en
        } else {
            &self.zh
        }
    }

    /// Put context in front of both texts ("第 3 条：" / "line 3: ").
    pub fn prefixed(self, zh: &str, en: &str) -> Msg {
        Msg {
            zh: format!("{zh}{}", self.zh),
            en: format!("{en}{}", self.en),
        }
    }
}

/// Chinese is the lab's working language and the command line's default.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh)
    }
}

/// `msg!("没有委托单“{n}”", "No order “{n}”")`: both texts formatted with the same arguments.
#[macro_export]
macro_rules! msg {
    ($zh:expr, $en:expr $(,)?) => {
        $crate::message::Msg::new(format!($zh), format!($en))
    };
}
