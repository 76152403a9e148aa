//! Result entry: one row per item with unit, requirement and method; typing a value shows the
//! reported value and the verdict at once; replicates side by side; computed items follow live.
//! Typed values stay on this screen until saved, whatever else happens.

use std::collections::BTreeMap;

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::detail::verdict_span;
use super::popup::{self, Popup, Prompt, PromptKind, Then};
use crate::catalog::ResolvedItem;
use crate::evaluate::{evaluate_under, ItemOutcome};
use crate::judge::qualitative_opposite;
use crate::limit::Requirement;
use crate::model::Order;
use crate::number::ResultValue;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::{Lang, S};
use crate::tui::keymap::{Action, Ctx};
use crate::tui::widgets::{self, text, TextInput};
use crate::workflow::Step;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub code: String,
    pub cells: Vec<TextInput>,
    /// The texts of the stored result, to tell what changed.
    pub saved: Vec<String>,
    pub computed: bool,
    pub error: Option<String>,
    /// The expanded uncertainty U (k = 2) typed for these values (guard-band orders), and the
    /// one stored with them.
    pub u: String,
    pub saved_u: String,
    /// Why the store refused the last save (the bench gate's words), shown under the table
    /// until the row is edited or saved.
    pub refused: Option<String>,
}

impl Row {
    fn texts(&self) -> Vec<String> {
        self.cells
            .iter()
            .map(|c| c.value().trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    pub fn dirty(&self) -> bool {
        !self.computed && (self.texts() != self.saved || self.u != self.saved_u)
    }

    /// The U to save with the values, when one is typed.
    pub fn uncertainty(&self) -> Option<String> {
        (!self.u.trim().is_empty()).then(|| self.u.trim().to_string())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultsState {
    pub number: String,
    pub rows: Vec<Row>,
    pub sel: usize,
    pub cell: usize,
    pub offset: usize,
    /// Live outcomes over saved and typed values.
    pub outcomes: Vec<ItemOutcome>,
    /// The cursor just arrived in this cell: typing a character replaces what is there, as in
    /// a spreadsheet (re-entering a value should not append to the old one).
    pub fresh: bool,
    /// The session's bench facts (test date, instruments by kind, conditions), saved with each
    /// entry; kept across orders (`bench.rs`).
    pub bench: crate::model::bench::BenchInput,
}

impl ResultsState {
    pub fn is_dirty(&self) -> bool {
        self.rows.iter().any(Row::dirty)
    }

    pub fn text_focus(&self, _app: &App) -> bool {
        self.rows.get(self.sel).is_some_and(|r| !r.computed)
    }
}

fn saved_u(order: &Order, code: &str) -> String {
    order
        .results
        .get(code)
        .and_then(|r| r.current())
        .and_then(|e| e.uncertainty)
        .map(|u| u.to_string())
        .unwrap_or_default()
}

fn saved_texts(order: &Order, code: &str) -> Vec<String> {
    order
        .results
        .get(code)
        .and_then(|r| r.current())
        .map(|e| e.values.iter().map(|v| v.text().to_string()).collect())
        .unwrap_or_default()
}

/// Open the grid for an order; typed values of the same order are kept.
pub fn open(app: &mut App, order: &Order) {
    let s = &mut app.results;
    if s.number != order.number {
        // The bench facts carry to the next order; a deviation justified for one does not.
        let mut bench = std::mem::take(&mut s.bench);
        bench.deviation = None;
        *s = ResultsState {
            number: order.number.clone(),
            fresh: true,
            bench,
            ..ResultsState::default()
        };
    }
    sync(s, order);
    app.screen = Screen::Results;
    live(app);
}

/// Take the stored values of rows that have no typed changes.
pub fn sync(s: &mut ResultsState, order: &Order) {
    let mut rows = Vec::new();
    for item in &order.items {
        let saved = saved_texts(order, &item.code);
        let existing = s.rows.iter().find(|r| r.code == item.code).cloned();
        let row = match existing {
            Some(mut r) if r.dirty() => {
                r.saved = saved;
                r.saved_u = saved_u(order, &item.code);
                r
            }
            _ => {
                let n = item.replicates.max(1) as usize;
                let cells = (0..n)
                    .map(|i| TextInput::new(saved.get(i).map(String::as_str).unwrap_or("")))
                    .collect();
                let u = saved_u(order, &item.code);
                Row {
                    code: item.code.clone(),
                    cells,
                    saved,
                    computed: item.is_computed(),
                    error: None,
                    u: u.clone(),
                    saved_u: u,
                    refused: None,
                }
            }
        };
        rows.push(row);
    }
    s.rows = rows;
    s.sel = s.sel.min(s.rows.len().saturating_sub(1));
}

/// Judge everything again from the saved values overlaid with what is typed.
pub fn live(app: &mut App) {
    let english = app.lang.english();
    let Some(order) = app
        .data
        .order
        .as_ref()
        .filter(|o| o.number == app.results.number)
    else {
        return;
    };
    let mut entries: BTreeMap<String, Vec<ResultValue>> = order.entries();
    for (row, item) in app.results.rows.iter_mut().zip(&order.items) {
        if row.computed {
            continue;
        }
        row.error = None;
        let texts = row.texts();
        if texts.is_empty() {
            entries.remove(&row.code);
            continue;
        }
        let mut values = Vec::new();
        for t in &texts {
            match ResultValue::parse(t, item.accepts_words()) {
                Ok(v) => values.push(v),
                Err(e) => row.error = Some(e.msg().text(english).to_string()),
            }
        }
        if row.error.is_none() {
            entries.insert(row.code.clone(), values);
        }
    }
    // Judged as the order will be: under its decision rule, with the uncertainties entered
    // (typed ones over the stored).
    let mut uncertainties = order.uncertainties();
    for row in &app.results.rows {
        if let Some(u) = row
            .uncertainty()
            .and_then(|t| crate::decision::Uncertainty::parse(&t).ok())
        {
            uncertainties.insert(row.code.clone(), u);
        }
    }
    app.results.outcomes =
        evaluate_under(&order.items, &entries, order.decision_rule, &uncertainties);
}

fn choices(item: &ResolvedItem) -> Vec<String> {
    match &item.limit.requirement {
        Requirement::Qualitative { expected } => {
            vec![
                expected.clone(),
                qualitative_opposite(expected),
                "不适用".into(),
            ]
        }
        Requirement::NotDetectable => vec!["未检出".into(), "检出".into()],
        Requirement::ReportOnly if item.accepts_words() => vec!["不适用".into()],
        _ => Vec::new(),
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(order) = app
        .data
        .order
        .clone()
        .filter(|o| o.number == app.results.number)
    else {
        app.screen = Screen::Detail;
        return Vec::new();
    };
    let n = app.results.rows.len();
    let page = app.size.1.saturating_sub(12).max(1) as isize;
    let s = &mut app.results;
    let replicates = |s: &ResultsState| s.rows.get(s.sel).map_or(1, |r| r.cells.len());
    match action {
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            let d = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -page,
                _ => page,
            };
            s.sel = widgets::step(s.sel, d, n);
            s.cell = s.cell.min(replicates(s) - 1);
            s.fresh = true;
        }
        Action::NextField => {
            s.fresh = true;
            if s.cell + 1 < replicates(s) {
                s.cell += 1;
            } else if s.sel + 1 < n {
                s.sel += 1;
                s.cell = 0;
            }
        }
        Action::PrevField => {
            s.fresh = true;
            if s.cell > 0 {
                s.cell -= 1;
            } else if s.sel > 0 {
                s.sel -= 1;
                s.cell = replicates(s) - 1;
            }
        }
        Action::Edit(k) => {
            let item = order.items.get(s.sel);
            match s.rows.get_mut(s.sel) {
                Some(r) if r.computed => {
                    let f = item
                        .and_then(|i| i.formula.as_ref())
                        .map(|f| f.text.clone())
                        .unwrap_or_default();
                    app.info(app.lang.f(S::ResComputed, &[&f]));
                    return Vec::new();
                }
                Some(r) => {
                    r.refused = None;
                    if let Some(c) = r.cells.get_mut(s.cell) {
                        let typing = matches!(k.code, crossterm::event::KeyCode::Char(_))
                            && !k
                                .modifiers
                                .contains(crossterm::event::KeyModifiers::CONTROL);
                        if s.fresh && typing {
                            c.clear();
                        }
                        c.edit(&k);
                    }
                    s.fresh = false;
                }
                None => {}
            }
            live(app);
        }
        Action::NotDetected | Action::Choice => {
            let Some(item) = order.items.get(s.sel) else {
                return Vec::new();
            };
            let Some(r) = s.rows.get_mut(s.sel).filter(|r| !r.computed) else {
                return Vec::new();
            };
            let Some(cell) = r.cells.get_mut(s.cell) else {
                return Vec::new();
            };
            if action == Action::NotDetected {
                cell.set("未检出");
            } else {
                let opts = choices(item);
                if opts.is_empty() {
                    let m = app.lang.f(S::ResChoices, &[&"ND / 未检出 / <x / xL"]);
                    app.info(m);
                    return Vec::new();
                }
                let next = opts
                    .iter()
                    .position(|o| o == cell.value())
                    .map_or(0, |i| (i + 1) % opts.len());
                cell.set(&opts[next]);
            }
            live(app);
        }
        Action::Submit => {
            let sel = s.sel;
            let effects = save(app, &order, &[sel]);
            if !effects.is_empty() && app.popup.is_none() {
                let s = &mut app.results;
                if s.sel + 1 < n {
                    s.sel += 1;
                    s.cell = 0;
                }
            }
            return effects;
        }
        Action::Uncertainty => {
            let sel = s.sel;
            let Some((code, u)) = s
                .rows
                .get(sel)
                .filter(|r| !r.computed)
                .map(|r| (r.code.clone(), r.u.clone()))
            else {
                return Vec::new();
            };
            let title = app.lang.f(S::ResUncertainty, &[&code]);
            let mut field =
                popup::Field::text(app.t(S::ResUncertaintyHint), popup::Check::Required);
            if let popup::Field::Text { input, .. } = &mut field {
                input.set(&u);
            }
            app.popup = Some(Popup::Prompt(Prompt::new(
                PromptKind::Uncertainty { row: sel },
                title,
                vec![field],
            )));
            return Vec::new();
        }
        Action::Bench => {
            super::bench::open_form(app, &order);
            return Vec::new();
        }
        Action::SaveAll => {
            let all: Vec<usize> = (0..n).collect();
            return save(app, &order, &all);
        }
        Action::SubmitForReview => {
            if s.is_dirty() {
                app.error(app.t(S::ResSaveFirst).to_string());
                return Vec::new();
            }
            if let Some(why) = crate::tui::offer::check_step(app, &order, Step::Submit) {
                app.error(why);
            } else {
                super::detail::ask_submit(app, &order);
            }
            return Vec::new();
        }
        Action::Back => {
            if s.is_dirty() {
                popup::confirm(app, app.t(S::ResUnsaved).to_string(), Then::LeaveResults);
            } else {
                app.screen = Screen::Detail;
            }
        }
        _ => {}
    }
    let s = &mut app.results;
    s.offset = widgets::window(s.sel, s.offset, page as usize, n);
    Vec::new()
}

/// Save the dirty rows among `which`: new values at once, changed values after asking why.
fn save(app: &mut App, order: &Order, which: &[usize]) -> Vec<Effect> {
    live(app);
    let mut fresh = Vec::new();
    let mut changed = Vec::new();
    for &i in which {
        let Some(r) = app.results.rows.get(i) else {
            continue;
        };
        if !r.dirty() {
            continue;
        }
        if let Some(e) = &r.error {
            let m = format!("{}：{}", r.code, app.lang.f(S::ResParseError, &[e]));
            app.results.sel = i;
            app.error(m);
            return Vec::new();
        }
        let texts = r.texts();
        if texts.is_empty() {
            continue;
        }
        if r.saved.is_empty() {
            fresh.push(Effect::EnterResult {
                order: order.number.clone(),
                item: r.code.clone(),
                texts,
                uncertainty: r.uncertainty(),
                bench: super::bench::for_item(app, order.items.get(i)),
                reason: None,
            });
        } else {
            changed.push((r.code.clone(), texts, r.uncertainty()));
        }
    }
    if fresh.is_empty() && changed.is_empty() {
        app.info(app.t(S::ResNothing));
        return Vec::new();
    }
    if !changed.is_empty() {
        let codes: Vec<&str> = changed.iter().map(|c| c.0.as_str()).collect();
        let title = app.lang.f(S::ResReason, &[&codes.join("、")]);
        app.popup = Some(Popup::Prompt(Prompt::reason(
            PromptKind::ResultReason {
                order: order.number.clone(),
                rows: changed,
            },
            title,
            app,
        )));
    }
    fresh
}

fn item_name(lang: Lang, item: &ResolvedItem) -> String {
    match lang {
        Lang::Zh => item.name_zh.clone(),
        Lang::En => item.name_en.clone(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let s = &app.results;
    let Some(order) = app.data.order.as_ref().filter(|o| o.number == s.number) else {
        frame.render_widget(Line::styled(app.t(S::DLoading), widgets::dim()), area);
        return;
    };
    let l = app.lang;
    let w = area.width as usize;
    let head = format!(
        "{}  {}  {} {}  {}",
        order.number,
        order.sample.name,
        order.standard.code,
        order.grade,
        l.status(order.status)
    );
    frame.render_widget(
        Line::styled(text::truncate(&head, w), widgets::header_style()),
        Rect { height: 1, ..area },
    );
    // Columns: name | unit | requirement | input | reported | verdict
    let (uw, rw, iw, pw, vw) = (6usize, 12usize, 18usize, 12usize, 11usize);
    let nw = w.saturating_sub(uw + rw + iw + pw + vw + 5).max(6);
    let header = format!(
        "{} {} {} {} {} {}",
        text::pad(l.t(S::ColItem), nw),
        text::pad(l.t(S::ColUnit), uw),
        text::pad(l.t(S::ColRequirement), rw),
        text::pad(l.t(S::ColValue), iw),
        text::pad(l.t(S::ColReported), pw),
        l.t(S::ColVerdict)
    );
    let bench = super::bench::lines(app, order.items.get(s.sel), w);
    for (i, line) in bench.into_iter().enumerate() {
        frame.render_widget(
            line,
            Rect {
                y: area.y + 1 + i as u16,
                height: 1,
                ..area
            },
        );
    }
    frame.render_widget(
        Line::styled(header, widgets::dim()),
        Rect {
            y: area.y + 3,
            height: 1,
            ..area
        },
    );
    let panel_h = 4u16;
    let table_h = area.height.saturating_sub(4 + panel_h) as usize;
    let offset = widgets::window(s.sel, s.offset, table_h, s.rows.len());
    for (k, (row, item)) in s
        .rows
        .iter()
        .zip(&order.items)
        .enumerate()
        .skip(offset)
        .take(table_h)
    {
        let y = area.y + 4 + (k - offset) as u16;
        let selected = k == s.sel;
        let mark = if row.dirty() {
            "●"
        } else if item.mandatory {
            "*"
        } else {
            " "
        };
        let name = format!("{mark}{}", item_name(l, item));
        let outcome = s.outcomes.get(k);
        let reported = outcome
            .and_then(|o| o.judgement.as_ref())
            .map(|j| l.library(&j.reported).into_owned())
            .unwrap_or_default();
        let base_style = if selected {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let left = format!(
            "{} {} {} ",
            text::pad(&name, nw),
            text::pad(
                if item.unit.is_empty() {
                    "/"
                } else {
                    &item.unit
                },
                uw
            ),
            text::pad(&l.library(&item.limit.text), rw)
        );
        let lw = text::width(&left) as u16;
        frame.render_widget(
            Line::styled(
                left,
                if selected {
                    widgets::focus_style()
                } else {
                    base_style
                },
            ),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        // Input cells.
        let x0 = area.x + lw;
        if row.computed {
            let shown = outcome
                .and_then(|o| o.values.first())
                .map(|v| format!("= {}", v.text()))
                .unwrap_or_else(|| "= …".into());
            frame.render_widget(
                Line::styled(text::pad(&shown, iw), widgets::dim()),
                Rect {
                    x: x0,
                    y,
                    width: iw as u16,
                    height: 1,
                },
            );
        } else {
            let n = row.cells.len().max(1);
            // Room for a value like 612.5 plus the cursor; when the specimens do not all fit,
            // a window follows the cursor and the last slot says how many are out of sight.
            let cw = ((iw + 1) / n).saturating_sub(1).max(5);
            let fit = ((iw + 1) / (cw + 1)).max(1);
            let shown = if n <= fit {
                n
            } else {
                fit.saturating_sub(1).max(1)
            };
            let first = if selected && n > shown {
                (s.cell + 1).saturating_sub(shown)
            } else {
                0
            };
            if n > shown {
                let x = x0 + (shown * (cw + 1)) as u16;
                let marker = format!("+{}", n - shown);
                if x + cw as u16 <= area.x + area.width {
                    frame.render_widget(
                        Line::styled(text::pad(&marker, cw), widgets::dim()),
                        Rect {
                            x,
                            y,
                            width: cw as u16,
                            height: 1,
                        },
                    );
                }
            }
            for (slot, (c, cell)) in row
                .cells
                .iter()
                .enumerate()
                .skip(first)
                .take(shown)
                .enumerate()
            {
                let x = x0 + (slot * (cw + 1)) as u16;
                if x + cw as u16 > area.x + area.width {
                    break;
                }
                let r = Rect {
                    x,
                    y,
                    width: cw as u16,
                    height: 1,
                };
                let focused = selected && c == s.cell && app.popup.is_none();
                let st = if row.error.is_some() {
                    widgets::error_style().add_modifier(Modifier::UNDERLINED)
                } else if focused {
                    Style::default().add_modifier(Modifier::UNDERLINED | Modifier::REVERSED)
                } else {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                };
                frame.render_widget(Line::styled(" ".repeat(cw), st), r);
                if focused {
                    cell.render(frame, r, st, true);
                } else {
                    // Unfocused cells show the value from its start, with an ellipsis when it
                    // does not fit: an editor's scrolled view would show 47.6 as 7.6.
                    frame.render_widget(Line::styled(text::truncate(cell.value(), cw), st), r);
                }
            }
        }
        let xr = x0 + iw as u16 + 1;
        let right = Line::from(vec![
            Span::raw(format!("{} ", text::pad(&reported, pw))),
            verdict_span(l, outcome.and_then(|o| o.verdict())),
        ]);
        frame.render_widget(
            right,
            Rect {
                x: xr,
                y,
                width: (area.x + area.width).saturating_sub(xr),
                height: 1,
            },
        );
    }
    // The selected item's three-unified facts, its error or its choices.
    let py = area.y + area.height.saturating_sub(panel_h);
    let Some(item) = order.items.get(s.sel) else {
        return;
    };
    let row = s.rows.get(s.sel);
    let mut lines = vec![Line::styled("─".repeat(w), widgets::dim())];
    let mut facts = format!(
        "{} {} · {}：{} · {}：{} · {}",
        item.code,
        item_name(l, item),
        l.t(S::ColMethod),
        item.method,
        l.t(S::ColInterval),
        item.interval.map(|i| i.to_string()).unwrap_or("/".into()),
        l.comparison(item.comparison)
    );
    if item.replicates > 1 {
        facts.push_str(&format!(
            " · {}",
            l.f(S::ResReplicate, &[&(s.cell + 1), &item.replicates])
        ));
    }
    if let Some(d) = item.detection_limit {
        facts.push_str(&format!(" · LOD {d}"));
    }
    if order.decision_rule == crate::decision::DecisionRule::GuardBand {
        let u = row
            .map(|r| r.u.trim())
            .filter(|u| !u.is_empty())
            .unwrap_or("—");
        let key = app.keymap.key_of(Ctx::Results, Action::Uncertainty);
        facts.push_str(&format!(" · U {u}（{key}）"));
    }
    lines.push(Line::from(text::truncate(&facts, w)));
    let pending = s.outcomes.get(s.sel).and_then(|o| o.pending.as_ref());
    let note = if let Some(f) = &item.formula {
        // A computed item that cannot be computed yet says why (an input missing, 未检出
        // without a detection limit…), not just that it waits.
        match pending {
            Some(why) => Line::styled(
                text::truncate(&format!("{} — {why}", l.f(S::ResComputed, &[&f.text])), w),
                widgets::warn_style(),
            ),
            None => Line::styled(l.f(S::ResComputed, &[&f.text]), widgets::dim()),
        }
    } else if let Some(e) = row.and_then(|r| r.error.as_ref()) {
        Line::styled(
            text::truncate(&l.f(S::ResParseError, &[e]), w),
            widgets::error_style(),
        )
    } else if let Some(crate::judge::Verdict::CannotJudge(why)) =
        s.outcomes.get(s.sel).and_then(|o| o.verdict())
    {
        Line::styled(text::truncate(why, w), widgets::warn_style())
    } else {
        let opts = choices(item);
        if opts.is_empty() {
            let nd = app.keymap.key_of(Ctx::Results, Action::NotDetected);
            let submit = app.keymap.key_of(Ctx::Results, Action::SubmitForReview);
            Line::styled(
                text::truncate(&l.f(S::ResSyntax, &[&nd, &submit]), w),
                widgets::dim(),
            )
        } else {
            Line::styled(
                text::truncate(
                    &format!(
                        "{} {}",
                        app.keymap.key_of(Ctx::Results, Action::Choice),
                        l.f(S::ResChoices, &[&opts.join(" / ")])
                    ),
                    w,
                ),
                widgets::dim(),
            )
        }
    };
    match row.and_then(|r| r.refused.as_ref()) {
        // The store's refusal, whole (it names the instrument and the dates), over two lines.
        Some(why) => {
            for piece in text::wrap(why, w).into_iter().take(2) {
                lines.push(Line::styled(piece, widgets::error_style()));
            }
        }
        None => lines.push(note),
    }
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
