//! `arvo export`: the accounts, the contacts, the order lines, the products or the deliveries,
//! invoices, service hours, visits or returns as a CSV or XLSX file, written by the same service
//! as the pages' downloads. Every kind but accounts and contacts is written in the format its
//! `arvo import` reads back. The command line acts for no user and exports every account's rows;
//! the export is recorded in the audit log as the command line's.

use crate::cli_actor;
use crate::import::LanguageArg;
use anyhow::{Context, Result, bail};
use arvo_store::Store;
use arvo_web::exports::{ExportFile, ExportKind, ExportParams, FileFormat};
use arvo_web::i18n::Lang;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lists `arvo export` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    /// The customer master: one row per account, custom fields included.
    Accounts,
    /// One row per contact person, with the account's number, name and business ID.
    Contacts,
    /// One row per order line, in the format `arvo import orders` reads back.
    Orders,
    /// One row per product, in the format `arvo import products` reads back.
    Products,
    /// One row per delivery, in the format `arvo import deliveries` reads back.
    Deliveries,
    /// One row per invoice with its days to pay, in the format `arvo import invoices` reads back.
    Invoices,
    /// One row per entry of service work, in the format `arvo import service-hours` reads back.
    ServiceHours,
    /// One row per sales visit, in the format `arvo import visits` reads back.
    Visits,
    /// One row per return, in the format `arvo import returns` reads back.
    Returns,
}

/// The file formats.
#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Csv,
    Xlsx,
}

#[derive(Args)]
pub struct ExportArgs {
    /// What to export.
    pub what: ExportWhat,
    /// The file's format; without it, XLSX for a name ending in `.xlsx` and CSV otherwise.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// The file to write (`-` for standard output). It is written under a temporary name and
    /// renamed when complete.
    #[arg(long)]
    pub out: PathBuf,
    /// The language of the headers and the formats: `fi` (`;`, decimal commas, 22.11.2026) or
    /// `en` (`,`, decimal points, 2026-11-22).
    #[arg(long, value_enum, default_value = "fi")]
    pub language: LanguageArg,
    /// Orders and activities only: records dated on or after this day (2026-01-01 or 1.1.2026).
    #[arg(long)]
    pub from: Option<String>,
    /// Orders and activities only: records dated on or before this day.
    #[arg(long)]
    pub to: Option<String>,
}

pub async fn export(store: &Store, args: ExportArgs) -> Result<()> {
    let kind = match args.what {
        ExportWhat::Accounts => ExportKind::Accounts,
        ExportWhat::Contacts => ExportKind::Contacts,
        ExportWhat::Orders => ExportKind::Orders,
        ExportWhat::Products => ExportKind::Products,
        ExportWhat::Deliveries => ExportKind::Deliveries,
        ExportWhat::Invoices => ExportKind::Invoices,
        ExportWhat::ServiceHours => ExportKind::ServiceHours,
        ExportWhat::Visits => ExportKind::Visits,
        ExportWhat::Returns => ExportKind::Returns,
    };
    let dated = kind == ExportKind::Orders || kind.activity().is_some();
    if !dated && (args.from.is_some() || args.to.is_some()) {
        bail!(
            "--from and --to apply to orders, deliveries, invoices, service-hours, visits and \
             returns only"
        );
    }
    let named_xlsx = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let format = match (args.format, named_xlsx) {
        (Some(FormatArg::Xlsx), _) | (None, true) => FileFormat::Xlsx,
        (Some(FormatArg::Csv), _) | (None, false) => FileFormat::Csv,
    };
    let lang = match args.language {
        LanguageArg::Fi => Lang::Fi,
        LanguageArg::En => Lang::En,
    };
    let params = ExportParams {
        from: args.from.clone(),
        to: args.to.clone(),
        ..ExportParams::default()
    };
    let (request, _, _) = params
        .to_request(kind)
        .map_err(|e| anyhow::anyhow!("invalid input: {e}"))?;
    let file = arvo_web::exports::export_as(store, &cli_actor(), None, request, format, lang)
        .await
        .map_err(|e| anyhow::anyhow!(crate::service_error(&e)))?;
    let rows = file.rows;
    if args.out == Path::new("-") {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        file.write_to(&mut out)
            .await
            .context("the export could not be written")?;
        out.flush()?;
        eprintln!("Exported {rows} row(s).");
        return Ok(());
    }
    write_file(file, &args.out).await?;
    println!("Exported {rows} row(s) to {}.", args.out.display());
    Ok(())
}

/// Writes the file beside `path` and renames it when complete, so that an interrupted export
/// never leaves a partial file under that name.
async fn write_file(file: ExportFile, path: &Path) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let written = async {
        let out = std::fs::File::create(&partial)
            .with_context(|| format!("could not create {}", partial.display()))?;
        let mut out = std::io::BufWriter::new(out);
        file.write_to(&mut out)
            .await
            .context("the export could not be written")?;
        let out = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        out.sync_all()?;
        std::fs::rename(&partial, path).with_context(|| {
            format!(
                "could not rename {} to {}",
                partial.display(),
                path.display()
            )
        })
    }
    .await;
    if written.is_err() {
        std::fs::remove_file(&partial).ok();
    }
    written
}
