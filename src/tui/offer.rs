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
        Action::Receive | Action::ReceiveWith => Step::Receive,
        Action::EnterResults => Step::EnterResult,
        Action::SubmitForReview => Step::Submit,
        Action::Accept => Step::ReviewAccept,
        Action::Reject if order.status == OrderStatus::AwaitingApproval => Step::RejectApproval,
        Action::Reject => Step::ReviewReject,
        Action::Approve => Step::Approve,
        Action::Issue => Step::Issue,
        Action::CheckOrder => Step::Check,
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
            | Action::GoInstruments
            | Action::GoTasks
            | Action::GoStats
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
        (Screen::Tasks | Screen::Task, Action::New | Action::Draw) if !clerk => {
            Some(l.t(super::i18n_desk::D::TDeskOnly).to_string())
        }
        (Screen::Tasks, Action::Draw | Action::Print) if app.data.tasks.is_empty() => {
            Some(l.t(super::i18n_desk::D::TNone).to_string())
        }
        (Screen::Queue, Action::Accept) => {
            let on = app
                .queue
                .tabs
                .get(app.queue.tab)
                .is_some_and(|t| t.0 == super::screens::queue::Task::Warnings);
            if !super::screens::warnings::shown_to(app) {
                Some(l.t(super::i18n_stats::St::WManagerOnly).to_string())
            } else if !on || app.data.warnings.is_empty() {
                Some(l.t(super::i18n_stats::St::WNotHere).to_string())
            } else {
                None
            }
        }
        (Screen::Reports, Action::Withdraw) if !user.has(Role::Signatory) => {
            Some(l.t(S::RepSignatoryOnly).to_string())
        }
        (Screen::Enterprises, Action::New)
        | (
            Screen::Enterprise,
            Action::ChangeClass
            | Action::Blacklist
            | Action::AddLicence
            | Action::RemoveLicence
            | Action::Complaint,
        ) if !clerk => Some(l.t(S::EClerkOnly).to_string()),
        (
            Screen::Instruments | Screen::Instrument,
            Action::New | Action::Calibrate | Action::InstrumentStatus,
        ) if !user.has(Role::Admin) => Some(l.t(S::IAdminOnly).to_string()),
        (Screen::Instruments | Screen::Instrument, Action::InterimCheck)
            if !(user.has(Role::Admin) || user.has(Role::Technician)) =>
        {
            Some(l.t(S::ICheckRole).to_string())
        }
        // Checked, and nothing entered since (a new entry clears it): checking again is noise.
        (Screen::Detail, Action::CheckOrder)
            if open_order(app).is_some_and(|o| o.checked.is_some()) =>
        {
            let name = open_order(app)?.checked.as_ref()?.name.clone();
            Some(l.f(S::OAlreadyChecked, &[&name]))
        }
        (
            Screen::Detail,
            Action::Deviation
            | Action::Subcontract
            | Action::ApproveArrangement
            | Action::MoveSample
            | Action::DisposeSample,
        ) => record_refusal(app, user, open_order(app)?, action),
        (
            Screen::Detail,
            Action::Notice
            | Action::Objection
            | Action::ReleaseReserve
            | Action::RetestConclusion
            | Action::Print,
        ) => super::screens::order_spot::refusal(app, user, open_order(app)?, action),
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

/// Why a lab-records key on an order's page is not possible now (roles, the order's state,
/// where the sample is); the store checks the same again when it writes.
fn record_refusal(
    app: &App,
    user: &crate::model::User,
    order: &Order,
    action: Action,
) -> Option<String> {
    use crate::model::custody::SampleLocation;
    let l = app.lang;
    let clerk = user.has(Role::Clerk) || user.has(Role::Admin);
    let location = order.custody.location();
    match action {
        Action::Deviation | Action::Subcontract => {
            if !(user.has(Role::Technician) || user.has(Role::Clerk)) {
                Some(l.t(S::OArrangeRole).to_string())
            } else if order.status > OrderStatus::InTesting {
                Some(l.f(S::OArrangeLate, &[&l.status(order.status)]))
            } else {
                None
            }
        }
        Action::ApproveArrangement => {
            if !user.has(Role::Signatory) {
                Some(l.t(S::OSignatoryOnly).to_string())
            } else if order.unapproved_arrangements().is_empty() {
                Some(l.t(S::ONoPending).to_string())
            } else {
                None
            }
        }
        Action::MoveSample | Action::DisposeSample if !clerk => {
            Some(l.t(S::OClerkOnly).to_string())
        }
        Action::MoveSample => match location {
            None => Some(l.t(S::ONotYetReceived).to_string()),
            Some(SampleLocation::Disposed) => Some(l.t(S::OAlreadyDisposed).to_string()),
            Some(_) => None,
        },
        Action::DisposeSample => match location {
            Some(SampleLocation::Retained | SampleLocation::Released) => None,
            Some(SampleLocation::Disposed) => Some(l.t(S::OAlreadyDisposed).to_string()),
            Some(other) => {
                let word = if l.english() { other.en() } else { other.zh() };
                Some(l.f(S::ONotDisposable, &[&word]))
            }
            None => Some(l.t(S::ONotYetReceived).to_string()),
        },
        _ => None,
    }
}
