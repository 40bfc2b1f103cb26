//! The JSON API and the pages through the real server, on SQLite by default and on PostgreSQL
//! when `ARVO_TEST_DATABASE_URL` is set.

use arvo_core::Role;
use arvo_web::testing::{TestApp, spawn_app};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// A client that signs its requests with the administrator's API token.
fn client(app: &TestApp) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {}", app.token).parse().unwrap(),
    );
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Adds the account owners the tests name as users.
async fn add_owners(app: &TestApp) {
    for name in ["Liisa", "Mikko"] {
        app.add_user(name, Role::AccountManager, None).await;
    }
}

async fn post(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let r = client(app)
        .post(format!("{}{path}", app.address))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn patch(app: &TestApp, path: &str, body: Value) -> (StatusCode, Value) {
    let r = client(app)
        .patch(format!("{}{path}", app.address))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let r = client(app)
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn create(app: &TestApp, body: Value) -> Value {
    let (status, account) = post(app, "/api/v1/accounts", body).await;
    assert_eq!(status, StatusCode::CREATED, "{account}");
    account
}

#[tokio::test]
async fn account_crud_round_trip() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let a = create(
        &app,
        json!({"name": "Kone Oyj", "business_id": "01120389", "status": "customer", "tags": ["hissit"],
               "annual_revenue_cents": 123_456, "municipality": "Espoo"}),
    )
    .await;
    assert_eq!(a["business_id"], "0112038-9");
    assert_eq!(a["version"], 1);
    let id = a["id"].as_i64().unwrap();

    let (status, fetched) = get(&app, &format!("/api/v1/accounts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched, a);

    let (status, updated) = patch(
        &app,
        &format!("/api/v1/accounts/{id}"),
        json!({"version": 1, "owner": "Liisa"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["owner"], "Liisa");
    assert_eq!(updated["name"], "Kone Oyj");
    assert_eq!(updated["version"], 2);

    let (_, history) = get(&app, &format!("/api/v1/accounts/{id}/history")).await;
    assert_eq!(history[0]["action"], "update");
    assert_eq!(history[0]["changes"][0]["field"], "owner");

    let r = client(&app)
        .delete(format!("{}/api/v1/accounts/{id}?version=1", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = client(&app)
        .delete(format!("{}/api/v1/accounts/{id}?version=2", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (status, body) = get(&app, &format!("/api/v1/accounts/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn wrong_business_id_check_digit_is_422_naming_the_field() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let (status, body) = post(
        &app,
        "/api/v1/accounts",
        json!({"name": "Kone", "business_id": "0112038-8"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "validation");
    assert_eq!(body["fields"][0]["field"], "business_id");
    assert_eq!(body["fields"][0]["code"], "business_id_check_digit");
    let (_, list) = get(&app, "/api/v1/accounts").await;
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        0,
        "a rejected create stores nothing"
    );
}

#[tokio::test]
async fn every_bad_field_and_wrong_type_is_named() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let (status, body) = post(
        &app,
        "/api/v1/accounts",
        json!({"name": 5, "colour": "red"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"colour"),
        "{body}"
    );
    let (status, body) = post(
        &app,
        "/api/v1/accounts",
        json!({"name": "X", "email": "nope", "postal_code": "12", "status": "?"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"].as_array().unwrap().len(), 3, "{body}");
    let r = client(&app)
        .post(format!("{}/api/v1/accounts", app.address))
        .body("[1,2")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn concurrent_updates_with_one_version_one_wins_one_conflicts() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let a = create(&app, json!({"name": "Kone Oy"})).await;
    let path = format!("/api/v1/accounts/{}", a["id"]);
    let (first, second) = tokio::join!(
        patch(&app, &path, json!({"version": 1, "owner": "Mikko"})),
        patch(&app, &path, json!({"version": 1, "owner": "Liisa"})),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let loser = if first.0 == StatusCode::CONFLICT {
        &first.1
    } else {
        &second.1
    };
    assert_eq!(loser["error"], "conflict");
    assert_eq!(loser["current_version"], 2);
    let winner_owner = if first.0 == StatusCode::OK {
        "Mikko"
    } else {
        "Liisa"
    };
    let (_, now) = get(&app, &path).await;
    assert_eq!(
        now["owner"], winner_owner,
        "the winner's change is what is stored"
    );
    assert_eq!(now["version"], 2);
}

#[tokio::test]
async fn list_searches_filters_sorts_and_pages() {
    let app = spawn_app().await;
    add_owners(&app).await;
    for (name, status) in [
        ("Kone Oyj", "customer"),
        ("Konepaja Virtanen Oy", "customer"),
        ("Kuopion Kone Ky", "prospect"),
        ("Lahden Leipomo Oy", "customer"),
        ("Äänekosken Kone Oy", "customer"),
    ] {
        create(
            &app,
            json!({"name": name, "status": status, "owner": "Liisa"}),
        )
        .await;
    }
    let (_, page) = get(
        &app,
        "/api/v1/accounts?q=kone&status=customer&sort=-name&limit=2",
    )
    .await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Äänekosken Kone Oy", "Konepaja Virtanen Oy"]);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, next) = get(
        &app,
        &format!("/api/v1/accounts?q=kone&status=customer&sort=-name&limit=2&cursor={cursor}"),
    )
    .await;
    let names: Vec<&str> = next["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Kone Oyj"]);
    assert!(next["next_cursor"].is_null());

    let (status, body) = get(&app, "/api/v1/accounts?sort=colour&limit=0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["sort", "limit"]);
}

#[tokio::test]
async fn contacts_live_inside_accounts() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let a = create(&app, json!({"name": "Kone Oy"})).await;
    let (status, c) = post(
        &app,
        &format!("/api/v1/accounts/{}/contacts", a["id"]),
        json!({"first_name": "Liisa", "last_name": "Virtanen", "email": "Liisa@Kone.fi", "roles": ["decider", "buyer"],
               "marketing_consent": "given", "consent_date": "1.3.2026", "consent_source": "messut"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["email"], "liisa@kone.fi");
    assert_eq!(c["consent_date"], "2026-03-01");
    let (status, bad) = post(
        &app,
        &format!("/api/v1/accounts/{}/contacts", a["id"]),
        json!({"last_name": "X", "roles": ["boss"], "marketing_consent": "given"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["roles", "consent_date"]);
    let page = client(&app)
        .get(format!("{}/contacts?q=virtanen&lang=en", app.address))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Liisa Virtanen") && html.contains(">Kone Oy</a>"),
        "the contact list names the account"
    );
    let (_, found) = get(&app, "/api/v1/accounts?q=liisa@kone.fi").await;
    assert_eq!(found["items"][0]["id"], a["id"]);
    let (status, _) = post(
        &app,
        "/api/v1/accounts/999999/contacts",
        json!({"last_name": "X"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, moved) = patch(
        &app,
        &format!("/api/v1/contacts/{}", c["id"]),
        json!({"version": 1, "title": "CEO"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["title"], "CEO");
}

#[tokio::test]
async fn merging_duplicates_keeps_every_contact_and_history_entry() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let keep = create(&app, json!({"name": "Kone Oy"})).await;
    let other = create(
        &app,
        json!({"name": "KONE OYJ, Espoo", "business_id": "0112038-9"}),
    )
    .await;
    for (account, last) in [
        (&keep, "Virtanen"),
        (&other, "Korhonen"),
        (&other, "Nieminen"),
    ] {
        let (s, _) = post(
            &app,
            &format!("/api/v1/accounts/{}/contacts", account["id"]),
            json!({"last_name": last}),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let count = |v: &Value| v.as_array().unwrap().len();
    let (_, h1) = get(&app, &format!("/api/v1/accounts/{}/history", keep["id"])).await;
    let (_, h2) = get(&app, &format!("/api/v1/accounts/{}/history", other["id"])).await;
    let before = count(&h1) + count(&h2);

    let (_, groups) = get(&app, "/api/v1/duplicates").await;
    assert_eq!(groups.as_array().unwrap().len(), 1);
    assert_eq!(groups[0]["account_ids"], json!([keep["id"], other["id"]]));

    let (status, merged) = post(
        &app,
        "/api/v1/duplicates/merge",
        json!({"keep": keep["id"], "merge": [other["id"]]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    assert_eq!(merged["business_id"], "0112038-9");
    let (_, contacts) = get(&app, &format!("/api/v1/accounts/{}/contacts", keep["id"])).await;
    assert_eq!(count(&contacts), 3);
    let (_, history) = get(&app, &format!("/api/v1/accounts/{}/history", keep["id"])).await;
    assert_eq!(count(&history), before + 1);
    let (status, gone) = get(&app, &format!("/api/v1/accounts/{}", other["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(gone["merged_into"], keep["id"]);
    let (_, groups) = get(&app, "/api/v1/duplicates").await;
    assert!(groups.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn custom_fields_are_typed() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let (status, _) = post(
        &app,
        "/api/v1/custom-fields",
        json!({"key": "tier", "label": "Taso", "kind": "choice", "options": ["A", "B"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = post(
        &app,
        "/api/v1/custom-fields",
        json!({"key": "since", "label": "Alkaen", "kind": "date"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let a = create(
        &app,
        json!({"name": "Kone", "custom": {"tier": "a", "since": "22.11.2026"}}),
    )
    .await;
    assert_eq!(a["custom"], json!({"tier": "A", "since": "2026-11-22"}));
    let (status, body) = post(
        &app,
        "/api/v1/accounts",
        json!({"name": "X", "custom": {"tier": "C", "nope": 1}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["custom.nope", "custom.tier"]);
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let (status, doc) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        "/api/v1/accounts",
        "/api/v1/accounts/{id}",
        "/api/v1/accounts/{id}/contacts",
        "/api/v1/accounts/{id}/history",
        "/api/v1/accounts/{id}/purchases",
        "/api/v1/accounts/{id}/activities",
        "/api/v1/exports/{what}",
        "/api/v1/contacts",
        "/api/v1/contacts/{id}",
        "/api/v1/duplicates",
        "/api/v1/duplicates/merge",
        "/api/v1/duplicates/dismiss",
        "/api/v1/custom-fields",
        "/api/v1/custom-fields/{key}",
        "/api/v1/audit",
        "/api/v1/audit/export",
        "/api/v1/contacts/{id}/consents",
        "/api/v1/contacts/{id}/personal-data",
        "/api/v1/contacts/{id}/erase",
        "/api/v1/retention/due",
        "/api/v1/retention/apply",
        "/api/v1/retention/rule",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"].get("AccountInput").is_some());
    let audit = &doc["paths"]["/api/v1/audit"]["get"];
    let params: Vec<(&str, &str)> = audit["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap()))
        .collect();
    for name in ["actor", "kind", "since", "until", "cursor", "limit"] {
        assert!(params.contains(&(name, "query")), "{name}: {params:?}");
    }
    let q = &doc["paths"]["/api/v1/accounts"]["get"]["parameters"][0];
    assert_eq!((&q["name"], &q["in"]), (&json!("q"), &json!("query")));
    let export = &doc["paths"]["/api/v1/audit/export"]["get"]["responses"]["200"]["content"];
    assert!(
        export.get("text/csv").is_some() && export.get("application/json").is_some(),
        "{export}"
    );
    assert!(doc["components"]["schemas"].get("PersonalData").is_some());
}

async fn form_post(
    app: &TestApp,
    path: &str,
    lang: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let r = client(app)
        .post(format!("{}{path}", app.address))
        .header("Cookie", format!("arvo_lang={lang}"))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

#[tokio::test]
async fn account_form_shows_errors_beside_fields_in_the_users_language() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let fields = [
        ("name", "Kuopion Kalatukku Oy"),
        ("business_id", "0112038-8"),
        ("status", "customer"),
    ];
    let (status, _, html) = form_post(&app, "/accounts", "fi", &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-business_id""#));
    assert!(html.contains("Y-tunnuksen tarkistenumero ei täsmää"));
    assert!(
        html.contains(r#"value="Kuopion Kalatukku Oy""#),
        "the typed name is kept"
    );
    let (_, _, html) = form_post(&app, "/accounts", "en", &fields).await;
    assert!(html.contains("Business ID has a check digit that does not match"));

    let fields = [
        ("name", "Kuopion Kalatukku Oy"),
        ("business_id", "0112038-9"),
        ("annual_revenue", "1 234,50"),
    ];
    let (status, location, _) = form_post(&app, "/accounts", "fi", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id: i64 = location
        .trim_start_matches("/accounts/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, account) = get(&app, &format!("/api/v1/accounts/{id}")).await;
    assert_eq!(account["annual_revenue_cents"], 123_450);
    let page = client(&app)
        .get(format!("{}{location}", app.address))
        .header("Cookie", "arvo_lang=fi")
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("<h1>Kuopion Kalatukku Oy</h1>"));
    assert!(
        html.contains("1\u{a0}234,50\u{a0}€"),
        "money in Finnish format"
    );
}

#[tokio::test]
async fn stale_edit_form_reports_conflict_and_keeps_the_users_values() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let a = create(&app, json!({"name": "Kone Oy"})).await;
    let id = a["id"].as_i64().unwrap();
    patch(
        &app,
        &format!("/api/v1/accounts/{id}"),
        json!({"version": 1, "owner": "Mikko"}),
    )
    .await;
    let (status, _, html) = form_post(
        &app,
        &format!("/accounts/{id}"),
        "en",
        &[("version", "1"), ("name", "Kone Oy"), ("owner", "Liisa")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Someone else changed this record"));
    assert!(html.contains(r#"value="Liisa""#));
    let (_, now) = get(&app, &format!("/api/v1/accounts/{id}")).await;
    assert_eq!(now["owner"], "Mikko", "nothing was silently overwritten");
}

#[tokio::test]
async fn pages_render_in_both_languages() {
    let app = spawn_app().await;
    add_owners(&app).await;
    let a = create(&app, json!({"name": "Åland Ab", "status": "customer"})).await;
    for (lang, word) in [("fi", "Asiakkaat"), ("en", "Accounts")] {
        for path in [
            "/accounts",
            "/contacts",
            "/duplicates",
            "/settings/fields",
            "/settings/retention",
            "/accounts/new",
            "/audit",
        ] {
            let r = client(&app)
                .get(format!("{}{path}?lang={lang}", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let html = r.text().await.unwrap();
            assert!(
                html.contains(&format!(r#"<html lang="{lang}">"#)) && html.contains(word),
                "{path} in {lang}"
            );
        }
    }
    let r = client(&app)
        .get(format!("{}/accounts/{}", app.address, a["id"]))
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("Åland Ab"));
    let r = client(&app)
        .get(format!("{}/accounts/424242", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut r = client(app).request(method, format!("{}{path}", app.address));
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Everything a contact person's personal data is made of, as stored.
const SANNI: [&str; 8] = [
    "Sanni",
    "Toivanen",
    "Hankintajohtaja",
    "Toimitusjohtaja",
    "sanni.toivanen@kalatukku.fi",
    "040 918 2736",
    "Messulomake Tampere",
    "tiistaisin",
];

#[tokio::test]
async fn personal_data_is_exported_whole_and_erased_everywhere() {
    let app = spawn_app().await;
    let a = create(
        &app,
        json!({"name": "Kuopion Kalatukku Oy", "business_id": "0112038-9", "status": "customer",
               "annual_revenue_cents": 4_200_000}),
    )
    .await;
    let (status, c) = post(
        &app,
        &format!("/api/v1/accounts/{}/contacts", a["id"]),
        json!({"first_name": "Sanni", "last_name": "Toivanen", "title": "Hankintajohtaja",
               "email": "sanni.toivanen@kalatukku.fi", "phone": "040 918 2736", "roles": ["decider"],
               "marketing_consent": "given", "consent_date": "2.3.2026",
               "consent_source": "Messulomake Tampere", "notes": "Tavoitettavissa tiistaisin"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let id = c["id"].as_i64().unwrap();
    let (status, c) = patch(
        &app,
        &format!("/api/v1/contacts/{id}"),
        json!({"version": 1, "title": "Toimitusjohtaja", "marketing_consent": "withdrawn"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{c}");

    let (status, consents) = get(&app, &format!("/api/v1/contacts/{id}/consents")).await;
    assert_eq!(status, StatusCode::OK);
    let statuses: Vec<&str> = consents
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["given", "withdrawn"]);

    let export_path = format!("/api/v1/contacts/{id}/personal-data");
    let (status, first) = get(&app, &export_path).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["contact"]["email"], "sanni.toivanen@kalatukku.fi");
    assert_eq!(first["contact"]["title"], "Toimitusjohtaja");
    assert_eq!(
        (
            first["account"]["id"].clone(),
            first["account"]["name"].clone()
        ),
        (a["id"].clone(), json!("Kuopion Kalatukku Oy"))
    );
    assert_eq!(first["account"]["business_id"], "0112038-9");
    assert_eq!(first["consents"].as_array().unwrap().len(), 2);
    let actions: Vec<&str> = first["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update"]);
    assert!(
        first["history"][1]["changes"]
            .to_string()
            .contains("Hankintajohtaja")
    );
    assert_eq!(
        first["audit"],
        json!([]),
        "nothing about the person was logged before"
    );
    // Every export is in the audit log, by the contact's id and without personal data.
    let (_, second) = get(&app, &export_path).await;
    let audit = &second["audit"];
    assert_eq!(audit.as_array().unwrap().len(), 1);
    assert_eq!(audit[0]["kind"], "personal_data.export");
    assert_eq!(audit[0]["subject"], format!("contact {id}"));
    assert!(!audit.to_string().contains("Toivanen"));

    // The readable page and the file to download.
    let html = client(&app)
        .get(format!(
            "{}/contacts/{id}/personal-data?lang=en",
            app.address
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sanni Toivanen") && html.contains("Download as JSON"));
    assert!(html.contains("Messulomake Tampere") && html.contains("Personal data compiled"));
    let r = client(&app)
        .get(format!(
            "{}/contacts/{id}/personal-data/download",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-disposition"],
        format!("attachment; filename=\"arvo-contact-{id}.json\"").as_str()
    );
    let file: Value = r.json().await.unwrap();
    assert_eq!(file["contact"]["email"], "sanni.toivanen@kalatukku.fi");
    let html = client(&app)
        .get(format!("{}/contacts/{id}?lang=fi", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Markkinointiluvan historia") && html.contains("Peruttu"));
    assert!(html.contains(&format!(r#"href="/contacts/{id}/erase""#)));

    // A stale version erases nothing; then the erasure.
    let erase_path = format!("/api/v1/contacts/{id}/erase");
    let (status, body) = post(&app, &erase_path, json!({"version": 1})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        get(&app, &export_path).await.1["contact"]["first_name"],
        "Sanni"
    );
    let r = client(&app)
        .post(format!("{}{erase_path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let erased: Value = r.json().await.unwrap();
    assert!(erased["erased_at"].is_string());
    assert_eq!(erased["account_id"], a["id"]);
    assert_eq!(erased["roles"], json!(["decider"]));

    let (_, after) = get(&app, &export_path).await;
    let text = after.to_string();
    for value in SANNI {
        assert!(
            !text.contains(value),
            "{value} is in the export after erasure"
        );
    }
    assert_eq!(after["account"]["name"], "Kuopion Kalatukku Oy");
    assert_eq!(after["history"].as_array().unwrap().len(), 3);
    let kinds: Vec<&str> = after["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    // Two exports through the API, the page, the download and the check after the refused
    // erasure; then the erasure.
    assert_eq!(kinds[..5], ["personal_data.export"; 5]);
    assert_eq!(kinds[5..], ["personal_data.erase"]);
    let (_, account) = get(&app, &format!("/api/v1/accounts/{}", a["id"])).await;
    assert_eq!(
        account["annual_revenue_cents"], 4_200_000,
        "business figures stay"
    );
    let (_, found) = get(&app, "/api/v1/accounts?q=toivanen").await;
    assert_eq!(found["items"], json!([]));
    let (_, history) = get(&app, &format!("/api/v1/accounts/{}/history", a["id"])).await;
    for value in SANNI {
        assert!(
            !history.to_string().contains(value),
            "{value} in the account history"
        );
    }

    // An erased contact can be neither changed nor erased again, and says so.
    let (status, body) = post(&app, &erase_path, json!({})).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("erased"))
    );
    let (status, body) = patch(
        &app,
        &format!("/api/v1/contacts/{id}"),
        json!({"version": erased["version"], "first_name": "Sanni"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("erased"))
    );
    let r = client(&app)
        .get(format!("{}/contacts/{id}/edit?lang=en", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("personal data has been erased")
    );
    let html = client(&app)
        .get(format!("{}/accounts/{}?lang=en", app.address, a["id"]))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Erased person") && html.contains("Personal data erased"));
    assert!(!html.contains("Toivanen"));
}

#[tokio::test]
async fn retention_rule_reports_and_erases_former_customers_contacts() {
    let app = spawn_app().await;
    let rule = "/api/v1/retention/rule";
    let (status, body) = send(
        &app,
        reqwest::Method::PUT,
        rule,
        Some(json!({"months": "kaksi"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "months");
    let (status, body) = send(
        &app,
        reqwest::Method::PUT,
        rule,
        Some(json!({"months": 601})),
    )
    .await;
    assert_eq!(
        (status, body["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("too_large"))
    );
    assert_eq!(get(&app, rule).await.1, json!({"months": null}));
    let (_, due) = get(&app, "/api/v1/retention/due").await;
    assert_eq!(due["months"], Value::Null);
    assert_eq!(due["contacts"], json!([]));

    let former = create(&app, json!({"name": "Entinen Oy", "status": "former"})).await;
    let current = create(&app, json!({"name": "Nykyinen Oy", "status": "customer"})).await;
    let mut contact_ids = Vec::new();
    for (account, last) in [
        (&former, "Toivanen"),
        (&former, "Laine"),
        (&current, "Miettinen"),
    ] {
        let (_, c) = post(
            &app,
            &format!("/api/v1/accounts/{}/contacts", account["id"]),
            json!({"last_name": last}),
        )
        .await;
        contact_ids.push(c["id"].as_i64().unwrap());
    }
    // A rule of 0 months makes the former customer's contacts due at once.
    let (status, body) = send(&app, reqwest::Method::PUT, rule, Some(json!({"months": 0}))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"months": 0})));
    let (_, due) = get(&app, "/api/v1/retention/due").await;
    let names: Vec<&str> = due["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Laine", "Toivanen"]);

    // A wrong count or a contact that is not due erases nothing.
    let apply = "/api/v1/retention/apply";
    for (body, field) in [
        (json!({"confirm": 3}), "confirm"),
        (json!({}), "confirm"),
        (json!({"contact_ids": [contact_ids[2]]}), "contact_ids"),
    ] {
        let (status, answer) = post(&app, apply, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {answer}");
        assert_eq!(answer["fields"][0]["field"], field);
    }
    assert_eq!(
        get(&app, "/api/v1/retention/due").await.1["contacts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // The page shows the list; a wrong number typed is an error beside the field.
    let html = client(&app)
        .get(format!("{}/settings/retention?lang=en", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Toivanen") && html.contains("Entinen Oy") && !html.contains("Miettinen")
    );
    let (status, _, html) =
        form_post(&app, "/settings/retention/apply", "en", &[("confirm", "5")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-confirm""#) && html.contains("must be 2"));

    let (status, applied) = post(&app, apply, json!({"contact_ids": [contact_ids[0]]})).await;
    assert_eq!(status, StatusCode::OK, "{applied}");
    assert_eq!(applied["contact_ids"], json!([contact_ids[0]]));
    let (status, _, _) =
        form_post(&app, "/settings/retention/apply", "fi", &[("confirm", "1")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, due) = get(&app, "/api/v1/retention/due").await;
    assert_eq!(due["contacts"], json!([]));
    for (id, erased) in contact_ids.iter().zip([true, true, false]) {
        let (_, c) = get(&app, &format!("/api/v1/contacts/{id}")).await;
        assert_eq!(c["erased_at"].is_string(), erased, "{c}");
    }
    let (_, data) = get(
        &app,
        &format!("/api/v1/contacts/{}/personal-data", contact_ids[1]),
    )
    .await;
    assert_eq!(data["audit"][0]["details"]["reason"], "retention");
}
