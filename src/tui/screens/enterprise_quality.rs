//! The quality-file lines of the enterprise page: licences (expired ones in the error style),
//! the latest credit class change with its reason, complaints, and the class the lab's rule
//! proposes. Only what is on file is shown, so the order list keeps its rows.

use ratatui::text::Line;

use crate::model::quality_file::Licence;
use crate::model::Enterprise;
use crate::tui::app::App;
use crate::tui::i18n::Lang;
use crate::tui::i18n_file::Q;
use crate::tui::widgets::{self, text};

/// At most this many licences are listed; the rest are counted.
const MAX_LICENCES: usize = 3;

/// A licence as one reads it: kind, number, scope and how long it is valid.
pub fn licence_words(l: Lang, x: &Licence) -> String {
    let kind = if l.english() {
        x.kind.en()
    } else {
        x.kind.zh()
    };
    let until = x
        .valid_until
        .map(|d| Q::ValidUntil.f(l, &[&d]))
        .unwrap_or_default();
    format!("{kind} {} {} {until}", x.number, x.scope)
}

pub fn lines(app: &App, e: &Enterprise, w: usize) -> Vec<Line<'static>> {
    let l = app.lang;
    let today = app.today();
    let q = &e.quality;
    let mut out = Vec::new();
    let held: Vec<_> = q.licences.iter().filter(|x| x.removed.is_none()).collect();
    for x in held.iter().take(MAX_LICENCES) {
        let expired = x.expired(today);
        let mut s = format!("{}：{}", Q::Licences.t(l), licence_words(l, x));
        if expired {
            s.push_str(&format!(" {}", Q::Expired.t(l)));
        }
        let style = if expired {
            widgets::error_style()
        } else {
            ratatui::style::Style::default()
        };
        out.push(Line::styled(text::truncate(&s, w), style));
    }
    if held.len() > MAX_LICENCES {
        let more = format!("{}：… +{}", Q::Licences.t(l), held.len() - MAX_LICENCES);
        out.push(Line::styled(more, widgets::dim()));
    }
    if let Some(c) = q.class_history.last() {
        let s = Q::ClassChange.f(
            l,
            &[
                &format!("{:?}", c.from),
                &format!("{:?}", c.to),
                &c.at.format("%Y-%m-%d"),
                &c.by,
                &c.reason,
            ],
        );
        out.push(Line::from(text::truncate(&s, w)));
    }
    if let Some(c) = q.complaints.last() {
        let n = q.complaints.len();
        let s = Q::Complaints.f(l, &[&n, &c.received, &c.from, &c.text]);
        out.push(Line::from(text::truncate(&s, w)));
    }
    let proposal = app
        .data
        .enterprise_file
        .as_ref()
        .filter(|f| f.credit_code == e.credit_code)
        .and_then(|f| f.proposal.as_ref());
    if let Some(p) = proposal {
        let why = if l.english() {
            &p.because_en
        } else {
            &p.because_zh
        };
        let s = Q::Proposal.f(l, &[&format!("{:?}", p.to), why]);
        out.push(Line::styled(text::truncate(&s, w), widgets::warn_style()));
    }
    out
}
