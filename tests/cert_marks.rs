//! The stamp and the marks (issue 15): the seal over the issue date and across the page edges,
//! the CMA/CNAS marks with the lab's numbers on the cover, items outside the accredited scope
//! marked △ with a footnote, and no mark at all when no item is inside.

#[path = "cert_common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use common::*;
use unilab::certificate::layout::{Draw, ImageKind, PageLayout};
use unilab::certificate::{issue, verify_pdf, CertificateContent, Renderer, Template};
use unilab::model::accreditation::Marks;

/// A template folder like a lab would keep: the bundled template with the demo images.
fn stamped_template(name: &str, cross_page: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unilab-marks-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let marks = templates_dir().join("demo-marks");
    for f in ["demo-seal.png", "demo-cma.png", "demo-cnas.png"] {
        std::fs::copy(marks.join(f), dir.join(f)).unwrap();
    }
    let font = templates_dir().join("fonts/wqy-microhei.ttc");
    let text = std::fs::read_to_string(templates_dir().join("default/template.toml"))
        .unwrap()
        .replace(
            "path = \"../fonts/wqy-microhei.ttc\"",
            &format!("path = {:?}", font.display().to_string()),
        )
        .replace(
            "seal = \"\"",
            &format!(
                "seal = \"demo-seal.png\"\ncross_page_seal = {cross_page}\n\
                 cma_mark = \"demo-cma.png\"\ncnas_mark = \"demo-cnas.png\""
            ),
        );
    std::fs::write(dir.join("template.toml"), text).unwrap();
    dir
}

fn stamped_renderer(cross_page: bool) -> Renderer {
    let dir = stamped_template(if cross_page { "cross" } else { "plain" }, cross_page);
    Renderer::new(Template::load(&dir).expect("template")).expect("renderer")
}

fn marked(n: usize) -> CertificateContent {
    let mut c = content(n);
    c.rows[2].outside_scope = true;
    c.marks = Some(Marks {
        cma: Some("241312345678".into()),
        cnas: Some("CNAS L1234".into()),
    });
    c
}

fn images(page: &PageLayout) -> Vec<ImageKind> {
    page.draws
        .iter()
        .filter_map(|d| match d {
            Draw::Image { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect()
}

fn text(pages: &[PageLayout]) -> String {
    pages
        .iter()
        .flat_map(|p| p.texts())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_cover_carries_both_marks_with_their_numbers_and_the_seal_sits_on_the_issue_date() {
    let r = stamped_renderer(false);
    let pages = r.layout(&marked(20)).expect("layout");
    let cover = images(&pages[0]);
    assert!(cover.contains(&ImageKind::CmaMark), "{cover:?}");
    assert!(cover.contains(&ImageKind::CnasMark), "{cover:?}");
    let cover_text: Vec<&str> = pages[0].texts().collect();
    assert!(cover_text.contains(&"241312345678"), "{cover_text:?}");
    assert!(cover_text.contains(&"CNAS L1234"), "{cover_text:?}");
    // The seal is drawn on the page with the conclusion, over the words and the issue date.
    let (page, seal) = pages
        .iter()
        .find_map(|p| {
            p.draws.iter().find_map(|d| match d {
                Draw::Image {
                    kind: ImageKind::Seal,
                    x,
                    y,
                    w,
                    h,
                } => Some((p, (*x, *y, *w, *h))),
                _ => None,
            })
        })
        .expect("a seal");
    let date = page
        .draws
        .iter()
        .find_map(|d| match d {
            Draw::Text { x, y, text, .. } if text.starts_with("签发日期") => Some((*x, *y)),
            _ => None,
        })
        .expect("the issue date beside the seal");
    let (sx, sy, sw, sh) = seal;
    assert!(
        date.1 >= sy && date.1 <= sy + sh,
        "date line at {date:?} is under the seal {seal:?}"
    );
    assert!(date.0 < sx + sw && date.0 + 30.0 > sx, "{date:?} {seal:?}");
    // Without the cross-page option no page has a slice.
    assert!(pages
        .iter()
        .all(|p| !p.draws.iter().any(|d| matches!(d, Draw::ImageSlice { .. }))));
}

#[test]
fn items_outside_the_scope_are_marked_and_explained_on_every_results_page() {
    let r = stamped_renderer(false);
    let c = marked(60);
    let pages = r.layout(&c).expect("layout");
    let all = text(&pages);
    assert!(all.contains("3△"), "the third item is marked");
    assert!(!all.contains("4△"), "only the third");
    let note = "注：序号后标“△”的项目不在本实验室资质认定范围内。";
    let results_pages: Vec<&PageLayout> = pages
        .iter()
        .filter(|p| {
            p.texts()
                .any(|t| t == "检验结果" || t.starts_with("检验结果（续）"))
        })
        .collect();
    assert!(results_pages.len() >= 2, "60 rows need more than one page");
    for p in &results_pages {
        assert!(
            p.texts().any(|t| t == note),
            "every results page explains △"
        );
    }
    // With no item outside, neither the mark nor the note.
    let plain = text(&r.layout(&content(20)).expect("layout"));
    assert!(!plain.contains('△'));
}

#[test]
fn no_item_inside_the_scope_means_no_mark_on_the_cover() {
    let r = stamped_renderer(false);
    let mut c = marked(5);
    c.marks = Some(Marks::default());
    let pages = r.layout(&c).expect("layout");
    assert!(images(&pages[0]).is_empty(), "no CMA or CNAS mark");
    let cover: Vec<&str> = pages[0].texts().collect();
    assert!(
        !cover.iter().any(|t| t.contains("241312345678")),
        "{cover:?}"
    );
    // A lab that recorded no accreditation prints none either (reports issued before marks).
    c.marks = None;
    assert!(images(&r.layout(&c).expect("layout")[0]).is_empty());
}

#[test]
fn a_number_without_its_mark_image_is_printed_as_text() {
    let c = marked(5);
    let pages = renderer().layout(&c).expect("layout");
    let cover: Vec<&str> = pages[0].texts().collect();
    assert!(
        cover.contains(&"资质认定证书编号：241312345678"),
        "{cover:?}"
    );
    assert!(
        cover.contains(&"CNAS 认可证书编号：CNAS L1234"),
        "{cover:?}"
    );
}

#[test]
fn the_cross_page_seal_puts_one_slice_at_each_right_edge_and_the_slices_make_the_seal() {
    let r = stamped_renderer(true);
    let pages = r.layout(&marked(60)).expect("layout");
    let page_w = r.template().page.width_mm;
    let seal = r.template().page.seal_size_mm;
    let n = pages.len() as f32;
    let mut covered = Vec::new();
    for p in &pages {
        let slices: Vec<_> = p
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::ImageSlice {
                    kind: ImageKind::Seal,
                    x,
                    w,
                    clip_x,
                    clip_w,
                    ..
                } => Some((*x, *w, *clip_x, *clip_w)),
                _ => None,
            })
            .collect();
        assert_eq!(slices.len(), 1, "one slice per page");
        let (x, w, clip_x, clip_w) = slices[0];
        assert!((w - seal).abs() < 1e-3);
        assert!((clip_x + clip_w - page_w).abs() < 1e-3, "at the right edge");
        assert!((clip_w - seal / n).abs() < 1e-3);
        // Which band of the seal image shows on this page.
        covered.push(clip_x - x);
    }
    covered.sort_by(f32::total_cmp);
    for (i, start) in covered.iter().enumerate() {
        assert!((start - i as f32 * seal / n).abs() < 1e-3, "{covered:?}");
    }
}

#[test]
fn a_stamped_certificate_is_signed_verifiable_and_still_pdfa() {
    let r = stamped_renderer(true);
    let out = issue(&r, &marked(20), &key(), signing_time()).expect("issue");
    scratch("stamped-certificate.pdf", &out.bytes);
    let report = verify_pdf(&out.bytes);
    assert!(report.ok(), "{:?}", report.failures);
    assert_pdfa_prerequisites(&out.bytes);
    let doc = lopdf::Document::load_mem(&out.bytes).expect("parse");
    let names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"XObject").ok())
        .filter_map(|x| match x {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok(),
            other => other.as_dict().ok(),
        })
        .flat_map(|x| {
            x.iter()
                .map(|(k, _)| String::from_utf8_lossy(k).into_owned())
        })
        .collect();
    for id in ["ImSeal", "ImCma", "ImCnas"] {
        assert!(names.iter().any(|n| n == id), "{id} in {names:?}");
    }
    // The seal keeps its transparency (an SMask), which PDF/A-2 allows.
    let has_smask = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|s| s.dict.get(b"SMask").is_ok());
    assert!(has_smask, "the seal's transparency is kept");
    let page_count = out.pages;
    assert!(page_count >= 3);
}

#[test]
fn a_cross_page_seal_without_a_seal_image_is_refused_naming_the_field() {
    let dir = stamped_template("noseal", true);
    let path = dir.join("template.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("seal = \"demo-seal.png\"", "seal = \"\"");
    std::fs::write(&path, text).unwrap();
    let e = Template::load(Path::new(&dir)).unwrap_err().to_string();
    assert!(e.contains("images.cross_page_seal"), "{e}");
}
