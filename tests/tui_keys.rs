//! Key sequences drive `update` without a terminal, through the same store operations as the
//! CLI: login and lockout, registration, results, review, approval, issuing; refusals keep input.

mod tui_harness;

use chrono::Duration;
use crossterm::event::KeyCode;
use tui_harness::*;
use unilab::model::{OrderStatus, ReportStatus};
use unilab::tui::keymap::Action;
use unilab::tui::screens::popup::{Field, Popup};
use unilab::tui::{Effect, Screen};

#[test]
fn three_failures_lock_the_name_for_a_while() {
    let mut h = H::empty();
    h.login("clerk", "wrong");
    assert!(h
        .app
        .login
        .message
        .as_deref()
        .unwrap_or("")
        .contains("第 1 次"));
    // The cursor waits in the emptied password field.
    for _ in 0..2 {
        h.typ("wrong");
        h.key(KeyCode::Enter);
    }
    assert!(h
        .app
        .login
        .message
        .as_deref()
        .unwrap_or("")
        .contains("锁定"));
    // The right password is refused while locked, without asking the store.
    h.typ(PASSWORD);
    h.key(KeyCode::Enter);
    assert!(h.app.user.is_none());
    assert!(h
        .app
        .login
        .message
        .as_deref()
        .unwrap_or("")
        .contains("锁定"));
    // A minute later it works.
    h.app.now += Duration::seconds(61);
    h.typ(PASSWORD);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.user.as_ref().map(|u| u.login.as_str()), Some("clerk"));
    assert_eq!(h.app.screen, Screen::Queue);
}

#[test]
fn whole_workflow_by_keys() {
    let mut h = H::empty();
    // Clerk registers a commissioned rebar order through the form.
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    assert_eq!(h.app.screen, Screen::Register);
    h.key(KeyCode::Tab); // client
    h.typ("福州");
    h.key(KeyCode::Tab); // producer
    h.typ("北京");
    h.key(KeyCode::Tab); // standard
    h.typ("GB 1499.2-2024");
    h.key(KeyCode::Tab); // grade
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // HRB400E
    h.key(KeyCode::Tab); // spec
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // d14-20
    h.key(KeyCode::Tab); // sample
    h.typ("热轧带肋钢筋");
    // Untick the items the client did not ask for: keep ReL, Rm, Agt, bend.
    for _ in 0..8 {
        h.key(KeyCode::Tab);
    }
    assert_eq!(
        h.app.register.focus,
        unilab::tui::screens::register::F::Items
    );
    for (i, keep) in [true, true, false, true, false, false, true, false, false]
        .iter()
        .enumerate()
    {
        let code = h.catalog.get("GB 1499.2-2024").unwrap().items[i]
            .code
            .clone();
        if !keep && h.app.register.requested.contains(&code) {
            h.key(KeyCode::Char(' '));
        }
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.screen,
        Screen::Detail,
        "{:?} {:?}",
        h.app.status,
        h.app.register.errors
    );
    let number = h.number(1);
    let o = h.store.order(&number).unwrap();
    let codes: Vec<&str> = o.items.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["ReL", "Rm", "Agt", "bend"]);
    assert_eq!(o.client.name, "福州钢铁有限公司");
    assert_eq!(o.grade, "HRB400E");
    assert_eq!(o.spec.as_deref(), Some("d14-20"));
    assert!(
        !h.app.register.is_dirty(),
        "the form is emptied after registering"
    );
    // Receiving asks first, naming the order; nothing happens until it is confirmed.
    h.key(KeyCode::Char('r'));
    assert_eq!(
        h.store.order(&number).unwrap().status,
        OrderStatus::Registered
    );
    assert!(
        matches!(&h.app.popup, Some(Popup::Confirm { text, .. }) if text.contains(&number)),
        "{:?}",
        h.app.popup
    );
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.store.order(&number).unwrap().status,
        OrderStatus::Received
    );

    // Technician enters results in the grid and submits.
    h.login_as("tech");
    let e = h.app.open_order(&number);
    h.run(e);
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.screen, Screen::Results);
    // The bench facts first: the testing machine and the room temperature.
    h.set_bench();
    for vals in [["445", "450"], ["610", "620"], ["11.0", "12.5"]] {
        h.typ(vals[0]);
        h.key(KeyCode::Tab);
        h.typ(vals[1]);
        h.key(KeyCode::Enter);
    }
    // Qualitative choices for the bend test.
    h.ctrl('t');
    h.key(KeyCode::Tab);
    h.ctrl('t');
    assert_eq!(h.app.results.rows[3].cells[1].value(), "无裂纹");
    h.ctrl('s');
    assert!(!h.app.results.is_dirty(), "{:?}", h.app.status);
    // Submitting waits for the checker (校核), a second technician.
    h.ctrl('r');
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("校核")),
        "{:?}",
        h.app.status
    );
    h.login_as("tech2");
    let e = h.app.open_order(&number);
    h.run(e);
    h.key(KeyCode::Char('c'));
    h.key(KeyCode::Char('y'));
    assert!(
        h.store.order(&number).unwrap().checked.is_some(),
        "{:?}",
        h.app.status
    );
    h.login_as("tech");
    let e = h.app.open_order(&number);
    h.run(e);
    h.key(KeyCode::Char('e'));
    h.ctrl('r');
    assert!(
        matches!(&h.app.popup, Some(Popup::Confirm { text, .. }) if text.contains(&number)),
        "{:?}",
        h.app.popup
    );
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.store.order(&number).unwrap().status,
        OrderStatus::AwaitingReview,
        "{:?}",
        h.app.status
    );

    // Reviewer passes it.
    h.login_as("rev");
    let e = h.app.open_order(&number);
    h.run(e);
    // A stray `a` does not pass a review: it asks, and `n` leaves the order as it was.
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Char('n'));
    assert_eq!(
        h.store.order(&number).unwrap().status,
        OrderStatus::AwaitingReview
    );
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Char('y'));
    assert_eq!(
        h.store.order(&number).unwrap().status,
        OrderStatus::AwaitingApproval
    );

    // Signatory approves with the password typed again; a wrong one is refused.
    h.login_as("sig");
    let e = h.app.open_order(&number);
    h.run(e);
    h.key(KeyCode::Char('p'));
    h.typ("nope");
    h.key(KeyCode::Enter);
    assert!(matches!(&h.app.popup, Some(Popup::Prompt(p)) if p.error.is_some()));
    assert_eq!(
        h.store.order(&number).unwrap().status,
        OrderStatus::AwaitingApproval
    );
    h.typ(PASSWORD);
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert_eq!(
        h.store.order(&number).unwrap().status,
        OrderStatus::Approved
    );
    // Preview, then issue; the message says where the PDF went.
    h.key(KeyCode::Char('i'));
    assert!(matches!(
        &h.app.popup,
        Some(Popup::Preview { issue: Some(_), .. })
    ));
    h.key(KeyCode::Enter);
    let o = h.store.order(&number).unwrap();
    assert_eq!(o.status, OrderStatus::Issued);
    let pdf = h.out.join(format!("{}.pdf", o.reports[0]));
    assert!(pdf.exists());
    match &h.app.popup {
        Some(Popup::Message { text, .. }) => {
            assert!(text.contains(&pdf.display().to_string()), "{text}")
        }
        other => panic!("expected the issued message, got {other:?}"),
    }
    assert_eq!(
        h.store.report(&o.reports[0]).unwrap().status,
        ReportStatus::Issued
    );
}

#[test]
fn a_refusal_keeps_what_was_typed() {
    let mut h = H::full();
    h.login_as("rev");
    let n = h.number(4);
    let e = h.app.open_order(&n);
    h.run(e);
    // Reject needs a reason: an empty one is refused inside the popup.
    h.key(KeyCode::Char('x'));
    h.key(KeyCode::Enter);
    assert!(matches!(&h.app.popup, Some(Popup::Prompt(p)) if p.error.is_some()));
    h.typ("复测");
    h.key(KeyCode::Enter);
    assert_eq!(h.store.order(&n).unwrap().status, OrderStatus::InTesting);

    // The technician types a value; meanwhile another terminal changes the order.
    h.login_as("tech");
    let n3 = h.number(3);
    let e = h.app.open_order(&n3);
    h.run(e);
    h.key(KeyCode::Char('e'));
    h.set_bench();
    h.key(KeyCode::Down);
    h.typ("600");
    h.enter("tech", &n3, "Agt", &["10.0", "10.5"]);
    h.key(KeyCode::Enter);
    // Refused as a conflict; the typed value is still there.
    assert!(
        h.app
            .status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("已被修改")),
        "{:?}",
        h.app.status
    );
    assert_eq!(h.app.results.rows[1].cells[0].value(), "600");
    // After the refresh the same keys save it.
    h.app.results.sel = 1;
    h.key(KeyCode::Enter);
    let o = h.store.order(&n3).unwrap();
    assert!(o.results.contains_key("Rm"), "{:?}", h.app.status);
    assert!(o.results.contains_key("Agt"));
}

#[test]
fn changing_a_value_asks_why() {
    let mut h = H::full();
    h.login_as("tech");
    let n = h.number(3);
    let e = h.app.open_order(&n);
    h.run(e);
    h.key(KeyCode::Char('e'));
    h.set_bench();
    h.ctrl('u');
    h.typ("460");
    h.key(KeyCode::Enter);
    assert!(matches!(&h.app.popup, Some(Popup::Prompt(_))));
    h.typ("录入错误");
    h.key(KeyCode::Enter);
    let o = h.store.order(&n).unwrap();
    let r = o.results["ReL"].current().unwrap();
    assert_eq!(r.values[0].text(), "460");
    assert_eq!(r.reason.as_deref(), Some("录入错误"));
}

#[test]
fn withdrawn_edition_needs_the_override() {
    let mut h = H::full();
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    h.key(KeyCode::Tab);
    h.typ("福州");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("GB/T 1499.2-2018");
    h.key(KeyCode::Tab);
    let err = h
        .app
        .register
        .errors
        .get(&unilab::tui::screens::register::F::Standard)
        .cloned()
        .unwrap_or_default();
    assert!(err.contains("废止"), "{err}");
    // Tick the override: the error goes away.
    h.app.register.focus = unilab::tui::screens::register::F::AllowWithdrawn;
    h.key(KeyCode::Char(' '));
    assert!(!h
        .app
        .register
        .errors
        .contains_key(&unilab::tui::screens::register::F::Standard));
}

#[test]
fn inline_enterprise_with_credit_code_checked() {
    let mut h = H::empty();
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    h.key(KeyCode::Tab);
    h.ctrl('n');
    h.typ("厦门新材料有限公司");
    h.key(KeyCode::Tab);
    h.typ("91350100M000100Y44");
    h.key(KeyCode::Enter);
    assert!(
        matches!(&h.app.popup, Some(Popup::Prompt(p)) if p.error.as_deref().unwrap_or("").contains("校验码"))
    );
    h.key(KeyCode::Backspace);
    h.typ("3");
    // Already registered under another name: the store refuses, the form stays.
    h.key(KeyCode::Enter);
    assert!(
        matches!(&h.app.popup, Some(Popup::Prompt(p)) if p.error.as_deref().unwrap_or("").contains("已登记"))
    );
    let code = unilab::model::credit_code::complete("9135020012345678").unwrap();
    for _ in 0..18 {
        h.key(KeyCode::Backspace);
    }
    h.typ(&code);
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert_eq!(h.app.register.client.chosen.as_deref(), Some(code.as_str()));
    assert_eq!(h.app.register.client.query.value(), "厦门新材料有限公司");
}

#[test]
fn dirty_forms_ask_before_leaving() {
    let mut h = H::full();
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    h.key(KeyCode::Tab);
    h.typ("福州");
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.popup, Some(Popup::Confirm { .. })));
    h.key(KeyCode::Char('n'));
    assert_eq!(h.app.register.client.query.value(), "福州");
    // Going elsewhere keeps the form; q asks first.
    h.key(KeyCode::F(3));
    h.key(KeyCode::Char('q'));
    assert!(matches!(h.app.popup, Some(Popup::Confirm { .. })));
    assert!(!h.app.quit);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(4));
    assert_eq!(h.app.register.client.query.value(), "福州");
    // Ctrl-C leaves from anywhere, even a popup.
    h.key(KeyCode::F(1));
    h.ctrl('c');
    assert!(h.app.quit);
}

#[test]
fn another_terminals_change_shows_up_and_the_filter_stays() {
    let mut h = H::full();
    h.login_as("clerk");
    h.key(KeyCode::F(3));
    h.key(KeyCode::Char('/'));
    h.typ("钢筋");
    let before = h.app.orders.list.rows.len();
    let clerk = h.user("clerk");
    h.store
        .register_order(&clerk, &h.catalog, &rebar(&["ReL"]), t0())
        .unwrap();
    assert_ne!(h.store.change_stamp().unwrap(), h.app.data.stamp);
    h.run(vec![Effect::Reload { external: true }]);
    assert_eq!(h.app.orders.list.rows.len(), before + 1);
    assert_eq!(h.app.orders.filter.value(), "钢筋");
    assert!(h.app.orders.filtering);
}

/// A list longer than a screen is read a few pages at a time: the cursor walks every order
/// once, in order, down to the last and back up to the first, while the screen holds a
/// window; the count is the whole list's; a filter reads only its matches.
#[test]
fn a_long_list_is_read_a_window_at_a_time() {
    use unilab::store::ImportRecord;
    let mut h = H::full();
    let clerk = h.user("clerk");
    let records: Vec<ImportRecord> = (0..400)
        .map(|i| {
            let mut o = rebar(&["ReL"]);
            if i % 50 == 7 {
                o.sample.name = "特殊样品".into();
            }
            ImportRecord::Order(Box::new(o))
        })
        .collect();
    h.store
        .import(&clerk, &h.catalog, &records, 1000, t0(), &mut |_| true)
        .unwrap();
    let all: Vec<String> = h
        .store
        .order_summaries()
        .unwrap()
        .into_iter()
        .map(|s| s.number)
        .collect();
    assert!(all.len() > 400);
    h.login_as("clerk");
    h.key(KeyCode::F(3));
    h.render(80, 24);
    let w = &h.app.orders.list;
    assert!(w.rows.len() < 100, "held {}", w.rows.len());
    assert_eq!((w.count.rows, w.count.exact), (all.len() as u64, true));
    let at = |h: &H| h.app.orders.list.selected_row().unwrap().number.clone();
    let mut seen = vec![at(&h)];
    for _ in 1..all.len() {
        h.key(KeyCode::Down);
        seen.push(at(&h));
    }
    assert_eq!(seen, all);
    assert!(h.app.orders.list.rows.len() < 200);
    assert!(h.screen().contains(all.last().unwrap()));
    let mut back = vec![at(&h)];
    for _ in 1..all.len() {
        h.key(KeyCode::Up);
        back.push(at(&h));
    }
    back.reverse();
    assert_eq!(back, all);
    // End and Home jump to the ends without walking there.
    h.act(Action::Bottom);
    assert_eq!(&at(&h), all.last().unwrap());
    h.act(Action::Top);
    assert_eq!(&at(&h), all.first().unwrap());
    h.key(KeyCode::Char('/'));
    h.typ("特殊");
    let w = &h.app.orders.list;
    assert_eq!(w.rows.len(), 8);
    assert_eq!((w.count.rows, w.count.exact), (8, true));
    assert!(h.screen().contains("8 / "), "{}", h.screen());
    // A filter that may match numbers is counted from the rows once they are all held.
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.typ("00012");
    let w = &h.app.orders.list;
    assert_eq!(w.rows.len(), 11);
    assert_eq!((w.count.rows, w.count.exact), (11, true));
}

#[test]
fn no_panic_at_any_size_on_any_screen() {
    let mut h = H::full();
    h.login_as("admin");
    let screens = [
        Action::GoQueue,
        Action::GoOrders,
        Action::GoRegister,
        Action::GoStandards,
        Action::GoEnterprises,
        Action::GoReports,
        Action::GoNetContent,
        Action::GoAudit,
        Action::GoUsers,
        Action::GoInstruments,
    ];
    for a in screens {
        h.act(a);
        for (w, ht) in [
            (1, 1),
            (10, 3),
            (40, 12),
            (79, 23),
            (80, 24),
            (81, 25),
            (120, 40),
            (250, 70),
        ] {
            h.render(w, ht);
        }
        h.act(Action::Help);
        for (w, ht) in [(2, 2), (80, 24), (200, 50)] {
            h.render(w, ht);
        }
        h.act(Action::Back);
    }
    let n = h.number(6);
    let e = h.app.open_order(&n);
    h.run(e);
    for (w, ht) in [(1, 1), (80, 24), (300, 80)] {
        h.render(w, ht);
    }
}

#[test]
fn keys_table_lists_every_action_and_the_language_changes() {
    let zh = unilab::tui::keymap_text(unilab::tui::Lang::Zh);
    let en = unilab::tui::keymap_text(unilab::tui::Lang::En);
    for id in [
        "global.help",
        "global.exit",
        "orders.filter",
        "order.approve",
        "results.not_detected",
        "register.new_enterprise",
    ] {
        assert!(zh.contains(id) && en.contains(id), "{id}");
    }
    assert!(zh.contains("帮助") && en.contains("help"));
    assert!(zh.contains("Ctrl-C") && zh.contains("F1"));
}

#[test]
fn typing_into_a_filled_cell_replaces_its_value() {
    let mut h = H::full();
    h.login_as("tech");
    let n = h.number(3);
    let e = h.app.open_order(&n);
    h.run(e);
    h.key(KeyCode::Char('e'));
    let before = h.app.results.rows[0].cells[0].value().to_string();
    assert!(!before.is_empty(), "the order already has ReL");
    h.typ("455");
    assert_eq!(
        h.app.results.rows[0].cells[0].value(),
        "455",
        "not {before}455"
    );
    // Once typing has started, further keys edit the same value.
    h.key(KeyCode::Backspace);
    h.typ("8");
    assert_eq!(h.app.results.rows[0].cells[0].value(), "458");
    // Moving to the next specimen replaces that one too.
    h.key(KeyCode::Tab);
    h.typ("460");
    assert_eq!(h.app.results.rows[0].cells[1].value(), "460");
}

#[test]
fn admin_changes_a_users_roles_with_a_reason() {
    let mut h = H::full();
    h.login_as("admin");
    h.key(KeyCode::F(10));
    assert_eq!(
        h.app.screen,
        unilab::tui::Screen::Users,
        "{:?}",
        h.app.status
    );
    let row = h
        .app
        .data
        .users
        .iter()
        .position(|u| u.login == "rev")
        .unwrap();
    for _ in 0..row {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('e'));
    assert!(
        matches!(&h.app.popup, Some(Popup::Prompt(_))),
        "{:?}",
        h.app.status
    );
    // Roles: move to 授权签字人 (the fourth role) and tick it.
    for _ in 0..3 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Tab);
    // Authorised fields are picked from the library's fields, never typed (issue 10 item 10).
    let Some(Popup::Prompt(p)) = &h.app.popup else {
        panic!("no prompt")
    };
    let Some(Field::Pick { options, .. }) = p.fields.get(1) else {
        panic!("fields are not a picker: {:?}", p.fields.get(1))
    };
    assert!(options.iter().all(|o| o != "建材"), "{options:?}");
    let at = options.iter().position(|o| o == "建筑材料").unwrap();
    for _ in 0..at {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Tab);
    h.typ("兼任授权签字人");
    h.key(KeyCode::Enter);
    let rev = h.store.user("rev").unwrap();
    assert!(
        rev.roles.contains(&unilab::model::Role::Signatory),
        "{:?} {:?}",
        rev.roles,
        h.app.status
    );
    assert!(rev.roles.contains(&unilab::model::Role::Reviewer));
    assert_eq!(rev.fields, ["建筑材料"]);
    let log = h.store.audit_log(Some("rev")).unwrap();
    assert_eq!(log.last().unwrap().operation, "user.roles");
    assert_eq!(
        log.last().unwrap().reason.as_deref(),
        Some("兼任授权签字人")
    );
}

#[test]
fn admin_sees_a_locked_user_and_unlocks_with_a_reason() {
    let mut h = H::full();
    // Five wrong passwords lock rev's login.
    for i in 0..5 {
        assert!(h
            .store
            .authenticate("rev", &format!("wrong{i}"), t0())
            .is_err());
    }
    let m = h.store.authenticate("rev", "secret1", t0()).unwrap_err();
    assert!(m.to_string().contains("已锁定"), "{m}");
    h.login_as("admin");
    h.key(KeyCode::F(10));
    let row = h
        .app
        .data
        .users
        .iter()
        .position(|u| u.login == "rev")
        .unwrap();
    for _ in 0..row {
        h.key(KeyCode::Down);
    }
    let screen = h.screen();
    let line = screen.lines().find(|l| l.contains("rev")).unwrap();
    assert!(line.contains("已锁定"), "{screen}");
    h.key(KeyCode::Char('u'));
    assert!(
        matches!(&h.app.popup, Some(Popup::Prompt(_))),
        "{:?}",
        h.app.status
    );
    h.typ("本人当面确认");
    h.key(KeyCode::Enter);
    let log = h.store.audit_log(Some("rev")).unwrap();
    assert_eq!(log.last().unwrap().operation, "user.unlock");
    assert_eq!(log.last().unwrap().reason.as_deref(), Some("本人当面确认"));
    assert!(h.store.authenticate("rev", "secret1", t0()).is_ok());
    // A user who is not locked is not offered a pointless prompt.
    h.key(KeyCode::Char('u'));
    assert!(h.app.popup.is_none());
}

#[test]
fn submitting_an_order_with_a_failing_item_names_the_failure_first() {
    let mut h = H::full();
    let clerk = h.store.user("clerk").unwrap();
    let o = h
        .store
        .register_order(&clerk, &h.catalog, &rebar(&["ReL"]), t0())
        .unwrap();
    h.store.receive(&clerk, &o.number, None, t0()).unwrap();
    h.enter("tech", &o.number, "ReL", &["350", "455"]);
    // Checked by a second technician: submitting is what the key asks for now.
    h.store
        .check_order(&h.user("tech2"), &o.number, None, t0())
        .unwrap();
    h.login_as("tech");
    let e = h.app.open_order(&o.number);
    h.run(e);
    h.key(KeyCode::Char('s'));
    let text = match &h.app.popup {
        Some(Popup::Confirm { text, .. }) => text.clone(),
        other => panic!("no confirmation: {other:?} {:?}", h.app.status),
    };
    assert!(
        text.contains(&o.number) && text.contains("不符合") && text.contains("ReL"),
        "{text}"
    );
    h.key(KeyCode::Esc);
    assert_eq!(
        h.store.order(&o.number).unwrap().status,
        OrderStatus::InTesting
    );
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small_to_show_them() {
    let mut h = H::full();
    h.login_as("clerk");
    let before = h.app.screen;
    assert!(h.render(60, 20).contains("终端太小"));
    h.key(KeyCode::F(4));
    assert_eq!(h.app.screen, before, "F4 must not open a form unseen");
    h.render(80, 24);
    h.key(KeyCode::F(4));
    assert_eq!(h.app.screen, unilab::tui::Screen::Register);
}

#[test]
fn net_content_refuses_a_decimal_comma_instead_of_splitting_it() {
    let mut h = H::full();
    h.login_as("tech");
    h.key(KeyCode::F(8));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.typ("499,8");
    h.key(KeyCode::Enter);
    assert!(h.app.net.values.is_empty(), "{:?}", h.app.net.values);
    assert_eq!(h.app.net.value.value(), "499,8", "the typed text stays");
    let status = format!("{:?}", h.app.status);
    assert!(status.contains("逗号"), "{status}");
    h.ctrl('u');
    h.typ("499.8 ５００．２");
    h.key(KeyCode::Enter);
    let got: Vec<String> = h.app.net.values.iter().map(|v| v.to_string()).collect();
    assert_eq!(got, ["499.8", "500.2"]);
}

#[test]
fn enter_in_the_client_dropdown_picks_the_client_and_does_not_register() {
    let mut h = H::full();
    h.login_as("clerk");
    h.start_registration("福州", "GB 1499.2-2024");
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab); // spec
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab); // sample
    h.typ("热轧带肋钢筋");
    let before = h.store.order_summaries().unwrap().len();
    // Back to the client, clear it and type a new query: Enter picks from the dropdown.
    for _ in 0..5 {
        h.key(KeyCode::BackTab);
    }
    assert_eq!(
        h.app.register.focus,
        unilab::tui::screens::register::F::Client
    );
    h.ctrl('u');
    h.typ("北京");
    h.key(KeyCode::Enter);
    assert_eq!(
        h.store.order_summaries().unwrap().len(),
        before,
        "nothing registered"
    );
    assert_eq!(h.app.screen, Screen::Register);
    assert_eq!(h.app.register.client.chosen.as_deref(), Some(PRODUCER));
    assert_ne!(
        h.app.register.focus,
        unilab::tui::screens::register::F::Client
    );
    // Enter from a settled field registers as before.
    h.key(KeyCode::Enter);
    assert_eq!(
        h.store.order_summaries().unwrap().len(),
        before + 1,
        "{:?}",
        h.app.status
    );
}
