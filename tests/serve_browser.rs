//! End to end in a real browser: `unilab serve` on a free loopback port, headless Chromium
//! (Debian's `chromium`, no JavaScript needed) opening the scan URL of a valid, a replaced and
//! a withdrawn report and a wrong code; the phone-width screenshot is kept in
//! target/serve-artefacts/. Uploads go through the test's HTTP client (a browser without
//! scripts cannot be made to pick a file). Without chromium the test says it skipped, except
//! in CI (`UNILAB_CI=1`), where it fails.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod serve_common;
use serve_common::*;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn artefacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("serve-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The server process, stopped if the test fails half way.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fontconfig file adding the project's bundled CJK font, so the screenshot shows Chinese
/// on a machine without CJK fonts (a phone has them).
fn fonts_conf(dir: &Path) -> PathBuf {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/fonts");
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>\
<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include><dir>{}</dir>\
<cachedir>{}</cachedir></fontconfig>",
            fonts.display(),
            dir.join("fontcache").display()
        ),
    )
    .unwrap();
    conf
}

/// `unilab serve` on a free port; its address from the first line it prints.
fn serve(dir: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unilab"))
        .env("UNILAB_DATA_DIR", dir)
        .env_remove("UNILAB_NOW")
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let at = line.find("http://").unwrap_or_else(|| panic!("{line}")) + 7;
    let addr = line[at..].split('/').next().unwrap().parse().unwrap();
    (child, addr)
}

/// Run the browser with a deadline; its stdout.
fn browse(browser: &str, profile: &Path, args: &[&str]) -> String {
    let mut child = Command::new(browser)
        .env("FONTCONFIG_FILE", fonts_conf(profile))
        .args([
            // A phone in China asks for Chinese.
            "--lang=zh-CN",
            "--accept-lang=zh-CN,zh",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
    out
}

/// A PNG's width and height from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn the_scan_page_in_a_real_browser_at_phone_width() {
    let Some(browser) = chromium() else {
        if std::env::var("UNILAB_CI").as_deref() == Ok("1") {
            panic!("serve_browser: chromium is not installed (UNILAB_CI=1: it may not be skipped)");
        }
        eprintln!("SKIPPED serve_browser: chromium is not installed (apt-get install chromium)");
        return;
    };
    let f = fixture();
    let lab = lab_copy();
    let profile = tempfile::tempdir().unwrap();
    let (server, addr) = serve(lab.path());
    let mut server = Running(server);
    let url = |r: &Issued, code: &str| format!("http://{addr}/v/{}?c={code}", r.number);
    let out = artefacts();

    let dom = browse(
        browser,
        profile.path(),
        &["--dump-dom", &url(&f.valid, &f.valid.code)],
    );
    assert!(dom.contains("报告有效"), "{dom}");
    assert!(dom.contains("福州钢铁有限公司"));
    let shot = out.join("valid-phone.png");
    let _ = std::fs::remove_file(&shot);
    browse(
        browser,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=390,844",
            &url(&f.valid, &f.valid.code),
        ],
    );
    let png = std::fs::read(&shot).expect("the screenshot was written");
    assert_eq!(png_size(&png), (390, 844));
    assert!(png.len() > 10_000, "a blank page? {} bytes", png.len());

    let dom = browse(
        browser,
        profile.path(),
        &["--dump-dom", &url(&f.replaced, &f.replaced.code)],
    );
    assert!(dom.contains("此报告已被更正报告替代"), "{dom}");
    assert!(dom.contains(&f.valid.number));
    let shot = out.join("replaced-phone.png");
    browse(
        browser,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=390,844",
            &format!("{}&lang=en", url(&f.replaced, &f.replaced.code)),
        ],
    );
    assert!(shot.exists());

    let dom = browse(
        browser,
        profile.path(),
        &["--dump-dom", &url(&f.withdrawn, &f.withdrawn.code)],
    );
    assert!(dom.contains("此报告已撤回，不再有效"), "{dom}");
    assert!(dom.contains("样品来源存疑"));

    let dom = browse(
        browser,
        profile.path(),
        &["--dump-dom", &url(&f.valid, "WRONGCODE9")],
    );
    assert!(dom.contains("未找到与此编号和验证码相符的报告"), "{dom}");
    assert!(!dom.contains("福州钢铁有限公司"));

    // The upload form is on the page; the files go through the test's client.
    let issued = std::fs::read(&f.valid.pdf).unwrap();
    let (ct, body) = multipart(&issued);
    let a = request(addr, "POST", "/verify", &[("Content-Type", &ct)], &body);
    assert!(
        a.body.contains("此文件与本实验室签发的文件完全一致"),
        "{}",
        a.body
    );
    std::fs::write(out.join("upload-issued.html"), &a.body).unwrap();
    let mut changed = issued;
    let at = changed.len() / 3;
    changed[at] ^= 0x20;
    let (ct, body) = multipart(&changed);
    let a = request(addr, "POST", "/verify", &[("Content-Type", &ct)], &body);
    assert!(a.body.contains("此文件在签发后被修改过"), "{}", a.body);
    // The answer page itself renders in the browser too (saved, then opened from disk).
    let page = out.join("upload-modified.html");
    std::fs::write(&page, &a.body).unwrap();
    let shot = out.join("upload-modified-phone.png");
    browse(
        browser,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=390,844",
            &format!("file://{}", page.display()),
        ],
    );
    assert!(shot.exists());

    // SIGTERM: a clean stop that writes the access log.
    unsafe {
        libc::kill(server.0.id() as i32, libc::SIGTERM);
    }
    let status = server.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let store = unilab::startup::open_lab_store(lab.path()).unwrap();
    let log = store.access_log().unwrap();
    assert!(
        log.iter()
            .filter(|e| e.request.starts_with("GET /v/"))
            .count()
            >= 6,
        "{log:?}"
    );
    assert!(log.iter().any(|e| e.outcome == "modified"));
}
