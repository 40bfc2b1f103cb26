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
        ActivityHistory, DeliverySummary, InvoiceSummary, ReturnSummary, ServiceSummary,
        VisitSummary, average, year_entry, year_of,
    };
    type Day = chrono::NaiveDate;
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
    let invoices: Vec<(String, i64, i64, i64, i64, i64, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT substr(CAST(invoice_date AS TEXT), 1, 4) AS y, COUNT(*), \
         CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN paid_date IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN paid_date IS NOT NULL THEN {to_pay} ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN due_date IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN due_date IS NOT NULL THEN {terms} ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN due_date IS NOT NULL AND (paid_date > due_date \
         OR (paid_date IS NULL AND due_date < $2)) THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN paid_date IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM invoices WHERE account_id = $1 GROUP BY y"
    ))
    .bind(account_id)
    .bind(today)
    .fetch_all(pool)
    .await?;
    for (y, n, cents, paid, days_to_pay, with_terms, terms_days, late, unpaid) in invoices {
        let year = year_entry(&mut years, year_of(&y));
        year.invoices = n;
        year.invoiced_cents = cents;
        year.paid_invoices = paid;
        year.average_days_to_pay = average(days_to_pay, paid);
        year.average_terms_days = average(terms_days, with_terms);
        year.late_invoices = late;
        year.unpaid_invoices = unpaid;
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

    let deliveries: Vec<(String, Day, Option<String>)> = sqlx::query_as(
        "SELECT d.delivery_number, d.delivery_date, o.order_number FROM deliveries d \
         LEFT JOIN orders o ON o.id = d.order_id WHERE d.account_id = $1 \
         ORDER BY d.delivery_date DESC, d.id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    let invoices: Vec<(String, Day, Option<Day>, Option<Day>, i64)> = sqlx::query_as(
        "SELECT invoice_number, invoice_date, due_date, paid_date, amount_cents FROM invoices \
         WHERE account_id = $1 ORDER BY invoice_date DESC, id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    let service: Vec<(String, Day, i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT reference, entry_date, hours_milli, person, description FROM service_entries \
         WHERE account_id = $1 ORDER BY entry_date DESC, id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    let visits: Vec<(String, Day, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT reference, visit_date, person, purpose FROM visits \
         WHERE account_id = $1 ORDER BY visit_date DESC, id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;
    type ReturnRow = (
        String,
        Day,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
        i64,
        Option<String>,
    );
    let returns: Vec<ReturnRow> = sqlx::query_as(
        "SELECT r.return_number, r.return_date, o.order_number, p.product_number, p.name, \
         r.quantity_milli, r.amount_cents, r.reason FROM returns r \
         LEFT JOIN orders o ON o.id = r.order_id LEFT JOIN products p ON p.id = r.product_id \
         WHERE r.account_id = $1 ORDER BY r.return_date DESC, r.id DESC LIMIT $2",
    )
    .bind(account_id)
    .bind(recent)
    .fetch_all(pool)
    .await?;

    Ok(ActivityHistory {
        years,
        deliveries: deliveries
            .into_iter()
            .map(|(delivery_number, delivery_date, order_number)| DeliverySummary {
                delivery_number,
                delivery_date,
                order_number,
            })
            .collect(),
        invoices: invoices
            .into_iter()
            .map(|(number, date, due, paid, cents)| InvoiceSummary::new(number, date, due, paid, cents))
            .collect(),
        service_entries: service
            .into_iter()
            .map(|(reference, entry_date, hours_milli, person, description)| ServiceSummary {
                reference,
                entry_date,
                hours_milli,
                person,
                description,
            })
            .collect(),
        visits: visits
            .into_iter()
            .map(|(reference, visit_date, person, purpose)| VisitSummary {
                reference,
                visit_date,
                person,
                purpose,
            })
            .collect(),
        returns: returns
            .into_iter()
            .map(
                |(
                    return_number,
                    return_date,
                    order_number,
                    product_number,
                    product_name,
                    quantity_milli,
                    amount_cents,
                    reason,
                )| ReturnSummary {
                    return_number,
                    return_date,
                    order_number,
                    product_number,
                    product_name,
                    quantity_milli,
                    amount_cents,
                    reason,
                },
            )
            .collect(),
    })
}
