//! Backup and restore: a consistent, logical copy of the database that a restore loads into an
//! empty database of the same dialect.
//!
//! The archive is JSON lines, one value per line, and holds no SQL:
//!
//! ```text
//! {"format":"arvo-backup","format_version":1,"dialect":"sqlite","schema":[{"version":1,"name":"customer_master"},...],"created_at":"..."}
//! {"table":"accounts","columns":["id","version",...],"next_ids":{"id":43}}
//! [1,3,"company","Kone Oyj",...]
//! ...
//! {"end":{"accounts":42,"contacts":97,...}}
//! ```
//!
//! The header names the format and its version, the dialect the archive was taken from, the
//! schema's applied migrations and when the backup was taken. Each table follows in
//! [`BACKUP_TABLES`] order: a line with its name, its columns and the next value of each column
//! that a counter numbers (SQLite's `sqlite_sequence`, PostgreSQL's identity sequences), then one
//! JSON array per row. A value is `null`, an integer or a string: SQLite's values as stored,
//! PostgreSQL's non-integer values in their text form (timestamps in UTC), which casts back
//! exactly. The end line counts each table's rows, so a truncated archive is refused.
//!
//! A backup reads everything inside one read-only snapshot: on PostgreSQL a `REPEATABLE READ,
//! READ ONLY` transaction, on SQLite (in WAL mode) one read transaction on one connection, whose
//! snapshot its first read fixes. Writers carry on meanwhile and the archive shows the database
//! as it was at one moment. Rows are written as they are read, never all held in memory.
//!
//! A restore brings the schema up to date, refuses an archive of another dialect or another
//! schema version, and then, in one transaction, checks that every backed-up table is empty,
//! inserts the rows table by table in batches and moves every id counter past both the archived
//! counter and the largest id, so that new rows never reuse an id, not even one whose record was
//! deleted before the backup but whose history stayed.

use crate::{Backend, Dialect, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Arguments, PgConnection, Row, SqliteConnection, TypeInfo, ValueRef};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};

/// The tables a backup copies, in an order in which loading them one after another satisfies
/// every foreign key: a table comes after every table it references. A migration that adds a
/// table adds it here or to [`NOT_BACKED_UP`]; a test fails until it does.
pub const BACKUP_TABLES: &[&str] = &[
    "accounts",
    "account_tags",
    "account_search",
    "contacts",
    "consent_events",
    "custom_field_defs",
    "history",
    "duplicate_dismissals",
    "account_merges",
    "product_groups",
    "products",
    "orders",
    "order_lines",
    "purchase_days",
    "purchase_histories",
    "deliveries",
    "invoices",
    "service_entries",
    "visits",
    "returns",
    "cost_pools",
    "ratings",
    "account_segments",
    "segment_history",
    "encounters",
    "encounter_participants",
    "tasks",
    "care_decisions",
    "account_plans",
    "account_plan_goals",
    "account_plan_actions",
    "account_plan_script",
    "targets",
    "care_runs",
    "care_run_adherence",
    "import_mappings",
    "imports",
    "teams",
    "users",
    "api_tokens",
    "calendar_feeds",
    "settings",
    "audit_events",
];

/// The tables a backup leaves out, each with the reason its rows need not survive a restore.
pub const NOT_BACKED_UP: &[(&str, &str)] = &[
    (
        "arvo_migrations",
        "the migration ledger: a restore brings the schema up to date itself, and the archive's \
         header records the migrations it was taken at",
    ),
    (
        "sessions",
        "signed-in sessions: a restored database starts with everyone signed out",
    ),
    (
        "login_failures",
        "recent failed sign-ins, kept only for the lock-out window",
    ),
];

/// The name in every archive's header.
const FORMAT: &str = "arvo-backup";

/// The version of the archive format this program writes and the newest it reads.
const FORMAT_VERSION: u32 = 1;

/// What a backup wrote or a restore loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSummary {
    /// The dialect of the database the archive was taken from.
    pub dialect: Dialect,
    /// The newest migration the archive's schema had.
    pub schema_version: i64,
    /// Each table's name and number of rows, in archive order.
    pub rows: Vec<(String, u64)>,
}

impl ArchiveSummary {
    /// The number of rows of all tables together.
    pub fn total_rows(&self) -> u64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

impl Store {
    /// Writes a consistent copy of the database to `out`, while other connections keep reading
    /// and writing. The writer should be buffered: the archive is written a line at a time. The
    /// database is only read; its schema is not migrated.
    pub async fn backup<W: Write + Send>(&self, out: W) -> Result<ArchiveSummary> {
        let mut out = ArchiveWriter::new(out);
        let dialect = match &self.backend {
            Backend::Sqlite(pool) => {
                backup_sqlite(&mut *pool.acquire().await?, &mut out).await?;
                Dialect::Sqlite
            }
            Backend::Postgres(pool) => {
                backup_postgres(&mut *pool.acquire().await?, &mut out).await?;
                Dialect::Postgres
            }
        };
        let schema_version = out.schema_version;
        Ok(ArchiveSummary {
            dialect,
            schema_version,
            rows: out.finish()?,
        })
    }

    /// Loads an archive that [`Store::backup`] wrote into this database, which must be empty
    /// and of the archive's dialect. The schema is brought up to date first and must then be at
    /// the archive's migrations. Everything is loaded in one transaction: a refused or broken
    /// archive leaves the data as it was.
    pub async fn restore<R: BufRead + Send>(&self, input: R) -> Result<ArchiveSummary> {
        let mut reader = ArchiveReader::new(input);
        let header = reader.header()?;
        let archive_dialect = header.dialect;
        let here = self.dialect();
        if archive_dialect != here {
            return Err(StoreError::Archive(format!(
                "the archive was taken from a {} database and can only be restored into {}; \
                 this database is {}",
                dialect_label(archive_dialect),
                dialect_label(archive_dialect),
                dialect_label(here)
            )));
        }
        // The archive must fit this program's migrations before the database is touched: a
        // refused restore leaves even an unmigrated database as it was.
        check_schema(&header.schema, &crate::migrate::known(here))?;
        self.migrate().await?;
        let mut loader = Loader::new(reader);
        match &self.backend {
            Backend::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                check_schema(&header.schema, &sqlite_schema(&mut tx).await?)?;
                restore_sqlite(&mut tx, &mut loader).await?;
                tx.commit().await?;
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                check_schema(&header.schema, &postgres_schema(&mut tx).await?)?;
                restore_postgres(&mut tx, &mut loader).await?;
                tx.commit().await?;
            }
        }
        Ok(ArchiveSummary {
            dialect: archive_dialect,
            schema_version: newest(&header.schema),
            rows: loader.counts,
        })
    }

    fn dialect(&self) -> Dialect {
        match &self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The archive's lines.

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    format: String,
    format_version: u32,
    dialect: Dialect,
    schema: Vec<SchemaVersion>,
    created_at: DateTime<Utc>,
}

/// One applied migration, as the `arvo_migrations` ledger records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub(crate) struct SchemaVersion {
    pub(crate) version: i64,
    pub(crate) name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TableStart {
    table: String,
    columns: Vec<String>,
    /// For each column that a counter numbers, the value the counter gives next.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    next_ids: BTreeMap<String, i64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct End {
    end: BTreeMap<String, u64>,
}

/// A value that is not NULL: the archive keeps integers as JSON numbers and everything else as
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
enum Cell {
    Int(i64),
    Text(String),
}

/// One row's values, in its table line's column order.
type Values = Vec<Option<Cell>>;

fn dialect_label(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => "SQLite",
        Dialect::Postgres => "PostgreSQL",
    }
}

fn newest(schema: &[SchemaVersion]) -> i64 {
    schema.iter().map(|v| v.version).max().unwrap_or(0)
}

/// Writes an archive a line at a time and counts each table's rows.
struct ArchiveWriter<W> {
    out: W,
    counts: Vec<(String, u64)>,
    schema_version: i64,
}

impl<W: Write> ArchiveWriter<W> {
    fn new(out: W) -> Self {
        Self {
            out,
            counts: Vec::new(),
            schema_version: 0,
        }
    }

    fn line(&mut self, value: &impl Serialize) -> Result<()> {
        serde_json::to_writer(&mut self.out, value).map_err(std::io::Error::from)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn header(&mut self, dialect: Dialect, schema: Vec<SchemaVersion>) -> Result<()> {
        self.schema_version = newest(&schema);
        self.line(&Header {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            dialect,
            schema,
            created_at: Utc::now(),
        })
    }

    fn table(&mut self, start: &TableStart) -> Result<()> {
        self.counts.push((start.table.clone(), 0));
        self.line(start)
    }

    fn row(&mut self, values: &Values) -> Result<()> {
        self.line(values)?;
        if let Some((_, n)) = self.counts.last_mut() {
            *n += 1;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<(String, u64)>> {
        let end = End {
            end: self.counts.iter().cloned().collect(),
        };
        self.line(&end)?;
        self.out.flush()?;
        Ok(self.counts)
    }
}

/// One line of an archive after its header.
enum Item {
    Table(TableStart),
    Row(Values),
    End(BTreeMap<String, u64>),
}

/// Reads an archive a line at a time.
struct ArchiveReader<R> {
    input: R,
    line: String,
    number: u64,
}

impl<R: BufRead> ArchiveReader<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            line: String::new(),
            number: 0,
        }
    }

    /// Reads the next line into `self.line`; false at the end of the input.
    fn read(&mut self) -> Result<bool> {
        self.line.clear();
        if self.input.read_line(&mut self.line)? == 0 {
            return Ok(false);
        }
        self.number += 1;
        let content = self.line.trim_end_matches(['\n', '\r']).len();
        self.line.truncate(content);
        Ok(true)
    }

    fn bad(&self, what: impl std::fmt::Display) -> StoreError {
        StoreError::Archive(format!("line {} of the archive {what}", self.number))
    }

    fn header(&mut self) -> Result<Header> {
        if !self.read()? {
            return Err(StoreError::Archive("the archive is empty".into()));
        }
        let value: serde_json::Value = serde_json::from_str(&self.line).map_err(|_| {
            StoreError::Archive(format!(
                "this is not an Arvo backup: its first line is not a {FORMAT} header"
            ))
        })?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(StoreError::Archive(format!(
                "this is not an Arvo backup: its first line is not a {FORMAT} header"
            )));
        }
        let version = value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        if version > u64::from(FORMAT_VERSION) {
            return Err(StoreError::Archive(format!(
                "the archive is in format version {version}, newer than the version \
                 {FORMAT_VERSION} this arvo reads; restore it with a newer arvo"
            )));
        }
        serde_json::from_value(value)
            .map_err(|e| self.bad(format_args!("is not a valid header: {e}")))
    }

    /// The next line, or `None` at the end of the input.
    fn next(&mut self) -> Result<Option<Item>> {
        if !self.read()? {
            return Ok(None);
        }
        if self.line.starts_with('[') {
            let values = serde_json::from_str(&self.line).map_err(|e| {
                self.bad(format_args!(
                    "is not a valid row (each value must be null, an integer or a string): {e}"
                ))
            })?;
            return Ok(Some(Item::Row(values)));
        }
        let value: serde_json::Value = serde_json::from_str(&self.line)
            .map_err(|e| self.bad(format_args!("is not valid JSON: {e}")))?;
        if let Some(end) = value.get("end") {
            let counts = serde_json::from_value(end.clone())
                .map_err(|e| self.bad(format_args!("is not a valid end line: {e}")))?;
            return Ok(Some(Item::End(counts)));
        }
        let start = serde_json::from_value(value)
            .map_err(|e| self.bad(format_args!("is neither a table line nor a row: {e}")))?;
        Ok(Some(Item::Table(start)))
    }
}

/// What a restore does next.
enum Step {
    Table(TableStart),
    Rows(Vec<Values>),
    End,
}

/// Checks an archive's tables and rows as it reads them and hands them out in batches.
struct Loader<R> {
    reader: ArchiveReader<R>,
    /// The tables read so far with their rows, in archive order.
    counts: Vec<(String, u64)>,
    /// Each table's archived counters.
    next_ids: Vec<(String, BTreeMap<String, i64>)>,
    columns: usize,
    /// A table line read while a batch of the previous table's rows was being filled.
    pending: Option<TableStart>,
    /// Whether the end line has been read and checked.
    ended: bool,
}

impl<R: BufRead> Loader<R> {
    fn new(reader: ArchiveReader<R>) -> Self {
        Self {
            reader,
            counts: Vec::new(),
            next_ids: Vec::new(),
            columns: 0,
            pending: None,
            ended: false,
        }
    }

    /// The next table, the next batch of at most `max_rows` rows of the current table, or the
    /// end, once the end line's counts have been checked.
    fn next(&mut self, max_rows: usize) -> Result<Step> {
        if let Some(start) = self.pending.take() {
            return self.start(start);
        }
        if self.ended {
            return Ok(Step::End);
        }
        let mut rows = Vec::new();
        loop {
            let item = self.reader.next()?;
            match item {
                Some(Item::Row(values)) => {
                    let Some((table, n)) = self.counts.last_mut() else {
                        return Err(self.reader.bad("is a row before any table line"));
                    };
                    if values.len() != self.columns {
                        let (table, columns) = (table.clone(), self.columns);
                        return Err(self.reader.bad(format_args!(
                            "has {} values, but the table {table} has {columns} columns",
                            values.len()
                        )));
                    }
                    *n += 1;
                    rows.push(values);
                    if rows.len() >= max_rows {
                        return Ok(Step::Rows(rows));
                    }
                }
                Some(Item::Table(start)) if rows.is_empty() => return self.start(start),
                Some(Item::Table(start)) => {
                    self.pending = Some(start);
                    return Ok(Step::Rows(rows));
                }
                Some(Item::End(counts)) => {
                    self.end(&counts)?;
                    self.ended = true;
                    return Ok(if rows.is_empty() {
                        Step::End
                    } else {
                        Step::Rows(rows)
                    });
                }
                None if rows.is_empty() => {
                    return Err(StoreError::Archive(
                        "the archive ends before its end line: it is incomplete".into(),
                    ));
                }
                None => return Ok(Step::Rows(rows)),
            }
        }
    }

    fn start(&mut self, start: TableStart) -> Result<Step> {
        if !BACKUP_TABLES.contains(&start.table.as_str()) {
            return Err(self.reader.bad(format_args!(
                "names the table {:?}, which this arvo does not restore",
                start.table
            )));
        }
        if self.counts.iter().any(|(t, _)| *t == start.table) {
            return Err(self.reader.bad(format_args!(
                "names the table {} a second time",
                start.table
            )));
        }
        self.columns = start.columns.len();
        self.counts.push((start.table.clone(), 0));
        self.next_ids
            .push((start.table.clone(), start.next_ids.clone()));
        Ok(Step::Table(start))
    }

    /// Checks the end line's counts against the rows read and that nothing follows it.
    fn end(&mut self, counts: &BTreeMap<String, u64>) -> Result<()> {
        let read: BTreeMap<String, u64> = self.counts.iter().cloned().collect();
        if &read != counts {
            return Err(self.reader.bad(format_args!(
                "counts rows {counts:?}, but the archive holds {read:?}: it is damaged"
            )));
        }
        if let Some(missing) = BACKUP_TABLES.iter().find(|t| !read.contains_key(**t)) {
            return Err(StoreError::Archive(format!(
                "the archive has no table {missing}, which this arvo restores"
            )));
        }
        while self.reader.read()? {
            if !self.reader.line.trim().is_empty() {
                return Err(self.reader.bad("follows the archive's end line"));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both dialects.

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Refuses a database whose tables the lists do not describe: a table in neither list would be
/// lost silently, and a missing table means a schema older than this program's.
fn check_coverage(tables: &[String]) -> Result<()> {
    if !tables.iter().any(|t| t == "arvo_migrations") {
        return Err(StoreError::Archive(
            "the database has no Arvo schema (it has no arvo_migrations table); there is \
             nothing to back up"
                .into(),
        ));
    }
    let known = |t: &str| BACKUP_TABLES.contains(&t) || NOT_BACKED_UP.iter().any(|(n, _)| *n == t);
    if let Some(t) = tables.iter().find(|t| !known(t)) {
        return Err(StoreError::Archive(format!(
            "the database has a table {t:?} that this arvo's backup does not cover (it is in \
             neither BACKUP_TABLES nor NOT_BACKED_UP); back it up with the arvo release whose \
             migration created it"
        )));
    }
    if let Some(t) = BACKUP_TABLES
        .iter()
        .find(|t| !tables.iter().any(|n| n == *t))
    {
        return Err(StoreError::Archive(format!(
            "the database has no table {t:?}: its schema is older than this arvo's; bring it \
             up to date first (arvo migrate), or back it up with the arvo release that manages it"
        )));
    }
    Ok(())
}

/// Accepts an archive only at exactly the migrations this database has after migrating.
fn check_schema(archive: &[SchemaVersion], here: &[SchemaVersion]) -> Result<()> {
    let (archived, current) = (newest(archive), newest(here));
    if let Some(v) = archive
        .iter()
        .find(|v| !here.iter().any(|h| h.version == v.version))
    {
        return Err(StoreError::Archive(format!(
            "the archive was taken at schema version {archived}, newer than this arvo's \
             {current} (it has migration {} ({}), which this arvo does not know); restore it \
             with the arvo release that took it or a newer one",
            v.version, v.name
        )));
    }
    if let Some(v) = here
        .iter()
        .find(|h| !archive.iter().any(|a| a.version == h.version))
    {
        return Err(StoreError::Archive(format!(
            "the archive was taken at schema version {archived}, older than this arvo's \
             {current} (it lacks migration {} ({})); restore it with the arvo release that took \
             it, then start this release on that database so that its migrations bring the data \
             up to date",
            v.version, v.name
        )));
    }
    Ok(())
}

fn not_empty(table: &str) -> StoreError {
    StoreError::Archive(format!(
        "a restore needs an empty database, but the table {table} already has rows; restore \
         into a new database"
    ))
}

fn column_mismatch(table: &str, archived: &[String], here: &[String]) -> StoreError {
    StoreError::Archive(format!(
        "the archive's table {table} has the columns {archived:?}, but this database's has \
         {here:?}"
    ))
}

/// Whether the archive names exactly the table's columns (in any order).
fn same_columns(archived: &[String], here: &[String]) -> bool {
    let mut a: Vec<&String> = archived.iter().collect();
    let mut b: Vec<&String> = here.iter().collect();
    a.sort();
    b.sort();
    a == b
}

/// The `ORDER BY` list that reads a table in primary key order, or, without a primary key, by
/// every selected value in turn. Either way the order depends only on the data, not on where the
/// rows lie on disk, so a restored database backs up to the same archive.
fn key_order(columns: &[Column]) -> String {
    let mut key: Vec<&Column> = columns.iter().filter(|c| c.key_position > 0).collect();
    key.sort_by_key(|c| c.key_position);
    if key.is_empty() {
        return (1..=columns.len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ");
    }
    key.iter()
        .map(|c| quoted(&c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One column of a table, from the catalog.
struct Column {
    name: String,
    /// The column's place in the primary key, from 1; 0 outside it.
    key_position: i64,
    /// PostgreSQL: the column's type, as a cast names it (`timestamp with time zone`).
    type_name: String,
    /// PostgreSQL: whether the column holds integers, which the archive keeps as numbers.
    integer: bool,
    /// PostgreSQL: the identity or serial sequence that numbers the column.
    sequence: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// SQLite.

pub(crate) async fn sqlite_tables(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         ORDER BY name",
    )
    .fetch_all(conn)
    .await?)
}

async fn sqlite_schema(conn: &mut SqliteConnection) -> Result<Vec<SchemaVersion>> {
    Ok(
        sqlx::query_as("SELECT version, name FROM arvo_migrations ORDER BY version")
            .fetch_all(conn)
            .await?,
    )
}

async fn sqlite_columns(conn: &mut SqliteConnection, table: &str) -> Result<Vec<Column>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT name, pk FROM pragma_table_info($1) ORDER BY cid")
            .bind(table)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(name, key_position)| Column {
            name,
            key_position,
            type_name: String::new(),
            integer: false,
            sequence: None,
        })
        .collect())
}

/// The column a table's `sqlite_sequence` counter numbers: its single primary key column.
fn sqlite_counted_column(columns: &[Column]) -> Option<&str> {
    match columns
        .iter()
        .filter(|c| c.key_position > 0)
        .collect::<Vec<_>>()[..]
    {
        [one] => Some(&one.name),
        _ => None,
    }
}

async fn backup_sqlite<W: Write>(
    conn: &mut SqliteConnection,
    out: &mut ArchiveWriter<W>,
) -> Result<()> {
    use sqlx::Connection;
    let mut tx = conn.begin().await?;
    // A deferred transaction's snapshot starts at its first read, this one of the catalog; every
    // later statement runs on the same connection in the same transaction and sees the database
    // as it was then, whatever other connections commit meanwhile (WAL mode lets them write).
    let tables = sqlite_tables(&mut tx).await?;
    check_coverage(&tables)?;
    let schema = sqlite_schema(&mut tx).await?;
    out.header(Dialect::Sqlite, schema)?;
    for table in BACKUP_TABLES {
        let columns = sqlite_columns(&mut tx, table).await?;
        let mut next_ids = BTreeMap::new();
        // `check_coverage` requires `accounts`, an AUTOINCREMENT table, so `sqlite_sequence`
        // exists.
        if let Some(column) = sqlite_counted_column(&columns) {
            let seq: Option<i64> =
                sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = $1")
                    .bind(table)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(seq) = seq {
                next_ids.insert(column.to_owned(), seq + 1);
            }
        }
        out.table(&TableStart {
            table: (*table).to_owned(),
            columns: columns.iter().map(|c| c.name.clone()).collect(),
            next_ids,
        })?;
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {}",
            columns
                .iter()
                .map(|c| quoted(&c.name))
                .collect::<Vec<_>>()
                .join(", "),
            quoted(table),
            key_order(&columns)
        );
        let mut rows = sqlx::query(&sql).fetch(&mut *tx);
        while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
            out.row(&sqlite_values(&row?, table, &columns)?)?;
        }
    }
    tx.rollback().await?;
    Ok(())
}

/// A row's values as SQLite stores them: each value by its own storage class, not its column's
/// declared type.
fn sqlite_values(row: &sqlx::sqlite::SqliteRow, table: &str, columns: &[Column]) -> Result<Values> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, column) in columns.iter().enumerate() {
        let raw = row.try_get_raw(i)?;
        if raw.is_null() {
            values.push(None);
            continue;
        }
        let class = raw.type_info().name().to_owned();
        let cell = match class.as_str() {
            "INTEGER" => Cell::Int(row.try_get_unchecked(i)?),
            "TEXT" => Cell::Text(row.try_get_unchecked(i)?),
            other => {
                return Err(StoreError::Archive(format!(
                    "the column {table}.{} holds a {other} value; an archive keeps only \
                     integers, text and NULL",
                    column.name
                )));
            }
        };
        values.push(Some(cell));
    }
    Ok(values)
}

async fn restore_sqlite<R: BufRead>(
    tx: &mut SqliteConnection,
    loader: &mut Loader<R>,
) -> Result<()> {
    // The transaction began with BEGIN IMMEDIATE and holds the write lock, so no other writer
    // can add rows between this check and the inserts.
    for table in BACKUP_TABLES {
        let row: Option<i32> =
            sqlx::query_scalar(&format!("SELECT 1 FROM {} LIMIT 1", quoted(table)))
                .fetch_optional(&mut *tx)
                .await?;
        if row.is_some() {
            return Err(not_empty(table));
        }
    }
    let mut insert = String::new();
    let mut columns = 0;
    let mut table = String::new();
    loop {
        // SQLite allows 32766 bound values in one statement.
        let max_rows = (30_000 / columns.max(1)).clamp(1, 500);
        match loader.next(max_rows)? {
            Step::Table(start) => {
                let here: Vec<String> = sqlite_columns(tx, &start.table)
                    .await?
                    .into_iter()
                    .map(|c| c.name)
                    .collect();
                if !same_columns(&start.columns, &here) {
                    return Err(column_mismatch(&start.table, &start.columns, &here));
                }
                insert = format!(
                    "INSERT INTO {} ({}) VALUES ",
                    quoted(&start.table),
                    start
                        .columns
                        .iter()
                        .map(|c| quoted(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                columns = start.columns.len();
                table = start.table;
            }
            Step::Rows(rows) => {
                let mut sql = insert.clone();
                let mut args = sqlx::sqlite::SqliteArguments::default();
                for (r, values) in rows.into_iter().enumerate() {
                    sql.push_str(if r == 0 { "(" } else { ", (" });
                    for (c, value) in values.into_iter().enumerate() {
                        if c > 0 {
                            sql.push_str(", ");
                        }
                        let added = match value {
                            None => args.add(None::<i64>),
                            Some(Cell::Int(i)) => args.add(i),
                            Some(Cell::Text(s)) => args.add(s),
                        };
                        added.map_err(sqlx::Error::Encode)?;
                        sql.push('$');
                        sql.push_str(&args.len().to_string());
                    }
                    sql.push(')');
                }
                sqlx::query_with(&sql, args)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| load_failed(&table, e))?;
            }
            Step::End => break,
        }
    }
    // Inserting explicit ids already moved each AUTOINCREMENT counter up to the largest id; the
    // archived counter may be further on, past ids of rows deleted before the backup.
    for (table, next_ids) in &loader.next_ids {
        for next in next_ids.values() {
            let done = sqlx::query("UPDATE sqlite_sequence SET seq = MAX(seq, $2) WHERE name = $1")
                .bind(table)
                .bind(next - 1)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
                    .bind(table)
                    .bind(next - 1)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    Ok(())
}

/// A database error while loading a table's rows, naming the table.
fn load_failed(table: &str, e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::Database(db) => StoreError::Archive(format!(
            "the archive's rows of the table {table} could not be loaded: {}",
            db.message()
        )),
        other => StoreError::Database(other),
    }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL.

/// The session settings under which values' text forms are read and written: timestamps in UTC
/// and ISO style, floating-point numbers with every digit.
const POSTGRES_SETTINGS: &str = "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; \
     SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 3";

pub(crate) async fn postgres_tables(conn: &mut PgConnection) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(conn)
    .await?)
}

async fn postgres_schema(conn: &mut PgConnection) -> Result<Vec<SchemaVersion>> {
    Ok(
        sqlx::query_as("SELECT version, name FROM arvo_migrations ORDER BY version")
            .fetch_all(conn)
            .await?,
    )
}

async fn postgres_columns(conn: &mut PgConnection, table: &str) -> Result<Vec<Column>> {
    let rows: Vec<(String, String, bool, i64, Option<String>)> = sqlx::query_as(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), \
                a.atttypid IN ('int2'::regtype::oid, 'int4'::regtype::oid, 'int8'::regtype::oid), \
                COALESCE(array_position(i.indkey::int2[], a.attnum) \
                         - array_lower(i.indkey::int2[], 1) + 1, 0)::bigint, \
                pg_get_serial_sequence(quote_ident($1), a.attname::text) \
         FROM pg_attribute a \
         LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary \
         WHERE a.attrelid = to_regclass(quote_ident($1)) AND a.attnum > 0 \
           AND NOT a.attisdropped AND a.attgenerated = '' \
         ORDER BY a.attnum",
    )
    .bind(table)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(name, type_name, integer, key_position, sequence)| Column {
                name,
                key_position,
                type_name,
                integer,
                sequence,
            },
        )
        .collect())
}

async fn backup_postgres<W: Write>(
    conn: &mut PgConnection,
    out: &mut ArchiveWriter<W>,
) -> Result<()> {
    use sqlx::Connection;
    let mut tx = conn
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    sqlx::raw_sql(POSTGRES_SETTINGS).execute(&mut *tx).await?;
    // The snapshot is taken by the first query, this one of the catalog; every later read in the
    // transaction sees the database as it was then, whatever other sessions commit meanwhile.
    let tables = postgres_tables(&mut tx).await?;
    check_coverage(&tables)?;
    let schema = postgres_schema(&mut tx).await?;
    out.header(Dialect::Postgres, schema)?;
    for table in BACKUP_TABLES {
        let columns = postgres_columns(&mut tx, table).await?;
        // Sequences stand outside transactions: the value read now is at least the one of the
        // snapshot, so every id the archive holds stays below it.
        let mut next_ids = BTreeMap::new();
        for column in &columns {
            if let Some(sequence) = &column.sequence {
                let (last, called): (i64, bool) =
                    sqlx::query_as(&format!("SELECT last_value, is_called FROM {sequence}"))
                        .fetch_one(&mut *tx)
                        .await?;
                next_ids.insert(column.name.clone(), if called { last + 1 } else { last });
            }
        }
        out.table(&TableStart {
            table: (*table).to_owned(),
            columns: columns.iter().map(|c| c.name.clone()).collect(),
            next_ids,
        })?;
        let select = columns
            .iter()
            .map(|c| {
                if c.integer {
                    format!("{}::bigint", quoted(&c.name))
                } else {
                    format!("{}::text", quoted(&c.name))
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {select} FROM {} ORDER BY {}",
            quoted(table),
            key_order(&columns)
        );
        let mut rows = sqlx::query(&sql).fetch(&mut *tx);
        while let Some(row) = std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await {
            let row = row?;
            let mut values = Vec::with_capacity(columns.len());
            for (i, column) in columns.iter().enumerate() {
                values.push(if column.integer {
                    row.try_get::<Option<i64>, _>(i)?.map(Cell::Int)
                } else {
                    row.try_get::<Option<String>, _>(i)?.map(Cell::Text)
                });
            }
            out.row(&values)?;
        }
    }
    tx.rollback().await?;
    Ok(())
}

async fn restore_postgres<R: BufRead>(tx: &mut PgConnection, loader: &mut Loader<R>) -> Result<()> {
    sqlx::raw_sql(POSTGRES_SETTINGS).execute(&mut *tx).await?;
    // Other sessions may still read but no longer write these tables until the restore ends, so
    // none can add rows between this check and the inserts.
    let all = BACKUP_TABLES
        .iter()
        .map(|t| quoted(t))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query(&format!("LOCK TABLE {all} IN SHARE ROW EXCLUSIVE MODE"))
        .execute(&mut *tx)
        .await?;
    for table in BACKUP_TABLES {
        let row: Option<i32> =
            sqlx::query_scalar(&format!("SELECT 1 FROM {} LIMIT 1", quoted(table)))
                .fetch_optional(&mut *tx)
                .await?;
        if row.is_some() {
            return Err(not_empty(table));
        }
    }
    let mut insert = String::new();
    let mut table = String::new();
    loop {
        match loader.next(1000)? {
            Step::Table(start) => {
                let here = postgres_columns(tx, &start.table).await?;
                let names: Vec<String> = here.iter().map(|c| c.name.clone()).collect();
                if !same_columns(&start.columns, &names) {
                    return Err(column_mismatch(&start.table, &start.columns, &names));
                }
                // Each batch of rows is one JSON array bound as one parameter; each value is cast
                // from its text form back to its column's type.
                let values = start
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let column = here
                            .iter()
                            .find(|c| &c.name == name)
                            .map_or("text", |c| c.type_name.as_str());
                        format!("(r.v ->> {i})::{column}")
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                insert = format!(
                    "INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE SELECT {values} \
                     FROM json_array_elements($1::json) AS r(v)",
                    quoted(&start.table),
                    start
                        .columns
                        .iter()
                        .map(|c| quoted(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                table = start.table;
            }
            Step::Rows(rows) => {
                let batch = serde_json::to_string(&rows).map_err(std::io::Error::from)?;
                sqlx::query(&insert)
                    .bind(batch)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| load_failed(&table, e))?;
            }
            Step::End => break,
        }
    }
    // Explicit ids leave the sequences where they were; each moves past both its archived value
    // and the largest id. (setval is not undone by a rollback, which at worst skips some ids.)
    for (table, next_ids) in &loader.next_ids {
        for column in postgres_columns(tx, table).await? {
            let Some(sequence) = column.sequence else {
                continue;
            };
            let archived = next_ids.get(&column.name).copied().unwrap_or(1);
            sqlx::query(&format!(
                "SELECT setval($1::regclass, GREATEST(COALESCE(MAX({}), 0) + 1, $2), false) FROM {}",
                quoted(&column.name),
                quoted(table)
            ))
            .bind(sequence)
            .bind(archived)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}
