//! Users and roles (admin): the list, adding a user with roles and authorised fields, and
//! disabling or enabling one with a reason.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use super::popup::{self, Popup, Prompt, PromptKind};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::widgets::{
    self,
    list::{columns, ListView, Outcome},
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsersState {
    pub list: ListView,
}

pub fn recompute(app: &mut App) {
    let n = app.data.users.len();
    app.users.list.set_rows((0..n).collect());
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(6) as usize;
    match app.users.list.update(action, page) {
        Outcome::Done(_) | Outcome::Open(_) => {}
        Outcome::Unhandled => match action {
            Action::New => app.popup = Some(popup::new_user(app)),
            Action::ToggleActive => {
                if let Some(u) = app.users.list.current().and_then(|i| app.data.users.get(i)) {
                    let active = !u.active;
                    let verb = app.t(if active { S::UEnable } else { S::UDisable });
                    let title = app.lang.f(S::UToggleReason, &[&verb, &u.login]);
                    let kind = PromptKind::UserActive {
                        login: u.login.clone(),
                        active,
                    };
                    app.popup = Some(Popup::Prompt(Prompt::reason(kind, title, app)));
                }
            }
            Action::Unlock => {
                if let Some(u) = app.users.list.current().and_then(|i| app.data.users.get(i)) {
                    if u.failed_logins == 0 && u.locked_until.is_none() {
                        let m = app.lang.f(S::UNotLocked, &[&u.login]);
                        app.info(m);
                    } else {
                        let title = app.lang.f(S::UUnlockReason, &[&u.login]);
                        let kind = PromptKind::UserUnlock(u.login.clone());
                        app.popup = Some(Popup::Prompt(Prompt::reason(kind, title, app)));
                    }
                }
            }
            Action::EditRoles => {
                if let Some(u) = app.users.list.current().and_then(|i| app.data.users.get(i)) {
                    app.popup = Some(popup::edit_roles(app, u));
                }
            }
            Action::EditMethods => {
                if let Some(u) = app.users.list.current().and_then(|i| app.data.users.get(i)) {
                    if u.has(crate::model::Role::Technician) {
                        app.popup = Some(popup::edit_methods(app, u));
                    } else {
                        let m = app.lang.f(S::UNotTechnician, &[&u.login]);
                        app.info(m);
                    }
                }
            }
            Action::Back => app.screen = Screen::Queue,
            _ => {}
        },
    }
    Vec::new()
}

/// Disabled before locked: a disabled user cannot log in whatever the lock says.
fn status(u: &crate::model::User, now: chrono::DateTime<chrono::Utc>) -> S {
    if !u.active {
        S::Disabled
    } else if u.is_locked(now) {
        S::Locked
    } else {
        S::Active
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let w = area.width as usize;
    let roles_w = w.saturating_sub(12 + 12 + 16 + 8 + 5).max(10);
    let header = columns(&[
        (l.t(S::ColLogin), 12),
        (l.t(S::UDisplay), 12),
        (l.t(S::ColRoles), roles_w),
        (l.t(S::ColFields), 16),
        (l.t(S::ColActive), 8),
    ]);
    let users = &app.data.users;
    app.users.list.draw_rows(frame, area, &header, &|i| {
        let u = &users[i];
        let roles: Vec<&str> = u.roles.iter().map(|r| l.role(*r)).collect();
        let line = columns(&[
            (&u.login, 12),
            (&u.display_name, 12),
            (&roles.join("、"), roles_w),
            (&u.fields.join(","), 16),
            (l.t(status(u, app.now)), 8),
        ]);
        (
            line,
            if u.active && !u.is_locked(app.now) {
                Style::default()
            } else {
                widgets::dim()
            },
        )
    });
}
