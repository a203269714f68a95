//! bangtin: a static site generator for the information pages of Vietnamese agencies.
//!
//! A build is a pipeline of phases (see `build.rs`): config → content → analysis → graph →
//! render → output. `serve` and `cli` sit at the edge and call the pipeline.

pub mod analysis;
pub mod diag;
pub mod text;
