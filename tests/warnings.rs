//! Early warning (issue 14): the lab's rules over the records raise a warning with its
//! evidence — an enterprise failing twice in twelve months, a product's pass rate in a region
//! below the threshold, an item's failures doubling quarter on quarter, a blacklisted
//! enterprise's name under another credit code — and a manager acknowledges one with a note,
//! audited; the rules are the lab's configuration, set by an administrator.

mod common;

use common::*;
use unilab::model::{credit_code, CreditClass, Enterprise};
use unilab::stats::warnings::{Rule, WarningRules};

fn approve(l: &Lab1, n: &str) {
    submit_checked(l, n);
    l.store
        .review(&l.reviewer, n, true, None, None, t0())
        .unwrap();
    l.store.approve(&l.signatory, n, None, t0()).unwrap();
}

#[test]
fn two_failures_raise_warnings_with_evidence_and_a_manager_acknowledges_one() {
    let l = lab();
    let task = common::campaign::task(&l, 4);
    let fail: &[(&str, &str)] = &[("ReL", "380")];
    let f1 = common::campaign::spot_check(&l, &task, PRODUCER, None, Some(fail)).number;
    let f2 = common::campaign::spot_check(&l, &task, PRODUCER, None, Some(fail)).number;
    let ok = common::campaign::spot_check(&l, &task, CLIENT, None, Some(&[])).number;
    let today = t0().date_naive();
    // One failure approved: nothing yet.
    approve(&l, &f1);
    approve(&l, &ok);
    let now = l.store.warnings(today).unwrap();
    assert!(
        !now.iter().any(|w| w.warning.rule == Rule::RepeatFailure),
        "{now:?}"
    );
    approve(&l, &f2);
    let now = l.store.warnings(today).unwrap();
    let repeat = now
        .iter()
        .find(|w| w.warning.rule == Rule::RepeatFailure)
        .expect("two failures in 12 months");
    assert_eq!(repeat.warning.evidence, vec![f1.clone(), f2.clone()]);
    assert!(
        repeat.warning.zh.contains("12 个月内 2 次不合格"),
        "{repeat:?}"
    );
    // ReL failed twice this quarter, never the last: a surge.
    let surge = now
        .iter()
        .find(|w| w.warning.rule == Rule::ItemSurge)
        .expect("ReL surge");
    assert!(
        surge.warning.zh.contains("本季度不合格 2 次，上季度 0 次"),
        "{surge:?}"
    );
    // Beijing (110000): 0 of 2 tested rebar samples passed — under the default 5 samples.
    assert!(!now.iter().any(|w| w.warning.rule == Rule::RegionRate));
    let admin = &l.admin;
    let rules = WarningRules {
        region_min: 2,
        ..WarningRules::default()
    };
    l.store.set_warning_rules(admin, &rules, t0()).unwrap();
    let region = l
        .store
        .warnings(today)
        .unwrap()
        .into_iter()
        .find(|w| w.warning.rule == Rule::RegionRate)
        .expect("region rate with 2 samples");
    assert!(region.warning.zh.contains("北京市"), "{region:?}");
    assert!(
        region.warning.zh.contains("最近 2 个已检样品合格 0 个"),
        "{region:?}"
    );
    // A threshold over 100 % is refused; a technician may not set rules.
    let bad = WarningRules {
        region_rate_below: 120,
        ..WarningRules::default()
    };
    let m = l
        .store
        .set_warning_rules(admin, &bad, t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("0～100"), "{m}");
    assert!(l.store.set_warning_rules(&l.tech, &rules, t0()).is_err());

    // Acknowledging: a manager, with a note; audited; it stays acknowledged.
    let id = repeat.warning.id.clone();
    assert!(l
        .store
        .acknowledge_warning(&l.clerk, &id, "已通知", t0())
        .is_err());
    let m = l
        .store
        .acknowledge_warning(&l.signatory, &id, "  ", t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("处理意见"), "{m}");
    let m = l
        .store
        .acknowledge_warning(&l.signatory, "repeat_failure:nobody:9", "x", t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("没有预警"), "{m}");
    l.store
        .acknowledge_warning(&l.signatory, &id, "已报告市局，列入下季度重点抽查", t0())
        .unwrap();
    let again = l.store.warnings(today).unwrap();
    let ack = again
        .iter()
        .find(|w| w.warning.id == id)
        .and_then(|w| w.acknowledged.clone())
        .expect("acknowledged");
    assert_eq!(ack.by, "sig");
    assert_eq!(ack.note, "已报告市局，列入下季度重点抽查");
    assert!(l
        .store
        .audit_log(Some(&id))
        .unwrap()
        .iter()
        .any(|e| e.operation == "warning.acknowledge"));
    assert!(l.store.verify_audit(None).unwrap().ok());
}

#[test]
fn a_blacklisted_enterprise_reappearing_under_another_code_is_flagged() {
    let l = lab();
    let code = credit_code::complete("91350100MA2Y0001")
        .or_else(|| credit_code::complete("91350100MA2Y00012"));
    let code = code.expect("a valid credit code");
    l.store
        .add_enterprise(
            &l.clerk,
            Enterprise {
                credit_code: code.clone(),
                // The producer's name, under another code, blacklisted.
                name: "北京建材集团有限公司".into(),
                address: "福建省福州市".into(),
                contact: String::new(),
                credit_class: CreditClass::C,
                blacklist: Some("地条钢".into()),
                revision: 0,
                quality: Default::default(),
            },
            t0(),
        )
        .unwrap();
    // Any order naming the producer counts, tested or not.
    let o = l
        .store
        .register_order(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), t0())
        .unwrap();
    let w = l.store.warnings(t0().date_naive()).unwrap();
    let alias = w
        .iter()
        .find(|w| w.warning.rule == Rule::BlacklistAlias)
        .expect("alias flagged");
    assert_eq!(alias.warning.evidence, vec![o.number.clone()]);
    assert!(
        alias.warning.zh.contains(&code) && alias.warning.zh.contains(PRODUCER),
        "{alias:?}"
    );
}
