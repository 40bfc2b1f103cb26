//! Targets in storage, on SQLite and (with `ARVO_TEST_DATABASE_URL`) on PostgreSQL: one per
//! whom, metric and period, changed at their version, merged with their accounts, deleted.

use arvo_core::targets::TargetInput;
use arvo_core::{AccountInput, Actor, Problem};
use arvo_store::testing::fresh_database_url;
use arvo_store::{Store, StoreError};

fn actor() -> Actor {
    Actor::new("Aino Virtanen", "test")
}

fn draft(
    scope: &str,
    account: Option<i64>,
    metric: &str,
    target: &str,
) -> arvo_core::targets::TargetDraft {
    TargetInput {
        scope: Some(scope.into()),
        account_id: account,
        segment: (scope == "segment").then(|| "retain".into()),
        metric: Some(metric.into()),
        period: Some("2027".into()),
        target: Some(target.into()),
        ..TargetInput::default()
    }
    .validate()
    .unwrap()
}

async fn account(s: &Store, name: &str) -> i64 {
    let draft = AccountInput {
        name: Some(name.into()),
        ..AccountInput::default()
    }
    .validate(&[])
    .unwrap();
    s.create_account(&draft, &actor()).await.unwrap().id
}

#[tokio::test]
async fn targets_are_kept_once_per_whom_metric_and_period_and_follow_merges() {
    let s = Store::open(&fresh_database_url().await).await.unwrap();
    let kone = account(&s, "Kone Oy").await;
    let other = account(&s, "Kone Oyj").await;
    let base = s
        .save_target(
            None,
            &draft("base", None, "revenue", "250 000"),
            None,
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(
        (base.scope.as_str(), base.target, base.version),
        ("base", 25_000_000, 1)
    );
    let segment = s
        .save_target(
            None,
            &draft("segment", None, "customers", "40"),
            None,
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(segment.segment.as_deref(), Some("retain"));
    let mine = s
        .save_target(
            None,
            &draft("customer", Some(kone), "margin", "-500"),
            None,
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(mine.account_name.as_deref(), Some("Kone Oy"));
    assert_eq!(mine.target, -50_000);

    // The same whom, metric and period again is refused by name, and nothing changes.
    let Err(StoreError::Validation(errors)) = s
        .save_target(None, &draft("base", None, "revenue", "1"), None, &actor())
        .await
    else {
        panic!("refused");
    };
    assert_eq!(errors.get("period"), Some(&Problem::Duplicate));
    assert!(matches!(
        s.save_target(
            None,
            &draft("customer", Some(9_999), "revenue", "1"),
            None,
            &actor()
        )
        .await,
        Err(StoreError::NotFound("account"))
    ));

    // Changed at its version; a stale version is a conflict.
    let changed = s
        .save_target(
            Some(base.id),
            &draft("base", None, "revenue", "300 000"),
            Some(1),
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(
        (changed.id, changed.target, changed.version),
        (base.id, 30_000_000, 2)
    );
    assert!(matches!(
        s.save_target(
            Some(base.id),
            &draft("base", None, "revenue", "1"),
            Some(1),
            &actor()
        )
        .await,
        Err(StoreError::Conflict { current_version: 2 })
    ));
    assert_eq!(s.targets(Some("2027"), None).await.unwrap().len(), 3);
    assert_eq!(s.targets(Some("2026"), None).await.unwrap().len(), 0);
    assert_eq!(
        s.targets(None, Some(kone)).await.unwrap(),
        vec![mine.clone()]
    );

    // Merged, the other's margin target gives way to the kept account's; its revenue moves.
    s.save_target(
        None,
        &draft("customer", Some(other), "margin", "1"),
        None,
        &actor(),
    )
    .await
    .unwrap();
    s.save_target(
        None,
        &draft("customer", Some(other), "revenue", "2"),
        None,
        &actor(),
    )
    .await
    .unwrap();
    s.merge_accounts(kone, &[other], &actor()).await.unwrap();
    let kept = s.targets(None, Some(kone)).await.unwrap();
    let metrics: Vec<(&str, i64)> = kept.iter().map(|t| (t.metric.as_str(), t.target)).collect();
    assert_eq!(metrics, [("margin", -50_000), ("revenue", 200)]);

    s.delete_target(segment.id, &actor()).await.unwrap();
    assert!(matches!(
        s.target(segment.id).await,
        Err(StoreError::NotFound("target"))
    ));
    let version = s.account(kone).await.unwrap().version;
    s.delete_account(kone, version, &actor()).await.unwrap();
    assert!(s.targets(None, Some(kone)).await.unwrap().is_empty());
}
