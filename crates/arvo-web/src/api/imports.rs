//! Imports through the JSON API: a file posted as the request body is imported like `arvo
//! import` does, and the report comes back as JSON.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{AppError, ErrorBody};
use crate::i18n::Lang;
use crate::imports::{self, ImportSettings};
use arvo_sheets::{Kind, Mapping};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

/// The largest file the API takes.
const MAX_FILE: usize = 512 * 1024 * 1024;

/// How an import should go.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true` to check and count only.
    pub dry_run: Option<bool>,
    /// `true` to import the good rows even when some are rejected.
    pub skip_invalid: Option<bool>,
    /// A saved mapping's name; without one, columns are mapped from their headers.
    pub mapping: Option<String>,
    /// `fi` or `en`: the language of the rejection messages (default `en`).
    pub lang: Option<String>,
    /// The file's name, for the import log.
    pub file_name: Option<String>,
}

/// A file removed when it goes out of scope.
struct TempFile(std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Imports a CSV or XLSX file sent as the request body. `kind` is `accounts`, `products`,
/// `orders`, `deliveries`, `invoices`, `service_hours`, `visits` or `returns`. The answer is the
/// import's report: what was (or, in a dry run or when rows were rejected, would be) created,
/// changed and left unchanged, and every rejected row with its column and reason. Rejected rows
/// without `skip_invalid` stop the import (422, nothing changed). Administrators, and managers who
/// see every account, may import.
#[utoipa::path(post, path = "/api/v1/imports/{kind}", tag = "imports", params(ImportParams),
    request_body(content = String, content_type = "application/octet-stream", description = "The file"),
    responses((status = 200, description = "The import's report"), (status = 403, body = ErrorBody),
              (status = 422, description = "The report, with the rejected rows; nothing changed")))]
async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Path(kind): Path<String>,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<Response, AppError> {
    imports::require(&caller)?;
    let kind = Kind::parse(&kind)
        .ok_or_else(|| AppError::NotFound(format!("the import kind {kind:?}")))?;
    let mapping = match &p.mapping {
        None => None,
        Some(name) => {
            let (saved, json) = state
                .store
                .mapping_named(name)
                .await?
                .ok_or_else(|| AppError::NotFound(format!("the mapping {name:?}")))?;
            if saved != kind.as_str() {
                return Err(AppError::BadRequest(format!(
                    "the mapping {name:?} is for {saved}, not {}",
                    kind.as_str()
                )));
            }
            Some(Mapping::from_json(&json).map_err(|e| AppError::BadRequest(e.to_string()))?)
        }
    };
    let file = TempFile(std::env::temp_dir().join(format!(
        "arvo-import-{}",
        crate::auth::secrets::random_text(12)
    )));
    std::fs::write(&file.0, &body).map_err(|e| AppError::Unexpected(e.to_string()))?;
    let settings = ImportSettings {
        dry_run: p.dry_run.unwrap_or(false),
        skip_invalid: p.skip_invalid.unwrap_or(false),
        lang: p.lang.as_deref().and_then(Lang::parse).unwrap_or(Lang::En),
        rejected_file: None,
        file_name: Some(p.file_name.clone().unwrap_or_else(|| "api".to_owned())),
    };
    let report = imports::import_file(
        &state.store,
        &caller,
        kind,
        &file.0,
        mapping,
        &settings,
        |_| {},
    )
    .await?;
    let status = if report.outcome.applied || settings.dry_run {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(report)).into_response())
}

/// The OpenAPI description of these routes, merged into the API's document.
#[derive(OpenApi)]
#[openapi(paths(import))]
pub struct ImportsDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/v1/imports/{kind}",
        post(import).layer(DefaultBodyLimit::max(MAX_FILE)),
    )
}
