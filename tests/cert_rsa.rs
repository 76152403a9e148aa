//! RSA lab keys (2048–4096 bits, as CAs issue them) imported from PKCS#12 sign certificates as
//! P-256 keys do: sha256WithRSAEncryption in the CMS, the QR payload and verification accept
//! them, and the key survives save/load. The .p12 files are made here with `openssl`; without
//! it the test says it skipped, except in CI (UNILAB_CI=1), where it fails.

#[path = "cert_common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use common::*;
use unilab::certificate::{issue, verify_pdf, LabKey};

fn openssl_or_skip() -> bool {
    if have("openssl") {
        return true;
    }
    if std::env::var("UNILAB_CI").as_deref() == Ok("1") {
        panic!("cert_rsa: openssl missing (UNILAB_CI=1: the RSA tests may not be skipped)");
    }
    eprintln!("cert_rsa: SKIPPED (openssl not installed)");
    false
}

fn openssl(args: &[&str]) {
    let (ok, text) = run("openssl", args);
    assert!(ok, "openssl {args:?}: {text}");
}

/// A self-signed RSA certificate and key of `bits`, packed into a PKCS#12 with password "abc".
fn rsa_p12(dir: &Path, bits: u32) -> PathBuf {
    let key = dir.join(format!("rsa{bits}.key"));
    let crt = dir.join(format!("rsa{bits}.crt"));
    let p12 = dir.join(format!("rsa{bits}.p12"));
    let s = |p: &Path| p.to_str().expect("utf8").to_string();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        &format!("rsa:{bits}"),
        "-nodes",
        "-keyout",
        &s(&key),
        "-out",
        &s(&crt),
        "-subj",
        "/O=RSA Lab/CN=RSA Lab",
        "-days",
        "3650",
        "-addext",
        "keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign",
    ]);
    openssl(&[
        "pkcs12",
        "-export",
        "-inkey",
        &s(&key),
        "-in",
        &s(&crt),
        "-passout",
        "pass:abc",
        "-out",
        &s(&p12),
    ]);
    p12
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = scratch("x", b"").with_file_name(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// sha256WithRSAEncryption, 1.2.840.113549.1.1.11, as DER.
const SHA256_WITH_RSA: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
];

#[test]
fn rsa_2048_and_4096_keys_from_pkcs12_sign_verifiable_certificates() {
    if !openssl_or_skip() {
        return;
    }
    let dir = scratch_dir("rsa-keys");
    for bits in [2048u32, 4096] {
        let p12 = std::fs::read(rsa_p12(&dir, bits)).expect("read p12");
        let key = LabKey::import_pkcs12(&p12, "abc").expect("RSA key imports");
        assert_eq!(key.algorithm(), format!("RSA {bits}"));

        // Saved and loaded again, it is the same key.
        let keys = dir.join(format!("keys{bits}"));
        key.save(&keys).expect("save");
        let key = LabKey::load(&keys).expect("load");
        assert_eq!(key.algorithm(), format!("RSA {bits}"));

        let out = issue(&renderer(), &content(3), &key, signing_time()).expect("issue");
        let report = verify_pdf(&out.bytes);
        assert!(report.ok(), "RSA {bits}: {:?}", report.failures);
        assert!(report.qr_signature_valid);
        assert_eq!(report.signing_time, Some(signing_time()));
        assert!(
            hex_contents(&out.bytes)
                .windows(SHA256_WITH_RSA.len())
                .any(|w| w == SHA256_WITH_RSA),
            "the SignerInfo names sha256WithRSAEncryption"
        );
        let path = scratch(&format!("rsa{bits}-certificate.pdf"), &out.bytes);

        // One flipped byte still breaks it.
        let mut bad = out.bytes.clone();
        let mid = bad.len() / 3;
        bad[mid] ^= 1;
        assert!(
            !verify_pdf(&bad).ok(),
            "RSA {bits}: a flipped byte verifies"
        );

        if have("pdfsig") {
            let (_, text) = run("pdfsig", &[path.to_str().expect("utf8")]);
            assert!(
                text.contains("Signature is Valid"),
                "pdfsig on RSA {bits}: {text}"
            );
        }
    }
}

#[test]
fn rsa_keys_below_2048_bits_are_refused_with_the_reason() {
    if !openssl_or_skip() {
        return;
    }
    let dir = scratch_dir("rsa-small");
    let p12 = std::fs::read(rsa_p12(&dir, 1024)).expect("read p12");
    let err = LabKey::import_pkcs12(&p12, "abc")
        .expect_err("1024-bit RSA")
        .to_string();
    assert!(err.contains("1024") && err.contains("2048"), "{err}");
}

/// The decoded /Contents (CMS) of the signature.
fn hex_contents(bytes: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(bytes).expect("parse");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find_map(|d| match d.get(b"Contents") {
            Ok(lopdf::Object::String(s, _)) if d.get(b"ByteRange").is_ok() => Some(s.clone()),
            _ => None,
        })
        .expect("signature /Contents")
}

/// A CA-issued lab certificate comes with its issuing CAs: a PKCS#12 holding leaf, intermediate
/// and root (made with openssl) imports with the chain, and the intermediate certificate is
/// carried in the CMS of an issued certificate, so a validator that trusts only the root can
/// build the path.
#[test]
fn pkcs12_intermediates_are_embedded_in_the_signature() {
    if !openssl_or_skip() {
        return;
    }
    let dir = scratch_dir("p12-chain");
    let s = |name: &str| dir.join(name).to_str().expect("utf8").to_string();
    let ext = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).expect("write ext");
        s(name)
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &s("root.key"),
        "-out",
        &s("root.crt"),
        "-subj",
        "/O=Test CA/CN=Test Root CA",
        "-days",
        "3650",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &s("inter.key"),
        "-out",
        &s("inter.csr"),
        "-subj",
        "/O=Test CA/CN=Test Issuing CA",
    ]);
    let ca_ext = ext(
        "ca.ext",
        "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n",
    );
    openssl(&[
        "x509",
        "-req",
        "-in",
        &s("inter.csr"),
        "-CA",
        &s("root.crt"),
        "-CAkey",
        &s("root.key"),
        "-CAcreateserial",
        "-out",
        &s("inter.crt"),
        "-days",
        "3650",
        "-extfile",
        &ca_ext,
    ]);
    openssl(&[
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &s("leaf.key"),
        "-out",
        &s("leaf.csr"),
        "-subj",
        "/O=Chain Lab/CN=Chain Lab",
    ]);
    let leaf_ext = ext(
        "leaf.ext",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
    );
    openssl(&[
        "x509",
        "-req",
        "-in",
        &s("leaf.csr"),
        "-CA",
        &s("inter.crt"),
        "-CAkey",
        &s("inter.key"),
        "-CAcreateserial",
        "-out",
        &s("leaf.crt"),
        "-days",
        "365",
        "-extfile",
        &leaf_ext,
    ]);
    let chain = [
        std::fs::read_to_string(dir.join("inter.crt")).expect("inter"),
        std::fs::read_to_string(dir.join("root.crt")).expect("root"),
    ]
    .concat();
    std::fs::write(dir.join("chain.pem"), chain).expect("chain");
    openssl(&[
        "pkcs12",
        "-export",
        "-inkey",
        &s("leaf.key"),
        "-in",
        &s("leaf.crt"),
        "-certfile",
        &s("chain.pem"),
        "-passout",
        "pass:abc",
        "-out",
        &s("lab.p12"),
    ]);
    openssl(&[
        "x509",
        "-in",
        &s("inter.crt"),
        "-outform",
        "DER",
        "-out",
        &s("inter.der"),
    ]);
    let intermediate = std::fs::read(dir.join("inter.der")).expect("inter.der");

    let p12 = std::fs::read(dir.join("lab.p12")).expect("p12");
    let key = LabKey::import_pkcs12(&p12, "abc").expect("chain p12 imports");
    assert!(
        key.chain_der().contains(&intermediate),
        "the intermediate is kept with the key"
    );
    let out = issue(&renderer(), &content(2), &key, signing_time()).expect("issue");
    let report = verify_pdf(&out.bytes);
    assert!(report.ok(), "{:?}", report.failures);
    assert!(
        report
            .certificate_subject
            .as_deref()
            .is_some_and(|s| s.contains("Chain Lab")),
        "{:?}",
        report.certificate_subject
    );

    // The intermediate is one of the CMS's certificates, byte for byte.
    use der::{Decode as _, Encode as _};
    let contents = hex_contents(&out.bytes);
    let any = der::Any::from_der(&contents[..der_len(&contents)]).expect("CMS DER");
    let ci = cms::content_info::ContentInfo::from_der(&any.to_der().expect("der")).expect("CMS");
    let sd: cms::signed_data::SignedData = ci.content.decode_as().expect("SignedData");
    let carried: Vec<Vec<u8>> = sd
        .certificates
        .expect("certificates")
        .0
        .iter()
        .map(|c| c.to_der().expect("der"))
        .collect();
    assert!(
        carried.contains(&intermediate),
        "the CMS carries the intermediate CA certificate ({} certificates)",
        carried.len()
    );
}

/// Length of the DER element at the start of `raw` (the /Contents is zero-padded after it).
fn der_len(raw: &[u8]) -> usize {
    let first = usize::from(raw[1]);
    if first < 0x80 {
        return 2 + first;
    }
    let n = first & 0x7f;
    2 + n
        + raw[2..2 + n]
            .iter()
            .fold(0usize, |a, b| (a << 8) | usize::from(*b))
}
