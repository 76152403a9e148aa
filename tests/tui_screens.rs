//! Issue 10: screens a bench technician cannot misuse. Each test is one item of the issue, as
//! a user would notice it: what the screen offers, says and keeps.

mod tui_harness;

use crossterm::event::KeyCode;
use tui_harness::*;
use unilab::model::{OrderStatus, Role};
use unilab::tui::screens::popup::Popup;
use unilab::tui::{Lang, Screen};

fn open(h: &mut H, number: &str) {
    let effects = h.app.open_order(number);
    h.run(effects);
}

/// Item 6: an order sent back by review is marked in the lists, and its page starts with who
/// sent it back and the whole reason.
#[test]
fn an_order_sent_back_says_so_and_why() {
    let mut h = H::full();
    let n = h.number(4); // awaiting review
    let why = "ReL 第二个试样的读数与原始记录不一致，请复核引伸计读数后重新录入，并附原始记录照片";
    let rev = h.user("rev");
    h.store
        .review(&rev, &n, false, Some(why), None, t0())
        .unwrap();
    h.login_as("tech");
    h.key(KeyCode::F(3));
    let list = h.render(100, 30);
    let row = list.lines().find(|l| l.contains(&n)).unwrap();
    assert!(row.contains("已退回"), "{row}");
    open(&mut h, &n);
    let page = h.render(80, 24);
    let top: String = page.lines().take(6).collect::<Vec<_>>().join("");
    assert!(top.contains("已退回：rev"), "{page}");
    // The whole reason, over as many lines as it takes.
    let flat: String = page.split_whitespace().collect();
    assert!(flat.contains("并附原始记录照片"), "{page}");
}

/// Item 7: what one user typed, filtered or chose never greets the next one.
#[test]
fn switching_user_leaves_nothing_behind() {
    let mut h = H::full();
    h.login_as("tech");
    let n = h.number(2); // received, ReL entered
    open(&mut h, &n);
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.screen, Screen::Results);
    h.key(KeyCode::Down);
    h.typ("455");
    assert!(h.app.is_dirty());
    h.key(KeyCode::F(3));
    // Leaving results with unsaved input asks first; say yes.
    if matches!(h.app.popup, Some(Popup::Confirm { .. })) {
        h.key(KeyCode::Char('y'));
    }
    h.key(KeyCode::Char('/'));
    h.typ("逾期");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right);
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::F(12));
    if matches!(h.app.popup, Some(Popup::Confirm { .. })) {
        h.key(KeyCode::Char('y'));
    }
    h.login_as("clerk");
    assert!(!h.app.is_dirty());
    assert_eq!(h.app.results.number, "");
    assert!(h.app.orders.filter.value().is_empty());
    assert_eq!(h.app.orders.tab, 0);
    h.key(KeyCode::F(3));
    let list = h.screen();
    assert!(!list.contains("455"), "{list}");
    assert!(list.contains(&h.number(1)), "{list}");
}

/// Item 11: keys and hints come from the role and the status; a key for what is not possible
/// says why before any confirmation or password prompt.
#[test]
fn only_possible_actions_are_offered_and_others_say_why() {
    let mut h = H::full();
    let hints = |s: &str| s.lines().last().unwrap_or("").to_string();
    // Before login: no screen keys.
    let login = h.render(80, 24);
    assert!(!hints(&login).contains("F2"), "{}", hints(&login));
    h.key(KeyCode::F(2));
    assert_eq!(h.app.screen, Screen::Login);

    h.login_as("rev");
    let n = h.number(4); // awaiting review
    open(&mut h, &n);
    let page = h.render(120, 30);
    let bar = hints(&page);
    assert!(bar.contains("审核通过") && bar.contains("退回"), "{bar}");
    for not in ["收样", "批准", "签发", "录入结果", "提交审核"] {
        assert!(!bar.contains(not), "{not} offered to a reviewer: {bar}");
    }
    // p (approve) as a reviewer: refused with the reason, no password prompt.
    h.key(KeyCode::Char('p'));
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let said = h.app.status.clone().unwrap();
    assert!(said.error && said.text.contains("授权签字人"), "{said:?}");
    // Help lists the same.
    h.key(KeyCode::F(1));
    let help = h.render(100, 40);
    assert!(
        help.contains("审核通过") && !help.contains("批准（再次输入口令）"),
        "{help}"
    );
    h.key(KeyCode::Esc);

    // A technician who entered the results may not accept them: told before any confirmation.
    let tech2 = h.store.user("tech").unwrap();
    assert!(tech2.has(Role::Technician));
    h.login_as("tech");
    open(&mut h, &n);
    h.key(KeyCode::Char('a'));
    assert!(h.app.popup.is_none());
    assert!(h.app.status.as_ref().unwrap().error);
}

/// Item 11: the issued dialog is titled 已签发 and closes the way it says; F1 opens help over a
/// preview and returns to it.
#[test]
fn dialogs_say_what_their_keys_do() {
    let mut h = H::full();
    h.login_as("sig");
    let n = h.number(6); // approved
    open(&mut h, &n);
    h.key(KeyCode::Char('v'));
    assert!(matches!(h.app.popup, Some(Popup::Preview { .. })));
    let preview = h.render(100, 30);
    assert!(!hints(&preview).contains("签发"), "{}", hints(&preview));
    // Enter in a plain preview does nothing but say why.
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.popup, Some(Popup::Preview { .. })));
    assert!(h.app.status.as_ref().unwrap().text.contains("预览"));
    h.key(KeyCode::F(1));
    assert!(matches!(h.app.popup, Some(Popup::Help { .. })));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.popup, Some(Popup::Preview { .. })));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('i'));
    h.key(KeyCode::Enter);
    let done = h.render(100, 30);
    assert!(done.contains("已签发"), "{done}");
    assert!(!done.contains("待签发 "), "{done}");
    assert!(hints(&done).contains("关闭") && !hints(&done).contains("取消"));
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none());
}

fn hints(s: &str) -> String {
    s.lines().last().unwrap_or("").to_string()
}

/// Item 13: the preview states the certificate's real page count.
#[test]
fn preview_counts_the_pages_of_the_pdf() {
    let mut h = H::full();
    h.login_as("sig");
    let n = h.number(6);
    open(&mut h, &n);
    h.key(KeyCode::Char('v'));
    let order = h.store.order(&n).unwrap();
    let lab = h.store.lab().unwrap();
    let content =
        unilab::certificate::content_from_order(&order, &lab, "（预览）", None, t0().date_naive());
    let pages = (h.pages)(&content).expect("the shipped template lays out");
    let screen = h.render(100, 30);
    assert!(screen.contains(&format!("共 {pages} 页")), "{screen}");
    assert!(!screen.contains("第1页 共1页") || pages == 1, "{screen}");
}

/// Item 14: a message belongs to its screen; list rows end where their text ends.
#[test]
fn messages_stay_on_their_screen_and_rows_are_not_cut_for_nothing() {
    let mut h = H::full();
    h.login_as("admin");
    assert!(h.app.status.is_some());
    h.key(KeyCode::F(3));
    assert!(h.app.status.is_none(), "{:?}", h.app.status);
    for f in [6, 7, 9, 10] {
        h.key(KeyCode::F(f));
        let screen = h.render(200, 30);
        for line in screen.lines().skip(2).take(5) {
            assert!(!line.trim_end().ends_with('…'), "F{f}: {line}");
        }
    }
}

/// Item 15: an English screen speaks English, store errors included.
#[test]
fn english_screens_and_errors_are_english() {
    let mut h = H::full();
    h.app.lang = Lang::En;
    h.login_as("tech");
    let n = h.number(2);
    open(&mut h, &n);
    let page = h.render(100, 30);
    for zh in ["实测", "无裂纹", "总体判定", "："] {
        assert!(!page.contains(zh), "{zh} on an English page:\n{page}");
    }
    h.key(KeyCode::Char('e'));
    let results = h.render(100, 30);
    assert!(!results.contains("修约值比较法") && !results.contains("全数值比较法"));
    // A store refusal in English: submit with items missing.
    h.ctrl('r');
    let said = h.app.status.clone().unwrap();
    assert!(said.error, "{said:?}");
    assert!(said.text.contains("no complete result"), "{}", said.text);
    assert!(!said.text.contains("没有"), "{}", said.text);
}

/// Item 17: Ctrl-S on several items reports them all; a signatory sees only orders of the
/// fields they may sign.
#[test]
fn save_all_names_every_item_and_queues_follow_authorised_fields() {
    let mut h = H::full();
    h.login_as("tech");
    let n = h.number(2);
    open(&mut h, &n);
    h.key(KeyCode::Char('e'));
    h.set_bench();
    // Rows: ReL (saved), Rm, Agt, bend. Fill Rm and Agt.
    h.key(KeyCode::Down);
    h.typ("600");
    h.key(KeyCode::Tab);
    h.typ("610");
    h.key(KeyCode::Tab);
    h.typ("12.0");
    h.key(KeyCode::Tab);
    h.typ("12.5");
    h.ctrl('s');
    let said = h.app.status.clone().unwrap();
    assert!(!said.error, "{said:?}");
    assert!(
        said.text.contains("2 个项目") && said.text.contains("Rm") && said.text.contains("Agt"),
        "{}",
        said.text
    );

    let admin = h.store.user("admin").unwrap();
    h.store
        .add_user(
            &admin,
            "food",
            "食品签字人",
            &[Role::Signatory],
            &["食品".to_string()],
            PASSWORD,
            t0(),
        )
        .unwrap();
    h.login_as("food");
    let queue = h.render(100, 30);
    assert!(
        !queue.contains(&h.number(5)),
        "a rebar order for a food signatory:\n{queue}"
    );
    h.login_as("sig");
    let queue = h.render(100, 30);
    assert!(queue.contains(&h.number(5)), "{queue}");
    assert_eq!(
        h.store.order(&h.number(5)).unwrap().status,
        OrderStatus::AwaitingApproval
    );
}

/// The terminal module stands beside the command line, never on it (start-up lives below both).
#[test]
fn the_terminal_interface_does_not_import_the_command_line() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui"),
        &mut files,
    );
    assert!(files.len() > 20);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains("crate::cli"),
            "{} imports the CLI",
            f.display()
        );
    }
}

/// Under the hood: after another terminal writes, a refresh reads what changed (keyed by the
/// audit sequence) and the list's page again, and shows exactly what a full read would.
#[test]
fn a_refresh_after_another_terminals_write_shows_exactly_what_changed() {
    use unilab::tui::Effect;
    let mut h = H::full();
    h.login_as("clerk");
    h.key(KeyCode::F(3));
    let listed = h.app.orders.list.rows.clone();
    let before = h.app.data.stamp;
    // The other terminal: receive one order, register a new one, change an enterprise.
    let clerk = h.user("clerk");
    h.store.receive(&clerk, &h.number(1), None, t0()).unwrap();
    let new = h
        .store
        .register_order(&clerk, &h.catalog, &rebar(&["ReL"]), t0())
        .unwrap();
    h.run(vec![Effect::Reload { external: true }]);
    assert!(h.app.data.stamp > before);
    assert_ne!(h.app.orders.list.rows, listed);
    assert_eq!(h.app.orders.list.rows, h.store.order_summaries().unwrap());
    let row = h
        .app
        .orders
        .list
        .rows
        .iter()
        .find(|s| s.number == h.number(1))
        .unwrap();
    assert_eq!(row.status, OrderStatus::Received);
    assert!(h.screen().contains(&new.number));
}

/// Item 1: after acting on an order, the list's cursor stays on that order even when other
/// rows come and go around it.
#[test]
fn the_cursor_stays_on_the_order_you_acted_on() {
    use unilab::tui::Effect;
    let mut h = H::full();
    h.login_as("clerk");
    h.key(KeyCode::F(3));
    // Down to order 3 in the full list.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    let target = h.number(3);
    let at = |h: &H| h.app.orders.list.selected_row().map(|s| s.number.clone());
    assert_eq!(at(&h).as_deref(), Some(target.as_str()));
    // Another terminal registers an order that sorts before it (a lower number cannot be
    // made, so sort by due date: the new one is due first).
    h.key(KeyCode::Char('s')); // sort by due date
    let pos_before = h.app.orders.list.selected;
    let clerk = h.user("clerk");
    let mut early = rebar(&["ReL"]);
    early.due = chrono::NaiveDate::from_ymd_opt(2026, 2, 1);
    h.store
        .register_order(&clerk, &h.catalog, &early, t0())
        .unwrap();
    h.run(vec![Effect::Reload { external: true }]);
    assert_eq!(at(&h).as_deref(), Some(target.as_str()));
    assert_eq!(h.app.orders.list.selected, pos_before + 1);
}
