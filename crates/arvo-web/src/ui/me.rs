//! The signed-in user's own settings: their password and their API tokens.

use super::forms::{FieldView, FormData, Section, attach_errors};
use super::users::{Secret, SettingsNotice, TokenRow, password_field, token_rows};
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::users;
use arvo_core::ValidationErrors;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "me.html")]
struct MePage {
    t: &'static Texts,
    l: Layout,
    name: String,
    email: String,
    role: &'static str,
    team: Option<String>,
    password_inputs: Vec<FieldView>,
    password_errors: bool,
    token_inputs: Vec<FieldView>,
    tokens: Vec<TokenRow>,
    back: String,
    secret: Option<Secret>,
}

/// What the page shows besides the user's details.
#[derive(Default)]
struct MeState {
    password_errors: ValidationErrors,
    token_form: FormData,
    token_errors: ValidationErrors,
    secret: Option<Secret>,
    notice: Option<String>,
}

async fn page(ctx: &Ctx, state: &AppState, s: MeState) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    let t = ctx.t();
    let lang = ctx.lang;
    let tokens = if caller.may(arvo_core::Action::UseOwnTokens) {
        users::tokens(&state.store, caller, Some(caller.user.id))
            .await
            .map_err(|e| ctx.fail(e))?
    } else {
        Vec::new()
    };
    let mut sections = vec![
        Section {
            title: t.change_password.into(),
            fields: vec![
                password_field("current_password", t.current_password, "current-password"),
                password_field("new_password", t.new_password, "new-password")
                    .hint(t.new_password_hint),
            ],
        },
        Section {
            title: t.create_token.into(),
            fields: vec![
                FieldView::text("name", t.col_token_name, &s.token_form)
                    .required()
                    .hint(t.token_name_hint),
            ],
        },
    ];
    attach_errors(lang, &mut sections[..1], &s.password_errors);
    attach_errors(lang, &mut sections[1..], &s.token_errors);
    let failed = !s.password_errors.is_empty() || !s.token_errors.is_empty();
    let token_inputs = sections.pop().map(|s| s.fields).unwrap_or_default();
    let password_inputs = sections.pop().map(|s| s.fields).unwrap_or_default();
    let mut l = ctx.layout(t.me_title, "me");
    l.notice = s.notice;
    let user = &caller.user;
    let view = MePage {
        t,
        l,
        name: user.name.clone(),
        email: user.email.clone(),
        role: lang.user_role(user.role),
        team: user.team.clone(),
        password_inputs,
        password_errors: !s.password_errors.is_empty(),
        token_inputs,
        tokens: token_rows(lang, tokens),
        back: "/me".into(),
        secret: s.secret,
    };
    let status = if failed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &view))
}

pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(notice): Query<SettingsNotice>,
) -> Result<Response, PageError> {
    let notice = notice.text(ctx.t());
    page(
        &ctx,
        &state,
        MeState {
            notice,
            ..MeState::default()
        },
    )
    .await
}

pub async fn change_password(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let result = users::change_own_password(
        &state.store,
        ctx.caller()?,
        form.get("current_password"),
        form.get("new_password"),
    )
    .await;
    match result {
        Ok(()) => Ok(Redirect::to("/me?notice=password_changed").into_response()),
        Err(AppError::Validation(password_errors)) => {
            let s = MeState {
                password_errors,
                ..MeState::default()
            };
            page(&ctx, &state, s).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn create_token(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let result = users::create_own_token(&state.store, ctx.caller()?, form.get("name")).await;
    let s = match result {
        Ok((token, _)) => MeState {
            secret: Some(Secret {
                message: ctx.t().token_created_secret,
                value: token,
            }),
            ..MeState::default()
        },
        Err(AppError::Validation(token_errors)) => MeState {
            token_form: form,
            token_errors,
            ..MeState::default()
        },
        Err(e) => return Err(ctx.fail(e)),
    };
    page(&ctx, &state, s).await
}

/// `POST /me/calendar`: gives the user a new calendar feed address and shows it once; the old
/// address stops working.
pub async fn new_calendar(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    let path = crate::calendar::new_feed(&state.store, ctx.caller()?)
        .await
        .map_err(|e| ctx.fail(e))?;
    let base = crate::calendar::base_url(&headers, state.auth.secure_cookies);
    let s = MeState {
        secret: Some(Secret {
            message: ctx.t().calendar_created,
            value: format!("{base}{path}"),
        }),
        ..MeState::default()
    };
    page(&ctx, &state, s).await
}
