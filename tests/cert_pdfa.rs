//! PDF/A-2b prerequisites and PAdES B-B time handling of an issued certificate: what an archive
//! validator (veraPDF, pikepdf in .ci) and a signature validator look at.

#[path = "cert_common/mod.rs"]
mod common;

use common::*;
use unilab::certificate::{issue, verify_pdf};

#[test]
fn an_issued_certificate_meets_the_pdfa_prerequisites() {
    let out = issue(&renderer(), &content(20), &key(), signing_time()).expect("issue");
    scratch("pdfa-certificate.pdf", &out.bytes);
    let created = assert_pdfa_prerequisites(&out.bytes);
    // The real signing moment, not midnight of the issue day.
    assert_eq!(created, "D:20260115093000+00'00'");
}

#[test]
fn info_xmp_and_signature_state_one_time_and_the_cms_has_no_signing_time() {
    let out = issue(&renderer(), &content(3), &key(), signing_time()).expect("issue");
    let doc = lopdf::Document::load_mem(&out.bytes).expect("parse");
    let sig = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(&b"Sig"[..]))
        .expect("signature dictionary");
    let m = match sig.get(b"M").expect("/M") {
        lopdf::Object::String(s, _) => String::from_utf8(s.clone()).expect("ASCII"),
        other => panic!("/M: {other:?}"),
    };
    assert_eq!(m, assert_pdfa_prerequisites(&out.bytes));
    let contents = match sig.get(b"Contents").expect("/Contents") {
        lopdf::Object::String(s, _) => s.clone(),
        other => panic!("/Contents: {other:?}"),
    };
    // id-signingTime 1.2.840.113549.1.9.5 in DER; id-aa-signingCertificateV2 1.2.840.113549.1.9.16.2.47.
    let signing_time_oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05,
    ];
    let ess_oid = [
        0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f,
    ];
    let has = |needle: &[u8]| contents.windows(needle.len()).any(|w| w == needle);
    assert!(
        !has(&signing_time_oid),
        "CMS carries no signing-time attribute"
    );
    assert!(
        has(&ess_oid),
        "CMS keeps the ESS signing-certificate-v2 attribute"
    );
    let report = verify_pdf(&out.bytes);
    assert!(report.ok(), "{:?}", report.failures);
    assert_eq!(report.signing_time, Some(signing_time()), "read from /M");
}

#[test]
fn the_signature_update_keeps_the_metadata_and_output_intent() {
    // The catalog is rewritten by the signature's incremental update; the PDF/A parts must
    // survive in the newest catalog, and the unsigned rendering must already carry them.
    let r = renderer();
    let c = content(5);
    let k = key();
    let payload = unilab::certificate::build_qr_payload(&c, &k).expect("payload");
    let unsigned = r.render_at(&c, &payload, signing_time()).expect("render");
    assert_pdfa_prerequisites(&unsigned);
    let signed = unilab::certificate::sign_pdf(&unsigned, &k, signing_time()).expect("sign");
    assert!(signed.starts_with(&unsigned), "an incremental update");
    assert_pdfa_prerequisites(&signed);
}
