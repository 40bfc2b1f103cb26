//! Signing in and out, and the one-time set-up page that creates the first administrator. The
//! sign-in form is protected against cross-site posting by a token in a short-lived cookie that
//! the form must repeat (there is no session yet to hold one).

use super::{Ctx, PageError, local_path, render};
use crate::AppState;
use crate::auth::{SESSION_COOKIE, cookie, secrets};
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::users::{self, SignInRefusal, SignedIn};
use arvo_core::{Actor, Role, UserInput};
use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

/// The cookie that carries the sign-in form's token.
const LOGIN_COOKIE: &str = "arvo_login";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    t: &'static Texts,
    lang: Lang,
    heading: &'a str,
    intro: &'a str,
    submit: &'a str,
    form_id: &'a str,
    action: &'a str,
    setup: bool,
    csrf: &'a str,
    next: &'a str,
    name: &'a str,
    email: &'a str,
    notice: Option<&'a str>,
    error: Option<&'a str>,
    back: &'a str,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    name: String,
}

/// What differs between the sign-in and the set-up page.
struct AuthForm<'a> {
    setup: bool,
    action: &'a str,
    next: &'a str,
    name: &'a str,
    email: &'a str,
    notice: Option<&'a str>,
    error: Option<&'a str>,
}

/// Renders the sign-in or set-up form with the form token of its cookie: the one the browser
/// already has (so that another tab, or a request the browser makes on its own, does not spoil
/// an open form), or a new one.
fn form_page(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    f: &AuthForm<'_>,
) -> Response {
    let t = ctx.t();
    let token = cookie(headers, LOGIN_COOKIE)
        .filter(|c| c.len() == 32 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .map_or_else(|| secrets::random_text(16), str::to_owned);
    let (heading, intro, submit, form_id) = if f.setup {
        (t.setup_title, t.setup_intro, t.setup_create, "setup-form")
    } else {
        (t.login_title, t.login_intro, t.sign_in, "login-form")
    };
    let page = LoginPage {
        t,
        lang: ctx.lang,
        heading,
        intro,
        submit,
        form_id,
        action: f.action,
        setup: f.setup,
        csrf: &token,
        next: f.next,
        name: f.name,
        email: f.email,
        notice: f.notice,
        error: f.error,
        back: &ctx.path,
    };
    let mut response = render(status, &page);
    let value = state.auth.cookie(LOGIN_COOKIE, &token, 3600, "Strict");
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// Whether a posted form repeats the token of its cookie.
fn form_token_ok(headers: &HeaderMap, sent: &str) -> bool {
    cookie(headers, LOGIN_COOKIE).is_some_and(|c| !sent.is_empty() && secrets::same(c, sent))
}

pub async fn login_form(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let t = ctx.t();
    let notice = (q.notice.as_deref() == Some("signed_out")).then_some(t.signed_out_notice);
    form_page(
        &ctx,
        &state,
        &headers,
        StatusCode::OK,
        &AuthForm {
            setup: false,
            action: "/login",
            next: q.next.as_deref().unwrap_or(""),
            name: "",
            email: "",
            notice,
            error: None,
        },
    )
}

pub async fn login(
    ctx: Ctx,
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let again = |status, error| {
        form_page(
            &ctx,
            &state,
            &headers,
            status,
            &AuthForm {
                setup: false,
                action: "/login",
                next: &form.next,
                name: "",
                email: &form.email,
                notice: None,
                error: Some(error),
            },
        )
    };
    if !form_token_ok(&headers, &form.csrf) {
        return Ok(again(StatusCode::FORBIDDEN, t.login_expired));
    }
    let address = peer.ip().to_string();
    let outcome = users::sign_in(
        &state.store,
        &state.auth,
        &form.email,
        &form.password,
        Some(&address),
    )
    .await
    .map_err(|e| ctx.fail(e))?;
    match outcome {
        Ok(signed_in) => {
            end_old_session(&state, &headers).await;
            Ok(session_response(&state, &signed_in, &form.next))
        }
        Err(SignInRefusal::Wrong) => Ok(again(StatusCode::UNAUTHORIZED, t.login_failed)),
        Err(SignInRefusal::Locked) => Ok(again(StatusCode::TOO_MANY_REQUESTS, t.login_locked)),
    }
}

/// A session cookie left from before a sign-in is ended, so that the id always changes.
async fn end_old_session(state: &AppState, headers: &HeaderMap) {
    if let Some(old) = cookie(headers, SESSION_COOKIE) {
        let _ = state.store.delete_session(&secrets::digest(old)).await;
    }
}

/// Sets the new session's cookie and the user's language, and goes where the user was going.
fn session_response(state: &AppState, signed_in: &SignedIn, next: &str) -> Response {
    let target = if next.is_empty() {
        "/accounts"
    } else {
        local_path(Some(next))
    };
    let mut response = Redirect::to(target).into_response();
    let max_age = state.auth.absolute.num_seconds();
    for value in [
        state
            .auth
            .cookie(SESSION_COOKIE, &signed_in.session_id, max_age, "Lax"),
        state
            .auth
            .cookie("arvo_lang", &signed_in.user.language, 31_536_000, "Lax"),
        state.auth.cookie(LOGIN_COOKIE, "", 0, "Strict"),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

pub async fn logout(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        users::sign_out(&state.store, caller, id)
            .await
            .map_err(|e| ctx.fail(e))?;
    }
    let mut response = Redirect::to("/login?notice=signed_out").into_response();
    if let Ok(v) = HeaderValue::from_str(&state.auth.cookie(SESSION_COOKIE, "", 0, "Lax")) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
pub struct SetupQuery {
    token: Option<String>,
}

/// The set-up page opens only while no user exists, and only with the token the server printed.
async fn setup_allowed(state: &AppState, token: &str) -> Result<bool, AppError> {
    let Some(expected) = state.setup_token.as_deref() else {
        return Ok(false);
    };
    Ok(secrets::same(expected, token) && state.store.count_users().await? == 0)
}

pub async fn setup_form(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SetupQuery>,
) -> Result<Response, PageError> {
    let token = q.token.unwrap_or_default();
    if !setup_allowed(&state, &token)
        .await
        .map_err(|e| ctx.fail(e))?
    {
        return Err(ctx.fail(AppError::NotFound("page".into())));
    }
    let action = format!("/setup?token={token}");
    Ok(form_page(
        &ctx,
        &state,
        &headers,
        StatusCode::OK,
        &AuthForm {
            setup: true,
            action: &action,
            next: "",
            name: "",
            email: "",
            notice: None,
            error: None,
        },
    ))
}

pub async fn setup(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<SetupQuery>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let token = q.token.unwrap_or_default();
    if !setup_allowed(&state, &token)
        .await
        .map_err(|e| ctx.fail(e))?
    {
        return Err(ctx.fail(AppError::NotFound("page".into())));
    }
    let action = format!("/setup?token={token}");
    let t = ctx.t();
    let again = |status, error: &str| {
        form_page(
            &ctx,
            &state,
            &headers,
            status,
            &AuthForm {
                setup: true,
                action: &action,
                next: "",
                name: &form.name,
                email: &form.email,
                notice: None,
                error: Some(error),
            },
        )
    };
    if !form_token_ok(&headers, &form.csrf) {
        return Ok(again(StatusCode::FORBIDDEN, t.login_expired));
    }
    let input = UserInput {
        name: form.name.clone(),
        email: form.email.clone(),
        language: ctx.lang.code().into(),
        role: Role::Admin.as_str().into(),
        team: String::new(),
    };
    let actor = Actor::new(form.name.trim(), "web");
    match users::create_user(&state.store, &input, Some(&form.password), &actor).await {
        Ok(_) => {}
        Err(AppError::Validation(errors)) => {
            let message = errors
                .0
                .iter()
                .map(|e| ctx.lang.problem(&e.field, &e.problem))
                .collect::<Vec<_>>()
                .join(" ");
            return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, &message));
        }
        Err(e) => return Err(ctx.fail(e)),
    }
    let address = peer.ip().to_string();
    match users::sign_in(
        &state.store,
        &state.auth,
        &form.email,
        &form.password,
        Some(&address),
    )
    .await
    .map_err(|e| ctx.fail(e))?
    {
        Ok(signed_in) => Ok(session_response(&state, &signed_in, "")),
        Err(_) => Ok(Redirect::to("/login").into_response()),
    }
}
