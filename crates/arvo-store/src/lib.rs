//! Arvo's storage: one repository over SQLite (the embedded default) and PostgreSQL.
//!
//! The repository code is written once, in `repo.rs` and the other `*_repo.rs` files, and compiled twice: once with `Db` set to
//! SQLite and once to PostgreSQL. Both dialects accept the same `$n` placeholders and the same
//! SQL; what differs lives in each dialect's migration tree. This is the only crate that writes SQL.

pub mod activities;
pub mod analysis;
pub mod backup;
pub mod care;
pub mod exports;
pub mod imports;
mod migrate;
mod model;
pub mod personal_data;
pub mod plans;
pub mod targets;
pub mod testing;
pub mod users;

pub use model::{AccountQuery, AccountSort, ContactQuery, HistoryEntry, Page};
pub use users::{
    ApiToken, AuditEntry, AuditQuery, Credentials, NewAuditEvent, NewSession, SessionUser, Team,
    User,
};

use arvo_core::UserDraft;
use arvo_core::duplicates::{DuplicateGroup, find_duplicates};
use arvo_core::{
    Account, AccountDraft, Actor, Contact, ContactDraft, CustomFieldDef, ValidationErrors,
};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// What can go wrong in storage, in terms the caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A change or erasure of a contact whose personal data was already erased.
    #[error(
        "the contact's personal data has been erased; an erased contact cannot be changed or erased again"
    )]
    Erased,
    #[error(
        "the record was changed by someone else (now at version {current_version}); reload it and try again"
    )]
    Conflict { current_version: i64 },
    #[error("invalid input: {0}")]
    Validation(ValidationErrors),
    #[error("{0}")]
    Config(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// A backup or restore refused, or an archive that cannot be restored; the message says why.
    #[error("{0}")]
    Archive(String),
    #[error("could not read or write the archive: {0}")]
    ArchiveIo(#[from] std::io::Error),
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The kind of database behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A handle to Arvo's database. Cheap to clone: it wraps a connection pool.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

mod sqlite {
    //! The repository compiled for SQLite.
    type Db = sqlx::Sqlite;
    /// How a staging table's dates are declared.
    const DATE_TYPE: &str = "TEXT";
    /// What ends a staging table's definition: SQLite drops temporary tables with the connection,
    /// and an import drops its own before it commits.
    const TEMP_TABLE_END: &str = "";
    /// The whole days from the date column `earlier` to `later`, as SQL.
    fn days_between(later: &str, earlier: &str) -> String {
        format!("CAST(ROUND(julianday({later}) - julianday({earlier})) AS BIGINT)")
    }
    /// How a staging table's key is declared: an alias of the row id, which SQLite finds fastest.
    const KEY_TYPE: &str = "INTEGER PRIMARY KEY";
    /// What serialises claims of the engine's runs: nothing more than SQLite's one writer.
    const SERIALIZE_CARE_RUNS: Option<&str> = None;
    include!("repo.rs");
    include!("users_repo.rs");
    include!("personal_data_repo.rs");
    include!("imports_repo.rs");
    include!("exports_repo.rs");
    include!("analysis_repo.rs");
    include!("activities_repo.rs");
    include!("care_repo.rs");
    include!("plans_repo.rs");
    include!("targets_repo.rs");
}

mod postgres {
    //! The repository compiled for PostgreSQL.
    type Db = sqlx::Postgres;
    const DATE_TYPE: &str = "DATE";
    const TEMP_TABLE_END: &str = " ON COMMIT DROP";
    fn days_between(later: &str, earlier: &str) -> String {
        format!("({later} - {earlier})")
    }
    const KEY_TYPE: &str = "BIGINT PRIMARY KEY";
    /// A transaction-scoped advisory lock: claims of the engine's runs take turns.
    const SERIALIZE_CARE_RUNS: Option<&str> = Some("SELECT pg_advisory_xact_lock(7270601)");
    include!("repo.rs");
    include!("users_repo.rs");
    include!("personal_data_repo.rs");
    include!("imports_repo.rs");
    include!("exports_repo.rs");
    include!("analysis_repo.rs");
    include!("activities_repo.rs");
    include!("care_repo.rs");
    include!("plans_repo.rs");
    include!("targets_repo.rs");
}

/// Calls the same repository function on whichever database the store has.
macro_rules! dispatch {
    ($self:ident . $f:ident ( $($arg:expr),* )) => {
        match &$self.backend {
            Backend::Sqlite(pool) => sqlite::$f(pool $(, $arg)*).await,
            Backend::Postgres(pool) => postgres::$f(pool $(, $arg)*).await,
        }
    };
}

impl Store {
    /// Opens the database a URL names: `sqlite://PATH` (created when missing; `sqlite::memory:`
    /// for a throw-away one) or `postgres://USER@HOST:PORT/DB`. Any other scheme is an error.
    pub async fn connect(url: &str) -> Result<Self> {
        let backend = match dialect_of(url)? {
            Dialect::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Config(format!("invalid SQLite URL {url:?}: {e}")))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    // Connections share the operating system's page cache through a memory map
                    // instead of each reading the file into its own small cache.
                    .pragma("mmap_size", "1073741824")
                    .pragma("cache_size", "-16000")
                    .pragma("temp_store", "memory");
                let memory = url.contains(":memory:");
                let pool = SqlitePoolOptions::new()
                    .max_connections(if memory { 1 } else { 4 })
                    .min_connections(usize::from(memory) as u32)
                    .idle_timeout(if memory {
                        None
                    } else {
                        Some(Duration::from_mins(10))
                    })
                    .max_lifetime(if memory {
                        None
                    } else {
                        Some(Duration::from_hours(1))
                    })
                    .connect_with(options)
                    .await?;
                Backend::Sqlite(pool)
            }
            Dialect::Postgres => {
                let options = PgConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Config(format!("invalid PostgreSQL URL: {e}")))?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?;
                Backend::Postgres(pool)
            }
        };
        Ok(Self { backend })
    }

    /// Opens the database and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the migrations the database has not seen yet, then fills in the derived values
    /// that newly added columns need; returns how many migrations were applied.
    pub async fn migrate(&self) -> Result<usize> {
        let applied = match &self.backend {
            Backend::Sqlite(pool) => migrate::run_sqlite(pool, None).await?,
            Backend::Postgres(pool) => migrate::run_postgres(pool, None).await?,
        };
        let signed = dispatch!(self.sign_unsigned_accounts())?;
        if signed > 0 {
            tracing::info!(signed, "search signatures computed");
        }
        Ok(applied)
    }

    /// Closes every connection; used before a process exits.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(pool) => pool.close().await,
            Backend::Postgres(pool) => pool.close().await,
        }
    }

    pub async fn create_account(&self, draft: &AccountDraft, actor: &Actor) -> Result<Account> {
        dispatch!(self.create_account(draft, actor))
    }

    pub async fn account(&self, id: i64) -> Result<Account> {
        dispatch!(self.get_account(id))
    }

    /// Replaces an account's data if `version` is still current; otherwise a conflict.
    pub async fn update_account(
        &self,
        id: i64,
        version: i64,
        draft: &AccountDraft,
        actor: &Actor,
    ) -> Result<Account> {
        dispatch!(self.update_account(id, version, draft, actor))
    }

    /// Deletes an account and its contacts; the history stays.
    pub async fn delete_account(&self, id: i64, version: i64, actor: &Actor) -> Result<()> {
        dispatch!(self.delete_account(id, version, actor))
    }

    pub async fn list_accounts(&self, query: &AccountQuery) -> Result<Page<Account>> {
        dispatch!(self.list_accounts(query))
    }

    /// The names of the given accounts, for lists that show them beside other records.
    pub async fn account_names(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, String>> {
        let rows = dispatch!(self.account_names(ids))?;
        Ok(rows.into_iter().collect())
    }

    pub async fn count_accounts(&self) -> Result<i64> {
        dispatch!(self.count_accounts())
    }

    /// The distinct owners of accounts, for filters.
    pub async fn account_owners(&self) -> Result<Vec<String>> {
        dispatch!(self.account_owners())
    }

    /// The account an account was merged into, following chains of merges.
    pub async fn merged_into(&self, id: i64) -> Result<Option<i64>> {
        dispatch!(self.merged_into(id))
    }

    /// Stores many accounts with their contacts in one transaction (demo data, bulk loads).
    pub async fn insert_accounts(
        &self,
        accounts: &[(AccountDraft, Vec<ContactDraft>)],
        actor: &Actor,
    ) -> Result<usize> {
        dispatch!(self.insert_accounts(accounts, actor))
    }

    pub async fn create_contact(
        &self,
        account_id: i64,
        draft: &ContactDraft,
        actor: &Actor,
    ) -> Result<Contact> {
        dispatch!(self.create_contact(account_id, draft, actor))
    }

    pub async fn contact(&self, id: i64) -> Result<Contact> {
        dispatch!(self.get_contact(id))
    }

    pub async fn update_contact(
        &self,
        id: i64,
        version: i64,
        draft: &ContactDraft,
        actor: &Actor,
    ) -> Result<Contact> {
        dispatch!(self.update_contact(id, version, draft, actor))
    }

    pub async fn delete_contact(&self, id: i64, version: i64, actor: &Actor) -> Result<()> {
        dispatch!(self.delete_contact(id, version, actor))
    }

    pub async fn list_contacts(&self, query: &ContactQuery) -> Result<Page<Contact>> {
        dispatch!(self.list_contacts(query))
    }

    /// Every contact of one account, in name order.
    pub async fn contacts_of(&self, account_id: i64) -> Result<Vec<Contact>> {
        dispatch!(self.contacts_of(account_id))
    }

    pub async fn custom_fields(&self) -> Result<Vec<CustomFieldDef>> {
        dispatch!(self.custom_fields())
    }

    /// Adds a custom field; its key must be new.
    pub async fn add_custom_field(&self, def: &CustomFieldDef) -> Result<()> {
        dispatch!(self.add_custom_field(def))
    }

    /// Removes a custom field definition; values already stored stay in the accounts' history.
    pub async fn remove_custom_field(&self, key: &str) -> Result<()> {
        dispatch!(self.remove_custom_field(key))
    }

    /// The newest changes to an account and its contacts, newest first.
    pub async fn account_history(&self, account_id: i64, limit: i64) -> Result<Vec<HistoryEntry>> {
        dispatch!(self.account_history(account_id, limit))
    }

    /// Groups of accounts that look like the same customer and have not been dismissed.
    pub async fn duplicate_groups(&self) -> Result<Vec<DuplicateGroup>> {
        let keys = dispatch!(self.duplicate_keys())?;
        let dismissed = dispatch!(self.dismissed_pairs())?;
        Ok(find_duplicates(&keys, &dismissed))
    }

    /// Marks accounts as different customers so they are not proposed as duplicates again.
    pub async fn dismiss_duplicates(&self, account_ids: &[i64], actor: &Actor) -> Result<()> {
        dispatch!(self.dismiss_duplicates(account_ids, actor))
    }

    /// Merges accounts into `keep`: every linked record moves to it, its blanks are filled from
    /// the others, and the others are removed, each leaving a snapshot and a history entry.
    pub async fn merge_accounts(&self, keep: i64, merge: &[i64], actor: &Actor) -> Result<Account> {
        if merge.is_empty() || merge.contains(&keep) {
            return Err(StoreError::Validation(ValidationErrors::single(
                "merge",
                arvo_core::Problem::Required,
            )));
        }
        dispatch!(self.merge_accounts(keep, merge, actor))
    }
}

/// Tells the dialect from a database URL's scheme.
pub fn dialect_of(url: &str) -> Result<Dialect> {
    let scheme = url.split(':').next().unwrap_or_default();
    match scheme {
        "sqlite" => Ok(Dialect::Sqlite),
        "postgres" | "postgresql" => Ok(Dialect::Postgres),
        _ => Err(StoreError::Config(format!(
            "unsupported database URL {:?}: use sqlite://PATH (e.g. sqlite://arvo.db) or postgres://USER@HOST:PORT/DATABASE",
            redact(url)
        ))),
    }
}

/// A URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Users, teams, sessions, API tokens, sign-in failures, settings and the audit log.
impl Store {
    pub async fn count_users(&self) -> Result<i64> {
        dispatch!(self.count_users())
    }

    pub async fn create_user(
        &self,
        draft: &UserDraft,
        password_hash: Option<&str>,
        actor: &Actor,
    ) -> Result<User> {
        dispatch!(self.create_user(draft, password_hash, actor))
    }

    /// Changes a user if `version` is current; a new name follows to the accounts they own.
    pub async fn update_user(
        &self,
        id: i64,
        version: i64,
        draft: &UserDraft,
        actor: &Actor,
    ) -> Result<User> {
        dispatch!(self.update_user(id, version, draft, actor))
    }

    /// A deactivated user's sessions end and their tokens stop working.
    pub async fn set_user_active(&self, id: i64, active: bool, actor: &Actor) -> Result<User> {
        dispatch!(self.set_user_active(id, active, actor))
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        dispatch!(self.users())
    }

    pub async fn user(&self, id: i64) -> Result<User> {
        dispatch!(self.user(id))
    }

    /// Sets a user's password hash and ends their other sessions (all but `keep`).
    pub async fn set_password(
        &self,
        id: i64,
        password_hash: &str,
        keep: Option<&str>,
        actor: &Actor,
    ) -> Result<()> {
        dispatch!(self.set_password(id, password_hash, keep, actor))
    }

    pub async fn teams(&self) -> Result<Vec<Team>> {
        dispatch!(self.teams())
    }

    /// Creates a team; a name another team has (in any case) is a `Duplicate` of `name`.
    pub async fn create_team(&self, name: &str, actor: &Actor) -> Result<Team> {
        dispatch!(self.create_team(name, actor))
    }

    pub async fn rename_team(&self, id: i64, name: &str, actor: &Actor) -> Result<Team> {
        dispatch!(self.rename_team(id, name, actor))
    }

    /// Removes a team without members.
    pub async fn delete_team(&self, id: i64, actor: &Actor) -> Result<()> {
        dispatch!(self.delete_team(id, actor))
    }

    pub async fn credentials_by_email(&self, email: &str) -> Result<Option<Credentials>> {
        dispatch!(self.credentials_by_email(email))
    }

    /// The active user whose name or email is `who`, in any case.
    pub async fn active_user_named(&self, who: &str) -> Result<Option<User>> {
        dispatch!(self.active_user_named(who))
    }

    pub async fn team_member_names(&self, team_id: i64) -> Result<Vec<String>> {
        dispatch!(self.team_member_names(team_id))
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        dispatch!(self.setting(key))
    }

    pub async fn set_setting(&self, key: &str, value: &str, actor: &Actor) -> Result<()> {
        dispatch!(self.set_setting(key, value, actor))
    }

    pub async fn create_session(&self, session: &NewSession<'_>) -> Result<()> {
        dispatch!(self.create_session(session))
    }

    /// The user of a live session, seen within `idle`.
    pub async fn session_user(
        &self,
        id_hash: &str,
        idle: chrono::Duration,
    ) -> Result<Option<SessionUser>> {
        dispatch!(self.session_user(id_hash, idle))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        dispatch!(self.delete_session(id_hash))
    }

    pub async fn create_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        actor: &Actor,
    ) -> Result<ApiToken> {
        dispatch!(self.create_token(user_id, name, token_hash, prefix, actor))
    }

    /// The active user of an unrevoked token.
    pub async fn token_user(
        &self,
        token_hash: &str,
        address: Option<&str>,
    ) -> Result<Option<User>> {
        dispatch!(self.token_user(token_hash, address))
    }

    /// The tokens of one user, or of everyone.
    pub async fn tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>> {
        dispatch!(self.tokens(user_id))
    }

    pub async fn revoke_token(&self, id: i64, actor: &Actor) -> Result<ApiToken> {
        dispatch!(self.revoke_token(id, actor))
    }

    pub async fn record_login_failure(
        &self,
        keys: &[String],
        event: &NewAuditEvent<'_>,
    ) -> Result<()> {
        dispatch!(self.record_login_failure(keys, event))
    }

    pub async fn login_failures_since(
        &self,
        key: &str,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<i64> {
        dispatch!(self.login_failures_since(key, since))
    }

    pub async fn record_login(&self, key: &str, event: &NewAuditEvent<'_>) -> Result<()> {
        dispatch!(self.record_login(key, event))
    }

    /// Appends an event to the audit log.
    pub async fn record_event(&self, event: &NewAuditEvent<'_>) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(pool) => sqlite::record_event(pool, event).await,
            Backend::Postgres(pool) => postgres::record_event(pool, event).await,
        }
    }

    /// One page of the audit log, newest first, and the cursor of the next (older) page.
    pub async fn audit_log(&self, query: &AuditQuery) -> Result<Page<AuditEntry>> {
        dispatch!(self.audit_log(query))
    }
}

/// Contact persons' personal data: consent history, export, erasure and retention.
impl Store {
    /// A contact's consent history, oldest first.
    pub async fn consents(&self, contact_id: i64) -> Result<Vec<personal_data::ConsentEvent>> {
        dispatch!(self.consents(contact_id))
    }

    /// Everything stored about one contact: its fields, its account, its consent history, its
    /// change history and the audit events about it.
    pub async fn personal_data(&self, contact_id: i64) -> Result<personal_data::PersonalData> {
        dispatch!(self.personal_data(contact_id))
    }

    /// Anonymises a contact and its history, in one transaction with its audit event; with a
    /// `version`, only if that version is still current. An erased contact cannot be erased
    /// again.
    pub async fn erase_contact(
        &self,
        id: i64,
        version: Option<i64>,
        erasure: &personal_data::Erasure<'_>,
    ) -> Result<Contact> {
        dispatch!(self.erase_contact(id, version, erasure))
    }

    /// Erases several contacts in one transaction: all of them, or none.
    pub async fn erase_contacts(
        &self,
        ids: &[i64],
        erasure: &personal_data::Erasure<'_>,
    ) -> Result<usize> {
        dispatch!(self.erase_contacts(ids, erasure))
    }

    /// The contacts, not yet erased, of the accounts that are former customers.
    pub async fn former_contacts(&self) -> Result<Vec<personal_data::FormerContact>> {
        dispatch!(self.former_contacts())
    }
}

/// The care of customers: encounters, tasks, decisions on suggested actions and the adherence
/// engine's read of the base.
impl Store {
    /// Records an encounter with an account and the users and contacts who took part.
    pub async fn add_encounter(
        &self,
        account_id: i64,
        draft: &arvo_core::work::EncounterDraft,
        actor: &Actor,
    ) -> Result<care::Encounter> {
        dispatch!(self.add_encounter(account_id, draft, actor))
    }

    /// Records many encounters (account id, draft) in one transaction: all of them, or none.
    pub async fn add_encounters(
        &self,
        encounters: &[(i64, arvo_core::work::EncounterDraft)],
        actor: &Actor,
    ) -> Result<usize> {
        dispatch!(self.add_encounters(encounters, actor))
    }

    /// One encounter with its participants.
    pub async fn encounter(&self, id: i64) -> Result<care::Encounter> {
        dispatch!(self.encounter(id))
    }

    /// Replaces what an encounter records, its participants included.
    pub async fn update_encounter(
        &self,
        id: i64,
        draft: &arvo_core::work::EncounterDraft,
        actor: &Actor,
    ) -> Result<care::Encounter> {
        dispatch!(self.update_encounter(id, draft, actor))
    }

    /// Deletes an encounter recorded by mistake.
    pub async fn delete_encounter(&self, id: i64, actor: &Actor) -> Result<()> {
        dispatch!(self.delete_encounter(id, actor))
    }

    /// The encounters a query asks for, newest first.
    pub async fn encounters(&self, query: &care::EncounterQuery) -> Result<Vec<care::Encounter>> {
        dispatch!(self.encounters(query))
    }

    /// Saves a task; its owner must be an active user.
    pub async fn create_task(
        &self,
        draft: &arvo_core::work::TaskDraft,
        actor: &Actor,
    ) -> Result<care::Task> {
        dispatch!(self.create_task(draft, actor))
    }

    /// One task.
    pub async fn task(&self, id: i64) -> Result<care::Task> {
        dispatch!(self.task(id))
    }

    /// Changes a task's title, notes, owner and due day; with a `version`, only if it is still
    /// current.
    pub async fn update_task(
        &self,
        id: i64,
        version: Option<i64>,
        change: &arvo_core::work::TaskDraft,
        actor: &Actor,
    ) -> Result<care::Task> {
        dispatch!(self.update_task(id, version, change, actor))
    }

    /// Marks a task done or not done; with a `version`, only if it is still current. Marking it
    /// done records `encounter` (the one the task asked for) in the same transaction, and closes
    /// on `on` the plan action the task was made for.
    pub async fn set_task_done(
        &self,
        id: i64,
        version: Option<i64>,
        done: bool,
        encounter: Option<&arvo_core::work::EncounterDraft>,
        on: chrono::NaiveDate,
        actor: &Actor,
    ) -> Result<care::Task> {
        dispatch!(self.set_task_done(id, version, done, encounter, on, actor))
    }

    /// The tasks a query asks for: open ones first, then by due day.
    pub async fn tasks(&self, query: &care::TaskQuery) -> Result<Vec<care::Task>> {
        dispatch!(self.tasks(query))
    }

    /// Records a decision on an account's gap; accepting saves its task with it.
    pub async fn decide(
        &self,
        account_id: i64,
        gap_key: &str,
        decision: &care::NewDecision<'_>,
        actor: &Actor,
    ) -> Result<care::StoredDecision> {
        dispatch!(self.decide(account_id, gap_key, decision, actor))
    }

    /// The latest decision on every gap of one account, or of every account.
    pub async fn decisions(&self, account_id: Option<i64>) -> Result<Vec<care::StoredDecision>> {
        dispatch!(self.decisions(account_id))
    }

    /// Claims the engine's run of `slot` for `instance`, unless the slot is taken or another
    /// run is unfinished (one started before `stale_before` counts as abandoned).
    pub async fn claim_care_run(
        &self,
        slot: &str,
        on: chrono::NaiveDate,
        instance: &str,
        stale_before: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<i64>> {
        dispatch!(self.claim_care_run(slot, on, instance, stale_before))
    }

    /// Records what a claimed run found, and that it finished.
    pub async fn finish_care_run(&self, id: i64, totals: &care::RunTotals) -> Result<()> {
        dispatch!(self.finish_care_run(id, totals))
    }

    /// Gives a user a new calendar feed key (stored as its digest), replacing the old one.
    pub async fn set_calendar_key(
        &self,
        user_id: i64,
        key_hash: &str,
        actor: &Actor,
    ) -> Result<()> {
        dispatch!(self.set_calendar_key(user_id, key_hash, actor))
    }

    /// The name and language of the active user whose calendar feed key has this digest.
    pub async fn calendar_owner(&self, key_hash: &str) -> Result<Option<(String, String)>> {
        dispatch!(self.calendar_owner(key_hash))
    }

    /// Records that a claimed run ended without finishing its evaluation.
    pub async fn fail_care_run(&self, id: i64) -> Result<()> {
        dispatch!(self.fail_care_run(id))
    }

    /// The engine's latest runs, newest first.
    pub async fn care_runs(&self, limit: i64) -> Result<Vec<care::CareRun>> {
        dispatch!(self.care_runs(limit))
    }

    /// A run's adherence per owner and segment.
    pub async fn care_run_adherence(&self, run_id: i64) -> Result<Vec<care::RunAdherence>> {
        dispatch!(self.care_run_adherence(run_id))
    }

    /// What the adherence engine reads on `today`, for every account or one, each table once.
    pub async fn care_data(
        &self,
        today: chrono::NaiveDate,
        account: Option<i64>,
    ) -> Result<care::CareData> {
        dispatch!(self.care_data(today, account))
    }
}

/// An import of order lines in progress: one open transaction with a staging table. Dropping it
/// unfinished rolls everything back.
pub struct OrderImport {
    tx: ImportTx,
    book: imports::OrderBook,
}

enum ImportTx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Store {
    /// An account's purchase history with its `recent` latest orders.
    pub async fn purchase_history(
        &self,
        account_id: i64,
        recent: i64,
    ) -> Result<imports::PurchaseHistory> {
        dispatch!(self.purchase_history(account_id, recent))
    }

    /// An account's activities (see [`activities`]) with the `recent` latest records of each
    /// kind; unpaid invoices past their due date on `today` count as late.
    pub async fn activity_history(
        &self,
        account_id: i64,
        recent: i64,
        today: chrono::NaiveDate,
    ) -> Result<activities::ActivityHistory> {
        dispatch!(self.activity_history(account_id, recent, today))
    }

    /// Saves a column mapping (its JSON) under `name` for later imports of `kind`.
    pub async fn save_mapping(
        &self,
        name: &str,
        kind: &str,
        mapping: &str,
        actor: &Actor,
    ) -> Result<()> {
        dispatch!(self.save_mapping(name, kind, mapping, actor))
    }

    /// The kind and JSON of the mapping saved under `name`.
    pub async fn mapping_named(&self, name: &str) -> Result<Option<(String, String)>> {
        dispatch!(self.mapping_named(name))
    }

    /// The names of the mappings saved for imports of `kind`, alphabetically.
    pub async fn mapping_names(&self, kind: &str) -> Result<Vec<String>> {
        dispatch!(self.mapping_names(kind))
    }

    /// Every account's data for the value analysis: its activity from `from` to `to` and its
    /// purchase days up to `to`.
    pub async fn analysis_data(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<arvo_core::analysis::CustomerData>> {
        dispatch!(self.analysis_data(from, to))
    }

    /// Every account's name, by id.
    pub async fn all_account_names(&self) -> Result<std::collections::HashMap<i64, String>> {
        dispatch!(self.all_account_names())
    }

    /// Every account that has a customer number, its id by that number.
    pub async fn account_ids_by_customer_number(
        &self,
    ) -> Result<std::collections::HashMap<String, i64>> {
        dispatch!(self.account_ids_by_customer_number())
    }

    /// The cost pools in their order, each with its yearly cost.
    pub async fn cost_pools(&self) -> Result<Vec<analysis::StoredPool>> {
        dispatch!(self.cost_pools())
    }

    /// Replaces the cost pools (yearly costs), recording the change in the audit log.
    pub async fn set_cost_pools(
        &self,
        pools: &[arvo_core::profitability::CostPool],
        actor: &Actor,
    ) -> Result<()> {
        dispatch!(self.set_cost_pools(pools, actor))
    }

    /// Records a 1–5 rating of a criterion for an account; the latest counts.
    pub async fn rate(
        &self,
        account_id: i64,
        criterion: &str,
        score: u8,
        reason: Option<&str>,
        actor: &Actor,
    ) -> Result<()> {
        dispatch!(self.rate(account_id, criterion, score, reason, actor))
    }

    /// Every rating of an account, newest first.
    pub async fn ratings_of(&self, account_id: i64) -> Result<Vec<analysis::Rating>> {
        dispatch!(self.ratings_of(account_id))
    }

    /// Each account's latest rating of each criterion: (account id, criterion, score).
    pub async fn latest_ratings(&self) -> Result<Vec<(i64, String, i64)>> {
        dispatch!(self.latest_ratings())
    }

    /// Sets or forgets an account's estimated yearly need, in cents.
    pub async fn set_estimated_need(
        &self,
        account_id: i64,
        cents: Option<i64>,
        actor: &Actor,
    ) -> Result<()> {
        dispatch!(self.set_estimated_need(account_id, cents, actor))
    }

    /// The estimated need and hand-set segment of every account that has either: (id, need,
    /// segment).
    pub async fn segment_inputs(&self) -> Result<Vec<(i64, Option<i64>, Option<String>)>> {
        dispatch!(self.segment_inputs())
    }

    /// An account's current segment.
    pub async fn account_segment(&self, account_id: i64) -> Result<Option<analysis::SegmentState>> {
        dispatch!(self.account_segment(account_id))
    }

    /// Sets an account's segment (and tier) by hand with a reason, or (`None`) gives it back to
    /// the rule.
    pub async fn set_manual_segment(
        &self,
        account_id: i64,
        segment: Option<(&str, &str)>,
        reason: &str,
        actor: &Actor,
    ) -> Result<()> {
        dispatch!(self.set_manual_segment(account_id, segment, reason, actor))
    }

    /// Saves the rule's segments (id, segment, tier), keeping hand-set ones; returns how many
    /// accounts changed segment.
    pub async fn save_rule_segments(
        &self,
        segments: &[(i64, &str, &str)],
        actor: &Actor,
    ) -> Result<u64> {
        dispatch!(self.save_rule_segments(segments, actor))
    }

    /// An account's segment history, newest first.
    pub async fn segment_history(&self, account_id: i64) -> Result<Vec<analysis::SegmentChange>> {
        dispatch!(self.segment_history(account_id))
    }

    /// Every account's segment as it stood at `at`.
    pub async fn segments_at(
        &self,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(i64, String)>> {
        dispatch!(self.segments_at(at))
    }

    /// How many orders and order lines the database holds.
    pub async fn order_counts(&self) -> Result<(i64, i64)> {
        dispatch!(self.order_counts())
    }

    /// Imports accounts in one transaction, matching each row to a stored account or adding it;
    /// `mapped` names the fields the file has.
    pub async fn import_accounts(
        &self,
        rows: &[imports::AccountImportRow],
        mapped: &[String],
        options: &imports::ImportOptions<'_>,
    ) -> Result<imports::ImportOutcome> {
        dispatch!(self.import_accounts(rows, mapped, options))
    }

    /// Imports products in one transaction, keyed by product number; `mapped` names the fields
    /// the file has.
    pub async fn import_products(
        &self,
        rows: &[imports::ProductImportRow],
        mapped: &[String],
        options: &imports::ImportOptions<'_>,
    ) -> Result<imports::ImportOutcome> {
        dispatch!(self.import_products(rows, mapped, options))
    }

    /// Imports deliveries, invoices, service entries, visits or returns in one transaction,
    /// keyed by their number or reference.
    pub async fn import_activities(
        &self,
        kind: &imports::ActivityKind,
        rows: &[imports::ActivityRecord],
        options: &imports::ImportOptions<'_>,
    ) -> Result<imports::ImportOutcome> {
        dispatch!(self.import_activities(kind, rows, options))
    }

    /// The latest finished imports, newest first.
    pub async fn recent_imports(&self, limit: i64) -> Result<Vec<imports::ImportLogEntry>> {
        dispatch!(self.recent_imports(limit))
    }

    /// Imports contact persons in one transaction, each matched within its customer by email or
    /// name, or added; `mapped` names the fields the file has.
    pub async fn import_contacts(
        &self,
        rows: &[imports::ContactImportRow],
        mapped: &[String],
        options: &imports::ImportOptions<'_>,
    ) -> Result<imports::ImportOutcome> {
        dispatch!(self.import_contacts(rows, mapped, options))
    }

    /// Starts an import of order lines.
    pub async fn begin_order_import(&self) -> Result<OrderImport> {
        let tx = match &self.backend {
            Backend::Sqlite(pool) => ImportTx::Sqlite(sqlite::begin_order_import(pool).await?),
            Backend::Postgres(pool) => {
                ImportTx::Postgres(postgres::begin_order_import(pool).await?)
            }
        };
        Ok(OrderImport {
            tx,
            book: imports::OrderBook::default(),
        })
    }
}

impl OrderImport {
    /// Stages a batch of records. A line that disagrees with its order's first line or repeats
    /// a line is set aside as rejected; nothing is saved yet.
    pub async fn stage(&mut self, rows: &[imports::OrderLineRecord]) -> Result<()> {
        let lines = self.book.take(rows);
        match &mut self.tx {
            ImportTx::Sqlite(tx) => sqlite::stage_order_lines(tx, &mut self.book, &lines).await,
            ImportTx::Postgres(tx) => postgres::stage_order_lines(tx, &mut self.book, &lines).await,
        }
    }

    /// Checks and counts the staged records and, unless this is a dry run or rows were rejected
    /// without `skip_invalid`, saves them all in one commit.
    pub async fn finish(
        self,
        options: &imports::ImportOptions<'_>,
    ) -> Result<imports::ImportOutcome> {
        match self.tx {
            ImportTx::Sqlite(tx) => sqlite::finish_order_import(tx, self.book, options).await,
            ImportTx::Postgres(tx) => postgres::finish_order_import(tx, self.book, options).await,
        }
    }
}

/// Lists read whole for export, a page at a time (see [`exports`]).
impl Store {
    /// The accounts of a list query (its filters, order and scope), page by page.
    pub fn account_reader(&self, query: AccountQuery) -> exports::AccountReader {
        exports::AccountReader::new(self.clone(), query)
    }

    /// The contacts of a list query with their accounts, page by page.
    pub fn contact_reader(&self, query: ContactQuery) -> exports::ContactReader {
        exports::ContactReader::new(self.clone(), query)
    }

    /// Order lines with their order, customer and product, page by page.
    pub fn order_line_reader(&self, query: exports::OrderLineQuery) -> exports::OrderLineReader {
        exports::OrderLineReader::new(self.clone(), query)
    }

    /// Every product with its group, page by page.
    pub fn product_reader(&self) -> exports::ProductReader {
        exports::ProductReader::new(self.clone())
    }

    /// The records of one activity kind with their customer, order and product, page by page.
    pub fn activity_reader(
        &self,
        kind: &'static imports::ActivityKind,
        query: exports::ActivityQuery,
    ) -> exports::ActivityReader {
        exports::ActivityReader::new(self.clone(), kind, query)
    }

    /// One export page of products after the product of id `after`.
    pub async fn products_for_export(
        &self,
        after: Option<i64>,
    ) -> Result<Vec<exports::ProductRow>> {
        dispatch!(self.products_for_export(after))
    }

    /// How many products there are.
    pub async fn count_products(&self) -> Result<i64> {
        dispatch!(self.count_products())
    }

    /// One export page of an activity kind's records after the record of id `after`.
    pub async fn activities_for_export(
        &self,
        kind: &imports::ActivityKind,
        query: &exports::ActivityQuery,
        after: Option<i64>,
    ) -> Result<Vec<exports::ActivityRow>> {
        dispatch!(self.activities_for_export(kind, query, after))
    }

    /// How many records of an activity kind an activity query matches.
    pub async fn count_activities(
        &self,
        kind: &imports::ActivityKind,
        query: &exports::ActivityQuery,
    ) -> Result<i64> {
        dispatch!(self.count_activities(kind, query))
    }

    /// One export page of the accounts of a list query, and the cursor of the next.
    pub async fn accounts_for_export(&self, query: &AccountQuery) -> Result<Page<Account>> {
        dispatch!(self.accounts_for_export(query))
    }

    /// How many accounts a list query matches, ignoring its cursor.
    pub async fn count_matching_accounts(&self, query: &AccountQuery) -> Result<i64> {
        dispatch!(self.count_matching_accounts(query))
    }

    /// One export page of the contacts of a list query with their accounts, and the cursor of
    /// the next.
    pub async fn contacts_for_export(
        &self,
        query: &ContactQuery,
    ) -> Result<Page<exports::ContactLine>> {
        dispatch!(self.contacts_for_export(query))
    }

    /// How many contacts a list query matches, ignoring its cursor.
    pub async fn count_matching_contacts(&self, query: &ContactQuery) -> Result<i64> {
        dispatch!(self.count_matching_contacts(query))
    }

    /// One export page of order lines after `after` (an order's id and a line number).
    pub async fn order_lines_for_export(
        &self,
        query: &exports::OrderLineQuery,
        after: Option<(i64, i64)>,
    ) -> Result<Vec<exports::OrderLineRow>> {
        dispatch!(self.order_lines_for_export(query, after))
    }

    /// How many order lines an order line query matches.
    pub async fn count_order_lines(&self, query: &exports::OrderLineQuery) -> Result<i64> {
        dispatch!(self.count_order_lines(query))
    }
}

/// Account plans.
impl Store {
    /// An account's plan with its goals, actions and script, if it has one.
    pub async fn plan(&self, account_id: i64) -> Result<Option<plans::Plan>> {
        dispatch!(self.plan(account_id))
    }

    /// Creates or replaces an account's plan; with `version`, only if it is still current. The
    /// goals' and actions' ids must be the plan's own and the actions' owners active users.
    pub async fn save_plan(
        &self,
        account_id: i64,
        draft: &arvo_core::plan::PlanDraft,
        version: Option<i64>,
        on: chrono::NaiveDate,
        actor: &Actor,
    ) -> Result<plans::Plan> {
        dispatch!(self.save_plan(account_id, draft, version, on, actor))
    }

    /// Records a review of an account's plan on `on`.
    pub async fn record_plan_review(
        &self,
        account_id: i64,
        on: chrono::NaiveDate,
        actor: &Actor,
    ) -> Result<plans::Plan> {
        dispatch!(self.record_plan_review(account_id, on, actor))
    }

    /// Deletes an account's plan.
    pub async fn delete_plan(&self, account_id: i64, actor: &Actor) -> Result<()> {
        dispatch!(self.delete_plan(account_id, actor))
    }

    /// The open plan actions of `owners` (everyone's when empty) due by `due_by`, by due day.
    pub async fn open_plan_actions(
        &self,
        owners: &[String],
        due_by: chrono::NaiveDate,
    ) -> Result<Vec<plans::DueAction>> {
        dispatch!(self.open_plan_actions(owners, due_by))
    }

    /// Every plan with its reviews up to `on`, by account name.
    pub async fn plans(&self, on: chrono::NaiveDate) -> Result<Vec<plans::PlanSummary>> {
        dispatch!(self.plans(on))
    }
}

/// Targets for customers, segments and the whole base.
impl Store {
    /// One target.
    pub async fn target(&self, id: i64) -> Result<targets::Target> {
        dispatch!(self.target(id))
    }

    /// The targets of a period (`2027`, `2027-Q1`) or of all, of one account or of all.
    pub async fn targets(
        &self,
        period: Option<&str>,
        account_id: Option<i64>,
    ) -> Result<Vec<targets::Target>> {
        dispatch!(self.targets(period, account_id))
    }

    /// Saves a new target or (with `id`) changes one; one per whom, metric and period.
    pub async fn save_target(
        &self,
        id: Option<i64>,
        draft: &arvo_core::targets::TargetDraft,
        version: Option<i64>,
        actor: &Actor,
    ) -> Result<targets::Target> {
        dispatch!(self.save_target(id, draft, version, actor))
    }

    /// Deletes a target.
    pub async fn delete_target(&self, id: i64, actor: &Actor) -> Result<()> {
        dispatch!(self.delete_target(id, actor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_follows_scheme() {
        assert_eq!(dialect_of("sqlite://arvo.db").unwrap(), Dialect::Sqlite);
        assert_eq!(dialect_of("sqlite::memory:").unwrap(), Dialect::Sqlite);
        assert_eq!(dialect_of("postgres://a@b/c").unwrap(), Dialect::Postgres);
        assert_eq!(dialect_of("postgresql://a@b/c").unwrap(), Dialect::Postgres);
        let e = dialect_of("mysql://u:secret@h/db").unwrap_err().to_string();
        assert!(
            e.contains("unsupported database URL") && !e.contains("secret"),
            "{e}"
        );
        assert!(dialect_of("arvo.db").is_err());
    }
}
