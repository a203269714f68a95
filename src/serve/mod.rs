//! Placeholder while `serve` is written on its own branch.
use crate::build::BuildOptions;
use crate::diag::Diagnostic;
pub fn run(_opts: BuildOptions, _bind: &str, _port: u16, _open: bool) -> Result<(), Diagnostic> {
    Err(Diagnostic::error("bangtin serve", "chưa có"))
}
