//! The demo's account plans for key accounts, in Finnish: an ambition, goals set from the
//! customer's own figures (revenue up a fifth, share of wallet up fifteen points, and a goal of
//! the owner's own), four actions at different stages (one of them overdue in every other plan),
//! an encounter script across the lifecycle, a quarterly review cadence and, for some plans, a
//! review already held. And the year's targets for the whole base and the key accounts' segment.

use crate::rng::Rng;
use arvo_core::plan::{ActionInput, GoalInput, PlanInput, ScriptInput};
use arvo_core::targets::TargetInput;
use chrono::{Datelike, Days, NaiveDate};

/// The seed of the demo's plans.
const SEED: u64 = 0x0A11_0001;

/// A demo plan and the day its last review was held, if one was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPlan {
    pub plan: PlanInput,
    pub reviewed_on: Option<NaiveDate>,
}

const AMBITIONS: [&str; 4] = [
    "Nostetaan asiakas koko valikoiman kumppaniksi: huolto ja varaosat samaan sopimukseen.",
    "Pidetään asema päätoimittajana ja kasvatetaan osuutta uusissa tuoteryhmissä.",
    "Siirretään pientilaukset verkkokauppaan ja käytetään vapautuva aika kehityshankkeisiin.",
    "Vahvistetaan suhdetta johtoon ja sovitaan vuosisopimus ennen kilpailijoita.",
];

fn euros(cents: i64) -> String {
    // Whole thousands of euros, as a plan rounds its goals.
    format!("{} €", (cents / 100_000).max(1) * 1_000)
}

/// The plan of the `index`th key account, whose revenue over the last twelve months was
/// `revenue_cents` and whose share of wallet (0–1) is `share`, made on `today`.
pub fn demo_plan(
    index: usize,
    revenue_cents: i64,
    share: Option<f64>,
    today: NaiveDate,
) -> DemoPlan {
    let mut rng = Rng::for_item(SEED, index as u64);
    let started = today - Days::new(rng.between(120, 300));
    let year_end = NaiveDate::from_ymd_opt(today.year() + 1, 12, 31).unwrap_or(today);
    let mut goals = vec![GoalInput {
        metric: Some("revenue".into()),
        baseline: Some(euros(revenue_cents * 9 / 10)),
        target: Some(euros(revenue_cents * 6 / 5)),
        due: Some(year_end.to_string()),
        ..GoalInput::default()
    }];
    if let Some(share) = share {
        #[allow(clippy::cast_possible_truncation)]
        let points = (share * 100.0).round() as i64;
        goals.push(GoalInput {
            metric: Some("share_of_wallet".into()),
            baseline: Some(format!("{} %", (points - 5).clamp(0, 100))),
            target: Some(format!("{} %", (points + 15).clamp(0, 95))),
            due: Some(year_end.to_string()),
            ..GoalInput::default()
        });
    }
    goals.push(GoalInput {
        metric: Some("custom".into()),
        name: Some("Uusia tuoteryhmiä käytössä".into()),
        baseline: Some("0".into()),
        target: Some("3".into()),
        current: Some(rng.between(0, 2).to_string()),
        due: Some(year_end.to_string()),
        ..GoalInput::default()
    });
    let day = |offset: i64| {
        let d = if offset < 0 {
            today - Days::new(offset.unsigned_abs())
        } else {
            today + Days::new(offset.unsigned_abs())
        };
        Some(d.to_string())
    };
    let overdue = index.is_multiple_of(2);
    let offset = i64::try_from(rng.between(10, 40)).unwrap_or(10);
    let actions = vec![
        ActionInput {
            title: Some("Tuotekoulutus asiakkaan henkilöstölle".into()),
            due: day(-60),
            status: Some("done".into()),
            ..ActionInput::default()
        },
        ActionInput {
            title: Some("Esittele huolto- ja varaosasopimus".into()),
            due: day(if overdue { -offset } else { offset }),
            status: Some("planned".into()),
            ..ActionInput::default()
        },
        ActionInput {
            title: Some("Tehdasvierailu ja tuotantolinjan kartoitus".into()),
            due: day(20),
            status: Some("in_progress".into()),
            ..ActionInput::default()
        },
        ActionInput {
            title: Some("Vuosisopimuksen uusiminen".into()),
            due: day(i64::try_from(rng.between(60, 120)).unwrap_or(90)),
            status: Some("planned".into()),
            ..ActionInput::default()
        },
    ];
    let step = |stage: &str, kind: &str, who: &str, what: &str| ScriptInput {
        stage: Some(stage.into()),
        kind: Some(kind.into()),
        participants: Some(who.into()),
        exchanged: Some(what.into()),
    };
    let script = vec![
        step(
            "onboarding",
            "meeting",
            "Myyjä ja asiakkaan ostopäällikkö",
            "Tilauskäytännöt, yhteyshenkilöt ja toimitusten aikataulu",
        ),
        step(
            "development",
            "offer",
            "Myyjä",
            "Laajennettu valikoima ja määräalennukset",
        ),
        step(
            "retention",
            "business_review",
            "Myyjä, myyntipäällikkö ja asiakkaan toimitusjohtaja",
            "Vuoden luvut, tyytyväisyys ja ensi vuoden tarpeet",
        ),
        step(
            "retention",
            "visit",
            "Myyjä ja huoltoinsinööri",
            "Laitekannan tila ja huoltotarpeet",
        ),
        step(
            "ending",
            "call",
            "Myyjä ja ostopäällikkö",
            "Syyt ostojen vähenemiseen ja mitä voimme korjata",
        ),
    ];
    // Two plans in three have had a review; some of them long enough ago to be late again.
    let reviewed_on = (index % 3 != 2).then(|| today - Days::new(rng.between(20, 120)));
    DemoPlan {
        plan: PlanInput {
            summary: Some((*rng.pick(&AMBITIONS)).into()),
            review_every_days: Some(90),
            started: Some(started.to_string()),
            goals,
            actions,
            script,
            version: None,
        },
        reviewed_on: reviewed_on.filter(|d| *d >= started),
    }
}

/// The demo's targets for the year of `today`: the whole base's revenue a tenth above the last
/// twelve months' `revenue_cents`, the retain segment's customers two above its `retain_count`
/// now, adherence to the care models of 85 %, and the key accounts' share of wallet at 45 %.
pub fn demo_targets(today: NaiveDate, revenue_cents: i64, retain_count: usize) -> Vec<TargetInput> {
    let year = today.year().to_string();
    let target =
        |scope: &str, segment: Option<&str>, metric: &str, value: String, note: &str| TargetInput {
            scope: Some(scope.into()),
            segment: segment.map(Into::into),
            metric: Some(metric.into()),
            period: Some(year.clone()),
            target: Some(value),
            note: Some(note.into()),
            ..TargetInput::default()
        };
    vec![
        target(
            "base",
            None,
            "revenue",
            euros(revenue_cents * 11 / 10),
            "Kasvua kymmenen prosenttia",
        ),
        target(
            "segment",
            Some("retain"),
            "customers",
            (retain_count + 2).to_string(),
            "Kaksi uutta avainasiakasta",
        ),
        target(
            "base",
            None,
            "adherence",
            "85 %".into(),
            "Hoitomallit käytäntöön",
        ),
        target(
            "segment",
            Some("retain"),
            "share_of_wallet",
            "45 %".into(),
            "Osuutta avainasiakkaiden ostoista",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_plans_are_valid_and_deterministic() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        for index in 0..12 {
            let demo = demo_plan(index, 12_345_678, Some(0.31), today);
            assert_eq!(demo, demo_plan(index, 12_345_678, Some(0.31), today));
            let draft = demo.plan.validate("Mikko Lahtinen", today).unwrap();
            assert_eq!(draft.goals.len(), 3);
            assert_eq!(draft.goals[0].baseline, 11_100_000);
            assert_eq!(draft.goals[1].target, 4_600);
            assert_eq!(
                draft
                    .actions
                    .iter()
                    .filter(|a| a.due < today && !a.status.is_closed())
                    .count(),
                usize::from(index % 2 == 0)
            );
            assert!(
                demo.reviewed_on
                    .is_none_or(|d| d >= draft.started && d < today)
            );
        }
    }

    #[test]
    fn the_demo_targets_are_valid() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let targets = demo_targets(today, 150_000_000, 18);
        let drafts: Vec<_> = targets.iter().map(|t| t.validate().unwrap()).collect();
        assert_eq!(drafts[0].target, 165_000_000);
        assert_eq!(drafts[1].target, 2_000);
        assert!(drafts.iter().all(|d| d.period.code() == "2026"));
    }
}
