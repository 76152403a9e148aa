//! Running the `unilab` binary in a temporary lab, for the command-line tests: one runner,
//! and the set-up every lab needs before results can be entered (an instrument in
//! calibration, a technician authorised for the methods, a checker).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Run `unilab` as `user` (password `adminpass` for admin, `secret1` for everyone else) with
/// extra environment variables; `UNILAB_NOW` is removed unless given.
pub fn run(dir: &Path, user: &str, env: &[(&str, &str)], args: &[&str]) -> Output {
    let password = if user == "admin" {
        "adminpass"
    } else {
        "secret1"
    };
    let mut c = Command::new(env!("CARGO_BIN_EXE_unilab"));
    c.env("UNILAB_DATA_DIR", dir)
        .env("UNILAB_USER", user)
        .env("UNILAB_PASSWORD", password)
        .env("UNILAB_NEW_PASSWORD", "secret1")
        .env_remove("UNILAB_NOW");
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(args).output().unwrap()
}

pub fn unilab(dir: &Path, user: &str, args: &[&str]) -> Output {
    run(dir, user, &[], args)
}

pub fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

pub fn refused(o: Output) -> String {
    assert!(
        !o.status.success(),
        "should fail: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(!err.contains("panicked"), "{err}");
    err
}

pub fn last_line(s: &str) -> String {
    s.lines().last().unwrap_or_default().to_string()
}

/// A lab (optionally a training lab) with its key, users and one enterprise.
pub fn lab(d: &Path, training: bool) {
    let mut args = vec!["init", "--lab-name", "测试检验所", "--admin", "admin"];
    if training {
        args.push("--training");
    }
    ok(unilab(d, "admin", &args));
    ok(unilab(d, "admin", &["keys", "init"]));
    for (u, r) in [
        ("clerk", "clerk"),
        ("tech", "technician"),
        ("rev", "reviewer"),
        ("sig", "signatory"),
    ] {
        ok(unilab(
            d,
            "admin",
            &["user", "add", u, "--role", r, "--field", "建筑材料"],
        ));
    }
    ok(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "add",
            "--name",
            "福州钢铁有限公司",
            "--credit-code",
            "91350100M000100Y43",
        ],
    ));
    equip(d, &["GB/T 28900-2022"]);
}

/// Today plus `days`, as the command line writes dates.
pub fn day_from_today(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The bench set-up through the script contract: the universal testing machine SB-001 due
/// in a year, a checker `chk`, and `tech` authorised for the given methods.
pub fn equip(d: &Path, methods: &[&str]) {
    ok(unilab(
        d,
        "admin",
        &[
            "instrument",
            "add",
            "--id",
            "SB-001",
            "--name",
            "微机控制电液伺服万能试验机",
            "--kind",
            "万能材料试验机",
            "--model",
            "WAW-1000B",
            "--serial",
            "2019-0317",
            "--due",
            &day_from_today(365),
        ],
    ));
    ok(unilab(
        d,
        "admin",
        &["user", "add", "chk", "--role", "technician"],
    ));
    for m in methods {
        ok(unilab(
            d,
            "admin",
            &[
                "user",
                "authorise",
                "tech",
                "--method",
                m,
                "--reason",
                "培训考核合格",
            ],
        ));
    }
}

/// `result set` flags for a test on SB-001 at 20 ℃, 50 %RH.
pub const BENCH: [&str; 6] = [
    "--instrument",
    "SB-001",
    "--temperature",
    "20",
    "--humidity",
    "50",
];

/// Enter an item's values at the bench of [`BENCH`].
pub fn set_result(d: &Path, order: &str, item: &str, values: &[&str]) -> String {
    let mut args = vec!["result", "set", order, item];
    args.extend_from_slice(values);
    args.extend_from_slice(&BENCH);
    ok(unilab(d, "tech", &args))
}

/// The checker's step by `chk`, then submission by `tech`.
pub fn check_and_submit(d: &Path, order: &str) {
    ok(unilab(d, "chk", &["order", "check", order]));
    ok(unilab(d, "tech", &["order", "submit", order]));
}

/// Checked, submitted, reviewed by `rev` and approved by `sig`.
pub fn approve(d: &Path, order: &str) {
    check_and_submit(d, order);
    ok(unilab(d, "rev", &["order", "review", order, "--accept"]));
    ok(unilab(d, "sig", &["order", "approve", order]));
}

/// The clerk registers a commissioned test of HRB400 d6-12 rebar (GB 1499.2-2024) for
/// `client` with `items` (comma-separated); returns the order number.
pub fn new_rebar_order(d: &Path, client: &str, sample: &str, items: &str) -> String {
    last_line(&ok(unilab(
        d,
        "clerk",
        &rebar_order_args(client, sample, items),
    )))
}

/// The arguments of `order new` for that rebar test (to add to, or run as someone else).
pub fn rebar_order_args<'a>(client: &'a str, sample: &'a str, items: &'a str) -> Vec<&'a str> {
    vec![
        "order",
        "new",
        "--standard",
        "GB 1499.2-2024",
        "--grade",
        "HRB400",
        "--spec",
        "d6-12",
        "--type",
        "commissioned",
        "--client",
        client,
        "--sample",
        sample,
        "--items",
        items,
    ]
}
