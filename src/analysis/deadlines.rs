//! STUB until the deadline finder lands (helper branch wip-cal).
use jiff::civil::Date;
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Span {
    Day(Date),
    Month { year: i16, month: i8 },
    Quarter { year: i16, quarter: i8 },
}
impl Span {
    pub fn first_day(&self) -> Date {
        match *self {
            Span::Day(d) => d,
            Span::Month { year, month } => Date::new(year, month, 1).unwrap(),
            Span::Quarter { year, quarter } => Date::new(year, (quarter - 1) * 3 + 1, 1).unwrap(),
        }
    }
    pub fn last_day(&self) -> Date {
        match *self {
            Span::Day(d) => d,
            Span::Month { .. } => self.first_day().last_of_month(),
            Span::Quarter { .. } => self
                .first_day()
                .saturating_add(jiff::Span::new().months(2))
                .last_of_month(),
        }
    }
    pub fn label_vi(&self) -> String {
        format!("{}", self.first_day())
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDeadline {
    pub range: std::ops::Range<usize>,
    pub sentence: std::ops::Range<usize>,
    pub span: Span,
    pub yearly: bool,
    pub title: String,
}
pub fn find_deadlines(_text: &str, _default_year: Option<i16>) -> Vec<FoundDeadline> {
    vec![]
}
