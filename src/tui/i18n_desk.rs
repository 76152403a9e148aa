//! The spot-check desk's words (监督抽查: tasks, draws, notices, objections, re-tests and the
//! running deadlines), in Chinese and English, kept apart from the main table `S`.

use super::i18n::strings;

strings! {
    D;
    ScrTasks => "抽查任务", "Supervision tasks";
    ScrTask => "抽查任务详情", "Supervision task";
    // The work queue's deadlines
    QDeadlines => "抽查期限", "Deadlines";
    DlWaiting => "待办", "Waiting for";
    DlParty => "受检单位", "Sampled unit";
    DlSince => "起始", "Since";
    DlDue => "期限", "Due";
    DlLeft => "剩余", "Left";
    DlOverdue => "超期 {} 天", "{} days late";
    DlToday => "今天到期", "due today";
    DlDaysLeft => "剩 {} 天", "{} days left";
    // The task list and page
    TNone => "还没有抽查任务（n 登记）", "No supervision tasks yet (n to record one)";
    TColNumber => "任务编号", "Task";
    TColName => "任务名称", "Name";
    TColStandard => "标准", "Standard";
    TColPlanned => "计划", "Plan";
    TColSampled => "已抽", "Sampled";
    TColTested => "已检", "Tested";
    TColFailed => "不合格", "Failed";
    TColRate => "合格率", "Pass rate";
    TColDue => "报送期限", "Report due";
    TAuthority => "组织部门", "Organising authority";
    TBasis => "标准与等级", "Standard and grade";
    TCampaign => "专项", "Campaign";
    TScope => "抽查范围", "Scope";
    TScopeAll => "企业档案中全部企业", "every enterprise on file";
    TDeadlines => "抽样期限 {}，报送期限 {}", "Sampling due {}, report due {}";
    TFigures => "计划 {} 批，已抽 {}，已检 {}，合格 {}，不合格 {}，合格率 {}", "Planned {}, sampled {}, tested {}, passed {}, failed {}, pass rate {}";
    TRateNote => "合格率 = 合格批次 / 已检批次，按 GB/T 8170 修约至 0.1 %", "Pass rate = passed / tested, rounded to 0.1 % per GB/T 8170";
    TFailingItems => "不合格项目", "Failing items";
    TFailingEnterprises => "不合格企业", "Failing enterprises";
    TDraws => "抽取记录", "Draws";
    TDrawLine => "{} {} 种子 {}：抽取 {} 家（{}）", "{} by {}, seed {}: {} drawn ({})";
    TOrders => "本任务委托单", "Orders of this task";
    TNoOrders => "尚无抽样登记（F4 登记，类别选监督抽查）", "Nothing sampled yet (F4, type spot check)";
    // Task forms
    TNewTitle => "登记抽查任务", "Record a supervision task";
    TName => "任务名称", "Task name";
    TAuthorityField => "组织监督抽查的部门", "Organising authority";
    TStandard => "标准编号（含年代号）", "Standard (with edition)";
    TGrade => "等级/型号", "Grade";
    TBatches => "计划批次", "Batches planned";
    TScopeField => "范围（信用代码或地区代码前缀，逗号分隔；空为全部）", "Scope (credit codes or area prefixes, comma-separated; empty: all)";
    TSamplingDue => "抽样期限（YYYY-MM-DD，可空）", "Sampling due (YYYY-MM-DD, optional)";
    TReportDue => "报送期限（YYYY-MM-DD，可空）", "Report due (YYYY-MM-DD, optional)";
    TCampaignField => "专项名称（可空）", "Campaign (optional)";
    TAdded => "抽查任务 {} 已登记", "Task {} recorded";
    TBadNumber => "“{}”不是正整数", "“{}” is not a positive whole number";
    TDrawTitle => "随机抽取企业：{}", "Draw enterprises: {}";
    TDrawCount => "抽取数量", "How many";
    TDrawSeed => "随机种子（记入审计日志，可复现）", "Seed (recorded in the audit trail; reproducible)";
    TDrawnTitle => "抽取结果", "Draw";
    TDrawn => "任务 {} 以种子 {} 抽取 {} 家企业：", "Task {}, seed {}: {} enterprises drawn:";
    TDrawnRepeat => "近期已抽查而排除：{}", "Left out as sampled recently: {}";
    TExportTitle => "导出任务报告：{}", "Export the task report: {}";
    TExportFormat => "格式", "Format";
    TExportPath => "文件", "File";
    TExported => "任务报告已写入 {}", "Task report written to {}";
    TDeskOnly => "抽查任务由收样员或管理员登记与抽取", "Tasks are recorded and drawn by a sample clerk or an admin";
    // The order page's spot-check section
    OSpot => "监督抽查", "Spot check";
    OTask => "任务：{}", "Task: {}";
    OSampling => "抽样：{} {}，抽样人 {}，受检单位 {}，基数 {}，样品 {}，备样 {}（{}），封样 {}", "Sampled {} at {} by {}; sampled unit {}; lot {}; sample {}; reserve {} ({}); seal {}";
    ONotice => "通知书 {}：{} {}送达，异议期限至 {}（{}）", "Notice {}: delivered {} ({}), objections until {} ({})";
    ONoNotice => "不合格：检验结果通知书尚未发出（n 签发）", "Failed: the result notice is not yet issued (n to issue)";
    OObjection => "异议：{} 收到，{}：{}", "Objection received {} from {}: {}";
    ORelease => "备样移交：{} 至 {}，{}，经手 {}", "Reserve released {} to {}, {}, handed over by {}";
    OSealIntact => "封样完好", "seal intact";
    OSealBroken => "封样破损", "seal broken";
    ORetest => "复检结论：{} {} 报告 {}，{}", "Re-test: {} {} report {}: {}";
    OConfirmed => "维持不合格", "failure confirmed";
    OOverturned => "复检合格", "compliant on re-test";
    ORetestOf => "复检：原检验机构 {}，原报告 {}，备样封条 {}", "Re-test of {}'s report {}, reserve seal {}";
    OFlagged => "受检单位信用等级 {}{}", "Sampled unit credit class {}{}";
    OBlacklisted => "，黑名单：{}", ", blacklisted: {}";
    // Forms on the order page
    NTitle => "签发检验结果通知书：{}", "Issue the result notice: {}";
    NDelivered => "送达日期", "Delivered on";
    NDelivery => "送达方式", "Delivery";
    NPath => "写入文件", "Write to";
    NIssued => "通知书 {} 已签发，写入 {}；异议期限至 {}", "Notice {} issued to {}; objections until {}";
    NNotSupervision => "只有监督抽查的不合格报告才发检验结果通知书", "Only a failed spot check's report gets a result notice";
    NNotFailed => "本单结论不是不合格，不发通知书", "This order did not fail; no notice";
    NNotIssued => "报告尚未签发，通知书在报告签发后发出", "The report is not issued yet; the notice follows it";
    NSignatoryOnly => "签发通知书需要“授权签字人”角色", "Issuing a notice needs the signatory role";
    JTitle => "记录异议：{}", "Record an objection: {}";
    JReceived => "收到日期", "Received on";
    JBy => "提出人（受检单位或标称生产者）", "Raised by (sampled unit or producer)";
    JReason => "异议内容", "What is disputed";
    JRecorded => "{} 的异议已记录", "Objection to {} recorded";
    JNoNotice => "尚未送达通知书，异议期限未开始", "No notice delivered yet: the objection period has not begun";
    JAlready => "已记录异议", "An objection is already recorded";
    LTitle => "移交备样：{}", "Release the reserve sample: {}";
    LTo => "复检机构（非本实验室）", "Re-test institution (not this lab)";
    LDate => "移交日期", "Released on";
    LSeal => "封样状态", "Seal";
    LReleased => "{} 的备样已移交 {}", "Reserve of {} released to {}";
    LNoObjection => "没有异议，不移交备样", "No objection: the reserve stays";
    LAlready => "备样已移交", "The reserve has been released";
    RTitle => "记录复检结论：{}", "Record the re-test conclusion: {}";
    RInstitution => "复检机构", "Re-test institution";
    RReport => "复检报告编号", "Re-test report number";
    RDate => "复检日期", "Re-test date";
    RConclusion => "复检结论", "Conclusion";
    RNote => "说明（可空）", "Note (optional)";
    RRecorded => "{} 的复检结论已记录：{}", "Re-test of {} recorded: {}";
    RNoRelease => "备样尚未移交，没有复检结论可记", "The reserve has not been released: no re-test yet";
    RAlready => "已记录复检结论（最终结果）", "The re-test conclusion (final) is recorded";
    PPrinted => "已签名并写入 {}", "Signed and written to {}";
    PNoSampling => "只有监督抽查委托单有抽样单", "Only a spot check has a sampling form";
    // Registration's sampling form: the fields beyond the first ten
    SFormNumber => "抽样单编号（可空）", "Sampling form number (optional)";
    SConfirmed => "受检单位确认人（可空）", "Confirmed by the sampled unit (optional)";
    // The enterprise page
    ESpot => "抽查记录：{} 次，不合格 {} 次", "Spot checks: {}, failed {}";
    ESpotTesting => "检验中", "testing";
    ESpotUndecided => "未判定", "not decided";
    ESpotPassed => "合格", "passed";
    ESpotFailed => "不合格", "failed";
    ENoSpot => "没有抽查记录", "No spot checks";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_has_both_languages_and_the_same_holes() {
        for s in D::ALL {
            assert!(!s.zh().is_empty() && !s.en().is_empty(), "{s:?}");
            assert_eq!(
                s.zh().matches("{}").count(),
                s.en().matches("{}").count(),
                "{s:?}"
            );
        }
    }
}
