//! The quality file from the command line: `enterprise licence add`, `enterprise complaint
//! add`, `enterprise class`, and `enterprise show [--json]` carrying them. The rules are
//! proved in tests/quality_file.rs.

use std::path::Path;

mod cli_common;
use cli_common::*;

const CODE: &str = "91350100M000100Y43";

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

fn set_up(d: &Path) {
    ok(unilab(
        d,
        "admin",
        &["init", "--lab-name", "测试检验所", "--admin", "admin"],
    ));
    ok(unilab(
        d,
        "admin",
        &["user", "add", "clerk", "--role", "clerk"],
    ));
    ok(unilab(
        d,
        "admin",
        &["user", "add", "tech", "--role", "technician"],
    ));
    ok(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "add",
            "--name",
            "福州钢铁有限公司",
            "--credit-code",
            CODE,
        ],
    ));
}

#[test]
fn licences_complaints_and_class_changes_show_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    set_up(d);
    let licence = |number: &str, until: &str| {
        unilab(
            d,
            "clerk",
            &[
                "enterprise",
                "licence",
                "add",
                CODE,
                "--kind",
                "production",
                "--number",
                number,
                "--scope",
                "热轧带肋钢筋",
                "--issued",
                "2020-01-01",
                "--valid-until",
                until,
            ],
        )
    };
    ok(licence("XK05-001-00001", &day_from_today(365)));
    ok(licence("XK05-001-00002", "2021-01-01"));
    let bad = refused(licence("XK05-001-00003", "2019-12-31"));
    assert!(bad.contains("早于发证日期"), "{bad}");
    let kind = refused(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "licence",
            "add",
            CODE,
            "--kind",
            "iso",
            "--number",
            "1",
        ],
    ));
    assert!(kind.contains("许可类别"), "{kind}");
    let role = refused(unilab(
        d,
        "tech",
        &[
            "enterprise",
            "licence",
            "add",
            CODE,
            "--kind",
            "ccc",
            "--number",
            "1",
        ],
    ));
    assert!(role.contains("收样员"), "{role}");

    ok(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "complaint",
            "add",
            CODE,
            "--received",
            "2026-02-01",
            "--from",
            "消费者 张先生",
            "--text",
            "钢筋弯曲后开裂",
        ],
    ));
    let unknown = refused(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "complaint",
            "add",
            CODE,
            "--received",
            "2026-02-01",
            "--from",
            "某局",
            "--text",
            "重量偏差",
            "--order",
            "WT2026-999999",
        ],
    ));
    assert!(unknown.contains("WT2026-999999"), "{unknown}");
    ok(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "class",
            CODE,
            "--to",
            "C",
            "--reason",
            "投诉属实，加强监管",
        ],
    ));

    let file = json(&ok(unilab(
        d,
        "clerk",
        &["enterprise", "show", CODE, "--json"],
    )));
    let licences = file["licences"].as_array().unwrap();
    assert_eq!(licences.len(), 2);
    assert_eq!(licences[0]["number"], "XK05-001-00001");
    assert_eq!(licences[0]["kind"], "production");
    assert_eq!(licences[0]["expired"], false);
    assert_eq!(licences[1]["expired"], true);
    let q = &file["enterprise"]["quality"];
    assert_eq!(q["complaints"][0]["from"], "消费者 张先生");
    assert_eq!(q["complaints"][0]["received"], "2026-02-01");
    assert_eq!(q["class_history"][0]["from"], "B");
    assert_eq!(q["class_history"][0]["to"], "C");
    assert_eq!(q["class_history"][0]["reason"], "投诉属实，加强监管");
    assert_eq!(file["enterprise"]["credit_class"], "C");
    assert!(file["proposal"].is_null());

    let page = ok(unilab(d, "clerk", &["enterprise", "show", CODE]));
    assert!(page.contains("许可证\n"), "{page}");
    let expired: Vec<&str> = page.lines().filter(|l| l.contains("已过期")).collect();
    assert_eq!(expired.len(), 1, "{page}");
    assert!(expired[0].contains("XK05-001-00002"), "{page}");
    assert!(
        page.contains("B → C") && page.contains("原因：投诉属实，加强监管"),
        "{page}"
    );
    assert!(
        page.contains("投诉 1 件") && page.contains("钢筋弯曲后开裂"),
        "{page}"
    );
    // The existing subcommands are unchanged.
    let list = ok(unilab(d, "clerk", &["enterprise", "list"]));
    assert!(list.contains(CODE) && list.contains("\tC"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(unilab(d, "clerk", &["enterprise", "list", "--json"]))).unwrap();
    let row = json
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["credit_code"] == CODE)
        .unwrap();
    assert_eq!(row["credit_class"], "C", "{row}");
}
