//! The audit log as administrators read it: its filters read from query parameters (bad ones
//! named), a page of entries newest first, and the whole filtered log as a CSV or JSON download.
//!
//! Times in the filters are RFC 3339 instants (`2026-11-22T08:00:00Z`) or days (`2026-11-22`,
//! `22.11.2026`) in Finnish time: `since` a day starts at its first moment, `until` a day takes
//! in the whole day. The download is written page by page as it is read, so a long log never sits
//! in memory whole, and the export itself is recorded in the log (`audit.export`) before it
//! starts.
//!
//! The CSV file is UTF-8 with a byte-order mark (so that spreadsheets read the letters right),
//! a header row and one row per entry, with fields quoted as RFC 4180 says. A cell that a
//! spreadsheet would run as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) is written with a `'` in front; the JSON download carries every value exactly.

use crate::auth::Caller;
use crate::error::AppError;
use arvo_core::dates::parse_date;
use arvo_core::{Action, Problem, Scope, ValidationErrors};
use arvo_store::{AuditEntry, AuditQuery, NewAuditEvent, Page, Store};
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// Entries per page when the request names no `limit`.
pub const DEFAULT_LIMIT: u32 = 100;
/// The largest page a request may ask for.
pub const MAX_LIMIT: u32 = 1000;
/// Entries read from the database at a time while a download is written.
const EXPORT_BATCH: u32 = 500;
/// The longest actor or kind a filter accepts.
const FILTER_MAX: usize = 200;

/// The CSV file's columns, in order.
pub const CSV_HEADER: [&str; 10] = [
    "at",
    "actor",
    "via",
    "kind",
    "subject",
    "account_id",
    "record",
    "address",
    "changes",
    "details",
];

/// The audit log's query parameters, as text so that a bad value names its parameter.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// The acting user's name in any case, or the email typed at a failed sign-in.
    pub actor: Option<String>,
    /// A kind (`account.update`, `login_failed`) or its first part (`account`, `user`).
    pub kind: Option<String>,
    /// Entries at or after this moment: RFC 3339, or a day (`2026-11-22` or `22.11.2026`, from its
    /// start in Finnish time).
    pub since: Option<String>,
    /// Entries before this moment: RFC 3339, or a day (`2026-11-22` or `22.11.2026`), which is
    /// then included whole.
    pub until: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Entries per page, 1–1000 (default 100).
    pub limit: Option<String>,
}

/// The export's query parameters: the format and the same filters as the log.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AuditExportParams {
    /// `csv` (default) or `json`.
    pub format: Option<String>,
    /// The acting user's name in any case, or the email typed at a failed sign-in.
    pub actor: Option<String>,
    /// A kind (`account.update`) or its first part (`account`).
    pub kind: Option<String>,
    /// Entries at or after this moment: RFC 3339, `2026-11-22` or `22.11.2026`.
    pub since: Option<String>,
    /// Entries before this moment: RFC 3339, or a day included whole.
    pub until: Option<String>,
}

/// One page of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// Pass as `cursor` to get the next, older page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl ExportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// A moment as a filter gives it: an RFC 3339 instant, or a day in Finnish time, which starts at
/// its first moment, or with `end_of_day` at the first moment of the next day.
pub fn parse_moment(text: &str, end_of_day: bool) -> Result<DateTime<Utc>, Problem> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = parse_date(text)?;
    let day = if end_of_day {
        day.succ_opt().ok_or(Problem::Date)?
    } else {
        day
    };
    Ok(crate::i18n::helsinki_midnight(day))
}

/// Reads the filters every audit request shares into `query`, noting bad ones in `e`.
fn read_filters(
    e: &mut ValidationErrors,
    query: &mut AuditQuery,
    actor: Option<&String>,
    kind: Option<&String>,
    since: Option<&String>,
    until: Option<&String>,
) {
    for (field, value, slot) in [
        ("actor", actor, &mut query.actor),
        ("kind", kind, &mut query.kind),
    ] {
        if let Some(v) = non_empty(value) {
            if v.chars().count() > FILTER_MAX {
                e.add(field, Problem::TooLong { max: FILTER_MAX });
            } else {
                *slot = Some(v.to_owned());
            }
        }
    }
    query.since = non_empty(since).and_then(|s| e.take("since", parse_moment(s, false)));
    query.until = non_empty(until).and_then(|s| e.take("until", parse_moment(s, true)));
}

impl AuditParams {
    pub fn to_query(&self) -> Result<AuditQuery, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let mut query = AuditQuery::default();
        read_filters(
            &mut e,
            &mut query,
            self.actor.as_ref(),
            self.kind.as_ref(),
            self.since.as_ref(),
            self.until.as_ref(),
        );
        query.limit = match non_empty(self.limit.as_ref()) {
            None => DEFAULT_LIMIT,
            Some(l) => match l.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    e.add("limit", Problem::Number);
                    DEFAULT_LIMIT
                }
            },
        };
        query.cursor = non_empty(self.cursor.as_ref()).map(str::to_owned);
        e.into_result(|| query)
    }
}

impl AuditExportParams {
    pub fn to_query(&self) -> Result<(AuditQuery, ExportFormat), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let format = match non_empty(self.format.as_ref()) {
            None | Some("csv") => ExportFormat::Csv,
            Some("json") => ExportFormat::Json,
            Some(_) => {
                e.add(
                    "format",
                    Problem::Choice {
                        allowed: vec!["csv".into(), "json".into()],
                    },
                );
                ExportFormat::Csv
            }
        };
        let mut query = AuditQuery::default();
        read_filters(
            &mut e,
            &mut query,
            self.actor.as_ref(),
            self.kind.as_ref(),
            self.since.as_ref(),
            self.until.as_ref(),
        );
        query.limit = EXPORT_BATCH;
        e.into_result(|| (query, format))
    }
}

/// Whether the caller may read the audit log: their role must allow it, and they must see every
/// account, because the log holds every account's changes.
pub fn allowed(caller: &Caller) -> bool {
    caller.may(Action::ViewAudit) && caller.scope == Scope::All
}

/// `Forbidden` unless the caller may read the audit log.
pub fn require(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::ViewAudit)?;
    if caller.scope == Scope::All {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "the audit log holds every account's changes; it is open to those who see every account"
                .into(),
        ))
    }
}

/// One page of the audit log, for those who may read it.
pub async fn log(
    store: &Store,
    caller: &Caller,
    query: &AuditQuery,
) -> Result<Page<AuditEntry>, AppError> {
    require(caller)?;
    Ok(store.audit_log(query).await?)
}

/// The current names of the records a page of entries concerns, for showing and linking them.
#[derive(Debug, Default)]
pub struct RecordNames {
    /// The accounts that still exist, by id.
    pub accounts: HashMap<i64, String>,
    /// Every user, by id.
    pub users: HashMap<i64, String>,
}

/// The names of the accounts and users that `entries` concern, for those who may read the log.
pub async fn record_names(
    store: &Store,
    caller: &Caller,
    entries: &[AuditEntry],
) -> Result<RecordNames, AppError> {
    require(caller)?;
    let mut ids: Vec<i64> = entries.iter().filter_map(|e| e.account_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let users = if entries
        .iter()
        .any(|e| e.subject.as_deref().is_some_and(|s| s.starts_with("user ")))
    {
        store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    } else {
        HashMap::new()
    };
    Ok(RecordNames {
        accounts: store.account_names(&ids).await?,
        users,
    })
}

/// The filtered audit log as a download, for those who may read it. The export is recorded
/// first, with its format and filters.
pub async fn export(
    store: &Store,
    caller: &Caller,
    query: AuditQuery,
    format: ExportFormat,
) -> Result<Response, AppError> {
    require(caller)?;
    let actor = caller.actor();
    store
        .record_event(&NewAuditEvent {
            kind: "audit.export",
            actor: &actor.name,
            via: &actor.via,
            subject: None,
            details: serde_json::json!({
                "format": format.as_str(),
                "actor": query.actor,
                "kind": query.kind,
                "since": query.since,
                "until": query.until,
            }),
            address: caller.address.as_deref(),
        })
        .await?;
    let (content_type, extension) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        ExportFormat::Json => ("application/json", "json"),
    };
    let filename = format!(
        "arvo-audit-{}.{extension}",
        Utc::now().format("%Y%m%d-%H%M%S")
    );
    let stream = futures_util::stream::unfold(
        Export {
            store: store.clone(),
            query,
            format,
            started: false,
            written: false,
            done: false,
        },
        next_chunk,
    );
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Where a download being written stands.
struct Export {
    store: Store,
    query: AuditQuery,
    format: ExportFormat,
    /// The opening (byte-order mark and header, or `[`) is out.
    started: bool,
    /// At least one entry is out (JSON needs commas between entries).
    written: bool,
    done: bool,
}

/// The next piece of a download: the next batch of entries, with the opening before the first
/// and the closing after the last. A storage failure ends the download early, so the client sees
/// an incomplete transfer rather than a file that looks whole.
async fn next_chunk(mut x: Export) -> Option<(Result<Bytes, std::io::Error>, Export)> {
    if x.done {
        return None;
    }
    let page = match x.store.audit_log(&x.query).await {
        Ok(page) => page,
        Err(e) => {
            tracing::error!(error = ?e, "audit export failed");
            x.done = true;
            return Some((
                Err(std::io::Error::other("the audit log could not be read")),
                x,
            ));
        }
    };
    let mut out = String::new();
    if !x.started {
        x.started = true;
        match x.format {
            ExportFormat::Csv => {
                out.push('\u{feff}');
                out.push_str(&csv_row(CSV_HEADER.iter().map(|h| Cow::Borrowed(*h))));
            }
            ExportFormat::Json => out.push('['),
        }
    }
    for entry in &page.items {
        match x.format {
            ExportFormat::Csv => out.push_str(&csv_entry(entry)),
            ExportFormat::Json => {
                if x.written {
                    out.push(',');
                }
                out.push('\n');
                out.push_str(&serde_json::to_string(entry).unwrap_or_default());
            }
        }
        x.written = true;
    }
    x.query.cursor = page.next_cursor;
    if x.query.cursor.is_none() {
        x.done = true;
        if x.format == ExportFormat::Json {
            out.push_str("\n]\n");
        }
    }
    Some((Ok(Bytes::from(out)), x))
}

/// One CSV row for an entry, in the order of [`CSV_HEADER`].
pub fn csv_entry(e: &AuditEntry) -> String {
    let details = if e.details.is_null() {
        String::new()
    } else {
        e.details.to_string()
    };
    csv_row(
        [
            e.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            e.actor.clone(),
            e.via.clone(),
            e.kind.clone(),
            e.subject.clone().unwrap_or_default(),
            e.account_id.map(|a| a.to_string()).unwrap_or_default(),
            e.summary.clone().unwrap_or_default(),
            e.address.clone().unwrap_or_default(),
            changes_text(&e.details),
            details,
        ]
        .into_iter()
        .map(Cow::Owned),
    )
}

/// Cells joined into one CSV line ending in CRLF.
fn csv_row<'a>(cells: impl Iterator<Item = Cow<'a, str>>) -> String {
    let mut line = cells
        .map(|c| csv_cell(&c).into_owned())
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A cell as CSV writes it: quoted, with its quotes doubled, when it holds a comma, a quote or a
/// line break; with a `'` in front when a spreadsheet would take it for a formula.
pub fn csv_cell(value: &str) -> Cow<'_, str> {
    let value: Cow<'_, str> = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    };
    if value.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        value
    }
}

/// An entry's details as short text: `field: before → after` for each change, `key: value` for
/// other details, separated by `; `.
pub fn changes_text(details: &Value) -> String {
    fn short(v: &Value) -> String {
        match v {
            Value::Null => "–".to_owned(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
    match details {
        Value::Null => String::new(),
        Value::Array(items) => items
            .iter()
            .map(
                |c| match (c.get("field").and_then(Value::as_str), c.get("after")) {
                    (Some(field), Some(after)) => format!(
                        "{field}: {} → {}",
                        short(c.get("before").unwrap_or(&Value::Null)),
                        short(after)
                    ),
                    _ => short(c),
                },
            )
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}: {}", short(v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => short(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn moments_read_as_instants_or_finnish_days() {
        let utc = |d, h| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        assert_eq!(parse_moment("2026-11-22", false), Ok(utc(21, 22)));
        assert_eq!(parse_moment("22.11.2026", false), Ok(utc(21, 22)));
        assert_eq!(parse_moment("22.11.2026", true), Ok(utc(22, 22)));
        assert_eq!(parse_moment("2026-11-22T08:00:00Z", true), Ok(utc(22, 8)));
        assert_eq!(
            parse_moment("2026-11-22T10:00:00+02:00", false),
            Ok(utc(22, 8))
        );
        assert_eq!(parse_moment("eilen", false), Err(Problem::Date));
        assert_eq!(parse_moment("31.2.2026", false), Err(Problem::Date));
    }

    #[test]
    fn bad_parameters_are_named() {
        let params = AuditParams {
            since: Some("huomenna".into()),
            until: Some("2026-13-01".into()),
            limit: Some("5000".into()),
            kind: Some("x".repeat(300)),
            ..AuditParams::default()
        };
        let fields: Vec<String> = params
            .to_query()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["kind", "since", "until", "limit"]);
        let q = AuditParams {
            actor: Some(" Liisa ".into()),
            ..AuditParams::default()
        }
        .to_query()
        .unwrap();
        assert_eq!(
            (q.actor.as_deref(), q.limit),
            (Some("Liisa"), DEFAULT_LIMIT)
        );
        let bad_format = AuditExportParams {
            format: Some("xlsx".into()),
            ..AuditExportParams::default()
        };
        assert_eq!(bad_format.to_query().unwrap_err().0[0].field, "format");
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("Kone Oy"), "Kone Oy");
        assert_eq!(csv_cell("Kone, Oy"), "\"Kone, Oy\"");
        assert_eq!(csv_cell("\"Iso\" Kone"), "\"\"\"Iso\"\" Kone\"");
        assert_eq!(csv_cell("rivi\nrivi"), "\"rivi\nrivi\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-5"), "'-5");
    }

    #[test]
    fn changes_read_as_text() {
        let changes = serde_json::json!([
            {"field": "owner", "before": null, "after": "Liisa"},
            {"field": "tags", "before": ["a"], "after": ["a", "b"]}
        ]);
        assert_eq!(
            changes_text(&changes),
            r#"owner: – → Liisa; tags: ["a"] → ["a","b"]"#
        );
        assert_eq!(
            changes_text(&serde_json::json!({"name": "tests", "prefix": "arvo_ab"})),
            "name: tests; prefix: arvo_ab"
        );
        assert_eq!(changes_text(&Value::Null), "");
    }
}
