//! What the screens show, read from the store by effects. Drawing reads only this.

use crate::evaluate::ItemOutcome;
use crate::model::{Enterprise, Lab, Order, OrderSummary, Report, User};
use crate::store::AuditEntry;

/// A supervision task and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub task: crate::model::task::SupervisionTask,
    pub report: crate::supervision::report::TaskReport,
}

/// An enterprise's file: its orders and how many of the judged ones passed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseFile {
    pub credit_code: String,
    /// This enterprise's orders (as client), newest first.
    pub orders: Vec<OrderSummary>,
    /// Approved or issued orders judged, and how many of them passed.
    pub judged: usize,
    pub passed: usize,
    /// Its spot checks (as sampled unit, producer or client), newest first.
    pub spot_checks: Vec<crate::supervision::history::HistoryRow>,
    /// The credit class the lab's rule suggests from the spot checks.
    pub proposal: Option<crate::supervision::class_rule::ClassProposal>,
}

#[derive(Debug, Default)]
pub struct Data {
    /// The store's change stamp when this was read.
    pub stamp: u64,
    pub lab: Option<Lab>,
    /// How many orders this user's lists cover (the lab's, or their site's).
    pub total_orders: u64,
    pub enterprises: Vec<Enterprise>,
    pub reports: Vec<Report>,
    pub audit: Vec<AuditEntry>,
    pub users: Vec<User>,
    /// The open order and its outcomes (computed once when it is loaded).
    pub order: Option<Order>,
    pub outcomes: Vec<ItemOutcome>,
    pub enterprise_file: Option<EnterpriseFile>,
    /// The equipment register (a few hundred rows at most; read on every reload).
    pub instruments: Vec<crate::model::Instrument>,
    /// The spot-check desk's running deadlines (read for the work queue).
    pub deadlines: Vec<crate::supervision::running::RunningDeadline>,
    /// The supervision tasks with their reports (read for the task screens).
    pub tasks: Vec<TaskRow>,
    /// The early warnings (for a manager's work queue).
    pub warnings: Vec<crate::store::RaisedWarning>,
    /// The change stamp and day the warnings were worked out for: they are worked out again
    /// only when the records or the day changed (it reads every statistics row).
    pub warnings_read: Option<(u64, chrono::NaiveDate)>,
    /// The statistics rows and names, read when the statistics screen opens.
    pub stats: Option<crate::store::StatsSource>,
    /// The open task's orders.
    pub task_orders: Vec<OrderSummary>,
    /// The orders behind the statistics row drilled into.
    pub drill_orders: Vec<OrderSummary>,
    /// What a reviewer must know about the instruments behind the open order.
    pub flags: Vec<crate::message::Msg>,
}

impl Data {
    pub fn set_order(&mut self, order: Option<Order>) {
        self.outcomes = order.as_ref().map(|o| o.outcomes()).unwrap_or_default();
        self.order = order;
    }

    pub fn enterprise(&self, code: &str) -> Option<&Enterprise> {
        self.enterprises.iter().find(|e| e.credit_code == code)
    }
}
