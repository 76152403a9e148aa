//! The raw record (原始记录) an assessor asks for, and the certificate facts that come from the
//! bench: every reading the order holds is on the signed PDF with its instrument, calibration
//! due date, conditions, test date, technician and checker; the certificate's test period is
//! the bench dates, its receipt date is never made up, and a subcontracted item names its lab.

#[path = "cert_common/mod.rs"]
mod cert_common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use unilab::catalog::Catalog;
use unilab::certificate::issue::{keys_dir, template_root};
use unilab::certificate::rawrecord::{raw_record_from_order, raw_record_to_file};
use unilab::certificate::{content_from_order, verify_pdf, LabKey, Renderer, Template};
use unilab::inspection::InspectionType;
use unilab::model::bench::{BenchInput, Conditions};
use unilab::model::custody::ReceiptInput;
use unilab::model::{
    CreditClass, Enterprise, Instrument, InstrumentStatus, Lab, Order, Role, Sample, User,
};
use unilab::store::{ArrangementInput, NewOrder, Store};

const CLIENT: &str = "91350100M000100Y43";
const SUBLAB: &str = "福建省金属材料检测中心";
const SUBLAB_CMA: &str = "CMA 221312340567";

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, minute, 0)
        .single()
        .expect("a valid time")
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).expect("a valid date")
}

struct Bench {
    dir: tempfile::TempDir,
    store: Store,
    order: Order,
}

fn instrument(id: &str, name: &str, kind: &str, model: &str, due: NaiveDate) -> Instrument {
    Instrument {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        model: model.into(),
        serial: String::new(),
        maker: String::new(),
        range: String::new(),
        resolution: String::new(),
        location: String::new(),
        status: InstrumentStatus::InUse,
        initial_due: due,
        calibrations: Vec::new(),
        checks: Vec::new(),
        revision: 0,
    }
}

/// Enter values of one item with its bench facts.
#[allow(clippy::too_many_arguments)]
fn enter(
    store: &Store,
    tech: &User,
    number: &str,
    item: &str,
    values: &[&str],
    tested_on: NaiveDate,
    instruments: &[&str],
    conditions: (&str, &str),
    reason: Option<&str>,
    now: DateTime<Utc>,
) {
    let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let bench = BenchInput {
        tested_on: Some(tested_on),
        tested_until: None,
        instruments: instruments.iter().map(|i| i.to_string()).collect(),
        conditions: Conditions {
            temperature: Some(conditions.0.parse::<Decimal>().expect("temperature")),
            humidity: Some(conditions.1.parse::<Decimal>().expect("humidity")),
        },
        deviation: None,
    };
    if let Err(e) =
        store.enter_result_with(tech, number, item, &texts, None, &bench, reason, None, now)
    {
        panic!("entering {item}: {e}");
    }
}

/// A rebar order through the store's rules: instruments registered, the technician authorised
/// per method, the sample received with its seal, tensile values on two bars (one changed
/// with a reason), a computed ratio, a subcontracted bend test, a weighed mass deviation, and
/// a second technician's check.
fn bench() -> Bench {
    let dir = tempfile::tempdir().expect("temp dir");
    let t0 = at(2, 9, 0);
    let store = Store::create(
        &dir.path().join("unilab.redb"),
        Lab::new("福建省测试检验研究院"),
        "admin",
        "管理员",
        "adminpass",
        t0,
    )
    .expect("store");
    let admin = store.authenticate("admin", "adminpass", t0).expect("admin");
    let add = |login: &str, name: &str, roles: &[Role], fields: &[&str]| -> User {
        let fields: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
        store
            .add_user(&admin, login, name, roles, &fields, "secret1", t0)
            .expect("user")
    };
    let clerk = add("clerk", "陈收样", &[Role::Clerk], &[]);
    let tech = add("tech", "林检验", &[Role::Technician], &[]);
    let checker = add("tech2", "黄校核", &[Role::Technician], &[]);
    let sig = add("sig", "张批准", &[Role::Signatory], &["建筑材料"]);
    store
        .add_enterprise(
            &clerk,
            Enterprise {
                credit_code: CLIENT.into(),
                name: "福州钢铁有限公司".into(),
                address: "福建省福州市鼓楼区".into(),
                contact: "0591-00000000".into(),
                credit_class: CreditClass::B,
                blacklist: None,
                revision: 0,
                quality: Default::default(),
            },
            t0,
        )
        .expect("enterprise");
    for i in [
        instrument(
            "SB-101",
            "微机控制电液伺服万能试验机",
            "万能材料试验机",
            "WAW-600B",
            d(12, 15),
        ),
        instrument("SB-102", "电子天平", "电子天平", "JA5003", d(11, 30)),
    ] {
        store.add_instrument(&admin, i, t0).expect("instrument");
    }
    let mut tech = tech;
    for m in ["GB/T 28900-2022", "GB 1499.2-2024（重量偏差测量）"] {
        tech = store
            .authorise_method(&admin, &tech.login, m, true, "培训考核 PX-2026-07", t0)
            .expect("authorise");
    }
    let catalog = Catalog::load(&[]).expect("catalog");
    let order = store
        .register_order(
            &clerk,
            &catalog,
            &NewOrder {
                inspection_type: InspectionType::Commissioned,
                client: CLIENT.into(),
                producer: None,
                sample: Sample {
                    name: "热轧带肋钢筋".into(),
                    trademark: "闽钢".into(),
                    model_spec: "HRB400E Φ16".into(),
                    batch: "L2026-0301".into(),
                    quantity: "4 根×500 mm".into(),
                    condition: "完好，无锈蚀".into(),
                    sample_number: "YP-0042".into(),
                },
                standard: "GB 1499.2-2024".into(),
                grade: "HRB400E".into(),
                spec: Some("d14-20".into()),
                items: ["ReL", "Rm", "RmReL", "bend", "W"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                due: None,
                deviations: String::new(),
                remarks: String::new(),
                allow_withdrawn: false,
            },
            t0,
        )
        .expect("order");
    let n = order.number.clone();
    let receipt = ReceiptInput {
        date: Some(d(3, 2)),
        state: Some("完好，无锈蚀，两端平齐".into()),
        seal: Some("封样完好，封条编号 F-0123".into()),
        place: Some("样品室 A-01".into()),
    };
    store
        .receive_with(&clerk, &n, &receipt, None, at(2, 10, 0))
        .expect("receive");
    store
        .set_arrangement(
            &clerk,
            &n,
            "bend",
            &ArrangementInput::Subcontract {
                lab: SUBLAB.into(),
                accreditation: SUBLAB_CMA.into(),
            },
            at(2, 10, 30),
        )
        .expect("subcontract");
    store
        .approve_arrangement(&sig, &n, "bend", at(2, 11, 0))
        .expect("approve subcontract");
    // Values are typed on the 6th; the bench dates are the 3rd to the 5th.
    let tensile = (&["SB-101"][..], ("23.5", "55"));
    enter(
        &store,
        &tech,
        &n,
        "ReL",
        &["445", "450"],
        d(3, 3),
        tensile.0,
        tensile.1,
        None,
        at(6, 9, 0),
    );
    enter(
        &store,
        &tech,
        &n,
        "Rm",
        &["610", "620"],
        d(3, 3),
        tensile.0,
        tensile.1,
        None,
        at(6, 9, 5),
    );
    enter(
        &store,
        &tech,
        &n,
        "ReL",
        &["446", "450"],
        d(3, 4),
        tensile.0,
        ("24.0", "52"),
        Some("第1根读数抄错，按试验机打印记录更正"),
        at(6, 9, 10),
    );
    enter(
        &store,
        &tech,
        &n,
        "bend",
        &["无裂纹", "无裂纹"],
        d(3, 4),
        &[],
        ("22", "60"),
        None,
        at(6, 9, 15),
    );
    enter(
        &store,
        &tech,
        &n,
        "W",
        &["-2.1"],
        d(3, 5),
        &["SB-102"],
        ("21.0", "50"),
        None,
        at(6, 9, 20),
    );
    let order = store
        .check_order(&checker, &n, None, at(6, 14, 0))
        .expect("check");
    Bench { dir, store, order }
}

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

fn save_key(dir: &Path) -> LabKey {
    let key = LabKey::generate_self_signed("福建省测试检验研究院", at(1, 8, 0)).expect("key");
    key.save(&keys_dir(dir)).expect("save key");
    key
}

#[test]
fn the_raw_record_carries_every_reading_with_its_bench_facts_and_is_signed() {
    let b = bench();
    let key = save_key(b.dir.path());
    let out = b.dir.path().join("out").join("raw.pdf");
    let record = raw_record_to_file(&b.store, &b.order.number, &out, at(7, 8, 0))
        .expect("the raw record is printed");
    assert_eq!(record.items.len(), 5);
    let bytes = std::fs::read(&out).expect("the PDF was written");
    // Kept for a look (pdftoppm -png -r 60) when a layout question comes up.
    cert_common::scratch("raw-record.pdf", &bytes);
    let pages = page_texts(&bytes);
    let all = squash(&pages.concat());

    // Every reading the order holds, current and replaced, with its specimen number.
    let mut readings = 0;
    for (code, r) in &b.order.results {
        for e in &r.history {
            for (i, v) in e.values.iter().enumerate() {
                let want = squash(&format!("试样 {}：{}", i + 1, v.text()));
                assert!(all.contains(&want), "{code}: reading {want} missing");
                readings += 1;
            }
        }
    }
    assert_eq!(readings, 9, "ReL 2 current + 2 replaced, Rm 2, bend 2, W 1");
    // The change is shown with its reason and who made it.
    assert!(all.contains("原读数（已更改）"), "{all}");
    assert!(all.contains("第1根读数抄错，按试验机打印记录更正"));
    // Instruments with the calibration due date that covered the test.
    assert!(all.contains(&squash(
        "SB-101 微机控制电液伺服万能试验机 WAW-600B（校准有效期至 2026-12-15）"
    )));
    assert!(all.contains(&squash("SB-102 电子天平 JA5003（校准有效期至 2026-11-30）")));
    // Conditions and bench dates of each entry (not the day the values were typed).
    for want in ["23.5°C，55%RH", "24.0°C，52%RH", "21.0°C，50%RH"] {
        assert!(all.contains(want), "conditions {want} missing");
    }
    for want in [
        "检测日期2026-03-03",
        "检测日期2026-03-04",
        "检测日期2026-03-05",
    ] {
        assert!(all.contains(want), "{want} missing");
    }
    // The computed ratio: formula, its inputs and the unrounded and reported values.
    assert!(all.contains("计算公式Rm/ReL"), "{all}");
    assert!(all.contains("ReL=446；450"), "inputs of RmReL: {all}");
    assert!(all.contains("Rm=610；620"));
    let ratio = b.order.outcomes()[2].clone();
    let reported = ratio.judgement.expect("ratio judged").reported;
    assert!(
        all.contains(&squash(&format!("报告值{reported}"))),
        "{reported}"
    );
    // Intermediate values to six decimals, marked as such (the judging used every digit).
    assert_eq!(ratio.values[0].text(), "1.367713004484304932735426009");
    assert!(all.contains("≈1.367713"), "intermediate 610/446: {all}");
    assert!(all.contains("≈1.377778"), "intermediate 620/450: {all}");
    // Units, methods, requirement, verdicts.
    assert!(all.contains("单位MPa"));
    assert!(all.contains("检验方法GB/T28900-2022"));
    assert!(all.contains("单项判定符合"));
    // People: technician by name, the checker, the receipt.
    assert!(all.contains("检验员林检验（tech）"), "{all}");
    assert!(all.contains("校核黄校核（tech2）2026-03-06"), "{all}");
    assert!(all.contains("收样日期2026-03-02"));
    assert!(all.contains("收样人陈收样（clerk）"));
    assert!(all.contains("封条编号F-0123"));
    assert!(all.contains("完好，无锈蚀，两端平齐"));
    assert!(all.contains(&squash(&format!("{SUBLAB}（资质证书编号 {SUBLAB_CMA}）"))));
    // Every page names the order and its place; the record ends with the marker.
    let total = pages.len();
    for (i, p) in pages.iter().enumerate() {
        let p = squash(p);
        assert!(
            p.contains(&format!("委托单号：{}", b.order.number)),
            "page {}",
            i + 1
        );
        assert!(
            p.contains(&format!("第{}页共{total}页", i + 1)),
            "page {}: {p}",
            i + 1
        );
        assert!(p.contains("原始记录"), "page {}", i + 1);
    }
    assert!(all.contains("以下空白"));

    // Signed with the lab key over the whole file.
    let v = verify_pdf(&bytes);
    assert!(v.signature_valid, "{:?}", v.failures);
    assert!(v.byte_range_covers_whole_file, "{:?}", v.failures);
    assert_eq!(
        v.certificate_fingerprint.as_deref(),
        Some(unilab::certificate::keys::fingerprint(key.certificate_der()).as_str())
    );
}

#[test]
fn an_unchecked_order_says_so_and_a_long_record_pages_with_its_header() {
    let b = bench();
    let mut order = b.order.clone();
    order.checked = None;
    // Many changes of one item: the record must page, never squeeze or drop a reading.
    let entry = order.results["W"].history[0].clone();
    for k in 0..30 {
        let mut e = entry.clone();
        e.values = vec![
            unilab::number::ResultValue::parse(&format!("-1.{k:02}"), false).expect("a number"),
        ];
        e.reason = Some(format!("第 {k} 次复称，天平示值漂移，按期间核查结果重测"));
        order.results.get_mut("W").expect("W").history.push(e);
    }
    let names = BTreeMap::from([("tech".to_string(), "林检验".to_string())]);
    let lab = b.store.lab().expect("lab");
    let record = raw_record_from_order(&order, &lab, &names, d(3, 7));
    let template = Template::load(&template_root(b.dir.path()).join("default")).expect("template");
    let renderer = Renderer::new(template).expect("renderer");
    let key = LabKey::generate_self_signed("福建省测试检验研究院", at(1, 8, 0)).expect("key");
    let bytes =
        unilab::certificate::rawrecord::render_raw_record(&renderer, &record, &key, at(7, 8, 0))
            .expect("rendered");
    let pages = page_texts(&bytes);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let all = squash(&pages.concat());
    assert!(all.contains("校核未校核"), "{all}");
    for k in 0..30 {
        assert!(
            all.contains(&format!("试样1：-1.{k:02}")),
            "reading -1.{k:02} missing"
        );
    }
    for (i, p) in pages.iter().enumerate() {
        assert!(squash(p).contains(&format!("第{}页共{}页", i + 1, pages.len())));
    }
    // A page that goes on with an item starts with the item's name, marked 续.
    let continued = pages
        .iter()
        .filter(|p| squash(p).contains("5.重量偏差（W）（续）"))
        .count();
    assert!(
        continued + 3 >= pages.len(),
        "{continued} of {} pages",
        pages.len()
    );
    if cert_common::have("pdftoppm") {
        let pdf = cert_common::scratch("raw-record-long.pdf", &bytes);
        let png = pdf.with_extension("");
        let (ok, out) = cert_common::run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "2",
                pdf.to_str().expect("utf8"),
                png.to_str().expect("utf8"),
            ],
        );
        assert!(ok, "pdftoppm: {out}");
    }
}

#[test]
fn certificate_takes_test_period_from_bench_dates_names_the_subcontractor_and_never_invents_receipt(
) {
    let b = bench();
    let lab = b.store.lab().expect("lab");
    let c = content_from_order(&b.order, &lab, "BH2026-000001", None, d(3, 9));
    assert_eq!(
        (c.test_start, c.test_end),
        (d(3, 3), d(3, 5)),
        "bench dates, not the 6th"
    );
    assert_eq!(c.date_received, Some(d(3, 2)));
    let bend = c
        .rows
        .iter()
        .find(|r| r.item.contains("弯曲"))
        .expect("bend row");
    assert!(bend.subcontracted, "{bend:?}");
    assert_eq!(c.rows.iter().filter(|r| r.subcontracted).count(), 1);
    assert!(
        c.remarks.contains(SUBLAB) && c.remarks.contains(SUBLAB_CMA),
        "{}",
        c.remarks
    );

    // A sample whose receipt was never recorded: "/" on the certificate, not the test date.
    let mut unreceived = b.order.clone();
    unreceived.receipt = None;
    unreceived.received_on = None;
    let c = content_from_order(&unreceived, &lab, "BH2026-000001", None, d(3, 9));
    assert_eq!(c.date_received, None);
    let renderer = Renderer::new(cert_common::default_template()).expect("renderer");
    let pdf = renderer.render(&c, "UL1|TEST|payload").expect("render");
    let text = squash(&page_texts(&pdf).concat());
    assert!(text.contains("收样日期/"), "{text}");
    assert!(!text.contains("收样日期2026年03月03日"));
    assert!(
        text.contains("检验日期2026年03月03日至2026年03月05日"),
        "{text}"
    );
    assert!(text.contains(SUBLAB));
    assert!(text.contains(&squash(SUBLAB_CMA)));
}

#[test]
fn an_approved_deviation_is_stated_on_the_certificate() {
    let b = bench();
    let clerk = b
        .store
        .authenticate("clerk", "secret1", at(7, 8, 0))
        .expect("clerk");
    let sig = b
        .store
        .authenticate("sig", "secret1", at(7, 8, 0))
        .expect("sig");
    let n = &b.order.number;
    b.store
        .set_arrangement(
            &clerk,
            n,
            "W",
            &ArrangementInput::Deviation(
                "称量长度按 450 mm 截取（方法规定 ≥500 mm），经客户同意".into(),
            ),
            at(7, 9, 0),
        )
        .expect("deviation");
    let o = b
        .store
        .approve_arrangement(&sig, n, "W", at(7, 9, 30))
        .expect("approve");
    let lab = b.store.lab().expect("lab");
    let c = content_from_order(&o, &lab, "BH2026-000001", None, d(3, 9));
    assert!(c.deviations.contains("重量偏差"), "{}", c.deviations);
    assert!(
        c.deviations.contains("称量长度按 450 mm 截取"),
        "{}",
        c.deviations
    );
    assert!(!c.deviations.contains("待批准"));
}

#[test]
fn the_cli_refuses_without_results_or_key_and_prints_without_writing() {
    let b = bench();
    let bin = env!("CARGO_BIN_EXE_unilab");
    let data = b.dir.path();
    let out = data.join("cli-raw.pdf");
    let run = |order: &str| {
        std::process::Command::new(bin)
            .args([
                "--data-dir",
                data.to_str().expect("utf8"),
                "rawrecord",
                order,
                "--out",
                out.to_str().expect("utf8"),
            ])
            .env_remove("UNILAB_USER")
            .output()
            .expect("run unilab")
    };
    let audit_before = b.store.audit_log(None).expect("audit").len();
    drop(b.store);
    // No key yet: refused, naming where the key is looked for.
    let o = run(&b.order.number);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("签名密钥") && err.contains("keys"), "{err}");
    assert!(!out.exists());

    save_key(data);
    let o = run(&b.order.number);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.exists());
    let store = Store::open(&data.join("unilab.redb")).expect("reopen");
    assert_eq!(
        store.audit_log(None).expect("audit").len(),
        audit_before,
        "printing records nothing"
    );

    // An order without results has no raw record.
    let clerk = store
        .authenticate("clerk", "secret1", at(7, 8, 0))
        .expect("clerk");
    let catalog = Catalog::load(&[]).expect("catalog");
    let new = NewOrder {
        inspection_type: InspectionType::Commissioned,
        client: CLIENT.into(),
        producer: None,
        sample: Sample {
            name: "热轧带肋钢筋".into(),
            ..Sample::default()
        },
        standard: "GB 1499.2-2024".into(),
        grade: "HRB400E".into(),
        spec: Some("d14-20".into()),
        items: vec!["ReL".into()],
        due: None,
        deviations: String::new(),
        remarks: String::new(),
        allow_withdrawn: false,
    };
    let empty = store
        .register_order(&clerk, &catalog, &new, at(7, 9, 0))
        .expect("order");
    drop(store);
    std::fs::remove_file(&out).expect("remove");
    let o = run(&empty.number);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&empty.number) && err.contains("没有录入任何结果"),
        "{err}"
    );
    assert!(!out.exists());
}
