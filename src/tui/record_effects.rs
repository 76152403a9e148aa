//! The store writes of the lab records (issue 12): the equipment register, the checker's step,
//! deviations and subcontracts, and the sample's custody. Kept apart from `effects.rs` so each
//! file holds one concept; a refusal comes back as an error and the prompt that led to it stays
//! open with everything typed.

use chrono::{DateTime, NaiveDate, Utc};

use super::app::App;
use super::i18n::S;
use crate::model::custody::{ReceiptInput, SampleLocation};
use crate::model::{Instrument, InstrumentStatus, User};
use crate::store::{ArrangementInput, NewCalibration, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordEffect {
    AddInstrument(Box<Instrument>),
    Calibrate {
        id: String,
        calibration: NewCalibration,
    },
    CheckInstrument {
        id: String,
        date: NaiveDate,
        passed: bool,
        note: String,
    },
    SetInstrumentStatus {
        id: String,
        status: InstrumentStatus,
        reason: String,
    },
    CheckOrder(String),
    Receive {
        order: String,
        input: ReceiptInput,
    },
    SetArrangement {
        order: String,
        item: String,
        input: ArrangementInput,
    },
    ApproveArrangement {
        order: String,
        item: String,
    },
    MoveSample {
        order: String,
        to: SampleLocation,
        place: String,
        note: String,
    },
    DisposeSample {
        order: String,
        method: String,
        witness: String,
    },
    AddLicence {
        code: String,
        input: crate::model::quality_file::LicenceInput,
    },
    RemoveLicence {
        code: String,
        number: String,
        reason: String,
    },
    RecordComplaint {
        code: String,
        input: crate::model::quality_file::ComplaintInput,
    },
}

fn rev(app: &App, number: &str) -> Option<u64> {
    app.data
        .order
        .as_ref()
        .filter(|o| o.number == number)
        .map(|o| o.revision)
}

/// Carry out one record write; the caller closes the prompt and reloads on success.
pub fn write(
    app: &mut App,
    store: &Store,
    user: &User,
    effect: RecordEffect,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<crate::model::Order>> {
    let l = app.lang;
    let mut order = None;
    match effect {
        RecordEffect::AddInstrument(i) => {
            let i = store.add_instrument(user, *i, now)?;
            app.info(l.f(S::IAdded, &[&i.id]));
        }
        RecordEffect::Calibrate { id, calibration } => {
            store.calibrate_instrument(user, &id, calibration, now)?;
            app.info(l.f(S::ICalibrated, &[&id]));
        }
        RecordEffect::CheckInstrument {
            id,
            date,
            passed,
            note,
        } => {
            store.check_instrument(user, &id, date, passed, &note, now)?;
            app.info(l.f(S::IChecked, &[&id]));
        }
        RecordEffect::SetInstrumentStatus { id, status, reason } => {
            store.set_instrument_status(user, &id, status, &reason, now)?;
            let word = if l.english() {
                status.en()
            } else {
                status.zh()
            };
            app.info(l.f(S::IStatusSet, &[&id, &word]));
        }
        RecordEffect::Receive { order: n, input } => {
            order = Some(store.receive_with(user, &n, &input, rev(app, &n), now)?);
            app.info(l.f(S::AReceived, &[&n]));
        }
        RecordEffect::CheckOrder(n) => {
            order = Some(store.check_order(user, &n, rev(app, &n), now)?);
            app.info(l.f(S::OChecked, &[&n]));
        }
        RecordEffect::SetArrangement {
            order: n,
            item,
            input,
        } => {
            order = Some(store.set_arrangement(user, &n, &item, &input, now)?);
            app.info(l.f(S::OArrangementSaved, &[&item]));
        }
        RecordEffect::ApproveArrangement { order: n, item } => {
            order = Some(store.approve_arrangement(user, &n, &item, now)?);
            app.info(l.f(S::OArrangementApproved, &[&item]));
        }
        RecordEffect::MoveSample {
            order: n,
            to,
            place,
            note,
        } => {
            order = Some(store.move_sample(user, &n, to, &place, &note, now)?);
            let word = if l.english() { to.en() } else { to.zh() };
            app.info(l.f(S::OMoved, &[&word]));
        }
        RecordEffect::DisposeSample {
            order: n,
            method,
            witness,
        } => {
            order = Some(store.dispose_sample(user, &n, &method, &witness, None, now)?);
            app.info(l.f(S::ODisposedOk, &[&method]));
        }
        RecordEffect::AddLicence { code, input } => {
            store.add_licence(user, &code, &input, now)?;
            let number = input.number.trim();
            app.info(super::i18n_file::Q::LicenceAdded.f(l, &[&number]));
        }
        RecordEffect::RemoveLicence {
            code,
            number,
            reason,
        } => {
            store.remove_licence(user, &code, &number, &reason, now)?;
            app.info(super::i18n_file::Q::LicenceRemoved.f(l, &[&number]));
        }
        RecordEffect::RecordComplaint { code, input } => {
            let e = store.record_complaint(user, &code, &input, now)?;
            let n = e.quality.complaints.len();
            app.info(super::i18n_file::Q::ComplaintAdded.f(l, &[&n]));
        }
    }
    Ok(order)
}
