//! `/settings/care`: the care models, edited by managers and administrators. One table per
//! model (a segment, or a tier of it) with a row per requirement and a blank row to add one;
//! ticked rows are removed, and a new model is added for a segment and tier. The service checks
//! everything and names each bad field (`models[0].requirements[1].every_days`); a refused form
//! comes back as typed with the errors beside the fields.

use super::forms::{FormData, SelectOption, options};
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::care;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use arvo_core::care::{CareModel, EncounterChannel, EncounterKind, Requirement, ResponsibleRole};
use arvo_core::segments::{Segment, Tier};
use arvo_core::{Action, Problem, ValidationErrors};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// One requirement's row as the form shows it.
pub struct RequirementRow {
    /// The form fields' prefix, e.g. `m0.r1`.
    pub prefix: String,
    pub key: String,
    pub name: String,
    pub every_days: String,
    pub kinds: Vec<SelectOption>,
    pub channels: Vec<SelectOption>,
    pub roles: Vec<SelectOption>,
    pub automated: bool,
    pub blank: bool,
    /// The row's problems in words.
    pub errors: Vec<String>,
}

/// One model's table.
pub struct ModelTable {
    pub n: usize,
    pub title: String,
    pub segment: &'static str,
    pub tier: &'static str,
    pub rows: Vec<RequirementRow>,
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "care_models.html")]
struct ModelsPage {
    t: &'static Texts,
    l: Layout,
    models: Vec<ModelTable>,
    segments: Vec<SelectOption>,
    tiers: Vec<SelectOption>,
    has_errors: bool,
}

/// The codes of chosen values, as [`options`] compares them.
fn codes<T: Copy>(chosen: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    chosen.iter().map(|v| code(*v).to_owned()).collect()
}

fn row(
    lang: Lang,
    prefix: String,
    r: &Requirement,
    blank: bool,
    errors: Vec<String>,
) -> RequirementRow {
    RequirementRow {
        prefix,
        key: r.key.clone(),
        name: r.name.clone(),
        every_days: if blank {
            String::new()
        } else {
            r.every_days.to_string()
        },
        kinds: options(
            EncounterKind::ALL,
            EncounterKind::as_str,
            |k| lang.encounter_kind(k).into(),
            &codes(&r.kinds, EncounterKind::as_str),
        ),
        channels: options(
            EncounterChannel::ALL,
            EncounterChannel::as_str,
            |c| lang.encounter_channel(c).into(),
            &codes(&r.channels, EncounterChannel::as_str),
        ),
        roles: options(
            ResponsibleRole::ALL,
            ResponsibleRole::as_str,
            |x| lang.responsible_role(x).into(),
            &[r.role.as_str().to_owned()],
        ),
        automated: r.automated,
        blank,
        errors,
    }
}

fn blank_requirement() -> Requirement {
    Requirement {
        key: String::new(),
        name: String::new(),
        kinds: Vec::new(),
        channels: Vec::new(),
        every_days: 0,
        role: ResponsibleRole::Owner,
        automated: false,
    }
}

/// The cadences as typed, by model and requirement, for a refused form to show again.
type Typed = std::collections::HashMap<(usize, usize), String>;

/// The tables of `models`, with `errors` (by the service's field names) beside their rows and
/// the cadences as `typed`.
fn tables(
    lang: Lang,
    models: &[CareModel],
    errors: &ValidationErrors,
    typed: &Typed,
) -> Vec<ModelTable> {
    let t = lang.texts();
    // The problems of the fields right under `prefix` (a model's own, or a requirement's).
    let problems = |prefix: &str| -> Vec<String> {
        errors
            .0
            .iter()
            .filter_map(|e| {
                let rest = e.field.strip_prefix(prefix)?.strip_prefix('.')?;
                (!rest.contains('.')).then(|| lang.problem(&field_label(t, rest), &e.problem))
            })
            .collect()
    };
    models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut rows: Vec<RequirementRow> = m
                .requirements
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    let mut row = row(
                        lang,
                        format!("m{i}.r{j}"),
                        r,
                        false,
                        problems(&format!("models[{i}].requirements[{j}]")),
                    );
                    if let Some(text) = typed.get(&(i, j)) {
                        row.every_days.clone_from(text);
                    }
                    row
                })
                .collect();
            rows.push(row(
                lang,
                format!("m{i}.r{}", m.requirements.len()),
                &blank_requirement(),
                true,
                Vec::new(),
            ));
            ModelTable {
                n: i,
                title: match m.tier {
                    Some(tier) => format!("{} · {}", lang.segment(m.segment), lang.tier(tier)),
                    None => lang.segment(m.segment).to_owned(),
                },
                segment: m.segment.as_str(),
                tier: m.tier.map_or("", Tier::as_str),
                rows,
                errors: problems(&format!("models[{i}]")),
            }
        })
        .collect()
}

fn field_label(t: &Texts, field: &str) -> String {
    match field {
        "key" => t.care_req_key,
        "name" => t.care_req_name,
        "every_days" => t.care_req_every,
        "segment" => t.care_model_segment,
        other => other,
    }
    .to_owned()
}

fn page(
    ctx: &Ctx,
    models: &[CareModel],
    errors: &ValidationErrors,
    typed: &Typed,
    notice: Option<String>,
) -> Response {
    let lang = ctx.lang;
    let t = ctx.t();
    let mut l = ctx.layout(t.care_models_title, "care_models");
    l.notice = notice;
    let view = ModelsPage {
        t,
        l,
        models: tables(lang, models, errors, typed),
        segments: options(
            &Segment::ALL,
            Segment::as_str,
            |s| lang.segment(s).into(),
            &[],
        ),
        tiers: options(
            &[Tier::Value, Tier::Growth, Tier::Standard],
            Tier::as_str,
            |x| lang.tier(x).into(),
            &[],
        ),
        has_errors: !errors.is_empty(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &view)
}

/// `GET /settings/care`.
pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(notice): Query<super::accounts::Notice>,
) -> Result<Response, PageError> {
    ctx.caller()?
        .require(Action::ManageCareModels)
        .map_err(|e| ctx.fail(e))?;
    let models = care::models(&state.store).await.map_err(|e| ctx.fail(e))?;
    Ok(page(
        &ctx,
        &models,
        &ValidationErrors::new(),
        &Typed::new(),
        notice.text(ctx.t()),
    ))
}

/// The models as the form typed them: each model's kept rows and its filled blank row; a
/// number that is not one is kept as 0 (which the service refuses by name).
fn read_form(form: &FormData) -> (Vec<CareModel>, ValidationErrors, Typed) {
    let mut models = Vec::new();
    let mut errors = ValidationErrors::new();
    let mut typed = Typed::new();
    for i in 0.. {
        let m = format!("m{i}");
        let Some(segment) = Segment::parse(form.get(&format!("{m}.segment"))) else {
            break;
        };
        if form.get(&format!("{m}.remove")) == "on" {
            continue;
        }
        let tier = Tier::parse(form.get(&format!("{m}.tier")));
        let mut requirements = Vec::new();
        for j in 0.. {
            let r = format!("{m}.r{j}");
            if form.opt(&format!("{r}.present")).is_none() {
                break;
            }
            let key = form.get(&format!("{r}.key")).trim().to_owned();
            let name = form.get(&format!("{r}.name")).trim().to_owned();
            let every = form.get(&format!("{r}.every_days")).trim().to_owned();
            let blank = form.get(&format!("{r}.blank")) == "on";
            if form.get(&format!("{r}.remove")) == "on"
                || (blank && key.is_empty() && name.is_empty() && every.is_empty())
            {
                continue;
            }
            typed.insert((models.len(), requirements.len()), every.clone());
            let every_days = every.parse().unwrap_or(0);
            if every_days == 0 && !every.is_empty() && every.parse::<u32>().is_err() {
                errors.add(
                    format!(
                        "models[{}].requirements[{}].every_days",
                        models.len(),
                        requirements.len()
                    ),
                    Problem::PositiveInteger,
                );
            }
            requirements.push(Requirement {
                key,
                name,
                kinds: form
                    .all(&format!("{r}.kinds"))
                    .iter()
                    .filter_map(|k| EncounterKind::parse(k))
                    .collect(),
                channels: form
                    .all(&format!("{r}.channels"))
                    .iter()
                    .filter_map(|c| EncounterChannel::parse(c))
                    .collect(),
                every_days,
                role: ResponsibleRole::parse(form.get(&format!("{r}.role")))
                    .unwrap_or(ResponsibleRole::Owner),
                automated: form.get(&format!("{r}.automated")) == "on",
            });
        }
        models.push(CareModel {
            segment,
            tier,
            requirements,
        });
    }
    if let Some(segment) = Segment::parse(form.get("new.segment")) {
        models.push(CareModel {
            segment,
            tier: Tier::parse(form.get("new.tier")),
            requirements: Vec::new(),
        });
    }
    (models, errors, typed)
}

/// `POST /settings/care`: saves the models as typed, or shows them again with the errors.
pub async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let (models, mut errors, typed) = read_form(&form);
    let result = if errors.is_empty() {
        care::save_models(&state.store, ctx.caller()?, &models).await
    } else {
        Err(AppError::Validation(ValidationErrors::new()))
    };
    match result {
        Ok(()) => Ok(Redirect::to("/settings/care?notice=saved").into_response()),
        Err(AppError::Validation(found)) => {
            errors.0.extend(found.0);
            Ok(page(&ctx, &models, &errors, &typed, None))
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
