//! Who an order is for, checked at registration: the client and producer from the enterprise
//! file, and for a spot check (监督抽查) its sampling record and task. A blacklisted enterprise
//! is never refused outright — spot checks target exactly those more often — but a commissioned
//! test for one needs a reason, recorded with the order.

use super::tasks::TASKS;
use super::{NewOrder, Registration, Result, StoreError, Tx, ENTERPRISES};
use crate::inspection::InspectionType;
use crate::model::enterprise::Party;
use crate::model::sampling::{SamplingInput, SamplingRecord};
use crate::model::task::SupervisionTask;
use crate::model::Enterprise;
use crate::msg;

/// The parties of a new order and, for a spot check, its sampling record; `new` as the order
/// will be registered (a spot check takes its standard, grade and product from its task).
pub(crate) struct Parties {
    pub client: Party,
    pub producer: Option<Party>,
    pub sampling: Option<SamplingRecord>,
    pub blacklist_reason: Option<String>,
    pub new: NewOrder,
}

fn enterprise(tx: &Tx, code: &str, role: (&str, &str)) -> Result<Enterprise> {
    let (zh, en) = role;
    tx.get(ENTERPRISES, code, "企业")?.ok_or_else(|| {
        StoreError::Refused(msg!(
            "{zh}“{code}”未登记；请先 unilab enterprise add",
            "{en} “{code}” is not registered; add it first (unilab enterprise add)"
        ))
    })
}

pub(crate) fn parties(tx: &Tx, new: &NewOrder, reg: &Registration) -> Result<Parties> {
    if new.inspection_type == InspectionType::Supervision {
        return spot_check(tx, new, reg);
    }
    let reason = reg
        .blacklist_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let mut flagged = false;
    let mut party = |code: &str, role: (&str, &str)| -> Result<Party> {
        let e = enterprise(tx, code, role)?;
        if let Some(why) = &e.blacklist {
            if reason.is_none() {
                let ((zh, en), name) = (role, &e.name);
                return Err(StoreError::Refused(msg!(
                    "{zh}“{name}”在黑名单中：{why}；如仍受理，请说明原因（--blacklist-reason）",
                    "{en} “{name}” is blacklisted: {why}; to accept the order anyway, give a reason (--blacklist-reason)"
                )));
            }
            flagged = true;
        }
        Ok(Party::from(&e))
    };
    let client = party(&new.client, ("委托单位", "Client"))?;
    let producer = new
        .producer
        .as_deref()
        .map(|p| party(p, ("生产单位", "Producer")))
        .transpose()?;
    if let Some(r) = reason {
        crate::model::text::check_text(["原因", "Reason"], r)?;
    }
    Ok(Parties {
        client,
        producer,
        sampling: None,
        blacklist_reason: reason.filter(|_| flagged).map(str::to_string),
        new: new.clone(),
    })
}

/// A spot check: the sampling record complete, its task on file, the order judged by the
/// task's standard edition and grade (三统一), the sampled unit and labelled producer on file
/// (blacklisted or not), the client the organising authority unless one is named.
fn spot_check(tx: &Tx, new: &NewOrder, reg: &Registration) -> Result<Parties> {
    let input = reg.sampling.clone().unwrap_or_default();
    input.check()?;
    let task: SupervisionTask = tx
        .get(TASKS, input.task.trim(), "抽查任务")?
        .ok_or_else(|| {
            let t = input.task.trim();
            StoreError::Refused(msg!(
                "没有抽查任务“{t}”（unilab task list）",
                "No supervision task “{t}” (unilab task list)"
            ))
        })?;
    let mut effective = new.clone();
    let key = crate::catalog::code_key;
    if !new.standard.trim().is_empty() && key(&new.standard) != key(&task.standard) {
        let (t, s, given) = (&task.number, &task.standard, &new.standard);
        return Err(StoreError::Refused(msg!(
            "抽查任务 {t} 规定按 {s} 检验，不能按 {given} 登记",
            "Task {t} is tested to {s}; the order cannot be registered under {given}"
        )));
    }
    effective.standard = task.standard.clone();
    effective.grade = task.grade.clone();
    if effective.spec.is_none() {
        effective.spec = task.spec.clone();
    }
    if effective.sample.name.trim().is_empty() {
        effective.sample.name = task.product.clone();
    }
    let date = input.date.unwrap_or_default();
    let today = tx.now.date_naive();
    if date > today {
        return Err(StoreError::Refused(msg!(
            "抽样日期 {date} 在今天（{today}）之后",
            "Sampling date {date} is after today ({today})"
        )));
    }
    let unit = enterprise(tx, input.sampled_unit.trim(), ("受检单位", "Sampled unit"))?;
    let producer = new
        .producer
        .as_deref()
        .map(|p| enterprise(tx, p, ("标称生产者", "Labelled producer")).map(|e| Party::from(&e)))
        .transpose()?;
    let client = if new.client.trim().is_empty() {
        Party {
            credit_code: String::new(),
            name: task.authority.clone(),
            address: String::new(),
        }
    } else {
        Party::from(&enterprise(tx, &new.client, ("委托单位", "Client"))?)
    };
    Ok(Parties {
        client,
        producer,
        sampling: Some(record(input, &task, Party::from(&unit))),
        blacklist_reason: None,
        new: effective,
    })
}

fn record(input: SamplingInput, task: &SupervisionTask, unit: Party) -> SamplingRecord {
    SamplingRecord {
        form_number: input.form_number.trim().to_string(),
        task: task.number.clone(),
        samplers: input
            .samplers
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        date: input.date.unwrap_or_default(),
        place: input.place.trim().to_string(),
        sampled_unit: unit,
        lot_size: input.lot_size.trim().to_string(),
        sample_quantity: input.sample_quantity.trim().to_string(),
        reserve_quantity: input.reserve_quantity.trim().to_string(),
        reserve_location: input.reserve_location.trim().to_string(),
        seal: input.seal.trim().to_string(),
        confirmed_by: input.confirmed_by.trim().to_string(),
    }
}
