//! Contact pages: a contact with its marketing consent history, everything stored about the
//! person (readable, and as a JSON download), and the erasure of its personal data.

use super::accounts::{ConfirmPage, Notice};
use super::forms::FormData;
use super::views::{ConsentView, ContactPageView, Fact, HistoryView, contact_name};
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::personal_data::{self as service, ExportFormat};
use arvo_core::Action;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "contact.html")]
struct ContactPage {
    t: &'static Texts,
    l: Layout,
    c: ContactPageView,
    account_name: String,
    consents: Vec<ConsentView>,
}

pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let contact = crate::service::contact(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let account = state
        .store
        .account(contact.account_id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let consents = service::consents(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let lang = ctx.lang;
    let view = ContactPageView::new(lang, &contact);
    let mut l = ctx.layout(&view.name, "contacts");
    l.notice = notice.text(ctx.t());
    let page = ContactPage {
        t: ctx.t(),
        l,
        c: view,
        account_name: account.data.name,
        consents: consents.iter().map(|e| ConsentView::new(lang, e)).collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// One audit log entry about the person.
struct AuditView {
    at: String,
    event: String,
    actor: String,
}

#[derive(Template)]
#[template(path = "personal_data.html")]
struct ExportPage {
    t: &'static Texts,
    l: Layout,
    c: ContactPageView,
    exported_at: String,
    account: Vec<Fact>,
    account_id: i64,
    consents: Vec<ConsentView>,
    history: Vec<HistoryView>,
    audit: Vec<AuditView>,
}

pub async fn export_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let data = service::export(&state.store, ctx.caller()?, id, ExportFormat::Page)
        .await
        .map_err(|e| ctx.fail(e))?;
    let (t, lang) = (ctx.t(), ctx.lang);
    let c = ContactPageView::new(lang, &data.contact);
    let fact = |label: &str, value: String| Fact {
        label: label.to_owned(),
        value,
        link: false,
    };
    let mut account = vec![
        fact(t.f_name, data.account.name.clone()),
        fact(t.f_account_number, data.account.id.to_string()),
    ];
    if let Some(b) = &data.account.business_id {
        account.push(fact(t.f_business_id, b.clone()));
    }
    let page = ExportPage {
        t,
        l: ctx.layout(&format!("{} · {}", t.personal_data, c.name), "contacts"),
        exported_at: lang.time(data.exported_at),
        account,
        account_id: data.account.id,
        consents: data
            .consents
            .iter()
            .map(|e| ConsentView::new(lang, e))
            .collect(),
        history: data
            .history
            .iter()
            .rev()
            .map(|h| HistoryView::new(lang, h))
            .collect(),
        audit: data
            .audit
            .iter()
            .rev()
            .map(|e| AuditView {
                at: lang.time(e.at),
                event: lang.event(&e.kind),
                actor: e.actor.clone(),
            })
            .collect(),
        c,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The same export as the API's, as a file to save.
pub async fn download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let data = service::export(&state.store, ctx.caller()?, id, ExportFormat::Json)
        .await
        .map_err(|e| ctx.fail(e))?;
    let body = serde_json::to_vec_pretty(&data)
        .map_err(|e| ctx.fail(AppError::Unexpected(e.to_string())))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"arvo-contact-{id}.json\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

pub async fn confirm_erase(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let caller = ctx.allowed(Action::ManagePersonalData)?;
    let contact = crate::service::contact(&state.store, caller, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    if contact.erased_at.is_some() {
        return Err(ctx.fail(AppError::Erased));
    }
    let t = ctx.t();
    let page = ConfirmPage {
        t,
        l: ctx.layout(t.erase, "contacts"),
        heading: format!("{}: {}", t.erase, contact_name(ctx.lang, &contact)),
        message: t.erase_confirm.to_owned(),
        action: format!("/contacts/{id}/erase"),
        version: contact.version,
        cancel_url: format!("/contacts/{id}"),
        button: t.erase,
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn erase(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let version = FormData(fields)
        .version()
        .ok_or_else(|| ctx.fail(super::forms::missing_version()))?;
    match service::erase(&state.store, ctx.caller()?, id, Some(version)).await {
        Ok(_) => Ok(Redirect::to(&format!("/contacts/{id}?notice=erased")).into_response()),
        Err(AppError::Conflict { .. }) => {
            Ok(Redirect::to(&format!("/contacts/{id}/erase")).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
