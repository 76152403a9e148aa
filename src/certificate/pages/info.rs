//! The information page: sample and order facts, bases, conclusion, remarks, sign-offs and
//! the statement block.

use super::*;
use crate::certificate::page_kit::LABEL_W;

impl Ctx<'_> {
    pub(super) fn info(&self, flow: &mut Flow) -> Result<()> {
        let (l, c) = (&self.t.labels, self.c);
        let s = &c.sample;
        let (lw, w) = (LABEL_W, self.width);
        let tested = format!(
            "{} {} {}",
            self.date(c.test_start)?,
            l.date_to,
            self.date(c.test_end)?
        );
        let mut rows = vec![
            self.pair(&l.sample_name, &s.name, &l.trademark, &s.trademark),
            self.pair(
                &l.model_spec,
                &s.model_spec,
                &l.batch_or_date,
                &s.batch_or_date,
            ),
            self.pair(&l.sample_number, &s.sample_number, &l.quantity, &s.quantity),
            self.full(&l.condition, &s.condition),
            self.full(&l.client, &c.client.name),
            self.full(&l.client_address, &c.client.address),
            self.pair(
                &l.credit_code,
                &c.client.credit_code,
                &l.order_number,
                &c.order_number,
            ),
            self.full(self.producer_label(), &c.producer.name),
            self.full(self.producer_address_label(), &c.producer.address),
            self.pair(
                &l.credit_code,
                &c.producer.credit_code,
                &l.inspection_type,
                &c.inspection_type,
            ),
            self.pair(
                &l.date_received,
                &match c.date_received {
                    Some(d) => self.date(d)?,
                    None => "/".to_string(),
                },
                &l.test_dates,
                &tested,
            ),
            self.full(&l.method_standards, &c.method_standards.join("；")),
            self.full(&l.product_standard, &c.product_standard),
        ];
        rows.extend(self.sampling_rows()?);
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
        self.top_line(flow);
        for row in rows {
            self.place_row(flow, &row)?;
        }
        self.conclusion_row(flow, lw)?;
        self.remarks_row(flow, lw)?;
        self.signoff(flow)
    }

    /// Put a row on the current page, or on a new page that starts with the table's top line.
    pub(super) fn place_row(&self, flow: &mut Flow, row: &Row) -> Result<()> {
        self.place_with(flow, row, 20.0, |_| {})
    }

    pub(super) fn conclusion_row(&self, flow: &mut Flow, lw: f32) -> Result<()> {
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
            self.top_line(flow);
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

    pub(super) fn remarks_row(&self, flow: &mut Flow, lw: f32) -> Result<()> {
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
        self.place_row(flow, &row)
    }

    pub(super) fn signoff(&self, flow: &mut Flow) -> Result<()> {
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

    pub(super) fn statement(&self, flow: &mut Flow) -> Result<()> {
        let st = &self.t.statement;
        let indent = self.font.text_width_mm("9. ", self.body.size);
        let clauses: Vec<Vec<String>> = self
            .clauses()
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
}
