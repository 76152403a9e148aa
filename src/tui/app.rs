//! The one state of the interface, the key dispatcher and `update`.
//!
//! Keys become `Action`s through the keymap; `update` changes the state and returns `Effect`s
//! (store reads and writes, issuing) that `effects::run` carries out outside drawing.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::data::Data;
use super::i18n::{Lang, S};
use super::keymap::{Action, Ctx, Key, Keymap};
use super::screens::{
    audit, detail, enterprises, instruments, login, netcontent, orders, popup, queue, register,
    reports, results, standards, stats, tasks, users,
};
use super::widgets::TextInput;
use crate::catalog::Catalog;
use crate::model::OrderSummary;
use crate::model::{Enterprise, Role, User};
use crate::store::NewOrder;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
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
}

impl Screen {
    pub fn ctx(self) -> Ctx {
        match self {
            Screen::Login => Ctx::Login,
            Screen::Queue => Ctx::Queue,
            Screen::Orders => Ctx::Orders,
            Screen::Detail => Ctx::Detail,
            Screen::Register => Ctx::Register,
            Screen::Results => Ctx::Results,
            Screen::NetContent => Ctx::NetContent,
            Screen::Reports => Ctx::Reports,
            Screen::Standards => Ctx::Standards,
            Screen::Standard => Ctx::Standard,
            Screen::Enterprises => Ctx::Enterprises,
            Screen::Enterprise => Ctx::Enterprise,
            Screen::Audit => Ctx::Audit,
            Screen::Users => Ctx::Users,
            Screen::Instruments => Ctx::Instruments,
            Screen::Instrument => Ctx::Instrument,
            Screen::Tasks => Ctx::Tasks,
            Screen::Task => Ctx::Task,
            Screen::Stats => Ctx::Stats,
        }
    }

    pub fn title(self, l: super::i18n::Lang) -> &'static str {
        use super::i18n_desk::D;
        l.t(match self {
            Screen::Tasks => return l.t(D::ScrTasks),
            Screen::Task => return l.t(D::ScrTask),
            Screen::Stats => return l.t(super::i18n_stats::St::Scr),
            Screen::Login => S::ScrLogin,
            Screen::Queue => S::ScrQueue,
            Screen::Orders => S::ScrOrders,
            Screen::Detail => S::ScrDetail,
            Screen::Register => S::ScrRegister,
            Screen::Results => S::ScrResults,
            Screen::NetContent => S::ScrNet,
            Screen::Reports => S::ScrReports,
            Screen::Standards => S::ScrStandards,
            Screen::Standard => S::ScrStandard,
            Screen::Enterprises => S::ScrEnterprises,
            Screen::Enterprise => S::ScrEnterprise,
            Screen::Audit => S::ScrAudit,
            Screen::Users => S::ScrUsers,
            Screen::Instruments => S::ScrInstruments,
            Screen::Instrument => S::ScrInstrument,
        })
    }
}

/// Which picker an inline "new enterprise" form fills when it succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyField {
    Client,
    Producer,
}

/// Work for the runtime: everything that touches the store or the file system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Login {
        login: String,
        password: String,
    },
    /// Re-read what is shown; `external` when another terminal's change triggered it.
    Reload {
        external: bool,
    },
    LoadOrder(String),
    /// Read the shown order list's rows past what it holds (`ListMove`).
    OrderList(super::order_window::ListMove),
    /// Read the list rows of the statistics row drilled into.
    LoadDrill,
    /// Open the certificate preview of the open order (`issue`: Enter then issues it).
    Preview {
        order: String,
        issue: bool,
    },
    /// Open an issued report as it was issued.
    PreviewReport(String),
    Receive(String),
    EnterResult {
        order: String,
        item: String,
        texts: Vec<String>,
        /// Expanded uncertainty U (k = 2) as typed (`5`, `2%`), for a guard-band order.
        uncertainty: Option<String>,
        /// Test date, instruments and conditions of the session.
        bench: crate::model::bench::BenchInput,
        reason: Option<String>,
    },
    Submit(String),
    Review {
        order: String,
        accept: bool,
        reason: Option<String>,
    },
    Approve {
        order: String,
        password: String,
    },
    RejectApproval {
        order: String,
        reason: String,
    },
    Issue(String),
    Withdraw {
        report: String,
        reason: String,
    },
    Register(Box<NewOrder>, Box<crate::store::Registration>),
    AddEnterprise {
        enterprise: Box<Enterprise>,
        for_field: Option<PartyField>,
    },
    UpdateEnterprise {
        enterprise: Box<Enterprise>,
        reason: String,
    },
    LoadEnterpriseFile(String),
    AddUser {
        login: String,
        name: String,
        roles: Vec<Role>,
        fields: Vec<String>,
        password: String,
    },
    SetUserActive {
        login: String,
        active: bool,
        reason: String,
    },
    UnlockUser {
        login: String,
        reason: String,
    },
    SetUserRoles {
        login: String,
        revision: u64,
        roles: Vec<Role>,
        fields: Vec<String>,
        reason: String,
    },
    /// Replace a technician's authorised test methods.
    SetUserMethods {
        login: String,
        methods: Vec<String>,
        reason: String,
    },
    VerifyAudit,
    /// A lab-records write (instruments, checker, arrangements, custody).
    Record(Box<super::record_effects::RecordEffect>),
    /// A spot-check desk write (tasks, draws, notices, objections, re-tests).
    Spot(Box<super::spot_effects::SpotEffect>),
    /// A manager acknowledges an early warning with a note.
    AcknowledgeWarning {
        id: String,
        note: String,
    },
    /// Write the statistics beside the certificates: the grouping shown as CSV and XLSX, or
    /// (`by: None`) one workbook with every grouping.
    ExportStats {
        by: Option<crate::stats::table::By>,
        period: crate::stats::table::Period,
    },
    /// Print the statistics table shown as a signed PDF report beside the certificates.
    PrintStats {
        by: crate::stats::table::By,
        period: crate::stats::table::Period,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Failed logins per user name, for the lockout.
#[derive(Debug, Clone, Default)]
pub struct Failures {
    pub count: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

pub const LOCK_AFTER: u32 = 3;
pub const LOCK_SECONDS: i64 = 60;

pub struct App {
    pub lang: Lang,
    /// The clock: set by the runtime every tick, fixed in tests.
    pub now: DateTime<Utc>,
    pub catalog: Arc<Catalog>,
    pub keymap: Keymap,
    pub login_hint: Vec<(String, String, crate::message::Msg)>,
    pub user: Option<User>,
    pub screen: Screen,
    pub popup: Option<popup::Popup>,
    pub status: Option<Status>,
    pub data: Data,
    pub size: (u16, u16),
    pub quit: bool,
    pub failures: HashMap<String, Failures>,
    pub login: login::LoginState,
    pub queue: queue::QueueState,
    pub orders: orders::OrdersState,
    pub detail: detail::DetailState,
    pub register: register::RegisterState,
    pub results: results::ResultsState,
    pub net: netcontent::NetState,
    pub reports: reports::ReportsState,
    pub standards: standards::StandardsState,
    pub enterprises: enterprises::EnterprisesState,
    pub audit: audit::AuditState,
    pub users: users::UsersState,
    pub instruments: instruments::InstrumentsState,
    pub tasks: tasks::TasksState,
    pub stats: stats::StatsState,
}

impl App {
    pub fn new(lang: Lang, now: DateTime<Utc>, catalog: Arc<Catalog>, keymap: Keymap) -> App {
        App {
            lang,
            now,
            catalog,
            keymap,
            login_hint: Vec::new(),
            user: None,
            screen: Screen::Login,
            popup: None,
            status: None,
            data: Data::default(),
            size: (80, 24),
            quit: false,
            failures: HashMap::new(),
            login: login::LoginState::default(),
            queue: queue::QueueState::default(),
            orders: orders::OrdersState::default(),
            detail: detail::DetailState::default(),
            register: register::RegisterState::default(),
            results: results::ResultsState::default(),
            net: netcontent::NetState::default(),
            reports: reports::ReportsState::default(),
            standards: standards::StandardsState::default(),
            enterprises: enterprises::EnterprisesState::default(),
            audit: audit::AuditState::default(),
            users: users::UsersState::default(),
            instruments: instruments::InstrumentsState::default(),
            tasks: tasks::TasksState::default(),
            stats: stats::StatsState::default(),
        }
    }

    pub fn t(&self, s: impl super::i18n::Words) -> &'static str {
        self.lang.t(s)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.now.date_naive()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.user.as_ref().is_some_and(|u| u.has(role))
    }

    /// The site this user is limited to, if any.
    pub fn user_site(&self) -> Option<String> {
        self.user.as_ref().and_then(|u| u.site.clone())
    }

    /// Whether this user's lists show the order: a site's user sees their site's orders only.
    pub fn sees(&self, s: &OrderSummary) -> bool {
        self.user
            .as_ref()
            .and_then(|u| u.site.as_ref())
            .is_none_or(|site| s.site.as_ref() == Some(site))
    }

    /// The keymap context of what has the keyboard now.
    pub fn ctx(&self) -> Ctx {
        match &self.popup {
            Some(p) => p.ctx(),
            None => self.screen.ctx(),
        }
    }

    /// Whether printable keys go into a text field now.
    pub fn text_focus(&self) -> bool {
        if let Some(p) = &self.popup {
            return p.text_focus();
        }
        match self.screen {
            Screen::Login => true,
            Screen::Orders => self.orders.filtering,
            Screen::Reports => self.reports.list.filtering,
            Screen::Standards => self.standards.list.filtering,
            Screen::Enterprises => self.enterprises.list.filtering,
            Screen::Audit => self.audit.list.filtering,
            Screen::Register => self.register.text_focus(),
            Screen::Results => self.results.text_focus(self),
            Screen::NetContent => self.net.text_focus(),
            _ => false,
        }
    }

    /// Typed work that would be lost by leaving: a filled registration form or unsaved results.
    pub fn is_dirty(&self) -> bool {
        self.register.is_dirty() || self.results.is_dirty()
    }

    pub fn lock_remaining(&self, login: &str) -> Option<i64> {
        let until = self.failures.get(login)?.locked_until?;
        let left = (until - self.now).num_seconds();
        (until > self.now).then_some(left.max(1))
    }

    pub fn record_failure(&mut self, login: &str) -> u32 {
        let now = self.now;
        let f = self.failures.entry(login.to_string()).or_default();
        if f.locked_until.is_some_and(|u| u <= now) {
            *f = Failures::default();
        }
        f.count += 1;
        if f.count >= LOCK_AFTER {
            f.locked_until = Some(now + Duration::seconds(LOCK_SECONDS));
        }
        f.count
    }

    /// Go to a screen, loading what it shows.
    pub fn go(&mut self, screen: Screen) -> Vec<Effect> {
        if self.user.is_none() {
            self.error(self.t(S::NeedLogin));
            return Vec::new();
        }
        if screen == Screen::Users && !self.has_role(Role::Admin) {
            self.error(self.t(S::UAdminOnly));
            return Vec::new();
        }
        self.screen = screen;
        self.refresh_views();
        match screen {
            Screen::Reports
            | Screen::Audit
            | Screen::Users
            | Screen::Tasks
            | Screen::Stats
            | Screen::Orders
            // The lists and counts are read from the store; back at the queue after writes
            // elsewhere, the warnings are worked out again.
            | Screen::Queue => vec![Effect::Reload { external: false }],
            _ => Vec::new(),
        }
    }

    /// Open the order `pick` finds in what was read; nothing when that row is gone.
    pub fn open_listed_order(
        &mut self,
        pick: impl Fn(&Data) -> Option<&OrderSummary>,
    ) -> Vec<Effect> {
        match pick(&self.data).map(|s| s.number.clone()) {
            Some(n) => self.open_order(&n),
            None => Vec::new(),
        }
    }

    /// Open an order's page, remembering where to go back to.
    pub fn open_order(&mut self, number: &str) -> Vec<Effect> {
        if self.screen != Screen::Detail && self.screen != Screen::Results {
            self.detail.back = self.screen;
        }
        self.detail.number = number.to_string();
        self.detail.scroll = 0;
        self.screen = Screen::Detail;
        if self.data.order.as_ref().is_none_or(|o| o.number != number) {
            self.data.set_order(None);
        }
        vec![Effect::LoadOrder(number.to_string())]
    }

    /// Recompute every derived list after the data or a filter changed.
    pub fn refresh_views(&mut self) {
        queue::recompute(self);
        reports::recompute(self);
        standards::recompute(self);
        enterprises::recompute(self);
        audit::recompute(self);
        users::recompute(self);
        instruments::recompute(self);
        tasks::recompute(self);
        // Regrouping a hundred thousand rows is for the statistics screen only.
        if self.screen == Screen::Stats {
            stats::recompute(self);
        }
    }

    /// Leave the terminal to the next user: nothing one person typed, filtered or opened
    /// carries over (a half-typed result must never appear pre-filled for someone else).
    pub fn logout(&mut self) {
        self.user = None;
        self.screen = Screen::Login;
        self.login = login::LoginState::default();
        self.popup = None;
        self.status = None;
        self.queue = Default::default();
        self.orders = Default::default();
        self.detail = Default::default();
        self.register = Default::default();
        self.results = Default::default();
        self.net = Default::default();
        self.reports = Default::default();
        self.standards = Default::default();
        self.enterprises = Default::default();
        self.audit = Default::default();
        self.users = Default::default();
        self.instruments = Default::default();
        self.data.set_order(None);
        self.data.enterprise_file = None;
    }
}

/// A terminal key → effects. Ctrl-C always leaves; then the popup or screen context, then
/// text entry.
pub fn handle_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == crossterm::event::KeyEventKind::Release {
        return Vec::new();
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        app.quit = true;
        return Vec::new();
    }
    // While the screen only says it is too small, no key may act on what cannot be seen.
    if app.size.0 < super::ui::MIN_W || app.size.1 < super::ui::MIN_H {
        return Vec::new();
    }
    let text = app.text_focus();
    if text && TextInput::takes(&key) {
        return update(app, Action::Edit(key));
    }
    match app.keymap.action(app.ctx(), Key::of(&key)) {
        Some(a) => update(app, a),
        None if text => update(app, Action::Edit(key)),
        None => Vec::new(),
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let (screen, status) = (app.screen, app.status.clone());
    let effects = dispatch(app, action);
    // A message belongs to the screen it was said on: moving on without a new one clears it.
    if app.screen != screen && app.status == status {
        app.status = None;
    }
    effects
}

fn dispatch(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick => return Vec::new(),
        Action::Resize(w, h) => {
            app.size = (w, h);
            return Vec::new();
        }
        Action::Exit => {
            app.quit = true;
            return Vec::new();
        }
        _ => {}
    }
    // An action that is not possible now says why, before any confirmation or prompt.
    if let Some(why) = super::offer::refusal(app, action) {
        app.error(why);
        return Vec::new();
    }
    if app.popup.is_some() {
        return popup::update(app, action);
    }
    match action {
        Action::Help => {
            app.popup = Some(popup::Popup::Help {
                scroll: 0,
                under: None,
            });
            return Vec::new();
        }
        Action::Quit => {
            if app.is_dirty() {
                popup::confirm(app, app.t(S::QuitDirty).to_string(), popup::Then::Quit);
            } else {
                app.quit = true;
            }
            return Vec::new();
        }
        Action::SwitchUser => {
            if app.user.is_none() {
                return Vec::new();
            }
            if app.is_dirty() {
                popup::confirm(
                    app,
                    app.t(S::SwitchDirty).to_string(),
                    popup::Then::SwitchUser,
                );
            } else {
                app.logout();
            }
            return Vec::new();
        }
        Action::GoQueue => return app.go(Screen::Queue),
        Action::GoOrders => return app.go(Screen::Orders),
        Action::GoRegister => return app.go(Screen::Register),
        Action::GoStandards => return app.go(Screen::Standards),
        Action::GoEnterprises => return app.go(Screen::Enterprises),
        Action::GoReports => return app.go(Screen::Reports),
        Action::GoNetContent => return app.go(Screen::NetContent),
        Action::GoAudit => return app.go(Screen::Audit),
        Action::GoUsers => return app.go(Screen::Users),
        Action::GoInstruments => return app.go(Screen::Instruments),
        Action::GoTasks => return app.go(Screen::Tasks),
        Action::GoStats => return app.go(Screen::Stats),
        _ => {}
    }
    match app.screen {
        Screen::Login => login::update(app, action),
        Screen::Queue => queue::update(app, action),
        Screen::Orders => orders::update(app, action),
        Screen::Detail => detail::update(app, action),
        Screen::Register => register::update(app, action),
        Screen::Results => results::update(app, action),
        Screen::NetContent => netcontent::update(app, action),
        Screen::Reports => reports::update(app, action),
        Screen::Standards | Screen::Standard => standards::update(app, action),
        Screen::Enterprises | Screen::Enterprise => enterprises::update(app, action),
        Screen::Audit => audit::update(app, action),
        Screen::Users => users::update(app, action),
        Screen::Instruments | Screen::Instrument => instruments::update(app, action),
        Screen::Tasks | Screen::Task => tasks::update(app, action),
        Screen::Stats => stats::update(app, action),
    }
}
