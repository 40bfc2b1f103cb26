//! The purchase models against published results and against data simulated from them.
//!
//! `data/cdnow_sample.csv` is the CDNOW sample of Fader, Hardie & Lee (2005): 2,357 customers'
//! CD purchases from January 1997 to June 1998 (as shipped with the `lifetimes` package).

use arvo_core::clv::bgnbd::{BgNbd, Rfm};
use arvo_core::clv::gamma_gamma::GammaGamma;
use arvo_core::clv::history::{PurchaseHistory, TimeUnit, summarize};
use chrono::NaiveDate;

fn cdnow() -> Vec<PurchaseHistory<String>> {
    let text = include_str!("data/cdnow_sample.csv");
    let tx = text.lines().skip(1).map(|line| {
        let mut cells = line.split(',');
        let customer = cells.next().unwrap().to_owned();
        let date: NaiveDate = cells.next().unwrap().parse().unwrap();
        let amount: f64 = cells.next().unwrap().parse().unwrap();
        (customer, date, (amount * 100.0).round() as i64)
    });
    summarize(
        tx,
        NaiveDate::from_ymd_opt(1997, 9, 30).unwrap(),
        None,
        TimeUnit::Week,
    )
}

fn rfm(h: &PurchaseHistory<String>) -> Rfm {
    Rfm {
        frequency: h.frequency,
        recency: h.recency,
        t: h.t,
    }
}

#[test]
fn bg_nbd_reproduces_the_published_cdnow_estimates() {
    let histories = cdnow();
    assert_eq!(histories.len(), 2357);
    let customers: Vec<Rfm> = histories.iter().map(rfm).collect();
    let fit = BgNbd::fit(&customers).expect("fits");
    assert!(fit.converged, "{fit:?}");
    let p = fit.params;
    // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
    for (got, published) in [(p.r, 0.243), (p.alpha, 4.414), (p.a, 0.793), (p.b, 2.426)] {
        assert!(
            (got - published).abs() < 0.0015,
            "{got} vs {published}: {fit:?}"
        );
    }
    assert!((fit.log_likelihood - -9582.4).abs() < 0.1, "{fit:?}");
}

#[test]
fn gamma_gamma_reproduces_the_published_cdnow_estimates() {
    let histories = cdnow();
    let customers: Vec<(u32, f64)> = histories
        .iter()
        .map(|h| (h.frequency, h.monetary_cents / 100.0))
        .collect();
    let fit = GammaGamma::fit(&customers).expect("fits");
    assert!(fit.converged, "{fit:?}");
    let p = fit.params;
    // Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74,
    // γ = 15.44 on the 946 CDNOW customers with repeat purchases.
    assert_eq!(customers.iter().filter(|(x, _)| *x > 0).count(), 946);
    for (got, published) in [(p.p, 6.25), (p.q, 3.74), (p.v, 15.44)] {
        assert!(
            (got - published).abs() < 0.006,
            "{got} vs {published}: {fit:?}"
        );
    }
}

/// A small fixed-seed generator (SplitMix64) with the draws the simulations need.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang, boosted for shapes below one.
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v > 0.0 && self.uniform().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        x / (x + self.gamma(b))
    }

    fn exponential(&mut self, rate: f64) -> f64 {
        -self.uniform().ln() / rate
    }
}

/// Customers drawn from a BG/NBD with these parameters, observed for `t` time units each.
fn simulate_bgnbd(truth: BgNbd, customers: usize, rng: &mut Rng) -> Vec<Rfm> {
    (0..customers)
        .map(|i| {
            // Observation periods from 26 to 52 units, as customers join at different times.
            let t = 26.0 + (i % 27) as f64;
            let rate = rng.gamma(truth.r) / truth.alpha;
            let dropout = rng.beta(truth.a, truth.b);
            let (mut now, mut frequency, mut recency) = (0.0, 0u32, 0.0);
            loop {
                now += rng.exponential(rate);
                if now > t {
                    break;
                }
                frequency += 1;
                recency = now;
                if rng.uniform() < dropout {
                    break;
                }
            }
            Rfm {
                frequency,
                recency,
                t,
            }
        })
        .collect()
}

#[test]
fn a_large_base_fitted_from_a_sample_reaches_the_maximum_likelihood() {
    let truth = BgNbd {
        r: 0.5,
        alpha: 6.0,
        a: 0.8,
        b: 3.0,
    };
    let mut rng = Rng(7);
    // Enough customers for the fit to start from a sample's.
    let customers = simulate_bgnbd(truth, 40_000, &mut rng);
    let fit = BgNbd::fit(&customers).expect("fits");
    assert!(fit.converged, "{fit:?}");
    let likelihood = |m: &BgNbd| customers.iter().map(|c| m.log_likelihood(*c)).sum::<f64>();
    let best = likelihood(&fit.params);
    assert!((best - fit.log_likelihood).abs() < 1e-6 * best.abs());
    // Moving any parameter by 0.1 % either way lowers the likelihood: the fit is at the top.
    for k in 0..4 {
        for factor in [0.999, 1.001] {
            let mut moved = fit.params;
            *[&mut moved.r, &mut moved.alpha, &mut moved.a, &mut moved.b][k] *= factor;
            assert!(
                likelihood(&moved) < best,
                "parameter {k} × {factor}: {fit:?}"
            );
        }
    }
}

#[test]
fn bg_nbd_recovers_the_parameters_it_was_simulated_from() {
    let truth = BgNbd {
        r: 0.5,
        alpha: 6.0,
        a: 0.8,
        b: 3.0,
    };
    let mut rng = Rng(2026);
    let customers = simulate_bgnbd(truth, 20_000, &mut rng);
    let fit = BgNbd::fit(&customers).expect("fits");
    assert!(fit.converged, "{fit:?}");
    let p = fit.params;
    // With 20,000 customers the estimates' sampling error is a few per cent (10 % for a and b,
    // which only the repeat buyers' drop-outs tell).
    for (got, want, tolerance) in [
        (p.r, truth.r, 0.06),
        (p.alpha, truth.alpha, 0.06),
        (p.a, truth.a, 0.12),
        (p.b, truth.b, 0.12),
    ] {
        assert!(
            ((got - want) / want).abs() < tolerance,
            "{got} vs {want}: {fit:?}"
        );
    }
    // The fitted model predicts the simulated purchases: the mean frequency of customers
    // observed for 52 units agrees with the model's expectation from the start.
    let observed: Vec<f64> = customers
        .iter()
        .filter(|c| (c.t - 52.0).abs() < 1e-9)
        .map(|c| f64::from(c.frequency))
        .collect();
    let mean = observed.iter().sum::<f64>() / observed.len() as f64;
    let expected = p.expected_purchases_from_start(52.0);
    assert!(
        ((mean - expected) / expected).abs() < 0.1,
        "{mean} vs {expected}"
    );
}

#[test]
fn gamma_gamma_recovers_the_parameters_it_was_simulated_from() {
    let truth = GammaGamma {
        p: 6.0,
        q: 4.0,
        v: 15.0,
    };
    let mut rng = Rng(7);
    let customers: Vec<(u32, f64)> = (0..20_000)
        .map(|i| {
            let x = 1 + (i % 8) as u32;
            // Each customer's own scale of spend, then its purchases around it.
            let nu = rng.gamma(truth.q) / truth.v;
            let total: f64 = (0..x).map(|_| rng.gamma(truth.p) / nu).sum();
            (x, total / f64::from(x))
        })
        .collect();
    let fit = GammaGamma::fit(&customers).expect("fits");
    assert!(fit.converged, "{fit:?}");
    let p = fit.params;
    for (got, want) in [(p.p, truth.p), (p.q, truth.q), (p.v, truth.v)] {
        assert!(
            ((got - want) / want).abs() < 0.08,
            "{got} vs {want}: {fit:?}"
        );
    }
}
