//! Calendar dates and durations with the format's month-end clamping.
//!
//! A [`Date`] is a day number in the proleptic Gregorian calendar, so dates
//! computed past year 9999 (a long fade's end) stay exact. Ledger dates are
//! limited to years 0001..=9999 when parsed.

use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

/// Why a text is not a valid ledger date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSyntaxError;

impl fmt::Display for DateSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a real calendar date written YYYY-MM-DD in years 0001 to 9999")
    }
}

impl std::error::Error for DateSyntaxError {}

impl From<DateSyntaxError> for crate::error::Error {
    /// `invalid_date`, so that `?` works in a function returning [`crate::Result`].
    fn from(_: DateSyntaxError) -> Self {
        crate::error::Error::new(
            crate::error::ErrorCode::InvalidDate,
            "not a real calendar date written YYYY-MM-DD in years 0001 to 9999",
        )
    }
}

/// Why a text is not a valid duration `P[nY][nM][nW][nD]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationSyntaxError;

impl fmt::Display for DurationSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a duration P[nY][nM][nW][nD] with counts of at most 100000")
    }
}

impl std::error::Error for DurationSyntaxError {}

impl From<DurationSyntaxError> for crate::error::Error {
    /// `invalid_duration`, so that `?` works in a function returning [`crate::Result`].
    fn from(_: DurationSyntaxError) -> Self {
        crate::error::Error::new(
            crate::error::ErrorCode::InvalidDuration,
            DurationSyntaxError.to_string(),
        )
    }
}

/// Days far enough in the future that no ledger date reaches them.
const FAR_FUTURE: i64 = i64::MAX / 4;

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

// Day-number conversions after Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // 1 <= day <= 31 and 1 <= month <= 12 by construction.
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day numbers of 0001-01-01 to 9999-12-31, the dates a ledger holds.
const LEDGER_DAYS: std::ops::RangeInclusive<i64> = -719_162..=2_932_896;

impl Date {
    /// The date of a year, month and day, if it is a real calendar date.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if year.unsigned_abs() > 1_000_000_000 {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Parses a ledger date `YYYY-MM-DD`, ASCII digits, years 0001 to 9999.
    pub fn parse(text: &str) -> Result<Date, DateSyntaxError> {
        let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() else {
            return Err(DateSyntaxError);
        };
        let num = |s: &[u8]| -> Result<u32, DateSyntaxError> {
            if !s.iter().all(u8::is_ascii_digit) {
                return Err(DateSyntaxError);
            }
            Ok(s.iter().fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')))
        };
        let (year, month, day) = (num(&[y0, y1, y2, y3])?, num(&[m0, m1])?, num(&[d0, d1])?);
        if year == 0 {
            return Err(DateSyntaxError);
        }
        Date::from_ymd(i64::from(year), month, day).ok_or(DateSyntaxError)
    }

    /// Why `text` is not a ledger date, as the end of a sentence that
    /// starts with the text (`"2025-02-30" does not exist: ...`); `None`
    /// for a date [`Date::parse`] reads. For messages only.
    pub fn why_not(text: &str) -> Option<String> {
        if Date::parse(text).is_ok() {
            return None;
        }
        let shape = "is not a date written YYYY-MM-DD (such as 2025-01-31)";
        let numbers = (text.len() == 10)
            .then(|| (text.get(0..4), text.get(5..7), text.get(8..10)))
            .and_then(|(y, m, d)| Some((y?.parse::<u32>().ok()?, m?, d?)))
            .and_then(|(y, m, d)| {
                let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
                let dashes =
                    text.as_bytes().get(4) == Some(&b'-') && text.as_bytes().get(7) == Some(&b'-');
                (dashes && digits(&text[0..4]) && digits(m) && digits(d))
                    .then(|| (y, m.parse::<u32>().ok(), d.parse::<u32>().ok()))
            });
        Some(match numbers {
            Some((0, _, _)) => "is not a date: years run from 0001 to 9999".to_string(),
            Some((_, Some(m), _)) if !(1..=12).contains(&m) => {
                format!("is not a date: there is no month {m}")
            }
            Some((y, Some(m), Some(d))) => {
                const MONTHS: [&str; 12] = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ];
                let name = MONTHS.get(m as usize - 1).copied().unwrap_or("");
                let days = days_in_month(i64::from(y), m);
                format!("does not exist: {name} {y} has {days} days, not {d}")
            }
            _ => shape.to_string(),
        })
    }

    /// The year, month and day.
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    /// Whether a ledger can hold the date: its year is 0001 to 9999, so
    /// that [`Date::parse`] of its `YYYY-MM-DD` text gives it back.
    pub fn is_ledger_date(self) -> bool {
        LEDGER_DAYS.contains(&self.0)
    }

    /// Days since 1970-01-01.
    pub const fn day_number(self) -> i64 {
        self.0
    }

    /// The date `days` after 1970-01-01.
    pub const fn from_day_number(days: i64) -> Date {
        Date(days)
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub const fn days_until(self, later: Date) -> i64 {
        later.0 - self.0
    }

    /// The next day.
    #[must_use]
    pub const fn succ(self) -> Date {
        Date(self.0 + 1)
    }

    /// The day `n` days later (saturating far in the future).
    #[must_use]
    pub fn plus_days(self, n: i64) -> Date {
        Date(self.0.saturating_add(n).min(FAR_FUTURE))
    }

    /// `self + months`, clamping the day to the month's last day.
    fn plus_months(self, months: i64) -> Date {
        if months == 0 {
            return self;
        }
        let (y, m, d) = self.ymd();
        let Some(total) = (y * 12 + i64::from(m) - 1).checked_add(months) else {
            return Date(FAR_FUTURE);
        };
        let (year, month) = (
            total.div_euclid(12),
            u32::try_from(total.rem_euclid(12)).unwrap_or(0) + 1,
        );
        if year > 1_000_000_000 {
            return Date(FAR_FUTURE);
        }
        let day = d.min(days_in_month(year, month));
        Date(days_from_civil(year, month, day))
    }
}

impl FromStr for Date {
    type Err = DateSyntaxError;
    fn from_str(text: &str) -> Result<Date, DateSyntaxError> {
        Date::parse(text)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(feature = "chrono")]
impl From<chrono::NaiveDate> for Date {
    fn from(date: chrono::NaiveDate) -> Date {
        use chrono::Datelike;
        Date(days_from_civil(
            i64::from(date.year()),
            date.month(),
            date.day(),
        ))
    }
}

#[cfg(feature = "chrono")]
impl TryFrom<Date> for chrono::NaiveDate {
    type Error = DateSyntaxError;
    fn try_from(date: Date) -> Result<chrono::NaiveDate, DateSyntaxError> {
        let (y, m, d) = date.ymd();
        let year = i32::try_from(y).map_err(|_| DateSyntaxError)?;
        chrono::NaiveDate::from_ymd_opt(year, m, d).ok_or(DateSyntaxError)
    }
}

pub use crate::check::limits::MAX_DURATION_COUNT;

/// A calendar duration `P[nY][nM][nW][nD]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    /// Years.
    pub years: u32,
    /// Months.
    pub months: u32,
    /// Weeks.
    pub weeks: u32,
    /// Days.
    pub days: u32,
}

impl Duration {
    /// Parses `P[nY][nM][nW][nD]`: at least one part, in this order, each
    /// count `0|[1-9][0-9]*` of at most 100000.
    pub fn parse(text: &str) -> Result<Duration, DurationSyntaxError> {
        let rest = text.strip_prefix('P').ok_or(DurationSyntaxError)?;
        let mut out = Duration::default();
        let mut parts = 0;
        let mut next_designator = 0;
        let mut bytes = rest.as_bytes();
        while !bytes.is_empty() {
            let len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let (digits, after) = bytes.split_at(len);
            if len == 0 || len > 6 || (len > 1 && digits.first() == Some(&b'0')) {
                return Err(DurationSyntaxError);
            }
            let n = digits
                .iter()
                .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
            if n > MAX_DURATION_COUNT {
                return Err(DurationSyntaxError);
            }
            let (designator, rest) = after.split_first().ok_or(DurationSyntaxError)?;
            let slot = b"YMWD"
                .iter()
                .position(|d| d == designator)
                .ok_or(DurationSyntaxError)?;
            if slot < next_designator {
                return Err(DurationSyntaxError);
            }
            next_designator = slot + 1;
            match slot {
                0 => out.years = n,
                1 => out.months = n,
                2 => out.weeks = n,
                _ => out.days = n,
            }
            parts += 1;
            bytes = rest;
        }
        if parts == 0 {
            return Err(DurationSyntaxError);
        }
        Ok(out)
    }

    /// Whether every count is zero.
    pub fn is_zero(self) -> bool {
        self.years == 0 && self.months == 0 && self.weeks == 0 && self.days == 0
    }

    pub(crate) fn month_count(self) -> i64 {
        12 * i64::from(self.years) + i64::from(self.months)
    }

    pub(crate) fn day_count(self) -> i64 {
        7 * i64::from(self.weeks) + i64::from(self.days)
    }

    /// `date + j·self`: the months (`12·Y + M`, times `j`) with the day
    /// clamped to the month's end, then the days (`7·W + D`, times `j`), in one step.
    pub fn add_times(self, date: Date, j: i64) -> Date {
        let months = self.month_count().saturating_mul(j);
        let days = self.day_count().saturating_mul(j);
        date.plus_months(months).plus_days(days)
    }

    /// `date + self`.
    pub fn add_to(self, date: Date) -> Date {
        self.add_times(date, 1)
    }
}

impl FromStr for Duration {
    type Err = DurationSyntaxError;
    fn from_str(text: &str) -> Result<Duration, DurationSyntaxError> {
        Duration::parse(text)
    }
}

impl fmt::Display for Duration {
    /// Writes the duration with its non-zero parts (`P0D` when all are zero).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("P")?;
        if self.is_zero() {
            return f.write_str("0D");
        }
        for (n, d) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n > 0 {
                write!(f, "{n}{d}")?;
            }
        }
        Ok(())
    }
}

/// Checks that `start..=end` is a period (docs/format.md, "Numbers, money, dates"): `end >= start` and
/// `end < start + P100Y`, else `invalid_period`.
pub(crate) fn check_period(start: Date, end: Date) -> crate::error::Result<()> {
    let limit = Duration {
        years: 100,
        ..Duration::default()
    }
    .add_to(start);
    if end < start || end >= limit {
        return Err(crate::error::Error::new(
            crate::error::ErrorCode::InvalidPeriod,
            format!("the period {start}..{end} must end on or after its start and last less than 100 years"),
        )
        .with_path("period"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn why_not_says_what_is_wrong_with_a_date() {
        let why = |t: &str| Date::why_not(t).unwrap_or_default();
        assert_eq!(Date::why_not("2024-02-29"), None);
        assert_eq!(
            why("2025-02-29"),
            "does not exist: February 2025 has 28 days, not 29"
        );
        assert_eq!(
            why("2025-04-31"),
            "does not exist: April 2025 has 30 days, not 31"
        );
        assert_eq!(why("2025-13-01"), "is not a date: there is no month 13");
        assert_eq!(
            why("0000-01-01"),
            "is not a date: years run from 0001 to 9999"
        );
        for shape in [
            "2025-1-01",
            "25-01-01",
            "2025/01/01",
            "+025-01-01",
            "2025-01-0x",
            "２０２４-02",
        ] {
            assert!(
                why(shape).starts_with("is not a date written YYYY-MM-DD"),
                "{shape}"
            );
        }
    }

    #[test]
    fn a_ledger_date_is_one_its_text_parses_back_to() {
        for (y, m, d) in [
            (1, 1, 1),
            (9999, 12, 31),
            (0, 12, 31),
            (10000, 1, 1),
            (-5, 3, 1),
            (2024, 2, 29),
        ] {
            let date = super::Date::from_ymd(y, m, d).unwrap();
            let back = super::Date::parse(&date.to_string()).ok();
            assert_eq!(date.is_ledger_date(), back == Some(date), "{y}-{m}-{d}");
        }
    }

    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn month_addition_clamps_to_the_last_day() {
        let p1m = Duration::parse("P1M").unwrap();
        assert_eq!(p1m.add_to(d("2024-01-31")), d("2024-02-29"));
        assert_eq!(p1m.add_times(d("2024-01-31"), 2), d("2024-03-31"));
        assert_eq!(
            Duration::parse("P1Y").unwrap().add_to(d("2024-02-29")),
            d("2025-02-28")
        );
        assert_eq!(
            Duration::parse("P1M1D").unwrap().add_to(d("2024-01-31")),
            d("2024-03-01")
        );
    }

    #[test]
    fn dates_round_trip_over_the_whole_calendar() {
        for text in [
            "0001-01-01",
            "1970-01-01",
            "2000-02-29",
            "9999-12-31",
            "2023-03-01",
        ] {
            assert_eq!(d(text).to_string(), text);
        }
        let mut day = d("0001-01-01");
        let mut prev = day.ymd();
        for _ in 0..800_000 {
            day = day.succ();
            let ymd = day.ymd();
            assert!(ymd > prev);
            assert_eq!(Date::from_ymd(ymd.0, ymd.1, ymd.2), Some(day));
            prev = ymd;
        }
    }

    #[test]
    fn parse_refuses_malformed_dates() {
        for bad in [
            "2023-02-29",
            "2024-1-01",
            "0000-01-01",
            "2024-13-01",
            "2024-00-10",
            "２０２４-01-01",
            "2024/01/01",
            "+024-01-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_parse_and_display() {
        assert_eq!(
            Duration::parse("P1Y2M3W4D").unwrap().to_string(),
            "P1Y2M3W4D"
        );
        assert_eq!(Duration::parse("P0D").unwrap().to_string(), "P0D");
        assert!(Duration::parse("P100000Y").is_ok());
        for bad in [
            "P",
            "P1H",
            "P-1D",
            "P100001Y",
            "P01D",
            "1D",
            "P1D1Y",
            "P1Y1Y",
            "PT1D",
            "P1000000D",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }
}
