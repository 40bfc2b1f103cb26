// The value analysis's data and settings, written once and compiled for each dialect next to
// `repo.rs`: every account with what it bought and caused in a period, its purchase days up to a
// day, its ratings, estimated need and hand-set segment (each table read once, grouped by
// account in SQL; what the dialects count differently, days between dates, is reckoned here);
// the cost pools; and the segments with their history.

/// Every account's data for the value analysis: its activity between `from` and `to` (both
/// included) and its purchase days up to `to`, in account id order.
pub async fn analysis_data(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<arvo_core::analysis::CustomerData>> {
    use arvo_core::analysis::CustomerData;
    use arvo_core::behaviour::PurchaseDay;
    use std::collections::HashMap;
    let accounts: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, size_class FROM accounts ORDER BY id")
            .fetch_all(pool)
            .await?;
    let ids: Vec<i64> = accounts.iter().map(|(id, _)| *id).collect();
    let mut data: Vec<CustomerData> = accounts
        .into_iter()
        .map(|(id, size_class)| CustomerData {
            id,
            size_class,
            ..CustomerData::default()
        })
        .collect();
    let index: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let at = |id: i64| index.get(&id).copied();

    // Orders and lines of the period: revenue, the cost of goods (a line without its own cost
    // takes its product's unit cost), orders and lines.
    let orders: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT o.account_id, COUNT(DISTINCT o.id), COUNT(l.id), \
         CAST(COALESCE(SUM(l.net_cents), 0) AS BIGINT), \
         CAST(COALESCE(SUM(COALESCE(l.cost_cents, p.unit_cost_cents * l.quantity_milli / 1000, 0)), 0) AS BIGINT) \
         FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id \
         WHERE o.order_date >= $1 AND o.order_date <= $2 GROUP BY o.account_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    for (id, n_orders, lines, net, cost) in orders {
        if let Some(i) = at(id) {
            let a = &mut data[i].activity;
            a.orders = u64::try_from(n_orders).unwrap_or_default();
            a.order_lines = u64::try_from(lines).unwrap_or_default();
            a.revenue_cents = net;
            a.direct_cost_cents = cost;
        }
    }
    // Activities of the period, counted (service work summed) per account.
    for (table, date, what) in [
        ("deliveries", "delivery_date", "COUNT(*)"),
        ("visits", "visit_date", "COUNT(*)"),
        ("returns", "return_date", "COUNT(*)"),
        ("service_entries", "entry_date", "CAST(COALESCE(SUM(hours_milli), 0) AS BIGINT)"),
    ] {
        let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT account_id, {what} FROM {table} WHERE {date} >= $1 AND {date} <= $2 \
             GROUP BY account_id"
        ))
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?;
        for (id, n) in rows {
            if let Some(i) = at(id) {
                let n = u64::try_from(n).unwrap_or_default();
                let a = &mut data[i].activity;
                match table {
                    "deliveries" => a.deliveries = n,
                    "visits" => a.visits = n,
                    "returns" => a.returns = n,
                    _ => a.service_milli_hours = n,
                }
            }
        }
    }
    // Invoices of the period: their number, and for the paid ones the days to pay, averaged and
    // weighted by amount (the capital tied up).
    let invoices: Vec<(i64, NaiveDate, Option<NaiveDate>, i64)> = sqlx::query_as(
        "SELECT account_id, invoice_date, paid_date, amount_cents FROM invoices \
         WHERE invoice_date >= $1 AND invoice_date <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let mut paid: HashMap<usize, (f64, u32)> = HashMap::new();
    for (id, invoiced, paid_on, amount) in invoices {
        let Some(i) = at(id) else { continue };
        let a = &mut data[i].activity;
        a.invoices += 1;
        if let Some(p) = paid_on {
            let days = (p - invoiced).num_days().max(0);
            let cent_days = u64::try_from(amount.max(0))
                .unwrap_or_default()
                .saturating_mul(u64::try_from(days).unwrap_or_default());
            a.payment_cent_days = a.payment_cent_days.saturating_add(cent_days);
            let e = paid.entry(i).or_default();
            e.0 += days as f64;
            e.1 += 1;
        }
    }
    for (i, (days, n)) in paid {
        data[i].days_to_pay = Some(days / f64::from(n));
    }
    // Purchase days up to `to`, with their net totals.
    let days: Vec<(i64, NaiveDate, i64)> = sqlx::query_as(
        "SELECT o.account_id, o.order_date, CAST(COALESCE(SUM(l.net_cents), 0) AS BIGINT) \
         FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.order_date <= $1 \
         GROUP BY o.account_id, o.order_date ORDER BY o.account_id, o.order_date",
    )
    .bind(to)
    .fetch_all(pool)
    .await?;
    for (id, date, cents) in days {
        if let Some(i) = at(id) {
            data[i].purchase_days.push(PurchaseDay { date, cents });
        }
    }
    // People's latest ratings, estimated needs and hand-set segments.
    for (id, criterion, score) in latest_ratings(pool).await? {
        if let Some(i) = at(id) {
            let score = u8::try_from(score.clamp(1, 5)).unwrap_or(3);
            data[i].ratings.push((criterion, score));
        }
    }
    for (id, need, manual) in segment_inputs(pool).await? {
        if let Some(i) = at(id) {
            data[i].estimated_need_cents = need;
            data[i].manual_segment = manual.as_deref().and_then(arvo_core::segments::Segment::parse);
        }
    }
    Ok(data)
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

/// Every account's estimated need and hand-set segment, as (id, need, manual segment).
pub async fn segment_inputs(pool: &Pool) -> Result<Vec<(i64, Option<i64>, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.estimated_need_cents, \
         CASE WHEN s.manual THEN s.segment ELSE NULL END \
         FROM accounts a LEFT JOIN account_segments s ON s.account_id = a.id ORDER BY a.id",
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
    let current: Vec<(i64, String, String, bool)> =
        sqlx::query_as("SELECT account_id, segment, tier, manual FROM account_segments")
            .fetch_all(&mut *tx)
            .await?;
    let current: std::collections::HashMap<i64, (String, String, bool)> = current
        .into_iter()
        .map(|(id, s, t, m)| (id, (s, t, m)))
        .collect();
    let at = now();
    let mut changed = 0;
    for &(account_id, segment, tier) in segments {
        let before = current.get(&account_id);
        if before.is_some_and(|b| b.2 || (b.0 == segment && b.1 == tier)) {
            continue;
        }
        sqlx::query(
            "INSERT INTO account_segments (account_id, segment, tier, manual, reason, set_by, set_at) \
             VALUES ($1, $2, $3, FALSE, NULL, $4, $5) ON CONFLICT (account_id) DO UPDATE SET \
             segment = excluded.segment, tier = excluded.tier, set_by = excluded.set_by, \
             set_at = excluded.set_at",
        )
        .bind(account_id)
        .bind(segment)
        .bind(tier)
        .bind(&actor.name)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if before.map(|b| b.0.as_str()) != Some(segment) {
            segment_history_entry(
                &mut tx,
                account_id,
                before.map(|b| b.0.as_str()),
                segment,
                false,
                None,
                &actor.name,
                at,
            )
            .await?;
            changed += 1;
        }
    }
    tx.commit().await?;
    Ok(changed)
}

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
