//! The result notice (检验结果通知书) of a failed spot check: addressed to the sampled unit and
//! the labelled producer, it names the report, the sample, the task and its organising
//! authority, the failed items with their requirement and result, the basis, how and when it
//! was delivered, and the last day for an objection with how that day was counted (产品质量法
//! 第十五条; 食品安全法 第八十八条). The store records the notice and the deadline
//! ([`Store::issue_notice`]); this module words it, lays it out with the certificate
//! template's font and page geometry (`pages.rs`) and signs it with the lab key.

mod pages;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::error::CertError;
use super::issue::{write_pdf, Certifier};
use super::keys::LabKey;
use super::render::{DocMeta, Renderer};
use super::sign_pdf;
use crate::judge::Verdict;
use crate::model::objection::Notice;
use crate::model::task::SupervisionTask;
use crate::model::{Lab, Order, User};
use crate::store::{NoticeInput, Store};
use crate::supervision::deadline::Period;

/// Document information key holding the notice number.
pub const INFO_NOTICE_KEY: &str = "UnilabNotice";

/// What a notice says, every value already formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDoc {
    pub number: String,
    pub report: String,
    pub order_number: String,
    pub lab_name: String,
    /// 受检单位 and 标称生产者, each with its credit code.
    pub sampled_unit: String,
    pub sampled_unit_address: String,
    pub producer: String,
    pub producer_address: String,
    /// 样品名称, 规格型号, 商标, 生产日期/批号, 样品编号.
    pub sample: Vec<(&'static str, String)>,
    pub sample_name: String,
    /// 任务名称（任务编号）.
    pub task: String,
    pub authority: String,
    /// 抽样日期 (printed in the template's date format).
    pub sampling_date: Option<NaiveDate>,
    /// 抽样单编号, 抽样地点, 抽样基数.
    pub sampling: Vec<(&'static str, String)>,
    pub failed: Vec<FailedItem>,
    /// 判定依据.
    pub basis: String,
    pub conclusion: String,
    pub delivered: NaiveDate,
    /// 邮寄 / 直接送达 / 电子送达.
    pub delivery: String,
    pub period: Period,
    pub deadline: NaiveDate,
    pub issued: NaiveDate,
    pub issued_by: String,
    pub training: bool,
}

/// One failed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedItem {
    pub seq: usize,
    pub code: String,
    pub name: String,
    pub requirement: String,
    /// The reported value with its unit.
    pub result: String,
    pub verdict: String,
}

fn or_slash(s: &str) -> String {
    if s.trim().is_empty() {
        "/".into()
    } else {
        s.trim().to_string()
    }
}

fn party(p: Option<&crate::model::enterprise::Party>) -> (String, String) {
    match p {
        Some(p) if p.credit_code.trim().is_empty() => (or_slash(&p.name), or_slash(&p.address)),
        Some(p) => (
            format!("{}（统一社会信用代码 {}）", p.name, p.credit_code),
            or_slash(&p.address),
        ),
        None => ("/".into(), "/".into()),
    }
}

/// Word the notice of `order`. `task` gives the task's name and authority; `issued_by` is the
/// signatory's display name.
pub fn notice_from_order(
    order: &Order,
    notice: &Notice,
    lab: &Lab,
    task: Option<&SupervisionTask>,
    issued_by: &str,
) -> NoticeDoc {
    let sampling = order.sampling.as_ref();
    let (sampled_unit, sampled_unit_address) = party(sampling.map(|s| &s.sampled_unit));
    let (producer, producer_address) = party(order.producer.as_ref());
    let outcomes = order.outcomes();
    let failed = order
        .items
        .iter()
        .zip(&outcomes)
        .filter_map(|(item, o)| {
            let j = o.judgement.as_ref()?;
            // A conditional fail (guard band) is a failure the producer may object to too.
            if !matches!(j.verdict, Verdict::Fail | Verdict::ConditionalFail) {
                return None;
            }
            let unit = if item.unit.is_empty() || item.unit == "-" {
                String::new()
            } else {
                format!(" {}", item.unit)
            };
            Some((item, j, unit))
        })
        .enumerate()
        .map(|(i, (item, j, unit))| FailedItem {
            seq: i + 1,
            code: item.code.clone(),
            name: item.name_zh.clone(),
            requirement: super::from_order::requirement_text(order, item),
            result: format!("{}{unit}", j.reported),
            verdict: j.verdict.zh().to_string(),
        })
        .collect();
    let task_text = match (task, sampling) {
        (Some(t), _) => format!("{}（{}）", t.name, t.number),
        (None, Some(s)) => s.task.clone(),
        (None, None) => "/".into(),
    };
    let spec = order
        .spec
        .as_ref()
        .map(|s| format!(" {s}"))
        .unwrap_or_default();
    let s = &order.sample;
    NoticeDoc {
        number: notice.number.clone(),
        report: notice.report.clone(),
        order_number: order.number.clone(),
        lab_name: lab.name.clone(),
        sampled_unit,
        sampled_unit_address,
        producer,
        producer_address,
        sample: vec![
            ("样品名称", or_slash(&s.name)),
            ("规格型号", or_slash(&s.model_spec)),
            ("商标", or_slash(&s.trademark)),
            ("生产日期/批号", or_slash(&s.batch)),
            ("样品编号", or_slash(&s.sample_number)),
            ("报告编号", notice.report.clone()),
        ],
        sample_name: or_slash(&s.name),
        task: task_text,
        // Objections go to the organising authority; without the task, to the client who is
        // the authority unless another was named.
        authority: task.map_or_else(|| order.client.name.clone(), |t| t.authority.clone()),
        sampling_date: sampling.map(|s| s.date),
        sampling: sampling.map_or_else(Vec::new, |s| {
            vec![
                ("抽样单编号", or_slash(&s.form_number)),
                ("抽样地点", or_slash(&s.place)),
                ("抽样基数", or_slash(&s.lot_size)),
            ]
        }),
        failed,
        basis: super::from_order::bases_text(order, &spec),
        conclusion: crate::model::Conclusion::of(order, &outcomes, false).zh(),
        delivered: notice.delivered,
        delivery: notice.delivery.zh().to_string(),
        period: notice.period,
        deadline: notice.deadline,
        issued: notice.issued_at.date_naive(),
        issued_by: issued_by.to_string(),
        training: lab.training,
    }
}

/// How the deadline was counted, in words the addressee can check.
pub fn counting_text(period: Period) -> String {
    match period {
        Period::Days(n) => format!(
            "自送达之日的次日起算，共 {n} 日；期限的最后一日为法定节假日或休息日的，顺延至其后第一个工作日"
        ),
        Period::WorkingDays(n) => format!(
            "自送达之日的次日起算 {n} 个工作日；周末与法定节假日不计，调休上班日计入（按国务院公布的节假日安排）"
        ),
    }
}

/// Lay out, render and sign a notice; same notice, key and time → same bytes.
pub fn render_notice(
    renderer: &Renderer,
    doc: &NoticeDoc,
    key: &LabKey,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, CertError> {
    let pages = pages::layout(doc, renderer)?;
    renderer
        .font()
        .check_glyphs(pages.iter().flat_map(|p| p.texts()))?;
    let title = format!("{} {}", pages::TITLE, doc.number);
    let meta = DocMeta {
        title: &title,
        at,
        info: vec![(INFO_NOTICE_KEY, doc.number.as_str())],
        id_seed: title.as_bytes(),
    };
    let unsigned = renderer.render_pages(&pages, None, &meta)?;
    sign_pdf(&unsigned, key, at)
}

/// Issue the notice of a failed spot check (the store checks the rules and records it with
/// the PDF's hash) and write the signed PDF to `out`.
pub fn issue_notice_to_file(
    store: &Store,
    actor: &User,
    order: &str,
    input: &NoticeInput,
    out: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<(Notice, NoticeDoc)> {
    let o = store.order(order)?;
    let task = match &o.sampling {
        Some(s) => Some(store.task(&s.task)?),
        None => None,
    };
    let lab = store.lab()?;
    let certifier = Certifier::for_issuing(store)?;
    let mut doc: Option<NoticeDoc> = None;
    let (_, notice, pdf) = store.issue_notice(actor, order, input, now, &mut |o, n| {
        let d = notice_from_order(o, n, &lab, task.as_ref(), &actor.display_name);
        let pdf = render_notice(certifier.renderer(), &d, certifier.key(), n.issued_at)?;
        doc = Some(d);
        Ok(pdf)
    })?;
    write_pdf(out, &pdf)?;
    let doc = doc.ok_or_else(|| anyhow::anyhow!("通知书未生成 / the notice was not made"))?;
    Ok((notice, doc))
}
