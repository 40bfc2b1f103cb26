//! Downloads from the pages: the account list and the contact list as filtered on the page, and
//! an account's order lines, as CSV or Excel files in the page's language. They are the export
//! service's files; a bad filter in the address is a readable error page.

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
