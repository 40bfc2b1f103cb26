//! Importing files, as a service the command line (and later the pages) share. A file is read on
//! a blocking thread, row by row, and handed over in batches while the database stages the
//! previous batch, so reading and writing overlap. Every row the file reader or the store rejects
//! is reported with its row number, the file's own column header and the reason in the user's
//! language. Without `skip_invalid` one rejected row stops the whole import and nothing changes;
//! with it the good rows go in and the rejected ones can be written to a file in the input's own
//! format, with an extra column saying what is wrong, ready to fix and import again.

use crate::error::AppError;
use crate::i18n::Lang;
use arvo_core::{Actor, Problem};
use arvo_sheets::{Format, Kind, KindRow, Mapping, ReadOptions, Record, RowError};
use arvo_store::Store;
use arvo_store::imports::{ImportOptions, ImportOutcome, OrderLineRecord};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// Rows read before a batch goes to the database.
const BATCH: usize = 4000;

/// How an import should go.
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// Check and count only; change nothing.
    pub dry_run: bool,
    /// Import the good rows even when some are rejected.
    pub skip_invalid: bool,
    /// The language of the problems, and of the rejected file's extra column.
    pub lang: Lang,
    /// Where to write the rejected rows, if anywhere.
    pub rejected_file: Option<PathBuf>,
}

/// One problem of a rejected row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellReport {
    /// The file's column header, when the field comes from a column.
    pub column: Option<String>,
    pub field: String,
    pub message: String,
}

/// A rejected row and everything wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub row: u64,
    pub problems: Vec<CellReport>,
}

impl Rejection {
    /// The problems in one line: `Tilauspäivä: Anna päivämäärä …; Määrä: …`.
    pub fn text(&self) -> String {
        self.problems
            .iter()
            .map(|p| format!("{}: {}", p.column.as_deref().unwrap_or(&p.field), p.message))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What an import read, did (or would do) and rejected.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub kind: &'static str,
    /// The file's format in words, e.g. `CSV, windows-1252, separator ;`.
    pub format: String,
    /// The mapping used, as JSON that `--mapping` accepts.
    pub mapping: serde_json::Value,
    /// Data rows read, good and bad.
    pub rows_read: u64,
    #[serde(flatten)]
    pub outcome: ImportOutcome,
    /// Every rejected row, in file order.
    pub rejections: Vec<Rejection>,
    /// Where the rejected rows were written.
    pub rejected_file: Option<PathBuf>,
}

/// The format of a file in words.
fn describe(format: &Format) -> String {
    match format {
        Format::Csv(f) => format!(
            "CSV, {}{}, separator {}",
            f.encoding.name(),
            if f.bom { " with BOM" } else { "" },
            match f.separator {
                b'\t' => "tab".to_owned(),
                s => char::from(s).to_string(),
            }
        ),
        Format::Xlsx { sheet } => format!("XLSX, sheet {sheet}"),
    }
}

/// A file's problem that stops the import before any row is read.
fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(e.to_string())
}

/// What the reading thread sends: first the file's description, then batches of rows.
enum Read {
    Start {
        format: String,
        mapping: Mapping,
        columns: HashMap<String, String>,
    },
    Batch {
        lines: Vec<OrderLineRecord>,
        errors: Vec<RowError>,
        rows: u64,
    },
    Failed(AppError),
}

/// The mapping a file is read with: the given one, or one suggested from its header.
fn mapping_for(kind: Kind, given: Option<&Mapping>, header: &Record) -> Mapping {
    given
        .cloned()
        .unwrap_or_else(|| arvo_sheets::suggest(kind, header))
}

/// Opens a file and reports its header and the mapping it would be read with, without reading
/// any further: what a user checks before importing.
pub fn preview(
    path: &Path,
    kind: Kind,
    given: Option<&Mapping>,
) -> Result<(String, Mapping), AppError> {
    let sheet = arvo_sheets::open(path, &ReadOptions::default()).map_err(unreadable)?;
    let mapping = mapping_for(kind, given, sheet.header());
    Ok((describe(sheet.format()), mapping))
}

/// Reads the file on this (blocking) thread and sends its rows on.
fn read_orders(path: PathBuf, given: Option<Mapping>, tx: &mpsc::Sender<Read>) {
    let send = |message| tx.blocking_send(message).is_ok();
    let mut sheet = match arvo_sheets::open(&path, &ReadOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            send(Read::Failed(unreadable(e)));
            return;
        }
    };
    let mapping = mapping_for(Kind::Orders, given.as_ref(), sheet.header());
    let binding = match mapping.bind(sheet.header(), sheet.format().decimal_mark()) {
        Ok(b) => b,
        Err(e) => {
            send(Read::Failed(unreadable(e)));
            return;
        }
    };
    let columns = Kind::Orders
        .fields()
        .iter()
        .filter_map(|f| {
            binding
                .column_of(f.name)
                .map(|c| (f.name.to_owned(), c.to_owned()))
        })
        .collect();
    if !send(Read::Start {
        format: describe(sheet.format()),
        mapping,
        columns,
    }) {
        return;
    }
    let mut record = Record::new(0, Vec::new());
    let mut lines = Vec::with_capacity(BATCH);
    let mut errors = Vec::new();
    let mut rows = 0;
    loop {
        match sheet.next_into(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                send(Read::Failed(unreadable(e)));
                return;
            }
        }
        if record.is_blank() {
            continue;
        }
        rows += 1;
        match binding.parse(&record) {
            Ok(KindRow::OrderLine(d)) => lines.push(OrderLineRecord {
                row: record.row as u64,
                net_cents: d.net_amount().cents(),
                cost_cents: d.cost_amount().map(arvo_core::Money::cents),
                order_number: d.order_number,
                line_number: i64::from(d.line_number),
                customer_number: d.account.customer_number,
                business_id: d.account.business_id.map(|b| b.to_string()),
                order_date: d.order_date,
                product_number: d.product_number,
                product_name: d.product_name,
                product_group: d.product_group,
                quantity_milli: d.quantity.0,
                unit_price_cents: d.unit_price.cents(),
                unit_cost_cents: d.unit_cost.map(arvo_core::Money::cents),
                discount_bp: i64::from(d.discount.0),
                channel: d.channel.as_str().to_owned(),
                reseller: d.reseller,
            }),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
        if lines.len() + errors.len() >= BATCH {
            let batch = Read::Batch {
                lines: std::mem::replace(&mut lines, Vec::with_capacity(BATCH)),
                errors: std::mem::take(&mut errors),
                rows,
            };
            if !send(batch) {
                return;
            }
        }
    }
    send(Read::Batch {
        lines,
        errors,
        rows,
    });
}

/// Imports order lines from a CSV or XLSX file, with the given mapping or one suggested from
/// the header. `progress` hears the number of rows read so far after every batch.
pub async fn import_orders(
    store: &Store,
    actor: &Actor,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(u64),
) -> Result<ImportReport, AppError> {
    let (tx, mut rx) = mpsc::channel(2);
    let reader = {
        let path = path.to_owned();
        tokio::task::spawn_blocking(move || read_orders(path, mapping, &tx))
    };
    let Some(Read::Start {
        format,
        mapping,
        columns,
    }) = rx.recv().await
    else {
        let failure = match rx.recv().await {
            Some(Read::Failed(e)) => e,
            _ => AppError::Unexpected("the file reader stopped".into()),
        };
        return Err(failure);
    };
    let mut import = store.begin_order_import().await?;
    let mut rows_read = 0;
    let mut row_errors = Vec::new();
    while let Some(message) = rx.recv().await {
        match message {
            Read::Batch {
                lines,
                errors,
                rows,
            } => {
                import.stage(&lines).await?;
                row_errors.extend(errors);
                rows_read = rows;
                progress(rows);
            }
            Read::Failed(e) => return Err(e),
            Read::Start { .. } => {}
        }
    }
    reader
        .await
        .map_err(|e| AppError::Unexpected(e.to_string()))?;
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let outcome = import
        .finish(&ImportOptions {
            dry_run: settings.dry_run,
            skip_invalid: settings.skip_invalid,
            rejected_before: row_errors.len() as u64,
            rows_read,
            file_name: &file_name,
            actor,
        })
        .await?;
    let rejections = rejections(settings.lang, &row_errors, &outcome, &columns);
    let rejected_file = match &settings.rejected_file {
        Some(out) if !rejections.is_empty() => {
            write_rejected(path, out, settings.lang, &rejections).await?;
            Some(out.clone())
        }
        _ => None,
    };
    Ok(ImportReport {
        kind: Kind::Orders.as_str(),
        format,
        mapping: serde_json::from_str(&mapping.to_json()).unwrap_or_default(),
        rows_read,
        outcome,
        rejections,
        rejected_file,
    })
}

/// The reader's and the store's rejections together, in file order, in the user's language.
fn rejections(
    lang: Lang,
    row_errors: &[RowError],
    outcome: &ImportOutcome,
    columns: &HashMap<String, String>,
) -> Vec<Rejection> {
    let message = |column: Option<&str>, field: &str, problem: &Problem| {
        lang.problem(column.unwrap_or(field), problem)
    };
    let mut by_row: BTreeMap<u64, Vec<CellReport>> = BTreeMap::new();
    for e in row_errors {
        by_row
            .entry(e.row as u64)
            .or_default()
            .extend(e.problems.iter().map(|p| CellReport {
                message: message(p.column.as_deref(), &p.field, &p.problem),
                column: p.column.clone(),
                field: p.field.clone(),
            }));
    }
    for p in &outcome.rejected {
        let column = columns.get(p.field).cloned();
        by_row.entry(p.row).or_default().push(CellReport {
            message: message(column.as_deref(), p.field, &p.problem),
            column,
            field: p.field.to_owned(),
        });
    }
    by_row
        .into_iter()
        .map(|(row, problems)| Rejection { row, problems })
        .collect()
}

/// Writes the rejected rows of `input` to `out` in the input's format, each with its problems in
/// an extra last column. The input is read a second time, so that no row is held in memory.
async fn write_rejected(
    input: &Path,
    out: &Path,
    lang: Lang,
    rejections: &[Rejection],
) -> Result<(), AppError> {
    let texts: HashMap<u64, String> = rejections.iter().map(|r| (r.row, r.text())).collect();
    let (input, out) = (input.to_owned(), out.to_owned());
    let language = lang.sheet_language();
    tokio::task::spawn_blocking(move || -> Result<(), AppError> {
        let mut sheet = arvo_sheets::open(&input, &ReadOptions::default()).map_err(unreadable)?;
        let file = std::fs::File::create(&out).map_err(|e| {
            AppError::BadRequest(format!("{} could not be written: {e}", out.display()))
        })?;
        let format = sheet.format().clone();
        let header = sheet.header().clone();
        let mut writer = arvo_sheets::RejectWriter::new(
            std::io::BufWriter::new(file),
            &format,
            language,
            &header,
        )
        .map_err(unreadable)?;
        let mut record = Record::new(0, Vec::new());
        while sheet.next_into(&mut record).map_err(unreadable)? {
            if let Some(text) = texts.get(&(record.row as u64)) {
                writer.write(&record, text).map_err(unreadable)?;
            }
        }
        writer.finish().map_err(unreadable)?;
        Ok(())
    })
    .await
    .map_err(|e| AppError::Unexpected(e.to_string()))?
}
