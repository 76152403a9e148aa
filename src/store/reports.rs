//! Reports: issuing (gapless numbers), amendments that replace, withdrawals.

use chrono::{DateTime, Datelike, Utc};
use serde_json::json;

use super::{Result, Store, StoreError, REPORTS};
use crate::message::Msg;
use crate::model::report::RecordedTimestamp;
use crate::model::report_content::from_order::{content_from_order, supervision_info};
use crate::model::report_content::{CertificateContent, Replacement, VerifyLine};
use crate::model::verification::lookup_url;
use crate::model::{Lab, Order, OrderStatus, Report, ReportStatus, Role, User};
use crate::msg;

fn no_report(number: &str) -> StoreError {
    StoreError::NotFound(msg!("没有报告“{number}”", "No report “{number}”"))
}

fn withdrawn(number: &str) -> StoreError {
    StoreError::Refused(msg!(
        "报告 {number} 已撤回，不能更正或再次签发",
        "Report {number} was withdrawn: it cannot be corrected or issued again"
    ))
}

/// What the certificate renderer hands back for the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub qr_payload: String,
    /// Pages of the certificate.
    pub pages: u32,
    /// The signature timestamp (B-T), recorded so the file can be re-rendered.
    pub timestamp: Option<RecordedTimestamp>,
    /// The version of the PDF writer that made the file (see [`Report::pdf_writer`]).
    pub pdf_writer: u32,
}

/// Renders and signs a frozen content at a signing time; a refusal says why in both languages.
pub type RenderFn<'a> =
    dyn FnMut(&CertificateContent, DateTime<Utc>) -> std::result::Result<Rendered, Msg> + 'a;

impl Store {
    pub fn report(&self, number: &str) -> Result<Report> {
        self.read(REPORTS, number, &format!("报告 {number}"))?
            .ok_or_else(|| no_report(number))
    }

    pub fn reports(&self) -> Result<Vec<Report>> {
        self.read_all(REPORTS, "报告")
    }

    /// Issue the certificate of an approved order: take the next report number, freeze the
    /// content, render and sign it, and record its hash, all in one transaction. An order that
    /// was reopened issues an amendment that replaces its previous report.
    pub fn issue_report(
        &self,
        actor: &User,
        order_number: &str,
        now: DateTime<Utc>,
        render: &mut RenderFn,
    ) -> Result<(Report, Vec<u8>)> {
        self.issue_inner(actor, order_number, now, render, None)
    }

    fn issue_inner(
        &self,
        actor: &User,
        order_number: &str,
        now: DateTime<Utc>,
        render: &mut RenderFn,
        amend_reason: Option<&str>,
    ) -> Result<(Report, Vec<u8>)> {
        let mut issued: Option<(Report, Vec<u8>)> = None;
        let slot = &mut issued;
        self.issue_step(actor, order_number, now, |order, tx| {
            let lab: Lab = tx
                .meta("lab")?
                .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
            let now = tx.now;
            let year = now.year();
            // Per site when the lab numbers its sites' reports apart (BHFZ2026-000001).
            let site = order.site.as_deref();
            let seq = tx.next_seq(&lab.report_sequence(site), year)?;
            let number = lab.report_number(site, year, seq);
            if tx.get::<Report>(REPORTS, &number, "报告")?.is_some() {
                return Err(StoreError::Corrupt(format!(
                    "报告编号 {number} 已被使用：编号序列与已有报告不一致"
                )));
            }
            let issued_under = tx.latest_checkpoint()?.map(|c| c.reference());
            let replaces = match &order.amending {
                Some((old, reopen_reason)) => {
                    let reason = amend_reason.unwrap_or(reopen_reason);
                    let mut old_report: Report = tx
                        .get(REPORTS, old, "报告")?
                        .ok_or_else(|| StoreError::Corrupt(format!("找不到被更正的报告 {old}")))?;
                    if let ReportStatus::Withdrawn { .. } = old_report.status {
                        return Err(withdrawn(old));
                    }
                    old_report.status = ReportStatus::Replaced { by: number.clone() };
                    old_report.revision += 1;
                    tx.put(REPORTS, old, &old_report)?;
                    tx.audit(
                        "report.replaced",
                        old,
                        Some(json!({"status": "issued"})),
                        Some(json!({"status": "replaced", "by": number})),
                        Some(reason),
                    )?;
                    Some(Replacement {
                        report_number: old.clone(),
                        reason: reason.to_string(),
                    })
                }
                None => None,
            };
            let mut content =
                content_from_order(order, &lab, &number, replaces, now.date_naive());
            // A spot check's certificate names its task and the authority objections go to.
            if let Some(s) = &order.sampling {
                let task: Option<crate::model::task::SupervisionTask> =
                    tx.get(super::tasks::TASKS, &s.task, "抽查任务")?;
                content.supervision = supervision_info(order, task.as_ref());
            }
            let web = super::verification::web_settings_in(tx)?;
            let verify_code = super::verification::new_code();
            content.verification = Some(VerifyLine {
                url: web
                    .base_url
                    .as_deref()
                    .map(|base| lookup_url(base, &number, &verify_code)),
                code: verify_code.clone(),
            });
            // Rendering and signing run inside this write transaction (the report number is
            // taken in it); with a TSA, signing waits for its answer, at most 10 s (the token's
            // size was measured before). A refusal aborts the transaction: no number, no record.
            let rendered = render(&content, now).map_err(|e| {
                let (zh, en) = (&e.zh, &e.en);
                StoreError::Refused(msg!(
                    "证书生成失败，未签发：{zh}",
                    "The certificate could not be made; nothing was issued: {en}"
                ))
            })?;
            let report = Report {
                number: number.clone(),
                order: order.number.clone(),
                version: order.reports.len() as u32 + 1,
                content,
                qr_payload: rendered.qr_payload,
                pdf_sha256: rendered.sha256.clone(),
                signed_at: now,
                issued_by: actor.login.clone(),
                status: ReportStatus::Issued,
                revision: 1,
                issued_under,
                verify_code,
                pages: rendered.pages,
                timestamp: rendered.timestamp,
                pdf_writer: rendered.pdf_writer,
            };
            tx.put(REPORTS, &number, &report)?;
            order.reports.push(number.clone());
            order.amending = None;
            let after = json!({"status": OrderStatus::Issued.key(), "report": number, "pdf_sha256": rendered.sha256});
            *slot = Some((report, rendered.pdf));
            Ok((None, Some(after)))
        })?;
        issued.ok_or_else(|| StoreError::Db("签发未完成".into()))
    }

    /// Issue the amendment of `report_number`: its order must have been reopened for it, corrected,
    /// reviewed and approved again. `reason` is printed on the new report.
    pub fn amend_report(
        &self,
        actor: &User,
        report_number: &str,
        reason: &str,
        now: DateTime<Utc>,
        render: &mut RenderFn,
    ) -> Result<(Report, Vec<u8>)> {
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "更正报告须说明原因（--reason）",
                "Correcting a report needs a reason (--reason)"
            )));
        }
        let old = self.report(report_number)?;
        let order: Order = self.order(&old.order)?;
        match (&old.status, &order.amending, order.status) {
            (ReportStatus::Withdrawn { .. }, _, _) => Err(withdrawn(report_number)),
            (ReportStatus::Replaced { by }, _, _) => Err(StoreError::Refused(msg!(
                "报告 {report_number} 已被 {by} 替代；请更正最新的报告",
                "Report {report_number} was replaced by {by}; correct the latest report"
            ))),
            (_, Some((r, _)), OrderStatus::Approved) if r == report_number => {
                self.issue_inner(actor, &order.number, now, render, Some(reason))
            }
            (_, Some((r, _)), status) if r == report_number => {
                let (n, sz, se) = (&order.number, status.zh(), status.en());
                Err(StoreError::Refused(msg!(
                    "委托单 {n} 正在更正（当前“{sz}”），须经审核、批准后才能签发更正报告",
                    "Order {n} is being corrected (now “{se}”); it must be reviewed and approved before the corrected report is issued"
                )))
            }
            _ => {
                let n = &order.number;
                Err(StoreError::Refused(msg!(
                    "更正报告 {report_number}：请先 unilab order reopen {n} --reason …，修正后经审核、批准再签发",
                    "To correct report {report_number}: first unilab order reopen {n} --reason …, correct it, then have it reviewed and approved"
                )))
            }
        }
    }

    pub fn withdraw_report(
        &self,
        actor: &User,
        report_number: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Report> {
        if !actor.has(Role::Signatory) {
            let who = &actor.login;
            return Err(StoreError::Refused(msg!(
                "撤回报告需要“授权签字人”角色，{who} 没有",
                "Withdrawing a report needs the signatory role; {who} does not have it"
            )));
        }
        if reason.trim().is_empty() {
            return Err(StoreError::Refused(msg!(
                "撤回报告须说明原因（--reason）",
                "Withdrawing a report needs a reason (--reason)"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut report: Report = tx
            .get(REPORTS, report_number, "报告")?
            .ok_or_else(|| no_report(report_number))?;
        if report.status != ReportStatus::Issued {
            let (sz, se) = (report.status.zh(), report.status.en());
            return Err(StoreError::Refused(msg!(
                "报告 {report_number} {sz}，不能撤回",
                "Report {report_number} is {se}: it cannot be withdrawn"
            )));
        }
        report.status = ReportStatus::Withdrawn {
            reason: reason.to_string(),
            by: actor.login.clone(),
            at: tx.now,
        };
        report.revision += 1;
        tx.put(REPORTS, report_number, &report)?;
        tx.audit(
            "report.withdraw",
            report_number,
            Some(json!({"status": "issued"})),
            Some(json!({"status": "withdrawn"})),
            Some(reason),
        )?;
        tx.commit()?;
        Ok(report)
    }
}
