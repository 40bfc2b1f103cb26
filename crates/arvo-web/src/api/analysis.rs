//! The value analysis in the JSON API: a period's whole analysis, its settings and cost pools,
//! a refresh that saves the rule's segments, and per account the people's ratings, the segment
//! set by hand and the estimated need.

use crate::AppState;
use crate::analysis::{self, RatingInput, SegmentInput, SegmentView, StoredSettings};
use crate::analysis_tables;
use crate::auth::Caller;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Lang;
use arvo_core::profitability::CostPool;
use arvo_store::analysis::Rating;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// The period of an analysis.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParam {
    /// `2026` (a year), `2026-Q3` (a quarter) or `rolling` (the twelve months up to today, the
    /// default).
    pub period: Option<String>,
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The whole value analysis of a period: every customer's profitability waterfall (cents),
/// value score, segment, tier, behaviour, alerts, RFM, share of wallet, P(alive) and lifetime
/// value; the company result and unallocated costs; the whale curve and concentration; the
/// profitability groups; and the purchase models' fits. For administrators, and managers who
/// see every account.
#[utoipa::path(get, path = "/api/v1/analysis", tag = "analysis", params(PeriodParam),
    responses((status = 200, description = "The analysis", body = Object),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn get_analysis(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<PeriodParam>,
) -> Result<Json<analysis::Report>, AppError> {
    let period = analysis::parse_period(p.period.as_deref(), today())?;
    Ok(Json(
        analysis::run(&state.store, &caller, period, today()).await?,
    ))
}

/// What a refresh changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Refreshed {
    pub customers: usize,
    /// Accounts whose segment the rule changed (hand-set segments stay).
    pub segments_changed: u64,
}

/// Reckons the analysis of a period and saves the segments its rule gives; each change goes
/// into the account's segment history.
#[utoipa::path(post, path = "/api/v1/analysis/refresh", tag = "analysis", params(PeriodParam),
    responses((status = 200, body = Refreshed), (status = 403, body = ErrorBody)))]
async fn refresh(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<PeriodParam>,
) -> Result<Json<Refreshed>, AppError> {
    let period = analysis::parse_period(p.period.as_deref(), today())?;
    let (report, changed) = analysis::refresh(&state.store, &caller, period, today()).await?;
    Ok(Json(Refreshed {
        customers: report.analysis.customers.len(),
        segments_changed: changed,
    }))
}

/// What-if: who would enter and who would leave the key accounts of a period if the score model
/// were the one given (criteria with weights, and the key-account rule), before it is saved.
/// Nothing is saved.
#[utoipa::path(post, path = "/api/v1/analysis/what-if", tag = "analysis", params(PeriodParam),
    request_body = Object,
    responses((status = 200, body = analysis::WhatIf), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn what_if(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<PeriodParam>,
    Json(model): Json<arvo_core::scoring::ScoreModel>,
) -> Result<Json<analysis::WhatIf>, AppError> {
    let period = analysis::parse_period(p.period.as_deref(), today())?;
    Ok(Json(
        analysis::what_if(&state.store, &caller, period, &model, today()).await?,
    ))
}

/// What a table download takes besides the period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TableParams {
    /// `2026`, `2026-Q3` or `rolling` (the default).
    pub period: Option<String>,
    /// `csv` (the default) or `xlsx`.
    pub format: Option<String>,
    /// `fi` or `en`: the headers, words, separators, numbers and dates; the caller's language
    /// when not given.
    pub lang: Option<String>,
}

/// One of a period's analysis tables as a file to download: `customers` (every customer's
/// waterfall with each cost pool's share, score, segment, behaviour, alerts, share of wallet,
/// P(alive) and lifetime value), `whale` (the whale curve), `groups` (the profitability groups)
/// or `alerts` (the passivation alerts with their reasons). Recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/analysis/tables/{table}", tag = "analysis",
    params(("table" = String, Path, description = "`customers`, `whale`, `groups` or `alerts`"),
        TableParams),
    responses(
        (status = 200, description = "The file, as an attachment",
            content((String = "text/csv"),
                    (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn download_table(
    State(state): State<AppState>,
    caller: Caller,
    Path(table): Path<String>,
    Query(p): Query<TableParams>,
) -> Result<axum::response::Response, AppError> {
    let period = analysis::parse_period(p.period.as_deref(), today())?;
    let (table, format) = analysis_tables::chosen(Some(&table), p.format.as_deref())?;
    let lang = match p.lang.as_deref() {
        Some(code) => Lang::parse(code).ok_or_else(|| {
            arvo_core::ValidationErrors::single(
                "lang",
                arvo_core::Problem::Choice {
                    allowed: vec!["fi".into(), "en".into()],
                },
            )
        })?,
        None => Lang::parse(&caller.user.language).unwrap_or_default(),
    };
    analysis_tables::download(&state.store, &caller, period, table, format, lang, today()).await
}

/// The cost pools with their yearly costs in cents.
#[utoipa::path(get, path = "/api/v1/analysis/cost-pools", tag = "analysis",
    responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
async fn get_pools(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<CostPool>>, AppError> {
    analysis::require_view(&caller)?;
    Ok(Json(analysis::cost_pools(&state.store).await?))
}

/// Replaces the cost pools: a list of `{name, cost_cents (yearly), driver, layer}`. Drivers:
/// `orders`, `order_lines`, `deliveries`, `invoices`, `service_hours`, `visits`, `returns`,
/// `payment_days`, `not_allocated`; layers: `sales`, `marketing`, `service`.
#[utoipa::path(put, path = "/api/v1/analysis/cost-pools", tag = "analysis",
    request_body = Object,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_pools(
    State(state): State<AppState>,
    caller: Caller,
    Json(pools): Json<Vec<CostPool>>,
) -> Result<StatusCode, AppError> {
    analysis::save_cost_pools(&state.store, &caller, &pools).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The analysis settings: the value score model, the segment rule's thresholds, the behaviour
/// rules, the grid's bands and the lifetime value's horizon and discount.
#[utoipa::path(get, path = "/api/v1/analysis/settings", tag = "analysis",
    responses((status = 200, body = StoredSettings), (status = 403, body = ErrorBody)))]
async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<StoredSettings>, AppError> {
    analysis::require_view(&caller)?;
    Ok(Json(analysis::stored_settings(&state.store).await?))
}

#[utoipa::path(put, path = "/api/v1/analysis/settings", tag = "analysis",
    request_body = StoredSettings,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    Json(settings): Json<StoredSettings>,
) -> Result<StatusCode, AppError> {
    analysis::save_settings(&state.store, &caller, &settings).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every rating of the account's people-rated criteria, newest first.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/ratings", tag = "analysis",
    responses((status = 200, body = Vec<Rating>), (status = 404, body = ErrorBody)))]
async fn get_ratings(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Rating>>, AppError> {
    crate::service::account(&state.store, &caller, id).await?;
    Ok(Json(state.store.ratings_of(id).await?))
}

/// Rates one of the score model's people-rated criteria (e.g. `reference`, `learning`) 1–5,
/// with a reason; the latest rating counts, every one is kept.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/ratings", tag = "analysis",
    request_body = RatingInput,
    responses((status = 201), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn post_rating(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<RatingInput>,
) -> Result<StatusCode, AppError> {
    analysis::rate(&state.store, &caller, id, &input).await?;
    Ok(StatusCode::CREATED)
}

/// The account's segment and its history.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/segment", tag = "analysis",
    responses((status = 200, body = SegmentView), (status = 404, body = ErrorBody)))]
async fn get_segment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<SegmentView>, AppError> {
    Ok(Json(
        analysis::segment_view(&state.store, &caller, id).await?,
    ))
}

/// Sets the account's segment by hand with a reason (the rule leaves it alone), or with
/// `segment: null` gives it back to the rule.
#[utoipa::path(put, path = "/api/v1/accounts/{id}/segment", tag = "analysis",
    request_body = SegmentInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn put_segment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<SegmentInput>,
) -> Result<StatusCode, AppError> {
    analysis::set_segment(&state.store, &caller, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The two days of a segment migration table.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MigrationParams {
    /// The first day (2026-01-01 or 1.1.2026).
    pub from: String,
    /// The second day; today when not given.
    pub to: Option<String>,
}

/// How many customers moved from each segment to each between the ends of two days (from the
/// segment history; null: no segment yet, or none any more).
#[utoipa::path(get, path = "/api/v1/analysis/segment-migration", tag = "analysis",
    params(MigrationParams),
    responses((status = 200, body = Vec<analysis::Migration>), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn segment_migration(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<MigrationParams>,
) -> Result<Json<Vec<analysis::Migration>>, AppError> {
    use arvo_core::{Problem, ValidationErrors};
    let day = |field: &str, text: &str| {
        arvo_core::dates::parse_date(text)
            .map_err(|problem| AppError::Validation(ValidationErrors::single(field, problem)))
    };
    let from = day("from", &p.from)?;
    let to = match &p.to {
        Some(t) => day("to", t)?,
        None => today(),
    };
    if to < from {
        return Err(ValidationErrors::single("to", Problem::Date).into());
    }
    Ok(Json(
        analysis::migration(&state.store, &caller, from, to).await?,
    ))
}

/// The account's estimated yearly need of what we sell, in cents (null: unknown).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NeedInput {
    pub cents: Option<i64>,
}

#[utoipa::path(put, path = "/api/v1/accounts/{id}/estimated-need", tag = "analysis",
    request_body = NeedInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn put_need(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<NeedInput>,
) -> Result<StatusCode, AppError> {
    analysis::set_need(&state.store, &caller, id, input.cents).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The OpenAPI description of these routes, merged into the API's document.
#[derive(OpenApi)]
#[openapi(
    paths(
        get_analysis,
        refresh,
        what_if,
        download_table,
        get_pools,
        put_pools,
        get_settings,
        put_settings,
        get_ratings,
        post_rating,
        get_segment,
        put_segment,
        put_need,
        segment_migration
    ),
    components(schemas(
        Refreshed,
        analysis::WhatIf,
        analysis::KeyAccountChange,
        StoredSettings,
        RatingInput,
        SegmentInput,
        SegmentView,
        NeedInput,
        Rating,
        analysis::Migration,
        arvo_store::analysis::SegmentState,
        arvo_store::analysis::SegmentChange
    ))
)]
pub struct AnalysisDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/analysis", get(get_analysis))
        .route("/api/v1/analysis/refresh", post(refresh))
        .route("/api/v1/analysis/what-if", post(what_if))
        .route("/api/v1/analysis/tables/{table}", get(download_table))
        .route("/api/v1/analysis/segment-migration", get(segment_migration))
        .route("/api/v1/analysis/cost-pools", get(get_pools).put(put_pools))
        .route(
            "/api/v1/analysis/settings",
            get(get_settings).put(put_settings),
        )
        .route(
            "/api/v1/accounts/{id}/ratings",
            get(get_ratings).post(post_rating),
        )
        .route(
            "/api/v1/accounts/{id}/segment",
            get(get_segment).put(put_segment),
        )
        .route("/api/v1/accounts/{id}/estimated-need", put(put_need))
}
