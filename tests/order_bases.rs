//! Orders resting on several bases, with declared values, dimensions and a decision rule agreed
//! at registration (issue 11), through the store and onto the certificate.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use common::*;
use rust_decimal::Decimal;
use unilab::certificate::{content_from_order, Renderer, Template};
use unilab::decision::{DecisionRule, Uncertainty};
use unilab::inspection::InspectionType;
use unilab::judge::Verdict;
use unilab::model::{Lab, Order, Sample};
use unilab::number::parse_decimal;
use unilab::store::{MoreBasis, NewOrder, Registration};

fn d(s: &str) -> Decimal {
    parse_decimal(s).unwrap()
}

fn fertilizer(items: &[&str]) -> NewOrder {
    NewOrder {
        inspection_type: InspectionType::Commissioned,
        client: CLIENT.into(),
        producer: Some(PRODUCER.into()),
        sample: Sample {
            name: "复合肥料".into(),
            trademark: "闽丰".into(),
            model_spec: "15-15-15 高浓度".into(),
            batch: "F2026-0301".into(),
            quantity: "2 kg".into(),
            condition: "完好".into(),
            sample_number: String::new(),
        },
        standard: "GB/T 15063-2020".into(),
        grade: "高浓度".into(),
        spec: None,
        items: items.iter().map(|s| s.to_string()).collect(),
        due: None,
        deviations: String::new(),
        remarks: String::new(),
        allow_withdrawn: false,
    }
}

fn registration(rule: DecisionRule) -> Registration {
    Registration {
        more_bases: vec![MoreBasis {
            standard: "GB 38400-2019".into(),
            grade: String::new(),
            spec: None,
            items: vec!["Cd".into(), "Tl".into()],
        }],
        rule,
        dimensions: BTreeMap::new(),
        declared: [("N", "15"), ("P2O5", "15"), ("K2O", "15")]
            .map(|(k, v)| (k.to_string(), d(v)))
            .into_iter()
            .collect(),
        product_analysis: false,
        ..Registration::default()
    }
}

fn verdict(o: &Order, code: &str) -> Verdict {
    o.outcomes()
        .into_iter()
        .find(|x| x.code == code)
        .and_then(|x| x.judgement)
        .map(|j| j.verdict)
        .unwrap_or_else(|| panic!("{code} not judged"))
}

fn enter(l: &Lab1, number: &str, item: &str, values: &[&str], u: Option<&str>) -> Order {
    let values: Vec<String> = values.iter().map(|s| s.to_string()).collect();
    l.store
        .enter_result_with(
            &l.tech,
            number,
            item,
            &values,
            u.map(|u| Uncertainty::parse(u).unwrap()),
            &bench_at(t0()),
            None,
            None,
            t0(),
        )
        .unwrap()
}

#[test]
fn a_fertilizer_order_on_two_bases_with_declared_values_and_a_guard_band() {
    let l = lab();
    let o = l
        .store
        .register_order_with(
            &l.clerk,
            &l.catalog,
            &fertilizer(&["N", "P2O5", "K2O"]),
            &registration(DecisionRule::GuardBand),
            t0(),
        )
        .unwrap();
    assert_eq!(o.basis_codes(), ["GB/T 15063-2020", "GB 38400-2019"]);
    assert_eq!(o.decision_rule, DecisionRule::GuardBand);
    let cd = o.item("Cd").unwrap();
    assert_eq!(cd.basis.as_deref(), Some("GB 38400-2019"));
    let n = o.item("N").unwrap();
    assert_eq!(n.declared, Some(d("15")));
    assert!(n.limit.text.starts_with("≥13.5"), "{}", n.limit.text);

    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    enter(&l, &o.number, "N", &["13.4"], Some("0.2"));
    enter(&l, &o.number, "P2O5", &["15.3"], Some("0.2"));
    enter(&l, &o.number, "K2O", &["15.1"], Some("0.2"));
    enter(&l, &o.number, "Cd", &["9.5"], Some("1.0"));
    let o = enter(&l, &o.number, "Tl", &["0.5"], Some("0.1"));
    // N 13.4 is below 13.5 by less than U: conditional fail; Cd 9.5 is within U of 10.
    assert_eq!(verdict(&o, "N"), Verdict::ConditionalFail);
    assert_eq!(verdict(&o, "P2O5"), Verdict::Pass);
    assert_eq!(verdict(&o, "Cd"), Verdict::ConditionalPass);
    assert_eq!(verdict(&o, "Tl"), Verdict::Pass);
    assert!(o.overall().is_fail_side());

    let lab = Lab::new("福建省测试检验研究院");
    let c = content_from_order(
        &o,
        &lab,
        "BH2026-000001",
        None,
        NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
    );
    assert!(
        c.product_standard
            .contains("GB/T 15063-2020《复合肥料》 高浓度")
            && c.product_standard
                .contains("GB 38400-2019《肥料中有毒有害物质的限量要求》"),
        "{}",
        c.product_standard
    );
    let row = |name: &str| c.rows.iter().find(|r| r.item.contains(name)).unwrap();
    assert_eq!(row("总氮").result, "13.40（标明值 15）（U = 0.2，k = 2）");
    assert_eq!(row("总氮").verdict, "有条件不符合");
    assert_eq!(row("总镉").verdict, "有条件符合");
    assert_eq!(row("总镉").requirement, "≤10（GB 38400-2019）");
    assert!(
        c.remarks.contains("判定规则：保护带 w = U"),
        "{}",
        c.remarks
    );
    assert!(
        c.conclusion.contains("GB/T 15063-2020、GB 38400-2019")
            && c.conclusion
                .contains("有条件不符合项目（超出限值不大于 U）：总氮（N）"),
        "{}",
        c.conclusion
    );
    // The template knows the words, so the certificate renders.
    let template =
        Template::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("report-templates/default"))
            .unwrap();
    let pdf = Renderer::new(template)
        .unwrap()
        .render(&c, "BH2026-000001")
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // Every change went through the store: the chain still binds every record.
    let check = l.store.verify_audit(None).unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
}

#[test]
fn simple_acceptance_is_the_default_and_states_itself() {
    let l = lab();
    let o = l
        .store
        .register_order_with(
            &l.clerk,
            &l.catalog,
            &fertilizer(&["N", "P2O5", "K2O", "NPK"]),
            &registration(DecisionRule::Simple),
            t0(),
        )
        .unwrap();
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    let o = enter(&l, &o.number, "N", &["13.4"], Some("0.2"));
    assert_eq!(verdict(&o, "N"), Verdict::Fail, "U changes nothing");
    let lab = Lab::new("福建省测试检验研究院");
    let c = content_from_order(&o, &lab, "BH2026-000002", None, t0().date_naive());
    assert!(c.remarks.contains("判定规则：简单接受"), "{}", c.remarks);
    assert!(!c.rows.iter().any(|r| r.result.contains("U =")));
}

#[test]
fn a_rebar_order_judged_by_its_nominal_diameter() {
    let l = lab();
    let mut new = rebar_order(&["A", "W"]);
    new.grade = "HRB400".into();
    new.spec = None;
    let reg = Registration {
        dimensions: [("d".to_string(), d("32"))].into_iter().collect(),
        ..Registration::default()
    };
    let o = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &new, &reg, t0())
        .unwrap();
    let a = o.item("A").unwrap();
    assert_eq!(a.limit.text, "≥15");
    assert!(a.limit_condition.as_deref().unwrap().contains("d = 32"));
    assert_eq!(o.item("W").unwrap().limit.text, "±3.5");
    let lab = Lab::new("福建省测试检验研究院");
    let c = content_from_order(&o, &lab, "BH2026-000003", None, t0().date_naive());
    assert!(
        c.rows[0].requirement.starts_with("≥15（d = 32（28～40））"),
        "{}",
        c.rows[0].requirement
    );
    // A typo in a dimension or a declared value is refused.
    let bad = Registration {
        dimensions: [("D".to_string(), d("32"))].into_iter().collect(),
        ..Registration::default()
    };
    let err = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &new, &bad, t0())
        .unwrap_err()
        .to_string();
    assert!(err.contains("“D”"), "{err}");
}

#[test]
fn orders_stored_before_issue_11_read_with_the_defaults() {
    let l = lab();
    let o = tested_order(&l);
    let mut v = serde_json::to_value(&o).unwrap();
    let obj = v.as_object_mut().unwrap();
    for k in [
        "more_bases",
        "decision_rule",
        "dimensions",
        "product_analysis",
    ] {
        assert!(obj.remove(k).is_some(), "{k}");
    }
    for item in obj["items"].as_array_mut().unwrap() {
        let item = item.as_object_mut().unwrap();
        for k in [
            "significant",
            "uncertainty",
            "declared",
            "limit_condition",
            "basis",
        ] {
            item.remove(k);
        }
    }
    for r in obj["results"].as_object_mut().unwrap().values_mut() {
        for e in r["history"].as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("uncertainty");
        }
    }
    let old: Order = serde_json::from_value(v).unwrap();
    assert_eq!(old, o);
    assert_eq!(old.decision_rule, DecisionRule::Simple);
    assert_eq!(old.basis_codes(), ["GB 1499.2-2024"]);
}

#[test]
fn a_guard_band_needs_a_u_for_every_judged_number() {
    let l = lab();
    let o = l
        .store
        .register_order_with(
            &l.clerk,
            &l.catalog,
            &fertilizer(&["N", "P2O5", "K2O", "NPK"]),
            &registration(DecisionRule::GuardBand),
            t0(),
        )
        .unwrap();
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    enter(&l, &o.number, "N", &["15.2"], Some("0.2"));
    enter(&l, &o.number, "P2O5", &["15.3"], Some("0.2"));
    let o = enter(&l, &o.number, "K2O", &["15.1"], None);
    // K2O has no U and the library gives none: it is not judged rather than judged simply.
    assert!(matches!(verdict(&o, "K2O"), Verdict::CannotJudge(r) if r.contains("不确定度")));
    // NPK is computed; the library gives it no U either.
    assert!(matches!(verdict(&o, "NPK"), Verdict::CannotJudge(r) if r.contains("不确定度")));
}

#[test]
fn a_spot_check_names_the_safety_standard_its_toxic_items_come_from() {
    let l = lab();
    let mut new = fertilizer(&[]);
    new.inspection_type = InspectionType::Supervision;
    new.spec = Some("未标含氯".into());
    let o = register_spot_check(&l, &new);
    // Only GB/T 15063-2020 was chosen; its As … biuret items are limited by GB 38400-2019.
    assert_eq!(o.basis_codes(), ["GB/T 15063-2020", "GB 38400-2019"]);
    let lab = Lab::new("福建省测试检验研究院");
    let c = content_from_order(&o, &lab, "BH2026-000004", None, t0().date_naive());
    assert!(
        c.product_standard
            .contains("GB 38400-2019《肥料中有毒有害物质的限量要求》"),
        "{}",
        c.product_standard
    );
}
