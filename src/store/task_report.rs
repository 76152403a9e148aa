//! Store queries for supervision reporting: a task's report to its authority, its progress for
//! the task list, and an enterprise's quality file. Each reads one snapshot, so the figures
//! are of one moment even while other terminals write.

use super::tasks::TASKS;
use super::{Result, Store, StoreError, ORDERS, ORDER_INDEX};
use crate::inspection::InspectionType;
use crate::model::task::SupervisionTask;
use crate::model::{Enterprise, Order, OrderSummary};
use crate::msg;
use crate::supervision::history::{enterprise_file, EnterpriseFile};
use crate::supervision::report::{task_report, TaskReport};
use crate::supervision::running::{running_deadlines, DeskRules, RunningDeadline};

impl Store {
    /// The report for one task from its orders only: the light index picks the spot checks,
    /// and only those are loaded (a lab's commissioned orders far outnumber them).
    pub fn task_report(&self, number: &str) -> Result<TaskReport> {
        let snap = self.snapshot()?;
        let task: SupervisionTask = snap
            .read(TASKS, number, &format!("抽查任务 {number}"))?
            .ok_or_else(|| {
                StoreError::NotFound(msg!(
                    "没有抽查任务“{number}”",
                    "No supervision task “{number}”"
                ))
            })?;
        let orders = spot_check_orders(&snap)?;
        Ok(task_report(&task, &orders))
    }

    /// Every task with its report, for the task list: the spot-check orders are read once.
    pub fn task_reports(&self) -> Result<Vec<TaskReport>> {
        let snap = self.snapshot()?;
        let tasks: Vec<SupervisionTask> = snap.read_all(TASKS, "抽查任务")?;
        let orders = spot_check_orders(&snap)?;
        Ok(tasks.iter().map(|t| task_report(t, &orders)).collect())
    }

    /// The enterprise's quality file: every order naming it as client, producer or sampled
    /// unit. Reads every order — the index does not carry credit codes — which is acceptable
    /// for a page opened one enterprise at a time.
    pub fn enterprise_file(&self, credit_code: &str) -> Result<EnterpriseFile> {
        let lab = self.lab()?;
        // Reading never fails over the clock: a refused UNILAB_NOW falls back to the system's.
        let today = crate::clock::record_time(lab.training)
            .unwrap_or_else(|_| chrono::Utc::now())
            .date_naive();
        self.enterprise_file_on(credit_code, today)
    }

    /// The quality file as it stands on `today` (expired licences, the class proposal).
    pub fn enterprise_file_on(
        &self,
        credit_code: &str,
        today: chrono::NaiveDate,
    ) -> Result<EnterpriseFile> {
        let lab = self.lab()?;
        let snap = self.snapshot()?;
        let code = credit_code.trim().to_uppercase();
        let e: Enterprise = snap
            .read(super::ENTERPRISES, &code, &format!("企业 {code}"))?
            .ok_or_else(|| {
                StoreError::NotFound(msg!(
                    "没有企业“{code}”（unilab enterprise list）",
                    "No enterprise “{code}” (unilab enterprise list)"
                ))
            })?;
        let orders: Vec<Order> = snap.read_all(ORDERS, "委托单")?;
        Ok(enterprise_file(e, &orders).assess(&lab.class_rule, today))
    }

    /// The enterprise's spot checks only (as producer, sampled unit or client), read through
    /// the index: what the enterprise page shows beside its orders, without reading them all.
    /// The class proposal is the same as the whole file's: the rule counts spot checks only.
    pub fn spot_check_file(
        &self,
        credit_code: &str,
        today: chrono::NaiveDate,
    ) -> Result<EnterpriseFile> {
        let lab = self.lab()?;
        let snap = self.snapshot()?;
        let code = credit_code.trim().to_uppercase();
        let e: Enterprise = snap
            .read(super::ENTERPRISES, &code, &format!("企业 {code}"))?
            .ok_or_else(|| {
                StoreError::NotFound(msg!("没有企业“{code}”", "No enterprise “{code}”"))
            })?;
        Ok(enterprise_file(e, &spot_check_orders(&snap)?).assess(&lab.class_rule, today))
    }

    /// The numbers of a task's orders (those whose sampling record names it), oldest first.
    pub fn task_orders(&self, number: &str) -> Result<Vec<String>> {
        let snap = self.snapshot()?;
        Ok(spot_check_orders(&snap)?
            .into_iter()
            .filter(|o| o.sampling.as_ref().is_some_and(|s| s.task == number))
            .map(|o| o.number)
            .collect())
    }

    /// The spot-check desk's running deadlines on `today`, the nearest first.
    pub fn running_deadlines(&self, today: chrono::NaiveDate) -> Result<Vec<RunningDeadline>> {
        let snap = self.snapshot()?;
        let orders = spot_check_orders(&snap)?;
        self.deadlines_of(&orders, today)
    }

    /// The running deadlines among the orders numbered (the interface passes the spot checks
    /// it already has in its index, so the index is not read twice).
    pub fn running_deadlines_among(
        &self,
        numbers: &[&str],
        today: chrono::NaiveDate,
    ) -> Result<Vec<RunningDeadline>> {
        let snap = self.snapshot()?;
        let mut orders = Vec::with_capacity(numbers.len());
        for n in numbers {
            let o: Option<Order> = snap.read(ORDERS, n, &format!("委托单 {n}"))?;
            orders.extend(o);
        }
        self.deadlines_of(&orders, today)
    }

    fn deadlines_of(
        &self,
        orders: &[Order],
        today: chrono::NaiveDate,
    ) -> Result<Vec<RunningDeadline>> {
        let rules = DeskRules {
            notice_days: self.lab()?.notice_days,
        };
        Ok(running_deadlines(orders, &self.holidays()?, today, rules))
    }
}

/// The spot-check orders, found through the order index.
fn spot_check_orders(snap: &super::Snapshot) -> Result<Vec<Order>> {
    let index: Vec<OrderSummary> = snap.read_all(ORDER_INDEX, "委托单索引")?;
    let mut out = Vec::new();
    for s in index
        .iter()
        .filter(|s| s.inspection_type == InspectionType::Supervision)
    {
        let o: Option<Order> = snap.read(ORDERS, &s.number, &format!("委托单 {}", s.number))?;
        out.extend(o);
    }
    Ok(out)
}
