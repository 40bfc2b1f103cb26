//! The shapes of the care of customers as stored: encounters with the people who took part,
//! tasks, decisions on suggested actions, and what the adherence engine reads of the whole
//! base at once.

use crate::{Result, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A user or contact who took part in an encounter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Participant {
    User { name: String },
    Contact { id: i64, name: String },
}

/// An encounter as stored, with its participants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Encounter {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    /// One of the encounter kinds, e.g. `business_review`.
    pub kind: String,
    pub channel: String,
    pub date: NaiveDate,
    /// The starting time, `14:30`.
    pub time: Option<String>,
    pub duration_minutes: Option<i64>,
    pub summary: String,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    pub participants: Vec<Participant>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// Which encounters a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncounterQuery {
    pub account_id: Option<i64>,
    /// Encounters this user recorded or took part in.
    pub user: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: i64,
}

/// A task as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Task {
    pub id: i64,
    pub version: i64,
    pub account_id: Option<i64>,
    pub account_name: Option<String>,
    pub title: String,
    pub notes: Option<String>,
    pub owner: String,
    pub due: NaiveDate,
    /// `manual`, `care_model`, `account_plan` or `alert`.
    pub origin: String,
    /// The gap of the suggested action the task was made from.
    pub gap_key: Option<String>,
    /// The kind and channel of the encounter the task asks for; marking it done records it.
    pub encounter_kind: Option<String>,
    pub encounter_channel: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// Which tasks a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskQuery {
    /// The owners whose tasks to list; every owner's when empty.
    pub owners: Vec<String>,
    pub account_id: Option<i64>,
    /// `Some(false)` for open tasks only, `Some(true)` for done ones.
    pub done: Option<bool>,
    /// Tasks due on or before this day.
    pub due_by: Option<NaiveDate>,
    pub limit: i64,
}

/// A decision on a suggested action as stored; the latest on a gap counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StoredDecision {
    pub account_id: i64,
    pub gap_key: String,
    /// `accepted`, `postponed` or `dismissed`.
    pub decision: String,
    pub postponed_until: Option<NaiveDate>,
    pub reason: Option<String>,
    pub task_id: Option<i64>,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

impl StoredDecision {
    /// The decision as the engine takes it; `None` for a kind this version does not know.
    pub fn engine(&self) -> Option<arvo_core::care::Decision> {
        use arvo_core::care::Decision;
        match (self.decision.as_str(), self.postponed_until) {
            ("accepted", _) => Some(Decision::Accepted),
            ("dismissed", _) => Some(Decision::Dismissed),
            ("postponed", Some(day)) => Some(Decision::PostponedUntil(day)),
            _ => None,
        }
    }
}

/// A decision to record on a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewDecision<'a> {
    /// Accepted: the task made of it is saved with the decision.
    Accept(&'a arvo_core::work::TaskDraft),
    Postpone(NaiveDate),
    Dismiss(&'a str),
}

/// A scheduled run of the adherence engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CareRun {
    pub id: i64,
    /// The slot it ran for, the start of its interval (a day by default) in RFC 3339.
    pub slot: String,
    /// The day it evaluated on.
    pub run_on: NaiveDate,
    /// The server instance that ran it.
    pub instance: String,
    pub started_at: DateTime<Utc>,
    /// `None` while it runs, or when its instance stopped before it finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// The totals; `None` for a run whose evaluation failed.
    pub suggestions: Option<i64>,
    pub required: Option<i64>,
    pub met: Option<i64>,
}

/// A run's adherence for one owner's customers in one segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RunAdherence {
    /// Empty for customers without an owner.
    pub owner: String,
    pub segment: String,
    pub required: i64,
    pub met: i64,
}

/// What a finished run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunTotals {
    pub suggestions: i64,
    pub required: i64,
    pub met: i64,
    pub rows: Vec<RunAdherence>,
}

/// One account as the adherence engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareAccount {
    pub id: i64,
    pub name: String,
    pub owner: Option<String>,
    /// The day the account was created: care is counted from it when nothing happened yet.
    pub created: NaiveDate,
    /// The stored segment and tier, when the analysis has saved one.
    pub segment: Option<(String, String)>,
}

/// Everything the adherence engine reads, each table once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CareData {
    /// Active accounts (not former customers, not merged away), in id order.
    pub accounts: Vec<CareAccount>,
    /// The encounters up to the day read of every account that had any, in account id order,
    /// each account's in date order.
    pub encounters: Vec<(i64, Vec<arvo_core::care::EncounterFact>)>,
    /// The purchase days of every account that bought, in account id order.
    pub purchases: Vec<(i64, Vec<arvo_core::behaviour::PurchaseDay>)>,
    /// The latest decision on every gap.
    pub decisions: Vec<StoredDecision>,
    /// The account plans, in account id order, with their open actions.
    pub plans: Vec<(i64, arvo_core::care::PlanFacts)>,
}

/// Reads the encounters as `string_agg` gives them (`account_id date kind channel`, joined by
/// `;`) into each account's encounters up to `until`, in date order, the accounts in id order. An encounter of
/// a kind or channel this version does not know is refused as corrupt rather than silently left
/// out of the care counts.
pub(crate) fn parse_encounter_facts(
    text: &str,
    until: NaiveDate,
) -> Result<Vec<(i64, Vec<arvo_core::care::EncounterFact>)>> {
    use arvo_core::care::{EncounterChannel, EncounterFact, EncounterKind};
    let mut all = Vec::with_capacity(text.matches(';').count() + 1);
    for record in text.split(';').filter(|r| !r.is_empty()) {
        let bad = || StoreError::Corrupt(format!("an encounter: {record:?}"));
        let mut fields = record.split(' ');
        let (Some(id), Some(date), Some(kind), Some(channel), None) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return Err(bad());
        };
        let date: NaiveDate = date.parse().map_err(|_| bad())?;
        if date > until {
            continue;
        }
        all.push((
            id.parse::<i64>().map_err(|_| bad())?,
            EncounterFact {
                date,
                kind: EncounterKind::parse(kind).ok_or_else(bad)?,
                channel: EncounterChannel::parse(channel).ok_or_else(bad)?,
            },
        ));
    }
    all.sort_unstable_by_key(|(id, e)| (*id, e.date));
    let mut out: Vec<(i64, Vec<EncounterFact>)> = Vec::new();
    for (id, fact) in all {
        match out.last_mut() {
            Some((last, facts)) if *last == id => facts.push(fact),
            _ => out.push((id, vec![fact])),
        }
    }
    Ok(out)
}
