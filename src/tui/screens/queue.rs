//! The work queue: what waits for me by role, counts per state, overdue orders marked.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::model::{OrderStatus, Role};
use crate::store::{ListSort, OrderQuery};
use crate::tui::app::{App, Effect};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::order_window::{ListMove, OrderWindow};
use crate::tui::widgets::{self, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Receive,
    Test,
    Review,
    Approve,
    Issue,
    /// Instruments overdue or due within the lab's warning window (rows index the register).
    Instruments,
    /// Retained samples whose retention period is over.
    Disposal,
    /// The spot-check desk's running deadlines (rows index `Data::deadlines`).
    Deadlines,
    /// The early warnings, open ones first (rows index `Data::warnings`).
    Warnings,
}

impl Task {
    pub fn label(self, l: crate::tui::i18n::Lang) -> &'static str {
        match self {
            Task::Receive => l.t(S::QToReceive),
            Task::Test => l.t(S::QToTest),
            Task::Review => l.t(S::QToReview),
            Task::Approve => l.t(S::QToApprove),
            Task::Issue => l.t(S::QToIssue),
            Task::Instruments => l.t(S::QInstruments),
            Task::Disposal => l.t(S::QDisposal),
            Task::Deadlines => l.t(crate::tui::i18n_desk::D::QDeadlines),
            Task::Warnings => l.t(crate::tui::i18n_stats::St::QWarnings),
        }
    }

    /// Whose rows are orders (the others index the register, the deadlines or the warnings).
    pub fn on_orders(self) -> bool {
        !matches!(self, Task::Instruments | Task::Deadlines | Task::Warnings)
    }

    fn role(self) -> Role {
        match self {
            Task::Receive => Role::Clerk,
            Task::Test => Role::Technician,
            Task::Review => Role::Reviewer,
            Task::Approve | Task::Issue => Role::Signatory,
            Task::Instruments => Role::Admin,
            Task::Disposal | Task::Deadlines => Role::Clerk,
            Task::Warnings => Role::Signatory,
        }
    }

    pub fn wants(self, s: OrderStatus) -> bool {
        match self {
            Task::Receive => s == OrderStatus::Registered,
            Task::Test => matches!(s, OrderStatus::Received | OrderStatus::InTesting),
            Task::Review => s == OrderStatus::AwaitingReview,
            Task::Approve => s == OrderStatus::AwaitingApproval,
            Task::Issue => s == OrderStatus::Approved,
            Task::Instruments | Task::Disposal | Task::Deadlines | Task::Warnings => false,
        }
    }
}

const TASKS: [Task; 9] = [
    Task::Receive,
    Task::Test,
    Task::Review,
    Task::Approve,
    Task::Issue,
    Task::Instruments,
    Task::Disposal,
    Task::Deadlines,
    Task::Warnings,
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueState {
    /// The tabs shown to this user; the rows of those not about orders (indices into the
    /// register, the deadlines or the warnings).
    pub tabs: Vec<(Task, Vec<usize>)>,
    /// How many orders each tab about orders holds (the store's counts).
    pub tab_counts: Vec<u64>,
    pub tab: usize,
    /// The cursor in a tab not about orders.
    pub selected: usize,
    pub offset: usize,
    /// Orders per state, and how many of them are overdue (the store's counts).
    pub counts: Vec<(OrderStatus, u64, u64)>,
    /// The open tab's orders, around the cursor.
    pub list: OrderWindow,
}

impl QueueState {
    pub fn task(&self) -> Option<Task> {
        self.tabs.get(self.tab).map(|t| t.0)
    }

    /// How many rows tab `i` has.
    pub fn len_of(&self, i: usize) -> u64 {
        match self.tabs.get(i) {
            Some((t, _)) if t.on_orders() => self.tab_counts.get(i).copied().unwrap_or(0),
            Some((_, rows)) => rows.len() as u64,
            None => 0,
        }
    }
}

/// Rows per page in the queue's list.
pub fn page_rows(app: &App) -> usize {
    app.size.1.saturating_sub(9).max(1) as usize
}

/// The list a tab about orders shows, as the store answers it (`None`: the disposal tab,
/// worked out from the retained samples, or a tab not about orders).
pub fn query(app: &App, task: Task) -> Option<OrderQuery> {
    let statuses: Vec<OrderStatus> = OrderStatus::ALL
        .into_iter()
        .filter(|s| task.wants(*s))
        .collect();
    if statuses.is_empty() {
        return None;
    }
    Some(OrderQuery {
        statuses,
        sort: ListSort::Due,
        site: app.user_site(),
        ..OrderQuery::default()
    })
}

/// A signatory's queues hold only orders in the fields they are authorised to sign.
pub fn signs(task: Task) -> bool {
    matches!(task, Task::Approve | Task::Issue)
}

/// Whether this user may sign orders of this standard.
pub fn may_sign(app: &App, standard: &str) -> bool {
    let user = app.user.as_ref();
    app.catalog
        .get(standard)
        .is_none_or(|st| user.is_some_and(|u| u.authorised_for(&st.field)))
}

/// The same rule as `Store::samples_due_for_disposal`: retained longer than the field's
/// retention period.
pub fn disposal_due(app: &App, s: &crate::model::OrderSummary) -> bool {
    let lab = app.data.lab.as_ref();
    let days = u64::from(lab.map_or(90, |l| l.retention_days(&s.field)));
    s.retained_on
        .and_then(|r| r.checked_add_days(chrono::Days::new(days)))
        .is_some_and(|end| end < app.today())
}

/// The tabs this user has, and the rows of those not about orders (the orders' rows and
/// counts are read by the list effects).
pub fn recompute(app: &mut App) {
    let today = app.today();
    let tasks: Vec<Task> = TASKS
        .into_iter()
        .filter(|t| match t {
            Task::Deadlines => super::deadlines::shown_to(app),
            Task::Warnings => super::warnings::shown_to(app),
            _ => {
                app.has_role(t.role())
                    || app.has_role(Role::Admin) && matches!(t, Task::Receive | Task::Disposal)
            }
        })
        .collect();
    let mut tabs: Vec<(Task, Vec<usize>)> = tasks.iter().map(|t| (*t, Vec::new())).collect();
    let warn = u64::from(super::instruments::warning_days(app));
    for (t, rows) in tabs.iter_mut() {
        if *t == Task::Instruments {
            let inst = &app.data.instruments;
            *rows = (0..inst.len())
                .filter(|i| inst[*i].due_within(today, warn))
                .collect();
            rows.sort_by_key(|i| (inst[*i].due(), inst[*i].id.clone()));
        }
        if *t == Task::Deadlines {
            // Already nearest first.
            *rows = (0..app.data.deadlines.len()).collect();
        }
        if *t == Task::Warnings {
            let w = &app.data.warnings;
            *rows = (0..w.len()).collect();
            // Open ones first, each kind together.
            rows.sort_by_key(|i| (w[*i].acknowledged.is_some(), w[*i].warning.rule));
        }
    }
    let q = &mut app.queue;
    let was = q.task();
    q.tabs = tabs;
    q.tab_counts.resize(q.tabs.len(), 0);
    q.tab = q.tab.min(q.tabs.len().saturating_sub(1));
    if q.task() != was {
        q.list = OrderWindow::default();
    }
    let len = q.tabs.get(q.tab).map_or(0, |t| t.1.len());
    q.selected = q.selected.min(len.saturating_sub(1));
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = page_rows(app) as isize;
    let q = &mut app.queue;
    let len = q.tabs.get(q.tab).map_or(0, |t| t.1.len());
    let on_orders = q.task().is_some_and(Task::on_orders);
    match action {
        Action::Right | Action::Left if !q.tabs.is_empty() => {
            let n = q.tabs.len();
            q.tab = (q.tab + if action == Action::Right { 1 } else { n - 1 }) % n;
            q.selected = 0;
            q.offset = 0;
            q.list = OrderWindow::default();
            return vec![Effect::OrderList(ListMove::Fresh)];
        }
        Action::Open => {
            if let Some(n) = q.list.selected_row().filter(|_| on_orders) {
                let n = n.number.clone();
                return app.open_order(&n);
            }
        }
        _ if on_orders => return super::orders::move_in(&mut q.list, action, page as usize),
        _ => {}
    }
    let q = &mut app.queue;
    match action {
        Action::Up => q.selected = widgets::step(q.selected, -1, len),
        Action::Down => q.selected = widgets::step(q.selected, 1, len),
        Action::PageUp => q.selected = widgets::step(q.selected, -page, len),
        Action::PageDown => q.selected = widgets::step(q.selected, page, len),
        Action::Top => q.selected = 0,
        Action::Bottom => q.selected = len.saturating_sub(1),
        Action::Open if q.tabs.get(q.tab).is_some_and(|t| t.0 == Task::Instruments) => {
            let id = q
                .tabs
                .get(q.tab)
                .and_then(|t| t.1.get(q.selected))
                .and_then(|i| app.data.instruments.get(*i))
                .map(|i| i.id.clone());
            if let Some(id) = id {
                app.instruments.open = Some(id);
                app.instruments.scroll = 0;
                app.screen = crate::tui::app::Screen::Instrument;
            }
            return Vec::new();
        }
        Action::Open | Action::Accept
            if q.tabs.get(q.tab).is_some_and(|t| t.0 == Task::Warnings) =>
        {
            let k = q.tabs.get(q.tab).and_then(|t| t.1.get(q.selected)).copied();
            if let Some(k) = k {
                if action == Action::Open {
                    super::warnings::show(app, k);
                } else {
                    super::warnings::acknowledge(app, k);
                }
            }
            return Vec::new();
        }
        Action::Open if q.tabs.get(q.tab).is_some_and(|t| t.0 == Task::Deadlines) => {
            let number = q
                .tabs
                .get(q.tab)
                .and_then(|t| t.1.get(q.selected))
                .and_then(|i| app.data.deadlines.get(*i))
                .map(|d| d.order.clone());
            if let Some(n) = number {
                return app.open_order(&n);
            }
        }
        _ => {}
    }
    let q = &mut app.queue;
    q.offset = widgets::window(q.selected, q.offset, page as usize, len);
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let q = &app.queue;
    let [counts_area, tabs_area, list_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    // Counts per state, overdue in red; entries never break across lines.
    let mut lines: Vec<Vec<Span>> = vec![vec![Span::styled(
        format!("{}：", app.t(S::QCounts)),
        widgets::dim(),
    )]];
    let mut used = text::width(app.t(S::QCounts)) + 2;
    for (s, n, late) in &q.counts {
        let mut entry = vec![Span::raw(format!("{} {n}", app.lang.status(*s)))];
        if *late > 0 {
            entry.push(Span::styled(
                app.lang.f(S::QOverdueCount, &[late]),
                widgets::error_style(),
            ));
        }
        entry.push(Span::raw("  "));
        let w: usize = entry.iter().map(|s| text::width(&s.content)).sum();
        if used + w > counts_area.width as usize {
            lines.push(Vec::new());
            used = 0;
        }
        used += w;
        if let Some(last) = lines.last_mut() {
            last.extend(entry);
        }
    }
    for (i, spans) in lines.into_iter().take(2).enumerate() {
        frame.render_widget(
            Line::from(spans),
            Rect {
                y: counts_area.y + i as u16,
                height: 1,
                ..counts_area
            },
        );
    }
    if q.tabs.is_empty() {
        frame.render_widget(Line::styled(app.t(S::QNoRole), widgets::dim()), tabs_area);
        return;
    }
    let mut tabs = Vec::new();
    for (i, (t, _)) in q.tabs.iter().enumerate() {
        let label = format!(" {} {} ", t.label(app.lang), q.len_of(i));
        let st = if i == q.tab {
            widgets::selected_style()
        } else {
            Style::default()
        };
        tabs.push(Span::styled(label, st));
        tabs.push(Span::raw(" "));
    }
    frame.render_widget(Line::from(tabs), tabs_area);
    let on_orders = q.task().is_some_and(Task::on_orders);
    let rows = q.tabs.get(q.tab).map(|t| t.1.as_slice()).unwrap_or(&[]);
    if on_orders && q.list.rows.is_empty() || !on_orders && rows.is_empty() {
        let r = Rect {
            y: list_area.y + 1,
            height: 1,
            ..list_area
        };
        frame.render_widget(
            Line::styled(
                text::truncate(app.t(S::QNothing), r.width as usize),
                widgets::dim(),
            ),
            r,
        );
        return;
    }
    // The tabs whose rows are not orders draw their own header and rows.
    let w = list_area.width as usize;
    type Rows = fn(&App, usize, usize) -> (String, Style);
    let other: Option<(String, Rows)> = match q.tabs.get(q.tab).map(|t| t.0) {
        Some(Task::Instruments) => Some((
            super::instruments::header(app, w),
            super::instruments::row_at,
        )),
        Some(Task::Warnings) => Some((super::warnings::header(app, w), super::warnings::row_at)),
        Some(Task::Deadlines) => Some((super::deadlines::header(app, w), super::deadlines::row_at)),
        _ => None,
    };
    if let Some((header, row_at)) = other {
        let view = crate::tui::widgets::list::ListView {
            rows: rows.to_vec(),
            selected: q.selected,
            offset: q.offset,
            ..Default::default()
        };
        view.draw_rows(frame, list_area, &header, &|i| row_at(app, i, w));
        return;
    }
    super::orders::window_rows(frame, list_area, app, &q.list);
}
