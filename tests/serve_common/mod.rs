//! A lab with three issued reports for the verification page's tests — one replaced by a
//! correction, one withdrawn, the correction valid — built once per test binary through the
//! command line, and a plain HTTP/1.1 client over a TCP socket.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "../cli_common/mod.rs"]
mod cli_common;
pub use cli_common::*;

pub const BASE_URL: &str = "http://verify.example.test";

/// A report of the fixture: number, code and the issued PDF.
#[derive(Clone, Debug)]
pub struct Issued {
    pub number: String,
    pub code: String,
    pub pdf: PathBuf,
}

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
    pub replaced: Issued,
    pub withdrawn: Issued,
    pub valid: Issued,
}

fn approved_order(d: &Path, sample: &str) -> String {
    let order = new_rebar_order(d, "91350100M000100Y43", sample, "ReL,Rm,W");
    ok(unilab(d, "clerk", &["order", "receive", &order]));
    set_result(d, &order, "ReL", &["440", "445"]);
    set_result(d, &order, "Rm", &["600", "610"]);
    set_result(d, &order, "W", &["-4.1"]);
    approve(d, &order);
    order
}

fn issue(d: &Path, order: &str, name: &str) -> (String, PathBuf) {
    let pdf = d.join(format!("{name}.pdf"));
    let n = last_line(&ok(unilab(
        d,
        "sig",
        &["cert", "issue", order, "--out", pdf.to_str().unwrap()],
    )));
    (n, pdf)
}

fn build() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    lab(&d, false);
    ok(unilab(
        &d,
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
    ok(unilab(&d, "admin", &["lab", "web", "--base-url", BASE_URL]));
    let a = approved_order(&d, "热轧带肋钢筋 <b>HRB400</b>");
    let b = approved_order(&d, "热轧带肋钢筋");
    let (first, first_pdf) = issue(&d, &a, "first");
    let (second, second_pdf) = issue(&d, &b, "second");
    ok(unilab(
        &d,
        "sig",
        &["cert", "withdraw", &second, "--reason", "样品来源存疑"],
    ));
    ok(unilab(
        &d,
        "sig",
        &["order", "reopen", &a, "--reason", "重量偏差誊写错误"],
    ));
    set_result(&d, &a, "W", &["-4.3", "--reason", "誊写错误"]);
    approve(&d, &a);
    let third_pdf = d.join("third.pdf");
    let third = last_line(&ok(unilab(
        &d,
        "sig",
        &[
            "cert",
            "amend",
            &first,
            "--reason",
            "重量偏差誊写错误",
            "--out",
            third_pdf.to_str().unwrap(),
        ],
    )));
    let list: serde_json::Value =
        serde_json::from_str(&ok(unilab(&d, "sig", &["cert", "list", "--json"]))).unwrap();
    let code = |n: &str| -> String {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["number"] == n)
            .unwrap()["verify_code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    Fixture {
        replaced: Issued {
            code: code(&first),
            number: first,
            pdf: first_pdf,
        },
        withdrawn: Issued {
            code: code(&second),
            number: second,
            pdf: second_pdf,
        },
        valid: Issued {
            code: code(&third),
            number: third,
            pdf: third_pdf,
        },
        dir: d,
        _dir: dir,
    }
}

/// The fixture, built on first use.
pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(build)
}

/// A private copy of the fixture's lab (each test's server opens its own database file).
pub fn lab_copy() -> tempfile::TempDir {
    let to = tempfile::tempdir().unwrap();
    copy_dir(&fixture().dir, to.path());
    to
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Send one request (`Connection: close`) and read the whole answer.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    // A server that answers before reading the whole body (413) may close the socket early.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&raw[split + 4..]).to_string(),
    }
}

pub fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Answer {
    request(addr, "GET", path, headers, b"")
}

/// A multipart/form-data body with the PDF as the field `file`.
pub fn multipart(pdf: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----unilabtest7MA4YWxk";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
