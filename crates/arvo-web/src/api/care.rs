//! The care of customers in the JSON API: the care models, the adherence engine's evaluation
//! and suggested actions with the decisions on them, encounters and tasks.

use crate::AppState;
use crate::auth::Caller;
use crate::care::{self, Decided, DecisionInput, Evaluation, Suggestion, TaskChange, TaskFilter};
use crate::error::{AppError, ErrorBody};
use arvo_core::care::CareModel;
use arvo_core::work::{EncounterInput, TaskInput};
use arvo_store::care::{Encounter, StoredDecision, Task};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Care is judged by the day in Finland, as the pages judge it.
fn today() -> NaiveDate {
    crate::i18n::helsinki_today()
}

/// The day to evaluate on.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct EvaluationParams {
    /// The day, `2026-12-06`; today when left out. Encounters after it do not count.
    pub on: Option<NaiveDate>,
    /// Only the caller's own customers (and those without an owner).
    pub mine: bool,
}

/// The care models in force: one per segment, perhaps one per tier; the defaults until a
/// manager saves some.
#[utoipa::path(get, path = "/api/v1/care/models", tag = "care",
    responses((status = 200, body = Vec<CareModel>), (status = 401, body = ErrorBody)))]
async fn get_models(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<CareModel>>, AppError> {
    caller.require(arvo_core::Action::ReadCustomers)?;
    Ok(Json(care::models(&state.store).await?))
}

/// Replaces the care models; for managers and administrators. Every bad field is named, e.g.
/// `models[0].requirements[1].every_days`.
#[utoipa::path(put, path = "/api/v1/care/models", tag = "care", request_body = Vec<CareModel>,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_models(
    State(state): State<AppState>,
    caller: Caller,
    Json(models): Json<Vec<CareModel>>,
) -> Result<StatusCode, AppError> {
    care::save_models(&state.store, &caller, &models).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The adherence engine's evaluation of the customers the caller sees: the suggested actions
/// (each with its account, gap, reason and proposed step), adherence overall, per owner, per
/// segment and per customer, and its trend over six months.
#[utoipa::path(get, path = "/api/v1/care/evaluation", tag = "care", params(EvaluationParams),
    responses((status = 200, body = Evaluation), (status = 401, body = ErrorBody)))]
async fn get_evaluation(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<EvaluationParams>,
) -> Result<Json<Evaluation>, AppError> {
    let on = p.on.unwrap_or_else(today);
    Ok(Json(
        care::evaluation(&state.store, &caller, on, p.mine).await?,
    ))
}

/// The suggested actions alone, most overdue first.
#[utoipa::path(get, path = "/api/v1/care/suggestions", tag = "care", params(EvaluationParams),
    responses((status = 200, body = Vec<Suggestion>), (status = 401, body = ErrorBody)))]
async fn get_suggestions(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<EvaluationParams>,
) -> Result<Json<Vec<Suggestion>>, AppError> {
    let on = p.on.unwrap_or_else(today);
    Ok(Json(
        care::evaluation(&state.store, &caller, on, p.mine)
            .await?
            .suggestions,
    ))
}

/// Accepts (a task is made), postpones (it comes back on the day) or dismisses (with a reason)
/// one of the account's suggested actions.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/care-decisions", tag = "care",
    params(("id" = i64, Path), EvaluationParams), request_body = DecisionInput,
    responses((status = 201, body = Decided), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn post_decision(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(p): Query<EvaluationParams>,
    Json(input): Json<DecisionInput>,
) -> Result<(StatusCode, Json<Decided>), AppError> {
    let on = p.on.unwrap_or_else(today);
    let decided = care::decide(&state.store, &caller, id, &input, on).await?;
    Ok((StatusCode::CREATED, Json(decided)))
}

/// The latest decision on each of the account's gaps.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/care-decisions", tag = "care",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<StoredDecision>), (status = 404, body = ErrorBody)))]
async fn get_decisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<StoredDecision>>, AppError> {
    crate::service::account(&state.store, &caller, id).await?;
    Ok(Json(state.store.decisions(Some(id)).await?))
}

/// How many to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct LimitParam {
    /// At most this many, newest first (default 100).
    pub limit: Option<i64>,
}

/// The account's encounters, newest first, each with the people who took part.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/encounters", tag = "care",
    params(("id" = i64, Path), LimitParam),
    responses((status = 200, body = Vec<Encounter>), (status = 404, body = ErrorBody)))]
async fn get_account_encounters(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(p): Query<LimitParam>,
) -> Result<Json<Vec<Encounter>>, AppError> {
    Ok(Json(
        care::account_encounters(&state.store, &caller, id, p.limit.unwrap_or(100)).await?,
    ))
}

/// Records an encounter with the account: a call, meeting, visit, email, event, delivery of
/// note, business review, offer, survey or newsletter, with the users and contacts who took
/// part. A planned meeting is an encounter on a future day.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/encounters", tag = "care",
    params(("id" = i64, Path)), request_body = EncounterInput,
    responses((status = 201, body = Encounter), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn post_encounter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<EncounterInput>,
) -> Result<(StatusCode, Json<Encounter>), AppError> {
    let encounter = care::add_encounter(&state.store, &caller, id, &input).await?;
    Ok((StatusCode::CREATED, Json(encounter)))
}

/// One encounter with the people who took part.
#[utoipa::path(get, path = "/api/v1/encounters/{id}", tag = "care",
    params(("id" = i64, Path)),
    responses((status = 200, body = Encounter), (status = 404, body = ErrorBody)))]
async fn get_encounter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Encounter>, AppError> {
    Ok(Json(care::encounter(&state.store, &caller, id).await?))
}

/// Replaces what an encounter records: its kind, channel, day and time, texts and the people
/// who took part (e.g. the outcome of a meeting booked ahead, once it was held). Every bad field
/// is named.
#[utoipa::path(put, path = "/api/v1/encounters/{id}", tag = "care",
    params(("id" = i64, Path)), request_body = EncounterInput,
    responses((status = 200, body = Encounter), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn put_encounter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<EncounterInput>,
) -> Result<Json<Encounter>, AppError> {
    Ok(Json(
        care::update_encounter(&state.store, &caller, id, &input).await?,
    ))
}

/// Deletes an encounter recorded by mistake.
#[utoipa::path(delete, path = "/api/v1/encounters/{id}", tag = "care",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_encounter(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    care::delete_encounter(&state.store, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A span of days.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DaysParams {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The caller's own encounters (recorded or taken part in) in a span of days: their calendar.
#[utoipa::path(get, path = "/api/v1/encounters", tag = "care", params(DaysParams),
    responses((status = 200, body = Vec<Encounter>), (status = 401, body = ErrorBody)))]
async fn get_my_encounters(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<DaysParams>,
) -> Result<Json<Vec<Encounter>>, AppError> {
    Ok(Json(
        care::my_encounters(&state.store, &caller, p.from, p.to).await?,
    ))
}

/// Tasks: the caller's own by default, another user's they see, everyone's they see, or one
/// account's; open ones first, then by due day.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "care", params(TaskFilter),
    responses((status = 200, body = Vec<Task>), (status = 403, body = ErrorBody)))]
async fn get_tasks(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<TaskFilter>,
) -> Result<Json<Vec<Task>>, AppError> {
    Ok(Json(care::tasks(&state.store, &caller, &filter).await?))
}

/// Writes a task by hand; it is the caller's unless another owner is named.
#[utoipa::path(post, path = "/api/v1/tasks", tag = "care", request_body = TaskInput,
    responses((status = 201, body = Task), (status = 422, body = ErrorBody)))]
async fn post_task(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<TaskInput>,
) -> Result<(StatusCode, Json<Task>), AppError> {
    let task = care::create_task(&state.store, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json(task)))
}

/// Whether a task is done, at the version the caller saw.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DoneInput {
    pub done: bool,
    pub version: Option<i64>,
}

/// Marks a task done, or open again. Done, a task made from a suggested action records the
/// encounter it asked for, today.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/done", tag = "care",
    params(("id" = i64, Path)), request_body = DoneInput,
    responses((status = 200, body = Task), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
async fn post_done(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(input): Json<DoneInput>,
) -> Result<Json<Task>, AppError> {
    Ok(Json(
        care::set_task_done(
            &state.store,
            &caller,
            id,
            input.done,
            input.version,
            today(),
        )
        .await?,
    ))
}

/// Changes a task: moves it to another day, gives it to another user or rewrites it; the fields
/// left out stay. With `version`, refused (409) if someone changed it since.
#[utoipa::path(put, path = "/api/v1/tasks/{id}", tag = "care",
    params(("id" = i64, Path)), request_body = TaskChange,
    responses((status = 200, body = Task), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_task(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(change): Json<TaskChange>,
) -> Result<Json<Task>, AppError> {
    Ok(Json(
        care::change_task(&state.store, &caller, id, &change).await?,
    ))
}

/// A scheduled run with its adherence per owner and segment.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct RunView {
    #[serde(flatten)]
    pub run: arvo_store::care::CareRun,
    pub adherence: Vec<arvo_store::care::RunAdherence>,
}

/// The adherence engine's latest scheduled runs (at most 60), newest first, each with the
/// adherence it recorded per owner and segment: adherence over time. For managers and
/// administrators.
#[utoipa::path(get, path = "/api/v1/care/runs", tag = "care",
    responses((status = 200, body = Vec<RunView>), (status = 403, body = ErrorBody)))]
async fn get_runs(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<RunView>>, AppError> {
    caller.require(arvo_core::Action::ManageCareModels)?;
    let mut out = Vec::new();
    for run in state.store.care_runs(60).await? {
        let adherence = state.store.care_run_adherence(run.id).await?;
        out.push(RunView { run, adherence });
    }
    Ok(Json(out))
}

/// A new calendar feed address.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct CalendarFeed {
    /// The feed's address: the caller's meetings and open tasks as iCalendar, opened by the
    /// key in it alone. Shown once; a new address replaces the old one.
    pub url: String,
}

/// Gives the caller a new calendar feed address; the old one stops working.
#[utoipa::path(post, path = "/api/v1/me/calendar-feed", tag = "care",
    responses((status = 201, body = CalendarFeed), (status = 401, body = ErrorBody)))]
async fn post_calendar_feed(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
) -> Result<(StatusCode, Json<CalendarFeed>), AppError> {
    let path = crate::calendar::new_feed(&state.store, &caller).await?;
    let base = crate::calendar::base_url(&headers, state.auth.secure_cookies);
    Ok((
        StatusCode::CREATED,
        Json(CalendarFeed {
            url: format!("{base}{path}"),
        }),
    ))
}

/// The OpenAPI description of these routes, merged into the API's document.
#[derive(OpenApi)]
#[openapi(
    paths(
        get_models,
        put_models,
        get_evaluation,
        get_suggestions,
        post_decision,
        get_decisions,
        get_account_encounters,
        post_encounter,
        get_encounter,
        put_encounter,
        delete_encounter,
        get_my_encounters,
        get_tasks,
        post_task,
        post_done,
        put_task,
        get_runs,
        post_calendar_feed
    ),
    components(schemas(
        CareModel,
        arvo_core::care::Requirement,
        arvo_core::care::EncounterKind,
        arvo_core::care::EncounterChannel,
        arvo_core::care::ResponsibleRole,
        arvo_core::care::Gap,
        arvo_core::care::GapKind,
        arvo_core::care::Step,
        Evaluation,
        Suggestion,
        care::AdherenceView,
        care::CustomerAdherence,
        care::AdherencePoint,
        DecisionInput,
        Decided,
        StoredDecision,
        Encounter,
        arvo_store::care::Participant,
        EncounterInput,
        Task,
        TaskInput,
        DoneInput,
        care::TaskChange,
        RunView,
        CalendarFeed,
        arvo_store::care::CareRun,
        arvo_store::care::RunAdherence
    ))
)]
pub struct CareDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/care/models", get(get_models).put(put_models))
        .route("/api/v1/care/evaluation", get(get_evaluation))
        .route("/api/v1/care/runs", get(get_runs))
        .route("/api/v1/care/suggestions", get(get_suggestions))
        .route(
            "/api/v1/accounts/{id}/care-decisions",
            get(get_decisions).post(post_decision),
        )
        .route(
            "/api/v1/accounts/{id}/encounters",
            get(get_account_encounters).post(post_encounter),
        )
        .route("/api/v1/encounters", get(get_my_encounters))
        .route(
            "/api/v1/encounters/{id}",
            get(get_encounter)
                .put(put_encounter)
                .delete(delete_encounter),
        )
        .route("/api/v1/tasks", get(get_tasks).post(post_task))
        .route("/api/v1/tasks/{id}", axum::routing::put(put_task))
        .route("/api/v1/tasks/{id}/done", post(post_done))
        .route("/api/v1/me/calendar-feed", post(post_calendar_feed))
}
