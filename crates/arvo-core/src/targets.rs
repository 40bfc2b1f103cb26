//! Targets: what a customer, a segment or the whole customer base is to reach in a period (a
//! calendar year or quarter): revenue, customer margin, the number of customers (in a segment,
//! or in all), share of wallet, or adherence to the care models. The actuals are measured from the
//! data; here a target as a person enters it is checked, and its progress reckoned.
//!
//! Values are integers in hundredths of their unit ([`crate::unit`]), as account plans' goals
//! are.

use crate::period::Period;
use crate::segments::Segment;
use crate::unit::{Unit, parse_value};
use crate::validation::{Problem, ValidationErrors, bounded_text, trimmed};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest note on a target, in characters.
pub const MAX_NOTE: usize = 500;

crate::choice_enum! {
    /// Whose target it is.
    TargetScope {
        Customer => "customer",
        Segment => "segment",
        Base => "base",
    }
}

crate::choice_enum! {
    /// What a target measures.
    TargetMetric {
        Revenue => "revenue",
        Margin => "margin",
        Customers => "customers",
        ShareOfWallet => "share_of_wallet",
        Adherence => "adherence",
    }
}

impl TargetMetric {
    pub fn unit(self) -> Unit {
        match self {
            Self::Revenue | Self::Margin => Unit::Money,
            Self::ShareOfWallet | Self::Adherence => Unit::Percent,
            Self::Customers => Unit::Count,
        }
    }

    /// Whether the metric adds up over the period (revenue and margin), so that part of the
    /// target is due part of the way through it; the others are levels.
    pub fn accumulates(self) -> bool {
        matches!(self, Self::Revenue | Self::Margin)
    }
}

/// A target as a person enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TargetInput {
    /// `customer`, `segment` or `base`.
    pub scope: Option<String>,
    /// The customer's account id, for a customer's target.
    pub account_id: Option<i64>,
    /// The segment (`retain`, `grow`, `streamline`, `acquire`...), for a segment's target.
    pub segment: Option<String>,
    /// `revenue`, `margin`, `customers` (not for a customer), `share_of_wallet` or `adherence`.
    pub metric: Option<String>,
    /// A year (`2027`) or a quarter (`2027-Q1`).
    pub period: Option<String>,
    /// The level to reach: `250 000 €`, `40 %`, `120`.
    pub target: Option<String>,
    pub note: Option<String>,
    /// The stored target's version, when changing one.
    pub version: Option<i64>,
}

/// Whose target it is, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetOf {
    Customer(i64),
    Segment(Segment),
    Base,
}

impl TargetOf {
    pub fn scope(self) -> TargetScope {
        match self {
            Self::Customer(_) => TargetScope::Customer,
            Self::Segment(_) => TargetScope::Segment,
            Self::Base => TargetScope::Base,
        }
    }
}

/// A checked target, ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetDraft {
    pub of: TargetOf,
    pub metric: TargetMetric,
    pub period: Period,
    /// Hundredths of the metric's unit.
    pub target: i64,
    pub note: Option<String>,
}

impl TargetInput {
    /// Checks every field, each problem named by its field.
    pub fn validate(&self) -> Result<TargetDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut required = |field: &str, value: Option<&str>| {
            present(&mut errors, field, trimmed(value).map(str::to_owned))
        };
        let scope = required("scope", self.scope.as_deref());
        let metric = required("metric", self.metric.as_deref());
        let period = required("period", self.period.as_deref());
        let target = required("target", self.target.as_deref());
        let scope = scope.and_then(|s| errors.take("scope", TargetScope::parse_field(&s)));
        let metric = metric.and_then(|m| errors.take("metric", TargetMetric::parse_field(&m)));
        let period = period.and_then(|p| errors.take("period", Period::parse_calendar(&p)));
        let of = match scope {
            Some(TargetScope::Customer) => {
                present(&mut errors, "account_id", self.account_id).map(TargetOf::Customer)
            }
            Some(TargetScope::Segment) => {
                present(&mut errors, "segment", trimmed(self.segment.as_deref()))
                    .and_then(|s| errors.take("segment", parse_segment(s)))
                    .map(TargetOf::Segment)
            }
            Some(TargetScope::Base) => Some(TargetOf::Base),
            None => None,
        };
        if matches!(
            (scope, metric),
            (Some(TargetScope::Customer), Some(TargetMetric::Customers))
        ) {
            errors.add(
                "metric",
                Problem::Choice {
                    allowed: TargetMetric::ALL
                        .iter()
                        .filter(|m| **m != TargetMetric::Customers)
                        .map(|m| m.as_str().to_owned())
                        .collect(),
                },
            );
        }
        let value = match (metric, target) {
            (Some(m), Some(t)) => errors.take(
                "target",
                parse_value(m.unit(), &t, m == TargetMetric::Margin),
            ),
            _ => None,
        };
        let note = bounded_text(&mut errors, "note", self.note.as_deref(), MAX_NOTE);
        match (of, metric, period, value) {
            (Some(of), Some(metric), Some(period), Some(target)) if errors.is_empty() => {
                Ok(TargetDraft {
                    of,
                    metric,
                    period,
                    target,
                    note,
                })
            }
            _ => Err(errors),
        }
    }
}

/// `value`, or a `Required` problem recorded under `field`.
fn present<T>(errors: &mut ValidationErrors, field: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        errors.add(field, Problem::Required);
    }
    value
}

fn parse_segment(text: &str) -> Result<Segment, Problem> {
    Segment::parse(text).ok_or_else(|| Problem::Choice {
        allowed: Segment::ALL.iter().map(|x| x.as_str().into()).collect(),
    })
}

/// How far the actual is of the target: 1 when reached (a target of zero is reached by anything
/// not below it).
pub fn attainment(target: i64, actual: i64) -> f64 {
    if target == 0 {
        return if actual >= 0 { 1.0 } else { 0.0 };
    }
    // Hundredths of euros fit a float's 53 bits exactly up to about 90 trillion euros.
    #[allow(clippy::cast_precision_loss)]
    let ratio = actual as f64 / target as f64;
    ratio
}

/// The share of `period` gone by at the end of `today`, 0–1: how much of an accumulating target
/// is due by now.
pub fn elapsed(period: Period, today: NaiveDate) -> f64 {
    let (from, to) = period.range();
    let days = (to - from).num_days() + 1;
    let gone = ((today - from).num_days() + 1).clamp(0, days);
    #[allow(clippy::cast_precision_loss)]
    let share = gone as f64 / days as f64;
    share
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn targets_of_each_scope_read_finnish_values() {
        let draft = TargetInput {
            scope: Some("segment".into()),
            segment: Some("retain".into()),
            metric: Some("customers".into()),
            period: Some("2027".into()),
            target: Some("120".into()),
            ..TargetInput::default()
        }
        .validate()
        .unwrap();
        assert_eq!(draft.of, TargetOf::Segment(Segment::Retain));
        assert_eq!(draft.target, 12_000);
        assert_eq!(draft.period, Period::Year { year: 2027 });
        let draft = TargetInput {
            scope: Some("customer".into()),
            account_id: Some(7),
            metric: Some("margin".into()),
            period: Some("2027-Q2".into()),
            target: Some("-1 500,50 €".into()),
            ..TargetInput::default()
        }
        .validate()
        .unwrap();
        assert_eq!(draft.of, TargetOf::Customer(7));
        assert_eq!(draft.target, -150_050);
        let draft = TargetInput {
            scope: Some("base".into()),
            metric: Some("adherence".into()),
            period: Some("2027".into()),
            target: Some("85 %".into()),
            ..TargetInput::default()
        }
        .validate()
        .unwrap();
        assert_eq!((draft.of, draft.target), (TargetOf::Base, 8_500));
    }

    #[test]
    fn every_bad_field_of_a_target_is_named() {
        let errors = TargetInput::default().validate().unwrap_err();
        for field in ["scope", "metric", "period", "target"] {
            assert_eq!(errors.get(field), Some(&Problem::Required), "{field}");
        }
        let errors = TargetInput {
            scope: Some("customer".into()),
            metric: Some("customers".into()),
            period: Some("ensi vuonna".into()),
            target: Some("12,5".into()),
            note: Some("x".repeat(MAX_NOTE + 1)),
            ..TargetInput::default()
        }
        .validate()
        .unwrap_err();
        for field in ["account_id", "metric", "period", "target", "note"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        let errors = TargetInput {
            scope: Some("segment".into()),
            segment: Some("vip".into()),
            metric: Some("revenue".into()),
            period: Some("2027-Q5".into()),
            target: Some("-5".into()),
            ..TargetInput::default()
        }
        .validate()
        .unwrap_err();
        for field in ["segment", "period", "target"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        assert_eq!(errors.get("target"), Some(&Problem::NotNegative));
    }

    #[test]
    fn attainment_and_the_share_of_the_period_gone_by() {
        assert!((attainment(10_000, 7_500) - 0.75).abs() < 1e-12);
        assert!((attainment(0, 0) - 1.0).abs() < f64::EPSILON);
        let year = Period::Year { year: 2026 };
        assert!(elapsed(year, day(2025, 12, 31)).abs() < f64::EPSILON);
        assert!((elapsed(year, day(2026, 12, 31)) - 1.0).abs() < f64::EPSILON);
        assert!((elapsed(year, day(2027, 3, 1)) - 1.0).abs() < f64::EPSILON);
        let q = Period::Quarter {
            year: 2026,
            quarter: 1,
        };
        assert!((elapsed(q, day(2026, 1, 1)) - 1.0 / 90.0).abs() < 1e-12);
    }

    proptest! {
        #[test]
        fn the_share_gone_by_never_falls_as_the_days_pass(offset in 0i64..800) {
            let year = Period::Year { year: 2026 };
            let a = day(2025, 12, 1) + chrono::Duration::days(offset);
            let b = a + chrono::Duration::days(1);
            prop_assert!(elapsed(year, a) <= elapsed(year, b));
            prop_assert!((0.0..=1.0).contains(&elapsed(year, b)));
        }
    }
}
