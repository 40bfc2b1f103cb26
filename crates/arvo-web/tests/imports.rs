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

/// Where a redirect points.
fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// The upload's page once its check or import has finished (the page refreshes itself while
/// the file is read), with its status.
async fn finished(session: &common::Session, path: &str) -> (StatusCode, String) {
    for _ in 0..200 {
        let r = session
            .client
            .get(format!("{}{path}", session.base))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let html = r.text().await.unwrap();
        if !html.contains(r#"id="import-progress""#) {
            return (status, html);
        }
        assert!(
            html.contains(r#"http-equiv="refresh""#),
            "a running import refreshes"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import of {path} did not finish");
}

#[tokio::test]
async fn the_import_page_checks_a_file_lets_the_columns_be_chosen_and_imports_on_confirmation() {
    let app = spawn_app().await;
    let (session, _) =
        common::Session::sign_in(&app, &app.admin.email, arvo_web::testing::TEST_PASSWORD).await;
    let html = session.page("/imports").await;
    assert!(html.contains(r#"id="import-form""#) && html.contains(r#"href="/imports""#));
    let csrf = common::hidden_value(&html, "_csrf");
    let accounts = "Asiakasnumero;Kumppani;Kunta\n20001;Kuopion Kalatukku Oy;Kuopio\n20001;Toisto Oy;Kuopio\n20002;Savon Kone Oy;Varkaus\n";
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
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = location(&r);
    assert!(page.starts_with("/imports/"), "{page}");

    // "Kumppani" is no name the suggestion knows: the check says which field is missing, and the
    // editor shows every column with its first values.
    let (status, html) = finished(&session, &page).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains(r#"id="import-refused""#), "{html}");
    assert!(html.contains(r#"id="mapping-form""#));
    assert!(
        html.contains("Kuopion Kalatukku Oy · Toisto Oy · Savon Kone Oy"),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="customer_number" selected>"#),
        "{html}"
    );
    assert!(!html.contains(r#"id="apply""#), "nothing to import yet");

    // Column 1 is the name; column 2 is left out, and the choice is saved by name.
    let r = session
        .client
        .post(format!("{}{page}/mapping", app.address))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("field_0", "customer_number"),
            ("field_1", "name"),
            ("field_2", ""),
            ("save_as", "Asiakkaat ilman kuntaa"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("{page}?notice=mapping_saved"));
    let (status, html) = finished(&session, &location(&r)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(r#"id="count-created">2<"#), "{html}");
    assert!(html.contains(r#"id="count-rejected">1<"#));
    assert!(html.contains(r#"<option value="Asiakkaat ilman kuntaa">"#));
    assert!(html.contains(r#"<option value="name" selected>"#));
    assert_eq!(
        app.store.count_accounts().await.unwrap(),
        0,
        "a check saves nothing"
    );
    let saved = app
        .store
        .mapping_named("Asiakkaat ilman kuntaa")
        .await
        .unwrap()
        .expect("saved");
    assert_eq!(saved.0, "accounts");

    // The rejected row can be downloaded in the file's own format, with its reason.
    let r = session
        .client
        .get(format!("{}{page}/rejected", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("asiakkaat-hylatyt.csv")
    );
    let rejected = r.text().await.unwrap();
    assert!(
        rejected.contains("Toisto Oy") && !rejected.contains("Savon Kone"),
        "{rejected}"
    );

    let apply = format!("{}{page}/apply", app.address);
    let r = session
        .client
        .post(&apply)
        .form(&[("_csrf", csrf.as_str()), ("skip_invalid", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, html) = finished(&session, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"id="import-report""#) && html.contains(r#"id="count-created">2<"#),
        "{html}"
    );
    assert!(
        !html.contains(r#"id="mapping-form""#),
        "an imported file is not edited"
    );
    assert_eq!(app.store.count_accounts().await.unwrap(), 2);
    let query = arvo_store::AccountQuery {
        limit: 10,
        scope: arvo_core::Scope::All,
        ..Default::default()
    };
    let names = app.store.list_accounts(&query).await.unwrap();
    assert_eq!(names.items.len(), 2);
    assert!(
        names.items.iter().all(|a| a.data.municipality.is_none()),
        "Kunta was left out"
    );
    let log = session.page("/imports").await;
    assert!(log.contains("import-log") && log.contains("asiakkaat.csv"));

    // A second confirmation imports nothing again.
    let r = session
        .client
        .post(&apply)
        .form(&[("_csrf", csrf.as_str()), ("skip_invalid", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = finished(&session, &page).await;
    assert!(html.contains(r#"id="count-created">2<"#));
    assert_eq!(
        app.store.recent_imports(10).await.unwrap().len(),
        1,
        "one import in the log"
    );

    // Nobody else sees the upload, not even another administrator.
    let other = app.add_user("Outi Ylläpitäjä", Role::Admin, None).await;
    let (other_session, _) =
        common::Session::sign_in(&app, &other.email, arvo_web::testing::TEST_PASSWORD).await;
    let r = other_session
        .client
        .get(format!("{}{page}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = other_session
        .client
        .get(format!(
            "{}/imports/0123456789abcdef0123456789abcdef",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
