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
use arvo_store::imports::{
    AccountImportRow, ActivityRecord, ContactImportRow, ImportOptions, ImportOutcome,
    OrderLineRecord, ProductImportRow,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// `Forbidden` unless the caller may import: an import changes any account it names, so it is
/// open to roles that may import data and see every account.
pub fn require(caller: &crate::auth::Caller) -> Result<(), AppError> {
    caller.require(arvo_core::Action::ImportData)?;
    if caller.scope == arvo_core::Scope::All {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "an import may change any account; it is open to those who see every account".into(),
        ))
    }
}

/// How far an import has got, as its `progress` callback hears it after every batch of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Progress {
    /// Data rows read so far.
    pub rows: u64,
    /// How much of the file has been read, from 0 to 1 (see [`arvo_sheets::Sheet::read_fraction`]).
    pub fraction: f64,
    /// Whether the whole file has been read and the database is being written.
    pub saving: bool,
}

impl Progress {
    fn read(rows: u64, fraction: f64) -> Self {
        Self {
            rows,
            fraction,
            saving: false,
        }
    }

    fn saving(rows: u64) -> Self {
        Self {
            rows,
            fraction: 1.0,
            saving: true,
        }
    }
}

/// Imports a file of `kind`, checking that the caller may.
pub async fn import_file(
    store: &Store,
    caller: &crate::auth::Caller,
    kind: Kind,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    require(caller)?;
    let actor = Actor::new(caller.user.name.clone(), "import");
    import_kind(store, &actor, kind, path, mapping, settings, progress).await
}

/// Imports a file of `kind` in the name of `actor` (see the functions of each kind).
pub async fn import_kind(
    store: &Store,
    actor: &Actor,
    kind: Kind,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    match kind {
        Kind::Accounts => import_accounts(store, actor, path, mapping, settings, progress).await,
        Kind::Products => import_products(store, actor, path, mapping, settings, progress).await,
        Kind::Orders => import_orders(store, actor, path, mapping, settings, progress).await,
        Kind::Contacts => import_contacts(store, actor, path, mapping, settings, progress).await,
        other => import_activities(store, actor, other, path, mapping, settings, progress).await,
    }
}

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
    /// The file's name as its user knows it, for the import log; the path's own name when
    /// `None`.
    pub file_name: Option<String>,
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

/// The format of a file in words: `CSV, UTF-8, separator ;` or `CSV, UTF-8, erotin ;`.
pub(crate) fn describe(format: &Format, lang: Lang) -> String {
    let fi = lang == Lang::Fi;
    match format {
        Format::Csv(f) => format!(
            "CSV, {}{}, {} {}",
            f.encoding.name(),
            match (f.bom, fi) {
                (false, _) => "",
                (true, true) => " ja BOM",
                (true, false) => " with BOM",
            },
            if fi { "erotin" } else { "separator" },
            match (f.separator, fi) {
                (b'\t', true) => "sarkain".to_owned(),
                (b'\t', false) => "tab".to_owned(),
                (s, _) => char::from(s).to_string(),
            }
        ),
        Format::Xlsx { sheet } if fi => format!("XLSX, taulukko {sheet}"),
        Format::Xlsx { sheet } => format!("XLSX, sheet {sheet}"),
    }
}

/// A file's problem that stops the import before any row is read.
fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(e.to_string())
}

/// What the reading thread sends: first the file's description, then batches of rows.
enum Read<T> {
    Start {
        format: String,
        mapping: Mapping,
        columns: HashMap<String, String>,
    },
    Batch {
        items: Vec<T>,
        errors: Vec<RowError>,
        progress: Progress,
    },
    Failed(AppError),
}

/// The mapping a file is read with: the given one, or one suggested from its header.
fn mapping_for(kind: Kind, given: Option<&Mapping>, header: &Record) -> Mapping {
    given
        .cloned()
        .unwrap_or_else(|| arvo_sheets::suggest(kind, header))
}

/// Reads the file on this (blocking) thread and sends its rows on, each turned into a `T` by
/// `convert` (which gets the row's number). Batches handed back on `spent` are emptied here and
/// filled again, so that their rows are freed on the thread that made them.
fn read_rows<T>(
    path: &Path,
    kind: Kind,
    given: Option<&Mapping>,
    convert: impl Fn(KindRow, u64) -> Option<T>,
    tx: &mpsc::Sender<Read<T>>,
    spent: &std::sync::mpsc::Receiver<Vec<T>>,
) {
    let send = |message| tx.blocking_send(message).is_ok();
    let mut sheet = match arvo_sheets::open(path, &ReadOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            send(Read::Failed(unreadable(e)));
            return;
        }
    };
    let mapping = mapping_for(kind, given, sheet.header());
    let binding = match mapping.bind(sheet.header(), sheet.format().decimal_mark()) {
        Ok(b) => b,
        Err(e) => {
            send(Read::Failed(unreadable(e)));
            return;
        }
    };
    let columns = kind
        .fields()
        .iter()
        .filter_map(|f| {
            binding
                .column_of(f.name)
                .map(|c| (f.name.to_owned(), c.to_owned()))
        })
        .collect();
    if !send(Read::Start {
        format: describe(sheet.format(), Lang::En),
        mapping,
        columns,
    }) {
        return;
    }
    let mut record = Record::new(0, Vec::new());
    let mut items = Vec::with_capacity(BATCH);
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
            Ok(row) => items.extend(convert(row, record.row as u64)),
            Err(e) => errors.push(e),
        }
        if items.len() + errors.len() >= BATCH {
            let next = spent.try_recv().map_or_else(
                |_| Vec::with_capacity(BATCH),
                |mut old| {
                    old.clear();
                    old
                },
            );
            let batch = Read::Batch {
                items: std::mem::replace(&mut items, next),
                errors: std::mem::take(&mut errors),
                progress: Progress::read(rows, sheet.read_fraction()),
            };
            if !send(batch) {
                return;
            }
        }
    }
    send(Read::Batch {
        items,
        errors,
        progress: Progress::read(rows, 1.0),
    });
}

/// An order line as the store's import takes it.
fn order_record(row: KindRow, number: u64) -> Option<OrderLineRecord> {
    let KindRow::OrderLine(d) = row else {
        return None;
    };
    Some(OrderLineRecord {
        row: number,
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
    })
}

/// A reading of a file in progress: its description, and the batches still to come.
struct Reading<T> {
    format: String,
    mapping: Mapping,
    columns: HashMap<String, String>,
    batches: mpsc::Receiver<Read<T>>,
    /// Batches done with, back to the reader.
    spent: std::sync::mpsc::Sender<Vec<T>>,
    reader: tokio::task::JoinHandle<()>,
}

/// Starts reading a file on a blocking thread; fails when the file or the mapping cannot be used.
async fn start_reading<T: Send + 'static>(
    path: &Path,
    kind: Kind,
    mapping: Option<Mapping>,
    convert: fn(KindRow, u64) -> Option<T>,
) -> Result<Reading<T>, AppError> {
    let (tx, mut rx) = mpsc::channel(2);
    let (spent, spent_rx) = std::sync::mpsc::channel();
    let reader = {
        let path = path.to_owned();
        tokio::task::spawn_blocking(move || {
            read_rows(&path, kind, mapping.as_ref(), convert, &tx, &spent_rx);
        })
    };
    match rx.recv().await {
        Some(Read::Start {
            format,
            mapping,
            columns,
        }) => Ok(Reading {
            format,
            mapping,
            columns,
            batches: rx,
            spent,
            reader,
        }),
        Some(Read::Failed(e)) => Err(e),
        _ => Err(AppError::Unexpected("the file reader stopped".into())),
    }
}

impl<T> Reading<T> {
    /// Hands a batch the caller is done with back to the reader, which frees its rows.
    fn give_back(&self, items: Vec<T>) {
        // Once the reader has finished, the batch is simply dropped here.
        let _ = self.spent.send(items);
    }

    /// The next batch: its items, its rejected rows and how far the reading has got; `None` at
    /// the end.
    async fn next(&mut self) -> Result<Option<(Vec<T>, Vec<RowError>, Progress)>, AppError> {
        loop {
            match self.batches.recv().await {
                Some(Read::Batch {
                    items,
                    errors,
                    progress,
                }) => return Ok(Some((items, errors, progress))),
                Some(Read::Failed(e)) => return Err(e),
                Some(Read::Start { .. }) => {}
                None => {
                    (&mut self.reader)
                        .await
                        .map_err(|e| AppError::Unexpected(e.to_string()))?;
                    return Ok(None);
                }
            }
        }
    }
}

/// The name the import log gives the file.
fn file_name(settings: &ImportSettings, path: &Path) -> String {
    settings.file_name.clone().unwrap_or_else(|| {
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    })
}

/// How the store ends an import of `path`, after `rows_read` rows of which `row_errors` were
/// rejected by the reader.
fn options<'a>(
    settings: &ImportSettings,
    row_errors: &[RowError],
    rows_read: u64,
    file_name: &'a str,
    actor: &'a Actor,
) -> ImportOptions<'a> {
    ImportOptions {
        dry_run: settings.dry_run,
        skip_invalid: settings.skip_invalid,
        rejected_before: row_errors.len() as u64,
        rows_read,
        file_name,
        actor,
    }
}

/// The report of a finished import, with its rejected rows written out when asked.
async fn report(
    kind: Kind,
    path: &Path,
    reading: &Reading<impl Sized>,
    rows_read: u64,
    row_errors: &[RowError],
    outcome: ImportOutcome,
    settings: &ImportSettings,
) -> Result<ImportReport, AppError> {
    let rejections = rejections(settings.lang, row_errors, &outcome, &reading.columns);
    let rejected_file = match &settings.rejected_file {
        Some(out) if !rejections.is_empty() => {
            write_rejected(path, out, settings.lang, &rejections).await?;
            Some(out.clone())
        }
        _ => None,
    };
    Ok(ImportReport {
        kind: kind.as_str(),
        format: reading.format.clone(),
        mapping: serde_json::from_str(&reading.mapping.to_json()).unwrap_or_default(),
        rows_read,
        outcome,
        rejections,
        rejected_file,
    })
}

/// Imports order lines from a CSV or XLSX file, with the given mapping or one suggested from
/// the header. `progress` hears how far the import has got after every batch.
pub async fn import_orders(
    store: &Store,
    actor: &Actor,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    let mut reading = start_reading(path, Kind::Orders, mapping, order_record).await?;
    let mut import = store.begin_order_import().await?;
    let mut rows_read = 0;
    let mut row_errors = Vec::new();
    while let Some((lines, errors, read)) = reading.next().await? {
        import.stage(&lines).await?;
        reading.give_back(lines);
        row_errors.extend(errors);
        rows_read = read.rows;
        progress(read);
    }
    progress(Progress::saving(rows_read));
    let outcome = import
        .finish(&options(
            settings,
            &row_errors,
            rows_read,
            &file_name(settings, path),
            actor,
        ))
        .await?;
    report(
        Kind::Orders,
        path,
        &reading,
        rows_read,
        &row_errors,
        outcome,
        settings,
    )
    .await
}

/// An account row of a file.
fn account_record(row: KindRow, number: u64) -> Option<AccountImportRow> {
    let KindRow::Account(a) = row else {
        return None;
    };
    Some(AccountImportRow {
        row: number,
        draft: a.account,
    })
}

/// Imports accounts from a CSV or XLSX file: each row updates the account it matches (by
/// customer number, business ID, email or name) with the values the file gives, or adds a new
/// one. An owner must be an active user, named by name or email.
pub async fn import_accounts(
    store: &Store,
    actor: &Actor,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    let mut reading = start_reading(path, Kind::Accounts, mapping, account_record).await?;
    let (rows, mut row_errors, rows_read) = collect(&mut reading, progress).await?;
    let mut accounts = Vec::with_capacity(rows.len());
    let mut owners: HashMap<String, Option<String>> = HashMap::new();
    for mut a in rows {
        if let Some(owner) = a.draft.owner.take() {
            if !owners.contains_key(&owner) {
                let user = store.active_user_named(&owner).await?;
                owners.insert(owner.clone(), user.map(|u| u.name));
            }
            let Some(name) = &owners[&owner] else {
                row_errors.push(RowError {
                    row: a.row as usize,
                    problems: vec![arvo_sheets::CellProblem {
                        column: reading.columns.get("owner").cloned(),
                        field: "owner".into(),
                        problem: Problem::UnknownUser,
                    }],
                });
                continue;
            };
            a.draft.owner = Some(name.clone());
        }
        accounts.push(a);
    }
    let mapped: Vec<String> = reading.columns.keys().cloned().collect();
    let outcome = store
        .import_accounts(
            &accounts,
            &mapped,
            &options(
                settings,
                &row_errors,
                rows_read,
                &file_name(settings, path),
                actor,
            ),
        )
        .await?;
    report(
        Kind::Accounts,
        path,
        &reading,
        rows_read,
        &row_errors,
        outcome,
        settings,
    )
    .await
}

/// A contact row of a file.
fn contact_record(row: KindRow, number: u64) -> Option<ContactImportRow> {
    let KindRow::Contact(c) = row else {
        return None;
    };
    Some(ContactImportRow {
        row: number,
        customer_number: c.account.customer_number,
        business_id: c.account.business_id.map(|b| b.to_string()),
        draft: c.contact,
    })
}

/// Imports contact persons from a CSV or XLSX file: each row names its customer by customer
/// number or business ID, and updates the contact of the same email (or name) there, or adds one.
pub async fn import_contacts(
    store: &Store,
    actor: &Actor,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    let mut reading = start_reading(path, Kind::Contacts, mapping, contact_record).await?;
    let (contacts, row_errors, rows_read) = collect(&mut reading, progress).await?;
    let mapped: Vec<String> = reading.columns.keys().cloned().collect();
    let outcome = store
        .import_contacts(
            &contacts,
            &mapped,
            &options(
                settings,
                &row_errors,
                rows_read,
                &file_name(settings, path),
                actor,
            ),
        )
        .await?;
    report(
        Kind::Contacts,
        path,
        &reading,
        rows_read,
        &row_errors,
        outcome,
        settings,
    )
    .await
}

/// A product row of a file.
fn product_record(row: KindRow, number: u64) -> Option<ProductImportRow> {
    let KindRow::Product(p) = row else {
        return None;
    };
    Some(ProductImportRow {
        row: number,
        product_number: p.product_number,
        name: p.name,
        product_group: p.product_group,
        unit: p.unit,
        list_price_cents: p.list_price.map(arvo_core::Money::cents),
        unit_cost_cents: p.unit_cost.map(arvo_core::Money::cents),
    })
}

/// Reads the whole file: its items, its rejected rows and the number of rows read.
async fn collect<T>(
    reading: &mut Reading<T>,
    progress: impl Fn(Progress),
) -> Result<(Vec<T>, Vec<RowError>, u64), AppError> {
    let (mut all, mut row_errors, mut rows_read) = (Vec::new(), Vec::new(), 0);
    while let Some((items, errors, read)) = reading.next().await? {
        all.extend(items);
        row_errors.extend(errors);
        rows_read = read.rows;
        progress(read);
    }
    progress(Progress::saving(rows_read));
    Ok((all, row_errors, rows_read))
}

/// Imports products from a CSV or XLSX file, keyed by product number: new numbers are added,
/// known ones take the values the file gives (prices, names, groups, units).
pub async fn import_products(
    store: &Store,
    actor: &Actor,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    let mut reading = start_reading(path, Kind::Products, mapping, product_record).await?;
    let (products, row_errors, rows_read) = collect(&mut reading, progress).await?;
    let mapped: Vec<String> = reading.columns.keys().cloned().collect();
    let outcome = store
        .import_products(
            &products,
            &mapped,
            &options(
                settings,
                &row_errors,
                rows_read,
                &file_name(settings, path),
                actor,
            ),
        )
        .await?;
    report(
        Kind::Products,
        path,
        &reading,
        rows_read,
        &row_errors,
        outcome,
        settings,
    )
    .await
}

/// An activity row of a file (a delivery, an invoice, service work, a visit or a return).
fn activity_record(row: KindRow, number: u64) -> Option<ActivityRecord> {
    use arvo_store::imports::Value;
    let text = |t: Option<String>| Value::Text(t);
    let cents = |m: Option<arvo_core::Money>| Value::Integer(m.map(arvo_core::Money::cents));
    let key_parts =
        |k: arvo_core::AccountKey| (k.customer_number, k.business_id.map(|b| b.to_string()));
    let (key, account, order_number, product_number, values) = match row {
        KindRow::Delivery(d) => (
            d.delivery_number,
            d.account,
            d.order_number,
            None,
            vec![Value::Date(Some(d.delivery_date))],
        ),
        KindRow::Invoice(i) => (
            i.invoice_number,
            i.account,
            None,
            None,
            vec![
                Value::Date(Some(i.invoice_date)),
                Value::Date(i.due_date),
                Value::Date(i.paid_date),
                cents(Some(i.amount)),
            ],
        ),
        KindRow::ServiceEntry(e) => (
            e.reference,
            e.account,
            None,
            None,
            vec![
                Value::Date(Some(e.date)),
                Value::Integer(Some(e.hours.0)),
                text(e.person),
                text(e.description),
            ],
        ),
        KindRow::Visit(v) => (
            v.reference,
            v.account,
            None,
            None,
            vec![Value::Date(Some(v.date)), text(v.person), text(v.purpose)],
        ),
        KindRow::Return(r) => (
            r.return_number,
            r.account,
            r.order_number,
            r.product_number,
            vec![
                Value::Date(Some(r.return_date)),
                Value::Integer(r.quantity.map(|q| q.0)),
                cents(Some(r.amount)),
                text(r.reason),
            ],
        ),
        _ => return None,
    };
    let (customer_number, business_id) = key_parts(account);
    Some(ActivityRecord {
        row: number,
        key,
        customer_number,
        business_id,
        order_number,
        product_number,
        values,
    })
}

/// The store's table for an activity kind of file.
fn activity_kind(kind: Kind) -> Option<&'static arvo_store::imports::ActivityKind> {
    use arvo_store::imports::{DELIVERIES, INVOICES, RETURNS, SERVICE_ENTRIES, VISITS};
    match kind {
        Kind::Deliveries => Some(&DELIVERIES),
        Kind::Invoices => Some(&INVOICES),
        Kind::ServiceHours => Some(&SERVICE_ENTRIES),
        Kind::Visits => Some(&VISITS),
        Kind::Returns => Some(&RETURNS),
        _ => None,
    }
}

/// Imports deliveries, invoices, service hours, visits or returns from a CSV or XLSX file, keyed
/// by their number or reference; each names its customer by customer number or business ID.
pub async fn import_activities(
    store: &Store,
    actor: &Actor,
    kind: Kind,
    path: &Path,
    mapping: Option<Mapping>,
    settings: &ImportSettings,
    progress: impl Fn(Progress),
) -> Result<ImportReport, AppError> {
    let Some(table) = activity_kind(kind) else {
        return Err(AppError::BadRequest(format!(
            "{} are not activity records",
            kind.as_str()
        )));
    };
    let mut reading = start_reading(path, kind, mapping, activity_record).await?;
    let (records, row_errors, rows_read) = collect(&mut reading, progress).await?;
    let outcome = store
        .import_activities(
            table,
            &records,
            &options(
                settings,
                &row_errors,
                rows_read,
                &file_name(settings, path),
                actor,
            ),
        )
        .await?;
    report(
        kind,
        path,
        &reading,
        rows_read,
        &row_errors,
        outcome,
        settings,
    )
    .await
}

/// The reader's and the store's rejections together, in file order, in the user's language.
fn rejections(
    lang: Lang,
    row_errors: &[RowError],
    outcome: &ImportOutcome,
    columns: &HashMap<String, String>,
) -> Vec<Rejection> {
    // The column is named beside the message, so the message itself does not repeat it.
    let message = |_: Option<&str>, _: &str, problem: &Problem| match lang {
        Lang::Fi => lang.problem("", problem),
        Lang::En => {
            let text = problem.english();
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                format!("{}{}.", first.to_uppercase(), chars.as_str())
            })
        }
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
