//! `arvo care run` on the demo data, through the real binary and a fixed day: the engine
//! proposes an action for every customer whose care is late against its care model, and none
//! for those whose care is up to date, checked against the stored encounters.

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
}
