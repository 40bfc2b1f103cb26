//! Exports in the JSON API: the accounts, the contacts, the order lines, the products or the
//! activity records the caller may see, as a CSV or XLSX file to download, with the filters of
//! their lists.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, ErrorBody};
use crate::exports::{self, ExportKind, ExportParams};
use crate::i18n::Lang;
use arvo_core::{Problem, ValidationErrors};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use utoipa::OpenApi;

/// A list as a file to download (`Content-Disposition: attachment`): `accounts` with the account
/// list's filters and order, `contacts` with the contact list's filters, `orders` (one row per
/// order line with its order, customer and product), `products`, or the activity records
/// `deliveries`, `invoices`, `service-hours`, `visits` or `returns` (each with its customer, and
/// the order and product it names). Order lines and activities may be one account's
/// (`account_id`) or a period's (`from`, `to`, by the record's own date). Every file but the
/// account and contact lists is in the format `arvo import` reads back for its kind. Headers,
/// separators, numbers and dates follow the language. The rows are exactly those the caller may
/// see, and the export is recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/exports/{what}", tag = "exports",
    params(("what" = String, Path, description = "`accounts`, `contacts`, `orders`, `products`, \
        `deliveries`, `invoices`, `service-hours`, `visits` or `returns`"), ExportParams),
    responses(
        (status = 200, description = "The file, as an attachment",
            content((String = "text/csv"),
                    (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(what): Path<String>,
    Query(params): Query<ExportParams>,
) -> Result<Response, AppError> {
    let kind = ExportKind::parse(&what).ok_or_else(|| {
        ValidationErrors::single(
            "what",
            Problem::Choice {
                allowed: ExportKind::ALL
                    .iter()
                    .map(|k| k.as_str().to_owned())
                    .collect(),
            },
        )
    })?;
    let (request, format, lang) = params.to_request(kind)?;
    let lang = lang.unwrap_or_else(|| Lang::parse(&caller.user.language).unwrap_or_default());
    let file = exports::export(&state.store, &caller, request, format, lang).await?;
    Ok(file.into_response())
}

/// The OpenAPI description of these routes, merged into the API's document.
#[derive(OpenApi)]
#[openapi(paths(export))]
pub struct ExportsDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/exports/{what}", get(export))
}
