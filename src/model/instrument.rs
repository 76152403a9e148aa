//! The equipment register (设备台账): each instrument, its calibration or verification records
//! and intermediate checks (期间核查), and whether it may be used on a given day
//! (RB/T 214-2017 §4.4; ISO/IEC 17025:2017 §6.4). Under 总局令第39号 a report made with an
//! instrument out of calibration counts as false, so the gate is a rule, not a warning.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::message::Msg;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentStatus {
    /// 在用 (合格, green label).
    #[default]
    InUse,
    /// 限用 (准用, yellow label): usable within stated limits.
    Limited,
    /// 停用 (red label): may not be used.
    OutOfService,
}

impl InstrumentStatus {
    pub const ALL: [InstrumentStatus; 3] = [
        InstrumentStatus::InUse,
        InstrumentStatus::Limited,
        InstrumentStatus::OutOfService,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InstrumentStatus::InUse => "in_use",
            InstrumentStatus::Limited => "limited",
            InstrumentStatus::OutOfService => "out_of_service",
        }
    }

    pub fn parse(text: &str) -> Option<InstrumentStatus> {
        let t = text.trim();
        InstrumentStatus::ALL
            .into_iter()
            .find(|s| s.key() == t || s.zh() == t)
    }

    pub fn zh(self) -> &'static str {
        match self {
            InstrumentStatus::InUse => "在用",
            InstrumentStatus::Limited => "限用",
            InstrumentStatus::OutOfService => "停用",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            InstrumentStatus::InUse => "in use",
            InstrumentStatus::Limited => "limited use",
            InstrumentStatus::OutOfService => "out of service",
        }
    }
}

/// One calibration or verification (检定/校准) and what its certificate states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calibration {
    pub certificate: String,
    /// The calibration or verification body.
    pub body: String,
    pub date: NaiveDate,
    pub due: NaiveDate,
    /// 合格 / 准用 / 不合格, or the body's own words.
    pub result: String,
    /// The correction or uncertainty the certificate states (修正值 / 不确定度).
    pub correction: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// An intermediate check between calibrations (期间核查).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntermediateCheck {
    pub date: NaiveDate,
    pub passed: bool,
    pub note: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// The lab's own equipment number (设备编号), e.g. `SB-001`.
    pub id: String,
    pub name: String,
    /// The kind a method names (万能材料试验机); defaults to the name.
    pub kind: String,
    pub model: String,
    pub serial: String,
    pub maker: String,
    /// Measuring range and resolution (测量范围 / 分辨力).
    pub range: String,
    pub resolution: String,
    pub location: String,
    pub status: InstrumentStatus,
    /// Due date recorded when the instrument was registered, before any calibration here.
    pub initial_due: NaiveDate,
    pub calibrations: Vec<Calibration>,
    pub checks: Vec<IntermediateCheck>,
    pub revision: u64,
}

impl Instrument {
    /// The texts a person typed: no control characters; an id and a name.
    pub fn validate(&self) -> Result<(), Msg> {
        use super::text::{check_required, check_text};
        check_required(["设备编号", "Instrument id"], &self.id)?;
        if self.id.chars().any(char::is_whitespace) {
            let id = &self.id;
            return Err(msg!(
                "设备编号“{id}”不能含空格",
                "Instrument id “{id}” may not contain spaces"
            ));
        }
        check_required(["设备名称", "Instrument name"], &self.name)?;
        for (f, v) in [
            (["设备类别", "Kind"], &self.kind),
            (["型号", "Model"], &self.model),
            (["出厂编号", "Serial number"], &self.serial),
            (["制造商", "Maker"], &self.maker),
            (["测量范围", "Range"], &self.range),
            (["分辨力", "Resolution"], &self.resolution),
            (["存放地点", "Location"], &self.location),
        ] {
            check_text(f, v)?;
        }
        Ok(())
    }

    /// The calibration due date in force now: the latest calibration's, else the one given
    /// at registration.
    pub fn due(&self) -> NaiveDate {
        self.calibrations
            .iter()
            .max_by_key(|c| c.date)
            .map_or(self.initial_due, |c| c.due)
    }

    /// The due date that covered a test on `day`: the latest calibration made on or before it
    /// (a calibration made after the test does not make the test valid).
    pub fn due_on(&self, day: NaiveDate) -> NaiveDate {
        self.calibrations
            .iter()
            .filter(|c| c.date <= day)
            .max_by_key(|c| c.date)
            .map_or(self.initial_due, |c| c.due)
    }

    /// Why the instrument may not be used for a test on `day`, or nothing when it may:
    /// out of service, or past its calibration due date (due today is still in calibration).
    pub fn refusal_on(&self, day: NaiveDate) -> Option<Msg> {
        let (id, name) = (&self.id, &self.name);
        if self.status == InstrumentStatus::OutOfService {
            return Some(msg!(
                "设备 {id}（{name}）已停用，不能用于检测",
                "Instrument {id} ({name}) is out of service and may not be used"
            ));
        }
        let due = self.due_on(day);
        if due < day {
            return Some(msg!(
                "设备 {id}（{name}）检定/校准有效期至 {due}，检测日期 {day} 已超期，不能使用",
                "Instrument {id} ({name}) was due for calibration on {due}; it may not be used for a test on {day}"
            ));
        }
        if let Some(c) = self
            .checks
            .iter()
            .filter(|c| c.date <= day)
            .max_by_key(|c| c.date)
            .filter(|c| !c.passed)
            .filter(|c| {
                !self
                    .calibrations
                    .iter()
                    .any(|k| k.date >= c.date && k.date <= day)
            })
        {
            let d = c.date;
            return Some(msg!(
                "设备 {id}（{name}）{d} 期间核查不合格，须重新检定/校准后才能使用",
                "Instrument {id} ({name}) failed its intermediate check on {d}; calibrate it again before use"
            ));
        }
        None
    }

    /// Due within `days` of `today` (or already overdue), and not out of service.
    pub fn due_within(&self, today: NaiveDate, days: u64) -> bool {
        self.status != InstrumentStatus::OutOfService
            && today
                .checked_add_days(chrono::Days::new(days))
                .is_some_and(|limit| self.due() <= limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    fn machine(due: &str) -> Instrument {
        Instrument {
            id: "SB-001".into(),
            name: "微机控制电液伺服万能试验机".into(),
            kind: "万能材料试验机".into(),
            model: "WAW-1000B".into(),
            serial: "2019-0317".into(),
            maker: "济南试验机厂".into(),
            range: "0～1000 kN".into(),
            resolution: "0.01 kN".into(),
            location: "力学室".into(),
            status: InstrumentStatus::InUse,
            initial_due: day(due),
            calibrations: Vec::new(),
            checks: Vec::new(),
            revision: 1,
        }
    }

    #[test]
    fn due_today_is_usable_due_yesterday_is_not() {
        let m = machine("2026-03-02");
        assert!(m.refusal_on(day("2026-03-02")).is_none());
        let why = m.refusal_on(day("2026-03-03")).unwrap();
        assert!(
            why.zh.contains("SB-001") && why.zh.contains("2026-03-02"),
            "{}",
            why.zh
        );
        assert!(why.en.contains("2026-03-03"), "{}", why.en);
    }

    #[test]
    fn a_calibration_after_the_test_does_not_cover_it() {
        let mut m = machine("2026-03-02");
        m.calibrations.push(Calibration {
            certificate: "JL2026-0456".into(),
            body: "福建省计量科学研究院".into(),
            date: day("2026-03-10"),
            due: day("2027-03-09"),
            result: "合格".into(),
            correction: "U=0.3%（k=2）".into(),
            recorded_by: "admin".into(),
            recorded_at: Utc::now(),
        });
        assert_eq!(m.due(), day("2027-03-09"));
        assert!(m.refusal_on(day("2026-03-05")).is_some());
        assert!(m.refusal_on(day("2026-03-10")).is_none());
    }

    #[test]
    fn out_of_service_and_a_failed_check_refuse() {
        let mut m = machine("2027-01-01");
        m.checks.push(IntermediateCheck {
            date: day("2026-05-01"),
            passed: false,
            note: "标准测力仪示值误差 1.5%".into(),
            by: "tech".into(),
        });
        assert!(m.refusal_on(day("2026-04-30")).is_none());
        assert!(m
            .refusal_on(day("2026-05-02"))
            .unwrap()
            .zh
            .contains("期间核查"));
        m.status = InstrumentStatus::OutOfService;
        assert!(m.refusal_on(day("2026-04-30")).unwrap().zh.contains("停用"));
    }
}
