//! The import page: upload a CSV or XLSX file of customers, products, orders or activities,
//! see first what it would do (the detected format, the column mapping, what would be created,
//! changed and rejected, row by row), then import it. The uploaded file waits under a random
//! name for the confirmation and is removed after it, or after a day.

use super::forms::SelectOption;
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::auth::secrets;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::imports::{self, ImportReport, ImportSettings};
use arvo_sheets::Kind;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::path::PathBuf;

/// The kinds of file the page imports, in the order it offers them.
const KINDS: [Kind; 9] = [
    Kind::Accounts,
    Kind::Contacts,
    Kind::Products,
    Kind::Orders,
    Kind::Deliveries,
    Kind::Invoices,
    Kind::ServiceHours,
    Kind::Visits,
    Kind::Returns,
];

fn kind_label(t: &'static Texts, kind: Kind) -> &'static str {
    match kind {
        Kind::Accounts => t.import_kind_accounts,
        Kind::Contacts => t.section_contacts,
        Kind::Products => t.import_kind_products,
        Kind::Orders => t.import_kind_orders,
        Kind::Deliveries => t.import_kind_deliveries,
        Kind::Invoices => t.import_kind_invoices,
        Kind::ServiceHours => t.import_kind_service_hours,
        Kind::Visits => t.import_kind_visits,
        Kind::Returns => t.import_kind_returns,
    }
}

/// Where uploads wait for their confirmation.
fn upload_dir() -> PathBuf {
    std::env::temp_dir().join("arvo-uploads")
}

/// The waiting upload of this name; `None` for a name the page never gave out.
fn upload_path(token: &str) -> Option<PathBuf> {
    let valid = token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| upload_dir().join(token))
}

/// Removes uploads that waited more than a day.
fn forget_old_uploads() {
    let Ok(entries) = std::fs::read_dir(upload_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 24 * 3600);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

struct LogRow {
    at: String,
    actor: String,
    kind: String,
    file_name: String,
    rows: i64,
    created: i64,
    updated: i64,
    unchanged: i64,
    rejected: i64,
}

struct MappingRow {
    column: String,
    field: String,
}

struct RejectionRow {
    row: u64,
    text: String,
}

/// What a checked or finished import shows.
struct ReportView {
    kind: String,
    file_name: String,
    format: String,
    mapping: Vec<MappingRow>,
    rows_read: u64,
    created: u64,
    updated: u64,
    unchanged: u64,
    rejected: usize,
    rejections: Vec<RejectionRow>,
    more_rejections: usize,
    applied: bool,
    /// The waiting upload, when the report is a check that may be confirmed.
    upload: Option<String>,
    skip_invalid: bool,
}

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    t: &'static Texts,
    l: Layout,
    kinds: Vec<SelectOption>,
    report: Option<ReportView>,
    error: Option<String>,
    log: Vec<LogRow>,
}

/// Rejected rows listed on the page; the rest are counted.
const SHOWN_REJECTIONS: usize = 100;

fn report_view(
    lang: Lang,
    kind: Kind,
    file_name: &str,
    r: &ImportReport,
    upload: Option<String>,
    skip_invalid: bool,
) -> ReportView {
    let t = lang.texts();
    let mapping = r.mapping["columns"]
        .as_array()
        .map(|cols| {
            cols.iter()
                .filter_map(|c| {
                    Some(MappingRow {
                        column: c["header"].as_str()?.to_owned(),
                        field: lang.field(c["field"].as_str()?),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    ReportView {
        kind: kind_label(t, kind).to_owned(),
        file_name: file_name.to_owned(),
        format: r.format.clone(),
        mapping,
        rows_read: r.rows_read,
        created: r.outcome.rows.created,
        updated: r.outcome.rows.updated,
        unchanged: r.outcome.rows.unchanged,
        rejected: r.rejections.len(),
        rejections: r
            .rejections
            .iter()
            .take(SHOWN_REJECTIONS)
            .map(|x| RejectionRow {
                row: x.row,
                text: x.text(),
            })
            .collect(),
        more_rejections: r.rejections.len().saturating_sub(SHOWN_REJECTIONS),
        applied: r.outcome.applied,
        upload,
        skip_invalid,
    }
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    chosen: Kind,
    report: Option<ReportView>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    imports::require(caller).map_err(|e| ctx.fail(e))?;
    let t = ctx.t();
    let log = state
        .store
        .recent_imports(20)
        .await
        .map_err(|e| ctx.fail(e))?
        .into_iter()
        .map(|e| LogRow {
            at: ctx.lang.time(e.at),
            actor: e.actor,
            kind: Kind::parse(&e.kind).map_or(e.kind.clone(), |k| kind_label(t, k).to_owned()),
            file_name: e.file_name,
            rows: e.rows_read,
            created: e.created,
            updated: e.updated,
            unchanged: e.unchanged,
            rejected: e.rejected,
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = ImportsPage {
        t,
        l: ctx.layout(t.imports_title, "imports"),
        kinds: KINDS
            .iter()
            .map(|k| SelectOption {
                value: k.as_str().into(),
                label: kind_label(t, *k).into(),
                selected: *k == chosen,
            })
            .collect(),
        report,
        error,
        log,
    };
    Ok(render(status, &view))
}

pub async fn show(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    page(&ctx, &state, Kind::Orders, None, None).await
}

/// An uploaded file: checked, and kept for its confirmation.
pub async fn upload(
    ctx: Ctx,
    State(state): State<AppState>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?.clone();
    imports::require(&caller).map_err(|e| ctx.fail(e))?;
    let t = ctx.t();
    let mut kind = Kind::Orders;
    let mut skip_invalid = false;
    let mut file: Option<(String, axum::body::Bytes)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ctx.fail(AppError::BadRequest(e.body_text())))?
    {
        match field.name().unwrap_or_default() {
            "kind" => {
                let text = field.text().await.unwrap_or_default();
                kind = Kind::parse(&text).unwrap_or(Kind::Orders);
            }
            "skip_invalid" => skip_invalid = true,
            "file" => {
                let name = field.file_name().unwrap_or("tiedosto").to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| ctx.fail(AppError::BadRequest(e.body_text())))?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return page(&ctx, &state, kind, None, Some(t.import_no_file.to_owned())).await;
    };
    forget_old_uploads();
    let token = secrets::random_text(16);
    let path = upload_dir().join(&token);
    std::fs::create_dir_all(upload_dir())
        .and_then(|()| std::fs::write(&path, &bytes))
        .map_err(|e| ctx.fail(AppError::Unexpected(e.to_string())))?;
    std::fs::write(
        path.with_extension("name"),
        format!("{}\n{file_name}", kind.as_str()),
    )
    .map_err(|e| ctx.fail(AppError::Unexpected(e.to_string())))?;
    let settings = ImportSettings {
        dry_run: true,
        skip_invalid,
        lang: ctx.lang,
        rejected_file: None,
    };
    match imports::import_file(&state.store, &caller, kind, &path, None, &settings).await {
        Ok(report) => {
            let view = report_view(
                ctx.lang,
                kind,
                &file_name,
                &report,
                Some(token),
                skip_invalid,
            );
            page(&ctx, &state, kind, Some(view), None).await
        }
        Err(AppError::BadRequest(message)) => {
            let _ = std::fs::remove_file(&path);
            page(&ctx, &state, kind, None, Some(message)).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// The confirmation of a checked upload: the import itself.
pub async fn apply(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?.clone();
    imports::require(&caller).map_err(|e| ctx.fail(e))?;
    let Some(path) = upload_path(&token).filter(|p| p.exists()) else {
        return Err(ctx.fail(AppError::NotFound("upload".into())));
    };
    let described = std::fs::read_to_string(path.with_extension("name")).unwrap_or_default();
    let (kind, file_name) = described.split_once('\n').unwrap_or(("orders", "tiedosto"));
    let kind = Kind::parse(kind).unwrap_or(Kind::Orders);
    let skip_invalid = fields
        .iter()
        .any(|(k, v)| k == "skip_invalid" && v == "true");
    let settings = ImportSettings {
        dry_run: false,
        skip_invalid,
        lang: ctx.lang,
        rejected_file: None,
    };
    let result = imports::import_file(&state.store, &caller, kind, &path, None, &settings).await;
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("name"));
    let report = result.map_err(|e| ctx.fail(e))?;
    let view = report_view(ctx.lang, kind, file_name, &report, None, skip_invalid);
    page(&ctx, &state, kind, Some(view), None).await
}
