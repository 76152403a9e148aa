//! The script contract of the store's location: `--store URL` / `UNILAB_STORE` and
//! `unilab migrate --to postgres://…`. A redb lab moved into PostgreSQL verifies there, every
//! command goes on working against it, and the move is refused where it would overwrite.
//!
//! Needs PostgreSQL (see tests/pg_common); without it these tests say they skipped.

mod cli_common;
#[path = "pg_common/mod.rs"]
mod pg;

use cli_common::*;
use serde_json::Value;

const CLIENT: &str = "91350100M000100Y43";

fn json(s: &str) -> Value {
    serde_json::from_str(s.trim()).unwrap_or_else(|e| panic!("{e}: {s}"))
}

/// The numbers of `order list --json` (one JSON array).
fn order_numbers(list: &str) -> Vec<String> {
    let rows = json(list);
    let rows = rows.as_array().expect("order list --json is an array");
    rows.iter()
        .map(|r| r["number"].as_str().expect("a number").to_string())
        .collect()
}

#[test]
fn a_lab_moved_with_migrate_works_and_verifies_through_store() {
    let Some(url) = pg::fresh_database("cli migrate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let order = new_rebar_order(d, CLIENT, "热轧带肋钢筋", "ReL");
    ok(unilab(d, "clerk", &["order", "receive", &order]));
    set_result(d, &order, "ReL", &["440", "445"]);
    approve(d, &order);
    let pdf = d.join("r.pdf");
    let report = last_line(&ok(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", pdf.to_str().unwrap()],
    )));

    // Only an admin moves the lab.
    let err = refused(unilab(d, "clerk", &["migrate", "--to", &url]));
    assert!(err.contains("管理员"), "{err}");

    let moved = json(&last_line(&ok(unilab(
        d,
        "admin",
        &["migrate", "--to", &url, "--json"],
    ))));
    assert_eq!(moved["ok"], true);
    assert!(moved["rows"].as_u64().unwrap() > 20, "{moved}");
    assert!(
        !moved["to"].as_str().unwrap().contains("adminpass"),
        "never the password: {moved}"
    );

    // The copy, through --store: the chain verifies, the orders and the report are there, and
    // the issued file re-renders to the bytes that were issued.
    let on_pg = |user: &str, args: &[&str]| {
        let mut a = vec!["--store", url.as_str()];
        a.extend_from_slice(args);
        unilab(d, user, &a)
    };
    let verify = json(&ok(on_pg("admin", &["audit", "verify", "--json"])));
    assert_eq!(verify["ok"], true, "{verify}");
    let redb_orders = order_numbers(&ok(unilab(d, "clerk", &["order", "list", "--json"])));
    let pg_orders = order_numbers(&ok(on_pg("clerk", &["order", "list", "--json"])));
    assert_eq!(pg_orders, vec![order.clone()]);
    assert_eq!(pg_orders, redb_orders);
    let shown = d.join("shown.pdf");
    ok(on_pg(
        "clerk",
        &["cert", "show", &report, "--out", shown.to_str().unwrap()],
    ));
    assert_eq!(std::fs::read(&shown).unwrap(), std::fs::read(&pdf).unwrap());

    // UNILAB_STORE says the same as --store; the next order number follows the copied ones,
    // and the redb file (no longer the lab's store) does not see it.
    let next = last_line(&ok(run(
        d,
        "clerk",
        &[("UNILAB_STORE", &url)],
        &rebar_order_args(CLIENT, "热轧带肋钢筋", "ReL"),
    )));
    let tail = |n: &str| n.rsplit('-').next().unwrap().parse::<u64>().unwrap();
    assert_eq!(tail(&next), tail(&order) + 1, "{order} then {next}");
    assert!(!order_numbers(&ok(unilab(d, "clerk", &["order", "list", "--json"]))).contains(&next));

    // A second move into a database that holds a lab is refused and changes nothing there.
    let err = refused(unilab(d, "admin", &["migrate", "--to", &url]));
    assert!(err.contains("已有实验室的记录"), "{err}");
    let err = refused(unilab(
        d,
        "admin",
        &["migrate", "--to", "/tmp/not-a-database"],
    ));
    assert!(err.contains("postgres://"), "{err}");
    let after = json(&ok(on_pg("admin", &["audit", "verify", "--json"])));
    assert_eq!(after["ok"], true, "{after}");
}

#[test]
fn init_sets_up_a_lab_in_postgres_once() {
    let Some(url) = pg::fresh_database("cli init --store") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let init = |d: &std::path::Path| {
        unilab(
            d,
            "admin",
            &[
                "--store",
                &url,
                "init",
                "--lab-name",
                "网络实验室",
                "--admin",
                "admin",
            ],
        )
    };
    let said = ok(init(d));
    assert!(said.contains("postgres://"), "{said}");
    assert!(!d.join("unilab.redb").exists(), "no redb file is made");
    let err = refused(init(d));
    assert!(err.contains("已有实验室的记录"), "{err}");
    ok(unilab(
        d,
        "admin",
        &["--store", &url, "user", "add", "clerk", "--role", "clerk"],
    ));
    let users = ok(unilab(d, "admin", &["--store", &url, "user", "list"]));
    assert!(users.contains("clerk"), "{users}");
    // An unreachable server is a clear refusal, naming it without a password.
    let err = refused(unilab(
        d,
        "admin",
        &[
            "--store",
            "postgres://lab:pw@127.0.0.1:1/none",
            "user",
            "list",
        ],
    ));
    assert!(
        err.contains("无法连接 PostgreSQL") && err.contains("lab:***@"),
        "{err}"
    );
}
