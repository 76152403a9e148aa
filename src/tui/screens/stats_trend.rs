//! The statistics screen's trend lines (合格率趋势): by month or quarter, one line per product
//! with most samples, its pass rate period by period, drawn with ratatui's `Chart` beside the
//! bars of the overall rate. A period where the product had nothing tested has no point.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType};
use ratatui::Frame;

use crate::stats::table::Table;
use crate::tui::app::App;
use crate::tui::i18n_stats::St;
use crate::tui::widgets::{self, text};

const COLOURS: [Color; 4] = [Color::Cyan, Color::Magenta, Color::Yellow, Color::Green];

/// "75.0" → 75.0 for plotting only: the figures read on screen are the table's exact text.
fn plotted(percent: &str) -> Option<f64> {
    let tenths: u32 = percent.replace('.', "").parse().ok()?;
    Some(f64::from(tenths) / 10.0)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, t: &Table) {
    let l = app.lang;
    let trends = &app.stats.trends;
    let points: Vec<Vec<(f64, f64)>> = trends
        .iter()
        .map(|tr| {
            (0u32..)
                .zip(&tr.percent)
                .filter_map(|(x, p)| Some((f64::from(x), plotted(p.as_deref()?)?)))
                .collect()
        })
        .collect();
    let sets: Vec<Dataset> = trends
        .iter()
        .zip(&points)
        .zip(COLOURS.iter().cycle())
        .map(|((tr, pts), c)| {
            Dataset::default()
                .name(text::truncate(&tr.product, 16))
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::default().fg(*c))
                .data(pts)
        })
        .collect();
    let last = t.rows.len().saturating_sub(1);
    let first_label = t.rows.first().map_or(String::new(), |r| r.group.clone());
    let last_label = t.rows.last().map_or(String::new(), |r| r.group.clone());
    let x = Axis::default()
        .bounds([0.0, f64::from(u32::try_from(last).unwrap_or(0)).max(1.0)])
        .labels([Span::raw(first_label), Span::raw(last_label)])
        .style(widgets::dim());
    let y = Axis::default()
        .bounds([0.0, 100.0])
        .labels(["0", "50", "100"].map(Span::raw))
        .style(widgets::dim());
    // The legend beside the plot, not over it: the chart is only a few rows high.
    let [plot, legend] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(LEGEND_W)]).areas(area);
    let chart = Chart::new(sets)
        .block(Block::default().title(l.t(St::ChartTrend)))
        .x_axis(x)
        .y_axis(y)
        .hidden_legend_constraints((Constraint::Length(0), Constraint::Length(0)));
    frame.render_widget(chart, plot);
    let names: Vec<Line> = trends
        .iter()
        .zip(COLOURS.iter().cycle())
        .map(|(tr, c)| {
            Line::styled(
                format!("━ {}", text::truncate(&tr.product, LEGEND_W as usize - 3)),
                Style::default().fg(*c),
            )
        })
        .collect();
    let legend = Rect {
        y: legend.y + 1,
        height: legend.height.saturating_sub(1),
        ..legend
    };
    frame.render_widget(ratatui::widgets::Paragraph::new(names), legend);
}

/// Columns for the legend: "━ " and a standard's code.
const LEGEND_W: u16 = 19;
