//! The lab's accreditation (issue 15): the CMA/CNAS numbers and the accredited scope an
//! administrator records decide which items a certificate marks △ and whether its cover
//! carries the marks at all.

mod cli_common;
mod common;

use cli_common::{ok, refused, unilab};
use unilab::certificate::content_from_order;
use unilab::model::accreditation::{Accreditation, ScopeEntry};

fn scope(entries: &[(&str, &[&str])]) -> Accreditation {
    Accreditation {
        cma_number: Some("241312345678".into()),
        cnas_number: Some("CNAS L1234".into()),
        scope: entries
            .iter()
            .map(|(s, items)| ScopeEntry {
                standard: s.to_string(),
                items: items.iter().map(|c| c.to_string()).collect(),
            })
            .collect(),
    }
}

/// The administrator records `acc`; the certificate content `order` would then be issued with.
fn issued_under(
    l: &common::Lab1,
    order: &unilab::model::Order,
    acc: &Accreditation,
) -> unilab::certificate::CertificateContent {
    let lab = l
        .store
        .set_accreditation(&l.admin, acc, common::t0())
        .unwrap();
    assert_eq!(l.store.lab().unwrap(), lab, "kept in the store");
    content_from_order(
        order,
        &lab,
        "BH2026-000001",
        None,
        common::t0().date_naive(),
    )
}

#[test]
fn the_scope_marks_the_items_outside_it_and_withholds_the_marks_when_none_is_inside() {
    let l = common::lab();
    let order = common::tested_order(&l);
    let refusal = l
        .store
        .set_accreditation(&l.clerk, &scope(&[]), common::t0())
        .unwrap_err()
        .to_string();
    assert!(refusal.contains("设置资质认定信息"), "{refusal}");

    // Rebar with three of its items accredited: the bend test is outside.
    let c = issued_under(
        &l,
        &order,
        &scope(&[("GB 1499.2-2024", &["ReL", "Rm", "Agt"])]),
    );
    let outside: Vec<&str> = c
        .rows
        .iter()
        .filter(|r| r.outside_scope)
        .map(|r| r.item.as_str())
        .collect();
    assert_eq!(outside.len(), 1, "{outside:?}");
    assert!(outside[0].contains("弯曲"), "{outside:?}");
    let marks = c.marks.expect("marks decided");
    assert_eq!(marks.cma.as_deref(), Some("241312345678"));
    assert_eq!(marks.cnas.as_deref(), Some("CNAS L1234"));

    // A method standard covers every item tested by it.
    let c = issued_under(&l, &order, &scope(&[("GB/T 28900-2022", &[])]));
    assert!(c.rows.iter().all(|r| !r.outside_scope), "{:?}", c.rows);

    // Nothing of this order inside: every item marked, no CMA or CNAS number on the cover.
    let c = issued_under(&l, &order, &scope(&[("GB 175-2023", &[])]));
    assert!(c.rows.iter().all(|r| r.outside_scope));
    let marks = c.marks.expect("marks decided");
    assert_eq!((marks.cma, marks.cnas), (None, None));

    // A lab that records none prints none and marks nothing (as before marks existed).
    let c = issued_under(&l, &order, &Accreditation::default());
    assert!(c.marks.is_none() && c.rows.iter().all(|r| !r.outside_scope));
}

#[test]
fn an_administrator_records_the_accreditation_from_the_command_line_audited() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    cli_common::lab(d, false);
    let file = d.join("scope.toml");
    std::fs::write(
        &file,
        "[[scope]]\nstandard = \"GB 1499.2-2024\"\nitems = [\"ReL\", \"Rm\"]\n\n\
         [[scope]]\nstandard = \"GB/T 28900-2022\"\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let none = ok(unilab(d, "clerk", &["lab", "accreditation"]));
    assert!(none.contains("资质认定范围：未记录"), "{none}");
    let e = refused(unilab(d, "clerk", &["lab", "accreditation", "--cma", "1"]));
    assert!(e.contains("设置资质认定信息"), "{e}");
    let out = ok(unilab(
        d,
        "admin",
        &[
            "lab",
            "accreditation",
            "--cma",
            "241312345678",
            "--cnas",
            "CNAS L1234",
            "--scope",
            f,
        ],
    ));
    assert!(out.contains("范围：GB 1499.2-2024：ReL、Rm"), "{out}");
    assert!(out.contains("范围：GB/T 28900-2022（全部项目）"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(unilab(d, "clerk", &["lab", "accreditation", "--json"]))).unwrap();
    assert_eq!(json["cma_number"], "241312345678");
    assert_eq!(json["scope"][0]["items"][1], "Rm");
    // Only the CNAS number withdrawn; the rest kept.
    ok(unilab(d, "admin", &["lab", "accreditation", "--no-cnas"]));
    let json: serde_json::Value =
        serde_json::from_str(&ok(unilab(d, "clerk", &["lab", "accreditation", "--json"]))).unwrap();
    assert!(json.get("cnas_number").is_none(), "{json}");
    assert_eq!(json["scope"].as_array().unwrap().len(), 2);

    // A broken file names itself and what is wrong, and changes nothing.
    std::fs::write(&file, "[[scope]]\nitems = [\"ReL\"]\n").unwrap();
    let e = refused(unilab(d, "admin", &["lab", "accreditation", "--scope", f]));
    assert!(e.contains("scope.toml") && e.contains("standard"), "{e}");
    std::fs::write(&file, "[[scope]]\nstandard = \" \"\n").unwrap();
    let e = refused(unilab(d, "admin", &["lab", "accreditation", "--scope", f]));
    assert!(e.contains("第 1 条没有标准编号"), "{e}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(unilab(d, "clerk", &["lab", "accreditation", "--json"]))).unwrap();
    assert_eq!(json["scope"].as_array().unwrap().len(), 2, "unchanged");

    let log = ok(unilab(d, "admin", &["audit", "log", "--json"]));
    assert_eq!(log.matches("lab.accreditation").count(), 2, "{log}");
    ok(unilab(d, "admin", &["audit", "verify"]));
}
