//! The order list: status tabs, a typed filter, a sort; only the visible rows are drawn, so
//! 100 000 orders scroll and filter without lag.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::model::OrderStatus;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::widgets::{self, text, TextInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Number,
    Due,
    Client,
    Status,
}

impl SortKey {
    fn next(self) -> SortKey {
        match self {
            SortKey::Number => SortKey::Due,
            SortKey::Due => SortKey::Client,
            SortKey::Client => SortKey::Status,
            SortKey::Status => SortKey::Number,
        }
    }

    fn label(self) -> S {
        match self {
            SortKey::Number => S::SortNumber,
            SortKey::Due => S::SortDue,
            SortKey::Client => S::SortClient,
            SortKey::Status => S::SortStatus,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrdersState {
    /// 0 = all, then one tab per status.
    pub tab: usize,
    pub filter: TextInput,
    pub filtering: bool,
    pub sort: SortKey,
    pub reverse: bool,
    /// Indices into `Data::summaries`, filtered and sorted.
    pub rows: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
    /// The order under the cursor: the cursor stays on it when the list is read again.
    pub focus: Option<String>,
}

fn tab_status(tab: usize) -> Option<OrderStatus> {
    tab.checked_sub(1)
        .and_then(|i| OrderStatus::ALL.get(i).copied())
}

/// Rows shown per page (the layout: title, tabs, filter, header, status, hints).
pub fn page_rows(app: &App) -> usize {
    app.size.1.saturating_sub(7).max(1) as usize
}

pub fn recompute(app: &mut App) {
    let s = &mut app.orders;
    let needle = s.filter.value().trim().to_lowercase();
    let status = tab_status(s.tab);
    let sums = &app.data.summaries;
    let mut rows: Vec<usize> = sums
        .iter()
        .enumerate()
        .filter(|(_, o)| status.is_none_or(|st| o.status == st) && o.matches(&needle))
        .map(|(i, _)| i)
        .collect();
    match s.sort {
        SortKey::Number => {}
        SortKey::Due => rows.sort_by(|a, b| {
            (sums[*a].due, &sums[*a].number).cmp(&(sums[*b].due, &sums[*b].number))
        }),
        SortKey::Client => rows.sort_by(|a, b| {
            (&sums[*a].client, &sums[*a].number).cmp(&(&sums[*b].client, &sums[*b].number))
        }),
        SortKey::Status => rows.sort_by(|a, b| {
            (sums[*a].status, &sums[*a].number).cmp(&(sums[*b].status, &sums[*b].number))
        }),
    }
    if s.reverse {
        rows.reverse();
    }
    s.rows = rows;
    s.selected = s.selected.min(s.rows.len().saturating_sub(1));
    if let Some(at) = s.focus.as_ref().and_then(|n| {
        s.rows
            .iter()
            .position(|i| sums.get(*i).is_some_and(|o| &o.number == n))
    }) {
        s.selected = at;
    }
    s.offset = widgets::window(
        s.selected,
        s.offset,
        page_rows_raw(app.size.1),
        s.rows.len(),
    );
}

fn page_rows_raw(h: u16) -> usize {
    h.saturating_sub(7).max(1) as usize
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = page_rows(app) as isize;
    let s = &mut app.orders;
    let len = s.rows.len();
    if s.filtering {
        match action {
            Action::Edit(k) => {
                if s.filter.edit(&k) {
                    s.selected = 0;
                    s.offset = 0;
                    s.focus = None;
                    recompute(app);
                }
                return Vec::new();
            }
            Action::Open | Action::Down => {
                s.filtering = false;
                return Vec::new();
            }
            Action::Back => {
                s.filtering = false;
                s.filter.clear();
                recompute(app);
                return Vec::new();
            }
            _ => {}
        }
    }
    match action {
        Action::Filter => s.filtering = true,
        Action::Back if !s.filter.is_empty() => {
            s.filter.clear();
            recompute(app);
        }
        Action::Sort => {
            s.sort = s.sort.next();
            recompute(app);
        }
        Action::Reverse => {
            s.reverse = !s.reverse;
            recompute(app);
        }
        Action::Right => {
            s.tab = (s.tab + 1) % (OrderStatus::ALL.len() + 1);
            s.selected = 0;
            recompute(app);
        }
        Action::Left => {
            s.tab = (s.tab + OrderStatus::ALL.len()) % (OrderStatus::ALL.len() + 1);
            s.selected = 0;
            recompute(app);
        }
        Action::New => return app.go(Screen::Register),
        Action::Up => s.selected = widgets::step(s.selected, -1, len),
        Action::Down => s.selected = widgets::step(s.selected, 1, len),
        Action::PageUp => s.selected = widgets::step(s.selected, -page, len),
        Action::PageDown => s.selected = widgets::step(s.selected, page, len),
        Action::Top => s.selected = 0,
        Action::Bottom => s.selected = len.saturating_sub(1),
        Action::Open => {
            let number = s
                .rows
                .get(s.selected)
                .and_then(|i| app.data.summaries.get(*i))
                .map(|o| o.number.clone());
            if let Some(n) = number {
                return app.open_order(&n);
            }
        }
        Action::Back => return app.go(Screen::Queue),
        _ => {}
    }
    let s = &mut app.orders;
    s.offset = widgets::window(s.selected, s.offset, page as usize, s.rows.len());
    s.focus = s
        .rows
        .get(s.selected)
        .and_then(|i| app.data.summaries.get(*i))
        .map(|o| o.number.clone());
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let s = &app.orders;
    let [tabs_area, filter_area, list_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let mut tabs = Vec::new();
    for i in 0..=OrderStatus::ALL.len() {
        let label = match tab_status(i) {
            None => app.t(S::AllOrders),
            Some(st) => app.lang.status(st),
        };
        let st = if i == s.tab {
            widgets::selected_style()
        } else {
            Style::default()
        };
        tabs.push(Span::styled(label.to_string(), st));
        tabs.push(Span::raw(" "));
    }
    frame.render_widget(Line::from(tabs), tabs_area);
    // Filter line: "/ 筛选：[text]   排序：编号 ↑   12 / 100 条"
    let label = format!("/ {}：", app.t(S::Filter));
    let lw = text::width(&label) as u16;
    let right = format!(
        "{}：{}{}  {}",
        app.t(S::SortBy),
        app.t(s.sort.label()),
        if s.reverse { "↓" } else { "↑" },
        app.lang
            .f(S::Rows, &[&s.rows.len(), &app.data.summaries.len()])
    );
    let rw = text::width(&right) as u16;
    let label_style = if s.filtering {
        widgets::focus_style()
    } else {
        widgets::dim()
    };
    frame.render_widget(Line::styled(label, label_style), filter_area);
    let field = Rect {
        x: filter_area.x + lw,
        width: filter_area.width.saturating_sub(lw + rw + 2),
        ..filter_area
    };
    if s.filter.is_empty() && !s.filtering {
        frame.render_widget(
            Line::styled(
                text::truncate(app.t(S::FilterHint), field.width as usize),
                widgets::dim(),
            ),
            field,
        );
    } else {
        s.filter.render(
            frame,
            field,
            Style::default().add_modifier(Modifier::UNDERLINED),
            s.filtering,
        );
    }
    frame.render_widget(
        Line::styled(right, widgets::dim()),
        Rect {
            x: filter_area.x + filter_area.width.saturating_sub(rw),
            width: rw,
            ..filter_area
        },
    );
    order_rows(frame, list_area, app, &s.rows, s.selected, s.offset);
}

/// A table of order summaries: header, then only the rows that fit.
pub fn order_rows(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    rows: &[usize],
    selected: usize,
    offset: usize,
) {
    if area.height < 2 {
        return;
    }
    let w = area.width as usize;
    // The status column is as wide as the longest status word in this language, so English
    // statuses ("In testing", "Sent back") are never cut.
    let status_w = OrderStatus::ALL
        .iter()
        .map(|s| text::width(app.lang.status(*s)))
        .chain([text::width(app.t(S::Returned))])
        .max()
        .unwrap_or(9);
    // Standard codes ("GB/T 15063-2020") are read whole; client and sample share the rest.
    let tw = 16;
    // A lab network's lists name each order's site.
    let has_sites = app.data.lab.as_ref().is_some_and(|l| !l.sites.is_empty());
    let site_w = if has_sites { 7 } else { 0 };
    let fixed = 15 + status_w + tw + 11 + 5 + site_w;
    let flex = w.saturating_sub(fixed);
    let cw = flex * 55 / 100;
    let sw = flex.saturating_sub(cw);
    let cols = [15, status_w, cw, sw, tw, 11];
    let line = |cells: [&str; 6], site: &str| -> String {
        let mut out = String::new();
        for (c, width) in cells.iter().zip(cols) {
            out.push_str(&text::pad(c, width));
            out.push(' ');
        }
        if has_sites {
            out.push_str(&text::pad(site, site_w));
        }
        out
    };
    let header = line(
        [
            &format!("  {}", app.t(S::ColNumber)),
            app.t(S::ColStatus),
            app.t(S::ColClient),
            app.t(S::ColSample),
            app.t(S::ColStandard),
            app.t(S::ColDue),
        ],
        app.t(S::DSite),
    );
    frame.render_widget(
        Line::styled(header, widgets::header_style()),
        Rect { height: 1, ..area },
    );
    let height = area.height as usize - 1;
    let offset = widgets::window(selected, offset, height, rows.len());
    let today = app.today();
    for (k, idx) in rows.iter().skip(offset).take(height).enumerate() {
        let Some(o) = app.data.summaries.get(*idx) else {
            continue;
        };
        let late = o.is_overdue(today);
        let sel = if offset + k == selected { "›" } else { " " };
        let number = format!("{sel}{}{}", if late { "!" } else { " " }, o.number);
        let due = o.due.format("%Y-%m-%d").to_string();
        let mut style = if late {
            widgets::error_style()
        } else if o.returned {
            widgets::warn_style()
        } else {
            Style::default()
        };
        if offset + k == selected {
            style = widgets::selected_style();
        }
        let l = line(
            [
                &number,
                if o.returned {
                    app.t(S::Returned)
                } else {
                    app.lang.status(o.status)
                },
                &o.client,
                &o.sample,
                &o.standard,
                &due,
            ],
            o.site.as_deref().unwrap_or("-"),
        );
        frame.render_widget(
            Line::styled(l, style),
            Rect {
                y: area.y + 1 + k as u16,
                height: 1,
                ..area
            },
        );
    }
}
