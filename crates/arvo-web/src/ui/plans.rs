//! Account plans on the pages: `/plans` lists the plans the user sees with their reviews and open
//! actions; `/accounts/{id}/plan` shows a plan (goals with their measured progress, actions,
//! the encounter script with the customer's current stage marked, the review's due day and a
//! form to record a review) above the form that makes or edits it: the ambition, cadence and
//! start, and a row per goal, action and script step with a blank row to add one. A refused form
//! comes back as typed with each row's errors beside it; the account page shows a brief of the
//! plan ([`brief`]).

use super::forms::{FormData, SelectOption, options};
use super::{Ctx, Layout, PageError, render};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use crate::plans::{self, PlanReport, ReviewInput};
use arvo_core::ValidationErrors;
use arvo_core::behaviour::Stage;
use arvo_core::care::EncounterKind;
use arvo_core::plan::{
    ActionInput, ActionStatus, GoalInput, GoalMetric, PlanInput, STAGES, ScriptInput,
};
use arvo_store::plans::Plan;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;

/// A goal as the plan and the account page show it.
pub struct GoalView {
    pub label: String,
    pub baseline: String,
    pub target: String,
    pub actual: String,
    pub progress: String,
    /// The progress bar's width, 0–100.
    pub width: u32,
    pub due: String,
    pub late: bool,
}

/// An action as the plan and the account page show it.
pub struct ActionView {
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: &'static str,
    pub overdue: bool,
    pub closed: bool,
}

/// A step of the encounter script as shown.
pub struct ScriptView {
    pub stage: &'static str,
    pub kind: String,
    pub participants: String,
    pub exchanged: String,
    /// The customer is in this stage now.
    pub now: bool,
}

/// What the plan and the account page show of a plan.
pub struct PlanBrief {
    pub summary: String,
    pub last_review: String,
    pub next_review: String,
    pub review_late: bool,
    pub stage: &'static str,
    pub goals: Vec<GoalView>,
    pub actions: Vec<ActionView>,
    pub script: Vec<ScriptView>,
    pub measured: String,
}

/// The brief of a measured plan on `today`.
pub fn brief(lang: Lang, report: &PlanReport, today: NaiveDate) -> PlanBrief {
    let t = lang.texts();
    let plan = &report.plan;
    let goals = plan
        .goals
        .iter()
        .zip(&report.goals)
        .map(|(g, p)| {
            let metric = GoalMetric::parse(&g.metric).unwrap_or(GoalMetric::Custom);
            let label = match &g.name {
                Some(name) if metric == GoalMetric::Custom => name.clone(),
                Some(name) => format!("{}: {name}", lang.goal_metric(metric)),
                None => lang.goal_metric(metric).to_owned(),
            };
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let width = p
                .progress
                .map_or(0, |x| (x.clamp(0.0, 1.0) * 100.0).round() as u32);
            GoalView {
                label,
                baseline: lang.unit_value(metric.unit(), g.baseline),
                target: lang.unit_value(metric.unit(), g.target),
                actual: p
                    .actual
                    .map_or_else(|| "–".to_owned(), |a| lang.unit_value(metric.unit(), a)),
                progress: lang.percent(p.progress),
                width,
                due: g.due.map(|d| lang.date(d)).unwrap_or_default(),
                late: p.late,
            }
        })
        .collect();
    let actions = plan
        .actions
        .iter()
        .map(|a| {
            let status = ActionStatus::parse(&a.status).unwrap_or(ActionStatus::Planned);
            ActionView {
                title: a.title.clone(),
                owner: a.owner.clone(),
                due: lang.date(a.due),
                status: lang.action_status(status),
                overdue: !status.is_closed() && a.due < today,
                closed: status.is_closed(),
            }
        })
        .collect();
    let script = plan
        .script
        .iter()
        .map(|s| {
            let stage = STAGES.into_iter().find(|x| x.as_str() == s.stage);
            ScriptView {
                stage: stage.map_or("", |x| lang.stage(x)),
                kind: lang.encounter_kind_code(&s.kind),
                participants: s.participants.clone().unwrap_or_default(),
                exchanged: s.exchanged.clone().unwrap_or_default(),
                now: stage.is_some() && stage == report.stage,
            }
        })
        .collect();
    PlanBrief {
        summary: plan.summary.clone().unwrap_or_default(),
        last_review: report
            .last_review
            .map_or_else(|| t.plan_no_review.to_owned(), |d| lang.date(d)),
        next_review: report
            .next_review
            .map_or_else(|| t.plan_no_cadence.to_owned(), |d| lang.date(d)),
        review_late: report.next_review.is_some_and(|d| d < today),
        stage: report.stage.map_or("", |s| lang.stage(s)),
        goals,
        actions,
        script,
        measured: format!(
            "{} – {}",
            lang.date(report.measured_from),
            lang.date(report.measured_to)
        ),
    }
}

/// The plan as the form shows it: its values typed in `lang`'s forms.
fn input_of(lang: Lang, plan: &Plan) -> PlanInput {
    PlanInput {
        summary: plan.summary.clone(),
        review_every_days: Some(plan.review_every_days),
        started: Some(lang.date(plan.started)),
        goals: plan
            .goals
            .iter()
            .map(|g| {
                let metric = GoalMetric::parse(&g.metric).unwrap_or(GoalMetric::Custom);
                GoalInput {
                    id: Some(g.id),
                    metric: Some(g.metric.clone()),
                    name: g.name.clone(),
                    baseline: Some(lang.unit_input(metric.unit(), g.baseline)),
                    target: Some(lang.unit_input(metric.unit(), g.target)),
                    current: g.current.map(|c| lang.unit_input(metric.unit(), c)),
                    due: g.due.map(|d| lang.date(d)),
                }
            })
            .collect(),
        actions: plan
            .actions
            .iter()
            .map(|a| ActionInput {
                id: Some(a.id),
                title: Some(a.title.clone()),
                owner: Some(a.owner.clone()),
                due: Some(lang.date(a.due)),
                status: Some(a.status.clone()),
            })
            .collect(),
        script: plan
            .script
            .iter()
            .map(|s| ScriptInput {
                stage: Some(s.stage.clone()),
                kind: Some(s.kind.clone()),
                participants: s.participants.clone(),
                exchanged: s.exchanged.clone(),
            })
            .collect(),
        version: Some(plan.version),
    }
}

/// A row of the goals' table in the form.
pub struct GoalRow {
    pub prefix: String,
    pub id: String,
    pub metrics: Vec<SelectOption>,
    pub name: String,
    pub baseline: String,
    pub target: String,
    pub current: String,
    pub due: String,
    pub blank: bool,
    pub errors: Vec<String>,
}

/// A row of the actions' table in the form.
pub struct ActionRow {
    pub prefix: String,
    pub id: String,
    pub title: String,
    pub owners: Vec<SelectOption>,
    pub due: String,
    pub statuses: Vec<SelectOption>,
    pub blank: bool,
    pub errors: Vec<String>,
}

/// A row of the script's table in the form.
pub struct ScriptRow {
    pub prefix: String,
    pub stages: Vec<SelectOption>,
    pub kinds: Vec<SelectOption>,
    pub participants: String,
    pub exchanged: String,
    pub blank: bool,
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    t: &'static Texts,
    l: Layout,
    account_id: i64,
    account_name: String,
    /// The stored plan's brief; `None` before it is made.
    brief: Option<PlanBrief>,
    version: String,
    summary: String,
    review_every_days: String,
    started: String,
    goals: Vec<GoalRow>,
    actions: Vec<ActionRow>,
    script: Vec<ScriptRow>,
    /// The problems of the plan's own fields and lists, in words.
    errors: Vec<String>,
    has_errors: bool,
    conflict: bool,
    review_day: String,
    review_error: Option<String>,
}

fn field_label(t: &Texts, field: &str) -> &'static str {
    match field {
        "summary" => t.plan_summary,
        "review_every_days" => t.plan_review_every,
        "started" => t.plan_started,
        "goals" => t.plan_goals_h,
        "actions" => t.plan_actions_h,
        "script" => t.plan_script_h,
        "metric" => t.goal_metric,
        "name" => t.goal_name,
        "baseline" => t.goal_baseline,
        "target" => t.goal_target,
        "current" => t.goal_current,
        "due" => t.goal_due,
        "title" => t.action_title,
        "owner" => t.action_owner,
        "status" => t.action_status,
        "stage" => t.script_stage,
        "kind" => t.script_kind,
        "participants" => t.script_participants,
        "exchanged" => t.script_exchanged,
        _ => "",
    }
}

/// The problems of the fields right under `prefix` (`goals[1]`), or of the plan's own fields
/// when `prefix` is empty, in words.
fn problems(lang: Lang, errors: &ValidationErrors, prefix: &str) -> Vec<String> {
    let t = lang.texts();
    errors
        .0
        .iter()
        .filter_map(|e| {
            let rest = if prefix.is_empty() {
                e.field.as_str()
            } else {
                e.field.strip_prefix(prefix)?.strip_prefix('.')?
            };
            (!rest.contains(['.', '['])).then(|| {
                let label = match field_label(t, rest) {
                    "" => rest,
                    known => known,
                };
                lang.problem(label, &e.problem)
            })
        })
        .collect()
}

fn chosen(value: Option<&String>) -> Vec<String> {
    value.cloned().into_iter().collect()
}

/// The form's rows for `input`, each list with a blank row to add one; `owners` are the users
/// an action can be given to.
#[allow(clippy::too_many_lines)]
fn rows(
    lang: Lang,
    input: &PlanInput,
    errors: &ValidationErrors,
    owners: &[String],
    me: &str,
) -> (Vec<GoalRow>, Vec<ActionRow>, Vec<ScriptRow>) {
    let blank_goal = GoalInput::default();
    let goals = input
        .goals
        .iter()
        .chain(std::iter::once(&blank_goal))
        .enumerate()
        .map(|(i, g)| GoalRow {
            prefix: format!("g{i}"),
            id: g.id.map(|id| id.to_string()).unwrap_or_default(),
            metrics: options(
                GoalMetric::ALL,
                GoalMetric::as_str,
                |m| lang.goal_metric(m).into(),
                &chosen(g.metric.as_ref()),
            ),
            name: g.name.clone().unwrap_or_default(),
            baseline: g.baseline.clone().unwrap_or_default(),
            target: g.target.clone().unwrap_or_default(),
            current: g.current.clone().unwrap_or_default(),
            due: g.due.clone().unwrap_or_default(),
            blank: i == input.goals.len(),
            errors: problems(lang, errors, &format!("goals[{i}]")),
        })
        .collect();
    let blank_action = ActionInput::default();
    let actions = input
        .actions
        .iter()
        .chain(std::iter::once(&blank_action))
        .enumerate()
        .map(|(i, a)| {
            let owner = a.owner.clone().unwrap_or_else(|| me.to_owned());
            let mut names: Vec<&str> = owners.iter().map(String::as_str).collect();
            if !names.contains(&owner.as_str()) {
                names.push(&owner);
            }
            ActionRow {
                prefix: format!("a{i}"),
                id: a.id.map(|id| id.to_string()).unwrap_or_default(),
                title: a.title.clone().unwrap_or_default(),
                owners: names
                    .into_iter()
                    .map(|n| SelectOption {
                        value: n.to_owned(),
                        label: n.to_owned(),
                        selected: n == owner,
                    })
                    .collect(),
                due: a.due.clone().unwrap_or_default(),
                statuses: options(
                    ActionStatus::ALL,
                    ActionStatus::as_str,
                    |s| lang.action_status(s).into(),
                    &chosen(a.status.as_ref()),
                ),
                blank: i == input.actions.len(),
                errors: problems(lang, errors, &format!("actions[{i}]")),
            }
        })
        .collect();
    let blank_step = ScriptInput::default();
    let script = input
        .script
        .iter()
        .chain(std::iter::once(&blank_step))
        .enumerate()
        .map(|(i, s)| ScriptRow {
            prefix: format!("s{i}"),
            stages: options(
                &STAGES,
                Stage::as_str,
                |x| lang.stage(x).into(),
                &chosen(s.stage.as_ref()),
            ),
            kinds: options(
                EncounterKind::ALL,
                EncounterKind::as_str,
                |k| lang.encounter_kind(k).into(),
                &chosen(s.kind.as_ref()),
            ),
            participants: s.participants.clone().unwrap_or_default(),
            exchanged: s.exchanged.clone().unwrap_or_default(),
            blank: i == input.script.len(),
            errors: problems(lang, errors, &format!("script[{i}]")),
        })
        .collect();
    (goals, actions, script)
}

/// The plan as the form typed it: the kept rows and the filled blank rows. A cadence that is
/// not a whole number is named here, as the service takes a number.
fn read_form(form: &FormData) -> (PlanInput, ValidationErrors, String) {
    let mut errors = ValidationErrors::new();
    let every = form.get("review_every_days").trim().to_owned();
    let review_every_days = if every.is_empty() {
        None
    } else if let Ok(n) = every.parse::<i64>() {
        Some(n)
    } else {
        errors.add(
            "review_every_days",
            arvo_core::Problem::Between {
                min: "0".into(),
                max: arvo_core::plan::MAX_REVIEW_DAYS.to_string(),
            },
        );
        None
    };
    // The rows under `letter` (`g0`, `g1`, ...) that are neither removed nor left blank; one
    // more than any list may hold is read, for the service to refuse.
    let kept = |letter: char, fields: &[&str]| -> Vec<String> {
        (0..=arvo_core::plan::MAX_ACTIONS)
            .map(|i| format!("{letter}{i}"))
            .take_while(|p| form.opt(&format!("{p}.present")).is_some())
            .filter(|p| {
                form.get(&format!("{p}.remove")) != "on"
                    && (form.get(&format!("{p}.blank")) != "on"
                        || fields
                            .iter()
                            .any(|f| form.opt(&format!("{p}.{f}")).is_some()))
            })
            .collect()
    };
    let opt = |p: &str, f: &str| form.opt(&format!("{p}.{f}"));
    let id = |p: &str| form.get(&format!("{p}.id")).trim().parse().ok();
    let input = PlanInput {
        summary: form.opt("summary"),
        review_every_days,
        started: form.opt("started"),
        goals: kept('g', &["name", "baseline", "target", "current", "due"])
            .iter()
            .map(|p| GoalInput {
                id: id(p),
                metric: opt(p, "metric"),
                name: opt(p, "name"),
                baseline: opt(p, "baseline"),
                target: opt(p, "target"),
                current: opt(p, "current"),
                due: opt(p, "due"),
            })
            .collect(),
        actions: kept('a', &["title", "due"])
            .iter()
            .map(|p| ActionInput {
                id: id(p),
                title: opt(p, "title"),
                owner: opt(p, "owner"),
                due: opt(p, "due"),
                status: opt(p, "status"),
            })
            .collect(),
        script: kept('s', &["participants", "exchanged"])
            .iter()
            .map(|p| ScriptInput {
                stage: opt(p, "stage"),
                kind: opt(p, "kind"),
                participants: opt(p, "participants"),
                exchanged: opt(p, "exchanged"),
            })
            .collect(),
        version: form.version(),
    };
    (input, errors, every)
}

/// What a refused or conflicting form brings back to the page.
#[derive(Default)]
struct Refused {
    input: Option<(PlanInput, String)>,
    errors: ValidationErrors,
    conflict: bool,
    review: Option<(String, ValidationErrors)>,
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    refused: Refused,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    let lang = ctx.lang;
    let t = ctx.t();
    let today = super::analysis::today();
    let fail = |e: AppError| ctx.fail(e);
    let account = crate::service::account(&state.store, caller, id)
        .await
        .map_err(fail)?;
    let (report, users) = tokio::try_join!(plans::plan(&state.store, caller, id, today), async {
        Ok(state.store.users().await?)
    },)
    .map_err(fail)?;
    let owners: Vec<String> = users
        .into_iter()
        .filter(|u| u.active)
        .map(|u| u.name)
        .collect();
    let stored = report.as_ref().map(|r| input_of(lang, &r.plan));
    let (input, every) = if let Some(typed) = refused.input {
        typed
    } else {
        let input = stored.unwrap_or_else(|| PlanInput {
            review_every_days: Some(i64::from(arvo_core::plan::DEFAULT_REVIEW_DAYS)),
            started: Some(lang.date(today)),
            ..PlanInput::default()
        });
        let every = input
            .review_every_days
            .map(|d| d.to_string())
            .unwrap_or_default();
        (input, every)
    };
    let (goals, actions, script) = rows(lang, &input, &refused.errors, &owners, &caller.user.name);
    let (review_day, review_errors) = refused
        .review
        .unwrap_or_else(|| (lang.date(today), ValidationErrors::new()));
    let mut l = ctx.layout(&format!("{}: {}", t.plan_h, account.data.name), "plans");
    l.notice = notice;
    let view = PlanPage {
        t,
        l,
        account_id: id,
        account_name: account.data.name.clone(),
        brief: report.as_ref().map(|r| brief(lang, r, today)),
        // A conflict shows the stored plan at its current version.
        version: input.version.map(|v| v.to_string()).unwrap_or_default(),
        summary: input.summary.clone().unwrap_or_default(),
        review_every_days: every,
        started: input.started.clone().unwrap_or_default(),
        goals,
        actions,
        script,
        errors: problems(lang, &refused.errors, ""),
        has_errors: !refused.errors.is_empty(),
        conflict: refused.conflict,
        review_error: problems(lang, &review_errors, "").into_iter().next(),
        review_day,
    };
    let status = if refused.conflict {
        StatusCode::CONFLICT
    } else if refused.errors.is_empty() && review_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &view))
}

/// `GET /accounts/{id}/plan`.
pub async fn show(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(notice): Query<super::accounts::Notice>,
) -> Result<Response, PageError> {
    let notice = notice.text(ctx.t());
    page(&ctx, &state, id, Refused::default(), notice).await
}

/// `POST /accounts/{id}/plan`: saves the plan as typed, or shows it again with the errors.
pub async fn save(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let (input, mut errors, every) = read_form(&form);
    let result = if errors.is_empty() {
        plans::save_plan(
            &state.store,
            ctx.caller()?,
            id,
            &input,
            super::analysis::today(),
        )
        .await
        .map(drop)
    } else {
        Err(AppError::Validation(ValidationErrors::new()))
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/accounts/{id}/plan?notice=plan_saved")).into_response())
        }
        Err(AppError::Validation(found)) => {
            errors.0.extend(found.0);
            let refused = Refused {
                input: Some((input, every)),
                errors,
                ..Refused::default()
            };
            page(&ctx, &state, id, refused, None).await
        }
        Err(AppError::Conflict { .. }) => {
            let refused = Refused {
                conflict: true,
                ..Refused::default()
            };
            page(&ctx, &state, id, refused, None).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// `POST /accounts/{id}/plan/review`: records a review of the plan.
pub async fn review(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let input = ReviewInput { on: form.opt("on") };
    match plans::review_plan(
        &state.store,
        ctx.caller()?,
        id,
        &input,
        super::analysis::today(),
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/accounts/{id}/plan?notice=plan_reviewed")).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let refused = Refused {
                review: Some((form.get("on").to_owned(), errors)),
                ..Refused::default()
            };
            page(&ctx, &state, id, refused, None).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// `POST /accounts/{id}/plan/delete`: deletes the plan when the confirmation is ticked.
pub async fn delete(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    if form.get("confirm") != "on" {
        return Ok(Redirect::to(&format!("/accounts/{id}/plan")).into_response());
    }
    plans::delete_plan(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(Redirect::to(&format!("/accounts/{id}?notice=plan_deleted")).into_response())
}

/// One plan in the list.
pub struct PlanLine {
    pub account_id: i64,
    pub account_name: String,
    pub owner: String,
    pub last_review: String,
    pub next_review: String,
    pub review_late: bool,
    pub open_actions: i64,
    pub next_action: String,
    pub action_late: bool,
}

#[derive(Template)]
#[template(path = "plans.html")]
struct PlansPage {
    t: &'static Texts,
    l: Layout,
    plans: Vec<PlanLine>,
}

/// `GET /plans`: the plans of the accounts the user sees.
pub async fn list(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = ctx.t();
    let today = super::analysis::today();
    let found = plans::plans(&state.store, ctx.caller()?, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    let plans = found
        .iter()
        .map(|p| PlanLine {
            account_id: p.plan.account_id,
            account_name: p.plan.account_name.clone(),
            owner: p.plan.owner.clone().unwrap_or_default(),
            last_review: p
                .last_review
                .map_or_else(|| t.plan_no_review.to_owned(), |d| lang.date(d)),
            next_review: p
                .next_review
                .map_or_else(|| t.plan_no_cadence.to_owned(), |d| lang.date(d)),
            review_late: p.next_review.is_some_and(|d| d < today),
            open_actions: p.plan.open_actions,
            next_action: p
                .plan
                .next_action_due
                .map(|d| lang.date(d))
                .unwrap_or_default(),
            action_late: p.plan.next_action_due.is_some_and(|d| d < today),
        })
        .collect();
    let page = PlansPage {
        t,
        l: ctx.layout(t.plans_title, "plans"),
        plans,
    };
    Ok(render(StatusCode::OK, &page))
}
