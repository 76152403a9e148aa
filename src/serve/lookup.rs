//! `GET /v/NUMBER?c=CODE`: what the QR code opens. A wrong code and an unknown number get the
//! same answer, byte for byte, so report numbers cannot be enumerated.

use chrono::NaiveDate;
use serde::Serialize;

use super::html::{esc, facts, forms, status};
use super::lang::{Lang, T};
use crate::model::verification::{codes_match, normalise_code};
use crate::model::{Report, ReportStatus};
use crate::store::{Store, StoreError};

/// The facts the page shows; the JSON answer is this, serialised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// `valid`, `replaced`, `withdrawn` or `not_found`.
    pub status: &'static str,
    pub number: String,
    pub sha256: Option<String>,
    pub pages: Option<u32>,
    pub issue_date: Option<NaiveDate>,
    pub sample: Option<String>,
    pub client: Option<String>,
    pub conclusion: Option<String>,
    pub replaced_by: Option<String>,
    pub reason: Option<String>,
    pub withdrawn_on: Option<NaiveDate>,
    pub training: bool,
}

impl Facts {
    fn not_found(number: &str) -> Facts {
        Facts {
            status: "not_found",
            number: number.to_string(),
            sha256: None,
            pages: None,
            issue_date: None,
            sample: None,
            client: None,
            conclusion: None,
            replaced_by: None,
            reason: None,
            withdrawn_on: None,
            training: false,
        }
    }

    pub fn found(&self) -> bool {
        self.status != "not_found"
    }
}

/// The report with `number` if `code` is its code; else nothing, whichever part was wrong.
pub fn find(store: &Store, number: &str, code: &str) -> Result<Facts, StoreError> {
    let number = number.trim();
    let report = match store.report(number) {
        Ok(r) => r,
        Err(StoreError::NotFound(_)) => return Ok(Facts::not_found(number)),
        Err(e) => return Err(e),
    };
    if !codes_match(&report.verify_code, &normalise_code(code)) {
        return Ok(Facts::not_found(number));
    }
    Ok(facts_of(store, &report))
}

/// What a reader may see of a report: what its cover shows, its status, pages and hash.
pub fn facts_of(store: &Store, r: &Report) -> Facts {
    let c = &r.content;
    let mut f = Facts {
        status: "valid",
        number: r.number.clone(),
        sha256: Some(r.pdf_sha256.clone()),
        pages: (r.pages > 0).then_some(r.pages),
        issue_date: Some(c.issue_date),
        sample: Some(c.sample.name.clone()),
        client: Some(c.client.name.clone()),
        conclusion: Some(c.conclusion.clone()),
        replaced_by: None,
        reason: None,
        withdrawn_on: None,
        training: c.training,
    };
    match &r.status {
        ReportStatus::Issued => {}
        ReportStatus::Replaced { by } => {
            f.status = "replaced";
            f.replaced_by = Some(by.clone());
            // The reason is printed on the replacing report.
            f.reason = store
                .report(by)
                .ok()
                .and_then(|n| n.content.replaces.map(|x| x.reason));
        }
        ReportStatus::Withdrawn { reason, at, .. } => {
            f.status = "withdrawn";
            f.reason = Some(reason.clone());
            f.withdrawn_on = Some(at.date_naive());
        }
    }
    f
}

/// The status line of a found report.
pub fn status_html(lang: Lang, f: &Facts) -> String {
    match f.status {
        "valid" => status("ok", lang.t(T::StatusValid)),
        "replaced" => status("warn", lang.t(T::StatusReplaced)),
        "withdrawn" => status("bad", lang.t(T::StatusWithdrawn)),
        _ => status("bad", lang.t(T::NotFound)),
    }
}

/// The page body for a lookup's answer.
pub fn body(lang: Lang, f: &Facts, code: &str) -> String {
    if !f.found() {
        return format!(
            "{}<p class=\"help\">{}</p>{}",
            status_html(lang, f),
            esc(lang.t(T::NotFoundHelp)),
            forms(lang, &f.number, code)
        );
    }
    let mut out = status_html(lang, f);
    if f.training {
        out.push_str(&status("warn", lang.t(T::Training)));
    }
    let mut rows: Vec<(&str, String, bool)> = vec![(lang.t(T::Number), f.number.clone(), false)];
    if let Some(by) = &f.replaced_by {
        rows.push((lang.t(T::ReplacedBy), by.clone(), false));
    }
    if let Some(on) = f.withdrawn_on {
        rows.push((lang.t(T::WithdrawnOn), on.to_string(), false));
    }
    if let Some(reason) = &f.reason {
        rows.push((lang.t(T::Reason), reason.clone(), false));
    }
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    rows.push((lang.t(T::Sample), opt(&f.sample), false));
    rows.push((lang.t(T::Client), opt(&f.client), false));
    rows.push((lang.t(T::Conclusion), opt(&f.conclusion), false));
    rows.push((
        lang.t(T::IssueDate),
        f.issue_date.map(|d| d.to_string()).unwrap_or_default(),
        false,
    ));
    rows.push((
        lang.t(T::Pages),
        f.pages.map(|p| p.to_string()).unwrap_or_else(|| "—".into()),
        false,
    ));
    rows.push((lang.t(T::Sha256), opt(&f.sha256), true));
    out.push_str(&facts(&rows));
    out.push_str(&format!(
        "<p class=\"help\">{}</p>",
        esc(lang.t(T::Sha256Help))
    ));
    out.push_str(&forms(lang, "", ""));
    out
}
