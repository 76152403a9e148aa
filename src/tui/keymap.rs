//! One table `(context, key) → action + description`. It feeds the key dispatcher, the F1 help
//! popup, the hint bar and `unilab keys`, so they cannot drift apart. Users override keys in
//! `<data_dir>/config.toml` under `[keys]` (`"orders.filter" = "/"`); duplicates are refused.

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::i18n::Lang;

mod defaults;

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
    Tasks,
    Task,
    Stats,
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
            Ctx::Tasks => "tasks",
            Ctx::Task => "task",
            Ctx::Stats => "stats",
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
            | Ctx::Tasks
            | Ctx::Task
            | Ctx::Stats
            | Ctx::Detail => &[Ctx::List, Ctx::Global],
            Ctx::Global | Ctx::List => &[],
            _ => &[Ctx::Global],
        }
    }

    pub const ALL: [Ctx; 26] = [
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
        Ctx::Tasks,
        Ctx::Task,
        Ctx::Stats,
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
    /// Put a licence on the enterprise's quality file.
    AddLicence,
    /// Take a licence off the enterprise's quality file, with the reason.
    RemoveLicence,
    /// Show the enterprise's whole quality file (every licence, class change, blacklist entry
    /// and complaint).
    FileHistory,
    /// Record a complaint against the enterprise.
    Complaint,
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
    GoTasks,
    /// Draw enterprises for a supervision task.
    Draw,
    /// Issue a failed spot check's result notice.
    Notice,
    Objection,
    ReleaseReserve,
    RetestConclusion,
    /// Print the document of what is shown (a sampling form, a task summary).
    Print,
    GoStats,
    /// Write what is shown to files (the statistics table).
    Export,
    /// Write every grouping to one workbook.
    ExportAll,
    /// Move the cursor into the chart (choose a bar).
    ChartFocus,
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
    defaults::DEFAULTS
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
