//! What the preview server (crates/preview) answers: the files of the last good build, from
//! memory, never from disk, with the error overlay of the last rebuild when it failed.

use super::incremental::{Incremental, Outcome};
use crate::text::escape_html;
use bangtin_preview::{resolve, Lookup, Reply};
pub use bangtin_preview::{Limits, LiveEvent};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The site being served and edited: the preview server reads it, the watcher's rebuilds and
/// the feeds' thread write it.
pub struct Shared {
    state: RwLock<Incremental>,
    /// How many times stale feeds have been made again (see `Incremental::feeds_stale`);
    /// `feeds_ready` is notified at each.
    feeds_made: Mutex<u64>,
    feeds_ready: Condvar,
    /// Serving is stopping: nobody waits for feeds any more.
    stopping: AtomicBool,
}

impl Shared {
    pub fn new(state: Incremental) -> Shared {
        Shared {
            state: RwLock::new(state),
            feeds_made: Mutex::new(0),
            feeds_ready: Condvar::new(),
            stopping: AtomicBool::new(false),
        }
    }

    /// The site, for reading. After a rebuild panicked (a bug), the preview goes on answering
    /// with what the site holds rather than failing every request.
    pub fn read(&self) -> RwLockReadGuard<'_, Incremental> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The site, for a rebuild or new feeds.
    pub fn write(&self) -> RwLockWriteGuard<'_, Incremental> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wakes the requests waiting for feeds: they were made again.
    pub fn feeds_made(&self) {
        *self
            .feeds_made
            .lock()
            .unwrap_or_else(PoisonError::into_inner) += 1;
        self.feeds_ready.notify_all();
    }

    /// Serving stops: requests waiting for feeds are answered with what there is.
    pub fn stop_waiting(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.feeds_made();
    }
}

impl bangtin_preview::Site for Shared {
    fn get(&self, path: &str) -> Reply {
        let mut state = self.read();
        let base_of = |s: &Incremental| s.site().map_or("/", |s| s.config.base_path()).to_string();
        // A feed still being made after an edit: wait for it rather than serve the old one.
        while state.feeds_stale()
            && !self.stopping.load(Ordering::SeqCst)
            && matches!(resolve(state.files(), &base_of(&state), path),
                Lookup::File(key) if state.is_feed(&key))
        {
            // Counted while the site is locked: feeds made after this are counted after it.
            let made = self
                .feeds_made
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let seen = *made;
            drop(state);
            drop(
                self.feeds_ready
                    .wait_while(made, |n| *n == seen)
                    .unwrap_or_else(PoisonError::into_inner),
            );
            state = self.read();
        }
        let overlay = overlay_html(state.last());
        let base = base_of(&state);
        if state.files().is_empty() {
            let html = format!("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>bangtin: lỗi</title><body>{}</body></html>", overlay.unwrap_or_default());
            return Reply::File {
                status: 500,
                name: "index.html".into(),
                bytes: html.into_bytes(),
                overlay: None,
            };
        }
        match resolve(state.files(), &base, path) {
            Lookup::File(key) => {
                let bytes = state.files()[&key].clone();
                Reply::File {
                    status: 200,
                    name: key,
                    bytes,
                    overlay,
                }
            }
            Lookup::Redirect(to) => Reply::Redirect(to),
            Lookup::NotFound => match state.files().get("404.html") {
                Some(bytes) => Reply::File {
                    status: 404,
                    name: "404.html".into(),
                    bytes: bytes.clone(),
                    overlay,
                },
                None => Reply::Text {
                    status: 404,
                    text: "404: không có trang này\n".into(),
                },
            },
        }
    }
}

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
