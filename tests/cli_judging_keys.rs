//! `unilab judge` with the keys issue 11 added: dimensions, declared values, product analysis,
//! several bases, significant figures and decision rules — as a script sees them.

use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_unilab"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> serde_json::Value {
    let (ok, out, err) = run(args);
    assert!(ok, "{err}");
    serde_json::from_str(out.lines().last().unwrap()).unwrap()
}

fn rebar(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "judge",
        "--standard",
        "GB 1499.2-2024",
        "--grade",
        "HRB400",
        "--json",
    ];
    args.extend_from_slice(extra);
    json(&args)
}

#[test]
fn rebar_elongation_follows_the_nominal_diameter() {
    // The case: a 32 mm HRB400 bar with A = 15 % passes (A may be 1 % lower).
    let v = rebar(&[
        "--spec",
        "d22-50",
        "--item",
        "A",
        "--value",
        "15",
        "--dimension",
        "d=32",
    ]);
    assert_eq!(v["verdict"], "pass", "{v}");
    assert_eq!(v["limit"], "≥15");
    assert!(v["condition"].as_str().unwrap().contains("28～40"), "{v}");
    // Without the diameter the table's figure applies, as before.
    let v = rebar(&["--spec", "d22-50", "--item", "A", "--value", "15"]);
    assert_eq!(
        (v["verdict"].as_str(), v["limit"].as_str()),
        (Some("fail"), Some("≥16"))
    );
    // The breaks: 25 mm keeps 16, 28 and 40 mm take 15, 50 mm takes 14.
    for (d, limit, verdict) in [
        ("25", "≥16", "fail"),
        ("28", "≥15", "pass"),
        ("40", "≥15", "pass"),
        ("50", "≥14", "pass"),
    ] {
        let dim = format!("d={d}");
        let v = rebar(&["--item", "A", "--value", "15", "--dimension", &dim]);
        assert_eq!(
            (v["limit"].as_str(), v["verdict"].as_str()),
            (Some(limit), Some(verdict)),
            "d={d}"
        );
    }
    // A seismic grade has no A requirement: lowering "/" leaves it "/".
    let v = json(&[
        "judge",
        "--standard",
        "GB 1499.2-2024",
        "--grade",
        "HRB400E",
        "--item",
        "A",
        "--value",
        "15",
        "--dimension",
        "d=32",
        "--json",
    ]);
    assert_eq!(v["verdict"], "not_judged");
    // An unknown dimension is refused, not ignored.
    let (ok, _, err) = run(&[
        "judge",
        "--standard",
        "GB 1499.2-2024",
        "--grade",
        "HRB400",
        "--item",
        "A",
        "--value",
        "15",
        "--dimension",
        "D=32",
    ]);
    assert!(
        !ok && err.contains("“D”") && err.contains("公称直径"),
        "{err}"
    );
}

#[test]
fn weight_deviation_by_diameter_without_a_size_class() {
    let v = rebar(&["--item", "W", "--value", "-3.6", "--dimension", "d=32"]);
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("±3.5"), Some("fail"))
    );
    let v = rebar(&["--item", "W", "--value", "-4.4", "--dimension", "d=16"]);
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("±4.5"), Some("pass"))
    );
    let (ok, _, err) = run(&[
        "judge",
        "--standard",
        "GB 1499.2-2024",
        "--grade",
        "HRB400",
        "--item",
        "W",
        "--value",
        "-3.6",
    ]);
    assert!(!ok && err.contains("公称直径（d）"), "{err}");
}

#[test]
fn product_analysis_allowances_widen_chemistry_limits() {
    let v = rebar(&["--item", "C", "--value", "0.26"]);
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("≤0.25"), Some("fail"))
    );
    let v = rebar(&["--item", "C", "--value", "0.26", "--product-analysis"]);
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("≤0.27"), Some("pass"))
    );
    assert!(v["condition"].as_str().unwrap().contains("GB/T 222"), "{v}");
    let v = rebar(&["--item", "P", "--value", "0.048", "--product-analysis"]);
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("≤0.050"), Some("pass"))
    );
    let v = rebar(&[
        "--item",
        "Ceq",
        "--input",
        "C=0.24",
        "--input",
        "Mn=1.50",
        "--input",
        "Cr=0.05",
        "--input",
        "V=0.04",
        "--input",
        "Mo=0.01",
        "--input",
        "Cu=0.10",
        "--input",
        "Ni=0.05",
        "--product-analysis",
    ]);
    // Ceq = 0.24 + 0.25 + 0.02 + 0.01 = 0.52: within 0.54 + 0.03.
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("≤0.57"), Some("pass"))
    );
}

#[test]
fn fertilizer_single_nutrients_against_the_declared_value() {
    let n = |declared: &str, value: &str| {
        json(&[
            "judge",
            "--standard",
            "GB/T 15063-2020",
            "--grade",
            "高浓度",
            "--item",
            "N",
            "--declared",
            declared,
            "--value",
            value,
            "--json",
        ])
    };
    let v = n("15", "13.49");
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["declared"], "15");
    assert!(v["limit"].as_str().unwrap().starts_with("≥13.5"), "{v}");
    assert_eq!(n("15", "13.5")["verdict"], "pass");
    // Declared 5.0: 3.8 is within 1.5 of it, but below the 4.0 floor.
    let v = n("5.0", "3.8");
    assert_eq!(v["verdict"], "fail");
    assert!(v["limit"].as_str().unwrap().starts_with("≥4.0"), "{v}");
    // Without a declared value the nutrient is reported, as before.
    let v = json(&[
        "judge",
        "--standard",
        "GB/T 15063-2020",
        "--grade",
        "高浓度",
        "--item",
        "N",
        "--value",
        "13.4",
        "--json",
    ]);
    assert_eq!(v["verdict"], "not_judged");
}

#[test]
fn several_bases_each_item_names_its_own() {
    // GB/T 15063's toxic-substance items are limited by GB 38400-2019.
    let v = json(&[
        "judge",
        "--standard",
        "GB/T 15063-2020",
        "--grade",
        "高浓度",
        "--item",
        "Cd",
        "--value",
        "12",
        "--json",
    ]);
    assert_eq!(
        (v["standard"].as_str(), v["verdict"].as_str()),
        (Some("GB 38400-2019"), Some("fail"))
    );
    // Rice against GB 2762 and GB 2763 at once: glyphosate comes from the second.
    let v = json(&[
        "judge",
        "--standard",
        "GB 2762-2022",
        "--standard",
        "GB 2763-2021",
        "--grade",
        "稻谷",
        "--item",
        "glyphosate",
        "--value",
        "0.12",
        "--json",
    ]);
    assert_eq!(
        (v["standard"].as_str(), v["verdict"].as_str()),
        (Some("GB 2763-2021"), Some("fail"))
    );
    // GB 38400 on its own has one grade, used whatever --grade says.
    let v = json(&[
        "judge",
        "--standard",
        "GB 38400-2019",
        "--grade",
        "高浓度",
        "--item",
        "Tl",
        "--value",
        "2.4",
        "--json",
    ]);
    assert_eq!(v["verdict"], "pass");
}

#[test]
fn library_keys_are_refused_with_a_bare_limit() {
    for extra in [["--declared", "15"], ["--dimension", "d=32"]] {
        let mut args = vec!["judge", "--limit", "≥13.5", "--value", "14"];
        args.extend_from_slice(&extra);
        let (ok, _, err) = run(&args);
        assert!(!ok && err.contains("--standard"), "{extra:?}: {err}");
    }
}

#[test]
fn lead_in_rice_to_significant_figures_as_brown_rice() {
    let v = json(&[
        "judge",
        "--standard",
        "GB 2762-2022",
        "--grade",
        "稻谷",
        "--item",
        "Pb",
        "--value",
        "0.1234",
        "--json",
    ]);
    assert_eq!(
        (v["reported"].as_str(), v["verdict"].as_str()),
        (Some("0.12"), Some("pass"))
    );
    assert_eq!(v["condition"], "以糙米计");
    assert!(
        v["significant_figures"].as_str().unwrap().contains("1.00"),
        "{v}"
    );
    let v = json(&[
        "judge",
        "--standard",
        "GB 2762-2022",
        "--grade",
        "大米",
        "--item",
        "Cd",
        "--value",
        "1.234",
        "--json",
    ]);
    assert_eq!(
        (v["reported"].as_str(), v["verdict"].as_str()),
        (Some("1.23"), Some("fail"))
    );
}

#[test]
fn decision_rule_is_named_and_conditional_verdicts_only_under_a_guard_band() {
    let base = ["judge", "--limit", "≤1.00", "--json"];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        json(&a)
    };
    let v = with(&["--value", "0.95"]);
    assert_eq!(
        (v["rule"].as_str(), v["verdict"].as_str()),
        (Some("simple"), Some("pass"))
    );
    let v = with(&[
        "--value",
        "0.95",
        "--uncertainty",
        "0.10",
        "--rule",
        "simple",
    ]);
    assert_eq!(
        v["verdict"], "pass",
        "U changes nothing under simple acceptance"
    );
    for (value, verdict) in [
        ("0.85", "pass"),
        ("0.95", "conditional_pass"),
        ("1.05", "conditional_fail"),
        ("1.15", "fail"),
    ] {
        let v = with(&[
            "--value",
            value,
            "--uncertainty",
            "0.10",
            "--rule",
            "guard-band",
        ]);
        assert_eq!(
            (v["rule"].as_str(), v["verdict"].as_str()),
            (Some("guard_band"), Some(verdict))
        );
        assert_eq!(v["uncertainty"], "0.10");
    }
    let (ok, _, err) = run(&["judge", "--limit", "≤1", "--value", "1", "--rule", "binary"]);
    assert!(!ok && err.contains("guard-band"), "{err}");
    // A library item under a guard band, U relative.
    let v = json(&[
        "judge",
        "--standard",
        "GB 2762-2022",
        "--grade",
        "大米",
        "--item",
        "Pb",
        "--value",
        "0.19",
        "--uncertainty",
        "10%",
        "--rule",
        "guard-band",
        "--json",
    ]);
    assert_eq!(
        (v["rule"].as_str(), v["verdict"].as_str()),
        (Some("guard_band"), Some("conditional_pass"))
    );
}

#[test]
fn standards_show_names_the_successor_and_the_new_keys() {
    let (ok, out, _) = run(&["standards", "show", "GB 18383-2007"]);
    assert!(ok);
    assert!(
        out.contains("代替版本：GB 18383-2025（已收录，2026-07-01 起实施）"),
        "{out}"
    );
    let (ok, out, _) = run(&["standards", "show", "GB 18383-2025"]);
    assert!(
        ok && out.contains("残留氯") && out.contains("待核实"),
        "{out}"
    );
    let (ok, out, _) = run(&["standards", "show", "GB 1499.2-2024"]);
    assert!(ok && out.contains("分档：d 28～40 → 限值调整 -1"), "{out}");
    assert!(out.contains("成品分析允许偏差"), "{out}");
    let (ok, out, _) = run(&["standards", "show", "GB 2762-2022"]);
    assert!(ok && out.contains("有效数字"), "{out}");
}

#[test]
fn cement_strength_by_type_and_class() {
    let r3 = |class: &str, kind: &str, value: &str| {
        json(&[
            "judge",
            "--standard",
            "GB 175-2023",
            "--grade",
            class,
            "--spec",
            kind,
            "--item",
            "R3",
            "--value",
            value,
            "--json",
        ])
    };
    // The same 16.0 MPa passes a slag cement 42.5 and fails an ordinary Portland 42.5.
    let v = r3("42.5", "P·S·A", "16.0");
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("≥15.0"), Some("pass"))
    );
    let v = r3("42.5", "P·O", "16.0");
    assert_eq!(
        (v["limit"].as_str(), v["verdict"].as_str()),
        (Some("≥17.0"), Some("fail"))
    );
    // 52.5: 23.0 MPa (the shipped 22.0 was wrong even for 2007).
    assert_eq!(r3("52.5", "P·O", "22.5")["limit"], "≥23.0");
    let (ok, out, _) = run(&["standards", "show", "GB 175-2023"]);
    assert!(
        ok && out.contains("水溶性六价铬") && out.contains("烧失量"),
        "{out}"
    );
}
