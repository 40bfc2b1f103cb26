//! The care of customers through the API: the engine's suggestions on a fixed day, accepting,
//! postponing and dismissing them (and the decisions holding across a restart), encounters,
//! tasks and adherence.

mod common;

use arvo_core::{AccountInput, Actor, Role};
use arvo_web::testing::{TestApp, spawn_app};
use common::call;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Two retain customers of Mikko: Kone Oy last contacted 47 days before 6.12.2026, Pieni Oy a
/// week before. Returns their ids.
async fn base(app: &TestApp) -> (i64, i64) {
    let actor = Actor::new("tests", "cli");
    let mut ids = Vec::new();
    for name in ["Kone Oy", "Pieni Oy"] {
        let draft = AccountInput {
            name: Some(name.into()),
            owner: Some("Mikko Myyjä".into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        let id = app.store.create_account(&draft, &actor).await.unwrap().id;
        app.store
            .set_manual_segment(id, Some(("retain", "value")), "Avainasiakas", &actor)
            .await
            .unwrap();
        ids.push(id);
    }
    for (id, kind, date) in [
        (ids[0], "business_review", "2026-10-01"),
        (ids[0], "call", "2026-10-20"),
        (ids[1], "business_review", "2026-11-01"),
        (ids[1], "call", "2026-11-29"),
    ] {
        let (status, body) = call(
            app,
            &app.token,
            Method::POST,
            &format!("/api/v1/accounts/{id}/encounters"),
            Some(json!({ "kind": kind, "date": date, "summary": "Kuulumiset" })),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    (ids[0], ids[1])
}

async fn suggestions(app: &TestApp, token: &str, on: &str) -> Vec<Value> {
    let (status, body) = call(
        app,
        token,
        Method::GET,
        &format!("/api/v1/care/suggestions?on={on}&mine=true"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

fn keys(suggestions: &[Value]) -> Vec<(i64, String)> {
    suggestions
        .iter()
        .map(|s| {
            (
                s["account_id"].as_i64().unwrap(),
                s["key"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_engine_suggests_care_that_is_late_and_decisions_hold_across_a_restart() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let token = app.token_for(&mikko).await;
    let (kone, pieni) = base(&app).await;

    // On 6.12.2026 only Kone Oy is late: no contact for 47 days against a 30-day cadence.
    let found = suggestions(&app, &token, "2026-12-06").await;
    assert_eq!(keys(&found), vec![(kone, "care:contact:2026-10-20".into())]);
    let s = &found[0];
    assert_eq!(s["days_overdue"], 17);
    assert_eq!(s["gap"], "requirement");
    assert_eq!(s["proposed"]["kind"], "call");
    let reason = s["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("Kone Oy:") && reason.contains("47") && reason.contains("30"),
        "{reason}"
    );
    let (_, evaluation) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/care/evaluation?on=2026-12-06",
        None,
    )
    .await;
    assert_eq!(evaluation["adherence"]["required"], 4);
    assert_eq!(evaluation["adherence"]["met"], 3);
    assert_eq!(evaluation["by_owner"]["Mikko Myyjä"]["met"], 3);
    assert_eq!(evaluation["by_segment"]["retain"]["required"], 4);

    // Bad decisions are named by field and change nothing.
    let decide = |account: i64, on: &'static str, body: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            call(
                app,
                &token,
                Method::POST,
                &format!("/api/v1/accounts/{account}/care-decisions?on={on}"),
                Some(body),
            )
            .await
        }
    };
    for (body, field) in [
        (
            json!({ "gap": "care:contact:2026-10-20", "decision": "maybe" }),
            "decision",
        ),
        (
            json!({ "gap": "care:nothing:2026-01-01", "decision": "accept" }),
            "gap",
        ),
        (
            json!({ "gap": "care:contact:2026-10-20", "decision": "postpone" }),
            "until",
        ),
        (
            json!({ "gap": "care:contact:2026-10-20", "decision": "postpone", "until": "2026-12-06" }),
            "until",
        ),
        (
            json!({ "gap": "care:contact:2026-10-20", "decision": "dismiss" }),
            "reason",
        ),
    ] {
        let (status, err) = decide(kone, "2026-12-06", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
    assert_eq!(suggestions(&app, &token, "2026-12-06").await.len(), 1);

    // Accepting makes a task for the owner and the suggestion goes away.
    let (status, decided) = decide(
        kone,
        "2026-12-06",
        json!({ "gap": "care:contact:2026-10-20", "decision": "accept", "due": "8.12.2026" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{decided}");
    let task = &decided["task"];
    assert_eq!(task["owner"], "Mikko Myyjä");
    assert_eq!(task["origin"], "care_model");
    assert_eq!(task["due"], "2026-12-08");
    assert_eq!(task["account_id"], kone);
    assert!(suggestions(&app, &token, "2026-12-06").await.is_empty());
    let (status, again) = decide(
        kone,
        "2026-12-06",
        json!({ "gap": "care:contact:2026-10-20", "decision": "accept" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");

    // Six weeks later Pieni Oy's contact and Kone Oy's review are late too.
    let later = suggestions(&app, &token, "2027-01-15").await;
    assert_eq!(
        keys(&later),
        vec![
            (pieni, "care:contact:2026-11-29".into()),
            (kone, "care:review:2026-10-01".into()),
        ]
    );
    let (status, _) = decide(
        pieni,
        "2027-01-15",
        json!({ "gap": "care:contact:2026-11-29", "decision": "postpone", "until": "2027-01-20" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = decide(
        kone,
        "2027-01-15",
        json!({ "gap": "care:review:2026-10-01", "decision": "dismiss", "reason": "Katsaus pidetään messuilla" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(suggestions(&app, &token, "2027-01-15").await.is_empty());

    // After a restart the decisions hold: the postponed one comes back on its day, the
    // dismissed and accepted ones do not.
    let app = app.restart().await;
    assert!(suggestions(&app, &token, "2027-01-19").await.is_empty());
    assert_eq!(
        keys(&suggestions(&app, &token, "2027-01-20").await),
        vec![(pieni, "care:contact:2026-11-29".into())]
    );
    let (_, decisions) = call(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/accounts/{kone}/care-decisions"),
        None,
    )
    .await;
    let reasons: Vec<&str> = decisions
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["reason"].as_str())
        .collect();
    assert_eq!(reasons, vec!["Katsaus pidetään messuilla"]);

    // The task is on Mikko's list; done, it leaves the open ones.
    let (_, open) = call(&app, &token, Method::GET, "/api/v1/tasks?done=false", None).await;
    assert_eq!(open.as_array().unwrap().len(), 1);
    let id = open[0]["id"].as_i64().unwrap();
    let (status, done) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/tasks/{id}/done"),
        Some(json!({ "done": true, "version": open[0]["version"] })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["done_by"], "Mikko Myyjä");
    let (_, open) = call(&app, &token, Method::GET, "/api/v1/tasks?done=false", None).await;
    assert!(open.as_array().unwrap().is_empty());

    // The call the task asked for brings Kone Oy's care up to date.
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/accounts/{kone}/encounters"),
        Some(json!({ "kind": "call", "date": "2026-12-06", "summary": "Soitettu" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, evaluation) = call(
        &app,
        &token,
        Method::GET,
        "/api/v1/care/evaluation?on=2026-12-06",
        None,
    )
    .await;
    assert_eq!(evaluation["adherence"]["met"], 4);
}

#[tokio::test]
async fn encounters_and_tasks_name_bad_fields_and_respect_roles() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let token = app.token_for(&mikko).await;
    let reader = app.add_user("Lasse Lukija", Role::ReadOnly, None).await;
    let reader = app.token_for(&reader).await;
    let (kone, _) = base(&app).await;
    let (status, err) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/accounts/{kone}/encounters"),
        Some(json!({ "kind": "lunch", "date": "31.2.2026", "time": "25:00", "contacts": [999] })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["kind", "date", "time", "summary"] {
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
    let (status, err) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/accounts/{kone}/encounters"),
        Some(json!({ "kind": "call", "date": "2026-12-01", "summary": "x", "contacts": [999] })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.to_string().contains("contacts[0]"), "{err}");
    let (_, listed) = call(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/accounts/{kone}/encounters"),
        None,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 2, "nothing was added");
    let first = listed[0]["id"].as_i64().unwrap();

    // A read-only user may look but not record, decide or write tasks.
    let (status, _) = call(
        &app,
        &reader,
        Method::POST,
        &format!("/api/v1/accounts/{kone}/encounters"),
        Some(json!({ "kind": "call", "date": "2026-12-01", "summary": "x" })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        &reader,
        Method::DELETE,
        &format!("/api/v1/encounters/{first}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // An encounter recorded by mistake is deleted, once.
    for expected in [StatusCode::NO_CONTENT, StatusCode::NOT_FOUND] {
        let (status, _) = call(
            &app,
            &token,
            Method::DELETE,
            &format!("/api/v1/encounters/{first}"),
            None,
        )
        .await;
        assert_eq!(status, expected);
    }
    let (_, listed) = call(
        &app,
        &token,
        Method::GET,
        &format!("/api/v1/accounts/{kone}/encounters"),
        None,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (status, _) = call(
        &app,
        &reader,
        Method::POST,
        "/api/v1/tasks",
        Some(json!({ "title": "Soita", "due": "2026-12-09" })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, task) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/tasks",
        Some(json!({ "title": "Soita Koneelle", "due": "9.12.2026", "account_id": kone })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    assert_eq!(task["owner"], "Mikko Myyjä");
    assert_eq!(task["origin"], "manual");
    let (status, err) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/tasks",
        Some(json!({ "title": "", "due": "huomenna" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.to_string().contains("title") && err.to_string().contains("due"));

    // Only managers and administrators change the care models; every bad field is named.
    let (status, models) = call(&app, &token, Method::GET, "/api/v1/care/models", None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        &token,
        Method::PUT,
        "/api/v1/care/models",
        Some(models.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut bad = models.clone();
    bad[0]["requirements"][1]["every_days"] = json!(0);
    let (status, err) = call(
        &app,
        &app.token,
        Method::PUT,
        "/api/v1/care/models",
        Some(bad),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err.to_string()
            .contains("models[0].requirements[1].every_days"),
        "{err}"
    );
    let mut stricter = models;
    stricter[0]["requirements"][1]["every_days"] = json!(10);
    let (status, _) = call(
        &app,
        &app.token,
        Method::PUT,
        "/api/v1/care/models",
        Some(stricter),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Pieni Oy, contacted a week before, is now late against the ten-day cadence.
    let found = suggestions(&app, &token, "2026-12-12").await;
    assert_eq!(found.len(), 2, "{found:?}");
}

#[tokio::test]
async fn a_users_calendar_feed_opens_by_its_key_alone_and_a_new_key_replaces_the_old() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let token = app.token_for(&mikko).await;
    let (kone, _) = base(&app).await;
    let soon = arvo_web::i18n::helsinki_date(chrono::Utc::now()) + chrono::Days::new(3);
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/accounts/{kone}/encounters"),
        Some(
            json!({ "kind": "meeting", "date": soon.to_string(), "time": "9.30",
                     "summary": "Vuoden tarpeet", "users": ["Mikko Myyjä"] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/tasks",
        Some(json!({ "title": "Lähetä tarjous", "due": "2099-01-20", "account_id": kone })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, feed) = call(&app, &token, Method::POST, "/api/v1/me/calendar-feed", None).await;
    assert_eq!(status, StatusCode::CREATED);
    let url = feed["url"].as_str().unwrap();
    let path = &url[url.find("/calendar/").unwrap()..];
    let address = app.address.clone();
    let get = |path: String| {
        let address = address.clone();
        async move {
            let r = common::plain()
                .get(format!("{address}{path}"))
                .send()
                .await
                .unwrap();
            let kind = r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned());
            (r.status(), kind, r.text().await.unwrap())
        }
    };
    let (status, kind, body) = get(path.to_owned()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind.as_deref(), Some("text/calendar; charset=utf-8"));
    assert!(body.contains("BEGIN:VEVENT"), "{body}");
    assert!(body.contains("SUMMARY:Tapaaminen: Kone Oy"), "{body}");
    // 9.30 in Helsinki is 7.30 UTC in winter, 6.30 in summer.
    let day = soon.format("%Y%m%d");
    assert!(
        body.contains(&format!("DTSTART:{day}T073000Z"))
            || body.contains(&format!("DTSTART:{day}T063000Z")),
        "{body}"
    );
    assert!(body.contains("SUMMARY:Lähetä tarjous (Kone Oy)"), "{body}");

    let (_, again) = call(&app, &token, Method::POST, "/api/v1/me/calendar-feed", None).await;
    assert_ne!(again["url"], feed["url"]);
    assert_eq!(get(path.to_owned()).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        get("/calendar/not-a-key.ics".into()).await.0,
        StatusCode::NOT_FOUND
    );
}

/// A minimal SMTP server on loopback that accepts every message and hands each one's envelope
/// recipients and data to the test.
async fn smtp_server() -> (
    String,
    tokio::sync::mpsc::UnboundedReceiver<(Vec<String>, String)>,
) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 localhost ESMTP test\r\n").await.ok();
                let (mut to, mut data, mut in_data) = (Vec::new(), String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            tx.send((std::mem::take(&mut to), std::mem::take(&mut data)))
                                .ok();
                            write.write_all(b"250 queued\r\n").await.ok();
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250-localhost\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        to.push(line[8..].trim().to_owned());
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.ok();
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (format!("smtp://127.0.0.1:{port}"), rx)
}

#[tokio::test]
async fn the_daily_digest_tells_each_user_their_days_work_through_smtp() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    app.add_user("Lasse Lukija", Role::ReadOnly, None).await;
    let token = app.token_for(&mikko).await;
    let (kone, _) = base(&app).await;
    let today = arvo_web::i18n::helsinki_date(chrono::Utc::now());
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/tasks",
        Some(json!({ "title": "Soita Koneelle", "due": today.to_string(), "account_id": kone })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    // An action of Kone Oy's plan, Mikko's, was due yesterday.
    let yesterday = today.pred_opt().unwrap();
    let (status, body) = call(
        &app,
        &token,
        Method::PUT,
        &format!("/api/v1/accounts/{kone}/plan"),
        Some(
            json!({ "actions": [{ "title": "Esittele hinnasto", "due": yesterday.to_string() }] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (url, mut inbox) = smtp_server().await;
    let mailer =
        arvo_web::digest::Mailer::new(&url, "Arvo <arvo@example.fi>", "https://arvo.example.fi")
            .unwrap();
    let sent = arvo_web::digest::send_all(&app.store, &mailer, today)
        .await
        .unwrap();
    let mut mails = Vec::new();
    while let Ok(mail) = inbox.try_recv() {
        mails.push(mail);
    }
    assert_eq!(mails.len(), sent);
    let (to, body) = mails
        .iter()
        .find(|(to, _)| to.iter().any(|t| t.contains(&mikko.email)))
        .expect("Mikko's digest");
    assert_eq!(to.len(), 1);
    assert!(body.contains("Subject: Arvo: oma "), "{body}");
    assert!(body.contains("charset=utf-8"), "{body}");
    assert!(body.contains("Soita Koneelle (Kone Oy)"), "{body}");
    assert!(body.contains("Esittele hinnasto (Kone Oy)"), "{body}");
    assert!(body.contains("https://arvo.example.fi/work"), "{body}");
    assert!(
        !mails
            .iter()
            .any(|(to, _)| to.iter().any(|t| t.contains("lasse"))),
        "read-only users get none"
    );
}

#[tokio::test]
async fn managers_edit_the_care_models_on_their_page_and_bad_rows_are_named() {
    let app = spawn_app().await;
    let pekka = app.add_user("Pekka Päällikkö", Role::Manager, None).await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let (session, _) =
        common::Session::sign_in(&app, &pekka.email, arvo_web::testing::TEST_PASSWORD).await;
    let html = session.page("/settings/care").await;
    assert!(html.contains("care-models-form"), "{html}");
    let csrf = common::hidden_value(&html, "_csrf");
    // The retain model (the first of the defaults): its contact every 10 days, its review
    // removed, a new visit every 60 days; and a new model for the grow segment's value tier.
    let fields = |every: &'static str| {
        let mut f: Vec<(String, String)> = vec![("_csrf".into(), csrf.clone())];
        let mut put = |k: &str, v: &str| f.push((k.into(), v.into()));
        put("m0.segment", "retain");
        put("m0.tier", "");
        put("m0.r0.present", "1");
        put("m0.r0.key", "review");
        put("m0.r0.name", "Business review");
        put("m0.r0.every_days", "90");
        put("m0.r0.role", "owner");
        put("m0.r0.remove", "on");
        put("m0.r1.present", "1");
        put("m0.r1.key", "contact");
        put("m0.r1.name", "Contact");
        put("m0.r1.every_days", every);
        put("m0.r1.role", "owner");
        put("m0.r2.present", "1");
        put("m0.r2.blank", "on");
        put("m0.r2.key", "visit");
        put("m0.r2.name", "Asiakaskäynti");
        put("m0.r2.kinds", "visit");
        put("m0.r2.channels", "in_person");
        put("m0.r2.every_days", "60");
        put("m0.r2.role", "manager");
        put("new.segment", "grow");
        put("new.tier", "value");
        f
    };
    let post = |fields: Vec<(String, String)>| {
        let client = session.client.clone();
        let url = format!("{}/settings/care", app.address);
        async move {
            let r = client.post(url).form(&fields).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (status, html) = post(fields("joka viikko")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("field-error"), "{html}");
    assert!(
        html.contains("joka viikko") || html.contains("value=\"0\""),
        "the input stays"
    );
    let (_, unchanged) = call(&app, &app.token, Method::GET, "/api/v1/care/models", None).await;
    assert_eq!(
        unchanged[0]["requirements"].as_array().unwrap().len(),
        2,
        "nothing saved"
    );

    let (status, _) = post(fields("10")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, models) = call(&app, &app.token, Method::GET, "/api/v1/care/models", None).await;
    let retain = &models[0]["requirements"];
    assert_eq!(retain.as_array().unwrap().len(), 2, "{models}");
    assert_eq!(retain[0]["key"], "contact");
    assert_eq!(retain[0]["every_days"], 10);
    assert_eq!(retain[1]["key"], "visit");
    assert_eq!(retain[1]["kinds"], json!(["visit"]));
    assert_eq!(retain[1]["role"], "manager");
    let last = &models[models.as_array().unwrap().len() - 1];
    assert_eq!(last["segment"], "grow");
    assert_eq!(last["tier"], "value");

    let (account_manager, _) =
        common::Session::sign_in(&app, &mikko.email, arvo_web::testing::TEST_PASSWORD).await;
    let status = account_manager
        .client
        .get(format!("{}/settings/care", app.address))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_suggestion_for_an_owner_who_is_no_user_becomes_the_task_of_whoever_accepts_it() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let token = app.token_for(&mikko).await;
    let actor = Actor::new("tests", "cli");
    let draft = AccountInput {
        name: Some("Vanha Oy".into()),
        owner: Some("Entinen Myyjä".into()),
        ..AccountInput::default()
    }
    .validate(&[])
    .unwrap();
    let id = app.store.create_account(&draft, &actor).await.unwrap().id;
    app.store
        .set_manual_segment(id, Some(("retain", "standard")), "Pito", &actor)
        .await
        .unwrap();
    let (status, _) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/accounts/{id}/encounters"),
        Some(json!({ "kind": "business_review", "date": "2026-10-20", "summary": "Katsaus" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, decided) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/accounts/{id}/care-decisions?on=2026-12-06"),
        Some(json!({ "gap": "care:contact:2026-10-20", "decision": "accept" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{decided}");
    assert_eq!(decided["task"]["owner"], "Mikko Myyjä");
}

#[tokio::test]
async fn an_encounter_is_changed_through_the_api_and_its_page_and_a_bad_change_keeps_it() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    let token = app.token_for(&mikko).await;
    let (kone, _) = base(&app).await;
    let (status, booked) = call(
        &app,
        &token,
        Method::POST,
        &format!("/api/v1/accounts/{kone}/encounters"),
        Some(
            json!({ "kind": "meeting", "date": "2026-12-10", "time": "10.00",
                     "summary": "Vuosisopimus", "users": ["Mikko Myyjä"] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    let id = booked["id"].as_i64().unwrap();
    let path = format!("/api/v1/encounters/{id}");

    // A bad change names its fields and leaves the encounter as it was.
    let (status, body) = call(
        &app,
        &token,
        Method::PUT,
        &path,
        Some(json!({ "kind": "lunch", "date": "31.12.2026", "summary": "" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "summary"]);
    let (_, unchanged) = call(&app, &token, Method::GET, &path, None).await;
    assert_eq!(unchanged, booked);

    // Held, the meeting gets its outcome and next step.
    let (status, held) = call(
        &app,
        &token,
        Method::PUT,
        &path,
        Some(
            json!({ "kind": "meeting", "date": "10.12.2026", "time": "10.00",
                     "summary": "Vuosisopimus", "outcome": "Sopimus allekirjoitettu",
                     "next_step": "Toimitukset tammikuussa", "users": ["Mikko Myyjä"] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{held}");
    assert_eq!(held["outcome"], "Sopimus allekirjoitettu");
    assert_eq!(held["participants"][0]["name"], "Mikko Myyjä");

    // On its page, a refused change comes back as typed; a good one goes back to the timeline.
    let (session, _) =
        common::Session::sign_in(&app, &mikko.email, arvo_web::testing::TEST_PASSWORD).await;
    let account = session.page(&format!("/accounts/{kone}")).await;
    assert!(
        account.contains(&format!("/encounters/{id}/edit")),
        "{account}"
    );
    let html = session.page(&format!("/encounters/{id}/edit")).await;
    assert!(html.contains("Sopimus allekirjoitettu"), "{html}");
    let csrf = common::hidden_value(&html, "_csrf");
    let save = format!("/encounters/{id}");
    let (status, html) = session
        .submit(
            &save,
            &[
                ("_csrf", csrf.as_str()),
                ("kind", "meeting"),
                ("date", "ensi viikolla"),
                ("summary", "Vuosisopimus ja hinnasto"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("ensi viikolla") && html.contains("field-error"),
        "{html}"
    );
    let (status, _) = session
        .submit(
            &save,
            &[
                ("_csrf", csrf.as_str()),
                ("kind", "meeting"),
                ("date", "10.12.2026"),
                ("summary", "Vuosisopimus ja hinnasto"),
                ("outcome", "Sopimus allekirjoitettu"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, saved) = call(&app, &token, Method::GET, &path, None).await;
    assert_eq!(saved["summary"], "Vuosisopimus ja hinnasto");
    assert_eq!(saved["time"], Value::Null);
    assert_eq!(
        saved["participants"][0]["name"], "Mikko Myyjä",
        "the users who took part stay"
    );
}

#[tokio::test]
async fn a_task_is_moved_or_given_to_another_and_a_bad_change_keeps_it() {
    let app = spawn_app().await;
    let mikko = app
        .add_user("Mikko Myyjä", Role::AccountManager, None)
        .await;
    app.add_user("Aino Avustaja", Role::AccountManager, None)
        .await;
    let token = app.token_for(&mikko).await;
    let (kone, _) = base(&app).await;
    let (status, task) = call(
        &app,
        &token,
        Method::POST,
        "/api/v1/tasks",
        Some(json!({ "title": "Soita hinnoista", "due": "2026-12-08", "account_id": kone })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{task}");
    let id = task["id"].as_i64().unwrap();
    let path = format!("/api/v1/tasks/{id}");
    let (status, body) = call(
        &app,
        &token,
        Method::PUT,
        &path,
        Some(json!({ "due": "32.12.2026", "owner": "Ei Ketään" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "due");
    let (status, body) = call(
        &app,
        &token,
        Method::PUT,
        &path,
        Some(json!({ "owner": "Ei Ketään" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["field"], "owner");
    let (status, moved) = call(
        &app,
        &token,
        Method::PUT,
        &path,
        Some(json!({ "due": "15.12.2026", "owner": "Aino Avustaja", "version": 1 })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["due"], "2026-12-15");
    assert_eq!(moved["owner"], "Aino Avustaja");
    assert_eq!(
        moved["title"], "Soita hinnoista",
        "the fields left out stay"
    );
    let (status, _) = call(
        &app,
        &token,
        Method::PUT,
        &path,
        Some(json!({ "due": "16.12.2026", "version": 1 })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // On the account page, a task is moved by its own small form.
    let (session, _) =
        common::Session::sign_in(&app, &mikko.email, arvo_web::testing::TEST_PASSWORD).await;
    let html = session.page(&format!("/accounts/{kone}")).await;
    assert!(html.contains(&format!("/tasks/{id}/move")), "{html}");
    let csrf = common::hidden_value(&html, "_csrf");
    let back = format!("/accounts/{kone}#care");
    let post = |due: &'static str| {
        let fields = [
            ("_csrf", csrf.clone()),
            ("back", back.clone()),
            ("due", due.to_owned()),
        ];
        let session = &session;
        let path = format!("/tasks/{id}/move");
        async move { session.submit(&path, &fields).await }
    };
    let (status, html) = post("huomenna").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("value=\"huomenna\"") && html.contains("field-error"));
    let (status, _) = post("20.12.2026").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, after) = call(&app, &token, Method::GET, "/api/v1/tasks?all=true", None).await;
    assert_eq!(after[0]["due"], "2026-12-20");
}
