//! Issues 10 and 11 on the entry screens: registration takes dimensions, a decision rule and
//! further bases; the results screen judges under the order's rule, takes the uncertainty with
//! the values, says why a computed item waits, marks values too wide for their cell; a spot
//! check is registered with its sampling record.

mod tui_harness;

use crossterm::event::KeyCode;
use tui_harness::*;
use unilab::tui::screens::popup::Popup;
use unilab::tui::Screen;

fn open(h: &mut H, number: &str) {
    let effects = h.app.open_order(number);
    h.run(effects);
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
    h.start_registration("福州", "GB 1499.2-2024");
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
