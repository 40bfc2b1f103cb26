//! The audit log page: a filter form (actor, kind, time range) as a plain GET form, the entries
//! newest first with their field-level changes, paging to older entries, and CSV and JSON
//! downloads of the filtered log.

use super::forms::SelectOption;
use super::views::{ChangeView, value_text};
use super::{Ctx, Layout, PageError, encode, render};
use crate::AppState;
use crate::audit::{self, AuditExportParams, AuditParams, RecordNames};
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use arvo_core::ValidationErrors;
use arvo_store::AuditEntry;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

/// One entry as a table row.
struct EntryView {
    at: String,
    /// The moment in RFC 3339, for the `<time>` element.
    at_iso: String,
    actor: String,
    door: String,
    kind: String,
    kind_code: String,
    record: String,
    record_href: Option<String>,
    changes: Vec<ChangeView>,
    address: String,
}

/// A filter field of the form, with the value typed and its error.
struct FilterField {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    t: &'static Texts,
    l: Layout,
    actor: FilterField,
    /// `since` and `until`.
    dates: Vec<FilterField>,
    kinds: Vec<SelectOption>,
    kind_error: Option<String>,
    actors: Vec<String>,
    has_errors: bool,
    rows: Vec<EntryView>,
    older_url: Option<String>,
    newest_url: Option<String>,
    csv_url: String,
    json_url: String,
}

/// The filters of a request as `(name, value)` pairs, leaving out the empty ones.
fn filter_pairs(p: &AuditParams) -> Vec<(&'static str, String)> {
    [
        ("actor", &p.actor),
        ("kind", &p.kind),
        ("since", &p.since),
        ("until", &p.until),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| (k, v.to_owned()))
    })
    .collect()
}

fn url(path: &str, pairs: &[(&str, String)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The kinds the form offers: groups by their first part, and the sign-in events one by one.
fn kind_options(lang: Lang, chosen: &str) -> Vec<SelectOption> {
    let t = lang.texts();
    let mut options: Vec<SelectOption> = [
        ("", t.all.to_owned()),
        ("account", t.audit_kind_account.to_owned()),
        ("contact", t.audit_kind_contact.to_owned()),
        ("login", lang.audit_kind("login")),
        ("login_failed", lang.audit_kind("login_failed")),
        ("login_locked", lang.audit_kind("login_locked")),
        ("logout", lang.audit_kind("logout")),
        ("user", t.audit_kind_user.to_owned()),
        ("team", t.audit_kind_team.to_owned()),
        ("token", t.audit_kind_token.to_owned()),
        ("setting", t.audit_kind_setting.to_owned()),
        ("custom_field", t.audit_kind_custom_field.to_owned()),
        ("audit", t.audit_kind_audit.to_owned()),
        ("export", t.audit_kind_export.to_owned()),
    ]
    .into_iter()
    .map(|(value, label)| SelectOption {
        selected: value == chosen,
        value: value.to_owned(),
        label,
    })
    .collect();
    if !options.iter().any(|o| o.selected) {
        options.push(SelectOption {
            value: chosen.to_owned(),
            label: lang.audit_kind(chosen),
            selected: true,
        });
    }
    options
}

/// What an entry concerns, in words, and where the record can be opened while it still exists.
fn record(lang: Lang, e: &AuditEntry, names: &RecordNames) -> (String, Option<String>) {
    let Some(subject) = e.subject.as_deref() else {
        return (String::new(), None);
    };
    let (entity, id) = subject.split_once(' ').unwrap_or((subject, ""));
    let label = lang.record_kind(entity);
    let number: Option<i64> = id.parse().ok();
    let account = e
        .account_id
        .and_then(|a| names.accounts.get(&a).map(|name| (a, name)));
    match (entity, label) {
        ("account", Some(label)) => {
            let name = e.summary.clone().unwrap_or_else(|| format!("{label} {id}"));
            match account {
                Some((a, current)) => (current.clone(), Some(format!("/accounts/{a}"))),
                None => (name, None),
            }
        }
        ("contact", Some(label)) => {
            let who = e.summary.clone().unwrap_or_else(|| id.to_owned());
            match account {
                Some((a, account_name)) => (
                    format!("{label}: {who} · {account_name}"),
                    Some(format!("/accounts/{a}")),
                ),
                None => (format!("{label}: {who}"), None),
            }
        }
        ("user", Some(label)) => match number.and_then(|n| names.users.get(&n)) {
            Some(name) => (format!("{label}: {name}"), None),
            None => (format!("{label} {id}"), None),
        },
        (_, Some(label)) => (format!("{label}: {id}"), None),
        (_, None) => (subject.to_owned(), None),
    }
}

/// An entry's details as the changes list shows them.
fn changes(lang: Lang, e: &AuditEntry) -> Vec<ChangeView> {
    let created = e.kind.ends_with(".create");
    match &e.details {
        Value::Array(items) => items
            .iter()
            .filter_map(|c| {
                let field = c.get("field")?.as_str()?;
                let before = c.get("before").unwrap_or(&Value::Null);
                let after = c.get("after").unwrap_or(&Value::Null);
                Some(ChangeView {
                    field: lang.field(field),
                    before: if created {
                        String::new()
                    } else {
                        value_text(lang, field, before)
                    },
                    after: value_text(lang, field, after),
                })
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| ChangeView {
                field: lang.field(k),
                before: String::new(),
                after: value_text(lang, k, v),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn entry_view(lang: Lang, e: &AuditEntry, names: &RecordNames) -> EntryView {
    let (record, record_href) = record(lang, e, names);
    EntryView {
        at: lang.moment(e.at),
        at_iso: e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        actor: e.actor.clone(),
        door: lang.door(&e.via),
        kind: lang.audit_kind(&e.kind),
        kind_code: e.kind.clone(),
        record,
        record_href,
        changes: changes(lang, e),
        address: e.address.clone().unwrap_or_default(),
    }
}

/// The audit log page, for those who may read it; others get the "not allowed" page.
pub async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<AuditParams>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    audit::require(caller).map_err(|e| ctx.fail(e))?;
    let t = ctx.t();
    let lang = ctx.lang;
    let result = match params.to_query() {
        Ok(query) => audit::log(&state.store, caller, &query).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    let (page, errors) = match result {
        Ok(page) => (page, ValidationErrors::new()),
        Err(AppError::Validation(errors)) => (
            arvo_store::Page {
                items: Vec::new(),
                next_cursor: None,
            },
            errors,
        ),
        Err(e) => return Err(ctx.fail(e)),
    };
    let names = audit::record_names(&state.store, caller, &page.items)
        .await
        .map_err(|e| ctx.fail(e))?;
    let actors = state
        .store
        .users()
        .await
        .map_err(|e| ctx.fail(e))?
        .into_iter()
        .map(|u| u.name)
        .collect();
    let filters = filter_pairs(&params);
    let with = |extra: (&'static str, String)| {
        let mut pairs = vec![extra];
        pairs.extend(filters.iter().cloned());
        pairs
    };
    let error = |field: &str, label: &str| errors.get(field).map(|p| lang.problem(label, p));
    let field =
        |name: &'static str, label: &'static str, hint: &'static str, value: &Option<String>| {
            FilterField {
                name,
                label,
                hint,
                value: value.clone().unwrap_or_default(),
                error: error(name, label),
            }
        };
    let view = AuditPage {
        t,
        l: ctx.layout(t.audit_title, "audit"),
        actor: field("actor", t.audit_actor, t.audit_actor_hint, &params.actor),
        dates: vec![
            field("since", t.audit_since, t.audit_date_hint, &params.since),
            field("until", t.audit_until, t.audit_date_hint, &params.until),
        ],
        kinds: kind_options(lang, params.kind.as_deref().unwrap_or_default().trim()),
        kind_error: error("kind", t.audit_kind),
        actors,
        has_errors: !errors.is_empty(),
        rows: page
            .items
            .iter()
            .map(|e| entry_view(lang, e, &names))
            .collect(),
        older_url: page
            .next_cursor
            .map(|c| url("/audit", &[filters.clone(), vec![("cursor", c)]].concat())),
        newest_url: params
            .cursor
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|_| url("/audit", &filters)),
        csv_url: url("/audit/export", &with(("format", "csv".to_owned()))),
        json_url: url("/audit/export", &with(("format", "json".to_owned()))),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &view))
}

/// The filtered audit log as a CSV or JSON download.
pub async fn export(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<AuditExportParams>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    audit::require(caller).map_err(|e| ctx.fail(e))?;
    let (query, format) = params.to_query().map_err(|e| ctx.fail(e))?;
    audit::export(&state.store, caller, query, format)
        .await
        .map_err(|e| ctx.fail(e))
}
