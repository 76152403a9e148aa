//! The printpdf writer (version 1): how reports were rendered before the direct writer.
//! Kept only so that those reports re-render to the very bytes that were issued and signed;
//! nothing new is written with it.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rgb, TextItem, WindingOrder,
    XObject, XObjectId, XObjectTransform,
};

use super::font::MM_PER_PT;
use super::layout::{Draw, ImageKind, PageLayout};
use super::render::{Renderer, CMA_ID, CNAS_ID, FONT_ID, LOGO_ID, SEAL_ID};

/// Turn laid-out pages into printpdf's document, as version 1 did.
pub(super) fn write(
    r: &Renderer,
    pages: &[PageLayout],
    qr: &(usize, Vec<bool>),
    title: &str,
) -> lopdf::Document {
    let g = &r.template.page;
    let mut doc = PdfDocument::new(title);
    let font_id = FontId(FONT_ID.to_string());
    doc.resources.fonts.map.insert(
        font_id.clone(),
        printpdf::font::PdfFont::new(r.font.parsed.clone()),
    );
    // Only the images some page draws are embedded (a notice has no marks).
    let used: std::collections::BTreeSet<ImageKind> = pages
        .iter()
        .flat_map(|p| &p.draws)
        .filter_map(|d| match d {
            Draw::Image { kind, .. } | Draw::ImageSlice { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    for kind in used {
        let (id, img) = image(r, kind);
        if let Some(img) = img {
            doc.resources
                .xobjects
                .map
                .insert(XObjectId(id.into()), XObject::Image(img.clone()));
        }
    }
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                Mm(g.width_mm),
                Mm(g.height_mm),
                page_ops(r, p, &font_id, qr),
            )
        })
        .collect();
    doc.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    doc.to_lopdf_document(&opts, &mut warnings)
}

fn image(r: &Renderer, kind: ImageKind) -> (&'static str, Option<&RawImage>) {
    match kind {
        ImageKind::Logo => (LOGO_ID, r.logo.as_ref()),
        ImageKind::Seal => (SEAL_ID, r.seal.as_ref()),
        ImageKind::CmaMark => (CMA_ID, r.cma.as_ref()),
        ImageKind::CnasMark => (CNAS_ID, r.cnas.as_ref()),
    }
}

/// Draw an image into the box at (x, y) (from the page's top left) of w × h mm.
fn image_op(r: &Renderer, kind: ImageKind, x: f32, y: f32, w: f32, ih: f32) -> Option<Op> {
    let (id, img) = image(r, kind);
    let img = img?;
    let h = r.template.page.height_mm;
    // Natural size at `dpi` equals the target width; scale y to the height.
    let dpi = img.width as f32 * 25.4 / w;
    let natural_h = img.height as f32 * 25.4 / dpi;
    Some(Op::UseXobject {
        id: XObjectId(id.into()),
        transform: XObjectTransform {
            translate_x: Some(Mm(x).into()),
            translate_y: Some(Mm(h - y - ih).into()),
            scale_y: Some(ih / natural_h),
            dpi: Some(dpi),
            ..Default::default()
        },
    })
}

fn page_ops(r: &Renderer, page: &PageLayout, font_id: &FontId, qr: &(usize, Vec<bool>)) -> Vec<Op> {
    let h = r.template.page.height_mm;
    let pt = |x: f32, y: f32| Point::new(Mm(x), Mm(h - y));
    let black = Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    });
    let mut ops = vec![
        Op::SetFillColor { col: black.clone() },
        Op::SetOutlineColor { col: black },
    ];
    let mut thickness = -1.0f32;
    for d in &page.draws {
        match d {
            Draw::Text { x, y, size, text } => {
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font_id.clone()),
                    size: Pt(*size),
                });
                ops.push(Op::SetTextCursor { pos: pt(*x, *y) });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(Op::EndTextSection);
            }
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                set_thickness(&mut ops, &mut thickness, *width);
                let points = vec![
                    LinePoint {
                        p: pt(*x1, *y1),
                        bezier: false,
                    },
                    LinePoint {
                        p: pt(*x2, *y2),
                        bezier: false,
                    },
                ];
                ops.push(Op::DrawLine {
                    line: Line {
                        points,
                        is_closed: false,
                    },
                });
            }
            Draw::Rect {
                x,
                y,
                w,
                h: rh,
                width,
            } => {
                set_thickness(&mut ops, &mut thickness, *width);
                let points = [(*x, *y), (x + w, *y), (x + w, y + rh), (*x, y + rh)]
                    .iter()
                    .map(|(a, b)| LinePoint {
                        p: pt(*a, *b),
                        bezier: false,
                    })
                    .collect();
                ops.push(Op::DrawLine {
                    line: Line {
                        points,
                        is_closed: true,
                    },
                });
            }
            Draw::Image {
                kind,
                x,
                y,
                w,
                h: ih,
            } => ops.extend(image_op(r, *kind, *x, *y, *w, *ih)),
            Draw::ImageSlice {
                kind,
                x,
                y,
                w,
                h: ih,
                clip_x,
                clip_w,
            } => {
                let p = |a: f32, b: f32| LinePoint {
                    p: pt(a, b),
                    bezier: false,
                };
                let (x0, x1, y0, y1) = (*clip_x, clip_x + clip_w, *y, y + ih);
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)],
                        }],
                        mode: PaintMode::Clip,
                        winding_order: WindingOrder::NonZero,
                    },
                });
                ops.extend(image_op(r, *kind, *x, *y, *w, *ih));
                ops.push(Op::RestoreGraphicsState);
            }
            Draw::Qr { x, y, size } => ops.push(qr_polygon(qr, *x, *y, *size, h)),
            Draw::Fill {
                x,
                y,
                w,
                h: fh,
                grey,
            } => {
                let p = |a: f32, b: f32| LinePoint {
                    p: pt(a, b),
                    bezier: false,
                };
                ops.push(Op::SetFillColor { col: rgb(*grey) });
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: vec![p(*x, *y), p(x + w, *y), p(x + w, y + fh), p(*x, y + fh)],
                        }],
                        mode: PaintMode::Fill,
                        winding_order: WindingOrder::NonZero,
                    },
                });
                // Text and the QR code are drawn in black.
                ops.push(Op::SetFillColor { col: rgb(0.0) });
            }
        }
    }
    ops
}

/// A grey level as an RGB colour.
fn rgb(grey: f32) -> Color {
    let v = grey.clamp(0.0, 1.0);
    Color::Rgb(Rgb {
        r: v,
        g: v,
        b: v,
        icc_profile: None,
    })
}

fn set_thickness(ops: &mut Vec<Op>, current: &mut f32, width_mm: f32) {
    if (*current - width_mm).abs() > f32::EPSILON {
        ops.push(Op::SetOutlineThickness {
            pt: Pt(width_mm / MM_PER_PT),
        });
        *current = width_mm;
    }
}

/// All dark modules as one filled polygon; horizontal runs merged into one rectangle each.
/// The drawn area includes the 4-module quiet zone.
fn qr_polygon(qr: &(usize, Vec<bool>), x: f32, y: f32, size: f32, page_h: f32) -> Op {
    let (n, dark) = qr;
    let module = size / (*n as f32 + 8.0);
    let ox = x + 4.0 * module;
    let oy = y + 4.0 * module;
    let mut rings = Vec::new();
    for row in 0..*n {
        let mut col = 0;
        while col < *n {
            if dark.get(row * n + col).copied().unwrap_or(false) {
                let start = col;
                while col < *n && dark.get(row * n + col).copied().unwrap_or(false) {
                    col += 1;
                }
                let (x0, x1) = (ox + start as f32 * module, ox + col as f32 * module);
                let (y0, y1) = (oy + row as f32 * module, oy + (row + 1) as f32 * module);
                let p = |a: f32, b: f32| LinePoint {
                    p: Point::new(Mm(a), Mm(page_h - b)),
                    bezier: false,
                };
                rings.push(PolygonRing {
                    points: vec![p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)],
                });
            } else {
                col += 1;
            }
        }
    }
    Op::DrawPolygon {
        polygon: Polygon {
            rings,
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    }
}
