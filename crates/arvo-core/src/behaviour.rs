//! Buying behaviour: each customer's behaviour group by rules a user can read, its lifecycle
//! stage, its own purchase cycle, RFM scores, and a passivation alert when it falls behind its
//! own rhythm or its volume drops. Everything is a function of the purchase days and "today",
//! which the caller passes in.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// One purchase day of a customer and its total, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PurchaseDay {
    pub date: NaiveDate,
    pub cents: i64,
}

/// The behaviour groups, in the order the rules are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Behaviour {
    NeverBought,
    Lost,
    Lapsing,
    New,
    LongTerm,
    Medium,
    Occasional,
}

impl Behaviour {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NeverBought => "never_bought",
            Self::Lost => "lost",
            Self::Lapsing => "lapsing",
            Self::New => "new",
            Self::LongTerm => "long_term",
            Self::Medium => "medium",
            Self::Occasional => "occasional",
        }
    }

    /// The stage of the customer's lifecycle the group belongs to.
    pub fn stage(self) -> Stage {
        match self {
            Self::NeverBought => Stage::Acquisition,
            Self::New => Stage::Onboarding,
            Self::Medium | Self::Occasional => Stage::Development,
            Self::LongTerm => Stage::Retention,
            Self::Lapsing | Self::Lost => Stage::Ending,
        }
    }
}

/// The lifecycle stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Acquisition,
    Onboarding,
    Development,
    Retention,
    Ending,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Acquisition => "acquisition",
            Self::Onboarding => "onboarding",
            Self::Development => "development",
            Self::Retention => "retention",
            Self::Ending => "ending",
        }
    }
}

/// The rules' numbers, which the user may change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BehaviourRules {
    /// Lost: no purchase in this many days.
    pub lost_days: u32,
    /// Lapsing: more than this many times its own typical gap since the last purchase.
    pub overdue_factor: f64,
    /// Lapsing, for a customer without a cycle of its own yet: no purchase in this many days.
    pub lapsing_days: u32,
    /// New: the first purchase at most this many days ago.
    pub new_days: u32,
    /// Long-term: a customer for at least this many years …
    pub long_term_years: u32,
    /// … buying on at least this many days a year.
    pub long_term_days_a_year: f64,
    /// Medium: buying on at least this many days a year (counted over a year at least).
    pub medium_days_a_year: f64,
    /// A falling volume: the last twelve months this much below the twelve before (0.3 = 30 %).
    pub falling_share: f64,
}

impl Default for BehaviourRules {
    fn default() -> Self {
        Self {
            lost_days: 540,
            overdue_factor: 1.5,
            lapsing_days: 270,
            new_days: 180,
            long_term_years: 3,
            long_term_days_a_year: 4.0,
            medium_days_a_year: 2.0,
            falling_share: 0.3,
        }
    }
}

/// Purchase days a customer needs before its own cycle is told.
const CYCLE_MIN_DAYS: usize = 3;

/// The customer's typical days between purchases: the median of its gaps, once it has bought on
/// at least three days.
pub fn purchase_cycle(days: &[PurchaseDay]) -> Option<f64> {
    if days.len() < CYCLE_MIN_DAYS {
        return None;
    }
    let mut gaps: Vec<i64> = days
        .windows(2)
        .map(|w| (w[1].date - w[0].date).num_days())
        .collect();
    gaps.sort_unstable();
    let n = gaps.len();
    Some(if n % 2 == 1 {
        gaps[n / 2] as f64
    } else {
        (gaps[n / 2 - 1] + gaps[n / 2]) as f64 / 2.0
    })
}

/// Why a customer raises a passivation alert.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Alert {
    /// No purchase for longer than its own rhythm allows.
    Overdue {
        days_since: i64,
        typical_gap: f64,
        /// days_since ÷ typical_gap.
        ratio: f64,
    },
    /// The last twelve months' purchases fell markedly below the twelve months before.
    Falling {
        last_12_months_cents: i64,
        previous_12_months_cents: i64,
        /// The change, e.g. −0.45 for a 45 % fall.
        change: f64,
    },
}

/// One customer's behaviour on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub behaviour: Behaviour,
    pub stage: Stage,
    pub cycle_days: Option<f64>,
    pub days_since_last: Option<i64>,
    pub alerts: Vec<Alert>,
}

/// Assesses a customer from its purchase days (in date order, one per day) on `today`.
pub fn assess(days: &[PurchaseDay], today: NaiveDate, rules: &BehaviourRules) -> Assessment {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return Assessment {
            behaviour: Behaviour::NeverBought,
            stage: Stage::Acquisition,
            cycle_days: None,
            days_since_last: None,
            alerts: Vec::new(),
        };
    };
    let since = (today - last.date).num_days();
    let tenure_days = (today - first.date).num_days().max(1);
    let cycle = purchase_cycle(days);
    let mut alerts = Vec::new();
    if let Some(gap) = cycle.filter(|g| *g > 0.0) {
        let ratio = since as f64 / gap;
        if ratio > rules.overdue_factor {
            alerts.push(Alert::Overdue {
                days_since: since,
                typical_gap: gap,
                ratio,
            });
        }
    }
    let year_ago = today.checked_sub_days(Days::new(365)).unwrap_or(today);
    let two_years_ago = year_ago
        .checked_sub_days(Days::new(365))
        .unwrap_or(year_ago);
    let sum = |from: NaiveDate, to: NaiveDate| -> i64 {
        days.iter()
            .filter(|d| d.date > from && d.date <= to)
            .map(|d| d.cents)
            .sum()
    };
    let (recent, previous) = (sum(year_ago, today), sum(two_years_ago, year_ago));
    if first.date <= year_ago && previous > 0 {
        let change = (recent - previous) as f64 / previous as f64;
        if change <= -rules.falling_share {
            alerts.push(Alert::Falling {
                last_12_months_cents: recent,
                previous_12_months_cents: previous,
                change,
            });
        }
    }
    let days_a_year = days.len() as f64 / (tenure_days as f64 / 365.0).max(1.0);
    let behaviour = if since > i64::from(rules.lost_days) {
        Behaviour::Lost
    } else if match cycle {
        Some(g) if g > 0.0 => since as f64 > rules.overdue_factor * g,
        _ => since > i64::from(rules.lapsing_days),
    } {
        Behaviour::Lapsing
    } else if tenure_days <= i64::from(rules.new_days) {
        Behaviour::New
    } else if tenure_days >= 365 * i64::from(rules.long_term_years)
        && days_a_year >= rules.long_term_days_a_year
    {
        Behaviour::LongTerm
    } else if days_a_year >= rules.medium_days_a_year {
        Behaviour::Medium
    } else {
        Behaviour::Occasional
    };
    // A lost customer is past alerting.
    if behaviour == Behaviour::Lost {
        alerts.clear();
    }
    Assessment {
        behaviour,
        stage: behaviour.stage(),
        cycle_days: cycle,
        days_since_last: Some(since),
        alerts,
    }
}

/// RFM scores, each 1–5 by quintile among the customers: recency (the more recent, the
/// higher), frequency (purchase days) and monetary (total spend). Customers who never bought
/// get none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rfm {
    pub recency: u8,
    pub frequency: u8,
    pub monetary: u8,
}

/// Scores every customer (by its purchase days) on `today`.
pub fn rfm(customers: &[&[PurchaseDay]], today: NaiveDate) -> Vec<Option<Rfm>> {
    let bought: Vec<usize> = (0..customers.len())
        .filter(|&i| !customers[i].is_empty())
        .collect();
    let recency: Vec<f64> = bought
        .iter()
        .map(|&i| -((today - customers[i].last().map_or(today, |d| d.date)).num_days() as f64))
        .collect();
    let frequency: Vec<f64> = bought.iter().map(|&i| customers[i].len() as f64).collect();
    let monetary: Vec<f64> = bought
        .iter()
        .map(|&i| customers[i].iter().map(|d| d.cents as f64).sum())
        .collect();
    let (r, f, m) = (
        quintile(&recency),
        quintile(&frequency),
        quintile(&monetary),
    );
    let mut out = vec![None; customers.len()];
    for (k, &i) in bought.iter().enumerate() {
        out[i] = Some(Rfm {
            recency: r[k],
            frequency: f[k],
            monetary: m[k],
        });
    }
    out
}

fn quintile(values: &[f64]) -> Vec<u8> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    values
        .iter()
        .map(|v| 1 + (5 * sorted.partition_point(|s| s < v) / sorted.len()) as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn days(dates: &[&str], cents: i64) -> Vec<PurchaseDay> {
        dates
            .iter()
            .map(|s| PurchaseDay { date: d(s), cents })
            .collect()
    }

    #[test]
    fn the_cycle_is_the_median_gap() {
        let h = days(
            &["2026-01-01", "2026-01-31", "2026-03-02", "2026-05-01"],
            100,
        );
        assert_eq!(purchase_cycle(&h), Some(30.0));
        assert_eq!(purchase_cycle(&h[..2]), None, "two days tell no rhythm yet");
    }

    #[test]
    fn a_customer_overdue_against_its_own_cycle_is_lapsing_with_the_reason() {
        // Buys monthly; nothing for 50 days by today: 50 / 30 > 1.5.
        let h = days(
            &[
                "2025-09-01",
                "2025-10-01",
                "2025-10-31",
                "2025-11-30",
                "2025-12-30",
                "2026-01-29",
                "2026-02-28",
            ],
            10_000,
        );
        let a = assess(&h, d("2026-04-19"), &BehaviourRules::default());
        assert_eq!(a.behaviour, Behaviour::Lapsing);
        assert_eq!(a.stage, Stage::Ending);
        assert_eq!(
            a.alerts,
            vec![Alert::Overdue {
                days_since: 50,
                typical_gap: 30.0,
                ratio: 50.0 / 30.0
            }]
        );
        // A week after its last purchase it is fine: a medium customer (7 purchase days, more
        // than 2 a year).
        let fine = assess(&h, d("2026-03-07"), &BehaviourRules::default());
        assert_eq!((fine.behaviour, fine.alerts.len()), (Behaviour::Medium, 0));
        let newcomer = assess(&h[..3], d("2025-11-07"), &BehaviourRules::default());
        assert_eq!(newcomer.behaviour, Behaviour::New);
    }

    #[test]
    fn the_groups_follow_their_rules() {
        let rules = BehaviourRules::default();
        let today = d("2026-11-22");
        assert_eq!(assess(&[], today, &rules).behaviour, Behaviour::NeverBought);
        let lost = days(&["2024-01-10", "2025-01-10"], 100);
        assert_eq!(assess(&lost, today, &rules).behaviour, Behaviour::Lost);
        // Quarterly for four years: long-term.
        let mut quarterly = Vec::new();
        let mut at = d("2022-11-01");
        while at <= d("2026-11-01") {
            quarterly.push(PurchaseDay {
                date: at,
                cents: 5000,
            });
            at = at.checked_add_months(chrono::Months::new(3)).unwrap();
        }
        assert_eq!(
            assess(&quarterly, today, &rules).behaviour,
            Behaviour::LongTerm
        );
        // Twice a year for two years: medium; once a year: occasional.
        let twice = days(
            &["2025-01-15", "2025-07-15", "2026-01-15", "2026-07-15"],
            100,
        );
        assert_eq!(assess(&twice, today, &rules).behaviour, Behaviour::Medium);
        let once = days(&["2024-09-01", "2025-09-01", "2026-09-01"], 100);
        assert_eq!(
            assess(&once, today, &rules).behaviour,
            Behaviour::Occasional
        );
    }

    #[test]
    fn a_marked_fall_in_volume_raises_an_alert() {
        // 12 monthly purchases of 100 € a year ago, then 12 of 50 €.
        let mut h = Vec::new();
        for m in 0..24u32 {
            let date = d("2024-12-01")
                .checked_add_months(chrono::Months::new(m))
                .unwrap();
            h.push(PurchaseDay {
                date,
                cents: if m < 12 { 10_000 } else { 5_000 },
            });
        }
        let a = assess(&h, d("2026-11-22"), &BehaviourRules::default());
        assert_eq!(
            a.alerts,
            vec![Alert::Falling {
                last_12_months_cents: 60_000,
                previous_12_months_cents: 120_000,
                change: -0.5
            }]
        );
    }

    #[test]
    fn rfm_scores_by_quintile() {
        let today = d("2026-11-22");
        let histories: Vec<Vec<PurchaseDay>> = (0..5)
            .map(|i| {
                (0..=i)
                    .map(|k| PurchaseDay {
                        date: d("2026-01-01")
                            .checked_add_days(Days::new(30 * (k + i) as u64))
                            .unwrap(),
                        cents: 1000 * (i + 1),
                    })
                    .collect()
            })
            .collect();
        let refs: Vec<&[PurchaseDay]> = histories.iter().map(Vec::as_slice).collect();
        let mut with_none = refs.clone();
        with_none.push(&[]);
        let scores = rfm(&with_none, today);
        assert_eq!(
            scores[0],
            Some(Rfm {
                recency: 1,
                frequency: 1,
                monetary: 1
            })
        );
        assert_eq!(
            scores[4],
            Some(Rfm {
                recency: 5,
                frequency: 5,
                monetary: 5
            })
        );
        assert_eq!(scores[5], None);
    }
}
