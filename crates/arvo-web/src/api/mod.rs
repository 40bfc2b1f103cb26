//! The JSON API under `/api/v1` and its OpenAPI document at `/api/openapi.json`.

mod analysis;
mod care;
mod exports;
mod imports;
mod personal_data;
mod plans;
mod targets;
mod users;

use crate::AppState;
use crate::audit::{self, AuditExportParams, AuditPage, AuditParams};
use crate::auth::Caller;
use crate::error::{AppError, ErrorBody};
use crate::personal_data::{RetentionApplied, RetentionApply, RetentionDue, RetentionReport};
use crate::service::{
    self, AccountListParams, ContactListParams, DismissRequest, DuplicateReview, MergeRequest,
};
use arvo_core::patch::merge_patch;
use arvo_core::{
    Account, AccountInput, Action, Contact, ContactInput, CustomFieldDef, FieldChange, Problem,
    ValidationErrors,
};
use arvo_store::activities::{
    ActivityHistory, ActivityYear, DeliverySummary, InvoiceSummary, ReturnSummary, ServiceSummary,
    VisitSummary,
};
use arvo_store::imports::{GroupTotal, OrderSummary, PurchaseHistory, YearTotal};
use arvo_store::personal_data::{AccountRef, ConsentEvent, PersonalData};
use arvo_store::{AuditEntry, HistoryEntry};
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// A request body that must be a JSON object; its fields are read one by one so that a wrong
/// value is reported by name.
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            Ok(_) => Err(AppError::BadRequest(
                "the body must be a JSON object".into(),
            )),
            Err(e) => Err(AppError::BadRequest(format!(
                "the body is not valid JSON: {e}"
            ))),
        }
    }
}

impl JsonObject {
    /// Reads the body as a `T`, starting from `base` (the defaults, or the current record for a
    /// partial update).
    fn read<T: Serialize + serde::de::DeserializeOwned>(&self, base: &T) -> Result<T, AppError> {
        Ok(merge_patch(base, &self.0)?)
    }

    /// Takes the required integer `version` out of the body.
    fn take_version(&mut self) -> Result<i64, AppError> {
        match self.0.remove("version") {
            Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64().unwrap_or_default()),
            Some(_) => Err(ValidationErrors::single("version", Problem::Number).into()),
            None => Err(ValidationErrors::single("version", Problem::Required).into()),
        }
    }
}

/// The `version` an action applies to.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    /// The version the client last saw.
    pub version: Option<i64>,
}

fn required_version(p: &VersionParam) -> Result<i64, AppError> {
    p.version
        .ok_or_else(|| ValidationErrors::single("version", Problem::Required).into())
}

/// One page of accounts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountPage {
    pub items: Vec<Account>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// One page of contacts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactPage {
    pub items: Vec<Contact>,
    pub next_cursor: Option<String>,
}

/// A new custom field.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CustomFieldInput {
    pub key: String,
    pub label: String,
    /// `text`, `number`, `date` or `choice`.
    pub kind: String,
    pub options: Vec<String>,
}

/// A not-found answer that points to the account a merged account lives on in.
async fn account_or_merged(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Account, Response> {
    match service::account(&state.store, caller, id).await {
        Ok(a) => Ok(a),
        Err(AppError::NotFound(_)) => {
            let merged = state.store.merged_into(id).await.ok().flatten();
            // A merged account's successor is named only if the caller may see it.
            let merged = match merged {
                Some(k) if service::account(&state.store, caller, k).await.is_ok() => Some(k),
                _ => None,
            };
            let body = serde_json::json!({
                "error": "not_found",
                "message": match merged {
                    Some(k) => format!("account was merged into account {k}"),
                    None => "account not found".to_owned(),
                },
                "merged_into": merged,
            });
            Err((StatusCode::NOT_FOUND, Json(body)).into_response())
        }
        Err(e) => Err(e.into_response()),
    }
}

#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", params(AccountListParams),
    responses((status = 200, body = AccountPage), (status = 422, body = ErrorBody)))]
async fn list_accounts(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Query<AccountListParams>,
) -> Result<Json<AccountPage>, AppError> {
    let page = service::list_accounts(&state.store, &caller, params.to_query()?).await?;
    Ok(Json(AccountPage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = AccountInput,
    responses((status = 201, body = Account), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_account(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Response, AppError> {
    let input: AccountInput = body.read(&AccountInput::default())?;
    let account = service::create_account(&state.store, &caller, &input).await?;
    let location = format!("/api/v1/accounts/{}", account.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(account),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}", tag = "accounts",
    responses((status = 200, body = Account), (status = 404, body = ErrorBody)))]
async fn get_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Response {
    match account_or_merged(&state, &caller, id).await {
        Ok(a) => Json(a).into_response(),
        Err(r) => r,
    }
}

/// Changes the fields sent and keeps the rest. The body must carry the `version` the client
/// last saw; a stale version is a 409 and changes nothing.
#[utoipa::path(patch, path = "/api/v1/accounts/{id}", tag = "accounts", request_body = AccountInput,
    responses((status = 200, body = Account), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    mut body: JsonObject,
) -> Result<Json<Account>, AppError> {
    let version = body.take_version()?;
    let current = service::account(&state.store, &caller, id).await?;
    let input = body.read(&AccountInput::from(&current.data))?;
    Ok(Json(
        service::update_account(&state.store, &caller, id, version, &input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/accounts/{id}", tag = "accounts", params(VersionParam),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
async fn delete_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(v): Query<VersionParam>,
) -> Result<StatusCode, AppError> {
    service::delete_account(&state.store, &caller, id, required_version(&v)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}/history", tag = "accounts",
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = ErrorBody)))]
async fn account_history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<HistoryEntry>>, AppError> {
    service::account(&state.store, &caller, id).await?;
    Ok(Json(
        state
            .store
            .account_history(id, service::HISTORY_LIMIT)
            .await?,
    ))
}

/// How many of the latest orders a purchase history lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecentParam {
    /// The number of latest orders to list, 0–500 (default 10).
    pub recent: Option<i64>,
}

/// The account's purchases: totals by year (orders, lines, net sales, cost and the sales whose
/// cost is known) and by product group and year, and the latest orders.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/purchases", tag = "purchases", params(RecentParam),
    responses((status = 200, body = PurchaseHistory), (status = 404, body = ErrorBody)))]
async fn account_purchases(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(p): Query<RecentParam>,
) -> Result<Json<PurchaseHistory>, AppError> {
    Ok(Json(
        service::purchase_history(&state.store, &caller, id, p.recent.unwrap_or(10)).await?,
    ))
}

/// How many of the latest records of each kind an activity history lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecentActivitiesParam {
    /// The number of latest deliveries, invoices, service entries, visits and returns to list,
    /// 0–500 each (default 10).
    pub recent: Option<i64>,
}

/// The account's activities: by year, the deliveries, the invoices (how many, the amount
/// invoiced, the average days to pay against the average payment terms, how many were paid late
/// or are unpaid past their due date today, in Finnish time), the hours of service work, the sales
/// visits and the returns (how many, and their value); and the latest records of each kind,
/// newest first. Money is in cents, hours and quantities in thousandths.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/activities", tag = "purchases",
    params(RecentActivitiesParam),
    responses((status = 200, body = ActivityHistory), (status = 404, body = ErrorBody)))]
async fn account_activities(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(p): Query<RecentActivitiesParam>,
) -> Result<Json<ActivityHistory>, AppError> {
    let today = crate::i18n::helsinki_date(chrono::Utc::now());
    Ok(Json(
        service::activity_history(&state.store, &caller, id, p.recent.unwrap_or(10), today).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}/contacts", tag = "contacts",
    responses((status = 200, body = Vec<Contact>), (status = 404, body = ErrorBody)))]
async fn account_contacts(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Contact>>, AppError> {
    service::account(&state.store, &caller, id).await?;
    Ok(Json(state.store.contacts_of(id).await?))
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/contacts", tag = "contacts", request_body = ContactInput,
    responses((status = 201, body = Contact), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn create_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    body: JsonObject,
) -> Result<Response, AppError> {
    let input: ContactInput = body.read(&ContactInput::default())?;
    let contact = service::create_contact(&state.store, &caller, id, &input).await?;
    let location = format!("/api/v1/contacts/{}", contact.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(contact),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactListParams),
    responses((status = 200, body = ContactPage), (status = 422, body = ErrorBody)))]
async fn list_contacts(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Query<ContactListParams>,
) -> Result<Json<ContactPage>, AppError> {
    let page = service::list_contacts(&state.store, &caller, params.to_query()?).await?;
    Ok(Json(ContactPage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts",
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
async fn get_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Contact>, AppError> {
    Ok(Json(service::contact(&state.store, &caller, id).await?))
}

/// Changes the fields sent; the body must carry the `version` the client last saw.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", request_body = ContactInput,
    responses((status = 200, body = Contact), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    mut body: JsonObject,
) -> Result<Json<Contact>, AppError> {
    let version = body.take_version()?;
    let current = service::contact(&state.store, &caller, id).await?;
    let input = body.read(&ContactInput::from(&current.data))?;
    Ok(Json(
        service::update_contact(&state.store, &caller, id, version, &input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/contacts/{id}", tag = "contacts", params(VersionParam),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
async fn delete_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(v): Query<VersionParam>,
) -> Result<StatusCode, AppError> {
    service::delete_contact(&state.store, &caller, id, required_version(&v)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/duplicates", tag = "duplicates",
    responses((status = 200, body = Vec<DuplicateReview>)))]
async fn list_duplicates(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<DuplicateReview>>, AppError> {
    Ok(Json(
        service::duplicate_reviews(&state.store, &caller).await?,
    ))
}

/// Moves every contact and history entry of the merged accounts to the kept one, fills its
/// empty fields from them, and removes them.
#[utoipa::path(post, path = "/api/v1/duplicates/merge", tag = "duplicates", request_body = MergeRequest,
    responses((status = 200, body = Account), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn merge_duplicates(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Json<Account>, AppError> {
    let req: MergeRequest = serde_json::from_value(Value::Object(body.0))
        .map_err(|_| ValidationErrors::single("merge", Problem::WrongType))?;
    Ok(Json(
        service::merge_accounts(&state.store, &caller, req.keep, &req.merge).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/duplicates/dismiss", tag = "duplicates", request_body = DismissRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn dismiss_duplicates(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<StatusCode, AppError> {
    let req: DismissRequest = serde_json::from_value(Value::Object(body.0))
        .map_err(|_| ValidationErrors::single("account_ids", Problem::WrongType))?;
    service::dismiss_duplicates(&state.store, &caller, &req.account_ids).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/custom-fields", tag = "custom fields",
    responses((status = 200, body = Vec<CustomFieldDef>)))]
async fn list_custom_fields(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<CustomFieldDef>>, AppError> {
    caller.require(Action::ReadCustomers)?;
    Ok(Json(state.store.custom_fields().await?))
}

#[utoipa::path(post, path = "/api/v1/custom-fields", tag = "custom fields", request_body = CustomFieldInput,
    responses((status = 201, body = CustomFieldDef), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_custom_field(
    State(state): State<AppState>,
    caller: Caller,
    body: JsonObject,
) -> Result<Response, AppError> {
    caller.require(Action::ManageCustomFields)?;
    let input: CustomFieldInput = body.read(&CustomFieldInput::default())?;
    let def = CustomFieldDef::validate(
        &input.key,
        &input.label,
        &input.kind,
        &input.options.join(","),
    )?;
    service::add_custom_field(&state.store, &caller, &def).await?;
    Ok((StatusCode::CREATED, Json(def)).into_response())
}

#[utoipa::path(delete, path = "/api/v1/custom-fields/{key}", tag = "custom fields",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_custom_field(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
) -> Result<StatusCode, AppError> {
    service::remove_custom_field(&state.store, &caller, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Completes the document: the routes described in the API's other modules, and how a caller
/// signs requests.
struct Completion;

impl utoipa::Modify for Completion {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        };
        doc.merge(users::UsersDoc::openapi());
        doc.merge(imports::ImportsDoc::openapi());
        doc.merge(exports::ExportsDoc::openapi());
        doc.merge(analysis::AnalysisDoc::openapi());
        doc.merge(care::CareDoc::openapi());
        doc.merge(plans::PlansDoc::openapi());
        doc.merge(targets::TargetsDoc::openapi());
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from `arvo token create` or the user's own settings, sent \
                         as `Authorization: Bearer <token>`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "The session cookie of the pages. Requests that change something must also \
                 send the session's CSRF token in the `X-CSRF-Token` header.",
            ))),
        );
        doc.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("session", Vec::<String>::new()),
        ]);
    }
}

/// The audit log, newest first: record changes with their field-level before and after values,
/// sign-ins and failed sign-ins, token use, and changes to users, tokens and settings. Open to
/// roles that may view the audit log (administrators, and managers who see every account).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Query<AuditParams>,
) -> Result<Json<AuditPage>, AppError> {
    audit::require(&caller)?;
    let page = audit::log(&state.store, &caller, &params.to_query()?).await?;
    Ok(Json(AuditPage {
        items: page.items,
        next_cursor: page.next_cursor,
    }))
}

/// The whole filtered audit log as a file to download: CSV with a header row (the default) or a
/// JSON array of entries. The export is itself recorded in the log as `audit.export`.
#[utoipa::path(get, path = "/api/v1/audit/export", tag = "audit", params(AuditExportParams),
    responses(
        (status = 200, description = "The entries, newest first, as an attachment",
            content((String = "text/csv"), (Vec<AuditEntry> = "application/json"))),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn audit_export(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Query<AuditExportParams>,
) -> Result<Response, AppError> {
    audit::require(&caller)?;
    let (query, format) = params.to_query()?;
    audit::export(&state.store, &caller, query, format).await
}

/// The OpenAPI description of the JSON API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Arvo API",
        description = "The customer master of Arvo, a value-driven CRM. Money is in euro cents. \
            Every request is signed with an API token or a session (see the security schemes)."
    ),
    modifiers(&Completion),
    paths(
        list_accounts,
        create_account,
        get_account,
        update_account,
        delete_account,
        account_history,
        account_purchases,
        account_activities,
        account_contacts,
        create_contact,
        list_contacts,
        get_contact,
        update_contact,
        delete_contact,
        list_duplicates,
        merge_duplicates,
        dismiss_duplicates,
        list_custom_fields,
        add_custom_field,
        remove_custom_field,
        audit_log,
        audit_export,
        personal_data::contact_consents,
        personal_data::export_personal_data,
        personal_data::erase_contact,
        personal_data::retention_due,
        personal_data::retention_apply,
        personal_data::get_retention_rule,
        personal_data::put_retention_rule
    ),
    components(schemas(
        Account,
        AccountInput,
        AccountPage,
        AuditEntry,
        AuditPage,
        Contact,
        ContactInput,
        ContactPage,
        CustomFieldDef,
        CustomFieldInput,
        DuplicateReview,
        MergeRequest,
        DismissRequest,
        ErrorBody,
        FieldChange,
        HistoryEntry,
        PurchaseHistory,
        YearTotal,
        GroupTotal,
        OrderSummary,
        ActivityHistory,
        ActivityYear,
        DeliverySummary,
        InvoiceSummary,
        ServiceSummary,
        VisitSummary,
        ReturnSummary,
        ConsentEvent,
        PersonalData,
        AccountRef,
        AuditEntry,
        personal_data::EraseRequest,
        RetentionReport,
        RetentionDue,
        RetentionApply,
        RetentionApplied,
        personal_data::RetentionRuleBody
    ))
)]
pub struct ApiDoc;

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// The API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .merge(users::routes())
        .merge(imports::routes())
        .route("/api/v1/accounts", get(list_accounts).post(create_account))
        .route(
            "/api/v1/accounts/{id}",
            get(get_account)
                .patch(update_account)
                .delete(delete_account),
        )
        .route("/api/v1/accounts/{id}/history", get(account_history))
        .route("/api/v1/accounts/{id}/purchases", get(account_purchases))
        .route("/api/v1/accounts/{id}/activities", get(account_activities))
        .route(
            "/api/v1/accounts/{id}/contacts",
            get(account_contacts).post(create_contact),
        )
        .route("/api/v1/contacts", get(list_contacts))
        .route(
            "/api/v1/contacts/{id}",
            get(get_contact)
                .patch(update_contact)
                .delete(delete_contact),
        )
        .route("/api/v1/duplicates", get(list_duplicates))
        .route("/api/v1/duplicates/merge", post(merge_duplicates))
        .route("/api/v1/duplicates/dismiss", post(dismiss_duplicates))
        .route(
            "/api/v1/custom-fields",
            get(list_custom_fields).post(add_custom_field),
        )
        .route(
            "/api/v1/custom-fields/{key}",
            axum::routing::delete(remove_custom_field),
        )
        .route("/api/v1/audit", get(audit_log))
        .route("/api/v1/audit/export", get(audit_export))
        .merge(personal_data::routes())
        .merge(exports::routes())
        .merge(analysis::routes())
        .merge(care::routes())
        .merge(plans::routes())
        .merge(targets::routes())
}
