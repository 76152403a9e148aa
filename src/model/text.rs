//! Text as people type it into records: no control characters anywhere, and nothing shown on
//! a terminal may carry one (an `ESC[2J` in an enterprise name would clear the screen of
//! whoever lists enterprises).

use std::borrow::Cow;

/// Refuse a text with a control character, naming the field and the character's position.
pub fn check_text(field: &str, value: &str) -> Result<(), String> {
    match value.chars().position(char::is_control) {
        Some(pos) => {
            let c = value.chars().nth(pos).map(|c| c as u32).unwrap_or(0);
            Err(format!(
                "{field}第 {} 个字符是控制字符（U+{c:04X}），不能保存",
                pos + 1
            ))
        }
        None => Ok(()),
    }
}

/// A required text: not blank, no control characters.
pub fn check_required(field: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("{field}不能为空"));
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
        let e = check_text("企业名称", "三钢\u{1b}[2J").unwrap_err();
        assert!(
            e.contains("企业名称第 3 个字符") && e.contains("U+001B"),
            "{e}"
        );
        assert!(check_text("企业名称", "三钢（集团）有限公司").is_ok());
        assert!(check_required("企业名称", "  ")
            .unwrap_err()
            .contains("不能为空"));
        assert!(check_required("企业名称", "a\0b").is_err());
    }

    #[test]
    fn printable_replaces_controls() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
        assert!(matches!(printable("福州"), Cow::Borrowed(_)));
    }
}
