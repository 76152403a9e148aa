//! The forms that open as popups: a new enterprise, a new user, a user's roles.

use super::*;

/// The new-enterprise form (inline in registration, or from the enterprise list).
pub fn new_enterprise(app: &App, for_field: Option<PartyField>) -> Popup {
    Popup::Prompt(Prompt::new(
        PromptKind::NewEnterprise(for_field),
        app.t(S::ENew).to_string(),
        vec![
            Field::text(app.t(S::EName), Check::Required),
            Field::text(app.t(S::ECode), Check::CreditCode),
            Field::text(app.t(S::EAddress), Check::None),
            Field::text(app.t(S::EContact), Check::None),
            Field::Choice {
                label: app.t(S::EClass).to_string(),
                options: vec!["A".into(), "B".into(), "C".into()],
                sel: 1,
            },
        ],
    ))
}

pub(super) fn selected_roles(field: Option<&Field>) -> Vec<Role> {
    match field {
        Some(Field::Roles { sel, .. }) => Role::ALL
            .iter()
            .zip(sel)
            .filter(|(_, s)| **s)
            .map(|(r, _)| *r)
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn split_fields(text: &str) -> Vec<String> {
    text.split([',', '，', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Change an existing user's roles and fields, prefilled with what they have now.
pub fn edit_roles(app: &App, user: &crate::model::User) -> Popup {
    let mut sel = [false; 5];
    for (i, r) in Role::ALL.iter().enumerate() {
        sel[i] = user.roles.contains(r);
    }
    let mut fields = Field::text(app.t(S::UFieldsHint), Check::None);
    if let Field::Text { input, .. } = &mut fields {
        input.set(&user.fields.join(","));
    }
    Popup::Prompt(Prompt::new(
        PromptKind::EditRoles {
            login: user.login.clone(),
            revision: user.revision,
        },
        app.lang.f(S::UEditRoles, &[&user.login]),
        vec![
            Field::Roles { sel, cursor: 0 },
            fields,
            Field::text(app.t(S::ColReason), Check::Required),
        ],
    ))
}

pub fn new_user(app: &App) -> Popup {
    Popup::Prompt(Prompt::new(
        PromptKind::NewUser,
        app.t(S::UNew).to_string(),
        vec![
            Field::text(app.t(S::ColLogin), Check::Required),
            Field::text(app.t(S::UDisplay), Check::None),
            Field::password(app.t(S::UPassword)),
            Field::Roles {
                sel: [false; 5],
                cursor: 0,
            },
            Field::text(app.t(S::UFieldsHint), Check::None),
        ],
    ))
}
