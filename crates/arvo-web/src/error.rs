//! The API's error type: every failure maps to a status code and a stable JSON body
//! `{"error": kind, "message": ..., "fields": [...]}`. Causes are logged; SQL text and internals
//! never reach the client.

use arvo_core::{Problem, ValidationErrors};
use arvo_store::StoreError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A failed API request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("invalid input")]
    Validation(ValidationErrors),
    #[error("{message}")]
    Conflict {
        message: String,
        current_version: i64,
    },
    #[error("{0}")]
    BadRequest(String),
    /// A change or erasure of a contact whose personal data was already erased.
    #[error("the contact's personal data has been erased")]
    Erased,
    /// No valid session or token.
    #[error("sign in or send an API token")]
    Unauthorized,
    /// Signed in, but the role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// A state-changing request of a session without the session's CSRF token.
    #[error("the request did not carry the session's CSRF token")]
    CsrfRejected,
    #[error("unexpected error")]
    Unexpected(String),
}

/// One bad field in an error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    /// A machine-readable code such as `required` or `business_id_check_digit`.
    pub code: String,
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// `not_found`, `validation`, `conflict`, `erased` (the contact's personal data was erased
    /// and it can no longer be changed), `bad_request`, `unauthorized`, `forbidden` or
    /// `unexpected`.
    pub error: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Self::NotFound(what.to_owned()),
            StoreError::Conflict { current_version } => Self::Conflict {
                message: StoreError::Conflict { current_version }.to_string(),
                current_version,
            },
            StoreError::Validation(v) => Self::Validation(v),
            StoreError::Erased => Self::Erased,
            other => {
                tracing::error!(error = ?other, "storage failed");
                Self::Unexpected(other.to_string())
            }
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(v: ValidationErrors) -> Self {
        Self::Validation(v)
    }
}

fn code_of(p: &Problem) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, error, message, fields, current_version) = match self {
            Self::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!("{what} not found"),
                vec![],
                None,
            ),
            Self::Validation(v) => {
                let fields: Vec<FieldProblem> =
                    v.0.iter()
                        .map(|e| FieldProblem {
                            field: e.field.clone(),
                            code: code_of(&e.problem),
                            message: format!("{} {}", e.field, e.problem.english()),
                        })
                        .collect();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                    format!("invalid input: {v}"),
                    fields,
                    None,
                )
            }
            Self::Conflict {
                message,
                current_version,
            } => (
                StatusCode::CONFLICT,
                "conflict",
                message,
                vec![],
                Some(current_version),
            ),
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m, vec![], None),
            Self::Erased => (
                StatusCode::CONFLICT,
                "erased",
                StoreError::Erased.to_string(),
                vec![],
                None,
            ),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "sign in, or send an API token as `Authorization: Bearer TOKEN`".to_owned(),
                vec![],
                None,
            ),
            Self::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", m, vec![], None),
            Self::CsrfRejected => (
                StatusCode::FORBIDDEN,
                "forbidden",
                format!(
                    "a request made with a session must carry its CSRF token in the {} header",
                    crate::auth::CSRF_HEADER
                ),
                vec![],
                None,
            ),
            Self::Unexpected(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "unexpected",
                "the request could not be handled; nothing was changed".to_owned(),
                vec![],
                None,
            ),
        };
        (
            status,
            Json(ErrorBody {
                error,
                message,
                fields,
                current_version,
            }),
        )
            .into_response()
    }
}
