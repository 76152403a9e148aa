//! The results table: header repeated on every page, rows that wrap, 以下空白, footnotes.

use super::*;

impl Ctx<'_> {
    pub(super) fn result_header(&self) -> Row {
        let l = &self.t.labels;
        let w = &self.columns;
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

    pub(super) fn result_row(&self, r: &ResultRow) -> Row {
        let w = &self.columns;
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
    pub(super) fn results_page_start(&self, flow: &mut Flow, header: &Row, first: bool) {
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
        self.top_line(flow);
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

    pub(super) fn results(&self, flow: &mut Flow) -> Result<()> {
        let v = &self.t.verdicts;
        for r in &self.c.rows {
            let words = [
                &v.pass,
                &v.fail,
                &v.none,
                &v.conditional_pass,
                &v.conditional_fail,
            ];
            if !words.contains(&&r.verdict) {
                return Err(CertError::Layout(format!(
                    "result row {} ({}): verdict {:?} is not one of the template's words {:?}",
                    r.seq, r.item, r.verdict, words
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

    pub(super) fn footnote(&self, flow: &mut Flow, any_sub: bool) {
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
}
