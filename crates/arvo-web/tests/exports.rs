//! Lists, purchase data, products and activity records as CSV and XLSX downloads through the
//! real server: headers and formats in both languages, exactly the rows the caller may see, the
//! exports' audit events, workbooks with typed cells, the downloads of the pages with their
//! filters, and exported lists that read back as the import reads them.

mod common;

use arvo_core::{Actor, Role};
use arvo_sheets::{Kind, KindRow, ReadOptions, open_bytes, suggest};
use arvo_store::imports::{ActivityRecord, ImportOptions, OrderLineRecord};
use arvo_web::testing::{TEST_PASSWORD, TestApp, spawn_app};
use calamine::{Data, Reader, Xlsx};
use common::{Session, call, plain};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A download with a token: its status, headers and bytes.
async fn download(app: &TestApp, token: &str, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let r = plain()
        .get(format!("{}{path}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.bytes().await.unwrap().to_vec())
}

/// A CSV file's lines, without its byte-order mark.
fn lines(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The cells of a workbook's only sheet, row by row, with the sheet's name.
fn workbook(body: Vec<u8>) -> (String, Vec<Vec<Data>>) {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(body)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    (name, range.rows().map(<[Data]>::to_vec).collect())
}

async fn create(app: &TestApp, path: &str, body: Value) -> Value {
    let (s, v) = call(app, &app.token, Method::POST, path, Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v
}

/// Two account managers under the "own" rule, each with an account and a contact, and an account
/// without an owner that everyone sees.
struct World {
    app: TestApp,
    eeva: String,
    ours: i64,
    theirs: i64,
}

async fn world() -> World {
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
        "/api/v1/accounts",
        json!({"name": "Itäinen Kone Oy", "customer_number": "10023",
               "business_id": "0112038-9", "owner": eeva.email, "status": "customer",
               "size_class": "small", "annual_revenue_cents": 123_456_789,
               "phone": "+358 40 123 4567", "municipality": "Espoo",
               "tags": ["hissit", "huolto"]}),
    )
    .await;
    let theirs = create(
        &app,
        "/api/v1/accounts",
        json!({"name": "Läntinen Laite Oy", "customer_number": "10024", "owner": ville.email,
               "status": "customer"}),
    )
    .await;
    create(
        &app,
        "/api/v1/accounts",
        json!({"name": "Yhteinen Osto Oy", "kind": "company"}),
    )
    .await;
    create(
        &app,
        &format!("/api/v1/accounts/{}/contacts", ours["id"]),
        json!({"first_name": "Liisa", "last_name": "Virtanen", "email": "liisa@kone.fi",
               "phone": "+358 50 765 4321", "roles": ["decider", "buyer"],
               "marketing_consent": "given", "consent_date": "1.3.2026"}),
    )
    .await;
    create(
        &app,
        &format!("/api/v1/accounts/{}/contacts", theirs["id"]),
        json!({"last_name": "Salainen", "email": "salainen@laite.fi"}),
    )
    .await;
    let eeva = app.token_for(&eeva).await;
    World {
        ours: ours["id"].as_i64().unwrap(),
        theirs: theirs["id"].as_i64().unwrap(),
        app,
        eeva,
    }
}

/// The first cell of each data row.
fn first_cells(lines: &[String], separator: char) -> Vec<String> {
    lines[1..]
        .iter()
        .map(|l| l.split(separator).next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn account_and_contact_exports_show_what_the_caller_sees() {
    let w = world().await;
    let app = &w.app;

    // The administrator sees every account; Finnish headers, `;`, decimal commas, Finnish days.
    let (s, h, body) = download(app, &app.token, "/api/v1/exports/accounts?lang=fi").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h["content-type"], "text/csv; charset=utf-8");
    let disposition = h["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"arvo-asiakkaat-")
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let rows = lines(&body);
    assert_eq!(
        rows[0],
        "Asiakasnumero;Nimi;Y-tunnus;Tyyppi;Toimiala;Kokoluokka;Liikevaihto;Sähköposti;Puhelin;\
         Katuosoite;Postinumero;Kunta;Maa;Verkkosivut;Tila;Vastuuhenkilö;Tunnisteet;\
         Erityistoiveet;Luotu;Muutettu"
    );
    assert_eq!(
        first_cells(&rows, ';'),
        ["10023", "10024", ""],
        "in name order"
    );
    let created = arvo_core::dates::format_fi(arvo_web::i18n::helsinki_date(
        app.store.account(w.ours).await.unwrap().created_at,
    ));
    assert_eq!(
        rows[1],
        format!(
            "10023;Itäinen Kone Oy;0112038-9;Yritys;;Pieni (10–49 henkeä);1234567,89;;\
             '+358 40 123 4567;;;Espoo;FI;;Asiakas;Eeva Itä;hissit, huolto;;{created};{created}"
        )
    );

    // The file reads back as the import reads accounts: the same data as stored.
    let sheet = open_bytes(body, Some("asiakkaat.csv"), &ReadOptions::default()).unwrap();
    let binding = suggest(Kind::Accounts, sheet.header())
        .bind(sheet.header(), sheet.format().decimal_mark())
        .unwrap();
    let mut read = Vec::new();
    for record in sheet {
        match binding.parse(&record.unwrap()).unwrap() {
            KindRow::Account(a) => read.push(a.account),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(read[0], app.store.account(w.ours).await.unwrap().data);
    assert_eq!(read.len(), 3);

    // An account manager under the "own" rule gets their own accounts and those without an
    // owner, in CSV (the default) and in their language (Finnish).
    let (s, _, body) = download(app, &w.eeva, "/api/v1/exports/accounts").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(first_cells(&lines(&body), ';'), ["10023", ""]);
    let (_, _, body) = download(
        app,
        &w.eeva,
        "/api/v1/exports/accounts?status=customer&q=kone",
    )
    .await;
    assert_eq!(first_cells(&lines(&body), ';'), ["10023"]);

    // Contacts: only those of accounts the caller sees, with their account.
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/contacts?q=liisa").await;
    let rows = lines(&body);
    assert_eq!(
        rows[0],
        "Asiakasnumero;Asiakas;Y-tunnus;Etunimi;Sukunimi;Titteli;Sähköposti;Puhelin;Roolit;\
         Markkinointilupa;Luvan päivämäärä;Luvan lähde;Muistiinpanot;Luotu;Muutettu"
    );
    assert_eq!(rows.len(), 2);
    assert!(
        rows[1].starts_with(
            "10023;Itäinen Kone Oy;0112038-9;Liisa;Virtanen;;liisa@kone.fi;'+358 50 765 4321;\
             Päättäjä, Ostaja;Annettu;1.3.2026;;;"
        ),
        "{}",
        rows[1]
    );
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/contacts").await;
    assert_eq!(lines(&body).len(), 2, "Salainen's account is not Eeva's");
    let sheet = open_bytes(body, Some("yhteyshenkilot.csv"), &ReadOptions::default()).unwrap();
    let binding = suggest(Kind::Contacts, sheet.header())
        .bind(sheet.header(), sheet.format().decimal_mark())
        .unwrap();
    let record = sheet.into_iter().next().unwrap().unwrap();
    let KindRow::Contact(c) = binding.parse(&record).unwrap() else {
        panic!("a contact")
    };
    let stored = app.store.contacts_of(w.ours).await.unwrap();
    assert_eq!(c.contact, stored[0].data);
    assert_eq!(c.account.customer_number.as_deref(), Some("10023"));

    // English XLSX: typed cells, money as a number, days as dates.
    let (s, h, body) = download(app, &w.eeva, "/api/v1/exports/accounts?format=xlsx&lang=en").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        h["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let (name, cells) = workbook(body);
    assert_eq!(name, "Accounts");
    assert_eq!(cells.len(), 3);
    assert_eq!(cells[0][0], Data::String("Customer number".into()));
    assert_eq!(cells[0][6], Data::String("Annual revenue".into()));
    assert_eq!(cells[1][6], Data::Float(1_234_567.89));
    assert_eq!(cells[1][14], Data::String("Customer".into()));
    assert_eq!(
        cells[1][8],
        Data::String("+358 40 123 4567".into()),
        "not defused"
    );
    assert!(
        matches!(cells[1][18], Data::DateTime(_)),
        "{:?}",
        cells[1][18]
    );

    // Every export is in the audit log with its format, language, filters and rows, but not
    // with the words searched for.
    let (_, log) = call(
        app,
        &app.token,
        Method::GET,
        "/api/v1/audit?kind=export",
        None,
    )
    .await;
    let events = log["items"].as_array().unwrap();
    assert_eq!(events.len(), 6, "{log}");
    let last = &events[0];
    assert_eq!(last["kind"], "export.accounts");
    assert_eq!(last["actor"], "Eeva Itä");
    assert_eq!(last["via"], "api");
    assert_eq!(last["details"]["format"], "xlsx");
    assert_eq!(last["details"]["language"], "en");
    assert_eq!(last["details"]["rows"], 2);
    let filtered = &events[3];
    assert_eq!(filtered["details"]["filters"]["status"], "customer");
    assert_eq!(filtered["details"]["rows"], 1);
    assert_eq!(filtered["details"]["filters"]["search"], true);
    assert!(
        !log.to_string().contains("liisa\""),
        "search words are not logged"
    );

    // Bad parameters are named; a hidden account's order lines are not found.
    for (path, field) in [
        ("/api/v1/exports/accounts?format=pdf", "format"),
        ("/api/v1/exports/accounts?lang=sv&status=x", "lang"),
        ("/api/v1/exports/payments", "what"),
        ("/api/v1/exports/orders?from=31.2.2026", "from"),
    ] {
        let (s, body) = call(app, &w.eeva, Method::GET, path, None).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(body["fields"][0]["field"], field, "{path}");
    }
    let (s, _) = call(
        app,
        &w.eeva,
        Method::GET,
        &format!("/api/v1/exports/orders?account_id={}", w.theirs),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// Order lines for both accounts: two lines of one order for Eeva's account, one for Ville's.
async fn orders(app: &TestApp) {
    let line = |row, order: &str, number, customer: &str, day| OrderLineRecord {
        row,
        order_number: order.into(),
        line_number: number,
        customer_number: Some(customer.into()),
        business_id: None,
        order_date: chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
        product_number: "LAA-6204".into(),
        product_name: Some("Laakeri 6204".into()),
        product_group: Some("Laakerit".into()),
        quantity_milli: 2_500,
        unit_price_cents: 123_450,
        unit_cost_cents: Some(80_000),
        discount_bp: 1_000,
        net_cents: 277_763,
        cost_cents: Some(200_000),
        channel: "web".into(),
        reseller: None,
    };
    let lines = [
        line(2, "T-100", 1, "10023", 2),
        line(3, "T-100", 2, "10023", 2),
        line(4, "T-200", 1, "10024", 20),
    ];
    let mut import = app.store.begin_order_import().await.unwrap();
    import.stage(&lines).await.unwrap();
    let outcome = import
        .finish(&ImportOptions {
            dry_run: false,
            skip_invalid: false,
            rejected_before: 0,
            rows_read: 3,
            file_name: "tilaukset.csv",
            actor: &Actor::new("tests", "cli"),
        })
        .await
        .unwrap();
    assert!(outcome.applied);
}

#[tokio::test]
async fn order_lines_download_from_the_api_and_the_pages() {
    let w = world().await;
    let app = &w.app;
    orders(app).await;

    let (s, _, body) = download(app, &app.token, "/api/v1/exports/orders?lang=en").await;
    assert_eq!(s, StatusCode::OK);
    let rows = lines(&body);
    assert_eq!(
        rows[0],
        "Order number,Line,Order date,Customer number,Customer name,Business ID,Product number,\
         Product name,Product group,Quantity,Unit price,Discount %,Unit cost,Net amount,Line cost,\
         Channel,Reseller"
    );
    assert_eq!(
        rows[1],
        "T-100,1,2026-03-02,10023,Itäinen Kone Oy,0112038-9,LAA-6204,Laakeri 6204,Laakerit,2.500,\
         1234.50,10.00,800.00,2777.63,2000.00,Web,"
    );
    assert_eq!(rows.len(), 4);
    let (_, _, body) = download(
        app,
        &app.token,
        "/api/v1/exports/orders?from=2026-03-10&to=31.3.2026",
    )
    .await;
    assert_eq!(first_cells(&lines(&body), ';'), ["T-200"]);

    // Eeva's lines only, wherever she asks from.
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/orders").await;
    assert_eq!(first_cells(&lines(&body), ';'), ["T-100", "T-100"]);
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/orders?format=xlsx").await;
    let (name, cells) = workbook(body);
    assert_eq!(name, "Tilausrivit");
    assert_eq!(cells.len(), 3);
    assert_eq!(cells[0][10], Data::String("À-hinta".into()));
    assert_eq!(cells[1][9], Data::Float(2.5));
    assert_eq!(cells[1][10], Data::Float(1234.5));
    assert!(matches!(cells[1][2], Data::DateTime(_)));

    // The pages link to the downloads with the filters shown, and the links give the files.
    let (session, status) = Session::sign_in(app, "eevait@example.fi", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = session.page("/accounts?status=customer&q=kone").await;
    assert!(
        html.contains("href=\"/accounts/export?format=csv&#38;q=kone&#38;status=customer\""),
        "{html}"
    );
    assert!(html.contains("/accounts/export?format=xlsx&#38;q=kone&#38;status=customer"));
    assert!(html.contains("Lataa CSV") && html.contains("Lataa Excel"));
    let r = session
        .client
        .get(format!(
            "{}/accounts/export?format=csv&q=kone&status=customer",
            session.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(
        first_cells(&lines(&r.bytes().await.unwrap()), ';'),
        ["10023"]
    );
    let html = session.page("/contacts?role=decider").await;
    assert!(html.contains("/contacts/export?format=xlsx&#38;role=decider"));
    let html = session.page(&format!("/accounts/{}?lang=en", w.ours)).await;
    let link = format!("/accounts/{}/purchases/export?format=csv", w.ours);
    assert!(
        html.contains(&link) && html.contains("Download Excel"),
        "{html}"
    );
    let body = session
        .client
        .get(format!("{}{link}", session.base))
        .send()
        .await
        .unwrap();
    assert_eq!(body.status(), StatusCode::OK);
    let rows = lines(&body.bytes().await.unwrap());
    assert_eq!(
        first_cells(&rows, ','),
        ["T-100", "T-100"],
        "in the page's language"
    );
    let r = session
        .client
        .get(format!(
            "{}/accounts/{}/purchases/export?format=csv",
            session.base, w.theirs
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (_, log) = call(
        app,
        &app.token,
        Method::GET,
        "/api/v1/audit?kind=export.orders",
        None,
    )
    .await;
    let page_export = &log["items"][0];
    assert_eq!(page_export["via"], "web");
    assert_eq!(page_export["subject"], format!("account {}", w.ours));
    assert_eq!(page_export["details"]["rows"], 2);
}

/// Activity records for both accounts: Eeva's account has a delivery of order T-100, two
/// invoices (one paid late, one a credit note), service work without a reference, a visit and a
/// return of a product of T-100; Ville's account has an invoice.
async fn activities(app: &TestApp) {
    use arvo_store::imports::{DELIVERIES, INVOICES, RETURNS, SERVICE_ENTRIES, VISITS, Value};
    let day = |m, d| Value::Date(chrono::NaiveDate::from_ymd_opt(2026, m, d));
    let record = |key: &str, customer: &str, order: Option<&str>, product: Option<&str>, values| {
        ActivityRecord {
            row: 2,
            key: key.into(),
            customer_number: Some(customer.into()),
            business_id: None,
            order_number: order.map(Into::into),
            product_number: product.map(Into::into),
            values,
        }
    };
    let text = |t: &str| Value::Text(Some(t.into()));
    let options = ImportOptions {
        dry_run: false,
        skip_invalid: false,
        rejected_before: 0,
        rows_read: 1,
        file_name: "aktiviteetit.csv",
        actor: &Actor::new("tests", "cli"),
    };
    for (kind, rows) in [
        (
            &DELIVERIES,
            vec![record("D-1", "10023", Some("T-100"), None, vec![day(3, 4)])],
        ),
        (
            &INVOICES,
            vec![
                record(
                    "L-1",
                    "10023",
                    None,
                    None,
                    vec![
                        day(3, 5),
                        day(3, 19),
                        day(3, 24),
                        Value::Integer(Some(277_763)),
                    ],
                ),
                record(
                    "L-2",
                    "10023",
                    None,
                    None,
                    vec![
                        day(3, 6),
                        Value::Date(None),
                        Value::Date(None),
                        Value::Integer(Some(-1_990)),
                    ],
                ),
                record(
                    "L-9",
                    "10024",
                    None,
                    None,
                    vec![
                        day(3, 21),
                        day(4, 4),
                        Value::Date(None),
                        Value::Integer(Some(50_000)),
                    ],
                ),
            ],
        ),
        (
            &SERVICE_ENTRIES,
            vec![record(
                "auto-0123456789abcdef0123456789abcdef",
                "10023",
                None,
                None,
                vec![
                    day(3, 7),
                    Value::Integer(Some(7_500)),
                    text("Asentaja Aho"),
                    text("-huolto, =vaihto"),
                ],
            )],
        ),
        (
            &VISITS,
            vec![record(
                "K-1",
                "10023",
                None,
                None,
                vec![day(2, 20), text("Eeva Itä"), text("Vuosisopimus")],
            )],
        ),
        (
            &RETURNS,
            vec![record(
                "R-1",
                "10023",
                Some("T-100"),
                Some("LAA-6204"),
                vec![
                    day(3, 10),
                    Value::Integer(Some(500)),
                    Value::Integer(Some(55_552)),
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

/// A file's records as the import of `kind` reads them.
fn read_back(kind: Kind, body: Vec<u8>, name: &str) -> Vec<KindRow> {
    let sheet = open_bytes(body, Some(name), &ReadOptions::default()).unwrap();
    let binding = suggest(kind, sheet.header())
        .bind(sheet.header(), sheet.format().decimal_mark())
        .unwrap();
    sheet
        .map(|record| binding.parse(&record.unwrap()).unwrap())
        .collect()
}

#[tokio::test]
async fn products_and_activities_download_in_the_imports_format() {
    let w = world().await;
    let app = &w.app;
    orders(app).await;
    activities(app).await;

    // Invoices in English: the import's headers, the days besides, and only what Eeva sees.
    let (s, h, body) = download(app, &w.eeva, "/api/v1/exports/invoices?lang=en").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"arvo-invoices-")
    );
    let rows = lines(&body);
    assert_eq!(
        rows,
        [
            "Invoice number,Invoice date,Due date,Paid date,Amount,Customer number,Customer name,\
             Business ID,Payment terms (days),Days to pay,Days late",
            "L-1,2026-03-05,2026-03-19,2026-03-24,2777.63,10023,Itäinen Kone Oy,0112038-9,14,19,5",
            "L-2,2026-03-06,,,-19.90,10023,Itäinen Kone Oy,0112038-9,,,",
        ]
    );
    let read = read_back(Kind::Invoices, body, "invoices.csv");
    let KindRow::Invoice(first) = &read[0] else {
        panic!("{read:?}")
    };
    assert_eq!(
        (
            first.invoice_number.as_str(),
            first.amount.cents(),
            first.days_late()
        ),
        ("L-1", 277_763, Some(5))
    );
    let (_, _, body) = download(app, &app.token, "/api/v1/exports/invoices").await;
    assert_eq!(first_cells(&lines(&body), ';'), ["L-1", "L-2", "L-9"]);

    // Finnish CSV of each other kind, read back by its import as the stored records.
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/service-hours").await;
    let rows = lines(&body);
    assert_eq!(
        rows[0],
        "Viite;Päivämäärä;Asiakasnumero;Asiakkaan nimi;Y-tunnus;Tunnit;Henkilö;Kuvaus"
    );
    assert_eq!(
        rows[1],
        "auto-0123456789abcdef0123456789abcdef;7.3.2026;10023;Itäinen Kone Oy;0112038-9;7,500;\
         Asentaja Aho;'-huolto, =vaihto"
    );
    let read = read_back(Kind::ServiceHours, body, "huoltotunnit.csv");
    let KindRow::ServiceEntry(e) = &read[0] else {
        panic!("{read:?}")
    };
    assert_eq!(
        (e.reference.as_str(), e.hours.0, e.description.as_deref()),
        (
            "auto-0123456789abcdef0123456789abcdef",
            7_500,
            Some("-huolto, =vaihto")
        )
    );
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/returns").await;
    let rows = lines(&body);
    assert_eq!(
        rows,
        [
            "Palautusnumero;Palautuspäivä;Tilausnumero;Asiakasnumero;Asiakkaan nimi;Y-tunnus;\
             Tuotenumero;Tuotenimi;Määrä;Summa;Syy",
            "R-1;10.3.2026;T-100;10023;Itäinen Kone Oy;0112038-9;LAA-6204;Laakeri 6204;0,500;\
             555,52;Rikki",
        ]
    );
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/deliveries").await;
    assert_eq!(
        lines(&body),
        [
            "Toimitusnumero;Toimituspäivä;Tilausnumero;Asiakasnumero;Asiakkaan nimi;Y-tunnus",
            "D-1;4.3.2026;T-100;10023;Itäinen Kone Oy;0112038-9",
        ]
    );
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/visits?lang=en").await;
    assert_eq!(
        lines(&body),
        [
            "Reference,Visit date,Customer number,Customer name,Business ID,Person,Purpose",
            "K-1,2026-02-20,10023,Itäinen Kone Oy,0112038-9,Eeva Itä,Vuosisopimus",
        ]
    );
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/products").await;
    assert_eq!(
        lines(&body),
        [
            "Tuotenumero;Tuotenimi;Tuoteryhmä;Yksikkö;Listahinta;Yksikkökustannus",
            "LAA-6204;Laakeri 6204;Laakerit;kpl;;",
        ]
    );

    // A period and an account; another's account is not found.
    let (_, _, body) = download(
        app,
        &app.token,
        &format!(
            "/api/v1/exports/invoices?account_id={}&from=6.3.2026",
            w.ours
        ),
    )
    .await;
    assert_eq!(first_cells(&lines(&body), ';'), ["L-2"]);
    let (s, _) = call(
        app,
        &w.eeva,
        Method::GET,
        &format!("/api/v1/exports/invoices?account_id={}", w.theirs),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, body) = call(
        app,
        &w.eeva,
        Method::GET,
        "/api/v1/exports/visits?to=2026-02-30",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "to");

    // Excel: typed money, hours and dates.
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/service_hours?format=xlsx").await;
    let (name, cells) = workbook(body);
    assert_eq!(name, "Huoltotunnit");
    assert_eq!(cells[1][5], Data::Float(7.5));
    assert!(matches!(cells[1][1], Data::DateTime(_)));
    let (_, _, body) = download(app, &w.eeva, "/api/v1/exports/invoices?format=xlsx&lang=en").await;
    let (name, cells) = workbook(body);
    assert_eq!(name, "Invoices");
    assert_eq!(cells[2][4], Data::Float(-19.9));
    assert_eq!(cells[2][2], Data::Empty);

    // The account page links to the account's records of each kind it has; the links give them.
    let (session, status) = Session::sign_in(app, "eevait@example.fi", TEST_PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let html = session.page(&format!("/accounts/{}", w.ours)).await;
    for what in [
        "deliveries",
        "invoices",
        "service-hours",
        "visits",
        "returns",
    ] {
        for format in ["csv", "xlsx"] {
            let link = format!(
                "/accounts/{}/activities/{what}/export?format={format}",
                w.ours
            );
            assert!(html.contains(&link), "{link}");
        }
    }
    let r = session
        .client
        .get(format!(
            "{}/accounts/{}/activities/invoices/export?format=csv",
            session.base, w.ours
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        first_cells(&lines(&r.bytes().await.unwrap()), ';'),
        ["L-1", "L-2"]
    );
    for path in [
        format!(
            "/accounts/{}/activities/invoices/export?format=csv",
            w.theirs
        ),
        format!("/accounts/{}/activities/orders/export?format=csv", w.ours),
        "/exports/payments?format=csv".to_owned(),
    ] {
        let r = session
            .client
            .get(format!("{}{path}", session.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // The account list offers every whole list; those give the lists within Eeva's scope.
    let html = session.page("/accounts").await;
    for what in [
        "orders",
        "products",
        "deliveries",
        "invoices",
        "service-hours",
        "visits",
        "returns",
    ] {
        assert!(
            html.contains(&format!("href=\"/exports/{what}?format=xlsx\"")),
            "{what}"
        );
    }
    let r = session
        .client
        .get(format!("{}/exports/invoices?format=csv", session.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        first_cells(&lines(&r.bytes().await.unwrap()), ';'),
        ["L-1", "L-2"]
    );

    // Each export is in the audit log under its own kind.
    let (_, log) = call(
        app,
        &app.token,
        Method::GET,
        "/api/v1/audit?kind=export",
        None,
    )
    .await;
    let kinds: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "export.invoices",
        "export.service_hours",
        "export.returns",
        "export.deliveries",
        "export.visits",
        "export.products",
    ] {
        assert!(kinds.contains(&kind), "{kind}: {kinds:?}");
    }
    let page_export = &log["items"][0];
    assert_eq!(page_export["kind"], "export.invoices");
    assert_eq!(page_export["via"], "web");
    assert_eq!(page_export["details"]["rows"], 2);
    let account_export = &log["items"][1];
    assert_eq!(account_export["subject"], format!("account {}", w.ours));
}
