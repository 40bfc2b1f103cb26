//! Contact pages: the contact list and the forms to add, edit and delete a contact.

use super::accounts::{ConfirmPage, FormPage, Notice, encode};
use super::forms::{
    FormData, SelectOption, attach_errors, contact_form_values, contact_input, contact_sections,
    options,
};
use super::views::ContactView;
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::service::{self, ContactListParams};
use arvo_core::{Account, Action, BuyingRole, ConsentStatus, ValidationErrors};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::fmt::Write;

#[derive(Template)]
#[template(path = "contacts.html")]
struct ListPage {
    t: &'static Texts,
    l: Layout,
    q: String,
    roles: Vec<SelectOption>,
    consents: Vec<SelectOption>,
    rows: Vec<ContactView>,
    next_url: Option<String>,
    /// The filtered list as a CSV and as an Excel file.
    csv_url: String,
    xlsx_url: String,
}

/// The address of the filtered list's download in `format` (`csv` or `xlsx`).
fn export_url(p: &ContactListParams, format: &str) -> String {
    let mut url = format!("/contacts/export?format={format}");
    for (k, v) in [
        ("q", &p.q),
        ("account_id", &p.account_id),
        ("role", &p.role),
        ("consent", &p.consent),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            let _ = write!(url, "&{k}={}", encode(v));
        }
    }
    url
}

pub async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(params): Query<ContactListParams>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    // A bad parameter in an address shows the unfiltered list rather than an error page.
    let query = params.to_query().unwrap_or_default();
    let shown = if params.to_query().is_ok() {
        params.clone()
    } else {
        ContactListParams::default()
    };
    let page = service::list_contacts(&state.store, ctx.caller()?, query.clone())
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut ids: Vec<i64> = page.items.iter().map(|c| c.account_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = state
        .store
        .account_names(&ids)
        .await
        .map_err(|e| ctx.fail(e))?;
    let next_url = page.next_cursor.as_deref().map(|cursor| {
        let mut parts = vec![format!("cursor={}", encode(cursor))];
        for (k, v) in [
            ("q", &params.q),
            ("role", &params.role),
            ("consent", &params.consent),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        format!("/contacts?{}", parts.join("&"))
    });
    let t = ctx.t();
    let mut l = ctx.layout(t.contacts_title, "contacts");
    l.notice = notice.text(t);
    let chosen_role: Vec<String> = query
        .role
        .map(|r| r.as_str().to_owned())
        .into_iter()
        .collect();
    let chosen_consent: Vec<String> = query
        .consent
        .map(|c| c.as_str().to_owned())
        .into_iter()
        .collect();
    let view = ListPage {
        t,
        l,
        q: query.text.clone().unwrap_or_default(),
        roles: options(
            BuyingRole::ALL,
            BuyingRole::as_str,
            |r| lang.role(r).into(),
            &chosen_role,
        ),
        consents: options(
            ConsentStatus::ALL,
            ConsentStatus::as_str,
            |c| lang.consent(c).into(),
            &chosen_consent,
        ),
        rows: page
            .items
            .iter()
            .map(|c| ContactView::new(lang, c, names.get(&c.account_id).map_or("", String::as_str)))
            .collect(),
        next_url,
        csv_url: export_url(&shown, "csv"),
        xlsx_url: export_url(&shown, "xlsx"),
    };
    Ok(render(StatusCode::OK, &view))
}

struct ContactForm {
    heading: &'static str,
    action: String,
    version: Option<i64>,
}

fn form_page(
    ctx: &Ctx,
    account: &Account,
    form: &FormData,
    errors: &ValidationErrors,
    spec: ContactForm,
    conflict: bool,
) -> Response {
    let mut sections = contact_sections(ctx.lang, form);
    attach_errors(ctx.lang, &mut sections, errors);
    FormPage {
        t: ctx.t(),
        l: ctx.layout(spec.heading, "accounts"),
        heading: format!("{} · {}", spec.heading, account.data.name),
        form_id: "contact-form",
        action: spec.action,
        version: spec.version,
        cancel_url: format!("/accounts/{}", account.id),
        back_label: account.data.name.clone(),
        sections,
        has_errors: !errors.is_empty(),
        conflict,
    }
    .respond()
}

fn new_spec(t: &'static Texts, account_id: i64) -> ContactForm {
    ContactForm {
        heading: t.new_contact,
        action: format!("/accounts/{account_id}/contacts"),
        version: None,
    }
}

pub async fn new_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let account = service::account(&state.store, ctx.allowed(Action::EditCustomers)?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(form_page(
        &ctx,
        &account,
        &FormData::default(),
        &ValidationErrors::new(),
        new_spec(ctx.t(), id),
        false,
    ))
}

pub async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let account = service::account(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let form = FormData(fields);
    match service::create_contact(&state.store, ctx.caller()?, id, &contact_input(&form)).await {
        Ok(_) => Ok(Redirect::to(&format!("/accounts/{id}?notice=saved")).into_response()),
        Err(AppError::Validation(errors)) => Ok(form_page(
            &ctx,
            &account,
            &form,
            &errors,
            new_spec(ctx.t(), id),
            false,
        )),
        Err(e) => Err(ctx.fail(e)),
    }
}

fn edit_spec(t: &'static Texts, id: i64, version: i64) -> ContactForm {
    ContactForm {
        heading: t.edit_contact,
        action: format!("/contacts/{id}"),
        version: Some(version),
    }
}

pub async fn edit_form(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let contact = service::contact_to_edit(&state.store, ctx.allowed(Action::EditCustomers)?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let account = state
        .store
        .account(contact.account_id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let form = contact_form_values(ctx.lang, &contact.data);
    let spec = edit_spec(ctx.t(), id, contact.version);
    Ok(form_page(
        &ctx,
        &account,
        &form,
        &ValidationErrors::new(),
        spec,
        false,
    ))
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
    let contact = service::contact(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let account = state
        .store
        .account(contact.account_id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let t = ctx.t();
    match service::update_contact(
        &state.store,
        ctx.caller()?,
        id,
        version,
        &contact_input(&form),
    )
    .await
    {
        Ok(c) => {
            Ok(Redirect::to(&format!("/accounts/{}?notice=saved", c.account_id)).into_response())
        }
        Err(AppError::Validation(errors)) => Ok(form_page(
            &ctx,
            &account,
            &form,
            &errors,
            edit_spec(t, id, version),
            false,
        )),
        Err(AppError::Conflict {
            current_version, ..
        }) => Ok(form_page(
            &ctx,
            &account,
            &form,
            &ValidationErrors::new(),
            edit_spec(t, id, current_version),
            true,
        )),
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn confirm_delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let contact = service::contact(&state.store, ctx.allowed(Action::EditCustomers)?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let t = ctx.t();
    let page = ConfirmPage {
        t,
        l: ctx.layout(t.delete, "accounts"),
        heading: format!("{}: {}", t.delete, contact.data.full_name()),
        message: t.delete_contact_confirm.to_owned(),
        action: format!("/contacts/{id}/delete"),
        version: contact.version,
        cancel_url: format!("/contacts/{id}"),
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
    let contact = service::contact(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    match service::delete_contact(&state.store, ctx.caller()?, id, version).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/accounts/{}?notice=deleted", contact.account_id))
                .into_response(),
        ),
        Err(AppError::Conflict { .. }) => {
            Ok(Redirect::to(&format!("/contacts/{id}/delete")).into_response())
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
