//! `arvo analyse clv` works on a plain transactions file without any database: it summarises
//! each customer's purchase days up to the calibration end, fits the BG/NBD and Gamma-Gamma
//! models and prints each customer's probability of being alive, expected purchases over the
//! horizons and expected spend per purchase, as JSON, CSV or XLSX.

use super::{OutputFormat, write_table};
use anyhow::{Context, Result, bail};
use arvo_core::clv::history::{TimeUnit, summarize};
use arvo_core::clv::{Forecast, forecast, horizon_key};
use arvo_core::{Decimal, dates};
use arvo_sheets::{Cell, ReadOptions, Record};
use arvo_web::analysis_tables::decimal;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum)]
pub enum TimeUnitArg {
    Week,
    Day,
}

#[derive(Args)]
pub struct ClvArgs {
    /// The transactions file.
    #[arg(long)]
    pub transactions: PathBuf,
    /// The header of the column naming the customer.
    #[arg(long, default_value = "customer")]
    pub customer_column: String,
    /// The header of the column holding the date (2026-11-22 or 22.11.2026).
    #[arg(long, default_value = "date")]
    pub date_column: String,
    /// The header of the column holding the amount (1234.56 or 1 234,56).
    #[arg(long, default_value = "amount")]
    pub amount_column: String,
    /// The last day of the calibration period; later purchases are the holdout the forecast
    /// is compared with.
    #[arg(long)]
    pub calibration_end: String,
    /// The last day of the holdout period; the file's last date when not given.
    #[arg(long)]
    pub observation_end: Option<String>,
    /// The time unit of recency, T and the horizons.
    #[arg(long, value_enum, default_value = "week")]
    pub time_unit: TimeUnitArg,
    /// A horizon, in time units after the calibration end, to forecast purchases over; may be
    /// repeated. Without one, a year (52 weeks or 365 days).
    #[arg(long)]
    pub horizon: Vec<f64>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: OutputFormat,
    /// Where to write (standard output when not given; XLSX needs a file).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// The transactions of a file as (customer, day, cents), and its last day.
type Transactions = (
    Vec<(String, chrono::NaiveDate, i64)>,
    Option<chrono::NaiveDate>,
);

fn read_transactions(args: &ClvArgs) -> Result<Transactions> {
    let path = &args.transactions;
    let mut sheet = arvo_sheets::open(path, &ReadOptions::default())
        .with_context(|| format!("{} could not be read", path.display()))?;
    let header = sheet.header().cells.clone();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
            .with_context(|| {
                format!(
                    "{} has no column {name:?}; its columns are: {}",
                    path.display(),
                    header.join(", ")
                )
            })
    };
    let (customer, date, amount) = (
        find(&args.customer_column)?,
        find(&args.date_column)?,
        find(&args.amount_column)?,
    );
    let mark = sheet.format().decimal_mark();
    let mut rows = Vec::new();
    let mut last: Option<chrono::NaiveDate> = None;
    let mut record = Record::default();
    while sheet.next_into(&mut record)? {
        let at = |column: usize, name: &str| {
            format!(
                "row {}, column {name:?} ({:?})",
                record.row,
                record.get(column)
            )
        };
        let who = record.get(customer).trim();
        if who.is_empty() {
            bail!(
                "{}: the customer is missing",
                at(customer, &args.customer_column)
            );
        }
        let day = dates::parse_day(record.get(date))
            .map_err(|p| anyhow::anyhow!("{}: {}", at(date, &args.date_column), p.english()))?;
        let cents = Decimal::parse_amount(record.get(amount), mark)
            .and_then(|d| d.to_scale_rounded(2))
            .map_err(|p| anyhow::anyhow!("{}: {}", at(amount, &args.amount_column), p.english()))?;
        let cents = i64::try_from(cents).with_context(|| {
            format!(
                "{}: the amount is too large",
                at(amount, &args.amount_column)
            )
        })?;
        last = last.max(Some(day));
        rows.push((who.to_owned(), day, cents));
    }
    Ok((rows, last))
}

pub fn clv(args: &ClvArgs) -> Result<()> {
    let calibration_end = dates::parse_date(&args.calibration_end).map_err(|p| {
        anyhow::anyhow!(
            "--calibration-end {:?}: {}",
            args.calibration_end,
            p.english()
        )
    })?;
    let observation_end = args
        .observation_end
        .as_deref()
        .map(|d| {
            dates::parse_date(d)
                .map_err(|p| anyhow::anyhow!("--observation-end {d:?}: {}", p.english()))
        })
        .transpose()?;
    let unit = match args.time_unit {
        TimeUnitArg::Week => TimeUnit::Week,
        TimeUnitArg::Day => TimeUnit::Day,
    };
    if let Some(h) = args.horizon.iter().find(|h| !h.is_finite() || **h < 0.0) {
        bail!("--horizon {h}: a horizon is a number of time units, 0 or more");
    }
    let horizons = if args.horizon.is_empty() {
        vec![match unit {
            TimeUnit::Week => 52.0,
            TimeUnit::Day => 365.0,
        }]
    } else {
        args.horizon.clone()
    };
    if args.format == OutputFormat::Xlsx && args.out.is_none() {
        bail!("an XLSX file needs --out FILE");
    }
    let (transactions, last_day) = read_transactions(args)?;
    let end = observation_end
        .or(last_day)
        .filter(|d| *d > calibration_end);
    let histories = summarize(transactions, calibration_end, end, unit);
    let holdout = end.map(|e| unit.between(calibration_end, e));
    let result = forecast(&histories, &horizons, 100.0, holdout)
        .map_err(|e| anyhow::anyhow!("the models cannot be fitted: {e}"))?;
    for (model, converged) in [
        ("BG/NBD", result.bgnbd.converged),
        (
            "Gamma-Gamma",
            result.gamma_gamma.is_none_or(|g| g.converged),
        ),
    ] {
        if !converged {
            eprintln!("warning: the {model} fit did not converge; its estimates may be off");
        }
    }
    write_output(args, &result, &horizons)
}

fn write_output(args: &ClvArgs, result: &Forecast<String>, horizons: &[f64]) -> Result<()> {
    let mut columns: Vec<String> = [
        "customer",
        "frequency",
        "recency",
        "T",
        "monetary_value",
        "p_alive",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    columns.extend(
        horizons
            .iter()
            .map(|h| format!("expected_purchases_{}", horizon_key(*h))),
    );
    columns.push("expected_avg_spend".into());
    let rows: Vec<Vec<Cell>> = result
        .customers
        .iter()
        .map(|c| {
            let mut row = vec![
                Cell::Text(c.customer.clone()),
                Cell::Integer(i64::from(c.frequency)),
                decimal(c.recency),
                decimal(c.t),
                decimal(c.monetary_value),
                decimal(c.p_alive),
            ];
            row.extend(
                horizons
                    .iter()
                    .map(|h| decimal(c.expected_purchases[&horizon_key(*h)])),
            );
            row.push(c.expected_avg_spend.map_or(Cell::Empty, decimal));
            row
        })
        .collect();
    write_table(
        args.out.as_deref(),
        args.format,
        arvo_sheets::Language::En,
        &columns,
        &rows,
        result,
    )
}
