//! The weighted value score: a model of criteria, each with a weight and a 1–5 scale. Criteria
//! read from the data (sales volume, profitability, loyalty, potential) are scored by quintile
//! among the customers or by set thresholds; the others are rated by people. A customer's score
//! is the weighted mean of its criterion scores, from 1 to 5; key accounts are the top N by
//! score or those at or above a threshold.
//!
//! The default model is the seeds': sales volume 30 %, profitability 20 %, relationship
//! strength 20 %, future potential 10 %, reference value 10 %, learning value 10 %.

use serde::{Deserialize, Serialize};

/// Where a criterion's scores come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Source {
    /// A figure from the data, scored by quintile or by thresholds.
    Data { metric: Metric, scale: Scale },
    /// Rated 1–5 by a person; an unrated customer gets the middle, 3.
    Rated,
}

/// The figures a criterion can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Revenue in the period.
    SalesVolume,
    /// Customer margin in the period.
    Profitability,
    /// Relationship strength from tenure and purchase frequency.
    Loyalty,
    /// Growth room: the estimated need not yet bought from us.
    Potential,
}

/// How a figure becomes a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scale {
    /// By the customer's fifth among all customers: the lowest fifth 1, the highest 5.
    Quintile,
    /// 1 below the first bound, 2 from it, … 5 from the fourth (bounds ascending).
    Thresholds { bounds: [f64; 4] },
}

/// One criterion of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// A stable key, e.g. `sales_volume`.
    pub key: String,
    pub name: String,
    /// The weight in percent; the weights of a model add up to 100.
    pub weight: u32,
    #[serde(flatten)]
    pub source: Source,
}

/// A value score model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreModel {
    pub criteria: Vec<Criterion>,
    pub key_accounts: KeyAccountRule,
}

/// Which customers are key accounts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum KeyAccountRule {
    /// The N highest scores; of equal scores at the cut, the earlier customers in the input.
    Top { count: usize },
    /// Scores at or above a threshold.
    AtLeast { score: f64 },
}

/// What is wrong with a model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum ModelProblem {
    #[error("the model has no criteria")]
    NoCriteria,
    #[error("the weights add up to {0} %, not 100 %")]
    WeightsNot100(u32),
    #[error("two criteria have the key {0:?}")]
    RepeatedKey(String),
    #[error("criterion {0:?} has thresholds that do not ascend")]
    Thresholds(String),
}

impl ScoreModel {
    /// The seeds' model, with the top 20 as key accounts.
    pub fn default_model(finnish: bool) -> Self {
        let data = |key: &str, fi: &str, en: &str, weight, metric| Criterion {
            key: key.into(),
            name: if finnish { fi } else { en }.into(),
            weight,
            source: Source::Data {
                metric,
                scale: Scale::Quintile,
            },
        };
        let rated = |key: &str, fi: &str, en: &str, weight| Criterion {
            key: key.into(),
            name: if finnish { fi } else { en }.into(),
            weight,
            source: Source::Rated,
        };
        Self {
            criteria: vec![
                data(
                    "sales_volume",
                    "Myynnin määrä",
                    "Sales volume",
                    30,
                    Metric::SalesVolume,
                ),
                data(
                    "profitability",
                    "Kannattavuus",
                    "Profitability",
                    20,
                    Metric::Profitability,
                ),
                data(
                    "loyalty",
                    "Suhteen vahvuus",
                    "Relationship strength",
                    20,
                    Metric::Loyalty,
                ),
                data(
                    "potential",
                    "Tuleva potentiaali",
                    "Future potential",
                    10,
                    Metric::Potential,
                ),
                rated("reference", "Referenssiarvo", "Reference value", 10),
                rated("learning", "Oppimisarvo", "Learning value", 10),
            ],
            key_accounts: KeyAccountRule::Top { count: 20 },
        }
    }

    /// Checks the model: criteria with distinct keys, weights adding up to 100, ascending
    /// thresholds.
    pub fn validate(&self) -> Result<(), Vec<ModelProblem>> {
        let mut problems = Vec::new();
        if self.criteria.is_empty() {
            problems.push(ModelProblem::NoCriteria);
        }
        let total: u32 = self.criteria.iter().map(|c| c.weight).sum();
        if !self.criteria.is_empty() && total != 100 {
            problems.push(ModelProblem::WeightsNot100(total));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            if self.criteria[..i].iter().any(|d| d.key == c.key) {
                problems.push(ModelProblem::RepeatedKey(c.key.clone()));
            }
            if let Source::Data {
                scale: Scale::Thresholds { bounds },
                ..
            } = &c.source
                && !bounds.windows(2).all(|w| w[0] <= w[1])
            {
                problems.push(ModelProblem::Thresholds(c.key.clone()));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// What the scoring reads of a customer: its figures and its ratings by criterion key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreInput {
    pub sales_volume: f64,
    pub profitability: f64,
    pub loyalty: f64,
    pub potential: f64,
    /// People's ratings, 1–5, by criterion key.
    pub ratings: Vec<(String, u8)>,
}

impl ScoreInput {
    fn metric(&self, m: Metric) -> f64 {
        match m {
            Metric::SalesVolume => self.sales_volume,
            Metric::Profitability => self.profitability,
            Metric::Loyalty => self.loyalty,
            Metric::Potential => self.potential,
        }
    }
}

/// A customer's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    /// Each criterion's score, 1–5, in the model's order.
    pub criteria: Vec<u8>,
    /// Criteria rated by nobody yet (scored 3).
    pub unrated: Vec<String>,
    /// The weighted score, 1 to 5.
    pub score: f64,
    pub key_account: bool,
}

/// Scores every customer under the model.
pub fn score(model: &ScoreModel, customers: &[ScoreInput]) -> Vec<Scored> {
    let total_weight: u32 = model.criteria.iter().map(|c| c.weight).sum();
    let mut per_criterion: Vec<Vec<u8>> = Vec::with_capacity(model.criteria.len());
    for c in &model.criteria {
        per_criterion.push(match &c.source {
            Source::Data { metric, scale } => {
                let values: Vec<f64> = customers.iter().map(|x| x.metric(*metric)).collect();
                match scale {
                    Scale::Quintile => quintiles(&values),
                    Scale::Thresholds { bounds } => values
                        .iter()
                        .map(|v| 1 + bounds.iter().filter(|b| v >= *b).count() as u8)
                        .collect(),
                }
            }
            Source::Rated => customers
                .iter()
                .map(|x| rating(x, &c.key).unwrap_or(3))
                .collect(),
        });
    }
    let rated: Vec<&str> = model
        .criteria
        .iter()
        .filter(|c| c.source == Source::Rated)
        .map(|c| c.key.as_str())
        .collect();
    let mut scored: Vec<Scored> = customers
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let criteria: Vec<u8> = per_criterion.iter().map(|s| s[i]).collect();
            let weighted: u32 = model
                .criteria
                .iter()
                .zip(&criteria)
                .map(|(c, s)| c.weight * u32::from(*s))
                .sum();
            let unrated = rated
                .iter()
                .filter(|key| rating(x, key).is_none())
                .map(|key| (*key).to_owned())
                .collect();
            Scored {
                criteria,
                unrated,
                score: if total_weight == 0 {
                    3.0
                } else {
                    f64::from(weighted) / f64::from(total_weight)
                },
                key_account: false,
            }
        })
        .collect();
    mark_key_accounts(&mut scored, model.key_accounts);
    scored
}

fn rating(x: &ScoreInput, key: &str) -> Option<u8> {
    x.ratings
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, r)| (*r).clamp(1, 5))
}

/// Scores 1–5 by quintile: a value's score is 1 + ⌊5 × (values below it) / n⌋, so equal values
/// score alike.
fn quintiles(values: &[f64]) -> Vec<u8> {
    // Each value's key in f64's total order, with its position: sorted once, every run of equal
    // keys has as many values below it as the run's first position.
    let key = |v: f64| {
        let bits = v.to_bits();
        if bits >> 63 == 1 {
            !bits
        } else {
            bits | 1 << 63
        }
    };
    let mut sorted: Vec<(u64, u32)> = values
        .iter()
        .zip(0u32..)
        .map(|(v, i)| (key(*v), i))
        .collect();
    sorted.sort_unstable();
    let n = sorted.len();
    let mut scores = vec![0u8; n];
    let mut below = 0;
    for (at, (k, i)) in sorted.iter().enumerate() {
        if at > 0 && sorted[at - 1].0 != *k {
            below = at;
        }
        scores[*i as usize] = 1 + (5 * below / n) as u8;
    }
    scores
}

fn mark_key_accounts(scored: &mut [Scored], rule: KeyAccountRule) {
    match rule {
        KeyAccountRule::AtLeast { score } => {
            for s in scored.iter_mut() {
                s.key_account = s.score >= score - 1e-9;
            }
        }
        KeyAccountRule::Top { count } => {
            // The `count` first in the order of score (highest first), then input order.
            let mut order: Vec<usize> = (0..scored.len()).collect();
            let by_score =
                |a: &usize, b: &usize| scored[*b].score.total_cmp(&scored[*a].score).then(a.cmp(b));
            if count < order.len() {
                order.select_nth_unstable_by(count, by_score);
                order.truncate(count);
            }
            for i in order {
                scored[i].key_account = true;
            }
        }
    }
}

/// Who would enter and who would leave the key accounts under another model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// Indexes of customers who would become key accounts.
    pub entering: Vec<usize>,
    /// Indexes of key accounts who would no longer be.
    pub leaving: Vec<usize>,
}

pub fn what_if(current: &[Scored], proposed: &[Scored]) -> WhatIf {
    let pairs = current.iter().zip(proposed).enumerate();
    WhatIf {
        entering: pairs
            .clone()
            .filter(|(_, (c, p))| !c.key_account && p.key_account)
            .map(|(i, _)| i)
            .collect(),
        leaving: pairs
            .filter(|(_, (c, p))| c.key_account && !p.key_account)
            .map(|(i, _)| i)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(volume: f64, margin: f64, reference: Option<u8>) -> ScoreInput {
        ScoreInput {
            sales_volume: volume,
            profitability: margin,
            loyalty: volume / 2.0,
            potential: 0.0,
            ratings: reference
                .map(|r| ("reference".to_owned(), r))
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn scores_by_hand_under_the_seeds_model() {
        let model = ScoreModel::default_model(true);
        assert_eq!(model.validate(), Ok(()));
        // Ten customers of rising volume and margin; the last is rated 5 for reference.
        let customers: Vec<ScoreInput> = (0..10)
            .map(|i| input(f64::from(i), f64::from(i), (i == 9).then_some(5)))
            .collect();
        let s = score(&model, &customers);
        // Quintiles of ten: two customers a fifth.
        let volume: Vec<u8> = s.iter().map(|x| x.criteria[0]).collect();
        assert_eq!(volume, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // Potential is 0 for all: the same value scores the same (the lowest fifth).
        assert!(s.iter().all(|x| x.criteria[3] == 1));
        // The last: 30·5 + 20·5 + 20·5 + 10·1 + 10·5 (rated) + 10·3 (unrated) = 440 → 4.4.
        assert!((s[9].score - 4.4).abs() < 1e-12);
        assert_eq!(s[9].unrated, vec!["learning".to_owned()]);
        assert_eq!(s[0].unrated.len(), 2);
        let top = ScoreModel {
            key_accounts: KeyAccountRule::Top { count: 3 },
            ..model.clone()
        };
        let keys: Vec<usize> = score(&top, &customers)
            .iter()
            .enumerate()
            .filter(|(_, x)| x.key_account)
            .map(|(i, _)| i)
            .collect();
        // 6 and 7 tie (the same fifths); the tie goes to the earlier.
        assert_eq!(keys, vec![6, 8, 9]);
    }

    #[test]
    fn the_what_if_names_who_enters_and_who_leaves() {
        let mut model = ScoreModel::default_model(false);
        model.key_accounts = KeyAccountRule::Top { count: 1 };
        // A: big volume, poor margin. B: small volume, excellent margin.
        let customers = vec![
            input(100.0, 1.0, None),
            input(10.0, 50.0, None),
            input(1.0, 0.0, None),
        ];
        let now = score(&model, &customers);
        assert!(now[0].key_account);
        let mut margin_first = model.clone();
        margin_first.criteria[0].weight = 10;
        margin_first.criteria[1].weight = 40;
        assert_eq!(margin_first.validate(), Ok(()));
        let then = score(&margin_first, &customers);
        assert_eq!(
            what_if(&now, &then),
            WhatIf {
                entering: vec![1],
                leaving: vec![0]
            }
        );
    }

    #[test]
    fn a_model_is_checked() {
        let mut m = ScoreModel::default_model(false);
        m.criteria[0].weight = 31;
        m.criteria[1].key = "sales_volume".into();
        m.criteria[2].source = Source::Data {
            metric: Metric::Loyalty,
            scale: Scale::Thresholds {
                bounds: [1.0, 3.0, 2.0, 4.0],
            },
        };
        assert_eq!(
            m.validate(),
            Err(vec![
                ModelProblem::WeightsNot100(101),
                ModelProblem::RepeatedKey("sales_volume".into()),
                ModelProblem::Thresholds("loyalty".into()),
            ])
        );
    }

    fn customers() -> impl Strategy<Value = Vec<ScoreInput>> {
        prop::collection::vec(
            (
                -1e6..1e7f64,
                -1e6..1e6f64,
                0.0..100.0f64,
                prop::option::of(0u8..9),
            )
                .prop_map(|(v, m, l, r)| ScoreInput {
                    sales_volume: v,
                    profitability: m,
                    loyalty: l,
                    potential: v / 3.0,
                    ratings: r.map(|r| ("learning".to_owned(), r)).into_iter().collect(),
                }),
            1..60,
        )
    }

    proptest! {
        #[test]
        fn scores_stay_between_one_and_five(customers in customers()) {
            for s in score(&ScoreModel::default_model(false), &customers) {
                prop_assert!((1.0..=5.0).contains(&s.score));
                prop_assert!(s.criteria.iter().all(|c| (1..=5).contains(c)));
            }
        }

        #[test]
        fn raising_a_weight_moves_each_score_towards_that_criterion(
            customers in customers(),
            criterion in 0usize..6,
            extra in 1u32..50,
        ) {
            let model = ScoreModel::default_model(false);
            let mut heavier = model.clone();
            // Weights need not add up to 100 for scoring; the weighted mean is what moves.
            heavier.criteria[criterion].weight += extra;
            let (before, after) = (score(&model, &customers), score(&heavier, &customers));
            for (b, a) in before.iter().zip(&after) {
                let pull = f64::from(b.criteria[criterion]) - b.score;
                let moved = a.score - b.score;
                if pull > 1e-9 {
                    prop_assert!(moved > 0.0);
                } else if pull < -1e-9 {
                    prop_assert!(moved < 0.0);
                } else {
                    prop_assert!(moved.abs() < 1e-9);
                }
            }
        }
    }
}
