//! The 检验结论 of an order, in one place for the order page, `order show` and the certificate,
//! so the overall verdict and the words beside it can never disagree: an item that cannot be
//! judged is named, and the rest is never called conforming "as a whole".

use crate::evaluate::ItemOutcome;
use crate::inspection::InspectionType;
use crate::judge::Verdict;

use super::order::Order;

/// Which items decided the conclusion, by their names in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    pub inspection_type: InspectionType,
    pub standard: String,
    pub failed: Vec<String>,
    pub undecided: Vec<String>,
    /// Guard-band rule only: outside the limit by at most U (a statement of non-conformity).
    pub conditional_fail: Vec<String>,
    /// Guard-band rule only: inside the limit by at most U.
    pub conditional_pass: Vec<String>,
}

impl Conclusion {
    /// Names come from the item's Chinese or English name.
    pub fn of(order: &Order, outcomes: &[ItemOutcome], english: bool) -> Conclusion {
        let names = |want: fn(&Verdict) -> bool| -> Vec<String> {
            order
                .items
                .iter()
                .zip(outcomes)
                .filter(|(_, o)| o.verdict().is_some_and(want))
                .map(|(i, _)| {
                    if english && !i.name_en.is_empty() {
                        i.name_en.clone()
                    } else {
                        i.name_zh.clone()
                    }
                })
                .collect()
        };
        Conclusion {
            inspection_type: order.inspection_type,
            // Every basis the items were judged by (GB/T 15063-2020、GB 38400-2019).
            standard: order.basis_codes().join("、"),
            failed: names(|v| matches!(v, Verdict::Fail)),
            undecided: names(|v| matches!(v, Verdict::CannotJudge(_))),
            conditional_fail: names(|v| matches!(v, Verdict::ConditionalFail)),
            conditional_pass: names(|v| matches!(v, Verdict::ConditionalPass)),
        }
    }

    /// As printed on the certificate.
    pub fn zh(&self) -> String {
        let std = &self.standard;
        let supervision = self.inspection_type == InspectionType::Supervision;
        // A conditional fail is a statement of non-conformity too (ILAC-G8).
        let fail_side = !self.failed.is_empty() || !self.conditional_fail.is_empty();
        let mut text = if fail_side {
            self.inspection_type.conclusion(std, false)
        } else if !self.undecided.is_empty() {
            // Nothing failed, but not everything could be judged: say which, and claim
            // conformity only for the rest.
            let which = self.undecided.join("、");
            if supervision {
                format!("经抽样检验，除{which}无法判定（见备注）外，所检项目未发现不合格（依据 {std}）。")
            } else {
                format!("所检项目中{which}无法判定（见备注），其余项目符合 {std} 要求。")
            }
        } else {
            self.inspection_type.conclusion(std, true)
        };
        if !self.failed.is_empty() {
            text.push_str(&format!("不符合项目：{}。", self.failed.join("、")));
        }
        if !self.conditional_fail.is_empty() {
            text.push_str(&format!(
                "有条件不符合项目（超出限值不大于 U）：{}。",
                self.conditional_fail.join("、")
            ));
        }
        if fail_side && !self.undecided.is_empty() {
            text.push_str(&format!(
                "无法判定项目：{}（见备注）。",
                self.undecided.join("、")
            ));
        }
        if !self.conditional_pass.is_empty() {
            text.push_str(&format!(
                "有条件符合项目（距限值不大于 U）：{}。",
                self.conditional_pass.join("、")
            ));
        }
        text
    }

    /// The same in English, for the order page of an English-speaking user.
    pub fn en(&self) -> String {
        let mut t = self.en_main();
        if !self.conditional_pass.is_empty() {
            t.push_str(&format!(
                " Conditional pass (within U of the limit): {}.",
                self.conditional_pass.join(", ")
            ));
        }
        t
    }

    fn en_main(&self) -> String {
        let std = &self.standard;
        let supervision = self.inspection_type == InspectionType::Supervision;
        if !self.failed.is_empty() || !self.conditional_fail.is_empty() {
            let mut t = if supervision {
                format!(
                    "Sampled and tested: the items do not conform to {std}; judged non-conforming."
                )
            } else {
                format!("The items tested do not conform to {std}.")
            };
            if !self.failed.is_empty() {
                t.push_str(&format!(" Non-conforming: {}.", self.failed.join(", ")));
            }
            if !self.conditional_fail.is_empty() {
                t.push_str(&format!(
                    " Conditional fail (beyond the limit by at most U): {}.",
                    self.conditional_fail.join(", ")
                ));
            }
            if !self.undecided.is_empty() {
                t.push_str(&format!(
                    " Cannot be judged: {} (see remarks).",
                    self.undecided.join(", ")
                ));
            }
            t
        } else if !self.undecided.is_empty() {
            let which = self.undecided.join(", ");
            if supervision {
                format!("Sampled and tested: apart from {which}, which cannot be judged (see remarks), no non-conformity was found ({std}).")
            } else {
                format!("{which} cannot be judged (see remarks); the other items tested conform to {std}.")
            }
        } else if supervision {
            format!("Sampled and tested: no non-conformity was found in the items tested ({std}).")
        } else {
            format!("The items tested conform to {std}.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(failed: &[&str], undecided: &[&str], t: InspectionType) -> Conclusion {
        Conclusion {
            inspection_type: t,
            standard: "GB/T 15063-2020".into(),
            failed: failed.iter().map(|s| s.to_string()).collect(),
            undecided: undecided.iter().map(|s| s.to_string()).collect(),
            conditional_fail: Vec::new(),
            conditional_pass: Vec::new(),
        }
    }

    #[test]
    fn guard_band_verdicts_are_named_and_a_conditional_fail_does_not_conform() {
        let mut k = c(&[], &[], InspectionType::Commissioned);
        k.conditional_pass = vec!["总镉".into()];
        assert_eq!(
            k.zh(),
            "所检项目符合 GB/T 15063-2020 要求。有条件符合项目（距限值不大于 U）：总镉。"
        );
        k.conditional_fail = vec!["总氮".into()];
        assert!(k
            .zh()
            .starts_with("所检项目不符合 GB/T 15063-2020 要求。有条件不符合项目"));
        assert!(k
            .en()
            .contains("Conditional fail (beyond the limit by at most U): 总氮."));
    }

    #[test]
    fn an_undecided_item_is_named_and_the_whole_is_not_called_conforming() {
        let t = c(&[], &["缩二脲"], InspectionType::Commissioned).zh();
        assert_eq!(
            t,
            "所检项目中缩二脲无法判定（见备注），其余项目符合 GB/T 15063-2020 要求。"
        );
        assert!(!t.starts_with("所检项目符合"));
        let s = c(&[], &["缩二脲"], InspectionType::Supervision).zh();
        assert!(s.contains("除缩二脲无法判定（见备注）外"), "{s}");
        let e = c(&[], &["biuret"], InspectionType::Commissioned).en();
        assert!(e.starts_with("biuret cannot be judged"), "{e}");
    }

    #[test]
    fn failures_come_first_and_both_lists_are_named() {
        let t = c(&["总养分"], &["缩二脲"], InspectionType::Commissioned).zh();
        assert_eq!(
            t,
            "所检项目不符合 GB/T 15063-2020 要求。不符合项目：总养分。无法判定项目：缩二脲（见备注）。"
        );
        let all = c(&[], &[], InspectionType::Commissioned);
        assert_eq!(all.zh(), "所检项目符合 GB/T 15063-2020 要求。");
        assert_eq!(all.en(), "The items tested conform to GB/T 15063-2020.");
    }
}
