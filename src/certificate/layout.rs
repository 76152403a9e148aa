//! Page-independent layout primitives: the draw list, text wrapping and the page flow.
//!
//! Coordinates here are millimetres from the page's **top-left** corner, y growing downward;
//! `render.rs` converts to PDF space. Text `y` is the baseline.

use super::breaks::{no_line_start, tokens};
use super::font::{FontFace, MM_PER_PT};

/// Images the template may provide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ImageKind {
    Logo,
    Seal,
    CmaMark,
    CnasMark,
}

/// Horizontal alignment of text inside a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One drawing instruction.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
    },
    /// A filled rectangle in a grey level (0 black … 1 white), no outline: a chart's bar.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: f32,
    },
    Image {
        kind: ImageKind,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Qr {
        x: f32,
        y: f32,
        size: f32,
    },
    /// An image placed like `Image` of which only the band `clip_x … clip_x + clip_w` shows:
    /// one page's slice of a cross-page seal.
    ImageSlice {
        kind: ImageKind,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        clip_x: f32,
        clip_w: f32,
    },
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLayout {
    pub draws: Vec<Draw>,
}

impl PageLayout {
    /// All text drawn on this page, in drawing order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.draws.iter().filter_map(|d| match d {
            Draw::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Line height in mm for a font size in pt.
pub fn line_height(size_pt: f32, spacing: f32) -> f32 {
    size_pt * MM_PER_PT * spacing
}

/// Wrap `text` to lines no wider than `max_w` mm at `size` pt. CJK breaks anywhere, Latin at
/// spaces (or anywhere when a word is longer than a line); `\n` forces a break. Always returns
/// at least one line.
pub fn wrap(font: &FontFace, text: &str, size: f32, max_w: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(
            font,
            paragraph.trim_end_matches('\r'),
            size,
            max_w,
            &mut lines,
        );
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn wrap_paragraph(
    font: &FontFace,
    paragraph: &str,
    size: f32,
    max_w: f32,
    lines: &mut Vec<String>,
) {
    let mut line: Vec<&str> = Vec::new();
    let mut line_w = 0.0f32;
    let flush = |line: &mut Vec<&str>, lines: &mut Vec<String>| {
        let joined: String = line.concat();
        lines.push(joined.trim_end().to_string());
        line.clear();
    };
    for tok in tokens(paragraph) {
        let is_space = tok.starts_with(' ') || tok.starts_with('\t');
        if is_space && line.is_empty() {
            continue;
        }
        let tok_w = font.text_width_mm(tok, size);
        if line_w + tok_w <= max_w || (is_space && !line.is_empty()) {
            line.push(tok);
            line_w += tok_w;
            continue;
        }
        // The token does not fit on this line.
        let first = tok.chars().next().unwrap_or(' ');
        if no_line_start(first) && tok.chars().count() == 1 && line.len() > 1 {
            // Carry the previous token down with the punctuation.
            let carried = line.pop();
            flush(&mut line, lines);
            line_w = 0.0;
            if let Some(c) = carried {
                line.push(c);
                line_w = font.text_width_mm(c, size);
            }
            line.push(tok);
            line_w += tok_w;
            continue;
        }
        if !line.is_empty() {
            flush(&mut line, lines);
        }
        if tok_w <= max_w {
            line.push(tok);
            line_w = tok_w;
        } else {
            // A word longer than the line: break it anywhere.
            let mut start = 0;
            let mut w = 0.0f32;
            for (i, c) in tok.char_indices() {
                let cw = font.char_width_mm(c, size);
                if w + cw > max_w && i > start {
                    lines.push(tok[start..i].to_string());
                    start = i;
                    w = 0.0;
                }
                w += cw;
            }
            line.push(&tok[start..]);
            line_w = w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        flush(&mut line, lines);
    } else if paragraph.is_empty() {
        lines.push(String::new());
    }
}

/// Text style for a block of lines.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub spacing: f32,
}

impl Style {
    pub fn line_h(&self) -> f32 {
        line_height(self.size, self.spacing)
    }
    /// Offset from the top of a line box to the baseline (glyphs centred in the box).
    pub fn baseline_offset(&self) -> f32 {
        self.line_h() / 2.0 + self.size * MM_PER_PT * 0.36
    }
}

/// Emit `lines` as text draws inside the box `x..x+w`, first line box starting at `top`.
#[allow(clippy::too_many_arguments)] // plain geometry: a box and a style
pub fn draw_lines(
    out: &mut Vec<Draw>,
    font: &FontFace,
    lines: &[String],
    style: Style,
    x: f32,
    w: f32,
    top: f32,
    align: Align,
) {
    for (i, l) in lines.iter().enumerate() {
        if l.is_empty() {
            continue;
        }
        let lx = match align {
            Align::Left => x,
            Align::Center => x + (w - font.text_width_mm(l, style.size)) / 2.0,
            Align::Right => x + w - font.text_width_mm(l, style.size),
        };
        out.push(Draw::Text {
            x: lx,
            y: top + i as f32 * style.line_h() + style.baseline_offset(),
            size: style.size,
            text: l.clone(),
        });
    }
}

/// A cell of a table row: text, alignment, width.
#[derive(Debug, Clone)]
pub struct Cell {
    pub lines: Vec<String>,
    pub width: f32,
    pub align: Align,
}

/// A table row ready to draw: its cells and height.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub height: f32,
}

impl Row {
    /// Wrap each `(text, width, align)` and size the row (at least `min_h`).
    pub fn new(
        font: &FontFace,
        style: Style,
        pad: f32,
        min_h: f32,
        cells: &[(&str, f32, Align)],
    ) -> Row {
        let cells: Vec<Cell> = cells
            .iter()
            .map(|(text, width, align)| Cell {
                lines: wrap(font, text, style.size, (width - 2.0 * pad).max(1.0)),
                width: *width,
                align: *align,
            })
            .collect();
        let max_lines = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1);
        let height = (max_lines as f32 * style.line_h() + 2.0 * pad).max(min_h);
        Row { cells, height }
    }

    /// Draw the row's borders and its text, cells vertically centred.
    #[allow(clippy::too_many_arguments)] // plain geometry: a box and a style
    pub fn draw(
        &self,
        out: &mut Vec<Draw>,
        font: &FontFace,
        style: Style,
        pad: f32,
        x0: f32,
        top: f32,
        border: f32,
    ) {
        let mut x = x0;
        out.push(Draw::Line {
            x1: x0,
            y1: top + self.height,
            x2: x0 + self.width(),
            y2: top + self.height,
            width: border,
        });
        out.push(Draw::Line {
            x1: x0,
            y1: top,
            x2: x0,
            y2: top + self.height,
            width: border,
        });
        for c in &self.cells {
            let text_h = c.lines.len() as f32 * style.line_h();
            let text_top = top + (self.height - text_h) / 2.0;
            draw_lines(
                out,
                font,
                &c.lines,
                style,
                x + pad,
                c.width - 2.0 * pad,
                text_top,
                c.align,
            );
            x += c.width;
            out.push(Draw::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: top + self.height,
                width: border,
            });
        }
    }

    pub fn width(&self) -> f32 {
        self.cells.iter().map(|c| c.width).sum()
    }
}

/// Pages being filled top to bottom.
#[derive(Debug)]
pub struct Flow {
    pub pages: Vec<PageLayout>,
    pub current: PageLayout,
    /// Cursor: top of the free space on the current page.
    pub y: f32,
    pub body_top: f32,
    pub body_bottom: f32,
}

impl Flow {
    pub fn new(body_top: f32, body_bottom: f32) -> Flow {
        Flow {
            pages: Vec::new(),
            current: PageLayout::default(),
            y: body_top,
            body_top,
            body_bottom,
        }
    }

    /// Space left on the current page.
    pub fn remaining(&self) -> f32 {
        self.body_bottom - self.y
    }

    /// Finish the current page and start a new one.
    pub fn new_page(&mut self) {
        let page = std::mem::take(&mut self.current);
        self.pages.push(page);
        self.y = self.body_top;
    }

    /// Is the current page still empty?
    pub fn page_is_empty(&self) -> bool {
        self.current.draws.is_empty()
    }

    pub fn push(&mut self, d: Draw) {
        self.current.draws.push(d);
    }

    pub fn finish(mut self) -> Vec<PageLayout> {
        if !self.current.draws.is_empty() {
            self.pages.push(self.current);
        }
        self.pages
    }
}
