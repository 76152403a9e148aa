//! A PostgreSQL server for the tests, and a fresh database for each test that wants one.
//!
//! `UNILAB_TEST_PG` names a server (a URL whose user may create databases); otherwise the
//! first test to ask starts one in a temporary folder (initdb, then postgres on a free
//! loopback port, as the `postgres` account when the tests run as root) that ends with the
//! test process. Without PostgreSQL installed the tests say they skipped, except in CI
//! (`UNILAB_CI=1`), where that fails.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The server's base URL (no database), once known.
static SERVER: OnceLock<Option<String>> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

fn in_ci() -> bool {
    std::env::var("UNILAB_CI").as_deref() == Ok("1")
}

/// A URL to a new, empty database, or `None` (with the reason printed) when there is no
/// PostgreSQL to test against.
pub fn fresh_database(what: &str) -> Option<String> {
    let base = SERVER.get_or_init(start_or_find).clone();
    let Some(base) = base else {
        if in_ci() {
            panic!("{what}: PostgreSQL is not available (UNILAB_CI=1: the PostgreSQL tests may not be skipped)");
        }
        println!("SKIPPED ({what}): PostgreSQL is not installed and UNILAB_TEST_PG is not set");
        return None;
    };
    let name = format!(
        "unilab_t{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
        .unwrap_or_else(|e| panic!("connecting to the test server {base}: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|e| panic!("creating database {name}: {e}"));
    Some(format!("{base}/{name}"))
}

fn start_or_find() -> Option<String> {
    if let Ok(url) = std::env::var("UNILAB_TEST_PG") {
        let url = url.trim_end_matches('/');
        // A URL may name a database; databases are created beside it.
        let base = match url.rsplit_once('/') {
            Some((base, db))
                if !base.ends_with('/') && !db.contains('@') && base.contains("//") =>
            {
                base.to_string()
            }
            _ => url.to_string(),
        };
        return Some(base);
    }
    let bin = pg_bin_dir()?;
    // The server runs on a thread that lives as long as the test process: the postgres
    // process is killed when that thread ends (--pdeathsig), i.e. with the tests.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let started = start_server(&bin);
        let ok = started.is_some();
        let _ = tx.send(started.as_ref().map(|(url, _)| url.clone()));
        if ok {
            loop {
                std::thread::park();
            }
        }
    });
    rx.recv().ok().flatten()
}

fn pg_bin_dir() -> Option<PathBuf> {
    let on_path = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let p = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
            p.parent().map(PathBuf::from)
        });
    if on_path
        .as_ref()
        .is_some_and(|d| d.join("postgres").exists())
    {
        return on_path;
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|b| b.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn is_root() -> bool {
    // SAFETY: geteuid only reads the process's effective user id.
    unsafe { libc::geteuid() == 0 }
}

/// Run a PostgreSQL program as the account that may run it (never root).
fn as_server_user(program: PathBuf) -> Command {
    if is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=postgres",
            "--regid=postgres",
            "--init-groups",
            "--pdeathsig",
            "KILL",
        ])
        .arg(program);
        c
    } else {
        let mut c = Command::new("setpriv");
        c.args(["--pdeathsig", "KILL"]).arg(program);
        c
    }
}

fn start_server(bin: &std::path::Path) -> Option<(String, std::process::Child)> {
    let dir = std::env::temp_dir().join(format!("unilab-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).ok()?;
    if is_root() {
        let ok = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
    }
    let data = dir.join("data");
    let init = as_server_user(bin.join("initdb"))
        .args(["-D"])
        .arg(&data)
        .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    if !init.status.success() {
        println!(
            "initdb failed: {}",
            String::from_utf8_lossy(&init.stderr).trim()
        );
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = as_server_user(bin.join("postgres"))
        .arg("-D")
        .arg(&data)
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-k"])
        .arg(&dir)
        .args(["-c", "fsync=off", "-c", "max_connections=200"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let base = format!("postgres://postgres@127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls).is_ok() {
            return Some((base, child));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!("the test PostgreSQL server did not accept connections within 30 s");
    None
}
