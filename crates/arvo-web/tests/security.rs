//! Trust through the real server: nothing answers without a session or token, roles and the
//! visibility rule hold in every door, forms need their CSRF token, sign-ins are locked out after
//! repeated failures, and hostile search input is harmless.

mod common;

use arvo_core::Role;
use arvo_web::testing::{TEST_PASSWORD, spawn_app};
use common::{Session, call, hidden_value, page_routes, plain};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Every API route in the OpenAPI document, every page, and every form target answers 401 or
/// sends the browser to sign in, unless it is one of the few public paths.
#[tokio::test]
async fn nothing_answers_without_a_session_or_token() {
    let app = spawn_app().await;
    let (_, doc) = call(&app, &app.token, Method::GET, "/api/openapi.json", None).await;
    let paths = doc["paths"]
        .as_object()
        .expect("the OpenAPI document lists paths");
    assert!(paths.len() >= 10);
    let mut checked = 0;
    for (path, ops) in paths {
        let concrete = path.replace("{id}", "1").replace("{key}", "x");
        for method in ops.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            for auth in [None, Some("arvo_not-a-real-token")] {
                let mut r = plain().request(method.clone(), format!("{}{concrete}", app.address));
                if let Some(t) = auth {
                    r = r.bearer_auth(t);
                }
                let status = r.send().await.unwrap().status();
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} with {auth:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 30);
    let r = plain()
        .get(format!("{}/api/openapi.json", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let pages = page_routes();
    assert!(
        pages.len() >= 30,
        "the router's pages were found: {pages:?}"
    );
    let mut walked = 0;
    for (method, path) in pages.into_iter().chain([
        (Method::GET, "/no/such/page".to_owned()),
        (Method::GET, "/audit?kind=login&since=2026-11-22".to_owned()),
    ]) {
        if arvo_web::auth::is_public(&path) {
            continue;
        }
        let r = plain()
            .request(method.clone(), format!("{}{path}", app.address))
            .form(&[("name", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{method} {path}");
        let location = r.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with("/login?next="),
            "{method} {path} → {location}"
        );
        walked += 1;
    }
    assert!(walked >= 30);
    for path in ["/login", "/healthz", "/static/arvo.css", "/static/arvo.js"] {
        let r = plain()
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path} is public");
    }
    // The set-up page exists only while there are no users, and only with the printed token.
    let r = plain()
        .get(format!("{}/setup?token=guess", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.store.count_accounts().await.unwrap(),
        0,
        "nothing was created"
    );
}

/// Read-only users change nothing; account managers see only what the rule lets them see, in
/// every list, search and record, and a hidden record is "not found", not "forbidden".
#[tokio::test]
async fn roles_and_visibility_hold_in_every_door() {
    let app = spawn_app().await;
    let east = app
        .add_user("Eeva Itä", Role::AccountManager, Some("Itä"))
        .await;
    let west = app
        .add_user("Ville Länsi", Role::AccountManager, Some("Länsi"))
        .await;
    let reader = app
        .add_user("Lauri Lukija", Role::ReadOnly, Some("Itä"))
        .await;
    let manager = app
        .add_user("Maija Esimies", Role::Manager, Some("Länsi"))
        .await;
    let east_t = app.token_for(&east).await;
    let west_t = app.token_for(&west).await;
    let reader_t = app.token_for(&reader).await;
    let manager_t = app.token_for(&manager).await;

    let admin = &app.token;
    let (s, ours) = call(
        &app,
        admin,
        Method::POST,
        "/api/v1/accounts",
        Some(json!({"name": "Itäinen Kone Oy", "owner": east.email, "business_id": "0112038-9"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{ours}");
    assert_eq!(
        ours["owner"], "Eeva Itä",
        "an owner given by email is stored as the user's name"
    );
    let (_, theirs) = call(
        &app,
        admin,
        Method::POST,
        "/api/v1/accounts",
        Some(
            json!({"name": "Läntinen Kone Oy", "owner": "Ville Länsi", "business_id": "01120389"}),
        ),
    )
    .await;
    let (_, _) = call(
        &app,
        admin,
        Method::POST,
        &format!("/api/v1/accounts/{}/contacts", theirs["id"]),
        Some(json!({"last_name": "Salainen", "email": "salainen@lansi.fi"})),
    )
    .await;
    let (s, bad) = call(
        &app,
        admin,
        Method::POST,
        "/api/v1/accounts",
        Some(json!({"name": "Kolmas Oy", "owner": "Ei Ketään"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["fields"][0]["field"], "owner");
    app.store
        .set_setting("visibility", "team", &arvo_core::Actor::new("tests", "cli"))
        .await
        .unwrap();

    let ours_path = format!("/api/v1/accounts/{}", ours["id"]);
    let theirs_path = format!("/api/v1/accounts/{}", theirs["id"]);
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_owned())
            .collect()
    };

    // The east account manager sees the east account only, wherever they look.
    let (_, list) = call(&app, &east_t, Method::GET, "/api/v1/accounts?q=kone", None).await;
    assert_eq!(names(&list), ["Itäinen Kone Oy"]);
    assert_eq!(
        call(&app, &east_t, Method::GET, &ours_path, None).await.0,
        StatusCode::OK
    );
    for (method, path, body) in [
        (Method::GET, theirs_path.clone(), None),
        (Method::GET, format!("{theirs_path}/history"), None),
        (Method::GET, format!("{theirs_path}/contacts"), None),
        (Method::GET, format!("{theirs_path}/purchases"), None),
        (Method::GET, format!("{theirs_path}/activities"), None),
        (
            Method::GET,
            format!("/api/v1/exports/invoices?account_id={}", theirs["id"]),
            None,
        ),
        (
            Method::PATCH,
            theirs_path.clone(),
            Some(json!({"version": 1, "name": "Vallattu"})),
        ),
        (
            Method::POST,
            format!("{theirs_path}/contacts"),
            Some(json!({"last_name": "X"})),
        ),
    ] {
        let (s, body) = call(&app, &east_t, method.clone(), &path, body).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{method} {path}: {body}");
    }
    let (_, contacts) = call(
        &app,
        &east_t,
        Method::GET,
        "/api/v1/contacts?q=salainen",
        None,
    )
    .await;
    assert_eq!(contacts["items"].as_array().unwrap().len(), 0);
    let (_, dups) = call(&app, &east_t, Method::GET, "/api/v1/duplicates", None).await;
    assert_eq!(
        dups.as_array().unwrap().len(),
        0,
        "a duplicate group with a hidden account is not shown"
    );
    let (s, _) = call(
        &app,
        &east_t,
        Method::POST,
        "/api/v1/duplicates/merge",
        Some(json!({"keep": ours["id"], "merge": [theirs["id"]]})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // An account manager edits but does not delete.
    let (s, _) = call(
        &app,
        &east_t,
        Method::PATCH,
        &ours_path,
        Some(json!({"version": 1, "industry": "Hissit"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = call(
        &app,
        &east_t,
        Method::DELETE,
        &format!("{ours_path}?version=2"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The west manager sees their team's account; the admin sees both and sees duplicates.
    let (_, list) = call(&app, &manager_t, Method::GET, "/api/v1/accounts", None).await;
    assert_eq!(names(&list), ["Läntinen Kone Oy"]);
    let (_, list) = call(&app, &west_t, Method::GET, "/api/v1/accounts", None).await;
    assert_eq!(names(&list), ["Läntinen Kone Oy"]);
    let (_, list) = call(&app, admin, Method::GET, "/api/v1/accounts", None).await;
    assert_eq!(names(&list).len(), 2);
    let (_, dups) = call(&app, admin, Method::GET, "/api/v1/duplicates", None).await;
    assert_eq!(dups.as_array().unwrap().len(), 1);

    // Read-only is offered no change on the pages, and the forms themselves are refused.
    let page = |token: &str, path: String| {
        let request = plain()
            .get(format!("{}{path}", app.address))
            .bearer_auth(token)
            .send();
        async move {
            let r = request.await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let account_page = format!("/accounts/{}", ours["id"]);
    let edit_link = format!(r#"href="{account_page}/edit""#);
    let (_, html) = page(&reader_t, account_page.clone()).await;
    assert!(html.contains("Itäinen Kone Oy") && !html.contains(&edit_link));
    let (_, html) = page(&east_t, account_page.clone()).await;
    assert!(html.contains(&edit_link));
    for path in [format!("{account_page}/edit"), "/accounts/new".to_owned()] {
        assert_eq!(
            page(&reader_t, path.clone()).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // Read-only changes nothing, whatever it tries.
    let (_, list) = call(&app, &reader_t, Method::GET, "/api/v1/accounts", None).await;
    assert_eq!(names(&list), ["Itäinen Kone Oy"]);
    for (method, path, body) in [
        (
            Method::POST,
            "/api/v1/accounts".to_owned(),
            Some(json!({"name": "Uusi Oy"})),
        ),
        (
            Method::PATCH,
            ours_path.clone(),
            Some(json!({"version": 2, "name": "Muutettu"})),
        ),
        (Method::DELETE, format!("{ours_path}?version=2"), None),
        (
            Method::POST,
            format!("{ours_path}/contacts"),
            Some(json!({"last_name": "X"})),
        ),
        (
            Method::POST,
            "/api/v1/custom-fields".to_owned(),
            Some(json!({"key": "k", "label": "K", "kind": "text"})),
        ),
        (
            Method::POST,
            "/api/v1/duplicates/dismiss".to_owned(),
            Some(json!({"account_ids": [ours["id"]]})),
        ),
    ] {
        let (s, body) = call(&app, &reader_t, method.clone(), &path, body).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{method} {path}: {body}");
        assert_eq!(body["error"], "forbidden");
    }
    let (_, now) = call(&app, admin, Method::GET, &ours_path, None).await;
    assert_eq!(
        (now["name"].as_str(), now["version"].as_i64()),
        (Some("Itäinen Kone Oy"), Some(2))
    );
    assert_eq!(app.store.count_accounts().await.unwrap(), 2);
    // Admins delete.
    let (s, _) = call(
        &app,
        admin,
        Method::DELETE,
        &format!("{theirs_path}?version=1"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn forms_need_their_csrf_token_and_change_nothing_without_it() {
    let app = spawn_app().await;
    let (session, status) = Session::sign_in(&app, &app.admin.email, TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let form = session.page("/accounts/new").await;
    let csrf = hidden_value(&form, "_csrf");
    assert_eq!(csrf.len(), 64);
    for fields in [
        vec![("name", "Väärennetty Oy")],
        vec![("name", "Väärennetty Oy"), ("_csrf", "0000")],
    ] {
        assert_eq!(
            session.post("/accounts", &fields).await,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        app.store.count_accounts().await.unwrap(),
        0,
        "nothing was created"
    );
    // The API with a session cookie needs the token in a header.
    let r = session
        .client
        .post(format!("{}/api/v1/accounts", app.address))
        .json(&json!({"name": "Väärennetty Oy"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.count_accounts().await.unwrap(), 0);
    let r = session
        .client
        .post(format!("{}/api/v1/accounts", app.address))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"name": "Aito Oy"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        session
            .post("/accounts", &[("name", "Oikea Oy"), ("_csrf", &csrf)])
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.store.count_accounts().await.unwrap(), 2);
    // After signing out, the old session cookie opens nothing.
    assert_eq!(
        session.post("/logout", &[("_csrf", &csrf)]).await,
        StatusCode::SEE_OTHER
    );
    let r = session
        .client
        .get(format!("{}/accounts", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

/// Exports, erasures and the retention rule need the personal-data permission, and a contact
/// outside the caller's scope is "not found" there as everywhere; the rule itself is the
/// administrators'.
#[tokio::test]
async fn personal_data_needs_its_permission_and_the_scope() {
    let app = spawn_app().await;
    let east = app
        .add_user("Eeva Itä", Role::AccountManager, Some("Itä"))
        .await;
    let west = app
        .add_user("Ville Länsi", Role::AccountManager, Some("Länsi"))
        .await;
    let reader = app
        .add_user("Lauri Lukija", Role::ReadOnly, Some("Itä"))
        .await;
    let manager = app
        .add_user("Maija Esimies", Role::Manager, Some("Länsi"))
        .await;
    let (east_t, reader_t, manager_t) = (
        app.token_for(&east).await,
        app.token_for(&reader).await,
        app.token_for(&manager).await,
    );
    let admin = &app.token;
    let mut contacts = Vec::new();
    for (name, owner, person) in [
        ("Itäinen Kone Oy", &east, "Itäläinen"),
        ("Läntinen Kone Oy", &west, "Länsiläinen"),
    ] {
        let (_, account) = call(
            &app,
            admin,
            Method::POST,
            "/api/v1/accounts",
            Some(json!({"name": name, "owner": owner.name, "status": "former"})),
        )
        .await;
        let (s, c) = call(
            &app,
            admin,
            Method::POST,
            &format!("/api/v1/accounts/{}/contacts", account["id"]),
            Some(
                json!({"last_name": person, "email": format!("{}@kone.fi", person.to_lowercase())}),
            ),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        contacts.push(c["id"].as_i64().unwrap());
    }
    let (east_c, west_c) = (contacts[0], contacts[1]);
    app.store
        .set_setting("visibility", "team", &arvo_core::Actor::new("tests", "cli"))
        .await
        .unwrap();

    // Roles without the permission are refused, whatever the contact.
    for token in [&reader_t, &east_t] {
        for (method, path, body) in [
            (
                Method::GET,
                format!("/api/v1/contacts/{east_c}/personal-data"),
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/contacts/{east_c}/erase"),
                Some(json!({})),
            ),
            (Method::GET, "/api/v1/retention/due".to_owned(), None),
            (Method::GET, "/api/v1/retention/rule".to_owned(), None),
            (
                Method::POST,
                "/api/v1/retention/apply".to_owned(),
                Some(json!({"confirm": 1})),
            ),
            (
                Method::PUT,
                "/api/v1/retention/rule".to_owned(),
                Some(json!({"months": 0})),
            ),
        ] {
            let (s, body) = call(&app, token, method.clone(), &path, body).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{method} {path}: {body}");
        }
    }
    // The consent history is read like the contact itself: within the scope.
    let consents = |c: i64| format!("/api/v1/contacts/{c}/consents");
    assert_eq!(
        call(&app, &reader_t, Method::GET, &consents(east_c), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        call(&app, &reader_t, Method::GET, &consents(west_c), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // A manager exports and erases in their team's accounts only, and does not set the rule.
    for (method, path) in [
        (
            Method::GET,
            format!("/api/v1/contacts/{east_c}/personal-data"),
        ),
        (Method::POST, format!("/api/v1/contacts/{east_c}/erase")),
    ] {
        let (s, body) = call(&app, &manager_t, method.clone(), &path, Some(json!({}))).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{method} {path}: {body}");
    }
    let (s, _) = call(
        &app,
        &manager_t,
        Method::GET,
        &format!("/api/v1/contacts/{west_c}/personal-data"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = call(
        &app,
        &manager_t,
        Method::PUT,
        "/api/v1/retention/rule",
        Some(json!({"months": 0})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = call(
        &app,
        admin,
        Method::PUT,
        "/api/v1/retention/rule",
        Some(json!({"months": 0})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // The manager's retention list and its application stop at the scope too.
    let (_, due) = call(&app, &manager_t, Method::GET, "/api/v1/retention/due", None).await;
    let ids: Vec<i64> = due["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contact_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [west_c]);
    let (s, body) = call(
        &app,
        &manager_t,
        Method::POST,
        "/api/v1/retention/apply",
        Some(json!({"contact_ids": [east_c]})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (s, body) = call(
        &app,
        &manager_t,
        Method::POST,
        "/api/v1/retention/apply",
        Some(json!({"confirm": 1})),
    )
    .await;
    assert_eq!(
        (s, body["contact_ids"].clone()),
        (StatusCode::OK, json!([west_c]))
    );
    let (_, east_contact) = call(
        &app,
        admin,
        Method::GET,
        &format!("/api/v1/contacts/{east_c}"),
        None,
    )
    .await;
    assert_eq!(
        east_contact["last_name"], "Itäläinen",
        "outside the scope nothing was erased"
    );
    assert!(east_contact["erased_at"].is_null());

    // The pages refuse the same.
    let page = |token: &str, path: String| {
        let request = plain()
            .get(format!("{}{path}", app.address))
            .bearer_auth(token)
            .send();
        async move { request.await.unwrap().status() }
    };
    for path in [
        format!("/contacts/{east_c}/personal-data"),
        format!("/contacts/{east_c}/personal-data/download"),
        format!("/contacts/{east_c}/erase"),
        "/settings/retention".to_owned(),
    ] {
        assert_eq!(
            page(&reader_t, path.clone()).await,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        page(&manager_t, format!("/contacts/{east_c}/personal-data")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&manager_t, "/settings/retention".to_owned()).await,
        StatusCode::OK
    );
    assert_eq!(
        page(&reader_t, format!("/contacts/{east_c}")).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn erasure_and_retention_forms_need_their_csrf_token() {
    let app = spawn_app().await;
    let (_, account) = call(
        &app,
        &app.token,
        Method::POST,
        "/api/v1/accounts",
        Some(json!({"name": "Entinen Oy", "status": "former"})),
    )
    .await;
    let (_, contact) = call(
        &app,
        &app.token,
        Method::POST,
        &format!("/api/v1/accounts/{}/contacts", account["id"]),
        Some(json!({"first_name": "Sanni", "last_name": "Toivanen"})),
    )
    .await;
    let id = contact["id"].as_i64().unwrap();
    let (session, status) = Session::sign_in(&app, &app.admin.email, TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let confirm = session.page(&format!("/contacts/{id}/erase")).await;
    let csrf = hidden_value(&confirm, "_csrf");
    let erase = format!("/contacts/{id}/erase");
    for fields in [
        vec![("version", "1")],
        vec![("version", "1"), ("_csrf", "00ff")],
    ] {
        assert_eq!(session.post(&erase, &fields).await, StatusCode::FORBIDDEN);
        assert_eq!(
            session
                .post("/settings/retention", &[("months", "0")])
                .await,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(app.store.setting("retention_months").await.unwrap(), None);
    let unchanged = app.store.contact(id).await.unwrap();
    assert_eq!(
        (unchanged.data.full_name(), unchanged.erased_at),
        ("Sanni Toivanen".to_owned(), None),
        "nothing was erased"
    );
    // With the token the rule is set, and the retention form without it still erases nothing.
    assert_eq!(
        session
            .post("/settings/retention", &[("months", "0"), ("_csrf", &csrf)])
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        session
            .post("/settings/retention/apply", &[("confirm", "1")])
            .await,
        StatusCode::FORBIDDEN
    );
    assert!(app.store.contact(id).await.unwrap().erased_at.is_none());
    assert_eq!(
        session
            .post(&erase, &[("version", "1"), ("_csrf", &csrf)])
            .await,
        StatusCode::SEE_OTHER
    );
    assert!(app.store.contact(id).await.unwrap().erased_at.is_some());
}

#[tokio::test]
async fn failed_sign_ins_lock_out_without_telling_who_exists() {
    let app = spawn_app().await;
    let (_, wrong) = Session::sign_in(&app, &app.admin.email, "väärä salasana").await;
    let (_, unknown) = Session::sign_in(&app, "ei.ole@example.fi", "väärä salasana").await;
    assert_eq!(
        (wrong, unknown),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    for _ in 0..4 {
        Session::sign_in(&app, &app.admin.email, "väärä salasana").await;
    }
    let (_, locked) = Session::sign_in(&app, &app.admin.email, TEST_PASSWORD).await;
    assert_eq!(
        locked,
        StatusCode::TOO_MANY_REQUESTS,
        "the right password does not open a locked account"
    );
    let (_, other) = Session::sign_in(&app, "ei.ole@example.fi", TEST_PASSWORD).await;
    assert_eq!(other, StatusCode::UNAUTHORIZED);
    let log = app
        .store
        .audit_log(&arvo_store::AuditQuery::default())
        .await
        .unwrap();
    let kinds: Vec<&str> = log.items.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        kinds.contains(&"login_failed") && kinds.contains(&"login_locked"),
        "{kinds:?}"
    );
    // A deactivated user cannot sign in, and their token stops working at once.
    let rep = app
        .add_user("Poistuva Myyjä", Role::AccountManager, None)
        .await;
    let token = app.token_for(&rep).await;
    assert_eq!(
        call(&app, &token, Method::GET, "/api/v1/accounts", None)
            .await
            .0,
        StatusCode::OK
    );
    app.store
        .set_user_active(rep.id, false, &arvo_core::Actor::new("tests", "cli"))
        .await
        .unwrap();
    assert_eq!(
        call(&app, &token, Method::GET, "/api/v1/accounts", None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let (_, status) = Session::sign_in(&app, &rep.email, TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn hostile_search_input_is_harmless() {
    let app = spawn_app().await;
    for name in ["Kone Oy", "O'Brien Trading Ltd", "100% Puhdas Oy"] {
        let (s, _) = call(
            &app,
            &app.token,
            Method::POST,
            "/api/v1/accounts",
            Some(json!({"name": name})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    // Punctuation alone holds no search word, so it lists everything, like an empty search.
    let cases = [
        ("q=%27%3B%20DROP%20TABLE%20accounts%3B%20--", 0),
        ("q=%25", 3),
        ("q=_", 3),
        ("q=%5C", 3),
        ("q=o%27brien", 1),
        ("q=100%25", 1),
        ("owner=x%27%20OR%20%271%27%3D%271", 0),
        ("tag=%27%29%20OR%201%3D1%20--", 0),
        ("q=kone%22%20OR%20%221%22%3D%221", 0),
    ];
    for (query, expected) in cases {
        let (s, page) = call(
            &app,
            &app.token,
            Method::GET,
            &format!("/api/v1/accounts?{query}"),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{query}");
        assert_eq!(
            page["items"].as_array().unwrap().len(),
            expected,
            "{query}: {page}"
        );
    }
    let (s, _) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/contacts?q=%27%20OR%201%3D1",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        app.store.count_accounts().await.unwrap(),
        3,
        "the table is still there"
    );
}

/// Everything the server logs, at every level, captured for one test.
#[derive(Clone, Default)]
struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_reach_logs_or_responses() {
    let log = CapturedLog::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .init();
    let app = spawn_app().await;
    let (session, status) = Session::sign_in(&app, &app.admin.email, TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    Session::sign_in(&app, &app.admin.email, "väärä-salasana-123").await;
    let session_cookie = {
        let r = plain()
            .get(format!("{}/login", app.address))
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap();
        let token = hidden_value(&html, "_csrf");
        let r = plain()
            .post(format!("{}/login", app.address))
            .header("Cookie", format!("arvo_login={token}"))
            .form(&[
                ("email", app.admin.email.as_str()),
                ("password", TEST_PASSWORD),
                ("_csrf", &token),
            ])
            .send()
            .await
            .unwrap();
        let set = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("arvo_session="))
            .expect("a session cookie");
        set.trim_start_matches("arvo_session=")
            .split(';')
            .next()
            .unwrap()
            .to_owned()
    };
    let mut responses = String::new();
    for path in [
        "/api/v1/accounts",
        "/api/v1/accounts/999",
        "/api/v1/contacts",
        "/api/v1/duplicates",
    ] {
        responses.push_str(
            &call(&app, &app.token, Method::GET, path, None)
                .await
                .1
                .to_string(),
        );
        responses.push_str(
            &call(&app, "arvo_wrong", Method::GET, path, None)
                .await
                .1
                .to_string(),
        );
    }
    responses.push_str(&session.page("/accounts").await);
    let hash = app
        .store
        .credentials_by_email(&app.admin.email)
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(logged.len() > 1000, "the log captured the run");
    for (what, secret) in [
        ("password", TEST_PASSWORD),
        ("API token", app.token.as_str()),
        ("session id", session_cookie.as_str()),
        ("password hash", hash.as_str()),
        ("argon2 marker", "$argon2"),
    ] {
        assert!(!logged.contains(secret), "the {what} appears in the log");
        assert!(
            !responses.contains(secret),
            "the {what} appears in a response"
        );
    }
}
