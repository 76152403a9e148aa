//! Supervision tasks and the draw (issue 13): recorded through the store's rules, drawn
//! reproducibly from a seed by credit class, blacklisted enterprises always in, enterprises
//! sampled for the same product inside the repeat window left out.

mod common;

use common::*;
use unilab::inspection::InspectionType;
use unilab::model::{CreditClass, Enterprise};
use unilab::store::NewTask;

/// Twelve more enterprises: four per class in Fuzhou (350100) and Xiamen (350200), one of the
/// C class blacklisted.
fn enterprises(l: &Lab1) -> Vec<String> {
    let mut codes = Vec::new();
    for i in 0..12 {
        let area = if i % 2 == 0 { "350100" } else { "350200" };
        let stem = format!("91{area}MA{:06}", 300_000 + i * 7919);
        let code = unilab::model::credit_code::complete(&stem).unwrap();
        let class = [CreditClass::A, CreditClass::B, CreditClass::C][i % 3];
        l.store
            .add_enterprise(
                &l.clerk,
                Enterprise {
                    credit_code: code.clone(),
                    name: format!("福建示例钢铁{i:02}有限公司"),
                    address: "福建省".into(),
                    contact: String::new(),
                    credit_class: class,
                    blacklist: (i == 5).then(|| "2025 年地条钢专项".to_string()),
                    revision: 0,
                    quality: Default::default(),
                },
                t0(),
            )
            .unwrap();
        codes.push(code);
    }
    codes
}

fn rebar_task(scope: &[&str]) -> NewTask {
    NewTask {
        name: "2026 年第一季度热轧带肋钢筋产品质量监督抽查".into(),
        authority: "福建省市场监督管理局".into(),
        standard: "GB 1499.2-2024".into(),
        grade: "HRB400E".into(),
        spec: None,
        batches: 20,
        scope: scope.iter().map(|s| s.to_string()).collect(),
        sampling_due: Some("2026-03-20".parse().unwrap()),
        report_due: Some("2026-04-10".parse().unwrap()),
        campaign: "地条钢专项".into(),
    }
}

#[test]
fn a_task_names_an_edition_and_grade_the_library_knows() {
    let l = lab();
    let mut bad = rebar_task(&[]);
    bad.grade = "HRB335".into();
    let m = l
        .store
        .add_task(&l.clerk, &l.catalog, &bad, t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("HRB335") && m.contains("HRB400E"), "{m}");
    let mut none = rebar_task(&[]);
    none.batches = 0;
    assert!(l.store.add_task(&l.clerk, &l.catalog, &none, t0()).is_err());
    let m = l
        .store
        .add_task(&l.tech, &l.catalog, &rebar_task(&[]), t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("管理员") || m.contains("收样员"), "{m}");
    let t = l
        .store
        .add_task(&l.clerk, &l.catalog, &rebar_task(&[]), t0())
        .unwrap();
    assert_eq!(t.number, "CC2026-0001");
    assert_eq!(t.product, "热轧带肋钢筋");
}

#[test]
fn the_draw_is_reproducible_weighted_and_includes_the_blacklisted() {
    let l = lab();
    let codes = enterprises(&l);
    let t = l
        .store
        .add_task(&l.clerk, &l.catalog, &rebar_task(&["350100"]), t0())
        .unwrap();
    let first = l
        .store
        .draw_for_task(&l.clerk, &l.catalog, &t.number, 4, 20261202, t0())
        .unwrap();
    let again = l
        .store
        .draw_for_task(&l.clerk, &l.catalog, &t.number, 4, 20261202, t0())
        .unwrap();
    assert_eq!(
        first.chosen, again.chosen,
        "same seed, same file: same draw"
    );
    assert_eq!(first.chosen.len(), 4);
    // Scope: Fuzhou only (the client 91350100… is in Fuzhou too).
    for c in &first.chosen {
        assert_eq!(&c[2..8], "350100", "{c} is outside the scope");
    }
    // The blacklisted enterprise (index 5) is in Xiamen: out of scope, so not drawn; draw
    // Xiamen and it is always first.
    let x = l
        .store
        .add_task(&l.clerk, &l.catalog, &rebar_task(&["350200"]), t0())
        .unwrap();
    for seed in [1, 2, 3] {
        let d = l
            .store
            .draw_for_task(&l.clerk, &l.catalog, &x.number, 2, seed, t0())
            .unwrap();
        assert_eq!(d.chosen[0], codes[5], "seed {seed}: {:?}", d.chosen);
        // Class A (indexes 0, 3, 6, 9) has weight 0 in a routine task.
        for a in [&codes[3], &codes[9]] {
            assert!(!d.chosen.contains(a), "class A drawn: {:?}", d.chosen);
        }
    }
    // The seed and the result are in the audit trail.
    let log = l.store.audit_log(Some(&t.number)).unwrap();
    let draw = log.iter().find(|e| e.operation == "task.draw").unwrap();
    let after = draw.after.as_ref().unwrap();
    assert_eq!(after["seed"], 20261202);
    assert_eq!(after["chosen"], serde_json::json!(first.chosen));
    assert!(l.store.verify_audit(None).unwrap().ok());
}

#[test]
fn an_enterprise_sampled_for_the_product_inside_the_window_is_left_out() {
    let l = lab();
    enterprises(&l);
    let mut order = rebar_order(&["ReL"]);
    order.inspection_type = InspectionType::Supervision;
    order.standard = "GB/T 1499.2-2018".into();
    order.grade = "HRB400E".into();
    order.allow_withdrawn = true;
    register_spot_check(&l, &order);
    let t = l
        .store
        .add_task(&l.clerk, &l.catalog, &rebar_task(&[CLIENT]), t0())
        .unwrap();
    // The client was sampled for rebar (an earlier edition: the same product) this month.
    let m = l
        .store
        .draw_for_task(&l.clerk, &l.catalog, &t.number, 1, 9, t0())
        .unwrap();
    assert!(m.chosen.is_empty(), "{m:?}");
    assert_eq!(m.repeat, vec![CLIENT.to_string()]);
    // Seven months on, outside the default six-month window, it may be drawn again.
    let later = t0() + chrono::Duration::days(213);
    let d = l
        .store
        .draw_for_task(&l.clerk, &l.catalog, &t.number, 1, 9, later)
        .unwrap();
    assert_eq!(d.chosen, vec![CLIENT.to_string()]);
}

#[test]
fn a_spot_check_needs_its_sampling_record_and_takes_the_tasks_edition() {
    let l = lab();
    let codes = enterprises(&l);
    let t = l
        .store
        .add_task(&l.clerk, &l.catalog, &rebar_task(&[]), t0())
        .unwrap();
    let mut new = rebar_order(&[]);
    new.inspection_type = InspectionType::Supervision;
    new.client = String::new();
    let register = |reg: &unilab::store::Registration| {
        l.store
            .register_order_with(&l.clerk, &l.catalog, &new, reg, t0())
            .map_err(|e| e.text(false))
    };
    // Without the sampling record: refused, naming everything missing.
    let m = register(&Default::default()).unwrap_err();
    for want in [
        "抽样单",
        "抽样人员",
        "抽样日期",
        "受检单位",
        "封条编号",
        "抽样基数",
    ] {
        assert!(m.contains(want), "{want}: {m}");
    }
    // One sampler is not enough.
    let mut s = sampling(&t.number, &codes[5]);
    s.samplers.pop();
    let reg = |s: &unilab::model::sampling::SamplingInput| unilab::store::Registration {
        sampling: Some(s.clone()),
        ..Default::default()
    };
    let m = register(&reg(&s)).unwrap_err();
    assert!(m.contains("两名抽样人员"), "{m}");
    // Another edition than the task's: refused (三统一).
    let s = sampling(&t.number, &codes[5]);
    let mut old = new.clone();
    old.standard = "GB/T 1499.2-2018".into();
    let m = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &old, &reg(&s), t0())
        .unwrap_err()
        .text(false);
    assert!(m.contains("GB 1499.2-2024"), "{m}");
    // The sampled unit is the blacklisted enterprise: accepted (spot checks target it), the
    // authority stands as client, and the sampling record is on the order.
    let o = register(&reg(&s)).unwrap();
    let rec = o.sampling.as_ref().unwrap();
    assert_eq!(rec.sampled_unit.credit_code, codes[5]);
    assert_eq!(rec.samplers, ["陈抽样", "林抽样"]);
    assert_eq!(rec.task, t.number);
    assert_eq!(o.client.name, "福建省市场监督管理局");
    assert_eq!(
        (o.standard.code.as_str(), o.grade.as_str()),
        ("GB 1499.2-2024", "HRB400E")
    );
}

#[test]
fn a_blacklisted_client_of_a_commissioned_test_needs_a_reason() {
    let l = lab();
    let codes = enterprises(&l);
    let mut new = rebar_order(&["ReL"]);
    new.client = codes[5].clone();
    let m = l
        .store
        .register_order(&l.clerk, &l.catalog, &new, t0())
        .unwrap_err()
        .text(false);
    assert!(
        m.contains("黑名单") && m.contains("--blacklist-reason"),
        "{m}"
    );
    let reg = unilab::store::Registration {
        blacklist_reason: Some("整改后自愿送检，局里同意".into()),
        ..Default::default()
    };
    let o = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &new, &reg, t0())
        .unwrap();
    assert_eq!(
        o.blacklist_reason.as_deref(),
        Some("整改后自愿送检，局里同意")
    );
    // A reason given for a client who is not blacklisted is not recorded as if it were.
    let o = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &rebar_order(&["ReL"]), &reg, t0())
        .unwrap();
    assert_eq!(o.blacklist_reason, None);
}
