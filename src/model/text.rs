//! Text as people type it into records: no control characters anywhere, and nothing shown on
//! a terminal may carry one (an `ESC[2J` in an enterprise name would clear the screen of
//! whoever lists enterprises).

use std::borrow::Cow;

use crate::message::Msg;

/// Refuse a text with a control character, naming the field and the character's position.
/// `field` is the field's name in Chinese and English.
pub fn check_text(field: [&str; 2], value: &str) -> Result<(), Msg> {
    match value.chars().position(char::is_control) {
        Some(pos) => {
            let c = value.chars().nth(pos).map(|c| c as u32).unwrap_or(0);
            let [zh, en] = field;
            let n = pos + 1;
            Err(crate::msg!(
                "{zh}第 {n} 个字符是控制字符（U+{c:04X}），不能保存",
                "{en}: character {n} is a control character (U+{c:04X}) and cannot be saved"
            ))
        }
        None => Ok(()),
    }
}

/// A required text: not blank, no control characters.
pub fn check_required(field: [&str; 2], value: &str) -> Result<(), Msg> {
    if value.trim().is_empty() {
        let [zh, en] = field;
        return Err(crate::msg!("{zh}不能为空", "{en} must not be empty"));
    }
    check_text(field, value)
}

/// The text with every control character replaced by `�`, for printing on a terminal.
pub fn printable(value: &str) -> Cow<'_, str> {
    if value.chars().any(char::is_control) {
        Cow::Owned(
            value
                .chars()
                .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_with_their_position() {
        let name = ["企业名称", "Enterprise name"];
        let e = check_text(name, "三钢\u{1b}[2J").unwrap_err();
        assert!(
            e.zh.contains("企业名称第 3 个字符") && e.zh.contains("U+001B"),
            "{e}"
        );
        assert!(e.en.contains("Enterprise name: character 3"), "{}", e.en);
        assert!(check_text(name, "三钢（集团）有限公司").is_ok());
        assert!(check_required(name, "  ")
            .unwrap_err()
            .zh
            .contains("不能为空"));
        assert!(check_required(name, "a\0b").is_err());
    }

    #[test]
    fn printable_replaces_controls() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
        assert!(matches!(printable("福州"), Cow::Borrowed(_)));
    }
}
