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
    /// First shown line of the selected item's limits and notes, when they do not fit.
    pub panel: usize,
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
        // An upper bound for the panel's scroll: its line count at the terminal's width.
        let lines = open_standard(app)
            .and_then(|s| s.items.get(app.standards.item))
            .map_or(0, |i| panel_lines(app.lang, i, app.size.0 as usize).len());
        let s = &mut app.standards;
        let item = s.item;
        match action {
            // Left/Right scroll the limits panel; the item keys keep Up/Down.
            Action::Left => s.panel = s.panel.saturating_sub(1),
            Action::Right => s.panel = (s.panel + 1).min(lines.saturating_sub(1)),
            Action::Up => s.item = widgets::step(s.item, -1, n),
            Action::Down => s.item = widgets::step(s.item, 1, n),
            Action::PageUp => s.item = widgets::step(s.item, -(page as isize), n),
            Action::PageDown => s.item = widgets::step(s.item, page as isize, n),
            Action::Top => s.item = 0,
            Action::Bottom => s.item = n.saturating_sub(1),
            Action::Back => app.screen = Screen::Standards,
            _ => {}
        }
        if s.item != item {
            s.panel = 0;
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
                app.standards.panel = 0;
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
            (format!("⚠ {}", l.t(S::StdToCheck)), widgets::warn_style())
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
    // Units, so a line breaks between the code, the title and the field, not inside a word.
    let mut head = vec![
        s.code.clone(),
        title(l, s).to_string(),
        format!("· {} · {}", s.product, s.field),
    ];
    if s.is_withdrawn(today) {
        head.push(format!(
            "[{} {}{}]",
            l.t(S::RWithdrawn),
            s.withdrawn.map(|d| d.to_string()).unwrap_or_default(),
            s.replaced_by
                .as_ref()
                .map(|r| format!(" → {r}"))
                .unwrap_or_default()
        ));
    }
    let c = if l.english() { ": " } else { "：" };
    // One unit per grade so a line breaks between grades, not inside one.
    let mut grades: Vec<String> = s.grades.clone();
    if let Some(g) = grades.first_mut() {
        *g = format!("{}{c}{g}", l.t(S::DGrade));
    }
    let mut specs: Vec<String> = s.specs.clone();
    if let Some(sp) = specs.first_mut() {
        *sp = format!("  {}{c}{sp}", s.spec_label);
    }
    grades.extend(specs);
    // The heading and the grades wrap rather than lose a grade or the replacing edition.
    let mut top: Vec<Line> = wrap_units(&head, "  ", w)
        .into_iter()
        .map(|t| Line::styled(t, widgets::header_style()))
        .collect();
    top.extend(wrap_units(&grades, " ", w).into_iter().map(Line::from));
    // Keep the table's header and the selected row visible whatever else needs room.
    top.truncate((area.height as usize).saturating_sub(2));
    for (i, line) in top.iter().enumerate() {
        frame.render_widget(line.clone(), row_at(area, i));
    }
    let top_h = top.len() as u16;
    let sel = app.standards.item;
    let panel = s
        .items
        .get(sel)
        .map(|item| panel_lines(l, item, w))
        .unwrap_or_default();
    let room = area.height.saturating_sub(top_h + 2) as usize;
    let panel_h = (panel.len() + 1).min(room) as u16;
    let table = Rect {
        y: area.y + top_h,
        height: area.height.saturating_sub(top_h + panel_h),
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
    let offset = widgets::window(sel, 0, h, s.items.len());
    for (k, item) in s.items.iter().enumerate().skip(offset).take(h) {
        let name = match l {
            Lang::Zh => &item.name_zh,
            Lang::En => &item.name_en,
        };
        let confirmed = item.confirmed && item.limits.values().all(|x| x.confirmed);
        let cmp = match item.comparison {
            crate::judge::Comparison::Full => l.t(S::StdFull),
            crate::judge::Comparison::Rounded => l.t(S::StdRounded),
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
    // The selected item's limits per grade and notes, whole: scrolled with ←/→ when they
    // need more lines than there are, never cut.
    if panel_h == 0 {
        return;
    }
    let py = area.y + area.height - panel_h;
    let mut lines = vec![Line::styled("─".repeat(w), widgets::dim())];
    let shown = panel_h as usize - 1;
    let hidden = panel.len().saturating_sub(shown);
    let first = app.standards.panel.min(hidden);
    let mut body: Vec<Line> = panel.into_iter().skip(first).take(shown).collect();
    let below = hidden - first;
    if below > 0 && shown > 0 {
        // The last visible line says there is more and how to see it.
        body.truncate(shown - 1);
        let key = app
            .keymap
            .key_of(crate::tui::keymap::Ctx::Standard, Action::Right);
        body.push(Line::styled(
            l.f(S::StdMore, &[&key, &(below + 1)]),
            widgets::warn_style(),
        ));
    }
    lines.extend(body);
    for (i, line) in lines.into_iter().enumerate() {
        frame.render_widget(line, row_at(area, (py - area.y) as usize + i));
    }
}

fn row_at(area: Rect, i: usize) -> Rect {
    Rect {
        y: area.y + i as u16,
        height: 1,
        ..area
    }
}

/// The limits (one unit per grade) and the notes of an item, wrapped to `w` columns.
fn panel_lines(l: Lang, item: &crate::catalog::Item, w: usize) -> Vec<Line<'static>> {
    let (to_check, c) = if l.english() {
        (format!(" ({})", l.t(S::StdToCheck)), ": ")
    } else {
        (format!("（{}）", l.t(S::StdToCheck)), "：")
    };
    let mut limits: Vec<String> = item
        .limits
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}{c}{}{}",
                v.limit.text,
                if v.confirmed { "" } else { to_check.as_str() }
            )
        })
        .collect();
    if let Some(first) = limits.first_mut() {
        *first = format!("{}{c}{first}", l.t(S::ColLimits));
    }
    let mut out: Vec<Line> = wrap_units(&limits, "  ", w)
        .into_iter()
        .map(Line::from)
        .collect();
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
    out.extend(
        wrap_units(&extra, " · ", w)
            .into_iter()
            .map(|t| Line::styled(t, widgets::dim())),
    );
    out
}

/// Lines of at most `w` columns made of whole units joined by `sep`; a unit breaks inside
/// only when it is wider than a line (so `≥630` is not split from its grade).
fn wrap_units(units: &[String], sep: &str, w: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for u in units.iter().filter(|u| !u.is_empty()) {
        let joined = if line.is_empty() {
            u.clone()
        } else {
            format!("{line}{sep}{u}")
        };
        if text::width(&joined) <= w {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut parts = text::wrap(u, w);
        line = parts.pop().unwrap_or_default();
        lines.extend(parts);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
