//! Broken templates are refused with the file and the field named.

#[path = "cert_common/mod.rs"]
mod common;

use std::path::Path;

use common::*;
use unilab::certificate::{CertError, Template};

fn default_text() -> String {
    std::fs::read_to_string(templates_dir().join("default/template.toml"))
        .expect("default template")
}

/// Write `text` as template.toml into a fresh directory next to the real templates.
fn load_variant(name: &str, text: &str) -> (std::path::PathBuf, Result<Template, CertError>) {
    let dir = scratch("x", b"").with_file_name(format!("tpl-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    // Point the font at the bundled one by absolute path.
    let font = templates_dir().join("fonts/wqy-microhei.ttc");
    let text = text.replace("../fonts/wqy-microhei.ttc", font.to_str().expect("utf8"));
    std::fs::write(dir.join("template.toml"), text).expect("write");
    let r = Template::load(&dir);
    (dir, r)
}

fn expect_field(r: Result<Template, CertError>, dir: &Path, field: &str) -> String {
    match r {
        Err(e @ CertError::Template { .. }) => {
            let msg = e.to_string();
            if let CertError::Template { file, field: f, .. } = &e {
                assert_eq!(file, &dir.join("template.toml"), "{msg}");
                assert_eq!(f, field, "{msg}");
            }
            assert!(
                msg.contains("template.toml") && msg.contains(field),
                "{msg}"
            );
            msg
        }
        other => panic!("expected a template error for {field}, got {other:?}"),
    }
}

#[test]
fn default_template_loads_and_resolves_paths() {
    let t = default_template();
    assert!(t.font_path.is_file());
    assert!(
        t.font_path.starts_with(templates_dir().join("default")),
        "relative to the template dir"
    );
    assert_eq!(t.seal, None);
    assert_eq!(t.statement.clauses.len(), 5);
}

#[test]
fn bad_toml_names_the_file() {
    let (dir, r) = load_variant("badtoml", "[labels\nreport_title = ");
    match r {
        Err(e @ CertError::Template { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains(dir.join("template.toml").to_str().expect("utf8")),
                "{msg}"
            );
            assert!(msg.contains("line 1"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_field_is_named() {
    let text = default_text().replace("end_marker = \"以下空白\"\n", "");
    let (dir, r) = load_variant("missing", &text);
    let msg = expect_field(r, &dir, "labels.end_marker");
    assert!(msg.contains("missing field"), "{msg}");
}

#[test]
fn wrong_type_is_named() {
    let text = default_text().replace("width_mm = 210.0", "width_mm = \"A4\"");
    let (dir, r) = load_variant("wrongtype", &text);
    expect_field(r, &dir, "page.width_mm");
}

#[test]
fn unknown_field_is_named() {
    let text = default_text().replace("[verdicts]\n", "[verdicts]\nmaybe = \"?\"\n");
    let (dir, r) = load_variant("unknown", &text);
    expect_field(r, &dir, "verdicts.maybe");
}

#[test]
fn columns_must_fill_the_text_width() {
    let text = default_text().replace(
        "[10.0, 34.0, 12.0, 38.0, 20.0, 16.0, 40.0]",
        "[10.0, 34.0, 12.0, 38.0, 20.0, 16.0, 30.0]",
    );
    let (dir, r) = load_variant("columns", &text);
    let msg = expect_field(r, &dir, "page.result_column_widths_mm");
    assert!(msg.contains("160"), "{msg}");
}

#[test]
fn missing_font_and_seal_files_are_named() {
    let text = default_text().replace("../fonts/wqy-microhei.ttc", "nofont.ttf");
    let (dir, r) = load_variant("nofont", &text);
    expect_field(r, &dir, "font.path");
    let text = default_text().replace("seal = \"\"", "seal = \"seal.png\"");
    let (dir, r) = load_variant("noseal", &text);
    expect_field(r, &dir, "images.seal");
    // With the file present next to template.toml, the relative path resolves.
    let seal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seal.png");
    std::fs::copy(seal, dir.join("seal.png")).expect("copy seal");
    let t = Template::load(&dir).expect("loads with the seal present");
    assert_eq!(t.seal.as_deref(), Some(dir.join("seal.png").as_path()));
    let r = unilab::certificate::Renderer::new(t).expect("renderer with seal");
    let layout = r.layout(&content(3)).expect("layout");
    assert!(
        layout[1]
            .draws
            .iter()
            .any(|d| matches!(d, unilab::certificate::layout::Draw::Image { .. })),
        "seal drawn on the information page"
    );
}

#[test]
fn bad_date_format_and_placeholders_are_named() {
    let text = default_text().replace("date_format = \"%Y年%m月%d日\"", "date_format = \"%Q\"");
    let (dir, r) = load_variant("datefmt", &text);
    expect_field(r, &dir, "labels.date_format");
    let text = default_text().replace("第 {page} 页 共 {pages} 页", "第 {page} 页");
    let (dir, r) = load_variant("pagenum", &text);
    expect_field(r, &dir, "labels.page_number");
}

#[test]
fn a_spot_check_section_must_name_the_authority_and_place_the_objection_clause() {
    let text = default_text();
    // A template written before spot checks still loads, with the default wording.
    let cut = text
        .find("[supervision]")
        .expect("the default has the section");
    let (_, r) = load_variant("sv-absent", &text[..cut]);
    let t = r.expect("an older template loads");
    assert!(t
        .supervision
        .objection_days
        .contains("十五日内向{authority}"));
    // The clause must name the authority, not a fixed body.
    let broken = text.replace(
        "七个工作日内向{authority}或者其上级",
        "七个工作日内向本实验室或者其上级",
    );
    let (dir, r) = load_variant("sv-authority", &broken);
    let msg = expect_field(r, &dir, "supervision.objection_working_days");
    assert!(msg.contains("{authority}"), "{msg}");
    // And the statement must say where it goes.
    let broken = text.replace("  \"{objection}\",\n", "");
    let (dir, r) = load_variant("sv-clause", &broken);
    expect_field(r, &dir, "supervision.clauses");
}
