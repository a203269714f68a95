pub mod script;
pub mod tag;
