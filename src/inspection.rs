//! Inspection types (检验类别) and the conclusion wording each one uses.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionType {
    /// 委托检验: the client chooses the items.
    Commissioned,
    /// 监督抽查: state supervision spot check.
    Supervision,
    /// 型式检验
    Type,
    /// 出厂检验
    Factory,
    /// 生产许可证检验
    Licence,
}

impl InspectionType {
    pub const ALL: [InspectionType; 5] = [
        InspectionType::Commissioned,
        InspectionType::Supervision,
        InspectionType::Type,
        InspectionType::Factory,
        InspectionType::Licence,
    ];

    pub fn key(self) -> &'static str {
        match self {
            InspectionType::Commissioned => "commissioned",
            InspectionType::Supervision => "supervision",
            InspectionType::Type => "type",
            InspectionType::Factory => "factory",
            InspectionType::Licence => "licence",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            InspectionType::Commissioned => "委托检验",
            InspectionType::Supervision => "监督抽查",
            InspectionType::Type => "型式检验",
            InspectionType::Factory => "出厂检验",
            InspectionType::Licence => "生产许可证检验",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            InspectionType::Commissioned => "Commissioned test",
            InspectionType::Supervision => "Supervision spot check",
            InspectionType::Type => "Type test",
            InspectionType::Factory => "Factory release test",
            InspectionType::Licence => "Production licence test",
        }
    }

    /// In a commissioned test the client picks the items; the scheme only proposes them.
    pub fn client_chooses_items(self) -> bool {
        self == InspectionType::Commissioned
    }

    /// The conclusion as DOMAIN.md §2 words it for this type. `all_pass` is false when any
    /// item failed; a spot check never says 合格, only that nothing non-conforming was found.
    pub fn conclusion(self, standard: &str, all_pass: bool) -> String {
        match (self, all_pass) {
            (InspectionType::Supervision, true) => {
                format!("经抽样检验，所检项目未发现不合格（依据 {standard}）。")
            }
            (InspectionType::Supervision, false) => {
                format!("经抽样检验，所检项目不符合 {standard} 要求，判定为不合格。")
            }
            (InspectionType::Commissioned, true) => format!("所检项目符合 {standard} 要求。"),
            (InspectionType::Commissioned, false) => format!("所检项目不符合 {standard} 要求。"),
            (_, true) => format!("所检项目符合 {standard} 要求，判定为合格。"),
            (_, false) => format!("所检项目不符合 {standard} 要求，判定为不合格。"),
        }
    }
}

impl FromStr for InspectionType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        InspectionType::ALL
            .into_iter()
            .find(|k| k.key() == t || k.zh() == t)
            .ok_or_else(|| {
                format!(
                    "检验类别“{t}”无效，应为 commissioned、supervision、type、factory 或 licence"
                )
            })
    }
}

impl fmt::Display for InspectionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conclusions_are_worded_by_type() {
        let c = InspectionType::Commissioned.conclusion("GB/T 15063-2020", true);
        assert_eq!(c, "所检项目符合 GB/T 15063-2020 要求。");
        let s = InspectionType::Supervision.conclusion("GB/T 15063-2020", true);
        assert!(s.contains("未发现不合格"));
        assert!(!s.contains("判定为合格"));
        let f = InspectionType::Commissioned.conclusion("GB/T 15063-2020", false);
        assert!(f.contains("不符合"));
    }

    #[test]
    fn parses_keys_and_chinese() {
        assert_eq!(
            "licence".parse::<InspectionType>(),
            Ok(InspectionType::Licence)
        );
        assert_eq!(
            "监督抽查".parse::<InspectionType>(),
            Ok(InspectionType::Supervision)
        );
        assert!("audit".parse::<InspectionType>().is_err());
    }
}
