// Targets, written once and compiled for each dialect next to `repo.rs`: listed by period or
// account, saved (one per whom, metric and period) and deleted, each change in the audit log.

use crate::targets::Target;
use arvo_core::targets::{TargetDraft, TargetOf};

const TARGET_SELECT: &str = "SELECT t.id, t.version, t.scope, t.account_id, a.name AS account_name, \
     a.owner AS account_owner, t.segment, t.metric, t.period, t.target, t.note, t.created_by, \
     t.created_at, t.updated_by, t.updated_at FROM targets t LEFT JOIN accounts a ON a.id = t.account_id";

async fn fetch_target<'e>(executor: impl sqlx::Executor<'e, Database = Db>, id: i64) -> Result<Target> {
    sqlx::query_as(&format!("{TARGET_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound("target"))
}

/// One target.
pub async fn target(pool: &Pool, id: i64) -> Result<Target> {
    fetch_target(pool, id).await
}

/// The targets of a period (`2027`, `2027-Q1`) or of every period, of one account or of all: the
/// whole base's first, then the segments', then the customers' by name.
pub async fn targets(pool: &Pool, period: Option<&str>, account_id: Option<i64>) -> Result<Vec<Target>> {
    let mut c = Conditions::new();
    if period.is_some() {
        c.add("t.period = {}");
    }
    if account_id.is_some() {
        c.add("t.account_id = {}");
    }
    let sql = format!(
        "{TARGET_SELECT}{} ORDER BY t.period, CASE t.scope WHEN 'base' THEN 0 WHEN 'segment' THEN 1 \
         ELSE 2 END, t.segment, a.name, t.account_id, t.metric",
        c.sql()
    );
    let mut q = sqlx::query_as(&sql);
    if let Some(p) = period {
        q = q.bind(p);
    }
    if let Some(id) = account_id {
        q = q.bind(id);
    }
    Ok(q.fetch_all(pool).await?)
}

/// Saves a new target, or (with `id`) changes one, with `version` only if that version is still
/// current. A second target for the same customer, segment or base, metric and period is refused
/// by name (`period`), as is a customer that does not exist.
pub async fn save_target(
    pool: &Pool,
    id: Option<i64>,
    draft: &TargetDraft,
    version: Option<i64>,
    actor: &Actor,
) -> Result<Target> {
    let mut tx = pool.begin().await?;
    let (account, segment) = match draft.of {
        TargetOf::Customer(account) => {
            lock_account(&mut tx, account).await?;
            (Some(account), None)
        }
        TargetOf::Segment(s) => (None, Some(s.as_str())),
        TargetOf::Base => (None, None),
    };
    if let Some(id) = id {
        let current = fetch_target(&mut *tx, id).await?;
        if let Some(version) = version {
            expect_version(current.version, version)?;
        }
    }
    let scope = draft.of.scope().as_str();
    let period = draft.period.code();
    let same: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM targets WHERE scope = $1 AND COALESCE(account_id, 0) = $2 \
         AND COALESCE(segment, '') = $3 AND metric = $4 AND period = $5",
    )
    .bind(scope)
    .bind(account.unwrap_or(0))
    .bind(segment.unwrap_or(""))
    .bind(draft.metric.as_str())
    .bind(&period)
    .fetch_optional(&mut *tx)
    .await?;
    if same.is_some_and(|s| Some(s) != id) {
        return Err(StoreError::Validation(ValidationErrors::single(
            "period",
            Problem::Duplicate,
        )));
    }
    let at = now();
    let saved = if let Some(id) = id {
        sqlx::query(
            "UPDATE targets SET scope = $1, account_id = $2, segment = $3, metric = $4, \
             period = $5, target = $6, note = $7, updated_by = $8, updated_at = $9, \
             version = version + 1 WHERE id = $10",
        )
        .bind(scope)
        .bind(account)
        .bind(segment)
        .bind(draft.metric.as_str())
        .bind(&period)
        .bind(draft.target)
        .bind(&draft.note)
        .bind(&actor.name)
        .bind(at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        id
    } else {
        sqlx::query_scalar(
            "INSERT INTO targets (scope, account_id, segment, metric, period, target, note, \
             created_by, created_at, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9) RETURNING id",
        )
        .bind(scope)
        .bind(account)
        .bind(segment)
        .bind(draft.metric.as_str())
        .bind(&period)
        .bind(draft.target)
        .bind(&draft.note)
        .bind(&actor.name)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?
    };
    record_event(
        &mut *tx,
        &event(
            "target.saved",
            actor,
            format!("target {saved}"),
            serde_json::json!({
                "scope": scope,
                "account_id": account,
                "segment": segment,
                "metric": draft.metric.as_str(),
                "period": period,
                "target": draft.target,
            }),
        ),
    )
    .await?;
    let target = fetch_target(&mut *tx, saved).await?;
    tx.commit().await?;
    Ok(target)
}

/// Deletes a target.
pub async fn delete_target(pool: &Pool, id: i64, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    let current = fetch_target(&mut *tx, id).await?;
    sqlx::query("DELETE FROM targets WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut *tx,
        &event(
            "target.deleted",
            actor,
            format!("target {id}"),
            serde_json::json!({
                "scope": current.scope,
                "account_id": current.account_id,
                "segment": current.segment,
                "metric": current.metric,
                "period": current.period,
            }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
