//! Imports through the API: a file posted as the body comes back as the import's report; only
//! those who may import and see every account may; rejected rows stop the import.

mod common;

use arvo_core::Role;
use arvo_web::testing::spawn_app;
use common::call;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn post_file(
    app: &arvo_web::testing::TestApp,
    token: &str,
    path: &str,
    body: &str,
) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}{path}", app.address))
        .bearer_auth(token)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn files_posted_to_the_api_are_imported_by_those_who_may() {
    let app = spawn_app().await;
    let accounts = "Asiakasnumero;Nimi;Kunta\n20001;Kuopion Kalatukku Oy;Kuopio\n20002;Savon Kone Oy;Varkaus\n";
    let (s, dry) = post_file(
        &app,
        &app.token,
        "/api/v1/imports/accounts?dry_run=true",
        accounts,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{dry}");
    assert_eq!(
        (dry["rows"]["created"].clone(), dry["applied"].clone()),
        (json!(2), json!(false))
    );
    let (s, done) = post_file(&app, &app.token, "/api/v1/imports/accounts", accounts).await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["applied"], true);
    assert_eq!(app.store.count_accounts().await.unwrap(), 2);

    let orders = "Tilausnumero;Rivi;Asiakasnumero;Tilauspäivä;Tuotenumero;Määrä;À-hinta\n\
                  T-1;1;20001;2.3.2026;P-1;2;10,00\n\
                  T-2;1;29999;3.3.2026;P-1;1;10,00\n";
    let (s, refused) = post_file(&app, &app.token, "/api/v1/imports/orders?lang=fi", orders).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["rejections"][0]["row"], 3);
    assert_eq!(
        refused["rejections"][0]["problems"][0]["column"],
        "Asiakasnumero"
    );
    assert_eq!(app.store.order_counts().await.unwrap(), (0, 0));
    let (s, skipped) = post_file(
        &app,
        &app.token,
        "/api/v1/imports/orders?skip_invalid=true",
        orders,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{skipped}");
    assert_eq!(app.store.order_counts().await.unwrap(), (1, 1));
    let (_, found) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/accounts?q=kalatukku",
        None,
    )
    .await;
    let id = &found["items"][0]["id"];
    let (s, history) = call(
        &app,
        &app.token,
        Method::GET,
        &format!("/api/v1/accounts/{id}/purchases"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(history["years"][0]["net_cents"], 2000);

    // Account managers and managers who see only their team may not import.
    let rep = app.add_user("Aki Myyjä", Role::AccountManager, None).await;
    let rep_token = app.token_for(&rep).await;
    let (s, _) = post_file(&app, &rep_token, "/api/v1/imports/accounts", accounts).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    app.store
        .set_setting("visibility", "team", &arvo_core::Actor::new("tests", "cli"))
        .await
        .unwrap();
    let manager = app
        .add_user("Maija Esimies", Role::Manager, Some("Itä"))
        .await;
    let manager_token = app.token_for(&manager).await;
    let (s, _) = post_file(&app, &manager_token, "/api/v1/imports/accounts", accounts).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = post_file(&app, &app.token, "/api/v1/imports/nonsense", accounts).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
