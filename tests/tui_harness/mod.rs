//! A lab with orders in every state and an `App` driven by keys, without a terminal: a fixed
//! clock, fixed ids and a fake certificate issuer that writes a stand-in PDF.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unilab::catalog::Catalog;
use unilab::certificate::CertificateContent;
use unilab::inspection::InspectionType;
use unilab::model::bench::BenchInput;
use unilab::model::{
    CreditClass, Enterprise, Instrument, InstrumentStatus, Lab, Role, Sample, User,
};
use unilab::store::{NewOrder, Rendered, Store};
use unilab::tui::keymap::{Action, Keymap};
use unilab::tui::{effects, handle_key, ui, update, App, Effect, IssueFn, Lang, Services};

pub const CLIENT: &str = "91350100M000100Y43";
pub const PRODUCER: &str = "91110000802100433B";
pub const BLACK: &str = "9144030071526726XG";
pub const PASSWORD: &str = "secret1";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// The bench facts the lab's own results are entered with: the universal testing machine in
/// calibration and a room at 23 ℃ (GB/T 228.1 wants 10–35 ℃).
pub fn bench() -> BenchInput {
    BenchInput {
        tested_on: None,
        tested_until: None,
        instruments: vec!["SB-001".into()],
        conditions: unilab::model::bench::Conditions {
            temperature: Some(rust_decimal::Decimal::from(23)),
            humidity: None,
        },
        deviation: None,
    }
}

/// An overdue universal testing machine: due the day before the harness's today.
pub const OVERDUE: &str = "SB-009";

pub fn fake_issuer() -> IssueFn {
    Box::new(|store, user, order, dir, now| {
        let mut render =
            |c: &CertificateContent, _t: DateTime<Utc>| -> Result<Rendered, unilab::message::Msg> {
                Ok(Rendered {
                    pdf: format!("%PDF-1.7 stand-in for {}", c.report_number).into_bytes(),
                    sha256: "0".repeat(64),
                    qr_payload: c.report_number.clone(),
                    pages: 1,
                    timestamp: None,
                    pdf_writer: 2,
                })
            };
        let (report, pdf) = store.issue_report(user, order, now, &mut render)?;
        std::fs::create_dir_all(dir)?;
        let path = dir.join(format!("{}.pdf", report.number));
        std::fs::write(&path, pdf)?;
        Ok((report, path))
    })
}

pub struct H {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub app: App,
    pub issue: IssueFn,
    pub out: PathBuf,
    pub catalog: Arc<Catalog>,
    /// The real page count, from the shipped template.
    pub pages: unilab::tui::effects::PagesFn,
}

pub fn rebar(items: &[&str]) -> NewOrder {
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
            condition: "完好".into(),
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

impl H {
    /// An empty lab: users for every role and three enterprises, no orders.
    pub fn empty() -> H {
        let dir = tempfile::tempdir().unwrap();
        let mut lab = Lab::new("福建省测试检验研究院");
        lab.address = "福州市鼓楼区测试路 1 号".into();
        let store = Store::create(
            &dir.path().join("unilab.redb"),
            lab,
            "admin",
            "管理员",
            "adminpass",
            t0(),
        )
        .unwrap();
        let admin = store.authenticate("admin", "adminpass", t0()).unwrap();
        for (login, name, roles, fields) in [
            ("clerk", "陈收样", vec![Role::Clerk], vec![]),
            ("tech", "林检验", vec![Role::Technician], vec![]),
            // The checker (校核): a second technician who did not enter the results.
            ("tech2", "郑校核", vec![Role::Technician], vec![]),
            ("rev", "王审核", vec![Role::Reviewer], vec![]),
            (
                "sig",
                "张批准",
                vec![Role::Signatory],
                vec!["*".to_string()],
            ),
        ] {
            store
                .add_user(&admin, login, name, &roles, &fields, PASSWORD, t0())
                .unwrap();
        }
        for (code, name, class, black) in [
            (CLIENT, "福州钢铁有限公司", CreditClass::A, None),
            (PRODUCER, "北京建材集团有限公司", CreditClass::B, None),
            (
                BLACK,
                "深圳劣质建材有限公司",
                CreditClass::C,
                Some("抽查连续不合格".to_string()),
            ),
        ] {
            store
                .add_enterprise(
                    &admin,
                    Enterprise {
                        credit_code: code.into(),
                        name: name.into(),
                        address: "福建省福州市".into(),
                        contact: "0591-00000000".into(),
                        credit_class: class,
                        blacklist: black,
                        revision: 0,
                        quality: Default::default(),
                    },
                    t0(),
                )
                .unwrap();
        }
        let catalog = Arc::new(Catalog::load(&[]).unwrap());
        // The register and the technician's method authorisations the gate asks for: one
        // instrument per kind the library names (due in a year), and one overdue machine.
        let tech = store.user("tech").unwrap();
        unilab::bench::generate::equip(&store, &catalog, &admin, &tech, t0()).unwrap();
        store
            .add_instrument(
                &admin,
                Instrument {
                    id: OVERDUE.into(),
                    name: "液压万能试验机（旧）".into(),
                    kind: "万能材料试验机".into(),
                    model: "WE-600".into(),
                    serial: "2009-0112".into(),
                    maker: "长春试验机厂".into(),
                    range: "0～600 kN".into(),
                    resolution: "0.1 kN".into(),
                    location: "力学室".into(),
                    status: InstrumentStatus::InUse,
                    initial_due: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                    calibrations: Vec::new(),
                    checks: Vec::new(),
                    revision: 0,
                },
                t0(),
            )
            .unwrap();
        let app = App::new(Lang::Zh, t0(), catalog.clone(), Keymap::default());
        let out = dir.path().join("certificates");
        let data_dir = dir.path().to_path_buf();
        let mut h = H {
            dir,
            store,
            app,
            issue: fake_issuer(),
            out,
            catalog,
            pages: Box::new(unilab::certificate::issue::page_counter(&data_dir)),
        };
        h.run(vec![Effect::Reload { external: false }]);
        h
    }

    /// A lab with orders in every state (numbers 1…7 in workflow order, 8 overdue).
    pub fn full() -> H {
        let h = H::empty();
        let u = |l: &str| h.store.user(l).unwrap();
        let (clerk, tech, rev, sig) = (u("clerk"), u("tech"), u("rev"), u("sig"));
        let checker = u("tech2");
        let mut numbers = Vec::new();
        for stage in 0..7 {
            let o = h
                .store
                .register_order(
                    &clerk,
                    &h.catalog,
                    &rebar(&["ReL", "Rm", "Agt", "bend"]),
                    t0(),
                )
                .unwrap();
            let n = o.number.clone();
            numbers.push(n.clone());
            if stage >= 1 {
                h.store.receive(&clerk, &n, None, t0()).unwrap();
            }
            if stage >= 2 {
                for (item, vals) in [
                    ("ReL", ["445", "450"]),
                    ("Rm", ["610", "620"]),
                    ("Agt", ["11.0", "12.5"]),
                    ("bend", ["无裂纹", "无裂纹"]),
                ] {
                    if stage == 2 && item != "ReL" {
                        continue;
                    }
                    let v: Vec<String> = vals.iter().map(|s| s.to_string()).collect();
                    h.store
                        .enter_result_with(&tech, &n, item, &v, None, &bench(), None, None, t0())
                        .unwrap();
                }
            }
            if stage >= 3 {
                h.store.check_order(&checker, &n, None, t0()).unwrap();
                h.store.submit(&tech, &n, None, t0()).unwrap();
            }
            if stage >= 4 {
                h.store.review(&rev, &n, true, None, None, t0()).unwrap();
            }
            if stage >= 5 {
                h.store.approve(&sig, &n, None, t0()).unwrap();
            }
            if stage >= 6 {
                (h.issue)(&h.store, &sig, &n, &h.out, t0()).unwrap();
            }
        }
        let mut late = rebar(&["ReL", "bend"]);
        late.sample.name = "钢筋（逾期）".into();
        late.due = NaiveDate::from_ymd_opt(2026, 2, 20);
        h.store
            .register_order(&clerk, &h.catalog, &late, t0())
            .unwrap();
        let mut h = h;
        h.run(vec![Effect::Reload { external: false }]);
        h
    }

    /// The demo lab as `unilab demo` makes it on 2 December 2026, 09:00 UTC (its running
    /// campaign included), with the real certificate issuer.
    pub fn demo() -> H {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let info = unilab::demo::ensure_demo_lab(dir.path(), now).unwrap();
        // The lab's store as `open_lab_store` opens it, but writing at the harness's fixed
        // clock rather than the system's, so dated refusals read the same on any day.
        let store = Store::open(&dir.path().join(unilab::store::DB_FILE))
            .unwrap()
            .with_lab_key(
                unilab::certificate::keys::LabKey::load(&unilab::certificate::issue::keys_dir(
                    dir.path(),
                ))
                .unwrap(),
            );
        let catalog = Arc::new(Catalog::load(&[]).unwrap());
        let app = App::new(Lang::Zh, now, catalog.clone(), Keymap::default());
        let pages = Box::new(unilab::certificate::issue::page_counter(dir.path()));
        let mut h = H {
            dir,
            store,
            app,
            issue: unilab::tui::issue::default_issuer(),
            out: info.certificates_dir,
            catalog,
            pages,
        };
        h.run(vec![Effect::Reload { external: false }]);
        h
    }

    /// Log in to the demo lab (every demo user's password is `demo123`).
    pub fn login_demo(&mut self, login: &str) {
        if self.app.user.is_some() {
            self.key(KeyCode::F(12));
        }
        self.login(login, unilab::demo::PASSWORD);
        assert_eq!(
            self.app.user.as_ref().map(|u| u.login.as_str()),
            Some(login),
            "{:?}",
            self.app.login.message
        );
    }

    /// Set the session's bench facts through the results screen's form: the first usable
    /// instrument the form offers (SB-001) and 23 ℃.
    pub fn set_bench(&mut self) {
        self.ctrl('b');
        self.key(KeyCode::Tab);
        self.key(KeyCode::Tab);
        self.typ("23");
        self.key(KeyCode::Enter);
        assert!(self.app.popup.is_none(), "{:?}", self.app.popup);
    }

    /// Enter a result the way the store's own callers do, with the harness's bench facts.
    pub fn enter(&self, login: &str, number: &str, item: &str, values: &[&str]) {
        let v: Vec<String> = values.iter().map(|s| s.to_string()).collect();
        self.store
            .enter_result_with(
                &self.user(login),
                number,
                item,
                &v,
                None,
                &bench(),
                None,
                None,
                t0(),
            )
            .unwrap();
    }

    pub fn user(&self, login: &str) -> User {
        self.store.user(login).unwrap()
    }

    pub fn run(&mut self, effects: Vec<Effect>) {
        let svc = Services {
            store: &self.store,
            issue: &self.issue,
            cert_out_dir: &self.out,
            pages: &self.pages,
        };
        effects::run(&mut self.app, &svc, effects);
    }

    /// Log in through the login screen.
    pub fn login(&mut self, login: &str, password: &str) {
        self.typ(login);
        self.key(KeyCode::Tab);
        self.typ(password);
        self.key(KeyCode::Enter);
    }

    pub fn login_as(&mut self, login: &str) {
        if self.app.user.is_some() {
            self.key(KeyCode::F(12));
        }
        self.login(
            login,
            if login == "admin" {
                "adminpass"
            } else {
                PASSWORD
            },
        );
        assert_eq!(
            self.app.user.as_ref().map(|u| u.login.as_str()),
            Some(login),
            "{:?}",
            self.app.login.message
        );
    }

    pub fn press(&mut self, k: KeyEvent) {
        let effects = handle_key(&mut self.app, k);
        self.run(effects);
    }

    pub fn key(&mut self, c: KeyCode) {
        self.press(KeyEvent::new(c, KeyModifiers::NONE));
    }

    pub fn ctrl(&mut self, c: char) {
        self.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    pub fn typ(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn act(&mut self, a: Action) {
        let effects = update(&mut self.app, a);
        self.run(effects);
    }

    pub fn render(&mut self, w: u16, h: u16) -> String {
        update(&mut self.app, Action::Resize(w, h));
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| ui::draw(f, &self.app)).unwrap();
        buffer_text(term.backend().buffer())
    }

    /// The screen as plain text (for `contains` checks).
    pub fn screen(&mut self) -> String {
        let (w, h) = self.app.size;
        self.render(w.max(80), h.max(24))
    }

    /// The status line's text (what the last key said), empty when nothing was said.
    pub fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    /// Open the registration form and fill it up to the grade: the client found by
    /// `client_query`, no producer, the standard `standard`. Focus is then on the grade.
    pub fn start_registration(&mut self, client_query: &str, standard: &str) {
        self.key(KeyCode::F(4));
        self.key(KeyCode::Tab); // client
        self.typ(client_query);
        self.key(KeyCode::Tab); // producer
        self.key(KeyCode::Tab); // standard
        self.typ(standard);
        self.key(KeyCode::Tab); // grade
    }

    pub fn number(&self, i: u32) -> String {
        let lab = self.store.lab().unwrap();
        lab.order_number(2026, i as u64)
    }
}

/// The buffer as lines of text, each wide character once (its hidden second cell skipped).
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = sym.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
