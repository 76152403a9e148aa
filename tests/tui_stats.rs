//! The statistics screen (issue 14) on the demo lab, by keys: Ctrl-G opens it on the table by
//! product with its chart, ←→ changes the grouping, t the period, Enter lists the orders
//! behind a row and Esc comes back, x writes the table as CSV and XLSX; the figures are the
//! store's table for the same grouping.

mod tui_harness;

use crossterm::event::KeyCode;
use tui_harness::*;
use unilab::stats::table::{By, Period};
use unilab::tui::Screen;

#[test]
fn the_statistics_screen_groups_charts_drills_down_and_exports() {
    let mut h = H::demo();
    h.login_demo("zhang");
    h.ctrl('g');
    assert_eq!(h.app.screen, Screen::Stats);
    let today = h.app.today();
    let want = h
        .store
        .stats_source()
        .unwrap()
        .table(By::Product, Period::default(), today);
    let screen = h.render(110, 34);
    let head = format!(
        "按产品（标准）统计 · 期间：全部 · 样品 {} · 已检 {} · 不合格 {}",
        want.total.samples, want.total.tested, want.total.failed
    );
    assert!(screen.contains(&head), "{screen}");
    // Rows in the table's order, each with its figures; the failing item named.
    for r in &want.rows {
        let line = screen
            .lines()
            .find(|l| l.contains(&r.group))
            .unwrap_or_else(|| panic!("{} not shown: {screen}", r.group));
        assert!(line.contains(&format!(" {}  ", r.tested)), "{line}");
    }
    assert!(screen.contains("铅（以 Pb 计）×1"), "{screen}");
    assert!(screen.contains("不合格批次（前 2 组）"), "{screen}");
    insta::assert_snapshot!("stats_by_product", screen);

    // By month: the pass rate over time and the samples' sparkline.
    while h.app.stats.by() != By::Month {
        h.key(KeyCode::Right);
    }
    let screen = h.render(110, 34);
    assert!(
        screen.contains("按月份统计") && screen.contains("合格率 %（按时间）"),
        "{screen}"
    );
    assert!(screen.contains("2026-11"), "{screen}");
    // Beside the overall rate, one line per product with most samples, named in the legend.
    assert!(
        screen.contains("合格率 %（按产品，样品最多的 4 种）"),
        "{screen}"
    );
    let trends = &h.app.stats.trends;
    assert_eq!(trends.len(), 4);
    assert!(screen.contains(&trends[0].product), "{screen}");
    insta::assert_snapshot!("stats_by_month", screen);
    // This month holds nothing of the demo's November: said, not an empty table.
    for _ in 0..4 {
        h.key(KeyCode::Char('t'));
    }
    let screen = h.render(110, 34);
    assert!(
        screen.contains("期间：本月") && screen.contains("此期间没有样品"),
        "{screen}"
    );
    h.key(KeyCode::Char('t'));
    assert!(h.render(110, 34).contains("期间：全部"));

    // Enter lists the month's orders; Enter on one opens it; Esc comes back to the table.
    h.key(KeyCode::Enter);
    let screen = h.render(110, 34);
    assert!(
        screen.contains(&format!("2026-11：{} 份委托单", want.total.samples)),
        "{screen}"
    );
    assert_eq!(h.app.stats.orders.rows.len() as u32, want.total.samples);
    h.key(KeyCode::Esc);
    assert!(h.app.stats.drill.is_none());
    assert_eq!(h.app.screen, Screen::Stats);

    // Export: CSV with a BOM and a workbook, beside the certificates.
    h.key(KeyCode::Char('x'));
    let csv = h.out.join(format!("统计-month-{today}.csv"));
    let xlsx = h.out.join(format!("统计-month-{today}.xlsx"));
    assert_eq!(
        h.status(),
        format!("已导出 {} 和 {}", csv.display(), xlsx.display())
    );
    assert!(std::fs::read(&csv)
        .unwrap()
        .starts_with("\u{feff}分组".as_bytes()));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn a_manager_sees_the_warnings_in_the_queue_and_acknowledges_one_with_a_note() {
    let mut h = H::demo();
    // A clerk has no warnings tab, and the key says why.
    h.login_demo("chen");
    assert!(!h.screen().contains("预警"));
    h.key(KeyCode::Char('a'));
    assert_eq!(h.status(), "确认预警需要“管理员”或“授权签字人”角色");

    h.login_demo("zhang");
    while h.app.queue.tabs.get(h.app.queue.tab).map(|t| t.0)
        != Some(unilab::tui::screens::queue::Task::Warnings)
    {
        h.key(KeyCode::Right);
    }
    let screen = h.render(110, 24);
    let row = screen
        .lines()
        .find(|l| l.contains("地区合格率偏低"))
        .unwrap_or("");
    assert!(
        row.contains("福建省福州市") && row.contains("待确认"),
        "{screen}"
    );
    // Enter shows it whole with the orders behind it.
    h.key(KeyCode::Enter);
    let shown = h.render(110, 24);
    assert!(
        shown.contains("依据的委托单：WT2026-000002、WT2026-000001"),
        "{shown}"
    );
    h.key(KeyCode::Enter);
    // a asks for a note; an empty one is not accepted; then it is recorded and audited.
    h.key(KeyCode::Char('a'));
    h.key(KeyCode::Enter);
    assert!(matches!(
        h.app.popup,
        Some(unilab::tui::screens::popup::Popup::Prompt(_))
    ));
    h.typ("已通报，下季度加抽");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", h.status());
    assert_eq!(h.status(), "预警已确认");
    let row = h
        .render(110, 24)
        .lines()
        .find(|l| l.contains("地区合格率偏低"))
        .unwrap_or("")
        .to_string();
    assert!(row.contains("zhang 已确认"), "{row}");
    let w = h.store.warnings(h.app.today()).unwrap();
    let ack = w[0].acknowledged.as_ref().expect("acknowledged");
    assert_eq!(
        (ack.by.as_str(), ack.note.as_str()),
        ("zhang", "已通报，下季度加抽")
    );
}

/// The sheet names of an XLSX workbook, read from its `xl/workbook.xml`.
fn sheet_names(xlsx: &std::path::Path) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<sheet name=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(String::from)
        .collect()
}

#[test]
fn a_bar_of_the_chart_opens_its_orders_and_the_period_prints_and_exports_whole() {
    let mut h = H::demo();
    h.login_demo("zhang");
    h.ctrl('g');
    let today = h.app.today();
    let want = h
        .store
        .stats_source()
        .unwrap()
        .table(By::Product, Period::default(), today);
    let failing: Vec<_> = want.rows.iter().filter(|r| r.failed > 0).collect();
    assert!(failing.len() >= 2, "the demo has failures in two products");

    // c puts the cursor on the first bar; → the second; its name is in the chart's title.
    h.key(KeyCode::Char('c'));
    assert!(h
        .render(110, 34)
        .contains("图表：←→ 选择柱  Enter 查看其委托单  Esc 返回表格"));
    h.key(KeyCode::Right);
    let second = failing[1];
    let screen = h.render(110, 34);
    assert!(
        screen.contains(&format!("已选：{}（{}）", second.label, second.failed)),
        "{screen}"
    );
    // → past the last bar stays on it; Enter lists the bar's orders, not the table row's.
    for _ in 0..5 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Left);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.stats.bar, None);
    let r = h.app.stats.drill.expect("the bar's orders are listed");
    assert_eq!(want.rows[r].group, failing[failing.len() - 2].group);
    assert_eq!(
        h.app.stats.orders.rows.len(),
        failing[failing.len() - 2].orders.len()
    );
    let screen = h.render(110, 34);
    assert!(
        screen.contains(&format!(
            "{}：{} 份委托单",
            failing[failing.len() - 2].label,
            failing[failing.len() - 2].orders.len()
        )),
        "{screen}"
    );
    h.key(KeyCode::Esc);
    // Esc from the chart gives the keys back to the table: → changes the grouping again.
    h.key(KeyCode::Char('c'));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Right);
    assert_eq!(h.app.stats.by(), By::Item);

    // X: one workbook, a sheet for every grouping.
    h.key(KeyCode::Char('X'));
    let xlsx = h.out.join(format!("统计-全部-{today}.xlsx"));
    assert_eq!(
        h.status(),
        format!("已导出 {}（12 张工作表）", xlsx.display())
    );
    let names = sheet_names(&xlsx);
    assert_eq!(names.len(), 12, "{names:?}");
    assert_eq!(names[0], "按产品（标准）");
    assert_eq!(names[11], "按站点");
    assert!(names.contains(&"按季度".to_string()), "{names:?}");

    // p: the grouping shown as a signed PDF report.
    h.key(KeyCode::Char('p'));
    let pdf = h.out.join(format!("统计-item-{today}.pdf"));
    assert_eq!(h.status(), format!("已签名并写出 {}", pdf.display()));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.windows(10).any(|w| w == b"/ByteRange"));
}

#[test]
fn a_period_without_failures_has_no_bars_to_choose_and_says_so() {
    let mut h = H::demo();
    h.login_demo("zhang");
    h.ctrl('g');
    // This month holds none of the demo's November samples.
    for _ in 0..4 {
        h.key(KeyCode::Char('t'));
    }
    assert!(h.render(110, 34).contains("期间：本月"));
    h.key(KeyCode::Char('c'));
    assert_eq!(h.app.stats.bar, None);
    assert_eq!(h.status(), "图表中没有柱（此分组没有不合格）");
    // The table keeps the keys: → still changes the grouping.
    h.key(KeyCode::Right);
    assert_eq!(h.app.stats.by(), By::Item);
}

#[test]
fn the_warnings_are_worked_out_again_only_at_the_queue_after_the_records_changed() {
    use unilab::tui::Effect;
    let mut h = H::demo();
    h.login_demo("zhang");
    let first = h.app.data.warnings_read.expect("worked out at login");
    assert_eq!(first.0, h.app.data.stamp);
    assert!(!h.app.data.warnings.is_empty());

    // Another terminal writes while the manager reads the order list: the list is read
    // again, the warnings are not.
    h.key(KeyCode::F(3));
    assert_eq!(h.app.screen, Screen::Orders);
    let admin = h.store.user("admin").unwrap();
    h.store
        .acknowledge_warning(
            &admin,
            &h.app.data.warnings[0].warning.id,
            "已处理",
            h.app.now,
        )
        .unwrap();
    h.run(vec![Effect::Reload { external: true }]);
    assert!(h.app.data.stamp > first.0);
    assert_eq!(h.app.data.warnings_read, Some(first));
    assert!(h.app.data.warnings[0].acknowledged.is_none());

    // Back at the queue they are, and show the other manager's acknowledgement.
    h.key(KeyCode::F(2));
    assert_eq!(h.app.screen, Screen::Queue);
    assert_eq!(
        h.app.data.warnings_read,
        Some((h.app.data.stamp, h.app.today()))
    );
    let ack = h.app.data.warnings[0]
        .acknowledged
        .as_ref()
        .expect("re-read");
    assert_eq!(ack.by, "admin");
}

#[test]
fn coming_back_to_the_statistics_shows_what_was_registered_meanwhile() {
    let mut h = H::full();
    h.login_as("clerk");
    h.ctrl('g');
    let samples = |h: &H| h.app.stats.table.as_ref().map(|t| t.total.samples);
    let before = samples(&h).expect("read on opening");
    h.key(KeyCode::F(2));
    let clerk = h.user("clerk");
    h.store
        .register_order(&clerk, &h.catalog, &rebar(&["ReL"]), t0())
        .unwrap();
    h.ctrl('g');
    assert_eq!(samples(&h), Some(before + 1));
    let screen = h.render(110, 34);
    assert!(screen.contains(&format!("样品 {}", before + 1)), "{screen}");
}
