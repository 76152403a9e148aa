//! Laying out a raw record on the certificate template's pages: the same font, margins,
//! table style and wrapping; the order number and 第 x 页 共 y 页 on every page.

use super::{RawEntry, RawItem, RawRecord};
use crate::certificate::error::CertError;
use crate::certificate::font::FontFace;
use crate::certificate::layout::{draw_lines, wrap, Align, Draw, Flow, PageLayout, Row, Style};
use crate::certificate::render::Renderer;
use crate::certificate::template::Template;

/// The document's title.
pub const TITLE: &str = "原始记录";

const BORDER: f32 = 0.35;
const THICK: f32 = 0.6;
/// Header band (order number, page x of y) and footer band (lab name), as on certificates.
const HEADER_H: f32 = 9.0;
const FOOTER_H: f32 = 8.0;
/// Width of a label cell.
const LABEL_W: f32 = 30.0;

struct Ctx<'a> {
    t: &'a Template,
    font: &'a FontFace,
    table: Style,
    body: Style,
    small: Style,
    pad: f32,
    left: f32,
    width: f32,
}

/// Lay out the whole raw record.
pub fn layout(r: &RawRecord, renderer: &Renderer) -> Result<Vec<PageLayout>, CertError> {
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
    };
    let mut flow = Flow::new(
        g.margin_top_mm + HEADER_H + 3.0,
        g.height_mm - g.margin_bottom_mm - FOOTER_H - 2.0,
    );
    ctx.title(&mut flow);
    ctx.top_line(&mut flow);
    for row in ctx.facts(r) {
        ctx.place(&mut flow, &row, None)?;
    }
    for item in &r.items {
        ctx.item(&mut flow, item)?;
    }
    ctx.section(&mut flow, "签字", &ctx.signoff(r))?;
    ctx.end_marker(&mut flow);
    let mut pages = flow.finish();
    ctx.headers(&mut pages, r);
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

    /// A full-width heading cell (an item's name).
    fn heading(&self, text: &str) -> Row {
        Row::new(
            self.font,
            self.body,
            self.pad,
            self.body.line_h() + 2.0 * self.pad + 1.0,
            &[(text, self.width, Align::Left)],
        )
    }

    fn title(&self, flow: &mut Flow) {
        let style = Style {
            size: self.t.page.body_font_pt * 1.6,
            spacing: 1.4,
        };
        let lines = wrap(self.font, TITLE, style.size, self.width);
        draw_lines(
            &mut flow.current.draws,
            self.font,
            &lines,
            style,
            self.left,
            self.width,
            flow.y,
            Align::Center,
        );
        flow.y += lines.len() as f32 * style.line_h() + 3.0;
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

    /// Put a row on this page, or on a new one whose table starts with a top line and, inside
    /// an item, the item's heading marked 续 so a reading is never read against the wrong item.
    fn place(&self, flow: &mut Flow, row: &Row, continued: Option<&Row>) -> Result<(), CertError> {
        if row.height > flow.remaining() {
            let head = continued.map_or(0.0, |h| h.height);
            if row.height + head > flow.body_bottom - flow.body_top - 10.0 {
                return Err(CertError::Layout(format!(
                    "a raw-record row needs {:.0} mm, more than a whole page; shorten its text",
                    row.height
                )));
            }
            flow.new_page();
            self.top_line(flow);
            if let Some(h) = continued {
                self.draw(flow, h);
            }
        }
        self.draw(flow, row);
        Ok(())
    }

    fn draw(&self, flow: &mut Flow, row: &Row) {
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
    }

    /// A block of rows under a heading, kept on one page when a page can hold it; a longer
    /// block starts on a fresh page when its heading and first row would not fit here.
    fn section(&self, flow: &mut Flow, heading: &str, rows: &[Row]) -> Result<(), CertError> {
        let head = self.heading(heading);
        let again = self.heading(&format!("{heading}（续）"));
        let total: f32 = head.height + rows.iter().map(|r| r.height).sum::<f32>();
        let first = head.height + rows.first().map_or(0.0, |r| r.height);
        let page = flow.body_bottom - flow.body_top;
        let fits_a_page = total <= page;
        if (fits_a_page && total + 2.0 > flow.remaining()) || first + 2.0 > flow.remaining() {
            flow.new_page();
        }
        flow.y += 2.0;
        self.top_line(flow);
        self.place(flow, &head, None)?;
        for row in rows {
            self.place(flow, row, Some(&again))?;
        }
        Ok(())
    }

    fn facts(&self, r: &RawRecord) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut kv: Vec<(&str, &str)> = vec![("委托单号", &r.order_number)];
        kv.extend(r.sample.iter().map(|(k, v)| (*k, v.as_str())));
        kv.extend(r.receipt.iter().map(|(k, v)| (*k, v.as_str())));
        for pair in kv.chunks(2) {
            match pair {
                [(a, av), (b, bv)] => rows.push(self.pair(a, av, b, bv)),
                [(a, av)] => rows.push(self.full(a, av)),
                _ => {}
            }
        }
        rows.push(self.full("判定依据", &r.standard));
        rows
    }

    fn entry_rows(&self, e: &RawEntry, rows: &mut Vec<Row>) {
        let label = if e.current {
            "试样读数"
        } else {
            "原读数（已更改）"
        };
        rows.push(self.full(label, &e.readings));
        rows.push(self.pair("检测日期", &e.tested_on, "环境条件", &e.conditions));
        let instruments = if e.instruments.is_empty() {
            "/".to_string()
        } else {
            e.instruments.join("\n")
        };
        rows.push(self.full("仪器设备", &instruments));
        if let Some(u) = &e.uncertainty {
            rows.push(self.full("扩展不确定度", u));
        }
        if let Some(d) = &e.deviation {
            rows.push(self.full("条件偏离", d));
        }
        rows.push(self.full("检验员", &e.entered));
        if let Some(why) = &e.replaced {
            rows.push(self.full("更改", why));
        }
    }

    fn item(&self, flow: &mut Flow, item: &RawItem) -> Result<(), CertError> {
        let mut rows = vec![
            self.pair("检验方法", &item.method, "单位", &item.unit),
            self.full("标准要求", &item.requirement),
        ];
        // The current entry first: it is what the result rests on; then what it replaced.
        if let Some(current) = item.entries.last() {
            self.entry_rows(current, &mut rows);
        }
        for e in item.entries.iter().rev().skip(1) {
            self.entry_rows(e, &mut rows);
        }
        if let Some(c) = &item.computed {
            rows.push(self.full("计算公式", &c.formula));
            rows.push(self.full("输入值", &c.inputs.join("\n")));
            rows.push(self.full("计算值（未修约）", &c.values));
        } else if item.entries.is_empty() {
            rows.push(self.full("试样读数", "未录入"));
        }
        rows.push(self.pair("报告值", &item.reported, "单项判定", &item.verdict));
        if !item.arrangements.is_empty() {
            rows.push(self.full("偏离/分包", &item.arrangements.join("\n")));
        }
        self.section(flow, &format!("{}. {}", item.seq, item.name), &rows)
    }

    fn signoff(&self, r: &RawRecord) -> Vec<Row> {
        let techs = if r.technicians.is_empty() {
            "/".to_string()
        } else {
            r.technicians.join("、")
        };
        vec![
            self.full("检验员", &techs),
            self.pair(
                "校核",
                &r.checker,
                "打印日期",
                &r.printed.format("%Y-%m-%d").to_string(),
            ),
        ]
    }

    fn end_marker(&self, flow: &mut Flow) {
        let h = self.table.line_h() + 4.0;
        if h > flow.remaining() {
            flow.new_page();
        }
        let lines = vec!["—— 以下空白 ——".to_string()];
        draw_lines(
            &mut flow.current.draws,
            self.font,
            &lines,
            self.table,
            self.left,
            self.width,
            flow.y + 2.0,
            Align::Center,
        );
        flow.y += h;
    }

    fn headers(&self, pages: &mut [PageLayout], r: &RawRecord) {
        let g = &self.t.page;
        let total = pages.len();
        let top = g.margin_top_mm;
        let line_y = top + HEADER_H - 1.0;
        let foot_y = g.height_mm - g.margin_bottom_mm - FOOTER_H + 1.0;
        let number = format!("委托单号：{}", r.order_number);
        // The title on every page, so a loose page is known for what it is.
        let foot = format!("{}  {TITLE}", r.lab_name);
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
            if r.training {
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
