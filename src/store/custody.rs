//! Sample custody in the store: receipt, moves between the sample room, the bench and
//! retention, and disposal with a witness once the retention period is over.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::orders::not_found;
use super::{Result, Store, StoreError, ORDERS, USERS};
use crate::model::custody::{CustodyEvent, Disposal, Receipt, ReceiptInput, SampleLocation};
use crate::model::{Lab, Order, Role, User};
use crate::msg;

const SAMPLE_ROOM: &str = "样品室";
const RETENTION_ROOM: &str = "留样室";

/// The receipt record from what the clerk gave: not dated after today nor before the order
/// was registered.
pub(crate) fn receipt(
    order: &Order,
    actor: &User,
    input: &ReceiptInput,
    now: DateTime<Utc>,
) -> Result<Receipt> {
    let today = now.date_naive();
    let date = input.date.unwrap_or(today);
    let registered = order.registered_at.date_naive();
    if date > today {
        return Err(StoreError::Refused(msg!(
            "收样日期 {date} 在今天（{today}）之后",
            "Receipt date {date} is after today ({today})"
        )));
    }
    if date < registered {
        return Err(StoreError::Refused(msg!(
            "收样日期 {date} 早于登记日期 {registered}",
            "Receipt date {date} is before the order was registered ({registered})"
        )));
    }
    let text = |v: &Option<String>, fallback: &str| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(fallback)
            .to_string()
    };
    let state = text(&input.state, &order.sample.condition);
    let seal = text(&input.seal, "/");
    crate::model::text::check_text(["样品状态", "Sample state"], &state)?;
    crate::model::text::check_text(["封样", "Seal"], &seal)?;
    Ok(Receipt {
        date,
        state,
        seal,
        by: actor.login.clone(),
    })
}

/// The sample arrives in the sample room.
pub(crate) fn arrive(order: &mut Order, actor: &User, input: &ReceiptInput, now: DateTime<Utc>) {
    let place = input
        .place
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(SAMPLE_ROOM);
    order.custody.moves.push(CustodyEvent {
        to: SampleLocation::Received,
        place: place.to_string(),
        at: now,
        by: actor.login.clone(),
        note: String::new(),
    });
}

/// The first result takes the sample to the bench.
pub(crate) fn to_bench(order: &mut Order, actor: &User, now: DateTime<Utc>) {
    if order.custody.location() == Some(SampleLocation::Received) {
        order.custody.moves.push(CustodyEvent {
            to: SampleLocation::InTest,
            place: String::new(),
            at: now,
            by: actor.login.clone(),
            note: String::new(),
        });
    }
}

/// On issue the sample goes into retention; its retention clock starts.
pub(crate) fn to_retention(order: &mut Order, actor: &User, now: DateTime<Utc>) {
    if matches!(
        order.custody.location(),
        Some(SampleLocation::Received | SampleLocation::InTest)
    ) {
        order.custody.moves.push(CustodyEvent {
            to: SampleLocation::Retained,
            place: RETENTION_ROOM.into(),
            at: now,
            by: actor.login.clone(),
            note: String::new(),
        });
    }
}

fn clerk(actor: &User, what: (&str, &str)) -> Result<()> {
    if actor.has(Role::Clerk) || actor.has(Role::Admin) {
        return Ok(());
    }
    super::users::require(actor, Role::Clerk, what)
}

impl Store {
    /// Move a sample (to the bench, into retention at a shelf, back to the client).
    pub fn move_sample(
        &self,
        actor: &User,
        number: &str,
        to: SampleLocation,
        place: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        clerk(actor, ("移动样品", "Moving a sample"))?;
        if to == SampleLocation::Disposed {
            return Err(StoreError::Refused(msg!(
                "处置样品请用 unilab sample dispose（须有见证人）",
                "Dispose of a sample with unilab sample dispose (a witness is needed)"
            )));
        }
        crate::model::text::check_text(["位置", "Place"], place)?;
        crate::model::text::check_text(["说明", "Note"], note)?;
        self.record_write(actor, number, now, "sample.move", |o, _| {
            o.custody.check_move(to)?;
            let from = o.custody.location().map(SampleLocation::key);
            o.custody.moves.push(CustodyEvent {
                to,
                place: place.trim().to_string(),
                at: now,
                by: actor.login.clone(),
                note: note.to_string(),
            });
            Ok((
                json!({"location": from}),
                json!({"location": to.key(), "place": place}),
            ))
        })
    }

    /// Dispose of a retained sample whose retention period is over, with a witness who is
    /// another active user.
    #[allow(clippy::too_many_arguments)]
    pub fn dispose_sample(
        &self,
        actor: &User,
        number: &str,
        method: &str,
        witness: &str,
        date: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        clerk(actor, ("处置样品", "Disposing of a sample"))?;
        crate::model::text::check_required(["处置方式", "Disposal method"], method)?;
        if witness == actor.login {
            return Err(StoreError::Refused(msg!(
                "见证人须是处置人以外的另一人",
                "The witness must be someone other than the person disposing"
            )));
        }
        let today = now.date_naive();
        let date = date.unwrap_or(today);
        if date > today {
            return Err(StoreError::Refused(msg!(
                "处置日期 {date} 在今天之后",
                "Disposal date {date} is after today"
            )));
        }
        self.record_write(actor, number, now, "sample.dispose", |o, tx| {
            let w: User = tx
                .get(USERS, witness, "用户")?
                .filter(|u: &User| u.active)
                .ok_or_else(|| {
                    StoreError::Refused(msg!(
                        "见证人“{witness}”不是本实验室的在用用户",
                        "Witness “{witness}” is not an active user of this lab"
                    ))
                })?;
            let lab: Lab = tx
                .meta("lab")?
                .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
            let days = lab.retention_days(&o.standard.field);
            match o.custody.location() {
                Some(SampleLocation::Retained) => {
                    let end = o.custody.retention_ends(days);
                    if let Some(end) = end.filter(|end| date <= *end) {
                        return Err(StoreError::Refused(msg!(
                            "样品留样期至 {end}（{days} 天），{date} 尚不能处置",
                            "The sample is retained until {end} ({days} days); it cannot be disposed of on {date}"
                        )));
                    }
                }
                Some(SampleLocation::Released) => {}
                other => {
                    let (z, e) = other.map_or(("未收样", "not received"), |l| (l.zh(), l.en()));
                    return Err(StoreError::Refused(msg!(
                        "样品目前“{z}”，只有留样期满或已退还的样品才能处置",
                        "The sample is {e}; only a sample whose retention is over (or one released) can be disposed of"
                    )));
                }
            }
            o.custody.moves.push(CustodyEvent {
                to: SampleLocation::Disposed,
                place: String::new(),
                at: now,
                by: actor.login.clone(),
                note: method.to_string(),
            });
            o.custody.disposal = Some(Disposal {
                date,
                method: method.trim().to_string(),
                witness: w.login.clone(),
                by: actor.login.clone(),
            });
            Ok((
                json!({"location": SampleLocation::Retained.key()}),
                json!({"location": "disposed", "date": date, "method": method, "witness": w.login}),
            ))
        })
    }

    /// Retained samples whose retention period is over on `today`, with the day it ended
    /// (for the work queue); read from the list rows of the samples retained at least as long
    /// as the shortest period, not the orders.
    pub fn samples_due_for_disposal(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<(crate::model::OrderSummary, NaiveDate)>> {
        let lab = self.lab()?;
        let Some(cut) =
            today.checked_sub_days(chrono::Days::new(u64::from(lab.shortest_retention())))
        else {
            return Ok(Vec::new());
        };
        Ok(self
            .retained_since(cut)?
            .into_iter()
            .filter_map(|s| {
                let days = u64::from(lab.retention_days(&s.field));
                let end = s.retained_on?.checked_add_days(chrono::Days::new(days))?;
                (end < today).then_some((s, end))
            })
            .collect())
    }

    /// One write of an order's records outside sign-off (custody, a spot check's notice and
    /// objection): read the order, apply, audit, save — no workflow step, since these do not
    /// change where the order is in sign-off.
    pub(crate) fn record_write(
        &self,
        actor: &User,
        number: &str,
        now: DateTime<Utc>,
        op: &str,
        apply: impl FnOnce(&mut Order, &mut super::Tx) -> Result<(serde_json::Value, serde_json::Value)>,
    ) -> Result<Order> {
        let mut tx = self.begin(&actor.login, now)?;
        let mut order: Order = tx
            .get(ORDERS, number, &format!("委托单 {number}"))?
            .ok_or_else(|| not_found(number))?;
        crate::workflow::same_site(&order, actor)?;
        let (before, after) = apply(&mut order, &mut tx)?;
        order.revision += 1;
        tx.audit(op, number, Some(before), Some(after), None)?;
        super::orders::save(&mut tx, &order)?;
        tx.commit()?;
        Ok(order)
    }
}

impl Store {
    /// Set how long samples of a product field are retained (an administrator, audited).
    pub fn set_retention(
        &self,
        actor: &User,
        field: &str,
        days: u32,
        now: DateTime<Utc>,
    ) -> Result<Lab> {
        super::users::require(
            actor,
            Role::Admin,
            ("设置留样期", "Setting a retention period"),
        )?;
        crate::model::text::check_required(["产品领域", "Product field"], field)?;
        if days == 0 || days > 3650 {
            return Err(StoreError::Refused(msg!(
                "留样期 {days} 天不合理（1～3650 天）",
                "A retention period of {days} days is not reasonable (1 to 3650)"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut lab: Lab = tx
            .meta("lab")?
            .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
        let before = lab.retention_days(field);
        lab.retention.insert(field.trim().to_string(), days);
        tx.put_meta("lab", &lab)?;
        tx.audit(
            "lab.retention",
            field,
            Some(json!({"days": before})),
            Some(json!({"days": days})),
            None,
        )?;
        tx.commit()?;
        Ok(lab)
    }
}
