//! The HTTP side of `serve`: files from memory, never from disk, with the live-reload script
//! and the error overlay injected into HTML responses. Path handling is pure and tested here.

use super::incremental::{Incremental, Outcome};
use crate::text::escape_html;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{broadcast, RwLock};
use tokio_stream::{Stream, StreamExt};

/// Where the browser listens for rebuilds (Server-Sent Events).
pub const EVENTS_PATH: &str = "/__bangtin/events";

/// What open tabs are told.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// The site was rebuilt: reload.
    Reload,
    /// The rebuild failed: show this overlay (HTML) over the page.
    Overlay(String),
    /// The server is stopping: end the stream.
    Shutdown,
}

pub struct Shared {
    pub state: RwLock<Incremental>,
    pub events: broadcast::Sender<LiveEvent>,
    /// Woken when stale feeds have been made again (see `Incremental::feeds_stale`).
    pub feeds_ready: tokio::sync::Notify,
}

/// Limits on the connections of the preview server, so that clients that connect and send
/// nothing (or half a header) cannot keep others out.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection must send a whole request header within this time after connecting, and
    /// after each response (an idle kept-alive connection is closed then). A response being
    /// sent, such as the live-reload stream, is not limited.
    pub header_timeout: Duration,
    /// Connections open at once. When full, a new connection closes the oldest one that has
    /// not sent a whole request yet; if there is none, the new one is refused.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            // Well under the usual limit of 1,024 open files.
            max_connections: 512,
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes, then lets the
/// requests in progress finish (at most 2 s). `axum::serve` is not used: it sets no timer, so
/// hyper's header-read timeout never fires.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper::service::Service as _;
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let open = Arc::new(Mutex::new(Connections::default()));
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors or a connection reset before it was accepted:
                    // wait a little rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(slot) = Connections::admit(&open, limits.max_connections) else {
            continue; // full of requests in progress: the new connection is closed
        };
        let served = slot.served.clone();
        let tower = hyper_util::service::TowerToHyperService::new(app.clone());
        let service = hyper::service::service_fn(move |req| {
            served.store(true, Ordering::Relaxed);
            tower.call(req)
        });
        let conn =
            graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            tokio::select! {
                // Timeouts and clients going away end here; nothing worth saying.
                _ = conn => {}
                _ = slot.closed.notified() => {}
            }
            drop(slot);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(2), graceful.shutdown()).await;
}

/// The open connections, by age (ids grow).
#[derive(Default)]
struct Connections {
    next: u64,
    open: BTreeMap<u64, (Arc<AtomicBool>, Arc<tokio::sync::Notify>)>,
}

/// One open connection's place in `Connections`, given back when dropped.
struct Slot {
    id: u64,
    /// The connection has sent a whole request (it is not merely idle or slow).
    served: Arc<AtomicBool>,
    /// Notified when the connection must close to make room.
    closed: Arc<tokio::sync::Notify>,
    all: Arc<Mutex<Connections>>,
}

impl Connections {
    /// A place for a new connection, made by closing the oldest one that never sent a whole
    /// request when all are taken. `None` when all are taken by clients that did.
    fn admit(all: &Arc<Mutex<Connections>>, max: usize) -> Option<Slot> {
        let mut c = all.lock().unwrap_or_else(PoisonError::into_inner);
        if c.open.len() >= max {
            let idle = c
                .open
                .iter()
                .find(|(_, (served, _))| !served.load(Ordering::Relaxed))
                .map(|(id, _)| *id)?;
            if let Some((_, closed)) = c.open.remove(&idle) {
                closed.notify_one();
            }
        }
        let id = c.next;
        c.next += 1;
        let served = Arc::new(AtomicBool::new(false));
        let closed = Arc::new(tokio::sync::Notify::new());
        c.open.insert(id, (served.clone(), closed.clone()));
        Some(Slot {
            id,
            served,
            closed,
            all: all.clone(),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut c = self.all.lock().unwrap_or_else(PoisonError::into_inner);
        c.open.remove(&self.id);
    }
}

pub fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback(serve_path)
        .with_state(shared)
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let hello = tokio_stream::once(Event::default().event("hello").data("bangtin"));
    let rest = tokio_stream::wrappers::BroadcastStream::new(rx).map_while(|m| match m {
        Ok(LiveEvent::Reload) => Some(Event::default().event("reload").data("reload")),
        Ok(LiveEvent::Overlay(html)) => Some(Event::default().event("overlay").data(html)),
        Ok(LiveEvent::Shutdown) => None,
        // Missed events: whatever they were, the page is out of date.
        Err(_) => Some(Event::default().event("reload").data("reload")),
    });
    Sse::new(hello.chain(rest).map(Ok)).keep_alive(KeepAlive::default())
}

async fn serve_path(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        // The preview only shows files; nothing is posted, uploaded or deleted.
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "405: bản xem trước chỉ nhận yêu cầu GET và HEAD\n",
        )
            .into_response();
    }
    let Some(path) = decode_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "400: đường dẫn không hợp lệ\n").into_response();
    };
    let mut state = shared.state.read().await;
    let base_of = |s: &Incremental| s.site().map_or("/", |s| s.config.base_path()).to_string();
    // A feed still being made after an edit: wait for it rather than serve the old one.
    while state.feeds_stale()
        && matches!(resolve(state.files(), &base_of(&state), &path),
            Lookup::File(key) if state.is_feed(&key))
    {
        let ready = shared.feeds_ready.notified();
        drop(state);
        ready.await;
        state = shared.state.read().await;
    }
    let overlay = overlay_html(state.last());
    let base = base_of(&state);
    if state.files().is_empty() {
        let html = format!("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>bangtin: lỗi</title><body>{}</body></html>", overlay.clone().unwrap_or_default());
        return html_response(StatusCode::INTERNAL_SERVER_ERROR, html.into_bytes(), None);
    }
    match resolve(state.files(), &base, &path) {
        Lookup::File(key) => {
            let bytes = state.files()[&key].clone();
            file_response(StatusCode::OK, &key, bytes, overlay.as_deref())
        }
        Lookup::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, to)], "").into_response()
        }
        Lookup::NotFound => match state.files().get("404.html") {
            Some(bytes) => html_response(StatusCode::NOT_FOUND, bytes.clone(), overlay.as_deref()),
            None => (StatusCode::NOT_FOUND, "404: không có trang này\n").into_response(),
        },
    }
}

fn file_response(status: StatusCode, key: &str, bytes: Vec<u8>, overlay: Option<&str>) -> Response {
    let ct = content_type(key);
    if ct.starts_with("text/html") {
        return html_response(status, bytes, overlay);
    }
    let mut r = (status, bytes).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    no_cache(r)
}

fn html_response(status: StatusCode, bytes: Vec<u8>, overlay: Option<&str>) -> Response {
    let mut snippet = String::from(LIVE_RELOAD);
    if let Some(o) = overlay {
        snippet.push_str(o);
    }
    let body = inject(&bytes, &snippet);
    let mut r = (status, Body::from(body)).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    no_cache(r)
}

fn no_cache(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// Listens for rebuilds: reloads the page, or shows the error overlay without reloading.
const LIVE_RELOAD: &str = r#"<script>(function(){var s=new EventSource("/__bangtin/events");s.addEventListener("reload",function(){location.reload()});s.addEventListener("overlay",function(e){var o=document.getElementById("bangtin-overlay");if(o)o.remove();document.body.insertAdjacentHTML("beforeend",e.data)});})();</script>"#;

/// The error overlay for the last rebuild, when it failed: every error with file and line.
pub fn overlay_html(last: &Outcome) -> Option<String> {
    let errors: Vec<String> = last
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| escape_html(&d.to_string()))
        .collect();
    if errors.is_empty() {
        return gone_banner(last);
    }
    Some(format!(
        concat!(
            r#"<div id="bangtin-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,24,24,.94);color:#fff;padding:2rem;font:16px/1.5 system-ui,sans-serif">"#,
            r#"<h2 style="margin:0 0 .5rem;color:#ff8a80">bangtin: {} lỗi, chưa dựng lại được trang</h2>"#,
            r#"<p style="margin:0 0 1rem">Trang phía sau là bản dựng đúng gần nhất. Sửa tệp theo thông báo dưới đây rồi lưu lại; trang sẽ tự tải lại.</p>"#,
            r#"<pre style="white-space:pre-wrap;margin:0;padding:1rem;background:#000;color:#fff;font:14px/1.5 ui-monospace,monospace">{}</pre></div>"#
        ),
        errors.len(),
        errors.join("\n\n")
    ))
}

/// A banner over the rebuilt page when watched folders vanished before the rebuild (the site
/// was built without them): what vanished and how to bring it back. It can be closed.
fn gone_banner(last: &Outcome) -> Option<String> {
    let said: Vec<String> = last
        .diagnostics
        .iter()
        .filter(|d| last.gone.iter().any(|g| d.path == std::path::Path::new(g)))
        .map(|d| escape_html(&d.to_string()))
        .collect();
    if said.is_empty() {
        return None;
    }
    Some(format!(
        concat!(
            r#"<div id="bangtin-overlay" role="alert" style="position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;overflow:auto;background:#5c3b00;color:#fff;padding:1rem 3rem 1rem 1rem;font:16px/1.5 system-ui,sans-serif">"#,
            r#"<button type="button" onclick="this.parentNode.remove()" aria-label="Đóng" style="position:absolute;top:.5rem;right:.5rem;font:inherit;background:none;color:#fff;border:0;cursor:pointer">✕</button>"#,
            r#"<strong>bangtin: thư mục của trang không còn nữa</strong>"#,
            r#"<pre style="white-space:pre-wrap;margin:.5rem 0 0;font:14px/1.5 ui-monospace,monospace">{}</pre></div>"#
        ),
        said.join("\n\n")
    ))
}

/// Puts `snippet` before the last `</body>`, or at the end.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Decodes a request path. `None` (400) for what could leave the output folder or is not a
/// path: `..` or `.` segments (also percent-encoded), backslashes, NUL, invalid UTF-8.
pub fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    if !path.starts_with('/') || path.contains(['\\', '\0']) {
        return None;
    }
    if path.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    Some(path)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The key of a file in the store.
    File(String),
    /// `/x` → `/x/` when `/x/index.html` exists.
    Redirect(String),
    NotFound,
}

/// Finds a decoded request path among the rendered files. Only keys of `files` are ever
/// served, so nothing outside the output can be.
pub fn resolve(files: &BTreeMap<String, Vec<u8>>, base_path: &str, path: &str) -> Lookup {
    let Some(rest) = path.strip_prefix(base_path).or_else(|| {
        // `/sub` when the site lives at `/sub/`.
        (format!("{path}/") == base_path).then_some("")
    }) else {
        return Lookup::NotFound;
    };
    if path.len() < base_path.len() {
        return Lookup::Redirect(base_path.to_string());
    }
    if rest.starts_with('/') || rest.contains("//") {
        return Lookup::NotFound;
    }
    let rel = rest;
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if files.contains_key(&key) {
        return Lookup::File(key);
    }
    if !rel.is_empty() && !rel.ends_with('/') && files.contains_key(&format!("{rel}/index.html")) {
        return Lookup::Redirect(format!("{path}/"));
    }
    Lookup::NotFound
}

/// The content type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BTreeMap<String, Vec<u8>> {
        [
            "index.html",
            "ke-hoach/index.html",
            "ke-hoach/a/index.html",
            "lich.ics",
            "style.css",
            "404.html",
        ]
        .iter()
        .map(|p| (p.to_string(), Vec::new()))
        .collect()
    }

    #[test]
    fn traversal_is_refused() {
        for p in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2fbangtin.yaml",
            "/%2E%2E/x",
            "/a/./b",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/x%00",
            "/%ff",
            "/%2",
        ] {
            assert_eq!(decode_path(p), None, "{p}");
        }
        assert_eq!(
            decode_path("/t%C3%A0i-li%E1%BB%87u.pdf").as_deref(),
            Some("/tài-liệu.pdf")
        );
    }

    #[test]
    fn paths_map_to_files() {
        let f = site();
        assert_eq!(resolve(&f, "/", "/"), Lookup::File("index.html".into()));
        assert_eq!(
            resolve(&f, "/", "/ke-hoach/a/"),
            Lookup::File("ke-hoach/a/index.html".into())
        );
        assert_eq!(
            resolve(&f, "/", "/ke-hoach/a"),
            Lookup::Redirect("/ke-hoach/a/".into())
        );
        assert_eq!(
            resolve(&f, "/", "/lich.ics"),
            Lookup::File("lich.ics".into())
        );
        assert_eq!(resolve(&f, "/", "/khong-co/"), Lookup::NotFound);
        assert_eq!(resolve(&f, "/", "//etc/passwd"), Lookup::NotFound);
        assert_eq!(resolve(&f, "/", "/ke-hoach//a/"), Lookup::NotFound);
    }

    #[test]
    fn a_base_path_is_honoured() {
        let f = site();
        assert_eq!(
            resolve(&f, "/tt/", "/tt/style.css"),
            Lookup::File("style.css".into())
        );
        assert_eq!(resolve(&f, "/tt/", "/tt"), Lookup::Redirect("/tt/".into()));
        assert_eq!(resolve(&f, "/tt/", "/"), Lookup::NotFound);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("lich.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("api/van-ban.json"), "application/json");
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("x/KH.PDF"), "application/pdf");
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        assert_eq!(
            inject(b"<p>x</p></body></html>", "S"),
            b"<p>x</p>S</body></html>"
        );
        assert_eq!(inject(b"<p>x</p>", "S"), b"<p>x</p>S");
    }
}
