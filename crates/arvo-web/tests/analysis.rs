//! The value analysis through the API: a period's analysis that reconciles to the cent, cost
//! pools and settings checked field by field, people's ratings, segments set by hand and kept
//! by a refresh, and who may do what.

mod common;

use arvo_core::{AccountInput, Actor, Role};
use arvo_store::imports::OrderLineRecord;
use arvo_web::testing::spawn_app;
use common::call;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn line(order: &str, customer: &str, day: u32, net: i64) -> OrderLineRecord {
    common::order_line(
        order,
        customer,
        chrono::NaiveDate::from_ymd_opt(2025, 3, day).unwrap(),
        net,
    )
}

/// Two customers with orders in March 2025 and one prospect; returns their ids.
async fn base(app: &arvo_web::testing::TestApp) -> Vec<i64> {
    let actor = Actor::new("tests", "cli");
    let mut ids = Vec::new();
    for (name, number) in [
        ("Kone Oy", Some("10001")),
        ("Pieni Oy", Some("10002")),
        ("Uusi Oy", None),
    ] {
        let mut draft = AccountInput {
            name: Some(name.into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        draft.customer_number = number.map(Into::into);
        ids.push(app.store.create_account(&draft, &actor).await.unwrap().id);
    }
    let lines: Vec<OrderLineRecord> = (1..=8)
        .map(|d| line(&format!("K-{d}"), "10001", d, 100_000))
        .chain((1..=2).map(|d| line(&format!("P-{d}"), "10002", 10 + d, 5_000)))
        .collect();
    common::import_order_lines(app, &lines, &actor).await;
    ids
}

#[tokio::test]
async fn the_analysis_of_a_period_reconciles_and_its_settings_are_checked_field_by_field() {
    let app = spawn_app().await;
    let ids = base(&app).await;
    let t = &app.token;

    // Cost pools: a negative cost and a repeated name are named; good ones are kept.
    let (s, bad) = call(
        &app,
        t,
        Method::PUT,
        "/api/v1/analysis/cost-pools",
        Some(json!([
            {"name": "Tilaukset", "cost_cents": -1, "driver": "orders", "layer": "sales"},
            {"name": "Tilaukset", "cost_cents": 100, "driver": "orders", "layer": "sales"}
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let fields: Vec<&str> = bad["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["pools[0].cost", "pools[1].name"]);
    let pools = json!([
        {"name": "Tilausten käsittely", "cost_cents": 3_650_000, "driver": "orders", "layer": "sales"},
        {"name": "Uusasiakashankinta", "cost_cents": 730_000, "driver": "not_allocated", "layer": "marketing"}
    ]);
    let (s, _) = call(
        &app,
        t,
        Method::PUT,
        "/api/v1/analysis/cost-pools",
        Some(pools.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, stored) = call(&app, t, Method::GET, "/api/v1/analysis/cost-pools", None).await;
    assert_eq!(stored, pools);

    // The year 2025: the pools' full yearly costs; ten orders share the order pool.
    let (s, a) = call(&app, t, Method::GET, "/api/v1/analysis?period=2025", None).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    let customers = a["analysis"]["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 3);
    let margin = |i: usize| {
        customers[i]["waterfall"]["customer_margin"]
            .as_i64()
            .unwrap()
    };
    let kone = &customers[0]["waterfall"];
    assert_eq!(kone["revenue"], 800_000);
    assert_eq!(kone["sales_margin"], 320_000);
    assert_eq!(kone["pool_costs"], json!([2_920_000, 0]));
    assert_eq!(margin(0), 320_000 - 2_920_000);
    assert_eq!(margin(1), 4_000 - 730_000);
    let unallocated = a["analysis"]["unallocated_total"].as_i64().unwrap();
    assert_eq!(unallocated, 730_000);
    assert_eq!(
        margin(0) + margin(1) + margin(2) - unallocated,
        a["analysis"]["company_result"].as_i64().unwrap()
    );
    assert_eq!(customers[2]["assessment"]["behaviour"], "never_bought");
    // A quarter takes its share of the yearly costs by days: 90 of 365.
    let (_, q) = call(
        &app,
        t,
        Method::GET,
        "/api/v1/analysis?period=2025-Q1",
        None,
    )
    .await;
    assert_eq!(q["pools"][0]["cost_cents"], 900_000);
    let (s, bad) = call(
        &app,
        t,
        Method::GET,
        "/api/v1/analysis?period=2025-Q7",
        None,
    )
    .await;
    assert_eq!(
        (s, bad["fields"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("period"))
    );

    // Settings: weights that do not add up to 100 are refused and named.
    let (_, mut settings) = call(&app, t, Method::GET, "/api/v1/analysis/settings", None).await;
    settings["score_model"]["criteria"][0]["weight"] = json!(50);
    let (s, bad) = call(
        &app,
        t,
        Method::PUT,
        "/api/v1/analysis/settings",
        Some(settings.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(bad["fields"][0]["field"], "score_model.criteria");
    settings["score_model"]["criteria"][0]["weight"] = json!(30);
    settings["bands"] = json!(4);
    let (s, _) = call(
        &app,
        t,
        Method::PUT,
        "/api/v1/analysis/settings",
        Some(settings),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, a) = call(&app, t, Method::GET, "/api/v1/analysis?period=2025", None).await;
    assert_eq!(
        a["analysis"]["grid"]["groups"].as_array().unwrap().len(),
        16
    );

    // Ratings: only the model's people-rated criteria, 1–5.
    let ratings_path = format!("/api/v1/accounts/{}/ratings", ids[1]);
    let rate = |body: Value| call(&app, t, Method::POST, &ratings_path, Some(body));
    let (s, bad) = rate(json!({"criterion": "sales_volume", "score": 9})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["criterion", "score"]);
    let (s, _) =
        rate(json!({"criterion": "reference", "score": 5, "reason": "Suosittelee meitä"})).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, ratings) = call(
        &app,
        t,
        Method::GET,
        &format!("/api/v1/accounts/{}/ratings", ids[1]),
        None,
    )
    .await;
    assert_eq!(
        (ratings[0]["score"].clone(), ratings[0]["reason"].clone()),
        (json!(5), json!("Suosittelee meitä"))
    );

    // A segment set by hand stays through a refresh; the refresh sets the others.
    let path = format!("/api/v1/accounts/{}/segment", ids[1]);
    let (s, bad) = call(
        &app,
        t,
        Method::PUT,
        &path,
        Some(json!({"segment": "grow", "reason": " "})),
    )
    .await;
    assert_eq!(
        (s, bad["fields"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("reason"))
    );
    let (s, _) = call(
        &app,
        t,
        Method::PUT,
        &path,
        Some(json!({"segment": "grow", "reason": "Laajentaa toimintaansa"})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, done) = call(
        &app,
        t,
        Method::POST,
        "/api/v1/analysis/refresh?period=2025",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(
        (done["customers"].clone(), done["segments_changed"].clone()),
        (json!(3), json!(2))
    );
    let (_, seg) = call(&app, t, Method::GET, &path, None).await;
    assert_eq!(
        (
            seg["current"]["segment"].clone(),
            seg["current"]["manual"].clone()
        ),
        (json!("grow"), json!(true))
    );
    assert_eq!(seg["history"][0]["reason"], "Laajentaa toimintaansa");
    let (_, again) = call(
        &app,
        t,
        Method::POST,
        "/api/v1/analysis/refresh?period=2025",
        None,
    )
    .await;
    assert_eq!(again["segments_changed"], 0, "nothing changed since");
    let (s, _) = call(
        &app,
        t,
        Method::PUT,
        &format!("/api/v1/accounts/{}/estimated-need", ids[1]),
        Some(json!({"cents": 2_000_000})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, a) = call(&app, t, Method::GET, "/api/v1/analysis?period=2025", None).await;
    assert_eq!(
        a["analysis"]["customers"][1]["growth_room_cents"],
        2_000_000 - 10_000
    );
}

#[tokio::test]
async fn the_company_analysis_is_for_those_who_see_every_account() {
    let app = spawn_app().await;
    let ids = base(&app).await;
    let rep = app.add_user("Aki Myyjä", Role::AccountManager, None).await;
    let rep_token = app.token_for(&rep).await;
    for path in [
        "/api/v1/analysis",
        "/api/v1/analysis/cost-pools",
        "/api/v1/analysis/settings",
    ] {
        let (s, _) = call(&app, &rep_token, Method::GET, path, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
    let (s, _) = call(
        &app,
        &rep_token,
        Method::POST,
        "/api/v1/analysis/refresh",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The responsible person may rate and set a segment with a reason.
    let (s, _) = call(
        &app,
        &rep_token,
        Method::POST,
        &format!("/api/v1/accounts/{}/ratings", ids[0]),
        Some(json!({"criterion": "learning", "score": 4})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let reader = app.add_user("Lasse Lukija", Role::ReadOnly, None).await;
    let reader_token = app.token_for(&reader).await;
    let (s, _) = call(
        &app,
        &reader_token,
        Method::POST,
        &format!("/api/v1/accounts/{}/ratings", ids[0]),
        Some(json!({"criterion": "learning", "score": 4})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = call(
        &app,
        &reader_token,
        Method::GET,
        &format!("/api/v1/accounts/{}/segment", ids[0]),
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::OK,
        "reading a segment is reading the customer"
    );
    let (s, _) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/accounts/999999/segment",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
