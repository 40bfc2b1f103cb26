// The value analysis's data and settings, written once and compiled for each dialect next to
// `repo.rs`: every account with what it bought and caused in a period, its purchase days up to a
// day, its ratings, estimated need and hand-set segment (each table read once, grouped by
// account in SQL; what the dialects count differently, days between dates, is reckoned here);
// the cost pools; and the segments with their history.

/// One text a query aggregates its rows into (with `string_agg`), the dates bound in order:
/// many small rows cost more to read one by one than to reckon.
async fn packed(pool: &Pool, sql: &str, dates: &[NaiveDate]) -> Result<String> {
    let mut q = sqlx::query_scalar::<_, Option<String>>(sql);
    for d in dates {
        q = q.bind(*d);
    }
    Ok(q.fetch_one(pool).await?.unwrap_or_default())
}

/// Runs a parse on a blocking thread, so that the reads of other parts go on meanwhile; a
/// panic in it is the caller's.
async fn off_thread<T: Send + 'static>(parse: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    match tokio::task::spawn_blocking(parse).await {
        Ok(parsed) => parsed,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(StoreError::Config(format!("the server is stopping: {e}"))),
    }
}

/// The account of an id, in accounts in id order.
fn at(
    out: &mut [arvo_core::analysis::CustomerData],
    id: i64,
) -> Option<&mut arvo_core::analysis::CustomerData> {
    let i = out.binary_search_by_key(&id, |c| c.id).ok()?;
    out.get_mut(i)
}

/// Every account's data for the value analysis, in account id order: its activity between
/// `from` and `to` (both included) and its purchase days up to `to`. The orders come from the
/// day totals every import keeps (the lines without their own cost costed here from their
/// product), the rest from their tables grouped by account; each read is one aggregated text,
/// and the reads run side by side on the pool's connections.
pub async fn analysis_data(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<arvo_core::analysis::CustomerData>> {
    use crate::analysis::{Packed, parse_accounts, parse_histories};
    use arvo_core::analysis::CustomerData;
    // Activities of the period, counted (service work summed) per account.
    let counted = |table: &str, date: &str, what: &str| {
        format!(
            "SELECT string_agg(account_id || ' ' || n, ';') FROM (SELECT account_id, {what} AS n \
             FROM {table} WHERE {date} >= $1 AND {date} <= $2 GROUP BY account_id) x"
        )
    };
    let (deliveries_sql, visits_sql, returns_sql, service_sql) = (
        counted("deliveries", "delivery_date", "COUNT(*)"),
        counted("visits", "visit_date", "COUNT(*)"),
        counted("returns", "return_date", "COUNT(*)"),
        counted("service_entries", "entry_date", "CAST(COALESCE(SUM(hours_milli), 0) AS BIGINT)"),
    );
    // Invoices of the period: their number, and for the paid ones the days to pay (none below
    // zero) and those days weighted by amount (the capital tied up).
    let days = days_between("paid_date", "invoice_date");
    let invoices_sql = format!(
        "SELECT string_agg(account_id || ' ' || n || ' ' || paid || ' ' || days || ' ' || cent_days, ';') \
         FROM (SELECT account_id, COUNT(*) AS n, COUNT(paid_date) AS paid, \
         CAST(COALESCE(SUM(CASE WHEN {days} > 0 THEN {days} ELSE 0 END), 0) AS BIGINT) AS days, \
         CAST(COALESCE(SUM(CASE WHEN {days} > 0 AND amount_cents > 0 THEN amount_cents * {days} \
         ELSE 0 END), 0) AS BIGINT) AS cent_days \
         FROM invoices WHERE invoice_date >= $1 AND invoice_date <= $2 GROUP BY account_id) x"
    );
    let period = [from, to];
    let manual_sql = "SELECT account_id, segment FROM account_segments WHERE manual";
    let (
        accounts,
        histories,
        uncosted,
        deliveries,
        visits,
        returns,
        service,
        invoices,
        ratings,
        manual,
    ) = tokio::try_join!(
        packed(
            pool,
            "SELECT string_agg(id || ' ' || COALESCE(size_class, '-') || ' ' || \
             COALESCE(CAST(estimated_need_cents AS TEXT), '-'), ';' ORDER BY id) FROM accounts",
            &[],
        ),
        // In parts, each read on its own connection and parsed on its own thread as it comes,
        // while the other reads run.
        async {
            let parts = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
            let reads = (0..parts).map(|part| {
                let pool = pool.clone();
                async move {
                    let sql = format!(
                        "SELECT string_agg(account_id || ':' || days, '|') FROM purchase_histories \
                         WHERE account_id % {parts} = {part}"
                    );
                    let text = packed(&pool, &sql, &[]).await?;
                    off_thread(move || parse_histories(&text, from, to)).await
                }
            });
            let mut all: Vec<CustomerData> = futures_util::future::try_join_all(reads)
                .await?
                .into_iter()
                .flatten()
                .collect();
            all.sort_unstable_by_key(|c| c.id);
            Ok::<_, StoreError>(all)
        },
        // The lines of the period without their own cost, costed from their product.
        packed(
            pool,
            "SELECT string_agg(account_id || ' ' || cost, ';') FROM (SELECT o.account_id, \
             CAST(SUM(COALESCE(p.unit_cost_cents * l.quantity_milli / 1000, 0)) AS BIGINT) AS cost \
             FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id \
             WHERE l.cost_cents IS NULL AND o.order_date >= $1 AND o.order_date <= $2 \
             GROUP BY o.account_id) x",
            &period,
        ),
        packed(pool, &deliveries_sql, &period),
        packed(pool, &visits_sql, &period),
        packed(pool, &returns_sql, &period),
        packed(pool, &service_sql, &period),
        packed(pool, &invoices_sql, &period),
        // People's latest ratings and the hand-set segments.
        latest_ratings(pool),
        async {
            Ok::<Vec<(i64, String)>, StoreError>(
                sqlx::query_as(manual_sql).fetch_all(pool).await?,
            )
        },
    )?;
    // Both in account id order: each history goes to its account in one pass.
    let mut out = parse_accounts(&accounts)?;
    let mut histories = histories.into_iter().peekable();
    for c in &mut out {
        while histories.next_if(|h| h.id < c.id).is_some() {}
        if let Some(h) = histories.next_if(|h| h.id == c.id) {
            c.purchase_days = h.purchase_days;
            c.activity = h.activity;
        }
    }
    for record in Packed::records(&uncosted) {
        let [id, cost] = record?;
        if let Some(c) = at(&mut out, id) {
            let a = &mut c.activity;
            a.direct_cost_cents = a.direct_cost_cents.saturating_add(cost);
        }
    }
    let counts: [(&str, crate::analysis::CountOf); 4] = [
        (&deliveries, |a| &mut a.deliveries),
        (&visits, |a| &mut a.visits),
        (&returns, |a| &mut a.returns),
        (&service, |a| &mut a.service_milli_hours),
    ];
    for (text, count) in counts {
        for record in Packed::records(text) {
            let [id, n] = record?;
            if let Some(c) = at(&mut out, id) {
                *count(&mut c.activity) = u64::try_from(n).unwrap_or_default();
            }
        }
    }
    for record in Packed::records(&invoices) {
        let [id, n, paid, days, cent_days] = record?;
        let Some(c) = at(&mut out, id) else { continue };
        c.activity.invoices = u64::try_from(n).unwrap_or_default();
        c.activity.payment_cent_days = u64::try_from(cent_days).unwrap_or_default();
        if paid > 0 {
            c.days_to_pay = Some(days as f64 / paid as f64);
        }
    }
    // People's latest ratings, estimated needs and hand-set segments.
    for (id, criterion, score) in ratings {
        if let Some(c) = at(&mut out, id) {
            let score = u8::try_from(score.clamp(1, 5)).unwrap_or(3);
            c.ratings.push((criterion, score));
        }
    }
    for (id, segment) in manual {
        if let Some(c) = at(&mut out, id) {
            c.manual_segment = arvo_core::segments::Segment::parse(&segment);
        }
    }
    Ok(out)
}

/// Every account's name, by id.
pub async fn all_account_names(pool: &Pool) -> Result<std::collections::HashMap<i64, String>> {
    let text = packed(
        pool,
        "SELECT string_agg(id || ' ' || length(name) || ' ' || name, ';') FROM accounts",
        &[],
    )
    .await?;
    crate::analysis::parse_names(&text)
}

/// Every account that has a customer number, its id by that number.
pub async fn account_ids_by_customer_number(
    pool: &Pool,
) -> Result<std::collections::HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT customer_number, id FROM accounts WHERE customer_number IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The cost pools in their order, with their yearly costs.
pub async fn cost_pools(pool: &Pool) -> Result<Vec<crate::analysis::StoredPool>> {
    let rows: Vec<(String, i64, String, String)> = sqlx::query_as(
        "SELECT name, yearly_cost_cents, driver, layer FROM cost_pools ORDER BY position, id",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(name, cost, driver, layer)| {
            Ok(crate::analysis::StoredPool {
                pool: arvo_core::profitability::CostPool {
                    driver: arvo_core::profitability::Driver::parse(&driver).ok_or_else(|| {
                        StoreError::Corrupt(format!("cost pool {name:?}: driver {driver:?}"))
                    })?,
                    layer: arvo_core::profitability::CostLayer::parse(&layer).ok_or_else(|| {
                        StoreError::Corrupt(format!("cost pool {name:?}: layer {layer:?}"))
                    })?,
                    name,
                    cost_cents: cost,
                },
            })
        })
        .collect()
}

/// Replaces the cost pools with these (their costs yearly), in one transaction, recording the
/// change in the audit log.
pub async fn set_cost_pools(
    pool: &Pool,
    pools: &[arvo_core::profitability::CostPool],
    actor: &Actor,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM cost_pools").execute(&mut *tx).await?;
    for (i, p) in pools.iter().enumerate() {
        sqlx::query(
            "INSERT INTO cost_pools (name, yearly_cost_cents, driver, layer, position) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&p.name)
        .bind(p.cost_cents)
        .bind(p.driver.as_str())
        .bind(p.layer.as_str())
        .bind(i64::try_from(i).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
    }
    record_event(
        &mut *tx,
        &event(
            "analysis.cost_pools",
            actor,
            "cost pools".into(),
            serde_json::json!({ "pools": pools }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a person's 1–5 rating of a criterion for an account; the latest rating counts.
pub async fn rate(
    pool: &Pool,
    account_id: i64,
    criterion: &str,
    score: u8,
    reason: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    fetch_account(&mut *tx, account_id).await?;
    sqlx::query(
        "INSERT INTO ratings (account_id, criterion, score, reason, rated_by, rated_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account_id)
    .bind(criterion)
    .bind(i64::from(score))
    .bind(reason)
    .bind(&actor.name)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    record_event(
        &mut *tx,
        &event(
            "analysis.rating",
            actor,
            format!("account {account_id}"),
            serde_json::json!({ "criterion": criterion, "score": score, "reason": reason }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every rating of an account, newest first.
pub async fn ratings_of(pool: &Pool, account_id: i64) -> Result<Vec<crate::analysis::Rating>> {
    Ok(sqlx::query_as(
        "SELECT criterion, score, reason, rated_by, rated_at FROM ratings \
         WHERE account_id = $1 ORDER BY rated_at DESC, id DESC",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?)
}

/// Each account's latest rating of each criterion, as (account id, criterion, score).
pub async fn latest_ratings(pool: &Pool) -> Result<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.account_id, r.criterion, r.score FROM ratings r WHERE r.id = \
         (SELECT MAX(q.id) FROM ratings q WHERE q.account_id = r.account_id AND q.criterion = r.criterion) \
         ORDER BY r.account_id",
    )
    .fetch_all(pool)
    .await?)
}

/// Sets an account's estimated yearly need (`None` to forget it).
pub async fn set_estimated_need(
    pool: &Pool,
    account_id: i64,
    cents: Option<i64>,
    actor: &Actor,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    fetch_account(&mut *tx, account_id).await?;
    sqlx::query("UPDATE accounts SET estimated_need_cents = $1 WHERE id = $2")
        .bind(cents)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    record_event(
        &mut *tx,
        &event(
            "analysis.need",
            actor,
            format!("account {account_id}"),
            serde_json::json!({ "estimated_need_cents": cents }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The estimated need and hand-set segment of every account that has either, as (id, need,
/// manual segment).
pub async fn segment_inputs(pool: &Pool) -> Result<Vec<(i64, Option<i64>, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.estimated_need_cents, \
         CASE WHEN s.manual THEN s.segment ELSE NULL END \
         FROM accounts a LEFT JOIN account_segments s ON s.account_id = a.id \
         WHERE a.estimated_need_cents IS NOT NULL OR s.manual ORDER BY a.id",
    )
    .fetch_all(pool)
    .await?)
}

/// An account's current segment, if it has one.
pub async fn account_segment(
    pool: &Pool,
    account_id: i64,
) -> Result<Option<crate::analysis::SegmentState>> {
    Ok(sqlx::query_as(
        "SELECT segment, tier, manual, reason, set_by, set_at FROM account_segments \
         WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?)
}

/// Sets an account's segment by hand, with a reason (`None` gives the account back to the
/// rule, which sets it at the next analysis); the change goes into its segment history.
pub async fn set_manual_segment(
    pool: &Pool,
    account_id: i64,
    segment: Option<(&str, &str)>,
    reason: &str,
    actor: &Actor,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    fetch_account(&mut *tx, account_id).await?;
    let current: Option<(String, String)> =
        sqlx::query_as("SELECT segment, tier FROM account_segments WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
    let at = now();
    match segment {
        Some((segment, tier)) => {
            sqlx::query(
                "INSERT INTO account_segments (account_id, segment, tier, manual, reason, set_by, set_at) \
                 VALUES ($1, $2, $3, TRUE, $4, $5, $6) ON CONFLICT (account_id) DO UPDATE SET \
                 segment = excluded.segment, tier = excluded.tier, manual = TRUE, \
                 reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at",
            )
            .bind(account_id)
            .bind(segment)
            .bind(tier)
            .bind(reason)
            .bind(&actor.name)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            if current.as_ref().map(|c| c.0.as_str()) != Some(segment) {
                segment_history_entry(
                    &mut tx,
                    account_id,
                    current.as_ref().map(|c| c.0.as_str()),
                    segment,
                    true,
                    Some(reason),
                    &actor.name,
                    at,
                )
                .await?;
            }
        }
        None => {
            sqlx::query("UPDATE account_segments SET manual = FALSE, reason = $1 WHERE account_id = $2")
                .bind(reason)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    record_event(
        &mut *tx,
        &event(
            "analysis.segment",
            actor,
            format!("account {account_id}"),
            serde_json::json!({ "segment": segment.map(|s| s.0), "reason": reason }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn segment_history_entry(
    tx: &mut Tx<'_>,
    account_id: i64,
    from: Option<&str>,
    to: &str,
    manual: bool,
    reason: Option<&str>,
    actor: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO segment_history (account_id, from_segment, to_segment, manual, reason, actor, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(account_id)
    .bind(from)
    .bind(to)
    .bind(manual)
    .bind(reason)
    .bind(actor)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Saves the segments the rule gave (account id, segment, tier), leaving hand-set ones alone;
/// each account whose segment changed gets a history entry. Returns how many changed.
pub async fn save_rule_segments(
    pool: &Pool,
    segments: &[(i64, &str, &str)],
    actor: &Actor,
) -> Result<u64> {
    let mut tx = pool.begin().await?;
    let current: Option<String> = sqlx::query_scalar(
        "SELECT string_agg(account_id || ' ' || segment || ' ' || tier || ' ' || \
         CASE WHEN manual THEN 'm' ELSE 'r' END, ';') FROM account_segments",
    )
    .fetch_one(&mut *tx)
    .await?;
    let current = crate::analysis::parse_segments(current.as_deref().unwrap_or_default())?;
    let at = now();
    // (account, segment, tier) to write, and (account, from, to) for the history.
    let mut writes = Vec::new();
    let mut moves = Vec::new();
    for &(account_id, segment, tier) in segments {
        let before = current.get(&account_id);
        if before.is_some_and(|b| b.manual || (b.segment == segment && b.tier == tier)) {
            continue;
        }
        writes.push((account_id, segment, tier));
        let from = before.map(|b| b.segment);
        if from != Some(segment) {
            moves.push((account_id, from, segment));
        }
    }
    for chunk in writes.chunks(SEGMENT_BATCH) {
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO account_segments (account_id, segment, tier, manual, reason, set_by, set_at) ",
        );
        q.push_values(chunk, |mut b, (id, segment, tier)| {
            b.push_bind(*id)
                .push_bind(*segment)
                .push_bind(*tier)
                .push("FALSE")
                .push("NULL")
                .push_bind(&actor.name)
                .push_bind(at);
        });
        q.push(
            " ON CONFLICT (account_id) DO UPDATE SET segment = excluded.segment, \
             tier = excluded.tier, set_by = excluded.set_by, set_at = excluded.set_at",
        );
        q.build().execute(&mut *tx).await?;
    }
    for chunk in moves.chunks(SEGMENT_BATCH) {
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO segment_history (account_id, from_segment, to_segment, manual, reason, \
             actor, at) ",
        );
        q.push_values(chunk, |mut b, (id, from, to)| {
            b.push_bind(*id)
                .push_bind(*from)
                .push_bind(*to)
                .push("FALSE")
                .push("NULL")
                .push_bind(&actor.name)
                .push_bind(at);
        });
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(moves.len() as u64)
}

/// Rows per statement when segments are saved in bulk (five parameters each).
const SEGMENT_BATCH: usize = 500;

/// An account's segment history, newest first.
pub async fn segment_history(
    pool: &Pool,
    account_id: i64,
) -> Result<Vec<crate::analysis::SegmentChange>> {
    Ok(sqlx::query_as(
        "SELECT from_segment, to_segment, manual, reason, actor, at FROM segment_history \
         WHERE account_id = $1 ORDER BY at DESC, id DESC",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?)
}

/// Every account's segment as it stood at the end of `at` (its last change up to then).
pub async fn segments_at(pool: &Pool, at: chrono::DateTime<chrono::Utc>) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT h.account_id, h.to_segment FROM segment_history h WHERE h.id = \
         (SELECT MAX(q.id) FROM segment_history q WHERE q.account_id = h.account_id AND q.at <= $1) \
         ORDER BY h.account_id",
    )
    .bind(at)
    .fetch_all(pool)
    .await?)
}
