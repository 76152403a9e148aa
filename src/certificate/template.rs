//! Certificate templates: `report-templates/<name>/template.toml`.
//!
//! A template holds every printed label, the statement clauses (声明), lab name/address/phone
//! overrides, optional logo and seal images, the page geometry and the font. Relative paths are
//! resolved against the template's directory. Every error names the file and the field.

use std::path::{Path, PathBuf};

use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;

use super::error::CertError;
use super::Result;

/// The file name looked up inside a template directory.
pub const TEMPLATE_FILE: &str = "template.toml";

/// A loaded, validated template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The directory the template was loaded from.
    pub dir: PathBuf,
    pub labels: Labels,
    pub statement: Statement,
    pub lab: LabOverride,
    /// Absolute (resolved) path of the logo PNG, if any.
    pub logo: Option<PathBuf>,
    /// Absolute (resolved) path of the seal PNG, if any.
    pub seal: Option<PathBuf>,
    /// The seal also runs across the pages' right edges (骑缝章), a slice on each page.
    pub cross_page_seal: bool,
    /// The CMA mark and the CNAS mark (PNG), printed on the cover with the lab's numbers
    /// when the certificate carries them.
    pub cma_mark: Option<PathBuf>,
    pub cnas_mark: Option<PathBuf>,
    /// Absolute (resolved) path of the font file.
    pub font_path: PathBuf,
    /// Face inside a `.ttc` collection.
    pub font_face_index: u32,
    pub page: PageGeometry,
    pub verdicts: Verdicts,
    pub supervision: SupervisionText,
}

/// Every fixed text printed on the certificate.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub report_title: String,
    pub report_number: String,
    /// With `{page}` and `{pages}` placeholders.
    pub page_number: String,
    /// chrono strftime format, e.g. `"%Y年%m月%d日"`.
    pub date_format: String,
    pub sample_name: String,
    pub trademark: String,
    pub model_spec: String,
    pub batch_or_date: String,
    pub sample_number: String,
    pub quantity: String,
    pub condition: String,
    pub client: String,
    pub client_address: String,
    pub credit_code: String,
    pub producer: String,
    pub producer_address: String,
    pub inspection_type: String,
    pub order_number: String,
    pub date_received: String,
    pub test_dates: String,
    pub date_to: String,
    pub issue_date: String,
    pub method_standards: String,
    pub product_standard: String,
    pub conclusion: String,
    pub seal_note: String,
    pub remarks: String,
    pub deviations: String,
    pub subcontracted: String,
    pub subcontracted_none: String,
    pub subcontract_footnote: String,
    pub prepared_by: String,
    pub reviewed_by: String,
    pub approved_by: String,
    pub signoff_date: String,
    pub results_title: String,
    pub col_seq: String,
    pub col_item: String,
    pub col_unit: String,
    pub col_requirement: String,
    pub col_result: String,
    pub col_verdict: String,
    pub col_method: String,
    pub end_marker: String,
    /// With a `{number}` placeholder.
    pub replaces: String,
    pub replace_reason: String,
    pub lab_address: String,
    pub lab_phone: String,
    pub qr_caption: String,
    /// Before the verification code under the QR (templates written before codes existed
    /// take the default).
    #[serde(default = "default_verify_code_label")]
    pub verify_code: String,
    /// After the sequence number of an item outside the accredited scope (RB/T 214).
    #[serde(default = "default_outside_scope_mark")]
    pub outside_scope_mark: String,
    #[serde(default = "default_outside_scope_footnote")]
    pub outside_scope_footnote: String,
    /// Before the numbers on the cover when the template has no mark image to print them under.
    #[serde(default = "default_cma_number_label")]
    pub cma_number: String,
    #[serde(default = "default_cnas_number_label")]
    pub cnas_number: String,
}

fn default_verify_code_label() -> String {
    "验证码 Verification code：".into()
}

// Templates written before accreditation marks take these.
fn default_outside_scope_mark() -> String {
    "△".into()
}

fn default_outside_scope_footnote() -> String {
    "注：序号后标“△”的项目不在本实验室资质认定范围内。".into()
}

fn default_cma_number_label() -> String {
    "资质认定证书编号：".into()
}

fn default_cnas_number_label() -> String {
    "CNAS 认可证书编号：".into()
}

/// The statement block (声明).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub title: String,
    pub clauses: Vec<String>,
}

/// What a spot-check certificate prints beyond a commissioned one: the sampling block's
/// labels and its statement, whose objection clause names the organising authority
/// (产品质量法 第十五条: 15 days; 食品安全法 第八十八条: 7 working days). Optional in the file:
/// templates written before spot checks get these defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SupervisionText {
    pub sampling_title: String,
    pub task: String,
    pub authority: String,
    pub sampled_unit: String,
    pub sampled_unit_address: String,
    /// Replaces `labels.producer` on a spot check: the name on the label (标称生产者).
    pub producer: String,
    pub producer_address: String,
    pub sampling_date: String,
    pub sampling_place: String,
    pub form_number: String,
    pub lot_size: String,
    pub sample_quantity: String,
    pub reserve_quantity: String,
    pub reserve_location: String,
    pub seal: String,
    pub samplers: String,
    /// The statement of a spot-check certificate; the clause `{objection}` is replaced by
    /// the objection clause that applies.
    pub clauses: Vec<String>,
    /// Products; `{authority}` is the organising authority.
    pub objection_days: String,
    /// Food; `{authority}` is the organising authority.
    pub objection_working_days: String,
}

impl Default for SupervisionText {
    fn default() -> Self {
        let s = |t: &str| t.to_string();
        SupervisionText {
            sampling_title: s("抽样信息"),
            task: s("抽查任务"),
            authority: s("组织抽查部门"),
            sampled_unit: s("受检单位"),
            sampled_unit_address: s("受检单位地址"),
            producer: s("标称生产者"),
            producer_address: s("标称生产者地址"),
            sampling_date: s("抽样日期"),
            sampling_place: s("抽样地点"),
            form_number: s("抽样单编号"),
            lot_size: s("抽样基数"),
            sample_quantity: s("抽样数量"),
            reserve_quantity: s("备样数量"),
            reserve_location: s("备样存放地点"),
            seal: s("封条编号"),
            samplers: s("抽样人员"),
            clauses: vec![
                s("本报告检验结果仅对所检样品负责。"),
                s("本报告无本实验室“检验检测专用章”及编制、审核、批准人签字无效；报告涂改无效。"),
                s("未经本实验室书面批准，不得部分复制本报告。"),
                s("{objection}"),
            ],
            objection_days: s("对检验结果有异议的，可自收到检验结果之日起十五日内向{authority}或者其上级市场监督管理部门申请复检。"),
            objection_working_days: s("对检验结论有异议的，可自收到检验结论之日起七个工作日内向{authority}或者其上级市场监督管理部门提出复检申请。"),
        }
    }
}

impl SupervisionText {
    /// The statement clauses of a spot-check certificate with the objection clause for
    /// `period` naming `authority`.
    pub fn statement(
        &self,
        period: crate::supervision::deadline::Period,
        authority: &str,
    ) -> Vec<String> {
        use crate::supervision::deadline::Period;
        let objection = match period {
            Period::Days(_) => &self.objection_days,
            Period::WorkingDays(_) => &self.objection_working_days,
        }
        .replace("{authority}", authority);
        self.clauses
            .iter()
            .map(|c| {
                if c.trim() == "{objection}" {
                    objection.clone()
                } else {
                    c.clone()
                }
            })
            .collect()
    }

    fn validate(&self) -> std::result::Result<(), (String, String)> {
        for (name, v) in [
            ("supervision.objection_days", &self.objection_days),
            (
                "supervision.objection_working_days",
                &self.objection_working_days,
            ),
        ] {
            if !v.contains("{authority}") {
                return Err((name.into(), "must contain {authority}".into()));
            }
        }
        if !self.clauses.iter().any(|c| c.trim() == "{objection}") {
            return Err((
                "supervision.clauses".into(),
                "one clause must be \"{objection}\" (where the objection clause goes)".into(),
            ));
        }
        Ok(())
    }

    fn texts(&self) -> Vec<&str> {
        let mut v: Vec<&str> = vec![
            &self.sampling_title,
            &self.task,
            &self.authority,
            &self.sampled_unit,
            &self.sampled_unit_address,
            &self.producer,
            &self.producer_address,
            &self.sampling_date,
            &self.sampling_place,
            &self.form_number,
            &self.lot_size,
            &self.sample_quantity,
            &self.reserve_quantity,
            &self.reserve_location,
            &self.seal,
            &self.samplers,
            &self.objection_days,
            &self.objection_working_days,
        ];
        v.extend(self.clauses.iter().map(String::as_str));
        v
    }
}

/// Lab identity printed instead of the content's, when non-empty.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabOverride {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
}

/// Page geometry in millimetres, font sizes in points.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageGeometry {
    pub width_mm: f32,
    pub height_mm: f32,
    pub margin_left_mm: f32,
    pub margin_right_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub title_font_pt: f32,
    pub body_font_pt: f32,
    pub table_font_pt: f32,
    pub small_font_pt: f32,
    /// Line height as a multiple of the font size.
    pub line_spacing: f32,
    /// Padding inside table cells.
    pub cell_padding_mm: f32,
    pub qr_size_mm: f32,
    pub seal_size_mm: f32,
    pub logo_height_mm: f32,
    /// Height of the CMA and CNAS marks on the cover.
    #[serde(default = "default_mark_height")]
    pub mark_height_mm: f32,
    /// Widths of 序号 | 检验项目 | 单位 | 标准要求 | 检验结果 | 单项判定 | 检验方法; must add up
    /// to the text width (page width minus margins).
    pub result_column_widths_mm: [f32; 7],
}

fn default_mark_height() -> f32 {
    16.0
}

/// The words used in 单项判定.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdicts {
    pub pass: String,
    pub fail: String,
    pub none: String,
    /// Guard-band rule only (ILAC-G8): inside the limit by no more than U.
    #[serde(default = "conditional_pass")]
    pub conditional_pass: String,
    /// Guard-band rule only: outside the limit by no more than U.
    #[serde(default = "conditional_fail")]
    pub conditional_fail: String,
}

// Templates written before guard bands existed have no words for them.
fn conditional_pass() -> String {
    "有条件符合".into()
}

fn conditional_fail() -> String {
    "有条件不符合".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    labels: Labels,
    statement: Statement,
    #[serde(default)]
    lab: LabOverride,
    #[serde(default)]
    images: Images,
    font: FontEntry,
    page: PageGeometry,
    verdicts: Verdicts,
    #[serde(default)]
    supervision: SupervisionText,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Images {
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    seal: Option<String>,
    #[serde(default)]
    cross_page_seal: bool,
    #[serde(default)]
    cma_mark: Option<String>,
    #[serde(default)]
    cnas_mark: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FontEntry {
    path: String,
    #[serde(default)]
    face_index: u32,
}

impl Template {
    /// Load and validate `<dir>/template.toml`.
    pub fn load(dir: &Path) -> Result<Template> {
        let file = dir.join(TEMPLATE_FILE);
        let text = std::fs::read_to_string(&file)
            .map_err(|e| CertError::io(&file, "reading template", e))?;
        Self::from_toml_str(&text, dir, &file)
    }

    /// Parse template text as if it had been read from `file` inside `dir`.
    pub fn from_toml_str(text: &str, dir: &Path, file: &Path) -> Result<Template> {
        let err = |field: &str, message: String| CertError::Template {
            file: file.to_path_buf(),
            field: field.to_string(),
            message,
        };
        let de = toml::Deserializer::new(text);
        let raw: TemplateFile = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let message = e.inner().to_string();
            let field = field_from_error(&path, &message);
            err(&field, message.trim().replace('\n', " "))
        })?;

        let resolve = |p: &str| -> PathBuf {
            let p = Path::new(p);
            if p.is_absolute() {
                p.to_path_buf()
            } else {
                dir.join(p)
            }
        };
        let optional_file = |field: &str, value: &Option<String>| -> Result<Option<PathBuf>> {
            match value.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(p) => {
                    let path = resolve(p);
                    if path.is_file() {
                        Ok(Some(path))
                    } else {
                        Err(err(
                            field,
                            format!("file {} does not exist", path.display()),
                        ))
                    }
                }
            }
        };
        let logo = optional_file("images.logo", &raw.images.logo)?;
        let seal = optional_file("images.seal", &raw.images.seal)?;
        let cma_mark = optional_file("images.cma_mark", &raw.images.cma_mark)?;
        let cnas_mark = optional_file("images.cnas_mark", &raw.images.cnas_mark)?;
        if raw.images.cross_page_seal && seal.is_none() {
            return Err(err(
                "images.cross_page_seal",
                "a cross-page seal needs the seal image (images.seal)".into(),
            ));
        }
        let font_path = resolve(raw.font.path.trim());
        if !font_path.is_file() {
            return Err(err(
                "font.path",
                format!("font file {} does not exist", font_path.display()),
            ));
        }

        validate_page(&raw.page).map_err(|(field, message)| err(&field, message))?;
        validate_labels(&raw.labels).map_err(|(field, message)| err(&field, message))?;
        raw.supervision
            .validate()
            .map_err(|(field, message)| err(&field, message))?;
        if raw.statement.clauses.is_empty() {
            return Err(err(
                "statement.clauses",
                "at least one clause is required".into(),
            ));
        }
        for (name, value) in [
            ("verdicts.pass", &raw.verdicts.pass),
            ("verdicts.fail", &raw.verdicts.fail),
            ("verdicts.none", &raw.verdicts.none),
            ("verdicts.conditional_pass", &raw.verdicts.conditional_pass),
            ("verdicts.conditional_fail", &raw.verdicts.conditional_fail),
        ] {
            if value.trim().is_empty() {
                return Err(err(name, "must not be empty".into()));
            }
        }

        Ok(Template {
            dir: dir.to_path_buf(),
            labels: raw.labels,
            statement: raw.statement,
            lab: raw.lab,
            logo,
            seal,
            cross_page_seal: raw.images.cross_page_seal,
            cma_mark,
            cnas_mark,
            font_path,
            font_face_index: raw.font.face_index,
            page: raw.page,
            verdicts: raw.verdicts,
            supervision: raw.supervision,
        })
    }

    /// Width available for text: page width minus the side margins.
    pub fn text_width_mm(&self) -> f32 {
        self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm
    }

    /// Every fixed text of the template (for the glyph check).
    pub fn texts(&self) -> Vec<&str> {
        let l = &self.labels;
        let mut v: Vec<&str> = vec![
            &l.report_title,
            &l.report_number,
            &l.page_number,
            &l.sample_name,
            &l.trademark,
            &l.model_spec,
            &l.batch_or_date,
            &l.sample_number,
            &l.quantity,
            &l.condition,
            &l.client,
            &l.client_address,
            &l.credit_code,
            &l.producer,
            &l.producer_address,
            &l.inspection_type,
            &l.order_number,
            &l.date_received,
            &l.test_dates,
            &l.date_to,
            &l.issue_date,
            &l.method_standards,
            &l.product_standard,
            &l.conclusion,
            &l.seal_note,
            &l.remarks,
            &l.deviations,
            &l.subcontracted,
            &l.subcontracted_none,
            &l.subcontract_footnote,
            &l.prepared_by,
            &l.reviewed_by,
            &l.approved_by,
            &l.signoff_date,
            &l.results_title,
            &l.col_seq,
            &l.col_item,
            &l.col_unit,
            &l.col_requirement,
            &l.col_result,
            &l.col_verdict,
            &l.col_method,
            &l.end_marker,
            &l.replaces,
            &l.replace_reason,
            &l.lab_address,
            &l.lab_phone,
            &l.qr_caption,
            &l.verify_code,
            &l.outside_scope_mark,
            &l.outside_scope_footnote,
            &l.cma_number,
            &l.cnas_number,
            &self.statement.title,
            &self.lab.name,
            &self.lab.address,
            &self.lab.phone,
        ];
        v.extend(self.statement.clauses.iter().map(String::as_str));
        v.extend(self.supervision.texts());
        v
    }
}

/// `serde_path_to_error` gives the path of the struct that misses a field; append the field.
fn field_from_error(path: &str, message: &str) -> String {
    let named = |prefix: &str| -> Option<String> {
        let rest = message.split(prefix).nth(1)?;
        let name = rest.split('`').next()?;
        Some(name.to_string())
    };
    let inner = named("missing field `").or_else(|| named("unknown field `"));
    match (path, inner) {
        ("." | "", Some(name)) => name,
        ("." | "", None) => String::new(),
        (p, Some(name)) if message.contains("missing field") => format!("{p}.{name}"),
        (p, Some(name)) if !p.ends_with(&name) => format!("{p}.{name}"),
        (p, _) => p.to_string(),
    }
}

fn validate_page(p: &PageGeometry) -> std::result::Result<(), (String, String)> {
    let positive = [
        ("page.width_mm", p.width_mm),
        ("page.height_mm", p.height_mm),
        ("page.title_font_pt", p.title_font_pt),
        ("page.body_font_pt", p.body_font_pt),
        ("page.table_font_pt", p.table_font_pt),
        ("page.small_font_pt", p.small_font_pt),
        ("page.line_spacing", p.line_spacing),
        ("page.qr_size_mm", p.qr_size_mm),
        ("page.seal_size_mm", p.seal_size_mm),
        ("page.logo_height_mm", p.logo_height_mm),
        ("page.mark_height_mm", p.mark_height_mm),
    ];
    for (name, v) in positive {
        if !(v.is_finite() && v > 0.0) {
            return Err((name.into(), format!("must be a positive number, found {v}")));
        }
    }
    let margins = [
        ("page.margin_left_mm", p.margin_left_mm),
        ("page.margin_right_mm", p.margin_right_mm),
        ("page.margin_top_mm", p.margin_top_mm),
        ("page.margin_bottom_mm", p.margin_bottom_mm),
        ("page.cell_padding_mm", p.cell_padding_mm),
    ];
    for (name, v) in margins {
        if !(v.is_finite() && v >= 0.0) {
            return Err((name.into(), format!("must be zero or positive, found {v}")));
        }
    }
    let text_width = p.width_mm - p.margin_left_mm - p.margin_right_mm;
    if text_width < 100.0 || p.height_mm - p.margin_top_mm - p.margin_bottom_mm < 150.0 {
        return Err((
            "page".into(),
            "margins leave less than 100 × 150 mm for text".into(),
        ));
    }
    if let Some(w) = p
        .result_column_widths_mm
        .iter()
        .find(|w| !(w.is_finite() && **w >= 5.0))
    {
        return Err((
            "page.result_column_widths_mm".into(),
            format!("every column must be at least 5 mm, found {w}"),
        ));
    }
    let sum: f32 = p.result_column_widths_mm.iter().sum();
    if (sum - text_width).abs() > 0.5 {
        return Err((
            "page.result_column_widths_mm".into(),
            format!("columns add up to {sum} mm but the text width is {text_width} mm"),
        ));
    }
    Ok(())
}

fn validate_labels(l: &Labels) -> std::result::Result<(), (String, String)> {
    if !l.page_number.contains("{page}") || !l.page_number.contains("{pages}") {
        return Err((
            "labels.page_number".into(),
            "must contain {page} and {pages}".into(),
        ));
    }
    if !l.replaces.contains("{number}") {
        return Err(("labels.replaces".into(), "must contain {number}".into()));
    }
    if l.date_format.trim().is_empty()
        || StrftimeItems::new(&l.date_format).any(|i| matches!(i, Item::Error))
    {
        return Err((
            "labels.date_format".into(),
            format!("invalid date format {:?}", l.date_format),
        ));
    }
    Ok(())
}
