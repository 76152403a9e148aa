//! The certificate's pages: cover, information page, result table, statement, page headers.

mod columns;
mod cover;
mod info;
mod marks;
mod results;
mod sampling;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::content::{CertificateContent, ResultRow};
use super::error::CertError;
use super::font::FontFace;
use super::layout::{draw_lines, wrap, Align, Draw, Flow, ImageKind, PageLayout, Row, Style};
use super::page_kit::{Kit, BORDER, THICK};
use super::template::Template;
use super::Result;

/// Inputs that do not come from the content or the template.
#[derive(Debug, Clone, Copy)]
pub struct Extras {
    /// width / height of the logo image, when the template has one.
    pub logo_aspect: Option<f32>,
    pub has_seal: bool,
    /// The seal also runs across the right edges of the pages (骑缝章).
    pub cross_page_seal: bool,
    /// width / height of the CMA and CNAS marks, when the template has them.
    pub cma_aspect: Option<f32>,
    pub cnas_aspect: Option<f32>,
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
    if extras.cross_page_seal {
        ctx.add_cross_page_seal(&mut pages);
    }
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
    k: Kit<'a>,
    extras: Extras,
    /// The results table's column widths, worked out once from the rows.
    columns: columns::Widths,
}

impl<'a> std::ops::Deref for Ctx<'a> {
    type Target = Kit<'a>;
    fn deref(&self) -> &Kit<'a> {
        &self.k
    }
}

impl<'a> Ctx<'a> {
    fn new(c: &'a CertificateContent, t: &'a Template, font: &'a FontFace, extras: Extras) -> Self {
        let k = Kit::new(t, font);
        let l = &t.labels;
        let headers = [
            l.col_seq.as_str(),
            &l.col_item,
            &l.col_unit,
            &l.col_requirement,
            &l.col_result,
            &l.col_verdict,
            &l.col_method,
        ];
        let columns = columns::widths(&k, headers, &c.rows);
        Ctx {
            c,
            k,
            extras,
            columns,
        }
    }

    fn lab_name(&self) -> &str {
        non_empty(&self.t.lab.name, &self.c.lab.name)
    }

    fn date(&self, d: NaiveDate) -> Result<String> {
        format_date(self.t, d)
    }

    // ---------------------------------------------------------------- cover

    fn add_headers(&self, pages: &mut [PageLayout]) {
        let l = &self.t.labels;
        self.page_bands(
            pages,
            &format!("{}：{}", l.report_number, self.c.report_number),
            |page, pages| {
                l.page_number
                    .replace("{pages}", &pages.to_string())
                    .replace("{page}", &page.to_string())
            },
            self.lab_name(),
            self.c.training,
        );
    }
}

fn non_empty<'s>(preferred: &'s str, fallback: &'s str) -> &'s str {
    if preferred.trim().is_empty() {
        fallback
    } else {
        preferred
    }
}
