//! The records an assessor asks for (issue 12): the calibration gate, the checker, method
//! authorisation, the conditions a method requires, bench dates, subcontracts and deviations,
//! and the sample's retention clock — each as the store enforces it.

mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use unilab::model::bench::{BenchInput, Conditions};
use unilab::model::custody::SampleLocation;
use unilab::model::{Instrument, InstrumentStatus, OrderStatus};
use unilab::store::{ArrangementInput, NewCalibration};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn machine(id: &str, due: &str) -> Instrument {
    Instrument {
        id: id.into(),
        name: "液压万能试验机".into(),
        kind: "万能材料试验机".into(),
        model: "WE-600B".into(),
        serial: format!("{id}-S"),
        maker: "济南试验机厂".into(),
        range: "0～600 kN".into(),
        resolution: "0.1 kN".into(),
        location: "力学室".into(),
        status: InstrumentStatus::InUse,
        initial_due: day(due),
        calibrations: Vec::new(),
        checks: Vec::new(),
        revision: 0,
    }
}

fn bench(instruments: &[&str], temperature: &str) -> BenchInput {
    BenchInput {
        tested_on: Some(t0().date_naive()),
        tested_until: None,
        instruments: instruments.iter().map(|s| s.to_string()).collect(),
        conditions: Conditions {
            temperature: Some(temperature.parse().unwrap()),
            humidity: Some("50".parse().unwrap()),
        },
        deviation: None,
    }
}

/// A received rebar order with ReL only (GB/T 28900-2022: a universal testing machine,
/// 10～35 ℃).
fn received(l: &Lab1) -> String {
    let o = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0())
        .unwrap();
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    o.number
}

fn enter(l: &Lab1, n: &str, b: &BenchInput) -> Result<unilab::model::Order, String> {
    let v = vec!["445".to_string(), "450".to_string()];
    l.store
        .enter_result_with(&l.tech, n, "ReL", &v, None, b, None, None, t0())
        .map_err(|e| e.text(false))
}

#[test]
fn an_instrument_due_yesterday_is_refused_and_one_due_today_accepted() {
    let l = lab();
    // t0 is 2026-03-02.
    for (id, due) in [("SB-101", "2026-03-01"), ("SB-102", "2026-03-02")] {
        l.store
            .add_instrument(&l.admin, machine(id, due), t0())
            .unwrap();
    }
    let n = received(&l);
    let m = enter(&l, &n, &bench(&["SB-101"], "20")).unwrap_err();
    assert!(
        m.contains("SB-101") && m.contains("2026-03-01") && m.contains("2026-03-02"),
        "{m}"
    );
    assert!(
        l.store.order(&n).unwrap().results.is_empty(),
        "nothing saved"
    );
    let o = enter(&l, &n, &bench(&["SB-102"], "20")).unwrap();
    let used = &o.results["ReL"].current().unwrap().bench;
    assert_eq!(used.instruments[0].id, "SB-102");
    assert_eq!(used.instruments[0].due, day("2026-03-02"));
    assert_eq!(used.tested_on, Some(day("2026-03-02")));
}

#[test]
fn a_method_that_needs_an_instrument_refuses_a_result_without_one() {
    let l = lab();
    let n = received(&l);
    let m = enter(&l, &n, &bench(&[], "20")).unwrap_err();
    assert!(
        m.contains("万能材料试验机") && m.contains("--instrument"),
        "{m}"
    );
    // An instrument of another kind does not do either.
    let m = enter(&l, &n, &bench(&["SB-004"], "20")).unwrap_err();
    assert!(m.contains("万能材料试验机"), "{m}");
}

#[test]
fn out_of_service_and_a_failed_intermediate_check_stop_use_until_calibrated() {
    let l = lab();
    l.store
        .add_instrument(&l.admin, machine("SB-103", "2027-01-01"), t0())
        .unwrap();
    let n = received(&l);
    l.store
        .check_instrument(
            &l.tech,
            "SB-103",
            t0().date_naive(),
            false,
            "示值误差 1.5%",
            t0(),
        )
        .unwrap();
    let m = enter(&l, &n, &bench(&["SB-103"], "20")).unwrap_err();
    assert!(m.contains("期间核查"), "{m}");
    // Calibrated again the same day: usable.
    l.store
        .calibrate_instrument(
            &l.admin,
            "SB-103",
            NewCalibration {
                certificate: "JL2026-0999".into(),
                body: "福建省计量科学研究院".into(),
                date: t0().date_naive(),
                due: day("2027-03-01"),
                result: "合格".into(),
                correction: "U=0.3%（k=2）".into(),
            },
            t0(),
        )
        .unwrap();
    enter(&l, &n, &bench(&["SB-103"], "20")).unwrap();
    // Out of service: refused, whatever its due date; only an admin changes status.
    let m = l
        .store
        .set_instrument_status(
            &l.tech,
            "SB-103",
            InstrumentStatus::OutOfService,
            "漏油",
            t0(),
        )
        .unwrap_err()
        .text(false);
    assert!(m.contains("管理员"), "{m}");
    l.store
        .set_instrument_status(
            &l.admin,
            "SB-103",
            InstrumentStatus::OutOfService,
            "漏油",
            t0(),
        )
        .unwrap();
    let v = vec!["446".to_string(), "451".to_string()];
    let m = l
        .store
        .enter_result_with(
            &l.tech,
            &n,
            "ReL",
            &v,
            None,
            &bench(&["SB-103"], "20"),
            Some("复测"),
            None,
            t0(),
        )
        .unwrap_err()
        .text(false);
    assert!(m.contains("SB-103") && m.contains("停用"), "{m}");
}

#[test]
fn a_failing_calibration_takes_the_instrument_out_of_service() {
    let l = lab();
    l.store
        .add_instrument(&l.admin, machine("SB-104", "2027-01-01"), t0())
        .unwrap();
    let i = l
        .store
        .calibrate_instrument(
            &l.admin,
            "SB-104",
            NewCalibration {
                certificate: "JL2026-1000".into(),
                body: "福建省计量科学研究院".into(),
                date: t0().date_naive(),
                due: day("2027-03-01"),
                result: "不合格".into(),
                correction: String::new(),
            },
            t0(),
        )
        .unwrap();
    assert_eq!(i.status, InstrumentStatus::OutOfService);
}

#[test]
fn the_test_date_lies_between_receipt_and_today_and_makes_the_test_period() {
    let l = lab();
    let n = received(&l);
    let mut b = bench(&["SB-001"], "20");
    b.tested_on = Some(day("2026-03-03"));
    let m = enter(&l, &n, &b).unwrap_err();
    assert!(m.contains("2026-03-03") && m.contains("之后"), "{m}");
    b.tested_on = Some(day("2026-03-01"));
    let m = enter(&l, &n, &b).unwrap_err();
    assert!(m.contains("收样日期"), "{m}");
    // Tested on the 2nd, entered three days later: the bench date, not the record date.
    let later = t0() + Duration::days(3);
    b.tested_on = Some(day("2026-03-02"));
    let v = vec!["445".to_string(), "450".to_string()];
    let o = l
        .store
        .enter_result_with(&l.tech, &n, "ReL", &v, None, &b, None, None, later)
        .unwrap();
    assert_eq!(
        o.test_period(),
        Some((day("2026-03-02"), day("2026-03-02")))
    );
    assert_eq!(o.results["ReL"].current().unwrap().entered_at, later);
}

#[test]
fn conditions_outside_the_method_range_are_refused_or_a_deviation_to_approve() {
    let l = lab();
    let n = received(&l);
    let mut b = bench(&["SB-001"], "8");
    let m = enter(&l, &n, &b).unwrap_err();
    assert!(
        m.contains("8 ℃") && m.contains("10～35") && m.contains("--deviation"),
        "{m}"
    );
    b.conditions.temperature = None;
    let m = enter(&l, &n, &b).unwrap_err();
    assert!(m.contains("环境温度"), "{m}");
    b.conditions.temperature = Some("8".parse().unwrap());
    b.deviation = Some("冬季供暖故障，试样已在室内放置 4 h，委托方同意".into());
    let o = enter(&l, &n, &b).unwrap();
    let d = o.arrangements["ReL"].deviation.as_ref().unwrap();
    assert!(
        d.text.contains("8 ℃") && d.text.contains("委托方同意"),
        "{}",
        d.text
    );
    assert_eq!(o.unapproved_arrangements(), vec!["ReL".to_string()]);
    // Checked, reviewed: approval waits for the deviation's approval.
    submit_checked(&l, &n);
    l.store
        .review(&l.reviewer, &n, true, None, None, t0())
        .unwrap();
    let m = l
        .store
        .approve(&l.signatory, &n, None, t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("ReL") && m.contains("偏离"), "{m}");
    // A signatory of another field cannot approve it; the field's signatory can.
    let m = l
        .store
        .approve_arrangement(&l.food_signatory, &n, "ReL", t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("建筑材料"), "{m}");
    l.store
        .approve_arrangement(&l.signatory, &n, "ReL", t0())
        .unwrap();
    let o = l.store.approve(&l.signatory, &n, None, t0()).unwrap();
    assert_eq!(o.status, OrderStatus::Approved);
}

#[test]
fn the_checker_is_a_second_person_and_new_values_need_checking_again() {
    let l = lab();
    let n = received(&l);
    enter(&l, &n, &bench(&["SB-001"], "20")).unwrap();
    let m = l
        .store
        .submit(&l.tech, &n, None, t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("校核"), "{m}");
    let m = l
        .store
        .check_order(&l.tech, &n, None, t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("校核须另一人"), "{m}");
    let o = l.store.check_order(&l.checker, &n, None, t0()).unwrap();
    assert_eq!(o.checked.as_ref().unwrap().login, "chk");
    // A changed value clears the check.
    let v = vec!["446".to_string(), "451".to_string()];
    let o = l
        .store
        .enter_result_with(
            &l.tech,
            &n,
            "ReL",
            &v,
            None,
            &bench(&["SB-001"], "20"),
            Some("复测"),
            None,
            t0(),
        )
        .unwrap();
    assert!(o.checked.is_none());
    l.store.check_order(&l.checker, &n, None, t0()).unwrap();
    l.store.submit(&l.tech, &n, None, t0()).unwrap();
}

#[test]
fn a_technician_enters_only_methods_they_are_authorised_for() {
    let l = lab();
    let n = received(&l);
    let m = l
        .store
        .authorise_method(&l.admin, "tech", "GB/T 28900-2022", false, "", t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("原因"), "{m}");
    let m = l
        .store
        .authorise_method(
            &l.tech2,
            "tech",
            "GB/T 28900-2022",
            false,
            "考核不合格",
            t0(),
        )
        .unwrap_err()
        .text(false);
    assert!(m.contains("管理员"), "{m}");
    l.store
        .authorise_method(
            &l.admin,
            "tech",
            "GB/T 28900-2022",
            false,
            "考核不合格",
            t0(),
        )
        .unwrap();
    let tech = l.store.user("tech").unwrap();
    let v = vec!["445".to_string(), "450".to_string()];
    let m = l
        .store
        .enter_result_with(
            &tech,
            &n,
            "ReL",
            &v,
            None,
            &bench(&["SB-001"], "20"),
            None,
            None,
            t0(),
        )
        .unwrap_err()
        .text(false);
    assert!(
        m.contains("未获授权") && m.contains("GB/T 28900-2022"),
        "{m}"
    );
    let tech = l
        .store
        .authorise_method(&l.admin, "tech", "GB/T 28900-2022", true, "复训合格", t0())
        .unwrap();
    l.store
        .enter_result_with(
            &tech,
            &n,
            "ReL",
            &v,
            None,
            &bench(&["SB-001"], "20"),
            None,
            None,
            t0(),
        )
        .unwrap();
    let log = l.store.audit_log(Some("tech")).unwrap();
    let ops: Vec<&str> = log.iter().map(|e| e.operation.as_str()).collect();
    assert!(
        ops.contains(&"user.revoke") && ops.contains(&"user.authorise"),
        "{ops:?}"
    );
}

#[test]
fn a_subcontracted_item_needs_no_instrument_here_but_needs_approval() {
    let l = lab();
    let n = received(&l);
    let input = ArrangementInput::Subcontract {
        lab: "国家钢铁产品质量检验检测中心".into(),
        accreditation: "CNAS L0100".into(),
    };
    l.store
        .set_arrangement(&l.tech, &n, "ReL", &input, t0())
        .unwrap();
    let o = enter(&l, &n, &bench(&[], "20")).unwrap();
    assert!(o.results["ReL"]
        .current()
        .unwrap()
        .bench
        .instruments
        .is_empty());
    assert_eq!(o.unapproved_arrangements(), vec!["ReL".to_string()]);
}

#[test]
fn retention_runs_from_issue_and_disposal_needs_the_end_and_a_witness() {
    let l = lab();
    let o = tested_order(&l);
    let n = o.number.as_str();
    assert_eq!(o.custody.location(), Some(SampleLocation::InTest));
    assert_eq!(o.receipt.as_ref().unwrap().state, "完好，无锈蚀");
    submit_checked(&l, n);
    l.store
        .review(&l.reviewer, n, true, None, None, t0())
        .unwrap();
    l.store.approve(&l.signatory, n, None, t0()).unwrap();
    let o = l
        .store
        .issue_report(&l.signatory, n, t0(), &mut |_, _| {
            Ok(unilab::store::Rendered {
                pdf: b"%PDF-1.7 test".to_vec(),
                sha256: "0".repeat(64),
                qr_payload: String::new(),
                pages: 1,
                timestamp: None,
                pdf_writer: 2,
            })
        })
        .map(|_| l.store.order(n).unwrap())
        .unwrap();
    assert_eq!(o.custody.location(), Some(SampleLocation::Retained));
    // The default retention is 90 days from 2026-03-02: 2026-05-31.
    let early = t0() + Duration::days(90);
    let m = l
        .store
        .dispose_sample(&l.clerk, n, "销毁", "rev", None, early)
        .unwrap_err()
        .text(false);
    assert!(m.contains("2026-05-31"), "{m}");
    assert!(l
        .store
        .samples_due_for_disposal(early.date_naive())
        .unwrap()
        .is_empty());
    let after = t0() + Duration::days(91);
    let due = l
        .store
        .samples_due_for_disposal(after.date_naive())
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].1, day("2026-05-31"));
    let m = l
        .store
        .dispose_sample(&l.clerk, n, "销毁", "clerk", None, after)
        .unwrap_err()
        .text(false);
    assert!(m.contains("见证人"), "{m}");
    let o = l
        .store
        .dispose_sample(&l.clerk, n, "销毁", "rev", None, after)
        .unwrap();
    let d = o.custody.disposal.as_ref().unwrap();
    assert_eq!((d.witness.as_str(), d.method.as_str()), ("rev", "销毁"));
    assert!(l
        .store
        .samples_due_for_disposal(after.date_naive())
        .unwrap()
        .is_empty());
    // A shorter period for the field moves the end.
    l.store
        .set_retention(&l.admin, "建筑材料", 14, after)
        .unwrap();
    assert_eq!(l.store.lab().unwrap().retention_days("建筑材料"), 14);
    assert!(l.store.verify_audit(None).unwrap().ok());
}

#[test]
fn a_test_that_runs_past_an_instruments_due_date_is_flagged_for_review() {
    let l = lab();
    l.store
        .add_instrument(&l.admin, machine("SB-105", "2026-03-02"), t0())
        .unwrap();
    let n = received(&l);
    let next = t0() + Duration::days(1);
    let mut b = bench(&["SB-105"], "20");
    b.tested_until = Some(day("2026-03-01"));
    let v = vec!["445".to_string(), "450".to_string()];
    let enter = |b: &BenchInput| {
        l.store
            .enter_result_with(&l.tech, &n, "ReL", &v, None, b, None, None, next)
            .map_err(|e| e.text(false))
    };
    let m = enter(&b).unwrap_err();
    assert!(m.contains("早于开始日期"), "{m}");
    b.tested_until = Some(day("2026-03-04"));
    let m = enter(&b).unwrap_err();
    assert!(m.contains("2026-03-04") && m.contains("之后"), "{m}");
    // Begun on its due date (allowed), finished the day after: the reviewer is told.
    b.tested_until = Some(day("2026-03-03"));
    let o = enter(&b).unwrap();
    assert_eq!(
        o.test_period(),
        Some((day("2026-03-02"), day("2026-03-03")))
    );
    let flags = l.store.instrument_flags(&o).unwrap();
    assert_eq!(flags.len(), 1, "{flags:?}");
    let f = &flags[0].zh;
    assert!(
        f.contains("SB-105") && f.contains("2026-03-03") && f.contains("ReL"),
        "{f}"
    );
}
