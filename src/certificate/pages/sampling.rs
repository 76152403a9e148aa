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
    pub(super) fn sampling_rows(&self) -> Result<Vec<Row>> {
        let Some(s) = &self.c.supervision else {
            return Ok(Vec::new());
        };
        let (l, w) = (&self.t.supervision, self.width);
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
            self.row(&[(l.sampling_title.as_str(), w, Align::Center)]),
            self.full(&l.task, &task),
            self.full(&l.authority, &s.authority),
            self.full(&l.sampled_unit, &unit),
            self.full(&l.sampled_unit_address, &s.sampled_unit.address),
            self.pair(
                &l.sampling_date,
                &self.date(s.sampling_date)?,
                &l.form_number,
                &s.form_number,
            ),
            self.full(&l.sampling_place, &s.sampling_place),
            self.pair(
                &l.lot_size,
                &s.lot_size,
                &l.sample_quantity,
                &s.sample_quantity,
            ),
            self.pair(
                &l.reserve_quantity,
                &s.reserve_quantity,
                &l.reserve_location,
                &s.reserve_location,
            ),
            self.pair(&l.seal, &s.seal, &l.samplers, &samplers),
        ])
    }
}
