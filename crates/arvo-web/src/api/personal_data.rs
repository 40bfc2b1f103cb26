//! The JSON API of contact persons' personal data: a contact's consent history, the export of
//! everything stored about a contact, erasure, and the retention rule for former customers'
//! contacts with its report and its application.

use super::JsonObject;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, ErrorBody};
use crate::personal_data::{
    self as service, ExportFormat, RetentionApplied, RetentionApply, RetentionReport,
};
use arvo_core::retention::RetentionRule;
use arvo_core::{Action, Contact, Problem, ValidationErrors};
use arvo_store::personal_data::{ConsentEvent, PersonalData};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// The history of a contact's marketing consent, oldest first: every change of its status, date
/// or source, with who recorded it, when and through which door.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/consents", tag = "contacts",
    responses((status = 200, body = Vec<ConsentEvent>), (status = 404, body = ErrorBody)))]
pub(super) async fn contact_consents(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ConsentEvent>>, AppError> {
    Ok(Json(service::consents(&state.store, &caller, id).await?))
}

/// Everything Arvo stores about a contact person: the contact's fields, its account, its
/// consent history, its change history and the audit events about it. Needs the
/// `manage_personal_data` permission; the export is recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/personal-data", tag = "personal data",
    responses((status = 200, body = PersonalData), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub(super) async fn export_personal_data(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<PersonalData>, AppError> {
    Ok(Json(
        service::export(&state.store, &caller, id, ExportFormat::Json).await?,
    ))
}

/// An erasure's optional precondition.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct EraseRequest {
    /// The version the client last saw; when given, a stale version is a 409 and erases nothing.
    pub version: Option<i64>,
}

/// Erases a contact's personal data: its names become "Poistettu henkilö", its title, email,
/// phone, notes and consent source are emptied, the same values are replaced in its change
/// history, its consent history loses its sources and its account's search forgets it. The
/// contact stays on its account with its roles and consent status. All in one transaction with
/// an audit event that names the contact by id. An erased contact cannot be changed or erased
/// again (409, `erased`). The body may be empty.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/erase", tag = "personal data",
    request_body(content = EraseRequest, description = "Optional: the version the client last saw"),
    responses((status = 200, body = Contact), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(super) async fn erase_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Json<Contact>, AppError> {
    let version = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let request: EraseRequest = serde_json::from_slice(&body)
            .map_err(|_| ValidationErrors::single("version", Problem::Number))?;
        request.version
    };
    Ok(Json(
        service::erase(&state.store, &caller, id, version).await?,
    ))
}

/// The contacts, among those the caller may see, that are due for erasure today under the
/// retention rule: contacts of accounts that have been former customers for the rule's months.
#[utoipa::path(get, path = "/api/v1/retention/due", tag = "personal data",
    responses((status = 200, body = RetentionReport), (status = 403, body = ErrorBody)))]
pub(super) async fn retention_due(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<RetentionReport>, AppError> {
    Ok(Json(
        service::retention_report(&state.store, &caller, service::today()).await?,
    ))
}

/// Erases the contacts due under the retention rule, each as `POST /contacts/{id}/erase` would,
/// all in one transaction. Send `confirm` with the number of contacts `GET /retention/due`
/// shows (a different number erases nothing: 422), or `contact_ids` to erase only those (each
/// must be due).
#[utoipa::path(post, path = "/api/v1/retention/apply", tag = "personal data",
    request_body = RetentionApply,
    responses((status = 200, body = RetentionApplied), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(super) async fn retention_apply(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Json<RetentionApplied>, AppError> {
    let request: RetentionApply = body.read(&RetentionApply::default())?;
    Ok(Json(
        service::apply_retention(&state.store, &caller, &request).await?,
    ))
}

/// The retention rule: months after an account became a former customer.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
pub struct RetentionRuleBody {
    /// Months after the account became a former customer (0–600); `null` for no rule.
    pub months: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/retention/rule", tag = "personal data",
    responses((status = 200, body = RetentionRuleBody), (status = 403, body = ErrorBody)))]
pub(super) async fn get_retention_rule(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<RetentionRuleBody>, AppError> {
    caller.require(Action::ManagePersonalData)?;
    let rule = service::retention_rule(&state.store).await?;
    Ok(Json(RetentionRuleBody {
        months: rule.map(|r| r.months),
    }))
}

/// Sets the retention rule; needs the `manage_settings` permission (administrators). The change
/// is recorded in the audit log.
#[utoipa::path(put, path = "/api/v1/retention/rule", tag = "personal data",
    request_body = RetentionRuleBody,
    responses((status = 200, body = RetentionRuleBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(super) async fn put_retention_rule(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Json<RetentionRuleBody>, AppError> {
    let months = match body.0.get("months") {
        None | Some(Value::Null) => String::new(),
        Some(Value::Number(n)) if n.as_u64().is_some() => n.to_string(),
        Some(_) => return Err(ValidationErrors::single("months", Problem::Number).into()),
    };
    let rule: Option<RetentionRule> =
        service::set_retention_rule(&state.store, &caller, &months).await?;
    Ok(Json(RetentionRuleBody {
        months: rule.map(|r| r.months),
    }))
}

/// The personal data routes.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/contacts/{id}/consents", get(contact_consents))
        .route(
            "/api/v1/contacts/{id}/personal-data",
            get(export_personal_data),
        )
        .route("/api/v1/contacts/{id}/erase", post(erase_contact))
        .route("/api/v1/retention/due", get(retention_due))
        .route("/api/v1/retention/apply", post(retention_apply))
        .route(
            "/api/v1/retention/rule",
            get(get_retention_rule).put(put_retention_rule),
        )
}
