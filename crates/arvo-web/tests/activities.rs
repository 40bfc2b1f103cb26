//! An account's activities through the real server: `GET /api/v1/accounts/{id}/activities` gives
//! what its OpenAPI schema says (every field of the answer is in the schema and the other way
//! round) within the caller's scope, and the account page shows the same figures and latest
//! records in Finnish and English, or one muted line when there are none.

mod common;

use arvo_core::{Actor, Role};
use arvo_store::imports::{ActivityRecord, ImportOptions, Value};
use arvo_web::testing::{TEST_PASSWORD, TestApp, spawn_app};
use common::{Session, call};
use reqwest::{Method, StatusCode};
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;

async fn create(app: &TestApp, body: Json) -> i64 {
    let (s, v) = call(
        app,
        &app.token,
        Method::POST,
        "/api/v1/accounts",
        Some(body),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["id"].as_i64().unwrap()
}

/// Activities of customer 10023: in 2026 two invoices (one paid five days late, one unpaid with
/// its due date long past), 9,75 hours of service, a delivery and a return; in 2025 a visit.
async fn activities(app: &TestApp) {
    use arvo_store::imports::{DELIVERIES, INVOICES, RETURNS, SERVICE_ENTRIES, VISITS};
    let day = |y, m, d| Value::Date(chrono::NaiveDate::from_ymd_opt(y, m, d));
    let record = |key: &str, values| ActivityRecord {
        row: 2,
        key: key.into(),
        customer_number: Some("10023".into()),
        business_id: None,
        order_number: None,
        product_number: None,
        values,
    };
    let text = |t: &str| Value::Text(Some(t.into()));
    let int = |n| Value::Integer(Some(n));
    let options = ImportOptions {
        dry_run: false,
        skip_invalid: false,
        rejected_before: 0,
        rows_read: 1,
        file_name: "aktiviteetit.csv",
        actor: &Actor::new("tests", "cli"),
    };
    for (kind, rows) in [
        (&DELIVERIES, vec![record("D-1", vec![day(2026, 3, 4)])]),
        (
            &INVOICES,
            vec![
                record(
                    "L-1",
                    vec![
                        day(2026, 3, 5),
                        day(2026, 3, 19),
                        day(2026, 3, 24),
                        int(123_400),
                    ],
                ),
                record(
                    "L-2",
                    vec![
                        day(2026, 1, 10),
                        day(2026, 1, 24),
                        Value::Date(None),
                        int(10_000),
                    ],
                ),
            ],
        ),
        (
            &SERVICE_ENTRIES,
            vec![
                record(
                    "H-1",
                    vec![
                        day(2026, 3, 7),
                        int(7_500),
                        text("Asentaja Aho"),
                        text("Vuosihuolto"),
                    ],
                ),
                record(
                    "H-2",
                    vec![
                        day(2026, 3, 8),
                        int(2_250),
                        Value::Text(None),
                        Value::Text(None),
                    ],
                ),
            ],
        ),
        (
            &VISITS,
            vec![record(
                "K-1",
                vec![day(2025, 9, 1), text("Eeva Itä"), text("Vuosisopimus")],
            )],
        ),
        (
            &RETURNS,
            vec![record(
                "R-1",
                vec![
                    day(2026, 3, 10),
                    Value::Integer(None),
                    int(4_990),
                    text("Rikki"),
                ],
            )],
        ),
    ] {
        let outcome = app
            .store
            .import_activities(kind, &rows, &options)
            .await
            .unwrap();
        assert!(outcome.applied, "{outcome:?}");
    }
}

/// The property names of a schema of the OpenAPI document.
fn properties(doc: &Json, schema: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{schema} is described"))
        .keys()
        .cloned()
        .collect()
}

/// The keys of a JSON object.
fn keys(v: &Json) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn the_activities_answer_what_the_schema_says_within_the_scope() {
    let app = spawn_app().await;
    let eeva = app
        .add_user("Eeva Itä", Role::AccountManager, Some("Myynti"))
        .await;
    let ville = app
        .add_user("Ville Länsi", Role::AccountManager, Some("Myynti"))
        .await;
    app.store
        .set_setting("visibility", "own", &Actor::new("tests", "cli"))
        .await
        .unwrap();
    let ours = create(
        &app,
        json!({"name": "Itäinen Kone Oy", "customer_number": "10023", "owner": eeva.email}),
    )
    .await;
    let empty = create(
        &app,
        json!({"name": "Hiljainen Oy", "customer_number": "10024", "owner": eeva.email}),
    )
    .await;
    activities(&app).await;
    let eeva_token = app.token_for(&eeva).await;
    let ville_token = app.token_for(&ville).await;
    let path = format!("/api/v1/accounts/{ours}/activities");

    let (s, h) = call(&app, &eeva_token, Method::GET, &path, None).await;
    assert_eq!(s, StatusCode::OK, "{h}");
    let years: Vec<i64> = h["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2026, 2025]);
    let y = &h["years"][0];
    assert_eq!(
        (
            &y["deliveries"],
            &y["invoices"],
            &y["invoiced_cents"],
            &y["paid_invoices"],
            &y["late_invoices"],
            &y["unpaid_invoices"],
        ),
        (
            &json!(1),
            &json!(2),
            &json!(133_400),
            &json!(1),
            &json!(2),
            &json!(1)
        )
    );
    assert_eq!(y["average_days_to_pay"], 19.0);
    assert_eq!(y["average_terms_days"], 14.0);
    assert_eq!(y["service_hours_milli"], 9_750);
    assert_eq!(
        (&y["returns"], &y["returned_cents"]),
        (&json!(1), &json!(4_990))
    );
    assert_eq!(h["years"][1]["visits"], 1);
    assert_eq!(h["years"][1]["average_days_to_pay"], Json::Null);
    let invoice = &h["invoices"][0];
    assert_eq!(
        (
            &invoice["invoice_number"],
            &invoice["invoice_date"],
            &invoice["days_to_pay"],
            &invoice["days_late"],
        ),
        (&json!("L-1"), &json!("2026-03-05"), &json!(19), &json!(5))
    );
    assert_eq!(h["service_entries"][0]["reference"], "H-2");
    assert_eq!(h["returns"][0]["quantity_milli"], Json::Null);
    let (_, latest) = call(
        &app,
        &eeva_token,
        Method::GET,
        &format!("{path}?recent=1"),
        None,
    )
    .await;
    assert_eq!(latest["invoices"].as_array().unwrap().len(), 1);
    assert_eq!(latest["service_entries"].as_array().unwrap().len(), 1);
    assert_eq!(latest["years"], h["years"]);
    let (_, none) = call(
        &app,
        &eeva_token,
        Method::GET,
        &format!("/api/v1/accounts/{empty}/activities"),
        None,
    )
    .await;
    assert_eq!(
        none,
        json!({"years": [], "deliveries": [], "invoices": [], "service_entries": [],
               "visits": [], "returns": []})
    );

    // The OpenAPI document describes the route and every field of its answer, and no other.
    let (_, doc) = call(&app, &app.token, Method::GET, "/api/openapi.json", None).await;
    let op = &doc["paths"]["/api/v1/accounts/{id}/activities"]["get"];
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ActivityHistory"
    );
    assert!(
        op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "recent" && p["in"] == "query")
    );
    for (schema, example) in [
        ("ActivityHistory", &h),
        ("ActivityYear", &h["years"][0]),
        ("DeliverySummary", &h["deliveries"][0]),
        ("InvoiceSummary", &h["invoices"][0]),
        ("ServiceSummary", &h["service_entries"][0]),
        ("VisitSummary", &h["visits"][0]),
        ("ReturnSummary", &h["returns"][0]),
    ] {
        assert_eq!(properties(&doc, schema), keys(example), "{schema}");
    }

    // Another's account is not found, as its purchases are not; without a token, nothing.
    let (s, body) = call(&app, &ville_token, Method::GET, &path, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{body}");
    let (s, _) = call(
        &app,
        &ville_token,
        Method::GET,
        &format!("/api/v1/accounts/{ours}/purchases"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/accounts/999999/activities",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = call(&app, "arvo_not-a-token", Method::GET, &path, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_account_page_shows_the_activities_in_the_users_language() {
    let app = spawn_app().await;
    let ours = create(
        &app,
        json!({"name": "Itäinen Kone Oy", "customer_number": "10023"}),
    )
    .await;
    let empty = create(&app, json!({"name": "Hiljainen Oy"})).await;
    activities(&app).await;
    let (session, _) = Session::sign_in(&app, &app.admin.email, TEST_PASSWORD).await;

    let html = session.page(&format!("/accounts/{ours}?lang=fi")).await;
    let section = html
        .split(r#"id="activities""#)
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("the activity section");
    for text in [
        "Toimitukset, laskut ja palvelu",
        "Maksuaika, pv",
        "1\u{a0}334\u{a0}€",
        "9,75",
        "5 pv myöhässä",
        "Erääntynyt",
        "24.3.2026",
        "Vuosisopimus",
        "49,90\u{a0}€",
        "Viimeisimmät palautukset",
    ] {
        assert!(section.contains(text), "{text}: {section}");
    }
    let years = section
        .split(r#"id="activity-years""#)
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .unwrap();
    assert!(years.contains(">2025</td>"), "{years}");
    let html = session.page(&format!("/accounts/{ours}?lang=en")).await;
    for text in [
        "Deliveries, invoices and service",
        "Days to pay",
        "5 days late",
        "2026-03-24",
        "€1,334",
    ] {
        assert!(html.contains(text), "{text}");
    }
    let html = session.page(&format!("/accounts/{empty}?lang=fi")).await;
    assert!(html.contains("Ei toimituksia, laskuja, huoltotunteja"));
    assert!(!html.contains(r#"id="activity-years""#));
}
