//! Predictive customer value: the BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005),
//! the Gamma-Gamma model of spend per purchase, and the customer lifetime value they give.
//!
//! Conventions: purchases on one day are one purchase; a customer's frequency is the number of
//! repeat purchase days, recency the time from the first purchase to the last, T the time from
//! the first purchase to the end of the calibration period, all in one time unit (a day or a
//! week). The Gamma-Gamma spend of a customer is the mean of its repeat purchase days' totals.
//!
//! [`forecast`] fits both models to a set of histories and gives every customer's probability
//! of being alive, expected purchases over the asked horizons and expected spend per purchase,
//! with a comparison of predicted and actual purchases after the calibration period when the
//! histories have any.

pub mod bgnbd;
pub mod gamma_gamma;
pub mod history;
pub mod optimize;
pub mod special;

use bgnbd::{BgNbd, BgNbdFit, FitError, Rfm};
use gamma_gamma::{GammaGamma, GammaGammaFit};
use history::PurchaseHistory;
use serde::Serialize;
use std::collections::BTreeMap;

/// Both models fitted, and every customer's forecast.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast<K> {
    pub bgnbd: BgNbdFit,
    /// `None` when no customer has repeat purchases of positive value.
    pub gamma_gamma: Option<GammaGammaFit>,
    pub customers: Vec<CustomerForecast<K>>,
    /// Predicted against actual purchases after the calibration period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holdout: Option<Holdout>,
}

/// One customer's history and forecast. Money is in the amounts' own unit (e.g. euros).
#[derive(Debug, Clone, Serialize)]
pub struct CustomerForecast<K> {
    pub customer: K,
    pub frequency: u32,
    pub recency: f64,
    #[serde(rename = "T")]
    pub t: f64,
    /// The mean of the repeat purchase days' totals; 0 without repeat purchases.
    pub monetary_value: f64,
    pub p_alive: f64,
    /// Expected purchases by horizon, keyed by the horizon as written (`"52"`).
    pub expected_purchases: BTreeMap<String, f64>,
    pub expected_avg_spend: Option<f64>,
}

/// The calibration check: what the model predicted for the period after the calibration end,
/// against what the customers bought in it, overall and by calibration frequency.
#[derive(Debug, Clone, Serialize)]
pub struct Holdout {
    /// The holdout period's length in the time unit.
    pub duration: f64,
    pub actual_purchases: f64,
    pub predicted_purchases: f64,
    pub by_frequency: Vec<HoldoutGroup>,
}

/// Customers of one calibration frequency (the last group holds that many or more).
#[derive(Debug, Clone, Serialize)]
pub struct HoldoutGroup {
    pub frequency: String,
    pub customers: usize,
    pub actual_mean: f64,
    pub predicted_mean: f64,
}

/// The calibration frequencies the holdout comparison shows one by one; more are grouped.
const HOLDOUT_GROUPS: u32 = 7;

/// A horizon as a key: whole numbers without decimals.
pub fn horizon_key(h: f64) -> String {
    if h.fract() == 0.0 && h.abs() < 1e15 {
        format!("{}", h as i64)
    } else {
        h.to_string()
    }
}

impl<K> PurchaseHistory<K> {
    pub fn rfm(&self) -> Rfm {
        Rfm {
            frequency: self.frequency,
            recency: self.recency,
            t: self.t,
        }
    }
}

/// Fits the models to `histories` and forecasts each customer over each horizon. Amounts are
/// reported in cents ÷ `money_divisor` (100 for euros). `holdout_duration`, when given, is the
/// length of the period after the calibration end whose purchases the histories count.
pub fn forecast<K: Clone>(
    histories: &[PurchaseHistory<K>],
    horizons: &[f64],
    money_divisor: f64,
    holdout_duration: Option<f64>,
) -> Result<Forecast<K>, FitError> {
    let rfm: Vec<Rfm> = histories.iter().map(PurchaseHistory::rfm).collect();
    let bgnbd = BgNbd::fit(&rfm)?;
    let spend: Vec<(u32, f64)> = histories
        .iter()
        .map(|h| (h.frequency, h.monetary_cents / money_divisor))
        .collect();
    let gamma_gamma = match GammaGamma::fit(&spend) {
        Ok(fit) => Some(fit),
        Err(FitError::NoRepeatPurchases) => None,
        Err(e) => return Err(e),
    };
    let model = bgnbd.params;
    let customers = histories
        .iter()
        .zip(&spend)
        .map(|(h, &(x, m))| CustomerForecast {
            customer: h.customer.clone(),
            frequency: h.frequency,
            recency: h.recency,
            t: h.t,
            monetary_value: m,
            p_alive: model.p_alive(h.rfm()),
            expected_purchases: horizons
                .iter()
                .map(|&t| (horizon_key(t), model.expected_purchases(h.rfm(), t)))
                .collect(),
            expected_avg_spend: gamma_gamma.map(|g| g.params.expected_average_spend(x, m)),
        })
        .collect();
    let holdout = holdout_duration
        .filter(|d| *d > 0.0)
        .map(|duration| holdout(&model, histories, duration));
    Ok(Forecast {
        bgnbd,
        gamma_gamma,
        customers,
        holdout,
    })
}

fn holdout<K>(model: &BgNbd, histories: &[PurchaseHistory<K>], duration: f64) -> Holdout {
    let mut groups = vec![(0usize, 0.0f64, 0.0f64); HOLDOUT_GROUPS as usize + 1];
    let (mut actual, mut predicted) = (0.0, 0.0);
    for h in histories {
        let p = model.expected_purchases(h.rfm(), duration);
        let a = f64::from(h.holdout_purchases);
        actual += a;
        predicted += p;
        let g = &mut groups[h.frequency.min(HOLDOUT_GROUPS) as usize];
        g.0 += 1;
        g.1 += a;
        g.2 += p;
    }
    Holdout {
        duration,
        actual_purchases: actual,
        predicted_purchases: predicted,
        by_frequency: groups
            .into_iter()
            .enumerate()
            .filter(|(_, (n, _, _))| *n > 0)
            .map(|(x, (n, a, p))| HoldoutGroup {
                frequency: if x as u32 == HOLDOUT_GROUPS {
                    format!("{x}+")
                } else {
                    x.to_string()
                },
                customers: n,
                actual_mean: a / n as f64,
                predicted_mean: p / n as f64,
            })
            .collect(),
    }
}

/// How a lifetime value is reckoned: over `horizon` time units in steps of `step` units, each
/// step's expected margin discounted by `discount_rate` per step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifetimeValueTerms {
    pub horizon: f64,
    pub step: f64,
    pub discount_rate: f64,
    /// The share of spend that is margin, 0 to 1.
    pub margin: f64,
}

/// A customer's lifetime value: the expected purchases of each step times `spend` (the expected
/// spend per purchase, e.g. [`GammaGamma::expected_average_spend`]) and the margin, discounted
/// to today and summed over the horizon.
pub fn lifetime_value(model: &BgNbd, customer: Rfm, spend: f64, terms: &LifetimeValueTerms) -> f64 {
    spend
        * terms.margin
        * model.p_alive(customer)
        * discounted_purchases_if_alive(model, customer.frequency, customer.t, terms)
}

/// The purchases a customer with `frequency` repeat purchases and age `t` is expected to make
/// in each step of the terms' horizon were it certainly alive, each discounted to today, summed:
/// times [`BgNbd::p_alive`], the discounted expected purchases. Customers who share frequency
/// and age share it, whatever their recency.
pub fn discounted_purchases_if_alive(
    model: &BgNbd,
    frequency: u32,
    t: f64,
    terms: &LifetimeValueTerms,
) -> f64 {
    if terms.horizon <= 0.0 || terms.step <= 0.0 {
        return 0.0;
    }
    let mut ends = Vec::new();
    while (ends.len() as f64) * terms.step < terms.horizon {
        ends.push(((ends.len() + 1) as f64 * terms.step).min(terms.horizon));
    }
    let (mut sum, mut before, mut discount) = (0.0, 0.0, 1.0);
    for by_then in model.purchases_if_alive_at(frequency, t, &ends) {
        discount /= 1.0 + terms.discount_rate;
        sum += (by_then - before) * discount;
        before = by_then;
    }
    sum
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;

    const MODEL: BgNbd = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    const SPEND: GammaGamma = GammaGamma {
        p: 6.25,
        q: 3.74,
        v: 15.44,
    };

    #[test]
    fn the_lifetime_value_sums_discounted_steps() {
        let c = Rfm {
            frequency: 3,
            recency: 30.0,
            t: 38.0,
        };
        let terms = LifetimeValueTerms {
            horizon: 52.0,
            step: 13.0,
            discount_rate: 0.0,
            margin: 1.0,
        };
        // Undiscounted, the steps add up to the whole horizon's expectation.
        let whole = MODEL.expected_purchases(c, 52.0) * SPEND.expected_average_spend(3, 40.0);
        let spend = SPEND.expected_average_spend(3, 40.0);
        let value = lifetime_value(&MODEL, c, spend, &terms);
        assert!((value - whole).abs() < 1e-9, "{value} vs {whole}");
        // Discounting and a margin below one lower it; a longer horizon raises it.
        let discounted = LifetimeValueTerms {
            discount_rate: 0.03,
            margin: 0.3,
            ..terms
        };
        let lower = lifetime_value(&MODEL, c, spend, &discounted);
        assert!(lower < 0.3 * value && lower > 0.25 * value, "{lower}");
        let longer = LifetimeValueTerms {
            horizon: 104.0,
            ..discounted
        };
        assert!(lifetime_value(&MODEL, c, spend, &longer) > lower);
    }

    #[test]
    fn horizons_are_keyed_as_written() {
        assert_eq!(horizon_key(52.0), "52");
        assert_eq!(horizon_key(12.5), "12.5");
    }
}
