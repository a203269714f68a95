//! Analysis of page text: directive references, deadlines, lunar dates.

pub mod deadlines;
pub mod lunar;
pub mod names;
pub mod page;
pub mod references;
