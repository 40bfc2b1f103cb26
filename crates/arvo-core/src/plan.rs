//! Account plans (asiakkuussuunnitelma): how a key account is to be developed.
//!
//! A plan has an ambition in words, **goals** (a metric with a baseline, a target and a due
//! day, e.g. share of wallet 25 % → 40 % by the end of next year), **actions** (what is done,
//! by whom and by when, and how far it is), an **encounter script** per lifecycle stage (which
//! encounters the customer gets, who takes part and what is exchanged) and a **review cadence**.
//! The adherence engine checks the review cadence and the actions' due days
//! ([`crate::care::PlanFacts`]).
//!
//! A goal's values are integers in hundredths of the metric's unit ([`crate::unit`]): cents for
//! revenue and margin, hundredths of a percent for share of wallet, hundredths for a metric of the
//! user's own. Revenue, margin and share of wallet are measured from the data; a metric of the user's
//! own carries its current value as entered.
//!
//! Here the plan as a person enters it is checked and turned into a draft the store saves;
//! every problem names its field (`goals[1].target`).

use crate::behaviour::Stage;
use crate::care::EncounterKind;
use crate::dates::parse_date;
use crate::unit::{Unit, parse_value};
use crate::validation::{Problem, ValidationErrors, bounded_text, required_text, trimmed};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest ambition, in characters.
pub const MAX_SUMMARY: usize = 4_000;
/// The longest goal name or action title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest text of an encounter script step, in characters.
pub const MAX_SCRIPT_TEXT: usize = 1_000;
/// The most goals a plan holds.
pub const MAX_GOALS: usize = 30;
/// The most actions a plan holds.
pub const MAX_ACTIONS: usize = 200;
/// The most steps an encounter script holds.
pub const MAX_SCRIPT: usize = 60;
/// The longest review cadence, in days.
pub const MAX_REVIEW_DAYS: u32 = 730;
/// The review cadence of a plan that names none: a quarter.
pub const DEFAULT_REVIEW_DAYS: u32 = 90;

crate::choice_enum! {
    /// What a goal measures.
    GoalMetric {
        ShareOfWallet => "share_of_wallet",
        Revenue => "revenue",
        Margin => "margin",
        Custom => "custom",
    }
}

impl GoalMetric {
    /// Whether Arvo measures the metric from the data (else its current value is entered).
    pub fn is_measured(self) -> bool {
        self != Self::Custom
    }

    pub fn unit(self) -> Unit {
        match self {
            Self::ShareOfWallet => Unit::Percent,
            Self::Revenue | Self::Margin => Unit::Money,
            Self::Custom => Unit::Number,
        }
    }
}

crate::choice_enum! {
    /// How far an action is.
    ActionStatus {
        Planned => "planned",
        InProgress => "in_progress",
        Done => "done",
        Cancelled => "cancelled",
    }
}

impl ActionStatus {
    /// Done or cancelled: nothing more is owed.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Cancelled)
    }
}

/// A goal as a person enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct GoalInput {
    /// The stored goal's id, to change it; left out for a new goal.
    pub id: Option<i64>,
    /// `share_of_wallet`, `revenue`, `margin` or `custom`.
    pub metric: Option<String>,
    /// What the goal is, in words; required for a custom metric.
    pub name: Option<String>,
    /// The level when the goal was set: `25 %`, `120 000 €`, `3,5`.
    pub baseline: Option<String>,
    /// The level to reach.
    pub target: Option<String>,
    /// A custom metric's current level (the others are measured).
    pub current: Option<String>,
    /// The day by which the target is to be reached.
    pub due: Option<String>,
}

/// An action as a person enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ActionInput {
    /// The stored action's id, to change it; left out for a new action.
    pub id: Option<i64>,
    pub title: Option<String>,
    /// The user who carries it out (their name); the person entering the plan when left out.
    pub owner: Option<String>,
    pub due: Option<String>,
    /// `planned` (the default), `in_progress`, `done` or `cancelled`.
    pub status: Option<String>,
}

/// A step of the encounter script as a person enters it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScriptInput {
    /// The lifecycle stage: `acquisition`, `onboarding`, `development`, `retention`, `ending`.
    pub stage: Option<String>,
    /// The encounter kind, e.g. `business_review`.
    pub kind: Option<String>,
    /// Who takes part, ours and theirs.
    pub participants: Option<String>,
    /// What is exchanged: what we bring, what we learn.
    pub exchanged: Option<String>,
}

/// An account plan as a person enters it, checked by [`PlanInput::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlanInput {
    /// The ambition: where the customer relationship is headed and why.
    pub summary: Option<String>,
    /// The plan is reviewed at least every this many days (0: no cadence; 90 when left out).
    pub review_every_days: Option<i64>,
    /// The day the plan starts; today when left out.
    pub started: Option<String>,
    pub goals: Vec<GoalInput>,
    pub actions: Vec<ActionInput>,
    pub script: Vec<ScriptInput>,
    /// The stored plan's version, to refuse saving over someone else's change.
    pub version: Option<i64>,
}

/// A checked goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalDraft {
    pub id: Option<i64>,
    pub metric: GoalMetric,
    pub name: Option<String>,
    /// Hundredths of the metric's unit.
    pub baseline: i64,
    pub target: i64,
    pub current: Option<i64>,
    pub due: Option<NaiveDate>,
}

/// A checked action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDraft {
    pub id: Option<i64>,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    pub status: ActionStatus,
}

/// A checked step of the encounter script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptStep {
    pub stage: Stage,
    pub kind: EncounterKind,
    pub participants: Option<String>,
    pub exchanged: Option<String>,
}

/// A checked plan, ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDraft {
    pub summary: Option<String>,
    pub review_every_days: u32,
    pub started: NaiveDate,
    pub goals: Vec<GoalDraft>,
    pub actions: Vec<ActionDraft>,
    pub script: Vec<ScriptStep>,
}

/// The lifecycle stages in their order.
pub const STAGES: [Stage; 5] = [
    Stage::Acquisition,
    Stage::Onboarding,
    Stage::Development,
    Stage::Retention,
    Stage::Ending,
];

fn parse_stage(text: &str) -> Result<Stage, Problem> {
    STAGES
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| Problem::Choice {
            allowed: STAGES.iter().map(|s| s.as_str().to_owned()).collect(),
        })
}

/// Reads a goal's value as hundredths of `metric`'s unit ([`crate::unit`]). Revenue and share
/// of wallet are never negative; a margin or a custom metric may be.
pub fn parse_goal_value(metric: GoalMetric, text: &str) -> Result<i64, Problem> {
    parse_value(
        metric.unit(),
        text,
        matches!(metric, GoalMetric::Margin | GoalMetric::Custom),
    )
}

/// How far a goal has come from its baseline towards its target: 0 at the baseline, 1 at the
/// target, below 0 when it went the other way and above 1 past the target. A goal to hold a
/// level (target equal to the baseline) is 1 while the level holds and 0 below it.
pub fn progress(baseline: i64, target: i64, actual: i64) -> f64 {
    if target == baseline {
        return if actual >= target { 1.0 } else { 0.0 };
    }
    // Hundredths of euros fit a float's 53 bits exactly up to about 90 trillion euros.
    #[allow(clippy::cast_precision_loss)]
    let ratio = (actual - baseline) as f64 / (target - baseline) as f64;
    ratio
}

/// When a plan's next review is due: a cadence after its last review, or after its start
/// before any review; `None` without a cadence.
pub fn next_review(
    started: NaiveDate,
    last_review: Option<NaiveDate>,
    every_days: u32,
) -> Option<NaiveDate> {
    (every_days > 0)
        .then(|| {
            last_review
                .unwrap_or(started)
                .checked_add_days(chrono::Days::new(u64::from(every_days)))
        })
        .flatten()
}

impl PlanInput {
    /// Checks every field: `me` carries out the actions that name no owner, and the plan starts
    /// `today` unless it names its day. Whether the owners are users and the ids the plan's own
    /// is the store's to check.
    pub fn validate(&self, me: &str, today: NaiveDate) -> Result<PlanDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let summary = bounded_text(&mut errors, "summary", self.summary.as_deref(), MAX_SUMMARY);
        let review_every_days = match self.review_every_days {
            None => DEFAULT_REVIEW_DAYS,
            Some(d) => match u32::try_from(d) {
                Ok(d) if d <= MAX_REVIEW_DAYS => d,
                _ => {
                    errors.add(
                        "review_every_days",
                        Problem::Between {
                            min: "0".into(),
                            max: MAX_REVIEW_DAYS.to_string(),
                        },
                    );
                    0
                }
            },
        };
        let started = match trimmed(self.started.as_deref()) {
            None => Some(today),
            Some(d) => errors.take("started", parse_date(d)),
        };
        for (field, len, max) in [
            ("goals", self.goals.len(), MAX_GOALS),
            ("actions", self.actions.len(), MAX_ACTIONS),
            ("script", self.script.len(), MAX_SCRIPT),
        ] {
            if len > max {
                errors.add(
                    field,
                    Problem::TooLarge {
                        max: u32::try_from(max).unwrap_or(u32::MAX),
                    },
                );
            }
        }
        let goals = self
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| g.validate(&mut errors, &format!("goals[{i}]")))
            .collect();
        let actions = self
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| a.validate(&mut errors, &format!("actions[{i}]"), me))
            .collect();
        let script = self
            .script
            .iter()
            .enumerate()
            .map(|(i, s)| s.validate(&mut errors, &format!("script[{i}]")))
            .collect();
        for (list, ids) in [
            ("goals", self.goals.iter().map(|g| g.id).collect::<Vec<_>>()),
            ("actions", self.actions.iter().map(|a| a.id).collect()),
        ] {
            for (i, id) in ids.iter().enumerate() {
                if id.is_some() && ids[..i].contains(id) {
                    errors.add(format!("{list}[{i}].id"), Problem::Duplicate);
                }
            }
        }
        errors.into_result(|| PlanDraft {
            summary,
            review_every_days,
            started: started.unwrap_or(today),
            goals,
            actions,
            script,
        })
    }
}

/// A required day, its problem recorded under `field`.
fn required_day(errors: &mut ValidationErrors, field: &str, text: Option<&str>) -> NaiveDate {
    match trimmed(text) {
        None => {
            errors.add(field, Problem::Required);
            NaiveDate::default()
        }
        Some(d) => errors.take(field, parse_date(d)).unwrap_or_default(),
    }
}

impl GoalInput {
    fn validate(&self, errors: &mut ValidationErrors, at: &str) -> GoalDraft {
        let metric = match trimmed(self.metric.as_deref()) {
            None => {
                errors.add(format!("{at}.metric"), Problem::Required);
                GoalMetric::Custom
            }
            Some(m) => errors
                .take(&format!("{at}.metric"), GoalMetric::parse_field(m))
                .unwrap_or(GoalMetric::Custom),
        };
        let name = if metric == GoalMetric::Custom {
            Some(required_text(
                errors,
                &format!("{at}.name"),
                self.name.as_deref(),
                MAX_TITLE,
            ))
        } else {
            bounded_text(
                errors,
                &format!("{at}.name"),
                self.name.as_deref(),
                MAX_TITLE,
            )
        };
        let mut value = |field: &str, text: Option<&str>, required: bool| {
            let field = format!("{at}.{field}");
            match trimmed(text) {
                None if required => {
                    errors.add(field, Problem::Required);
                    None
                }
                None => None,
                Some(t) => errors.take(&field, parse_goal_value(metric, t)),
            }
        };
        let baseline = value("baseline", self.baseline.as_deref(), true);
        let target = value("target", self.target.as_deref(), true);
        let current = if metric.is_measured() {
            None
        } else {
            value("current", self.current.as_deref(), false)
        };
        let due = trimmed(self.due.as_deref())
            .and_then(|d| errors.take(&format!("{at}.due"), parse_date(d)));
        GoalDraft {
            id: self.id,
            metric,
            name,
            baseline: baseline.unwrap_or_default(),
            target: target.unwrap_or_default(),
            current,
            due,
        }
    }
}

impl ActionInput {
    fn validate(&self, errors: &mut ValidationErrors, at: &str, me: &str) -> ActionDraft {
        let title = required_text(
            errors,
            &format!("{at}.title"),
            self.title.as_deref(),
            MAX_TITLE,
        );
        let due = required_day(errors, &format!("{at}.due"), self.due.as_deref());
        let status = trimmed(self.status.as_deref()).map_or(Some(ActionStatus::Planned), |s| {
            errors.take(&format!("{at}.status"), ActionStatus::parse_field(s))
        });
        ActionDraft {
            id: self.id,
            title,
            owner: trimmed(self.owner.as_deref()).unwrap_or(me).to_owned(),
            due,
            status: status.unwrap_or(ActionStatus::Planned),
        }
    }
}

impl ScriptInput {
    fn validate(&self, errors: &mut ValidationErrors, at: &str) -> ScriptStep {
        let mut choice = |field: &str, text: Option<&str>| match trimmed(text) {
            None => {
                errors.add(format!("{at}.{field}"), Problem::Required);
                None
            }
            Some(t) => Some((format!("{at}.{field}"), t.to_owned())),
        };
        let stage = choice("stage", self.stage.as_deref());
        let kind = choice("kind", self.kind.as_deref());
        let stage = stage.and_then(|(f, t)| errors.take(&f, parse_stage(&t)));
        let kind = kind.and_then(|(f, t)| errors.take(&f, EncounterKind::parse_field(&t)));
        ScriptStep {
            stage: stage.unwrap_or(Stage::Development),
            kind: kind.unwrap_or(EncounterKind::Meeting),
            participants: bounded_text(
                errors,
                &format!("{at}.participants"),
                self.participants.as_deref(),
                MAX_SCRIPT_TEXT,
            ),
            exchanged: bounded_text(
                errors,
                &format!("{at}.exchanged"),
                self.exchanged.as_deref(),
                MAX_SCRIPT_TEXT,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_plan_reads_finnish_values_and_fills_its_defaults() {
        let draft = PlanInput {
            summary: Some("  Kasvatetaan osuutta huoltopalveluissa ".into()),
            goals: vec![
                GoalInput {
                    metric: Some("share_of_wallet".into()),
                    baseline: Some("25 %".into()),
                    target: Some("40,5".into()),
                    due: Some("31.12.2027".into()),
                    ..GoalInput::default()
                },
                GoalInput {
                    metric: Some("revenue".into()),
                    baseline: Some("120 000 €".into()),
                    target: Some("150 000,50".into()),
                    current: Some("9".into()),
                    ..GoalInput::default()
                },
                GoalInput {
                    metric: Some("custom".into()),
                    name: Some("Pilotoidut tuotteet".into()),
                    baseline: Some("0".into()),
                    target: Some("3".into()),
                    current: Some("1".into()),
                    ..GoalInput::default()
                },
            ],
            actions: vec![ActionInput {
                title: Some("Esittele huoltosopimus".into()),
                due: Some("2027-02-15".into()),
                ..ActionInput::default()
            }],
            script: vec![ScriptInput {
                stage: Some("retention".into()),
                kind: Some("business_review".into()),
                participants: Some("KAM, asiakkaan talousjohtaja".into()),
                exchanged: Some("Vuoden luvut ja ensi vuoden tarpeet".into()),
            }],
            ..PlanInput::default()
        }
        .validate("Aino Virtanen", day(2026, 12, 6))
        .unwrap();
        assert_eq!(draft.review_every_days, DEFAULT_REVIEW_DAYS);
        assert_eq!(draft.started, day(2026, 12, 6));
        assert_eq!(
            draft.summary.as_deref(),
            Some("Kasvatetaan osuutta huoltopalveluissa")
        );
        assert_eq!(
            (draft.goals[0].baseline, draft.goals[0].target),
            (2_500, 4_050)
        );
        assert_eq!(draft.goals[0].due, Some(day(2027, 12, 31)));
        assert_eq!(
            (draft.goals[1].baseline, draft.goals[1].target),
            (12_000_000, 15_000_050)
        );
        // A measured metric keeps no entered current value.
        assert_eq!(draft.goals[1].current, None);
        assert_eq!(draft.goals[2].current, Some(100));
        assert_eq!(draft.actions[0].owner, "Aino Virtanen");
        assert_eq!(draft.actions[0].status, ActionStatus::Planned);
        assert_eq!(draft.script[0].stage, Stage::Retention);
        assert_eq!(draft.script[0].kind, EncounterKind::BusinessReview);
    }

    #[test]
    fn every_bad_field_of_a_plan_is_named() {
        let errors = PlanInput {
            review_every_days: Some(-5),
            started: Some("31.2.2026".into()),
            goals: vec![
                GoalInput {
                    metric: Some("happiness".into()),
                    ..GoalInput::default()
                },
                GoalInput {
                    id: Some(4),
                    metric: Some("share_of_wallet".into()),
                    baseline: Some("140 %".into()),
                    target: Some("1,234".into()),
                    due: Some("huomenna".into()),
                    ..GoalInput::default()
                },
                GoalInput {
                    id: Some(4),
                    metric: Some("revenue".into()),
                    baseline: Some("-5".into()),
                    target: Some("10,001".into()),
                    ..GoalInput::default()
                },
            ],
            actions: vec![ActionInput {
                status: Some("maybe".into()),
                due: Some("2026-13-01".into()),
                ..ActionInput::default()
            }],
            script: vec![ScriptInput {
                stage: Some("teenage".into()),
                kind: None,
                exchanged: Some("x".repeat(MAX_SCRIPT_TEXT + 1)),
                ..ScriptInput::default()
            }],
            ..PlanInput::default()
        }
        .validate("Aino", day(2026, 12, 6))
        .unwrap_err();
        for field in [
            "review_every_days",
            "started",
            "goals[0].metric",
            "goals[0].name",
            "goals[0].baseline",
            "goals[0].target",
            "goals[1].baseline",
            "goals[1].target",
            "goals[1].due",
            "goals[2].id",
            "goals[2].baseline",
            "goals[2].target",
            "actions[0].title",
            "actions[0].due",
            "actions[0].status",
            "script[0].stage",
            "script[0].kind",
            "script[0].exchanged",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        assert_eq!(errors.get("goals[1].baseline"), Some(&Problem::Percent));
        assert_eq!(
            errors.get("goals[1].target"),
            Some(&Problem::AmbiguousNumber)
        );
        assert_eq!(errors.get("goals[2].id"), Some(&Problem::Duplicate));
    }

    #[test]
    fn progress_runs_from_the_baseline_to_the_target_either_way() {
        assert!((progress(2_500, 4_000, 3_250) - 0.5).abs() < 1e-12);
        assert!((progress(2_500, 4_000, 2_000) + 1.0 / 3.0).abs() < 1e-12);
        // A goal to bring costs down: the target is below the baseline.
        assert!((progress(-1_000, 500, 500) - 1.0).abs() < 1e-12);
        assert!((progress(10_000, 5_000, 7_500) - 0.5).abs() < 1e-12);
        assert!((progress(4_000, 4_000, 4_100) - 1.0).abs() < f64::EPSILON);
        assert!(progress(4_000, 4_000, 3_900).abs() < f64::EPSILON);
    }

    proptest! {
        #[test]
        fn progress_is_zero_at_the_baseline_and_one_at_the_target(
            baseline in -1_000_000_000i64..1_000_000_000,
            target in -1_000_000_000i64..1_000_000_000,
        ) {
            prop_assert!((progress(baseline, target, target) - 1.0).abs() < 1e-9);
            if baseline != target {
                prop_assert!(progress(baseline, target, baseline).abs() < 1e-9);
            }
        }
    }
}
