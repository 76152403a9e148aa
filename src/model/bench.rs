//! What happened at the bench for one entry of results: the test date (not the time the
//! values were typed), the instruments used with the calibration due date that covered the
//! test, and the environmental conditions (RB/T 214 §4.5.11, §4.5.20; ISO/IEC 17025 §7.5).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An instrument as used for a test: kept with the entry so the raw record shows the due date
/// that covered the test even after the instrument is calibrated again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentUse {
    pub id: String,
    pub name: String,
    pub model: String,
    pub due: NaiveDate,
}

/// Environmental conditions of a test session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Conditions {
    /// ℃
    pub temperature: Option<Decimal>,
    /// %RH
    pub humidity: Option<Decimal>,
}

impl Conditions {
    pub fn is_empty(&self) -> bool {
        self.temperature.is_none() && self.humidity.is_none()
    }

    /// `23.5 ℃，55 %RH`, or `/` when nothing was recorded.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = self.temperature {
            parts.push(format!("{t} ℃"));
        }
        if let Some(h) = self.humidity {
            parts.push(format!("{h} %RH"));
        }
        if parts.is_empty() {
            "/".into()
        } else {
            parts.join("，")
        }
    }
}

impl BenchRecord {
    /// The last day of the test: `tested_until`, else the test date.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.tested_until.or(self.tested_on)
    }
}

/// The bench facts entered with values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BenchRecord {
    /// The day the test was done (检测日期), or began, entered by the technician.
    pub tested_on: Option<NaiveDate>,
    /// The day a test that runs over several days ended (a cement mortar's 28-day strength).
    #[serde(default)]
    pub tested_until: Option<NaiveDate>,
    pub instruments: Vec<InstrumentUse>,
    pub conditions: Conditions,
    /// Why the test ran outside the method's conditions (a deviation, to be approved).
    pub deviation: Option<String>,
}

/// What a technician gives with values: the test date, instrument ids and conditions. The
/// store turns it into a [`BenchRecord`] after checking each against the register.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BenchInput {
    /// The day of the test (or its first day); the record date when not given.
    pub tested_on: Option<NaiveDate>,
    /// The last day of a test that runs over several days.
    pub tested_until: Option<NaiveDate>,
    pub instruments: Vec<String>,
    pub conditions: Conditions,
    /// A justification for conditions outside the method's range.
    pub deviation: Option<String>,
}
