// Contact persons' personal data: consent events, the export of everything stored about a
// contact, erasure, and the contacts of former customers that the retention rule looks at.
// Written once and compiled for each dialect next to `repo.rs` and `users_repo.rs`, whose
// helpers it shares.

use crate::personal_data::{
    AccountRef, ConsentEvent, Erasure, FormerContact, PersonalData,
};
use arvo_core::personal_data::{ERASED_NAME, consent_change, erase_changes, mentions, scrub};
use arvo_core::{AccountStatus, ConsentStatus};

const CONSENT_COLUMNS: &str =
    "id, contact_id, status, consent_date, source, recorded_at, recorded_by, via";

#[derive(sqlx::FromRow)]
struct ConsentRow {
    id: i64,
    contact_id: i64,
    status: String,
    consent_date: Option<chrono::NaiveDate>,
    source: Option<String>,
    recorded_at: DateTime<Utc>,
    recorded_by: String,
    via: String,
}

impl TryFrom<ConsentRow> for ConsentEvent {
    type Error = StoreError;

    fn try_from(r: ConsentRow) -> Result<Self> {
        Ok(Self {
            status: ConsentStatus::parse(&r.status)
                .ok_or_else(|| StoreError::Corrupt(format!("consent {:?}", r.status)))?,
            id: r.id,
            contact_id: r.contact_id,
            consent_date: r.consent_date,
            source: r.source,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
            via: r.via,
        })
    }
}

/// Records the contact's consent as an event when it differs from the one `before` (a new
/// contact: `None`), in the transaction that changes the contact.
async fn record_consent(
    tx: &mut Tx<'_>,
    contact_id: i64,
    before: Option<&ContactDraft>,
    after: &ContactDraft,
    actor: &Actor,
) -> Result<()> {
    let Some(consent) = consent_change(before, after) else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO consent_events (contact_id, status, consent_date, source, recorded_at, recorded_by, via) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(contact_id)
    .bind(consent.status.as_str())
    .bind(consent.date)
    .bind(&consent.source)
    .bind(now())
    .bind(&actor.name)
    .bind(&actor.via)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn fetch_consents<'e>(
    executor: impl sqlx::Executor<'e, Database = Db>,
    contact_id: i64,
) -> Result<Vec<ConsentEvent>> {
    let rows: Vec<ConsentRow> = sqlx::query_as(&format!(
        "SELECT {CONSENT_COLUMNS} FROM consent_events WHERE contact_id = $1 ORDER BY id"
    ))
    .bind(contact_id)
    .fetch_all(executor)
    .await?;
    rows.into_iter().map(ConsentEvent::try_from).collect()
}

/// A contact's consent history, oldest first.
pub async fn consents(pool: &Pool, contact_id: i64) -> Result<Vec<ConsentEvent>> {
    fetch_contact(pool, contact_id).await?;
    fetch_consents(pool, contact_id).await
}

async fn contact_history<'e>(
    executor: impl sqlx::Executor<'e, Database = Db>,
    contact_id: i64,
) -> Result<Vec<HistoryEntry>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT id, entity, entity_id, account_id, action, summary, actor, via, at, changes FROM history \
         WHERE entity = 'contact' AND entity_id = $1 ORDER BY id",
    )
    .bind(contact_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(HistoryEntry::from).collect())
}

/// The subject under which the audit log names a contact: its id, never its name.
fn contact_subject(id: i64) -> String {
    format!("contact {id}")
}

/// Everything stored about one contact, read in one transaction.
pub async fn personal_data(pool: &Pool, contact_id: i64) -> Result<PersonalData> {
    let mut tx = pool.begin().await?;
    let contact = fetch_contact(&mut *tx, contact_id).await?;
    let (id, name, business_id): (i64, String, Option<String>) =
        sqlx::query_as("SELECT id, name, business_id FROM accounts WHERE id = $1")
            .bind(contact.account_id)
            .fetch_one(&mut *tx)
            .await?;
    let consents = fetch_consents(&mut *tx, contact_id).await?;
    let history = contact_history(&mut *tx, contact_id).await?;
    let audit: Vec<AuditRow> = sqlx::query_as(
        "SELECT at, id * 2 + 1 AS seq, kind, actor, via, subject, \
         CAST(NULL AS BIGINT) AS account_id, CAST(NULL AS TEXT) AS summary, details, address \
         FROM audit_events WHERE subject = $1 ORDER BY id",
    )
    .bind(contact_subject(contact_id))
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(PersonalData {
        exported_at: now(),
        contact,
        account: AccountRef {
            id,
            name,
            business_id,
        },
        consents,
        history,
        audit: audit.into_iter().map(AuditEntry::from).collect(),
    })
}

/// Erases one contact, if `version` (when given) is still current.
pub async fn erase_contact(
    pool: &Pool,
    id: i64,
    version: Option<i64>,
    erasure: &Erasure<'_>,
) -> Result<Contact> {
    let mut tx = pool.begin().await?;
    let contact = erase_in(&mut tx, id, version, erasure).await?;
    tx.commit().await?;
    Ok(contact)
}

/// Erases several contacts in one transaction: all of them, or none when one fails.
pub async fn erase_contacts(pool: &Pool, ids: &[i64], erasure: &Erasure<'_>) -> Result<usize> {
    let mut tx = pool.begin().await?;
    for &id in ids {
        erase_in(&mut tx, id, None, erasure).await?;
    }
    tx.commit().await?;
    Ok(ids.len())
}

/// Anonymises a contact, the personal values of its history entries and the sources of its
/// consent events; rebuilds its account's search tokens without it; and records the erasure in
/// the history and in the audit log, by the contact's id only.
async fn erase_in(
    tx: &mut Tx<'_>,
    id: i64,
    version: Option<i64>,
    erasure: &Erasure<'_>,
) -> Result<Contact> {
    lock_contact(tx, id).await?;
    let current = fetch_contact(&mut **tx, id).await?;
    if let Some(version) = version {
        expect_version(current.version, version)?;
    }
    if current.erased_at.is_some() {
        return Err(StoreError::Erased);
    }
    let d = current.data.erased();
    let at = now();
    sqlx::query(
        "UPDATE contacts SET first_name = $1, last_name = $2, sort_key = $3, search_text = '', title = $4, \
         email = $5, phone = $6, consent_source = $7, notes = $8, updated_at = $9, erased_at = $9, \
         version = version + 1 WHERE id = $10",
    )
    .bind(&d.first_name)
    .bind(&d.last_name)
    .bind(contact_sort_key(&d))
    .bind(&d.title)
    .bind(d.email.as_ref().map(ToString::to_string))
    .bind(&d.phone)
    .bind(&d.consent_source)
    .bind(&d.notes)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let entries: Vec<(i64, Option<String>, Json<Vec<FieldChange>>)> = sqlx::query_as(
        "SELECT id, summary, changes FROM history WHERE entity = 'contact' AND entity_id = $1",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    for (entry, summary, Json(mut changes)) in entries {
        let renamed = summary.as_deref().is_some_and(|s| s != ERASED_NAME);
        if erase_changes(&mut changes) || renamed {
            sqlx::query("UPDATE history SET summary = $1, changes = $2 WHERE id = $3")
                .bind(summary.map(|_| ERASED_NAME))
                .bind(Json(&changes))
                .bind(entry)
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query("UPDATE consent_events SET source = NULL WHERE contact_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    scrub_account_texts(tx, current.account_id, &mentions(&current.data)).await?;
    reindex_account(tx, current.account_id).await?;
    record(
        tx,
        erasure.actor,
        Entry {
            entity: "contact",
            entity_id: id,
            account_id: Some(current.account_id),
            action: "erase",
            summary: Some(ERASED_NAME),
            changes: &[],
        },
    )
    .await?;
    record_event(
        &mut **tx,
        &NewAuditEvent {
            kind: "personal_data.erase",
            actor: &erasure.actor.name,
            via: &erasure.actor.via,
            subject: Some(contact_subject(id)),
            details: serde_json::json!({
                "account_id": current.account_id,
                "reason": erasure.reason.as_str(),
            }),
            address: erasure.address,
        },
    )
    .await?;
    fetch_contact(&mut **tx, id).await
}

/// Replaces every mention of an erased person in the free texts written about its account: the
/// summaries, outcomes and next steps of encounters, the titles and notes of tasks, and the
/// account plan's ambition, goals, actions and encounter script.
async fn scrub_account_texts(tx: &mut Tx<'_>, account_id: i64, mentions: &[String]) -> Result<()> {
    const TEXTS: [(&str, &str, &str); 10] = [
        ("encounters", "id", "summary"),
        ("encounters", "id", "outcome"),
        ("encounters", "id", "next_step"),
        ("tasks", "id", "title"),
        ("tasks", "id", "notes"),
        ("account_plans", "account_id", "summary"),
        ("account_plan_goals", "id", "name"),
        ("account_plan_actions", "id", "title"),
        ("account_plan_script", "id", "participants"),
        ("account_plan_script", "id", "exchanged"),
    ];
    for (table, key, column) in TEXTS {
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT {key}, {column} FROM {table} WHERE account_id = $1 AND {column} IS NOT NULL"
        ))
        .bind(account_id)
        .fetch_all(&mut **tx)
        .await?;
        for (row, text) in rows {
            if let Some(scrubbed) = scrub(&text, mentions) {
                sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2"))
                    .bind(scrubbed)
                    .bind(row)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct FormerContactRow {
    contact_id: i64,
    account_id: i64,
    first_name: Option<String>,
    last_name: String,
    account_name: String,
    owner: Option<String>,
    status: String,
    status_changed_at: DateTime<Utc>,
}

/// The contacts, not yet erased, of every account that is a former customer, in the order of
/// their accounts' and their own names.
pub async fn former_contacts(pool: &Pool) -> Result<Vec<FormerContact>> {
    let rows: Vec<FormerContactRow> = sqlx::query_as(
        "SELECT c.id AS contact_id, c.account_id, c.first_name, c.last_name, a.name AS account_name, \
         a.owner, a.status, COALESCE(a.status_changed_at, a.created_at) AS status_changed_at \
         FROM contacts c JOIN accounts a ON a.id = c.account_id \
         WHERE a.status = $1 AND c.erased_at IS NULL \
         ORDER BY a.sort_key, a.id, c.sort_key, c.id",
    )
    .bind(AccountStatus::Former.as_str())
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(FormerContact {
                account_status: AccountStatus::parse(&r.status)
                    .ok_or_else(|| StoreError::Corrupt(format!("status {:?}", r.status)))?,
                name: match r.first_name {
                    Some(first) => format!("{first} {}", r.last_name),
                    None => r.last_name,
                },
                contact_id: r.contact_id,
                account_id: r.account_id,
                account_name: r.account_name,
                owner: r.owner,
                status_changed_at: r.status_changed_at,
            })
        })
        .collect()
}
