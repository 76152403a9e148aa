//! Issued reports with their status (valid, replaced, withdrawn); Enter shows the frozen
//! content as issued; a signatory may withdraw one with a reason.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::Frame;

use super::popup::{Popup, Prompt, PromptKind};
use crate::model::{Report, ReportStatus};
use crate::tui::app::{App, Effect};
use crate::tui::i18n::{Lang, S};
use crate::tui::keymap::Action;
use crate::tui::widgets::{
    self,
    list::{columns, ListView, Outcome},
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportsState {
    pub list: ListView,
}

pub fn status_text(lang: Lang, r: &Report) -> String {
    match &r.status {
        ReportStatus::Issued => lang.t(S::RepIssued).to_string(),
        ReportStatus::Replaced { by } => lang.f(S::RepReplaced, &[by]),
        ReportStatus::Withdrawn { reason, .. } => lang.f(S::RepWithdrawn, &[reason]),
    }
}

pub fn recompute(app: &mut App) {
    let needle = app.reports.list.needle();
    let reps = &app.data.reports;
    let mut rows: Vec<usize> = (0..reps.len())
        .filter(|i| {
            let r = &reps[*i];
            needle.is_empty()
                || [
                    &r.number,
                    &r.order,
                    &r.content.sample.name,
                    &r.content.client.name,
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(&needle))
        })
        .collect();
    // Newest first.
    rows.reverse();
    app.reports.list.set_rows(rows);
}

/// The report's status, first line of its preview.
pub fn status_line(app: &App, r: &crate::model::Report) -> String {
    format!(
        "{}{}{}",
        app.t(S::ColStatus),
        super::detail::colon(app.lang),
        status_text(app.lang, r)
    )
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(6) as usize;
    match app.reports.list.update(action, page) {
        Outcome::Done(true) => recompute(app),
        Outcome::Done(false) => {}
        Outcome::Open(i) => {
            if let Some(r) = app.data.reports.get(i) {
                return vec![Effect::PreviewReport(r.number.clone())];
            }
        }
        Outcome::Unhandled => match action {
            Action::Withdraw => {
                if let Some(r) = app
                    .reports
                    .list
                    .current()
                    .and_then(|i| app.data.reports.get(i))
                {
                    let title = app.lang.f(S::AWithdrawReason, &[&r.number]);
                    let kind = PromptKind::Withdraw(r.number.clone());
                    app.popup = Some(Popup::Prompt(Prompt::reason(kind, title, app)));
                }
            }
            Action::Back => app.screen = crate::tui::app::Screen::Queue,
            _ => {}
        },
    }
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [f, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let s = &app.reports.list;
    let right = app
        .lang
        .f(S::Rows, &[&s.rows.len(), &app.data.reports.len()]);
    s.draw_filter(frame, f, app.t(S::Filter), app.t(S::FilterHint), &right);
    if app.data.reports.is_empty() {
        frame.render_widget(
            ratatui::text::Line::styled(app.t(S::RepNone), widgets::dim()),
            Rect {
                y: body.y + 1,
                height: 1,
                ..body
            },
        );
        return;
    }
    let w = body.width as usize;
    let sample_w = w.saturating_sub(16 + 15 + 5 + 17 + 5).clamp(8, 30);
    let status_w = w.saturating_sub(16 + 15 + 5 + 17 + sample_w + 5);
    let l = app.lang;
    let header = columns(&[
        (l.t(S::ColReport), 16),
        (l.t(S::ColOrder), 15),
        (l.t(S::ColVersion), 5),
        (l.t(S::ColIssued), 17),
        (l.t(S::ColSample), sample_w),
        (l.t(S::ColStatus), status_w),
    ]);
    let reps = &app.data.reports;
    s.draw_rows(frame, body, &header, &|i| {
        let r = &reps[i];
        let st = match r.status {
            ReportStatus::Issued => Style::default(),
            ReportStatus::Replaced { .. } => widgets::dim(),
            ReportStatus::Withdrawn { .. } => widgets::error_style(),
        };
        let line = columns(&[
            (&r.number, 16),
            (&r.order, 15),
            (&r.version.to_string(), 5),
            (&r.signed_at.format("%Y-%m-%d %H:%M").to_string(), 17),
            (&r.content.sample.name, sample_w),
            (&status_text(l, r), status_w),
        ]);
        (line, st)
    });
}
