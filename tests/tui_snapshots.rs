//! Every screen and popup at 80×24 and at 100×30, with a fixed clock and fixed ids.

mod tui_harness;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use tui_harness::*;
use unilab::tui::keymap::Action;
use unilab::tui::Screen;

/// Snapshot the current screen at both sizes.
/// Audit hashes chain over records that include argon2 hashes with random salts, so they differ
/// on every run; the screens are compared with the hash digits masked (same width).
fn mask_hashes(screen: String) -> String {
    let mut out = String::with_capacity(screen.len());
    let mut rest = screen.as_str();
    while let Some(at) = rest.find("hash ") {
        let (head, tail) = rest.split_at(at + 5);
        out.push_str(head);
        let digits = tail.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        out.push_str(&"#".repeat(digits));
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

fn snap(name: &str, h: &mut H) {
    let small = mask_hashes(h.render(80, 24));
    assert_snapshot!(format!("{name}_80x24"), small);
    let big = mask_hashes(h.render(100, 30));
    assert_snapshot!(format!("{name}_100x30"), big);
    // Back to the size key handling assumes.
    h.render(80, 24);
}

#[test]
fn login_screens() {
    let mut h = H::empty();
    h.app.login_hint = vec![
        (
            "clerk".into(),
            "secret1".into(),
            unilab::message::Msg::new("收样员", "sample clerk"),
        ),
        (
            "tech".into(),
            "secret1".into(),
            unilab::message::Msg::new("检验员", "technician"),
        ),
    ];
    h.typ("clerk");
    h.key(KeyCode::Tab);
    h.typ("pass");
    snap("login", &mut h);
    h.key(KeyCode::Enter);
    h.typ("x");
    h.key(KeyCode::Enter);
    h.typ("y");
    h.key(KeyCode::Enter);
    snap("login_locked", &mut h);
}

#[test]
fn too_small_says_so() {
    let mut h = H::empty();
    assert_snapshot!("too_small_60x20", h.render(60, 20));
    assert_snapshot!("too_small_79x24", h.render(79, 24));
}

#[test]
fn work_queues() {
    let mut h = H::full();
    h.login_as("clerk");
    snap("queue_clerk", &mut h);
    h.login_as("sig");
    snap("queue_signatory", &mut h);
    h.key(KeyCode::Right);
    snap("queue_signatory_issue", &mut h);
}

#[test]
fn order_list_tabs_filter_sort() {
    let mut h = H::full();
    h.login_as("clerk");
    h.key(KeyCode::F(3));
    snap("orders_all", &mut h);
    h.key(KeyCode::Char('/'));
    h.typ("逾期");
    snap("orders_filtered", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Char('s'));
    snap("orders_tab_received_sorted", &mut h);
}

#[test]
fn order_detail_and_review() {
    let mut h = H::full();
    h.login_as("rev");
    let n = h.number(4);
    h.app.open_order(&n);
    h.run(vec![unilab::tui::Effect::LoadOrder(n)]);
    snap("detail_awaiting_review", &mut h);
    h.key(KeyCode::Char('x'));
    h.typ("屈服强度复测");
    snap("popup_reject_reason", &mut h);
}

#[test]
fn approval_preview_and_issue() {
    let mut h = H::full();
    h.login_as("sig");
    let n = h.number(5);
    let e = h.app.open_order(&n);
    h.run(e);
    h.key(KeyCode::Char('p'));
    h.typ("secret1");
    snap("popup_approve_password", &mut h);
    h.key(KeyCode::Esc);
    let n6 = h.number(6);
    let e = h.app.open_order(&n6);
    h.run(e);
    h.key(KeyCode::Char('i'));
    snap("popup_certificate_preview", &mut h);
    h.key(KeyCode::Enter);
    // The PDF path lives in a temporary directory: show a fixed one.
    if let Some(unilab::tui::screens::popup::Popup::Message { text, .. }) = &mut h.app.popup {
        *text = text.replace(&h.out.display().to_string(), "/lab/certificates");
    }
    snap("popup_issued", &mut h);
}

#[test]
fn registration_form() {
    let mut h = H::full();
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    snap("register_empty", &mut h);
    h.key(KeyCode::Tab);
    h.typ("福州");
    snap("register_client_picker", &mut h);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("1499");
    snap("register_standard_picker", &mut h);
    h.key(KeyCode::Down);
    h.key(KeyCode::Tab);
    snap("register_withdrawn_refused", &mut h);
    h.app.register = Default::default();
    h.key(KeyCode::Tab);
    h.typ("福州");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("GB 1499.2-2024");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    snap("register_filled_missing_sample", &mut h);
    h.key(KeyCode::Enter);
    snap("register_errors_after_enter", &mut h);
    h.ctrl('n');
    h.typ("新企业");
    h.key(KeyCode::Tab);
    h.typ("91350100M000100Y44");
    snap("popup_new_enterprise_bad_code", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    snap("popup_discard_form", &mut h);
}

#[test]
fn result_entry_grid() {
    let mut h = H::full();
    h.login_as("tech");
    let n = h.number(3);
    let e = h.app.open_order(&n);
    h.run(e);
    h.key(KeyCode::Char('e'));
    assert_eq!(h.app.screen, Screen::Results);
    h.key(KeyCode::Down);
    h.typ("560");
    h.key(KeyCode::Tab);
    h.typ("530");
    snap("results_typing", &mut h);
    h.key(KeyCode::Down);
    h.typ("abc");
    snap("results_parse_error", &mut h);
}

#[test]
fn net_content_tool() {
    let mut h = H::full();
    h.login_as("tech");
    h.key(KeyCode::F(8));
    h.typ("400");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typ("40");
    h.key(KeyCode::Tab);
    h.typ("401.2 398.7 399.5 402.3 397.9");
    h.key(KeyCode::Enter);
    snap("netcontent_partial", &mut h);
    h.typ("400.8 396.4 401.7 399.1 400.6");
    h.key(KeyCode::Enter);
    snap("netcontent_pass", &mut h);
}

#[test]
fn reports_standards_enterprises_audit_users() {
    let mut h = H::full();
    h.login_as("admin");
    h.key(KeyCode::F(7));
    snap("reports", &mut h);
    h.key(KeyCode::Enter);
    snap("report_preview", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(5));
    snap("standards", &mut h);
    h.key(KeyCode::Char('/'));
    h.typ("钢筋");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    snap("standard_detail", &mut h);
    h.key(KeyCode::F(6));
    snap("enterprises", &mut h);
    h.key(KeyCode::Enter);
    snap("enterprise_file", &mut h);
    h.key(KeyCode::Char('b'));
    snap("popup_blacklist_reason", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(9));
    snap("audit", &mut h);
    h.key(KeyCode::Enter);
    snap("audit_entry", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(10));
    snap("users", &mut h);
    h.key(KeyCode::Char('n'));
    snap("popup_new_user", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char('e'));
    snap("popup_edit_roles", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::F(1));
    snap("popup_help_users", &mut h);
}

#[test]
fn english_interface() {
    let mut h = H::full();
    h.app.lang = unilab::tui::Lang::En;
    h.login_as("tech");
    snap("en_queue_tech", &mut h);
    let n = h.number(3);
    let e = h.app.open_order(&n);
    h.run(e);
    snap("en_detail", &mut h);
    h.act(Action::Help);
    snap("en_help_detail", &mut h);
    h.key(KeyCode::Esc);
    // Results, with a refused value: the message is English too.
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Down);
    h.typ("1,2");
    h.key(KeyCode::Enter);
    snap("en_results_refused", &mut h);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    // Switching user with unsaved results asks first, in English, and drops them.
    h.key(KeyCode::F(12));
    snap("en_switch_dirty", &mut h);
    h.key(KeyCode::Char('y'));
    // Registration and the order list as a clerk; a preview as the signatory.
    h.login_as("clerk");
    h.key(KeyCode::F(4));
    snap("en_register", &mut h);
    h.key(KeyCode::F(3));
    snap("en_orders", &mut h);
    h.login_as("sig");
    let n = h.number(6);
    let e = h.app.open_order(&n);
    h.run(e);
    h.key(KeyCode::Char('v'));
    snap("en_preview", &mut h);
}

/// The lab records (issue 12): the bench bar and form on the results screen, the calibration
/// gate's refusal, the order page's records, the register and the admin's due list.
fn lab_records(h: &mut H, prefix: &str) {
    h.login_as("tech");
    let n2 = h.number(2);
    let e = h.app.open_order(&n2);
    h.run(e);
    h.key(KeyCode::Char('e'));
    snap(&format!("{prefix}results_bench_unset"), h);
    h.ctrl('b');
    snap(&format!("{prefix}popup_bench_form"), h);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.typ("23");
    h.key(KeyCode::Enter);
    h.typ("445");
    h.key(KeyCode::Tab);
    h.typ("450");
    h.key(KeyCode::Enter);
    snap(&format!("{prefix}results_overdue_refused"), h);
    // The order page: a deviation and a subcontract waiting, the checker not yet.
    h.ctrl('b');
    h.key(KeyCode::Tab);
    h.key(KeyCode::Left);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Tab);
    h.typ("36 ℃");
    snap(&format!("{prefix}popup_deviation"), h);
    h.key(KeyCode::Esc);
    let n3 = h.number(3);
    let e = h.app.open_order(&n3);
    h.run(e);
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Tab);
    h.typ("36 ℃");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.typ("福建省建筑工程质量检测中心");
    h.key(KeyCode::Tab);
    h.typ("CMA 171312050123");
    h.key(KeyCode::Enter);
    h.act(Action::PageDown);
    snap(&format!("{prefix}detail_records"), h);
    // The register, one instrument, a form; the admin's due list.
    h.login_as("admin");
    h.key(KeyCode::Right);
    snap(&format!("{prefix}queue_admin_instruments"), h);
    h.key(KeyCode::F(11));
    snap(&format!("{prefix}instruments"), h);
    h.key(KeyCode::Enter);
    snap(&format!("{prefix}instrument_detail"), h);
    h.key(KeyCode::Char('c'));
    snap(&format!("{prefix}popup_calibrate"), h);
}

#[test]
fn lab_records_screens() {
    let mut h = H::full();
    lab_records(&mut h, "");
}

#[test]
fn lab_records_screens_in_english() {
    let mut h = H::full();
    h.app.lang = unilab::tui::Lang::En;
    lab_records(&mut h, "en_");
}
