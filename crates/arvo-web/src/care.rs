//! The care of customers as a service: the care models (stored in the settings, the defaults
//! until a manager saves some), the adherence engine's evaluation of the base with its suggested
//! actions in words and its adherence per customer, owner and segment, the decisions people take
//! on suggestions, and encounters and tasks with their access checks.
//!
//! The engine reads the base once ([`arvo_store::Store::care_data`]), builds each customer's
//! facts (encounters, passivation alert from its purchase days, segment and tier) and hands them
//! to the pure rules of [`arvo_core::care`].

use crate::auth::Caller;
use crate::error::AppError;
use crate::i18n::Lang;
use arvo_core::behaviour::{Alert, BehaviourRules};
use arvo_core::care::{Adherence, CareFacts, CareModel, Decisions, Gap, GapKind, default_models};
use arvo_core::care::{EncounterChannel, EncounterKind};
use arvo_core::segments::{Segment, Tier};
use arvo_core::work::{EncounterDraft, EncounterInput, TaskDraft, TaskInput, TaskOrigin};
use arvo_core::{Action, Actor, Problem, Scope, ValidationErrors};
use arvo_store::Store;
use arvo_store::care::{
    CareData, Encounter, EncounterQuery, NewDecision, StoredDecision, Task, TaskQuery,
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The settings key of the care models.
const MODELS_KEY: &str = "care_models";

/// The longest reason for dismissing a suggestion.
const MAX_REASON: usize = 500;

/// The care models in force: the saved ones, or the defaults until a manager saves some.
pub async fn models(store: &Store) -> Result<Vec<CareModel>, AppError> {
    match store.setting(MODELS_KEY).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::Unexpected(format!("the stored care models: {e}"))),
        None => Ok(default_models()),
    }
}

/// Replaces the care models after checking them; for managers and administrators.
pub async fn save_models(
    store: &Store,
    caller: &Caller,
    models: &[CareModel],
) -> Result<(), AppError> {
    caller.require(Action::ManageCareModels)?;
    store_models(store, models, &caller.actor()).await
}

/// Replaces the care models after checking them, without a caller's check (the demo and the
/// command line act for no user).
pub async fn store_models(
    store: &Store,
    models: &[CareModel],
    actor: &Actor,
) -> Result<(), AppError> {
    arvo_core::care::validate(models)?;
    let json = serde_json::to_string(models).map_err(|e| AppError::Unexpected(e.to_string()))?;
    store.set_setting(MODELS_KEY, &json, actor).await?;
    Ok(())
}

/// A suggested action: a gap with its customer, owner, reason and proposed step in words.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub account_name: String,
    pub owner: Option<String>,
    #[serde(flatten)]
    pub gap: Gap,
    /// Why it is suggested, naming the customer.
    pub reason: String,
    /// The proposed step in words.
    pub step: String,
}

/// Requirements met on time out of those required, with the share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AdherenceView {
    pub required: u32,
    pub met: u32,
    /// 0–1; null when nothing is required.
    pub ratio: Option<f64>,
}

impl From<Adherence> for AdherenceView {
    fn from(a: Adherence) -> Self {
        Self {
            required: a.required,
            met: a.met,
            ratio: a.ratio(),
        }
    }
}

/// One customer's adherence.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CustomerAdherence {
    pub account_id: i64,
    pub account_name: String,
    pub owner: Option<String>,
    pub segment: Option<Segment>,
    #[serde(flatten)]
    pub adherence: AdherenceView,
}

/// Adherence on one day, for the trend.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AdherencePoint {
    pub on: NaiveDate,
    #[serde(flatten)]
    pub adherence: AdherenceView,
}

/// The engine's evaluation of the customers a caller sees, on a day.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Evaluation {
    pub on: NaiveDate,
    /// Most overdue first.
    pub suggestions: Vec<Suggestion>,
    pub adherence: AdherenceView,
    /// By owner's name (`""` for accounts without an owner).
    pub by_owner: BTreeMap<String, AdherenceView>,
    /// By segment code.
    pub by_segment: BTreeMap<String, AdherenceView>,
    /// Every evaluated customer, least adherent first.
    pub customers: Vec<CustomerAdherence>,
    /// The whole adherence on the first day of each of the last six months and on the day.
    pub trend: Vec<AdherencePoint>,
}

/// Every customer's first passivation alert on `on`, in account id order.
fn alerts(data: &CareData, rules: &BehaviourRules, on: NaiveDate) -> Vec<(i64, Alert)> {
    data.purchases
        .iter()
        .filter_map(|(id, days)| {
            let assessment = arvo_core::behaviour::assess(days, on, rules);
            Some((*id, *assessment.alerts.first()?))
        })
        .collect()
}

/// The first day of each of the six months before `on`'s month, then `on`.
fn trend_days(on: NaiveDate) -> Vec<NaiveDate> {
    let first = on.with_day(1).unwrap_or(on);
    let mut days: Vec<NaiveDate> = (1..=6)
        .rev()
        .filter_map(|m| first.checked_sub_months(chrono::Months::new(m)))
        .collect();
    days.push(on);
    days
}

/// The decisions the engine holds gaps back by.
fn engine_decisions(stored: &[StoredDecision]) -> Decisions {
    stored
        .iter()
        .filter_map(|d| Some(((d.account_id, d.gap_key.clone()), d.engine()?)))
        .collect()
}

/// The evaluation of the customers in `scope` on `on`, from the data read: each customer with a
/// saved segment against its segment's (and tier's) model; every customer for its account plan
/// (if it has one) and its passivation alert.
pub fn evaluate_data(
    models: &[CareModel],
    rules: &BehaviourRules,
    data: &CareData,
    scope: &Scope,
    on: NaiveDate,
    lang: Lang,
) -> Evaluation {
    let decisions = engine_decisions(&data.decisions);
    let alerts = alerts(data, rules, on);
    let days = trend_days(on);
    let mut trend = vec![Adherence::default(); days.len()];
    let mut suggestions = Vec::new();
    let mut customers = Vec::new();
    let mut by_owner: BTreeMap<String, Adherence> = BTreeMap::new();
    let mut by_segment: BTreeMap<String, Adherence> = BTreeMap::new();
    for a in data
        .accounts
        .iter()
        .filter(|a| scope.includes(a.owner.as_deref()))
    {
        let segment = a
            .segment
            .as_ref()
            .and_then(|(s, t)| Some((Segment::parse(s)?, Tier::parse(t)?)));
        let encounters = data
            .encounters
            .binary_search_by_key(&a.id, |(id, _)| *id)
            .map_or(&[][..], |i| data.encounters[i].1.as_slice());
        let alert = alerts
            .binary_search_by_key(&a.id, |(id, _)| *id)
            .ok()
            .map(|i| &alerts[i].1);
        let plan = data
            .plans
            .binary_search_by_key(&a.id, |(id, _)| *id)
            .ok()
            .map(|i| &data.plans[i].1);
        // Without a saved segment no model applies: only the plan and the alert count.
        let applying = if segment.is_some() { models } else { &[] };
        // Care is followed from the first recorded encounter, or from the day the account
        // came into Arvo if nothing is recorded before it.
        let since = encounters
            .first()
            .map_or(a.created, |e| e.date.min(a.created));
        let facts = CareFacts {
            account_id: a.id,
            segment: segment.map_or(Segment::Streamline, |(s, _)| s),
            tier: segment.map_or(Tier::Standard, |(_, t)| t),
            counting_from: since,
            encounters,
            plan,
            alert,
        };
        for gap in
            arvo_core::care::suggestions(applying, std::slice::from_ref(&facts), &decisions, on)
        {
            suggestions.push(Suggestion {
                account_name: a.name.clone(),
                owner: a.owner.clone(),
                reason: lang.gap_reason(&a.name, &gap),
                step: lang.step(&gap.proposed),
                gap,
            });
        }
        let adherence = arvo_core::care::adherence(applying, &facts, on);
        if adherence.required == 0 {
            continue;
        }
        for (total, day) in trend.iter_mut().zip(&days) {
            if since <= *day {
                *total = *total + arvo_core::care::adherence(applying, &facts, *day);
            }
        }
        *by_owner
            .entry(a.owner.clone().unwrap_or_default())
            .or_default() = by_owner
            .get(a.owner.as_deref().unwrap_or_default())
            .copied()
            .unwrap_or_default()
            + adherence;
        if let Some((s, _)) = segment {
            *by_segment.entry(s.as_str().to_owned()).or_default() =
                by_segment.get(s.as_str()).copied().unwrap_or_default() + adherence;
        }
        customers.push(CustomerAdherence {
            account_id: a.id,
            account_name: a.name.clone(),
            owner: a.owner.clone(),
            segment: segment.map(|(s, _)| s),
            adherence: adherence.into(),
        });
    }
    suggestions.sort_by(|a, b| {
        b.gap
            .days_overdue
            .cmp(&a.gap.days_overdue)
            .then(a.gap.account_id.cmp(&b.gap.account_id))
    });
    customers.sort_by(|a, b| {
        a.adherence
            .ratio
            .partial_cmp(&b.adherence.ratio)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.account_id.cmp(&b.account_id))
    });
    Evaluation {
        on,
        suggestions,
        adherence: customers
            .iter()
            .map(|c| Adherence {
                required: c.adherence.required,
                met: c.adherence.met,
            })
            .sum::<Adherence>()
            .into(),
        by_owner: by_owner.into_iter().map(|(k, v)| (k, v.into())).collect(),
        by_segment: by_segment.into_iter().map(|(k, v)| (k, v.into())).collect(),
        customers,
        trend: days
            .into_iter()
            .zip(trend)
            .map(|(on, a)| AdherencePoint {
                on,
                adherence: a.into(),
            })
            .collect(),
    }
}

/// Evaluates the customers in `scope` on `on`: reads the base once and reckons on a blocking
/// thread.
pub async fn evaluate(
    store: &Store,
    scope: &Scope,
    on: NaiveDate,
    lang: Lang,
) -> Result<Evaluation, AppError> {
    let started = std::time::Instant::now();
    let (models, settings, data) = tokio::try_join!(
        models(store),
        crate::analysis::stored_settings(store),
        async { Ok(store.care_data(on, None).await?) },
    )?;
    let read = started.elapsed();
    let scope = scope.clone();
    let evaluation = tokio::task::spawn_blocking(move || {
        evaluate_data(&models, &settings.behaviour_rules, &data, &scope, on, lang)
    })
    .await
    .map_err(|e| AppError::Unexpected(e.to_string()))?;
    tracing::debug!(
        customers = evaluation.customers.len(),
        suggestions = evaluation.suggestions.len(),
        read_ms = read.as_millis(),
        reckon_ms = started.elapsed().saturating_sub(read).as_millis(),
        "care evaluated"
    );
    Ok(evaluation)
}

/// The evaluation of the customers the caller sees; `mine` narrows it to the caller's own
/// customers (and those without an owner).
pub async fn evaluation(
    store: &Store,
    caller: &Caller,
    on: NaiveDate,
    mine: bool,
) -> Result<Evaluation, AppError> {
    caller.require(Action::ReadCustomers)?;
    let scope = if mine {
        Scope::OwnedBy(vec![caller.user.name.clone()])
    } else {
        caller.scope.clone()
    };
    evaluate(store, &scope, on, lang_of(caller)).await
}

fn lang_of(caller: &Caller) -> Lang {
    Lang::parse(&caller.user.language).unwrap_or_default()
}

/// One account's evaluation on `on`, read on its own; with `decided`, the decisions taken hold
/// gaps back as they do for the whole base.
async fn evaluate_account(
    store: &Store,
    account_id: i64,
    on: NaiveDate,
    lang: Lang,
    decided: bool,
) -> Result<Evaluation, AppError> {
    let (models, settings, mut data) = tokio::try_join!(
        models(store),
        crate::analysis::stored_settings(store),
        async { Ok(store.care_data(on, Some(account_id)).await?) },
    )?;
    if !decided {
        data.decisions.clear();
    }
    Ok(evaluate_data(
        &models,
        &settings.behaviour_rules,
        &data,
        &Scope::All,
        on,
        lang,
    ))
}

/// The suggested actions for one account the caller sees, on `on`.
pub async fn account_suggestions(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    on: NaiveDate,
) -> Result<Vec<Suggestion>, AppError> {
    crate::service::account(store, caller, account_id).await?;
    Ok(
        evaluate_account(store, account_id, on, lang_of(caller), true)
            .await?
            .suggestions,
    )
}

/// One account's current gaps on `on`, whatever was decided on them.
async fn account_gaps(store: &Store, account_id: i64, on: NaiveDate) -> Result<Vec<Gap>, AppError> {
    let evaluation = evaluate_account(store, account_id, on, Lang::default(), false).await?;
    Ok(evaluation.suggestions.into_iter().map(|s| s.gap).collect())
}

/// A decision on a suggested action, as the API and the pages take it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionInput {
    /// The gap's key, as the suggestion gives it.
    pub gap: String,
    /// `accept` (a task is made), `postpone` (it comes back on `until`) or `dismiss` (with a
    /// `reason`; not proposed again for this gap).
    pub decision: String,
    /// The day a postponed suggestion comes back, after today.
    pub until: Option<String>,
    pub reason: Option<String>,
    /// The accepted task's due day; today when left out.
    pub due: Option<String>,
    /// The accepted task's owner (a user's name); when left out, the account's owner if they are
    /// a user, else the caller.
    pub owner: Option<String>,
}

/// A recorded decision, with the task an acceptance made.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Decided {
    pub decision: StoredDecision,
    pub task: Option<Task>,
}

fn origin_of(kind: &GapKind) -> TaskOrigin {
    match kind {
        GapKind::Requirement { .. } => TaskOrigin::CareModel,
        GapKind::PlanReview { .. } | GapKind::PlanAction { .. } => TaskOrigin::AccountPlan,
        GapKind::Passivation { .. } => TaskOrigin::Alert,
    }
}

fn day_field(errors: &mut ValidationErrors, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    let text = arvo_core::validation::trimmed(value)?;
    errors.take(field, arvo_core::dates::parse_date(text))
}

/// Takes a decision on one of an account's current gaps on `on`: accepting makes a task (in the
/// same transaction), postponing needs a day after `on`, dismissing needs a reason. An accepted
/// gap cannot be accepted again.
pub async fn decide(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    input: &DecisionInput,
    on: NaiveDate,
) -> Result<Decided, AppError> {
    caller.require(Action::EditCustomers)?;
    let account = crate::service::account(store, caller, account_id).await?;
    let mut errors = ValidationErrors::new();
    let gaps = account_gaps(store, account_id, on).await?;
    let gap = gaps.iter().find(|g| g.key == input.gap);
    if gap.is_none() {
        errors.add(
            "gap",
            Problem::Choice {
                allowed: gaps.iter().map(|g| g.key.clone()).collect(),
            },
        );
    }
    let until = day_field(&mut errors, "until", input.until.as_deref());
    let due = day_field(&mut errors, "due", input.due.as_deref());
    let reason = arvo_core::validation::bounded_text(
        &mut errors,
        "reason",
        input.reason.as_deref(),
        MAX_REASON,
    );
    let decision = match input.decision.trim() {
        "accept" => "accept",
        "postpone" => {
            match until {
                None if errors.get("until").is_none() => errors.add("until", Problem::Required),
                Some(day) if day <= on => errors.add("until", Problem::NotInFuture),
                _ => {}
            }
            "postpone"
        }
        "dismiss" => {
            if reason.is_none() && errors.get("reason").is_none() {
                errors.add("reason", Problem::Required);
            }
            "dismiss"
        }
        _ => {
            errors.add(
                "decision",
                Problem::Choice {
                    allowed: vec!["accept".into(), "postpone".into(), "dismiss".into()],
                },
            );
            ""
        }
    };
    let earlier = store.decisions(Some(account_id)).await?;
    if decision == "accept"
        && earlier
            .iter()
            .any(|d| d.gap_key == input.gap && d.decision == "accepted")
    {
        errors.add("gap", Problem::Duplicate);
    }
    errors.into_result(|| ())?;
    let Some(gap) = gap else {
        return Err(AppError::NotFound("gap".into()));
    };
    let lang = lang_of(caller);
    let actor = caller.actor();
    // The task is the named owner's; else, for a plan action, the action's owner; else the
    // account owner's when they are a user of Arvo (an imported owner may not be); else the
    // caller's.
    let action_owner = match &gap.kind {
        GapKind::PlanAction { action_id, .. } => store.plan(account_id).await?.and_then(|p| {
            p.actions
                .into_iter()
                .find(|a| a.id == *action_id)
                .map(|a| a.owner)
        }),
        _ => None,
    };
    let owner = match (
        arvo_core::validation::trimmed(input.owner.as_deref()),
        action_owner,
    ) {
        (Some(named), _) => named.to_owned(),
        (None, Some(doer)) => doer,
        (None, None) => match account.data.owner.as_deref() {
            Some(o)
                if store
                    .active_user_named(o)
                    .await?
                    .is_some_and(|u| u.name == o) =>
            {
                o.to_owned()
            }
            _ => caller.user.name.clone(),
        },
    };
    let draft;
    let new = match decision {
        "accept" => {
            draft = TaskDraft {
                title: format!("{}: {}", lang.step(&gap.proposed), account.data.name),
                notes: Some(lang.gap_reason(&account.data.name, gap)),
                owner,
                due: due.unwrap_or(on),
                account_id: Some(account_id),
                origin: origin_of(&gap.kind),
                gap_key: Some(gap.key.clone()),
                encounter: match gap.proposed {
                    arvo_core::care::Step::Encounter { kind, channel } => Some((kind, channel)),
                    arvo_core::care::Step::PlanAction { .. } => None,
                },
            };
            NewDecision::Accept(&draft)
        }
        "postpone" => NewDecision::Postpone(until.unwrap_or(on)),
        _ => NewDecision::Dismiss(reason.as_deref().unwrap_or_default()),
    };
    let decision = store.decide(account_id, &gap.key, &new, &actor).await?;
    let task = match decision.task_id {
        Some(id) => Some(store.task(id).await?),
        None => None,
    };
    Ok(Decided { decision, task })
}

/// Records an encounter with an account the caller sees.
pub async fn add_encounter(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    input: &EncounterInput,
) -> Result<Encounter, AppError> {
    caller.require(Action::EditCustomers)?;
    crate::service::account(store, caller, account_id).await?;
    let draft = input.validate()?;
    Ok(store
        .add_encounter(account_id, &draft, &caller.actor())
        .await?)
}

/// Changes an encounter of an account the caller sees: the whole of it, its people included.
pub async fn update_encounter(
    store: &Store,
    caller: &Caller,
    id: i64,
    input: &EncounterInput,
) -> Result<Encounter, AppError> {
    caller.require(Action::EditCustomers)?;
    let encounter = store.encounter(id).await?;
    crate::service::account(store, caller, encounter.account_id).await?;
    let draft = input.validate()?;
    Ok(store.update_encounter(id, &draft, &caller.actor()).await?)
}

/// One encounter of an account the caller sees.
pub async fn encounter(store: &Store, caller: &Caller, id: i64) -> Result<Encounter, AppError> {
    let encounter = store.encounter(id).await?;
    crate::service::account(store, caller, encounter.account_id).await?;
    Ok(encounter)
}

/// Deletes an encounter recorded by mistake, of an account the caller sees.
pub async fn delete_encounter(store: &Store, caller: &Caller, id: i64) -> Result<(), AppError> {
    caller.require(Action::EditCustomers)?;
    let encounter = store.encounter(id).await?;
    crate::service::account(store, caller, encounter.account_id).await?;
    Ok(store.delete_encounter(id, &caller.actor()).await?)
}

/// The encounters of an account the caller sees, newest first.
pub async fn account_encounters(
    store: &Store,
    caller: &Caller,
    account_id: i64,
    limit: i64,
) -> Result<Vec<Encounter>, AppError> {
    crate::service::account(store, caller, account_id).await?;
    Ok(store
        .encounters(&EncounterQuery {
            account_id: Some(account_id),
            limit,
            ..EncounterQuery::default()
        })
        .await?)
}

/// The caller's own encounters (recorded or taken part in) from one day to another: their
/// calendar.
pub async fn my_encounters(
    store: &Store,
    caller: &Caller,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Encounter>, AppError> {
    caller.require(Action::ReadCustomers)?;
    Ok(store
        .encounters(&EncounterQuery {
            user: Some(caller.user.name.clone()),
            from,
            to,
            limit: 1_000,
            ..EncounterQuery::default()
        })
        .await?)
}

/// What a user's day holds: the engine's evaluation of their customers (a manager's or an
/// administrator's: everyone they see), the open tasks, and today's meetings.
pub struct Work {
    /// Whether it is a manager's view of the team (or an administrator's of everyone).
    pub team: bool,
    pub evaluation: Evaluation,
    /// Open tasks, by due day.
    pub tasks: Vec<Task>,
    /// The caller's encounters today that are booked at a time or met face to face, by time.
    pub meetings: Vec<Encounter>,
    /// Open account plan actions owed (by the caller, or the team) within two weeks or overdue.
    pub plan_actions: Vec<arvo_store::plans::DueAction>,
}

/// How many days ahead My work lists the account plans' actions.
const PLAN_ACTIONS_AHEAD: u64 = 14;

/// The caller's work on `today`: My work and the daily digest show it.
pub async fn work(store: &Store, caller: &Caller, today: NaiveDate) -> Result<Work, AppError> {
    let team = matches!(
        caller.user.role,
        arvo_core::Role::Manager | arvo_core::Role::Admin
    );
    let open = TaskFilter {
        all: team,
        done: Some(false),
        ..TaskFilter::default()
    };
    let owners = match (&caller.scope, team) {
        (Scope::All, true) => Vec::new(),
        (Scope::OwnedBy(names), true) => names.clone(),
        (_, false) => vec![caller.user.name.clone()],
    };
    let (evaluation, tasks, encounters, plan_actions) = tokio::try_join!(
        evaluation(store, caller, today, !team),
        tasks(store, caller, &open),
        my_encounters(store, caller, Some(today), Some(today)),
        async {
            Ok(store
                .open_plan_actions(&owners, today + chrono::Days::new(PLAN_ACTIONS_AHEAD))
                .await?)
        },
    )?;
    let mut meetings: Vec<Encounter> = encounters
        .into_iter()
        .filter(|e| {
            e.time.is_some()
                || EncounterKind::parse(&e.kind).is_some_and(|k| {
                    matches!(
                        k,
                        EncounterKind::Meeting
                            | EncounterKind::Visit
                            | EncounterKind::BusinessReview
                            | EncounterKind::Event
                    )
                })
        })
        .collect();
    meetings.sort_by(|a, b| a.time.cmp(&b.time));
    Ok(Work {
        team,
        evaluation,
        tasks,
        meetings,
        plan_actions,
    })
}

/// Which tasks to list.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct TaskFilter {
    /// A user's name: their tasks. The caller's own when left out.
    pub owner: Option<String>,
    /// Everyone's tasks the caller sees (their team's for a manager), instead of one owner's.
    pub all: bool,
    /// One account's tasks (every owner's).
    pub account_id: Option<i64>,
    /// `false` for open tasks, `true` for done ones; both when left out.
    pub done: Option<bool>,
    /// Tasks due on or before this day.
    pub due_by: Option<NaiveDate>,
}

/// The tasks a filter asks for, within what the caller sees: open ones first, then by due day.
pub async fn tasks(
    store: &Store,
    caller: &Caller,
    filter: &TaskFilter,
) -> Result<Vec<Task>, AppError> {
    caller.require(Action::ReadCustomers)?;
    let owners = if let Some(id) = filter.account_id {
        crate::service::account(store, caller, id).await?;
        Vec::new()
    } else if filter.all {
        match &caller.scope {
            Scope::All => Vec::new(),
            Scope::OwnedBy(names) => names.clone(),
        }
    } else {
        let owner = filter
            .owner
            .clone()
            .unwrap_or_else(|| caller.user.name.clone());
        if owner != caller.user.name && !caller.sees(Some(&owner)) {
            return Err(AppError::Forbidden(
                "you see the tasks of your own team only".into(),
            ));
        }
        vec![owner]
    };
    Ok(store
        .tasks(&TaskQuery {
            owners,
            account_id: filter.account_id,
            done: filter.done,
            due_by: filter.due_by,
            limit: 1_000,
        })
        .await?)
}

/// A change of a task: the fields given replace the task's own.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TaskChange {
    pub title: Option<String>,
    pub notes: Option<String>,
    /// The user who owes it (their name).
    pub owner: Option<String>,
    /// The day it is due, `2026-12-06` or `6.12.2026`.
    pub due: Option<String>,
    /// The task's version, to refuse a change over someone else's.
    pub version: Option<i64>,
}

/// Changes a task the caller may mark done (their own, or one of a user they see): moves it to
/// another day, gives it to another user, or rewrites it. Every bad field is named.
pub async fn change_task(
    store: &Store,
    caller: &Caller,
    id: i64,
    change: &TaskChange,
) -> Result<Task, AppError> {
    caller.require(Action::EditCustomers)?;
    let task = store.task(id).await?;
    if task.owner != caller.user.name && !caller.sees(Some(&task.owner)) {
        return Err(AppError::NotFound("task".into()));
    }
    let input = TaskInput {
        title: change.title.clone().or(Some(task.title)),
        notes: change.notes.clone().or(task.notes),
        owner: change.owner.clone(),
        due: change.due.clone().or_else(|| Some(task.due.to_string())),
        account_id: task.account_id,
    };
    let draft = input.validate(&task.owner)?;
    Ok(store
        .update_task(id, change.version, &draft, &caller.actor())
        .await?)
}

/// Saves a task written by hand; its account, if any, must be one the caller sees.
pub async fn create_task(
    store: &Store,
    caller: &Caller,
    input: &TaskInput,
) -> Result<Task, AppError> {
    caller.require(Action::EditCustomers)?;
    let draft = input.validate(&caller.user.name)?;
    if let Some(id) = draft.account_id {
        crate::service::account(store, caller, id).await?;
    }
    Ok(store.create_task(&draft, &caller.actor()).await?)
}

/// Marks a task done or open again: the caller's own task, or one of a user they see. Marking
/// done a task that asks for an encounter records that encounter on `on`, with the caller
/// taking part.
pub async fn set_task_done(
    store: &Store,
    caller: &Caller,
    id: i64,
    done: bool,
    version: Option<i64>,
    on: NaiveDate,
) -> Result<Task, AppError> {
    caller.require(Action::EditCustomers)?;
    let task = store.task(id).await?;
    if task.owner != caller.user.name && !caller.sees(Some(&task.owner)) {
        return Err(AppError::NotFound("task".into()));
    }
    let kind = task
        .encounter_kind
        .as_deref()
        .and_then(EncounterKind::parse);
    let channel = task
        .encounter_channel
        .as_deref()
        .and_then(EncounterChannel::parse);
    let encounter = match (kind, task.done_at) {
        (Some(kind), None) => Some(EncounterDraft {
            kind,
            channel: channel.unwrap_or_else(|| kind.usual_channel()),
            date: on,
            time: None,
            duration_minutes: None,
            summary: task.title.clone(),
            outcome: None,
            next_step: None,
            users: vec![caller.user.name.clone()],
            contacts: Vec::new(),
        }),
        _ => None,
    };
    Ok(store
        .set_task_done(id, version, done, encounter.as_ref(), on, &caller.actor())
        .await?)
}

/// How long an unfinished run holds other runs back before it counts as abandoned (its
/// instance stopped half-way).
const ABANDONED_AFTER_HOURS: i64 = 6;

/// The scheduled evaluation of `slot` by `instance` at `now`: claims the slot (unless another
/// instance has it, or another run is unfinished), evaluates every customer on the day in
/// Finland and records the totals and the adherence per owner and segment. Returns the run's id
/// when this instance ran it.
pub async fn scheduled_run(
    store: &Store,
    instance: &str,
    slot: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<i64>, AppError> {
    let on = crate::i18n::helsinki_date(now);
    let stale = now - chrono::Duration::hours(ABANDONED_AFTER_HOURS);
    let Some(id) = store.claim_care_run(slot, on, instance, stale).await? else {
        return Ok(None);
    };
    let evaluation = match evaluate(store, &Scope::All, on, Lang::Fi).await {
        Ok(evaluation) => evaluation,
        Err(e) => {
            // Ended, so that it holds no other run back; the next slot tries again.
            store.fail_care_run(id).await?;
            return Err(e);
        }
    };
    let mut rows: BTreeMap<(String, String), Adherence> = BTreeMap::new();
    for c in &evaluation.customers {
        let key = (
            c.owner.clone().unwrap_or_default(),
            c.segment.map_or("", Segment::as_str).to_owned(),
        );
        let row = rows.entry(key).or_default();
        *row = *row
            + Adherence {
                required: c.adherence.required,
                met: c.adherence.met,
            };
    }
    let totals = arvo_store::care::RunTotals {
        suggestions: evaluation.suggestions.len() as i64,
        required: i64::from(evaluation.adherence.required),
        met: i64::from(evaluation.adherence.met),
        rows: rows
            .into_iter()
            .map(|((owner, segment), a)| arvo_store::care::RunAdherence {
                owner,
                segment,
                required: i64::from(a.required),
                met: i64::from(a.met),
            })
            .collect(),
    };
    store.finish_care_run(id, &totals).await?;
    tracing::info!(
        run = id,
        slot,
        suggestions = totals.suggestions,
        "care evaluation recorded"
    );
    Ok(Some(id))
}
