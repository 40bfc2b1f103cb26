//! The retention page: the rule for how long former customers' contacts are kept, the contacts
//! due for erasure today, and erasing them after the user confirms their number.

use super::accounts::Notice;
use super::forms::FormData;
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::personal_data::{self as service, RetentionApply};
use arvo_core::{Action, Problem, ValidationErrors};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// One contact due for erasure.
struct DueRow {
    contact_id: i64,
    name: String,
    account_id: i64,
    account_name: String,
    former_since: String,
    due_on: String,
}

#[derive(Template)]
#[template(path = "retention.html")]
struct RetentionPage {
    t: &'static Texts,
    l: Layout,
    months: Option<u32>,
    months_value: String,
    months_error: Option<String>,
    today: String,
    rows: Vec<DueRow>,
    confirm_value: String,
    confirm_error: Option<String>,
}

/// What the user typed into the page's two forms, and what was wrong with it.
#[derive(Default)]
struct Typed {
    months: Option<String>,
    confirm: String,
    errors: ValidationErrors,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    typed: Typed,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let caller = ctx.allowed(Action::ManagePersonalData)?;
    let report = service::retention_report(&state.store, caller, service::today())
        .await
        .map_err(|e| ctx.fail(e))?;
    let (t, lang) = (ctx.t(), ctx.lang);
    let error = |field: &str, label: &str| typed.errors.get(field).map(|p| lang.problem(label, p));
    let mut l = ctx.layout(t.retention_title, "retention");
    l.notice = notice;
    let view = RetentionPage {
        t,
        l,
        months: report.months,
        months_value: typed
            .months
            .clone()
            .unwrap_or_else(|| report.months.map(|m| m.to_string()).unwrap_or_default()),
        months_error: error("months", t.retention_months),
        today: lang.date(report.today),
        rows: report
            .contacts
            .into_iter()
            .map(|c| DueRow {
                contact_id: c.contact_id,
                name: c.name,
                account_id: c.account_id,
                account_name: c.account_name,
                former_since: lang.date(c.former_since),
                due_on: lang.date(c.due_on),
            })
            .collect(),
        confirm_value: typed.confirm.clone(),
        confirm_error: error("confirm", t.retention_confirm),
    };
    let status = if typed.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &view))
}

pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let notice = notice.text(ctx.t());
    page(&ctx, &state, Typed::default(), notice).await
}

pub async fn set_rule(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let months = form.get("months").to_owned();
    match service::set_retention_rule(&state.store, ctx.caller()?, &months).await {
        Ok(_) => Ok(Redirect::to("/settings/retention?notice=saved").into_response()),
        Err(AppError::Validation(errors)) => {
            let typed = Typed {
                months: Some(months),
                errors,
                ..Typed::default()
            };
            page(&ctx, &state, typed, None).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn apply(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let typed = form.get("confirm").trim().to_owned();
    let result = if let Ok(n) = typed.parse::<i64>() {
        let request = RetentionApply {
            confirm: Some(n),
            contact_ids: None,
        };
        service::apply_retention(&state.store, ctx.caller()?, &request)
            .await
            .map(|_| ())
    } else {
        let problem = if typed.is_empty() {
            Problem::Required
        } else {
            Problem::Number
        };
        Err(ValidationErrors::single("confirm", problem).into())
    };
    match result {
        Ok(()) => Ok(Redirect::to("/settings/retention?notice=erased").into_response()),
        Err(AppError::Validation(errors)) => {
            let typed = Typed {
                confirm: typed,
                errors,
                ..Typed::default()
            };
            page(&ctx, &state, typed, None).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
