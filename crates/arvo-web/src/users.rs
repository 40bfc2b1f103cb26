//! User administration, API tokens and signing in, as services that the pages, the API and the
//! command line share. Password hashing runs off the async threads: argon2id is slow on purpose.

use crate::auth::secrets;
use crate::auth::{
    AuthConfig, Caller, FAILURE_WINDOW_MINUTES, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_EMAIL,
    VISIBILITY_SETTING,
};
use crate::error::AppError;
use arvo_core::access::{check_password, team_name};
use arvo_core::{Action, Actor, Problem, UserInput, ValidationErrors, Visibility};
use arvo_store::{ApiToken, NewAuditEvent, NewSession, Store, Team, User};

/// Hashes a password on a blocking thread.
async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || secrets::hash_password(&password))
        .await
        .map_err(|e| AppError::Unexpected(e.to_string()))
}

async fn verify_password(password: &str, hash: Option<String>) -> bool {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || secrets::verify_password(&password, hash.as_deref()))
        .await
        .unwrap_or(false)
}

/// Creates a user; a given password must be long enough and is stored only as its hash.
pub async fn create_user(
    store: &Store,
    input: &UserInput,
    password: Option<&str>,
    actor: &Actor,
) -> Result<User, AppError> {
    let mut errors = ValidationErrors::new();
    let draft = input.validate().map_err(|e| errors.0.extend(e.0)).ok();
    if let Some(p) = password {
        errors.take("password", check_password(p));
    }
    let Some(draft) = draft.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let hash = match password {
        Some(p) => Some(hash_password(p).await?),
        None => None,
    };
    Ok(store.create_user(&draft, hash.as_deref(), actor).await?)
}

/// Creates an API token for `user`; the token itself is returned once and stored only hashed.
pub async fn create_token(
    store: &Store,
    user: &User,
    name: &str,
    actor: &Actor,
) -> Result<(String, ApiToken), AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ValidationErrors::single("name", Problem::Required).into());
    }
    if name.chars().count() > 100 {
        return Err(ValidationErrors::single("name", Problem::TooLong { max: 100 }).into());
    }
    let (token, prefix) = secrets::new_api_token();
    let stored = store
        .create_token(user.id, name, &secrets::digest(&token), &prefix, actor)
        .await?;
    Ok((token, stored))
}

/// Why a sign-in did not succeed. Both say nothing about whether the email exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInRefusal {
    /// The email or the password is wrong.
    Wrong,
    /// Too many failures for this email or from this address lately.
    Locked,
}

/// A started session: the id for the cookie (never stored as such) and its user.
pub struct SignedIn {
    pub session_id: String,
    pub user: User,
}

/// Checks an email and password and starts a session. Failures are recorded per email and per
/// address, answered more slowly each time, and locked out past a limit.
pub async fn sign_in(
    store: &Store,
    config: &AuthConfig,
    email: &str,
    password: &str,
    address: Option<&str>,
) -> Result<Result<SignedIn, SignInRefusal>, AppError> {
    let email_key = format!("email:{}", email.trim().to_lowercase());
    let address_key = format!("address:{}", address.unwrap_or("unknown"));
    let since = chrono::Utc::now() - chrono::Duration::minutes(FAILURE_WINDOW_MINUTES);
    let email_failures = store.login_failures_since(&email_key, since).await?;
    let address_failures = store.login_failures_since(&address_key, since).await?;
    if email_failures >= MAX_FAILURES_PER_EMAIL || address_failures >= MAX_FAILURES_PER_ADDRESS {
        store
            .record_event(&NewAuditEvent {
                kind: "login_locked",
                actor: email.trim(),
                via: "web",
                subject: None,
                details: serde_json::Value::Null,
                address,
            })
            .await?;
        return Ok(Err(SignInRefusal::Locked));
    }
    let credentials = store.credentials_by_email(email).await?;
    let hash = credentials
        .as_ref()
        .filter(|c| c.user.active)
        .and_then(|c| c.password_hash.clone());
    let ok = verify_password(password, hash).await;
    let Some(credentials) = credentials.filter(|_| ok) else {
        tokio::time::sleep(config.delay_after(email_failures + 1)).await;
        store
            .record_login_failure(
                &[email_key, address_key],
                &NewAuditEvent {
                    kind: "login_failed",
                    actor: email.trim(),
                    via: "web",
                    subject: None,
                    details: serde_json::Value::Null,
                    address,
                },
            )
            .await?;
        return Ok(Err(SignInRefusal::Wrong));
    };
    let user = credentials.user;
    let session_id = secrets::random_text(32);
    let csrf = secrets::random_text(32);
    store
        .create_session(&NewSession {
            id_hash: &secrets::digest(&session_id),
            user_id: user.id,
            csrf_token: &csrf,
            expires_at: chrono::Utc::now() + config.absolute,
            address,
        })
        .await?;
    store
        .record_login(
            &email_key,
            &NewAuditEvent {
                kind: "login",
                actor: &user.name,
                via: "web",
                subject: Some(format!("user {}", user.id)),
                details: serde_json::Value::Null,
                address,
            },
        )
        .await?;
    Ok(Ok(SignedIn { session_id, user }))
}

/// Ends a session.
pub async fn sign_out(store: &Store, caller: &Caller, session_id: &str) -> Result<(), AppError> {
    store.delete_session(&secrets::digest(session_id)).await?;
    crate::service::audit(
        store,
        caller,
        "logout",
        format!("user {}", caller.user.id),
        serde_json::Value::Null,
    )
    .await
}

/// Every user, for the administrators.
pub async fn list_users(store: &Store, caller: &Caller) -> Result<Vec<User>, AppError> {
    caller.require(Action::ManageUsers)?;
    Ok(store.users().await?)
}

/// One user: anyone may read themselves, administrators anyone.
pub async fn user(store: &Store, caller: &Caller, id: i64) -> Result<User, AppError> {
    if id != caller.user.id {
        caller.require(Action::ManageUsers)?;
    }
    Ok(store.user(id).await?)
}

/// A password to set: the one given, checked, or a generated one (returned so it can be shown
/// once).
fn chosen_password(password: Option<&str>) -> Result<(String, bool), AppError> {
    match password.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            check_password(p).map_err(|e| ValidationErrors::single("password", e))?;
            Ok((p.to_owned(), false))
        }
        None => Ok((secrets::random_text(12), true)),
    }
}

/// A new user added by an administrator, and the generated password when none was given.
pub async fn add_user(
    store: &Store,
    caller: &Caller,
    input: &UserInput,
    password: Option<&str>,
) -> Result<(User, Option<String>), AppError> {
    caller.require(Action::ManageUsers)?;
    let given = password.map(str::trim).filter(|p| !p.is_empty());
    let generated = given.is_none().then(|| secrets::random_text(12));
    let user = create_user(
        store,
        input,
        given.or(generated.as_deref()),
        &caller.actor(),
    )
    .await?;
    Ok((user, generated))
}

/// Changes a user's name, email, language, role or team; a stale `version` is a conflict.
pub async fn update_user(
    store: &Store,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &UserInput,
) -> Result<User, AppError> {
    caller.require(Action::ManageUsers)?;
    let draft = input.validate()?;
    Ok(store
        .update_user(id, version, &draft, &caller.actor())
        .await?)
}

/// Deactivates (their sessions end, their tokens stop) or reactivates a user.
pub async fn set_user_active(
    store: &Store,
    caller: &Caller,
    id: i64,
    active: bool,
) -> Result<User, AppError> {
    caller.require(Action::ManageUsers)?;
    Ok(store.set_user_active(id, active, &caller.actor()).await?)
}

/// An administrator sets a user's password (a generated one when none is given, returned to be
/// passed on); the user's sessions end.
pub async fn reset_password(
    store: &Store,
    caller: &Caller,
    id: i64,
    password: Option<&str>,
) -> Result<Option<String>, AppError> {
    caller.require(Action::ManageUsers)?;
    // The administrator's own session survives a reset of their own password.
    let keep = caller
        .session_hash
        .as_deref()
        .filter(|_| id == caller.user.id);
    set_password(store, id, password, keep, &caller.actor()).await
}

/// Sets a user's password, the one given (checked) or a generated one, which is returned; the
/// user's sessions end, all but `keep` (a session id's digest).
pub async fn set_password(
    store: &Store,
    id: i64,
    password: Option<&str>,
    keep: Option<&str>,
    actor: &Actor,
) -> Result<Option<String>, AppError> {
    store.user(id).await?;
    let (password, generated) = chosen_password(password)?;
    let hash = hash_password(&password).await?;
    store.set_password(id, &hash, keep, actor).await?;
    Ok(generated.then_some(password))
}

/// A user changes their own password, proving the current one; their other sessions end.
pub async fn change_own_password(
    store: &Store,
    caller: &Caller,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let mut errors = ValidationErrors::new();
    let credentials = store.credentials_by_email(&caller.user.email).await?;
    let hash = credentials.and_then(|c| c.password_hash);
    if !verify_password(current, hash).await {
        errors.add("current_password", Problem::WrongPassword);
    }
    errors.take("new_password", check_password(new));
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let hash = hash_password(new).await?;
    store
        .set_password(
            caller.user.id,
            &hash,
            caller.session_hash.as_deref(),
            &caller.actor(),
        )
        .await?;
    Ok(())
}

/// The API tokens of one user: a user's own, or anyone's for an administrator; `None` lists
/// every token (administrators only).
pub async fn tokens(
    store: &Store,
    caller: &Caller,
    user_id: Option<i64>,
) -> Result<Vec<ApiToken>, AppError> {
    match user_id {
        Some(id) if id == caller.user.id => caller.require(Action::UseOwnTokens)?,
        _ => caller.require(Action::ManageUsers)?,
    }
    Ok(store.tokens(user_id).await?)
}

/// A new token for the caller themselves; the token is returned once.
pub async fn create_own_token(
    store: &Store,
    caller: &Caller,
    name: &str,
) -> Result<(String, ApiToken), AppError> {
    caller.require(Action::UseOwnTokens)?;
    create_token(store, &caller.user, name, &caller.actor()).await
}

/// Revokes a token: the owner's own, or anyone's for an administrator. Another user's token is
/// not found for everyone else.
pub async fn revoke_token(store: &Store, caller: &Caller, id: i64) -> Result<ApiToken, AppError> {
    let owned = store
        .tokens(Some(caller.user.id))
        .await?
        .iter()
        .any(|t| t.id == id);
    if owned {
        caller.require(Action::UseOwnTokens)?;
    } else if !caller.may(Action::ManageUsers) {
        return Err(AppError::NotFound("token".into()));
    }
    Ok(store.revoke_token(id, &caller.actor()).await?)
}

pub async fn teams(store: &Store, caller: &Caller) -> Result<Vec<Team>, AppError> {
    caller.require(Action::ManageUsers)?;
    Ok(store.teams().await?)
}

pub async fn create_team(store: &Store, caller: &Caller, name: &str) -> Result<Team, AppError> {
    caller.require(Action::ManageUsers)?;
    let name = team_name(name).map_err(|p| ValidationErrors::single("name", p))?;
    Ok(store.create_team(&name, &caller.actor()).await?)
}

pub async fn rename_team(
    store: &Store,
    caller: &Caller,
    id: i64,
    name: &str,
) -> Result<Team, AppError> {
    caller.require(Action::ManageUsers)?;
    let name = team_name(name).map_err(|p| ValidationErrors::single("name", p))?;
    Ok(store.rename_team(id, &name, &caller.actor()).await?)
}

/// Removes a team; one that still has members is refused.
pub async fn delete_team(store: &Store, caller: &Caller, id: i64) -> Result<(), AppError> {
    caller.require(Action::ManageUsers)?;
    Ok(store.delete_team(id, &caller.actor()).await?)
}

/// Sets the organisation's visibility rule, which applies from each user's next request.
pub async fn set_visibility(
    store: &Store,
    caller: &Caller,
    rule: &str,
) -> Result<Visibility, AppError> {
    caller.require(Action::ManageUsers)?;
    let rule = Visibility::parse_field(rule).map_err(|p| ValidationErrors::single("rule", p))?;
    store
        .set_setting(VISIBILITY_SETTING, rule.as_str(), &caller.actor())
        .await?;
    Ok(rule)
}
