//! Account pages: the list with search, filters, sorting and paging; the account page (the start
//! of the customer 360 view); the create, edit and delete forms.

use super::analysis::{AnalysisQuery, ValueForms, ValueView};
use super::forms::{
    FormData, Section, SelectOption, account_form_values, account_input, account_sections,
    attach_errors,
};
use super::views::{
    AccountRowView, AccountView, ActivitiesView, ContactView, HistoryView, PurchasesView,
};
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::error::AppError;
use crate::exports::ExportKind;
use crate::i18n::{Lang, Texts};
use crate::service::{self, AccountListParams, HISTORY_LIMIT};
use arvo_core::{AccountStatus, Action, ValidationErrors};
use arvo_store::AccountSort;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::fmt::Write;

/// How many of an account's latest orders its page lists.
const RECENT_ORDERS: i64 = 10;

/// How many of an account's latest records of each activity kind its page lists.
const RECENT_ACTIVITIES: i64 = 10;

/// A whole list to download, as the account list offers them beside its own.
pub struct DownloadView {
    pub label: &'static str,
    pub csv_url: String,
    pub xlsx_url: String,
}

/// The other lists to download from the account list: order lines, products and each activity
/// kind, whole (within the user's scope).
fn more_downloads(lang: Lang) -> Vec<DownloadView> {
    [ExportKind::Orders, ExportKind::Products]
        .into_iter()
        .chain(ExportKind::ACTIVITIES)
        .map(|kind| DownloadView {
            label: kind.sheet_name(lang),
            csv_url: format!("/exports/{}?format=csv", kind.as_str()),
            xlsx_url: format!("/exports/{}?format=xlsx", kind.as_str()),
        })
        .collect()
}

/// A short message after a redirect, e.g. `?notice=saved`.
#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    pub notice: Option<String>,
}

impl Notice {
    pub fn text(&self, t: &'static Texts) -> Option<String> {
        let s = match self.notice.as_deref()? {
            "saved" => t.saved,
            "deleted" => t.deleted,
            "merged" => t.merged_notice,
            "merged_redirect" => t.merged_redirect_notice,
            "dismissed" => t.dismissed_notice,
            "erased" => t.erased_notice,
            "task_done" => t.notice_task_done,
            "task_moved" => t.notice_task_moved,
            "task_added" => t.notice_task_added,
            "accepted" => t.notice_accepted,
            "postponed" => t.notice_postponed,
            "dismissed_suggestion" => t.notice_dismissed,
            "encounter_added" => t.notice_encounter_added,
            "encounter_deleted" => t.notice_encounter_deleted,
            "encounter_updated" => t.notice_encounter_updated,
            "plan_saved" => t.notice_plan_saved,
            "plan_reviewed" => t.notice_plan_reviewed,
            "plan_deleted" => t.notice_plan_deleted,
            "target_saved" => t.notice_target_saved,
            "target_deleted" => t.notice_target_deleted,
            _ => return None,
        };
        Some(s.to_owned())
    }
}

/// A sortable column heading.
pub struct Header {
    pub label: &'static str,
    pub href: Option<String>,
    pub aria_sort: Option<&'static str>,
    pub arrow: &'static str,
    pub numeric: bool,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct ListPage {
    t: &'static Texts,
    l: Layout,
    q: String,
    tag: String,
    sort: &'static str,
    total: i64,
    statuses: Vec<SelectOption>,
    owners: Vec<SelectOption>,
    headers: Vec<Header>,
    rows: Vec<AccountRowView>,
    next_url: Option<String>,
    first_url: Option<String>,
    /// The filtered list as a CSV and as an Excel file.
    csv_url: String,
    xlsx_url: String,
    /// The other lists as files.
    downloads: Vec<DownloadView>,
}

/// The list's address with its filters, in `sort` order, from `cursor`.
fn list_url(p: &AccountListParams, sort: AccountSort, cursor: Option<&str>) -> String {
    let query = filter_query(p, sort, cursor);
    if query.is_empty() {
        "/accounts".to_owned()
    } else {
        format!("/accounts?{query}")
    }
}

/// The address of the list's download in `format` (`csv` or `xlsx`), with the list's filters
/// and order.
fn export_url(p: &AccountListParams, sort: AccountSort, format: &str) -> String {
    let query = filter_query(p, sort, None);
    if query.is_empty() {
        format!("/accounts/export?format={format}")
    } else {
        format!("/accounts/export?format={format}&{query}")
    }
}

/// The filters as a query string, without `?`.
fn filter_query(p: &AccountListParams, sort: AccountSort, cursor: Option<&str>) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (k, v) in [
        ("q", &p.q),
        ("status", &p.status),
        ("owner", &p.owner),
        ("tag", &p.tag),
        ("kind", &p.kind),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            pairs.push((k, v));
        }
    }
    if sort != AccountSort::Name {
        pairs.push(("sort", sort.as_str()));
    }
    if let Some(c) = cursor {
        pairs.push(("cursor", c));
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<AccountListParams>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let lang = ctx.lang;
    // A bad parameter in an address shows the unfiltered list rather than an error page, and
    // the list's downloads are of what is shown.
    let query = params.to_query().unwrap_or_default();
    let unfiltered = AccountListParams::default();
    let shown = if params.to_query().is_ok() {
        &params
    } else {
        &unfiltered
    };
    let page = service::list_accounts(&state.store, ctx.caller()?, query.clone())
        .await
        .map_err(|e| ctx.fail(e))?;
    let total = state
        .store
        .count_accounts()
        .await
        .map_err(|e| ctx.fail(e))?;
    let owners = state
        .store
        .account_owners()
        .await
        .map_err(|e| ctx.fail(e))?;
    let chosen_owner = query.owner.clone().unwrap_or_default();
    let header = |label, asc: Option<AccountSort>, numeric| {
        let (href, aria_sort) = match asc {
            None => (None, None),
            Some(asc) => {
                let desc = asc.reversed();
                let (next, state) = if query.sort == asc {
                    (desc, Some("ascending"))
                } else if query.sort == desc {
                    (asc, Some("descending"))
                } else {
                    (if numeric { desc } else { asc }, None)
                };
                (Some(list_url(&params, next, None)), state)
            }
        };
        let arrow = match aria_sort {
            Some("ascending") => "▲",
            Some(_) => "▼",
            None => "",
        };
        Header {
            label,
            href,
            aria_sort,
            arrow,
            numeric,
        }
    };
    let headers = vec![
        header(t.col_name, Some(AccountSort::Name), false),
        header(t.col_business_id, None, false),
        header(t.col_municipality, None, false),
        header(t.col_status, None, false),
        header(t.col_owner, None, false),
        header(t.col_revenue, Some(AccountSort::Revenue), true),
        header(t.col_updated, Some(AccountSort::Updated), true),
    ];
    let mut l = ctx.layout(t.accounts_title, "accounts");
    l.notice = notice.text(t);
    let chosen_status: Vec<String> = query
        .status
        .map(|s| s.as_str().to_owned())
        .into_iter()
        .collect();
    let view = ListPage {
        t,
        q: query.text.clone().unwrap_or_default(),
        tag: query.tag.clone().unwrap_or_default(),
        sort: query.sort.as_str(),
        total,
        statuses: super::forms::options(
            AccountStatus::ALL,
            AccountStatus::as_str,
            |s| lang.status(s).into(),
            &chosen_status,
        ),
        owners: owners
            .into_iter()
            .map(|o| SelectOption {
                selected: o == chosen_owner,
                value: o.clone(),
                label: o,
            })
            .collect(),
        headers,
        rows: page
            .items
            .iter()
            .map(|a| AccountRowView::new(lang, a))
            .collect(),
        next_url: page
            .next_cursor
            .as_deref()
            .map(|c| list_url(&params, query.sort, Some(c))),
        first_url: query
            .cursor
            .as_ref()
            .map(|_| list_url(&params, query.sort, None)),
        csv_url: export_url(shown, query.sort, "csv"),
        xlsx_url: export_url(shown, query.sort, "xlsx"),
        downloads: more_downloads(lang),
        l,
    };
    Ok(render(StatusCode::OK, &view))
}

#[derive(Template)]
#[template(path = "account.html")]
struct ShowPage {
    t: &'static Texts,
    l: Layout,
    a: AccountView,
    contacts: Vec<ContactView>,
    purchases: PurchasesView,
    activities: ActivitiesView,
    value: ValueView,
    care: super::care::AccountCare,
    /// The account plan's brief, when the account has a plan.
    plan: Option<super::plans::PlanBrief>,
    targets: super::targets::AccountTargets,
    history: Vec<HistoryView>,
}

pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
    Query(q): Query<AnalysisQuery>,
    Query(show): Query<super::care::ShowParam>,
) -> Result<Response, PageError> {
    let notice = notice.text(ctx.t());
    page(
        &ctx,
        &state,
        id,
        q.period.as_deref(),
        show.show.as_deref(),
        &ValueForms::default(),
        notice,
    )
    .await
}

/// The account page, with its forms as typed (and their errors, if any), the value section's
/// figures for `period` and the timeline filtered to `show`.
pub async fn page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    period: Option<&str>,
    show: Option<&str>,
    forms: &ValueForms,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let account = match service::account(&state.store, ctx.caller()?, id).await {
        Ok(a) => a,
        Err(AppError::NotFound(what)) => {
            return match state.store.merged_into(id).await.map_err(|e| ctx.fail(e))? {
                Some(kept) => Ok(
                    Redirect::to(&format!("/accounts/{kept}?notice=merged_redirect"))
                        .into_response(),
                ),
                None => Err(ctx.fail(AppError::NotFound(what))),
            };
        }
        Err(e) => return Err(ctx.fail(e)),
    };
    let lang = ctx.lang;
    let defs = state.store.custom_fields().await.map_err(|e| ctx.fail(e))?;
    let contacts = state.store.contacts_of(id).await.map_err(|e| ctx.fail(e))?;
    let purchases = state
        .store
        .purchase_history(id, RECENT_ORDERS)
        .await
        .map_err(|e| ctx.fail(e))?;
    let today = crate::i18n::helsinki_date(chrono::Utc::now());
    let activities = state
        .store
        .activity_history(id, RECENT_ACTIVITIES, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    // The sections reckon side by side: the value analysis, the plan's and the targets' each
    // on a blocking thread of their own. Their joint state is large, so it lives on the heap.
    let caller = ctx.caller()?;
    let (value, care, plan, targets) = Box::pin(async {
        tokio::try_join!(
            super::analysis::account_value(ctx, state, id, period, forms),
            super::care::account_care(ctx, state, id, show, forms),
            async {
                crate::plans::plan(&state.store, caller, id, today)
                    .await
                    .map_err(|e| ctx.fail(e))
            },
            super::targets::account_targets(ctx, state, id, forms),
        )
    })
    .await?;
    let plan = plan.map(|r| super::plans::brief(lang, &r, today));
    let history = state
        .store
        .account_history(id, HISTORY_LIMIT)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut l = ctx.layout(&account.data.name, "accounts");
    l.notice = notice;
    let page = ShowPage {
        t: ctx.t(),
        l,
        a: AccountView::new(lang, &account, &defs),
        contacts: contacts
            .iter()
            .map(|c| ContactView::new(lang, c, &account.data.name))
            .collect(),
        purchases: PurchasesView::new(lang, &purchases, chrono::Utc::now().date_naive()),
        activities: ActivitiesView::new(lang, &activities, today),
        value,
        care,
        plan,
        targets,
        history: history.iter().map(|h| HistoryView::new(lang, h)).collect(),
    };
    let status = if forms.has_errors() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &page))
}

/// The create and edit forms of accounts and contacts.
#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub t: &'static Texts,
    pub l: Layout,
    pub heading: String,
    pub form_id: &'static str,
    pub action: String,
    pub version: Option<i64>,
    pub cancel_url: String,
    pub back_label: String,
    pub sections: Vec<Section>,
    pub has_errors: bool,
    pub conflict: bool,
}

impl FormPage {
    pub fn respond(self) -> Response {
        let status = if self.conflict {
            StatusCode::CONFLICT
        } else if self.has_errors {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        render(status, &self)
    }
}

struct AccountForm<'a> {
    heading: &'a str,
    action: String,
    version: Option<i64>,
    cancel_url: String,
}

async fn account_form_page(
    ctx: &Ctx,
    state: &AppState,
    form: &FormData,
    errors: &ValidationErrors,
    spec: AccountForm<'_>,
    conflict: bool,
) -> Result<Response, PageError> {
    let defs = state.store.custom_fields().await.map_err(|e| ctx.fail(e))?;
    let mut sections = account_sections(ctx.lang, form, &defs);
    attach_errors(ctx.lang, &mut sections, errors);
    let t = ctx.t();
    Ok(FormPage {
        t,
        l: ctx.layout(spec.heading, "accounts"),
        heading: spec.heading.to_owned(),
        form_id: "account-form",
        action: spec.action,
        version: spec.version,
        back_label: t.nav_accounts.to_owned(),
        cancel_url: spec.cancel_url,
        sections,
        has_errors: !errors.is_empty(),
        conflict,
    }
    .respond())
}

fn new_spec(t: &'static Texts) -> AccountForm<'static> {
    AccountForm {
        heading: t.new_account,
        action: "/accounts".into(),
        version: None,
        cancel_url: "/accounts".into(),
    }
}

pub async fn new_form(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    ctx.allowed(Action::EditCustomers)?;
    let spec = new_spec(ctx.t());
    account_form_page(
        &ctx,
        &state,
        &FormData::default(),
        &ValidationErrors::new(),
        spec,
        false,
    )
    .await
}

pub async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let defs = state.store.custom_fields().await.map_err(|e| ctx.fail(e))?;
    let (input, mut errors) = account_input(&form, &defs);
    if errors.is_empty() {
        match service::create_account(&state.store, ctx.caller()?, &input).await {
            Ok(a) => {
                return Ok(
                    Redirect::to(&format!("/accounts/{}?notice=saved", a.id)).into_response()
                );
            }
            Err(AppError::Validation(v)) => errors = v,
            Err(e) => return Err(ctx.fail(e)),
        }
    } else if let Err(v) = input.validate(&defs) {
        errors.0.extend(v.0);
    }
    account_form_page(&ctx, &state, &form, &errors, new_spec(ctx.t()), false).await
}

fn edit_spec(t: &'static Texts, id: i64, version: i64) -> AccountForm<'static> {
    AccountForm {
        heading: t.edit_account,
        action: format!("/accounts/{id}"),
        version: Some(version),
        cancel_url: format!("/accounts/{id}"),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let account = service::account(&state.store, ctx.allowed(Action::EditCustomers)?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let defs = state.store.custom_fields().await.map_err(|e| ctx.fail(e))?;
    let form = account_form_values(ctx.lang, &account.data, &defs);
    let spec = edit_spec(ctx.t(), id, account.version);
    account_form_page(&ctx, &state, &form, &ValidationErrors::new(), spec, false).await
}

pub async fn update(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let version = form
        .version()
        .ok_or_else(|| ctx.fail(super::forms::missing_version()))?;
    let defs = state.store.custom_fields().await.map_err(|e| ctx.fail(e))?;
    let (input, mut errors) = account_input(&form, &defs);
    let mut shown_version = version;
    let mut conflict = false;
    if errors.is_empty() {
        match service::update_account(&state.store, ctx.caller()?, id, version, &input).await {
            Ok(a) => {
                return Ok(
                    Redirect::to(&format!("/accounts/{}?notice=saved", a.id)).into_response()
                );
            }
            Err(AppError::Validation(v)) => errors = v,
            Err(AppError::Conflict {
                current_version, ..
            }) => {
                conflict = true;
                shown_version = current_version;
            }
            Err(e) => return Err(ctx.fail(e)),
        }
    } else if let Err(v) = input.validate(&defs) {
        errors.0.extend(v.0);
    }
    let spec = edit_spec(ctx.t(), id, shown_version);
    account_form_page(&ctx, &state, &form, &errors, spec, conflict).await
}

/// The confirmation page before a deletion or an erasure.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub t: &'static Texts,
    pub l: Layout,
    pub heading: String,
    pub message: String,
    pub action: String,
    pub version: i64,
    pub cancel_url: String,
    /// The confirming button's label.
    pub button: &'static str,
}

pub async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let account = service::account(&state.store, ctx.allowed(Action::DeleteCustomers)?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let t = ctx.t();
    let page = ConfirmPage {
        t,
        l: ctx.layout(t.delete_account, "accounts"),
        heading: format!("{}: {}", t.delete_account, account.data.name),
        message: t.delete_account_confirm.to_owned(),
        action: format!("/accounts/{id}/delete"),
        version: account.version,
        cancel_url: format!("/accounts/{id}"),
        button: t.delete,
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let version = FormData(fields)
        .version()
        .ok_or_else(|| ctx.fail(super::forms::missing_version()))?;
    match service::delete_account(&state.store, ctx.caller()?, id, version).await {
        Ok(()) => Ok(Redirect::to("/accounts?notice=deleted").into_response()),
        Err(AppError::Conflict { .. }) => {
            Ok(Redirect::to(&format!("/accounts/{id}/delete")).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
