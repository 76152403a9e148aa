//! The lab records in the terminal (issue 12), by keys: the bench facts of result entry and the
//! calibration gate's refusal, the equipment register, the checker's step, deviations and
//! subcontracts with approval, sample custody, and the work queue's due lists.

mod tui_harness;

use crossterm::event::KeyCode;
use tui_harness::*;
use unilab::model::custody::SampleLocation;
use unilab::model::InstrumentStatus;
use unilab::tui::screens::popup::Popup;
use unilab::tui::Screen;

/// Log in as `login` and open order `i` on its page.
fn open(h: &mut H, login: &str, i: u32) -> String {
    h.login_as(login);
    let n = h.number(i);
    let e = h.app.open_order(&n);
    h.run(e);
    assert_eq!(h.app.screen, Screen::Detail);
    n
}

fn status(h: &H) -> String {
    h.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn cells(h: &H, row: usize) -> Vec<String> {
    h.app.results.rows[row]
        .cells
        .iter()
        .map(|c| c.value().to_string())
        .collect()
}

#[test]
fn an_overdue_instrument_is_refused_by_name_and_date_and_the_values_stay() {
    let mut h = H::full();
    let n = open(&mut h, "tech", 2);
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.screen, Screen::Results);
    assert_eq!(h.app.results.rows[0].code, "ReL");
    // The bar says what the method needs before anything is chosen.
    let screen = h.screen();
    assert!(
        screen.contains("方法要求：万能材料试验机类设备"),
        "{screen}"
    );
    assert!(screen.contains("温度 10～35 ℃"), "{screen}");
    assert!(screen.contains("设备 未选"), "{screen}");
    // The form lists the machines of that kind, the overdue one marked; pick it.
    h.ctrl('b');
    let form = h.screen();
    assert!(form.contains("SB-001 至 2027-03-02"), "{form}");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    let form = h.screen();
    assert!(form.contains("SB-009 至 2026-03-01 超期"), "{form}");
    h.key(KeyCode::Tab);
    h.typ("23");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none());
    assert_eq!(h.app.results.bench.instruments, vec!["SB-009".to_string()]);
    h.typ("445");
    h.key(KeyCode::Tab);
    h.typ("450");
    h.key(KeyCode::Enter);
    // Refused, naming the instrument, its due date and the test date, in full next to the item.
    let why = status(&h);
    assert!(
        why.contains("SB-009") && why.contains("2026-03-01") && why.contains("2026-03-02"),
        "{why}"
    );
    let screen = h.render(120, 30);
    assert!(screen.contains("SB-009"), "{screen}");
    assert!(screen.contains("2026-03-01"), "{screen}");
    assert!(screen.contains("不能使用"), "{screen}");
    assert_eq!(cells(&h, 0), vec!["445", "450"]);
    assert!(h.app.results.rows[0].dirty());
    assert!(!h.store.order(&n).unwrap().results.contains_key("ReL"));
    // The calibrated machine saves the same typed values, with the bench facts.
    h.ctrl('b');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Left);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.results.sel, 0);
    h.key(KeyCode::Enter);
    let o = h.store.order(&n).unwrap();
    let e = o.results["ReL"].current().unwrap();
    assert_eq!(e.bench.instruments[0].id, "SB-001");
    assert_eq!(e.bench.conditions.temperature.unwrap().to_string(), "23");
    assert!(h.app.results.rows[0].refused.is_none());
}

#[test]
fn bench_form_mistakes_are_said_in_the_form_and_the_choice_carries_to_the_next_order() {
    let mut h = H::full();
    open(&mut h, "tech", 2);
    h.key(KeyCode::Char('e'));
    h.ctrl('b');
    // A wrong date and a decimal comma are refused where they were typed.
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2026-13-01");
    h.key(KeyCode::Enter);
    match &h.app.popup {
        Some(Popup::Prompt(p)) => assert!(
            p.error.as_deref().unwrap_or("").contains("2026-13-01"),
            "{:?}",
            p.error
        ),
        other => panic!("{other:?}"),
    }
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.typ("2026-03-01");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("23,5");
    h.key(KeyCode::Enter);
    match &h.app.popup {
        Some(Popup::Prompt(p)) => assert!(
            p.error.as_deref().unwrap_or("").contains("23,5"),
            "{:?}",
            p.error
        ),
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.typ(".5");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let b = h.app.results.bench.clone();
    assert_eq!(
        b.tested_on.map(|d| d.to_string()).as_deref(),
        Some("2026-03-01")
    );
    assert_eq!(b.conditions.temperature.unwrap().to_string(), "23.5");
    assert_eq!(b.instruments, vec!["SB-001".to_string()]);
    // Another order in the same session starts from the same bench facts.
    h.key(KeyCode::Esc);
    let n3 = h.number(3);
    let e = h.app.open_order(&n3);
    h.run(e);
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.results.number, n3);
    assert_eq!(h.app.results.bench, b);
    // A new login starts with nothing remembered from the last user.
    h.login_as("clerk");
    h.login_as("tech");
    assert_eq!(
        h.app.results.bench,
        unilab::model::bench::BenchInput::default()
    );
}

#[test]
fn stray_keys_on_the_new_screens_do_nothing_harmful() {
    let mut h = H::full();
    h.login_as("tech");
    let before = h.store.instruments().unwrap();
    h.key(KeyCode::F(11));
    assert_eq!(h.app.screen, Screen::Instruments);
    // A technician may not register, calibrate or change the status: each key says why.
    for c in ['n', 'c', 't'] {
        h.key(KeyCode::Char(c));
        assert!(h.app.popup.is_none(), "{c}: {:?}", h.app.popup);
        assert!(status(&h).contains("管理员"), "{c}: {}", status(&h));
    }
    // Keys bound nowhere here change nothing.
    for c in ['x', 'z', 'D', 'o', 'm', '1', ' '] {
        h.key(KeyCode::Char(c));
        assert!(h.app.popup.is_none(), "{c}: {:?}", h.app.popup);
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Instrument);
    for c in ['n', 'c', 't', 'x', 'd'] {
        h.key(KeyCode::Char(c));
        assert!(h.app.popup.is_none(), "{c}: {:?}", h.app.popup);
    }
    h.key(KeyCode::Esc);
    assert_eq!(h.app.screen, Screen::Instruments);
    assert_eq!(h.store.instruments().unwrap(), before);
    // On an order's page: custody and approval keys are refused with a reason for a
    // technician, and the store is untouched.
    let n = h.number(3);
    for (item, v) in [
        ("Rm", ["610", "620"]),
        ("Agt", ["11.0", "12.5"]),
        ("bend", ["无裂纹", "无裂纹"]),
    ] {
        h.enter("tech", &n, item, &v);
    }
    let e = h.app.open_order(&n);
    h.run(e);
    let order = h.store.order(&n).unwrap();
    for (c, word) in [('m', "收样员"), ('D', "收样员"), ('o', "授权签字人")] {
        h.key(KeyCode::Char(c));
        assert!(h.app.popup.is_none(), "{c}: {:?}", h.app.popup);
        assert!(status(&h).contains(word), "{c}: {}", status(&h));
    }
    // The technician who entered the results cannot check them.
    h.key(KeyCode::Char('c'));
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert!(status(&h).contains("校核"), "{}", status(&h));
    assert_eq!(h.store.order(&n).unwrap(), order);
    // Keys of the new screens mean nothing in a prompt's text field but text.
    h.key(KeyCode::Char('d'));
    h.typ("Dmocth");
    h.key(KeyCode::Esc);
    assert_eq!(h.store.order(&n).unwrap(), order);
}

#[test]
fn checker_deviation_subcontract_and_approval_by_keys() {
    let mut h = H::full();
    let n = h.number(3);
    for (item, v) in [
        ("Rm", ["610", "620"]),
        ("Agt", ["11.0", "12.5"]),
        ("bend", ["无裂纹", "无裂纹"]),
    ] {
        h.enter("tech", &n, item, &v);
    }
    open(&mut h, "tech", 3);
    // A deviation and a subcontract, each for an item chosen in the form.
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Tab);
    h.typ("试验室温度 36 ℃（空调故障），经评估不影响结果");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.typ("福建省建筑工程质量检测中心");
    h.key(KeyCode::Tab);
    h.typ("CMA 171312050123");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let o = h.store.order(&n).unwrap();
    assert!(o.arrangements["ReL"].deviation.is_some());
    assert_eq!(
        o.arrangements["Agt"].subcontract.as_ref().unwrap().lab,
        "福建省建筑工程质量检测中心"
    );
    let screen = h.render(100, 40);
    assert!(screen.contains("ReL 偏离"), "{screen}");
    assert!(
        screen.contains("Agt 分包：福建省建筑工程质量检测中心"),
        "{screen}"
    );
    assert!(screen.contains("待批准"), "{screen}");
    assert!(screen.contains("校核：未校核"), "{screen}");
    // On the results screen the subcontracted item asks for no instrument.
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    let grid = h.screen();
    assert!(
        grid.contains("方法要求：分包给 福建省建筑工程质量检测中心，只记录检测日期"),
        "{grid}"
    );
    assert!(!grid.contains("设备 未选"), "{grid}");
    h.key(KeyCode::Esc);
    // Submitting before the checker is refused with the reason.
    h.key(KeyCode::Char('s'));
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert!(status(&h).contains("校核"), "{}", status(&h));
    // The second technician checks it (asked first).
    let e = {
        h.login_as("tech2");
        h.app.open_order(&n)
    };
    h.run(e);
    h.key(KeyCode::Char('c'));
    assert!(matches!(h.app.popup, Some(Popup::Confirm { .. })));
    h.key(KeyCode::Char('y'));
    let o = h.store.order(&n).unwrap();
    assert_eq!(o.checked.as_ref().unwrap().login, "tech2");
    let screen = h.render(100, 40);
    assert!(screen.contains("校核：郑校核"), "{screen}");
    // Checked once is enough until a result changes: the key says so and asks nothing.
    h.key(KeyCode::Char('c'));
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert!(status(&h).contains("已由 郑校核 校核"), "{}", status(&h));
    // The signatory approves both arrangements, one item at a time.
    h.login_as("sig");
    let e = h.app.open_order(&n);
    h.run(e);
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('o'));
    h.key(KeyCode::Enter);
    let o = h.store.order(&n).unwrap();
    assert!(
        o.unapproved_arrangements().is_empty(),
        "{:?}",
        o.arrangements
    );
    h.key(KeyCode::Char('o'));
    assert!(h.app.popup.is_none());
    assert!(status(&h).contains("没有待批准"), "{}", status(&h));
}

#[test]
fn sample_moves_and_disposal_with_a_witness() {
    let mut h = H::full();
    let n = open(&mut h, "clerk", 7);
    // Into retention on a shelf.
    h.key(KeyCode::Char('m'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.typ("留样室 A-03");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let o = h.store.order(&n).unwrap();
    assert_eq!(o.custody.location(), Some(SampleLocation::Retained));
    let screen = h.render(100, 40);
    assert!(screen.contains("留样 · 留样室 A-03"), "{screen}");
    assert!(screen.contains("留样期至 2026-05-31"), "{screen}");
    // Too early to dispose of: the store's refusal stays in the form with what was typed.
    h.key(KeyCode::Char('D'));
    h.typ("销毁");
    h.key(KeyCode::Tab);
    h.typ("tech");
    h.key(KeyCode::Enter);
    match &h.app.popup {
        Some(Popup::Prompt(p)) => {
            assert!(
                p.error.as_deref().unwrap_or("").contains("2026-05-31"),
                "{:?}",
                p.error
            );
            assert_eq!(p.text(0), "销毁");
            assert_eq!(p.text(1), "tech");
        }
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Esc);
    // After the retention period, the queue lists it and disposal goes through.
    h.app.now += chrono::Duration::days(91);
    h.key(KeyCode::F(2));
    h.run(vec![unilab::tui::Effect::Reload { external: false }]);
    let tab = h
        .app
        .queue
        .tabs
        .iter()
        .position(|t| t.0 == unilab::tui::screens::queue::Task::Disposal)
        .unwrap();
    assert_eq!(h.app.queue.len_of(tab), 1);
    while h.app.queue.tab != tab {
        h.key(KeyCode::Right);
    }
    assert!(h.screen().contains(&n), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Detail);
    h.key(KeyCode::Char('D'));
    h.typ("销毁");
    h.key(KeyCode::Tab);
    h.typ("tech");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let o = h.store.order(&n).unwrap();
    assert_eq!(o.custody.disposal.as_ref().unwrap().witness, "tech");
    let screen = h.render(100, 40);
    assert!(screen.contains("见证人 tech"), "{screen}");
    // Disposed is final: neither key is offered again.
    for c in ['m', 'D'] {
        h.key(KeyCode::Char(c));
        assert!(h.app.popup.is_none());
        assert!(status(&h).contains("已处置"), "{}", status(&h));
    }
}

#[test]
fn the_register_by_keys_and_the_due_list_in_the_queue() {
    let mut h = H::full();
    h.login_as("admin");
    // The admin's queue lists the overdue machine.
    let tab = h
        .app
        .queue
        .tabs
        .iter()
        .position(|t| t.0 == unilab::tui::screens::queue::Task::Instruments)
        .unwrap();
    assert_eq!(h.app.queue.len_of(tab), 1);
    h.key(KeyCode::F(11));
    // Soonest due first: the overdue machine heads the list, marked.
    let screen = h.screen();
    let first = screen
        .lines()
        .find(|l| l.contains("SB-"))
        .unwrap_or_default()
        .to_string();
    assert!(
        first.contains("SB-009") && first.contains("已超期"),
        "{screen}"
    );
    // Calibrate it: it is no longer overdue, and leaves the queue.
    h.key(KeyCode::Char('c'));
    h.typ("JL2026-0456");
    h.key(KeyCode::Tab);
    h.typ("福建省计量科学研究院");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("2027-03-01");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let i = h.store.instrument(OVERDUE).unwrap();
    assert_eq!(i.due().to_string(), "2027-03-01");
    assert_eq!(i.calibrations[0].result, "合格");
    assert_eq!(h.app.queue.len_of(tab), 0);
    // Out of service with a reason; the reason is required.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Instrument);
    h.key(KeyCode::Char('t'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.popup, Some(Popup::Prompt(_))));
    h.key(KeyCode::Tab);
    h.typ("液压系统漏油");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let i = h
        .store
        .instrument(h.app.instruments.open.clone().unwrap().as_str())
        .unwrap();
    assert_eq!(i.status, InstrumentStatus::OutOfService);
    // A technician records an intermediate check.
    h.login_as("tech");
    h.key(KeyCode::F(11));
    h.key(KeyCode::Char('h'));
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.typ("示值误差超差 1.5%");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let checked: Vec<_> = h
        .store
        .instruments()
        .unwrap()
        .into_iter()
        .filter(|i| !i.checks.is_empty())
        .collect();
    assert_eq!(checked.len(), 1);
    assert!(!checked[0].checks[0].passed);
    // A new instrument by the admin's form.
    h.login_as("admin");
    h.key(KeyCode::F(11));
    h.key(KeyCode::Char('n'));
    h.typ("SB-010");
    h.key(KeyCode::Tab);
    h.typ("电子天平");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("BSA224S");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("2026-03-20");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let i = h.store.instrument("SB-010").unwrap();
    assert_eq!(i.kind, "电子天平");
    assert_eq!(i.model, "BSA224S");
    // Due within the warning window: yellow in the list, and in the queue.
    let screen = h.screen();
    assert!(screen.contains("30 天内到期"), "{screen}");
    assert_eq!(h.app.queue.len_of(tab), 1);
}

#[test]
fn a_reviewer_sees_what_happened_to_the_instruments_after_the_tests() {
    let mut h = H::full();
    // The machine behind order 4's results fails its intermediate check on the test day.
    h.store
        .check_instrument(
            &h.user("admin"),
            "SB-001",
            t0().date_naive(),
            false,
            "示值误差超差 1.5%",
            t0(),
        )
        .unwrap();
    open(&mut h, "rev", 4);
    let screen = h.render(140, 60);
    assert!(screen.contains("复核提示（设备）"), "{screen}");
    let flag = screen
        .lines()
        .find(|l| l.contains("ReL 所用设备 SB-001"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(flag.contains("期间核查不合格"), "{flag}");
    // Each result names the instrument and the due date that covered its test.
    assert!(
        screen.contains("ReL 2026-03-02 · SB-001（至 2027-03-02） · 23 ℃"),
        "{screen}"
    );
    // A technician who picks that machine for a new test sees it marked and refused by name.
    open(&mut h, "tech", 2);
    h.key(KeyCode::Char('e'));
    h.ctrl('b');
    let form = h.screen();
    assert!(form.contains("SB-001 至 2027-03-02 不可用"), "{form}");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("23");
    h.key(KeyCode::Enter);
    h.typ("445");
    h.key(KeyCode::Tab);
    h.typ("450");
    h.key(KeyCode::Enter);
    let why = status(&h);
    assert!(
        why.contains("SB-001") && why.contains("期间核查不合格"),
        "{why}"
    );
    assert_eq!(cells(&h, 0), vec!["445", "450"]);
}

#[test]
fn receiving_with_the_samples_state_and_seal() {
    let mut h = H::full();
    // A technician cannot receive: the key says why and asks nothing.
    let n = open(&mut h, "tech", 1);
    h.key(KeyCode::Char('R'));
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert!(status(&h).contains("收样员"), "{}", status(&h));
    open(&mut h, "clerk", 1);
    h.key(KeyCode::Char('R'));
    match &h.app.popup {
        Some(Popup::Prompt(p)) => {
            assert_eq!(p.text(0), "2026-03-02");
            assert_eq!(p.text(1), "完好");
        }
        other => panic!("{other:?}"),
    }
    h.key(KeyCode::Tab);
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.typ("表面轻微浮锈");
    h.key(KeyCode::Tab);
    h.typ("封样完好，封条 F-0123");
    h.key(KeyCode::Tab);
    h.typ("样品室 A-01");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    let o = h.store.order(&n).unwrap();
    let r = o.receipt.as_ref().unwrap();
    assert_eq!(r.state, "表面轻微浮锈");
    assert_eq!(r.seal, "封样完好，封条 F-0123");
    assert_eq!(o.custody.place(), "样品室 A-01");
    let screen = h.render(120, 40);
    assert!(
        screen
            .contains("收样：2026-03-02 · 状态 表面轻微浮锈 · 封样 封样完好，封条 F-0123 · clerk"),
        "{screen}"
    );
    assert!(screen.contains("样品：待检 · 样品室 A-01"), "{screen}");
}

/// Select the user `login` on the users screen (F10) as the admin.
fn select_user(h: &mut H, login: &str) {
    h.login_as("admin");
    h.key(KeyCode::F(10));
    assert_eq!(h.app.screen, Screen::Users, "{:?}", h.app.status);
    let row = h
        .app
        .data
        .users
        .iter()
        .position(|u| u.login == login)
        .unwrap();
    for _ in 0..row {
        h.key(KeyCode::Down);
    }
}

#[test]
fn an_admin_withdraws_and_grants_a_technicians_method_with_a_reason() {
    let mut h = H::full();
    select_user(&mut h, "tech");
    h.key(KeyCode::Char('m'));
    let Some(Popup::Prompt(p)) = &h.app.popup else {
        panic!("no form: {:?}", h.app.status)
    };
    let Some(unilab::tui::screens::popup::Field::Pick { options, sel, .. }) = p.fields.first()
    else {
        panic!("methods are not a picker")
    };
    let at = options.iter().position(|o| o == "GB/T 28900-2022").unwrap();
    assert!(
        sel[at],
        "the harness authorised tech for the tensile method"
    );
    for _ in 0..at {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Char(' '));
    // No reason: the form stays, saying so, and nothing changes.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    assert!(matches!(&h.app.popup, Some(Popup::Prompt(_))));
    assert!(h
        .store
        .user("tech")
        .unwrap()
        .authorised_method("GB/T 28900-2022"));
    h.typ("2026 年度拉伸试验考核未通过");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.status);
    let tech = h.store.user("tech").unwrap();
    assert!(
        !tech.authorised_method("GB/T 28900-2022"),
        "{:?}",
        tech.methods
    );
    let log = h.store.audit_log(Some("tech")).unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.operation, "user.methods");
    assert_eq!(
        last.after.as_ref().unwrap()["withdrawn"][0],
        "GB/T 28900-2022"
    );
    // A user who is not a technician is told why, and no form opens.
    select_user(&mut h, "rev");
    h.key(KeyCode::Char('m'));
    assert!(h.app.popup.is_none());
    assert!(status(&h).contains("不是检验员"), "{}", status(&h));
}
