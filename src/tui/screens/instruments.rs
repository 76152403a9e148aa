//! The equipment register (设备台账): every instrument with its status and calibration due
//! date, overdue and due-soon ones marked; one instrument's calibrations and intermediate
//! checks; forms to register, calibrate, check and change the status (issue 12).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::popup::records;
use crate::model::{Instrument, InstrumentStatus};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::{Lang, S};
use crate::tui::keymap::Action;
use crate::tui::widgets::{
    self,
    list::{columns, ListView, Outcome},
    text,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstrumentsState {
    pub list: ListView,
    /// The instrument shown on the detail screen.
    pub open: Option<String>,
    pub scroll: usize,
}

/// Soonest due first, so what needs calibrating is at the top.
pub fn recompute(app: &mut App) {
    let mut rows: Vec<usize> = (0..app.data.instruments.len()).collect();
    let inst = &app.data.instruments;
    rows.sort_by(|a, b| (inst[*a].due(), &inst[*a].id).cmp(&(inst[*b].due(), &inst[*b].id)));
    app.instruments.list.set_rows(rows);
}

/// The lab's warning window for due dates, in days.
pub fn warning_days(app: &App) -> u32 {
    app.data.lab.as_ref().map_or(30, |l| l.due_warning_days)
}

/// Overdue (red), due within the warning window (yellow), out of service (dim).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Overdue,
    Soon,
    Fine,
    Stopped,
}

pub fn due_state(app: &App, i: &Instrument) -> Due {
    let today = app.today();
    if i.status == InstrumentStatus::OutOfService {
        Due::Stopped
    } else if i.due() < today {
        Due::Overdue
    } else if i.due_within(today, u64::from(warning_days(app))) {
        Due::Soon
    } else {
        Due::Fine
    }
}

fn status_word(l: Lang, s: InstrumentStatus) -> &'static str {
    if l.english() {
        s.en()
    } else {
        s.zh()
    }
}

/// The instrument the keys act on: the open one on the detail screen, else the selected row.
fn current(app: &App) -> Option<&Instrument> {
    match (app.screen, &app.instruments.open) {
        (Screen::Instrument, Some(id)) => app.data.instruments.iter().find(|i| &i.id == id),
        _ => app
            .instruments
            .list
            .current()
            .and_then(|i| app.data.instruments.get(i)),
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let on_detail = app.screen == Screen::Instrument;
    if !on_detail {
        let page = app.size.1.saturating_sub(7) as usize;
        match app.instruments.list.update(action, page) {
            Outcome::Open(i) => {
                app.instruments.open = app.data.instruments.get(i).map(|i| i.id.clone());
                app.instruments.scroll = 0;
                app.screen = Screen::Instrument;
                return Vec::new();
            }
            Outcome::Done(_) => return Vec::new(),
            Outcome::Unhandled => {}
        }
    }
    match action {
        Action::New => records::new_instrument(app),
        Action::Calibrate | Action::InterimCheck | Action::InstrumentStatus => {
            let Some(i) = current(app).cloned() else {
                return Vec::new();
            };
            match action {
                Action::Calibrate => records::calibrate(app, &i.id),
                Action::InterimCheck => records::check_instrument(app, &i.id),
                _ => records::instrument_status(app, &i),
            }
        }
        Action::Up if on_detail => {
            app.instruments.scroll = app.instruments.scroll.saturating_sub(1)
        }
        Action::Down if on_detail => app.instruments.scroll += 1,
        Action::Back if on_detail => app.screen = Screen::Instruments,
        Action::Back => app.screen = Screen::Queue,
        _ => {}
    }
    Vec::new()
}

/// Columns: id 8, name (the rest), kind 14, status 12, due 10, note 14.
fn widths(w: usize) -> (usize, usize) {
    let kind = 14usize;
    let name = w.saturating_sub(8 + kind + 12 + 10 + 14 + 7).max(8);
    (name, kind)
}

pub fn header(app: &App, w: usize) -> String {
    let l = app.lang;
    let (name, kind) = widths(w);
    columns(&[
        (l.t(S::IId), 8),
        (l.t(S::IName), name),
        (l.t(S::IKind), kind),
        (l.t(S::IStatus), 12),
        (l.t(S::IDue), 10),
        ("", 14),
    ])
}

/// One register row and its style (also drawn in the work queue).
pub fn row(app: &App, i: &Instrument, w: usize) -> (String, Style) {
    let l = app.lang;
    let (name, kind) = widths(w);
    let state = due_state(app, i);
    let note = match state {
        Due::Overdue => l.t(S::IOverdue).to_string(),
        Due::Soon => l.f(S::IDueSoon, &[&warning_days(app)]),
        _ => String::new(),
    };
    let line = columns(&[
        (&i.id, 8),
        (&i.name, name),
        (&i.kind, kind),
        (status_word(l, i.status), 12),
        (&i.due().to_string(), 10),
        (&note, 14),
    ]);
    let style = match state {
        Due::Overdue => widgets::error_style(),
        Due::Soon => widgets::warn_style(),
        Due::Stopped => widgets::dim(),
        Due::Fine => Style::default(),
    };
    (line, style)
}

/// The row of register entry `k`; blank if the register changed under a stale index (drawing
/// never panics).
pub fn row_at(app: &App, k: usize, w: usize) -> (String, Style) {
    app.data
        .instruments
        .get(k)
        .map_or_else(|| (String::new(), Style::default()), |i| row(app, i, w))
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if app.screen == Screen::Instrument {
        if let Some(i) = current(app) {
            draw_detail(frame, area, app, i);
            return;
        }
    }
    let l = app.lang;
    let inst = &app.data.instruments;
    if inst.is_empty() {
        frame.render_widget(
            Line::styled(l.t(S::INone), widgets::dim()),
            Rect { height: 1, ..area },
        );
        return;
    }
    let overdue = inst
        .iter()
        .filter(|i| due_state(app, i) == Due::Overdue)
        .count();
    let soon = inst
        .iter()
        .filter(|i| due_state(app, i) == Due::Soon)
        .count();
    let days = warning_days(app);
    let counts = l.f(S::ICount, &[&inst.len(), &overdue, &days, &soon]);
    frame.render_widget(
        Line::styled(text::truncate(&counts, area.width as usize), widgets::dim()),
        Rect { height: 1, ..area },
    );
    let w = area.width as usize;
    let body = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(2),
        ..area
    };
    app.instruments
        .list
        .draw_rows(frame, body, &header(app, w), &|k| row_at(app, k, w));
}

fn draw_detail(frame: &mut Frame, area: Rect, app: &App, i: &Instrument) {
    let l = app.lang;
    let w = area.width as usize;
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "/".to_string()
        } else {
            s.to_string()
        }
    };
    let (_, style) = row(app, i, w);
    let mut out: Vec<Line> = vec![Line::styled(
        format!("{}  {}", i.id, i.name),
        widgets::header_style(),
    )];
    let due = match due_state(app, i) {
        Due::Overdue => format!("{}{}", i.due(), l.paren(l.t(S::IOverdue))),
        Due::Soon => format!(
            "{}{}",
            i.due(),
            l.paren(&l.f(S::IDueSoon, &[&warning_days(app)]))
        ),
        _ => i.due().to_string(),
    };
    for (label, value, st) in [
        (S::IKind, dash(&i.kind), Style::default()),
        (S::IModel, dash(&i.model), Style::default()),
        (S::ISerial, dash(&i.serial), Style::default()),
        (S::IMaker, dash(&i.maker), Style::default()),
        (
            S::IRange,
            format!("{} / {}", dash(&i.range), dash(&i.resolution)),
            Style::default(),
        ),
        (S::ILocation, dash(&i.location), Style::default()),
        (
            S::IStatus,
            status_word(l, i.status).to_string(),
            Style::default(),
        ),
        (S::IDue, due, style),
    ] {
        out.push(Line::styled(
            text::truncate(&format!("{}：{value}", l.t(label)), w),
            st,
        ));
    }
    out.push(Line::from(""));
    out.push(Line::styled(l.t(S::ICalibrations), widgets::header_style()));
    if i.calibrations.is_empty() {
        out.push(Line::styled(l.t(S::INoRecords), widgets::dim()));
    }
    for c in &i.calibrations {
        let s = l.f(
            S::ICalBy,
            &[
                &c.date,
                &dash(&c.body),
                &c.certificate,
                &c.result,
                &c.due,
                &dash(&c.correction),
            ],
        );
        for piece in text::wrap(&s, w) {
            out.push(Line::from(piece));
        }
    }
    out.push(Line::from(""));
    out.push(Line::styled(l.t(S::IChecks), widgets::header_style()));
    if i.checks.is_empty() {
        out.push(Line::styled(l.t(S::INoRecords), widgets::dim()));
    }
    for c in &i.checks {
        let word = l.t(if c.passed { S::IPassed } else { S::IFailed });
        let s = format!("{}  {word}  {}  {}", c.date, dash(&c.note), c.by);
        let st = if c.passed {
            Style::default()
        } else {
            widgets::error_style()
        };
        for piece in text::wrap(&s, w) {
            out.push(Line::styled(piece, st));
        }
    }
    let max = out.len().saturating_sub(area.height as usize);
    let body: Vec<Line> = out
        .into_iter()
        .skip(app.instruments.scroll.min(max))
        .collect();
    frame.render_widget(Paragraph::new(body), area);
}
