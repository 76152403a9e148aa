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

    let store = unilab::startup::open_lab_store(dir.path()).unwrap();
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
    // The lab records an assessor asks for: an overdue instrument, a subcontract, a sample
    // disposed of and one due for disposal.
    let today = now.date_naive();
    let instruments = store.instruments().unwrap();
    assert!(
        instruments.iter().any(|i| i.due() < today),
        "no overdue instrument"
    );
    let orders: Vec<_> = store
        .order_summaries()
        .unwrap()
        .iter()
        .map(|s| store.order(&s.number).unwrap())
        .collect();
    assert!(orders
        .iter()
        .any(|o| o.arrangements.values().any(|a| a.subcontract.is_some())));
    assert!(orders.iter().any(|o| o.custody.disposal.is_some()));
    assert!(!store.samples_due_for_disposal(today).unwrap().is_empty());
    // A running spot-check campaign: a task, a sample just taken, one failed, notified and
    // objected to.
    let tasks = store.tasks().unwrap();
    assert_eq!(tasks.len(), 1);
    assert!(!tasks[0].draws.is_empty());
    let spot: Vec<_> = orders.iter().filter(|o| o.sampling.is_some()).collect();
    assert_eq!(spot.len(), 2);
    assert!(spot.iter().any(|o| o.status == OrderStatus::Received));
    let failed = spot
        .iter()
        .find(|o| !o.after_failure.notices.is_empty())
        .unwrap();
    assert!(failed.after_failure.objection.is_some());
    let cert = store.lab_key().map(|k| k.certificate_der().to_vec());
    let check = store.verify_audit(cert.as_deref()).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
    let stamp = store.change_stamp().unwrap();
    drop(store);

    // A second start finds the lab and leaves it as it was.
    unilab::demo::ensure_demo_lab(dir.path(), now).unwrap();
    let store = unilab::startup::open_lab_store(dir.path()).unwrap();
    assert_eq!(store.change_stamp().unwrap(), stamp);
}
