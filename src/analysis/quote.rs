//! Quoted sentences, kept in a file instead of memory.
//!
//! "Cited by" and "mentioned by" lists quote the sentence each citation or name is in, and
//! the calendar's feeds quote each deadline's. They are read only when the pages and feeds
//! quoting them are written, but found when the pages are analysed, at the start of a build:
//! at 100,000 plans they are about 300 MB, which memory held for the whole build (issue 16:
//! at most 1 GB there). A `Sentence` is now a 16-byte handle; the text is appended to one
//! unnamed temporary file per process (`tempfile::tempfile`, in `TMPDIR`, deleted by the
//! system when the process ends) and read back with a positioned read when a page needs it.
//! Where no temporary file can be made or written (a read-only or full disk), the text stays
//! in memory instead, as before: the build loses nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// A sentence quoted from a page, on one line: where its text is in the store.
///
/// Two sentences are equal when their texts are (compared without reading them back when
/// they are one stored copy, or their lengths or hashes differ).
#[derive(Clone, Copy)]
pub struct Sentence {
    pos: u64,
    len: u32,
    hash: u32,
}

impl Sentence {
    /// The empty sentence (a front-matter line with no text; a forgotten quote).
    pub const EMPTY: Sentence = Sentence {
        pos: 0,
        len: 0,
        hash: 0,
    };

    /// Its text, read back from the store.
    pub fn text(&self) -> String {
        if self.len == 0 {
            return String::new();
        }
        store().read(self.pos, self.len as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The handle of a sentence `Batch::add` gave, once its batch is stored at `base`.
    pub fn shifted(self, base: u64) -> Sentence {
        Sentence {
            pos: self.pos + base,
            ..self
        }
    }
}

impl PartialEq for Sentence {
    fn eq(&self, other: &Sentence) -> bool {
        self.len == other.len
            && self.hash == other.hash
            && (self.pos == other.pos || self.len == 0 || self.text() == other.text())
    }
}

impl Eq for Sentence {}

impl fmt::Display for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl fmt::Debug for Sentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text(), f)
    }
}

fn hash(text: &str) -> u32 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish() as u32
}

/// The sentences of one page, stored with one write: `add` each, then `store`, then shift
/// each handle by what `store` returned.
#[derive(Default)]
pub struct Batch {
    text: String,
}

impl Batch {
    /// A handle to `text` relative to the batch (see `Sentence::shifted`).
    pub fn add(&mut self, text: &str) -> Sentence {
        if text.is_empty() {
            return Sentence::EMPTY;
        }
        // A quote longer than 4 GB cannot come from a page bangtin reads (pages are far
        // smaller), but its length must still fit: it is cut at a character boundary.
        let mut end = text.len().min(u32::MAX as usize);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let pos = self.text.len() as u64;
        self.text.push_str(text);
        Sentence {
            pos,
            len: text.len() as u32,
            hash: hash(text),
        }
    }

    /// Stores the batch's text; returns where it starts.
    pub fn store(self) -> u64 {
        store().append(self.text.into_bytes())
    }
}

struct Store {
    /// The temporary file, when one could be made.
    file: Option<File>,
    /// Where the next batch goes: the file's length, and past it what memory holds.
    end: AtomicU64,
    /// Batches kept in memory, by where they start: when the file could not be made or a
    /// write to it failed.
    memory: Mutex<BTreeMap<u64, Box<[u8]>>>,
    in_memory: AtomicBool,
    /// Quotes that could not be read back since `take_lost` last asked.
    lost: AtomicUsize,
}

/// How many quotes could not be read back from the store (an I/O error on the temporary
/// file) since the last call: each was left out of the page quoting it, so a build must
/// not publish what it made (`build::render_weighed` makes it an error).
pub fn take_lost() -> usize {
    store().lost.swap(0, Ordering::AcqRel)
}

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| Store {
        file: tempfile::tempfile().ok(),
        // Position 0 is never a batch's: an empty sentence says (0, 0).
        end: AtomicU64::new(1),
        memory: Mutex::default(),
        in_memory: AtomicBool::new(false),
        lost: AtomicUsize::new(0),
    })
}

impl Store {
    fn append(&self, bytes: Vec<u8>) -> u64 {
        let pos = self.end.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if bytes.is_empty() {
            return pos;
        }
        let written = match &self.file {
            Some(file) => write_at(file, &bytes, pos).is_ok(),
            None => false,
        };
        if !written {
            let mut memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
            memory.insert(pos, bytes.into_boxed_slice());
            self.in_memory.store(true, Ordering::Release);
        }
        pos
    }

    fn read(&self, pos: u64, len: usize) -> String {
        if self.in_memory.load(Ordering::Acquire) {
            let memory = self.memory.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((&start, bytes)) = memory.range(..=pos).next_back() {
                let at = (pos - start) as usize;
                if let Some(b) = bytes.get(at..at + len) {
                    return String::from_utf8_lossy(b).into_owned();
                }
            }
        }
        let mut buf = vec![0; len];
        match &self.file {
            Some(file) if read_at(file, &mut buf, pos).is_ok() => {
                // Written from a `&str` by this process.
                String::from_utf8(buf)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
            }
            // A file this process wrote and keeps open could not be read back: the quote is
            // left out, and counted so that the build says so (`take_lost`).
            _ => {
                self.lost.fetch_add(1, Ordering::AcqRel);
                String::new()
            }
        }
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], pos: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, pos)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, pos)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut pos: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, pos)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        pos += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut pos: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        let n = file.seek_read(buf, pos)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        pos += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` stored in a batch of its own.
    fn stored(text: &str) -> Sentence {
        let mut batch = Batch::default();
        let s = batch.add(text);
        s.shifted(batch.store())
    }

    #[test]
    fn sentences_read_back_as_written() {
        let mut batch = Batch::default();
        let a = batch.add("Căn cứ Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư.");
        let empty = batch.add("");
        let b = batch.add("Báo cáo kết quả trước ngày 15/12/2025.");
        let base = batch.store();
        let (a, b) = (a.shifted(base), b.shifted(base));
        assert_eq!(
            a.text(),
            "Căn cứ Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư."
        );
        assert_eq!(b.to_string(), "Báo cáo kết quả trước ngày 15/12/2025.");
        assert!(empty.is_empty() && empty.text().is_empty());
        assert_eq!(empty, Sentence::EMPTY);
    }

    #[test]
    fn equal_texts_are_equal_sentences_wherever_stored() {
        let a = stored("Hoàn thành trước tháng 3/2015.");
        let b = stored("Hoàn thành trước tháng 3/2015.");
        let c = stored("Hoàn thành trước tháng 4/2015.");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.text(), "Hoàn thành trước tháng 3/2015.");
        assert_ne!(a, Sentence::EMPTY);
    }

    #[test]
    fn a_quote_that_cannot_be_read_back_is_counted_as_lost() {
        // A store of its own, whose file holds less than asked: the read fails as one on a
        // failing disk would.
        let store = Store {
            file: tempfile::tempfile().ok(),
            end: AtomicU64::new(1),
            memory: Mutex::default(),
            in_memory: AtomicBool::new(false),
            lost: AtomicUsize::new(0),
        };
        let pos = store.append("Báo cáo trước ngày 15/12/2025.".as_bytes().to_vec());
        assert_eq!(store.read(pos, 10), "Báo cáo ");
        assert_eq!(store.lost.load(Ordering::Acquire), 0);
        assert_eq!(store.read(pos + 1000, 10), "");
        assert_eq!(store.lost.load(Ordering::Acquire), 1);
    }

    #[test]
    fn batches_stored_from_many_threads_keep_their_own_text() {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                std::thread::spawn(move || {
                    (0..200)
                        .map(|i| {
                            let text = format!("Luồng {t}, câu {i}: trước ngày {}/6.", i % 28 + 1);
                            (stored(&text), text)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (s, text) in h.join().unwrap() {
                assert_eq!(s.text(), text);
            }
        }
    }
}
