//! The audit log through the real server: what administrators see in the API, the export and the
//! page, the filters and paging, and who is refused. Runs on SQLite by default and on PostgreSQL
//! when `ARVO_TEST_DATABASE_URL` is set.

mod common;

use arvo_core::{Actor, Role};
use arvo_web::testing::{TestApp, spawn_app};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let r = client()
        .get(format!("{}{path}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn page(app: &TestApp, token: &str, path: &str) -> (StatusCode, String) {
    let r = client()
        .get(format!("{}{path}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn send(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> Value {
    let r = client()
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap_or(Value::Null)
}

/// Tries to sign in with a wrong password through the sign-in form.
async fn failed_sign_in(app: &TestApp, email: &str) {
    let (_, status) = common::Session::sign_in(app, email, "väärä salasana").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("a page of entries")
}

fn kinds(v: &Value) -> Vec<&str> {
    items(v)
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

/// Today in Finnish time, as `2026-11-22`.
fn finnish_today() -> chrono::NaiveDate {
    let shown = arvo_web::i18n::Lang::En.time(chrono::Utc::now());
    chrono::NaiveDate::parse_from_str(&shown[..10], "%Y-%m-%d").unwrap()
}

/// An account created and changed by the administrator, one changed by an account manager, and
/// a failed sign-in. Returns the account manager's token and the first account's id.
async fn some_history(app: &TestApp) -> (String, i64) {
    let liisa = app.add_user("Liisa", Role::AccountManager, None).await;
    let liisa_token = app.token_for(&liisa).await;
    let a = send(
        app,
        &app.token,
        reqwest::Method::POST,
        "/api/v1/accounts",
        json!({"name": "Kone Oy", "status": "prospect"}),
    )
    .await;
    let id = a["id"].as_i64().unwrap();
    send(
        app,
        &app.token,
        reqwest::Method::PATCH,
        &format!("/api/v1/accounts/{id}"),
        json!({"version": 1, "owner": "Liisa", "status": "customer"}),
    )
    .await;
    send(
        app,
        &liisa_token,
        reqwest::Method::PATCH,
        &format!("/api/v1/accounts/{id}"),
        json!({"version": 2, "industry": "Hissit"}),
    )
    .await;
    failed_sign_in(app, "liisa@example.fi").await;
    (liisa_token, id)
}

#[tokio::test]
async fn admins_see_changes_with_before_and_after_and_failed_sign_ins() {
    let app = spawn_app().await;
    let (_, id) = some_history(&app).await;
    let (status, log) = get(&app, &app.token, "/api/v1/audit").await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let update = items(&log)
        .iter()
        .find(|e| e["kind"] == "account.update" && e["actor"] == "Testi Ylläpitäjä")
        .expect("the administrator's change");
    assert_eq!(update["via"], "api");
    assert_eq!(update["subject"], format!("account {id}"));
    assert_eq!(update["account_id"], id);
    let created = items(&log)
        .iter()
        .find(|e| e["kind"] == "account.create")
        .expect("the account's creation");
    assert_eq!(created["summary"], "Kone Oy");
    let changes = update["details"].as_array().unwrap();
    assert!(
        changes.contains(&json!({"field": "owner", "before": null, "after": "Liisa"})),
        "{changes:?}"
    );
    assert!(
        changes.contains(&json!({"field": "status", "before": "prospect", "after": "customer"})),
        "{changes:?}"
    );
    let failed = items(&log)
        .iter()
        .find(|e| e["kind"] == "login_failed")
        .expect("the failed sign-in");
    assert_eq!(failed["actor"], "liisa@example.fi");
    assert_eq!(failed["via"], "web");
    assert_eq!(failed["address"], "127.0.0.1");
    // Newest first.
    let times: Vec<&str> = items(&log)
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    let parsed: Vec<chrono::DateTime<chrono::Utc>> =
        times.iter().map(|t| t.parse().unwrap()).collect();
    assert!(parsed.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    assert_eq!(kinds(&log)[0], "login_failed");
}

#[tokio::test]
async fn filters_by_actor_kind_and_time() {
    let app = spawn_app().await;
    some_history(&app).await;
    let (_, liisa) = get(&app, &app.token, "/api/v1/audit?actor=LIISA").await;
    assert!(!items(&liisa).is_empty());
    assert!(
        items(&liisa).iter().all(|e| e["actor"] == "Liisa"),
        "{liisa}"
    );
    assert!(kinds(&liisa).contains(&"account.update"));

    let (_, accounts) = get(&app, &app.token, "/api/v1/audit?kind=account").await;
    assert_eq!(
        kinds(&accounts),
        ["account.update", "account.update", "account.create"]
    );
    let (_, failed) = get(&app, &app.token, "/api/v1/audit?kind=login_failed").await;
    assert_eq!(kinds(&failed), ["login_failed"]);
    let (_, users) = get(&app, &app.token, "/api/v1/audit?kind=user").await;
    assert!(!items(&users).is_empty());
    assert!(kinds(&users).iter().all(|k| k.starts_with("user.")));
    let (_, none) = get(&app, &app.token, "/api/v1/audit?kind=acc").await;
    assert!(items(&none).is_empty(), "a kind matches by whole parts");
    let (_, none) = get(&app, &app.token, "/api/v1/audit?kind=account_").await;
    assert!(items(&none).is_empty(), "LIKE wildcards match themselves");

    let today = finnish_today();
    let yesterday = today.pred_opt().unwrap();
    let tomorrow = today.succ_opt().unwrap();
    let fi = |d: chrono::NaiveDate| d.format("%-d.%-m.%Y").to_string();
    let (_, all) = get(&app, &app.token, "/api/v1/audit").await;
    let total = items(&all).len();
    for (query, expected) in [
        (format!("since={today}"), total),
        (format!("since={}", fi(today)), total),
        (format!("until={today}"), total),
        (format!("until={}", fi(today)), total),
        (format!("since={yesterday}&until={today}"), total),
        (format!("since={tomorrow}"), 0),
        (format!("until={yesterday}"), 0),
        (format!("until={}", fi(yesterday)), 0),
    ] {
        let (s, got) = get(&app, &app.token, &format!("/api/v1/audit?{query}")).await;
        assert_eq!(s, StatusCode::OK, "{query}");
        assert_eq!(items(&got).len(), expected, "{query}");
    }
    // An RFC 3339 `since` includes its moment, an `until` ends before it.
    let newest = items(&all)[0]["at"].as_str().unwrap().to_owned();
    let moment = urlencode(&newest);
    let (_, from) = get(&app, &app.token, &format!("/api/v1/audit?since={moment}")).await;
    assert!(kinds(&from).contains(&"login_failed"));
    let (_, before) = get(&app, &app.token, &format!("/api/v1/audit?until={moment}")).await;
    assert!(!kinds(&before).contains(&"login_failed"));
    assert!(items(&before).len() < total);
    // Filters combine.
    let (_, both) = get(
        &app,
        &app.token,
        &format!("/api/v1/audit?actor=liisa&kind=account&since={today}"),
    )
    .await;
    assert_eq!(kinds(&both), ["account.update"]);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn cursor_walks_the_whole_log_without_gaps_or_repeats() {
    let app = spawn_app().await;
    some_history(&app).await;
    let (_, all) = get(&app, &app.token, "/api/v1/audit?limit=1000").await;
    assert!(all["next_cursor"].is_null());
    let everything: Vec<Value> = items(&all).clone();
    assert!(everything.len() >= 8, "{}", everything.len());
    let mut walked = Vec::new();
    let mut path = "/api/v1/audit?limit=3".to_owned();
    loop {
        let (s, page) = get(&app, &app.token, &path).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(items(&page).len() <= 3);
        walked.extend(items(&page).iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/audit?limit=3&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(walked, everything);
    // A cursor keeps its place while new entries arrive.
    let (_, first) = get(&app, &app.token, "/api/v1/audit?limit=2").await;
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    failed_sign_in(&app, "uusi@example.fi").await;
    let (_, second) = get(
        &app,
        &app.token,
        &format!("/api/v1/audit?limit=2&cursor={cursor}"),
    )
    .await;
    assert_eq!(items(&second)[..], everything[2..4]);
}

#[tokio::test]
async fn only_those_who_see_everything_may_read_the_log() {
    let app = spawn_app().await;
    let (liisa_token, _) = some_history(&app).await;
    let reader = app.add_user("Lauri Lukija", Role::ReadOnly, None).await;
    let reader_token = app.token_for(&reader).await;
    let manager = app
        .add_user("Maija Esimies", Role::Manager, Some("Itä"))
        .await;
    let manager_token = app.token_for(&manager).await;
    let paths = [
        "/api/v1/audit",
        "/api/v1/audit?since=huomenna",
        "/api/v1/audit/export",
        "/api/v1/audit/export?format=json",
        "/audit",
        "/audit?kind=login",
        "/audit/export?format=csv",
    ];
    for token in [&liisa_token, &reader_token] {
        for path in paths {
            let (status, body) = page(&app, token, path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
        }
    }
    let (_, html) = page(&app, &reader_token, "/audit").await;
    assert!(html.contains("Ei oikeutta"), "the forbidden page");
    let (_, html) = page(&app, &liisa_token, "/accounts").await;
    assert!(
        !html.contains(r#"href="/audit""#),
        "no link for those refused"
    );
    let (_, html) = page(&app, &app.token, "/accounts").await;
    assert!(
        html.contains(r#"href="/audit""#),
        "a link for administrators"
    );
    // A manager may read it while they see every account, but not once they see only their
    // team's.
    assert_eq!(page(&app, &manager_token, "/audit").await.0, StatusCode::OK);
    assert_eq!(
        get(&app, &manager_token, "/api/v1/audit").await.0,
        StatusCode::OK
    );
    app.store
        .set_setting("visibility", "team", &Actor::new("tests", "cli"))
        .await
        .unwrap();
    for path in paths {
        assert_eq!(
            page(&app, &manager_token, path).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let (_, log) = get(&app, &app.token, "/api/v1/audit?kind=audit").await;
    assert!(items(&log).is_empty(), "a refused export is not recorded");
}

#[tokio::test]
async fn bad_parameters_are_422_naming_the_parameter() {
    let app = spawn_app().await;
    for (query, field) in [
        ("since=huomenna", "since"),
        ("since=2026-11-31", "since"),
        ("until=22.11.26", "until"),
        ("until=2026-11-22T25:00:00Z", "until"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=kaikki", "limit"),
        ("cursor=zz", "cursor"),
    ] {
        let (status, body) = get(&app, &app.token, &format!("/api/v1/audit?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"], "validation");
        assert_eq!(body["fields"][0]["field"], field, "{query}: {body}");
    }
    for (query, field) in [("format=xlsx", "format"), ("since=eilen", "since")] {
        let (status, body) = get(&app, &app.token, &format!("/api/v1/audit/export?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(body["fields"][0]["field"], field);
    }
    let (_, log) = get(&app, &app.token, "/api/v1/audit?kind=audit").await;
    assert!(items(&log).is_empty(), "a refused export is not recorded");
    let (status, html) = page(&app, &app.token, "/audit?since=huomenna&lang=en").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-since""#) && html.contains("must be a date"));
    assert!(
        html.contains(r#"value="huomenna""#),
        "the typed value is kept"
    );
}

#[tokio::test]
async fn csv_export_quotes_every_field_and_is_recorded() {
    let app = spawn_app().await;
    let name = "Kone, \"Iso\" Oy";
    let wishes = "Toimitus arkisin, \"ovelle\"\nsoita ensin";
    send(
        &app,
        &app.token,
        reqwest::Method::POST,
        "/api/v1/accounts",
        json!({"name": name, "special_wishes": wishes}),
    )
    .await;
    send(
        &app,
        &app.token,
        reqwest::Method::POST,
        "/api/v1/accounts",
        json!({"name": "=1+2 Oy"}),
    )
    .await;
    send(
        &app,
        &app.token,
        reqwest::Method::POST,
        "/api/v1/accounts",
        json!({"name": "Pelti, Putki ja Kumi Oy"}),
    )
    .await;
    failed_sign_in(&app, "x,\"y\"@example.fi").await;

    let r = client()
        .get(format!("{}/api/v1/audit/export?format=csv", app.address))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"arvo-audit-")
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    let body = r.bytes().await.unwrap();
    assert!(body.starts_with("\u{feff}at,actor,".as_bytes()));
    let mut reader = csv::Reader::from_reader(&body[..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        arvo_web::audit::CSV_HEADER
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |row: &csv::StringRecord, name: &str| {
        let i = arvo_web::audit::CSV_HEADER
            .iter()
            .position(|h| *h == name)
            .unwrap();
        row.get(i).unwrap().to_owned()
    };
    let created = rows
        .iter()
        .find(|r| column(r, "kind") == "account.create" && column(r, "record") == name)
        .expect("the account's creation, its name read back whole");
    assert!(
        column(created, "changes").contains(&format!("special_wishes: – → {wishes}")),
        "{}",
        column(created, "changes")
    );
    let details: Value = serde_json::from_str(&column(created, "details")).unwrap();
    assert!(
        details
            .as_array()
            .unwrap()
            .contains(&json!({"field": "special_wishes", "before": null, "after": wishes}))
    );
    assert!(
        rows.iter()
            .any(|r| column(r, "record") == "Pelti, Putki ja Kumi Oy")
    );
    assert!(
        rows.iter().any(|r| column(r, "record") == "'=1+2 Oy"),
        "a formula is written as text"
    );
    let failed = rows
        .iter()
        .find(|r| column(r, "kind") == "login_failed")
        .unwrap();
    assert_eq!(column(failed, "actor"), "x,\"y\"@example.fi");
    assert_eq!(column(failed, "address"), "127.0.0.1");
    assert_eq!(column(rows.first().unwrap(), "kind"), "audit.export");

    // The export is in the log with its filters, and the JSON export holds what the API shows.
    let (_, exports) = get(&app, &app.token, "/api/v1/audit?kind=audit.export").await;
    assert_eq!(items(&exports).len(), 1);
    assert_eq!(items(&exports)[0]["details"]["format"], "csv");
    let r = client()
        .get(format!(
            "{}/api/v1/audit/export?format=json&kind=account",
            app.address
        ))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    let exported: Value = r.json().await.unwrap();
    let (_, listed) = get(&app, &app.token, "/api/v1/audit?kind=account").await;
    assert_eq!(&exported, &listed["items"]);
    assert_eq!(exported.as_array().unwrap().len(), 3);
    let (_, exports) = get(&app, &app.token, "/api/v1/audit?kind=audit.export").await;
    assert_eq!(items(&exports)[0]["details"]["kind"], "account");
}

#[tokio::test]
async fn the_page_shows_the_filtered_entries_in_the_users_language() {
    let app = spawn_app().await;
    let (_, id) = some_history(&app).await;
    send(
        &app,
        &app.token,
        reqwest::Method::POST,
        "/api/v1/accounts",
        json!({"name": "<script>alert(1)</script> Oy"}),
    )
    .await;

    let (status, html) = page(&app, &app.token, "/audit?kind=account&lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Audit log</h1>"));
    assert!(html.contains("Account changed") && html.contains("Account created"));
    assert!(html.contains(&format!(r#"<a href="/accounts/{id}">Kone Oy</a>"#)));
    assert!(
        html.contains(
            r#"<span class="field-name">Industry</span>: <del>–</del> → <ins>Hissit</ins>"#
        ),
        "field-level changes"
    );
    assert!(html.contains("<ins>Customer</ins>"), "values in words");
    assert!(
        !html.contains("Failed sign-in</td>"),
        "other kinds are filtered out"
    );
    assert!(html.contains("&#60;script&#62;") && !html.contains("<script>alert"));
    assert!(html.contains(r#"href="/audit/export?format=csv&#38;kind=account""#));
    assert!(html.contains(r#"<option value="account" selected>"#));

    let (_, html) = page(&app, &app.token, "/audit?actor=liisa&lang=fi").await;
    assert!(html.contains("Asiakasta muutettu"));
    assert!(html.contains("<ins>Hissit</ins>"));
    assert!(!html.contains("Asiakas luotu"), "only Liisa's entries");
    assert!(html.contains(" klo "), "Finnish time");

    let (_, html) = page(&app, &app.token, "/audit?kind=login_failed&lang=fi").await;
    assert!(html.contains("Epäonnistunut kirjautuminen") && html.contains("liisa@example.fi"));

    // Paging keeps the filters.
    let (_, html) = page(&app, &app.token, "/audit?kind=account&limit=1").await;
    let marker = r#"id="older" class="button" rel="next" href=""#;
    let start = html.find(marker).expect("an older page") + marker.len();
    let older = html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&");
    assert!(older.starts_with("/audit?kind=account&cursor="), "{older}");
    let (status, html) = page(&app, &app.token, &format!("{older}&limit=1&lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Newest"));
    assert_eq!(html.matches("<tr data-kind=").count(), 1);

    // The CSV export reached from the page is a download.
    let r = client()
        .get(format!(
            "{}/audit/export?format=csv&kind=account",
            app.address
        ))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let (_, log) = get(&app, &app.token, "/api/v1/audit?kind=audit.export").await;
    assert_eq!(
        (
            &items(&log)[0]["details"]["format"],
            &items(&log)[0]["details"]["kind"]
        ),
        (&json!("csv"), &json!("account"))
    );
}
