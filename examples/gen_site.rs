//! Writes a synthetic site of N plans (default 10,000) into a folder, for benchmarks and for
//! trying bangtin on a large site: `cargo run --release --example gen_site -- DIR [N]`.
#[path = "../benches/synth.rs"]
mod synth;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "synth-site".into()));
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    std::fs::create_dir_all(&dir)?;
    synth::write_site(&dir, n)?;
    println!("{n} plans written to {}", dir.display());
    Ok(())
}
