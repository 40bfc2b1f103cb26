//! The value section of an account's page: the customer's waterfall, score, segment and tier,
//! behaviour, share of wallet and the people's ratings, for anyone who sees the account; and
//! its forms (ratings, a segment set by hand with a reason, the estimated need) for those who
//! may rate customers.

use super::{chosen_period, money, period_options, score_text, today};
use crate::AppState;
use crate::analysis::{self as service, AccountAnalysis, RatingInput, SegmentInput};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ui::charts::{self, Bar};
use crate::ui::forms::{FormData, SelectOption};
use crate::ui::{Ctx, PageError};
use arvo_core::analysis::CustomerResult;
use arvo_core::profitability::{CostLayer, CostPool, Driver};
use arvo_core::scoring::Source;
use arvo_core::segments::Segment;
use arvo_core::{Money, Problem, ValidationErrors};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;

/// What was typed into one of the account page's forms (the value section's, or the care
/// section's), and what was wrong with it.
#[derive(Debug, Default)]
pub struct ValueForms {
    /// `rating`, `segment`, `need`, `encounter`, `task` or `decision`: the form the errors
    /// belong to.
    pub which: &'static str,
    pub form: FormData,
    pub errors: ValidationErrors,
}

impl ValueForms {
    pub fn error(&self, which: &str, field: &str, lang: Lang, label: &str) -> Option<String> {
        (self.which == which)
            .then(|| self.errors.get(field))
            .flatten()
            .map(|p| lang.problem(label, p))
    }

    pub fn typed(&self, which: &str, field: &str) -> Option<String> {
        (self.which == which).then(|| self.form.get(field).to_owned())
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// A line of a customer's waterfall.
pub struct WaterfallRow {
    pub label: String,
    pub amount: String,
    /// The customer's share of a pool, or of the revenue for the margins.
    pub share: String,
    /// `total`, `step` or `pool`.
    pub kind: &'static str,
    pub negative: bool,
}

pub struct CriterionRow {
    pub name: String,
    pub weight: String,
    pub score: String,
    pub rated: bool,
    pub unrated: bool,
}

pub struct RatingRow {
    pub criterion: String,
    pub score: i64,
    pub reason: String,
    pub by: String,
    pub at: String,
}

pub struct SegmentChangeRow {
    pub from: String,
    pub to: String,
    pub manual: bool,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// An account's value section.
pub struct ValueView {
    pub period_code: String,
    pub periods: Vec<SelectOption>,
    pub period_error: Option<String>,
    pub range: String,
    pub base: String,
    pub has_figures: bool,
    pub waterfall: Vec<WaterfallRow>,
    pub chart: String,
    pub score: String,
    pub key_account: bool,
    pub criteria: Vec<CriterionRow>,
    pub segment: &'static str,
    pub segment_code: &'static str,
    pub tier: &'static str,
    /// Who set the saved segment and why, in one line.
    pub segment_note: String,
    pub segment_manual: bool,
    pub segment_history: Vec<SegmentChangeRow>,
    pub segment_options: Vec<SelectOption>,
    pub segment_reason: String,
    pub segment_error: Option<String>,
    pub segment_reason_error: Option<String>,
    pub rated_criteria: Vec<SelectOption>,
    pub rating_scores: Vec<SelectOption>,
    pub rating_reason: String,
    pub rating_criterion_error: Option<String>,
    pub rating_score_error: Option<String>,
    pub rating_reason_error: Option<String>,
    pub ratings: Vec<RatingRow>,
    pub need: String,
    pub share_of_wallet: String,
    pub growth_room: String,
    pub need_value: String,
    pub need_error: Option<String>,
    pub behaviour: &'static str,
    pub stage: &'static str,
    pub cycle: String,
    pub since_last: String,
    pub alerts: Vec<String>,
    pub p_alive: String,
    pub lifetime_value: String,
    pub rfm: String,
}

/// The value section of an account's page, for a caller who sees the account.
pub async fn account_value(
    ctx: &Ctx,
    state: &AppState,
    account_id: i64,
    period: Option<&str>,
    forms: &ValueForms,
) -> Result<ValueView, PageError> {
    let caller = ctx.caller()?;
    let today = today();
    let (period, period_problem) = chosen_period(period, today);
    let a = service::account_analysis(&state.store, caller, account_id, period, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(value_view(ctx.lang, &a, period_problem, forms, today))
}

fn value_view(
    lang: Lang,
    a: &AccountAnalysis,
    period_problem: Option<Problem>,
    forms: &ValueForms,
    today: NaiveDate,
) -> ValueView {
    let t = lang.texts();
    let c = a.customer.as_ref();
    let model = &a.settings.score_model;
    let (waterfall, chart) = c.map_or_else(
        || (Vec::new(), String::new()),
        |c| waterfall_view(lang, c, &a.pools),
    );
    let criteria = c.map_or_else(Vec::new, |c| {
        model
            .criteria
            .iter()
            .zip(&c.score.criteria)
            .map(|(k, s)| CriterionRow {
                name: k.name.clone(),
                weight: lang.whole_percent(f64::from(k.weight) / 100.0),
                score: s.to_string(),
                rated: k.source == Source::Rated,
                unrated: c.score.unrated.contains(&k.key),
            })
            .collect()
    });
    let criterion_name = |key: &str| {
        model
            .criteria
            .iter()
            .find(|k| k.key == key)
            .map_or_else(|| key.to_owned(), |k| k.name.clone())
    };
    let segment_name = |code: &str| {
        Segment::parse(code).map_or_else(|| code.to_owned(), |s| lang.segment(s).to_owned())
    };
    let stored = a.segment.current.as_ref();
    let segment_note = stored.map_or_else(String::new, |s| {
        lang.segment_note(
            s.manual,
            &s.set_by,
            &lang.date(crate::i18n::helsinki_date(s.set_at)),
            s.reason.as_deref(),
        )
    });
    let chosen_segment = forms.typed("segment", "segment").unwrap_or_else(|| {
        stored
            .filter(|s| s.manual)
            .map(|s| s.segment.clone())
            .unwrap_or_default()
    });
    let mut segment_options = vec![SelectOption {
        value: String::new(),
        label: t.segment_by_rule.into(),
        selected: chosen_segment.is_empty(),
    }];
    segment_options.extend(Segment::ALL.iter().map(|s| SelectOption {
        value: s.as_str().into(),
        label: lang.segment(*s).into(),
        selected: chosen_segment == s.as_str(),
    }));
    let chosen_criterion = forms.typed("rating", "criterion").unwrap_or_default();
    let rated_criteria = model
        .criteria
        .iter()
        .filter(|k| k.source == Source::Rated)
        .map(|k| SelectOption {
            value: k.key.clone(),
            label: k.name.clone(),
            selected: k.key == chosen_criterion,
        })
        .collect();
    let chosen_score = forms.typed("rating", "score").unwrap_or_else(|| "3".into());
    let rating_scores = (1..=5)
        .map(|s: i64| SelectOption {
            value: s.to_string(),
            label: lang.rating_label(s),
            selected: chosen_score == s.to_string(),
        })
        .collect();
    let need = a.estimated_need_cents;
    let assessment = c.map(|c| &c.assessment);
    ValueView {
        period_code: a.period.code(),
        periods: period_options(lang, today, a.period),
        period_error: period_problem.map(|p| lang.problem(t.period_label, &p)),
        range: format!("{} – {}", lang.date(a.from), lang.date(a.to)),
        base: lang.compared_with(a.base),
        has_figures: c.is_some(),
        waterfall,
        chart,
        score: c.map_or_else(String::new, |c| score_text(lang, c.score.score)),
        key_account: c.is_some_and(|c| c.score.key_account),
        criteria,
        segment: c.map_or("", |c| lang.segment(c.segment)),
        segment_code: c.map_or("", |c| c.segment.as_str()),
        tier: c.map_or("", |c| lang.tier(c.tier)),
        segment_note,
        segment_manual: stored.is_some_and(|s| s.manual),
        segment_history: a
            .segment
            .history
            .iter()
            .map(|h| SegmentChangeRow {
                from: h
                    .from_segment
                    .as_deref()
                    .map_or_else(|| "–".to_owned(), segment_name),
                to: segment_name(&h.to_segment),
                manual: h.manual,
                reason: h.reason.clone().unwrap_or_default(),
                by: h.actor.clone(),
                at: lang.time(h.at),
            })
            .collect(),
        segment_options,
        segment_reason: forms.typed("segment", "reason").unwrap_or_default(),
        segment_error: forms.error("segment", "segment", lang, t.col_segment),
        segment_reason_error: forms.error("segment", "reason", lang, t.reason_label),
        rated_criteria,
        rating_scores,
        rating_reason: forms.typed("rating", "reason").unwrap_or_default(),
        rating_criterion_error: forms.error("rating", "criterion", lang, t.criterion_label),
        rating_score_error: forms.error("rating", "score", lang, t.rating_label),
        rating_reason_error: forms.error("rating", "reason", lang, t.reason_label),
        ratings: a
            .ratings
            .iter()
            .map(|r| RatingRow {
                criterion: criterion_name(&r.criterion),
                score: r.score,
                reason: r.reason.clone().unwrap_or_default(),
                by: r.rated_by.clone(),
                at: lang.time(r.rated_at),
            })
            .collect(),
        need: need.map_or_else(|| t.unknown.into(), |n| money(lang, n)),
        share_of_wallet: lang.percent(c.and_then(|c| c.share_of_wallet)),
        growth_room: c
            .and_then(|c| c.growth_room_cents)
            .map_or_else(|| "–".into(), |r| money(lang, r)),
        need_value: forms.typed("need", "need").unwrap_or_else(|| {
            need.map(|n| lang.money_input(Money::from_cents(n)))
                .unwrap_or_default()
        }),
        need_error: forms.error("need", "need", lang, t.need_label),
        behaviour: assessment.map_or("", |x| lang.behaviour(x.behaviour)),
        stage: assessment.map_or("", |x| lang.stage(x.stage)),
        cycle: assessment
            .and_then(|x| x.cycle_days)
            .map_or_else(|| "–".into(), |d| lang.days(d)),
        since_last: assessment
            .and_then(|x| x.days_since_last)
            .map_or_else(|| "–".into(), |d| lang.days(d as f64)),
        alerts: assessment.map_or_else(Vec::new, |x| {
            x.alerts.iter().map(|al| lang.alert(al)).collect()
        }),
        p_alive: lang.percent(c.and_then(|c| c.p_alive)),
        lifetime_value: c
            .and_then(|c| c.lifetime_value_cents)
            .map_or_else(|| "–".into(), |v| money(lang, v)),
        rfm: c.and_then(|c| c.rfm).map_or_else(
            || "–".into(),
            |r| format!("{}–{}–{}", r.recency, r.frequency, r.monetary),
        ),
    }
}

/// A customer's waterfall as table rows and as a chart: revenue − direct costs = sales margin
/// − sales, marketing and service costs (each pool's share beneath its layer) = customer
/// margin.
fn waterfall_view(
    lang: Lang,
    c: &CustomerResult,
    pools: &[CostPool],
) -> (Vec<WaterfallRow>, String) {
    let t = lang.texts();
    let w = &c.waterfall;
    let of_revenue =
        |cents: i64| lang.percent((w.revenue != 0).then(|| cents as f64 / w.revenue as f64));
    let row = |label: &str, cents: i64, share: String, kind| WaterfallRow {
        label: label.to_owned(),
        amount: money(lang, cents),
        share,
        kind,
        negative: cents < 0,
    };
    let mut rows = vec![
        row(t.wf_revenue, w.revenue, String::new(), "total"),
        row(
            t.wf_direct,
            -w.direct_costs,
            of_revenue(w.direct_costs),
            "step",
        ),
        row(
            t.wf_sales_margin,
            w.sales_margin,
            of_revenue(w.sales_margin),
            "total",
        ),
    ];
    for (layer, cents) in [
        (CostLayer::Sales, w.sales_costs),
        (CostLayer::Marketing, w.marketing_costs),
        (CostLayer::Service, w.service_costs),
    ] {
        rows.push(row(
            lang.layer_costs(layer),
            -cents,
            of_revenue(cents),
            "step",
        ));
        for (pool, share) in pools.iter().zip(&w.pool_costs) {
            if pool.layer == layer && pool.driver != Driver::NotAllocated {
                rows.push(row(
                    &format!("{} ({})", pool.name, lang.driver(pool.driver)),
                    -share,
                    lang.pool_share(
                        (pool.cost_cents > 0).then(|| *share as f64 / pool.cost_cents as f64),
                    ),
                    "pool",
                ));
            }
        }
    }
    rows.push(row(
        t.wf_customer_margin,
        w.customer_margin,
        of_revenue(w.customer_margin),
        "total",
    ));
    let bar = |label: &str, cents: i64, total: bool| Bar {
        label: label.to_owned(),
        cents,
        total,
        title: format!("{label}: {}", money(lang, cents)),
    };
    let chart = charts::waterfall(&charts::Waterfall {
        id: "waterfall-chart".into(),
        title: t.wf_title.into(),
        summary: lang.waterfall_summary(
            &money(lang, w.revenue),
            &money(lang, w.sales_margin),
            &money(lang, w.customer_margin),
        ),
        y_label: t.wf_axis.into(),
        bars: vec![
            bar(t.wf_revenue_short, w.revenue, true),
            bar(t.wf_direct_short, -w.direct_costs, false),
            bar(t.wf_sales_margin_short, w.sales_margin, true),
            bar(t.wf_sales_short, -w.sales_costs, false),
            bar(t.wf_marketing_short, -w.marketing_costs, false),
            bar(t.wf_service_short, -w.service_costs, false),
            bar(t.wf_customer_margin_short, w.customer_margin, true),
        ],
        // Whole euros, unless the steps are smaller than a euro.
        tick_label: match lang {
            Lang::Fi => |c| {
                let m = Money::from_cents(c);
                if c % 100 == 0 {
                    m.format_whole_fi()
                } else {
                    m.format_fi()
                }
            },
            Lang::En => |c| {
                let m = Money::from_cents(c);
                if c % 100 == 0 {
                    m.format_whole_en()
                } else {
                    m.format_en()
                }
            },
        },
    });
    // Nothing to draw for a customer without sales or costs in the period.
    let quiet = w.revenue == 0 && w.direct_costs == 0 && w.customer_margin == 0;
    let chart = if quiet { String::new() } else { chart };
    (rows, chart)
}

/// After a value form is saved: back to the account's value section for the same period.
fn back_to_value(id: i64, form: &FormData) -> Response {
    let period = form.get("period");
    let query = if period.is_empty() {
        String::new()
    } else {
        format!("&period={}", crate::ui::encode(period))
    };
    Redirect::to(&format!("/accounts/{id}?notice=saved{query}#value")).into_response()
}

/// Answers a value form: back to the account's value section when saved; the account page
/// again with the form's input and its errors when refused.
async fn answer(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    which: &'static str,
    form: FormData,
    result: Result<(), AppError>,
) -> Result<Response, PageError> {
    let errors = match result {
        Ok(()) => return Ok(back_to_value(id, &form)),
        Err(AppError::Validation(errors)) => errors,
        Err(e) => return Err(ctx.fail(e)),
    };
    let period = form.opt("period");
    let forms = ValueForms {
        which,
        form,
        errors,
    };
    crate::ui::accounts::page(ctx, state, id, period.as_deref(), None, &forms, None).await
}

/// `POST /accounts/{id}/ratings`: rates one of the people-rated criteria.
pub async fn rate(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let caller = ctx.caller()?;
    let score_text = form.get("score").trim();
    let result = match score_text.parse::<i64>() {
        Ok(score) => {
            let input = RatingInput {
                criterion: form.get("criterion").trim().to_owned(),
                score,
                reason: form.opt("reason"),
            };
            service::rate(&state.store, caller, id, &input).await
        }
        Err(_) => Err(ValidationErrors::single(
            "score",
            if score_text.is_empty() {
                Problem::Required
            } else {
                Problem::Number
            },
        )
        .into()),
    };
    answer(&ctx, &state, id, "rating", form, result).await
}

/// `POST /accounts/{id}/segment`: sets the segment by hand with a reason, or (an empty
/// segment) gives it back to the rule.
pub async fn set_segment(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let input = SegmentInput {
        segment: form.opt("segment"),
        reason: form.get("reason").to_owned(),
    };
    let result = service::set_segment(&state.store, ctx.caller()?, id, &input).await;
    answer(&ctx, &state, id, "segment", form, result).await
}

/// `POST /accounts/{id}/need`: sets the estimated yearly need in euros, or forgets it (empty).
pub async fn set_need(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let caller = ctx.caller()?;
    let result = match form.opt("need").map(|n| Money::parse(&n)).transpose() {
        Ok(need) => service::set_need(&state.store, caller, id, need.map(Money::cents))
            .await
            .map_err(|e| match e {
                // The service names the field in cents; the form shows euros.
                AppError::Validation(v) => AppError::Validation(ValidationErrors(
                    v.0.into_iter()
                        .map(|mut f| {
                            if f.field == "cents" {
                                "need".clone_into(&mut f.field);
                            }
                            f
                        })
                        .collect(),
                )),
                other => other,
            }),
        Err(problem) => Err(ValidationErrors::single("need", problem).into()),
    };
    answer(&ctx, &state, id, "need", form, result).await
}
