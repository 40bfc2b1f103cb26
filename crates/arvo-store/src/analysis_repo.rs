// The data the value analysis reads, written once and compiled for each dialect next to
// `repo.rs`: every account with what it bought and caused in a period and its purchase days up
// to a day. Each table is read once, grouped by account in SQL; what the dialects count
// differently (days between dates) is reckoned here.

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
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM accounts ORDER BY id")
        .fetch_all(pool)
        .await?;
    let mut data: Vec<CustomerData> = ids
        .iter()
        .map(|&id| CustomerData {
            id,
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
    Ok(data)
}
