//! Duplicate review: groups of accounts that look like one customer side by side, with merge
//! and "not duplicates" actions.

use super::accounts::Notice;
use super::forms::FormData;
use super::views::value_text;
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::i18n::{Lang, Texts};
use crate::service;
use arvo_core::Account;
use arvo_core::duplicates::MatchReason;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// One compared field across the accounts of a group.
struct CompareRow {
    label: String,
    values: Vec<String>,
    differs: bool,
}

struct GroupView {
    reasons: Vec<String>,
    accounts: Vec<Account>,
    rows: Vec<CompareRow>,
}

#[derive(Template)]
#[template(path = "duplicates.html")]
struct ListPage {
    t: &'static Texts,
    l: Layout,
    groups: Vec<GroupView>,
}

const COMPARED: &[&str] = &[
    "name",
    "business_id",
    "status",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "municipality",
    "owner",
    "annual_revenue_cents",
    "tags",
];

fn reason_text(lang: Lang, r: MatchReason, value: &str) -> String {
    let t = lang.texts();
    match r {
        MatchReason::BusinessId => format!("{}: {value}", t.reason_business_id),
        MatchReason::Email => format!("{}: {value}", t.reason_email),
        MatchReason::Name => t.reason_name.to_owned(),
        MatchReason::SimilarName => t.reason_similar_name.to_owned(),
    }
}

pub async fn list(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let reviews = service::duplicate_reviews(&state.store, ctx.caller()?)
        .await
        .map_err(|e| ctx.fail(e))?;
    let groups = reviews
        .into_iter()
        .map(|r| {
            let mut reasons: Vec<String> = r
                .group
                .matches
                .iter()
                .map(|m| reason_text(lang, m.reason, &m.value))
                .collect();
            reasons.sort();
            reasons.dedup();
            let json: Vec<serde_json::Value> = r
                .accounts
                .iter()
                .map(|a| serde_json::to_value(&a.data).unwrap_or_default())
                .collect();
            let mut rows: Vec<CompareRow> = COMPARED
                .iter()
                .map(|field| {
                    let values: Vec<String> = json
                        .iter()
                        .map(|j| {
                            value_text(
                                lang,
                                field,
                                j.get(*field).unwrap_or(&serde_json::Value::Null),
                            )
                        })
                        .collect();
                    let differs = values.iter().any(|v| v != &values[0]);
                    CompareRow {
                        label: lang.field(field),
                        values,
                        differs,
                    }
                })
                .collect();
            rows.push(CompareRow {
                label: lang.texts().nav_contacts.to_owned(),
                values: r.contact_counts.iter().map(ToString::to_string).collect(),
                differs: false,
            });
            GroupView {
                reasons,
                accounts: r.accounts,
                rows,
            }
        })
        .collect();
    let t = ctx.t();
    let mut l = ctx.layout(t.duplicates_title, "duplicates");
    l.notice = notice.text(t);
    Ok(render(StatusCode::OK, &ListPage { t, l, groups }))
}

fn ids(form: &FormData, name: &str) -> Vec<i64> {
    form.all(name)
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect()
}

pub async fn merge(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let keep: i64 = form
        .get("keep")
        .parse()
        .map_err(|_| ctx.fail(super::forms::missing_version()))?;
    let others: Vec<i64> = ids(&form, "ids")
        .into_iter()
        .filter(|id| *id != keep)
        .collect();
    let kept = service::merge_accounts(&state.store, ctx.caller()?, keep, &others)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!("/accounts/{}?notice=merged", kept.id)).into_response())
}

pub async fn dismiss(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    service::dismiss_duplicates(&state.store, ctx.caller()?, &ids(&form, "ids"))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to("/duplicates?notice=dismissed").into_response())
}
