//! The enterprise's whole quality file in one scrollable view (`h` on the enterprise page):
//! every licence with removed ones and why, every credit class change and blacklist entry with
//! who decided and the reason, every complaint. The page itself shows only the latest of each.

use crate::model::quality_file::Licence;
use crate::model::Enterprise;
use crate::tui::app::App;
use crate::tui::i18n::Lang;
use crate::tui::i18n_file::Q;
use crate::tui::screens::popup::Popup;

fn day(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

fn licence_lines(l: Lang, x: &Licence, out: &mut Vec<String>) {
    out.push(format!(
        "  {}",
        super::enterprise_quality::licence_words(l, x)
    ));
    if let Some(r) = &x.removed {
        out.push(Q::FileRemoved.f(l, &[&day(&r.at), &r.by, &r.reason]));
    }
}

/// The lines of the file, in sections, oldest first within each.
pub fn lines(l: Lang, e: &Enterprise) -> Vec<String> {
    let q = &e.quality;
    let none = || Q::FileNone.t(l).to_string();
    let mut out = vec![Q::FileClass.f(l, &[&format!("{:?}", e.credit_class)])];
    if let Some(why) = &e.blacklist {
        out.push(Q::FileBlacklisted.f(l, &[why]));
    }
    out.push(String::new());
    out.push(Q::FileLicences.f(l, &[&q.licences.len()]));
    q.licences
        .iter()
        .for_each(|x| licence_lines(l, x, &mut out));
    if q.licences.is_empty() {
        out.push(none());
    }
    out.push(String::new());
    out.push(Q::FileClassHistory.f(l, &[&q.class_history.len()]));
    for c in &q.class_history {
        let (from, to) = (format!("{:?}", c.from), format!("{:?}", c.to));
        out.push(Q::FileClassLine.f(l, &[&day(&c.at), &from, &to, &c.by, &c.reason]));
    }
    if q.class_history.is_empty() {
        out.push(none());
    }
    out.push(String::new());
    out.push(Q::FileBlacklist.f(l, &[&q.blacklist_history.len()]));
    for b in &q.blacklist_history {
        let words = if b.listed {
            Q::FileListed
        } else {
            Q::FileCleared
        };
        out.push(words.f(l, &[&day(&b.at), &b.by, &b.reason]));
    }
    if q.blacklist_history.is_empty() {
        out.push(none());
    }
    out.push(String::new());
    out.push(Q::FileComplaints.f(l, &[&q.complaints.len()]));
    for c in &q.complaints {
        let order = c
            .order
            .as_deref()
            .map(|o| format!("（{o}）"))
            .unwrap_or_default();
        out.push(Q::FileComplaint.f(l, &[&c.received, &c.from, &c.text, &order]));
    }
    if q.complaints.is_empty() {
        out.push(none());
    }
    out
}

/// Open the view of enterprise `code`'s file; nothing when it is not loaded.
pub fn open(app: &mut App, code: &str) {
    let Some(e) = app.data.enterprise(code) else {
        return;
    };
    let title = Q::FileTitle.f(app.lang, &[&e.name, &e.credit_code]);
    let lines = lines(app.lang, e);
    app.popup = Some(Popup::Preview {
        title,
        lines,
        scroll: 0,
        issue: None,
    });
}
