//! `arvo care run` on the demo data, through the real binary and a fixed day: the engine
//! proposes an action for every customer whose care is late against its care model or account
//! plan, and none for those whose care is up to date, checked against the stored encounters and
//! plans.

use arvo_core::care::{EncounterChannel, EncounterFact, EncounterKind, model_for};
use arvo_core::segments::{Segment, Tier};
use arvo_store::Store;
use arvo_store::care::EncounterQuery;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Output};

fn arvo(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arvo"))
        .args(args)
        .env("ARVO_DATABASE_URL", url)
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LOG", "warn")
        .output()
        .expect("arvo runs")
}

#[tokio::test]
async fn with_the_demo_data_the_engine_proposes_actions_for_late_care_only() {
    let url = arvo_store::testing::fresh_database_url().await;
    let today = "2026-12-06";
    let on: chrono::NaiveDate = today.parse().unwrap();
    let out = arvo(&url, &["demo", "--today", today]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = arvo(&url, &["care", "run", "--on", today, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let suggestions: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let proposed: BTreeSet<(i64, String)> = suggestions
        .iter()
        .filter(|s| s["gap"] == "requirement")
        .map(|s| {
            assert!(
                s["reason"]
                    .as_str()
                    .unwrap()
                    .starts_with(s["account_name"].as_str().unwrap()),
                "the reason names the customer: {s}"
            );
            assert!(s["step"].as_str().is_some_and(|t| !t.is_empty()));
            (
                s["account_id"].as_i64().unwrap(),
                s["requirement"].as_str().unwrap().to_owned(),
            )
        })
        .collect();

    // The same judgement from the stored encounters, segments and models.
    let store = Store::open(&url).await.unwrap();
    let models = arvo_web::care::models(&store).await.unwrap();
    assert_eq!(models, arvo_demo::demo_care_models());
    let mut encounters: HashMap<i64, Vec<EncounterFact>> = HashMap::new();
    for e in store
        .encounters(&EncounterQuery {
            to: Some(on),
            limit: 10_000,
            ..EncounterQuery::default()
        })
        .await
        .unwrap()
    {
        encounters
            .entry(e.account_id)
            .or_default()
            .push(EncounterFact {
                date: e.date,
                kind: EncounterKind::parse(&e.kind).unwrap(),
                channel: EncounterChannel::parse(&e.channel).unwrap(),
            });
    }
    let mut late = BTreeSet::new();
    let mut up_to_date = 0;
    for (id, _) in store.all_account_names().await.unwrap() {
        let account = store.account(id).await.unwrap();
        if account.data.status == arvo_core::AccountStatus::Former {
            continue;
        }
        let Some(segment) = store.account_segment(id).await.unwrap() else {
            continue;
        };
        let tier = [Tier::Value, Tier::Growth, Tier::Standard]
            .into_iter()
            .find(|t| t.as_str() == segment.tier)
            .unwrap();
        let Some(model) = model_for(&models, Segment::parse(&segment.segment).unwrap(), tier)
        else {
            continue;
        };
        let mut all_met = true;
        // Care is followed from the first encounter, or from the account's creation.
        let since = encounters
            .get(&id)
            .into_iter()
            .flatten()
            .map(|e| e.date)
            .min()
            .unwrap_or(on)
            .min(account.created_at.date_naive());
        for r in &model.requirements {
            let last = encounters
                .get(&id)
                .into_iter()
                .flatten()
                .filter(|e| r.is_met_by(e))
                .map(|e| e.date)
                .max()
                .unwrap_or(since);
            if (on - last).num_days() > i64::from(r.every_days) {
                late.insert((id, r.key.clone()));
                all_met = false;
            }
        }
        up_to_date += usize::from(all_met);
    }
    assert!(late.len() > 20, "{} late", late.len());
    assert!(up_to_date > 20, "{up_to_date} up to date");
    assert_eq!(proposed, late);

    // The key accounts' plans: every open action past its due day is proposed, and every plan
    // whose last review (recorded, or a business review) is older than its cadence.
    let plan_gaps = |gap: &str| -> BTreeSet<(i64, String)> {
        suggestions
            .iter()
            .filter(|s| s["gap"] == gap)
            .map(|s| {
                (
                    s["account_id"].as_i64().unwrap(),
                    s["key"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let mut overdue_actions = BTreeSet::new();
    let mut late_reviews = BTreeSet::new();
    let plans = store.plans(on).await.unwrap();
    assert!(plans.len() >= 10, "{} plans", plans.len());
    for summary in &plans {
        let plan = store.plan(summary.account_id).await.unwrap().unwrap();
        for a in &plan.actions {
            if a.due < on && !matches!(a.status.as_str(), "done" | "cancelled") {
                overdue_actions.insert((plan.account_id, format!("plan_action:{}", a.id)));
            }
        }
        let business_review = encounters
            .get(&plan.account_id)
            .into_iter()
            .flatten()
            .filter(|e| e.kind == EncounterKind::BusinessReview)
            .map(|e| e.date)
            .max();
        let from = plan
            .reviewed_on
            .max(business_review)
            .unwrap_or(plan.started);
        if (on - from).num_days() > plan.review_every_days {
            late_reviews.insert((plan.account_id, format!("plan_review:{from}")));
        }
    }
    assert!(!overdue_actions.is_empty() && !late_reviews.is_empty());
    assert_eq!(plan_gaps("plan_action"), overdue_actions);
    assert_eq!(plan_gaps("plan_review"), late_reviews);
}

#[tokio::test]
async fn two_servers_on_one_database_never_run_the_scheduled_evaluation_at_the_same_time() {
    let url = arvo_store::testing::fresh_database_url().await;
    // A base for the runs to evaluate: retain customers with an encounter each.
    let store = Store::open(&url).await.unwrap();
    let actor = arvo_core::Actor::new("tests", "cli");
    for i in 0..40 {
        let draft = arvo_core::AccountInput {
            name: Some(format!("Asiakas {i} Oy")),
            owner: Some(["Aino", "Mikko"][i % 2].into()),
            ..arvo_core::AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        let id = store.create_account(&draft, &actor).await.unwrap().id;
        store
            .set_manual_segment(id, Some(("retain", "standard")), "Testi", &actor)
            .await
            .unwrap();
        let met = arvo_core::work::EncounterInput {
            kind: Some("call".into()),
            date: Some(format!("2026-11-{:02}", 1 + i % 28)),
            summary: Some("Kuulumiset".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store.add_encounter(id, &met, &actor).await.unwrap();
    }
    let serve = || {
        Command::new(env!("CARGO_BIN_EXE_arvo"))
            .args(["serve", "--listen", "127.0.0.1:0", "--care-interval", "1"])
            .env("ARVO_DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("arvo serve starts")
    };
    let mut servers = [serve(), serve()];
    tokio::time::sleep(std::time::Duration::from_secs(7)).await;
    for s in &mut servers {
        s.kill().ok();
        s.wait().ok();
    }

    let mut runs = store.care_runs(100).await.unwrap();
    runs.sort_by_key(|r| (r.started_at, r.id));
    assert!(runs.len() >= 3, "{} runs", runs.len());
    let slots: BTreeSet<&str> = runs.iter().map(|r| r.slot.as_str()).collect();
    assert_eq!(slots.len(), runs.len(), "each slot is run once");
    // Every run but perhaps the last (stopped with its server) finished before the next began.
    for pair in runs.windows(2) {
        let finished = pair[0].finished_at.expect("an earlier run finished");
        assert!(
            finished <= pair[1].started_at,
            "run {} ({}) overlaps run {} ({})",
            pair[0].id,
            pair[0].instance,
            pair[1].id,
            pair[1].instance
        );
    }
    let done = runs.iter().find(|r| r.finished_at.is_some()).unwrap();
    assert_eq!(
        done.required,
        Some(80),
        "two requirements of forty customers"
    );
    let rows = store.care_run_adherence(done.id).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.owner.as_str()).collect::<Vec<_>>(),
        vec!["Aino", "Mikko"]
    );
}
