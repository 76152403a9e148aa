//! The bench gate: what result entry checks beyond the values themselves — the technician's
//! authorisation for the method, the test date, the instruments (in calibration on that day,
//! of the kind the method needs) and the environmental conditions the method requires.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::instruments::usable;
use super::{Result, StoreError, Tx};
use crate::catalog::{ConditionRange, ResolvedItem};
use crate::model::bench::{BenchInput, BenchRecord, InstrumentUse};
use crate::model::{Order, User};
use crate::msg;

/// Check `input` for entering `item` on `order`; the bench record to keep with the values.
/// A subcontracted item is tested with the other lab's instruments by its own staff: only the
/// test date is checked.
pub(crate) fn bench_record(
    tx: &Tx,
    actor: &User,
    order: &Order,
    item: &ResolvedItem,
    input: &BenchInput,
) -> Result<BenchRecord> {
    let today = tx.now.date_naive();
    let tested_on = input.tested_on.unwrap_or(today);
    check_date(order, tested_on, today)?;
    let tested_until = input.tested_until.filter(|u| *u != tested_on);
    if let Some(until) = tested_until {
        check_span(tested_on, until, today)?;
    }
    let subcontracted = order
        .arrangements
        .get(&item.code)
        .is_some_and(|a| a.subcontract.is_some());
    if subcontracted {
        return Ok(BenchRecord {
            tested_on: Some(tested_on),
            tested_until,
            conditions: input.conditions,
            ..BenchRecord::default()
        });
    }
    check_authorised(actor, item)?;
    let instruments = usable(tx, &input.instruments, tested_on)?;
    if let Some(kind) = &item.needs.instrument {
        if !instruments.iter().any(|i| &i.kind == kind) {
            let (code, method) = (&item.code, &item.method);
            return Err(StoreError::Refused(msg!(
                "{code} 的检测方法 {method} 须使用“{kind}”类设备，请选择所用设备（--instrument）",
                "{code}'s method {method} needs an instrument of the kind “{kind}”: name the one used (--instrument)"
            )));
        }
    }
    let deviation = check_conditions(item, input)?;
    Ok(BenchRecord {
        tested_on: Some(tested_on),
        tested_until,
        instruments: instruments
            .iter()
            .map(|i| InstrumentUse {
                id: i.id.clone(),
                name: i.name.clone(),
                model: i.model.clone(),
                due: i.due_on(tested_on),
            })
            .collect(),
        conditions: input.conditions,
        deviation,
    })
}

/// A test is done between receipt and today.
fn check_date(order: &Order, tested_on: NaiveDate, today: NaiveDate) -> Result<()> {
    if tested_on > today {
        return Err(StoreError::Refused(msg!(
            "检测日期 {tested_on} 在今天（{today}）之后",
            "Test date {tested_on} is after today ({today})"
        )));
    }
    if let Some(received) = order.received_on.filter(|r| tested_on < *r) {
        return Err(StoreError::Refused(msg!(
            "检测日期 {tested_on} 早于收样日期 {received}",
            "Test date {tested_on} is before the sample was received ({received})"
        )));
    }
    Ok(())
}

/// A test over several days ends on or after its first day, and not after today.
fn check_span(first: NaiveDate, last: NaiveDate, today: NaiveDate) -> Result<()> {
    if last < first {
        return Err(StoreError::Refused(msg!(
            "检测结束日期 {last} 早于开始日期 {first}",
            "The test's last day {last} is before its first day {first}"
        )));
    }
    if last > today {
        return Err(StoreError::Refused(msg!(
            "检测结束日期 {last} 在今天（{today}）之后",
            "The test's last day {last} is after today ({today})"
        )));
    }
    Ok(())
}

fn check_authorised(actor: &User, item: &ResolvedItem) -> Result<()> {
    if actor.authorised_method(&item.method) {
        return Ok(());
    }
    let (who, method, code) = (&actor.login, &item.method, &item.code);
    Err(StoreError::Refused(msg!(
        "{who} 未获授权检测方法 {method}（项目 {code}）；请管理员授权（unilab user authorise）",
        "{who} is not authorised for the method {method} (item {code}); an administrator grants it (unilab user authorise)"
    )))
}

/// Each condition the method names must be recorded; a value outside the range is refused
/// unless a deviation justifies it, which then waits for a signatory's approval.
fn check_conditions(item: &ResolvedItem, input: &BenchInput) -> Result<Option<String>> {
    let given = |v: Option<Decimal>, range: Option<ConditionRange>, what: [&str; 3]| {
        let Some(range) = range else {
            return Ok(None);
        };
        let [zh, en, unit] = what;
        let code = &item.code;
        let Some(v) = v else {
            return Err(StoreError::Refused(msg!(
                "{code} 的检测方法要求记录{zh}（{range} {unit}）",
                "{code}'s method requires the {en} to be recorded ({range} {unit})"
            )));
        };
        Ok((!range.contains(v)).then(|| {
            (
                format!("{zh} {v} {unit} 超出方法要求 {range} {unit}"),
                format!("{en} {v} {unit} is outside the method's {range} {unit}"),
            )
        }))
    };
    let outside: Vec<(String, String)> = [
        given(
            input.conditions.temperature,
            item.needs.temperature,
            ["环境温度", "temperature", "℃"],
        )?,
        given(
            input.conditions.humidity,
            item.needs.humidity,
            ["相对湿度", "humidity", "%RH"],
        )?,
    ]
    .into_iter()
    .flatten()
    .collect();
    if outside.is_empty() {
        return Ok(None);
    }
    let zh: Vec<&str> = outside.iter().map(|(z, _)| z.as_str()).collect();
    let zh = zh.join("；");
    match input.deviation.as_deref().map(str::trim) {
        Some(why) if !why.is_empty() => {
            crate::model::text::check_text(["偏离说明", "Deviation"], why)?;
            Ok(Some(format!("{zh}：{why}")))
        }
        _ => {
            let en: Vec<&str> = outside.iter().map(|(_, e)| e.as_str()).collect();
            let en = en.join("; ");
            Err(StoreError::Refused(msg!(
                "{zh}；不能录入，或说明偏离原因（--deviation），经批准后记入报告",
                "{en}; not entered — or justify it as a deviation (--deviation), approved before the report"
            )))
        }
    }
}
