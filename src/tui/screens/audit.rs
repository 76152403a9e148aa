//! The audit log: who changed what, when, from what to what and why; a typed filter and a
//! check of the hash chain.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::Frame;

use super::audit_words as words;
use super::popup;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::{Lang, S};
use crate::tui::keymap::Action;
use crate::tui::widgets::list::{columns, ListView, Outcome};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditState {
    pub list: ListView,
}

pub fn recompute(app: &mut App) {
    let needle = app.audit.list.needle();
    let lang = app.lang;
    let log = &app.data.audit;
    // The filter matches what the rows show (the words and the readable change) as well as
    // the stored codes, so 退回 and order.review.reject both find a sent-back order.
    let hit = |f: &str| f.to_lowercase().contains(&needle);
    let mut rows: Vec<usize> = (0..log.len())
        .filter(|i| {
            let e = &log[*i];
            // Stored fields first; the words are built only for entries those miss.
            needle.is_empty()
                || hit(&e.actor)
                || hit(&e.operation)
                || hit(&e.target)
                || e.reason.as_deref().is_some_and(hit)
                || hit(&words::operation(lang, &e.operation))
                || hit(&words::change(lang, &e.before, &e.after))
        })
        .collect();
    rows.reverse();
    app.audit.list.set_rows(rows);
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(6) as usize;
    match app.audit.list.update(action, page) {
        Outcome::Done(true) => recompute(app),
        Outcome::Done(false) => {}
        Outcome::Open(i) => {
            if let Some(e) = app.data.audit.get(i) {
                let l = app.lang;
                // The stored code stays visible next to its words: it is what `unilab audit`
                // prints and what an auditor may search for.
                let text = format!(
                    "#{}  {}  {}\n{} ({})  {}\n{}{}{}\n{}{}{}\n{}{}{}\nhash {}",
                    e.seq,
                    e.at.format("%Y-%m-%d %H:%M:%S"),
                    e.actor,
                    words::operation(l, &e.operation),
                    e.operation,
                    e.target,
                    app.t(S::AuBefore),
                    colon(l),
                    words::optional(l, &e.before),
                    app.t(S::AuAfter),
                    colon(l),
                    words::optional(l, &e.after),
                    app.t(S::ColReason),
                    colon(l),
                    e.reason.clone().unwrap_or_else(|| "—".into()),
                    &e.hash[..16.min(e.hash.len())]
                );
                popup::message(app, app.t(S::ScrAudit), text, false);
            }
        }
        Outcome::Unhandled => match action {
            Action::Verify => return vec![Effect::VerifyAudit],
            Action::Back => app.screen = Screen::Queue,
            _ => {}
        },
    }
    Vec::new()
}

fn colon(lang: Lang) -> &'static str {
    if lang.english() {
        ": "
    } else {
        "："
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [f, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let s = &app.audit.list;
    let right = app.lang.f(S::Rows, &[&s.rows.len(), &app.data.audit.len()]);
    s.draw_filter(frame, f, app.t(S::Filter), app.t(S::AuFilterHint), &right);
    let l = app.lang;
    let w = body.width as usize;
    // Below 100 columns the year goes (the entry shows it): the change needs the room.
    let (when_fmt, when_w) = if w < 100 {
        ("%m-%d %H:%M", 11)
    } else {
        ("%Y-%m-%d %H:%M", 16)
    };
    let what_w = if l.english() { 20 } else { 12 };
    let rest = w.saturating_sub(6 + when_w + 8 + what_w + 14 + 6);
    let header = columns(&[
        ("#", 6),
        (l.t(S::ColWhen), when_w),
        (l.t(S::ColWho), 8),
        (l.t(S::ColWhat), what_w),
        (l.t(S::ColTarget), 14),
        (l.t(S::AuChange), rest),
    ]);
    let log = &app.data.audit;
    s.draw_rows(frame, body, &header, &|i| {
        let e = &log[i];
        let mut change = words::change(l, &e.before, &e.after);
        if let Some(r) = &e.reason {
            change = format!("{change}  {}{}{r}", l.t(S::ColReason), colon(l));
        }
        let line = columns(&[
            (&e.seq.to_string(), 6),
            (&e.at.format(when_fmt).to_string(), when_w),
            (&e.actor, 8),
            (&words::operation(l, &e.operation), what_w),
            (&e.target, 14),
            (change.trim_start(), rest),
        ]);
        (line, Style::default())
    });
}
