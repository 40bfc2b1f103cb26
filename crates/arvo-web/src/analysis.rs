//! The value analysis as a service the API, the pages and the command line share: it gathers
//! the data of a period from the store, applies the organisation's cost pools and settings, and
//! runs the pure analysis of `arvo-core` on it. A period is a calendar year, a quarter or the
//! last twelve months; the cost pools hold yearly costs, which a shorter period takes its share
//! of by days. The behaviour, alerts and forecasts look at the period's last day (or today, if
//! the period has not ended).

use crate::auth::Caller;
use crate::error::AppError;
use arvo_core::analysis::{self, Analysis, AnalysisSettings};
use arvo_core::profitability::CostPool;
use arvo_core::{Action, Actor, Problem, ValidationErrors};
use arvo_store::Store;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use arvo_core::period::Period;

/// Reads the period an address or a form names (see [`Period::parse`]), the problem named
/// `period`.
pub fn parse_period(text: Option<&str>, today: NaiveDate) -> Result<Period, AppError> {
    Period::parse(text, today).map_err(|p| ValidationErrors::single("period", p).into())
}

/// The settings key of the analysis settings (all but the cost pools).
const SETTINGS_KEY: &str = "analysis";

/// The analysis settings as stored: everything but the cost pools, which have their own table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoredSettings {
    #[schema(value_type = Object)]
    pub score_model: arvo_core::scoring::ScoreModel,
    #[schema(value_type = Object)]
    pub segment_rule: arvo_core::segments::SegmentRule,
    #[schema(value_type = Object)]
    pub behaviour_rules: arvo_core::behaviour::BehaviourRules,
    pub bands: usize,
    pub clv_horizon_days: u32,
    pub clv_discount_per_year: f64,
    /// The yearly need (cents) assumed for a customer of a size class (`micro`, `small`,
    /// `medium`, `large`) whose own need nobody entered.
    #[serde(default)]
    pub need_by_size: Vec<(String, i64)>,
}

impl StoredSettings {
    fn defaults() -> Self {
        let d = AnalysisSettings::defaults(true);
        Self {
            score_model: d.score_model,
            segment_rule: d.segment_rule,
            behaviour_rules: d.behaviour_rules,
            bands: d.bands,
            clv_horizon_days: d.clv_horizon_days,
            clv_discount_per_year: d.clv_discount_per_year,
            need_by_size: d.need_by_size,
        }
    }

    /// Checks the settings, naming the field of each problem.
    pub fn validate(&self) -> Result<(), AppError> {
        use arvo_core::scoring::ModelProblem;
        let between = |min: &str, max: &str| Problem::Between {
            min: min.into(),
            max: max.into(),
        };
        let mut errors = ValidationErrors::default();
        if let Err(problems) = self.score_model.validate() {
            for p in problems {
                match p {
                    ModelProblem::NoCriteria => {
                        errors.add("score_model.criteria", Problem::Required);
                    }
                    ModelProblem::WeightsNot100(total) => {
                        errors.add("score_model.criteria", Problem::Weights { total });
                    }
                    ModelProblem::RepeatedKey(key) => {
                        errors.add(format!("score_model.criteria.{key}"), Problem::Duplicate);
                    }
                    ModelProblem::Thresholds(key) => {
                        errors.add(format!("score_model.criteria.{key}"), Problem::Ascending);
                    }
                }
            }
        }
        if !(3..=4).contains(&self.bands) {
            errors.add("bands", between("3", "4"));
        }
        if !(30..=3650).contains(&self.clv_horizon_days) {
            errors.add("clv_horizon_days", between("30", "3650"));
        }
        if !(0.0..=1.0).contains(&self.clv_discount_per_year) {
            errors.add("clv_discount_per_year", between("0", "1"));
        }
        let rule = &self.segment_rule;
        if !(1.0..=5.0).contains(&rule.current_threshold) {
            errors.add("segment_rule.current_threshold", between("1", "5"));
        }
        if !(rule.potential_threshold >= 0.0 && rule.potential_threshold.is_finite()) {
            errors.add("segment_rule.potential_threshold", Problem::NotNegative);
        }
        match self.score_model.key_accounts {
            arvo_core::scoring::KeyAccountRule::Top { count: 0 } => {
                errors.add("score_model.key_accounts", Problem::PositiveInteger);
            }
            arvo_core::scoring::KeyAccountRule::AtLeast { score }
                if !(1.0..=5.0).contains(&score) =>
            {
                errors.add("score_model.key_accounts", between("1", "5"));
            }
            _ => {}
        }
        let r = &self.behaviour_rules;
        if !(1.0..=10.0).contains(&r.overdue_factor) {
            errors.add("behaviour_rules.overdue_factor", between("1", "10"));
        }
        if !(r.falling_share > 0.0 && r.falling_share < 1.0) {
            errors.add("behaviour_rules.falling_share", between("0", "1"));
        }
        for (size, cents) in &self.need_by_size {
            if arvo_core::SizeClass::parse_field(size).is_err() {
                errors.add(
                    format!("need_by_size.{size}"),
                    Problem::Choice {
                        allowed: ["micro", "small", "medium", "large"]
                            .map(String::from)
                            .to_vec(),
                    },
                );
            } else if *cents < 0 {
                errors.add(format!("need_by_size.{size}"), Problem::NotNegative);
            }
        }
        Ok(errors.into_result(|| ())?)
    }
}

/// The stored settings, or the defaults where none are stored.
pub async fn stored_settings(store: &Store) -> Result<StoredSettings, AppError> {
    match store.setting(SETTINGS_KEY).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::Unexpected(format!("the analysis settings: {e}"))),
        None => Ok(StoredSettings::defaults()),
    }
}

/// Saves the settings after checking them.
pub async fn save_settings(
    store: &Store,
    caller: &Caller,
    settings: &StoredSettings,
) -> Result<(), AppError> {
    caller.require(Action::ManageAnalysis)?;
    settings.validate()?;
    let json = serde_json::to_string(settings).map_err(|e| AppError::Unexpected(e.to_string()))?;
    store
        .set_setting(SETTINGS_KEY, &json, &actor(caller))
        .await?;
    Ok(())
}

fn actor(caller: &Caller) -> Actor {
    Actor::new(caller.user.name.clone(), caller.via)
}

/// The cost pools with their yearly costs.
pub async fn cost_pools(store: &Store) -> Result<Vec<CostPool>, AppError> {
    Ok(store
        .cost_pools()
        .await?
        .into_iter()
        .map(|p| p.pool)
        .collect())
}

/// Replaces the cost pools after checking each (a name, a cost not below zero, names unique).
pub async fn save_cost_pools(
    store: &Store,
    caller: &Caller,
    pools: &[CostPool],
) -> Result<(), AppError> {
    caller.require(Action::ManageAnalysis)?;
    let mut errors = ValidationErrors::default();
    for (i, p) in pools.iter().enumerate() {
        if let Err(problems) = p.validate() {
            for (field, problem) in problems {
                errors.add(format!("pools[{i}].{field}"), problem);
            }
        }
        if pools[..i].iter().any(|q| q.name.trim() == p.name.trim()) {
            errors.add(format!("pools[{i}].name"), Problem::Duplicate);
        }
    }
    errors.into_result(|| ())?;
    store.set_cost_pools(pools, &actor(caller)).await?;
    Ok(())
}

/// An analysis of a period, with the names of its customers.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day the behaviour and forecasts look from.
    pub as_of: NaiveDate,
    /// The cost pools of the period: their yearly costs in the period's share.
    pub pools: Vec<CostPool>,
    pub analysis: Analysis,
    pub names: HashMap<i64, String>,
}

/// Runs the analysis of a period; `today` bounds the day it looks from.
pub async fn run(
    store: &Store,
    caller: &Caller,
    period: Period,
    today: NaiveDate,
) -> Result<Report, AppError> {
    require_view(caller)?;
    reckon(store, period, today).await
}

/// The analysis without the caller's check, for the command line (which acts for no user).
pub async fn reckon(store: &Store, period: Period, today: NaiveDate) -> Result<Report, AppError> {
    analyse_period(store, period, today, true).await
}

/// The analysis of a period, with the customers' names when `with_names` (a refresh, which
/// only saves segments, goes without).
async fn analyse_period(
    store: &Store,
    period: Period,
    today: NaiveDate,
    with_names: bool,
) -> Result<Report, AppError> {
    let (from, to) = period.range();
    let as_of = to.min(today);
    let settings = period_settings(store, period).await?;
    let pools = settings.pools.clone();
    let started = std::time::Instant::now();
    let (data, names) = tokio::try_join!(store.analysis_data(from, as_of), async {
        if with_names {
            store.all_account_names().await
        } else {
            Ok(HashMap::new())
        }
    })?;
    let read = started.elapsed();
    let analysis = tokio::task::spawn_blocking(move || analysis::analyse(&data, &settings, as_of))
        .await
        .map_err(|e| AppError::Unexpected(e.to_string()))?;
    tracing::debug!(
        customers = analysis.customers.len(),
        read_ms = read.as_millis(),
        reckon_ms = started.elapsed().saturating_sub(read).as_millis(),
        "analysis reckoned"
    );
    Ok(Report {
        period,
        from,
        to,
        as_of,
        pools,
        analysis,
        names,
    })
}

/// The settings of a period's analysis: the stored ones, with the cost pools' yearly costs in
/// the period's share of a year, rounded to the cent.
async fn period_settings(store: &Store, period: Period) -> Result<AnalysisSettings, AppError> {
    let stored = stored_settings(store).await?;
    let days = period.days();
    let pools: Vec<CostPool> = cost_pools(store)
        .await?
        .into_iter()
        .map(|mut p| {
            p.cost_cents = i64::try_from(arvo_core::numbers::round_div(
                i128::from(p.cost_cents) * i128::from(days),
                365,
            ))
            .unwrap_or(i64::MAX);
            p
        })
        .collect();
    Ok(AnalysisSettings {
        pools,
        score_model: stored.score_model,
        segment_rule: stored.segment_rule,
        behaviour_rules: stored.behaviour_rules,
        bands: stored.bands,
        clv_horizon_days: stored.clv_horizon_days,
        clv_discount_per_year: stored.clv_discount_per_year,
        need_by_size: stored.need_by_size,
        period_days: u32::try_from(days).unwrap_or(365),
    })
}

/// A customer who would enter or leave the key accounts under a proposed score model.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct KeyAccountChange {
    pub id: i64,
    pub name: String,
    /// The value score under the saved model and under the proposed one, 1–5.
    pub score_now: f64,
    pub score_then: f64,
}

/// What a proposed score model would do to the key accounts of a period.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WhatIf {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub key_accounts_now: usize,
    pub key_accounts_then: usize,
    /// Customers who would become key accounts, highest proposed score first.
    pub entering: Vec<KeyAccountChange>,
    /// Key accounts who would no longer be, lowest proposed score first.
    pub leaving: Vec<KeyAccountChange>,
}

/// What-if: who would enter and who would leave the key accounts of a period if the score model
/// were `proposed` (checked as the settings are), without saving anything.
pub async fn what_if(
    store: &Store,
    caller: &Caller,
    period: Period,
    proposed: &arvo_core::scoring::ScoreModel,
    today: NaiveDate,
) -> Result<WhatIf, AppError> {
    require_view(caller)?;
    let mut check = stored_settings(store).await?;
    check.score_model = proposed.clone();
    check.validate()?;
    let (from, to) = period.range();
    let as_of = to.min(today);
    let settings = period_settings(store, period).await?;
    let (data, names) =
        tokio::try_join!(store.analysis_data(from, as_of), store.all_account_names())?;
    let proposed = proposed.clone();
    let (ids, preview) = tokio::task::spawn_blocking(move || {
        let preview = analysis::preview_score_model(&data, &settings, &proposed, as_of);
        (data.iter().map(|c| c.id).collect::<Vec<i64>>(), preview)
    })
    .await
    .map_err(|e| AppError::Unexpected(e.to_string()))?;
    let change = |i: usize| KeyAccountChange {
        id: ids[i],
        name: names.get(&ids[i]).cloned().unwrap_or_default(),
        score_now: preview.current[i].score,
        score_then: preview.proposed[i].score,
    };
    let mut entering: Vec<KeyAccountChange> =
        preview.change.entering.iter().map(|&i| change(i)).collect();
    entering.sort_by(|a, b| b.score_then.total_cmp(&a.score_then));
    let mut leaving: Vec<KeyAccountChange> =
        preview.change.leaving.iter().map(|&i| change(i)).collect();
    leaving.sort_by(|a, b| a.score_then.total_cmp(&b.score_then));
    let count =
        |scores: &[arvo_core::scoring::Scored]| scores.iter().filter(|s| s.key_account).count();
    Ok(WhatIf {
        from,
        to,
        key_accounts_now: count(&preview.current),
        key_accounts_then: count(&preview.proposed),
        entering,
        leaving,
    })
}

/// Saves the segments the rule gives in this report (hand-set ones stay); returns how many
/// accounts changed segment.
pub async fn save_segments(store: &Store, report: &Report, actor: &Actor) -> Result<u64, AppError> {
    let segments: Vec<(i64, &str, &str)> = report
        .analysis
        .customers
        .iter()
        .map(|c| (c.id, c.segment.as_str(), c.tier.as_str()))
        .collect();
    Ok(store.save_rule_segments(&segments, actor).await?)
}

/// Reckons the analysis and saves its segments, in the caller's name.
pub async fn refresh(
    store: &Store,
    caller: &Caller,
    period: Period,
    today: NaiveDate,
) -> Result<(Report, u64), AppError> {
    caller.require(Action::ManageAnalysis)?;
    refresh_segments(store, period, today, &actor(caller)).await
}

/// Reckons the analysis (without the customers' names) and saves its segments in `actor`'s
/// name, without the caller's check; returns the report and how many accounts changed segment.
pub async fn refresh_segments(
    store: &Store,
    period: Period,
    today: NaiveDate,
    actor: &Actor,
) -> Result<(Report, u64), AppError> {
    let report = analyse_period(store, period, today, false).await?;
    let started = std::time::Instant::now();
    let changed = save_segments(store, &report, actor).await?;
    tracing::debug!(
        changed,
        save_ms = started.elapsed().as_millis(),
        "segments saved"
    );
    Ok((report, changed))
}

/// `Forbidden` unless the caller may see the company-wide analysis: it covers every account,
/// so it is open to roles that may view it and see every account.
pub fn require_view(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::ViewAnalysis)?;
    if caller.scope == arvo_core::Scope::All {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "the analysis covers every account; it is open to those who see every account".into(),
        ))
    }
}

/// How many customers moved from one segment to another between two days.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Migration {
    /// The segment at the end of the first day; null for customers without one then.
    pub from_segment: Option<String>,
    /// The segment at the end of the second day; null for customers without one then.
    pub to_segment: Option<String>,
    pub customers: usize,
}

/// The migration table of segments between the ends of two days, from the segment history.
pub async fn migration(
    store: &Store,
    caller: &Caller,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Migration>, AppError> {
    use arvo_core::segments::{Segment, migration};
    require_view(caller)?;
    let end_of = |d: NaiveDate| {
        d.succ_opt()
            .unwrap_or(d)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc()
    };
    let read = |rows: Vec<(i64, String)>| {
        rows.into_iter()
            .filter_map(|(id, s)| Some((id, Segment::parse(&s)?)))
            .collect::<std::collections::BTreeMap<i64, Segment>>()
    };
    let before = read(store.segments_at(end_of(from)).await?);
    let after = read(store.segments_at(end_of(to)).await?);
    Ok(migration(&before, &after)
        .into_iter()
        .map(|((f, t), customers)| Migration {
            from_segment: f.map(|s| s.as_str().to_owned()),
            to_segment: t.map(|s| s.as_str().to_owned()),
            customers,
        })
        .collect())
}

/// One account's part of a period's analysis, with what people have said of it: for the
/// account's own page, so open to anyone who sees the account.
#[derive(Debug, Clone)]
pub struct AccountAnalysis {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
    /// The period's cost pools, in the order of the waterfall's `pool_costs`.
    pub pools: Vec<CostPool>,
    /// The account's figures (`None` only if the account appeared after the data was read).
    pub customer: Option<analysis::CustomerResult>,
    /// How many accounts the scores and quintiles compare it with.
    pub base: usize,
    pub settings: StoredSettings,
    pub estimated_need_cents: Option<i64>,
    /// Every rating of its people-rated criteria, newest first.
    pub ratings: Vec<arvo_store::analysis::Rating>,
    pub segment: SegmentView,
}

/// The analysis of a period for one account the caller sees. The scores compare the account
/// with every other, so the whole base is reckoned, but only this account's figures are given.
pub async fn account_analysis(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    period: Period,
    today: NaiveDate,
) -> Result<AccountAnalysis, AppError> {
    let segment = segment_view(store, caller, account_id).await?;
    let report = reckon(store, period, today).await?;
    let settings = stored_settings(store).await?;
    let estimated_need_cents = store
        .segment_inputs()
        .await?
        .into_iter()
        .find(|(id, _, _)| *id == account_id)
        .and_then(|(_, need, _)| need);
    let ratings = store.ratings_of(account_id).await?;
    let base = report.analysis.customers.len();
    let customer = report
        .analysis
        .customers
        .into_iter()
        .find(|c| c.id == account_id);
    Ok(AccountAnalysis {
        period,
        from: report.from,
        to: report.to,
        as_of: report.as_of,
        pools: report.pools,
        customer,
        base,
        settings,
        estimated_need_cents,
        ratings,
        segment,
    })
}

/// A person's rating of a criterion, as the API and the pages take it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RatingInput {
    /// The criterion's key in the score model, e.g. `reference`.
    pub criterion: String,
    /// 1 to 5.
    pub score: i64,
    pub reason: Option<String>,
}

/// Rates a criterion of an account the caller sees. The criterion must be one of the model's
/// criteria rated by people.
pub async fn rate(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    input: &RatingInput,
) -> Result<(), AppError> {
    caller.require(Action::RateCustomers)?;
    crate::service::account(store, caller, account_id).await?;
    let model = stored_settings(store).await?.score_model;
    let rated: Vec<String> = model
        .criteria
        .iter()
        .filter(|c| c.source == arvo_core::scoring::Source::Rated)
        .map(|c| c.key.clone())
        .collect();
    let mut errors = ValidationErrors::default();
    if !rated.contains(&input.criterion) {
        errors.add("criterion", Problem::Choice { allowed: rated });
    }
    if !(1..=5).contains(&input.score) {
        errors.add(
            "score",
            Problem::Between {
                min: "1".into(),
                max: "5".into(),
            },
        );
    }
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) {
        errors.add("reason", Problem::TooLong { max: 500 });
    }
    errors.into_result(|| ())?;
    let rating = u8::try_from(input.score).unwrap_or(3);
    store
        .rate(account_id, &input.criterion, rating, reason, &actor(caller))
        .await?;
    Ok(())
}

/// A segment set by hand, or given back to the rule (`segment` null), always with a reason.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct SegmentInput {
    /// `retain`, `grow`, `streamline` or `acquire`; null gives the account back to the rule.
    pub segment: Option<String>,
    pub reason: String,
}

/// Sets the segment of an account the caller sees by hand (its tier follows the segment), or
/// gives it back to the rule.
pub async fn set_segment(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    input: &SegmentInput,
) -> Result<(), AppError> {
    use arvo_core::segments::Segment;
    caller.require(Action::RateCustomers)?;
    crate::service::account(store, caller, account_id).await?;
    let mut errors = ValidationErrors::default();
    let segment = input.segment.as_deref().and_then(Segment::parse);
    if input.segment.is_some() && segment.is_none() {
        errors.add(
            "segment",
            Problem::Choice {
                allowed: Segment::ALL.iter().map(|s| s.as_str().to_owned()).collect(),
            },
        );
    }
    let reason = input.reason.trim();
    if reason.is_empty() {
        errors.add("reason", Problem::Required);
    } else if reason.chars().count() > 500 {
        errors.add("reason", Problem::TooLong { max: 500 });
    }
    errors.into_result(|| ())?;
    store
        .set_manual_segment(
            account_id,
            segment.map(|s| (s.as_str(), s.tier().as_str())),
            reason,
            &actor(caller),
        )
        .await?;
    Ok(())
}

/// An account's segment now and every change of it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SegmentView {
    pub current: Option<arvo_store::analysis::SegmentState>,
    pub history: Vec<arvo_store::analysis::SegmentChange>,
}

pub async fn segment_view(
    store: &Store,
    caller: &Caller,
    account_id: i64,
) -> Result<SegmentView, AppError> {
    crate::service::account(store, caller, account_id).await?;
    Ok(SegmentView {
        current: store.account_segment(account_id).await?,
        history: store.segment_history(account_id).await?,
    })
}

/// Sets or forgets the estimated yearly need of an account the caller sees, in cents.
pub async fn set_need(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    cents: Option<i64>,
) -> Result<(), AppError> {
    caller.require(Action::RateCustomers)?;
    crate::service::account(store, caller, account_id).await?;
    if cents.is_some_and(|c| c < 0) {
        return Err(ValidationErrors::single("cents", Problem::NotNegative).into());
    }
    store
        .set_estimated_need(account_id, cents, &actor(caller))
        .await?;
    Ok(())
}
