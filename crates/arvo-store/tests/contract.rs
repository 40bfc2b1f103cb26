//! The storage contract: the same stories run on SQLite and, when `ARVO_TEST_DATABASE_URL` is
//! set, on PostgreSQL.

use arvo_core::retention::{ContactStanding, RetentionRule, due_for_erasure};
use arvo_core::{AccountInput, AccountStatus, Actor, ConsentStatus, ContactInput, CustomFieldDef};
use arvo_store::personal_data::{Erasure, ErasureReason};
use arvo_store::testing::{
    execute, forget_search_signatures, fresh_database_url, open_at_version, unsigned_accounts,
};
use arvo_store::{AccountQuery, AccountSort, ContactQuery, Store, StoreError};

async fn store() -> Store {
    Store::open(&fresh_database_url().await)
        .await
        .expect("open test database")
}

fn actor() -> Actor {
    Actor::new("test", "test")
}

fn account(name: &str) -> arvo_core::AccountDraft {
    AccountInput {
        name: Some(name.into()),
        ..AccountInput::default()
    }
    .validate(&[])
    .unwrap()
}

fn contact(last: &str, email: Option<&str>) -> arvo_core::ContactDraft {
    ContactInput {
        last_name: Some(last.into()),
        email: email.map(Into::into),
        ..ContactInput::default()
    }
    .validate()
    .unwrap()
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let s = store().await;
    assert_eq!(s.migrate().await.unwrap(), 0);
}

#[tokio::test]
async fn search_signatures_are_computed_for_accounts_that_lack_them() {
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.tags = vec!["Avainasiakas".into()];
    let drafts = vec![
        (kone, vec![contact("Virtanen", Some("liisa@kone.fi"))]),
        (account("Lahden Leipomo"), vec![]),
    ];
    s.insert_accounts(&drafts, &actor()).await.unwrap();
    let search = |text: &str, tag: Option<&str>| AccountQuery {
        text: Some(text.into()),
        tag: tag.map(Into::into),
        ..AccountQuery::default()
    };
    let queries = [
        search("kone", None),
        search("virt", Some("avainasiakas")),
        search("lahd", None),
        search("lahd", Some("avainasiakas")),
    ];
    let mut before = Vec::new();
    for q in &queries {
        before.push(s.list_accounts(q).await.unwrap().items);
    }
    assert_eq!(
        before.iter().map(Vec::len).collect::<Vec<_>>(),
        [1, 1, 1, 0]
    );

    // A database migrated from before signatures existed: every account is marked unsigned,
    // still matches every search, and gets its signature when the schema is brought up to date.
    assert_eq!(unsigned_accounts(&s).await, 0);
    forget_search_signatures(&s).await;
    assert_eq!(unsigned_accounts(&s).await, 2);
    for (q, expected) in queries.iter().zip(&before) {
        assert_eq!(&s.list_accounts(q).await.unwrap().items, expected);
    }
    assert_eq!(s.migrate().await.unwrap(), 0);
    assert_eq!(unsigned_accounts(&s).await, 0);
    for (q, expected) in queries.iter().zip(&before) {
        assert_eq!(&s.list_accounts(q).await.unwrap().items, expected);
    }
}

#[tokio::test]
async fn create_read_update_with_history() {
    let s = store().await;
    let a = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    assert_eq!(a.version, 1);
    assert_eq!(s.account(a.id).await.unwrap(), a);

    let mut changed = a.data.clone();
    changed.status = AccountStatus::Customer;
    let b = s
        .update_account(a.id, 1, &changed, &Actor::new("liisa", "web"))
        .await
        .unwrap();
    assert_eq!(b.version, 2);
    assert_eq!(b.data.status, AccountStatus::Customer);

    // An update that changes nothing keeps the version and writes no history.
    let same = s.update_account(a.id, 2, &changed, &actor()).await.unwrap();
    assert_eq!(same.version, 2);

    let history = s.account_history(a.id, 50).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].action, "update");
    assert_eq!(history[0].actor, "liisa");
    assert_eq!(history[0].changes[0].field, "status");
    assert_eq!(history[0].changes[0].before, serde_json::json!("prospect"));
    assert_eq!(history[1].action, "create");
}

#[tokio::test]
async fn stale_version_is_a_conflict_and_changes_nothing() {
    let s = store().await;
    let a = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    let mut first = a.data.clone();
    first.owner = Some("Mikko".into());
    let mut second = a.data.clone();
    second.owner = Some("Liisa".into());
    s.update_account(a.id, 1, &first, &actor()).await.unwrap();
    let err = s
        .update_account(a.id, 1, &second, &actor())
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { current_version: 2 }),
        "{err:?}"
    );
    assert_eq!(
        s.account(a.id).await.unwrap().data.owner.as_deref(),
        Some("Mikko")
    );
}

#[tokio::test]
async fn concurrent_updates_with_one_version_let_exactly_one_win() {
    let s = store().await;
    let a = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let s = s.clone();
        let mut d = a.data.clone();
        d.owner = Some(format!("owner {i}"));
        tasks.push(tokio::spawn(async move {
            s.update_account(a.id, 1, &d, &Actor::new("t", "test"))
                .await
        }));
    }
    let mut ok = 0;
    let mut conflicts = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict { .. }) => conflicts += 1,
            Err(e) => panic!("unexpected error {e:?}"),
        }
    }
    assert_eq!((ok, conflicts), (1, 7));
    assert_eq!(s.account(a.id).await.unwrap().version, 2);
}

#[tokio::test]
async fn unknown_ids_are_not_found() {
    let s = store().await;
    assert!(matches!(
        s.account(999).await,
        Err(StoreError::NotFound("account"))
    ));
    assert!(matches!(
        s.update_account(999, 1, &account("X"), &actor()).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.create_contact(999, &contact("V", None), &actor()).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn search_filter_sort_and_cursor_pages() {
    let s = store().await;
    let names = [
        "Örö Oy",
        "Äijä Ky",
        "Åland Ab",
        "Alfa Kone Oy",
        "Beta Kone Oy",
        "Gamma Oy",
        "Kone Oyj",
    ];
    for (i, n) in names.iter().enumerate() {
        let mut d = account(n);
        if i % 2 == 0 {
            d.status = AccountStatus::Customer;
        }
        d.tags = vec![if i < 3 {
            "Pohjoinen".into()
        } else {
            "etelä".into()
        }];
        s.create_account(&d, &actor()).await.unwrap();
    }
    let all = s
        .list_accounts(&AccountQuery {
            limit: 100,
            ..AccountQuery::default()
        })
        .await
        .unwrap();
    let order: Vec<&str> = all.items.iter().map(|a| a.data.name.as_str()).collect();
    assert_eq!(
        order,
        vec![
            "Alfa Kone Oy",
            "Beta Kone Oy",
            "Gamma Oy",
            "Kone Oyj",
            "Åland Ab",
            "Äijä Ky",
            "Örö Oy"
        ]
    );

    let kone = s
        .list_accounts(&AccountQuery {
            text: Some("kone".into()),
            ..AccountQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(kone.items.len(), 3);
    let q = AccountQuery {
        text: Some("KON".into()),
        status: Some(AccountStatus::Customer),
        ..AccountQuery::default()
    };
    let names: Vec<String> = s
        .list_accounts(&q)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|a| a.data.name)
        .collect();
    assert_eq!(names, vec!["Beta Kone Oy", "Kone Oyj"]);
    let folded = s
        .list_accounts(&AccountQuery {
            text: Some("aija".into()),
            ..AccountQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(folded.items[0].data.name, "Äijä Ky");
    let tagged = AccountQuery {
        tag: Some("POHJOINEN".into()),
        ..AccountQuery::default()
    };
    assert_eq!(s.list_accounts(&tagged).await.unwrap().items.len(), 3);

    for sort in AccountSort::ALL {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = s
                .list_accounts(&AccountQuery {
                    sort,
                    cursor,
                    limit: 2,
                    ..AccountQuery::default()
                })
                .await
                .unwrap();
            seen.extend(page.items.iter().map(|a| a.id));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            (seen.len(), unique.len()),
            (7, 7),
            "sort {sort:?} pages {seen:?}"
        );
    }
    let desc = AccountQuery {
        sort: AccountSort::NameDesc,
        limit: 1,
        ..AccountQuery::default()
    };
    assert_eq!(
        s.list_accounts(&desc).await.unwrap().items[0].data.name,
        "Örö Oy"
    );
}

#[tokio::test]
async fn contacts_are_searchable_through_their_account() {
    let s = store().await;
    let a = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    let c = s
        .create_contact(a.id, &contact("Virtanen", Some("liisa@kone.fi")), &actor())
        .await
        .unwrap();
    let by_email = s
        .list_accounts(&AccountQuery {
            text: Some("liisa@kone.fi".into()),
            ..AccountQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(by_email.items[0].id, a.id);
    let contacts = s
        .list_contacts(&ContactQuery {
            text: Some("virt".into()),
            ..ContactQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(contacts.items[0].id, c.id);
    let buyers = ContactQuery {
        role: Some(arvo_core::BuyingRole::Buyer),
        ..ContactQuery::default()
    };
    assert!(s.list_contacts(&buyers).await.unwrap().items.is_empty());
    let unknown = ContactQuery {
        consent: Some(arvo_core::ConsentStatus::Unknown),
        ..ContactQuery::default()
    };
    assert_eq!(s.list_contacts(&unknown).await.unwrap().items.len(), 1);
    let mut d = c.data.clone();
    d.last_name = "Korhonen".into();
    s.update_contact(c.id, 1, &d, &actor()).await.unwrap();
    assert!(matches!(
        s.update_contact(c.id, 1, &d, &actor()).await,
        Err(StoreError::Conflict { .. })
    ));
    let gone = AccountQuery {
        text: Some("virtanen".into()),
        ..AccountQuery::default()
    };
    assert!(s.list_accounts(&gone).await.unwrap().items.is_empty());
    s.delete_contact(c.id, 2, &actor()).await.unwrap();
    assert!(s.contacts_of(a.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn merge_moves_every_contact_and_history_entry() {
    let s = store().await;
    let keep = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    let mut dup = account("KONE OYJ, Espoo");
    dup.business_id = Some(arvo_core::BusinessId::parse("0112038-9").unwrap());
    let other = s.create_account(&dup, &actor()).await.unwrap();
    s.create_contact(keep.id, &contact("Virtanen", None), &actor())
        .await
        .unwrap();
    s.create_contact(other.id, &contact("Korhonen", Some("k@kone.fi")), &actor())
        .await
        .unwrap();
    s.create_contact(other.id, &contact("Nieminen", None), &actor())
        .await
        .unwrap();
    let history_before = s.account_history(keep.id, 100).await.unwrap().len()
        + s.account_history(other.id, 100).await.unwrap().len();

    let groups = s.duplicate_groups().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].account_ids, vec![keep.id, other.id]);

    let merged = s
        .merge_accounts(keep.id, &[other.id], &actor())
        .await
        .unwrap();
    assert_eq!(merged.data.name, "Kone Oy");
    assert_eq!(
        merged
            .data
            .business_id
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("0112038-9")
    );
    assert_eq!(s.contacts_of(keep.id).await.unwrap().len(), 3);
    let history = s.account_history(keep.id, 100).await.unwrap();
    assert_eq!(history.len(), history_before + 1);
    assert_eq!(history[0].action, "merge");
    assert!(matches!(
        s.account(other.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(s.merged_into(other.id).await.unwrap(), Some(keep.id));
    assert!(s.duplicate_groups().await.unwrap().is_empty());
    // The merged account's contacts are found through the kept account.
    let q = AccountQuery {
        text: Some("korhonen".into()),
        ..AccountQuery::default()
    };
    assert_eq!(s.list_accounts(&q).await.unwrap().items[0].id, keep.id);
}

#[tokio::test]
async fn dismissed_duplicates_stay_dismissed() {
    let s = store().await;
    let a = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    let b = s
        .create_account(&account("Kone Oyj"), &actor())
        .await
        .unwrap();
    s.dismiss_duplicates(&[a.id, b.id], &actor()).await.unwrap();
    assert!(s.duplicate_groups().await.unwrap().is_empty());
}

#[tokio::test]
async fn custom_fields_are_defined_once() {
    let s = store().await;
    let def = CustomFieldDef::validate("erp_number", "ERP-numero", "text", "").unwrap();
    s.add_custom_field(&def).await.unwrap();
    let again = s.add_custom_field(&def).await.unwrap_err();
    assert!(matches!(again, StoreError::Validation(_)));
    assert_eq!(s.custom_fields().await.unwrap(), vec![def]);
    s.remove_custom_field("erp_number").await.unwrap();
    assert!(s.custom_fields().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_removes_account_and_contacts_but_keeps_history() {
    let s = store().await;
    let a = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    s.create_contact(a.id, &contact("Virtanen", None), &actor())
        .await
        .unwrap();
    assert!(matches!(
        s.delete_account(a.id, 2, &actor()).await,
        Err(StoreError::Conflict { .. })
    ));
    s.delete_account(a.id, 1, &actor()).await.unwrap();
    assert!(matches!(
        s.account(a.id).await,
        Err(StoreError::NotFound(_))
    ));
    let history = s.account_history(a.id, 10).await.unwrap();
    let deleted = history
        .iter()
        .find(|h| h.entity == "account" && h.action == "delete")
        .unwrap();
    let name = deleted.changes.iter().find(|c| c.field == "name").unwrap();
    assert_eq!(
        name.before,
        serde_json::json!("Kone Oy"),
        "the deleted data stays readable in the history"
    );
    assert!(
        history
            .iter()
            .any(|h| h.entity == "contact" && h.action == "delete")
    );
}

#[tokio::test]
async fn search_plans_agree_whether_they_start_from_matches_or_walk_the_order() {
    let s = store().await;
    let mut drafts = Vec::new();
    for i in 0..30 {
        let mut d = account(&format!("Kone {i:02} Oy"));
        d.tags = vec![if i % 3 == 0 {
            "pohjoinen".into()
        } else {
            "etelä".into()
        }];
        drafts.push((d, vec![]));
    }
    drafts.push((account("Lahden Leipomo"), vec![]));
    let mut repeated = account("Lahden Lahdenpohja");
    repeated.email = Some(arvo_core::Email::parse("myynti@lahdenlahdenpohja.fi").unwrap());
    drafts.push((repeated, vec![]));
    for i in 0..600 {
        drafts.push((account(&format!("Muu Yritys {i:03}")), vec![]));
    }
    s.insert_accounts(&drafts, &actor()).await.unwrap();

    // One account in twenty matches "kone". With one row a page, walking the sort order is the
    // cheaper plan; with twenty, starting from the word's token rows is. Both page through all
    // 30 in every order without a repeat or a gap.
    for limit in [1, 20] {
        for sort in AccountSort::ALL {
            let mut ids = Vec::new();
            let mut names = Vec::new();
            let mut cursor = None;
            loop {
                let q = AccountQuery {
                    text: Some("kone".into()),
                    sort,
                    cursor,
                    limit,
                    ..AccountQuery::default()
                };
                let page = s.list_accounts(&q).await.unwrap();
                ids.extend(page.items.iter().map(|a| a.id));
                names.extend(page.items.into_iter().map(|a| a.data.name));
                match page.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
            let mut unique = ids.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(
                (ids.len(), unique.len()),
                (30, 30),
                "limit {limit}, sort {sort:?}"
            );
            if sort == AccountSort::Name {
                assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
            }
        }
    }
    let q = AccountQuery {
        text: Some("kone".into()),
        status: Some(AccountStatus::Customer),
        ..AccountQuery::default()
    };
    assert!(s.list_accounts(&q).await.unwrap().items.is_empty());
    // The search index and signature follow an account's changes.
    let first = s
        .list_accounts(&AccountQuery {
            limit: 1,
            ..AccountQuery::default()
        })
        .await
        .unwrap()
        .items
        .remove(0);
    let mut changed = first.data.clone();
    changed.status = AccountStatus::Customer;
    changed.name = "Öljy-Kone Oy".into();
    s.update_account(first.id, first.version, &changed, &actor())
        .await
        .unwrap();
    let q = AccountQuery {
        text: Some("kone".into()),
        status: Some(AccountStatus::Customer),
        limit: 4,
        ..AccountQuery::default()
    };
    let found = s.list_accounts(&q).await.unwrap().items;
    assert_eq!(
        found.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![first.id]
    );
    let q = AccountQuery {
        text: Some("kone".into()),
        sort: AccountSort::NameDesc,
        limit: 4,
        ..AccountQuery::default()
    };
    assert_eq!(
        s.list_accounts(&q).await.unwrap().items[0].data.name,
        "Öljy-Kone Oy"
    );

    // A rare tag and a word: the query starts from their intersection.
    let q = AccountQuery {
        text: Some("kone".into()),
        tag: Some("Pohjoinen".into()),
        ..AccountQuery::default()
    };
    let names: Vec<String> = s
        .list_accounts(&q)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|a| a.data.name)
        .collect();
    assert_eq!(
        names,
        vec![
            "Kone 03 Oy",
            "Kone 06 Oy",
            "Kone 09 Oy",
            "Kone 12 Oy",
            "Kone 15 Oy",
            "Kone 18 Oy",
            "Kone 21 Oy",
            "Kone 24 Oy",
            "Kone 27 Oy",
            "Öljy-Kone Oy"
        ]
    );
    let q = AccountQuery {
        text: Some("lahden kone".into()),
        ..AccountQuery::default()
    };
    assert!(s.list_accounts(&q).await.unwrap().items.is_empty());
    // An account whose words share a prefix several times is listed once, on every page size.
    let mut names = Vec::new();
    let mut cursor = None;
    loop {
        let q = AccountQuery {
            text: Some("lahden".into()),
            cursor,
            limit: 1,
            ..AccountQuery::default()
        };
        let page = s.list_accounts(&q).await.unwrap();
        names.extend(page.items.into_iter().map(|a| a.data.name));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(names, vec!["Lahden Lahdenpohja", "Lahden Leipomo"]);
    let q = AccountQuery {
        text: Some("leipomo".into()),
        tag: Some("etelä".into()),
        ..AccountQuery::default()
    };
    assert!(s.list_accounts(&q).await.unwrap().items.is_empty());
}

fn person(first: &str, last: &str) -> arvo_core::ContactDraft {
    ContactInput {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        title: Some("Hankintajohtaja".into()),
        email: Some(format!("{first}.{last}@kalatukku.fi").to_lowercase()),
        phone: Some("040 918 2736".into()),
        roles: vec!["decider".into()],
        marketing_consent: Some("given".into()),
        consent_date: Some("2.3.2026".into()),
        consent_source: Some("Messulomake Tampere".into()),
        notes: Some("Tavoitettavissa tiistaisin".into()),
    }
    .validate()
    .unwrap()
}

fn erasure(actor: &Actor) -> Erasure<'_> {
    Erasure {
        actor,
        address: None,
        reason: ErasureReason::Request,
    }
}

#[tokio::test]
async fn consent_changes_are_recorded_with_each_change() {
    let s = store().await;
    let a = s
        .create_account(&account("Kuopion Kalatukku Oy"), &actor())
        .await
        .unwrap();
    let c = s
        .create_contact(
            a.id,
            &person("Sanni", "Toivanen"),
            &Actor::new("liisa", "web"),
        )
        .await
        .unwrap();
    let first = s.consents(c.id).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].status, ConsentStatus::Given);
    assert_eq!(first[0].source.as_deref(), Some("Messulomake Tampere"));
    assert_eq!(
        (first[0].recorded_by.as_str(), first[0].via.as_str()),
        ("liisa", "web")
    );

    // A change that leaves the consent as it was records nothing.
    let mut noted = c.data.clone();
    noted.notes = Some("Uusi muistiinpano".into());
    let c = s.update_contact(c.id, 1, &noted, &actor()).await.unwrap();
    assert_eq!(s.consents(c.id).await.unwrap().len(), 1);

    let mut withdrawn = c.data.clone();
    withdrawn.marketing_consent = ConsentStatus::Withdrawn;
    withdrawn.consent_date = chrono::NaiveDate::from_ymd_opt(2026, 4, 1);
    let c = s
        .update_contact(c.id, 2, &withdrawn, &actor())
        .await
        .unwrap();
    let events = s.consents(c.id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.status).collect::<Vec<_>>(),
        [ConsentStatus::Given, ConsentStatus::Withdrawn]
    );
    assert_eq!(events[1].consent_date, withdrawn.consent_date);

    // A failed change records no consent either.
    let mut stale = c.data.clone();
    stale.marketing_consent = ConsentStatus::Unknown;
    stale.consent_date = None;
    assert!(s.update_contact(c.id, 2, &stale, &actor()).await.is_err());
    assert_eq!(s.consents(c.id).await.unwrap().len(), 2);

    // A contact without a consent has no history of one; bulk loads record theirs.
    let blank = s
        .create_contact(a.id, &contact("Ruotsalainen", None), &actor())
        .await
        .unwrap();
    assert!(s.consents(blank.id).await.unwrap().is_empty());
    s.insert_accounts(
        &[(account("Savon Savu Oy"), vec![person("Mauno", "Miettinen")])],
        &actor(),
    )
    .await
    .unwrap();
    let bulk = s
        .list_contacts(&ContactQuery {
            text: Some("miettinen".into()),
            ..ContactQuery::default()
        })
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(s.consents(bulk.id).await.unwrap().len(), 1);

    // A merge moves contacts, and their consent history goes with them.
    s.merge_accounts(a.id, &[bulk.account_id], &actor())
        .await
        .unwrap();
    assert_eq!(s.contact(bulk.id).await.unwrap().account_id, a.id);
    assert_eq!(s.consents(bulk.id).await.unwrap().len(), 1);
    assert!(matches!(
        s.consents(999_999).await,
        Err(StoreError::NotFound(_))
    ));
}

/// Every value of a person that erasure must remove, as stored.
const SANNI: [&str; 7] = [
    "Sanni",
    "Toivanen",
    "Hankintajohtaja",
    "sanni.toivanen@kalatukku.fi",
    "040 918 2736",
    "Messulomake Tampere",
    "tiistaisin",
];

#[tokio::test]
async fn erasure_leaves_no_personal_value_anywhere_in_the_database() {
    let s = store().await;
    let mut draft = account("Kuopion Kalatukku Oy");
    draft.annual_revenue = Some(arvo_core::Money(4_200_000));
    let a = s.create_account(&draft, &actor()).await.unwrap();
    let c = s
        .create_contact(a.id, &person("Sanni", "Toivanen"), &actor())
        .await
        .unwrap();
    let kept = s
        .create_contact(
            a.id,
            &contact("Miettinen", Some("mauno.miettinen@kalatukku.fi")),
            &actor(),
        )
        .await
        .unwrap();
    let mut changed = c.data.clone();
    changed.title = Some("Toimitusjohtaja".into());
    changed.marketing_consent = ConsentStatus::Withdrawn;
    let c = s.update_contact(c.id, 1, &changed, &actor()).await.unwrap();
    let met = arvo_core::work::EncounterInput {
        kind: Some("meeting".into()),
        date: Some("2026-11-30".into()),
        summary: Some("Sanni Toivanen kertoi, että SANNI päättää hankinnoista".into()),
        next_step: Some("Lähetä tarjous: sanni.toivanen@kalatukku.fi".into()),
        contacts: vec![c.id, kept.id],
        ..Default::default()
    }
    .validate()
    .unwrap();
    let encounter = s.add_encounter(a.id, &met, &actor()).await.unwrap();
    let archive = |s: Store| async move {
        let mut out = Vec::new();
        s.backup(&mut out).await.unwrap();
        String::from_utf8(out).unwrap()
    };
    let before = archive(s.clone()).await;
    for value in SANNI.iter().chain(&["Toimitusjohtaja"]) {
        assert!(before.contains(value), "{value} is stored before erasure");
    }

    // A stale version is refused and erases nothing.
    let who = actor();
    assert!(matches!(
        s.erase_contact(c.id, Some(1), &erasure(&who)).await,
        Err(StoreError::Conflict { current_version: 2 })
    ));
    assert_eq!(s.contact(c.id).await.unwrap(), c);

    let erased = s
        .erase_contact(c.id, Some(2), &erasure(&who))
        .await
        .unwrap();
    assert!(erased.erased_at.is_some());
    assert_eq!(erased.account_id, a.id, "the contact stays on its account");
    assert_eq!(erased.data, c.data.erased());
    assert_eq!(erased.data.roles, c.data.roles);

    // Nowhere in the database: not in the contact, its history, the consent history, the search
    // tokens or the audit log. The backup holds every table's every row.
    let after = archive(s.clone()).await;
    for value in SANNI
        .iter()
        .chain(&["Toimitusjohtaja", "toivanen", "sanni"])
    {
        assert!(!after.contains(value), "{value} is still stored");
    }
    assert!(
        after.contains("mauno.miettinen@kalatukku.fi"),
        "others stay"
    );
    let scrubbed = s
        .encounters(&arvo_store::care::EncounterQuery {
            account_id: Some(a.id),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(scrubbed.len(), 1);
    assert_eq!(
        scrubbed[0].summary,
        "[poistettu] kertoi, että [poistettu] päättää hankinnoista"
    );
    assert_eq!(
        scrubbed[0].participants.len(),
        encounter.participants.len(),
        "the erased person still took part, without a name"
    );
    assert_eq!(
        s.account(a.id).await.unwrap(),
        a,
        "the account is as it was"
    );
    assert_eq!(s.contact(kept.id).await.unwrap(), kept);
    let found = |text: &str| {
        let s = s.clone();
        let text = text.to_owned();
        async move {
            let accounts = s
                .list_accounts(&AccountQuery {
                    text: Some(text.clone()),
                    ..AccountQuery::default()
                })
                .await
                .unwrap()
                .items
                .len();
            let contacts = s
                .list_contacts(&ContactQuery {
                    text: Some(text),
                    ..ContactQuery::default()
                })
                .await
                .unwrap()
                .items
                .len();
            (accounts, contacts)
        }
    };
    assert_eq!(found("toivanen").await, (0, 0));
    assert_eq!(
        found("poistettu").await,
        (0, 0),
        "the marker is not searchable"
    );
    assert_eq!(found("miettinen").await, (1, 1));
    let history = s.account_history(a.id, 100).await.unwrap();
    assert_eq!(history[0].action, "erase");
    assert_eq!(history[0].entity_id, c.id);
    let consents = s.consents(c.id).await.unwrap();
    assert_eq!(consents.len(), 2, "the consent history stays, anonymised");
    assert!(consents.iter().all(|e| e.source.is_none()));
    let data = s.personal_data(c.id).await.unwrap();
    let kinds: Vec<&str> = data.audit.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["personal_data.erase"]);
    assert_eq!(
        data.audit[0].subject.as_deref(),
        Some(format!("contact {}", c.id).as_str())
    );

    // An erased contact can be neither changed nor erased again, and nothing changes trying.
    let mut again = erased.data.clone();
    again.first_name = Some("Sanni".into());
    assert!(matches!(
        s.update_contact(c.id, erased.version, &again, &actor())
            .await,
        Err(StoreError::Erased)
    ));
    assert!(matches!(
        s.erase_contact(c.id, None, &erasure(&who)).await,
        Err(StoreError::Erased)
    ));
    // Erasing several at once is all or nothing.
    assert!(matches!(
        s.erase_contacts(&[kept.id, c.id], &erasure(&who)).await,
        Err(StoreError::Erased)
    ));
    assert_eq!(s.contact(kept.id).await.unwrap(), kept);
    assert_eq!(archive(s.clone()).await.len(), after.len());
}

#[tokio::test]
async fn retention_lists_contacts_of_former_customers_past_the_period() {
    let s = store().await;
    let former = s
        .create_account(&account("Entinen Asiakas Oy"), &actor())
        .await
        .unwrap();
    let current = s
        .create_account(&account("Nykyinen Asiakas Oy"), &actor())
        .await
        .unwrap();
    let gone = s
        .create_contact(former.id, &person("Sanni", "Toivanen"), &actor())
        .await
        .unwrap();
    let erased = s
        .create_contact(former.id, &person("Mauno", "Miettinen"), &actor())
        .await
        .unwrap();
    s.create_contact(current.id, &person("Aino", "Laine"), &actor())
        .await
        .unwrap();
    let mut data = former.data.clone();
    data.status = AccountStatus::Former;
    let became_former = s
        .update_account(former.id, 1, &data, &actor())
        .await
        .unwrap();
    let mut data = current.data.clone();
    data.status = AccountStatus::Customer;
    s.update_account(current.id, 1, &data, &actor())
        .await
        .unwrap();
    let who = actor();
    s.erase_contact(erased.id, None, &erasure(&who))
        .await
        .unwrap();

    let contacts = s.former_contacts().await.unwrap();
    assert_eq!(
        contacts.iter().map(|c| c.contact_id).collect::<Vec<_>>(),
        [gone.id],
        "only the former customer's contacts that are not erased"
    );
    assert_eq!(contacts[0].name, "Sanni Toivanen");
    let since = contacts[0].status_changed_at;
    assert!(since >= former.updated_at && since <= became_former.updated_at);
    // Another change that keeps the status keeps the date it became former.
    let mut renamed = became_former.data.clone();
    renamed.name = "Entinen Asiakas Oyj".into();
    s.update_account(former.id, 2, &renamed, &actor())
        .await
        .unwrap();
    assert_eq!(
        s.former_contacts().await.unwrap()[0].status_changed_at,
        since
    );

    let standings: Vec<ContactStanding> = contacts
        .iter()
        .map(|c| ContactStanding {
            contact_id: c.contact_id,
            account_id: c.account_id,
            account_status: c.account_status,
            status_since: c.status_changed_at.date_naive(),
            erased: false,
        })
        .collect();
    let rule = RetentionRule::new(24).ok();
    let start = since.date_naive();
    let today = |months: u32| {
        start
            .checked_add_months(chrono::Months::new(months))
            .unwrap()
    };
    assert!(due_for_erasure(rule, today(23), &standings).is_empty());
    let due = due_for_erasure(rule, today(24), &standings);
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].contact_id, due[0].former_since), (gone.id, start));

    // Erasing the due contacts empties the list.
    let ids: Vec<i64> = due.iter().map(|d| d.contact_id).collect();
    let retention = Erasure {
        reason: ErasureReason::Retention,
        ..erasure(&who)
    };
    assert_eq!(s.erase_contacts(&ids, &retention).await.unwrap(), 1);
    assert!(s.former_contacts().await.unwrap().is_empty());
    let audit = s.personal_data(gone.id).await.unwrap().audit;
    assert_eq!(audit[0].details["reason"], "retention");
}

#[tokio::test]
async fn the_personal_data_migration_fills_status_dates_and_consent_history() {
    let url = fresh_database_url().await;
    let old = open_at_version(&url, 3).await;
    // Accounts and contacts as release 3 stored them: account 1 became a former customer in June
    // 2023 and was renamed later; account 2 has no history; an entry of a merged account (entity
    // 3) that moved to account 1 does not count as account 1's own.
    execute(
        &old,
        r#"
        INSERT INTO accounts (id, kind, name, sort_key, country, status, created_at, updated_at)
        VALUES (1, 'company', 'Vanha Oy', 'vanha', 'FI', 'former', '2020-01-01 09:00:00+00:00', '2024-02-01 09:00:00+00:00'),
               (2, 'company', 'Hiljainen Oy', 'hiljainen', 'FI', 'customer', '2021-05-05 09:00:00+00:00', '2021-05-05 09:00:00+00:00');
        INSERT INTO history (entity, entity_id, account_id, action, actor, via, at, changes) VALUES
        ('account', 1, 1, 'create', 't', 'test', '2020-01-01 09:00:00+00:00', '[{"field":"status","before":null,"after":"customer"}]'),
        ('account', 1, 1, 'update', 't', 'test', '2023-06-30 09:00:00+00:00', '[{"field":"status","before":"customer","after":"former"}]'),
        ('account', 1, 1, 'update', 't', 'test', '2024-02-01 09:00:00+00:00', '[{"field":"name","before":"Vanha","after":"Vanha Oy"}]'),
        ('account', 3, 1, 'update', 't', 'test', '2024-03-01 09:00:00+00:00', '[{"field":"status","before":"customer","after":"former"}]');
        INSERT INTO contacts (id, account_id, last_name, sort_key, search_text, marketing_consent, consent_date, consent_source, created_at, updated_at)
        VALUES (1, 1, 'Toivanen', 'toivanen', 'toivanen', 'given', '2022-03-02', 'Messut', '2022-03-02 09:00:00+00:00', '2022-03-03 09:00:00+00:00'),
               (2, 1, 'Laine', 'laine', 'laine', 'unknown', NULL, NULL, '2022-03-02 09:00:00+00:00', '2022-03-02 09:00:00+00:00');
        "#,
    )
    .await;
    let s = Store::open(&url).await.unwrap();
    let contacts = s.former_contacts().await.unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(
        contacts[0].status_changed_at.to_rfc3339(),
        "2023-06-30T09:00:00+00:00"
    );
    let consents = s.consents(1).await.unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!(
        (
            consents[0].status,
            consents[0].consent_date.map(|d| d.to_string()),
            consents[0].source.as_deref(),
            consents[0].via.as_str()
        ),
        (
            ConsentStatus::Given,
            Some("2022-03-02".to_owned()),
            Some("Messut"),
            "migration"
        )
    );
    assert!(s.consents(2).await.unwrap().is_empty());
    assert!(s.contact(1).await.unwrap().erased_at.is_none());
    // The account without history counts from its creation; a new change of status moves it.
    let mut quiet = s.account(2).await.unwrap();
    let mut data = quiet.data.clone();
    data.status = AccountStatus::Former;
    quiet = s
        .update_account(2, quiet.version, &data, &actor())
        .await
        .unwrap();
    assert!(quiet.updated_at.timestamp() > 1_700_000_000);
    execute(
        &s,
        "INSERT INTO contacts (id, account_id, last_name, sort_key, search_text, marketing_consent, created_at, updated_at) \
         VALUES (3, 2, 'Uusi', 'uusi', 'uusi', 'unknown', '2022-03-02 09:00:00+00:00', '2022-03-02 09:00:00+00:00')",
    )
    .await;
    let contacts = s.former_contacts().await.unwrap();
    let hiljainen = contacts.iter().find(|c| c.account_id == 2).unwrap();
    assert_eq!(hiljainen.status_changed_at, quiet.updated_at);
}

#[tokio::test]
async fn customer_numbers_are_unique_searchable_and_survive_a_merge() {
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    let kone = s.create_account(&kone, &actor()).await.unwrap();
    let mut other = account("Toinen Oy");
    other.customer_number = Some("10023".into());
    match s.create_account(&other, &actor()).await {
        Err(StoreError::Validation(e)) => {
            assert_eq!(
                e.get("customer_number"),
                Some(&arvo_core::Problem::Duplicate)
            );
        }
        r => panic!("a second account with the number: {r:?}"),
    }
    assert_eq!(s.count_accounts().await.unwrap(), 1, "nothing was added");
    let found = s
        .list_accounts(&AccountQuery {
            text: Some("10023".into()),
            ..AccountQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].id, kone.id);

    // A merge keeps the kept account's number, or takes the merged one's when it has none.
    let mut twin = account("Kone Oyj");
    twin.customer_number = Some("20001".into());
    let twin = s.create_account(&twin, &actor()).await.unwrap();
    let plain = s.create_account(&account("Kone"), &actor()).await.unwrap();
    let kept = s
        .merge_accounts(plain.id, &[twin.id], &actor())
        .await
        .unwrap();
    assert_eq!(kept.data.customer_number.as_deref(), Some("20001"));
    let kept = s
        .merge_accounts(kone.id, &[kept.id], &actor())
        .await
        .unwrap();
    assert_eq!(kept.data.customer_number.as_deref(), Some("10023"));
}

fn line(
    row: u64,
    order: &str,
    line: i64,
    customer: &str,
    product: &str,
) -> arvo_store::imports::OrderLineRecord {
    arvo_store::imports::OrderLineRecord {
        row,
        order_number: order.into(),
        line_number: line,
        customer_number: Some(customer.into()),
        business_id: None,
        order_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        product_number: product.into(),
        product_name: Some(format!("Tuote {product}")),
        product_group: Some("Laakerit".into()),
        quantity_milli: 2500,
        unit_price_cents: 1_990,
        unit_cost_cents: Some(1_200),
        discount_bp: 0,
        net_cents: 4_975,
        cost_cents: Some(3_000),
        channel: "direct".into(),
        reseller: None,
    }
}

async fn import_lines(
    s: &Store,
    lines: &[arvo_store::imports::OrderLineRecord],
    dry_run: bool,
    skip_invalid: bool,
) -> arvo_store::imports::ImportOutcome {
    let mut import = s.begin_order_import().await.unwrap();
    import.stage(lines).await.unwrap();
    import
        .finish(&arvo_store::imports::ImportOptions {
            dry_run,
            skip_invalid,
            rejected_before: 0,
            rows_read: lines.len() as u64,
            file_name: "tilaukset.csv",
            actor: &actor(),
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn order_imports_are_idempotent_all_or_nothing_and_report_their_rows() {
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    let kone = s.create_account(&kone, &actor()).await.unwrap();
    let mut leipomo = account("Lahden Leipomo");
    leipomo.business_id = Some(arvo_core::BusinessId::parse("0112038-9").unwrap());
    let leipomo = s.create_account(&leipomo, &actor()).await.unwrap();

    let mut by_business_id = line(4, "T-2", 1, "99999", "P-1");
    by_business_id.business_id = Some("0112038-9".into());
    let lines = vec![
        line(2, "T-1", 1, "10023", "P-1"),
        line(3, "T-1", 2, "10023", "P-2"),
        by_business_id,
    ];
    // A dry run counts and changes nothing.
    let dry = import_lines(&s, &lines, true, false).await;
    assert_eq!(
        (dry.rows.created, dry.orders_created, dry.products_created),
        (3, 2, 2)
    );
    assert!(!dry.applied);
    let again = import_lines(&s, &lines, true, false).await;
    assert_eq!(again.rows.created, 3, "the dry run saved nothing");

    let done = import_lines(&s, &lines, false, false).await;
    assert!(done.applied && done.rejected.is_empty());
    assert_eq!(done.rows.created, 3);
    let twice = import_lines(&s, &lines, false, false).await;
    assert_eq!(
        (twice.rows.created, twice.rows.updated, twice.rows.unchanged),
        (0, 0, 3),
        "the same file again changes nothing"
    );
    // A newer export with one changed line updates just that line.
    let mut newer = lines.clone();
    newer[1].quantity_milli = 3000;
    newer[1].net_cents = 5_970;
    let changed = import_lines(&s, &newer, false, false).await;
    assert_eq!((changed.rows.updated, changed.rows.unchanged), (1, 2));

    // One unknown customer stops the whole file unless bad rows are skipped.
    let mut bad = newer.clone();
    bad.push(line(5, "T-3", 1, "55555", "P-9"));
    bad.push(line(6, "T-1", 3, "10024", "P-1"));
    bad.push(line(7, "T-1", 2, "10023", "P-2"));
    let refused = import_lines(&s, &bad, false, false).await;
    assert!(!refused.applied);
    let problems: Vec<(u64, &str)> = refused.rejected.iter().map(|p| (p.row, p.field)).collect();
    assert_eq!(
        problems,
        [
            (5, "customer_number"),
            (6, "order_number"),
            (7, "line_number")
        ]
    );
    assert_eq!(
        refused.rejected[1].problem,
        arvo_core::Problem::OrderMismatch { row: 2 }
    );
    assert_eq!(
        refused.rejected[2].problem,
        arvo_core::Problem::RepeatedRow { row: 3 }
    );
    assert_eq!(refused.products_created, 0, "P-9 only has a rejected line");
    let skipped = import_lines(&s, &bad, false, true).await;
    assert!(skipped.applied);
    assert_eq!(skipped.rows.unchanged, 3);
    assert_eq!(skipped.rejected.len(), 3);
    assert_eq!(skipped.products_created, 0);

    // The figures belong to their accounts: a merge moves them, and a deletion is refused.
    match s
        .delete_account(leipomo.id, leipomo.version, &actor())
        .await
    {
        Err(StoreError::Validation(e)) => {
            assert_eq!(e.get("account"), Some(&arvo_core::Problem::HasPurchases));
        }
        r => panic!("deleting an account with orders: {r:?}"),
    }
    s.merge_accounts(kone.id, &[leipomo.id], &actor())
        .await
        .unwrap();
    let after = import_lines(&s, &newer[..2], false, false).await;
    assert_eq!(after.rows.unchanged, 2);
}

#[tokio::test]
async fn purchase_history_totals_by_year_and_product_group() {
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    let kone = s.create_account(&kone, &actor()).await.unwrap();
    let mut old = line(4, "T-0", 1, "10023", "P-3");
    old.order_date = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    old.product_group = None;
    old.cost_cents = None;
    let lines = vec![
        line(2, "T-1", 1, "10023", "P-1"),
        line(3, "T-1", 2, "10023", "P-2"),
        old,
    ];
    assert!(import_lines(&s, &lines, false, false).await.applied);
    let h = s.purchase_history(kone.id, 10).await.unwrap();
    let years: Vec<(i32, i64, i64, i64, i64, i64)> = h
        .years
        .iter()
        .map(|y| {
            (
                y.year,
                y.orders,
                y.lines,
                y.net_cents,
                y.cost_cents,
                y.costed_net_cents,
            )
        })
        .collect();
    assert_eq!(
        years,
        [(2026, 1, 2, 9_950, 6_000, 9_950), (2025, 1, 1, 4_975, 0, 0)]
    );
    assert_eq!(h.groups[0].product_group.as_deref(), Some("Laakerit"));
    assert_eq!(h.groups[1].product_group, None);
    let orders: Vec<&str> = h
        .recent_orders
        .iter()
        .map(|o| o.order_number.as_str())
        .collect();
    assert_eq!(orders, ["T-1", "T-0"]);
    assert_eq!(h.recent_orders[0].net_cents, 9_950);
}

fn imported(
    row: u64,
    name: &str,
    number: Option<&str>,
    business_id: Option<&str>,
) -> arvo_store::imports::AccountImportRow {
    arvo_store::imports::AccountImportRow {
        row,
        draft: AccountInput {
            name: Some(name.into()),
            customer_number: number.map(Into::into),
            business_id: business_id.map(Into::into),
            municipality: Some("Lahti".into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap(),
    }
}

async fn import_account_rows(
    s: &Store,
    rows: &[arvo_store::imports::AccountImportRow],
    dry_run: bool,
) -> arvo_store::imports::ImportOutcome {
    let mapped: Vec<String> = ["name", "customer_number", "business_id", "municipality"]
        .map(String::from)
        .to_vec();
    s.import_accounts(
        rows,
        &mapped,
        &arvo_store::imports::ImportOptions {
            dry_run,
            skip_invalid: false,
            rejected_before: 0,
            rows_read: rows.len() as u64,
            file_name: "asiakkaat.csv",
            actor: &actor(),
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn account_imports_match_stored_accounts_instead_of_duplicating_them() {
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.business_id = Some(arvo_core::BusinessId::parse("0112038-9").unwrap());
    kone.phone = Some("09 123 456".into());
    let kone = s.create_account(&kone, &actor()).await.unwrap();
    let leipomo = s
        .create_account(&account("Lahden Leipomo Oy"), &actor())
        .await
        .unwrap();

    let rows = vec![
        // The business ID finds Kone; the file gives it a customer number and a municipality.
        imported(2, "Kone Oyj", Some("10023"), Some("0112038-9")),
        // The name without its legal form finds the bakery.
        imported(3, "LAHDEN LEIPOMO", Some("10024"), None),
        imported(4, "Uusi Asiakas Oy", Some("10025"), None),
    ];
    let dry = import_account_rows(&s, &rows, true).await;
    assert_eq!((dry.rows.created, dry.rows.updated), (1, 2));
    assert_eq!(
        s.count_accounts().await.unwrap(),
        2,
        "a dry run adds nothing"
    );
    let done = import_account_rows(&s, &rows, false).await;
    assert!(done.applied);
    assert_eq!(s.count_accounts().await.unwrap(), 3);
    let kone = s.account(kone.id).await.unwrap();
    assert_eq!(kone.data.customer_number.as_deref(), Some("10023"));
    assert_eq!(kone.data.name, "Kone Oyj");
    assert_eq!(
        kone.data.phone.as_deref(),
        Some("09 123 456"),
        "not in the file, kept"
    );
    let history = s.account_history(kone.id, 10).await.unwrap();
    assert_eq!(history[0].action, "update");
    assert_eq!(
        s.account(leipomo.id)
            .await
            .unwrap()
            .data
            .customer_number
            .as_deref(),
        Some("10024")
    );
    let again = import_account_rows(&s, &rows, false).await;
    assert_eq!(
        (again.rows.created, again.rows.updated, again.rows.unchanged),
        (0, 0, 3)
    );

    // A row that repeats an account, or gives a matched account another number, stops the file.
    let bad = vec![
        imported(2, "Uusi Asiakas Oy", Some("10025"), None),
        imported(3, "Uusi Asiakas Oy", Some("10025"), None),
        imported(4, "Kone", Some("99999"), Some("0112038-9")),
        imported(5, "Toinen Uusi Oy", Some("10026"), None),
    ];
    let refused = import_account_rows(&s, &bad, false).await;
    assert!(!refused.applied);
    let problems: Vec<(u64, &str)> = refused.rejected.iter().map(|p| (p.row, p.field)).collect();
    assert_eq!(problems, [(3, "name"), (4, "customer_number")]);
    assert_eq!(s.count_accounts().await.unwrap(), 3, "nothing was added");
}

#[tokio::test]
async fn product_imports_add_new_numbers_and_update_known_ones_where_the_file_says() {
    let s = store().await;
    let product =
        |row: u64, number: &str, price: Option<i64>| arvo_store::imports::ProductImportRow {
            row,
            product_number: number.into(),
            name: format!("Tuote {number}"),
            product_group: Some("Laakerit".into()),
            unit: "kpl".into(),
            list_price_cents: price,
            unit_cost_cents: Some(500),
        };
    let options = arvo_store::imports::ImportOptions {
        dry_run: false,
        skip_invalid: false,
        rejected_before: 0,
        rows_read: 2,
        file_name: "tuotteet.csv",
        actor: &actor(),
    };
    let mapped: Vec<String> = [
        "product_number",
        "name",
        "product_group",
        "unit",
        "list_price",
        "unit_cost",
    ]
    .map(String::from)
    .to_vec();
    let first = s
        .import_products(
            &[product(2, "P-1", Some(1000)), product(3, "P-2", None)],
            &mapped,
            &options,
        )
        .await
        .unwrap();
    assert_eq!((first.rows.created, first.applied), (2, true));
    // A new price changes one product; an empty price keeps the stored one.
    let second = s
        .import_products(
            &[product(2, "P-1", Some(1200)), product(3, "P-2", None)],
            &mapped,
            &options,
        )
        .await
        .unwrap();
    assert_eq!((second.rows.updated, second.rows.unchanged), (1, 1));
    let repeated = s
        .import_products(
            &[product(2, "P-3", None), product(3, "P-3", None)],
            &mapped,
            &options,
        )
        .await
        .unwrap();
    assert!(!repeated.applied);
    assert_eq!(
        repeated.rejected[0].problem,
        arvo_core::Problem::RepeatedRow { row: 2 }
    );
    // Products met in an order file are the same products.
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    s.create_account(&kone, &actor()).await.unwrap();
    let outcome = import_lines(&s, &[line(2, "T-1", 1, "10023", "P-1")], false, false).await;
    assert_eq!(outcome.products_created, 0);
}

#[tokio::test]
async fn activity_imports_are_keyed_by_number_and_find_their_customer() {
    use arvo_store::imports::{ActivityRecord, INVOICES, Value};
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    s.create_account(&kone, &actor()).await.unwrap();
    let day = |d: u32| Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 3, d));
    let invoice = |row: u64, number: &str, customer: &str, paid: Option<u32>| ActivityRecord {
        row,
        key: number.into(),
        customer_number: Some(customer.into()),
        business_id: None,
        order_number: None,
        product_number: None,
        values: vec![
            day(1),
            day(15),
            paid.map_or(Value::Date(None), day),
            Value::Integer(Some(123_450)),
        ],
    };
    let options = arvo_store::imports::ImportOptions {
        dry_run: false,
        skip_invalid: false,
        rejected_before: 0,
        rows_read: 2,
        file_name: "laskut.csv",
        actor: &actor(),
    };
    let first = s
        .import_activities(
            &INVOICES,
            &[
                invoice(2, "L-1", "10023", None),
                invoice(3, "L-2", "10023", Some(20)),
            ],
            &options,
        )
        .await
        .unwrap();
    assert_eq!((first.rows.created, first.applied), (2, true));
    // A newer export: L-1 is now paid, L-2 is as it was.
    let second = s
        .import_activities(
            &INVOICES,
            &[
                invoice(2, "L-1", "10023", Some(28)),
                invoice(3, "L-2", "10023", Some(20)),
            ],
            &options,
        )
        .await
        .unwrap();
    assert_eq!((second.rows.updated, second.rows.unchanged), (1, 1));
    let refused = s
        .import_activities(
            &INVOICES,
            &[
                invoice(2, "L-3", "99999", None),
                invoice(3, "L-3", "10023", None),
            ],
            &options,
        )
        .await
        .unwrap();
    assert!(!refused.applied);
    let problems: Vec<(u64, &str)> = refused.rejected.iter().map(|p| (p.row, p.field)).collect();
    assert_eq!(problems, [(2, "customer_number"), (3, "invoice_number")]);
}

/// Reads every page of a reader into one list.
macro_rules! read_all {
    ($reader:expr) => {{
        let mut reader = $reader;
        let mut rows = Vec::new();
        let mut pages = 0;
        while let Some(page) = reader.next_page().await.unwrap() {
            rows.extend(page);
            pages += 1;
        }
        (rows, pages, reader.count().await.unwrap())
    }};
}

#[tokio::test]
async fn export_readers_page_through_exactly_the_rows_in_scope() {
    use arvo_core::Scope;
    use arvo_store::exports::{EXPORT_PAGE, OrderLineQuery};
    let s = store().await;
    let mut ids = Vec::new();
    for (name, number, owner, status) in [
        ("Kone Oy", "10023", Some("Liisa"), AccountStatus::Customer),
        (
            "Lahden Leipomo",
            "10024",
            Some("Pekka"),
            AccountStatus::Customer,
        ),
        ("Omistajaton Oy", "10025", None, AccountStatus::Prospect),
    ] {
        let mut a = account(name);
        a.customer_number = Some(number.into());
        a.owner = owner.map(Into::into);
        a.status = status;
        let a = s.create_account(&a, &actor()).await.unwrap();
        s.create_contact(a.id, &contact(&format!("Yhteys {name}"), None), &actor())
            .await
            .unwrap();
        ids.push(a.id);
    }
    // Enough lines for several pages: 1 100 orders of two lines, by turns for each customer,
    // dated over 110 days.
    let mut lines = Vec::new();
    for o in 0..1100 {
        for l in 1..=2 {
            let mut r = line(
                lines.len() as u64 + 2,
                &format!("T-{o}"),
                l,
                ["10023", "10024", "10025"][o % 3],
                &format!("P-{}", (o + l as usize) % 7),
            );
            r.order_date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                + chrono::Days::new((o / 10) as u64);
            lines.push(r);
        }
    }
    assert!(import_lines(&s, &lines, false, false).await.applied);

    let (all, pages, count) = read_all!(s.order_line_reader(OrderLineQuery::default()));
    assert_eq!(all.len(), 2200);
    assert_eq!(count, 2200);
    assert_eq!(pages, 3, "pages of {EXPORT_PAGE}");
    let keys: Vec<(i64, i64)> = all.iter().map(|r| (r.order_id, r.line_number)).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(keys, sorted, "in key order, none twice");
    let first = &all[0];
    assert_eq!(
        (
            first.order_number.as_str(),
            first.customer_number.as_deref(),
            first.account_name.as_str(),
            first.product_group.as_deref(),
            first.net_cents,
        ),
        ("T-0", Some("10023"), "Kone Oy", Some("Laakerit"), 4_975)
    );

    // Liisa sees her own account's lines and those of the account without an owner.
    let own = Scope::OwnedBy(vec!["Liisa".into()]);
    let (mine, _, count) = read_all!(s.order_line_reader(OrderLineQuery {
        scope: own.clone(),
        ..OrderLineQuery::default()
    }));
    assert_eq!(mine.len() as u64, count);
    assert_eq!(
        mine.len(),
        all.iter().filter(|r| r.account_id != ids[1]).count()
    );
    assert!(mine.iter().all(|r| r.account_id != ids[1]));

    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
    let (january, _, count) = read_all!(s.order_line_reader(OrderLineQuery {
        account_id: Some(ids[0]),
        from: Some(day(5)),
        to: Some(day(20)),
        ..OrderLineQuery::default()
    }));
    let expected = all
        .iter()
        .filter(|r| r.account_id == ids[0] && (day(5)..=day(20)).contains(&r.order_date))
        .count();
    assert!(expected > 0);
    assert_eq!((january.len(), count), (expected, expected as u64));

    // Accounts and contacts: the list's filters and the scope, the cursor of a list ignored.
    let (accounts, _, count) = read_all!(s.account_reader(AccountQuery {
        scope: own.clone(),
        cursor: Some("not a cursor".into()),
        ..AccountQuery::default()
    }));
    let names: Vec<&str> = accounts.iter().map(|a| a.data.name.as_str()).collect();
    assert_eq!(names, ["Kone Oy", "Omistajaton Oy"]);
    assert_eq!(count, 2);
    let (customers, _, count) = read_all!(s.account_reader(AccountQuery {
        status: Some(AccountStatus::Customer),
        text: Some("kone".into()),
        ..AccountQuery::default()
    }));
    assert_eq!(customers.len(), 1);
    assert_eq!(count, 1);
    let (contacts, _, count) = read_all!(s.contact_reader(ContactQuery {
        scope: own,
        ..ContactQuery::default()
    }));
    assert_eq!(count, 2);
    let labels: Vec<(Option<&str>, &str)> = contacts
        .iter()
        .map(|c| {
            (
                c.account.customer_number.as_deref(),
                c.account.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            (Some("10023"), "Kone Oy"),
            (Some("10025"), "Omistajaton Oy")
        ]
    );
}

#[tokio::test]
async fn contact_imports_update_the_same_person_and_keep_consent_history() {
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    let kone = s.create_account(&kone, &actor()).await.unwrap();
    let person = |row: u64, first: &str, email: Option<&str>, consent: Option<&str>| {
        arvo_store::imports::ContactImportRow {
            row,
            customer_number: Some("10023".into()),
            business_id: None,
            draft: ContactInput {
                first_name: Some(first.into()),
                last_name: Some("Virtanen".into()),
                email: email.map(Into::into),
                marketing_consent: consent.map(Into::into),
                consent_date: consent.map(|_| "2026-03-01".into()),
                ..ContactInput::default()
            }
            .validate()
            .unwrap(),
        }
    };
    let mapped: Vec<String> = [
        "first_name",
        "last_name",
        "email",
        "marketing_consent",
        "consent_date",
    ]
    .map(String::from)
    .to_vec();
    let options = arvo_store::imports::ImportOptions {
        dry_run: false,
        skip_invalid: false,
        rejected_before: 0,
        rows_read: 1,
        file_name: "yhteyshenkilot.csv",
        actor: &actor(),
    };
    let first = s
        .import_contacts(
            &[person(2, "Liisa", Some("liisa@kone.fi"), None)],
            &mapped,
            &options,
        )
        .await
        .unwrap();
    assert_eq!(first.rows.created, 1);
    // The same email is the same person: her consent is recorded, nothing is duplicated.
    let second = s
        .import_contacts(
            &[person(2, "Liisa", Some("LIISA@kone.fi"), Some("given"))],
            &mapped,
            &options,
        )
        .await
        .unwrap();
    assert_eq!((second.rows.created, second.rows.updated), (0, 1));
    let contacts = s.contacts_of(kone.id).await.unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].data.marketing_consent, ConsentStatus::Given);
    let consents = s.consents(contacts[0].id).await.unwrap();
    assert_eq!(
        consents.len(),
        1,
        "the consent given through the import is in its history"
    );
    // The same name without an email is the same person too; an unknown customer stops the file.
    let unknown = arvo_store::imports::ContactImportRow {
        customer_number: Some("99999".into()),
        ..person(3, "Matti", None, None)
    };
    let refused = s
        .import_contacts(
            &[person(2, "Liisa", None, None), unknown],
            &mapped,
            &options,
        )
        .await
        .unwrap();
    assert!(!refused.applied);
    assert_eq!(refused.rows.unchanged, 1);
    assert_eq!(
        refused.rejected[0].problem,
        arvo_core::Problem::UnknownAccount
    );
}

/// Imports activity records of one kind for the test; every row must be taken.
async fn import_activity_rows(
    s: &Store,
    kind: &arvo_store::imports::ActivityKind,
    rows: &[arvo_store::imports::ActivityRecord],
) {
    let outcome = s
        .import_activities(
            kind,
            rows,
            &arvo_store::imports::ImportOptions {
                dry_run: false,
                skip_invalid: false,
                rejected_before: 0,
                rows_read: rows.len() as u64,
                file_name: "aktiviteetit.csv",
                actor: &actor(),
            },
        )
        .await
        .unwrap();
    assert!(outcome.applied, "{outcome:?}");
}

/// An activity record of customer 10023 (or `customer`) with the given values.
fn activity(
    key: &str,
    customer: &str,
    order: Option<&str>,
    product: Option<&str>,
    values: Vec<arvo_store::imports::Value>,
) -> arvo_store::imports::ActivityRecord {
    arvo_store::imports::ActivityRecord {
        row: 2,
        key: key.into(),
        customer_number: Some(customer.into()),
        business_id: None,
        order_number: order.map(Into::into),
        product_number: product.map(Into::into),
        values,
    }
}

#[tokio::test]
async fn activity_history_totals_by_year_and_lists_the_latest_records() {
    use arvo_store::imports::{DELIVERIES, INVOICES, RETURNS, SERVICE_ENTRIES, VISITS, Value};
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    let kone = s.create_account(&kone, &actor()).await.unwrap();
    let mut other = account("Lahden Leipomo");
    other.customer_number = Some("10024".into());
    let other = s.create_account(&other, &actor()).await.unwrap();
    assert!(
        import_lines(&s, &[line(2, "T-1", 1, "10023", "P-1")], false, false)
            .await
            .applied
    );
    let day = |y: i32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let date = |y, m, d| Value::Date(Some(day(y, m, d)));
    let int = |n: i64| Value::Integer(Some(n));
    let text = |t: &str| Value::Text(Some(t.into()));

    import_activity_rows(
        &s,
        &DELIVERIES,
        &[
            activity("D-1", "10023", Some("T-1"), None, vec![date(2026, 3, 3)]),
            activity("D-2", "10023", Some("T-9"), None, vec![date(2025, 6, 1)]),
            activity("D-3", "10024", None, None, vec![date(2026, 3, 4)]),
        ],
    )
    .await;
    // 2026: paid in 19 days on 14-day terms (late), paid in 10 on 14 (on time), unpaid past due
    // on the day read (late), a credit note without terms; 2025: paid on time.
    let invoice = |key: &str,
                   date: Value,
                   due: Option<chrono::NaiveDate>,
                   paid: Option<chrono::NaiveDate>,
                   cents| {
        activity(
            key,
            "10023",
            None,
            None,
            vec![date, Value::Date(due), Value::Date(paid), int(cents)],
        )
    };
    import_activity_rows(
        &s,
        &INVOICES,
        &[
            invoice(
                "L-1",
                date(2026, 3, 1),
                Some(day(2026, 3, 15)),
                Some(day(2026, 3, 20)),
                100_000,
            ),
            invoice(
                "L-2",
                date(2026, 4, 1),
                Some(day(2026, 4, 15)),
                Some(day(2026, 4, 11)),
                50_000,
            ),
            invoice(
                "L-3",
                date(2026, 5, 1),
                Some(day(2026, 5, 15)),
                None,
                20_000,
            ),
            invoice("L-4", date(2026, 5, 2), None, None, -5_000),
            invoice(
                "L-5",
                date(2025, 12, 1),
                Some(day(2025, 12, 31)),
                Some(day(2025, 12, 30)),
                7_000,
            ),
        ],
    )
    .await;
    import_activity_rows(
        &s,
        &SERVICE_ENTRIES,
        &[
            activity(
                "H-1",
                "10023",
                None,
                None,
                vec![
                    date(2026, 2, 1),
                    int(7_500),
                    text("Asentaja Aho"),
                    Value::Text(None),
                ],
            ),
            activity(
                "H-2",
                "10023",
                None,
                None,
                vec![
                    date(2026, 2, 9),
                    int(1_250),
                    Value::Text(None),
                    text("Huolto"),
                ],
            ),
        ],
    )
    .await;
    import_activity_rows(
        &s,
        &VISITS,
        &[activity(
            "K-1",
            "10023",
            None,
            None,
            vec![date(2024, 9, 9), text("Myyjä Mäki"), text("Vuosisopimus")],
        )],
    )
    .await;
    import_activity_rows(
        &s,
        &RETURNS,
        &[
            activity(
                "R-1",
                "10023",
                Some("T-1"),
                Some("P-1"),
                vec![date(2026, 3, 10), int(500), int(995), text("Rikki")],
            ),
            activity(
                "R-2",
                "10023",
                None,
                Some("P-404"),
                vec![
                    date(2026, 3, 11),
                    Value::Integer(None),
                    int(1_000),
                    Value::Text(None),
                ],
            ),
        ],
    )
    .await;

    let h = s
        .activity_history(kone.id, 10, day(2026, 6, 1))
        .await
        .unwrap();
    let years: Vec<[i64; 11]> = h
        .years
        .iter()
        .map(|y| {
            [
                i64::from(y.year),
                y.deliveries,
                y.invoices,
                y.invoiced_cents,
                y.paid_invoices,
                y.late_invoices,
                y.unpaid_invoices,
                y.service_hours_milli,
                y.visits,
                y.returns,
                y.returned_cents,
            ]
        })
        .collect();
    assert_eq!(
        years,
        [
            [2026, 1, 4, 165_000, 2, 2, 2, 8_750, 0, 2, 1_995],
            [2025, 1, 1, 7_000, 1, 0, 0, 0, 0, 0, 0],
            [2024, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
        ]
    );
    assert_eq!(h.years[0].average_days_to_pay, Some(14.5));
    assert_eq!(h.years[0].average_terms_days, Some(14.0));
    assert_eq!(h.years[0].service_entries, 2);
    assert_eq!(h.years[1].average_days_to_pay, Some(29.0));

    // The latest records, newest first, with what they link to when it is stored.
    let numbers: Vec<(&str, Option<&str>)> = h
        .deliveries
        .iter()
        .map(|d| (d.delivery_number.as_str(), d.order_number.as_deref()))
        .collect();
    assert_eq!(numbers, [("D-1", Some("T-1")), ("D-2", None)]);
    let invoices: Vec<(&str, Option<i64>)> = h
        .invoices
        .iter()
        .map(|i| (i.invoice_number.as_str(), i.days_late))
        .collect();
    assert_eq!(
        invoices,
        [
            ("L-4", None),
            ("L-3", None),
            ("L-2", Some(-4)),
            ("L-1", Some(5)),
            ("L-5", Some(-1))
        ]
    );
    assert_eq!(h.service_entries[0].reference, "H-2");
    assert_eq!(h.service_entries[1].person.as_deref(), Some("Asentaja Aho"));
    assert_eq!(h.visits[0].purpose.as_deref(), Some("Vuosisopimus"));
    let r = &h.returns[1];
    assert_eq!(
        (
            r.return_number.as_str(),
            r.order_number.as_deref(),
            r.product_number.as_deref(),
            r.product_name.as_deref(),
            r.quantity_milli
        ),
        (
            "R-1",
            Some("T-1"),
            Some("P-1"),
            Some("Tuote P-1"),
            Some(500)
        )
    );
    assert_eq!(h.returns[0].product_number, None, "P-404 is not stored");
    let latest_two = s
        .activity_history(kone.id, 2, day(2026, 6, 1))
        .await
        .unwrap();
    assert_eq!(latest_two.invoices.len(), 2);
    assert_eq!(latest_two.years, h.years);

    // Another account's records are its own, and an account without any has an empty history.
    let theirs = s
        .activity_history(other.id, 10, day(2026, 6, 1))
        .await
        .unwrap();
    assert_eq!(theirs.years.len(), 1);
    assert_eq!(theirs.deliveries[0].delivery_number, "D-3");
    let mut empty = account("Tyhjä Oy");
    empty.customer_number = Some("10099".into());
    let empty = s.create_account(&empty, &actor()).await.unwrap();
    assert!(
        s.activity_history(empty.id, 10, day(2026, 6, 1))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn activity_and_product_readers_page_through_the_rows_in_scope() {
    use arvo_core::Scope;
    use arvo_store::exports::{ActivityQuery, EXPORT_PAGE};
    use arvo_store::imports::{RETURNS, VISITS, Value};
    let s = store().await;
    let mut ids = Vec::new();
    for (name, number, owner) in [
        ("Kone Oy", "10023", Some("Liisa")),
        ("Lahden Leipomo", "10024", Some("Pekka")),
    ] {
        let mut a = account(name);
        a.customer_number = Some(number.into());
        a.owner = owner.map(Into::into);
        ids.push(s.create_account(&a, &actor()).await.unwrap().id);
    }
    assert!(
        import_lines(
            &s,
            &[
                line(2, "T-1", 1, "10023", "P-1"),
                line(3, "T-1", 2, "10023", "P-2")
            ],
            false,
            false
        )
        .await
        .applied
    );
    // Enough visits for several pages, by turns for each customer, over 110 days.
    let visits: Vec<_> = (0..2100)
        .map(|i| {
            let day =
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(i / 20);
            activity(
                &format!("K-{i}"),
                ["10023", "10024"][(i % 2) as usize],
                None,
                None,
                vec![
                    Value::Date(Some(day)),
                    Value::Text(Some(format!("Myyjä {i}"))),
                    Value::Text(None),
                ],
            )
        })
        .collect();
    import_activity_rows(&s, &VISITS, &visits).await;

    let (all, pages, count) = read_all!(s.activity_reader(&VISITS, ActivityQuery::default()));
    assert_eq!((all.len(), count), (2100, 2100));
    assert_eq!(pages, 3, "pages of {EXPORT_PAGE}");
    let keys: Vec<i64> = all.iter().map(|r| r.id).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(keys, sorted, "in key order, none twice");
    assert_eq!(
        (
            all[1].key.as_str(),
            all[1].customer_number.as_deref(),
            all[1].account_name.as_str()
        ),
        ("K-1", Some("10024"), "Lahden Leipomo")
    );
    assert_eq!(all[0].values[1], Value::Text(Some("Myyjä 0".into())));

    let own = Scope::OwnedBy(vec!["Liisa".into()]);
    let (mine, _, count) = read_all!(s.activity_reader(
        &VISITS,
        ActivityQuery {
            scope: own.clone(),
            ..ActivityQuery::default()
        }
    ));
    assert_eq!((mine.len(), count), (1050, 1050));
    assert!(mine.iter().all(|r| r.account_id == ids[0]));
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
    let (period, _, count) = read_all!(s.activity_reader(
        &VISITS,
        ActivityQuery {
            account_id: Some(ids[1]),
            from: Some(day(2)),
            to: Some(day(3)),
            ..ActivityQuery::default()
        }
    ));
    assert_eq!(
        (period.len(), count),
        (20, 20),
        "two days of 20 visits, half of them theirs"
    );

    import_activity_rows(
        &s,
        &RETURNS,
        &[activity(
            "R-1",
            "10023",
            Some("T-1"),
            Some("P-2"),
            vec![
                Value::Date(Some(day(5))),
                Value::Integer(Some(1_000)),
                Value::Integer(Some(1_990)),
                Value::Text(None),
            ],
        )],
    )
    .await;
    let (returns, _, _) = read_all!(s.activity_reader(
        &RETURNS,
        ActivityQuery {
            scope: own,
            ..ActivityQuery::default()
        }
    ));
    assert_eq!(
        (
            returns[0].order_number.as_deref(),
            returns[0].product_number.as_deref(),
            returns[0].product_name.as_deref()
        ),
        (Some("T-1"), Some("P-2"), Some("Tuote P-2"))
    );

    let (products, _, count) = read_all!(s.product_reader());
    let numbers: Vec<(&str, Option<&str>, &str)> = products
        .iter()
        .map(|p| {
            (
                p.product_number.as_str(),
                p.product_group.as_deref(),
                p.unit.as_str(),
            )
        })
        .collect();
    assert_eq!(
        numbers,
        [
            ("P-1", Some("Laakerit"), "kpl"),
            ("P-2", Some("Laakerit"), "kpl")
        ]
    );
    assert_eq!(count, 2);
}

#[tokio::test]
async fn the_analysis_reads_each_accounts_period_and_purchase_days() {
    use arvo_store::imports::{ActivityRecord, DELIVERIES, INVOICES, ImportOptions, Value};
    let s = store().await;
    let mut kone = account("Kone Oy");
    kone.customer_number = Some("10023".into());
    let kone = s.create_account(&kone, &actor()).await.unwrap();
    let quiet = s
        .create_account(&account("Hiljainen Oy"), &actor())
        .await
        .unwrap();
    let date = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    // Two lines on 2.3., one on 2.3. in another order, one in January (before the period) and
    // one whose cost nobody knows (neither the line nor its product has one: it counts as 0).
    let mut lines = vec![
        line(2, "T-1", 1, "10023", "P-1"),
        line(3, "T-1", 2, "10023", "P-2"),
        line(4, "T-2", 1, "10023", "P-1"),
        line(5, "T-0", 1, "10023", "P-1"),
        line(6, "T-3", 1, "10023", "P-1"),
    ];
    lines[3].order_date = date(1, 10);
    lines[4].order_date = date(4, 1);
    lines[4].cost_cents = None;
    lines[4].unit_cost_cents = None;
    import_lines(&s, &lines, false, false).await;
    let options = ImportOptions {
        dry_run: false,
        skip_invalid: false,
        rejected_before: 0,
        rows_read: 2,
        file_name: "tiedot.csv",
        actor: &actor(),
    };
    let day = |m: u32, d: u32| Value::Date(Some(date(m, d)));
    let invoice = |number: &str, paid: Option<(u32, u32)>| ActivityRecord {
        row: 2,
        key: number.into(),
        customer_number: Some("10023".into()),
        business_id: None,
        order_number: None,
        product_number: None,
        values: vec![
            day(3, 2),
            day(3, 16),
            paid.map_or(Value::Date(None), |(m, d)| day(m, d)),
            Value::Integer(Some(10_000)),
        ],
    };
    s.import_activities(
        &INVOICES,
        &[invoice("L-1", Some((3, 22))), invoice("L-2", None)],
        &options,
    )
    .await
    .unwrap();
    let delivery = ActivityRecord {
        row: 2,
        key: "D-1".into(),
        customer_number: Some("10023".into()),
        business_id: None,
        order_number: Some("T-1".into()),
        product_number: None,
        values: vec![day(3, 3)],
    };
    s.import_activities(&DELIVERIES, &[delivery], &options)
        .await
        .unwrap();

    let read = s.analysis_data(date(2, 1), date(12, 31)).await.unwrap();
    assert_eq!(s.all_account_names().await.unwrap()[&kone.id], "Kone Oy");
    assert_eq!(
        read.iter().map(|c| c.id).collect::<Vec<_>>(),
        [kone.id, quiet.id]
    );
    let k = &read[0];
    assert_eq!((k.activity.orders, k.activity.order_lines), (3, 4));
    assert_eq!(k.activity.revenue_cents, 4 * 4_975);
    assert_eq!(k.activity.direct_cost_cents, 3 * 3_000);
    assert_eq!((k.activity.deliveries, k.activity.invoices), (1, 2));
    assert_eq!(k.activity.payment_cent_days, 20 * 10_000);
    assert_eq!(k.days_to_pay, Some(20.0));
    // Purchase days: January, 2.3. (three lines in two orders) and 1.4.
    let days: Vec<(chrono::NaiveDate, i64)> =
        k.purchase_days.iter().map(|d| (d.date, d.cents)).collect();
    assert_eq!(
        days,
        [
            (date(1, 10), 4_975),
            (date(3, 2), 3 * 4_975),
            (date(4, 1), 4_975)
        ]
    );
    assert_eq!(
        read[1].activity,
        arvo_core::profitability::CustomerActivity::default()
    );
    assert!(read[1].purchase_days.is_empty());
}

#[tokio::test]
async fn purchase_days_follow_new_orders_changed_orders_and_merges() {
    let s = store().await;
    let named = |name: &str, number: &str| {
        let mut a = account(name);
        a.customer_number = Some(number.into());
        a
    };
    let kone = s
        .create_account(&named("Kone; Oy", "10023"), &actor())
        .await
        .unwrap();
    let other = s
        .create_account(&named("Kone Oyj", "10024"), &actor())
        .await
        .unwrap();
    let date = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    // (account, [(day, orders, lines, net)]) for every account, as the analysis reads them.
    let read = || async {
        s.analysis_data(date(1, 1), date(12, 31))
            .await
            .unwrap()
            .iter()
            .map(|c| {
                let a = &c.activity;
                let days: Vec<(chrono::NaiveDate, i64)> =
                    c.purchase_days.iter().map(|d| (d.date, d.cents)).collect();
                (
                    c.id,
                    a.orders,
                    a.order_lines,
                    a.revenue_cents,
                    a.direct_cost_cents,
                    days,
                )
            })
            .collect::<Vec<_>>()
    };
    let mut lines = vec![
        line(2, "T-1", 1, "10023", "P-1"),
        line(3, "T-1", 2, "10023", "P-2"),
        line(4, "T-2", 1, "10024", "P-1"),
    ];
    import_lines(&s, &lines, false, false).await;
    assert_eq!(
        read().await,
        [
            (kone.id, 1, 2, 9_950, 6_000, vec![(date(3, 2), 9_950)]),
            (other.id, 1, 1, 4_975, 3_000, vec![(date(3, 2), 4_975)]),
        ]
    );
    let by_id = s.all_account_names().await.unwrap();
    assert_eq!(by_id[&kone.id], "Kone; Oy");

    // T-1 moves to 5.3. with a line changed, and a new order comes on 2.3.: the stored orders'
    // days are counted again.
    lines[0].order_date = date(3, 5);
    lines[1].order_date = date(3, 5);
    lines[1].net_cents = 1_000;
    lines[1].cost_cents = None;
    let mut new = line(5, "T-3", 1, "10023", "P-1");
    new.net_cents = 100;
    lines.push(new);
    import_lines(&s, &lines, false, false).await;
    let after = read().await;
    assert_eq!(
        after[0],
        (
            kone.id,
            2,
            3,
            6_075,
            6_000,
            vec![(date(3, 2), 100), (date(3, 5), 5_975)]
        )
    );
    // A dry run changes nothing.
    lines[2].net_cents = 1;
    import_lines(&s, &lines, true, false).await;
    assert_eq!(read().await, after);

    // A merge brings the other account's days along.
    s.merge_accounts(kone.id, &[other.id], &actor())
        .await
        .unwrap();
    assert_eq!(
        read().await,
        [(
            kone.id,
            3,
            4,
            11_050,
            9_000,
            vec![(date(3, 2), 5_075), (date(3, 5), 5_975)]
        )]
    );
}

#[tokio::test]
async fn pools_ratings_needs_and_segments_are_kept_with_their_history() {
    use arvo_core::profitability::{CostLayer, CostPool, Driver};
    let s = store().await;
    let kone = s
        .create_account(&account("Kone Oy"), &actor())
        .await
        .unwrap();
    let pools = vec![
        CostPool {
            name: "Tilausten käsittely".into(),
            cost_cents: 5_200_000,
            driver: Driver::Orders,
            layer: CostLayer::Sales,
        },
        CostPool {
            name: "Kehitys".into(),
            cost_cents: 800_000,
            driver: Driver::NotAllocated,
            layer: CostLayer::Marketing,
        },
    ];
    s.set_cost_pools(&pools, &actor()).await.unwrap();
    let stored: Vec<CostPool> = s
        .cost_pools()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.pool)
        .collect();
    assert_eq!(stored, pools);
    s.set_cost_pools(&pools[1..], &actor()).await.unwrap();
    assert_eq!(s.cost_pools().await.unwrap().len(), 1);

    s.rate(
        kone.id,
        "reference",
        4,
        Some("Puhuu meistä hyvää"),
        &actor(),
    )
    .await
    .unwrap();
    s.rate(kone.id, "reference", 5, None, &actor())
        .await
        .unwrap();
    assert!(
        s.rate(999_999, "reference", 5, None, &actor())
            .await
            .is_err()
    );
    let ratings = s.ratings_of(kone.id).await.unwrap();
    assert_eq!(ratings.iter().map(|r| r.score).collect::<Vec<_>>(), [5, 4]);
    s.set_estimated_need(kone.id, Some(10_000_000), &actor())
        .await
        .unwrap();

    // The rule sets a segment; a hand-set one stays until given back.
    assert_eq!(
        s.save_rule_segments(&[(kone.id, "grow", "growth")], &actor())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        s.save_rule_segments(&[(kone.id, "grow", "growth")], &actor())
            .await
            .unwrap(),
        0
    );
    s.set_manual_segment(
        kone.id,
        Some(("retain", "value")),
        "Strateginen kumppani",
        &actor(),
    )
    .await
    .unwrap();
    assert_eq!(
        s.save_rule_segments(&[(kone.id, "streamline", "standard")], &actor())
            .await
            .unwrap(),
        0
    );
    let state = s.account_segment(kone.id).await.unwrap().unwrap();
    assert_eq!((state.segment.as_str(), state.manual), ("retain", true));
    let read = s
        .analysis_data(
            chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(read[0].ratings, vec![("reference".to_owned(), 5)]);
    assert_eq!(read[0].estimated_need_cents, Some(10_000_000));
    assert_eq!(
        read[0].manual_segment,
        Some(arvo_core::segments::Segment::Retain)
    );
    s.set_manual_segment(kone.id, None, "Takaisin säännölle", &actor())
        .await
        .unwrap();
    assert_eq!(
        s.save_rule_segments(&[(kone.id, "streamline", "standard")], &actor())
            .await
            .unwrap(),
        1
    );
    let history: Vec<(Option<String>, String, bool)> = s
        .segment_history(kone.id)
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.from_segment, h.to_segment, h.manual))
        .collect();
    assert_eq!(
        history,
        [
            (Some("retain".into()), "streamline".into(), false),
            (Some("grow".into()), "retain".into(), true),
            (None, "grow".into(), false),
        ]
    );
    let now = s
        .segments_at(chrono::Utc::now() + chrono::Duration::seconds(5))
        .await
        .unwrap();
    assert_eq!(now, [(kone.id, "streamline".to_owned())]);
    // A merge keeps the kept account's segment; a deletion takes its ratings and history along.
    let other = s
        .create_account(&account("Toinen Oy"), &actor())
        .await
        .unwrap();
    s.save_rule_segments(&[(other.id, "grow", "growth")], &actor())
        .await
        .unwrap();
    let kept = s
        .merge_accounts(kone.id, &[other.id], &actor())
        .await
        .unwrap();
    assert_eq!(
        s.account_segment(kept.id).await.unwrap().unwrap().segment,
        "streamline"
    );
    assert_eq!(s.segment_history(kept.id).await.unwrap().len(), 4);
    let lone = s
        .create_account(&account("Yksin Oy"), &actor())
        .await
        .unwrap();
    s.rate(lone.id, "learning", 2, None, &actor())
        .await
        .unwrap();
    s.save_rule_segments(&[(lone.id, "grow", "growth")], &actor())
        .await
        .unwrap();
    s.delete_account(lone.id, lone.version, &actor())
        .await
        .unwrap();
    assert!(s.ratings_of(lone.id).await.unwrap().is_empty());
}
