// Users, teams, sessions, API tokens, failed sign-ins, organisation settings and the audit log,
// written once and compiled for each dialect next to `repo.rs` (whose imports and helpers it
// shares). Every change here records an audit event in the same transaction.

use crate::users::{
    ApiToken, AuditEntry, AuditQuery, Credentials, NewAuditEvent, NewSession, SessionUser, Team,
    User,
};
use arvo_core::{Role, UserDraft};
use serde_json::Value;

/// How often a session's or token's "last seen" time is written, at most.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::seconds(60);
/// How often a token's use is written to the audit log, at most.
const TOKEN_USE_LOGGED_EVERY: chrono::Duration = chrono::Duration::hours(1);

const USER_SELECT: &str = "SELECT u.id, u.version, u.name, u.email, u.language, u.role, u.team_id, \
    t.name AS team, u.active, u.created_at, u.updated_at, u.password_hash \
    FROM users u LEFT JOIN teams t ON t.id = u.team_id";

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    version: i64,
    name: String,
    email: String,
    language: String,
    role: String,
    team_id: Option<i64>,
    team: Option<String>,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    password_hash: Option<String>,
}

impl TryFrom<UserRow> for Credentials {
    type Error = StoreError;

    fn try_from(r: UserRow) -> Result<Self> {
        let role = Role::parse(&r.role)
            .ok_or_else(|| StoreError::Corrupt(format!("user {} has role {:?}", r.id, r.role)))?;
        Ok(Self {
            user: User {
                id: r.id,
                version: r.version,
                name: r.name,
                email: r.email,
                language: r.language,
                role,
                team_id: r.team_id,
                team: r.team,
                active: r.active,
                created_at: r.created_at,
                updated_at: r.updated_at,
            },
            password_hash: r.password_hash,
        })
    }
}

async fn fetch_user<'e, E>(executor: E, id: i64) -> Result<User>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let row: Option<UserRow> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?;
    Ok(Credentials::try_from(row.ok_or(StoreError::NotFound("user"))?)?.user)
}

pub async fn record_event<'e, E>(executor: E, e: &NewAuditEvent<'_>) -> Result<()>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    sqlx::query(
        "INSERT INTO audit_events (at, kind, actor, via, subject, details, address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(e.kind)
    .bind(e.actor)
    .bind(e.via)
    .bind(&e.subject)
    .bind(Json(&e.details))
    .bind(e.address)
    .execute(executor)
    .await?;
    Ok(())
}

fn event<'a>(kind: &'a str, actor: &'a Actor, subject: String, details: Value) -> NewAuditEvent<'a> {
    NewAuditEvent {
        kind,
        actor: &actor.name,
        via: &actor.via,
        subject: Some(subject),
        details,
        address: None,
    }
}

pub async fn count_users(pool: &Pool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await?)
}

/// The id of the named team, created when it does not exist yet.
async fn team_id(tx: &mut Tx<'_>, name: Option<&str>) -> Result<Option<i64>> {
    let Some(name) = name else {
        return Ok(None);
    };
    sqlx::query("INSERT INTO teams (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(Some(
        sqlx::query_scalar("SELECT id FROM teams WHERE name = $1")
            .bind(name)
            .fetch_one(&mut **tx)
            .await?,
    ))
}

/// Fails with a validation error naming `name` or `email` when another user has it.
async fn check_user_unique(tx: &mut Tx<'_>, draft: &UserDraft, except: i64) -> Result<()> {
    let mut e = ValidationErrors::new();
    for (field, column, value) in [
        ("name", "name", draft.name.clone()),
        ("email", "email", draft.email.to_string()),
    ] {
        let taken: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM users WHERE LOWER({column}) = LOWER($1) AND id <> $2"
        ))
        .bind(value)
        .bind(except)
        .fetch_optional(&mut **tx)
        .await?;
        if taken.is_some() {
            e.add(field, Problem::Duplicate);
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(e))
    }
}

/// The fields of a user that are bookkeeping, not something a person changed.
const USER_BOOKKEEPING: &[&str] = &["id", "version", "team_id", "created_at", "updated_at"];

/// A user's changes in the history's shape, as the audit log shows them.
fn user_changes(before: Option<&User>, after: &User) -> Value {
    let changes = match before {
        Some(before) => diff(before, after, USER_BOOKKEEPING),
        None => created(after)
            .into_iter()
            .filter(|c| !USER_BOOKKEEPING.contains(&c.field.as_str()))
            .collect(),
    };
    serde_json::to_value(changes).unwrap_or_default()
}

pub async fn create_user(
    pool: &Pool,
    draft: &UserDraft,
    password_hash: Option<&str>,
    actor: &Actor,
) -> Result<User> {
    let mut tx = pool.begin().await?;
    check_user_unique(&mut tx, draft, 0).await?;
    let team = team_id(&mut tx, draft.team.as_deref()).await?;
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (name, email, language, role, team_id, password_hash, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $7) RETURNING id",
    )
    .bind(&draft.name)
    .bind(draft.email.to_string())
    .bind(&draft.language)
    .bind(draft.role.as_str())
    .bind(team)
    .bind(password_hash)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let user = fetch_user(&mut *tx, id).await?;
    record_event(
        &mut *tx,
        &event(
            "user.create",
            actor,
            format!("user {id}"),
            user_changes(None, &user),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

/// Changes a user's details if `version` is current. A new name is carried over to the
/// accounts the user owns, in the same transaction.
pub async fn update_user(
    pool: &Pool,
    id: i64,
    version: i64,
    draft: &UserDraft,
    actor: &Actor,
) -> Result<User> {
    let mut tx = pool.begin().await?;
    let before = lock_user(&mut tx, id, version).await?;
    check_user_unique(&mut tx, draft, id).await?;
    let team = team_id(&mut tx, draft.team.as_deref()).await?;
    sqlx::query(
        "UPDATE users SET name = $1, email = $2, language = $3, role = $4, team_id = $5, \
         version = version + 1, updated_at = $6 WHERE id = $7",
    )
    .bind(&draft.name)
    .bind(draft.email.to_string())
    .bind(&draft.language)
    .bind(draft.role.as_str())
    .bind(team)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if before.name != draft.name {
        sqlx::query("UPDATE accounts SET owner = $1 WHERE owner = $2")
            .bind(&draft.name)
            .bind(&before.name)
            .execute(&mut *tx)
            .await?;
    }
    let after = fetch_user(&mut *tx, id).await?;
    keep_an_admin(&mut tx, &before, &after, "role").await?;
    record_event(
        &mut *tx,
        &event(
            "user.update",
            actor,
            format!("user {id}"),
            user_changes(Some(&before), &after),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Takes the user's row lock, then checks the version.
async fn lock_user(tx: &mut Tx<'_>, id: i64, version: i64) -> Result<User> {
    sqlx::query("UPDATE users SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let user = fetch_user(&mut **tx, id).await?;
    if user.version != version {
        return Err(StoreError::Conflict {
            current_version: user.version,
        });
    }
    Ok(user)
}

/// Refuses, as a problem of `field`, a change that took away the last active administrator.
async fn keep_an_admin(tx: &mut Tx<'_>, before: &User, after: &User, field: &str) -> Result<()> {
    let was_admin = before.active && before.role == Role::Admin;
    let is_admin = after.active && after.role == Role::Admin;
    if !was_admin || is_admin {
        return Ok(());
    }
    let admins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active")
            .fetch_one(&mut **tx)
            .await?;
    if admins == 0 {
        return Err(StoreError::Validation(ValidationErrors::single(
            field,
            Problem::LastAdmin,
        )));
    }
    Ok(())
}

/// Sets a user's password hash and ends their sessions, all but `keep` (the hash of the session
/// that made the change, which stays signed in).
pub async fn set_password(
    pool: &Pool,
    id: i64,
    password_hash: &str,
    keep: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    fetch_user(&mut *tx, id).await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(id)
        .bind(keep.unwrap_or(""))
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut *tx,
        &event("user.password", actor, format!("user {id}"), Value::Null),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn user(pool: &Pool, id: i64) -> Result<User> {
    fetch_user(pool, id).await
}

const TEAM_SELECT: &str = "SELECT t.id, t.name, \
    (SELECT COUNT(*) FROM users u WHERE u.team_id = t.id) AS members FROM teams t";

async fn fetch_team<'e, E>(executor: E, id: i64) -> Result<Team>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let team: Option<Team> = sqlx::query_as(&format!("{TEAM_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?;
    team.ok_or(StoreError::NotFound("team"))
}

pub async fn teams(pool: &Pool) -> Result<Vec<Team>> {
    let mut teams: Vec<Team> = sqlx::query_as(TEAM_SELECT).fetch_all(pool).await?;
    teams.sort_by_key(|t| finnish_sort_key(&t.name));
    Ok(teams)
}

/// Fails with a validation error naming `name` when another team has the name (in any case).
async fn check_team_unique(tx: &mut Tx<'_>, name: &str, except: i64) -> Result<()> {
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM teams WHERE LOWER(name) = LOWER($1) AND id <> $2")
            .bind(name)
            .bind(except)
            .fetch_optional(&mut **tx)
            .await?;
    match taken {
        Some(_) => Err(StoreError::Validation(ValidationErrors::single(
            "name",
            Problem::Duplicate,
        ))),
        None => Ok(()),
    }
}

/// Creates a team; `name` must already be a valid team name.
pub async fn create_team(pool: &Pool, name: &str, actor: &Actor) -> Result<Team> {
    let mut tx = pool.begin().await?;
    check_team_unique(&mut tx, name, 0).await?;
    let id: i64 =
        sqlx::query_scalar("INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
    record_event(
        &mut *tx,
        &event(
            "team.create",
            actor,
            format!("team {id}"),
            serde_json::to_value([FieldChange {
                field: "name".into(),
                before: Value::Null,
                after: Value::from(name),
            }])
            .unwrap_or_default(),
        ),
    )
    .await?;
    let team = fetch_team(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(team)
}

pub async fn rename_team(pool: &Pool, id: i64, name: &str, actor: &Actor) -> Result<Team> {
    let mut tx = pool.begin().await?;
    let before = fetch_team(&mut *tx, id).await?;
    check_team_unique(&mut tx, name, id).await?;
    sqlx::query("UPDATE teams SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut *tx,
        &event(
            "team.update",
            actor,
            format!("team {id}"),
            serde_json::to_value([FieldChange {
                field: "name".into(),
                before: Value::from(before.name),
                after: Value::from(name),
            }])
            .unwrap_or_default(),
        ),
    )
    .await?;
    let team = fetch_team(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(team)
}

/// Removes a team that has no members; one with members is refused as `InUse`.
pub async fn delete_team(pool: &Pool, id: i64, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    let team = fetch_team(&mut *tx, id).await?;
    if team.members > 0 {
        return Err(StoreError::Validation(ValidationErrors::single(
            "team",
            Problem::InUse,
        )));
    }
    sqlx::query("DELETE FROM teams WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut *tx,
        &event(
            "team.delete",
            actor,
            format!("team {id}"),
            serde_json::to_value([FieldChange {
                field: "name".into(),
                before: Value::from(team.name),
                after: Value::Null,
            }])
            .unwrap_or_default(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Activates or deactivates a user. A deactivated user's sessions end and their tokens stop
/// working at once.
pub async fn set_user_active(pool: &Pool, id: i64, active: bool, actor: &Actor) -> Result<User> {
    let mut tx = pool.begin().await?;
    let before = fetch_user(&mut *tx, id).await?;
    sqlx::query(
        "UPDATE users SET active = $1, version = version + 1, updated_at = $2 WHERE id = $3",
    )
    .bind(active)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if !active {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let after = fetch_user(&mut *tx, id).await?;
    keep_an_admin(&mut tx, &before, &after, "active").await?;
    record_event(
        &mut *tx,
        &event(
            if active {
                "user.activate"
            } else {
                "user.deactivate"
            },
            actor,
            format!("user {id}"),
            user_changes(Some(&before), &after),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn users(pool: &Pool) -> Result<Vec<User>> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!("{USER_SELECT} ORDER BY u.name"))
        .fetch_all(pool)
        .await?;
    let mut users = rows
        .into_iter()
        .map(|r| Credentials::try_from(r).map(|c| c.user))
        .collect::<Result<Vec<_>>>()?;
    users.sort_by_key(|u| finnish_sort_key(&u.name));
    Ok(users)
}

/// The user with this email (any case) and their password hash.
pub async fn credentials_by_email(pool: &Pool, email: &str) -> Result<Option<Credentials>> {
    let row: Option<UserRow> =
        sqlx::query_as(&format!("{USER_SELECT} WHERE LOWER(u.email) = LOWER($1)"))
            .bind(email.trim())
            .fetch_optional(pool)
            .await?;
    row.map(Credentials::try_from).transpose()
}

/// The active user whose name or email is `who` (any case).
pub async fn active_user_named(pool: &Pool, who: &str) -> Result<Option<User>> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "{USER_SELECT} WHERE u.active AND (LOWER(u.name) = LOWER($1) OR LOWER(u.email) = LOWER($1))"
    ))
    .bind(who.trim())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Credentials::try_from).transpose()?.map(|c| c.user))
}

/// The names of the users in a team.
pub async fn team_member_names(pool: &Pool, team_id: i64) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM users WHERE team_id = $1 ORDER BY name")
            .bind(team_id)
            .fetch_all(pool)
            .await?,
    )
}

pub async fn setting(pool: &Pool, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn set_setting(pool: &Pool, key: &str, value: &str, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    let before: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *tx)
    .await?;
    record_event(
        &mut *tx,
        &event(
            "setting.update",
            actor,
            format!("setting {key}"),
            serde_json::to_value([FieldChange {
                field: key.to_owned(),
                before: before.map_or(Value::Null, Value::from),
                after: Value::from(value),
            }])
            .unwrap_or_default(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn create_session(pool: &Pool, s: &NewSession<'_>) -> Result<()> {
    let at = now();
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address) \
         VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(s.id_hash)
    .bind(s.user_id)
    .bind(s.csrf_token)
    .bind(at)
    .bind(s.expires_at)
    .bind(s.address)
    .execute(&mut *tx)
    .await?;
    // Sessions that ended are removed as new ones begin.
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The active user of a live session: not past its absolute expiry and seen within `idle`.
pub async fn session_user(
    pool: &Pool,
    id_hash: &str,
    idle: chrono::Duration,
) -> Result<Option<SessionUser>> {
    let at = now();
    let row: Option<(i64, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT s.user_id, s.csrf_token, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active",
    )
    .bind(id_hash)
    .bind(at)
    .bind(at - idle)
    .fetch_optional(pool)
    .await?;
    let Some((user_id, csrf_token, last_seen)) = row else {
        return Ok(None);
    };
    if at - last_seen > TOUCH_EVERY {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(at)
            .bind(id_hash)
            .execute(pool)
            .await?;
    }
    Ok(Some(SessionUser {
        user: fetch_user(pool, user_id).await?,
        csrf_token,
    }))
}

pub async fn delete_session(pool: &Pool, id_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(pool)
        .await?;
    Ok(())
}

const TOKEN_SELECT: &str = "SELECT k.id, k.user_id, u.name AS user_name, k.name, k.prefix, \
    k.created_at, k.last_used_at, k.revoked_at FROM api_tokens k JOIN users u ON u.id = k.user_id";

async fn fetch_token<'e, E>(executor: E, id: i64) -> Result<ApiToken>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let token: Option<ApiToken> = sqlx::query_as(&format!("{TOKEN_SELECT} WHERE k.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?;
    token.ok_or(StoreError::NotFound("token"))
}

pub async fn create_token(
    pool: &Pool,
    user_id: i64,
    name: &str,
    token_hash: &str,
    prefix: &str,
    actor: &Actor,
) -> Result<ApiToken> {
    let mut tx = pool.begin().await?;
    fetch_user(&mut *tx, user_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(token_hash)
    .bind(prefix)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let token = fetch_token(&mut *tx, id).await?;
    record_event(
        &mut *tx,
        &event(
            "token.create",
            actor,
            format!("token {id}"),
            serde_json::json!({"user": token.user_name, "name": name, "prefix": prefix}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The active user an unrevoked token belongs to. Its use is noted on the token, and in the
/// audit log at most once an hour.
pub async fn token_user(pool: &Pool, token_hash: &str, address: Option<&str>) -> Result<Option<User>> {
    let row: Option<(i64, i64, Option<DateTime<Utc>>)> = sqlx::query_as(
        "SELECT k.id, k.user_id, k.last_used_at FROM api_tokens k JOIN users u ON u.id = k.user_id \
         WHERE k.token_hash = $1 AND k.revoked_at IS NULL AND u.active",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some((id, user_id, last_used)) = row else {
        return Ok(None);
    };
    let user = fetch_user(pool, user_id).await?;
    let at = now();
    if last_used.is_none_or(|t| at - t > TOUCH_EVERY) {
        let mut tx = pool.begin().await?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if last_used.is_none_or(|t| at - t > TOKEN_USE_LOGGED_EVERY) {
            record_event(
                &mut *tx,
                &NewAuditEvent {
                    kind: "token.use",
                    actor: &user.name,
                    via: "api",
                    subject: Some(format!("token {id}")),
                    details: Value::Null,
                    address,
                },
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(Some(user))
}

/// The tokens of one user, or of everyone.
pub async fn tokens(pool: &Pool, user_id: Option<i64>) -> Result<Vec<ApiToken>> {
    let tokens: Vec<ApiToken> = match user_id {
        Some(u) => {
            sqlx::query_as(&format!(
                "{TOKEN_SELECT} WHERE k.user_id = $1 ORDER BY k.id DESC"
            ))
            .bind(u)
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query_as(&format!("{TOKEN_SELECT} ORDER BY k.id DESC"))
                .fetch_all(pool)
                .await?
        }
    };
    Ok(tokens)
}

pub async fn revoke_token(pool: &Pool, id: i64, actor: &Actor) -> Result<ApiToken> {
    let mut tx = pool.begin().await?;
    fetch_token(&mut *tx, id).await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let token = fetch_token(&mut *tx, id).await?;
    record_event(
        &mut *tx,
        &event(
            "token.revoke",
            actor,
            format!("token {id}"),
            serde_json::json!({"user": token.user_name, "name": token.name}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Notes a failed sign-in under each key (the typed email and the address) and in the audit log.
pub async fn record_login_failure(pool: &Pool, keys: &[String], event: &NewAuditEvent<'_>) -> Result<()> {
    let at = now();
    let mut tx = pool.begin().await?;
    for key in keys {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
            .bind(key)
            .bind(at)
            .execute(&mut *tx)
            .await?;
    }
    // Failures older than a day no longer count for anything.
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(at - chrono::Duration::days(1))
        .execute(&mut *tx)
        .await?;
    record_event(&mut *tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// How many sign-ins failed under `key` since `since`.
pub async fn login_failures_since(pool: &Pool, key: &str, since: DateTime<Utc>) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2",
    )
    .bind(key)
    .bind(since)
    .fetch_one(pool)
    .await?)
}

/// Forgets the failures under `key` after a successful sign-in, and records the sign-in.
pub async fn record_login(pool: &Pool, key: &str, event: &NewAuditEvent<'_>) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM login_failures WHERE key = $1")
        .bind(key)
        .execute(&mut *tx)
        .await?;
    record_event(&mut *tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// The cursor's sort name for the audit log.
const AUDIT_SORT: &str = "audit";

/// The audit log, newest first: record changes from the history and the other events. Entries
/// are ordered by time and then by a sequence number unique across both sources (twice the
/// history id, or twice the event id plus one), which the cursor carries with the time.
pub async fn audit_log(pool: &Pool, q: &AuditQuery) -> Result<Page<AuditEntry>> {
    let mut sql = Sql::default();
    sql.push(
        "SELECT at, seq, kind, actor, via, subject, account_id, summary, details, address FROM (\
         SELECT at, id * 2 AS seq, entity || '.' || action AS kind, actor, via, \
         entity || ' ' || CAST(entity_id AS TEXT) AS subject, account_id, summary, \
         changes AS details, CAST(NULL AS TEXT) AS address FROM history \
         UNION ALL SELECT at, id * 2 + 1 AS seq, kind, actor, via, subject, \
         CAST(NULL AS BIGINT) AS account_id, CAST(NULL AS TEXT) AS summary, details, address \
         FROM audit_events) e WHERE 1 = 1",
    );
    if let Some(actor) = q.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        sql.push(" AND LOWER(actor) = LOWER(");
        sql.bind(Arg::Text(actor.into()));
        sql.push(")");
    }
    if let Some(kind) = q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        sql.push(" AND (kind = ");
        sql.bind(Arg::Text(kind.into()));
        sql.push(" OR kind LIKE ");
        sql.bind(Arg::Text(format!("{}.%", escape_like(kind))));
        sql.push(" ESCAPE '\\')");
    }
    if let Some(since) = q.since {
        sql.push(" AND at >= ");
        sql.bind(Arg::Time(since));
    }
    if let Some(until) = q.until {
        sql.push(" AND at < ");
        sql.bind(Arg::Time(until));
    }
    if let Some(text) = q.cursor.as_deref().filter(|c| !c.is_empty()) {
        let cursor = Cursor::decode(text, AUDIT_SORT)?;
        let SortValue::Int(nanos) = cursor.value else {
            return Err(StoreError::Validation(ValidationErrors::single(
                "cursor",
                Problem::Choice { allowed: vec![] },
            )));
        };
        sql.push(" AND (at < ");
        let at = sql.bind(Arg::Time(DateTime::from_timestamp_nanos(nanos)));
        sql.push(&format!(" OR (at = {at} AND seq < "));
        sql.bind(Arg::Int(cursor.id));
        sql.push("))");
    }
    let limit = audit_limit(q.limit);
    sql.push(&format!(" ORDER BY at DESC, seq DESC LIMIT {}", limit + 1));
    let mut rows: Vec<AuditRow> = sql.query_as().fetch_all(pool).await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|last| {
            Cursor {
                sort: AUDIT_SORT.into(),
                value: SortValue::Int(
                    last.at
                        .timestamp_nanos_opt()
                        .unwrap_or_else(|| last.at.timestamp_micros().saturating_mul(1000)),
                ),
                id: last.seq,
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(AuditEntry::from).collect(),
        next_cursor,
    })
}

/// A text with the `LIKE` wildcards and the escape character escaped by a backslash.
fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An audit page's size: 100 when not given, at most 10,000.
fn audit_limit(limit: u32) -> u32 {
    if limit == 0 { 100 } else { limit.min(10_000) }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    at: DateTime<Utc>,
    seq: i64,
    kind: String,
    actor: String,
    via: String,
    subject: Option<String>,
    account_id: Option<i64>,
    summary: Option<String>,
    details: Json<Value>,
    address: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        Self {
            at: r.at,
            kind: r.kind,
            actor: r.actor,
            via: r.via,
            subject: r.subject,
            account_id: r.account_id,
            summary: r.summary,
            details: r.details.0,
            address: r.address,
        }
    }
}
