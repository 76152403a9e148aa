//! The records as an attacker and an auditor try them: changes behind the store's back, a
//! rewritten history, backdating, guessing passwords, control characters, file modes, closed
//! pipes. Every attack must be refused or reported — none silently accepted.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod cli_common;
use cli_common::*;

const CLIENT: &str = "91350100M000100Y43";

/// An order with ReL = 450 (passes ≥ 400), received and tested.
fn tested_order(d: &Path) -> String {
    let order = new_rebar_order(d, CLIENT, "热轧带肋钢筋", "ReL");
    ok(unilab(d, "clerk", &["order", "receive", &order]));
    set_result(d, &order, "ReL", &["450", "455"]);
    order
}

fn issued_order(d: &Path) -> (String, String) {
    let order = tested_order(d);
    approve(d, &order);
    let pdf = d.join("cert.pdf");
    let report = last_line(&ok(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", pdf.to_str().unwrap()],
    )));
    (order, report)
}

fn verify_json(d: &Path) -> (bool, serde_json::Value) {
    let o = unilab(d, "clerk", &["audit", "verify", "--json"]);
    let v: serde_json::Value =
        serde_json::from_str(&last_line(&String::from_utf8_lossy(&o.stdout)))
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    assert_eq!(o.status.success(), v["ok"] == true, "{v}");
    (o.status.success(), v)
}

#[test]
fn a_changed_result_in_an_issued_order_is_named_by_audit_verify() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let (order, report) = issued_order(d);
    let (good, v) = verify_json(d);
    assert!(good, "{v}");
    assert!(v["check"]["checkpoint"].is_u64(), "head is signed: {v}");

    // The attack from the issue: ReL 450 → 350 inside the stored order.
    unilab::store::tamper_with_record(&d.join("unilab.redb"), "orders", &order, |bytes| {
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("\"450\""));
        *bytes = text.replacen("\"450\"", "\"350\"", 1).into_bytes();
    })
    .unwrap();
    let (good, v) = verify_json(d);
    assert!(!good);
    let problems = v["check"]["problems"].as_array().unwrap();
    let p = problems
        .iter()
        .find(|p| p["subject"] == format!("委托单 {order}"))
        .unwrap_or_else(|| panic!("the order is named: {v}"));
    assert_eq!(p["fields"], serde_json::json!(["results"]), "{v}");
    // The plain command names it too, and fails.
    let err = refused(unilab(d, "clerk", &["audit", "verify"]));
    assert!(
        err.contains(&format!("委托单 {order}")) && err.contains("字段 results"),
        "{err}"
    );
    // The issued report itself is untouched and still names its checkpoint.
    let show = ok(unilab(d, "clerk", &["export", "--json"]));
    let doc: serde_json::Value = serde_json::from_str(&show).unwrap();
    let r = doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == report)
        .unwrap();
    assert!(r["issued_under"]["seq"].is_u64(), "{r}");
}

#[test]
fn a_record_added_or_removed_behind_the_store_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let order = tested_order(d);
    // A user record changed: roles widened by someone editing the file.
    unilab::store::tamper_with_record(&d.join("unilab.redb"), "users", "tech", |bytes| {
        let text = String::from_utf8(bytes.clone()).unwrap();
        *bytes = text
            .replacen("[\"technician\"]", "[\"technician\",\"signatory\"]", 1)
            .into_bytes();
    })
    .unwrap();
    let err = refused(unilab(d, "clerk", &["audit", "verify"]));
    assert!(
        err.contains("用户 tech") && err.contains("字段 roles"),
        "{err}"
    );
    let _ = order;
}

#[test]
fn rewriting_history_without_the_lab_key_is_caught_by_the_signed_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let order = tested_order(d);
    let log = ok(unilab(d, "clerk", &["audit", "log", &order, "--json"]));
    let seq = serde_json::from_str::<serde_json::Value>(log.lines().next().unwrap()).unwrap()
        ["seq"]
        .as_u64()
        .unwrap();
    // Every hash recomputed: the chain alone is self-consistent again.
    unilab::store::rewrite_history(&d.join("unilab.redb"), seq, "后来补的").unwrap();
    let err = refused(unilab(d, "clerk", &["audit", "verify"]));
    assert!(err.contains("审计检查点"), "{err}");
    assert!(err.contains("历史被改写"), "{err}");
}

#[test]
fn verify_and_export_read_one_snapshot_while_others_write() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let order = tested_order(d);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (d, stop, order) = (d.to_path_buf(), stop.clone(), order.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let v = format!("{}", 460 + w * 10 + n % 7);
                    set_result(&d, &order, "ReL", &[&v, "--reason", "复测"]);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut checked = 0;
    for _ in 0..25 {
        let (good, v) = verify_json(d);
        assert!(good, "false alarm while others write: {v}");
        let export = ok(unilab(d, "clerk", &["export", "--json"]));
        let doc: serde_json::Value = serde_json::from_str(&export).unwrap();
        // One snapshot: the last audit entry is the one the chain's checkpoint names or later,
        // and the order's revision matches its audit entries.
        let entries = doc["audit"].as_array().unwrap().len() as u64;
        let cp = doc["checkpoint"]["seq"].as_u64().unwrap();
        assert_eq!(cp, entries, "checkpoint and entries from one snapshot");
        checked += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes: u32 = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert!(writes > 0 && checked == 25);
    ok(unilab(d, "clerk", &["audit", "verify"]));
}

#[test]
fn the_clock_cannot_be_set_back_outside_a_training_lab() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let before = ok(unilab(d, "clerk", &["audit", "log", "--json"]))
        .lines()
        .count();
    let err = refused(run(
        d,
        "clerk",
        &[("UNILAB_NOW", "2019-03-01T08:00:00Z")],
        &[
            "enterprise",
            "add",
            "--name",
            "北京建材集团有限公司",
            "--credit-code",
            "91110000802100433B",
        ],
    ));
    assert!(err.contains("不是培训实验室"), "{err}");
    let after = ok(unilab(d, "clerk", &["audit", "log", "--json"]))
        .lines()
        .count();
    assert_eq!(before, after, "nothing was written");
    // Reading still works with the variable set.
    ok(run(
        d,
        "clerk",
        &[("UNILAB_NOW", "2019-03-01T08:00:00Z")],
        &["order", "list"],
    ));
}

#[test]
fn a_training_lab_honours_the_clock_only_forward_and_marks_its_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let at = [("UNILAB_NOW", "2026-03-02T09:00:00Z")];
    let mut args = vec![
        "init",
        "--lab-name",
        "培训所",
        "--admin",
        "admin",
        "--training",
    ];
    ok(run(d, "admin", &at, &args));
    args.clear();
    ok(run(d, "admin", &at, &["keys", "init"]));
    ok(run(
        d,
        "admin",
        &at,
        &["user", "add", "clerk", "--role", "clerk"],
    ));
    // Earlier than the last entry: refused, even in a training lab.
    let err = refused(run(
        d,
        "clerk",
        &[("UNILAB_NOW", "2026-03-01T09:00:00Z")],
        &[
            "enterprise",
            "add",
            "--name",
            "福州钢铁有限公司",
            "--credit-code",
            CLIENT,
        ],
    ));
    assert!(err.contains("早于上一条审计记录"), "{err}");
    ok(run(
        d,
        "clerk",
        &at,
        &[
            "enterprise",
            "add",
            "--name",
            "福州钢铁有限公司",
            "--credit-code",
            CLIENT,
        ],
    ));
    let log = ok(unilab(d, "clerk", &["audit", "log", "--json"]));
    let last: serde_json::Value = serde_json::from_str(&last_line(&log)).unwrap();
    assert_eq!(last["at"], "2026-03-02T09:00:00Z");
}

#[test]
fn training_certificates_say_so_on_the_qr_code_and_in_verify() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, true);
    let (_, report) = issued_order(d);
    let pdf = d.join("cert.pdf");
    let v: serde_json::Value = serde_json::from_str(&last_line(&ok(unilab(
        d,
        "clerk",
        &["verify", pdf.to_str().unwrap(), "--json"],
    ))))
    .unwrap();
    let text = v.to_string();
    assert!(text.contains("培训样本"), "{text}");
    let doc: serde_json::Value =
        serde_json::from_str(&ok(unilab(d, "clerk", &["export", "--json"]))).unwrap();
    let r = &doc["reports"][0];
    assert_eq!(r["number"], report.as_str());
    assert!(
        r["qr_payload"].as_str().unwrap().contains("培训样本"),
        "{r}"
    );
    assert_eq!(r["content"]["training"], true);
}

#[test]
fn repeated_wrong_passwords_lock_the_login_and_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    // A command that logs in (reading commands do not).
    let guess = |pw: &str| {
        run(
            d,
            "tech",
            &[("UNILAB_PASSWORD", pw)],
            &["order", "receive", "WT2026-999999"],
        )
    };
    let logged_in = |o: Output| {
        let err = refused(o);
        assert!(err.contains("没有委托单"), "{err}");
    };
    for i in 0..5 {
        let err = refused(guess(&format!("guess{i}")));
        assert!(err.contains("用户名或口令错误"), "{err}");
    }
    // The right password no longer works while locked, and the answer is the same for a
    // wrong one.
    let right = refused(guess("secret1"));
    let wrong = refused(guess("guess9"));
    assert!(right.contains("已锁定"), "{right}");
    assert_eq!(right, wrong);
    let log = ok(unilab(d, "admin", &["audit", "log", "tech", "--json"]));
    let ops: Vec<String> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["operation"].to_string())
        .collect();
    assert_eq!(
        ops.iter().filter(|o| o.contains("login.failed")).count(),
        4,
        "{ops:?}"
    );
    assert!(ops.iter().any(|o| o.contains("login.locked")), "{ops:?}");
    assert!(ops.iter().any(|o| o.contains("login.refused")), "{ops:?}");
    // A name no user can have is refused and recorded without its control characters.
    let err = refused(run(
        d,
        "a\u{1b}[2J",
        &[],
        &["order", "receive", "WT2026-999999"],
    ));
    assert!(
        err.contains("用户名或口令错误") && !err.contains('\u{1b}'),
        "{err:?}"
    );
    let log = ok(unilab(
        d,
        "admin",
        &["audit", "log", "(invalid-login)", "--json"],
    ));
    assert_eq!(log.lines().count(), 1, "{log}");
    // Visible to the admin, who unlocks with a reason.
    let users = ok(unilab(d, "admin", &["user", "list"]));
    assert!(users.contains("locked until"), "{users}");
    let tech = users.lines().find(|l| l.starts_with("tech\t")).unwrap();
    assert!(
        tech.split('\t').nth(4).unwrap().starts_with("locked until"),
        "{users}"
    );
    assert!(!users.contains('\u{fffd}'), "{users}");
    refused(unilab(
        d,
        "admin",
        &["user", "unlock", "tech", "--reason", " "],
    ));
    ok(unilab(
        d,
        "admin",
        &["user", "unlock", "tech", "--reason", "本人电话确认"],
    ));
    logged_in(guess("secret1"));
    ok(unilab(d, "admin", &["audit", "verify"]));
}

#[test]
fn a_disabled_user_hears_the_same_whatever_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    ok(unilab(
        d,
        "admin",
        &["user", "disable", "tech", "--reason", "离职"],
    ));
    let right = refused(unilab(d, "tech", &["order", "receive", "WT2026-999999"]));
    let wrong = refused(run(
        d,
        "tech",
        &[("UNILAB_PASSWORD", "nope123")],
        &["order", "receive", "WT2026-999999"],
    ));
    assert!(right.contains("已停用"), "{right}");
    assert_eq!(right, wrong);
}

#[test]
fn control_characters_and_blank_names_are_refused_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    let err = refused(unilab(
        d,
        "clerk",
        &[
            "enterprise",
            "add",
            "--name",
            "三钢\u{1b}[2J",
            "--credit-code",
            "91110000802100433B",
        ],
    ));
    assert!(
        err.contains("控制字符") && !err.contains('\u{1b}'),
        "{err:?}"
    );
    // Import goes through the same check as `enterprise add`.
    let file = d.join("in.jsonl");
    let mut f = std::fs::File::create(&file).unwrap();
    for (name, code) in [
        ("", "91110000802100433B"),
        ("北京\u{0}建材", "91110000802100433B"),
    ] {
        writeln!(
            f,
            "{}",
            serde_json::json!({"kind": "enterprise", "credit_code": code, "name": name,
                "address": "", "contact": "", "credit_class": "B", "blacklist": null, "revision": 0})
        )
        .unwrap();
        f.flush().unwrap();
        let err = refused(unilab(d, "clerk", &["import", file.to_str().unwrap()]));
        assert!(
            err.contains("第 1 条") && (err.contains("不能为空") || err.contains("控制字符")),
            "{err}"
        );
        f = std::fs::File::create(&file).unwrap();
    }
    let list = ok(unilab(d, "clerk", &["enterprise", "list"]));
    assert_eq!(list.lines().count(), 1, "{list}");
    // A reason is text too.
    let order = tested_order(d);
    let mut args = vec![
        "result",
        "set",
        &order,
        "ReL",
        "451",
        "--reason",
        "复测\n补录",
    ];
    args.extend_from_slice(&BENCH);
    let err = refused(unilab(d, "tech", &args));
    assert!(err.contains("控制字符"), "{err}");
}

#[cfg(unix)]
#[test]
fn the_lab_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("lab");
    // A shell with umask 000 starting the program.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 000 && UNILAB_PASSWORD=adminpass '{}' --data-dir '{}' init --lab-name 所 --admin admin && UNILAB_USER=admin UNILAB_PASSWORD=adminpass '{}' --data-dir '{}' backup '{}'",
            env!("CARGO_BIN_EXE_unilab"),
            d.display(),
            env!("CARGO_BIN_EXE_unilab"),
            d.display(),
            dir.path().join("copy.redb").display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&d), 0o700);
    assert_eq!(mode(&d.join("unilab.redb")), 0o600);
    assert_eq!(mode(&dir.path().join("copy.redb")), 0o600);
    // A database left world-readable by an older release is made private when opened.
    std::fs::set_permissions(
        d.join("unilab.redb"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    ok(unilab(&d, "admin", &["user", "list"]));
    assert_eq!(mode(&d.join("unilab.redb")), 0o600);
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    for args in [["audit", "log"], ["user", "list"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_unilab"))
            .env("UNILAB_DATA_DIR", d)
            .env("UNILAB_USER", "admin")
            .env("UNILAB_PASSWORD", "adminpass")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before reading anything (`| head -0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked") && err.is_empty(), "{err}");
        assert_eq!(out.status.code(), Some(141), "{args:?}");
    }
}

/// Run with a deadline: a corrupted file must never make the program hang.
fn run_bounded(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unilab"))
        .env("UNILAB_DATA_DIR", dir)
        .env("UNILAB_USER", "clerk")
        .env("UNILAB_PASSWORD", "secret1")
        .env_remove("UNILAB_NOW")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{args:?} hung on a corrupted file in {}", dir.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn every_flipped_byte_is_refused_reported_or_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    lab(d, false);
    issued_order(d);
    let db = std::fs::read(d.join("unilab.redb")).unwrap();
    let baseline = ok(unilab(d, "clerk", &["export", "--json"]));
    let keys = d.join("keys");
    let (mut refused_or_reported, mut harmless) = (0, 0);
    // Positions spread over the whole file, plus the header.
    let step = (db.len() / 240).max(1);
    let positions: Vec<usize> = (0..64).chain((64..db.len()).step_by(step)).collect();
    for pos in positions {
        let case = tempfile::tempdir().unwrap();
        let c = case.path();
        let mut bytes = db.clone();
        bytes[pos] ^= 0x5a;
        std::fs::write(c.join("unilab.redb"), &bytes).unwrap();
        std::fs::create_dir(c.join("keys")).unwrap();
        for f in ["lab-key.pem", "lab-cert.pem"] {
            std::fs::copy(keys.join(f), c.join("keys").join(f)).unwrap();
        }
        let verify = run_bounded(c, &["audit", "verify"]);
        let err = String::from_utf8_lossy(&verify.stderr);
        assert!(!err.contains("panicked"), "byte {pos}: {err}");
        if !verify.status.success() {
            refused_or_reported += 1;
            continue;
        }
        // Verification passed: then nothing a reader can see may have changed.
        let export = run_bounded(c, &["export", "--json"]);
        assert!(
            export.status.success() && String::from_utf8_lossy(&export.stdout) == baseline,
            "byte {pos} changed the records while audit verify passed: {}",
            String::from_utf8_lossy(&export.stderr)
        );
        harmless += 1;
    }
    assert!(refused_or_reported > 0 && refused_or_reported + harmless > 200);
}
