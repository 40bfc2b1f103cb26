//! Account plans as a service: reading a plan with its goals measured against the data (revenue,
//! margin and share of wallet over the twelve months up to today), its review's due day and the
//! customer's lifecycle stage; saving, reviewing and deleting plans with their access checks;
//! and the list of plans the caller sees.

use crate::analysis::{Period, account_analysis};
use crate::auth::Caller;
use crate::error::AppError;
use arvo_core::behaviour::Stage;
use arvo_core::plan::{GoalMetric, PlanInput, next_review, progress};
use arvo_core::{Action, Problem, ValidationErrors};
use arvo_store::Store;
use arvo_store::plans::{Plan, PlanSummary};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A goal's measured level and how far it has come.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct GoalProgress {
    pub goal_id: i64,
    /// The level now, in hundredths of the metric's unit: measured from the data for revenue,
    /// margin and share of wallet (over the twelve months up to today), as entered for a custom
    /// metric; `None` when unknown (e.g. share of wallet without an estimated need).
    pub actual: Option<i64>,
    /// 0 at the baseline, 1 at the target (below 0 when it went the other way).
    pub progress: Option<f64>,
    /// Whether the due day has passed without reaching the target.
    pub late: bool,
}

/// An account plan as its page and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PlanReport {
    pub plan: Plan,
    /// The goals' progress, in the plan's order.
    pub goals: Vec<GoalProgress>,
    /// The first and last day the measured levels cover.
    pub measured_from: NaiveDate,
    pub measured_to: NaiveDate,
    /// The last review: the later of the one recorded on the plan and the latest business
    /// review with the customer.
    pub last_review: Option<NaiveDate>,
    /// When the next review is due; `None` without a review cadence.
    pub next_review: Option<NaiveDate>,
    /// The customer's lifecycle stage by its purchases, whose encounter script applies now.
    #[schema(value_type = Option<String>)]
    pub stage: Option<Stage>,
}

/// The level a measured metric has in the analysis, in hundredths of its unit.
fn measured(metric: GoalMetric, customer: &arvo_core::analysis::CustomerResult) -> Option<i64> {
    match metric {
        GoalMetric::Revenue => Some(customer.waterfall.revenue),
        GoalMetric::Margin => Some(customer.waterfall.customer_margin),
        // A share of 0–1 as hundredths of a percent: 0.4 → 4 000.
        #[allow(clippy::cast_possible_truncation)]
        GoalMetric::ShareOfWallet => customer
            .share_of_wallet
            .map(|s| (s * 10_000.0).round() as i64),
        GoalMetric::Custom => None,
    }
}

/// The plan of an account the caller sees, measured on `today`; `None` when it has no plan.
pub async fn plan(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    today: NaiveDate,
) -> Result<Option<PlanReport>, AppError> {
    crate::service::account(store, caller, account_id).await?;
    let Some(plan) = store.plan(account_id).await? else {
        return Ok(None);
    };
    let (analysis, data) = tokio::try_join!(
        account_analysis(
            store,
            caller,
            account_id,
            Period::Rolling { end: today },
            today
        ),
        async { Ok(store.care_data(today, Some(account_id)).await?) },
    )?;
    let customer = analysis.customer.as_ref();
    let goals = plan
        .goals
        .iter()
        .map(|g| {
            let metric = GoalMetric::parse(&g.metric).unwrap_or(GoalMetric::Custom);
            let actual = if metric.is_measured() {
                customer.and_then(|c| measured(metric, c))
            } else {
                g.current
            };
            let progress = actual.map(|a| progress(g.baseline, g.target, a));
            GoalProgress {
                goal_id: g.id,
                actual,
                progress,
                late: g.due.is_some_and(|d| d < today) && progress.is_none_or(|p| p < 1.0),
            }
        })
        .collect();
    let encounters = data
        .encounters
        .first()
        .map_or(&[][..], |(_, e)| e.as_slice());
    let last_review = data
        .plans
        .first()
        .and_then(|(_, facts)| facts.last_review(encounters, today));
    let next_review = next_review(
        plan.started,
        last_review,
        u32::try_from(plan.review_every_days).unwrap_or(0),
    );
    Ok(Some(PlanReport {
        goals,
        measured_from: analysis.from,
        measured_to: analysis.as_of,
        last_review,
        next_review,
        stage: customer.map(|c| c.assessment.stage),
        plan,
    }))
}

/// Creates or replaces the plan of an account the caller sees and may edit. Every bad field is
/// named (`actions[2].due`); a stale `version` is a conflict.
pub async fn save_plan(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    input: &PlanInput,
    today: NaiveDate,
) -> Result<Plan, AppError> {
    caller.require(Action::EditCustomers)?;
    crate::service::account(store, caller, account_id).await?;
    let draft = input.validate(&caller.user.name, today)?;
    Ok(store
        .save_plan(account_id, &draft, input.version, today, &caller.actor())
        .await?)
}

/// A review of a plan, as the API and the page take it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewInput {
    /// The day of the review, `2026-12-06` or `6.12.2026`; today when left out. Not a day to
    /// come.
    pub on: Option<String>,
}

/// Records a review of the plan of an account the caller sees and may edit.
pub async fn review_plan(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    input: &ReviewInput,
    today: NaiveDate,
) -> Result<Plan, AppError> {
    caller.require(Action::EditCustomers)?;
    crate::service::account(store, caller, account_id).await?;
    let on = match arvo_core::validation::trimmed(input.on.as_deref()) {
        None => today,
        Some(text) => {
            let day = arvo_core::dates::parse_date(text)
                .map_err(|p| ValidationErrors::single("on", p))?;
            if day > today {
                return Err(ValidationErrors::single("on", Problem::InFuture).into());
            }
            day
        }
    };
    Ok(store
        .record_plan_review(account_id, on, &caller.actor())
        .await?)
}

/// Deletes the plan of an account the caller sees and may edit.
pub async fn delete_plan(store: &Store, caller: &Caller, account_id: i64) -> Result<(), AppError> {
    caller.require(Action::EditCustomers)?;
    crate::service::account(store, caller, account_id).await?;
    Ok(store.delete_plan(account_id, &caller.actor()).await?)
}

/// A plan in the list of plans, with its last review and when the next is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlanListing {
    #[serde(flatten)]
    pub plan: PlanSummary,
    /// The later of the review recorded on the plan and the latest business review.
    pub last_review: Option<NaiveDate>,
    /// `None` without a review cadence.
    pub next_review: Option<NaiveDate>,
}

/// The plans of the accounts the caller sees on `today`, by account name.
pub async fn plans(
    store: &Store,
    caller: &Caller,
    today: NaiveDate,
) -> Result<Vec<PlanListing>, AppError> {
    caller.require(Action::ReadCustomers)?;
    Ok(store
        .plans(today)
        .await?
        .into_iter()
        .filter(|p| caller.sees(p.owner.as_deref()))
        .map(|plan| {
            let last_review = plan.reviewed_on.max(plan.last_business_review);
            PlanListing {
                next_review: next_review(
                    plan.started,
                    last_review,
                    u32::try_from(plan.review_every_days).unwrap_or(0),
                ),
                last_review,
                plan,
            }
        })
        .collect())
}
