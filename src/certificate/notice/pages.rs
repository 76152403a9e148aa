//! Laying out a result notice on the certificate template's page: title, addressees, the
//! notice's paragraph, the sample and task, the failed items, the basis and conclusion, the
//! delivery and objection deadline, and the lab's signature block; the notice number and
//! 第 x 页 共 y 页 on every page.

use super::{counting_text, NoticeDoc};
use crate::certificate::error::CertError;
use crate::certificate::layout::{draw_lines, wrap, Align, Draw, Flow, ImageKind, PageLayout};
use crate::certificate::page_kit::{page_x_of_y, Kit};
use crate::certificate::pages::format_date;
use crate::certificate::render::Renderer;

/// The document's title.
pub const TITLE: &str = "检验结果通知书";

/// 序号 | 项目代码 | 检验项目 | 标准要求 | 检验结果 | 单项判定, as parts of the text width.
const FAILED_COLUMNS: [f32; 6] = [0.06, 0.12, 0.22, 0.26, 0.2, 0.14];

struct Ctx<'a> {
    k: Kit<'a>,
    has_seal: bool,
}

impl<'a> std::ops::Deref for Ctx<'a> {
    type Target = Kit<'a>;
    fn deref(&self) -> &Kit<'a> {
        &self.k
    }
}

/// Lay out the whole notice.
pub fn layout(n: &NoticeDoc, renderer: &Renderer) -> Result<Vec<PageLayout>, CertError> {
    let t = renderer.template();
    let ctx = Ctx {
        k: Kit::new(t, renderer.font()),
        has_seal: t.seal.is_some(),
    };
    let date = |d| format_date(t, d);
    let mut flow = ctx.flow();
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
    for row in ctx.kv_rows(&facts) {
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
    ctx.page_bands(
        &mut pages,
        &format!("通知书编号：{}", n.number),
        page_x_of_y,
        &format!("{}  {TITLE}", n.lab_name),
        n.training,
    );
    Ok(pages)
}

impl Ctx<'_> {
    fn title(&self, flow: &mut Flow, n: &NoticeDoc) {
        self.k.title(flow, TITLE, 1.8);
        flow.y += 1.0;
        let number = vec![format!("编号：{}", n.number)];
        draw_lines(
            &mut flow.current.draws,
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

    fn failed_table(&self, flow: &mut Flow, n: &NoticeDoc) -> Result<(), CertError> {
        let row = |cells: [&str; 6]| self.grid_row(&FAILED_COLUMNS, &cells, &[2, 3]);
        let title = self.row(&[("不合格项目", self.width, Align::Center)]);
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
}
