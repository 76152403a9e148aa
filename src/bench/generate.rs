//! A synthetic lab at scale, deterministic from a seed, written through the store's bulk import
//! (the same validation and audit entries as registration and result entry).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};

use crate::catalog::Catalog;
use crate::inspection::InspectionType;
use crate::model::{
    credit_code, CreditClass, Enterprise, Instrument, InstrumentStatus, Role, Sample, User,
};
use crate::store::{ImportRecord, ImportSummary, NewOrder, Store};

/// A small, fast, reproducible generator (xorshift64*); statistical quality does not matter here.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// One kind of order the generator makes: standard, grade, spec, items and value ranges
/// (lowest value in hundredths … span in hundredths).
struct Kind {
    standard: &'static str,
    grade: &'static str,
    spec: Option<&'static str>,
    sample: &'static str,
    items: &'static [(&'static str, u32, i64, i64)],
}

const KINDS: &[Kind] = &[
    Kind {
        standard: "GB 1499.2-2024",
        grade: "HRB400",
        spec: Some("d14-20"),
        sample: "热轧带肋钢筋",
        items: &[
            ("ReL", 2, 39_000, 8_000),
            ("Rm", 2, 53_000, 10_000),
            ("A", 2, 1_500, 1_200),
            ("Agt", 2, 700, 800),
            ("W", 1, -600, 1_000),
        ],
    },
    Kind {
        standard: "GB/T 15063-2020",
        grade: "高浓度",
        spec: Some("未标含氯"),
        sample: "复合肥料",
        items: &[
            ("N", 1, 1_300, 400),
            ("P2O5", 1, 1_300, 400),
            ("K2O", 1, 900, 400),
            ("H2O", 1, 50, 250),
        ],
    },
    Kind {
        standard: "GB 2762-2022",
        grade: "大米",
        spec: None,
        sample: "大米",
        items: &[("Pb", 1, 1, 25), ("Cd", 1, 1, 25)],
    },
    Kind {
        standard: "GB 175-2023",
        grade: "42.5",
        spec: Some("P·O"),
        sample: "普通硅酸盐水泥",
        items: &[("R28", 6, 4_000, 1_200)],
    },
];

/// One instrument of each kind the method library names, in calibration for a year: id,
/// name, kind.
pub const EQUIPMENT: &[(&str, &str, &str)] = &[
    ("SB-001", "微机控制电液伺服万能试验机", "万能材料试验机"),
    ("SB-002", "全自动恒应力压力试验机", "水泥胶砂抗折抗压试验机"),
    ("SB-003", "火花直读光谱仪", "火花放电原子发射光谱仪"),
    ("SB-004", "原子吸收分光光度计", "原子吸收分光光度计"),
];

/// Register [`EQUIPMENT`] (due a year from `now`) and authorise `technician` for every method
/// in the library: what the bulk operator needs to enter the generated results.
pub fn equip(
    store: &Store,
    catalog: &Catalog,
    admin: &User,
    technician: &User,
    now: DateTime<Utc>,
) -> anyhow::Result<User> {
    register_equipment(store, admin, now)?;
    Ok(authorise_all(store, catalog, admin, technician, now)?)
}

/// Register [`EQUIPMENT`], each due a year from `now`.
pub fn register_equipment(
    store: &Store,
    admin: &User,
    now: DateTime<Utc>,
) -> Result<(), crate::store::StoreError> {
    let due = now
        .date_naive()
        .checked_add_days(chrono::Days::new(365))
        .unwrap_or(now.date_naive());
    for (id, name, kind) in EQUIPMENT {
        store.add_instrument(
            admin,
            Instrument {
                id: id.to_string(),
                name: name.to_string(),
                kind: kind.to_string(),
                model: String::new(),
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
            },
            now,
        )?;
    }
    Ok(())
}

/// Authorise `technician` for every method the library's items name.
pub fn authorise_all(
    store: &Store,
    catalog: &Catalog,
    admin: &User,
    technician: &User,
    now: DateTime<Utc>,
) -> Result<User, crate::store::StoreError> {
    let mut methods: Vec<&str> = catalog
        .standards()
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.method.as_str()))
        .collect();
    methods.sort();
    methods.dedup();
    let mut user = technician.clone();
    for m in methods {
        if !user.authorised_method(m) {
            user = store.authorise_method(admin, &user.login, m, true, "全部方法授权", now)?;
        }
    }
    Ok(user)
}

pub struct Generated {
    pub import: ImportSummary,
    pub import_seconds: f64,
    pub enterprises: Vec<String>,
    /// Orders that received their first results.
    pub tested: Vec<String>,
}

/// Names of the bench users; all share this password.
pub const PASSWORD: &str = "bench-password";

/// Fill `store` with `orders` orders (about 90 % with first results) from `seed`.
pub fn generate(
    store: &Store,
    catalog: &Catalog,
    admin: &User,
    orders: usize,
    seed: u64,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize) -> bool,
) -> anyhow::Result<Generated> {
    let mut rng = Rng::new(seed);
    // One operator with the clerk and technician roles the bulk steps need.
    store.add_user(
        admin,
        "bulk",
        "批量导入",
        &[Role::Clerk, Role::Technician],
        &[],
        PASSWORD,
        now,
    )?;
    let bulk = store.authenticate("bulk", PASSWORD, now)?;
    let bulk = equip(store, catalog, admin, &bulk, now)?;
    let mut records = Vec::new();
    let mut enterprises = Vec::new();
    while enterprises.len() < 500 {
        let stem = format!("913501{:02}{:08}", rng.below(100), rng.below(100_000_000));
        if let Some(code) = credit_code::complete(&stem) {
            if !enterprises.contains(&code) {
                records.push(ImportRecord::Enterprise(Enterprise {
                    credit_code: code.clone(),
                    name: format!("福建示例企业{:03}有限公司", enterprises.len() + 1),
                    address: format!("福建省福州市示例路 {} 号", rng.below(999) + 1),
                    contact: String::new(),
                    credit_class: [CreditClass::A, CreditClass::B, CreditClass::C]
                        [rng.below(3) as usize],
                    blacklist: None,
                    revision: 0,
                    quality: Default::default(),
                }));
                enterprises.push(code);
            }
        }
    }
    let year = now.year();
    let lab = store.lab()?;
    let mut tested = Vec::new();
    for i in 0..orders {
        let kind = &KINDS[rng.below(KINDS.len() as u64) as usize];
        let client = enterprises[rng.below(enterprises.len() as u64) as usize].clone();
        records.push(ImportRecord::Order(Box::new(NewOrder {
            inspection_type: InspectionType::Commissioned,
            client,
            producer: None,
            sample: Sample {
                name: kind.sample.into(),
                batch: format!("B{}", rng.below(1_000_000)),
                ..Sample::default()
            },
            standard: kind.standard.into(),
            grade: kind.grade.into(),
            spec: kind.spec.map(str::to_string),
            items: kind.items.iter().map(|(c, ..)| c.to_string()).collect(),
            due: None,
            deviations: String::new(),
            remarks: String::new(),
            allow_withdrawn: false,
        })));
        if rng.below(10) < 9 {
            let mut entries = BTreeMap::new();
            for (code, n, low, span) in kind.items {
                let values = (0..*n)
                    .map(|_| {
                        let v = low + rng.below(*span as u64) as i64;
                        rust_decimal::Decimal::new(v, 2).to_string()
                    })
                    .collect();
                entries.insert(code.to_string(), values);
            }
            // A fresh store numbers orders from 1, so the order registered above is this one.
            let order = lab.order_number(year, i as u64 + 1);
            tested.push(order.clone());
            records.push(ImportRecord::Results {
                order,
                entries,
                tested_on: Some(now.date_naive()),
                instruments: EQUIPMENT.iter().map(|(id, ..)| id.to_string()).collect(),
                temperature: Some(rust_decimal::Decimal::new(20, 0)),
                humidity: Some(rust_decimal::Decimal::new(60, 0)),
            });
        }
    }
    let start = std::time::Instant::now();
    let import = store.import(&bulk, catalog, &records, 1000, now, progress)?;
    Ok(Generated {
        import,
        import_seconds: start.elapsed().as_secs_f64(),
        enterprises,
        tested,
    })
}

/// Take `count` tested orders through submission, review, approval and issue, with a reviewer
/// and a signatory who are not the technician: real signed certificates in the records.
pub fn issue_reports(
    store: &Store,
    admin: &User,
    data_dir: &std::path::Path,
    tested: &[String],
    count: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    store.add_user(
        admin,
        "bench-rev",
        "审核",
        &[Role::Reviewer],
        &[],
        PASSWORD,
        now,
    )?;
    // The checker (校核) is a second technician: the bulk operator entered the results.
    store.add_user(
        admin,
        "bench-chk",
        "校核",
        &[Role::Technician],
        &[],
        PASSWORD,
        now,
    )?;
    let checker = store.authenticate("bench-chk", PASSWORD, now)?;
    let all_fields = vec!["*".to_string()];
    store.add_user(
        admin,
        "bench-sig",
        "批准",
        &[Role::Signatory],
        &all_fields,
        PASSWORD,
        now,
    )?;
    let bulk = store.authenticate("bulk", PASSWORD, now)?;
    let reviewer = store.authenticate("bench-rev", PASSWORD, now)?;
    let signatory = store.authenticate("bench-sig", PASSWORD, now)?;
    let certifier = crate::certificate::issue::Certifier::shared(data_dir)?;
    let mut issued = 0;
    for number in tested.iter().take(count) {
        store.check_order(&checker, number, None, now)?;
        store.submit(&bulk, number, None, now)?;
        store.review(&reviewer, number, true, None, None, now)?;
        store.approve(&signatory, number, None, now)?;
        store.issue_report(&signatory, number, now, &mut |c, at| {
            certifier.render(c, at)
        })?;
        issued += 1;
    }
    Ok(issued)
}
