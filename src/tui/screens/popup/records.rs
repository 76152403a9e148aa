//! The small forms of the lab records (issue 12): the equipment register, deviations and
//! subcontracts, the sample's custody, and the bench facts of result entry. Each form turns
//! into one store write; what cannot be read (a date, a number) is said in the form.

use chrono::NaiveDate;

use super::{Check, Field, Popup, Prompt, PromptKind};
use crate::model::custody::SampleLocation;
use crate::model::{Instrument, InstrumentStatus, Order};
use crate::store::{ArrangementInput, NewCalibration};
use crate::tui::app::{App, Effect};
use crate::tui::i18n::S;
use crate::tui::record_effects::RecordEffect;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordPrompt {
    /// The session's bench facts; `kind` is the instrument kind the selected item needs.
    Bench {
        kind: Option<String>,
    },
    NewInstrument,
    Calibrate(String),
    CheckInstrument(String),
    InstrumentStatus(String),
    Deviation(String),
    Subcontract(String),
    ApproveArrangement(String),
    MoveSample(String),
    DisposeSample(String),
    Receive(String),
    /// A spot check's sampling record, asked for when the registration form is submitted.
    Sampling(Box<(crate::store::NewOrder, crate::store::Registration)>),
    /// A licence on the enterprise's quality file (its credit code).
    Licence(String),
    /// A complaint against the enterprise (its credit code).
    Complaint(String),
    /// Taking one of the enterprise's licences off its file (its credit code, and the numbers
    /// of the licences offered, in the form's order).
    RemoveLicence(String, Vec<String>),
}

/// Calibration results as stored (the certificate's words); shown in the user's language.
const RESULTS: [&str; 3] = ["合格", "准用", "不合格"];
const RESULTS_EN: [&str; 3] = ["pass", "limited", "fail"];
/// Where a sample may be moved from the order page (disposal has its own form).
const MOVES: [SampleLocation; 4] = [
    SampleLocation::InTest,
    SampleLocation::Retained,
    SampleLocation::Released,
    SampleLocation::Received,
];

pub(super) fn required(label: &str) -> Field {
    Field::text(label, Check::Required)
}

pub(super) fn optional(label: &str) -> Field {
    Field::text(label, Check::None)
}

pub(super) fn prefilled(label: &str, check: Check, value: &str) -> Field {
    let mut f = Field::text(label, check);
    if let Field::Text { input, .. } = &mut f {
        input.set(value);
    }
    f
}

pub(super) fn choice(label: &str, options: Vec<String>) -> Field {
    Field::Choice {
        label: label.to_string(),
        options,
        sel: 0,
    }
}

fn open(app: &mut App, kind: RecordPrompt, title: String, fields: Vec<Field>) {
    app.popup = Some(Popup::Prompt(Prompt::new(
        PromptKind::Record(kind),
        title,
        fields,
    )));
}

pub fn new_instrument(app: &mut App) {
    let t = |s| app.t(s);
    let fields = vec![
        required(t(S::IId)),
        required(t(S::IName)),
        optional(t(S::IKind)),
        optional(t(S::IModel)),
        optional(t(S::ISerial)),
        required(t(S::IDue)),
        optional(t(S::ILocation)),
    ];
    let title = app.t(S::INewTitle).to_string();
    open(app, RecordPrompt::NewInstrument, title, fields);
}

pub fn calibrate(app: &mut App, id: &str) {
    let today = app.today().to_string();
    let results = if app.lang.english() {
        RESULTS_EN
    } else {
        RESULTS
    };
    let t = |s| app.t(s);
    let fields = vec![
        required(t(S::ICertificate)),
        optional(t(S::IBody)),
        prefilled(t(S::ICalDate), Check::Required, &today),
        required(t(S::IDue)),
        choice(
            t(S::IResult),
            results.iter().map(|s| s.to_string()).collect(),
        ),
        optional(t(S::ICorrection)),
    ];
    let title = app.lang.f(S::ICalTitle, &[&id]);
    open(app, RecordPrompt::Calibrate(id.to_string()), title, fields);
}

pub fn check_instrument(app: &mut App, id: &str) {
    let today = app.today().to_string();
    let t = |s| app.t(s);
    let fields = vec![
        prefilled(t(S::ICheckDate), Check::Required, &today),
        choice(
            t(S::IResult),
            vec![t(S::IPassed).to_string(), t(S::IFailed).to_string()],
        ),
        optional(t(S::ICheckNote)),
    ];
    let title = app.lang.f(S::ICheckTitle, &[&id]);
    open(
        app,
        RecordPrompt::CheckInstrument(id.to_string()),
        title,
        fields,
    );
}

pub fn instrument_status(app: &mut App, i: &Instrument) {
    let l = app.lang;
    let options = InstrumentStatus::ALL
        .iter()
        .map(|s| if l.english() { s.en() } else { s.zh() }.to_string())
        .collect();
    let mut status = choice(l.t(S::IStatus), options);
    if let Field::Choice { sel, .. } = &mut status {
        *sel = InstrumentStatus::ALL
            .iter()
            .position(|s| *s == i.status)
            .unwrap_or(0);
    }
    let fields = vec![status, required(l.t(S::ColReason))];
    let title = l.f(S::IStatusTitle, &[&i.id]);
    open(
        app,
        RecordPrompt::InstrumentStatus(i.id.clone()),
        title,
        fields,
    );
}

/// The sampling record (抽样单) of a spot check being registered. The sample quantity starts as
/// the registration form's; the sampled unit as the producer (else the client) chosen.
pub fn sampling(app: &mut App, new: crate::store::NewOrder, reg: crate::store::Registration) {
    let today = app.today().to_string();
    let unit = new.producer.clone().unwrap_or_else(|| new.client.clone());
    let quantity = new.sample.quantity.clone();
    let t = |s| app.t(s);
    let fields = vec![
        required(t(S::STask)),
        required(t(S::SSamplers)),
        prefilled(t(S::SDate), Check::Required, &today),
        required(t(S::SPlace)),
        prefilled(t(S::SUnit), Check::Required, &unit),
        required(t(S::SLot)),
        prefilled(t(S::SQuantity), Check::Required, &quantity),
        required(t(S::SReserve)),
        required(t(S::SReserveAt)),
        required(t(S::SSeal)),
        optional(app.t(crate::tui::i18n_desk::D::SFormNumber)),
        optional(app.t(crate::tui::i18n_desk::D::SConfirmed)),
    ];
    let title = app.t(S::STitle).to_string();
    open(
        app,
        RecordPrompt::Sampling(Box::new((new, reg))),
        title,
        fields,
    );
}

fn items(order: &Order, only: impl Fn(&str) -> bool) -> Vec<String> {
    order
        .items
        .iter()
        .map(|i| i.code.clone())
        .filter(|c| only(c))
        .collect()
}

pub fn deviation(app: &mut App, order: &Order) {
    let t = |s| app.t(s);
    let fields = vec![
        choice(t(S::OItem), items(order, |_| true)),
        required(t(S::ODevText)),
    ];
    let title = app.lang.f(S::ODevTitle, &[&order.number]);
    open(
        app,
        RecordPrompt::Deviation(order.number.clone()),
        title,
        fields,
    );
}

pub fn subcontract(app: &mut App, order: &Order) {
    let t = |s| app.t(s);
    let fields = vec![
        choice(t(S::OItem), items(order, |_| true)),
        required(t(S::OSubLab)),
        required(t(S::OSubAcc)),
    ];
    let title = app.lang.f(S::OSubTitle, &[&order.number]);
    open(
        app,
        RecordPrompt::Subcontract(order.number.clone()),
        title,
        fields,
    );
}

pub fn approve_arrangement(app: &mut App, order: &Order) {
    let pending = order.unapproved_arrangements();
    let fields = vec![choice(
        app.t(S::OItem),
        items(order, |c| pending.iter().any(|p| p == c)),
    )];
    let title = app.lang.f(S::OApproveTitle, &[&order.number]);
    open(
        app,
        RecordPrompt::ApproveArrangement(order.number.clone()),
        title,
        fields,
    );
}

pub fn move_sample(app: &mut App, order: &Order) {
    let l = app.lang;
    let options = MOVES
        .iter()
        .map(|m| if l.english() { m.en() } else { m.zh() }.to_string())
        .collect();
    let fields = vec![
        choice(l.t(S::OMoveTo), options),
        optional(l.t(S::OPlace)),
        optional(l.t(S::ONote)),
    ];
    let title = l.f(S::OMoveTitle, &[&order.number]);
    open(
        app,
        RecordPrompt::MoveSample(order.number.clone()),
        title,
        fields,
    );
}

/// The receipt: the day (today unless the sample came in earlier), its state (as registered
/// unless it differs), the seal, and where it is put (the sample room when left blank).
pub fn receive(app: &mut App, order: &Order) {
    let today = app.today().to_string();
    let t = |s| app.t(s);
    let fields = vec![
        prefilled(t(S::ORecDate), Check::Required, &today),
        prefilled(t(S::ORecState), Check::None, &order.sample.condition),
        optional(t(S::ORecSeal)),
        optional(t(S::OPlace)),
    ];
    let title = app
        .lang
        .f(S::ORecTitle, &[&order.number, &order.sample.name]);
    open(
        app,
        RecordPrompt::Receive(order.number.clone()),
        title,
        fields,
    );
}

pub fn dispose_sample(app: &mut App, order: &Order) {
    let t = |s| app.t(s);
    let fields = vec![required(t(S::ODisposeMethod)), required(t(S::OWitness))];
    let title = app.lang.f(S::ODisposeTitle, &[&order.number]);
    open(
        app,
        RecordPrompt::DisposeSample(order.number.clone()),
        title,
        fields,
    );
}

pub(super) fn sel(p: &Prompt, i: usize) -> usize {
    match p.fields.get(i) {
        Some(Field::Choice { sel, .. }) => *sel,
        _ => 0,
    }
}

pub(super) fn date(app: &App, text: &str) -> Result<NaiveDate, String> {
    text.trim()
        .parse::<NaiveDate>()
        .map_err(|_| app.lang.f(S::BBadDate, &[&text]))
}

fn record(e: RecordEffect) -> Vec<Effect> {
    vec![Effect::Record(Box::new(e))]
}

/// The write a filled form asks for, or what is wrong with it.
pub fn submit(app: &mut App, p: &Prompt, kind: &RecordPrompt) -> Result<Vec<Effect>, String> {
    Ok(match kind {
        RecordPrompt::Bench { kind } => {
            crate::tui::screens::bench::apply(app, p, kind.as_deref())?;
            Vec::new()
        }
        RecordPrompt::NewInstrument => {
            let due = date(app, &p.text(5))?;
            record(RecordEffect::AddInstrument(Box::new(Instrument {
                id: p.text(0),
                name: p.text(1),
                kind: p.text(2),
                model: p.text(3),
                serial: p.text(4),
                maker: String::new(),
                range: String::new(),
                resolution: String::new(),
                location: p.text(6),
                status: InstrumentStatus::InUse,
                initial_due: due,
                calibrations: Vec::new(),
                checks: Vec::new(),
                revision: 0,
            })))
        }
        RecordPrompt::Calibrate(id) => record(RecordEffect::Calibrate {
            id: id.clone(),
            calibration: NewCalibration {
                certificate: p.text(0),
                body: p.text(1),
                date: date(app, &p.text(2))?,
                due: date(app, &p.text(3))?,
                result: RESULTS.get(sel(p, 4)).unwrap_or(&"合格").to_string(),
                correction: p.text(5),
            },
        }),
        RecordPrompt::CheckInstrument(id) => record(RecordEffect::CheckInstrument {
            id: id.clone(),
            date: date(app, &p.text(0))?,
            passed: sel(p, 1) == 0,
            note: p.text(2),
        }),
        RecordPrompt::InstrumentStatus(id) => record(RecordEffect::SetInstrumentStatus {
            id: id.clone(),
            status: InstrumentStatus::ALL
                .get(sel(p, 0))
                .copied()
                .unwrap_or_default(),
            reason: p.text(1),
        }),
        RecordPrompt::Deviation(order) => record(RecordEffect::SetArrangement {
            order: order.clone(),
            item: p.text(0),
            input: ArrangementInput::Deviation(p.text(1)),
        }),
        RecordPrompt::Subcontract(order) => record(RecordEffect::SetArrangement {
            order: order.clone(),
            item: p.text(0),
            input: ArrangementInput::Subcontract {
                lab: p.text(1),
                accreditation: p.text(2),
            },
        }),
        RecordPrompt::ApproveArrangement(order) => record(RecordEffect::ApproveArrangement {
            order: order.clone(),
            item: p.text(0),
        }),
        RecordPrompt::MoveSample(order) => record(RecordEffect::MoveSample {
            order: order.clone(),
            to: MOVES
                .get(sel(p, 0))
                .copied()
                .unwrap_or(SampleLocation::Retained),
            place: p.text(1),
            note: p.text(2),
        }),
        RecordPrompt::Sampling(pending) => {
            let (new, mut reg) = (**pending).clone();
            reg.sampling = Some(crate::model::sampling::SamplingInput {
                task: p.text(0).trim().to_uppercase(),
                form_number: p.text(10),
                samplers: p
                    .text(1)
                    .split([',', '，', '、'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                date: Some(date(app, &p.text(2))?),
                place: p.text(3),
                sampled_unit: p.text(4).trim().to_uppercase(),
                lot_size: p.text(5),
                sample_quantity: p.text(6),
                reserve_quantity: p.text(7),
                reserve_location: p.text(8),
                seal: p.text(9),
                confirmed_by: p.text(11),
            });
            vec![Effect::Register(Box::new(new), Box::new(reg))]
        }
        RecordPrompt::Receive(order) => {
            let some = |t: String| (!t.is_empty()).then_some(t);
            record(RecordEffect::Receive {
                order: order.clone(),
                input: crate::model::custody::ReceiptInput {
                    date: Some(date(app, &p.text(0))?),
                    state: some(p.text(1)),
                    seal: some(p.text(2)),
                    place: some(p.text(3)),
                },
            })
        }
        RecordPrompt::Licence(code) => super::quality_forms::submit_licence(app, p, code)?,
        RecordPrompt::Complaint(code) => super::quality_forms::submit_complaint(app, p, code)?,
        RecordPrompt::RemoveLicence(code, numbers) => {
            super::quality_forms::submit_removal(p, code, numbers)
        }
        RecordPrompt::DisposeSample(order) => record(RecordEffect::DisposeSample {
            order: order.clone(),
            method: p.text(0),
            witness: p.text(1),
        }),
    })
}
