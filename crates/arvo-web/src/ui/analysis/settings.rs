//! The analysis settings page (`/settings/analysis`): the cost pools with their yearly costs in
//! euros, drivers and layers (rows added and removed without script), the score model's
//! weights, the key-account rule, the segment thresholds and the grid's bands, each error beside
//! its field; and the refresh that saves the rule's segments.

use super::{AnalysisQuery, decimal_input, period_options, read_decimal, score_text, today};
use crate::AppState;
use crate::analysis::{self as service, Period};
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::ui::accounts::Notice;
use crate::ui::forms::{FormData, SelectOption};
use crate::ui::{Ctx, Layout, PageError, render};
use arvo_core::profitability::{CostLayer, CostPool, Driver};
use arvo_core::scoring::{KeyAccountRule, Source};
use arvo_core::{Action, Money, Problem, ValidationErrors};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// How many empty rows the cost pool form offers for new pools.
const NEW_POOL_ROWS: usize = 3;

/// One row of the cost pool form.
pub struct PoolRow {
    pub index: usize,
    pub name: String,
    pub cost: String,
    pub drivers: Vec<SelectOption>,
    pub layers: Vec<SelectOption>,
    pub remove: bool,
    pub name_error: Option<String>,
    pub cost_error: Option<String>,
    pub driver_error: Option<String>,
    pub layer_error: Option<String>,
}

/// A customer entering or leaving the key accounts in the what-if.
pub struct ChangeRow {
    pub id: i64,
    pub name: String,
    pub score_now: String,
    pub score_then: String,
}

/// One list of the what-if: those entering or those leaving the key accounts.
pub struct ChangeList {
    /// `entering` or `leaving`.
    pub id: &'static str,
    pub caption: &'static str,
    pub rows: Vec<ChangeRow>,
}

/// The what-if of the settings form: who would enter and who would leave the key accounts.
pub struct Preview {
    pub summary: String,
    pub lists: [ChangeList; 2],
}

impl Preview {
    fn new(lang: Lang, w: &service::WhatIf) -> Self {
        let rows = |changes: &[service::KeyAccountChange]| {
            changes
                .iter()
                .map(|c| ChangeRow {
                    id: c.id,
                    name: c.name.clone(),
                    score_now: score_text(lang, c.score_now),
                    score_then: score_text(lang, c.score_then),
                })
                .collect()
        };
        let t = lang.texts();
        Self {
            summary: lang.what_if_summary(w.key_accounts_now, w.key_accounts_then, w.from, w.to),
            lists: [
                ChangeList {
                    id: "entering",
                    caption: t.what_if_entering,
                    rows: rows(&w.entering),
                },
                ChangeList {
                    id: "leaving",
                    caption: t.what_if_leaving,
                    rows: rows(&w.leaving),
                },
            ],
        }
    }
}

/// A criterion's weight in the settings form.
pub struct WeightField {
    pub key: String,
    pub name: String,
    pub source: String,
    pub value: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "analysis_settings.html")]
struct SettingsPage {
    t: &'static Texts,
    l: Layout,
    pools: Vec<PoolRow>,
    pools_have_errors: bool,
    weights: Vec<WeightField>,
    weights_error: Option<String>,
    key_top: bool,
    key_count: String,
    key_score: String,
    key_error: Option<String>,
    current_threshold: String,
    current_threshold_error: Option<String>,
    potential_threshold: String,
    potential_threshold_error: Option<String>,
    bands: Vec<SelectOption>,
    bands_error: Option<String>,
    other_errors: Vec<String>,
    settings_have_errors: bool,
    preview: Option<Preview>,
    /// The periods the what-if may look at, the posted one chosen.
    what_if_periods: Vec<SelectOption>,
    periods: Vec<SelectOption>,
}

/// What was posted to the settings page's forms, and what was wrong with it.
#[derive(Default)]
struct Typed {
    /// `pools` or `settings`.
    which: &'static str,
    form: FormData,
    errors: ValidationErrors,
}

fn pool_rows(lang: Lang, typed: &Typed, stored: &[CostPool]) -> Vec<PoolRow> {
    let t = lang.texts();
    let error = |field: String, label: &str| {
        (typed.which == "pools")
            .then(|| typed.errors.get(&field))
            .flatten()
            .map(|p| lang.problem(label, p))
    };
    let drivers = |chosen: &str| {
        Driver::ALL
            .iter()
            .map(|d| SelectOption {
                value: d.as_str().into(),
                label: lang.driver(*d).into(),
                selected: d.as_str() == chosen,
            })
            .collect()
    };
    let layers = |chosen: &str| {
        CostLayer::ALL
            .iter()
            .map(|x| SelectOption {
                value: x.as_str().into(),
                label: lang.layer(*x).into(),
                selected: x.as_str() == chosen,
            })
            .collect()
    };
    let row =
        |index: usize, name: String, cost: String, driver: &str, layer: &str, remove| PoolRow {
            index,
            name_error: error(format!("pools[{index}].name"), t.pool_name),
            cost_error: error(format!("pools[{index}].cost"), t.pool_cost),
            driver_error: error(format!("pools[{index}].driver"), t.pool_driver),
            layer_error: error(format!("pools[{index}].layer"), t.pool_layer),
            name,
            cost,
            drivers: drivers(driver),
            layers: layers(layer),
            remove,
        };
    if typed.which == "pools" {
        let f = &typed.form;
        (0..posted_rows(f))
            .map(|i| {
                let get = |field: &str| f.get(&format!("pools[{i}].{field}")).to_owned();
                row(
                    i,
                    get("name"),
                    get("cost"),
                    &get("driver"),
                    &get("layer"),
                    !get("remove").is_empty(),
                )
            })
            .collect()
    } else {
        stored
            .iter()
            .enumerate()
            .map(|(i, p)| {
                row(
                    i,
                    p.name.clone(),
                    lang.money_input(Money::from_cents(p.cost_cents)),
                    p.driver.as_str(),
                    p.layer.as_str(),
                    false,
                )
            })
            .chain(
                (stored.len()..stored.len() + NEW_POOL_ROWS)
                    .map(|i| row(i, String::new(), String::new(), "orders", "sales", false)),
            )
            .collect()
    }
}

/// How many pool rows a posted form has (one more than the highest row number).
fn posted_rows(f: &FormData) -> usize {
    f.0.iter()
        .filter_map(|(k, _)| {
            k.strip_prefix("pools[")
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(i, _)| i.parse::<usize>().ok())
        })
        .max()
        .map_or(0, |m| (m + 1).min(500))
}

async fn settings_page(
    ctx: &Ctx,
    state: &AppState,
    typed: Typed,
    notice: Option<String>,
    preview: Option<Preview>,
) -> Result<Response, PageError> {
    ctx.allowed(Action::ManageAnalysis)?;
    let (t, lang) = (ctx.t(), ctx.lang);
    let pools = service::cost_pools(&state.store)
        .await
        .map_err(|e| ctx.fail(e))?;
    let stored = service::stored_settings(&state.store)
        .await
        .map_err(|e| ctx.fail(e))?;
    let on_settings = typed.which == "settings";
    let error = |field: &str, label: &str| {
        on_settings
            .then(|| typed.errors.get(field))
            .flatten()
            .map(|p| lang.problem(label, p))
    };
    let value = |field: &str, stored: String| {
        if on_settings {
            typed.form.get(field).to_owned()
        } else {
            stored
        }
    };
    let model = &stored.score_model;
    let weights = model
        .criteria
        .iter()
        .map(|c| {
            let field = format!("score_model.criteria.{}", c.key);
            WeightField {
                value: value(&format!("weight.{}", c.key), c.weight.to_string()),
                error: error(&field, &c.name),
                source: match c.source {
                    Source::Rated => t.source_rated.into(),
                    Source::Data { .. } => t.source_data.into(),
                },
                key: c.key.clone(),
                name: c.name.clone(),
            }
        })
        .collect();
    let (stored_top, stored_count, stored_score) = match model.key_accounts {
        KeyAccountRule::Top { count } => (true, count.to_string(), String::new()),
        KeyAccountRule::AtLeast { score } => (false, String::new(), decimal_input(lang, score)),
    };
    let key_top = if on_settings {
        typed.form.get("key_rule") != "at_least"
    } else {
        stored_top
    };
    let chosen_bands = value("bands", stored.bands.to_string());
    let shown: Vec<&str> = vec![
        "score_model.criteria",
        "score_model.key_accounts",
        "segment_rule.current_threshold",
        "segment_rule.potential_threshold",
        "bands",
    ];
    let other_errors = if on_settings {
        typed
            .errors
            .0
            .iter()
            .filter(|e| {
                !shown.contains(&e.field.as_str()) && !e.field.starts_with("score_model.criteria.")
            })
            .map(|e| lang.problem(&e.field, &e.problem))
            .collect()
    } else {
        Vec::new()
    };
    let mut l = ctx.layout(t.analysis_settings_title, "analysis");
    l.notice = notice;
    let page = SettingsPage {
        t,
        l,
        pools: pool_rows(lang, &typed, &pools),
        pools_have_errors: typed.which == "pools" && !typed.errors.is_empty(),
        weights,
        weights_error: error("score_model.criteria", t.weights_label),
        key_top,
        key_count: value("key_count", stored_count),
        key_score: value("key_score", stored_score),
        key_error: error("score_model.key_accounts", t.key_rule_label),
        current_threshold: value(
            "current_threshold",
            decimal_input(lang, stored.segment_rule.current_threshold),
        ),
        current_threshold_error: error("segment_rule.current_threshold", t.current_threshold),
        potential_threshold: value(
            "potential_threshold",
            lang.money_input(Money::from_cents(
                stored.segment_rule.potential_threshold.round() as i64,
            )),
        ),
        potential_threshold_error: error("segment_rule.potential_threshold", t.potential_threshold),
        bands: ["3", "4"]
            .iter()
            .map(|b| SelectOption {
                value: (*b).into(),
                label: lang.bands(b),
                selected: chosen_bands == *b,
            })
            .collect(),
        bands_error: error("bands", t.bands_label),
        other_errors,
        settings_have_errors: on_settings && !typed.errors.is_empty(),
        preview,
        what_if_periods: period_options(
            lang,
            today(),
            what_if_period(&typed.form).unwrap_or(Period::Rolling { end: today() }),
        ),
        periods: period_options(lang, today(), Period::Rolling { end: today() }),
    };
    let status = if typed.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &page))
}

/// `/settings/analysis`.
pub async fn settings(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(notice): Query<Notice>,
    Query(q): Query<AnalysisQuery>,
) -> Result<Response, PageError> {
    let notice = match (notice.notice.as_deref(), q.changed) {
        (Some("refreshed"), Some(n)) => Some(ctx.lang.refreshed(n)),
        _ => notice.text(ctx.t()),
    };
    settings_page(&ctx, &state, Typed::default(), notice, None).await
}

/// Reads the posted pool rows: blank rows and rows marked for removal are left out. Returns the
/// pools, the form row of each, and the problems of rows that could not be read.
fn read_pools(form: &FormData) -> (Vec<CostPool>, Vec<usize>, ValidationErrors) {
    let mut pools = Vec::new();
    let mut rows = Vec::new();
    let mut errors = ValidationErrors::new();
    for i in 0..posted_rows(form) {
        let get = |field: &str| form.get(&format!("pools[{i}].{field}")).trim().to_owned();
        let (name, cost) = (get("name"), get("cost"));
        if !get("remove").is_empty() || (name.is_empty() && cost.is_empty()) {
            continue;
        }
        let cost_cents = if cost.is_empty() {
            errors.add(format!("pools[{i}].cost"), Problem::Required);
            0
        } else {
            Money::parse(&cost).map_or_else(
                |p| {
                    errors.add(format!("pools[{i}].cost"), p);
                    0
                },
                Money::cents,
            )
        };
        let driver = Driver::parse(&get("driver")).unwrap_or_else(|| {
            errors.add(
                format!("pools[{i}].driver"),
                Problem::Choice {
                    allowed: Driver::ALL.iter().map(|d| d.as_str().into()).collect(),
                },
            );
            Driver::NotAllocated
        });
        let layer = CostLayer::parse(&get("layer")).unwrap_or_else(|| {
            errors.add(
                format!("pools[{i}].layer"),
                Problem::Choice {
                    allowed: CostLayer::ALL.iter().map(|l| l.as_str().into()).collect(),
                },
            );
            CostLayer::Sales
        });
        pools.push(CostPool {
            name,
            cost_cents,
            driver,
            layer,
        });
        rows.push(i);
    }
    (pools, rows, errors)
}

/// `POST /settings/analysis/pools`: replaces the cost pools.
pub async fn save_pools(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let caller = ctx.caller()?;
    let (pools, rows, errors) = read_pools(&form);
    let result = if errors.is_empty() {
        service::save_cost_pools(&state.store, caller, &pools)
            .await
            .map_err(|e| match e {
                // The service counts the pools it was given; the form counts its rows.
                AppError::Validation(mut errors) => {
                    for e in &mut errors.0 {
                        if let Some((k, field)) = e
                            .field
                            .strip_prefix("pools[")
                            .and_then(|rest| rest.split_once("]."))
                            && let Some(row) = k.parse::<usize>().ok().and_then(|k| rows.get(k))
                        {
                            e.field = format!("pools[{row}].{field}");
                        }
                    }
                    AppError::Validation(errors)
                }
                other => other,
            })
    } else {
        Err(AppError::Validation(errors))
    };
    answer(&ctx, &state, "pools", form, result).await
}

/// Reads the settings form over the stored settings; returns the problems of fields that
/// could not be read.
fn read_settings(
    form: &FormData,
    lang: Lang,
    mut settings: service::StoredSettings,
) -> (service::StoredSettings, ValidationErrors) {
    let mut errors = ValidationErrors::new();
    for c in &mut settings.score_model.criteria {
        let text = form.get(&format!("weight.{}", c.key)).trim();
        match text.parse::<u32>() {
            Ok(w) if w <= 100 => c.weight = w,
            Ok(_) => errors.add(
                format!("score_model.criteria.{}", c.key),
                Problem::Between {
                    min: "0".into(),
                    max: "100".into(),
                },
            ),
            Err(_) => errors.add(
                format!("score_model.criteria.{}", c.key),
                if text.is_empty() {
                    Problem::Required
                } else {
                    Problem::Number
                },
            ),
        }
    }
    settings.score_model.key_accounts = if form.get("key_rule") == "at_least" {
        match read_decimal(form.get("key_score"), lang) {
            Ok(score) => KeyAccountRule::AtLeast { score },
            Err(p) => {
                errors.add("score_model.key_accounts", p);
                settings.score_model.key_accounts
            }
        }
    } else if let Ok(count) = form.get("key_count").trim().parse::<usize>() {
        KeyAccountRule::Top { count }
    } else {
        errors.add("score_model.key_accounts", Problem::PositiveInteger);
        settings.score_model.key_accounts
    };
    match read_decimal(form.get("current_threshold"), lang) {
        Ok(v) => settings.segment_rule.current_threshold = v,
        Err(p) => errors.add("segment_rule.current_threshold", p),
    }
    match Money::parse(form.get("potential_threshold")) {
        Ok(m) => settings.segment_rule.potential_threshold = m.cents() as f64,
        Err(p) => errors.add("segment_rule.potential_threshold", p),
    }
    match form.get("bands").trim().parse::<usize>() {
        Ok(b) => settings.bands = b,
        Err(_) => errors.add(
            "bands",
            Problem::Between {
                min: "3".into(),
                max: "4".into(),
            },
        ),
    }
    (settings, errors)
}

/// `POST /settings/analysis`: the score model's weights, the key-account rule, the segment
/// thresholds and the grid's bands; or, with `preview`, the what-if of the key accounts in the
/// chosen period (the last twelve months by default) under the form's model, shown with the form kept and nothing saved.
pub async fn save_settings(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let caller = ctx.allowed(Action::ManageAnalysis)?;
    let stored = service::stored_settings(&state.store)
        .await
        .map_err(|e| ctx.fail(e))?;
    let (settings, errors) = read_settings(&form, ctx.lang, stored);
    if !form.get("preview").is_empty() && errors.is_empty() {
        let today = today();
        let period = what_if_period(&form).map_err(|e| ctx.fail(e))?;
        match service::what_if(&state.store, caller, period, &settings.score_model, today).await {
            Ok(w) => {
                let typed = Typed {
                    which: "settings",
                    form,
                    errors: ValidationErrors::new(),
                };
                let preview = Preview::new(ctx.lang, &w);
                return settings_page(&ctx, &state, typed, None, Some(preview)).await;
            }
            // Refused or failed: answered as a save would be.
            Err(e) => return answer(&ctx, &state, "settings", form, Err(e)).await,
        }
    }
    let result = if errors.is_empty() {
        service::save_settings(&state.store, caller, &settings).await
    } else {
        Err(AppError::Validation(errors))
    };
    answer(&ctx, &state, "settings", form, result).await
}

/// The period the settings form's what-if looks at: the last twelve months unless one is chosen.
fn what_if_period(form: &FormData) -> Result<Period, AppError> {
    crate::analysis::parse_period(form.opt("what_if_period").as_deref(), today())
}

/// `POST /settings/analysis/refresh`: reckons the chosen period and saves the rule's segments.
pub async fn refresh(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let caller = ctx.caller()?;
    let today = today();
    let period = crate::analysis::parse_period(form.opt("period").as_deref(), today)
        .map_err(|e| ctx.fail(e))?;
    let (_, changed) = service::refresh(&state.store, caller, period, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!(
        "/settings/analysis?notice=refreshed&changed={changed}"
    ))
    .into_response())
}

/// Answers a settings form: back to the settings when saved; the page again with the form's
/// input and its errors when refused.
async fn answer(
    ctx: &Ctx,
    state: &AppState,
    which: &'static str,
    form: FormData,
    result: Result<(), AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to("/settings/analysis?notice=saved").into_response()),
        Err(AppError::Validation(errors)) => {
            let typed = Typed {
                which,
                form,
                errors,
            };
            settings_page(ctx, state, typed, None, None).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_rows_are_read_by_their_numbers_and_blank_ones_left_out() {
        let mut f = FormData::default();
        for (k, v) in [
            ("pools[0].name", "Tilaukset"),
            ("pools[0].cost", "36 500,50"),
            ("pools[0].driver", "orders"),
            ("pools[0].layer", "sales"),
            ("pools[1].name", "Poistettava"),
            ("pools[1].cost", "1"),
            ("pools[1].driver", "orders"),
            ("pools[1].layer", "sales"),
            ("pools[1].remove", "1"),
            ("pools[2].name", ""),
            ("pools[2].cost", ""),
            ("pools[3].name", "Huolto"),
            ("pools[3].cost", "paljon"),
            ("pools[3].driver", "service_hours"),
            ("pools[3].layer", "nowhere"),
        ] {
            f.set(k, v);
        }
        let (pools, rows, errors) = read_pools(&f);
        assert_eq!(rows, [0, 3]);
        assert_eq!(pools[0].cost_cents, 3_650_050);
        assert_eq!(pools[1].driver, Driver::ServiceHours);
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["pools[3].cost", "pools[3].layer"]);
    }
}
