//! STUB until the iCalendar writer lands (helper branch wip-cal).
use jiff::civil::{Date, Time};
pub struct IcsEvent {
    pub uid: String,
    pub summary: String,
    pub description: Option<String>,
    pub url: Option<String>,
    pub location: Option<String>,
    pub start: Date,
    pub end_inclusive: Date,
    pub time: Option<Time>,
    pub yearly: bool,
}
pub fn write_calendar(
    _name: &str,
    _description: &str,
    _events: &[IcsEvent],
    _dtstamp: jiff::Timestamp,
) -> String {
    String::new()
}
pub fn stable_uid(parts: &[&str], domain: &str) -> String {
    format!("{}@{domain}", parts.join("-"))
}
