//! The page's two languages: Chinese by default, English by `?lang=en` or the browser's
//! `Accept-Language`. Every sentence the page shows is in this table.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `?lang=` wins; else the first of zh/en the browser lists; else Chinese.
    pub fn pick(query_lang: Option<&str>, accept_language: Option<&str>) -> Lang {
        match query_lang {
            Some(l) if l.starts_with("en") => return Lang::En,
            Some(l) if l.starts_with("zh") => return Lang::Zh,
            _ => {}
        }
        let Some(header) = accept_language else {
            return Lang::Zh;
        };
        for tag in header.split(',') {
            let tag = tag
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Lang::Zh;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Zh
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn t(self, key: T) -> &'static str {
        let (zh, en) = text(key);
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The sentences of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Title,
    Intro,
    LookupHeading,
    Number,
    Code,
    Check,
    UploadHeading,
    UploadHelp,
    UploadButton,
    StatusValid,
    StatusReplaced,
    StatusWithdrawn,
    NotFound,
    NotFoundHelp,
    Sample,
    Client,
    Conclusion,
    IssueDate,
    Pages,
    Sha256,
    Sha256Help,
    ReplacedBy,
    Reason,
    WithdrawnOn,
    Training,
    FileIdentical,
    FileModified,
    FileUnknown,
    FileNotPdf,
    SignatureValid,
    SignatureInvalid,
    SignatureMissing,
    QrValid,
    QrInvalid,
    NotLabCertificate,
    FileCurrent,
    FileNotCurrent,
    TooLarge,
    TimedOut,
    BadRequest,
    NotFoundPage,
    OtherLanguage,
    Home,
    Unavailable,
}

fn text(key: T) -> (&'static str, &'static str) {
    match key {
        T::Title => ("报告真伪查询", "Report verification"),
        T::Intro => (
            "输入报告编号和报告封面二维码旁的验证码，或上传报告 PDF 文件，核验报告是否为本实验室签发、是否仍然有效。",
            "Enter the report number and the verification code printed beside the QR code on the cover, or upload the report's PDF, to check that this laboratory issued it and that it is still valid.",
        ),
        T::LookupHeading => ("按编号查询", "Look up by number"),
        T::Number => ("报告编号", "Report number"),
        T::Code => ("验证码", "Verification code"),
        T::Check => ("查询", "Check"),
        T::UploadHeading => ("核验 PDF 文件", "Check a PDF file"),
        T::UploadHelp => (
            "上传收到的报告 PDF，核对它是否与签发的文件逐字节一致、电子签名和二维码是否有效。文件不会被保存。",
            "Upload the report PDF you received: we check that it is byte for byte the issued file and that its signature and QR code are valid. The file is not kept.",
        ),
        T::UploadButton => ("上传并核验", "Upload and check"),
        T::StatusValid => ("报告有效", "This report is valid"),
        T::StatusReplaced => ("此报告已被更正报告替代", "This report has been replaced by a corrected report"),
        T::StatusWithdrawn => ("此报告已撤回，不再有效", "This report has been withdrawn and is no longer valid"),
        T::NotFound => ("未找到与此编号和验证码相符的报告", "No report matches this number and code"),
        T::NotFoundHelp => (
            "请核对报告编号和验证码（验证码印在报告封面二维码下方，不区分大小写）。",
            "Check the report number and the code (printed under the QR code on the cover; upper or lower case both work).",
        ),
        T::Sample => ("样品名称", "Sample"),
        T::Client => ("委托单位", "Client"),
        T::Conclusion => ("检验结论", "Conclusion"),
        T::IssueDate => ("签发日期", "Date of issue"),
        T::Pages => ("页数", "Pages"),
        T::Sha256 => ("签发文件的 SHA-256", "SHA-256 of the issued file"),
        T::Sha256Help => (
            "您收到的 PDF 文件的 SHA-256 应与此相同；也可在下方上传文件自动核对。",
            "The SHA-256 of the PDF you received should be this; or upload it below to have it checked.",
        ),
        T::ReplacedBy => ("替代它的报告", "Replaced by"),
        T::Reason => ("原因", "Reason"),
        T::WithdrawnOn => ("撤回日期", "Withdrawn on"),
        T::Training => (
            "这是培训实验室签发的培训样本，不是正式检验报告。",
            "This is a training sample from a training laboratory, not a real test report.",
        ),
        T::FileIdentical => (
            "此文件与本实验室签发的文件完全一致（逐字节相同）。",
            "This file is exactly the file this laboratory issued (byte for byte).",
        ),
        T::FileModified => (
            "此文件在签发后被修改过，与本实验室签发的文件不一致。",
            "This file was changed after it was issued: it is not the file this laboratory issued.",
        ),
        T::FileUnknown => (
            "本实验室没有签发过这份文件。",
            "This laboratory did not issue this file.",
        ),
        T::FileNotPdf => (
            "无法读取此文件：它不是完整的 PDF 报告。",
            "This file cannot be read: it is not a complete PDF report.",
        ),
        T::SignatureValid => (
            "电子签名有效，签名后文件未被改动。",
            "The electronic signature is valid: the file was not changed after signing.",
        ),
        T::SignatureInvalid => (
            "电子签名无效：文件在签名后被改动过，或签名已损坏。",
            "The electronic signature is not valid: the file was changed after signing, or the signature is damaged.",
        ),
        T::SignatureMissing => ("文件没有电子签名。", "The file has no electronic signature."),
        T::QrValid => (
            "二维码内容有效，由本实验室签名。",
            "The QR code's content is valid and signed by this laboratory.",
        ),
        T::QrInvalid => (
            "二维码内容无效或与文件不符。",
            "The QR code's content is not valid or does not match the file.",
        ),
        T::NotLabCertificate => (
            "签名证书不是本实验室的证书。",
            "The signing certificate is not this laboratory's certificate.",
        ),
        T::FileCurrent => ("报告有效。", "The report is valid."),
        T::FileNotCurrent => ("但报告已不再有效：", "But the report is no longer valid:"),
        T::TooLarge => (
            "文件太大，超过了上传上限",
            "The file is too large: the upload limit is",
        ),
        T::TimedOut => ("请求超时，请重试。", "The request took too long; please try again."),
        T::BadRequest => (
            "请求无法处理：请用页面上的表单上传 PDF 文件。",
            "The request could not be handled: upload a PDF with the form on the page.",
        ),
        T::NotFoundPage => ("没有这个页面。", "There is no such page."),
        T::OtherLanguage => ("English", "中文"),
        T::Home => ("返回查询页", "Back to the lookup page"),
        T::Unavailable => (
            "暂时无法查询，请稍后再试。",
            "The records cannot be read just now; please try again later.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_then_the_browser_then_chinese() {
        assert_eq!(Lang::pick(Some("en"), Some("zh-CN")), Lang::En);
        assert_eq!(Lang::pick(None, Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(Lang::pick(None, Some("zh-CN,en;q=0.5")), Lang::Zh);
        assert_eq!(Lang::pick(None, Some("fr")), Lang::Zh);
        assert_eq!(Lang::pick(None, None), Lang::Zh);
    }
}
