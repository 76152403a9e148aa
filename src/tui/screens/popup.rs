//! Popups: help, confirmation, prompts (reason, password, small forms), messages and the
//! certificate preview. While one is open it has the keyboard (Ctrl-C still leaves).

use crate::model::{credit_code, CreditClass, Enterprise, Role};
use crate::tui::app::{App, Effect, PartyField};
use crate::tui::i18n::S;
use crate::tui::keymap::{Action, Ctx};
use crate::tui::widgets::TextInput;

mod forms;
pub mod quality_forms;
pub mod records;
pub mod spot_forms;
mod view;

pub use forms::{edit_methods, edit_roles, new_enterprise, new_user};
use forms::{picked_fields, selected_roles};
pub use records::RecordPrompt;
pub use view::draw;

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
        rows: Vec<(String, Vec<String>, Option<String>)>,
    },
    /// The expanded uncertainty U of a row on the results screen.
    Uncertainty {
        row: usize,
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
    EditMethods(String),
    /// A lab-records form (instruments, custody, arrangements, bench facts).
    Record(RecordPrompt),
    /// A spot-check desk form (tasks, draws, notices, objections, re-tests).
    Spot(spot_forms::SpotPrompt),
    /// A manager's note acknowledging an early warning.
    AcknowledgeWarning(String),
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
                    } else if let PromptKind::Uncertainty { row } = p.kind {
                        // U is kept with the row's typed values and saved with them.
                        let text = p.text(0);
                        match crate::decision::Uncertainty::parse(&text) {
                            Ok(_) => {
                                if let Some(r) = app.results.rows.get_mut(row) {
                                    r.u = text;
                                }
                                crate::tui::screens::results::live(app);
                                return Vec::new();
                            }
                            Err(e) => p.error = Some(e),
                        }
                    } else if let PromptKind::Spot(kind) = &p.kind {
                        match spot_forms::submit(app, &p, kind) {
                            Ok(effects) => {
                                app.popup = Some(Popup::Prompt(p));
                                return effects;
                            }
                            Err(e) => p.error = Some(e),
                        }
                    } else if let PromptKind::Record(kind) = &p.kind {
                        match records::submit(app, &p, kind) {
                            // The bench form only changes the session: it closes at once.
                            Ok(effects) if effects.is_empty() => {
                                app.info(app.t(S::BSet));
                                return Vec::new();
                            }
                            Ok(effects) => {
                                app.popup = Some(Popup::Prompt(p));
                                return effects;
                            }
                            Err(e) => p.error = Some(e),
                        }
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
            .map(|(item, texts, uncertainty)| Effect::EnterResult {
                order: order.clone(),
                item: item.clone(),
                texts: texts.clone(),
                uncertainty: uncertainty.clone(),
                bench: crate::tui::screens::bench::for_item(
                    app,
                    app.data
                        .order
                        .as_ref()
                        .and_then(|o| o.items.iter().find(|i| &i.code == item)),
                ),
                reason: Some(reason.clone()),
            })
            .collect(),
        // Handled in `update`: it changes the results screen, not the store.
        PromptKind::Uncertainty { .. } | PromptKind::Record(_) | PromptKind::Spot(_) => Vec::new(),
        PromptKind::AcknowledgeWarning(id) => vec![Effect::AcknowledgeWarning {
            id: id.clone(),
            note: reason,
        }],
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
                    quality: Default::default(),
                }),
                for_field: *for_field,
            }]
        }
        PromptKind::EditMethods(login) => vec![Effect::SetUserMethods {
            login: login.clone(),
            methods: picked_fields(p.fields.first()),
            reason: p.text(1),
        }],
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
