//! The report of a supervision task to its organising authority (issue 13): the figures equal
//! the orders', the pass rate is exact and shown rounded to 0.1 %, and the CSV and XLSX
//! exports carry them.

mod common;
use common::campaign::*;
use common::*;

use rust_decimal::Decimal;
use unilab::model::{Order, OrderStatus};
use unilab::supervision::report::{standing, Standing, TaskReport};

fn report(c: &Campaign) -> TaskReport {
    c.lab.store.task_report(&c.task).unwrap()
}

#[test]
fn the_bureau_figures_equal_the_orders() {
    let c = campaign();
    let r = report(&c);
    assert_eq!(
        (r.planned, r.sampled, r.tested, r.passed, r.failed, r.reported),
        (8, 7, 6, 4, 2, 1)
    );
    assert_eq!(r.undecided, 0);
    // The same figures counted from the orders themselves, as stored.
    let now: Vec<Order> = c
        .orders
        .iter()
        .map(|o| c.lab.store.order(&o.number).unwrap())
        .collect();
    let count = |s: Standing| now.iter().filter(|o| standing(o) == s).count() as u32;
    assert_eq!(r.passed, count(Standing::Passed));
    assert_eq!(r.failed, count(Standing::Failed));
    assert_eq!(count(Standing::Testing), 1, "the untested order");
    assert_eq!(
        r.reported,
        now.iter()
            .filter(|o| o.status == OrderStatus::Issued)
            .count() as u32
    );
    assert!(now
        .iter()
        .filter(|o| standing(o) == Standing::Failed)
        .all(|o| o.overall().is_fail_side()));
}

#[test]
fn the_pass_rate_is_exact_and_shown_to_a_tenth_of_a_percent() {
    let r = report(&campaign());
    // 4 / 6: the quotient does not terminate, so it is held to 28 significant digits and
    // shown once rounded by GB/T 8170.
    let rate = r.pass_rate.unwrap();
    assert_eq!(
        rate,
        Decimal::from(4).checked_div(Decimal::from(6)).unwrap()
    );
    assert_eq!(rate.to_string(), "0.6666666666666666666666666667");
    assert_eq!(r.pass_rate_percent.as_deref(), Some("66.7"));
    assert_eq!(r.pass_rate_text(), "66.7 %");
}

#[test]
fn failing_items_are_counted_and_failing_enterprises_named_with_their_items() {
    let c = campaign();
    let r = report(&c);
    let items: Vec<(&str, &str, u32)> = r
        .failing_items
        .iter()
        .map(|i| (i.code.as_str(), i.name_zh.as_str(), i.count))
        .collect();
    assert_eq!(items, [("ReL", "下屈服强度", 2), ("W", "重量偏差", 1)]);
    let firms: Vec<(&str, &str, Option<&str>, Vec<&str>)> = r
        .failing_enterprises
        .iter()
        .map(|e| {
            (
                e.order.as_str(),
                e.sampled_unit.name.as_str(),
                e.producer.as_ref().map(|p| p.name.as_str()),
                e.items.iter().map(|i| i.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        firms,
        [
            (
                c.orders[4].number.as_str(),
                "福州钢铁有限公司",
                Some("北京建材集团有限公司"),
                vec!["ReL"]
            ),
            (
                c.orders[5].number.as_str(),
                "北京建材集团有限公司",
                None,
                vec!["ReL", "W"]
            ),
        ]
    );
}

#[test]
fn before_anything_is_tested_there_is_no_pass_rate() {
    let l = lab();
    let t = task(&l, 3);
    spot_check(&l, &t, CLIENT, None, None);
    let r = l.store.task_report(&t).unwrap();
    assert_eq!((r.sampled, r.tested, r.passed, r.failed), (1, 0, 0, 0));
    assert_eq!(r.pass_rate, None);
    assert_eq!(r.pass_rate_text(), "/");
    assert!(l.store.task_report("CC2026-9999").is_err());
}

#[test]
fn the_csv_starts_with_a_bom_and_carries_the_figures_in_three_blocks() {
    let r = report(&campaign());
    let csv = unilab::cli::task_export::csv(&r);
    assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
    for line in [
        "计划批次,planned,8",
        "已抽样批次,sampled,7",
        "已检验批次,tested,6",
        "合格批次,passed,4",
        "不合格批次,failed,2",
        "合格率,pass_rate,66.7 %",
        "ReL,下屈服强度,Lower yield strength,2",
        "[不合格企业 Failing enterprises]",
    ] {
        assert!(csv.contains(line), "{line} missing from:\n{csv}");
    }
    assert!(csv.contains("北京建材集团有限公司,91110000802100433B,/,/,ReL 下屈服强度；W 重量偏差"));
}

#[test]
fn the_workbook_is_written_as_an_xlsx_zip() {
    let r = report(&campaign());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("抽查汇总.xlsx");
    unilab::cli::task_export::write_xlsx(&r, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
    // The chart part is there when something failed.
    let names = String::from_utf8_lossy(&bytes);
    assert!(names.contains("xl/charts/chart1.xml"));
}

#[test]
fn the_enterprise_file_lists_every_order_naming_it() {
    let c = campaign();
    let f = c.lab.store.enterprise_file(PRODUCER).unwrap();
    assert_eq!(f.enterprise.name, "北京建材集团有限公司");
    // As sampled unit (orders 1, 3, 5), as labelled producer (0, 4, 6), the other task's
    // spot check is not its, and the commissioned test names it as producer.
    let mine: Vec<&str> = f.orders.iter().map(|r| r.order.as_str()).collect();
    for i in [0, 1, 3, 4, 5, 6] {
        assert!(mine.contains(&c.orders[i].number.as_str()), "{i}: {mine:?}");
    }
    assert!(!mine.contains(&c.orders[2].number.as_str()));
    assert_eq!(f.orders.len(), 7, "{mine:?}");
    assert_eq!(f.spot_checks(), 6);
    assert_eq!(f.failed(), 2, "the commissioned test passes");
    let failed = f
        .orders
        .iter()
        .find(|r| r.order == c.orders[5].number)
        .unwrap();
    assert_eq!(failed.task.as_deref(), Some(c.task.as_str()));
    assert_eq!(failed.failed_items, ["ReL 下屈服强度", "W 重量偏差"]);
}
