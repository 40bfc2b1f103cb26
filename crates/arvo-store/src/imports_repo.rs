// Imports of purchase data, written once and compiled for each dialect next to `repo.rs` (whose
// imports and helpers it shares). An import runs in one transaction: the records go to a
// temporary staging table in batches, and everything after that is set-based SQL, so that a
// million lines take a few statements rather than a million round trips. Nothing is visible to
// anyone else until the commit, and a process killed half-way leaves the database as it was.

use crate::imports::{
    AccountImportRow, GroupTotal, ProductImportRow, ImportCounts, ImportOptions, ImportOutcome, OrderBook, OrderSummary,
    PurchaseHistory, RowProblem, STAGE_BATCH, StagedLine, YearTotal,
};
use chrono::NaiveDate;

/// Starts an order import: a transaction with empty staging tables for the lines, the orders
/// and the products of the file. Orders and products are keyed by their number in the book
/// (`KEY_TYPE`: SQLite's row id, so that the lines find them without an index of their own).
pub async fn begin_order_import(pool: &Pool) -> Result<Tx<'static>> {
    let mut tx = pool.begin().await?;
    for sql in [
        "DROP TABLE IF EXISTS stage_lines".to_owned(),
        "DROP TABLE IF EXISTS stage_orders".to_owned(),
        "DROP TABLE IF EXISTS stage_products".to_owned(),
        "DROP TABLE IF EXISTS stage_order_totals".to_owned(),
        "DROP TABLE IF EXISTS stage_days".to_owned(),
        format!(
            "CREATE TEMP TABLE stage_lines (order_idx BIGINT NOT NULL, \
             line_number BIGINT NOT NULL, product_idx BIGINT NOT NULL, quantity_milli BIGINT NOT NULL, \
             unit_price_cents BIGINT NOT NULL, unit_cost_cents BIGINT, discount_bp BIGINT NOT NULL, \
             net_cents BIGINT NOT NULL, cost_cents BIGINT){TEMP_TABLE_END}"
        ),
        format!(
            "CREATE TEMP TABLE stage_orders (idx {KEY_TYPE}, order_number TEXT NOT NULL, \
             customer_number TEXT, business_id TEXT, order_date {DATE_TYPE} NOT NULL, \
             channel TEXT NOT NULL, reseller TEXT, account_id BIGINT, \
             order_id BIGINT){TEMP_TABLE_END}"
        ),
        format!(
            "CREATE TEMP TABLE stage_products (idx {KEY_TYPE}, product_number TEXT NOT NULL, \
             name TEXT, product_group TEXT, product_id BIGINT){TEMP_TABLE_END}"
        ),
        format!(
            "CREATE TEMP TABLE stage_order_totals (idx {KEY_TYPE}, lines BIGINT NOT NULL, \
             net_cents BIGINT NOT NULL, cost_cents BIGINT NOT NULL){TEMP_TABLE_END}"
        ),
        format!(
            "CREATE TEMP TABLE stage_days (account_id BIGINT NOT NULL, day {DATE_TYPE} NOT NULL, \
             PRIMARY KEY (account_id, day)){TEMP_TABLE_END}"
        ),
    ] {
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// Adds a batch's lines to the staging table, a few hundred per statement, after the orders the
/// book met for the first time.
pub async fn stage_order_lines(
    tx: &mut Tx<'static>,
    book: &mut OrderBook,
    rows: &[StagedLine],
) -> Result<()> {
    stage_new_orders(tx, book).await?;
    for chunk in rows.chunks(STAGE_BATCH) {
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO stage_lines (order_idx, line_number, product_idx, quantity_milli, \
             unit_price_cents, unit_cost_cents, discount_bp, net_cents, cost_cents) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(i64::from(r.order))
                .push_bind(r.line_number)
                .push_bind(i64::from(r.product))
                .push_bind(r.quantity_milli)
                .push_bind(r.unit_price_cents)
                .push_bind(r.unit_cost_cents)
                .push_bind(r.discount_bp)
                .push_bind(r.net_cents)
                .push_bind(r.cost_cents);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes the orders the book has met since the last call to their staging table. An order is
/// described by its first line, so it is staged as soon as it is met.
async fn stage_new_orders(tx: &mut Tx<'static>, book: &mut OrderBook) -> Result<()> {
    let first = book.staged_orders;
    let orders: Vec<(usize, &crate::imports::OrderHead)> =
        book.orders.iter().enumerate().skip(first).collect();
    for chunk in orders.chunks(STAGE_BATCH) {
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO stage_orders (idx, order_number, customer_number, business_id, order_date, \
             channel, reseller) ",
        );
        q.push_values(chunk, |mut b, (i, o)| {
            b.push_bind(*i as i64)
                .push_bind(&o.order_number)
                .push_bind(&o.customer_number)
                .push_bind(&o.business_id)
                .push_bind(o.order_date)
                .push_bind(&o.channel)
                .push_bind(&o.reseller);
        });
        q.build().execute(&mut **tx).await?;
    }
    book.staged_orders = book.orders.len();
    Ok(())
}

/// Writes the book's products that `used` marks to their staging table.
async fn stage_products(tx: &mut Tx<'static>, book: &OrderBook, used: &[bool]) -> Result<()> {
    let products: Vec<(usize, &crate::imports::ProductHead)> = book
        .products
        .iter()
        .enumerate()
        .filter(|(i, _)| used[*i])
        .collect();
    for chunk in products.chunks(STAGE_BATCH) {
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO stage_products (idx, product_number, name, product_group) ",
        );
        q.push_values(chunk, |mut b, (i, p)| {
            b.push_bind(*i as i64)
                .push_bind(&p.product_number)
                .push_bind(&p.name)
                .push_bind(&p.group);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Whether a stored line (`l`, with its order `o` and product `p`) differs from the staged one
/// (`s`, with its order `so` and product `sp`).
const LINE_DIFFERS: &str = "(p.product_number <> sp.product_number OR l.quantity_milli <> s.quantity_milli \
    OR l.unit_price_cents <> s.unit_price_cents OR l.unit_cost_cents IS DISTINCT FROM s.unit_cost_cents \
    OR l.discount_bp <> s.discount_bp OR l.net_cents <> s.net_cents \
    OR l.cost_cents IS DISTINCT FROM s.cost_cents OR o.account_id <> so.account_id \
    OR o.order_date <> so.order_date OR o.channel <> so.channel \
    OR o.reseller IS DISTINCT FROM so.reseller)";

/// Checks the staged lines, counts what they would change, and applies them unless this is a dry
/// run or rows were rejected without `skip_invalid`.
pub async fn finish_order_import(
    mut tx: Tx<'static>,
    mut book: OrderBook,
    options: &ImportOptions<'_>,
) -> Result<ImportOutcome> {
    stage_new_orders(&mut tx, &mut book).await?;
    // The customer: by its customer number, or else by its business ID.
    for sql in [
        "UPDATE stage_orders SET account_id = (SELECT a.id FROM accounts a \
         WHERE a.customer_number = stage_orders.customer_number) WHERE customer_number IS NOT NULL",
        "UPDATE stage_orders SET account_id = (SELECT MIN(a.id) FROM accounts a \
         WHERE a.business_id = stage_orders.business_id) \
         WHERE account_id IS NULL AND business_id IS NOT NULL",
    ] {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    // The orders whose customer is not stored, and whether they named it by its number: their
    // lines are rejected, and products that only such lines name are not added.
    let unknown: Vec<(i64, bool)> = sqlx::query_as(
        "SELECT idx, customer_number IS NOT NULL FROM stage_orders WHERE account_id IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut rejected = std::mem::take(&mut book.rejected);
    let mut used = vec![unknown.is_empty(); book.products.len()];
    let mut good_lines = book.booked.len() as u64;
    if !unknown.is_empty() {
        let mut by_number: Vec<Option<bool>> = vec![None; book.orders.len()];
        for (idx, number) in &unknown {
            if let Some(slot) = usize::try_from(*idx).ok().and_then(|i| by_number.get_mut(i)) {
                *slot = Some(*number);
            }
        }
        good_lines = 0;
        for line in &book.booked {
            if let Some(number) = by_number[line.order as usize] {
                rejected.push(CustomerCache::unknown(line.row, number));
            } else {
                used[line.product as usize] = true;
                good_lines += 1;
            }
        }
    }
    rejected.sort_by_key(|p| p.row);
    stage_products(&mut tx, &book, &used).await?;
    let (orders_created, products_created, existing): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM stage_orders so WHERE so.account_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_number = so.order_number)), \
         (SELECT COUNT(*) FROM stage_products sp \
         WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.product_number = sp.product_number)), \
         (SELECT COUNT(*) FROM stage_orders so JOIN orders o ON o.order_number = so.order_number \
         WHERE so.account_id IS NOT NULL)",
    )
    .fetch_one(&mut *tx)
    .await?;
    // When none of the file's orders is stored yet, every good line is new, and no line needs
    // comparing with a stored one.
    let counts: (Option<i64>, Option<i64>, Option<i64>) = if existing == 0 {
        (i64::try_from(good_lines).ok(), Some(0), Some(0))
    } else {
        sqlx::query_as(&format!(
            "SELECT SUM(CASE WHEN l.id IS NULL THEN 1 ELSE 0 END), \
             SUM(CASE WHEN l.id IS NOT NULL AND {LINE_DIFFERS} THEN 1 ELSE 0 END), \
             SUM(CASE WHEN l.id IS NOT NULL AND NOT {LINE_DIFFERS} THEN 1 ELSE 0 END) \
             FROM stage_lines s JOIN stage_orders so ON so.idx = s.order_idx \
             JOIN stage_products sp ON sp.idx = s.product_idx \
             LEFT JOIN orders o ON o.order_number = so.order_number \
             LEFT JOIN order_lines l ON l.order_id = o.id AND l.line_number = s.line_number \
             LEFT JOIN products p ON p.id = l.product_id WHERE so.account_id IS NOT NULL"
        ))
        .fetch_one(&mut *tx)
        .await?
    };
    let count = |v: Option<i64>| u64::try_from(v.unwrap_or(0)).unwrap_or(0);
    let mut outcome = ImportOutcome {
        rows: ImportCounts {
            created: count(counts.0),
            updated: count(counts.1),
            unchanged: count(counts.2),
        },
        orders_created: count(Some(orders_created)),
        products_created: count(Some(products_created)),
        rejected,
        applied: false,
    };
    if !applies(options, &outcome) {
        tx.rollback().await?;
        return Ok(outcome);
    }
    let all_new = existing == 0;
    if !all_new {
        // The days the stored orders of the file are on now, which their update may empty.
        sqlx::query(
            "INSERT INTO stage_days (account_id, day) SELECT o.account_id, o.order_date \
             FROM stage_orders so JOIN orders o ON o.order_number = so.order_number \
             WHERE so.account_id IS NOT NULL ON CONFLICT DO NOTHING",
        )
        .execute(&mut *tx)
        .await?;
    }
    apply_order_lines(&mut tx, all_new, book.out_of_key_order).await?;
    if all_new {
        add_purchase_days(&mut tx, &book).await?;
    } else {
        recount_purchase_days(&mut tx).await?;
    }
    write_purchase_histories(
        &mut tx,
        "SELECT account_id FROM stage_orders WHERE order_id IS NOT NULL \
         UNION SELECT account_id FROM stage_days",
        None,
    )
    .await?;
    record_import(&mut tx, "orders", options, &outcome).await?;
    for table in [
        "stage_lines",
        "stage_orders",
        "stage_products",
        "stage_order_totals",
        "stage_days",
    ] {
        sqlx::query(&format!("DROP TABLE {table}"))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    outcome.applied = true;
    Ok(outcome)
}

/// Adds the staged products and their groups, upserts the orders and then the lines. When
/// `all_new` (none of the file's orders was stored), the lines are plain inserts; otherwise a
/// stored line is updated where a value differs. Lines are written in the order of their key,
/// sorted first when `sort` says the file did not list them so.
async fn apply_order_lines(tx: &mut Tx<'static>, all_new: bool, sort: bool) -> Result<()> {
    for sql in [
        "INSERT INTO product_groups (name) SELECT DISTINCT sp.product_group FROM stage_products sp \
         WHERE sp.product_group IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM product_groups g WHERE g.name = sp.product_group)",
        "INSERT INTO products (product_number, name, group_id, unit) \
         SELECT sp.product_number, COALESCE(sp.name, sp.product_number), g.id, 'kpl' \
         FROM stage_products sp LEFT JOIN product_groups g ON g.name = sp.product_group \
         WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.product_number = sp.product_number)",
        "UPDATE stage_products SET product_id = (SELECT p.id FROM products p \
         WHERE p.product_number = stage_products.product_number)",
        "INSERT INTO orders (order_number, account_id, order_date, channel, reseller) \
         SELECT so.order_number, so.account_id, so.order_date, so.channel, so.reseller \
         FROM stage_orders so WHERE so.account_id IS NOT NULL \
         ON CONFLICT (order_number) DO UPDATE SET account_id = excluded.account_id, \
         order_date = excluded.order_date, channel = excluded.channel, reseller = excluded.reseller \
         WHERE orders.account_id <> excluded.account_id OR orders.order_date <> excluded.order_date \
         OR orders.channel <> excluded.channel OR orders.reseller IS DISTINCT FROM excluded.reseller",
        "UPDATE stage_orders SET order_id = (SELECT o.id FROM orders o \
         WHERE o.order_number = stage_orders.order_number) WHERE account_id IS NOT NULL",
    ] {
        sqlx::query(sql).execute(&mut **tx).await?;
    }
    let order_by = if sort {
        " ORDER BY so.order_id, s.line_number"
    } else {
        ""
    };
    let on_conflict = if all_new {
        ""
    } else {
        " ON CONFLICT (order_id, line_number) DO UPDATE SET product_id = excluded.product_id, \
         quantity_milli = excluded.quantity_milli, unit_price_cents = excluded.unit_price_cents, \
         unit_cost_cents = excluded.unit_cost_cents, discount_bp = excluded.discount_bp, \
         net_cents = excluded.net_cents, cost_cents = excluded.cost_cents \
         WHERE order_lines.product_id <> excluded.product_id \
         OR order_lines.quantity_milli <> excluded.quantity_milli \
         OR order_lines.unit_price_cents <> excluded.unit_price_cents \
         OR order_lines.unit_cost_cents IS DISTINCT FROM excluded.unit_cost_cents \
         OR order_lines.discount_bp <> excluded.discount_bp \
         OR order_lines.net_cents <> excluded.net_cents \
         OR order_lines.cost_cents IS DISTINCT FROM excluded.cost_cents"
    };
    sqlx::query(&format!(
        "INSERT INTO order_lines (order_id, line_number, product_id, quantity_milli, unit_price_cents, \
         unit_cost_cents, discount_bp, net_cents, cost_cents) \
         SELECT so.order_id, s.line_number, sp.product_id, s.quantity_milli, s.unit_price_cents, \
         s.unit_cost_cents, s.discount_bp, s.net_cents, s.cost_cents FROM stage_lines s \
         JOIN stage_orders so ON so.idx = s.order_idx \
         JOIN stage_products sp ON sp.idx = s.product_idx WHERE so.order_id IS NOT NULL\
         {order_by}{on_conflict}"
    ))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds the day totals of an import whose orders are all new to the stored ones: each order's
/// totals, summed by the book as its lines were read, are staged and summed by account and day.
async fn add_purchase_days(tx: &mut Tx<'static>, book: &OrderBook) -> Result<()> {
    let totals: Vec<(usize, &crate::imports::OrderTotal)> = book.totals.iter().enumerate().collect();
    for chunk in totals.chunks(STAGE_BATCH) {
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO stage_order_totals (idx, lines, net_cents, cost_cents) ",
        );
        q.push_values(chunk, |mut b, (i, t)| {
            b.push_bind(*i as i64)
                .push_bind(t.lines)
                .push_bind(t.net_cents)
                .push_bind(t.cost_cents);
        });
        q.build().execute(&mut **tx).await?;
    }
    sqlx::query(
        "INSERT INTO purchase_days (account_id, day, orders, lines, net_cents, cost_cents) \
         SELECT so.account_id, so.order_date, COUNT(*), SUM(t.lines), SUM(t.net_cents), \
         SUM(t.cost_cents) FROM stage_orders so JOIN stage_order_totals t ON t.idx = so.idx \
         WHERE so.order_id IS NOT NULL GROUP BY so.account_id, so.order_date \
         ON CONFLICT (account_id, day) DO UPDATE SET orders = purchase_days.orders + excluded.orders, \
         lines = purchase_days.lines + excluded.lines, \
         net_cents = purchase_days.net_cents + excluded.net_cents, \
         cost_cents = purchase_days.cost_cents + excluded.cost_cents",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Counts again, from the orders and their lines, the day totals of the days in `stage_days`
/// and of the days the file's orders are on now.
async fn recount_purchase_days(tx: &mut Tx<'static>) -> Result<()> {
    for sql in [
        "INSERT INTO stage_days (account_id, day) SELECT account_id, order_date FROM stage_orders \
         WHERE order_id IS NOT NULL ON CONFLICT DO NOTHING",
        "DELETE FROM purchase_days WHERE (account_id, day) IN \
         (SELECT account_id, day FROM stage_days)",
        // Led by the touched days, each found through the orders' (account, date) index.
        "INSERT INTO purchase_days (account_id, day, orders, lines, net_cents, cost_cents) \
         SELECT d.account_id, d.day, COUNT(DISTINCT o.id), COUNT(*), SUM(l.net_cents), \
         COALESCE(SUM(l.cost_cents), 0) FROM stage_days d \
         JOIN orders o ON o.account_id = d.account_id AND o.order_date = d.day \
         JOIN order_lines l ON l.order_id = o.id GROUP BY d.account_id, d.day",
    ] {
        sqlx::query(sql).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes again the purchase histories of the accounts `accounts` (SQL giving account ids, which
/// may use `$1`, bound to `bind`) from their day totals.
async fn write_purchase_histories(
    tx: &mut Tx<'_>,
    accounts: &str,
    bind: Option<i64>,
) -> Result<()> {
    for sql in [
        format!("DELETE FROM purchase_histories WHERE account_id IN ({accounts})"),
        format!(
            "INSERT INTO purchase_histories (account_id, days) SELECT account_id, \
             string_agg(format('%s %s %s %s %s', day, orders, lines, net_cents, cost_cents), ';' \
             ORDER BY day) FROM purchase_days WHERE account_id IN ({accounts}) GROUP BY account_id"
        ),
    ] {
        let mut q = sqlx::query(&sql);
        if let Some(id) = bind {
            q = q.bind(id);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Counts again the purchase days and history of an account whose orders changed hands (a
/// merge), and forgets those of the accounts in `gone`.
async fn recount_account_purchases(tx: &mut Tx<'_>, account_id: i64, gone: &[i64]) -> Result<()> {
    for &id in gone.iter().chain(std::iter::once(&account_id)) {
        for table in ["purchase_histories", "purchase_days"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query(
        "INSERT INTO purchase_days (account_id, day, orders, lines, net_cents, cost_cents) \
         SELECT o.account_id, o.order_date, COUNT(DISTINCT o.id), COUNT(*), SUM(l.net_cents), \
         COALESCE(SUM(l.cost_cents), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id \
         WHERE o.account_id = $1 GROUP BY o.account_id, o.order_date",
    )
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    write_purchase_histories(tx, "$1", Some(account_id)).await
}

/// Whether an import's changes are to be saved: not in a dry run, and only with no rejected row
/// unless bad rows are skipped.
fn applies(options: &ImportOptions<'_>, outcome: &ImportOutcome) -> bool {
    let refused =
        !options.skip_invalid && (options.rejected_before > 0 || !outcome.rejected.is_empty());
    !options.dry_run && !refused
}

/// Ends an import whose changes are made in `tx`: commits them with their import log and audit
/// entries when they are to be saved, and rolls them back otherwise.
async fn conclude(
    mut tx: Tx<'static>,
    kind: &str,
    options: &ImportOptions<'_>,
    mut outcome: ImportOutcome,
) -> Result<ImportOutcome> {
    if !applies(options, &outcome) {
        tx.rollback().await?;
        return Ok(outcome);
    }
    record_import(&mut tx, kind, options, &outcome).await?;
    tx.commit().await?;
    outcome.applied = true;
    Ok(outcome)
}

/// Notes a finished import in the import log and the audit log.
async fn record_import(
    tx: &mut Tx<'static>,
    kind: &str,
    options: &ImportOptions<'_>,
    outcome: &ImportOutcome,
) -> Result<()> {
    let rejected = options.rejected_before + outcome.rejected.len() as u64;
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    sqlx::query(
        "INSERT INTO imports (kind, file_name, actor, via, at, rows_read, created, updated, \
         unchanged, rejected) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(kind)
    .bind(options.file_name)
    .bind(&options.actor.name)
    .bind(&options.actor.via)
    .bind(now())
    .bind(as_i64(options.rows_read))
    .bind(as_i64(outcome.rows.created))
    .bind(as_i64(outcome.rows.updated))
    .bind(as_i64(outcome.rows.unchanged))
    .bind(as_i64(rejected))
    .execute(&mut **tx)
    .await?;
    record_event(
        &mut **tx,
        &NewAuditEvent {
            kind: &format!("import.{kind}"),
            actor: &options.actor.name,
            via: &options.actor.via,
            subject: Some(format!("file {}", options.file_name)),
            details: serde_json::json!({
                "rows_read": options.rows_read,
                "created": outcome.rows.created,
                "updated": outcome.rows.updated,
                "unchanged": outcome.rows.unchanged,
                "rejected": rejected,
                "orders_created": outcome.orders_created,
                "products_created": outcome.products_created,
            }),
            address: None,
        },
    )
    .await
}

/// An account's purchase history with its `recent` latest orders.
pub async fn purchase_history(pool: &Pool, account_id: i64, recent: i64) -> Result<PurchaseHistory> {
    let years: Vec<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT substr(CAST(o.order_date AS TEXT), 1, 4) AS y, COUNT(DISTINCT o.id), COUNT(l.id), \
         CAST(COALESCE(SUM(l.net_cents), 0) AS BIGINT), CAST(COALESCE(SUM(l.cost_cents), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN l.cost_cents IS NULL THEN 0 ELSE l.net_cents END), 0) AS BIGINT) \
         FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.account_id = $1 \
         GROUP BY y ORDER BY y DESC",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    let groups: Vec<(String, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT substr(CAST(o.order_date AS TEXT), 1, 4) AS y, g.name, COUNT(l.id), \
         CAST(COALESCE(SUM(l.net_cents), 0) AS BIGINT) AS net FROM orders o JOIN order_lines l ON l.order_id = o.id \
         JOIN products p ON p.id = l.product_id LEFT JOIN product_groups g ON g.id = p.group_id \
         WHERE o.account_id = $1 GROUP BY y, g.name ORDER BY y DESC, net DESC",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    let recent_orders: Vec<(String, NaiveDate, String, Option<String>, i64, i64)> =
        sqlx::query_as(
            "SELECT o.order_number, o.order_date, o.channel, o.reseller, COUNT(l.id), \
             CAST(COALESCE(SUM(l.net_cents), 0) AS BIGINT) FROM orders o JOIN order_lines l ON l.order_id = o.id \
             WHERE o.account_id = $1 GROUP BY o.id, o.order_number, o.order_date, o.channel, o.reseller \
             ORDER BY o.order_date DESC, o.id DESC LIMIT $2",
        )
        .bind(account_id)
        .bind(recent)
        .fetch_all(pool)
        .await?;
    let year = |y: &str| y.parse::<i32>().unwrap_or_default();
    Ok(PurchaseHistory {
        years: years
            .into_iter()
            .map(|(y, orders, lines, net_cents, cost_cents, costed_net_cents)| YearTotal {
                year: year(&y),
                orders,
                lines,
                net_cents,
                cost_cents,
                costed_net_cents,
            })
            .collect(),
        groups: groups
            .into_iter()
            .map(|(y, product_group, lines, net_cents)| GroupTotal {
                year: year(&y),
                product_group,
                lines,
                net_cents,
            })
            .collect(),
        recent_orders: recent_orders
            .into_iter()
            .map(
                |(order_number, order_date, channel, reseller, lines, net_cents)| OrderSummary {
                    order_number,
                    order_date,
                    channel,
                    reseller,
                    lines,
                    net_cents,
                },
            )
            .collect(),
    })
}

/// Saves a column mapping under `name` (replacing one of that name) for later imports.
pub async fn save_mapping(pool: &Pool, name: &str, kind: &str, mapping: &str, actor: &Actor) -> Result<()> {
    let mut tx = pool.begin().await?;
    let value: Value = serde_json::from_str(mapping)
        .map_err(|e| StoreError::Corrupt(format!("mapping {name:?}: {e}")))?;
    sqlx::query(
        "INSERT INTO import_mappings (name, kind, mapping, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, mapping = excluded.mapping, \
         updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(kind)
    .bind(Json(&value))
    .bind(now())
    .execute(&mut *tx)
    .await?;
    record_event(
        &mut *tx,
        &event(
            "import_mapping.save",
            actor,
            format!("mapping {name}"),
            serde_json::json!({ "kind": kind }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The saved mapping of this name: its kind and its JSON.
pub async fn mapping_named(pool: &Pool, name: &str) -> Result<Option<(String, String)>> {
    let row: Option<(String, Json<Value>)> =
        sqlx::query_as("SELECT kind, mapping FROM import_mappings WHERE name = $1")
            .bind(name)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(kind, json)| (kind, json.0.to_string())))
}

/// The names of the mappings saved for imports of `kind`, in alphabetical order.
pub async fn mapping_names(pool: &Pool, kind: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM import_mappings WHERE kind = $1 ORDER BY name")
        .bind(kind)
        .fetch_all(pool)
        .await?)
}

/// How many orders and order lines the database holds.
pub async fn order_counts(pool: &Pool) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM order_lines)",
    )
    .fetch_one(pool)
    .await?)
}

/// The keys by which an account in a file is matched to a stored one, in the order they are
/// tried: the customer number, the business ID, then the email and the name without its legal
/// form (only when one stored account has it). A match by email or name counts only when the
/// stored account's business ID and customer number do not contradict the row's.
#[derive(Default)]
struct AccountKeys {
    by_number: std::collections::HashMap<String, i64>,
    by_business_id: std::collections::HashMap<String, i64>,
    by_email: std::collections::HashMap<String, i64>,
    by_name: std::collections::HashMap<String, Option<i64>>,
    numbers: std::collections::HashMap<i64, String>,
    business_ids: std::collections::HashMap<i64, String>,
}

/// An account's id, customer number, business ID, email and name.
type StoredKeys = (i64, Option<String>, Option<String>, Option<String>, String);

impl AccountKeys {
    async fn load(tx: &mut Tx<'_>) -> Result<Self> {
        let rows: Vec<StoredKeys> =
            sqlx::query_as(
                "SELECT id, customer_number, business_id, email, name FROM accounts ORDER BY id",
            )
            .fetch_all(&mut **tx)
            .await?;
        let mut keys = Self::default();
        for (id, number, business_id, email, name) in rows {
            keys.add(id, number.as_deref(), business_id.as_deref(), email.as_deref(), &name);
        }
        Ok(keys)
    }

    fn add(&mut self, id: i64, number: Option<&str>, business_id: Option<&str>, email: Option<&str>, name: &str) {
        if let Some(n) = number {
            self.by_number.insert(n.to_owned(), id);
            self.numbers.insert(id, n.to_owned());
        }
        if let Some(b) = business_id {
            self.by_business_id.entry(b.to_owned()).or_insert(id);
            self.business_ids.insert(id, b.to_owned());
        }
        if let Some(e) = email {
            self.by_email.entry(e.to_lowercase()).or_insert(id);
        }
        let name = arvo_core::duplicates::normalise_name(name);
        if !name.is_empty() {
            self.by_name
                .entry(name)
                .and_modify(|v| *v = None)
                .or_insert(Some(id));
        }
    }

    fn find(&self, d: &AccountDraft) -> Option<i64> {
        let strong = d
            .customer_number
            .as_ref()
            .and_then(|n| self.by_number.get(n))
            .or_else(|| {
                d.business_id
                    .as_ref()
                    .and_then(|b| self.by_business_id.get(b.as_str()))
            });
        if let Some(id) = strong {
            return Some(*id);
        }
        let fits = |id: &i64| {
            let number_fits = match (self.numbers.get(id), &d.customer_number) {
                (Some(stored), Some(given)) => stored == given,
                _ => true,
            };
            let business_id_fits = match (self.business_ids.get(id), &d.business_id) {
                (Some(stored), Some(given)) => stored == given.as_str(),
                _ => true,
            };
            number_fits && business_id_fits
        };
        d.email
            .as_ref()
            .and_then(|e| self.by_email.get(&e.to_string().to_lowercase()))
            .filter(|id| fits(id))
            .or_else(|| {
                self.by_name
                    .get(&arvo_core::duplicates::normalise_name(&d.name))
                    .and_then(Option::as_ref)
                    .filter(|id| fits(id))
            })
            .copied()
    }
}

/// Imports accounts in one transaction: each row updates the stored account it matches (see
/// [`AccountKeys`]) with the values its file gives (`mapped` names the fields the file has), or
/// becomes a new account; every change writes its history. Rows that repeat an earlier row's
/// account, or that match an account with another customer number, are rejected.
pub async fn import_accounts(
    pool: &Pool,
    rows: &[AccountImportRow],
    mapped: &[String],
    options: &ImportOptions<'_>,
) -> Result<ImportOutcome> {
    let mut tx = pool.begin().await?;
    let mut keys = AccountKeys::load(&mut tx).await?;
    let is_mapped = |f: &str| mapped.iter().any(|m| m == f);
    let mut outcome = ImportOutcome::default();
    let mut claimed: std::collections::HashMap<i64, u64> = std::collections::HashMap::new();
    let problem = |row: u64, field: &'static str, problem: Problem| RowProblem {
        row,
        field,
        problem,
    };
    for r in rows {
        let Some(id) = keys.find(&r.draft) else {
            let id = insert_with_contacts(&mut tx, &r.draft, &[], options.actor).await?;
            keys.add(
                id,
                r.draft.customer_number.as_deref(),
                r.draft.business_id.as_ref().map(arvo_core::BusinessId::as_str),
                r.draft.email.as_ref().map(ToString::to_string).as_deref(),
                &r.draft.name,
            );
            claimed.insert(id, r.row);
            outcome.rows.created += 1;
            continue;
        };
        if let Some(first) = claimed.get(&id) {
            outcome.rejected.push(problem(r.row, "name", Problem::RepeatedRow { row: *first }));
            continue;
        }
        claimed.insert(id, r.row);
        if let (Some(existing), Some(given)) = (keys.numbers.get(&id), &r.draft.customer_number)
            && existing != given
        {
            outcome.rejected.push(problem(
                r.row,
                "customer_number",
                Problem::OtherCustomerNumber {
                    existing: existing.clone(),
                },
            ));
            continue;
        }
        let current = fetch_account(&mut *tx, id).await?;
        let merged = current.data.overlay(&r.draft, is_mapped);
        let changes = diff(&current.data, &merged, &[]);
        if changes.is_empty() {
            outcome.rows.unchanged += 1;
            continue;
        }
        write_account(&mut tx, id, &merged).await?;
        let contacts = contact_drafts(&mut tx, id).await?;
        refresh_index(&mut tx, id, &merged, &contacts).await?;
        record(
            &mut tx,
            options.actor,
            Entry {
                entity: "account",
                entity_id: id,
                account_id: Some(id),
                action: "update",
                summary: None,
                changes: &changes,
            },
        )
        .await?;
        outcome.rows.updated += 1;
    }
    conclude(tx, "accounts", options, outcome).await
}

/// A stored product as an import compares it.
#[derive(sqlx::FromRow, PartialEq, Eq)]
struct StoredProduct {
    id: i64,
    name: String,
    product_group: Option<String>,
    unit: String,
    list_price_cents: Option<i64>,
    unit_cost_cents: Option<i64>,
}

/// The id of the named product group, added when new.
async fn product_group_id(tx: &mut Tx<'_>, name: Option<&str>) -> Result<Option<i64>> {
    let Some(name) = name else {
        return Ok(None);
    };
    if let Some(id) = sqlx::query_scalar("SELECT id FROM product_groups WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?
    {
        return Ok(Some(id));
    }
    Ok(Some(
        sqlx::query_scalar("INSERT INTO product_groups (name) VALUES ($1) RETURNING id")
            .bind(name)
            .fetch_one(&mut **tx)
            .await?,
    ))
}

/// Imports products in one transaction, keyed by product number: a new number adds a product,
/// a known one takes the file's values where the file gives them (`mapped` names its fields).
pub async fn import_products(
    pool: &Pool,
    rows: &[ProductImportRow],
    mapped: &[String],
    options: &ImportOptions<'_>,
) -> Result<ImportOutcome> {
    let is_mapped = |f: &str| mapped.iter().any(|m| m == f);
    let mut tx = pool.begin().await?;
    let mut outcome = ImportOutcome::default();
    let mut seen: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
    for r in rows {
        if let Some(first) = seen.insert(&r.product_number, r.row) {
            outcome.rejected.push(RowProblem {
                row: r.row,
                field: "product_number",
                problem: Problem::RepeatedRow { row: first },
            });
            continue;
        }
        let stored: Option<StoredProduct> = sqlx::query_as(
            "SELECT p.id, p.name, g.name AS product_group, p.unit, p.list_price_cents, \
             p.unit_cost_cents FROM products p LEFT JOIN product_groups g ON g.id = p.group_id \
             WHERE p.product_number = $1",
        )
        .bind(&r.product_number)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(stored) = stored else {
            let group = product_group_id(&mut tx, r.product_group.as_deref()).await?;
            sqlx::query(
                "INSERT INTO products (product_number, name, group_id, unit, list_price_cents, \
                 unit_cost_cents) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&r.product_number)
            .bind(&r.name)
            .bind(group)
            .bind(&r.unit)
            .bind(r.list_price_cents)
            .bind(r.unit_cost_cents)
            .execute(&mut *tx)
            .await?;
            outcome.rows.created += 1;
            outcome.products_created += 1;
            continue;
        };
        let pick = |field: &str, given: Option<i64>, current: Option<i64>| {
            if is_mapped(field) && given.is_some() { given } else { current }
        };
        let merged = StoredProduct {
            id: stored.id,
            name: if is_mapped("name") { r.name.clone() } else { stored.name.clone() },
            product_group: if is_mapped("product_group") && r.product_group.is_some() {
                r.product_group.clone()
            } else {
                stored.product_group.clone()
            },
            unit: if is_mapped("unit") { r.unit.clone() } else { stored.unit.clone() },
            list_price_cents: pick("list_price", r.list_price_cents, stored.list_price_cents),
            unit_cost_cents: pick("unit_cost", r.unit_cost_cents, stored.unit_cost_cents),
        };
        if merged == stored {
            outcome.rows.unchanged += 1;
            continue;
        }
        let group = product_group_id(&mut tx, merged.product_group.as_deref()).await?;
        sqlx::query(
            "UPDATE products SET name = $1, group_id = $2, unit = $3, list_price_cents = $4, \
             unit_cost_cents = $5 WHERE id = $6",
        )
        .bind(&merged.name)
        .bind(group)
        .bind(&merged.unit)
        .bind(merged.list_price_cents)
        .bind(merged.unit_cost_cents)
        .bind(stored.id)
        .execute(&mut *tx)
        .await?;
        outcome.rows.updated += 1;
    }
    conclude(tx, "products", options, outcome).await
}

/// The accounts an import's rows name, by customer number or else business ID, looked up once
/// each.
#[derive(Default)]
struct CustomerCache(std::collections::HashMap<(Option<String>, Option<String>), Option<i64>>);

impl CustomerCache {
    async fn find(
        &mut self,
        tx: &mut Tx<'_>,
        customer_number: Option<&str>,
        business_id: Option<&str>,
    ) -> Result<Option<i64>> {
        let key = (customer_number.map(str::to_owned), business_id.map(str::to_owned));
        if let Some(id) = self.0.get(&key) {
            return Ok(*id);
        }
        let mut id: Option<i64> = None;
        if let Some(n) = customer_number {
            id = sqlx::query_scalar("SELECT id FROM accounts WHERE customer_number = $1")
                .bind(n)
                .fetch_optional(&mut **tx)
                .await?;
        }
        if id.is_none()
            && let Some(b) = business_id
        {
            id = sqlx::query_scalar("SELECT MIN(id) FROM accounts WHERE business_id = $1")
                .bind(b)
                .fetch_one(&mut **tx)
                .await?;
        }
        self.0.insert(key, id);
        Ok(id)
    }

    /// The rejection of a row whose customer is not stored, on the key it gave.
    fn unknown(row: u64, by_number: bool) -> RowProblem {
        RowProblem {
            row,
            field: if by_number {
                "customer_number"
            } else {
                "business_id"
            },
            problem: Problem::UnknownAccount,
        }
    }
}

/// Binds an activity value to a query.
fn push_value(q: &mut sqlx::QueryBuilder<'_, Db>, v: &crate::imports::Value) {
    use crate::imports::Value as V;
    match v {
        V::Text(t) => q.push_bind(t.clone()),
        V::Integer(i) => q.push_bind(*i),
        V::Date(d) => q.push_bind(*d),
    };
}

/// Reads column `i` of a stored row as the value type of its column.
fn read_value(row: &<Db as sqlx::Database>::Row, i: usize, t: crate::imports::ValueType) -> Result<crate::imports::Value> {
    use crate::imports::{Value as V, ValueType as T};
    Ok(match t {
        T::Text => V::Text(row.try_get(i)?),
        T::Integer => V::Integer(row.try_get(i)?),
        T::Date => V::Date(row.try_get(i)?),
    })
}

/// Imports activity records (deliveries, invoices, service entries, visits or returns) in one
/// transaction, keyed by their number or reference: a new key adds a record, a known one is
/// updated where a value differs. The customer is found by customer number or business ID (an
/// unknown one rejects the row); an order or product that is named but not stored is left
/// unlinked.
pub async fn import_activities(
    pool: &Pool,
    kind: &crate::imports::ActivityKind,
    rows: &[crate::imports::ActivityRecord],
    options: &ImportOptions<'_>,
) -> Result<ImportOutcome> {
    let mut tx = pool.begin().await?;
    let mut outcome = ImportOutcome::default();
    let mut customers = CustomerCache::default();
    let mut seen: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
    let columns: Vec<&str> = kind.columns.iter().map(|(c, _)| *c).collect();
    let mut stored_columns = vec!["account_id"];
    if kind.links_order {
        stored_columns.push("order_id");
    }
    if kind.links_product {
        stored_columns.push("product_id");
    }
    stored_columns.extend(&columns);
    let select = format!(
        "SELECT id, {} FROM {} WHERE {} = $1",
        stored_columns.join(", "),
        kind.table,
        kind.key
    );
    for r in rows {
        if let Some(first) = seen.insert(&r.key, r.row) {
            outcome.rejected.push(RowProblem {
                row: r.row,
                field: kind.key,
                problem: Problem::RepeatedRow { row: first },
            });
            continue;
        }
        let Some(account_id) = customers
            .find(&mut tx, r.customer_number.as_deref(), r.business_id.as_deref())
            .await?
        else {
            outcome.rejected.push(CustomerCache::unknown(r.row, r.customer_number.is_some()));
            continue;
        };
        let mut links: Vec<crate::imports::Value> =
            vec![crate::imports::Value::Integer(Some(account_id))];
        if kind.links_order {
            let id: Option<i64> = match &r.order_number {
                Some(n) => sqlx::query_scalar("SELECT id FROM orders WHERE order_number = $1")
                    .bind(n)
                    .fetch_optional(&mut *tx)
                    .await?,
                None => None,
            };
            links.push(crate::imports::Value::Integer(id));
        }
        if kind.links_product {
            let id: Option<i64> = match &r.product_number {
                Some(n) => sqlx::query_scalar("SELECT id FROM products WHERE product_number = $1")
                    .bind(n)
                    .fetch_optional(&mut *tx)
                    .await?,
                None => None,
            };
            links.push(crate::imports::Value::Integer(id));
        }
        let wanted: Vec<crate::imports::Value> =
            links.into_iter().chain(r.values.iter().cloned()).collect();
        let types: Vec<crate::imports::ValueType> = std::iter::repeat_n(
            crate::imports::ValueType::Integer,
            stored_columns.len() - columns.len(),
        )
        .chain(kind.columns.iter().map(|(_, t)| *t))
        .collect();
        let stored = sqlx::query(&select)
            .bind(&r.key)
            .fetch_optional(&mut *tx)
            .await?;
        match stored {
            None => {
                let mut q = sqlx::QueryBuilder::<Db>::new(format!(
                    "INSERT INTO {} ({}, {}) VALUES (",
                    kind.table,
                    kind.key,
                    stored_columns.join(", ")
                ));
                q.push_bind(r.key.clone());
                for v in &wanted {
                    q.push(", ");
                    push_value(&mut q, v);
                }
                q.push(")");
                q.build().execute(&mut *tx).await?;
                outcome.rows.created += 1;
            }
            Some(row) => {
                let id: i64 = row.try_get(0)?;
                let current = types
                    .iter()
                    .enumerate()
                    .map(|(i, t)| read_value(&row, i + 1, *t))
                    .collect::<Result<Vec<_>>>()?;
                if current == wanted {
                    outcome.rows.unchanged += 1;
                    continue;
                }
                let mut q = sqlx::QueryBuilder::<Db>::new(format!("UPDATE {} SET ", kind.table));
                for (i, (c, v)) in stored_columns.iter().zip(&wanted).enumerate() {
                    if i > 0 {
                        q.push(", ");
                    }
                    q.push(format!("{c} = "));
                    push_value(&mut q, v);
                }
                q.push(" WHERE id = ");
                q.push_bind(id);
                q.build().execute(&mut *tx).await?;
                outcome.rows.updated += 1;
            }
        }
    }
    conclude(tx, kind.kind, options, outcome).await
}

/// The latest finished imports, newest first.
pub async fn recent_imports(pool: &Pool, limit: i64) -> Result<Vec<crate::imports::ImportLogEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, kind, file_name, actor, via, at, rows_read, created, updated, unchanged, rejected \
         FROM imports ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Imports contact persons in one transaction: each row finds its customer by customer number or
/// business ID, and within it the contact of the same email, or else of the same name, whose
/// values it updates where the file gives them (`mapped` names the fields the file has);
/// otherwise it adds a contact. Consent changes and history are written as for any change.
pub async fn import_contacts(
    pool: &Pool,
    rows: &[crate::imports::ContactImportRow],
    mapped: &[String],
    options: &ImportOptions<'_>,
) -> Result<ImportOutcome> {
    let is_mapped = |f: &str| mapped.iter().any(|m| m == f);
    let mut tx = pool.begin().await?;
    let mut outcome = ImportOutcome::default();
    let mut customers = CustomerCache::default();
    let mut claimed: std::collections::HashMap<i64, u64> = std::collections::HashMap::new();
    for r in rows {
        let Some(account_id) = customers
            .find(&mut tx, r.customer_number.as_deref(), r.business_id.as_deref())
            .await?
        else {
            outcome.rejected.push(CustomerCache::unknown(r.row, r.customer_number.is_some()));
            continue;
        };
        let stored: Vec<Contact> = sqlx::query_as::<_, ContactRow>(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND erased_at IS NULL ORDER BY id"
        ))
        .bind(account_id)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(Contact::try_from)
        .collect::<Result<_>>()?;
        let email = r.draft.email.as_ref().map(|e| e.to_string().to_lowercase());
        let name = arvo_core::text::fold(&r.draft.full_name());
        let found = stored
            .iter()
            .find(|c| {
                email.is_some()
                    && c.data.email.as_ref().map(|e| e.to_string().to_lowercase()) == email
            })
            .or_else(|| {
                stored
                    .iter()
                    .find(|c| arvo_core::text::fold(&c.data.full_name()) == name)
            });
        let Some(current) = found else {
            let id = insert_contact(&mut tx, account_id, &r.draft).await?;
            record_consent(&mut tx, id, None, &r.draft, options.actor).await?;
            reindex_account(&mut tx, account_id).await?;
            record(
                &mut tx,
                options.actor,
                Entry {
                    entity: "contact",
                    entity_id: id,
                    account_id: Some(account_id),
                    action: "create",
                    summary: Some(&r.draft.full_name()),
                    changes: &created(&r.draft),
                },
            )
            .await?;
            claimed.insert(id, r.row);
            outcome.rows.created += 1;
            continue;
        };
        if let Some(first) = claimed.insert(current.id, r.row) {
            outcome.rejected.push(RowProblem {
                row: r.row,
                field: "last_name",
                problem: Problem::RepeatedRow { row: first },
            });
            continue;
        }
        let merged = current.data.overlay(&r.draft, is_mapped);
        let changes = diff(&current.data, &merged, &[]);
        if changes.is_empty() {
            outcome.rows.unchanged += 1;
            continue;
        }
        let sql = "UPDATE contacts SET first_name = $1, last_name = $2, sort_key = $3, search_text = $4, \
             title = $5, email = $6, phone = $7, roles = $8, marketing_consent = $9, consent_date = $10, \
             consent_source = $11, notes = $12, updated_at = $13, version = version + 1 WHERE id = $14";
        bind_contact!(sqlx::query(sql), &merged)
            .bind(now())
            .bind(current.id)
            .execute(&mut *tx)
            .await?;
        record_consent(&mut tx, current.id, Some(&current.data), &merged, options.actor).await?;
        reindex_account(&mut tx, account_id).await?;
        record(
            &mut tx,
            options.actor,
            Entry {
                entity: "contact",
                entity_id: current.id,
                account_id: Some(account_id),
                action: "update",
                summary: Some(&merged.full_name()),
                changes: &changes,
            },
        )
        .await?;
        outcome.rows.updated += 1;
    }
    conclude(tx, "contacts", options, outcome).await
}
