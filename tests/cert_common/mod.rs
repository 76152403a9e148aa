//! Shared fixtures for the certificate tests.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone as _, Utc};
use unilab::certificate::{
    CertificateContent, LabInfo, LabKey, Party, Renderer, ResultRow, SampleInfo, SignOff, Template,
};

pub fn templates_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("report-templates")
}

pub fn default_template() -> Template {
    match Template::load(&templates_dir().join("default")) {
        Ok(t) => t,
        Err(e) => panic!("default template: {e}"),
    }
}

pub fn renderer() -> Renderer {
    match Renderer::new(default_template()) {
        Ok(r) => r,
        Err(e) => panic!("renderer: {e}"),
    }
}

pub fn key() -> LabKey {
    let now = Utc
        .with_ymd_and_hms(2026, 1, 10, 8, 0, 0)
        .single()
        .expect("time");
    LabKey::generate_self_signed("某某市产品质量检验所", now).expect("key")
}

pub fn signing_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 15, 9, 30, 0)
        .single()
        .expect("time")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// Items of a hot-rolled ribbed bar report (GB/T 1499.2-2018, HRB400).
const BASE_ROWS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "下屈服强度 ReL",
        "MPa",
        "≥400",
        "445",
        "符合",
        "GB/T 28900-2022 6",
    ),
    (
        "抗拉强度 Rm",
        "MPa",
        "≥540",
        "610",
        "符合",
        "GB/T 28900-2022 6",
    ),
    (
        "断后伸长率 A",
        "%",
        "≥16",
        "23.5",
        "符合",
        "GB/T 28900-2022 6",
    ),
    (
        "最大力总延伸率 Agt",
        "%",
        "≥7.5",
        "11.0",
        "符合",
        "GB/T 28900-2022 6",
    ),
    (
        "强屈比 Rm°/ReL°",
        "/",
        "≥1.25",
        "1.37",
        "符合",
        "GB/T 28900-2022 6",
    ),
    (
        "弯曲性能（d=4a，180°）",
        "/",
        "受弯曲部位表面不得产生裂纹",
        "无裂纹",
        "符合",
        "GB/T 28900-2022 7",
    ),
    (
        "反向弯曲性能（先正向弯曲90°后再反向弯曲20°）",
        "/",
        "经反向弯曲试验后，钢筋受弯曲部位表面不得产生裂纹",
        "无裂纹",
        "符合",
        "GB/T 28900-2022 8",
    ),
    (
        "重量偏差",
        "%",
        "±5.0",
        "-2.1",
        "符合",
        "GB/T 1499.2-2018 8.4",
    ),
    ("碳 C", "%", "≤0.25", "0.21", "符合", "GB/T 223.69-2008"),
    ("硅 Si", "%", "≤0.80", "0.45", "符合", "GB/T 223.5-2008"),
    ("锰 Mn", "%", "≤1.60", "1.38", "符合", "GB/T 223.63-2022"),
    ("磷 P", "%", "≤0.045", "0.028", "符合", "GB/T 223.59-2008"),
    ("硫 S", "%", "≤0.045", "0.019", "符合", "GB/T 223.68-1997"),
    (
        "碳当量 Ceq",
        "%",
        "≤0.54",
        "0.47",
        "符合",
        "GB/T 1499.2-2018 7.4",
    ),
    (
        "表面质量",
        "/",
        "钢筋表面不得有裂纹、结疤和折叠，表面凸块不允许超过横肋高度",
        "符合要求",
        "符合",
        "GB/T 1499.2-2018 8.5（目视）",
    ),
    (
        "内径 d1",
        "mm",
        "15.4±0.4",
        "15.5",
        "符合",
        "GB/T 1499.2-2018 8.3",
    ),
    (
        "横肋高 h",
        "mm",
        "1.2（+0.4，-0.2）",
        "1.3",
        "符合",
        "GB/T 1499.2-2018 8.3",
    ),
    (
        "金相组织",
        "/",
        "主要为铁素体加珠光体，不得有影响使用性能的其他组织",
        "铁素体+珠光体",
        "符合",
        "GB/T 13298-2015",
    ),
    ("晶粒度", "级", "≥9", "10", "符合", "GB/T 6394-2017"),
    (
        "疲劳性能（供需双方协商）",
        "/",
        "/",
        "200 万次未断",
        "/",
        "GB/T 28900-2022 9 Subcontracted-LabReference-ABCDEFGHIJKLMNOP-0123456789",
    ),
];

/// A report with `n` result rows (cycling the base rows), the 7th and 20th subcontracted.
pub fn content(n: usize) -> CertificateContent {
    let rows = (0..n)
        .map(|i| {
            let (item, unit, req, result, verdict, method) = BASE_ROWS[i % BASE_ROWS.len()];
            ResultRow {
                seq: (i + 1) as u32,
                item: item.to_string(),
                unit: unit.to_string(),
                requirement: req.to_string(),
                result: result.to_string(),
                verdict: verdict.to_string(),
                method: method.to_string(),
                subcontracted: i % BASE_ROWS.len() == 6 || i % BASE_ROWS.len() == 19,
                outside_scope: false,
            }
        })
        .collect();
    CertificateContent {
        report_number: "BH2026-000123".into(),
        replaces: None,
        lab: LabInfo {
            name: "某某市产品质量检验所".into(),
            address: "某某省某某市高新区科技路 88 号".into(),
            contact: "0571-88886666".into(),
        },
        client: Party {
            name: "某某建设工程有限公司".into(),
            address: "某某省某某市滨江区江南大道 1000 号".into(),
            credit_code: "91330100MA2B3C4D5E".into(),
        },
        producer: Party {
            name: "某某钢铁集团有限公司".into(),
            address: "某某省某某市钢城路 1 号".into(),
            credit_code: "91330200123456789X".into(),
        },
        sample: SampleInfo {
            name: "热轧带肋钢筋".into(),
            trademark: "钢城牌".into(),
            model_spec: "HRB400E Φ16".into(),
            batch_or_date: "批号 2025-12-B0375".into(),
            sample_number: "YP2026-00456".into(),
            quantity: "6 根（每根 500 mm）".into(),
            condition: "无锈蚀、无弯折，符合检验要求".into(),
        },
        inspection_type: "委托检验".into(),
        order_number: "WT2026-000321".into(),
        date_received: Some(d(2026, 1, 5)),
        test_start: d(2026, 1, 6),
        test_end: d(2026, 1, 9),
        issue_date: d(2026, 1, 15),
        product_standard: "GB/T 1499.2-2018《钢筋混凝土用钢 第2部分：热轧带肋钢筋》 HRB400E".into(),
        method_standards: vec![
            "GB/T 28900-2022".into(),
            "GB/T 223 系列".into(),
            "GB/T 13298-2015".into(),
            "GB/T 6394-2017".into(),
        ],
        rows,
        conclusion: "所检项目符合 GB/T 1499.2-2018 要求。".into(),
        deviations: "无".into(),
        remarks: "样品信息由委托方提供。疲劳性能为供需双方协商项目，未作判定。".into(),
        prepared_by: SignOff {
            name: "王检验".into(),
            date: d(2026, 1, 10),
        },
        reviewed_by: SignOff {
            name: "李审核".into(),
            date: d(2026, 1, 12),
        },
        approved_by: SignOff {
            name: "张批准".into(),
            date: d(2026, 1, 15),
        },
        training: false,
        supervision: None,
        verification: None,
        marks: None,
    }
}

/// Is an external tool on PATH?
pub fn have(tool: &str) -> bool {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Write bytes to a file in the test scratch dir and return its path.
pub fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let base = option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("certwork-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write scratch file");
    p
}

/// Run a tool, return (success, stdout+stderr).
pub fn run(tool: &str, args: &[&str]) -> (bool, String) {
    match std::process::Command::new(tool).args(args).output() {
        Ok(o) => (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        ),
        Err(e) => (false, format!("cannot run {tool}: {e}")),
    }
}

fn resolve<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> &'a lopdf::Object {
    match o {
        lopdf::Object::Reference(id) => doc.get_object(*id).expect("reference resolves"),
        other => other,
    }
}

fn info_text(doc: &lopdf::Document, key: &[u8]) -> String {
    let info = resolve(doc, doc.trailer.get(b"Info").expect("Info in trailer"))
        .as_dict()
        .expect("Info dictionary");
    match info.get(key).expect("Info key") {
        lopdf::Object::String(s, _) => {
            if let Some(rest) = s.strip_prefix(&[0xFE, 0xFF]) {
                let units: Vec<u16> = rest
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).expect("UTF-16 text")
            } else {
                String::from_utf8(s.clone()).expect("ASCII text")
            }
        }
        other => panic!("Info {:?} is not a string: {other:?}", key),
    }
}

/// The PDF date form of `at` in UTC, as Info, XMP and /M state it.
pub fn pdf_date_of(at: chrono::DateTime<Utc>) -> String {
    at.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// `D:20260115093000+00'00'` → `2026-01-15T09:30:00+00:00`, the XMP form of the same instant.
fn pdf_date_as_xmp(d: &str) -> String {
    let s = d.strip_prefix("D:").expect("PDF date");
    assert!(s.ends_with("+00'00'"), "UTC date expected: {d}");
    format!(
        "{}-{}-{}T{}:{}:{}+00:00",
        &s[0..4],
        &s[4..6],
        &s[6..8],
        &s[8..10],
        &s[10..12],
        &s[12..14]
    )
}

/// Assert each PDF/A-2b prerequisite a validator looks at, from the file's own objects:
/// header binary comment, XMP (part 2, conformance B, title/dates/producer equal to Info),
/// an sRGB OutputIntent with an ICC stream of 3 components, every font embedded, no
/// encryption, a file identifier. Returns the Info CreationDate.
pub fn assert_pdfa_prerequisites(bytes: &[u8]) -> String {
    use lopdf::Object;
    assert!(bytes.starts_with(b"%PDF-1.7\n%"), "header");
    assert!(
        bytes[10..14].iter().all(|b| *b >= 128),
        "second line is a binary comment of four bytes ≥128"
    );
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf parses the PDF");
    assert!(doc.trailer.get(b"Encrypt").is_err(), "no /Encrypt");
    match doc.trailer.get(b"ID").expect("trailer /ID") {
        Object::Array(ids) => assert_eq!(ids.len(), 2, "ID has two strings"),
        other => panic!("ID is not an array: {other:?}"),
    }
    let catalog = doc.catalog().expect("catalog");

    let meta = resolve(&doc, catalog.get(b"Metadata").expect("catalog /Metadata"))
        .as_stream()
        .expect("Metadata is a stream");
    assert!(meta.dict.get(b"Filter").is_err(), "XMP is not compressed");
    assert_eq!(
        meta.dict.get(b"Subtype").and_then(Object::as_name).ok(),
        Some(&b"XML"[..])
    );
    let xmp = String::from_utf8(meta.content.clone()).expect("XMP is UTF-8");
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{xmp}"
    );
    let title = info_text(&doc, b"Title");
    assert!(!title.is_empty());
    assert!(
        xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")),
        "dc:title equals Info Title {title:?}: {xmp}"
    );
    let producer = info_text(&doc, b"Producer");
    assert!(xmp.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")));
    let created = info_text(&doc, b"CreationDate");
    assert_eq!(info_text(&doc, b"ModDate"), created);
    let iso = pdf_date_as_xmp(&created);
    assert!(
        xmp.contains(&format!("<xmp:CreateDate>{iso}</xmp:CreateDate>")),
        "{xmp}"
    );
    assert!(
        xmp.contains(&format!("<xmp:ModifyDate>{iso}</xmp:ModifyDate>")),
        "{xmp}"
    );

    let intents = match resolve(&doc, catalog.get(b"OutputIntents").expect("OutputIntents")) {
        Object::Array(a) => a.clone(),
        other => panic!("OutputIntents is not an array: {other:?}"),
    };
    assert_eq!(intents.len(), 1);
    let intent = resolve(&doc, &intents[0]).as_dict().expect("intent dict");
    assert_eq!(
        intent.get(b"S").and_then(Object::as_name).ok(),
        Some(&b"GTS_PDFA1"[..])
    );
    match intent
        .get(b"OutputConditionIdentifier")
        .expect("identifier")
    {
        Object::String(s, _) => assert!(s.starts_with(b"sRGB"), "{s:?}"),
        other => panic!("identifier: {other:?}"),
    }
    let icc = resolve(&doc, intent.get(b"DestOutputProfile").expect("profile"))
        .as_stream()
        .expect("ICC stream");
    assert_eq!(icc.dict.get(b"N").and_then(Object::as_i64).ok(), Some(3));
    let profile = icc
        .decompressed_content()
        .unwrap_or_else(|_| icc.content.clone());
    assert_eq!(&profile[36..40], b"acsp", "an ICC profile");
    assert_eq!(&profile[16..20], b"RGB ", "an RGB profile");

    // Every font a page uses, through its descendant CID font, has its program embedded.
    let mut fonts = 0;
    for (_, page_id) in doc.get_pages() {
        for (_, font) in doc.get_page_fonts(page_id).expect("page fonts") {
            let descendant = match font.get(b"DescendantFonts").map(|o| resolve(&doc, o)) {
                Ok(Object::Array(a)) => resolve(&doc, &a[0]).as_dict().expect("CID font"),
                _ => font,
            };
            if descendant.get(b"Subtype").and_then(Object::as_name).ok()
                == Some(&b"CIDFontType2"[..])
            {
                assert!(
                    descendant.get(b"CIDToGIDMap").is_ok(),
                    "CIDFontType2 has a CIDToGIDMap"
                );
            }
            let fd = resolve(
                &doc,
                descendant.get(b"FontDescriptor").expect("font descriptor"),
            )
            .as_dict()
            .expect("descriptor dict");
            assert!(
                fd.get(b"FontFile2").is_ok()
                    || fd.get(b"FontFile3").is_ok()
                    || fd.get(b"FontFile").is_ok(),
                "font embedded: {fd:?}"
            );
            fonts += 1;
        }
    }
    assert!(fonts > 0, "the document has a font");
    created
}
