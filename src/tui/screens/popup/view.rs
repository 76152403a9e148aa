//! Drawing the popups: help, confirmation, messages, the certificate preview and prompts.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{Check, Field, Popup, Prompt};
use crate::model::credit_code;
use crate::tui::app::App;
use crate::tui::i18n::S;
use crate::tui::keymap::Ctx;
use crate::tui::widgets::{self, text};

fn frame_box(frame: &mut Frame, area: Rect, title: &str, w: u16, h: u16) -> Rect {
    let r = widgets::centered(area, w, h);
    widgets::clear_around(frame, r);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {title} "),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    inner
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(popup) = &app.popup else {
        return;
    };
    match popup {
        Popup::Help { scroll, under } => draw_help(frame, area, app, *scroll, under.as_deref()),
        Popup::Confirm { text: t, .. } => {
            let lines = text::wrap(t, 44);
            let inner = frame_box(
                frame,
                area,
                app.t(S::ConfirmTitle),
                50,
                lines.len() as u16 + 4,
            );
            let mut l: Vec<Line> = lines.into_iter().map(Line::from).collect();
            l.push(Line::from(""));
            l.push(Line::styled(app.t(S::ConfirmKeys), widgets::dim()));
            frame.render_widget(Paragraph::new(l), inner);
        }
        Popup::Message {
            title,
            text: t,
            error,
        } => {
            let w = area.width.saturating_sub(4).min(76);
            let lines = text::wrap(t, w.saturating_sub(4) as usize);
            let inner = frame_box(frame, area, title, w, lines.len() as u16 + 4);
            let style = if *error {
                widgets::error_style()
            } else {
                Style::default()
            };
            let mut l: Vec<Line> = lines.into_iter().map(|s| Line::styled(s, style)).collect();
            l.push(Line::from(""));
            l.push(Line::styled(app.t(S::MessageKeys), widgets::dim()));
            frame.render_widget(Paragraph::new(l), inner);
        }
        Popup::Preview {
            title,
            lines,
            scroll,
            issue,
        } => {
            let inner = frame_box(frame, area, title, area.width, area.height);
            let h = inner.height.saturating_sub(1) as usize;
            let body: Vec<Line> = lines
                .iter()
                .skip(*scroll)
                .take(h)
                .map(|s| Line::from(s.as_str()))
                .collect();
            frame.render_widget(
                Paragraph::new(body),
                Rect {
                    height: inner.height.saturating_sub(1),
                    ..inner
                },
            );
            let foot = if issue.is_some() {
                format!("{}   {}", app.t(S::AIssueConfirm), app.t(S::ScrollHint))
            } else {
                format!(
                    "Esc   {}   {}/{}",
                    app.t(S::ScrollHint),
                    (*scroll + 1).min(lines.len()),
                    lines.len()
                )
            };
            let style = if issue.is_some() {
                widgets::focus_style()
            } else {
                widgets::dim()
            };
            frame.render_widget(
                Line::styled(foot, style),
                Rect {
                    y: inner.y + inner.height.saturating_sub(1),
                    height: 1,
                    ..inner
                },
            );
        }
        Popup::Prompt(p) => draw_prompt(frame, area, app, p),
    }
}

/// The rows a field takes in a form.
fn field_rows(f: &Field) -> u16 {
    match f {
        Field::Text {
            check: Check::CreditCode,
            ..
        } => 3,
        Field::Roles { .. } | Field::Pick { .. } => 3,
        _ => 2,
    }
}

/// The first field shown: 0 when the form fits, else the one that keeps the focused field on
/// screen (a long form on a 24-line terminal scrolls with the cursor).
fn first_shown(heights: &[u16], focus: usize, room: u16) -> usize {
    let mut start = 0;
    let end = focus.min(heights.len().saturating_sub(1));
    while start < end && heights[start..=end].iter().sum::<u16>() > room {
        start += 1;
    }
    start
}

fn draw_prompt(frame: &mut Frame, area: Rect, app: &App, p: &Prompt) {
    let heights: Vec<u16> = p.fields.iter().map(field_rows).collect();
    let rows: u16 = heights.iter().sum();
    let inner = frame_box(frame, area, &p.title, 66, rows + 4);
    let room = inner.height.saturating_sub(2);
    let start = first_shown(&heights, p.focus, room);
    let mut y = inner.y;
    for (i, f) in p.fields.iter().enumerate().skip(start) {
        if y + heights[i] > inner.y + room {
            break;
        }
        let focused = i == p.focus;
        let label_style = if focused {
            widgets::focus_style()
        } else {
            Style::default()
        };
        let row = |y: u16| Rect {
            x: inner.x,
            y,
            width: inner.width,
            height: 1,
        };
        match f {
            Field::Text {
                label,
                input,
                check,
            } => {
                frame.render_widget(Line::styled(format!("{label}："), label_style), row(y));
                let field = Rect {
                    x: inner.x + 2,
                    y: y + 1,
                    width: inner.width.saturating_sub(3),
                    height: 1,
                };
                input.render(
                    frame,
                    field,
                    Style::default().add_modifier(Modifier::UNDERLINED),
                    focused,
                );
                y += 2;
                if *check == Check::CreditCode {
                    let msg = if input.is_empty() {
                        Line::styled(format!("  {}", app.t(S::RRequired)), widgets::dim())
                    } else {
                        match credit_code::validate(&input.value().trim().to_uppercase()) {
                            Ok(()) => Line::styled(
                                format!("  ✓ {}", app.t(S::ECodeOk)),
                                widgets::ok_style(),
                            ),
                            Err(e) => Line::styled(
                                format!(
                                    "  ✗ {}",
                                    text::truncate(
                                        e.text(app.lang.english()),
                                        inner.width as usize - 4
                                    )
                                ),
                                widgets::error_style(),
                            ),
                        }
                    };
                    frame.render_widget(msg, row(y));
                    y += 1;
                }
            }
            Field::Choice {
                label,
                options,
                sel,
            } => {
                let mut spans = vec![Span::styled(format!("{label}："), label_style)];
                let room = (inner.width as usize).saturating_sub(text::width(label) + 2);
                let all: usize = options.iter().map(|o| text::width(o) + 3).sum();
                if all > room && options.len() > 1 {
                    // Too many to show side by side (instruments of one kind): the chosen
                    // one alone, with where it is among them.
                    let o = options.get(*sel).map(String::as_str).unwrap_or("");
                    spans.push(Span::styled(format!("‹ {o} ›"), widgets::selected_style()));
                    spans.push(Span::styled(
                        format!(" {}/{} ", sel + 1, options.len()),
                        widgets::dim(),
                    ));
                } else {
                    for (j, o) in options.iter().enumerate() {
                        let st = if j == *sel {
                            widgets::selected_style()
                        } else {
                            Style::default()
                        };
                        spans.push(Span::styled(format!(" {o} "), st));
                        spans.push(Span::raw(" "));
                    }
                }
                if focused {
                    spans.push(Span::styled(app.t(S::RChoice), widgets::dim()));
                }
                frame.render_widget(Line::from(spans), row(y));
                y += 2;
            }
            Field::Roles { sel, cursor } => {
                frame.render_widget(
                    Line::styled(format!("{}：", app.t(S::URolesHint)), label_style),
                    row(y),
                );
                let mut spans = Vec::new();
                for (j, r) in crate::model::Role::ALL.iter().enumerate() {
                    let mark = if sel[j] { "[x]" } else { "[ ]" };
                    let st = if focused && j == *cursor {
                        widgets::selected_style()
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled(format!("{mark}{}", app.lang.role(*r)), st));
                    spans.push(Span::raw(" "));
                }
                frame.render_widget(
                    Line::from(spans),
                    Rect {
                        x: inner.x + 2,
                        ..row(y + 1)
                    },
                );
                y += 3;
            }
            Field::Pick {
                label,
                options,
                sel,
                cursor,
            } => {
                frame.render_widget(Line::styled(format!("{label}："), label_style), row(y));
                let cells: Vec<(String, bool)> = options
                    .iter()
                    .zip(sel)
                    .map(|(o, s)| (format!("{}{o}", if *s { "[x]" } else { "[ ]" }), *s))
                    .collect();
                // When the choices do not fit, the window starts where the cursor stays seen.
                let room = inner.width.saturating_sub(2) as usize;
                let mut first = 0;
                while first < *cursor
                    && cells[first..=*cursor]
                        .iter()
                        .map(|c| text::width(&c.0) + 1)
                        .sum::<usize>()
                        > room
                {
                    first += 1;
                }
                let mut spans = Vec::new();
                if first > 0 {
                    spans.push(Span::styled("‹ ", widgets::dim()));
                }
                let mut used = if first > 0 { 2 } else { 0 };
                for (j, (cell, _)) in cells.iter().enumerate().skip(first) {
                    let w = text::width(cell) + 1;
                    if used + w > room.saturating_sub(2) && j + 1 < cells.len() || used + w > room {
                        spans.push(Span::styled("›", widgets::dim()));
                        break;
                    }
                    used += w;
                    let st = if focused && j == *cursor {
                        widgets::selected_style()
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled(cell.clone(), st));
                    spans.push(Span::raw(" "));
                }
                frame.render_widget(
                    Line::from(spans),
                    Rect {
                        x: inner.x + 2,
                        width: inner.width.saturating_sub(2),
                        ..row(y + 1)
                    },
                );
                y += 3;
            }
        }
    }
    let foot_y = inner.y + inner.height.saturating_sub(2);
    if let Some(e) = &p.error {
        frame.render_widget(
            Line::styled(
                text::truncate(e, inner.width as usize),
                widgets::error_style(),
            ),
            Rect {
                x: inner.x,
                y: foot_y,
                width: inner.width,
                height: 1,
            },
        );
    }
    frame.render_widget(
        Line::styled(app.t(S::PromptKeys), widgets::dim()),
        Rect {
            x: inner.x,
            y: foot_y + 1,
            width: inner.width,
            height: 1,
        },
    );
}

fn draw_help(frame: &mut Frame, area: Rect, app: &App, scroll: usize, under: Option<&Popup>) {
    let ctx = under.map_or(app.screen.ctx(), Popup::ctx);
    let mut lines: Vec<Line> = Vec::new();
    // Over a popup, what its keys do there; otherwise only what is possible on this screen now.
    let section = |lines: &mut Vec<Line>, title: String, c: Ctx| {
        lines.push(Line::styled(title, widgets::header_style()));
        let offered = |b: &&crate::tui::keymap::Binding| {
            under.is_some() || crate::tui::offer::on_screen(app, b.action)
        };
        for b in app.keymap.in_ctx(c).filter(offered) {
            lines.push(Line::from(vec![
                Span::styled(text::pad(&b.keys_label(), 20), widgets::focus_style()),
                Span::raw(" "),
                Span::raw(b.desc(app.lang)),
            ]));
        }
        lines.push(Line::from(""));
    };
    let here = match under {
        Some(_) => app.t(S::HelpPopup).to_string(),
        None => format!("{} — {}", app.t(S::HelpContext), app.screen.title(app.lang)),
    };
    section(&mut lines, here, ctx);
    for c in ctx.layers() {
        let title = if *c == Ctx::Global {
            app.t(S::HelpGlobal).to_string()
        } else {
            app.t(S::HelpList).to_string()
        };
        section(&mut lines, title, *c);
    }
    let inner = frame_box(
        frame,
        area,
        app.t(S::ScrHelp),
        area.width.saturating_sub(4).min(76),
        area.height.saturating_sub(2),
    );
    let h = inner.height.saturating_sub(1) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(h));
    let body: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
    frame.render_widget(Paragraph::new(body), inner);
    frame.render_widget(
        Line::styled(
            format!("Esc / F1   {}", app.t(S::ScrollHint)),
            widgets::dim(),
        ),
        Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: 1,
            ..inner
        },
    );
}
