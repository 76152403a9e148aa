//! After a failed spot check (issue 13): the notice's objection deadline counted in working
//! days with the lab's holiday calendar, an objection refused after it (saying when it ran
//! out), the reserve sample released only to another institution, and the re-test's
//! conclusion recorded as final.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::*;
use unilab::inspection::InspectionType;
use unilab::model::bench::BenchInput;
use unilab::model::objection::{Delivery, RetestConclusion};
use unilab::store::{NoticeInput, Rendered};
use unilab::supervision::deadline::HolidayCalendar;
use unilab::supervision::running::Waiting;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day(s).and_hms_opt(10, 0, 0).unwrap())
}

/// A rice spot check with lead over its limit, issued: the food path (7 working days).
fn failed_rice(l: &Lab1) -> String {
    let mut new = rebar_order(&[]);
    new.inspection_type = InspectionType::Supervision;
    new.standard = "GB 2762-2022".into();
    new.grade = "大米".into();
    new.spec = None;
    new.sample.name = "大米".into();
    let o = register_spot_check(l, &new);
    let n = o.number.clone();
    l.store.receive(&l.clerk, &n, None, t0()).unwrap();
    // Lead over its 0.2 mg/kg limit; every other mandatory item low.
    for item in o.items.iter().filter(|i| !i.is_computed()) {
        let value = if item.code == "Pb" { "0.35" } else { "0.01" };
        let bench = BenchInput {
            tested_on: Some(t0().date_naive()),
            instruments: item
                .needs
                .instrument
                .iter()
                .map(|_| "SB-004".to_string())
                .collect(),
            ..Default::default()
        };
        let v = vec![value.to_string(); item.replicates as usize];
        l.store
            .enter_result_with(&l.tech, &n, &item.code, &v, None, &bench, None, None, t0())
            .unwrap();
    }
    submit_checked(l, &n);
    l.store
        .review(&l.reviewer, &n, true, None, None, t0())
        .unwrap();
    l.store.approve(&l.food_signatory, &n, None, t0()).unwrap();
    l.store
        .issue_report(&l.food_signatory, &n, t0(), &mut |_, _| {
            Ok(Rendered {
                pdf: b"%PDF-1.7 report".to_vec(),
                sha256: "0".repeat(64),
                qr_payload: String::new(),
                pages: 1,
                timestamp: None,
                pdf_writer: 2,
            })
        })
        .unwrap();
    n
}

fn national_day() -> HolidayCalendar {
    HolidayCalendar::parse(
        r#"holidays = ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08"]
           workdays = ["2026-09-27", "2026-10-10"]"#,
    )
    .unwrap()
}

#[test]
fn an_objection_after_the_working_day_deadline_is_refused_with_the_day_it_ran_out() {
    let l = lab();
    let n = failed_rice(&l);
    l.store
        .add_holidays(&l.admin, national_day(), at("2026-09-01"))
        .unwrap();
    let input = NoticeInput {
        delivered: day("2026-09-29"),
        delivery: Delivery::Post,
    };
    // Only a signatory issues it; the PDF's digest is kept.
    assert!(l
        .store
        .issue_notice(&l.clerk, &n, &input, at("2026-09-29"), &mut |_, _| Ok(
            vec![1]
        ))
        .is_err());
    let (_, notice, pdf) = l
        .store
        .issue_notice(
            &l.food_signatory,
            &n,
            &input,
            at("2026-09-29"),
            &mut |_, nt| Ok(format!("通知书 {}", nt.number).into_bytes()),
        )
        .unwrap();
    assert_eq!(notice.number, "TZ2026-0001");
    assert_eq!(
        notice.deadline,
        day("2026-10-15"),
        "7 working days around National Day"
    );
    assert_eq!(String::from_utf8(pdf).unwrap(), "通知书 TZ2026-0001");
    let late = at("2026-10-20");
    let m = l
        .store
        .record_objection(
            &l.clerk,
            &n,
            day("2026-10-16"),
            "福州金穗粮油有限公司",
            "检测方法有误",
            late,
        )
        .unwrap_err()
        .text(false);
    assert!(m.contains("2026-10-15") && m.contains("7 个工作日"), "{m}");
    assert!(l.store.order(&n).unwrap().after_failure.objection.is_none());
    let o = l
        .store
        .record_objection(
            &l.clerk,
            &n,
            day("2026-10-15"),
            "福州金穗粮油有限公司",
            "检测方法有误",
            late,
        )
        .unwrap();
    assert_eq!(
        o.after_failure.objection.as_ref().unwrap().received,
        day("2026-10-15")
    );

    // The re-test goes elsewhere: this lab cannot take its own reserve sample.
    let own = l.store.lab().unwrap().name;
    let m = l
        .store
        .release_reserve(&l.clerk, &n, &own, day("2026-10-20"), true, late)
        .unwrap_err()
        .text(false);
    assert!(m.contains("初检机构"), "{m}");
    let m = l
        .store
        .record_retest(&l.clerk, &n, retest(true), late)
        .unwrap_err()
        .text(false);
    assert!(m.contains("备样尚未移交"), "{m}");
    l.store
        .release_reserve(
            &l.clerk,
            &n,
            "福建省食品药品质量检验研究院",
            day("2026-10-20"),
            true,
            late,
        )
        .unwrap();
    let o = l
        .store
        .record_retest(&l.clerk, &n, retest(false), late + Duration::days(10))
        .unwrap();
    assert!(!o.after_failure.retest.as_ref().unwrap().confirmed);
    let ops: Vec<String> = l
        .store
        .audit_log(Some(&n))
        .unwrap()
        .into_iter()
        .map(|e| e.operation)
        .collect();
    for op in [
        "order.notice",
        "order.objection",
        "order.reserve.release",
        "order.retest",
    ] {
        assert!(ops.iter().any(|o| o == op), "{op} not audited: {ops:?}");
    }
    assert!(l.store.verify_audit(None).unwrap().ok());
    // The sampled unit's quality file shows the way the failure went.
    let file = l.store.enterprise_file(CLIENT).unwrap();
    let row = file.orders.iter().find(|r| r.order == n).unwrap();
    let words = row.after_failure.as_deref().unwrap_or_default();
    assert!(
        words.contains("2026-09-29 送达通知书") && words.contains("复检合格"),
        "{words}"
    );
}

fn retest(confirmed: bool) -> RetestConclusion {
    RetestConclusion {
        institution: "福建省食品药品质量检验研究院".into(),
        report: "FJSP2026-1234".into(),
        date: day("2026-10-29"),
        confirmed,
        note: String::new(),
    }
}

#[test]
fn a_product_notice_runs_fifteen_days_and_only_a_failed_spot_check_gets_one() {
    let l = lab();
    // A commissioned order that passed: no notice.
    let o = tested_order(&l);
    let input = NoticeInput {
        delivered: t0().date_naive(),
        delivery: Delivery::Hand,
    };
    let m = l
        .store
        .issue_notice(&l.signatory, &o.number, &input, t0(), &mut |_, _| {
            Ok(Vec::new())
        })
        .unwrap_err()
        .text(false);
    assert!(m.contains("不是监督抽查"), "{m}");
    // An objection before any notice is refused: the period has not begun.
    let m = l
        .store
        .record_objection(&l.clerk, &o.number, t0().date_naive(), "x", "y", t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("尚未送达"), "{m}");
    assert_eq!(
        unilab::store::objection_period(&o),
        unilab::supervision::deadline::Period::Days(15)
    );
}

#[test]
fn a_retest_order_needs_an_intact_seal_and_names_the_original_report() {
    let l = lab();
    let mut new = rebar_order(&["ReL", "Rm"]);
    new.remarks = "复检项目：ReL、Rm".into();
    let retest_of = |intact: bool| unilab::store::Registration {
        retest_of: Some(unilab::model::sampling::RetestOf {
            institution: "厦门市产品质量监督检验院".into(),
            report: "XM2026-000777".into(),
            seal: "F-2026-0456".into(),
            seal_intact: intact,
        }),
        ..Default::default()
    };
    let m = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &new, &retest_of(false), t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("F-2026-0456") && m.contains("破损"), "{m}");
    let o = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &new, &retest_of(true), t0())
        .unwrap();
    let r = o.retest_of.as_ref().unwrap();
    assert_eq!(
        (r.institution.as_str(), r.report.as_str()),
        ("厦门市产品质量监督检验院", "XM2026-000777")
    );
    let codes: Vec<&str> = o.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["ReL", "Rm"], "only the disputed items");
    // Its certificate says it is a re-test, of whose report, on which sealed sample.
    let lab = unilab::model::Lab::new("福建省测试检验研究院");
    let c =
        unilab::certificate::content_from_order(&o, &lab, "BH2026-000009", None, t0().date_naive());
    assert!(
        c.remarks
            .starts_with("复检：对厦门市产品质量监督检验院检验报告 XM2026-000777 的复检")
            && c.remarks.contains("F-2026-0456"),
        "{}",
        c.remarks
    );
}

/// What the desk's work queue lists for an order on a day: (waiting, due, days left).
fn running(l: &Lab1, n: &str, on: &str) -> Option<(Waiting, Option<NaiveDate>, Option<i64>)> {
    l.store
        .running_deadlines(day(on))
        .unwrap()
        .into_iter()
        .find(|d| d.order == n)
        .map(|d| (d.waiting, d.due, d.days_left))
}

#[test]
fn the_running_deadlines_follow_a_failure_step_by_step_with_the_days_left() {
    let l = lab();
    let n = failed_rice(&l);
    l.store
        .add_holidays(&l.admin, national_day(), at("2026-09-01"))
        .unwrap();
    // Issued on 2 March: the notice is due within the lab's 5 days.
    assert_eq!(
        running(&l, &n, "2026-03-04"),
        Some((Waiting::NoticeToDeliver, Some(day("2026-03-07")), Some(3)))
    );
    assert_eq!(
        running(&l, &n, "2026-03-09").map(|r| r.2),
        Some(Some(-2)),
        "late"
    );
    let input = NoticeInput {
        delivered: day("2026-09-29"),
        delivery: Delivery::Hand,
    };
    l.store
        .issue_notice(
            &l.food_signatory,
            &n,
            &input,
            at("2026-09-29"),
            &mut |_, _| Ok(vec![1]),
        )
        .unwrap();
    // 7 working days around National Day: open until 15 October, then nothing runs.
    assert_eq!(
        running(&l, &n, "2026-10-09"),
        Some((Waiting::ObjectionOpen, Some(day("2026-10-15")), Some(6)))
    );
    assert_eq!(running(&l, &n, "2026-10-16"), None);
    l.store
        .record_objection(
            &l.clerk,
            &n,
            day("2026-10-15"),
            "福州金穗粮油有限公司",
            "铅",
            at("2026-10-16"),
        )
        .unwrap();
    // No rule sets a day for handing over the reserve: listed without one.
    assert_eq!(
        running(&l, &n, "2026-10-16"),
        Some((Waiting::ReserveToRelease, None, None))
    );
    l.store
        .release_reserve(
            &l.clerk,
            &n,
            "福建省食品药品质量检验研究院",
            day("2026-10-20"),
            true,
            at("2026-10-20"),
        )
        .unwrap();
    // Food re-tests report within 10 working days of receiving the reserve sample.
    assert_eq!(
        running(&l, &n, "2026-10-20"),
        Some((Waiting::RetestAwaited, Some(day("2026-11-03")), Some(14)))
    );
    l.store
        .record_retest(&l.clerk, &n, retest(true), at("2026-10-30"))
        .unwrap();
    assert_eq!(running(&l, &n, "2026-10-30"), None, "final");
}
