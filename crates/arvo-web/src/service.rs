//! Application services: what the JSON API and the pages both do, written once. Handlers parse
//! the request, call a service, and present the result in their own format.

use crate::error::AppError;
use arvo_core::duplicates::DuplicateGroup;
use arvo_core::{
    Account, AccountInput, AccountKind, AccountStatus, Actor, BuyingRole, ConsentStatus, Contact,
    ContactInput, Problem, ValidationErrors,
};
use arvo_store::{AccountQuery, AccountSort, ContactQuery, Page, Store};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// How many history entries an account page and the API show.
pub const HISTORY_LIMIT: i64 = 200;

/// The account list's query parameters, as text so that a bad value names its parameter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
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
        })
    }
}

pub async fn list_accounts(
    store: &Store,
    params: &AccountListParams,
) -> Result<Page<Account>, AppError> {
    Ok(store.list_accounts(&params.to_query()?).await?)
}

pub async fn create_account(
    store: &Store,
    input: &AccountInput,
    actor: &Actor,
) -> Result<Account, AppError> {
    let draft = input.validate(&store.custom_fields().await?)?;
    Ok(store.create_account(&draft, actor).await?)
}

pub async fn update_account(
    store: &Store,
    id: i64,
    version: i64,
    input: &AccountInput,
    actor: &Actor,
) -> Result<Account, AppError> {
    let draft = input.validate(&store.custom_fields().await?)?;
    Ok(store.update_account(id, version, &draft, actor).await?)
}

pub async fn create_contact(
    store: &Store,
    account_id: i64,
    input: &ContactInput,
    actor: &Actor,
) -> Result<Contact, AppError> {
    let draft = input.validate()?;
    Ok(store.create_contact(account_id, &draft, actor).await?)
}

pub async fn update_contact(
    store: &Store,
    id: i64,
    version: i64,
    input: &ContactInput,
    actor: &Actor,
) -> Result<Contact, AppError> {
    let draft = input.validate()?;
    Ok(store.update_contact(id, version, &draft, actor).await?)
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

pub async fn duplicate_reviews(store: &Store) -> Result<Vec<DuplicateReview>, AppError> {
    let mut out = Vec::new();
    for group in store.duplicate_groups().await? {
        let mut accounts = Vec::new();
        let mut contact_counts = Vec::new();
        for id in &group.account_ids {
            accounts.push(store.account(*id).await?);
            contact_counts.push(store.contacts_of(*id).await?.len());
        }
        out.push(DuplicateReview {
            group,
            accounts,
            contact_counts,
        });
    }
    Ok(out)
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
