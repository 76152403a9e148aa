//! The certificate's pages: cover, information page, result table, statement, page headers.

mod cover;
mod info;
mod results;
mod sampling;
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
            if self.c.training {
                draw_lines(
                    d,
                    self.font,
                    &[super::qr::TRAINING_MARK.to_string()],
                    s,
                    self.left,
                    self.width,
                    top + 1.0,
                    Align::Center,
                );
            }
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
