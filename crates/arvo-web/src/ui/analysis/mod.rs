//! The value analysis pages: the company-wide analysis of a period (`/analysis`), the value
//! section of an account's page with its forms (`account`: people's ratings, a segment set by
//! hand, the estimated need) and the settings (`settings`: cost pools, the score model's
//! weights, the key-account rule, the segment thresholds and the grid's bands, and a refresh of
//! the saved segments). The figures come from the `analysis` service; these modules turn them
//! into text in the user's language and have `charts` draw the pictures.

mod account;
mod settings;

pub use account::{ValueForms, ValueView, account_value, rate, set_need, set_segment};
pub use settings::{refresh, save_pools, save_settings, settings};

use super::accounts::{DownloadView, Header};
use super::charts::{self, Axis, Dot, LineChart, Point, QuadrantLabel, Scatter, Shape};
use super::forms::SelectOption;
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::analysis::{self as service, Period};
use crate::analysis_tables::{self, AnalysisTable};
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use arvo_core::analysis::CustomerResult;
use arvo_core::segments::{Segment, Tier};
use arvo_core::{Action, Decimal, DecimalMark, Money, Problem};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::HashMap;

/// How many rows the lifetime value list shows.
const TOP_LIFETIME_VALUES: usize = 20;

/// The query of the analysis pages.
#[derive(Debug, Default, Deserialize)]
pub struct AnalysisQuery {
    /// `rolling`, `2026` or `2026-Q3`.
    pub period: Option<String>,
    /// The customer table's order, e.g. `-revenue`.
    pub sort: Option<String>,
    /// How many segments a refresh changed, for its notice.
    pub changed: Option<u64>,
}

/// Today in Finland.
pub fn today() -> NaiveDate {
    crate::i18n::helsinki_today()
}

/// The period an address names; an unreadable one gives the rolling twelve months and the
/// problem to show beside the period picker.
fn chosen_period(text: Option<&str>, today: NaiveDate) -> (Period, Option<Problem>) {
    match crate::analysis::parse_period(text, today) {
        Ok(p) => (p, None),
        Err(AppError::Validation(e)) => (
            Period::Rolling { end: today },
            Some(e.get("period").cloned().unwrap_or(Problem::Date)),
        ),
        Err(_) => (Period::Rolling { end: today }, Some(Problem::Date)),
    }
}

/// The periods to choose from: the rolling twelve months, the last four years, and the
/// quarters of this year so far and of the last.
fn period_options(lang: Lang, today: NaiveDate, chosen: Period) -> Vec<SelectOption> {
    let year = today.year();
    let quarter = today.month0() / 3 + 1;
    let mut periods = vec![Period::Rolling { end: today }];
    periods.extend((0..4).map(|k| Period::Year { year: year - k }));
    periods.extend(
        (1..=quarter)
            .rev()
            .map(|q| Period::Quarter { year, quarter: q }),
    );
    periods.extend((1..=4).rev().map(|q| Period::Quarter {
        year: year - 1,
        quarter: q,
    }));
    if !periods.iter().any(|p| p.code() == chosen.code()) {
        periods.push(chosen);
    }
    periods
        .into_iter()
        .map(|p| SelectOption {
            value: p.code(),
            label: lang.period(p),
            selected: p.code() == chosen.code(),
        })
        .collect()
}

fn money(lang: Lang, cents: i64) -> String {
    lang.money_whole(Money::from_cents(cents))
}

/// A score with one decimal: `3,4`.
pub(super) fn score_text(lang: Lang, score: f64) -> String {
    lang.one_decimal(Some(score))
}

/// An `f64` as typed into a form field, with up to two decimals: `3,5`, `0.08`.
fn decimal_input(lang: Lang, v: f64) -> String {
    let d = Decimal::new((v * 100.0).round() as i128, 2).normalized();
    lang.number(d).replace('\u{a0}', " ")
}

/// Reads a decimal typed in either language's form.
fn read_decimal(text: &str, lang: Lang) -> Result<f64, Problem> {
    let mark = match lang {
        Lang::Fi => DecimalMark::Comma,
        Lang::En => DecimalMark::Point,
    };
    let d = Decimal::parse(text, mark)?;
    let scale = i32::try_from(d.scale).map_err(|_| Problem::Number)?;
    Ok(d.mantissa as f64 / 10f64.powi(scale))
}

/// The first letter in lower case, for a sentence that follows a name and a colon.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

fn segment_shape(s: Segment) -> (Shape, &'static str) {
    match s {
        Segment::Retain => (Shape::Circle, "retain"),
        Segment::Grow => (Shape::Triangle, "grow"),
        Segment::Streamline => (Shape::Square, "streamline"),
        Segment::Acquire => (Shape::Ring, "acquire"),
    }
}

/// A headline figure.
pub struct Figure {
    pub id: &'static str,
    pub label: &'static str,
    pub value: String,
    pub hint: String,
    pub negative: bool,
}

/// One cell of the profitability grid.
pub struct GridCell {
    pub count: String,
    pub revenue: String,
    pub margin: String,
    pub negative: bool,
    pub empty: bool,
    pub traits: Vec<String>,
}

/// One row of the grid, the most profitable band first.
pub struct GridRow {
    pub label: String,
    pub cells: Vec<GridCell>,
}

/// A segment or tier with its number of customers.
pub struct CountRow {
    pub code: &'static str,
    pub name: &'static str,
    pub text: &'static str,
    pub count: String,
}

/// A key account with its criteria.
pub struct KeyRow {
    pub id: i64,
    pub name: String,
    pub score: String,
    pub criteria: Vec<CriterionCell>,
    pub segment: &'static str,
}

pub struct CriterionCell {
    pub score: String,
    pub unrated: bool,
}

/// A passivation alert in words.
pub struct AlertRow {
    pub id: i64,
    pub name: String,
    pub text: String,
}

/// A customer's lifetime value and its chance of still being a customer.
pub struct LifetimeRow {
    pub id: i64,
    pub name: String,
    pub revenue: String,
    pub value: String,
    pub p_alive: String,
    pub behaviour: &'static str,
}

/// A row of the customer table.
pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub revenue: String,
    pub sales_margin: String,
    pub customer_margin: String,
    pub negative: bool,
    pub score: String,
    pub key_account: bool,
    pub segment: &'static str,
    pub segment_code: &'static str,
    pub behaviour: &'static str,
}

#[derive(Template)]
#[template(path = "analysis.html")]
struct AnalysisPage {
    t: &'static Texts,
    l: Layout,
    periods: Vec<SelectOption>,
    period_error: Option<String>,
    range: String,
    as_of: String,
    may_manage: bool,
    no_pools: bool,
    empty: bool,
    figures: Vec<Figure>,
    whale_text: String,
    whale_svg: Option<String>,
    grid_columns: Vec<String>,
    grid_rows: Vec<GridRow>,
    grid_left_out: String,
    matrix_svg: String,
    legend: Vec<CountRow>,
    criteria_names: Vec<String>,
    key_rows: Vec<KeyRow>,
    segments: Vec<CountRow>,
    tiers: Vec<CountRow>,
    alerts: Vec<AlertRow>,
    lifetime_rows: Vec<LifetimeRow>,
    model_fit: String,
    headers: Vec<Header>,
    rows: Vec<CustomerRow>,
    downloads: Vec<DownloadView>,
}

/// The orders the customer table knows: its query code, and whether it is by a number.
const SORTS: [(&str, bool); 6] = [
    ("name", false),
    ("revenue", true),
    ("sales_margin", true),
    ("customer_margin", true),
    ("score", true),
    ("segment", false),
];

/// The period's tables to download, each as CSV and as Excel.
fn downloads(lang: Lang, period: Period) -> Vec<DownloadView> {
    let t = lang.texts();
    AnalysisTable::ALL
        .into_iter()
        .map(|table| {
            let url = |format: &str| {
                format!(
                    "/analysis/download?period={}&table={}&format={format}",
                    period.code(),
                    table.as_str()
                )
            };
            DownloadView {
                label: match table {
                    AnalysisTable::Customers => t.table_customers,
                    AnalysisTable::Whale => t.table_whale,
                    AnalysisTable::Groups => t.table_groups,
                    AnalysisTable::Alerts => t.table_alerts,
                },
                csv_url: url("csv"),
                xlsx_url: url("xlsx"),
            }
        })
        .collect()
}

/// What `/analysis/download` takes.
#[derive(Debug, Deserialize)]
pub struct DownloadQuery {
    pub period: Option<String>,
    pub table: Option<String>,
    pub format: Option<String>,
}

/// `/analysis/download?period=&table=&format=`: one of the period's tables as CSV or XLSX in the
/// reader's language.
pub async fn download(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    let today = today();
    let period =
        crate::analysis::parse_period(q.period.as_deref(), today).map_err(|e| ctx.fail(e))?;
    let (table, format) = analysis_tables::chosen(q.table.as_deref(), q.format.as_deref())
        .map_err(|e| ctx.fail(e))?;
    analysis_tables::download(&state.store, caller, period, table, format, ctx.lang, today)
        .await
        .map_err(|e| ctx.fail(e))
}

/// `/analysis`: the whole value analysis of a period.
pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<AnalysisQuery>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    service::require_view(caller).map_err(|e| ctx.fail(e))?;
    let today = today();
    let (period, period_problem) = chosen_period(q.period.as_deref(), today);
    let report = service::run(&state.store, caller, period, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    let settings = service::stored_settings(&state.store)
        .await
        .map_err(|e| ctx.fail(e))?;
    let (t, lang) = (ctx.t(), ctx.lang);
    let a = &report.analysis;
    let name = |id: i64| {
        report
            .names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    };
    let customers = &a.customers;

    // Headline figures.
    let whale = &a.whale;
    let mut figures = vec![
        Figure {
            id: "fig-result",
            label: t.fig_company_result,
            value: money(lang, a.company_result),
            hint: t.fig_company_result_hint.into(),
            negative: a.company_result < 0,
        },
        Figure {
            id: "fig-margins",
            label: t.fig_margins,
            value: money(lang, whale.total_margin),
            hint: t.fig_margins_hint.into(),
            negative: whale.total_margin < 0,
        },
        Figure {
            id: "fig-unallocated",
            label: t.fig_unallocated,
            value: money(lang, a.unallocated_total),
            hint: t.fig_unallocated_hint.into(),
            negative: false,
        },
    ];
    if let Some(c) = &a.concentration {
        figures.push(Figure {
            id: "fig-largest",
            label: t.fig_largest,
            value: lang.percent(Some(c.largest_share)),
            hint: format!("{} {}", t.fig_top10, lang.percent(Some(c.top10_share))),
            negative: false,
        });
        figures.push(Figure {
            id: "fig-herfindahl",
            label: t.fig_herfindahl,
            value: lang.number(Decimal::new((c.herfindahl * 1000.0).round() as i128, 3)),
            hint: t.fig_herfindahl_hint.into(),
            negative: false,
        });
    }
    figures.push(Figure {
        id: "fig-top20",
        label: t.fig_top20,
        value: lang.percent(whale.share_of_top(0.2)),
        hint: t.fig_top20_hint.into(),
        negative: false,
    });
    figures.push(Figure {
        id: "fig-losses",
        label: t.fig_losses,
        value: format!(
            "{} · {}",
            lang.count(whale.loss_customers as u64),
            money(lang, whale.loss_margin)
        ),
        hint: lang.losses_hint(
            (whale.total_margin > 0).then(|| -whale.loss_margin as f64 / whale.total_margin as f64),
        ),
        negative: whale.loss_customers > 0,
    });

    // The whale curve.
    let whale_svg = whale.peak_share.map(|peak| {
        let top = peak.max(1.0) * 1.05;
        let points = whale
            .points
            .iter()
            .map(|p| Point {
                x: p.customer_share,
                y: p.profit_share.unwrap_or(0.0),
                title: lang.whale_point(
                    p.customers,
                    p.customer_share,
                    p.profit_share,
                    &money(lang, p.cumulative_margin),
                ),
            })
            .collect();
        charts::line_chart(&LineChart {
            id: "whale-chart".into(),
            title: t.sec_whale.into(),
            summary: lang.whale_summary(whale.share_of_top(0.2), peak, whale.peak_customers),
            x: Axis {
                label: t.whale_x.into(),
                min: 0.0,
                max: 1.0,
                ticks: charts::ticks(0.0, 1.0, 5, |v| lang.whole_percent(v)),
            },
            y: Axis {
                label: t.whale_y.into(),
                min: 0.0,
                max: top,
                ticks: charts::ticks(0.0, top, 6, |v| lang.whole_percent(v)),
            },
            points,
            reference: Some((1.0, t.whale_reference.into())),
            marked: 60,
        })
    });
    let whale_text = match whale.peak_share {
        Some(peak) => lang.whale_summary(whale.share_of_top(0.2), peak, whale.peak_customers),
        None => t.whale_none.into(),
    };

    // The profitability grid, the most profitable band on top.
    let grid = &a.grid;
    let bands = grid.bands;
    let band_label = |cuts: &[String], i: usize| -> String {
        match (i.checked_sub(1).and_then(|k| cuts.get(k)), cuts.get(i)) {
            (None, Some(hi)) => format!("{} {hi}", t.band_under),
            (Some(lo), Some(hi)) => format!("{lo} – {hi}"),
            (Some(lo), None) => format!("{} {lo}", t.band_over),
            (None, None) => String::new(),
        }
    };
    let volume_cuts: Vec<String> = grid.volume_cuts.iter().map(|c| money(lang, *c)).collect();
    let profit_cuts: Vec<String> = grid
        .profit_cuts
        .iter()
        .map(|c| lang.percent(Some(*c)))
        .collect();
    let grid_columns = (0..bands).map(|i| band_label(&volume_cuts, i)).collect();
    let grid_rows = (0..bands)
        .rev()
        .map(|p| GridRow {
            label: band_label(&profit_cuts, p),
            cells: (0..bands)
                .map(|v| {
                    let g = grid
                        .groups
                        .iter()
                        .find(|g| g.volume_band == v && g.profit_band == p);
                    match g {
                        Some(g) if !g.members.is_empty() => GridCell {
                            count: lang.customers_count(g.members.len()),
                            revenue: money(lang, g.revenue_cents),
                            margin: money(lang, g.customer_margin_cents),
                            negative: g.customer_margin_cents < 0,
                            empty: false,
                            traits: g
                                .distinct
                                .iter()
                                .map(|d| lang.trait_text(d.kind, d.ratio))
                                .collect(),
                        },
                        _ => GridCell {
                            count: lang.customers_count(0),
                            revenue: String::new(),
                            margin: String::new(),
                            negative: false,
                            empty: true,
                            traits: Vec::new(),
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let grid_left_out = if grid.without_revenue > 0 {
        lang.grid_left_out(grid.without_revenue)
    } else {
        String::new()
    };

    // The value matrix: current value across, potential up.
    let rule = settings.segment_rule;
    let room_euros = |c: &CustomerResult| c.growth_room_cents.unwrap_or(0) as f64 / 100.0;
    let threshold_euros = rule.potential_threshold / 100.0;
    let top_room = customers
        .iter()
        .map(room_euros)
        .fold(threshold_euros * 1.25, f64::max)
        .max(1.0);
    let y_max = top_room * 1.05;
    let dots = customers
        .iter()
        .map(|c| {
            let (shape, class) = segment_shape(c.segment);
            Dot {
                x: c.score.score,
                y: room_euros(c),
                title: lang.matrix_dot(
                    &name(c.id),
                    &score_text(lang, c.score.score),
                    c.growth_room_cents.map(|r| money(lang, r)).as_deref(),
                    lang.segment(c.segment),
                ),
                href: Some(format!("/accounts/{}", c.id)),
                shape,
                class,
            }
        })
        .collect();
    let count_of = |s: Segment| customers.iter().filter(|c| c.segment == s).count();
    let matrix_svg = charts::scatter(&Scatter {
        id: "matrix-chart".into(),
        title: t.sec_matrix.into(),
        summary: lang.matrix_summary(
            Segment::ALL
                .iter()
                .map(|s| (lang.segment(*s), count_of(*s)))
                .collect(),
        ),
        x: Axis {
            label: t.matrix_x.into(),
            min: 1.0,
            max: 5.0,
            ticks: charts::ticks(1.0, 5.0, 4, |v| score_text(lang, v)),
        },
        y: Axis {
            label: t.matrix_y.into(),
            min: 0.0,
            max: y_max,
            ticks: charts::ticks(0.0, y_max, 5, |v| {
                lang.money_whole(Money::from_cents((v * 100.0).round() as i64))
            }),
        },
        dots,
        x_threshold: Some(rule.current_threshold),
        y_threshold: Some(threshold_euros),
        quadrants: vec![
            QuadrantLabel {
                right: true,
                top: true,
                text: lang.segment(Segment::Retain).into(),
            },
            QuadrantLabel {
                right: true,
                top: false,
                text: lang.segment(Segment::Retain).into(),
            },
            QuadrantLabel {
                right: false,
                top: true,
                text: format!(
                    "{} · {}",
                    lang.segment(Segment::Grow),
                    lang.segment(Segment::Acquire)
                ),
            },
            QuadrantLabel {
                right: false,
                top: false,
                text: lang.segment(Segment::Streamline).into(),
            },
        ],
    });
    let segments: Vec<CountRow> = Segment::ALL
        .iter()
        .map(|s| CountRow {
            code: s.as_str(),
            name: lang.segment(*s),
            text: lang.segment_text(*s),
            count: lang.count(count_of(*s) as u64),
        })
        .collect();
    let tiers = [Tier::Value, Tier::Growth, Tier::Standard]
        .iter()
        .map(|tier| CountRow {
            code: tier.as_str(),
            name: lang.tier(*tier),
            text: lang.tier_text(*tier),
            count: lang.count(customers.iter().filter(|c| c.tier == *tier).count() as u64),
        })
        .collect();

    // Key accounts, the highest score first.
    let mut keys: Vec<&CustomerResult> = customers.iter().filter(|c| c.score.key_account).collect();
    keys.sort_by(|x, y| y.score.score.total_cmp(&x.score.score));
    let model = &settings.score_model;
    let key_rows = keys
        .iter()
        .map(|c| KeyRow {
            id: c.id,
            name: name(c.id),
            score: score_text(lang, c.score.score),
            criteria: model
                .criteria
                .iter()
                .zip(&c.score.criteria)
                .map(|(k, s)| CriterionCell {
                    score: s.to_string(),
                    unrated: c.score.unrated.contains(&k.key),
                })
                .collect(),
            segment: lang.segment(c.segment),
        })
        .collect();

    // Passivation alerts, the largest customers first.
    let mut alerted: Vec<&CustomerResult> = customers
        .iter()
        .filter(|c| !c.assessment.alerts.is_empty())
        .collect();
    alerted.sort_by_key(|c| std::cmp::Reverse(c.waterfall.revenue));
    let alerts = alerted
        .iter()
        .map(|c| AlertRow {
            id: c.id,
            name: name(c.id),
            text: lower_first(
                &c.assessment
                    .alerts
                    .iter()
                    .map(|alert| lang.alert(alert))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        })
        .collect();

    // Lifetime values, the highest first; when the spend model could not be fitted, the largest
    // customers with their chance of still being customers.
    let mut valued: Vec<&CustomerResult> = customers
        .iter()
        .filter(|c| c.lifetime_value_cents.is_some() || c.p_alive.is_some())
        .collect();
    valued.sort_by_key(|c| {
        (
            std::cmp::Reverse(c.lifetime_value_cents),
            std::cmp::Reverse(c.waterfall.revenue),
        )
    });
    let lifetime_rows = valued
        .iter()
        .take(TOP_LIFETIME_VALUES)
        .map(|c| LifetimeRow {
            id: c.id,
            name: name(c.id),
            revenue: money(lang, c.waterfall.revenue),
            value: c
                .lifetime_value_cents
                .map_or_else(|| "–".into(), |v| money(lang, v)),
            p_alive: lang.percent(c.p_alive),
            behaviour: lang.behaviour(c.assessment.behaviour),
        })
        .collect();
    let model_fit = lang.model_fit(
        a.bgnbd.as_ref().map(|f| f.log_likelihood),
        a.gamma_gamma.as_ref().map(|f| f.log_likelihood),
        customers.iter().filter(|c| c.p_alive.is_some()).count(),
    );

    // The customer table, in the chosen order.
    let sort = q.sort.clone().unwrap_or_else(|| "-customer_margin".into());
    let (descending, key) = match sort.strip_prefix('-') {
        Some(k) => (true, k),
        None => (false, sort.as_str()),
    };
    let key = if SORTS.iter().any(|(k, _)| *k == key) {
        key
    } else {
        "customer_margin"
    };
    let mut ordered: Vec<&CustomerResult> = customers.iter().collect();
    let sort_keys: HashMap<i64, String> = customers
        .iter()
        .map(|c| (c.id, arvo_core::collation::finnish_sort_key(&name(c.id))))
        .collect();
    ordered.sort_by(|x, y| {
        let by_name = || sort_keys[&x.id].cmp(&sort_keys[&y.id]);
        let order = match key {
            "name" => by_name(),
            "revenue" => x.waterfall.revenue.cmp(&y.waterfall.revenue),
            "sales_margin" => x.waterfall.sales_margin.cmp(&y.waterfall.sales_margin),
            "score" => x.score.score.total_cmp(&y.score.score),
            "segment" => x.segment.cmp(&y.segment),
            _ => x
                .waterfall
                .customer_margin
                .cmp(&y.waterfall.customer_margin),
        };
        let order = if descending { order.reverse() } else { order };
        order.then_with(by_name)
    });
    let code = period.code();
    let headers = [
        (t.col_name, "name"),
        (t.col_net_sales, "revenue"),
        (t.col_margin, "sales_margin"),
        (t.col_customer_margin, "customer_margin"),
        (t.col_score, "score"),
        (t.col_segment, "segment"),
    ]
    .into_iter()
    .map(|(label, k)| {
        let numeric = SORTS.iter().any(|(s, num)| *s == k && *num);
        let current = key == k;
        let next_descending = if current { !descending } else { numeric };
        let aria_sort = current.then_some(if descending {
            "descending"
        } else {
            "ascending"
        });
        Header {
            label,
            href: Some(format!(
                "/analysis?period={code}&sort={}{k}#customers",
                if next_descending { "-" } else { "" }
            )),
            aria_sort,
            arrow: match aria_sort {
                Some("ascending") => "▲",
                Some(_) => "▼",
                None => "",
            },
            numeric,
        }
    })
    .collect();
    let rows = ordered
        .iter()
        .map(|c| CustomerRow {
            id: c.id,
            name: name(c.id),
            revenue: money(lang, c.waterfall.revenue),
            sales_margin: money(lang, c.waterfall.sales_margin),
            customer_margin: money(lang, c.waterfall.customer_margin),
            negative: c.waterfall.customer_margin < 0,
            score: score_text(lang, c.score.score),
            key_account: c.score.key_account,
            segment: lang.segment(c.segment),
            segment_code: c.segment.as_str(),
            behaviour: lang.behaviour(c.assessment.behaviour),
        })
        .collect();

    let page = AnalysisPage {
        t,
        downloads: downloads(lang, period),
        l: ctx.layout(t.analysis_title, "analysis"),
        periods: period_options(lang, today, period),
        period_error: period_problem.map(|p| lang.problem(t.period_label, &p)),
        range: format!("{} – {}", lang.date(report.from), lang.date(report.to)),
        as_of: lang.date(report.as_of),
        may_manage: caller.may(Action::ManageAnalysis),
        no_pools: report.pools.is_empty(),
        empty: customers.iter().all(|c| c.waterfall.revenue == 0),
        figures,
        whale_text,
        whale_svg,
        grid_columns,
        grid_rows,
        grid_left_out,
        matrix_svg,
        legend: segments
            .iter()
            .map(|s| CountRow {
                code: s.code,
                name: s.name,
                text: s.text,
                count: s.count.clone(),
            })
            .collect(),
        criteria_names: model.criteria.iter().map(|c| c.name.clone()).collect(),
        key_rows,
        segments,
        tiers,
        alerts,
        lifetime_rows,
        model_fit,
        headers,
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_offer_years_and_quarters_and_keep_the_chosen_one() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 10).unwrap();
        let options = period_options(Lang::Fi, today, Period::Year { year: 2019 });
        let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(
            values,
            [
                "rolling", "2026", "2025", "2024", "2023", "2026-Q2", "2026-Q1", "2025-Q4",
                "2025-Q3", "2025-Q2", "2025-Q1", "2019"
            ]
        );
        assert!(options.last().unwrap().selected);
        let (p, problem) = chosen_period(Some("2026-Q9"), today);
        assert_eq!(
            (p, problem.is_some()),
            (Period::Rolling { end: today }, true)
        );
    }

    #[test]
    fn decimals_are_read_and_written_in_the_users_language() {
        assert_eq!(read_decimal("3,5", Lang::Fi), Ok(3.5));
        assert_eq!(read_decimal("3.5", Lang::En), Ok(3.5));
        assert!(read_decimal("kolme", Lang::Fi).is_err());
        assert_eq!(decimal_input(Lang::Fi, 3.5), "3,5");
        assert_eq!(decimal_input(Lang::En, 4.0), "4");
        assert_eq!(lower_first("Ei ostoja"), "ei ostoja");
    }
}
