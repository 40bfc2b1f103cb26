//! Customer profitability by activity-based costing.
//!
//! Each cost pool has a period cost and a driver: the activity that causes it (orders, order
//! lines, deliveries, invoices, service hours, sales visits, returns, or payment days times the
//! receivable, the capital cost of slow payers). A pool's cost is shared among the customers in
//! proportion to their volume of its driver, in whole cents by the largest-remainder rule, so
//! the customers' shares add up to the pool exactly. A pool whose driver is "not allocated"
//! (costs no customer causes, such as new business development), or whose driver no customer
//! has in the period, stays unallocated and visible.
//!
//! Each customer's waterfall: revenue − direct costs = sales margin − sales costs − marketing
//! costs − service costs = customer margin. The customer margins together, with the unallocated
//! costs as one more (negative) line, equal the company result (revenue − direct costs − every
//! pool's cost) to the cent.

use crate::validation::Problem;
use serde::{Deserialize, Serialize};

/// What causes a pool's cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    Orders,
    OrderLines,
    Deliveries,
    Invoices,
    ServiceHours,
    Visits,
    Returns,
    /// Days from invoice to payment times the invoice's amount: the capital tied up.
    PaymentDays,
    /// Not caused by customers: shown as unallocated.
    NotAllocated,
}

impl Driver {
    pub const ALL: [Self; 9] = [
        Self::Orders,
        Self::OrderLines,
        Self::Deliveries,
        Self::Invoices,
        Self::ServiceHours,
        Self::Visits,
        Self::Returns,
        Self::PaymentDays,
        Self::NotAllocated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Orders => "orders",
            Self::OrderLines => "order_lines",
            Self::Deliveries => "deliveries",
            Self::Invoices => "invoices",
            Self::ServiceHours => "service_hours",
            Self::Visits => "visits",
            Self::Returns => "returns",
            Self::PaymentDays => "payment_days",
            Self::NotAllocated => "not_allocated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// Where a pool's cost falls in the waterfall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostLayer {
    Sales,
    Marketing,
    Service,
}

impl CostLayer {
    pub const ALL: [Self; 3] = [Self::Sales, Self::Marketing, Self::Service];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sales => "sales",
            Self::Marketing => "marketing",
            Self::Service => "service",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// A cost pool of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostPool {
    pub name: String,
    /// The pool's cost in the period, in cents.
    pub cost_cents: i64,
    pub driver: Driver,
    pub layer: CostLayer,
}

impl CostPool {
    /// Checks a pool: a name, and a cost of zero or more.
    pub fn validate(&self) -> Result<(), Vec<(&'static str, Problem)>> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(("name", Problem::Required));
        }
        if self.cost_cents < 0 {
            problems.push(("cost", Problem::NotNegative));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// What a customer bought and caused in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerActivity {
    /// Net sales after discounts, in cents.
    pub revenue_cents: i64,
    /// The cost of the goods sold, in cents.
    pub direct_cost_cents: i64,
    pub orders: u64,
    pub order_lines: u64,
    pub deliveries: u64,
    pub invoices: u64,
    /// Service work in thousandths of an hour.
    pub service_milli_hours: u64,
    pub visits: u64,
    pub returns: u64,
    /// Σ invoice amount (cents) × days from invoice to payment.
    pub payment_cent_days: u64,
}

impl CustomerActivity {
    /// The customer's volume of a driver.
    pub fn volume(&self, driver: Driver) -> u64 {
        match driver {
            Driver::Orders => self.orders,
            Driver::OrderLines => self.order_lines,
            Driver::Deliveries => self.deliveries,
            Driver::Invoices => self.invoices,
            Driver::ServiceHours => self.service_milli_hours,
            Driver::Visits => self.visits,
            Driver::Returns => self.returns,
            Driver::PaymentDays => self.payment_cent_days,
            Driver::NotAllocated => 0,
        }
    }
}

/// Shares `total` cents in proportion to `weights` by the largest-remainder rule: each share
/// is first rounded down, and the cents left go one each to the largest remainders (the
/// earlier on ties). The shares add up to `total` exactly; with no weight at all, nothing is
/// shared (`None`).
pub fn largest_remainder(total: i64, weights: &[u64]) -> Option<Vec<i64>> {
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if sum == 0 {
        return None;
    }
    let negative = total < 0;
    let amount = u128::from(total.unsigned_abs());
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = 0u128;
    for (i, &w) in weights.iter().enumerate() {
        // amount < 2⁶³ and w < 2⁶⁴: the product fits in 128 bits.
        let product = amount * u128::from(w);
        let (share, remainder) = (product / sum, product % sum);
        given += share;
        shares.push(share);
        remainders.push((remainder, i));
    }
    let mut left = amount - given;
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in &remainders {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    Some(
        shares
            .into_iter()
            .map(|s| {
                let s = i64::try_from(s).unwrap_or(i64::MAX);
                if negative { -s } else { s }
            })
            .collect(),
    )
}

/// One customer's waterfall, in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waterfall {
    pub revenue: i64,
    pub direct_costs: i64,
    pub sales_margin: i64,
    pub sales_costs: i64,
    pub marketing_costs: i64,
    pub service_costs: i64,
    pub customer_margin: i64,
    /// The customer's share of each pool, in the pools' order.
    pub pool_costs: Vec<i64>,
}

/// The period's profitability: every customer's waterfall and what stayed unallocated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profitability {
    pub customers: Vec<Waterfall>,
    /// Each pool's cost that no customer carries: all of a "not allocated" pool, and all of a
    /// pool whose driver no customer has in the period.
    pub unallocated: Vec<i64>,
    pub unallocated_total: i64,
    /// Revenue − direct costs − every pool's cost.
    pub company_result: i64,
}

/// Allocates the pools to the customers and draws each customer's waterfall.
pub fn profitability(pools: &[CostPool], customers: &[CustomerActivity]) -> Profitability {
    let mut waterfalls: Vec<Waterfall> = customers
        .iter()
        .map(|c| Waterfall {
            revenue: c.revenue_cents,
            direct_costs: c.direct_cost_cents,
            sales_margin: c.revenue_cents - c.direct_cost_cents,
            sales_costs: 0,
            marketing_costs: 0,
            service_costs: 0,
            customer_margin: 0,
            pool_costs: vec![0; pools.len()],
        })
        .collect();
    let mut unallocated = vec![0; pools.len()];
    let mut weights = Vec::with_capacity(customers.len());
    for (p, pool) in pools.iter().enumerate() {
        weights.clear();
        weights.extend(customers.iter().map(|c| c.volume(pool.driver)));
        let Some(shares) = largest_remainder(pool.cost_cents, &weights) else {
            unallocated[p] = pool.cost_cents;
            continue;
        };
        for (w, share) in waterfalls.iter_mut().zip(shares) {
            w.pool_costs[p] = share;
            match pool.layer {
                CostLayer::Sales => w.sales_costs += share,
                CostLayer::Marketing => w.marketing_costs += share,
                CostLayer::Service => w.service_costs += share,
            }
        }
    }
    for w in &mut waterfalls {
        w.customer_margin = w.sales_margin - w.sales_costs - w.marketing_costs - w.service_costs;
    }
    let revenue: i64 = customers.iter().map(|c| c.revenue_cents).sum();
    let direct: i64 = customers.iter().map(|c| c.direct_cost_cents).sum();
    let pooled: i64 = pools.iter().map(|p| p.cost_cents).sum();
    Profitability {
        customers: waterfalls,
        unallocated_total: unallocated.iter().sum(),
        unallocated,
        company_result: revenue - direct - pooled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pool(name: &str, euros: i64, driver: Driver, layer: CostLayer) -> CostPool {
        CostPool {
            name: name.into(),
            cost_cents: euros * 100,
            driver,
            layer,
        }
    }

    #[test]
    fn the_largest_remainders_get_the_cents_left() {
        // 100 cents in thirds: 33.33 each, the first remainder wins on the tie.
        assert_eq!(largest_remainder(100, &[1, 1, 1]), Some(vec![34, 33, 33]));
        // 10 cents by 1:2:3:4 exactly.
        assert_eq!(largest_remainder(10, &[1, 2, 3, 4]), Some(vec![1, 2, 3, 4]));
        // 7 cents by 5:3:2 → 3.5, 2.1, 1.4: floors 3, 2, 1 and the cent to the 0.5.
        assert_eq!(largest_remainder(7, &[5, 3, 2]), Some(vec![4, 2, 1]));
        // A customer without the driver carries nothing.
        assert_eq!(largest_remainder(5, &[0, 1, 0]), Some(vec![0, 5, 0]));
        assert_eq!(largest_remainder(5, &[0, 0]), None);
        assert_eq!(largest_remainder(-7, &[5, 3, 2]), Some(vec![-4, -2, -1]));
    }

    /// The seeds' case: two customers with the same revenue and the same sales margin. One buys
    /// standard products in large lots a few times a year with long delivery times; the other
    /// buys 5–7 times a week in small lots of special sizes.
    fn seeds_case() -> (Vec<CostPool>, Vec<CustomerActivity>) {
        let pools = vec![
            pool(
                "Tilausten käsittely",
                52_000,
                Driver::Orders,
                CostLayer::Sales,
            ),
            pool("Keräily", 39_000, Driver::OrderLines, CostLayer::Service),
            pool(
                "Toimitukset",
                32_500,
                Driver::Deliveries,
                CostLayer::Service,
            ),
            pool("Laskutus", 6_500, Driver::Invoices, CostLayer::Sales),
            pool("Myyntikäynnit", 12_000, Driver::Visits, CostLayer::Sales),
            pool(
                "Markkinointi",
                8_000,
                Driver::NotAllocated,
                CostLayer::Marketing,
            ),
        ];
        let lots = CustomerActivity {
            revenue_cents: 40_000_000,
            direct_cost_cents: 30_000_000,
            orders: 12,
            order_lines: 60,
            deliveries: 12,
            invoices: 12,
            visits: 4,
            ..CustomerActivity::default()
        };
        let often = CustomerActivity {
            revenue_cents: 40_000_000,
            direct_cost_cents: 30_000_000,
            orders: 312,
            order_lines: 1_250,
            deliveries: 312,
            invoices: 52,
            visits: 8,
            ..CustomerActivity::default()
        };
        (pools, vec![lots, often])
    }

    #[test]
    fn the_seeds_two_customers_of_equal_sales_margin_differ_in_customer_margin() {
        let (pools, customers) = seeds_case();
        let p = profitability(&pools, &customers);
        let (lots, often) = (&p.customers[0], &p.customers[1]);
        assert_eq!(lots.sales_margin, often.sales_margin);
        assert_eq!(lots.sales_margin, 10_000_000);
        // Orders 52 000 € over 324 orders: 12 → 1 925,93 €, 312 → 50 074,07 €.
        assert_eq!(lots.pool_costs[0], 192_593);
        assert_eq!(often.pool_costs[0], 5_007_407);
        // Order lines 39 000 € over 1 310: 60 → 1 786,26 €; deliveries 32 500 € over 324.
        assert_eq!(lots.pool_costs[1], 178_626);
        assert_eq!(lots.pool_costs[2], 120_370);
        // Invoicing 6 500 € over 64 invoices; visits 12 000 € over 12.
        assert_eq!(lots.pool_costs[3], 121_875);
        assert_eq!(lots.pool_costs[4], 400_000);
        assert_eq!(lots.sales_costs, 192_593 + 121_875 + 400_000);
        assert_eq!(lots.service_costs, 178_626 + 120_370);
        assert_eq!(
            lots.customer_margin,
            10_000_000 - 192_593 - 121_875 - 400_000 - 178_626 - 120_370
        );
        assert!(lots.customer_margin > 8_900_000, "{}", lots.customer_margin);
        assert!(often.customer_margin < 0, "{}", often.customer_margin);
        // Marketing is caused by no customer: it stays unallocated, and everything reconciles.
        assert_eq!(p.unallocated, vec![0, 0, 0, 0, 0, 800_000]);
        assert_eq!(
            lots.customer_margin + often.customer_margin - p.unallocated_total,
            p.company_result
        );
    }

    #[test]
    fn a_pool_without_driver_volume_stays_unallocated() {
        let pools = vec![pool(
            "Palautukset",
            1_000,
            Driver::Returns,
            CostLayer::Service,
        )];
        let customers = vec![CustomerActivity {
            revenue_cents: 100,
            ..CustomerActivity::default()
        }];
        let p = profitability(&pools, &customers);
        assert_eq!(p.unallocated_total, 100_000);
        assert_eq!(p.customers[0].customer_margin, 100);
        assert_eq!(p.company_result, 100 - 100_000);
    }

    #[test]
    fn a_pool_needs_a_name_and_a_cost_not_below_zero() {
        let bad = CostPool {
            name: " ".into(),
            cost_cents: -1,
            driver: Driver::Orders,
            layer: CostLayer::Sales,
        };
        assert_eq!(
            bad.validate(),
            Err(vec![
                ("name", Problem::Required),
                ("cost", Problem::NotNegative)
            ])
        );
        for d in Driver::ALL {
            assert_eq!(Driver::parse(d.as_str()), Some(d));
        }
    }

    fn activity() -> impl Strategy<Value = CustomerActivity> {
        (
            0..10_000_000_000i64,
            0..10_000_000_000i64,
            (0..500u64, 0..5_000u64, 0..500u64, 0..500u64),
            (0..100_000u64, 0..50u64, 0..20u64, 0..1_000_000_000_000u64),
        )
            .prop_map(
                |(revenue, direct, (o, l, d, i), (h, v, r, p))| CustomerActivity {
                    revenue_cents: revenue,
                    direct_cost_cents: direct,
                    orders: o,
                    order_lines: l,
                    deliveries: d,
                    invoices: i,
                    service_milli_hours: h,
                    visits: v,
                    returns: r,
                    payment_cent_days: p,
                },
            )
    }

    fn pools() -> impl Strategy<Value = Vec<CostPool>> {
        prop::collection::vec(
            (0..100_000_000_000i64, 0..Driver::ALL.len(), 0..3usize).prop_map(|(c, d, l)| {
                CostPool {
                    name: "pool".into(),
                    cost_cents: c,
                    driver: Driver::ALL[d],
                    layer: CostLayer::ALL[l],
                }
            }),
            0..12,
        )
    }

    proptest! {
        #[test]
        fn shares_add_up_to_the_total_and_differ_from_the_exact_share_by_under_a_cent(
            total in -1_000_000_000_000i64..1_000_000_000_000,
            weights in prop::collection::vec(0..u64::MAX / 4, 1..50),
        ) {
            if let Some(shares) = largest_remainder(total, &weights) {
                prop_assert_eq!(shares.iter().sum::<i64>(), total);
                let sum: f64 = weights.iter().map(|w| *w as f64).sum();
                for (s, w) in shares.iter().zip(&weights) {
                    let exact = total as f64 * (*w as f64) / sum;
                    prop_assert!((*s as f64 - exact).abs() < 1.0 + exact.abs() * 1e-12);
                }
            } else {
                prop_assert!(weights.iter().all(|w| *w == 0));
            }
        }

        #[test]
        fn every_pool_is_allocated_exactly_and_the_company_result_reconciles(
            pools in pools(),
            customers in prop::collection::vec(activity(), 0..40),
        ) {
            let p = profitability(&pools, &customers);
            for (i, pool) in pools.iter().enumerate() {
                let carried: i64 = p.customers.iter().map(|w| w.pool_costs[i]).sum();
                prop_assert_eq!(carried + p.unallocated[i], pool.cost_cents);
            }
            for w in &p.customers {
                prop_assert_eq!(w.sales_margin, w.revenue - w.direct_costs);
                prop_assert_eq!(
                    w.customer_margin,
                    w.sales_margin - w.sales_costs - w.marketing_costs - w.service_costs
                );
                prop_assert_eq!(w.pool_costs.iter().sum::<i64>(),
                    w.sales_costs + w.marketing_costs + w.service_costs);
            }
            let margins: i64 = p.customers.iter().map(|w| w.customer_margin).sum();
            prop_assert_eq!(margins - p.unallocated_total, p.company_result);
        }
    }
}
