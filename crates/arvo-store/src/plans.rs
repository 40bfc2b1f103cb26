//! The shapes of account plans as stored: the plan of an account with its goals, actions and
//! encounter script, and what the adherence engine reads of every plan.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A goal as stored; its values in hundredths of its metric's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Goal {
    pub id: i64,
    /// `share_of_wallet`, `revenue`, `margin` or `custom`.
    pub metric: String,
    pub name: Option<String>,
    /// Hundredths of the metric's unit: cents, hundredths of a percent, hundredths.
    pub baseline: i64,
    pub target: i64,
    /// A custom metric's current level, as entered.
    pub current: Option<i64>,
    pub due: Option<NaiveDate>,
}

/// An action as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PlannedAction {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    /// `planned`, `in_progress`, `done` or `cancelled`.
    pub status: String,
    /// The day it was done or cancelled.
    pub closed_on: Option<NaiveDate>,
}

/// A step of the encounter script as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ScriptRow {
    /// The lifecycle stage, e.g. `retention`.
    pub stage: String,
    /// The encounter kind, e.g. `business_review`.
    pub kind: String,
    pub participants: Option<String>,
    pub exchanged: Option<String>,
}

/// An account plan as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Plan {
    pub account_id: i64,
    pub account_name: String,
    pub version: i64,
    pub summary: Option<String>,
    /// Reviewed at least every this many days (0: no cadence).
    pub review_every_days: i64,
    pub started: NaiveDate,
    /// The last review recorded on the plan (a business review with the customer counts too).
    pub reviewed_on: Option<NaiveDate>,
    pub reviewed_by: Option<String>,
    pub goals: Vec<Goal>,
    pub actions: Vec<PlannedAction>,
    pub script: Vec<ScriptRow>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// One plan in a list of plans: its account, owner, review and open actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PlanSummary {
    pub account_id: i64,
    pub account_name: String,
    pub owner: Option<String>,
    pub review_every_days: i64,
    pub started: NaiveDate,
    /// The last review recorded on the plan.
    pub reviewed_on: Option<NaiveDate>,
    /// The latest business review with the customer up to the day asked about.
    pub last_business_review: Option<NaiveDate>,
    /// Actions neither done nor cancelled.
    pub open_actions: i64,
    /// The earliest due day of those.
    pub next_action_due: Option<NaiveDate>,
    pub goals: i64,
}

/// An open action of a plan, with its account, for the lists of what people owe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DueAction {
    pub id: i64,
    pub account_id: i64,
    pub account_name: String,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    /// `planned` or `in_progress`.
    pub status: String,
}
