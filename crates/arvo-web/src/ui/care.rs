//! The care of customers on the pages: "My work" (each user's landing page: tasks, suggested
//! actions with their accept / postpone / dismiss forms, customers drifting away, today's
//! meetings and adherence; a manager sees their team's), and on the account page the customer's
//! suggestions, the encounter and task forms and the timeline of everything that happened with
//! the customer.

use super::analysis::{ValueForms, today};
use super::forms::{FieldView, FormData, SelectOption, options};
use super::{Ctx, Layout, PageError, local_path, render};
use crate::AppState;
use crate::care::{self, AdherenceView, DecisionInput, Suggestion, TaskFilter};
use crate::error::AppError;
use crate::i18n::{Lang, Texts};
use arvo_core::ValidationErrors;
use arvo_core::care::{EncounterChannel, EncounterKind, GapKind};
use arvo_core::work::{EncounterInput, TaskInput, TaskOrigin};
use arvo_store::care::{Encounter, Task};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

/// How far ahead "today and the coming week" reaches.
const SOON_DAYS: u64 = 7;

/// The least adherent customers My work lists.
const FURTHEST_BEHIND: usize = 10;

/// A suggested action with its forms.
pub struct SuggestionView {
    /// A number unique on the page, for the forms' element ids.
    pub n: usize,
    pub account_id: i64,
    pub account_name: String,
    pub owner: String,
    pub key: String,
    pub reason: String,
    pub step: String,
    pub late: String,
    pub until: String,
    pub reason_input: String,
    pub until_error: Option<String>,
    pub reason_error: Option<String>,
    /// Any other problem of a refused decision (the gap no longer open, an owner who is no
    /// user).
    pub other_error: Option<String>,
}

impl SuggestionView {
    fn new(lang: Lang, n: usize, s: &Suggestion, forms: &ValueForms) -> Self {
        let mine = forms.which == "decision"
            && forms.form.get("gap") == s.gap.key
            && forms.form.get("account_id") == s.gap.account_id.to_string();
        let error = |field: &str, label: &str| {
            mine.then(|| forms.errors.get(field))
                .flatten()
                .map(|p| lang.problem(label, p))
        };
        let t = lang.texts();
        Self {
            n,
            account_id: s.gap.account_id,
            account_name: s.account_name.clone(),
            owner: s.owner.clone().unwrap_or_default(),
            key: s.gap.key.clone(),
            reason: s.reason.clone(),
            step: s.step.clone(),
            late: if s.gap.days_overdue > 0 {
                format!("{} {}", lang.days(s.gap.days_overdue as f64), t.late_days)
            } else {
                String::new()
            },
            until: if mine {
                forms.form.get("until").into()
            } else {
                String::new()
            },
            reason_input: if mine {
                forms.form.get("reason").into()
            } else {
                String::new()
            },
            until_error: error("until", t.postpone_until),
            reason_error: error("reason", t.dismiss_reason),
            other_error: mine
                .then(|| {
                    forms
                        .errors
                        .0
                        .iter()
                        .find(|e| e.field != "until" && e.field != "reason")
                        .map(|e| lang.problem(t.suggestions_h, &e.problem))
                })
                .flatten(),
        }
    }
}

/// A task in a list.
pub struct TaskView {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub notes: String,
    pub account_id: Option<i64>,
    pub account_name: String,
    pub owner: String,
    pub due: String,
    pub origin: &'static str,
    pub overdue: bool,
    /// The day in the move form: the due day, or what was typed when a move was refused.
    pub move_due: String,
    pub move_error: Option<String>,
}

impl TaskView {
    fn new(lang: Lang, task: &Task, today: NaiveDate, forms: &ValueForms) -> Self {
        let refused = (forms.which == "task_move" && forms.form.get("task") == task.id.to_string())
            .then_some(forms);
        Self {
            id: task.id,
            version: task.version,
            title: task.title.clone(),
            notes: task.notes.clone().unwrap_or_default(),
            account_id: task.account_id,
            account_name: task.account_name.clone().unwrap_or_default(),
            owner: task.owner.clone(),
            due: lang.date(task.due),
            origin: TaskOrigin::parse(&task.origin).map_or("", |o| lang.task_origin(o)),
            overdue: task.done_at.is_none() && task.due < today,
            move_due: refused.map_or_else(|| lang.date(task.due), |f| f.form.get("due").to_owned()),
            move_error: refused
                .and_then(|f| f.errors.get("due"))
                .map(|p| lang.problem(lang.texts().f_due, p)),
        }
    }
}

/// An encounter as a line: today's meetings and the timeline.
pub struct MeetingView {
    pub time: String,
    pub account_id: i64,
    pub account_name: String,
    pub kind: String,
    pub summary: String,
}

impl MeetingView {
    fn new(lang: Lang, e: &Encounter) -> Self {
        Self {
            time: e.time.clone().unwrap_or_default(),
            account_id: e.account_id,
            account_name: e.account_name.clone(),
            kind: lang.encounter_kind_code(&e.kind),
            summary: e.summary.clone(),
        }
    }
}

/// A row of adherence: who or what, and the share met.
pub struct AdherenceRow {
    pub label: String,
    pub href: String,
    pub met: u32,
    pub required: u32,
    pub percent: String,
    /// 0–100, for the bar.
    pub width: u32,
}

impl AdherenceRow {
    fn new(lang: Lang, label: String, href: String, a: &AdherenceView) -> Self {
        Self {
            label,
            href,
            met: a.met,
            required: a.required,
            percent: lang.percent(a.ratio),
            width: a.ratio.map_or(0, |r| (r * 100.0).round() as u32),
        }
    }
}

#[derive(Template)]
#[template(path = "work.html")]
struct WorkPage {
    t: &'static Texts,
    l: Layout,
    heading: &'static str,
    today: String,
    team: bool,
    overdue: Vec<TaskView>,
    soon: Vec<TaskView>,
    later: Vec<TaskView>,
    suggestions: Vec<SuggestionView>,
    drifting: Vec<SuggestionView>,
    meetings: Vec<MeetingView>,
    adherence: AdherenceRow,
    trend: Vec<AdherenceRow>,
    by_owner: Vec<AdherenceRow>,
    behind: Vec<AdherenceRow>,
    plan_actions: Vec<PlanActionView>,
    back: String,
}

/// An account plan's open action in My work.
pub struct PlanActionView {
    pub account_id: i64,
    pub account_name: String,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: &'static str,
    pub overdue: bool,
}

/// `GET /work`: the signed-in user's work; an account manager's own customers, a manager's
/// or administrator's everyone they see.
pub async fn work(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(notice): Query<super::accounts::Notice>,
) -> Result<Response, PageError> {
    let notice = notice.text(ctx.t());
    work_page(&ctx, &state, &ValueForms::default(), notice).await
}

async fn work_page(
    ctx: &Ctx,
    state: &AppState,
    forms: &ValueForms,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let caller = ctx.caller()?;
    let lang = ctx.lang;
    let t = ctx.t();
    let today = today();
    let care::Work {
        team,
        evaluation,
        tasks,
        meetings,
        plan_actions,
    } = care::work(&state.store, caller, today)
        .await
        .map_err(|e| ctx.fail(e))?;
    let soon = today + Days::new(SOON_DAYS);
    let (mut overdue, mut coming, mut later) = (Vec::new(), Vec::new(), Vec::new());
    for task in &tasks {
        let view = TaskView::new(lang, task, today, forms);
        if task.due < today {
            overdue.push(view);
        } else if task.due <= soon {
            coming.push(view);
        } else {
            later.push(view);
        }
    }
    let views: Vec<SuggestionView> = evaluation
        .suggestions
        .iter()
        .enumerate()
        .map(|(n, s)| SuggestionView::new(lang, n, s, forms))
        .collect();
    let (drifting, suggestions): (Vec<_>, Vec<_>) = views.into_iter().partition(|v| {
        evaluation
            .suggestions
            .get(v.n)
            .is_some_and(|s| matches!(s.gap.kind, GapKind::Passivation { .. }))
    });
    let meetings: Vec<MeetingView> = meetings.iter().map(|e| MeetingView::new(lang, e)).collect();
    let mut l = ctx.layout(
        if team {
            t.work_team_title
        } else {
            t.work_title
        },
        "work",
    );
    l.notice = notice;
    let page = WorkPage {
        t,
        l,
        heading: if team {
            t.work_team_title
        } else {
            t.work_title
        },
        today: lang.date(today),
        team,
        plan_actions: plan_actions
            .iter()
            .map(|a| PlanActionView {
                account_id: a.account_id,
                account_name: a.account_name.clone(),
                title: a.title.clone(),
                owner: a.owner.clone(),
                due: lang.date(a.due),
                status: arvo_core::plan::ActionStatus::parse(&a.status)
                    .map_or("", |s| lang.action_status(s)),
                overdue: a.due < today,
            })
            .collect(),
        overdue,
        soon: coming,
        later,
        suggestions,
        drifting,
        meetings,
        adherence: AdherenceRow::new(
            lang,
            t.adherence_text.into(),
            String::new(),
            &evaluation.adherence,
        ),
        trend: evaluation
            .trend
            .iter()
            .map(|p| AdherenceRow::new(lang, lang.date(p.on), String::new(), &p.adherence))
            .collect(),
        by_owner: evaluation
            .by_owner
            .iter()
            .filter(|(owner, _)| !owner.is_empty())
            .map(|(owner, a)| AdherenceRow::new(lang, owner.clone(), String::new(), a))
            .collect(),
        behind: evaluation
            .customers
            .iter()
            .filter(|c| c.adherence.met < c.adherence.required)
            .take(FURTHEST_BEHIND)
            .map(|c| {
                AdherenceRow::new(
                    lang,
                    c.account_name.clone(),
                    format!("/accounts/{}#care", c.account_id),
                    &c.adherence,
                )
            })
            .collect(),
        back: "/work".into(),
    };
    let status = if forms.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &page))
}

/// One entry of an account's timeline.
pub struct TimelineItem {
    pub date: NaiveDate,
    pub day: String,
    /// `encounters`, `orders`, `segments`, `ratings` or `tasks`.
    pub what: &'static str,
    pub title: String,
    pub detail: String,
    /// An encounter's id, for its delete button.
    pub encounter: Option<i64>,
}

/// A filter of the timeline.
pub struct TimelineFilter {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// The care section of the account page.
pub struct AccountCare {
    pub suggestions: Vec<SuggestionView>,
    pub tasks: Vec<TaskView>,
    pub encounter_fields: Vec<FieldView>,
    pub contact_options: Vec<SelectOption>,
    pub task_fields: Vec<FieldView>,
    pub timeline: Vec<TimelineItem>,
    pub filters: Vec<TimelineFilter>,
    pub encounter_errors: bool,
    pub back: String,
}

/// The timeline's kinds of entries, each with its label.
fn timeline_kinds(t: &Texts) -> [(&'static str, &'static str); 5] {
    [
        ("encounters", t.tl_encounters),
        ("orders", t.tl_orders),
        ("segments", t.tl_segments),
        ("ratings", t.tl_ratings),
        ("tasks", t.tl_tasks),
    ]
}

/// The care section of an account's page: its suggestions, open tasks, the encounter and task
/// forms (with `forms`' input and errors when one was refused) and the timeline, filtered to
/// one kind of entry with `show`.
pub async fn account_care(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    show: Option<&str>,
    forms: &ValueForms,
) -> Result<AccountCare, PageError> {
    let caller = ctx.caller()?;
    let lang = ctx.lang;
    let t = ctx.t();
    let today = today();
    let fail = |e: AppError| ctx.fail(e);
    let store = &state.store;
    let of_account = TaskFilter {
        account_id: Some(id),
        ..TaskFilter::default()
    };
    let (evaluation, tasks, encounters, segments, ratings, purchases, contacts) = tokio::try_join!(
        care::account_suggestions(store, caller, id, today),
        care::tasks(store, caller, &of_account),
        care::account_encounters(store, caller, id, 200),
        async { Ok(store.segment_history(id).await?) },
        async { Ok(store.ratings_of(id).await?) },
        async { Ok(store.purchase_history(id, 50).await?) },
        async { Ok(store.contacts_of(id).await?) },
    )
    .map_err(fail)?;
    let show = show.filter(|s| timeline_kinds(t).iter().any(|(k, _)| k == s));
    let mut timeline = Vec::new();
    for e in &encounters {
        let mut detail = vec![lang.encounter_channel_code(&e.channel)];
        detail.extend(e.outcome.clone());
        detail.extend(
            e.next_step
                .clone()
                .map(|n| format!("{}: {n}", t.f_next_step)),
        );
        let people: Vec<&str> = e
            .participants
            .iter()
            .map(|p| match p {
                arvo_store::care::Participant::User { name }
                | arvo_store::care::Participant::Contact { name, .. } => name.as_str(),
            })
            .collect();
        if !people.is_empty() {
            detail.push(people.join(", "));
        }
        timeline.push(TimelineItem {
            date: e.date,
            day: format!(
                "{}{}",
                lang.date(e.date),
                e.time.as_ref().map_or(String::new(), |t| format!(" {t}"))
            ),
            what: "encounters",
            title: format!("{}: {}", lang.encounter_kind_code(&e.kind), e.summary),
            detail: detail.join(" · "),
            encounter: Some(e.id),
        });
    }
    for o in &purchases.recent_orders {
        timeline.push(TimelineItem {
            date: o.order_date,
            day: lang.date(o.order_date),
            what: "orders",
            title: format!("{} {}", t.tl_order, o.order_number),
            detail: lang.money(arvo_core::Money(o.net_cents)),
            encounter: None,
        });
    }
    for s in &segments {
        let date = crate::i18n::helsinki_date(s.at);
        let name = |code: &str| {
            arvo_core::segments::Segment::parse(code)
                .map_or(code.to_owned(), |s| lang.segment(s).into())
        };
        timeline.push(TimelineItem {
            date,
            day: lang.date(date),
            what: "segments",
            title: format!(
                "{}: {}{}",
                t.tl_segment_change,
                s.from_segment
                    .as_deref()
                    .map_or(String::new(), |f| format!("{} → ", name(f))),
                name(&s.to_segment)
            ),
            detail: s.reason.clone().unwrap_or_default(),
            encounter: None,
        });
    }
    for r in &ratings {
        let date = crate::i18n::helsinki_date(r.rated_at);
        timeline.push(TimelineItem {
            date,
            day: lang.date(date),
            what: "ratings",
            title: format!("{}: {} {}/5", t.tl_rating, r.criterion, r.score),
            detail: format!("{} · {}", r.rated_by, r.reason.clone().unwrap_or_default()),
            encounter: None,
        });
    }
    for task in &tasks {
        timeline.push(TimelineItem {
            date: task.due,
            day: lang.date(task.due),
            what: "tasks",
            title: format!(
                "{}{}",
                task.title,
                if task.done_at.is_some() {
                    format!(" ({})", t.tl_task_done)
                } else {
                    String::new()
                }
            ),
            detail: task.owner.clone(),
            encounter: None,
        });
    }
    timeline.retain(|i| show.is_none_or(|s| s == i.what));
    timeline.sort_by_key(|i| std::cmp::Reverse(i.date));
    let mut filters = vec![TimelineFilter {
        label: t.timeline_all,
        href: format!("/accounts/{id}#timeline"),
        current: show.is_none(),
    }];
    filters.extend(
        timeline_kinds(t)
            .into_iter()
            .map(|(k, label)| TimelineFilter {
                label,
                href: format!("/accounts/{id}?show={k}#timeline"),
                current: show == Some(k),
            }),
    );
    let encounter_form = if forms.which == "encounter" {
        forms.form.clone()
    } else {
        let mut f = FormData::default();
        f.set("date", lang.date(today));
        f
    };
    let error = |which: &str, field: &str, label: &str| {
        (forms.which == which)
            .then(|| forms.errors.get(field))
            .flatten()
            .map(|p| lang.problem(label, p))
    };
    let no_errors = ValidationErrors::new();
    let encounter_errors = if forms.which == "encounter" {
        &forms.errors
    } else {
        &no_errors
    };
    let fields = encounter_fields(lang, &encounter_form, encounter_errors);
    let contact_options = contact_options(&contacts, &encounter_form.all("contacts"));
    let task_form = if forms.which == "task" {
        forms.form.clone()
    } else {
        FormData::default()
    };
    let mut title = FieldView::text("title", t.f_task_title, &task_form)
        .required()
        .wide();
    title.error = error("task", "title", t.f_task_title);
    let mut due = FieldView::text("due", t.f_due, &task_form).required();
    due.error = error("task", "due", t.f_due);
    Ok(AccountCare {
        suggestions: evaluation
            .iter()
            .enumerate()
            .map(|(n, s)| SuggestionView::new(lang, n, s, forms))
            .collect(),
        tasks: tasks
            .iter()
            .filter(|t| t.done_at.is_none())
            .map(|task| TaskView::new(lang, task, today, forms))
            .collect(),
        encounter_fields: fields,
        contact_options,
        task_fields: vec![title, due],
        timeline,
        filters,
        encounter_errors: forms.which == "encounter" && !forms.errors.is_empty(),
        back: format!("/accounts/{id}"),
    })
}

/// The encounter form's fields with `form`'s values and `errors` beside them.
fn encounter_fields(lang: Lang, form: &FormData, errors: &ValidationErrors) -> Vec<FieldView> {
    let t = lang.texts();
    let error = |field: &str, label: &str| errors.get(field).map(|p| lang.problem(label, p));
    let chosen = |name: &str| vec![form.get(name).to_owned()];
    let mut kind = FieldView::select(
        "kind",
        t.f_encounter_kind,
        options(
            EncounterKind::ALL,
            EncounterKind::as_str,
            |k| lang.encounter_kind(k).into(),
            &chosen("kind"),
        ),
    )
    .required();
    kind.error = error("kind", t.f_encounter_kind);
    let mut channel = FieldView::select(
        "channel",
        t.f_encounter_channel,
        options(
            EncounterChannel::ALL,
            EncounterChannel::as_str,
            |c| lang.encounter_channel(c).into(),
            &chosen("channel"),
        ),
    )
    .hint(t.channel_usual);
    channel.error = error("channel", t.f_encounter_channel);
    let mut fields = vec![kind, channel];
    for (name, label, wide) in [
        ("date", t.f_encounter_date, false),
        ("time", t.f_encounter_time, false),
        ("summary", t.f_summary, true),
        ("outcome", t.f_outcome, true),
        ("next_step", t.f_next_step, true),
    ] {
        let mut f = FieldView::text(name, label, form);
        if wide {
            f = f.wide();
        }
        if name == "date" || name == "summary" {
            f = f.required();
        }
        f.error = error(name, label);
        fields.push(f);
    }
    fields
}

/// The account's contacts (not erased) to tick as having taken part, `picked` ticked.
fn contact_options(contacts: &[arvo_core::Contact], picked: &[String]) -> Vec<SelectOption> {
    contacts
        .iter()
        .filter(|c| c.erased_at.is_none())
        .map(|c| SelectOption {
            value: c.id.to_string(),
            label: [
                c.data.first_name.as_deref(),
                Some(c.data.last_name.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
            selected: picked.iter().any(|p| *p == c.id.to_string()),
        })
        .collect()
}

/// Where a form goes back to: a local path it names, or My work.
fn back_of(form: &FormData) -> String {
    match form.get("back") {
        "" => "/work".into(),
        b => local_path(Some(b)).to_owned(),
    }
}

/// Back to `back` (its `#anchor` kept last) with a notice to show.
pub(super) fn with_notice(back: &str, notice: &str) -> Response {
    let (path, anchor) = back.split_once('#').unwrap_or((back, ""));
    let separator = if path.contains('?') { '&' } else { '?' };
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    Redirect::to(&format!("{path}{separator}notice={notice}{anchor}")).into_response()
}

/// Answers a form: back where it came from with a notice when `result` is a success; the page
/// it came from again with the input (`which` form's) and its errors when refused.
async fn answer<T>(
    ctx: &Ctx,
    state: &AppState,
    back: &str,
    (which, form): (&'static str, FormData),
    result: Result<T, AppError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(with_notice(back, notice)),
        Err(AppError::Validation(errors)) => {
            let forms = ValueForms {
                which,
                form,
                errors,
            };
            refused(ctx, state, back, forms).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}

/// The page a refused form came from again, with the input and its errors.
async fn refused(
    ctx: &Ctx,
    state: &AppState,
    back: &str,
    forms: ValueForms,
) -> Result<Response, PageError> {
    let account = back
        .strip_prefix("/accounts/")
        .and_then(|rest| rest.split(['?', '#']).next())
        .and_then(|id| id.parse::<i64>().ok());
    match account {
        Some(id) => super::accounts::page(ctx, state, id, None, None, &forms, None).await,
        None => work_page(ctx, state, &forms, None).await,
    }
}

/// `POST /care/decisions`: accepts, postpones or dismisses a suggested action, then goes back.
pub async fn decide(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let back = back_of(&form);
    let Ok(account) = form.get("account_id").parse::<i64>() else {
        return Err(ctx.fail(AppError::NotFound("account".into())));
    };
    let input = DecisionInput {
        gap: form.get("gap").into(),
        decision: form.get("decision").into(),
        until: form.opt("until"),
        reason: form.opt("reason"),
        due: form.opt("due"),
        owner: None,
    };
    let notice = match input.decision.as_str() {
        "accept" => "accepted",
        "postpone" => "postponed",
        _ => "dismissed_suggestion",
    };
    let result = care::decide(&state.store, ctx.caller()?, account, &input, today()).await;
    answer(&ctx, &state, &back, ("decision", form), result, notice).await
}

/// `POST /tasks/{id}/done`: marks a task done (or, with `done=false`, open again).
pub async fn task_done(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let done = form.get("done") != "false";
    care::set_task_done(
        &state.store,
        ctx.caller()?,
        id,
        done,
        form.version(),
        today(),
    )
    .await
    .map_err(|e| ctx.fail(e))?;
    Ok(with_notice(&back_of(&form), "task_done"))
}

/// `POST /tasks/{id}/move`: moves a task to another day, then goes back; a refused day comes
/// back beside the task.
pub async fn move_task(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut form = FormData(fields);
    form.set("task", id.to_string());
    let change = care::TaskChange {
        due: Some(form.get("due").to_owned()),
        version: form.version(),
        ..care::TaskChange::default()
    };
    let result = care::change_task(&state.store, ctx.caller()?, id, &change).await;
    let back = back_of(&form);
    answer(
        &ctx,
        &state,
        &back,
        ("task_move", form),
        result,
        "task_moved",
    )
    .await
}

/// `POST /tasks`: writes a task by hand, about the account the form names.
pub async fn add_task(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let back = back_of(&form);
    let input = TaskInput {
        title: form.opt("title"),
        notes: form.opt("notes"),
        owner: None,
        due: form.opt("due"),
        account_id: form.get("account_id").parse().ok(),
    };
    let result = care::create_task(&state.store, ctx.caller()?, &input).await;
    answer(&ctx, &state, &back, ("task", form), result, "task_added").await
}

/// `POST /accounts/{id}/encounters`: records an encounter with the account.
pub async fn add_encounter(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let input = EncounterInput {
        kind: form.opt("kind"),
        channel: form.opt("channel"),
        date: form.opt("date"),
        time: form.opt("time"),
        summary: form.opt("summary"),
        outcome: form.opt("outcome"),
        next_step: form.opt("next_step"),
        users: vec![ctx.caller()?.user.name.clone()],
        contacts: form
            .all("contacts")
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect(),
        ..EncounterInput::default()
    };
    let result = care::add_encounter(&state.store, ctx.caller()?, id, &input).await;
    let back = format!("/accounts/{id}#care");
    answer(
        &ctx,
        &state,
        &back,
        ("encounter", form),
        result,
        "encounter_added",
    )
    .await
}

/// `?show=` on the account page: the timeline's filter.
#[derive(Debug, Default, Deserialize)]
pub struct ShowParam {
    pub show: Option<String>,
}

/// `POST /encounters/{id}/delete`: deletes an encounter recorded by mistake, then goes back.
pub async fn delete_encounter(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    care::delete_encounter(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(with_notice(&back_of(&form), "encounter_deleted"))
}

#[derive(Template)]
#[template(path = "encounter_edit.html")]
struct EncounterEditPage {
    t: &'static Texts,
    l: Layout,
    id: i64,
    account_id: i64,
    account_name: String,
    fields: Vec<FieldView>,
    contact_options: Vec<SelectOption>,
    /// Problems of what the form does not show as fields (a contact no longer there).
    other_errors: Vec<String>,
    has_errors: bool,
}

/// An encounter as the form shows it.
fn encounter_values(lang: Lang, e: &Encounter) -> FormData {
    let mut f = FormData::default();
    f.set("kind", e.kind.clone());
    f.set("channel", e.channel.clone());
    f.set("date", lang.date(e.date));
    f.set("time", e.time.clone().unwrap_or_default());
    f.set("summary", e.summary.clone());
    f.set("outcome", e.outcome.clone().unwrap_or_default());
    f.set("next_step", e.next_step.clone().unwrap_or_default());
    for p in &e.participants {
        if let arvo_store::care::Participant::Contact { id, .. } = p {
            f.set("contacts", id.to_string());
        }
    }
    f
}

/// The edit page of an encounter: its values, or `typed` with `errors` when a save was refused.
async fn encounter_edit_page(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    typed: Option<(FormData, ValidationErrors)>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = ctx.t();
    let encounter = care::encounter(&state.store, ctx.caller()?, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let contacts = state
        .store
        .contacts_of(encounter.account_id)
        .await
        .map_err(|e| ctx.fail(AppError::from(e)))?;
    let (form, errors) =
        typed.unwrap_or_else(|| (encounter_values(lang, &encounter), ValidationErrors::new()));
    let shown = [
        "kind",
        "channel",
        "date",
        "time",
        "summary",
        "outcome",
        "next_step",
    ];
    let page = EncounterEditPage {
        t,
        l: ctx.layout(t.encounter_edit_title, "accounts"),
        id,
        account_id: encounter.account_id,
        account_name: encounter.account_name.clone(),
        fields: encounter_fields(lang, &form, &errors),
        contact_options: contact_options(&contacts, &form.all("contacts")),
        other_errors: errors
            .0
            .iter()
            .filter(|e| !shown.contains(&e.field.as_str()))
            .map(|e| lang.problem(t.f_contacts_present, &e.problem))
            .collect(),
        has_errors: !errors.is_empty(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render(status, &page))
}

/// `GET /encounters/{id}/edit`.
pub async fn edit_encounter(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    encounter_edit_page(&ctx, &state, id, None).await
}

/// `POST /encounters/{id}`: saves the encounter as typed (the users who took part stay as they
/// were), then goes back to the account's timeline.
pub async fn update_encounter(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormData(fields);
    let caller = ctx.caller()?;
    let current = care::encounter(&state.store, caller, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let input = EncounterInput {
        kind: form.opt("kind"),
        channel: form.opt("channel"),
        date: form.opt("date"),
        time: form.opt("time"),
        duration_minutes: current.duration_minutes,
        summary: form.opt("summary"),
        outcome: form.opt("outcome"),
        next_step: form.opt("next_step"),
        users: current
            .participants
            .iter()
            .filter_map(|p| match p {
                arvo_store::care::Participant::User { name } => Some(name.clone()),
                arvo_store::care::Participant::Contact { .. } => None,
            })
            .collect(),
        contacts: form
            .all("contacts")
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect(),
    };
    match care::update_encounter(&state.store, caller, id, &input).await {
        Ok(e) => Ok(with_notice(
            &format!("/accounts/{}#timeline", e.account_id),
            "encounter_updated",
        )),
        Err(AppError::Validation(errors)) => {
            encounter_edit_page(&ctx, &state, id, Some((form, errors))).await
        }
        Err(e) => Err(ctx.fail(e)),
    }
}
