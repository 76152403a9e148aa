//! A small lab for integration tests: users for every role, two enterprises, a fixed clock.
//! With `UNILAB_TEST_ENGINE=postgres` the lab's records are kept in a fresh PostgreSQL
//! database instead of a redb file, so the same tests check both engines (`.ci/run` runs them
//! that way too).
#![allow(dead_code)]

pub mod campaign;
#[path = "../pg_common/mod.rs"]
pub mod pg;

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use unilab::catalog::Catalog;
use unilab::inspection::InspectionType;
use unilab::model::bench::{BenchInput, Conditions};
use unilab::model::{CreditClass, Enterprise, Lab, Order, Role, Sample, User};
use unilab::store::{Location, NewOrder, Store, StoreError};

pub const CLIENT: &str = "91350100M000100Y43";
pub const PRODUCER: &str = "91110000802100433B";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

pub struct Lab1 {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub catalog: Catalog,
    pub admin: User,
    pub clerk: User,
    pub tech: User,
    pub tech2: User,
    /// A technician who checks (校核) others' raw records.
    pub checker: User,
    pub reviewer: User,
    pub signatory: User,
    /// A signatory authorised only for food.
    pub food_signatory: User,
}

impl Lab1 {
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("unilab.redb")
    }
}

/// Where `lab()` keeps the records: the temporary folder's redb file, or a fresh PostgreSQL
/// database under `UNILAB_TEST_ENGINE=postgres`.
pub fn test_location(dir: &Path) -> Location {
    if on_postgres() {
        let url = pg::fresh_database("UNILAB_TEST_ENGINE=postgres")
            .expect("UNILAB_TEST_ENGINE=postgres needs a PostgreSQL server");
        Location::Postgres(url)
    } else {
        Location::File(dir.join("unilab.redb"))
    }
}

/// A stand-in for the certificate renderer: the report number as the file, a made-up hash.
pub fn fake_render(
    c: &unilab::certificate::CertificateContent,
    _: DateTime<Utc>,
) -> Result<unilab::store::Rendered, unilab::message::Msg> {
    Ok(unilab::store::Rendered {
        pdf: c.report_number.as_bytes().to_vec(),
        sha256: format!("sha-of-{}", c.report_number),
        qr_payload: c.report_number.clone(),
        pages: 1,
        timestamp: None,
        pdf_writer: 2,
    })
}

/// Is this run keeping the test labs in PostgreSQL (`UNILAB_TEST_ENGINE=postgres`)?
pub fn on_postgres() -> bool {
    std::env::var("UNILAB_TEST_ENGINE").as_deref() == Ok("postgres")
}

/// For a test about the redb file itself (editing it behind the store, an old file's upgrade,
/// the command line on the data folder): says it skipped and returns true under PostgreSQL.
/// Its PostgreSQL counterparts are in tests/store_engines.rs and tests/cli_store.rs.
pub fn file_engine_only(what: &str) -> bool {
    if on_postgres() {
        println!("SKIPPED on PostgreSQL ({what}): this test is about the redb file itself");
        return true;
    }
    false
}

pub fn lab() -> Lab1 {
    let dir = tempfile::tempdir().unwrap();
    let location = test_location(dir.path());
    lab_at(&location, dir)
}

/// The test lab kept at `location`, its folder `dir`.
pub fn lab_at(location: &Location, dir: tempfile::TempDir) -> Lab1 {
    let store = Store::create_at(
        location,
        dir.path(),
        Lab::new("福建省测试检验研究院"),
        "admin",
        "管理员",
        "adminpass",
        t0(),
    )
    .unwrap();
    Lab1::on(store, dir)
}

impl Lab1 {
    /// The test lab as it stands on `store` (users already there, e.g. after a move to
    /// another engine).
    pub fn reopened(store: Store, dir: tempfile::TempDir) -> Lab1 {
        let user = |login: &str| store.authenticate(login, "secret1", t0()).unwrap();
        Lab1 {
            admin: store.authenticate("admin", "adminpass", t0()).unwrap(),
            clerk: user("clerk"),
            tech: user("tech"),
            tech2: user("tech2"),
            checker: user("chk"),
            reviewer: user("rev"),
            signatory: user("sig"),
            food_signatory: user("sigfood"),
            catalog: Catalog::load(&[]).unwrap(),
            store,
            dir,
        }
    }

    /// The test lab's users, enterprises and catalog on a new store (admin `admin`,
    /// password `adminpass`) kept in `dir` or elsewhere.
    pub fn on(store: Store, dir: tempfile::TempDir) -> Lab1 {
        let admin = store.authenticate("admin", "adminpass", t0()).unwrap();
        let add = |login: &str, name: &str, roles: &[Role], fields: &[&str]| {
            let fields: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
            store
                .add_user(&admin, login, name, roles, &fields, "secret1", t0())
                .unwrap()
        };
        let clerk = add("clerk", "陈收样", &[Role::Clerk], &[]);
        let tech = add("tech", "林检验", &[Role::Technician], &[]);
        let tech2 = add("tech2", "黄检验", &[Role::Technician, Role::Reviewer], &[]);
        let checker = add("chk", "吴校核", &[Role::Technician], &[]);
        // One instrument of each kind the method library names (due a year on), and every
        // technician authorised for every method: the gate's own tests take these away.
        let catalog = Catalog::load(&[]).unwrap();
        let [tech, tech2, checker] = [tech, tech2, checker].map(|t| {
            unilab::bench::generate::authorise_all(&store, &catalog, &admin, &t, t0()).unwrap()
        });
        unilab::bench::generate::register_equipment(&store, &admin, t0()).unwrap();
        let reviewer = add("rev", "王审核", &[Role::Reviewer], &[]);
        let signatory = add("sig", "张批准", &[Role::Signatory], &["建筑材料", "化肥"]);
        let food_signatory = add("sigfood", "李批准", &[Role::Signatory], &["食品"]);
        for (code, name) in [
            (CLIENT, "福州钢铁有限公司"),
            (PRODUCER, "北京建材集团有限公司"),
        ] {
            store
                .add_enterprise(
                    &clerk,
                    Enterprise {
                        credit_code: code.into(),
                        name: name.into(),
                        address: "福建省福州市鼓楼区".into(),
                        contact: "0591-00000000".into(),
                        credit_class: CreditClass::B,
                        blacklist: None,
                        revision: 0,
                        quality: Default::default(),
                    },
                    t0(),
                )
                .unwrap();
        }
        Lab1 {
            dir,
            store,
            catalog,
            admin,
            clerk,
            tech,
            tech2,
            checker,
            reviewer,
            signatory,
            food_signatory,
        }
    }
}

pub fn rebar_order(items: &[&str]) -> NewOrder {
    NewOrder {
        inspection_type: InspectionType::Commissioned,
        client: CLIENT.into(),
        producer: Some(PRODUCER.into()),
        sample: Sample {
            name: "热轧带肋钢筋".into(),
            trademark: "闽钢".into(),
            model_spec: "HRB400E Φ16".into(),
            batch: "L2026-0301".into(),
            quantity: "4 根×500 mm".into(),
            condition: "完好，无锈蚀".into(),
            sample_number: String::new(),
        },
        standard: "GB 1499.2-2024".into(),
        grade: "HRB400E".into(),
        spec: Some("d14-20".into()),
        items: items.iter().map(|s| s.to_string()).collect(),
        due: None,
        deviations: String::new(),
        remarks: String::new(),
        allow_withdrawn: false,
    }
}

/// An order with all results entered by `tech`, received and in testing.
pub fn tested_order(l: &Lab1) -> Order {
    let o = l
        .store
        .register_order(
            &l.clerk,
            &l.catalog,
            &rebar_order(&["ReL", "Rm", "Agt", "bend"]),
            t0(),
        )
        .unwrap();
    l.store.receive(&l.clerk, &o.number, None, t0()).unwrap();
    for (item, values) in [
        ("ReL", vec!["445", "450"]),
        ("Rm", vec!["610", "620"]),
        ("Agt", vec!["11.0", "12.5"]),
        ("bend", vec!["无裂纹", "无裂纹"]),
    ] {
        let v: Vec<String> = values.into_iter().map(String::from).collect();
        l.store
            .enter_at_bench(&l.tech, &o.number, item, &v, None, None, t0())
            .unwrap();
    }
    l.store.order(&o.number).unwrap()
}

/// The bench facts of an ordinary test in these labs: the universal testing machine SB-001
/// (in calibration), 20 ℃ and 50 %RH, tested on the record's day.
pub fn bench_at(now: DateTime<Utc>) -> BenchInput {
    BenchInput {
        tested_on: Some(now.date_naive()),
        tested_until: None,
        instruments: vec!["SB-001".into()],
        conditions: Conditions {
            temperature: Some("20".parse().unwrap()),
            humidity: Some("50".parse().unwrap()),
        },
        deviation: None,
    }
}

/// Result entry with [`bench_at`]'s bench facts, for tests about something else.
pub trait AtBench {
    #[allow(clippy::too_many_arguments)]
    fn enter_at_bench(
        &self,
        actor: &User,
        number: &str,
        item: &str,
        texts: &[String],
        reason: Option<&str>,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order, StoreError>;
}

impl AtBench for Store {
    fn enter_at_bench(
        &self,
        actor: &User,
        number: &str,
        item: &str,
        texts: &[String],
        reason: Option<&str>,
        expected: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Order, StoreError> {
        let bench = bench_at(now);
        self.enter_result_with(
            actor, number, item, texts, None, &bench, reason, expected, now,
        )
    }
}

/// Register a spot check for `new`'s standard, grade and spec: a task for it, and a complete
/// sampling record taken from the client the day before.
pub fn register_spot_check(l: &Lab1, new: &NewOrder) -> Order {
    let task = l
        .store
        .add_task(
            &l.clerk,
            &l.catalog,
            &unilab::store::NewTask {
                name: "监督抽查".into(),
                authority: "福建省市场监督管理局".into(),
                standard: new.standard.clone(),
                grade: new.grade.clone(),
                spec: new.spec.clone(),
                batches: 10,
                ..Default::default()
            },
            t0(),
        )
        .unwrap();
    let reg = unilab::store::Registration {
        sampling: Some(sampling(&task.number, &new.client)),
        ..Default::default()
    };
    l.store
        .register_order_with(&l.clerk, &l.catalog, new, &reg, t0())
        .unwrap()
}

/// A complete sampling record for `task`, taken at `unit`.
pub fn sampling(task: &str, unit: &str) -> unilab::model::sampling::SamplingInput {
    unilab::model::sampling::SamplingInput {
        task: task.into(),
        form_number: "CY2026-0301".into(),
        samplers: vec!["陈抽样".into(), "林抽样".into()],
        date: Some((t0() - chrono::Duration::days(1)).date_naive()),
        place: "福州市仓山区 成品仓库".into(),
        sampled_unit: unit.into(),
        lot_size: "200 t".into(),
        sample_quantity: "4 根×500 mm".into(),
        reserve_quantity: "4 根×500 mm".into(),
        reserve_location: "本所样品室".into(),
        seal: "F-0123".into(),
        confirmed_by: "王经理".into(),
    }
}

/// The checker's step by `l.checker`, then submission by `l.tech`.
pub fn submit_checked(l: &Lab1, number: &str) -> Order {
    l.store.check_order(&l.checker, number, None, t0()).unwrap();
    l.store.submit(&l.tech, number, None, t0()).unwrap()
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_unilab")
}

pub fn exists(p: &Path) -> bool {
    p.exists()
}
