//! Targets as a service: setting them for a customer (whoever may edit the customer), a segment or
//! the whole base (managers and administrators), and following them against actuals measured
//! from the data. Revenue, customer margin, customers and share of wallet come from the value
//! analysis of the target's period up to today; adherence from the care engine on the period's
//! last day, or today while the period runs.
//!
//! The customers of a segment are the accounts the period's analysis puts in it; the customers of
//! the whole base are those that bought in the period. A segment's or the base's share of wallet
//! is its customers' purchases over their needs in the period, of those whose need is known
//! (a customer that bought nothing counts with its whole need).

use crate::analysis::{self, Period};
use crate::auth::Caller;
use crate::error::AppError;
use crate::i18n::Lang;
use arvo_core::analysis::CustomerResult;
use arvo_core::targets::{TargetInput, TargetMetric, TargetOf, attainment, elapsed};
use arvo_core::{Action, Scope};
use arvo_store::Store;
use arvo_store::targets::Target;
use chrono::NaiveDate;
use serde::Serialize;

/// A target with its actual.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TargetView {
    #[serde(flatten)]
    pub target: Target,
    /// The level reached, in hundredths of the metric's unit; `None` before the period starts or
    /// when it cannot be measured (share of wallet without any estimated need, adherence where
    /// nothing is required).
    pub actual: Option<i64>,
    /// The actual over the target: 1 when reached.
    pub attainment: Option<f64>,
    /// For revenue and margin, the part of the target due by the day measured, the period's days
    /// gone by as its share.
    pub due_by_now: Option<i64>,
}

/// A period's targets with their actuals.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TargetReport {
    /// `2027` or `2027-Q1`.
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day the actuals are measured on: the period's last day, or today while it runs.
    pub measured_on: NaiveDate,
    pub targets: Vec<TargetView>,
}

/// Whether the caller sees a target: a customer's when they see the customer, a segment's or
/// the base's when they may see the whole base's analysis.
fn sees(caller: &Caller, t: &Target) -> bool {
    match t.of() {
        Some(TargetOf::Customer(_)) => caller.sees(t.account_owner.as_deref()),
        _ => caller.may(Action::ViewAnalysis) && caller.scope == Scope::All,
    }
}

/// What a target of whom is measured over: the analysis's customers it covers.
fn covered(of: TargetOf, customers: &[CustomerResult]) -> impl Iterator<Item = &CustomerResult> {
    customers.iter().filter(move |c| match of {
        TargetOf::Customer(id) => c.id == id,
        TargetOf::Segment(s) => c.segment == s,
        TargetOf::Base => true,
    })
}

/// Share of wallet over customers: their purchases over their needs, of those whose need is
/// known, in hundredths of a percent.
fn share_of<'a>(customers: impl Iterator<Item = &'a CustomerResult>) -> Option<i64> {
    let (bought, needed) = customers
        .filter_map(|c| Some((c.waterfall.revenue, c.need_cents.filter(|n| *n > 0)?)))
        .fold((0_i128, 0_i128), |(b, n), (revenue, need)| {
            (b + i128::from(revenue), n + i128::from(need))
        });
    (needed > 0).then(|| {
        i64::try_from(arvo_core::numbers::round_div(bought * 10_000, needed)).unwrap_or(i64::MAX)
    })
}

/// The period's targets the caller sees, with their actuals on `today`.
pub async fn report(
    store: &Store,
    caller: &Caller,
    period: Period,
    today: NaiveDate,
) -> Result<TargetReport, AppError> {
    caller.require(Action::ReadCustomers)?;
    let (from, to) = period.range();
    let measured_on = to.min(today);
    let targets: Vec<Target> = store
        .targets(Some(&period.code()), None)
        .await?
        .into_iter()
        .filter(|t| sees(caller, t))
        .collect();
    let started = today >= from;
    let metric = |t: &Target| TargetMetric::parse(&t.metric);
    let needs_analysis = started
        && targets
            .iter()
            .any(|t| metric(t) != Some(TargetMetric::Adherence));
    let needs_care = started
        && targets
            .iter()
            .any(|t| metric(t) == Some(TargetMetric::Adherence));
    let report = if needs_analysis {
        Some(analysis::reckon(store, period, today).await?)
    } else {
        None
    };
    let evaluation = if needs_care {
        Some(crate::care::evaluate(store, &Scope::All, measured_on, Lang::default()).await?)
    } else {
        None
    };
    let share_gone = elapsed(period, measured_on);
    let views = targets
        .into_iter()
        .map(|t| {
            let customers = report.as_ref().map(|r| r.analysis.customers.as_slice());
            let actual = match (t.of(), metric(&t), customers) {
                (Some(of), Some(TargetMetric::Revenue), Some(all)) => {
                    Some(covered(of, all).map(|c| c.waterfall.revenue).sum())
                }
                (Some(of), Some(TargetMetric::Margin), Some(all)) => {
                    Some(covered(of, all).map(|c| c.waterfall.customer_margin).sum())
                }
                (Some(of), Some(TargetMetric::Customers), Some(all)) => {
                    let segment = matches!(of, TargetOf::Segment(_));
                    let count = covered(of, all)
                        .filter(|c| segment || c.waterfall.revenue > 0)
                        .count();
                    Some(i64::try_from(count).unwrap_or(i64::MAX).saturating_mul(100))
                }
                (Some(of), Some(TargetMetric::ShareOfWallet), Some(all)) => {
                    share_of(covered(of, all))
                }
                (Some(of), Some(TargetMetric::Adherence), _) => evaluation.as_ref().and_then(|e| {
                    let ratio = match of {
                        TargetOf::Customer(id) => e
                            .customers
                            .iter()
                            .find(|c| c.account_id == id)
                            .and_then(|c| c.adherence.ratio),
                        TargetOf::Segment(s) => e.by_segment.get(s.as_str()).and_then(|a| a.ratio),
                        TargetOf::Base => e.adherence.ratio,
                    };
                    #[allow(clippy::cast_possible_truncation)]
                    ratio.map(|r| (r * 10_000.0).round() as i64)
                }),
                _ => None,
            };
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            let due_by_now = (started && metric(&t).is_some_and(TargetMetric::accumulates))
                .then(|| (t.target as f64 * share_gone).round() as i64);
            TargetView {
                attainment: actual.map(|a| attainment(t.target, a)),
                actual,
                due_by_now,
                target: t,
            }
        })
        .collect();
    Ok(TargetReport {
        period: period.code(),
        from,
        to,
        measured_on,
        targets: views,
    })
}

/// The targets of one account the caller sees, of every period.
pub async fn account_targets(
    store: &Store,
    caller: &Caller,
    account_id: i64,
) -> Result<Vec<Target>, AppError> {
    crate::service::account(store, caller, account_id).await?;
    Ok(store.targets(None, Some(account_id)).await?)
}

/// Checks that the caller may set or change a target of this kind: a customer's when they may
/// edit the customer, a segment's or the base's when they manage the analysis.
async fn may_set(store: &Store, caller: &Caller, of: TargetOf) -> Result<(), AppError> {
    match of {
        TargetOf::Customer(id) => {
            caller.require(Action::EditCustomers)?;
            crate::service::account(store, caller, id).await?;
            Ok(())
        }
        TargetOf::Segment(_) | TargetOf::Base => Ok(caller.require(Action::ManageAnalysis)?),
    }
}

/// Sets a new target. Every bad field is named; a second target for the same whom, metric and
/// period is refused by `period`.
pub async fn create(
    store: &Store,
    caller: &Caller,
    input: &TargetInput,
) -> Result<Target, AppError> {
    caller.require(Action::EditCustomers)?;
    let draft = input.validate()?;
    may_set(store, caller, draft.of).await?;
    Ok(store
        .save_target(None, &draft, None, &caller.actor())
        .await?)
}

/// Changes a target; the caller must be allowed both the target as it is and as it becomes.
pub async fn update(
    store: &Store,
    caller: &Caller,
    id: i64,
    input: &TargetInput,
) -> Result<Target, AppError> {
    caller.require(Action::EditCustomers)?;
    let current = visible(store, caller, id).await?;
    // A target of a segment this version does not know is the analysts' to change.
    may_set(store, caller, current.of().unwrap_or(TargetOf::Base)).await?;
    let draft = input.validate()?;
    may_set(store, caller, draft.of).await?;
    Ok(store
        .save_target(Some(id), &draft, input.version, &caller.actor())
        .await?)
}

/// Deletes a target the caller may set.
pub async fn delete(store: &Store, caller: &Caller, id: i64) -> Result<(), AppError> {
    caller.require(Action::EditCustomers)?;
    let current = visible(store, caller, id).await?;
    // A target of a segment this version does not know is the analysts' to change.
    may_set(store, caller, current.of().unwrap_or(TargetOf::Base)).await?;
    Ok(store.delete_target(id, &caller.actor()).await?)
}

/// A target the caller sees; one they do not see is not found.
async fn visible(store: &Store, caller: &Caller, id: i64) -> Result<Target, AppError> {
    let t = store.target(id).await?;
    if sees(caller, &t) {
        Ok(t)
    } else {
        Err(AppError::NotFound("target".into()))
    }
}

/// One account's targets of every period with their actuals on `today`, the latest period
/// first.
pub async fn account_report(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    today: NaiveDate,
) -> Result<Vec<TargetView>, AppError> {
    let mut periods: Vec<String> = account_targets(store, caller, account_id)
        .await?
        .into_iter()
        .map(|t| t.period)
        .collect();
    periods.sort_unstable_by(|a, b| b.cmp(a));
    periods.dedup();
    let mut out = Vec::new();
    for code in periods {
        let Ok(period) = Period::parse_calendar(&code) else {
            continue;
        };
        out.extend(
            report(store, caller, period, today)
                .await?
                .targets
                .into_iter()
                .filter(|v| v.target.account_id == Some(account_id)),
        );
    }
    Ok(out)
}
