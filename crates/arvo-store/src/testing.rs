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
