//! `arvo analyse clv` on a plain transactions file, through the real binary: the published
//! CDNOW estimates in the asked JSON shape, the same customers as CSV and XLSX, and bad input
//! named by row and column.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn cdnow() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../arvo-core/tests/data/cdnow_sample.csv")
}

fn arvo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arvo"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("arvo runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("arvo-analyse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn clv_prints_the_models_and_every_customers_forecast_as_json() {
    let file = cdnow();
    let out = arvo(&[
        "analyse",
        "clv",
        "--transactions",
        file.to_str().unwrap(),
        "--calibration-end",
        "1997-09-30",
        "--time-unit",
        "week",
        "--horizon",
        "39",
        "--horizon",
        "52",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let close = |v: &Value, want: f64, tolerance: f64| {
        let got = v.as_f64().expect("a number");
        assert!((got - want).abs() < tolerance, "{got} vs {want}");
    };
    // Fader, Hardie & Lee (2005) and Fader & Hardie (2013) on the same data.
    close(&json["bgnbd"]["r"], 0.243, 0.0015);
    close(&json["bgnbd"]["alpha"], 4.414, 0.0015);
    close(&json["bgnbd"]["a"], 0.793, 0.0015);
    close(&json["bgnbd"]["b"], 2.426, 0.0015);
    close(&json["bgnbd"]["log_likelihood"], -9582.4, 0.1);
    close(&json["gamma_gamma"]["p"], 6.25, 0.006);
    close(&json["gamma_gamma"]["q"], 3.74, 0.006);
    close(&json["gamma_gamma"]["v"], 15.44, 0.006);
    assert!(json["gamma_gamma"]["log_likelihood"].is_f64());
    let customers = json["customers"].as_array().expect("customers");
    assert_eq!(customers.len(), 2357);
    // Customer 0001 bought on 1.1., 18.1. and 2.8.1997 (and in the holdout period).
    let first = &customers[0];
    assert_eq!(first["customer"], "0001");
    assert_eq!(first["frequency"], 2);
    close(&first["recency"], 30.428_571, 1e-6);
    close(&first["T"], 38.857_143, 1e-6);
    let (p39, p52) = (
        first["expected_purchases"]["39"].as_f64().unwrap(),
        first["expected_purchases"]["52"].as_f64().unwrap(),
    );
    assert!(0.0 < p39 && p39 < p52, "{p39} {p52}");
    let p_alive = first["p_alive"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p_alive));
    // Between the customer's own mean of 22.35 and the population's.
    close(&first["expected_avg_spend"], 24.65, 0.01);
    // The purchases after the calibration end are the holdout: 39 weeks, and the model's
    // prediction lands within a fifth of what happened.
    close(&json["holdout"]["duration"], 39.0, 1e-9);
    let actual = json["holdout"]["actual_purchases"].as_f64().unwrap();
    let predicted = json["holdout"]["predicted_purchases"].as_f64().unwrap();
    assert!(
        (predicted / actual - 1.0).abs() < 0.2,
        "{predicted} vs {actual}"
    );
}

#[test]
fn clv_writes_csv_and_xlsx_and_names_bad_input() {
    let file = cdnow();
    let xlsx = temp("clv.xlsx");
    let out = arvo(&[
        "analyse",
        "clv",
        "--transactions",
        file.to_str().unwrap(),
        "--calibration-end",
        "30.9.1997",
        "--horizon",
        "10",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sheet = arvo_sheets::open(&xlsx, &arvo_sheets::ReadOptions::default()).unwrap();
    assert_eq!(
        sheet.header().cells,
        [
            "customer",
            "frequency",
            "recency",
            "T",
            "monetary_value",
            "p_alive",
            "expected_purchases_10",
            "expected_avg_spend"
        ]
    );
    assert_eq!(sheet.count(), 2357);
    let csv = arvo(&[
        "analyse",
        "clv",
        "--transactions",
        file.to_str().unwrap(),
        "--calibration-end",
        "1997-09-30",
        "--format",
        "csv",
    ]);
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("0001,2,30.428571,38.857143,22.345,"),
        "{text:.300}"
    );
    assert_eq!(text.lines().count(), 2358);

    let bad = temp("bad.csv");
    std::fs::write(
        &bad,
        "asiakas;pvm;summa\nA;1.2.2026;10,50\nA;3.2.2026;5\nB;31.02.2026;5\n",
    )
    .unwrap();
    let path = bad.to_str().unwrap();
    let out = arvo(&[
        "analyse",
        "clv",
        "--transactions",
        path,
        "--customer-column",
        "asiakas",
        "--date-column",
        "pvm",
        "--amount-column",
        "summa",
        "--calibration-end",
        "2026-06-01",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(r#"row 4, column "pvm" ("31.02.2026")"#),
        "{err}"
    );
    let out = arvo(&[
        "analyse",
        "clv",
        "--transactions",
        path,
        "--calibration-end",
        "2026-06-01",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(r#"has no column "customer"; its columns are: asiakas, pvm, summa"#),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(bad.parent().unwrap());
}

#[test]
fn the_reports_of_the_demo_reconcile_and_a_refresh_saves_segments_once() {
    let db = temp("demo.db");
    let url = format!("sqlite://{}", db.display());
    let out = arvo(&["demo", "--database-url", &url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = |what: &str, format: &str| {
        let out = arvo(&[
            "analyse",
            what,
            "--database-url",
            &url,
            "--period",
            "2026",
            "--today",
            "2026-11-22",
            "--format",
            format,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&report("customers", "json")).unwrap();
    let customers = json["analysis"]["customers"].as_array().unwrap();
    let margins: i64 = customers
        .iter()
        .map(|c| c["waterfall"]["customer_margin"].as_i64().unwrap())
        .sum();
    let unallocated = json["analysis"]["unallocated_total"].as_i64().unwrap();
    assert_eq!(
        margins - unallocated,
        json["analysis"]["company_result"].as_i64().unwrap()
    );
    assert!(
        unallocated > 0,
        "the demo's marketing pools are caused by no customer"
    );
    // The demo has small demanding customers below zero, and a whale curve above 100 %.
    assert!(
        customers
            .iter()
            .any(|c| c["waterfall"]["customer_margin"].as_i64().unwrap() < 0)
    );
    let whale: Value = serde_json::from_str(&report("whale", "json")).unwrap();
    assert!(whale["whale"]["peak_share"].as_f64().unwrap() > 1.0);
    // The CSV has a row per customer and a column per cost pool.
    let csv = report("customers", "csv");
    assert_eq!(csv.lines().count(), customers.len() + 1);
    assert!(csv.lines().next().unwrap().contains("pool: Toimitukset"));
    let alerts = report("alerts", "csv");
    assert!(alerts.contains("it usually buys every"), "{alerts:.400}");
    assert_eq!(report("groups", "csv").lines().count(), 10);
    let refresh = |expect: &str| {
        let out = arvo(&[
            "analyse",
            "refresh",
            "--database-url",
            &url,
            "--period",
            "2026",
            "--today",
            "2026-11-22",
        ]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.contains(expect), "{text}");
    };
    // The demo saved the segments of its own day; a refresh of another period saves its own,
    // and the same refresh again changes none.
    refresh(" changed segment");
    refresh("; 0 changed segment");
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
}
