//! Segmentation by current and potential value, and the value tiers.
//!
//! A customer's current value is what it brings now (its value score or margin); its potential
//! value what it could bring (its growth room). With the thresholds the user sets:
//!
//! - **retain**: current value at or above the threshold: the customers to keep and care for;
//! - **grow**: below it, but with potential at or above its threshold: worth developing;
//! - **streamline**: below both: served well and efficiently;
//! - **acquire**: not yet a buyer, with potential at or above its threshold: worth winning.
//!
//! The tiers say the same in three steps: **value** (current value high), **growth** (potential
//! high) and **standard**. The names are positive on purpose: no customer should mind hearing
//! its segment. A responsible person may set a customer's segment by hand, with a reason; the
//! rule then leaves it alone.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Retain,
    Grow,
    Streamline,
    Acquire,
}

impl Segment {
    pub const ALL: [Self; 4] = [Self::Retain, Self::Grow, Self::Streamline, Self::Acquire];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Retain => "retain",
            Self::Grow => "grow",
            Self::Streamline => "streamline",
            Self::Acquire => "acquire",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl Segment {
    /// The tier a segment set by hand carries: retain is the value tier, grow and acquire the
    /// growth tier, streamline the standard one.
    pub fn tier(self) -> Tier {
        match self {
            Self::Retain => Tier::Value,
            Self::Grow | Self::Acquire => Tier::Growth,
            Self::Streamline => Tier::Standard,
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Value,
    Growth,
    Standard,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Value => "value",
            Self::Growth => "growth",
            Self::Standard => "standard",
        }
    }

    /// The tier of a code `as_str` gives.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Value, Self::Growth, Self::Standard]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// The thresholds of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentRule {
    /// Current value at or above this is high.
    pub current_threshold: f64,
    /// Potential value at or above this is high.
    pub potential_threshold: f64,
}

/// What the rule reads of a customer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentInput {
    /// Whether the customer has ever bought.
    pub has_bought: bool,
    pub current_value: f64,
    pub potential_value: f64,
    /// A segment set by hand, which the rule keeps.
    pub manual: Option<Segment>,
}

/// The segment by the rule, or the one set by hand.
pub fn segment(rule: &SegmentRule, c: &SegmentInput) -> Segment {
    if let Some(manual) = c.manual {
        return manual;
    }
    let potential = c.potential_value >= rule.potential_threshold;
    match (
        c.has_bought,
        c.current_value >= rule.current_threshold,
        potential,
    ) {
        (false, _, true) => Segment::Acquire,
        (true, true, _) => Segment::Retain,
        (true, false, true) => Segment::Grow,
        (_, _, false) => Segment::Streamline,
    }
}

/// The tier by the same thresholds.
pub fn tier(rule: &SegmentRule, c: &SegmentInput) -> Tier {
    if c.has_bought && c.current_value >= rule.current_threshold {
        Tier::Value
    } else if c.potential_value >= rule.potential_threshold {
        Tier::Growth
    } else {
        Tier::Standard
    }
}

/// How many customers moved from each segment to each between two periods; customers in only
/// one of them count from or to `None`.
pub fn migration<K: Ord>(
    before: &BTreeMap<K, Segment>,
    after: &BTreeMap<K, Segment>,
) -> BTreeMap<(Option<Segment>, Option<Segment>), usize> {
    let mut table = BTreeMap::new();
    for (k, from) in before {
        *table
            .entry((Some(*from), after.get(k).copied()))
            .or_default() += 1;
    }
    for (k, to) in after {
        if !before.contains_key(k) {
            *table.entry((None, Some(*to))).or_default() += 1;
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: SegmentRule = SegmentRule {
        current_threshold: 3.5,
        potential_threshold: 10_000.0,
    };

    fn c(has_bought: bool, current: f64, potential: f64) -> SegmentInput {
        SegmentInput {
            has_bought,
            current_value: current,
            potential_value: potential,
            manual: None,
        }
    }

    #[test]
    fn the_rule_places_each_corner() {
        assert_eq!(segment(&RULE, &c(true, 4.0, 0.0)), Segment::Retain);
        assert_eq!(segment(&RULE, &c(true, 4.0, 50_000.0)), Segment::Retain);
        assert_eq!(segment(&RULE, &c(true, 2.0, 50_000.0)), Segment::Grow);
        assert_eq!(segment(&RULE, &c(true, 2.0, 500.0)), Segment::Streamline);
        assert_eq!(segment(&RULE, &c(false, 0.0, 50_000.0)), Segment::Acquire);
        assert_eq!(segment(&RULE, &c(false, 0.0, 0.0)), Segment::Streamline);
        // Thresholds are inclusive.
        assert_eq!(segment(&RULE, &c(true, 3.5, 0.0)), Segment::Retain);
        let mut kept = c(true, 4.0, 0.0);
        kept.manual = Some(Segment::Grow);
        assert_eq!(segment(&RULE, &kept), Segment::Grow);
        assert_eq!(tier(&RULE, &c(true, 4.0, 0.0)), Tier::Value);
        assert_eq!(tier(&RULE, &c(false, 9.0, 20_000.0)), Tier::Growth);
        assert_eq!(tier(&RULE, &c(true, 1.0, 0.0)), Tier::Standard);
        // A segment set by hand carries the tier its rule-given twin would.
        assert_eq!(Segment::Retain.tier(), Tier::Value);
        assert_eq!(Segment::Acquire.tier(), Tier::Growth);
        assert_eq!(Segment::Streamline.tier().as_str(), "standard");
    }

    #[test]
    fn the_migration_table_counts_moves() {
        let before = BTreeMap::from([(1, Segment::Grow), (2, Segment::Grow), (3, Segment::Retain)]);
        let after = BTreeMap::from([
            (1, Segment::Retain),
            (2, Segment::Grow),
            (4, Segment::Acquire),
        ]);
        let t = migration(&before, &after);
        assert_eq!(t[&(Some(Segment::Grow), Some(Segment::Retain))], 1);
        assert_eq!(t[&(Some(Segment::Grow), Some(Segment::Grow))], 1);
        assert_eq!(t[&(Some(Segment::Retain), None)], 1);
        assert_eq!(t[&(None, Some(Segment::Acquire))], 1);
        assert_eq!(t.values().sum::<usize>(), 4);
    }
}
