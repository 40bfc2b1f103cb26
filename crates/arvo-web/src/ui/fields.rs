//! The organisation's custom fields: list, add and remove.

use super::forms::{FieldView, FormData, Section, SelectOption, attach_errors};
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Texts;
use crate::service;
use arvo_core::{CustomFieldDef, CustomFieldKind, ValidationErrors};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

struct FieldRow {
    key: String,
    label: String,
    kind: &'static str,
    options: String,
}

#[derive(Template)]
#[template(path = "fields.html")]
struct FieldsPage {
    t: &'static Texts,
    l: Layout,
    fields: Vec<FieldRow>,
    inputs: Vec<FieldView>,
    has_errors: bool,
}

fn kind_label(t: &'static Texts, k: CustomFieldKind) -> &'static str {
    match k {
        CustomFieldKind::Text => t.kind_text,
        CustomFieldKind::Number => t.kind_number,
        CustomFieldKind::Date => t.kind_date,
        CustomFieldKind::Choice => t.kind_choice,
    }
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    form: &FormData,
    errors: &ValidationErrors,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let defs = state.store.custom_fields().await.map_err(|e| ctx.fail(e))?;
    let kind = if form.get("kind").is_empty() {
        "text"
    } else {
        form.get("kind")
    };
    let kinds = CustomFieldKind::ALL
        .iter()
        .map(|k| SelectOption {
            value: k.as_str().into(),
            label: kind_label(t, *k).into(),
            selected: k.as_str() == kind,
        })
        .collect();
    let mut sections = vec![Section {
        title: t.add_field.into(),
        fields: vec![
            FieldView::text("label", t.field_label, form),
            FieldView::text("key", t.field_key, form),
            FieldView::select("kind", t.field_kind, kinds),
            FieldView::text("options", t.field_options, form),
        ],
    }];
    attach_errors(ctx.lang, &mut sections, errors);
    let view = FieldsPage {
        t,
        l: ctx.layout(t.fields_title, "fields"),
        fields: defs
            .into_iter()
            .map(|d| FieldRow {
                kind: kind_label(t, d.kind),
                options: d.options.join(", "),
                key: d.key,
                label: d.label,
            })
            .collect(),
        inputs: sections.remove(0).fields,
        has_errors: !errors.is_empty(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &view))
}

pub async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    page(&ctx, &state, &FormData::default(), &ValidationErrors::new()).await
}

pub async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let result = match CustomFieldDef::validate(
        form.get("key"),
        form.get("label"),
        form.get("kind"),
        form.get("options"),
    ) {
        Ok(def) => service::add_custom_field(&state.store, ctx.caller()?, &def).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/settings/fields").into_response()),
        Err(AppError::Validation(errors)) => page(&ctx, &state, &form, &errors).await,
        Err(e) => Err(ctx.fail(e)),
    }
}

pub async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    service::remove_custom_field(&state.store, ctx.caller()?, &key)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to("/settings/fields").into_response())
}
