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
    /// The checker's step (校核): a second technician checks the raw record before it goes
    /// to review.
    Check,
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
            Step::Check => "校核",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Step::Receive => "receive",
            Step::EnterResult => "enter results on",
            Step::Submit => "submit",
            Step::ReviewAccept => "pass the review of",
            Step::ReviewReject => "send back",
            Step::Approve => "approve",
            Step::RejectApproval => "send back from approval",
            Step::Issue => "issue",
            Step::Reopen => "reopen (to correct the report)",
            Step::Edit => "edit",
            Step::Check => "check",
        }
    }

    pub fn role(self) -> Role {
        match self {
            Step::Receive | Step::Edit => Role::Clerk,
            Step::EnterResult | Step::Submit | Step::Check => Role::Technician,
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
            Step::Submit | Step::Check => &[Received, InTesting],
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
            Step::Edit | Step::Check => current,
        }
    }
}

/// Why a step was refused: a typed value, worded at the edge in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{}", self.zh())]
    Inactive { login: String },
    /// A user limited to a site, on another site's (or the lab's own) order.
    #[error("{}", self.zh())]
    OtherSite {
        number: String,
        own: String,
        order_site: Option<String>,
    },
    #[error("{}", self.zh())]
    MissingRole {
        step: Step,
        role: Role,
        name: String,
        login: String,
    },
    #[error("{}", self.zh())]
    WrongStatus {
        number: String,
        status: OrderStatus,
        step: Step,
    },
    #[error("{}", self.zh())]
    MissingResults(Vec<crate::model::order::Missing>),
    #[error("{}", self.zh())]
    EnteredResults { name: String },
    #[error("{}", self.zh())]
    PreparedReport { name: String },
    #[error("{}", self.zh())]
    ReviewedIt { name: String },
    #[error("{}", self.zh())]
    PreparedOrEntered { name: String },
    #[error("{}", self.zh())]
    CheckedOwnWork { name: String },
    #[error("{}", self.zh())]
    NotChecked { number: String },
    #[error("{}", self.zh())]
    CheckedIt { name: String },
    #[error("{}", self.zh())]
    UnapprovedArrangements(Vec<String>),
    #[error("{}", self.zh())]
    NotAuthorised {
        name: String,
        field: String,
        fields: Vec<String>,
    },
}

impl Refusal {
    pub fn zh(&self) -> String {
        match self {
            Refusal::Inactive { login } => format!("用户 {login} 已停用"),
            Refusal::OtherSite {
                number,
                own,
                order_site,
            } => format!(
                "委托单 {number} 属于{}，您只能处理本站点 {own} 的委托单",
                order_site
                    .as_deref()
                    .map_or("实验室本部".to_string(), |s| format!("站点 {s}"))
            ),
            Refusal::MissingRole {
                step,
                role,
                name,
                login,
            } => format!(
                "{}需要“{}”角色，{name}（{login}）没有该角色",
                step.zh(),
                role.zh()
            ),
            Refusal::WrongStatus {
                number,
                status,
                step,
            } => format!("委托单 {number} 当前为“{}”，不能{}", status.zh(), step.zh()),
            Refusal::MissingResults(items) => {
                let list: Vec<String> = items
                    .iter()
                    .map(|m| format!("{}（{}）", m.code, m.zh))
                    .collect();
                format!(
                    "还有 {} 个项目没有完整结果：{}",
                    items.len(),
                    list.join("、")
                )
            }
            Refusal::EnteredResults { name } => {
                format!("{name} 录入过本委托单的结果，不能审核自己的结果（审核员须另一人）")
            }
            Refusal::PreparedReport { name } => format!("{name} 是报告编制人，不能审核"),
            Refusal::ReviewedIt { name } => format!("{name} 审核了本委托单，不能再批准"),
            Refusal::PreparedOrEntered { name } => {
                format!("{name} 编制或录入了本委托单，不能批准")
            }
            Refusal::CheckedOwnWork { name } => {
                format!("{name} 录入过本委托单的结果，不能校核自己的记录（校核须另一人）")
            }
            Refusal::NotChecked { number } => {
                format!("委托单 {number} 的原始记录还没有校核（unilab order check），不能提交审核")
            }
            Refusal::CheckedIt { name } => format!("{name} 校核了本委托单，不能再审核"),
            Refusal::UnapprovedArrangements(items) => format!(
                "项目 {} 的偏离或分包尚未批准（unilab order approve-arrangement）",
                items.join("、")
            ),
            Refusal::NotAuthorised {
                name,
                field,
                fields,
            } => format!(
                "{name} 未被授权签发“{field}”领域的报告（已授权：{}）",
                if fields.is_empty() {
                    "无".to_string()
                } else {
                    fields.join("、")
                }
            ),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Refusal::Inactive { login } => format!("User {login} is disabled"),
            Refusal::OtherSite {
                number,
                own,
                order_site,
            } => format!(
                "Order {number} belongs to {}; you work on your site {own}'s orders only",
                order_site
                    .as_deref()
                    .map_or("the lab itself".to_string(), |s| format!("site {s}"))
            ),
            Refusal::MissingRole {
                step,
                role,
                name,
                login,
            } => format!(
                "To {} needs the {} role; {name} ({login}) does not have it",
                step.en(),
                role.en()
            ),
            Refusal::WrongStatus {
                number,
                status,
                step,
            } => format!("Order {number} is “{}”: cannot {} it", status.en(), step.en()),
            Refusal::MissingResults(items) => {
                let list: Vec<String> = items.iter().map(|m| format!("{} ({})", m.code, m.en)).collect();
                format!("{} item(s) have no complete result yet: {}", items.len(), list.join(", "))
            }
            Refusal::EnteredResults { name } => format!(
                "{name} entered results on this order and cannot review them (another reviewer must)"
            ),
            Refusal::PreparedReport { name } => {
                format!("{name} prepared the report and cannot review it")
            }
            Refusal::ReviewedIt { name } => {
                format!("{name} reviewed this order and cannot also approve it")
            }
            Refusal::PreparedOrEntered { name } => {
                format!("{name} prepared or entered results on this order and cannot approve it")
            }
            Refusal::CheckedOwnWork { name } => format!(
                "{name} entered results on this order and cannot check them (another person must)"
            ),
            Refusal::NotChecked { number } => format!(
                "Order {number}'s raw record has not been checked yet (unilab order check); it cannot go to review"
            ),
            Refusal::CheckedIt { name } => {
                format!("{name} checked this order and cannot also review it")
            }
            Refusal::UnapprovedArrangements(items) => format!(
                "The deviation or subcontract of {} is not approved yet (unilab order approve-arrangement)",
                items.join(", ")
            ),
            Refusal::NotAuthorised {
                name,
                field,
                fields,
            } => format!(
                "{name} is not authorised to sign reports in “{field}” (authorised: {})",
                if fields.is_empty() {
                    "none".to_string()
                } else {
                    fields.join(", ")
                }
            ),
        }
    }

    pub fn msg(&self) -> crate::message::Msg {
        crate::message::Msg::new(self.zh(), self.en())
    }
}

/// Whether `actor` may take `step` on `order` at all: active, the role, the order's status.
/// What the screens offer; `check` adds the separation of duties and completeness.
/// A user limited to a site acts on that site's orders only.
pub fn same_site(order: &Order, actor: &User) -> Result<(), Refusal> {
    match &actor.site {
        Some(own) if order.site.as_ref() != Some(own) => Err(Refusal::OtherSite {
            number: order.number.clone(),
            own: own.clone(),
            order_site: order.site.clone(),
        }),
        _ => Ok(()),
    }
}

pub fn may(order: &Order, actor: &User, step: Step) -> Result<(), Refusal> {
    if !actor.active {
        return Err(Refusal::Inactive {
            login: actor.login.clone(),
        });
    }
    same_site(order, actor)?;
    let role = step.role();
    // An administrator may stand in at the front desk (receiving, editing order facts).
    let stands_in = actor.has(Role::Admin) && matches!(step, Step::Receive | Step::Edit);
    if !(actor.has(role) || stands_in) {
        return Err(Refusal::MissingRole {
            step,
            role,
            name: actor.display_name.clone(),
            login: actor.login.clone(),
        });
    }
    if !step.from().contains(&order.status) {
        return Err(Refusal::WrongStatus {
            number: order.number.clone(),
            status: order.status,
            step,
        });
    }
    Ok(())
}

/// Check that `actor` may take `step` on `order` now; returns the state it leads to.
pub fn check(order: &Order, actor: &User, step: Step) -> Result<OrderStatus, Refusal> {
    may(order, actor, step)?;
    let me = actor.login.as_str();
    let name = || actor.display_name.clone();
    match step {
        Step::Submit | Step::Check => {
            let missing = order.incomplete();
            if !missing.is_empty() {
                return Err(Refusal::MissingResults(missing));
            }
            if step == Step::Check && order.result_enterers().contains(me) {
                return Err(Refusal::CheckedOwnWork { name: name() });
            }
            if step == Step::Submit && order.checked.is_none() {
                return Err(Refusal::NotChecked {
                    number: order.number.clone(),
                });
            }
        }
        Step::ReviewAccept | Step::ReviewReject => {
            if order.result_enterers().contains(me) {
                return Err(Refusal::EnteredResults { name: name() });
            }
            if order.prepared.as_ref().is_some_and(|p| p.login == me) {
                return Err(Refusal::PreparedReport { name: name() });
            }
            if order.checked.as_ref().is_some_and(|c| c.login == me) {
                return Err(Refusal::CheckedIt { name: name() });
            }
        }
        Step::Approve | Step::RejectApproval => {
            if order.reviewed.as_ref().is_some_and(|r| r.login == me) {
                return Err(Refusal::ReviewedIt { name: name() });
            }
            if order.prepared.as_ref().is_some_and(|p| p.login == me)
                || order.result_enterers().contains(me)
            {
                return Err(Refusal::PreparedOrEntered { name: name() });
            }
            if !actor.authorised_for(&order.standard.field) {
                return Err(Refusal::NotAuthorised {
                    name: name(),
                    field: order.standard.field.clone(),
                    fields: actor.fields.clone(),
                });
            }
            let pending = order.unapproved_arrangements();
            if step == Step::Approve && !pending.is_empty() {
                return Err(Refusal::UnapprovedArrangements(pending));
            }
        }
        Step::Issue | Step::Reopen if !actor.authorised_for(&order.standard.field) => {
            return Err(Refusal::NotAuthorised {
                name: name(),
                field: order.standard.field.clone(),
                fields: actor.fields.clone(),
            });
        }
        _ => {}
    }
    Ok(step.to(order.status))
}
