//! The demo firms' purchase and activity history: about four years of orders, deliveries,
//! invoices, service hours, sales visits and returns up to a given day, for every customer and
//! former customer of [`crate::demo_customer_master`]. Prospects have bought nothing.
//!
//! The history is made so that Arvo's value analysis has something true to find. The roles
//! below are given by rules on the customer master, so they hold for its customers by number
//! (the demo's tests check each of them on the data itself):
//!
//! - **Heavy-discount key accounts** (large key accounts, e.g. Savon Kone Oy `10009` and
//!   Varsinais-Suomen Savustamo Oy `10004`): the largest volumes, bought at contract prices of
//!   cost plus 1–7 % (power tools and electrical goods at or below cost), about a third off
//!   the list on average; orders several times a week, hundreds of service hours and a visit or two a
//!   month, and invoices paid one to five weeks late. Their sales margin is thin and their
//!   customer margin after the cost of serving them negative: the whale curve's tail.
//! - **Large and loyal** (the other large customers): big, steady, moderately discounted,
//!   paying on time; the most profitable customers.
//! - **Loyal mid-size** customers: orders every two or three weeks, small discounts, few
//!   service hours; solidly profitable.
//! - **Small and demanding** (about one small or micro customer in six): an order almost
//!   every week of one or two lines worth tens of euros, a return now and then, many service
//!   hours and visits, invoices one by one; negative customer margin.
//! - **Web-shop customers** (tagged `verkkokauppa`): most orders through the web shop, almost
//!   no service and no visits; cheap to serve.
//! - **Through a reseller**: a few small customers buy only through one of the wholesaler's
//!   reseller customers (retailers tagged `jälleenmyyjä`), at the reseller's discount.
//! - **Slow payers** (tagged `maksumuistutus`): every invoice paid two to seven weeks late.
//! - **Lapsing** customers: bought regularly, then nothing for three to four and a half times
//!   their usual cycle before today.
//! - **Lost** customers: still marked as customers, but their last order is 13 to 23 months
//!   old.
//! - **Declining and growing** customers: volume falling or rising by about a quarter a year.
//! - **New** customers (tagged `uusi`): first orders one after another over the last year,
//!   the newest a month or two before today.
//! - **Former** customers (status former, e.g. Tmi Jari Nieminen `10084`): orders only more
//!   than 14 months before today.
//!
//! The wholesaler's customers (`10001…`) order on working days, slow down in July and around
//! Christmas, get their goods one to three working days later (large orders now and then in
//! two deliveries) and are invoiced monthly on 30 days' terms (larger and contract customers)
//! or delivery by delivery on 14 days' terms. Prices have risen about 3,5 % a year.
//!
//! The tourism firm's customers (`M-2001…`) book trips that take place later: private persons
//! once or a few times, mostly online, paying in advance, some through a travel agency; travel
//! agencies book several groups every winter at their agency discount and need hours of
//! planning; hotels buy safaris for their guests month by month in the dark season; schools
//! come on a camp trip most springs or autumns; associations take a summer or autumn trip;
//! companies hold recreation days and Christmas parties. Winter safaris and northern-lights
//! trips are sold from autumn to spring, hiking and paddling in summer; a few bookings are
//! cancelled (returned).

use crate::catalogue::{self, Catalogue, TRIPS, Trip, Use, group_preferences, in_season, trip};
use crate::purchases::{
    DIRECT, Delivery, Invoice, OrderLine, PurchaseData, RESELLER, Return, ServiceEntry, Visit, WEB,
    net_cents,
};
use crate::rng::Rng;
use crate::{DemoAccount, demo_customer_master, demo_owners};
use arvo_core::{AccountKind, AccountStatus, SizeClass};
use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};
use std::collections::BTreeMap;

/// The seed of the demo's purchases; changing it changes every record.
const SEED: u64 = 0x4152_564F_2026_0002;
/// Months of history before today.
const HISTORY_MONTHS: u32 = 48;
/// The wholesaler's first product number.
const FIRST_PRODUCT: u64 = 100_101;

/// The demo purchase and activity history up to `today` (see the module documentation for
/// what it holds). The same day always gives the same data.
pub fn demo_purchases(today: NaiveDate) -> PurchaseData {
    let master = demo_customer_master();
    let mut rng = Rng::new(SEED);
    let wholesale = catalogue::wholesale(0, FIRST_PRODUCT, &mut rng);
    let mut products = wholesale.products.clone();
    let tourism_offset = products.len();
    products.extend(catalogue::tourism());

    let ctx = Context {
        today,
        start: today
            .checked_sub_months(Months::new(HISTORY_MONTHS))
            .expect("a date four years back exists")
            + TimeDelta::days(1),
        wholesale: &wholesale,
        tourism_offset,
        owners: demo_owners(),
    };
    let customers: Vec<&DemoAccount> = master
        .iter()
        .filter(|d| d.account.customer_number.is_some())
        .collect();
    let resellers = Resellers::of(&customers);

    let mut book = Book::default();
    let mut new_rank = 0;
    for (index, d) in customers.iter().enumerate() {
        let number = d.account.customer_number.as_deref().unwrap_or_default();
        let mut rng = Rng::for_item(SEED, index as u64);
        if number.starts_with("M-") {
            tourism_customer(&ctx, &mut rng, &mut book, index, d, &resellers);
        } else {
            let plan = wholesale_plan(&ctx, &mut rng, d, &resellers, &mut new_rank);
            wholesale_customer(&ctx, &mut rng, &mut book, index, &plan);
        }
    }
    let numbers: Vec<&str> = customers
        .iter()
        .map(|d| d.account.customer_number.as_deref().unwrap_or_default())
        .collect();
    book.finish(&ctx, &products, &numbers)
}

/// What every part of the generation needs to know.
struct Context<'a> {
    today: NaiveDate,
    /// The first day of the history.
    start: NaiveDate,
    wholesale: &'a Catalogue,
    /// Where the tourism firm's products start in the product list.
    tourism_offset: usize,
    owners: &'static [&'static str],
}

impl Context<'_> {
    /// The wholesaler's sales team.
    fn wholesale_team(&self) -> &'static [&'static str] {
        &self.owners[..6]
    }

    /// The tourism firm's sales team.
    fn tourism_team(&self) -> &'static [&'static str] {
        &self.owners[6..9]
    }
}

/// The reseller customers through which some small customers buy.
struct Resellers {
    wholesale: Vec<String>,
    tourism: Vec<String>,
}

impl Resellers {
    fn of(customers: &[&DemoAccount]) -> Self {
        let current = |d: &&&DemoAccount| d.account.status == AccountStatus::Customer;
        let mut wholesale: Vec<&DemoAccount> = customers
            .iter()
            .filter(current)
            .filter(|d| {
                d.account.industry.as_deref() == Some("vähittäiskauppa")
                    && d.account.tags.iter().any(|t| t == "jälleenmyyjä")
                    && !is_tourism(d)
            })
            .copied()
            .collect();
        wholesale.sort_by_key(|d| std::cmp::Reverse(size_rank(d.account.size_class)));
        let mut wholesale: Vec<String> = wholesale
            .iter()
            .take(3)
            .map(|d| d.account.name.clone())
            .collect();
        if wholesale.is_empty() {
            wholesale.push("Rautapiste Pohjola Oy".to_owned());
        }
        let mut tourism: Vec<String> = customers
            .iter()
            .filter(current)
            .filter(|d| is_tourism(d) && d.account.industry.as_deref() == Some("matkatoimistot"))
            .take(3)
            .map(|d| d.account.name.clone())
            .collect();
        if tourism.is_empty() {
            tourism.push("Tunturimatkat Oy".to_owned());
        }
        Self { wholesale, tourism }
    }
}

fn is_tourism(d: &DemoAccount) -> bool {
    d.account
        .customer_number
        .as_deref()
        .is_some_and(|n| n.starts_with("M-"))
}

fn size_rank(size: Option<SizeClass>) -> u8 {
    match size {
        Some(SizeClass::Micro) => 0,
        None | Some(SizeClass::Small) => 1,
        Some(SizeClass::Medium) => 2,
        Some(SizeClass::Large) => 3,
    }
}

fn has_tag(d: &DemoAccount, tag: &str) -> bool {
    d.account.tags.iter().any(|t| t == tag)
}

/// The date in the account's `customer_since` field, if any.
fn customer_since(d: &DemoAccount) -> Option<NaiveDate> {
    d.account
        .custom
        .get("customer_since")
        .and_then(serde_json::Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

// ---------------------------------------------------------------------------------------------
// Dates

fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    day + TimeDelta::days(days)
}

/// The day itself on a working day, otherwise the next Monday.
fn working_day(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => plus(day, 2),
        Weekday::Sun => plus(day, 1),
        _ => day,
    }
}

/// `days` working days after `day`.
fn working_days_after(day: NaiveDate, days: u64) -> NaiveDate {
    let mut d = day;
    for _ in 0..days {
        d = working_day(plus(d, 1));
    }
    d
}

fn month_end(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).expect("every month has a first day");
    first
        .checked_add_months(Months::new(1))
        .expect("dates of the demo are far from the calendar's end")
        - TimeDelta::days(1)
}

/// A day in `from..=to`; `from` when the range is empty.
fn day_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    if span <= 0 {
        from
    } else {
        plus(from, rng.between(0, span as u64) as i64)
    }
}

/// A price or cost on `day`: today's less about 3,5 % for every year before today.
fn price_on(today_price: i64, today: NaiveDate, day: NaiveDate) -> i64 {
    let days_ago = (today - day).num_days().max(0);
    let factor = 1_000_000 - 35_000 * days_ago / 365;
    (today_price * factor + 500_000) / 1_000_000
}

// ---------------------------------------------------------------------------------------------
// What is being built

/// An order before it has its number.
struct Draft {
    tourism: bool,
    customer: usize,
    date: NaiveDate,
    channel: &'static str,
    reseller: Option<String>,
    lines: Vec<DraftLine>,
    /// Deliveries as (day, first line, end of lines); only those made by today.
    deliveries: Vec<(NaiveDate, usize, usize)>,
    /// A return of one line: (line, quantity, day, reason).
    returned: Option<(usize, i64, NaiveDate, &'static str)>,
}

struct DraftLine {
    /// Index in the combined product list.
    product: usize,
    quantity_milli: i64,
    unit_price_cents: i64,
    unit_cost_cents: i64,
    discount_bp: i64,
}

impl DraftLine {
    fn net(&self) -> i64 {
        net_cents(self.quantity_milli, self.unit_price_cents, self.discount_bp)
    }
}

/// How a customer is invoiced and pays.
#[derive(Clone, Copy)]
struct Billing {
    /// Payment term in days.
    terms: i64,
    /// One invoice a month for the month's deliveries; otherwise one per delivery.
    monthly: bool,
    /// Invoiced when the order is made and paid before the trip.
    prepaid: bool,
    /// Days paid after the due date: the usual range.
    late: (i64, i64),
    /// Percent of invoices paid much later than usual.
    very_late_pct: usize,
}

/// Everything generated so far, before numbering.
#[derive(Default)]
struct Book {
    drafts: Vec<Draft>,
    billing: BTreeMap<usize, Billing>,
    service: Vec<Service>,
    visits: Vec<Call>,
}

/// A service entry before it has its reference.
struct Service {
    day: NaiveDate,
    customer: usize,
    /// Thousandths of an hour.
    hours: i64,
    person: &'static str,
    what: &'static str,
}

/// A sales visit before it has its reference.
struct Call {
    day: NaiveDate,
    customer: usize,
    person: &'static str,
    purpose: &'static str,
}

/// A return before it has its number.
struct Credit {
    day: NaiveDate,
    order_number: String,
    customer: usize,
    product: usize,
    quantity_milli: i64,
    amount: i64,
    reason: &'static str,
}

/// What the wholesaler's service hours were spent on.
const WHOLESALE_SERVICE: &[&str] = &[
    "Tekninen neuvonta puhelimessa",
    "Tarjouslaskenta",
    "Reklamaation käsittely",
    "Tilauksen muutokset ja selvittely",
    "Toimitusaikataulun selvitys",
    "Tuotevalinta ja mitoitus",
    "Laskutuksen selvittely",
    "Työmaakäynti ja tarvekartoitus",
    "Hinnaston ja sopimushintojen päivitys",
    "Tuotekoulutus asiakkaan henkilöstölle",
];

/// What the wholesaler's sales visits were for.
const WHOLESALE_VISITS: &[&str] = &[
    "Kuulumiskäynti",
    "Vuosisopimusneuvottelu",
    "Uusien tuotteiden esittely",
    "Reklamaation läpikäynti",
    "Työmaakäynti",
    "Varastovalikoiman suunnittelu",
    "Tarjouksen läpikäynti",
];

/// What the tourism firm's service hours were spent on.
const TOURISM_SERVICE: &[&str] = &[
    "Ryhmämatkan ohjelman suunnittelu",
    "Tarjous ja hinnoittelu",
    "Majoitusjärjestelyt ja huonelista",
    "Ruokavalioiden ja erityistarpeiden selvitys",
    "Kuljetusten järjestely",
    "Muutokset osallistujamäärään",
];

/// What the tourism firm's sales visits were for.
const TOURISM_VISITS: &[&str] = &[
    "Kauden sopimusneuvottelu",
    "Uuden kauden ohjelmien esittely",
    "Yhteistyöpalaveri",
    "Tutustumiskäynti kohteisiin",
];

/// Why goods were returned to the wholesaler.
const RETURN_REASONS: &[&str] = &[
    "Väärä tuote toimitettu",
    "Viallinen tuote",
    "Tilattu vahingossa",
    "Kuljetusvaurio",
    "Väärä koko",
    "Ylimääräinen, ei tarvittu",
];

/// Why a booked trip was cancelled and credited.
const CANCEL_REASONS: &[&str] = &[
    "Peruutus sairauden vuoksi",
    "Safari peruttu kovan pakkasen vuoksi",
    "Osallistujamäärä pieneni",
];

// ---------------------------------------------------------------------------------------------
// The wholesaler

/// The roles a wholesale customer plays in the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    HeavyDiscount,
    LargeLoyal,
    Loyal,
    Demanding,
    WebShop,
    ViaReseller,
    Lapsing,
    Lost,
    Declining,
    Growing,
    New,
    Former,
}

/// How one wholesale customer buys.
struct Plan {
    role: Role,
    industry: Option<String>,
    owner: &'static str,
    first: NaiveDate,
    last: NaiveDate,
    /// The usual days between orders.
    cycle: u64,
    lines: (u64, u64),
    /// The usual net value of a line, in cents, before the trend.
    line_value: i64,
    discount: i64,
    /// Contract prices at cost plus this many basis points of it (10 500 is cost + 5 %);
    /// zero when prices are list prices less the discount.
    markup: i64,
    web_pct: usize,
    reseller: Option<String>,
    billing: Billing,
    service_hours_per_year: u64,
    visits_per_year: u64,
    /// Percent of orders with a return, in tenths.
    return_permille: usize,
    /// Change of volume per year, in basis points.
    trend_bp: i64,
}

fn owner_of(
    ctx: &Context<'_>,
    rng: &mut Rng,
    d: &DemoAccount,
    team: &'static [&'static str],
) -> &'static str {
    d.account
        .owner
        .as_deref()
        .and_then(|o| ctx.owners.iter().find(|x| **x == o).copied())
        .unwrap_or_else(|| team[rng.below(team.len())])
}

fn wholesale_plan(
    ctx: &Context<'_>,
    rng: &mut Rng,
    d: &DemoAccount,
    resellers: &Resellers,
    new_rank: &mut i64,
) -> Plan {
    let a = &d.account;
    let size = a.size_class;
    let is_reseller = resellers.wholesale.contains(&a.name);
    let draw = rng.below(100);
    let role = if a.status == AccountStatus::Former {
        Role::Former
    } else if has_tag(d, "uusi") {
        Role::New
    } else if size == Some(SizeClass::Large) && has_tag(d, "avainasiakas") {
        Role::HeavyDiscount
    } else if size == Some(SizeClass::Large) {
        if draw < 8 {
            Role::Declining
        } else {
            Role::LargeLoyal
        }
    } else if draw < 10 {
        Role::Lapsing
    } else if draw < 16 {
        Role::Lost
    } else if draw < 23 {
        Role::Declining
    } else if draw < 30 {
        Role::Growing
    } else if has_tag(d, "verkkokauppa") {
        Role::WebShop
    } else if matches!(size, Some(SizeClass::Micro | SizeClass::Small)) && draw < 48 {
        Role::Demanding
    } else if matches!(size, Some(SizeClass::Micro | SizeClass::Small)) && draw < 56 && !is_reseller
    {
        Role::ViaReseller
    } else {
        Role::Loyal
    };

    // Yearly volume in euros, days between orders and lines per order, by size.
    let (volume, cycle, lines) = match (role, size) {
        (Role::HeavyDiscount, _) => (rng.between(650_000, 900_000), rng.between(2, 3), (3, 10)),
        (Role::Demanding, _) => (rng.between(3_000, 8_000), rng.between(5, 8), (1, 2)),
        (_, Some(SizeClass::Large)) => (rng.between(220_000, 600_000), rng.between(4, 7), (3, 10)),
        (_, Some(SizeClass::Medium)) => (rng.between(50_000, 160_000), rng.between(10, 18), (3, 9)),
        (_, Some(SizeClass::Small) | None) => {
            (rng.between(10_000, 40_000), rng.between(18, 35), (2, 6))
        }
        (_, Some(SizeClass::Micro)) => (rng.between(1_500, 7_000), rng.between(21, 50), (1, 3)),
    };
    let orders_per_year = 365 / cycle;
    let avg_lines = u64::midpoint(lines.0, lines.1);
    let line_value = (volume * 100 / orders_per_year / avg_lines.max(1)) as i64;

    let contract = has_tag(d, "sopimusasiakas");
    let mut discount = match size {
        Some(SizeClass::Large) => rng.between(600, 1100),
        Some(SizeClass::Medium) => rng.between(300, 800),
        Some(SizeClass::Small) | None => rng.between(0, 500),
        Some(SizeClass::Micro) => rng.between(0, 200),
    } as i64;
    if contract {
        discount += 300;
    }
    let markup = if role == Role::HeavyDiscount {
        rng.between(10_200, 10_600) as i64
    } else {
        0
    };
    match role {
        Role::ViaReseller => discount = rng.between(2200, 2800) as i64,
        Role::Demanding => discount = discount.min(300),
        _ => {}
    }

    let since = customer_since(d).filter(|s| *s > ctx.start);
    let mut first = since.unwrap_or(ctx.start);
    let mut last = ctx.today;
    match role {
        Role::Former => {
            last = plus(ctx.today, -(rng.between(430, 1100) as i64));
            if (last - first).num_days() < 240 {
                first = plus(last, -(rng.between(300, 700) as i64)).max(ctx.start);
            }
        }
        Role::Lost => {
            last = plus(ctx.today, -(rng.between(400, 700) as i64));
            if (last - first).num_days() < 240 {
                first = ctx.start;
            }
        }
        Role::Lapsing => {
            last = plus(ctx.today, -((cycle * rng.between(30, 45) / 10) as i64));
        }
        Role::New => {
            // New customers start one after another over the last ten months.
            first = plus(ctx.today, -(25 + 25 * (*new_rank % 12)));
            *new_rank += 1;
        }
        _ => {}
    }

    let large = matches!(size, Some(SizeClass::Large | SizeClass::Medium));
    let billing = Billing {
        terms: if large || contract { 30 } else { 14 },
        monthly: large || contract,
        prepaid: false,
        late: if has_tag(d, "maksumuistutus") {
            (14, 50)
        } else {
            match role {
                Role::HeavyDiscount => (8, 35),
                Role::Demanding => (0, 18),
                _ => (-4, 3),
            }
        },
        very_late_pct: if role == Role::Loyal { 3 } else { 8 },
    };
    let (service_hours_per_year, visits_per_year) = match (role, size) {
        (Role::HeavyDiscount, _) => (rng.between(300, 450), rng.between(20, 30)),
        (Role::Demanding, _) => (rng.between(50, 90), rng.between(3, 5)),
        (Role::WebShop, _) => (rng.between(0, 3), 0),
        (Role::ViaReseller, _) => (0, 0),
        (Role::New, _) => (rng.between(20, 40), rng.between(3, 5)),
        (_, Some(SizeClass::Large)) => (rng.between(30, 70), rng.between(5, 9)),
        (_, Some(SizeClass::Medium)) => (rng.between(10, 30), rng.between(3, 5)),
        (_, Some(SizeClass::Small) | None) => (rng.between(3, 10), rng.between(0, 2)),
        (_, Some(SizeClass::Micro)) => (rng.between(1, 4), rng.between(0, 1)),
    };
    let web_pct = match role {
        Role::WebShop => 80,
        Role::HeavyDiscount | Role::ViaReseller => 0,
        _ if has_tag(d, "verkkokauppa") => 60,
        _ if matches!(size, Some(SizeClass::Micro | SizeClass::Small)) => 12,
        _ => 6,
    };
    let trend_bp = match role {
        Role::Declining => -(rng.between(2000, 3000) as i64),
        Role::Growing => rng.between(2000, 3000) as i64,
        _ => rng.between(0, 1000) as i64 - 500,
    };
    Plan {
        role,
        industry: a.industry.clone(),
        owner: owner_of(ctx, rng, d, ctx.wholesale_team()),
        first,
        last,
        cycle,
        lines,
        line_value,
        discount,
        markup,
        web_pct,
        reseller: (role == Role::ViaReseller)
            .then(|| resellers.wholesale[rng.below(resellers.wholesale.len())].clone()),
        billing,
        service_hours_per_year,
        visits_per_year,
        return_permille: match role {
            Role::Demanding => 60,
            Role::HeavyDiscount => 40,
            _ => 12,
        },
        trend_bp,
    }
}

/// A wholesale customer's orders, deliveries, returns, service hours and visits.
fn wholesale_customer(ctx: &Context<'_>, rng: &mut Rng, book: &mut Book, index: usize, p: &Plan) {
    book.billing.insert(index, p.billing);
    let weights = group_preferences(p.industry.as_deref());
    let mid = plus(ctx.start, 730);
    let mut day = plus(p.first, rng.below(p.cycle as usize) as i64);
    while day <= p.last {
        let gap = (p.cycle * rng.between(50, 150) / 100).max(1) as i64;
        let channel = if p.reseller.is_some() {
            RESELLER
        } else if rng.percent(p.web_pct) {
            WEB
        } else {
            DIRECT
        };
        let date = if channel == WEB {
            day
        } else {
            working_day(day)
        };
        day = plus(day, gap);
        if date > p.last || date > ctx.today {
            break;
        }
        // The summer holiday and Christmas are quiet.
        let quiet = date.month() == 7 || (date.month() == 12 && date.day() >= 20);
        if quiet && rng.percent(60) {
            continue;
        }
        // Volume follows the customer's trend around the middle of the history.
        let years = (date - mid).num_days() as f64 / 365.0;
        let trend = (1.0 + p.trend_bp as f64 / 10_000.0 * years).max(0.25);
        let n = rng.between(p.lines.0, p.lines.1) as usize;
        let mut lines: Vec<DraftLine> = Vec::with_capacity(n);
        for _ in 0..n {
            let group = rng.weighted(weights);
            let members = &ctx.wholesale.by_group[group];
            let product = members[rng.below(members.len())];
            if lines.iter().any(|l| l.product == product) {
                continue;
            }
            let item = &ctx.wholesale.products[product];
            let price = price_on(item.list_price_cents, ctx.today, date);
            let cost = price_on(item.unit_cost_cents, ctx.today, date);
            let discount = if p.markup > 0 {
                // Power tools and electrical goods go at or below cost to win the rest.
                let loss_leader = if group == 2 || group == 4 { 800 } else { 0 };
                let markup = p.markup - loss_leader + rng.between(0, 300) as i64 - 150;
                (10_000 - cost * markup / price).clamp(0, 6000)
            } else if p.discount > 0 {
                (p.discount + rng.between(0, 4) as i64 * 50 - 100).clamp(0, 3000)
            } else {
                0
            };
            let discount = discount / 50 * 50;
            let target = p.line_value as f64 * trend * rng.between(40, 160) as f64 / 100.0;
            let unit_net = price as f64 * (10_000 - discount) as f64 / 10_000.0;
            let mut units = (target / unit_net.max(1.0)).round().max(1.0) as i64;
            if item.unit == "m" {
                units = ((units + 4) / 5 * 5).max(5);
            }
            lines.push(DraftLine {
                product,
                quantity_milli: units.min(5000) * 1000,
                unit_price_cents: price,
                unit_cost_cents: cost,
                discount_bp: discount,
            });
        }
        let n = lines.len();
        let first_delivery = working_days_after(date, rng.between(1, 3));
        let mut deliveries = Vec::new();
        if n >= 5 && rng.percent(8) {
            let split = n - 1 - rng.below(2);
            deliveries.push((first_delivery, 0, split));
            deliveries.push((plus(first_delivery, rng.between(5, 12) as i64), split, n));
        } else {
            deliveries.push((first_delivery, 0, n));
        }
        deliveries.retain(|(d, _, _)| *d <= ctx.today);
        let returned = match deliveries.first() {
            Some(&(delivered, from, to)) if rng.below(1000) < p.return_permille => {
                let line = from + rng.below(to - from);
                let units = lines[line].quantity_milli / 1000;
                let back = if units <= 1 {
                    1
                } else {
                    rng.between(1, units.min(10) as u64) as i64
                };
                let day = plus(delivered, rng.between(2, 25) as i64);
                (day <= ctx.today).then(|| (line, back * 1000, day, rng.word(RETURN_REASONS)))
            }
            _ => None,
        };
        book.drafts.push(Draft {
            tourism: false,
            customer: index,
            date,
            channel,
            reseller: if channel == RESELLER {
                p.reseller.clone()
            } else {
                None
            },
            lines,
            deliveries,
            returned,
        });
    }
    // Service and visits go on while the customer buys, and a little after.
    let until = plus(p.last, 30).min(ctx.today);
    let team = ctx.wholesale_team();
    let work = Work {
        customer: index,
        from: p.first,
        to: until,
        hours: p.service_hours_per_year,
        visits: p.visits_per_year,
        owner: p.owner,
        team,
        entry: if p.role == Role::Demanding {
            (250, 1500)
        } else {
            (250, 4000)
        },
    };
    work.record(rng, book);
}

/// A customer's service hours and visits over a period.
struct Work {
    customer: usize,
    from: NaiveDate,
    to: NaiveDate,
    /// Hours a year.
    hours: u64,
    /// Visits a year.
    visits: u64,
    owner: &'static str,
    team: &'static [&'static str],
    /// The range of one entry's thousandths of an hour.
    entry: (u64, u64),
}

impl Work {
    /// Spreads the wholesaler's service entries (in quarter hours) and visits over the period
    /// on working days.
    fn record(&self, rng: &mut Rng, book: &mut Book) {
        let days = (self.to - self.from).num_days();
        if days <= 0 {
            return;
        }
        let mut left = (self.hours * 1000) as i64 * days / 365;
        while left > 0 {
            let h = (rng.between(self.entry.0, self.entry.1) / 250 * 250).max(250) as i64;
            let h = h.min(left.max(250));
            left -= h;
            let day = working_day(day_between(rng, self.from, self.to));
            if day > self.to {
                continue;
            }
            let person = if rng.percent(65) {
                self.owner
            } else {
                self.team[rng.below(self.team.len())]
            };
            book.service.push(Service {
                day,
                customer: self.customer,
                hours: h,
                person,
                what: rng.word(WHOLESALE_SERVICE),
            });
        }
        let count = (self.visits as i64 * days + 182) / 365;
        for _ in 0..count {
            let day = working_day(day_between(rng, self.from, self.to));
            if day > self.to {
                continue;
            }
            book.visits.push(Call {
                day,
                customer: self.customer,
                person: self.owner,
                purpose: rng.word(WHOLESALE_VISITS),
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The tourism firm

/// The kinds of customer the tourism firm has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guest {
    Person,
    Agency,
    Hotel,
    School,
    Society,
    Company,
}

fn tourism_customer(
    ctx: &Context<'_>,
    rng: &mut Rng,
    book: &mut Book,
    index: usize,
    d: &DemoAccount,
    resellers: &Resellers,
) {
    let a = &d.account;
    let guest = if a.kind == AccountKind::Person {
        Guest::Person
    } else {
        match a.industry.as_deref() {
            Some("matkatoimistot") => Guest::Agency,
            Some("majoitus") => Guest::Hotel,
            Some("koulutus") => Guest::School,
            Some("yhdistykset") => Guest::Society,
            _ => Guest::Company,
        }
    };
    let former = a.status == AccountStatus::Former;
    // A former customer's last trip was more than a year ago.
    let last = if former {
        plus(ctx.today, -(rng.between(420, 1000) as i64))
    } else {
        plus(ctx.today, 60)
    };
    let owner = owner_of(ctx, rng, d, ctx.tourism_team());
    let slow = rng.percent(20);
    book.billing.insert(
        index,
        Billing {
            terms: 14,
            monthly: guest == Guest::Hotel,
            prepaid: guest == Guest::Person,
            late: match guest {
                Guest::Person => (-14, -8),
                _ if slow => (7, 40),
                _ => (-3, 5),
            },
            very_late_pct: if guest == Guest::Person { 0 } else { 4 },
        },
    );
    let mut trips = Trips {
        ctx,
        book,
        customer: index,
        last,
    };
    match guest {
        Guest::Person => {
            let count = if former {
                rng.between(1, 2)
            } else if has_tag(d, "kanta-asiakas") {
                rng.between(2, 4)
            } else {
                [1, 1, 1, 2, 2, 3][rng.below(6)]
            };
            let traveller = Traveller {
                winter: has_tag(d, "talvikausi"),
                summer: has_tag(d, "kesäkausi"),
                family: has_tag(d, "perhematka"),
                loyal: has_tag(d, "kanta-asiakas"),
            };
            for _ in 0..count {
                trips.person(rng, traveller, resellers);
            }
        }
        Guest::Agency => {
            let size = u64::from(size_rank(a.size_class));
            for year in season_years(ctx) {
                let winter = rng.between(2, 5 + 2 * size);
                for _ in 0..winter {
                    trips.group(rng, year, Season::Winter, (12, 40), (1500, 2000));
                }
                if rng.percent(40) {
                    for _ in 0..rng.between(1, 2) {
                        trips.group(rng, year, Season::Summer, (10, 30), (1500, 2000));
                    }
                }
            }
            trips.planning(rng, (2000, 6000), owner);
        }
        Guest::Hotel => {
            for year in season_years(ctx) {
                for month in [9, 10, 11, 12, 1, 2, 3] {
                    if month < 12 && month > 3 && rng.percent(50) {
                        continue;
                    }
                    trips.hotel_month(rng, year, month);
                }
            }
        }
        Guest::School => {
            for year in season_years(ctx) {
                if rng.percent(75) {
                    trips.camp(rng, year);
                }
            }
            trips.planning(rng, (3000, 8000), owner);
        }
        Guest::Society => {
            for year in season_years(ctx) {
                if rng.percent(65) {
                    trips.group(rng, year, Season::Autumn, (12, 35), (0, 500));
                }
            }
            trips.planning(rng, (1000, 3000), owner);
        }
        Guest::Company => {
            let people = match a.size_class {
                Some(SizeClass::Micro) => (5, 12),
                Some(SizeClass::Small) | None => (10, 30),
                Some(SizeClass::Medium) => (25, 70),
                Some(SizeClass::Large) => (60, 150),
            };
            for year in season_years(ctx) {
                if rng.percent(70) {
                    trips.company_day(rng, year, people);
                }
                if rng.percent(60) {
                    trips.christmas(rng, year, people);
                }
            }
        }
    }
    // Every customer has travelled at least once; one whose draws all fell outside the
    // history gets another.
    let years: Vec<i32> = season_years(ctx).collect();
    for _ in 0..100 {
        if trips.book.drafts.iter().any(|d| d.customer == index) {
            break;
        }
        let year = years[rng.below(years.len())];
        match guest {
            Guest::Person => trips.person(rng, Traveller::default(), resellers),
            Guest::Agency | Guest::Society => {
                trips.group(rng, year, Season::Summer, (10, 30), (0, 1500));
            }
            Guest::Hotel => trips.hotel_month(rng, year, 1),
            Guest::School => trips.camp(rng, year),
            Guest::Company => trips.christmas(rng, year, (10, 30)),
        }
    }
    let book = trips.book;
    // Agencies and hotels get a sales visit before most seasons.
    if matches!(guest, Guest::Agency | Guest::Hotel) {
        for year in season_years(ctx) {
            let Some(day) = NaiveDate::from_ymd_opt(year, 9, 1) else {
                continue;
            };
            let day = working_day(day_between(rng, day, plus(day, 50)));
            if day <= last.min(ctx.today) && day >= ctx.start && rng.percent(80) {
                book.visits.push(Call {
                    day,
                    customer: index,
                    person: owner,
                    purpose: rng.word(TOURISM_VISITS),
                });
            }
        }
    }
}

/// The years whose season (autumn of the year to spring of the next) touches the history.
fn season_years(ctx: &Context<'_>) -> std::ops::RangeInclusive<i32> {
    (ctx.start.year() - 1)..=ctx.today.year()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Season {
    /// December to March.
    Winter,
    /// June to August.
    Summer,
    /// August to September.
    Autumn,
}

/// A random day of the season that starts in `year`.
fn season_day(rng: &mut Rng, year: i32, season: Season) -> Option<NaiveDate> {
    let (from, to) = match season {
        Season::Winter => ((year, 12, 1), (year + 1, 3, 31)),
        Season::Summer => ((year, 6, 10), (year, 8, 20)),
        Season::Autumn => ((year, 8, 15), (year, 9, 30)),
    };
    let from = NaiveDate::from_ymd_opt(from.0, from.1, from.2)?;
    let to = NaiveDate::from_ymd_opt(to.0, to.1, to.2)?;
    Some(day_between(rng, from, to))
}

/// A booking made `lead` days before a trip on `day`; `cancel_pct` is the chance that part of
/// it is cancelled.
struct Booking {
    day: NaiveDate,
    lead: i64,
    channel: &'static str,
    reseller: Option<String>,
    lines: Vec<DraftLine>,
    cancel_pct: usize,
}

impl Booking {
    fn direct(day: NaiveDate, lead: i64, lines: Vec<DraftLine>, cancel_pct: usize) -> Self {
        Self {
            day,
            lead,
            channel: DIRECT,
            reseller: None,
            lines,
            cancel_pct,
        }
    }
}

/// The position in [`TRIPS`] of a random product for `usage` sold on `day`.
fn trip_for(rng: &mut Rng, usage: Use, day: NaiveDate) -> Option<usize> {
    let fits: Vec<usize> = TRIPS
        .iter()
        .enumerate()
        .filter(|(_, t)| t.usage == usage && in_season(t, day))
        .map(|(i, _)| i)
        .collect();
    (!fits.is_empty()).then(|| fits[rng.below(fits.len())])
}

/// What a private person's tags tell of their travel.
#[derive(Debug, Clone, Copy, Default)]
struct Traveller {
    /// Travels in winter (`talvikausi`).
    winter: bool,
    /// Travels in summer (`kesäkausi`).
    summer: bool,
    /// Travels with children (`perhematka`).
    family: bool,
    /// A regular (`kanta-asiakas`), who gets a loyalty discount.
    loyal: bool,
}

/// Makes the bookings of one tourism customer.
struct Trips<'a, 'b> {
    ctx: &'a Context<'a>,
    book: &'b mut Book,
    customer: usize,
    /// The last day a trip may take place.
    last: NaiveDate,
}

impl Trips<'_, '_> {
    fn line(&self, trip: usize, booked: NaiveDate, quantity: i64, discount: i64) -> DraftLine {
        let t: &Trip = &TRIPS[trip];
        DraftLine {
            product: self.ctx.tourism_offset + trip,
            quantity_milli: quantity * 1000,
            unit_price_cents: price_on(t.price, self.ctx.today, booked),
            unit_cost_cents: price_on(t.price * (100 - t.margin) / 100, self.ctx.today, booked),
            discount_bp: discount,
        }
    }

    /// Records a booking, if both the booking and the trip fit the history.
    fn book(&mut self, rng: &mut Rng, b: Booking) {
        let Booking {
            day,
            lead,
            channel,
            reseller,
            lines,
            cancel_pct,
        } = b;
        let booked = plus(day, -lead);
        if lines.is_empty() || day > self.last || booked < self.ctx.start || booked > self.ctx.today
        {
            return;
        }
        let n = lines.len();
        let deliveries = if day <= self.ctx.today {
            vec![(day, 0, n)]
        } else {
            Vec::new()
        };
        let returned = (rng.percent(cancel_pct) && n > 1).then(|| {
            let line = 1 + rng.below(n - 1);
            let q = lines[line].quantity_milli;
            (
                line,
                q,
                plus(day, -(rng.between(0, 3) as i64)),
                rng.word(CANCEL_REASONS),
            )
        });
        let returned = returned.filter(|r| r.2 <= self.ctx.today && r.2 >= booked);
        self.book.drafts.push(Draft {
            tourism: true,
            customer: self.customer,
            date: booked,
            channel,
            reseller,
            lines,
            deliveries,
            returned,
        });
    }

    /// A private person's holiday.
    fn person(&mut self, rng: &mut Rng, who: Traveller, resellers: &Resellers) {
        let Traveller {
            winter,
            summer,
            family,
            loyal,
        } = who;
        let season = match (winter, summer) {
            (true, false) => Season::Winter,
            (false, true) => Season::Summer,
            _ => [
                Season::Winter,
                Season::Winter,
                Season::Summer,
                Season::Autumn,
            ][rng.below(4)],
        };
        let years: Vec<i32> = season_years(self.ctx).collect();
        let year = years[rng.below(years.len())];
        let Some(day) = season_day(rng, year, season) else {
            return;
        };
        let lead = rng.between(7, 75) as i64;
        let booked = plus(day, -lead);
        let party = if family {
            rng.between(3, 5)
        } else {
            [1, 2, 2, 2, 2, 3, 4][rng.below(7)]
        } as i64;
        let (channel, reseller, discount) = match rng.below(100) {
            0..60 => (WEB, None, 0),
            60..88 => (DIRECT, None, 0),
            _ => (
                RESELLER,
                Some(resellers.tourism[rng.below(resellers.tourism.len())].clone()),
                1500,
            ),
        };
        let discount = if loyal && discount == 0 {
            500
        } else {
            discount
        };
        let nights = rng.between(2, 5) as i64;
        let mut lines = Vec::new();
        let rooms = (party + 1) / 2;
        let stay = if season == Season::Winter && rng.percent(40) {
            1
        } else if party > 2 {
            0
        } else {
            2
        };
        let stay_qty = if stay == 0 { nights } else { nights * rooms };
        lines.push(self.line(trip::CABIN + stay, booked, stay_qty, discount));
        let activities = rng.between(1, 3);
        for _ in 0..activities {
            if let Some(t) = trip_for(rng, Use::Activity, day)
                && !lines
                    .iter()
                    .any(|l| l.product == self.ctx.tourism_offset + t)
            {
                lines.push(self.line(t, booked, party, discount));
            }
        }
        if rng.percent(50) {
            lines.push(self.line(trip::DINNER, booked, party, discount));
        }
        if rng.percent(60) {
            lines.push(self.line(trip::TRANSFER, booked, party * 2, discount));
        }
        if season == Season::Winter && rng.percent(50) {
            lines.push(self.line(trip::GEAR, booked, party, discount));
        }
        self.book(
            rng,
            Booking {
                day,
                lead,
                channel,
                reseller,
                lines,
                cancel_pct: 4,
            },
        );
    }

    /// A group trip of a travel agency or an association.
    fn group(
        &mut self,
        rng: &mut Rng,
        year: i32,
        season: Season,
        people: (u64, u64),
        discount: (u64, u64),
    ) {
        let Some(day) = season_day(rng, year, season) else {
            return;
        };
        let lead = rng.between(30, 120) as i64;
        let booked = plus(day, -lead);
        let party = rng.between(people.0, people.1) as i64;
        let discount = (rng.between(discount.0, discount.1) / 50 * 50) as i64;
        let nights = rng.between(2, 4) as i64;
        let mut lines = vec![self.line(trip::GROUP_BEDS, booked, party * nights, discount)];
        let activities = if season == Season::Autumn {
            1
        } else {
            rng.between(2, 3)
        };
        for _ in 0..activities {
            if let Some(t) = trip_for(rng, Use::Activity, day)
                && !lines
                    .iter()
                    .any(|l| l.product == self.ctx.tourism_offset + t)
            {
                lines.push(self.line(t, booked, party, discount));
            }
        }
        lines.push(self.line(trip::DINNER, booked, party, discount));
        lines.push(self.line(trip::LUNCH, booked, party * (nights - 1), discount));
        lines.push(self.line(trip::COACH, booked, rng.between(1, 2) as i64, discount));
        if season == Season::Winter {
            lines.push(self.line(trip::GEAR, booked, party, discount));
        }
        self.book(rng, Booking::direct(day, lead, lines, 3));
    }

    /// A hotel's safaris for its guests in one month of the season that starts in `year`.
    fn hotel_month(&mut self, rng: &mut Rng, year: i32, month: u32) {
        let y = if month <= 4 { year + 1 } else { year };
        let Some(first) = NaiveDate::from_ymd_opt(y, month, 1) else {
            return;
        };
        let booked = plus(first, -(rng.between(3, 10) as i64));
        let day = plus(booked, rng.between(5, 20) as i64);
        let discount = (rng.between(1000, 1500) / 50 * 50) as i64;
        let mut lines = Vec::new();
        for _ in 0..rng.between(2, 4) {
            if let Some(t) = trip_for(rng, Use::Activity, day)
                && !lines
                    .iter()
                    .any(|l: &DraftLine| l.product == self.ctx.tourism_offset + t)
            {
                lines.push(self.line(t, booked, rng.between(4, 30) as i64, discount));
            }
        }
        self.book(
            rng,
            Booking::direct(day, (day - booked).num_days(), lines, 0),
        );
    }

    /// A school's camp trip in the school year that starts in `year`.
    fn camp(&mut self, rng: &mut Rng, year: i32) {
        let spring = rng.percent(65);
        let (from, to) = if spring {
            ((year + 1, 4, 1), (year + 1, 5, 31))
        } else {
            ((year, 8, 20), (year, 9, 30))
        };
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(from.0, from.1, from.2),
            NaiveDate::from_ymd_opt(to.0, to.1, to.2),
        ) else {
            return;
        };
        let day = working_day(day_between(rng, from, to));
        let lead = rng.between(60, 150) as i64;
        let booked = plus(day, -lead);
        let pupils = rng.between(18, 55) as i64 + rng.between(2, 4) as i64;
        let discount = (rng.between(0, 500) / 50 * 50) as i64;
        let lines = vec![
            self.line(trip::CAMP, booked, pupils, discount),
            self.line(trip::COACH, booked, 2, 0),
        ];
        self.book(rng, Booking::direct(day, lead, lines, 2));
    }

    /// A company's recreation day in late winter or late summer.
    fn company_day(&mut self, rng: &mut Rng, year: i32, people: (u64, u64)) {
        let (from, to) = if rng.percent(50) {
            ((year, 2, 1), (year, 3, 31))
        } else {
            ((year, 8, 15), (year, 9, 30))
        };
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(from.0, from.1, from.2),
            NaiveDate::from_ymd_opt(to.0, to.1, to.2),
        ) else {
            return;
        };
        let day = working_day(day_between(rng, from, to));
        let lead = rng.between(20, 70) as i64;
        let booked = plus(day, -lead);
        let party = rng.between(people.0, people.1) as i64;
        let discount = (rng.between(0, 800) / 50 * 50) as i64;
        let package = if rng.percent(60) {
            trip::RECREATION
        } else {
            trip::MEETING
        };
        let mut lines = vec![self.line(package, booked, party, discount)];
        lines.push(self.line(trip::LUNCH, booked, party, discount));
        if party > 20 {
            lines.push(self.line(trip::COACH, booked, 1, discount));
        }
        self.book(rng, Booking::direct(day, lead, lines, 2));
    }

    /// A company's Christmas party.
    fn christmas(&mut self, rng: &mut Rng, year: i32, people: (u64, u64)) {
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(year, 11, 20),
            NaiveDate::from_ymd_opt(year, 12, 15),
        ) else {
            return;
        };
        let day = day_between(rng, from, to);
        let lead = rng.between(30, 90) as i64;
        let booked = plus(day, -lead);
        let party = rng.between(people.0, people.1) as i64;
        let discount = (rng.between(0, 800) / 50 * 50) as i64;
        let mut lines = vec![self.line(trip::CHRISTMAS, booked, party, discount)];
        if party > 20 {
            lines.push(self.line(trip::COACH, booked, 1, discount));
        }
        self.book(rng, Booking::direct(day, lead, lines, 2));
    }

    /// Hours of planning for each of the customer's bookings, in thousandths of an hour.
    fn planning(&mut self, rng: &mut Rng, hours: (u64, u64), owner: &'static str) {
        let mine: Vec<NaiveDate> = self
            .book
            .drafts
            .iter()
            .filter(|d| d.customer == self.customer)
            .map(|d| d.date)
            .collect();
        for booked in mine {
            let mut left = (rng.between(hours.0, hours.1) / 250 * 250) as i64;
            while left > 0 {
                let h = ((rng.between(500, 2500) / 250) * 250).min(left as u64) as i64;
                left -= h;
                let day = working_day(plus(booked, -(rng.between(0, 20) as i64)));
                if day < self.ctx.start || day > self.ctx.today {
                    continue;
                }
                let person = if rng.percent(75) {
                    owner
                } else {
                    let team = self.ctx.tourism_team();
                    team[rng.below(team.len())]
                };
                self.book.service.push(Service {
                    day,
                    customer: self.customer,
                    hours: h,
                    person,
                    what: rng.word(TOURISM_SERVICE),
                });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Numbering and invoicing

impl Book {
    fn finish(
        mut self,
        ctx: &Context<'_>,
        products: &[crate::purchases::Product],
        numbers: &[&str],
    ) -> PurchaseData {
        let mut out = PurchaseData {
            products: products.to_vec(),
            ..PurchaseData::default()
        };
        // Orders are numbered by date, each firm in its own series.
        let mut order: Vec<usize> = (0..self.drafts.len()).collect();
        order.sort_by_key(|&i| (self.drafts[i].date, self.drafts[i].customer, i));
        let mut next_wholesale = 300_001;
        let mut next_tourism = 10_001;
        // (customer, invoice day or delivery day, amount, monthly) before invoicing.
        let mut billable: Vec<(usize, NaiveDate, i64)> = Vec::new();
        let mut returns: Vec<Credit> = Vec::new();
        for &i in &order {
            let draft = &self.drafts[i];
            let number = if draft.tourism {
                next_tourism += 1;
                format!("V-{}", next_tourism - 1)
            } else {
                next_wholesale += 1;
                (next_wholesale - 1).to_string()
            };
            let customer = numbers[draft.customer];
            for (k, l) in draft.lines.iter().enumerate() {
                let p = &products[l.product];
                out.order_lines.push(OrderLine {
                    order_number: number.clone(),
                    line_number: k as u32 + 1,
                    customer_number: customer.to_owned(),
                    order_date: draft.date,
                    product_number: p.product_number.clone(),
                    product_name: p.name.clone(),
                    product_group: p.product_group.clone(),
                    quantity_milli: l.quantity_milli,
                    unit_price_cents: l.unit_price_cents,
                    unit_cost_cents: l.unit_cost_cents,
                    discount_bp: l.discount_bp,
                    channel: draft.channel.to_owned(),
                    reseller: draft.reseller.clone(),
                });
            }
            let billing = self.billing[&draft.customer];
            if billing.prepaid {
                let total: i64 = draft.lines.iter().map(DraftLine::net).sum();
                billable.push((draft.customer, draft.date, total));
            }
            for (k, &(day, from, to)) in draft.deliveries.iter().enumerate() {
                out.deliveries.push(Delivery {
                    delivery_number: format!("{number}-{}", k + 1),
                    order_number: number.clone(),
                    customer_number: customer.to_owned(),
                    delivery_date: day,
                });
                if !billing.prepaid {
                    let amount: i64 = draft.lines[from..to].iter().map(DraftLine::net).sum();
                    let day = if billing.monthly { month_end(day) } else { day };
                    billable.push((draft.customer, day, amount));
                }
            }
            if let Some((line, quantity, day, reason)) = draft.returned {
                let l = &draft.lines[line];
                let amount = net_cents(quantity, l.unit_price_cents, l.discount_bp);
                if amount > 0 {
                    returns.push(Credit {
                        day,
                        order_number: number.clone(),
                        customer: draft.customer,
                        product: l.product,
                        quantity_milli: quantity,
                        amount,
                        reason,
                    });
                }
            }
        }
        out.order_lines.sort_by(|a, b| {
            (a.order_date, &a.order_number, a.line_number).cmp(&(
                b.order_date,
                &b.order_number,
                b.line_number,
            ))
        });
        out.deliveries.sort_by(|a, b| {
            (a.delivery_date, &a.delivery_number).cmp(&(b.delivery_date, &b.delivery_number))
        });

        // Monthly invoices gather a month's deliveries; the others are one per delivery.
        let mut invoices: BTreeMap<(NaiveDate, usize, usize), i64> = BTreeMap::new();
        for (seq, (customer, day, amount)) in billable.into_iter().enumerate() {
            let monthly = self.billing[&customer].monthly;
            let key = (day, customer, if monthly { 0 } else { seq + 1 });
            *invoices.entry(key).or_default() += amount;
        }
        let mut next_wholesale = 700_001;
        let mut next_tourism = 20_001;
        let mut rngs: BTreeMap<usize, Rng> = BTreeMap::new();
        for ((day, customer, _), amount) in invoices {
            if day > ctx.today || amount <= 0 {
                continue;
            }
            let billing = self.billing[&customer];
            let rng = rngs
                .entry(customer)
                .or_insert_with(|| Rng::for_item(SEED ^ 0x1417, customer as u64));
            let tourism = numbers[customer].starts_with("M-");
            let number = if tourism {
                next_tourism += 1;
                format!("ML-{}", next_tourism - 1)
            } else {
                next_wholesale += 1;
                (next_wholesale - 1).to_string()
            };
            let due = plus(day, billing.terms);
            let (low, high) = billing.late;
            let mut late = low + rng.between(0, (high - low) as u64) as i64;
            if rng.percent(billing.very_late_pct) {
                late += rng.between(20, 60) as i64;
            }
            let paid = plus(due, late).max(day);
            out.invoices.push(Invoice {
                invoice_number: number,
                customer_number: numbers[customer].to_owned(),
                invoice_date: day,
                due_date: due,
                paid_date: (paid <= ctx.today).then_some(paid),
                amount_cents: amount,
            });
        }

        returns.sort_by(|a, b| (a.day, &a.order_number).cmp(&(b.day, &b.order_number)));
        for (k, r) in returns.into_iter().enumerate() {
            out.returns.push(Return {
                return_number: format!("R-{}", 5001 + k),
                order_number: r.order_number,
                customer_number: numbers[r.customer].to_owned(),
                return_date: r.day,
                product_number: products[r.product].product_number.clone(),
                quantity_milli: r.quantity_milli,
                amount_cents: r.amount,
                reason: r.reason.to_owned(),
            });
        }

        self.service.sort_by_key(|s| (s.day, s.customer));
        for (k, s) in self.service.into_iter().enumerate() {
            out.service_entries.push(ServiceEntry {
                reference: format!("H-{}", 100_001 + k),
                customer_number: numbers[s.customer].to_owned(),
                date: s.day,
                hours_milli: s.hours,
                person: s.person.to_owned(),
                description: s.what.to_owned(),
            });
        }
        self.visits.sort_by_key(|v| (v.day, v.customer));
        for (k, v) in self.visits.into_iter().enumerate() {
            out.visits.push(Visit {
                reference: format!("K-{}", 20_001 + k),
                customer_number: numbers[v.customer].to_owned(),
                date: v.day,
                person: v.person.to_owned(),
                purpose: v.purpose.to_owned(),
            });
        }
        out
    }
}
