//! Account plans through the API: a plan saved whole (or refused whole, each bad field named),
//! its goals measured against the data, its review cadence and overdue actions turned into
//! suggested actions, a task that closes its action, reviews, the list of plans and deletion.

mod common;

use arvo_core::{AccountInput, Actor, Role};
use arvo_store::imports::OrderLineRecord;
use arvo_web::testing::{TestApp, spawn_app};
use common::call;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn line(order: &str, month: u32, net: i64) -> OrderLineRecord {
    common::order_line(
        order,
        "10001",
        chrono::NaiveDate::from_ymd_opt(2026, month, 10).unwrap(),
        net,
    )
}

/// Kone Oy, Mikko's customer, bought 1 000 € a month from April to November 2026 and needs
/// 20 000 € a year. Returns its id.
async fn kone(app: &TestApp) -> i64 {
    let actor = Actor::new("tests", "cli");
    let mut draft = AccountInput {
        name: Some("Kone Oy".into()),
        owner: Some("Mikko Myyjä".into()),
        ..AccountInput::default()
    }
    .validate(&[])
    .unwrap();
    draft.customer_number = Some("10001".into());
    let id = app.store.create_account(&draft, &actor).await.unwrap().id;
    let lines: Vec<OrderLineRecord> = (4..=11)
        .map(|m| line(&format!("K-{m}"), m, 100_000))
        .collect();
    common::import_order_lines(app, &lines, &actor).await;
    let (status, body) = call(
        app,
        &app.token,
        Method::PUT,
        &format!("/api/v1/accounts/{id}/estimated-need"),
        Some(json!({ "cents": 2_000_000 })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    id
}

fn plan_body() -> Value {
    json!({
        "summary": "Kasvatetaan osuutta huollossa",
        "review_every_days": 60,
        "started": "1.6.2026",
        "goals": [
            {"metric": "revenue", "baseline": "5 000 €", "target": "11 000 €", "due": "31.12.2027"},
            {"metric": "share_of_wallet", "baseline": "25 %", "target": "40 %"},
            {"metric": "custom", "name": "Pilotoidut tuotteet", "baseline": "0", "target": "4",
             "current": "1", "due": "1.11.2026"}
        ],
        "actions": [
            {"title": "Esittele huoltosopimus", "owner": "Aino Avustaja", "due": "30.11.2026"},
            {"title": "Tehdasvierailu", "due": "15.1.2027", "status": "in_progress"}
        ],
        "script": [
            {"stage": "retention", "kind": "business_review",
             "participants": "KAM ja talousjohtaja", "exchanged": "Vuoden luvut ja tarpeet"}
        ]
    })
}

fn keys(suggestions: &Value) -> Vec<String> {
    suggestions
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_plan_is_measured_followed_by_the_engine_and_its_action_closed_by_a_task() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let aino_user = app
        .add_user("Aino Avustaja", Role::AccountManager, None)
        .await;
    let mikko = app.token_for(&mikko).await;
    let aino = app.token_for(&aino_user).await;
    let id = kone(&app).await;
    let path = format!("/api/v1/accounts/{id}/plan");

    // A bad plan is refused whole, every bad field named.
    let mut bad = plan_body();
    bad["goals"][1]["target"] = json!("140 %");
    bad["actions"][0]["due"] = json!("31.11.2026");
    bad["actions"][1]["owner"] = json!("Ei Ketään");
    let (status, body) = call(&app, &mikko, Method::PUT, &path, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["goals[1].target", "actions[0].due"], "{body}");
    let mut unknown = plan_body();
    unknown["actions"][1]["owner"] = json!("Ei Ketään");
    let (status, body) = call(&app, &mikko, Method::PUT, &path, Some(unknown)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "actions[1].owner");
    let (status, _) = call(&app, &mikko, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, saved) = call(&app, &mikko, Method::PUT, &path, Some(plan_body())).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["actions"][1]["owner"], "Mikko Myyjä");
    let action = saved["actions"][0]["id"].as_i64().unwrap();

    // The action is on its owner's My work.
    let (session, _) =
        common::Session::sign_in(&app, &aino_user.email, arvo_web::testing::TEST_PASSWORD).await;
    let work = session.page("/work").await;
    assert!(
        work.contains("id=\"plan-actions\"") && work.contains("Esittele huoltosopimus"),
        "{work}"
    );

    // Measured on 6.12.2026 over the twelve months before: 8 000 € of 20 000 € needed.
    let (status, report) = call(
        &app,
        &mikko,
        Method::GET,
        &format!("{path}?on=2026-12-06"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let goal = |i: usize| &report["goals"][i];
    assert_eq!(goal(0)["actual"], 800_000);
    assert_eq!(goal(0)["progress"], 0.5);
    assert_eq!(goal(1)["actual"], 4_000);
    assert_eq!(goal(1)["progress"], 1.0);
    assert_eq!(goal(2)["actual"], 100);
    assert_eq!(goal(2)["progress"], 0.25);
    assert_eq!(goal(2)["late"], true);
    assert_eq!(goal(0)["late"], false);
    assert_eq!(report["last_review"], Value::Null);
    assert_eq!(report["next_review"], "2026-07-31");
    assert!(report["stage"].is_string(), "{report}");

    // The engine proposes the late review and the overdue action to the account's owner.
    let suggestions = |token: String| {
        let app = &app;
        async move {
            let (status, body) = call(
                app,
                &token,
                Method::GET,
                "/api/v1/care/suggestions?on=2026-12-06",
                None,
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let found = suggestions(mikko.clone()).await;
    assert_eq!(
        keys(&found),
        ["plan_review:2026-06-01", &format!("plan_action:{action}")]
    );
    assert!(
        found[1]["reason"]
            .as_str()
            .unwrap()
            .contains("Esittele huoltosopimus"),
        "{found}"
    );

    // Accepted, the action's task is its doer's; done, it closes the action.
    let (status, decided) = call(
        &app,
        &mikko,
        Method::POST,
        &format!("/api/v1/accounts/{id}/care-decisions?on=2026-12-06"),
        Some(json!({ "gap": format!("plan_action:{action}"), "decision": "accept" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{decided}");
    assert_eq!(decided["task"]["owner"], "Aino Avustaja");
    assert_eq!(decided["task"]["origin"], "account_plan");
    let task = decided["task"]["id"].as_i64().unwrap();
    let (status, body) = call(
        &app,
        &aino,
        Method::POST,
        &format!("/api/v1/tasks/{task}/done"),
        Some(json!({ "done": true })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, after) = call(&app, &mikko, Method::GET, &path, None).await;
    assert_eq!(after["plan"]["actions"][0]["status"], "done");
    assert_eq!(after["plan"]["version"], 2);

    // A review cannot be on a day to come; recorded, the review is on time again.
    let reviews = format!("{path}/reviews");
    let (status, body) = call(
        &app,
        &mikko,
        Method::POST,
        &reviews,
        Some(json!({ "on": "1.1.2999" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "on");
    let (status, body) = call(
        &app,
        &mikko,
        Method::POST,
        &reviews,
        Some(json!({ "on": "5.12.2026" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["reviewed_on"], "2026-12-05");
    assert!(keys(&suggestions(mikko.clone()).await).is_empty());

    // Saving over someone else's change is refused.
    let mut stale = plan_body();
    stale["version"] = json!(1);
    let (status, _) = call(&app, &mikko, Method::PUT, &path, Some(stale)).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (status, list) = call(&app, &mikko, Method::GET, "/api/v1/plans", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list[0]["account_name"], "Kone Oy");
    assert_eq!(list[0]["open_actions"], 1);

    let (status, _) = call(&app, &mikko, Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(&app, &mikko, Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_business_review_reviews_the_plan_and_read_only_users_cannot_change_it() {
    let app = spawn_app().await;
    app.add_user("Aino Avustaja", Role::AccountManager, None)
        .await;
    let reader = app.add_user("Lukija", Role::ReadOnly, None).await;
    let reader = app.token_for(&reader).await;
    let id = kone(&app).await;
    let path = format!("/api/v1/accounts/{id}/plan");
    let (status, body) = call(&app, &app.token, Method::PUT, &path, Some(plan_body())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = call(
        &app,
        &app.token,
        Method::POST,
        &format!("/api/v1/accounts/{id}/encounters"),
        Some(json!({ "kind": "business_review", "date": "2026-11-20", "summary": "Vuosikatsaus" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, report) = call(
        &app,
        &reader,
        Method::GET,
        &format!("{path}?on=2026-12-06"),
        None,
    )
    .await;
    assert_eq!(report["last_review"], "2026-11-20");
    assert_eq!(report["next_review"], "2027-01-19");
    for (method, target, body) in [
        (Method::PUT, path.clone(), Some(plan_body())),
        (Method::POST, format!("{path}/reviews"), Some(json!({}))),
        (Method::DELETE, path.clone(), None),
    ] {
        let (status, _) = call(&app, &reader, method, &target, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{target}");
    }
}

#[tokio::test]
async fn an_account_manager_makes_reviews_and_deletes_a_plan_on_its_pages() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let id = kone(&app).await;
    let (session, _) =
        common::Session::sign_in(&app, &mikko.email, arvo_web::testing::TEST_PASSWORD).await;
    let account = session.page(&format!("/accounts/{id}")).await;
    assert!(account.contains("id=\"make-plan\""), "{account}");
    let html = session.page(&format!("/accounts/{id}/plan")).await;
    assert!(html.contains("id=\"plan-form\""), "{html}");
    let csrf = common::hidden_value(&html, "_csrf");
    let fields = |target: &'static str| {
        let mut f: Vec<(String, String)> = vec![("_csrf".into(), csrf.clone())];
        let mut put = |k: &str, v: &str| f.push((k.into(), v.into()));
        put("version", "");
        put("summary", "Huoltosopimus koko konsernille");
        put("review_every_days", "90");
        put("started", "1.6.2026");
        put("g0.present", "1");
        put("g0.blank", "on");
        put("g0.metric", "revenue");
        put("g0.baseline", "5 000");
        put("g0.target", target);
        put("a0.present", "1");
        put("a0.blank", "on");
        put("a0.title", "Esittele huoltosopimus");
        put("a0.owner", "Mikko Myyjä");
        put("a0.due", "15.1.2027");
        put("a0.status", "planned");
        // Blank rows left blank are not part of the plan.
        put("s0.present", "1");
        put("s0.blank", "on");
        put("s0.stage", "acquisition");
        put("s0.kind", "call");
        f
    };
    let (status, html) = session
        .submit(&format!("/accounts/{id}/plan"), &fields("paljon"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("field-error"), "{html}");
    assert!(html.contains("value=\"paljon\""), "the input stays");
    assert!(
        html.contains("Esittele huoltosopimus"),
        "the other rows stay"
    );
    let (status, _) = call(
        &app,
        &app.token,
        Method::GET,
        &format!("/api/v1/accounts/{id}/plan"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing saved");

    let (status, _) = session
        .submit(&format!("/accounts/{id}/plan"), &fields("11 000"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = session.page(&format!("/accounts/{id}/plan")).await;
    assert!(html.contains("id=\"plan-goals\""), "{html}");
    assert!(html.contains("Huoltosopimus koko konsernille"));
    let (_, stored) = call(
        &app,
        &app.token,
        Method::GET,
        &format!("/api/v1/accounts/{id}/plan"),
        None,
    )
    .await;
    assert_eq!(stored["plan"]["goals"][0]["target"], 1_100_000);
    assert_eq!(stored["plan"]["actions"].as_array().unwrap().len(), 1);
    assert!(stored["plan"]["script"].as_array().unwrap().is_empty());
    // The stored plan's rows come back in the form with their ids, and a blank row to add one.
    let goal = stored["plan"]["goals"][0]["id"].as_i64().unwrap();
    assert!(html.contains(&format!("name=\"g0.id\" value=\"{goal}\"")));
    assert!(html.contains("name=\"g1.blank\""), "{html}");

    let csrf = common::hidden_value(&html, "_csrf");
    let (status, html) = session
        .submit(
            &format!("/accounts/{id}/plan/review"),
            &[("_csrf", csrf.as_str()), ("on", "1.1.2999")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("review-on-error"), "{html}");
    let (status, _) = session
        .submit(
            &format!("/accounts/{id}/plan/review"),
            &[("_csrf", csrf.as_str()), ("on", "5.12.2026")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, stored) = call(
        &app,
        &app.token,
        Method::GET,
        &format!("/api/v1/accounts/{id}/plan"),
        None,
    )
    .await;
    assert_eq!(stored["plan"]["reviewed_on"], "2026-12-05");

    let list = session.page("/plans").await;
    assert!(
        list.contains("Kone Oy") && list.contains("id=\"plans\""),
        "{list}"
    );
    let account = session.page(&format!("/accounts/{id}")).await;
    assert!(account.contains("id=\"open-plan\"") && account.contains("id=\"plan-goals\""));

    // Deleting asks for a confirmation.
    let (status, _) = session
        .submit(
            &format!("/accounts/{id}/plan/delete"),
            &[("_csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = call(
        &app,
        &app.token,
        Method::GET,
        &format!("/api/v1/accounts/{id}/plan"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = session
        .submit(
            &format!("/accounts/{id}/plan/delete"),
            &[("_csrf", csrf.as_str()), ("confirm", "on")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = call(
        &app,
        &app.token,
        Method::GET,
        &format!("/api/v1/accounts/{id}/plan"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
