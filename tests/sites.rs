//! A lab network's sites (branch labs): each order belongs to the site that registered it, a
//! site's users act on their site's orders only, report numbers carry the site's code when the
//! lab says so (numbered per site, gapless), and statistics read across sites.

mod common;

use common::*;
use unilab::model::site::Site;
use unilab::model::{Role, User};
use unilab::stats::table::{By, Period};
use unilab::store::{Registration, StoreError};

struct Network {
    l: Lab1,
    fz_clerk: User,
    fz_tech: User,
}

/// The test lab with two sites, a clerk and a technician at 福州 (FZ).
fn network() -> Network {
    let l = lab();
    for (code, name) in [("FZ", "福州分所"), ("XM", "厦门分所")] {
        let s = Site {
            code: code.into(),
            name: name.into(),
        };
        l.store.put_site(&l.admin, &s, t0()).unwrap();
    }
    let add = |login: &str, role: Role| {
        l.store
            .add_user(&l.admin, login, login, &[role], &[], "secret1", t0())
            .unwrap();
        l.store
            .set_user_site(&l.admin, login, Some("FZ"), "福州分所人员", t0())
            .unwrap()
    };
    let fz_clerk = add("fzclerk", Role::Clerk);
    let fz_tech = add("fztech", Role::Technician);
    let fz_tech =
        unilab::bench::generate::authorise_all(&l.store, &l.catalog, &l.admin, &fz_tech, t0())
            .unwrap();
    Network {
        l,
        fz_clerk,
        fz_tech,
    }
}

fn register(n: &Network, clerk: &User, site: Option<&str>) -> Result<String, StoreError> {
    let reg = Registration {
        site: site.map(str::to_string),
        ..Registration::default()
    };
    n.l.store
        .register_order_with(clerk, &n.l.catalog, &rebar_order(&["ReL"]), &reg, t0())
        .map(|o| o.number)
}

#[test]
fn a_site_user_registers_and_works_on_their_site_only() {
    let n = network();
    let l = &n.l;
    let own = register(&n, &n.fz_clerk, None).unwrap();
    assert_eq!(l.store.order(&own).unwrap().site.as_deref(), Some("FZ"));
    let e = register(&n, &n.fz_clerk, Some("XM"))
        .unwrap_err()
        .text(false);
    assert!(e.contains("FZ") && e.contains("XM"), "{e}");
    // The lab's own desk registers for any configured site, and for itself.
    let xm = register(&n, &l.clerk, Some("XM")).unwrap();
    assert_eq!(l.store.order(&xm).unwrap().site.as_deref(), Some("XM"));
    let e = register(&n, &l.clerk, Some("GZ")).unwrap_err().text(false);
    assert!(e.contains("GZ"), "{e}");
    let home = register(&n, &l.clerk, None).unwrap();
    assert_eq!(l.store.order(&home).unwrap().site, None);

    // The FZ clerk cannot receive XM's sample nor the lab's; FZ's own they can.
    for other in [&xm, &home] {
        let e = l
            .store
            .receive(&n.fz_clerk, other, None, t0())
            .unwrap_err()
            .text(false);
        assert!(e.contains(other.as_str()) && e.contains("FZ"), "{e}");
    }
    l.store.receive(&n.fz_clerk, &own, None, t0()).unwrap();
    let values = vec!["445".to_string(), "450".to_string()];
    l.store
        .enter_at_bench(&n.fz_tech, &own, "ReL", &values, None, None, t0())
        .unwrap();
    // The lab's own staff work on every site's orders.
    l.store.receive(&l.clerk, &xm, None, t0()).unwrap();
    let e = l
        .store
        .enter_at_bench(&n.fz_tech, &xm, "ReL", &values, None, None, t0())
        .unwrap_err()
        .text(false);
    assert!(e.contains("XM"), "{e}");
    let check = l.store.verify_audit(None).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
}

fn issue(n: &Network, clerk: &User, site: Option<&str>) -> String {
    let l = &n.l;
    let number = register(n, clerk, site).unwrap();
    l.store.receive(&l.clerk, &number, None, t0()).unwrap();
    let values = vec!["445".to_string(), "450".to_string()];
    l.store
        .enter_at_bench(&l.tech, &number, "ReL", &values, None, None, t0())
        .unwrap();
    submit_checked(l, &number);
    l.store
        .review(&l.reviewer, &number, true, None, None, t0())
        .unwrap();
    l.store.approve(&l.signatory, &number, None, t0()).unwrap();
    let (report, _) = l
        .store
        .issue_report(&l.signatory, &number, t0(), &mut fake_render)
        .unwrap();
    report.number
}

#[test]
fn report_numbers_carry_the_site_code_per_site_when_the_lab_says_so() {
    let n = network();
    let l = &n.l;
    // Off (the default): one series for the whole lab.
    assert_eq!(issue(&n, &l.clerk, Some("FZ")), "BH2026-000001");
    l.store.set_site_numbers(&l.admin, true, t0()).unwrap();
    assert_eq!(issue(&n, &l.clerk, Some("FZ")), "BHFZ2026-000001");
    assert_eq!(issue(&n, &l.clerk, Some("XM")), "BHXM2026-000001");
    assert_eq!(issue(&n, &l.clerk, Some("FZ")), "BHFZ2026-000002");
    // The lab's own orders keep the lab's series.
    assert_eq!(issue(&n, &l.clerk, None), "BH2026-000002");
    let entry = l.store.audit_log(Some("lab")).unwrap();
    assert!(entry.iter().any(|e| e.operation == "lab.site_numbers"));
}

#[test]
fn statistics_read_across_sites_group_by_site() {
    let n = network();
    let l = &n.l;
    issue(&n, &l.clerk, Some("FZ"));
    issue(&n, &l.clerk, Some("FZ"));
    issue(&n, &l.clerk, Some("XM"));
    register(&n, &l.clerk, None).unwrap();
    let src = l.store.stats_source().unwrap();
    let t = src.table(By::Site, Period::default(), t0().date_naive());
    let row = |key: &str| {
        t.rows
            .iter()
            .find(|r| r.group == key)
            .unwrap_or_else(|| panic!("no row {key}: {:?}", t.rows))
    };
    assert_eq!((row("FZ").samples, row("FZ").tested), (2, 2));
    assert_eq!(row("FZ").label, "福州分所");
    assert_eq!((row("XM").samples, row("XM").tested), (1, 1));
    assert_eq!((row("-").samples, row("-").tested), (1, 0));
    assert_eq!(row("-").label, "实验室本部");
}

#[test]
fn sites_and_user_sites_are_an_administrators_audited_decision() {
    let n = network();
    let l = &n.l;
    let bad = Site {
        code: "fz-1".into(),
        name: "x".into(),
    };
    assert!(l.store.put_site(&l.admin, &bad, t0()).is_err());
    let s = Site {
        code: "QZ".into(),
        name: "泉州分所".into(),
    };
    let e = l
        .store
        .put_site(&l.clerk, &s, t0())
        .unwrap_err()
        .text(false);
    assert!(e.contains("管理员"), "{e}");
    let e = l
        .store
        .set_user_site(&l.admin, "tech", Some("GZ"), "调动", t0())
        .unwrap_err()
        .text(false);
    assert!(e.contains("GZ"), "{e}");
    let u = l
        .store
        .set_user_site(&l.admin, "fzclerk", None, "调回本部", t0())
        .unwrap();
    assert_eq!(u.site, None);
    let log = l.store.audit_log(Some("fzclerk")).unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.operation, "user.site");
    assert_eq!(last.reason.as_deref(), Some("调回本部"));
    let lab = l.store.lab().unwrap();
    assert_eq!(lab.sites.len(), 2, "the refused site was not added");
}
