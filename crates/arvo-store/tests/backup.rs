//! Backup and restore: a backup taken while writers are busy restores to one consistent moment,
//! a round trip changes nothing, a restore refuses a database with data and an archive it cannot
//! load, and every table of the schema is either backed up or left out with a reason. Runs on
//! SQLite and, when `ARVO_TEST_DATABASE_URL` is set, on PostgreSQL.

use arvo_core::{AccountInput, Actor, ContactInput, CustomFieldDef};
use arvo_store::backup::{BACKUP_TABLES, NOT_BACKED_UP};
use arvo_store::testing::fresh_database_url;
use arvo_store::testing::schema_tables;
use arvo_store::{AccountQuery, AccountSort, Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
        tags: vec!["Varmuuskopio".into()],
        ..AccountInput::default()
    }
    .validate(&[])
    .unwrap()
}

fn contact(first: &str, last: &str) -> arvo_core::ContactDraft {
    ContactInput {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        ..ContactInput::default()
    }
    .validate()
    .unwrap()
}

async fn backup(store: &Store) -> Vec<u8> {
    let mut archive = Vec::new();
    store.backup(&mut archive).await.expect("backup");
    archive
}

/// The archive's lines; the header's time, which differs between two backups, is removed.
fn lines_without_time(archive: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(archive).expect("archives are UTF-8");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert!(header["created_at"].is_string(), "{header}");
    header.as_object_mut().unwrap().remove("created_at");
    lines[0] = header.to_string();
    lines
}

/// Every account, in id order, through the public list.
async fn all_accounts(store: &Store) -> Vec<arvo_core::Account> {
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list_accounts(&AccountQuery {
                sort: AccountSort::Created,
                cursor,
                limit: 200,
                ..AccountQuery::default()
            })
            .await
            .unwrap();
        out.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() {
            return out;
        }
    }
}

/// The number of rows of each table, from an archive's end line.
fn row_counts(archive: &[u8]) -> BTreeMap<String, u64> {
    let text = std::str::from_utf8(archive).unwrap();
    let end: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    serde_json::from_value(end["end"].clone()).unwrap()
}

/// The rows of one table in an archive, in archive order.
fn table_rows(archive: &[u8], table: &str) -> Vec<Vec<serde_json::Value>> {
    let text = std::str::from_utf8(archive).unwrap();
    let mut rows = Vec::new();
    let mut inside = false;
    for line in text.lines().skip(1) {
        if line.starts_with('[') {
            if inside {
                rows.push(serde_json::from_str(line).unwrap());
            }
        } else {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            inside = value["table"] == table;
        }
    }
    rows
}

#[tokio::test]
async fn every_table_is_backed_up_or_left_out_with_a_reason() {
    let s = store().await;
    let tables = schema_tables(&s).await.unwrap();
    let names: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let left_out = |t: &str| NOT_BACKED_UP.iter().any(|(n, _)| *n == t);
    let mut problems = Vec::new();
    for t in &tables {
        match (BACKUP_TABLES.contains(&t.name.as_str()), left_out(&t.name)) {
            (false, false) => problems.push(format!(
                "the table `{}` is in neither list. If its rows must survive a restore, add it to \
                 BACKUP_TABLES after the tables it references ({}); otherwise add it to \
                 NOT_BACKED_UP with the reason a restore may lose its rows",
                t.name,
                if t.references.is_empty() {
                    "it references none".to_owned()
                } else {
                    t.references.join(", ")
                }
            )),
            (true, true) => problems.push(format!(
                "the table `{}` is in both BACKUP_TABLES and NOT_BACKED_UP; keep it in one",
                t.name
            )),
            _ => {}
        }
    }
    for listed in BACKUP_TABLES
        .iter()
        .chain(NOT_BACKED_UP.iter().map(|(n, _)| n))
    {
        if !names.contains(listed) {
            problems.push(format!(
                "`{listed}` is listed, but the schema has no such table; remove it from the list"
            ));
        }
    }
    for (name, reason) in NOT_BACKED_UP {
        if reason.trim().is_empty() {
            problems.push(format!("`{name}` is in NOT_BACKED_UP without a reason"));
        }
    }
    for (i, name) in BACKUP_TABLES.iter().enumerate() {
        let Some(table) = tables.iter().find(|t| t.name == *name) else {
            continue;
        };
        for r in table.references.iter().filter(|r| *r != name) {
            match BACKUP_TABLES.iter().position(|t| t == r) {
                Some(j) if j < i => {}
                Some(_) => problems.push(format!(
                    "`{name}` references `{r}`, so `{r}` must come before it in BACKUP_TABLES \
                     (a restore loads the tables in that order)"
                )),
                None => problems.push(format!(
                    "`{name}` is backed up but references `{r}`, which is not, so a restore could \
                     not satisfy that foreign key; add `{r}` to BACKUP_TABLES before `{name}`"
                )),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "The backup's table lists in crates/arvo-store/src/backup.rs do not match the schema \
         after all migrations:\n- {}",
        problems.join("\n- ")
    );
}

#[tokio::test]
async fn a_round_trip_restores_the_same_data() {
    let source = store().await;
    let field = CustomFieldDef::validate("erp_number", "ERP-numero", "text", "").unwrap();
    source.add_custom_field(&field).await.unwrap();
    let defs = source.custom_fields().await.unwrap();
    let mut kone = AccountInput {
        name: Some("Kone Oyj".into()),
        business_id: Some("0112038-9".into()),
        annual_revenue_cents: Some(9_007_199_254_740_993),
        email: Some("info@kone.fi".into()),
        municipality: Some("Espoo".into()),
        status: Some("customer".into()),
        tags: vec!["Avainasiakas".into(), "Teollisuus".into()],
        special_wishes: Some("Laskut \"vain\" sähköisesti;\nei paperia \\ kiitos 🙂".into()),
        ..AccountInput::default()
    };
    kone.custom
        .insert("erp_number".into(), serde_json::json!("ERP-0001"));
    let kone = kone.validate(&defs).unwrap();
    let consenting = ContactInput {
        first_name: Some("Liisa".into()),
        last_name: Some("Virtanen".into()),
        email: Some("liisa.virtanen@kone.fi".into()),
        roles: vec!["decider".into(), "buyer".into()],
        marketing_consent: Some("given".into()),
        consent_date: Some("2026-11-22".into()),
        consent_source: Some("messulomake".into()),
        ..ContactInput::default()
    }
    .validate()
    .unwrap();
    source
        .insert_accounts(
            &[
                (kone, vec![consenting, contact("Matti", "Meikäläinen")]),
                (account("Kone Oy"), vec![]),
                (account("Lahden Leipomo"), vec![contact("Aino", "Aalto")]),
                (account("Poistuva Oy"), vec![contact("Pekka", "Poistuva")]),
            ],
            &actor(),
        )
        .await
        .unwrap();
    let accounts = all_accounts(&source).await;
    let id = |name: &str| accounts.iter().find(|a| a.data.name == name).unwrap().id;
    let mut changed = source.account(id("Lahden Leipomo")).await.unwrap();
    changed.data.owner = Some("Liisa Virtanen".into());
    source
        .update_account(changed.id, changed.version, &changed.data, &actor())
        .await
        .unwrap();
    // The deleted account has the largest id and leaves history behind: a restored database must
    // not hand its id to a new account.
    let gone = source.account(id("Poistuva Oy")).await.unwrap();
    source
        .delete_account(gone.id, gone.version, &actor())
        .await
        .unwrap();
    source
        .merge_accounts(id("Kone Oyj"), &[id("Kone Oy")], &actor())
        .await
        .unwrap();

    let archive = backup(&source).await;
    // Rows come in key order, wherever an update has moved them on disk.
    for table in ["accounts", "contacts", "history"] {
        let ids: Vec<i64> = table_rows(&archive, table)
            .iter()
            .map(|row| row[0].as_i64().unwrap())
            .collect();
        assert!(ids.is_sorted() && !ids.is_empty(), "{table}: {ids:?}");
    }
    let tags: Vec<(String, i64)> = table_rows(&archive, "account_tags")
        .iter()
        .map(|row| {
            (
                row[0].as_str().unwrap().to_owned(),
                row[1].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(tags.is_sorted() && tags.len() > 2, "{tags:?}");

    let target = store().await;
    let summary = target.restore(archive.as_slice()).await.unwrap();
    assert_eq!(summary.rows.len(), BACKUP_TABLES.len());
    assert!(summary.total_rows() > 10, "{summary:?}");
    assert_eq!(
        lines_without_time(&backup(&target).await),
        lines_without_time(&archive)
    );

    // The restored data reads the same through the store as the original.
    assert_eq!(all_accounts(&target).await, all_accounts(&source).await);
    for a in all_accounts(&source).await {
        assert_eq!(
            target.contacts_of(a.id).await.unwrap(),
            source.contacts_of(a.id).await.unwrap()
        );
        assert_eq!(
            target.account_history(a.id, 100).await.unwrap(),
            source.account_history(a.id, 100).await.unwrap()
        );
    }
    assert_eq!(
        target.account_history(gone.id, 100).await.unwrap(),
        source.account_history(gone.id, 100).await.unwrap()
    );
    assert_eq!(
        target.merged_into(id("Kone Oy")).await.unwrap(),
        Some(id("Kone Oyj"))
    );
    assert_eq!(target.custom_fields().await.unwrap(), defs);
    let search = AccountQuery {
        text: Some("virtanen".into()),
        tag: Some("avainasiakas".into()),
        ..AccountQuery::default()
    };
    assert_eq!(
        target.list_accounts(&search).await.unwrap().items,
        source.list_accounts(&search).await.unwrap().items
    );

    // New records get the ids the original would have given them.
    let next_source = source
        .create_account(&account("Uusi Oy"), &actor())
        .await
        .unwrap();
    let next_target = target
        .create_account(&account("Uusi Oy"), &actor())
        .await
        .unwrap();
    assert_eq!(next_target.id, next_source.id);
    assert!(next_target.id > gone.id);
    let c = target
        .create_contact(next_target.id, &contact("Uusi", "Yhteys"), &actor())
        .await
        .unwrap();
    assert_eq!(
        c.id,
        source
            .create_contact(next_source.id, &contact("Uusi", "Yhteys"), &actor())
            .await
            .unwrap()
            .id
    );
    assert_eq!(
        target
            .account_history(next_target.id, 100)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn restore_into_a_database_with_data_is_refused_and_changes_nothing() {
    let source = store().await;
    source
        .insert_accounts(
            &[(account("Kone Oyj"), vec![contact("Liisa", "Virtanen")])],
            &actor(),
        )
        .await
        .unwrap();
    let archive = backup(&source).await;

    let target = store().await;
    target
        .create_account(&account("Lahden Leipomo"), &actor())
        .await
        .unwrap();
    let before = backup(&target).await;
    let err = target.restore(archive.as_slice()).await.unwrap_err();
    assert!(matches!(err, StoreError::Archive(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("empty database") && message.contains("accounts"),
        "{message}"
    );
    assert_eq!(
        lines_without_time(&backup(&target).await),
        lines_without_time(&before)
    );

    // Only custom field definitions: the message names that table.
    let fields_only = store().await;
    let field = CustomFieldDef::validate("erp_number", "ERP", "text", "").unwrap();
    fields_only.add_custom_field(&field).await.unwrap();
    let message = fields_only
        .restore(archive.as_slice())
        .await
        .unwrap_err()
        .to_string();
    assert!(message.contains("custom_field_defs"), "{message}");
    assert_eq!(fields_only.count_accounts().await.unwrap(), 0);
}

#[tokio::test]
async fn restore_refuses_archives_it_cannot_load() {
    let source = store().await;
    source
        .insert_accounts(
            &[(account("Kone Oyj"), vec![contact("Liisa", "Virtanen")])],
            &actor(),
        )
        .await
        .unwrap();
    let archive = String::from_utf8(backup(&source).await).unwrap();
    let lines: Vec<&str> = archive.lines().collect();
    let with_header = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut header: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        edit(&mut header);
        let mut out = header.to_string();
        for line in &lines[1..] {
            out.push('\n');
            out.push_str(line);
        }
        out
    };
    let refusal = async |archive: &str| {
        let target = store().await;
        let err = target.restore(archive.as_bytes()).await.unwrap_err();
        assert!(
            matches!(err, StoreError::Archive(_)),
            "{archive:.200}: {err:?}"
        );
        // Nothing was loaded.
        for table in BACKUP_TABLES {
            assert_eq!(
                row_counts(&backup(&target).await)[*table],
                0,
                "{table} after {err}"
            );
        }
        err.to_string()
    };

    let other = with_header(&|h| {
        h["dialect"] = if h["dialect"] == "sqlite" {
            "postgres".into()
        } else {
            "sqlite".into()
        };
    });
    let message = refusal(&other).await;
    assert!(
        message.contains("can only be restored into")
            && (message.contains("taken from a PostgreSQL database")
                || message.contains("taken from a SQLite database")),
        "{message}"
    );

    let newer = with_header(&|h| {
        h["schema"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"version": 999, "name": "future"}));
    });
    let message = refusal(&newer).await;
    assert!(message.contains("newer than this arvo's"), "{message}");

    let older = with_header(&|h| {
        h["schema"].as_array_mut().unwrap().pop();
    });
    let message = refusal(&older).await;
    assert!(message.contains("older than this arvo's"), "{message}");
    // The archive's schema is checked before anything is migrated: a new, empty database stays
    // without a single table, ready for the release the refusal points to.
    let blank = Store::connect(&fresh_database_url().await).await.unwrap();
    assert!(blank.restore(older.as_bytes()).await.is_err());
    assert_eq!(schema_tables(&blank).await.unwrap(), vec![]);

    let truncated = lines[..lines.len() - 1].join("\n");
    let message = refusal(&truncated).await;
    assert!(message.contains("incomplete"), "{message}");

    let message = refusal("name,business_id\nKone Oyj,0112038-9\n").await;
    assert!(message.contains("not an Arvo backup"), "{message}");
}

/// A writer for the archive that, once the backup has read the accounts and reaches the contacts,
/// waits until the concurrent writers have committed more accounts. Those commits land in the
/// middle of the backup, so a backup that did not read everything in one snapshot would show
/// contacts and history of accounts it does not hold.
struct PausingSink {
    data: Vec<u8>,
    line_start: usize,
    created: Arc<AtomicUsize>,
    paused_at: Option<usize>,
}

/// How many accounts the writers must commit while the backup waits.
const COMMITTED_DURING_BACKUP: usize = 6;

impl Write for PausingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let scanned = self.data.len();
        self.data.extend_from_slice(buf);
        for i in scanned..self.data.len() {
            if self.data[i] != b'\n' {
                continue;
            }
            let line = &self.data[self.line_start..i];
            if self.paused_at.is_none() && line.starts_with(br#"{"table":"contacts""#) {
                let start = self.created.load(Ordering::SeqCst);
                self.paused_at = Some(start);
                let deadline = Instant::now() + Duration::from_secs(30);
                // The backup's task blocks here; block_in_place lets the writer tasks run on.
                tokio::task::block_in_place(|| {
                    while self.created.load(Ordering::SeqCst) < start + COMMITTED_DURING_BACKUP {
                        assert!(Instant::now() < deadline, "the writers made no progress");
                        std::thread::sleep(Duration::from_millis(2));
                    }
                });
            }
            self.line_start = i + 1;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The writer and sequence number in an account's name, `Tili w{writer}x{n}q`.
fn writer_and_number(name: &str) -> (usize, usize) {
    let token = name
        .strip_prefix("Tili w")
        .unwrap()
        .strip_suffix('q')
        .unwrap();
    let (w, n) = token.split_once('x').unwrap();
    (w.parse().unwrap(), n.parse().unwrap())
}

/// The owner an account has at a version: each update sets the next one.
fn owner_at(version: i64) -> Option<String> {
    (version > 1).then(|| format!("Omistaja {version}"))
}

const WRITERS: usize = 3;
const CONTACTS: usize = 2;
const FINAL_VERSION: i64 = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_during_concurrent_writes_restores_one_consistent_moment() {
    let source = store().await;
    let stop = Arc::new(AtomicBool::new(false));
    let created = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (s, stop, created) = (source.clone(), stop.clone(), created.clone());
        writers.push(tokio::spawn(async move {
            let actor = Actor::new(format!("kirjoittaja {w}"), "test");
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let name = format!("Tili w{w}x{n}q");
                let contacts = (0..CONTACTS)
                    .map(|c| contact(&format!("Yhteys{c}"), &format!("Henkilö w{w}x{n}q")))
                    .collect();
                // One transaction writes the account, its contacts and their history entries.
                s.insert_accounts(&[(account(&name), contacts)], &actor)
                    .await
                    .unwrap();
                created.fetch_add(1, Ordering::SeqCst);
                let query = AccountQuery {
                    text: Some(format!("w{w}x{n}q")),
                    ..AccountQuery::default()
                };
                let mut a = s.list_accounts(&query).await.unwrap().items.remove(0);
                assert_eq!(a.data.name, name);
                while a.version < FINAL_VERSION {
                    let mut next = a.data.clone();
                    next.owner = owner_at(a.version + 1);
                    a = s
                        .update_account(a.id, a.version, &next, &actor)
                        .await
                        .unwrap();
                }
                n += 1;
            }
            n
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while created.load(Ordering::SeqCst) < 3 * WRITERS {
        assert!(Instant::now() < deadline, "the writers made no progress");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }

    let mut sink = PausingSink {
        data: Vec::new(),
        line_start: 0,
        created: created.clone(),
        paused_at: None,
    };
    let taken = source.backup(&mut sink).await.unwrap();
    stop.store(true, Ordering::SeqCst);
    let mut written = Vec::new();
    for w in writers {
        written.push(w.await.unwrap());
    }
    assert!(
        sink.paused_at.is_some(),
        "the backup never reached contacts"
    );
    let archive = sink.data;

    let target = store().await;
    let restored = target.restore(archive.as_slice()).await.unwrap();
    assert_eq!(restored, taken);
    let accounts = all_accounts(&target).await;
    let everything = all_accounts(&source).await;
    assert!(!accounts.is_empty());
    assert!(
        accounts.len() + COMMITTED_DURING_BACKUP <= everything.len(),
        "{} restored of {}: the accounts committed during the backup must not be in it",
        accounts.len(),
        everything.len()
    );

    // Each account is as the original was at the restored version, with exactly the contacts its
    // creating transaction wrote and the history entries of its versions.
    let mut versions: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
    let mut history_rows = 0;
    for a in &accounts {
        let original = source.account(a.id).await.unwrap();
        assert_eq!(a.data.name, original.data.name);
        assert_eq!(a.created_at, original.created_at);
        assert!(a.version >= 1 && a.version <= original.version, "{a:?}");
        assert_eq!(a.data.owner, owner_at(a.version), "{a:?}");
        if a.version == original.version {
            assert_eq!(*a, original);
        }
        let contacts = target.contacts_of(a.id).await.unwrap();
        assert_eq!(contacts.len(), CONTACTS, "{a:?}");
        assert_eq!(contacts, source.contacts_of(a.id).await.unwrap());
        let history = target.account_history(a.id, 100).await.unwrap();
        let expected = CONTACTS + 1 + usize::try_from(a.version).unwrap() - 1;
        let mut original_history = source.account_history(a.id, 100).await.unwrap();
        original_history.reverse();
        original_history.truncate(expected);
        original_history.reverse();
        assert_eq!(history, original_history, "{a:?}");
        history_rows += history.len();
        let (w, n) = writer_and_number(&a.data.name);
        versions.entry(w).or_default().push((n, a.version));
        // The search tokens came along: the account is found by its own word.
        let query = AccountQuery {
            text: Some(a.data.name.trim_start_matches("Tili ").to_lowercase()),
            ..AccountQuery::default()
        };
        assert_eq!(
            target.list_accounts(&query).await.unwrap().items,
            vec![a.clone()]
        );
    }
    // Each writer's accounts are a prefix of what it wrote, and every account but its last had
    // all its updates: the writer finished them before it created the next account.
    for (w, mut seen) in versions {
        seen.sort_unstable();
        for (i, (n, version)) in seen.iter().enumerate() {
            assert_eq!(*n, i, "writer {w}: {seen:?}");
            if i + 1 < seen.len() {
                assert_eq!(*version, FINAL_VERSION, "writer {w}: {seen:?}");
            }
        }
        assert!(seen.len() <= written[w], "writer {w}");
    }
    // No table holds a row of a moment other than the snapshot's.
    let counts = row_counts(&archive);
    assert_eq!(counts["accounts"], accounts.len() as u64);
    assert_eq!(counts["contacts"], (CONTACTS * accounts.len()) as u64);
    assert_eq!(counts["account_tags"], accounts.len() as u64);
    assert_eq!(counts["history"], history_rows as u64);

    // New records after the restore get fresh ids.
    let max_id = accounts.iter().map(|a| a.id).max().unwrap();
    let fresh = target
        .create_account(&account("Uusi Oy"), &actor())
        .await
        .unwrap();
    assert!(fresh.id > max_id, "{} after {max_id}", fresh.id);
    let c = target
        .create_contact(fresh.id, &contact("Uusi", "Yhteys"), &actor())
        .await
        .unwrap();
    assert_eq!(target.contacts_of(fresh.id).await.unwrap(), vec![c]);
    assert_eq!(
        target.account_history(fresh.id, 100).await.unwrap().len(),
        2
    );
}
