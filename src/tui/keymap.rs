//! One table `(context, key) → action + description`. It feeds the key dispatcher, the F1 help
//! popup, the hint bar and `unilab keys`, so they cannot drift apart. Users override keys in
//! `<data_dir>/config.toml` under `[keys]` (`"orders.filter" = "/"`); duplicates are refused.

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::i18n::Lang;

/// Where a binding applies. Screens see their own context, then `List` (list screens), then
/// `Global`; popups see only their own context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ctx {
    Global,
    List,
    Login,
    Queue,
    Orders,
    Detail,
    Register,
    Results,
    NetContent,
    Reports,
    Standards,
    Standard,
    Enterprises,
    Enterprise,
    Audit,
    Users,
    Instruments,
    Instrument,
    Help,
    Confirm,
    Message,
    Prompt,
    Preview,
}

impl Ctx {
    pub fn key(self) -> &'static str {
        match self {
            Ctx::Global => "global",
            Ctx::List => "list",
            Ctx::Login => "login",
            Ctx::Queue => "queue",
            Ctx::Orders => "orders",
            Ctx::Detail => "order",
            Ctx::Register => "register",
            Ctx::Results => "results",
            Ctx::NetContent => "netcontent",
            Ctx::Reports => "reports",
            Ctx::Standards => "standards",
            Ctx::Standard => "standard",
            Ctx::Enterprises => "enterprises",
            Ctx::Enterprise => "enterprise",
            Ctx::Audit => "audit",
            Ctx::Users => "users",
            Ctx::Instruments => "instruments",
            Ctx::Instrument => "instrument",
            Ctx::Help => "help",
            Ctx::Confirm => "confirm",
            Ctx::Message => "message",
            Ctx::Prompt => "prompt",
            Ctx::Preview => "preview",
        }
    }

    /// The contexts consulted, in order, when this one is active.
    pub fn layers(self) -> &'static [Ctx] {
        match self {
            Ctx::Help | Ctx::Confirm | Ctx::Message | Ctx::Prompt | Ctx::Preview => &[],
            Ctx::Queue
            | Ctx::Orders
            | Ctx::Reports
            | Ctx::Standards
            | Ctx::Standard
            | Ctx::Enterprises
            | Ctx::Enterprise
            | Ctx::Audit
            | Ctx::Users
            | Ctx::Instruments
            | Ctx::Instrument
            | Ctx::Detail => &[Ctx::List, Ctx::Global],
            Ctx::Global | Ctx::List => &[],
            _ => &[Ctx::Global],
        }
    }

    pub const ALL: [Ctx; 23] = [
        Ctx::Global,
        Ctx::List,
        Ctx::Login,
        Ctx::Queue,
        Ctx::Orders,
        Ctx::Detail,
        Ctx::Register,
        Ctx::Results,
        Ctx::NetContent,
        Ctx::Reports,
        Ctx::Standards,
        Ctx::Standard,
        Ctx::Enterprises,
        Ctx::Enterprise,
        Ctx::Audit,
        Ctx::Users,
        Ctx::Instruments,
        Ctx::Instrument,
        Ctx::Help,
        Ctx::Confirm,
        Ctx::Message,
        Ctx::Prompt,
        Ctx::Preview,
    ];
}

/// Everything a key can ask for. `Edit` carries a key for the focused text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Help,
    Quit,
    Exit,
    GoQueue,
    GoOrders,
    GoRegister,
    GoStandards,
    GoEnterprises,
    GoReports,
    GoNetContent,
    GoAudit,
    GoUsers,
    GoInstruments,
    SwitchUser,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Submit,
    NextField,
    PrevField,
    Left,
    Right,
    Toggle,
    Filter,
    Sort,
    Reverse,
    New,
    Receive,
    /// Type the expanded uncertainty of the selected result (guard-band orders).
    Uncertainty,
    EnterResults,
    SubmitForReview,
    Accept,
    Reject,
    Approve,
    Issue,
    Preview,
    Withdraw,
    SaveAll,
    NotDetected,
    Choice,
    ChangeClass,
    Blacklist,
    Verify,
    ToggleActive,
    EditRoles,
    /// Authorise a technician's test methods (授权检测人员).
    EditMethods,
    Unlock,
    Clear,
    /// Remove one entry (the selected one) from a list of typed values.
    Delete,
    Yes,
    No,
    Edit(KeyEvent),
    /// Time passed (the runtime sends it ~every 100 ms).
    Tick,
    Resize(u16, u16),
    /// Set the session's bench facts (test date, instrument, conditions) on the results screen.
    Bench,
    /// The checker's step (校核) on an order.
    CheckOrder,
    /// Receive the sample with its receipt facts (date, state, seal, place).
    ReceiveWith,
    Deviation,
    Subcontract,
    ApproveArrangement,
    MoveSample,
    DisposeSample,
    Calibrate,
    InterimCheck,
    InstrumentStatus,
}

/// A key as written in the table and the config file: `ctrl-c`, `f1`, `shift-tab`, `/`, `G`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// The key of a terminal event, normalised: shift folded into the character, BackTab
    /// without its shift flag.
    pub fn of(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            c => c,
        };
        Key { code, mods }
    }

    pub fn parse(text: &str) -> Result<Key, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("空的按键".into());
        }
        // A single character is itself, even "-".
        if t.chars().count() == 1 {
            let c = t.chars().next().unwrap_or(' ');
            return Ok(Key {
                code: if c == ' ' {
                    KeyCode::Char(' ')
                } else {
                    KeyCode::Char(c)
                },
                mods: KeyModifiers::NONE,
            });
        }
        let mut mods = KeyModifiers::NONE;
        let mut rest = t;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower
                .strip_prefix("ctrl-")
                .or_else(|| lower.strip_prefix("c-"))
            {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("alt-")
                .or_else(|| lower.strip_prefix("m-"))
            {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("shift-") {
                mods |= KeyModifiers::SHIFT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            f if f.starts_with('f')
                && f.len() > 1
                && f[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                let n: u8 = f[1..].parse().map_err(|_| format!("按键“{text}”无效"))?;
                if !(1..=12).contains(&n) {
                    return Err(format!("按键“{text}”无效：功能键为 F1～F12"));
                }
                KeyCode::F(n)
            }
            _ if rest.chars().count() == 1 => {
                let c = rest.chars().next().unwrap_or(' ');
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => return Err(format!("按键“{text}”无效（例：ctrl-f、f2、enter、/、G）")),
        };
        Ok(Key { code, mods })
    }

    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                s.push(c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => s.push(c),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Insert => s.push_str("Ins"),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            other => s.push_str(&format!("{other:?}")),
        }
        s
    }
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub ctx: Ctx,
    pub name: &'static str,
    pub action: Action,
    pub keys: Vec<Key>,
    pub desc: (&'static str, &'static str),
    /// Shown in the hint bar.
    pub hint: bool,
}

impl Binding {
    /// `orders.filter`
    pub fn id(&self) -> String {
        format!("{}.{}", self.ctx.key(), self.name)
    }

    pub fn desc(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.desc.0,
            Lang::En => self.desc.1,
        }
    }

    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

type Row = (
    Ctx,
    &'static str,
    Action,
    &'static [&'static str],
    &'static str,
    &'static str,
    bool,
);

#[rustfmt::skip]
const DEFAULTS: &[Row] = &[
    (Ctx::Global, "help", Action::Help, &["f1", "?"], "帮助（本表）", "help (this table)", true),
    (Ctx::Global, "exit", Action::Exit, &["ctrl-c"], "立即退出（任何地方）", "leave at once (anywhere)", false),
    (Ctx::Global, "quit", Action::Quit, &["q"], "退出（表单未提交时先确认）", "quit (asks if a form is unsaved)", false),
    (Ctx::Global, "queue", Action::GoQueue, &["f2"], "工作台", "work queue", true),
    (Ctx::Global, "orders", Action::GoOrders, &["f3"], "委托单列表", "orders", true),
    (Ctx::Global, "register", Action::GoRegister, &["f4"], "委托登记", "register an order", true),
    (Ctx::Global, "standards", Action::GoStandards, &["f5"], "标准库", "standards", false),
    (Ctx::Global, "enterprises", Action::GoEnterprises, &["f6"], "企业档案", "enterprises", false),
    (Ctx::Global, "reports", Action::GoReports, &["f7"], "报告", "reports", false),
    (Ctx::Global, "netcontent", Action::GoNetContent, &["f8"], "净含量计算", "net content", false),
    (Ctx::Global, "audit", Action::GoAudit, &["f9"], "审计日志", "audit log", false),
    (Ctx::Global, "users", Action::GoUsers, &["f10"], "用户与角色（管理员）", "users and roles (admin)", false),
    (Ctx::Global, "instruments", Action::GoInstruments, &["f11"], "设备台账", "instruments", false),
    (Ctx::Global, "switch_user", Action::SwitchUser, &["f12"], "切换用户", "switch user", false),
    (Ctx::List, "up", Action::Up, &["up", "k"], "上一行", "previous row", false),
    (Ctx::List, "down", Action::Down, &["down", "j"], "下一行", "next row", false),
    (Ctx::List, "page_up", Action::PageUp, &["pgup"], "上一页", "page up", false),
    (Ctx::List, "page_down", Action::PageDown, &["pgdn"], "下一页", "page down", false),
    (Ctx::List, "top", Action::Top, &["home", "g"], "第一行", "first row", false),
    (Ctx::List, "bottom", Action::Bottom, &["end", "G"], "最后一行", "last row", false),
    (Ctx::List, "open", Action::Open, &["enter"], "打开", "open", true),
    (Ctx::List, "back", Action::Back, &["esc"], "返回", "back", false),
    (Ctx::Login, "next_field", Action::NextField, &["tab", "down"], "下一栏", "next field", true),
    (Ctx::Login, "prev_field", Action::PrevField, &["shift-tab", "up"], "上一栏", "previous field", false),
    (Ctx::Login, "submit", Action::Submit, &["enter"], "登录", "log in", true),
    (Ctx::Queue, "next_tab", Action::Right, &["right", "tab"], "下一个队列", "next queue", true),
    (Ctx::Queue, "prev_tab", Action::Left, &["left", "shift-tab"], "上一个队列", "previous queue", false),
    (Ctx::Orders, "filter", Action::Filter, &["/"], "筛选（编号、委托单位、样品、标准）", "filter (number, client, sample, standard)", true),
    (Ctx::Orders, "sort", Action::Sort, &["s"], "切换排序", "change the sort", true),
    (Ctx::Orders, "reverse", Action::Reverse, &["r"], "倒序", "reverse the sort", false),
    (Ctx::Orders, "next_tab", Action::Right, &["right", "tab"], "下一个状态页", "next status tab", true),
    (Ctx::Orders, "prev_tab", Action::Left, &["left", "shift-tab"], "上一个状态页", "previous status tab", false),
    (Ctx::Orders, "new", Action::New, &["n"], "新登记", "register a new order", false),
    (Ctx::Detail, "receive", Action::Receive, &["r"], "收样", "receive the sample", true),
    (Ctx::Detail, "receive_with", Action::ReceiveWith, &["R"], "收样并记录状态、封样、存放位置", "receive, recording state, seal and place", false),
    (Ctx::Detail, "results", Action::EnterResults, &["e"], "录入结果", "enter results", true),
    (Ctx::Detail, "submit", Action::SubmitForReview, &["s"], "提交审核", "submit for review", true),
    (Ctx::Detail, "accept", Action::Accept, &["a"], "审核通过", "pass the review", true),
    (Ctx::Detail, "reject", Action::Reject, &["x"], "退回（须说明原因）", "send back (with a reason)", true),
    (Ctx::Detail, "approve", Action::Approve, &["p"], "批准（再次输入口令）", "approve (password again)", true),
    (Ctx::Detail, "issue", Action::Issue, &["i"], "预览并签发证书", "preview and issue the certificate", true),
    (Ctx::Detail, "preview", Action::Preview, &["v"], "证书预览", "certificate preview", true),
    (Ctx::Detail, "check", Action::CheckOrder, &["c"], "校核（非录入人）", "check (not the one who entered)", true),
    (Ctx::Detail, "deviation", Action::Deviation, &["d"], "记录偏离", "record a deviation", true),
    (Ctx::Detail, "subcontract", Action::Subcontract, &["b"], "记录分包", "record a subcontract", true),
    (Ctx::Detail, "approve_arrangement", Action::ApproveArrangement, &["o"], "批准偏离/分包（授权签字人）", "approve a deviation or subcontract (signatory)", true),
    (Ctx::Detail, "move_sample", Action::MoveSample, &["m"], "移动样品（留样、退还…）", "move the sample (retain, release…)", true),
    (Ctx::Detail, "dispose_sample", Action::DisposeSample, &["D"], "处置样品（须见证人）", "dispose of the sample (with a witness)", true),
    (Ctx::Register, "next_field", Action::NextField, &["tab"], "下一栏", "next field", true),
    (Ctx::Register, "prev_field", Action::PrevField, &["shift-tab"], "上一栏", "previous field", true),
    (Ctx::Register, "submit", Action::Submit, &["enter"], "提交登记（表单有效时）", "register (when the form is valid)", true),
    (Ctx::Register, "cancel", Action::Back, &["esc"], "放弃（已填写时先确认）", "discard (asks if filled)", true),
    (Ctx::Register, "up", Action::Up, &["up"], "上一个候选/项目", "previous choice or item", false),
    (Ctx::Register, "down", Action::Down, &["down"], "下一个候选/项目", "next choice or item", false),
    (Ctx::Register, "prev_choice", Action::Left, &["left"], "上一个选项（类别、等级、规格）", "previous option (type, grade, spec)", false),
    (Ctx::Register, "next_choice", Action::Right, &["right"], "下一个选项（类别、等级、规格）", "next option (type, grade, spec)", false),
    (Ctx::Register, "toggle", Action::Toggle, &["space"], "勾选/取消（项目、允许已废止）", "tick or untick (items, allow withdrawn)", true),
    (Ctx::Register, "new_enterprise", Action::New, &["ctrl-n"], "新增企业（在企业栏）", "add an enterprise (in a party field)", true),
    (Ctx::Results, "up", Action::Up, &["up"], "上一个项目", "previous item", false),
    (Ctx::Results, "down", Action::Down, &["down"], "下一个项目", "next item", false),
    (Ctx::Results, "next_cell", Action::NextField, &["tab"], "下一个试样", "next specimen", false),
    (Ctx::Results, "prev_cell", Action::PrevField, &["shift-tab"], "上一个试样", "previous specimen", false),
    (Ctx::Results, "save", Action::Submit, &["enter"], "保存本项目", "save this item", true),
    (Ctx::Results, "save_all", Action::SaveAll, &["ctrl-s"], "保存全部修改", "save every change", true),
    (Ctx::Results, "not_detected", Action::NotDetected, &["ctrl-n"], "未检出", "not detected", true),
    (Ctx::Results, "choice", Action::Choice, &["ctrl-t"], "定性结果选项", "qualitative choices", true),
    (Ctx::Results, "submit", Action::SubmitForReview, &["ctrl-r"], "提交审核", "submit for review", true),
    (Ctx::Results, "bench", Action::Bench, &["ctrl-b"], "检测条件（日期、设备、温湿度）", "bench facts (date, instrument, conditions)", true),
    (Ctx::Results, "uncertainty", Action::Uncertainty, &["ctrl-k"], "不确定度 U（保护带）", "uncertainty U (guard band)", true),
    (Ctx::Results, "back", Action::Back, &["esc"], "返回委托单", "back to the order", true),
    (Ctx::NetContent, "next_field", Action::NextField, &["tab"], "下一栏", "next field", true),
    (Ctx::NetContent, "prev_field", Action::PrevField, &["shift-tab"], "上一栏", "previous field", false),
    (Ctx::NetContent, "add", Action::Submit, &["enter"], "加入数值", "add the value", true),
    (Ctx::NetContent, "prev_unit", Action::Left, &["left"], "上一个单位", "previous unit", false),
    (Ctx::NetContent, "next_unit", Action::Right, &["right"], "下一个单位（在单位栏）", "next unit (in the unit field)", false),
    (Ctx::NetContent, "select_prev", Action::Up, &["up"], "选择上一个数值", "select the previous value", false),
    (Ctx::NetContent, "select_next", Action::Down, &["down"], "选择下一个数值", "select the next value", false),
    (Ctx::NetContent, "delete", Action::Delete, &["ctrl-d"], "删除所选数值（未选时删最后一个）", "delete the selected value (else the last)", true),
    (Ctx::NetContent, "clear", Action::Clear, &["ctrl-l"], "清空数值", "clear the values", true),
    (Ctx::NetContent, "back", Action::Back, &["esc"], "返回", "back", false),
    (Ctx::Reports, "filter", Action::Filter, &["/"], "筛选", "filter", true),
    (Ctx::Reports, "withdraw", Action::Withdraw, &["w"], "撤回报告（授权签字人）", "withdraw a report (signatory)", true),
    (Ctx::Standards, "filter", Action::Filter, &["/"], "筛选", "filter", true),
    (Ctx::Standard, "limits_back", Action::Left, &["left"], "限值与说明向上滚动", "scroll the limits and notes up", false),
    (Ctx::Standard, "limits_more", Action::Right, &["right"], "限值与说明向下滚动（显示不全时）", "scroll the limits and notes down (when cut)", false),
    (Ctx::Enterprises, "filter", Action::Filter, &["/"], "筛选", "filter", true),
    (Ctx::Enterprises, "new", Action::New, &["n"], "新增企业", "add an enterprise", true),
    (Ctx::Enterprise, "class", Action::ChangeClass, &["c"], "改信用等级", "change the credit class", true),
    (Ctx::Enterprise, "blacklist", Action::Blacklist, &["b"], "列入/移出黑名单", "blacklist or clear", true),
    (Ctx::Audit, "filter", Action::Filter, &["/"], "筛选", "filter", true),
    (Ctx::Audit, "verify", Action::Verify, &["v"], "校验审计链", "verify the chain", true),
    (Ctx::Users, "new", Action::New, &["n"], "新增用户", "add a user", true),
    (Ctx::Users, "toggle_active", Action::ToggleActive, &["d"], "停用/启用", "disable or enable", true),
    (Ctx::Users, "edit", Action::EditRoles, &["e"], "修改角色与授权领域", "change roles and fields", true),
    (Ctx::Users, "unlock", Action::Unlock, &["u"], "解锁（连续口令错误后）", "unlock after failed logins", true),
    (Ctx::Users, "methods", Action::EditMethods, &["m"], "方法授权（检验员的检测方法，须说明原因）", "methods (authorise a technician, with a reason)", true),
    (Ctx::Instruments, "new", Action::New, &["n"], "登记设备（管理员）", "register an instrument (admin)", true),
    (Ctx::Instruments, "calibrate", Action::Calibrate, &["c"], "登记检定/校准（管理员）", "record a calibration (admin)", true),
    (Ctx::Instruments, "check", Action::InterimCheck, &["h"], "登记期间核查", "record an intermediate check", true),
    (Ctx::Instruments, "status", Action::InstrumentStatus, &["t"], "更改状态（管理员，须说明原因）", "change the status (admin, with a reason)", true),
    (Ctx::Instrument, "calibrate", Action::Calibrate, &["c"], "登记检定/校准（管理员）", "record a calibration (admin)", true),
    (Ctx::Instrument, "check", Action::InterimCheck, &["h"], "登记期间核查", "record an intermediate check", true),
    (Ctx::Instrument, "status", Action::InstrumentStatus, &["t"], "更改状态（管理员，须说明原因）", "change the status (admin, with a reason)", true),
    (Ctx::Help, "close", Action::Back, &["esc", "f1", "q", "?"], "关闭", "close", true),
    (Ctx::Help, "up", Action::Up, &["up", "k"], "向上滚动", "scroll up", false),
    (Ctx::Help, "down", Action::Down, &["down", "j"], "向下滚动", "scroll down", false),
    (Ctx::Confirm, "yes", Action::Yes, &["y", "enter"], "确定", "yes", true),
    (Ctx::Confirm, "no", Action::No, &["n", "esc"], "取消", "no", true),
    (Ctx::Confirm, "help", Action::Help, &["f1"], "帮助", "help", false),
    (Ctx::Message, "close", Action::Back, &["enter", "esc", "q"], "关闭", "close", true),
    (Ctx::Message, "help", Action::Help, &["f1"], "帮助", "help", false),
    (Ctx::Prompt, "ok", Action::Submit, &["enter"], "确定", "OK", true),
    (Ctx::Prompt, "cancel", Action::Back, &["esc"], "取消", "cancel", true),
    (Ctx::Prompt, "help", Action::Help, &["f1"], "帮助", "help", false),
    (Ctx::Prompt, "next_field", Action::NextField, &["tab"], "下一栏", "next field", false),
    (Ctx::Prompt, "prev_field", Action::PrevField, &["shift-tab"], "上一栏", "previous field", false),
    (Ctx::Prompt, "left", Action::Left, &["left"], "上一个选项", "previous option", false),
    (Ctx::Prompt, "right", Action::Right, &["right"], "下一个选项", "next option", false),
    (Ctx::Prompt, "toggle", Action::Toggle, &["space"], "勾选", "tick", false),
    (Ctx::Preview, "confirm", Action::Submit, &["enter"], "签发（签发预览时）", "issue (when previewing to issue)", true),
    (Ctx::Preview, "close", Action::Back, &["esc", "q"], "关闭", "close", true),
    (Ctx::Preview, "help", Action::Help, &["f1"], "帮助", "help", false),
    (Ctx::Preview, "up", Action::Up, &["up", "k"], "向上滚动", "scroll up", false),
    (Ctx::Preview, "down", Action::Down, &["down", "j"], "向下滚动", "scroll down", false),
    (Ctx::Preview, "page_down", Action::PageDown, &["pgdn", "space"], "下一页", "page down", false),
    (Ctx::Preview, "page_up", Action::PageUp, &["pgup"], "上一页", "page up", false),
];

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
    lookup: HashMap<(Ctx, Key), usize>,
}

impl Default for Keymap {
    fn default() -> Self {
        // The shipped table is checked by a test; if it were ever broken, fall back to it raw.
        Keymap::with_overrides(&BTreeMap::new()).unwrap_or_else(|_| Keymap::build(defaults()))
    }
}

fn defaults() -> Vec<Binding> {
    DEFAULTS
        .iter()
        .map(|(ctx, name, action, keys, zh, en, hint)| Binding {
            ctx: *ctx,
            name,
            action: *action,
            keys: keys.iter().filter_map(|k| Key::parse(k).ok()).collect(),
            desc: (zh, en),
            hint: *hint,
        })
        .collect()
}

impl Keymap {
    fn build(bindings: Vec<Binding>) -> Keymap {
        let mut lookup = HashMap::new();
        for (i, b) in bindings.iter().enumerate() {
            for k in &b.keys {
                lookup.entry((b.ctx, *k)).or_insert(i);
            }
        }
        Keymap { bindings, lookup }
    }

    /// The shipped table with the user's overrides (`action id → keys`), refusing unknown
    /// actions, bad keys and a key bound twice where both would apply.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut bindings = defaults();
        for (id, keys) in overrides {
            let b = bindings.iter_mut().find(|b| &b.id() == id).ok_or_else(|| {
                format!("按键配置 [keys] 中的“{id}”不是已知的操作（unilab keys 列出全部）")
            })?;
            let mut parsed = Vec::new();
            for k in keys {
                parsed.push(Key::parse(k).map_err(|e| format!("按键配置 “{id}”：{e}"))?);
            }
            if parsed.is_empty() {
                return Err(format!("按键配置 “{id}”：至少给出一个键"));
            }
            b.keys = parsed;
        }
        check_duplicates(&bindings)?;
        Ok(Keymap::build(bindings))
    }

    /// The action of a key in a context (then its layers).
    pub fn action(&self, ctx: Ctx, key: Key) -> Option<Action> {
        std::iter::once(ctx)
            .chain(ctx.layers().iter().copied())
            .find_map(|c| self.lookup.get(&(c, key)))
            .and_then(|i| self.bindings.get(*i))
            .map(|b| b.action)
    }

    pub fn in_ctx(&self, ctx: Ctx) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.ctx == ctx)
    }

    /// The first key of an action in a context, for messages ("press F4").
    pub fn key_of(&self, ctx: Ctx, action: Action) -> String {
        std::iter::once(ctx)
            .chain(ctx.layers().iter().copied())
            .find_map(|c| {
                self.bindings
                    .iter()
                    .find(|b| b.ctx == c && b.action == action)
            })
            .and_then(|b| b.keys.first())
            .map(Key::label)
            .unwrap_or_default()
    }

    /// Hint bar entries for a context: `(key, description)`, of the actions `offered` now.
    pub fn hints(
        &self,
        ctx: Ctx,
        lang: Lang,
        offered: &dyn Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        std::iter::once(ctx)
            .chain(ctx.layers().iter().copied())
            .flat_map(|c| self.in_ctx(c))
            .filter(|b| b.hint && offered(b.action))
            .filter_map(|b| b.keys.first().map(|k| (k.label(), b.desc(lang))))
            .collect()
    }
}

fn check_duplicates(bindings: &[Binding]) -> Result<(), String> {
    for ctx in Ctx::ALL {
        let mut seen: HashMap<Key, String> = HashMap::new();
        for c in std::iter::once(ctx).chain(ctx.layers().iter().copied()) {
            for b in bindings.iter().filter(|b| b.ctx == c) {
                for k in &b.keys {
                    if let Some(other) = seen.get(k) {
                        if *other != b.id() {
                            return Err(format!(
                                "按键配置错误：“{}”在“{}”中同时绑定了 {} 和 {}；请在 config.toml 的 [keys] 中改用其他键",
                                k.label(),
                                ctx.key(),
                                other,
                                b.id()
                            ));
                        }
                    }
                    seen.insert(*k, b.id());
                }
            }
        }
    }
    Ok(())
}

/// The table `unilab keys` prints (and the README lists).
pub fn keymap_text(lang: Lang) -> String {
    let km = Keymap::default();
    let mut out = String::new();
    let (h1, h2, h3) = match lang {
        Lang::Zh => ("按键", "操作", "说明"),
        Lang::En => ("keys", "action", "what it does"),
    };
    out.push_str(&format!("{h1:<22} {h2:<26} {h3}\n"));
    for ctx in Ctx::ALL {
        for b in km.in_ctx(ctx) {
            out.push_str(&format!(
                "{:<22} {:<26} {}\n",
                b.keys_label(),
                b.id(),
                b.desc(lang)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_has_no_duplicates() {
        check_duplicates(&defaults()).unwrap();
        assert!(defaults().iter().map(|b| b.keys.len()).sum::<usize>() > 100);
    }

    #[test]
    fn parse_and_label() {
        assert_eq!(Key::parse("ctrl-c").unwrap().label(), "Ctrl-C");
        assert_eq!(Key::parse("F1").unwrap().code, KeyCode::F(1));
        assert_eq!(Key::parse("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(Key::parse("G").unwrap().code, KeyCode::Char('G'));
        assert_eq!(Key::parse("/").unwrap().code, KeyCode::Char('/'));
        assert!(Key::parse("f13").is_err());
        assert!(Key::parse("banana").is_err());
    }

    #[test]
    fn overrides_apply_and_duplicates_are_refused() {
        let mut o = BTreeMap::new();
        o.insert("orders.filter".to_string(), vec!["ctrl-f".to_string()]);
        let km = Keymap::with_overrides(&o).unwrap();
        assert_eq!(
            km.action(Ctx::Orders, Key::parse("ctrl-f").unwrap()),
            Some(Action::Filter)
        );
        assert_eq!(km.action(Ctx::Orders, Key::parse("/").unwrap()), None);
        o.insert("orders.sort".to_string(), vec!["ctrl-f".to_string()]);
        let e = Keymap::with_overrides(&o).unwrap_err();
        assert!(
            e.contains("orders.filter") && e.contains("orders.sort"),
            "{e}"
        );
        let mut bad = BTreeMap::new();
        bad.insert("orders.nope".to_string(), vec!["x".to_string()]);
        assert!(Keymap::with_overrides(&bad)
            .unwrap_err()
            .contains("orders.nope"));
        // A screen key that would shadow a global one is refused too.
        let mut g = BTreeMap::new();
        g.insert("orders.sort".to_string(), vec!["f2".to_string()]);
        assert!(Keymap::with_overrides(&g)
            .unwrap_err()
            .contains("global.queue"));
    }
}
