//! The rendered certificate: content (DOMAIN.md §5), pagination, fonts, determinism, glyph check.

#[path = "cert_common/mod.rs"]
mod common;

use common::*;
use unilab::certificate::layout::{Draw, PageLayout};
use unilab::certificate::{CertError, Renderer};

fn render(r: &Renderer, n: usize) -> Vec<u8> {
    let content = content(n);
    r.render(&content, "UL1|TEST|payload").expect("render")
}

/// Text of each page, extracted with lopdf (uses the font's ToUnicode map).
fn lopdf_page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("lopdf parses the PDF");
    let n = doc.get_pages().len() as u32;
    (1..=n)
        .map(|p| doc.extract_text(&[p]).expect("extract text"))
        .collect()
}

/// Text of each page via pdftotext, when installed.
fn pdftotext_pages(bytes: &[u8], name: &str) -> Option<Vec<String>> {
    if !have("pdftotext") {
        println!("NOTE: pdftotext not installed; skipping the poppler text check");
        return None;
    }
    let path = scratch(name, bytes);
    let (ok, out) = run("pdftotext", &["-layout", path.to_str()?, "-"]);
    assert!(ok, "pdftotext failed: {out}");
    Some(
        out.split('\u{c}')
            .map(str::to_string)
            .filter(|s| !s.trim().is_empty())
            .collect(),
    )
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Everything DOMAIN.md §5 asks a certificate to carry.
fn section5_expectations() -> Vec<&'static str> {
    vec![
        "检验报告",
        "某某市产品质量检验所",
        "某某省某某市高新区科技路88号",
        "BH2026-000123",
        "以下空白",
        "委托单位",
        "某某建设工程有限公司",
        "某某省某某市滨江区江南大道1000号",
        "生产单位",
        "某某钢铁集团有限公司",
        "样品名称",
        "热轧带肋钢筋",
        "商标",
        "钢城牌",
        "规格型号",
        "HRB400EΦ16",
        "生产日期/批号",
        "批号2025-12-B0375",
        "样品编号",
        "YP2026-00456",
        "样品数量",
        "6根（每根500mm）",
        "样品状态",
        "无锈蚀、无弯折，符合检验要求",
        "收样日期",
        "2026年01月05日",
        "检验日期",
        "2026年01月06日",
        "2026年01月09日",
        "签发日期",
        "2026年01月15日",
        "检验类别",
        "委托检验",
        "判定依据",
        "GB/T1499.2-2018《钢筋混凝土用钢第2部分：热轧带肋钢筋》HRB400E",
        "检验依据",
        "GB/T28900-2022",
        "序号",
        "检验项目",
        "单位",
        "标准要求",
        "检验结果",
        "单项判定",
        "检验方法",
        "下屈服强度ReL",
        "MPa",
        "≥400",
        "445",
        "符合",
        "检验结论",
        "所检项目符合GB/T1499.2-2018要求。",
        "方法偏离：无",
        "分包项目：7、20",
        "7*",
        "20*",
        "注：序号后标“*”的项目为分包项目。",
        "本报告检验结果仅对所检样品负责",
        "检验检测专用章",
        "不得部分复制",
        "十五日内",
        "编制：王检验",
        "审核：李审核",
        "批准：张批准",
        "声明",
    ]
}

#[test]
fn every_section5_item_is_in_the_pdf_text() {
    let r = renderer();
    let bytes = render(&r, 20);
    // Rust-side: lopdf decodes the Identity-H text through the ToUnicode map.
    let pages = lopdf_page_texts(&bytes);
    assert_eq!(
        pages.len(),
        3,
        "20 items: cover, information page, one result page"
    );
    let all = squash(&pages.concat());
    for want in section5_expectations() {
        assert!(all.contains(&squash(want)), "lopdf text lacks {want:?}");
    }
    for (i, p) in pages.iter().enumerate() {
        let p = squash(p);
        assert!(
            p.contains("报告编号：BH2026-000123"),
            "page {} lacks the report number",
            i + 1
        );
        assert!(
            p.contains(&format!("第{}页共3页", i + 1)),
            "page {} lacks 第x页 共y页",
            i + 1
        );
    }
    if let Some(pages) = pdftotext_pages(&bytes, "section5.pdf") {
        let all = squash(&pages.concat());
        for want in section5_expectations() {
            assert!(all.contains(&squash(want)), "pdftotext text lacks {want:?}");
        }
    }
}

#[test]
fn amendment_is_stated_on_the_cover() {
    let r = renderer();
    let mut c = content(3);
    c.replaces = Some(unilab::certificate::Replacement {
        report_number: "BH2026-000100".into(),
        reason: "委托单位名称录入错误".into(),
    });
    let bytes = r.render(&c, "UL1|x").expect("render");
    let cover = squash(&lopdf_page_texts(&bytes)[0]);
    assert!(cover.contains("本报告替代BH2026-000100号报告"), "{cover}");
    assert!(cover.contains("原因：委托单位名称录入错误"), "{cover}");
}

fn text_boxes(page: &PageLayout, r: &Renderer) -> Vec<(f32, f32, f32, f32, String)> {
    let mm = 25.4 / 72.0;
    page.draws
        .iter()
        .filter_map(|d| match d {
            Draw::Text { x, y, size, text } => {
                let w = r.font().text_width_mm(text, *size);
                Some((
                    *x,
                    y - 0.8 * size * mm,
                    x + w,
                    y + 0.2 * size * mm,
                    text.clone(),
                ))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn sixty_items_paginate_with_headers_and_one_end_marker() {
    let r = renderer();
    let c = content(60);
    let layout = r.layout(&c).expect("layout");
    assert_eq!(layout.len(), 5, "cover + information + 3 result pages");
    let g = &r.template().page;
    for (i, page) in layout.iter().enumerate() {
        let texts: Vec<&str> = page.texts().collect();
        assert!(texts.contains(&"报告编号：BH2026-000123"), "page {}", i + 1);
        assert!(
            texts.contains(&format!("第 {} 页 共 5 页", i + 1).as_str()),
            "page {}",
            i + 1
        );
        if i >= 2 {
            for col in [
                "序号",
                "检验项目",
                "单位",
                "标准要求",
                "检验结果",
                "单项判定",
                "检验方法",
            ] {
                assert!(
                    texts.contains(&col),
                    "result page {} lacks header {col}",
                    i + 1
                );
            }
        }
        // Nothing outside the page's text area, no two texts overlapping.
        let boxes = text_boxes(page, &r);
        for (x0, y0, x1, y1, t) in &boxes {
            assert!(
                *x0 >= g.margin_left_mm - 0.01 && *x1 <= g.width_mm - g.margin_right_mm + 0.01,
                "page {}: {t:?} leaves the text area ({x0}..{x1})",
                i + 1
            );
            assert!(
                *y0 >= g.margin_top_mm - 0.01 && *y1 <= g.height_mm - g.margin_bottom_mm + 0.01,
                "page {}: {t:?} leaves the page vertically",
                i + 1
            );
        }
        for (a, ba) in boxes.iter().enumerate() {
            for bb in &boxes[a + 1..] {
                let overlap = ba.0 < bb.2 - 0.05
                    && bb.0 < ba.2 - 0.05
                    && ba.1 < bb.3 - 0.05
                    && bb.1 < ba.3 - 0.05;
                assert!(!overlap, "page {}: {:?} overlaps {:?}", i + 1, ba.4, bb.4);
            }
        }
    }
    let marker_pages: Vec<usize> = layout
        .iter()
        .enumerate()
        .filter(|(_, p)| p.texts().any(|t| t.contains("以下空白")))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        marker_pages,
        vec![4],
        "以下空白 once, on the last result page"
    );
    // All 60 rows appear, in order, each exactly once.
    let seqs: Vec<String> = layout[2..]
        .iter()
        .flat_map(|p| {
            p.draws.iter().filter_map(|d| match d {
                // The 序号 column is the first 10 mm of the text area.
                Draw::Text { x, text, .. } if *x < g.margin_left_mm + 10.0 => Some(text.clone()),
                _ => None,
            })
        })
        .filter(|t| t.trim_end_matches('*').parse::<u32>().is_ok())
        .collect();
    let expected: Vec<String> = (1..=60)
        .map(|n| {
            if n % 20 == 7 || n % 20 == 0 {
                format!("{n}*")
            } else {
                n.to_string()
            }
        })
        .collect();
    assert_eq!(seqs, expected);

    // The PDF agrees, and pages render (looked at with pdftoppm -r 60 during development).
    let bytes = r.render(&c, "UL1|x").expect("render");
    let pages = lopdf_page_texts(&bytes);
    assert_eq!(pages.len(), 5);
    assert_eq!(pages.iter().filter(|p| p.contains("以下空白")).count(), 1);
    if have("pdftoppm") {
        let path = scratch("sixty.pdf", &bytes);
        let prefix = path.with_extension("");
        let (ok, out) = run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                path.to_str().expect("utf8"),
                prefix.to_str().expect("utf8"),
            ],
        );
        assert!(ok, "pdftoppm: {out}");
        println!("page images: {}-*.png", prefix.display());
    }
}

#[test]
fn long_information_flows_onto_a_further_page_without_overlap() {
    let r = renderer();
    let mut c = content(5);
    c.remarks = "样品信息由委托方提供，本实验室不对其真实性负责。".repeat(25);
    c.method_standards = (0..30)
        .map(|i| format!("GB/T {}-20{:02}", 1000 + i * 37, i % 25))
        .collect();
    c.client.address = "某某省某某市某某区某某街道某某路某某号某某大厦某某层".repeat(4);
    let layout = r.layout(&c).expect("layout");
    assert!(
        layout.len() >= 4,
        "information continues on another page: {} pages",
        layout.len()
    );
    for (i, page) in layout.iter().enumerate() {
        let boxes = text_boxes(page, &r);
        for (a, ba) in boxes.iter().enumerate() {
            for bb in &boxes[a + 1..] {
                let overlap = ba.0 < bb.2 - 0.05
                    && bb.0 < ba.2 - 0.05
                    && ba.1 < bb.3 - 0.05
                    && bb.1 < ba.3 - 0.05;
                assert!(!overlap, "page {}: {:?} overlaps {:?}", i + 1, ba.4, bb.4);
            }
        }
        let bottom = r.template().page.height_mm - r.template().page.margin_bottom_mm;
        assert!(
            boxes.iter().all(|b| b.3 <= bottom + 0.01),
            "page {} text below the margin",
            i + 1
        );
    }
    // A sample name too long for the cover is refused, not cut off.
    c.sample.name = "超长样品名称".repeat(60);
    let msg = r
        .layout(&c)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("cover page"), "{msg}");
}

#[test]
fn long_texts_wrap_inside_their_cells() {
    let r = renderer();
    let f = r.font();
    use unilab::certificate::layout::wrap;
    let long_word = "Subcontracted-LabReference-ABCDEFGHIJKLMNOP-0123456789";
    let lines = wrap(f, long_word, 9.0, 30.0);
    assert!(lines.len() > 1, "{lines:?}");
    assert_eq!(
        lines.concat(),
        long_word,
        "a long word is broken without losing characters"
    );
    for l in &lines {
        assert!(f.text_width_mm(l, 9.0) <= 30.0 + 1e-3, "{l:?}");
    }
    let cjk = "经反向弯曲试验后，钢筋受弯曲部位表面不得产生裂纹";
    let lines = wrap(f, cjk, 9.0, 25.0);
    assert!(lines.len() >= 2);
    assert_eq!(lines.concat(), cjk);
    for l in &lines {
        assert!(
            f.text_width_mm(l, 9.0) <= 25.0 + 1e-3 || l.chars().count() <= 2,
            "{l:?}"
        );
        assert!(
            !l.starts_with('，'),
            "a line starts with a comma: {lines:?}"
        );
    }
    let latin = wrap(f, "GB/T 223.69-2008 and GB/T 223.5-2008", 9.0, 30.0);
    assert_eq!(
        latin[0], "GB/T 223.69-2008",
        "Latin breaks at spaces: {latin:?}"
    );
}

#[test]
fn same_content_gives_identical_bytes() {
    let a = render(&renderer(), 20);
    let b = render(&renderer(), 20);
    assert_eq!(a, b, "two renderers, same content → same bytes");
    let r = renderer();
    assert_eq!(render(&r, 20), render(&r, 20));
}

#[test]
fn font_is_embedded_as_a_small_subset() {
    let r = renderer();
    let bytes = render(&r, 20);
    assert!(
        bytes.len() < 80_000,
        "unsigned 20-item certificate is {} bytes",
        bytes.len()
    );
    let doc = lopdf::Document::load_mem(&bytes).expect("parse");
    let mut subset_fonts = 0;
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict() {
            if d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
                let name = d
                    .get(b"FontName")
                    .and_then(|n| n.as_name())
                    .expect("FontName");
                assert_eq!(
                    name.get(6),
                    Some(&b'+'),
                    "subset tag on {}",
                    String::from_utf8_lossy(name)
                );
                let ff = d
                    .get(b"FontFile2")
                    .and_then(|f| f.as_reference())
                    .expect("FontFile2 embedded");
                let stream = doc
                    .get_object(ff)
                    .and_then(|o| o.as_stream())
                    .expect("font stream");
                assert!(
                    stream.content.len() < 100_000,
                    "font program {} bytes",
                    stream.content.len()
                );
                subset_fonts += 1;
            }
        }
    }
    assert_eq!(subset_fonts, 1);
    if have("pdffonts") {
        let path = scratch("fonts.pdf", &bytes);
        let (ok, out) = run("pdffonts", &[path.to_str().expect("utf8")]);
        assert!(ok, "{out}");
        println!("{out}");
        let line = out
            .lines()
            .find(|l| l.contains("WenQuanYi"))
            .expect("font listed");
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type type encoding emb sub uni id gen
        assert!(
            cols.windows(3).any(|w| w == ["yes", "yes", "yes"]),
            "emb/sub/uni: {line}"
        );
    } else {
        println!("NOTE: pdffonts not installed; skipped");
    }
}

#[test]
fn missing_glyph_is_refused_with_the_character_listed() {
    let r = renderer();
    let mut c = content(3);
    // WenQuanYi Micro Hei 0.2.0-beta maps ₁–₄ and ¹–⁴ but not ₅–₉, ⁵–⁹ (checked glyph by glyph).
    c.rows[0].item = "五氧化二磷 P₂O₅".into();
    c.remarks = "循环 2×10⁶ 次".into();
    match r.render(&c, "UL1|x") {
        Err(CertError::MissingGlyphs { chars, .. }) => {
            assert_eq!(chars, vec!['⁶', '₅'], "sorted by code point")
        }
        other => panic!("expected MissingGlyphs, got {other:?}"),
    }
    let msg = r
        .render(&c, "UL1|x")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        msg.contains("\"₅\" (U+2085)") && msg.contains("\"⁶\" (U+2076)"),
        "{msg}"
    );
    assert!(
        !msg.contains('₂'),
        "₂ is in the font and must not be listed: {msg}"
    );
    // A template text is checked too.
    let mut t = default_template();
    t.labels.end_marker = "以下空白₇".into();
    let msg = Renderer::new(t)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("\"₇\""), "{msg}");
}

#[test]
fn unknown_verdict_word_is_refused() {
    let r = renderer();
    let mut c = content(3);
    c.rows[1].verdict = "合格".into();
    let msg = r
        .render(&c, "UL1|x")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("row 2") && msg.contains("合格"), "{msg}");
}

/// Issue 15, layout: columns are sized from the content, so a standard's code, a number with
/// its unit and a result word each print on one line; an empty field prints "/".
#[test]
fn codes_units_and_result_words_are_never_split_and_empty_fields_print_a_slash() {
    let r = renderer();
    let mut c = content(20);
    c.rows[5].result = "无裂纹、无裂纹、无裂纹".into();
    c.rows[5].requirement = "d=4a 时 180° 弯曲后受弯曲部位表面无裂纹".into();
    c.rows[8].method = "GB 1499.2-2024（重量偏差测量）".into();
    c.producer.credit_code = String::new();
    let pages = r.layout(&c).unwrap();
    let texts: Vec<&str> = pages.iter().flat_map(|p| p.texts()).collect();
    let whole = |s: &str| texts.iter().any(|t| t.contains(s));
    for want in [
        "GB 1499.2-2024",
        "（重量偏差测量）",
        "GB/T 28900-2022",
        "GB/T 1499.2-2018",
        "GB/T 223.5-2008",
    ] {
        assert!(whole(want), "{want} split across lines: {texts:?}");
    }
    // Every "无裂纹" printed is whole: as many whole ones as the cell and the requirement hold.
    let printed: usize = texts.iter().map(|t| t.matches("无裂纹").count()).sum();
    let written: usize = c
        .rows
        .iter()
        .map(|r| r.result.matches("无裂纹").count() + r.requirement.matches("无裂纹").count())
        .sum();
    assert_eq!(printed, written, "{texts:?}");
    // The producer's credit code line: the label, then "/".
    let at = texts
        .iter()
        .rposition(|t| *t == "统一社会信用代码")
        .expect("producer's credit code label");
    assert_eq!(texts[at + 1], "/", "{:?}", &texts[at..at + 3]);
    // Still one results page for twenty items.
    assert_eq!(pages.len(), 3);
}
