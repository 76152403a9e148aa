//! Sample custody (样品管理): receipt, where the sample is, how long it is kept and how it was
//! disposed of (RB/T 214 §4.5.17; ISO/IEC 17025 §7.4).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::message::Msg;
use crate::msg;

/// Where a sample is in its life at the lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleLocation {
    /// 待检: received, waiting at the sample room.
    Received,
    /// 在检: at the bench.
    InTest,
    /// 留样: kept after testing for the retention period.
    Retained,
    /// 已退还: returned to the client.
    Released,
    /// 已处置.
    Disposed,
}

impl SampleLocation {
    pub const ALL: [SampleLocation; 5] = [
        SampleLocation::Received,
        SampleLocation::InTest,
        SampleLocation::Retained,
        SampleLocation::Released,
        SampleLocation::Disposed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SampleLocation::Received => "received",
            SampleLocation::InTest => "in_test",
            SampleLocation::Retained => "retained",
            SampleLocation::Released => "released",
            SampleLocation::Disposed => "disposed",
        }
    }

    pub fn parse(text: &str) -> Option<SampleLocation> {
        let t = text.trim();
        SampleLocation::ALL
            .into_iter()
            .find(|s| s.key() == t || s.zh() == t)
    }

    pub fn zh(self) -> &'static str {
        match self {
            SampleLocation::Received => "待检",
            SampleLocation::InTest => "在检",
            SampleLocation::Retained => "留样",
            SampleLocation::Released => "已退还",
            SampleLocation::Disposed => "已处置",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            SampleLocation::Received => "received",
            SampleLocation::InTest => "in test",
            SampleLocation::Retained => "retained",
            SampleLocation::Released => "released",
            SampleLocation::Disposed => "disposed",
        }
    }
}

/// The receipt of a sample (收样): when, in what state, the seal, and who took it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub date: NaiveDate,
    /// 样品状态 on receipt (完好、无锈蚀…).
    pub state: String,
    /// Seal number and whether it was intact (封样完好，封条编号 F-0123), or `/`.
    pub seal: String,
    pub by: String,
}

/// What the clerk gives on receipt; blanks take the registered state, today and `/`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReceiptInput {
    pub date: Option<NaiveDate>,
    pub state: Option<String>,
    pub seal: Option<String>,
    /// Where the sample is put (样品室 A-01).
    pub place: Option<String>,
}

/// One move of a sample: where to, when, who and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEvent {
    pub to: SampleLocation,
    /// The shelf or room (留样室 A-03).
    pub place: String,
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
}

/// How a sample left the lab's keeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposal {
    pub date: NaiveDate,
    /// 销毁 / 退还委托方 / 作废品处理…
    pub method: String,
    /// A second person who saw it done (login).
    pub witness: String,
    pub by: String,
}

/// A sample's custody: the moves, oldest first, and its disposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Custody {
    pub moves: Vec<CustodyEvent>,
    pub disposal: Option<Disposal>,
}

impl Custody {
    /// Where the sample is now; `None` before receipt.
    pub fn location(&self) -> Option<SampleLocation> {
        self.moves.last().map(|m| m.to)
    }

    /// The place of the last move (shelf, room).
    pub fn place(&self) -> &str {
        self.moves.last().map_or("", |m| m.place.as_str())
    }

    /// When the sample went into retention.
    pub fn retained_on(&self) -> Option<NaiveDate> {
        self.moves
            .iter()
            .rev()
            .find(|m| m.to == SampleLocation::Retained)
            .map(|m| m.at.date_naive())
    }

    /// The last day of the retention period (`days` from the lab's configuration for the
    /// product's class), counted from the day the sample went into retention.
    pub fn retention_ends(&self, days: u32) -> Option<NaiveDate> {
        self.retained_on()?
            .checked_add_days(chrono::Days::new(u64::from(days)))
    }

    /// Retained, and its retention period is over on `today`: due for disposal.
    pub fn retention_over(&self, days: u32, today: NaiveDate) -> bool {
        self.location() == Some(SampleLocation::Retained)
            && self.retention_ends(days).is_some_and(|end| end < today)
    }

    /// Whether a move to `to` may follow the current location: a disposed sample stays
    /// disposed; nothing moves before receipt.
    pub fn check_move(&self, to: SampleLocation) -> Result<(), Msg> {
        match self.location() {
            None => Err(msg!(
                "样品尚未收样，不能移动",
                "The sample has not been received yet"
            )),
            Some(SampleLocation::Disposed) => Err(msg!(
                "样品已处置，不能再移动",
                "The sample has been disposed of; it cannot move again"
            )),
            Some(from) if from == to && to != SampleLocation::Retained => {
                let (z, e) = (to.zh(), to.en());
                Err(msg!("样品已是“{z}”", "The sample is already {e}"))
            }
            _ => Ok(()),
        }
    }
}
