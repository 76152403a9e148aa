//! The spot-check desk's forms: a supervision task and its draw, and on a failed spot check's
//! page the result notice, the objection, the reserve sample's release and the re-test's
//! conclusion. Each turns into one store write; a date or number that cannot be read is said
//! in the form, and a refusal keeps everything typed.

use chrono::NaiveDate;

use super::records::{choice, date, optional, prefilled, required, sel};
use super::{Check, Popup, Prompt, PromptKind};
use crate::model::objection::{Delivery, RetestConclusion};
use crate::model::Order;
use crate::store::NewTask;
use crate::tui::app::{App, Effect};
use crate::tui::i18n_desk::D;
use crate::tui::spot_effects::SpotEffect;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpotPrompt {
    NewTask,
    Draw(String),
    Notice(String),
    Objection(String),
    Release(String),
    Retest(String),
}

fn open(app: &mut App, kind: SpotPrompt, title: String, fields: Vec<super::Field>) {
    app.popup = Some(Popup::Prompt(Prompt::new(
        PromptKind::Spot(kind),
        title,
        fields,
    )));
}

pub fn new_task(app: &mut App) {
    let t = |d| app.t(d);
    let fields = vec![
        required(t(D::TName)),
        required(t(D::TAuthorityField)),
        required(t(D::TStandard)),
        required(t(D::TGrade)),
        required(t(D::TBatches)),
        optional(t(D::TScopeField)),
        optional(t(D::TSamplingDue)),
        optional(t(D::TReportDue)),
        optional(t(D::TCampaignField)),
    ];
    let title = app.t(D::TNewTitle).to_string();
    open(app, SpotPrompt::NewTask, title, fields);
}

/// The draw: how many, and a seed (today's date as a number unless another is typed; it goes
/// into the audit trail so the draw can be repeated and shown fair).
pub fn draw(app: &mut App, task: &str, planned: u32) {
    let seed = app.today().format("%Y%m%d").to_string();
    let t = |d| app.t(d);
    let fields = vec![
        prefilled(t(D::TDrawCount), Check::Required, &planned.to_string()),
        prefilled(t(D::TDrawSeed), Check::Required, &seed),
    ];
    let title = app.lang.f(D::TDrawTitle, &[&task]);
    open(app, SpotPrompt::Draw(task.to_string()), title, fields);
}

pub fn notice(app: &mut App, order: &Order) {
    let today = app.today().to_string();
    let l = app.lang;
    let deliveries = Delivery::ALL
        .iter()
        .map(|d| if l.english() { d.key() } else { d.zh() }.to_string())
        .collect();
    // Relative to the folder certificates are written to.
    let path = format!("{}-notice.pdf", order.number);
    let fields = vec![
        prefilled(l.t(D::NDelivered), Check::Required, &today),
        choice(l.t(D::NDelivery), deliveries),
        prefilled(l.t(D::NPath), Check::Required, &path),
    ];
    let title = l.f(D::NTitle, &[&order.number]);
    open(app, SpotPrompt::Notice(order.number.clone()), title, fields);
}

pub fn objection(app: &mut App, order: &Order) {
    let today = app.today().to_string();
    let by = order
        .sampling
        .as_ref()
        .map_or(order.client.name.clone(), |s| s.sampled_unit.name.clone());
    let t = |d| app.t(d);
    let fields = vec![
        prefilled(t(D::JReceived), Check::Required, &today),
        prefilled(t(D::JBy), Check::Required, &by),
        required(t(D::JReason)),
    ];
    let title = app.lang.f(D::JTitle, &[&order.number]);
    open(
        app,
        SpotPrompt::Objection(order.number.clone()),
        title,
        fields,
    );
}

pub fn release(app: &mut App, order: &Order) {
    let today = app.today().to_string();
    let t = |d| app.t(d);
    let fields = vec![
        required(t(D::LTo)),
        prefilled(t(D::LDate), Check::Required, &today),
        choice(
            t(D::LSeal),
            vec![t(D::OSealIntact).to_string(), t(D::OSealBroken).to_string()],
        ),
    ];
    let title = app.lang.f(D::LTitle, &[&order.number]);
    open(
        app,
        SpotPrompt::Release(order.number.clone()),
        title,
        fields,
    );
}

pub fn retest(app: &mut App, order: &Order) {
    let today = app.today().to_string();
    let to = order
        .after_failure
        .release
        .as_ref()
        .map_or(String::new(), |r| r.to.clone());
    let t = |d| app.t(d);
    let fields = vec![
        prefilled(t(D::RInstitution), Check::Required, &to),
        required(t(D::RReport)),
        prefilled(t(D::RDate), Check::Required, &today),
        choice(
            t(D::RConclusion),
            vec![t(D::OConfirmed).to_string(), t(D::OOverturned).to_string()],
        ),
        optional(t(D::RNote)),
    ];
    let title = app.lang.f(D::RTitle, &[&order.number]);
    open(app, SpotPrompt::Retest(order.number.clone()), title, fields);
}

fn number(app: &App, text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| app.lang.f(D::TBadNumber, &[&text]))
}

fn optional_date(app: &App, text: &str) -> Result<Option<NaiveDate>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        date(app, text).map(Some)
    }
}

fn spot(e: SpotEffect) -> Vec<Effect> {
    vec![Effect::Spot(Box::new(e))]
}

/// The write a filled form asks for, or what is wrong with it.
pub fn submit(app: &App, p: &Prompt, kind: &SpotPrompt) -> Result<Vec<Effect>, String> {
    Ok(match kind {
        SpotPrompt::NewTask => spot(SpotEffect::AddTask(Box::new(NewTask {
            name: p.text(0),
            authority: p.text(1),
            standard: p.text(2),
            grade: p.text(3),
            spec: None,
            batches: number(app, &p.text(4))?,
            scope: p
                .text(5)
                .split([',', '，', '、', ' '])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            sampling_due: optional_date(app, &p.text(6))?,
            report_due: optional_date(app, &p.text(7))?,
            campaign: p.text(8),
        }))),
        SpotPrompt::Draw(task) => {
            let seed = p
                .text(1)
                .trim()
                .parse::<u64>()
                .map_err(|_| app.lang.f(D::TBadNumber, &[&p.text(1)]))?;
            spot(SpotEffect::Draw {
                task: task.clone(),
                count: number(app, &p.text(0))?,
                seed,
            })
        }
        SpotPrompt::Notice(order) => spot(SpotEffect::Notice {
            order: order.clone(),
            delivered: date(app, &p.text(0))?,
            delivery: Delivery::ALL
                .get(sel(p, 1))
                .copied()
                .unwrap_or(Delivery::Post),
            path: p.text(2).trim().into(),
        }),
        SpotPrompt::Objection(order) => spot(SpotEffect::Objection {
            order: order.clone(),
            received: date(app, &p.text(0))?,
            by: p.text(1),
            reason: p.text(2),
        }),
        SpotPrompt::Release(order) => spot(SpotEffect::Release {
            order: order.clone(),
            to: p.text(0),
            date: date(app, &p.text(1))?,
            seal_intact: sel(p, 2) == 0,
        }),
        SpotPrompt::Retest(order) => spot(SpotEffect::Retest {
            order: order.clone(),
            conclusion: RetestConclusion {
                institution: p.text(0),
                report: p.text(1),
                date: date(app, &p.text(2))?,
                confirmed: sel(p, 3) == 0,
                note: p.text(4),
            },
        }),
    })
}
