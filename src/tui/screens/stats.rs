//! The statistics screen (统计): one table grouped by product, item, enterprise, region, type,
//! task, campaign, month, quarter or person over a period, a chart of it (failures per group,
//! or the pass rate over time), and a drill-down from a row to the orders behind it. The rows
//! are read once into `Data::stats`; changing the grouping or the period regroups them in
//! memory (within a frame at 100 000 orders — `unilab bench` reports `stats_ms`).

use chrono::{Datelike, Months, NaiveDate};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Sparkline};
use ratatui::Frame;

use crate::stats::table::{By, Period, Row, Table};
use crate::stats::trend::{product_trends, ProductTrend};
use crate::tui::app::{App, Effect};
use crate::tui::i18n_stats::St;
use crate::tui::keymap::Action;
use crate::tui::widgets::{
    self,
    list::{columns, ListView, Outcome},
    text,
};

/// The periods a key cycles through, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Span {
    #[default]
    All,
    ThisYear,
    Last12Months,
    ThisQuarter,
    ThisMonth,
}

impl Span {
    fn next(self) -> Span {
        match self {
            Span::All => Span::ThisYear,
            Span::ThisYear => Span::Last12Months,
            Span::Last12Months => Span::ThisQuarter,
            Span::ThisQuarter => Span::ThisMonth,
            Span::ThisMonth => Span::All,
        }
    }

    fn words(self) -> St {
        match self {
            Span::All => St::PeriodAll,
            Span::ThisYear => St::PeriodYear,
            Span::Last12Months => St::Period12,
            Span::ThisQuarter => St::PeriodQuarter,
            Span::ThisMonth => St::PeriodMonth,
        }
    }

    pub fn period(self, today: NaiveDate) -> Period {
        let first = |m: u32| NaiveDate::from_ymd_opt(today.year(), m, 1);
        let from = match self {
            Span::All => None,
            Span::ThisYear => first(1),
            Span::Last12Months => today.checked_sub_months(Months::new(12)),
            Span::ThisQuarter => first((today.month() - 1) / 3 * 3 + 1),
            Span::ThisMonth => first(today.month()),
        };
        Period {
            from,
            to: from.map(|_| today),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsState {
    pub by: usize,
    pub span: Span,
    pub table: Option<Table>,
    pub list: ListView,
    /// The row whose orders are listed, and that list (indices into `Data::drill_orders`).
    pub drill: Option<usize>,
    pub orders: ListView,
    /// The chart has the cursor: the chosen bar (an index into [`chart_rows`]).
    pub bar: Option<usize>,
    /// By month or quarter: the pass rate over time of the products with most samples.
    pub trends: Vec<ProductTrend>,
}

/// How many products the trend chart draws a line for.
const TREND_LINES: usize = 4;

impl StatsState {
    pub fn by(&self) -> By {
        By::ALL.get(self.by).copied().unwrap_or(By::Product)
    }
}

/// Regroup the rows read; nothing when they are not read yet.
pub fn recompute(app: &mut App) {
    let today = app.today();
    let Some(src) = app.data.stats.as_ref() else {
        return;
    };
    let t = src.table(app.stats.by(), app.stats.span.period(today), today);
    app.stats.trends = product_trends(&src.facts, &t, TREND_LINES);
    app.stats.list.set_rows((0..t.rows.len()).collect());
    app.stats.table = Some(t);
    if app.stats.drill.is_some() {
        let rows = (0..app.data.drill_orders.len()).collect();
        app.stats.orders.set_rows(rows);
    }
}

/// The numbers of the orders behind the row drilled into, in order-number order (their list
/// rows are read by `Effect::LoadDrill`).
pub fn drill_numbers(app: &App) -> Vec<String> {
    let (Some(t), Some(src), Some(r)) = (
        app.stats.table.as_ref(),
        app.data.stats.as_ref(),
        app.stats.drill,
    ) else {
        return Vec::new();
    };
    t.rows.get(r).map_or_else(Vec::new, |row| {
        row.orders
            .iter()
            .filter_map(|i| src.facts.get(*i))
            .map(|f| f.number.clone())
            .collect()
    })
}

/// The table rows the chart draws as bars, in order, for a chart `width` columns wide: the
/// pass rate of the latest periods that fit, or the groups with failures, most first.
pub fn chart_rows(t: &Table, width: u16) -> Vec<usize> {
    if t.by.is_time() {
        let fit = (bars_width(t, width) as usize / 8).max(1);
        let skip = t.rows.len().saturating_sub(fit);
        return (skip..t.rows.len()).collect();
    }
    let top = (width as usize / 9).clamp(1, 12);
    (0..t.rows.len())
        .filter(|i| t.rows[*i].failed > 0)
        .take(top)
        .collect()
}

/// By time the bars share the width with the products' trend lines.
fn bars_width(t: &Table, width: u16) -> u16 {
    if t.by.is_time() {
        width / 2
    } else {
        width
    }
}

/// The chart spans the body, inside the frame's side borders.
fn chart_width(app: &App) -> u16 {
    app.size.0.saturating_sub(2)
}

/// The chart's title, naming the chosen bar while the chart has the cursor.
fn chart_title(app: &App, t: &Table, shown: &[usize], title: String) -> String {
    let chosen = app
        .stats
        .bar
        .and_then(|k| shown.get(k))
        .and_then(|i| t.rows.get(*i));
    match chosen {
        Some(r) => {
            let figure = if t.by.is_time() {
                rate(r)
            } else {
                r.failed.to_string()
            };
            let name = if r.label.is_empty() {
                &r.group
            } else {
                &r.label
            };
            format!(
                "{title} · {}",
                app.lang.f(St::ChartChosen, &[name, &figure])
            )
        }
        None => title,
    }
}

/// List the orders behind table row `r` (read by the effect returned).
fn open_drill(app: &mut App, r: usize) -> Vec<Effect> {
    app.stats.drill = Some(r);
    app.stats.orders = ListView::default();
    app.data.drill_orders.clear();
    vec![Effect::LoadDrill]
}

/// Keys while the chart has the cursor: ←→ choose a bar, Enter its orders, Esc the table.
fn update_chart(app: &mut App, action: Action, bar: usize) -> Vec<Effect> {
    let bars = app
        .stats
        .table
        .as_ref()
        .map_or_else(Vec::new, |t| chart_rows(t, chart_width(app)));
    match action {
        Action::Right | Action::Down => {
            app.stats.bar = Some((bar + 1).min(bars.len().saturating_sub(1)));
        }
        Action::Left | Action::Up => app.stats.bar = Some(bar.saturating_sub(1)),
        Action::Open => {
            if let Some(r) = bars.get(bar).copied() {
                app.stats.bar = None;
                return open_drill(app, r);
            }
        }
        Action::Back | Action::ChartFocus => app.stats.bar = None,
        _ => {}
    }
    Vec::new()
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(16) as usize;
    if let Some(bar) = app.stats.bar {
        return update_chart(app, action, bar);
    }
    if app.stats.drill.is_some() {
        match app.stats.orders.update(action, page) {
            Outcome::Open(i) => {
                return app.open_listed_order(|d| d.drill_orders.get(i));
            }
            Outcome::Done(_) => {}
            Outcome::Unhandled => {
                if action == Action::Back {
                    app.stats.drill = None;
                }
            }
        }
        return Vec::new();
    }
    let n = By::ALL.len();
    match action {
        Action::Right => app.stats.by = (app.stats.by + 1) % n,
        Action::Left => app.stats.by = (app.stats.by + n - 1) % n,
        Action::Toggle => app.stats.span = app.stats.span.next(),
        Action::Export | Action::ExportAll => {
            return vec![Effect::ExportStats {
                by: (action == Action::Export).then(|| app.stats.by()),
                period: app.stats.span.period(app.today()),
            }]
        }
        Action::Print => {
            return vec![Effect::PrintStats {
                by: app.stats.by(),
                period: app.stats.span.period(app.today()),
            }]
        }
        Action::ChartFocus => {
            let bars = app
                .stats
                .table
                .as_ref()
                .map_or(0, |t| chart_rows(t, chart_width(app)).len());
            if bars == 0 {
                app.info(app.lang.t(St::NoBars));
            } else {
                app.stats.bar = Some(0);
            }
            return Vec::new();
        }
        _ => {
            match app.stats.list.update(action, page) {
                Outcome::Open(r) => return open_drill(app, r),
                Outcome::Done(_) => {}
                Outcome::Unhandled => {
                    if action == Action::Back {
                        app.screen = crate::tui::app::Screen::Queue;
                    }
                }
            }
            return Vec::new();
        }
    }
    app.stats.list = ListView::default();
    recompute(app);
    Vec::new()
}

fn rate(r: &Row) -> String {
    r.pass_rate_percent
        .as_ref()
        .map_or("/".to_string(), |p| format!("{p} %"))
}

fn header(app: &App, label_w: usize) -> String {
    let l = app.lang;
    columns(&[
        (l.t(St::ColGroup), label_w),
        (l.t(St::ColSamples), 6),
        (l.t(St::ColTested), 6),
        (l.t(St::ColPassed), 6),
        (l.t(St::ColFailed), 6),
        (l.t(St::ColRate), 8),
        (l.t(St::ColDays), 9),
        (l.t(St::ColOverdue), 5),
        (l.t(St::ColItems), 24),
    ])
}

/// Turnaround from receipt to issue: median / 90th percentile in days.
fn days(r: &Row) -> String {
    let d = |x: Option<i64>| x.map_or("/".to_string(), |d| d.to_string());
    match (r.turnaround_median_days, r.turnaround_p90_days) {
        (None, None) => "/".into(),
        (m, p) => format!("{}/{}", d(m), d(p)),
    }
}

fn row_line(r: &Row, label_w: usize) -> String {
    let items: Vec<String> = r
        .failing_items
        .iter()
        .take(3)
        .map(|i| format!("{}×{}", i.name, i.failed))
        .collect();
    // The key first (a standard's code, a credit code), then what it names.
    let label = if r.label == r.group || r.label.is_empty() {
        r.group.clone()
    } else {
        format!("{} {}", r.group, r.label)
    };
    columns(&[
        (&label, label_w),
        (&r.samples.to_string(), 6),
        (&r.tested.to_string(), 6),
        (&r.passed.to_string(), 6),
        (&r.failed.to_string(), 6),
        (&rate(r), 8),
        (&days(r), 9),
        (&r.overdue.to_string(), 5),
        (&items.join("、"), 24),
    ])
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let l = app.lang;
    let Some(t) = app.stats.table.as_ref() else {
        frame.render_widget(Line::styled(l.t(St::Loading), widgets::dim()), area);
        return;
    };
    let by = if l.english() { t.by.en() } else { t.by.zh() };
    let total = &t.total;
    let head = l.f(
        St::Head,
        &[
            &by,
            &l.t(app.stats.span.words()),
            &total.samples,
            &total.tested,
            &total.failed,
            &rate(total),
        ],
    );
    let chart_h = if area.height >= 30 { 10 } else { 7 };
    let [head_area, keys_area, table_area, chart_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(chart_h),
    ])
    .areas(area);
    let w = area.width as usize;
    frame.render_widget(
        Line::styled(text::truncate(&head, w), widgets::header_style()),
        head_area,
    );
    let keys = if app.stats.bar.is_some() {
        St::ChartKeys
    } else {
        St::Keys
    };
    frame.render_widget(
        Line::styled(text::truncate(l.t(keys), w), widgets::dim()),
        keys_area,
    );
    if let Some(r) = app.stats.drill {
        let name = t.rows.get(r).map_or("", |r| r.label.as_str());
        let title = l.f(St::Drill, &[&name, &app.stats.orders.rows.len()]);
        frame.render_widget(
            Line::styled(text::truncate(&title, w), widgets::header_style()),
            Rect {
                height: 1,
                ..table_area
            },
        );
        let body = Rect {
            y: table_area.y + 1,
            height: (table_area.height + chart_area.height).saturating_sub(1),
            ..table_area
        };
        super::orders::order_rows(
            frame,
            body,
            app,
            &app.stats.orders.rows,
            &app.data.drill_orders,
            app.stats.orders.selected,
            app.stats.orders.offset,
        );
        return;
    }
    if t.rows.is_empty() {
        frame.render_widget(
            Line::styled(l.t(St::Empty), widgets::dim()),
            Rect {
                height: 1,
                ..table_area
            },
        );
        return;
    }
    let label_w = w.saturating_sub(6 * 4 + 8 + 9 + 5 + 24 + 10).clamp(10, 40);
    app.stats
        .list
        .draw_rows(frame, table_area, &header(app, label_w), &|i| {
            t.rows.get(i).map_or_else(
                || (String::new(), Style::default()),
                |r| {
                    let st = if r.failed > 0 {
                        widgets::warn_style()
                    } else {
                        Style::default()
                    };
                    (row_line(r, label_w), st)
                },
            )
        });
    draw_chart(frame, chart_area, app, t);
}

/// Tenths of a per cent from the printed rate ("75.0" → 750): integers only, no binary float.
fn tenths(r: &Row) -> u64 {
    r.pass_rate_percent
        .as_deref()
        .map_or(0, |p| p.replace('.', "").parse().unwrap_or(0))
}

fn draw_chart(frame: &mut Frame, area: Rect, app: &App, t: &Table) {
    let l = app.lang;
    let shown = chart_rows(t, area.width);
    // The chosen bar stands out while the chart has the cursor.
    let style = |k: usize, base: Style| {
        if app.stats.bar == Some(k) {
            widgets::selected_style()
        } else {
            base
        }
    };
    if t.by.is_time() {
        let [top, spark_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area);
        let [bars_area, lines_area] = Layout::horizontal([
            Constraint::Length(bars_width(t, area.width)),
            Constraint::Min(10),
        ])
        .areas(top);
        let bars: Vec<Bar> = (0..)
            .zip(&shown)
            .filter_map(|(k, i)| t.rows.get(*i).map(|r| (k, r)))
            .map(|(k, r)| {
                Bar::default()
                    .value(tenths(r))
                    .label(Line::from(r.group.clone()))
                    .text_value(rate(r).replace(' ', ""))
                    .style(style(k, widgets::ok_style()))
            })
            .collect();
        let chart = BarChart::default()
            .block(Block::default().title(chart_title(app, t, &shown, l.t(St::ChartRate).into())))
            .data(BarGroup::default().bars(&bars))
            .bar_width(7)
            .bar_gap(1)
            .max(1000)
            .bar_style(widgets::ok_style());
        frame.render_widget(chart, bars_area);
        super::stats_trend::draw(frame, lines_area, app, t);
        let samples: Vec<u64> = t.rows.iter().map(|r| u64::from(r.samples)).collect();
        let spark = Sparkline::default()
            .block(Block::default().title(l.t(St::ChartSamples)))
            .data(&samples);
        frame.render_widget(spark, spark_area);
        return;
    }
    let bars: Vec<Bar> = (0..)
        .zip(&shown)
        .filter_map(|(k, i)| t.rows.get(*i).map(|r| (k, r)))
        .map(|(k, r)| {
            // Codes say most in eight columns where the group has one (standard, task).
            let name = match t.by {
                By::Product | By::Task | By::Region | By::Item => &r.group,
                _ if r.label.is_empty() => &r.group,
                _ => &r.label,
            };
            Bar::default()
                .value(u64::from(r.failed))
                .label(Line::from(text::truncate(name, 8)))
                .style(style(k, widgets::error_style()))
        })
        .collect();
    let chart = BarChart::default()
        .block(Block::default().title(chart_title(
            app,
            t,
            &shown,
            l.f(St::ChartFailed, &[&bars.len()]),
        )))
        .data(BarGroup::default().bars(&bars))
        .bar_width(8)
        .bar_gap(1)
        .bar_style(widgets::error_style());
    frame.render_widget(chart, area);
}
