//! The manager's warnings in the work queue (预警): each row a rule's finding with how much
//! evidence and whether someone acknowledged it; Enter shows it whole with the orders behind
//! it, `a` acknowledges it with a note (audited).

use ratatui::style::Style;

use super::popup::{self, Check, Field, Popup, Prompt, PromptKind};
use crate::store::RaisedWarning;
use crate::tui::app::App;
use crate::tui::i18n_stats::St;
use crate::tui::widgets::{self, list::columns};

/// Administrators and signatories: those who answer for the lab's figures.
pub fn shown_to(app: &App) -> bool {
    use crate::model::Role;
    app.has_role(Role::Admin) || app.has_role(Role::Signatory)
}

/// The manager's warnings are not worked out for the records and day shown.
pub fn stale(app: &App) -> bool {
    shown_to(app) && app.data.warnings_read != Some((app.data.stamp, app.today()))
}

fn rule_w(app: &App) -> usize {
    if app.lang.english() {
        18
    } else {
        16
    }
}

pub fn header(app: &App, w: usize) -> String {
    let l = app.lang;
    let text_w = w.saturating_sub(rule_w(app) + 6 + 14 + 4);
    columns(&[
        (l.t(St::WRule), rule_w(app)),
        (l.t(St::WText), text_w),
        (l.t(St::WEvidence), 6),
        (l.t(St::WState), 14),
    ])
}

fn text(app: &App, w: &RaisedWarning) -> String {
    if app.lang.english() {
        w.warning.en.clone()
    } else {
        w.warning.zh.clone()
    }
}

pub fn row(app: &App, w: &RaisedWarning, width: usize) -> (String, Style) {
    let l = app.lang;
    let text_w = width.saturating_sub(rule_w(app) + 6 + 14 + 4);
    let rule = if l.english() {
        w.warning.rule.en()
    } else {
        w.warning.rule.zh()
    };
    let state = match &w.acknowledged {
        Some(a) => l.f(St::WAckedBy, &[&a.by]),
        None => l.t(St::WOpen).to_string(),
    };
    let line = columns(&[
        (rule, rule_w(app)),
        (&text(app, w), text_w),
        (&w.warning.evidence.len().to_string(), 6),
        (&state, 14),
    ]);
    let st = if w.acknowledged.is_some() {
        widgets::dim()
    } else {
        widgets::warn_style()
    };
    (line, st)
}

pub fn row_at(app: &App, k: usize, width: usize) -> (String, Style) {
    app.data
        .warnings
        .get(k)
        .map_or_else(|| (String::new(), Style::default()), |w| row(app, w, width))
}

/// The warning whole: what the rule found, the orders behind it, who acknowledged it.
pub fn show(app: &mut App, k: usize) {
    let Some(w) = app.data.warnings.get(k).cloned() else {
        return;
    };
    let l = app.lang;
    let mut body = format!(
        "{}\n\n{}",
        text(app, &w),
        l.f(St::WEvidenceList, &[&w.warning.evidence.join("、")])
    );
    if let Some(a) = &w.acknowledged {
        body.push_str("\n\n");
        body.push_str(&l.f(
            St::WAckLine,
            &[&a.by, &a.at.format("%Y-%m-%d %H:%M"), &a.note],
        ));
    }
    body.push_str(&format!("\n\n{}", w.warning.id));
    let title = if l.english() {
        w.warning.rule.en()
    } else {
        w.warning.rule.zh()
    };
    popup::message(app, title, body, false);
}

/// The acknowledgement form: a note is required.
pub fn acknowledge(app: &mut App, k: usize) {
    let Some(w) = app.data.warnings.get(k) else {
        return;
    };
    let title = app.lang.f(St::WAckTitle, &[&text(app, w)]);
    let id = w.warning.id.clone();
    app.popup = Some(Popup::Prompt(Prompt::new(
        PromptKind::AcknowledgeWarning(id),
        title,
        vec![Field::text(app.t(St::WNote), Check::Required)],
    )));
}
