//! Targets through the API and the pages: set for a customer, a segment and the whole base, each
//! bad field named, one per whom, metric and period, followed against actuals measured from the
//! data, and who may set and see which.

mod common;

use arvo_core::{AccountInput, Actor, Role};
use arvo_store::imports::OrderLineRecord;
use arvo_web::testing::{TestApp, spawn_app};
use common::call;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn line(order: &str, customer: &str, month: u32, net: i64) -> OrderLineRecord {
    common::order_line(
        order,
        customer,
        chrono::NaiveDate::from_ymd_opt(2025, month, 10).unwrap(),
        net,
    )
}

/// Kone Oy (Mikko's) bought 1 000 € a month in 2025 and needs 24 000 € a year; Pieni Oy
/// (Aino's) bought 500 € twice. Returns their ids.
async fn base(app: &TestApp) -> (i64, i64) {
    let actor = Actor::new("tests", "cli");
    let mut ids = Vec::new();
    for (name, owner, number) in [
        ("Kone Oy", "Mikko Myyjä", "10001"),
        ("Pieni Oy", "Aino Avustaja", "10002"),
    ] {
        let mut draft = AccountInput {
            name: Some(name.into()),
            owner: Some(owner.into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        draft.customer_number = Some(number.into());
        ids.push(app.store.create_account(&draft, &actor).await.unwrap().id);
    }
    let lines: Vec<OrderLineRecord> = (1..=12)
        .map(|m| line(&format!("K-{m}"), "10001", m, 100_000))
        .chain((1..=2).map(|m| line(&format!("P-{m}"), "10002", m, 50_000)))
        .collect();
    common::import_order_lines(app, &lines, &actor).await;
    // Uusi Oy has bought nothing yet but needs 6 000 € a year.
    let uusi = AccountInput {
        name: Some("Uusi Oy".into()),
        ..AccountInput::default()
    }
    .validate(&[])
    .unwrap();
    let uusi = app.store.create_account(&uusi, &actor).await.unwrap().id;
    for (id, cents) in [(ids[0], 2_400_000), (uusi, 600_000)] {
        let (status, body) = call(
            app,
            &app.token,
            Method::PUT,
            &format!("/api/v1/accounts/{id}/estimated-need"),
            Some(json!({ "cents": cents })),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    (ids[0], ids[1])
}

fn fields(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn targets_are_followed_against_actuals_for_a_customer_a_segment_and_the_base() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    app.add_user("Aino Avustaja", Role::AccountManager, None)
        .await;
    let mikko = app.token_for(&mikko).await;
    let (kone, pieni) = base(&app).await;
    let post = |token: String, body: Value| {
        let app = &app;
        async move { call(app, &token, Method::POST, "/api/v1/targets", Some(body)).await }
    };

    // Every bad field is named, and nothing is saved.
    let (status, body) = post(
        app.token.clone(),
        json!({"scope": "customer", "metric": "customers", "period": "2025-Q5", "target": "12,5"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["period", "account_id", "metric", "target"]);

    // The admin sets the base's revenue and customers and the retain segment's adherence.
    for body in [
        json!({"scope": "base", "metric": "revenue", "period": "2025", "target": "20 000 €"}),
        json!({"scope": "base", "metric": "customers", "period": "2025", "target": "4"}),
        json!({"scope": "base", "metric": "share_of_wallet", "period": "2025", "target": "60 %"}),
        json!({"scope": "customer", "account_id": kone, "metric": "margin", "period": "2025",
               "target": "4 000 €", "note": "Kate ylös hinnoittelulla"}),
    ] {
        let (status, saved) = post(app.token.clone(), body).await;
        assert_eq!(status, StatusCode::CREATED, "{saved}");
    }
    let (status, body) = post(
        app.token.clone(),
        json!({"scope": "base", "metric": "revenue", "period": "2025", "target": "1"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fields(&body),
        ["period"],
        "one target per whom, metric and period"
    );

    // An account manager sets their own customer's, but not the base's or another's customer's.
    let (status, body) = post(
        mikko.clone(),
        json!({"scope": "customer", "account_id": kone, "metric": "revenue", "period": "2025",
               "target": "15 000"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = post(
        mikko.clone(),
        json!({"scope": "base", "metric": "margin", "period": "2025", "target": "1"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The actuals of 2025: Kone 12 000 €, Pieni 1 000 €.
    let (status, report) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/targets?period=2025",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["measured_on"], "2025-12-31");
    let find = |scope: &str, metric: &str| -> Value {
        report["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["scope"] == scope && t["metric"] == metric)
            .cloned()
            .unwrap_or_else(|| panic!("{scope} {metric}: {report}"))
    };
    let revenue = find("base", "revenue");
    assert_eq!(revenue["actual"], 1_300_000);
    assert_eq!(revenue["attainment"], 0.65);
    assert_eq!(revenue["due_by_now"], 2_000_000, "the year is over");
    assert_eq!(find("base", "customers")["actual"], 200);
    assert_eq!(find("base", "customers")["attainment"], 0.5);
    // The needs known are Kone's and Uusi's: 12 000 € bought of 30 000 € needed. Uusi bought
    // nothing and is not among the base's buying customers.
    assert_eq!(find("base", "share_of_wallet")["actual"], 4_000);
    assert_eq!(find("customer", "revenue")["actual"], 1_200_000);
    assert_eq!(find("customer", "revenue")["account_name"], "Kone Oy");

    // Mikko sees his customer's targets, not the base's.
    let (_, seen) = call(
        &app,
        &mikko,
        Method::GET,
        "/api/v1/targets?period=2025",
        None,
    )
    .await;
    let scopes: Vec<&str> = seen["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["scope"].as_str().unwrap())
        .collect();
    assert_eq!(scopes, ["customer", "customer"]);
    let (status, _) = call(
        &app,
        &mikko,
        Method::GET,
        &format!("/api/v1/accounts/{pieni}/targets"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "visibility rule: all");

    // Changing a target keeps its id; a stale version is refused; deleting removes it.
    let id = find("customer", "margin")["id"].as_i64().unwrap();
    let (status, changed) = call(
        &app,
        &app.token,
        Method::PUT,
        &format!("/api/v1/targets/{id}"),
        Some(
            json!({"scope": "customer", "account_id": kone, "metric": "margin",
                    "period": "2025", "target": "5 000", "version": 1}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["target"], 500_000);
    let (status, _) = call(
        &app,
        &app.token,
        Method::PUT,
        &format!("/api/v1/targets/{id}"),
        Some(
            json!({"scope": "customer", "account_id": kone, "metric": "margin",
                    "period": "2025", "target": "6 000", "version": 1}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = call(
        &app,
        &app.token,
        Method::DELETE,
        &format!("/api/v1/targets/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, after) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/targets?period=2025",
        None,
    )
    .await;
    assert_eq!(after["targets"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn managers_set_targets_on_the_targets_page_and_owners_on_the_account_page() {
    let app = spawn_app().await;
    let pekka = app.add_user("Pekka Päällikkö", Role::Manager, None).await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    app.add_user("Aino Avustaja", Role::AccountManager, None)
        .await;
    let (kone, _) = base(&app).await;
    let (session, _) =
        common::Session::sign_in(&app, &pekka.email, arvo_web::testing::TEST_PASSWORD).await;
    let html = session.page("/targets?period=2025").await;
    assert!(html.contains("id=\"target-form\""), "{html}");
    let csrf = common::hidden_value(&html, "_csrf");
    let (status, html) = session
        .submit(
            "/targets",
            &[
                ("_csrf", csrf.as_str()),
                ("scope", "segment"),
                ("segment", ""),
                ("metric", "revenue"),
                ("period", "2025"),
                ("target", "paljon"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("field-error") && html.contains("value=\"paljon\""),
        "{html}"
    );
    let (status, _) = session
        .submit(
            "/targets",
            &[
                ("_csrf", csrf.as_str()),
                ("scope", "base"),
                ("metric", "revenue"),
                ("period", "2025"),
                ("target", "26 000"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = session.page("/targets?period=2025").await;
    assert!(
        html.contains("id=\"targets-table\"") && html.contains("50,0"),
        "{html}"
    );

    let (owner, _) =
        common::Session::sign_in(&app, &mikko.email, arvo_web::testing::TEST_PASSWORD).await;
    let page = owner.page(&format!("/accounts/{kone}")).await;
    assert!(page.contains("id=\"account-target-form\""), "{page}");
    let csrf = common::hidden_value(&page, "_csrf");
    let kone_id = kone.to_string();
    let (status, html) = owner
        .submit(
            "/targets",
            &[
                ("_csrf", csrf.as_str()),
                ("account_id", kone_id.as_str()),
                ("metric", "share_of_wallet"),
                ("period", "2025"),
                ("target", "140 %"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("value=\"140 %\""),
        "the input stays on the account page"
    );
    let (status, _) = owner
        .submit(
            "/targets",
            &[
                ("_csrf", csrf.as_str()),
                ("account_id", kone_id.as_str()),
                ("metric", "share_of_wallet"),
                ("period", "2025"),
                ("target", "60 %"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page = owner.page(&format!("/accounts/{kone}")).await;
    assert!(page.contains("id=\"targets-table\""), "{page}");
    // The owner's own targets page shows the customer's target, not the base's.
    let html = owner.page("/targets?period=2025").await;
    assert!(
        html.contains("Kone Oy") && !html.contains("id=\"target-form\""),
        "{html}"
    );
}
