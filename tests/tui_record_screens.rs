//! The record screens a lab's assessor reads: the audit log in words, a standard's limits in
//! full, net-content values one by one (issue 10 items 14 and 17).

mod tui_harness;

use crossterm::event::KeyCode;
use tui_harness::*;
use unilab::tui::keymap::Action;
use unilab::tui::Screen;

/// Whether a line has Chinese (CJK ideographs or full-width punctuation) in it.
fn has_chinese(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

#[test]
fn audit_log_speaks_words_not_codes_and_json() {
    let mut h = H::full();
    let n = h.number(4);
    let rev = h.user("rev");
    h.store
        .review(&rev, &n, false, Some("wrong specimen count"), None, t0())
        .unwrap();
    h.login_as("admin");
    h.key(KeyCode::F(9));
    let screen = h.render(120, 30);
    let row = screen
        .lines()
        .find(|l| l.contains(&n) && l.contains("审核退回"))
        .unwrap_or_else(|| panic!("no 审核退回 row for {n}:\n{screen}"));
    assert!(row.contains("待审核 → 检验中"), "{row}");
    assert!(row.contains("wrong specimen count"), "{row}");
    assert!(!screen.contains("order.review"), "{screen}");
    assert!(!screen.contains("{\""), "{screen}");
    // The PDF digest stays in the popup: at 200 columns the issue row is whole.
    let wide = h.render(200, 30);
    let issued = wide
        .lines()
        .find(|l| l.contains("签发报告"))
        .unwrap_or_else(|| panic!("{wide}"));
    assert!(!issued.trim_end().ends_with('…'), "{issued}");
    // The filter finds the words as well as the codes.
    h.key(KeyCode::Char('/'));
    h.typ("审核退回");
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.audit.list.rows.len(),
        1,
        "{:?}",
        h.app.audit.list.rows
    );
    h.key(KeyCode::Enter);
    let popup = h.render(120, 30);
    assert!(popup.contains("审核退回 (order.review.reject)"), "{popup}");
    assert!(popup.contains("之前：状态：待审核"), "{popup}");
    assert!(popup.contains("之后：状态：检验中"), "{popup}");
    assert!(!popup.contains("{\""), "{popup}");
    h.key(KeyCode::Esc);
    // English: the same row in English words, with no Chinese but lab data.
    h.app.lang = unilab::tui::Lang::En;
    let screen = h.render(120, 30);
    let row = screen
        .lines()
        .find(|l| l.contains(&n) && l.contains("sent back by review"))
        .unwrap_or_else(|| panic!("no English row for {n}:\n{screen}"));
    assert!(row.contains("To review → In testing"), "{row}");
    assert!(!has_chinese(row), "{row}");
    h.key(KeyCode::Enter);
    let popup = h.render(120, 30);
    assert!(popup.contains("Before: status: To review"), "{popup}");
    assert!(popup.contains("After: status: In testing"), "{popup}");
}

#[test]
fn standard_page_shows_the_whole_limits_line_at_80x24() {
    let mut h = H::full();
    h.login_as("tech");
    h.key(KeyCode::F(5));
    h.key(KeyCode::Char('/'));
    h.typ("GB 1499.2-2024");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Standard);
    let std = h.catalog.get("GB 1499.2-2024").unwrap().clone();
    let mut checked = 0;
    for (i, item) in std.items.iter().enumerate() {
        assert_eq!(h.app.standards.item, i);
        let Some((grade, last)) = item.limits.iter().last() else {
            h.key(KeyCode::Down);
            continue;
        };
        let want = format!(
            "{grade}：{}{}",
            last.limit.text,
            if last.confirmed {
                ""
            } else {
                "（待核对）"
            }
        );
        let screen = h.render(80, 24);
        assert!(
            screen.contains(&want),
            "item {} lacks {want}:\n{screen}",
            item.code
        );
        assert!(!screen.contains("（待核对 …"), "{screen}");
        checked += 1;
        h.key(KeyCode::Down);
    }
    assert!(checked > 0);
    // In English the limits speak English too (the figures are the standard's).
    h.app.lang = unilab::tui::Lang::En;
    h.key(KeyCode::Home);
    let item = &std.items[0];
    let (grade, last) = item.limits.iter().last().unwrap();
    let screen = h.render(80, 24);
    let line = screen
        .lines()
        .find(|l| l.contains(&format!("{grade}: {}", last.limit.text)))
        .unwrap_or_else(|| panic!("no English limits line:\n{screen}"));
    assert!(!has_chinese(line), "{line}");
}

#[test]
fn net_content_deletes_one_value_and_recomputes() {
    let mut h = H::full();
    h.login_as("tech");
    h.key(KeyCode::F(8));
    h.typ("400");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("40");
    h.key(KeyCode::Tab);
    h.typ("401.2 398.7 399.5 402.3");
    h.key(KeyCode::Enter);
    let screen = h.render(80, 24);
    assert!(screen.contains("Ctrl-D"), "the key is offered:\n{screen}");
    let got = |h: &H| -> Vec<String> { h.app.net.values.iter().map(|v| v.to_string()).collect() };
    // Without a pick, Ctrl-D takes the last value back.
    h.ctrl('d');
    assert_eq!(got(&h), ["401.2", "398.7", "399.5"]);
    assert_eq!(h.app.net.value.value(), "", "the field is untouched");
    // ↑ picks from the end; the picked one goes, the rest stay in order.
    h.key(KeyCode::Up);
    h.key(KeyCode::Up);
    h.key(KeyCode::Up);
    assert_eq!(h.app.net.selected, Some(0));
    h.ctrl('d');
    assert_eq!(got(&h), ["398.7", "399.5"]);
    let status = format!("{:?}", h.app.status);
    assert!(status.contains("401.2"), "{status}");
    let mean = h.app.net.calc.mean.map(|m| m.normalize().to_string());
    assert_eq!(mean.as_deref(), Some("399.1"), "the mean follows");
    h.act(Action::Help);
    let help = h.render(100, 30);
    assert!(help.contains("删除所选数值"), "{help}");
}
