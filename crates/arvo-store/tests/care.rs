//! The care of customers in storage: encounters, tasks and decisions on suggested actions, on
//! SQLite and (with `ARVO_TEST_DATABASE_URL`) on PostgreSQL.

use arvo_core::care::{Decision, EncounterKind};
use arvo_core::work::{EncounterInput, TaskInput, TaskOrigin};
use arvo_core::{AccountInput, Actor, ContactInput, Problem, UserInput};
use arvo_store::care::{EncounterQuery, NewDecision, Participant, TaskQuery};
use arvo_store::testing::fresh_database_url;
use arvo_store::{Store, StoreError};
use chrono::NaiveDate;

fn actor() -> Actor {
    Actor::new("Aino Virtanen", "test")
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A store with one user (Aino Virtanen) and two accounts, the first with a contact.
async fn setup(url: &str) -> (Store, i64, i64, i64) {
    let s = Store::open(url).await.unwrap();
    let user = UserInput {
        name: "Aino Virtanen".into(),
        email: "aino@example.fi".into(),
        language: "fi".into(),
        role: "account_manager".into(),
        team: String::new(),
    }
    .validate()
    .unwrap();
    s.create_user(&user, None, &actor()).await.unwrap();
    let account = |name: &str| {
        AccountInput {
            name: Some(name.into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap()
    };
    let kone = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    let other = s
        .create_account(&account("Lahden Leipomo"), &actor())
        .await
        .unwrap();
    let person = ContactInput {
        first_name: Some("Liisa".into()),
        last_name: Some("Mäkelä".into()),
        ..ContactInput::default()
    }
    .validate()
    .unwrap();
    let liisa = s.create_contact(kone.id, &person, &actor()).await.unwrap();
    (s, kone.id, other.id, liisa.id)
}

fn visit(date: &str, contacts: Vec<i64>, users: Vec<&str>) -> arvo_core::work::EncounterDraft {
    EncounterInput {
        kind: Some("visit".into()),
        date: Some(date.into()),
        time: Some("9.15".into()),
        summary: Some("Kevään tilaukset".into()),
        outcome: Some("Tilaus tulossa".into()),
        users: users.into_iter().map(Into::into).collect(),
        contacts,
        ..EncounterInput::default()
    }
    .validate()
    .unwrap()
}

#[tokio::test]
async fn encounters_keep_their_participants_and_refuse_strangers_without_saving_anything() {
    let url = fresh_database_url().await;
    let (s, kone, other, liisa) = setup(&url).await;
    let e = s
        .add_encounter(
            kone,
            &visit("2026-11-20", vec![liisa], vec!["Aino Virtanen"]),
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(e.kind, "visit");
    assert_eq!(e.channel, "in_person");
    assert_eq!(e.time.as_deref(), Some("09:15"));
    assert_eq!(
        e.participants,
        vec![
            Participant::User {
                name: "Aino Virtanen".into()
            },
            Participant::Contact {
                id: liisa,
                name: "Liisa Mäkelä".into()
            },
        ]
    );
    // Another account's contact, or someone who is not a user, is named and nothing is saved.
    let err = s
        .add_encounter(other, &visit("2026-11-21", vec![liisa], vec![]), &actor())
        .await
        .unwrap_err();
    let StoreError::Validation(errors) = err else {
        panic!("{err:?}")
    };
    assert_eq!(errors.get("contacts[0]"), Some(&Problem::UnknownContact));
    let err = s
        .add_encounter(kone, &visit("2026-11-21", vec![], vec!["Nobody"]), &actor())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Validation(ref e) if e.get("users[0]").is_some()));
    s.add_encounter(other, &visit("2026-12-01", vec![], vec![]), &actor())
        .await
        .unwrap();

    let all = |q: EncounterQuery| {
        let s = s.clone();
        async move {
            s.encounters(&EncounterQuery { limit: 50, ..q })
                .await
                .unwrap()
        }
    };
    assert_eq!(all(EncounterQuery::default()).await.len(), 2);
    let of_kone = all(EncounterQuery {
        account_id: Some(kone),
        ..Default::default()
    })
    .await;
    assert_eq!(of_kone, vec![e.clone()]);
    let as_participant = all(EncounterQuery {
        user: Some("Aino Virtanen".into()),
        from: Some(day("2026-11-01")),
        to: Some(day("2026-11-30")),
        ..Default::default()
    })
    .await;
    assert_eq!(as_participant, vec![e.clone()]);

    // The engine's read: encounters up to the day, in account order.
    let data = s.care_data(day("2026-11-30"), None).await.unwrap();
    assert_eq!(data.accounts.len(), 2);
    assert_eq!(data.encounters.len(), 1);
    assert_eq!(data.encounters[0].0, kone);
    assert_eq!(data.encounters[0].1[0].kind, EncounterKind::Visit);
    let of_other = s.care_data(day("2026-12-31"), Some(other)).await.unwrap();
    assert_eq!(of_other.accounts.len(), 1);
    assert_eq!(of_other.encounters.len(), 1);
    assert_eq!(of_other.encounters[0].0, other);

    s.delete_encounter(e.id, &actor()).await.unwrap();
    assert!(
        all(EncounterQuery {
            account_id: Some(kone),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    assert!(matches!(
        s.delete_encounter(e.id, &actor()).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn tasks_are_listed_by_owner_and_due_day_and_marked_done_at_their_version() {
    let url = fresh_database_url().await;
    let (s, kone, _, _) = setup(&url).await;
    let task = |title: &str, due: &str| {
        TaskInput {
            title: Some(title.into()),
            due: Some(due.into()),
            account_id: Some(kone),
            ..TaskInput::default()
        }
        .validate("Aino Virtanen")
        .unwrap()
    };
    let later = s
        .create_task(&task("Tarjous", "2026-12-20"), &actor())
        .await
        .unwrap();
    let soon = s
        .create_task(&task("Soita", "2026-12-07"), &actor())
        .await
        .unwrap();
    assert_eq!(soon.account_name.as_deref(), Some("Kone Oy"));
    let mut stranger = task("Kenen?", "2026-12-07");
    stranger.owner = "Nobody".into();
    assert!(matches!(
        s.create_task(&stranger, &actor()).await,
        Err(StoreError::Validation(ref e)) if e.get("owner") == Some(&Problem::UnknownUser)
    ));

    let mine = TaskQuery {
        owners: vec!["Aino Virtanen".into()],
        done: Some(false),
        limit: 10,
        ..TaskQuery::default()
    };
    let ids = |tasks: Vec<arvo_store::care::Task>| tasks.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(s.tasks(&mine).await.unwrap()), vec![soon.id, later.id]);
    let due_soon = TaskQuery {
        due_by: Some(day("2026-12-10")),
        ..mine.clone()
    };
    assert_eq!(ids(s.tasks(&due_soon).await.unwrap()), vec![soon.id]);

    let done = s
        .set_task_done(
            soon.id,
            Some(soon.version),
            true,
            None,
            day("2026-12-07"),
            &actor(),
        )
        .await
        .unwrap();
    assert!(done.done_at.is_some());
    assert_eq!(done.done_by.as_deref(), Some("Aino Virtanen"));
    assert!(matches!(
        s.set_task_done(
            soon.id,
            Some(soon.version),
            false,
            None,
            day("2026-12-07"),
            &actor()
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(ids(s.tasks(&mine).await.unwrap()), vec![later.id]);
    let reopened = s
        .set_task_done(
            soon.id,
            Some(done.version),
            false,
            None,
            day("2026-12-07"),
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(reopened.done_at, None);

    // Done, a task can record the encounter it asked for in the same transaction.
    let call = visit("2026-12-07", vec![], vec!["Aino Virtanen"]);
    s.set_task_done(
        soon.id,
        None,
        true,
        Some(&call),
        day("2026-12-07"),
        &actor(),
    )
    .await
    .unwrap();
    let met = s
        .encounters(&EncounterQuery {
            account_id: Some(kone),
            limit: 10,
            ..EncounterQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(met.len(), 1);
    assert_eq!(met[0].date, day("2026-12-07"));
}

#[tokio::test]
async fn decisions_hold_across_a_restart_and_the_latest_counts() {
    let url = fresh_database_url().await;
    let (s, kone, other, _) = setup(&url).await;
    let mut draft = TaskInput {
        title: Some("Soita: ei yhteyttä 47 päivään".into()),
        due: Some("2026-12-09".into()),
        account_id: Some(kone),
        ..TaskInput::default()
    }
    .validate("Aino Virtanen")
    .unwrap();
    draft.origin = TaskOrigin::CareModel;
    draft.gap_key = Some("care:contact:2026-10-20".into());
    let accepted = s
        .decide(
            kone,
            "care:contact:2026-10-20",
            &NewDecision::Accept(&draft),
            &actor(),
        )
        .await
        .unwrap();
    let task = s.task(accepted.task_id.unwrap()).await.unwrap();
    assert_eq!(task.origin, "care_model");
    s.decide(
        other,
        "care:review:2026-09-01",
        &NewDecision::Postpone(day("2026-12-15")),
        &actor(),
    )
    .await
    .unwrap();
    s.decide(
        other,
        "passivation:overdue:2026-08-01",
        &NewDecision::Dismiss("Kausiasiakas: ostaa keväisin"),
        &actor(),
    )
    .await
    .unwrap();
    // A later decision on the same gap replaces the earlier one.
    s.decide(
        other,
        "care:review:2026-09-01",
        &NewDecision::Postpone(day("2026-12-20")),
        &actor(),
    )
    .await
    .unwrap();
    // A failed acceptance (an owner who is no user) saves neither the decision nor a task.
    let mut bad = draft.clone();
    bad.owner = "Nobody".into();
    assert!(
        s.decide(
            kone,
            "care:review:2026-01-01",
            &NewDecision::Accept(&bad),
            &actor()
        )
        .await
        .is_err()
    );
    s.close().await;

    let s = Store::open(&url).await.unwrap();
    let decisions: Vec<(i64, String, Option<Decision>)> = s
        .decisions(None)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.account_id, d.gap_key.clone(), d.engine()))
        .collect();
    assert_eq!(
        decisions,
        vec![
            (
                kone,
                "care:contact:2026-10-20".into(),
                Some(Decision::Accepted)
            ),
            (
                other,
                "passivation:overdue:2026-08-01".into(),
                Some(Decision::Dismissed)
            ),
            (
                other,
                "care:review:2026-09-01".into(),
                Some(Decision::PostponedUntil(day("2026-12-20")))
            ),
        ]
    );
    let of_other = s.decisions(Some(other)).await.unwrap();
    assert_eq!(of_other.len(), 2);
    assert_eq!(
        of_other[0].reason.as_deref(),
        Some("Kausiasiakas: ostaa keväisin")
    );
    let all_tasks = s
        .tasks(&TaskQuery {
            limit: 10,
            ..TaskQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(all_tasks.len(), 1, "the failed acceptance left no task");
}

#[tokio::test]
async fn a_run_is_claimed_once_per_slot_and_none_while_another_is_unfinished() {
    let url = fresh_database_url().await;
    let s = Store::open(&url).await.unwrap();
    let now = chrono::Utc::now();
    let stale = now - chrono::Duration::hours(6);
    let on = day("2026-12-06");
    let first = s.claim_care_run("slot-1", on, "a", stale).await.unwrap();
    assert!(first.is_some());
    assert_eq!(
        s.claim_care_run("slot-1", on, "b", stale).await.unwrap(),
        None
    );
    // Another slot waits while the first run is unfinished.
    assert_eq!(
        s.claim_care_run("slot-2", on, "b", stale).await.unwrap(),
        None
    );
    // A run whose evaluation failed ends and holds nothing back.
    s.fail_care_run(first.unwrap()).await.unwrap();
    let second = s.claim_care_run("slot-2", on, "b", stale).await.unwrap();
    assert!(second.is_some());
    // A run unfinished since before the stale time counts as abandoned.
    let later = now + chrono::Duration::hours(7);
    let third = s
        .claim_care_run("slot-3", on, "c", later - chrono::Duration::hours(6))
        .await
        .unwrap();
    assert!(third.is_some());
    let runs = s.care_runs(10).await.unwrap();
    assert_eq!(runs.len(), 3);
    assert!(runs.iter().all(|r| r.suggestions.is_none()));
}
