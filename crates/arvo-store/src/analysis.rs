//! The shapes of the value analysis's stored settings and records: cost pools, ratings and
//! segments with their history.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A cost pool as stored: its cost is yearly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPool {
    #[serde(flatten)]
    pub pool: arvo_core::profitability::CostPool,
}

/// A person's rating of one criterion for an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Rating {
    pub criterion: String,
    pub score: i64,
    pub reason: Option<String>,
    pub rated_by: String,
    pub rated_at: DateTime<Utc>,
}

/// An account's current segment and tier, and who set them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SegmentState {
    pub segment: String,
    pub tier: String,
    /// Set by hand (the rule leaves it alone).
    pub manual: bool,
    pub reason: Option<String>,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// One change of an account's segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SegmentChange {
    pub from_segment: Option<String>,
    pub to_segment: String,
    pub manual: bool,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}
