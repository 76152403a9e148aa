//! The dependency directions DESIGN.md agreed, checked on the source: front ends → store →
//! model → judging core, and between the store and the certificate module one direction only
//! (the certificate module issues through the store; the store knows no certificate types, and
//! only the start-up code opens a lab's store with its key).

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every line of the files under `src/<dir>` (or the file `src/<dir>.rs`) that names one of
/// `forbidden`, outside comments.
fn offending(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = if root.join(dir).is_dir() {
        sources(&root.join(dir))
    } else {
        Vec::new()
    };
    let single = root.join(format!("{dir}.rs"));
    if single.is_file() {
        files.push(single);
    }
    assert!(!files.is_empty(), "no sources under src/{dir}");
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for name in forbidden {
                if code.contains(name) {
                    found.push(format!("{}:{}: {}", f.display(), i + 1, code));
                }
            }
        }
    }
    found
}

#[test]
fn the_store_knows_no_certificate_and_no_front_end() {
    let found = offending(
        "store",
        &[
            "crate::certificate",
            "crate::tui",
            "crate::cli",
            "crate::serve",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_records_and_rules_know_no_store_certificate_or_front_end() {
    for dir in ["model", "workflow", "supervision", "catalog", "signing"] {
        let found = offending(
            dir,
            &[
                "crate::store",
                "crate::certificate",
                "crate::tui",
                "crate::cli",
                "crate::serve",
            ],
        );
        assert!(found.is_empty(), "{dir}: {found:#?}");
    }
}

#[test]
fn the_certificate_module_never_opens_the_store_nor_reaches_a_front_end() {
    let found = offending(
        "certificate",
        &[
            "Store::open",
            "Store::create",
            "open_lab_store",
            "crate::tui",
            "crate::cli",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}
