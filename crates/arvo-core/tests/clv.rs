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
