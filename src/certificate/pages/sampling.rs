//! What a spot-check certificate adds to the information page: the sampling block (RB/T 214
//! §4.5.20.3), the labelled producer named as such, and the statement whose objection clause
//! names the organising authority. A commissioned certificate lays out exactly as before.

use super::*;

impl Ctx<'_> {
    /// 标称生产者 on a spot check (the name on the label, which may deny making it).
    pub(super) fn producer_label(&self) -> &str {
        match &self.c.supervision {
            Some(_) => &self.t.supervision.producer,
            None => &self.t.labels.producer,
        }
    }

    pub(super) fn producer_address_label(&self) -> &str {
        match &self.c.supervision {
            Some(_) => &self.t.supervision.producer_address,
            None => &self.t.labels.producer_address,
        }
    }

    /// The statement's clauses: the template's, or on a spot check its spot-check clauses
    /// with the objection clause that applies.
    pub(super) fn clauses(&self) -> Vec<String> {
        match &self.c.supervision {
            Some(s) => self
                .t
                .supervision
                .statement(s.objection_period, &s.authority),
            None => self.t.statement.clauses.clone(),
        }
    }

    /// The sampling block's rows under their heading; none for a commissioned order.
    pub(super) fn sampling_rows(&self, lw: f32) -> Result<Vec<Row>> {
        let Some(s) = &self.c.supervision else {
            return Ok(Vec::new());
        };
        let (l, w) = (&self.t.supervision, self.width);
        let vw = (w - 2.0 * lw) / 2.0;
        let min_h = self.table.line_h() + 2.0 * self.pad + 1.0;
        let row =
            |cells: &[(&str, f32, Align)]| Row::new(self.font, self.table, self.pad, min_h, cells);
        let full = |a: &str, av: &str| row(&[(a, lw, Align::Center), (av, w - lw, Align::Left)]);
        let pair = |a: &str, av: &str, b: &str, bv: &str| {
            row(&[
                (a, lw, Align::Center),
                (av, vw, Align::Left),
                (b, lw, Align::Center),
                (bv, vw, Align::Left),
            ])
        };
        let task = if s.task_name == s.task_number {
            s.task_number.clone()
        } else {
            format!("{}（{}）", s.task_name, s.task_number)
        };
        let unit = if s.sampled_unit.credit_code.is_empty() {
            s.sampled_unit.name.clone()
        } else {
            format!("{}（{}）", s.sampled_unit.name, s.sampled_unit.credit_code)
        };
        let samplers = if s.samplers.is_empty() {
            "/".to_string()
        } else {
            s.samplers.join("、")
        };
        Ok(vec![
            row(&[(l.sampling_title.as_str(), w, Align::Center)]),
            full(&l.task, &task),
            full(&l.authority, &s.authority),
            full(&l.sampled_unit, &unit),
            full(&l.sampled_unit_address, &s.sampled_unit.address),
            pair(
                &l.sampling_date,
                &self.date(s.sampling_date)?,
                &l.form_number,
                &s.form_number,
            ),
            full(&l.sampling_place, &s.sampling_place),
            pair(
                &l.lot_size,
                &s.lot_size,
                &l.sample_quantity,
                &s.sample_quantity,
            ),
            pair(
                &l.reserve_quantity,
                &s.reserve_quantity,
                &l.reserve_location,
                &s.reserve_location,
            ),
            pair(&l.seal, &s.seal, &l.samplers, &samplers),
        ])
    }
}
