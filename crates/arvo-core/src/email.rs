//! Email addresses, checked for a plausible shape and kept in lower case for matching.

use crate::validation::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically plausible email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let s = input.trim().to_lowercase();
        let Some((local, domain)) = s.split_once('@') else {
            return Err(Problem::Email);
        };
        let valid = !local.is_empty()
            && local.len() <= 64
            && s.len() <= 254
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c));
        if valid {
            Ok(Self(s))
        } else {
            Err(Problem::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|p| p.english())
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_lowercases() {
        assert_eq!(
            Email::parse(" Liisa.Virtanen@Kone.FI ").unwrap().as_str(),
            "liisa.virtanen@kone.fi"
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "", "a", "a@b", "@b.fi", "a@@b.fi", "a b@c.fi", "a@.fi", "a@b..fi", "a@b.fi.",
        ] {
            assert_eq!(Email::parse(bad), Err(Problem::Email), "{bad}");
        }
    }
}
