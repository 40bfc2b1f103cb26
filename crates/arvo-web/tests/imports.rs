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

#[tokio::test]
async fn the_import_page_checks_a_file_first_and_imports_it_on_confirmation() {
    let app = spawn_app().await;
    let (session, _) =
        common::Session::sign_in(&app, &app.admin.email, arvo_web::testing::TEST_PASSWORD).await;
    let html = session.page("/imports").await;
    assert!(html.contains(r#"id="import-form""#) && html.contains(r#"href="/imports""#));
    let csrf = common::hidden_value(&html, "_csrf");
    let accounts = "Asiakasnumero;Nimi;Kunta\n20001;Kuopion Kalatukku Oy;Kuopio\n20001;Toisto Oy;Kuopio\n20002;Savon Kone Oy;Varkaus\n";
    let form = |csrf: &str| {
        reqwest::multipart::Form::new()
            .text("_csrf", csrf.to_owned())
            .text("kind", "accounts")
            .part(
                "file",
                reqwest::multipart::Part::bytes(accounts.as_bytes().to_vec())
                    .file_name("asiakkaat.csv"),
            )
    };
    // Without the session's CSRF token nothing is even checked.
    let r = session
        .client
        .post(format!("{}/imports", app.address))
        .multipart(form("vaara"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = session
        .client
        .post(format!("{}/imports", app.address))
        .multipart(form(&csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="count-created">2<"#), "{html}");
    assert!(html.contains(r#"id="count-rejected">1<"#));
    assert!(html.contains("Asiakasnumero"), "the mapping is shown");
    assert_eq!(
        app.store.count_accounts().await.unwrap(),
        0,
        "a check saves nothing"
    );
    let action = html
        .split(r#"action="/imports/"#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a confirmation form")
        .to_owned();
    let r = session
        .client
        .post(format!("{}/imports/{action}", app.address))
        .form(&[("_csrf", csrf.as_str()), ("skip_invalid", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("import-log") && html.contains("asiakkaat.csv"));
    assert_eq!(app.store.count_accounts().await.unwrap(), 2);
    // The upload is gone once used.
    let r = session
        .client
        .post(format!("{}/imports/{action}", app.address))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
