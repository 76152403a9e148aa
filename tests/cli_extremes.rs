//! The judging commands given values at and past the edge of what an exact decimal holds: each
//! returns at once with the exact answer or a refusal that says why — never a hang, a panic or
//! a silently rounded figure.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run the binary; a run still going after a minute is killed and reported as hanging (a
/// watchdog so that a regression fails the test instead of stalling the suite).
fn run(args: &[&str]) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unilab"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("unilab {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "unilab {args:?} panicked: {err}");
    (status.success(), out, err)
}

#[test]
fn round_with_a_huge_exponent_returns_at_once() {
    for zero in [
        "0e999999999",
        "0e999999999999",
        "-0.0E+9999999999999999999999",
    ] {
        let (ok, out, err) = run(&["round", zero, "--interval", "1"]);
        assert!(ok, "{err}");
        assert_eq!(out, "0\n");
    }
    let (ok, _, err) = run(&["round", "1e999999999", "--interval", "1"]);
    assert!(!ok && err.contains("无法表示"), "{err}");
    let (ok, _, err) = run(&["round", "5e-999999999", "--interval", "1"]);
    assert!(!ok && err.contains("小数位数超过 28 位"), "{err}");
}

#[test]
fn digits_past_28_places_are_refused_not_dropped() {
    // Printed 12: the trailing 1 was dropped and 12.5 went to the even 12 (right: 13).
    let (ok, out, err) = run(&[
        "round",
        "12.5000000000000000000000000000001",
        "--interval",
        "1",
    ]);
    assert!(!ok, "printed {out}");
    assert!(err.contains("cannot be held exactly"), "{err}");
    // Said pass (right: fail) for the same reason.
    let (ok, out, err) = run(&[
        "judge",
        "--limit",
        "≤12",
        "--value",
        "12.000000000000000000000000000001",
        "--comparison",
        "full",
    ]);
    assert!(!ok, "printed {out}");
    assert!(err.contains("28"), "{err}");
    let (ok, _, err) = run(&[
        "judge",
        "--limit",
        "≤12.000000000000000000000000000001",
        "--value",
        "12",
    ]);
    assert!(!ok && err.contains("28"), "{err}");
    let (ok, _, err) = run(&["round", "1", "--interval", "1e-29"]);
    assert!(!ok && err.contains("28"), "{err}");
    let (ok, _, err) = run(&[
        "netcontent",
        "--nominal",
        "400.00000000000000000000000000001",
        "--unit",
        "g",
        "--batch",
        "1",
        "400",
    ]);
    assert!(!ok && err.contains("28"), "{err}");
}

#[test]
fn limits_and_values_at_the_edge_of_the_range_do_not_crash() {
    let (ok, _, err) = run(&[
        "judge",
        "--limit",
        "79228162514264337593543950335±1",
        "--value",
        "5",
    ]);
    assert!(!ok && err.contains("无法精确表示"), "{err}");
    let (ok, out, err) = run(&[
        "judge",
        "--limit",
        "≥400",
        "--value",
        "79228162514264337593543950335",
        "--interval",
        "0.01",
        "--comparison",
        "rounded",
        "--json",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("cannot_judge"), "{out}");
    let (ok, _, err) = run(&[
        "round",
        "79228162514264337593543950335",
        "--interval",
        "0.01",
    ]);
    assert!(!ok && err.contains("修约"), "{err}");
    let max = "79228162514264337593543950335";
    let (ok, _, err) = run(&[
        "netcontent",
        "--nominal",
        max,
        "--unit",
        "count",
        "--batch",
        "2",
        max,
        max,
    ]);
    assert!(!ok && err.contains("无法精确计算"), "{err}");
    let (ok, _, err) = run(&[
        "netcontent",
        "--nominal",
        max,
        "--unit",
        "kg",
        "--batch",
        "1",
        "1",
    ]);
    assert!(!ok && err.contains("JJF 1070"), "{err}");
    let (ok, out, err) = run(&[
        "netcontent",
        "--nominal",
        "100",
        "--unit",
        "count",
        "--batch",
        "1",
        "--",
        "-79228162514264337593543950335",
    ]);
    // Qn − q overflowed; the shortage is judged without computing it.
    assert!(ok && out.contains("不合格"), "{out}{err}");
}
