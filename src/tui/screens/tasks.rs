//! Supervision tasks (抽查任务): the list with each task's progress at a glance (planned,
//! sampled, tested, failed, pass rate, report deadline), and a task's page — its basis, scope,
//! deadlines, figures, failing items and enterprises, the draws made, and its orders. The desk
//! records a task (n) and draws enterprises for it (w) from here.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;

use super::popup::spot_forms;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::data::TaskRow;
use crate::tui::i18n_desk::D;
use crate::tui::keymap::Action;
use crate::tui::spot_effects::SpotEffect;
use crate::tui::widgets::{
    self,
    list::{columns, ListView, Outcome},
    text,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TasksState {
    pub list: ListView,
    /// The task whose page is open.
    pub open: Option<String>,
    pub orders: ListView,
}

pub fn recompute(app: &mut App) {
    let rows = (0..app.data.tasks.len()).collect();
    app.tasks.list.set_rows(rows);
    let orders = (0..app.data.task_orders.len()).collect();
    app.tasks.orders.set_rows(orders);
}

fn open_task(app: &App) -> Option<&TaskRow> {
    let n = app.tasks.open.as_deref()?;
    app.data.tasks.iter().find(|t| t.task.number == n)
}

fn selected_task(app: &App) -> Option<&TaskRow> {
    match app.screen {
        Screen::Task => open_task(app),
        _ => app.tasks.list.current().and_then(|i| app.data.tasks.get(i)),
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(12) as usize;
    match action {
        Action::New => {
            spot_forms::new_task(app);
            return Vec::new();
        }
        Action::Print => {
            if let Some(t) = selected_task(app) {
                let print = SpotEffect::PrintTaskSummary(t.task.number.clone());
                return vec![Effect::Spot(Box::new(print))];
            }
            return Vec::new();
        }
        Action::Draw => {
            let t = selected_task(app).map(|t| (t.task.number.clone(), t.task.batches));
            if let Some((number, planned)) = t {
                spot_forms::draw(app, &number, planned);
            }
            return Vec::new();
        }
        _ => {}
    }
    if app.screen == Screen::Task {
        match app.tasks.orders.update(action, page) {
            Outcome::Open(i) => {
                return app.open_listed_order(|d| d.task_orders.get(i));
            }
            Outcome::Done(_) => {}
            Outcome::Unhandled => {
                if action == Action::Back {
                    app.screen = Screen::Tasks;
                }
            }
        }
        return Vec::new();
    }
    match app.tasks.list.update(action, page) {
        Outcome::Open(i) => {
            if let Some(t) = app.data.tasks.get(i) {
                app.tasks.open = Some(t.task.number.clone());
                app.tasks.orders = ListView::default();
                app.data.task_orders.clear();
                app.screen = Screen::Task;
                return vec![Effect::Reload { external: false }];
            }
        }
        Outcome::Done(_) => {}
        Outcome::Unhandled => {
            if action == Action::Back {
                app.screen = Screen::Queue;
            }
        }
    }
    Vec::new()
}

fn widths(w: usize) -> usize {
    // Number 11, standard 16, five figures, rate 8, due 10, and the spaces: 76.
    w.saturating_sub(76).max(8)
}

fn header(app: &App, w: usize) -> String {
    let l = app.lang;
    columns(&[
        (l.t(D::TColNumber), 11),
        (l.t(D::TColName), widths(w)),
        (l.t(D::TColStandard), 16),
        (l.t(D::TColPlanned), 5),
        (l.t(D::TColSampled), 5),
        (l.t(D::TColTested), 5),
        (l.t(D::TColFailed), 6),
        (l.t(D::TColRate), 8),
        (l.t(D::TColDue), 10),
    ])
}

fn row(app: &App, t: &TaskRow, w: usize) -> (String, Style) {
    let r = &t.report;
    let due = t.task.report_due.map_or("/".to_string(), |d| d.to_string());
    let line = columns(&[
        (&t.task.number, 11),
        (&t.task.name, widths(w)),
        (&t.task.standard, 16),
        (&r.planned.to_string(), 5),
        (&r.sampled.to_string(), 5),
        (&r.tested.to_string(), 5),
        (&r.failed.to_string(), 6),
        (&r.pass_rate_text(), 8),
        (&due, 10),
    ]);
    // A report deadline passed before every batch is reported is late.
    let late = t
        .task
        .report_due
        .is_some_and(|d| d < app.today() && r.reported < r.planned);
    let style = if late {
        widgets::error_style()
    } else if r.failed > 0 {
        widgets::warn_style()
    } else {
        Style::default()
    };
    (line, style)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if app.screen == Screen::Task {
        if let Some(t) = open_task(app) {
            return draw_task(frame, area, app, t);
        }
    }
    if app.data.tasks.is_empty() {
        frame.render_widget(
            Line::styled(app.t(D::TNone), widgets::dim()),
            Rect { height: 1, ..area },
        );
        return;
    }
    let w = area.width as usize;
    let tasks = &app.data.tasks;
    app.tasks
        .list
        .draw_rows(frame, area, &header(app, w), &|i| {
            tasks
                .get(i)
                .map_or_else(|| (String::new(), Style::default()), |t| row(app, t, w))
        });
}

/// The page's lines above the order list.
fn task_lines(app: &App, t: &TaskRow, w: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    let (task, r) = (&t.task, &t.report);
    let mut out = vec![Line::styled(
        format!("{}  {}", task.number, task.name),
        widgets::header_style(),
    )];
    let mut say = |s: String, st: Style| {
        for piece in text::wrap(&s, w) {
            out.push(Line::styled(piece, st));
        }
    };
    let plain = Style::default();
    say(format!("{}：{}", l.t(D::TAuthority), task.authority), plain);
    let basis = format!("{} {} · {}", task.standard, task.grade, task.product);
    say(format!("{}：{basis}", l.t(D::TBasis)), plain);
    if !task.campaign.is_empty() {
        say(format!("{}：{}", l.t(D::TCampaign), task.campaign), plain);
    }
    let scope = if task.scope.is_empty() {
        l.t(D::TScopeAll).to_string()
    } else {
        task.scope.join("、")
    };
    say(format!("{}：{scope}", l.t(D::TScope)), plain);
    let day = |d: Option<chrono::NaiveDate>| d.map_or("/".to_string(), |d| d.to_string());
    say(
        l.f(
            D::TDeadlines,
            &[&day(task.sampling_due), &day(task.report_due)],
        ),
        plain,
    );
    let figures = l.f(
        D::TFigures,
        &[
            &r.planned,
            &r.sampled,
            &r.tested,
            &r.passed,
            &r.failed,
            &r.pass_rate_text(),
        ],
    );
    say(figures, widgets::header_style());
    say(l.t(D::TRateNote).to_string(), widgets::dim());
    if !r.failing_items.is_empty() {
        let items: Vec<String> = r
            .failing_items
            .iter()
            .map(|i| {
                let name = if l.english() { &i.name_en } else { &i.name_zh };
                format!("{} {name} ×{}", i.code, i.count)
            })
            .collect();
        say(
            format!("{}：{}", l.t(D::TFailingItems), items.join("；")),
            widgets::warn_style(),
        );
    }
    if !r.failing_enterprises.is_empty() {
        let names: Vec<String> = r
            .failing_enterprises
            .iter()
            .map(|e| format!("{}（{}）", e.sampled_unit.name, e.order))
            .collect();
        say(
            format!("{}：{}", l.t(D::TFailingEnterprises), names.join("；")),
            widgets::warn_style(),
        );
    }
    for d in &task.draws {
        let at = d.at.format("%Y-%m-%d").to_string();
        let s = l.f(
            D::TDrawLine,
            &[&at, &d.by, &d.seed, &d.chosen.len(), &d.chosen.join("、")],
        );
        say(format!("{}：{s}", l.t(D::TDraws)), plain);
    }
    out
}

fn draw_task(frame: &mut Frame, area: Rect, app: &App, t: &TaskRow) {
    let w = area.width as usize;
    let mut lines = task_lines(app, t, w);
    // The order list keeps at least a few rows; the head gives way on a short terminal.
    let keep = area.height.saturating_sub(6) as usize;
    lines.truncate(keep.max(1));
    lines.push(Line::from(""));
    let body = widgets::lines_on_top(frame, area, lines);
    if app.tasks.orders.rows.is_empty() {
        frame.render_widget(
            Line::styled(app.t(D::TNoOrders), widgets::dim()),
            Rect { height: 1, ..body },
        );
        return;
    }
    super::orders::order_rows(
        frame,
        body,
        app,
        &app.tasks.orders.rows,
        &app.data.task_orders,
        app.tasks.orders.selected,
        app.tasks.orders.offset,
    );
}
