//! What every document printed on the certificate template shares: the page geometry and text
//! styles, the labelled key/value rows (a label cell then its value, one or two to a row), a
//! grid row of wrapped cells, putting rows on pages, the title and the header and footer bands
//! (number at the left, 第 x 页 共 y 页 at the right, the lab's name at the foot).
//!
//! The certificate, the raw record, the result notice, the sampling form and the task summary
//! all lay out with it, so a change of margins, fonts or table style reaches every one of them.

use super::error::CertError;
use super::font::FontFace;
use super::layout::{draw_lines, wrap, Align, Draw, Flow, PageLayout, Row, Style};
use super::template::Template;

/// Table borders.
pub const BORDER: f32 = 0.35;
/// The rule under the header band and around the statement.
pub const THICK: f32 = 0.6;
/// Header band (document number, page x of y).
pub const HEADER_H: f32 = 9.0;
/// Footer band (lab name).
pub const FOOTER_H: f32 = 8.0;
/// Width of a label cell.
pub const LABEL_W: f32 = 30.0;

/// An empty field prints "/", as every blank on a certificate must (RB/T 214).
fn filled(value: &str) -> &str {
    if value.trim().is_empty() {
        "/"
    } else {
        value
    }
}

/// The template's geometry and styles, ready to lay out with.
#[derive(Clone, Copy)]
pub struct Kit<'a> {
    pub t: &'a Template,
    pub font: &'a FontFace,
    pub body: Style,
    pub table: Style,
    pub small: Style,
    pub pad: f32,
    pub left: f32,
    pub width: f32,
}

impl<'a> Kit<'a> {
    pub fn new(t: &'a Template, font: &'a FontFace) -> Kit<'a> {
        let g = &t.page;
        let style = |size: f32| Style {
            size,
            spacing: g.line_spacing,
        };
        Kit {
            t,
            font,
            body: style(g.body_font_pt),
            table: style(g.table_font_pt),
            small: style(g.small_font_pt),
            pad: g.cell_padding_mm,
            left: g.margin_left_mm,
            width: t.text_width_mm(),
        }
    }

    /// Top of the body, below the header band.
    pub fn body_top(&self) -> f32 {
        self.t.page.margin_top_mm + HEADER_H + 3.0
    }

    /// Bottom of the body, above the footer band.
    pub fn body_bottom(&self) -> f32 {
        self.t.page.height_mm - self.t.page.margin_bottom_mm - FOOTER_H - 2.0
    }

    /// An empty flow over the body of the page.
    pub fn flow(&self) -> Flow {
        Flow::new(self.body_top(), self.body_bottom())
    }

    /// The least height of a table row: one line and a little air.
    pub fn min_h(&self) -> f32 {
        self.table.line_h() + 2.0 * self.pad + 1.0
    }

    /// A grid row: each `(text, width, align)` wrapped in its cell, in the table style.
    pub fn row(&self, cells: &[(&str, f32, Align)]) -> Row {
        Row::new(self.font, self.table, self.pad, self.min_h(), cells)
    }

    /// A grid row whose cells take `parts` of the text width; `left` says which columns are
    /// left-aligned (names, requirements), the rest are centred.
    pub fn grid_row(&self, parts: &[f32], texts: &[&str], left: &[usize]) -> Row {
        let cells: Vec<(&str, f32, Align)> = texts
            .iter()
            .zip(parts)
            .enumerate()
            .map(|(i, (t, p))| {
                let a = if left.contains(&i) {
                    Align::Left
                } else {
                    Align::Center
                };
                (*t, p * self.width, a)
            })
            .collect();
        self.row(&cells)
    }

    /// A label and its value across the table.
    pub fn full(&self, label: &str, value: &str) -> Row {
        let value = filled(value);
        self.row(&[
            (label, LABEL_W, Align::Center),
            (value, self.width - LABEL_W, Align::Left),
        ])
    }

    /// Two labels with their values side by side.
    pub fn pair(&self, a: &str, av: &str, b: &str, bv: &str) -> Row {
        let (av, bv) = (filled(av), filled(bv));
        let vw = (self.width - 2.0 * LABEL_W) / 2.0;
        self.row(&[
            (a, LABEL_W, Align::Center),
            (av, vw, Align::Left),
            (b, LABEL_W, Align::Center),
            (bv, vw, Align::Left),
        ])
    }

    /// Labelled values two to a row, the last one alone across the table when they are odd.
    pub fn kv_rows<S: AsRef<str>>(&self, kv: &[(&str, S)]) -> Vec<Row> {
        kv.chunks(2)
            .filter_map(|pair| match pair {
                [(a, av), (b, bv)] => Some(self.pair(a, av.as_ref(), b, bv.as_ref())),
                [(a, av)] => Some(self.full(a, av.as_ref())),
                _ => None,
            })
            .collect()
    }

    /// A full-width heading cell in the body style.
    pub fn heading(&self, text: &str) -> Row {
        Row::new(
            self.font,
            self.body,
            self.pad,
            self.body.line_h() + 2.0 * self.pad + 1.0,
            &[(text, self.width, Align::Left)],
        )
    }

    /// The line a table starts with (rows draw their bottom and side borders).
    pub fn top_line(&self, flow: &mut Flow) {
        let y = flow.y;
        flow.push(Draw::Line {
            x1: self.left,
            y1: y,
            x2: self.left + self.width,
            y2: y,
            width: BORDER,
        });
    }

    /// The document's title centred at `scale` × the body size; the cursor moves below it.
    pub fn title(&self, flow: &mut Flow, text: &str, scale: f32) {
        let style = Style {
            size: self.t.page.body_font_pt * scale,
            spacing: 1.4,
        };
        let lines = wrap(self.font, text, style.size, self.width);
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
        flow.y += lines.len() as f32 * style.line_h();
    }

    /// Wrap `text` into the box and draw it; returns the height used.
    #[allow(clippy::too_many_arguments)] // plain geometry: a box and a style
    pub fn text(
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

    /// Draw a row at the cursor and move below it.
    pub fn draw_row(&self, flow: &mut Flow, row: &Row) {
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

    /// Put a row here, or at the top of a new page whose table starts with a top line and then
    /// whatever `after_break` draws (a repeated header). A row taller than a page less `slack`
    /// is refused: it could never be printed whole.
    pub fn place_with(
        &self,
        flow: &mut Flow,
        row: &Row,
        slack: f32,
        after_break: impl FnOnce(&mut Flow),
    ) -> Result<(), CertError> {
        if row.height > flow.remaining() {
            if row.height > flow.body_bottom - flow.body_top - slack {
                return Err(CertError::Layout(format!(
                    "a table row needs {:.0} mm, more than a whole page; shorten its text",
                    row.height
                )));
            }
            flow.new_page();
            self.top_line(flow);
            after_break(flow);
        }
        self.draw_row(flow, row);
        Ok(())
    }

    /// [`Kit::place_with`] with nothing repeated after a page break.
    pub fn place(&self, flow: &mut Flow, row: &Row) -> Result<(), CertError> {
        self.place_with(flow, row, 10.0, |_| {})
    }

    /// `—— 以下空白 ——` (or the template's words) centred below the last table.
    pub fn end_marker(&self, flow: &mut Flow, words: &str) {
        let h = self.table.line_h() + 4.0;
        if h > flow.remaining() {
            flow.new_page();
        }
        let lines = vec![format!("—— {words} ——")];
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

    /// The header and footer bands of every page: `number` at the left and the page number
    /// (`page_number(page, pages)`) at the right above a thick rule, 培训 in the middle of a
    /// training lab's pages, and `footer` (the lab's name) under a thin rule at the foot.
    pub fn page_bands(
        &self,
        pages: &mut [PageLayout],
        number: &str,
        page_number: impl Fn(usize, usize) -> String,
        footer: &str,
        training: bool,
    ) {
        let g = &self.t.page;
        let total = pages.len();
        let top = g.margin_top_mm;
        let line_y = top + HEADER_H - 1.0;
        let foot_y = g.height_mm - g.margin_bottom_mm - FOOTER_H + 1.0;
        // One line only: the band has room for one.
        let foot = wrap(self.font, footer, self.small.size, self.width)
            .into_iter()
            .next()
            .unwrap_or_default();
        for (i, p) in pages.iter_mut().enumerate() {
            let d = &mut p.draws;
            let band = |d: &mut Vec<Draw>, text: &str, align: Align| {
                draw_lines(
                    d,
                    self.font,
                    &[text.to_string()],
                    self.body,
                    self.left,
                    self.width,
                    top + 1.0,
                    align,
                );
            };
            band(d, number, Align::Left);
            band(d, &page_number(i + 1, total), Align::Right);
            if training {
                band(d, super::qr::TRAINING_MARK, Align::Center);
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
                std::slice::from_ref(&foot),
                self.small,
                self.left,
                self.width,
                foot_y + 1.0,
                Align::Center,
            );
        }
    }
}

/// `第 x 页 共 y 页`.
pub fn page_x_of_y(page: usize, pages: usize) -> String {
    format!("第 {page} 页 共 {pages} 页")
}

/// A blank entry printed as "/", as forms do.
pub fn or_slash(s: &str) -> String {
    if s.trim().is_empty() {
        "/".into()
    } else {
        s.trim().to_string()
    }
}
