//! The commands that move purchase data in and out of files: `arvo import orders`, `arvo
//! generate` (benchmark files in the import format) and the demo's purchase history.

use crate::cli_actor;
use anyhow::{Context, Result, bail};
use arvo_sheets::{Cell, CsvWriter, Kind, Language, Mapping};
use arvo_store::Store;
use arvo_store::imports::{
    ActivityKind, ActivityRecord, DELIVERIES, INVOICES, ImportOptions, OrderLineRecord, RETURNS,
    SERVICE_ENTRIES, VISITS, Value,
};
use arvo_web::i18n::Lang;
use arvo_web::imports::{ImportReport, ImportSettings, Progress};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The kinds of data `arvo import` reads.
#[derive(Clone, Copy, ValueEnum)]
pub enum ImportKind {
    /// Customers: each row updates the account it matches (by customer number, business ID,
    /// email or name) or adds one.
    Accounts,
    /// Contact persons, each naming its customer; matched by email or name within it.
    Contacts,
    /// Products, keyed by product number: prices, names, groups and units.
    Products,
    /// Order lines: one row per line of an order.
    Orders,
    /// Deliveries, keyed by delivery number.
    Deliveries,
    /// Invoices with their due and paid dates, keyed by invoice number.
    Invoices,
    /// Service work hours, keyed by their reference (or, without one, by their content).
    ServiceHours,
    /// Sales visits, keyed by their reference (or by their content).
    Visits,
    /// Returns, keyed by return number.
    Returns,
}

impl ImportKind {
    fn kind(self) -> Kind {
        match self {
            Self::Accounts => Kind::Accounts,
            Self::Contacts => Kind::Contacts,
            Self::Products => Kind::Products,
            Self::Deliveries => Kind::Deliveries,
            Self::Invoices => Kind::Invoices,
            Self::ServiceHours => Kind::ServiceHours,
            Self::Visits => Kind::Visits,
            Self::Returns => Kind::Returns,
            Self::Orders => Kind::Orders,
        }
    }
}

/// The language of messages and of written files.
#[derive(Clone, Copy, ValueEnum)]
pub enum LanguageArg {
    Fi,
    En,
}

#[derive(Args)]
pub struct ImportArgs {
    /// What the file holds.
    pub kind: ImportKind,
    /// A CSV (`;`, `,` or tab separated; UTF-8 or Windows-1252) or XLSX file.
    pub file: PathBuf,
    /// A saved mapping's name, or a mapping file (JSON); without one, the columns are mapped
    /// from their headers.
    #[arg(long)]
    pub mapping: Option<String>,
    /// Saves the mapping used under this name for later imports.
    #[arg(long)]
    pub save_mapping: Option<String>,
    /// Checks the file and reports what would be created, changed and rejected; changes nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Imports the good rows even when some are rejected, and writes the rejected ones to a
    /// file (see `--rejected`).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Where to write the rejected rows (default: beside the input, `NAME.rejected.EXT`).
    #[arg(long)]
    pub rejected: Option<PathBuf>,
    /// Prints the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// The language of the messages and of the rejected file's explanations.
    #[arg(long, value_enum, default_value = "en")]
    pub language: LanguageArg,
}

/// `NAME.rejected.EXT` beside the input.
fn rejected_path(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    let ext = input
        .extension()
        .map_or_else(|| "csv".into(), |e| e.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}.rejected.{ext}"))
}

/// The mapping `--mapping` names: a file of that name, or a saved mapping.
async fn chosen_mapping(store: &Store, kind: Kind, given: Option<&str>) -> Result<Option<Mapping>> {
    let Some(name) = given else {
        return Ok(None);
    };
    let json = if Path::new(name).is_file() {
        std::fs::read_to_string(name).with_context(|| format!("could not read {name}"))?
    } else {
        match store.mapping_named(name).await? {
            Some((saved, json)) if saved == kind.as_str() => json,
            Some((saved, _)) => bail!("the mapping {name:?} is for {saved}, not {}", kind.as_str()),
            None => bail!("no mapping file or saved mapping is called {name:?}"),
        }
    };
    Mapping::from_json(&json)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("the mapping {name:?} cannot be used: {e}"))
}

pub async fn import(store: &Store, args: ImportArgs) -> Result<()> {
    let kind = args.kind.kind();
    let mapping = chosen_mapping(store, kind, args.mapping.as_deref()).await?;
    let lang = match args.language {
        LanguageArg::Fi => Lang::Fi,
        LanguageArg::En => Lang::En,
    };
    let settings = ImportSettings {
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        lang,
        rejected_file: Some(
            args.rejected
                .clone()
                .unwrap_or_else(|| rejected_path(&args.file)),
        )
        .filter(|_| args.skip_invalid),
        file_name: None,
    };
    let interactive = std::io::stderr().is_terminal();
    let progress = |p: Progress| {
        if interactive {
            eprint!("\r{}", progress_bar(p));
            let _ = std::io::stderr().flush();
        }
    };
    let actor = arvo_core::Actor::new(cli_actor().name, "import");
    let result = arvo_web::imports::import_kind(
        store, &actor, kind, &args.file, mapping, &settings, progress,
    )
    .await;
    let report = result.map_err(|e| anyhow::anyhow!(crate::service_error(&e)))?;
    if interactive {
        eprintln!();
    }
    if let Some(name) = &args.save_mapping {
        store
            .save_mapping(
                name,
                kind.as_str(),
                &report.mapping.to_string(),
                &cli_actor(),
            )
            .await?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report, args.dry_run, args.save_mapping.as_deref());
    }
    if !report.outcome.applied && !args.dry_run {
        bail!(
            "nothing was imported: {} row(s) were rejected (see above); fix them, or import the \
             rest with --skip-invalid",
            report.rejections.len()
        );
    }
    Ok(())
}

/// A progress line: a bar of how much of the file has been read, the rows so far, and whether
/// the database is being written.
fn progress_bar(p: Progress) -> String {
    const WIDTH: usize = 30;
    let percent = (p.fraction * 100.0).floor().clamp(0.0, 100.0) as usize;
    let filled = percent * WIDTH / 100;
    let mut line = format!(
        "[{}{}] {percent:>3} %  {} rows",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        p.rows
    );
    if p.saving {
        line.push_str(", saving…");
    }
    line
}

fn print_report(report: &ImportReport, dry_run: bool, saved: Option<&str>) {
    let o = &report.outcome;
    println!("File: {} ({} data rows)", report.format, report.rows_read);
    let verb = if dry_run || !o.applied {
        "would be"
    } else {
        "were"
    };
    println!(
        "Rows: {} {verb} created, {} changed, {} unchanged; {} rejected.",
        o.rows.created,
        o.rows.updated,
        o.rows.unchanged,
        report.rejections.len()
    );
    if report.kind == Kind::Orders.as_str() {
        println!(
            "New orders: {}; new products: {}.",
            o.orders_created, o.products_created
        );
    }
    for r in report.rejections.iter().take(50) {
        println!("  row {}: {}", r.row, r.text());
    }
    if report.rejections.len() > 50 {
        println!("  … and {} more rows", report.rejections.len() - 50);
    }
    if let Some(path) = &report.rejected_file {
        println!("The rejected rows are in {}.", path.display());
    }
    if let Some(name) = saved {
        println!("The mapping was saved as {name:?}.");
    }
    if dry_run {
        println!("This was a dry run: nothing was changed.");
    }
}

#[derive(Args)]
pub struct GenerateArgs {
    /// How many customers.
    #[arg(long, default_value_t = 10_000)]
    pub customers: usize,
    /// How many order lines.
    #[arg(long, default_value_t = 1_000_000)]
    pub order_lines: usize,
    /// The seed: the same seed always gives the same files.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The directory to write `accounts.csv`, `products.csv` and `orders.csv` to.
    #[arg(long)]
    pub out: PathBuf,
}

/// The header of generated order files: the Finnish column names the import recognises.
const ORDER_COLUMNS: [&str; 13] = [
    "Tilausnumero",
    "Rivi",
    "Asiakasnumero",
    "Tilauspäivä",
    "Tuotenumero",
    "Tuotenimi",
    "Tuoteryhmä",
    "Määrä",
    "À-hinta",
    "Yksikkökustannus",
    "Alennus %",
    "Kanava",
    "Jälleenmyyjä",
];

fn csv_file(
    dir: &Path,
    name: &str,
    columns: &[&str],
) -> Result<CsvWriter<std::io::BufWriter<std::fs::File>>> {
    let path = dir.join(name);
    let file = std::fs::File::create(&path)
        .with_context(|| format!("could not create {}", path.display()))?;
    Ok(CsvWriter::new(
        std::io::BufWriter::new(file),
        Language::Fi,
        columns,
    )?)
}

/// Writes benchmark files in the import format, Finnish style (`;`, decimal comma, `22.11.2026`).
pub fn generate(args: &GenerateArgs) -> Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("could not create {}", args.out.display()))?;
    let data = arvo_demo::generate(args.customers, args.order_lines, args.seed);
    let mut accounts = csv_file(
        &args.out,
        "accounts.csv",
        &["Asiakasnumero", "Nimi", "Y-tunnus", "Kunta", "Tila"],
    )?;
    for d in data.accounts() {
        let a = &d.account;
        accounts.write_row(&[
            Cell::from(a.customer_number.clone()),
            Cell::from(a.name.clone()),
            Cell::from(a.business_id.as_ref().map(ToString::to_string)),
            Cell::from(a.municipality.clone()),
            Cell::from(a.status.as_str()),
        ])?;
    }
    accounts.finish()?.flush()?;
    let mut products = csv_file(
        &args.out,
        "products.csv",
        &[
            "Tuotenumero",
            "Nimi",
            "Tuoteryhmä",
            "Yksikkö",
            "Listahinta",
            "Yksikkökustannus",
        ],
    )?;
    for p in data.products() {
        products.write_row(&[
            Cell::from(p.product_number.as_str()),
            Cell::from(p.name.as_str()),
            Cell::from(p.product_group.as_str()),
            Cell::from(p.unit.as_str()),
            Cell::from(arvo_core::Money(p.list_price_cents)),
            Cell::from(arvo_core::Money(p.unit_cost_cents)),
        ])?;
    }
    products.finish()?.flush()?;
    let mut orders = csv_file(&args.out, "orders.csv", &ORDER_COLUMNS)?;
    for l in data.order_lines() {
        orders.write_row(&[
            Cell::from(l.order_number.as_str()),
            Cell::from(i64::from(l.line_number)),
            Cell::from(l.customer_number.as_str()),
            Cell::from(l.order_date),
            Cell::from(l.product_number.as_str()),
            Cell::from(l.product_name.as_str()),
            Cell::from(l.product_group.as_str()),
            Cell::Decimal(arvo_core::Decimal::new(i128::from(l.quantity_milli), 3)),
            Cell::from(arvo_core::Money(l.unit_price_cents)),
            Cell::from(arvo_core::Money(l.unit_cost_cents)),
            Cell::Decimal(arvo_core::Decimal::new(i128::from(l.discount_bp), 2)),
            Cell::from(l.channel.as_str()),
            Cell::from(l.reseller.clone()),
        ])?;
    }
    orders.finish()?.flush()?;
    println!(
        "Wrote {} customers, {} products and {} order lines to {}.",
        args.customers,
        data.products().len(),
        args.order_lines,
        args.out.display()
    );
    Ok(())
}

/// A generated or demo order line as the store's import takes it.
fn record(row: u64, l: &arvo_demo::OrderLine) -> OrderLineRecord {
    OrderLineRecord {
        row,
        order_number: l.order_number.clone(),
        line_number: i64::from(l.line_number),
        customer_number: Some(l.customer_number.clone()),
        business_id: None,
        order_date: l.order_date,
        product_number: l.product_number.clone(),
        product_name: Some(l.product_name.clone()),
        product_group: Some(l.product_group.clone()),
        quantity_milli: l.quantity_milli,
        unit_price_cents: l.unit_price_cents,
        unit_cost_cents: Some(l.unit_cost_cents),
        discount_bp: l.discount_bp,
        net_cents: l.net_cents(),
        cost_cents: Some(l.cost_cents()),
        channel: l.channel.clone(),
        reseller: l.reseller.clone(),
    }
}

/// A demo activity record as the store's import takes it.
fn activity(
    row: u64,
    key: &str,
    customer: &str,
    links: (Option<&str>, Option<&str>),
    values: Vec<Value>,
) -> ActivityRecord {
    ActivityRecord {
        row,
        key: key.to_owned(),
        customer_number: Some(customer.to_owned()),
        business_id: None,
        order_number: links.0.map(str::to_owned),
        product_number: links.1.map(str::to_owned),
        values,
    }
}

/// The demo's deliveries, invoices, service work, visits and returns, by the table each fills.
fn demo_activities(
    data: &arvo_demo::PurchaseData,
) -> [(&'static ActivityKind, Vec<ActivityRecord>); 5] {
    let text = |t: &str| Value::Text(Some(t.to_owned()));
    let numbered = |n: usize| (2..).take(n);
    [
        (
            &DELIVERIES,
            data.deliveries
                .iter()
                .zip(numbered(data.deliveries.len()))
                .map(|(d, row)| {
                    let values = vec![Value::Date(Some(d.delivery_date))];
                    let links = (Some(d.order_number.as_str()), None);
                    activity(row, &d.delivery_number, &d.customer_number, links, values)
                })
                .collect(),
        ),
        (
            &INVOICES,
            data.invoices
                .iter()
                .zip(numbered(data.invoices.len()))
                .map(|(i, row)| {
                    let values = vec![
                        Value::Date(Some(i.invoice_date)),
                        Value::Date(Some(i.due_date)),
                        Value::Date(i.paid_date),
                        Value::Integer(Some(i.amount_cents)),
                    ];
                    activity(
                        row,
                        &i.invoice_number,
                        &i.customer_number,
                        (None, None),
                        values,
                    )
                })
                .collect(),
        ),
        (
            &SERVICE_ENTRIES,
            data.service_entries
                .iter()
                .zip(numbered(data.service_entries.len()))
                .map(|(e, row)| {
                    let values = vec![
                        Value::Date(Some(e.date)),
                        Value::Integer(Some(e.hours_milli)),
                        text(&e.person),
                        text(&e.description),
                    ];
                    activity(row, &e.reference, &e.customer_number, (None, None), values)
                })
                .collect(),
        ),
        (
            &VISITS,
            data.visits
                .iter()
                .zip(numbered(data.visits.len()))
                .map(|(v, row)| {
                    let values = vec![Value::Date(Some(v.date)), text(&v.person), text(&v.purpose)];
                    activity(row, &v.reference, &v.customer_number, (None, None), values)
                })
                .collect(),
        ),
        (
            &RETURNS,
            data.returns
                .iter()
                .zip(numbered(data.returns.len()))
                .map(|(r, row)| {
                    let values = vec![
                        Value::Date(Some(r.return_date)),
                        Value::Integer(Some(r.quantity_milli)),
                        Value::Integer(Some(r.amount_cents)),
                        text(&r.reason),
                    ];
                    let links = (
                        Some(r.order_number.as_str()),
                        Some(r.product_number.as_str()),
                    );
                    activity(row, &r.return_number, &r.customer_number, links, values)
                })
                .collect(),
        ),
    ]
}

/// Loads the demo's purchase history through the imports: its orders, then its
/// deliveries, invoices, service work, visits and returns. Returns the number of order lines.
pub async fn load_demo_purchases(store: &Store, data: &arvo_demo::PurchaseData) -> Result<u64> {
    let actor = arvo_core::Actor::new("demo", "demo");
    let options = |rows: usize| ImportOptions {
        dry_run: false,
        skip_invalid: false,
        rejected_before: 0,
        rows_read: rows as u64,
        file_name: "demo",
        actor: &actor,
    };
    let mut import = store.begin_order_import().await?;
    let lines: Vec<OrderLineRecord> = data
        .order_lines
        .iter()
        .zip(2..)
        .map(|(l, row)| record(row, l))
        .collect();
    for chunk in lines.chunks(5000) {
        import.stage(chunk).await?;
    }
    let outcome = import.finish(&options(lines.len())).await?;
    if !outcome.applied {
        bail!(
            "the demo's orders were refused: {:?}",
            outcome.rejected.first()
        );
    }
    for (kind, records) in demo_activities(data) {
        let done = store
            .import_activities(kind, &records, &options(records.len()))
            .await?;
        if !done.applied {
            bail!(
                "the demo's {} were refused: {:?}",
                kind.kind,
                done.rejected.first()
            );
        }
    }
    Ok(outcome.rows.created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_fills_with_the_share_read() {
        let bar = |fraction, saving| {
            progress_bar(Progress {
                rows: 1200,
                fraction,
                saving,
            })
        };
        assert_eq!(
            bar(0.0, false),
            "[------------------------------]   0 %  1200 rows"
        );
        assert_eq!(
            bar(0.5, false),
            "[###############---------------]  50 %  1200 rows"
        );
        assert_eq!(
            bar(1.0, true),
            "[##############################] 100 %  1200 rows, saving…"
        );
    }
}
