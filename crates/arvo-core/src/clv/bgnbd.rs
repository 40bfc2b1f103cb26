//! The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while
//! alive, a customer buys as a Poisson process whose rate varies across customers as
//! Gamma(r, α); after every purchase it drops out with a probability that varies as Beta(a, b).
//! Fitted by maximum likelihood on (frequency, recency, T); gives each customer's probability of
//! being alive and the purchases to expect over a horizon.

use super::optimize::minimize_from_sample;
use super::special::{
    LnSum, digamma_diff, hyp2f1, ln_gamma_diff, polynomials, series, series_coefficients,
};
use serde::Serialize;

/// The model's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// What the models read of a customer: repeat purchase days, recency and T.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rfm {
    pub frequency: u32,
    pub recency: f64,
    pub t: f64,
}

/// A fitted model and how the fit went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbdFit {
    #[serde(flatten)]
    pub params: BgNbd,
    pub log_likelihood: f64,
    pub iterations: usize,
    pub converged: bool,
}

/// Why a model cannot be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    #[error("there are no customers to fit the model to")]
    NoCustomers,
    #[error("no customer has bought more than once: repeat purchasing cannot be estimated")]
    NoRepeatPurchases,
    #[error("a customer's history is impossible: recency {recency} and T {t} (0 ≤ recency ≤ T)")]
    BadHistory { recency: String, t: String },
    #[error("the fit did not find a finite likelihood")]
    NotFinite,
}

impl BgNbd {
    /// The log-likelihood of one customer's history.
    pub fn log_likelihood(&self, c: Rfm) -> f64 {
        let Self { r, alpha, a, b } = *self;
        let x = f64::from(c.frequency);
        let a1 = ln_gamma_diff(r, x) + r * alpha.ln();
        let a2 = ln_gamma_diff(b, x) - ln_gamma_diff(a + b, x);
        let a3 = -(r + x) * (alpha + c.t).ln();
        let tail = if c.frequency > 0 {
            let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + c.recency).ln();
            log_add(a3, a4)
        } else {
            a3
        };
        a1 + a2 + tail
    }

    /// The probability that the customer is still alive at the end of its history.
    pub fn p_alive(&self, c: Rfm) -> f64 {
        if c.frequency == 0 {
            return 1.0;
        }
        1.0 / (1.0 + self.dropout_odds(c))
    }

    /// a/(b+x−1) · ((α+T)/(α+t_x))^(r+x): the odds of having dropped out after the last purchase.
    fn dropout_odds(&self, c: Rfm) -> f64 {
        let x = f64::from(c.frequency);
        let ln = self.a.ln() - (self.b + x - 1.0).ln()
            + (self.r + x) * ((self.alpha + c.t).ln() - (self.alpha + c.recency).ln());
        ln.exp()
    }

    /// The purchases the customer is expected to make in the next `horizon` time units.
    pub fn expected_purchases(&self, c: Rfm, horizon: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let Self { r, alpha, b, .. } = *self;
        // At a = 1 the formula divides by zero; the limit is approached closely enough.
        let a = if (self.a - 1.0).abs() < 1e-9 {
            1.0 + 1e-9
        } else {
            self.a
        };
        let x = f64::from(c.frequency);
        let z = horizon / (alpha + c.t + horizon);
        // ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z), which by Euler's transformation is
        // (1−z)^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z). Whichever series has the smaller
        // parameters is summed, with its power of (1−z) taken whole, so that neither a heavy
        // buyer (large x) nor a base without spread in its drop-outs (large a and b) overflows.
        let top = a + b + x - 1.0;
        let (plain, euler) = ((x + r, b + x), (a + b - 1.0 - r, a - 1.0));
        let f = if (plain.0 * plain.1).abs() <= (euler.0 * euler.1).abs() {
            (1.0 - z).powf(x + r) * series(plain.0, plain.1, top, z)
        } else {
            (1.0 - z).powf(a - 1.0) * series(euler.0, euler.1, top, z)
        };
        let expected = (a + b + x - 1.0) / (a - 1.0) * (1.0 - f);
        let odds = if c.frequency > 0 {
            self.dropout_odds(c)
        } else {
            0.0
        };
        expected / (1.0 + odds)
    }

    /// [`Self::expected_purchases`] at each of `horizons`, for one customer.
    pub fn expected_purchases_at(&self, c: Rfm, horizons: &[f64]) -> Vec<f64> {
        let alive = self.p_alive(c);
        let mut out = self.purchases_if_alive_at(c.frequency, c.t, horizons);
        for e in &mut out {
            *e *= alive;
        }
        out
    }

    /// The purchases a customer with `frequency` repeat purchases and age `t` is expected to make
    /// in each of `horizons` were it certainly alive: the expectation is this times
    /// [`Self::p_alive`]. The hypergeometric series' coefficients depend on the customer alone,
    /// so they are worked out once, as far as the longest horizon needs, and summed at each
    /// horizon's z.
    pub fn purchases_if_alive_at(&self, frequency: u32, t: f64, horizons: &[f64]) -> Vec<f64> {
        let Self { r, alpha, b, .. } = *self;
        let a = if (self.a - 1.0).abs() < 1e-9 {
            1.0 + 1e-9
        } else {
            self.a
        };
        let x = f64::from(frequency);
        let z_of = |h: f64| h / (alpha + t + h);
        let top = a + b + x - 1.0;
        // The same choice of series as in `expected_purchases`.
        let (plain, euler) = ((x + r, b + x), (a + b - 1.0 - r, a - 1.0));
        let (p, q, power) = if (plain.0 * plain.1).abs() <= (euler.0 * euler.1).abs() {
            (plain.0, plain.1, x + r)
        } else {
            (euler.0, euler.1, a - 1.0)
        };
        let zs: Vec<f64> = horizons.iter().map(|&h| z_of(h.max(0.0))).collect();
        let z_max = zs.iter().fold(0.0f64, |m, &z| m.max(z));
        let sums = match series_coefficients(p, q, top, z_max) {
            Some(c) => polynomials(&c, &zs),
            None => zs.iter().map(|&z| series(p, q, top, z)).collect(),
        };
        horizons
            .iter()
            .zip(zs.iter().zip(sums))
            .map(|(&h, (&z, series))| {
                if h <= 0.0 {
                    return 0.0;
                }
                top / (a - 1.0) * (1.0 - (1.0 - z).powf(power) * series)
            })
            .collect()
    }

    /// The purchases a customer new at time 0 is expected to make by time `t`.
    pub fn expected_purchases_from_start(&self, t: f64) -> f64 {
        let Self { r, alpha, a, b } = *self;
        let z = t / (alpha + t);
        (a + b - 1.0) / (a - 1.0)
            * (1.0 - (alpha / (alpha + t)).powf(r) * hyp2f1(r, b, a + b - 1.0, z))
    }

    /// Fits the model to the customers' histories by maximum likelihood.
    pub fn fit(customers: &[Rfm]) -> Result<BgNbdFit, FitError> {
        if customers.is_empty() {
            return Err(FitError::NoCustomers);
        }
        if let Some(c) = customers
            .iter()
            .find(|c| !(0.0..=c.t).contains(&c.recency) || !c.t.is_finite())
        {
            return Err(FitError::BadHistory {
                recency: c.recency.to_string(),
                t: c.t.to_string(),
            });
        }
        if customers.iter().all(|c| c.frequency == 0) {
            return Err(FitError::NoRepeatPurchases);
        }
        let mean_t = customers.iter().map(|c| c.t).sum::<f64>() / customers.len() as f64;
        let start = [0.0, mean_t.max(1e-3).ln(), 0.0, 0.0];
        let m = minimize_from_sample(customers, &start, Prepared::new, Prepared::negative);
        if !m.value.is_finite() {
            return Err(FitError::NotFinite);
        }
        Ok(BgNbdFit {
            params: BgNbd {
                r: m.x[0].exp(),
                alpha: m.x[1].exp(),
                a: m.x[2].exp(),
                b: m.x[3].exp(),
            },
            log_likelihood: -m.value,
            iterations: m.iterations,
            converged: m.converged,
        })
    }
}

/// ln(eᵘ + eᵛ) without overflow.
fn log_add(u: f64, v: f64) -> f64 {
    let (hi, lo) = if u > v { (u, v) } else { (v, u) };
    hi + (lo - hi).exp().ln_1p()
}

/// The histories prepared for fitting: the gamma-function terms depend only on the frequency,
/// so they are computed once per distinct frequency; and when every recency and T is a whole
/// number of time units (as days are), ln(α + t) and 1/(α + t) are computed once per value of t
/// rather than once per customer.
struct Prepared {
    /// The distinct frequencies and how many customers have each.
    frequencies: Vec<(u32, f64)>,
    /// Each customer's frequency (by its index in `frequencies`), recency and T.
    customers: Vec<(usize, f64, f64)>,
    /// The largest recency or T, when all of them are whole numbers no larger than
    /// [`TABLE_LIMIT`].
    whole_until: Option<usize>,
}

/// The largest whole time value the logarithm table covers.
const TABLE_LIMIT: f64 = 100_000.0;

impl Prepared {
    fn new(customers: &[Rfm]) -> Self {
        let mut distinct: Vec<u32> = customers.iter().map(|c| c.frequency).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut frequencies: Vec<(u32, f64)> = distinct.iter().map(|&x| (x, 0.0)).collect();
        let whole = customers.iter().all(|c| {
            [c.recency, c.t]
                .iter()
                .all(|v| v.fract() == 0.0 && (0.0..=TABLE_LIMIT).contains(v))
        });
        let whole_until = whole
            .then(|| customers.iter().map(|c| c.t as usize).max())
            .flatten();
        let customers = customers
            .iter()
            .map(|c| {
                let i = distinct.binary_search(&c.frequency).unwrap_or_default();
                frequencies[i].1 += 1.0;
                (i, c.recency, c.t)
            })
            .collect();
        Self {
            frequencies,
            customers,
            whole_until,
        }
    }

    /// The negative log-likelihood and its gradient in θ = ln(r, α, a, b).
    ///
    /// Each customer's log-likelihood is A1 + A2 + ln(e^A3 + e^A4) (A4 only for repeat buyers);
    /// A1 + A2 depends on the frequency alone and is summed by frequency, and the last term is
    /// max(A3, A4) + ln(1 + e^−|A3−A4|), whose logarithms are summed with one `ln`.
    fn negative(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let (r, alpha, a, b) = (
            theta[0].exp(),
            theta[1].exp(),
            theta[2].exp(),
            theta[3].exp(),
        );
        let (ln_a, ln_alpha) = (a.ln(), alpha.ln());
        // The terms that depend on the frequency alone, summed over its customers; and per
        // frequency r + x, ln(a / (b + x − 1)) and 1 / (b + x − 1) for the drop-out term. Their
        // gamma and digamma functions come as differences, which stay exact when a parameter is
        // far larger than the frequency.
        let (mut ll, mut g_r, mut g_a, mut g_b) = (0.0, 0.0, 0.0, 0.0);
        let mut customers = 0.0;
        let per_x: Vec<[f64; 3]> = self
            .frequencies
            .iter()
            .map(|&(x, n)| {
                customers += n;
                if x == 0 {
                    return [r, 0.0, 0.0];
                }
                let x = f64::from(x);
                ll += n * (ln_gamma_diff(r, x) + ln_gamma_diff(b, x) - ln_gamma_diff(a + b, x));
                let sum_diff = digamma_diff(a + b, x);
                g_r += n * digamma_diff(r, x);
                g_a -= n * sum_diff;
                g_b += n * (digamma_diff(b, x) - sum_diff);
                // Only repeat buyers have the drop-out term (and b + x − 1 > 0 for them).
                let bx1 = b + x - 1.0;
                [r + x, ln_a - bx1.ln(), 1.0 / bx1]
            })
            .collect();
        ll += customers * r * ln_alpha;
        g_r += customers * ln_alpha;
        let mut g_alpha = customers * r / alpha;
        // ln(α + t) and 1/(α + t) for every whole t, when the times are whole.
        let table: Vec<(f64, f64)> = self
            .whole_until
            .map(|n| {
                (0..=n)
                    .map(|k| {
                        let v = alpha + k as f64;
                        (v.ln(), 1.0 / v)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let after = |t: f64| {
            if table.is_empty() {
                let v = alpha + t;
                (v.ln(), 1.0 / v)
            } else {
                table[t as usize]
            }
        };
        // The sums of max(A3, A4) and of the weights w4 (and w4 / (b + x − 1)).
        let (mut tails, mut w4s, mut w4_bx1s) = (0.0, 0.0, 0.0);
        let mut ones = LnSum::default();
        for &(i, recency, t) in &self.customers {
            let [rx, ln_a_bx1, inv_bx1] = per_x[i];
            let (ln_end, inv_end) = after(t);
            let a3 = -rx * ln_end;
            if self.frequencies[i].0 == 0 {
                // No repeat purchases: the likelihood's last term is A3 alone.
                tails += a3;
                g_r -= ln_end;
                g_alpha -= rx * inv_end;
                continue;
            }
            let (ln_last, inv_last) = after(recency);
            let a4 = ln_a_bx1 - rx * ln_last;
            // ln(e^A3 + e^A4) and the shares w3, w4 of its two terms, from one exponential.
            let d = a4 - a3;
            let e = (-d.abs()).exp();
            let big = 1.0 / (1.0 + e);
            let (w3, w4) = if d > 0.0 {
                (e * big, big)
            } else {
                (big, e * big)
            };
            tails += a3.max(a4);
            ones.add(1.0 + e);
            g_r -= w3 * ln_end + w4 * ln_last;
            g_alpha -= rx * (w3 * inv_end + w4 * inv_last);
            w4s += w4;
            w4_bx1s += w4 * inv_bx1;
        }
        ll += tails + ones.ln();
        g_a += w4s / a;
        g_b -= w4_bx1s;
        // d/dθ = parameter × d/dparameter; negated for minimising.
        (-ll, vec![-g_r * r, -g_alpha * alpha, -g_a * a, -g_b * b])
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;

    /// The published CDNOW estimates (Fader, Hardie & Lee 2005).
    const CDNOW: BgNbd = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };

    #[test]
    fn the_gradient_matches_the_likelihood() {
        let customers = [
            Rfm {
                frequency: 0,
                recency: 0.0,
                t: 38.86,
            },
            Rfm {
                frequency: 2,
                recency: 30.43,
                t: 38.86,
            },
            Rfm {
                frequency: 1,
                recency: 1.71,
                t: 38.86,
            },
            Rfm {
                frequency: 14,
                recency: 35.0,
                t: 37.0,
            },
        ];
        let data = Prepared::new(&customers);
        let theta = [CDNOW.r.ln(), CDNOW.alpha.ln(), CDNOW.a.ln(), CDNOW.b.ln()];
        let (value, grad) = data.negative(&theta);
        let direct: f64 = customers.iter().map(|c| CDNOW.log_likelihood(*c)).sum();
        assert!((value + direct).abs() < 1e-9, "{value} vs {direct}");
        for i in 0..4 {
            let h = 1e-6;
            let mut up = theta;
            up[i] += h;
            let mut down = theta;
            down[i] -= h;
            let numeric = (data.negative(&up).0 - data.negative(&down).0) / (2.0 * h);
            assert!(
                (numeric - grad[i]).abs() < 1e-6,
                "∂{i}: {numeric} vs {}",
                grad[i]
            );
        }
    }

    #[test]
    fn the_gradient_stays_true_where_b_is_in_the_trillions() {
        // A fit of a base whose drop-outs hardly vary walks through b ≈ e³⁰, where differences
        // of ln Γ and ψ taken plainly keep none of their digits.
        let customers = [
            Rfm {
                frequency: 0,
                recency: 0.0,
                t: 300.0,
            },
            Rfm {
                frequency: 3,
                recency: 200.0,
                t: 700.0,
            },
            Rfm {
                frequency: 40,
                recency: 640.0,
                t: 650.0,
            },
        ];
        let data = Prepared::new(&customers);
        let theta = [-0.45, 4.12, 4.47, 30.0];
        let (value, grad) = data.negative(&theta);
        let model = BgNbd {
            r: theta[0].exp(),
            alpha: theta[1].exp(),
            a: theta[2].exp(),
            b: theta[3].exp(),
        };
        let direct: f64 = customers.iter().map(|c| model.log_likelihood(*c)).sum();
        assert!((value + direct).abs() < 1e-9, "{value} vs {direct}");
        for i in 0..4 {
            let h = 1e-5;
            let (mut up, mut down) = (theta, theta);
            up[i] += h;
            down[i] -= h;
            let numeric = (data.negative(&up).0 - data.negative(&down).0) / (2.0 * h);
            assert!(
                (numeric - grad[i]).abs() < 1e-6 * grad[i].abs().max(1.0),
                "∂{i}: {numeric} vs {}",
                grad[i]
            );
        }
    }

    #[test]
    fn whole_days_read_from_the_table_give_the_same_likelihood() {
        let days = [
            Rfm {
                frequency: 0,
                recency: 0.0,
                t: 400.0,
            },
            Rfm {
                frequency: 3,
                recency: 250.0,
                t: 400.0,
            },
            Rfm {
                frequency: 1,
                recency: 12.0,
                t: 90.0,
            },
        ];
        let mut nudged = days;
        // A quarter of a day off a whole number takes the plain path.
        nudged[2].t = 90.25;
        let (table, plain) = (Prepared::new(&days), Prepared::new(&nudged));
        assert_eq!((table.whole_until, plain.whole_until), (Some(400), None));
        let theta = [0.2f64.ln(), 30f64.ln(), 0.8f64.ln(), 1.0f64.ln()];
        let (v, g) = table.negative(&theta);
        let direct: f64 = days
            .iter()
            .map(|c| {
                BgNbd {
                    r: 0.2,
                    alpha: 30.0,
                    a: 0.8,
                    b: 1.0,
                }
                .log_likelihood(*c)
            })
            .sum();
        assert!((v + direct).abs() < 1e-9, "{v} vs {direct}");
        assert!(g.iter().all(|x| x.is_finite()), "{g:?}");
        assert!(BgNbd::fit(&days).is_ok());
    }

    #[test]
    fn expectations_match_hand_computed_values() {
        // A customer with no repeat purchases is alive for sure (the model's convention).
        let new = Rfm {
            frequency: 0,
            recency: 0.0,
            t: 38.86,
        };
        assert_eq!(CDNOW.p_alive(new), 1.0);
        // x = 2, t_x = 30.43, T = 38.86: odds = a/(b+1) · ((α+T)/(α+t_x))^(r+2).
        let c = Rfm {
            frequency: 2,
            recency: 30.43,
            t: 38.86,
        };
        let odds = 0.793 / 3.426 * ((4.414f64 + 38.86) / (4.414 + 30.43)).powf(2.243);
        assert!((CDNOW.p_alive(c) - 1.0 / (1.0 + odds)).abs() < 1e-12);
        // The expectation over no time is none, and grows with the horizon.
        assert_eq!(CDNOW.expected_purchases(c, 0.0), 0.0);
        let (e10, e52) = (
            CDNOW.expected_purchases(c, 10.0),
            CDNOW.expected_purchases(c, 52.0),
        );
        assert!(0.0 < e10 && e10 < e52, "{e10} {e52}");
        // Reference values computed with mpmath from the closed forms, ₂F₁ in 50 digits.
        assert!((e52 - 1.558_720_806_432_09).abs() < 1e-12, "{e52}");
        let e78 = CDNOW.expected_purchases_from_start(78.0);
        assert!((e78 - 1.860_519_057_942_77).abs() < 1e-12, "{e78}");
    }

    #[test]
    fn heavy_buyers_get_finite_expectations() {
        let heavy = Rfm {
            frequency: 600,
            recency: 51.9,
            t: 52.0,
        };
        let e = CDNOW.expected_purchases(heavy, 52.0);
        // mpmath, from the untransformed closed form.
        assert!((e - 418.544_618_941_138).abs() < 1e-9, "{e}");
        assert!(CDNOW.p_alive(heavy) > 0.9);
    }

    #[test]
    fn expectations_at_many_horizons_match_one_at_a_time() {
        let flat = BgNbd {
            r: 0.8,
            alpha: 30.0,
            a: 40.0,
            b: 300.0,
        };
        let horizons: Vec<f64> = (0..=40).map(|k| f64::from(k) * 7.5).collect();
        for model in [CDNOW, flat] {
            for (frequency, recency, t) in [
                (0, 0.0, 38.0),
                (1, 2.0, 38.0),
                (4, 30.0, 38.0),
                (40, 200.0, 700.0),
                (600, 51.9, 52.0),
            ] {
                let c = Rfm {
                    frequency,
                    recency,
                    t,
                };
                let at = model.expected_purchases_at(c, &horizons);
                for (h, got) in horizons.iter().zip(at) {
                    let want = model.expected_purchases(c, *h);
                    assert!(
                        (got - want).abs() <= 1e-12 * want.abs().max(1e-12),
                        "{model:?} {c:?} at {h}: {got} against {want}"
                    );
                }
            }
        }
    }
}
