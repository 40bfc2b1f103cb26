//! The shapes of contact persons' personal data as the repository reads and returns them: the
//! history of a contact's marketing consent, everything stored about one contact (for an export),
//! what an erasure needs to know, and the contacts of former customers that the retention rule
//! looks at.

use crate::HistoryEntry;
use crate::users::AuditEntry;
use arvo_core::{AccountStatus, Actor, ConsentStatus, Contact};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// One recorded state of a contact's marketing consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ConsentEvent {
    pub id: i64,
    pub contact_id: i64,
    /// `given`, `withdrawn` or `unknown`.
    pub status: ConsentStatus,
    /// When the person gave or withdrew the consent.
    pub consent_date: Option<NaiveDate>,
    /// Where the consent was recorded, e.g. "trade fair form"; emptied when the contact is erased.
    pub source: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// The user who recorded it (`arvo` for consents carried over when the history began).
    pub recorded_by: String,
    /// `web`, `api`, `cli`, `import`, `demo` or `migration`.
    pub via: String,
}

/// The account a contact belongs to, as an export names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AccountRef {
    /// The account's number in Arvo.
    pub id: i64,
    pub name: String,
    pub business_id: Option<String>,
}

/// Everything Arvo stores about one contact person, as a data subject's access request needs it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PersonalData {
    pub exported_at: DateTime<Utc>,
    pub contact: Contact,
    pub account: AccountRef,
    /// The consent history, oldest first.
    pub consents: Vec<ConsentEvent>,
    /// Every change of the contact, oldest first, with each field's value before and after.
    pub history: Vec<HistoryEntry>,
    /// The audit log's events about the contact (exports and erasures), oldest first.
    pub audit: Vec<AuditEntry>,
}

/// Why a contact is erased, as its audit event records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureReason {
    /// The person asked, or a user erased the contact by hand.
    Request,
    /// The retention rule for former customers' contacts.
    Retention,
}

impl ErasureReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Request => "request",
            Self::Retention => "retention",
        }
    }
}

/// Who erases, from where and why; the audit event of each erasure records it.
#[derive(Debug, Clone, Copy)]
pub struct Erasure<'a> {
    pub actor: &'a Actor,
    pub address: Option<&'a str>,
    pub reason: ErasureReason,
}

/// A contact, not yet erased, of an account that is a former customer, with what the retention
/// report shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerContact {
    pub contact_id: i64,
    pub account_id: i64,
    /// The contact's full name.
    pub name: String,
    pub account_name: String,
    pub owner: Option<String>,
    pub account_status: AccountStatus,
    /// When the account's status last changed.
    pub status_changed_at: DateTime<Utc>,
}
