//! The enterprise quality file (质量档案): licences, complaints, the credit class history with
//! its reasons, and the class the lab's rule proposes from the spot checks — a proposal only,
//! the class changes when a person saves it.

mod common;
use common::*;

use chrono::NaiveDate;
use unilab::model::quality_file::{ComplaintInput, LicenceInput, LicenceKind};
use unilab::model::{CreditClass, Order};
use unilab::store::StoreError;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn licence(number: &str, valid_until: Option<&str>) -> LicenceInput {
    LicenceInput {
        kind: LicenceKind::Production,
        number: number.into(),
        scope: "热轧带肋钢筋".into(),
        issued: Some(d("2021-05-01")),
        valid_until: valid_until.map(d),
    }
}

fn refusal(e: StoreError) -> String {
    format!("{} / {}", e.text(false), e.text(true))
}

/// A rebar spot check labelled with PRODUCER and sampled at CLIENT (sampled the day before
/// t0), each under a task of its own, with its results entered; `fail` puts the yield strength
/// under its limit.
fn spot_check(l: &Lab1, fail: bool) -> Order {
    let task = campaign::task(l, 5);
    let results: &[(&str, &str)] = if fail { &[("ReL", "380")] } else { &[] };
    campaign::spot_check(l, &task, CLIENT, Some(PRODUCER), Some(results))
}

#[test]
fn a_licence_is_recorded_audited_and_flagged_when_expired() {
    let l = lab();
    l.store
        .add_licence(
            &l.clerk,
            PRODUCER,
            &licence("XK05-001-00001", Some("2026-12-31")),
            t0(),
        )
        .unwrap();
    l.store
        .add_licence(
            &l.admin,
            PRODUCER,
            &licence("XK05-001-00002", Some("2026-03-01")),
            t0(),
        )
        .unwrap();
    let f = l
        .store
        .enterprise_file_on(PRODUCER, d("2026-03-02"))
        .unwrap();
    let flags: Vec<(&str, bool)> = f
        .licences
        .iter()
        .map(|s| (s.licence.number.as_str(), s.expired))
        .collect();
    assert_eq!(flags, [("XK05-001-00001", false), ("XK05-001-00002", true)]);
    // On its last valid day a licence is still valid.
    let f = l
        .store
        .enterprise_file_on(PRODUCER, d("2026-03-01"))
        .unwrap();
    assert!(f.licences.iter().all(|s| !s.expired));
    let log = l.store.audit_log(Some(PRODUCER)).unwrap();
    let entries: Vec<&str> = log
        .iter()
        .filter(|e| e.operation == "enterprise.licence")
        .map(|e| e.actor.as_str())
        .collect();
    assert_eq!(entries, ["clerk", "admin"]);
    assert!(l.store.verify_audit(None).unwrap().ok());

    // Taken off the file with a reason: kept in the record, gone from the list.
    let e = l
        .store
        .remove_licence(&l.clerk, PRODUCER, "XK05-001-00002", "已换发新证", t0())
        .unwrap();
    assert_eq!(e.quality.licences.len(), 2);
    let f = l
        .store
        .enterprise_file_on(PRODUCER, d("2026-03-02"))
        .unwrap();
    assert_eq!(f.licences.len(), 1);
}

#[test]
fn a_bad_licence_is_refused_with_the_reason() {
    let l = lab();
    let empty = l
        .store
        .add_licence(&l.clerk, PRODUCER, &licence("  ", None), t0())
        .unwrap_err();
    assert!(refusal(empty).contains("许可证编号"));
    let mut backwards = licence("XK05-001-00003", Some("2020-01-01"));
    backwards.issued = Some(d("2021-01-01"));
    let e = l
        .store
        .add_licence(&l.clerk, PRODUCER, &backwards, t0())
        .unwrap_err();
    assert!(
        refusal(e).contains("有效期至 2020-01-01 早于发证日期 2021-01-01"),
        "the message names both dates"
    );
    let e = l
        .store
        .add_licence(&l.clerk, "91350100M000100Y99", &licence("X1", None), t0())
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound(_)));
    let e = l
        .store
        .add_licence(&l.tech, PRODUCER, &licence("X1", None), t0())
        .unwrap_err();
    assert!(refusal(e).contains("收样员"));
    l.store
        .add_licence(&l.clerk, PRODUCER, &licence("X1", None), t0())
        .unwrap();
    let twice = l
        .store
        .add_licence(&l.clerk, PRODUCER, &licence("X1", None), t0())
        .unwrap_err();
    assert!(refusal(twice).contains("已在档案中"));
}

#[test]
fn a_complaint_is_recorded_and_one_naming_an_unknown_order_refused() {
    let l = lab();
    let o = tested_order(&l);
    let input = |order: Option<&str>| ComplaintInput {
        received: d("2026-03-01"),
        from: "消费者 张先生".into(),
        text: "钢筋弯曲后开裂".into(),
        order: order.map(String::from),
    };
    let e = l
        .store
        .record_complaint(
            &l.clerk,
            CLIENT,
            &input(Some(&o.number.to_lowercase())),
            t0(),
        )
        .unwrap();
    assert_eq!(e.quality.complaints.len(), 1);
    assert_eq!(
        e.quality.complaints[0].order.as_deref(),
        Some(o.number.as_str())
    );
    assert_eq!(e.quality.complaints[0].recorded_by, "clerk");
    let e = l
        .store
        .record_complaint(&l.clerk, CLIENT, &input(Some("WT2026-999999")), t0())
        .unwrap_err();
    assert!(refusal(e).contains("WT2026-999999"));
    let mut future = input(None);
    future.received = d("2026-03-03");
    let e = l
        .store
        .record_complaint(&l.clerk, CLIENT, &future, t0())
        .unwrap_err();
    assert!(refusal(e).contains("晚于今天 2026-03-02"));
    let mut no_text = input(None);
    no_text.text = " ".into();
    assert!(l
        .store
        .record_complaint(&l.clerk, CLIENT, &no_text, t0())
        .is_err());
    let log = l.store.audit_log(Some(CLIENT)).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.operation == "enterprise.complaint")
            .count(),
        1
    );
}

#[test]
fn class_and_blacklist_changes_keep_their_history_and_reasons() {
    let l = lab();
    let e = l.store.enterprise(CLIENT).unwrap().unwrap();
    let mut c = e.clone();
    c.credit_class = CreditClass::C;
    let e = l
        .store
        .update_enterprise(&l.clerk, c, e.revision, "2025 年两次抽查不合格", t0())
        .unwrap();
    let mut b = e.clone();
    b.blacklist = Some("地条钢专项".into());
    // An editor cannot rewrite the history it sends back.
    b.quality.class_history.clear();
    let e = l
        .store
        .update_enterprise(&l.admin, b, e.revision, "地条钢专项", t0())
        .unwrap();
    let h = &e.quality.class_history;
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].from, h[0].to), (CreditClass::B, CreditClass::C));
    assert_eq!(h[0].reason, "2025 年两次抽查不合格");
    assert_eq!(h[0].by, "clerk");
    let b = &e.quality.blacklist_history;
    assert_eq!(b.len(), 1);
    assert!(b[0].listed);
    assert_eq!(b[0].by, "admin");
    let mut same = e.clone();
    same.contact = "0591-11111111".into();
    let e = l
        .store
        .update_enterprise(&l.clerk, same, e.revision, "", t0())
        .unwrap();
    assert_eq!(
        e.quality.class_history.len(),
        1,
        "no class change, no entry"
    );
    let mut no_reason = e.clone();
    no_reason.credit_class = CreditClass::A;
    assert!(l
        .store
        .update_enterprise(&l.clerk, no_reason, e.revision, " ", t0())
        .is_err());
}

#[test]
fn two_failures_within_twelve_months_propose_c_until_a_person_sets_it() {
    let l = lab();
    let first = spot_check(&l, true);
    let today = d("2026-06-01");
    let f = l.store.enterprise_file_on(PRODUCER, today).unwrap();
    assert_eq!(f.proposal, None, "one failure is not enough");
    let _passed = spot_check(&l, false);
    let second = spot_check(&l, true);
    let f = l.store.enterprise_file_on(PRODUCER, today).unwrap();
    let p = f.proposal.expect("two failures within 12 months");
    assert_eq!(p.to, CreditClass::C);
    assert!(p.because_zh.starts_with("12 个月内 2 次抽查不合格（"));
    assert!(p.because_zh.contains(&first.number) && p.because_zh.contains(&second.number));
    // Nothing changed by itself.
    assert_eq!(f.enterprise.credit_class, CreditClass::B);
    // The failures are a year old on 2027-03-01 (sampled 2026-03-01): no proposal.
    let later = l
        .store
        .enterprise_file_on(PRODUCER, d("2027-03-01"))
        .unwrap();
    assert_eq!(later.proposal, None);

    let e = f.enterprise;
    let mut c = e.clone();
    c.credit_class = CreditClass::C;
    l.store
        .update_enterprise(&l.clerk, c, e.revision, &p.because_zh, t0())
        .unwrap();
    let f = l.store.enterprise_file_on(PRODUCER, today).unwrap();
    assert_eq!(f.proposal, None, "the class is C now");
    assert_eq!(f.enterprise.quality.class_history[0].reason, p.because_zh);
}
