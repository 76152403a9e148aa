//! Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters, the 9th to 17th
//! being the organisation code (GB 11714) with its own check character, the 18th the check
//! character of the whole.

/// The 31 characters a code may use (no I, O, S, V, Z).
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

fn org_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        _ => None,
    }
}

fn check_char(first17: &[char]) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    CHARSET.chars().nth(check as usize)
}

fn org_check_char(body: &[char]) -> Option<char> {
    let mut sum = 0;
    for (c, w) in body.iter().zip(ORG_WEIGHTS) {
        sum += org_value(*c)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10)?,
    })
}

/// Check a code; the message says which rule it breaks and where.
pub fn validate(code: &str) -> Result<(), crate::message::Msg> {
    use crate::msg;
    let chars: Vec<char> = code.trim().chars().collect();
    if chars.len() != 18 {
        let (code, n) = (code.trim(), chars.len());
        return Err(msg!(
            "统一社会信用代码应为 18 位，“{code}”有 {n} 位",
            "A unified social credit code has 18 characters; “{code}” has {n}"
        ));
    }
    if let Some((i, c)) = chars.iter().enumerate().find(|(_, c)| value(**c).is_none()) {
        let n = i + 1;
        return Err(msg!(
            "第 {n} 位“{c}”不是统一社会信用代码允许的字符（数字及大写字母，不含 I O S V Z）",
            "Character {n} “{c}” is not allowed in a credit code (digits and capitals except I O S V Z)"
        ));
    }
    if let Some((i, c)) = chars[2..8]
        .iter()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        let n = i + 3;
        return Err(msg!(
            "第 {n} 位“{c}”应为行政区划代码数字",
            "Character {n} “{c}” should be a digit of the area code"
        ));
    }
    let org_check = org_check_char(&chars[8..16]).unwrap_or('?');
    if chars[16] != org_check {
        let got = chars[16];
        return Err(msg!(
            "第 17 位（组织机构代码校验码）应为“{org_check}”，实际为“{got}”",
            "Character 17 (the organisation code's check) should be “{org_check}”, not “{got}”"
        ));
    }
    let check = check_char(&chars[..17]).unwrap_or('?');
    if chars[17] != check {
        let got = chars[17];
        return Err(msg!(
            "第 18 位校验码应为“{check}”，实际为“{got}”",
            "Character 18 (the check character) should be “{check}”, not “{got}”"
        ));
    }
    Ok(())
}

/// Complete a 16-character stem (registration authority, type, region, organisation body) with
/// both check characters; used for demo and benchmark enterprises.
pub fn complete(stem16: &str) -> Option<String> {
    let mut chars: Vec<char> = stem16.chars().collect();
    if chars.len() != 16 {
        return None;
    }
    chars.push(org_check_char(&chars[8..16])?);
    chars.push(check_char(&chars)?);
    let code: String = chars.into_iter().collect();
    validate(&code).ok().map(|_| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_validate() {
        // Codes printed on public business licences.
        for code in [
            "91350100M000100Y43",
            "91110000802100433B",
            "9144030071526726XG",
        ] {
            assert_eq!(validate(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn errors_say_what_and_where() {
        assert!(validate("91350100M000100Y4")
            .unwrap_err()
            .zh
            .contains("18 位"));
        assert!(validate("91350100M000100Y44")
            .unwrap_err()
            .zh
            .contains("第 18 位校验码应为“3”"));
        assert!(validate("9135010OM000100Y43")
            .unwrap_err()
            .zh
            .contains("第 8 位“O”"));
        assert!(validate("91350100M000100X43")
            .unwrap_err()
            .zh
            .contains("第 17 位"));
    }

    #[test]
    fn complete_makes_valid_codes() {
        let code = complete("9133010012345678").unwrap();
        assert_eq!(validate(&code), Ok(()));
        assert_eq!(&code[..16], "9133010012345678");
    }
}
