//! Users, teams, the visibility rule and API tokens in the JSON API: the signed-in user's own
//! details, password and tokens under `/api/v1/me`, and the administration of everyone else's.

use super::JsonObject;
use crate::AppState;
use crate::auth::{Caller, visibility_rule};
use crate::error::{AppError, ErrorBody};
use crate::users;
use arvo_core::{UserInput, Visibility};
use arvo_store::{ApiToken, Team, User};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// A user as the administrator edits them.
fn input_of(user: &User) -> UserInput {
    UserInput {
        name: user.name.clone(),
        email: user.email.clone(),
        language: user.language.clone(),
        role: user.role.as_str().to_owned(),
        team: user.team.clone().unwrap_or_default(),
    }
}

/// A new user: the fields of a user and, optionally, their first password.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct NewUserRequest {
    #[serde(flatten)]
    pub user: UserInput,
    /// At least 10 characters; without one a password is generated and returned once.
    pub password: Option<String>,
}

/// A created user, with the generated password when none was given (shown only this once).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    pub user: User,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// The password an administrator sets; without one a password is generated.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PasswordRequest {
    /// At least 10 characters.
    pub password: Option<String>,
}

/// A password set by an administrator; a generated one is returned only this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordReset {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// The user's own new password.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PasswordChange {
    pub current_password: String,
    /// At least 10 characters.
    pub new_password: String,
}

/// A token's name, e.g. the integration that uses it.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TokenRequest {
    pub name: String,
}

/// A new API token. `token` is shown only this once; Arvo keeps only its digest.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub token: String,
    pub details: ApiToken,
}

/// Whose tokens to list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TokenListParams {
    /// A user's id; without it, every user's tokens.
    pub user: Option<i64>,
}

/// A team's name.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TeamRequest {
    pub name: String,
}

/// Who sees which accounts: `own` (the accounts they own), `team` (their team's) or `all`.
/// Administrators always see all, and managers at least their team's; accounts without an owner
/// are visible to everyone.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisibilitySetting {
    pub rule: Visibility,
}

/// A new visibility rule: `own`, `team` or `all`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct VisibilityRequest {
    pub rule: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    responses((status = 200, body = User)))]
async fn me(caller: Caller) -> Json<User> {
    Json(caller.user)
}

/// Changes the caller's password; their other sessions end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", request_body = PasswordChange,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<StatusCode, AppError> {
    let req: PasswordChange = body.read(&PasswordChange::default())?;
    users::change_own_password(
        &state.store,
        &caller,
        &req.current_password,
        &req.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "me",
    responses((status = 200, body = Vec<ApiToken>), (status = 403, body = ErrorBody)))]
async fn my_tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ApiToken>>, AppError> {
    Ok(Json(
        users::tokens(&state.store, &caller, Some(caller.user.id)).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "me", request_body = TokenRequest,
    responses((status = 201, body = CreatedToken), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_my_token(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Response, AppError> {
    let req: TokenRequest = body.read(&TokenRequest::default())?;
    let (token, details) = users::create_own_token(&state.store, &caller, &req.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token, details })).into_response())
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", params(TokenListParams),
    responses((status = 200, body = Vec<ApiToken>), (status = 403, body = ErrorBody)))]
async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<TokenListParams>,
) -> Result<Json<Vec<ApiToken>>, AppError> {
    Ok(Json(users::tokens(&state.store, &caller, p.user).await?))
}

/// Revokes a token at once. Users revoke their own; administrators anyone's.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    responses((status = 200, body = ApiToken), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ApiToken>, AppError> {
    Ok(Json(users::revoke_token(&state.store, &caller, id).await?))
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<User>>, AppError> {
    Ok(Json(users::list_users(&state.store, &caller).await?))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserRequest,
    responses((status = 201, body = CreatedUser), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Response, AppError> {
    let req: NewUserRequest = body.read(&NewUserRequest::default())?;
    let (user, password) =
        users::add_user(&state.store, &caller, &req.user, req.password.as_deref()).await?;
    let location = format!("/api/v1/users/{}", user.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(CreatedUser { user, password }),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<User>, AppError> {
    Ok(Json(users::user(&state.store, &caller, id).await?))
}

/// Changes the fields sent (`name`, `email`, `language`, `role`, `team`) and keeps the rest;
/// the body must carry the `version` the client last saw. A change that would leave no active
/// administrator is refused.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserInput,
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    mut body: JsonObject,
) -> Result<Json<User>, AppError> {
    let version = body.take_version()?;
    let current = users::user(&state.store, &caller, id).await?;
    let input = body.read(&input_of(&current))?;
    Ok(Json(
        users::update_user(&state.store, &caller, id, version, &input).await?,
    ))
}

/// Deactivates a user: their sessions end and their tokens stop working at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "users",
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn deactivate_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<User>, AppError> {
    Ok(Json(
        users::set_user_active(&state.store, &caller, id, false).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/activate", tag = "users",
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activate_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<User>, AppError> {
    Ok(Json(
        users::set_user_active(&state.store, &caller, id, true).await?,
    ))
}

/// Sets a user's password (`{"password": ...}`, or `{}` for a generated one) and ends their
/// sessions.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", request_body = PasswordRequest,
    responses((status = 200, body = PasswordReset), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    body: JsonObject,
) -> Result<Json<PasswordReset>, AppError> {
    let req: PasswordRequest = body.read(&PasswordRequest::default())?;
    let password =
        users::reset_password(&state.store, &caller, id, req.password.as_deref()).await?;
    Ok(Json(PasswordReset { password }))
}

#[utoipa::path(get, path = "/api/v1/teams", tag = "users",
    responses((status = 200, body = Vec<Team>), (status = 403, body = ErrorBody)))]
async fn list_teams(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Team>>, AppError> {
    Ok(Json(users::teams(&state.store, &caller).await?))
}

#[utoipa::path(post, path = "/api/v1/teams", tag = "users", request_body = TeamRequest,
    responses((status = 201, body = Team), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_team(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Response, AppError> {
    let req: TeamRequest = body.read(&TeamRequest::default())?;
    let team = users::create_team(&state.store, &caller, &req.name).await?;
    Ok((StatusCode::CREATED, Json(team)).into_response())
}

#[utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "users", request_body = TeamRequest,
    responses((status = 200, body = Team), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn rename_team(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    body: JsonObject,
) -> Result<Json<Team>, AppError> {
    let req: TeamRequest = body.read(&TeamRequest::default())?;
    Ok(Json(
        users::rename_team(&state.store, &caller, id, &req.name).await?,
    ))
}

/// Removes a team that has no members.
#[utoipa::path(delete, path = "/api/v1/teams/{id}", tag = "users",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn delete_team(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    users::delete_team(&state.store, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/settings/visibility", tag = "users",
    responses((status = 200, body = VisibilitySetting), (status = 403, body = ErrorBody)))]
async fn get_visibility(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<VisibilitySetting>, AppError> {
    caller.require(arvo_core::Action::ManageUsers)?;
    Ok(Json(VisibilitySetting {
        rule: visibility_rule(&state.store).await?,
    }))
}

#[utoipa::path(put, path = "/api/v1/settings/visibility", tag = "users", request_body = VisibilityRequest,
    responses((status = 200, body = VisibilitySetting), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_visibility(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Json<VisibilitySetting>, AppError> {
    let req: VisibilityRequest = body.read(&VisibilityRequest::default())?;
    Ok(Json(VisibilitySetting {
        rule: users::set_visibility(&state.store, &caller, &req.rule).await?,
    }))
}

/// The OpenAPI description of these routes, merged into the API's document.
#[derive(OpenApi)]
#[openapi(
    paths(
        me,
        change_password,
        my_tokens,
        create_my_token,
        list_tokens,
        revoke_token,
        list_users,
        create_user,
        get_user,
        update_user,
        deactivate_user,
        activate_user,
        reset_password,
        list_teams,
        create_team,
        rename_team,
        delete_team,
        get_visibility,
        set_visibility
    ),
    components(schemas(
        User,
        UserInput,
        NewUserRequest,
        CreatedUser,
        PasswordReset,
        PasswordRequest,
        PasswordChange,
        TokenRequest,
        CreatedToken,
        ApiToken,
        Team,
        TeamRequest,
        VisibilitySetting,
        VisibilityRequest
    ))
)]
pub struct UsersDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/password", post(change_password))
        .route("/api/v1/me/tokens", get(my_tokens).post(create_my_token))
        .route("/api/v1/tokens", get(list_tokens))
        .route("/api/v1/tokens/{id}", axum::routing::delete(revoke_token))
        .route("/api/v1/users", get(list_users).post(create_user))
        .route("/api/v1/users/{id}", get(get_user).patch(update_user))
        .route("/api/v1/users/{id}/deactivate", post(deactivate_user))
        .route("/api/v1/users/{id}/activate", post(activate_user))
        .route("/api/v1/users/{id}/password", post(reset_password))
        .route("/api/v1/teams", get(list_teams).post(create_team))
        .route(
            "/api/v1/teams/{id}",
            axum::routing::patch(rename_team).delete(delete_team),
        )
        .route(
            "/api/v1/settings/visibility",
            get(get_visibility).put(set_visibility),
        )
}
