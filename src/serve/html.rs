//! The page's HTML: one inline style sheet (allowed by its hash in the CSP), no scripts, no
//! images, sized for a phone first. Every value from the records or the request is escaped.

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::lang::{Lang, T};

const CSS: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:16px/1.55 system-ui,-apple-system,\"PingFang SC\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;color:#1c2430;background:#f3f5f8}\
header{background:#17406d;color:#fff;padding:14px 16px}\
header h1{margin:0;font-size:1.2em}\
header p{margin:2px 0 0;font-size:.9em;opacity:.85}\
main{max-width:640px;margin:0 auto;padding:12px}\
section{background:#fff;border-radius:8px;padding:14px 16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}\
h2{font-size:1.05em;margin:0 0 8px}\
.status{font-weight:700;font-size:1.1em;padding:12px 14px;border-radius:8px;margin:12px 0}\
.ok{background:#e3f4e8;color:#155d2b;border-left:6px solid #1f8a3d}\
.warn{background:#fff4dc;color:#7a4b00;border-left:6px solid #d48a00}\
.bad{background:#fde6e6;color:#8a1c1c;border-left:6px solid #c62828}\
dl{margin:0}dt{color:#5a6573;font-size:.85em;margin-top:8px}dd{margin:0;word-break:break-all}\
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}\
ul.checks{padding-left:1.2em;margin:6px 0}\
label{display:block;margin:8px 0 2px;font-size:.9em;color:#5a6573}\
input[type=text]{width:100%;padding:10px;font-size:1em;border:1px solid #b8c2cc;border-radius:6px}\
input[type=file]{width:100%;margin:6px 0}\
button{margin-top:12px;width:100%;padding:11px;font-size:1em;border:0;border-radius:6px;background:#17406d;color:#fff}\
p.help{font-size:.85em;color:#5a6573;margin:6px 0}\
footer{text-align:center;font-size:.85em;padding:8px 0 24px}\
footer a{color:#17406d}";

/// The CSP's `style-src` source for the one style sheet.
fn style_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(CSS))))
}

/// Content-Security-Policy: nothing but the page's own style sheet and forms posting to itself.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        style_hash()
    )
}

/// HTML-escape text for an element or a quoted attribute.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escape a query value (the language switch keeps the number and code).
pub fn url_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The whole page around `body`. `lang_link` is the same page in the other language.
pub fn page(lang: Lang, lab_name: &str, body: &str, lang_link: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<title>{title} · {lab}</title><style>{CSS}</style></head><body>\
<header><h1>{title}</h1><p>{lab}</p></header><main>{body}</main>\
<footer><a href=\"/?lang={home_lang}\">{home}</a> · <a href=\"{lang_link}\">{other}</a></footer>\
</body></html>\n",
        code = lang.code(),
        title = lang.t(T::Title),
        lab = esc(lab_name),
        home_lang = if lang == Lang::En { "en" } else { "zh" },
        home = lang.t(T::Home),
        lang_link = esc(lang_link),
        other = lang.t(T::OtherLanguage),
    )
}

/// The two forms: by number and code, and by file.
pub fn forms(lang: Lang, number: &str, code: &str) -> String {
    let l = if lang == Lang::En { "en" } else { "zh" };
    format!(
        "<section><h2>{lh}</h2><form method=\"get\" action=\"/v\">\
<input type=\"hidden\" name=\"lang\" value=\"{l}\">\
<label for=\"n\">{ln}</label><input type=\"text\" id=\"n\" name=\"n\" value=\"{number}\" autocomplete=\"off\" required>\
<label for=\"c\">{lc}</label><input type=\"text\" id=\"c\" name=\"c\" value=\"{code}\" autocomplete=\"off\" autocapitalize=\"characters\" required>\
<button type=\"submit\">{check}</button></form></section>\
<section><h2>{uh}</h2><p class=\"help\">{help}</p>\
<form method=\"post\" action=\"/verify?lang={l}\" enctype=\"multipart/form-data\">\
<input type=\"file\" name=\"file\" accept=\"application/pdf,.pdf\" required>\
<button type=\"submit\">{ub}</button></form></section>",
        lh = lang.t(T::LookupHeading),
        ln = lang.t(T::Number),
        lc = lang.t(T::Code),
        number = esc(number),
        code = esc(code),
        check = lang.t(T::Check),
        uh = lang.t(T::UploadHeading),
        help = lang.t(T::UploadHelp),
        ub = lang.t(T::UploadButton),
    )
}

/// A coloured status line.
pub fn status(class: &str, text: &str) -> String {
    format!("<div class=\"status {class}\">{}</div>", esc(text))
}

/// A list of facts: (label, value, monospace).
pub fn facts(rows: &[(&str, String, bool)]) -> String {
    let mut out = String::from("<section><dl>");
    for (label, value, mono) in rows {
        let class = if *mono { " class=\"hash\"" } else { "" };
        out.push_str(&format!(
            "<dt>{}</dt><dd{class}>{}</dd>",
            esc(label),
            esc(value)
        ));
    }
    out.push_str("</dl></section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_records_is_shown_as_text() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
        assert_eq!(url_component("BH 1&c"), "BH%201%26c");
    }

    #[test]
    fn the_policy_names_the_style_sheet_by_hash() {
        let csp = content_security_policy();
        assert!(csp.contains("default-src 'none'"));
        assert!(csp.contains("'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
