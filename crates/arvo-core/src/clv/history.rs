//! A customer's purchase history as the models read it, summarised from dated transactions.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The time unit of recency, T and horizons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Day,
    Week,
}

impl TimeUnit {
    /// The number of units between two dates.
    pub fn between(self, from: NaiveDate, to: NaiveDate) -> f64 {
        let days = (to - from).num_days() as f64;
        match self {
            Self::Day => days,
            Self::Week => days / 7.0,
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" | "days" | "d" | "päivä" => Some(Self::Day),
            "week" | "weeks" | "w" | "viikko" => Some(Self::Week),
            _ => None,
        }
    }
}

/// One customer's repeat-purchase summary at the end of the calibration period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurchaseHistory<K> {
    pub customer: K,
    /// Repeat purchase days: purchase days after the first.
    pub frequency: u32,
    /// Time from the first purchase to the last.
    pub recency: f64,
    /// Time from the first purchase to the end of the calibration period.
    #[serde(rename = "T")]
    pub t: f64,
    /// The mean of the repeat purchase days' totals, in cents; 0 without repeat purchases.
    pub monetary_cents: f64,
    /// Purchase days after the calibration period (up to the observation's end).
    pub holdout_purchases: u32,
}

/// Summarises dated amounts (in cents) by customer: the purchase days up to
/// `calibration_end` make the history, those after it up to `observation_end` (when given)
/// count as holdout purchases. Customers whose first purchase comes after `calibration_end`
/// are left out: the models know nothing of them yet. Sorted by customer.
pub fn summarize<K: Ord + Clone>(
    transactions: impl IntoIterator<Item = (K, NaiveDate, i64)>,
    calibration_end: NaiveDate,
    observation_end: Option<NaiveDate>,
    unit: TimeUnit,
) -> Vec<PurchaseHistory<K>> {
    // Each customer's purchase days with their totals.
    let mut days: BTreeMap<K, BTreeMap<NaiveDate, i64>> = BTreeMap::new();
    for (customer, date, cents) in transactions {
        *days.entry(customer).or_default().entry(date).or_default() += cents;
    }
    days.into_iter()
        .filter_map(|(customer, totals)| {
            PurchaseHistory::of_days(customer, totals, calibration_end, observation_end, unit)
        })
        .collect()
}

impl<K> PurchaseHistory<K> {
    /// One customer's summary from its purchase days with their totals, in date order, each
    /// date once (as [`summarize`] groups them); `None` when its first purchase comes after
    /// `calibration_end` or it has none.
    pub fn of_days(
        customer: K,
        days: impl IntoIterator<Item = (NaiveDate, i64)>,
        calibration_end: NaiveDate,
        observation_end: Option<NaiveDate>,
        unit: TimeUnit,
    ) -> Option<Self> {
        let mut days = days.into_iter();
        let (first, _) = days.next()?;
        if first > calibration_end {
            return None;
        }
        let (mut frequency, mut last, mut repeat_total, mut holdout) = (0u32, first, 0i128, 0u32);
        for (date, cents) in days {
            if date <= calibration_end {
                frequency += 1;
                last = date;
                repeat_total += i128::from(cents);
            } else if observation_end.is_none_or(|end| date <= end) {
                holdout = holdout.saturating_add(1);
            }
        }
        Some(Self {
            customer,
            frequency,
            recency: unit.between(first, last),
            t: unit.between(first, calibration_end),
            monetary_cents: if frequency > 0 {
                repeat_total as f64 / f64::from(frequency)
            } else {
                0.0
            },
            holdout_purchases: holdout,
        })
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the values compared are exact
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn purchases_on_one_day_are_one_and_only_repeat_days_count() {
        let tx = vec![
            ("a", d("2026-01-01"), 1000),
            ("a", d("2026-01-01"), 500),
            ("a", d("2026-01-15"), 2000),
            ("a", d("2026-01-15"), 1000),
            ("a", d("2026-01-29"), 4000),
            ("a", d("2026-02-20"), 9900),
            ("b", d("2026-01-22"), 700),
            ("c", d("2026-03-01"), 100),
        ];
        let h = summarize(tx, d("2026-02-05"), None, TimeUnit::Week);
        assert_eq!(h.len(), 2, "c bought only after the calibration period");
        let a = &h[0];
        assert_eq!((a.customer, a.frequency), ("a", 2));
        assert_eq!(a.recency, 4.0);
        assert_eq!(a.t, 5.0);
        assert_eq!(
            a.monetary_cents, 3500.0,
            "(3000 + 4000) / 2: the first day is left out"
        );
        assert_eq!(a.holdout_purchases, 1);
        let b = &h[1];
        assert_eq!(
            (b.frequency, b.recency, b.t, b.monetary_cents),
            (0, 0.0, 2.0, 0.0)
        );
        let days = summarize(
            vec![
                ("a", d("2026-01-01"), 1),
                ("a", d("2026-01-03"), 1),
                ("a", d("2026-01-09"), 1),
            ],
            d("2026-01-05"),
            Some(d("2026-01-08")),
            TimeUnit::Day,
        );
        assert_eq!(
            (days[0].recency, days[0].t, days[0].holdout_purchases),
            (2.0, 4.0, 0)
        );
    }
}
