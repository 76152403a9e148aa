//! The spot-check script contract so far (issue 13): `task new|list|show|draw` and
//! `order new --type supervision --task …` with its sampling record.

use std::path::Path;

mod cli_common;
use cli_common::*;

const CLIENT: &str = "91350100M000100Y43";
const MILL: &str = "91350200MA2Y0FBX2J";

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
    for (name, code, class) in [("福州钢铁有限公司", CLIENT, "B"), ("厦门某钢厂", MILL, "C")]
    {
        ok(unilab(
            d,
            "clerk",
            &[
                "enterprise",
                "add",
                "--name",
                name,
                "--credit-code",
                code,
                "--class",
                class,
            ],
        ));
    }
}

#[test]
fn a_task_is_recorded_drawn_and_sampled_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    set_up(d);
    let task = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "task",
            "new",
            "--name",
            "2026 年第一季度热轧带肋钢筋监督抽查",
            "--authority",
            "福建省市场监督管理局",
            "--standard",
            "GB 1499.2-2024",
            "--grade",
            "HRB400E",
            "--batches",
            "2",
            "--sampling-due",
            "2099-03-20",
            "--report-due",
            "2099-04-10",
            "--campaign",
            "地条钢专项",
        ],
    )));
    assert!(task.starts_with("CC"), "{task}");
    let draw = |seed: &str| {
        json(&ok(unilab(
            d,
            "clerk",
            &[
                "task", "draw", &task, "--count", "1", "--seed", seed, "--json",
            ],
        )))
    };
    let first = draw("42");
    assert_eq!(
        first["chosen"],
        draw("42")["chosen"],
        "same seed, same draw"
    );
    assert_eq!(first["chosen"].as_array().unwrap().len(), 1);
    let list = json(&ok(unilab(d, "clerk", &["task", "list", "--json"])));
    assert_eq!(list[0]["planned"], 2);
    // The plain listing is tab-separated columns, not one field of replacement marks.
    let plain = ok(unilab(d, "clerk", &["task", "list"]));
    let cols: Vec<&str> = plain.lines().next().unwrap().split('\t').collect();
    assert_eq!(cols.len(), 7, "{plain}");
    assert_eq!(cols[0], task, "{plain}");
    assert!(!plain.contains('\u{fffd}'), "{plain}");
    let show = json(&ok(unilab(d, "clerk", &["task", "show", &task, "--json"])));
    assert_eq!(show["draws"].as_array().unwrap().len(), 2);

    let bare = refused(unilab(
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
        ],
    ));
    assert!(
        bare.contains("抽样单") && bare.contains("--samplers"),
        "{bare}"
    );
    let today = day_from_today(0);
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
            "--producer",
            CLIENT,
            "--samplers",
            "陈抽样,林抽样",
            "--sampling-date",
            &today,
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
    let o = json(&ok(unilab(
        d,
        "clerk",
        &["order", "show", &order, "--json"],
    )));
    assert_eq!(o["inspection_type"], "supervision");
    assert_eq!(o["standard"], "GB 1499.2-2024");
    assert_eq!(o["sampling"]["sampled_unit"]["credit_code"], MILL);
    assert_eq!(o["sampling"]["seal"], "F-2026-0456");
    assert_eq!(
        o["sampling"]["samplers"],
        serde_json::json!(["陈抽样", "林抽样"])
    );
    assert_eq!(o["client"]["name"], "福建省市场监督管理局");
    let plain = refused(unilab(
        d,
        "clerk",
        &["order", "new", "--type", "commissioned"],
    ));
    assert!(
        plain.contains("--standard") && plain.contains("--client"),
        "{plain}"
    );
}
