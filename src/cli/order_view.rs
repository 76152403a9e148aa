//! Showing one order as text or JSON.

use serde_json::json;

use crate::judge::Verdict;
use crate::model::Order;

/// `flags`: what the reviewer must see about the instruments (store::instrument_flags).
pub fn order_json(o: &Order, flags: &[crate::message::Msg]) -> serde_json::Value {
    let outcomes = o.outcomes();
    let items: Vec<serde_json::Value> = o
        .items
        .iter()
        .zip(&outcomes)
        .map(|(i, out)| {
            json!({
                "code": i.code,
                "name": i.name_zh,
                "unit": i.unit,
                "method": i.method,
                "requirement": i.limit.text,
                "mandatory": i.mandatory,
                "computed": i.is_computed(),
                "values": out.values.iter().map(|v| v.text()).collect::<Vec<_>>(),
                "reported": out.judgement.as_ref().map(|j| j.reported.clone()),
                "verdict": out.verdict().map(Verdict::key),
                "pending": out.pending,
                "basis": i.basis.as_deref().unwrap_or(&o.standard.code),
                "declared": i.declared.map(|d| d.to_string()),
                "condition": i.limit_condition,
                "uncertainty": o
                    .results
                    .get(&i.code)
                    .and_then(|r| r.current())
                    .and_then(|e| e.uncertainty)
                    .or(i.uncertainty)
                    .map(|u| u.to_string()),
                "bench": o.results.get(&i.code).and_then(|r| r.current()).map(|e| &e.bench),
                "needs": i.needs,
                "arrangement": o.arrangements.get(&i.code),
            })
        })
        .collect();
    json!({
        "number": o.number,
        "status": o.status.key(),
        "revision": o.revision,
        "inspection_type": o.inspection_type.key(),
        "client": o.client,
        "producer": o.producer,
        "sample": o.sample,
        "standard": o.standard.code,
        "grade": o.grade,
        "spec": o.spec,
        "due": o.due,
        "bases": o.basis_codes(),
        "rule": o.decision_rule.key(),
        "dimensions": o.dimensions,
        "product_analysis": o.product_analysis,
        "items": items,
        "overall": o.overall().key(),
        "conclusion": o.conclusion(),
        "reports": o.reports,
        "history": o.history,
        "receipt": o.receipt,
        "sampling": o.sampling,
        "blacklist_reason": o.blacklist_reason,
        "retest_of": o.retest_of,
        "after_failure": o.after_failure,
        "checked": o.checked,
        "test_period": o.test_period(),
        "sample_location": o.custody.location().map(|l| l.key()),
        "unapproved_arrangements": o.unapproved_arrangements(),
        "review_flags": flags.iter().map(|m| &m.zh).collect::<Vec<_>>(),
    })
}

pub fn order_text(o: &Order, flags: &[crate::message::Msg]) -> String {
    let mut s = String::new();
    let mut line = |t: String| {
        s.push_str(&t);
        s.push('\n');
    };
    line(format!(
        "委托单 {}  {}  {}",
        o.number,
        o.inspection_type.zh(),
        o.status.zh()
    ));
    line(format!(
        "委托单位：{}（{}）",
        o.client.name, o.client.credit_code
    ));
    if let Some(p) = &o.producer {
        line(format!("生产单位：{}", p.name));
    }
    line(format!(
        "样品：{}  编号 {}",
        o.sample.name, o.sample.sample_number
    ));
    line(format!(
        "依据：{} {} {}{}",
        o.standard.code,
        o.standard.title_zh,
        o.grade,
        o.spec.as_ref().map(|x| format!(" {x}")).unwrap_or_default()
    ));
    for b in &o.more_bases {
        line(format!(
            "依据：{} {} {}",
            b.standard.code, b.standard.title_zh, b.grade
        ));
    }
    if !o.dimensions.is_empty() {
        let dims: Vec<String> = o
            .dimensions
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        line(format!("尺寸：{}", dims.join("，")));
    }
    line(format!("判定规则：{}", o.decision_rule.zh()));
    line(format!("要求完成：{}", o.due));
    line(String::new());
    for (i, out) in o.items.iter().zip(o.outcomes()) {
        let (reported, verdict) = match &out.judgement {
            Some(j) => (j.reported.clone(), j.verdict.to_string()),
            None => ("—".into(), out.pending.clone().unwrap_or_default()),
        };
        line(format!(
            "{}{:<8} {:<16} {:<6} 要求 {:<10} 结果 {:<12} {}",
            if i.mandatory { "*" } else { " " },
            i.code,
            i.name_zh,
            i.unit,
            i.limit.text,
            reported,
            verdict
        ));
    }
    line(String::new());
    bench_lines(o, &mut line);
    for f in flags {
        line(format!("⚠ {}", f.zh));
    }
    line(format!("结论：{}", o.conclusion()));
    for h in &o.history {
        line(format!(
            "  {} {} {}{}",
            h.at.format("%Y-%m-%d %H:%M"),
            h.by,
            h.to.zh(),
            h.reason
                .as_ref()
                .map(|r| format!("（{r}）"))
                .unwrap_or_default()
        ));
    }
    s
}

/// Receipt, test period, the bench facts per item, checker and deviations/subcontracts.
fn bench_lines(o: &Order, line: &mut impl FnMut(String)) {
    if let Some(s) = &o.sampling {
        line(format!(
            "抽样：任务 {} {} {} 受检单位 {} 抽样人员 {} 基数 {} 数量 {} 备样 {}（{}） 封条 {}",
            s.task,
            s.date,
            s.place,
            s.sampled_unit.name,
            s.samplers.join("、"),
            s.lot_size,
            s.sample_quantity,
            s.reserve_quantity,
            s.reserve_location,
            s.seal
        ));
    }
    if let Some(r) = &o.blacklist_reason {
        line(format!("黑名单企业，受理原因：{r}"));
    }
    if let Some(r) = &o.receipt {
        line(format!(
            "收样：{} {} 封样：{} 收样人：{}",
            r.date, r.state, r.seal, r.by
        ));
    }
    if let Some((a, b)) = o.test_period() {
        line(format!("检测日期：{a} 至 {b}"));
    }
    for (code, r) in &o.results {
        let Some(e) = r.current() else { continue };
        let b = &e.bench;
        let used: Vec<String> = b
            .instruments
            .iter()
            .map(|u| format!("{}（有效期至 {}）", u.id, u.due))
            .collect();
        line(format!(
            "  {code}：{} {} 设备 {} 环境 {}",
            b.tested_on.map(|d| d.to_string()).unwrap_or_default(),
            e.entered_by,
            if used.is_empty() {
                "/".to_string()
            } else {
                used.join("、")
            },
            b.conditions.text()
        ));
    }
    for (code, a) in &o.arrangements {
        let state = |ok: bool| if ok { "已批准" } else { "待批准" };
        if let Some(d) = &a.deviation {
            line(format!(
                "偏离 {code}：{}（{}）",
                d.text,
                state(d.approved.is_some())
            ));
        }
        if let Some(s) = &a.subcontract {
            line(format!(
                "分包 {code}：{}，资质 {}（{}）",
                s.lab,
                s.accreditation,
                state(s.approved.is_some())
            ));
        }
    }
    line(match &o.checked {
        Some(c) => format!("校核：{} {}", c.name, c.at.format("%Y-%m-%d %H:%M")),
        None => "校核：未校核".to_string(),
    });
}
