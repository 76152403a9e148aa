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

/// The fields ticked in a picker; `*` stands for every field.
pub(super) fn picked_fields(field: Option<&Field>) -> Vec<String> {
    match field {
        Some(Field::Pick { options, sel, .. }) => options
            .iter()
            .zip(sel)
            .filter(|(_, s)| **s)
            .map(|(o, _)| {
                if o.starts_with('*') {
                    "*".to_string()
                } else {
                    o.clone()
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Authorised fields are chosen from the library's fields (a typed 建材 would never match
/// 建筑材料 and authorise nothing); fields a user already holds stay listed to be unticked.
fn fields_picker(app: &App, held: &[String]) -> Field {
    let mut options: Vec<String> = vec![format!("* {}", app.t(S::UAllFields))];
    let mut library: Vec<String> = app
        .catalog
        .standards()
        .iter()
        .map(|s| s.field.clone())
        .collect();
    library.extend(held.iter().filter(|f| f.as_str() != "*").cloned());
    library.sort();
    library.dedup();
    options.extend(library);
    let sel = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            if i == 0 {
                held.iter().any(|f| f == "*")
            } else {
                held.contains(o)
            }
        })
        .collect();
    Field::Pick {
        label: app.t(S::UFieldsHint).to_string(),
        options,
        sel,
        cursor: 0,
    }
}

/// Change an existing user's roles and fields, prefilled with what they have now.
pub fn edit_roles(app: &App, user: &crate::model::User) -> Popup {
    let mut sel = [false; 5];
    for (i, r) in Role::ALL.iter().enumerate() {
        sel[i] = user.roles.contains(r);
    }
    let fields = fields_picker(app, &user.fields);
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

/// A technician's authorised methods, chosen from the methods the library's items name (a
/// typed method would authorise nothing); methods already held stay listed to be unticked.
pub fn edit_methods(app: &App, user: &crate::model::User) -> Popup {
    let mut options: Vec<String> = app
        .catalog
        .standards()
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.method.clone()))
        .chain(user.methods.iter().cloned())
        .collect();
    options.sort();
    options.dedup();
    let sel = options.iter().map(|o| user.authorised_method(o)).collect();
    Popup::Prompt(Prompt::new(
        PromptKind::EditMethods(user.login.clone()),
        app.lang.f(S::UEditMethods, &[&user.login]),
        vec![
            Field::Pick {
                label: app.t(S::UMethodsHint).to_string(),
                options,
                sel,
                cursor: 0,
            },
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
            fields_picker(app, &[]),
        ],
    ))
}
