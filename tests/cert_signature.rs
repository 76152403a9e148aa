//! Signing, verification, tampering, QR payload, external validators, lab keys.

#[path = "cert_common/mod.rs"]
mod common;

use common::*;
use unilab::certificate::{
    build_qr_payload, issue, parse_qr_payload, sign_pdf, verify_pdf, verify_qr_payload, LabKey,
};

fn issued(n: usize) -> (LabKey, unilab::certificate::IssuedPdf) {
    let key = key();
    let r = renderer();
    let out = issue(&r, &content(n), &key, signing_time()).expect("issue");
    (key, out)
}

fn contents_range(bytes: &[u8]) -> (usize, usize) {
    let at = bytes
        .windows(10)
        .rposition(|w| w == b"/ByteRange")
        .expect("ByteRange");
    let text = String::from_utf8_lossy(&bytes[at..at + 60]).to_string();
    let inner = text
        .split('[')
        .nth(1)
        .and_then(|s| s.split(']').next())
        .expect("array");
    let n: Vec<usize> = inner
        .split_whitespace()
        .map(|x| x.parse().expect("num"))
        .collect();
    (n[1], n[2])
}

#[test]
fn untouched_certificate_verifies() {
    let (key, out) = issued(20);
    let report = verify_pdf(&out.bytes);
    assert!(report.ok(), "{:?}", report.failures);
    assert!(
        report.signature_valid && report.byte_range_covers_whole_file && report.qr_signature_valid
    );
    let subject = report.certificate_subject.clone().unwrap_or_default();
    assert!(subject.contains("CN=某某市产品质量检验所"), "{subject}");
    assert_eq!(report.report_number.as_deref(), Some("BH2026-000123"));
    let qr = report.qr_payload.clone().expect("qr");
    assert_eq!(qr.to_text(), out.qr_payload);
    assert_eq!(qr.conclusion, "符合");
    assert_eq!(
        out.qr_payload,
        build_qr_payload(&content(20), &key).expect("payload")
    );
    assert_eq!(report.signing_time, Some(signing_time()));
    assert_eq!(
        report.certificate_fingerprint.as_deref(),
        Some(
            key.describe()
                .lines()
                .last()
                .unwrap_or_default()
                .trim_start_matches("SHA-256 fingerprint: ")
        )
    );
    use sha2::Digest as _;
    assert_eq!(
        out.sha256_hex,
        hex::encode(sha2::Sha256::digest(&out.bytes))
    );
    assert!(out.bytes.len() < 80_000, "{} bytes", out.bytes.len());
}

#[test]
fn signing_appends_and_keeps_the_rendered_bytes() {
    let key = key();
    let r = renderer();
    let c = content(5);
    let payload = build_qr_payload(&c, &key).expect("payload");
    let unsigned = r.render(&c, &payload).expect("render");
    let signed = sign_pdf(&unsigned, &key, signing_time()).expect("sign");
    assert!(
        signed.starts_with(&unsigned),
        "incremental update: original bytes untouched"
    );
    assert!(
        !verify_pdf(&unsigned).ok(),
        "an unsigned PDF does not verify"
    );
    assert!(verify_pdf(&unsigned)
        .failures
        .iter()
        .any(|f| f.contains("no signature")));
}

#[test]
fn any_flipped_byte_fails_verification() {
    let (_, out) = issued(3);
    let bytes = &out.bytes;
    let (gap_start, gap_end) = contents_range(bytes);
    let der_hex_len = {
        let hex = &bytes[gap_start + 1..gap_end - 1];
        hex.iter().rposition(|&b| b != b'0').unwrap_or(0) + 1
    };
    let mut positions: Vec<usize> = Vec::new();
    // First range: spread over the rendered document and the update before /Contents.
    positions.extend((0..gap_start).step_by((gap_start / 150).max(1)));
    positions.push(gap_start - 1);
    // /Contents: delimiters, the DER hex (every 3rd hex digit; both masks below change a
    // digit's value or make it invalid, 0x20 also tests letter case), and the zero padding.
    positions.extend([gap_start, gap_end - 1]);
    positions.extend((gap_start + 1..gap_start + 1 + der_hex_len).step_by(3));
    positions.extend((gap_start + 1 + der_hex_len..gap_end - 1).step_by(97));
    // Second range: everything after /Contents, byte by byte.
    positions.extend(gap_end..bytes.len());
    let mut checked = 0;
    for (i, &pos) in positions.iter().enumerate() {
        // Alternate the bit flipped, and flip both on the /Contents hex digits.
        let in_der = pos > gap_start && pos < gap_end - 1;
        let masks: &[u8] = if in_der {
            &[0x01, 0x20]
        } else if i % 2 == 0 {
            &[0x01]
        } else {
            &[0x20]
        };
        for &mask in masks {
            let mut t = bytes.clone();
            t[pos] ^= mask;
            let report = verify_pdf(&t);
            assert!(
                !report.ok(),
                "flipping byte {pos} (mask {mask:#x}) went unnoticed; context {:?}; gap {gap_start}..{gap_end}",
                String::from_utf8_lossy(&bytes[pos.saturating_sub(40)..(pos + 20).min(bytes.len())])
            );
            assert!(
                !report.failures.is_empty(),
                "a failure is reported for byte {pos}"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn appended_bytes_fail_verification() {
    let (_, out) = issued(3);
    let mut t = out.bytes.clone();
    t.extend_from_slice(b"\n% appended\n");
    let report = verify_pdf(&t);
    assert!(!report.ok());
    assert!(!report.byte_range_covers_whole_file);
    assert!(
        report
            .failures
            .iter()
            .any(|f| f.contains("does not end at the end of the file")),
        "{:?}",
        report.failures
    );
}

#[test]
fn qr_payload_round_trips_and_detects_tampering() {
    let key = key();
    let mut c = content(3);
    c.client.name = "A|B%C 公司".into();
    let text = build_qr_payload(&c, &key).expect("payload");
    assert!(
        text.starts_with("UL1|BH2026-000123|2026-01-15|热轧带肋钢筋|A%7CB%25C 公司|符合|"),
        "{text}"
    );
    let p = parse_qr_payload(&text).expect("parse");
    assert_eq!(p.client_name, "A|B%C 公司");
    verify_qr_payload(&p, key.certificate_der()).expect("valid");
    let mut forged = p.clone();
    forged.conclusion = "不符合".into();
    assert!(verify_qr_payload(&forged, key.certificate_der()).is_err());
    let other = LabKey::generate_self_signed("另一实验室", signing_time()).expect("key");
    assert!(
        verify_qr_payload(&p, other.certificate_der()).is_err(),
        "another lab's key does not verify"
    );
    assert!(parse_qr_payload("UL2|x|2026-01-01|a|b|c|AAAA").is_err());
    assert!(parse_qr_payload(&text.replace("|符合|", "|符合|x|")).is_err());
    c.conclusion = "所检项目未发现不合格。".into();
    assert!(build_qr_payload(&c, &key)
        .expect("payload")
        .contains("|未发现不合格|"));
}

#[test]
fn external_validators_accept_the_pdf() {
    let (_, out) = issued(20);
    let path = scratch("signed.pdf", &out.bytes);
    let p = path.to_str().expect("utf8");
    if have("pdfsig") {
        let (_, text) = run("pdfsig", &[p]);
        println!("{text}");
        assert!(text.contains("Signature is Valid"), "{text}");
        assert!(text.contains("ETSI.CAdES.detached"), "{text}");
        assert!(text.contains("Total document signed"), "{text}");
        let mut t = out.bytes.clone();
        let mid = t.len() / 3;
        t[mid] ^= 0x01;
        let bad = scratch("signed-flipped.pdf", &t);
        let (_, text) = run("pdfsig", &[bad.to_str().expect("utf8")]);
        assert!(!text.contains("Signature is Valid"), "{text}");
    } else {
        println!("NOTE: pdfsig not installed; skipped");
    }
    if have("qpdf") {
        let (ok, text) = run("qpdf", &["--check", p]);
        println!("{text}");
        assert!(
            ok && text.contains("No syntax or stream encoding errors"),
            "{text}"
        );
    } else {
        println!("NOTE: qpdf not installed; skipped");
    }
    if have("pdftoppm") && have("zbarimg") {
        let prefix = path.with_file_name("qr150");
        let (ok, text) = run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                p,
                prefix.to_str().expect("utf8"),
            ],
        );
        assert!(ok, "{text}");
        let png = path.with_file_name("qr150-1.png");
        let o = std::process::Command::new("zbarimg")
            .args(["-q", "--raw"])
            .arg(&png)
            .output()
            .expect("zbarimg");
        let decoded = String::from_utf8_lossy(&o.stdout).trim().to_string();
        println!("zbarimg: {decoded}");
        assert_eq!(decoded, out.qr_payload);
    } else {
        println!("NOTE: pdftoppm/zbarimg not installed; QR decode skipped");
    }
}

#[test]
fn lab_key_saves_and_loads_with_private_modes() {
    use std::os::unix::fs::PermissionsExt as _;
    let key = key();
    let dir = scratch("k", b"").with_file_name("keys-test").join("lab");
    let _ = std::fs::remove_dir_all(&dir);
    key.save(&dir).expect("save");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("lab-key.pem")), 0o600);
    let loaded = LabKey::load(&dir).expect("load");
    assert_eq!(loaded.certificate_der(), key.certificate_der());
    // The loaded key signs certificates that verify.
    let out = issue(&renderer(), &content(2), &loaded, signing_time()).expect("issue");
    assert!(verify_pdf(&out.bytes).ok());
    let d = key.describe();
    assert!(
        d.contains("CN=某某市产品质量检验所")
            && d.contains("2026-01-10")
            && d.contains("2036-01-10")
            && d.contains("SHA-256 fingerprint: "),
        "{d}"
    );
    std::fs::set_permissions(
        dir.join("lab-key.pem"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    let err = LabKey::load(&dir)
        .expect_err("world-readable key refused")
        .to_string();
    assert!(err.contains("644") && err.contains("lab-key.pem"), "{err}");
    std::fs::set_permissions(
        dir.join("lab-key.pem"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    // A certificate that does not belong to the key is refused.
    let other = LabKey::generate_self_signed("另一实验室", signing_time()).expect("key");
    let other_dir = dir.with_file_name("other");
    other.save(&other_dir).expect("save other");
    std::fs::copy(other_dir.join("lab-cert.pem"), dir.join("lab-cert.pem")).expect("swap cert");
    let err = LabKey::load(&dir).expect_err("mismatch").to_string();
    assert!(err.contains("does not belong"), "{err}");
}

#[test]
fn self_signed_certificate_is_a_ca_with_signing_usages() {
    if !have("openssl") {
        println!("NOTE: openssl not installed; skipped");
        return;
    }
    let key = key();
    let path = scratch("lab-cert.der", key.certificate_der());
    let (ok, text) = run(
        "openssl",
        &[
            "x509",
            "-inform",
            "DER",
            "-in",
            path.to_str().expect("utf8"),
            "-noout",
            "-text",
        ],
    );
    assert!(ok, "{text}");
    assert!(text.contains("CA:TRUE"), "{text}");
    assert!(
        text.contains("Digital Signature") && text.contains("Certificate Sign"),
        "{text}"
    );
    assert!(
        text.contains("prime256v1") || text.contains("P-256"),
        "{text}"
    );
}

#[test]
fn pkcs12_import_round_trips() {
    use p12_keystore::{Certificate, KeyStore, KeyStoreEntry, PrivateKeyChain};
    let key = key();
    // Build a .p12 holding the same key and certificate.
    let dir = scratch("p", b"").with_file_name("p12-test");
    let _ = std::fs::remove_dir_all(&dir);
    key.save(&dir).expect("save");
    let pem = std::fs::read_to_string(dir.join("lab-key.pem")).expect("pem");
    let der = {
        use p256::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _};
        let sk = p256::ecdsa::SigningKey::from_pkcs8_pem(&pem).expect("key");
        sk.to_pkcs8_der().expect("der").as_bytes().to_vec()
    };
    let cert = Certificate::from_der(key.certificate_der()).expect("cert");
    let mut ks = KeyStore::new();
    ks.add_entry(
        "lab",
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(der, [1u8; 20], vec![cert])),
    );
    let p12 = ks.writer("s3cret").write().expect("write p12");
    let imported = LabKey::import_pkcs12(&p12, "s3cret").expect("import");
    assert_eq!(imported.certificate_der(), key.certificate_der());
    let err = LabKey::import_pkcs12(&p12, "wrong")
        .expect_err("wrong password")
        .to_string();
    assert!(err.contains("wrong password"), "{err}");

    // An OpenSSL-made .p12 (PBES2/AES, the modern default) imports too.
    if have("openssl") {
        let out = dir.join("openssl.p12");
        let (ok, text) = run(
            "openssl",
            &[
                "pkcs12",
                "-export",
                "-inkey",
                dir.join("lab-key.pem").to_str().expect("utf8"),
                "-in",
                dir.join("lab-cert.pem").to_str().expect("utf8"),
                "-passout",
                "pass:abc",
                "-out",
                out.to_str().expect("utf8"),
            ],
        );
        assert!(ok, "{text}");
        let bytes = std::fs::read(&out).expect("read");
        let imported = LabKey::import_pkcs12(&bytes, "abc").expect("import openssl p12");
        assert_eq!(imported.certificate_der(), key.certificate_der());
    } else {
        println!("NOTE: openssl not installed; OpenSSL .p12 import skipped");
    }
}
