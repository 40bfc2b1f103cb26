//! Application services: what the JSON API and the pages both do, written once. Handlers parse
//! the request, call a service, and present the result in their own format.

use crate::auth::Caller;
use crate::error::AppError;
use arvo_core::duplicates::DuplicateGroup;
use arvo_core::{
    Account, AccountDraft, AccountInput, AccountKind, AccountStatus, Action, BuyingRole,
    ConsentStatus, Contact, ContactInput, CustomFieldDef, Problem, ValidationErrors,
};
use arvo_store::{AccountQuery, AccountSort, ContactQuery, NewAuditEvent, Page, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// How many history entries an account page and the API show.
pub const HISTORY_LIMIT: i64 = 200;

/// The account list's query parameters, as text so that a bad value names its parameter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AccountListParams {
    /// Search words: each must start a word of the name, business ID, email, municipality, or a
    /// contact's name or email.
    pub q: Option<String>,
    /// `prospect`, `customer` or `former`.
    pub status: Option<String>,
    /// `company` or `person`.
    pub kind: Option<String>,
    pub owner: Option<String>,
    pub tag: Option<String>,
    /// `name` (default), `-name`, `updated`, `-updated`, `created`, `-created`, `revenue`, `-revenue`.
    pub sort: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Rows per page, 1–200 (default 50).
    pub limit: Option<String>,
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

impl AccountListParams {
    pub fn to_query(&self) -> Result<AccountQuery, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let status = non_empty(self.status.as_ref())
            .and_then(|s| e.take("status", AccountStatus::parse_field(s)));
        let kind =
            non_empty(self.kind.as_ref()).and_then(|s| e.take("kind", AccountKind::parse_field(s)));
        let sort = match non_empty(self.sort.as_ref()) {
            None => AccountSort::Name,
            Some(s) => AccountSort::parse(s).unwrap_or_else(|| {
                e.add(
                    "sort",
                    Problem::Choice {
                        allowed: AccountSort::ALL
                            .iter()
                            .map(|s| s.as_str().to_owned())
                            .collect(),
                    },
                );
                AccountSort::Name
            }),
        };
        let limit = parse_limit(&mut e, self.limit.as_ref());
        e.into_result(|| AccountQuery {
            text: non_empty(self.q.as_ref()).map(str::to_owned),
            status,
            kind,
            owner: non_empty(self.owner.as_ref()).map(str::to_owned),
            tag: non_empty(self.tag.as_ref()).map(str::to_owned),
            sort,
            cursor: non_empty(self.cursor.as_ref()).map(str::to_owned),
            limit,
            scope: arvo_core::Scope::All,
        })
    }
}

fn parse_limit(e: &mut ValidationErrors, limit: Option<&String>) -> u32 {
    match non_empty(limit) {
        None => 0,
        Some(l) => match l.parse::<u32>() {
            Ok(n) if (1..=200).contains(&n) => n,
            _ => {
                e.add("limit", Problem::Number);
                0
            }
        },
    }
}

/// The contact list's query parameters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ContactListParams {
    /// Words found in the contact's name or email.
    pub q: Option<String>,
    pub account_id: Option<String>,
    /// A buying role such as `decider`.
    pub role: Option<String>,
    /// `unknown`, `given` or `withdrawn`.
    pub consent: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

impl ContactListParams {
    pub fn to_query(&self) -> Result<ContactQuery, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let account_id = non_empty(self.account_id.as_ref())
            .and_then(|s| e.take("account_id", s.parse::<i64>().map_err(|_| Problem::Number)));
        let role =
            non_empty(self.role.as_ref()).and_then(|s| e.take("role", BuyingRole::parse_field(s)));
        let consent = non_empty(self.consent.as_ref())
            .and_then(|s| e.take("consent", ConsentStatus::parse_field(s)));
        let limit = parse_limit(&mut e, self.limit.as_ref());
        e.into_result(|| ContactQuery {
            text: non_empty(self.q.as_ref()).map(str::to_owned),
            account_id,
            role,
            consent,
            cursor: non_empty(self.cursor.as_ref()).map(str::to_owned),
            limit,
            scope: arvo_core::Scope::All,
        })
    }
}

/// A page of the accounts the caller may see.
pub async fn list_accounts(
    store: &Store,
    caller: &Caller,
    mut query: AccountQuery,
) -> Result<Page<Account>, AppError> {
    caller.require(Action::ReadCustomers)?;
    query.scope = caller.scope.clone();
    Ok(store.list_accounts(&query).await?)
}

/// A page of the contacts the caller may see.
pub async fn list_contacts(
    store: &Store,
    caller: &Caller,
    mut query: ContactQuery,
) -> Result<Page<Contact>, AppError> {
    caller.require(Action::ReadCustomers)?;
    query.scope = caller.scope.clone();
    Ok(store.list_contacts(&query).await?)
}

/// An account the caller may see; any other is "not found", so that its existence does not leak.
pub async fn account(store: &Store, caller: &Caller, id: i64) -> Result<Account, AppError> {
    caller.require(Action::ReadCustomers)?;
    let account = store.account(id).await?;
    if caller.sees(account.data.owner.as_deref()) {
        Ok(account)
    } else {
        Err(AppError::NotFound("account".into()))
    }
}

/// A contact of an account the caller may see.
pub async fn contact(store: &Store, caller: &Caller, id: i64) -> Result<Contact, AppError> {
    let contact = store.contact(id).await?;
    account(store, caller, contact.account_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound("contact".into()),
            other => other,
        })?;
    Ok(contact)
}

/// The owner named in an input, as the active user's exact name; an owner that is no active
/// user is an error, unless the account already had that owner.
async fn resolve_owner(
    store: &Store,
    draft: &mut AccountDraft,
    current: Option<&str>,
) -> Result<(), AppError> {
    let Some(named) = draft.owner.clone() else {
        return Ok(());
    };
    match store.active_user_named(&named).await? {
        Some(user) => draft.owner = Some(user.name),
        None if current == Some(named.as_str()) => {}
        None => return Err(ValidationErrors::single("owner", Problem::UnknownUser).into()),
    }
    Ok(())
}

pub async fn create_account(
    store: &Store,
    caller: &Caller,
    input: &AccountInput,
) -> Result<Account, AppError> {
    caller.require(Action::EditCustomers)?;
    let mut draft = input.validate(&store.custom_fields().await?)?;
    resolve_owner(store, &mut draft, None).await?;
    Ok(store.create_account(&draft, &caller.actor()).await?)
}

pub async fn update_account(
    store: &Store,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &AccountInput,
) -> Result<Account, AppError> {
    caller.require(Action::EditCustomers)?;
    let current = account(store, caller, id).await?;
    let mut draft = input.validate(&store.custom_fields().await?)?;
    resolve_owner(store, &mut draft, current.data.owner.as_deref()).await?;
    Ok(store
        .update_account(id, version, &draft, &caller.actor())
        .await?)
}

pub async fn delete_account(
    store: &Store,
    caller: &Caller,
    id: i64,
    version: i64,
) -> Result<(), AppError> {
    caller.require(Action::DeleteCustomers)?;
    account(store, caller, id).await?;
    Ok(store.delete_account(id, version, &caller.actor()).await?)
}

pub async fn create_contact(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    input: &ContactInput,
) -> Result<Contact, AppError> {
    caller.require(Action::EditCustomers)?;
    account(store, caller, account_id).await?;
    let draft = input.validate()?;
    Ok(store
        .create_contact(account_id, &draft, &caller.actor())
        .await?)
}

/// A contact the caller may change: one they see whose personal data has not been erased.
pub async fn contact_to_edit(store: &Store, caller: &Caller, id: i64) -> Result<Contact, AppError> {
    caller.require(Action::EditCustomers)?;
    let contact = contact(store, caller, id).await?;
    if contact.erased_at.is_some() {
        return Err(AppError::Erased);
    }
    Ok(contact)
}

pub async fn update_contact(
    store: &Store,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &ContactInput,
) -> Result<Contact, AppError> {
    contact_to_edit(store, caller, id).await?;
    let draft = input.validate()?;
    Ok(store
        .update_contact(id, version, &draft, &caller.actor())
        .await?)
}

pub async fn delete_contact(
    store: &Store,
    caller: &Caller,
    id: i64,
    version: i64,
) -> Result<(), AppError> {
    caller.require(Action::EditCustomers)?;
    contact(store, caller, id).await?;
    Ok(store.delete_contact(id, version, &caller.actor()).await?)
}

/// A group of likely duplicates with the accounts themselves, for review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DuplicateReview {
    #[serde(flatten)]
    pub group: DuplicateGroup,
    pub accounts: Vec<Account>,
    /// How many contacts each account has, in the order of `accounts`.
    pub contact_counts: Vec<usize>,
}

/// The groups of likely duplicates among the accounts the caller sees. An account the caller
/// may not see is left out of its group; a group left with one account is not shown.
pub async fn duplicate_reviews(
    store: &Store,
    caller: &Caller,
) -> Result<Vec<DuplicateReview>, AppError> {
    caller.require(Action::ReadCustomers)?;
    let mut out = Vec::new();
    for mut group in store.duplicate_groups().await? {
        let mut accounts = Vec::new();
        let mut contact_counts = Vec::new();
        for id in &group.account_ids {
            let a = store.account(*id).await?;
            if caller.sees(a.data.owner.as_deref()) {
                contact_counts.push(store.contacts_of(*id).await?.len());
                accounts.push(a);
            }
        }
        if accounts.len() < 2 {
            continue;
        }
        let visible: Vec<i64> = accounts.iter().map(|a| a.id).collect();
        group.account_ids.retain(|id| visible.contains(id));
        group
            .matches
            .retain(|m| visible.contains(&m.a) && visible.contains(&m.b));
        out.push(DuplicateReview {
            group,
            accounts,
            contact_counts,
        });
    }
    Ok(out)
}

/// Merges accounts the caller sees into the kept one.
pub async fn merge_accounts(
    store: &Store,
    caller: &Caller,
    keep: i64,
    merge: &[i64],
) -> Result<Account, AppError> {
    caller.require(Action::MergeDuplicates)?;
    for id in std::iter::once(&keep).chain(merge) {
        account(store, caller, *id).await?;
    }
    Ok(store.merge_accounts(keep, merge, &caller.actor()).await?)
}

/// Marks accounts the caller sees as different customers.
pub async fn dismiss_duplicates(
    store: &Store,
    caller: &Caller,
    ids: &[i64],
) -> Result<(), AppError> {
    caller.require(Action::MergeDuplicates)?;
    for id in ids {
        account(store, caller, *id).await?;
    }
    Ok(store.dismiss_duplicates(ids, &caller.actor()).await?)
}

/// Adds a custom field definition, recorded in the audit log.
pub async fn add_custom_field(
    store: &Store,
    caller: &Caller,
    def: &CustomFieldDef,
) -> Result<(), AppError> {
    caller.require(Action::ManageCustomFields)?;
    store.add_custom_field(def).await?;
    audit(
        store,
        caller,
        "custom_field.create",
        format!("custom_field {}", def.key),
        serde_json::to_value(def).unwrap_or_default(),
    )
    .await
}

/// Removes a custom field definition, recorded in the audit log.
pub async fn remove_custom_field(
    store: &Store,
    caller: &Caller,
    key: &str,
) -> Result<(), AppError> {
    caller.require(Action::ManageCustomFields)?;
    store.remove_custom_field(key).await?;
    audit(
        store,
        caller,
        "custom_field.delete",
        format!("custom_field {key}"),
        serde_json::Value::Null,
    )
    .await
}

/// Appends an event done by the caller to the audit log.
pub async fn audit(
    store: &Store,
    caller: &Caller,
    kind: &str,
    subject: String,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let actor = caller.actor();
    Ok(store
        .record_event(&NewAuditEvent {
            kind,
            actor: &actor.name,
            via: &actor.via,
            subject: Some(subject),
            details,
            address: caller.address.as_deref(),
        })
        .await?)
}

/// A request to merge accounts.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct MergeRequest {
    /// The account that stays.
    pub keep: i64,
    /// The accounts merged into it and then removed.
    pub merge: Vec<i64>,
}

/// A request to mark accounts as different customers.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct DismissRequest {
    pub account_ids: Vec<i64>,
}

/// An account's purchase history, if the caller may see the account.
pub async fn purchase_history(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    recent: i64,
) -> Result<arvo_store::imports::PurchaseHistory, AppError> {
    account(store, caller, account_id).await?;
    Ok(store
        .purchase_history(account_id, recent.clamp(0, 500))
        .await?)
}

/// An account's activities as of `today` (see `arvo_store::activities`), if the caller may see
/// the account.
pub async fn activity_history(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    recent: i64,
    today: chrono::NaiveDate,
) -> Result<arvo_store::activities::ActivityHistory, AppError> {
    account(store, caller, account_id).await?;
    Ok(store
        .activity_history(account_id, recent.clamp(0, 500), today)
        .await?)
}
