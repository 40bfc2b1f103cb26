//! Validation results: which field is wrong and why, as a code the UI translates into the user's
//! language. A validator collects every problem of an input instead of stopping at the first one.

use serde::Serialize;
use std::fmt;

/// What is wrong with a field's value. The web layer turns each problem into a sentence in the
/// user's language; [`Problem::english`] is the wording the JSON API uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    BusinessIdFormat,
    BusinessIdCheckDigit,
    Email,
    Phone,
    PostalCode,
    Country,
    Website,
    Number,
    Date,
    /// Not a time of day such as 14:30.
    Time,
    NotNegative,
    Choice {
        allowed: Vec<String>,
    },
    UnknownField,
    WrongType,
    Key,
    Duplicate,
    /// Not the name or email of an active user.
    UnknownUser,
    /// Not the id of one of the account's contacts (or of an erased one).
    UnknownContact,
    /// An account with purchase data, which deleting would lose.
    HasPurchases,
    /// No account has the customer number or business ID a row names.
    UnknownAccount,
    /// The account a row matches already has another customer number.
    OtherCustomerNumber {
        existing: String,
    },
    /// A line of an order whose customer, date or channel differs from the order's first line.
    OrderMismatch {
        row: u64,
    },
    /// The same record again in one file, first given on `row`.
    RepeatedRow {
        row: u64,
    },
    /// Not a customer number: empty, or with spaces or control characters inside.
    CustomerNumber,
    /// The change would leave no active administrator.
    LastAdmin,
    /// Still referred to, e.g. a team that has members.
    InUse,
    /// Not the user's current password.
    WrongPassword,
    TooLarge {
        max: u32,
    },
    /// A confirmation that does not match the number of records the action would change.
    ConfirmCount {
        expected: usize,
    },
    /// Names a contact that is not due for erasure under the retention rule.
    NotDue,
    /// A number such as `1,234` whose comma or point could separate thousands or decimals.
    AmbiguousNumber,
    /// More decimals than the value can hold, e.g. a third decimal of cents.
    TooManyDecimals {
        max: u32,
    },
    /// A percentage outside 0–100.
    Percent,
    /// Not a whole number greater than zero.
    PositiveInteger,
    /// A date before the invoice's own date.
    BeforeInvoiceDate,
    /// A day that must come after today, e.g. the day a postponed suggestion comes back.
    NotInFuture,
    /// A day still to come where one that has passed is wanted, e.g. the day of a review.
    InFuture,
    /// A row that names its customer by neither a customer number nor a business ID.
    CustomerKey,
    /// A number outside its range.
    Between {
        min: String,
        max: String,
    },
    /// Weights that do not add up to 100 %.
    Weights {
        total: u32,
    },
    /// Bounds that do not ascend.
    Ascending,
}

impl Problem {
    /// The problem in plain English.
    pub fn english(&self) -> String {
        match self {
            Self::Required => "is required".into(),
            Self::TooLong { max } => format!("must be at most {max} characters"),
            Self::TooShort { min } => format!("must be at least {min} characters"),
            Self::BusinessIdFormat => {
                "must be a Finnish business ID of seven digits and a check digit, e.g. 1234567-8"
                    .into()
            }
            Self::BusinessIdCheckDigit => {
                "has a check digit that does not match; check the business ID".into()
            }
            Self::Email => "must be an email address such as name@example.fi".into(),
            Self::Phone => "must be a phone number of digits, spaces, +, - or parentheses".into(),
            Self::PostalCode => "must be a Finnish postal code of five digits".into(),
            Self::Country => "must be a two-letter country code such as FI".into(),
            Self::Website => "must be a web address such as www.example.fi".into(),
            Self::Number => "must be a number".into(),
            Self::Date => "must be a date (22.11.2026 or 2026-11-22)".into(),
            Self::Time => "must be a time of day (14:30)".into(),
            Self::NotNegative => "must not be negative".into(),
            Self::Choice { allowed } => format!("must be one of: {}", allowed.join(", ")),
            Self::UnknownField => "is not a known field".into(),
            Self::WrongType => "has a value of the wrong type".into(),
            Self::Key => {
                "must start with a letter and contain only a-z, 0-9 and underscores".into()
            }
            Self::Duplicate => "is already in use".into(),
            Self::UnknownUser => "must be the name or email of an active user".into(),
            Self::UnknownContact => "must be one of the customer's own contacts".into(),
            Self::OtherCustomerNumber { existing } => format!(
                "differs from the customer number {existing} of the account this row matches (same business ID, email or name)"
            ),
            Self::UnknownAccount => {
                "names no account; add the customer or its customer number first".into()
            }
            Self::OrderMismatch { row } => format!(
                "differs from the order's first line on row {row} (customer, date, channel or reseller)"
            ),
            Self::RepeatedRow { row } => format!("repeats row {row}"),
            Self::HasPurchases => {
                "has purchase data and cannot be deleted; mark it a former customer instead".into()
            }
            Self::CustomerNumber => {
                "must be a customer number without spaces, e.g. 10023 or A-1002".into()
            }
            Self::LastAdmin => {
                "cannot be changed: Arvo must keep at least one active administrator".into()
            }
            Self::InUse => "is still in use".into(),
            Self::WrongPassword => "does not match the current password".into(),
            Self::TooLarge { max } => format!("must be at most {max}"),
            Self::ConfirmCount { expected } => format!(
                "must be {expected}, the number of contacts due for erasure; review the list again"
            ),
            Self::NotDue => "names a contact that is not due for erasure".into(),
            Self::AmbiguousNumber => {
                "is ambiguous: the comma or point could separate thousands or decimals; \
                 write thousands without a separator or with a space (1 234)"
                    .into()
            }
            Self::TooManyDecimals { max } => format!("must have at most {max} decimals"),
            Self::Percent => "must be a percentage from 0 to 100".into(),
            Self::PositiveInteger => "must be a whole number greater than zero".into(),
            Self::BeforeInvoiceDate => "must not be before the invoice date".into(),
            Self::NotInFuture => "must be a day after today".into(),
            Self::InFuture => "must not be a day after today".into(),
            Self::CustomerKey => "is required: give the customer number or the business ID".into(),
            Self::Between { min, max } => format!("must be between {min} and {max}"),
            Self::Weights { total } => {
                format!("must add up to 100 % (the weights now add up to {total} %)")
            }
            Self::Ascending => "must ascend, each bound at least the one before".into(),
        }
    }
}

/// One field's problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub problem: Problem,
}

/// Every problem found in one input. Empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// An error about a single field.
    pub fn single(field: impl Into<String>, problem: Problem) -> Self {
        let mut e = Self::new();
        e.add(field, problem);
        e
    }

    pub fn add(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(FieldError {
            field: field.into(),
            problem,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem of `field`, if any.
    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.problem)
    }

    /// Records the error of a parse result and gives back its value.
    pub fn take<T>(&mut self, field: &str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(p) => {
                self.add(field, p);
                None
            }
        }
    }

    /// `Ok(value)` when nothing was found wrong.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{} {}", e.field, e.problem.english()))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

/// Trims a text; an empty result is `None`.
/// A value as an import lays it over a stored one: the file's value when the file has the field
/// (`mapped`) and gives one, else the stored value.
pub fn overlay_value<T: Clone>(
    mapped: bool,
    incoming: Option<&T>,
    current: Option<&T>,
) -> Option<T> {
    if mapped && incoming.is_some() {
        incoming.cloned()
    } else {
        current.cloned()
    }
}

pub fn optional_text(value: Option<&str>) -> Option<String> {
    trimmed(value).map(str::to_owned)
}

/// The trimmed text, when anything is left of it.
pub fn trimmed(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|s| !s.is_empty())
}

/// Whether a text has more than `max` characters.
fn longer_than(text: &str, max: usize) -> bool {
    // No text has more characters than bytes, so a short one needs no counting.
    text.len() > max && text.chars().count() > max
}

/// Checks an optional free text against a maximum length in characters.
pub fn bounded_text(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Option<String> {
    let text = trimmed(value)?;
    if longer_than(text, max) {
        errors.add(field, Problem::TooLong { max });
        return None;
    }
    Some(text.to_owned())
}

/// Like [`bounded_text`] but the field must be present.
pub fn required_text(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> String {
    if trimmed(value).is_none() {
        errors.add(field, Problem::Required);
        return String::new();
    }
    bounded_text(errors, field, value, max).unwrap_or_default()
}
