//! Checks the purchase data: the demo's history refers only to what exists, keeps its money and
//! dates sane and holds the variety the value analysis is meant to find; the benchmark
//! generator gives exactly what it is asked for, deterministically, in consistent orders.

use crate::catalogue::TRIPS;
use crate::purchases::{DIRECT, OrderLine, RESELLER, WEB, net_cents};
use crate::{
    DemoAccount, PurchaseData, demo_customer_master, demo_owners, demo_purchases, generate,
};
use arvo_core::{AccountInput, AccountStatus};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// The fixed day the demo tests are run on.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo's history on [`today`], made once for all tests.
static DEMO: LazyLock<PurchaseData> = LazyLock::new(|| demo_purchases(today()));

/// What one customer bought and cost, summed from the demo data.
#[derive(Debug, Default)]
struct Customer {
    net: i64,
    cost: i64,
    /// Sales before discounts.
    gross: i64,
    lines: i64,
    orders: BTreeMap<String, NaiveDate>,
    deliveries: i64,
    invoices: i64,
    /// Invoice amount × days from invoice to payment (or to today while open).
    amount_days: i128,
    service_milli: i64,
    visits: i64,
    returns: i64,
    paid_late: usize,
    paid: usize,
}

impl Customer {
    fn order_dates(&self) -> Vec<NaiveDate> {
        let mut d: Vec<NaiveDate> = self.orders.values().copied().collect();
        d.sort();
        d
    }

    /// Days between consecutive orders.
    fn gaps(&self) -> Vec<i64> {
        self.order_dates()
            .windows(2)
            .map(|w| (w[1] - w[0]).num_days())
            .collect()
    }

    fn median_gap(&self) -> Option<i64> {
        let mut g = self.gaps();
        g.sort_unstable();
        (!g.is_empty()).then(|| g[g.len() / 2])
    }

    fn discount_share(&self) -> f64 {
        (self.gross - self.net) as f64 / self.gross.max(1) as f64
    }

    /// Customer margin by activity-based costing at full-cost rates a Finnish wholesaler could
    /// have: order handling 40 €, picking 4 € a line, a delivery 45 €, an invoice 12 €, a
    /// service hour 70 €, a sales visit 350 €, and 8 % a year on the money waiting for payment.
    fn customer_margin(&self) -> i64 {
        let capital = (self.amount_days * 8 / 100 / 365) as i64;
        self.net
            - self.cost
            - self.returns
            - self.orders.len() as i64 * 4000
            - self.lines * 400
            - self.deliveries * 4500
            - self.invoices * 1200
            - self.service_milli * 7000 / 1000
            - self.visits * 35_000
            - capital
    }
}

fn by_customer(p: &PurchaseData) -> BTreeMap<String, Customer> {
    let mut m: BTreeMap<String, Customer> = BTreeMap::new();
    for l in &p.order_lines {
        let c = m.entry(l.customer_number.clone()).or_default();
        c.net += l.net_cents();
        c.cost += l.cost_cents();
        c.gross += net_cents(l.quantity_milli, l.unit_price_cents, 0);
        c.lines += 1;
        c.orders.insert(l.order_number.clone(), l.order_date);
    }
    for d in &p.deliveries {
        m.entry(d.customer_number.clone()).or_default().deliveries += 1;
    }
    for i in &p.invoices {
        let c = m.entry(i.customer_number.clone()).or_default();
        c.invoices += 1;
        let days = (i.paid_date.unwrap_or(today()) - i.invoice_date).num_days();
        c.amount_days += i128::from(i.amount_cents) * i128::from(days);
        if let Some(late) = i.days_late() {
            c.paid += 1;
            if late > 0 {
                c.paid_late += 1;
            }
        }
    }
    for s in &p.service_entries {
        m.entry(s.customer_number.clone())
            .or_default()
            .service_milli += s.hours_milli;
    }
    for v in &p.visits {
        m.entry(v.customer_number.clone()).or_default().visits += 1;
    }
    for r in &p.returns {
        m.entry(r.customer_number.clone()).or_default().returns += r.amount_cents;
    }
    m
}

fn master_by_number() -> HashMap<String, DemoAccount> {
    demo_customer_master()
        .into_iter()
        .filter_map(|d| d.account.customer_number.clone().map(|n| (n, d)))
        .collect()
}

/// Checks that the lines of every order agree and are numbered 1, 2, 3…; returns the orders
/// with their customer and date.
fn check_orders<'a>(
    lines: impl Iterator<Item = &'a OrderLine>,
) -> HashMap<String, (String, NaiveDate)> {
    let mut orders: HashMap<String, &OrderLine> = HashMap::new();
    let mut counts: HashMap<String, u32> = HashMap::new();
    for l in lines {
        let n = counts.entry(l.order_number.clone()).or_default();
        *n += 1;
        assert_eq!(l.line_number, *n, "{l:?}");
        let first = orders.entry(l.order_number.clone()).or_insert(l);
        assert_eq!(
            (
                &first.customer_number,
                first.order_date,
                &first.channel,
                &first.reseller
            ),
            (&l.customer_number, l.order_date, &l.channel, &l.reseller),
            "{l:?}"
        );
        check_line_money(l);
    }
    orders
        .into_iter()
        .map(|(k, l)| (k, (l.customer_number.clone(), l.order_date)))
        .collect()
}

fn check_line_money(l: &OrderLine) {
    assert!(l.quantity_milli > 0, "{l:?}");
    assert!(l.unit_price_cents > 0 && l.unit_cost_cents > 0, "{l:?}");
    assert!((0..10_000).contains(&l.discount_bp), "{l:?}");
    assert!(l.net_cents() > 0 && l.cost_cents() > 0, "{l:?}");
    match l.channel.as_str() {
        RESELLER => assert!(l.reseller.as_ref().is_some_and(|r| !r.is_empty()), "{l:?}"),
        DIRECT | WEB => assert!(l.reseller.is_none(), "{l:?}"),
        other => panic!("unknown channel {other}"),
    }
}

#[test]
fn demo_purchases_are_deterministic() {
    assert_eq!(*DEMO, demo_purchases(today()));
    let later = demo_purchases(today() + chrono::TimeDelta::days(40));
    assert_ne!(DEMO.order_lines, later.order_lines);
    assert!(later.order_lines.len() > 1000);
}

#[test]
fn demo_purchases_refer_only_to_what_exists() {
    let p = &*DEMO;
    let master = master_by_number();
    let start = today() - chrono::Months::new(48);
    let products: HashMap<&str, _> = p
        .products
        .iter()
        .map(|x| (x.product_number.as_str(), x))
        .collect();
    assert_eq!(
        products.len(),
        p.products.len(),
        "product numbers are unique"
    );
    for x in &p.products {
        assert!(x.list_price_cents > 0 && x.unit_cost_cents > 0, "{x:?}");
    }
    for l in &p.order_lines {
        let account = &master[&l.customer_number].account;
        assert_ne!(account.status, AccountStatus::Prospect);
        let product = products[l.product_number.as_str()];
        assert_eq!(
            (&product.name, &product.product_group),
            (&l.product_name, &l.product_group)
        );
        assert!(l.order_date > start && l.order_date <= today(), "{l:?}");
    }
    let orders = check_orders(p.order_lines.iter());
    let keys: HashSet<(&str, u32)> = p
        .order_lines
        .iter()
        .map(|l| (l.order_number.as_str(), l.line_number))
        .collect();
    assert_eq!(keys.len(), p.order_lines.len());
    assert!(
        p.order_lines
            .windows(2)
            .all(|w| w[0].order_date <= w[1].order_date)
    );

    let mut delivered: HashSet<&str> = HashSet::new();
    for d in &p.deliveries {
        let (customer, date) = &orders[&d.order_number];
        assert_eq!(customer, &d.customer_number);
        assert!(
            d.delivery_date >= *date && d.delivery_date <= today(),
            "{d:?}"
        );
        assert!(delivered.insert(&d.delivery_number), "{d:?}");
    }
    let mut invoice_numbers = HashSet::new();
    for i in &p.invoices {
        assert!(master.contains_key(&i.customer_number));
        assert!(i.due_date >= i.invoice_date, "{i:?}");
        assert!(i.invoice_date <= today() && i.invoice_date > start, "{i:?}");
        assert!(
            i.paid_date
                .is_none_or(|d| d >= i.invoice_date && d <= today()),
            "{i:?}"
        );
        assert!([14, 30].contains(&i.terms_days()), "{i:?}");
        assert!(i.amount_cents > 0, "{i:?}");
        assert!(invoice_numbers.insert(&i.invoice_number));
    }
    let lines: HashMap<(&str, &str), &OrderLine> = p
        .order_lines
        .iter()
        .map(|l| ((l.order_number.as_str(), l.product_number.as_str()), l))
        .collect();
    let mut return_numbers = HashSet::new();
    for r in &p.returns {
        let line = lines[&(r.order_number.as_str(), r.product_number.as_str())];
        assert_eq!(line.customer_number, r.customer_number);
        assert!(r.quantity_milli > 0 && r.quantity_milli <= line.quantity_milli);
        assert!(
            r.amount_cents > 0 && r.amount_cents <= line.net_cents(),
            "{r:?}"
        );
        assert!(r.return_date >= line.order_date && r.return_date <= today());
        assert!(return_numbers.insert(&r.return_number));
    }
    let owners: HashSet<&str> = demo_owners().iter().copied().collect();
    let mut references = HashSet::new();
    for s in &p.service_entries {
        assert!(master.contains_key(&s.customer_number));
        assert!(s.hours_milli > 0 && s.hours_milli <= 8000, "{s:?}");
        assert!(owners.contains(s.person.as_str()));
        assert!(s.date > start && s.date <= today());
        assert!(references.insert(&s.reference));
    }
    for v in &p.visits {
        assert!(master.contains_key(&v.customer_number));
        assert!(owners.contains(v.person.as_str()));
        assert!(v.date > start && v.date <= today());
        assert!(references.insert(&v.reference));
    }
    // Every customer and former customer has bought something.
    let buyers: HashSet<&str> = p
        .order_lines
        .iter()
        .map(|l| l.customer_number.as_str())
        .collect();
    assert_eq!(buyers.len(), master.len());
}

#[test]
fn demo_purchases_show_the_customer_lifecycle() {
    let master = master_by_number();
    let customers = by_customer(&DEMO);
    let days_since = |c: &Customer| (today() - *c.order_dates().last().unwrap()).num_days();

    // Lapsing: overdue against its own rhythm, but not yet a year.
    let lapsing: Vec<&String> = customers
        .iter()
        .filter(|(_, c)| c.orders.len() >= 8)
        .filter(|(_, c)| {
            let since = days_since(c);
            since < 365 && since as f64 > 1.5 * c.median_gap().unwrap() as f64 + 14.0
        })
        .map(|(n, _)| n)
        .collect();
    assert!(lapsing.len() >= 3, "{lapsing:?}");

    // Lost: still marked a customer, last order over a year ago.
    let lost = customers
        .iter()
        .filter(|(n, c)| {
            master[*n].account.status == AccountStatus::Customer
                && c.orders.len() >= 5
                && days_since(c) >= 365
        })
        .count();
    assert!(lost >= 2, "{lost}");

    // New: first order in the last 120 days.
    let new = customers
        .values()
        .filter(|c| (today() - c.order_dates()[0]).num_days() <= 120)
        .count();
    assert!(new >= 3, "{new}");

    // Former customers bought, but nothing in the last year.
    let former: Vec<&String> = master
        .iter()
        .filter(|(_, d)| d.account.status == AccountStatus::Former)
        .map(|(n, _)| n)
        .collect();
    assert!(!former.is_empty());
    for n in former {
        assert!(days_since(&customers[n]) >= 365, "{n}");
    }
}

#[test]
fn demo_purchases_show_who_earns_and_who_costs() {
    let customers = by_customer(&DEMO);
    let mut wholesale: Vec<(&String, &Customer)> = customers
        .iter()
        .filter(|(n, _)| !n.starts_with("M-"))
        .collect();
    wholesale.sort_by_key(|(_, c)| std::cmp::Reverse(c.net));

    // 80/20: the top fifth of the wholesaler's customers carries most of its sales.
    let total: i64 = wholesale.iter().map(|(_, c)| c.net).sum();
    let top: i64 = wholesale
        .iter()
        .take(wholesale.len() / 5)
        .map(|(_, c)| c.net)
        .sum();
    assert!(top * 100 / total >= 65, "{}%", top * 100 / total);

    // Big customers with heavy discounts, a thin margin, many service hours and slow payment
    // are unprofitable once the cost of serving them is counted.
    let top_ten = &wholesale[..10];
    let whales: Vec<&(&String, &Customer)> = top_ten
        .iter()
        .filter(|(_, c)| c.discount_share() >= 0.10 && c.customer_margin() < 0)
        .collect();
    assert!(!whales.is_empty(), "no big loss-making customer");
    let mut hours: Vec<i64> = top_ten.iter().map(|(_, c)| c.service_milli).collect();
    hours.sort_unstable();
    for (n, c) in &whales {
        assert!(c.service_milli > hours[5], "{n} needs little service");
        assert!(c.paid_late * 10 >= c.paid * 9, "{n} pays on time");
    }
    // Other big customers are the most profitable ones.
    assert!(
        top_ten
            .iter()
            .filter(|(_, c)| c.customer_margin() > 0)
            .count()
            >= 6
    );

    // Small demanding customers: many tiny orders and much service, a negative margin.
    let demanding = wholesale
        .iter()
        .filter(|(_, c)| {
            c.orders.len() >= 100
                && c.net / (c.orders.len() as i64) < 50_000
                && c.service_milli >= 100_000
                && c.customer_margin() < 0
        })
        .count();
    assert!(demanding >= 3, "{demanding}");

    // The whale curve: the profitable customers earn clearly more than the whole result.
    let margins: Vec<i64> = customers.values().map(Customer::customer_margin).collect();
    let result: i64 = margins.iter().sum();
    let earned: i64 = margins.iter().filter(|m| **m > 0).sum();
    assert!(
        result > 0 && earned > result * 108 / 100,
        "{earned} vs {result}"
    );

    // Some customers always pay late.
    assert!(
        customers
            .values()
            .any(|c| c.paid >= 10 && c.paid_late == c.paid)
    );
}

#[test]
fn demo_purchases_sell_through_every_channel() {
    let lines = &DEMO.order_lines;
    let share = |channel: &str| {
        lines.iter().filter(|l| l.channel == channel).count() as f64 / lines.len() as f64
    };
    assert!(share(DIRECT) > 0.6, "{}", share(DIRECT));
    assert!((0.05..0.35).contains(&share(WEB)), "{}", share(WEB));
    assert!(
        (0.005..0.1).contains(&share(RESELLER)),
        "{}",
        share(RESELLER)
    );
    let resellers: BTreeSet<&str> = lines.iter().filter_map(|l| l.reseller.as_deref()).collect();
    let names: HashSet<String> = demo_customer_master()
        .into_iter()
        .map(|d| d.account.name)
        .collect();
    assert!(resellers.len() >= 2, "{resellers:?}");
    for r in resellers {
        assert!(names.contains(r), "{r} is one of the demo's customers");
    }
}

#[test]
fn tourism_follows_the_seasons() {
    let p = &*DEMO;
    let trips: HashMap<String, &crate::catalogue::Trip> = TRIPS
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("ML-{}", 101 + i), t))
        .collect();
    let delivered: HashMap<&str, NaiveDate> = p
        .deliveries
        .iter()
        .map(|d| (d.order_number.as_str(), d.delivery_date))
        .collect();
    let mut winter = 0;
    let mut summer = 0;
    for l in p
        .order_lines
        .iter()
        .filter(|l| l.customer_number.starts_with("M-"))
    {
        let trip = trips[&l.product_number];
        if let Some(day) = delivered.get(l.order_number.as_str()) {
            assert!(trip.months.contains(&day.month()), "{l:?} on {day}");
            match day.month() {
                12 | 1..=3 => winter += l.net_cents(),
                6..=8 => summer += l.net_cents(),
                _ => {}
            }
        }
    }
    assert!(winter > 2 * summer && summer > 0, "{winter} {summer}");

    // Private persons come once or a few times; agencies book every season.
    let master = master_by_number();
    let customers = by_customer(p);
    for (n, c) in customers.iter().filter(|(n, _)| n.starts_with("M-")) {
        let a = &master[n].account;
        if a.kind == arvo_core::AccountKind::Person {
            assert!(c.orders.len() <= 4, "{n}");
        }
    }
    let agencies = customers
        .iter()
        .filter(|(n, c)| {
            master[*n].account.industry.as_deref() == Some("matkatoimistot") && c.orders.len() >= 8
        })
        .count();
    assert!(agencies >= 3, "{agencies}");
}

#[test]
fn generator_is_deterministic_for_a_seed() {
    let a = generate(300, 5_000, 1);
    let b = generate(300, 5_000, 1);
    let c = generate(300, 5_000, 2);
    let lines = |g: &crate::Generated| g.order_lines().collect::<Vec<_>>();
    assert_eq!(lines(&a), lines(&b));
    assert_eq!(lines(&a), lines(&a), "reading twice gives the same lines");
    assert_ne!(lines(&a), lines(&c));
    assert_eq!(a.products(), b.products());
    assert_ne!(a.products(), c.products());
    assert_eq!(
        a.accounts().collect::<Vec<_>>(),
        b.accounts().collect::<Vec<_>>()
    );
    assert_ne!(
        a.accounts().collect::<Vec<_>>(),
        c.accounts().collect::<Vec<_>>()
    );
}

#[test]
fn generator_gives_exactly_what_is_asked() {
    for (customers, lines) in [(1, 0), (1, 1), (5, 7), (1_000, 10_000), (50, 33_333)] {
        let g = generate(customers, lines, 9);
        assert_eq!(g.order_lines().len(), lines);
        assert_eq!(g.order_lines().count(), lines);
        assert_eq!(g.accounts().count(), customers);
        assert_eq!(g.customer_count(), customers);
        assert_eq!(g.line_count(), lines);
    }
    assert_eq!(generate(0, 100, 1).order_lines().count(), 0);
    // Lines are made as they are read: a billion of them cost nothing until then.
    let huge = generate(100, 1_000_000_000, 3);
    assert_eq!(huge.order_lines().take(1000).count(), 1000);
    assert!((200..=5000).contains(&huge.products().len()));
    assert!(generate(10, 100, 1).products().len() < 400);
    assert!(generate(10_000, 1_000_000, 1).products().len() > 2000);
}

#[test]
fn generated_accounts_are_customers_that_validate() {
    let g = generate(2_000, 100, 4);
    for (i, d) in g.accounts().enumerate() {
        assert_eq!(d.account.status, AccountStatus::Customer);
        assert_eq!(
            d.account.customer_number.as_deref(),
            Some(crate::Generated::customer_number(i).as_str())
        );
        assert_eq!(
            AccountInput::from(&d.account).validate(&[]),
            Ok(d.account.clone())
        );
    }
}

#[test]
fn generated_orders_are_consistent_and_realistic() {
    let customers = 2_000;
    let g = generate(customers, 200_000, 7);
    let (first, last) = g.period();
    assert_eq!(last, NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    assert!((last - first).num_days() >= 3 * 365);
    let numbers: HashSet<String> = g
        .accounts()
        .filter_map(|d| d.account.customer_number)
        .collect();
    assert_eq!(numbers.len(), customers);
    let products: HashSet<&str> = g
        .products()
        .iter()
        .map(|p| p.product_number.as_str())
        .collect();
    assert_eq!(products.len(), g.products().len());

    let lines: Vec<OrderLine> = g.order_lines().collect();
    let orders = check_orders(lines.iter());
    let mut per_order: HashMap<&str, u32> = HashMap::new();
    let mut sales: HashMap<&str, i64> = HashMap::new();
    let mut months = [0_i64; 12];
    let mut halves: HashMap<&str, (bool, bool)> = HashMap::new();
    let middle = first + (last - first) / 2;
    for l in &lines {
        assert!(numbers.contains(&l.customer_number), "{l:?}");
        assert!(products.contains(l.product_number.as_str()), "{l:?}");
        assert!((first..=last).contains(&l.order_date));
        *per_order.entry(&l.order_number).or_default() += 1;
        *sales.entry(&l.customer_number).or_default() += l.net_cents();
        months[l.order_date.month0() as usize] += 1;
        let h = halves.entry(&l.customer_number).or_default();
        if l.order_date < middle {
            h.0 = true;
        } else {
            h.1 = true;
        }
    }
    assert!(lines.windows(2).all(|w| w[0].order_date <= w[1].order_date));
    assert_eq!(per_order.len(), orders.len());
    assert!(per_order.values().all(|n| (1..=20).contains(n)));
    assert!(per_order.values().any(|n| *n >= 15));
    assert!(per_order.values().filter(|n| **n == 1).count() > orders.len() / 20);

    // A few large customers and many small ones.
    let mut by_sales: Vec<i64> = sales.values().copied().collect();
    by_sales.sort_unstable_by(|a, b| b.cmp(a));
    let total: i64 = by_sales.iter().sum();
    let top: i64 = by_sales.iter().take(customers / 5).sum();
    assert!(top * 100 / total >= 60, "{}%", top * 100 / total);
    assert!(by_sales[0] > 20 * by_sales[by_sales.len() / 2]);

    // July is quiet, May and September are busy.
    assert!(months[6] * 3 < (months[4] + months[8]), "{months:?}");

    // Some customers stop buying, some start late.
    let only_early = halves.values().filter(|h| h.0 && !h.1).count();
    let only_late = halves.values().filter(|h| !h.0 && h.1).count();
    assert!(only_early > customers / 50 && only_late > customers / 50);

    let share = |channel: &str| {
        lines.iter().filter(|l| l.channel == channel).count() as f64 / lines.len() as f64
    };
    assert!(share(DIRECT) > 0.5 && share(WEB) > 0.05 && share(RESELLER) > 0.01);
}
