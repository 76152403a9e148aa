//! One store, two engines: a lab kept in PostgreSQL keeps the guarantees it has in its redb
//! file — the audit chain, record digests and signed checkpoints verify; writers from several
//! connections take turns, so report and order numbers stay gapless and unique; and a redb lab
//! moved into PostgreSQL verifies there and goes on working.
//!
//! Needs PostgreSQL (see tests/pg_common); without it these tests say they skipped.

mod common;

use std::collections::BTreeSet;

use common::pg::fresh_database;
use common::*;
use unilab::certificate::LabKey;
use unilab::model::Lab;
use unilab::store::{Location, Store};

/// Take an order through review and sign-off to an issued report.
fn issue_one(l: &Lab1) -> String {
    let o = tested_order(l);
    let o = submit_checked(l, &o.number);
    l.store
        .review(&l.reviewer, &o.number, true, None, None, t0())
        .unwrap();
    l.store
        .approve(&l.signatory, &o.number, None, t0())
        .unwrap();
    let (report, _) = l
        .store
        .issue_report(&l.signatory, &o.number, t0(), &mut fake_render)
        .unwrap();
    report.number
}

#[test]
fn a_redb_lab_moved_into_postgres_verifies_there_and_goes_on() {
    let Some(url) = fresh_database("migrate round trip") else {
        return;
    };
    let key = LabKey::generate_self_signed("福建省测试检验研究院", t0()).unwrap();
    let cert = key.certificate_der().to_vec();
    // A lab with signed checkpoints: every commit signs the head.
    let dir = tempfile::tempdir().unwrap();
    let redb = dir.path().join("unilab.redb");
    let l = Lab1::on(
        Store::create(
            &redb,
            Lab::new("福建省测试检验研究院"),
            "admin",
            "管理员",
            "adminpass",
            t0(),
        )
        .unwrap()
        .with_lab_key(key.clone()),
        dir,
    );
    let first = issue_one(&l);
    let before = l.store.verify_audit(Some(&cert)).unwrap();
    assert!(before.ok(), "{:?}", before.problems);

    let rows = l.store.migrate_to(&url).unwrap();
    assert!(
        rows > before.records,
        "every record and entry copied ({rows} rows)"
    );
    let pg = Store::open_at(&Location::Postgres(url.clone()), l.dir.path())
        .unwrap()
        .with_lab_key(key.clone());
    let after = pg.verify_audit(Some(&cert)).unwrap();
    assert!(after.ok(), "the copy verifies: {:?}", after.problems);
    assert_eq!(after.entries, before.entries);
    assert_eq!(after.records, before.records);
    assert_eq!(after.checkpoint, before.checkpoint, "the same signed head");
    assert_eq!(pg.report(&first).unwrap(), l.store.report(&first).unwrap());
    assert_eq!(
        pg.order_summaries().unwrap(),
        l.store.order_summaries().unwrap()
    );

    // A second move into the same database is refused: nothing is overwritten.
    let again = l.store.migrate_to(&url).unwrap_err().text(true);
    assert!(again.contains("already holds a lab"), "{again}");

    // The lab goes on in PostgreSQL: the next report number follows the last one.
    let l2 = Lab1::reopened(pg, tempfile::tempdir().unwrap());
    let second = issue_one(&l2);
    assert_eq!(
        number_tail(&second),
        number_tail(&first) + 1,
        "{first} then {second}"
    );
    let later = l2.store.verify_audit(Some(&cert)).unwrap();
    assert!(later.ok(), "{:?}", later.problems);
    assert!(later.entries > after.entries);
}

fn number_tail(n: &str) -> u64 {
    n.rsplit('-')
        .next()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0)
}

#[test]
fn writers_on_many_connections_take_turns_and_numbers_stay_gapless() {
    let Some(url) = fresh_database("concurrent writers") else {
        return;
    };
    let l = lab_at(
        &Location::Postgres(url.clone()),
        tempfile::tempdir().unwrap(),
    );
    let per_writer = 6;
    let writers = 8;
    let numbers: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                let url = url.clone();
                let l = &l;
                s.spawn(move || {
                    // Each writer is its own "terminal": its own engine and connections.
                    // A real lab's clock: each write is dated when it gets its turn.
                    let own = Store::open_at(&Location::Postgres(url), l.dir.path())
                        .unwrap()
                        .with_system_clock();
                    (0..per_writer)
                        .map(|_| {
                            own.register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0())
                                .map(|o| o.number)
                                .unwrap_or_else(|e| panic!("writer {w}: {}", e.text(true)))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let unique: BTreeSet<u64> = numbers.iter().map(|n| number_tail(n)).collect();
    let total = (writers * per_writer) as u64;
    assert_eq!(
        unique.len() as u64,
        total,
        "no number drawn twice: {numbers:?}"
    );
    assert_eq!(
        unique.iter().copied().collect::<Vec<_>>(),
        (1..=total).collect::<Vec<_>>(),
        "numbers gapless from 1"
    );
    let check = l.store.verify_audit(None).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
    assert_eq!(l.store.order_summaries().unwrap().len() as u64, total);
}

#[test]
fn a_change_made_behind_the_store_in_postgres_is_found_by_audit_verify() {
    let Some(url) = fresh_database("tamper evidence") else {
        return;
    };
    let l = lab_at(
        &Location::Postgres(url.clone()),
        tempfile::tempdir().unwrap(),
    );
    let o = tested_order(&l);
    assert!(l.store.verify_audit(None).unwrap().ok());
    // Someone with database access edits the order's stored bytes directly.
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let changed = c
        .execute(
            "UPDATE unilab_records \
             SET v = convert_to(replace(convert_from(v, 'UTF8'), '445', '455'), 'UTF8') \
             WHERE tbl = 'orders' AND k = $1",
            &[&o.number.as_bytes()],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let check = l.store.verify_audit(None).unwrap();
    assert!(!check.ok());
    let text = check
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains(&o.number), "{text}");
}

#[test]
fn a_postgres_lab_backs_up_to_a_redb_file_that_verifies_alike() {
    let Some(url) = fresh_database("backup from postgres") else {
        return;
    };
    let l = lab_at(&Location::Postgres(url), tempfile::tempdir().unwrap());
    let report = issue_one(&l);
    let copy = l.dir.path().join("backup.redb");
    let rows = l.store.backup(&copy).unwrap();
    assert!(rows > 0);
    let from_file = Store::open(&copy).unwrap();
    let (a, b) = (
        l.store.verify_audit(None).unwrap(),
        from_file.verify_audit(None).unwrap(),
    );
    assert!(a.ok() && b.ok(), "{:?} {:?}", a.problems, b.problems);
    assert_eq!((a.entries, a.records), (b.entries, b.records));
    assert_eq!(
        from_file.report(&report).unwrap(),
        l.store.report(&report).unwrap()
    );
}

/// Another terminal's commit is announced at once (LISTEN/NOTIFY), so screens refresh without
/// waiting for their next poll; a read alone announces nothing.
#[test]
fn a_commit_on_postgres_is_announced_to_other_terminals() {
    use std::time::Duration;
    let Some(url) = fresh_database("commit announcements") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let l = lab_at(&Location::Postgres(url.clone()), dir);
    let other = Store::open_at(&Location::Postgres(url), l.dir.path()).unwrap();
    let signal = other.change_signal().expect("PostgreSQL announces commits");
    // The listening connection may start after a commit made at once: wait for it to settle.
    std::thread::sleep(Duration::from_millis(300));
    while signal.try_recv().is_ok() {}
    l.store.order_summaries().unwrap();
    assert!(signal.recv_timeout(Duration::from_millis(500)).is_err());
    l.store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0())
        .unwrap();
    signal
        .recv_timeout(Duration::from_secs(2))
        .expect("the commit is announced");
}
