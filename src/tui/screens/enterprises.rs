//! Enterprises and their quality file: credit class, blacklist, order history and pass rate.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;

use super::popup::{self, Check, Field, Popup, Prompt, PromptKind};
use crate::model::CreditClass;
use crate::supervision::history::HistoryRow;
use crate::supervision::report::Standing;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::S;
use crate::tui::i18n_desk::D;
use crate::tui::keymap::Action;
use crate::tui::widgets::{
    self,
    list::{columns, ListView, Outcome},
    text,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterprisesState {
    pub list: ListView,
    pub open: Option<String>,
    pub history: ListView,
}

pub fn recompute(app: &mut App) {
    let needle = app.enterprises.list.needle();
    let ents = &app.data.enterprises;
    let rows = (0..ents.len())
        .filter(|i| {
            let e = &ents[*i];
            needle.is_empty()
                || e.name.to_lowercase().contains(&needle)
                || e.credit_code.to_lowercase().contains(&needle)
        })
        .collect();
    app.enterprises.list.set_rows(rows);
    let hist = app
        .data
        .enterprise_file
        .as_ref()
        .map(|f| (0..f.orders.len()).collect())
        .unwrap_or_default();
    app.enterprises.history.set_rows(hist);
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(12) as usize;
    if app.screen == Screen::Enterprise {
        let Some(code) = app.enterprises.open.clone() else {
            app.screen = Screen::Enterprises;
            return Vec::new();
        };
        match app.enterprises.history.update(action, page) {
            Outcome::Open(i) => {
                return app.open_listed_order(|d| {
                    d.enterprise_file.as_ref().and_then(|f| f.orders.get(i))
                });
            }
            Outcome::Done(_) => {}
            Outcome::Unhandled => match action {
                Action::Back => app.screen = Screen::Enterprises,
                Action::ChangeClass => {
                    let current = app
                        .data
                        .enterprise(&code)
                        .map(|e| e.credit_class)
                        .unwrap_or_default();
                    let sel = match current {
                        CreditClass::A => 0,
                        CreditClass::B => 1,
                        CreditClass::C => 2,
                    };
                    let title = app.t(S::EClass).to_string();
                    app.popup = Some(Popup::Prompt(Prompt::new(
                        PromptKind::EnterpriseClass(code),
                        title,
                        vec![
                            Field::text(app.t(S::ColReason), Check::Required),
                            Field::Choice {
                                label: app.t(S::EClass).to_string(),
                                options: vec!["A".into(), "B".into(), "C".into()],
                                sel,
                            },
                        ],
                    )));
                }
                Action::AddLicence => popup::quality_forms::licence(app, &code),
                Action::RemoveLicence => popup::quality_forms::remove_licence(app, &code),
                Action::FileHistory => super::quality_file_view::open(app, &code),
                Action::Complaint => popup::quality_forms::complaint(app, &code),
                Action::Blacklist => {
                    let on = app
                        .data
                        .enterprise(&code)
                        .is_some_and(|e| e.blacklist.is_some());
                    let title = app
                        .t(if on {
                            S::EUnblacklistReason
                        } else {
                            S::EBlacklistReason
                        })
                        .to_string();
                    app.popup = Some(Popup::Prompt(Prompt::reason(
                        PromptKind::Blacklist(code),
                        title,
                        app,
                    )));
                }
                _ => {}
            },
        }
        return Vec::new();
    }
    match app.enterprises.list.update(action, page) {
        Outcome::Done(true) => recompute(app),
        Outcome::Done(false) => {}
        Outcome::Open(i) => {
            if let Some(e) = app.data.enterprises.get(i) {
                let code = e.credit_code.clone();
                app.enterprises.open = Some(code.clone());
                app.enterprises.history = ListView::default();
                app.data.enterprise_file = None;
                app.screen = Screen::Enterprise;
                return vec![Effect::LoadEnterpriseFile(code)];
            }
        }
        Outcome::Unhandled => match action {
            Action::New => app.popup = Some(popup::new_enterprise(app, None)),
            Action::Back => app.screen = Screen::Queue,
            _ => {}
        },
    }
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if app.screen == Screen::Enterprise {
        return draw_file(frame, area, app);
    }
    let [f, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let s = &app.enterprises.list;
    let right = app
        .lang
        .f(S::Rows, &[&s.rows.len(), &app.data.enterprises.len()]);
    s.draw_filter(frame, f, app.t(S::Filter), app.t(S::ECode), &right);
    let l = app.lang;
    let w = body.width as usize;
    let name_w = w.saturating_sub(19 + 8 + 20 + 4).max(10);
    let header = columns(&[
        (l.t(S::ColName), name_w),
        (l.t(S::ECode), 19),
        (l.t(S::ColClass), 8),
        (l.t(S::ColBlacklist), 20),
    ]);
    let ents = &app.data.enterprises;
    s.draw_rows(frame, body, &header, &|i| {
        let e = &ents[i];
        let line = columns(&[
            (&e.name, name_w),
            (&e.credit_code, 19),
            (&format!("{:?}", e.credit_class), 8),
            (e.blacklist.as_deref().unwrap_or(""), 20),
        ]);
        (
            line,
            if e.blacklist.is_some() {
                widgets::error_style()
            } else {
                Style::default()
            },
        )
    });
}

/// The spot-check history of the quality file (质量档案): how often sampled and failed, and
/// the latest few with their task, outcome, failed items and what followed a failure.
fn spot_lines(app: &App, rows: &[HistoryRow], w: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    if rows.is_empty() {
        return vec![Line::styled(l.t(D::ENoSpot), widgets::dim())];
    }
    let failed = rows
        .iter()
        .filter(|r| r.outcome == Standing::Failed)
        .count();
    let mut out = vec![Line::styled(
        l.f(D::ESpot, &[&rows.len(), &failed]),
        widgets::header_style(),
    )];
    for r in rows.iter().take(4) {
        let outcome = l.t(match r.outcome {
            Standing::Testing => D::ESpotTesting,
            Standing::Undecided => D::ESpotUndecided,
            Standing::Passed => D::ESpotPassed,
            Standing::Failed => D::ESpotFailed,
        });
        let mut s = format!(
            "  {} {} {} {outcome}",
            r.date,
            r.task.as_deref().unwrap_or("/"),
            r.order
        );
        if !r.failed_items.is_empty() {
            s.push_str(&format!("：{}", r.failed_items.join("、")));
        }
        if let Some(a) = &r.after_failure {
            s.push_str(&format!(" · {a}"));
        }
        let st = if r.outcome == Standing::Failed {
            widgets::warn_style()
        } else {
            Style::default()
        };
        // Two lines at most: what followed a failure is the point of the row.
        for piece in text::wrap(&s, w).into_iter().take(2) {
            out.push(Line::styled(piece, st));
        }
    }
    out
}

fn draw_file(frame: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let w = area.width as usize;
    let Some(e) = app
        .enterprises
        .open
        .as_deref()
        .and_then(|c| app.data.enterprise(c))
    else {
        return;
    };
    let mut lines = vec![
        Line::styled(
            format!("{}  {}", e.name, e.credit_code),
            widgets::header_style(),
        ),
        Line::from(text::truncate(
            &format!(
                "{}：{}   {}：{}",
                l.t(S::EAddress),
                e.address,
                l.t(S::EContact),
                e.contact
            ),
            w,
        )),
        Line::from(format!("{}：{:?}", l.t(S::EClass), e.credit_class)),
    ];
    if let Some(b) = &e.blacklist {
        lines.push(Line::styled(
            format!("{}：{b}", l.t(S::ColBlacklist)),
            widgets::error_style(),
        ));
    }
    lines.extend(super::enterprise_quality::lines(app, e, w));
    match &app.data.enterprise_file {
        Some(f) if f.judged > 0 => {
            let pct = format!("{}%", (f.passed * 1000 / f.judged + 5) / 10);
            lines.push(Line::from(l.f(S::EPassRate, &[&f.passed, &f.judged, &pct])));
        }
        Some(_) => lines.push(Line::styled(l.t(S::ENoJudged), widgets::dim())),
        None => lines.push(Line::styled(l.t(S::DLoading), widgets::dim())),
    }
    if let Some(f) = &app.data.enterprise_file {
        lines.extend(spot_lines(app, &f.spot_checks, w));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(l.t(S::EOrders), widgets::header_style()));
    let body = widgets::lines_on_top(frame, area, lines);
    let none = Vec::new();
    super::orders::order_rows(
        frame,
        body,
        app,
        &app.enterprises.history.rows,
        app.data
            .enterprise_file
            .as_ref()
            .map_or(&none, |f| &f.orders),
        app.enterprises.history.selected,
        app.enterprises.history.offset,
    );
}
