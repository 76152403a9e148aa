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
        let seq = r.seq_label(&self.t.labels.outside_scope_mark);
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
        let notes = self.footnotes();
        let foot_h = notes.len() as f32 * self.small.line_h() + 2.0 * notes.len().min(1) as f32;
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
                self.footnote(flow, &notes);
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
        self.footnote(flow, &notes);
        flow.body_bottom = saved_bottom;
        Ok(())
    }

    /// The notes under the table on every results page: what `*` and `△` mean, when used.
    fn footnotes(&self) -> Vec<&str> {
        let l = &self.t.labels;
        let rows = &self.c.rows;
        let mut notes = Vec::new();
        if rows.iter().any(|r| r.subcontracted) {
            notes.push(l.subcontract_footnote.as_str());
        }
        if rows.iter().any(|r| r.outside_scope) {
            notes.push(l.outside_scope_footnote.as_str());
        }
        notes
    }

    pub(super) fn footnote(&self, flow: &mut Flow, notes: &[&str]) {
        if notes.is_empty() {
            return;
        }
        let mut d = Vec::new();
        let mut y = flow.y + 1.0;
        for note in notes {
            y += self.text(
                &mut d,
                note,
                self.small,
                self.left,
                self.width,
                y,
                Align::Left,
            );
        }
        flow.current.draws.extend(d);
        flow.y = y + 1.0;
    }

    // ---------------------------------------------------------------- statement
}
