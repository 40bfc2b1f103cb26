//! Decimal numbers as people and spreadsheets write them, read exactly.
//!
//! [`Decimal::parse`] accepts the Finnish and English forms found in accounting exports and
//! spreadsheets: `1 234,56`, `1234,56`, `1234.56`, `1 234.56`, `1.234,56`, `1,234.56`, `-12,5`,
//! `+3`, `12,50-` (a trailing minus, as some accounting systems print negatives), with spaces,
//! no-break spaces (U+00A0), narrow no-break spaces (U+202F) or thin spaces (U+2009) between
//! thousands. [`Decimal::parse_amount`] also takes a currency (`€` or `EUR`, before or after the
//! number) and [`Decimal::parse_percent`] a trailing `%`.
//!
//! Which mark separates the decimals is decided from the text itself:
//!
//! - with both a comma and a point, the last of them is the decimal mark and the other one
//!   separates thousands (`1.234,56`, `1,234.56`);
//! - a mark that repeats separates thousands (`1.234.567`);
//! - a single mark is the decimal mark unless it is followed by exactly three digits and preceded
//!   by one to three digits that do not start with a zero (`12,5`, `0,125`, `1234,567`), or
//!   spaces already separate the thousands (`1 234,567`);
//! - what is left (`1,234`, `1.234`) is truly ambiguous: a [`DecimalMark`] hint settles it (a
//!   semicolon-separated file writes decimals with a comma), and without one it is refused with
//!   [`Problem::AmbiguousNumber`].
//!
//! Thousands groups are checked: every group after the first has three digits, so `12 34` or
//! `1.23.456` are refused instead of read as something the writer did not mean. The result is
//! exact: a mantissa and a scale. Callers turn it into cents or thousandths, either exactly
//! ([`Decimal::to_scale_exact`]) or rounded half away from zero ([`Decimal::to_scale_rounded`]).

use crate::validation::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which mark separates decimals when the text alone cannot tell (`1,234`, `1.234`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    /// Refuse truly ambiguous numbers.
    #[default]
    Auto,
    /// A comma separates decimals (Finnish): `1,234` is one and a bit.
    Comma,
    /// A point separates decimals (English): `1.234` is one and a bit.
    Point,
}

/// The most digits a number may have; the mantissa then always fits in an `i128`.
pub const MAX_DIGITS: u32 = 36;

/// An exact decimal number: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

impl Decimal {
    pub const ZERO: Self = Self {
        mantissa: 0,
        scale: 0,
    };

    pub const fn new(mantissa: i128, scale: u32) -> Self {
        Self { mantissa, scale }
    }

    /// A whole number.
    pub fn from_int(value: i64) -> Self {
        Self {
            mantissa: i128::from(value),
            scale: 0,
        }
    }

    /// Parses a plain number (see the module documentation for the forms).
    pub fn parse(input: &str, mark: DecimalMark) -> Result<Self, Problem> {
        let (negative, body) = split_sign(input.trim());
        parse_unsigned(body, mark).map(|d| d.with_sign(negative))
    }

    /// Parses an amount of money, which may carry `€` or `EUR` before or after the number.
    pub fn parse_amount(input: &str, mark: DecimalMark) -> Result<Self, Problem> {
        let s = strip_currency_suffix(input.trim());
        let s = s.strip_prefix('€').map_or(s, str::trim_start);
        let (negative, body) = split_sign(s);
        let body = body.strip_prefix('€').map_or(body, str::trim_start);
        parse_unsigned(body, mark).map(|d| d.with_sign(negative))
    }

    /// Parses a percentage, which may end in `%`. The result is the number of percents.
    pub fn parse_percent(input: &str, mark: DecimalMark) -> Result<Self, Problem> {
        let s = input.trim();
        let s = s.strip_suffix('%').map_or(s, str::trim_end);
        Self::parse(s, mark)
    }

    fn with_sign(self, negative: bool) -> Self {
        if negative {
            Self {
                mantissa: -self.mantissa,
                ..self
            }
        } else {
            self
        }
    }

    pub const fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    pub const fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The same number without trailing zero decimals (`1.500` → `1.5`).
    #[must_use]
    pub fn normalized(self) -> Self {
        let mut d = self;
        while d.scale > 0 && d.mantissa % 10 == 0 {
            d.mantissa /= 10;
            d.scale -= 1;
        }
        d
    }

    /// The number as an integer count of `10^-scale` units, when it has no more decimals than
    /// that (trailing zeros do not count). More decimals are [`Problem::TooManyDecimals`]; a
    /// number too large for the result is [`Problem::Number`].
    pub fn to_scale_exact(self, scale: u32) -> Result<i128, Problem> {
        let d = if self.scale > scale {
            self.normalized()
        } else {
            self
        };
        if d.scale > scale {
            return Err(Problem::TooManyDecimals { max: scale });
        }
        pow10(scale - d.scale)
            .and_then(|p| d.mantissa.checked_mul(p))
            .ok_or(Problem::Number)
    }

    /// The number as an integer count of `10^-scale` units, rounded half away from zero
    /// (`0,0125` € → 1 cent, `0,005` € → 1 cent, `-0,005` € → -1 cent). A number too large for the
    /// result is [`Problem::Number`].
    pub fn to_scale_rounded(self, scale: u32) -> Result<i128, Problem> {
        if self.scale <= scale {
            return self.to_scale_exact(scale);
        }
        let divisor = pow10(self.scale - scale).ok_or(Problem::Number)?;
        Ok(round_div(self.mantissa, divisor))
    }

    /// The number written without thousands separators, with `decimal` as the decimal mark:
    /// `-1234.5`, `0,05`.
    pub fn format(self, decimal: char) -> String {
        self.format_grouped(decimal, None)
    }

    /// The number with `group` between thousands, e.g. `1 234,56` for Finnish.
    pub fn format_grouped(self, decimal: char, group: Option<char>) -> String {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let (whole, fraction) = if digits.len() > scale {
            digits.split_at(digits.len() - scale)
        } else {
            ("0", digits.as_str())
        };
        let mut out = String::with_capacity(digits.len() + 8);
        if self.mantissa < 0 {
            out.push('-');
        }
        for (i, c) in whole.chars().enumerate() {
            if let Some(g) = group
                && i > 0
                && (whole.len() - i).is_multiple_of(3)
            {
                out.push(g);
            }
            out.push(c);
        }
        if scale > 0 {
            out.push(decimal);
            for _ in fraction.len()..scale {
                out.push('0');
            }
            out.push_str(fraction);
        }
        out
    }
}

impl fmt::Display for Decimal {
    /// `-1234.56`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format('.'))
    }
}

/// `numerator / denominator` rounded half away from zero; `denominator` must be positive.
pub fn round_div(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0);
    let q = numerator / denominator;
    let r = numerator % denominator;
    if r.unsigned_abs() * 2 >= denominator.unsigned_abs() {
        q + numerator.signum()
    } else {
        q
    }
}

/// [`round_div`] for 64-bit numbers, which divide faster.
pub fn round_div_i64(numerator: i64, denominator: i64) -> i64 {
    debug_assert!(denominator > 0);
    let q = numerator / denominator;
    let r = numerator % denominator;
    if r.unsigned_abs() * 2 >= denominator.unsigned_abs() {
        q + numerator.signum()
    } else {
        q
    }
}

/// `10^exp`, when it fits.
pub fn pow10(exp: u32) -> Option<i128> {
    10i128.checked_pow(exp)
}

fn strip_currency_suffix(s: &str) -> &str {
    if let Some(rest) = s.strip_suffix('€') {
        return rest.trim_end();
    }
    if s.len() >= 3
        && s.is_char_boundary(s.len() - 3)
        && s[s.len() - 3..].eq_ignore_ascii_case("eur")
    {
        return s[..s.len() - 3].trim_end();
    }
    s
}

/// Takes a leading `+`, `-` or `−` (U+2212) or a trailing `-` off the number.
fn split_sign(s: &str) -> (bool, &str) {
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        return (true, rest);
    }
    if let Some(rest) = s.strip_prefix('+') {
        return (false, rest);
    }
    if let Some(rest) = s.strip_suffix('-') {
        return (true, rest);
    }
    (false, s)
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Reads digits, commas, points and spaces into an exact number (without a sign).
fn parse_unsigned(s: &str, hint: DecimalMark) -> Result<Decimal, Problem> {
    let bytes = s.as_bytes();
    let (mut commas, mut points, mut spaces, mut digits) = (0u32, 0u32, 0u32, 0u32);
    let (mut last_comma, mut last_point) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '0'..='9' => digits += 1,
            ',' => {
                commas += 1;
                last_comma = i;
            }
            '.' => {
                points += 1;
                last_point = i;
            }
            c if is_group_space(c) => spaces += 1,
            _ => return Err(Problem::Number),
        }
    }
    if digits == 0 || digits > MAX_DIGITS {
        return Err(Problem::Number);
    }
    // The byte index of the decimal mark, and the character separating thousands.
    let (decimal_at, group): (Option<usize>, Option<char>) = match (commas, points) {
        (0, 0) => (None, (spaces > 0).then_some(' ')),
        (_, _) if commas > 0 && points > 0 => {
            if spaces > 0 {
                return Err(Problem::Number);
            }
            if last_comma > last_point {
                if commas > 1 {
                    return Err(Problem::Number);
                }
                (Some(last_comma), Some('.'))
            } else {
                if points > 1 {
                    return Err(Problem::Number);
                }
                (Some(last_point), Some(','))
            }
        }
        _ => {
            let (count, at, mark) = if commas > 0 {
                (commas, last_comma, ',')
            } else {
                (points, last_point, '.')
            };
            if count > 1 {
                if spaces > 0 {
                    return Err(Problem::Number);
                }
                (None, Some(mark))
            } else if spaces > 0 {
                (Some(at), Some(' '))
            } else {
                let before = at;
                let after = bytes.len() - at - 1;
                if after != 3 || before == 0 || before > 3 || bytes[0] == b'0' {
                    (Some(at), None)
                } else {
                    match (hint, mark) {
                        (DecimalMark::Auto, _) => return Err(Problem::AmbiguousNumber),
                        (DecimalMark::Comma, ',') | (DecimalMark::Point, '.') => (Some(at), None),
                        _ => (None, Some(mark)),
                    }
                }
            }
        }
    };
    let mut mantissa: i128 = 0;
    let mut scale: u32 = 0;
    let mut in_fraction = false;
    let mut group_len: u32 = 0;
    let mut groups: u32 = 0;
    for (i, c) in s.char_indices() {
        if let Some(d) = c.to_digit(10) {
            mantissa = mantissa * 10 + i128::from(d);
            group_len += 1;
            if in_fraction {
                scale += 1;
            }
            continue;
        }
        if decimal_at == Some(i) {
            check_group(groups, group_len, group.is_some())?;
            in_fraction = true;
            group_len = 0;
            continue;
        }
        let is_group = match group {
            Some(' ') => is_group_space(c),
            Some(g) => c == g,
            None => false,
        };
        if in_fraction || !is_group {
            return Err(Problem::Number);
        }
        check_group(groups, group_len, true)?;
        groups += 1;
        group_len = 0;
    }
    if in_fraction {
        if group_len == 0 {
            return Err(Problem::Number);
        }
    } else {
        check_group(groups, group_len, group.is_some())?;
    }
    Ok(Decimal { mantissa, scale })
}

/// Checks the length of a run of whole-number digits that ends at a separator or at the end.
fn check_group(index: u32, len: u32, grouped: bool) -> Result<(), Problem> {
    let ok = if !grouped {
        true
    } else if index == 0 {
        (1..=3).contains(&len)
    } else {
        len == 3
    };
    // A number may start with its decimal mark (`,5`) only when nothing is grouped.
    if ok && (len > 0 || index == 0) {
        Ok(())
    } else {
        Err(Problem::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(m: i128, s: u32) -> Decimal {
        Decimal::new(m, s)
    }

    #[test]
    fn reads_finnish_and_english_forms() {
        for (text, expected) in [
            ("1 234,56", d(123_456, 2)),
            ("1234,56", d(123_456, 2)),
            ("1234.56", d(123_456, 2)),
            ("1 234.56", d(123_456, 2)),
            ("-12,5", d(-125, 1)),
            ("1.234,56", d(123_456, 2)),
            ("1,234.56", d(123_456, 2)),
            ("1\u{a0}234\u{a0}567,8", d(12_345_678, 1)),
            ("1\u{202f}234,5", d(12_345, 1)),
            ("+3", d(3, 0)),
            ("12,50-", d(-1250, 2)),
            ("−7", d(-7, 0)),
            ("0,0125", d(125, 4)),
            (",5", d(5, 1)),
            ("1.234.567", d(1_234_567, 0)),
            ("1,234,567", d(1_234_567, 0)),
            ("1.234.567,5", d(12_345_675, 1)),
            ("0,125", d(125, 3)),
            ("1234,567", d(1_234_567, 3)),
            ("1 234,567", d(1_234_567, 3)),
            ("  42  ", d(42, 0)),
        ] {
            assert_eq!(
                Decimal::parse(text, DecimalMark::Auto),
                Ok(expected),
                "{text}"
            );
        }
    }

    #[test]
    fn ambiguous_numbers_need_a_hint() {
        for text in ["1,234", "1.234", "-12.500", "999,000"] {
            assert_eq!(
                Decimal::parse(text, DecimalMark::Auto),
                Err(Problem::AmbiguousNumber),
                "{text}"
            );
        }
        assert_eq!(Decimal::parse("1,234", DecimalMark::Comma), Ok(d(1234, 3)));
        assert_eq!(Decimal::parse("1,234", DecimalMark::Point), Ok(d(1234, 0)));
        assert_eq!(Decimal::parse("1.234", DecimalMark::Comma), Ok(d(1234, 0)));
        assert_eq!(Decimal::parse("1.234", DecimalMark::Point), Ok(d(1234, 3)));
        // The text settles what it can on its own, whatever the hint.
        assert_eq!(
            Decimal::parse("1,234.5", DecimalMark::Comma),
            Ok(d(12_345, 1))
        );
        assert_eq!(Decimal::parse("12.5", DecimalMark::Comma), Ok(d(125, 1)));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "",
            "-",
            "abc",
            "1,2,3.4.5",
            "12 34",
            "1.23.456",
            "1 2",
            "1,5,6.7",
            "5,",
            "1e5",
            "1 234.567,8",
            "1,234 567",
            "1.234,5,6",
            "€5",
            "5 %",
            "--5",
            "0x10",
        ] {
            assert!(
                Decimal::parse(bad, DecimalMark::Comma).is_err(),
                "{bad} should be refused"
            );
        }
        let too_long = "9".repeat(37);
        assert_eq!(
            Decimal::parse(&too_long, DecimalMark::Auto),
            Err(Problem::Number)
        );
    }

    #[test]
    fn amounts_and_percents_take_their_signs() {
        let m = DecimalMark::Auto;
        assert_eq!(Decimal::parse_amount("1 234,56 €", m), Ok(d(123_456, 2)));
        assert_eq!(Decimal::parse_amount("€1,234.56", m), Ok(d(123_456, 2)));
        assert_eq!(Decimal::parse_amount("-€0.05", m), Ok(d(-5, 2)));
        assert_eq!(Decimal::parse_amount("12,50 EUR", m), Ok(d(1250, 2)));
        assert_eq!(Decimal::parse_amount("12,50eur", m), Ok(d(1250, 2)));
        assert_eq!(Decimal::parse_percent("10,5 %", m), Ok(d(105, 1)));
        assert_eq!(Decimal::parse_percent("10%", m), Ok(d(10, 0)));
        assert!(Decimal::parse_amount("12 %", m).is_err());
        assert!(Decimal::parse_percent("12 €", m).is_err());
    }

    #[test]
    fn converts_exactly_or_rounded() {
        assert_eq!(d(125, 1).to_scale_exact(3), Ok(12_500));
        assert_eq!(d(12_500, 3).to_scale_exact(2), Ok(1250));
        assert_eq!(
            d(12_345, 3).to_scale_exact(2),
            Err(Problem::TooManyDecimals { max: 2 })
        );
        assert_eq!(d(125, 4).to_scale_rounded(2), Ok(1));
        assert_eq!(d(5, 3).to_scale_rounded(2), Ok(1));
        assert_eq!(d(-5, 3).to_scale_rounded(2), Ok(-1));
        assert_eq!(d(4, 3).to_scale_rounded(2), Ok(0));
        assert_eq!(d(-15, 1).to_scale_rounded(0), Ok(-2));
        assert_eq!(d(1, 0).to_scale_exact(40), Err(Problem::Number));
    }

    #[test]
    fn formats_plain_and_grouped() {
        assert_eq!(d(-123_456, 2).to_string(), "-1234.56");
        assert_eq!(d(5, 3).format(','), "0,005");
        assert_eq!(d(1_234_567, 0).format_grouped(',', Some(' ')), "1 234 567");
        assert_eq!(
            d(123_456_789, 2).format_grouped(',', Some('.')),
            "1.234.567,89"
        );
        assert_eq!(d(12_500, 3).normalized(), d(125, 1));
    }

    proptest! {
        #[test]
        fn formatted_numbers_read_back(m in -10i128.pow(20)..10i128.pow(20), scale in 0u32..8,
                                        style in 0usize..5) {
            let n = d(m, scale);
            let (text, mark) = match style {
                0 => (n.format_grouped(',', Some('\u{a0}')), DecimalMark::Comma),
                1 => (n.format_grouped(',', Some(' ')), DecimalMark::Comma),
                2 => (n.format_grouped('.', Some(',')), DecimalMark::Point),
                3 => (n.format_grouped(',', Some('.')), DecimalMark::Comma),
                _ => (n.format('.'), DecimalMark::Point),
            };
            let back = Decimal::parse(&text, mark).unwrap();
            prop_assert_eq!(back.normalized(), n.normalized(), "{}", text);
        }

        #[test]
        fn ungrouped_numbers_read_back_without_a_hint(m in -10i128.pow(20)..10i128.pow(20),
                                                      scale in 0u32..8) {
            // Without thousands separators, only a three-decimal number of 1-3 whole digits is
            // ambiguous; everything else reads back without a hint.
            let n = d(m, scale);
            for text in [n.format(','), n.format('.')] {
                match Decimal::parse(&text, DecimalMark::Auto) {
                    Ok(back) => prop_assert_eq!(back.normalized(), n.normalized()),
                    Err(p) => {
                        prop_assert_eq!(p, Problem::AmbiguousNumber);
                        prop_assert_eq!(scale, 3);
                    }
                }
            }
        }

        #[test]
        fn rounding_is_nearest_and_half_away_from_zero(m in -10i128.pow(24)..10i128.pow(24),
                                                        scale in 0u32..12, to in 0u32..6) {
            let n = d(m, scale);
            let r = n.to_scale_rounded(to).unwrap();
            if scale <= to {
                prop_assert_eq!(r, m * 10i128.pow(to - scale));
            } else {
                let unit = 10i128.pow(scale - to);
                let diff = r * unit - m;
                // Never more than half a unit off, and a tie goes away from zero.
                prop_assert!(diff.abs() * 2 <= unit);
                if diff.abs() * 2 == unit {
                    prop_assert_eq!(diff.signum(), m.signum());
                }
                prop_assert_eq!(d(-m, scale).to_scale_rounded(to).unwrap(), -r);
            }
        }
    }
}
