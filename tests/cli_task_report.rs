//! The script contract of the bureau report (issue 13): `task report TASK --json | --csv FILE |
//! --xlsx FILE` with `planned`, `sampled`, `tested`, `passed`, `failed`, `pass_rate`; the
//! progress in `task list|show --json`; `enterprise show CODE --json`. The figures themselves
//! are proved against the orders in tests/task_report.rs.

use std::path::Path;

mod cli_common;
use cli_common::*;

const MILL: &str = "91350200MA2Y0FBX2J";

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

/// A lab with a two-batch rebar task and one spot check sampled at the mill, not yet tested.
fn set_up(d: &Path) -> (String, String) {
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
        "clerk",
        &[
            "enterprise",
            "add",
            "--name",
            "厦门某钢厂",
            "--credit-code",
            MILL,
            "--class",
            "C",
        ],
    ));
    let task = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "task",
            "new",
            "--name",
            "热轧带肋钢筋监督抽查",
            "--authority",
            "福建省市场监督管理局",
            "--standard",
            "GB 1499.2-2024",
            "--grade",
            "HRB400E",
            "--batches",
            "2",
        ],
    )));
    let order = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "order",
            "new",
            "--type",
            "supervision",
            "--task",
            &task,
            "--sampled-unit",
            MILL,
            "--spec",
            "d14-20",
            "--samplers",
            "陈抽样,林抽样",
            "--sampling-date",
            &day_from_today(0),
            "--sampling-place",
            "厦门市海沧区 成品库",
            "--lot-size",
            "120 t",
            "--sample-quantity",
            "8 根×500 mm",
            "--reserve-quantity",
            "4 根×500 mm",
            "--reserve-location",
            "本所留样室",
            "--seal",
            "F-2026-0456",
        ],
    )));
    (task, order)
}

#[test]
fn the_task_report_keeps_its_script_contract_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (task, order) = set_up(d);

    let r = json(&ok(unilab(
        d,
        "clerk",
        &["task", "report", &task, "--json"],
    )));
    assert_eq!(r["planned"], 2);
    assert_eq!(r["sampled"], 1);
    assert_eq!(r["tested"], 0);
    assert_eq!(r["passed"], 0);
    assert_eq!(r["failed"], 0);
    assert!(r["pass_rate"].is_null(), "nothing tested yet: {r}");
    assert!(r["failing_items"].as_array().unwrap().is_empty());

    let csv = d.join("汇总.csv");
    let xlsx = d.join("汇总.xlsx");
    ok(unilab(
        d,
        "clerk",
        &[
            "task",
            "report",
            &task,
            "--csv",
            csv.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "no BOM");
    assert!(text.contains("计划批次,planned,2") && text.contains("已抽样批次,sampled,1"));
    assert!(text.contains("合格率,pass_rate,/"), "{text}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));

    let list = json(&ok(unilab(d, "clerk", &["task", "list", "--json"])));
    let row = &list[0];
    assert_eq!(
        [
            &row["planned"],
            &row["sampled"],
            &row["tested"],
            &row["reported"],
            &row["failed"]
        ],
        [2, 1, 0, 0, 0]
    );
    let show = json(&ok(unilab(d, "clerk", &["task", "show", &task, "--json"])));
    assert_eq!(show["progress"]["sampled"], 1);
    let page = ok(unilab(d, "clerk", &["task", "show", &task]));
    assert!(page.contains("计划 2 / 已抽样 1 / 已检验 0"), "{page}");

    let file = json(&ok(unilab(
        d,
        "clerk",
        &["enterprise", "show", MILL, "--json"],
    )));
    assert_eq!(file["enterprise"]["credit_class"], "C");
    assert_eq!(file["orders"][0]["order"], order.as_str());
    assert_eq!(file["orders"][0]["type"], "supervision");
    assert_eq!(file["orders"][0]["task"], task.as_str());
    assert_eq!(
        file["orders"][0]["roles"],
        serde_json::json!(["sampled_unit"])
    );
    assert_eq!(file["orders"][0]["outcome"], "testing");
    let page = ok(unilab(d, "clerk", &["enterprise", "show", MILL]));
    assert!(
        page.contains("信用等级") && page.contains("监督抽查 1 次"),
        "{page}"
    );
    let missing = refused(unilab(d, "clerk", &["task", "report", "CC2026-9999"]));
    assert!(missing.contains("CC2026-9999"), "{missing}");
}
