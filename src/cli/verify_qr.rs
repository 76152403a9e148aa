//! `unilab verify --qr 'UL1|…'`: the text a phone scanned from a certificate's QR code, checked
//! offline against the lab certificate, and, when the lab's records are at hand, against the
//! issued report.

use std::path::Path;

use anyhow::{anyhow, Context as _};
use serde_json::json;

use super::context::Context;
use super::CliResult;
use crate::certificate::issue::{keys_dir, lab_certificate};
use crate::certificate::keys::{describe_certificate, load_certificate_der};
use crate::certificate::{parse_qr_payload, verify_qr_payload, QrPayload};
use crate::model::ReportStatus;
use crate::store::Store;

/// The lab certificate (DER) to check against: `--cert` (PEM or DER), else the lab's own.
fn certificate(
    cert: Option<&Path>,
    store: Option<&Store>,
    ctx: &Context,
) -> anyhow::Result<Vec<u8>> {
    use der::{Decode as _, DecodePem as _, Encode as _};
    if let Some(path) = cert {
        let bytes = std::fs::read(path).with_context(|| format!("无法读取 {}", path.display()))?;
        let parsed = x509_cert::Certificate::from_pem(&bytes)
            .or_else(|_| x509_cert::Certificate::from_der(&bytes))
            .map_err(|e| anyhow!("{} 不是 PEM 或 DER 格式的证书：{e}", path.display()))?;
        return parsed
            .to_der()
            .map_err(|e| anyhow!("{}：{e}", path.display()));
    }
    let found = match store {
        Some(s) => lab_certificate(s, &ctx.data_dir)?,
        None => load_certificate_der(&keys_dir(&ctx.data_dir))?,
    };
    found.ok_or_else(|| {
        anyhow!("没有实验室证书可供核对：请用 --cert 指定实验室证书文件（PEM 或 DER）")
    })
}

/// What the lab's records say about the report the payload names.
fn check_record(
    store: &Store,
    qr: &QrPayload,
    text: &str,
    failures: &mut Vec<String>,
    notes: &mut Vec<String>,
) {
    let Ok(report) = store.report(&qr.report_number) else {
        failures.push(format!("本实验室记录中没有报告 {}", qr.report_number));
        return;
    };
    if report.qr_payload != text {
        failures.push("二维码内容与报告记录不符".to_string());
    }
    match &report.status {
        ReportStatus::Issued => notes.push(format!("报告 {} 有效", report.number)),
        ReportStatus::Replaced { by } => {
            failures.push(format!("报告 {} 已被 {by} 替代", report.number))
        }
        ReportStatus::Withdrawn { reason, .. } => {
            failures.push(format!("报告 {} 已撤回：{reason}", report.number))
        }
    }
}

pub fn verify_qr(text: &str, cert: Option<&Path>, json_out: bool, ctx: &Context) -> CliResult {
    // A phone scans either the bare payload or the page's address with the payload after '#'.
    let text = crate::certificate::qr::payload_from_qr_text(text.trim());
    let payload = parse_qr_payload(&text)
        .map_err(|e| anyhow!("二维码内容无法识别（不是本系统的报告二维码或扫描不完整）：{e}"))?;
    let store = if ctx.has_store() {
        Some(ctx.open()?)
    } else {
        None
    };
    let cert_der = certificate(cert, store.as_ref(), ctx)?;
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    let signature_valid = match verify_qr_payload(&payload, &cert_der) {
        Ok(()) => true,
        Err(e) => {
            failures.push(format!(
                "二维码签名无效：内容被改动，或不是持有该证书的实验室签发（{e}）"
            ));
            false
        }
    };
    let record_checked = match store.as_ref() {
        Some(s) if cert.is_none() => {
            check_record(s, &payload, &text, &mut failures, &mut notes);
            true
        }
        _ => false,
    };
    let subject = x509_subject(&cert_der);
    let ok = signature_valid && failures.is_empty();
    if json_out {
        say!(
            "{}",
            json!({
                "ok": ok,
                "qr_signature_valid": signature_valid,
                "report_number": payload.report_number,
                "issue_date": payload.issue_date.to_string(),
                "sample_name": payload.sample_name,
                "client_name": payload.client_name,
                "conclusion": payload.conclusion,
                "certificate": subject,
                "record_checked": record_checked,
                "failures": failures,
                "notes": notes,
            })
        );
    } else {
        let mark = if signature_valid { "✓" } else { "✗" };
        say!("{mark} 二维码签名有效");
        say!("  报告编号：{}", payload.report_number);
        say!("  签发日期：{}", payload.issue_date);
        say!("  样品名称：{}", payload.sample_name);
        say!("  委托单位：{}", payload.client_name);
        say!("  检验结论：{}", payload.conclusion);
        say!("  核对证书：{subject}");
        for n in &notes {
            say!("  {n}");
        }
        for f in &failures {
            say!("✗ {f}");
        }
    }
    if ok {
        Ok(())
    } else {
        Err(anyhow!("二维码未通过验证"))
    }
}

fn x509_subject(der: &[u8]) -> String {
    use der::Decode as _;
    match x509_cert::Certificate::from_der(der) {
        Ok(c) => describe_certificate(&c, der)
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("subject: ")
            .to_string(),
        Err(_) => String::new(),
    }
}
