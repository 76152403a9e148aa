//! `unilab enterprise show`: the enterprise page as text — identity, credit class, blacklist
//! state, then its orders newest first, as the bureau's quality file (质量档案) lists them.

use crate::model::CreditClass;
use crate::supervision::history::EnterpriseFile;
use crate::supervision::report::Standing;

fn outcome_zh(s: Standing) -> &'static str {
    match s {
        Standing::Testing => "检验中",
        Standing::Undecided => "无法判定",
        Standing::Passed => "合格",
        Standing::Failed => "不合格",
    }
}

fn class_zh(c: CreditClass) -> &'static str {
    match c {
        CreditClass::A => "A（守信）",
        CreditClass::B => "B（基本守信）",
        CreditClass::C => "C（失信风险高，加大抽查）",
    }
}

pub fn text(f: &EnterpriseFile) -> String {
    let e = &f.enterprise;
    let or_slash = |s: &str| {
        if s.is_empty() {
            "/".to_string()
        } else {
            s.to_string()
        }
    };
    let mut out = format!(
        "统一社会信用代码  {}\n企业名称          {}\n地址              {}\n联系方式          {}\n\
         信用等级          {}\n黑名单            {}\n监督抽查 {} 次，不合格 {} 次\n",
        e.credit_code,
        e.name,
        or_slash(&e.address),
        or_slash(&e.contact),
        class_zh(e.credit_class),
        e.blacklist
            .as_ref()
            .map_or("否".to_string(), |why| format!("是：{why}")),
        f.spot_checks(),
        f.failed(),
    );
    quality_sections(f, &mut out);
    out.push_str("\n委托单与抽查\n");
    if f.orders.is_empty() {
        out.push_str("（无委托单）\n");
    }
    for r in &f.orders {
        let roles: Vec<&str> = r.roles.iter().map(|x| x.zh()).collect();
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}{}{}\n",
            r.order,
            r.date,
            r.type_zh,
            r.task.as_deref().unwrap_or("/"),
            roles.join("、"),
            outcome_zh(r.outcome),
            if r.failed_items.is_empty() {
                String::new()
            } else {
                format!("：{}", r.failed_items.join("、"))
            },
            r.after_failure
                .as_ref()
                .map(|w| format!("\t{w}"))
                .unwrap_or_default()
        ));
    }
    out
}

/// Licences, class and blacklist history, complaints and the class proposal, each a section
/// (an empty one says so, so a reader knows it was looked at).
fn quality_sections(f: &EnterpriseFile, out: &mut String) {
    let q = &f.enterprise.quality;
    let date = |d: Option<chrono::NaiveDate>| d.map_or("/".to_string(), |d| d.to_string());
    out.push_str("\n许可证\n");
    if f.licences.is_empty() {
        out.push_str("（无）\n");
    }
    for l in &f.licences {
        let x = &l.licence;
        out.push_str(&format!(
            "{}\t{}\t{}\t发证 {}\t有效期至 {}{}\n",
            x.kind.zh(),
            x.number,
            if x.scope.is_empty() { "/" } else { &x.scope },
            date(x.issued),
            date(x.valid_until),
            if l.expired { "\t已过期" } else { "" }
        ));
    }
    out.push_str("\n信用等级变更\n");
    if q.class_history.is_empty() {
        out.push_str("（无）\n");
    }
    for c in &q.class_history {
        out.push_str(&format!(
            "{}\t{:?} → {:?}\t{}\t原因：{}\n",
            c.at.format("%Y-%m-%d"),
            c.from,
            c.to,
            c.by,
            c.reason
        ));
    }
    if !q.blacklist_history.is_empty() {
        out.push_str("\n黑名单记录\n");
    }
    for b in &q.blacklist_history {
        out.push_str(&format!(
            "{}\t{}\t{}\t原因：{}\n",
            b.at.format("%Y-%m-%d"),
            if b.listed { "列入" } else { "移出" },
            b.by,
            b.reason
        ));
    }
    out.push_str(&format!("\n投诉 {} 件\n", q.complaints.len()));
    for c in &q.complaints {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            c.received,
            c.from,
            c.order.as_deref().unwrap_or("/"),
            c.text
        ));
    }
    if let Some(p) = &f.proposal {
        out.push_str(&format!(
            "\n信用等级建议：调整为 {:?}：{}（须由人员决定并说明原因：unilab enterprise class）\n",
            p.to, p.because_zh
        ));
    }
}
