//! Fresh databases for tests. The same test runs on SQLite by default and on PostgreSQL when
//! `ARVO_TEST_DATABASE_URL` names a server; each call gets a database of its own.

use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("arvo_test_{}_{n}_{nanos}", std::process::id())
}

/// The URL of a new, empty database: a temporary SQLite file, or a new database created on the
/// PostgreSQL server `ARVO_TEST_DATABASE_URL` names.
pub async fn fresh_database_url() -> String {
    use sqlx::Connection;
    let name = unique_name();
    let Some(server) = std::env::var("ARVO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        let path = std::env::temp_dir().join(format!("{name}.db"));
        return format!("sqlite://{}", path.display());
    };
    let mut conn = sqlx::PgConnection::connect(&server)
        .await
        .expect("connect to ARVO_TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    conn.close().await.ok();
    let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

/// Opens a database with its schema brought only up to migration `version`, as an older release
/// left it, so that a test can fill it and check what a later migration makes of the data.
pub async fn open_at_version(url: &str, version: i64) -> crate::Store {
    let store = crate::Store::connect(url).await.expect("connect");
    match &store.backend {
        crate::Backend::Sqlite(pool) => crate::migrate::run_sqlite(pool, Some(version)).await,
        crate::Backend::Postgres(pool) => crate::migrate::run_postgres(pool, Some(version)).await,
    }
    .expect("migrate to the given version");
    store
}

/// Runs SQL statements as they are, for tests that set up data an older schema held.
pub async fn execute(store: &crate::Store, sql: &str) {
    match &store.backend {
        crate::Backend::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        crate::Backend::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
    }
    .expect("execute SQL");
}

/// Marks every account's search signature as not yet computed, as the migration that introduced
/// signatures leaves existing accounts, so that a test can check they are computed again.
pub async fn forget_search_signatures(store: &crate::Store) {
    let sql = "UPDATE accounts SET search_sig = -1";
    match &store.backend {
        crate::Backend::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(drop),
        crate::Backend::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(drop),
    }
    .expect("forget search signatures");
}

/// How many accounts carry the "signature not yet computed" mark.
pub async fn unsigned_accounts(store: &crate::Store) -> i64 {
    let sql = "SELECT COUNT(*) FROM accounts WHERE search_sig = -1";
    match &store.backend {
        crate::Backend::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        crate::Backend::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .expect("count unsigned accounts")
}

/// One table of the live schema, as the database's catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaTable {
    pub name: String,
    /// The tables its foreign keys reference (itself included, when it does).
    pub references: Vec<String>,
}

/// The tables of the live schema and the tables each references, from the catalog
/// (`sqlite_master`, PostgreSQL's `information_schema` and `pg_constraint`). SQLite's own
/// tables (`sqlite_sequence`) are left out.
pub async fn schema_tables(store: &crate::Store) -> crate::Result<Vec<SchemaTable>> {
    let mut out = Vec::new();
    match &store.backend {
        crate::Backend::Sqlite(pool) => {
            let mut conn = pool.acquire().await?;
            for name in crate::backup::sqlite_tables(&mut conn).await? {
                let references = sqlx::query_scalar(
                    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
                out.push(SchemaTable { name, references });
            }
        }
        crate::Backend::Postgres(pool) => {
            let mut conn = pool.acquire().await?;
            for name in crate::backup::postgres_tables(&mut conn).await? {
                let references = sqlx::query_scalar(
                    "SELECT DISTINCT c.relname::text FROM pg_constraint k \
                     JOIN pg_class c ON c.oid = k.confrelid \
                     WHERE k.contype = 'f' AND k.conrelid = to_regclass(quote_ident($1))",
                )
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
                out.push(SchemaTable { name, references });
            }
        }
    }
    Ok(out)
}
