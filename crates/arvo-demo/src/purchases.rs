//! Purchase and activity records as an accounting or ERP export gives them: products, order
//! lines, deliveries, invoices, service hours, sales visits and returns. The demo
//! ([`crate::demo_purchases`]) and the benchmark generator ([`crate::generate`]) produce them.
//!
//! The records are plain data with primitive fields, in the units Arvo stores: money in cents,
//! quantities and hours in thousandths (`2,5` is 2500), discounts in basis points (`12,5 %` is
//! 1250). Amounts are net of VAT. Every record names its customer by the customer number the
//! customer master gives it.

use chrono::NaiveDate;

/// A sale made by the firm's own people (phone, email, a visit).
pub const DIRECT: &str = "direct";
/// A sale through the firm's web shop or online booking.
pub const WEB: &str = "web";
/// A sale through a reseller, which is named on the line.
pub const RESELLER: &str = "reseller";

/// A product or service the firm sells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub product_number: String,
    pub name: String,
    pub product_group: String,
    /// The unit of measure, e.g. `kpl`, `m`, `rs` (box), `hlö` (person), `vrk` (night).
    pub unit: String,
    /// Today's list price of one unit, in cents.
    pub list_price_cents: i64,
    /// Today's purchase or production cost of one unit, in cents.
    pub unit_cost_cents: i64,
}

/// One line of an order. The lines of one order share its number, customer, date, channel and
/// reseller; `(order_number, line_number)` is unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub order_number: String,
    /// 1, 2, 3… within the order.
    pub line_number: u32,
    pub customer_number: String,
    pub order_date: NaiveDate,
    pub product_number: String,
    pub product_name: String,
    pub product_group: String,
    /// Thousandths of the product's unit.
    pub quantity_milli: i64,
    /// The price of one unit before the discount, in cents.
    pub unit_price_cents: i64,
    /// The cost of one unit at the time of the order, in cents.
    pub unit_cost_cents: i64,
    /// The discount off the unit price, in basis points (10 000 is 100 %).
    pub discount_bp: i64,
    /// [`DIRECT`], [`WEB`] or [`RESELLER`].
    pub channel: String,
    /// The reseller's name when the channel is [`RESELLER`], otherwise `None`.
    pub reseller: Option<String>,
}

impl OrderLine {
    /// Net sales: quantity × unit price × (1 − discount), rounded to cents half away from zero
    /// as Arvo's own order import computes it.
    pub fn net_cents(&self) -> i64 {
        net_cents(self.quantity_milli, self.unit_price_cents, self.discount_bp)
    }

    /// Direct cost: quantity × unit cost, rounded to cents half away from zero.
    pub fn cost_cents(&self) -> i64 {
        round_div(
            i128::from(self.quantity_milli) * i128::from(self.unit_cost_cents),
            1000,
        )
    }
}

/// The net amount of `quantity_milli` thousandths at `unit_price_cents` less `discount_bp`, in
/// cents, rounded half away from zero.
pub fn net_cents(quantity_milli: i64, unit_price_cents: i64, discount_bp: i64) -> i64 {
    round_div(
        i128::from(quantity_milli)
            * i128::from(unit_price_cents)
            * i128::from(10_000 - discount_bp),
        1000 * 10_000,
    )
}

/// `numerator / denominator` rounded half away from zero; `denominator` is positive.
fn round_div(numerator: i128, denominator: i128) -> i64 {
    let half = denominator / 2;
    let q = if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        (numerator - half) / denominator
    };
    i64::try_from(q).unwrap_or(if q > 0 { i64::MAX } else { i64::MIN })
}

/// A delivery of an order (or of part of it). For the tourism firm it is the day the trip took
/// place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub delivery_number: String,
    pub order_number: String,
    pub customer_number: String,
    pub delivery_date: NaiveDate,
}

/// An invoice and its payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub invoice_number: String,
    pub customer_number: String,
    pub invoice_date: NaiveDate,
    /// Never before the invoice date.
    pub due_date: NaiveDate,
    /// The day the payment arrived; never before the invoice date. `None` while open.
    pub paid_date: Option<NaiveDate>,
    /// Net of VAT, in cents; never negative.
    pub amount_cents: i64,
}

impl Invoice {
    /// The payment term in days.
    pub fn terms_days(&self) -> i64 {
        (self.due_date - self.invoice_date).num_days()
    }

    /// Days from the invoice to its payment, once paid.
    pub fn days_to_pay(&self) -> Option<i64> {
        self.paid_date.map(|p| (p - self.invoice_date).num_days())
    }

    /// Days paid after the due date (negative when paid early), once paid.
    pub fn days_late(&self) -> Option<i64> {
        self.paid_date.map(|p| (p - self.due_date).num_days())
    }
}

/// Hours of service work for a customer: advice, offers, sorting out problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEntry {
    pub reference: String,
    pub customer_number: String,
    pub date: NaiveDate,
    /// Thousandths of an hour.
    pub hours_milli: i64,
    /// Who did the work: one of the demo's owners.
    pub person: String,
    pub description: String,
}

/// A sales visit to a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub reference: String,
    pub customer_number: String,
    pub date: NaiveDate,
    /// Who visited: one of the demo's owners.
    pub person: String,
    pub purpose: String,
}

/// Goods returned from an order, credited to the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Return {
    pub return_number: String,
    pub order_number: String,
    pub customer_number: String,
    pub return_date: NaiveDate,
    pub product_number: String,
    /// Thousandths of the product's unit; positive and at most the ordered quantity.
    pub quantity_milli: i64,
    /// The credit, in cents: the net price of the returned quantity. Positive.
    pub amount_cents: i64,
    pub reason: String,
}

/// Everything the demo firms sold and did for their customers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurchaseData {
    /// The wholesaler's products first, then the tourism firm's.
    pub products: Vec<Product>,
    /// By order date, then order number and line number.
    pub order_lines: Vec<OrderLine>,
    /// By delivery date.
    pub deliveries: Vec<Delivery>,
    /// By invoice date.
    pub invoices: Vec<Invoice>,
    /// By date.
    pub service_entries: Vec<ServiceEntry>,
    /// By date.
    pub visits: Vec<Visit>,
    /// By return date.
    pub returns: Vec<Return>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_and_cost_round_half_away_from_zero() {
        assert_eq!(net_cents(2500, 1990, 0), 4975);
        // 3 × 3,33 € less 10 % = 8,991 € → 8,99 €.
        assert_eq!(net_cents(3000, 333, 1000), 899);
        // 1 × 0,05 € less 50 % = 0,025 € → 0,03 €.
        assert_eq!(net_cents(1000, 5, 5000), 3);
        assert_eq!(net_cents(1000, 999, 10_000), 0);
        let line = OrderLine {
            order_number: "1".into(),
            line_number: 1,
            customer_number: "10001".into(),
            order_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            product_number: "P".into(),
            product_name: "Tuote".into(),
            product_group: "Laakerit".into(),
            quantity_milli: 1500,
            unit_price_cents: 1001,
            unit_cost_cents: 333,
            discount_bp: 0,
            channel: DIRECT.into(),
            reseller: None,
        };
        assert_eq!(line.net_cents(), 1502);
        assert_eq!(line.cost_cents(), 500);
    }
}
