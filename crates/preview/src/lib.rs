//! The HTTP side of `bangtin serve`: a site's files answered from memory, never from disk, with
//! the live-reload script (Server-Sent Events) and an overlay put into HTML pages, on hyper's
//! HTTP/1 server with bounded connections. What to answer for a path is the caller's: the
//! [`Site`] trait. Path handling is pure and tested here.

use bytes::Bytes;
use http_body::Frame;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot};

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

/// The answer to a GET or HEAD of a path.
#[derive(Debug)]
pub enum Reply {
    /// A file, typed by `name`'s extension. HTML gets the live-reload script, then `overlay`,
    /// before its `</body>`.
    File {
        status: u16,
        name: String,
        bytes: Vec<u8>,
        overlay: Option<String>,
    },
    /// A temporary redirect to this path (the request's query string is kept).
    Redirect(String),
    /// Plain text, for errors with no page to show.
    Text { status: u16, text: String },
}

/// What the server shows: called on a thread where blocking is allowed (a lock, a wait for
/// feeds being made), once per GET or HEAD request.
pub trait Site: Send + Sync + 'static {
    /// The answer for `path`, already decoded and checked by [`decode_path`].
    fn get(&self, path: &str) -> Reply;
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

/// Sends live events to every open tab. Cloned freely; usable before the server starts.
#[derive(Clone)]
pub struct Events(broadcast::Sender<LiveEvent>);

impl Default for Events {
    fn default() -> Self {
        Events(broadcast::channel(16).0)
    }
}

impl Events {
    /// Tells every open tab; nothing happens when none is open.
    pub fn send(&self, event: LiveEvent) {
        let _ = self.0.send(event);
    }
}

/// A running server, on threads of its own; stops when dropped.
pub struct Server {
    events: Events,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `site` on `listener` (already bound) within `limits`, telling open tabs what
    /// `events` sends. Fails only when the runtime cannot start or the listener cannot be used.
    pub fn start(
        listener: std::net::TcpListener,
        site: Arc<dyn Site>,
        events: Events,
        limits: Limits,
    ) -> std::io::Result<Server> {
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (shutdown, shutdown_rx) = oneshot::channel::<()>();
        let app = App {
            site,
            events: events.clone(),
        };
        let thread = std::thread::spawn(move || {
            runtime.block_on(run(listener, Arc::new(app), limits, async move {
                // A dropped sender stops the server too.
                let _ = shutdown_rx.await;
            }));
            // Requests still waiting on the site (a feed being made) are not waited for long.
            runtime.shutdown_timeout(Duration::from_secs(2));
        });
        Ok(Server {
            events,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// Stops serving, ending live-reload streams, and waits for the server's thread.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.events.send(LiveEvent::Shutdown);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            if t.join().is_err() {
                eprintln!("bangtin serve: máy chủ dừng bất thường");
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Waits for Ctrl+C.
pub fn wait_for_ctrl_c() -> std::io::Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(tokio::signal::ctrl_c())
}

struct App {
    site: Arc<dyn Site>,
    events: Events,
}

/// A response body: a whole buffer, or the live-reload stream's frames as they come.
enum Body {
    Full(Option<Bytes>),
    Stream(mpsc::Receiver<Bytes>),
}

impl Body {
    fn full(bytes: impl Into<Bytes>) -> Body {
        Body::Full(Some(bytes.into()))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Stream(rx) => rx.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self {
            // An exact size: hyper sends a Content-Length, not chunks.
            Body::Full(b) => {
                http_body::SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64))
            }
            Body::Stream(_) => http_body::SizeHint::default(),
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes, then lets the
/// requests in progress finish (at most 2 s). Connections are driven here, with hyper's
/// header-read timeout on its timer.
async fn run(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
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
        let app = app.clone();
        let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
            served.store(true, Ordering::Relaxed);
            let app = app.clone();
            async move { Ok::<_, Infallible>(answer(&app, req).await) }
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

/// The response to one request: the live-reload stream, or what the site says for the path.
async fn answer(app: &Arc<App>, req: Request<hyper::body::Incoming>) -> Response<Body> {
    let method = req.method();
    if method != Method::GET && method != Method::HEAD {
        // The preview only shows files; nothing is posted, uploaded or deleted.
        let mut r = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "405: bản xem trước chỉ nhận yêu cầu GET và HEAD\n".into(),
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let uri = req.uri();
    if uri.path() == EVENTS_PATH {
        return events(&app.events);
    }
    let Some(path) = decode_path(uri.path()) else {
        return text(
            StatusCode::BAD_REQUEST,
            "400: đường dẫn không hợp lệ\n".into(),
        );
    };
    let query = uri.query().map(str::to_string);
    let site = app.site.clone();
    // The site may block (a lock held by a rebuild, a feed being made): off the async threads.
    let reply = tokio::task::spawn_blocking(move || site.get(&path))
        .await
        .unwrap_or_else(|_| Reply::Text {
            status: 500,
            text: "500: bangtin gặp lỗi khi trả lời yêu cầu này\n".into(),
        });
    match reply {
        Reply::File {
            status,
            name,
            bytes,
            overlay,
        } => file_response(status_of(status), &name, bytes, overlay.as_deref()),
        Reply::Redirect(to) => {
            let to = match query {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = text(StatusCode::TEMPORARY_REDIRECT, String::new());
            match HeaderValue::try_from(to) {
                Ok(location) => {
                    r.headers_mut().insert(header::LOCATION, location);
                    r
                }
                Err(_) => text(
                    StatusCode::BAD_REQUEST,
                    "400: đường dẫn không hợp lệ\n".into(),
                ),
            }
        }
        Reply::Text { status, text: t } => text(status_of(status), t),
    }
}

fn status_of(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The live-reload stream: "hello" at once, then each event, with a comment every 15 s so
/// that nothing between the browser and the server closes it as idle.
fn events(events: &Events) -> Response<Body> {
    let mut rx = events.0.subscribe();
    let (tx, body) = mpsc::channel::<Bytes>(16);
    tokio::spawn(async move {
        if tx.send(sse("hello", "bangtin")).await.is_err() {
            return;
        }
        let every = Duration::from_secs(15);
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            let frame = tokio::select! {
                event = rx.recv() => match event {
                    Ok(LiveEvent::Reload) => sse("reload", "reload"),
                    Ok(LiveEvent::Overlay(html)) => sse("overlay", &html),
                    Ok(LiveEvent::Shutdown) | Err(broadcast::error::RecvError::Closed) => break,
                    // Missed events: whatever they were, the page is out of date.
                    Err(broadcast::error::RecvError::Lagged(_)) => sse("reload", "reload"),
                },
                _ = tick.tick() => Bytes::from_static(b":\n\n"),
            };
            if tx.send(frame).await.is_err() {
                break; // the tab was closed
            }
        }
    });
    let mut r = Response::new(Body::Stream(body));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// One Server-Sent Event; each line of `data` on a `data:` line of its own.
fn sse(event: &str, data: &str) -> Bytes {
    let mut out = format!("event: {event}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        out.push('\n');
    }
    out.push('\n');
    Bytes::from(out)
}

fn text(status: StatusCode, text: String) -> Response<Body> {
    let mut r = Response::new(Body::full(text));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn file_response(
    status: StatusCode,
    name: &str,
    bytes: Vec<u8>,
    overlay: Option<&str>,
) -> Response<Body> {
    let ct = content_type(name);
    let body = if ct.starts_with("text/html") {
        let mut snippet = String::from(LIVE_RELOAD);
        if let Some(o) = overlay {
            snippet.push_str(o);
        }
        inject(&bytes, &snippet)
    } else {
        bytes
    };
    let mut r = Response::new(Body::full(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// Listens for rebuilds: reloads the page, or shows the error overlay without reloading.
pub const LIVE_RELOAD: &str = r#"<script>(function(){var s=new EventSource("/__bangtin/events");s.addEventListener("reload",function(){location.reload()});s.addEventListener("overlay",function(e){var o=document.getElementById("bangtin-overlay");if(o)o.remove();document.body.insertAdjacentHTML("beforeend",e.data)});})();</script>"#;

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
    fn an_event_of_many_lines_keeps_them_all() {
        // The overlay lists errors one per line: the browser joins `data:` lines with "\n".
        assert_eq!(
            sse("overlay", "<pre>a\r\n\nb</pre>"),
            "event: overlay\ndata: <pre>a\ndata: \ndata: b</pre>\n\n"
        );
        assert_eq!(sse("reload", "reload"), "event: reload\ndata: reload\n\n");
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
