//! Downloads from the pages: the account list and the contact list as filtered on the page, an
//! account's order lines and activity records, and any whole list (order lines, products,
//! deliveries, invoices, service hours, visits, returns), as CSV or Excel files in the page's
//! language. They are the export service's files; a bad filter in the address, or a list Arvo
//! does not have, is a readable error page.

use super::{Ctx, PageError};
use crate::AppState;
use crate::error::AppError;
use crate::exports::{self, ExportKind, ExportParams};
use axum::extract::{Path, Query, State};
use axum::response::Response;

/// `/accounts/export?format=csv|xlsx` with the account list's filters.
pub async fn accounts(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<ExportParams>,
) -> Result<Response, PageError> {
    download(&ctx, &state, ExportKind::Accounts, &params).await
}

/// `/contacts/export?format=csv|xlsx` with the contact list's filters.
pub async fn contacts(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<ExportParams>,
) -> Result<Response, PageError> {
    download(&ctx, &state, ExportKind::Contacts, &params).await
}

/// `/accounts/{id}/purchases/export?format=csv|xlsx`: the account's order lines.
pub async fn account_orders(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(params): Query<ExportParams>,
) -> Result<Response, PageError> {
    let params = ExportParams {
        account_id: Some(id.to_string()),
        ..params
    };
    download(&ctx, &state, ExportKind::Orders, &params).await
}

/// `/accounts/{id}/activities/{what}/export?format=csv|xlsx`: the account's deliveries,
/// invoices, service hours, visits or returns.
pub async fn account_activities(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, what)): Path<(i64, String)>,
    Query(params): Query<ExportParams>,
) -> Result<Response, PageError> {
    let kind = ExportKind::parse(&what)
        .filter(|k| k.activity().is_some())
        .ok_or_else(|| ctx.fail(AppError::NotFound("list".into())))?;
    let params = ExportParams {
        account_id: Some(id.to_string()),
        ..params
    };
    download(&ctx, &state, kind, &params).await
}

/// `/exports/{what}?format=csv|xlsx` with the list's filters: any list whole, e.g.
/// `/exports/products` or `/exports/invoices?from=1.1.2026`.
pub async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(what): Path<String>,
    Query(params): Query<ExportParams>,
) -> Result<Response, PageError> {
    let kind =
        ExportKind::parse(&what).ok_or_else(|| ctx.fail(AppError::NotFound("list".into())))?;
    download(&ctx, &state, kind, &params).await
}

async fn download(
    ctx: &Ctx,
    state: &AppState,
    kind: ExportKind,
    params: &ExportParams,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    let (request, format, lang) = params
        .to_request(kind)
        .map_err(|e| ctx.fail(AppError::from(e)))?;
    let file = exports::export(
        &state.store,
        caller,
        request,
        format,
        lang.unwrap_or(ctx.lang),
    )
    .await
    .map_err(|e| ctx.fail(e))?;
    Ok(file.into_response())
}
