//! The sign-off workflow as pure rules: which step may follow which, who may take it, and the
//! separation of duties (DOMAIN.md §6). The store calls `check` inside every write.

use crate::model::{Order, OrderStatus, Role, User};

/// A step an actor asks to take on an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Receive,
    EnterResult,
    Submit,
    ReviewAccept,
    ReviewReject,
    Approve,
    RejectApproval,
    Issue,
    /// Reopen an issued order to correct its report (an amendment follows).
    Reopen,
    /// Edit order facts (sample, remarks, deviations) before review.
    Edit,
}

impl Step {
    pub fn zh(self) -> &'static str {
        match self {
            Step::Receive => "收样",
            Step::EnterResult => "录入结果",
            Step::Submit => "提交审核",
            Step::ReviewAccept => "审核通过",
            Step::ReviewReject => "审核退回",
            Step::Approve => "批准",
            Step::RejectApproval => "批准退回",
            Step::Issue => "签发",
            Step::Reopen => "重新打开（更正报告）",
            Step::Edit => "修改委托单",
        }
    }

    fn role(self) -> Role {
        match self {
            Step::Receive | Step::Edit => Role::Clerk,
            Step::EnterResult | Step::Submit => Role::Technician,
            Step::ReviewAccept | Step::ReviewReject => Role::Reviewer,
            Step::Approve | Step::RejectApproval | Step::Issue | Step::Reopen => Role::Signatory,
        }
    }

    /// States the step may start from.
    fn from(self) -> &'static [OrderStatus] {
        use OrderStatus::*;
        match self {
            Step::Receive => &[Registered],
            Step::EnterResult => &[Received, InTesting],
            Step::Submit => &[Received, InTesting],
            Step::ReviewAccept | Step::ReviewReject => &[AwaitingReview],
            Step::Approve | Step::RejectApproval => &[AwaitingApproval],
            Step::Issue => &[Approved],
            Step::Reopen => &[Issued],
            Step::Edit => &[Registered, Received, InTesting],
        }
    }

    /// The state after the step.
    pub fn to(self, current: OrderStatus) -> OrderStatus {
        use OrderStatus::*;
        match self {
            Step::Receive => Received,
            Step::EnterResult => InTesting,
            Step::Submit => AwaitingReview,
            Step::ReviewAccept => AwaitingApproval,
            Step::Approve => Approved,
            Step::ReviewReject | Step::RejectApproval | Step::Reopen => InTesting,
            Step::Issue => Issued,
            Step::Edit => current,
        }
    }
}

/// Why a step was refused, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

/// Check that `actor` may take `step` on `order` now; returns the state it leads to.
pub fn check(order: &Order, actor: &User, step: Step) -> Result<OrderStatus, Refusal> {
    let refuse = |m: String| Err(Refusal(m));
    if !actor.active {
        return refuse(format!("用户 {} 已停用", actor.login));
    }
    let role = step.role();
    // An administrator may stand in at the front desk (receiving, editing order facts).
    let stands_in = actor.has(Role::Admin) && matches!(step, Step::Receive | Step::Edit);
    if !(actor.has(role) || stands_in) {
        return refuse(format!(
            "{}需要“{}”角色，{}（{}）没有该角色",
            step.zh(),
            role.zh(),
            actor.display_name,
            actor.login
        ));
    }
    if !step.from().contains(&order.status) {
        return refuse(format!(
            "委托单 {} 当前为“{}”，不能{}",
            order.number,
            order.status.zh(),
            step.zh()
        ));
    }
    let me = actor.login.as_str();
    match step {
        Step::Submit => {
            let missing = order.missing_results();
            if !missing.is_empty() {
                return refuse(format!(
                    "还有 {} 个项目没有结果：{}",
                    missing.len(),
                    missing.join("、")
                ));
            }
        }
        Step::ReviewAccept | Step::ReviewReject => {
            if order.result_enterers().contains(me) {
                return refuse(format!(
                    "{} 录入过本委托单的结果，不能审核自己的结果（审核员须另一人）",
                    actor.display_name
                ));
            }
            if order.prepared.as_ref().is_some_and(|p| p.login == me) {
                return refuse(format!("{} 是报告编制人，不能审核", actor.display_name));
            }
        }
        Step::Approve | Step::RejectApproval => {
            if order.reviewed.as_ref().is_some_and(|r| r.login == me) {
                return refuse(format!("{} 审核了本委托单，不能再批准", actor.display_name));
            }
            if order.prepared.as_ref().is_some_and(|p| p.login == me)
                || order.result_enterers().contains(me)
            {
                return refuse(format!(
                    "{} 编制或录入了本委托单，不能批准",
                    actor.display_name
                ));
            }
            if !actor.authorised_for(&order.standard.field) {
                return refuse(format!(
                    "{} 未被授权签发“{}”领域的报告（已授权：{}）",
                    actor.display_name,
                    order.standard.field,
                    if actor.fields.is_empty() {
                        "无".to_string()
                    } else {
                        actor.fields.join("、")
                    }
                ));
            }
        }
        Step::Issue | Step::Reopen if !actor.authorised_for(&order.standard.field) => {
            return refuse(format!(
                "{} 未被授权签发“{}”领域的报告",
                actor.display_name, order.standard.field
            ));
        }
        _ => {}
    }
    Ok(step.to(order.status))
}
