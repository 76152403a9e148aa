//! The lab-records script contract (issue 12) as a lab's script uses it: `instrument
//! add|calibrate|list|show`, `result set … --instrument --tested-on --temperature --humidity`,
//! `order receive --date --state --seal`, `order check`, `sample show|dispose`.

use std::path::Path;

mod cli_common;
use cli_common::*;

const CLIENT: &str = "91350100M000100Y43";

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

fn new_order(d: &Path) -> String {
    new_rebar_order(d, CLIENT, "热轧带肋钢筋", "ReL")
}

#[test]
fn instruments_are_registered_calibrated_listed_and_gate_result_entry() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, true);
    let yesterday = day_from_today(-1);
    ok(unilab(
        d,
        "admin",
        &[
            "instrument",
            "add",
            "--id",
            "SB-002",
            "--name",
            "液压万能试验机",
            "--kind",
            "万能材料试验机",
            "--model",
            "WE-600B",
            "--serial",
            "0931",
            "--due",
            &yesterday,
            "--status",
            "in_use",
        ],
    ));
    let dup = refused(unilab(
        d,
        "admin",
        &[
            "instrument",
            "add",
            "--id",
            "SB-002",
            "--name",
            "x",
            "--due",
            &yesterday,
        ],
    ));
    assert!(dup.contains("SB-002") && dup.contains("已存在"), "{dup}");
    let list = json(&ok(unilab(d, "tech", &["instrument", "list", "--json"])));
    let plain = ok(unilab(d, "tech", &["instrument", "list"]));
    let sb2_line = plain.lines().find(|l| l.starts_with("SB-002\t")).unwrap();
    assert!(sb2_line.split('\t').count() >= 5, "{plain}");
    assert!(!plain.contains('\u{fffd}'), "{plain}");
    let sb2 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "SB-002")
        .unwrap();
    assert_eq!(
        (sb2["overdue"].as_bool(), sb2["status"].as_str()),
        (Some(true), Some("in_use"))
    );
    let due = json(&ok(unilab(
        d,
        "tech",
        &["instrument", "list", "--json", "--due-within", "30"],
    )));
    assert_eq!(
        due.as_array().unwrap().len(),
        1,
        "only SB-002 is due: {due}"
    );

    let order = new_order(d);
    ok(unilab(
        d,
        "clerk",
        &[
            "order",
            "receive",
            &order,
            "--date",
            &day_from_today(0),
            "--state",
            "4 根，无锈蚀",
            "--seal",
            "封样完好，封条 F-0123",
        ],
    ));
    let today = day_from_today(0);
    let with = |id: &str| {
        unilab(
            d,
            "tech",
            &[
                "result",
                "set",
                &order,
                "ReL",
                "445",
                "450",
                "--instrument",
                id,
                "--tested-on",
                &today,
                "--temperature",
                "21.5",
                "--humidity",
                "48",
            ],
        )
    };
    let m = refused(with("SB-002"));
    assert!(m.contains("SB-002") && m.contains(&yesterday), "{m}");
    let none = refused(unilab(
        d,
        "tech",
        &["result", "set", &order, "ReL", "445", "450"],
    ));
    assert!(none.contains("--instrument"), "{none}");
    ok(unilab(
        d,
        "admin",
        &[
            "instrument",
            "calibrate",
            "SB-002",
            "--certificate",
            "JL2026-0456",
            "--date",
            &today,
            "--due",
            &day_from_today(365),
            "--body",
            "福建省计量科学研究院",
        ],
    ));
    ok(with("SB-002"));
    let show = json(&ok(unilab(
        d,
        "tech",
        &["instrument", "show", "SB-002", "--json"],
    )));
    assert_eq!(show["calibrations"][0]["certificate"], "JL2026-0456");
    let o = json(&ok(unilab(d, "tech", &["order", "show", &order, "--json"])));
    let rel = o["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "ReL")
        .unwrap();
    assert_eq!(rel["bench"]["instruments"][0]["id"], "SB-002");
    assert_eq!(rel["bench"]["conditions"]["temperature"], "21.5");
    assert_eq!(o["receipt"]["seal"], "封样完好，封条 F-0123");
    assert_eq!(o["receipt"]["state"], "4 根，无锈蚀");
    assert_eq!(o["test_period"][0], today.as_str());
}

#[test]
fn the_checker_step_then_issue_retention_and_disposal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, true);
    ok(unilab(
        d,
        "admin",
        &["sample", "retention", "--field", "建筑材料", "--days", "1"],
    ));
    let order = new_order(d);
    ok(unilab(d, "clerk", &["order", "receive", &order]));
    set_result(d, &order, "ReL", &["445", "450"]);
    let own = refused(unilab(d, "tech", &["order", "check", &order]));
    assert!(own.contains("校核须另一人"), "{own}");
    approve(d, &order);
    let pdf = d.join("cert.pdf");
    ok(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", pdf.to_str().unwrap()],
    ));
    let s = json(&ok(unilab(
        d,
        "clerk",
        &["sample", "show", &order, "--json"],
    )));
    assert_eq!(s["location"], "retained");
    assert_eq!(s["retention_days"], 1);
    let early = refused(unilab(
        d,
        "clerk",
        &[
            "sample",
            "dispose",
            &order,
            "--method",
            "销毁",
            "--witness",
            "rev",
        ],
    ));
    assert!(early.contains("留样期"), "{early}");
    // Three days on (a training lab's clock may be set), the retention is over.
    let later = (chrono::Utc::now() + chrono::Duration::days(3))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let env = [("UNILAB_NOW", later.as_str())];
    let due = run(d, "clerk", &env, &["sample", "due", "--json"]);
    let due = json(&ok(due));
    assert_eq!(due[0]["order"], order.as_str(), "{due}");
    let now_due = json(&ok(unilab(d, "clerk", &["sample", "due", "--json"])));
    assert_eq!(now_due, serde_json::json!([]), "not due today");
    ok(run(
        d,
        "clerk",
        &env,
        &[
            "sample",
            "dispose",
            &order,
            "--method",
            "销毁",
            "--witness",
            "rev",
        ],
    ));
    let s = json(&ok(unilab(
        d,
        "clerk",
        &["sample", "show", &order, "--json"],
    )));
    assert_eq!(s["location"], "disposed");
    assert_eq!(s["disposal"]["witness"], "rev");
    ok(unilab(d, "clerk", &["audit", "verify"]));
}
