//! The certificate's pages: cover, information page, result table, statement, page headers.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::content::{CertificateContent, ResultRow};
use super::error::CertError;
use super::font::FontFace;
use super::layout::{draw_lines, wrap, Align, Draw, Flow, ImageKind, PageLayout, Row, Style};
use super::template::Template;
use super::Result;

const BORDER: f32 = 0.35;
const THICK: f32 = 0.6;
/// Height of the page header band (report number, page x of y).
const HEADER_H: f32 = 9.0;
/// Height of the footer band (lab name).
const FOOTER_H: f32 = 8.0;

/// Inputs that do not come from the content or the template.
#[derive(Debug, Clone, Copy)]
pub struct Extras {
    /// width / height of the logo image, when the template has one.
    pub logo_aspect: Option<f32>,
    pub has_seal: bool,
}

/// Lay out the whole certificate.
pub fn layout_certificate(
    c: &CertificateContent,
    t: &Template,
    font: &FontFace,
    extras: Extras,
) -> Result<Vec<PageLayout>> {
    let ctx = Ctx::new(c, t, font, extras);
    let mut pages = vec![ctx.cover()?];
    let mut flow = Flow::new(ctx.body_top(), ctx.body_bottom());
    ctx.info(&mut flow)?;
    ctx.statement(&mut flow)?;
    flow.new_page();
    ctx.results(&mut flow)?;
    pages.extend(flow.finish());
    ctx.add_headers(&mut pages);
    Ok(pages)
}

/// Format a date with the template's format string.
pub fn format_date(t: &Template, d: NaiveDate) -> Result<String> {
    let mut s = String::new();
    write!(s, "{}", d.format(&t.labels.date_format)).map_err(|_| {
        CertError::Layout(format!(
            "date format {:?} cannot format {d}",
            t.labels.date_format
        ))
    })?;
    Ok(s)
}

struct Ctx<'a> {
    c: &'a CertificateContent,
    t: &'a Template,
    font: &'a FontFace,
    extras: Extras,
    body: Style,
    table: Style,
    small: Style,
    pad: f32,
    left: f32,
    width: f32,
}

impl<'a> Ctx<'a> {
    fn new(c: &'a CertificateContent, t: &'a Template, font: &'a FontFace, extras: Extras) -> Self {
        let g = &t.page;
        Ctx {
            c,
            t,
            font,
            extras,
            body: Style {
                size: g.body_font_pt,
                spacing: g.line_spacing,
            },
            table: Style {
                size: g.table_font_pt,
                spacing: g.line_spacing,
            },
            small: Style {
                size: g.small_font_pt,
                spacing: g.line_spacing,
            },
            pad: g.cell_padding_mm,
            left: g.margin_left_mm,
            width: t.text_width_mm(),
        }
    }

    fn body_top(&self) -> f32 {
        self.t.page.margin_top_mm + HEADER_H + 3.0
    }

    fn body_bottom(&self) -> f32 {
        self.t.page.height_mm - self.t.page.margin_bottom_mm - FOOTER_H - 2.0
    }

    fn lab_name(&self) -> &str {
        non_empty(&self.t.lab.name, &self.c.lab.name)
    }

    fn date(&self, d: NaiveDate) -> Result<String> {
        format_date(self.t, d)
    }

    #[allow(clippy::too_many_arguments)] // plain geometry: a box and a style
    fn text(
        &self,
        out: &mut Vec<Draw>,
        text: &str,
        style: Style,
        x: f32,
        w: f32,
        top: f32,
        align: Align,
    ) -> f32 {
        let lines = wrap(self.font, text, style.size, w);
        draw_lines(out, self.font, &lines, style, x, w, top, align);
        lines.len() as f32 * style.line_h()
    }

    // ---------------------------------------------------------------- cover

    fn cover(&self) -> Result<PageLayout> {
        let (l, g) = (&self.t.labels, &self.t.page);
        let mut page = PageLayout::default();
        let d = &mut page.draws;
        let mut y = self.body_top() + 4.0;
        if let Some(aspect) = self.extras.logo_aspect {
            let h = g.logo_height_mm;
            d.push(Draw::Image {
                kind: ImageKind::Logo,
                x: self.left,
                y,
                w: h * aspect,
                h,
            });
        }
        y += 45.0;
        let title = Style {
            size: g.title_font_pt,
            spacing: 1.2,
        };
        y += self.text(
            d,
            &l.report_title,
            title,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        y += 6.0;
        let number = Style {
            size: g.body_font_pt * 1.3,
            spacing: g.line_spacing,
        };
        let line = format!("{}：{}", l.report_number, self.c.report_number);
        y += self.text(d, &line, number, self.left, self.width, y, Align::Center) + 22.0;

        // Key facts, label right-aligned, value underlined.
        let field = Style {
            size: g.body_font_pt * 1.3,
            spacing: 1.6,
        };
        let (label_w, value_w) = (34.0, 96.0);
        let x0 = self.left + (self.width - label_w - value_w - 4.0) / 2.0;
        let facts = [
            (&l.sample_name, &self.c.sample.name),
            (&l.client, &self.c.client.name),
            (&l.inspection_type, &self.c.inspection_type),
        ];
        for (label, value) in facts {
            draw_lines(
                d,
                self.font,
                &[format!("{label}：")],
                field,
                x0,
                label_w,
                y,
                Align::Right,
            );
            let lines = wrap(self.font, value, field.size, value_w);
            draw_lines(
                d,
                self.font,
                &lines,
                field,
                x0 + label_w + 4.0,
                value_w,
                y,
                Align::Center,
            );
            for i in 1..=lines.len() {
                let uy = y + i as f32 * field.line_h() - 0.8;
                d.push(Draw::Line {
                    x1: x0 + label_w + 2.0,
                    y1: uy,
                    x2: x0 + label_w + 4.0 + value_w,
                    y2: uy,
                    width: BORDER,
                });
            }
            y += lines.len() as f32 * field.line_h() + 3.0;
        }

        if let Some(r) = &self.c.replaces {
            y += 4.0;
            let top = y;
            let inner = self.width - 40.0;
            let x = self.left + 20.0;
            y += 2.0;
            y += self.text(
                d,
                &l.replaces.replace("{number}", &r.report_number),
                self.body,
                x + 3.0,
                inner - 6.0,
                y,
                Align::Left,
            );
            y += self.text(
                d,
                &format!("{}{}", l.replace_reason, r.reason),
                self.body,
                x + 3.0,
                inner - 6.0,
                y,
                Align::Left,
            );
            y += 2.0;
            d.push(Draw::Rect {
                x,
                y: top,
                w: inner,
                h: y - top,
                width: BORDER,
            });
        }

        // Bottom: lab identity; above it the QR code with its caption.
        let lab_style = Style {
            size: g.body_font_pt * 1.5,
            spacing: g.line_spacing,
        };
        let address = format!(
            "{}{}",
            l.lab_address,
            non_empty(&self.t.lab.address, &self.c.lab.address)
        );
        let phone = format!(
            "{}{}",
            l.lab_phone,
            non_empty(&self.t.lab.phone, &self.c.lab.contact)
        );
        let lab_lines = wrap(self.font, self.lab_name(), lab_style.size, self.width);
        let addr_lines = wrap(self.font, &address, self.body.size, self.width);
        let lab_h = lab_lines.len() as f32 * lab_style.line_h()
            + (addr_lines.len() + 1) as f32 * self.body.line_h();
        let lab_top = self.body_bottom() - lab_h;
        let qr_top = lab_top - 8.0 - self.small.line_h() - g.qr_size_mm;
        if qr_top < y + 4.0 {
            return Err(CertError::Layout(format!(
                "cover page: the sample, client and amendment texts need {:.0} mm more than the page has",
                y + 4.0 - qr_top
            )));
        }
        let qr_x = self.left + (self.width - g.qr_size_mm) / 2.0;
        d.push(Draw::Qr {
            x: qr_x,
            y: qr_top,
            size: g.qr_size_mm,
        });
        self.text(
            d,
            &l.qr_caption,
            self.small,
            self.left,
            self.width,
            qr_top + g.qr_size_mm + 1.0,
            Align::Center,
        );
        let mut y = lab_top;
        draw_lines(
            d,
            self.font,
            &lab_lines,
            lab_style,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        y += lab_lines.len() as f32 * lab_style.line_h();
        draw_lines(
            d,
            self.font,
            &addr_lines,
            self.body,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        y += addr_lines.len() as f32 * self.body.line_h();
        self.text(
            d,
            &phone,
            self.body,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        Ok(page)
    }

    // ---------------------------------------------------------------- information page

    fn info(&self, flow: &mut Flow) -> Result<()> {
        let (l, c) = (&self.t.labels, self.c);
        let s = &c.sample;
        let (lw, w) = (30.0, self.width);
        let vw = (w - 2.0 * lw) / 2.0;
        let min_h = self.table.line_h() + 2.0 * self.pad + 1.0;
        let pair = |a: &str, av: &str, b: &str, bv: &str| {
            Row::new(
                self.font,
                self.table,
                self.pad,
                min_h,
                &[
                    (a, lw, Align::Center),
                    (av, vw, Align::Left),
                    (b, lw, Align::Center),
                    (bv, vw, Align::Left),
                ],
            )
        };
        let full = |a: &str, av: &str| {
            Row::new(
                self.font,
                self.table,
                self.pad,
                min_h,
                &[(a, lw, Align::Center), (av, w - lw, Align::Left)],
            )
        };
        let tested = format!(
            "{} {} {}",
            self.date(c.test_start)?,
            l.date_to,
            self.date(c.test_end)?
        );
        let rows = vec![
            pair(&l.sample_name, &s.name, &l.trademark, &s.trademark),
            pair(
                &l.model_spec,
                &s.model_spec,
                &l.batch_or_date,
                &s.batch_or_date,
            ),
            pair(&l.sample_number, &s.sample_number, &l.quantity, &s.quantity),
            full(&l.condition, &s.condition),
            full(&l.client, &c.client.name),
            full(&l.client_address, &c.client.address),
            pair(
                &l.credit_code,
                &c.client.credit_code,
                &l.order_number,
                &c.order_number,
            ),
            full(&l.producer, &c.producer.name),
            full(&l.producer_address, &c.producer.address),
            pair(
                &l.credit_code,
                &c.producer.credit_code,
                &l.inspection_type,
                &c.inspection_type,
            ),
            pair(
                &l.date_received,
                &self.date(c.date_received)?,
                &l.test_dates,
                &tested,
            ),
            full(&l.method_standards, &c.method_standards.join("；")),
            full(&l.product_standard, &c.product_standard),
        ];
        let title = Style {
            size: self.t.page.body_font_pt * 1.6,
            spacing: 1.4,
        };
        let mut d = Vec::new();
        let h = self.text(
            &mut d,
            &l.report_title,
            title,
            self.left,
            w,
            flow.y,
            Align::Center,
        );
        flow.current.draws.extend(d);
        flow.y += h + 3.0;
        self.table_top_line(flow);
        for row in rows {
            self.place_row(flow, &row, |f| self.table_top_line(f))?;
        }
        self.conclusion_row(flow, lw)?;
        self.remarks_row(flow, lw)?;
        self.signoff(flow)
    }

    fn table_top_line(&self, flow: &mut Flow) {
        let y = flow.y;
        flow.push(Draw::Line {
            x1: self.left,
            y1: y,
            x2: self.left + self.width,
            y2: y,
            width: BORDER,
        });
    }

    /// Put a row on the current page, or on a new page (calling `on_new_page` first).
    fn place_row(&self, flow: &mut Flow, row: &Row, on_new_page: impl Fn(&mut Flow)) -> Result<()> {
        if row.height > flow.remaining() {
            if row.height > flow.body_bottom - flow.body_top - 20.0 {
                return Err(CertError::Layout(format!(
                    "a table row needs {:.0} mm, more than a whole page; shorten its text",
                    row.height
                )));
            }
            flow.new_page();
            on_new_page(flow);
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

    fn conclusion_row(&self, flow: &mut Flow, lw: f32) -> Result<()> {
        let (l, g) = (&self.t.labels, &self.t.page);
        let vw = self.width - lw;
        let text_w = vw - 2.0 * self.pad - 4.0;
        let lines = wrap(self.font, &self.c.conclusion, self.body.size, text_w);
        let issue = format!("{}：{}", l.issue_date, self.date(self.c.issue_date)?);
        let bottom_block = self.body.line_h() * 2.0 + 4.0;
        let seal_space = if self.extras.has_seal {
            g.seal_size_mm * 0.6
        } else {
            8.0
        };
        let h = (lines.len() as f32 * self.body.line_h()
            + 2.0 * self.pad
            + 6.0
            + seal_space
            + bottom_block)
            .max(42.0);
        if h > flow.remaining() {
            flow.new_page();
            self.table_top_line(flow);
        }
        let (x0, top) = (self.left, flow.y);
        let d = &mut flow.current.draws;
        d.push(Draw::Line {
            x1: x0,
            y1: top,
            x2: x0,
            y2: top + h,
            width: BORDER,
        });
        d.push(Draw::Line {
            x1: x0 + lw,
            y1: top,
            x2: x0 + lw,
            y2: top + h,
            width: BORDER,
        });
        d.push(Draw::Line {
            x1: x0 + self.width,
            y1: top,
            x2: x0 + self.width,
            y2: top + h,
            width: BORDER,
        });
        d.push(Draw::Line {
            x1: x0,
            y1: top + h,
            x2: x0 + self.width,
            y2: top + h,
            width: BORDER,
        });
        let label_lines = wrap(
            self.font,
            &l.conclusion,
            self.table.size,
            lw - 2.0 * self.pad,
        );
        let lt = top + (h - label_lines.len() as f32 * self.table.line_h()) / 2.0;
        draw_lines(
            d,
            self.font,
            &label_lines,
            self.table,
            x0,
            lw,
            lt,
            Align::Center,
        );
        let vx = x0 + lw + self.pad + 2.0;
        draw_lines(
            d,
            self.font,
            &lines,
            self.body,
            vx,
            text_w,
            top + self.pad + 3.0,
            Align::Left,
        );
        // Seal note and issue date at the bottom right; the seal image over them.
        let right_w = 70.0;
        let rx = x0 + self.width - right_w - 4.0;
        let by = top + h - bottom_block;
        draw_lines(
            d,
            self.font,
            &[l.seal_note.clone(), issue],
            self.body,
            rx,
            right_w,
            by,
            Align::Center,
        );
        if self.extras.has_seal {
            let s = g.seal_size_mm;
            let sx = rx + (right_w - s) / 2.0;
            let sy = (by + self.body.line_h() - s / 2.0 - 4.0).max(top + 1.0);
            d.push(Draw::Image {
                kind: ImageKind::Seal,
                x: sx,
                y: sy,
                w: s,
                h: s.min(top + h - sy - 0.5),
            });
        }
        flow.y += h;
        Ok(())
    }

    fn remarks_row(&self, flow: &mut Flow, lw: f32) -> Result<()> {
        let l = &self.t.labels;
        let subcontracted: Vec<String> = self
            .c
            .rows
            .iter()
            .filter(|r| r.subcontracted)
            .map(|r| r.seq.to_string())
            .collect();
        let sub = if subcontracted.is_empty() {
            format!("{}{}", l.subcontracted, l.subcontracted_none)
        } else {
            format!("{}{}", l.subcontracted, subcontracted.join("、"))
        };
        let mut text = format!("{}{}\n{}", l.deviations, self.c.deviations, sub);
        if !self.c.remarks.trim().is_empty() {
            text.push('\n');
            text.push_str(self.c.remarks.trim());
        }
        let min_h = self.table.line_h() * 3.0 + 2.0 * self.pad;
        let row = Row::new(
            self.font,
            self.table,
            self.pad,
            min_h,
            &[
                (l.remarks.as_str(), lw, Align::Center),
                (text.as_str(), self.width - lw, Align::Left),
            ],
        );
        self.place_row(flow, &row, |f| self.table_top_line(f))
    }

    fn signoff(&self, flow: &mut Flow) -> Result<()> {
        let l = &self.t.labels;
        let c = self.c;
        let col = self.width / 3.0;
        let people = [
            (&l.prepared_by, &c.prepared_by),
            (&l.reviewed_by, &c.reviewed_by),
            (&l.approved_by, &c.approved_by),
        ];
        let mut blocks = Vec::new();
        for (label, who) in people {
            let mut lines = wrap(
                self.font,
                &format!("{label}：{}", who.name),
                self.body.size,
                col - 4.0,
            );
            lines.push(format!("{}：{}", l.signoff_date, self.date(who.date)?));
            blocks.push(lines);
        }
        let lines = blocks.iter().map(Vec::len).max().unwrap_or(2);
        let h = lines as f32 * self.body.line_h() + 6.0;
        if h > flow.remaining() {
            flow.new_page();
        }
        let top = flow.y + 5.0;
        for (i, b) in blocks.iter().enumerate() {
            let x = self.left + i as f32 * col + 2.0;
            draw_lines(
                &mut flow.current.draws,
                self.font,
                b,
                self.body,
                x,
                col - 4.0,
                top,
                Align::Left,
            );
        }
        flow.y = top + h;
        Ok(())
    }

    // ---------------------------------------------------------------- results

    fn result_header(&self) -> Row {
        let l = &self.t.labels;
        let w = &self.t.page.result_column_widths_mm;
        let labels = [
            &l.col_seq,
            &l.col_item,
            &l.col_unit,
            &l.col_requirement,
            &l.col_result,
            &l.col_verdict,
            &l.col_method,
        ];
        let cells: Vec<(&str, f32, Align)> = labels
            .iter()
            .zip(w.iter())
            .map(|(t, w)| (t.as_str(), *w, Align::Center))
            .collect();
        Row::new(
            self.font,
            self.table,
            self.pad,
            self.table.line_h() * 2.0 + 2.0 * self.pad,
            &cells,
        )
    }

    fn result_row(&self, r: &ResultRow) -> Row {
        let w = &self.t.page.result_column_widths_mm;
        let seq = if r.subcontracted {
            format!("{}*", r.seq)
        } else {
            r.seq.to_string()
        };
        let min_h = self.table.line_h() + 2.0 * self.pad;
        Row::new(
            self.font,
            self.table,
            self.pad,
            min_h,
            &[
                (&seq, w[0], Align::Center),
                (&r.item, w[1], Align::Left),
                (&r.unit, w[2], Align::Center),
                (&r.requirement, w[3], Align::Left),
                (&r.result, w[4], Align::Center),
                (&r.verdict, w[5], Align::Center),
                (&r.method, w[6], Align::Left),
            ],
        )
    }

    /// Results title + header on a fresh result page.
    fn results_page_start(&self, flow: &mut Flow, header: &Row, first: bool) {
        let title = Style {
            size: self.t.page.body_font_pt * 1.3,
            spacing: 1.4,
        };
        let mut d = Vec::new();
        let mut text = self.t.labels.results_title.clone();
        if !first {
            text.push_str("（续）");
        }
        let h = self.text(
            &mut d,
            &text,
            title,
            self.left,
            self.width,
            flow.y,
            Align::Center,
        );
        flow.current.draws.extend(d);
        flow.y += h + 2.0;
        self.table_top_line(flow);
        header.draw(
            &mut flow.current.draws,
            self.font,
            self.table,
            self.pad,
            self.left,
            flow.y,
            BORDER,
        );
        flow.y += header.height;
    }

    fn results(&self, flow: &mut Flow) -> Result<()> {
        let v = &self.t.verdicts;
        for r in &self.c.rows {
            if r.verdict != v.pass && r.verdict != v.fail && r.verdict != v.none {
                return Err(CertError::Layout(format!(
                    "result row {} ({}): verdict {:?} is not one of the template's words {:?}, {:?}, {:?}",
                    r.seq, r.item, r.verdict, v.pass, v.fail, v.none
                )));
            }
        }
        let any_sub = self.c.rows.iter().any(|r| r.subcontracted);
        let foot_h = if any_sub {
            self.small.line_h() + 2.0
        } else {
            0.0
        };
        let end_h = self.table.line_h() + 4.0;
        let header = self.result_header();
        let saved_bottom = flow.body_bottom;
        flow.body_bottom -= foot_h;
        self.results_page_start(flow, &header, true);
        let n = self.c.rows.len();
        for (i, r) in self.c.rows.iter().enumerate() {
            let row = self.result_row(r);
            let need = row.height + if i + 1 == n { end_h } else { 0.0 };
            if need > flow.remaining() {
                if need > flow.body_bottom - flow.body_top - header.height - 20.0 {
                    return Err(CertError::Layout(format!(
                        "result row {} ({}) needs {:.0} mm, more than a page; shorten its text",
                        r.seq, r.item, row.height
                    )));
                }
                self.footnote(flow, any_sub);
                flow.new_page();
                self.results_page_start(flow, &header, false);
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
        }
        if n == 0 && end_h > flow.remaining() {
            flow.new_page();
        }
        let marker = format!("—— {} ——", self.t.labels.end_marker);
        let mut d = Vec::new();
        self.text(
            &mut d,
            &marker,
            self.table,
            self.left,
            self.width,
            flow.y + 2.0,
            Align::Center,
        );
        flow.current.draws.extend(d);
        flow.y += end_h;
        self.footnote(flow, any_sub);
        flow.body_bottom = saved_bottom;
        Ok(())
    }

    fn footnote(&self, flow: &mut Flow, any_sub: bool) {
        if !any_sub {
            return;
        }
        let mut d = Vec::new();
        let h = self.text(
            &mut d,
            &self.t.labels.subcontract_footnote,
            self.small,
            self.left,
            self.width,
            flow.y + 1.0,
            Align::Left,
        );
        flow.current.draws.extend(d);
        flow.y += h + 2.0;
    }

    // ---------------------------------------------------------------- statement

    fn statement(&self, flow: &mut Flow) -> Result<()> {
        let st = &self.t.statement;
        let indent = self.font.text_width_mm("9. ", self.body.size);
        let clauses: Vec<Vec<String>> = st
            .clauses
            .iter()
            .map(|c| wrap(self.font, c, self.body.size, self.width - indent - 4.0))
            .collect();
        let title = Style {
            size: self.body.size * 1.2,
            spacing: 1.5,
        };
        let h = title.line_h()
            + clauses
                .iter()
                .map(|c| c.len() as f32 * self.body.line_h())
                .sum::<f32>()
            + 10.0;
        if h > flow.remaining() {
            flow.new_page();
        }
        let top = flow.y + 4.0;
        let mut y = top + 2.0;
        let d = &mut flow.current.draws;
        draw_lines(
            d,
            self.font,
            std::slice::from_ref(&st.title),
            title,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        y += title.line_h();
        for (i, lines) in clauses.iter().enumerate() {
            draw_lines(
                d,
                self.font,
                &[format!("{}.", i + 1)],
                self.body,
                self.left + 2.0,
                indent,
                y,
                Align::Left,
            );
            draw_lines(
                d,
                self.font,
                lines,
                self.body,
                self.left + 2.0 + indent,
                self.width - indent - 4.0,
                y,
                Align::Left,
            );
            y += lines.len() as f32 * self.body.line_h();
        }
        y += 2.0;
        d.push(Draw::Rect {
            x: self.left,
            y: top,
            w: self.width,
            h: y - top,
            width: THICK,
        });
        flow.y = y;
        Ok(())
    }

    // ---------------------------------------------------------------- headers and footers

    fn add_headers(&self, pages: &mut [PageLayout]) {
        let (l, g) = (&self.t.labels, &self.t.page);
        let total = pages.len();
        let top = g.margin_top_mm;
        let line_y = top + HEADER_H - 1.0;
        let foot_y = g.height_mm - g.margin_bottom_mm - FOOTER_H + 1.0;
        let number = format!("{}：{}", l.report_number, self.c.report_number);
        let lab = self.lab_name().to_string();
        for (i, p) in pages.iter_mut().enumerate() {
            let pn = l
                .page_number
                .replace("{pages}", &total.to_string())
                .replace("{page}", &(i + 1).to_string());
            let d = &mut p.draws;
            let s = self.body;
            draw_lines(
                d,
                self.font,
                std::slice::from_ref(&number),
                s,
                self.left,
                self.width,
                top + 1.0,
                Align::Left,
            );
            draw_lines(
                d,
                self.font,
                &[pn],
                s,
                self.left,
                self.width,
                top + 1.0,
                Align::Right,
            );
            d.push(Draw::Line {
                x1: self.left,
                y1: line_y,
                x2: self.left + self.width,
                y2: line_y,
                width: THICK,
            });
            d.push(Draw::Line {
                x1: self.left,
                y1: foot_y,
                x2: self.left + self.width,
                y2: foot_y,
                width: BORDER,
            });
            let lab_line = wrap(self.font, &lab, self.small.size, self.width)
                .into_iter()
                .next()
                .unwrap_or_default();
            draw_lines(
                d,
                self.font,
                &[lab_line],
                self.small,
                self.left,
                self.width,
                foot_y + 1.0,
                Align::Center,
            );
        }
    }
}

fn non_empty<'s>(preferred: &'s str, fallback: &'s str) -> &'s str {
    if preferred.trim().is_empty() {
        fallback
    } else {
        preferred
    }
}
