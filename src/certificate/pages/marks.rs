//! What a stamped paper copy carries besides the text: the CMA and CNAS marks with the lab's
//! numbers at the top of the cover, and the cross-page seal (骑缝章) along the right edges.

use super::*;

impl Ctx<'_> {
    /// The marks at the cover's top right, each with its number under it; a number whose
    /// mark image the template lacks is printed as a line of text. Returns the height used.
    pub(super) fn cover_marks(&self, d: &mut Vec<Draw>, top: f32) -> f32 {
        let Some(marks) = &self.c.marks else {
            return 0.0;
        };
        let (l, g) = (&self.t.labels, &self.t.page);
        let shown = [
            (
                &marks.cma,
                self.extras.cma_aspect,
                ImageKind::CmaMark,
                &l.cma_number,
            ),
            (
                &marks.cnas,
                self.extras.cnas_aspect,
                ImageKind::CnasMark,
                &l.cnas_number,
            ),
        ];
        let h = g.mark_height_mm;
        let mut right = self.left + self.width;
        let mut text_y = top;
        let mut used: f32 = 0.0;
        for (number, aspect, kind, label) in shown {
            let Some(number) = number else { continue };
            match aspect {
                Some(aspect) => {
                    let w = h * aspect;
                    let caption_w = self.font.text_width_mm(number, self.small.size).max(w);
                    let x = right - caption_w + (caption_w - w) / 2.0;
                    d.push(Draw::Image {
                        kind,
                        x,
                        y: top,
                        w,
                        h,
                    });
                    self.text(
                        d,
                        number,
                        self.small,
                        right - caption_w,
                        caption_w,
                        top + h + 0.5,
                        Align::Center,
                    );
                    right -= caption_w + 6.0;
                    used = used.max(h + 0.5 + self.small.line_h());
                }
                None => {
                    let line = format!("{label}{number}");
                    text_y += self.text(
                        d,
                        &line,
                        self.small,
                        self.left,
                        self.width,
                        text_y,
                        Align::Right,
                    );
                    used = used.max(text_y - top);
                }
            }
        }
        used
    }

    /// One slice of the seal on each page at its right edge, mid-height: laid side by side the
    /// slices make the whole seal, so a page taken out or put in shows.
    pub(super) fn add_cross_page_seal(&self, pages: &mut [PageLayout]) {
        let g = &self.t.page;
        let n = pages.len().max(1) as f32;
        let s = g.seal_size_mm;
        let slice = s / n;
        let y = (g.height_mm - s) / 2.0;
        for (i, page) in pages.iter_mut().enumerate() {
            let clip_x = g.width_mm - slice;
            page.draws.push(Draw::ImageSlice {
                kind: ImageKind::Seal,
                x: clip_x - i as f32 * slice,
                y,
                w: s,
                h: s,
                clip_x,
                clip_w: slice,
            });
        }
    }
}
