//! Two PDF writers: the direct writer makes every new document; reports issued with printpdf
//! (before it) re-render with printpdf, byte for byte. The direct writer's pages look like
//! printpdf's, and its files carry what the archive and the verifier need.
//!
//! The picture comparison needs poppler's `pdftoppm`; without it that test says it skipped,
//! except in CI (UNILAB_CI=1), where it fails.

#[path = "cert_common/mod.rs"]
mod common;

use chrono::{TimeZone as _, Utc};
use common::*;
use unilab::certificate::issue::{keys_dir, Certifier};
use unilab::certificate::{issue_written, PdfWriter, Stamp};
use unilab::model::{Report, ReportStatus};

/// A page rasterised in grey at `dpi`: (width, height, pixels).
fn raster(pdf: &[u8], name: &str, page: usize, dpi: u32) -> (usize, usize, Vec<u8>) {
    let path = scratch(name, pdf);
    let prefix = path.with_extension("");
    let (ok, out) = run(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
            path.to_str().expect("utf8"),
            prefix.to_str().expect("utf8"),
        ],
    );
    assert!(ok, "pdftoppm: {out}");
    let pgm = std::fs::read(prefix.with_extension("pgm")).expect("pgm written");
    // P5 header: magic, width, height, maxval, one whitespace, then the samples.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, pgm[at + 1..].to_vec())
}

fn pdftoppm_or_skip() -> bool {
    if have("pdftoppm") {
        return true;
    }
    if std::env::var("UNILAB_CI").as_deref() == Ok("1") {
        panic!(
            "cert_writers: pdftoppm missing (UNILAB_CI=1: the picture check may not be skipped)"
        );
    }
    println!(
        "SKIPPED: pdftoppm (poppler-utils) not installed; the two writers' pages were not compared"
    );
    false
}

#[test]
fn the_direct_writer_draws_the_pages_printpdf_drew() {
    if !pdftoppm_or_skip() {
        return;
    }
    let r = renderer();
    let c = content(20);
    let at = signing_time();
    let old = r
        .render_with(PdfWriter::Printpdf, &c, "UL1|TEST|payload", at)
        .expect("printpdf render");
    let new = r
        .render_with(PdfWriter::Direct, &c, "UL1|TEST|payload", at)
        .expect("direct render");
    assert_ne!(old, new, "two writers, two files");
    for page in 1..=3 {
        let (w1, h1, a) = raster(&old, "writer-printpdf.pdf", page, 60);
        let (w2, h2, b) = raster(&new, "writer-direct.pdf", page, 60);
        assert_eq!((w1, h1), (w2, h2), "page {page} has the same size");
        let inked = a.iter().filter(|p| **p < 128).count();
        assert!(
            inked > 1000,
            "page {page} has text and rules ({inked} dark pixels)"
        );
        // A pixel differs when nothing within one pixel of it in the other page is close:
        // a rule anti-aliased a pixel over is not a difference, a missing word, line or QR
        // module is.
        let near = |img: &[u8], x: usize, y: usize, v: u8| {
            (y.saturating_sub(1)..=(y + 1).min(h1 - 1)).any(|yy| {
                (x.saturating_sub(1)..=(x + 1).min(w1 - 1))
                    .any(|xx| img[yy * w1 + xx].abs_diff(v) <= 96)
            })
        };
        let differing = (0..h1)
            .flat_map(|y| (0..w1).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let i = y * w1 + x;
                !near(&b, x, y, a[i]) || !near(&a, x, y, b[i])
            })
            .count();
        assert!(
            differing * 200 < inked,
            "page {page}: {differing} of {inked} inked pixels differ between the writers"
        );
    }
}

#[test]
fn a_report_issued_with_printpdf_re_renders_byte_for_byte_and_new_reports_name_their_writer() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let key = key();
    key.save(&keys_dir(dir.path())).unwrap();
    let certifier = Certifier::shared(dir.path()).unwrap();
    let c = content(12);
    let old = issue_written(
        PdfWriter::Printpdf,
        certifier.renderer(),
        &c,
        certifier.key(),
        now,
        Stamp::Without,
    )
    .expect("printpdf issue");
    // The record as a report issued before writers were recorded is stored: no pdf_writer.
    let mut stored = serde_json::to_value(Report {
        number: c.report_number.clone(),
        order: "WT2026-000001".into(),
        version: 1,
        content: c.clone(),
        qr_payload: old.qr_payload.clone(),
        pdf_sha256: old.sha256_hex.clone(),
        signed_at: now,
        issued_by: "lin".into(),
        status: ReportStatus::Issued,
        revision: 1,
        issued_under: None,
        verify_code: String::new(),
        pages: 2,
        timestamp: None,
        pdf_writer: 1,
    })
    .unwrap();
    assert!(
        stored.get("pdf_writer").is_none(),
        "an old report's stored form (and digest) is unchanged"
    );
    stored.as_object_mut().unwrap().remove("pdf_writer");
    let report: Report = serde_json::from_value(stored).unwrap();
    assert_eq!(report.pdf_writer, 1);
    let again = certifier
        .rerender(&report)
        .expect("re-rendered with printpdf");
    assert_eq!(again, old.bytes, "the issued file comes back byte for byte");

    // New reports are made with the direct writer and say so.
    let new = certifier.render(&c, now).expect("issue");
    assert_eq!(new.pdf_writer, PdfWriter::Direct.version());
    assert_ne!(new.sha256, old.sha256_hex);

    // A version this program does not know is refused by name, not re-rendered wrongly.
    let future = Report {
        pdf_writer: 9,
        ..report
    };
    let err = certifier.rerender(&future).unwrap_err().to_string();
    assert!(err.contains("PDF 写入器版本 9"), "{err}");
}
