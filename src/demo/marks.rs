//! The demo lab's stamp and marks: a copy of the bundled template in the demo's data folder
//! that prints the project's synthetic seal (also across the page edges) and CMA/CNAS-style
//! marks, and an accreditation whose scope leaves one rebar item out, so a new user sees a
//! stamped report with a △ item. The images are the project's own drawings
//! (`report-templates/demo-marks/draw.py`), never a real institution's.

use std::path::Path;

use anyhow::Context as _;

use crate::certificate::issue::template_root;
use crate::certificate::template::TEMPLATE_FILE;
use crate::model::accreditation::{Accreditation, ScopeEntry};

const SEAL: &[u8] = include_bytes!("../../report-templates/demo-marks/demo-seal.png");
const CMA: &[u8] = include_bytes!("../../report-templates/demo-marks/demo-cma.png");
const CNAS: &[u8] = include_bytes!("../../report-templates/demo-marks/demo-cnas.png");

/// Numbers that are plainly not real ones.
pub fn accreditation() -> Accreditation {
    let whole = |code: &str| ScopeEntry {
        standard: code.into(),
        items: Vec::new(),
    };
    Accreditation {
        cma_number: Some("000000000000（演示）".into()),
        cnas_number: Some("CNAS L0000（演示）".into()),
        scope: vec![
            // Rebar without the weight deviation (W): its certificates show one △ item.
            ScopeEntry {
                standard: "GB 1499.2-2024".into(),
                items: ["ReL", "Rm", "A", "Agt", "RmReL", "ReLReL", "bend", "rebend"]
                    .map(String::from)
                    .to_vec(),
            },
            whole("GB/T 15063-2020"),
            whole("GB 2762-2022"),
            whole("GB 175-2023"),
        ],
    }
}

/// Write `report-templates/default/` into the demo's data folder: the bundled template with
/// its font path made absolute and the demo images added. A template that is not the bundled
/// one (`UNILAB_TEMPLATES`) is left to speak for itself.
pub fn write_template(data_dir: &Path) -> anyhow::Result<()> {
    let source_dir = template_root(data_dir).join("default");
    let text = std::fs::read_to_string(source_dir.join(TEMPLATE_FILE))
        .with_context(|| format!("无法读取报告模板 {}", source_dir.display()))?;
    let font_line = "path = \"../fonts/wqy-microhei.ttc\"";
    let images = "logo = \"\"\nseal = \"\"";
    if !text.contains(font_line) || !text.contains(images) {
        return Ok(());
    }
    let font = source_dir.join("../fonts/wqy-microhei.ttc");
    let font = font.canonicalize().unwrap_or(font);
    let text = text
        .replace(
            font_line,
            &format!("path = {}", toml_string(&font.display().to_string())),
        )
        .replace(
            images,
            "logo = \"\"\nseal = \"demo-seal.png\"\ncross_page_seal = true\n\
             cma_mark = \"demo-cma.png\"\ncnas_mark = \"demo-cnas.png\"",
        );
    let dir = data_dir.join("report-templates").join("default");
    std::fs::create_dir_all(&dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    for (name, bytes) in [
        ("demo-seal.png", SEAL),
        ("demo-cma.png", CMA),
        ("demo-cnas.png", CNAS),
        (TEMPLATE_FILE, text.as_bytes()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
    }
    Ok(())
}

/// A TOML basic string (a Windows path's backslashes and any quote escaped).
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
