//! Login: user name and masked password; three failures lock the name for a while.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::tui::app::{App, Effect};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::widgets::{self, text, TextInput};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginState {
    pub user: TextInput,
    pub password: TextInput,
    /// 0 user, 1 password.
    pub focus: usize,
    pub message: Option<String>,
}

impl Default for LoginState {
    fn default() -> Self {
        LoginState {
            user: TextInput::default(),
            password: TextInput::masked(),
            focus: 0,
            message: None,
        }
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let s = &mut app.login;
    match action {
        Action::NextField | Action::PrevField => s.focus = 1 - s.focus.min(1),
        Action::Edit(k) => {
            if s.focus == 0 {
                s.user.edit(&k);
            } else {
                s.password.edit(&k);
            }
        }
        Action::Submit => {
            let login = s.user.value().trim().to_string();
            if login.is_empty() {
                s.focus = 0;
                app.login.message = Some(app.lang.t(S::LoginEmpty).to_string());
                return Vec::new();
            }
            if s.focus == 0 && s.password.is_empty() {
                s.focus = 1;
                return Vec::new();
            }
            let password = s.password.value().to_string();
            if let Some(left) = app.lock_remaining(&login) {
                app.login.password.clear();
                app.login.message = Some(app.lang.f(S::LoginLocked, &[&left]));
                return Vec::new();
            }
            return vec![Effect::Login { login, password }];
        }
        _ => {}
    }
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let s = &app.login;
    let w = 56.min(area.width);
    let hint_rows = if app.login_hint.is_empty() {
        0
    } else {
        app.login_hint.len() as u16 + 2
    };
    let h = (10 + hint_rows).min(area.height);
    let r = widgets::centered(area, w, h);
    let lab = app.data.lab.as_ref().map(|l| l.name.as_str()).unwrap_or("");
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {} · {} ", app.t(S::AppName), app.t(S::ScrLogin)),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let row = |i: u16| Rect {
        x: inner.x + 1,
        y: inner.y + i,
        width: inner.width.saturating_sub(2),
        height: 1,
    };
    frame.render_widget(
        Line::styled(
            text::truncate(lab, inner.width as usize - 2),
            widgets::header_style(),
        ),
        row(0),
    );
    frame.render_widget(Line::styled(app.t(S::LoginPrompt), widgets::dim()), row(1));
    let label_w = 10u16;
    for (i, (label, input)) in [(S::LoginUser, &s.user), (S::LoginPassword, &s.password)]
        .into_iter()
        .enumerate()
    {
        let y = 3 + 2 * i as u16;
        let focused = s.focus == i;
        let st = if focused {
            widgets::focus_style()
        } else {
            Style::default()
        };
        frame.render_widget(Line::styled(format!("{}：", app.t(label)), st), row(y));
        let field = Rect {
            x: row(y).x + label_w,
            width: row(y).width.saturating_sub(label_w),
            ..row(y)
        };
        frame.render_widget(
            Line::styled(
                " ".repeat(field.width as usize),
                Style::default().add_modifier(Modifier::UNDERLINED),
            ),
            field,
        );
        input.render(
            frame,
            field,
            Style::default().add_modifier(Modifier::UNDERLINED),
            focused,
        );
    }
    if let Some(m) = &s.message {
        frame.render_widget(
            Line::styled(
                text::truncate(m, inner.width as usize - 2),
                widgets::error_style(),
            ),
            row(7),
        );
    }
    if !app.login_hint.is_empty() {
        frame.render_widget(
            Line::styled(app.t(S::LoginDemoUsers), widgets::header_style()),
            row(9),
        );
        for (i, (u, p, roles)) in app.login_hint.iter().enumerate() {
            let line = format!(
                "{} {} {}",
                text::pad(u, 10),
                text::pad(p, 12),
                roles.text(app.lang.english())
            );
            frame.render_widget(
                Paragraph::new(text::truncate(&line, inner.width as usize - 2)),
                row(10 + i as u16),
            );
        }
    }
}
