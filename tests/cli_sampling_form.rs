//! The command line of the two printed supervision documents: `unilab sampling form ORDER
//! --out FILE.pdf` (refused, naming the order, for a commissioned test) and `unilab task report
//! TASK --pdf FILE.pdf`, whose figures are those of `task report --json`; both verify with
//! `unilab verify`'s signature check and neither writes to the records.

use std::path::Path;

mod cli_common;
use cli_common::*;

const MILL: &str = "91350100M000100Y43";

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let n = doc.get_pages().len() as u32;
    squash(
        &(1..=n)
            .map(|p| doc.extract_text(&[p]).unwrap())
            .collect::<String>(),
    )
}

/// Entries in the audit trail (`audit log --json` prints one JSON object a line).
fn audit_len(d: &Path) -> usize {
    ok(unilab(d, "admin", &["audit", "log", "--json"]))
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .count()
}

/// `unilab verify FILE --json`'s `signature_valid`. The exit status also asks for a report's
/// QR code, which these documents do not carry (like the raw record), so it is not used.
fn signature_valid(d: &Path, file: &Path) -> bool {
    let o = unilab(d, "clerk", &["verify", file.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["signature_valid"].as_bool().unwrap()
}

/// A lab with a rebar task, one spot check sampled at the mill and one commissioned test.
fn set_up(d: &Path) -> (String, String, String) {
    lab(d, false);
    let task = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "task",
            "new",
            "--name",
            "热轧带肋钢筋监督抽查",
            "--authority",
            "福建省市场监督管理局",
            "--standard",
            "GB 1499.2-2024",
            "--grade",
            "HRB400E",
            "--batches",
            "2",
        ],
    )));
    let spot = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "order",
            "new",
            "--type",
            "supervision",
            "--task",
            &task,
            "--sampled-unit",
            MILL,
            "--spec",
            "d14-20",
            "--samplers",
            "陈抽样,林抽样",
            "--sampling-date",
            &day_from_today(0),
            "--sampling-place",
            "福州市仓山区 成品库",
            "--lot-size",
            "120 t",
            "--sample-quantity",
            "8 根×500 mm",
            "--reserve-quantity",
            "4 根×500 mm",
            "--reserve-location",
            "本所留样室",
            "--seal",
            "F-2026-0456",
            "--sampling-form",
            "CY-0456",
            "--confirmed-by",
            "王经理",
        ],
    )));
    let commissioned = last_line(&ok(unilab(
        d,
        "clerk",
        &[
            "order",
            "new",
            "--type",
            "commissioned",
            "--client",
            MILL,
            "--sample",
            "热轧带肋钢筋",
            "--standard",
            "GB 1499.2-2024",
            "--grade",
            "HRB400E",
            "--spec",
            "d14-20",
            "--items",
            "ReL",
        ],
    )));
    (task, spot, commissioned)
}

#[test]
fn the_sampling_form_and_the_task_summary_print_signed_and_refuse_a_commissioned_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (task, spot, commissioned) = set_up(d);
    let before = audit_len(d);

    let form = d.join("抽样单.pdf");
    let said = ok(unilab(
        d,
        "clerk",
        &["sampling", "form", &spot, "--out", form.to_str().unwrap()],
    ));
    assert!(said.contains(&spot) && said.contains("CY-0456"), "{said}");
    let t = pdf_text(&form);
    for want in [
        "产品质量监督抽查抽样单",
        "福州钢铁有限公司",
        "抽样基数120t",
        "封条编号F-2026-0456",
        "备样存放地点本所留样室",
        "抽样人员陈抽样、林抽样",
        "受检单位确认人王经理",
        "热轧带肋钢筋监督抽查",
        "承检机构测试检验所",
        // No labelled producer was named.
        "生产者名称/",
    ] {
        assert!(t.contains(want), "the form lacks {want}: {t}");
    }
    assert!(signature_valid(d, &form));

    // A commissioned test has no sampling form: refused, naming the order, nothing written.
    let none = d.join("none.pdf");
    let err = refused(unilab(
        d,
        "clerk",
        &[
            "sampling",
            "form",
            &commissioned,
            "--out",
            none.to_str().unwrap(),
        ],
    ));
    assert!(
        err.contains(&commissioned) && err.contains("没有抽样记录"),
        "{err}"
    );
    assert!(!none.exists());

    // The summary's figures are the JSON report's.
    let json: serde_json::Value = serde_json::from_str(&ok(unilab(
        d,
        "clerk",
        &["task", "report", &task, "--json"],
    )))
    .unwrap();
    let summary = d.join("汇总.pdf");
    let said = ok(unilab(
        d,
        "clerk",
        &["task", "report", &task, "--pdf", summary.to_str().unwrap()],
    ));
    assert!(said.contains("汇总.pdf"), "{said}");
    let t = pdf_text(&summary);
    let figures: String = ["planned", "sampled", "tested", "passed", "failed"]
        .iter()
        .map(|k| json[k].as_u64().unwrap().to_string())
        .collect();
    assert_eq!(figures, "21000");
    assert!(json["pass_rate"].is_null());
    assert!(
        t.contains(&format!("{figures}/")),
        "figures {figures}/ missing: {t}"
    );
    assert!(t.contains(&format!("任务编号：{task}")), "{t}");
    assert!(signature_valid(d, &summary));

    // A flipped byte is refused by the signature check.
    let mut bytes = std::fs::read(&form).unwrap();
    let mid = bytes.len() / 3;
    bytes[mid] ^= 0x01;
    let bad = d.join("bad.pdf");
    std::fs::write(&bad, &bytes).unwrap();
    assert!(!signature_valid(d, &bad));
    refused(unilab(d, "clerk", &["verify", bad.to_str().unwrap()]));

    assert_eq!(audit_len(d), before, "printing records nothing");
}
