//! Targets on the pages: `/targets` shows a period's targets (the whole base's, the segments'
//! and the customers' the user sees) against their actuals, with a bar of how far each has come
//! and, for revenue and margin, what is due by now; managers and administrators set the base's
//! and the segments' targets there. A customer's targets are set and followed on its page
//! ([`account_targets`]). A refused form comes back as typed with the errors beside its fields.

use super::analysis::{ValueForms, today};
use super::care::with_notice;
use super::forms::{FormData, SelectOption, options};
use super::{Ctx, Layout, PageError, local_path, render};
use crate::AppState;
use crate::analysis::Period;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::targets::{self, TargetView};
use arvo_core::segments::Segment;
use arvo_core::targets::{TargetInput, TargetMetric, TargetOf, TargetScope};
use arvo_core::{Action, ValidationErrors};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// A target as a table row.
pub struct TargetRow {
    pub id: i64,
    pub whom: String,
    pub whom_href: Option<String>,
    pub metric: &'static str,
    pub period: String,
    pub target: String,
    pub actual: String,
    pub attainment: String,
    /// The bar's width, 0–100.
    pub width: u32,
    pub due_by_now: String,
    /// Revenue or margin short of what is due by now.
    pub behind: bool,
    pub reached: bool,
    pub note: String,
}

fn row(lang: Lang, v: &TargetView) -> TargetRow {
    let t = lang.texts();
    let target = &v.target;
    let metric = TargetMetric::parse(&target.metric).unwrap_or(TargetMetric::Revenue);
    let unit = metric.unit();
    let (whom, whom_href) = match target.of() {
        Some(TargetOf::Customer(id)) => (
            target.account_name.clone().unwrap_or_default(),
            Some(format!("/accounts/{id}")),
        ),
        Some(TargetOf::Segment(s)) => (lang.segment(s).to_owned(), None),
        Some(TargetOf::Base) => (t.target_base.to_owned(), None),
        None => (target.segment.clone().unwrap_or_default(), None),
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let width = v
        .attainment
        .map_or(0, |a| (a.clamp(0.0, 1.0) * 100.0).round() as u32);
    TargetRow {
        id: target.id,
        whom,
        whom_href,
        metric: lang.target_metric(metric),
        period: Period::parse_calendar(&target.period)
            .map_or_else(|_| target.period.clone(), |p| lang.period(p)),
        target: lang.unit_value(unit, target.target),
        actual: v
            .actual
            .map_or_else(|| "–".to_owned(), |a| lang.unit_value(unit, a)),
        attainment: lang.percent(v.attainment),
        width,
        due_by_now: v
            .due_by_now
            .map(|d| lang.unit_value(unit, d))
            .unwrap_or_default(),
        behind: matches!((v.actual, v.due_by_now), (Some(a), Some(d)) if a < d),
        reached: v.actual.is_some_and(|a| a >= target.target),
        note: target.note.clone().unwrap_or_default(),
    }
}

/// The periods targets are set for: last year, this year and the next, and their quarters.
fn period_options(lang: Lang, today: NaiveDate, chosen: &str) -> Vec<SelectOption> {
    let year = today.year();
    let mut periods = Vec::new();
    for y in [year - 1, year, year + 1] {
        periods.push(Period::Year { year: y });
        periods.extend((1..=4).map(|quarter| Period::Quarter { year: y, quarter }));
    }
    periods
        .into_iter()
        .map(|p| SelectOption {
            value: p.code(),
            label: lang.period(p),
            selected: p.code() == chosen,
        })
        .collect()
}

fn metric_options(lang: Lang, customer: bool, chosen: &str) -> Vec<SelectOption> {
    let metrics: Vec<TargetMetric> = TargetMetric::ALL
        .iter()
        .copied()
        .filter(|m| !customer || *m != TargetMetric::Customers)
        .collect();
    options(
        &metrics,
        TargetMetric::as_str,
        |m| lang.target_metric(m).into(),
        &[chosen.to_owned()],
    )
}

/// The target form's fields as typed (or empty), with their errors in words.
pub struct TargetForm {
    pub periods: Vec<SelectOption>,
    pub metrics: Vec<SelectOption>,
    pub scopes: Vec<SelectOption>,
    pub segments: Vec<SelectOption>,
    pub target: String,
    pub note: String,
    pub errors: Vec<String>,
}

fn target_form(lang: Lang, forms: &ValueForms, customer: bool, today: NaiveDate) -> TargetForm {
    let t = lang.texts();
    let typed = |field: &str| forms.typed("target", field).unwrap_or_default();
    let period = match typed("period") {
        p if p.is_empty() => today.year().to_string(),
        p => p,
    };
    let scope = typed("scope");
    let label = |field: &str| -> String {
        match field {
            "scope" => t.target_scope,
            "segment" => t.col_segment,
            "metric" => t.goal_metric,
            "period" => t.period_label,
            "target" => t.goal_target,
            "note" => t.target_note,
            _ => field,
        }
        .to_owned()
    };
    let errors = if forms.which == "target" {
        forms
            .errors
            .0
            .iter()
            .map(|e| lang.problem(&label(&e.field), &e.problem))
            .collect()
    } else {
        Vec::new()
    };
    TargetForm {
        periods: period_options(lang, today, &period),
        metrics: metric_options(lang, customer, &typed("metric")),
        scopes: [TargetScope::Base, TargetScope::Segment]
            .into_iter()
            .map(|s| SelectOption {
                value: s.as_str().into(),
                label: match s {
                    TargetScope::Segment => t.target_segment,
                    _ => t.target_base,
                }
                .into(),
                selected: scope == s.as_str(),
            })
            .collect(),
        segments: options(
            &Segment::ALL,
            Segment::as_str,
            |s| lang.segment(s).into(),
            &[typed("segment")],
        ),
        target: typed("target"),
        note: typed("note"),
        errors,
    }
}

/// A customer's targets on its page: each with its progress, and the form to set one.
pub struct AccountTargets {
    pub rows: Vec<TargetRow>,
    pub form: TargetForm,
    /// Where a deletion comes back to.
    pub back: String,
}

/// The targets card of an account's page.
pub async fn account_targets(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    forms: &ValueForms,
) -> Result<AccountTargets, PageError> {
    let caller = ctx.caller()?;
    let today = today();
    let views = targets::account_report(&state.store, caller, id, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(AccountTargets {
        rows: views.iter().map(|v| row(ctx.lang, v)).collect(),
        form: target_form(ctx.lang, forms, true, today),
        back: format!("/accounts/{id}#targets"),
    })
}

#[derive(Template)]
#[template(path = "targets.html")]
struct TargetsPage {
    t: &'static Texts,
    l: Layout,
    /// Where a deletion comes back to.
    back: String,
    periods: Vec<SelectOption>,
    range: String,
    measured: String,
    rows: Vec<TargetRow>,
    form: TargetForm,
    may_set: bool,
}

/// `?period=` on the targets page.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub notice: Option<String>,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    period: Option<&str>,
    forms: &ValueForms,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = ctx.t();
    let caller = ctx.caller()?;
    let today = today();
    let period = period
        .and_then(|p| Period::parse_calendar(p).ok())
        .unwrap_or(Period::Year { year: today.year() });
    let report = targets::report(&state.store, caller, period, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    let mut l = ctx.layout(t.targets_title, "targets");
    l.notice = notice;
    let view = TargetsPage {
        t,
        l,
        back: format!("/targets?period={}", report.period),
        periods: period_options(lang, today, &report.period),
        range: format!("{} – {}", lang.date(report.from), lang.date(report.to)),
        measured: lang.date(report.measured_on),
        rows: report.targets.iter().map(|v| row(lang, v)).collect(),
        form: target_form(lang, forms, false, today),
        may_set: caller.may(Action::ManageAnalysis),
    };
    let status = if forms.has_errors() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &view))
}

/// `GET /targets`.
pub async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let notice = super::accounts::Notice { notice: q.notice }.text(ctx.t());
    let forms = ValueForms {
        which: "",
        form: FormData::default(),
        errors: ValidationErrors::new(),
    };
    page(&ctx, &state, q.period.as_deref(), &forms, notice).await
}

/// `POST /targets`: sets a target for the base or a segment (from `/targets`) or for the
/// customer the form names (from its page), then goes back; a refused form comes back as typed.
pub async fn create(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let account = form.get("account_id").parse::<i64>().ok();
    let input = TargetInput {
        scope: if account.is_some() {
            Some("customer".into())
        } else {
            form.opt("scope")
        },
        account_id: account,
        segment: form.opt("segment"),
        metric: form.opt("metric"),
        period: form.opt("period"),
        target: form.opt("target"),
        note: form.opt("note"),
        version: None,
    };
    let result = targets::create(&state.store, ctx.caller()?, &input).await;
    let back = match account {
        Some(id) => format!("/accounts/{id}"),
        None => format!("/targets?period={}", form.get("period")),
    };
    match result {
        Ok(_) => Ok(with_notice(&back, "target_saved")),
        Err(AppError::Validation(errors)) => {
            let forms = ValueForms {
                which: "target",
                form,
                errors,
            };
            match account {
                Some(id) => super::accounts::page(&ctx, &state, id, None, None, &forms, None).await,
                None => {
                    page(
                        &ctx,
                        &state,
                        forms.form.opt("period").as_deref(),
                        &forms,
                        None,
                    )
                    .await
                }
            }
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// `POST /targets/{id}/delete`: deletes a target, then goes back.
pub async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    targets::delete(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let back = match form.get("back") {
        "" => "/targets".to_owned(),
        b => local_path(Some(b)).to_owned(),
    };
    Ok(with_notice(&back, "target_deleted"))
}
