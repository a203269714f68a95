//! Analysis of page text: directive references, deadlines, lunar dates.

pub mod deadlines;
pub mod lunar;
pub mod references;
