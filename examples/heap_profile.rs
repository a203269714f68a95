//! Builds a site with the system allocator, for heap profilers that watch `malloc`
//! (valgrind's massif, heaptrack): the `bangtin` binary uses mimalloc, which they do not see.
//!
//! ```text
//! cargo build --release --example heap_profile
//! RAYON_NUM_THREADS=1 valgrind --tool=massif target/release/examples/heap_profile /dev/shm/s3k
//! ms_print massif.out.*
//! ```
//!
//! The output goes to a temporary folder, deleted afterwards. `BANGTIN_TIMINGS=1` prints
//! each phase's time and memory, as it does for `bangtin build`.

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: heap_profile <site folder>");
        std::process::exit(2);
    };
    let out = tempfile::tempdir().expect("a temporary folder");
    let mut opts = bangtin::build::BuildOptions::new(&root, jiff::civil::date(2025, 6, 15));
    opts.output = Some(out.path().join("public"));
    let report = bangtin::build::build(&opts);
    eprintln!(
        "{} files, {} errors",
        report.files,
        report.diagnostics.iter().filter(|d| d.is_error()).count()
    );
}
