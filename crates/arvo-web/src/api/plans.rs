//! Account plans in the JSON API: an account's plan with its goals measured against the data,
//! saving it whole, recording its reviews, deleting it, and the list of plans.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, ErrorBody};
use crate::plans::{self, GoalProgress, PlanListing, PlanReport, ReviewInput};
use arvo_core::plan::PlanInput;
use arvo_store::plans::{Plan, PlanSummary};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

/// The day a plan is measured on.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct OnParam {
    /// The day, `2026-12-06`; today when left out. The measured levels cover the twelve months
    /// up to it.
    pub on: Option<NaiveDate>,
}

/// The account's plan: its ambition, review cadence, goals (each with its measured level and
/// progress), actions and encounter script, when its next review is due and the customer's
/// lifecycle stage.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/plan", tag = "plans",
    params(("id" = i64, Path), OnParam),
    responses((status = 200, body = PlanReport), (status = 404, body = ErrorBody)))]
async fn get_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(p): Query<OnParam>,
) -> Result<Json<PlanReport>, AppError> {
    let on = p.on.unwrap_or_else(crate::i18n::helsinki_today);
    plans::plan(&state.store, &caller, id, on)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound("plan".into()))
}

/// Creates or replaces the account's plan whole. Goals and actions given with their `id` keep
/// it; those left out are deleted. With `version`, the save is refused (409) if someone changed
/// the plan since. Every bad field is named, e.g. `actions[2].due`.
#[utoipa::path(put, path = "/api/v1/accounts/{id}/plan", tag = "plans",
    params(("id" = i64, Path)), request_body = PlanInput,
    responses((status = 200, body = Plan), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<PlanInput>,
) -> Result<Json<Plan>, AppError> {
    Ok(Json(
        plans::save_plan(
            &state.store,
            &caller,
            id,
            &input,
            crate::i18n::helsinki_today(),
        )
        .await?,
    ))
}

/// Deletes the account's plan with its goals, actions and script.
#[utoipa::path(delete, path = "/api/v1/accounts/{id}/plan", tag = "plans",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    plans::delete_plan(&state.store, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a review of the account's plan (today, or a day that has passed). A business review
/// encounter with the customer counts as a review too.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/plan/reviews", tag = "plans",
    params(("id" = i64, Path)), request_body = ReviewInput,
    responses((status = 201, body = Plan), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn post_review(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<ReviewInput>,
) -> Result<(StatusCode, Json<Plan>), AppError> {
    let plan = plans::review_plan(
        &state.store,
        &caller,
        id,
        &input,
        crate::i18n::helsinki_today(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(plan)))
}

/// The plans of the accounts the caller sees, by account name, each with its last review, when
/// the next is due, and its open actions.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", params(OnParam),
    responses((status = 200, body = Vec<PlanListing>), (status = 401, body = ErrorBody)))]
async fn get_plans(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<OnParam>,
) -> Result<Json<Vec<PlanListing>>, AppError> {
    let on = p.on.unwrap_or_else(crate::i18n::helsinki_today);
    Ok(Json(plans::plans(&state.store, &caller, on).await?))
}

/// The OpenAPI description of these routes, merged into the API's document.
#[derive(OpenApi)]
#[openapi(
    paths(get_plan, put_plan, delete_plan, post_review, get_plans),
    components(schemas(
        PlanReport,
        GoalProgress,
        Plan,
        arvo_store::plans::Goal,
        arvo_store::plans::PlannedAction,
        arvo_store::plans::ScriptRow,
        PlanSummary,
        PlanListing,
        PlanInput,
        arvo_core::plan::GoalInput,
        arvo_core::plan::ActionInput,
        arvo_core::plan::ScriptInput,
        ReviewInput
    ))
)]
pub struct PlansDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/accounts/{id}/plan",
            get(get_plan).put(put_plan).delete(delete_plan),
        )
        .route("/api/v1/accounts/{id}/plan/reviews", post(post_review))
        .route("/api/v1/plans", get(get_plans))
}
