//! The demo lab the README's first command opens: it is made through the store's own
//! operations, so every rule added to them must keep it buildable. Checked as a user of the
//! demo would notice: users to log in as, orders in every state, signed certificates, an audit
//! chain that verifies, and a second start that changes nothing.

use std::collections::BTreeSet;

use unilab::model::OrderStatus;

#[test]
fn the_demo_lab_is_made_whole_and_made_once() {
    let dir = tempfile::tempdir().unwrap();
    let now = unilab::clock::record_time(true).unwrap();
    let info = unilab::demo::ensure_demo_lab(dir.path(), now).unwrap();
    assert!(info.users.len() >= 6, "{:?}", info.users);
    for (_, _, what) in &info.users {
        assert!(!what.zh.is_empty() && what.en.is_ascii(), "{what:?}");
    }
    let pdfs: Vec<_> = std::fs::read_dir(&info.certificates_dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert!(pdfs.len() >= 2, "{} certificates", pdfs.len());

    let store = unilab::certificate::issue::open_lab_store(dir.path()).unwrap();
    let states: BTreeSet<OrderStatus> = store
        .order_summaries()
        .unwrap()
        .iter()
        .map(|s| s.status)
        .collect();
    for s in [
        OrderStatus::Registered,
        OrderStatus::InTesting,
        OrderStatus::AwaitingReview,
        OrderStatus::Issued,
    ] {
        assert!(states.contains(&s), "no demo order is {s:?}: {states:?}");
    }
    let cert = store.lab_key().map(|k| k.certificate_der().to_vec());
    let check = store.verify_audit(cert.as_deref()).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
    let stamp = store.change_stamp().unwrap();
    drop(store);

    // A second start finds the lab and leaves it as it was.
    unilab::demo::ensure_demo_lab(dir.path(), now).unwrap();
    let store = unilab::certificate::issue::open_lab_store(dir.path()).unwrap();
    assert_eq!(store.change_stamp().unwrap(), stamp);
}
