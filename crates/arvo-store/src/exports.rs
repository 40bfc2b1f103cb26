//! Lists read whole for an export, one page at a time: the accounts and the contacts of a list
//! query (its filters, its order and the asking user's scope, exactly as the list pages apply
//! them), the order lines with their order, customer and product, the products, and the records
//! of each activity kind (deliveries, invoices, service entries, visits, returns) with their
//! customer and the order and product they name. A reader holds only the page it has just read
//! and where the next one starts, so an export of any size keeps one page in memory; pages follow
//! keys (the list's cursor, the order's id and the line number, or the row's id), so rows added
//! or removed meanwhile never make a page skip or repeat a row that stays. `count` tells how many
//! rows the same query matches, for the export's audit event before any row is handed out.

use crate::imports::{ActivityKind, Value};
use crate::{AccountQuery, ContactQuery, Result, Store};
use arvo_core::{Account, Contact, Scope};
use chrono::NaiveDate;

/// Rows read from the database at a time while an export is written.
pub const EXPORT_PAGE: i64 = 1000;

/// Which order lines an export reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderLineQuery {
    /// Only the lines of this account's orders.
    pub account_id: Option<i64>,
    /// Only orders on or after this day.
    pub from: Option<NaiveDate>,
    /// Only orders on or before this day.
    pub to: Option<NaiveDate>,
    /// The accounts whose orders the asking user may see.
    pub scope: Scope,
}

/// One order line with its order, its customer and its product.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderLineRow {
    /// Arvo's id of the order; with the line number, where a page ends.
    pub order_id: i64,
    pub order_number: String,
    pub line_number: i64,
    pub order_date: NaiveDate,
    /// `direct`, `web` or `reseller`.
    pub channel: String,
    pub reseller: Option<String>,
    pub account_id: i64,
    pub customer_number: Option<String>,
    pub account_name: String,
    pub business_id: Option<String>,
    pub product_number: String,
    pub product_name: String,
    pub product_group: Option<String>,
    pub quantity_milli: i64,
    pub unit_price_cents: i64,
    pub unit_cost_cents: Option<i64>,
    pub discount_bp: i64,
    pub net_cents: i64,
    pub cost_cents: Option<i64>,
}

/// How an exported contact names its account.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountLabel {
    pub id: i64,
    pub customer_number: Option<String>,
    pub name: String,
    pub business_id: Option<String>,
}

/// A contact with its account, as a contact export lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactLine {
    pub contact: Contact,
    pub account: AccountLabel,
}

/// The accounts of a list query, page by page in the list's order.
pub struct AccountReader {
    store: Store,
    query: AccountQuery,
    done: bool,
}

impl AccountReader {
    pub(crate) fn new(store: Store, mut query: AccountQuery) -> Self {
        query.cursor = None;
        Self {
            store,
            query,
            done: false,
        }
    }

    /// The next page; `None` once every row has been read.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Account>>> {
        if self.done {
            return Ok(None);
        }
        let page = self.store.accounts_for_export(&self.query).await?;
        self.query.cursor = page.next_cursor;
        self.done = self.query.cursor.is_none();
        Ok(Some(page.items))
    }

    /// How many accounts the query matches now.
    pub async fn count(&self) -> Result<u64> {
        let n = self.store.count_matching_accounts(&self.query).await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// The contacts of a list query with their accounts, page by page in name order.
pub struct ContactReader {
    store: Store,
    query: ContactQuery,
    done: bool,
}

impl ContactReader {
    pub(crate) fn new(store: Store, mut query: ContactQuery) -> Self {
        query.cursor = None;
        Self {
            store,
            query,
            done: false,
        }
    }

    /// The next page; `None` once every row has been read.
    pub async fn next_page(&mut self) -> Result<Option<Vec<ContactLine>>> {
        if self.done {
            return Ok(None);
        }
        let page = self.store.contacts_for_export(&self.query).await?;
        self.query.cursor = page.next_cursor;
        self.done = self.query.cursor.is_none();
        Ok(Some(page.items))
    }

    /// How many contacts the query matches now.
    pub async fn count(&self) -> Result<u64> {
        let n = self.store.count_matching_contacts(&self.query).await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// Order lines, page by page by order (in the order the orders were stored) and line number.
pub struct OrderLineReader {
    store: Store,
    query: OrderLineQuery,
    /// The last row read: its order's id and its line number.
    after: Option<(i64, i64)>,
    done: bool,
}

impl OrderLineReader {
    pub(crate) fn new(store: Store, query: OrderLineQuery) -> Self {
        Self {
            store,
            query,
            after: None,
            done: false,
        }
    }

    /// The next page; `None` once every row has been read.
    pub async fn next_page(&mut self) -> Result<Option<Vec<OrderLineRow>>> {
        if self.done {
            return Ok(None);
        }
        let rows = self
            .store
            .order_lines_for_export(&self.query, self.after)
            .await?;
        self.done = (rows.len() as i64) < EXPORT_PAGE;
        self.after = rows.last().map(|r| (r.order_id, r.line_number));
        Ok(Some(rows))
    }

    /// How many order lines the query matches now.
    pub async fn count(&self) -> Result<u64> {
        let n = self.store.count_order_lines(&self.query).await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// One product with its group.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProductRow {
    /// Arvo's id; where a page ends.
    pub id: i64,
    pub product_number: String,
    pub name: String,
    pub product_group: Option<String>,
    pub unit: String,
    pub list_price_cents: Option<i64>,
    pub unit_cost_cents: Option<i64>,
}

/// Every product, page by page in the order they were stored.
pub struct ProductReader {
    store: Store,
    after: Option<i64>,
    done: bool,
}

impl ProductReader {
    pub(crate) fn new(store: Store) -> Self {
        Self {
            store,
            after: None,
            done: false,
        }
    }

    /// The next page; `None` once every row has been read.
    pub async fn next_page(&mut self) -> Result<Option<Vec<ProductRow>>> {
        if self.done {
            return Ok(None);
        }
        let rows = self.store.products_for_export(self.after).await?;
        self.done = (rows.len() as i64) < EXPORT_PAGE;
        self.after = rows.last().map(|r| r.id);
        Ok(Some(rows))
    }

    /// How many products there are now.
    pub async fn count(&self) -> Result<u64> {
        let n = self.store.count_products().await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// Which records of an activity kind an export reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    /// Only this account's records.
    pub account_id: Option<i64>,
    /// Only records dated on or after this day (the kind's [`ActivityKind::date_column`]).
    pub from: Option<NaiveDate>,
    /// Only records dated on or before this day.
    pub to: Option<NaiveDate>,
    /// The accounts whose records the asking user may see.
    pub scope: Scope,
}

/// One activity record with its customer and the order and product it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    /// Arvo's id; where a page ends.
    pub id: i64,
    /// Its number or reference.
    pub key: String,
    pub account_id: i64,
    pub customer_number: Option<String>,
    pub account_name: String,
    pub business_id: Option<String>,
    /// The stored order it names (kinds that link orders).
    pub order_number: Option<String>,
    /// The stored product it names (kinds that link products).
    pub product_number: Option<String>,
    pub product_name: Option<String>,
    /// The values of the kind's columns, in [`ActivityKind::columns`] order.
    pub values: Vec<Value>,
}

/// The records of one activity kind, page by page in the order they were stored.
pub struct ActivityReader {
    store: Store,
    kind: &'static ActivityKind,
    query: ActivityQuery,
    after: Option<i64>,
    done: bool,
}

impl ActivityReader {
    pub(crate) fn new(store: Store, kind: &'static ActivityKind, query: ActivityQuery) -> Self {
        Self {
            store,
            kind,
            query,
            after: None,
            done: false,
        }
    }

    /// The kind of records read.
    pub fn kind(&self) -> &'static ActivityKind {
        self.kind
    }

    /// The next page; `None` once every row has been read.
    pub async fn next_page(&mut self) -> Result<Option<Vec<ActivityRow>>> {
        if self.done {
            return Ok(None);
        }
        let rows = self
            .store
            .activities_for_export(self.kind, &self.query, self.after)
            .await?;
        self.done = (rows.len() as i64) < EXPORT_PAGE;
        self.after = rows.last().map(|r| r.id);
        Ok(Some(rows))
    }

    /// How many records the query matches now.
    pub async fn count(&self) -> Result<u64> {
        let n = self.store.count_activities(self.kind, &self.query).await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
