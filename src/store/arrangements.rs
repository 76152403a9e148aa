//! Deviations from a method and subcontracted items: entered by the technician or clerk,
//! approved by a signatory before the order may be approved, printed on the certificate.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::orders::{not_found, save, signature};
use super::{Result, Store, StoreError, ORDERS};
use crate::model::arrangement::{Deviation, Subcontract};
use crate::model::{Order, OrderStatus, Role, User};
use crate::msg;

/// Record (or extend) an item's deviation from a result entry's conditions; it needs approval
/// again.
pub(crate) fn note_deviation(order: &mut Order, item: &str, text: &str, actor: &User) {
    let a = order.arrangements.entry(item.to_string()).or_default();
    let text = match &a.deviation {
        Some(d) if !d.text.contains(text) => format!("{}；{text}", d.text),
        _ => text.to_string(),
    };
    a.deviation = Some(Deviation {
        text,
        entered_by: actor.login.clone(),
        approved: None,
    });
}

/// What a person asks to record about an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrangementInput {
    Deviation(String),
    Subcontract { lab: String, accreditation: String },
}

impl Store {
    /// Record a deviation or a subcontract for one item, before review.
    pub fn set_arrangement(
        &self,
        actor: &User,
        number: &str,
        item: &str,
        input: &ArrangementInput,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        if !(actor.has(Role::Technician) || actor.has(Role::Clerk)) {
            let who = &actor.login;
            return Err(StoreError::Refused(msg!(
                "记录偏离或分包需要“检验员”或“收样员”角色，{who} 没有",
                "Recording a deviation or subcontract needs the technician or clerk role; {who} has neither"
            )));
        }
        let (op, after) = match input {
            ArrangementInput::Deviation(text) => {
                crate::model::text::check_required(["偏离说明", "Deviation"], text)?;
                ("order.deviation", json!({"item": item, "deviation": text}))
            }
            ArrangementInput::Subcontract { lab, accreditation } => {
                crate::model::text::check_required(["分包实验室", "Subcontractor"], lab)?;
                crate::model::text::check_required(
                    ["分包方资质证书编号", "Subcontractor's accreditation number"],
                    accreditation,
                )?;
                (
                    "order.subcontract",
                    json!({"item": item, "lab": lab, "accreditation": accreditation}),
                )
            }
        };
        self.arrangement_write(
            actor,
            number,
            item,
            (op, after),
            |o| {
                if o.status > OrderStatus::InTesting {
                    let s = o.status.zh();
                    let e = o.status.en();
                    return Err(StoreError::Refused(msg!(
                        "委托单已“{s}”，偏离和分包须在提交审核前记录",
                        "The order is {e}: deviations and subcontracts are recorded before review"
                    )));
                }
                let a = o.arrangements.entry(item.to_string()).or_default();
                match input {
                    ArrangementInput::Deviation(text) => {
                        a.deviation = Some(Deviation {
                            text: text.trim().to_string(),
                            entered_by: actor.login.clone(),
                            approved: None,
                        })
                    }
                    ArrangementInput::Subcontract { lab, accreditation } => {
                        a.subcontract = Some(Subcontract {
                            lab: lab.trim().to_string(),
                            accreditation: accreditation.trim().to_string(),
                            entered_by: actor.login.clone(),
                            approved: None,
                        })
                    }
                }
                Ok(())
            },
            now,
        )
    }

    /// A signatory approves an item's deviation and subcontract.
    pub fn approve_arrangement(
        &self,
        actor: &User,
        number: &str,
        item: &str,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        super::users::require(
            actor,
            Role::Signatory,
            ("批准偏离或分包", "Approving a deviation or subcontract"),
        )?;
        let after = json!({"item": item, "approved_by": actor.login});
        self.arrangement_write(
            actor,
            number,
            item,
            ("order.arrangement.approve", after),
            |o| {
                if !actor.authorised_for(&o.standard.field) {
                let (who, field) = (&actor.login, &o.standard.field);
                return Err(StoreError::Refused(msg!(
                    "{who} 未被授权签发“{field}”领域的报告，不能批准其偏离或分包",
                    "{who} is not authorised for “{field}” and cannot approve its deviations or subcontracts"
                )));
            }
            let sig = signature(actor, now);
                let a = o
                    .arrangements
                    .get_mut(item)
                    .filter(|a| a.unapproved())
                    .ok_or_else(|| {
                        StoreError::Refused(msg!(
                            "项目 {item} 没有待批准的偏离或分包",
                            "Item {item} has no deviation or subcontract waiting for approval"
                        ))
                    })?;
                if let Some(d) = a.deviation.as_mut().filter(|d| d.approved.is_none()) {
                    d.approved = Some(sig.clone());
                }
                if let Some(s) = a.subcontract.as_mut().filter(|s| s.approved.is_none()) {
                    s.approved = Some(sig);
                }
                Ok(())
            },
            now,
        )
    }

    fn arrangement_write(
        &self,
        actor: &User,
        number: &str,
        item: &str,
        (op, after): (&str, serde_json::Value),
        apply: impl FnOnce(&mut Order) -> Result<()>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        let mut tx = self.begin(&actor.login, now)?;
        let mut order: Order = tx
            .get(ORDERS, number, &format!("委托单 {number}"))?
            .ok_or_else(|| not_found(number))?;
        crate::workflow::same_site(&order, actor)?;
        if order.item(item).is_none() {
            return Err(StoreError::Refused(msg!(
                "委托单 {number} 没有项目“{item}”",
                "Order {number} has no item “{item}”"
            )));
        }
        apply(&mut order)?;
        order.revision += 1;
        tx.audit(op, number, None, Some(after), None)?;
        save(&mut tx, &order)?;
        tx.commit()?;
        Ok(order)
    }
}
