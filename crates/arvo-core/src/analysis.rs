//! The whole value analysis of a customer base in one pass: profitability by activity-based
//! costing, the whale curve and concentration, profitability groups, value scores and key
//! accounts, segments and tiers, behaviour and passivation alerts, share of wallet and the
//! predictive models with each customer's lifetime value. A pure function of the customers'
//! data, the settings and the day: the store gathers the data, this reckons.

use crate::behaviour::{self, Assessment, BehaviourRules, PurchaseDay, Rfm as RfmScores};
use crate::clv::bgnbd::{BgNbd, BgNbdFit, Rfm};
use crate::clv::gamma_gamma::{GammaGamma, GammaGammaFit};
use crate::clv::history::{PurchaseHistory, TimeUnit};
use crate::clv::{LifetimeValueTerms, discounted_purchases_if_alive};
use crate::groups::{self, CustomerProfile, Grid};
use crate::profitability::{self, CostPool, CustomerActivity, Waterfall};
use crate::scoring::{self, ScoreInput, ScoreModel, Scored};
use crate::segments::{self, Segment, SegmentInput, SegmentRule, Tier};
use crate::whale::{self, Concentration, WhaleCurve};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the analysis reads of one customer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerData {
    pub id: i64,
    /// What the customer bought and caused in the analysed period.
    pub activity: CustomerActivity,
    /// Its average days to pay in the period, when it paid invoices.
    pub days_to_pay: Option<f64>,
    /// Every purchase day up to today, in date order and each date once, with its net total.
    pub purchase_days: Vec<PurchaseDay>,
    /// People's 1–5 ratings by criterion key.
    pub ratings: Vec<(String, u8)>,
    /// A segment set by hand.
    pub manual_segment: Option<Segment>,
    /// The customer's estimated yearly need of what we sell, in cents, when known.
    pub estimated_need_cents: Option<i64>,
    /// The customer's size class (`micro`, `small`, `medium`, `large`), for needs estimated by
    /// size.
    pub size_class: Option<String>,
}

/// The settings of an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisSettings {
    pub pools: Vec<CostPool>,
    pub score_model: ScoreModel,
    pub segment_rule: SegmentRule,
    pub behaviour_rules: BehaviourRules,
    /// Bands of the profitability grid, 3 or 4.
    pub bands: usize,
    /// The lifetime value's horizon in days, its discount per year and margin share.
    pub clv_horizon_days: u32,
    pub clv_discount_per_year: f64,
    /// The yearly need assumed for a customer of a size class whose own need nobody entered,
    /// in cents, by size class code.
    #[serde(default)]
    pub need_by_size: Vec<(String, i64)>,
    /// The analysed period's length in days: the yearly need is compared with the period's
    /// purchases in this share.
    #[serde(default = "a_year")]
    pub period_days: u32,
}

fn a_year() -> u32 {
    365
}

impl AnalysisSettings {
    /// Sensible settings without cost pools: the seeds' score model, retain from a score of
    /// 3.5, growth from 10 000 € of room, a 3×3 grid, a three-year lifetime at 8 % a year.
    pub fn defaults(finnish: bool) -> Self {
        Self {
            pools: Vec::new(),
            score_model: ScoreModel::default_model(finnish),
            segment_rule: SegmentRule {
                current_threshold: 3.5,
                potential_threshold: 1_000_000.0,
            },
            behaviour_rules: BehaviourRules::default(),
            bands: 3,
            clv_horizon_days: 3 * 365,
            clv_discount_per_year: 0.08,
            need_by_size: Vec::new(),
            period_days: a_year(),
        }
    }
}

/// One customer's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerResult {
    pub id: i64,
    pub waterfall: Waterfall,
    pub score: Scored,
    pub segment: Segment,
    pub tier: Tier,
    pub assessment: Assessment,
    pub rfm: Option<RfmScores>,
    /// The estimated need in the period (its share of the yearly need), in cents, when known.
    pub need_cents: Option<i64>,
    /// Purchases in the period ÷ estimated need, when the need is known.
    pub share_of_wallet: Option<f64>,
    /// Estimated need − purchases, in cents, never below zero.
    pub growth_room_cents: Option<i64>,
    /// Probability of still being a customer, and the lifetime value (discounted expected
    /// customer margin over the horizon, in cents), when the models could be fitted.
    pub p_alive: Option<f64>,
    pub lifetime_value_cents: Option<i64>,
}

/// The analysis of the whole base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub customers: Vec<CustomerResult>,
    pub unallocated: Vec<i64>,
    pub unallocated_total: i64,
    pub company_result: i64,
    pub whale: WhaleCurve,
    pub concentration: Option<Concentration>,
    pub grid: Grid,
    pub bgnbd: Option<BgNbdFit>,
    pub gamma_gamma: Option<GammaGammaFit>,
}

/// Reckons the analysis on `today`. The behaviour and the purchase models are reckoned on a
/// second thread while the profitability and the scores are.
pub fn analyse(data: &[CustomerData], settings: &AnalysisSettings, today: NaiveDate) -> Analysis {
    std::thread::scope(|scope| {
        let side = scope.spawn(|| {
            let assessments: Vec<Assessment> = data
                .iter()
                .map(|c| behaviour::assess(&c.purchase_days, today, &settings.behaviour_rules))
                .collect();
            let days: Vec<&[PurchaseDay]> =
                data.iter().map(|c| c.purchase_days.as_slice()).collect();
            let rfm = behaviour::rfm(&days, today);
            (assessments, rfm, fit_models(data, today))
        });
        analyse_with(data, settings, today, || {
            side.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

/// The customers' behaviour, their RFM scores and the purchase models.
type Behaviour = (Vec<Assessment>, Vec<Option<RfmScores>>, Fitted);

/// [`analyse`], with the behaviour and the models from `behaviour` once they are needed.
fn analyse_with(
    data: &[CustomerData],
    settings: &AnalysisSettings,
    today: NaiveDate,
    behaviour: impl FnOnce() -> Behaviour,
) -> Analysis {
    let activities: Vec<CustomerActivity> = data.iter().map(|c| c.activity).collect();
    let profit = profitability::profitability(&settings.pools, &activities);
    let margins: Vec<i64> = profit.customers.iter().map(|w| w.customer_margin).collect();
    let sales: Vec<i64> = data.iter().map(|c| c.activity.revenue_cents).collect();
    let profiles: Vec<CustomerProfile> = data
        .iter()
        .zip(&margins)
        .map(|(c, m)| CustomerProfile {
            revenue_cents: c.activity.revenue_cents,
            customer_margin_cents: *m,
            orders: c.activity.orders,
            order_lines: c.activity.order_lines,
            service_milli_hours: c.activity.service_milli_hours,
            days_to_pay: c.days_to_pay,
        })
        .collect();
    let ScoreBasis {
        needs,
        room,
        inputs,
    } = score_basis(data, settings, &margins, today);
    let scores = scoring::score(&settings.score_model, &inputs);
    let whale = whale::whale_curve(&margins);
    let concentration = whale::concentration(&sales);
    let grid = groups::grid(&profiles, settings.bands);
    let (assessments, rfm, (bgnbd, gamma_gamma, histories)) = behaviour();
    let terms = LifetimeValueTerms {
        horizon: f64::from(settings.clv_horizon_days),
        step: 30.0,
        discount_rate: (1.0 + settings.clv_discount_per_year).powf(30.0 / 365.0) - 1.0,
        margin: 1.0,
    };
    // The median of the repeat buyers' mean spend, for one-time buyers when the spend model
    // gives no usable fit.
    let typical_spend = {
        let mut means: Vec<f64> = histories
            .iter()
            .flatten()
            .filter(|h| h.frequency > 0)
            .map(|h| h.monetary_cents)
            .collect();
        means.sort_unstable_by(f64::total_cmp);
        means.get(means.len() / 2).copied().unwrap_or(0.0)
    };
    // The discounted purchases if alive, by frequency and age, which many customers share.
    let mut discounted = HashMap::new();
    let mut customers = Vec::with_capacity(data.len());
    let per_customer = profit.customers.into_iter().zip(scores).zip(assessments);
    for (i, (c, ((waterfall, score), assessment))) in data.iter().zip(per_customer).enumerate() {
        let segment_input = SegmentInput {
            has_bought: !c.purchase_days.is_empty(),
            current_value: score.score,
            potential_value: room[i].unwrap_or(0) as f64,
            manual: c.manual_segment,
        };
        let history = histories[i].as_ref();
        let p_alive = bgnbd.zip(history).map(|(m, h)| m.params.p_alive(h.rfm()));
        // The lifetime value carries the customer's margin share of its revenue.
        let margin_share = if waterfall.revenue > 0 {
            (waterfall.customer_margin as f64 / waterfall.revenue as f64).clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let lifetime_value_cents = match (bgnbd, history) {
            (Some(m), Some(h)) => {
                let spend = match gamma_gamma {
                    Some(g) => g
                        .params
                        .expected_average_spend(h.frequency, h.monetary_cents),
                    // Without a usable spend model: the customer's own mean, or for a
                    // one-time buyer the typical repeat buyer's.
                    None if h.frequency > 0 => h.monetary_cents,
                    None => typical_spend,
                };
                let purchases = *discounted
                    .entry((h.frequency, h.t.to_bits()))
                    .or_insert_with(|| {
                        discounted_purchases_if_alive(&m.params, h.frequency, h.t, &terms)
                    });
                let value = spend * margin_share * m.params.p_alive(h.rfm()) * purchases;
                value.is_finite().then(|| value.round() as i64)
            }
            _ => None,
        };
        customers.push(CustomerResult {
            id: c.id,
            score,
            segment: segments::segment(&settings.segment_rule, &segment_input),
            tier: segments::tier(&settings.segment_rule, &segment_input),
            assessment,
            rfm: rfm[i],
            need_cents: needs[i],
            share_of_wallet: needs[i]
                .filter(|n| *n > 0)
                .map(|n| c.activity.revenue_cents as f64 / n as f64),
            growth_room_cents: room[i],
            p_alive,
            lifetime_value_cents,
            waterfall,
        });
    }
    Analysis {
        customers,
        unallocated: profit.unallocated,
        unallocated_total: profit.unallocated_total,
        company_result: profit.company_result,
        whale,
        concentration,
        grid,
        bgnbd,
        gamma_gamma,
    }
}

/// What the scores are reckoned from: each customer's need in the period, its growth room and
/// its score input.
struct ScoreBasis {
    needs: Vec<Option<i64>>,
    room: Vec<Option<i64>>,
    inputs: Vec<ScoreInput>,
}

fn score_basis(
    data: &[CustomerData],
    settings: &AnalysisSettings,
    margins: &[i64],
    today: NaiveDate,
) -> ScoreBasis {
    // Each customer's need in the period: its own estimate, or its size class's, in the period's
    // share of a year.
    let needs: Vec<Option<i64>> = data
        .iter()
        .map(|c| {
            c.estimated_need_cents
                .or_else(|| {
                    let size = c.size_class.as_deref()?;
                    settings
                        .need_by_size
                        .iter()
                        .find(|(s, _)| s == size)
                        .map(|(_, n)| *n)
                })
                .map(|yearly| {
                    let share = i128::from(yearly) * i128::from(settings.period_days);
                    i64::try_from(crate::numbers::round_div(share, 365)).unwrap_or(i64::MAX)
                })
        })
        .collect();
    let room: Vec<Option<i64>> = data
        .iter()
        .zip(&needs)
        .map(|(c, need)| need.map(|n| (n - c.activity.revenue_cents).max(0)))
        .collect();
    let inputs = data
        .iter()
        .zip(margins)
        .zip(&room)
        .map(|((c, margin), room)| ScoreInput {
            sales_volume: c.activity.revenue_cents as f64,
            profitability: *margin as f64,
            loyalty: loyalty(&c.purchase_days, today),
            potential: room.unwrap_or(0) as f64,
            ratings: c.ratings.clone(),
        })
        .collect();
    ScoreBasis {
        needs,
        room,
        inputs,
    }
}

/// The key accounts under the settings' score model and under a proposed one, from the same
/// figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyAccountPreview {
    /// Each customer's scores under the settings' model, in the input's order.
    pub current: Vec<Scored>,
    /// Each customer's scores under the proposed model.
    pub proposed: Vec<Scored>,
    /// Who would enter and who would leave the key accounts.
    pub change: scoring::WhatIf,
}

/// What-if: scores every customer under the settings' model and under `proposed`, so that one
/// sees who would enter and leave the key accounts before saving the proposal. Reckons only the
/// profitability and the scores' figures, not the behaviour or the purchase models.
pub fn preview_score_model(
    data: &[CustomerData],
    settings: &AnalysisSettings,
    proposed: &ScoreModel,
    today: NaiveDate,
) -> KeyAccountPreview {
    let activities: Vec<CustomerActivity> = data.iter().map(|c| c.activity).collect();
    let profit = profitability::profitability(&settings.pools, &activities);
    let margins: Vec<i64> = profit.customers.iter().map(|w| w.customer_margin).collect();
    let basis = score_basis(data, settings, &margins, today);
    let current = scoring::score(&settings.score_model, &basis.inputs);
    let proposed = scoring::score(proposed, &basis.inputs);
    let change = scoring::what_if(&current, &proposed);
    KeyAccountPreview {
        current,
        proposed,
        change,
    }
}

/// Relationship strength: years as a customer plus purchase days in the last year, so that both
/// a long relationship and a lively one count.
fn loyalty(days: &[PurchaseDay], today: NaiveDate) -> f64 {
    let Some(first) = days.first() else {
        return 0.0;
    };
    let years = (today - first.date).num_days() as f64 / 365.0;
    let recent = days
        .iter()
        .filter(|d| (today - d.date).num_days() < 365)
        .count() as f64;
    years + recent
}

/// The largest spread parameter q of a usable spend model.
const MAX_SPEND_SHAPE: f64 = 1e6;

type Fitted = (
    Option<BgNbdFit>,
    Option<GammaGammaFit>,
    Vec<Option<PurchaseHistory<usize>>>,
);

/// Fits the purchase models on the histories up to today, in days; customers who never bought
/// have no history.
fn fit_models(data: &[CustomerData], today: NaiveDate) -> Fitted {
    // Purchase days come in date order, each date once.
    let histories: Vec<Option<PurchaseHistory<usize>>> = data
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let days = c.purchase_days.iter().map(|d| (d.date, d.cents));
            PurchaseHistory::of_days(i, days, today, Some(today), TimeUnit::Day)
        })
        .collect();
    let rfm: Vec<Rfm> = histories
        .iter()
        .flatten()
        .map(PurchaseHistory::rfm)
        .collect();
    let bgnbd = BgNbd::fit(&rfm).ok().filter(|f| f.converged);
    let spend: Vec<(u32, f64)> = histories
        .iter()
        .flatten()
        .map(|h| (h.frequency, h.monetary_cents))
        .collect();
    // A spend model is usable when its population has a finite mean spend (q > 1) and a spread
    // between customers: q in the millions says every customer's mean spend is the same, which
    // a base whose customers keep to spends of their own drives the fit towards.
    let gamma_gamma = GammaGamma::fit(&spend)
        .ok()
        .filter(|f| f.converged && f.params.q > 1.0 && f.params.q < MAX_SPEND_SHAPE);
    (bgnbd, gamma_gamma, histories)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profitability::{CostLayer, Driver};
    use crate::scoring::KeyAccountRule;
    use chrono::Days;

    /// A small base: customers buying at different rhythms and sizes, one never.
    fn base(today: NaiveDate) -> Vec<CustomerData> {
        (0..40)
            .map(|i: i64| {
                let every = 7 + (i % 9) as u64 * 11;
                let count = if i == 39 { 0 } else { 3 + (i % 13) as u64 };
                let start = today.checked_sub_days(Days::new(every * count + (i % 5) as u64 * 40));
                let purchase_days: Vec<PurchaseDay> = (0..count)
                    .filter_map(|k| {
                        Some(PurchaseDay {
                            date: start?.checked_add_days(Days::new(k * every))?,
                            // Spend varies from day to day, as it does.
                            cents: 4_000
                                + (i * 7_919 % 97) * 500
                                + ((k as i64 * 7_919 + i * 104_729) % 6_000),
                        })
                    })
                    .collect();
                let revenue: i64 = purchase_days.iter().map(|d| d.cents).sum();
                CustomerData {
                    id: i,
                    activity: CustomerActivity {
                        revenue_cents: revenue,
                        direct_cost_cents: revenue * 7 / 10,
                        orders: count,
                        order_lines: count * (1 + (i % 4) as u64),
                        deliveries: count,
                        invoices: count,
                        ..CustomerActivity::default()
                    },
                    days_to_pay: Some(14.0 + (i % 3) as f64 * 10.0),
                    purchase_days,
                    ratings: vec![],
                    manual_segment: (i == 5).then_some(Segment::Grow),
                    estimated_need_cents: (i % 2 == 0).then_some(2_000_000),
                    size_class: Some("small".into()),
                }
            })
            .collect()
    }

    #[test]
    fn without_a_usable_spend_model_lifetime_values_use_the_customers_own_spend() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut data = base(today);
        // Every customer spends the same on every day: no spread to fit a spend model to.
        for c in &mut data {
            for d in &mut c.purchase_days {
                d.cents = 10_000 * (1 + c.id % 7);
            }
        }
        let a = analyse(&data, &AnalysisSettings::defaults(false), today);
        assert!(a.gamma_gamma.is_none(), "{:?}", a.gamma_gamma);
        assert!(a.bgnbd.is_some());
        assert!(
            a.customers[..39]
                .iter()
                .all(|c| c.lifetime_value_cents.is_some()),
            "every buyer has a lifetime value: {:?}",
            a.customers
                .iter()
                .map(|c| (c.id, c.lifetime_value_cents, c.p_alive))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_whole_analysis_reconciles_and_gives_every_customer_its_figures() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let data = base(today);
        let mut settings = AnalysisSettings::defaults(true);
        settings.pools = vec![
            CostPool {
                name: "Tilaukset".into(),
                cost_cents: 300_000,
                driver: Driver::Orders,
                layer: CostLayer::Sales,
            },
            CostPool {
                name: "Kehitys".into(),
                cost_cents: 50_000,
                driver: Driver::NotAllocated,
                layer: CostLayer::Marketing,
            },
        ];
        let a = analyse(&data, &settings, today);
        assert_eq!(a.customers.len(), 40);
        let margins: i64 = a
            .customers
            .iter()
            .map(|c| c.waterfall.customer_margin)
            .sum();
        assert_eq!(margins - a.unallocated_total, a.company_result);
        assert_eq!(a.unallocated_total, 50_000);
        assert_eq!(a.customers[5].segment, Segment::Grow, "set by hand");
        let never = &a.customers[39];
        assert_eq!(
            never.assessment.behaviour,
            behaviour::Behaviour::NeverBought
        );
        assert_eq!((never.rfm, never.p_alive), (None, None));
        assert!(
            a.bgnbd.is_some() && a.gamma_gamma.is_some(),
            "{:?} {:?}",
            a.bgnbd,
            a.gamma_gamma
        );
        assert!(
            a.customers[..39]
                .iter()
                .all(|c| c.p_alive.is_some_and(|p| (0.0..=1.0).contains(&p)))
        );
        assert!(
            a.customers
                .iter()
                .all(|c| (1.0..=5.0).contains(&c.score.score))
        );
        let room = a.customers[0].growth_room_cents.unwrap();
        assert_eq!(room, (2_000_000 - data[0].activity.revenue_cents).max(0));
        assert_eq!(a.customers[1].share_of_wallet, None);
        // With a need by size, the others get one too; a quarter compares a quarter's need.
        settings.need_by_size = vec![("small".into(), 4_000_000)];
        settings.period_days = 91;
        let q = analyse(&data, &settings, today);
        let expected = 4_000_000 * 91 / 365;
        assert_eq!(
            q.customers[1].growth_room_cents,
            Some((expected - data[1].activity.revenue_cents).max(0))
        );
        assert_eq!(
            q.customers[0].growth_room_cents,
            Some((2_000_000 * 91 / 365 - data[0].activity.revenue_cents).max(0))
        );
        assert_eq!(a.grid.groups.len(), 9);
    }

    #[test]
    fn the_preview_shows_who_enters_and_leaves_the_key_accounts_under_other_weights() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let data = base(today);
        let mut settings = AnalysisSettings::defaults(false);
        settings.score_model.key_accounts = KeyAccountRule::Top { count: 5 };
        let analysis = analyse(&data, &settings, today);
        // The same model changes nothing, and its scores are the analysis's.
        let same = preview_score_model(&data, &settings, &settings.score_model, today);
        assert!(same.change.entering.is_empty() && same.change.leaving.is_empty());
        let scores: Vec<&Scored> = analysis.customers.iter().map(|c| &c.score).collect();
        assert_eq!(same.current.iter().collect::<Vec<_>>(), scores);
        // All weight on the estimated need's room: the key accounts become those with most room.
        let mut proposed = settings.score_model.clone();
        for c in &mut proposed.criteria {
            c.weight = if c.key == "potential" { 100 } else { 0 };
        }
        let preview = preview_score_model(&data, &settings, &proposed, today);
        let keys =
            |s: &[Scored]| -> Vec<usize> { (0..s.len()).filter(|&i| s[i].key_account).collect() };
        let (now, then) = (keys(&preview.current), keys(&preview.proposed));
        assert_eq!((now.len(), then.len()), (5, 5));
        assert!(!preview.change.entering.is_empty(), "{now:?} → {then:?}");
        assert_eq!(preview.change.entering.len(), preview.change.leaving.len());
        for i in &preview.change.entering {
            assert!(then.contains(i) && !now.contains(i));
            // Only customers with an estimated need have room (every other one here).
            assert!(data[*i].estimated_need_cents.is_some());
        }
        for i in &preview.change.leaving {
            assert!(now.contains(i) && !then.contains(i));
        }
    }
}
