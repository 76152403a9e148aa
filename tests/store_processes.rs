//! Several processes on one database file; a process killed mid-import; backups while working.
//! These drive the real binary, as labs' scripts and terminals do.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{bin, CLIENT};

fn unilab(dir: &Path, user: &str, password: &str, args: &[&str]) -> Output {
    Command::new(bin())
        .env("UNILAB_DATA_DIR", dir)
        .env("UNILAB_USER", user)
        .env("UNILAB_PASSWORD", password)
        .env("UNILAB_NEW_PASSWORD", "secret1")
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(unilab(
        d,
        "admin",
        "adminpass",
        &["init", "--lab-name", "测试所", "--admin", "admin"],
    ));
    ok(unilab(
        d,
        "admin",
        "adminpass",
        &["user", "add", "clerk", "--role", "clerk"],
    ));
    ok(unilab(
        d,
        "clerk",
        "secret1",
        &[
            "enterprise",
            "add",
            "--name",
            "福州钢铁有限公司",
            "--credit-code",
            CLIENT,
        ],
    ));
    dir
}

fn import_file(dir: &Path, name: &str, count: usize) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).unwrap();
    for i in 0..count {
        let line = serde_json::json!({
            "kind": "order",
            "inspection_type": "commissioned",
            "client": CLIENT,
            "producer": null,
            "sample": {"name": format!("{name}-{i:05}"), "trademark": "", "model_spec": "", "batch": "",
                       "quantity": "", "condition": "", "sample_number": ""},
            "standard": "GB/T 15063-2020",
            "grade": "高浓度",
            "spec": "未标含氯",
            "items": ["N", "P2O5", "K2O"],
            "due": null, "deviations": "", "remarks": "", "allow_withdrawn": false
        });
        writeln!(f, "{line}").unwrap();
    }
    path
}

fn orders(dir: &Path) -> Vec<serde_json::Value> {
    let out = ok(unilab(
        dir,
        "clerk",
        "secret1",
        &["order", "list", "--json"],
    ));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn concurrent_writers_lose_nothing_and_numbers_stay_gapless() {
    let dir = setup();
    let d = dir.path();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let file = import_file(d, &format!("w{w}"), 25);
            Command::new(bin())
                .env("UNILAB_DATA_DIR", d)
                .env("UNILAB_USER", "clerk")
                .env("UNILAB_PASSWORD", "secret1")
                .args(["import", file.to_str().unwrap(), "--batch", "1"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for w in writers {
        ok(w.wait_with_output().unwrap());
    }
    let list = orders(d);
    assert_eq!(list.len(), 100);
    let mut numbers: Vec<String> = list
        .iter()
        .map(|o| o["number"].as_str().unwrap().to_string())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=100).map(|i| format!("WT2026-{i:06}")).collect();
    // Registration year follows the clock; compare the sequence part.
    let seqs: Vec<&str> = numbers.iter().map(|n| &n[7..]).collect();
    let want: Vec<&str> = expected.iter().map(|n| &n[7..]).collect();
    assert_eq!(seqs, want);
    let mut samples: Vec<&str> = list.iter().map(|o| o["sample"].as_str().unwrap()).collect();
    samples.sort();
    samples.dedup();
    assert_eq!(samples.len(), 100, "every record once");
    ok(unilab(d, "clerk", "secret1", &["audit", "verify"]));
}

#[test]
fn a_killed_import_keeps_whole_batches_and_a_valid_chain() {
    let dir = setup();
    let d = dir.path();
    let file = import_file(d, "bulk", 20_000);
    let mut child = Command::new(bin())
        .env("UNILAB_DATA_DIR", d)
        .env("UNILAB_USER", "clerk")
        .env("UNILAB_PASSWORD", "secret1")
        .args(["import", file.to_str().unwrap(), "--batch", "250"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until at least one batch has landed, then kill without warning.
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let n = orders(d).len();
        if n > 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "import never committed a batch"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let list = orders(d);
    let n = list.len();
    assert!(n > 0 && n < 20_000, "killed mid-import ({n})");
    assert_eq!(n % 250, 0, "only whole batches survive: {n}");
    let mut samples: Vec<String> = list
        .iter()
        .map(|o| o["sample"].as_str().unwrap().to_string())
        .collect();
    samples.sort();
    let expected: Vec<String> = (0..n).map(|i| format!("bulk-{i:05}")).collect();
    assert_eq!(
        samples, expected,
        "the committed records are the first {n}, intact"
    );
    let verify = ok(unilab(d, "clerk", "secret1", &["audit", "verify"]));
    assert!(verify.contains("审计链完好"));
}

#[test]
fn backup_while_another_process_writes_is_consistent() {
    let dir = setup();
    let d = dir.path();
    let file = import_file(d, "busy", 3000);
    let mut writer = Command::new(bin())
        .env("UNILAB_DATA_DIR", d)
        .env("UNILAB_USER", "clerk")
        .env("UNILAB_PASSWORD", "secret1")
        .args(["import", file.to_str().unwrap(), "--batch", "20"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let backup_dir = d.join("backup");
    std::fs::create_dir(&backup_dir).unwrap();
    let dest = backup_dir.join("unilab.redb");
    ok(unilab(
        d,
        "clerk",
        "secret1",
        &["backup", dest.to_str().unwrap()],
    ));
    writer.wait().unwrap();
    let verify = ok(unilab(
        &backup_dir,
        "clerk",
        "secret1",
        &["audit", "verify"],
    ));
    assert!(verify.contains("审计链完好"), "{verify}");
    let n = orders(&backup_dir).len();
    assert_eq!(n % 20, 0, "the backup holds whole transactions: {n}");
    // The order table and its index agree in the copy.
    let export = ok(unilab(
        &backup_dir,
        "clerk",
        "secret1",
        &["export", "--json"],
    ));
    let doc: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(doc["orders"].as_array().unwrap().len(), n);
    assert_eq!(doc["lab"]["name"], "测试所");
    assert!(
        doc["users"][0].get("password_hash").is_none(),
        "no hashes in exports"
    );
    // Backups never overwrite.
    let again = unilab(d, "clerk", "secret1", &["backup", dest.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));
}

#[test]
fn refusals_go_to_stderr_with_a_non_zero_status() {
    let dir = setup();
    let d = dir.path();
    let out = unilab(d, "clerk", "wrong", &["order", "list"]);
    assert!(out.status.success(), "listing needs no password");
    let out = unilab(
        d,
        "clerk",
        "wrong-password",
        &["enterprise", "add", "--name", "x", "--credit-code", CLIENT],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("用户名或口令错误"));
    let out = unilab(
        d,
        "clerk",
        "secret1",
        &[
            "enterprise",
            "add",
            "--name",
            "某公司",
            "--credit-code",
            "91350100M000100Y44",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("第 18 位校验码应为“3”"));
    let out = unilab(d, "clerk", "secret1", &["order", "show", "WT2026-99999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有委托单"));
}

#[test]
fn cli_order_lifecycle_prints_the_number_last_and_shows_json() {
    let dir = setup();
    let d = dir.path();
    let out = ok(unilab(
        d,
        "clerk",
        "secret1",
        &[
            "order",
            "new",
            "--standard",
            "GB/T 15063-2020",
            "--grade",
            "高浓度",
            "--spec",
            "未标含氯",
            "--type",
            "commissioned",
            "--client",
            CLIENT,
            "--sample",
            "复合肥料",
            "--items",
            "N,P2O5,K2O,NPK",
        ],
    ));
    let number = out.lines().last().unwrap().to_string();
    assert!(number.starts_with("WT"), "{out}");
    let show = ok(unilab(
        d,
        "clerk",
        "secret1",
        &["order", "show", &number, "--json"],
    ));
    let v: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(v["status"], "registered");
    let codes: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"N") && codes.contains(&"NPK"), "{codes:?}");
}

#[test]
fn sigterm_stops_an_import_cleanly_at_a_batch_boundary() {
    let dir = setup();
    let d = dir.path();
    let file = import_file(d, "term", 20_000);
    let child = Command::new(bin())
        .env("UNILAB_DATA_DIR", d)
        .env("UNILAB_USER", "clerk")
        .env("UNILAB_PASSWORD", "secret1")
        .args(["import", file.to_str().unwrap(), "--batch", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while orders(d).is_empty() {
        std::thread::sleep(Duration::from_millis(50));
        assert!(start.elapsed() < Duration::from_secs(120));
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let out = child.wait_with_output().unwrap();
    // A script must not mistake a partial import for a complete one.
    assert_eq!(out.status.code(), Some(1), "an interrupted import fails");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let n = orders(d).len();
    assert!(n < 20_000 && n.is_multiple_of(100), "{n}");
    assert!(
        stderr.contains("导入被中断") && stderr.contains(&format!("{n} 个委托单")),
        "says what was committed ({n} orders): {stderr}"
    );
    ok(unilab(d, "clerk", "secret1", &["audit", "verify"]));
}
