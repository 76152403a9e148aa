//! The standards library: every edition (withdrawn ones marked) and, per item, the
//! three-unified view: method, unit, interval, limit per grade, comparison method, the schemes
//! that make it mandatory, and whether the figures were checked against the official text.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;

use crate::catalog::Standard;
use crate::inspection::InspectionType;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::{Lang, S};
use crate::tui::keymap::Action;
use crate::tui::widgets::{
    self,
    list::{columns, ListView, Outcome},
    text,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StandardsState {
    pub list: ListView,
    /// Catalog indices sorted by code.
    pub order: Vec<usize>,
    pub open: Option<String>,
    pub item: usize,
}

pub fn recompute(app: &mut App) {
    let std = app.catalog.standards();
    let mut order: Vec<usize> = (0..std.len()).collect();
    order.sort_by(|a, b| std[*a].code.cmp(&std[*b].code));
    let needle = app.standards.list.needle();
    let rows = order
        .iter()
        .copied()
        .filter(|i| {
            let s = &std[*i];
            needle.is_empty()
                || [&s.code, &s.title_zh, &s.title_en, &s.product, &s.field]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&needle))
        })
        .collect();
    app.standards.order = order;
    app.standards.list.set_rows(rows);
}

fn open_standard(app: &App) -> Option<&Standard> {
    app.standards
        .open
        .as_deref()
        .and_then(|c| app.catalog.get(c))
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.size.1.saturating_sub(6) as usize;
    if app.screen == Screen::Standard {
        let n = open_standard(app).map_or(0, |s| s.items.len());
        let s = &mut app.standards;
        match action {
            Action::Up => s.item = widgets::step(s.item, -1, n),
            Action::Down => s.item = widgets::step(s.item, 1, n),
            Action::PageUp => s.item = widgets::step(s.item, -(page as isize), n),
            Action::PageDown => s.item = widgets::step(s.item, page as isize, n),
            Action::Top => s.item = 0,
            Action::Bottom => s.item = n.saturating_sub(1),
            Action::Back => app.screen = Screen::Standards,
            _ => {}
        }
        return Vec::new();
    }
    match app.standards.list.update(action, page) {
        Outcome::Done(true) => recompute(app),
        Outcome::Done(false) => {}
        Outcome::Open(i) => {
            if let Some(s) = app.catalog.standards().get(i) {
                app.standards.open = Some(s.code.clone());
                app.standards.item = 0;
                app.screen = Screen::Standard;
            }
        }
        Outcome::Unhandled => {
            if action == Action::Back {
                app.screen = Screen::Queue;
            }
        }
    }
    Vec::new()
}

fn title(lang: Lang, s: &Standard) -> &str {
    match lang {
        Lang::Zh => &s.title_zh,
        Lang::En => &s.title_en,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if app.screen == Screen::Standard {
        return draw_standard(frame, area, app);
    }
    let [f, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let s = &app.standards.list;
    let right = app
        .lang
        .f(S::Rows, &[&s.rows.len(), &app.catalog.standards().len()]);
    s.draw_filter(
        frame,
        f,
        app.t(S::Filter),
        "GB/T 1499.2 · 钢筋 · 化肥",
        &right,
    );
    let l = app.lang;
    let w = body.width as usize;
    let title_w = w.saturating_sub(20 + 14 + 8 + 12 + 5).max(8);
    let header = columns(&[
        (l.t(S::ColCode), 20),
        (l.t(S::ColTitle), title_w),
        (l.t(S::ColProduct), 14),
        (l.t(S::ColField), 8),
        (l.t(S::ColStatus), 12),
    ]);
    let today = app.today();
    let std = app.catalog.standards();
    s.draw_rows(frame, body, &header, &|i| {
        let st = &std[i];
        let (status, style) = if st.is_withdrawn(today) {
            (
                format!(
                    "{} {}",
                    l.t(S::RWithdrawn),
                    st.replaced_by.clone().unwrap_or_default()
                ),
                widgets::dim(),
            )
        } else if st.has_unconfirmed() {
            ("⚠ 待核对".to_string(), widgets::warn_style())
        } else {
            ("✓".to_string(), Style::default())
        };
        let line = columns(&[
            (&st.code, 20),
            (title(l, st), title_w),
            (&st.product, 14),
            (&st.field, 8),
            (&status, 12),
        ]);
        (line, style)
    });
}

fn schemes_of(lang: Lang, s: &Standard, code: &str) -> String {
    let v: Vec<&str> = InspectionType::ALL
        .iter()
        .filter(|t| !t.client_chooses_items())
        .filter(|t| {
            s.schemes
                .get(t)
                .is_some_and(|sc| sc.items.iter().any(|i| i == code))
        })
        .map(|t| {
            let name = lang.inspection(*t);
            // Short forms keep the column narrow: 监督 型式 出厂 许可.
            match lang {
                Lang::Zh => match t {
                    InspectionType::Supervision => "监督",
                    InspectionType::Type => "型式",
                    InspectionType::Factory => "出厂",
                    InspectionType::Licence => "许可",
                    _ => name,
                },
                Lang::En => match t {
                    InspectionType::Supervision => "spot",
                    InspectionType::Type => "type",
                    InspectionType::Factory => "factory",
                    InspectionType::Licence => "licence",
                    _ => name,
                },
            }
        })
        .collect();
    if v.is_empty() {
        "—".into()
    } else {
        v.join(" ")
    }
}

fn draw_standard(frame: &mut Frame, area: Rect, app: &App) {
    let Some(s) = open_standard(app) else {
        return;
    };
    let l = app.lang;
    let w = area.width as usize;
    let today = app.today();
    let mut head = format!("{}  {}  · {} · {}", s.code, title(l, s), s.product, s.field);
    if s.is_withdrawn(today) {
        head.push_str(&format!(
            "  [{} {}{}]",
            l.t(S::RWithdrawn),
            s.withdrawn.map(|d| d.to_string()).unwrap_or_default(),
            s.replaced_by
                .as_ref()
                .map(|r| format!(" → {r}"))
                .unwrap_or_default()
        ));
    }
    frame.render_widget(
        Line::styled(text::truncate(&head, w), widgets::header_style()),
        Rect { height: 1, ..area },
    );
    let grades = format!(
        "{}：{}{}",
        l.t(S::DGrade),
        s.grades.join(" "),
        if s.specs.is_empty() {
            String::new()
        } else {
            format!("   {}：{}", s.spec_label, s.specs.join(" "))
        }
    );
    frame.render_widget(
        Line::from(text::truncate(&grades, w)),
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
    );
    let panel = 5u16;
    let table = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2 + panel),
        ..area
    };
    let method_w = if w < 90 { 15 } else { 18 };
    let name_w = w
        .saturating_sub(8 + 6 + method_w + 6 + 8 + 12 + 4 + 8)
        .clamp(8, 30);
    let header = columns(&[
        (l.t(S::ColCode), 8),
        (l.t(S::ColItem), name_w),
        (l.t(S::ColUnit), 6),
        (l.t(S::ColMethod), method_w),
        (l.t(S::ColInterval), 6),
        (l.t(S::ColComparison), 8),
        (l.t(S::ColMandatory), 12),
        (l.t(S::ColConfirmed), 4),
    ]);
    frame.render_widget(
        Line::styled(header, widgets::header_style()),
        Rect { height: 1, ..table },
    );
    let h = table.height.saturating_sub(1) as usize;
    let sel = app.standards.item;
    let offset = widgets::window(sel, 0, h, s.items.len());
    for (k, item) in s.items.iter().enumerate().skip(offset).take(h) {
        let name = match l {
            Lang::Zh => &item.name_zh,
            Lang::En => &item.name_en,
        };
        let confirmed = item.confirmed && item.limits.values().all(|x| x.confirmed);
        let cmp = match item.comparison {
            crate::judge::Comparison::Full => "全数值",
            crate::judge::Comparison::Rounded => "修约值",
        };
        let line = columns(&[
            (&item.code, 8),
            (name, name_w),
            (
                if item.unit.is_empty() {
                    "/"
                } else {
                    &item.unit
                },
                6,
            ),
            (&item.method, method_w),
            (
                &item.interval.map(|i| i.to_string()).unwrap_or("/".into()),
                6,
            ),
            (cmp, 8),
            (&schemes_of(l, s, &item.code), 12),
            (if confirmed { "✓" } else { "✗" }, 4),
        ]);
        let st = if k == sel {
            widgets::selected_style()
        } else if confirmed {
            Style::default()
        } else {
            widgets::warn_style()
        };
        frame.render_widget(
            Line::styled(text::pad(&line, w), st),
            Rect {
                y: table.y + 1 + (k - offset) as u16,
                height: 1,
                ..table
            },
        );
    }
    // The selected item's limits per grade and notes.
    let Some(item) = s.items.get(sel) else {
        return;
    };
    let py = area.y + area.height.saturating_sub(panel);
    let mut lines = vec![Line::styled("─".repeat(w), widgets::dim())];
    let limits: Vec<String> = item
        .limits
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}：{}{}",
                v.limit.text,
                if v.confirmed { "" } else { "（待核对）" }
            )
        })
        .collect();
    for line in text::wrap(&format!("{}：{}", l.t(S::ColLimits), limits.join("  ")), w)
        .into_iter()
        .take(2)
    {
        lines.push(Line::from(line));
    }
    let mut extra = Vec::new();
    if let Some(f) = &item.formula {
        extra.push(format!("= {}", f.text));
    }
    if let Some(d) = item.detection_limit {
        extra.push(format!("LOD {d}"));
    }
    if item.replicates > 1 {
        extra.push(format!("×{} ({:?})", item.replicates, item.replicate_rule));
    }
    if let Some(n) = &item.note {
        extra.push(n.clone());
    }
    lines.push(Line::styled(
        text::truncate(&extra.join(" · "), w),
        widgets::dim(),
    ));
    for (i, line) in lines.into_iter().enumerate() {
        frame.render_widget(
            line,
            Rect {
                y: py + i as u16,
                height: 1,
                ..area
            },
        );
    }
}
