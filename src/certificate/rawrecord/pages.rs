//! Laying out a raw record on the certificate template's pages: the same font, margins,
//! table style and wrapping; the order number and 第 x 页 共 y 页 on every page.

use super::{RawEntry, RawItem, RawRecord};
use crate::certificate::error::CertError;
use crate::certificate::layout::{Flow, PageLayout, Row};
use crate::certificate::page_kit::{page_x_of_y, Kit};
use crate::certificate::render::Renderer;

/// The document's title.
pub const TITLE: &str = "原始记录";

struct Ctx<'a> {
    k: Kit<'a>,
}

impl<'a> std::ops::Deref for Ctx<'a> {
    type Target = Kit<'a>;
    fn deref(&self) -> &Kit<'a> {
        &self.k
    }
}

/// Lay out the whole raw record.
pub fn layout(r: &RawRecord, renderer: &Renderer) -> Result<Vec<PageLayout>, CertError> {
    let ctx = Ctx {
        k: Kit::new(renderer.template(), renderer.font()),
    };
    let mut flow = ctx.flow();
    ctx.title(&mut flow, TITLE, 1.6);
    flow.y += 3.0;
    ctx.top_line(&mut flow);
    for row in ctx.facts(r) {
        ctx.place(&mut flow, &row, None)?;
    }
    for item in &r.items {
        ctx.item(&mut flow, item)?;
    }
    ctx.section(&mut flow, "签字", &ctx.signoff(r))?;
    ctx.end_marker(&mut flow, "以下空白");
    let mut pages = flow.finish();
    // The title on every page, so a loose page is known for what it is.
    ctx.page_bands(
        &mut pages,
        &format!("委托单号：{}", r.order_number),
        page_x_of_y,
        &format!("{}  {TITLE}", r.lab_name),
        r.training,
    );
    Ok(pages)
}

impl Ctx<'_> {
    /// Put a row on this page, or on a new one whose table starts with a top line and, inside
    /// an item, the item's heading marked 续 so a reading is never read against the wrong item.
    fn place(&self, flow: &mut Flow, row: &Row, continued: Option<&Row>) -> Result<(), CertError> {
        let head = continued.map_or(0.0, |h| h.height);
        self.k.place_with(flow, row, 10.0 + head, |flow| {
            if let Some(h) = continued {
                self.draw_row(flow, h);
            }
        })
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
        let mut kv: Vec<(&str, &str)> = vec![("委托单号", &r.order_number)];
        kv.extend(r.sample.iter().map(|(k, v)| (*k, v.as_str())));
        kv.extend(r.receipt.iter().map(|(k, v)| (*k, v.as_str())));
        let mut rows = self.kv_rows(&kv);
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
}
