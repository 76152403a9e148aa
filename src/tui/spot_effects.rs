//! The store writes of the spot-check desk: a task and its draw, and after a failed spot check
//! the result notice (signed PDF written beside the certificates), the objection, the reserve
//! sample's release and the re-test's conclusion. A refusal comes back as an error and the form
//! that led to it stays open with everything typed.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use super::app::App;
use super::i18n_desk::D;
use super::screens::popup;
use crate::model::objection::{Delivery, RetestConclusion};
use crate::model::{Order, User};
use crate::store::{NewTask, NoticeInput, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpotEffect {
    AddTask(Box<NewTask>),
    Draw {
        task: String,
        count: u32,
        seed: u64,
    },
    Notice {
        order: String,
        delivered: NaiveDate,
        delivery: Delivery,
        /// Relative paths are taken from the folder certificates are written to.
        path: PathBuf,
    },
    Objection {
        order: String,
        received: NaiveDate,
        by: String,
        reason: String,
    },
    Release {
        order: String,
        to: String,
        date: NaiveDate,
        seal_intact: bool,
    },
    Retest {
        order: String,
        conclusion: RetestConclusion,
    },
    /// Print a spot check's sampling form (抽样单); writes nothing to the records.
    PrintSamplingForm(String),
    /// Print a task's signed summary for the authority; writes nothing to the records.
    PrintTaskSummary(String),
}

/// Carry out one desk write; the caller closes the form and reloads on success. Returns the
/// changed order when there is one.
pub fn write(
    app: &mut App,
    store: &Store,
    user: &User,
    cert_out_dir: &Path,
    effect: SpotEffect,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Order>> {
    let l = app.lang;
    Ok(match effect {
        SpotEffect::AddTask(new) => {
            let t = store.add_task(user, &app.catalog, &new, now)?;
            app.info(l.f(D::TAdded, &[&t.number]));
            None
        }
        SpotEffect::Draw { task, count, seed } => {
            let d = store.draw_for_task(user, &app.catalog, &task, count, seed, now)?;
            let mut text = l.f(D::TDrawn, &[&task, &seed, &d.chosen.len()]);
            for code in &d.chosen {
                let name = app.data.enterprise(code).map_or("", |e| e.name.as_str());
                text.push_str(&format!("\n  {code}  {name}"));
            }
            if !d.repeat.is_empty() {
                text.push('\n');
                text.push_str(&l.f(D::TDrawnRepeat, &[&d.repeat.join("、")]));
            }
            popup::message(app, l.t(D::TDrawnTitle), text, false);
            None
        }
        SpotEffect::Notice {
            order,
            delivered,
            delivery,
            path,
        } => {
            let out = if path.is_absolute() {
                path
            } else {
                cert_out_dir.join(path)
            };
            let input = NoticeInput {
                delivered,
                delivery,
            };
            let (n, _) = crate::certificate::notice::issue_notice_to_file(
                store, user, &order, &input, &out, now,
            )?;
            app.info(l.f(D::NIssued, &[&n.number, &out.display(), &n.deadline]));
            Some(store.order(&order)?)
        }
        SpotEffect::Objection {
            order,
            received,
            by,
            reason,
        } => {
            store.record_objection(user, &order, received, &by, &reason, now)?;
            app.info(l.f(D::JRecorded, &[&order]));
            Some(store.order(&order)?)
        }
        SpotEffect::Release {
            order,
            to,
            date,
            seal_intact,
        } => {
            store.release_reserve(user, &order, &to, date, seal_intact, now)?;
            app.info(l.f(D::LReleased, &[&order, &to]));
            Some(store.order(&order)?)
        }
        SpotEffect::Retest { order, conclusion } => {
            let word = l.t(if conclusion.confirmed {
                D::OConfirmed
            } else {
                D::OOverturned
            });
            store.record_retest(user, &order, conclusion, now)?;
            app.info(l.f(D::RRecorded, &[&order, &word]));
            Some(store.order(&order)?)
        }
        SpotEffect::PrintSamplingForm(order) => {
            let out = cert_out_dir.join(format!("{order}-sampling.pdf"));
            crate::certificate::sampling_form::write_sampling_form_to_file(
                store, &order, &out, now,
            )?;
            app.info(l.f(D::PPrinted, &[&out.display()]));
            None
        }
        SpotEffect::PrintTaskSummary(task) => {
            let out = cert_out_dir.join(format!("{task}-summary.pdf"));
            crate::certificate::task_summary::write_task_summary_to_file(store, &task, &out, now)?;
            app.info(l.f(D::PPrinted, &[&out.display()]));
            None
        }
    })
}
