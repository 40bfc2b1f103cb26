//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Colombo & Jiang
//! 1999): a customer's purchases vary around its own mean spend, Gamma(p, ν) with ν varying
//! across customers as Gamma(q, γ). Fitted on the customers with repeat purchases, from the
//! number of repeat purchases and their mean; gives each customer's expected spend per
//! purchase, which leans towards the customer's own mean the more purchases it has made.
//!
//! Amounts are in whatever unit the caller gives (euros, dollars); `v` is in the same unit.

use super::bgnbd::FitError;
use super::optimize::minimize_from_sample;
use super::special::{LnSum, digamma_diff, ln_gamma, ln_gamma_diff};
use serde::Serialize;

/// The model's parameters (`v` is the scale γ).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub v: f64,
}

/// A fitted model and how the fit went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GammaGammaFit {
    #[serde(flatten)]
    pub params: GammaGamma,
    pub log_likelihood: f64,
    pub iterations: usize,
    pub converged: bool,
}

impl GammaGamma {
    /// The expected spend per purchase of a customer with `frequency` repeat purchases of mean
    /// `mean_spend`; without repeat purchases, the population's mean p·v/(q−1).
    pub fn expected_average_spend(&self, frequency: u32, mean_spend: f64) -> f64 {
        let x = f64::from(frequency);
        let Self { p, q, v } = *self;
        if frequency == 0 {
            return p * v / (q - 1.0);
        }
        p * (v + x * mean_spend) / (p * x + q - 1.0)
    }

    /// The log-likelihood of one customer's repeat purchases.
    pub fn log_likelihood(&self, frequency: u32, mean_spend: f64) -> f64 {
        let x = f64::from(frequency);
        let Self { p, q, v } = *self;
        ln_gamma_diff(p * x, q) - ln_gamma(q)
            + q * v.ln()
            + (p * x - 1.0) * mean_spend.ln()
            + p * x * x.ln()
            - (p * x + q) * (x * mean_spend + v).ln()
    }

    /// Fits the model to the customers with repeat purchases and a positive mean spend (the
    /// others are left out), given as (repeat purchases, mean spend).
    pub fn fit(customers: &[(u32, f64)]) -> Result<GammaGammaFit, FitError> {
        let mut used: Vec<(f64, f64)> = customers
            .iter()
            .filter(|(x, m)| *x > 0 && *m > 0.0 && m.is_finite())
            .map(|&(x, m)| (f64::from(x), m))
            .collect();
        // In order of purchases, so that each number's gamma terms are computed once.
        used.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        if used.is_empty() {
            return Err(FitError::NoRepeatPurchases);
        }
        let mean = used.iter().map(|(_, m)| m).sum::<f64>() / used.len() as f64;
        let start = [0.0, 0.0, mean.ln()];
        let m = minimize_from_sample(&used, &start, Spend::new, Spend::negative);
        if !m.value.is_finite() {
            return Err(FitError::NotFinite);
        }
        Ok(GammaGammaFit {
            params: GammaGamma {
                p: m.x[0].exp(),
                q: m.x[1].exp(),
                v: m.x[2].exp(),
            },
            log_likelihood: -m.value,
            iterations: m.iterations,
            converged: m.converged,
        })
    }
}

/// The customers' repeat purchases and mean spend, in order of purchases, prepared for fitting.
struct Spend {
    customers: Vec<(f64, f64)>,
    /// Σ ln m, Σ x ln m and Σ x ln x over the customers (x purchases of mean m), which the
    /// likelihood needs but the parameters do not change.
    ln_m: f64,
    x_ln_m: f64,
    x_ln_x: f64,
}

impl Spend {
    fn new(customers: &[(f64, f64)]) -> Self {
        let (mut ln_m, mut x_ln_m, mut x_ln_x) = (0.0, 0.0, 0.0);
        for &(x, m) in customers {
            ln_m += m.ln();
            x_ln_m += x * m.ln();
            x_ln_x += x * x.ln();
        }
        Self {
            customers: customers.to_vec(),
            ln_m,
            x_ln_m,
            x_ln_x,
        }
    }

    /// The negative log-likelihood and its gradient in θ = ln(p, q, v). A customer's
    /// log-likelihood is lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m + px ln x −
    /// (px+q) ln(xm+v): the gamma-function terms are computed once per distinct number of
    /// purchases, the terms without the parameters once for all, and the logarithms of xm + v
    /// summed with one `ln` per number of purchases.
    fn negative(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let (p, q, v) = (theta[0].exp(), theta[1].exp(), theta[2].exp());
        let (mut ll, mut g_p, mut g_q, mut g_v) = (0.0, 0.0, 0.0, 0.0);
        for run in self
            .customers
            .chunk_by(|a, b| a.0.to_bits() == b.0.to_bits())
        {
            let (x, n) = (run[0].0, run.len() as f64);
            let px = p * x;
            let psi_diff = digamma_diff(px, q);
            let (mut ln_totals, mut inv_totals) = (LnSum::default(), 0.0);
            for &(_, m) in run {
                let total = x * m + v;
                ln_totals.add(total);
                inv_totals += 1.0 / total;
            }
            let ln_totals = ln_totals.ln();
            ll += n * ln_gamma_diff(px, q) - (px + q) * ln_totals;
            g_p += n * x * psi_diff - x * ln_totals;
            g_q += n * digamma_diff(q, px) - ln_totals;
            g_v -= (px + q) * inv_totals;
        }
        let n = self.customers.len() as f64;
        let ln_v = v.ln();
        ll += -n * ln_gamma(q) + n * q * ln_v + p * (self.x_ln_m + self.x_ln_x) - self.ln_m;
        g_p += self.x_ln_m + self.x_ln_x;
        g_q += n * ln_v;
        g_v += n * q / v;
        (-ll, vec![-g_p * p, -g_q * q, -g_v * v])
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;

    #[test]
    fn the_gradient_matches_the_likelihood() {
        let customers = [(1.0, 20.5), (3.0, 41.0), (12.0, 15.25)];
        let theta = [6.25f64.ln(), 3.74f64.ln(), 15.44f64.ln()];
        let spend = Spend::new(&customers);
        let (value, grad) = spend.negative(&theta);
        let model = GammaGamma {
            p: 6.25,
            q: 3.74,
            v: 15.44,
        };
        let direct: f64 = customers
            .iter()
            .map(|&(x, m)| model.log_likelihood(x as u32, m))
            .sum();
        assert!((value + direct).abs() < 1e-9);
        for i in 0..3 {
            let h = 1e-6;
            let (mut up, mut down) = (theta, theta);
            up[i] += h;
            down[i] -= h;
            let numeric = (spend.negative(&up).0 - spend.negative(&down).0) / (2.0 * h);
            assert!(
                (numeric - grad[i]).abs() < 1e-6,
                "∂{i}: {numeric} vs {}",
                grad[i]
            );
        }
    }

    #[test]
    fn the_expected_spend_leans_from_the_population_to_the_customer() {
        let model = GammaGamma {
            p: 6.25,
            q: 3.74,
            v: 15.44,
        };
        let population = 6.25 * 15.44 / 2.74;
        assert!((model.expected_average_spend(0, 0.0) - population).abs() < 1e-12);
        // By hand: p(v + x m)/(p x + q − 1) with x = 2, m = 50.
        let two = model.expected_average_spend(2, 50.0);
        assert!((two - 6.25 * (15.44 + 100.0) / (12.5 + 2.74)).abs() < 1e-12);
        let many = model.expected_average_spend(200, 50.0);
        assert!(population < two && two < many && many < 50.0);
    }
}
