//! Administrative areas (行政区划, GB/T 2260) for statistics by region.
//!
//! Characters 3–8 of a unified social credit code (GB 32100) are the administrative division
//! code of the registering authority. The names come from `data/areas/gb2260.tsv`, compiled
//! in: province, prefecture and county level, converted from the National Bureau of
//! Statistics' 2023 division codes (as of 2023-06-30) as packaged in `china-division` 2.7.0
//! (WTFPL/MIT); `data/areas/SOURCE.md` says how. Changes after that date are not in the table:
//! callers show a code the table does not name as the code itself.
//!
//! This module only reads the six digits; whether a credit code is valid (character set,
//! check characters) is [`crate::model::credit_code::validate`]'s question.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The bundled table: `#` comment lines, then `code<TAB>name` lines.
const DATA: &str = include_str!("../../data/areas/gb2260.tsv");

/// The table's `(code, name)` entries in file order; lines that are not a six-digit code, a
/// tab and a non-empty name are skipped (the tests check that there are none).
fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .filter(|(code, name)| is_code6(code) && !name.trim().is_empty())
}

/// Code → name, parsed once on first use.
fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| entries(DATA).collect())
}

fn is_code6(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The administrative division code of an 18-character unified social credit code: its
/// characters 3–8, when they are ASCII digits; `None` for any other length or content.
pub fn area_code(credit_code: &str) -> Option<&str> {
    if credit_code.chars().count() != 18 {
        return None;
    }
    let start = credit_code.char_indices().nth(2)?.0;
    let end = credit_code.char_indices().nth(8)?.0;
    credit_code.get(start..end).filter(|code| is_code6(code))
}

/// The full name of a division code, built from its levels: province, then prefecture, then
/// county, each where the table has it ("福建省福州市鼓楼区"; "福建省福州市" for 350100). A
/// level the table lacks is left out, as is one that repeats the level above, so a
/// municipality's district is "北京市朝阳区" and a county-level city directly under its
/// province "河南省济源市". `None` when the code is not six digits or its province is unknown.
pub fn area_name(code6: &str) -> Option<String> {
    if !is_code6(code6) {
        return None;
    }
    let table = table();
    let province_code = province(code6);
    let prefecture_code = prefecture(code6);
    let mut levels: Vec<&str> = vec![table.get(province_code.as_str())?];
    let mut lower = Vec::with_capacity(2);
    if prefecture_code != province_code {
        lower.push(prefecture_code.as_str());
    }
    if code6 != prefecture_code {
        lower.push(code6);
    }
    for name in lower.into_iter().filter_map(|code| table.get(code)) {
        if levels.last() != Some(name) {
            levels.push(name);
        }
    }
    Some(levels.concat())
}

/// The province-level code of a division code: its first two digits and "0000" (350102 →
/// 350000). Anything that is not six ASCII digits comes back unchanged.
pub fn province(code6: &str) -> String {
    match code6.get(..2) {
        Some(head) if is_code6(code6) => format!("{head}0000"),
        _ => code6.to_string(),
    }
}

/// The prefecture-level code of a division code: its first four digits and "00" (350102 →
/// 350100). Anything that is not six ASCII digits comes back unchanged.
pub fn prefecture(code6: &str) -> String {
    match code6.get(..4) {
        Some(head) if is_code6(code6) => format!("{head}00"),
        _ => code6.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn known_codes_are_named_from_their_levels() {
        assert_eq!(area_name("350102").as_deref(), Some("福建省福州市鼓楼区"));
        assert_eq!(area_name("350100").as_deref(), Some("福建省福州市"));
        assert_eq!(area_name("350000").as_deref(), Some("福建省"));
        assert_eq!(area_name("440305").as_deref(), Some("广东省深圳市南山区"));
    }

    #[test]
    fn municipalities_and_direct_county_cities_are_not_repeated() {
        assert_eq!(area_name("110105").as_deref(), Some("北京市朝阳区"));
        assert_eq!(area_name("110100").as_deref(), Some("北京市"));
        assert_eq!(area_name("500230").as_deref(), Some("重庆市丰都县"));
        assert_eq!(area_name("419001").as_deref(), Some("河南省济源市"));
        // Prefecture-level cities without counties: the county row repeats the city.
        assert_eq!(area_name("441900").as_deref(), Some("广东省东莞市"));
        assert_eq!(area_name("620201").as_deref(), Some("甘肃省嘉峪关市"));
    }

    #[test]
    fn a_missing_lower_level_is_left_out() {
        // 350199 is no county of 福州市: the levels the table has are named.
        assert_eq!(area_name("350199").as_deref(), Some("福建省福州市"));
        assert_eq!(area_name("359900").as_deref(), Some("福建省"));
    }

    #[test]
    fn unknown_or_malformed_codes_have_no_name() {
        assert_eq!(area_name("990101"), None);
        assert_eq!(area_name("000000"), None);
        assert_eq!(area_name("35010"), None);
        assert_eq!(area_name("3501022"), None);
        assert_eq!(area_name("35O102"), None);
        assert_eq!(area_name("３５０１０２"), None);
        assert_eq!(area_name(""), None);
    }

    #[test]
    fn the_area_code_is_characters_three_to_eight() {
        assert_eq!(area_code("91350102MA2XYZ1234"), Some("350102"));
        assert_eq!(area_code("12110105400000000X"), Some("110105"));
    }

    #[test]
    fn malformed_credit_codes_have_no_area_code() {
        assert_eq!(area_code(""), None);
        assert_eq!(area_code("91350102MA2XYZ123"), None);
        assert_eq!(area_code("91350102MA2XYZ12345"), None);
        assert_eq!(area_code("9135A102MA2XYZ1234"), None);
        // 18 characters, but not ASCII: full-width digits are not digits here.
        assert_eq!(area_code("91３５０１０２MA2XYZ1234"), None);
        assert_eq!(area_code("91统50102MA2XYZ1234"), None);
        // 18 bytes, but 6 characters.
        assert_eq!(area_code("统一社会信用"), None);
    }

    #[test]
    fn province_and_prefecture_codes() {
        assert_eq!(province("350102"), "350000");
        assert_eq!(prefecture("350102"), "350100");
        assert_eq!(province("110105"), "110000");
        assert_eq!(prefecture("110105"), "110100");
        assert_eq!(province("3501"), "3501");
        assert_eq!(prefecture("统一社"), "统一社");
    }

    #[test]
    fn every_line_of_the_table_parses() {
        let lines = DATA
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(entries(DATA).count(), lines);
        assert!(lines > 3000, "the table has {lines} entries");
    }

    #[test]
    fn the_table_has_no_duplicate_codes_and_every_county_has_its_province() {
        let mut seen = HashSet::new();
        for (code, _) in entries(DATA) {
            assert!(seen.insert(code), "{code} appears twice");
        }
        let provinces = seen.iter().filter(|c| c.ends_with("0000")).count();
        assert_eq!(provinces, 34);
        for code in &seen {
            let province = province(code);
            assert!(
                seen.contains(province.as_str()),
                "{code}: no province {province}"
            );
            assert!(area_name(code).is_some(), "{code} has no name");
        }
    }

    #[test]
    fn fujian_has_its_nine_prefectures() {
        let names: Vec<String> = (1..=9)
            .filter_map(|i| area_name(&format!("35{i:02}00")))
            .collect();
        assert_eq!(
            names.join("、"),
            "福建省福州市、福建省厦门市、福建省莆田市、福建省三明市、福建省泉州市、\
             福建省漳州市、福建省南平市、福建省龙岩市、福建省宁德市"
        );
    }
}
