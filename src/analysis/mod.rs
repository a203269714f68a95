//! Analysis of page text: directive references, deadlines, names, lunar dates. Every analyser
//! reads text through `scan` (one folding, one word rule) and quotes it through `sentence`
//! (one sentence splitter).

pub mod deadlines;
pub mod lunar;
pub mod names;
pub mod page;
pub mod quote;
pub mod references;
pub mod scan;
pub mod sentence;
