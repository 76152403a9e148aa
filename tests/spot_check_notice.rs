//! A failed spot check as the supervision desk sees it on paper: the certificate carries the
//! sampling block and the objection clause naming the organising authority (15 days; food 7
//! working days), the commissioned certificate keeps its own, and the signed result notice
//! names the addressees, the failed items and the objection deadline counted from delivery.

#[path = "cert_common/mod.rs"]
mod cert_common;
mod cli_common;
mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::*;
use unilab::certificate::from_order::supervision_info;
use unilab::certificate::issue::{issue_for_order, keys_dir};
use unilab::certificate::notice::issue_notice_to_file;
use unilab::certificate::{content_from_order, verify_pdf, LabKey};
use unilab::model::objection::Delivery;
use unilab::store::NoticeInput;

const PRODUCT_CLAUSE: &str = "对检验结果有异议的，可自收到检验结果之日起十五日内向福建省市场监督管理局或者其上级市场监督管理部门申请复检";

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

fn text_of(bytes: &[u8]) -> String {
    squash(&page_texts(bytes).concat())
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn save_key(l: &Lab1) {
    let key = LabKey::generate_self_signed("福建省测试检验研究院", t0()).expect("key");
    key.save(&keys_dir(l.dir.path())).expect("save key");
}

/// Register `new` (a spot check when `spot`), receive it, enter `values`, check, submit,
/// review, approve and issue its certificate with the lab's template and key. Returns the
/// order number and the certificate's bytes.
fn issued(
    l: &Lab1,
    new: &unilab::store::NewOrder,
    spot: bool,
    values: &[(&str, [&str; 2])],
) -> (String, Vec<u8>) {
    let o = if spot {
        register_spot_check(l, new)
    } else {
        l.store
            .register_order(&l.clerk, &l.catalog, new, t0())
            .expect("registered")
    };
    let n = o.number.clone();
    l.store.receive(&l.clerk, &n, None, t0()).expect("received");
    for (item, v) in values {
        let v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        l.store
            .enter_at_bench(&l.tech, &n, item, &v, None, None, t0())
            .expect("entered");
    }
    // A spot check tests the task's whole scheme: every other item passes.
    for item in &o.items {
        if item.formula.is_some() || values.iter().any(|(c, _)| *c == item.code) {
            continue;
        }
        let v: &[&str] = match item.code.as_str() {
            "A" => &["20", "21"],
            "bend" | "rebend" => &["无裂纹", "无裂纹"],
            "W" => &["-1.0"],
            "C" => &["0.22"],
            "Si" => &["0.50"],
            "Mn" => &["1.20"],
            "P" | "S" => &["0.030"],
            "Cr" => &["0.05"],
            "V" => &["0.030"],
            "Mo" => &["0.010"],
            "Cu" => &["0.05"],
            "Ni" => &["0.03"],
            "N" => &["0.008"],
            other => panic!("no passing value for {other}"),
        };
        let v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        let mut bench = bench_at(t0());
        if item.method.contains("4336") {
            // Chemistry by spark OES.
            bench.instruments = vec!["SB-003".into()];
        }
        if let Err(e) =
            l.store
                .enter_result_with(&l.tech, &n, &item.code, &v, None, &bench, None, None, t0())
        {
            panic!("{}: {e}", item.code);
        }
    }
    submit_checked(l, &n);
    l.store
        .review(&l.reviewer, &n, true, None, None, t0())
        .expect("reviewed");
    l.store
        .approve(&l.signatory, &n, None, t0())
        .expect("approved");
    let (_, path) = issue_for_order(
        &l.store,
        &l.signatory,
        &n,
        &l.dir.path().join("certs"),
        t0(),
    )
    .expect("issued");
    (n, std::fs::read(path).expect("certificate written"))
}

/// ReL and Agt below their minimums, Rm within it.
const FAILING: [(&str, [&str; 2]); 3] = [
    ("ReL", ["380", "385"]),
    ("Rm", ["610", "620"]),
    ("Agt", ["7.5", "8.0"]),
];

fn spot_check_spec() -> unilab::store::NewOrder {
    let mut new = rebar_order(&["ReL", "Rm", "Agt"]);
    new.inspection_type = unilab::inspection::InspectionType::Supervision;
    new
}

fn later(days: i64) -> DateTime<Utc> {
    t0() + Duration::days(days)
}

#[test]
fn a_failed_spot_checks_certificate_carries_the_sampling_block_and_the_notice_its_deadline() {
    let l = lab();
    save_key(&l);
    let (n, cert) = issued(&l, &spot_check_spec(), true, &FAILING);

    // The certificate: the sampling block and the clause naming the authority, not the lab.
    let c = text_of(&cert);
    for want in [
        "抽样信息",
        "抽查任务监督抽查（",
        "组织抽查部门福建省市场监督管理局",
        "受检单位福州钢铁有限公司（91350100M000100Y43）",
        "标称生产者北京建材集团有限公司",
        "抽样日期2026年03月01日",
        "抽样单编号CY2026-0301",
        "抽样地点福州市仓山区成品仓库",
        "抽样基数200t",
        "抽样数量4根×500mm",
        "备样数量4根×500mm",
        "备样存放地点本所样品室",
        "封条编号F-0123",
        "抽样人员陈抽样、林抽样",
        PRODUCT_CLAUSE,
    ] {
        assert!(c.contains(want), "certificate lacks {want}: {c}");
    }
    assert!(
        !c.contains("向本实验室书面提出"),
        "a spot check's objections go to the authority, not the lab: {c}"
    );

    // The notice, delivered by post two days after issue.
    let out = l.dir.path().join("notice").join("tz.pdf");
    let input = NoticeInput {
        delivered: day("2026-03-04"),
        delivery: Delivery::Post,
    };
    let (notice, doc) =
        issue_notice_to_file(&l.store, &l.signatory, &n, &input, &out, later(3)).expect("notice");
    let bytes = std::fs::read(&out).expect("notice written");
    cert_common::scratch("spot-check-notice.pdf", &bytes);
    cert_common::scratch("spot-check-certificate.pdf", &cert);
    // 15 days from the day after delivery: 19 March 2026, a Thursday.
    assert_eq!(notice.deadline, day("2026-03-19"));
    let order = l.store.order(&n).expect("order");
    let recorded = &order.after_failure.notices[0];
    assert_eq!(
        recorded.sha256,
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes))
    );
    let v = verify_pdf(&bytes);
    assert!(v.signature_valid, "{:?}", v.failures);

    let t = text_of(&bytes);
    let report = &order.reports[0];
    for want in [
        "检验结果通知书".to_string(),
        format!("编号：{}", notice.number),
        "受检单位：福州钢铁有限公司".into(),
        "标称生产者：北京建材集团有限公司".into(),
        format!("检验报告编号{report}"),
        "热轧带肋钢筋".into(),
        "组织抽查部门福建省市场监督管理局".into(),
        // The failed items with code, name, requirement and result.
        "ReL下屈服强度".into(),
        "Agt最大力总延伸率".into(),
        "不符合".into(),
        "GB1499.2-2024".into(),
        // Delivery and the deadline with how it was counted.
        "送达日期2026年03月04日".into(),
        "送达方式邮寄".into(),
        "期限届满2026年03月19日".into(),
        "即2026年03月19日（含当日）前，向福建省市场监督管理局".into(),
        "共15日；期限的最后一日为法定节假日或休息日的，顺延".into(),
        "检验结论".into(),
    ] {
        assert!(t.contains(&want), "notice lacks {want}: {t}");
    }
    let codes: Vec<&str> = doc.failed.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["ReL", "Agt"], "only the failed items, in order");
    assert!(
        !t.contains("抗拉强度"),
        "a passed item is not on the notice: {t}"
    );
    for f in &doc.failed {
        assert!(
            t.contains(&squash(&f.requirement)),
            "{}: {t}",
            f.requirement
        );
        assert!(t.contains(&squash(&f.result)), "{}: {t}", f.result);
    }
}

#[test]
fn a_food_spot_checks_clause_says_seven_working_days_to_the_authority() {
    let l = lab();
    let mut new = rebar_order(&["Pb"]);
    new.inspection_type = unilab::inspection::InspectionType::Supervision;
    new.sample.name = "大米".into();
    new.standard = "GB 2762-2022".into();
    new.grade = "大米".into();
    new.spec = None;
    let o = register_spot_check(&l, &new);
    let task = l
        .store
        .task(&o.sampling.as_ref().expect("sampling").task)
        .expect("task");
    let mut content = content_from_order(
        &o,
        &l.store.lab().expect("lab"),
        "BH2026-000009",
        None,
        t0().date_naive(),
    );
    content.supervision = supervision_info(&o, Some(&task));
    let renderer = cert_common::renderer();
    let pdf = renderer.render(&content, "payload").expect("rendered");
    let t = text_of(&pdf);
    assert!(
        t.contains("对检验结论有异议的，可自收到检验结论之日起七个工作日内向福建省市场监督管理局或者其上级市场监督管理部门提出复检申请"),
        "{t}"
    );
    assert!(!t.contains("十五日内"), "{t}");
}

#[test]
fn a_commissioned_certificate_has_no_sampling_block() {
    let l = lab();
    save_key(&l);
    let (_, cert) = issued(&l, &rebar_order(&["ReL", "Rm", "Agt"]), false, &FAILING);
    let c = text_of(&cert);
    for absent in [
        "抽样信息",
        "受检单位",
        "标称生产者",
        "抽样基数",
        "市场监督管理部门申请复检",
    ] {
        assert!(
            !c.contains(absent),
            "commissioned certificate shows {absent}: {c}"
        );
    }
    assert!(c.contains("生产单位北京建材集团有限公司"), "{c}");
    assert!(
        c.contains("请于收到报告之日起十五日内向本实验室书面提出"),
        "{c}"
    );
}

#[test]
fn a_notice_is_refused_for_a_commissioned_order_and_a_passed_spot_check() {
    let l = lab();
    save_key(&l);
    let input = NoticeInput {
        delivered: day("2026-03-04"),
        delivery: Delivery::Hand,
    };
    let out = l.dir.path().join("refused.pdf");
    let (commissioned, _) = issued(
        &l,
        &rebar_order(&["ReL"]),
        false,
        &[("ReL", ["380", "385"])],
    );
    let e = issue_notice_to_file(
        &l.store,
        &l.signatory,
        &commissioned,
        &input,
        &out,
        later(3),
    )
    .expect_err("not a spot check")
    .to_string();
    assert!(e.contains("不是监督抽查"), "{e}");
    let (passed, _) = issued(
        &l,
        &spot_check_spec(),
        true,
        &[
            ("ReL", ["445", "450"]),
            ("Rm", ["610", "620"]),
            ("Agt", ["11.0", "12.5"]),
        ],
    );
    let e = issue_notice_to_file(&l.store, &l.signatory, &passed, &input, &out, later(3))
        .expect_err("not failed")
        .to_string();
    assert!(e.contains("不是不合格"), "{e}");
    assert!(!out.exists(), "no PDF is written for a refused notice");
}

/// The command line on a lab whose failed spot check was issued through the store: the
/// administrator adds a holiday calendar, the signatory issues the notice, and the deadline
/// moves past the holidays the file declares.
#[test]
fn cli_lab_holidays_then_notice_issue() {
    if file_engine_only("the command line on the data folder") {
        return;
    }
    let l = lab();
    save_key(&l);
    let (n, _) = issued(&l, &spot_check_spec(), true, &FAILING);
    let (commissioned, _) = issued(
        &l,
        &rebar_order(&["ReL"]),
        false,
        &[("ReL", ["380", "385"])],
    );
    let Lab1 { dir, store, .. } = l;
    drop(store);
    let d = dir.path();

    // Delivered 4 March: 15 days end on Thu 19 March; declared holidays on 19 and 20 March
    // move it to Monday 23 March.
    let file = d.join("holidays-2026.toml");
    std::fs::write(
        &file,
        "holidays = [\"2026-03-19\", \"2026-03-20\"]\nworkdays = []\n",
    )
    .expect("holiday file");
    let path = file.to_str().expect("utf8");
    let e = cli_common::refused(cli_common::unilab(d, "clerk", &["lab", "holidays", path]));
    assert!(e.contains("管理员") || e.contains("admin"), "{e}");
    let bad = d.join("bad.toml");
    std::fs::write(&bad, "holidays = [\"2026-13-01\"]\n").expect("bad file");
    let e = cli_common::refused(cli_common::unilab(
        d,
        "admin",
        &["lab", "holidays", bad.to_str().expect("utf8")],
    ));
    assert!(e.contains("bad.toml") && e.contains("holidays = ["), "{e}");
    let out = cli_common::ok(cli_common::unilab(d, "admin", &["lab", "holidays", path]));
    assert!(out.contains("2 个节假日"), "{out}");

    let pdf = d.join("notice.pdf");
    let pdf_arg = pdf.to_str().expect("utf8");
    // Refusals: not a spot check; an unknown delivery method; not a signatory.
    let e = cli_common::refused(cli_common::unilab(
        d,
        "sig",
        &[
            "notice",
            "issue",
            &commissioned,
            "--delivered",
            "2026-03-04",
            "--out",
            pdf_arg,
        ],
    ));
    assert!(e.contains("不是监督抽查"), "{e}");
    let e = cli_common::refused(cli_common::unilab(
        d,
        "sig",
        &[
            "notice",
            "issue",
            &n,
            "--delivered",
            "2026-03-04",
            "--delivery",
            "fax",
            "--out",
            pdf_arg,
        ],
    ));
    assert!(e.contains("fax") && e.contains("electronic"), "{e}");
    let e = cli_common::refused(cli_common::unilab(
        d,
        "clerk",
        &[
            "notice",
            "issue",
            &n,
            "--delivered",
            "2026-03-04",
            "--out",
            pdf_arg,
        ],
    ));
    assert!(e.contains("签发检验结果通知书"), "{e}");
    assert!(!pdf.exists(), "nothing written while refused");

    let out = cli_common::ok(cli_common::unilab(
        d,
        "sig",
        &[
            "notice",
            "issue",
            &n,
            "--delivered",
            "2026-03-04",
            "--delivery",
            "hand",
            "--out",
            pdf_arg,
        ],
    ));
    assert!(
        out.contains("2026-03-23") && out.contains("直接送达"),
        "{out}"
    );
    assert!(cli_common::last_line(&out).starts_with("TZ2026-"), "{out}");
    let t = text_of(&std::fs::read(&pdf).expect("notice written"));
    assert!(t.contains("期限届满2026年03月23日"), "{t}");
    assert!(t.contains("送达方式直接送达"), "{t}");
}
