//! `arvo import` and `arvo export` through the real program: Finnish CSV and XLSX files give the
//! same orders, one bad row stops an import unless bad rows are skipped (and then lands in the
//! rejected file), importing twice changes nothing, an import killed half-way leaves the database
//! as it was, and an exported orders, products, deliveries, invoices, service hours, visits or
//! returns file, CSV or XLSX, imports back unchanged. Runs on SQLite, and on PostgreSQL when
//! `ARVO_TEST_DATABASE_URL` is set.

use arvo_core::{AccountInput, Actor};
use arvo_store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HEADER: [&str; 9] = [
    "Tilausnumero",
    "Rivi",
    "Asiakasnumero",
    "Tilauspäivä",
    "Tuotenumero",
    "Tuoteryhmä",
    "Määrä",
    "À-hinta",
    "Alennus %",
];

/// The rows of the test files: Finnish dates and decimals, one order of two lines and one of one.
const ROWS: [[&str; 9]; 3] = [
    [
        "T-100", "1", "10023", "2.3.2026", "LAA-6204", "Laakerit", "2,5", "1 234,50", "10",
    ],
    [
        "T-100", "2", "10023", "2.3.2026", "HIH-40", "Hihnat", "4", "19,90", "0",
    ],
    [
        "T-101",
        "1",
        "10024",
        "15.4.2026",
        "LAA-6204",
        "Laakerit",
        "1",
        "1 250,00",
        "0",
    ],
];

fn arvo(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arvo"))
        .args(args)
        .env("ARVO_DATABASE_URL", url)
        .env("ARVO_LOG", "warn")
        .output()
        .expect("run arvo")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fresh database with the two customers of the test files.
async fn database() -> (String, Store) {
    let url = arvo_store::testing::fresh_database_url().await;
    let store = Store::open(&url).await.expect("open");
    for (number, name) in [("10023", "Kone Oy"), ("10024", "Lahden Leipomo Oy")] {
        let draft = AccountInput {
            name: Some(name.into()),
            customer_number: Some(number.into()),
            status: Some("customer".into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        store
            .create_account(&draft, &Actor::new("tests", "cli"))
            .await
            .unwrap();
    }
    (url, store)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("arvo-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The rows as a Windows-1252, semicolon-separated file.
fn windows_1252_csv(path: &Path, rows: &[[&str; 9]]) {
    let mut text = HEADER.join(";") + "\r\n";
    for r in rows {
        text.push_str(&r.join(";"));
        text.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8"
    );
    std::fs::write(path, bytes).unwrap();
}

/// The same rows as a workbook, with real numbers and dates in the cells.
fn workbook(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date_format = rust_xlsxwriter::Format::new().set_num_format("d.m.yyyy");
    for (r, row) in ROWS.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match c {
                1 | 6..=8 => {
                    let n: f64 = cell.replace(' ', "").replace(',', ".").parse().unwrap();
                    sheet.write_number(r, c, n).unwrap();
                }
                3 => {
                    let d = chrono::NaiveDate::parse_from_str(cell, "%d.%m.%Y").unwrap();
                    let d = rust_xlsxwriter::ExcelDateTime::parse_from_str(
                        &d.format("%Y-%m-%d").to_string(),
                    )
                    .unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &d, &date_format)
                        .unwrap();
                }
                _ => {
                    sheet.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

async fn histories(store: &Store) -> Vec<arvo_store::imports::PurchaseHistory> {
    let mut out = Vec::new();
    for id in [1, 2] {
        out.push(store.purchase_history(id, 10).await.unwrap());
    }
    out
}

#[tokio::test]
async fn finnish_csv_and_xlsx_files_give_the_same_orders() {
    let dir = temp_dir("formats");
    let csv = dir.join("tilaukset.csv");
    let xlsx = dir.join("tilaukset.xlsx");
    windows_1252_csv(&csv, &ROWS);
    workbook(&xlsx);
    let (csv_url, csv_store) = database().await;
    let (xlsx_url, xlsx_store) = database().await;
    let o = arvo(&csv_url, &["import", "orders", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("windows-1252"), "{}", text(&o));
    let o = arvo(&xlsx_url, &["import", "orders", xlsx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let from_csv = histories(&csv_store).await;
    assert_eq!(from_csv, histories(&xlsx_store).await);
    // 2.5 × 1 234.50 − 10 % = 2 777.63; 4 × 19.90 = 79.60.
    assert_eq!(from_csv[0].years[0].net_cents, 277_763 + 7_960);
    assert_eq!(from_csv[0].years[0].lines, 2);
    assert_eq!(from_csv[1].recent_orders[0].order_number, "T-101");
    assert_eq!(csv_store.order_counts().await.unwrap(), (2, 3));
}

#[tokio::test]
async fn a_bad_row_stops_the_import_unless_bad_rows_are_skipped() {
    let dir = temp_dir("bad-row");
    let file = dir.join("tilaukset.csv");
    let mut rows = ROWS.to_vec();
    rows[2][3] = "31.02.2026";
    windows_1252_csv(&file, &rows);
    let (url, store) = database().await;
    let o = arvo(&url, &["import", "orders", file.to_str().unwrap()]);
    assert!(!o.status.success());
    let out = text(&o);
    assert!(out.contains("row 4: Tilauspäivä"), "{out}");
    assert!(out.contains("Must be a date"), "{out}");
    assert_eq!(
        store.order_counts().await.unwrap(),
        (0, 0),
        "nothing went in"
    );

    let rejected = dir.join("hylatyt.csv");
    let o = arvo(
        &url,
        &[
            "import",
            "orders",
            file.to_str().unwrap(),
            "--skip-invalid",
            "--rejected",
            rejected.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(store.order_counts().await.unwrap(), (1, 2));
    let bytes = std::fs::read(&rejected).unwrap();
    let (back, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let lines: Vec<&str> = back.lines().collect();
    assert_eq!(lines.len(), 2, "the header and the bad row: {back}");
    assert!(lines[0].starts_with("Tilausnumero;") && lines[0].ends_with(";Error"));
    assert!(lines[1].starts_with("T-101;1;10024;31.02.2026;"), "{back}");

    // Fixed and imported again, the row goes in.
    let fixed = back.replace("31.02.2026", "28.02.2026");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&fixed);
    std::fs::write(&rejected, bytes).unwrap();
    let o = arvo(&url, &["import", "orders", rejected.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(store.order_counts().await.unwrap(), (2, 3));
}

#[tokio::test]
async fn importing_the_same_file_twice_changes_nothing() {
    let dir = temp_dir("twice");
    let file = dir.join("tilaukset.csv");
    windows_1252_csv(&file, &ROWS);
    let (url, store) = database().await;
    for _ in 0..2 {
        let o = arvo(&url, &["import", "orders", file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
    }
    assert_eq!(store.order_counts().await.unwrap(), (2, 3));
    let o = arvo(
        &url,
        &["import", "orders", file.to_str().unwrap(), "--json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["rows"]["unchanged"], 3);
    assert_eq!(report["rows"]["created"], 0);
    // A dry run of a changed file reports the change and makes none.
    let mut rows = ROWS.to_vec();
    rows[1][6] = "5";
    windows_1252_csv(&file, &rows);
    let o = arvo(
        &url,
        &[
            "import",
            "orders",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["rows"]["updated"], 1);
    let history = store.purchase_history(1, 10).await.unwrap();
    assert_eq!(history.years[0].net_cents, 277_763 + 7_960, "unchanged");
}

#[tokio::test]
async fn a_killed_import_leaves_the_database_as_it_was() {
    let dir = temp_dir("killed");
    let o = arvo(
        "sqlite::memory:",
        &[
            "generate",
            "--customers",
            "500",
            "--order-lines",
            "300000",
            "--seed",
            "11",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let url = arvo_store::testing::fresh_database_url().await;
    let o = arvo(&url, &["demo", "--customers", "500", "--seed", "11"]);
    assert!(o.status.success(), "{}", text(&o));
    let store = Store::open(&url).await.unwrap();
    let orders = dir.join("orders.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_arvo"))
        .args(["import", "orders", orders.to_str().unwrap()])
        .env("ARVO_DATABASE_URL", &url)
        .env("ARVO_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed while it reads and stages the file, well before it could finish.
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import must still be running when it is killed"
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert_eq!(store.order_counts().await.unwrap(), (0, 0));
    // The database is whole: the next import takes the file.
    let o = arvo(&url, &["import", "orders", orders.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(store.order_counts().await.unwrap().1, 300_000);
}

#[tokio::test]
async fn customers_from_a_spreadsheet_then_their_orders() {
    let dir = temp_dir("accounts");
    let accounts = dir.join("asiakkaat.csv");
    let content = "Asiakasnumero;Nimi;Y-tunnus;Kunta;Vastuuhenkilö\r\n\
                20001;Kuopion Kalatukku Oy;0112038-9;Kuopio;\r\n\
                20002;Savon Kone Oy;;Varkaus;Ei Ketään\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(content);
    std::fs::write(&accounts, bytes).unwrap();
    let url = arvo_store::testing::fresh_database_url().await;
    let store = Store::open(&url).await.unwrap();
    let o = arvo(&url, &["import", "accounts", accounts.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("row 3: Vastuuhenkilö"), "{}", text(&o));
    assert_eq!(store.count_accounts().await.unwrap(), 0);
    let o = arvo(
        &url,
        &[
            "import",
            "accounts",
            accounts.to_str().unwrap(),
            "--skip-invalid",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(store.count_accounts().await.unwrap(), 1);
    let o = arvo(
        &url,
        &[
            "import",
            "accounts",
            accounts.to_str().unwrap(),
            "--skip-invalid",
        ],
    );
    assert!(
        text(&o).contains("0 were created, 0 changed, 1 unchanged"),
        "{}",
        text(&o)
    );

    let orders = dir.join("tilaukset.csv");
    let mut rows = ROWS.to_vec();
    for r in &mut rows {
        r[2] = "20001";
    }
    windows_1252_csv(&orders, &rows);
    let o = arvo(&url, &["import", "orders", orders.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(store.order_counts().await.unwrap(), (2, 3));
}

/// A file with every field the import reads: product names and groups, unit costs, discounts,
/// channels and a reseller, a customer known by its business ID only, and texts a spreadsheet
/// would take for formulas.
const FULL_FILE: &str = "Tilausnumero;Rivi;Asiakasnumero;Y-tunnus;Tilauspäivä;Tuotenumero;\
    Tuotenimi;Tuoteryhmä;Määrä;À-hinta;Yksikkökustannus;Alennus %;Kanava;Jälleenmyyjä\r\n\
    T-100;1;10023;;2.3.2026;LAA-6204;Laakeri 6204;Laakerit;2,5;1 234,50;800;10;Suoramyynti;\r\n\
    T-100;2;10023;;2.3.2026;HIH-40;-40 % hihna;+Kampanja;4;19,90;;0;Suoramyynti;\r\n\
    T-101;1;10024;;15.4.2026;LAA-6204;;;1;1 250,00;800;0;verkkokauppa;\r\n\
    T-102;1;;0112038-9;1.5.2026;RUU-5;Ruuvi 5 mm;Kiinnikkeet;0,125;0,99;0,4;2,5;Jälleenmyynti;Rauta-Jussi Oy\r\n";

/// A fresh database with the customers of the full file: two by customer number, one by its
/// business ID only.
async fn full_database() -> (String, Store, Vec<i64>) {
    let (url, store) = database().await;
    let draft = AccountInput {
        name: Some("Rautakauppa Ab".into()),
        business_id: Some("0112038-9".into()),
        status: Some("customer".into()),
        ..AccountInput::default()
    }
    .validate(&[])
    .unwrap();
    store
        .create_account(&draft, &Actor::new("tests", "cli"))
        .await
        .unwrap();
    (url, store, vec![1, 2, 3])
}

/// Every account's purchase history and the numbers of orders and lines.
async fn purchases(
    store: &Store,
    ids: &[i64],
) -> (Vec<arvo_store::imports::PurchaseHistory>, (i64, i64)) {
    let mut histories = Vec::new();
    for id in ids {
        histories.push(store.purchase_history(*id, 100).await.unwrap());
    }
    (histories, store.order_counts().await.unwrap())
}

/// A CSV file's lines in sorted order.
fn sorted_lines(path: &Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn an_exported_orders_file_imports_back_unchanged() {
    let dir = temp_dir("round-trip");
    let source = dir.join("tilaukset.csv");
    std::fs::write(&source, FULL_FILE).unwrap();
    let (url, store, ids) = full_database().await;
    let o = arvo(&url, &["import", "orders", source.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let original = purchases(&store, &ids).await;
    assert_eq!(original.1, (3, 4));

    let csv = dir.join("vienti.csv");
    let xlsx = dir.join("export.xlsx");
    let o = arvo(&url, &["export", "orders", "--out", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Exported 4 row(s)"), "{}", text(&o));
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(written.starts_with("\u{feff}Tilausnumero;Rivi;Tilauspäivä;Asiakasnumero;"));
    assert!(
        written.contains("T-100;2;2.3.2026;10023;Kone Oy;;HIH-40;'-40 % hihna;'+Kampanja;4,000;19,90;0,00;;79,60;;Suoramyynti;"),
        "{written}"
    );
    let o = arvo(
        &url,
        &[
            "export",
            "orders",
            "--language",
            "en",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));

    // Into fresh databases with the same customers, each file gives the same purchases.
    for file in [&csv, &xlsx] {
        let (copy_url, copy, _) = full_database().await;
        let o = arvo(&copy_url, &["import", "orders", file.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(purchases(&copy, &ids).await, original, "{}", file.display());
        let again = dir.join("again.csv");
        let o = arvo(
            &copy_url,
            &["export", "orders", "--out", again.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(
            sorted_lines(&again),
            sorted_lines(&csv),
            "{}",
            file.display()
        );
    }

    // Into the database it came from, the export changes nothing.
    let o = arvo(&url, &["import", "orders", csv.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["rows"]["unchanged"], 4, "{report}");

    // A period's lines; the period's days are checked.
    let april = dir.join("april.csv");
    let o = arvo(
        &url,
        &[
            "export",
            "orders",
            "--from",
            "1.4.2026",
            "--to",
            "2026-04-30",
            "--out",
            april.to_str().unwrap(),
        ],
    );
    assert!(text(&o).contains("Exported 1 row(s)"), "{}", text(&o));
    assert!(!dir.join("april.csv.partial").exists());
    let o = arvo(
        &url,
        &[
            "export",
            "orders",
            "--to",
            "31.4.2026",
            "--out",
            april.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("to must be a date"), "{}", text(&o));
}

/// Products: every field, a formula-like name, prices with decimals, and a product the orders
/// named (RUU-5) whose group the file leaves empty and so keeps.
const PRODUCTS_FILE: &str = "Tuotenumero;Nimi;Tuoteryhmä;Yksikkö;Listahinta;Ostohinta\r\n\
    LAA-6204;Laakeri 6204;Laakerit;kpl;1 290,00;800\r\n\
    HIH-40;-40 % hihna;+Kampanja;m;24,90;\r\n\
    ASE-1;Asennustyö;Palvelut;h;85;52,5\r\n\
    RUU-5;Ruuvi 5 mm;;;;\r\n";

/// The activity files of the full file's customers, by `arvo import` kind: a customer by its
/// business ID only, orders and products stored and not, empty optional values, a credit note,
/// hours and minutes, rows without a reference, formula-like and quoted texts.
const ACTIVITY_FILES: [(&str, &str, usize); 5] = [
    (
        "deliveries",
        "Toimitusnumero;Tilausnumero;Asiakasnumero;Y-tunnus;Toimituspäivä\r\n\
         TO-1;T-100;10023;;3.3.2026\r\n\
         TO-2;;10024;;16.4.2026\r\n\
         TO-3;T-102;;0112038-9;2.5.2026\r\n\
         TO-4;T-999;10023;;5.5.2026\r\n",
        4,
    ),
    (
        "invoices",
        "Laskunumero;Asiakasnumero;Y-tunnus;Laskun päivämäärä;Eräpäivä;Maksupäivä;Summa\r\n\
         L-1;10023;;2.3.2026;16.3.2026;20.3.2026;2 777,63\r\n\
         L-2;10024;;15.4.2026;29.4.2026;;1 250,00\r\n\
         L-3;;0112038-9;1.5.2026;;;-19,90\r\n",
        3,
    ),
    (
        "service-hours",
        "Viite;Asiakasnumero;Päivämäärä;Tunnit;Henkilö;Kuvaus\r\n\
         H-1;10023;4.3.2026;7:30;Asentaja Aho;Vuosihuolto\r\n\
         ;10024;5.3.2026;1,25;;=laakerin vaihto\r\n",
        2,
    ),
    (
        "visits",
        "Viite;Asiakasnumero;Y-tunnus;Käyntipäivä;Henkilö;Tarkoitus\r\n\
         K-1;10023;;10.2.2026;Eeva Itä;Vuosisopimus\r\n\
         ;;0112038-9;11.2.2026;;\"Esittely; uudet tuotteet\"\r\n",
        2,
    ),
    (
        "returns",
        "Palautusnumero;Tilausnumero;Asiakasnumero;Palautuspäivä;Tuotenumero;Määrä;Summa;Syy\r\n\
         R-1;T-100;10023;10.3.2026;LAA-6204;0,5;555,52;Rikki\r\n\
         R-2;;10024;20.4.2026;;;-100;\r\n",
        2,
    ),
];

/// The store's table of an `arvo import` activity kind.
fn table(kind: &str) -> &'static arvo_store::imports::ActivityKind {
    use arvo_store::imports::{DELIVERIES, INVOICES, RETURNS, SERVICE_ENTRIES, VISITS};
    match kind {
        "deliveries" => &DELIVERIES,
        "invoices" => &INVOICES,
        "service-hours" => &SERVICE_ENTRIES,
        "visits" => &VISITS,
        _ => &RETURNS,
    }
}

/// An activity record as stored, without Arvo's ids: its key, its customer, its order and
/// product, and its values.
type Stored = (
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Vec<arvo_store::imports::Value>,
);

/// Every record of an activity kind (or every product, for `products`), as comparable text,
/// in key order.
async fn records(store: &Store, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    if kind == "products" {
        let mut reader = store.product_reader();
        while let Some(page) = reader.next_page().await.unwrap() {
            out.extend(page.into_iter().map(|p| {
                format!(
                    "{:?}",
                    (
                        p.product_number,
                        p.name,
                        p.product_group,
                        p.unit,
                        p.list_price_cents,
                        p.unit_cost_cents
                    )
                )
            }));
        }
    } else {
        let mut reader =
            store.activity_reader(table(kind), arvo_store::exports::ActivityQuery::default());
        while let Some(page) = reader.next_page().await.unwrap() {
            out.extend(page.into_iter().map(|r| {
                let stored: Stored = (
                    r.key,
                    r.customer_number,
                    r.account_name,
                    r.business_id,
                    r.order_number,
                    r.product_number,
                    r.product_name,
                    r.values,
                );
                format!("{stored:?}")
            }));
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn exported_products_and_activities_import_back_unchanged() {
    let dir = temp_dir("activities-round-trip");
    let (url, store, _) = full_database().await;
    let orders = dir.join("tilaukset.csv");
    std::fs::write(&orders, FULL_FILE).unwrap();
    let o = arvo(&url, &["import", "orders", orders.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let products = dir.join("tuotteet.csv");
    std::fs::write(&products, PRODUCTS_FILE).unwrap();
    let o = arvo(&url, &["import", "products", products.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    for (kind, file, _) in ACTIVITY_FILES {
        let path = dir.join(format!("{kind}-in.csv"));
        std::fs::write(&path, file).unwrap();
        let o = arvo(&url, &["import", kind, path.to_str().unwrap()]);
        assert!(o.status.success(), "{kind}: {}", text(&o));
    }
    let service = records(&store, "service-hours").await;
    assert!(
        service.iter().any(|r| r.contains("\"auto-")),
        "a derived reference: {service:?}"
    );
    let unlinked = records(&store, "deliveries").await;
    assert!(
        unlinked[3].contains("\"TO-4\"") && unlinked[3].contains("None, None, None"),
        "{unlinked:?}"
    );

    for (kind, rows) in std::iter::once(("products", 4))
        .chain(ACTIVITY_FILES.iter().map(|(kind, _, rows)| (*kind, *rows)))
    {
        let original = records(&store, kind).await;
        assert_eq!(original.len(), rows, "{kind}");
        let csv = dir.join(format!("{kind}.csv"));
        let xlsx = dir.join(format!("{kind}.xlsx"));
        for (file, language) in [(&csv, "fi"), (&xlsx, "en")] {
            let o = arvo(
                &url,
                &[
                    "export",
                    kind,
                    "--language",
                    language,
                    "--out",
                    file.to_str().unwrap(),
                ],
            );
            assert!(o.status.success(), "{kind}: {}", text(&o));
            assert!(
                text(&o).contains(&format!("Exported {rows} row(s)")),
                "{kind}: {}",
                text(&o)
            );
            // Into a fresh database with the same customers (and, for activities, the orders
            // and products they name), the file gives the same records.
            let (copy_url, copy, _) = full_database().await;
            if kind != "products" {
                let o = arvo(&copy_url, &["import", "orders", orders.to_str().unwrap()]);
                assert!(o.status.success(), "{}", text(&o));
            }
            let o = arvo(&copy_url, &["import", kind, file.to_str().unwrap()]);
            assert!(
                o.status.success(),
                "{kind} {}: {}",
                file.display(),
                text(&o)
            );
            assert_eq!(
                records(&copy, kind).await,
                original,
                "{kind} {}",
                file.display()
            );
        }
        // Into the database it came from, the export changes nothing.
        let o = arvo(&url, &["import", kind, csv.to_str().unwrap(), "--json"]);
        assert!(o.status.success(), "{kind}: {}", text(&o));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(
            (
                &report["rows"]["unchanged"],
                &report["rows"]["created"],
                &report["rows"]["updated"]
            ),
            (
                &serde_json::json!(rows),
                &serde_json::json!(0),
                &serde_json::json!(0)
            ),
            "{kind}: {report}"
        );
    }

    // The Finnish invoices file: the import's headers and formats, the days besides.
    let written = std::fs::read_to_string(dir.join("invoices.csv")).unwrap();
    assert!(
        written.starts_with(
            "\u{feff}Laskunumero;Laskun päivämäärä;Eräpäivä;Maksupäivä;Summa;Asiakasnumero;\
             Asiakkaan nimi;Y-tunnus;Maksuehto (pv);Maksuaika (pv);Myöhässä (pv)\r\n"
        ),
        "{written}"
    );
    assert!(
        written.contains("L-1;2.3.2026;16.3.2026;20.3.2026;2777,63;10023;Kone Oy;;14;18;4\r\n"),
        "{written}"
    );
    assert!(
        written.contains("L-3;1.5.2026;;;-19,90;;Rautakauppa Ab;0112038-9;;;\r\n"),
        "{written}"
    );

    // A period's records; products have no dates.
    let may = dir.join("may.csv");
    let o = arvo(
        &url,
        &[
            "export",
            "invoices",
            "--from",
            "2026-04-01",
            "--to",
            "1.5.2026",
            "--out",
            may.to_str().unwrap(),
        ],
    );
    assert!(text(&o).contains("Exported 2 row(s)"), "{}", text(&o));
    let o = arvo(
        &url,
        &[
            "export",
            "products",
            "--from",
            "1.1.2026",
            "--out",
            may.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("--from and --to apply to"),
        "{}",
        text(&o)
    );
}
