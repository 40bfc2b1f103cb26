//! The shapes of an import as the store receives it: records already read and checked field by
//! field (by `arvo-sheets` and arvo-core), keyed by the numbers they carry in the customer's own
//! systems. The store stages them in a temporary table inside one transaction, resolves the keys
//! against the database set by set, reports the rows it cannot take (an unknown customer, lines
//! of one order that disagree, a line given twice), counts what would be created, changed and
//! left as it is, and applies everything at once or nothing.

use arvo_core::{Actor, Problem};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::hash_map::Entry;

/// Rows staged by one statement: well under both databases' limits on bound values.
pub const STAGE_BATCH: usize = 500;

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

/// An order as its first line in the file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OrderHead {
    pub order_number: String,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub order_date: NaiveDate,
    pub channel: String,
    pub reseller: Option<String>,
    pub first_row: u64,
}

impl OrderHead {
    /// Whether a record describes its order as this head does.
    fn agrees(&self, r: &OrderLineRecord) -> bool {
        self.customer_number == r.customer_number
            && self.business_id == r.business_id
            && self.order_date == r.order_date
            && self.channel == r.channel
            && self.reseller == r.reseller
    }
}

/// A product as the first line that names it describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProductHead {
    pub product_number: String,
    pub name: Option<String>,
    pub group: Option<String>,
}

/// A line ready for the staging table: its order and product by their place in the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StagedLine {
    pub order: u32,
    pub line_number: i64,
    pub product: u32,
    pub quantity_milli: i64,
    pub unit_price_cents: i64,
    pub unit_cost_cents: Option<i64>,
    pub discount_bp: i64,
    pub net_cents: i64,
    pub cost_cents: Option<i64>,
}

/// What an order's staged lines add up to: the day totals of an import whose orders are all new
/// are summed from these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct OrderTotal {
    pub lines: i64,
    pub net_cents: i64,
    /// The cost of the lines that carry their own.
    pub cost_cents: i64,
}

/// A staged line as the book remembers it: its order, its product and its row in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BookedLine {
    pub order: u32,
    pub product: u32,
    pub row: u64,
}

/// The line numbers an order has been given so far. Most files list an order's lines one after
/// another, numbered up from the first, so that they are one run of consecutive line numbers on
/// consecutive rows: remembered by where it starts and how long it is. An order whose lines come
/// otherwise has them in the book's map of scattered lines instead.
#[derive(Debug, Clone, Copy)]
enum Lines {
    Run {
        first_line: i64,
        first_row: u64,
        len: u64,
    },
    Scattered,
}

/// What an order import learns from its records before the database sees them: each order's
/// head (from its first line), each product, and the lines that cannot be taken because they
/// disagree with their order's first line or repeat a line. Orders and products are numbered in
/// the order they appear, so that the staged lines refer to them by number.
#[derive(Debug, Default)]
pub(crate) struct OrderBook {
    pub orders: Vec<OrderHead>,
    /// What each order's staged lines add up to, by the order's number in the book.
    pub totals: Vec<OrderTotal>,
    order_index: FxHashMap<String, u32>,
    /// The line numbers of each order so far, by the order's number in the book.
    order_lines: Vec<Lines>,
    /// The row each (order, line number) was first given on, for the orders whose lines are not
    /// one run.
    scattered: FxHashMap<(u32, i64), u64>,
    /// The order of the latest record, which the next record most often shares.
    last_order: Option<u32>,
    pub products: Vec<ProductHead>,
    product_index: FxHashMap<String, u32>,
    pub rejected: Vec<RowProblem>,
    /// Every staged line, in the order staged.
    pub booked: Vec<BookedLine>,
    /// The orders already written to the staging table (the first `staged_orders`).
    pub staged_orders: usize,
    /// Whether some staged line came after one of a later order (by the book's numbers) or of
    /// the same order and a greater or equal line number: then the lines are sorted before they
    /// are written, so that the order lines' key grows as they are.
    pub out_of_key_order: bool,
    /// The order and line number of the latest staged line.
    last_key: Option<(u32, i64)>,
}

impl OrderBook {
    /// Books the records and returns the lines to stage.
    pub fn take(&mut self, records: &[OrderLineRecord]) -> Vec<StagedLine> {
        let mut staged = Vec::with_capacity(records.len());
        for r in records {
            let known = self
                .last_order
                .filter(|&i| self.orders[i as usize].order_number == r.order_number)
                .or_else(|| self.order_index.get(r.order_number.as_str()).copied());
            let order = if let Some(index) = known {
                let head = &self.orders[index as usize];
                if !head.agrees(r) {
                    self.rejected.push(RowProblem {
                        row: r.row,
                        field: "order_number",
                        problem: Problem::OrderMismatch {
                            row: head.first_row,
                        },
                    });
                    continue;
                }
                index
            } else {
                let index = u32::try_from(self.orders.len()).unwrap_or(u32::MAX);
                self.order_index.insert(r.order_number.clone(), index);
                self.orders.push(OrderHead {
                    order_number: r.order_number.clone(),
                    customer_number: r.customer_number.clone(),
                    business_id: r.business_id.clone(),
                    order_date: r.order_date,
                    channel: r.channel.clone(),
                    reseller: r.reseller.clone(),
                    first_row: r.row,
                });
                self.totals.push(OrderTotal::default());
                self.order_lines.push(Lines::Run {
                    first_line: r.line_number,
                    first_row: r.row,
                    len: 0,
                });
                index
            };
            self.last_order = Some(order);
            if let Some(first) = self.add_line(order, r.line_number, r.row) {
                self.rejected.push(RowProblem {
                    row: r.row,
                    field: "line_number",
                    problem: Problem::RepeatedRow { row: first },
                });
                continue;
            }
            let product = self.product(r);
            let key = (order, r.line_number);
            if self.last_key.is_some_and(|last| last >= key) {
                self.out_of_key_order = true;
            }
            self.last_key = Some(key);
            let total = &mut self.totals[order as usize];
            total.lines += 1;
            total.net_cents = total.net_cents.saturating_add(r.net_cents);
            total.cost_cents = total
                .cost_cents
                .saturating_add(r.cost_cents.unwrap_or_default());
            self.booked.push(BookedLine {
                order,
                product,
                row: r.row,
            });
            staged.push(StagedLine {
                order,
                line_number: r.line_number,
                product,
                quantity_milli: r.quantity_milli,
                unit_price_cents: r.unit_price_cents,
                unit_cost_cents: r.unit_cost_cents,
                discount_bp: r.discount_bp,
                net_cents: r.net_cents,
                cost_cents: r.cost_cents,
            });
        }
        staged
    }

    /// Notes that `order` has line `line` on `row`; when it had that line already, the row it
    /// was first given on.
    fn add_line(&mut self, order: u32, line: i64, row: u64) -> Option<u64> {
        let lines = &mut self.order_lines[order as usize];
        if let Lines::Run {
            first_line,
            first_row,
            len,
        } = lines
        {
            let offset = i128::from(line) - i128::from(*first_line);
            if (0..i128::from(*len)).contains(&offset) {
                return Some(*first_row + u64::try_from(offset).unwrap_or(0));
            }
            if offset == i128::from(*len) && first_row.checked_add(*len) == Some(row) {
                *len += 1;
                return None;
            }
            // The run ends here: its lines move to the map.
            let (first_line, first_row, len) = (*first_line, *first_row, *len);
            *lines = Lines::Scattered;
            for k in 0..len {
                let k_line =
                    i64::try_from(i128::from(first_line) + i128::from(k)).unwrap_or(i64::MAX);
                self.scattered.insert((order, k_line), first_row + k);
            }
        }
        match self.scattered.entry((order, line)) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(row);
                None
            }
        }
    }

    /// The book's number of the record's product, added when new; a name or group the
    /// product's earlier lines did not give is taken from this one.
    fn product(&mut self, r: &OrderLineRecord) -> u32 {
        if let Some(&index) = self.product_index.get(r.product_number.as_str()) {
            let p = &mut self.products[index as usize];
            if p.name.is_none() {
                p.name.clone_from(&r.product_name);
            }
            if p.group.is_none() {
                p.group.clone_from(&r.product_group);
            }
            return index;
        }
        let index = u32::try_from(self.products.len()).unwrap_or(u32::MAX);
        self.product_index.insert(r.product_number.clone(), index);
        self.products.push(ProductHead {
            product_number: r.product_number.clone(),
            name: r.product_name.clone(),
            group: r.product_group.clone(),
        });
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(row: u64, order: &str, line: i64, customer: &str) -> OrderLineRecord {
        OrderLineRecord {
            row,
            order_number: order.into(),
            line_number: line,
            customer_number: Some(customer.into()),
            business_id: None,
            order_date: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            product_number: "P-1".into(),
            product_name: None,
            product_group: None,
            quantity_milli: 1000,
            unit_price_cents: 100,
            unit_cost_cents: None,
            discount_bp: 0,
            net_cents: 100,
            cost_cents: None,
            channel: "direct".into(),
            reseller: None,
        }
    }

    #[test]
    fn the_book_rejects_disagreeing_and_repeated_lines() {
        let mut book = OrderBook::default();
        let mut named = record(3, "T-1", 2, "1");
        named.product_name = Some("Laakeri".into());
        let staged = book.take(&[
            record(2, "T-1", 1, "1"),
            named,
            record(4, "T-1", 3, "2"),
            record(5, "T-2", 1, "2"),
        ]);
        let staged_again = book.take(&[record(6, "T-1", 1, "1")]);
        assert_eq!(staged.len(), 3);
        assert!(staged_again.is_empty());
        assert_eq!(
            book.rejected,
            [
                RowProblem {
                    row: 4,
                    field: "order_number",
                    problem: Problem::OrderMismatch { row: 2 }
                },
                RowProblem {
                    row: 6,
                    field: "line_number",
                    problem: Problem::RepeatedRow { row: 2 }
                }
            ]
        );
        assert_eq!(book.orders.len(), 2);
        assert_eq!(book.products.len(), 1);
        assert_eq!(book.products[0].name.as_deref(), Some("Laakeri"));
        assert_eq!(staged[2].order, 1);
        assert!(!book.out_of_key_order);
    }

    #[test]
    fn repeated_lines_are_found_wherever_an_orders_lines_come() {
        let mut book = OrderBook::default();
        // T-1's lines run from 1 to 3 on rows 2 to 4; T-2 interleaves with T-3 and skips a row.
        let staged = book.take(&[
            record(2, "T-1", 1, "1"),
            record(3, "T-1", 2, "1"),
            record(4, "T-1", 3, "1"),
            record(5, "T-2", 1, "1"),
            record(6, "T-3", 1, "1"),
            record(7, "T-2", 2, "1"),
            record(9, "T-3", 2, "1"),
        ]);
        assert_eq!(staged.len(), 7);
        assert!(book.rejected.is_empty());
        assert!(book.out_of_key_order, "T-2's second line comes after T-3");
        book.take(&[
            record(10, "T-1", 2, "1"),
            record(11, "T-1", 4, "1"),
            record(12, "T-2", 1, "1"),
            record(13, "T-3", 2, "1"),
            record(14, "T-1", 3, "1"),
            record(15, "T-1", 0, "1"),
            record(16, "T-1", 0, "1"),
        ]);
        let repeated: Vec<(u64, Problem)> = book
            .rejected
            .iter()
            .map(|p| (p.row, p.problem.clone()))
            .collect();
        assert_eq!(
            repeated,
            [
                (10, Problem::RepeatedRow { row: 3 }),
                (12, Problem::RepeatedRow { row: 5 }),
                (13, Problem::RepeatedRow { row: 9 }),
                (14, Problem::RepeatedRow { row: 4 }),
                (16, Problem::RepeatedRow { row: 15 }),
            ]
        );
        let rows: Vec<u64> = book.booked.iter().map(|l| l.row).collect();
        assert_eq!(rows, [2, 3, 4, 5, 6, 7, 9, 11, 15]);
    }
}

/// One account as a file gives it, already valid on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountImportRow {
    /// The row's number in the file, as a spreadsheet shows it.
    pub row: u64,
    pub draft: arvo_core::AccountDraft,
}

/// One product as a file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductImportRow {
    pub row: u64,
    pub product_number: String,
    pub name: String,
    pub product_group: Option<String>,
    pub unit: String,
    pub list_price_cents: Option<i64>,
    pub unit_cost_cents: Option<i64>,
}

/// The type of a column of an activity table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    Integer,
    Date,
}

/// A value of an activity record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(Option<String>),
    Integer(Option<i64>),
    Date(Option<NaiveDate>),
}

/// An activity table an import fills: its natural key, its own columns, and whether its rows
/// name an order and a product (both optional links, found by their numbers).
#[derive(Debug, Clone, Copy)]
pub struct ActivityKind {
    /// The import log's name, e.g. `invoices`.
    pub kind: &'static str,
    pub table: &'static str,
    pub key: &'static str,
    pub columns: &'static [(&'static str, ValueType)],
    pub links_order: bool,
    pub links_product: bool,
}

impl ActivityKind {
    /// The column of the record's own date, by which it falls in a year or a period: the first
    /// of its columns.
    pub fn date_column(&self) -> &'static str {
        self.columns[0].0
    }
}

pub const DELIVERIES: ActivityKind = ActivityKind {
    kind: "deliveries",
    table: "deliveries",
    key: "delivery_number",
    columns: &[("delivery_date", ValueType::Date)],
    links_order: true,
    links_product: false,
};

pub const INVOICES: ActivityKind = ActivityKind {
    kind: "invoices",
    table: "invoices",
    key: "invoice_number",
    columns: &[
        ("invoice_date", ValueType::Date),
        ("due_date", ValueType::Date),
        ("paid_date", ValueType::Date),
        ("amount_cents", ValueType::Integer),
    ],
    links_order: false,
    links_product: false,
};

pub const SERVICE_ENTRIES: ActivityKind = ActivityKind {
    kind: "service_hours",
    table: "service_entries",
    key: "reference",
    columns: &[
        ("entry_date", ValueType::Date),
        ("hours_milli", ValueType::Integer),
        ("person", ValueType::Text),
        ("description", ValueType::Text),
    ],
    links_order: false,
    links_product: false,
};

pub const VISITS: ActivityKind = ActivityKind {
    kind: "visits",
    table: "visits",
    key: "reference",
    columns: &[
        ("visit_date", ValueType::Date),
        ("person", ValueType::Text),
        ("purpose", ValueType::Text),
    ],
    links_order: false,
    links_product: false,
};

pub const RETURNS: ActivityKind = ActivityKind {
    kind: "returns",
    table: "returns",
    key: "return_number",
    columns: &[
        ("return_date", ValueType::Date),
        ("quantity_milli", ValueType::Integer),
        ("amount_cents", ValueType::Integer),
        ("reason", ValueType::Text),
    ],
    links_order: true,
    links_product: true,
};

/// Every activity kind, in the order Arvo lists them.
pub const ACTIVITY_KINDS: [&ActivityKind; 5] =
    [&DELIVERIES, &INVOICES, &SERVICE_ENTRIES, &VISITS, &RETURNS];

/// One activity record as a file gives it: its key, its customer, its optional order and
/// product, and the values of its kind's columns in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    pub row: u64,
    pub key: String,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub order_number: Option<String>,
    pub product_number: Option<String>,
    pub values: Vec<Value>,
}

/// A finished import as the import log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ImportLogEntry {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub actor: String,
    pub via: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub rows_read: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
}

/// One contact person as a file gives it, with the customer it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactImportRow {
    pub row: u64,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub draft: arvo_core::ContactDraft,
}

#[cfg(test)]
mod activity_kind_tests {
    use super::*;

    #[test]
    fn every_activity_kind_is_dated_by_its_first_column() {
        let dates: Vec<&str> = ACTIVITY_KINDS.iter().map(|k| k.date_column()).collect();
        assert_eq!(
            dates,
            [
                "delivery_date",
                "invoice_date",
                "entry_date",
                "visit_date",
                "return_date"
            ]
        );
        assert!(
            ACTIVITY_KINDS
                .iter()
                .all(|k| k.columns[0].1 == ValueType::Date)
        );
    }
}
