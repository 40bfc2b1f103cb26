//! Care models and the rules of the adherence engine.
//!
//! A **care model** is the planned way a segment (and optionally one of its tiers) is served: a
//! list of requirements, each an encounter of some kinds, through some channels, at least every
//! so many days, by a responsible role, perhaps automated (e.g. retain: a business review every
//! 90 days and any contact every 30; grow: an offer every 60; streamline: a digital contact
//! every 90 days and a yearly survey, both automated).
//!
//! The engine compares each customer's encounters with its model, its account plan (a review
//! cadence and actions with due dates) and its passivation alert, and turns every shortfall into
//! a [`Gap`]: what is missing, since when, how late, and the step it proposes. A gap carries a
//! stable key, the same from day to day until the shortfall is met, so that a person's decision
//! on it holds: a dismissed gap is not proposed again, a postponed one comes back on its day.
//! Adherence is the share of a customer's requirements met on time; [`Adherence`] values add up
//! per owner, per segment or over the whole base, and evaluated at past days they give the
//! trend.
//!
//! Everything is a function of the facts and of "today": encounters after today do not count,
//! so the same functions answer for any past day.

use crate::behaviour::Alert;
use crate::segments::{Segment, Tier};
use crate::validation::{Problem, ValidationErrors};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

crate::choice_enum! {
    /// What kind of encounter took place.
    EncounterKind {
        Call => "call",
        Meeting => "meeting",
        Visit => "visit",
        Email => "email",
        Event => "event",
        Delivery => "delivery",
        BusinessReview => "business_review",
        Offer => "offer",
        Survey => "survey",
        Newsletter => "newsletter",
    }
}

crate::choice_enum! {
    /// How an encounter reached the customer.
    EncounterChannel {
        InPerson => "in_person",
        Phone => "phone",
        Video => "video",
        Email => "email",
        Digital => "digital",
    }
}

crate::choice_enum! {
    /// Who answers for a requirement being met.
    ResponsibleRole {
        Owner => "owner",
        Manager => "manager",
        Marketing => "marketing",
    }
}

impl EncounterKind {
    /// The channel an encounter of this kind usually takes.
    pub fn usual_channel(self) -> EncounterChannel {
        match self {
            Self::Call => EncounterChannel::Phone,
            Self::Meeting | Self::Visit | Self::Event | Self::Delivery | Self::BusinessReview => {
                EncounterChannel::InPerson
            }
            Self::Email | Self::Offer => EncounterChannel::Email,
            Self::Survey | Self::Newsletter => EncounterChannel::Digital,
        }
    }
}

/// One requirement of a care model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Requirement {
    /// Unique within its model, e.g. `review`; a gap is known by it.
    pub key: String,
    /// What people call it, e.g. "Business review".
    pub name: String,
    /// The kinds of encounter that meet it; none listed means any kind.
    #[serde(default)]
    pub kinds: Vec<EncounterKind>,
    /// The channels through which it is met; none listed means any channel.
    #[serde(default)]
    pub channels: Vec<EncounterChannel>,
    /// At least one such encounter every this many days.
    pub every_days: u32,
    pub role: ResponsibleRole,
    /// Met by automation (a newsletter, a survey sent by the system) rather than by a person.
    #[serde(default)]
    pub automated: bool,
}

impl Requirement {
    /// A requirement of the given kinds and channels (empty: any) every `every_days` days.
    pub fn new(
        key: &str,
        name: &str,
        kinds: &[EncounterKind],
        channels: &[EncounterChannel],
        every_days: u32,
        role: ResponsibleRole,
        automated: bool,
    ) -> Self {
        Self {
            key: key.into(),
            name: name.into(),
            kinds: kinds.to_vec(),
            channels: channels.to_vec(),
            every_days,
            role,
            automated,
        }
    }

    /// Whether an encounter meets the requirement.
    pub fn is_met_by(&self, e: &EncounterFact) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&e.kind))
            && (self.channels.is_empty() || self.channels.contains(&e.channel))
    }

    /// The step that would meet it: its first kind through its first channel (or the kind's
    /// usual one). When any kind does, the kind that suits the first channel: a call when any
    /// channel does.
    pub fn step(&self) -> Step {
        let kind = self
            .kinds
            .first()
            .copied()
            .unwrap_or_else(|| match self.channels.first() {
                None | Some(EncounterChannel::Phone) => EncounterKind::Call,
                Some(EncounterChannel::InPerson) => EncounterKind::Visit,
                Some(EncounterChannel::Video) => EncounterKind::Meeting,
                Some(EncounterChannel::Email) => EncounterKind::Email,
                Some(EncounterChannel::Digital) => EncounterKind::Newsletter,
            });
        let channel = self
            .channels
            .first()
            .copied()
            .unwrap_or_else(|| kind.usual_channel());
        Step::Encounter { kind, channel }
    }
}

/// The care model of a segment, or of one tier of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CareModel {
    pub segment: Segment,
    /// When set, the model serves only this tier of the segment and goes before the segment's
    /// model without a tier.
    #[serde(default)]
    pub tier: Option<Tier>,
    pub requirements: Vec<Requirement>,
}

/// The longest cadence a requirement may have: ten years.
pub const MAX_EVERY_DAYS: u32 = 3_650;

/// The longest name of a requirement.
const MAX_NAME: usize = 100;

/// Checks a set of care models: at most one per segment and tier; in each, requirements with a
/// name, a unique key of lower-case letters, digits and `_`, and a cadence of 1 to 3,650 days.
/// Errors name the field as `models[i].requirements[j].every_days`.
pub fn validate(models: &[CareModel]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut seen = HashSet::new();
    for (i, model) in models.iter().enumerate() {
        if !seen.insert((model.segment, model.tier)) {
            errors.add(format!("models[{i}].segment"), Problem::Duplicate);
        }
        let mut keys = HashSet::new();
        for (j, r) in model.requirements.iter().enumerate() {
            let field = |name: &str| format!("models[{i}].requirements[{j}].{name}");
            let key_ok = !r.key.is_empty()
                && r.key.len() <= 40
                && r.key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !key_ok {
                errors.add(field("key"), Problem::Key);
            } else if !keys.insert(r.key.as_str()) {
                errors.add(field("key"), Problem::Duplicate);
            }
            let name = r.name.trim();
            if name.is_empty() {
                errors.add(field("name"), Problem::Required);
            } else if name.chars().count() > MAX_NAME {
                errors.add(field("name"), Problem::TooLong { max: MAX_NAME });
            }
            if !(1..=MAX_EVERY_DAYS).contains(&r.every_days) {
                errors.add(
                    field("every_days"),
                    Problem::Between {
                        min: "1".into(),
                        max: MAX_EVERY_DAYS.to_string(),
                    },
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The model that serves a customer: its segment's model for its tier, else its segment's model
/// without a tier.
pub fn model_for(models: &[CareModel], segment: Segment, tier: Tier) -> Option<&CareModel> {
    models
        .iter()
        .find(|m| m.segment == segment && m.tier == Some(tier))
        .or_else(|| {
            models
                .iter()
                .find(|m| m.segment == segment && m.tier.is_none())
        })
}

/// A sensible starting set: the retain segment meets its customers in a business review every
/// quarter and keeps in touch monthly; grow makes an offer every two months and keeps in touch
/// every six weeks; streamline is served digitally and automatically (a newsletter a quarter, a
/// survey a year); acquire is contacted every two months.
pub fn default_models() -> Vec<CareModel> {
    use EncounterChannel as Ch;
    use EncounterKind as K;
    use ResponsibleRole::{Marketing, Owner};
    vec![
        CareModel {
            segment: Segment::Retain,
            tier: None,
            requirements: vec![
                Requirement::new(
                    "review",
                    "Business review",
                    &[K::BusinessReview],
                    &[],
                    90,
                    Owner,
                    false,
                ),
                Requirement::new("contact", "Contact", &[], &[], 30, Owner, false),
            ],
        },
        CareModel {
            segment: Segment::Grow,
            tier: None,
            requirements: vec![
                Requirement::new("offer", "Offer", &[K::Offer], &[], 60, Owner, false),
                Requirement::new("contact", "Contact", &[], &[], 45, Owner, false),
            ],
        },
        CareModel {
            segment: Segment::Streamline,
            tier: None,
            requirements: vec![
                Requirement::new(
                    "digital",
                    "Digital contact",
                    &[],
                    &[Ch::Digital, Ch::Email],
                    90,
                    Marketing,
                    true,
                ),
                Requirement::new(
                    "survey",
                    "Customer survey",
                    &[K::Survey],
                    &[],
                    365,
                    Marketing,
                    true,
                ),
            ],
        },
        CareModel {
            segment: Segment::Acquire,
            tier: None,
            requirements: vec![Requirement::new(
                "contact",
                "Sales contact",
                &[K::Call, K::Meeting, K::Visit],
                &[],
                60,
                Owner,
                false,
            )],
        },
    ]
}

/// An encounter as the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncounterFact {
    pub date: NaiveDate,
    pub kind: EncounterKind,
    pub channel: EncounterChannel,
}

/// An account plan as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFacts {
    /// The plan is reviewed at least every this many days (0: no review cadence).
    pub review_every_days: u32,
    /// When the plan was made, from which the first review counts.
    pub started: NaiveDate,
    pub last_review: Option<NaiveDate>,
    pub actions: Vec<PlanAction>,
}

impl PlanFacts {
    /// The plan's last review by `today`: the later of the review recorded on the plan and the
    /// latest business review with the customer (where a plan is gone through with them).
    pub fn last_review(&self, encounters: &[EncounterFact], today: NaiveDate) -> Option<NaiveDate> {
        encounters
            .iter()
            .filter(|e| e.kind == EncounterKind::BusinessReview)
            .map(|e| e.date)
            .chain(self.last_review)
            .filter(|d| *d <= today)
            .max()
    }
}

/// An action of an account plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanAction {
    pub id: i64,
    pub title: String,
    pub due: NaiveDate,
    pub done: bool,
}

/// Everything the engine knows of one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct CareFacts<'a> {
    pub account_id: i64,
    pub segment: Segment,
    pub tier: Tier,
    /// The day its care starts counting (e.g. when it entered its segment): a requirement never
    /// met is due one cadence after it.
    pub counting_from: NaiveDate,
    /// Its encounters, in any order.
    pub encounters: &'a [EncounterFact],
    pub plan: Option<&'a PlanFacts>,
    /// Its passivation alert of today, if any.
    pub alert: Option<&'a Alert>,
}

/// What a gap proposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// An encounter of this kind through this channel.
    Encounter {
        kind: EncounterKind,
        channel: EncounterChannel,
    },
    /// Carrying out an action of the account plan.
    PlanAction { action_id: i64, title: String },
}

/// What falls short.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum GapKind {
    /// A care-model requirement not met within its cadence.
    Requirement {
        /// The requirement's key in its model.
        requirement: String,
        name: String,
        segment: Segment,
        every_days: u32,
        /// The last encounter that met it, if any.
        last: Option<NaiveDate>,
        automated: bool,
    },
    /// The account plan's review is late.
    PlanReview {
        every_days: u32,
        last: Option<NaiveDate>,
    },
    /// An action of the account plan is past its due date and not done.
    PlanAction { action_id: i64, title: String },
    /// The customer buys less or later than its own rhythm.
    Passivation {
        #[schema(value_type = Object)]
        alert: Alert,
    },
}

/// One shortfall of one customer, with the step it proposes.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Gap {
    pub account_id: i64,
    /// Stable while the shortfall lasts: the same from day to day until it is met, and another
    /// for the next shortfall. Decisions are kept by it.
    pub key: String,
    #[serde(flatten)]
    pub kind: GapKind,
    /// The day it fell (or falls) due.
    pub due: NaiveDate,
    /// Days past due on the day evaluated (0 on the day itself).
    pub days_overdue: i64,
    /// Whose step it is.
    pub role: ResponsibleRole,
    pub proposed: Step,
}

/// A person's decision on a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Not proposed again for this gap.
    Dismissed,
    /// Proposed again from this day on.
    PostponedUntil(NaiveDate),
    /// Accepted as a task: not proposed again for this gap.
    Accepted,
}

/// The decisions taken, by account and gap key.
pub type Decisions = HashMap<(i64, String), Decision>;

fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The key of the gap of a plan action past its due day.
pub fn plan_action_key(action_id: i64) -> String {
    format!("plan_action:{action_id}")
}

/// The plan action a gap key names, if it names one.
pub fn plan_action_of(gap_key: &str) -> Option<i64> {
    gap_key.strip_prefix("plan_action:")?.parse().ok()
}

/// The customer's gaps on `today`, most overdue first (ties in the model's order). Encounters
/// and reviews after `today` do not count.
pub fn gaps(models: &[CareModel], facts: &CareFacts, today: NaiveDate) -> Vec<Gap> {
    let mut out = Vec::new();
    if let Some(model) = model_for(models, facts.segment, facts.tier) {
        for r in &model.requirements {
            let last = facts
                .encounters
                .iter()
                .filter(|e| e.date <= today && r.is_met_by(e))
                .map(|e| e.date)
                .max();
            let from = last.unwrap_or(facts.counting_from);
            let due = add_days(from, r.every_days);
            if due < today {
                out.push(Gap {
                    account_id: facts.account_id,
                    key: format!("care:{}:{}", r.key, from),
                    kind: GapKind::Requirement {
                        requirement: r.key.clone(),
                        name: r.name.clone(),
                        segment: model.segment,
                        every_days: r.every_days,
                        last,
                        automated: r.automated,
                    },
                    due,
                    days_overdue: (today - due).num_days(),
                    role: r.role,
                    proposed: r.step(),
                });
            }
        }
    }
    if let Some(plan) = facts.plan {
        let last = plan.last_review(facts.encounters, today);
        let from = last.unwrap_or(plan.started);
        let due = add_days(from, plan.review_every_days);
        if plan.review_every_days > 0 && due < today {
            out.push(Gap {
                account_id: facts.account_id,
                key: format!("plan_review:{from}"),
                kind: GapKind::PlanReview {
                    every_days: plan.review_every_days,
                    last,
                },
                due,
                days_overdue: (today - due).num_days(),
                role: ResponsibleRole::Owner,
                proposed: Step::Encounter {
                    kind: EncounterKind::BusinessReview,
                    channel: EncounterChannel::InPerson,
                },
            });
        }
        for a in plan.actions.iter().filter(|a| !a.done && a.due < today) {
            out.push(Gap {
                account_id: facts.account_id,
                key: plan_action_key(a.id),
                kind: GapKind::PlanAction {
                    action_id: a.id,
                    title: a.title.clone(),
                },
                due: a.due,
                days_overdue: (today - a.due).num_days(),
                role: ResponsibleRole::Owner,
                proposed: Step::PlanAction {
                    action_id: a.id,
                    title: a.title.clone(),
                },
            });
        }
    }
    if let Some(alert) = facts.alert {
        let (key, due) = match alert {
            // The last purchase's day stays the same while the customer does not buy.
            Alert::Overdue { days_since, .. } => {
                let last = today - chrono::Duration::days(*days_since);
                (format!("passivation:overdue:{last}"), today)
            }
            // A fall is judged on twelve-month windows: one decision holds for the quarter.
            Alert::Falling { .. } => (
                format!(
                    "passivation:falling:{}-Q{}",
                    today.year(),
                    today.month0() / 3 + 1
                ),
                today,
            ),
        };
        out.push(Gap {
            account_id: facts.account_id,
            key,
            kind: GapKind::Passivation { alert: *alert },
            due,
            days_overdue: 0,
            role: ResponsibleRole::Owner,
            proposed: Step::Encounter {
                kind: EncounterKind::Call,
                channel: EncounterChannel::Phone,
            },
        });
    }
    // Stable: equally late gaps keep the model's order.
    out.sort_by_key(|g| std::cmp::Reverse(g.days_overdue));
    out
}

/// The suggested actions of a base on `today`: every customer's gaps that no decision holds
/// back, most overdue first. A dismissed or accepted gap is not proposed again; a postponed one
/// is, from its day on.
pub fn suggestions(
    models: &[CareModel],
    customers: &[CareFacts],
    decisions: &Decisions,
    today: NaiveDate,
) -> Vec<Gap> {
    let mut out: Vec<Gap> = customers
        .iter()
        .flat_map(|c| gaps(models, c, today))
        .filter(|g| match decisions.get(&(g.account_id, g.key.clone())) {
            None => true,
            Some(Decision::PostponedUntil(day)) => *day <= today,
            Some(Decision::Dismissed | Decision::Accepted) => false,
        })
        .collect();
    out.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.account_id.cmp(&b.account_id))
    });
    out
}

/// Requirements met on time out of those required: a customer's, or summed over many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Adherence {
    pub required: u32,
    pub met: u32,
}

impl Adherence {
    /// The share met, 0–1; `None` when nothing is required.
    pub fn ratio(self) -> Option<f64> {
        (self.required > 0).then(|| f64::from(self.met) / f64::from(self.required))
    }
}

impl std::ops::Add for Adherence {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self {
            required: self.required + other.required,
            met: self.met + other.met,
        }
    }
}

impl std::iter::Sum for Adherence {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::default(), |a, b| a + b)
    }
}

/// A customer's adherence on `today`: its model's requirements and its plan's review cadence,
/// each met when it is not overdue. Plan actions and passivation alerts are not part of it:
/// they are about the customer, not about its care. Judged as [`gaps`] judges lateness, without
/// building the gaps (the trend evaluates every customer on many days).
pub fn adherence(models: &[CareModel], facts: &CareFacts, today: NaiveDate) -> Adherence {
    let mut a = Adherence::default();
    let mut count = |from: NaiveDate, every_days: u32| {
        a.required += 1;
        a.met += u32::from(add_days(from, every_days) >= today);
    };
    if let Some(model) = model_for(models, facts.segment, facts.tier) {
        for r in &model.requirements {
            let last = facts
                .encounters
                .iter()
                .filter(|e| e.date <= today && r.is_met_by(e))
                .map(|e| e.date)
                .max();
            count(last.unwrap_or(facts.counting_from), r.every_days);
        }
    }
    if let Some(plan) = facts.plan.filter(|p| p.review_every_days > 0) {
        let last = plan.last_review(facts.encounters, today);
        count(last.unwrap_or(plan.started), plan.review_every_days);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn met(date: &str, kind: EncounterKind) -> EncounterFact {
        EncounterFact {
            date: d(date),
            kind,
            channel: kind.usual_channel(),
        }
    }

    fn retain(encounters: &[EncounterFact]) -> CareFacts<'_> {
        CareFacts {
            account_id: 7,
            segment: Segment::Retain,
            tier: Tier::Value,
            counting_from: d("2026-01-01"),
            encounters,
            plan: None,
            alert: None,
        }
    }

    #[test]
    fn a_customer_cared_for_on_time_has_no_gaps_and_full_adherence() {
        let models = default_models();
        let today = d("2026-12-06");
        let e = [
            met("2026-11-20", EncounterKind::Call),
            met("2026-10-01", EncounterKind::BusinessReview),
        ];
        let facts = retain(&e);
        assert!(gaps(&models, &facts, today).is_empty());
        assert_eq!(
            adherence(&models, &facts, today),
            Adherence {
                required: 2,
                met: 2
            }
        );
    }

    #[test]
    fn no_contact_for_47_days_under_a_30_day_cadence_is_17_days_late() {
        let models = default_models();
        let today = d("2026-12-06");
        // The last contact, a business review, was 47 days ago: it meets the quarterly review
        // but not the monthly contact.
        let e = [met("2026-10-20", EncounterKind::BusinessReview)];
        let facts = retain(&e);
        let found = gaps(&models, &facts, today);
        assert_eq!(found.len(), 1, "{found:?}");
        let g = &found[0];
        assert_eq!(g.key, "care:contact:2026-10-20");
        assert_eq!((g.due, g.days_overdue), (d("2026-11-19"), 17));
        assert_eq!(
            g.kind,
            GapKind::Requirement {
                requirement: "contact".into(),
                name: "Contact".into(),
                segment: Segment::Retain,
                every_days: 30,
                last: Some(d("2026-10-20")),
                automated: false,
            }
        );
        assert_eq!(
            g.proposed,
            Step::Encounter {
                kind: EncounterKind::Call,
                channel: EncounterChannel::Phone
            }
        );
        assert_eq!(adherence(&models, &facts, today).ratio(), Some(0.5));
        // On its due day it is not late yet.
        assert!(gaps(&models, &facts, d("2026-11-19")).is_empty());
    }

    #[test]
    fn encounters_after_today_and_of_other_kinds_do_not_count() {
        let models = default_models();
        let e = [
            met("2026-12-10", EncounterKind::BusinessReview),
            met("2026-11-30", EncounterKind::Call),
        ];
        let facts = retain(&e);
        let found = gaps(&models, &facts, d("2026-12-06"));
        // The review after today does not count, and a call is no review: due 90 days after
        // the care started counting.
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key, "care:review:2026-01-01");
        assert_eq!(found[0].due, d("2026-04-01"));
    }

    #[test]
    fn channels_restrict_what_meets_a_requirement_and_tiers_choose_their_own_model() {
        let mut models = default_models();
        let streamline = CareFacts {
            account_id: 3,
            segment: Segment::Streamline,
            tier: Tier::Standard,
            counting_from: d("2026-01-01"),
            encounters: &[],
            plan: None,
            alert: None,
        };
        let visit = [met("2026-11-01", EncounterKind::Visit)];
        let newsletter = [met("2026-11-01", EncounterKind::Newsletter)];
        let today = d("2026-12-06");
        let keys = |models: &[CareModel], f: &CareFacts| -> Vec<String> {
            gaps(models, f, today).into_iter().map(|g| g.key).collect()
        };
        // A visit in person is no digital contact; a newsletter is.
        let visited = CareFacts {
            encounters: &visit,
            ..streamline.clone()
        };
        assert!(keys(&models, &visited).contains(&"care:digital:2026-01-01".to_string()));
        let mailed = CareFacts {
            encounters: &newsletter,
            ..streamline.clone()
        };
        assert!(
            !keys(&models, &mailed)
                .iter()
                .any(|k| k.starts_with("care:digital"))
        );
        // A model for the standard tier goes before the segment's.
        models.push(CareModel {
            segment: Segment::Streamline,
            tier: Some(Tier::Standard),
            requirements: vec![Requirement::new(
                "yearly",
                "Yearly call",
                &[EncounterKind::Call],
                &[],
                365,
                ResponsibleRole::Owner,
                false,
            )],
        });
        assert!(keys(&models, &mailed).is_empty());
        assert!(validate(&models).is_ok());
    }

    #[test]
    fn plan_reviews_actions_and_passivation_become_gaps() {
        let models = default_models();
        let today = d("2026-12-06");
        let plan = PlanFacts {
            review_every_days: 60,
            started: d("2026-06-01"),
            last_review: Some(d("2026-09-01")),
            actions: vec![
                PlanAction {
                    id: 11,
                    title: "Present the new range".into(),
                    due: d("2026-11-30"),
                    done: false,
                },
                PlanAction {
                    id: 12,
                    title: "Agree the delivery terms".into(),
                    due: d("2026-11-01"),
                    done: true,
                },
                PlanAction {
                    id: 13,
                    title: "Visit the new plant".into(),
                    due: d("2026-12-20"),
                    done: false,
                },
            ],
        };
        let alert = Alert::Overdue {
            days_since: 80,
            typical_gap: 30.0,
            ratio: 80.0 / 30.0,
        };
        let e = [
            met("2026-12-01", EncounterKind::Call),
            // A business review with the customer reviews the plan too.
            met("2026-09-20", EncounterKind::BusinessReview),
        ];
        let facts = CareFacts {
            plan: Some(&plan),
            alert: Some(&alert),
            ..retain(&e)
        };
        let found = gaps(&models, &facts, today);
        let keys: Vec<&str> = found.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "plan_review:2026-09-20",
                "plan_action:11",
                "passivation:overdue:2026-09-17"
            ]
        );
        assert_eq!(found[0].days_overdue, 17);
        // A review recorded on the plan since then puts it back on time.
        let reviewed = PlanFacts {
            last_review: Some(d("2026-11-15")),
            ..plan.clone()
        };
        let facts_reviewed = CareFacts {
            plan: Some(&reviewed),
            ..facts.clone()
        };
        assert!(
            !gaps(&models, &facts_reviewed, today)
                .iter()
                .any(|g| g.key.starts_with("plan_review"))
        );
        // The passivation gap keeps its key from day to day while the customer does not buy.
        let tomorrow_alert = Alert::Overdue {
            days_since: 81,
            typical_gap: 30.0,
            ratio: 81.0 / 30.0,
        };
        let tomorrow = CareFacts {
            alert: Some(&tomorrow_alert),
            ..facts.clone()
        };
        let next = gaps(&models, &tomorrow, d("2026-12-07"));
        assert!(
            next.iter()
                .any(|g| g.key == "passivation:overdue:2026-09-17")
        );
        // The review cadence counts in adherence; actions and alerts do not.
        assert_eq!(
            adherence(&models, &facts, today),
            Adherence {
                required: 3,
                met: 2
            }
        );
    }

    #[test]
    fn decisions_hold_gaps_back_until_their_day_or_for_good() {
        let models = default_models();
        let today = d("2026-12-06");
        let e = [met("2026-10-20", EncounterKind::BusinessReview)];
        let other = [met("2026-08-01", EncounterKind::Call)];
        let customers = [
            retain(&e),
            CareFacts {
                account_id: 8,
                ..retain(&other)
            },
        ];
        let all = suggestions(&models, &customers, &Decisions::new(), today);
        // Account 8: never a review and no contact since August; account 7: contact only. Most
        // overdue first.
        let listed: Vec<(i64, &str)> = all.iter().map(|g| (g.account_id, g.key.as_str())).collect();
        assert_eq!(
            listed,
            [
                (8, "care:review:2026-01-01"),
                (8, "care:contact:2026-08-01"),
                (7, "care:contact:2026-10-20"),
            ]
        );
        let mut decisions = Decisions::new();
        decisions.insert((7, "care:contact:2026-10-20".into()), Decision::Dismissed);
        decisions.insert(
            (8, "care:review:2026-01-01".into()),
            Decision::PostponedUntil(d("2026-12-10")),
        );
        decisions.insert((8, "care:contact:2026-08-01".into()), Decision::Accepted);
        assert!(suggestions(&models, &customers, &decisions, today).is_empty());
        let back = suggestions(&models, &customers, &decisions, d("2026-12-10"));
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].key, "care:review:2026-01-01");
        // A new encounter ends the gap; the next shortfall is another gap, proposed again.
        let later = [
            met("2026-10-20", EncounterKind::BusinessReview),
            met("2026-12-07", EncounterKind::Call),
        ];
        let renewed = [retain(&later)];
        let next = suggestions(&models, &renewed, &decisions, d("2027-01-20"));
        assert_eq!(next[0].key, "care:contact:2026-12-07");
    }

    #[test]
    fn validation_names_each_bad_field() {
        let mut models = default_models();
        models[0].requirements[0].every_days = 0;
        models[0].requirements[1].key = "review".into();
        models[1].requirements[0].name = "  ".into();
        models[2].requirements[0].key = "Digital contact".into();
        models.push(models[3].clone());
        let errors = validate(&models).unwrap_err();
        assert!(matches!(
            errors.get("models[0].requirements[0].every_days"),
            Some(Problem::Between { .. })
        ));
        assert_eq!(
            errors.get("models[0].requirements[1].key"),
            Some(&Problem::Duplicate)
        );
        assert_eq!(
            errors.get("models[1].requirements[0].name"),
            Some(&Problem::Required)
        );
        assert_eq!(
            errors.get("models[2].requirements[0].key"),
            Some(&Problem::Key)
        );
        assert_eq!(errors.get("models[4].segment"), Some(&Problem::Duplicate));
        assert!(validate(&default_models()).is_ok());
    }

    fn kind() -> impl Strategy<Value = EncounterKind> {
        prop::sample::select(EncounterKind::ALL)
    }

    proptest! {
        /// Adherence never exceeds what is required, and an encounter more never lowers it.
        #[test]
        fn another_encounter_never_lowers_adherence(
            days in prop::collection::vec((0u64..400, kind()), 0..12),
            extra in (0u64..400, kind()),
            today in 0u64..400,
        ) {
            let models = default_models();
            let start = d("2026-01-01");
            let at = |n: u64| start.checked_add_days(Days::new(n)).unwrap();
            let encounters: Vec<EncounterFact> = days
                .iter()
                .map(|&(n, k)| EncounterFact { date: at(n), kind: k, channel: k.usual_channel() })
                .collect();
            let mut more = encounters.clone();
            more.push(EncounterFact { date: at(extra.0), kind: extra.1, channel: extra.1.usual_channel() });
            for segment in Segment::ALL {
                let facts = CareFacts {
                    account_id: 1,
                    segment,
                    tier: segment.tier(),
                    counting_from: start,
                    encounters: &encounters,
                    plan: None,
                    alert: None,
                };
                let before = adherence(&models, &facts, at(today));
                let after = adherence(&models, &CareFacts { encounters: &more, ..facts.clone() }, at(today));
                prop_assert!(before.met <= before.required);
                prop_assert_eq!(before.required, after.required);
                prop_assert!(after.met >= before.met);
                // Every gap is past due, and adherence counts as late exactly the care gaps.
                let found = gaps(&models, &facts, at(today));
                for g in &found {
                    prop_assert!(g.due < at(today) && g.days_overdue > 0);
                }
                let late = found
                    .iter()
                    .filter(|g| matches!(g.kind, GapKind::Requirement { .. } | GapKind::PlanReview { .. }))
                    .count() as u32;
                prop_assert_eq!(before.required - before.met, late);
            }
        }
    }
}
