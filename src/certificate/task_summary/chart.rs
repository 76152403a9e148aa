//! The failing items as a horizontal bar chart, drawn as vector graphics (filled rectangles,
//! an axis and text) so it prints sharp at any size and its labels stay searchable text.

use crate::certificate::layout::{draw_lines, wrap, Align, Draw, Flow, Style};
use crate::certificate::page_kit::{Kit, BORDER};

/// Width given to the item labels at the left of the bars.
const LABEL_W: f32 = 48.0;
/// Room for the count at the end of the longest bar.
const COUNT_W: f32 = 14.0;
const BAR_H: f32 = 4.2;
const GAP: f32 = 2.6;
/// Grey of a bar: dark enough to print, light enough to read a label over.
const BAR_GREY: f32 = 0.45;

/// The chart's height for `n` bars (title, bars, axis).
pub fn height(k: &Kit, n: usize) -> f32 {
    k.body.line_h() + 2.0 + n as f32 * (BAR_H + GAP) + GAP + 2.0
}

/// How many bars one page body holds: a chart is never split across pages; the table above
/// it lists every item, the chart shows the most frequent that fit.
pub fn bars_per_page(k: &Kit) -> usize {
    let room = k.body_bottom() - k.body_top() - height(k, 0) - 4.0;
    (room / (BAR_H + GAP)).floor().max(1.0) as usize
}

/// Draw the chart at the cursor: one bar per `(label, count)`, the longest count spanning the
/// width. The caller has made room ([`height`]).
pub fn draw(k: &Kit, flow: &mut Flow, title: &str, bars: &[(String, u32)]) {
    let d = &mut flow.current.draws;
    let mut y = flow.y;
    draw_lines(
        d,
        k.font,
        &[title.to_string()],
        k.body,
        k.left,
        k.width,
        y,
        Align::Center,
    );
    y += k.body.line_h() + 2.0;
    let x0 = k.left + LABEL_W;
    let span = k.width - LABEL_W - COUNT_W;
    let max = bars.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let label_style = Style {
        size: k.small.size,
        spacing: 1.0,
    };
    let top = y;
    y += GAP;
    for (label, count) in bars {
        // Geometry only: the count itself is printed as the integer it is.
        let w = span * (*count as f32) / (max as f32);
        d.push(Draw::Fill {
            x: x0,
            y,
            w,
            h: BAR_H,
            grey: BAR_GREY,
        });
        let text_top = y + (BAR_H - label_style.line_h()) / 2.0;
        // One line: a long item name is cut rather than run into the bar.
        let shown = wrap(k.font, label, label_style.size, LABEL_W - 2.0)
            .into_iter()
            .next()
            .unwrap_or_default();
        draw_lines(
            d,
            k.font,
            &[shown],
            label_style,
            k.left,
            LABEL_W - 2.0,
            text_top,
            Align::Right,
        );
        draw_lines(
            d,
            k.font,
            &[count.to_string()],
            label_style,
            x0 + w + 1.5,
            COUNT_W,
            text_top,
            Align::Left,
        );
        y += BAR_H + GAP;
    }
    // The axis the bars stand on.
    d.push(Draw::Line {
        x1: x0,
        y1: top,
        x2: x0,
        y2: y,
        width: BORDER,
    });
    flow.y = y + 2.0;
}
