// The repository, written once and compiled for each dialect: `lib.rs` includes this file in a
// module that first sets `type Db` to SQLite or PostgreSQL. Everything here is plain SQL with `$n`
// placeholders that both dialects accept.

use crate::model::{
    AccountQuery, AccountRow, AccountSort, ContactQuery, ContactRow, Cursor, CustomFieldRow,
    HistoryEntry, HistoryRow, Page, SortValue, now, page_limit,
};
use crate::{Result, StoreError};
use arvo_core::collation::finnish_sort_key;
use arvo_core::duplicates::{DuplicateKey, merge_drafts};
use arvo_core::history::{created, diff, removed};
use arvo_core::text::{
    fold, query_terms, search_signature, search_tokens, tag_signature, term_signature,
};
use arvo_core::{
    Account, AccountDraft, Actor, Contact, ContactDraft, CustomFieldDef, CustomFieldKind,
    FieldChange, Problem, Scope, ValidationErrors,
};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::types::Json;
use std::collections::HashSet;

type Pool = sqlx::Pool<Db>;
type Tx<'a> = sqlx::Transaction<'a, Db>;

/// The tables whose rows belong to an account through an `account_id` column. A merge moves
/// all of them to the kept account; a capability that links records to accounts adds its table.
/// Rows that belong to a contact instead (`consent_events`) move with their contact.
const ACCOUNT_LINKS: &[&str] = &[
    "contacts",
    "history",
    "orders",
    "deliveries",
    "invoices",
    "service_entries",
    "visits",
    "returns",
    "ratings",
    "segment_history",
    "encounters",
    "tasks",
    "care_decisions",
    "account_plan_goals",
    "account_plan_actions",
    "account_plan_script",
    "targets",
];

/// The tables of an account's business figures: an account that has rows in them is not deleted
/// (its figures would be lost); it becomes a former customer instead.
const PURCHASE_TABLES: &[&str] = &[
    "orders",
    "deliveries",
    "invoices",
    "service_entries",
    "visits",
    "returns",
];

/// Candidate sets are counted up to this size when a list query chooses its plan; a larger set is
/// never the starting point: reading that many accounts costs about as much as walking a whole
/// sort index.
const COUNT_CAP: i64 = 8_000;

/// What walking one entry of a sort index costs a list query, relative to reading one account
/// row: the entry carries the search signature, which rules out most rows without a read.
const WALK_COST: f64 = 0.1;

const ACCOUNT_COLUMNS: &str = "a.id, a.version, a.kind, a.customer_number, a.name, a.business_id, a.industry, a.size_class, \
    a.annual_revenue_cents, a.email, a.phone, a.street_address, a.postal_code, a.municipality, a.country, \
    a.website, a.status, a.owner, a.tags, a.special_wishes, a.custom, a.created_at, a.updated_at";

const CONTACT_COLUMNS: &str = "id, account_id, version, first_name, last_name, title, email, phone, roles, \
    marketing_consent, consent_date, consent_source, notes, created_at, updated_at, erased_at";

/// A value bound to a dynamically built query.
enum Arg {
    Int(i64),
    Text(String),
    Time(DateTime<Utc>),
    Date(chrono::NaiveDate),
}

/// A query under construction with numbered placeholders.
#[derive(Default)]
struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Appends a placeholder for `arg` and returns its text (`$3`), for reuse in the same query.
    fn bind(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        let p = format!("${}", self.args.len());
        self.text.push_str(&p);
        p
    }

    /// The bound values, in placeholder order.
    fn arguments(&self) -> <Db as sqlx::Database>::Arguments<'_> {
        use sqlx::Arguments;
        let mut args = <Db as sqlx::Database>::Arguments::default();
        for a in &self.args {
            let added = match a {
                Arg::Int(i) => args.add(*i),
                Arg::Text(s) => args.add(s.as_str()),
                Arg::Time(t) => args.add(*t),
                Arg::Date(d) => args.add(*d),
            };
            // Encoding integers, text, timestamps and dates cannot fail.
            debug_assert!(added.is_ok());
        }
        args
    }

    fn query(&self) -> sqlx::query::Query<'_, Db, <Db as sqlx::Database>::Arguments<'_>> {
        sqlx::query_with(&self.text, self.arguments())
    }

    fn query_as<'q, O>(
        &'q self,
    ) -> sqlx::query::QueryAs<'q, Db, O, <Db as sqlx::Database>::Arguments<'q>>
    where
        O: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row>,
    {
        sqlx::query_as_with(&self.text, self.arguments())
    }
}

fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// One history entry to write.
struct Entry<'a> {
    entity: &'a str,
    entity_id: i64,
    account_id: Option<i64>,
    action: &'a str,
    summary: Option<&'a str>,
    changes: &'a [FieldChange],
}

async fn record(tx: &mut Tx<'_>, actor: &Actor, e: Entry<'_>) -> Result<()> {
    let Entry {
        entity,
        entity_id,
        account_id,
        action,
        summary,
        changes,
    } = e;
    sqlx::query(
        "INSERT INTO history (entity, entity_id, account_id, action, summary, actor, via, at, changes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entity)
    .bind(entity_id)
    .bind(account_id)
    .bind(action)
    .bind(summary)
    .bind(&actor.name)
    .bind(&actor.via)
    .bind(now())
    .bind(Json(changes))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes the write lock on an account row first, so that the check of its version and the write
/// happen without another writer in between (on SQLite this also starts the write transaction).
async fn lock_account(tx: &mut Tx<'_>, id: i64) -> Result<()> {
    let done = sqlx::query("UPDATE accounts SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("account"));
    }
    Ok(())
}

async fn lock_contact(tx: &mut Tx<'_>, id: i64) -> Result<()> {
    let done = sqlx::query("UPDATE contacts SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("contact"));
    }
    Ok(())
}

/// A stale version is a conflict that names the current one.
fn expect_version(current: i64, expected: i64) -> Result<()> {
    if current == expected {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            current_version: current,
        })
    }
}

/// Locks an account and checks that it is still at the version the caller saw.
async fn lock_account_at(tx: &mut Tx<'_>, id: i64, version: i64) -> Result<Account> {
    lock_account(tx, id).await?;
    let current = fetch_account(&mut **tx, id).await?;
    expect_version(current.version, version)?;
    Ok(current)
}

/// Locks a contact and checks that it is still at the version the caller saw.
async fn lock_contact_at(tx: &mut Tx<'_>, id: i64, version: i64) -> Result<Contact> {
    lock_contact(tx, id).await?;
    let current = fetch_contact(&mut **tx, id).await?;
    expect_version(current.version, version)?;
    Ok(current)
}

/// One account by id, through a pool or inside a transaction.
async fn fetch_account<'e>(
    executor: impl sqlx::Executor<'e, Database = Db>,
    id: i64,
) -> Result<Account> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1");
    let row: Option<AccountRow> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(executor)
        .await?;
    row.ok_or(StoreError::NotFound("account"))?.try_into()
}

/// One contact by id, through a pool or inside a transaction.
async fn fetch_contact<'e>(
    executor: impl sqlx::Executor<'e, Database = Db>,
    id: i64,
) -> Result<Contact> {
    let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1");
    let row: Option<ContactRow> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(executor)
        .await?;
    row.ok_or(StoreError::NotFound("contact"))?.try_into()
}

fn roles_json(d: &ContactDraft) -> Json<Vec<&'static str>> {
    Json(d.roles.iter().map(|r| r.as_str()).collect())
}

fn contact_search_text(d: &ContactDraft) -> String {
    let email = d
        .email
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    fold(&format!("{} {email}", d.full_name()))
}

/// Rewrites an account's tag rows and search tokens from its data and its contacts.
async fn refresh_index(
    tx: &mut Tx<'_>,
    id: i64,
    draft: &AccountDraft,
    contacts: &[ContactDraft],
) -> Result<()> {
    sqlx::query("DELETE FROM account_tags WHERE account_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM account_search WHERE account_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let mut tags: Vec<String> = draft.tags.iter().map(|t| t.to_lowercase()).collect();
    tags.sort();
    tags.dedup();
    for tag in &tags {
        sqlx::query("INSERT INTO account_tags (tag, account_id) VALUES ($1, $2)")
            .bind(tag)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    let tokens = account_tokens(draft, contacts);
    sqlx::query("UPDATE accounts SET search_sig = $1 WHERE id = $2")
        .bind(search_signature(
            tokens.iter().map(String::as_str),
            tags.iter().map(String::as_str),
        ))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for chunk in tokens.chunks(100) {
        let mut sql = Sql::default();
        sql.push("INSERT INTO account_search (token, account_id) VALUES ");
        for (i, t) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(Arg::Text(t.clone()));
            sql.push(", ");
            sql.bind(Arg::Int(id));
            sql.push(")");
        }
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

fn account_tokens(draft: &AccountDraft, contacts: &[ContactDraft]) -> Vec<String> {
    let mut texts: Vec<String> = vec![draft.name.clone()];
    texts.extend(draft.business_id.as_ref().map(ToString::to_string));
    texts.extend(draft.customer_number.clone());
    texts.extend(draft.email.as_ref().map(ToString::to_string));
    texts.extend(draft.municipality.clone());
    for c in contacts {
        texts.push(c.full_name());
        texts.extend(c.email.as_ref().map(ToString::to_string));
    }
    search_tokens(texts.iter().map(String::as_str))
}

/// The contacts of an account that its search tokens include: every one not erased.
async fn contact_drafts(tx: &mut Tx<'_>, account_id: i64) -> Result<Vec<ContactDraft>> {
    let sql = format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND erased_at IS NULL"
    );
    let rows: Vec<ContactRow> = sqlx::query_as(&sql)
        .bind(account_id)
        .fetch_all(&mut **tx)
        .await?;
    rows.into_iter()
        .map(|r| Contact::try_from(r).map(|c| c.data))
        .collect()
}

/// Computes the search signature of every account that still has the "not yet computed" mark
/// (after the migration that added signatures), from its stored tokens. Returns how many were
/// signed.
pub async fn sign_unsigned_accounts(pool: &Pool) -> Result<usize> {
    let mut signed = 0;
    let mut after = 0_i64;
    loop {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM accounts WHERE search_sig = -1 AND id > $1 ORDER BY id LIMIT 1000",
        )
        .bind(after)
        .fetch_all(pool)
        .await?;
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return Ok(signed);
        };
        let in_range = |table: &str, column: &str| {
            format!(
                "SELECT account_id, {column} FROM {table} \
                 WHERE account_id >= $1 AND account_id <= $2 ORDER BY account_id"
            )
        };
        let tokens: Vec<(i64, String)> = sqlx::query_as(&in_range("account_search", "token"))
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?;
        let tags: Vec<(i64, String)> = sqlx::query_as(&in_range("account_tags", "tag"))
            .bind(first)
            .bind(last)
            .fetch_all(pool)
            .await?;
        let mut tx = pool.begin().await?;
        for &id in &ids {
            let signature = search_signature(values_of(&tokens, id), values_of(&tags, id));
            sqlx::query("UPDATE accounts SET search_sig = $1 WHERE id = $2 AND search_sig = -1")
                .bind(signature)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        signed += ids.len();
        after = last;
    }
}

/// The values of one account in `(account_id, value)` rows sorted by account.
fn values_of(rows: &[(i64, String)], id: i64) -> impl Iterator<Item = &str> {
    let start = rows.partition_point(|(a, _)| *a < id);
    let end = rows.partition_point(|(a, _)| *a <= id);
    rows[start..end].iter().map(|(_, v)| v.as_str())
}

async fn reindex_account(tx: &mut Tx<'_>, account_id: i64) -> Result<()> {
    let account = fetch_account(&mut **tx, account_id).await?;
    let contacts = contact_drafts(tx, account_id).await?;
    refresh_index(tx, account_id, &account.data, &contacts).await
}

/// Binds an account's stored values to `$1`..`$20`, in the order the insert and the update name them.
macro_rules! bind_account {
    ($query:expr, $draft:expr) => {{
        let d: &AccountDraft = $draft;
        $query
            .bind(d.kind.as_str())
            .bind(&d.name)
            .bind(finnish_sort_key(&d.name))
            .bind(d.business_id.as_ref().map(ToString::to_string))
            .bind(&d.industry)
            .bind(d.size_class.map(arvo_core::SizeClass::as_str))
            .bind(d.annual_revenue.map(arvo_core::Money::cents))
            .bind(d.email.as_ref().map(ToString::to_string))
            .bind(&d.phone)
            .bind(&d.street_address)
            .bind(&d.postal_code)
            .bind(&d.municipality)
            .bind(&d.country)
            .bind(&d.website)
            .bind(d.status.as_str())
            .bind(&d.owner)
            .bind(Json(&d.tags))
            .bind(&d.special_wishes)
            .bind(Json(&d.custom))
            .bind(&d.customer_number)
    }};
}

/// Fails with a validation error naming `customer_number` when another account has it.
async fn check_customer_number(tx: &mut Tx<'_>, d: &AccountDraft, except: i64) -> Result<()> {
    let Some(number) = &d.customer_number else {
        return Ok(());
    };
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE customer_number = $1 AND id <> $2")
            .bind(number)
            .bind(except)
            .fetch_optional(&mut **tx)
            .await?;
    match taken {
        Some(_) => Err(StoreError::Validation(ValidationErrors::single(
            "customer_number",
            Problem::Duplicate,
        ))),
        None => Ok(()),
    }
}

async fn insert_account(tx: &mut Tx<'_>, d: &AccountDraft) -> Result<i64> {
    check_customer_number(tx, d, 0).await?;
    let sql = "INSERT INTO accounts (kind, name, sort_key, business_id, industry, size_class, annual_revenue_cents, \
         email, phone, street_address, postal_code, municipality, country, website, status, owner, tags, \
         special_wishes, custom, customer_number, created_at, updated_at, status_changed_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $21, 1) \
         RETURNING id";
    let id: i64 = bind_account!(sqlx::query_scalar(sql), d)
        .bind(now())
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}

async fn write_account(tx: &mut Tx<'_>, id: i64, d: &AccountDraft) -> Result<()> {
    check_customer_number(tx, d, id).await?;
    let sql = "UPDATE accounts SET kind = $1, name = $2, sort_key = $3, business_id = $4, industry = $5, \
         size_class = $6, annual_revenue_cents = $7, email = $8, phone = $9, street_address = $10, postal_code = $11, \
         municipality = $12, country = $13, website = $14, status = $15, owner = $16, tags = $17, \
         special_wishes = $18, custom = $19, customer_number = $20, updated_at = $21, version = version + 1, \
         status_changed_at = CASE WHEN status = $15 THEN status_changed_at ELSE $21 END WHERE id = $22";
    bind_account!(sqlx::query(sql), d)
        .bind(now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Binds a contact's stored values to `$1`..`$12`.
macro_rules! bind_contact {
    ($query:expr, $draft:expr) => {{
        let d: &ContactDraft = $draft;
        $query
            .bind(&d.first_name)
            .bind(&d.last_name)
            .bind(contact_sort_key(d))
            .bind(contact_search_text(d))
            .bind(&d.title)
            .bind(d.email.as_ref().map(ToString::to_string))
            .bind(&d.phone)
            .bind(roles_json(d))
            .bind(d.marketing_consent.as_str())
            .bind(d.consent_date)
            .bind(&d.consent_source)
            .bind(&d.notes)
    }};
}

fn contact_sort_key(d: &ContactDraft) -> String {
    finnish_sort_key(&format!(
        "{} {}",
        d.last_name,
        d.first_name.as_deref().unwrap_or("")
    ))
}

async fn insert_contact(tx: &mut Tx<'_>, account_id: i64, d: &ContactDraft) -> Result<i64> {
    let sql = "INSERT INTO contacts (first_name, last_name, sort_key, search_text, title, email, phone, roles, \
         marketing_consent, consent_date, consent_source, notes, created_at, updated_at, account_id, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, 1) RETURNING id";
    let id: i64 = bind_contact!(sqlx::query_scalar(sql), d)
        .bind(now())
        .bind(account_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}

/// Inserts an account with its contacts and their history entries and search tokens.
async fn insert_with_contacts(
    tx: &mut Tx<'_>,
    draft: &AccountDraft,
    contacts: &[ContactDraft],
    actor: &Actor,
) -> Result<i64> {
    let id = insert_account(tx, draft).await?;
    let entry = Entry {
        entity: "account",
        entity_id: id,
        account_id: Some(id),
        action: "create",
        summary: Some(&draft.name),
        changes: &created(draft),
    };
    record(tx, actor, entry).await?;
    for c in contacts {
        let contact_id = insert_contact(tx, id, c).await?;
        record_consent(tx, contact_id, None, c, actor).await?;
        let entry = Entry {
            entity: "contact",
            entity_id: contact_id,
            account_id: Some(id),
            action: "create",
            summary: Some(&c.full_name()),
            changes: &created(c),
        };
        record(tx, actor, entry).await?;
    }
    refresh_index(tx, id, draft, contacts).await?;
    Ok(id)
}

pub async fn create_account(pool: &Pool, draft: &AccountDraft, actor: &Actor) -> Result<Account> {
    let mut tx = pool.begin().await?;
    let id = insert_with_contacts(&mut tx, draft, &[], actor).await?;
    let account = fetch_account(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(account)
}

pub async fn get_account(pool: &Pool, id: i64) -> Result<Account> {
    fetch_account(pool, id).await
}

pub async fn update_account(
    pool: &Pool,
    id: i64,
    version: i64,
    draft: &AccountDraft,
    actor: &Actor,
) -> Result<Account> {
    let mut tx = pool.begin().await?;
    let current = lock_account_at(&mut tx, id, version).await?;
    let changes = diff(&current.data, draft, &[]);
    if changes.is_empty() {
        return Ok(current);
    }
    write_account(&mut tx, id, draft).await?;
    let contacts = contact_drafts(&mut tx, id).await?;
    refresh_index(&mut tx, id, draft, &contacts).await?;
    record(
        &mut tx,
        actor,
        Entry {
            entity: "account",
            entity_id: id,
            account_id: Some(id),
            action: "update",
            summary: None,
            changes: &changes,
        },
    )
    .await?;
    let account = fetch_account(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(account)
}

pub async fn delete_account(pool: &Pool, id: i64, version: i64, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    let current = lock_account_at(&mut tx, id, version).await?;
    for table in PURCHASE_TABLES {
        let used: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM {table} WHERE account_id = $1 LIMIT 1"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if used.is_some() {
            return Err(StoreError::Validation(ValidationErrors::single(
                "account",
                Problem::HasPurchases,
            )));
        }
    }
    let contacts: Vec<i64> = sqlx::query_scalar("SELECT id FROM contacts WHERE account_id = $1")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
    for contact_id in contacts {
        record(
            &mut tx,
            actor,
            Entry {
                entity: "contact",
                entity_id: contact_id,
                account_id: Some(id),
                action: "delete",
                summary: None,
                changes: &[],
            },
        )
        .await?;
    }
    sqlx::query("DELETE FROM contacts WHERE account_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM account_tags WHERE account_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for table in [
        "ratings",
        "account_segments",
        "segment_history",
        "care_decisions",
        "tasks",
        "encounters",
        "account_plan_goals",
        "account_plan_actions",
        "account_plan_script",
        "account_plans",
        "targets",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM account_search WHERE account_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM duplicate_dismissals WHERE account_a = $1 OR account_b = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM accounts WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let removed = removed(&current.data);
    record(
        &mut tx,
        actor,
        Entry {
            entity: "account",
            entity_id: id,
            account_id: Some(id),
            action: "delete",
            summary: Some(&current.data.name),
            changes: &removed,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The sort column's expression, whether it is compared as text, and its value on a row.
fn sort_column(sort: AccountSort) -> (&'static str, fn(&Account) -> SortValue) {
    match sort {
        AccountSort::Name | AccountSort::NameDesc => ("a.sort_key", |a: &Account| {
            SortValue::Text(finnish_sort_key(&a.data.name))
        }),
        AccountSort::Updated | AccountSort::UpdatedDesc => ("a.updated_at", |a: &Account| {
            SortValue::Int(a.updated_at.timestamp_micros())
        }),
        AccountSort::Created | AccountSort::CreatedDesc => {
            ("a.id", |a: &Account| SortValue::Int(a.id))
        }
        AccountSort::Revenue | AccountSort::RevenueDesc => {
            ("COALESCE(a.annual_revenue_cents, -1)", |a: &Account| {
                SortValue::Int(a.data.annual_revenue.map_or(-1, arvo_core::Money::cents))
            })
        }
    }
}

/// Limits a query to the accounts in `scope`; `column` names the account's owner.
fn push_scope(sql: &mut Sql, scope: &Scope, column: &str) {
    if let Scope::OwnedBy(names) = scope {
        sql.push(&format!(" AND ({column} IS NULL OR {column} IN ("));
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(Arg::Text(name.clone()));
        }
        sql.push("))");
    }
}

/// A set of candidate accounts a list query can start from: the accounts with a search word, or
/// with a tag. Each is an index range of ids.
struct CandidateSet {
    /// `SELECT account_id FROM ...` with the placeholders `{a}` and `{b}`.
    select: &'static str,
    /// The same condition as an `EXISTS` test on the row `a`.
    exists: &'static str,
    args: Vec<String>,
    /// How many rows it has, counted up to `COUNT_CAP`.
    size: i64,
}

const TERM_SELECT: &str =
    "SELECT account_id FROM account_search WHERE token >= {a} AND token < {b}";
const TERM_EXISTS: &str = "EXISTS (SELECT 1 FROM account_search s WHERE s.account_id = a.id AND s.token >= {a} AND s.token < {b})";
const TAG_SELECT: &str = "SELECT account_id FROM account_tags WHERE tag = {a}";
const TAG_EXISTS: &str =
    "EXISTS (SELECT 1 FROM account_tags t WHERE t.account_id = a.id AND t.tag = {a})";

impl CandidateSet {
    /// Appends `template` with this set's values bound.
    fn push(&self, sql: &mut Sql, template: &str) {
        let mut rest = template;
        for (i, placeholder) in ["{a}", "{b}"].iter().enumerate() {
            if let Some((head, tail)) = rest.split_once(placeholder) {
                sql.push(head);
                sql.bind(Arg::Text(self.args[i].clone()));
                rest = tail;
            }
        }
        sql.push(rest);
    }
}

/// The search words and the tag of an account query as candidate sets, and the signature bits an
/// account must have to match them all.
fn candidate_sets(query: &AccountQuery) -> (Vec<CandidateSet>, i64) {
    let mut sets: Vec<CandidateSet> = Vec::new();
    let mut signature = 0;
    for term in query.text.as_deref().map(query_terms).unwrap_or_default() {
        signature |= term_signature(&term);
        let upper = upper_bound(&term);
        sets.push(CandidateSet {
            select: TERM_SELECT,
            exists: TERM_EXISTS,
            args: vec![term, upper],
            size: 0,
        });
    }
    if let Some(tag) = query
        .tag
        .as_deref()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
    {
        signature |= tag_signature(&tag);
        sets.push(CandidateSet {
            select: TAG_SELECT,
            exists: TAG_EXISTS,
            args: vec![tag],
            size: 0,
        });
    }
    (sets, signature)
}

/// The conditions of an account query on the row `a` besides its search words and tag: status,
/// kind, owner and the asking user's scope.
fn push_account_filters(sql: &mut Sql, query: &AccountQuery) {
    if let Some(status) = query.status {
        sql.push(" AND a.status = ");
        sql.bind(Arg::Text(status.as_str().into()));
    }
    if let Some(kind) = query.kind {
        sql.push(" AND a.kind = ");
        sql.bind(Arg::Text(kind.as_str().into()));
    }
    if let Some(owner) = query.owner.as_deref().filter(|o| !o.is_empty()) {
        sql.push(" AND a.owner = ");
        sql.bind(Arg::Text(owner.into()));
    }
    push_scope(sql, &query.scope, "a.owner");
}

pub async fn list_accounts(pool: &Pool, query: &AccountQuery) -> Result<Page<Account>> {
    accounts_page(pool, query, page_limit(query.limit)).await
}

/// One page of `limit` accounts of a list query, and the cursor of the next page.
async fn accounts_page(pool: &Pool, query: &AccountQuery, limit: i64) -> Result<Page<Account>> {
    let (mut sets, signature) = candidate_sets(query);

    // Choose the plan. Starting from a candidate set reads each of its accounts; walking the
    // sort order reads index entries, which carry the signature, at a fraction of a read's cost
    // each. One set is worth starting from while its size squared stays below that fraction of a
    // page times all accounts (walking then costs more); with several sets the walk must find
    // rows that pass them all, so the smallest set is the start unless it is too large.
    let mut start_from: Option<usize> = None;
    if !sets.is_empty() {
        let cap = if sets.len() == 1 {
            let total: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM accounts")
                .fetch_one(pool)
                .await?;
            ((WALK_COST * (limit + 1) as f64 * total as f64).sqrt() as i64 + 1).min(COUNT_CAP)
        } else {
            COUNT_CAP
        };
        let mut counts = Sql::default();
        counts.push("SELECT 0");
        for set in &sets {
            counts.push(", (SELECT COUNT(*) FROM (");
            set.push(&mut counts, set.select);
            counts.push(&format!(" LIMIT {cap}) x)"));
        }
        let row = counts.query().fetch_one(pool).await?;
        for (i, set) in sets.iter_mut().enumerate() {
            set.size = row.try_get(i + 1)?;
        }
        if sets.iter().any(|s| s.size == 0) {
            return Ok(Page {
                items: Vec::new(),
                next_cursor: None,
            });
        }
        start_from = (0..sets.len())
            .min_by_key(|i| sets[*i].size)
            .filter(|i| sets[*i].size < cap);
    }

    // The page's ids are found first, from indexes where possible, and only then are their
    // whole rows read.
    let mut sql = Sql::default();
    sql.push("SELECT ");
    sql.push(ACCOUNT_COLUMNS);
    sql.push(" FROM accounts a WHERE a.id IN (SELECT a.id");
    if let Some(i) = start_from {
        // An account has several tokens with the same prefix, hence DISTINCT.
        sql.push(" FROM (");
        let set = &sets[i];
        set.push(&mut sql, &set.select.replacen("SELECT ", "SELECT DISTINCT ", 1));
        sql.push(") h CROSS JOIN accounts a WHERE a.id = h.account_id");
    } else {
        sql.push(" FROM accounts a WHERE 1 = 1");
    }
    // One integer test rules out most accounts that cannot match before their tokens are read.
    if signature != 0 {
        sql.push(" AND (a.search_sig & ");
        let p = sql.bind(Arg::Int(signature));
        sql.push(&format!(") = {p}"));
    }
    for (i, set) in sets.iter().enumerate() {
        if start_from != Some(i) {
            sql.push(" AND ");
            set.push(&mut sql, set.exists);
        }
    }
    push_account_filters(&mut sql, query);
    let (column, value_of) = sort_column(query.sort);
    let (cmp, dir) = if query.sort.descending() {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(text) = &query.cursor {
        let cursor = Cursor::decode(text, query.sort.as_str())?;
        let value = match (cursor.value, query.sort) {
            (SortValue::Text(s), AccountSort::Name | AccountSort::NameDesc) => Arg::Text(s),
            (SortValue::Int(us), AccountSort::Updated | AccountSort::UpdatedDesc) => {
                Arg::Time(DateTime::from_timestamp_micros(us).unwrap_or_default())
            }
            (SortValue::Int(i), _) => Arg::Int(i),
            (SortValue::Text(_), _) => {
                return Err(StoreError::Validation(ValidationErrors::single(
                    "cursor",
                    Problem::Choice { allowed: vec![] },
                )));
            }
        };
        sql.push(&format!(" AND ({column} {cmp} "));
        let p = sql.bind(value);
        sql.push(&format!(" OR ({column} = {p} AND a.id {cmp} "));
        sql.bind(Arg::Int(cursor.id));
        sql.push("))");
    }
    sql.push(&format!(
        " ORDER BY {column} {dir}, a.id {dir} LIMIT {}) ORDER BY {column} {dir}, a.id {dir}",
        limit + 1
    ));

    let rows: Vec<AccountRow> = sql.query_as().fetch_all(pool).await?;
    let mut items: Vec<Account> = rows
        .into_iter()
        .map(Account::try_from)
        .collect::<Result<_>>()?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|last| {
            Cursor {
                sort: query.sort.as_str().into(),
                value: value_of(last),
                id: last.id,
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

pub async fn account_names(pool: &Pool, ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::default();
    sql.push("SELECT id, name FROM accounts WHERE id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(Arg::Int(*id));
    }
    sql.push(")");
    Ok(sqlx::query_as_with(&sql.text, sql.arguments())
        .fetch_all(pool)
        .await?)
}

pub async fn count_accounts(pool: &Pool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(pool)
        .await?)
}

pub async fn account_owners(pool: &Pool) -> Result<Vec<String>> {
    let mut owners: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT owner FROM accounts WHERE owner IS NOT NULL")
            .fetch_all(pool)
            .await?;
    owners.sort_by_key(|o| finnish_sort_key(o));
    Ok(owners)
}

pub async fn merged_into(pool: &Pool, id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT kept_id FROM account_merges WHERE merged_id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn insert_accounts(
    pool: &Pool,
    accounts: &[(AccountDraft, Vec<ContactDraft>)],
    actor: &Actor,
) -> Result<usize> {
    let mut tx = pool.begin().await?;
    for (draft, contacts) in accounts {
        insert_with_contacts(&mut tx, draft, contacts, actor).await?;
    }
    tx.commit().await?;
    Ok(accounts.len())
}

pub async fn create_contact(
    pool: &Pool,
    account_id: i64,
    draft: &ContactDraft,
    actor: &Actor,
) -> Result<Contact> {
    let mut tx = pool.begin().await?;
    lock_account(&mut tx, account_id).await?;
    let id = insert_contact(&mut tx, account_id, draft).await?;
    record_consent(&mut tx, id, None, draft, actor).await?;
    reindex_account(&mut tx, account_id).await?;
    record(
        &mut tx,
        actor,
        Entry {
            entity: "contact",
            entity_id: id,
            account_id: Some(account_id),
            action: "create",
            summary: Some(&draft.full_name()),
            changes: &created(draft),
        },
    )
    .await?;
    let contact = fetch_contact(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(contact)
}

pub async fn get_contact(pool: &Pool, id: i64) -> Result<Contact> {
    fetch_contact(pool, id).await
}

pub async fn update_contact(
    pool: &Pool,
    id: i64,
    version: i64,
    draft: &ContactDraft,
    actor: &Actor,
) -> Result<Contact> {
    let mut tx = pool.begin().await?;
    let current = lock_contact_at(&mut tx, id, version).await?;
    if current.erased_at.is_some() {
        return Err(StoreError::Erased);
    }
    let changes = diff(&current.data, draft, &[]);
    if changes.is_empty() {
        return Ok(current);
    }
    let sql = "UPDATE contacts SET first_name = $1, last_name = $2, sort_key = $3, search_text = $4, title = $5, \
         email = $6, phone = $7, roles = $8, marketing_consent = $9, consent_date = $10, consent_source = $11, \
         notes = $12, updated_at = $13, version = version + 1 WHERE id = $14";
    bind_contact!(sqlx::query(sql), draft)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_consent(&mut tx, id, Some(&current.data), draft, actor).await?;
    reindex_account(&mut tx, current.account_id).await?;
    record(
        &mut tx,
        actor,
        Entry {
            entity: "contact",
            entity_id: id,
            account_id: Some(current.account_id),
            action: "update",
            summary: Some(&draft.full_name()),
            changes: &changes,
        },
    )
    .await?;
    let contact = fetch_contact(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(contact)
}

pub async fn delete_contact(pool: &Pool, id: i64, version: i64, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    let current = lock_contact_at(&mut tx, id, version).await?;
    sqlx::query("DELETE FROM contacts WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    reindex_account(&mut tx, current.account_id).await?;
    let name = current.data.full_name();
    record(
        &mut tx,
        actor,
        Entry {
            entity: "contact",
            entity_id: id,
            account_id: Some(current.account_id),
            action: "delete",
            summary: Some(&name),
            changes: &[],
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_contacts(pool: &Pool, query: &ContactQuery) -> Result<Page<Contact>> {
    contacts_page(pool, query, page_limit(query.limit)).await
}

/// The conditions of a contact query on the row `contacts`: search words, account, role, consent
/// and the asking user's scope.
fn push_contact_filters(sql: &mut Sql, query: &ContactQuery) {
    for term in query.text.as_deref().map(query_terms).unwrap_or_default() {
        sql.push(" AND search_text LIKE ");
        sql.bind(Arg::Text(format!("%{}%", term.replace(['%', '_'], ""))));
    }
    if let Some(account_id) = query.account_id {
        sql.push(" AND account_id = ");
        sql.bind(Arg::Int(account_id));
    }
    if let Some(role) = query.role {
        sql.push(" AND CAST(roles AS TEXT) LIKE ");
        sql.bind(Arg::Text(format!("%\"{}\"%", role.as_str())));
    }
    if let Some(consent) = query.consent {
        sql.push(" AND marketing_consent = ");
        sql.bind(Arg::Text(consent.as_str().into()));
    }
    if matches!(query.scope, Scope::OwnedBy(_)) {
        sql.push(" AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = contacts.account_id");
        push_scope(sql, &query.scope, "a.owner");
        sql.push(")");
    }
}

/// One page of `limit` contacts of a list query, in name order, and the cursor of the next page.
async fn contacts_page(pool: &Pool, query: &ContactQuery, limit: i64) -> Result<Page<Contact>> {
    let mut sql = Sql::default();
    sql.push(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts WHERE 1 = 1"
    ));
    push_contact_filters(&mut sql, query);
    if let Some(text) = &query.cursor {
        let cursor = Cursor::decode(text, "name")?;
        let SortValue::Text(key) = cursor.value else {
            return Err(StoreError::Validation(ValidationErrors::single(
                "cursor",
                Problem::Choice { allowed: vec![] },
            )));
        };
        sql.push(" AND (sort_key > ");
        let p = sql.bind(Arg::Text(key));
        sql.push(&format!(" OR (sort_key = {p} AND id > "));
        sql.bind(Arg::Int(cursor.id));
        sql.push("))");
    }
    sql.push(&format!(" ORDER BY sort_key, id LIMIT {}", limit + 1));
    let rows: Vec<ContactRow> = sql.query_as().fetch_all(pool).await?;
    let mut items: Vec<Contact> = rows
        .into_iter()
        .map(Contact::try_from)
        .collect::<Result<_>>()?;
    let next_cursor = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|c| {
            let key = contact_sort_key(&c.data);
            Cursor {
                sort: "name".into(),
                value: SortValue::Text(key),
                id: c.id,
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

pub async fn contacts_of(pool: &Pool, account_id: i64) -> Result<Vec<Contact>> {
    let sql = format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 ORDER BY sort_key, id"
    );
    let rows: Vec<ContactRow> = sqlx::query_as(&sql)
        .bind(account_id)
        .fetch_all(pool)
        .await?;
    rows.into_iter().map(Contact::try_from).collect()
}

pub async fn custom_fields(pool: &Pool) -> Result<Vec<CustomFieldDef>> {
    let rows: Vec<CustomFieldRow> = sqlx::query_as(
        "SELECT key, label, kind, options FROM custom_field_defs ORDER BY position, key",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let kind = CustomFieldKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("custom field kind {:?}", r.kind)))?;
            Ok(CustomFieldDef {
                key: r.key,
                label: r.label,
                kind,
                options: r.options.0,
            })
        })
        .collect()
}

pub async fn add_custom_field(pool: &Pool, def: &CustomFieldDef) -> Result<()> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO custom_field_defs (key, label, kind, options, position) \
         SELECT $1, $2, $3, $4, COALESCE(MAX(position), 0) + 1 FROM custom_field_defs WHERE true \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(&def.key)
    .bind(&def.label)
    .bind(def.kind.as_str())
    .bind(Json(&def.options))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(StoreError::Validation(ValidationErrors::single(
            "key",
            Problem::Duplicate,
        )));
    }
    tx.commit().await?;
    Ok(())
}

pub async fn remove_custom_field(pool: &Pool, key: &str) -> Result<()> {
    let done = sqlx::query("DELETE FROM custom_field_defs WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("custom field"));
    }
    Ok(())
}

pub async fn account_history(
    pool: &Pool,
    account_id: i64,
    limit: i64,
) -> Result<Vec<HistoryEntry>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT id, entity, entity_id, account_id, action, summary, actor, via, at, changes FROM history \
         WHERE account_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(HistoryEntry::from).collect())
}

pub async fn duplicate_keys(pool: &Pool) -> Result<Vec<DuplicateKey>> {
    let accounts: Vec<(i64, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, name, business_id, email FROM accounts ORDER BY id")
            .fetch_all(pool)
            .await?;
    let emails: Vec<(i64, String)> = sqlx::query_as(
        "SELECT account_id, email FROM contacts WHERE email IS NOT NULL ORDER BY account_id",
    )
    .fetch_all(pool)
    .await?;
    let mut by_account: std::collections::HashMap<i64, Vec<String>> =
        std::collections::HashMap::new();
    for (account_id, email) in emails {
        by_account.entry(account_id).or_default().push(email);
    }
    Ok(accounts
        .into_iter()
        .map(|(id, name, business_id, email)| {
            let mut emails = by_account.remove(&id).unwrap_or_default();
            emails.extend(email);
            emails.sort();
            emails.dedup();
            DuplicateKey {
                account_id: id,
                name,
                business_id,
                emails,
            }
        })
        .collect())
}

pub async fn dismissed_pairs(pool: &Pool) -> Result<HashSet<(i64, i64)>> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT account_a, account_b FROM duplicate_dismissals")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().collect())
}

pub async fn dismiss_duplicates(pool: &Pool, ids: &[i64], actor: &Actor) -> Result<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 2 {
        return Err(StoreError::Validation(ValidationErrors::single(
            "account_ids",
            Problem::Required,
        )));
    }
    let mut tx = pool.begin().await?;
    for id in &ids {
        lock_account(&mut tx, *id).await?;
    }
    let at = now();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            sqlx::query(
                "INSERT INTO duplicate_dismissals (account_a, account_b, actor, at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (account_a, account_b) DO NOTHING",
            )
            .bind(a)
            .bind(b)
            .bind(&actor.name)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        let others: Vec<String> = ids
            .iter()
            .filter(|o| *o != a)
            .map(|o| format!("#{o}"))
            .collect();
        let summary = others.join(", ");
        record(
            &mut tx,
            actor,
            Entry {
                entity: "account",
                entity_id: *a,
                account_id: Some(*a),
                action: "dismiss_duplicate",
                summary: Some(&summary),
                changes: &[],
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn merge_accounts(
    pool: &Pool,
    keep: i64,
    merge: &[i64],
    actor: &Actor,
) -> Result<Account> {
    let mut tx = pool.begin().await?;
    lock_account(&mut tx, keep).await?;
    let kept = fetch_account(&mut *tx, keep).await?;
    let mut data = kept.data.clone();
    let at = now();
    for &other_id in merge {
        lock_account(&mut tx, other_id).await?;
        let other = fetch_account(&mut *tx, other_id).await?;
        let before = data.clone();
        data = merge_drafts(&data, &other.data);
        // The kept account keeps its own plan, or takes the other's; the other's goals, actions
        // and script move with the other records below.
        sqlx::query(
            "UPDATE account_plans SET account_id = $1 WHERE account_id = $2 \
             AND NOT EXISTS (SELECT 1 FROM account_plans k WHERE k.account_id = $1)",
        )
        .bind(keep)
        .bind(other_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM account_plans WHERE account_id = $1")
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        // A target of the other for a metric and period the kept account has one for gives way.
        sqlx::query(
            "DELETE FROM targets WHERE account_id = $2 AND EXISTS (SELECT 1 FROM targets k \
             WHERE k.account_id = $1 AND k.metric = targets.metric AND k.period = targets.period)",
        )
        .bind(keep)
        .bind(other_id)
        .execute(&mut *tx)
        .await?;
        // The kept account keeps its own segment; the next analysis reckons it anew.
        sqlx::query("DELETE FROM account_segments WHERE account_id = $1")
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        for table in ACCOUNT_LINKS {
            sqlx::query(&format!(
                "UPDATE {table} SET account_id = $1 WHERE account_id = $2"
            ))
            .bind(keep)
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        }
        recount_account_purchases(&mut tx, keep, &[other_id]).await?;
        sqlx::query("UPDATE account_merges SET kept_id = $1 WHERE kept_id = $2")
            .bind(keep)
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM duplicate_dismissals WHERE account_a = $1 OR account_b = $1")
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO account_merges (merged_id, kept_id, actor, at, snapshot) VALUES ($1, $2, $3, $4, $5)")
            .bind(other_id)
            .bind(keep)
            .bind(&actor.name)
            .bind(at)
            .bind(Json(&other))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM account_tags WHERE account_id = $1")
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM account_search WHERE account_id = $1")
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM accounts WHERE id = $1")
            .bind(other_id)
            .execute(&mut *tx)
            .await?;
        let summary = format!("#{other_id} {}", other.data.name);
        record(
            &mut tx,
            actor,
            Entry {
                entity: "account",
                entity_id: keep,
                account_id: Some(keep),
                action: "merge",
                summary: Some(&summary),
                changes: &diff(&before, &data, &[]),
            },
        )
        .await?;
    }
    write_account(&mut tx, keep, &data).await?;
    reindex_account(&mut tx, keep).await?;
    let account = fetch_account(&mut *tx, keep).await?;
    tx.commit().await?;
    Ok(account)
}
