//! The calendar model: occurrences of events in a range of years, anniversary counts and
//! month grids with lunar days. Pure: no I/O and no clock ("today" is an argument).

use jiff::civil::Date;
use jiff::ToSpan;

use crate::analysis::lunar::{lunar_to_solar, solar_to_lunar};

/// How an event repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recurrence {
    Once,
    /// The same solar day every year (29/2 falls on 28/2 in common years).
    Yearly,
    /// The same lunar day every year; `EventSpec::start`'s month and day are read as lunar.
    YearlyLunar,
}

/// When an event happens, as written in front matter or found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventSpec {
    pub start: Date,
    /// The last day, inclusive; `None` for a one-day event.
    pub end: Option<Date>,
    pub recurrence: Recurrence,
    /// The first year, for anniversary counts. For repeating events it is also the first year
    /// with an occurrence; without it, `start`'s year is.
    pub since: Option<i16>,
}

/// The (start, last day) of each occurrence of `spec` that starts in `from_year..=to_year`.
/// A one-off event is returned when any of its days falls in those years.
///
/// Lunar events whose lunar day does not exist in a year (day 30 of a 29-day month) fall on the
/// last day of that lunar month, as Vietnamese calendars do for "ngày 30 Tết". A lunar date
/// cannot name a leap month here: the regular month is used.
pub fn occurrences(spec: &EventSpec, from_year: i16, to_year: i16) -> Vec<(Date, Date)> {
    let end = spec.end.unwrap_or(spec.start).max(spec.start);
    match spec.recurrence {
        Recurrence::Once => {
            if end.year() >= from_year && spec.start.year() <= to_year {
                vec![(spec.start, end)]
            } else {
                Vec::new()
            }
        }
        Recurrence::Yearly => {
            let first = spec.since.unwrap_or(spec.start.year()).max(from_year);
            (first..=to_year)
                .filter_map(|year| {
                    let start = same_day_in_year(spec.start, year)?;
                    let shift = end.year() - spec.start.year();
                    let end = same_day_in_year(end, year.checked_add(shift)?)?.max(start);
                    Some((start, end))
                })
                .collect()
        }
        Recurrence::YearlyLunar => {
            let length = spec.start.until(end).map_or(0, |s| s.get_days());
            let first = spec.since.unwrap_or(spec.start.year());
            // A lunar year starts in January or February, so its late months fall in the next
            // solar year: look one lunar year back.
            let lunar_from = (from_year - 1).max(first);
            (lunar_from..=to_year)
                .filter_map(|lunar_year| {
                    let start = lunar_in_year(lunar_year, spec.start.month(), spec.start.day())?;
                    let end = start.checked_add(length.days()).ok()?;
                    (from_year..=to_year)
                        .contains(&start.year())
                        .then_some((start, end))
                })
                .collect()
        }
    }
}

/// The same month and day in `year`; 29/2 becomes 28/2 in a common year.
fn same_day_in_year(date: Date, year: i16) -> Option<Date> {
    let first = Date::new(year, date.month(), 1).ok()?;
    Date::new(year, date.month(), date.day().min(first.days_in_month())).ok()
}

/// The solar date of a lunar day; day 30 of a 29-day month moves back to day 29.
fn lunar_in_year(lunar_year: i16, month: i8, day: i8) -> Option<Date> {
    lunar_to_solar(lunar_year, month, day, false)
        .or_else(|| (day == 30).then(|| lunar_to_solar(lunar_year, month, 29, false))?)
}

/// How many years `year` is after `since`: 2005, 2025 → 20. `None` when `year <= since`.
pub fn anniversary(since: i16, year: i16) -> Option<u32> {
    (year > since).then(|| u32::from(year.abs_diff(since)))
}

/// "20 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2025)"; just the title when there is
/// no anniversary to count yet.
pub fn anniversary_label(title: &str, since_date: Date, year: i16) -> String {
    let Some(count) = anniversary(since_date.year(), year) else {
        return title.to_string();
    };
    let Some(this_year) = same_day_in_year(since_date, year) else {
        return format!("{count} năm {title}");
    };
    format!(
        "{count} năm {title} ({} – {})",
        vi_date(since_date),
        vi_date(this_year)
    )
}

fn vi_date(d: Date) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

/// One day of a month grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCell {
    pub date: Date,
    /// Whether the day is in the month shown (the others fill the first and last weeks).
    pub in_month: bool,
    pub is_today: bool,
    /// The lunar day as wall calendars print it: "1/8" (day/month) on the first day of a
    /// lunar month ("1/6 nhuận" in a leap month), the day number otherwise.
    pub lunar_label: String,
}

/// The weeks of a month, Monday first, with the days of the neighbouring months that complete
/// the first and last weeks. A month that does not exist gives no weeks.
pub fn month_grid(year: i16, month: i8, today: Date) -> Vec<[DayCell; 7]> {
    let Ok(first) = Date::new(year, month, 1) else {
        return Vec::new();
    };
    let last = first.last_of_month();
    let lead = i64::from(first.weekday().to_monday_zero_offset());
    let Ok(grid_start) = first.checked_sub(lead.days()) else {
        return Vec::new();
    };
    let mut weeks = Vec::with_capacity(6);
    let mut week_start = grid_start;
    while week_start <= last {
        let week: [DayCell; 7] = std::array::from_fn(|i| {
            // Saturates only at the end of jiff's range (9999-12-31).
            let date = week_start.saturating_add((i as i64).days());
            DayCell {
                date,
                in_month: date.year() == year && date.month() == month,
                is_today: date == today,
                lunar_label: lunar_label(date),
            }
        });
        weeks.push(week);
        match week_start.checked_add(7.days()) {
            Ok(next) => week_start = next,
            Err(_) => break,
        }
    }
    weeks
}

fn lunar_label(date: Date) -> String {
    let l = solar_to_lunar(date);
    match (l.day, l.leap) {
        (1, false) => format!("1/{}", l.month),
        (1, true) => format!("1/{} nhuận", l.month),
        (d, _) => d.to_string(),
    }
}

/// Weekday names, Monday first, as Vietnamese calendars head their columns.
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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn yearly(start: Date, since: Option<i16>) -> EventSpec {
        EventSpec {
            start,
            end: None,
            recurrence: Recurrence::Yearly,
            since,
        }
    }

    #[test]
    fn anniversaries_of_19_8() {
        assert_eq!(anniversary(2005, 2024), Some(19));
        assert_eq!(anniversary(2005, 2025), Some(20));
        assert_eq!(anniversary(1945, 2024), Some(79));
        assert_eq!(anniversary(1930, 2024), Some(94));
        assert_eq!(anniversary(2025, 2025), None);
        assert_eq!(anniversary(2025, 2024), None);
        assert_eq!(
            anniversary_label("Ngày hội toàn dân bảo vệ ANTQ", date(2005, 8, 19), 2025),
            "20 năm Ngày hội toàn dân bảo vệ ANTQ (19/8/2005 – 19/8/2025)"
        );
        assert_eq!(
            anniversary_label("Ngày hội toàn dân bảo vệ ANTQ", date(2005, 8, 19), 2005),
            "Ngày hội toàn dân bảo vệ ANTQ"
        );
    }

    #[test]
    fn yearly_occurrences_start_at_since() {
        let spec = yearly(date(2025, 8, 19), Some(2005));
        assert_eq!(
            occurrences(&spec, 2024, 2025),
            vec![
                (date(2024, 8, 19), date(2024, 8, 19)),
                (date(2025, 8, 19), date(2025, 8, 19))
            ]
        );
        assert_eq!(occurrences(&spec, 2003, 2005).len(), 1);
        // Without `since`, the first occurrence is the date itself.
        assert_eq!(
            occurrences(&yearly(date(2024, 11, 5), None), 2020, 2025).len(),
            2
        );
    }

    #[test]
    fn yearly_on_29_february() {
        let spec = yearly(date(2024, 2, 29), None);
        assert_eq!(
            occurrences(&spec, 2024, 2028)
                .into_iter()
                .map(|(s, _)| s)
                .collect::<Vec<_>>(),
            vec![
                date(2024, 2, 29),
                date(2025, 2, 28),
                date(2026, 2, 28),
                date(2027, 2, 28),
                date(2028, 2, 29)
            ]
        );
        assert_eq!(
            anniversary_label("Sinh nhật", date(2024, 2, 29), 2025),
            "1 năm Sinh nhật (29/2/2024 – 28/2/2025)"
        );
    }

    #[test]
    fn once_and_multi_day() {
        let spec = EventSpec {
            start: date(2025, 12, 30),
            end: Some(date(2026, 1, 2)),
            recurrence: Recurrence::Once,
            since: None,
        };
        assert_eq!(
            occurrences(&spec, 2026, 2026),
            vec![(date(2025, 12, 30), date(2026, 1, 2))]
        );
        assert!(occurrences(&spec, 2027, 2030).is_empty());
        let yearly_span = EventSpec {
            recurrence: Recurrence::Yearly,
            ..spec
        };
        assert_eq!(
            occurrences(&yearly_span, 2027, 2027),
            vec![(date(2027, 12, 30), date(2028, 1, 2))]
        );
    }

    #[test]
    fn lunar_tet() {
        let tet = EventSpec {
            start: date(2000, 1, 1), // 1 tháng Giêng, read as lunar
            end: Some(date(2000, 1, 3)),
            recurrence: Recurrence::YearlyLunar,
            since: None,
        };
        assert_eq!(
            occurrences(&tet, 2025, 2026),
            vec![
                (date(2025, 1, 29), date(2025, 1, 31)),
                (date(2026, 2, 17), date(2026, 2, 19))
            ]
        );
        // Rằm tháng Chạp (15/12) of lunar 2025 falls in solar 2026.
        let ram_chap = EventSpec {
            start: date(2000, 12, 15),
            end: None,
            recurrence: Recurrence::YearlyLunar,
            since: None,
        };
        assert_eq!(
            occurrences(&ram_chap, 2026, 2026),
            vec![(date(2026, 2, 2), date(2026, 2, 2))]
        );
        // Ngày 30 tháng Chạp of Ất Tỵ does not exist: the month's last day (29) stands in.
        let tat_nien = EventSpec {
            start: date(2000, 12, 30),
            ..ram_chap
        };
        assert_eq!(
            occurrences(&tat_nien, 2026, 2026),
            vec![(date(2026, 2, 16), date(2026, 2, 16))]
        );
    }

    #[test]
    fn month_grid_feb_2026() {
        let today = date(2026, 2, 17);
        let grid = month_grid(2026, 2, today);
        assert_eq!(grid[0][0].date, date(2026, 1, 26));
        assert!(!grid[0][0].in_month);
        assert_eq!(grid.last().map(|w| w[6].date), Some(date(2026, 3, 1)));
        assert_eq!(grid.len(), 5);
        let cells: Vec<&DayCell> = grid.iter().flatten().collect();
        let todays: Vec<_> = cells.iter().filter(|c| c.is_today).collect();
        assert_eq!(todays.len(), 1);
        assert_eq!(todays[0].date, today);
        // Tết Bính Ngọ: the first day of the first lunar month.
        assert_eq!(todays[0].lunar_label, "1/1");
        let eve = cells.iter().find(|c| c.date == date(2026, 2, 16));
        assert_eq!(eve.map(|c| c.lunar_label.as_str()), Some("29"));
        assert_eq!(cells.iter().filter(|c| c.in_month).count(), 28);
        assert_eq!(vi_weekday_names()[0], "Thứ Hai");
        assert_eq!(vi_weekday_names()[6], "Chủ nhật");
        assert!(month_grid(2026, 13, today).is_empty());
    }
}
