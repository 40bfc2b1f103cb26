//! Administration through the real server: administrators manage users, teams, passwords, the
//! visibility rule and tokens through the API and the pages; everyone manages their own password
//! and tokens; the last administrator cannot be taken away; no one else may administer.

mod common;

use arvo_core::Role;
use arvo_web::testing::{TEST_PASSWORD, spawn_app};
use common::{Session, call, hidden_value, plain};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn administrators_manage_users_teams_and_visibility_through_the_api() {
    let app = spawn_app().await;
    let admin = &app.token;

    // A user without a password gets a generated one, shown once, that signs in.
    let (s, created) = call(
        &app,
        admin,
        Method::POST,
        "/api/v1/users",
        Some(json!({"name": "Riikka Myyjä", "email": "riikka@example.fi", "role": "account_manager", "team": "Pohjoinen"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let password = created["password"].as_str().expect("a generated password");
    assert!(password.len() >= 10);
    let id = created["user"]["id"].as_i64().unwrap();
    assert_eq!(created["user"]["team"], "Pohjoinen");
    let (_, status) = Session::sign_in(&app, "riikka@example.fi", password).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "the generated password works"
    );

    // Bad input names its fields and creates nothing.
    let (s, bad) = call(
        &app,
        admin,
        Method::POST,
        "/api/v1/users",
        Some(json!({"name": "", "email": "ei-osoite", "role": "boss", "password": "lyhyt"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in ["name", "email", "role", "password"] {
        assert!(fields.contains(&f), "{f} in {bad}");
    }
    let (_, users) = call(&app, admin, Method::GET, "/api/v1/users", None).await;
    assert_eq!(users.as_array().unwrap().len(), 2);

    // A change needs the current version; a stale one changes nothing.
    let (s, changed) = call(
        &app,
        admin,
        Method::PATCH,
        &format!("/api/v1/users/{id}"),
        Some(json!({"version": created["user"]["version"], "role": "manager", "team": "Etelä"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    assert_eq!(changed["role"], "manager");
    assert_eq!(changed["name"], "Riikka Myyjä", "unsent fields are kept");
    let (s, _) = call(
        &app,
        admin,
        Method::PATCH,
        &format!("/api/v1/users/{id}"),
        Some(json!({"version": created["user"]["version"], "role": "read_only"})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // Teams: listed with members, renamed, and removed only when empty.
    let (_, teams) = call(&app, admin, Method::GET, "/api/v1/teams", None).await;
    let team = |name: &str| -> Value {
        teams
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("team {name} in {teams}"))
    };
    assert_eq!(team("Etelä")["members"], 1);
    assert_eq!(team("Pohjoinen")["members"], 0);
    let (s, _) = call(
        &app,
        admin,
        Method::DELETE,
        &format!("/api/v1/teams/{}", team("Etelä")["id"]),
        None,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a team with members stays"
    );
    let (s, _) = call(
        &app,
        admin,
        Method::DELETE,
        &format!("/api/v1/teams/{}", team("Pohjoinen")["id"]),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, renamed) = call(
        &app,
        admin,
        Method::PATCH,
        &format!("/api/v1/teams/{}", team("Etelä")["id"]),
        Some(json!({"name": "Etelä-Suomi"})),
    )
    .await;
    assert_eq!(
        (s, renamed["name"].clone()),
        (StatusCode::OK, json!("Etelä-Suomi"))
    );
    let (s, dup) = call(
        &app,
        admin,
        Method::POST,
        "/api/v1/teams",
        Some(json!({"name": "etelä-suomi"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(dup["fields"][0]["field"], "name");

    // The visibility rule.
    let (s, _) = call(
        &app,
        admin,
        Method::PUT,
        "/api/v1/settings/visibility",
        Some(json!({"rule": "everyone"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, rule) = call(
        &app,
        admin,
        Method::PUT,
        "/api/v1/settings/visibility",
        Some(json!({"rule": "own"})),
    )
    .await;
    assert_eq!((s, rule["rule"].clone()), (StatusCode::OK, json!("own")));
    let (_, rule) = call(
        &app,
        admin,
        Method::GET,
        "/api/v1/settings/visibility",
        None,
    )
    .await;
    assert_eq!(rule["rule"], "own");

    // A password reset ends the user's sessions; the old password no longer works.
    let (riikka, _) = Session::sign_in(&app, "riikka@example.fi", password).await;
    assert!(riikka.page("/accounts").await.contains("Riikka Myyjä"));
    let (s, reset) = call(
        &app,
        admin,
        Method::POST,
        &format!("/api/v1/users/{id}/password"),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let new_password = reset["password"].as_str().unwrap();
    let r = riikka
        .client
        .get(format!("{}/accounts", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the session ended");
    let (_, status) = Session::sign_in(&app, "riikka@example.fi", password).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old password fails");
    let (_, status) = Session::sign_in(&app, "riikka@example.fi", new_password).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // Deactivation stops the user's token at once; activation lets them back.
    let token = app.token_for(&app.store.user(id).await.unwrap()).await;
    let (s, _) = call(&app, &token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(s, StatusCode::OK);
    let (s, off) = call(
        &app,
        admin,
        Method::POST,
        &format!("/api/v1/users/{id}/deactivate"),
        None,
    )
    .await;
    assert_eq!((s, off["active"].clone()), (StatusCode::OK, json!(false)));
    let (s, _) = call(&app, &token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    call(
        &app,
        admin,
        Method::POST,
        &format!("/api/v1/users/{id}/activate"),
        None,
    )
    .await;
    let (s, me) = call(&app, &token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(
        (s, me["email"].clone()),
        (StatusCode::OK, json!("riikka@example.fi"))
    );

    // Every change is in the audit log.
    let kinds: Vec<String> = app
        .store
        .audit_log(&arvo_store::AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for kind in [
        "user.create",
        "user.update",
        "user.password",
        "user.deactivate",
        "user.activate",
        "team.update",
        "team.delete",
        "setting.update",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
}

#[tokio::test]
async fn the_last_administrator_cannot_be_taken_away() {
    let app = spawn_app().await;
    let me = app.admin.id;
    let (s, bad) = call(
        &app,
        &app.token,
        Method::PATCH,
        &format!("/api/v1/users/{me}"),
        Some(json!({"version": app.admin.version, "role": "manager"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["fields"][0]["code"], "last_admin");
    let (s, _) = call(
        &app,
        &app.token,
        Method::POST,
        &format!("/api/v1/users/{me}/deactivate"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let still = app.store.user(me).await.unwrap();
    assert!(still.active && still.role == Role::Admin, "nothing changed");

    // With a second administrator, the first may step down.
    let other = app.add_user("Toinen Ylläpitäjä", Role::Admin, None).await;
    let (s, _) = call(
        &app,
        &app.token,
        Method::POST,
        &format!("/api/v1/users/{}/deactivate", other.id),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    call(
        &app,
        &app.token,
        Method::POST,
        &format!("/api/v1/users/{}/activate", other.id),
        None,
    )
    .await;
    let (s, _) = call(
        &app,
        &app.token,
        Method::PATCH,
        &format!("/api/v1/users/{me}"),
        Some(json!({"version": app.admin.version, "role": "manager"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn only_administrators_administer_and_tokens_belong_to_their_users() {
    let app = spawn_app().await;
    let manager = app.add_user("Maija Esimies", Role::Manager, None).await;
    let rep = app.add_user("Aki Myyjä", Role::AccountManager, None).await;
    let reader = app.add_user("Lauri Lukija", Role::ReadOnly, None).await;
    let manager_t = app.token_for(&manager).await;
    let rep_t = app.token_for(&rep).await;
    let reader_t = app.token_for(&reader).await;
    for token in [&manager_t, &rep_t, &reader_t] {
        for (method, path, body) in [
            (Method::GET, "/api/v1/users".to_owned(), None),
            (
                Method::POST,
                "/api/v1/users".to_owned(),
                Some(json!({"name": "X", "email": "x@example.fi", "role": "admin"})),
            ),
            (Method::GET, format!("/api/v1/users/{}", app.admin.id), None),
            (
                Method::POST,
                format!("/api/v1/users/{}/password", app.admin.id),
                Some(json!({"password": "kaapattu-salasana"})),
            ),
            (Method::GET, "/api/v1/teams".to_owned(), None),
            (
                Method::POST,
                "/api/v1/teams".to_owned(),
                Some(json!({"name": "T"})),
            ),
            (Method::GET, "/api/v1/tokens".to_owned(), None),
            (
                Method::PUT,
                "/api/v1/settings/visibility".to_owned(),
                Some(json!({"rule": "all"})),
            ),
        ] {
            let (s, _) = call(&app, token, method.clone(), &path, body).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{method} {path}");
        }
    }
    assert_eq!(
        app.store.users().await.unwrap().len(),
        4,
        "nothing was added"
    );
    assert!(app.store.teams().await.unwrap().is_empty());

    // Everyone manages their own tokens; another user's token is not even found.
    let (s, mine) = call(
        &app,
        &reader_t,
        Method::POST,
        "/api/v1/me/tokens",
        Some(json!({"name": "Raportit"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{mine}");
    let new_token = mine["token"].as_str().unwrap();
    assert!(new_token.starts_with("arvo_"));
    assert!(new_token.starts_with(mine["details"]["prefix"].as_str().unwrap()));
    let (s, listed) = call(&app, new_token, Method::GET, "/api/v1/me/tokens", None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(
        !listed.to_string().contains(new_token),
        "never the token itself"
    );
    let (s, _) = call(
        &app,
        &rep_t,
        Method::DELETE,
        &format!("/api/v1/tokens/{}", mine["details"]["id"]),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = call(&app, new_token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(s, StatusCode::OK, "the other user could not revoke it");
    let (s, revoked) = call(
        &app,
        &reader_t,
        Method::DELETE,
        &format!("/api/v1/tokens/{}", mine["details"]["id"]),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(revoked["revoked_at"].is_string());
    let (s, _) = call(&app, new_token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // Administrators see and revoke anyone's.
    let (_, all) = call(&app, &app.token, Method::GET, "/api/v1/tokens", None).await;
    assert_eq!(all.as_array().unwrap().len(), 5);
    let rep_token_id = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["user_name"] == "Aki Myyjä")
        .unwrap()["id"]
        .clone();
    let (s, _) = call(
        &app,
        &app.token,
        Method::DELETE,
        &format!("/api/v1/tokens/{rep_token_id}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = call(&app, &rep_t, Method::GET, "/api/v1/me", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn users_change_their_own_password() {
    let app = spawn_app().await;
    let rep = app.add_user("Aki Myyjä", Role::AccountManager, None).await;
    let (first, _) = Session::sign_in(&app, &rep.email, TEST_PASSWORD).await;
    let (second, _) = Session::sign_in(&app, &rep.email, TEST_PASSWORD).await;
    let html = first.page("/me").await;
    assert!(html.contains("Aki Myyjä") && html.contains(&rep.email));
    let csrf = hidden_value(&html, "_csrf");

    // A wrong current password and a short new one are both named; nothing changes.
    let r = first
        .client
        .post(format!("{}/me/password", app.address))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("current_password", "väärä-salasana"),
            ("new_password", "lyhyt"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("error-current_password") && html.contains("error-new_password"));
    assert!(
        !html.contains("väärä-salasana"),
        "typed passwords are not echoed"
    );

    let r = first
        .client
        .post(format!("{}/me/password", app.address))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("current_password", TEST_PASSWORD),
            ("new_password", "uusi-pitka-salasana"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        first.page(&location).await.contains("Salasana vaihdettiin"),
        "the session that changed it stays signed in"
    );
    let r = second
        .client
        .get(format!("{}/me", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "other sessions ended");
    let (_, status) = Session::sign_in(&app, &rep.email, "uusi-pitka-salasana").await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The same through the API with a token.
    let token = app.token_for(&rep).await;
    let (s, bad) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/me/password",
        Some(json!({"current_password": TEST_PASSWORD, "new_password": "kolmas-salasana"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["fields"][0]["code"], "wrong_password");
}

/// The secret a page shows once (a generated password or a new token).
fn shown_secret(html: &str) -> String {
    html.split(r#"<code id="secret" class="secret-value">"#)
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the page shows a secret")
        .to_owned()
}

#[tokio::test]
async fn the_pages_administer_users_and_tokens() {
    let app = spawn_app().await;
    let (admin, _) = Session::sign_in(&app, &app.admin.email, TEST_PASSWORD).await;
    let html = admin.page("/settings/users").await;
    assert!(
        html.contains(r#"href="/settings/users""#),
        "the navigation shows Users"
    );
    let csrf = hidden_value(&html, "_csrf");

    // Adding a user with a generated password shows it once.
    let r = admin
        .client
        .post(format!("{}/settings/users", app.address))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Sanna Uusi"),
            ("email", "sanna@example.fi"),
            ("role", "read_only"),
            ("team", "Myynti"),
            ("language", "en"),
            ("password", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let secret = shown_secret(&html);
    let (sanna, status) = Session::sign_in(&app, "sanna@example.fi", &secret).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(html.contains("Sanna Uusi") && html.contains("Myynti"));
    assert!(
        !admin.page("/settings/users").await.contains(&secret),
        "the password is not shown again"
    );

    // A duplicate email is named on the form.
    let r = admin
        .client
        .post(format!("{}/settings/users", app.address))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "Sanna Toinen"),
            ("email", "SANNA@example.fi"),
            ("role", "read_only"),
            ("language", "fi"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("error-email"));

    // The visibility rule and a role change through the forms.
    assert_eq!(
        admin
            .post(
                "/settings/visibility",
                &[("_csrf", csrf.as_str()), ("rule", "team")]
            )
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.store.setting("visibility").await.unwrap().as_deref(),
        Some("team")
    );
    let sanna_user = app
        .store
        .credentials_by_email("sanna@example.fi")
        .await
        .unwrap()
        .unwrap()
        .user;
    let page = admin
        .page(&format!("/settings/users/{}", sanna_user.id))
        .await;
    let version = hidden_value(&page, "version");
    assert_eq!(
        admin
            .post(
                &format!("/settings/users/{}", sanna_user.id),
                &[
                    ("_csrf", csrf.as_str()),
                    ("version", version.as_str()),
                    ("name", "Sanna Uusi"),
                    ("email", "sanna@example.fi"),
                    ("role", "account_manager"),
                    ("team", "Myynti"),
                    ("language", "en"),
                ]
            )
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.store.user(sanna_user.id).await.unwrap().role,
        Role::AccountManager
    );

    // Sanna makes herself a token on her own page, sees it once, and revokes it.
    let html = sanna.page("/me").await;
    assert!(
        !html.contains(r#"href="/settings/users""#),
        "no Users link for her"
    );
    let sanna_csrf = hidden_value(&html, "_csrf");
    let r = sanna
        .client
        .post(format!("{}/me/tokens", app.address))
        .form(&[("_csrf", sanna_csrf.as_str()), ("name", "Excel")])
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let token = shown_secret(&html);
    let (s, _) = call(&app, &token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(s, StatusCode::OK);
    let id = app.store.tokens(Some(sanna_user.id)).await.unwrap()[0].id;
    assert_eq!(
        sanna
            .post(
                &format!("/settings/tokens/{id}/revoke"),
                &[("_csrf", sanna_csrf.as_str()), ("back", "/me")]
            )
            .await,
        StatusCode::SEE_OTHER
    );
    let (s, _) = call(&app, &token, Method::GET, "/api/v1/me", None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // She may not open the administration pages.
    let r = sanna
        .client
        .get(format!("{}/settings/users", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = plain()
        .get(format!("{}/me", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "signed out → sign in");
}

#[tokio::test]
async fn the_api_document_declares_how_requests_are_signed() {
    let app = spawn_app().await;
    let (_, doc) = call(&app, &app.token, Method::GET, "/api/openapi.json", None).await;
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "arvo_session");
    assert_eq!(doc["security"][0], json!({"bearer": []}));
    for path in [
        "/api/v1/users",
        "/api/v1/me/tokens",
        "/api/v1/settings/visibility",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is described");
    }
}
