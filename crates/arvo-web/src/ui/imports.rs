//! The import pages. `/imports` takes a CSV or XLSX file of customers, contacts, products,
//! orders or activities and lists the latest imports. The upload's own page `/imports/{token}`
//! first checks the file in the background, with its progress, and then shows what the import
//! would do: the detected format, each column with its first values and the field it is read
//! into (editable, and savable by name for later imports), what would be created, changed and
//! rejected, row by row, with the rejected rows to download. Importing runs in the background
//! in the same way, and the page ends with what was done.

use super::forms::{FormData, SelectOption};
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::auth::Caller;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::imports::{self, ImportReport};
use crate::uploads::{self, Run, Upload};
use arvo_sheets::{ColumnMapping, Kind, Mapping};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

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

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    t: &'static Texts,
    l: Layout,
    kinds: Vec<SelectOption>,
    error: Option<String>,
    log: Vec<LogRow>,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    chosen: Kind,
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
        error,
        log,
    };
    Ok(render(status, &view))
}

pub async fn show(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    page(&ctx, &state, Kind::Orders, None).await
}

/// An uploaded file: kept, its check started, and its page next.
pub async fn upload(
    ctx: Ctx,
    State(state): State<AppState>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?.clone();
    imports::require(&caller).map_err(|e| ctx.fail(e))?;
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
        return page(&ctx, &state, kind, Some(ctx.t().import_no_file.to_owned())).await;
    };
    let upload = Upload {
        owner: caller.user.id,
        kind,
        file_name,
        mapping: None,
        skip_invalid,
        applied: false,
    };
    let token = state
        .uploads
        .keep(&upload, &bytes)
        .map_err(|e| ctx.fail(e))?;
    state
        .uploads
        .start(&state.store, &caller, &token, &upload, false, ctx.lang)
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!("/imports/{token}")).into_response())
}

/// The caller and the upload of `token`, when the caller may import and is the one who sent it.
fn own_upload(ctx: &Ctx, state: &AppState, token: &str) -> Result<(Caller, Upload), PageError> {
    let caller = ctx.caller()?.clone();
    imports::require(&caller).map_err(|e| ctx.fail(e))?;
    let upload = state.uploads.get(token, &caller).map_err(|e| ctx.fail(e))?;
    Ok((caller, upload))
}

/// One column of the file as the mapping editor shows it.
struct ColumnView {
    index: usize,
    header: String,
    samples: String,
    fields: Vec<SelectOption>,
}

struct RejectionRow {
    row: u64,
    text: String,
}

/// What a finished check or import shows.
struct ReportView {
    rows_read: String,
    created: String,
    updated: String,
    unchanged: String,
    orders_created: Option<String>,
    rejected: String,
    any_rejected: bool,
    rejections: Vec<RejectionRow>,
    more_rejections: String,
    any_more_rejections: bool,
    applied: bool,
}

/// Where an upload is: being read, checked (or refused), or imported.
enum Stage {
    Running {
        applying: bool,
        percent: u32,
        rows: String,
        saving: bool,
    },
    Checked {
        report: ReportView,
    },
    Refused {
        message: String,
    },
    Imported {
        report: Option<ReportView>,
    },
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    t: &'static Texts,
    l: Layout,
    token: String,
    kind: String,
    file_name: String,
    format: String,
    stage: Stage,
    columns: Vec<ColumnView>,
    saved_mappings: Vec<String>,
    skip_invalid: bool,
    has_rejected_file: bool,
}

impl ImportPage {
    fn running(&self) -> bool {
        matches!(self.stage, Stage::Running { .. })
    }

    /// Whether the mapping may still be changed: the file is not being read nor imported.
    fn editable(&self) -> bool {
        matches!(self.stage, Stage::Checked { .. } | Stage::Refused { .. })
    }
}

fn report_view(lang: Lang, kind: Kind, r: &ImportReport, rejected: usize) -> ReportView {
    ReportView {
        rows_read: lang.count(r.rows_read),
        created: lang.count(r.outcome.rows.created),
        updated: lang.count(r.outcome.rows.updated),
        unchanged: lang.count(r.outcome.rows.unchanged),
        orders_created: (kind == Kind::Orders).then(|| lang.count(r.outcome.orders_created)),
        rejected: lang.count(rejected as u64),
        any_rejected: rejected > 0,
        rejections: r
            .rejections
            .iter()
            .map(|x| RejectionRow {
                row: x.row,
                text: x.text(),
            })
            .collect(),
        more_rejections: lang.count(rejected.saturating_sub(r.rejections.len()) as u64),
        any_more_rejections: rejected > r.rejections.len(),
        applied: r.outcome.applied,
    }
}

fn field_label(lang: Lang, spec: &arvo_sheets::FieldSpec) -> String {
    let label = match lang {
        Lang::Fi => spec.label_fi,
        Lang::En => spec.label_en,
    };
    if spec.required {
        format!("{label} *")
    } else {
        label.to_owned()
    }
}

/// The editor's columns: each of the file's columns with its first values and a choice of
/// the fields it may be read into, the mapped one chosen.
fn column_views(
    lang: Lang,
    kind: Kind,
    preview: &uploads::Preview,
    mapping: &Mapping,
) -> Vec<ColumnView> {
    let t = lang.texts();
    preview
        .header
        .iter()
        .enumerate()
        .map(|(index, header)| {
            let mapped = mapping
                .columns
                .get(index)
                .filter(|c| &c.header == header)
                .map_or_else(|| mapping.field_of(header), |c| c.field.as_deref());
            let mut fields = vec![SelectOption {
                value: String::new(),
                label: t.import_not_imported.to_owned(),
                selected: mapped.is_none(),
            }];
            fields.extend(kind.fields().iter().map(|spec| SelectOption {
                value: spec.name.to_owned(),
                label: field_label(lang, spec),
                selected: mapped == Some(spec.name),
            }));
            ColumnView {
                index,
                header: header.clone(),
                samples: preview.samples[index]
                    .iter()
                    .filter(|v| !v.is_empty())
                    .map(|v| v.chars().take(40).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" · "),
                fields,
            }
        })
        .collect()
}

#[derive(Deserialize)]
pub struct UploadQuery {
    notice: Option<String>,
}

/// An upload's page: its progress while it is read, then its report and mapping.
pub async fn show_upload(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<UploadQuery>,
) -> Result<Response, PageError> {
    let (caller, upload) = own_upload(&ctx, &state, &token)?;
    let lang = ctx.lang;
    let t = ctx.t();
    let run = match state.uploads.run(&token) {
        Some(run) => Some(run),
        // A server started since the upload came: a file not yet imported is checked again.
        None if !upload.applied => {
            state
                .uploads
                .start(&state.store, &caller, &token, &upload, false, lang)
                .map_err(|e| ctx.fail(e))?;
            state.uploads.run(&token)
        }
        None => None,
    };
    let shown = match run {
        Some(Run::Running { applying, progress }) => Stage::Running {
            applying,
            percent: (progress.fraction * 100.0).floor() as u32,
            rows: lang.count(progress.rows),
            saving: progress.saving,
        },
        Some(Run::Finished {
            result: Err(message),
            ..
        }) => Stage::Refused { message },
        Some(Run::Finished {
            applying,
            result: Ok(report),
            rejected,
        }) => {
            let report = report_view(lang, upload.kind, &report, rejected);
            if applying && report.applied {
                Stage::Imported {
                    report: Some(report),
                }
            } else {
                Stage::Checked { report }
            }
        }
        None => Stage::Imported { report: None },
    };
    let file = state.uploads.file(&token).filter(|p| p.exists());
    let preview = match (&shown, &file) {
        (Stage::Checked { .. } | Stage::Refused { .. }, Some(path)) => {
            uploads::preview(path, upload.kind, upload.mapping.as_ref(), lang).ok()
        }
        _ => None,
    };
    let columns = preview
        .as_ref()
        .map_or_else(Vec::new, |p| column_views(lang, upload.kind, p, &p.mapping));
    let saved_mappings = if preview.is_some() {
        state
            .store
            .mapping_names(upload.kind.as_str())
            .await
            .map_err(|e| ctx.fail(e))?
    } else {
        Vec::new()
    };
    let has_rejected_file = !matches!(shown, Stage::Running { .. })
        && state
            .uploads
            .rejected_file(&token)
            .is_some_and(|p| p.exists());
    let mut l = ctx.layout(t.imports_title, "imports");
    l.notice = match q.notice.as_deref() {
        Some("mapping_saved") => Some(t.import_mapping_saved.to_owned()),
        _ => None,
    };
    let status = if matches!(shown, Stage::Refused { .. }) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = ImportPage {
        t,
        l,
        token,
        kind: kind_label(t, upload.kind).to_owned(),
        file_name: upload.file_name.clone(),
        format: preview.map(|p| p.format).unwrap_or_default(),
        stage: shown,
        columns,
        saved_mappings,
        skip_invalid: upload.skip_invalid,
        has_rejected_file,
    };
    Ok(render(status, &view))
}

/// The mapping chosen in the editor: each column's field, by its position in the header.
fn edited_mapping(kind: Kind, header: &[String], form: &FormData) -> Mapping {
    Mapping {
        kind,
        columns: header
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnMapping {
                header: h.clone(),
                field: form.opt(&format!("field_{i}")),
            })
            .collect(),
    }
}

/// A changed mapping (edited, or a saved one chosen), perhaps saved by name; the file is
/// checked again with it.
pub async fn remap(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (caller, mut upload) = own_upload(&ctx, &state, &token)?;
    let back = Redirect::to(&format!("/imports/{token}")).into_response();
    if upload.applied {
        return Ok(back);
    }
    let form = FormData(fields);
    let t = ctx.t();
    if let Some(name) = form.opt("use_saved") {
        let saved = state
            .store
            .mapping_named(&name)
            .await
            .map_err(|e| ctx.fail(e))?;
        match saved.map(|(_, json)| Mapping::from_json(&json)) {
            Some(Ok(mapping)) if mapping.kind == upload.kind => upload.mapping = Some(mapping),
            _ => {
                state
                    .uploads
                    .refuse(&token, format!("{}: {name}", t.import_mapping_unusable));
                return Ok(back);
            }
        }
    } else {
        let path = state
            .uploads
            .file(&token)
            .ok_or_else(|| ctx.fail(AppError::NotFound("upload".into())))?;
        let preview =
            uploads::preview(&path, upload.kind, None, ctx.lang).map_err(|e| ctx.fail(e))?;
        upload.mapping = Some(edited_mapping(upload.kind, &preview.header, &form));
    }
    upload.skip_invalid = form.get("skip_invalid") == "true";
    state
        .uploads
        .describe(&token, &upload)
        .map_err(|e| ctx.fail(e))?;
    let mut notice = "";
    if let (Some(name), Some(mapping)) = (form.opt("save_as"), &upload.mapping) {
        if let Err(e) = mapping.validate() {
            state
                .uploads
                .refuse(&token, format!("{}: {e}", t.import_mapping_not_saved));
            return Ok(back);
        }
        state
            .store
            .save_mapping(
                &name,
                upload.kind.as_str(),
                &mapping.to_json(),
                &arvo_core::Actor::new(caller.user.name.clone(), "web"),
            )
            .await
            .map_err(|e| ctx.fail(e))?;
        notice = "?notice=mapping_saved";
    }
    state
        .uploads
        .start(&state.store, &caller, &token, &upload, false, ctx.lang)
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!("/imports/{token}{notice}")).into_response())
}

/// The confirmation of a checked upload: the import itself, in the background.
pub async fn apply(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (caller, mut upload) = own_upload(&ctx, &state, &token)?;
    if !upload.applied {
        let form = FormData(fields);
        upload.skip_invalid = form.get("skip_invalid") == "true";
        state
            .uploads
            .describe(&token, &upload)
            .map_err(|e| ctx.fail(e))?;
        state
            .uploads
            .start(&state.store, &caller, &token, &upload, true, ctx.lang)
            .map_err(|e| ctx.fail(e))?;
    }
    Ok(Redirect::to(&format!("/imports/{token}")).into_response())
}

/// The rejected rows of an upload's last run, in the file's own format with the reasons in an
/// extra column, to fix and import again.
pub async fn rejected(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let (_, upload) = own_upload(&ctx, &state, &token)?;
    let path = state
        .uploads
        .rejected_file(&token)
        .filter(|p| p.exists())
        .ok_or_else(|| ctx.fail(AppError::NotFound("rejected rows".into())))?;
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| ctx.fail(AppError::Unexpected(e.to_string())))?;
    let (name, mime) = uploads::rejected_download(&upload, ctx.lang, &path);
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", safe_file_name(&name)),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// A file name fit for a header: letters, digits, `-`, `_` and `.`; anything else becomes `_`.
fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
