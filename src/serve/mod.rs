//! `bangtin serve`: builds the site into memory, serves it over HTTP, watches the site's files,
//! rebuilds what a change affects and reloads open browser tabs. Like `cli`, it sits at the
//! edge and talks to the user (in Vietnamese) about what it does.

pub mod incremental;
pub mod server;
pub mod watch;

use crate::build::BuildOptions;
use crate::diag::Diagnostic;
use incremental::{Incremental, Outcome};
use server::{LiveEvent, Shared};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;

/// A running server; stops when dropped.
pub struct ServerHandle {
    addr: SocketAddr,
    initial: Outcome,
    shared: Arc<Shared>,
    server: Option<bangtin_preview::Server>,
    stop_watching: Arc<AtomicBool>,
    edits: Arc<Edits>,
    threads: Vec<JoinHandle<()>>,
}

/// Edits begun and applied. The feeds are made on a thread of their own (at 50,000 plans it
/// takes seconds), reading the site; an edit begun waits for that reading to end, so the
/// feeds stop being made as soon as one is waiting (`Incremental::render_feeds`): they would
/// be stale at once, and the edit shows without waiting for them.
#[derive(Default)]
struct Edits {
    begun: AtomicU64,
    applied: AtomicU64,
}

impl Edits {
    /// Whether an edit waits to be applied (or serving stops).
    fn waiting(&self) -> bool {
        self.begun.load(Ordering::SeqCst) != self.applied.load(Ordering::SeqCst)
    }
}

impl ServerHandle {
    /// The address bound (the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The first build: its diagnostics, and how long it took.
    pub fn initial(&self) -> &Outcome {
        &self.initial
    }

    /// The files being served, by output path (a copy; for tests and tools).
    pub fn files(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.shared.read().files().clone()
    }

    /// Stops serving and watching, ending live-reload streams, and waits for both.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.stop_watching.store(true, Ordering::Relaxed);
        // Feeds being made stop too: the thread making them ends with the watcher.
        self.edits.begun.fetch_add(1, Ordering::SeqCst);
        self.shared.stop_waiting();
        // Live-reload streams end, and the server's thread with them.
        if let Some(server) = self.server.take() {
            server.stop();
        }
        for t in self.threads.drain(..) {
            if t.join().is_err() {
                eprintln!("bangtin serve: một luồng dừng bất thường");
            }
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Builds the site, then serves it on `bind:port` (0 for any free port) and watches it, on
/// background threads. Fails only when the address cannot be bound; a site with errors is
/// served as an error page until fixed.
pub fn start(opts: BuildOptions, bind: &str, port: u16) -> Result<ServerHandle, Diagnostic> {
    start_with(opts, bind, port, server::Limits::default())
}

/// `start` with other connection limits than the defaults.
pub fn start_with(
    opts: BuildOptions,
    bind: &str,
    port: u16,
    limits: server::Limits,
) -> Result<ServerHandle, Diagnostic> {
    let listener = std::net::TcpListener::bind((bind, port)).map_err(|e| {
        Diagnostic::error(
            format!("{bind}:{port}"),
            format!("không mở được cổng {port} trên địa chỉ {bind}: {e}"),
        )
        .help("có thể cổng đang được chương trình khác dùng: thử cổng khác, ví dụ `--port 1112`")
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(bind, format!("không đọc được địa chỉ đã mở: {e}")))?;
    let root = opts.root.clone();
    let state = Incremental::new(opts);
    let initial = state.last().clone();
    let shared = Arc::new(Shared::new(state));
    let events = bangtin_preview::Events::default();
    let stop_watching = Arc::new(AtomicBool::new(false));
    let edits = Arc::new(Edits::default());
    let (feeds_tx, feeds_rx) = mpsc::channel::<()>();
    let feeds = {
        let shared = shared.clone();
        let edits = edits.clone();
        std::thread::spawn(move || make_feeds(&shared, &edits, &feeds_rx))
    };
    let (ready_tx, ready_rx) = mpsc::channel();
    let watcher = {
        let shared = shared.clone();
        let stop = stop_watching.clone();
        let edits = edits.clone();
        let events = events.clone();
        std::thread::spawn(move || {
            let ready = move || {
                let _ = ready_tx.send(());
            };
            let r = watch::watch(&root, &stop, ready, |changes| {
                rebuild(&shared, &events, &edits, &feeds_tx, &changes)
            });
            if let Err(d) = r {
                eprintln!("{d}\nTrang vẫn được phục vụ nhưng sẽ không tự dựng lại khi sửa tệp.");
            }
        })
    };
    // Edits made once `start` returns must be seen. (A failed watcher drops the sender.)
    // The server answers only from then on: a page a browser got is one whose later edits
    // are seen (a request made earlier waits in the listener's queue).
    let _ = ready_rx.recv_timeout(std::time::Duration::from_secs(10));
    let mut handle = ServerHandle {
        addr,
        initial,
        shared: shared.clone(),
        server: None,
        stop_watching,
        edits,
        threads: vec![watcher, feeds],
    };
    // On failure `handle` is dropped, which stops the watcher and the feeds' thread.
    handle.server = Some(
        bangtin_preview::Server::start(listener, shared, events, limits)
            .map_err(|e| Diagnostic::error(bind, format!("không khởi động được máy chủ: {e}")))?,
    );
    Ok(handle)
}

/// Applies a batch of changes, then asks for the feeds (`make_feeds`): even after an error,
/// feeds an earlier edit left stale are made from the last good site.
fn rebuild(
    shared: &Shared,
    events: &bangtin_preview::Events,
    edits: &Edits,
    feeds: &mpsc::Sender<()>,
    changes: &[watch::Change],
) {
    edits.begun.fetch_add(1, Ordering::SeqCst);
    let outcome = {
        let mut state = shared.write();
        let outcome = state.apply(changes).clone();
        edits.applied.fetch_add(1, Ordering::SeqCst);
        outcome
    };
    let _ = feeds.send(());
    for d in &outcome.diagnostics {
        eprintln!("{d}");
    }
    if outcome.has_errors() {
        eprintln!("Chưa dựng lại được: trình duyệt vẫn hiện bản trước, kèm thông báo lỗi. Sửa tệp rồi lưu lại.");
        if let Some(html) = server::overlay_html(&outcome) {
            events.send(LiveEvent::Overlay(html));
        }
        return;
    }
    // The pages first: open tabs reload while the feeds are made. A request for a feed
    // meanwhile waits for it (see `server`), so nothing stale is ever served.
    events.send(LiveEvent::Reload);
    eprintln!(
        "Đã dựng lại{} ({} trang) trong {} ms",
        if outcome.full { " toàn bộ" } else { "" },
        outcome.rendered,
        outcome.elapsed.as_millis()
    );
}

/// The thread making the feeds again after each batch of changes (`rebuild` asks through
/// `wanted`), until the watcher ends. Feeds given up for an edit waiting (`Edits`) are made
/// after it, when it asks.
fn make_feeds(shared: &Shared, edits: &Edits, wanted: &mpsc::Receiver<()>) {
    while wanted.recv().is_ok() {
        let update = {
            let state = shared.read();
            // Asked by edits already applied: one making covers them all.
            while wanted.try_recv().is_ok() {}
            state.render_feeds(&|| edits.waiting())
        };
        let Some(update) = update else {
            continue;
        };
        let problems = shared.write().commit_feeds(update);
        shared.feeds_made();
        for d in &problems {
            eprintln!("{d}");
        }
    }
}

fn is_loopback(bind: &str) -> bool {
    bind == "localhost" || bind.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `bangtin serve`: serves until Ctrl+C.
pub fn run(opts: BuildOptions, bind: &str, port: u16, open: bool) -> Result<(), Diagnostic> {
    if !is_loopback(bind) {
        eprintln!(
            "Cảnh báo: đang mở trang cho cả các máy khác truy cập qua {bind}. Bản xem trước có thể chứa bản nháp; chỉ dùng trong mạng tin cậy."
        );
    }
    eprintln!("Đang dựng trang…");
    let handle = start(opts, bind, port)?;
    let first = handle.initial();
    for d in &first.diagnostics {
        eprintln!("{d}");
    }
    if first.has_errors() {
        eprintln!("Trang có lỗi: trình duyệt sẽ hiện thông báo lỗi cho đến khi sửa xong.");
    } else {
        eprintln!(
            "Đã dựng {} trang trong {} ms",
            first.rendered,
            first.elapsed.as_millis()
        );
    }
    let url = handle.url();
    eprintln!("Đang phục vụ tại {url} — nhấn Ctrl+C để dừng");
    if open {
        if let Err(e) = open::that(&url) {
            eprintln!("không mở được trình duyệt ({e}); hãy mở {url}");
        }
    }
    if let Err(e) = bangtin_preview::wait_for_ctrl_c() {
        eprintln!("không bắt được Ctrl+C ({e}); dừng máy chủ");
    }
    eprintln!("\nĐang dừng…");
    handle.stop();
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_addresses() {
        assert!(super::is_loopback("127.0.0.1"));
        assert!(super::is_loopback("::1"));
        assert!(super::is_loopback("localhost"));
        assert!(!super::is_loopback("0.0.0.0"));
        assert!(!super::is_loopback("192.168.1.5"));
    }
}
