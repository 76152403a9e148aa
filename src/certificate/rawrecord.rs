//! The raw record (原始记录) of one order: every reading the order holds per item and specimen,
//! the entries they replaced with the reason, the intermediate values of computed items, the
//! instruments with the calibration due date that covered the test, the conditions, the test
//! date, who tested and who checked (RB/T 214 §4.5.11, §4.5.20; ISO/IEC 17025 §7.5).
//!
//! Built from the order as plain text ([`RawRecord`]), laid out with the certificate's font,
//! page geometry and wrapping (`pages.rs`), and signed with the lab key like a certificate.

mod pages;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::error::CertError;
use super::issue::{write_pdf, Certifier};
use super::keys::LabKey;
use super::render::{DocMeta, Renderer};
use super::sign_pdf;
use crate::model::{Lab, Order, ResultEntry};
use crate::store::{Store, StoreError};

/// Document information key holding the order number of a raw record.
pub const INFO_RAW_RECORD_KEY: &str = "UnilabRawRecord";

/// What a raw record says, every value already formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    pub lab_name: String,
    pub order_number: String,
    /// 样品名称, 样品编号, 规格型号, 生产日期/批号, 样品数量.
    pub sample: Vec<(&'static str, String)>,
    /// 样品状态 on receipt, 封样, 收样日期, 收样人.
    pub receipt: Vec<(&'static str, String)>,
    /// 判定依据.
    pub standard: String,
    pub items: Vec<RawItem>,
    /// Everyone who entered a value, by display name.
    pub technicians: Vec<String>,
    /// 校核: the checker and the day, or 未校核.
    pub checker: String,
    /// The day the record was printed and signed.
    pub printed: NaiveDate,
    pub training: bool,
}

/// One item of the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawItem {
    pub seq: usize,
    /// 下屈服强度 ReL（ReL）.
    pub name: String,
    pub method: String,
    pub unit: String,
    pub requirement: String,
    /// Every entry, oldest first; the last is the current one.
    pub entries: Vec<RawEntry>,
    /// How a computed item was worked out.
    pub computed: Option<RawComputed>,
    /// 报告值 (rounded once) and 单项判定; `/` while there is none.
    pub reported: String,
    pub verdict: String,
    /// Subcontractor and accreditation, or the deviation, as recorded for the item.
    pub arrangements: Vec<String>,
}

/// One entry of values with its bench facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    pub current: bool,
    /// `试样 1：445；试样 2：450`.
    pub readings: String,
    pub tested_on: String,
    /// `SB-001 微机控制电液伺服万能试验机 WAW-600（校准有效期至 2027-03-01）`, one per instrument.
    pub instruments: Vec<String>,
    pub conditions: String,
    pub deviation: Option<String>,
    pub uncertainty: Option<String>,
    /// Technician and the time the values were recorded.
    pub entered: String,
    /// For a replaced entry: when, by whom and why it was replaced.
    pub replaced: Option<String>,
}

/// The intermediate values of a computed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawComputed {
    pub formula: String,
    /// `Rm = 610；620`, one per input or constant.
    pub inputs: Vec<String>,
    /// The unrounded results, per specimen or of the means.
    pub values: String,
}

/// An intermediate value as a person reads it: exact when short, else to six decimals marked
/// `≈` (a quotient such as 620 / 445 has 28 digits; the judging used all of them).
fn intermediate(text: &str) -> String {
    match text.parse::<rust_decimal::Decimal>() {
        Ok(d) if d.scale() > 6 => format!(
            "≈{}",
            d.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointNearestEven)
                .normalize()
        ),
        _ => text.to_string(),
    }
}

/// A display name for a login, the login itself when the user is unknown.
fn name_of(names: &BTreeMap<String, String>, login: &str) -> String {
    match names.get(login).filter(|n| !n.trim().is_empty()) {
        Some(n) => format!("{n}（{login}）"),
        None => login.to_string(),
    }
}

fn or_slash(s: &str) -> String {
    if s.trim().is_empty() {
        "/".into()
    } else {
        s.trim().to_string()
    }
}

fn time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `23.5 °C，55 %RH`: the template's font (WenQuanYi Micro Hei) maps ℃ (U+2103) to an empty
/// glyph, so the PDF would show a blank where the unit is.
fn conditions_text(c: &crate::model::bench::Conditions) -> String {
    c.text().replace('℃', "°C")
}

fn readings(values: &[crate::number::ResultValue]) -> String {
    if values.is_empty() {
        return "/".into();
    }
    values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("试样 {}：{}", i + 1, v.text()))
        .collect::<Vec<_>>()
        .join("；")
}

fn entry(
    e: &ResultEntry,
    next: Option<&ResultEntry>,
    names: &BTreeMap<String, String>,
) -> RawEntry {
    let b = &e.bench;
    RawEntry {
        current: next.is_none(),
        readings: readings(&e.values),
        tested_on: b
            .tested_on
            .map_or_else(|| "/".to_string(), |d| d.to_string()),
        instruments: b
            .instruments
            .iter()
            .map(|i| {
                let model = if i.model.trim().is_empty() {
                    String::new()
                } else {
                    format!(" {}", i.model.trim())
                };
                format!("{} {}{model}（校准有效期至 {}）", i.id, i.name, i.due)
            })
            .collect(),
        conditions: conditions_text(&b.conditions),
        deviation: b.deviation.clone(),
        uncertainty: e.uncertainty.map(|u| format!("U = {u}（k = 2）")),
        entered: format!("{} {}", name_of(names, &e.entered_by), time(e.entered_at)),
        replaced: next.map(|n| {
            format!(
                "{} 由 {} 更改，原因：{}",
                time(n.entered_at),
                name_of(names, &n.entered_by),
                n.reason.as_deref().map_or("/", str::trim)
            )
        }),
    }
}

/// Build the raw record of `order`. `names` maps logins to display names.
pub fn raw_record_from_order(
    order: &Order,
    lab: &Lab,
    names: &BTreeMap<String, String>,
    printed: NaiveDate,
) -> RawRecord {
    let outcomes = order.outcomes();
    let by_code: BTreeMap<&str, &crate::evaluate::ItemOutcome> =
        outcomes.iter().map(|o| (o.code.as_str(), o)).collect();
    let items = order
        .items
        .iter()
        .zip(&outcomes)
        .enumerate()
        .map(|(i, (item, outcome))| {
            let history = order
                .results
                .get(&item.code)
                .map_or(&[][..], |r| r.history.as_slice());
            let entries = history
                .iter()
                .enumerate()
                .map(|(k, e)| entry(e, history.get(k + 1), names))
                .collect();
            let computed = item.formula.as_ref().map(|f| {
                let inputs: Vec<String> = f
                    .references()
                    .iter()
                    .map(|r| match item.constants.get(r) {
                        Some(c) => format!("{r} = {c}（常数）"),
                        None => {
                            let vals = by_code
                                .get(r.as_str())
                                .map(|o| {
                                    o.values
                                        .iter()
                                        .map(|v| v.text().to_string())
                                        .collect::<Vec<_>>()
                                })
                                .unwrap_or_default();
                            if vals.is_empty() {
                                format!("{r} = /")
                            } else {
                                format!("{r} = {}", vals.join("；"))
                            }
                        }
                    })
                    .collect();
                RawComputed {
                    formula: f.text.clone(),
                    inputs,
                    values: match &outcome.pending {
                        Some(why) if outcome.values.is_empty() => format!("/（{why}）"),
                        _ => outcome
                            .values
                            .iter()
                            .map(|v| intermediate(v.text()))
                            .collect::<Vec<_>>()
                            .join("；"),
                    },
                }
            });
            let (reported, verdict) = match &outcome.judgement {
                Some(j) => (j.reported.clone(), j.verdict.zh().to_string()),
                None => ("/".to_string(), "/".to_string()),
            };
            let mut arrangements = Vec::new();
            if let Some(a) = order.arrangements.get(&item.code) {
                if let Some(s) = &a.subcontract {
                    arrangements.push(format!(
                        "分包：{}（资质证书编号 {}）",
                        s.lab, s.accreditation
                    ));
                }
                if let Some(d) = &a.deviation {
                    let state = if d.approved.is_some() {
                        "已批准"
                    } else {
                        "待批准"
                    };
                    arrangements.push(format!("偏离：{}（{state}）", d.text));
                }
            }
            RawItem {
                seq: i + 1,
                name: format!("{}（{}）", item.name_zh, item.code),
                method: or_slash(&item.method),
                unit: if item.unit.is_empty() || item.unit == "-" {
                    "/".into()
                } else {
                    item.unit.clone()
                },
                requirement: super::from_order::requirement_text(order, item),
                entries,
                computed,
                reported,
                verdict,
                arrangements,
            }
        })
        .collect();
    let mut technicians: Vec<String> = Vec::new();
    for login in order
        .results
        .values()
        .flat_map(|r| r.history.iter().map(|e| &e.entered_by))
    {
        let n = name_of(names, login);
        if !technicians.contains(&n) {
            technicians.push(n);
        }
    }
    let s = &order.sample;
    let receipt = order.receipt.as_ref();
    RawRecord {
        lab_name: lab.name.clone(),
        order_number: order.number.clone(),
        sample: vec![
            ("样品名称", or_slash(&s.name)),
            ("样品编号", or_slash(&s.sample_number)),
            ("规格型号", or_slash(&s.model_spec)),
            ("生产日期/批号", or_slash(&s.batch)),
            ("样品数量", or_slash(&s.quantity)),
        ],
        receipt: vec![
            (
                "收样时样品状态",
                receipt.map_or_else(|| or_slash(&s.condition), |r| or_slash(&r.state)),
            ),
            (
                "封样",
                receipt.map_or_else(|| "/".into(), |r| or_slash(&r.seal)),
            ),
            (
                "收样日期",
                receipt
                    .map(|r| r.date)
                    .or(order.received_on)
                    .map_or_else(|| "/".into(), |d| d.to_string()),
            ),
            (
                "收样人",
                receipt.map_or_else(|| "/".into(), |r| name_of(names, &r.by)),
            ),
        ],
        standard: format!(
            "{}《{}》 {}",
            order.standard.code, order.standard.title_zh, order.grade
        ),
        items,
        technicians,
        checker: match &order.checked {
            Some(c) => format!("{} {}", name_of(names, &c.login), c.at.date_naive()),
            None => "未校核".into(),
        },
        printed,
        training: lab.training,
    }
}

/// Lay out, render and sign a raw record; same record, key and time → same bytes.
pub fn render_raw_record(
    renderer: &Renderer,
    record: &RawRecord,
    key: &LabKey,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, CertError> {
    let pages = pages::layout(record, renderer)?;
    renderer
        .font()
        .check_glyphs(pages.iter().flat_map(|p| p.texts()))?;
    let title = format!("{} {}", pages::TITLE, record.order_number);
    let meta = DocMeta {
        title: &title,
        at,
        info: vec![(INFO_RAW_RECORD_KEY, record.order_number.as_str())],
        id_seed: title.as_bytes(),
    };
    let unsigned = renderer.render_pages(&pages, None, &meta)?;
    sign_pdf(&unsigned, key, at)
}

/// Print the signed raw record of `order` to `out`. Only reads the store.
///
/// Nothing is recorded: every value, instrument, condition and check on the record was
/// audited when it was entered, and a printout is not a report (no number, never handed to
/// the client), so like re-rendering a certificate (`cert show`) it leaves the records as
/// they were, and may be printed by anyone who may read the order.
pub fn raw_record_to_file(
    store: &Store,
    order: &str,
    out: &Path,
    at: DateTime<Utc>,
) -> anyhow::Result<RawRecord> {
    let o = store.order(order)?;
    if o.results.values().all(|r| r.history.is_empty()) {
        return Err(StoreError::Refused(crate::msg!(
            "委托单 {order} 还没有录入任何结果，没有原始记录可打印（先用 unilab result set 录入）",
            "Order {order} has no results yet, so there is no raw record to print (enter them with unilab result set)"
        ))
        .into());
    }
    let certifier = Certifier::for_store(store)?;
    let names: BTreeMap<String, String> = store
        .users()?
        .into_iter()
        .map(|u| (u.login, u.display_name))
        .collect();
    let record = raw_record_from_order(&o, &store.lab()?, &names, at.date_naive());
    let pdf = render_raw_record(certifier.renderer(), &record, certifier.key(), at)?;
    write_pdf(out, &pdf)?;
    Ok(record)
}
