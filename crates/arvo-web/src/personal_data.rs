//! Contact persons' personal data, as services the pages, the API and the command line share:
//! a contact's consent history, the export of everything stored about a contact, erasure, and
//! the retention rule for former customers' contacts with its report and its application.
//!
//! Exports and erasures need [`Action::ManagePersonalData`] and a contact the caller may see;
//! setting the retention rule needs [`Action::ManageSettings`]. Every export and erasure is
//! recorded in the audit log, naming the contact by its id only.

use crate::auth::Caller;
use crate::error::AppError;
use crate::service;
use arvo_core::retention::{ContactStanding, RetentionRule, due_for_erasure};
use arvo_core::{Action, Actor, Contact, Problem, Scope, ValidationErrors};
use arvo_store::personal_data::{ConsentEvent, Erasure, ErasureReason, PersonalData};
use arvo_store::{NewAuditEvent, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The setting that holds the retention rule's months; `off` or absent for no rule.
pub const RETENTION_SETTING: &str = "retention_months";

/// Today's date, as the retention rule counts it (UTC).
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The consent history of a contact the caller may see, oldest first.
pub async fn consents(
    store: &Store,
    caller: &Caller,
    id: i64,
) -> Result<Vec<ConsentEvent>, AppError> {
    service::contact(store, caller, id).await?;
    Ok(store.consents(id).await?)
}

/// The form an export was delivered in, as its audit event records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The JSON API or the downloaded file.
    Json,
    /// The readable page.
    Page,
}

impl ExportFormat {
    fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Page => "page",
        }
    }
}

/// Everything stored about a contact the caller may see. The export is recorded in the audit
/// log before the data is handed out.
pub async fn export(
    store: &Store,
    caller: &Caller,
    id: i64,
    format: ExportFormat,
) -> Result<PersonalData, AppError> {
    caller.require(Action::ManagePersonalData)?;
    service::contact(store, caller, id).await?;
    export_as(
        store,
        id,
        &caller.actor(),
        caller.address.as_deref(),
        format,
    )
    .await
}

/// Everything stored about a contact, exported by `actor` (the command line's way in).
pub async fn export_as(
    store: &Store,
    id: i64,
    actor: &Actor,
    address: Option<&str>,
    format: ExportFormat,
) -> Result<PersonalData, AppError> {
    let data = store.personal_data(id).await?;
    store
        .record_event(&NewAuditEvent {
            kind: "personal_data.export",
            actor: &actor.name,
            via: &actor.via,
            subject: Some(format!("contact {id}")),
            details: serde_json::json!({"account_id": data.account.id, "format": format.as_str()}),
            address,
        })
        .await?;
    Ok(data)
}

/// Erases a contact the caller may see; with a `version`, only if it is still current.
pub async fn erase(
    store: &Store,
    caller: &Caller,
    id: i64,
    version: Option<i64>,
) -> Result<Contact, AppError> {
    caller.require(Action::ManagePersonalData)?;
    service::contact(store, caller, id).await?;
    let actor = caller.actor();
    let erasure = Erasure {
        actor: &actor,
        address: caller.address.as_deref(),
        reason: ErasureReason::Request,
    };
    Ok(store.erase_contact(id, version, &erasure).await?)
}

/// The organisation's retention rule; `None` when none is set.
pub async fn retention_rule(store: &Store) -> Result<Option<RetentionRule>, AppError> {
    let Some(value) = store.setting(RETENTION_SETTING).await? else {
        return Ok(None);
    };
    RetentionRule::parse(&value)
        .map_err(|p| AppError::Unexpected(format!("the stored retention rule {value:?}: {p:?}")))
}

/// Sets the retention rule from the months typed (empty or `off` for none).
pub async fn set_retention_rule(
    store: &Store,
    caller: &Caller,
    months: &str,
) -> Result<Option<RetentionRule>, AppError> {
    caller.require(Action::ManageSettings)?;
    let rule = RetentionRule::parse(months).map_err(|p| ValidationErrors::single("months", p))?;
    set_retention_rule_as(store, rule, &caller.actor()).await?;
    Ok(rule)
}

/// Sets the retention rule on behalf of `actor`; the change is in the audit log.
pub async fn set_retention_rule_as(
    store: &Store,
    rule: Option<RetentionRule>,
    actor: &Actor,
) -> Result<(), AppError> {
    let value = rule.map_or_else(|| "off".to_owned(), |r| r.months.to_string());
    Ok(store.set_setting(RETENTION_SETTING, &value, actor).await?)
}

/// A contact due for erasure, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RetentionDue {
    pub contact_id: i64,
    pub account_id: i64,
    /// The contact's name.
    pub name: String,
    pub account_name: String,
    /// The day the account became a former customer.
    pub former_since: NaiveDate,
    /// The first day the contact was due.
    pub due_on: NaiveDate,
}

/// The contacts due for erasure under the retention rule on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RetentionReport {
    /// The rule's months; absent when no rule is set, and then nothing is due.
    pub months: Option<u32>,
    pub today: NaiveDate,
    pub contacts: Vec<RetentionDue>,
}

/// The contacts the caller may see that are due for erasure on `today`.
pub async fn retention_report(
    store: &Store,
    caller: &Caller,
    today: NaiveDate,
) -> Result<RetentionReport, AppError> {
    caller.require(Action::ManagePersonalData)?;
    report_in(store, &caller.scope, today).await
}

/// The contacts in `scope` that are due for erasure on `today`.
pub async fn report_in(
    store: &Store,
    scope: &Scope,
    today: NaiveDate,
) -> Result<RetentionReport, AppError> {
    let rule = retention_rule(store).await?;
    let contacts: Vec<_> = store
        .former_contacts()
        .await?
        .into_iter()
        .filter(|c| scope.includes(c.owner.as_deref()))
        .collect();
    let standings: Vec<ContactStanding> = contacts
        .iter()
        .map(|c| ContactStanding {
            contact_id: c.contact_id,
            account_id: c.account_id,
            account_status: c.account_status,
            status_since: c.status_changed_at.date_naive(),
            erased: false,
        })
        .collect();
    let due = due_for_erasure(rule, today, &standings);
    let contacts = due
        .into_iter()
        .filter_map(|d| {
            let c = contacts.iter().find(|c| c.contact_id == d.contact_id)?;
            Some(RetentionDue {
                contact_id: d.contact_id,
                account_id: d.account_id,
                name: c.name.clone(),
                account_name: c.account_name.clone(),
                former_since: d.former_since,
                due_on: d.due_on,
            })
        })
        .collect();
    Ok(RetentionReport {
        months: rule.map(|r| r.months),
        today,
        contacts,
    })
}

/// What to erase under the retention rule: every contact due, confirmed by their number, or
/// the contacts listed (each must be due).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RetentionApply {
    /// The number of contacts the report shows; the request is refused if it differs.
    pub confirm: Option<i64>,
    /// The contacts to erase instead of all that are due.
    pub contact_ids: Option<Vec<i64>>,
}

/// What applying the retention rule erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RetentionApplied {
    pub erased: usize,
    pub contact_ids: Vec<i64>,
}

/// Erases the contacts the caller may see that are due under the retention rule today.
pub async fn apply_retention(
    store: &Store,
    caller: &Caller,
    request: &RetentionApply,
) -> Result<RetentionApplied, AppError> {
    caller.require(Action::ManagePersonalData)?;
    let actor = caller.actor();
    let erasure = Erasure {
        actor: &actor,
        address: caller.address.as_deref(),
        reason: ErasureReason::Retention,
    };
    apply_in(store, &caller.scope, today(), request, &erasure).await
}

/// Erases the contacts in `scope` due on `today`, as `request` confirms or lists them, all in
/// one transaction. A confirmation that does not match, or a listed contact that is not due,
/// erases nothing.
pub async fn apply_in(
    store: &Store,
    scope: &Scope,
    today: NaiveDate,
    request: &RetentionApply,
    erasure: &Erasure<'_>,
) -> Result<RetentionApplied, AppError> {
    let report = report_in(store, scope, today).await?;
    let due: Vec<i64> = report.contacts.iter().map(|c| c.contact_id).collect();
    let ids = match (&request.contact_ids, request.confirm) {
        (Some(listed), _) => {
            let mut ids = listed.clone();
            ids.sort_unstable();
            ids.dedup();
            if ids.iter().any(|id| !due.contains(id)) {
                return Err(ValidationErrors::single("contact_ids", Problem::NotDue).into());
            }
            ids
        }
        (None, Some(n)) if usize::try_from(n).ok() == Some(due.len()) => due,
        (None, Some(_)) => {
            return Err(ValidationErrors::single(
                "confirm",
                Problem::ConfirmCount {
                    expected: due.len(),
                },
            )
            .into());
        }
        (None, None) => return Err(ValidationErrors::single("confirm", Problem::Required).into()),
    };
    if !ids.is_empty() {
        store.erase_contacts(&ids, erasure).await?;
    }
    Ok(RetentionApplied {
        erased: ids.len(),
        contact_ids: ids,
    })
}
