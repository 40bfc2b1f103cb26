//! The shapes of users, teams, sessions, API tokens and audit events as the repository reads and
//! returns them. Password hashes, session ids and tokens never appear in these shapes except where
//! a caller must check one ([`Credentials`]), and none of them is serialisable with a secret.

use arvo_core::{Principal, Role};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

/// A user of Arvo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub email: String,
    /// `fi` or `en`.
    pub language: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub team: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// The user as the access rules see them.
    pub fn principal(&self) -> Principal {
        Principal {
            user_id: self.id,
            name: self.name.clone(),
            role: self.role,
            team_id: self.team_id,
        }
    }
}

/// A team of users; the visibility rule "team" lets its members see each other's accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Team {
    pub id: i64,
    pub name: String,
    /// How many users belong to it, active or not.
    pub members: i64,
}

/// A user with the password hash a sign-in checks. Not serialisable on purpose.
#[derive(Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user.email)
            .finish_non_exhaustive()
    }
}

/// A signed-in session as the server finds it from its cookie.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    /// The token every state-changing request of this session must carry.
    pub csrf_token: String,
}

/// A new session to store: only the hash of its id is kept.
#[derive(Clone)]
pub struct NewSession<'a> {
    pub id_hash: &'a str,
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub expires_at: DateTime<Utc>,
    pub address: Option<&'a str>,
}

/// An API token as its owner and admins see it: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One line of the audit log: a record change (from the history) or another event (sign-ins,
/// tokens, users and permissions, settings).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// E.g. `account.update`, `contact.create`, `login`, `login_failed`, `token.create`,
    /// `user.update`, `audit.export`.
    pub kind: String,
    /// The acting user's name; for a failed sign-in, the email that was typed.
    pub actor: String,
    /// The door it came through: `web`, `api`, `cli`, `import` or `demo`.
    pub via: String,
    /// What it concerns, e.g. `account 12`, `contact 40` or `user 3`.
    pub subject: Option<String>,
    /// The account a record change belongs to (the account itself, or a contact's account).
    pub account_id: Option<i64>,
    /// The record's name when it changed.
    pub summary: Option<String>,
    /// The field-level changes (`[{"field", "before", "after"}]`), or the event's details.
    #[schema(value_type = Object)]
    pub details: Value,
    /// The client's address, where the event was a request.
    pub address: Option<String>,
}

/// A filtered view of the audit log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// The acting user's name, in any case.
    pub actor: Option<String>,
    /// A kind or its first part, e.g. `account` or `login_failed`.
    pub kind: Option<String>,
    /// From this moment on.
    pub since: Option<DateTime<Utc>>,
    /// Before this moment.
    pub until: Option<DateTime<Utc>>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// Entries per page: 100 when not given, at most 10,000.
    pub limit: u32,
}

/// A new audit event.
#[derive(Debug, Clone)]
pub struct NewAuditEvent<'a> {
    pub kind: &'a str,
    pub actor: &'a str,
    pub via: &'a str,
    pub subject: Option<String>,
    pub details: Value,
    pub address: Option<&'a str>,
}
