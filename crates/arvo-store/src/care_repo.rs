// The care of customers, written once and compiled for each dialect next to `repo.rs`:
// encounters with their participants, tasks, decisions on suggested actions (the latest on a gap
// counts; accepting saves the task in the same transaction), and the adherence engine's read of
// the whole base, each table once.

use crate::care::{
    CareAccount, CareData, CareRun, Encounter, EncounterQuery, NewDecision, Participant,
    RunAdherence, RunTotals, StoredDecision, Task, TaskQuery,
};
use arvo_core::work::{EncounterDraft, TaskDraft};

/// Numbered `$n` placeholders for a query whose conditions are optional.
struct Conditions {
    clauses: Vec<String>,
    count: usize,
}

impl Conditions {
    fn new() -> Self {
        Self {
            clauses: Vec::new(),
            count: 0,
        }
    }

    /// Adds a clause whose `{}`s all stand for the next placeholder.
    fn add(&mut self, clause: &str) {
        self.count += 1;
        self.clauses.push(clause.replace("{}", &format!("${}", self.count)));
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// `Validation` naming `field` unless `user` is the name of an active user.
async fn expect_user<'e>(
    executor: impl sqlx::Executor<'e, Database = Db>,
    field: &str,
    user: &str,
) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE active AND name = $1")
        .bind(user)
        .fetch_optional(executor)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::Validation(ValidationErrors::single(
            field,
            Problem::UnknownUser,
        ))),
    }
}

/// Records an encounter with an account and the people who took part: the users by name (active
/// ones) and the contacts by id (the account's own, not erased).
pub async fn add_encounter(
    pool: &Pool,
    account_id: i64,
    draft: &EncounterDraft,
    actor: &Actor,
) -> Result<Encounter> {
    let mut tx = pool.begin().await?;
    let id = insert_encounter(&mut tx, account_id, draft, actor).await?;
    tx.commit().await?;
    let query = EncounterQuery {
        account_id: Some(account_id),
        limit: 1,
        ..EncounterQuery::default()
    };
    encounters_where(pool, &query, Some(id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound("encounter"))
}

/// Records many encounters in one transaction: all of them, or none.
pub async fn add_encounters(
    pool: &Pool,
    encounters: &[(i64, EncounterDraft)],
    actor: &Actor,
) -> Result<usize> {
    let mut tx = pool.begin().await?;
    for (account_id, draft) in encounters {
        insert_encounter(&mut tx, *account_id, draft, actor).await?;
    }
    tx.commit().await?;
    Ok(encounters.len())
}

/// Checks an encounter's people: the users active ones, the contacts the account's own and not
/// erased; each stranger named by its place in the list.
async fn check_participants(tx: &mut Tx<'_>, account_id: i64, draft: &EncounterDraft) -> Result<()> {
    for (i, user) in draft.users.iter().enumerate() {
        expect_user(&mut **tx, &format!("users[{i}]"), user).await?;
    }
    for (i, contact) in draft.contacts.iter().enumerate() {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM contacts WHERE id = $1 AND account_id = $2 AND erased_at IS NULL",
        )
        .bind(contact)
        .bind(account_id)
        .fetch_optional(&mut **tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::Validation(ValidationErrors::single(
                format!("contacts[{i}]"),
                Problem::UnknownContact,
            )));
        }
    }
    Ok(())
}

async fn insert_participants(tx: &mut Tx<'_>, id: i64, draft: &EncounterDraft) -> Result<()> {
    for user in &draft.users {
        sqlx::query("INSERT INTO encounter_participants (encounter_id, user_name) VALUES ($1, $2)")
            .bind(id)
            .bind(user)
            .execute(&mut **tx)
            .await?;
    }
    for contact in &draft.contacts {
        sqlx::query(
            "INSERT INTO encounter_participants (encounter_id, contact_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(contact)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The account an encounter is with.
async fn encounter_account(tx: &mut Tx<'_>, id: i64) -> Result<i64> {
    sqlx::query_scalar("SELECT account_id FROM encounters WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("encounter"))
}

/// Binds what an encounter records to `$1`–`$8`: kind, channel, day, time, duration, summary,
/// outcome and next step.
fn bind_encounter<'q>(
    query: sqlx::query::QueryScalar<'q, Db, i64, <Db as sqlx::Database>::Arguments<'q>>,
    draft: &'q EncounterDraft,
) -> sqlx::query::QueryScalar<'q, Db, i64, <Db as sqlx::Database>::Arguments<'q>> {
    query
        .bind(draft.kind.as_str())
        .bind(draft.channel.as_str())
        .bind(draft.date)
        .bind(draft.time.map(|t| t.format("%H:%M").to_string()))
        .bind(draft.duration_minutes)
        .bind(&draft.summary)
        .bind(&draft.outcome)
        .bind(&draft.next_step)
}

async fn insert_encounter(
    tx: &mut Tx<'_>,
    account_id: i64,
    draft: &EncounterDraft,
    actor: &Actor,
) -> Result<i64> {
    fetch_account(&mut **tx, account_id).await?;
    check_participants(tx, account_id, draft).await?;
    let id: i64 = bind_encounter(
        sqlx::query_scalar(
            "INSERT INTO encounters (kind, channel, occurred_on, start_time, duration_minutes, \
             summary, outcome, next_step, account_id, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        ),
        draft,
    )
    .bind(account_id)
    .bind(&actor.name)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    insert_participants(tx, id, draft).await?;
    record_event(
        &mut **tx,
        &event(
            "care.encounter",
            actor,
            format!("account {account_id}"),
            serde_json::json!({
                "encounter": id,
                "kind": draft.kind.as_str(),
                "date": draft.date,
            }),
        ),
    )
    .await?;
    Ok(id)
}

/// Replaces what an encounter records (its kind, channel, day and time, texts and the people
/// who took part), e.g. the outcome of a meeting booked ahead once it was held.
pub async fn update_encounter(
    pool: &Pool,
    id: i64,
    draft: &EncounterDraft,
    actor: &Actor,
) -> Result<Encounter> {
    let mut tx = pool.begin().await?;
    let account = encounter_account(&mut tx, id).await?;
    check_participants(&mut tx, account, draft).await?;
    let _: i64 = bind_encounter(
        sqlx::query_scalar(
            "UPDATE encounters SET kind = $1, channel = $2, occurred_on = $3, start_time = $4, \
             duration_minutes = $5, summary = $6, outcome = $7, next_step = $8 WHERE id = $9 \
             RETURNING id",
        ),
        draft,
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM encounter_participants WHERE encounter_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_participants(&mut tx, id, draft).await?;
    record_event(
        &mut *tx,
        &event(
            "care.encounter_updated",
            actor,
            format!("account {account}"),
            serde_json::json!({
                "encounter": id,
                "kind": draft.kind.as_str(),
                "date": draft.date,
            }),
        ),
    )
    .await?;
    tx.commit().await?;
    encounter(pool, id).await
}

/// One encounter with its participants.
pub async fn encounter(pool: &Pool, id: i64) -> Result<Encounter> {
    let query = EncounterQuery {
        limit: 1,
        ..EncounterQuery::default()
    };
    encounters_where(pool, &query, Some(id))
        .await?
        .pop()
        .ok_or(StoreError::NotFound("encounter"))
}

/// Deletes an encounter recorded by mistake, with its participants.
pub async fn delete_encounter(pool: &Pool, id: i64, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    let account = encounter_account(&mut tx, id).await?;
    sqlx::query("DELETE FROM encounters WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut *tx,
        &event(
            "care.encounter_deleted",
            actor,
            format!("account {account}"),
            serde_json::json!({ "encounter": id }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EncounterRow {
    id: i64,
    account_id: i64,
    account_name: String,
    kind: String,
    channel: String,
    occurred_on: chrono::NaiveDate,
    start_time: Option<String>,
    duration_minutes: Option<i64>,
    summary: String,
    outcome: Option<String>,
    next_step: Option<String>,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

/// An encounter's id, a participant's user name or contact id, and the contact's first and last
/// name.
type ParticipantRow = (i64, Option<String>, Option<i64>, Option<String>, Option<String>);

/// The encounters a query asks for, newest first, each with its participants.
pub async fn encounters(pool: &Pool, query: &EncounterQuery) -> Result<Vec<Encounter>> {
    encounters_where(pool, query, None).await
}

async fn encounters_where(
    pool: &Pool,
    query: &EncounterQuery,
    id: Option<i64>,
) -> Result<Vec<Encounter>> {
    let mut c = Conditions::new();
    if id.is_some() {
        c.add("e.id = {}");
    }
    if query.account_id.is_some() {
        c.add("e.account_id = {}");
    }
    if query.user.is_some() {
        c.add(
            "(e.recorded_by = {} OR EXISTS (SELECT 1 FROM encounter_participants p \
             WHERE p.encounter_id = e.id AND p.user_name = {}))",
        );
    }
    if query.from.is_some() {
        c.add("e.occurred_on >= {}");
    }
    if query.to.is_some() {
        c.add("e.occurred_on <= {}");
    }
    let sql = format!(
        "SELECT e.id, e.account_id, a.name AS account_name, e.kind, e.channel, e.occurred_on, \
         e.start_time, e.duration_minutes, e.summary, e.outcome, e.next_step, e.recorded_by, \
         e.recorded_at FROM encounters e JOIN accounts a ON a.id = e.account_id{} \
         ORDER BY e.occurred_on DESC, e.start_time DESC, e.id DESC LIMIT {}",
        c.sql(),
        query.limit.clamp(1, 10_000)
    );
    let mut q = sqlx::query_as::<_, EncounterRow>(&sql);
    if let Some(id) = id {
        q = q.bind(id);
    }
    if let Some(account) = query.account_id {
        q = q.bind(account);
    }
    if let Some(user) = &query.user {
        q = q.bind(user);
    }
    if let Some(from) = query.from {
        q = q.bind(from);
    }
    if let Some(to) = query.to {
        q = q.bind(to);
    }
    let rows = q.fetch_all(pool).await?;
    let mut participants: std::collections::HashMap<i64, Vec<Participant>> =
        std::collections::HashMap::new();
    if !rows.is_empty() {
        let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        let found: Vec<ParticipantRow> =
            sqlx::query_as(&format!(
                "SELECT p.encounter_id, p.user_name, p.contact_id, c.first_name, c.last_name \
                 FROM encounter_participants p LEFT JOIN contacts c ON c.id = p.contact_id \
                 WHERE p.encounter_id IN ({}) ORDER BY p.id",
                ids.join(",")
            ))
            .fetch_all(pool)
            .await?;
        for (encounter, user, contact, first, last) in found {
            let who = match (user, contact) {
                (Some(name), _) => Participant::User { name },
                (None, Some(id)) => Participant::Contact {
                    id,
                    name: [first, last].into_iter().flatten().collect::<Vec<_>>().join(" "),
                },
                (None, None) => continue,
            };
            participants.entry(encounter).or_default().push(who);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| Encounter {
            participants: participants.remove(&r.id).unwrap_or_default(),
            id: r.id,
            account_id: r.account_id,
            account_name: r.account_name,
            kind: r.kind,
            channel: r.channel,
            date: r.occurred_on,
            time: r.start_time,
            duration_minutes: r.duration_minutes,
            summary: r.summary,
            outcome: r.outcome,
            next_step: r.next_step,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        })
        .collect())
}

const TASK_SELECT: &str = "SELECT t.id, t.version, t.account_id, a.name AS account_name, t.title, \
     t.notes, t.owner, t.due_on AS due, t.origin, t.gap_key, t.encounter_kind, t.encounter_channel, t.done_at, t.done_by, t.created_by, \
     t.created_at FROM tasks t LEFT JOIN accounts a ON a.id = t.account_id";

async fn fetch_task<'e>(executor: impl sqlx::Executor<'e, Database = Db>, id: i64) -> Result<Task> {
    sqlx::query_as(&format!("{TASK_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?
        .ok_or(StoreError::NotFound("task"))
}

/// Saves a task inside a transaction: its owner must be an active user, its account must exist.
async fn insert_task(tx: &mut Tx<'_>, draft: &TaskDraft, actor: &Actor) -> Result<i64> {
    expect_user(&mut **tx, "owner", &draft.owner).await?;
    if let Some(account) = draft.account_id {
        fetch_account(&mut **tx, account).await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tasks (account_id, title, notes, owner, due_on, origin, gap_key, \
         encounter_kind, encounter_channel, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(draft.account_id)
    .bind(&draft.title)
    .bind(&draft.notes)
    .bind(&draft.owner)
    .bind(draft.due)
    .bind(draft.origin.as_str())
    .bind(&draft.gap_key)
    .bind(draft.encounter.map(|(k, _)| k.as_str()))
    .bind(draft.encounter.map(|(_, c)| c.as_str()))
    .bind(&actor.name)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    record_event(
        &mut **tx,
        &event(
            "care.task",
            actor,
            format!("task {id}"),
            serde_json::json!({
                "account_id": draft.account_id,
                "owner": draft.owner,
                "due": draft.due,
                "origin": draft.origin.as_str(),
            }),
        ),
    )
    .await?;
    Ok(id)
}

/// Saves a task.
pub async fn create_task(pool: &Pool, draft: &TaskDraft, actor: &Actor) -> Result<Task> {
    let mut tx = pool.begin().await?;
    let id = insert_task(&mut tx, draft, actor).await?;
    tx.commit().await?;
    fetch_task(pool, id).await
}

/// One task.
pub async fn task(pool: &Pool, id: i64) -> Result<Task> {
    fetch_task(pool, id).await
}

/// Changes a task's title, notes, owner (an active user) and due day; with a `version`, only if
/// that version is still current. Where it came from stays as it was.
pub async fn update_task(
    pool: &Pool,
    id: i64,
    version: Option<i64>,
    change: &TaskDraft,
    actor: &Actor,
) -> Result<Task> {
    let mut tx = pool.begin().await?;
    let current = fetch_task(&mut *tx, id).await?;
    if let Some(version) = version {
        expect_version(current.version, version)?;
    }
    if change.owner != current.owner {
        expect_user(&mut *tx, "owner", &change.owner).await?;
    }
    sqlx::query(
        "UPDATE tasks SET title = $1, notes = $2, owner = $3, due_on = $4, version = version + 1 \
         WHERE id = $5",
    )
    .bind(&change.title)
    .bind(&change.notes)
    .bind(&change.owner)
    .bind(change.due)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    record_event(
        &mut *tx,
        &event(
            "care.task_changed",
            actor,
            format!("task {id}"),
            serde_json::json!({
                "account_id": current.account_id,
                "owner": change.owner,
                "due": change.due,
            }),
        ),
    )
    .await?;
    let task = fetch_task(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(task)
}

/// Marks a task done or not done; with a `version`, only if that version is still current.
/// Marking it done can record the encounter it asked for, in the same transaction.
pub async fn set_task_done(
    pool: &Pool,
    id: i64,
    version: Option<i64>,
    done: bool,
    encounter: Option<&EncounterDraft>,
    on: chrono::NaiveDate,
    actor: &Actor,
) -> Result<Task> {
    let mut tx = pool.begin().await?;
    let current = fetch_task(&mut *tx, id).await?;
    if let Some(version) = version {
        expect_version(current.version, version)?;
    }
    let at = done.then(now);
    sqlx::query(
        "UPDATE tasks SET done_at = $1, done_by = $2, version = version + 1 WHERE id = $3",
    )
    .bind(at)
    .bind(done.then_some(actor.name.as_str()))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    record_event(
        &mut *tx,
        &event(
            if done { "care.task_done" } else { "care.task_reopened" },
            actor,
            format!("task {id}"),
            serde_json::json!({ "account_id": current.account_id }),
        ),
    )
    .await?;
    if let (true, Some(draft), Some(account)) = (done, encounter, current.account_id) {
        insert_encounter(&mut tx, account, draft, actor).await?;
    }
    let action = current
        .gap_key
        .as_deref()
        .and_then(arvo_core::care::plan_action_of);
    if let (true, Some(action), Some(account)) = (done, action, current.account_id) {
        let closed = sqlx::query(
            "UPDATE account_plan_actions SET status = 'done', closed_on = $1 \
             WHERE id = $2 AND account_id = $3 AND status NOT IN ('done', 'cancelled')",
        )
        .bind(on)
        .bind(action)
        .bind(account)
        .execute(&mut *tx)
        .await?;
        if closed.rows_affected() > 0 {
            sqlx::query("UPDATE account_plans SET version = version + 1 WHERE account_id = $1")
                .bind(account)
                .execute(&mut *tx)
                .await?;
        }
    }
    let task = fetch_task(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(task)
}

/// The tasks a query asks for: open ones first, then by due day.
pub async fn tasks(pool: &Pool, query: &TaskQuery) -> Result<Vec<Task>> {
    let mut c = Conditions::new();
    if !query.owners.is_empty() {
        let list: Vec<String> = (0..query.owners.len())
            .map(|i| format!("${}", c.count + i + 1))
            .collect();
        c.count += query.owners.len();
        c.clauses.push(format!("t.owner IN ({})", list.join(", ")));
    }
    if query.account_id.is_some() {
        c.add("t.account_id = {}");
    }
    if query.due_by.is_some() {
        c.add("t.due_on <= {}");
    }
    match query.done {
        Some(true) => c.clauses.push("t.done_at IS NOT NULL".into()),
        Some(false) => c.clauses.push("t.done_at IS NULL".into()),
        None => {}
    }
    let sql = format!(
        "{TASK_SELECT}{} ORDER BY CASE WHEN t.done_at IS NULL THEN 0 ELSE 1 END, t.due_on, t.id \
         LIMIT {}",
        c.sql(),
        query.limit.clamp(1, 10_000)
    );
    let mut q = sqlx::query_as::<_, Task>(&sql);
    for owner in &query.owners {
        q = q.bind(owner);
    }
    if let Some(account) = query.account_id {
        q = q.bind(account);
    }
    if let Some(day) = query.due_by {
        q = q.bind(day);
    }
    Ok(q.fetch_all(pool).await?)
}

const DECISION_SELECT: &str = "SELECT d.account_id, d.gap_key, d.decision, d.postponed_until, \
     d.reason, d.task_id, d.decided_by, d.decided_at FROM care_decisions d";

/// Records a decision on an account's gap; accepting saves its task in the same transaction.
pub async fn decide(
    pool: &Pool,
    account_id: i64,
    gap_key: &str,
    decision: &NewDecision<'_>,
    actor: &Actor,
) -> Result<StoredDecision> {
    let mut tx = pool.begin().await?;
    fetch_account(&mut *tx, account_id).await?;
    let (kind, until, reason, task) = match decision {
        NewDecision::Accept(draft) => (
            "accepted",
            None,
            None,
            Some(insert_task(&mut tx, draft, actor).await?),
        ),
        NewDecision::Postpone(day) => ("postponed", Some(*day), None, None),
        NewDecision::Dismiss(reason) => ("dismissed", None, Some(*reason), None),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO care_decisions (account_id, gap_key, decision, postponed_until, reason, \
         task_id, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(account_id)
    .bind(gap_key)
    .bind(kind)
    .bind(until)
    .bind(reason)
    .bind(task)
    .bind(&actor.name)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    record_event(
        &mut *tx,
        &event(
            "care.decision",
            actor,
            format!("account {account_id}"),
            serde_json::json!({
                "gap": gap_key,
                "decision": kind,
                "until": until,
                "reason": reason,
                "task": task,
            }),
        ),
    )
    .await?;
    let stored = sqlx::query_as(&format!("{DECISION_SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(stored)
}

/// The latest decision on every gap of one account, or of every account.
pub async fn decisions(pool: &Pool, account_id: Option<i64>) -> Result<Vec<StoredDecision>> {
    let latest = "d.id = (SELECT MAX(q.id) FROM care_decisions q \
                  WHERE q.account_id = d.account_id AND q.gap_key = d.gap_key)";
    let sql = match account_id {
        Some(_) => format!("{DECISION_SELECT} WHERE d.account_id = $1 AND {latest} ORDER BY d.id"),
        None => format!("{DECISION_SELECT} WHERE {latest} ORDER BY d.id"),
    };
    let mut q = sqlx::query_as(&sql);
    if let Some(id) = account_id {
        q = q.bind(id);
    }
    Ok(q.fetch_all(pool).await?)
}

/// What the adherence engine needs on `today`, for every account or one: the accounts that are
/// not former customers with their segments, every encounter up to `today`, the purchase days up
/// to `today` and the latest decision on every gap. Each table is read once, side by side.
pub async fn care_data(
    pool: &Pool,
    today: chrono::NaiveDate,
    account: Option<i64>,
) -> Result<CareData> {
    type AccountRow = (
        i64,
        String,
        Option<String>,
        DateTime<Utc>,
        Option<String>,
        Option<String>,
    );
    // An id is a number: written into the SQL, it needs no placeholder.
    let only = |column: &str, joiner: &str| {
        account.map_or_else(String::new, |id| format!(" {joiner} {column} = {id}"))
    };
    let accounts_sql = format!(
        "SELECT a.id, a.name, a.owner, a.created_at, s.segment, s.tier FROM accounts a \
         LEFT JOIN account_segments s ON s.account_id = a.id \
         WHERE a.status <> 'former'{} ORDER BY a.id",
        only("a.id", "AND")
    );
    // Nearly every encounter is on or before the day: the table is read in its own order (a
    // condition on the day would walk the day index row by row) and the few later ones, booked
    // meetings, are left out as they are parsed. The whole base is read in two halves side by
    // side, each parsed as it comes.
    let parts: u64 = if account.is_some() { 1 } else { 2 };
    let encounter_reads = (0..parts).map(|part| {
        let sql = format!(
            "SELECT string_agg(account_id || ' ' || occurred_on || ' ' || kind || ' ' || channel, ';') \
             FROM encounters WHERE {}",
            match account {
                Some(id) => format!("account_id = {id}"),
                None => format!("account_id % {parts} = {part}"),
            }
        );
        async move {
            let text = packed(pool, &sql, &[]).await?;
            off_thread(move || crate::care::parse_encounter_facts(&text, today)).await
        }
    });
    let histories_sql = format!(
        "SELECT string_agg(account_id || ':' || days, '|') FROM purchase_histories{}",
        only("account_id", "WHERE")
    );
    let (accounts, encounters, histories, decisions, plans) = tokio::try_join!(
        async {
            Ok::<Vec<AccountRow>, StoreError>(
                sqlx::query_as(&accounts_sql).fetch_all(pool).await?,
            )
        },
        futures_util::future::try_join_all(encounter_reads),
        packed(pool, &histories_sql, &[]),
        decisions(pool, account),
        plan_facts(pool, account),
    )?;
    let accounts = accounts
        .into_iter()
        .map(|(id, name, owner, created, segment, tier)| CareAccount {
            id,
            name,
            owner,
            created: created.date_naive(),
            segment: segment.zip(tier),
        })
        .collect();
    // Each half in account order: merged, the whole is too.
    let mut encounters: Vec<_> = encounters.into_iter().flatten().collect();
    encounters.sort_unstable_by_key(|(id, _)| *id);
    let purchases = crate::analysis::parse_histories(&histories, today, today)?
        .into_iter()
        .map(|c| (c.id, c.purchase_days))
        .collect();
    Ok(CareData {
        accounts,
        encounters,
        purchases,
        decisions,
        plans,
    })
}

/// Claims the run of `slot` for `instance`: only when no one claimed the slot yet and no other
/// run is unfinished (one started before `stale_before` counts as abandoned). Claims are
/// serialised (on PostgreSQL by an advisory lock held to the commit; SQLite runs one writing
/// statement at a time), so two instances never both win. Returns the run's id when claimed.
pub async fn claim_care_run(
    pool: &Pool,
    slot: &str,
    on: chrono::NaiveDate,
    instance: &str,
    stale_before: DateTime<Utc>,
) -> Result<Option<i64>> {
    let mut tx = pool.begin().await?;
    if let Some(lock) = SERIALIZE_CARE_RUNS {
        sqlx::query(lock).execute(&mut *tx).await?;
    }
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO care_runs (slot, run_on, instance, started_at) SELECT $1, $2, $3, $4 \
         WHERE NOT EXISTS (SELECT 1 FROM care_runs WHERE finished_at IS NULL AND started_at >= $5) \
         ON CONFLICT (slot) DO NOTHING RETURNING id",
    )
    .bind(slot)
    .bind(on)
    .bind(instance)
    .bind(now())
    .bind(stale_before)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Records what a claimed run found, and that it finished.
pub async fn finish_care_run(pool: &Pool, id: i64, totals: &RunTotals) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE care_runs SET finished_at = $1, suggestions = $2, required = $3, met = $4 \
         WHERE id = $5",
    )
    .bind(now())
    .bind(totals.suggestions)
    .bind(totals.required)
    .bind(totals.met)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    for r in &totals.rows {
        sqlx::query(
            "INSERT INTO care_run_adherence (run_id, owner, segment, required, met) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&r.owner)
        .bind(&r.segment)
        .bind(r.required)
        .bind(r.met)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records that a claimed run ended without finishing its evaluation (its totals stay empty), so
/// that it holds no other run back.
pub async fn fail_care_run(pool: &Pool, id: i64) -> Result<()> {
    sqlx::query("UPDATE care_runs SET finished_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The latest runs, newest first.
pub async fn care_runs(pool: &Pool, limit: i64) -> Result<Vec<CareRun>> {
    Ok(sqlx::query_as(
        "SELECT id, slot, run_on, instance, started_at, finished_at, suggestions, required, met \
         FROM care_runs ORDER BY started_at DESC, id DESC LIMIT $1",
    )
    .bind(limit.clamp(1, 1_000))
    .fetch_all(pool)
    .await?)
}

/// A run's adherence per owner and segment.
pub async fn care_run_adherence(pool: &Pool, run_id: i64) -> Result<Vec<RunAdherence>> {
    Ok(sqlx::query_as(
        "SELECT owner, segment, required, met FROM care_run_adherence WHERE run_id = $1 \
         ORDER BY owner, segment",
    )
    .bind(run_id)
    .fetch_all(pool)
    .await?)
}

/// Gives a user a new calendar feed key (its digest), replacing the old one.
pub async fn set_calendar_key(pool: &Pool, user_id: i64, key_hash: &str, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO calendar_feeds (user_id, key_hash, created_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(key_hash)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut *tx,
        &event(
            "care.calendar_key",
            actor,
            format!("user {user_id}"),
            serde_json::json!({}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The name and language of the active user whose calendar feed key has this digest.
pub async fn calendar_owner(pool: &Pool, key_hash: &str) -> Result<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.name, u.language FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
         WHERE f.key_hash = $1 AND u.active",
    )
    .bind(key_hash)
    .fetch_optional(pool)
    .await?)
}
