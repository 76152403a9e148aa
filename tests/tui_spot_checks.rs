//! The spot-check desk in the terminal (issue 13), on the demo lab's running rice campaign: the
//! work queue's running deadlines with days left, the task list and page with the draw, a
//! failed spot check's page with its notice, objection, reserve release and re-test keys, and
//! the enterprise page's spot-check history — as the desk's clerk and signatory would use them.

mod tui_harness;

use crossterm::event::KeyCode;
use tui_harness::*;
use unilab::tui::screens::popup::Popup;
use unilab::tui::Screen;

fn status(h: &H) -> String {
    h.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Move the work queue to its spot-check deadlines tab.
fn deadlines_tab(h: &mut H) -> String {
    h.key(KeyCode::F(2));
    for _ in 0..10 {
        if h.screen().contains("› 抽查期限") || tab_is_deadlines(h) {
            break;
        }
        h.key(KeyCode::Right);
    }
    assert!(tab_is_deadlines(h), "{}", h.screen());
    h.screen()
}

fn tab_is_deadlines(h: &H) -> bool {
    h.app
        .queue
        .tabs
        .get(h.app.queue.tab)
        .is_some_and(|t| t.0 == unilab::tui::screens::queue::Task::Deadlines)
}

/// The failed rice sample of the demo's campaign (the one that went the whole way).
fn failed_rice(h: &H) -> String {
    h.store
        .order_summaries()
        .unwrap()
        .into_iter()
        .filter(|s| s.inspection_type == unilab::inspection::InspectionType::Supervision)
        .map(|s| h.store.order(&s.number).unwrap())
        .find(|o| !o.after_failure.notices.is_empty())
        .expect("the demo has a notified spot check")
        .number
}

/// Fill the open form's text field `i` (cleared first) with `text`.
fn fill(h: &mut H, i: usize, text: &str) {
    if let Some(Popup::Prompt(p)) = &mut h.app.popup {
        p.focus = i;
        if let Some(unilab::tui::screens::popup::Field::Text { input, .. }) = p.fields.get_mut(i) {
            input.clear();
        }
    }
    h.typ(text);
}

#[test]
fn the_desk_follows_a_failure_from_objection_to_the_final_re_test() {
    let mut h = H::demo();
    h.login_demo("chen");
    let n = failed_rice(&h);
    // The objection was recorded: the reserve sample waits to be released, no day set.
    let queue = deadlines_tab(&mut h);
    let row = queue.lines().find(|l| l.contains(&n)).unwrap_or("");
    assert!(row.contains("待移交备样"), "{queue}");
    assert!(row.contains("福州金穗粮油有限公司"), "{queue}");
    insta::assert_snapshot!("queue_spot_deadlines", h.render(110, 24));

    // Enter opens the order; its page shows the task, the sampling record and the way so far.
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Detail);
    h.key(KeyCode::End);
    let page = h.render(120, 60);
    assert!(
        page.contains("任务：2026 年第四季度大米产品质量监督抽查"),
        "{page}"
    );
    assert!(page.contains("抽样人 "), "{page}");
    assert!(page.contains("通知书 TZ2026-0001"), "{page}");
    assert!(
        page.contains("异议：") && page.contains("申请复检"),
        "{page}"
    );
    // The sampling form prints beside the certificates, signed, and records nothing.
    let audit_before = h.store.audit_log(None).unwrap().len();
    h.key(KeyCode::Char('P'));
    let form = h.out.join(format!("{n}-sampling.pdf"));
    assert_eq!(status(&h), format!("已签名并写入 {}", form.display()));
    let pdf = std::fs::read(&form).expect("sampling form written");
    assert!(pdf.starts_with(b"%PDF-") && pdf.windows(10).any(|w| w == b"/ByteRange"));
    assert_eq!(h.store.audit_log(None).unwrap().len(), audit_before);
    // The notice may not be issued by a clerk; the objection is already recorded.
    h.key(KeyCode::Char('n'));
    assert_eq!(status(&h), "签发通知书需要“授权签字人”角色");
    h.key(KeyCode::Char('O'));
    assert_eq!(status(&h), "已记录异议");
    assert!(h.app.popup.is_none());
    // Nothing to conclude before the reserve has gone.
    h.key(KeyCode::Char('T'));
    assert_eq!(status(&h), "备样尚未移交，没有复检结论可记");

    // Release the reserve: the institution is required, and this lab is refused by the store.
    h.key(KeyCode::Char('L'));
    h.key(KeyCode::Enter);
    let form = h.screen();
    assert!(form.contains("复检机构（非本实验室）"), "{form}");
    assert!(
        matches!(h.app.popup, Some(Popup::Prompt(_))),
        "the form stays open"
    );
    fill(&mut h, 0, "闽江产品质量检验研究院（演示）");
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.popup, Some(Popup::Prompt(_))),
        "{}",
        status(&h)
    );
    assert!(status(&h).contains("本实验室"), "{}", status(&h));
    fill(&mut h, 0, "福建省粮油质量监测所");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", status(&h));
    assert_eq!(status(&h), format!("{n} 的备样已移交 福建省粮油质量监测所"));
    let o = h.store.order(&n).unwrap();
    let r = o.after_failure.release.expect("release recorded");
    assert!(r.seal_intact);
    assert_eq!(r.to, "福建省粮油质量监测所");
    // Food: the re-test institution reports within 10 working days of receiving it.
    let queue = deadlines_tab(&mut h);
    let row = queue.lines().find(|l| l.contains(&n)).unwrap_or("");
    assert!(row.contains("待复检结论"), "{queue}");
    assert!(
        row.contains("2026-12-16") && row.contains("剩 14 天"),
        "{queue}"
    );

    // The conclusion: confirmed, and final.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('T'));
    h.key(KeyCode::Enter);
    assert!(
        h.screen().contains("不能为空") || h.screen().contains("必填"),
        "{}",
        h.screen()
    );
    fill(&mut h, 1, "FJLY2026-0456");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", status(&h));
    assert_eq!(status(&h), format!("{n} 的复检结论已记录：维持不合格"));
    h.key(KeyCode::End);
    let page = h.render(120, 60);
    assert!(
        page.contains("复检结论：2026-12-02 福建省粮油质量监测所 报告 FJLY2026-0456，维持不合格"),
        "{page}"
    );
    // Nothing runs on for it any more.
    let queue = deadlines_tab(&mut h);
    assert!(!queue.contains(&n), "{queue}");
}

#[test]
fn a_signatory_issues_the_result_notice_from_the_order_page() {
    let mut h = H::demo();
    h.login_demo("li");
    let n = failed_rice(&h);
    let e = h.app.open_order(&n);
    h.run(e);
    h.key(KeyCode::Char('n'));
    let form = h.screen();
    assert!(form.contains("签发检验结果通知书"), "{form}");
    assert!(form.contains(&format!("{n}-notice.pdf")), "{form}");
    // A delivery date after today is the store's refusal, said in the form.
    fill(&mut h, 0, "2026-12-09");
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.popup, Some(Popup::Prompt(_))));
    assert!(
        status(&h).contains("在今天（2026-12-02）之后"),
        "{}",
        status(&h)
    );
    fill(&mut h, 0, "2026-12-01");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", status(&h));
    // Food: 7 working days from the day after delivery (Tue 1 Dec → Wed 10 Dec).
    assert!(
        status(&h).contains("异议期限至 2026-12-10"),
        "{}",
        status(&h)
    );
    let pdf = std::fs::read(h.out.join(format!("{n}-notice.pdf"))).expect("notice written");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(h.store.order(&n).unwrap().after_failure.notices.len(), 2);

    // On a commissioned order the key says why not.
    let commissioned = h
        .store
        .order_summaries()
        .unwrap()
        .into_iter()
        .find(|s| s.inspection_type != unilab::inspection::InspectionType::Supervision)
        .unwrap()
        .number;
    let e = h.app.open_order(&commissioned);
    h.run(e);
    h.key(KeyCode::Char('n'));
    assert_eq!(status(&h), "只有监督抽查的不合格报告才发检验结果通知书");
    assert!(h.app.popup.is_none());
    h.key(KeyCode::Char('P'));
    assert_eq!(status(&h), "只有监督抽查委托单有抽样单");
}

#[test]
fn the_task_screens_show_progress_and_record_tasks_and_draws() {
    let mut h = H::demo();
    h.login_demo("chen");
    h.ctrl('o');
    assert_eq!(h.app.screen, Screen::Tasks);
    let list = h.render(110, 24);
    let row = list
        .lines()
        .find(|l| l.contains("CC2026-0001"))
        .unwrap_or("");
    // 6 planned, 2 sampled, 1 tested, 1 failed: 0.0 %.
    for cell in ["6", "2", "1", "0.0 %", "GB 2762-2022"] {
        assert!(row.contains(cell), "{cell} in {list}");
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Task);
    insta::assert_snapshot!("task_page", h.render(110, 24));
    let page = h.screen();
    assert!(
        page.contains("计划 6 批，已抽 2，已检 1，合格 0，不合格 1，合格率 0.0 %"),
        "{page}"
    );
    assert!(page.contains("不合格项目：Pb 铅（以 Pb 计） ×1"), "{page}");
    assert_eq!(h.app.tasks.orders.rows.len(), 2, "{page}");
    // The summary for the authority, signed, beside the certificates.
    h.key(KeyCode::Char('p'));
    let summary = h.out.join("CC2026-0001-summary.pdf");
    assert_eq!(status(&h), format!("已签名并写入 {}", summary.display()));
    assert!(std::fs::read(&summary)
        .expect("summary written")
        .starts_with(b"%PDF-"));

    // A draw from the page: the seed goes with it into the task and the audit trail.
    let before = h.store.task("CC2026-0001").unwrap().draws.len();
    h.key(KeyCode::Char('w'));
    fill(&mut h, 0, "2");
    fill(&mut h, 1, "77");
    h.key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("任务 CC2026-0001 以种子 77 抽取"), "{shown}");
    let task = h.store.task("CC2026-0001").unwrap();
    assert_eq!(task.draws.len(), before + 1);
    let d = task.draws.last().unwrap();
    assert_eq!(d.seed, 77);
    for code in &d.chosen {
        assert!(shown.contains(code.as_str()), "{code} in {shown}");
    }
    h.key(KeyCode::Enter);

    // A new task: a count that is not a number is said in the form and nothing typed is lost.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('n'));
    for (i, v) in [
        (0, "2026 年复合肥料产品质量监督抽查"),
        (1, "福建省市场监督管理局"),
        (2, "GB/T 15063-2020"),
        (3, "高浓度"),
        (4, "十"),
    ] {
        fill(&mut h, i, v);
    }
    h.key(KeyCode::Enter);
    let form = h.screen();
    assert!(form.contains("“十”不是正整数"), "{form}");
    assert!(form.contains("福建省市场监督管理局"), "{form}");
    fill(&mut h, 4, "10");
    h.key(KeyCode::Enter);
    assert!(h.app.popup.is_none(), "{}", status(&h));
    assert_eq!(status(&h), "抽查任务 CC2026-0002 已登记");
    assert!(h.screen().contains("2026 年复合肥料产品质量监督抽查"));

    // A technician may look but not record.
    h.login_demo("lin");
    h.ctrl('o');
    h.key(KeyCode::Char('n'));
    assert_eq!(status(&h), "抽查任务由收样员或管理员登记与抽取");
    assert!(h.app.popup.is_none());
}

#[test]
fn the_enterprise_page_carries_its_spot_check_history() {
    let mut h = H::demo();
    h.login_demo("chen");
    h.key(KeyCode::F(6));
    h.key(KeyCode::Char('/'));
    h.typ("金穗");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(h.app.screen, Screen::Enterprise);
    let page = h.render(110, 24);
    assert!(page.contains("抽查记录：2 次，不合格 1 次"), "{page}");
    // The failed row, over the two lines it may take.
    let joined: String = page.lines().map(str::trim).collect();
    let failed = &joined[joined.find("WT2026-000012 不合格").expect("the failed row")..];
    assert!(failed.starts_with("WT2026-000012 不合格：Pb 铅"), "{page}");
    assert!(
        failed.contains("2026-11-16 送达通知书，2026-11-18 提出异议"),
        "{page}"
    );
    insta::assert_snapshot!("enterprise_spot_history", page);
}
