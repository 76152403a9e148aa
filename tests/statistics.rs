//! Statistics (issue 14) checked against a straightforward recount over the orders themselves:
//! a generated lab of mixed products and outcomes taken through approval, every grouping's
//! figures recounted from `Order::overall` and `Order::outcomes`; then the edge cases a
//! spreadsheet user would catch — a group with one sample, a group all failed, a group with
//! nothing tested, a period with nothing in it.

mod common;

use std::collections::BTreeMap;

use chrono::Datelike;
use common::*;
use unilab::catalog::Catalog;
use unilab::judge::Verdict;
use unilab::model::{Lab, Order, OrderStatus, Role};
use unilab::stats::table::{By, Period, Row, Table};
use unilab::store::Store;

/// (samples, tested, passed, failed) per group key, recounted the long way.
type Recount = BTreeMap<String, (u32, u32, u32, u32)>;

fn verdict(o: &Order) -> Option<bool> {
    if o.status < OrderStatus::Approved {
        return None;
    }
    match o.overall() {
        Verdict::Pass | Verdict::ConditionalPass => Some(true),
        Verdict::Fail | Verdict::ConditionalFail => Some(false),
        _ => None,
    }
}

fn recount(orders: &[Order], key: impl Fn(&Order) -> Option<String>) -> Recount {
    let mut out = Recount::new();
    for o in orders {
        let Some(k) = key(o) else { continue };
        let e = out.entry(k).or_default();
        e.0 += 1;
        match verdict(o) {
            Some(true) => (e.1 += 1, e.2 += 1),
            Some(false) => (e.1 += 1, e.3 += 1),
            None => ((), ()),
        };
    }
    out
}

fn figures(t: &Table) -> Recount {
    t.rows
        .iter()
        .map(|r| (r.group.clone(), (r.samples, r.tested, r.passed, r.failed)))
        .collect()
}

/// A generated lab: 160 orders of four products from 500 enterprises, about 90 % with results,
/// and every complete one checked, submitted, reviewed and approved.
fn generated() -> (tempfile::TempDir, Store, Vec<Order>) {
    use unilab::bench::generate::{authorise_all, generate, PASSWORD};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(
        &dir.path().join("unilab.redb"),
        Lab::new("福建省测试检验研究院"),
        "admin",
        "管理员",
        "adminpass",
        t0(),
    )
    .unwrap();
    let catalog = Catalog::load(&[]).unwrap();
    let admin = store.authenticate("admin", "adminpass", t0()).unwrap();
    generate(&store, &catalog, &admin, 160, 7, t0(), &mut |_| true).unwrap();
    let add = |login: &str, roles: &[Role], fields: &[&str]| {
        let fields: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        store
            .add_user(&admin, login, login, roles, &fields, "secret1", t0())
            .unwrap()
    };
    let chk = add("chk", &[Role::Technician], &[]);
    let chk = authorise_all(&store, &catalog, &admin, &chk, t0()).unwrap();
    let rev = add("rev", &[Role::Reviewer], &[]);
    let sig = add("sig", &[Role::Signatory], &["*"]);
    let bulk = store.authenticate("bulk", PASSWORD, t0()).unwrap();
    for s in store.order_summaries().unwrap() {
        let o = store.order(&s.number).unwrap();
        if o.status != OrderStatus::InTesting || !o.missing_results().is_empty() {
            continue;
        }
        store.check_order(&chk, &s.number, None, t0()).unwrap();
        store.submit(&bulk, &s.number, None, t0()).unwrap();
        store
            .review(&rev, &s.number, true, None, None, t0())
            .unwrap();
        store.approve(&sig, &s.number, None, t0()).unwrap();
    }
    let orders: Vec<Order> = store
        .order_summaries()
        .unwrap()
        .iter()
        .map(|s| store.order(&s.number).unwrap())
        .collect();
    (dir, store, orders)
}

#[test]
fn every_grouping_equals_a_recount_over_the_orders() {
    let (_dir, store, orders) = generated();
    let approved = orders
        .iter()
        .filter(|o| o.status >= OrderStatus::Approved)
        .count();
    let failed = orders.iter().filter(|o| verdict(o) == Some(false)).count();
    assert!(
        approved > 100 && failed > 5,
        "{approved} approved, {failed} failed"
    );
    let src = store.stats_source().unwrap();
    let today = t0().date_naive();
    let all = Period::default();

    let by = |b| figures(&src.table(b, all, today));
    assert_eq!(
        by(By::Product),
        recount(&orders, |o| Some(o.standard.code.clone()))
    );
    assert_eq!(
        by(By::Enterprise),
        recount(&orders, |o| Some(o.client.credit_code.clone()))
    );
    assert_eq!(
        by(By::Region),
        recount(&orders, |o| Some(o.client.credit_code[2..8].to_string()))
    );
    assert_eq!(
        by(By::Type),
        recount(&orders, |o| Some(o.inspection_type.key().into()))
    );
    let month = |o: &Order| {
        let d = o.registered_at.date_naive();
        Some(format!("{:04}-{:02}", d.year(), d.month()))
    };
    assert_eq!(by(By::Month), recount(&orders, month));
    // The trend lines: each product's rate in each month, as a recount by product and month.
    let months = src.table(By::Month, all, today);
    let trends = unilab::stats::trend::product_trends(&src.facts, &months, 3);
    assert_eq!(trends.len(), 3);
    let per = recount(&orders, |o| {
        month(o).map(|m| format!("{}|{m}", o.standard.code))
    });
    for tr in &trends {
        for (row, got) in months.rows.iter().zip(&tr.percent) {
            let (_, tested, passed, _) = per
                .get(&format!("{}|{}", tr.product, row.group))
                .copied()
                .unwrap_or_default();
            let want = unilab::supervision::report::pass_rate(passed, tested).map(|r| r.1);
            assert_eq!(got, &want, "{} {}", tr.product, row.group);
        }
    }
    // No spot checks here: no task or campaign rows at all.
    assert!(by(By::Task).is_empty() && by(By::Campaign).is_empty());

    // By item: each judged item of an approved order counts once for its code.
    let mut items = Recount::new();
    for o in orders.iter().filter(|o| o.status >= OrderStatus::Approved) {
        for out in o.outcomes() {
            let v = match out.verdict() {
                Some(Verdict::Pass | Verdict::ConditionalPass) => true,
                Some(Verdict::Fail | Verdict::ConditionalFail) => false,
                _ => continue,
            };
            let e = items.entry(out.code.clone()).or_default();
            e.0 += 1;
            e.1 += 1;
            if v {
                e.2 += 1
            } else {
                e.3 += 1
            }
        }
    }
    assert_eq!(by(By::Item), items);

    // The total, and every rate as passed / tested with one rounding to 0.1 %.
    let t = src.table(By::Product, all, today);
    assert_eq!(t.total.samples as usize, orders.len());
    assert_eq!(t.total.failed as usize, failed);
    for r in t.rows.iter().chain([&t.total]) {
        check_rate(r);
    }
    // Failures first: no row has more failures than the one above it.
    assert!(t.rows.windows(2).all(|w| w[0].failed >= w[1].failed));
    // The failing items of the total add up to the items' failures.
    let item_failures: u32 = items.values().map(|v| v.3).sum();
    let listed: u32 = t.total.failing_items.iter().map(|i| i.failed).sum();
    assert_eq!(listed, item_failures);
}

fn check_rate(r: &Row) {
    use rust_decimal::Decimal;
    match r.tested {
        0 => assert!(
            r.pass_rate.is_none() && r.pass_rate_percent.is_none(),
            "{r:?}"
        ),
        t => {
            let exact = Decimal::from(r.passed) / Decimal::from(t);
            assert_eq!(r.pass_rate, Some(exact.normalize()), "{r:?}");
            let pct = (Decimal::from(r.passed) * Decimal::ONE_HUNDRED / Decimal::from(t))
                .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointNearestEven);
            assert_eq!(
                r.pass_rate_percent.as_deref(),
                Some(format!("{pct:.1}").as_str()),
                "{r:?}"
            );
        }
    }
}

use common::campaign;

fn approve(l: &Lab1, n: &str) {
    submit_checked(l, n);
    l.store
        .review(&l.reviewer, n, true, None, None, t0())
        .unwrap();
    l.store.approve(&l.signatory, n, None, t0()).unwrap();
}

fn row<'a>(t: &'a Table, group: &str) -> &'a Row {
    t.rows
        .iter()
        .find(|r| r.group == group)
        .unwrap_or_else(|| panic!("no row {group}: {:?}", t.rows))
}

#[test]
fn one_sample_all_failed_nothing_tested_an_overturned_retest_and_an_empty_period() {
    use unilab::model::objection::{Delivery, RetestConclusion};
    use unilab::store::{NewTask, NoticeInput, Rendered};
    let l = lab();
    let task = l
        .store
        .add_task(
            &l.clerk,
            &l.catalog,
            &NewTask {
                name: "钢筋抽查".into(),
                authority: "福建省市场监督管理局".into(),
                standard: "GB 1499.2-2024".into(),
                grade: "HRB400E".into(),
                spec: Some("d14-20".into()),
                batches: 4,
                campaign: "地条钢专项".into(),
                ..Default::default()
            },
            t0(),
        )
        .unwrap()
        .number;
    let fail: &[(&str, &str)] = &[("ReL", "380")];
    // CLIENT: one sample, passed. PRODUCER: two, both failed. A third: sampled, not tested.
    let one = campaign::spot_check(&l, &task, CLIENT, None, Some(&[])).number;
    let f1 = campaign::spot_check(&l, &task, PRODUCER, None, Some(fail)).number;
    let f2 = campaign::spot_check(&l, &task, PRODUCER, None, Some(fail)).number;
    campaign::spot_check(&l, &task, CLIENT, Some(PRODUCER), None);
    for n in [&one, &f1, &f2] {
        approve(&l, n);
    }
    let today = t0().date_naive();
    let all = Period::default();
    let src = l.store.stats_source().unwrap();
    let t = src.table(By::Enterprise, all, today);
    let c = row(&t, CLIENT);
    assert_eq!((c.samples, c.tested, c.passed, c.failed), (1, 1, 1, 0));
    assert_eq!(c.pass_rate_percent.as_deref(), Some("100.0"));
    let p = row(&t, PRODUCER);
    // The untested one is labelled PRODUCER's: a sample, not tested.
    assert_eq!((p.samples, p.tested, p.passed, p.failed), (3, 2, 0, 2));
    assert_eq!(p.pass_rate_percent.as_deref(), Some("0.0"));
    assert_eq!(
        p.failing_items.first().map(|i| (i.code.as_str(), i.failed)),
        Some(("ReL", 2))
    );
    assert_eq!(t.rows[0].group, PRODUCER, "most failures first");
    // By item: ReL judged in three approved orders, failed in two.
    let items = src.table(By::Item, all, today);
    let rel = row(&items, "ReL");
    assert_eq!((rel.tested, rel.passed, rel.failed), (3, 1, 2));
    assert_eq!(rel.pass_rate_percent.as_deref(), Some("33.3"));
    // Task, campaign and quarter rows carry the four spot checks.
    for (by, group) in [
        (By::Task, task.as_str()),
        (By::Campaign, "地条钢专项"),
        (By::Quarter, "2026-Q1"),
    ] {
        let r = src.table(by, all, today);
        let g = row(&r, group);
        assert_eq!((g.samples, g.tested, g.failed), (4, 3, 2), "{by:?}");
    }

    // The re-test overturns one failure: the final result counts.
    let render = &mut |_: &_, _: _| -> Result<Rendered, unilab::message::Msg> {
        Ok(Rendered {
            pdf: b"%PDF-1.7 test".to_vec(),
            sha256: "0".repeat(64),
            qr_payload: String::new(),
            pages: 1,
            timestamp: None,
            pdf_writer: 2,
        })
    };
    l.store
        .issue_report(&l.signatory, &f2, t0(), render)
        .unwrap();
    let input = NoticeInput {
        delivered: today,
        delivery: Delivery::Hand,
    };
    l.store
        .issue_notice(&l.signatory, &f2, &input, t0(), &mut |_, _| Ok(vec![1]))
        .unwrap();
    l.store
        .record_objection(&l.clerk, &f2, today, "北京建材集团有限公司", "ReL", t0())
        .unwrap();
    l.store
        .release_reserve(&l.clerk, &f2, "国家钢材质量检验检测中心", today, true, t0())
        .unwrap();
    let overturned = RetestConclusion {
        institution: "国家钢材质量检验检测中心".into(),
        report: "GJ2026-0001".into(),
        date: today,
        confirmed: false,
        note: String::new(),
    };
    l.store
        .record_retest(&l.clerk, &f2, overturned, t0())
        .unwrap();
    let src = l.store.stats_source().unwrap();
    let p = row(&src.table(By::Enterprise, all, today), PRODUCER).clone();
    assert_eq!((p.tested, p.passed, p.failed), (2, 1, 1));
    assert_eq!(p.pass_rate_percent.as_deref(), Some("50.0"));
    // Issued the day it was received: turnaround 0 days.
    assert_eq!(p.turnaround_median_days, Some(0));

    // A period with nothing in it: no rows, a total of nothing, no rate.
    let later = Period {
        from: chrono::NaiveDate::from_ymd_opt(2030, 1, 1),
        to: None,
    };
    let empty = src.table(By::Product, later, today);
    assert!(empty.rows.is_empty());
    assert_eq!((empty.total.samples, empty.total.tested), (0, 0));
    assert!(empty.total.pass_rate.is_none());
}

#[test]
fn rows_kept_and_brought_up_to_date_equal_a_fresh_read() {
    let l = lab();
    let first = tested_order(&l);
    let mut kept = l.store.stats_source().unwrap();
    assert_eq!(kept.facts.len(), 1);
    let before = kept.table(By::Product, Period::default(), t0().date_naive());
    assert_eq!((before.total.samples, before.total.tested), (1, 0));

    // Since then: the first order approved (its row changes), a second registered (a new row,
    // inserted in number order), and nothing about a third that never existed.
    approve(&l, &first.number);
    let second = tested_order(&l);
    l.store.refresh_stats(&mut kept).unwrap();
    let fresh = l.store.stats_source().unwrap();
    assert_eq!(kept.stamp, fresh.stamp);
    assert_eq!(kept.facts, fresh.facts);
    let numbers: Vec<&str> = kept.facts.iter().map(|f| f.number.as_str()).collect();
    assert_eq!(numbers, [first.number.as_str(), second.number.as_str()]);
    let after = kept.table(By::Product, Period::default(), t0().date_naive());
    assert_eq!((after.total.samples, after.total.tested), (2, 1));

    // Nothing written since: nothing read, nothing changed.
    let stamp = kept.stamp;
    l.store.refresh_stats(&mut kept).unwrap();
    assert_eq!((kept.stamp, kept.facts.len()), (stamp, 2));
}
