//! A progress bar on a terminal; nothing when output is not a terminal (CI, pipes, tests).

use std::io::IsTerminal;

pub fn bar(len: u64, message: &'static str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || len < 200 {
        return None;
    }
    let pb = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(message);
    Some(pb)
}
