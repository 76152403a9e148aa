//! Sites through the command line: `lab site add|list|numbers`, `user add --site`,
//! `user set-site`, `order new --site`, `order list --site`, `stats --by site`.

mod cli_common;
use cli_common::*;
use serde_json::Value;

const CLIENT: &str = "91350100M000100Y43";

fn new_order(d: &std::path::Path, user: &str, site: Option<&str>) -> std::process::Output {
    let mut args = rebar_order_args(CLIENT, "热轧带肋钢筋", "ReL");
    if let Some(s) = site {
        args.extend(["--site", s]);
    }
    unilab(d, user, &args)
}

#[test]
fn sites_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let e = refused(unilab(
        d,
        "clerk",
        &["lab", "site", "add", "FZ", "--name", "福州分所"],
    ));
    assert!(e.contains("管理员"), "{e}");
    let e = refused(unilab(
        d,
        "admin",
        &["lab", "site", "add", "fz", "--name", "福州分所"],
    ));
    assert!(e.contains("大写"), "{e}");
    ok(unilab(
        d,
        "admin",
        &["lab", "site", "add", "FZ", "--name", "福州分所"],
    ));
    ok(unilab(d, "admin", &["lab", "site", "numbers", "on"]));
    let sites: Value =
        serde_json::from_str(&ok(unilab(d, "admin", &["lab", "site", "list", "--json"]))).unwrap();
    assert_eq!(sites["sites"][0]["code"], "FZ");
    assert_eq!(sites["site_numbers"], true);
    let e = refused(unilab(d, "admin", &["lab", "site", "numbers", "maybe"]));
    assert!(e.contains("on 或 off"), "{e}");

    ok(unilab(
        d,
        "admin",
        &["user", "add", "fzclerk", "--role", "clerk", "--site", "FZ"],
    ));
    let users = ok(unilab(d, "admin", &["user", "list"]));
    let line = users.lines().find(|l| l.starts_with("fzclerk\t")).unwrap();
    assert!(line.ends_with("\tFZ"), "{line}");

    let fz = last_line(&ok(new_order(d, "fzclerk", None)));
    let e = refused(new_order(d, "fzclerk", Some("XM")));
    assert!(e.contains("FZ"), "{e}");
    let home = last_line(&ok(new_order(d, "clerk", None)));
    let listed = |site: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(&ok(unilab(
            d,
            "clerk",
            &["order", "list", "--json", "--site", site],
        )))
        .unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(listed("FZ"), vec![fz.clone()]);
    assert_eq!(listed("-"), vec![home.clone()]);

    // The FZ clerk may not receive the lab's own sample; once back at the lab's desk they may.
    let e = refused(unilab(d, "fzclerk", &["order", "receive", &home]));
    assert!(e.contains(&home), "{e}");
    ok(unilab(
        d,
        "admin",
        &[
            "user",
            "set-site",
            "fzclerk",
            "--all",
            "--reason",
            "调回本部",
        ],
    ));
    ok(unilab(d, "fzclerk", &["order", "receive", &home]));

    let stats: Value = serde_json::from_str(&ok(unilab(
        d,
        "clerk",
        &["stats", "--by", "site", "--json"],
    )))
    .unwrap();
    let text = stats.to_string();
    assert!(
        text.contains("福州分所") && text.contains("实验室本部"),
        "{text}"
    );
}
