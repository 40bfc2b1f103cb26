//! The whale curve and the concentration of sales.
//!
//! Customers sorted from the most profitable to the least, the curve shows what share of the
//! total profit the first p % of them earn: it climbs above 100 % (the profitable customers earn
//! more than the whole result) and falls back to 100 % at the end, as the loss-making customers
//! take their part away. Concentration tells how much rests on a few customers: the largest
//! customer's share of sales and the Herfindahl index (the sum of squared sales shares, from
//! 1/n for equal customers to 1 for a single one).

use serde::Serialize;

/// One point of the whale curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Customers so far, most profitable first.
    pub customers: usize,
    /// Their share of all customers, 0 to 1.
    pub customer_share: f64,
    /// Their margin so far, in cents.
    pub cumulative_margin: i64,
    /// Their share of the total margin (1 = 100 %); `None` when the total is not positive.
    pub profit_share: Option<f64>,
}

/// The whale curve and its headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhaleCurve {
    /// From (0, 0) to every customer, most profitable first.
    pub points: Vec<CurvePoint>,
    /// The sum of the customer margins, in cents.
    pub total_margin: i64,
    /// The highest share of profit any leading group reaches (the curve's peak).
    pub peak_share: Option<f64>,
    /// How many customers, most profitable first, reach the peak.
    pub peak_customers: usize,
    /// The customers with a negative margin and the profit they lose, in cents.
    pub loss_customers: usize,
    pub loss_margin: i64,
}

/// Draws the whale curve of these customer margins (in cents, in any order).
pub fn whale_curve(margins: &[i64]) -> WhaleCurve {
    let mut sorted = margins.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let total: i64 = sorted.iter().sum();
    let n = sorted.len();
    let share = |cumulative: i64| (total > 0).then(|| cumulative as f64 / total as f64);
    let mut points = Vec::with_capacity(n + 1);
    points.push(CurvePoint {
        customers: 0,
        customer_share: 0.0,
        cumulative_margin: 0,
        profit_share: share(0),
    });
    let (mut cumulative, mut peak, mut peak_customers) = (0i64, 0i64, 0usize);
    for (i, m) in sorted.iter().enumerate() {
        cumulative += m;
        if cumulative > peak {
            peak = cumulative;
            peak_customers = i + 1;
        }
        points.push(CurvePoint {
            customers: i + 1,
            customer_share: (i + 1) as f64 / n as f64,
            cumulative_margin: cumulative,
            profit_share: share(cumulative),
        });
    }
    let losses = sorted.iter().filter(|m| **m < 0);
    WhaleCurve {
        points,
        total_margin: total,
        peak_share: share(peak),
        peak_customers,
        loss_customers: losses.clone().count(),
        loss_margin: losses.sum(),
    }
}

impl WhaleCurve {
    /// The share of the total profit the most profitable `fraction` (0 to 1) of customers earn,
    /// read off the curve between its points.
    pub fn share_of_top(&self, fraction: f64) -> Option<f64> {
        let n = self.points.len().saturating_sub(1);
        if n == 0 || self.total_margin <= 0 {
            return None;
        }
        let at = fraction.clamp(0.0, 1.0) * n as f64;
        let (i, rest) = (at.floor() as usize, at.fract());
        let here = self.points[i].cumulative_margin as f64;
        let next = self.points[(i + 1).min(n)].cumulative_margin as f64;
        Some((here + rest * (next - here)) / self.total_margin as f64)
    }
}

/// How much of the sales rests on a few customers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Concentration {
    /// The largest customer's share of sales, 0 to 1.
    pub largest_share: f64,
    /// The ten largest customers' share of sales.
    pub top10_share: f64,
    /// The Herfindahl index: Σ (share of sales)², 1/n to 1.
    pub herfindahl: f64,
}

/// The concentration of sales (in cents); `None` without positive sales. Negative sales (net
/// returns) count as none.
pub fn concentration(sales: &[i64]) -> Option<Concentration> {
    let mut positive: Vec<i64> = sales.iter().map(|s| (*s).max(0)).collect();
    let total: i64 = positive.iter().sum();
    if total <= 0 {
        return None;
    }
    positive.sort_unstable_by(|a, b| b.cmp(a));
    let share = |s: i64| s as f64 / total as f64;
    Some(Concentration {
        largest_share: share(positive[0]),
        top10_share: share(positive.iter().take(10).sum()),
        herfindahl: positive.iter().map(|s| share(*s).powi(2)).sum(),
    })
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_curve_climbs_above_the_whole_and_ends_at_it() {
        // Margins 150, 60, 10, −20, −100 (euros): total 100.
        let c = whale_curve(&[-2000, 6000, -10_000, 15_000, 1000]);
        assert_eq!(c.total_margin, 10_000);
        let shares: Vec<f64> = c.points.iter().map(|p| p.profit_share.unwrap()).collect();
        assert_eq!(shares, [0.0, 1.5, 2.1, 2.2, 2.0, 1.0]);
        assert_eq!((c.peak_share, c.peak_customers), (Some(2.2), 3));
        assert_eq!((c.loss_customers, c.loss_margin), (2, -12_000));
        // The top 20 % (one customer of five) earn 150 % of the profit; the top 30 % earn
        // halfway between one and two customers' shares.
        assert_eq!(c.share_of_top(0.2), Some(1.5));
        assert!((c.share_of_top(0.3).unwrap() - 1.8).abs() < 1e-12);
        assert_eq!(c.share_of_top(1.0), Some(1.0));
        // Without a positive result there are no shares to show.
        assert_eq!(whale_curve(&[-1, -2]).peak_share, None);
    }

    #[test]
    fn concentration_by_hand() {
        let c = concentration(&[50, 30, 20]).unwrap();
        assert_eq!(c.largest_share, 0.5);
        assert_eq!(c.top10_share, 1.0);
        assert!((c.herfindahl - 0.38).abs() < 1e-12);
        assert_eq!(concentration(&[0, -5]), None);
    }

    proptest! {
        #[test]
        fn the_curve_ends_at_the_total_and_the_herfindahl_stays_in_bounds(
            margins in prop::collection::vec(-1_000_000i64..1_000_000, 1..200),
        ) {
            let c = whale_curve(&margins);
            prop_assert_eq!(c.points.len(), margins.len() + 1);
            prop_assert_eq!(c.points.last().unwrap().cumulative_margin, margins.iter().sum::<i64>());
            if let Some(h) = concentration(&margins).map(|c| c.herfindahl) {
                let n = margins.iter().filter(|m| **m > 0).count() as f64;
                prop_assert!(h >= 1.0 / n - 1e-12 && h <= 1.0 + 1e-12);
            }
        }
    }
}
