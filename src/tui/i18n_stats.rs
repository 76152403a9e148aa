//! The statistics screen's words (统计), in Chinese and English.

use super::i18n::strings;

strings! {
    St;
    Scr => "统计", "Statistics";
    Head => "按{}统计 · 期间：{} · 样品 {} · 已检 {} · 不合格 {} · 合格率 {}", "By {} · period: {} · samples {} · tested {} · failed {} · pass rate {}";
    Keys => "←→ 分组  t 期间  Enter 查看委托单  c 图表  x 导出  X 全部分组  p 签名 PDF", "←→ grouping  t period  Enter orders  c chart  x export  X every grouping  p signed PDF";
    ChartKeys => "图表：←→ 选择柱  Enter 查看其委托单  Esc 返回表格", "Chart: ←→ choose a bar  Enter its orders  Esc back to the table";
    ChartChosen => "已选：{}（{}）", "chosen: {} ({})";
    NoBars => "图表中没有柱（此分组没有不合格）", "The chart has no bars (nothing failed in this grouping)";
    Loading => "正在读取统计数据…", "Reading the statistics…";
    Empty => "此期间没有样品", "No samples in this period";
    ColGroup => "分组", "Group";
    ColSamples => "样品", "Samples";
    ColTested => "已检", "Tested";
    ColPassed => "合格", "Passed";
    ColFailed => "不合格", "Failed";
    ColRate => "合格率", "Rate";
    ColDays => "周期(天)", "Days m/90";
    ColOverdue => "逾期", "Late";
    ColItems => "主要不合格项目", "Main failing items";
    ChartFailed => "不合格批次（前 {} 组）", "Failed batches (top {})";
    ChartRate => "合格率 %（按时间）", "Pass rate % over time";
    ChartTrend => "合格率 %（按产品，样品最多的 4 种）", "Pass rate % by product (4 with most samples)";
    ChartSamples => "样品数", "Samples";
    PeriodAll => "全部", "all";
    PeriodYear => "今年", "this year";
    Period12 => "近 12 个月", "last 12 months";
    PeriodQuarter => "本季度", "this quarter";
    PeriodMonth => "本月", "this month";
    Drill => "{}：{} 份委托单（Esc 返回）", "{}: {} orders (Esc back)";
    Exported => "已导出 {} 和 {}", "Exported {} and {}";
    ExportedAll => "已导出 {}（{} 张工作表）", "Exported {} ({} sheets)";
    Printed => "已签名并写出 {}", "Signed and written: {}";
    QWarnings => "预警", "Warnings";
    WRule => "规则", "Rule";
    WText => "发现", "Finding";
    WEvidence => "依据", "Orders";
    WState => "状态", "State";
    WOpen => "待确认", "open";
    WAckedBy => "{} 已确认", "seen by {}";
    WEvidenceList => "依据的委托单：{}", "Orders behind it: {}";
    WAckLine => "{} 于 {} 确认：{}", "Acknowledged by {} at {}: {}";
    WAckTitle => "确认预警：{}", "Acknowledge: {}";
    WNote => "处理意见（记入审计日志）", "What was decided (goes into the audit trail)";
    WAcked => "预警已确认", "Warning acknowledged";
    WManagerOnly => "确认预警需要“管理员”或“授权签字人”角色", "Acknowledging a warning needs the admin or signatory role";
    WNotHere => "在“预警”队列中选择一条预警再确认", "Choose a warning in the Warnings queue to acknowledge it";
    Rounding => "合格率 = 合格 / 已检，按 GB/T 8170 修约至 0.1 %；按抽样日期（抽查）或登记日期计", "Pass rate = passed / tested, rounded to 0.1 % per GB/T 8170; dated by sampling (spot checks) or registration";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_has_both_languages_and_the_same_holes() {
        for s in St::ALL {
            assert!(!s.zh().is_empty() && !s.en().is_empty(), "{s:?}");
            assert_eq!(
                s.zh().matches("{}").count(),
                s.en().matches("{}").count(),
                "{s:?}"
            );
        }
    }
}
