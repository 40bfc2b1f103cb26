// An account's activities, written once and compiled for each dialect next to `repo.rs` (whose
// imports and helpers it shares): each kind's totals by year, grouped in the database on the
// account's index of that kind (account and date), and each kind's latest records. Days between
// two dates are counted by `days_between`, which each dialect defines in `lib.rs`.

/// An account's activities with the `recent` latest records of each kind, as of `today` (the day
/// against which unpaid invoices are late).
pub async fn activity_history(
    pool: &Pool,
    account_id: i64,
    recent: i64,
    today: chrono::NaiveDate,
) -> Result<crate::activities::ActivityHistory> {
    use crate::activities::{
        ActivityHistory, DeliverySummary, InvoiceRow, InvoiceSummary, InvoiceYearRow,
        ReturnSummary, ServiceSummary, VisitSummary, average, year_entry, year_of,
    };
    let mut years = Vec::new();

    let counted: Vec<(String, i64)> = sqlx::query_as(
        "SELECT substr(CAST(delivery_date AS TEXT), 1, 4) AS y, COUNT(*) FROM deliveries \
         WHERE account_id = $1 GROUP BY y",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    for (y, n) in counted {
        year_entry(&mut years, year_of(&y)).deliveries = n;
    }

    let to_pay = days_between("paid_date", "invoice_date");
    let terms = days_between("due_date", "invoice_date");
    let invoice_years: Vec<InvoiceYearRow> = sqlx::query_as(&format!(
        "SELECT substr(CAST(invoice_date AS TEXT), 1, 4) AS invoice_year, COUNT(*) AS invoices, \
         CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) AS invoiced_cents, \
         CAST(COALESCE(SUM(CASE WHEN paid_date IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS paid, \
         CAST(COALESCE(SUM(CASE WHEN paid_date IS NOT NULL THEN {to_pay} ELSE 0 END), 0) AS BIGINT) \
         AS days_to_pay, \
         CAST(COALESCE(SUM(CASE WHEN due_date IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS with_terms, \
         CAST(COALESCE(SUM(CASE WHEN due_date IS NOT NULL THEN {terms} ELSE 0 END), 0) AS BIGINT) \
         AS terms_days, \
         CAST(COALESCE(SUM(CASE WHEN due_date IS NOT NULL AND (paid_date > due_date \
         OR (paid_date IS NULL AND due_date < $2)) THEN 1 ELSE 0 END), 0) AS BIGINT) AS late, \
         CAST(COALESCE(SUM(CASE WHEN paid_date IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS unpaid \
         FROM invoices WHERE account_id = $1 GROUP BY invoice_year"
    ))
    .bind(account_id)
    .bind(today)
    .fetch_all(pool)
    .await?;
    for r in invoice_years {
        let year = year_entry(&mut years, year_of(&r.invoice_year));
        year.invoices = r.invoices;
        year.invoiced_cents = r.invoiced_cents;
        year.paid_invoices = r.paid;
        year.average_days_to_pay = average(r.days_to_pay, r.paid);
        year.average_terms_days = average(r.terms_days, r.with_terms);
        year.late_invoices = r.late;
        year.unpaid_invoices = r.unpaid;
    }

    let service: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT substr(CAST(entry_date AS TEXT), 1, 4) AS y, COUNT(*), \
         CAST(COALESCE(SUM(hours_milli), 0) AS BIGINT) FROM service_entries \
         WHERE account_id = $1 GROUP BY y",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    for (y, n, hours) in service {
        let year = year_entry(&mut years, year_of(&y));
        year.service_entries = n;
        year.service_hours_milli = hours;
    }

    let visits: Vec<(String, i64)> = sqlx::query_as(
        "SELECT substr(CAST(visit_date AS TEXT), 1, 4) AS y, COUNT(*) FROM visits \
         WHERE account_id = $1 GROUP BY y",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    for (y, n) in visits {
        year_entry(&mut years, year_of(&y)).visits = n;
    }

    let returns: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT substr(CAST(return_date AS TEXT), 1, 4) AS y, COUNT(*), \
         CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM returns \
         WHERE account_id = $1 GROUP BY y",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    for (y, n, cents) in returns {
        let year = year_entry(&mut years, year_of(&y));
        year.returns = n;
        year.returned_cents = cents;
    }

    let deliveries: Vec<DeliverySummary> = sqlx::query_as(
        "SELECT d.delivery_number, d.delivery_date, o.order_number FROM deliveries d \
         LEFT JOIN orders o ON o.id = d.order_id WHERE d.account_id = $1 \
         ORDER BY d.delivery_date DESC, d.id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    let invoices: Vec<InvoiceRow> = sqlx::query_as(
        "SELECT invoice_number, invoice_date, due_date, paid_date, amount_cents FROM invoices \
         WHERE account_id = $1 ORDER BY invoice_date DESC, id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    let service_entries: Vec<ServiceSummary> = sqlx::query_as(
        "SELECT reference, entry_date, hours_milli, person, description FROM service_entries \
         WHERE account_id = $1 ORDER BY entry_date DESC, id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    let visits: Vec<VisitSummary> = sqlx::query_as(
        "SELECT reference, visit_date, person, purpose FROM visits \
         WHERE account_id = $1 ORDER BY visit_date DESC, id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    let returns: Vec<ReturnSummary> = sqlx::query_as(
        "SELECT r.return_number, r.return_date, o.order_number, p.product_number, \
         p.name AS product_name, r.quantity_milli, r.amount_cents, r.reason FROM returns r \
         LEFT JOIN orders o ON o.id = r.order_id LEFT JOIN products p ON p.id = r.product_id \
         WHERE r.account_id = $1 ORDER BY r.return_date DESC, r.id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;

    Ok(ActivityHistory {
        years,
        deliveries,
        invoices: invoices
            .into_iter()
            .map(|i| {
                InvoiceSummary::new(
                    i.invoice_number,
                    i.invoice_date,
                    i.due_date,
                    i.paid_date,
                    i.amount_cents,
                )
            })
            .collect(),
        service_entries,
        visits,
        returns,
    })
}
