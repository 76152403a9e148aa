//! The routes and what every answer shares: the language, HTML or JSON by `Accept`, the
//! security headers, the time-out, and an access log entry.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use serde::Serialize;

use super::html::{content_security_policy, esc, page, status, url_component};
use super::lang::{Lang, T};
use super::ratelimit::client_ip;
use super::{lookup, multipart, upload, AppState};
use crate::store::AccessEntry;

type Shared = Arc<AppState>;
type Params = Query<HashMap<String, String>>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/v", get(lookup_form))
        .route("/v/{number}", get(lookup_path))
        .route("/verify", post(verify_upload).get(home))
        .fallback(not_found_page)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard_request,
        ))
        .with_state(state)
}

/// What every handler needs to know about the request.
struct Asked {
    lang: Lang,
    json: bool,
    client: std::net::IpAddr,
}

fn asked(state: &AppState, peer: SocketAddr, headers: &HeaderMap, q: &Params) -> Asked {
    let h = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let json = h(header::ACCEPT)
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"));
    Asked {
        lang: Lang::pick(
            q.get("lang").map(String::as_str),
            h(header::ACCEPT_LANGUAGE),
        ),
        json,
        client: client_ip(
            peer,
            headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()),
            state.cfg.trusted_proxy,
        ),
    }
}

/// HTML or JSON of the same facts.
fn answer<T: Serialize>(
    state: &AppState,
    a: &Asked,
    code: StatusCode,
    facts: &T,
    body: String,
    lang_link: String,
) -> Response {
    if a.json {
        let text = serde_json::to_string(facts).unwrap_or_else(|_| "{}".into());
        return (code, [(header::CONTENT_TYPE, "application/json")], text).into_response();
    }
    html(code, page(a.lang, &state.lab_name, &body, &lang_link))
}

fn html(code: StatusCode, text: String) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        text,
    )
        .into_response()
}

fn log(state: &AppState, a: &Asked, request: String, outcome: &str, status: StatusCode) {
    state.log.push(AccessEntry {
        at: Utc::now(),
        client: a.client.to_string(),
        request,
        outcome: outcome.to_string(),
        status: status.as_u16(),
    });
}

fn other_lang(lang: Lang) -> &'static str {
    if lang == Lang::En {
        "zh"
    } else {
        "en"
    }
}

async fn home(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    q: Params,
) -> Response {
    let a = asked(&state, peer, &headers, &q);
    let body = format!(
        "<p>{}</p>{}",
        esc(a.lang.t(T::Intro)),
        super::html::forms(a.lang, "", "")
    );
    let link = format!("/?lang={}", other_lang(a.lang));
    html(StatusCode::OK, page(a.lang, &state.lab_name, &body, &link))
}

async fn lookup_form(
    state: State<Shared>,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    q: Params,
) -> Response {
    let number = q.get("n").cloned().unwrap_or_default();
    lookup_path(state, peer, headers, Path(number), q).await
}

async fn lookup_path(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(number): Path<String>,
    q: Params,
) -> Response {
    let a = asked(&state, peer, &headers, &q);
    let code = q.get("c").cloned().unwrap_or_default();
    let wait = state.limiter.delay(a.client, Instant::now());
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    let store = state.store.clone();
    let (n, c) = (number.clone(), code.clone());
    let found = tokio::task::spawn_blocking(move || lookup::find(&store, &n, &c)).await;
    let request = format!("GET /v/{}", number.chars().take(60).collect::<String>());
    let facts = match found {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => return unavailable(&state, &a, request, &e.text(a.lang == Lang::En)),
        Err(e) => return unavailable(&state, &a, request, &e.to_string()),
    };
    let code_status = if facts.found() {
        StatusCode::OK
    } else {
        state.limiter.failed(a.client, Instant::now());
        StatusCode::NOT_FOUND
    };
    log(&state, &a, request, facts.status, code_status);
    let link = format!(
        "/v/{}?c={}&lang={}",
        url_component(&facts.number),
        url_component(&code),
        other_lang(a.lang)
    );
    let body = lookup::body(a.lang, &facts, &code);
    answer(&state, &a, code_status, &facts, body, link)
}

fn unavailable(state: &AppState, a: &Asked, request: String, why: &str) -> Response {
    tracing::warn!("lookup failed: {why}");
    log(state, a, request, "error", StatusCode::SERVICE_UNAVAILABLE);
    let body = status("bad", a.lang.t(T::Unavailable));
    let facts = serde_json::json!({"status": "error", "number": null, "sha256": null});
    answer(
        state,
        a,
        StatusCode::SERVICE_UNAVAILABLE,
        &facts,
        body,
        "/".into(),
    )
}

/// The uploaded PDF: the raw body, or the multipart field `file`.
fn pdf_of(headers: &HeaderMap, body: &[u8]) -> Option<Vec<u8>> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match multipart::boundary(ct) {
        Some(b) => multipart::field(body, &b, "file").map(<[u8]>::to_vec),
        None => Some(body.to_vec()),
    }
}

async fn verify_upload(
    State(state): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    q: Params,
    body: Body,
) -> Response {
    let a = asked(&state, peer, &headers, &q);
    // A few uploads at a time: each may hold the largest file in memory.
    let Ok(_permit) = state.uploads.acquire().await else {
        return unavailable(&state, &a, "POST /verify".into(), "closed");
    };
    let limit = state.cfg.max_upload_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    // Room for the multipart framing around a file of the largest size.
    let framed = limit.saturating_add(64 * 1024);
    if declared.is_some_and(|n| n > framed) {
        return too_large(&state, &a);
    }
    let Ok(bytes) = axum::body::to_bytes(body, framed).await else {
        return too_large(&state, &a);
    };
    let Some(pdf) = pdf_of(&headers, &bytes) else {
        log(
            &state,
            &a,
            "POST /verify".into(),
            "bad_request",
            StatusCode::BAD_REQUEST,
        );
        let body = status("bad", a.lang.t(T::BadRequest));
        let facts = serde_json::json!({"status": "bad_request", "number": null, "sha256": null});
        return answer(
            &state,
            &a,
            StatusCode::BAD_REQUEST,
            &facts,
            body,
            "/".into(),
        );
    };
    if pdf.len() > limit {
        return too_large(&state, &a);
    }
    let wait = state.limiter.delay(a.client, Instant::now());
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    let (store, fp, lang) = (state.store.clone(), state.lab_fingerprint.clone(), a.lang);
    let checked =
        tokio::task::spawn_blocking(move || upload::check(&store, fp.as_deref(), &pdf, lang)).await;
    let Ok(result) = checked else {
        return unavailable(&state, &a, "POST /verify".into(), "check failed");
    };
    if result.failed() {
        state.limiter.failed(a.client, Instant::now());
    }
    log(
        &state,
        &a,
        "POST /verify".into(),
        result.status,
        StatusCode::OK,
    );
    let link = format!("/?lang={}", other_lang(a.lang));
    let body = upload::body(a.lang, &result);
    answer(&state, &a, StatusCode::OK, &result, body, link)
}

fn too_large(state: &AppState, a: &Asked) -> Response {
    log(
        state,
        a,
        "POST /verify".into(),
        "too_large",
        StatusCode::PAYLOAD_TOO_LARGE,
    );
    let mb = state.cfg.max_upload_bytes / (1024 * 1024);
    let text = format!("{} {mb} MB", a.lang.t(T::TooLarge));
    let body = format!(
        "{}{}",
        status("bad", &text),
        super::html::forms(a.lang, "", "")
    );
    let facts = serde_json::json!({"status": "too_large", "number": null, "sha256": null, "max_upload_mb": mb});
    let mut r = answer(
        state,
        a,
        StatusCode::PAYLOAD_TOO_LARGE,
        &facts,
        body,
        "/".into(),
    );
    // The rest of the body is not read: tell the client not to reuse the connection.
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

async fn not_found_page(State(state): State<Shared>, headers: HeaderMap, q: Params) -> Response {
    let lang = Lang::pick(
        q.get("lang").map(String::as_str),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let body = status("bad", lang.t(T::NotFoundPage));
    html(
        StatusCode::NOT_FOUND,
        page(lang, &state.lab_name, &body, "/"),
    )
}

/// Every answer: the security headers, and a time-out on the whole request (its body too).
async fn guard_request(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let method_ok = matches!(*req.method(), Method::GET | Method::HEAD | Method::POST);
    let lang = Lang::pick(
        req.uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang="))),
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let mut resp = if !method_ok {
        StatusCode::METHOD_NOT_ALLOWED.into_response()
    } else {
        match tokio::time::timeout(state.cfg.request_timeout, next.run(req)).await {
            Ok(r) => r,
            Err(_) => {
                let body = status("bad", lang.t(T::TimedOut));
                html(
                    StatusCode::REQUEST_TIMEOUT,
                    page(lang, &state.lab_name, &body, "/"),
                )
            }
        }
    };
    let h = resp.headers_mut();
    let csp = HeaderValue::from_str(&content_security_policy())
        .unwrap_or(HeaderValue::from_static("default-src 'none'"));
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.remove(header::SET_COOKIE);
    resp
}
