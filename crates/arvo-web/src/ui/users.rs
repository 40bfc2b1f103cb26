//! The administrators' pages for users, teams and the visibility rule, and the API token table
//! that they share with the user's own settings page.

use super::forms::{FieldView, FormData, Section, SelectOption, attach_errors};
use super::{Ctx, Layout, PageError, local_path, render};
use crate::AppState;
use crate::auth::visibility_rule;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::users;
use arvo_core::{Action, Role, UserInput, ValidationErrors, Visibility};
use arvo_store::{ApiToken, Team, User};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// A secret shown once: a generated password or a new API token.
pub struct Secret {
    pub message: &'static str,
    pub value: String,
}

/// One API token as its table shows it.
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

pub fn token_rows(lang: Lang, tokens: Vec<ApiToken>) -> Vec<TokenRow> {
    tokens
        .into_iter()
        .map(|k| TokenRow {
            id: k.id,
            created: lang.time(k.created_at),
            last_used: k
                .last_used_at
                .map_or_else(|| lang.texts().never.to_owned(), |t| lang.time(t)),
            revoked: k.revoked_at.is_some(),
            name: k.name,
            prefix: k.prefix,
        })
        .collect()
}

/// A password field, never filled in from what was typed.
pub fn password_field(name: &str, label: &str, autocomplete: &'static str) -> FieldView {
    FieldView::text(name, label, &FormData::default()).input("password", autocomplete)
}

/// The first problem of a one-field form, in words, for the field labelled `label`.
fn first_problem(ctx: &Ctx, label: &str, errors: &ValidationErrors) -> Option<String> {
    errors
        .0
        .first()
        .map(|e| ctx.lang.problem(label, &e.problem))
}

/// The status of a failed form: 409 for a stale version, 422 otherwise.
fn form_status(conflict: bool) -> StatusCode {
    if conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

struct UserRow {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    team: String,
    language: &'static str,
    active: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    t: &'static Texts,
    l: Layout,
    users: Vec<UserRow>,
    inputs: Vec<FieldView>,
    has_errors: bool,
    visibility: Vec<SelectOption>,
    teams: Vec<Team>,
    team_error: Option<String>,
    secret: Option<Secret>,
}

/// The fields of a user as a form shows them.
fn user_fields(lang: Lang, form: &FormData, with_password: bool) -> Vec<FieldView> {
    let t = lang.texts();
    let role = if form.get("role").is_empty() {
        Role::AccountManager.as_str()
    } else {
        form.get("role")
    };
    let roles = Role::ALL
        .iter()
        .map(|r| SelectOption {
            value: r.as_str().into(),
            label: lang.user_role(*r).into(),
            selected: r.as_str() == role,
        })
        .collect();
    let languages = ["fi", "en"]
        .into_iter()
        .map(|code| SelectOption {
            value: code.into(),
            label: lang.language_name(code).into(),
            selected: form.get("language") == code,
        })
        .collect();
    let mut fields = vec![
        FieldView::text("name", t.user_name, form)
            .required()
            .input("text", "off"),
        FieldView::text("email", t.f_email, form)
            .required()
            .input("email", "off"),
        FieldView::select("role", t.f_user_role, roles).required(),
        FieldView::text("team", t.f_team, form).hint(t.f_team_hint),
        FieldView::select("language", t.f_language, languages).required(),
    ];
    if with_password {
        fields.push(
            password_field("password", t.password, "new-password").hint(t.f_new_user_password_hint),
        );
    }
    fields
}

fn user_input(form: &FormData) -> UserInput {
    UserInput {
        name: form.get("name").to_owned(),
        email: form.get("email").to_owned(),
        language: form.get("language").to_owned(),
        role: form.get("role").to_owned(),
        team: form.get("team").to_owned(),
    }
}

/// What the users page shows besides the list.
#[derive(Default)]
struct UsersPageState {
    form: FormData,
    errors: ValidationErrors,
    team_error: Option<String>,
    secret: Option<Secret>,
    notice: Option<String>,
}

async fn users_page(ctx: &Ctx, state: &AppState, s: UsersPageState) -> Result<Response, PageError> {
    let caller = ctx.allowed(Action::ManageUsers)?;
    let t = ctx.t();
    let lang = ctx.lang;
    let list = users::list_users(&state.store, caller)
        .await
        .map_err(|e| ctx.fail(e))?;
    let teams = users::teams(&state.store, caller)
        .await
        .map_err(|e| ctx.fail(e))?;
    let rule = visibility_rule(&state.store)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut sections = vec![Section {
        title: t.add_user.into(),
        fields: user_fields(lang, &s.form, true),
    }];
    attach_errors(lang, &mut sections, &s.errors);
    let visibility = Visibility::ALL
        .iter()
        .map(|v| SelectOption {
            value: v.as_str().into(),
            label: match v {
                Visibility::Own => t.visibility_own,
                Visibility::Team => t.visibility_team,
                Visibility::All => t.visibility_all,
            }
            .into(),
            selected: *v == rule,
        })
        .collect();
    let mut l = ctx.layout(t.users_title, "users");
    l.notice = s.notice;
    let status = if s.errors.is_empty() && s.team_error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = UsersPage {
        t,
        l,
        users: list
            .into_iter()
            .map(|u| UserRow {
                id: u.id,
                role: lang.user_role(u.role),
                language: lang.language_name(&u.language),
                team: u.team.unwrap_or_default(),
                active: u.active,
                name: u.name,
                email: u.email,
            })
            .collect(),
        inputs: sections.remove(0).fields,
        has_errors: !s.errors.is_empty(),
        visibility,
        teams,
        team_error: s.team_error,
        secret: s.secret,
    };
    Ok(render(status, &page))
}

/// A short message after a redirect back to a settings page.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsNotice {
    notice: Option<String>,
}

impl SettingsNotice {
    pub fn text(&self, t: &'static Texts) -> Option<String> {
        let s = match self.notice.as_deref()? {
            "saved" => t.saved,
            "deleted" => t.deleted,
            "revoked" => t.token_revoked_notice,
            "password_reset" => t.password_reset_done,
            "password_changed" => t.password_changed,
            _ => return None,
        };
        Some(s.to_owned())
    }
}

pub async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(notice): Query<SettingsNotice>,
) -> Result<Response, PageError> {
    let notice = notice.text(ctx.t());
    users_page(
        &ctx,
        &state,
        UsersPageState {
            notice,
            ..UsersPageState::default()
        },
    )
    .await
}

pub async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let caller = ctx.allowed(Action::ManageUsers)?;
    let form = FormData(fields);
    let password = form.opt("password");
    match users::add_user(
        &state.store,
        caller,
        &user_input(&form),
        password.as_deref(),
    )
    .await
    {
        Ok((user, generated)) => {
            let t = ctx.t();
            let (secret, notice) = match generated {
                Some(value) => (
                    Some(Secret {
                        message: t.user_created_secret,
                        value,
                    }),
                    None,
                ),
                None => (None, Some(format!("{} {}", t.saved, user.name))),
            };
            users_page(
                &ctx,
                &state,
                UsersPageState {
                    secret,
                    notice,
                    ..UsersPageState::default()
                },
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            let mut form = form;
            form.0.retain(|(k, _)| k != "password");
            users_page(
                &ctx,
                &state,
                UsersPageState {
                    form,
                    errors,
                    ..UsersPageState::default()
                },
            )
            .await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn set_visibility(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    users::set_visibility(&state.store, ctx.caller()?, form.get("rule"))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to("/settings/users?notice=saved").into_response())
}

/// The users page again with a team form's problem, or back to it when all went well.
async fn after_team_change<T>(
    ctx: &Ctx,
    state: &AppState,
    result: Result<T, AppError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/settings/users?notice={notice}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let message = first_problem(ctx, ctx.t().team_name, &errors);
            users_page(
                ctx,
                state,
                UsersPageState {
                    team_error: message,
                    ..UsersPageState::default()
                },
            )
            .await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn create_team(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let result = users::create_team(&state.store, ctx.caller()?, form.get("name")).await;
    after_team_change(&ctx, &state, result, "saved").await
}

pub async fn rename_team(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let result = users::rename_team(&state.store, ctx.caller()?, id, form.get("name")).await;
    after_team_change(&ctx, &state, result, "saved").await
}

pub async fn delete_team(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = users::delete_team(&state.store, ctx.caller()?, id).await;
    after_team_change(&ctx, &state, result, "deleted").await
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    t: &'static Texts,
    l: Layout,
    id: i64,
    version: i64,
    name: String,
    role: &'static str,
    active: bool,
    inputs: Vec<FieldView>,
    has_errors: bool,
    conflict: bool,
    active_error: Option<String>,
    password_inputs: Vec<FieldView>,
    tokens: Vec<TokenRow>,
    back: String,
    secret: Option<Secret>,
}

/// What the page of one user shows besides the user.
#[derive(Default)]
struct UserPageState {
    /// The edit form as typed, when it could not be saved.
    form: Option<FormData>,
    errors: ValidationErrors,
    conflict: bool,
    active_error: Option<String>,
    password_error: Option<String>,
    secret: Option<Secret>,
    notice: Option<String>,
}

fn form_of(user: &User) -> FormData {
    FormData(vec![
        ("name".into(), user.name.clone()),
        ("email".into(), user.email.clone()),
        ("role".into(), user.role.as_str().into()),
        ("team".into(), user.team.clone().unwrap_or_default()),
        ("language".into(), user.language.clone()),
    ])
}

async fn user_page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    s: UserPageState,
) -> Result<Response, PageError> {
    let caller = ctx.allowed(Action::ManageUsers)?;
    let t = ctx.t();
    let user = users::user(&state.store, caller, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let tokens = users::tokens(&state.store, caller, Some(id))
        .await
        .map_err(|e| ctx.fail(e))?;
    let form = s.form.unwrap_or_else(|| form_of(&user));
    let mut sections = vec![Section {
        title: t.edit_user.into(),
        fields: user_fields(ctx.lang, &form, false),
    }];
    attach_errors(ctx.lang, &mut sections, &s.errors);
    let mut password =
        password_field("password", t.new_password, "new-password").hint(t.reset_password_hint);
    password.error = s.password_error;
    let failed =
        !s.errors.is_empty() || s.conflict || s.active_error.is_some() || password.error.is_some();
    let mut l = ctx.layout(&user.name, "users");
    l.notice = s.notice;
    let page = UserPage {
        t,
        l,
        id: user.id,
        version: user.version,
        role: ctx.lang.user_role(user.role),
        active: user.active,
        inputs: sections.remove(0).fields,
        has_errors: !s.errors.is_empty(),
        conflict: s.conflict,
        active_error: s.active_error,
        password_inputs: vec![password],
        tokens: token_rows(ctx.lang, tokens),
        back: format!("/settings/users/{id}"),
        secret: s.secret,
        name: user.name,
    };
    let status = if failed {
        form_status(s.conflict)
    } else {
        StatusCode::OK
    };
    Ok(render(status, &page))
}

pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(notice): Query<SettingsNotice>,
) -> Result<Response, PageError> {
    let notice = notice.text(ctx.t());
    user_page(
        &ctx,
        &state,
        id,
        UserPageState {
            notice,
            ..UserPageState::default()
        },
    )
    .await
}

pub async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let Some(version) = form.version() else {
        return Err(ctx.fail(AppError::BadRequest("version".into())));
    };
    let result =
        users::update_user(&state.store, ctx.caller()?, id, version, &user_input(&form)).await;
    let s = match result {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/settings/users/{id}?notice=saved")).into_response());
        }
        Err(AppError::Validation(errors)) => UserPageState {
            form: Some(form),
            errors,
            ..UserPageState::default()
        },
        Err(AppError::Conflict { .. }) => UserPageState {
            form: Some(form),
            conflict: true,
            ..UserPageState::default()
        },
        Err(e) => return Err(ctx.fail(e)),
    };
    user_page(&ctx, &state, id, s).await
}

pub async fn set_active(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let active = form.get("active") == "true";
    match users::set_user_active(&state.store, ctx.caller()?, id, active).await {
        Ok(_) => Ok(Redirect::to(&format!("/settings/users/{id}?notice=saved")).into_response()),
        Err(AppError::Validation(errors)) => {
            let message = first_problem(&ctx, ctx.t().col_state, &errors);
            let s = UserPageState {
                active_error: message,
                ..UserPageState::default()
            };
            user_page(&ctx, &state, id, s).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn reset_password(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let password = form.opt("password");
    let t = ctx.t();
    match users::reset_password(&state.store, ctx.caller()?, id, password.as_deref()).await {
        Ok(Some(value)) => {
            let s = UserPageState {
                secret: Some(Secret {
                    message: t.password_reset_secret,
                    value,
                }),
                ..UserPageState::default()
            };
            user_page(&ctx, &state, id, s).await
        }
        Ok(None) => Ok(
            Redirect::to(&format!("/settings/users/{id}?notice=password_reset")).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let message = first_problem(&ctx, t.new_password, &errors);
            let s = UserPageState {
                password_error: message,
                ..UserPageState::default()
            };
            user_page(&ctx, &state, id, s).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// Revokes a token from either token table and goes back to it.
pub async fn revoke_token(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    users::revoke_token(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let back = match form.get("back") {
        "" => "/me",
        b => local_path(Some(b)),
    };
    let separator = if back.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{back}{separator}notice=revoked")).into_response())
}
