//! The audit log in words: operation codes and the JSON the store records before and after a
//! change, rendered for a person in their language. The codes and values stay as stored; only
//! their display changes, so the hash chain is untouched.

use serde_json::Value;

use crate::inspection::InspectionType;
use crate::model::{OrderStatus, Role};
use crate::tui::i18n::Lang;

/// `(code, zh, en)` for every operation (zh at most 12 columns: the list's width for it) the store writes (`tx.audit` and `order.{step}`).
#[rustfmt::skip]
const OPERATIONS: &[(&str, &str, &str)] = &[
    ("init", "建立数据库", "store created"),
    ("migrate", "升级数据结构", "data format upgraded"),
    ("audit.checkpoint", "签名检查点", "signed checkpoint"),
    ("keys.init", "生成密钥", "lab key created"),
    ("keys.import", "导入密钥", "lab key imported"),
    ("login", "登录", "logged in"),
    ("login.failed", "登录失败", "login failed"),
    ("login.locked", "登录失败锁定", "login failed, locked"),
    ("login.refused", "拒绝登录", "login refused"),
    ("user.add", "新增用户", "user added"),
    ("user.enable", "启用用户", "user enabled"),
    ("user.disable", "停用用户", "user disabled"),
    ("user.roles", "改角色与领域", "roles changed"),
    ("user.unlock", "解锁用户", "user unlocked"),
    ("enterprise.add", "新增企业", "enterprise added"),
    ("enterprise.update", "修改企业档案", "enterprise changed"),
    ("enterprise.import", "导入企业", "enterprise imported"),
    ("enterprise.licence", "登记许可证", "licence recorded"),
    ("enterprise.licence_remove", "注销许可证", "licence removed"),
    ("enterprise.complaint", "登记投诉", "complaint recorded"),
    ("order.register", "登记委托单", "order registered"),
    ("order.import", "导入委托单", "order imported"),
    ("order.edit", "修改委托单", "order changed"),
    ("order.receive", "收样", "sample received"),
    ("order.result", "录入结果", "result entered"),
    ("order.result.import", "导入结果", "results imported"),
    ("order.submit", "提交审核", "submitted for review"),
    ("order.review.accept", "审核通过", "passed review"),
    ("order.review.reject", "审核退回", "sent back by review"),
    ("order.approve", "批准", "approved"),
    ("order.approval.reject", "批准退回", "sent back by approval"),
    ("order.issue", "签发报告", "report issued"),
    ("order.reopen", "重新打开", "reopened to correct"),
    ("report.replaced", "报告被替代", "report replaced"),
    ("report.withdraw", "撤回报告", "report withdrawn"),
    ("user.authorise", "授权检测方法", "method authorised"),
    ("user.revoke", "撤销方法授权", "method revoked"),
    ("instrument.add", "登记设备", "instrument added"),
    ("instrument.calibrate", "检定/校准", "calibrated"),
    ("instrument.check", "期间核查", "interim check"),
    ("instrument.status", "设备状态", "instrument status"),
    ("order.check", "校核", "checked"),
    ("order.deviation", "记录偏离", "deviation recorded"),
    ("order.subcontract", "记录分包", "subcontracted"),
    ("order.arrangement.approve", "批准偏离/分包", "arrangement approved"),
    ("sample.move", "移动样品", "sample moved"),
    ("sample.dispose", "处置样品", "sample disposed of"),
];

/// `(key, zh, en)` for the keys of the recorded values, in the order they are shown (what
/// changed first, so a narrow row keeps it); other keys follow as stored.
#[rustfmt::skip]
const KEYS: &[(&str, &str, &str)] = &[
    ("status", "状态", "status"),
    ("by", "替代报告", "replaced by"),
    ("report", "报告", "report"),
    ("item", "项目", "item"),
    ("values", "数值", "values"),
    ("entries", "结果", "results"),
    ("client", "委托单位", "client"),
    ("producer", "生产单位", "producer"),
    ("sample", "样品", "sample"),
    ("standard", "标准", "standard"),
    ("grade", "等级", "grade"),
    ("items", "项目", "items"),
    ("type", "检验类别", "inspection type"),
    ("name", "名称", "name"),
    ("display_name", "姓名", "name"),
    ("roles", "角色", "roles"),
    ("fields", "授权领域", "authorised fields"),
    ("active", "启用", "active"),
    ("known", "已知用户", "known user"),
    ("why", "原因", "why"),
    ("failed_logins", "连续失败次数", "failed logins"),
    ("locked_until", "锁定至", "locked until"),
    ("credit_code", "统一社会信用代码", "credit code"),
    ("address", "地址", "address"),
    ("contact", "联系人", "contact"),
    ("credit_class", "信用等级", "credit class"),
    ("blacklist", "黑名单", "blacklist"),
    ("revision", "版本", "revision"),
    ("lab", "实验室", "lab"),
    ("kind", "类别", "kind"),
    ("serial", "出厂编号", "serial"),
    ("due", "有效期至", "due"),
    ("date", "日期", "date"),
    ("passed", "合格", "passed"),
    ("note", "说明", "note"),
    ("method", "方法", "method"),
    ("location", "位置", "location"),
    ("place", "地点", "place"),
    ("witness", "见证人", "witness"),
    ("checked_by", "校核人", "checked by"),
    ("deviation", "偏离", "deviation"),
    ("accreditation", "资质证书", "accreditation"),
    ("approved_by", "批准人", "approved by"),
    ("admin", "管理员", "admin"),
    ("certificate", "证书", "certificate"),
    ("pdf_sha256", "PDF 摘要", "PDF SHA-256"),
];

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The operation in words; an unknown code (a newer store, an old one) is shown as it is.
pub fn operation(lang: Lang, code: &str) -> String {
    OPERATIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or_else(|| code.to_string(), |(_, zh, en)| pick(lang, zh, en).into())
}

fn key(lang: Lang, k: &str) -> String {
    KEYS.iter()
        .find(|(c, _, _)| *c == k)
        .map_or_else(|| k.to_string(), |(_, zh, en)| pick(lang, zh, en).into())
}

/// An object's entries, known keys first in the table's order.
fn ordered(m: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let rank = |k: &str| {
        KEYS.iter()
            .position(|(c, _, _)| *c == k)
            .unwrap_or(KEYS.len())
    };
    let mut v: Vec<(&String, &Value)> = m.iter().collect();
    v.sort_by_key(|(k, _)| rank(k));
    v
}

fn colon(lang: Lang) -> &'static str {
    pick(lang, "：", ": ")
}

/// A stored scalar under `k`, translated when the key says what it is.
fn scalar(lang: Lang, k: Option<&str>, v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => pick(
            lang,
            if *b { "是" } else { "否" },
            if *b { "yes" } else { "no" },
        )
        .into(),
        Value::String(s) => match k {
            Some("status") => OrderStatus::ALL
                .into_iter()
                .find(|st| st.key() == s)
                .map(|st| lang.status(st).to_string())
                .unwrap_or_else(|| match s.as_str() {
                    "replaced" => pick(lang, "已替代", "replaced").into(),
                    "withdrawn" => pick(lang, "已撤回", "withdrawn").into(),
                    _ => s.clone(),
                }),
            Some("roles") => s
                .parse::<Role>()
                .map(|r| lang.role(r).to_string())
                .unwrap_or_else(|_| s.clone()),
            Some("type") => InspectionType::ALL
                .into_iter()
                .find(|t| t.key() == s)
                .map(|t| lang.inspection(t).to_string())
                .unwrap_or_else(|| s.clone()),
            _ => s.clone(),
        },
        other => other.to_string(),
    }
}

/// A value for a person: objects as `key: value` pairs, arrays joined, scalars plain.
pub fn value(lang: Lang, v: &Value) -> String {
    shown(lang, None, v, false)
}

fn shown(lang: Lang, k: Option<&str>, v: &Value, nested: bool) -> String {
    match v {
        Value::Array(a) => a
            .iter()
            .map(|x| shown(lang, k, x, true))
            .collect::<Vec<_>>()
            .join(pick(lang, "、", ", ")),
        Value::Object(m) => {
            let pairs: Vec<String> = ordered(m)
                .into_iter()
                .map(|(k, x)| {
                    format!(
                        "{}{}{}",
                        key(lang, k),
                        colon(lang),
                        shown(lang, Some(k), x, true)
                    )
                })
                .collect();
            let body = pairs.join(pick(lang, "；", "; "));
            if nested {
                format!("{}{body}{}", pick(lang, "（", "("), pick(lang, "）", ")"))
            } else {
                body
            }
        }
        _ => scalar(lang, k, v),
    }
}

/// Before and after, or nothing.
pub fn optional(lang: Lang, v: &Option<Value>) -> String {
    v.as_ref().map_or_else(|| "—".into(), |v| value(lang, v))
}

/// One line for a list row: keys whose value stayed are shown once (they say what changed,
/// e.g. the item), changed keys as `before → after`.
pub fn change(lang: Lang, before: &Option<Value>, after: &Option<Value>) -> String {
    match (before, after) {
        (None, None) => String::new(),
        (None, Some(a)) => value(lang, a),
        (Some(b), None) => format!("{} → —", value(lang, b)),
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            // The PDF's digest is for the entry's popup: in a row it would push out the rest.
            let mut keys: Vec<&String> = ordered(a)
                .into_iter()
                .map(|(k, _)| k)
                .filter(|k| *k != "pdf_sha256")
                .collect();
            keys.extend(
                ordered(b)
                    .into_iter()
                    .map(|(k, _)| k)
                    .filter(|k| !a.contains_key(*k)),
            );
            // A change of status alone needs no label: the operation says what it is.
            let bare = keys.len() == 1 && keys.iter().all(|k| *k == "status");
            keys.iter()
                .map(|k| {
                    let one = |v: Option<&Value>| {
                        v.map_or_else(|| "—".into(), |v| shown(lang, Some(k), v, true))
                    };
                    let (old, new) = (b.get(*k), a.get(*k));
                    let label = if bare {
                        String::new()
                    } else {
                        format!("{}{}", key(lang, k), colon(lang))
                    };
                    if old == new {
                        format!("{label}{}", one(new))
                    } else {
                        format!("{label}{} → {}", one(old), one(new))
                    }
                })
                .collect::<Vec<_>>()
                .join(pick(lang, "；", "; "))
        }
        (Some(b), Some(a)) => format!("{} → {}", value(lang, b), value(lang, a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_are_words_and_unknown_codes_stay() {
        assert_eq!(operation(Lang::Zh, "order.review.reject"), "审核退回");
        assert_eq!(
            operation(Lang::En, "order.review.reject"),
            "sent back by review"
        );
        assert_eq!(operation(Lang::En, "order.frobnicate"), "order.frobnicate");
        for (code, zh, en) in OPERATIONS {
            assert!(!zh.is_empty() && en.is_ascii(), "{code}");
        }
    }

    #[test]
    fn values_are_readable_in_both_languages() {
        let before = Some(json!({"status": "awaiting_review"}));
        let after = Some(json!({"status": "in_testing"}));
        assert_eq!(change(Lang::Zh, &before, &after), "待审核 → 检验中");
        assert_eq!(change(Lang::En, &before, &after), "To review → In testing");
        assert_eq!(optional(Lang::Zh, &after), "状态：检验中");
        let roles = json!({"roles": ["technician", "reviewer"], "fields": ["建筑材料"]});
        assert_eq!(
            value(Lang::En, &roles),
            "roles: Technician, Reviewer; authorised fields: 建筑材料"
        );
        let b = Some(json!({"item": "ReL", "values": null}));
        let a = Some(json!({"item": "ReL", "values": ["450", "455"]}));
        assert_eq!(change(Lang::Zh, &b, &a), "项目：ReL；数值：— → 450、455");
        assert_eq!(change(Lang::En, &Some(json!(2)), &Some(json!(3))), "2 → 3");
        assert_eq!(value(Lang::En, &json!({"active": false})), "active: no");
    }
}
