//! Popups: help, confirmation, prompts (reason, password, small forms), messages and the
//! certificate preview. While one is open it has the keyboard (Ctrl-C still leaves).

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::model::{credit_code, CreditClass, Enterprise, Role};
use crate::tui::app::{App, Effect, PartyField};
use crate::tui::i18n::S;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::widgets::{self, text, TextInput};

mod forms;

pub use forms::{edit_roles, new_enterprise, new_user};
use forms::{picked_fields, selected_roles};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    Quit,
    SwitchUser,
    DiscardRegister,
    LeaveResults,
    /// A consequential step on the named order, asked first so a stray key cannot take it.
    Run(Box<Effect>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    None,
    Required,
    CreditCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Text {
        label: String,
        input: TextInput,
        check: Check,
    },
    Choice {
        label: String,
        options: Vec<String>,
        sel: usize,
    },
    Roles {
        sel: [bool; 5],
        cursor: usize,
    },
    /// Several of a fixed list (a signatory's authorised fields, from the library).
    Pick {
        label: String,
        options: Vec<String>,
        sel: Vec<bool>,
        cursor: usize,
    },
}

impl Field {
    pub fn text(label: &str, check: Check) -> Field {
        Field::Text {
            label: label.to_string(),
            input: TextInput::default(),
            check,
        }
    }

    pub fn password(label: &str) -> Field {
        Field::Text {
            label: label.to_string(),
            input: TextInput::masked(),
            check: Check::Required,
        }
    }

    fn problem(&self, app: &App) -> Option<String> {
        match self {
            Field::Text { input, check, .. } => match check {
                Check::None => None,
                Check::Required if input.value().trim().is_empty() => {
                    Some(app.t(S::RRequired).to_string())
                }
                Check::Required => None,
                Check::CreditCode if input.is_empty() => Some(app.t(S::RRequired).to_string()),
                Check::CreditCode => credit_code::validate(&input.value().trim().to_uppercase())
                    .err()
                    .map(|m| m.text(app.lang.english()).to_string()),
            },
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    ReviewReject(String),
    ApprovalReject(String),
    Approve(String),
    /// Re-entered items (code, texts) that need a reason.
    ResultReason {
        order: String,
        rows: Vec<(String, Vec<String>)>,
    },
    Withdraw(String),
    EnterpriseClass(String),
    Blacklist(String),
    UserActive {
        login: String,
        active: bool,
    },
    UserUnlock(String),
    NewEnterprise(Option<PartyField>),
    NewUser,
    EditRoles {
        login: String,
        revision: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

impl Prompt {
    pub fn new(kind: PromptKind, title: String, fields: Vec<Field>) -> Prompt {
        Prompt {
            kind,
            title,
            fields,
            focus: 0,
            error: None,
        }
    }

    pub fn reason(kind: PromptKind, title: String, app: &App) -> Prompt {
        Prompt::new(
            kind,
            title,
            vec![Field::text(app.t(S::ColReason), Check::Required)],
        )
    }

    pub fn text(&self, i: usize) -> String {
        match self.fields.get(i) {
            Some(Field::Text { input, .. }) => input.value().trim().to_string(),
            Some(Field::Choice { options, sel, .. }) => {
                options.get(*sel).cloned().unwrap_or_default()
            }
            _ => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// The key table; over another popup (kept in `under`) it lists that popup's keys and
    /// returns to it when closed.
    Help {
        scroll: usize,
        under: Option<Box<Popup>>,
    },
    Confirm {
        text: String,
        then: Then,
    },
    Prompt(Prompt),
    Message {
        title: String,
        text: String,
        error: bool,
    },
    Preview {
        title: String,
        lines: Vec<String>,
        scroll: usize,
        issue: Option<String>,
    },
}

impl Popup {
    pub fn ctx(&self) -> Ctx {
        match self {
            Popup::Help { .. } => Ctx::Help,
            Popup::Confirm { .. } => Ctx::Confirm,
            Popup::Message { .. } => Ctx::Message,
            Popup::Prompt(_) => Ctx::Prompt,
            Popup::Preview { .. } => Ctx::Preview,
        }
    }

    pub fn text_focus(&self) -> bool {
        match self {
            Popup::Prompt(p) => matches!(p.fields.get(p.focus), Some(Field::Text { .. })),
            _ => false,
        }
    }
}

pub fn confirm(app: &mut App, text: String, then: Then) {
    app.popup = Some(Popup::Confirm { text, then });
}

pub fn message(app: &mut App, title: &str, text: String, error: bool) {
    app.popup = Some(Popup::Message {
        title: title.to_string(),
        text,
        error,
    });
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(popup) = app.popup.take() else {
        return Vec::new();
    };
    match popup {
        Popup::Help { scroll, under } => {
            app.popup = match action {
                Action::Back | Action::Help => under.map(|p| *p),
                Action::Up => Some(Popup::Help {
                    scroll: scroll.saturating_sub(1),
                    under,
                }),
                Action::Down => Some(Popup::Help {
                    scroll: scroll + 1,
                    under,
                }),
                _ => Some(Popup::Help { scroll, under }),
            };
            Vec::new()
        }
        other if action == Action::Help => {
            app.popup = Some(Popup::Help {
                scroll: 0,
                under: Some(Box::new(other)),
            });
            Vec::new()
        }
        Popup::Message { .. } => {
            if !matches!(
                action,
                Action::Yes | Action::No | Action::Back | Action::Submit
            ) {
                app.popup = Some(popup);
            }
            Vec::new()
        }
        Popup::Confirm { text, then } => match action {
            Action::Yes => confirmed(app, then),
            Action::No | Action::Back => Vec::new(),
            _ => {
                app.popup = Some(Popup::Confirm { text, then });
                Vec::new()
            }
        },
        Popup::Preview {
            title,
            lines,
            scroll,
            issue,
        } => {
            let page = app.size.1.saturating_sub(8) as usize;
            let max = lines.len().saturating_sub(1);
            let scroll = match action {
                Action::Back => return Vec::new(),
                Action::Submit => {
                    if let Some(order) = issue {
                        return vec![Effect::Issue(order)];
                    }
                    app.popup = Some(Popup::Preview {
                        title,
                        lines,
                        scroll,
                        issue,
                    });
                    return Vec::new();
                }
                Action::Up => scroll.saturating_sub(1),
                Action::Down => (scroll + 1).min(max),
                Action::PageUp => scroll.saturating_sub(page),
                Action::PageDown => (scroll + page).min(max),
                _ => scroll,
            };
            app.popup = Some(Popup::Preview {
                title,
                lines,
                scroll,
                issue,
            });
            Vec::new()
        }
        Popup::Prompt(mut p) => {
            let n = p.fields.len().max(1);
            match action {
                Action::Back => return Vec::new(),
                Action::NextField => p.focus = (p.focus + 1) % n,
                Action::PrevField => p.focus = (p.focus + n - 1) % n,
                Action::Left | Action::Right | Action::Toggle | Action::Edit(_) => {
                    edit_field(&mut p, action);
                    p.error = None;
                }
                Action::Submit => {
                    let problem = p.fields.iter().find_map(|f| f.problem(app));
                    if let Some(problem) = problem {
                        p.error = Some(problem);
                    } else {
                        let effects = submit(app, &p);
                        app.popup = Some(Popup::Prompt(p));
                        return effects;
                    }
                }
                _ => {}
            }
            app.popup = Some(Popup::Prompt(p));
            Vec::new()
        }
    }
}

fn edit_field(p: &mut Prompt, action: Action) {
    let Some(field) = p.fields.get_mut(p.focus) else {
        return;
    };
    match (field, action) {
        (Field::Text { input, .. }, Action::Edit(k)) => {
            input.edit(&k);
        }
        (Field::Text { input, .. }, Action::Left) => {
            input.edit(&crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Left,
            ));
        }
        (Field::Text { input, .. }, Action::Right) => {
            input.edit(&crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Right,
            ));
        }
        (Field::Text { input, .. }, Action::Toggle) => {
            input.edit(&crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char(' '),
            ));
        }
        (Field::Choice { options, sel, .. }, Action::Left) => {
            *sel = (*sel + options.len().max(1) - 1) % options.len().max(1)
        }
        (Field::Choice { options, sel, .. }, Action::Right | Action::Toggle) => {
            *sel = (*sel + 1) % options.len().max(1)
        }
        (Field::Roles { cursor, .. }, Action::Left) => *cursor = cursor.saturating_sub(1),
        (Field::Roles { cursor, .. }, Action::Right) => *cursor = (*cursor + 1).min(4),
        (Field::Roles { sel, cursor }, Action::Toggle) => sel[*cursor] = !sel[*cursor],
        (Field::Pick { cursor, .. }, Action::Left) => *cursor = cursor.saturating_sub(1),
        (
            Field::Pick {
                cursor, options, ..
            },
            Action::Right,
        ) => *cursor = (*cursor + 1).min(options.len().saturating_sub(1)),
        (Field::Pick { sel, cursor, .. }, Action::Toggle) => {
            if let Some(s) = sel.get_mut(*cursor) {
                *s = !*s;
            }
        }
        _ => {}
    }
}

fn confirmed(app: &mut App, then: Then) -> Vec<Effect> {
    match then {
        Then::Quit => app.quit = true,
        Then::SwitchUser => app.logout(),
        Then::DiscardRegister => {
            app.register = Default::default();
            app.screen = crate::tui::app::Screen::Queue;
        }
        Then::LeaveResults => {
            app.screen = crate::tui::app::Screen::Detail;
        }
        Then::Run(effect) => return vec![*effect],
    }
    Vec::new()
}

fn submit(app: &mut App, p: &Prompt) -> Vec<Effect> {
    let reason = p.text(0);
    match &p.kind {
        PromptKind::ReviewReject(order) => vec![Effect::Review {
            order: order.clone(),
            accept: false,
            reason: Some(reason),
        }],
        PromptKind::ApprovalReject(order) => vec![Effect::RejectApproval {
            order: order.clone(),
            reason,
        }],
        PromptKind::Approve(order) => {
            let password = match p.fields.first() {
                Some(Field::Text { input, .. }) => input.value().to_string(),
                _ => String::new(),
            };
            vec![Effect::Approve {
                order: order.clone(),
                password,
            }]
        }
        PromptKind::ResultReason { order, rows } => rows
            .iter()
            .map(|(item, texts)| Effect::EnterResult {
                order: order.clone(),
                item: item.clone(),
                texts: texts.clone(),
                reason: Some(reason.clone()),
            })
            .collect(),
        PromptKind::Withdraw(report) => vec![Effect::Withdraw {
            report: report.clone(),
            reason,
        }],
        PromptKind::EnterpriseClass(code) => {
            let Some(mut e) = app.data.enterprise(code).cloned() else {
                return Vec::new();
            };
            e.credit_class = p.text(1).parse().unwrap_or(e.credit_class);
            vec![Effect::UpdateEnterprise {
                enterprise: Box::new(e),
                reason,
            }]
        }
        PromptKind::Blacklist(code) => {
            let Some(mut e) = app.data.enterprise(code).cloned() else {
                return Vec::new();
            };
            e.blacklist = match e.blacklist {
                Some(_) => None,
                None => Some(reason.clone()),
            };
            vec![Effect::UpdateEnterprise {
                enterprise: Box::new(e),
                reason,
            }]
        }
        PromptKind::UserActive { login, active } => vec![Effect::SetUserActive {
            login: login.clone(),
            active: *active,
            reason,
        }],
        PromptKind::UserUnlock(login) => vec![Effect::UnlockUser {
            login: login.clone(),
            reason,
        }],
        PromptKind::NewEnterprise(for_field) => {
            let class: CreditClass = p.text(4).parse().unwrap_or_default();
            vec![Effect::AddEnterprise {
                enterprise: Box::new(Enterprise {
                    credit_code: p.text(1).to_uppercase(),
                    name: p.text(0),
                    address: p.text(2),
                    contact: p.text(3),
                    credit_class: class,
                    blacklist: None,
                    revision: 0,
                }),
                for_field: *for_field,
            }]
        }
        PromptKind::EditRoles { login, revision } => vec![Effect::SetUserRoles {
            login: login.clone(),
            revision: *revision,
            roles: selected_roles(p.fields.first()),
            fields: picked_fields(p.fields.get(1)),
            reason: p.text(2),
        }],
        PromptKind::NewUser => {
            let roles = selected_roles(p.fields.get(3));
            let fields = picked_fields(p.fields.get(4));
            let password = match p.fields.get(2) {
                Some(Field::Text { input, .. }) => input.value().to_string(),
                _ => String::new(),
            };
            vec![Effect::AddUser {
                login: p.text(0),
                name: p.text(1),
                roles,
                fields,
                password,
            }]
        }
    }
}

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

fn draw_prompt(frame: &mut Frame, area: Rect, app: &App, p: &Prompt) {
    let rows: u16 = p
        .fields
        .iter()
        .map(|f| match f {
            Field::Text {
                check: Check::CreditCode,
                ..
            } => 3,
            Field::Roles { .. } | Field::Pick { .. } => 3,
            _ => 2,
        })
        .sum();
    let inner = frame_box(frame, area, &p.title, 66, rows + 4);
    let mut y = inner.y;
    for (i, f) in p.fields.iter().enumerate() {
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
                for (j, o) in options.iter().enumerate() {
                    let st = if j == *sel {
                        widgets::selected_style()
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled(format!(" {o} "), st));
                    spans.push(Span::raw(" "));
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
        None => format!("{} — {}", app.t(S::HelpContext), app.t(app.screen.title())),
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
