//! The storage contract: the same stories run on SQLite and, when `ARVO_TEST_DATABASE_URL` is
//! set, on PostgreSQL.

use arvo_core::{AccountInput, AccountStatus, Actor, ContactInput, CustomFieldDef};
use arvo_store::testing::{forget_search_signatures, fresh_database_url, unsigned_accounts};
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
