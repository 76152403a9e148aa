//! Supervision tasks in the store: recording the authority's assignment and drawing the
//! enterprises, each draw audited with its seed.

use super::engine::Table;
use chrono::{DateTime, Datelike, Months, Utc};
use serde_json::json;

use super::users::require;
use super::{Result, Store, StoreError, ENTERPRISES, ORDERS};
use crate::catalog::Catalog;
use crate::inspection::InspectionType;
use crate::model::task::{Draw, SupervisionTask};
use crate::model::{Enterprise, Lab, Order, Role, User};
use crate::msg;
use crate::supervision::draw::{draw, Candidate};

pub(crate) const TASKS: Table = Table::new("tasks");

/// What the supervision desk types for a new task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewTask {
    pub name: String,
    pub authority: String,
    pub standard: String,
    pub grade: String,
    pub spec: Option<String>,
    pub batches: u32,
    pub scope: Vec<String>,
    pub sampling_due: Option<chrono::NaiveDate>,
    pub report_due: Option<chrono::NaiveDate>,
    pub campaign: String,
}

fn no_task(number: &str) -> StoreError {
    StoreError::NotFound(msg!(
        "没有抽查任务“{number}”",
        "No supervision task “{number}”"
    ))
}

/// The supervision desk: a clerk or an administrator.
fn desk(actor: &User, what: (&str, &str)) -> Result<()> {
    if actor.has(Role::Clerk) {
        return Ok(());
    }
    require(actor, Role::Admin, what)
}

impl Store {
    pub fn task(&self, number: &str) -> Result<SupervisionTask> {
        self.read(TASKS, number, &format!("抽查任务 {number}"))?
            .ok_or_else(|| no_task(number))
    }

    pub fn tasks(&self) -> Result<Vec<SupervisionTask>> {
        self.read_all(TASKS, "抽查任务")
    }

    /// Record a task; the standard edition and grade must resolve in the library, so every
    /// order of the task is judged by one agreed basis (三统一).
    pub fn add_task(
        &self,
        actor: &User,
        catalog: &Catalog,
        new: &NewTask,
        now: DateTime<Utc>,
    ) -> Result<SupervisionTask> {
        desk(actor, ("登记抽查任务", "Recording a supervision task"))?;
        let standard = catalog
            .find(&new.standard)
            .map_err(|e| StoreError::Refused(crate::message::Msg::new(e.clone(), e)))?;
        if !standard.grades.iter().any(|g| g == &new.grade) {
            let (code, grade, list) = (&standard.code, &new.grade, standard.grades.join("、"));
            return Err(StoreError::Refused(msg!(
                "{code} 没有等级“{grade}”；可选：{list}",
                "{code} has no grade “{grade}”; choose from: {list}"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let year = tx.now.year();
        let seq = tx.next_seq("task", year)?;
        let task = SupervisionTask {
            number: format!("CC{year}-{seq:04}"),
            name: new.name.trim().to_string(),
            authority: new.authority.trim().to_string(),
            standard: standard.code.clone(),
            grade: new.grade.clone(),
            spec: new.spec.clone(),
            product: standard.product.clone(),
            batches: new.batches,
            scope: new.scope.iter().map(|s| s.trim().to_uppercase()).collect(),
            sampling_due: new.sampling_due,
            report_due: new.report_due,
            campaign: new.campaign.trim().to_string(),
            draws: Vec::new(),
            created_by: actor.login.clone(),
            created_at: tx.now,
            revision: 1,
        };
        task.validate()?;
        tx.put(TASKS, &task.number, &task)?;
        tx.audit(
            "task.add",
            &task.number,
            None,
            Some(json!({"name": task.name, "authority": task.authority,
                        "standard": task.standard, "grade": task.grade, "batches": task.batches})),
            None,
        )?;
        tx.commit()?;
        Ok(task)
    }

    /// Draw `count` enterprises for a task from the enterprise file within its scope, by the
    /// lab's class weights, leaving out those sampled for the same product inside the repeat
    /// window; the seed and the result go into the audit trail.
    pub fn draw_for_task(
        &self,
        actor: &User,
        catalog: &Catalog,
        number: &str,
        count: u32,
        seed: u64,
        now: DateTime<Utc>,
    ) -> Result<Draw> {
        desk(actor, ("抽取企业", "Drawing enterprises"))?;
        if count == 0 {
            return Err(StoreError::Refused(msg!(
                "抽取数量须至少为 1",
                "Draw at least one enterprise"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        let mut task: SupervisionTask = tx
            .get(TASKS, number, "抽查任务")?
            .ok_or_else(|| no_task(number))?;
        let lab: Lab = tx
            .meta("lab")?
            .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
        let since = tx
            .now
            .date_naive()
            .checked_sub_months(Months::new(lab.repeat_window_months))
            .unwrap_or(chrono::NaiveDate::MIN);
        // The same product under any edition or number (GB/T 1499.2 became GB 1499.2).
        let same_product: std::collections::BTreeSet<String> = catalog
            .standards()
            .iter()
            .filter(|s| s.product == task.product)
            .map(|s| crate::catalog::code_key(&s.code))
            .chain([crate::catalog::code_key(&task.standard)])
            .collect();
        let recent = recently_sampled(&tx, &same_product, since)?;
        let candidates: Vec<Candidate> = tx
            .all::<Enterprise>(ENTERPRISES, "企业")?
            .into_iter()
            .filter(|e| task.in_scope(&e.credit_code))
            .map(|e| Candidate {
                recently_sampled: recent.contains(&e.credit_code),
                blacklisted: e.blacklist.is_some(),
                class: e.credit_class,
                credit_code: e.credit_code,
            })
            .collect();
        if candidates.is_empty() {
            return Err(StoreError::Refused(msg!(
                "任务 {number} 的抽查范围内没有企业",
                "No enterprise on file is in task {number}'s scope"
            )));
        }
        let drawn = draw(&candidates, lab.draw_weights, count as usize, seed);
        let d = Draw {
            seed,
            count,
            chosen: drawn.chosen,
            repeat: drawn.repeat,
            at: tx.now,
            by: actor.login.clone(),
        };
        task.draws.push(d.clone());
        task.revision += 1;
        tx.put(TASKS, number, &task)?;
        let w = lab.draw_weights;
        tx.audit(
            "task.draw",
            number,
            None,
            Some(
                json!({"seed": seed, "count": count, "chosen": d.chosen, "repeat": d.repeat,
                        "weights": {"A": w.a, "B": w.b, "C": w.c},
                        "window_months": lab.repeat_window_months}),
            ),
            None,
        )?;
        tx.commit()?;
        Ok(d)
    }
}

/// Enterprises named on a supervision order (sampled unit, client or labelled producer) for
/// the same product since
/// `since`. Reads every order: a draw is rare, and the repeat rule must see them all.
fn recently_sampled(
    tx: &super::Tx,
    same_product: &std::collections::BTreeSet<String>,
    since: chrono::NaiveDate,
) -> Result<std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeSet::new();
    for o in tx.all::<Order>(ORDERS, "委托单")? {
        if o.inspection_type == InspectionType::Supervision
            && same_product.contains(&crate::catalog::code_key(&o.standard.code))
            && o.registered_at.date_naive() >= since
        {
            if let Some(s) = &o.sampling {
                out.insert(s.sampled_unit.credit_code.clone());
            }
            out.insert(o.client.credit_code.clone());
            if let Some(p) = &o.producer {
                out.insert(p.credit_code.clone());
            }
        }
    }
    Ok(out)
}
