//! Drawing: a pure function of `&App`. Title bar, the screen, the status line, the hint bar
//! (from the keymap) and any popup; a terminal smaller than 80×24 gets a message instead.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, Screen};
use super::i18n::S;
use super::screens::{
    audit, detail, enterprises, instruments, login, netcontent, orders, popup, queue, register,
    reports, results, standards, users,
};
use super::widgets::{self, text};

pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = app.lang.f(S::TooSmall, &[&area.width, &area.height]);
        frame.render_widget(
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .style(widgets::warn_style()),
            area,
        );
        return;
    }
    let [title, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_title(frame, title, app);
    let body_inner = Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(2),
        ..body
    };
    match app.screen {
        Screen::Login => login::draw(frame, body, app),
        Screen::Queue => queue::draw(frame, body_inner, app),
        Screen::Orders => orders::draw(frame, body_inner, app),
        Screen::Detail => detail::draw(frame, body_inner, app),
        Screen::Register => register::draw(frame, body_inner, app),
        Screen::Results => results::draw(frame, body_inner, app),
        Screen::NetContent => netcontent::draw(frame, body_inner, app),
        Screen::Reports => reports::draw(frame, body_inner, app),
        Screen::Standards | Screen::Standard => standards::draw(frame, body_inner, app),
        Screen::Enterprises | Screen::Enterprise => enterprises::draw(frame, body_inner, app),
        Screen::Audit => audit::draw(frame, body_inner, app),
        Screen::Users => users::draw(frame, body_inner, app),
        Screen::Instruments | Screen::Instrument => instruments::draw(frame, body_inner, app),
        Screen::Tasks | Screen::Task => super::screens::tasks::draw(frame, body_inner, app),
        Screen::Stats => super::screens::stats::draw(frame, body_inner, app),
    }
    if let Some(s) = &app.status {
        let st = if s.error {
            widgets::error_style()
        } else {
            widgets::ok_style()
        };
        let first = s.text.lines().next().unwrap_or("");
        frame.render_widget(
            Line::styled(text::truncate(first, status.width as usize), st),
            status,
        );
    }
    draw_hints(frame, hints, app);
    popup::draw(frame, body, app);
    if app.lang.english() {
        english_punctuation(frame.buffer_mut());
    }
}

/// Labels are written once with the Chinese full-width colon (`委托单位：`); in English the
/// same two columns read `: `. Done on the drawn frame so every screen, present and future,
/// gets it without each format string knowing the language.
fn english_punctuation(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let wide_colon = buf.cell((x, y)).is_some_and(|c| c.symbol() == "：");
            if !wide_colon {
                continue;
            }
            if let Some(c) = buf.cell_mut((x, y)) {
                c.set_symbol(":");
            }
            if let Some(next) = buf.cell_mut((x + 1, y)).filter(|_| x + 1 < area.right()) {
                next.set_symbol(" ");
            }
        }
    }
}

fn draw_title(frame: &mut Frame, area: Rect, app: &App) {
    let bar = Style::default().bg(Color::DarkGray).fg(Color::White);
    frame.render_widget(Line::styled(" ".repeat(area.width as usize), bar), area);
    let left = format!(" {} │ {}", app.t(S::AppName), app.screen.title(app.lang));
    let right = match &app.user {
        Some(u) => {
            let roles: Vec<&str> = u.roles.iter().map(|r| app.lang.role(*r)).collect();
            let roles = if app.lang.english() {
                format!(" ({})", roles.join(", "))
            } else {
                format!("（{}）", roles.join("、"))
            };
            format!(
                "{}{roles} {} ",
                u.display_name,
                app.now.format("%Y-%m-%d %H:%M")
            )
        }
        None => format!("{} ", app.now.format("%Y-%m-%d %H:%M")),
    };
    let rw = text::width(&right);
    let lw = (area.width as usize).saturating_sub(rw + 1);
    frame.render_widget(
        Line::from(vec![
            Span::styled(text::pad(&left, lw), bar.add_modifier(Modifier::BOLD)),
            Span::styled(format!(" {right}"), bar),
        ]),
        area,
    );
}

fn draw_hints(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    let offered = |a| super::offer::offered(app, a);
    for (k, d) in app.keymap.hints(app.ctx(), app.lang, &offered) {
        // The hint bar keeps descriptions short: what precedes any parenthesis.
        let d = d.split(['（', '(']).next().unwrap_or(d).trim();
        let piece = format!("{k} {d}  ");
        let w = text::width(&piece);
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(
            k,
            Style::default().add_modifier(Modifier::REVERSED),
        ));
        spans.push(Span::raw(format!(" {d}  ")));
    }
    frame.render_widget(Line::from(spans), area);
}
