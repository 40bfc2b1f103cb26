//! User administration, API tokens and signing in, as services that the pages, the API and the
//! command line share. Password hashing runs off the async threads: argon2id is slow on purpose.

use crate::auth::secrets;
use crate::auth::{
    AuthConfig, Caller, FAILURE_WINDOW_MINUTES, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_EMAIL,
};
use crate::error::AppError;
use arvo_core::access::check_password;
use arvo_core::{Actor, Problem, UserInput, ValidationErrors};
use arvo_store::{ApiToken, NewAuditEvent, NewSession, Store, User};

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
