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

/// Under the hood: after another terminal writes, a refresh patches in what changed (keyed by
/// the audit sequence) and the lists end up exactly as a full read would show them.
#[test]
fn a_refresh_after_another_terminals_write_shows_exactly_what_changed() {
    use unilab::tui::Effect;
    let mut h = H::full();
    h.login_as("clerk");
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
    assert_eq!(h.app.data.summaries, h.store.order_summaries().unwrap());
    let row = h
        .app
        .data
        .summaries
        .iter()
        .find(|s| s.number == h.number(1))
        .unwrap();
    assert_eq!(row.status, OrderStatus::Received);
    h.key(KeyCode::F(3));
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
    let at = |h: &H| {
        let s = &h.app.orders;
        s.rows
            .get(s.selected)
            .map(|i| h.app.data.summaries[*i].number.clone())
    };
    assert_eq!(at(&h).as_deref(), Some(target.as_str()));
    // Another terminal registers an order that sorts before it (a lower number cannot be
    // made, so sort by due date: the new one is due first).
    h.key(KeyCode::Char('s')); // sort by due date
    let pos_before = h.app.orders.selected;
    let clerk = h.user("clerk");
    let mut early = rebar(&["ReL"]);
    early.due = chrono::NaiveDate::from_ymd_opt(2026, 2, 1);
    h.store
        .register_order(&clerk, &h.catalog, &early, t0())
        .unwrap();
    h.run(vec![Effect::Reload { external: true }]);
    assert_eq!(at(&h).as_deref(), Some(target.as_str()));
    assert_eq!(h.app.orders.selected, pos_before + 1);
}

/// Item 3: Ceq with Cr not detected. With a detection limit it is judged from the range; a
/// bare 未检出 makes the results screen say why Ceq waits and what to type.
#[test]
fn a_computed_item_says_why_it_cannot_be_computed() {
    let mut h = H::full();
    let clerk = h.user("clerk");
    let tech = h.user("tech");
    let items = ["C", "Mn", "Cr", "V", "Mo", "Cu", "Ni", "Ceq"];
    // Chemistry by spark OES (GB/T 4336): the spectrometer in the harness's register.
    let spark = unilab::model::bench::BenchInput {
        instruments: vec!["SB-003".into()],
        ..Default::default()
    };
    let o = h
        .store
        .register_order(&clerk, &h.catalog, &rebar(&items), t0())
        .unwrap();
    h.store.receive(&clerk, &o.number, None, t0()).unwrap();
    for (item, v) in [
        ("C", "0.22"),
        ("Mn", "1.20"),
        ("Cr", "未检出"),
        ("V", "0.030"),
        ("Mo", "0.010"),
        ("Cu", "0.05"),
        ("Ni", "0.03"),
    ] {
        h.store
            .enter_result_with(
                &tech,
                &o.number,
                item,
                &[v.to_string()],
                None,
                &spark,
                None,
                None,
                t0(),
            )
            .unwrap();
    }
    h.login_as("tech");
    open(&mut h, &o.number);
    h.key(KeyCode::Char('e'));
    let ceq = h
        .app
        .results
        .rows
        .iter()
        .position(|r| r.code == "Ceq")
        .unwrap();
    for _ in 0..ceq {
        h.key(KeyCode::Down);
    }
    let screen = h.render(120, 30);
    assert!(
        screen.contains("没有检出限") && screen.contains("<检出限"),
        "{screen}"
    );
    // Typed with its detection limit, Ceq is judged.
    h.store
        .enter_result_with(
            &tech,
            &o.number,
            "Cr",
            &["<0.005".into()],
            None,
            &spark,
            Some("补记检出限"),
            None,
            t0(),
        )
        .unwrap();
    h.run(vec![unilab::tui::Effect::Reload { external: true }]);
    let order = h.store.order(&o.number).unwrap();
    assert!(
        order.missing_results().is_empty(),
        "{:?}",
        order.incomplete()
    );
}

/// Issue 11 on the registration screen: a dimension and the decision rule agreed with the
/// client are entered with the order and kept on it.
#[test]
fn registration_takes_dimensions_and_the_decision_rule() {
    use unilab::tui::screens::register::F;
    let mut h = H::empty();
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    h.key(KeyCode::Tab); // client
    h.typ("福州");
    h.key(KeyCode::Tab); // producer
    h.key(KeyCode::Tab); // standard
    h.typ("GB 1499.2-2024");
    h.key(KeyCode::Tab); // grade
    h.key(KeyCode::Tab); // spec
    h.key(KeyCode::Tab); // sample
    h.typ("热轧带肋钢筋");
    while h.app.register.focus != F::Dimensions {
        h.key(KeyCode::Tab);
        assert_ne!(h.app.register.focus, F::Type, "no dimensions field");
    }
    h.typ("d=3x");
    let screen = h.render(100, 30);
    assert!(
        h.app.register.errors.contains_key(&F::Dimensions),
        "{screen}"
    );
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.typ("32");
    h.key(KeyCode::Tab);
    assert_eq!(h.app.register.focus, F::Rule);
    h.key(KeyCode::Right);
    assert!(h.render(100, 30).contains("保护带"));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Detail, "{:?}", h.app.status);
    let o = h.store.order(&h.number(1)).unwrap();
    assert_eq!(
        o.dimensions.get("d").map(|d| d.to_string()).as_deref(),
        Some("32")
    );
    assert_eq!(o.decision_rule, unilab::decision::DecisionRule::GuardBand);
}

/// Issue 11 on the registration screen: rice tested to GB 2762 with a further basis GB 2763
/// (pesticide residues) — each item names its own basis on the order.
#[test]
fn registration_takes_further_bases() {
    use unilab::tui::screens::register::F;
    let mut h = H::empty();
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    // A commissioned test (a spot check needs its sampling record: see below).
    h.key(KeyCode::Tab); // client
    h.typ("福州");
    h.key(KeyCode::Tab); // producer
    h.key(KeyCode::Tab); // standard
    h.typ("GB 2762-2022");
    h.key(KeyCode::Tab); // grade: 稻谷 is the first
    h.key(KeyCode::Tab); // sample
    h.typ("稻谷");
    while h.app.register.focus != F::Bases {
        h.key(KeyCode::Tab);
        assert_ne!(h.app.register.focus, F::Type, "no bases field");
    }
    h.typ("GB 2763-2099");
    h.render(100, 30);
    assert!(h.app.register.errors.contains_key(&F::Bases));
    for _ in 0..4 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2021|稻谷|glyphosate");
    assert!(
        !h.app.register.errors.contains_key(&F::Bases),
        "{:?}",
        h.app.register.errors
    );
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.screen,
        Screen::Detail,
        "{:?} {:?}",
        h.app.status,
        h.app.register.errors
    );
    let o = h.store.order(&h.number(1)).unwrap();
    let glyphosate = o.items.iter().find(|i| i.code == "glyphosate").unwrap();
    assert_eq!(glyphosate.basis.as_deref(), Some("GB 2763-2021"));
    assert_eq!(o.more_bases.len(), 1, "{:?}", o.more_bases);
}

/// Issue 11: the results screen judges live as the order will be judged — under a guard band
/// with the uncertainty entered, ReL 402 against ≥400 with U = 5 is a conditional pass, not a
/// pass.
#[test]
fn the_results_screen_judges_under_the_orders_decision_rule() {
    let mut h = H::empty();
    let clerk = h.user("clerk");
    let tech = h.user("tech");
    let reg = unilab::store::Registration {
        rule: unilab::decision::DecisionRule::GuardBand,
        ..Default::default()
    };
    let o = h
        .store
        .register_order_with(&clerk, &h.catalog, &rebar(&["ReL"]), &reg, t0())
        .unwrap();
    h.store.receive(&clerk, &o.number, None, t0()).unwrap();
    let u = unilab::decision::Uncertainty::parse("5").unwrap();
    h.store
        .enter_result_with(
            &tech,
            &o.number,
            "ReL",
            &["402".into(), "403".into()],
            Some(u),
            &bench(),
            None,
            None,
            t0(),
        )
        .unwrap();
    let stored = h.store.order(&o.number).unwrap().outcomes();
    h.login_as("tech");
    open(&mut h, &o.number);
    h.key(KeyCode::Char('e'));
    assert_eq!(
        h.app.results.outcomes[0].verdict(),
        stored[0].verdict(),
        "{:?}",
        h.app.results.outcomes[0]
    );
    assert!(
        matches!(
            stored[0].verdict(),
            Some(unilab::judge::Verdict::ConditionalPass)
        ),
        "{:?}",
        stored[0]
    );
}

/// Issue 11: on a guard-band order the technician types U with the values (Ctrl-K); it is
/// saved with them and the verdict follows it. On a simple-acceptance order the key says why
/// it does nothing.
#[test]
fn the_technician_enters_the_uncertainty_with_the_values() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let mut h = H::full();
    let simple = h.number(2);
    h.login_as("tech");
    open(&mut h, &simple);
    h.key(KeyCode::Char('e'));
    h.press(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL));
    assert!(h.app.popup.is_none());
    assert!(h.app.status.as_ref().unwrap().text.contains("简单接受"));

    let clerk = h.user("clerk");
    let reg = unilab::store::Registration {
        rule: unilab::decision::DecisionRule::GuardBand,
        ..Default::default()
    };
    let o = h
        .store
        .register_order_with(&clerk, &h.catalog, &rebar(&["ReL"]), &reg, t0())
        .unwrap();
    h.store.receive(&clerk, &o.number, None, t0()).unwrap();
    h.run(vec![unilab::tui::Effect::Reload { external: false }]);
    open(&mut h, &o.number);
    h.key(KeyCode::Char('e'));
    h.set_bench();
    h.typ("402");
    h.key(KeyCode::Tab);
    h.typ("403");
    h.press(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL));
    assert!(
        matches!(h.app.popup, Some(Popup::Prompt(_))),
        "{:?}",
        h.app.status
    );
    h.typ("-1");
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.popup, Some(Popup::Prompt(_))),
        "a negative U is refused"
    );
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.typ("5");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none());
    assert!(matches!(
        h.app.results.outcomes[0].verdict(),
        Some(unilab::judge::Verdict::ConditionalPass)
    ));
    h.ctrl('s');
    let stored = h.store.order(&o.number).unwrap();
    let entry = stored.results["ReL"].current().unwrap();
    assert_eq!(
        entry.uncertainty.map(|u| u.to_string()).as_deref(),
        Some("5")
    );
    assert!(matches!(
        stored.outcomes()[0].verdict(),
        Some(unilab::judge::Verdict::ConditionalPass)
    ));
}

#[test]
fn values_too_wide_for_their_cell_are_marked_not_cut() {
    let mut h = H::full();
    let clerk = h.store.user("clerk").unwrap();
    let tech = h.store.user("tech").unwrap();
    let mut new = rebar(&["R28"]);
    new.standard = "GB 175-2023".into();
    new.grade = "42.5".into();
    new.spec = Some("P·O".into());
    new.sample.name = "普通硅酸盐水泥".into();
    let o = h
        .store
        .register_order(&clerk, &h.catalog, &new, t0())
        .unwrap();
    h.store.receive(&clerk, &o.number, None, t0()).unwrap();
    let six: Vec<String> = ["47.6", "48.1", "46.9", "47.8", "48.4", "47.2"]
        .map(String::from)
        .to_vec();
    // Cement mortar: its own testing machine, a moulding room at 20 ℃ and 60 %RH.
    let bench = unilab::model::bench::BenchInput {
        instruments: vec!["SB-002".into()],
        conditions: unilab::model::bench::Conditions {
            temperature: Some(20.into()),
            humidity: Some(60.into()),
        },
        ..Default::default()
    };
    h.store
        .enter_result_with(
            &tech,
            &o.number,
            "R28",
            &six,
            None,
            &bench,
            None,
            None,
            t0(),
        )
        .unwrap();
    h.login_as("tech");
    let e = h.app.open_order(&o.number);
    h.run(e);
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Tab); // focus on the second specimen; the others are drawn unfocused
    let screen = h.render(80, 24);
    let line = screen
        .lines()
        .find(|l| l.contains("抗压强度"))
        .unwrap()
        .to_string();
    // Never a silently cut number; the specimens out of sight are counted.
    for cut in [" 7.6", " 8.1", " 6.9", " 7.8"] {
        assert!(!line.contains(cut), "{cut} in {line}");
    }
    assert!(line.contains("47.6") && line.contains("48.1"), "{line}");
    assert!(line.contains('+'), "{line}");
    // Moving right along the specimens brings the last one into view.
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    let screen = h.render(80, 24);
    let line = screen
        .lines()
        .find(|l| l.contains("抗压强度"))
        .unwrap()
        .to_string();
    assert!(line.contains("47.2"), "{line}");
}

/// A spot check registered on the screen asks for its sampling record (抽样单) before it is
/// saved; leaving the form keeps the registration as typed.
#[test]
fn a_spot_check_is_registered_with_its_sampling_record() {
    let mut h = H::empty();
    let clerk = h.user("clerk");
    let task = h
        .store
        .add_task(
            &clerk,
            &h.catalog,
            &unilab::store::NewTask {
                name: "大米监督抽查".into(),
                authority: "福州市市场监督管理局".into(),
                standard: "GB 2762-2022".into(),
                grade: "稻谷".into(),
                batches: 5,
                ..Default::default()
            },
            t0(),
        )
        .unwrap();
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    h.key(KeyCode::Right); // 监督抽查
    h.key(KeyCode::Tab);
    h.typ("福州");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("GB 2762-2022");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("稻谷");
    h.key(KeyCode::Enter);
    assert!(
        matches!(&h.app.popup, Some(Popup::Prompt(_))),
        "{:?}",
        h.app.status
    );
    let form = h.screen();
    assert!(
        form.contains("抽样单") && form.contains("抽查任务编号"),
        "{form}"
    );
    // Leaving the form keeps the registration; nothing is saved.
    h.key(KeyCode::Esc);
    assert!(h.app.popup.is_none());
    assert_eq!(h.app.screen, Screen::Register);
    assert_eq!(
        h.app
            .register
            .value(unilab::tui::screens::register::F::Sample),
        "稻谷"
    );
    assert!(h.store.order_summaries().unwrap().is_empty());
    h.key(KeyCode::Enter);
    h.typ(&task.number);
    h.key(KeyCode::Tab);
    h.typ("陈抽样，林抽样");
    h.key(KeyCode::Tab); // date: today
    h.key(KeyCode::Tab);
    h.typ("福州市仓山区 粮库");
    h.key(KeyCode::Tab); // sampled unit: the client chosen
    h.key(KeyCode::Tab);
    h.typ("30 t");
    h.key(KeyCode::Tab);
    h.typ("4 kg");
    h.key(KeyCode::Tab);
    h.typ("2 kg");
    h.key(KeyCode::Tab);
    h.typ("本所留样室");
    h.key(KeyCode::Tab);
    h.typ("FY-0101");
    // On a 24-line terminal the form scrolls with the cursor: the last field is on screen.
    let form = h.screen();
    assert!(
        form.contains("封条编号") && form.contains("FY-0101"),
        "{form}"
    );
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Detail, "{:?}", h.app.status);
    assert!(h.app.popup.is_none());
    let o = h.store.order(&h.number(1)).unwrap();
    let s = o.sampling.as_ref().unwrap();
    assert_eq!(s.samplers, ["陈抽样", "林抽样"]);
    assert_eq!(
        (s.task.as_str(), s.seal.as_str()),
        (task.number.as_str(), "FY-0101")
    );
    assert_eq!(o.client.name, s.sampled_unit.name);
    assert_eq!(
        (s.sample_quantity.as_str(), s.reserve_quantity.as_str()),
        ("4 kg", "2 kg")
    );
}
