//! The judging commands as scripts use them.

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

#[test]
fn round_prints_the_reported_value_alone() {
    for (v, i, want) in [
        ("1.050", "0.1", "1.0"),
        ("-930", "20", "-920"),
        ("60.25", "0.5", "60.0"),
        ("2.675", "0.01", "2.68"),
    ] {
        let (ok, out, _) = run(&["round", v, "--interval", i]);
        assert!(ok);
        assert_eq!(out, format!("{want}\n"));
    }
    let (ok, _, err) = run(&["round", "12..3", "--interval", "0.1"]);
    assert!(!ok && err.contains("多个小数点"), "{err}");
    let (ok, _, err) = run(&["round", "1", "--interval", "0.3"]);
    assert!(!ok && err.contains("1、2 或 5"), "{err}");
}

#[test]
fn judge_by_limit_both_comparisons() {
    let v = json(&["judge", "--limit", "≥97.0", "--value", "96.96", "--json"]);
    assert_eq!(
        (v["verdict"].as_str(), v["reported"].as_str()),
        (Some("fail"), Some("97.0"))
    );
    let v = json(&[
        "judge",
        "--limit",
        "≥97.0",
        "--value",
        "96.96",
        "--comparison",
        "rounded",
        "--json",
    ]);
    assert_eq!(v["verdict"], "pass");
    let v = json(&["judge", "--limit", "实测", "--value", "12.3", "--json"]);
    assert_eq!(v["verdict"], "not_judged");
    let v = json(&["judge", "--limit", "≤0.01", "--value", "<0.02", "--json"]);
    assert_eq!(v["verdict"], "cannot_judge");
    assert!(v["reason"].as_str().unwrap().contains("检出限"));
    let (ok, _, err) = run(&["judge", "--limit", "≥9x", "--value", "1"]);
    assert!(!ok && err.contains("第 3 个字符"), "{err}");
}

#[test]
fn judge_against_the_library() {
    let v = json(&[
        "judge",
        "--standard",
        "GB/T 1499.2-2018",
        "--grade",
        "HRB400",
        "--item",
        "ReL",
        "--value",
        "397.6",
        "--json",
    ]);
    assert_eq!(
        (v["verdict"].as_str(), v["reported"].as_str()),
        (Some("pass"), Some("400")),
        "修约值比较法 at 5 MPa"
    );
    let v = json(&[
        "judge",
        "--standard",
        "GB/T 15063-2020",
        "--grade",
        "高浓度",
        "--item",
        "NPK",
        "--input",
        "N=15.2",
        "--input",
        "P2O5=15.1",
        "--input",
        "K2O=10.0",
        "--json",
    ]);
    assert_eq!(
        (v["verdict"].as_str(), v["reported"].as_str()),
        (Some("pass"), Some("40.3"))
    );
    let (ok, _, err) = run(&[
        "judge",
        "--standard",
        "GB/T 15063-2020",
        "--grade",
        "高浓度",
        "--item",
        "NPK",
        "--value",
        "40",
    ]);
    assert!(!ok && err.contains("计算项目"), "{err}");
    let (ok, _, err) = run(&[
        "judge",
        "--standard",
        "GB 1499.2",
        "--grade",
        "HRB400",
        "--item",
        "ReL",
        "--value",
        "400",
    ]);
    assert!(!ok && err.contains("请写明版本"), "{err}");
}

#[test]
fn net_content_json() {
    let v = json(&[
        "netcontent",
        "--nominal",
        "400",
        "--unit",
        "g",
        "--batch",
        "40",
        "401.2",
        "398.7",
        "399.5",
        "402.3",
        "397.9",
        "400.8",
        "396.4",
        "401.7",
        "399.1",
        "400.6",
        "--json",
    ]);
    assert_eq!(v["verdict"], "pass");
    assert_eq!(v["t"], "12.0");
    assert_eq!(v["mean_limit"], "398.11");
    let (ok, _, err) = run(&[
        "netcontent",
        "--nominal",
        "400",
        "--unit",
        "g",
        "--batch",
        "40",
        "400",
    ]);
    assert!(!ok && err.contains("样本量 n 应为 10"), "{err}");
}

#[test]
fn standards_check_names_the_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "code = \"X-1\"\n").unwrap();
    let (ok, _, err) = run(&["standards", "check", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("bad.toml:"), "{err}");
    let (ok, out, _) = run(&["standards", "check"]);
    assert!(ok && out.contains("个标准通过检查"));
    let (ok, out, _) = run(&["standards", "show", "GB/T 15063-2020"]);
    assert!(
        ok && out.contains("[NPK]") && out.contains("待核实"),
        "{out}"
    );
}
