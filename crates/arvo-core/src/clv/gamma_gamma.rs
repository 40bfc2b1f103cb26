//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Colombo & Jiang
//! 1999): a customer's purchases vary around its own mean spend, Gamma(p, ν) with ν varying
//! across customers as Gamma(q, γ). Fitted on the customers with repeat purchases, from the
//! number of repeat purchases and their mean; gives each customer's expected spend per
//! purchase, which leans towards the customer's own mean the more purchases it has made.
//!
//! Amounts are in whatever unit the caller gives (euros, dollars); `v` is in the same unit.

use super::bgnbd::FitError;
use super::optimize::minimize_from_sample;
use super::special::{digamma, ln_gamma};
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
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
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
        let m = minimize_from_sample(&used, &start, <[_]>::to_vec, |c, theta| negative(c, theta));
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

/// The negative log-likelihood and its gradient in θ = ln(p, q, v). The gamma-function terms
/// depend on the customer only through its number of purchases, so they are computed once per
/// distinct number.
fn negative(customers: &[(f64, f64)], theta: &[f64]) -> (f64, Vec<f64>) {
    let (p, q, v) = (theta[0].exp(), theta[1].exp(), theta[2].exp());
    let (lg_q, psi_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
    // (x, lnΓ(px+q) − lnΓ(px), ψ(px+q), ψ(px)) for the last distinct x met.
    let mut cached = (f64::NAN, 0.0, 0.0, 0.0);
    let (mut ll, mut g_p, mut g_q, mut g_v) = (0.0, 0.0, 0.0, 0.0);
    for &(x, m) in customers {
        if x.to_bits() != cached.0.to_bits() {
            let px = p * x;
            cached = (
                x,
                ln_gamma(px + q) - ln_gamma(px),
                digamma(px + q),
                digamma(px),
            );
        }
        let (_, lg_ratio, psi_pxq, psi_px) = cached;
        let (px, ln_m, ln_x) = (p * x, m.ln(), x.ln());
        let total = x * m + v;
        let ln_total = total.ln();
        ll += lg_ratio - lg_q + q * ln_v + (px - 1.0) * ln_m + px * ln_x - (px + q) * ln_total;
        g_p += x * (psi_pxq - psi_px + ln_m + ln_x - ln_total);
        g_q += psi_pxq - psi_q + ln_v - ln_total;
        g_v += q / v - (px + q) / total;
    }
    (-ll, vec![-g_p * p, -g_q * q, -g_v * v])
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;

    #[test]
    fn the_gradient_matches_the_likelihood() {
        let customers = [(1.0, 20.5), (3.0, 41.0), (12.0, 15.25)];
        let theta = [6.25f64.ln(), 3.74f64.ln(), 15.44f64.ln()];
        let (value, grad) = negative(&customers, &theta);
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
            let numeric = (negative(&customers, &up).0 - negative(&customers, &down).0) / (2.0 * h);
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
