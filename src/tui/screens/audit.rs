//! The audit log: who changed what, when, from what to what and why; a typed filter and a
//! check of the hash chain.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::Frame;

use super::popup;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::widgets::list::{columns, ListView, Outcome};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditState {
    pub list: ListView,
}

pub fn recompute(app: &mut App) {
    let needle = app.audit.list.needle();
    let log = &app.data.audit;
    let mut rows: Vec<usize> = (0..log.len())
        .filter(|i| {
            let e = &log[*i];
            needle.is_empty()
                || [&e.actor, &e.operation, &e.target]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&needle))
                || e.reason
                    .as_ref()
                    .is_some_and(|r| r.to_lowercase().contains(&needle))
        })
        .collect();
    rows.reverse();
    app.audit.list.set_rows(rows);
}

fn show(v: &Option<serde_json::Value>) -> String {
    v.as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "—".into())
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(6) as usize;
    match app.audit.list.update(action, page) {
        Outcome::Done(true) => recompute(app),
        Outcome::Done(false) => {}
        Outcome::Open(i) => {
            if let Some(e) = app.data.audit.get(i) {
                let text = format!(
                    "#{}  {}  {}\n{}  {}\n{}：{}\n{}：{}\n{}：{}\nhash {}",
                    e.seq,
                    e.at.format("%Y-%m-%d %H:%M:%S"),
                    e.actor,
                    e.operation,
                    e.target,
                    app.t(S::AuBefore),
                    show(&e.before),
                    app.t(S::AuAfter),
                    show(&e.after),
                    app.t(S::ColReason),
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

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [f, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let s = &app.audit.list;
    let right = app.lang.f(S::Rows, &[&s.rows.len(), &app.data.audit.len()]);
    s.draw_filter(
        frame,
        f,
        app.t(S::Filter),
        "actor / operation / target / reason",
        &right,
    );
    let l = app.lang;
    let w = body.width as usize;
    let rest = w.saturating_sub(6 + 16 + 10 + 22 + 16 + 5);
    let header = columns(&[
        ("#", 6),
        (l.t(S::ColWhen), 16),
        (l.t(S::ColWho), 10),
        (l.t(S::ColWhat), 22),
        (l.t(S::ColTarget), 16),
        (l.t(S::ColReason), rest),
    ]);
    let log = &app.data.audit;
    s.draw_rows(frame, body, &header, &|i| {
        let e = &log[i];
        let line = columns(&[
            (&e.seq.to_string(), 6),
            (&e.at.format("%Y-%m-%d %H:%M").to_string(), 16),
            (&e.actor, 10),
            (&e.operation, 22),
            (&e.target, 16),
            (e.reason.as_deref().unwrap_or(""), rest),
        ]);
        (line, Style::default())
    });
}
