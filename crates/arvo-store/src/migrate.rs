//! Schema migrations: one numbered tree of SQL files per dialect, embedded in the binary and
//! applied in order inside a transaction. Each applied file's checksum is recorded; a file changed
//! after it was applied stops the start-up with a clear error instead of drifting silently.

use crate::{Result, StoreError};
use sqlx::{PgPool, SqlitePool};

struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "customer_master",
        sql: include_str!("../migrations/sqlite/0001_customer_master.sql"),
    },
    Migration {
        version: 2,
        name: "search_signature",
        sql: include_str!("../migrations/sqlite/0002_search_signature.sql"),
    },
    Migration {
        version: 3,
        name: "users_and_audit",
        sql: include_str!("../migrations/sqlite/0003_users_and_audit.sql"),
    },
    Migration {
        version: 4,
        name: "personal_data",
        sql: include_str!("../migrations/sqlite/0004_personal_data.sql"),
    },
    Migration {
        version: 5,
        name: "purchases",
        sql: include_str!("../migrations/sqlite/0005_purchases.sql"),
    },
    Migration {
        version: 6,
        name: "value_analysis",
        sql: include_str!("../migrations/sqlite/0006_value_analysis.sql"),
    },
    Migration {
        version: 7,
        name: "purchase_days",
        sql: include_str!("../migrations/sqlite/0007_purchase_days.sql"),
    },
    Migration {
        version: 8,
        name: "analysis_reads",
        sql: include_str!("../migrations/sqlite/0008_analysis_reads.sql"),
    },
    Migration {
        version: 9,
        name: "care",
        sql: include_str!("../migrations/sqlite/0009_care.sql"),
    },
    Migration {
        version: 10,
        name: "account_plans",
        sql: include_str!("../migrations/sqlite/0010_account_plans.sql"),
    },
    Migration {
        version: 11,
        name: "targets",
        sql: include_str!("../migrations/sqlite/0011_targets.sql"),
    },
];

const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "customer_master",
        sql: include_str!("../migrations/postgres/0001_customer_master.sql"),
    },
    Migration {
        version: 2,
        name: "search_signature",
        sql: include_str!("../migrations/postgres/0002_search_signature.sql"),
    },
    Migration {
        version: 3,
        name: "users_and_audit",
        sql: include_str!("../migrations/postgres/0003_users_and_audit.sql"),
    },
    Migration {
        version: 4,
        name: "personal_data",
        sql: include_str!("../migrations/postgres/0004_personal_data.sql"),
    },
    Migration {
        version: 5,
        name: "purchases",
        sql: include_str!("../migrations/postgres/0005_purchases.sql"),
    },
    Migration {
        version: 6,
        name: "value_analysis",
        sql: include_str!("../migrations/postgres/0006_value_analysis.sql"),
    },
    Migration {
        version: 7,
        name: "purchase_days",
        sql: include_str!("../migrations/postgres/0007_purchase_days.sql"),
    },
    Migration {
        version: 8,
        name: "analysis_reads",
        sql: include_str!("../migrations/postgres/0008_analysis_reads.sql"),
    },
    Migration {
        version: 9,
        name: "care",
        sql: include_str!("../migrations/postgres/0009_care.sql"),
    },
    Migration {
        version: 10,
        name: "account_plans",
        sql: include_str!("../migrations/postgres/0010_account_plans.sql"),
    },
    Migration {
        version: 11,
        name: "targets",
        sql: include_str!("../migrations/postgres/0011_targets.sql"),
    },
];

/// The migrations this program knows for a dialect, as the ledger records them.
pub(crate) fn known(dialect: crate::Dialect) -> Vec<crate::backup::SchemaVersion> {
    let list = match dialect {
        crate::Dialect::Sqlite => SQLITE,
        crate::Dialect::Postgres => POSTGRES,
    };
    list.iter()
        .map(|m| crate::backup::SchemaVersion {
            version: m.version,
            name: m.name.to_owned(),
        })
        .collect()
}

const LEDGER: &str = "CREATE TABLE IF NOT EXISTS arvo_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// A stable checksum of a migration's text (FNV-1a, 64 bits).
fn checksum(sql: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sql.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn edited(m: &Migration) -> StoreError {
    StoreError::Migration(format!(
        "migration {} ({}) was changed after it was applied; add a new migration instead",
        m.version, m.name
    ))
}

/// Generates the runner for one dialect; `$lock` serialises concurrent starts. The runner applies
/// every migration not applied yet, or with `upto` those up to that version (for tests that start
/// from an older schema).
macro_rules! runner {
    ($name:ident, $pool:ty, $list:expr, $lock:expr) => {
        pub async fn $name(pool: &$pool, upto: Option<i64>) -> Result<usize> {
            let mut applied = 0;
            let mut tx = pool.begin().await?;
            if let Some(lock) = $lock {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            sqlx::query(LEDGER).execute(&mut *tx).await?;
            for m in $list.iter().filter(|m| upto.is_none_or(|v| m.version <= v)) {
                let seen: Option<String> =
                    sqlx::query_scalar("SELECT checksum FROM arvo_migrations WHERE version = $1")
                        .bind(m.version)
                        .fetch_optional(&mut *tx)
                        .await?;
                match seen {
                    Some(sum) if sum == checksum(m.sql) => continue,
                    Some(_) => return Err(edited(m)),
                    None => {}
                }
                sqlx::raw_sql(m.sql)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::Migration(format!("{} ({}): {e}", m.version, m.name)))?;
                sqlx::query(
                    "INSERT INTO arvo_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(m.version)
                .bind(m.name)
                .bind(checksum(m.sql))
                .bind(chrono::Utc::now().to_rfc3339())
                .execute(&mut *tx)
                .await?;
                applied += 1;
            }
            tx.commit().await?;
            if applied > 0 {
                tracing::info!(applied, "database migrations applied");
            }
            Ok(applied)
        }
    };
}

runner!(run_sqlite, SqlitePool, SQLITE, None::<&str>);
runner!(
    run_postgres,
    PgPool,
    POSTGRES,
    Some("SELECT pg_advisory_xact_lock(7410001)")
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_ascend_and_dialects_agree() {
        for list in [SQLITE, POSTGRES] {
            assert!(list.windows(2).all(|w| w[0].version < w[1].version));
        }
        let names = |l: &[Migration]| l.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>();
        assert_eq!(names(SQLITE), names(POSTGRES));
        assert_ne!(checksum("a"), checksum("b"));
    }
}
