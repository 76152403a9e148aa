//! The order lists as queries over the store's indexes: every page walk, in either direction,
//! sorted any way, filtered or not, gives exactly the rows the whole list would; counts come
//! from kept counts and agree; `audit verify` notices indexes that disagree with the orders and
//! `reindex_lists` puts them right.

mod common;

use chrono::Days;
use common::*;
use unilab::model::{OrderStatus, OrderSummary};
use unilab::store::{ListFrom, ListSort, OrderQuery};

const SAMPLES: [&str; 4] = ["热轧带肋钢筋", "钢筋焊接网", "Steel Bar", "预应力钢绞线"];

/// Twenty-four orders over two clients, four sample names, five due days and three statuses.
fn stocked() -> Lab1 {
    let l = lab();
    for i in 0..24u64 {
        let mut new = rebar_order(&["ReL", "Rm"]);
        if i % 3 == 1 {
            new.client = PRODUCER.into();
        }
        new.sample.name = SAMPLES[(i % 4) as usize].into();
        new.due = t0().date_naive().checked_add_days(Days::new(7 + i % 5));
        let o = l
            .store
            .register_order(&l.clerk, &l.catalog, &new, t0())
            .unwrap();
        if i % 2 == 0 {
            l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
        }
        if i % 4 == 0 {
            let v = vec!["445".to_string(), "450".to_string()];
            l.store
                .enter_at_bench(&l.tech, &o.number, "ReL", &v, None, None, t0())
                .unwrap();
        }
    }
    l
}

/// The list as the whole table says it should be.
fn expected(all: &[OrderSummary], q: &OrderQuery) -> Vec<String> {
    let needle = q.filter.trim().to_lowercase();
    let mut rows: Vec<(String, String)> = all
        .iter()
        .filter(|s| q.statuses.is_empty() || q.statuses.contains(&s.status))
        .filter(|s| s.matches(&needle))
        .map(|s| (q.key_of(s), s.number.clone()))
        .collect();
    rows.sort();
    if q.reverse {
        rows.reverse();
    }
    rows.into_iter().map(|r| r.1).collect()
}

/// Every row, three at a time, from the start forward or from the end back.
fn walk(l: &Lab1, q: &OrderQuery, back: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut from = if back { ListFrom::End } else { ListFrom::Start };
    loop {
        let page = l.store.order_page(q, &from, 3).unwrap();
        let mut numbers: Vec<String> = page.rows.iter().map(|r| r.1.number.clone()).collect();
        if back {
            numbers.append(&mut out);
            out = numbers;
        } else {
            out.extend(numbers);
        }
        match page.resume.filter(|_| page.more) {
            Some(k) if back => from = ListFrom::Before(k),
            Some(k) => from = ListFrom::After(k),
            None => return out,
        }
    }
}

#[test]
fn every_walk_gives_the_whole_lists_rows_in_order() {
    let l = stocked();
    let all = l.store.order_summaries().unwrap();
    assert_eq!(all.len(), 24);
    let status_sets = [
        vec![],
        vec![OrderStatus::Registered],
        vec![OrderStatus::Received, OrderStatus::InTesting],
    ];
    let sorts = [
        ListSort::Number,
        ListSort::Due,
        ListSort::Client,
        ListSort::Status,
    ];
    let filters = [
        "", "钢筋", "福州", "WT", "steel", "gb 1499", "无此", "-0000",
    ];
    let mut nonempty = 0;
    for statuses in &status_sets {
        for sort in sorts {
            for reverse in [false, true] {
                for filter in filters {
                    let q = OrderQuery {
                        statuses: statuses.clone(),
                        sort,
                        reverse,
                        filter: filter.into(),
                        ..OrderQuery::default()
                    };
                    let want = expected(&all, &q);
                    nonempty += usize::from(!want.is_empty());
                    assert_eq!(walk(&l, &q, false), want, "forward {q:?}");
                    assert_eq!(walk(&l, &q, true), want, "backward {q:?}");
                    let count = l.store.order_count(&q).unwrap();
                    if count.exact {
                        assert_eq!(count.rows, want.len() as u64, "{q:?}");
                    } else {
                        assert!(count.rows >= want.len() as u64, "{q:?} {count:?}");
                    }
                }
            }
        }
    }
    // The grid is not vacuous: most lists hold rows.
    assert!(nonempty > 100, "{nonempty}");
}

#[test]
fn a_page_at_a_row_starts_there_and_counts_are_exact_without_a_filter() {
    let l = stocked();
    let all = l.store.order_summaries().unwrap();
    let q = OrderQuery {
        sort: ListSort::Due,
        reverse: true,
        ..OrderQuery::default()
    };
    let want = expected(&all, &q);
    let fifth = all.iter().find(|s| s.number == want[5]).unwrap();
    let page = l
        .store
        .order_page(&q, &ListFrom::At(q.key_of(fifth)), 3)
        .unwrap();
    let got: Vec<&str> = page.rows.iter().map(|r| r.1.number.as_str()).collect();
    assert_eq!(
        got,
        want[5..8].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let count = l.store.order_count(&q).unwrap();
    assert!(count.exact);
    assert_eq!(count.rows, 24);
    // A client's name is counted exactly from the dictionary.
    let q = OrderQuery {
        filter: "北京建材".into(),
        ..OrderQuery::default()
    };
    let count = l.store.order_count(&q).unwrap();
    assert_eq!((count.rows, count.exact), (8, true));
    // Such a list comes whole; a page of it from a row still starts at that row.
    let q = OrderQuery {
        reverse: true,
        sort: ListSort::Client,
        ..q
    };
    let want = expected(&all, &q);
    let third = all.iter().find(|s| s.number == want[3]).unwrap();
    let key = q.key_of(third);
    let numbers = |from: ListFrom| -> Vec<String> {
        let page = l.store.order_page(&q, &from, 3).unwrap();
        page.rows.into_iter().map(|r| r.1.number).collect()
    };
    assert_eq!(numbers(ListFrom::At(key.clone())), want[3..]);
    assert_eq!(numbers(ListFrom::After(key.clone())), want[4..]);
    assert_eq!(numbers(ListFrom::Before(key)), want[..3]);
}

#[test]
fn status_counts_follow_every_step_and_name_the_overdue() {
    let l = stocked();
    let all = l.store.order_summaries().unwrap();
    let late_day = t0().date_naive().checked_add_days(Days::new(10)).unwrap();
    let counts = l.store.status_counts(None, late_day).unwrap();
    for (st, n, late) in counts {
        let of: Vec<&OrderSummary> = all.iter().filter(|s| s.status == st).collect();
        assert_eq!(n, of.len() as u64, "{st:?}");
        let overdue = of.iter().filter(|s| s.is_overdue(late_day)).count();
        assert_eq!(late, overdue as u64, "{st:?}");
    }
    let registered = |l: &Lab1| {
        l.store
            .status_counts(None, late_day)
            .unwrap()
            .into_iter()
            .find(|c| c.0 == OrderStatus::Registered)
            .unwrap()
            .1
    };
    let before = registered(&l);
    let waiting = all
        .iter()
        .find(|s| s.status == OrderStatus::Registered)
        .unwrap();
    l.store
        .receive(&l.clerk, &waiting.number, None, t0())
        .unwrap();
    assert_eq!(registered(&l), before - 1);
    // The received order left the 待收样 list and joined the 已收样 one.
    let q = |st| OrderQuery {
        statuses: vec![st],
        ..OrderQuery::default()
    };
    let regs = walk(&l, &q(OrderStatus::Registered), false);
    assert!(!regs.contains(&waiting.number));
    assert!(walk(&l, &q(OrderStatus::Received), false).contains(&waiting.number));
}

#[test]
fn verify_notices_list_indexes_that_disagree_and_reindex_mends_them() {
    if file_engine_only("editing the redb file behind the store") {
        return;
    }
    let l = stocked();
    let lists_warned = |w: &[String]| w.iter().any(|w| w.contains("列表"));
    assert!(!lists_warned(&l.store.verify_audit(None).unwrap().warnings));
    let key = "n\u{1f}\u{1f}0";
    unilab::store::tamper_with_record(&l.db_path(), "order_counts", key, |b| {
        b[7] = b[7].wrapping_add(5)
    })
    .unwrap();
    let check = l.store.verify_audit(None).unwrap();
    assert!(
        check.ok(),
        "derived rows are not evidence against the records"
    );
    assert!(
        check.warnings.iter().any(|w| w.contains("列表计数有 1 项")),
        "{:?}",
        check.warnings
    );
    assert!(l.store.reindex_lists(&l.clerk, t0()).is_err());
    l.store.reindex_lists(&l.admin, t0()).unwrap();
    let check = l.store.verify_audit(None).unwrap();
    assert!(check.ok() && !lists_warned(&check.warnings), "{check:?}");
    let log = l.store.audit_log(None).unwrap();
    assert_eq!(log.last().unwrap().operation, "lists.reindex");
}
