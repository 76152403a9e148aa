//! Drawing the registration form: the fields with inline errors, the item list with the
//! mandatory items locked, and the incremental-search dropdown of the focused picker.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use ratatui::Frame;

use super::{fields, standard, F};
use crate::tui::app::App;
use crate::tui::i18n::S;
use crate::tui::widgets::{self, text};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let r = &app.register;
    let l = app.lang;
    let left_w = (area.width as usize * 58 / 100) as u16;
    let left = Rect {
        width: left_w,
        ..area
    };
    let right = Rect {
        x: area.x + left_w + 1,
        width: area.width.saturating_sub(left_w + 1),
        ..area
    };
    // As wide as the usual labels in this language (a rare long one is cut), plus the mark and
    // a space, so the values keep their room at 80 columns.
    let label_w = fields(app)
        .iter()
        .map(|f| text::width(l.t(f.label())))
        .max()
        .unwrap_or(14)
        .min(15)
        + 2;
    let std = standard(app);
    let mut focus_rect = None;
    for (i, f) in fields(app)
        .into_iter()
        .filter(|f| *f != F::Items)
        .enumerate()
    {
        let y = left.y + i as u16;
        if y >= left.y + left.height {
            break;
        }
        let focused = r.focus == f;
        let err = r.errors.get(&f);
        let lst = if focused {
            widgets::focus_style()
        } else if err.is_some() {
            widgets::error_style()
        } else {
            Style::default()
        };
        let star = if matches!(f, F::Client | F::Standard | F::Sample) {
            "*"
        } else {
            " "
        };
        // One column always separates a label from its value, however long the label.
        let label = format!(
            "{} ",
            text::pad(&format!("{star}{}", l.t(f.label())), label_w - 1)
        );
        frame.render_widget(
            Line::styled(label, lst),
            Rect {
                y,
                height: 1,
                ..left
            },
        );
        let field = Rect {
            x: left.x + label_w as u16,
            y,
            width: left.width.saturating_sub(label_w as u16),
            height: 1,
        };
        let under = Style::default().add_modifier(Modifier::UNDERLINED);
        let mut value_w = 0usize;
        let value_line: Option<Line> = match f {
            F::Type => Some(choice_line(l.inspection(r.itype()), focused, app)),
            F::Grade => Some(match std {
                Some(s) => choice_line(
                    s.grades.get(r.grade).map(String::as_str).unwrap_or(""),
                    focused,
                    app,
                ),
                None => Line::styled(l.t(S::RNoStandard), widgets::dim()),
            }),
            F::Spec => Some(choice_line(
                &std.and_then(|s| r.spec.checked_sub(1).and_then(|i| s.specs.get(i)).cloned())
                    .unwrap_or_else(|| l.t(S::RNone).to_string()),
                focused,
                app,
            )),
            F::AllowWithdrawn => Some(Line::from(if r.allow_withdrawn { "[x]" } else { "[ ]" })),
            F::ProductAnalysis => Some(Line::from(if r.product_analysis { "[x]" } else { "[ ]" })),
            F::Rule => Some(choice_line(
                l.t(if r.guard_band {
                    S::RRuleGuard
                } else {
                    S::RRuleSimple
                }),
                focused,
                app,
            )),
            F::Client | F::Producer | F::Standard => {
                let p = match f {
                    F::Client => &r.client,
                    F::Producer => &r.producer,
                    _ => &r.standard,
                };
                value_w = text::width(p.query.value());
                if focused {
                    frame.render_widget(
                        Line::styled(" ".repeat(field.width as usize), under),
                        field,
                    );
                    p.query.render(frame, field, under, app.popup.is_none());
                    focus_rect = Some((f, field));
                    None
                } else {
                    let shown = match (&p.chosen, f) {
                        (Some(c), F::Standard) => {
                            let w = std
                                .filter(|s| s.is_withdrawn(app.today()))
                                .map(|_| format!(" [{}]", l.t(S::RWithdrawn)))
                                .unwrap_or_default();
                            format!("{c}{w}")
                        }
                        (Some(c), _) => app
                            .data
                            .enterprise(c)
                            .map(|e| e.name.clone())
                            .unwrap_or_else(|| c.clone()),
                        (None, _) => p.query.value().to_string(),
                    };
                    value_w = text::width(&shown);
                    Some(Line::styled(shown, Style::default()))
                }
            }
            _ => {
                let t = r.text.get(&f).cloned().unwrap_or_default();
                value_w = text::width(t.value());
                frame.render_widget(Line::styled(" ".repeat(field.width as usize), under), field);
                t.render(frame, field, under, focused && app.popup.is_none());
                // The fields with a syntax say it while they are empty.
                let hint = match f {
                    F::Bases => Some(S::RBasesHint),
                    F::Site => Some(S::RSiteHint),
                    F::Declared => Some(S::RDeclaredHint),
                    _ => None,
                };
                if let (Some(h), true) = (hint, t.is_empty() && !focused) {
                    frame.render_widget(
                        Line::styled(text::truncate(l.t(h), field.width as usize), widgets::dim()),
                        field,
                    );
                }
                None
            }
        };
        if let Some(v) = value_line {
            value_w = value_w.max(v.width());
            frame.render_widget(v, field);
        }
        if let Some(e) = err {
            if !focused {
                // Inline error at the end of the row, after the value (a mark when no room).
                let room = (field.width as usize).saturating_sub(value_w + 2);
                let shown = if room >= 6 {
                    format!("✗ {}", text::truncate(e, room - 2))
                } else {
                    "✗".to_string()
                };
                let ew = text::width(&shown) as u16;
                let x = (field.x + field.width).saturating_sub(ew);
                frame.render_widget(
                    Line::styled(shown, widgets::error_style()),
                    Rect {
                        x,
                        width: ew,
                        ..field
                    },
                );
            }
        }
    }
    // Error of the focused field under the form.
    if let Some(e) = r.errors.get(&r.focus) {
        let y = left.y + left.height.saturating_sub(1);
        frame.render_widget(
            Line::styled(
                text::truncate(&format!("✗ {e}"), left.width as usize),
                widgets::error_style(),
            ),
            Rect {
                y,
                height: 1,
                ..left
            },
        );
    }
    draw_items(frame, right, app);
    if let Some((f, field)) = focus_rect {
        draw_dropdown(frame, area, field, app, f);
    }
}

fn choice_line<'a>(value: &str, focused: bool, app: &App) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!("‹ {value} ›"),
        if focused {
            widgets::selected_style()
        } else {
            Style::default()
        },
    )];
    if focused {
        spans.push(Span::styled(
            format!(" {}", app.t(S::RChoice)),
            widgets::dim(),
        ));
    }
    Line::from(spans)
}

fn draw_items(frame: &mut Frame, area: Rect, app: &App) {
    let r = &app.register;
    let focused = r.focus == F::Items;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            widgets::focus_style()
        } else {
            widgets::dim()
        })
        .title(Span::raw(format!(" {} ", app.t(S::RItems))));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(std) = standard(app) else {
        frame.render_widget(Line::styled(app.t(S::RNoStandard), widgets::dim()), inner);
        return;
    };
    let resolved = r.resolved.as_ref().ok();
    let count = resolved.map_or(0, |v| v.len());
    let mut y = inner.y;
    let summary = match &r.resolved {
        Ok(_) => Line::styled(app.lang.f(S::RWillTest, &[&count]), widgets::ok_style()),
        Err(e) => Line::styled(
            text::truncate(e, inner.width as usize),
            widgets::error_style(),
        ),
    };
    frame.render_widget(
        summary,
        Rect {
            y,
            height: 1,
            ..inner
        },
    );
    y += 1;
    let h = inner.height.saturating_sub(1) as usize;
    let offset = widgets::window(r.item_sel, 0, h, std.items.len());
    for (i, item) in std.items.iter().enumerate().skip(offset).take(h) {
        let res = resolved.and_then(|v| v.iter().find(|x| x.code == item.code));
        let mark = match res {
            Some(x) if x.mandatory => "[*]",
            Some(_) => "[x]",
            None if resolved.is_none() && r.requested.contains(&item.code) => "[x]",
            None => "[ ]",
        };
        let name = match app.lang {
            crate::tui::i18n::Lang::Zh => &item.name_zh,
            crate::tui::i18n::Lang::En => &item.name_en,
        };
        let line = text::pad(&format!("{mark} {name}"), inner.width as usize);
        let st = if focused && i == r.item_sel {
            widgets::selected_style()
        } else if res.is_some() {
            Style::default()
        } else {
            widgets::dim()
        };
        frame.render_widget(
            Line::styled(line, st),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        y += 1;
    }
}

fn draw_dropdown(frame: &mut Frame, area: Rect, field: Rect, app: &App, f: F) {
    let r = &app.register;
    let p = match f {
        F::Client => &r.client,
        F::Producer => &r.producer,
        _ => &r.standard,
    };
    let rows = 6u16;
    let width = (area.width.saturating_sub(field.x - area.x)).clamp(20, 64);
    let y = field.y + 1;
    if y + rows + 2 > area.y + area.height {
        return;
    }
    let rect = Rect {
        x: field.x.min(area.x + area.width - width),
        y,
        width,
        height: rows + 2,
    };
    widgets::clear_around(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(widgets::dim())
        .title(Span::styled(
            format!(" {} ", app.t(S::RPickHint)),
            widgets::dim(),
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if p.matches.is_empty() {
        let m = if f == F::Standard || !app.data.enterprises.is_empty() {
            app.t(S::RNoMatch)
        } else {
            app.t(S::RNoEnterprises)
        };
        let extra = if f != F::Standard { "  Ctrl-N +" } else { "" };
        frame.render_widget(Line::styled(format!("{m}{extra}"), widgets::dim()), inner);
        return;
    }
    let offset = widgets::window(p.sel, 0, inner.height as usize, p.matches.len());
    for (i, key) in p
        .matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(inner.height as usize)
    {
        let label = if f == F::Standard {
            match app.catalog.get(key) {
                Some(s) => {
                    let w = if s.is_withdrawn(app.today()) {
                        format!("[{}] ", app.t(S::RWithdrawn))
                    } else {
                        String::new()
                    };
                    format!("{w}{} {} · {}", s.code, s.title_zh, s.product)
                }
                None => key.clone(),
            }
        } else {
            match app.data.enterprise(key) {
                Some(e) => {
                    let b = if e.blacklist.is_some() {
                        app.t(S::RBlackMark)
                    } else {
                        ""
                    };
                    format!("{} {} {:?}{b}", e.name, e.credit_code, e.credit_class)
                }
                None => key.clone(),
            }
        };
        let st = if i == p.sel {
            widgets::selected_style()
        } else {
            Style::default()
        };
        frame.render_widget(
            Line::styled(text::pad(&label, inner.width as usize), st),
            Rect {
                y: inner.y + (i - offset) as u16,
                height: 1,
                ..inner
            },
        );
    }
}
