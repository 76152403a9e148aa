//! A spot check on its order's page: the task, the sampling record, the sampled unit's credit
//! standing, and the way after a failure — the notice with its objection deadline, the
//! objection, the reserve sample's release and the re-test's conclusion — with the keys that
//! record each step. A re-test this lab does for another shows what it re-tests.

use ratatui::style::Style;
use ratatui::text::Line;

use super::popup::spot_forms;
use crate::inspection::InspectionType;
use crate::judge::Verdict;
use crate::model::{CreditClass, Order, OrderStatus, Role, User};
use crate::tui::app::{App, Effect};
use crate::tui::i18n_desk::D;
use crate::tui::keymap::Action;
use crate::tui::spot_effects::SpotEffect;
use crate::tui::widgets::{self, text};

fn push(out: &mut Vec<Line<'static>>, s: &str, width: usize, st: Style) {
    for piece in text::wrap(s, width) {
        out.push(Line::styled(piece, st));
    }
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "/".to_string()
    } else {
        s.to_string()
    }
}

/// The spot-check lines of the order's page (none for a commissioned order).
pub fn lines(app: &App, o: &Order, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if o.inspection_type != InspectionType::Supervision {
        return out;
    }
    let l = app.lang;
    let plain = Style::default();
    out.push(Line::styled(l.t(D::OSpot), widgets::header_style()));
    if let Some(s) = &o.sampling {
        let task = app
            .data
            .tasks
            .iter()
            .find(|t| t.task.number == s.task)
            .map_or(s.task.clone(), |t| {
                format!("{}（{}，{}）", t.task.name, t.task.number, t.task.authority)
            });
        push(&mut out, &l.f(D::OTask, &[&task]), width, plain);
        let unit = format!("{} {}", s.sampled_unit.name, s.sampled_unit.credit_code);
        let line = l.f(
            D::OSampling,
            &[
                &s.date,
                &dash(&s.place),
                &s.samplers.join("、"),
                &unit,
                &dash(&s.lot_size),
                &dash(&s.sample_quantity),
                &dash(&s.reserve_quantity),
                &dash(&s.reserve_location),
                &dash(&s.seal),
            ],
        );
        push(&mut out, &line, width, plain);
        // Blacklisted and C-class enterprises are flagged, never blocked.
        if let Some(e) = app.data.enterprise(&s.sampled_unit.credit_code) {
            if e.blacklist.is_some() || e.credit_class == CreditClass::C {
                let black = e
                    .blacklist
                    .as_ref()
                    .map_or(String::new(), |b| l.f(D::OBlacklisted, &[b]));
                let class = format!("{:?}", e.credit_class);
                push(
                    &mut out,
                    &l.f(D::OFlagged, &[&class, &black]),
                    width,
                    widgets::warn_style(),
                );
            }
        }
    }
    if let Some(r) = &o.retest_of {
        let seal = l.t(if r.seal_intact {
            D::OSealIntact
        } else {
            D::OSealBroken
        });
        let seal = format!("{} {seal}", dash(&r.seal));
        push(
            &mut out,
            &l.f(D::ORetestOf, &[&r.institution, &r.report, &seal]),
            width,
            plain,
        );
    }
    after_failure(app, o, width, &mut out);
    out
}

fn after_failure(app: &App, o: &Order, width: usize, out: &mut Vec<Line<'static>>) {
    let l = app.lang;
    let plain = Style::default();
    let a = &o.after_failure;
    let failed = o.status == OrderStatus::Issued && matches!(o.overall(), Verdict::Fail);
    if failed && a.notices.is_empty() && o.retest_of.is_none() {
        push(out, l.t(D::ONoNotice), width, widgets::warn_style());
    }
    for n in &a.notices {
        let delivery = if l.english() {
            n.delivery.key()
        } else {
            n.delivery.zh()
        };
        let mut s = l.f(
            D::ONotice,
            &[
                &n.number,
                &n.delivered,
                &delivery,
                &n.deadline,
                &n.period.zh(),
            ],
        );
        let open = a.objection.is_none() && n.deadline >= app.today();
        if open {
            let left = (n.deadline - app.today()).num_days();
            s.push_str(&format!(" · {}", l.f(D::DlDaysLeft, &[&left])));
        }
        push(
            out,
            &s,
            width,
            if open { widgets::warn_style() } else { plain },
        );
    }
    if let Some(x) = &a.objection {
        let s = l.f(D::OObjection, &[&x.received, &x.by_party, &x.reason]);
        push(out, &s, width, plain);
    }
    if let Some(r) = &a.release {
        let seal = l.t(if r.seal_intact {
            D::OSealIntact
        } else {
            D::OSealBroken
        });
        let s = l.f(D::ORelease, &[&r.date, &r.to, &seal, &r.handed_over_by]);
        push(out, &s, width, plain);
    }
    if let Some(r) = &a.retest {
        let word = l.t(if r.confirmed {
            D::OConfirmed
        } else {
            D::OOverturned
        });
        let s = l.f(D::ORetest, &[&r.date, &r.institution, &r.report, &word]);
        push(out, &s, width, widgets::header_style());
    }
}

/// The spot-check keys on an order's page: the effects to run, `None` when the action is not
/// one of them.
pub fn update(app: &mut App, action: Action, order: &Order) -> Option<Vec<Effect>> {
    match action {
        Action::Notice => spot_forms::notice(app, order),
        Action::Objection => spot_forms::objection(app, order),
        Action::ReleaseReserve => spot_forms::release(app, order),
        Action::RetestConclusion => spot_forms::retest(app, order),
        Action::Print => {
            let print = SpotEffect::PrintSamplingForm(order.number.clone());
            return Some(vec![Effect::Spot(Box::new(print))]);
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Why a spot-check key is not possible on this order now; the store checks again on write.
pub fn refusal(app: &App, user: &User, o: &Order, action: Action) -> Option<String> {
    let l = app.lang;
    let say = |d: D| Some(l.t(d).to_string());
    if action == Action::Print {
        return o
            .sampling
            .is_none()
            .then(|| l.t(D::PNoSampling).to_string());
    }
    let a = &o.after_failure;
    let failed_spot = o.inspection_type == InspectionType::Supervision && o.retest_of.is_none();
    if !failed_spot {
        return say(D::NNotSupervision);
    }
    if o.status != OrderStatus::Issued {
        return say(D::NNotIssued);
    }
    if !matches!(o.overall(), Verdict::Fail) {
        return say(D::NNotFailed);
    }
    let desk = user.has(Role::Clerk) || user.has(Role::Admin);
    match action {
        Action::Notice if !user.has(Role::Signatory) => say(D::NSignatoryOnly),
        Action::Notice => None,
        _ if !desk => say(D::TDeskOnly),
        Action::Objection if a.notices.is_empty() => say(D::JNoNotice),
        Action::Objection if a.objection.is_some() => say(D::JAlready),
        Action::ReleaseReserve if a.objection.is_none() => say(D::LNoObjection),
        Action::ReleaseReserve if a.release.is_some() => say(D::LAlready),
        Action::RetestConclusion if a.release.is_none() => say(D::RNoRelease),
        Action::RetestConclusion if a.retest.is_some() => say(D::RAlready),
        _ => None,
    }
}
