//! The periods figures are reckoned over: a calendar year, a quarter, or the twelve months up to
//! a day. The value analysis takes any of them; targets are set for years and quarters.

use crate::validation::Problem;
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// A period of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Period {
    Year {
        year: i32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    /// The twelve months up to and including `end`.
    Rolling {
        end: NaiveDate,
    },
}

impl Period {
    /// Reads `2026`, `2026-Q3` (or `2026q3`) or `rolling` (the twelve months up to `today`);
    /// nothing means the rolling twelve months.
    pub fn parse(text: Option<&str>, today: NaiveDate) -> Result<Self, Problem> {
        let text = text.map(str::trim).unwrap_or_default();
        if text.is_empty() || text.eq_ignore_ascii_case("rolling") {
            return Ok(Self::Rolling { end: today });
        }
        Self::parse_calendar(text)
    }

    /// Reads a calendar year (`2026`) or quarter (`2026-Q3`, `2026q3`).
    pub fn parse_calendar(text: &str) -> Result<Self, Problem> {
        let text = text.trim();
        let upper = text.to_ascii_uppercase();
        if let Some((y, q)) = upper.split_once("-Q").or_else(|| upper.split_once('Q')) {
            let year: i32 = y.parse().map_err(|_| Problem::Date)?;
            let quarter: u32 = q.parse().map_err(|_| Problem::Date)?;
            if !(1..=4).contains(&quarter) || !(1900..=9999).contains(&year) {
                return Err(Problem::Date);
            }
            return Ok(Self::Quarter { year, quarter });
        }
        let year: i32 = text.parse().map_err(|_| Problem::Date)?;
        if !(1900..=9999).contains(&year) {
            return Err(Problem::Date);
        }
        Ok(Self::Year { year })
    }

    /// The first and last day.
    pub fn range(self) -> (NaiveDate, NaiveDate) {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        match self {
            Self::Year { year } => (day(year, 1, 1), day(year, 12, 31)),
            Self::Quarter { year, quarter } => {
                let start = day(year, 3 * quarter - 2, 1);
                let end = start
                    .checked_add_months(Months::new(3))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(start);
                (start, end)
            }
            Self::Rolling { end } => {
                let start = end
                    .checked_sub_months(Months::new(12))
                    .and_then(|d| d.succ_opt())
                    .unwrap_or(end);
                (start, end)
            }
        }
    }

    /// The period as the text that names it: `2026`, `2026-Q3`, `rolling`.
    pub fn code(self) -> String {
        match self {
            Self::Year { year } => year.to_string(),
            Self::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Self::Rolling { .. } => "rolling".into(),
        }
    }

    /// How many days it has.
    pub fn days(self) -> i64 {
        let (from, to) = self.range();
        (to - from).num_days() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_read_and_cover_their_days() {
        let today = d("2026-11-22");
        let year = Period::parse(Some("2025"), today).unwrap();
        assert_eq!(year.range(), (d("2025-01-01"), d("2025-12-31")));
        assert_eq!(year.days(), 365);
        let q = Period::parse(Some("2026-q1"), today).unwrap();
        assert_eq!(q.range(), (d("2026-01-01"), d("2026-03-31")));
        assert_eq!(
            Period::parse(Some("2026Q4"), today).unwrap().range().1,
            d("2026-12-31")
        );
        let rolling = Period::parse(None, today).unwrap();
        assert_eq!(rolling.range(), (d("2025-11-23"), d("2026-11-22")));
        assert_eq!(rolling.code(), "rolling");
        assert_eq!(Period::parse(Some("2026-Q5"), today), Err(Problem::Date));
        assert_eq!(
            Period::parse(Some("viime vuosi"), today),
            Err(Problem::Date)
        );
        assert_eq!(Period::parse_calendar("rolling"), Err(Problem::Date));
    }
}
