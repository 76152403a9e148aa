//! The certificate as text, before issuing (from the order) or as issued (the frozen content
//! of a report): header facts, result table, conclusion and the sign-off block.

use super::popup::Popup;
use crate::certificate::{content_from_order, CertificateContent};
use crate::model::Order;
use crate::tui::app::App;
use crate::tui::i18n::{Lang, S};
use crate::tui::widgets::text;

/// Open the preview popup of an order; with `issue`, Enter in the popup issues it. `pages`
/// counts the pages the certificate will have.
pub fn open_for_order(
    app: &mut App,
    order: &Order,
    issue: bool,
    pages: &crate::tui::effects::PagesFn,
) {
    let lab = app
        .data
        .lab
        .clone()
        .unwrap_or_else(|| crate::model::Lab::new(""));
    let content = content_from_order(order, &lab, app.t(S::PPreviewNumber), None, app.today());
    let lines = certificate_lines(app.lang, &content, 76, pages(&content));
    let title = format!("{} — {}", app.t(S::ScrPreview), order.number);
    app.popup = Some(Popup::Preview {
        title,
        lines,
        scroll: 0,
        issue: issue.then(|| order.number.clone()),
    });
}

pub fn open_for_report(
    app: &mut App,
    content: &CertificateContent,
    status: String,
    pages: Option<usize>,
) {
    let mut lines = certificate_lines(app.lang, content, 76, pages);
    lines.insert(0, status);
    app.popup = Some(Popup::Preview {
        title: format!("{} {}", app.t(S::PReportNo), content.report_number),
        lines,
        scroll: 0,
        issue: None,
    });
}

pub fn certificate_lines(
    lang: Lang,
    c: &CertificateContent,
    width: usize,
    pages: Option<usize>,
) -> Vec<String> {
    let mut out = Vec::new();
    let center = |s: &str| {
        let pad = width.saturating_sub(text::width(s)) / 2;
        format!("{}{s}", " ".repeat(pad))
    };
    out.push(center(&c.lab.name));
    out.push(center(lang.t(S::PHeader)));
    // The page count is the PDF's own (laid out with the lab's template), never a guess.
    let page = match pages {
        Some(n) => lang.f(S::PPages, &[&n]),
        None => lang.t(S::PPagesUnknown).to_string(),
    };
    let head = format!("{}：{}", lang.t(S::PReportNo), c.report_number);
    let gap = width.saturating_sub(text::width(&head) + text::width(&page));
    out.push(format!("{head}{}{page}", " ".repeat(gap.max(2))));
    if let Some(r) = &c.replaces {
        out.push(lang.f(S::PReplaces, &[&r.report_number, &r.reason]));
    }
    out.push("─".repeat(width));
    let half = width / 2;
    let kv = |a: (&str, &str), b: (&str, &str)| {
        format!(
            "{}{}",
            text::pad(&format!("{}：{}", a.0, a.1), half),
            text::truncate(&format!("{}：{}", b.0, b.1), width - half)
        )
    };
    let s = &c.sample;
    out.push(text::truncate(
        &format!(
            "{}：{}  {}",
            lang.t(S::ColClient),
            c.client.name,
            c.client.address
        ),
        width,
    ));
    out.push(text::truncate(
        &format!(
            "{}：{}  {}",
            lang.t(S::DProducer),
            c.producer.name,
            c.producer.address
        ),
        width,
    ));
    out.push(kv(
        (lang.t(S::ColSample), &s.name),
        (lang.t(S::DTrademark), &s.trademark),
    ));
    out.push(kv(
        (lang.t(S::DModel), &s.model_spec),
        (lang.t(S::DBatch), &s.batch_or_date),
    ));
    out.push(kv(
        (lang.t(S::DSampleNo), &s.sample_number),
        (lang.t(S::DQuantity), &s.quantity),
    ));
    out.push(kv(
        (lang.t(S::DCondition), &s.condition),
        (lang.t(S::ColType), &c.inspection_type),
    ));
    out.push(kv(
        (
            lang.t(S::PReceivedDate),
            &c.date_received.map_or("/".to_string(), |d| d.to_string()),
        ),
        (
            lang.t(S::PTestDates),
            &format!("{} ～ {}", c.test_start, c.test_end),
        ),
    ));
    out.push(kv(
        (lang.t(S::ColOrder), &c.order_number),
        (lang.t(S::PIssueDate), &c.issue_date.to_string()),
    ));
    for l in text::wrap(
        &format!("{}：{}", lang.t(S::PBasis), c.product_standard),
        width,
    ) {
        out.push(l);
    }
    for l in text::wrap(
        &format!("{}：{}", lang.t(S::PMethods), c.method_standards.join("；")),
        width,
    ) {
        out.push(l);
    }
    out.push("─".repeat(width));
    // 序号 | 检验项目 | 单位 | 标准要求 | 检验结果 | 单项判定
    let name_w = width.saturating_sub(4 + 7 + 14 + 14 + 8 + 5).max(8);
    let row = |a: &str, b: &str, cc: &str, d: &str, e: &str, f: &str| {
        format!(
            "{} {} {} {} {} {}",
            text::pad(a, 4),
            text::pad(b, name_w),
            text::pad(cc, 7),
            text::pad(d, 14),
            text::pad(e, 14),
            text::truncate(f, 8)
        )
    };
    out.push(row(
        lang.t(S::PColSeq),
        lang.t(S::ColItem),
        lang.t(S::ColUnit),
        lang.t(S::ColRequirement),
        lang.t(S::PColResult),
        lang.t(S::ColVerdict),
    ));
    for r in &c.rows {
        out.push(row(
            &r.seq.to_string(),
            &r.item,
            &r.unit,
            &r.requirement,
            &r.result,
            &r.verdict,
        ));
    }
    out.push("─".repeat(width));
    for l in text::wrap(
        &format!("{}：{}", lang.t(S::PConclusion), c.conclusion),
        width,
    ) {
        out.push(l);
    }
    for l in text::wrap(
        &format!("{}：{}", lang.t(S::PDeviations), c.deviations),
        width,
    ) {
        out.push(l);
    }
    for l in text::wrap(&format!("{}：{}", lang.t(S::PRemarks), c.remarks), width) {
        out.push(l);
    }
    out.push(String::new());
    let sign = |label: &str, s: &crate::certificate::SignOff| {
        let name = if s.name.is_empty() {
            "—".to_string()
        } else {
            s.name.clone()
        };
        format!("{label}：{name} {}", s.date)
    };
    out.push(format!(
        "{}   {}   {}",
        sign(lang.t(S::PPrepared), &c.prepared_by),
        sign(lang.t(S::PReviewed), &c.reviewed_by),
        sign(lang.t(S::PApproved), &c.approved_by)
    ));
    out.push(format!("{}：{}", lang.t(S::PIssueDate), c.issue_date));
    for l in text::wrap(lang.t(S::PStatement), width) {
        out.push(l);
    }
    out.push(center(&format!("—— {} ——", lang.t(S::PEnd))));
    out
}
