//! What the demo's account owners know of their customers beyond the purchases: each active
//! customer's estimated yearly need of what the business sells (so that share of wallet and
//! growth room have figures), and their 1–5 ratings of the people-rated criteria of the value
//! score (reference value and learning value), each with its reason. Derived from the
//! purchases of the last twelve months, so that some customers already buy most of their need
//! from us and others have room to grow.

use crate::DemoAccount;
use crate::purchases::PurchaseData;
use crate::rng::Rng;
use chrono::{Months, NaiveDate};
use std::collections::HashMap;

/// The seed of the demo's needs and ratings.
const SEED: u64 = 0x5EED_0A57;

/// A person's rating of one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRating {
    /// The criterion's key: `reference` or `learning`.
    pub criterion: &'static str,
    pub score: u8,
    pub reason: &'static str,
    /// Who rated: the account's owner.
    pub rated_by: String,
}

/// What the owner of one demo account has entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoValueInput {
    pub customer_number: String,
    /// The estimated yearly need, in cents.
    pub estimated_need_cents: Option<i64>,
    pub ratings: Vec<DemoRating>,
}

/// Reasons for each rating of reference value, from 1 to 5.
const REFERENCE: [&str; 5] = [
    "Ei halua nimeään esille",
    "Tyytyväinen, mutta ei tunnettu toimialallaan",
    "Voi kertoa kokemuksistaan pyydettäessä",
    "Tunnettu alueellaan ja suosittelee meitä",
    "Toimialansa edelläkävijä; esiintyy referenssinä",
];

/// Reasons for each rating of learning value, from 1 to 5.
const LEARNING: [&str; 5] = [
    "Ostaa vakiotuotteita ilman erityistarpeita",
    "Satunnaisia kehitysehdotuksia",
    "Antaa hyvää palautetta tuotteista",
    "Testaa uusia tuotteita kanssamme",
    "Kehittää kanssamme uusia ratkaisuja",
];

/// The owners' needs and ratings for the demo's customers who bought in the twelve months up to
/// `today`: about four in five get an estimated need, between what they buy now and five times
/// it; about two in five are rated.
pub fn demo_value_inputs(
    master: &[DemoAccount],
    data: &PurchaseData,
    today: NaiveDate,
) -> Vec<DemoValueInput> {
    let year_ago = today
        .checked_sub_months(Months::new(12))
        .unwrap_or(NaiveDate::MIN);
    let mut bought: HashMap<&str, i64> = HashMap::new();
    for l in data
        .order_lines
        .iter()
        .filter(|l| l.order_date > year_ago && l.order_date <= today)
    {
        *bought.entry(l.customer_number.as_str()).or_default() += l.net_cents();
    }
    let mut rng = Rng::new(SEED);
    let mut inputs = Vec::new();
    for d in master {
        let (Some(number), Some(owner)) = (&d.account.customer_number, &d.account.owner) else {
            continue;
        };
        let Some(&yearly) = bought.get(number.as_str()).filter(|c| **c > 0) else {
            continue;
        };
        // The need: 1.1×, 1.5×, 2×, 3× or 5× what the customer buys now, rounded to 1 000 €.
        let factor = [11, 15, 20, 30, 50][rng.weighted(&[3, 3, 3, 2, 1])];
        let need = (yearly * factor / 10 + 99_999) / 100_000 * 100_000;
        let estimated_need_cents = rng.percent(80).then_some(need);
        let mut ratings = Vec::new();
        if rng.percent(40) {
            // Bigger buyers are more often good references; learning value is anyone's.
            let big = yearly > 2_000_000;
            let reference = 1 + rng.below(4) + usize::from(big);
            let learning = 1 + rng.below(5);
            for (criterion, score, reasons) in [
                ("reference", reference, &REFERENCE),
                ("learning", learning, &LEARNING),
            ] {
                ratings.push(DemoRating {
                    criterion,
                    score: u8::try_from(score).unwrap_or(3),
                    reason: reasons[score - 1],
                    rated_by: owner.clone(),
                });
            }
        }
        if estimated_need_cents.is_some() || !ratings.is_empty() {
            inputs.push(DemoValueInput {
                customer_number: number.clone(),
                estimated_need_cents,
                ratings,
            });
        }
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{demo_customer_master, demo_purchases};

    #[test]
    fn needs_cover_what_customers_buy_and_ratings_stay_in_1_to_5_with_reasons() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let master = demo_customer_master();
        let data = demo_purchases(today);
        let inputs = demo_value_inputs(&master, &data, today);
        assert_eq!(
            inputs,
            demo_value_inputs(&master, &data, today),
            "deterministic"
        );
        let needs = inputs
            .iter()
            .filter(|i| i.estimated_need_cents.is_some())
            .count();
        let rated = inputs.iter().filter(|i| !i.ratings.is_empty()).count();
        assert!(needs > 100 && rated > 50, "{needs} needs, {rated} rated");
        for i in &inputs {
            if let Some(n) = i.estimated_need_cents {
                assert!(n > 0 && n % 100_000 == 0, "{n}");
            }
            for r in &i.ratings {
                assert!((1..=5).contains(&r.score));
                assert!(!r.reason.is_empty() && !r.rated_by.is_empty());
            }
        }
        // Some customers already buy most of their need, others have room to grow.
        let year_ago = today.checked_sub_months(Months::new(12)).unwrap();
        let shares: Vec<f64> = inputs
            .iter()
            .filter_map(|i| {
                let bought: i64 = data
                    .order_lines
                    .iter()
                    .filter(|l| l.customer_number == i.customer_number && l.order_date > year_ago)
                    .map(crate::OrderLine::net_cents)
                    .sum();
                Some(bought as f64 / i.estimated_need_cents? as f64)
            })
            .collect();
        assert!(shares.iter().all(|s| *s > 0.0 && *s <= 1.0), "{shares:?}");
        assert!(shares.iter().any(|s| *s > 0.8) && shares.iter().any(|s| *s < 0.3));
    }
}
