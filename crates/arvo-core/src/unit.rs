//! Values people set as goals and targets, in hundredths of their unit: cents for money,
//! hundredths of a percent for shares, hundredths of a thing for counts (a count is whole, so 25
//! customers are 2 500) and hundredths for plain numbers. Read from Finnish or English writing.

use crate::numbers::{Decimal, DecimalMark};
use crate::validation::Problem;

/// The unit a value is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Euros, the value in cents.
    Money,
    /// Percent 0–100, the value in hundredths of a percent.
    Percent,
    /// Whole things, the value in hundredths.
    Count,
    /// A plain number with up to two decimals, the value in hundredths.
    Number,
}

/// Reads a value in hundredths of `unit`: an amount (with or without `€`), a percentage 0–100
/// (with or without `%`), a whole number, or a number with up to two decimals. Below zero only
/// when `negative_allowed`.
pub fn parse_value(unit: Unit, text: &str, negative_allowed: bool) -> Result<i64, Problem> {
    let number = match unit {
        Unit::Money => Decimal::parse_amount(text, DecimalMark::Auto),
        Unit::Percent => Decimal::parse_percent(text, DecimalMark::Auto),
        Unit::Count | Unit::Number => Decimal::parse(text, DecimalMark::Auto),
    }?;
    let (scale, factor) = if unit == Unit::Count {
        (0, 100)
    } else {
        (2, 1)
    };
    let exact = number.to_scale_exact(scale).map_err(|p| match (unit, p) {
        (Unit::Count, Problem::TooManyDecimals { .. }) => Problem::PositiveInteger,
        (_, p) => p,
    })?;
    let value = i64::try_from(exact)
        .ok()
        .and_then(|v| v.checked_mul(factor))
        .ok_or(Problem::Number)?;
    match unit {
        Unit::Percent if !(0..=10_000).contains(&value) => Err(Problem::Percent),
        _ if value < 0 && !negative_allowed => Err(Problem::NotNegative),
        _ => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_unit_reads_its_forms() {
        assert_eq!(
            parse_value(Unit::Money, "120 000,50 €", false),
            Ok(12_000_050)
        );
        assert_eq!(parse_value(Unit::Money, "-1 500", true), Ok(-150_000));
        assert_eq!(
            parse_value(Unit::Money, "-1 500", false),
            Err(Problem::NotNegative)
        );
        assert_eq!(parse_value(Unit::Percent, "40,5 %", false), Ok(4_050));
        assert_eq!(
            parse_value(Unit::Percent, "140", false),
            Err(Problem::Percent)
        );
        assert_eq!(parse_value(Unit::Count, "120", false), Ok(12_000));
        assert_eq!(
            parse_value(Unit::Count, "12,5", false),
            Err(Problem::PositiveInteger)
        );
        assert_eq!(parse_value(Unit::Number, "3,25", false), Ok(325));
        assert_eq!(
            parse_value(Unit::Number, "1,234", false),
            Err(Problem::AmbiguousNumber)
        );
    }

    proptest! {
        #[test]
        fn a_written_amount_reads_back_exactly(cents in 0i64..10_000_000_000) {
            let text = format!("{},{:02} €", cents / 100, cents % 100);
            prop_assert_eq!(parse_value(Unit::Money, &text, false), Ok(cents));
        }

        #[test]
        fn a_written_share_reads_back_exactly(hundredths in 0i64..=10_000) {
            let text = format!("{},{:02} %", hundredths / 100, hundredths % 100);
            prop_assert_eq!(parse_value(Unit::Percent, &text, false), Ok(hundredths));
        }
    }
}
