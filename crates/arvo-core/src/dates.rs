//! Civil dates as Finnish and English users write them.

use crate::validation::Problem;
use chrono::NaiveDate;

/// Parses a Finnish date `22.11.2026` (four-digit year) or an ISO date `2026-11-22`.
pub fn parse_date(input: &str) -> Result<NaiveDate, Problem> {
    let s = input.trim();
    if let Some(d) = common_date(s.as_bytes()) {
        return Ok(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.trim_end_matches('.').split('.').collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
    {
        return NaiveDate::from_ymd_opt(y, m, d).ok_or(Problem::Date);
    }
    Err(Problem::Date)
}

/// The two everyday forms, `2026-11-22` and `22.11.2026` (or `1.2.2026`), read without
/// allocating; anything else is left to the general rules of [`parse_date`].
fn common_date(b: &[u8]) -> Option<NaiveDate> {
    fn number(digits: &[u8]) -> Option<u32> {
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let y = number(&b[..4])?;
        return NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            number(&b[5..7])?,
            number(&b[8..])?,
        );
    }
    let b = b.strip_suffix(b".").unwrap_or(b);
    let first = b.iter().position(|c| *c == b'.')?;
    let second = first + 1 + b[first + 1..].iter().position(|c| *c == b'.')?;
    let (d, m, y) = (&b[..first], &b[first + 1..second], &b[second + 1..]);
    if d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(number(y)?).ok()?, number(m)?, number(d)?)
}

/// Like [`parse_date`], but a time of day after the date is allowed and left out
/// (`22.11.2026 13:45`, `2026-11-22T13:45:00`, `2026-11-22 00:00:00`), as accounting exports and
/// spreadsheets often write a day with a time.
pub fn parse_day(input: &str) -> Result<NaiveDate, Problem> {
    let s = input.trim();
    if let Ok(d) = parse_date(s) {
        return Ok(d);
    }
    let (day, time) = s.split_once(['T', ' ']).ok_or(Problem::Date)?;
    let time = time.trim();
    let time_like = !time.is_empty()
        && time.contains(':')
        && time
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ','));
    if time_like {
        parse_date(day)
    } else {
        Err(Problem::Date)
    }
}

/// `22.11.2026`.
pub fn format_fi(date: NaiveDate) -> String {
    date.format("%-d.%-m.%Y").to_string()
}

/// `2026-11-22`.
pub fn format_iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(parse_date("22.11.2026"), Ok(d));
        assert_eq!(parse_date("2026-11-22"), Ok(d));
        assert_eq!(
            parse_date("1.2.2026"),
            NaiveDate::from_ymd_opt(2026, 2, 1).ok_or(Problem::Date)
        );
        assert_eq!(parse_date("31.2.2026"), Err(Problem::Date));
        assert_eq!(parse_date("tomorrow"), Err(Problem::Date));
        assert_eq!(format_fi(d), "22.11.2026");
    }

    #[test]
    fn a_time_after_the_day_is_left_out() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for text in [
            "22.11.2026",
            "22.11.2026 13:45",
            "2026-11-22T13:45:00",
            "2026-11-22 00:00:00.000",
        ] {
            assert_eq!(parse_day(text), Ok(d), "{text}");
        }
        for bad in [
            "22.11.2026 soon",
            "2026-11-22T",
            "31.02.2026 10:00",
            "12:00",
        ] {
            assert_eq!(parse_day(bad), Err(Problem::Date), "{bad}");
        }
    }
}
