//! Purchase and activity data: products, order lines, deliveries, invoices, service hours, sales
//! visits and returns, as they arrive from accounting exports and spreadsheets.
//!
//! Each kind has an input of optional texts (what a file's cells or a client send) and a draft of
//! typed values. `validate` reads every field and reports every problem at once as
//! `(field, Problem)` pairs; the field names are the canonical import field names.
//!
//! Numbers are read with [`crate::numbers`]: a [`DecimalMark`] settles `1,234`-style numbers
//! that the text alone cannot. Amounts are [`Money`] in cents and quantities and hours are
//! thousandths, never floats:
//!
//! - unit prices and unit costs (`list_price`, `unit_price`, `unit_cost`) may have more than two
//!   decimals (`0,0125`) and are rounded to cents half away from zero;
//! - totals (`amount`) must be given in whole cents;
//! - quantities and hours may have at most three decimals, discounts at most two.
//!
//! Every row names its customer with an [`AccountKey`]: a customer number, a business ID or both.

use crate::account::{NAME_MAX, NOTES_MAX};
use crate::business_id::BusinessId;
use crate::choice_enum;
use crate::dates::{format_iso, parse_day};
use crate::money::Money;
use crate::numbers::{Decimal, DecimalMark, round_div, round_div_i64};
use crate::validation::{Problem, ValidationErrors, bounded_text, required_text, trimmed};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::{self, Write as _};
use utoipa::ToSchema;

choice_enum!(
    /// How a sale was made.
    Channel { Direct => "direct", Web => "web", Reseller => "reseller" }
);

/// The longest key: a product, order, invoice or customer number, or a reference.
pub const KEY_MAX: usize = 50;
/// The longest unit of measure (`kpl`, `h`, `kg`).
pub const UNIT_MAX: usize = 20;
/// The unit of a product when none is given.
pub const DEFAULT_UNIT: &str = "kpl";
/// The largest amount of money accepted, in cents (one trillion euros).
pub const AMOUNT_LIMIT: i64 = 100_000_000_000_000;
/// The largest quantity or number of hours accepted, in thousandths (one billion).
pub const QUANTITY_LIMIT: i64 = 1_000_000_000_000;
/// What a derived reference starts with (see [`ServiceEntryInput`]).
pub const DERIVED_PREFIX: &str = "auto-";

/// A quantity in thousandths of a unit: `2,5` is 2500.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(transparent)]
pub struct Quantity(pub i64);

impl Quantity {
    /// Decimals kept.
    pub const SCALE: u32 = 3;

    pub const fn from_thousandths(thousandths: i64) -> Self {
        Self(thousandths)
    }

    pub const fn thousandths(self) -> i64 {
        self.0
    }

    /// Reads a quantity of at most three decimals; more is [`Problem::TooManyDecimals`].
    pub fn parse(input: &str, mark: DecimalMark) -> Result<Self, Problem> {
        let d = Decimal::parse(input, mark)?;
        thousandths_within_limit(d.to_scale_exact(Self::SCALE)?).map(Self)
    }

    /// The exact value, e.g. for writing it out.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(i128::from(self.0), Self::SCALE)
    }
}

/// Hours of work in thousandths of an hour: `7,5` and `7:30` are both 7500.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(transparent)]
pub struct Hours(pub i64);

impl Hours {
    pub const SCALE: u32 = 3;

    pub const fn thousandths(self) -> i64 {
        self.0
    }

    /// Reads hours as a decimal number (`7,5`) or as hours and minutes (`7:30`, `0:45`). Minutes
    /// become thousandths of an hour rounded half away from zero (`0:01` is 17).
    pub fn parse(input: &str, mark: DecimalMark) -> Result<Self, Problem> {
        let s = input.trim();
        if let Some((h, m)) = s.split_once(':') {
            let digits =
                |t: &str| !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit());
            if !digits(h) || m.len() != 2 || !digits(m) {
                return Err(Problem::Number);
            }
            let (h, m): (i64, i64) = (
                h.parse().map_err(|_| Problem::Number)?,
                m.parse().map_err(|_| Problem::Number)?,
            );
            if m >= 60 {
                return Err(Problem::Number);
            }
            let thousandths = i128::from(h) * 1000 + round_div(i128::from(m) * 1000, 60);
            return thousandths_within_limit(thousandths).map(Self);
        }
        let d = Decimal::parse(s, mark)?;
        thousandths_within_limit(d.to_scale_exact(Self::SCALE)?).map(Self)
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(i128::from(self.0), Self::SCALE)
    }
}

fn thousandths_within_limit(value: i128) -> Result<i64, Problem> {
    if value.abs() > i128::from(QUANTITY_LIMIT) {
        Err(Problem::Number)
    } else {
        Ok(value as i64)
    }
}

/// A discount in basis points, hundredths of a percent: `10,5` % is 1050. From 0 to 10000.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(transparent)]
pub struct Discount(pub u16);

impl Discount {
    pub const NONE: Self = Self(0);
    /// A whole price off.
    pub const FULL: u16 = 10_000;

    pub const fn basis_points(self) -> u16 {
        self.0
    }

    /// Reads a percentage with at most two decimals, `%` allowed: `10,5`, `10,5 %`, `0`.
    pub fn parse(input: &str, mark: DecimalMark) -> Result<Self, Problem> {
        let d = Decimal::parse_percent(input, mark)?;
        let bp = d.to_scale_exact(2)?;
        if (0..=i128::from(Self::FULL)).contains(&bp) {
            Ok(Self(bp as u16))
        } else {
            Err(Problem::Percent)
        }
    }

    /// The percentage, e.g. for writing it out: 1050 is `10.50`.
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(i128::from(self.0), 2)
    }
}

/// How an amount of money is read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cents {
    /// A total: at most two decimals.
    Exact,
    /// A unit price: any number of decimals, rounded to cents half away from zero.
    Rounded,
}

/// Reads an amount of euros into cents (`€` and `EUR` allowed). Amounts beyond
/// [`AMOUNT_LIMIT`] are refused.
pub fn parse_money(input: &str, mark: DecimalMark, cents: Cents) -> Result<Money, Problem> {
    let d = Decimal::parse_amount(input, mark)?;
    let c = match cents {
        Cents::Exact => d.to_scale_exact(2)?,
        Cents::Rounded => d.to_scale_rounded(2)?,
    };
    if c.abs() > i128::from(AMOUNT_LIMIT) {
        return Err(Problem::Number);
    }
    Ok(Money(c as i64))
}

/// Who a row is about: the customer's number in the customer's own system, its business ID, or
/// both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub struct AccountKey {
    pub customer_number: Option<String>,
    #[schema(value_type = Option<String>, example = "0112038-9")]
    pub business_id: Option<BusinessId>,
}

impl AccountKey {
    /// Reads the key's two fields. With neither given the problem is
    /// [`Problem::CustomerKey`] on `customer_number`.
    pub fn validate(
        e: &mut ValidationErrors,
        customer_number: Option<&str>,
        business_id: Option<&str>,
    ) -> Option<Self> {
        let number = bounded_text(e, "customer_number", customer_number, KEY_MAX);
        let number_bad = e.get("customer_number").is_some();
        let bid_text = trimmed(business_id);
        let bid = bid_text.and_then(|b| e.take("business_id", BusinessId::parse(b)));
        if number.is_none() && bid_text.is_none() && !number_bad {
            e.add("customer_number", Problem::CustomerKey);
        }
        (number.is_some() || bid.is_some()).then_some(Self {
            customer_number: number,
            business_id: bid,
        })
    }

    /// The key as one text, e.g. for deriving references: `number|business ID`.
    pub fn canonical(&self) -> String {
        format!(
            "{}|{}",
            self.customer_number.as_deref().unwrap_or(""),
            self.business_id.as_ref().map_or("", BusinessId::as_str)
        )
    }
}

impl fmt::Display for AccountKey {
    /// `10023 (0112038-9)`, `10023` or `0112038-9`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.customer_number, &self.business_id) {
            (Some(n), Some(b)) => write!(f, "{n} ({b})"),
            (Some(n), None) => f.write_str(n),
            (None, Some(b)) => write!(f, "{b}"),
            (None, None) => Ok(()),
        }
    }
}

fn required_key(e: &mut ValidationErrors, field: &str, value: Option<&String>) -> String {
    required_text(e, field, value.map(String::as_str), KEY_MAX)
}

fn optional_key(e: &mut ValidationErrors, field: &str, value: Option<&String>) -> Option<String> {
    bounded_text(e, field, value.map(String::as_str), KEY_MAX)
}

fn required_date(
    e: &mut ValidationErrors,
    field: &str,
    value: Option<&String>,
) -> Option<NaiveDate> {
    match trimmed(value.map(String::as_str)) {
        None => {
            e.add(field, Problem::Required);
            None
        }
        Some(d) => e.take(field, parse_day(d)),
    }
}

fn optional_date(
    e: &mut ValidationErrors,
    field: &str,
    value: Option<&String>,
) -> Option<NaiveDate> {
    trimmed(value.map(String::as_str)).and_then(|d| e.take(field, parse_day(d)))
}

/// Whether a number may be below zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Any,
    NotNegative,
    /// Either sign is read as the size of the value (a credit note's minus is dropped).
    Magnitude,
}

fn money_field(
    e: &mut ValidationErrors,
    field: &str,
    value: Option<&String>,
    mark: DecimalMark,
    cents: Cents,
    sign: Sign,
) -> Option<Money> {
    let text = trimmed(value.map(String::as_str))?;
    let m = e.take(field, parse_money(text, mark, cents))?;
    match sign {
        Sign::NotNegative if m.0 < 0 => {
            e.add(field, Problem::NotNegative);
            None
        }
        Sign::Magnitude => Some(Money(m.0.abs())),
        _ => Some(m),
    }
}

fn quantity_field(
    e: &mut ValidationErrors,
    field: &str,
    value: Option<&String>,
    mark: DecimalMark,
    sign: Sign,
) -> Option<Quantity> {
    let text = trimmed(value.map(String::as_str))?;
    let q = e.take(field, Quantity::parse(text, mark))?;
    match sign {
        Sign::NotNegative if q.0 < 0 => {
            e.add(field, Problem::NotNegative);
            None
        }
        Sign::Magnitude => Some(Quantity(q.0.abs())),
        _ => Some(q),
    }
}

/// Whether a required field has a value; records [`Problem::Required`] when not.
fn required(e: &mut ValidationErrors, field: &str, value: Option<&String>) -> bool {
    let present = trimmed(value.map(String::as_str)).is_some();
    if !present {
        e.add(field, Problem::Required);
    }
    present
}

/// A reference derived from a record's own content, for rows that have none: `auto-` and the
/// first 128 bits of the SHA-256 of the parts joined with the unit separator (U+001F), in hex.
/// The same content always gives the same reference, so re-importing the same file finds the
/// same records; two rows with identical content are one record.
pub fn derived_reference(kind: &str, parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(kind.as_bytes());
    for p in parts {
        hasher.update([0x1f]);
        hasher.update(p.as_bytes());
    }
    let digest = hasher.finalize();
    let mut out = String::with_capacity(DERIVED_PREFIX.len() + 32);
    out.push_str(DERIVED_PREFIX);
    for b in &digest[..16] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A text with its runs of white space made single spaces, for deriving references.
fn collapsed(text: Option<&str>) -> String {
    text.unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Products

/// A product or service as a file or client gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProductInput {
    /// The key, at most 50 characters.
    pub product_number: Option<String>,
    pub name: Option<String>,
    pub product_group: Option<String>,
    /// `kpl` when empty.
    pub unit: Option<String>,
    /// Euros; more than two decimals are rounded to cents.
    pub list_price: Option<String>,
    /// Euros; more than two decimals are rounded to cents.
    pub unit_cost: Option<String>,
}

/// A valid product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProductDraft {
    pub product_number: String,
    pub name: String,
    pub product_group: Option<String>,
    pub unit: String,
    #[schema(value_type = Option<i64>)]
    pub list_price: Option<Money>,
    #[schema(value_type = Option<i64>)]
    pub unit_cost: Option<Money>,
}

impl ProductInput {
    pub fn validate(&self, mark: DecimalMark) -> Result<ProductDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let product_number = required_key(&mut e, "product_number", self.product_number.as_ref());
        let name = required_text(&mut e, "name", self.name.as_deref(), NAME_MAX);
        let product_group = bounded_text(
            &mut e,
            "product_group",
            self.product_group.as_deref(),
            NAME_MAX,
        );
        let unit = bounded_text(&mut e, "unit", self.unit.as_deref(), UNIT_MAX)
            .unwrap_or_else(|| DEFAULT_UNIT.to_owned());
        let list_price = money_field(
            &mut e,
            "list_price",
            self.list_price.as_ref(),
            mark,
            Cents::Rounded,
            Sign::NotNegative,
        );
        let unit_cost = money_field(
            &mut e,
            "unit_cost",
            self.unit_cost.as_ref(),
            mark,
            Cents::Rounded,
            Sign::NotNegative,
        );
        e.into_result(|| ProductDraft {
            product_number,
            name,
            product_group,
            unit,
            list_price,
            unit_cost,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Order lines

/// One line of an order as a file or client gives it. An order is the lines that share an
/// `order_number`; the key of a line is the order number and the line number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct OrderLineInput {
    pub order_number: Option<String>,
    /// A whole number from 1.
    pub line_number: Option<String>,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub order_date: Option<String>,
    pub product_number: Option<String>,
    pub product_name: Option<String>,
    pub product_group: Option<String>,
    /// Up to three decimals, not negative.
    pub quantity: Option<String>,
    /// Euros per unit; more than two decimals are rounded to cents.
    pub unit_price: Option<String>,
    /// Euros per unit; more than two decimals are rounded to cents.
    pub unit_cost: Option<String>,
    /// A percentage from 0 to 100 with up to two decimals.
    pub discount_percent: Option<String>,
    /// `direct` (default), `web` or `reseller`.
    pub channel: Option<String>,
    /// Required when the channel is `reseller`.
    pub reseller: Option<String>,
}

/// A valid order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrderLineDraft {
    pub order_number: String,
    pub line_number: u32,
    pub account: AccountKey,
    pub order_date: NaiveDate,
    pub product_number: String,
    pub product_name: Option<String>,
    pub product_group: Option<String>,
    pub quantity: Quantity,
    #[schema(value_type = i64)]
    pub unit_price: Money,
    #[schema(value_type = Option<i64>)]
    pub unit_cost: Option<Money>,
    pub discount: Discount,
    pub channel: Channel,
    pub reseller: Option<String>,
}

/// The net amount of `quantity` units at `unit_price` less `discount`, in cents:
/// `quantity × unit_price × (1 − discount)`, computed exactly in 128 bits and rounded once, half
/// away from zero. `None` when it does not fit in cents of an `i64`.
pub fn net_cents(quantity: Quantity, unit_price: Money, discount: Discount) -> Option<i64> {
    // Most lines fit in 64 bits, which divide much faster than 128.
    let full64 = i64::from(Discount::FULL);
    if let Some(n) = quantity
        .0
        .checked_mul(unit_price.0)
        .and_then(|n| n.checked_mul(full64 - i64::from(discount.0)))
    {
        return Some(round_div_i64(n, 1000 * full64));
    }
    let full = i128::from(Discount::FULL);
    let numerator = i128::from(quantity.0)
        .checked_mul(i128::from(unit_price.0))?
        .checked_mul(full - i128::from(discount.0))?;
    i64::try_from(round_div(numerator, 1000 * full)).ok()
}

/// The cost of `quantity` units at `unit_cost`, in cents, rounded half away from zero. `None`
/// when it does not fit.
pub fn cost_cents(quantity: Quantity, unit_cost: Money) -> Option<i64> {
    if let Some(n) = quantity.0.checked_mul(unit_cost.0) {
        return Some(round_div_i64(n, 1000));
    }
    let numerator = i128::from(quantity.0).checked_mul(i128::from(unit_cost.0))?;
    i64::try_from(round_div(numerator, 1000)).ok()
}

impl OrderLineDraft {
    /// The line's net sales: quantity × unit price × (1 − discount), rounded to cents half away
    /// from zero (see [`net_cents`]). A validated line always fits; one built by hand that does
    /// not is capped at the largest amount.
    pub fn net_amount(&self) -> Money {
        Money(net_cents(self.quantity, self.unit_price, self.discount).unwrap_or(i64::MAX))
    }

    /// The line's direct cost: quantity × unit cost, rounded to cents half away from zero, when
    /// the unit cost is known.
    pub fn cost_amount(&self) -> Option<Money> {
        self.unit_cost
            .map(|c| Money(cost_cents(self.quantity, c).unwrap_or(i64::MAX)))
    }

    /// The line's sales margin: net amount less cost, when the cost is known.
    pub fn margin(&self) -> Option<Money> {
        self.cost_amount()
            .map(|c| Money(self.net_amount().0.saturating_sub(c.0)))
    }
}

fn line_number(e: &mut ValidationErrors, value: Option<&String>) -> Option<u32> {
    let text = trimmed(value.map(String::as_str));
    let Some(text) = text else {
        e.add("line_number", Problem::Required);
        return None;
    };
    let n = Decimal::parse(text, DecimalMark::Point)
        .ok()
        .and_then(|d| d.to_scale_exact(0).ok())
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0);
    if n.is_none() {
        e.add("line_number", Problem::PositiveInteger);
    }
    n
}

impl OrderLineInput {
    pub fn validate(&self, mark: DecimalMark) -> Result<OrderLineDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let order_number = required_key(&mut e, "order_number", self.order_number.as_ref());
        let line_number = line_number(&mut e, self.line_number.as_ref());
        let account = AccountKey::validate(
            &mut e,
            self.customer_number.as_deref(),
            self.business_id.as_deref(),
        );
        let order_date = required_date(&mut e, "order_date", self.order_date.as_ref());
        let product_number = required_key(&mut e, "product_number", self.product_number.as_ref());
        let product_name = bounded_text(
            &mut e,
            "product_name",
            self.product_name.as_deref(),
            NAME_MAX,
        );
        let product_group = bounded_text(
            &mut e,
            "product_group",
            self.product_group.as_deref(),
            NAME_MAX,
        );
        let quantity = if required(&mut e, "quantity", self.quantity.as_ref()) {
            quantity_field(
                &mut e,
                "quantity",
                self.quantity.as_ref(),
                mark,
                Sign::NotNegative,
            )
        } else {
            None
        };
        let unit_price = if required(&mut e, "unit_price", self.unit_price.as_ref()) {
            money_field(
                &mut e,
                "unit_price",
                self.unit_price.as_ref(),
                mark,
                Cents::Rounded,
                Sign::NotNegative,
            )
        } else {
            None
        };
        let unit_cost = money_field(
            &mut e,
            "unit_cost",
            self.unit_cost.as_ref(),
            mark,
            Cents::Rounded,
            Sign::NotNegative,
        );
        let discount = match trimmed(self.discount_percent.as_deref()) {
            None => Some(Discount::NONE),
            Some(d) => e.take("discount_percent", Discount::parse(d, mark)),
        };
        let channel = match trimmed(self.channel.as_deref()) {
            None => Some(Channel::Direct),
            Some(c) => e.take("channel", Channel::parse_field(c)),
        };
        let reseller = bounded_text(&mut e, "reseller", self.reseller.as_deref(), NAME_MAX);
        if channel == Some(Channel::Reseller) && reseller.is_none() && e.get("reseller").is_none() {
            e.add("reseller", Problem::Required);
        }
        if let (Some(q), Some(p), Some(d)) = (quantity, unit_price, discount) {
            let fits = net_cents(q, p, d).is_some_and(|c| c.abs() <= AMOUNT_LIMIT)
                && unit_cost
                    .is_none_or(|c| cost_cents(q, c).is_some_and(|c| c.abs() <= AMOUNT_LIMIT));
            if !fits {
                e.add("quantity", Problem::Number);
            }
        }
        e.into_result(|| OrderLineDraft {
            order_number,
            line_number: line_number.unwrap_or_default(),
            account: account.unwrap_or_else(empty_key),
            order_date: order_date.unwrap_or_default(),
            product_number,
            product_name,
            product_group,
            quantity: quantity.unwrap_or_default(),
            unit_price: unit_price.unwrap_or_default(),
            unit_cost,
            discount: discount.unwrap_or_default(),
            channel: channel.unwrap_or(Channel::Direct),
            reseller,
        })
    }
}

fn empty_key() -> AccountKey {
    AccountKey {
        customer_number: None,
        business_id: None,
    }
}

fn required_account(
    e: &mut ValidationErrors,
    number: Option<&String>,
    bid: Option<&String>,
) -> Option<AccountKey> {
    AccountKey::validate(e, number.map(String::as_str), bid.map(String::as_str))
}

// ---------------------------------------------------------------------------------------------
// Deliveries

/// A delivery as a file or client gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DeliveryInput {
    /// The key.
    pub delivery_number: Option<String>,
    pub order_number: Option<String>,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub delivery_date: Option<String>,
}

/// A valid delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeliveryDraft {
    pub delivery_number: String,
    pub order_number: Option<String>,
    pub account: AccountKey,
    pub delivery_date: NaiveDate,
}

impl DeliveryInput {
    pub fn validate(&self) -> Result<DeliveryDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let delivery_number =
            required_key(&mut e, "delivery_number", self.delivery_number.as_ref());
        let order_number = optional_key(&mut e, "order_number", self.order_number.as_ref());
        let account = required_account(
            &mut e,
            self.customer_number.as_ref(),
            self.business_id.as_ref(),
        );
        let delivery_date = required_date(&mut e, "delivery_date", self.delivery_date.as_ref());
        e.into_result(|| DeliveryDraft {
            delivery_number,
            order_number,
            account: account.unwrap_or_else(empty_key),
            delivery_date: delivery_date.unwrap_or_default(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Invoices

/// An invoice as a file or client gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct InvoiceInput {
    /// The key.
    pub invoice_number: Option<String>,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub invoice_date: Option<String>,
    /// Not before the invoice date.
    pub due_date: Option<String>,
    /// Not before the invoice date; empty while unpaid.
    pub paid_date: Option<String>,
    /// Euros in whole cents; a credit note's amount is negative.
    pub amount: Option<String>,
}

/// A valid invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InvoiceDraft {
    pub invoice_number: String,
    pub account: AccountKey,
    pub invoice_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub paid_date: Option<NaiveDate>,
    #[schema(value_type = i64)]
    pub amount: Money,
}

impl InvoiceDraft {
    /// Days from the invoice date to the due date (the payment terms, e.g. 14).
    pub fn payment_terms_days(&self) -> Option<i64> {
        self.due_date.map(|d| (d - self.invoice_date).num_days())
    }

    /// Days from the invoice date to payment, while paid.
    pub fn days_to_pay(&self) -> Option<i64> {
        self.paid_date.map(|d| (d - self.invoice_date).num_days())
    }

    /// Days paid after the due date (negative when early), when both are known.
    pub fn days_late(&self) -> Option<i64> {
        match (self.paid_date, self.due_date) {
            (Some(p), Some(d)) => Some((p - d).num_days()),
            _ => None,
        }
    }
}

impl InvoiceInput {
    pub fn validate(&self, mark: DecimalMark) -> Result<InvoiceDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let invoice_number = required_key(&mut e, "invoice_number", self.invoice_number.as_ref());
        let account = required_account(
            &mut e,
            self.customer_number.as_ref(),
            self.business_id.as_ref(),
        );
        let invoice_date = required_date(&mut e, "invoice_date", self.invoice_date.as_ref());
        let due_date = optional_date(&mut e, "due_date", self.due_date.as_ref());
        let paid_date = optional_date(&mut e, "paid_date", self.paid_date.as_ref());
        if let Some(day) = invoice_date {
            for (field, date) in [("due_date", due_date), ("paid_date", paid_date)] {
                if date.is_some_and(|d| d < day) {
                    e.add(field, Problem::BeforeInvoiceDate);
                }
            }
        }
        let amount = if required(&mut e, "amount", self.amount.as_ref()) {
            money_field(
                &mut e,
                "amount",
                self.amount.as_ref(),
                mark,
                Cents::Exact,
                Sign::Any,
            )
        } else {
            None
        };
        e.into_result(|| InvoiceDraft {
            invoice_number,
            account: account.unwrap_or_else(empty_key),
            invoice_date: invoice_date.unwrap_or_default(),
            due_date,
            paid_date,
            amount: amount.unwrap_or_default(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Service hours

/// Hours of service work done for a customer, as a file or client gives them.
///
/// The key is `reference`. When a row has none, it gets a reference derived from its content
/// ([`derived_reference`] of the account key, the ISO date, the person, the hours in thousandths
/// and the description, with white space runs made single spaces), so that re-importing the same
/// rows finds the same entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ServiceEntryInput {
    pub reference: Option<String>,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub date: Option<String>,
    /// Hours as `7,5` or `7:30`, not negative.
    pub hours: Option<String>,
    pub person: Option<String>,
    pub description: Option<String>,
}

/// A valid service entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceEntryDraft {
    /// Given, or derived from the content (starts with `auto-`).
    pub reference: String,
    pub account: AccountKey,
    pub date: NaiveDate,
    pub hours: Hours,
    pub person: Option<String>,
    pub description: Option<String>,
}

impl ServiceEntryInput {
    pub fn validate(&self, mark: DecimalMark) -> Result<ServiceEntryDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let reference = optional_key(&mut e, "reference", self.reference.as_ref());
        let account = required_account(
            &mut e,
            self.customer_number.as_ref(),
            self.business_id.as_ref(),
        );
        let date = required_date(&mut e, "date", self.date.as_ref());
        let hours = if required(&mut e, "hours", self.hours.as_ref()) {
            let text = self.hours.as_deref().unwrap_or_default();
            e.take("hours", Hours::parse(text, mark)).and_then(|h| {
                if h.0 < 0 {
                    e.add("hours", Problem::NotNegative);
                    None
                } else {
                    Some(h)
                }
            })
        } else {
            None
        };
        let person = bounded_text(&mut e, "person", self.person.as_deref(), NAME_MAX);
        let description = bounded_text(
            &mut e,
            "description",
            self.description.as_deref(),
            NOTES_MAX,
        );
        e.into_result(|| {
            let account = account.unwrap_or_else(empty_key);
            let date = date.unwrap_or_default();
            let hours = hours.unwrap_or_default();
            let reference = reference.unwrap_or_else(|| {
                derived_reference(
                    "service",
                    &[
                        &account.canonical(),
                        &format_iso(date),
                        &collapsed(person.as_deref()),
                        &hours.0.to_string(),
                        &collapsed(description.as_deref()),
                    ],
                )
            });
            ServiceEntryDraft {
                reference,
                account,
                date,
                hours,
                person,
                description,
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Visits

/// A sales visit as a file or client gives it. The key is `reference`; without one it is derived
/// from the account key, the ISO date, the person and the purpose as for service entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct VisitInput {
    pub reference: Option<String>,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub date: Option<String>,
    pub person: Option<String>,
    pub purpose: Option<String>,
}

/// A valid visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VisitDraft {
    /// Given, or derived from the content (starts with `auto-`).
    pub reference: String,
    pub account: AccountKey,
    pub date: NaiveDate,
    pub person: Option<String>,
    pub purpose: Option<String>,
}

impl VisitInput {
    pub fn validate(&self) -> Result<VisitDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let reference = optional_key(&mut e, "reference", self.reference.as_ref());
        let account = required_account(
            &mut e,
            self.customer_number.as_ref(),
            self.business_id.as_ref(),
        );
        let date = required_date(&mut e, "date", self.date.as_ref());
        let person = bounded_text(&mut e, "person", self.person.as_deref(), NAME_MAX);
        let purpose = bounded_text(&mut e, "purpose", self.purpose.as_deref(), NOTES_MAX);
        e.into_result(|| {
            let account = account.unwrap_or_else(empty_key);
            let date = date.unwrap_or_default();
            let reference = reference.unwrap_or_else(|| {
                derived_reference(
                    "visit",
                    &[
                        &account.canonical(),
                        &format_iso(date),
                        &collapsed(person.as_deref()),
                        &collapsed(purpose.as_deref()),
                    ],
                )
            });
            VisitDraft {
                reference,
                account,
                date,
                person,
                purpose,
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Returns

/// A return of goods as a file or client gives it. Quantity and amount are the size of the
/// return: a credit note's minus sign is dropped, so a return always reduces sales.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReturnInput {
    /// The key.
    pub return_number: Option<String>,
    pub order_number: Option<String>,
    pub customer_number: Option<String>,
    pub business_id: Option<String>,
    pub return_date: Option<String>,
    pub product_number: Option<String>,
    pub quantity: Option<String>,
    /// Euros in whole cents.
    pub amount: Option<String>,
    pub reason: Option<String>,
}

/// A valid return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReturnDraft {
    pub return_number: String,
    pub order_number: Option<String>,
    pub account: AccountKey,
    pub return_date: NaiveDate,
    pub product_number: Option<String>,
    pub quantity: Option<Quantity>,
    #[schema(value_type = i64)]
    pub amount: Money,
    pub reason: Option<String>,
}

impl ReturnInput {
    pub fn validate(&self, mark: DecimalMark) -> Result<ReturnDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let return_number = required_key(&mut e, "return_number", self.return_number.as_ref());
        let order_number = optional_key(&mut e, "order_number", self.order_number.as_ref());
        let account = required_account(
            &mut e,
            self.customer_number.as_ref(),
            self.business_id.as_ref(),
        );
        let return_date = required_date(&mut e, "return_date", self.return_date.as_ref());
        let product_number = optional_key(&mut e, "product_number", self.product_number.as_ref());
        let quantity = quantity_field(
            &mut e,
            "quantity",
            self.quantity.as_ref(),
            mark,
            Sign::Magnitude,
        );
        let amount = if required(&mut e, "amount", self.amount.as_ref()) {
            money_field(
                &mut e,
                "amount",
                self.amount.as_ref(),
                mark,
                Cents::Exact,
                Sign::Magnitude,
            )
        } else {
            None
        };
        let reason = bounded_text(&mut e, "reason", self.reason.as_deref(), NOTES_MAX);
        e.into_result(|| ReturnDraft {
            return_number,
            order_number,
            account: account.unwrap_or_else(empty_key),
            return_date: return_date.unwrap_or_default(),
            product_number,
            quantity,
            amount: amount.unwrap_or_default(),
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const M: DecimalMark = DecimalMark::Comma;

    #[allow(clippy::unnecessary_wraps)]
    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn line() -> OrderLineInput {
        OrderLineInput {
            order_number: s("T-1001"),
            line_number: s("1"),
            customer_number: s("10023"),
            order_date: s("22.11.2026"),
            product_number: s("P-7"),
            quantity: s("2,5"),
            unit_price: s("10,00"),
            ..OrderLineInput::default()
        }
    }

    #[test]
    fn quantities_discounts_and_hours_are_exact() {
        assert_eq!(Quantity::parse("2,5", M), Ok(Quantity(2500)));
        assert_eq!(Quantity::parse("1 000", M), Ok(Quantity(1_000_000)));
        assert_eq!(
            Quantity::parse("0,0001", M),
            Err(Problem::TooManyDecimals { max: 3 })
        );
        assert_eq!(Discount::parse("10,5", M), Ok(Discount(1050)));
        assert_eq!(Discount::parse("10,5 %", M), Ok(Discount(1050)));
        assert_eq!(Discount::parse("100", M), Ok(Discount(10_000)));
        assert_eq!(Discount::parse("100,01", M), Err(Problem::Percent));
        assert_eq!(Discount::parse("-1", M), Err(Problem::Percent));
        assert_eq!(
            Discount::parse("1,125", DecimalMark::Comma),
            Err(Problem::TooManyDecimals { max: 2 })
        );
        assert_eq!(Hours::parse("7,5", M), Ok(Hours(7500)));
        assert_eq!(Hours::parse("7:30", M), Ok(Hours(7500)));
        assert_eq!(Hours::parse("0:01", M), Ok(Hours(17)));
        assert_eq!(Hours::parse("7:60", M), Err(Problem::Number));
        assert_eq!(Hours::parse("7:5", M), Err(Problem::Number));
    }

    #[test]
    fn unit_prices_round_to_cents_and_totals_do_not() {
        assert_eq!(parse_money("0,0125", M, Cents::Rounded), Ok(Money(1)));
        assert_eq!(parse_money("0,005", M, Cents::Rounded), Ok(Money(1)));
        assert_eq!(parse_money("0,0049", M, Cents::Rounded), Ok(Money(0)));
        assert_eq!(parse_money("-0,005", M, Cents::Rounded), Ok(Money(-1)));
        assert_eq!(
            parse_money("1 234,56 €", M, Cents::Exact),
            Ok(Money(123_456))
        );
        assert_eq!(
            parse_money("0,0125", M, Cents::Exact),
            Err(Problem::TooManyDecimals { max: 2 })
        );
        assert_eq!(
            parse_money("10000000000000", M, Cents::Exact),
            Err(Problem::Number)
        );
    }

    #[test]
    fn order_line_amounts() {
        let d = line().validate(M).unwrap();
        assert_eq!(d.line_number, 1);
        assert_eq!(d.order_date, date(2026, 11, 22));
        assert_eq!(d.quantity, Quantity(2500));
        assert_eq!(d.channel, Channel::Direct);
        assert_eq!(d.net_amount(), Money(2500));
        assert_eq!(d.cost_amount(), None);

        let d = OrderLineInput {
            quantity: s("3"),
            unit_price: s("0,0125"),
            unit_cost: s("0,333"),
            discount_percent: s("10 %"),
            ..line()
        }
        .validate(M)
        .unwrap();
        // 0,0125 € is 1 cent; 3 × 1 × 0.9 = 2.7 → 3 cents.
        assert_eq!(d.unit_price, Money(1));
        assert_eq!(d.net_amount(), Money(3));
        // 0,333 € is 33 cents; 3 × 33 = 99.
        assert_eq!(d.cost_amount(), Some(Money(99)));
        assert_eq!(d.margin(), Some(Money(-96)));

        let d = OrderLineInput {
            quantity: s("1,5"),
            unit_price: s("0,99"),
            discount_percent: s("50"),
            ..line()
        }
        .validate(M)
        .unwrap();
        // 1.5 × 99 × 0.5 = 74.25 → 74.
        assert_eq!(d.net_amount(), Money(74));
        let d = OrderLineInput {
            quantity: s("1,5"),
            unit_price: s("0,99"),
            discount_percent: s("33,33"),
            ..line()
        }
        .validate(M)
        .unwrap();
        // 1.5 × 99 × 0.6667 = 99.00495 → 99.
        assert_eq!(d.net_amount(), Money(99));
    }

    #[test]
    fn order_line_reports_every_problem() {
        let bad = OrderLineInput {
            order_number: None,
            line_number: s("0"),
            customer_number: None,
            business_id: None,
            order_date: s("31.02.2026"),
            product_number: s(&"x".repeat(51)),
            quantity: s("-1"),
            unit_price: s("abc"),
            discount_percent: s("120"),
            channel: s("reseller"),
            ..OrderLineInput::default()
        };
        let e = bad.validate(M).unwrap_err();
        assert_eq!(e.get("order_number"), Some(&Problem::Required));
        assert_eq!(e.get("line_number"), Some(&Problem::PositiveInteger));
        assert_eq!(e.get("customer_number"), Some(&Problem::CustomerKey));
        assert_eq!(e.get("order_date"), Some(&Problem::Date));
        assert_eq!(e.get("product_number"), Some(&Problem::TooLong { max: 50 }));
        assert_eq!(e.get("quantity"), Some(&Problem::NotNegative));
        assert_eq!(e.get("unit_price"), Some(&Problem::Number));
        assert_eq!(e.get("discount_percent"), Some(&Problem::Percent));
        assert_eq!(e.get("reseller"), Some(&Problem::Required));

        let e = OrderLineInput {
            quantity: None,
            unit_price: s(" "),
            channel: s("fax"),
            ..line()
        }
        .validate(M)
        .unwrap_err();
        assert_eq!(e.get("quantity"), Some(&Problem::Required));
        assert_eq!(e.get("unit_price"), Some(&Problem::Required));
        assert!(matches!(e.get("channel"), Some(Problem::Choice { .. })));
    }

    #[test]
    fn a_huge_line_is_refused_not_wrapped() {
        let e = OrderLineInput {
            quantity: s("999 999 999"),
            unit_price: s("999 999 999 999"),
            ..line()
        }
        .validate(M)
        .unwrap_err();
        assert_eq!(e.get("quantity"), Some(&Problem::Number));
    }

    #[test]
    fn account_key_takes_either_part() {
        let by_bid = OrderLineInput {
            customer_number: None,
            business_id: s("0112038-9"),
            ..line()
        }
        .validate(M)
        .unwrap();
        assert_eq!(by_bid.account.customer_number, None);
        assert_eq!(by_bid.account.to_string(), "0112038-9");
        let e = OrderLineInput {
            customer_number: None,
            business_id: s("0112038-8"),
            ..line()
        }
        .validate(M)
        .unwrap_err();
        assert_eq!(e.get("business_id"), Some(&Problem::BusinessIdCheckDigit));
        assert_eq!(e.get("customer_number"), None);
        let both = OrderLineInput {
            business_id: s("01120389"),
            ..line()
        }
        .validate(M)
        .unwrap();
        assert_eq!(both.account.to_string(), "10023 (0112038-9)");
    }

    #[test]
    fn products_default_their_unit() {
        let p = ProductInput {
            product_number: s("P-7"),
            name: s("Ruuvi M8"),
            list_price: s("0,0125"),
            ..ProductInput::default()
        }
        .validate(M)
        .unwrap();
        assert_eq!(p.unit, "kpl");
        assert_eq!(p.list_price, Some(Money(1)));
        let e = ProductInput {
            unit_cost: s("-1"),
            ..ProductInput::default()
        }
        .validate(M)
        .unwrap_err();
        assert_eq!(e.get("product_number"), Some(&Problem::Required));
        assert_eq!(e.get("name"), Some(&Problem::Required));
        assert_eq!(e.get("unit_cost"), Some(&Problem::NotNegative));
    }

    #[test]
    fn invoices_know_their_terms() {
        let input = InvoiceInput {
            invoice_number: s("L-5"),
            customer_number: s("10023"),
            invoice_date: s("1.11.2026"),
            due_date: s("15.11.2026"),
            paid_date: s("2026-11-20 10:15"),
            amount: s("-120,50"),
            ..InvoiceInput::default()
        };
        let d = input.validate(M).unwrap();
        assert_eq!(d.payment_terms_days(), Some(14));
        assert_eq!(d.days_to_pay(), Some(19));
        assert_eq!(d.days_late(), Some(5));
        assert_eq!(d.amount, Money(-12_050));
        let e = InvoiceInput {
            due_date: s("31.10.2026"),
            paid_date: s("30.10.2026"),
            amount: s("1,005"),
            ..input
        }
        .validate(M)
        .unwrap_err();
        assert_eq!(e.get("due_date"), Some(&Problem::BeforeInvoiceDate));
        assert_eq!(e.get("paid_date"), Some(&Problem::BeforeInvoiceDate));
        assert_eq!(e.get("amount"), Some(&Problem::TooManyDecimals { max: 2 }));
    }

    #[test]
    fn references_are_derived_deterministically() {
        let input = ServiceEntryInput {
            customer_number: s("10023"),
            date: s("22.11.2026"),
            hours: s("7:30"),
            person: s("Liisa  Virtanen"),
            description: s("Huolto"),
            ..ServiceEntryInput::default()
        };
        let a = input.validate(M).unwrap();
        assert_eq!(a.hours, Hours(7500));
        assert!(a.reference.starts_with("auto-"));
        assert_eq!(a.reference.len(), 37);
        // The same content, written a little differently, is the same entry.
        let b = ServiceEntryInput {
            date: s("2026-11-22"),
            hours: s("7,5"),
            person: s(" Liisa Virtanen "),
            ..input.clone()
        }
        .validate(M)
        .unwrap();
        assert_eq!(a.reference, b.reference);
        let c = ServiceEntryInput {
            hours: s("7,25"),
            ..input.clone()
        }
        .validate(M)
        .unwrap();
        assert_ne!(a.reference, c.reference);
        let given = ServiceEntryInput {
            reference: s("TK-1"),
            ..input
        }
        .validate(M)
        .unwrap();
        assert_eq!(given.reference, "TK-1");

        let v = VisitInput {
            business_id: s("0112038-9"),
            date: s("1.12.2026"),
            purpose: s("Vuosipalaveri"),
            ..VisitInput::default()
        };
        let r1 = v.validate().unwrap().reference;
        assert_eq!(r1, v.validate().unwrap().reference);
        assert_ne!(
            r1,
            derived_reference(
                "service",
                &["|0112038-9", "2026-12-01", "", "Vuosipalaveri"]
            )
        );
        let e = VisitInput::default().validate().unwrap_err();
        assert_eq!(e.get("customer_number"), Some(&Problem::CustomerKey));
        assert_eq!(e.get("date"), Some(&Problem::Required));
    }

    #[test]
    fn returns_and_deliveries() {
        let r = ReturnInput {
            return_number: s("R-1"),
            customer_number: s("10023"),
            return_date: s("3.12.2026"),
            quantity: s("-2"),
            amount: s("-25,00"),
            ..ReturnInput::default()
        }
        .validate(M)
        .unwrap();
        assert_eq!(r.quantity, Some(Quantity(2000)));
        assert_eq!(r.amount, Money(2500));
        let e = ReturnInput::default().validate(M).unwrap_err();
        for field in ["return_number", "return_date", "amount"] {
            assert_eq!(e.get(field), Some(&Problem::Required), "{field}");
        }
        let d = DeliveryInput {
            delivery_number: s("D-1"),
            order_number: s("T-1001"),
            customer_number: s("10023"),
            delivery_date: s("23.11.2026"),
            ..DeliveryInput::default()
        }
        .validate()
        .unwrap();
        assert_eq!(d.delivery_date, date(2026, 11, 23));
    }

    proptest! {
        #[test]
        fn net_amount_is_the_rounded_exact_product(q in 0i64..10_000_000, p in 0i64..10_000_000,
                                                   bp in 0u16..=10_000) {
            let net = net_cents(Quantity(q), Money(p), Discount(bp)).unwrap();
            // The exact value is q·p·(10000−bp) / 10^7; the result is never more than half a
            // cent away from it.
            let exact = i128::from(q) * i128::from(p) * i128::from(10_000 - bp);
            let diff = i128::from(net) * 10_000_000 - exact;
            prop_assert!(diff.abs() * 2 <= 10_000_000);
            // Whole units at no discount are exact.
            prop_assert_eq!(net_cents(Quantity(q * 1000), Money(p), Discount::NONE),
                            Some(q * p));
            // A full discount leaves nothing.
            prop_assert_eq!(net_cents(Quantity(q), Money(p), Discount(10_000)), Some(0));
        }

        #[test]
        fn large_lines_round_alike_in_64_and_128_bits(q in 0i64..QUANTITY_LIMIT,
                                                      p in 0i64..AMOUNT_LIMIT, bp in 0u16..=10_000) {
            let exact = i128::from(q) * i128::from(p) * i128::from(10_000 - bp);
            let expected = i64::try_from(round_div(exact, 10_000_000)).ok();
            prop_assert_eq!(net_cents(Quantity(q), Money(p), Discount(bp)), expected);
            let cost = i64::try_from(round_div(i128::from(q) * i128::from(p), 1000)).ok();
            prop_assert_eq!(cost_cents(Quantity(q), Money(p)), cost);
        }

        #[test]
        fn unit_prices_round_half_away_from_zero(m in -10i64.pow(12)..10i64.pow(12),
                                                  scale in 2u32..7) {
            let text = Decimal::new(i128::from(m), scale).format(',');
            let cents = parse_money(&text, M, Cents::Rounded).unwrap().0;
            let unit = 10i128.pow(scale - 2);
            let diff = i128::from(cents) * unit - i128::from(m);
            prop_assert!(diff.abs() * 2 <= unit);
            if diff.abs() * 2 == unit {
                prop_assert_eq!(diff.signum(), i128::from(m.signum()));
            }
        }
    }
}
