//! The Vietnamese lunar calendar (âm lịch): conversion between lunar and solar dates.
//!
//! A thin wrapper over `amlich-core` (Hồ Ngọc Đức's algorithm) at UTC+7. Vietnam's calendar is
//! computed for its own meridian, so some years differ from the Chinese calendar (UTC+8): Tết
//! Ất Sửu 1985 fell on 21/1/1985 in Vietnam and a month later (20/2) in China, Tết Đinh Hợi
//! 2007 on 17/2 in Vietnam and 18/2 in China.

use jiff::civil::Date;

/// Vietnam's time zone for the astronomical computations, in hours east of UTC.
const TIME_ZONE: f64 = 7.0;

/// A date in the Vietnamese lunar calendar. `leap` marks a day in the leap month (tháng nhuận)
/// that follows the regular month of the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct LunarDate {
    pub day: i8,
    pub month: i8,
    pub year: i16,
    pub leap: bool,
}

/// The solar date of a lunar date, or `None` when that lunar date does not exist (a day 30 in a
/// 29-day month, a leap month that year does not have, values out of range).
pub fn lunar_to_solar(year: i16, month: i8, day: i8, leap_month: bool) -> Option<Date> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || !(1000..=9000).contains(&year) {
        return None;
    }
    let (d, m, y) = amlich_core::lunar::convert_lunar_to_solar(
        i32::from(day),
        i32::from(month),
        i32::from(year),
        leap_month,
        TIME_ZONE,
    );
    let date = Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    // The library happily rolls day 30 of a short month into the next month; a round trip
    // tells a real date from a rolled one.
    let back = solar_to_lunar(date);
    let wanted = LunarDate {
        day,
        month,
        year,
        leap: leap_month,
    };
    (back == wanted).then_some(date)
}

/// The lunar date of a solar date.
pub fn solar_to_lunar(date: Date) -> LunarDate {
    let l = amlich_core::lunar::convert_solar_to_lunar(
        i32::from(date.day()),
        i32::from(date.month()),
        i32::from(date.year()),
        TIME_ZONE,
    );
    // Lunar days are 1..=30, months 1..=12 and the lunar year is the solar year or the one
    // before it, so these conversions cannot overflow.
    LunarDate {
        day: l.day as i8,
        month: l.month as i8,
        year: l.year as i16,
        leap: l.is_leap,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn tet_dates() {
        assert_eq!(lunar_to_solar(2025, 1, 1, false), Some(date(2025, 1, 29)));
        assert_eq!(lunar_to_solar(2026, 1, 1, false), Some(date(2026, 2, 17)));
        // Years where Vietnam (UTC+7) and China (UTC+8) celebrate on different days.
        // 1985: 21/1 in Vietnam; 20/2 is China's Spring Festival, a month later.
        assert_eq!(lunar_to_solar(1985, 1, 1, false), Some(date(1985, 1, 21)));
        assert_eq!(solar_to_lunar(date(1985, 2, 20)).month, 2);
        assert_eq!(lunar_to_solar(2007, 1, 1, false), Some(date(2007, 2, 17)));
    }

    #[test]
    fn solar_to_lunar_of_tet() {
        assert_eq!(
            solar_to_lunar(date(2026, 2, 17)),
            LunarDate {
                day: 1,
                month: 1,
                year: 2026,
                leap: false
            }
        );
        // The day before Tết belongs to the last month of the previous lunar year.
        let eve = solar_to_lunar(date(2026, 2, 16));
        assert_eq!((eve.month, eve.year), (12, 2025));
    }

    #[test]
    fn leap_month_2025() {
        // 2025 (Ất Tỵ) has a leap sixth month starting on 25/7/2025.
        assert_eq!(lunar_to_solar(2025, 6, 1, true), Some(date(2025, 7, 25)));
        assert_eq!(lunar_to_solar(2025, 6, 1, false), Some(date(2025, 6, 25)));
        assert!(solar_to_lunar(date(2025, 7, 25)).leap);
        // 2026 has no leap sixth month.
        assert_eq!(lunar_to_solar(2026, 6, 1, true), None);
    }

    #[test]
    fn nonexistent_days_are_none() {
        assert_eq!(lunar_to_solar(2025, 13, 1, false), None);
        assert_eq!(lunar_to_solar(2025, 1, 31, false), None);
        // Month 12 of Ất Tỵ starts on 19/1/2026 and has 29 days: day 30 does not exist.
        assert_eq!(lunar_to_solar(2025, 12, 1, false), Some(date(2026, 1, 19)));
        assert_eq!(lunar_to_solar(2025, 12, 29, false), Some(date(2026, 2, 16)));
        assert_eq!(lunar_to_solar(2025, 12, 30, false), None);
    }
}
