//! An account's activities as its page and the API show them: per year, how many deliveries,
//! invoices (with the amount invoiced, how long they took to pay against their terms, and how
//! many were late), hours of service work, sales visits and returns (with their value) there
//! were, and the latest records of each kind, newest first, with everything stored about them.
//!
//! Years are calendar years of each record's own date (an invoice's invoice date, a return's
//! return date). Money is in cents and hours in thousandths, as stored; averages of days are the
//! only fractions. An invoice is late when it was paid after its due date, or when it is still
//! unpaid and its due date has passed on the day the history is read (an argument, so that the
//! store never reads the clock for it); an invoice without a due date is never late.

use chrono::NaiveDate;
use serde::Serialize;

/// One year of an account's activities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ActivityYear {
    pub year: i32,
    pub deliveries: i64,
    pub invoices: i64,
    /// The sum of the year's invoices (credit notes subtracted), in cents.
    pub invoiced_cents: i64,
    /// Invoices with a payment date.
    pub paid_invoices: i64,
    /// Days from the invoice date to payment, on average over the paid invoices.
    pub average_days_to_pay: Option<f64>,
    /// Days from the invoice date to the due date (the payment terms), on average over the
    /// invoices with a due date.
    pub average_terms_days: Option<f64>,
    /// Invoices paid after their due date, or unpaid past it.
    pub late_invoices: i64,
    /// Invoices without a payment date.
    pub unpaid_invoices: i64,
    pub service_entries: i64,
    /// Hours of service work in thousandths of an hour.
    pub service_hours_milli: i64,
    pub visits: i64,
    pub returns: i64,
    /// The value of the year's returns, in cents.
    pub returned_cents: i64,
}

/// A delivery as an account's history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct DeliverySummary {
    pub delivery_number: String,
    #[schema(value_type = String, example = "2026-11-22")]
    pub delivery_date: NaiveDate,
    /// The order delivered, when it is stored.
    pub order_number: Option<String>,
}

/// An invoice as an account's history lists it, with its terms and how it was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct InvoiceSummary {
    pub invoice_number: String,
    #[schema(value_type = String, example = "2026-11-22")]
    pub invoice_date: NaiveDate,
    #[schema(value_type = Option<String>, example = "2026-12-06")]
    pub due_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, example = "2026-12-10")]
    pub paid_date: Option<NaiveDate>,
    /// Negative for a credit note.
    pub amount_cents: i64,
    /// Days from the invoice date to the due date.
    pub terms_days: Option<i64>,
    /// Days from the invoice date to payment.
    pub days_to_pay: Option<i64>,
    /// Days paid after the due date (negative when early).
    pub days_late: Option<i64>,
}

impl InvoiceSummary {
    /// An invoice with its day counts computed from its dates.
    pub fn new(
        invoice_number: String,
        invoice_date: NaiveDate,
        due_date: Option<NaiveDate>,
        paid_date: Option<NaiveDate>,
        amount_cents: i64,
    ) -> Self {
        let days = |d: NaiveDate, from: NaiveDate| (d - from).num_days();
        Self {
            terms_days: due_date.map(|d| days(d, invoice_date)),
            days_to_pay: paid_date.map(|p| days(p, invoice_date)),
            days_late: paid_date.zip(due_date).map(|(p, d)| days(p, d)),
            invoice_number,
            invoice_date,
            due_date,
            paid_date,
            amount_cents,
        }
    }
}

/// Hours of service work as an account's history lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ServiceSummary {
    /// Given by the file, or derived from the entry's content (`auto-…`).
    pub reference: String,
    #[schema(value_type = String, example = "2026-11-22")]
    pub entry_date: NaiveDate,
    /// Thousandths of an hour.
    pub hours_milli: i64,
    pub person: Option<String>,
    pub description: Option<String>,
}

/// A sales visit as an account's history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct VisitSummary {
    /// Given by the file, or derived from the visit's content (`auto-…`).
    pub reference: String,
    #[schema(value_type = String, example = "2026-11-22")]
    pub visit_date: NaiveDate,
    pub person: Option<String>,
    pub purpose: Option<String>,
}

/// A return as an account's history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ReturnSummary {
    pub return_number: String,
    #[schema(value_type = String, example = "2026-11-22")]
    pub return_date: NaiveDate,
    /// The order returned from, when it is stored.
    pub order_number: Option<String>,
    /// The product returned, when it is stored.
    pub product_number: Option<String>,
    pub product_name: Option<String>,
    /// Thousandths of the product's unit, when known.
    pub quantity_milli: Option<i64>,
    /// The value of the return, in cents.
    pub amount_cents: i64,
    pub reason: Option<String>,
}

/// An account's activities: totals by year and the latest records of each kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ActivityHistory {
    /// Newest year first; only years with some activity.
    pub years: Vec<ActivityYear>,
    /// Each list newest first.
    pub deliveries: Vec<DeliverySummary>,
    pub invoices: Vec<InvoiceSummary>,
    pub service_entries: Vec<ServiceSummary>,
    pub visits: Vec<VisitSummary>,
    pub returns: Vec<ReturnSummary>,
}

impl ActivityHistory {
    /// Whether the account has no activity of any kind.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }
}

/// One year of an account's invoices as the database sums them.
#[derive(sqlx::FromRow)]
pub(crate) struct InvoiceYearRow {
    pub invoice_year: String,
    pub invoices: i64,
    pub invoiced_cents: i64,
    pub paid: i64,
    /// Days to pay, summed over the paid invoices.
    pub days_to_pay: i64,
    pub with_terms: i64,
    /// Payment terms in days, summed over the invoices with a due date.
    pub terms_days: i64,
    pub late: i64,
    pub unpaid: i64,
}

/// An invoice as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct InvoiceRow {
    pub invoice_number: String,
    pub invoice_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub paid_date: Option<NaiveDate>,
    pub amount_cents: i64,
}

/// An average of `total` over `count`; `None` for none.
pub(crate) fn average(total: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| total as f64 / count as f64)
}

/// The year of a year's text as the database gives it (`2026`).
pub(crate) fn year_of(text: &str) -> i32 {
    text.parse().unwrap_or_default()
}

/// The year's entry of `years`, added in its place (newest first) when new.
pub(crate) fn year_entry(years: &mut Vec<ActivityYear>, year: i32) -> &mut ActivityYear {
    let at = years.partition_point(|y| y.year > year);
    if years.get(at).is_none_or(|y| y.year != year) {
        years.insert(
            at,
            ActivityYear {
                year,
                ..ActivityYear::default()
            },
        );
    }
    &mut years[at]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn an_invoice_counts_its_days_from_its_dates() {
        let paid_late = InvoiceSummary::new(
            "L-1".into(),
            day(3, 1),
            Some(day(3, 15)),
            Some(day(3, 20)),
            100,
        );
        assert_eq!(
            (
                paid_late.terms_days,
                paid_late.days_to_pay,
                paid_late.days_late
            ),
            (Some(14), Some(19), Some(5))
        );
        let open = InvoiceSummary::new("L-2".into(), day(3, 1), None, None, -100);
        assert_eq!(
            (open.terms_days, open.days_to_pay, open.days_late),
            (None, None, None)
        );
    }

    #[test]
    fn years_stay_newest_first_and_are_never_repeated() {
        let mut years = Vec::new();
        for y in [2024, 2026, 2025, 2026, 2023] {
            year_entry(&mut years, y).visits += 1;
        }
        let seen: Vec<(i32, i64)> = years.iter().map(|y| (y.year, y.visits)).collect();
        assert_eq!(seen, [(2026, 2), (2025, 1), (2024, 1), (2023, 1)]);
        assert_eq!(average(30, 4), Some(7.5));
        assert_eq!(average(0, 0), None);
    }
}
