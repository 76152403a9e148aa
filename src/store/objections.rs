//! A failed spot check's aftermath in the store: the result notice with its objection
//! deadline, the objection (refused after the deadline, saying when it ran out), the release of
//! the sealed reserve sample to another institution, and the re-test's conclusion.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::json;

use super::users::require;
use super::{Result, Store, StoreError};
use crate::inspection::InspectionType;
use crate::judge::Verdict;
use crate::model::objection::{Delivery, Notice, Objection, ReserveRelease, RetestConclusion};
use crate::model::{Lab, Order, Role, User};
use crate::msg;
use crate::supervision::deadline::HolidayCalendar;

/// The lab's holiday calendar, kept in the store's settings so every terminal counts the
/// same working days.
const HOLIDAYS: &str = "holidays";

/// What the notice step was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeInput {
    pub delivered: NaiveDate,
    pub delivery: Delivery,
}

/// Renders the signed notice PDF for an order and its notice (the certificate module's job).
pub type NoticeRenderFn<'a> = dyn FnMut(&Order, &Notice) -> anyhow::Result<Vec<u8>> + 'a;

fn failed_spot_check(o: &Order) -> Result<String> {
    let n = &o.number;
    if o.inspection_type != InspectionType::Supervision {
        return Err(StoreError::Refused(msg!(
            "{n} 不是监督抽查委托单，没有检验结果通知书",
            "{n} is not a spot check; result notices are for spot checks"
        )));
    }
    let report = o.reports.last().cloned().ok_or_else(|| {
        StoreError::Refused(msg!(
            "{n} 还没有签发报告，通知书在报告签发后发出",
            "{n} has no issued report yet; the notice follows the report"
        ))
    })?;
    if !matches!(o.overall(), Verdict::Fail) {
        return Err(StoreError::Refused(msg!(
            "{n} 的结论不是不合格，不发检验结果通知书",
            "{n} did not fail; a result notice is only for a failed sample"
        )));
    }
    Ok(report)
}

impl Store {
    pub fn holidays(&self) -> Result<HolidayCalendar> {
        Ok(self.meta(HOLIDAYS)?.unwrap_or_default())
    }

    /// Add a year's holiday calendar (an administrator; audited).
    pub fn add_holidays(
        &self,
        actor: &User,
        calendar: HolidayCalendar,
        now: DateTime<Utc>,
    ) -> Result<HolidayCalendar> {
        require(
            actor,
            Role::Admin,
            ("设置节假日", "Setting the holiday calendar"),
        )?;
        let mut tx = self.begin(&actor.login, now)?;
        let mut all: HolidayCalendar = tx.meta(HOLIDAYS)?.unwrap_or_default();
        let added =
            json!({"holidays": calendar.holidays.len(), "workdays": calendar.workdays.len()});
        all.extend(calendar);
        tx.put_meta(HOLIDAYS, &all)?;
        tx.audit("lab.holidays", HOLIDAYS, None, Some(added), None)?;
        tx.commit()?;
        Ok(all)
    }

    /// Issue the result notice of a failed spot check, recording its delivery and the
    /// objection deadline that runs from it; `render` makes the signed PDF inside the write.
    pub fn issue_notice(
        &self,
        actor: &User,
        number: &str,
        input: &NoticeInput,
        now: DateTime<Utc>,
        render: &mut NoticeRenderFn,
    ) -> Result<(Order, Notice, Vec<u8>)> {
        require(
            actor,
            Role::Signatory,
            ("签发检验结果通知书", "Issuing a result notice"),
        )?;
        let calendar = self.holidays()?;
        let mut out: Option<(Notice, Vec<u8>)> = None;
        let slot = &mut out;
        let order = self.record_write(actor, number, now, "order.notice", |o, tx| {
            let report = failed_spot_check(o)?;
            let today = tx.now.date_naive();
            let delivered = input.delivered;
            if delivered > today {
                return Err(StoreError::Refused(msg!(
                    "送达日期 {delivered} 在今天（{today}）之后",
                    "Delivery date {delivered} is after today ({today})"
                )));
            }
            let period = crate::model::objection::objection_period(o);
            let deadline = calendar.last_day(delivered, period).ok_or_else(|| {
                StoreError::Refused(msg!(
                    "无法计算异议期限",
                    "The objection deadline cannot be computed"
                ))
            })?;
            let year = tx.now.year();
            let seq = tx.next_seq("notice", year)?;
            let mut notice = Notice {
                number: format!("TZ{year}-{seq:04}"),
                report,
                delivered,
                delivery: input.delivery,
                period,
                deadline,
                issued_by: actor.login.clone(),
                issued_at: tx.now,
                sha256: String::new(),
            };
            let pdf = render(o, &notice).map_err(|e| {
                StoreError::Refused(crate::message::Msg::new(
                    format!("通知书生成失败：{e}"),
                    format!("The notice could not be made: {e}"),
                ))
            })?;
            notice.sha256 = super::digest::sha256_hex(&pdf);
            o.after_failure.notices.push(notice.clone());
            let after = json!({"notice": notice.number, "delivered": delivered,
                               "delivery": input.delivery.key(), "deadline": deadline,
                               "sha256": notice.sha256});
            *slot = Some((notice, pdf));
            Ok((json!({"notices": o.after_failure.notices.len() - 1}), after))
        })?;
        let (notice, pdf) = out.ok_or_else(|| StoreError::Db("通知书未生成".into()))?;
        Ok((order, notice, pdf))
    }

    /// Record an objection received on `received`: refused after the deadline, naming the day
    /// it ran out and how it was counted.
    pub fn record_objection(
        &self,
        actor: &User,
        number: &str,
        received: NaiveDate,
        by_party: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        desk(actor)?;
        crate::model::text::check_required(["异议理由", "Reason"], reason)?;
        crate::model::text::check_text(["异议方", "Objecting party"], by_party)?;
        self.record_write(actor, number, now, "order.objection", |o, tx| {
            let today = tx.now.date_naive();
            let notice = o.after_failure.notices.last().cloned().ok_or_else(|| {
                StoreError::Refused(msg!(
                    "{number} 尚未送达检验结果通知书，异议期限还没有起算",
                    "No result notice of {number} has been delivered; the objection period has not begun"
                ))
            })?;
            if received > today || received < notice.delivered {
                let d = notice.delivered;
                return Err(StoreError::Refused(msg!(
                    "收到异议的日期 {received} 应在送达日 {d} 与今天之间",
                    "The objection's date {received} must lie between delivery ({d}) and today"
                )));
            }
            if received > notice.deadline {
                let (end, d, pz, pe) = (notice.deadline, notice.delivered, notice.period.zh(), notice.period.en());
                return Err(StoreError::Refused(msg!(
                    "异议期限已于 {end} 届满（自 {d} 送达起 {pz}），{received} 收到的异议不予受理",
                    "The objection period ran out on {end} ({pe} from delivery on {d}); an objection received on {received} is too late"
                )));
            }
            if o.after_failure.objection.is_some() {
                return Err(StoreError::Refused(msg!(
                    "{number} 已记录异议",
                    "An objection to {number} is already recorded"
                )));
            }
            o.after_failure.objection = Some(Objection {
                received,
                by_party: by_party.trim().to_string(),
                reason: reason.trim().to_string(),
                recorded_by: actor.login.clone(),
            });
            Ok((json!(null), json!({"received": received, "by": by_party, "reason": reason})))
        })
    }

    /// Hand the sealed reserve sample to the re-test institution, which may not be this lab.
    #[allow(clippy::too_many_arguments)]
    pub fn release_reserve(
        &self,
        actor: &User,
        number: &str,
        to: &str,
        date: NaiveDate,
        seal_intact: bool,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        desk(actor)?;
        crate::model::text::check_required(["复检机构", "Re-test institution"], to)?;
        let lab: Lab = self.lab()?;
        if to.trim() == lab.name {
            return Err(StoreError::Refused(msg!(
                "复检机构不能是初检机构（本实验室）",
                "The re-test institution cannot be the one that did the first test (this lab)"
            )));
        }
        self.record_write(actor, number, now, "order.reserve.release", |o, tx| {
            if o.after_failure.objection.is_none() {
                return Err(StoreError::Refused(msg!(
                    "{number} 没有异议，备样不移交复检",
                    "{number} has no objection; the reserve sample is not released"
                )));
            }
            if date > tx.now.date_naive() {
                return Err(StoreError::Refused(msg!(
                    "移交日期 {date} 在今天之后",
                    "Release date {date} is after today"
                )));
            }
            o.after_failure.release = Some(ReserveRelease {
                to: to.trim().to_string(),
                date,
                seal_intact,
                handed_over_by: actor.login.clone(),
            });
            Ok((
                json!(null),
                json!({"to": to, "date": date, "seal_intact": seal_intact}),
            ))
        })
    }

    /// Record the re-test institution's conclusion; it is the sample's final result.
    pub fn record_retest(
        &self,
        actor: &User,
        number: &str,
        conclusion: RetestConclusion,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        desk(actor)?;
        crate::model::text::check_required(
            ["复检机构", "Re-test institution"],
            &conclusion.institution,
        )?;
        crate::model::text::check_required(["复检报告编号", "Re-test report"], &conclusion.report)?;
        crate::model::text::check_text(["说明", "Note"], &conclusion.note)?;
        self.record_write(actor, number, now, "order.retest", |o, _| {
            if o.after_failure.release.is_none() {
                return Err(StoreError::Refused(msg!(
                    "{number} 的备样尚未移交复检",
                    "{number}'s reserve sample has not been released for a re-test"
                )));
            }
            let after = json!({"institution": conclusion.institution, "report": conclusion.report,
                               "confirmed": conclusion.confirmed});
            o.after_failure.retest = Some(conclusion);
            Ok((json!(null), after))
        })
    }
}

/// The supervision desk: a clerk or an administrator.
fn desk(actor: &User) -> Result<()> {
    if actor.has(Role::Clerk) {
        return Ok(());
    }
    require(
        actor,
        Role::Admin,
        ("处理异议与复检", "Handling objections and re-tests"),
    )
}
