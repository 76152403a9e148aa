//! A realistic certificate of any length, for benchmarks and layout checks.

use chrono::NaiveDate;

use super::content::*;

const ROWS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "下屈服强度",
        "MPa",
        "≥400",
        "445、450",
        "符合",
        "GB/T 28900-2022",
    ),
    (
        "抗拉强度",
        "MPa",
        "≥540",
        "615、620",
        "符合",
        "GB/T 28900-2022",
    ),
    (
        "断后伸长率",
        "%",
        "≥16",
        "24、25",
        "符合",
        "GB/T 28900-2022",
    ),
    (
        "最大力总延伸率",
        "%",
        "≥9.0",
        "12.5、13.0",
        "符合",
        "GB/T 28900-2022",
    ),
    (
        "强屈比 Rm°/ReL°",
        "/",
        "≥1.25",
        "1.38、1.38",
        "符合",
        "GB/T 28900-2022",
    ),
    (
        "屈屈比 ReL°/ReL",
        "/",
        "≤1.30",
        "1.11、1.12",
        "符合",
        "GB/T 28900-2022",
    ),
    (
        "弯曲性能（180°，弯芯直径 4d）",
        "/",
        "无裂纹",
        "无裂纹、无裂纹",
        "符合",
        "GB/T 28900-2022",
    ),
    (
        "反向弯曲性能（正向 90° 后反向 20°）",
        "/",
        "无裂纹",
        "无裂纹",
        "符合",
        "YB/T 5126-2003",
    ),
    (
        "重量偏差",
        "%",
        "±4.5",
        "-2.1",
        "符合",
        "GB 1499.2-2024 8.4",
    ),
    ("碳", "%", "≤0.25", "0.21", "符合", "GB/T 4336-2016"),
    ("硅", "%", "≤0.80", "0.46", "符合", "GB/T 4336-2016"),
    ("锰", "%", "≤1.60", "1.38", "符合", "GB/T 4336-2016"),
    ("磷", "%", "≤0.045", "0.021", "符合", "GB/T 4336-2016"),
    ("硫", "%", "≤0.045", "0.018", "符合", "GB/T 4336-2016"),
    ("碳当量 Ceq", "%", "≤0.54", "0.47", "符合", "计算"),
    ("氮", "%", "≤0.012", "0.008", "符合", "GB/T 20124-2006"),
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

pub fn sample_content(rows: usize) -> CertificateContent {
    CertificateContent {
        report_number: "BH2026-000123".into(),
        replaces: None,
        lab: LabInfo {
            name: "闽江产品质量检验研究院".into(),
            address: "福建省福州市鼓楼区华林路 139 号".into(),
            contact: "0591-87000000".into(),
        },
        client: Party {
            name: "福清市融侨钢材贸易有限公司".into(),
            address: "福建省福清市融侨经济技术开发区".into(),
            credit_code: "91350100M000100Y43".into(),
        },
        producer: Party {
            name: "福建三钢闽光股份有限公司".into(),
            address: "福建省三明市梅列区工业中路群工三路".into(),
            credit_code: "91110000802100433B".into(),
        },
        sample: SampleInfo {
            name: "热轧带肋钢筋".into(),
            trademark: "闽光".into(),
            model_spec: "HRB400E Φ16".into(),
            batch_or_date: "2026-02-18 / 炉号 6B0375".into(),
            sample_number: "WT2026-000321-1".into(),
            quantity: "6 根（每根 500 mm）".into(),
            condition: "无锈蚀、无弯折，符合检验要求".into(),
        },
        inspection_type: "委托检验".into(),
        order_number: "WT2026-000321".into(),
        date_received: Some(d(2026, 3, 2)),
        test_start: d(2026, 3, 3),
        test_end: d(2026, 3, 5),
        issue_date: d(2026, 3, 9),
        product_standard: "GB 1499.2-2024《钢筋混凝土用钢 第2部分：热轧带肋钢筋》 HRB400E d14-20"
            .into(),
        method_standards: vec![
            "GB/T 28900-2022".into(),
            "GB/T 4336-2016".into(),
            "GB/T 20124-2006".into(),
            "YB/T 5126-2003".into(),
        ],
        rows: (0..rows)
            .map(|i| {
                let (item, unit, req, result, verdict, method) = ROWS[i % ROWS.len()];
                ResultRow {
                    seq: (i + 1) as u32,
                    item: item.into(),
                    unit: unit.into(),
                    requirement: req.into(),
                    result: result.into(),
                    verdict: verdict.into(),
                    method: method.into(),
                    subcontracted: i % ROWS.len() == 15,
                    // The reverse bend test is one the lab is not accredited for.
                    outside_scope: method == "YB/T 5126-2003",
                }
            })
            .collect(),
        conclusion: "所检项目符合 GB 1499.2-2024 要求。".into(),
        deviations: "无".into(),
        remarks: "样品信息由委托方提供。氮含量分包至具备资质的实验室检验。".into(),
        prepared_by: SignOff {
            name: "林建检".into(),
            date: d(2026, 3, 5),
        },
        reviewed_by: SignOff {
            name: "王审核".into(),
            date: d(2026, 3, 6),
        },
        approved_by: SignOff {
            name: "张主任".into(),
            date: d(2026, 3, 9),
        },
        training: false,
        supervision: None,
        verification: None,
        marks: Some(crate::model::accreditation::Marks {
            cma: Some("241312345678".into()),
            cnas: Some("CNAS L1234".into()),
        }),
    }
}
