//! Targets in the JSON API: a period's targets with their actuals, setting, changing and
//! deleting them, and one account's targets.

use crate::AppState;
use crate::analysis::Period;
use crate::auth::Caller;
use crate::error::{AppError, ErrorBody};
use crate::targets::{self, TargetReport, TargetView};
use arvo_core::ValidationErrors;
use arvo_core::targets::TargetInput;
use arvo_store::targets::Target;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chrono::Datelike;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

/// The period of the targets.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct TargetParams {
    /// A year (`2027`) or a quarter (`2027-Q1`); this year when left out.
    pub period: Option<String>,
}

/// The period's targets the caller sees (a customer's when they see the customer, a segment's
/// and the base's when they see the whole analysis), each with its actual measured from the
/// data, its attainment and, for revenue and margin, what is due by now.
#[utoipa::path(get, path = "/api/v1/targets", tag = "targets", params(TargetParams),
    responses((status = 200, body = TargetReport), (status = 422, body = ErrorBody)))]
async fn get_targets(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<TargetParams>,
) -> Result<Json<TargetReport>, AppError> {
    let today = crate::i18n::helsinki_today();
    let period = match p.period.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Period::Year { year: today.year() },
        Some(text) => {
            Period::parse_calendar(text).map_err(|e| ValidationErrors::single("period", e))?
        }
    };
    Ok(Json(
        targets::report(&state.store, &caller, period, today).await?,
    ))
}

/// Sets a target for a customer (whoever may edit it), a segment or the whole base (managers and
/// administrators). Every bad field is named; a second target for the same whom, metric and
/// period is refused by `period`.
#[utoipa::path(post, path = "/api/v1/targets", tag = "targets", request_body = TargetInput,
    responses((status = 201, body = Target), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn post_target(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<TargetInput>,
) -> Result<(StatusCode, Json<Target>), AppError> {
    let target = targets::create(&state.store, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json(target)))
}

/// Changes a target; with `version`, only if no one changed it since.
#[utoipa::path(put, path = "/api/v1/targets/{id}", tag = "targets",
    params(("id" = i64, Path)), request_body = TargetInput,
    responses((status = 200, body = Target), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_target(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<TargetInput>,
) -> Result<Json<Target>, AppError> {
    Ok(Json(
        targets::update(&state.store, &caller, id, &input).await?,
    ))
}

/// Deletes a target.
#[utoipa::path(delete, path = "/api/v1/targets/{id}", tag = "targets",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_target(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    targets::delete(&state.store, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account's targets of every period, each with its actual.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/targets", tag = "targets",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<TargetView>), (status = 404, body = ErrorBody)))]
async fn get_account_targets(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<TargetView>>, AppError> {
    Ok(Json(
        targets::account_report(&state.store, &caller, id, crate::i18n::helsinki_today()).await?,
    ))
}

/// The OpenAPI description of these routes, merged into the API's document.
#[derive(OpenApi)]
#[openapi(
    paths(
        get_targets,
        post_target,
        put_target,
        delete_target,
        get_account_targets
    ),
    components(schemas(TargetReport, TargetView, Target, TargetInput))
)]
pub struct TargetsDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/targets", get(get_targets).post(post_target))
        .route(
            "/api/v1/targets/{id}",
            axum::routing::put(put_target).delete(delete_target),
        )
        .route("/api/v1/accounts/{id}/targets", get(get_account_targets))
}
