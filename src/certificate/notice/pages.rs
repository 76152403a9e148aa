//! Laying out a result notice on the certificate template's page: title, addressees, the
//! notice's paragraph, the sample and task, the failed items, the basis and conclusion, the
//! delivery and objection deadline, and the lab's signature block; the notice number and
//! 第 x 页 共 y 页 on every page.

use super::{counting_text, NoticeDoc};
use crate::certificate::error::CertError;
use crate::certificate::font::FontFace;
use crate::certificate::layout::{
    draw_lines, wrap, Align, Draw, Flow, ImageKind, PageLayout, Row, Style,
};
use crate::certificate::pages::format_date;
use crate::certificate::render::Renderer;
use crate::certificate::template::Template;

/// The document's title.
pub const TITLE: &str = "检验结果通知书";

const BORDER: f32 = 0.35;
const THICK: f32 = 0.6;
const HEADER_H: f32 = 9.0;
const FOOTER_H: f32 = 8.0;
const LABEL_W: f32 = 30.0;
/// 序号 | 项目代码 | 检验项目 | 标准要求 | 检验结果 | 单项判定, as parts of the text width.
const FAILED_COLUMNS: [f32; 6] = [0.06, 0.12, 0.22, 0.26, 0.2, 0.14];

struct Ctx<'a> {
    t: &'a Template,
    font: &'a FontFace,
    table: Style,
    body: Style,
    small: Style,
    pad: f32,
    left: f32,
    width: f32,
    has_seal: bool,
}

/// Lay out the whole notice.
pub fn layout(n: &NoticeDoc, renderer: &Renderer) -> Result<Vec<PageLayout>, CertError> {
    let t = renderer.template();
    let g = &t.page;
    let style = |size: f32| Style {
        size,
        spacing: g.line_spacing,
    };
    let ctx = Ctx {
        t,
        font: renderer.font(),
        table: style(g.table_font_pt),
        body: style(g.body_font_pt),
        small: style(g.small_font_pt),
        pad: g.cell_padding_mm,
        left: g.margin_left_mm,
        width: t.text_width_mm(),
        has_seal: t.seal.is_some(),
    };
    let date = |d| format_date(t, d);
    let mut flow = Flow::new(
        g.margin_top_mm + HEADER_H + 3.0,
        g.height_mm - g.margin_bottom_mm - FOOTER_H - 2.0,
    );
    ctx.title(&mut flow, n);
    ctx.paragraph(&mut flow, &format!("受检单位：{}", n.sampled_unit), false);
    ctx.paragraph(&mut flow, &format!("标称生产者：{}", n.producer), false);
    flow.y += 2.0;
    let failed = n.failed.len();
    ctx.paragraph(
        &mut flow,
        &format!(
            "{lab}承担的{task}中，依法抽取的{sample}样品，经检验，{failed} 个项目不符合判定依据的要求，检验结论为不合格（检验报告编号 {report}）。现将检验结果通知如下：",
            lab = n.lab_name,
            task = n.task,
            sample = n.sample_name,
            report = n.report,
        ),
        true,
    );
    flow.y += 2.0;
    ctx.top_line(&mut flow);
    // Sample and sampling facts two to a row, so the notice and its signature fit one page.
    let mut facts: Vec<(&str, String)> = vec![("委托单号", n.order_number.clone())];
    facts.extend(n.sample.iter().map(|(k, v)| (*k, v.clone())));
    if let Some(d) = n.sampling_date {
        facts.push(("抽样日期", date(d)?));
    }
    facts.extend(n.sampling.iter().map(|(k, v)| (*k, v.clone())));
    for pair in facts.chunks(2) {
        let row = match pair {
            [(a, av), (b, bv)] => ctx.pair(a, av, b, bv),
            [(a, av)] => ctx.full(a, av),
            _ => continue,
        };
        ctx.place(&mut flow, &row)?;
    }
    ctx.place(&mut flow, &ctx.full("抽查任务", &n.task))?;
    ctx.place(&mut flow, &ctx.full("组织抽查部门", &n.authority))?;
    ctx.place(
        &mut flow,
        &ctx.full("受检单位地址", &n.sampled_unit_address),
    )?;
    ctx.place(&mut flow, &ctx.full("标称生产者地址", &n.producer_address))?;
    ctx.failed_table(&mut flow, n)?;
    ctx.place(&mut flow, &ctx.full("判定依据", &n.basis))?;
    ctx.place(&mut flow, &ctx.full("检验结论", &n.conclusion))?;
    flow.y += 3.0;
    let deadline = date(n.deadline)?;
    ctx.paragraph(
        &mut flow,
        &format!(
            "对检验结果有异议的，可自收到本通知书之日起{}内，即 {deadline}（含当日）前，向{}或者其上级市场监督管理部门书面申请复检；逾期未申请的，视为承认检验结果。",
            n.period.zh(),
            n.authority
        ),
        true,
    );
    flow.y += 2.0;
    ctx.top_line(&mut flow);
    ctx.place(
        &mut flow,
        &ctx.pair("送达日期", &date(n.delivered)?, "送达方式", &n.delivery),
    )?;
    ctx.place(
        &mut flow,
        &ctx.pair("异议期限", &n.period.zh(), "期限届满", &deadline),
    )?;
    ctx.place(&mut flow, &ctx.full("期限计算", &counting_text(n.period)))?;
    ctx.signature(&mut flow, n, &date(n.issued)?);
    let mut pages = flow.finish();
    ctx.headers(&mut pages, n);
    Ok(pages)
}

impl Ctx<'_> {
    fn min_h(&self) -> f32 {
        self.table.line_h() + 2.0 * self.pad + 1.0
    }

    fn full(&self, label: &str, value: &str) -> Row {
        Row::new(
            self.font,
            self.table,
            self.pad,
            self.min_h(),
            &[
                (label, LABEL_W, Align::Center),
                (value, self.width - LABEL_W, Align::Left),
            ],
        )
    }

    fn pair(&self, a: &str, av: &str, b: &str, bv: &str) -> Row {
        let vw = (self.width - 2.0 * LABEL_W) / 2.0;
        Row::new(
            self.font,
            self.table,
            self.pad,
            self.min_h(),
            &[
                (a, LABEL_W, Align::Center),
                (av, vw, Align::Left),
                (b, LABEL_W, Align::Center),
                (bv, vw, Align::Left),
            ],
        )
    }

    fn title(&self, flow: &mut Flow, n: &NoticeDoc) {
        let style = Style {
            size: self.t.page.body_font_pt * 1.8,
            spacing: 1.4,
        };
        let lines = wrap(self.font, TITLE, style.size, self.width);
        let d = &mut flow.current.draws;
        draw_lines(
            d,
            self.font,
            &lines,
            style,
            self.left,
            self.width,
            flow.y,
            Align::Center,
        );
        flow.y += lines.len() as f32 * style.line_h() + 1.0;
        let number = vec![format!("编号：{}", n.number)];
        draw_lines(
            d,
            self.font,
            &number,
            self.body,
            self.left,
            self.width,
            flow.y,
            Align::Center,
        );
        flow.y += self.body.line_h() + 4.0;
    }

    /// Body text across the page; `indent` starts it two characters in, as a letter does.
    fn paragraph(&self, flow: &mut Flow, text: &str, indent: bool) {
        let text = if indent {
            format!("\u{3000}\u{3000}{text}")
        } else {
            text.to_string()
        };
        let lines = wrap(self.font, &text, self.body.size, self.width);
        let h = lines.len() as f32 * self.body.line_h();
        if h > flow.remaining() {
            flow.new_page();
        }
        draw_lines(
            &mut flow.current.draws,
            self.font,
            &lines,
            self.body,
            self.left,
            self.width,
            flow.y,
            Align::Left,
        );
        flow.y += h;
    }

    fn top_line(&self, flow: &mut Flow) {
        let y = flow.y;
        flow.push(Draw::Line {
            x1: self.left,
            y1: y,
            x2: self.left + self.width,
            y2: y,
            width: BORDER,
        });
    }

    /// Put a row here, or at the top of a new page whose table starts with a top line.
    fn place(&self, flow: &mut Flow, row: &Row) -> Result<(), CertError> {
        if row.height > flow.remaining() {
            if row.height > flow.body_bottom - flow.body_top - 10.0 {
                return Err(CertError::Layout(format!(
                    "a notice row needs {:.0} mm, more than a whole page; shorten its text",
                    row.height
                )));
            }
            flow.new_page();
            self.top_line(flow);
        }
        row.draw(
            &mut flow.current.draws,
            self.font,
            self.table,
            self.pad,
            self.left,
            flow.y,
            BORDER,
        );
        flow.y += row.height;
        Ok(())
    }

    fn failed_table(&self, flow: &mut Flow, n: &NoticeDoc) -> Result<(), CertError> {
        let w = FAILED_COLUMNS.map(|p| p * self.width);
        let row = |cells: [&str; 6]| {
            let aligned: Vec<(&str, f32, Align)> = cells
                .iter()
                .zip(w)
                .enumerate()
                .map(|(i, (t, w))| {
                    let a = if matches!(i, 2 | 3) {
                        Align::Left
                    } else {
                        Align::Center
                    };
                    (*t, w, a)
                })
                .collect();
            Row::new(self.font, self.table, self.pad, self.min_h(), &aligned)
        };
        let title = Row::new(
            self.font,
            self.table,
            self.pad,
            self.min_h(),
            &[("不合格项目", self.width, Align::Center)],
        );
        let head = row([
            "序号",
            "项目代码",
            "检验项目",
            "标准要求",
            "检验结果",
            "单项判定",
        ]);
        // The title, the header and the first item stay together.
        let first = n.failed.first().map(|f| {
            row([
                &f.seq.to_string(),
                &f.code,
                &f.name,
                &f.requirement,
                &f.result,
                &f.verdict,
            ])
        });
        let together = title.height + head.height + first.as_ref().map_or(0.0, |r| r.height);
        if together > flow.remaining() {
            flow.new_page();
            self.top_line(flow);
        }
        self.place(flow, &title)?;
        self.place(flow, &head)?;
        for f in &n.failed {
            let r = row([
                &f.seq.to_string(),
                &f.code,
                &f.name,
                &f.requirement,
                &f.result,
                &f.verdict,
            ]);
            if r.height > flow.remaining() {
                flow.new_page();
                self.top_line(flow);
                self.place(flow, &head)?;
            }
            self.place(flow, &r)?;
        }
        Ok(())
    }

    /// The lab's name, the seal note and the day, at the right; the seal over them when the
    /// template has one; the signatory below.
    fn signature(&self, flow: &mut Flow, n: &NoticeDoc, issued: &str) {
        let lines = vec![
            n.lab_name.clone(),
            self.t.labels.seal_note.clone(),
            issued.to_string(),
        ];
        let signer = vec![format!("签发人：{}", n.issued_by)];
        let h = lines.len() as f32 * self.body.line_h() + 8.0;
        if h > flow.remaining() {
            flow.new_page();
        }
        let right_w = 80.0;
        let rx = self.left + self.width - right_w;
        let top = flow.y + 6.0;
        let d = &mut flow.current.draws;
        draw_lines(
            d,
            self.font,
            &lines,
            self.body,
            rx,
            right_w,
            top,
            Align::Center,
        );
        draw_lines(
            d,
            self.font,
            &signer,
            self.body,
            self.left,
            self.width,
            top + self.body.line_h(),
            Align::Left,
        );
        if self.has_seal {
            let s = self.t.page.seal_size_mm;
            d.push(Draw::Image {
                kind: ImageKind::Seal,
                x: rx + (right_w - s) / 2.0,
                y: top + 1.5 * self.body.line_h() - s / 2.0,
                w: s,
                h: s,
            });
        }
        flow.y += h;
    }

    fn headers(&self, pages: &mut [PageLayout], n: &NoticeDoc) {
        let g = &self.t.page;
        let total = pages.len();
        let top = g.margin_top_mm;
        let line_y = top + HEADER_H - 1.0;
        let foot_y = g.height_mm - g.margin_bottom_mm - FOOTER_H + 1.0;
        let number = format!("通知书编号：{}", n.number);
        let foot = format!("{}  {TITLE}", n.lab_name);
        let lab = wrap(self.font, &foot, self.small.size, self.width)
            .into_iter()
            .next()
            .unwrap_or_default();
        for (i, p) in pages.iter_mut().enumerate() {
            let d = &mut p.draws;
            let pn = format!("第 {} 页 共 {total} 页", i + 1);
            let s = self.body;
            let band = |d: &mut Vec<Draw>, text: &str, align: Align| {
                draw_lines(
                    d,
                    self.font,
                    &[text.to_string()],
                    s,
                    self.left,
                    self.width,
                    top + 1.0,
                    align,
                );
            };
            band(d, &number, Align::Left);
            band(d, &pn, Align::Right);
            if n.training {
                band(d, crate::certificate::qr::TRAINING_MARK, Align::Center);
            }
            for (y, width) in [(line_y, THICK), (foot_y, BORDER)] {
                d.push(Draw::Line {
                    x1: self.left,
                    y1: y,
                    x2: self.left + self.width,
                    y2: y,
                    width,
                });
            }
            draw_lines(
                d,
                self.font,
                std::slice::from_ref(&lab),
                self.small,
                self.left,
                self.width,
                foot_y + 1.0,
                Align::Center,
            );
        }
    }
}
