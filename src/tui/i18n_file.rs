//! The words of the enterprise quality file on screen (licences, class history, complaints,
//! the class proposal), kept apart from the main table `S` so that one stays readable.

use std::fmt::Display;

use super::i18n::{fill, Lang};

macro_rules! file_strings {
    ($($id:ident => $zh:expr, $en:expr;)*) => {
        /// A string of the quality-file parts of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Q { $($id),* }
        impl Q {
            pub const ALL: &'static [Q] = &[$(Q::$id),*];
            pub fn zh(self) -> &'static str { match self { $(Q::$id => $zh),* } }
            pub fn en(self) -> &'static str { match self { $(Q::$id => $en),* } }
        }
    };
}

file_strings! {
    Licences => "许可证", "Licences";
    NoLicences => "许可证：无", "Licences: none";
    Expired => "已过期", "expired";
    ValidUntil => "有效期至 {}", "valid until {}";
    ClassChange => "信用等级 {} → {}（{} {}）：{}", "Credit class {} → {} ({} {}): {}";
    Complaints => "投诉 {} 件；最近：{} {}：{}", "{} complaints; latest: {} {}: {}";
    NoComplaints => "投诉：无", "Complaints: none";
    Proposal => "建议调整为 {}：{} — c 修改信用等级", "Proposed class {}: {} — c to change it";
    LicenceTitle => "登记许可证：{}", "Add a licence: {}";
    Kind => "类别", "Kind";
    Number => "编号", "Number";
    Scope => "范围", "Scope";
    Issued => "发证日期", "Issued";
    Until => "有效期至", "Valid until";
    ComplaintTitle => "登记投诉：{}", "Record a complaint: {}";
    Received => "收到日期", "Received";
    From => "投诉人", "From";
    Text => "内容", "Text";
    Order => "委托单号（可空）", "Order (optional)";
    BadDate => "“{}”不是日期（YYYY-MM-DD）", "“{}” is not a date (YYYY-MM-DD)";
    LicenceAdded => "已登记许可证 {}", "Licence {} recorded";
    ComplaintAdded => "已登记投诉（共 {} 件）", "Complaint recorded ({} in all)";
    FileTitle => "质量档案：{}（{}）", "Quality file: {} ({})";
    FileClass => "信用等级：{}", "Credit class: {}";
    FileBlacklisted => "现列入黑名单：{}", "Blacklisted now: {}";
    FileLicences => "许可证（{} 份，含已注销）", "Licences ({}, removed ones included)";
    FileRemoved => "    已注销（{} {}）：{}", "    removed ({} {}): {}";
    FileClassHistory => "信用等级变更（{} 次）", "Credit class changes ({})";
    FileClassLine => "  {} {} → {}（{}）：{}", "  {} {} → {} ({}): {}";
    FileBlacklist => "黑名单记录（{} 条）", "Blacklist entries ({})";
    FileListed => "  {} 列入（{}）：{}", "  {} listed ({}): {}";
    FileCleared => "  {} 移出（{}）：{}", "  {} cleared ({}): {}";
    FileComplaints => "投诉（{} 件）", "Complaints ({})";
    FileComplaint => "  {} {}：{}{}", "  {} {}: {}{}";
    FileNone => "  无", "  none";
    RemoveTitle => "注销许可证：{}", "Remove a licence: {}";
    RemoveWhich => "许可证", "Licence";
    RemoveReason => "原因（吊销、换证、登记有误…）", "Reason (revoked, replaced, recorded in error…)";
    NoneHeld => "档案中没有有效的许可证可注销", "No licence on file to remove";
    LicenceRemoved => "已注销许可证 {}", "Licence {} removed";
}

impl Q {
    pub fn t(self, lang: Lang) -> &'static str {
        if lang.english() {
            self.en()
        } else {
            self.zh()
        }
    }

    pub fn f(self, lang: Lang, args: &[&dyn Display]) -> String {
        fill(self.t(lang), args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_fill_the_same_holes() {
        for q in Q::ALL {
            assert_eq!(q.zh().matches("{}").count(), q.en().matches("{}").count());
            assert!(!q.zh().is_empty() && !q.en().is_empty());
        }
    }
}
