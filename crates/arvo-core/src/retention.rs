//! The retention rule for contacts of former customers: once an account has been a former
//! customer for the months the organisation has set, the personal data of its contacts is due
//! for erasure. Everything here takes today's date as an argument, so the rule gives the same
//! answer in a test on any day.

use crate::account::AccountStatus;
use crate::validation::Problem;
use chrono::{Months, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

/// The longest retention period that can be set, in months (fifty years).
pub const MONTHS_MAX: u32 = 600;

/// How long the contacts of a former customer are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct RetentionRule {
    /// Months after the account became a former customer; 0 means at once.
    pub months: u32,
}

impl RetentionRule {
    /// A rule of `months` months, at most [`MONTHS_MAX`].
    pub fn new(months: u32) -> Result<Self, Problem> {
        if months > MONTHS_MAX {
            Err(Problem::TooLarge { max: MONTHS_MAX })
        } else {
            Ok(Self { months })
        }
    }

    /// Reads a rule as typed: a whole number of months, or nothing (or `off`) for no rule.
    pub fn parse(text: &str) -> Result<Option<Self>, Problem> {
        let t = text.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let months = t.parse::<u32>().map_err(|_| Problem::Number)?;
        Self::new(months).map(Some)
    }

    /// The first day on which the contacts of an account that became a former customer on
    /// `former_since` are due. A month later than the 31st is the month's last day.
    pub fn due_on(self, former_since: NaiveDate) -> NaiveDate {
        former_since
            .checked_add_months(Months::new(self.months))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// A contact as the rule sees it: where its account stands and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactStanding {
    pub contact_id: i64,
    pub account_id: i64,
    pub account_status: AccountStatus,
    /// The day the account's status last changed.
    pub status_since: NaiveDate,
    /// Whether the contact's personal data has already been erased.
    pub erased: bool,
}

/// A contact due for erasure under the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DueContact {
    pub contact_id: i64,
    pub account_id: i64,
    /// The day the account became a former customer.
    pub former_since: NaiveDate,
    /// The first day the contact was due.
    pub due_on: NaiveDate,
}

/// The contacts due for erasure on `today`: those not yet erased whose account is a former
/// customer and has been one for the rule's months. Without a rule, none is due. The order of
/// `contacts` is kept.
pub fn due_for_erasure(
    rule: Option<RetentionRule>,
    today: NaiveDate,
    contacts: &[ContactStanding],
) -> Vec<DueContact> {
    let Some(rule) = rule else {
        return Vec::new();
    };
    contacts
        .iter()
        .filter(|c| c.account_status == AccountStatus::Former && !c.erased)
        .map(|c| DueContact {
            contact_id: c.contact_id,
            account_id: c.account_id,
            former_since: c.status_since,
            due_on: rule.due_on(c.status_since),
        })
        .filter(|d| d.due_on <= today)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn standing(id: i64, status: AccountStatus, since: NaiveDate, erased: bool) -> ContactStanding {
        ContactStanding {
            contact_id: id,
            account_id: 100 + id,
            account_status: status,
            status_since: since,
            erased,
        }
    }

    #[test]
    fn rules_are_read_as_typed() {
        assert_eq!(RetentionRule::parse(""), Ok(None));
        assert_eq!(RetentionRule::parse(" off "), Ok(None));
        assert_eq!(
            RetentionRule::parse(" 24 "),
            Ok(Some(RetentionRule { months: 24 }))
        );
        assert_eq!(
            RetentionRule::parse("0"),
            Ok(Some(RetentionRule { months: 0 }))
        );
        assert_eq!(RetentionRule::parse("-1"), Err(Problem::Number));
        assert_eq!(RetentionRule::parse("kaksi"), Err(Problem::Number));
        assert_eq!(
            RetentionRule::parse("601"),
            Err(Problem::TooLarge { max: MONTHS_MAX })
        );
    }

    #[test]
    fn due_dates_count_calendar_months() {
        let rule = RetentionRule::new(24).unwrap();
        assert_eq!(rule.due_on(day(2024, 3, 15)), day(2026, 3, 15));
        assert_eq!(rule.due_on(day(2024, 2, 29)), day(2026, 2, 28));
        assert_eq!(
            RetentionRule::new(1).unwrap().due_on(day(2026, 1, 31)),
            day(2026, 2, 28)
        );
        assert_eq!(
            RetentionRule::new(0).unwrap().due_on(day(2026, 1, 31)),
            day(2026, 1, 31)
        );
    }

    #[test]
    fn only_former_customers_contacts_past_the_period_are_due() {
        let since = day(2024, 3, 15);
        let contacts = [
            standing(1, AccountStatus::Former, since, false),
            standing(2, AccountStatus::Former, day(2024, 3, 16), false),
            standing(3, AccountStatus::Customer, day(2020, 1, 1), false),
            standing(4, AccountStatus::Prospect, day(2020, 1, 1), false),
            standing(5, AccountStatus::Former, day(2020, 1, 1), true),
            standing(6, AccountStatus::Former, day(2023, 1, 1), false),
        ];
        let rule = RetentionRule::new(24).ok();
        let ids = |today| -> Vec<i64> {
            due_for_erasure(rule, today, &contacts)
                .iter()
                .map(|d| d.contact_id)
                .collect()
        };
        assert_eq!(ids(day(2026, 3, 14)), [6]);
        assert_eq!(ids(day(2026, 3, 15)), [1, 6], "due on the day itself");
        assert_eq!(ids(day(2026, 3, 16)), [1, 2, 6]);
        assert_eq!(ids(day(2040, 1, 1)), [1, 2, 6], "never other statuses");
        assert!(due_for_erasure(None, day(2040, 1, 1), &contacts).is_empty());
        let due = due_for_erasure(rule, day(2026, 3, 15), &contacts);
        assert_eq!(
            due[0],
            DueContact {
                contact_id: 1,
                account_id: 101,
                former_since: since,
                due_on: day(2026, 3, 15),
            }
        );
    }
}
