//! Integration tests: one crate (one binary linking bangtin), a module per area. Each module
//! builds small sites in temporary folders with the library, or drives the real binary, the
//! real HTTP server and a real headless browser.

mod common;
/// The real-shaped synthetic archive the benchmarks build, for tests at archive scale.
#[path = "../../benches/synth.rs"]
mod synth;

mod agency_site;
mod archive;
mod browser;
mod build;
mod calendar;
mod careless;
mod citator;
mod cli;
mod corpus_deadlines;
mod corpus_references;
mod deep;
mod described;
mod hostile;
mod ics_roundtrip;
mod images;
mod import;
mod import_pdf;
mod news;
mod open_data;
mod published;
mod reference_truth;
mod results;
mod serve;
mod snapshots;
mod wider_references;
