//! The shapes of an import as the store receives it: records already read and checked field by
//! field (by `arvo-sheets` and arvo-core), keyed by the numbers they carry in the customer's own
//! systems. The store stages them in a temporary table inside one transaction, resolves the keys
//! against the database set by set, reports the rows it cannot take (an unknown customer, lines
//! of one order that disagree, a line given twice), counts what would be created, changed and
//! left as it is, and applies everything at once or nothing.

use arvo_core::{Actor, Problem};
use chrono::NaiveDate;
use serde::Serialize;

/// Rows staged by one statement: well under both databases' limits on bound values.
pub const STAGE_BATCH: usize = 400;

/// One order line as a file gives it, already valid on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineRecord {
    /// The row's number in the file, as a spreadsheet shows it.
    pub row: u64,
    pub order_number: String,
    pub line_number: i64,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub order_date: NaiveDate,
    pub product_number: String,
    pub product_name: Option<String>,
    pub product_group: Option<String>,
    pub quantity_milli: i64,
    pub unit_price_cents: i64,
    pub unit_cost_cents: Option<i64>,
    pub discount_bp: i64,
    pub net_cents: i64,
    pub cost_cents: Option<i64>,
    /// `direct`, `web` or `reseller`.
    pub channel: String,
    pub reseller: Option<String>,
}

/// How many rows an import creates, changes and finds unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// A row the store could not take, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub row: u64,
    pub field: &'static str,
    pub problem: Problem,
}

/// How an import ends.
#[derive(Debug, Clone)]
pub struct ImportOptions<'a> {
    /// Count and check only; change nothing.
    pub dry_run: bool,
    /// Apply the good rows even when some are rejected (here or before staging).
    pub skip_invalid: bool,
    /// Rows rejected before staging (unreadable values); without `skip_invalid` they stop the
    /// import as the store's own rejections do.
    pub rejected_before: u64,
    /// Every data row of the file, good or bad.
    pub rows_read: u64,
    pub file_name: &'a str,
    pub actor: &'a Actor,
}

/// What an import did, or would do in a dry run or when rows were rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// Rows of the file by what they do to the stored data (rejected rows excluded).
    pub rows: ImportCounts,
    /// Orders new to the database.
    pub orders_created: u64,
    /// Products met for the first time, added with their number, name and group.
    pub products_created: u64,
    /// The rows the store rejected, in file order.
    pub rejected: Vec<RowProblem>,
    /// Whether the changes were saved.
    pub applied: bool,
}

/// One year of an account's purchases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct YearTotal {
    pub year: i32,
    pub orders: i64,
    pub lines: i64,
    /// Net sales after discounts, in cents.
    pub net_cents: i64,
    /// The cost of the lines whose cost is known, in cents.
    pub cost_cents: i64,
    /// Net sales of the lines whose cost is known, so that a margin compares like with like.
    pub costed_net_cents: i64,
}

/// One product group's sales to an account in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct GroupTotal {
    pub year: i32,
    /// `None` for products without a group.
    pub product_group: Option<String>,
    pub lines: i64,
    pub net_cents: i64,
}

/// One order as a purchase history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OrderSummary {
    pub order_number: String,
    #[schema(value_type = String, example = "2026-11-22")]
    pub order_date: NaiveDate,
    pub channel: String,
    pub reseller: Option<String>,
    pub lines: i64,
    pub net_cents: i64,
}

/// An account's purchase history: totals by year and by product group, and the latest orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PurchaseHistory {
    /// Newest year first.
    pub years: Vec<YearTotal>,
    /// Newest year first, the largest group first within a year.
    pub groups: Vec<GroupTotal>,
    /// Newest first.
    pub recent_orders: Vec<OrderSummary>,
}
