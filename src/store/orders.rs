//! Orders: registration, receipt, results and the sign-off steps.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde_json::json;

use super::registration::{resolve_all, Registration};
use super::{Result, Store, StoreError, Tx, ORDERS, ORDER_FACTS, ORDER_INDEX};
use crate::catalog::{Catalog, Selection};
use crate::decision::Uncertainty;
use crate::inspection::InspectionType;
use crate::message::Msg;
use crate::model::bench::BenchInput;
use crate::model::custody::ReceiptInput;
use crate::model::fact::OrderFact;
use crate::model::order::{Signature, StandardRef};
use crate::model::{
    Order, OrderStatus, OrderSummary, ResultEntry, Role, Sample, StatusChange, User,
};
use crate::msg;
use crate::number::ResultValue;
use crate::workflow::{check, Step};

/// What a clerk fills in to register an order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewOrder {
    pub inspection_type: InspectionType,
    pub client: String,
    pub producer: Option<String>,
    pub sample: Sample,
    pub standard: String,
    pub grade: String,
    pub spec: Option<String>,
    /// For 委托检验 exactly the client's items (empty: the scheme's proposal); otherwise added
    /// to the mandatory items.
    pub items: Vec<String>,
    pub due: Option<NaiveDate>,
    pub deviations: String,
    pub remarks: String,
    /// Register under a withdrawn edition (explicit override).
    pub allow_withdrawn: bool,
}

impl NewOrder {
    /// The one check of a new order's texts, whichever way it arrives (screen, CLI, import).
    pub fn validate(&self) -> std::result::Result<(), Msg> {
        use crate::model::text::check_text;
        self.sample.validate()?;
        check_text(["委托单位", "Client"], &self.client)?;
        if let Some(p) = &self.producer {
            check_text(["生产单位", "Producer"], p)?;
        }
        check_text(["标准", "Standard"], &self.standard)?;
        check_text(["等级", "Grade"], &self.grade)?;
        if let Some(s) = &self.spec {
            check_text(["规格", "Spec"], s)?;
        }
        for i in &self.items {
            check_text(["项目", "Item"], i)?;
        }
        check_text(["偏离说明", "Deviations"], &self.deviations)?;
        check_text(["备注", "Remarks"], &self.remarks)
    }
}

pub(crate) fn not_found(number: &str) -> StoreError {
    StoreError::NotFound(msg!("没有委托单“{number}”", "No order “{number}”"))
}

/// See [`Store::changes_since`].
#[derive(Debug, Clone)]
pub struct Changes {
    pub stamp: u64,
    pub entries: Vec<super::AuditEntry>,
}

/// Default turnaround when the clerk gives no due date.
const DEFAULT_DAYS: u64 = 7;

impl Store {
    pub fn order(&self, number: &str) -> Result<Order> {
        self.read(ORDERS, number, &format!("委托单 {number}"))?
            .ok_or_else(|| not_found(number))
    }

    /// What other terminals changed after audit entry `seq`, read in one snapshot: the new
    /// change stamp and the entries. A screen refreshes what they name (the open order, the
    /// lab's settings) and reads its list's page again, instead of re-reading everything.
    pub fn changes_since(&self, seq: u64) -> Result<Changes> {
        let snap = self.snapshot()?;
        let stamp = snap
            .meta::<(u64, String)>(super::tx::HEAD)?
            .map_or(0, |(s, _)| s);
        let entries = snap.audit_since(seq)?;
        Ok(Changes { stamp, entries })
    }

    /// The list rows of every order, in number order, without decoding items or results.
    pub fn order_summaries(&self) -> Result<Vec<OrderSummary>> {
        self.read_all(ORDER_INDEX, "委托单索引")
    }

    /// Every order's statistics row, in order-number order.
    pub fn order_facts(&self) -> Result<Vec<OrderFact>> {
        self.read_all(ORDER_FACTS, "统计记录")
    }

    pub fn register_order(
        &self,
        actor: &User,
        catalog: &Catalog,
        new: &NewOrder,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.register_order_with(actor, catalog, new, &Registration::default(), now)
    }

    /// Register with further bases, dimensions, declared values and a decision rule.
    pub fn register_order_with(
        &self,
        actor: &User,
        catalog: &Catalog,
        new: &NewOrder,
        reg: &Registration,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        let mut tx = self.begin(&actor.login, now)?;
        let order = build_order(&mut tx, actor, catalog, new, reg)?;
        let mut after = json!({
            "type": order.inspection_type.key(),
            "client": order.client.name,
            "sample": order.sample.name,
            "standard": order.standard.code,
            "grade": order.grade,
            "items": order.items.iter().map(|i| &i.code).collect::<Vec<_>>(),
        });
        // What issue 11 added is recorded when used, so a plain order's entry reads as before.
        let declared: BTreeMap<&str, String> = order
            .items
            .iter()
            .filter_map(|i| i.declared.map(|d| (i.code.as_str(), d.to_string())))
            .collect();
        if !order.more_bases.is_empty() {
            after["bases"] = json!(order.basis_codes());
        }
        if order.decision_rule != crate::decision::DecisionRule::Simple {
            after["decision_rule"] = json!(order.decision_rule.key());
        }
        if !order.dimensions.is_empty() {
            after["dimensions"] = json!(order.dimensions);
        }
        if !declared.is_empty() {
            after["declared"] = json!(declared);
        }
        if order.product_analysis {
            after["product_analysis"] = json!(true);
        }
        tx.audit("order.register", &order.number, None, Some(after), None)?;
        save(&mut tx, &order)?;
        tx.commit()?;
        Ok(order)
    }

    /// Load, check the revision the caller saw, apply a workflow step, save and audit.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn step(
        &self,
        actor: &User,
        number: &str,
        expected_revision: Option<u64>,
        step: Step,
        reason: Option<&str>,
        now: DateTime<Utc>,
        apply: impl FnOnce(
            &mut Order,
            &mut Tx,
        ) -> Result<(Option<serde_json::Value>, Option<serde_json::Value>)>,
    ) -> Result<Order> {
        let mut tx = self.begin(&actor.login, now)?;
        let mut order: Order = tx
            .get(ORDERS, number, &format!("委托单 {number}"))?
            .ok_or_else(|| not_found(number))?;
        if let Some(seen) = expected_revision {
            if seen != order.revision {
                let last = order
                    .history
                    .last()
                    .map(|h| h.by.as_str())
                    .unwrap_or("他人");
                return Err(StoreError::Conflict(msg!(
                    "委托单 {number} 在您打开后已被修改（最近：{last}），请刷新后再操作；您输入的内容未丢失",
                    "Order {number} was changed after you opened it (last: {last}); refresh and try again — what you typed is kept"
                )));
            }
        }
        let next = check(&order, actor, step)?;
        let (before, after) = apply(&mut order, &mut tx)?;
        if step == Step::Issue {
            super::custody::to_retention(&mut order, actor, tx.now);
        }
        if next != order.status || matches!(step, Step::ReviewReject | Step::RejectApproval) {
            order.history.push(StatusChange {
                at: tx.now,
                by: actor.login.clone(),
                from: Some(order.status),
                to: next,
                reason: reason.map(str::to_string),
            });
            order.status = next;
        }
        order.revision += 1;
        let op = format!("order.{}", step_key(step));
        let before = before.or_else(|| {
            Some(json!({"status": order.history.last().and_then(|h| h.from).map(|s| s.key())}))
        });
        let after = after.or_else(|| Some(json!({"status": order.status.key()})));
        tx.audit(&op, number, before, after, reason)?;
        save(&mut tx, &order)?;
        tx.commit()?;
        Ok(order)
    }

    /// Receive the sample today, in the state registered with the order, with no seal.
    pub fn receive(
        &self,
        actor: &User,
        number: &str,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.receive_with(actor, number, &ReceiptInput::default(), expected, now)
    }

    /// Receive the sample: the day it came in (not after today), its state and seal; the
    /// sample then waits in the sample room.
    pub fn receive_with(
        &self,
        actor: &User,
        number: &str,
        input: &ReceiptInput,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.step(
            actor,
            number,
            expected,
            Step::Receive,
            None,
            now,
            |o, tx| {
                let receipt = super::custody::receipt(o, actor, input, tx.now)?;
                let after = json!({"status": OrderStatus::Received.key(), "received_on": receipt.date,
                                   "state": receipt.state, "seal": receipt.seal});
                o.received_on = Some(receipt.date);
                o.receipt = Some(receipt);
                super::custody::arrive(o, actor, input, tx.now);
                Ok((None, Some(after)))
            },
        )
    }

    /// Enter (or re-enter) the values of one item. Re-entry keeps the old values in the history
    /// and needs a reason.
    #[allow(clippy::too_many_arguments)]
    pub fn enter_result(
        &self,
        actor: &User,
        number: &str,
        item: &str,
        texts: &[String],
        reason: Option<&str>,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        let bench = BenchInput::default();
        self.enter_result_with(
            actor, number, item, texts, None, &bench, reason, expected, now,
        )
    }

    /// Enter values with the expanded uncertainty (k = 2) measured with them.
    #[allow(clippy::too_many_arguments)]
    pub fn enter_result_with(
        &self,
        actor: &User,
        number: &str,
        item: &str,
        texts: &[String],
        uncertainty: Option<Uncertainty>,
        bench: &BenchInput,
        reason: Option<&str>,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        // Checked against the order as read inside the write transaction: no second read, and
        // no deciding on a copy another terminal has changed meanwhile.
        self.step(
            actor,
            number,
            expected,
            Step::EnterResult,
            reason,
            now,
            |o, tx| {
                let values = parse_entry(o, item, texts)?;
                let resolved = o.item(item).cloned().ok_or_else(|| not_found(item))?;
                let bench = super::bench::bench_record(tx, actor, o, &resolved, bench)?;
                let previous = o
                    .results
                    .get(item)
                    .and_then(|r| r.current())
                    .map(|e| e.values.clone());
                if previous.is_some() && reason.is_none_or(|r| r.trim().is_empty()) {
                    return Err(StoreError::Refused(msg!(
                        "{item} 已有结果，修改须说明原因（--reason）",
                        "{item} already has a result; changing it needs a reason (--reason)"
                    )));
                }
                let texts = |vs: &[ResultValue]| {
                    vs.iter().map(|v| v.text().to_string()).collect::<Vec<_>>()
                };
                let before = json!({"item": item, "values": previous.as_deref().map(texts)});
                let mut after = json!({"item": item, "values": texts(&values)});
                if let Some(u) = uncertainty {
                    after["uncertainty"] = json!(u.to_string());
                }
                after["tested_on"] = json!(bench.tested_on);
                let ids: Vec<&str> = bench.instruments.iter().map(|i| i.id.as_str()).collect();
                if !ids.is_empty() {
                    after["instruments"] = json!(ids);
                }
                if !bench.conditions.is_empty() {
                    after["conditions"] = json!(bench.conditions.text());
                }
                if let Some(d) = &bench.deviation {
                    after["deviation"] = json!(d);
                    super::arrangements::note_deviation(o, item, d, actor);
                }
                // New values need checking again (校核).
                o.checked = None;
                super::custody::to_bench(o, actor, tx.now);
                o.results
                    .entry(item.to_string())
                    .or_default()
                    .history
                    .push(ResultEntry {
                        values,
                        entered_by: actor.login.clone(),
                        entered_at: tx.now,
                        reason: reason.map(str::to_string),
                        uncertainty,
                        bench,
                    });
                Ok((Some(before), Some(after)))
            },
        )
    }

    /// The checker's step (校核): another technician has checked the raw record against the
    /// values entered.
    pub fn check_order(
        &self,
        actor: &User,
        number: &str,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.step(actor, number, expected, Step::Check, None, now, |o, tx| {
            o.checked = Some(signature(actor, tx.now));
            Ok((None, Some(json!({"checked_by": actor.login}))))
        })
    }

    pub fn submit(
        &self,
        actor: &User,
        number: &str,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.step(actor, number, expected, Step::Submit, None, now, |o, tx| {
            o.prepared = Some(signature(actor, tx.now));
            Ok((None, None))
        })
    }

    pub fn review(
        &self,
        actor: &User,
        number: &str,
        accept: bool,
        reason: Option<&str>,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        if accept {
            self.step(
                actor,
                number,
                expected,
                Step::ReviewAccept,
                reason,
                now,
                |o, tx| {
                    o.reviewed = Some(signature(actor, tx.now));
                    Ok((None, None))
                },
            )
        } else {
            let reason = require_reason(reason, ("审核退回", "Sending back from review"))?;
            self.step(
                actor,
                number,
                expected,
                Step::ReviewReject,
                Some(reason),
                now,
                |o, _| {
                    o.prepared = None;
                    Ok((None, None))
                },
            )
        }
    }

    pub fn approve(
        &self,
        actor: &User,
        number: &str,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        self.step(
            actor,
            number,
            expected,
            Step::Approve,
            None,
            now,
            |o, tx| {
                o.approved = Some(signature(actor, tx.now));
                Ok((None, None))
            },
        )
    }

    pub fn reject_approval(
        &self,
        actor: &User,
        number: &str,
        reason: Option<&str>,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        let reason = require_reason(reason, ("批准退回", "Sending back from approval"))?;
        self.step(
            actor,
            number,
            expected,
            Step::RejectApproval,
            Some(reason),
            now,
            |o, _| {
                o.prepared = None;
                o.reviewed = None;
                Ok((None, None))
            },
        )
    }

    /// Reopen an issued order so its report can be corrected; the next issue replaces it.
    pub fn reopen(
        &self,
        actor: &User,
        number: &str,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Order> {
        let reason = require_reason(reason, ("更正报告", "Correcting a report"))?.to_string();
        self.step(
            actor,
            number,
            None,
            Step::Reopen,
            Some(&reason.clone()),
            now,
            move |o, _| {
                let last = o.reports.last().cloned().ok_or_else(|| {
                    StoreError::Refused(msg!("该委托单还没有报告", "This order has no report yet"))
                })?;
                o.amending = Some((last, reason));
                o.prepared = None;
                o.reviewed = None;
                o.approved = None;
                Ok((None, None))
            },
        )
    }

    /// Issue: a workflow step run by `reports.rs` inside its own transaction.
    pub(crate) fn issue_step(
        &self,
        actor: &User,
        number: &str,
        now: DateTime<Utc>,
        apply: impl FnOnce(
            &mut Order,
            &mut Tx,
        ) -> Result<(Option<serde_json::Value>, Option<serde_json::Value>)>,
    ) -> Result<Order> {
        self.step(actor, number, None, Step::Issue, None, now, apply)
    }
}

/// Check typed values against an order's item: it exists, is entered (not computed), has room
/// for that many specimens, and every value reads as the item allows.
pub(crate) fn parse_entry(order: &Order, item: &str, texts: &[String]) -> Result<Vec<ResultValue>> {
    let number = &order.number;
    let it = order.item(item).ok_or_else(|| {
        let codes: Vec<&str> = order.items.iter().map(|i| i.code.as_str()).collect();
        let (zh, en) = (codes.join("、"), codes.join(", "));
        StoreError::Refused(msg!(
            "委托单 {number} 没有项目“{item}”；项目：{zh}",
            "Order {number} has no item “{item}”; its items: {en}"
        ))
    })?;
    if it.is_computed() {
        let (name, en) = (&it.name_zh, &it.name_en);
        let formula = it.formula.as_ref().map(|f| f.text.as_str()).unwrap_or("");
        return Err(StoreError::Refused(msg!(
            "{item}（{name}）由公式 {formula} 计算，请录入其输入项目",
            "{item} ({en}) is computed by {formula}: enter its inputs"
        )));
    }
    if texts.is_empty() {
        return Err(StoreError::Refused(msg!("没有给出数值", "No value given")));
    }
    if texts.len() > it.replicates as usize {
        let (want, got) = (it.replicates, texts.len());
        return Err(StoreError::Refused(msg!(
            "{item} 规定 {want} 个试样，给出了 {got} 个数值",
            "{item} takes {want} specimen(s); {got} values were given"
        )));
    }
    let words = it.accepts_words();
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            ResultValue::parse(t, words).map_err(|e| {
                let n = i + 1;
                StoreError::Refused(e.msg().prefixed(
                    &format!("{item} 第 {n} 个数值："),
                    &format!("{item}, value {n}: "),
                ))
            })
        })
        .collect()
}

fn step_key(step: Step) -> &'static str {
    match step {
        Step::Receive => "receive",
        Step::EnterResult => "result",
        Step::Submit => "submit",
        Step::ReviewAccept => "review.accept",
        Step::ReviewReject => "review.reject",
        Step::Approve => "approve",
        Step::RejectApproval => "approval.reject",
        Step::Issue => "issue",
        Step::Reopen => "reopen",
        Step::Edit => "edit",
        Step::Check => "check",
    }
}

fn require_reason<'a>(reason: Option<&'a str>, what: (&str, &str)) -> Result<&'a str> {
    match reason.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(r),
        _ => {
            let (zh, en) = what;
            Err(StoreError::Refused(msg!(
                "{zh}须说明原因（--reason）",
                "{en} needs a reason (--reason)"
            )))
        }
    }
}

pub(crate) fn signature(actor: &User, now: DateTime<Utc>) -> Signature {
    Signature {
        login: actor.login.clone(),
        name: actor.display_name.clone(),
        at: now,
    }
}

/// Write every order's list row again from the order (a migration that changed the row).
pub(crate) fn rebuild_index(tx: &mut Tx) -> Result<()> {
    for order in tx.all::<Order>(ORDERS, "委托单")? {
        tx.put_compact(ORDER_INDEX, &order.number, &order.summary())?;
    }
    Ok(())
}

/// Write every order's statistics row from the order (the migration that added them).
pub(crate) fn rebuild_facts(tx: &mut Tx) -> Result<()> {
    for order in tx.all::<Order>(ORDERS, "委托单")? {
        tx.put_compact(ORDER_FACTS, &order.number, &OrderFact::from(&order))?;
    }
    Ok(())
}

pub(crate) fn save(tx: &mut Tx, order: &Order) -> Result<()> {
    tx.put(ORDERS, &order.number, order)?;
    let row = order.summary();
    let old: Option<OrderSummary> = tx.get(ORDER_INDEX, &order.number, "委托单索引")?;
    // Most writes (a result, a signature) change nothing the lists order or count by.
    let listed_alike = old.as_ref().is_some_and(|o| {
        OrderSummary {
            revision: row.revision,
            ..o.clone()
        } == row
    });
    if !listed_alike {
        super::list_index::reindex(tx, old.as_ref(), &row)?;
    }
    tx.put_compact(ORDER_INDEX, &order.number, &row)?;
    tx.put_compact(ORDER_FACTS, &order.number, &OrderFact::from(order))
}

/// The standard library's own words (it speaks Chinese; the lead says what happened in English).
fn library_refusal(detail: String) -> StoreError {
    StoreError::Refused(Msg::new(
        detail.clone(),
        format!("The standard library refused this: {detail}"),
    ))
}

/// Resolve and number a new order inside `tx` (shared by registration and bulk import).
pub(crate) fn build_order(
    tx: &mut Tx,
    actor: &User,
    catalog: &Catalog,
    new: &NewOrder,
    reg: &Registration,
) -> Result<Order> {
    if !(actor.has(Role::Clerk) || actor.has(Role::Admin)) {
        let who = &actor.login;
        return Err(StoreError::Refused(msg!(
            "登记委托单需要“收样员”角色，{who} 没有",
            "Registering an order needs the sample clerk role; {who} does not have it"
        )));
    }
    let super::spot_check::Parties {
        client,
        producer,
        sampling,
        blacklist_reason,
        new,
    } = super::spot_check::parties(tx, new, reg)?;
    let retest_of = reg.retest_of.clone();
    if let Some(r) = &retest_of {
        r.check()?;
    }
    new.validate()?;
    let new = &new;
    let standard = catalog.find(&new.standard).map_err(library_refusal)?;
    let today = tx.now.date_naive();
    let (mut items, more_bases) = resolve_all(
        catalog,
        standard,
        &Selection {
            grade: &new.grade,
            spec: new.spec.as_deref(),
            inspection_type: new.inspection_type,
            requested: &new.items,
            on: today,
            allow_withdrawn: new.allow_withdrawn,
        },
        reg,
    )?;
    for item in &mut items {
        item.needs = catalog.method_needs(&item.method);
    }
    let lab = tx
        .meta::<crate::model::Lab>("lab")?
        .ok_or_else(|| StoreError::Corrupt("缺少实验室信息".into()))?;
    let year = today.year();
    let seq = tx.next_seq("order", year)?;
    let number = lab.order_number(year, seq);
    let site =
        crate::model::site::site_for_order(&lab.sites, actor.site.as_deref(), reg.site.as_deref())?;
    if tx.get::<Order>(ORDERS, &number, "委托单")?.is_some() {
        return Err(StoreError::Corrupt(format!(
            "委托单编号 {number} 已被使用：编号序列与已有委托单不一致"
        )));
    }
    let mut sample = new.sample.clone();
    if sample.sample_number.trim().is_empty() {
        sample.sample_number = format!("{number}-1");
    }
    let due = new.due.unwrap_or_else(|| {
        today
            .checked_add_days(Days::new(DEFAULT_DAYS))
            .unwrap_or(today)
    });
    Ok(Order {
        number,
        revision: 1,
        inspection_type: new.inspection_type,
        status: OrderStatus::Registered,
        client,
        producer,
        sample,
        registered_at: tx.now,
        registered_by: actor.login.clone(),
        received_on: None,
        due,
        standard: StandardRef {
            code: standard.code.clone(),
            title_zh: standard.title_zh.clone(),
            field: standard.field.clone(),
        },
        grade: new.grade.clone(),
        spec: new.spec.clone(),
        items,
        results: BTreeMap::new(),
        deviations: new.deviations.clone(),
        remarks: new.remarks.clone(),
        prepared: None,
        reviewed: None,
        approved: None,
        history: vec![StatusChange {
            at: tx.now,
            by: actor.login.clone(),
            from: None,
            to: OrderStatus::Registered,
            reason: None,
        }],
        reports: Vec::new(),
        amending: None,
        more_bases,
        decision_rule: reg.rule,
        dimensions: reg.dimensions.clone(),
        product_analysis: reg.product_analysis,
        receipt: None,
        checked: None,
        custody: Default::default(),
        arrangements: BTreeMap::new(),
        sampling,
        blacklist_reason,
        after_failure: Default::default(),
        retest_of,
        site,
    })
}
