//! Profitability groups: customers in a grid of sales volume × profitability, 3×3 up to 4×4
//! (the 9 to 16 groups the seeds recommend), each group with its count, totals and what its
//! customers have in common compared with the whole base.
//!
//! Volume is the customer's revenue; profitability its customer margin as a share of revenue.
//! Both are cut at quantiles, so each band holds about as many customers; customers without
//! revenue stay out of the grid (they are counted apart).

use serde::Serialize;

/// What the grid reads of a customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CustomerProfile {
    pub revenue_cents: i64,
    pub customer_margin_cents: i64,
    pub orders: u64,
    pub order_lines: u64,
    pub service_milli_hours: u64,
    /// The average days from invoice to payment, when the customer has paid invoices.
    pub days_to_pay: Option<f64>,
}

/// A trait the grid compares: its code and how to read it off a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trait {
    OrderSize,
    Orders,
    LinesPerOrder,
    ServiceHours,
    DaysToPay,
}

impl Trait {
    pub const ALL: [Self; 5] = [
        Self::OrderSize,
        Self::Orders,
        Self::LinesPerOrder,
        Self::ServiceHours,
        Self::DaysToPay,
    ];

    fn of(self, c: &CustomerProfile) -> Option<f64> {
        let per_order = |v: f64| (c.orders > 0).then(|| v / c.orders as f64);
        match self {
            Self::OrderSize => per_order(c.revenue_cents as f64 / 100.0),
            Self::Orders => Some(c.orders as f64),
            Self::LinesPerOrder => per_order(c.order_lines as f64),
            Self::ServiceHours => Some(c.service_milli_hours as f64 / 1000.0),
            Self::DaysToPay => c.days_to_pay,
        }
    }
}

/// A trait of a group that sets it apart: its mean, and that mean against the whole base's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Distinct {
    #[serde(rename = "trait")]
    pub kind: Trait,
    pub mean: f64,
    /// The group's mean ÷ the base's mean.
    pub ratio: f64,
}

/// One cell of the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// 0 = the smallest volume band.
    pub volume_band: usize,
    /// 0 = the least profitable band.
    pub profit_band: usize,
    /// Indexes of its customers in the input.
    pub members: Vec<usize>,
    pub revenue_cents: i64,
    pub customer_margin_cents: i64,
    /// Every trait's mean in the group.
    pub means: Vec<(Trait, Option<f64>)>,
    /// The traits whose mean is at least half again or at most two thirds of the base's.
    pub distinct: Vec<Distinct>,
}

/// The grid: `bands` × `bands` groups, volume across and profitability up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub bands: usize,
    /// The upper bounds of the volume bands but the last, in cents.
    pub volume_cuts: Vec<i64>,
    /// The upper bounds of the profitability bands but the last, as margin ÷ revenue.
    pub profit_cuts: Vec<f64>,
    pub groups: Vec<Group>,
    /// Customers without revenue, left out of the grid.
    pub without_revenue: usize,
}

/// How far from the base's mean a trait must be to set a group apart.
const DISTINCT_ABOVE: f64 = 1.5;
const DISTINCT_BELOW: f64 = 2.0 / 3.0;

/// Groups the customers into a `bands` × `bands` grid (`bands` is held to 3..=4).
pub fn grid(customers: &[CustomerProfile], bands: usize) -> Grid {
    let bands = bands.clamp(3, 4);
    let placed: Vec<usize> = (0..customers.len())
        .filter(|&i| customers[i].revenue_cents > 0)
        .collect();
    let ratio = |c: &CustomerProfile| c.customer_margin_cents as f64 / c.revenue_cents as f64;
    let mut volumes: Vec<i64> = placed.iter().map(|&i| customers[i].revenue_cents).collect();
    volumes.sort_unstable();
    let mut ratios: Vec<f64> = placed.iter().map(|&i| ratio(&customers[i])).collect();
    ratios.sort_unstable_by(f64::total_cmp);
    let volume_cuts: Vec<i64> = cuts(&volumes, bands);
    let profit_cuts: Vec<f64> = cuts(&ratios, bands);
    let band_of = |cuts_: &[f64], v: f64| cuts_.iter().filter(|c| v > **c).count();
    let base_means: Vec<Option<f64>> = Trait::ALL
        .iter()
        .map(|t| mean(placed.iter().filter_map(|&i| t.of(&customers[i]))))
        .collect();
    let mut groups: Vec<Group> = (0..bands * bands)
        .map(|k| Group {
            volume_band: k % bands,
            profit_band: k / bands,
            members: Vec::new(),
            revenue_cents: 0,
            customer_margin_cents: 0,
            means: Vec::new(),
            distinct: Vec::new(),
        })
        .collect();
    let volume_cuts_f: Vec<f64> = volume_cuts.iter().map(|c| *c as f64).collect();
    for &i in &placed {
        let c = &customers[i];
        let v = band_of(&volume_cuts_f, c.revenue_cents as f64);
        let p = band_of(&profit_cuts, ratio(c));
        let g = &mut groups[p * bands + v];
        g.members.push(i);
        g.revenue_cents += c.revenue_cents;
        g.customer_margin_cents += c.customer_margin_cents;
    }
    for g in &mut groups {
        for (t, base) in Trait::ALL.iter().zip(&base_means) {
            let m = mean(g.members.iter().filter_map(|&i| t.of(&customers[i])));
            g.means.push((*t, m));
            if let (Some(m), Some(b)) = (m, *base)
                && b > 0.0
            {
                let r = m / b;
                if r >= DISTINCT_ABOVE || r <= DISTINCT_BELOW {
                    g.distinct.push(Distinct {
                        kind: *t,
                        mean: m,
                        ratio: r,
                    });
                }
            }
        }
    }
    Grid {
        bands,
        volume_cuts,
        profit_cuts,
        groups,
        without_revenue: customers.len() - placed.len(),
    }
}

/// The values at the 1/n, 2/n, … quantiles of sorted `values` (n − 1 cuts).
fn cuts<T: Copy + Default>(sorted: &[T], n: usize) -> Vec<T> {
    (1..n)
        .map(|k| {
            if sorted.is_empty() {
                T::default()
            } else {
                sorted[(k * sorted.len())
                    .div_ceil(n)
                    .saturating_sub(1)
                    .min(sorted.len() - 1)]
            }
        })
        .collect()
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(revenue_euros: i64, margin_pct: i64, orders: u64, lines: u64) -> CustomerProfile {
        CustomerProfile {
            revenue_cents: revenue_euros * 100,
            customer_margin_cents: revenue_euros * margin_pct,
            orders,
            order_lines: lines,
            service_milli_hours: 0,
            days_to_pay: Some(14.0),
        }
    }

    #[test]
    fn customers_fall_into_bands_of_equal_size_and_groups_show_their_traits() {
        // Nine customers: three volumes × three margins, every combination once.
        let mut customers = Vec::new();
        for revenue in [1_000, 10_000, 100_000] {
            for margin in [-10, 5, 20] {
                customers.push(customer(revenue, margin, 10, 20));
            }
        }
        // The big, loss-making customer orders small lots very often.
        customers[6].orders = 300;
        customers[6].order_lines = 900;
        customers.push(CustomerProfile::default());
        let g = grid(&customers, 3);
        assert_eq!(g.without_revenue, 1);
        assert_eq!(g.volume_cuts, vec![100_000, 1_000_000]);
        assert!(g.groups.iter().all(|grp| grp.members.len() == 1), "{g:?}");
        let big_loss = g
            .groups
            .iter()
            .find(|grp| grp.volume_band == 2 && grp.profit_band == 0)
            .unwrap();
        assert_eq!(big_loss.members, vec![6]);
        assert_eq!(big_loss.customer_margin_cents, -1_000_000);
        let kinds: Vec<Trait> = big_loss.distinct.iter().map(|d| d.kind).collect();
        assert!(
            kinds.contains(&Trait::Orders) && kinds.contains(&Trait::OrderSize),
            "{kinds:?}"
        );
        // Four bands at most, three at least.
        assert_eq!(grid(&customers, 9).groups.len(), 16);
        assert_eq!(grid(&customers, 1).groups.len(), 9);
    }
}
