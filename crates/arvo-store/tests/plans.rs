//! Account plans in storage, on SQLite and (with `ARVO_TEST_DATABASE_URL`) on PostgreSQL: saved
//! whole with stable ids, refused whole, reviewed, closed by tasks, merged, erased, deleted, and
//! read by the adherence engine.

use arvo_core::care::plan_action_key;
use arvo_core::plan::{ActionInput, GoalInput, PlanInput, ScriptInput};
use arvo_core::work::{TaskDraft, TaskOrigin};
use arvo_core::{AccountInput, Actor, ContactInput, Problem, UserInput};
use arvo_store::testing::fresh_database_url;
use arvo_store::{Store, StoreError};
use chrono::NaiveDate;

fn actor() -> Actor {
    Actor::new("Aino Virtanen", "test")
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A store with two users and two accounts.
async fn setup() -> (Store, i64, i64) {
    let s = Store::open(&fresh_database_url().await).await.unwrap();
    for (name, email) in [
        ("Aino Virtanen", "aino@example.fi"),
        ("Mikko Lahtinen", "mikko@example.fi"),
    ] {
        let user = UserInput {
            name: name.into(),
            email: email.into(),
            language: "fi".into(),
            role: "account_manager".into(),
            team: String::new(),
        }
        .validate()
        .unwrap();
        s.create_user(&user, None, &actor()).await.unwrap();
    }
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
    (s, kone.id, other.id)
}

fn input() -> PlanInput {
    PlanInput {
        summary: Some("Kasvatetaan osuutta huollossa; Liisa Mäkelä on avainhenkilö".into()),
        review_every_days: Some(60),
        started: Some("1.6.2026".into()),
        goals: vec![
            GoalInput {
                metric: Some("share_of_wallet".into()),
                baseline: Some("25 %".into()),
                target: Some("40 %".into()),
                due: Some("31.12.2027".into()),
                ..GoalInput::default()
            },
            GoalInput {
                metric: Some("custom".into()),
                name: Some("Pilotit".into()),
                baseline: Some("0".into()),
                target: Some("3".into()),
                current: Some("1".into()),
                ..GoalInput::default()
            },
        ],
        actions: vec![
            ActionInput {
                title: Some("Esittele huoltosopimus".into()),
                due: Some("2026-11-30".into()),
                ..ActionInput::default()
            },
            ActionInput {
                title: Some("Tehdasvierailu".into()),
                owner: Some("Mikko Lahtinen".into()),
                due: Some("2027-01-20".into()),
                status: Some("in_progress".into()),
                ..ActionInput::default()
            },
        ],
        script: vec![ScriptInput {
            stage: Some("retention".into()),
            kind: Some("business_review".into()),
            participants: Some("KAM ja Liisa Mäkelä".into()),
            exchanged: Some("Vuoden luvut".into()),
        }],
        version: None,
    }
}

fn draft(input: &PlanInput) -> arvo_core::plan::PlanDraft {
    input.validate("Aino Virtanen", day("2026-12-06")).unwrap()
}

#[tokio::test]
async fn a_plan_is_saved_whole_and_its_goals_and_actions_keep_their_ids() {
    let (s, kone, _) = setup().await;
    assert_eq!(s.plan(kone).await.unwrap(), None);
    let first = s
        .save_plan(kone, &draft(&input()), None, day("2026-12-06"), &actor())
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.account_name, "Kone Oy");
    assert_eq!(first.review_every_days, 60);
    assert_eq!(first.started, day("2026-06-01"));
    assert_eq!(first.goals[0].baseline, 2_500);
    assert_eq!(first.goals[1].current, Some(100));
    assert_eq!(first.actions[0].owner, "Aino Virtanen");
    assert_eq!(first.actions[1].status, "in_progress");
    assert_eq!(first.script[0].kind, "business_review");

    // The second save keeps the first action by id, closes it, drops the second and adds one.
    let mut next = input();
    next.version = Some(first.version);
    next.goals.truncate(1);
    next.goals[0].id = Some(first.goals[0].id);
    next.goals[0].target = Some("45".into());
    next.actions = vec![
        ActionInput {
            id: Some(first.actions[0].id),
            status: Some("done".into()),
            ..input().actions[0].clone()
        },
        ActionInput {
            title: Some("Uusi tarjous".into()),
            due: Some("2027-03-01".into()),
            ..ActionInput::default()
        },
    ];
    let second = s
        .save_plan(
            kone,
            &draft(&next),
            next.version,
            day("2026-12-07"),
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    assert_eq!(second.goals.len(), 1);
    assert_eq!(second.goals[0].id, first.goals[0].id);
    assert_eq!(second.goals[0].target, 4_500);
    assert_eq!(second.actions[0].id, first.actions[0].id);
    assert_eq!(second.actions[0].closed_on, Some(day("2026-12-07")));
    assert_eq!(second.actions[1].title, "Uusi tarjous");
    assert!(second.actions.iter().all(|a| a.id != first.actions[1].id));

    // Saved again later, a closed action keeps the day it closed.
    next.version = Some(second.version);
    next.actions[1].id = Some(second.actions[1].id);
    let third = s
        .save_plan(
            kone,
            &draft(&next),
            next.version,
            day("2026-12-20"),
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(third.actions[0].closed_on, Some(day("2026-12-07")));

    // A stale version is a conflict, and nothing changes.
    assert!(matches!(
        s.save_plan(kone, &draft(&input()), Some(1), day("2026-12-20"), &actor())
            .await,
        Err(StoreError::Conflict { current_version: 3 })
    ));
    assert_eq!(s.plan(kone).await.unwrap().unwrap(), third);
    let audit = s
        .audit_log(&arvo_store::AuditQuery {
            kind: Some("plan.saved".into()),
            ..arvo_store::AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.items.len(), 3);
}

#[tokio::test]
async fn a_plan_with_strange_ids_or_owners_is_refused_and_changes_nothing() {
    let (s, kone, other) = setup().await;
    let kones = s
        .save_plan(kone, &draft(&input()), None, day("2026-12-06"), &actor())
        .await
        .unwrap();
    let mut bad = input();
    // Another account's goal and action ids are not this plan's.
    bad.goals[0].id = Some(kones.goals[0].id);
    bad.actions[0].id = Some(kones.actions[0].id);
    bad.actions[1].owner = Some("Nobody".into());
    let Err(StoreError::Validation(errors)) = s
        .save_plan(other, &draft(&bad), None, day("2026-12-06"), &actor())
        .await
    else {
        panic!("refused");
    };
    for field in ["goals[0].id", "actions[0].id", "actions[1].owner"] {
        assert!(errors.get(field).is_some(), "{field}: {errors:?}");
    }
    assert_eq!(errors.get("actions[1].owner"), Some(&Problem::UnknownUser));
    assert_eq!(s.plan(other).await.unwrap(), None);
    assert!(matches!(
        s.save_plan(9_999, &draft(&input()), None, day("2026-12-06"), &actor())
            .await,
        Err(StoreError::NotFound("account"))
    ));
}

#[tokio::test]
async fn reviews_tasks_and_the_engines_read_follow_the_plan() {
    let (s, kone, other) = setup().await;
    let plan = s
        .save_plan(kone, &draft(&input()), None, day("2026-12-06"), &actor())
        .await
        .unwrap();
    let data = s.care_data(day("2026-12-06"), None).await.unwrap();
    assert_eq!(data.plans.len(), 1);
    let (id, facts) = &data.plans[0];
    assert_eq!(*id, kone);
    assert_eq!(facts.review_every_days, 60);
    assert_eq!(facts.started, day("2026-06-01"));
    assert_eq!(facts.last_review, None);
    assert_eq!(facts.actions.len(), 2);
    assert!(
        s.care_data(day("2026-12-06"), Some(other))
            .await
            .unwrap()
            .plans
            .is_empty()
    );

    let reviewed = s
        .record_plan_review(kone, day("2026-12-05"), &actor())
        .await
        .unwrap();
    assert_eq!(reviewed.reviewed_on, Some(day("2026-12-05")));
    assert_eq!(reviewed.version, plan.version + 1);
    assert!(matches!(
        s.record_plan_review(other, day("2026-12-05"), &actor())
            .await,
        Err(StoreError::NotFound("plan"))
    ));

    // A task made of an overdue action's gap closes the action when it is done.
    let action = plan.actions[0].id;
    let task = TaskDraft {
        title: "Esittele huoltosopimus: Kone Oy".into(),
        notes: None,
        owner: "Aino Virtanen".into(),
        due: day("2026-12-06"),
        account_id: Some(kone),
        origin: TaskOrigin::AccountPlan,
        gap_key: Some(plan_action_key(action)),
        encounter: None,
    };
    let task = s.create_task(&task, &actor()).await.unwrap();
    s.set_task_done(task.id, None, true, None, day("2026-12-08"), &actor())
        .await
        .unwrap();
    let after = s.plan(kone).await.unwrap().unwrap();
    assert_eq!(after.actions[0].status, "done");
    assert_eq!(after.actions[0].closed_on, Some(day("2026-12-08")));
    assert_eq!(after.version, reviewed.version + 1);
    let data = s.care_data(day("2026-12-08"), Some(kone)).await.unwrap();
    assert_eq!(data.plans[0].1.last_review, Some(day("2026-12-05")));
    assert_eq!(
        data.plans[0]
            .1
            .actions
            .iter()
            .map(|a| a.id)
            .collect::<Vec<_>>(),
        vec![plan.actions[1].id]
    );

    let summaries = s.plans(day("2026-12-08")).await.unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].open_actions, 1);
    assert_eq!(summaries[0].next_action_due, Some(day("2027-01-20")));
    assert_eq!(summaries[0].goals, 2);

    s.delete_plan(kone, &actor()).await.unwrap();
    assert_eq!(s.plan(kone).await.unwrap(), None);
    assert!(
        s.care_data(day("2026-12-08"), None)
            .await
            .unwrap()
            .plans
            .is_empty()
    );
    assert!(matches!(
        s.delete_plan(kone, &actor()).await,
        Err(StoreError::NotFound("plan"))
    ));
}

#[tokio::test]
async fn merging_keeps_one_plan_with_both_lists_and_erasure_scrubs_its_texts() {
    let (s, kone, other) = setup().await;
    s.save_plan(kone, &draft(&input()), None, day("2026-12-06"), &actor())
        .await
        .unwrap();
    let mut second = input();
    second.summary = Some("Toinen suunnitelma".into());
    second.actions.truncate(1);
    second.actions[0].title = Some("Leipomon oma toimenpide".into());
    s.save_plan(other, &draft(&second), None, day("2026-12-06"), &actor())
        .await
        .unwrap();
    s.merge_accounts(kone, &[other], &actor()).await.unwrap();
    let merged = s.plan(kone).await.unwrap().unwrap();
    assert!(
        merged
            .summary
            .as_deref()
            .unwrap()
            .starts_with("Kasvatetaan")
    );
    assert_eq!(merged.actions.len(), 3);
    assert!(
        merged
            .actions
            .iter()
            .any(|a| a.title == "Leipomon oma toimenpide")
    );
    assert_eq!(merged.goals.len(), 4);

    // Merged into an account without a plan, the other's plan moves over whole.
    let third = s
        .create_account(
            &AccountInput {
                name: Some("Kolmas Oy".into()),
                ..AccountInput::default()
            }
            .validate(&[])
            .unwrap(),
            &actor(),
        )
        .await
        .unwrap();
    s.merge_accounts(third.id, &[kone], &actor()).await.unwrap();
    let moved = s.plan(third.id).await.unwrap().unwrap();
    assert_eq!(moved.actions.len(), 3);
    assert_eq!(moved.account_name, "Kolmas Oy");

    // Erasing a contact takes their name out of the plan's texts.
    let liisa = s
        .create_contact(
            third.id,
            &ContactInput {
                first_name: Some("Liisa".into()),
                last_name: Some("Mäkelä".into()),
                ..ContactInput::default()
            }
            .validate()
            .unwrap(),
            &actor(),
        )
        .await
        .unwrap();
    let erasure = arvo_store::personal_data::Erasure {
        actor: &actor(),
        address: None,
        reason: arvo_store::personal_data::ErasureReason::Request,
    };
    s.erase_contact(liisa.id, None, &erasure).await.unwrap();
    let scrubbed = s.plan(third.id).await.unwrap().unwrap();
    assert!(!scrubbed.summary.unwrap().contains("Mäkelä"));
    assert!(
        !scrubbed.script[0]
            .participants
            .as_deref()
            .unwrap()
            .contains("Liisa")
    );
}
