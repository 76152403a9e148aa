//! PAdES B-T: with a time-stamping authority configured (`unilab keys tsa`), an issued
//! certificate's signature carries an RFC 3161 token over its signature value; `openssl ts
//! -verify` and `unilab verify` accept it, a tampered token fails, and a TSA that is down or
//! talks nonsense stops issuing with nothing saved. The TSA is OpenSSL's `ts -reply` behind a
//! small HTTP server on 127.0.0.1 started here, with a throw-away certificate. Without openssl
//! the tests say they skipped, except in CI (UNILAB_CI=1), where they fail.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use der::{Decode as _, Encode as _};

mod cli_common;
use cli_common::*;

fn in_ci(var: Option<&str>) -> bool {
    var == Some("1")
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn openssl_or_skip(test: &str) -> bool {
    if have("openssl") {
        return true;
    }
    if in_ci(std::env::var("UNILAB_CI").ok().as_deref()) {
        panic!("cert_timestamp::{test}: openssl missing (UNILAB_CI=1: it may not be skipped)");
    }
    eprintln!("cert_timestamp::{test}: SKIPPED (openssl not installed)");
    false
}

#[test]
fn only_ci_refuses_to_skip() {
    assert!(in_ci(Some("1")));
    assert!(!in_ci(None));
    assert!(!in_ci(Some("0")));
}

fn openssl(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "openssl {args:?}: {text}");
    text
}

/// A throw-away root CA and a TSA certificate it issued (extendedKeyUsage critical
/// timeStamping), and the `ts` configuration that signs with it.
fn make_tsa(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-subj",
            "/O=Unilab Test/CN=Unilab Test TSA Root",
            "-days",
            "3650",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "tsa.key",
            "-out",
            "tsa.csr",
            "-subj",
            "/O=Unilab Test/CN=Unilab Test TSA",
        ],
    );
    std::fs::write(
        dir.join("tsa-ext.cnf"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "tsa.crt",
            "-days",
            "365",
            "-extfile",
            "tsa-ext.cnf",
        ],
    );
    std::fs::write(dir.join("tsaserial"), "01\n").unwrap();
    let d = dir.to_str().unwrap();
    std::fs::write(
        dir.join("ts.cnf"),
        format!(
            "[ tsa ]\ndefault_tsa = tsa_config1\n[ tsa_config1 ]\ndir = {d}\nserial = $dir/tsaserial\n\
             crypto_device = builtin\nsigner_cert = $dir/tsa.crt\ncerts = $dir/ca.crt\n\
             signer_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n\
             digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\ntsa_name = yes\n\
             ess_cert_id_chain = no\ness_cert_id_alg = sha256\n"
        ),
    )
    .unwrap();
}

/// How the test TSA answers.
#[derive(Clone, Copy)]
enum Answer {
    /// `openssl ts -reply` on the query.
    Tokens,
    /// HTTP 200 with bytes that are not a timestamp reply.
    Garbage,
}

/// Serve RFC 3161 over HTTP/1.1 on 127.0.0.1 in a thread; returns its URL and a count of the
/// queries answered.
fn start_tsa(dir: &Path, answer: Answer) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsr", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let (dir, seen) = (dir.to_path_buf(), count.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let _ = serve_one(stream, &dir, n, answer);
        }
    });
    (url, count)
}

fn serve_one(stream: TcpStream, dir: &Path, n: usize, answer: Answer) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0usize;
    let mut content_type = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if let Some(v) = lower.strip_prefix("content-type:") {
            content_type = v.trim().to_string();
        }
    }
    let mut query = vec![0u8; length];
    reader.read_exact(&mut query)?;
    let body = match answer {
        Answer::Garbage => b"<html>this is not a timestamp</html>".to_vec(),
        Answer::Tokens => {
            assert_eq!(content_type, "application/timestamp-query");
            let (q, r) = (dir.join(format!("q{n}.tsq")), dir.join(format!("r{n}.tsr")));
            std::fs::write(&q, &query)?;
            openssl(
                dir,
                &[
                    "ts",
                    "-reply",
                    "-config",
                    "ts.cnf",
                    "-queryfile",
                    q.to_str().unwrap(),
                    "-out",
                    r.to_str().unwrap(),
                ],
            );
            std::fs::read(&r)?
        }
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// A lab with its key, people, bench and one approved rebar order.
fn approved_order(d: &Path) -> String {
    lab(d, false);
    ok(unilab(
        d,
        "admin",
        &[
            "user",
            "authorise",
            "tech",
            "--method",
            "GB 1499.2-2024（重量偏差测量）",
            "--reason",
            "培训考核合格",
        ],
    ));
    let order = new_rebar_order(d, "91350100M000100Y43", "热轧带肋钢筋", "ReL,Rm,W");
    ok(unilab(d, "clerk", &["order", "receive", &order]));
    set_result(d, &order, "ReL", &["440", "445"]);
    set_result(d, &order, "Rm", &["600", "610"]);
    set_result(d, &order, "W", &["-4.1"]);
    approve(d, &order);
    order
}

/// The signature's CMS from a signed PDF's /Contents (the DER, padding cut off).
fn cms_of(pdf: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let raw = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find_map(|d| match d.get(b"Contents") {
            Ok(lopdf::Object::String(s, _)) if d.get(b"ByteRange").is_ok() => Some(s.clone()),
            _ => None,
        })
        .expect("signature /Contents");
    let any = der::Any::from_der(&raw[..der_len(&raw)]).unwrap();
    any.to_der().unwrap()
}

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

/// (signature value, timestamp token) of the one SignerInfo; the token is `None` for B-B.
fn signature_and_token(cms_der: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    let ci = cms::content_info::ContentInfo::from_der(cms_der).unwrap();
    let sd: cms::signed_data::SignedData = ci.content.decode_as().unwrap();
    let si = &sd.signer_infos.0.as_slice()[0];
    let token = si.unsigned_attrs.as_ref().map(|attrs| {
        let a = attrs.iter().next().unwrap();
        assert_eq!(a.oid.to_string(), "1.2.840.113549.1.9.16.2.14");
        a.values.iter().next().unwrap().to_der().unwrap()
    });
    (si.signature.as_bytes().to_vec(), token)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_lab_with_a_tsa_issues_b_t_certificates_that_openssl_and_verify_accept() {
    if !openssl_or_skip("b_t") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tsa_dir = d.join("tsa");
    make_tsa(&tsa_dir);
    let (url, queries) = start_tsa(&tsa_dir, Answer::Tokens);
    let order = approved_order(d);

    // Without a TSA: B-B, and keys show says what is missing.
    let shown = ok(unilab(d, "admin", &["keys", "show"]));
    assert!(shown.contains("PAdES B-B"), "{shown}");
    assert!(shown.contains("时间戳服务"), "{shown}");

    // Only an administrator sets it; then it is B-T with the URL.
    refused(unilab(d, "sig", &["keys", "tsa", "--url", &url]));
    let set = ok(unilab(d, "admin", &["keys", "tsa", "--url", &url]));
    assert!(set.contains("试用成功"), "{set}");
    let shown = ok(unilab(d, "admin", &["keys", "show"]));
    assert!(
        shown.contains("PAdES B-T") && shown.contains(&url),
        "{shown}"
    );
    let audit = ok(unilab(d, "admin", &["audit", "log"]));
    assert!(audit.contains("lab.tsa"), "the setting is audited: {audit}");

    let before = queries.load(Ordering::SeqCst);
    let pdf = d.join("bt.pdf");
    let report = last_line(&ok(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", s(&pdf)],
    )));
    assert!(
        queries.load(Ordering::SeqCst) > before,
        "issuing asked the TSA"
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let (signature, token) = signature_and_token(&cms_of(&bytes));
    let token = token.expect("the signature carries a timestamp token");

    // OpenSSL checks the token against the test TSA's root, over the signature value.
    std::fs::write(tsa_dir.join("token.der"), &token).unwrap();
    std::fs::write(tsa_dir.join("signature.bin"), &signature).unwrap();
    let checked = openssl(
        &tsa_dir,
        &[
            "ts",
            "-verify",
            "-token_in",
            "-in",
            "token.der",
            "-data",
            "signature.bin",
            "-CAfile",
            "ca.crt",
            "-untrusted",
            "tsa.crt",
        ],
    );
    assert!(checked.contains("Verification: OK"), "{checked}");

    // unilab verify reports it: time and the TSA's name.
    let text = ok(unilab(d, "sig", &["verify", s(&pdf)]));
    assert!(
        text.contains("签名时间戳") && text.contains("Unilab Test TSA"),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&last_line(&ok(unilab(
        d,
        "sig",
        &["verify", s(&pdf), "--json"],
    ))))
    .unwrap();
    assert_eq!(v["ok"], true, "{v}");
    assert!(
        v["timestamp"]["tsa"]
            .as_str()
            .unwrap_or_default()
            .contains("Unilab Test TSA"),
        "{v}"
    );
    let stamped: chrono::DateTime<chrono::Utc> =
        v["timestamp"]["time"].as_str().unwrap().parse().unwrap();
    assert!(
        (chrono::Utc::now() - stamped).num_minutes().abs() < 5,
        "{stamped}"
    );

    // Re-rendering puts the recorded token back: the same file, without asking the TSA.
    let before = queries.load(Ordering::SeqCst);
    let again = d.join("again.pdf");
    ok(unilab(
        d,
        "sig",
        &["cert", "show", &report, "--out", s(&again)],
    ));
    assert_eq!(std::fs::read(&again).unwrap(), bytes, "byte-identical");
    assert_eq!(queries.load(Ordering::SeqCst), before);

    // Every document the lab signs is stamped, not only certificates: the raw record too.
    let raw = d.join("raw.pdf");
    ok(unilab(d, "sig", &["rawrecord", &order, "--out", s(&raw)]));
    let (raw_signature, raw_token) = signature_and_token(&cms_of(&std::fs::read(&raw).unwrap()));
    let raw_token = raw_token.expect("the raw record's signature carries a token");
    let info = unilab::certificate::timestamp::verify_token(&raw_token, &raw_signature)
        .expect("the raw record's token covers its signature");
    assert!(info.tsa_name.contains("Unilab Test TSA"), "{info:?}");

    // A token whose imprint no longer matches the signature fails verification, plainly.
    let imprint = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&signature));
    let at = bytes
        .windows(imprint.len())
        .position(|w| w == imprint.as_bytes())
        .expect("the imprint is in /Contents");
    let mut bad = bytes.clone();
    bad[at + 10] = if bad[at + 10] == b'0' { b'1' } else { b'0' };
    let bad_path = d.join("bad-token.pdf");
    std::fs::write(&bad_path, &bad).unwrap();
    let out = unilab(d, "sig", &["verify", s(&bad_path)]);
    assert!(!out.status.success(), "a wrong token verifies");
    assert!(
        stdout(&out).contains("timestamp token does not cover this signature"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_tsa_that_is_down_or_talks_nonsense_stops_issuing_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let order = approved_order(d);

    // A port nobody listens on.
    let down = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/tsr", l.local_addr().unwrap())
    };
    let set = ok(unilab(d, "admin", &["keys", "tsa", "--url", &down]));
    assert!(set.contains("试用失败"), "{set}");
    let pdf = d.join("x.pdf");
    let err = refused(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", s(&pdf)],
    ));
    assert!(err.contains(&down) && err.contains("未签发"), "{err}");
    assert!(!pdf.exists(), "no file was written");
    let list = ok(unilab(d, "sig", &["cert", "list"]));
    assert!(list.trim().is_empty(), "no report was recorded: {list}");

    // A TSA that answers with something that is not a timestamp reply.
    let (garbage, _) = start_tsa(d, Answer::Garbage);
    ok(unilab(d, "admin", &["keys", "tsa", "--url", &garbage]));
    let err = refused(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", s(&pdf)],
    ));
    assert!(
        err.contains(&garbage) && err.contains("不是 RFC 3161 时间戳回复"),
        "{err}"
    );
    assert!(!pdf.exists());
    assert!(ok(unilab(d, "sig", &["cert", "list"])).trim().is_empty());

    // Turned off: issuing works as before, B-B, and the number is the first.
    ok(unilab(d, "admin", &["keys", "tsa", "--off"]));
    let shown = ok(unilab(d, "admin", &["keys", "show"]));
    assert!(shown.contains("PAdES B-B"), "{shown}");
    let report = last_line(&ok(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", s(&pdf)],
    )));
    assert!(report.ends_with("-000001"), "{report}");
    let (_, token) = signature_and_token(&cms_of(&std::fs::read(&pdf).unwrap()));
    assert!(token.is_none(), "B-B carries no token");
}

/// A TSA that takes the connection and never answers: issuing gives up after its time limit
/// (10 s for the whole exchange) and says so; nothing is recorded.
#[test]
fn a_tsa_that_never_answers_times_out_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let order = approved_order(d);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsr", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    ok(unilab(d, "admin", &["keys", "tsa", "--url", &url]));
    let pdf = d.join("x.pdf");
    let started = std::time::Instant::now();
    let err = refused(unilab(
        d,
        "sig",
        &["cert", "issue", &order, "--out", s(&pdf)],
    ));
    let took = started.elapsed().as_secs();
    assert!(err.contains(&url) && err.contains("秒内没有回复"), "{err}");
    assert!((9..=15).contains(&took), "gave up after {took} s");
    assert!(!pdf.exists());
    assert!(ok(unilab(d, "sig", &["cert", "list"])).trim().is_empty());
}

/// The https refusal and a missing password are caught when the setting is made.
#[test]
fn tsa_settings_are_checked_when_made() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(unilab(
        d,
        "admin",
        &["init", "--lab-name", "测试检验所", "--admin", "admin"],
    ));
    let err = refused(unilab(
        d,
        "admin",
        &["keys", "tsa", "--url", "https://tsa.example.cn"],
    ));
    assert!(err.contains("http"), "{err}");
    let err = refused(unilab(d, "admin", &["keys", "tsa", "--url", "ftp://x"]));
    assert!(err.contains("http://"), "{err}");

    // A user's password goes to the keys directory, owner-only, not into the audit trail.
    let o = run(
        d,
        "admin",
        &[("UNILAB_TSA_PASSWORD", "tsa-s3cret")],
        &[
            "keys",
            "tsa",
            "--url",
            "http://127.0.0.1:9/tsr",
            "--user",
            "lab1",
        ],
    );
    ok(o);
    let file = d.join("keys").join("tsa-password");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "tsa-s3cret");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let audit = ok(unilab(d, "admin", &["audit", "log"]));
    assert!(
        audit.contains("lab1") || audit.contains("lab.tsa"),
        "{audit}"
    );
    assert!(
        !audit.contains("tsa-s3cret"),
        "the password is not in the audit"
    );
    ok(unilab(d, "admin", &["keys", "tsa", "--off"]));
    assert!(!file.exists(), "turning the TSA off removes its password");
}
