//! The account work people record and owe: encounters with customers and tasks.
//!
//! An **encounter** is something that happened with a customer (or is planned to: a meeting in
//! the calendar is an encounter on a future day): its kind, channel, day and time, who took
//! part, what was said, the outcome and the agreed next step. The care models count them.
//!
//! A **task** is a step someone owes by a day: written by hand, or made from a suggested action
//! of a care model, an account plan or a passivation alert when its owner accepts it.
//!
//! Here the inputs people type are checked and turned into drafts the store saves; every
//! problem names its field.

use crate::care::{EncounterChannel, EncounterKind};
use crate::dates::parse_date;
use crate::validation::{Problem, ValidationErrors, bounded_text, required_text, trimmed};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The longest summary, outcome or next step, in characters.
pub const MAX_ENCOUNTER_TEXT: usize = 4_000;
/// The longest task title, in characters.
pub const MAX_TASK_TITLE: usize = 200;
/// The longest task notes, in characters.
pub const MAX_TASK_NOTES: usize = 4_000;
/// The most people one encounter records.
pub const MAX_PARTICIPANTS: usize = 50;

crate::choice_enum! {
    /// Where a task came from.
    TaskOrigin {
        Manual => "manual",
        CareModel => "care_model",
        AccountPlan => "account_plan",
        Alert => "alert",
    }
}

/// An encounter as a person enters it: every field text (or a list), checked by
/// [`EncounterInput::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EncounterInput {
    /// One of the encounter kinds, e.g. `call` or `business_review`.
    pub kind: Option<String>,
    /// One of the channels; the kind's usual channel when left out.
    pub channel: Option<String>,
    /// The day, `2026-12-06` or `6.12.2026`.
    pub date: Option<String>,
    /// The starting time, `14:30`.
    pub time: Option<String>,
    pub duration_minutes: Option<i64>,
    pub summary: Option<String>,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    /// The names of the users who took part.
    pub users: Vec<String>,
    /// The ids of the customer's contacts who took part.
    pub contacts: Vec<i64>,
}

/// A checked encounter, ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncounterDraft {
    pub kind: EncounterKind,
    pub channel: EncounterChannel,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub duration_minutes: Option<i64>,
    pub summary: String,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    pub users: Vec<String>,
    pub contacts: Vec<i64>,
}

/// Reads `14:30` (or `14.30`, the Finnish way) as a time of day.
pub fn parse_time(input: &str) -> Result<NaiveTime, Problem> {
    let s = input.trim().replace('.', ":");
    NaiveTime::parse_from_str(&s, "%H:%M").map_err(|_| Problem::Time)
}

impl EncounterInput {
    /// Checks every field; the problems name their fields (`users[2]` for the third user).
    pub fn validate(&self) -> Result<EncounterDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = match trimmed(self.kind.as_deref()) {
            None => {
                errors.add("kind", Problem::Required);
                None
            }
            Some(k) => errors.take("kind", EncounterKind::parse_field(k)),
        };
        let channel = trimmed(self.channel.as_deref())
            .and_then(|c| errors.take("channel", EncounterChannel::parse_field(c)));
        let date = match trimmed(self.date.as_deref()) {
            None => {
                errors.add("date", Problem::Required);
                None
            }
            Some(d) => errors.take("date", parse_date(d)),
        };
        let time = trimmed(self.time.as_deref()).and_then(|t| errors.take("time", parse_time(t)));
        if let Some(m) = self.duration_minutes
            && !(1..=1440).contains(&m)
        {
            errors.add(
                "duration_minutes",
                Problem::Between {
                    min: "1".into(),
                    max: "1440".into(),
                },
            );
        }
        let summary = required_text(
            &mut errors,
            "summary",
            self.summary.as_deref(),
            MAX_ENCOUNTER_TEXT,
        );
        let outcome = bounded_text(
            &mut errors,
            "outcome",
            self.outcome.as_deref(),
            MAX_ENCOUNTER_TEXT,
        );
        let next_step = bounded_text(
            &mut errors,
            "next_step",
            self.next_step.as_deref(),
            MAX_ENCOUNTER_TEXT,
        );
        if self.users.len() + self.contacts.len() > MAX_PARTICIPANTS {
            errors.add(
                "users",
                Problem::TooLarge {
                    max: MAX_PARTICIPANTS as u32,
                },
            );
        }
        let mut users: Vec<String> = Vec::new();
        for (i, u) in self.users.iter().enumerate() {
            match trimmed(Some(u)) {
                None => errors.add(format!("users[{i}]"), Problem::Required),
                Some(u) if users.iter().any(|x| x == u) => {
                    errors.add(format!("users[{i}]"), Problem::Duplicate);
                }
                Some(u) => users.push(u.to_owned()),
            }
        }
        let mut contacts: Vec<i64> = Vec::new();
        for (i, c) in self.contacts.iter().enumerate() {
            if contacts.contains(c) {
                errors.add(format!("contacts[{i}]"), Problem::Duplicate);
            } else {
                contacts.push(*c);
            }
        }
        errors.into_result(|| {
            let kind = kind.unwrap_or(EncounterKind::Call);
            EncounterDraft {
                kind,
                channel: channel.unwrap_or_else(|| kind.usual_channel()),
                date: date.unwrap_or_default(),
                time,
                duration_minutes: self.duration_minutes,
                summary,
                outcome,
                next_step,
                users,
                contacts,
            }
        })
    }
}

/// A task as a person enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TaskInput {
    pub title: Option<String>,
    pub notes: Option<String>,
    /// The user who owes it (their name); the person entering it when left out.
    pub owner: Option<String>,
    /// The day it is due, `2026-12-06` or `6.12.2026`.
    pub due: Option<String>,
    /// The account it is about, if any.
    pub account_id: Option<i64>,
}

/// A checked task, ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    pub title: String,
    pub notes: Option<String>,
    pub owner: String,
    pub due: NaiveDate,
    pub account_id: Option<i64>,
    pub origin: TaskOrigin,
    /// The gap of a suggested action the task was made from.
    pub gap_key: Option<String>,
    /// The encounter the task asks for: marking the task done records it.
    pub encounter: Option<(EncounterKind, EncounterChannel)>,
}

impl TaskInput {
    /// Checks every field; `me` owns the task when no owner is given. The draft's origin is
    /// manual.
    pub fn validate(&self, me: &str) -> Result<TaskDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let title = required_text(&mut errors, "title", self.title.as_deref(), MAX_TASK_TITLE);
        let notes = bounded_text(&mut errors, "notes", self.notes.as_deref(), MAX_TASK_NOTES);
        let owner = trimmed(self.owner.as_deref()).unwrap_or(me).to_owned();
        let due = match trimmed(self.due.as_deref()) {
            None => {
                errors.add("due", Problem::Required);
                None
            }
            Some(d) => errors.take("due", parse_date(d)),
        };
        errors.into_result(|| TaskDraft {
            title,
            notes,
            owner,
            due: due.unwrap_or_default(),
            account_id: self.account_id,
            origin: TaskOrigin::Manual,
            gap_key: None,
            encounter: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encounter_takes_its_kinds_usual_channel_and_finnish_dates_and_times() {
        let draft = EncounterInput {
            kind: Some("visit".into()),
            date: Some("6.12.2026".into()),
            time: Some("14.30".into()),
            summary: Some("  Talven tilaukset  ".into()),
            users: vec!["Mikko Lahtinen".into()],
            contacts: vec![3],
            ..EncounterInput::default()
        }
        .validate()
        .unwrap();
        assert_eq!(draft.channel, EncounterChannel::InPerson);
        assert_eq!(draft.date, NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
        assert_eq!(draft.time, NaiveTime::from_hms_opt(14, 30, 0));
        assert_eq!(draft.summary, "Talven tilaukset");
    }

    #[test]
    fn every_bad_field_of_an_encounter_is_named() {
        let errors = EncounterInput {
            kind: Some("lunch".into()),
            channel: Some("pigeon".into()),
            date: Some("31.2.2026".into()),
            time: Some("25:00".into()),
            duration_minutes: Some(0),
            users: vec!["Aino".into(), " ".into(), "Aino".into()],
            contacts: vec![1, 1],
            ..EncounterInput::default()
        }
        .validate()
        .unwrap_err();
        for field in [
            "kind",
            "channel",
            "date",
            "time",
            "duration_minutes",
            "summary",
            "users[1]",
            "users[2]",
            "contacts[1]",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }

    #[test]
    fn a_task_needs_a_title_and_a_due_day_and_is_its_authors_by_default() {
        let draft = TaskInput {
            title: Some("Soita Koneelle".into()),
            due: Some("2026-12-10".into()),
            ..TaskInput::default()
        }
        .validate("Aino Virtanen")
        .unwrap();
        assert_eq!(draft.owner, "Aino Virtanen");
        assert_eq!(draft.origin, TaskOrigin::Manual);
        let errors = TaskInput::default().validate("Aino").unwrap_err();
        assert!(errors.get("title").is_some() && errors.get("due").is_some());
    }
}
