//! Freezing an approved order into certificate text.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::decision::DecisionRule;
use crate::model::task::SupervisionTask;
use crate::model::{Lab, Order};

/// Build the certificate content of `order` under `report_number`. Everything is formatted
/// here, once; rendering only lays it out.
pub fn content_from_order(
    order: &Order,
    lab: &Lab,
    report_number: &str,
    replaces: Option<Replacement>,
    issue_date: NaiveDate,
) -> CertificateContent {
    let outcomes = order.outcomes();
    let uncertainties = order.uncertainties();
    let guard_band = order.decision_rule == DecisionRule::GuardBand;
    let mut rows = Vec::new();
    let mut unconfirmed = Vec::new();
    // RB/T 214 §4.5.20: subcontracted items are marked and their subcontractor named;
    // deviations from a method are stated.
    let mut subcontractors = Vec::new();
    let mut deviations = Vec::new();
    for (i, (item, outcome)) in order.items.iter().zip(&outcomes).enumerate() {
        let (mut result, verdict) = match &outcome.judgement {
            Some(j) => (j.reported.clone(), j.verdict.zh().to_string()),
            None => ("/".to_string(), "/".to_string()),
        };
        // The declared value beside the result, and U where a guard band used it.
        if let Some(d) = item.declared {
            result.push_str(&format!("（标明值 {d}）"));
        }
        let u = uncertainties.get(&item.code).or(item.uncertainty.as_ref());
        if let (true, Some(u), Some(_)) = (guard_band, u, &outcome.judgement) {
            if item.limit.written_interval().is_some() {
                result.push_str(&format!("（U = {u}，k = 2）"));
            }
        }
        if !item.limit_confirmed || !item.confirmed {
            unconfirmed.push(item.name_zh.clone());
        }
        let seq = (i + 1) as u32;
        let arrangement = order.arrangements.get(&item.code);
        let subcontract = arrangement.and_then(|a| a.subcontract.as_ref());
        if let Some(s) = subcontract {
            subcontractors.push(format!(
                "{seq}* {}由 {} 检测（资质证书编号 {}）{}",
                item.name_zh,
                s.lab,
                s.accreditation,
                pending(&s.approved)
            ));
        }
        if let Some(d) = arrangement.and_then(|a| a.deviation.as_ref()) {
            deviations.push(format!(
                "{seq} {}：{}{}",
                item.name_zh,
                d.text,
                pending(&d.approved)
            ));
        }
        rows.push(ResultRow {
            seq,
            item: item.name_zh.clone(),
            unit: if item.unit.is_empty() || item.unit == "-" {
                "/".into()
            } else {
                item.unit.clone()
            },
            requirement: requirement_text(order, item),
            result,
            verdict,
            method: item.method.clone(),
            subcontracted: subcontract.is_some(),
            // An item judged by another basis (GB 38400 beside GB/T 15063) is in scope by that.
            outside_scope: !lab.accreditation.covers(
                item.basis.as_deref().unwrap_or(&order.standard.code),
                &item.code,
                &item.method,
            ),
        });
    }
    let inside: Vec<bool> = rows.iter().map(|r| !r.outside_scope).collect();
    let marks = lab.accreditation.marks(&inside);
    let methods: BTreeSet<String> = order.items.iter().map(|i| i.method.clone()).collect();
    let sign = |s: &Option<crate::model::order::Signature>| SignOff {
        name: s.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
        date: s.as_ref().map(|s| s.at.date_naive()).unwrap_or(issue_date),
    };
    // 检测日期 are the bench dates of the current entries, not the days values were typed.
    let (test_start, test_end) = order
        .test_period()
        .unwrap_or_else(|| entry_days(order, issue_date));
    let mut remarks = order.remarks.clone();
    // A re-test says so first: whose report it re-tests and on which sealed reserve sample
    // (its conclusion is final under 产品质量法 第十五条).
    if let Some(r) = &order.retest_of {
        let lead = format!(
            "复检：对{}检验报告 {} 的复检，检验备样（封条 {}，封样完好）；复检结论为最终结论",
            r.institution, r.report, r.seal
        );
        remarks = if remarks.is_empty() {
            lead
        } else {
            format!("{lead}；{remarks}")
        };
    }
    // ISO/IEC 17025 §7.8.6: the report identifies the decision rule applied.
    if !remarks.is_empty() {
        remarks.push('；');
    }
    remarks.push_str(&format!("判定规则：{}", order.decision_rule.zh()));
    if guard_band {
        remarks.push_str("，U 为扩展不确定度（k = 2），见检验结果栏");
    }
    if !subcontractors.is_empty() {
        if !remarks.is_empty() {
            remarks.push('；');
        }
        remarks.push_str(&format!("分包：{}", subcontractors.join("；")));
    }
    if !unconfirmed.is_empty() {
        if !remarks.is_empty() {
            remarks.push('；');
        }
        remarks.push_str(&format!(
            "下列项目的限值或方法尚待与标准正式文本核对：{}",
            unconfirmed.join("、")
        ));
    }
    let spec = order
        .spec
        .as_ref()
        .map(|s| format!(" {s}"))
        .unwrap_or_default();
    CertificateContent {
        report_number: report_number.to_string(),
        replaces,
        lab: LabInfo {
            name: lab.name.clone(),
            address: lab.address.clone(),
            contact: lab.contact.clone(),
        },
        client: Party {
            name: order.client.name.clone(),
            address: order.client.address.clone(),
            credit_code: order.client.credit_code.clone(),
        },
        producer: order
            .producer
            .as_ref()
            .map(|p| Party {
                name: p.name.clone(),
                address: p.address.clone(),
                credit_code: p.credit_code.clone(),
            })
            .unwrap_or_else(|| Party {
                name: "/".into(),
                address: "/".into(),
                credit_code: String::new(),
            }),
        sample: SampleInfo {
            name: order.sample.name.clone(),
            trademark: or_slash(&order.sample.trademark),
            model_spec: or_slash(&order.sample.model_spec),
            batch_or_date: or_slash(&order.sample.batch),
            sample_number: order.sample.sample_number.clone(),
            quantity: or_slash(&order.sample.quantity),
            condition: or_slash(&order.sample.condition),
        },
        inspection_type: order.inspection_type.zh().to_string(),
        order_number: order.number.clone(),
        // Never the first test date: a receipt nobody recorded prints "/".
        date_received: order.receipt.as_ref().map(|r| r.date).or(order.received_on),
        test_start,
        test_end,
        issue_date,
        product_standard: bases_text(order, &spec),
        method_standards: methods.into_iter().collect(),
        conclusion: conclusion_text(order, &outcomes),
        deviations: deviations_text(order, &deviations),
        remarks: if remarks.is_empty() {
            "/".into()
        } else {
            remarks
        },
        rows,
        prepared_by: sign(&order.prepared),
        reviewed_by: sign(&order.reviewed),
        approved_by: sign(&order.approved),
        training: lab.training,
        supervision: supervision_info(order, None),
        verification: None,
        marks,
    }
}

/// The sampling block of a spot check, with its task's name and organising authority when
/// the task is at hand; without it (a preview) the task's number, and the client, who is the
/// authority unless another was named.
pub fn supervision_info(order: &Order, task: Option<&SupervisionTask>) -> Option<SupervisionInfo> {
    let s = order.sampling.as_ref()?;
    Some(SupervisionInfo {
        task_number: s.task.clone(),
        task_name: task.map_or_else(|| s.task.clone(), |t| t.name.clone()),
        authority: task.map_or_else(|| order.client.name.clone(), |t| t.authority.clone()),
        sampled_unit: Party {
            name: s.sampled_unit.name.clone(),
            address: or_slash(&s.sampled_unit.address),
            credit_code: s.sampled_unit.credit_code.clone(),
        },
        sampling_date: s.date,
        sampling_place: or_slash(&s.place),
        form_number: or_slash(&s.form_number),
        lot_size: or_slash(&s.lot_size),
        sample_quantity: or_slash(&s.sample_quantity),
        reserve_quantity: or_slash(&s.reserve_quantity),
        reserve_location: or_slash(&s.reserve_location),
        seal: or_slash(&s.seal),
        samplers: s.samplers.clone(),
        objection_period: super::super::objection::objection_period(order),
    })
}

/// 标准要求: the limit, with the keyed row or allowance that applied and, for an item judged
/// by another basis than the product standard, that basis (each item names its own).
pub(crate) fn requirement_text(order: &Order, item: &crate::catalog::ResolvedItem) -> String {
    if item.limit.is_report_only() {
        return "/".into();
    }
    let mut notes: Vec<&str> = Vec::new();
    if let Some(c) = &item.limit_condition {
        notes.push(c);
    }
    if let Some(b) = item.basis.as_deref().filter(|b| *b != order.standard.code) {
        notes.push(b);
    }
    if notes.is_empty() {
        item.limit.text.clone()
    } else {
        format!("{}（{}）", item.limit.text, notes.join("；"))
    }
}

/// 判定依据: the product standard with grade and spec, then each further basis; a basis an
/// item names without a registered title is printed by its code.
pub(crate) fn bases_text(order: &Order, spec: &str) -> String {
    let mut parts = vec![format!(
        "{}《{}》 {}{spec}",
        order.standard.code, order.standard.title_zh, order.grade
    )];
    for b in &order.more_bases {
        let grade = if b.grade.is_empty() || b.grade == "-" {
            String::new()
        } else {
            format!(" {}", b.grade)
        };
        parts.push(format!(
            "{}《{}》{grade}",
            b.standard.code, b.standard.title_zh
        ));
    }
    for code in order.basis_codes().into_iter().skip(1) {
        if !order.more_bases.iter().any(|b| b.standard.code == code) {
            parts.push(code);
        }
    }
    parts.join("；")
}

/// The days results were typed: only for entries made before bench dates were recorded
/// (records older than schema 4 have no `tested_on`), first entry to last current one.
fn entry_days(order: &Order, issue_date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = order
        .results
        .values()
        .flat_map(|r| r.history.iter().map(|e| e.entered_at.date_naive()))
        .min()
        .or(order.received_on)
        .unwrap_or(issue_date);
    let end = order
        .results
        .values()
        .filter_map(|r| r.current().map(|e| e.entered_at.date_naive()))
        .max()
        .unwrap_or(start);
    (start, end)
}

/// A deviation or subcontract still waiting for a signatory shows so on a preview; an order
/// with one cannot be approved, so an issued report never carries the mark.
fn pending(approved: &Option<crate::model::order::Signature>) -> &'static str {
    if approved.is_some() {
        ""
    } else {
        "（待批准）"
    }
}

/// 方法偏离: what was registered with the order, then each item's deviation; "无" if none.
fn deviations_text(order: &Order, items: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !order.deviations.trim().is_empty() {
        parts.push(order.deviations.trim().to_string());
    }
    parts.extend(items.iter().cloned());
    if parts.is_empty() {
        "无".into()
    } else {
        parts.join("；")
    }
}

fn or_slash(s: &str) -> String {
    if s.trim().is_empty() {
        "/".into()
    } else {
        s.to_string()
    }
}

fn conclusion_text(order: &Order, outcomes: &[crate::evaluate::ItemOutcome]) -> String {
    crate::model::Conclusion::of(order, outcomes, false).zh()
}
