// Account plans, written once and compiled for each dialect next to `repo.rs`: a plan is saved
// whole (its header, goals, actions and script in one transaction, the goals and actions keeping
// their ids), reviewed, deleted, listed, and read by the adherence engine.

use crate::plans::{DueAction, Plan, PlanSummary, PlannedAction};
use arvo_core::plan::PlanDraft;

#[derive(sqlx::FromRow)]
struct PlanRow {
    account_id: i64,
    account_name: String,
    version: i64,
    summary: Option<String>,
    review_every_days: i64,
    started_on: NaiveDate,
    reviewed_on: Option<NaiveDate>,
    reviewed_by: Option<String>,
    created_by: String,
    created_at: DateTime<Utc>,
    updated_by: String,
    updated_at: DateTime<Utc>,
}

/// An account's plan with its goals, actions and script, on one connection.
async fn fetch_plan(
    conn: &mut <Db as sqlx::Database>::Connection,
    account_id: i64,
) -> Result<Option<Plan>> {
    let row: Option<PlanRow> = sqlx::query_as(
        "SELECT p.account_id, a.name AS account_name, p.version, p.summary, p.review_every_days, \
         p.started_on, p.reviewed_on, p.reviewed_by, p.created_by, p.created_at, p.updated_by, \
         p.updated_at FROM account_plans p JOIN accounts a ON a.id = p.account_id \
         WHERE p.account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let goals = sqlx::query_as(
        "SELECT id, metric, name, baseline, target, current_value AS current, due_on AS due \
         FROM account_plan_goals WHERE account_id = $1 ORDER BY position, id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let actions = sqlx::query_as(
        "SELECT id, title, owner, due_on AS due, status, closed_on FROM account_plan_actions \
         WHERE account_id = $1 ORDER BY position, id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let script = sqlx::query_as(
        "SELECT stage, kind, participants, exchanged FROM account_plan_script \
         WHERE account_id = $1 ORDER BY position, id",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(Plan {
        account_id: row.account_id,
        account_name: row.account_name,
        version: row.version,
        summary: row.summary,
        review_every_days: row.review_every_days,
        started: row.started_on,
        reviewed_on: row.reviewed_on,
        reviewed_by: row.reviewed_by,
        goals,
        actions,
        script,
        created_by: row.created_by,
        created_at: row.created_at,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
    }))
}

/// An account's plan, if it has one.
pub async fn plan(pool: &Pool, account_id: i64) -> Result<Option<Plan>> {
    let mut conn = pool.acquire().await?;
    fetch_plan(&mut conn, account_id).await
}

/// Checks what only the database knows of a plan: that the goals' and actions' ids are the
/// plan's own, and that each action's owner is an active user (an action keeping its stored
/// owner is not checked again, so that a plan can be saved after its owner left).
async fn check_plan(tx: &mut Tx<'_>, draft: &PlanDraft, current: Option<&Plan>) -> Result<()> {
    let mut errors = ValidationErrors::new();
    let goal_ids: Vec<i64> = current.map_or_else(Vec::new, |p| p.goals.iter().map(|g| g.id).collect());
    let actions: &[PlannedAction] = current.map_or(&[], |p| p.actions.as_slice());
    let allowed = |ids: &mut dyn Iterator<Item = i64>| Problem::Choice {
        allowed: ids.map(|id| id.to_string()).collect(),
    };
    for (i, g) in draft.goals.iter().enumerate() {
        if g.id.is_some_and(|id| !goal_ids.contains(&id)) {
            errors.add(format!("goals[{i}].id"), allowed(&mut goal_ids.iter().copied()));
        }
    }
    for (i, a) in draft.actions.iter().enumerate() {
        let stored = a.id.map(|id| actions.iter().find(|s| s.id == id));
        if let Some(None) = stored {
            errors.add(format!("actions[{i}].id"), allowed(&mut actions.iter().map(|s| s.id)));
        }
        if stored.flatten().is_none_or(|s| s.owner != a.owner) {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM users WHERE active AND name = $1")
                    .bind(&a.owner)
                    .fetch_optional(&mut **tx)
                    .await?;
            if found.is_none() {
                errors.add(format!("actions[{i}].owner"), Problem::UnknownUser);
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(errors))
    }
}

/// Saves an account's plan whole: creates it, or (with `version`, only if that version is still
/// current) replaces its ambition, cadence, goals, actions and script. Goals and actions with an
/// id keep it; those left out are deleted. An action closed (done or cancelled) is dated `on`.
pub async fn save_plan(
    pool: &Pool,
    account_id: i64,
    draft: &PlanDraft,
    version: Option<i64>,
    on: NaiveDate,
    actor: &Actor,
) -> Result<Plan> {
    let mut tx = pool.begin().await?;
    lock_account(&mut tx, account_id).await?;
    let current = fetch_plan(&mut tx, account_id).await?;
    if let Some(version) = version {
        expect_version(current.as_ref().map_or(0, |p| p.version), version)?;
    }
    check_plan(&mut tx, draft, current.as_ref()).await?;
    let at = now();
    if current.is_some() {
        sqlx::query(
            "UPDATE account_plans SET summary = $1, review_every_days = $2, started_on = $3, \
             updated_by = $4, updated_at = $5, version = version + 1 WHERE account_id = $6",
        )
        .bind(&draft.summary)
        .bind(i64::from(draft.review_every_days))
        .bind(draft.started)
        .bind(&actor.name)
        .bind(at)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO account_plans (account_id, summary, review_every_days, started_on, \
             created_by, created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $5, $6)",
        )
        .bind(account_id)
        .bind(&draft.summary)
        .bind(i64::from(draft.review_every_days))
        .bind(draft.started)
        .bind(&actor.name)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    let stored_goals = current.as_ref().map_or(&[][..], |p| p.goals.as_slice());
    for gone in stored_goals
        .iter()
        .filter(|s| !draft.goals.iter().any(|g| g.id == Some(s.id)))
    {
        sqlx::query("DELETE FROM account_plan_goals WHERE id = $1")
            .bind(gone.id)
            .execute(&mut *tx)
            .await?;
    }
    for (position, g) in (0_i64..).zip(&draft.goals) {
        let sql = if g.id.is_some() {
            "UPDATE account_plan_goals SET position = $1, metric = $2, name = $3, baseline = $4, \
             target = $5, current_value = $6, due_on = $7 WHERE id = $8 AND account_id = $9"
        } else {
            "INSERT INTO account_plan_goals (position, metric, name, baseline, target, \
             current_value, due_on, account_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        };
        let mut q = sqlx::query(sql)
            .bind(position)
            .bind(g.metric.as_str())
            .bind(&g.name)
            .bind(g.baseline)
            .bind(g.target)
            .bind(g.current)
            .bind(g.due);
        if let Some(id) = g.id {
            q = q.bind(id);
        }
        q.bind(account_id).execute(&mut *tx).await?;
    }
    let stored_actions = current.as_ref().map_or(&[][..], |p| p.actions.as_slice());
    for gone in stored_actions
        .iter()
        .filter(|s| !draft.actions.iter().any(|a| a.id == Some(s.id)))
    {
        sqlx::query("DELETE FROM account_plan_actions WHERE id = $1")
            .bind(gone.id)
            .execute(&mut *tx)
            .await?;
    }
    for (position, a) in (0_i64..).zip(&draft.actions) {
        let stored = stored_actions.iter().find(|s| Some(s.id) == a.id);
        // Closed on the day it first closed (an open action has no such day stored).
        let closed_on = a
            .status
            .is_closed()
            .then(|| stored.and_then(|s| s.closed_on).unwrap_or(on));
        let sql = if a.id.is_some() {
            "UPDATE account_plan_actions SET position = $1, title = $2, owner = $3, due_on = $4, \
             status = $5, closed_on = $6 WHERE id = $7 AND account_id = $8"
        } else {
            "INSERT INTO account_plan_actions (position, title, owner, due_on, status, closed_on, \
             account_id) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        };
        let mut q = sqlx::query(sql)
            .bind(position)
            .bind(&a.title)
            .bind(&a.owner)
            .bind(a.due)
            .bind(a.status.as_str())
            .bind(closed_on);
        if let Some(id) = a.id {
            q = q.bind(id);
        }
        q.bind(account_id).execute(&mut *tx).await?;
    }
    sqlx::query("DELETE FROM account_plan_script WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    for (position, s) in (0_i64..).zip(&draft.script) {
        sqlx::query(
            "INSERT INTO account_plan_script (account_id, position, stage, kind, participants, \
             exchanged) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(account_id)
        .bind(position)
        .bind(s.stage.as_str())
        .bind(s.kind.as_str())
        .bind(&s.participants)
        .bind(&s.exchanged)
        .execute(&mut *tx)
        .await?;
    }
    record_event(
        &mut *tx,
        &event(
            "plan.saved",
            actor,
            format!("account {account_id}"),
            serde_json::json!({
                "created": current.is_none(),
                "review_every_days": draft.review_every_days,
                "goals": draft.goals.len(),
                "actions": draft.actions.len(),
                "script": draft.script.len(),
            }),
        ),
    )
    .await?;
    let saved = fetch_plan(&mut tx, account_id)
        .await?
        .ok_or(StoreError::NotFound("plan"))?;
    tx.commit().await?;
    Ok(saved)
}

/// Records that an account's plan was reviewed on `on`.
pub async fn record_plan_review(
    pool: &Pool,
    account_id: i64,
    on: NaiveDate,
    actor: &Actor,
) -> Result<Plan> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE account_plans SET reviewed_on = $1, reviewed_by = $2, updated_by = $2, \
         updated_at = $3, version = version + 1 WHERE account_id = $4",
    )
    .bind(on)
    .bind(&actor.name)
    .bind(now())
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("plan"));
    }
    record_event(
        &mut *tx,
        &event(
            "plan.reviewed",
            actor,
            format!("account {account_id}"),
            serde_json::json!({ "on": on }),
        ),
    )
    .await?;
    let plan = fetch_plan(&mut tx, account_id)
        .await?
        .ok_or(StoreError::NotFound("plan"))?;
    tx.commit().await?;
    Ok(plan)
}

/// Deletes an account's plan with its goals, actions and script.
pub async fn delete_plan(pool: &Pool, account_id: i64, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    for table in ["account_plan_goals", "account_plan_actions", "account_plan_script"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
    }
    let done = sqlx::query("DELETE FROM account_plans WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("plan"));
    }
    record_event(
        &mut *tx,
        &event(
            "plan.deleted",
            actor,
            format!("account {account_id}"),
            serde_json::json!({}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every plan with its account, its reviews up to `on` and its open actions, by account name.
pub async fn plans(pool: &Pool, on: NaiveDate) -> Result<Vec<PlanSummary>> {
    Ok(sqlx::query_as(
        "SELECT p.account_id, a.name AS account_name, a.owner, p.review_every_days, \
         p.started_on AS started, p.reviewed_on, \
         (SELECT MAX(e.occurred_on) FROM encounters e WHERE e.account_id = p.account_id \
          AND e.kind = 'business_review' AND e.occurred_on <= $1) AS last_business_review, \
         (SELECT COUNT(*) FROM account_plan_actions x WHERE x.account_id = p.account_id \
          AND x.status NOT IN ('done', 'cancelled')) AS open_actions, \
         (SELECT MIN(x.due_on) FROM account_plan_actions x WHERE x.account_id = p.account_id \
          AND x.status NOT IN ('done', 'cancelled')) AS next_action_due, \
         (SELECT COUNT(*) FROM account_plan_goals g WHERE g.account_id = p.account_id) AS goals \
         FROM account_plans p JOIN accounts a ON a.id = p.account_id ORDER BY a.name, a.id",
    )
    .bind(on)
    .fetch_all(pool)
    .await?)
}

/// The open actions of plans owed by `owners` (everyone's when empty) due on or before `due_by`,
/// by due day.
pub async fn open_plan_actions(
    pool: &Pool,
    owners: &[String],
    due_by: NaiveDate,
) -> Result<Vec<DueAction>> {
    let list: Vec<String> = (0..owners.len()).map(|i| format!("${}", i + 2)).collect();
    let of_owners = if owners.is_empty() {
        String::new()
    } else {
        format!(" AND x.owner IN ({})", list.join(", "))
    };
    let sql = format!(
        "SELECT x.id, x.account_id, a.name AS account_name, x.title, x.owner, x.due_on AS due, \
         x.status FROM account_plan_actions x JOIN accounts a ON a.id = x.account_id \
         WHERE x.status NOT IN ('done', 'cancelled') AND x.due_on <= $1{of_owners} \
         ORDER BY x.due_on, a.name, x.id LIMIT 1000"
    );
    let mut q = sqlx::query_as(&sql).bind(due_by);
    for owner in owners {
        q = q.bind(owner);
    }
    Ok(q.fetch_all(pool).await?)
}

/// Every plan (or one account's) as the adherence engine sees it, in account id order: its
/// cadence, start, recorded review and open actions.
async fn plan_facts(
    pool: &Pool,
    account: Option<i64>,
) -> Result<Vec<(i64, arvo_core::care::PlanFacts)>> {
    use arvo_core::care::{PlanAction, PlanFacts};
    type HeaderRow = (i64, i64, NaiveDate, Option<NaiveDate>);
    type ActionRow = (i64, i64, String, NaiveDate);
    let only = |joiner: &str| {
        account.map_or_else(String::new, |id| format!(" {joiner} account_id = {id}"))
    };
    let plans_sql = format!(
        "SELECT account_id, review_every_days, started_on, reviewed_on FROM account_plans{} \
         ORDER BY account_id",
        only("WHERE")
    );
    let actions_sql = format!(
        "SELECT account_id, id, title, due_on FROM account_plan_actions \
         WHERE status NOT IN ('done', 'cancelled'){} ORDER BY account_id, position, id",
        only("AND")
    );
    let (plans, actions): (Vec<HeaderRow>, Vec<ActionRow>) = tokio::try_join!(
        sqlx::query_as(&plans_sql).fetch_all(pool),
        sqlx::query_as(&actions_sql).fetch_all(pool),
    )?;
    let mut out: Vec<(i64, PlanFacts)> = plans
        .into_iter()
        .map(|(id, every, started, reviewed)| {
            (
                id,
                PlanFacts {
                    review_every_days: u32::try_from(every).unwrap_or(0),
                    started,
                    last_review: reviewed,
                    actions: Vec::new(),
                },
            )
        })
        .collect();
    for (account_id, id, title, due) in actions {
        if let Ok(i) = out.binary_search_by_key(&account_id, |(a, _)| *a) {
            out[i].1.actions.push(PlanAction {
                id,
                title,
                due,
                done: false,
            });
        }
    }
    Ok(out)
}
