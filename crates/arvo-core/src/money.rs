//! Money as integer cents, with parsing and formatting in Finnish and English conventions.

use crate::validation::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of euros in cents. Never a float: sums and allocations stay exact.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const fn from_cents(cents: i64) -> Self {
        Self(cents)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Parses an amount as people write it: `1 234,56`, `1234.56`, `1.234,56`, `1,234.56`,
    /// `-12`, with an optional `€` or `EUR`. With both separators present the last one is the
    /// decimal separator; a lone comma or dot is a decimal separator unless it repeats.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let cleaned: String = input
            .trim()
            .trim_end_matches("EUR")
            .trim_end_matches("eur")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{a0}' && *c != '\u{202f}')
            .collect();
        let (negative, body) = match cleaned.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        if body.is_empty() {
            return Err(Problem::Number);
        }
        let last_comma = body.rfind(',');
        let last_dot = body.rfind('.');
        let decimal_at = match (last_comma, last_dot) {
            (Some(c), Some(d)) => Some(c.max(d)),
            (Some(c), None) if body.matches(',').count() == 1 => Some(c),
            (None, Some(d)) if body.matches('.').count() == 1 => Some(d),
            _ => None,
        };
        let (whole, fraction) = match decimal_at {
            Some(at) => (&body[..at], &body[at + 1..]),
            None => (body, ""),
        };
        let whole: String = whole.chars().filter(|c| *c != ',' && *c != '.').collect();
        if whole.is_empty() && fraction.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
            || fraction.len() > 2
        {
            return Err(Problem::Number);
        }
        let euros: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| Problem::Number)?
        };
        let cents: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| Problem::Number)? * 10,
            _ => fraction.parse().map_err(|_| Problem::Number)?,
        };
        let total = euros
            .checked_mul(100)
            .and_then(|e| e.checked_add(cents))
            .ok_or(Problem::Number)?;
        Ok(Self(if negative { -total } else { total }))
    }

    /// `1 234,56 €` with no-break spaces between thousands and before the sign, as Finnish writes it.
    pub fn format_fi(self) -> String {
        format!("{}\u{a0}€", self.format_number(',', '\u{a0}'))
    }

    /// Whole euros, rounded half away from zero: `1 235 €`, for lists where cents are noise.
    pub fn format_whole_fi(self) -> String {
        let n = Self(self.rounded_euros() * 100).format_number(',', '\u{a0}');
        format!("{}\u{a0}€", n.trim_end_matches("00").trim_end_matches(','))
    }

    /// Whole euros in English: `€1,235`.
    pub fn format_whole_en(self) -> String {
        let n = Self(self.rounded_euros() * 100).format_en();
        n.trim_end_matches("00").trim_end_matches('.').to_owned()
    }

    fn rounded_euros(self) -> i64 {
        let sign = self.0.signum();
        sign * ((self.0.abs() + 50) / 100)
    }

    /// `€1,234.56`.
    pub fn format_en(self) -> String {
        let n = self.format_number('.', ',');
        if let Some(rest) = n.strip_prefix('-') {
            format!("-€{rest}")
        } else {
            format!("€{n}")
        }
    }

    /// The amount without a currency sign, e.g. `1 234,56` for Finnish input fields.
    pub fn format_plain_fi(self) -> String {
        self.format_number(',', '\u{a0}').replace('\u{a0}', " ")
    }

    fn format_number(self, decimal: char, group: char) -> String {
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push(group);
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped}{decimal}{:02}", abs % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_finnish_and_english_forms() {
        for (text, cents) in [
            ("1 234,56", 123_456),
            ("1\u{a0}234,56 €", 123_456),
            ("1234.56", 123_456),
            ("1.234,56", 123_456),
            ("1,234.56", 123_456),
            ("1.234.567", 123_456_700),
            ("12", 1200),
            ("12,5", 1250),
            ("-3,05", -305),
            ("0,99 EUR", 99),
        ] {
            assert_eq!(Money::parse(text), Ok(Money(cents)), "{text}");
        }
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "abc", "1,234,5x", "1,999", "€", "1.2.3,456"] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_by_locale() {
        assert_eq!(Money(123_456).format_fi(), "1\u{a0}234,56\u{a0}€");
        assert_eq!(Money(123_456).format_en(), "€1,234.56");
        assert_eq!(Money(-5).format_en(), "-€0.05");
        assert_eq!(Money(100_000_000).format_plain_fi(), "1 000 000,00");
        assert_eq!(Money(123_456).format_whole_fi(), "1\u{a0}235\u{a0}€");
        assert_eq!(Money(-123_449).format_whole_en(), "-€1,234");
        assert_eq!(Money(0).format_whole_en(), "€0");
    }

    proptest! {
        #[test]
        fn finnish_format_round_trips(cents in -1_000_000_000_000i64..1_000_000_000_000) {
            let m = Money(cents);
            prop_assert_eq!(Money::parse(&m.format_fi()), Ok(m));
            prop_assert_eq!(Money::parse(&m.format_plain_fi()), Ok(m));
        }
    }
}
