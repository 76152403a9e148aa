//! A standard file that fails to load names the file, the line and the problem.

use unilab::catalog::{load_dir, load_file_text};

const GOOD: &str = r#"code = "Q/LAB 1-2026"
title_zh = "实验室自定标准"
product = "试样"
field = "其他"
grades = ["一等品", "合格品"]

[[items]]
code = "X"
name_zh = "指标甲"
unit = "%"
method = "Q/LAB 1-2026 5.1"
interval = "0.1"
limits = { "一等品" = "≥90.0", "合格品" = "≥80.0" }

[[items]]
code = "Y"
name_zh = "指标乙"
unit = "%"
method = "Q/LAB 1-2026 5.2"
limits = { "*" = "实测" }

[[items]]
code = "Z"
name_zh = "合计"
unit = "%"
method = "计算"
interval = "0.1"
formula = "X + Y"
limits = { "*" = "≥100.0" }

[schemes.commissioned]
items = ["X", "Y"]
"#;

fn errors(text: &str) -> Vec<String> {
    load_file_text("lab/q1.toml", text)
        .err()
        .unwrap_or_default()
        .iter()
        .map(|e| e.to_string())
        .collect()
}

fn one_error(text: &str) -> String {
    let e = errors(text);
    assert_eq!(e.len(), 1, "{e:#?}");
    e[0].clone()
}

#[test]
fn the_good_file_loads() {
    let s = load_file_text("lab/q1.toml", GOOD).unwrap();
    assert_eq!(s.items.len(), 3);
    assert_eq!(s.item("Z").unwrap().formula.as_ref().unwrap().text, "X + Y");
}

#[test]
fn bad_limit_text_names_file_line_and_position() {
    let e = one_error(&GOOD.replace("\"≥90.0\"", "\"≥9O.0\""));
    assert!(e.starts_with("lab/q1.toml:13:"), "{e}");
    assert!(
        e.contains("项目 X（一等品）") && e.contains("第 3 个字符"),
        "{e}"
    );
}

#[test]
fn unknown_unit() {
    let e = one_error(&GOOD.replace(
        "unit = \"%\"\nmethod = \"Q/LAB 1-2026 5.1\"",
        "unit = \"percent\"\nmethod = \"Q/LAB 1-2026 5.1\"",
    ));
    assert!(
        e.starts_with("lab/q1.toml:10:") && e.contains("单位“percent”不认识"),
        "{e}"
    );
}

#[test]
fn duplicate_item_code() {
    let e = one_error(
        &GOOD
            .replace("code = \"Y\"", "code = \"X\"")
            .replace("formula = \"X + Y\"", "formula = \"X + X\"")
            .replace("items = [\"X\", \"Y\"]", "items = [\"X\"]"),
    );
    assert!(
        e.starts_with("lab/q1.toml:16:") && e.contains("项目代号“X”重复"),
        "{e}"
    );
}

#[test]
fn grade_without_a_limit() {
    let e = one_error(&GOOD.replace(", \"合格品\" = \"≥80.0\"", ""));
    assert!(e.starts_with("lab/q1.toml:13:"), "{e}");
    assert!(e.contains("缺少“合格品”的限值"), "{e}");
}

#[test]
fn bad_formula_unknown_reference_and_cycle() {
    let e = one_error(&GOOD.replace("X + Y", "X + (Y"));
    assert!(
        e.starts_with("lab/q1.toml:28:") && e.contains("右括号"),
        "{e}"
    );
    let e = one_error(&GOOD.replace("X + Y", "X + W"));
    assert!(e.contains("不存在的项目或常数“W”"), "{e}");
    let cyclic = GOOD.replace(
        "method = \"Q/LAB 1-2026 5.2\"\n",
        "method = \"Q/LAB 1-2026 5.2\"\nformula = \"Z - X\"\n",
    );
    let e = errors(&cyclic);
    assert!(e.iter().any(|m| m.contains("公式循环引用")), "{e:#?}");
}

#[test]
fn toml_syntax_errors_and_unknown_fields_have_lines() {
    let e = one_error(&GOOD.replace("product = \"试样\"", "product = 试样"));
    assert!(e.starts_with("lab/q1.toml:3:"), "{e}");
    let e = one_error(&GOOD.replace("product = \"试样\"", "product = \"试样\"\nprodcut = \"x\""));
    assert!(
        e.starts_with("lab/q1.toml:4:") && e.contains("prodcut"),
        "{e}"
    );
}

#[test]
fn bad_interval_and_scheme_items() {
    let e = one_error(&GOOD.replace(
        "interval = \"0.1\"\nlimits = { \"一",
        "interval = \"0.3\"\nlimits = { \"一",
    ));
    assert!(e.contains("1、2 或 5"), "{e}");
    let e = one_error(&GOOD.replace("items = [\"X\", \"Y\"]", "items = [\"X\", \"Q\"]"));
    assert!(e.contains("方案 commissioned 中的项目“Q”不存在"), "{e}");
}

#[test]
fn a_lab_folder_reports_every_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), GOOD).unwrap();
    std::fs::write(dir.path().join("b.toml"), GOOD.replace("≥80.0", "≥")).unwrap();
    let errs = load_dir(dir.path()).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert!(errs[0].file.ends_with("b.toml"), "{}", errs[0]);
}

#[test]
fn figures_a_decimal_cannot_hold_are_refused_with_their_line() {
    // Each used to be rounded silently by Decimal::from_str (or, for A±b, to overflow when
    // judged).
    for (from, to, what) in [
        (r#"interval = "0.1""#, r#"interval = "1e-29""#, "28"),
        (
            r#"limits = { "一等品" = "≥90.0", "合格品" = "≥80.0" }"#,
            r#"limits = { "一等品" = "≥90.00000000000000000000000000001", "合格品" = "≥80.0" }"#,
            "28",
        ),
        (
            r#"limits = { "一等品" = "≥90.0", "合格品" = "≥80.0" }"#,
            r#"limits = { "一等品" = "79228162514264337593543950335±1", "合格品" = "≥80.0" }"#,
            "无法精确表示",
        ),
        (
            r#"formula = "X + Y""#,
            r#"formula = "X + Y * 1.00000000000000000000000000001""#,
            "28",
        ),
    ] {
        assert!(GOOD.contains(from), "{from}");
        let e = one_error(&GOOD.replacen(from, to, 1));
        assert!(e.contains(what) && e.contains("q1.toml:"), "{to}: {e}");
    }
}
