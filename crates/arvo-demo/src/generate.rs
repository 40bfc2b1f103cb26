//! Large synthetic purchase data for benchmarks: a customer master in which every account is a
//! customer, a product list sized to the data, and a stream of order lines with the shapes
//! real sales data has.
//!
//! - **Heavy-tailed customers.** Each customer's weight is drawn from a Pareto distribution
//!   (shape 1,16, the "80/20" shape): a few customers place a large share of the orders, most
//!   place a few. Heavier customers also put more lines in an order, buy larger quantities and
//!   get larger discounts.
//! - **Seasons and weekdays.** Orders follow the months of a Finnish wholesaler's year (quiet
//!   July and late December, busy spring and autumn), working days carry almost all of them,
//!   and volume grows a little year by year.
//! - **Churn.** About one customer in five stops buying at some point and one in five starts
//!   late; the rest buy throughout.
//! - **Orders.** 1–20 lines each, sharing the order's number, customer, date, channel and
//!   reseller; no product twice in one order. Most orders are direct, some customers buy
//!   mostly on the web, a few through a named reseller.
//! - **Prices.** List prices rise about 3,5 % a year; unit costs follow each product group's
//!   margin; discounts are given in steps of 0,5 %.
//!
//! Only small tables are kept (a few numbers per customer and the products); lines are made
//! one at a time as the iterator is advanced, in order-date order, so millions of lines need
//! no more memory than a few.

use crate::catalogue::{self, group_preferences};
use crate::purchases::{DIRECT, OrderLine, Product, RESELLER, WEB};
use crate::rng::{Rng, mix};
use crate::{DemoAccount, synthetic};
use arvo_core::AccountStatus;
use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};

/// The last order date of [`generate`]'s data.
pub const GENERATED_END: (i32, u32, u32) = (2026, 6, 30);
/// Months of history the generated orders span.
const SPAN_MONTHS: u32 = 36;
/// The smallest customer weight; the Pareto draws are multiples of it.
const WEIGHT_UNIT: f64 = 1_000_000.0;
/// The Pareto shape of customer weights.
const PARETO_SHAPE: f64 = 1.16;
/// No customer weighs more than this many smallest customers.
const WEIGHT_CAP: f64 = 20_000.0;
/// The first order number.
const FIRST_ORDER: u64 = 10_000_001;
/// The first product number.
const FIRST_PRODUCT: u64 = 100_001;

/// Resellers named on reseller orders; the names are invented.
const RESELLERS: &[&str] = &[
    "Rautapiste Pohjola Oy",
    "Työkalukeskus Sisä-Suomi Oy",
    "Teknokauppa Länsirannikko Oy",
    "Kone ja Tarvike Itä Oy",
    "Rakennustarvike Lappi Oy",
    "Järnbutiken Österbotten Ab",
];

/// How busy each month is, January first; per mille of an average month.
const MONTH_WEIGHTS: [u32; 12] = [
    800, 900, 1050, 1100, 1150, 1000, 550, 1000, 1150, 1150, 1050, 750,
];

/// Generated benchmark data: `customers` accounts, a product list, and exactly `order_lines`
/// order lines over three years ending on [`GENERATED_END`]. Deterministic for a seed.
pub fn generate(customers: usize, order_lines: usize, seed: u64) -> Generated {
    let (y, m, d) = GENERATED_END;
    let end = NaiveDate::from_ymd_opt(y, m, d).expect("the end date exists");
    generate_until(customers, order_lines, seed, end)
}

/// [`generate`] with the last order date given.
pub fn generate_until(
    customers: usize,
    order_lines: usize,
    seed: u64,
    end: NaiveDate,
) -> Generated {
    let first = end
        .checked_sub_months(Months::new(SPAN_MONTHS))
        .expect("three years before the end date exist")
        + TimeDelta::days(1);
    let days = (end - first).num_days() as usize + 1;
    let count = (200 + order_lines / 500 + customers / 100).min(5000);
    let mut rng = Rng::new(mix(seed ^ 0x00C0_FFEE));
    let catalogue = catalogue::wholesale(count, FIRST_PRODUCT, &mut rng);

    // Customers: weights and the days they buy on.
    let mut cumulative = Vec::with_capacity(customers);
    let mut spans = Vec::with_capacity(customers);
    let mut total: u64 = 0;
    let mut heaviest = (0, 0);
    for i in 0..customers {
        let mut r = Rng::for_item(seed ^ 0x5EA5_0000, i as u64);
        let u = (r.next_u64() >> 11) as f64 / (1_u64 << 53) as f64;
        let weight = (WEIGHT_UNIT * (1.0 - u).powf(-1.0 / PARETO_SHAPE).min(WEIGHT_CAP)) as u64;
        total += weight;
        cumulative.push(total);
        if weight > heaviest.1 {
            heaviest = (i, weight);
        }
        let last = days as u64 - 1;
        let span = match r.below(20) {
            0..=2 => (0, r.between(60, last)),
            3..=5 => (r.between(0, last - 30), last),
            6 => {
                let start = r.between(0, last - 120);
                (start, r.between(start + 60, last))
            }
            _ => (0, last),
        };
        spans.push((span.0 as u16, span.1 as u16));
    }
    if customers > 0 {
        spans[heaviest.0] = (0, days as u16 - 1);
    }

    // Days: cumulative line targets by season, weekday and a slow growth.
    let mut weights = Vec::with_capacity(days);
    for k in 0..days {
        let day = first + TimeDelta::days(k as i64);
        let weekday = match day.weekday() {
            Weekday::Sat => 150,
            Weekday::Sun => 50,
            _ => 1000,
        };
        let quiet = if day.month() == 12 && day.day() >= 22 {
            300
        } else {
            1000
        };
        let growth = 1000 + 60 * k as u64 / 365;
        weights.push(
            u64::from(MONTH_WEIGHTS[day.month0() as usize]) * weekday * quiet / 1000 * growth,
        );
    }
    let weight_sum: u64 = weights.iter().sum();
    let mut quota = Vec::with_capacity(days);
    let mut acc: u128 = 0;
    for w in &weights {
        acc += u128::from(*w);
        quota.push((acc * order_lines as u128 / u128::from(weight_sum)) as u64);
    }

    Generated {
        customers,
        order_lines,
        seed,
        first,
        end,
        products: catalogue.products,
        by_group: catalogue.by_group,
        cumulative,
        spans,
        heaviest: heaviest.0,
        quota,
    }
}

/// Benchmark data made by [`generate`]: read the accounts, the products and the order lines
/// from it, as many times as needed; every read gives the same data.
#[derive(Debug, Clone)]
pub struct Generated {
    customers: usize,
    order_lines: usize,
    seed: u64,
    first: NaiveDate,
    end: NaiveDate,
    products: Vec<Product>,
    by_group: Vec<Vec<usize>>,
    /// Running sums of the customers' weights.
    cumulative: Vec<u64>,
    /// The first and last day (from `first`) each customer buys on.
    spans: Vec<(u16, u16)>,
    /// The heaviest customer, who buys throughout.
    heaviest: usize,
    /// How many lines are due by the end of each day.
    quota: Vec<u64>,
}

impl Generated {
    /// The customer accounts: [`synthetic`] accounts for the same seed, each made a customer
    /// with the number [`Generated::customer_number`] gives its position (`100000`, `100001`, …).
    pub fn accounts(&self) -> impl Iterator<Item = DemoAccount> + use<> {
        synthetic(self.customers, self.seed)
            .enumerate()
            .map(|(i, mut d)| {
                d.account.status = AccountStatus::Customer;
                d.account.customer_number = Some(Self::customer_number(i));
                d
            })
    }

    /// The number of the customer at `index` in [`Generated::accounts`].
    pub fn customer_number(index: usize) -> String {
        (100_000 + index as u64).to_string()
    }

    pub fn customer_count(&self) -> usize {
        self.customers
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// How many order lines [`Generated::order_lines`] yields.
    pub fn line_count(&self) -> usize {
        self.order_lines
    }

    /// The first and last possible order date.
    pub fn period(&self) -> (NaiveDate, NaiveDate) {
        (self.first, self.end)
    }

    /// The order lines, made one at a time, by order date.
    pub fn order_lines(&self) -> OrderLines<'_> {
        OrderLines {
            g: self,
            rng: Rng::new(mix(self.seed ^ 0x0D0E_55E5)),
            day: 0,
            emitted: 0,
            next_order: FIRST_ORDER,
            order: None,
        }
    }

    /// A random customer, the heavier the likelier, who buys on `day`.
    fn customer_on(&self, rng: &mut Rng, day: u16) -> usize {
        let total = *self.cumulative.last().expect("there are customers");
        for _ in 0..64 {
            let roll = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
            let i = self.cumulative.partition_point(|c| *c <= roll);
            let (from, to) = self.spans[i];
            if (from..=to).contains(&day) {
                return i;
            }
        }
        self.heaviest
    }

    /// How big a customer is, from 0 (among the smallest) to 3 (among the largest), by its
    /// weight.
    fn tier(&self, customer: usize) -> usize {
        let before = if customer == 0 {
            0
        } else {
            self.cumulative[customer - 1]
        };
        let weight = (self.cumulative[customer] - before) as f64 / WEIGHT_UNIT;
        match weight {
            w if w < 3.0 => 0,
            w if w < 20.0 => 1,
            w if w < 200.0 => 2,
            _ => 3,
        }
    }
}

/// The order being written out.
struct Order {
    number: String,
    customer_number: String,
    date: NaiveDate,
    channel: &'static str,
    reseller: Option<&'static str>,
    lines: u32,
    written: u32,
    tier: usize,
    preferences: &'static [u32; 11],
    discount: i64,
    /// Price level of the order date, in millionths of today's list price.
    price_level: i64,
    used: Vec<usize>,
}

/// The stream of generated order lines (see [`Generated::order_lines`]).
pub struct OrderLines<'a> {
    g: &'a Generated,
    rng: Rng,
    day: usize,
    emitted: usize,
    next_order: u64,
    order: Option<Order>,
}

/// The industries whose buying habits generated customers follow.
const INDUSTRY_NAMES: &[Option<&str>] = &[
    Some("rakentaminen"),
    Some("vähittäiskauppa"),
    Some("metalliteollisuus"),
    Some("ravintolat"),
    Some("kiinteistöhuolto"),
    Some("kuljetus ja logistiikka"),
    Some("sähköasennus"),
    Some("LVI-urakointi"),
    Some("puuteollisuus"),
    Some("elintarviketeollisuus"),
    Some("autokorjaamot"),
    None,
];

impl OrderLines<'_> {
    fn start_order(&mut self) -> Order {
        let g = self.g;
        while self.day + 1 < g.quota.len() && self.emitted as u64 >= g.quota[self.day] {
            self.day += 1;
        }
        let rng = &mut self.rng;
        let customer = g.customer_on(rng, self.day as u16);
        let tier = g.tier(customer);
        let mut own = Rng::for_item(g.seed ^ 0xC057_0000, customer as u64);
        let preferences = group_preferences(INDUSTRY_NAMES[own.below(INDUSTRY_NAMES.len())]);
        let (low, high) = [(0, 300), (200, 800), (500, 1500), (1000, 2500)][tier];
        let discount = own.between(low, high) as i64;
        let web_pct = [0, 10, 30, 70][own.weighted(&[50, 30, 14, 6])];
        let reseller = own
            .percent(6)
            .then(|| RESELLERS[own.below(RESELLERS.len())]);
        let date = g.first + TimeDelta::days(self.day as i64);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let channel = if reseller.is_some() {
            RESELLER
        } else if weekend || rng.percent(web_pct) {
            WEB
        } else {
            DIRECT
        };
        let (min, max) = [(1, 4), (2, 8), (3, 14), (5, 20)][tier];
        let remaining = (g.order_lines - self.emitted) as u64;
        let lines = rng.between(min, max).min(remaining) as u32;
        let days_before_end = (g.end - date).num_days();
        let number = self.next_order.to_string();
        self.next_order += 1;
        Order {
            number,
            customer_number: Generated::customer_number(customer),
            date,
            channel,
            reseller: if channel == RESELLER { reseller } else { None },
            lines,
            written: 0,
            tier,
            preferences,
            discount,
            price_level: 1_000_000 - 35_000 * days_before_end / 365,
            used: Vec::with_capacity(lines as usize),
        }
    }

    fn line(&mut self, order: &mut Order) -> OrderLine {
        let g = self.g;
        let rng = &mut self.rng;
        // Popular products come first in each group: a squared draw favours them.
        let mut product = 0;
        for _ in 0..4 {
            let group = rng.weighted(order.preferences);
            let members = &g.by_group[group];
            let u = rng.below(1 << 16) as u64;
            product = members[((members.len() as u64 * u * u) >> 32) as usize];
            if !order.used.contains(&product) {
                break;
            }
        }
        // A repeated product after four tries gets the next free one in the list.
        while order.used.contains(&product) {
            product = (product + 1) % g.products.len();
        }
        order.used.push(product);
        let p = &g.products[product];
        let price = (p.list_price_cents * order.price_level + 500_000) / 1_000_000;
        let cost = (p.unit_cost_cents * order.price_level + 500_000) / 1_000_000;
        let discount = if order.discount == 0 {
            0
        } else {
            ((order.discount + rng.between(0, 4) as i64 * 100 - 200).clamp(0, 4000) / 50) * 50
        };
        let target = [2_000, 8_000, 25_000, 60_000][order.tier] * rng.between(30, 300) as i64 / 100;
        let mut units = (target / price.max(1)).max(1);
        if p.unit == "m" {
            units = ((units + 4) / 5 * 5).max(5);
        }
        order.written += 1;
        OrderLine {
            order_number: order.number.clone(),
            line_number: order.written,
            customer_number: order.customer_number.clone(),
            order_date: order.date,
            product_number: p.product_number.clone(),
            product_name: p.name.clone(),
            product_group: p.product_group.clone(),
            quantity_milli: units.min(10_000) * 1000,
            unit_price_cents: price,
            unit_cost_cents: cost,
            discount_bp: discount,
            channel: order.channel.to_owned(),
            reseller: order.reseller.map(str::to_owned),
        }
    }
}

impl Iterator for OrderLines<'_> {
    type Item = OrderLine;

    fn next(&mut self) -> Option<OrderLine> {
        if self.emitted >= self.g.order_lines || self.g.customers == 0 {
            return None;
        }
        let mut order = match self.order.take() {
            Some(o) if o.written < o.lines => o,
            _ => self.start_order(),
        };
        let line = self.line(&mut order);
        self.emitted += 1;
        self.order = Some(order);
        Some(line)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = if self.g.customers == 0 {
            0
        } else {
            self.g.order_lines - self.emitted
        };
        (left, Some(left))
    }
}

impl ExactSizeIterator for OrderLines<'_> {}
