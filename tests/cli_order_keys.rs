//! `order new` and `result set` with the keys issue 11 added, as a script uses them.

use std::path::Path;

mod cli_common;
use cli_common::*;

fn setup(d: &Path) {
    ok(unilab(
        d,
        "admin",
        &["init", "--lab-name", "测试检验所", "--admin", "admin"],
    ));
    for (u, r) in [("clerk", "clerk"), ("tech", "technician")] {
        ok(unilab(d, "admin", &["user", "add", u, "--role", r]));
    }
    ok(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "add",
            "--name",
            "福建农资有限公司",
            "--credit-code",
            "91350100M000100Y43",
        ],
    ));
    for method in ["GB/T 8572-2010", "GB/T 23349-2020"] {
        ok(unilab(
            d,
            "admin",
            &[
                "user",
                "authorise",
                "tech",
                "--method",
                method,
                "--reason",
                "培训考核合格",
            ],
        ));
    }
}

fn item<'a>(order: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    order["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()
}

#[test]
fn order_new_with_bases_declared_values_and_a_guard_band() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let order = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "order",
            "new",
            "--standard",
            "GB/T 15063-2020",
            "--grade",
            "高浓度",
            "--type",
            "commissioned",
            "--client",
            "91350100M000100Y43",
            "--sample",
            "复合肥料",
            "--items",
            "N,P2O5,K2O",
            "--basis",
            "GB 38400-2019||Cd,Tl",
            "--declared",
            "N=15",
            "--declared",
            "P2O5=15",
            "--declared",
            "K2O=15",
            "--rule",
            "guard-band",
        ],
    )));
    ok(unilab(d, "clerk", &["order", "receive", &order]));
    let out = ok(unilab(
        d,
        "tech",
        &["result", "set", &order, "N", "13.4", "--uncertainty", "0.2"],
    ));
    assert!(out.contains("有条件不符合"), "{out}");
    ok(unilab(
        d,
        "tech",
        &["result", "set", &order, "Cd", "9.5", "--uncertainty", "10%"],
    ));
    let v: serde_json::Value = serde_json::from_str(&ok(unilab(
        d,
        "clerk",
        &["order", "show", &order, "--json"],
    )))
    .unwrap();
    assert_eq!(v["rule"], "guard_band");
    assert_eq!(
        v["bases"],
        serde_json::json!(["GB/T 15063-2020", "GB 38400-2019"])
    );
    let n = item(&v, "N");
    assert_eq!(
        (
            n["declared"].as_str(),
            n["verdict"].as_str(),
            n["uncertainty"].as_str()
        ),
        (Some("15"), Some("conditional_fail"), Some("0.2"))
    );
    let cd = item(&v, "Cd");
    assert_eq!(
        (cd["basis"].as_str(), cd["verdict"].as_str()),
        (Some("GB 38400-2019"), Some("conditional_pass"))
    );
    let text = ok(unilab(d, "clerk", &["order", "show", &order]));
    assert!(
        text.contains("依据：GB 38400-2019") && text.contains("判定规则：保护带"),
        "{text}"
    );
    // A declared value for an item judged without one is refused.
    let o = unilab(
        d,
        "clerk",
        &[
            "order",
            "new",
            "--standard",
            "GB/T 15063-2020",
            "--grade",
            "高浓度",
            "--type",
            "commissioned",
            "--client",
            "91350100M000100Y43",
            "--sample",
            "复合肥料",
            "--declared",
            "NPK=45",
        ],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("不按标明值判定"));
}

#[test]
fn order_new_with_a_nominal_diameter() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let order = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "order",
            "new",
            "--standard",
            "GB 1499.2-2024",
            "--grade",
            "HRB400",
            "--type",
            "commissioned",
            "--client",
            "91350100M000100Y43",
            "--sample",
            "热轧带肋钢筋",
            "--items",
            "A,W",
            "--dimension",
            "d=32",
        ],
    )));
    let v: serde_json::Value = serde_json::from_str(&ok(unilab(
        d,
        "clerk",
        &["order", "show", &order, "--json"],
    )))
    .unwrap();
    assert_eq!(v["rule"], "simple");
    assert_eq!(v["dimensions"]["d"], "32");
    assert_eq!(item(&v, "A")["requirement"], "≥15");
    assert_eq!(item(&v, "W")["requirement"], "±3.5");
}
