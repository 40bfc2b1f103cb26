//! Measures the store's part of an order import: staging, checking and applying generated order
//! lines in SQLite (or the database `ARVO_DATABASE_URL` names). Usage:
//! `cargo run --release -p arvo-store --example order_import_speed -- LINES`.

use arvo_core::{AccountInput, Actor};
use arvo_store::Store;
use arvo_store::imports::{ImportOptions, OrderLineRecord};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let lines: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let url = std::env::var("ARVO_DATABASE_URL").unwrap_or_else(|_| {
        let path = std::env::temp_dir().join("arvo-import-speed.db");
        let _ = std::fs::remove_file(&path);
        format!("sqlite://{}", path.display())
    });
    let store = Store::open(&url).await.expect("open");
    let actor = Actor::new("speed", "cli");
    let customers = 20_000;
    let drafts: Vec<_> = (0..customers)
        .map(|i| {
            let d = AccountInput {
                name: Some(format!("Asiakas {i}")),
                customer_number: Some((100_000 + i).to_string()),
                ..AccountInput::default()
            }
            .validate(&[])
            .expect("valid");
            (d, Vec::new())
        })
        .collect();
    store
        .insert_accounts(&drafts, &actor)
        .await
        .expect("accounts");
    let started = Instant::now();
    let mut import = store.begin_order_import().await.expect("begin");
    let mut batch = Vec::with_capacity(4000);
    let mut order = 1_000_000u64;
    let mut line = 0;
    let mut state = 88_172_645_463_325_252u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut customer = 100_000;
    for row in 0..lines {
        if line == 0 || next(6) == 0 {
            order += 1;
            line = 0;
            customer = 100_000 + next(customers);
        }
        line += 1;
        batch.push(OrderLineRecord {
            row: row + 2,
            order_number: format!("T{order}"),
            line_number: line,
            customer_number: Some(customer.to_string()),
            business_id: None,
            order_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                + chrono::Days::new(order % 1000),
            product_number: format!("P-{}", next(2000)),
            product_name: None,
            product_group: None,
            quantity_milli: 1000 * (1 + next(50) as i64),
            unit_price_cents: 100 + next(50_000) as i64,
            unit_cost_cents: Some(50 + next(30_000) as i64),
            discount_bp: 0,
            net_cents: 1000,
            cost_cents: Some(500),
            channel: "direct".into(),
            reseller: None,
        });
        if batch.len() == 4000 {
            import.stage(&batch).await.expect("stage");
            batch.clear();
        }
    }
    import.stage(&batch).await.expect("stage");
    let staged = started.elapsed();
    let outcome = import
        .finish(&ImportOptions {
            dry_run: false,
            skip_invalid: false,
            rejected_before: 0,
            rows_read: lines,
            file_name: "speed",
            actor: &actor,
        })
        .await
        .expect("finish");
    let total = started.elapsed();
    println!(
        "{lines} lines: staged in {:.2} s, total {:.2} s ({:.0} lines/s); created {}, rejected {}",
        staged.as_secs_f64(),
        total.as_secs_f64(),
        lines as f64 / total.as_secs_f64(),
        outcome.rows.created,
        outcome.rejected.len()
    );
}
