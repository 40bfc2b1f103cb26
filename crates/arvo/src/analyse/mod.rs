//! `arvo analyse`: the value analysis from the command line, for scripts, as JSON, CSV or
//! XLSX. `clv` fits the purchase models to a plain transactions file without any database; the
//! other reports read the database (`reports.rs`).

mod clv;
mod reports;

use anyhow::{Context, Result};
use arvo_sheets::{Cell, Language};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Subcommand)]
pub enum Analysis {
    /// Fits the BG/NBD and Gamma-Gamma models to a transactions file (CSV or XLSX: one row per
    /// purchase with its customer, date and amount) and forecasts every customer.
    Clv(clv::ClvArgs),
    /// Every customer's figures of a period: its profitability waterfall (each cost pool's
    /// share too), value score, segment and tier, behaviour, alerts, RFM, share of wallet,
    /// P(alive) and lifetime value.
    Customers(reports::ReportArgs),
    /// The whale curve: customers from the most profitable, with the cumulative margin and its
    /// share of the total.
    Whale(reports::ReportArgs),
    /// The profitability groups: sales volume × profitability, with counts, totals and traits.
    Groups(reports::ReportArgs),
    /// The passivation alerts: customers overdue against their own cycle or falling in volume.
    Alerts(reports::ReportArgs),
    /// Reckons the analysis of a period and saves the segments its rule gives (hand-set ones
    /// stay); prints how many changed.
    Refresh(reports::ReportArgs),
}

/// The output formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Csv,
    Xlsx,
}

pub async fn analyse(analysis: Analysis) -> Result<()> {
    let result = match analysis {
        Analysis::Clv(args) => clv::clv(&args),
        Analysis::Customers(args) => reports::customers(&args).await,
        Analysis::Whale(args) => reports::whale(&args).await,
        Analysis::Groups(args) => reports::groups(&args).await,
        Analysis::Alerts(args) => reports::alerts(&args).await,
        Analysis::Refresh(args) => reports::refresh(&args).await,
    };
    match result {
        // A reader that stopped early (`| head`) is no failure.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Writes a report: `json` as JSON, or the table as CSV or XLSX, to `out` or standard output
/// (XLSX needs a file).
fn write_table(
    out: Option<&Path>,
    format: OutputFormat,
    lang: Language,
    columns: &[String],
    rows: &[Vec<Cell>],
    json: &impl Serialize,
) -> Result<()> {
    if format == OutputFormat::Xlsx && out.is_none() {
        anyhow::bail!("an XLSX file needs --out FILE");
    }
    let writer: Box<dyn Write + Send> = match out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("{} could not be written", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let mut writer = match format {
        OutputFormat::Json => {
            let mut w = writer;
            serde_json::to_writer_pretty(&mut w, json)?;
            writeln!(w)?;
            w
        }
        OutputFormat::Csv => arvo_sheets::write_csv(writer, lang, columns, rows)?,
        OutputFormat::Xlsx => arvo_sheets::write_xlsx(writer, lang, columns, rows)?,
    };
    writer.flush()?;
    if let Some(path) = out {
        eprintln!("Wrote {} rows to {}.", rows.len(), path.display());
    }
    Ok(())
}
