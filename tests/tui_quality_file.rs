//! The quality file on the enterprise page, by keys: `l` adds a licence, `t` records a
//! complaint, and the page then lists them (an expired licence marked) beside the class the
//! lab's rule proposes after two failed spot checks.

mod tui_harness;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;
use tui_harness::*;
use unilab::inspection::InspectionType;
use unilab::model::bench::{BenchInput, Conditions};
use unilab::store::{NewTask, Registration};
use unilab::tui::{ui, Screen};

/// A failed rebar spot check labelled with PRODUCER, sampled at CLIENT the day before t0.
fn failed_spot_check(h: &H) -> String {
    let clerk = h.user("clerk");
    let task = h
        .store
        .add_task(
            &clerk,
            &h.catalog,
            &NewTask {
                name: "热轧带肋钢筋监督抽查".into(),
                authority: "福建省市场监督管理局".into(),
                standard: "GB 1499.2-2024".into(),
                grade: "HRB400E".into(),
                spec: Some("d14-20".into()),
                batches: 5,
                ..Default::default()
            },
            t0(),
        )
        .unwrap();
    let mut new = rebar(&[]);
    new.inspection_type = InspectionType::Supervision;
    new.client = String::new();
    let sampling = unilab::model::sampling::SamplingInput {
        task: task.number.clone(),
        form_number: "CY2026-0301".into(),
        samplers: vec!["陈抽样".into(), "林抽样".into()],
        date: Some((t0() - chrono::Duration::days(1)).date_naive()),
        place: "福州市仓山区 成品仓库".into(),
        sampled_unit: CLIENT.into(),
        lot_size: "200 t".into(),
        sample_quantity: "4 根×500 mm".into(),
        reserve_quantity: "4 根×500 mm".into(),
        reserve_location: "本所样品室".into(),
        seal: "F-0123".into(),
        confirmed_by: "王经理".into(),
    };
    let reg = Registration {
        sampling: Some(sampling),
        ..Default::default()
    };
    let o = h
        .store
        .register_order_with(&clerk, &h.catalog, &new, &reg, t0())
        .unwrap();
    h.store.receive(&clerk, &o.number, None, t0()).unwrap();
    let tech = h.user("tech");
    for item in o.items.iter().filter(|i| !i.is_computed()) {
        let (v, instrument) = match item.code.as_str() {
            "ReL" => ("380", "SB-001"),
            "Rm" => ("610", "SB-001"),
            "A" => ("20", "SB-001"),
            "Agt" => ("12.0", "SB-001"),
            "bend" | "rebend" => ("无裂纹", "SB-001"),
            "W" => ("-2.0", "SB-001"),
            _ => ("0.010", "SB-003"),
        };
        let bench = BenchInput {
            tested_on: Some(t0().date_naive()),
            tested_until: None,
            instruments: vec![instrument.into()],
            conditions: Conditions {
                temperature: Some(rust_decimal::Decimal::from(20)),
                humidity: Some(rust_decimal::Decimal::from(50)),
            },
            deviation: None,
        };
        let values = vec![v.to_string(); item.replicates as usize];
        h.store
            .enter_result_with(
                &tech,
                &o.number,
                &item.code,
                &values,
                None,
                &bench,
                None,
                None,
                t0(),
            )
            .unwrap();
    }
    o.number
}

/// The foreground colour of the first cell of the first screen row containing `text` (the
/// snapshot is text only; the expired licence and the proposal are told apart by colour).
fn colour_of(h: &mut H, text: &str) -> Option<Color> {
    h.render(100, 30);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| ui::draw(f, &h.app)).unwrap();
    let buf = term.backend().buffer().clone();
    let y = buffer_text(&buf).lines().position(|l| l.contains(text))?;
    Some(buf[(1, y as u16)].fg)
}

/// Open the PRODUCER's page as `login`.
fn open_producer(h: &mut H, login: &str) {
    h.login_as(login);
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('/'));
    h.typ("北京建材");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Enterprise);
    assert_eq!(h.app.enterprises.open.as_deref(), Some(PRODUCER));
}

fn add_licence(h: &mut H, kind_steps: usize, number: &str, until: &str) {
    h.key(KeyCode::Char('l'));
    let form = h.screen();
    assert!(form.contains("登记许可证"), "{form}");
    for _ in 0..kind_steps {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Tab);
    h.typ(number);
    h.key(KeyCode::Tab);
    h.typ("热轧带肋钢筋");
    h.key(KeyCode::Tab);
    h.typ("2021-03-01");
    h.key(KeyCode::Tab);
    h.typ(until);
    h.key(KeyCode::Enter);
}

#[test]
fn licences_and_a_complaint_added_by_keys_show_on_the_page_with_the_proposal() {
    let mut h = H::empty();
    let first = failed_spot_check(&h);
    let second = failed_spot_check(&h);
    open_producer(&mut h, "clerk");
    let page = h.screen();
    assert!(
        page.contains(&format!(
            "建议调整为 C：12 个月内 2 次抽查不合格（{second}、{first}）"
        )),
        "{page}"
    );

    add_licence(&mut h, 0, "XK05-001-00001", "2027-12-31");
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    add_licence(&mut h, 1, "2020011101000001", "2026-01-31");
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);

    // A date that cannot be read is said in the form, and the form stays.
    add_licence(&mut h, 2, "MC-1", "明年");
    let form = h.screen();
    assert!(form.contains("“明年”不是日期"), "{form}");
    h.key(KeyCode::Esc);

    h.key(KeyCode::Char('t'));
    let form = h.screen();
    assert!(
        form.contains("登记投诉") && form.contains("2026-03-02"),
        "{form}"
    );
    h.key(KeyCode::Tab);
    h.typ("消费者张先生");
    h.key(KeyCode::Tab);
    h.typ("钢筋弯曲开裂");
    h.key(KeyCode::Tab);
    h.typ("WT2026-999999");
    h.key(KeyCode::Enter);
    // An order that does not exist is refused in the form.
    let form = h.screen();
    assert!(form.contains("WT2026-999999"), "{form}");
    assert!(h.app.popup.is_some());
    for _ in 0.."WT2026-999999".chars().count() {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);

    let page = h.screen();
    assert!(page.contains("生产许可证 XK05-001-00001"), "{page}");
    let expired: Vec<&str> = page.lines().filter(|l| l.contains("已过期")).collect();
    assert_eq!(expired.len(), 1, "{page}");
    assert!(expired[0].contains("2020011101000001"), "{page}");
    assert!(
        page.contains("投诉 1 件；最近：2026-03-02 消费者张先生：钢筋弯曲开裂"),
        "{page}"
    );
    let e = h.store.enterprise(PRODUCER).unwrap().unwrap();
    assert_eq!(e.quality.licences.len(), 2);
    assert_eq!(e.quality.complaints.len(), 1);
    assert_eq!(colour_of(&mut h, "已过期"), Some(Color::Red));
    assert_eq!(colour_of(&mut h, "XK05-001-00001"), Some(Color::Reset));
    assert_eq!(colour_of(&mut h, "建议调整为"), Some(Color::Yellow));
    h.render(100, 30);
    assert_snapshot!("enterprise_quality_file_100x30", h.render(100, 30));
    h.render(80, 24);

    // The person's decision: c, with the reason; the proposal goes, the change is listed.
    h.key(KeyCode::Char('c'));
    h.typ("两次抽查不合格");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    let page = h.screen();
    assert!(!page.contains("建议调整为"), "{page}");
    assert!(page.contains("信用等级 B → C"), "{page}");
    assert!(page.contains("两次抽查不合格"), "{page}");
}

#[test]
fn a_technician_is_told_licences_are_the_clerks() {
    let mut h = H::empty();
    open_producer(&mut h, "tech");
    h.key(KeyCode::Char('l'));
    assert!(h.app.popup.is_none());
    assert!(!h.status().is_empty(), "a refusal is said");
    h.key(KeyCode::Char('t'));
    assert!(h.app.popup.is_none());
}

#[test]
fn a_licence_comes_off_with_its_reason_and_the_whole_file_shows_every_entry() {
    let mut h = H::empty();
    open_producer(&mut h, "clerk");
    // Nothing held: L says so and opens no form.
    h.key(KeyCode::Char('L'));
    assert!(h.app.popup.is_none());
    assert_eq!(h.status(), "档案中没有有效的许可证可注销");

    add_licence(&mut h, 0, "XK05-001-00001", "2027-12-31");
    add_licence(&mut h, 1, "2020011101000001", "2028-01-31");
    // Blacklisted and cleared again: two entries in the history.
    for reason in ["地条钢生产", "整改验收合格"] {
        h.key(KeyCode::Char('b'));
        h.typ(reason);
        h.key(KeyCode::Enter);
        assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    }

    // L: choose the second licence, a reason is required, then it is off the page.
    h.key(KeyCode::Char('L'));
    let form = h.screen();
    assert!(
        form.contains("注销许可证") && form.contains("生产许可证 XK05-001-00001"),
        "{form}"
    );
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_some(), "an empty reason is not accepted");
    h.typ("换发新证");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{:?}", h.app.popup);
    assert_eq!(h.status(), "已注销许可证 2020011101000001");
    let page = h.screen();
    assert!(page.contains("XK05-001-00001"), "{page}");
    let listed: Vec<&str> = page.lines().filter(|l| l.contains("许可证：")).collect();
    assert_eq!(listed.len(), 1, "{page}");
    assert!(listed[0].contains("XK05-001-00001"), "{page}");
    let e = h.store.enterprise(PRODUCER).unwrap().unwrap();
    let gone = &e.quality.licences[1];
    assert_eq!(
        gone.removed.as_ref().map(|r| r.reason.as_str()),
        Some("换发新证")
    );
    let last = h.store.audit_log(None).unwrap().pop().unwrap();
    assert_eq!(
        (last.operation.as_str(), last.reason.as_deref()),
        ("enterprise.licence_remove", Some("换发新证"))
    );

    // h: the whole file, the removed licence with its reason, both blacklist entries.
    h.key(KeyCode::Char('h'));
    let view = h.render(100, 30);
    for want in [
        "质量档案：",
        "许可证（2 份，含已注销）",
        "已注销（2026-03-02 clerk）：换发新证",
        "黑名单记录（2 条）",
        "列入（clerk）：地条钢生产",
        "移出（clerk）：整改验收合格",
        "投诉（0 件）",
    ] {
        assert!(view.contains(want), "{want}: {view}");
    }
    assert_snapshot!("enterprise_quality_file_whole", view);
    h.key(KeyCode::Esc);
    assert!(h.app.popup.is_none());
    assert_eq!(h.app.screen, Screen::Enterprise);
}
