//! bangtin: a static site generator for the information pages of Vietnamese agencies.
//!
//! A build is a pipeline of phases (see `build.rs`): config → content → analysis → graph →
//! render → output. `serve` and `cli` sit at the edge and call the pipeline.

pub mod analysis;
pub mod build;
pub mod cli;
pub mod config;
pub mod content;
pub mod depth;
pub mod diag;
pub mod graph;
pub mod images;
pub mod import;
pub mod links;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod text;
pub mod yaml;
