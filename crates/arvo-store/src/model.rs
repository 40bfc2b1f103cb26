//! The shapes the repository reads and returns: queries, pages with cursors, history entries,
//! and the database rows with their conversion into domain records.

use crate::{Result, StoreError};
use arvo_core::{
    Account, AccountDraft, AccountKind, AccountStatus, BusinessId, BuyingRole, ConsentStatus,
    Contact, ContactDraft, Email, FieldChange, Money, Problem, Scope, SizeClass, ValidationErrors,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::types::Json;
use std::collections::BTreeMap;

/// The most rows one page holds.
pub const MAX_PAGE: u32 = 200;

/// How an account list is ordered. Each order has a stable tie-breaker (the id), so cursors
/// never skip or repeat a row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AccountSort {
    #[default]
    Name,
    NameDesc,
    Updated,
    UpdatedDesc,
    Created,
    CreatedDesc,
    Revenue,
    RevenueDesc,
}

impl AccountSort {
    pub const ALL: [Self; 8] = [
        Self::Name,
        Self::NameDesc,
        Self::Updated,
        Self::UpdatedDesc,
        Self::Created,
        Self::CreatedDesc,
        Self::Revenue,
        Self::RevenueDesc,
    ];

    /// `name`, `-name`, `updated`, `-updated`, `created`, `-created`, `revenue`, `-revenue`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::NameDesc => "-name",
            Self::Updated => "updated",
            Self::UpdatedDesc => "-updated",
            Self::Created => "created",
            Self::CreatedDesc => "-created",
            Self::Revenue => "revenue",
            Self::RevenueDesc => "-revenue",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s.trim())
    }

    pub fn descending(self) -> bool {
        self.as_str().starts_with('-')
    }

    /// The same column in the other direction.
    #[must_use]
    pub fn reversed(self) -> Self {
        let s = self.as_str();
        let other = s
            .strip_prefix('-')
            .map_or_else(|| format!("-{s}"), str::to_owned);
        Self::parse(&other).unwrap_or(self)
    }
}

/// A filtered, sorted, paged view of the accounts.
#[derive(Debug, Clone, Default)]
pub struct AccountQuery {
    /// Words that must each start a word of the name, business ID, email, municipality or a
    /// contact's name or email.
    pub text: Option<String>,
    pub status: Option<AccountStatus>,
    pub kind: Option<AccountKind>,
    pub owner: Option<String>,
    pub tag: Option<String>,
    pub sort: AccountSort,
    /// Where the previous page ended.
    pub cursor: Option<String>,
    pub limit: u32,
    /// The accounts the asking user may see.
    pub scope: Scope,
}

/// A filtered, paged view of the contacts.
#[derive(Debug, Clone, Default)]
pub struct ContactQuery {
    pub text: Option<String>,
    pub account_id: Option<i64>,
    pub role: Option<BuyingRole>,
    pub consent: Option<ConsentStatus>,
    pub cursor: Option<String>,
    pub limit: u32,
    /// The accounts whose contacts the asking user may see.
    pub scope: Scope,
}

/// One page of a list and where the next one starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub id: i64,
    /// `account` or `contact`.
    pub entity: String,
    pub entity_id: i64,
    pub account_id: Option<i64>,
    /// `create`, `update`, `delete`, `merge`, `dismiss_duplicate` or `erase`.
    pub action: String,
    pub summary: Option<String>,
    pub actor: String,
    pub via: String,
    pub at: DateTime<Utc>,
    pub changes: Vec<FieldChange>,
}

/// The value a sort orders by, carried in a cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SortValue {
    Int(i64),
    Text(String),
}

/// Where a page ended: the sort it belongs to, the last row's sort value and id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    pub sort: String,
    pub value: SortValue,
    pub id: i64,
}

impl Cursor {
    /// An opaque, URL-safe text.
    pub fn encode(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        json.bytes()
            .fold(String::with_capacity(json.len() * 2), |mut out, b| {
                out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
                out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
                out
            })
    }

    /// Reads a cursor made by [`Cursor::encode`] for the same sort.
    pub fn decode(text: &str, sort: &str) -> Result<Self> {
        let bad = || {
            StoreError::Validation(ValidationErrors::single(
                "cursor",
                Problem::Choice { allowed: vec![] },
            ))
        };
        if !text.len().is_multiple_of(2) || text.len() > 2000 {
            return Err(bad());
        }
        let bytes: Option<Vec<u8>> = (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
            .collect();
        let cursor: Self = serde_json::from_slice(&bytes.ok_or_else(bad)?).map_err(|_| bad())?;
        if cursor.sort != sort {
            return Err(bad());
        }
        Ok(cursor)
    }
}

/// Page size within bounds: 50 when not given.
pub fn page_limit(limit: u32) -> i64 {
    i64::from(if limit == 0 { 50 } else { limit.min(MAX_PAGE) })
}

#[derive(sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub version: i64,
    pub kind: String,
    pub customer_number: Option<String>,
    pub name: String,
    pub business_id: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<String>,
    pub annual_revenue_cents: Option<i64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street_address: Option<String>,
    pub postal_code: Option<String>,
    pub municipality: Option<String>,
    pub country: String,
    pub website: Option<String>,
    pub status: String,
    pub owner: Option<String>,
    pub tags: Json<Vec<String>>,
    pub special_wishes: Option<String>,
    pub custom: Json<BTreeMap<String, Value>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;
    fn try_from(r: AccountRow) -> Result<Self> {
        let data = AccountDraft {
            kind: AccountKind::parse(&r.kind).ok_or_else(|| corrupt("account kind", &r.kind))?,
            business_id: r
                .business_id
                .map(|b| BusinessId::parse(&b).map_err(|_| corrupt("business id", &b)))
                .transpose()?,
            size_class: r
                .size_class
                .map(|s| SizeClass::parse(&s).ok_or_else(|| corrupt("size class", &s)))
                .transpose()?,
            annual_revenue: r.annual_revenue_cents.map(Money),
            email: r
                .email
                .map(|e| Email::parse(&e).map_err(|_| corrupt("email", &e)))
                .transpose()?,
            status: AccountStatus::parse(&r.status).ok_or_else(|| corrupt("status", &r.status))?,
            customer_number: r.customer_number,
            name: r.name,
            industry: r.industry,
            phone: r.phone,
            street_address: r.street_address,
            postal_code: r.postal_code,
            municipality: r.municipality,
            country: r.country,
            website: r.website,
            owner: r.owner,
            tags: r.tags.0,
            special_wishes: r.special_wishes,
            custom: r.custom.0,
        };
        Ok(Self {
            id: r.id,
            version: r.version,
            data,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub account_id: i64,
    pub version: i64,
    pub first_name: Option<String>,
    pub last_name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub roles: Json<Vec<String>>,
    pub marketing_consent: String,
    pub consent_date: Option<NaiveDate>,
    pub consent_source: Option<String>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub erased_at: Option<DateTime<Utc>>,
}

impl TryFrom<ContactRow> for Contact {
    type Error = StoreError;
    fn try_from(r: ContactRow) -> Result<Self> {
        let roles = r
            .roles
            .0
            .iter()
            .map(|s| BuyingRole::parse(s).ok_or_else(|| corrupt("buying role", s)))
            .collect::<Result<Vec<_>>>()?;
        let data = ContactDraft {
            first_name: r.first_name,
            last_name: r.last_name,
            title: r.title,
            email: r
                .email
                .map(|e| Email::parse(&e).map_err(|_| corrupt("email", &e)))
                .transpose()?,
            phone: r.phone,
            roles,
            marketing_consent: ConsentStatus::parse(&r.marketing_consent)
                .ok_or_else(|| corrupt("consent", &r.marketing_consent))?,
            consent_date: r.consent_date,
            consent_source: r.consent_source,
            notes: r.notes,
        };
        Ok(Self {
            id: r.id,
            account_id: r.account_id,
            version: r.version,
            data,
            created_at: r.created_at,
            updated_at: r.updated_at,
            erased_at: r.erased_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct HistoryRow {
    pub id: i64,
    pub entity: String,
    pub entity_id: i64,
    pub account_id: Option<i64>,
    pub action: String,
    pub summary: Option<String>,
    pub actor: String,
    pub via: String,
    pub at: DateTime<Utc>,
    pub changes: Json<Vec<FieldChange>>,
}

impl From<HistoryRow> for HistoryEntry {
    fn from(r: HistoryRow) -> Self {
        Self {
            id: r.id,
            entity: r.entity,
            entity_id: r.entity_id,
            account_id: r.account_id,
            action: r.action,
            summary: r.summary,
            actor: r.actor,
            via: r.via,
            at: r.at,
            changes: r.changes.0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct CustomFieldRow {
    pub key: String,
    pub label: String,
    pub kind: String,
    pub options: Json<Vec<String>>,
}

/// The current time, to the microsecond both databases keep.
pub fn now() -> DateTime<Utc> {
    let t = Utc::now();
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_other_sorts() {
        let c = Cursor {
            sort: "name".into(),
            value: SortValue::Text("kone ä".into()),
            id: 7,
        };
        let text = c.encode();
        assert!(text.chars().all(|ch| ch.is_ascii_hexdigit()));
        assert_eq!(Cursor::decode(&text, "name").unwrap(), c);
        assert!(Cursor::decode(&text, "-name").is_err());
        assert!(Cursor::decode("zz", "name").is_err());
    }

    #[test]
    fn sorts_reverse() {
        assert_eq!(AccountSort::Name.reversed(), AccountSort::NameDesc);
        assert_eq!(AccountSort::RevenueDesc.reversed(), AccountSort::Revenue);
    }
}
