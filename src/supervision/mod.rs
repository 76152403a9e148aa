//! Supervision spot checks (监督抽查) as pure rules: the weighted, reproducible draw of
//! enterprises for a task. No storage here; the store records tasks and draws.

pub mod deadline;
pub mod draw;
