//! Who is asking, and whether they may. Every request except the public paths must carry a live
//! session (the `arvo_session` cookie) or an API token (`Authorization: Bearer`); the
//! [`authenticate`] layer turns either into a [`Caller`] that handlers and services receive.
//! Requests that change something with a session must also carry the session's CSRF token (a
//! form field or the `X-CSRF-Token` header); token requests carry no ambient authority and need
//! none. Sign-in failures are slowed down and locked out per email and per address.

pub mod secrets;

use crate::AppState;
use crate::error::AppError;
use arvo_core::{Action, Actor, Principal, Scope, Visibility};
use arvo_store::{Store, User};
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "arvo_session";
/// The form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// The header that carries the CSRF token on API calls made with a session.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The setting that holds the organisation's visibility rule.
pub const VISIBILITY_SETTING: &str = "visibility";

/// Failed sign-ins within this window count towards a lock-out.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Failed sign-ins for one email within the window that lock it.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed sign-ins from one address within the window that lock it.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// The largest form body read to find its CSRF token.
const FORM_LIMIT: usize = 4 * 1024 * 1024;
/// The largest file upload of the pages (larger files go through the command line or the API).
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

/// How sessions and sign-ins behave.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// A session unused this long ends.
    pub idle: chrono::Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: chrono::Duration,
    /// Cookies are marked `Secure` (when Arvo is served over TLS).
    pub secure_cookies: bool,
    /// The wait after a failed sign-in; each further failure doubles it, up to sixteen-fold.
    pub failure_delay: std::time::Duration,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            idle: chrono::Duration::hours(2),
            absolute: chrono::Duration::hours(12),
            secure_cookies: false,
            failure_delay: std::time::Duration::from_millis(250),
        }
    }
}

impl AuthConfig {
    /// The settings for Arvo served at `public_url`: cookies are `Secure` under `https://`.
    pub fn for_public_url(public_url: Option<&str>) -> Self {
        Self {
            secure_cookies: public_url.is_some_and(|u| u.starts_with("https://")),
            ..Self::default()
        }
    }

    /// How long to wait before answering the `failures`-th failed sign-in in a row.
    pub fn delay_after(&self, failures: i64) -> std::time::Duration {
        let doublings = u32::try_from(failures.clamp(1, 5) - 1).unwrap_or(0);
        self.failure_delay * 2u32.pow(doublings)
    }

    /// A `Set-Cookie` value with this configuration's flags.
    pub fn cookie(&self, name: &str, value: &str, max_age_seconds: i64, same_site: &str) -> String {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        format!(
            "{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite={same_site}{secure}"
        )
    }
}

/// Who made a request, as handlers and services see it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    pub principal: Principal,
    /// The accounts this user may see.
    pub scope: Scope,
    /// `web` for the pages, `api` for the JSON API.
    pub via: &'static str,
    /// The session's CSRF token, for the forms of the pages; `None` with an API token.
    pub csrf_token: Option<String>,
    pub address: Option<String>,
    /// The digest of the session's id (never the id itself); `None` with an API token.
    pub session_hash: Option<String>,
}

impl Caller {
    /// The user and door a change is recorded under.
    pub fn actor(&self) -> Actor {
        Actor::new(self.user.name.clone(), self.via)
    }

    pub fn may(&self, action: Action) -> bool {
        self.principal.may(action)
    }

    /// `Forbidden` unless the user's role allows `action`.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "the role {} does not allow {}",
                self.principal.role,
                action.as_str().replace('_', " ")
            )))
        }
    }

    /// Whether an account with this owner is visible to the user.
    pub fn sees(&self, owner: Option<&str>) -> bool {
        self.scope.includes(owner)
    }

    /// The caller for a user, with the organisation's visibility rule applied.
    pub async fn for_user(
        store: &Store,
        user: User,
        via: &'static str,
        csrf_token: Option<String>,
        address: Option<String>,
    ) -> Result<Self, AppError> {
        let principal = user.principal();
        let rule = visibility_rule(store).await?;
        let team = match principal.team_id {
            Some(team) if rule != Visibility::All => store.team_member_names(team).await?,
            _ => Vec::new(),
        };
        Ok(Self {
            scope: principal.scope(rule, &team),
            principal,
            user,
            via,
            csrf_token,
            address,
            session_hash: None,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Self>()
            .cloned()
            .ok_or(AppError::Unauthorized)
    }
}

/// The organisation's visibility rule; everyone sees everything until an admin sets one.
pub async fn visibility_rule(store: &Store) -> Result<Visibility, AppError> {
    Ok(store
        .setting(VISIBILITY_SETTING)
        .await?
        .and_then(|v| Visibility::parse(&v))
        .unwrap_or(Visibility::All))
}

/// Paths anyone may open: signing in, first-time set-up, health, the icon, static files, the
/// language switch and the calendar feeds (each opened by its own secret key, which the feed
/// checks).
pub fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/setup" | "/healthz" | "/favicon.ico")
        || path.starts_with("/static/")
        || path.starts_with("/lang/")
        || path.starts_with("/calendar/")
}

/// The value of a cookie in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// The client's address, from the connection.
pub fn client_address(req: &Request) -> Option<String> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

/// Lets a request through only with a live session or a valid token, and only with the
/// session's CSRF token when it changes something. Public paths pass as they are.
pub async fn authenticate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if is_public(&path) {
        return next.run(req).await;
    }
    let api = path.starts_with("/api/");
    let address = client_address(&req);
    match find_caller(&state, req.headers().clone(), api, address).await {
        Ok(Some(caller)) => {
            let unsafe_method =
                !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
            let Some(expected) = caller.csrf_token.clone().filter(|_| unsafe_method) else {
                let mut req = req;
                req.extensions_mut().insert(caller);
                return next.run(req).await;
            };
            match csrf_checked(req, &expected, api).await {
                Ok(mut req) => {
                    req.extensions_mut().insert(caller);
                    next.run(req).await
                }
                Err(response) => response,
            }
        }
        Ok(None) if api => AppError::Unauthorized.into_response(),
        Ok(None) => to_sign_in(req.uri().path_and_query().map_or("/", |p| p.as_str())),
        Err(e) => e.into_response(),
    }
}

async fn find_caller(
    state: &AppState,
    headers: HeaderMap,
    api: bool,
    address: Option<String>,
) -> Result<Option<Caller>, AppError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        if token.is_empty() {
            return Ok(None);
        }
        let user = state
            .store
            .token_user(&secrets::digest(token), address.as_deref())
            .await?;
        return match user {
            Some(user) => Ok(Some(
                Caller::for_user(&state.store, user, "api", None, address).await?,
            )),
            None => Ok(None),
        };
    }
    let Some(session) = cookie(&headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let session_hash = secrets::digest(session);
    let Some(found) = state
        .store
        .session_user(&session_hash, state.auth.idle)
        .await?
    else {
        return Ok(None);
    };
    let via = if api { "api" } else { "web" };
    let mut caller = Caller::for_user(
        &state.store,
        found.user,
        via,
        Some(found.csrf_token),
        address,
    )
    .await?;
    caller.session_hash = Some(session_hash);
    Ok(Some(caller))
}

/// Passes the request on if it carries the expected CSRF token: in the `X-CSRF-Token` header, or
/// as the `_csrf` field of a URL-encoded form (whose body is read and put back). Otherwise the
/// answer is a 403 that changes nothing: JSON for the API, a page in the user's language for
/// the pages.
async fn csrf_checked(req: Request, expected: &str, api: bool) -> Result<Request, Response> {
    let (mut parts, body) = req.into_parts();
    let header_value = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header_value(header::CONTENT_TYPE.as_str()).unwrap_or_default();
    let in_form = !api && content_type.starts_with("application/x-www-form-urlencoded");
    let in_upload = !api && content_type.starts_with("multipart/form-data");
    let (sent, body) = match header_value(CSRF_HEADER) {
        Some(sent) => (Some(sent), body),
        None if in_form => match axum::body::to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => (form_field(&bytes, CSRF_FIELD), Body::from(bytes)),
            Err(_) => (None, Body::empty()),
        },
        None if in_upload => match axum::body::to_bytes(body, UPLOAD_LIMIT).await {
            Ok(bytes) => (upload_field(&bytes, CSRF_FIELD), Body::from(bytes)),
            Err(_) => (None, Body::empty()),
        },
        None => (None, body),
    };
    if sent.is_some_and(|s| secrets::same(&s, expected)) {
        return Ok(Request::from_parts(parts, body));
    }
    if api {
        return Err(AppError::CsrfRejected.into_response());
    }
    let Ok(ctx) = crate::ui::Ctx::from_request_parts(&mut parts, &()).await;
    Err(ctx.fail(AppError::CsrfRejected).into_response())
}

/// The first value of `name` in a URL-encoded form body.
pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    std::str::from_utf8(body).ok()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

/// The value of the text field `name` of a `multipart/form-data` body: the first part whose
/// headers name it. The pages put the CSRF field first, before any file, so a file that happens
/// to hold the same text is never read for it.
pub fn upload_field(body: &[u8], name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let start = memfind(body, marker.as_bytes())? + marker.len();
    let rest = &body[start..];
    let value_start = memfind(rest, b"\r\n\r\n")? + 4;
    let value = &rest[value_start..];
    let end = memfind(value, b"\r\n")?;
    std::str::from_utf8(&value[..end]).ok().map(str::to_owned)
}

fn memfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sends the browser to the sign-in page, which brings it back to `path` afterwards.
pub fn to_sign_in(path: &str) -> Response {
    Redirect::to(&format!("/login?next={}", crate::ui::encode(path))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_paths_are_few() {
        for p in [
            "/login",
            "/setup",
            "/healthz",
            "/static/arvo.css",
            "/lang/en",
            "/calendar/key.ics",
        ] {
            assert!(is_public(p), "{p}");
        }
        for p in [
            "/",
            "/accounts",
            "/api/v1/accounts",
            "/api/openapi.json",
            "/logout",
            "/login/x",
        ] {
            assert!(!is_public(p), "{p}");
        }
    }

    #[test]
    fn failed_sign_ins_wait_longer_each_time() {
        let c = AuthConfig::default();
        assert_eq!(c.delay_after(1), std::time::Duration::from_millis(250));
        assert_eq!(c.delay_after(3), std::time::Duration::from_secs(1));
        assert_eq!(c.delay_after(50), std::time::Duration::from_secs(4));
    }

    #[test]
    fn reads_cookies_and_form_fields() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; arvo_session=abc".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "b"), None);
        assert_eq!(
            form_field(b"x=1&_csrf=ff00&y=2", CSRF_FIELD).as_deref(),
            Some("ff00")
        );
        let upload = b"--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nab12\r\n--b\r\n\
            Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nname=\"_csrf\"\r\n--b--\r\n";
        assert_eq!(upload_field(upload, CSRF_FIELD).as_deref(), Some("ab12"));
        assert_eq!(upload_field(b"--b--", CSRF_FIELD), None);
        let secure = AuthConfig::for_public_url(Some("https://crm.example.fi"));
        assert!(secure.cookie("a", "b", 60, "Lax").ends_with("; Secure"));
        assert!(
            !AuthConfig::default()
                .cookie("a", "b", 60, "Lax")
                .contains("Secure")
        );
    }
}
