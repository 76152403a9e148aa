//! The task report as a signed PDF summary: its figures are the JSON report's, it names the
//! failing items with their counts (in a table and a vector bar chart) and the failing
//! enterprises with their order numbers, states how the pass rate is rounded, and is signed.

#[path = "cert_common/mod.rs"]
mod cert_common;
mod common;

use common::campaign::*;
use common::*;
use unilab::certificate::issue::keys_dir;
use unilab::certificate::issue::template_root;
use unilab::certificate::task_summary::{
    render_task_summary, write_task_summary_to_file, FailingRow, TaskSummary,
};
use unilab::certificate::{verify_pdf, LabKey, Renderer, Template};

fn page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf parses the PDF");
    let n = doc.get_pages().len() as u32;
    (1..=n)
        .map(|p| doc.extract_text(&[p]).expect("extract text"))
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_summary_carries_the_reports_figures_failures_and_a_signature() {
    let c = campaign();
    let key = LabKey::generate_self_signed("福建省测试检验研究院", t0()).expect("key");
    key.save(&keys_dir(c.lab.dir.path())).expect("save key");
    let audit_before = c.lab.store.audit_log(None).expect("audit").len();
    let out = c.lab.dir.path().join("summary.pdf");
    write_task_summary_to_file(&c.lab.store, &c.task, &out, t0()).expect("printed");
    assert_eq!(
        c.lab.store.audit_log(None).expect("audit").len(),
        audit_before,
        "printing records nothing"
    );
    let bytes = std::fs::read(&out).expect("written");
    cert_common::scratch("task-summary.pdf", &bytes);
    let pages = page_texts(&bytes);
    let all = squash(&pages.concat());

    // The figures are what `task report --json` prints.
    let json =
        serde_json::to_value(c.lab.store.task_report(&c.task).expect("report")).expect("json");
    let figure = |k: &str| json[k].as_u64().expect("a count");
    let figures = ["planned", "sampled", "tested", "passed", "failed"].map(figure);
    assert_eq!(figures, [8, 7, 6, 4, 2]);
    let rate = json["pass_rate_percent"].as_str().expect("tested");
    let row: String = figures.iter().map(u64::to_string).collect::<String>() + rate + "%";
    assert!(all.contains(&row), "figures {row} missing: {all}");
    assert!(
        all.contains("计划批次已抽样批次已检验批次合格批次不合格批次合格率"),
        "{all}"
    );
    // 4 / 6 exactly, shown once rounded as the other exports state it.
    assert_eq!(
        json["pass_rate"].as_str(),
        Some("0.6666666666666666666666666667")
    );
    assert!(all.contains(&squash(unilab::supervision::report::PASS_RATE_ROUNDING_ZH)));

    // The task.
    for want in [
        format!("任务编号：{}", c.task),
        "2026年第一季度热轧带肋钢筋产品质量监督抽查".into(),
        "组织抽查部门福建省市场监督管理局".into(),
        "依据标准GB1499.2-2024HRB400E（d14-20）".into(),
    ] {
        assert!(all.contains(&squash(&want)), "{want} missing: {all}");
    }
    // Failing items with their counts, in the table and as the chart's labels.
    assert!(all.contains("1ReL下屈服强度2"), "{all}");
    assert!(all.contains("2W重量偏差1"), "{all}");
    assert!(all.contains("不合格项目分布"), "{all}");
    // Failing enterprises with their orders and items.
    for (i, unit, items) in [
        (4, "福州钢铁有限公司", "ReL下屈服强度"),
        (5, "北京建材集团有限公司", "ReL下屈服强度；W重量偏差"),
    ] {
        let n = &c.orders[i].number;
        assert!(all.contains(unit) && all.contains(n.as_str()), "{n}: {all}");
        assert!(all.contains(items), "{items}: {all}");
    }
    assert!(all.contains(CLIENT) && all.contains(PRODUCER), "{all}");
    assert!(all.contains("签发时间：2026-03-0209:00UTC"), "{all}");

    // The chart is vector graphics: no image in the file.
    let doc = lopdf::Document::load_mem(&bytes).expect("parse");
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .count();
    assert_eq!(images, 0, "the bar chart must not be a raster image");

    let v = verify_pdf(&bytes);
    assert!(v.signature_valid, "{:?}", v.failures);
    assert!(v.byte_range_covers_whole_file, "{:?}", v.failures);
    let mut bad = bytes.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x01;
    assert!(
        !verify_pdf(&bad).signature_valid,
        "a flipped byte went unnoticed"
    );
}

#[test]
fn a_task_with_nothing_tested_says_so_and_an_unknown_task_is_refused() {
    let l = lab();
    LabKey::generate_self_signed("福建省测试检验研究院", t0())
        .expect("key")
        .save(&keys_dir(l.dir.path()))
        .expect("save key");
    let t = task(&l, 3);
    spot_check(&l, &t, CLIENT, None, None);
    let out = l.dir.path().join("empty.pdf");
    let s = write_task_summary_to_file(&l.store, &t, &out, t0()).expect("printed");
    assert!(s.failing_items.is_empty());
    let all = squash(&page_texts(&std::fs::read(&out).expect("written")).concat());
    // planned 3, sampled 1, tested 0, passed 0, failed 0, no pass rate yet.
    assert!(all.contains("31000/"), "{all}");
    assert!(
        !all.contains("不合格项目分布"),
        "no chart without failures: {all}"
    );
    assert!(all.contains("无"), "{all}");
    let err =
        write_task_summary_to_file(&l.store, "CC2026-9999", &out, t0()).expect_err("unknown task");
    assert!(format!("{err:#}").contains("CC2026-9999"));
}

#[test]
fn a_long_summary_pages_with_its_headers_and_the_chart_keeps_to_one_page() {
    let dir = tempfile::tempdir().expect("dir");
    let template = Template::load(&template_root(dir.path()).join("default")).expect("template");
    let renderer = Renderer::new(template).expect("renderer");
    let key = LabKey::generate_self_signed("福建省测试检验研究院", t0()).expect("key");
    let items: Vec<(String, String, u32)> = (0..40)
        .map(|i| {
            (
                format!("X{i:02}"),
                format!("第 {i} 个检验项目的名称"),
                40 - i,
            )
        })
        .collect();
    let firms: Vec<FailingRow> = (0..30)
        .map(|i| FailingRow {
            sampled_unit: format!("福建省某某钢铁制品有限责任公司第 {i} 分公司"),
            credit_code: CLIENT.into(),
            producer: "/".into(),
            order: format!("WT2026-{i:06}"),
            report: "/".into(),
            items: "ReL 下屈服强度；Rm 抗拉强度；Agt 最大力总延伸率".into(),
        })
        .collect();
    let s = TaskSummary {
        task: "CC2026-0042".into(),
        facts: vec![("任务名称", "长任务".into())],
        figures: vec![("计划批次", "100".into()), ("合格率", "25.0 %".into())],
        rounding: unilab::supervision::report::PASS_RATE_ROUNDING_ZH.into(),
        failing_items: items,
        failing_enterprises: firms,
        lab_name: "福建省测试检验研究院".into(),
        printed: t0(),
        training: false,
    };
    let bytes = render_task_summary(&renderer, &s, &key, t0()).expect("rendered");
    cert_common::scratch("task-summary-long.pdf", &bytes);
    let pages = page_texts(&bytes);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let all = squash(&pages.concat());
    for (i, p) in pages.iter().enumerate() {
        let p = squash(p);
        assert!(p.contains("任务编号：CC2026-0042"), "page {}", i + 1);
        assert!(
            p.contains(&format!("第{}页共{}页", i + 1, pages.len())),
            "page {}",
            i + 1
        );
    }
    // Every item in the table; the chart shows the most frequent that fit and says so.
    for i in 0..40 {
        assert!(
            all.contains(&format!("X{i:02}第{i}个检验项目的名称")),
            "X{i:02}"
        );
    }
    assert!(all.contains("不合格项目分布（不合格批次，前"), "{all}");
    // Every enterprise, the table's header repeated on the page it runs onto.
    for i in 0..30 {
        assert!(all.contains(&format!("WT2026-{i:06}")), "firm {i}");
    }
    let headers = pages
        .iter()
        .filter(|p| squash(p).contains("受检单位（统一社会信用代码）"))
        .count();
    assert!(
        headers >= 2,
        "the enterprises' header is on {headers} page(s)"
    );
}
