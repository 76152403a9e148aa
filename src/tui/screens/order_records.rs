//! The lab records on an order's page (issue 12): the receipt, where the sample is and until
//! when it is kept, the checker (校核), deviations and subcontracts with their approval, the
//! bench records behind each result, and the instrument flags a reviewer must weigh. Also the
//! keys that write them; `offer.rs` has already said why a key is not possible now.

use ratatui::text::Line;

use super::popup::{self, records, Then};
use crate::model::custody::SampleLocation;
use crate::model::Order;
use crate::tui::app::{App, Effect};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::record_effects::RecordEffect;
use crate::tui::widgets::{self, text};

fn push_wrapped(out: &mut Vec<Line<'static>>, s: &str, width: usize, st: ratatui::style::Style) {
    for piece in text::wrap(s, width) {
        out.push(Line::styled(piece, st));
    }
}

pub fn lines(app: &App, o: &Order, width: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    let plain = ratatui::style::Style::default();
    let mut out = Vec::new();
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "/".to_string()
        } else {
            s.to_string()
        }
    };
    let receipt = match &o.receipt {
        Some(r) => l.f(
            S::OReceiptLine,
            &[&r.date, &dash(&r.state), &dash(&r.seal), &r.by],
        ),
        None => l.t(S::ONotReceived).to_string(),
    };
    push_wrapped(
        &mut out,
        &format!("{}：{receipt}", l.t(S::OReceipt)),
        width,
        plain,
    );
    // Where the sample is, and how long it is kept.
    let mut sample = match o.custody.location() {
        Some(loc) => {
            let word = if l.english() { loc.en() } else { loc.zh() };
            let place = o.custody.place();
            if place.is_empty() {
                word.to_string()
            } else {
                format!("{word} · {place}")
            }
        }
        None => l.t(S::ONotReceived).to_string(),
    };
    let days = app
        .data
        .lab
        .as_ref()
        .map_or(90, |lab| lab.retention_days(&o.standard.field));
    let mut sample_style = plain;
    if o.custody.location() == Some(SampleLocation::Retained) {
        if let Some(end) = o.custody.retention_ends(days) {
            sample.push_str(&format!(" · {}", l.f(S::ORetainedUntil, &[&end])));
            if end < app.today() {
                sample_style = widgets::warn_style();
            }
        }
    }
    push_wrapped(
        &mut out,
        &format!("{}：{sample}", l.t(S::OSample)),
        width,
        sample_style,
    );
    if let Some(d) = &o.custody.disposal {
        push_wrapped(
            &mut out,
            &l.f(S::ODisposed, &[&d.date, &d.method, &d.witness, &d.by]),
            width,
            plain,
        );
    }
    let (checker, st) = match &o.checked {
        Some(s) => (
            format!(
                "{}{}",
                s.name,
                l.paren(&s.at.format("%Y-%m-%d").to_string())
            ),
            plain,
        ),
        None => (l.t(S::ONotChecked).to_string(), widgets::warn_style()),
    };
    out.push(Line::styled(format!("{}：{checker}", l.t(S::OChecker)), st));
    if !o.arrangements.is_empty() {
        out.push(Line::styled(l.t(S::OArrangements), widgets::header_style()));
        let state = |a: &Option<crate::model::order::Signature>| match a {
            Some(s) => l.f(S::OApprovedBy, &[&s.name]),
            None => l.t(S::OPending).to_string(),
        };
        // In the order's item order, as the certificate lists them.
        let ordered = o
            .items
            .iter()
            .filter_map(|i| o.arrangements.get(&i.code).map(|a| (&i.code, a)));
        for (code, a) in ordered {
            if let Some(d) = &a.deviation {
                let st = if d.approved.is_none() {
                    widgets::warn_style()
                } else {
                    plain
                };
                let s = l.f(S::ODeviation, &[code, &d.text, &state(&d.approved)]);
                push_wrapped(&mut out, &format!("  {s}"), width, st);
            }
            if let Some(sc) = &a.subcontract {
                let st = if sc.approved.is_none() {
                    widgets::warn_style()
                } else {
                    plain
                };
                let s = l.f(
                    S::OSubcontract,
                    &[code, &sc.lab, &sc.accreditation, &state(&sc.approved)],
                );
                push_wrapped(&mut out, &format!("  {s}"), width, st);
            }
        }
    }
    // The bench facts behind each current result: what an assessor asks for first.
    let mut bench = Vec::new();
    for (code, r) in o
        .items
        .iter()
        .filter_map(|i| o.results.get(&i.code).map(|r| (&i.code, r)))
    {
        let Some(e) = r.current() else { continue };
        let b = &e.bench;
        if b.tested_on.is_none() && b.instruments.is_empty() && b.conditions.is_empty() {
            continue;
        }
        let tested = b.tested_on.unwrap_or(e.entered_at.date_naive());
        let inst: Vec<String> = b
            .instruments
            .iter()
            .map(|u| format!("{}{}", u.id, l.paren(&l.f(S::BUntil, &[&u.due]))))
            .collect();
        let inst = if inst.is_empty() {
            "/".to_string()
        } else {
            inst.join("、")
        };
        bench.push(l.f(S::OBenchLine, &[code, &tested, &inst, &b.conditions.text()]));
    }
    if !bench.is_empty() {
        out.push(Line::styled(l.t(S::OBench), widgets::header_style()));
        for s in bench {
            push_wrapped(&mut out, &format!("  {s}"), width, plain);
        }
    }
    if !app.data.flags.is_empty() {
        out.push(Line::styled(l.t(S::OFlags), widgets::warn_style()));
        for f in &app.data.flags {
            push_wrapped(
                &mut out,
                &format!("  ! {}", f.text(l.english())),
                width,
                widgets::warn_style(),
            );
        }
    }
    out
}

/// The record keys on an order's page; `false` when the action is not one of them.
pub fn update(app: &mut App, action: Action, order: &Order) -> bool {
    match action {
        Action::CheckOrder => {
            let text = app.lang.f(S::OCheckConfirm, &[&order.number]);
            let effect = Effect::Record(Box::new(RecordEffect::CheckOrder(order.number.clone())));
            popup::confirm(app, text, Then::Run(Box::new(effect)));
        }
        Action::ReceiveWith => records::receive(app, order),
        Action::Deviation => records::deviation(app, order),
        Action::Subcontract => records::subcontract(app, order),
        Action::ApproveArrangement => records::approve_arrangement(app, order),
        Action::MoveSample => records::move_sample(app, order),
        Action::DisposeSample => records::dispose_sample(app, order),
        _ => return false,
    }
    true
}
