//! The shape of targets as stored.

use arvo_core::segments::Segment;
use arvo_core::targets::TargetOf;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A target as stored, with its customer's name and owner when it is a customer's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Target {
    pub id: i64,
    pub version: i64,
    /// `customer`, `segment` or `base`.
    pub scope: String,
    pub account_id: Option<i64>,
    pub account_name: Option<String>,
    pub account_owner: Option<String>,
    pub segment: Option<String>,
    /// `revenue`, `margin`, `customers`, `share_of_wallet` or `adherence`.
    pub metric: String,
    /// `2027` or `2027-Q1`.
    pub period: String,
    /// Hundredths of the metric's unit: cents, hundredths of a percent, hundredths of a customer.
    pub target: i64,
    pub note: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

impl Target {
    /// Whose target it is, as the domain names it; `None` for a segment this version does not
    /// know.
    pub fn of(&self) -> Option<TargetOf> {
        match (
            self.scope.as_str(),
            self.account_id,
            self.segment.as_deref(),
        ) {
            ("customer", Some(id), _) => Some(TargetOf::Customer(id)),
            ("segment", _, Some(s)) => Segment::parse(s).map(TargetOf::Segment),
            ("base", _, _) => Some(TargetOf::Base),
            _ => None,
        }
    }
}
