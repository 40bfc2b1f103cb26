//! The server-rendered pages. Every page works as plain HTML forms and links; the small script
//! in `static/arvo.js` only adds conveniences (live search, a keyboard shortcut).

mod accounts;
mod analysis;
mod audit;
mod auth;
mod care;
mod care_models;
mod charts;
mod contacts;
mod context;
mod duplicates;
mod exports;
mod fields;
mod forms;
mod imports;
mod me;
mod personal_data;
mod plans;
mod retention;
mod targets;
mod users;
mod views;

pub use accounts::encode;
pub use context::Ctx;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/work") }))
        .route("/work", get(care::work))
        .route(
            "/settings/care",
            get(care_models::show).post(care_models::save),
        )
        .route("/care/decisions", post(care::decide))
        .route("/tasks", post(care::add_task))
        .route("/tasks/{id}/done", post(care::task_done))
        .route("/tasks/{id}/move", post(care::move_task))
        .route("/accounts/{id}/encounters", post(care::add_encounter))
        .route("/encounters/{id}", post(care::update_encounter))
        .route("/encounters/{id}/edit", get(care::edit_encounter))
        .route("/encounters/{id}/delete", post(care::delete_encounter))
        .route("/plans", get(plans::list))
        .route("/targets", get(targets::list).post(targets::create))
        .route("/targets/{id}/delete", post(targets::delete))
        .route("/accounts/{id}/plan", get(plans::show).post(plans::save))
        .route("/accounts/{id}/plan/review", post(plans::review))
        .route("/accounts/{id}/plan/delete", post(plans::delete))
        .route("/healthz", get(|| async { "ok" }))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/static/arvo.css", get(css))
        .route("/static/arvo.js", get(js))
        .route("/lang/{code}", get(switch_language))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/setup", get(auth::setup_form).post(auth::setup))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/new", get(accounts::new_form))
        .route("/accounts/export", get(exports::accounts))
        .route("/accounts/{id}", get(accounts::show).post(accounts::update))
        .route("/accounts/{id}/edit", get(accounts::edit_form))
        .route(
            "/accounts/{id}/delete",
            get(accounts::confirm_delete).post(accounts::delete),
        )
        .route(
            "/accounts/{id}/purchases/export",
            get(exports::account_orders),
        )
        .route(
            "/accounts/{id}/activities/{what}/export",
            get(exports::account_activities),
        )
        .route("/accounts/{id}/contacts/new", get(contacts::new_form))
        .route("/accounts/{id}/contacts", post(contacts::create))
        .route("/contacts", get(contacts::list))
        .route("/contacts/export", get(exports::contacts))
        .route("/exports/{what}", get(exports::list))
        .route(
            "/contacts/{id}",
            get(personal_data::show).post(contacts::update),
        )
        .route("/contacts/{id}/edit", get(contacts::edit_form))
        .route(
            "/contacts/{id}/delete",
            get(contacts::confirm_delete).post(contacts::delete),
        )
        .route(
            "/contacts/{id}/personal-data",
            get(personal_data::export_page),
        )
        .route(
            "/contacts/{id}/personal-data/download",
            get(personal_data::download),
        )
        .route(
            "/contacts/{id}/erase",
            get(personal_data::confirm_erase).post(personal_data::erase),
        )
        .route("/duplicates", get(duplicates::list))
        .route("/duplicates/merge", post(duplicates::merge))
        .route("/duplicates/dismiss", post(duplicates::dismiss))
        .route("/settings/fields", get(fields::list).post(fields::create))
        .route("/settings/fields/{key}/delete", post(fields::delete))
        .route("/settings/users", get(users::list).post(users::create))
        .route("/settings/users/{id}", get(users::show).post(users::update))
        .route("/settings/users/{id}/active", post(users::set_active))
        .route("/settings/users/{id}/password", post(users::reset_password))
        .route("/settings/visibility", post(users::set_visibility))
        .route("/settings/teams", post(users::create_team))
        .route("/settings/teams/{id}", post(users::rename_team))
        .route("/settings/teams/{id}/delete", post(users::delete_team))
        .route("/settings/tokens/{id}/revoke", post(users::revoke_token))
        .route(
            "/imports",
            get(imports::show)
                .post(imports::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::auth::UPLOAD_LIMIT,
                )),
        )
        .route("/imports/{token}", get(imports::show_upload))
        .route("/imports/{token}/mapping", post(imports::remap))
        .route("/imports/{token}/apply", post(imports::apply))
        .route("/imports/{token}/rejected", get(imports::rejected))
        .route("/me", get(me::show))
        .route("/me/password", post(me::change_password))
        .route("/me/tokens", post(me::create_token))
        .route("/me/calendar", post(me::new_calendar))
        .route("/calendar/{key}", get(crate::calendar::serve_feed))
        .route("/audit", get(audit::list))
        .route("/audit/export", get(audit::export))
        .route(
            "/settings/retention",
            get(retention::show).post(retention::set_rule),
        )
        .route("/settings/retention/apply", post(retention::apply))
        .route("/analysis", get(analysis::show))
        .route("/analysis/download", get(analysis::download))
        .route(
            "/settings/analysis",
            get(analysis::settings).post(analysis::save_settings),
        )
        .route("/settings/analysis/pools", post(analysis::save_pools))
        .route("/settings/analysis/refresh", post(analysis::refresh))
        .route("/accounts/{id}/ratings", post(analysis::rate))
        .route("/accounts/{id}/segment", post(analysis::set_segment))
        .route("/accounts/{id}/need", post(analysis::set_need))
        .layer(middleware::from_fn(remember_language))
}

/// Shared page frame data: language, title, which navigation item is current.
pub struct Layout {
    pub lang: Lang,
    pub title: String,
    pub nav: &'static str,
    /// The current address, for the language switch to come back to.
    pub back: String,
    pub notice: Option<String>,
    /// The signed-in user's name; `None` on the sign-in pages.
    pub user: Option<String>,
    /// The session's CSRF token, which every form that changes something sends back.
    pub csrf: String,
    /// What the user's role allows, for showing only the actions they can take.
    pub may_edit: bool,
    pub may_delete: bool,
    pub may_merge: bool,
    pub may_manage_fields: bool,
    pub may_manage_users: bool,
    pub may_import: bool,
    pub may_view_audit: bool,
    pub may_manage_personal_data: bool,
    pub may_manage_settings: bool,
    /// The company-wide value analysis, its settings, and rating an account's criteria, its
    /// segment and need.
    pub may_view_analysis: bool,
    pub may_manage_analysis: bool,
    pub may_rate: bool,
    pub may_manage_care: bool,
}

/// Renders a template into a response with the given status.
fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: &'static Texts,
    l: Layout,
    heading: &'a str,
    message: &'a str,
}

/// A failed page request, shown as a readable page in the user's language.
pub struct PageError {
    ctx: Box<Ctx>,
    error: AppError,
}

impl Ctx {
    pub fn fail(&self, error: impl Into<AppError>) -> PageError {
        PageError {
            ctx: Box::new(self.clone()),
            error: error.into(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let t = self.ctx.t();
        let (status, heading, message) = match &self.error {
            AppError::Unauthorized => return crate::auth::to_sign_in(&self.ctx.path),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, t.forbidden_title, t.forbidden_text),
            AppError::CsrfRejected => (
                StatusCode::FORBIDDEN,
                t.form_expired_title,
                t.form_expired_text,
            ),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, t.not_found_title, t.not_found_text),
            AppError::Erased => (StatusCode::CONFLICT, t.erased_title, t.erased_text),
            AppError::Unexpected(cause) => {
                tracing::error!(cause, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    t.error_title,
                    t.error_text,
                )
            }
            _ => (StatusCode::BAD_REQUEST, t.error_title, t.error_text),
        };
        let page = ErrorPage {
            t,
            l: self.ctx.layout(heading, ""),
            heading,
            message,
        };
        render(status, &page)
    }
}

async fn css() -> Response {
    static_file(
        "text/css; charset=utf-8",
        include_str!("../../static/arvo.css"),
    )
}

async fn js() -> Response {
    static_file(
        "text/javascript; charset=utf-8",
        include_str!("../../static/arvo.js"),
    )
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

#[derive(Deserialize)]
struct BackParam {
    back: Option<String>,
}

/// Only addresses inside Arvo are followed back, never another site.
fn local_path(p: Option<&str>) -> &str {
    match p {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
        _ => "/accounts",
    }
}

async fn switch_language(Path(code): Path<String>, Query(q): Query<BackParam>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let mut response = Redirect::to(local_path(q.back.as_deref())).into_response();
    set_language_cookie(&mut response, lang);
    response
}

fn set_language_cookie(response: &mut Response, lang: Lang) {
    let cookie = format!(
        "arvo_lang={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// A `?lang=` in any page address is remembered for the pages that follow.
async fn remember_language(req: Request, next: Next) -> Response {
    let chosen = req.uri().query().and_then(context::lang_from_query);
    let mut response = next.run(req).await;
    if let Some(lang) = chosen {
        set_language_cookie(&mut response, lang);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn language_switch_never_leaves_the_site() {
        assert_eq!(local_path(Some("/accounts?q=a")), "/accounts?q=a");
        assert_eq!(local_path(Some("//evil.example")), "/accounts");
        assert_eq!(local_path(Some("https://evil.example")), "/accounts");
        assert_eq!(local_path(None), "/accounts");
    }
}
