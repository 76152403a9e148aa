//! The demo lab: users for every role, real-looking enterprises, orders across the shipped
//! standards in every workflow state, and a few issued certificates. Created once per data
//! directory, through the same store operations the screens use.

mod campaign;
mod marks;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};

use crate::catalog::Catalog;
use crate::inspection::InspectionType;
use crate::model::bench::{BenchInput, Conditions};
use crate::model::{credit_code, CreditClass, Enterprise, Lab, Role, Sample, User};
use crate::store::{ArrangementInput, NewOrder, Store, DB_FILE};

/// Who can log in to the demo, shown on its login screen.
#[derive(Debug, Clone)]
pub struct DemoInfo {
    /// (login, password, what they do)
    pub users: Vec<(String, String, crate::message::Msg)>,
    pub db_path: PathBuf,
    pub certificates_dir: PathBuf,
}

pub const PASSWORD: &str = "demo123";

/// (login, name, roles, authorised fields, what they do)
type DemoUser = (
    &'static str,
    &'static str,
    &'static [Role],
    &'static [&'static str],
    (&'static str, &'static str),
);

const USERS: &[DemoUser] = &[
    (
        "admin",
        "系统管理员",
        &[Role::Admin],
        &[],
        ("管理员：用户、角色、备份", "admin: users, roles, backups"),
    ),
    (
        "chen",
        "陈晓收",
        &[Role::Clerk],
        &[],
        (
            "收样员：登记委托、收样",
            "sample clerk: registers orders, receives samples",
        ),
    ),
    (
        "lin",
        "林建检",
        &[Role::Technician],
        &[],
        (
            "检验员：录入结果、提交审核",
            "technician: enters results, submits for review",
        ),
    ),
    (
        "huang",
        "黄立检",
        &[Role::Technician],
        &[],
        ("检验员（第二位）", "technician (a second one)"),
    ),
    (
        "wu",
        "吴校核",
        &[Role::Technician],
        &[],
        (
            "检验员：校核他人的原始记录",
            "technician: checks others' raw records",
        ),
    ),
    (
        "wang",
        "王审核",
        &[Role::Reviewer],
        &[],
        ("审核员：审核、退回", "reviewer: passes or sends back"),
    ),
    (
        "zhang",
        "张主任",
        &[Role::Signatory],
        &["*"],
        (
            "授权签字人：批准、签发（全部领域）",
            "signatory: approves and issues (every field)",
        ),
    ),
    (
        "li",
        "李工",
        &[Role::Signatory],
        &["食品"],
        ("授权签字人：仅食品领域", "signatory: food only"),
    ),
];

/// (organisation stem for the credit code, name, address, class, blacklist)
const ENTERPRISES: &[(&str, &str, &str, CreditClass, Option<&str>)] = &[
    (
        "9135010015432876",
        "福建三钢闽光股份有限公司",
        "福建省三明市梅列区工业中路群工三路",
        CreditClass::A,
        None,
    ),
    (
        "9135018215887632",
        "福清市融侨钢材贸易有限公司",
        "福建省福清市融侨经济技术开发区",
        CreditClass::B,
        None,
    ),
    (
        "9135052163321908",
        "泉州市惠农复合肥有限公司",
        "福建省泉州市洛江区万安工业区",
        CreditClass::B,
        None,
    ),
    (
        "9135042768230157",
        "三明市绿野农资有限公司",
        "福建省三明市三元区城关",
        CreditClass::C,
        None,
    ),
    (
        "9135010273009451",
        "福州金穗粮油有限公司",
        "福建省福州市仓山区建新镇",
        CreditClass::A,
        None,
    ),
    (
        "9135060257210984",
        "漳州市天宝蔬菜专业合作社",
        "福建省漳州市芗城区天宝镇",
        CreditClass::B,
        None,
    ),
    (
        "9135070066214873",
        "南平市闽北棉业有限公司",
        "福建省南平市延平区",
        CreditClass::C,
        Some("2025年监督抽查使用禁用原料（黑心棉）"),
    ),
    (
        "9135020061208547",
        "厦门海沧水泥有限公司",
        "福建省厦门市海沧区",
        CreditClass::A,
        None,
    ),
];

fn enterprise_code(i: usize) -> String {
    credit_code::complete(ENTERPRISES[i].0).unwrap_or_default()
}

/// Create the demo lab in `data_dir` unless it is there already.
pub fn ensure_demo_lab(data_dir: &Path, now: DateTime<Utc>) -> anyhow::Result<DemoInfo> {
    let db_path = data_dir.join(DB_FILE);
    let certificates_dir = data_dir.join("certificates");
    let info = DemoInfo {
        users: USERS
            .iter()
            .map(|(l, _, _, _, (zh, en))| {
                (
                    l.to_string(),
                    PASSWORD.to_string(),
                    crate::message::Msg::new(*zh, *en),
                )
            })
            .collect(),
        db_path: db_path.clone(),
        certificates_dir: certificates_dir.clone(),
    };
    let location = crate::startup::store_location(data_dir);
    let exists = match &location {
        crate::store::Location::File(path) => path.exists(),
        // A lab network's database: the demo is there once it opens.
        crate::store::Location::Postgres(_) => Store::open_at(&location, data_dir).is_ok(),
    };
    if exists {
        return Ok(info);
    }
    std::fs::create_dir_all(&certificates_dir)
        .with_context(|| format!("无法创建 {}", certificates_dir.display()))?;
    let catalog = crate::startup::load_catalog(&[])?;
    marks::write_template(data_dir)?;
    // The story starts three weeks ago so due dates and overdue orders look real.
    let start = now - Duration::days(21);
    let mut lab = Lab::new("闽江产品质量检验研究院（演示）");
    lab.address = "福建省福州市鼓楼区华林路 139 号".into();
    lab.contact = "0591-87000000".into();
    lab.training = true;
    let key = crate::certificate::LabKey::generate_self_signed(&lab.name, start)?;
    key.save(&crate::certificate::issue::keys_dir(data_dir))?;
    let store = Store::create_at(
        &location,
        data_dir,
        lab,
        "admin",
        "系统管理员",
        PASSWORD,
        start,
    )?
    .with_lab_key(key);
    let admin = store.authenticate("admin", PASSWORD, start)?;
    for (login, name, roles, fields, _) in USERS.iter().skip(1) {
        let fields: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        store.add_user(&admin, login, name, roles, &fields, PASSWORD, start)?;
    }
    register_instruments(&store, &admin, start)?;
    // A lab of a dozen orders: warn on a region's pass rate from two tested samples (a real
    // lab keeps the default five), so the manager's queue shows what a warning looks like.
    let rules = crate::stats::warnings::WarningRules {
        region_min: 2,
        ..Default::default()
    };
    store.set_warning_rules(&admin, &rules, start)?;
    // The demo's certificates point their QR codes at `unilab serve` on this machine.
    let web = crate::model::verification::WebSettings {
        base_url: Some(format!("http://{}", crate::serve::DEFAULT_LISTEN)),
        ..Default::default()
    };
    store.set_web_settings(&admin, &web, start)?;
    store.set_accreditation(&admin, &marks::accreditation(), start)?;
    for login in ["lin", "huang", "wu"] {
        let t = store.user(login)?;
        crate::bench::generate::authorise_all(&store, &catalog, &admin, &t, start)?;
    }
    // Building materials' samples are kept 14 days after the report here; one has been
    // disposed of and one is due, so the queue shows the retention clock at work.
    store.set_retention(&admin, "建筑材料", 14, start)?;
    let user = |l: &str| store.authenticate(l, PASSWORD, start);
    let (clerk, tech, tech2, reviewer, signatory) = (
        user("chen")?,
        user("lin")?,
        user("huang")?,
        user("wang")?,
        user("zhang")?,
    );
    let (checker, food_signatory) = (user("wu")?, user("li")?);
    for (i, (_, name, address, class, blacklist)) in ENTERPRISES.iter().enumerate() {
        store.add_enterprise(
            &clerk,
            Enterprise {
                credit_code: enterprise_code(i),
                name: name.to_string(),
                address: address.to_string(),
                contact: format!("0591-8{:07}", 1_234_567 + i * 1111),
                credit_class: *class,
                blacklist: None,
                revision: 0,
                quality: Default::default(),
            },
            start,
        )?;
        if let Some(why) = blacklist {
            let mut e = store
                .enterprise(&enterprise_code(i))?
                .context("演示企业丢失")?;
            e.blacklist = Some(why.to_string());
            let rev = e.revision;
            store.update_enterprise(&clerk, e, rev, "监督抽查不合格后列入黑名单", start)?;
        }
    }
    let people = Cast {
        clerk,
        tech,
        tech2,
        checker,
        reviewer,
        signatory,
        food_signatory,
    };
    let scenarios = scenarios();
    let mut numbers = Vec::new();
    for (k, s) in scenarios.iter().enumerate() {
        let t = start + Duration::hours(6 * k as i64);
        let n = play(&store, &catalog, &people, s, t, &certificates_dir)
            .with_context(|| format!("演示场景 {}（{}）", k + 1, s.sample))?;
        numbers.push(n);
    }
    // The campaign follows the story's last record (records are written in time order).
    let campaign_start = store.last_entry_time()? + Duration::hours(1);
    let units = [enterprise_code(4), enterprise_code(4)];
    campaign::play(
        &store,
        &catalog,
        &people,
        [&units[0], &units[1]],
        campaign_start,
        &certificates_dir,
    )
    .context("演示抽查任务")?;
    if let Some(first) = numbers.first() {
        let witness = people.reviewer.login.as_str();
        store.dispose_sample(&people.clerk, first, "销毁（切割报废）", witness, None, now)?;
    }
    Ok(info)
}

struct Cast {
    clerk: User,
    tech: User,
    tech2: User,
    /// Checks (校核) the raw records the two technicians made.
    checker: User,
    reviewer: User,
    signatory: User,
    /// Approves the food orders' subcontracts.
    food_signatory: User,
}

/// The demo's equipment register: (id, name, kind, model, serial, due in days from the start
/// of the story). The balance is overdue — the gate refuses it — and the spectrometer falls
/// due within the warning period.
const INSTRUMENTS: &[(&str, &str, &str, &str, &str, i64)] = &[
    (
        "SB-001",
        "微机控制电液伺服万能试验机",
        "万能材料试验机",
        "WAW-1000B",
        "2019-0317",
        300,
    ),
    (
        "SB-002",
        "全自动恒应力压力试验机",
        "水泥胶砂抗折抗压试验机",
        "YAW-300C",
        "2021-1108",
        200,
    ),
    (
        "SB-003",
        "火花直读光谱仪",
        "火花放电原子发射光谱仪",
        "ARL 4460",
        "4460-1672",
        35,
    ),
    (
        "SB-004",
        "原子吸收分光光度计",
        "原子吸收分光光度计",
        "AA-7000",
        "A3055-0912",
        160,
    ),
    ("SB-005", "电子天平", "电子天平", "ME204E", "B920-4411", 10),
];

fn register_instruments(store: &Store, admin: &User, start: DateTime<Utc>) -> anyhow::Result<()> {
    for (id, name, kind, model, serial, days) in INSTRUMENTS {
        let due = (start + Duration::days(*days)).date_naive();
        store.add_instrument(
            admin,
            crate::model::Instrument {
                id: id.to_string(),
                name: name.to_string(),
                kind: kind.to_string(),
                model: model.to_string(),
                serial: serial.to_string(),
                maker: String::new(),
                range: String::new(),
                resolution: String::new(),
                location: "检测大楼".into(),
                status: crate::model::InstrumentStatus::InUse,
                initial_due: due,
                calibrations: Vec::new(),
                checks: Vec::new(),
                revision: 0,
            },
            start,
        )?;
    }
    let last_year = (start - Duration::days(65)).date_naive();
    store.calibrate_instrument(
        admin,
        "SB-001",
        crate::store::NewCalibration {
            certificate: "JL2026-04417".into(),
            body: "福建省计量科学研究院".into(),
            date: last_year,
            due: (start + Duration::days(300)).date_naive(),
            result: "合格（1 级）".into(),
            correction: "示值相对误差 −0.4%～+0.3%".into(),
        },
        start,
    )?;
    Ok(())
}

/// The bench facts of a demo test: the instrument of the kind the method needs, and the
/// room's conditions that day.
fn bench_for(order: &crate::model::Order, item: &str, day: DateTime<Utc>) -> BenchInput {
    let kind = order.item(item).and_then(|i| i.needs.instrument.clone());
    let instruments = INSTRUMENTS
        .iter()
        .filter(|(_, _, k, ..)| Some(k.to_string()) == kind)
        .map(|(id, ..)| id.to_string())
        .collect();
    BenchInput {
        tested_on: Some(day.date_naive()),
        tested_until: None,
        instruments,
        conditions: Conditions {
            temperature: Some(rust_decimal::Decimal::new(205, 1)),
            humidity: Some(rust_decimal::Decimal::new(58, 0)),
        },
        deviation: None,
    }
}

/// How far an order gets in the story.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Registered,
    Received,
    Testing,
    Submitted,
    Reviewed,
    Approved,
    Issued,
}

struct Scenario {
    client: usize,
    producer: Option<usize>,
    kind: InspectionType,
    standard: &'static str,
    grade: &'static str,
    spec: Option<&'static str>,
    sample: &'static str,
    model_spec: &'static str,
    items: &'static [&'static str],
    results: &'static [(&'static str, &'static [&'static str])],
    stage: Stage,
    due_days: i64,
    /// An item tested by another lab: (item, lab, its accreditation number).
    subcontract: Option<(&'static str, &'static str, &'static str)>,
}

fn scenarios() -> Vec<Scenario> {
    use InspectionType::*;
    use Stage::*;
    let rebar: &[(&str, &[&str])] = &[
        ("ReL", &["445", "450"]),
        ("Rm", &["615", "620"]),
        ("A", &["24", "25"]),
        ("Agt", &["12.5", "13.0"]),
        ("bend", &["无裂纹", "无裂纹"]),
        ("W", &["-2.1"]),
    ];
    let rebar_e: &[(&str, &[&str])] = &[
        ("ReL", &["455", "460"]),
        ("Rm", &["600", "596"]),
        ("Agt", &["10.5", "11.0"]),
        ("bend", &["无裂纹", "无裂纹"]),
        ("W", &["-3.9"]),
    ];
    let fert: &[(&str, &[&str])] = &[
        ("N", &["15.3"]),
        ("P2O5", &["15.1"]),
        ("K2O", &["10.2"]),
        ("H2O", &["1.6"]),
    ];
    let rice: &[(&str, &[&str])] = &[("Pb", &["0.06"]), ("Cd", &["0.12"])];
    let rice_bad: &[(&str, &[&str])] = &[("Pb", &["0.08"]), ("Cd", &["0.31"])];
    let cement: &[(&str, &[&str])] = &[("R28", &["47.6", "48.1", "46.9", "47.8", "48.4", "47.2"])];
    let veg: &[(&str, &[&str])] = &[("Pb", &["<0.02"]), ("Cd", &["0.018"])];
    let none: &[(&str, &[&str])] = &[];
    vec![
        sc(
            0,
            Some(0),
            Commissioned,
            "GB 1499.2-2024",
            "HRB400",
            Some("d14-20"),
            "热轧带肋钢筋",
            "HRB400 Φ16",
            &["ReL", "Rm", "A", "Agt", "bend", "W"],
            rebar,
            Issued,
            -10,
        ),
        sc(
            1,
            Some(0),
            Commissioned,
            "GB 1499.2-2024",
            "HRB400E",
            Some("d22-50"),
            "热轧带肋钢筋",
            "HRB400E Φ25",
            &["ReL", "Rm", "Agt", "bend", "W", "RmReL"],
            rebar_e,
            Issued,
            -8,
        ),
        sc(
            2,
            Some(2),
            Commissioned,
            "GB/T 15063-2020",
            "高浓度",
            Some("未标含氯"),
            "复合肥料",
            "15-15-10",
            &["N", "P2O5", "K2O", "NPK", "H2O"],
            fert,
            Approved,
            2,
        ),
        Scenario {
            subcontract: Some(("Cd", "福建省食品药品质量检验研究院", "CNAS L0523")),
            ..sc(
                4,
                Some(4),
                Commissioned,
                "GB 2762-2022",
                "大米",
                None,
                "大米",
                "5 kg 袋装",
                &["Pb", "Cd"],
                rice,
                Reviewed,
                3,
            )
        },
        sc(
            4,
            Some(4),
            Commissioned,
            "GB 2762-2022",
            "大米",
            None,
            "大米（二）",
            "25 kg 袋装",
            &["Pb", "Cd"],
            rice_bad,
            Submitted,
            1,
        ),
        sc(
            7,
            Some(7),
            Commissioned,
            "GB 175-2023",
            "42.5",
            Some("P·O"),
            "普通硅酸盐水泥",
            "P·O 42.5",
            &["R28"],
            cement,
            Testing,
            4,
        ),
        sc(
            5,
            Some(5),
            Commissioned,
            "GB 2762-2022",
            "新鲜蔬菜",
            None,
            "小白菜",
            "鲜样 2 kg",
            &["Pb", "Cd"],
            veg,
            Testing,
            -2,
        ),
        sc(
            1,
            Some(0),
            Commissioned,
            "GB 1499.2-2024",
            "HRB500",
            Some("d6-12"),
            "热轧带肋钢筋",
            "HRB500 Φ10",
            &["ReL", "Rm", "A", "Agt", "bend", "W"],
            none,
            Received,
            5,
        ),
        sc(
            3,
            Some(2),
            Commissioned,
            "GB/T 15063-2020",
            "中浓度",
            Some("含氯（低氯）"),
            "复合肥料",
            "13-5-12",
            &["N", "P2O5", "K2O", "NPK"],
            none,
            Registered,
            6,
        ),
        sc(
            0,
            Some(0),
            Commissioned,
            "GB 1499.2-2024",
            "HRB400E",
            Some("d14-20"),
            "热轧带肋钢筋",
            "HRB400E Φ18",
            &["ReL", "Rm", "Agt", "bend", "W"],
            none,
            Registered,
            -1,
        ),
    ]
}

#[allow(clippy::too_many_arguments)]
fn sc(
    client: usize,
    producer: Option<usize>,
    kind: InspectionType,
    standard: &'static str,
    grade: &'static str,
    spec: Option<&'static str>,
    sample: &'static str,
    model_spec: &'static str,
    items: &'static [&'static str],
    results: &'static [(&'static str, &'static [&'static str])],
    stage: Stage,
    due_days: i64,
) -> Scenario {
    Scenario {
        client,
        producer,
        kind,
        standard,
        grade,
        spec,
        sample,
        model_spec,
        items,
        results,
        stage,
        due_days,
        subcontract: None,
    }
}

fn play(
    store: &Store,
    catalog: &Catalog,
    p: &Cast,
    s: &Scenario,
    t: DateTime<Utc>,
    certificates_dir: &Path,
) -> anyhow::Result<String> {
    let new = NewOrder {
        inspection_type: s.kind,
        client: enterprise_code(s.client),
        producer: s.producer.map(enterprise_code),
        sample: Sample {
            name: s.sample.into(),
            trademark: "/".into(),
            model_spec: s.model_spec.into(),
            batch: format!("{}", t.format("%Y%m%d")),
            quantity: "1 组".into(),
            condition: "包装完好，符合检验要求".into(),
            sample_number: String::new(),
        },
        standard: s.standard.into(),
        grade: s.grade.into(),
        spec: s.spec.map(str::to_string),
        items: s.items.iter().map(|x| x.to_string()).collect(),
        due: Some((t + Duration::days(21 + s.due_days)).date_naive()),
        deviations: String::new(),
        remarks: String::new(),
        allow_withdrawn: false,
    };
    let order = store.register_order(&p.clerk, catalog, &new, t)?;
    let n = order.number.as_str();
    let step = |h: i64| t + Duration::hours(h);
    if s.stage >= Stage::Received {
        store.receive(&p.clerk, n, None, step(1))?;
    }
    if let Some((item, lab, accreditation)) = s.subcontract.filter(|_| s.stage >= Stage::Received) {
        let input = ArrangementInput::Subcontract {
            lab: lab.into(),
            accreditation: accreditation.into(),
        };
        store.set_arrangement(&p.tech, n, item, &input, step(1))?;
        store.approve_arrangement(&p.food_signatory, n, item, step(1))?;
    }
    if s.stage >= Stage::Testing {
        for (k, (item, values)) in s.results.iter().enumerate() {
            let who = if k % 2 == 0 { &p.tech } else { &p.tech2 };
            let v: Vec<String> = values.iter().map(|x| x.to_string()).collect();
            let bench = bench_for(&order, item, step(2));
            store.enter_result_with(who, n, item, &v, None, &bench, None, None, step(2))?;
        }
    }
    if s.stage >= Stage::Submitted {
        store.check_order(&p.checker, n, None, step(3))?;
        store.submit(&p.tech, n, None, step(3))?;
    }
    if s.stage >= Stage::Reviewed {
        store.review(&p.reviewer, n, true, None, None, step(4))?;
    }
    if s.stage >= Stage::Approved {
        store.approve(&p.signatory, n, None, step(5))?;
    }
    if s.stage >= Stage::Issued {
        crate::certificate::issue_for_order(store, &p.signatory, n, certificates_dir, step(6))?;
    }
    Ok(order.number)
}
