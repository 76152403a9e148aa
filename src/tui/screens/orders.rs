//! The order list: status tabs, a typed filter, a sort. The rows come a few pages at a time
//! from the store's list (`OrderWindow`), so a million orders open, scroll and filter without
//! lag.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::model::{OrderStatus, OrderSummary};
use crate::store::{ListSort, OrderQuery};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::order_window::{ListMove, OrderWindow};
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
    /// The rows around the cursor, read from the store's list.
    pub list: OrderWindow,
}

fn tab_status(tab: usize) -> Option<OrderStatus> {
    tab.checked_sub(1)
        .and_then(|i| OrderStatus::ALL.get(i).copied())
}

/// Rows shown per page (the layout: title, tabs, filter, header, status, hints).
pub fn page_rows(app: &App) -> usize {
    app.size.1.saturating_sub(7).max(1) as usize
}

/// The list this screen shows, as the store answers it.
pub fn query(app: &App) -> OrderQuery {
    let s = &app.orders;
    OrderQuery {
        statuses: tab_status(s.tab).into_iter().collect(),
        sort: match s.sort {
            SortKey::Number => ListSort::Number,
            SortKey::Due => ListSort::Due,
            SortKey::Client => ListSort::Client,
            SortKey::Status => ListSort::Status,
        },
        reverse: s.reverse,
        site: app.user_site(),
        standards: None,
        filter: s.filter.value().to_string(),
    }
}

fn list(m: ListMove) -> Vec<Effect> {
    vec![Effect::OrderList(m)]
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = page_rows(app);
    let s = &mut app.orders;
    if s.filtering {
        match action {
            Action::Edit(k) => {
                if s.filter.edit(&k) {
                    return list(ListMove::Fresh);
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
                return list(ListMove::Fresh);
            }
            _ => {}
        }
    }
    match action {
        Action::Filter => s.filtering = true,
        Action::Back if !s.filter.is_empty() => {
            s.filter.clear();
            return list(ListMove::Fresh);
        }
        Action::Sort => {
            s.sort = s.sort.next();
            return list(ListMove::Reload);
        }
        Action::Reverse => {
            s.reverse = !s.reverse;
            return list(ListMove::Reload);
        }
        Action::Right => {
            s.tab = (s.tab + 1) % (OrderStatus::ALL.len() + 1);
            return list(ListMove::Fresh);
        }
        Action::Left => {
            s.tab = (s.tab + OrderStatus::ALL.len()) % (OrderStatus::ALL.len() + 1);
            return list(ListMove::Fresh);
        }
        Action::New => return app.go(Screen::Register),
        Action::Open => {
            let number = s.list.selected_row().map(|o| o.number.clone());
            if let Some(n) = number {
                return app.open_order(&n);
            }
        }
        Action::Back => return app.go(Screen::Queue),
        _ => return move_in(&mut s.list, action, page),
    }
    Vec::new()
}

/// Move the cursor in a window of orders; read on from the store when it nears an end.
pub fn move_in(w: &mut OrderWindow, action: Action, page: usize) -> Vec<Effect> {
    let len = w.rows.len();
    let step = page as isize;
    let m = match action {
        Action::Up => {
            w.selected = widgets::step(w.selected, -1, len);
            ListMove::Follow
        }
        Action::Down => {
            w.selected = widgets::step(w.selected, 1, len);
            ListMove::Follow
        }
        Action::PageUp => {
            w.selected = widgets::step(w.selected, -step, len);
            ListMove::Follow
        }
        Action::PageDown => {
            w.selected = widgets::step(w.selected, step, len);
            ListMove::Follow
        }
        Action::Top => {
            w.selected = 0;
            ListMove::Top
        }
        Action::Bottom => {
            w.selected = len.saturating_sub(1);
            ListMove::Bottom
        }
        _ => return Vec::new(),
    };
    w.offset = widgets::window(w.selected, w.offset, page, len);
    if w.wants(m, page) {
        list(m)
    } else {
        Vec::new()
    }
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
    let shown = if s.list.count.exact {
        s.list.count.rows.to_string()
    } else {
        format!("≤{}", s.list.count.rows)
    };
    let right = format!(
        "{}：{}{}  {}",
        app.t(S::SortBy),
        app.t(s.sort.label()),
        if s.reverse { "↓" } else { "↑" },
        app.lang.f(S::Rows, &[&shown, &app.data.total_orders])
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
    window_rows(frame, list_area, app, &s.list);
}

/// The rows a window holds, as a table.
pub fn window_rows(frame: &mut Frame, area: Rect, app: &App, w: &OrderWindow) {
    order_rows(
        frame,
        area,
        app,
        &w.indices(),
        &w.rows,
        w.selected,
        w.offset,
    );
}

/// A table of order summaries: header, then only the rows that fit.
pub fn order_rows(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    rows: &[usize],
    source: &[OrderSummary],
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
        let Some(o) = source.get(*idx) else {
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
