//! `unilab stats` as a lab's script uses it (issue 14's script contract): `--by` each grouping
//! with `--json` rows carrying `group`, `tested`, `passed`, `failed`, `pass_rate`; CSV with a
//! byte-order mark; an XLSX workbook; bad arguments refused with what was wrong.

mod cli_common;

use cli_common::*;
use serde_json::Value;

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let now = unilab::clock::record_time(true).unwrap();
    unilab::demo::ensure_demo_lab(dir.path(), now).unwrap();
    dir
}

fn stats(d: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["stats"];
    all.extend_from_slice(args);
    run(d, "chen", &[("UNILAB_PASSWORD", "demo123")], &all)
}

#[test]
fn json_rows_carry_the_contract_fields_and_add_up_to_the_total() {
    let d = demo();
    let out = ok(stats(d.path(), &["--by", "product", "--json"]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() >= 3, "{out}");
    let sum = |k: &str| -> u64 { rows.iter().map(|r| r[k].as_u64().unwrap()).sum() };
    for k in ["samples", "tested", "passed", "failed"] {
        assert_eq!(sum(k), v["total"][k].as_u64().unwrap(), "{k}: {out}");
    }
    for r in rows {
        for k in ["group", "tested", "passed", "failed", "pass_rate"] {
            assert!(r.get(k).is_some(), "{k} missing in {r}");
        }
        assert_eq!(
            r["tested"].as_u64(),
            Some(r["passed"].as_u64().unwrap() + r["failed"].as_u64().unwrap())
        );
    }
    // The demo's failed rice sample (lead) shows under its standard with the item.
    let rice = rows
        .iter()
        .find(|r| r["group"] == "GB 2762-2022")
        .expect("rice row");
    assert!(rice["failed"].as_u64().unwrap() >= 1, "{rice}");
    assert_eq!(rice["failing_items"][0]["code"], "Pb", "{rice}");
    // Every grouping of the contract answers.
    for by in [
        "product",
        "item",
        "enterprise",
        "region",
        "type",
        "task",
        "campaign",
        "month",
        "quarter",
    ] {
        let out = ok(stats(d.path(), &["--by", by, "--json"]));
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["by"], by, "{out}");
    }
    let out = ok(stats(d.path(), &["--by", "campaign", "--json"]));
    assert!(out.contains("粮食质量安全专项"), "{out}");
}

#[test]
fn csv_has_a_bom_and_xlsx_is_a_workbook_and_bad_arguments_say_what_is_wrong() {
    let d = demo();
    let csv = d.path().join("按月.csv");
    ok(stats(
        d.path(),
        &["--by", "month", "--csv", csv.to_str().unwrap()],
    ));
    let text = std::fs::read(&csv).unwrap();
    assert!(text.starts_with("\u{feff}分组,名称,样品数,已检,合格,不合格,合格率".as_bytes()));
    let text = String::from_utf8(text).unwrap();
    assert!(text.lines().any(|l| l.starts_with("total,合计,")), "{text}");
    let xlsx = d.path().join("按产品.xlsx");
    ok(stats(
        d.path(),
        &["--by", "product", "--xlsx", xlsx.to_str().unwrap()],
    ));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));

    // The signed report: a PDF whose signature verifies, with the table's text in it.
    let pdf = d.path().join("统计.pdf");
    ok(stats(
        d.path(),
        &["--by", "product", "--pdf", pdf.to_str().unwrap()],
    ));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let v = run(
        d.path(),
        "chen",
        &[("UNILAB_PASSWORD", "demo123")],
        &["verify", pdf.to_str().unwrap(), "--json"],
    );
    let v: Value = serde_json::from_slice(&v.stdout).unwrap();
    assert_eq!(v["signature_valid"], true, "{v}");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let text: String = (1..=doc.get_pages().len() as u32)
        .map(|p| doc.extract_text(&[p]).unwrap())
        .collect::<String>()
        .split_whitespace()
        .collect();
    for want in [
        "检验检测统计报告",
        "产品（标准）",
        "GB2762-2022",
        "合计",
        "不合格批次（按分组）",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }

    let e = refused(stats(d.path(), &["--by", "colour", "--json"]));
    assert!(
        e.contains("--by “colour” 无效") && e.contains("product|item|enterprise"),
        "{e}"
    );
    let e = refused(stats(
        d.path(),
        &[
            "--by",
            "product",
            "--from",
            "2026-12-01",
            "--to",
            "2026-01-01",
        ],
    ));
    assert!(
        e.contains("--from 2026-12-01 在 --to 2026-01-01 之后"),
        "{e}"
    );
    let e = refused(stats(
        d.path(),
        &["--by", "product", "--from", "2026-13-01"],
    ));
    assert!(e.contains("--from"), "{e}");
}

#[test]
fn by_all_gives_every_grouping_in_one_workbook_or_one_json_array() {
    let d = demo();
    let out = ok(stats(d.path(), &["--by", "all", "--json"]));
    let v: Value = serde_json::from_str(&out).unwrap();
    let bys: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["by"].as_str().unwrap())
        .collect();
    assert_eq!(bys.len(), 12, "{bys:?}");
    assert_eq!((bys[0], bys[10], bys[11]), ("product", "reviewer", "site"));
    // Each table is the same as asking for it alone.
    let alone: Value =
        serde_json::from_str(&ok(stats(d.path(), &["--by", "region", "--json"]))).unwrap();
    assert_eq!(v[3], alone);

    let xlsx = d.path().join("全部.xlsx");
    let said = ok(stats(
        d.path(),
        &["--by", "all", "--xlsx", xlsx.to_str().unwrap()],
    ));
    assert!(said.contains("12 张工作表"), "{said}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));

    // CSV holds one table: refused, naming what goes with it.
    let csv = d.path().join("全部.csv");
    let e = refused(stats(
        d.path(),
        &["--by", "all", "--csv", csv.to_str().unwrap()],
    ));
    assert!(e.contains("--by all") && e.contains("--xlsx"), "{e}");
    assert!(!csv.exists());
}
