//! A supervision task with spot checks in every standing, for the tests of its report (the
//! figures, the exports, the signed PDF summary).

use unilab::inspection::InspectionType;
use unilab::model::Order;
use unilab::store::{NewTask, Registration};

use super::*;

/// A value every HRB400E d14-20 item passes with (chemistry well under its limits).
pub fn passing(code: &str) -> &'static str {
    match code {
        "ReL" => "445",
        "Rm" => "610",
        "A" => "20",
        "Agt" => "12.0",
        "bend" | "rebend" => "无裂纹",
        "W" => "-2.0",
        _ => "0.010",
    }
}

pub fn task(l: &Lab1, batches: u32) -> String {
    l.store
        .add_task(
            &l.clerk,
            &l.catalog,
            &NewTask {
                name: "2026 年第一季度热轧带肋钢筋产品质量监督抽查".into(),
                authority: "福建省市场监督管理局".into(),
                standard: "GB 1499.2-2024".into(),
                grade: "HRB400E".into(),
                spec: Some("d14-20".into()),
                batches,
                ..Default::default()
            },
            t0(),
        )
        .unwrap()
        .number
}

/// A spot check for `task` sampled at `unit`, labelled with `producer`; when `results` is
/// given every entered item gets its passing value unless `results` names another.
pub fn spot_check(
    l: &Lab1,
    task: &str,
    unit: &str,
    producer: Option<&str>,
    results: Option<&[(&str, &str)]>,
) -> Order {
    let mut new = rebar_order(&[]);
    new.inspection_type = InspectionType::Supervision;
    new.client = String::new();
    new.producer = producer.map(String::from);
    let reg = Registration {
        sampling: Some(sampling(task, unit)),
        ..Default::default()
    };
    let o = l
        .store
        .register_order_with(&l.clerk, &l.catalog, &new, &reg, t0())
        .unwrap();
    let Some(results) = results else {
        return o;
    };
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    for item in o.items.iter().filter(|i| !i.is_computed()) {
        let v = results
            .iter()
            .find(|(c, _)| *c == item.code)
            .map_or(passing(&item.code), |(_, v)| *v);
        let values = vec![v.to_string(); item.replicates as usize];
        // Chemistry is read on the spark spectrometer, the rest on the testing machine.
        let mut bench = bench_at(t0());
        if passing(&item.code) == "0.010" {
            bench.instruments = vec!["SB-003".into()];
        }
        l.store
            .enter_result_with(
                &l.tech,
                &o.number,
                &item.code,
                &values,
                None,
                &bench,
                None,
                None,
                t0(),
            )
            .unwrap();
    }
    l.store.order(&o.number).unwrap()
}

pub struct Campaign {
    pub lab: Lab1,
    pub task: String,
    pub orders: Vec<Order>,
}

/// Eight batches planned; seven sampled: four pass (one reported), two fail (ReL at both
/// units; W as well at one), one not tested yet. Another task's spot check and a commissioned
/// test stand beside them and must not count.
pub fn campaign() -> Campaign {
    let l = lab();
    let t = task(&l, 8);
    let ok: &[(&str, &str)] = &[];
    let mut orders = vec![
        spot_check(&l, &t, CLIENT, Some(PRODUCER), Some(ok)),
        spot_check(&l, &t, PRODUCER, None, Some(ok)),
        spot_check(&l, &t, CLIENT, None, Some(ok)),
        spot_check(&l, &t, PRODUCER, Some(CLIENT), Some(ok)),
        spot_check(&l, &t, CLIENT, Some(PRODUCER), Some(&[("ReL", "380")])),
        spot_check(
            &l,
            &t,
            PRODUCER,
            None,
            Some(&[("ReL", "385"), ("W", "-6.0")]),
        ),
        spot_check(&l, &t, CLIENT, Some(PRODUCER), None),
    ];
    let first = orders[0].number.clone();
    submit_checked(&l, &first);
    l.store
        .review(&l.reviewer, &first, true, None, None, t0())
        .unwrap();
    l.store.approve(&l.signatory, &first, None, t0()).unwrap();
    l.store
        .issue_report(&l.signatory, &first, t0(), &mut |_, _| {
            Ok(unilab::store::Rendered {
                pdf: b"%PDF-1.7 test".to_vec(),
                sha256: "0".repeat(64),
                qr_payload: String::new(),
                pages: 1,
                timestamp: None,
                pdf_writer: 2,
            })
        })
        .unwrap();
    orders[0] = l.store.order(&first).unwrap();
    // Not this task's: another task's failed spot check and a commissioned test.
    let other = task(&l, 2);
    spot_check(&l, &other, CLIENT, None, Some(&[("ReL", "380")]));
    tested_order(&l);
    Campaign {
        lab: l,
        task: t,
        orders,
    }
}
