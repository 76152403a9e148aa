//! Every word the interface shows, in Chinese (the default) and English. One table per
//! language, generated from one list so the two cannot drift apart.

use std::fmt::Display;
use std::str::FromStr;

use crate::inspection::InspectionType;
use crate::model::{OrderStatus, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Ok(Lang::Zh),
            "en" | "en-us" | "english" => Ok(Lang::En),
            other => Err(format!("语言“{other}”无效，应为 zh 或 en")),
        }
    }
}

impl Lang {
    pub fn t(self, s: impl Words) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }

    /// A template with `{}` holes filled in order.
    pub fn f(self, s: impl Words, args: &[&dyn Display]) -> String {
        fill(self.t(s), args)
    }

    pub fn english(self) -> bool {
        self == Lang::En
    }

    pub fn comparison(self, c: crate::judge::Comparison) -> &'static str {
        match (self, c) {
            (Lang::Zh, c) => c.zh(),
            (Lang::En, crate::judge::Comparison::Full) => "full-value comparison",
            (Lang::En, crate::judge::Comparison::Rounded) => "rounded-value comparison",
        }
    }

    /// A limit or result text from the standard library, with its common words in English on
    /// an English screen (the library is written in Chinese; these words carry most cells).
    pub fn library(self, text: &str) -> std::borrow::Cow<'_, str> {
        if self == Lang::Zh || text.is_ascii() {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = text.to_string();
        for (zh, en) in LIBRARY_WORDS {
            if out.contains(zh) {
                out = out.replace(zh, en);
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// An error from below, in this language.
    pub fn error(self, e: &anyhow::Error) -> String {
        if let Some(s) = e.downcast_ref::<crate::store::StoreError>() {
            return s.text(self.english());
        }
        if let Some(m) = e.downcast_ref::<crate::message::Msg>() {
            return m.text(self.english()).to_string();
        }
        if let Some(n) = e.downcast_ref::<crate::number::NumberError>() {
            return n.msg().text(self.english()).to_string();
        }
        format!("{e:#}")
    }

    pub fn status(self, s: OrderStatus) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }

    pub fn inspection(self, t: InspectionType) -> &'static str {
        match self {
            Lang::Zh => t.zh(),
            Lang::En => t.en(),
        }
    }

    /// A remark in brackets after a word: full-width in Chinese, ` (…)` in English.
    pub fn paren(self, s: &str) -> String {
        match self {
            Lang::Zh => format!("（{s}）"),
            Lang::En => format!(" ({s})"),
        }
    }

    pub fn role(self, r: Role) -> &'static str {
        match self {
            Lang::Zh => r.zh(),
            Lang::En => r.en(),
        }
    }
}

/// Longer words first: 不符合 before 符合, 不得检出 before 检出.
const LIBRARY_WORDS: &[(&str, &str)] = &[
    ("实测", "as measured"),
    ("无裂纹", "no cracks"),
    ("有裂纹", "cracks"),
    ("（待核对）", " (to be confirmed)"),
    ("待核对", "to be confirmed"),
    ("不得检出", "not detectable"),
    ("未检出", "not detected"),
    ("检出", "detected"),
    ("阴性", "negative"),
    ("阳性", "positive"),
    ("不适用", "n/a"),
    ("不符合", "does not conform"),
    ("符合", "conforms"),
    ("合格", "conforming"),
];

pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut i = 0;
    while let Some(p) = rest.find("{}") {
        out.push_str(&rest[..p]);
        match args.get(i) {
            Some(a) => out.push_str(&a.to_string()),
            None => out.push_str("{}"),
        }
        i += 1;
        rest = &rest[p + 2..];
    }
    out.push_str(rest);
    out
}

/// A table of the interface's words: `S` here, and one per larger area in its own file
/// (`i18n_desk.rs`), so no file grows past reading.
pub trait Words: Copy {
    fn zh(self) -> &'static str;
    fn en(self) -> &'static str;
}

macro_rules! strings {
    ($name:ident; $($id:ident => $zh:expr, $en:expr;)*) => {
        /// A string of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($id),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$id),*];
            pub fn zh(self) -> &'static str { match self { $($name::$id => $zh),* } }
            pub fn en(self) -> &'static str { match self { $($name::$id => $en),* } }
        }
        impl $crate::tui::i18n::Words for $name {
            fn zh(self) -> &'static str { $name::zh(self) }
            fn en(self) -> &'static str { $name::en(self) }
        }
    };
}
pub(crate) use strings;

strings! {
    S;
    AppName => "Unilab 三统一检验管理", "Unilab LIMS";
    TooSmall => "终端太小：需要至少 80×24，当前 {}×{}。请放大窗口。", "Terminal too small: need at least 80×24, have {}×{}. Please enlarge the window.";
    // Screens
    ScrLogin => "登录", "Log in";
    ScrQueue => "工作台", "Work queue";
    ScrOrders => "委托单", "Orders";
    ScrDetail => "委托单详情", "Order";
    ScrRegister => "委托登记", "Register order";
    ScrResults => "结果录入", "Result entry";
    ScrNet => "净含量计算", "Net content";
    ScrReports => "报告", "Reports";
    ScrStandards => "标准库", "Standards";
    ScrStandard => "标准详情", "Standard";
    ScrEnterprises => "企业档案", "Enterprises";
    ScrEnterprise => "企业档案详情", "Enterprise file";
    ScrAudit => "审计日志", "Audit log";
    ScrUsers => "用户与角色", "Users and roles";
    ScrPreview => "证书预览", "Certificate preview";
    ScrHelp => "按键帮助", "Keys";
    // Login
    LoginUser => "用户名", "User";
    LoginPassword => "口令", "Password";
    LoginPrompt => "请输入用户名和口令，Enter 登录", "Type user and password, Enter to log in";
    LoginFailed => "登录失败（第 {} 次）：{}", "Login failed (attempt {}): {}";
    LoginLocked => "连续 3 次失败，已锁定，请 {} 秒后再试", "3 failures in a row: locked, try again in {} s";
    LoginDemoUsers => "演示用户（用户名 / 口令 / 角色）", "Demo users (user / password / roles)";
    LoginWelcome => "欢迎，{}（{}）", "Welcome, {} ({})";
    LoginEmpty => "请输入用户名", "Type a user name";
    // Queue
    QToReceive => "待收样", "To receive";
    QToTest => "待检验", "To test";
    QToReview => "待审核", "To review";
    QToApprove => "待批准", "To approve";
    QToIssue => "待签发", "To issue";
    QNothing => "没有等您处理的委托单。F3 查看全部委托单。", "Nothing waits for you. F3 shows every order.";
    QCounts => "各状态数量", "Orders by state";
    QOverdue => "逾期", "overdue";
    Returned => "已退回", "Sent back";
    RDeclared => "标明值（如 N=15）", "Declared (N=15)";
    RDimensions => "尺寸（如 d=32）", "Dimensions (d=32)";
    RRule => "判定规则", "Decision rule";
    ResUncertainty => "{} 的扩展不确定度 U（k = 2）", "Expanded uncertainty U (k = 2) of {}";
    ResUncertaintyHint => "U（如 5 或 2%）", "U (e.g. 5 or 2%)";
    ResSimpleRule => "本委托单按简单接受判定，不录入不确定度", "This order is judged by simple acceptance: no uncertainty is entered";
    RProductAnalysis => "成品分析", "Product analysis";
    RBases => "附加依据", "More bases";
    RSite => "站点", "Site";
    RSiteHint => "站点代码，如 FZ；空＝实验室本部", "site code, e.g. FZ; empty = the lab itself";
    RBasesHint => "代号|等级|项目,项目；…  如 GB 2763-2021|大米", "CODE|GRADE|ITEM,ITEM; …  e.g. GB 2763-2021|大米";
    RDeclaredHint => "如 N=15 P2O5=15 K2O=15", "e.g. N=15 P2O5=15 K2O=15";
    RNoItems => "没有选择任何检验项目", "No item chosen";
    RRuleSimple => "简单接受", "simple acceptance";
    RRuleGuard => "保护带 w = U", "guard band w = U";
    Working => "正在处理…（按键将在完成后执行）", "Working… (keys you press run when it is done)";
    QOverdueCount => "（{} 逾期）", " ({} overdue)";
    QNoRole => "您的角色没有待办队列。", "Your roles have no queue.";
    // Columns
    ColNumber => "编号", "Number";
    ColStatus => "状态", "Status";
    ColClient => "委托单位", "Client";
    ColSample => "样品", "Sample";
    ColStandard => "标准", "Standard";
    ColDue => "要求完成", "Due";
    ColType => "类别", "Type";
    ColItem => "项目", "Item";
    ColUnit => "单位", "Unit";
    ColRequirement => "标准要求", "Requirement";
    ColMethod => "方法", "Method";
    ColValue => "录入值", "Entered";
    ColReported => "报告值", "Reported";
    ColVerdict => "判定", "Verdict";
    ColWhen => "时间", "When";
    ColWho => "人员", "Who";
    ColWhat => "操作", "What";
    ColTarget => "对象", "Target";
    ColReason => "原因", "Reason";
    ColName => "名称", "Name";
    ColCode => "代码", "Code";
    ColClass => "信用等级", "Class";
    ColBlacklist => "黑名单", "Blacklist";
    ColRoles => "角色", "Roles";
    ColFields => "授权领域", "Fields";
    ColActive => "状态", "State";
    ColLogin => "用户名", "Login";
    ColReport => "报告编号", "Report";
    ColOrder => "委托单", "Order";
    ColVersion => "版次", "Ver.";
    ColIssued => "签发时间", "Issued";
    ColTitle => "名称", "Title";
    ColProduct => "产品", "Product";
    ColField => "领域", "Field";
    ColInterval => "修约间隔", "Interval";
    ColComparison => "比较方法", "Comparison";
    ColMandatory => "必检（方案）", "Mandatory in";
    ColConfirmed => "已核对", "Confirmed";
    ColLimits => "限值（按等级）", "Limits per grade";
    Active => "启用", "active";
    Disabled => "停用", "disabled";
    Yes => "是", "yes";
    No => "否", "no";
    // Orders
    AllOrders => "全部", "All";
    Filter => "筛选", "Filter";
    FilterHint => "输入编号、委托单位、样品或标准筛选", "Type a number, client, sample or standard";
    SortBy => "排序", "Sort";
    SortNumber => "编号", "number";
    SortDue => "完成期限", "due date";
    SortClient => "委托单位", "client";
    SortStatus => "状态", "status";
    Rows => "{} / {} 条", "{} of {}";
    // Detail
    DFacts => "基本信息", "Facts";
    DItems => "检验项目与结果", "Items and results";
    DHistory => "流转记录", "History";
    DProducer => "生产单位", "Producer";
    DGrade => "等级", "Grade";
    DSpec => "规格", "Spec";
    DRegistered => "登记", "Registered";
    DSite => "站点", "Site";
    DReceived => "收样", "Received";
    DSampleNo => "样品编号", "Sample no.";
    DTrademark => "商标", "Trademark";
    DModel => "型号规格", "Model/spec";
    DBatch => "批号/生产日期", "Batch/date";
    DQuantity => "数量", "Quantity";
    DCondition => "样品状态", "Condition";
    DOverall => "总体判定", "Overall";
    DSignoff => "编制 {}  审核 {}  批准 {}", "Prepared {}  Reviewed {}  Approved {}";
    DReports => "报告", "Reports";
    DLoading => "正在读取委托单…", "Loading the order…";
    DAmending => "更正中：将替代 {}（{}）", "Amending: will replace {} ({})";
    ResSavedMany => "已保存 {} 个项目的结果：{}", "Results of {} items saved: {}";
    DReturned => "已退回：{} 于 {} 退回，原因：{}", "Sent back by {} at {}. Reason: {}";
    // Register
    RType => "检验类别", "Inspection type";
    RClient => "委托单位", "Client";
    RProducer => "生产单位", "Producer";
    RStandard => "产品标准", "Standard";
    RGrade => "等级/类型", "Grade";
    RSpec => "规格", "Spec";
    RAllowWithdrawn => "允许已废止版本", "Allow withdrawn edition";
    RSample => "样品名称", "Sample name";
    RTrademark => "商标", "Trademark";
    RModel => "型号规格", "Model/spec";
    RBatch => "批号/日期", "Batch/date";
    RQuantity => "数量", "Quantity";
    RCondition => "样品状态", "Condition";
    RDue => "完成期限", "Due date";
    RRemarks => "备注", "Remarks";
    RItems => "检验项目（* 必检，空格切换）", "Items (* mandatory, Space toggles)";
    RNone => "（无）", "(none)";
    RRequired => "必填", "required";
    RPickHint => "输入以搜索，↑↓ 选择", "type to search, ↑↓ to pick";
    RNoMatch => "没有匹配项", "no match";
    RWithdrawn => "已废止", "withdrawn";
    RWithdrawnRefused => "该版本已于 {} 废止{}；如确需使用，请勾选“允许已废止版本”", "withdrawn on {}{}; tick “Allow withdrawn edition” to use it anyway";
    RReplacedBy => "，被 {} 代替", ", replaced by {}";
    RBadDate => "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD";
    RInvalid => "表单有错误，请修正后再提交（{}）", "The form has errors; fix them first ({})";
    RRegistered => "已登记委托单 {}", "Registered order {}";
    RMandatoryLocked => "必检项目不能取消", "Mandatory items cannot be removed";
    RInputOf => "该项目是计算项目的输入，随计算项目一起检验", "This item is an input of a computed item and stays";
    RDiscard => "登记表已填写，确定放弃？", "The form is filled in. Discard it?";
    RBlacklisted => "在黑名单中：{}", "blacklisted: {}";
    RNoEnterprises => "还没有企业；Ctrl-N 新增", "No enterprises yet; Ctrl-N adds one";
    RNoStandard => "先选择产品标准", "Pick a standard first";
    RWillTest => "将检验 {} 项", "{} items to test";
    RChoice => "←→ 切换", "←→ to change";
    // Enterprise form
    ENew => "新增企业", "New enterprise";
    EName => "企业名称", "Name";
    ECode => "统一社会信用代码", "Credit code";
    EAddress => "地址", "Address";
    EContact => "联系方式", "Contact";
    EClass => "信用等级", "Credit class";
    ECodeOk => "校验通过", "valid";
    EAdded => "已登记企业 {}", "Enterprise {} added";
    EOrders => "委托历史", "Order history";
    EPassRate => "合格率：{} / {}（{}）", "Pass rate: {} of {} ({})";
    ENoJudged => "合格率：尚无已批准或签发的委托单", "Pass rate: no approved or issued orders yet";
    EUpdated => "已更新企业档案", "Enterprise file updated";
    EBlacklistReason => "列入黑名单的原因", "Reason for blacklisting";
    EUnblacklistReason => "移出黑名单的原因", "Reason for removing from the blacklist";
    EClassReason => "信用等级改为 {} 的原因", "Reason for changing the class to {}";
    // Results
    ResSaved => "已保存 {} 的结果", "Saved the result of {}";
    ResSavedAll => "已保存 {} 个项目", "Saved {} items";
    ResNothing => "没有未保存的修改", "Nothing to save";
    ResComputed => "计算项目，由公式自动计算：{}", "Computed item: {}";
    ResReason => "{} 已有结果，请说明修改原因", "{} already has a result: why change it?";
    ResUnsaved => "有未保存的结果，确定离开？（输入会保留在本屏）", "Unsaved results. Leave anyway? (they stay on this screen)";
    ResPending => "待录入", "pending";
    ResSyntax => "数值；未检出 / ND（{}）；<0.02 或 0.02L 低于检出限；{} 提交审核", "a number; 未检出 / ND ({}); <0.02 or 0.02L below the LOD; {} submits for review";
    ResParseError => "无法识别：{}", "Cannot read: {}";
    ResChoices => "可选：{}", "Choices: {}";
    ResReplicate => "试样 {}/{}", "Specimen {}/{}";
    ResSubmitted => "已提交审核：{}", "Submitted for review: {}";
    ResNotEditable => "委托单 {} 当前为“{}”，不能录入结果", "Order {} is “{}”: results cannot be entered";
    // Verdicts
    VPass => "✓ 符合", "✓ pass";
    VFail => "✗ 不符合", "✗ fail";
    VNotJudged => "/ 不判定", "/ not judged";
    VCannot => "? 无法判定", "? undecided";
    VPending => "… 待定", "… pending";
    // Net content
    NNominal => "标注净含量 Qn", "Nominal Qn";
    NUnit => "单位", "Unit";
    NBatch => "批量 N", "Batch size N";
    NValue => "实际含量（Enter 加入）", "Actual content (Enter adds)";
    NValues => "已输入 {} / {}", "Entered {} of {}";
    NT => "允许短缺量 T", "Tolerable shortage T";
    Nn => "样本量 n", "Sample size n";
    NOverT => "短缺 > T 件数", "Short by > T";
    NOver2T => "短缺 > 2T 件数", "Short by > 2T";
    NAllowed => "（允许 {}）", "(allowed {})";
    NMean => "平均实际含量 q̄", "Mean q̄";
    NStd => "样本标准偏差 s", "Std. deviation s";
    NLambdaS => "λ·s", "λ·s";
    NMeanLimit => "Qn − λ·s", "Qn − λ·s";
    NPass => "✓ 合格：批量净含量符合 JJF 1070", "✓ pass: the batch meets JJF 1070";
    NFail => "✗ 不合格", "✗ fail";
    NWaiting => "还需输入 {} 个数值", "{} more values needed";
    NTooMany => "样本量为 {}，多余的数值请删除（Backspace）", "Sample size is {}: remove the extra values (Backspace)";
    // Review / approval / issue
    AReject => "退回原因", "Reason for sending back";
    APassword => "批准须再次输入口令（{}）", "Approval: type your password again ({})";
    AApproved => "已批准 {}", "Approved {}";
    AAccepted => "审核通过 {}", "Review passed: {}";
    ARejected => "已退回 {}", "Sent back: {}";
    AReceived => "已收样 {}", "Received {}";
    AIssued => "已签发报告 {}\nPDF 已保存到：\n{}", "Issued report {}\nThe PDF is at:\n{}";
    AIssueConfirm => "Enter 签发此证书，Esc 取消", "Enter issues this certificate, Esc cancels";
    AWithdrawReason => "撤回报告 {} 的原因", "Reason for withdrawing {}";
    AWithdrawn => "已撤回报告 {}", "Withdrew report {}";
    ConfirmReceive => "确认已收到委托单 {} 的样品（{}）？", "Confirm the sample of order {} ({}) has arrived?";
    ConfirmAccept => "审核通过委托单 {}（{}）？通过后交授权签字人批准。", "Pass the review of order {} ({})? It then goes to the signatory.";
    ConfirmSubmit => "提交委托单 {}（{}）审核？", "Submit order {} ({}) for review?";
    ConfirmSubmitFailing => "委托单 {} 有 {} 个项目不符合要求（{}），仍提交审核？", "Order {} has {} failing item(s) ({}). Submit for review anyway?";
    ResSaveFirst => "有未保存的结果：请先保存（Enter 或 Ctrl-S），再提交审核", "Unsaved results: save them first (Enter or Ctrl-S), then submit for review";
    ANotAllowed => "当前状态下没有此操作：{}", "Not possible now: {}";
    AReviewChecks => "审核要点：项目齐全 {}；不符合 {} 项；无法判定 {} 项；未核对的限值 {} 项", "Checks: complete {}; failed {}; undecided {}; unconfirmed limits {}";
    // Preview
    PHeader => "检验报告", "Inspection report";
    PReportNo => "报告编号", "Report no.";
    PPages => "共 {} 页", "{} pages";
    PPreviewNumber => "（预览）", "(preview)";
    PColSeq => "序号", "No.";
    PColResult => "检验结果", "Result";
    PReplaces => "本报告替代 {}（{}）", "This report replaces {} ({})";
    RBlackMark => " [黑名单]", " [blacklisted]";
    PPagesUnknown => "页数以签发的 PDF 为准", "pages as in the issued PDF";
    PEnd => "以下空白", "(blank below)";
    PConclusion => "检验结论", "Conclusion";
    PBasis => "判定依据", "Decision basis";
    PMethods => "检验依据", "Test methods";
    PDeviations => "偏离", "Deviations";
    PRemarks => "备注", "Remarks";
    PStatement => "声明：本报告无本实验室检验专用章及签字无效；不得部分复制；结果仅对所检样品负责；如有异议，请于收到报告之日起 15 日内提出。", "Statement: invalid without the lab's seal and signatures; no partial copies; results relate only to the sample tested; objections within 15 days.";
    PPrepared => "编制", "Prepared";
    PReviewed => "审核", "Reviewed";
    PApproved => "批准", "Approved";
    PIssueDate => "签发日期", "Issue date";
    PReceivedDate => "收样日期", "Received";
    PTestDates => "检验日期", "Tested";
    // Reports
    RepIssued => "有效", "valid";
    RepReplaced => "已被 {} 替代", "replaced by {}";
    RepWithdrawn => "已撤回：{}", "withdrawn: {}";
    RepNone => "还没有签发的报告", "No reports issued yet";
    // Audit
    AuVerifyOk => "审计链完好：{} 条记录", "Audit chain intact: {} entries";
    AuVerifyBad => "审计链被破坏：{}", "Audit chain broken: {}";
    AuBefore => "之前", "Before";
    AuAfter => "之后", "After";
    // Users
    UNew => "新增用户", "New user";
    UPassword => "初始口令", "Initial password";
    UDisplay => "姓名", "Display name";
    URolesHint => "角色（空格切换，←→ 移动）", "Roles (Space toggles, ←→ moves)";
    UFieldsHint => "授权领域（空格勾选，←→ 移动）", "Authorised fields (Space ticks, ←→ moves)";
    UAllFields => "全部领域", "every field";
    UAdded => "已添加用户 {}", "User {} added";
    UToggleReason => "{} 用户 {} 的原因", "Reason to {} user {}";
    UEditRoles => "用户 {} 的角色与授权领域", "Roles and fields of user {}";
    STitle => "抽样单（监督抽查）", "Sampling record (spot check)";
    STask => "抽查任务编号", "Task number";
    SSamplers => "抽样人员（至少两人，逗号分隔）", "Samplers (at least two, comma-separated)";
    SDate => "抽样日期", "Sampling date";
    SPlace => "抽样地点", "Sampling place";
    SUnit => "受检单位（统一社会信用代码）", "Sampled unit (credit code)";
    SLot => "抽样基数", "Lot size";
    SQuantity => "抽样数量", "Sample quantity";
    SReserve => "备样数量", "Reserve quantity";
    SReserveAt => "备样存放地点", "Where the reserve is kept";
    SSeal => "封条编号", "Seal number";
    UEditMethods => "用户 {} 的授权检测方法", "Test methods authorised to {}";
    UMethodsHint => "授权检测方法（空格勾选，←→ 移动）", "Authorised methods (Space ticks, ←→ moves)";
    UNotTechnician => "{} 不是检验员：检测方法只授权给检验员", "{} is not a technician: test methods are authorised to technicians";
    UMethodsChanged => "已更新 {} 的授权检测方法", "Updated the test methods authorised to {}";
    URolesChanged => "已修改用户 {} 的角色与授权领域", "Roles and fields of user {} changed";
    UUnlockReason => "解锁用户 {} 的原因", "Reason to unlock user {}";
    UUnlocked => "已解锁用户 {}", "User {} unlocked";
    UNotLocked => "用户 {} 没有被锁定", "User {} is not locked";
    Locked => "已锁定", "locked";
    UDisable => "停用", "disable";
    UEnable => "启用", "enable";
    UChanged => "已{}用户 {}", "User {}d: {}";
    UAdminOnly => "用户管理需要“管理员”角色", "User administration needs the admin role";
    // Popups
    ConfirmTitle => "请确认", "Please confirm";
    ConfirmKeys => "y 确定   n / Esc 取消", "y yes   n / Esc no";
    PromptKeys => "Enter 确定   Esc 取消", "Enter OK   Esc cancel";
    MessageKeys => "Enter / Esc 关闭", "Enter / Esc close";
    QuitDirty => "有未提交的表单或结果，确定退出？", "A form or results are not saved. Quit anyway?";
    SwitchDirty => "有未保存的表单或结果，切换用户将丢弃这些输入。确定切换？", "A form or results are not saved; switching user discards them. Switch anyway?";
    ReasonEmpty => "请填写原因", "A reason is needed";
    Refreshed => "已刷新：其他终端有更新", "Refreshed: another terminal changed something";
    OrderChanged => "委托单 {} 已被他人更新，已显示最新内容；您的输入仍保留", "Order {} was changed elsewhere; showing the latest; your input is kept";
    NeedLogin => "请先登录", "Please log in first";
    Error => "错误", "Error";
    Info => "提示", "Note";
    HelpGlobal => "全局", "Everywhere";
    HelpContext => "本屏", "This screen";
    HelpPopup => "本窗口", "This window";
    HelpList => "列表", "Lists";
    PreviewOnly => "这是预览；签发请在委托单页按 i", "This is a preview; to issue, press i on the order page";
    RClerkOnly => "登记委托单需要“收样员”角色", "Registering an order needs the sample clerk role";
    RepSignatoryOnly => "撤回报告需要“授权签字人”角色", "Withdrawing a report needs the signatory role";
    EClerkOnly => "登记或修改企业需要“收样员”或“管理员”角色", "Adding or changing an enterprise needs the sample clerk or admin role";
    AIssuedTitle => "已签发", "Issued";
    ScrollHint => "↑↓ 滚动", "↑↓ scroll";
    User => "用户", "User";
    // Audit words, standards, net content (screens branch)
    AuChange => "变更", "Change";
    AuFilterHint => "人员 · 操作 · 对象 · 变更 · 原因", "who · what · target · change · reason";
    StdToCheck => "待核对", "unverified";
    StdFull => "全数值", "full";
    StdRounded => "修约值", "rounded";
    StdMore => "{} 滚动查看其余 {} 行", "{} scroll for {} more lines";
    NValuesHint => "{} 选择数值  {} 删除所选（未选时删最后一个）", "{} select a value  {} delete it (the last if none)";
    NDeleted => "已删除第 {} 个数值 {}", "Deleted value {}: {}";
    // Lab records (issue 12): bench facts, the equipment register, custody, arrangements
    ScrInstruments => "设备台账", "Instruments";
    ScrInstrument => "设备详情", "Instrument";
    BTitle => "检测条件（本次检测）", "Bench facts (this session)";
    BDate => "检测日期", "Test date";
    BInstrument => "设备", "Instrument";
    BTemperature => "温度 ℃", "Temperature ℃";
    BHumidity => "湿度 %RH", "Humidity %RH";
    BDeviation => "偏离说明（超出方法要求时）", "Deviation (when outside the method's range)";
    BNone => "（无需设备）", "(none needed)";
    BNoneOfKind => "台账中没有“{}”类设备", "No instrument of the kind “{}” in the register";
    BNeeds => "方法要求：{}", "Method needs: {}";
    BNeedsNothing => "方法要求：无", "Method needs: nothing";
    BKind => "{}类设备", "an instrument of the kind {}";
    BTempWord => "温度", "temperature";
    BHumWord => "湿度", "humidity";
    BDevWord => "偏离", "deviation";
    BSession => "本次检测：{}", "This session: {}";
    BToday => "{}（今天）", "{} (today)";
    BNotSet => "未选", "not chosen";
    BUntil => "至 {}", "due {}";
    BOverdueMark => "超期", "overdue";
    BUnusableMark => "不可用", "not usable";
    BSubcontracted => "分包给 {}，只记录检测日期", "subcontracted to {}: only the test date is recorded";
    BStoppedMark => "停用", "out of service";
    BBadDate => "“{}”不是日期（YYYY-MM-DD）", "“{}” is not a date (YYYY-MM-DD)";
    BBadNumber => "{}“{}”不是数值", "{} “{}” is not a number";
    BSet => "已设定检测条件；保存结果时一并记录", "Bench facts set; they are saved with each result";
    BKey => "{} 修改", "{} to change";
    IId => "设备编号", "Id";
    IName => "名称", "Name";
    IKind => "类别", "Kind";
    IModel => "型号", "Model";
    ISerial => "出厂编号", "Serial";
    IStatus => "状态", "Status";
    IDue => "有效期至", "Due";
    ILocation => "存放地点", "Location";
    IRange => "测量范围/分辨力", "Range / resolution";
    IMaker => "制造商", "Maker";
    IOverdue => "已超期", "overdue";
    IDueSoon => "{} 天内到期", "due in {} days";
    ICalibrations => "检定/校准记录", "Calibrations";
    IChecks => "期间核查", "Intermediate checks";
    INoRecords => "（无）", "(none)";
    INone => "设备台账为空", "The register is empty";
    ICount => "共 {} 台；超期 {}；{} 天内到期 {}", "{} instruments; {} overdue; due within {} days: {}";
    ICertificate => "证书编号", "Certificate";
    IBody => "检定/校准机构", "Calibration body";
    ICalDate => "检定/校准日期", "Calibration date";
    IResult => "结论", "Result";
    ICorrection => "修正值/不确定度", "Correction / uncertainty";
    ICheckDate => "核查日期", "Check date";
    ICheckNote => "核查记录", "Check note";
    IPassed => "合格", "passed";
    IFailed => "不合格", "failed";
    INewTitle => "登记设备", "Register an instrument";
    ICalTitle => "登记检定/校准：{}", "Record a calibration: {}";
    ICheckTitle => "登记期间核查：{}", "Record an intermediate check: {}";
    IStatusTitle => "更改设备状态：{}", "Change the status of {}";
    IAdded => "已登记设备 {}", "Instrument {} registered";
    ICalibrated => "已登记 {} 的检定/校准", "Calibration of {} recorded";
    IChecked => "已登记 {} 的期间核查", "Intermediate check of {} recorded";
    IStatusSet => "{} 状态已改为“{}”", "{} is now {}";
    IAdminOnly => "设备台账的登记与状态变更需要“管理员”角色", "Registering instruments and changing their status needs the admin role";
    ICheckRole => "登记期间核查需要“检验员”或“管理员”角色", "Recording an intermediate check needs the technician or admin role";
    ICalBy => "{} {} 证书 {}（{}）至 {} {}", "{} {} certificate {} ({}) due {} {}";
    OReceipt => "收样", "Receipt";
    ORecTitle => "收样：{} {}", "Receive {} {}";
    ORecDate => "收样日期", "Date received";
    ORecState => "样品状态", "State of the sample";
    ORecSeal => "封样（是否完好、封条编号）", "Seal (intact? seal number)";
    ONotReceived => "未收样", "not received";
    OReceiptLine => "{} · 状态 {} · 封样 {} · {}", "{} · state {} · seal {} · {}";
    OSample => "样品", "Sample";
    ORetainedUntil => "留样期至 {}", "retained until {}";
    ODisposed => "已处置：{} · {} · 见证人 {} · {}", "disposed of: {} · {} · witness {} · {}";
    OChecker => "校核", "Checked";
    ONotChecked => "未校核", "not checked";
    OArrangements => "偏离与分包", "Deviations and subcontracts";
    ODeviation => "{} 偏离：{}（{}）", "{} deviation: {} ({})";
    OSubcontract => "{} 分包：{}，资质 {}（{}）", "{} subcontracted: {}, accreditation {} ({})";
    OPending => "待批准", "awaiting approval";
    OApprovedBy => "已批准 {}", "approved by {}";
    OFlags => "复核提示（设备）", "Review flags (instruments)";
    OBench => "检测记录", "Bench records";
    OBenchLine => "{} {} · {} · {}", "{} {} · {} · {}";
    OCheckConfirm => "校核委托单 {}：确认原始记录与录入结果一致？", "Check order {}: the raw records agree with the results entered?";
    OChecked => "委托单 {} 已校核", "Order {} checked";
    OAlreadyChecked => "已由 {} 校核；之后录入的结果须重新校核", "Already checked by {}; results entered later need checking again";
    ODevTitle => "记录偏离：{}", "Record a deviation: {}";
    OSubTitle => "记录分包：{}", "Record a subcontract: {}";
    OItem => "项目", "Item";
    ODevText => "偏离内容与原因", "What deviates from the method, and why";
    OSubLab => "分包实验室", "Subcontractor";
    OSubAcc => "资质证书编号（CMA/CNAS）", "Accreditation number (CMA/CNAS)";
    OApproveTitle => "批准偏离/分包：{}", "Approve a deviation or subcontract: {}";
    OArrangementSaved => "已记录 {} 的偏离/分包，待授权签字人批准", "Recorded for {}; awaiting a signatory's approval";
    OArrangementApproved => "已批准 {} 的偏离/分包", "Approved for {}";
    ONoPending => "没有待批准的偏离或分包", "Nothing awaits approval";
    OArrangeRole => "记录偏离或分包需要“检验员”或“收样员”角色", "Recording a deviation or subcontract needs the technician or clerk role";
    OArrangeLate => "偏离和分包须在提交审核前记录（当前“{}”）", "Deviations and subcontracts are recorded before review (now {})";
    OSignatoryOnly => "批准偏离或分包需要“授权签字人”角色", "Approving a deviation or subcontract needs the signatory role";
    OMoveTitle => "移动样品：{}", "Move the sample: {}";
    OMoveTo => "去向", "To";
    OPlace => "位置（样品室、货架）", "Place (room, shelf)";
    ONote => "说明", "Note";
    OMoved => "样品已移至“{}”", "Sample moved: {}";
    ODisposeTitle => "处置样品：{}", "Dispose of the sample: {}";
    ODisposeMethod => "处置方式（销毁、退还委托方…）", "Method (destroyed, returned…)";
    OWitness => "见证人（另一用户的登录名）", "Witness (another user's login)";
    ODisposedOk => "样品已处置（{}）", "Sample disposed of ({})";
    OClerkOnly => "样品的移动与处置需要“收样员”或“管理员”角色", "Moving or disposing of a sample needs the sample clerk or admin role";
    ONotYetReceived => "样品尚未收样", "The sample has not been received";
    OAlreadyDisposed => "样品已处置", "The sample has been disposed of";
    ONotDisposable => "样品目前“{}”，只有留样或已退还的样品才能处置", "The sample is {}; only a retained or released sample can be disposed of";
    QInstruments => "设备到期", "Instruments due";
    QDisposal => "留样到期", "To dispose of";
    QDisposalRow => "{} {} 留样期至 {}", "{} {} retained until {}";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_holes_in_order() {
        assert_eq!(fill("a {} b {}", &[&1, &"x"]), "a 1 b x");
        assert_eq!(fill("{}", &[]), "{}");
    }

    #[test]
    fn every_string_has_both_languages() {
        for s in S::ALL {
            assert!(!s.zh().is_empty() && !s.en().is_empty(), "{s:?}");
            assert_eq!(
                s.zh().matches("{}").count(),
                s.en().matches("{}").count(),
                "{s:?}"
            );
        }
    }
}
