//! The sampling form (抽样单) of a spot-check order as a signed PDF: the task and its organising
//! authority, this lab as 承检机构, the sampled unit and the labelled producer, the sample, the
//! lot size, sample and reserve quantities with where the reserve is kept, the seal and its
//! state on receipt, the samplers and who confirmed for the sampled unit, and the signature
//! lines (SUPERVISION.md "Sampling"; 总局令第18号). Printed on the certificate template's pages
//! with the same font and table style, signed with the lab key like the raw record; printing
//! records nothing.

mod pages;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::error::CertError;
use super::issue::{write_pdf, Certifier};
use super::keys::LabKey;
use super::page_kit::or_slash;
use super::render::{DocMeta, Renderer};
use super::sign_pdf;
use crate::model::enterprise::Party;
use crate::model::task::SupervisionTask;
use crate::model::{Lab, Order};
use crate::store::{objection_period, Store, StoreError};
use crate::supervision::deadline::Period;

/// Document information key holding the order number of a sampling form.
pub const INFO_SAMPLING_FORM_KEY: &str = "UnilabSamplingForm";

/// The form's title for products (产品质量法) and for food (食品安全法).
pub const TITLE_PRODUCT: &str = "产品质量监督抽查抽样单";
pub const TITLE_FOOD: &str = "食品安全抽样检验抽样单";

/// What the form says, every value already formatted ("/" for a blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamplingForm {
    pub title: &'static str,
    pub form_number: String,
    pub order_number: String,
    /// 任务名称（任务编号）.
    pub task: String,
    pub authority: String,
    /// 承检机构: this lab.
    pub lab_name: String,
    /// 名称, 统一社会信用代码, 地址 of the sampled unit.
    pub sampled_unit: [String; 3],
    /// The labelled producer's, or `同受检单位` / "/" when it is the sampled unit or unnamed.
    pub producer: [String; 3],
    /// 样品名称, 商标, 规格型号, 生产日期/批号, 抽样日期, 抽样地点, 抽样基数, 抽样数量, 备样数量,
    /// 备样存放地点, 封条编号, 收样时封样状态.
    pub sample: Vec<(&'static str, String)>,
    /// 抽样人员, joined with 、.
    pub samplers: String,
    /// 受检单位确认人.
    pub confirmed_by: String,
    pub printed: NaiveDate,
    pub training: bool,
}

/// Food is judged under the food-safety law: its own form title, as its objection period is its
/// own (7 working days, [`objection_period`]).
pub fn is_food(order: &Order) -> bool {
    matches!(objection_period(order), Period::WorkingDays(_))
}

fn party(p: &Party) -> [String; 3] {
    [
        or_slash(&p.name),
        or_slash(&p.credit_code),
        or_slash(&p.address),
    ]
}

/// Word the sampling form of `order`; `None` when the order has no sampling record (a
/// commissioned test has no sampling form).
pub fn sampling_form_from_order(
    order: &Order,
    lab: &Lab,
    task: Option<&SupervisionTask>,
    printed: NaiveDate,
) -> Option<SamplingForm> {
    let s = order.sampling.as_ref()?;
    let producer = match &order.producer {
        // The same enterprise: say so rather than print it twice.
        Some(p)
            if !p.credit_code.trim().is_empty()
                && p.credit_code.trim() == s.sampled_unit.credit_code.trim() =>
        {
            ["同受检单位".to_string(), "/".into(), "/".into()]
        }
        Some(p) => party(p),
        None => ["/".to_string(), "/".into(), "/".into()],
    };
    let task_text = match task {
        Some(t) => format!("{}（{}）", t.name, t.number),
        None => or_slash(&s.task),
    };
    let sample = &order.sample;
    let samplers: Vec<&str> = s
        .samplers
        .iter()
        .map(|x| x.trim())
        .filter(|x| !x.is_empty())
        .collect();
    Some(SamplingForm {
        title: if is_food(order) {
            TITLE_FOOD
        } else {
            TITLE_PRODUCT
        },
        form_number: or_slash(&s.form_number),
        order_number: order.number.clone(),
        task: task_text,
        authority: task.map_or_else(|| or_slash(&order.client.name), |t| or_slash(&t.authority)),
        lab_name: lab.name.clone(),
        sampled_unit: party(&s.sampled_unit),
        producer,
        sample: vec![
            ("样品名称", or_slash(&sample.name)),
            ("商标", or_slash(&sample.trademark)),
            ("规格型号", or_slash(&sample.model_spec)),
            ("生产日期/批号", or_slash(&sample.batch)),
            ("抽样日期", s.date.format("%Y-%m-%d").to_string()),
            ("抽样地点", or_slash(&s.place)),
            ("抽样基数", or_slash(&s.lot_size)),
            ("抽样数量", or_slash(&s.sample_quantity)),
            ("备样数量", or_slash(&s.reserve_quantity)),
            ("备样存放地点", or_slash(&s.reserve_location)),
            ("封条编号", or_slash(&s.seal)),
            (
                "收样时封样状态",
                order
                    .receipt
                    .as_ref()
                    .map_or_else(|| "/".into(), |r| or_slash(&r.seal)),
            ),
        ],
        samplers: if samplers.is_empty() {
            "/".into()
        } else {
            samplers.join("、")
        },
        confirmed_by: or_slash(&s.confirmed_by),
        printed,
        training: lab.training,
    })
}

/// Lay out, render and sign a sampling form; same form, key and time → same bytes.
pub fn render_sampling_form(
    renderer: &Renderer,
    form: &SamplingForm,
    key: &LabKey,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, CertError> {
    let pages = pages::layout(form, renderer)?;
    renderer
        .font()
        .check_glyphs(pages.iter().flat_map(|p| p.texts()))?;
    let title = format!("{} {}", form.title, form.order_number);
    let meta = DocMeta {
        title: &title,
        at,
        info: vec![(INFO_SAMPLING_FORM_KEY, form.order_number.as_str())],
        id_seed: title.as_bytes(),
    };
    let unsigned = renderer.render_pages(&pages, None, &meta)?;
    sign_pdf(&unsigned, key, at)
}

/// Print the signed sampling form of `order` to `out`. Only reads the store: the sampling
/// record was audited when the order was registered, and a printout of it changes nothing.
/// Refused, naming the order, when the order has no sampling record (not a spot check).
pub fn write_sampling_form_to_file(
    store: &Store,
    order: &str,
    out: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<SamplingForm> {
    let o = store.order(order)?;
    let Some(s) = &o.sampling else {
        return Err(StoreError::Refused(crate::msg!(
            "委托单 {order} 没有抽样记录（不是监督抽查委托单），没有抽样单可打印",
            "Order {order} has no sampling record (it is not a spot check), so there is no sampling form to print"
        ))
        .into());
    };
    let task = store.task(&s.task)?;
    let certifier = Certifier::for_store(store)?;
    let form = sampling_form_from_order(&o, &store.lab()?, Some(&task), now.date_naive())
        .ok_or_else(|| anyhow::anyhow!("抽样单未生成 / the sampling form was not made"))?;
    let pdf = render_sampling_form(certifier.renderer(), &form, certifier.key(), now)?;
    write_pdf(out, &pdf)?;
    Ok(form)
}
