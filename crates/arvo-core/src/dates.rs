//! Civil dates as Finnish and English users write them.

use crate::validation::Problem;
use chrono::NaiveDate;

/// Parses a Finnish date `22.11.2026` (four-digit year) or an ISO date `2026-11-22`.
pub fn parse_date(input: &str) -> Result<NaiveDate, Problem> {
    let s = input.trim();
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
}
