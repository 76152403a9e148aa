//! One order: its facts, items, results with verdicts, sign-offs and history, and the
//! workflow actions (receive, results, submit, review, approve, issue).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::popup::{self, Field, Popup, Prompt, PromptKind, Then};
use crate::judge::Verdict;
use crate::model::{Order, OrderStatus};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::{Lang, S};
use crate::tui::keymap::Action;
use crate::tui::widgets::{self, text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailState {
    pub number: String,
    pub scroll: usize,
    pub back: Screen,
}

impl Default for DetailState {
    fn default() -> Self {
        DetailState {
            number: String::new(),
            scroll: 0,
            back: Screen::Queue,
        }
    }
}

/// The verdict as a coloured word with a text mark, readable without colour.
pub fn verdict_span(lang: Lang, v: Option<&Verdict>) -> Span<'static> {
    match v {
        Some(Verdict::Pass) => Span::styled(lang.t(S::VPass), widgets::ok_style()),
        Some(Verdict::Fail) => Span::styled(lang.t(S::VFail), widgets::error_style()),
        Some(Verdict::NotJudged) => Span::styled(lang.t(S::VNotJudged), widgets::dim()),
        Some(Verdict::CannotJudge(_)) => Span::styled(lang.t(S::VCannot), widgets::warn_style()),
        // Guard-band verdicts (issue 11): the judging core names them in both languages.
        Some(v @ (Verdict::ConditionalPass | Verdict::ConditionalFail)) => Span::styled(
            if lang == Lang::En { v.en() } else { v.zh() },
            widgets::warn_style(),
        ),
        None => Span::styled(lang.t(S::VPending), widgets::dim()),
    }
}

fn current(app: &App) -> Option<&Order> {
    app.data
        .order
        .as_ref()
        .filter(|o| o.number == app.detail.number)
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(order) = current(app).cloned() else {
        if action == Action::Back {
            app.screen = app.detail.back;
        }
        return Vec::new();
    };
    let number = order.number.clone();
    // A step this user may not take on this order now is explained before anything is asked.
    if let Some(step) = crate::tui::offer::step_of(action, &order) {
        if let Some(why) = crate::tui::offer::check_step(app, &order, step) {
            app.error(why);
            return Vec::new();
        }
    }
    let not_now = |app: &mut App, what: S| {
        let m = app.lang.f(S::ANotAllowed, &[&app.t(what)]);
        app.error(format!("{m}（{}）", app.lang.status(order.status)));
    };
    if super::order_records::update(app, action, &order) {
        return Vec::new();
    }
    if let Some(effects) = super::order_spot::update(app, action, &order) {
        return effects;
    }
    match action {
        Action::Up => app.detail.scroll = app.detail.scroll.saturating_sub(1),
        Action::Down => app.detail.scroll += 1,
        Action::PageUp => app.detail.scroll = app.detail.scroll.saturating_sub(10),
        Action::PageDown => app.detail.scroll += 10,
        Action::Top => app.detail.scroll = 0,
        Action::Back => {
            app.screen = app.detail.back;
            app.refresh_views();
        }
        Action::Receive => {
            let text = app
                .lang
                .f(S::ConfirmReceive, &[&number, &order.sample.name]);
            popup::confirm(app, text, Then::Run(Box::new(Effect::Receive(number))));
        }
        Action::EnterResults | Action::Open => {
            if matches!(order.status, OrderStatus::Received | OrderStatus::InTesting) {
                super::results::open(app, &order);
            } else {
                let m = app.lang.f(
                    S::ResNotEditable,
                    &[&number, &app.lang.status(order.status)],
                );
                app.error(m);
            }
        }
        Action::SubmitForReview => ask_submit(app, &order),
        Action::Accept => {
            let text = app.lang.f(S::ConfirmAccept, &[&number, &order.sample.name]);
            let accept = Effect::Review {
                order: number,
                accept: true,
                reason: None,
            };
            popup::confirm(app, text, Then::Run(Box::new(accept)));
        }
        Action::Reject => match order.status {
            OrderStatus::AwaitingReview => {
                app.popup = Some(Popup::Prompt(Prompt::reason(
                    PromptKind::ReviewReject(number),
                    app.t(S::AReject).to_string(),
                    app,
                )))
            }
            OrderStatus::AwaitingApproval => {
                app.popup = Some(Popup::Prompt(Prompt::reason(
                    PromptKind::ApprovalReject(number),
                    app.t(S::AReject).to_string(),
                    app,
                )))
            }
            _ => not_now(app, S::AReject),
        },
        Action::Approve => {
            if order.status != OrderStatus::AwaitingApproval {
                not_now(app, S::PApproved);
            } else {
                let login = app
                    .user
                    .as_ref()
                    .map(|u| u.login.clone())
                    .unwrap_or_default();
                let title = app.lang.f(S::APassword, &[&login]);
                app.popup = Some(Popup::Prompt(Prompt::new(
                    PromptKind::Approve(number),
                    title,
                    vec![Field::password(app.t(S::LoginPassword))],
                )));
            }
        }
        Action::Issue => {
            if order.status != OrderStatus::Approved {
                not_now(app, S::QToIssue);
            } else {
                return vec![Effect::Preview {
                    order: number,
                    issue: true,
                }];
            }
        }
        Action::Preview => {
            return vec![Effect::Preview {
                order: number,
                issue: false,
            }]
        }
        _ => {}
    }
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(o) = current(app) else {
        frame.render_widget(Line::styled(app.t(S::DLoading), widgets::dim()), area);
        return;
    };
    let lines = lines(app, o, area.width as usize);
    let h = area.height as usize;
    let max = lines.len().saturating_sub(h);
    let scroll = app.detail.scroll.min(max);
    let body: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    frame.render_widget(Paragraph::new(body), area);
    // More above or below: say so in the corner, with the keys that scroll.
    if max > 0 {
        let mark = format!(
            " {}{} {}/{} ",
            if scroll > 0 { "↑" } else { " " },
            if scroll < max { "↓" } else { " " },
            scroll + h.min(max + h - scroll),
            max + h
        );
        let w = text::width(&mark) as u16;
        frame.render_widget(
            Line::styled(mark, widgets::dim()),
            Rect {
                x: area.x + area.width.saturating_sub(w),
                y: area.y + area.height.saturating_sub(1),
                width: w,
                height: 1,
            },
        );
    }
}

/// Chinese takes the full-width colon, English ": ".
pub fn colon(l: Lang) -> &'static str {
    if l.english() {
        ": "
    } else {
        "："
    }
}

fn kv(label: &str, value: &str, w: usize) -> String {
    // Chinese labels take the full-width colon, English ones ": ".
    let sep = if label.is_ascii() { ": " } else { "：" };
    text::pad(&format!("{label}{sep}{value}"), w)
}

fn lines(app: &App, o: &Order, width: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    let half = width / 2;
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "/".to_string()
        } else {
            s.to_string()
        }
    };
    let mut out: Vec<Line> = Vec::new();
    let title = format!(
        "{}  {}  {}  {}",
        o.number,
        l.status(o.status),
        l.inspection(o.inspection_type),
        o.standard.code
    );
    let mut head = vec![Span::styled(title, widgets::header_style())];
    if o.due < app.today() && o.status < OrderStatus::Approved {
        head.push(Span::styled(
            format!("  ! {}", l.t(S::QOverdue)),
            widgets::error_style(),
        ));
    }
    out.push(Line::from(head));
    // Sent back: the technician sees who sent it back and the whole reason, first.
    if let Some(back) = o.returned() {
        let why = back.reason.as_deref().unwrap_or("—");
        let said = l.f(
            S::DReturned,
            &[&back.by, &back.at.format("%Y-%m-%d %H:%M"), &why],
        );
        for piece in text::wrap(&said, width) {
            out.push(Line::styled(piece, widgets::warn_style()));
        }
    }
    let pairs = [
        (
            kv(l.t(S::ColClient), &o.client.name, half),
            kv(
                l.t(S::DProducer),
                &o.producer
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or("/".into()),
                half,
            ),
        ),
        (
            kv(l.t(S::ColSample), &o.sample.name, half),
            kv(l.t(S::DSampleNo), &o.sample.sample_number, half),
        ),
        (
            kv(l.t(S::DTrademark), &dash(&o.sample.trademark), half),
            kv(l.t(S::DModel), &dash(&o.sample.model_spec), half),
        ),
        (
            kv(l.t(S::DBatch), &dash(&o.sample.batch), half),
            kv(l.t(S::DQuantity), &dash(&o.sample.quantity), half),
        ),
        (
            kv(
                l.t(S::DGrade),
                &format!(
                    "{}{}",
                    o.grade,
                    o.spec
                        .as_ref()
                        .map(|s| format!(" / {s}"))
                        .unwrap_or_default()
                ),
                half,
            ),
            kv(l.t(S::DCondition), &dash(&o.sample.condition), half),
        ),
        (
            kv(
                l.t(S::DRegistered),
                &match &o.site {
                    Some(site) => format!(
                        "{} {} · {} {site}",
                        o.registered_at.format("%Y-%m-%d"),
                        o.registered_by,
                        l.t(S::DSite)
                    ),
                    None => format!("{} {}", o.registered_at.format("%Y-%m-%d"), o.registered_by),
                },
                half,
            ),
            kv(
                l.t(S::ColDue),
                &format!(
                    "{}  {} {}",
                    o.due,
                    l.t(S::DReceived),
                    o.received_on.map(|d| d.to_string()).unwrap_or("/".into())
                ),
                half,
            ),
        ),
    ];
    for (a, b) in pairs {
        out.push(Line::from(format!("{a}{b}")));
    }
    if let Some((old, why)) = &o.amending {
        out.push(Line::styled(
            l.f(S::DAmending, &[old, why]),
            widgets::warn_style(),
        ));
    }
    out.push(Line::from(""));
    // Items table.
    let fixed = 6 + 12 + 12 + 12;
    let name_w = width.saturating_sub(fixed + 6).clamp(8, 40);
    let row = |a: &str, b: &str, c: &str, d: &str, e: &str| {
        format!(
            "{} {} {} {} {}",
            text::pad(a, name_w),
            text::pad(b, 6),
            text::pad(c, 12),
            text::pad(d, 12),
            e
        )
    };
    out.push(Line::styled(
        format!("{} — {}", l.t(S::DItems), o.items.len()),
        widgets::header_style(),
    ));
    out.push(Line::styled(
        row(
            l.t(S::ColItem),
            l.t(S::ColUnit),
            l.t(S::ColRequirement),
            l.t(S::ColReported),
            l.t(S::ColVerdict),
        ),
        widgets::dim(),
    ));
    let (mut failed, mut undecided, mut unconfirmed) = (0, 0, 0);
    for (item, outcome) in o.items.iter().zip(&app.data.outcomes) {
        let name = match l {
            Lang::Zh => item.name_zh.clone(),
            Lang::En => item.name_en.clone(),
        };
        let name = if item.mandatory {
            format!("*{name}")
        } else {
            format!(" {name}")
        };
        let reported = outcome
            .judgement
            .as_ref()
            .map(|j| j.reported.clone())
            .unwrap_or_else(|| "—".into());
        match outcome.verdict() {
            Some(Verdict::Fail | Verdict::ConditionalFail) => failed += 1,
            Some(Verdict::CannotJudge(_)) => undecided += 1,
            _ => {}
        }
        if !item.limit_confirmed || !item.confirmed {
            unconfirmed += 1;
        }
        let unit = if item.unit.is_empty() {
            "/"
        } else {
            item.unit.as_str()
        };
        let base = row(
            &name,
            unit,
            &l.library(&item.limit.text),
            &l.library(&reported),
            "",
        );
        out.push(Line::from(vec![
            Span::raw(base),
            verdict_span(l, outcome.verdict()),
        ]));
    }
    let overall = o.missing_results().is_empty().then(|| o.overall());
    out.push(Line::from(vec![
        Span::styled(
            format!("{}{}", l.t(S::DOverall), colon(l)),
            widgets::header_style(),
        ),
        verdict_span(l, overall.as_ref()),
    ]));
    if overall.is_some() {
        // The conclusion as the certificate will word it, whole, in the user's language.
        let c = crate::model::Conclusion::of(o, &app.data.outcomes, l.english());
        let words = if l.english() { c.en() } else { c.zh() };
        for piece in text::wrap(&words, width.saturating_sub(2)) {
            out.push(Line::from(format!("  {piece}")));
        }
    }
    let complete = o.missing_results().is_empty();
    out.push(Line::styled(
        l.f(
            S::AReviewChecks,
            &[
                &l.t(if complete { S::Yes } else { S::No }),
                &failed,
                &undecided,
                &unconfirmed,
            ],
        ),
        if failed + undecided > 0 {
            widgets::warn_style()
        } else {
            widgets::dim()
        },
    ));
    let sig = |s: &Option<crate::model::order::Signature>| {
        s.as_ref()
            .map(|s| format!("{}（{}）", s.name, s.at.format("%m-%d")))
            .unwrap_or_else(|| "—".into())
    };
    out.push(Line::from(l.f(
        S::DSignoff,
        &[&sig(&o.prepared), &sig(&o.reviewed), &sig(&o.approved)],
    )));
    if !o.reports.is_empty() {
        out.push(Line::from(format!(
            "{}：{}",
            l.t(S::DReports),
            o.reports.join("、")
        )));
    }
    out.extend(super::order_records::lines(app, o, width));
    out.extend(super::order_spot::lines(app, o, width));
    out.push(Line::from(""));
    out.push(Line::styled(l.t(S::DHistory), widgets::header_style()));
    for h in &o.history {
        let from = h.from.map(|f| l.status(f)).unwrap_or("—");
        let mut s = format!(
            "{}  {:<8} {from} → {}",
            h.at.format("%Y-%m-%d %H:%M"),
            h.by,
            l.status(h.to)
        );
        if let Some(r) = &h.reason {
            s.push_str(&format!("  {}{}{r}", l.t(S::ColReason), colon(l)));
        }
        // Reasons are read in full: wrapped, never cut.
        for piece in text::wrap(&s, width) {
            out.push(Line::from(piece));
        }
    }
    for (code, r) in &o.results {
        for e in r.history.iter().skip(1) {
            let s = format!(
                "{}  {:<8} {code} = {}  {}：{}",
                e.entered_at.format("%Y-%m-%d %H:%M"),
                e.entered_by,
                e.values
                    .iter()
                    .map(|v| v.text())
                    .collect::<Vec<_>>()
                    .join("、"),
                l.t(S::ColReason),
                e.reason.clone().unwrap_or_default()
            );
            out.push(Line::styled(text::truncate(&s, width), Style::default()));
        }
    }
    out
}

/// Ask before submitting an order for review, naming it and any item that fails: submitting a
/// failing result is allowed (the report says so) but must never happen by a stray key.
pub(crate) fn ask_submit(app: &mut App, order: &Order) {
    let failing: Vec<String> = order
        .outcomes()
        .into_iter()
        .filter(|o| matches!(o.verdict(), Some(Verdict::Fail | Verdict::ConditionalFail)))
        .map(|o| o.code)
        .collect();
    let number = order.number.clone();
    let text = if failing.is_empty() {
        app.lang.f(S::ConfirmSubmit, &[&number, &order.sample.name])
    } else {
        app.lang.f(
            S::ConfirmSubmitFailing,
            &[&number, &failing.len(), &failing.join("、")],
        )
    };
    popup::confirm(app, text, Then::Run(Box::new(Effect::Submit(number))));
}
