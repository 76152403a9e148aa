//! The equipment register: instruments, their calibrations and intermediate checks, and the
//! status changes that take one out of service. Each write is audited like any record.

use super::engine::Table;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::users::require;
use super::{Result, Store, StoreError, Tx};
use crate::model::instrument::{Calibration, IntermediateCheck};
use crate::model::{Instrument, InstrumentStatus, Order, Role, User};
use crate::msg;

pub(crate) const INSTRUMENTS: Table = Table::new("instruments");

/// A calibration as entered (the store adds who recorded it and when).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCalibration {
    pub certificate: String,
    pub body: String,
    pub date: NaiveDate,
    pub due: NaiveDate,
    pub result: String,
    pub correction: String,
}

pub(crate) fn no_instrument(id: &str) -> StoreError {
    StoreError::NotFound(msg!(
        "设备台账中没有设备“{id}”（unilab instrument list 可查看）",
        "No instrument “{id}” in the register (see unilab instrument list)"
    ))
}

fn load(tx: &Tx, id: &str) -> Result<Instrument> {
    tx.get(INSTRUMENTS, id, "设备")?
        .ok_or_else(|| no_instrument(id))
}

/// Whether a calibration result means the instrument failed (不合格).
fn failed(result: &str) -> bool {
    let r = result.trim();
    r.contains("不合格") || r.eq_ignore_ascii_case("fail") || r.eq_ignore_ascii_case("failed")
}

impl Store {
    pub fn instrument(&self, id: &str) -> Result<Instrument> {
        self.read(INSTRUMENTS, id, &format!("设备 {id}"))?
            .ok_or_else(|| no_instrument(id))
    }

    pub fn instruments(&self) -> Result<Vec<Instrument>> {
        self.read_all(INSTRUMENTS, "设备")
    }

    /// Register an instrument (设备管理: an administrator).
    pub fn add_instrument(
        &self,
        actor: &User,
        mut i: Instrument,
        now: DateTime<Utc>,
    ) -> Result<Instrument> {
        require(
            actor,
            Role::Admin,
            ("登记设备", "Registering an instrument"),
        )?;
        if i.kind.trim().is_empty() {
            i.kind = i.name.clone();
        }
        i.validate()?;
        let mut tx = self.begin(&actor.login, now)?;
        if tx.get::<Instrument>(INSTRUMENTS, &i.id, "设备")?.is_some() {
            let id = &i.id;
            return Err(StoreError::Refused(msg!(
                "设备编号“{id}”已存在",
                "Instrument id “{id}” already exists"
            )));
        }
        i.revision = 1;
        i.calibrations.clear();
        i.checks.clear();
        tx.put(INSTRUMENTS, &i.id, &i)?;
        tx.audit(
            "instrument.add",
            &i.id,
            None,
            Some(json!({"name": i.name, "kind": i.kind, "serial": i.serial,
                        "status": i.status.key(), "due": i.initial_due})),
            None,
        )?;
        tx.commit()?;
        Ok(i)
    }

    /// Record a calibration or verification. A failing result takes the instrument out of
    /// service; a passing one on an out-of-service instrument leaves it so until an
    /// administrator puts it back in use (someone must decide).
    pub fn calibrate_instrument(
        &self,
        actor: &User,
        id: &str,
        c: NewCalibration,
        now: DateTime<Utc>,
    ) -> Result<Instrument> {
        require(
            actor,
            Role::Admin,
            ("登记检定/校准", "Recording a calibration"),
        )?;
        crate::model::text::check_required(["证书编号", "Certificate number"], &c.certificate)?;
        for (f, v) in [
            (["检定/校准机构", "Calibration body"], &c.body),
            (["结论", "Result"], &c.result),
            (["修正值/不确定度", "Correction/uncertainty"], &c.correction),
        ] {
            crate::model::text::check_text(f, v)?;
        }
        if c.due < c.date {
            let (d, u) = (c.date, c.due);
            return Err(StoreError::Refused(msg!(
                "有效期至 {u} 早于检定/校准日期 {d}",
                "Due date {u} is before the calibration date {d}"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut i = load(&tx, id)?;
        let before = json!({"due": i.due(), "status": i.status.key()});
        if failed(&c.result) {
            i.status = InstrumentStatus::OutOfService;
        }
        i.calibrations.push(Calibration {
            certificate: c.certificate.clone(),
            body: c.body,
            date: c.date,
            due: c.due,
            result: c.result,
            correction: c.correction,
            recorded_by: actor.login.clone(),
            recorded_at: tx.now,
        });
        i.revision += 1;
        tx.put(INSTRUMENTS, id, &i)?;
        tx.audit(
            "instrument.calibrate",
            id,
            Some(before),
            Some(
                json!({"certificate": c.certificate, "date": c.date, "due": i.due(),
                        "status": i.status.key()}),
            ),
            None,
        )?;
        tx.commit()?;
        Ok(i)
    }

    /// Record an intermediate check (期间核查); a failed one stops the instrument's use from
    /// that day until it is calibrated again.
    #[allow(clippy::too_many_arguments)]
    pub fn check_instrument(
        &self,
        actor: &User,
        id: &str,
        date: NaiveDate,
        passed: bool,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Instrument> {
        if !(actor.has(Role::Admin) || actor.has(Role::Technician)) {
            require(
                actor,
                Role::Technician,
                ("登记期间核查", "Recording an intermediate check"),
            )?;
        }
        crate::model::text::check_text(["核查记录", "Check note"], note)?;
        if date > now.date_naive() {
            return Err(StoreError::Refused(msg!(
                "核查日期 {date} 在今天之后",
                "Check date {date} is after today"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut i = load(&tx, id)?;
        i.checks.push(IntermediateCheck {
            date,
            passed,
            note: note.to_string(),
            by: actor.login.clone(),
        });
        i.revision += 1;
        tx.put(INSTRUMENTS, id, &i)?;
        tx.audit(
            "instrument.check",
            id,
            None,
            Some(json!({"date": date, "passed": passed, "note": note})),
            None,
        )?;
        tx.commit()?;
        Ok(i)
    }

    /// Put an instrument in use, limit it or take it out of service, with a reason.
    pub fn set_instrument_status(
        &self,
        actor: &User,
        id: &str,
        status: InstrumentStatus,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Instrument> {
        require(
            actor,
            Role::Admin,
            ("更改设备状态", "Changing an instrument's status"),
        )?;
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "更改设备状态须说明原因（--reason）",
                "Changing an instrument's status needs a reason (--reason)"
            )));
        }
        crate::model::text::check_text(["原因", "Reason"], reason)?;
        let mut tx = self.begin(&actor.login, now)?;
        let mut i = load(&tx, id)?;
        let before = i.status;
        i.status = status;
        i.revision += 1;
        tx.put(INSTRUMENTS, id, &i)?;
        tx.audit(
            "instrument.status",
            id,
            Some(json!({"status": before.key()})),
            Some(json!({"status": status.key()})),
            Some(reason),
        )?;
        tx.commit()?;
        Ok(i)
    }

    /// What a reviewer must see about the instruments behind an order's current results: a
    /// test period that runs past an instrument's due date, and an instrument that failed an
    /// intermediate check or went out of service after it was used.
    pub fn instrument_flags(&self, order: &Order) -> Result<Vec<crate::message::Msg>> {
        let mut out = Vec::new();
        for (code, r) in &order.results {
            let Some(e) = r.current() else { continue };
            let tested = e.bench.tested_on.unwrap_or(e.entered_at.date_naive());
            let last = e.bench.last_day().unwrap_or(tested);
            for u in &e.bench.instruments {
                let (id, due) = (&u.id, u.due);
                if due < last {
                    out.push(msg!(
                        "{code} 的检测从 {tested} 持续到 {last}，所用设备 {id} 检定/校准有效期至 {due}，已跨过有效期",
                        "{code} was tested from {tested} to {last}; instrument {id} was due for calibration on {due}, within that time"
                    ));
                }
                let Ok(now) = self.instrument(&u.id) else {
                    continue;
                };
                if let Some(c) = now.checks.iter().find(|c| !c.passed && c.date >= tested) {
                    let d = c.date;
                    out.push(msg!(
                        "{code} 所用设备 {id} 于 {d} 期间核查不合格（检测日期 {tested}），须评估对结果的影响",
                        "Instrument {id} used for {code} failed an intermediate check on {d} (tested {tested}); assess the effect on the result"
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// Look up the instruments named for a test and check each may be used on `day`.
pub(crate) fn usable(tx: &Tx, ids: &[String], day: NaiveDate) -> Result<Vec<Instrument>> {
    let mut out: Vec<Instrument> = Vec::new();
    for id in ids {
        let id = id.trim();
        if id.is_empty() || out.iter().any(|i| i.id == id) {
            continue;
        }
        let i = load(tx, id)?;
        if let Some(why) = i.refusal_on(day) {
            return Err(StoreError::Refused(why));
        }
        out.push(i);
    }
    Ok(out)
}
