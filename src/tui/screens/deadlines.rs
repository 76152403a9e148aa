//! The work queue's running deadlines of the spot-check desk: each row an order, what it waits
//! for, since when and until when, with the days left — red once a day has passed, amber within
//! three days.

use ratatui::style::Style;

use crate::supervision::running::RunningDeadline;
use crate::tui::app::App;
use crate::tui::i18n::S;
use crate::tui::i18n_desk::D;
use crate::tui::widgets::{self, list::columns};

/// Who works the desk: the clerks who register spot checks and record objections, the
/// signatories who issue notices, the administrators.
pub fn shown_to(app: &App) -> bool {
    use crate::model::Role;
    [Role::Clerk, Role::Signatory, Role::Admin]
        .into_iter()
        .any(|r| app.has_role(r))
}

/// Column widths: the waiting words (10 columns in Chinese, 15 in English), sample and party
/// sharing what is left; "since" only where there is room for it.
struct Widths {
    waiting: usize,
    sample: usize,
    party: usize,
    since: bool,
}

fn widths(app: &App, w: usize) -> Widths {
    let waiting = if app.lang.english() { 15 } else { 10 };
    let since = w >= 100;
    // Order 13, due 10, left 10, since 10, and one space after each column.
    let fixed = 13 + waiting + 10 + 10 + if since { 11 } else { 0 } + 6;
    let rest = w.saturating_sub(fixed);
    let sample = (rest / 3).clamp(6, 20);
    Widths {
        waiting,
        sample,
        party: rest.saturating_sub(sample).max(6),
        since,
    }
}

pub fn header(app: &App, w: usize) -> String {
    let l = app.lang;
    let c = widths(app, w);
    let mut cells = vec![
        (l.t(S::ColNumber), 13),
        (l.t(D::DlWaiting), c.waiting),
        (l.t(S::ColSample), c.sample),
        (l.t(D::DlParty), c.party),
    ];
    if c.since {
        cells.push((l.t(D::DlSince), 10));
    }
    cells.extend([(l.t(D::DlDue), 10), (l.t(D::DlLeft), 10)]);
    columns(&cells)
}

/// "剩 3 天", "今天到期", "超期 2 天"; blank when no rule sets a last day.
pub fn left_words(app: &App, d: &RunningDeadline) -> String {
    match d.days_left {
        None => String::new(),
        Some(n) if n < 0 => app.lang.f(D::DlOverdue, &[&-n]),
        Some(0) => app.t(D::DlToday).to_string(),
        Some(n) => app.lang.f(D::DlDaysLeft, &[&n]),
    }
}

pub fn row(app: &App, d: &RunningDeadline, w: usize) -> (String, Style) {
    let c = widths(app, w);
    let waiting = if app.lang.english() {
        d.waiting.en()
    } else {
        d.waiting.zh()
    };
    let due = d.due.map_or("/".to_string(), |x| x.to_string());
    let since = d.since.to_string();
    let left = left_words(app, d);
    let mut cells = vec![
        (d.order.as_str(), 13),
        (waiting, c.waiting),
        (d.sample.as_str(), c.sample),
        (d.party.as_str(), c.party),
    ];
    if c.since {
        cells.push((since.as_str(), 10));
    }
    cells.extend([(due.as_str(), 10), (left.as_str(), 10)]);
    let style = match d.days_left {
        Some(n) if n < 0 => widgets::error_style(),
        Some(n) if n <= 3 => widgets::warn_style(),
        _ => Style::default(),
    };
    (columns(&cells), style)
}

pub fn row_at(app: &App, k: usize, w: usize) -> (String, Style) {
    app.data
        .deadlines
        .get(k)
        .map_or_else(|| (String::new(), Style::default()), |d| row(app, d, w))
}
