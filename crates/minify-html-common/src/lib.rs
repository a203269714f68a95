pub mod gen;
pub mod pattern;
pub mod spec;
pub mod tests;
pub mod whitespace;
