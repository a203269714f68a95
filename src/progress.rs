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

/// Runs `f`, and prints how long it took to stderr when `BANGTIN_TIMINGS` is set: where a
/// build spends its time, phase by phase (`BANGTIN_TIMINGS=1 bangtin build`).
pub fn timed<T>(phase: &str, f: impl FnOnce() -> T) -> T {
    if !timings() {
        return f();
    }
    let start = std::time::Instant::now();
    let value = f();
    lap(phase, start);
    value
}

/// Prints, as `timed` does, the time since `start` of a phase that ends now.
pub fn lap(phase: &str, start: std::time::Instant) {
    if !timings() {
        return;
    }
    eprintln!(
        "{phase:>24}: {:>8.1} ms, memory {:.0} MB, peak so far {:.0} MB",
        start.elapsed().as_secs_f64() * 1e3,
        memory_mb("VmRSS:").unwrap_or(0.0),
        peak_memory_mb().unwrap_or(0.0)
    );
}

/// Whether `BANGTIN_TIMINGS` asks for the phases' timings (and other figures for developers).
pub fn timings() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("BANGTIN_TIMINGS").is_some())
}

/// The process's peak resident memory so far (Linux), in MB (`VmHWM`); the benchmarks report
/// it too.
pub fn peak_memory_mb() -> Option<f64> {
    memory_mb("VmHWM:")
}

/// One memory figure of this process (Linux), in MB: `VmHWM:` the peak, `VmRSS:` the present.
fn memory_mb(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
