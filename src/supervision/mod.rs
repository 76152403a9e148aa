//! Supervision spot checks (监督抽查) as pure rules: the weighted, reproducible draw of
//! enterprises for a task, the task's report to the authority and an enterprise's spot-check
//! history. No storage here; the store records tasks and draws.

pub mod class_rule;
pub mod deadline;
pub mod draw;
pub mod history;
pub mod report;
pub mod running;
