//! What may be done now, from the user's roles and the record's status. The hint bar and the
//! help list only what is possible; a key for something that is not says why at once, before
//! any confirmation or password prompt.

use super::app::{App, Screen};
use super::i18n::S;
use super::keymap::Action;
use super::screens::popup::Popup;
use crate::model::{Order, OrderStatus, Role};
use crate::workflow::{self, Step};

/// The workflow step a key on an order's page asks for.
pub fn step_of(action: Action, order: &Order) -> Option<Step> {
    Some(match action {
        Action::Receive => Step::Receive,
        Action::EnterResults => Step::EnterResult,
        Action::SubmitForReview => Step::Submit,
        Action::Accept => Step::ReviewAccept,
        Action::Reject if order.status == OrderStatus::AwaitingApproval => Step::RejectApproval,
        Action::Reject => Step::ReviewReject,
        Action::Approve => Step::Approve,
        Action::Issue => Step::Issue,
        _ => return None,
    })
}

/// The order on the page, when one is open there.
fn open_order(app: &App) -> Option<&Order> {
    let number = match app.screen {
        Screen::Detail => &app.detail.number,
        Screen::Results => &app.results.number,
        _ => return None,
    };
    app.data.order.as_ref().filter(|o| &o.number == number)
}

/// Why `action` is not possible now, in the user's language; `None` when it is.
pub fn refusal(app: &App, action: Action) -> Option<String> {
    match &app.popup {
        Some(Popup::Preview { issue: None, .. }) if action == Action::Submit => {
            Some(app.t(S::PreviewOnly).to_string())
        }
        Some(_) => None,
        None => screen_refusal(app, action),
    }
}

/// Whether `action` is possible on the screen under any popup (the help lists those).
pub fn on_screen(app: &App, action: Action) -> bool {
    screen_refusal(app, action).is_none()
}

fn screen_refusal(app: &App, action: Action) -> Option<String> {
    let l = app.lang;
    let Some(user) = &app.user else {
        return match action {
            Action::GoQueue
            | Action::GoOrders
            | Action::GoRegister
            | Action::GoStandards
            | Action::GoEnterprises
            | Action::GoReports
            | Action::GoNetContent
            | Action::GoAudit
            | Action::GoUsers
            | Action::SwitchUser => Some(l.t(S::NeedLogin).to_string()),
            _ => None,
        };
    };
    let clerk = user.has(Role::Clerk) || user.has(Role::Admin);
    match (app.screen, action) {
        (_, Action::GoUsers) if !user.has(Role::Admin) => Some(l.t(S::UAdminOnly).to_string()),
        (_, Action::GoRegister) | (Screen::Orders, Action::New) if !clerk => {
            Some(l.t(S::RClerkOnly).to_string())
        }
        (Screen::Reports, Action::Withdraw) if !user.has(Role::Signatory) => {
            Some(l.t(S::RepSignatoryOnly).to_string())
        }
        (Screen::Enterprises, Action::New)
        | (Screen::Enterprise, Action::ChangeClass | Action::Blacklist)
            if !clerk =>
        {
            Some(l.t(S::EClerkOnly).to_string())
        }
        (Screen::Results, Action::Uncertainty) => {
            let order = open_order(app)?;
            (order.decision_rule != crate::decision::DecisionRule::GuardBand)
                .then(|| l.t(S::ResSimpleRule).to_string())
        }
        (Screen::Detail | Screen::Results, _) => {
            let order = open_order(app)?;
            let step = step_of(action, order)?;
            // On the results screen only submitting is a workflow key.
            if app.screen == Screen::Results && step != Step::Submit {
                return None;
            }
            workflow::may(order, user, step)
                .err()
                .map(|r| if l.english() { r.en() } else { r.zh() })
        }
        _ => None,
    }
}

/// Whether a key for `action` is offered in the hint bar and the help.
pub fn offered(app: &App, action: Action) -> bool {
    refusal(app, action).is_none()
}

/// The full check of a workflow step on the open order (separation of duties, completeness),
/// for the moment the key is pressed.
pub fn check_step(app: &App, order: &Order, step: Step) -> Option<String> {
    let user = app.user.as_ref()?;
    workflow::check(order, user, step)
        .err()
        .map(|r| if app.lang.english() { r.en() } else { r.zh() })
}
