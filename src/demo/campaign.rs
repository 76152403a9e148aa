//! The demo's running campaign: a rice spot-check task from the city bureau, its draw, one
//! sample that failed for lead and went the whole way (report, notice, objection), and one just
//! sampled — so a new user sees the supervision path from task to objection.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::Cast;
use crate::catalog::Catalog;
use crate::inspection::InspectionType;
use crate::model::bench::{BenchInput, Conditions};
use crate::model::objection::Delivery;
use crate::model::sampling::SamplingInput;
use crate::model::Sample;
use crate::store::{NewOrder, NewTask, NoticeInput, Registration, Store};

/// (credit code of the sampled unit, place, lead in mg/kg, goes all the way)
type Sampled<'a> = (&'a str, &'a str, &'a str, bool);

pub(super) fn play(
    store: &Store,
    catalog: &Catalog,
    p: &Cast,
    units: [&str; 2],
    start: DateTime<Utc>,
    certificates_dir: &Path,
) -> anyhow::Result<Vec<String>> {
    let task = store.add_task(
        &p.clerk,
        catalog,
        &NewTask {
            name: "2026 年第四季度大米产品质量监督抽查".into(),
            authority: "福州市市场监督管理局".into(),
            standard: "GB 2762-2022".into(),
            grade: "大米".into(),
            spec: None,
            batches: 6,
            scope: vec!["3501".into()],
            sampling_due: Some((start + Duration::days(30)).date_naive()),
            report_due: Some((start + Duration::days(45)).date_naive()),
            campaign: "粮食质量安全专项".into(),
        },
        start,
    )?;
    store.draw_for_task(&p.clerk, catalog, &task.number, 3, 20_261_001, start)?;
    let samples: [Sampled; 2] = [
        // The one just sampled first: the other's records run on for days after it.
        (units[1], "福州市鼓楼区 某超市货架", "0.08", false),
        (units[0], "福州市仓山区建新镇 成品仓库", "0.35", true),
    ];
    let mut numbers = Vec::new();
    for (k, s) in samples.iter().enumerate() {
        let t = start + Duration::hours(12 * k as i64 + 1);
        numbers.push(sample(
            store,
            catalog,
            p,
            &task.number,
            s,
            t,
            certificates_dir,
        )?);
    }
    Ok(numbers)
}

fn sample(
    store: &Store,
    catalog: &Catalog,
    p: &Cast,
    task: &str,
    (unit, place, lead, whole_way): &Sampled,
    t: DateTime<Utc>,
    certificates_dir: &Path,
) -> anyhow::Result<String> {
    let new = NewOrder {
        inspection_type: InspectionType::Supervision,
        client: String::new(),
        producer: Some(unit.to_string()),
        sample: Sample {
            name: "大米".into(),
            trademark: "金穗".into(),
            model_spec: "10 kg 袋装".into(),
            batch: format!("{}", (t - Duration::days(20)).format("%Y%m%d")),
            quantity: "2 kg".into(),
            condition: "包装完好，封样完好".into(),
            sample_number: String::new(),
        },
        standard: String::new(),
        grade: String::new(),
        spec: None,
        items: Vec::new(),
        due: Some((t + Duration::days(20)).date_naive()),
        deviations: String::new(),
        remarks: String::new(),
        allow_withdrawn: false,
    };
    let reg = Registration {
        sampling: Some(SamplingInput {
            task: task.into(),
            form_number: format!("CY{}", t.format("%Y%m%d%H")),
            samplers: vec!["陈晓收".into(), "吴校核".into()],
            date: Some(t.date_naive()),
            place: place.to_string(),
            sampled_unit: unit.to_string(),
            lot_size: "12 t".into(),
            sample_quantity: "2 kg".into(),
            reserve_quantity: "2 kg".into(),
            reserve_location: "本院留样室".into(),
            seal: format!("FY-{}", t.format("%m%d%H")),
            confirmed_by: "仓库主管".into(),
        }),
        ..Default::default()
    };
    let order = store.register_order_with(&p.clerk, catalog, &new, &reg, t)?;
    let n = order.number.clone();
    let step = |h: i64| t + Duration::hours(h);
    store.receive(&p.clerk, &n, None, step(1))?;
    if !whole_way {
        return Ok(n);
    }
    for item in order.items.iter().filter(|i| !i.is_computed()) {
        let value = if item.code == "Pb" { *lead } else { "0.01" };
        let bench = BenchInput {
            tested_on: Some(step(2).date_naive()),
            instruments: item
                .needs
                .instrument
                .iter()
                .map(|_| "SB-004".to_string())
                .collect(),
            conditions: Conditions::default(),
            ..Default::default()
        };
        let v = vec![value.to_string(); item.replicates as usize];
        store.enter_result_with(
            &p.tech,
            &n,
            &item.code,
            &v,
            None,
            &bench,
            None,
            None,
            step(2),
        )?;
    }
    store.check_order(&p.checker, &n, None, step(3))?;
    store.submit(&p.tech, &n, None, step(3))?;
    store.review(&p.reviewer, &n, true, None, None, step(4))?;
    store.approve(&p.food_signatory, &n, None, step(5))?;
    crate::certificate::issue_for_order(store, &p.food_signatory, &n, certificates_dir, step(6))?;
    // The notice reaches the rice mill by post two days later; it objects within its seven
    // working days, so the queue shows a reserve sample to release.
    let input = NoticeInput {
        delivered: step(48).date_naive(),
        delivery: Delivery::Post,
    };
    let out = certificates_dir.join(format!("{n}-通知书.pdf"));
    crate::certificate::notice::issue_notice_to_file(
        store,
        &p.food_signatory,
        &n,
        &input,
        &out,
        step(48),
    )?;
    store.record_objection(
        &p.clerk,
        &n,
        step(96).date_naive(),
        order
            .sampling
            .as_ref()
            .map_or(order.client.name.as_str(), |s| s.sampled_unit.name.as_str()),
        "对铅的检测结果有异议，申请复检",
        step(96),
    )?;
    Ok(n)
}
