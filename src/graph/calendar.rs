//! STUB until the calendar model lands (helper branch wip-cal).
use jiff::civil::Date;
pub enum Recurrence {
    Once,
    Yearly,
    YearlyLunar,
}
pub struct EventSpec {
    pub start: Date,
    pub end: Option<Date>,
    pub recurrence: Recurrence,
    pub since: Option<i16>,
}
pub fn occurrences(spec: &EventSpec, from_year: i16, to_year: i16) -> Vec<(Date, Date)> {
    let end = spec.end.unwrap_or(spec.start);
    match spec.recurrence {
        Recurrence::Once => {
            if spec.start.year() >= from_year && spec.start.year() <= to_year {
                vec![(spec.start, end)]
            } else {
                vec![]
            }
        }
        _ => (from_year..=to_year)
            .filter_map(|y| {
                Date::new(y, spec.start.month(), spec.start.day())
                    .ok()
                    .map(|d| (d, d))
            })
            .collect(),
    }
}
pub fn anniversary(since: i16, year: i16) -> Option<u32> {
    (year > since).then(|| (year - since) as u32)
}
pub fn anniversary_label(title: &str, since_date: Date, year: i16) -> String {
    format!("{} năm {title}", year - since_date.year())
}
pub struct DayCell {
    pub date: Date,
    pub in_month: bool,
    pub is_today: bool,
    pub lunar_label: String,
}
pub fn month_grid(year: i16, month: i8, today: Date) -> Vec<[DayCell; 7]> {
    let first = Date::new(year, month, 1).unwrap();
    let start = first
        .checked_sub(jiff::Span::new().days(first.weekday().to_monday_zero_offset() as i64))
        .unwrap();
    let mut weeks = vec![];
    let mut d = start;
    loop {
        let week: [DayCell; 7] = std::array::from_fn(|k| {
            let x = d.checked_add(jiff::Span::new().days(k as i64)).unwrap();
            DayCell {
                date: x,
                in_month: x.month() == month,
                is_today: x == today,
                lunar_label: String::new(),
            }
        });
        d = d.checked_add(jiff::Span::new().days(7)).unwrap();
        weeks.push(week);
        if d.month() != month || d.year() != year {
            break;
        }
    }
    weeks
}
pub fn vi_weekday_names() -> [&'static str; 7] {
    [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ nhật",
    ]
}
