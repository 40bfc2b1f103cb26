//! The Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit.

use crate::validation::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid Finnish business ID in its normal form `1234567-8`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BusinessId(String);

const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

impl BusinessId {
    /// Parses a business ID written as `1234567-8`, `12345678`, `123456-8` (an old six-digit ID,
    /// padded with a leading zero) or as a VAT number `FI12345678`, and checks its check digit.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>();
        let compact = compact
            .strip_prefix("FI")
            .or_else(|| compact.strip_prefix("fi"))
            .unwrap_or(&compact)
            .to_owned();
        if !compact.chars().all(|c| c.is_ascii_digit()) || !(7..=8).contains(&compact.len()) {
            return Err(Problem::BusinessIdFormat);
        }
        let padded = if compact.len() == 7 {
            format!("0{compact}")
        } else {
            compact
        };
        let digits: Vec<u32> = padded.chars().filter_map(|c| c.to_digit(10)).collect();
        let expected = check_digit(&digits[..7]).ok_or(Problem::BusinessIdCheckDigit)?;
        if digits[7] != expected {
            return Err(Problem::BusinessIdCheckDigit);
        }
        Ok(Self(format!("{}-{}", &padded[..7], &padded[7..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit of seven digits, or `None` when no digit can be valid (remainder 1).
pub fn check_digit(digits: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some(11 - r),
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for BusinessId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|p| p.english())
    }
}

impl From<BusinessId> for String {
    fn from(value: BusinessId) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_known_ids_and_normalises() {
        // Nokia Oyj and Kone Oyj, as published in the trade register.
        assert_eq!(
            BusinessId::parse("0112038-9").unwrap().as_str(),
            "0112038-9"
        );
        assert_eq!(
            BusinessId::parse("1927400-1").unwrap().as_str(),
            "1927400-1"
        );
        assert_eq!(
            BusinessId::parse(" 01120389 ").unwrap().as_str(),
            "0112038-9"
        );
        assert_eq!(
            BusinessId::parse("FI01120389").unwrap().as_str(),
            "0112038-9"
        );
        assert_eq!(BusinessId::parse("112038-9").unwrap().as_str(), "0112038-9");
    }

    #[test]
    fn rejects_wrong_check_digit_and_format() {
        assert_eq!(
            BusinessId::parse("0112038-8"),
            Err(Problem::BusinessIdCheckDigit)
        );
        assert_eq!(BusinessId::parse("abc"), Err(Problem::BusinessIdFormat));
        assert_eq!(BusinessId::parse("123"), Err(Problem::BusinessIdFormat));
        assert_eq!(
            BusinessId::parse("123456789"),
            Err(Problem::BusinessIdFormat)
        );
    }

    proptest! {
        #[test]
        fn exactly_one_check_digit_is_valid(base in 0u32..10_000_000) {
            let stem = format!("{base:07}");
            let valid: Vec<u32> = (0..10)
                .filter(|d| BusinessId::parse(&format!("{stem}-{d}")).is_ok())
                .collect();
            let digits: Vec<u32> = stem.chars().filter_map(|c| c.to_digit(10)).collect();
            prop_assert_eq!(valid.len(), usize::from(check_digit(&digits).is_some()));
        }

        #[test]
        fn normal_form_parses_to_itself(base in 0u32..10_000_000) {
            let stem = format!("{base:07}");
            let digits: Vec<u32> = stem.chars().filter_map(|c| c.to_digit(10)).collect();
            if let Some(d) = check_digit(&digits) {
                let id = BusinessId::parse(&format!("{stem}{d}")).unwrap();
                prop_assert_eq!(BusinessId::parse(id.as_str()).unwrap(), id);
            }
        }
    }
}
