//! The value analysis pages through the real server: the company-wide analysis of a period
//! with its figures, charts and tables (names escaped inside the charts), an account's value
//! section and its forms (ratings, a segment set by hand, the estimated need), the settings
//! page's cost pools and model with errors beside their fields, the refresh of the segments,
//! CSRF tokens, and who may see what.

mod common;

use arvo_core::{AccountInput, Actor, Role};
use arvo_store::imports::OrderLineRecord;
use arvo_web::testing::{TEST_PASSWORD, TestApp, spawn_app};
use chrono::NaiveDate;
use common::{Session, call, hidden_value};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// A hostile name: a page or a chart that inserted it unescaped would run it.
const HOSTILE: &str = "Paha <script>alert(1)</script> Oy";

fn line(
    order: &str,
    customer: &str,
    date: NaiveDate,
    net: i64,
    cost_share: i64,
) -> OrderLineRecord {
    OrderLineRecord {
        row: 2,
        order_number: order.into(),
        line_number: 1,
        customer_number: Some(customer.into()),
        business_id: None,
        order_date: date,
        product_number: "P-1".into(),
        product_name: Some("Laakeri".into()),
        product_group: Some("Laakerit".into()),
        quantity_milli: 1000,
        unit_price_cents: net,
        unit_cost_cents: Some(net * cost_share / 100),
        discount_bp: 0,
        net_cents: net,
        cost_cents: Some(net * cost_share / 100),
        channel: "direct".into(),
        reseller: None,
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Four accounts: Kone Oy buys 1 000 € every week from January to March 2025 at a 40 %
/// margin, the hostile name twice, Pieni Oy five small orders at a thin margin, and Uusi Oy
/// nothing. Cost pools: 3 650 € a year for order handling and 730 € not allocated. Returns the
/// ids in that order.
async fn base(app: &TestApp) -> Vec<i64> {
    let actor = Actor::new("tests", "cli");
    let mut ids = Vec::new();
    for (name, number) in [
        ("Kone Oy", Some("10001")),
        (HOSTILE, Some("10002")),
        ("Pieni Oy", Some("10003")),
        ("Uusi Oy", None),
    ] {
        let mut draft = AccountInput {
            name: Some(name.into()),
            status: Some("customer".into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        draft.customer_number = number.map(Into::into);
        ids.push(app.store.create_account(&draft, &actor).await.unwrap().id);
    }
    let mut lines: Vec<OrderLineRecord> = (0..13)
        .map(|w| {
            let date = day(2025, 1, 6) + chrono::Days::new(7 * w);
            line(&format!("K-{w}"), "10001", date, 100_000, 60)
        })
        .collect();
    lines.push(line("H-1", "10002", day(2025, 5, 2), 30_000, 50));
    lines.push(line("H-2", "10002", day(2025, 9, 2), 30_000, 50));
    for k in 0..5u32 {
        lines.push(line(
            &format!("P-{k}"),
            "10003",
            day(2025, 2 + k, 10),
            5_000,
            90,
        ));
    }
    common::import_order_lines(app, &lines, &actor).await;
    let (s, body) = call(
        app,
        &app.token,
        Method::PUT,
        "/api/v1/analysis/cost-pools",
        Some(json!([
            {"name": "Tilausten käsittely", "cost_cents": 365_000, "driver": "orders", "layer": "sales"},
            {"name": "Uusasiakashankinta", "cost_cents": 73_000, "driver": "not_allocated", "layer": "marketing"}
        ])),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{body}");
    ids
}

async fn admin(app: &TestApp) -> Session {
    let (session, status) = Session::sign_in(app, &app.admin.email, TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    session
}

/// A form posted like a browser: the status, where it leads, and the page it answers with.
async fn post(
    session: &Session,
    path: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let r = session
        .client
        .post(format!("{}{path}", session.base))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

async fn status_of(session: &Session, path: &str) -> StatusCode {
    session
        .client
        .get(format!("{}{path}", session.base))
        .send()
        .await
        .unwrap()
        .status()
}

/// The element with this id, from its id to its first end tag (the elements looked at hold
/// no element of their own kind).
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let tag: String = html[..start]
        .rsplit('<')
        .next()
        .unwrap()
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let rest = &html[start..];
    let end = rest.find(&format!("</{tag}>")).unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn the_analysis_page_shows_the_periods_figures_charts_and_customers() {
    let app = spawn_app().await;
    let ids = base(&app).await;
    let session = admin(&app).await;

    let html = session.page("/analysis?period=2025").await;
    assert!(html.contains(r#"id="nav-analysis" href="/analysis" aria-current="page""#));
    assert!(html.contains("1.1.2025 – 31.12.2025"), "the period's days");
    // Sales 13 850 € − direct costs 8 325 € − pools 4 380 € = 1 145 €; the order pool's
    // 3 650 € falls on the 20 orders by their number, 182,50 € each.
    assert!(
        element(&html, "fig-result").contains("1\u{a0}145\u{a0}€"),
        "{}",
        element(&html, "fig-result")
    );
    assert!(element(&html, "fig-margins").contains("1\u{a0}875\u{a0}€"));
    assert!(element(&html, "fig-unallocated").contains("730\u{a0}€"));
    // The largest customer's share of sales: 13 000 / 13 850.
    assert!(element(&html, "fig-largest").contains("93,9 %"));
    // Two orders do not carry their handling, and five small ones at a thin margin even less.
    assert!(
        element(&html, "fig-losses").contains("2 · "),
        "{}",
        element(&html, "fig-losses")
    );

    // The whale curve: an image with a title, axis labels, the 100 % line and hover values.
    let whale = element(&html, "whale-chart");
    assert!(whale.starts_with(r#"id="whale-chart" viewBox"#));
    assert!(html.contains(r#"role="img" aria-labelledby="whale-chart-title whale-chart-desc""#));
    assert!(whale.contains("Asiakkaiden osuus, kannattavimmat ensin"));
    assert!(whale.contains("Osuus voitosta"));
    assert!(whale.contains("100 % voitosta"));
    assert!(whale.contains("<title>1 kannattavinta asiakasta (25,0 % asiakkaista)"));

    // The grid: 3 × 3 by default, each cell with its count.
    assert_eq!(element(&html, "group-grid").matches("<td").count(), 9);

    // The value matrix: one mark per customer, linked, named in its hover text, and the
    // hostile name escaped inside the chart as everywhere else.
    let matrix = element(&html, "matrix-chart");
    assert_eq!(matrix.matches("<a href=\"/accounts/").count(), 4);
    assert!(matrix.contains(&format!("<a href=\"/accounts/{}\">", ids[0])));
    assert!(matrix.contains("<title>Kone Oy: arvopisteet"));
    assert!(matrix.contains("Paha &lt;script&gt;alert(1)&lt;/script&gt; Oy: arvopisteet"));
    assert!(matrix.contains(">Pito</text>") && matrix.contains(">Tehostus</text>"));
    assert!(!html.contains("<script>alert(1)"), "a name is never markup");

    // Kone Oy bought every week until the end of March: overdue on the last day of 2025.
    let alerts = element(&html, "alerts");
    assert!(
        alerts.contains("Kone Oy</a>: ei ostoja 275 päivään; ostaa yleensä 7 päivän välein."),
        "{alerts}"
    );
    assert!(element(&html, "key-table").contains("Kone Oy"));
    assert!(element(&html, "segment-counts").contains("Pito"));

    // The customer table: by customer margin by default, by name on request.
    let table = element(&html, "customer-table");
    assert!(table.find("Kone Oy").unwrap() < table.find("Pieni Oy").unwrap());
    assert!(table.contains(&format!("href=\"/accounts/{}\"", ids[2])));
    let by_name = session.page("/analysis?period=2025&sort=name").await;
    let table = element(&by_name, "customer-table");
    let order: Vec<usize> = ["Kone Oy", "Paha", "Pieni Oy", "Uusi Oy"]
        .iter()
        .map(|n| table.find(n).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(table.contains(r#"aria-sort="ascending""#));

    // English, and a period that cannot be read: the rolling year with the problem named.
    let en = session.page("/analysis?period=2025&lang=en").await;
    assert!(en.contains("Whale curve") && en.contains("Share of profit"));
    assert!(en.contains("no purchase for 275 days; it usually buys every 7 days."));
    assert!(en.contains("€1,145"));
    let bad = session.page("/analysis?period=2025-Q9").await;
    assert!(bad.contains(r#"id="error-period""#));
    assert!(bad.contains(r#"<option value="rolling" selected>"#));
}

#[tokio::test]
async fn the_account_page_shows_its_value_and_takes_ratings_segments_and_needs() {
    let app = spawn_app().await;
    let ids = base(&app).await;
    let session = admin(&app).await;
    let kone = format!("/accounts/{}", ids[0]);

    let html = session.page(&format!("{kone}?period=2025")).await;
    let value = element(&html, "value");
    assert!(value.contains("Asiakkuuden arvo"));
    // The waterfall: 13 000 € − 7 800 € = 5 200 € − 2 372,50 € of order handling = 2 827,50 €.
    let waterfall = element(&html, "waterfall");
    assert!(waterfall.contains("13\u{a0}000\u{a0}€"), "{waterfall}");
    assert!(waterfall.contains("5\u{a0}200\u{a0}€"));
    assert!(waterfall.contains("2\u{a0}828\u{a0}€"));
    assert!(waterfall.contains("Tilausten käsittely (tilaukset)"));
    assert!(waterfall.contains("65,0 % poolista"), "13 of the 20 orders");
    assert!(html.contains(r#"id="waterfall-chart""#));
    assert!(element(&html, "value-alerts").contains("Ei ostoja 275 päivään"));
    let csrf = hidden_value(&html, "_csrf");

    // A rating needs the session's CSRF token; without it nothing is saved.
    let rating = |csrf: &str| {
        [
            ("criterion", "reference".to_owned()),
            ("score", "5".to_owned()),
            ("reason", "Suosittelee meitä".to_owned()),
            ("period", "2025".to_owned()),
            ("_csrf", csrf.to_owned()),
        ]
    };
    let fields = rating("0000");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, _, _) = post(&session, &format!("{kone}/ratings"), &refs).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(app.store.ratings_of(ids[0]).await.unwrap().is_empty());
    let fields = rating(&csrf);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, location, _) = post(&session, &format!("{kone}/ratings"), &refs).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{kone}?notice=saved&period=2025#value"));
    assert_eq!(app.store.ratings_of(ids[0]).await.unwrap()[0].score, 5);
    let html = session.page(&format!("{kone}?period=2025")).await;
    assert!(element(&html, "rating-history").contains("Suosittelee meitä"));

    // A rating out of range is refused beside its field, keeping what was typed.
    let (s, _, html) = post(
        &session,
        &format!("{kone}/ratings"),
        &[
            ("criterion", "reference"),
            ("score", "9"),
            ("reason", "Liian <b>hyvä</b>"),
            ("_csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(element(&html, "error-score").contains("1–5"));
    assert!(
        html.contains(r#"value="Liian &#60;b&#62;hyvä&#60;/b&#62;""#)
            || html.contains("Liian &lt;b&gt;hyvä&lt;/b&gt;")
    );

    // A segment set by hand needs a reason; then it stays, and can be given back.
    let segment = format!("{kone}/segment");
    let (s, _, html) = post(
        &session,
        &segment,
        &[("segment", "grow"), ("reason", " "), ("_csrf", &csrf)],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-segment-reason""#));
    assert!(
        html.contains(r#"<option value="grow" selected>"#),
        "the choice is kept"
    );
    let (s, _, _) = post(
        &session,
        &segment,
        &[
            ("segment", "grow"),
            ("reason", "Laajentaa toimintaansa"),
            ("_csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let html = session.page(&format!("{kone}?period=2025")).await;
    let seg = element(&html, "value-segment");
    assert!(seg.contains("Kasvu") && seg.contains("käsin"), "{seg}");
    assert!(element(&html, "segment-history").contains("Laajentaa toimintaansa"));
    let (s, _, _) = post(
        &session,
        &segment,
        &[
            ("segment", ""),
            ("reason", "Takaisin säännölle"),
            ("_csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let state = app.store.account_segment(ids[0]).await.unwrap();
    assert!(state.is_none_or(|s| !s.manual));

    // The estimated need in Finnish euros; a word is refused beside the field.
    let need = format!("{kone}/need");
    let (s, _, html) = post(&session, &need, &[("need", "paljon"), ("_csrf", &csrf)]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-need""#));
    assert!(html.contains(r#"value="paljon""#));
    let (s, _, _) = post(
        &session,
        &need,
        &[("need", "20 000,00"), ("period", "2025"), ("_csrf", &csrf)],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let html = session.page(&format!("{kone}?period=2025")).await;
    let wallet = element(&html, "value-wallet");
    assert!(wallet.contains("20\u{a0}000\u{a0}€"), "{wallet}");
    assert!(wallet.contains("65,0 %"), "13 000 of 20 000");
    assert!(wallet.contains("7\u{a0}000\u{a0}€"), "the room to grow");

    // A read-only user sees the figures of an account it sees, without the forms, and may
    // not post them.
    let reader = app.add_user("Lasse Lukija", Role::ReadOnly, None).await;
    let (reading, _) = Session::sign_in(&app, &reader.email, TEST_PASSWORD).await;
    let html = reading.page(&format!("{kone}?period=2025")).await;
    assert!(html.contains(r#"id="waterfall""#));
    assert!(!html.contains(r#"id="segment-form""#) && !html.contains(r#"id="rating-form""#));
    assert!(!html.contains(r#"id="nav-analysis""#));
    let csrf = hidden_value(&html, "_csrf");
    let (s, _, _) = post(
        &reading,
        &format!("{kone}/ratings"),
        &[("criterion", "reference"), ("score", "1"), ("_csrf", &csrf)],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.store.ratings_of(ids[0]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_settings_page_edits_the_pools_and_the_model_with_errors_beside_the_fields() {
    let app = spawn_app().await;
    base(&app).await;
    let session = admin(&app).await;
    let html = session.page("/settings/analysis").await;
    assert!(html.contains(r#"name="pools[0].name" value="Tilausten käsittely""#));
    assert!(html.contains(r#"name="pools[0].cost" value="3 650,00""#));
    assert!(
        html.contains(r#"name="pools[4].name" value="""#),
        "three empty rows"
    );
    let csrf = hidden_value(&html, "_csrf");
    let pools = "/settings/analysis/pools";

    // Without the token nothing changes.
    let (s, _, _) = post(&session, pools, &[("pools[0].name", "X"), ("_csrf", "00")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.store.cost_pools().await.unwrap().len(), 2);

    // Errors are named by the form's rows, even past a blank one.
    let (s, _, html) = post(
        &session,
        pools,
        &[
            ("pools[0].name", "Laskutus"),
            ("pools[0].cost", "1 000"),
            ("pools[0].driver", "invoices"),
            ("pools[0].layer", "sales"),
            ("pools[1].name", ""),
            ("pools[1].cost", ""),
            ("pools[2].name", "Laskutus"),
            ("pools[2].cost", "-5"),
            ("pools[2].driver", "orders"),
            ("pools[2].layer", "service"),
            ("pools[3].name", "Huolto"),
            ("pools[3].cost", "paljon"),
            ("pools[3].driver", "service_hours"),
            ("pools[3].layer", "service"),
            ("_csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(r#"id="error-pool-3-cost""#),
        "a word for a cost"
    );
    assert!(html.contains(r#"value="paljon""#));
    let (s, _, html) = post(
        &session,
        pools,
        &[
            ("pools[0].name", "Laskutus"),
            ("pools[0].cost", "1 000"),
            ("pools[0].driver", "invoices"),
            ("pools[0].layer", "sales"),
            ("pools[2].name", "Laskutus"),
            ("pools[2].cost", "-5"),
            ("pools[2].driver", "orders"),
            ("pools[2].layer", "service"),
            ("_csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-pool-2-cost""#), "negative");
    assert!(html.contains(r#"id="error-pool-2-name""#), "repeated");
    assert!(!html.contains(r#"id="error-pool-1-"#));
    assert_eq!(
        app.store.cost_pools().await.unwrap().len(),
        2,
        "nothing saved"
    );

    // Saved: one kept, one removed, one added, yearly costs in euros.
    let (s, location, _) = post(
        &session,
        pools,
        &[
            ("pools[0].name", "Tilausten käsittely"),
            ("pools[0].cost", "36 500,00"),
            ("pools[0].driver", "orders"),
            ("pools[0].layer", "sales"),
            ("pools[1].name", "Uusasiakashankinta"),
            ("pools[1].cost", "730,00"),
            ("pools[1].driver", "not_allocated"),
            ("pools[1].layer", "marketing"),
            ("pools[1].remove", "1"),
            ("pools[2].name", "Huolto"),
            ("pools[2].cost", "12 000"),
            ("pools[2].driver", "service_hours"),
            ("pools[2].layer", "service"),
            ("_csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(
        (s, location.as_str()),
        (StatusCode::SEE_OTHER, "/settings/analysis?notice=saved")
    );
    let stored: Vec<(String, i64)> = app
        .store
        .cost_pools()
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.pool.name, p.pool.cost_cents))
        .collect();
    assert_eq!(
        stored,
        [
            ("Tilausten käsittely".to_owned(), 3_650_000),
            ("Huolto".to_owned(), 1_200_000)
        ]
    );

    // The model: weights that do not add up, and a threshold that is not a number.
    let settings = "/settings/analysis";
    let mut fields = vec![
        ("weight.sales_volume", "50"),
        ("weight.profitability", "20"),
        ("weight.loyalty", "20"),
        ("weight.potential", "10"),
        ("weight.reference", "10"),
        ("weight.learning", "10"),
        ("key_rule", "at_least"),
        ("key_count", ""),
        ("key_score", "3,5"),
        ("current_threshold", "kolme"),
        ("potential_threshold", "10 000"),
        ("bands", "4"),
        ("_csrf", &csrf),
    ];
    let (s, _, html) = post(&session, settings, &fields).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-current-threshold""#));
    assert!(html.contains(r#"value="kolme""#));
    fields[9] = ("current_threshold", "3,5");
    let (s, _, html) = post(&session, settings, &fields).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        element(&html, "error-weights").contains("Painojen summan on oltava 100 % (nyt 120 %).")
    );
    assert!(html.contains(r#"value="50""#), "the typed weight is kept");
    fields[0] = ("weight.sales_volume", "30");
    let (s, location, _) = post(&session, settings, &fields).await;
    assert_eq!(
        (s, location.as_str()),
        (StatusCode::SEE_OTHER, "/settings/analysis?notice=saved")
    );
    let (_, stored) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/analysis/settings",
        None,
    )
    .await;
    assert_eq!(stored["bands"], 4);
    assert_eq!(
        stored["score_model"]["key_accounts"],
        json!({"rule": "at_least", "score": 3.5})
    );
    assert_eq!(stored["segment_rule"]["potential_threshold"], 1_000_000.0);
    let html = session.page("/analysis?period=2025").await;
    assert_eq!(element(&html, "group-grid").matches("<td").count(), 16);

    // The refresh saves the rule's segments and says how many changed.
    let (s, location, _) = post(
        &session,
        "/settings/analysis/refresh",
        &[("period", "2025"), ("_csrf", &csrf)],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(location, "/settings/analysis?notice=refreshed&changed=4");
    let html = session.page(&location).await;
    assert!(html.contains("Segmentit päivitetty: 4 asiakkaan segmentti muuttui."));
}

#[tokio::test]
async fn the_company_analysis_and_its_settings_are_not_for_account_managers() {
    let app = spawn_app().await;
    let ids = base(&app).await;
    let rep = app.add_user("Aki Myyjä", Role::AccountManager, None).await;
    let (session, _) = Session::sign_in(&app, &rep.email, TEST_PASSWORD).await;
    for path in ["/analysis", "/analysis?period=2025", "/settings/analysis"] {
        assert_eq!(
            status_of(&session, path).await,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let html = session.page(&format!("/accounts/{}", ids[0])).await;
    assert!(!html.contains(r#"id="nav-analysis""#));
    assert!(
        html.contains(r#"id="rating-form""#),
        "the responsible person rates"
    );
    let csrf = hidden_value(&html, "_csrf");
    for (path, fields) in [
        (
            "/settings/analysis/pools",
            vec![
                ("pools[0].name", "X"),
                ("pools[0].cost", "1"),
                ("pools[0].driver", "orders"),
                ("pools[0].layer", "sales"),
            ],
        ),
        ("/settings/analysis", vec![("bands", "4")]),
        ("/settings/analysis/refresh", vec![("period", "2025")]),
    ] {
        let mut fields = fields;
        fields.push(("_csrf", &csrf));
        let (s, _, _) = post(&session, path, &fields).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.store.cost_pools().await.unwrap().len(), 2);
    // An administrator has the menu item.
    let html = admin(&app).await.page("/accounts").await;
    assert!(html.contains(r#"id="nav-analysis" href="/analysis""#));
}

#[tokio::test]
async fn the_what_if_shows_who_would_enter_and_leave_the_key_accounts_before_saving() {
    let app = spawn_app().await;
    let ids = base(&app).await;
    // Through the API: with only the best customer as a key account, the other three leave.
    let (_, stored) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/analysis/settings",
        None,
    )
    .await;
    let mut model = stored["score_model"].clone();
    model["key_accounts"] = json!({"rule": "top", "count": 1});
    let (s, w) = call(
        &app,
        &app.token,
        Method::POST,
        "/api/v1/analysis/what-if?period=2025",
        Some(model.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert_eq!(
        (
            w["key_accounts_now"].as_u64(),
            w["key_accounts_then"].as_u64()
        ),
        (Some(4), Some(1))
    );
    assert_eq!(w["entering"], json!([]));
    let mut leaving: Vec<i64> = w["leaving"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    leaving.sort_unstable();
    assert_eq!(leaving, ids[1..]);
    assert_eq!(w["leaving"][0]["score_then"], w["leaving"][0]["score_now"]);
    // A model whose weights do not add up is refused with the field named.
    model["criteria"][0]["weight"] = json!(90);
    let (s, body) = call(
        &app,
        &app.token,
        Method::POST,
        "/api/v1/analysis/what-if?period=2025",
        Some(model),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "score_model.criteria", "{body}");

    // On the settings page: the form is kept, the lists shown, nothing saved.
    let session = admin(&app).await;
    let html = session.page("/settings/analysis").await;
    let csrf = hidden_value(&html, "_csrf");
    let mut fields = vec![
        ("weight.sales_volume", "30"),
        ("weight.profitability", "20"),
        ("weight.loyalty", "20"),
        ("weight.potential", "10"),
        ("weight.reference", "10"),
        ("weight.learning", "10"),
        ("key_rule", "top"),
        ("key_count", "1"),
        ("key_score", ""),
        ("current_threshold", "3,5"),
        ("potential_threshold", "10 000"),
        ("bands", "3"),
        ("what_if_period", "2025"),
        ("preview", "1"),
        ("_csrf", &csrf),
    ];
    let (s, _, html) = post(&session, "/settings/analysis", &fields).await;
    assert_eq!(s, StatusCode::OK);
    let summary = element(&html, "what-if");
    assert!(
        summary.contains("avainasiakkaita on nyt 4; näillä asetuksilla niitä olisi 1"),
        "{summary}"
    );
    assert!(html.contains(r#"<option value="2025" selected>"#));
    assert!(html.contains(r#"id="f-key-count" name="key_count" value="1""#));
    let leaving = element(&html, "what-if-leaving");
    assert_eq!(
        leaving.matches("<tr>").count(),
        4,
        "a header and three rows"
    );
    assert!(leaving.contains("Paha &#60;script&#62;"), "{leaving}");
    assert!(!html.contains(HOSTILE));
    assert!(!html.contains(r#"id="what-if-entering""#), "nobody enters");
    let (_, after) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/analysis/settings",
        None,
    )
    .await;
    assert_eq!(after, stored, "nothing saved");
    // With errors, the errors and no lists.
    fields[0] = ("weight.sales_volume", "90");
    let (s, _, html) = post(&session, "/settings/analysis", &fields).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains(r#"id="error-weights""#));
    assert!(!html.contains(r#"id="what-if""#));
}

#[tokio::test]
async fn the_analysis_tables_download_from_the_page_and_the_api_in_the_readers_language() {
    use calamine::{Data, Reader, Xlsx};
    let app = spawn_app().await;
    let ids = base(&app).await;
    let session = admin(&app).await;
    let html = session.page("/analysis?period=2025").await;
    let menu = element(&html, "analysis-downloads");
    assert!(
        menu.contains(
            r#"href="/analysis/download?period=2025&#38;table=customers&#38;format=csv""#
        ),
        "{menu}"
    );
    assert_eq!(
        menu.matches("download>").count(),
        8,
        "four tables, two formats each"
    );

    let get = |path: String| {
        let client = session.client.clone();
        let base = session.base.clone();
        async move {
            let r = client.get(format!("{base}{path}")).send().await.unwrap();
            let status = r.status();
            let disposition = r
                .headers()
                .get("content-disposition")
                .map(|h| h.to_str().unwrap().to_owned())
                .unwrap_or_default();
            (status, disposition, r.bytes().await.unwrap())
        }
    };
    // Every customer's figures in Finnish: a header of words, a row per customer, the margins
    // adding up with the unallocated cost to the company result.
    let (s, disposition, body) =
        get("/analysis/download?period=2025&table=customers&format=csv".into()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        disposition.contains("arvo-analyysi-asiakkaat-2025.csv"),
        "{disposition}"
    );
    let text = String::from_utf8(body.to_vec()).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(&header[..3], ["Tunnus", "Nimi", "Myynti"]);
    assert!(header.contains(&"Asiakkuuden kate"));
    assert!(header.contains(&"Pooli: Tilausten käsittely"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    assert_eq!(rows.len(), 4);
    let margin_at = header
        .iter()
        .position(|h| *h == "Asiakkuuden kate")
        .unwrap();
    // Finnish money: "-1 234,56", thousands apart by a (no-break) space.
    let cents = |text: &str| -> i64 {
        let digits: String = text
            .chars()
            .filter(|c| *c == '-' || c.is_ascii_digit())
            .collect();
        digits.parse().unwrap()
    };
    let margins: i64 = rows.iter().map(|r| cents(r[margin_at])).sum();
    let (_, json) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/analysis?period=2025",
        None,
    )
    .await;
    assert_eq!(
        margins - json["analysis"]["unallocated_total"].as_i64().unwrap(),
        json["analysis"]["company_result"].as_i64().unwrap()
    );
    let kone = rows.iter().find(|r| r[0] == ids[0].to_string()).unwrap();
    assert_eq!(kone[1], "Kone Oy");
    assert!(
        kone.contains(&"Pito") || kone.contains(&"Kasvu") || kone.contains(&"Tehostus"),
        "{kone:?}"
    );

    // The whale curve as a workbook, in English through the API.
    let r = common::plain()
        .get(format!(
            "{}/api/v1/analysis/tables/whale?period=2025&format=xlsx&lang=en",
            app.address
        ))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(r.bytes().await.unwrap())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Customers".into())));
    assert_eq!(
        sheet.height(),
        6,
        "a header, the origin and a point per customer"
    );
    // The groups and alerts, and a table that does not exist.
    let (s, _, body) = get("/analysis/download?period=2025&table=groups&format=csv".into()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("Kannattavuusluokka"));
    let (s, _, _) = get("/analysis/download?period=2025&table=alerts&format=xlsx".into()).await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/analysis/tables/nothing?period=2025",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "table");

    // Each download is in the audit log with its table and rows.
    let (_, log) = call(
        &app,
        &app.token,
        Method::GET,
        "/api/v1/audit?kind=export.analysis",
        None,
    )
    .await;
    let events = log["items"].as_array().unwrap();
    assert_eq!(events.len(), 4, "{log}");
    assert_eq!(events[3]["details"]["table"], "customers");
    assert_eq!(events[3]["details"]["rows"], 4);
    assert_eq!(events[3]["details"]["period"], "2025");

    // Not for an account manager.
    let rep = app.add_user("Aki Myyjä", Role::AccountManager, None).await;
    let (rep, _) = Session::sign_in(&app, &rep.email, TEST_PASSWORD).await;
    assert_eq!(
        status_of(
            &rep,
            "/analysis/download?period=2025&table=customers&format=csv"
        )
        .await,
        StatusCode::FORBIDDEN
    );
}
