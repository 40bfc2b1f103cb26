//! The demo's care of customers: the care models the two demo businesses work by, and a year of
//! each customer's encounters with its account owner, kept up at different levels, so that the
//! adherence engine finds customers cared for on time, some lagging and some neglected; and a
//! few meetings booked in the coming days.

use crate::DemoAccount;
use crate::rng::Rng;
use arvo_core::AccountStatus;
use arvo_core::care::{CareModel, EncounterChannel, EncounterKind, Requirement, ResponsibleRole};
use arvo_core::segments::{Segment, Tier};
use chrono::{Days, NaiveDate, NaiveTime};

/// The seed of the demo's encounters.
const SEED: u64 = 0xCA2E_0001;

/// One encounter of a demo customer, recorded by its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoEncounter {
    pub customer_number: String,
    /// The owner who recorded it and took part.
    pub owner: String,
    pub kind: EncounterKind,
    pub channel: EncounterChannel,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub summary: &'static str,
    pub outcome: Option<&'static str>,
    pub next_step: Option<&'static str>,
    /// The last name of the customer's contact who took part.
    pub contact: Option<String>,
}

/// The demo businesses' care models, in Finnish. The wholesaler's key accounts (retain, value
/// tier) get a business review every quarter, a visit every two months and contact every three
/// weeks; the other retain customers a review twice a year and monthly contact; grow customers
/// an offer every two months; streamline customers are served digitally and automatically; new
/// prospects are contacted every two months.
pub fn demo_care_models() -> Vec<CareModel> {
    use EncounterChannel as Ch;
    use EncounterKind as K;
    use ResponsibleRole::{Manager, Marketing, Owner};
    let contact =
        |every| Requirement::new("contact", "Yhteydenotto", &[], &[], every, Owner, false);
    vec![
        CareModel {
            segment: Segment::Retain,
            tier: Some(Tier::Value),
            requirements: vec![
                Requirement::new(
                    "review",
                    "Liiketoimintakatsaus",
                    &[K::BusinessReview],
                    &[],
                    90,
                    Manager,
                    false,
                ),
                Requirement::new(
                    "visit",
                    "Asiakaskäynti",
                    &[K::Visit, K::Meeting],
                    &[Ch::InPerson],
                    60,
                    Owner,
                    false,
                ),
                contact(21),
            ],
        },
        CareModel {
            segment: Segment::Retain,
            tier: None,
            requirements: vec![
                Requirement::new(
                    "review",
                    "Liiketoimintakatsaus",
                    &[K::BusinessReview],
                    &[],
                    180,
                    Owner,
                    false,
                ),
                contact(30),
            ],
        },
        CareModel {
            segment: Segment::Grow,
            tier: None,
            requirements: vec![
                Requirement::new("offer", "Tarjous", &[K::Offer], &[], 60, Owner, false),
                contact(45),
            ],
        },
        CareModel {
            segment: Segment::Streamline,
            tier: None,
            requirements: vec![
                Requirement::new(
                    "digital",
                    "Digitaalinen yhteydenotto",
                    &[],
                    &[Ch::Digital, Ch::Email],
                    90,
                    Marketing,
                    true,
                ),
                Requirement::new(
                    "survey",
                    "Asiakaskysely",
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
                "Myyntikontakti",
                &[K::Call, K::Meeting, K::Visit],
                &[],
                60,
                Owner,
                false,
            )],
        },
    ]
}

/// What an encounter of each kind was about, and how it ended.
fn texts(
    kind: EncounterKind,
    rng: &mut Rng,
) -> (&'static str, Option<&'static str>, Option<&'static str>) {
    use EncounterKind as K;
    let pick =
        |rng: &mut Rng, items: &[(&'static str, Option<&'static str>, Option<&'static str>)]| {
            *rng.pick(items)
        };
    match kind {
        K::Call => pick(
            rng,
            &[
                (
                    "Kuulumiset ja tulevat tilaukset",
                    Some("Tilaus tulossa ensi viikolla"),
                    Some("Lähetä hinnasto"),
                ),
                (
                    "Toimitusaikataulun tarkistus",
                    Some("Aikataulu sopii"),
                    None,
                ),
                (
                    "Reklamaation jälkihoito",
                    Some("Asiakas tyytyväinen hyvitykseen"),
                    None,
                ),
                (
                    "Kysyttiin uutuustuotteista",
                    Some("Kiinnostunut näytteistä"),
                    Some("Toimita näytteet"),
                ),
            ],
        ),
        K::Meeting => pick(
            rng,
            &[
                (
                    "Vuoden tarpeet ja budjetti",
                    Some("Tarve kasvaa keväällä"),
                    Some("Tee tarjous kevään volyymeista"),
                ),
                (
                    "Uuden yhteyshenkilön perehdytys",
                    Some("Sovittu tilauskäytännöt"),
                    None,
                ),
            ],
        ),
        K::Visit => pick(
            rng,
            &[
                (
                    "Käynti varastolla ja tuote-esittely",
                    Some("Kaksi uutta tuotetta kokeiluun"),
                    Some("Soita kokeilun tuloksista"),
                ),
                ("Hyllytys ja menekin läpikäynti", Some("Menekki hyvä"), None),
            ],
        ),
        K::Email => pick(
            rng,
            &[
                ("Hinnaston päivitys lähetetty", None, None),
                ("Vastaus tuotekyselyyn", Some("Asiakas tilasi"), None),
            ],
        ),
        K::BusinessReview => pick(
            rng,
            &[
                (
                    "Puolivuotiskatsaus: ostot, kannattavuus ja kehityskohteet",
                    Some("Sovittu kolme kehityskohdetta"),
                    Some("Seuraava katsaus kvartaalin päästä"),
                ),
                (
                    "Vuosikatsaus ja ensi vuoden tavoitteet",
                    Some("Tavoitteet hyväksytty"),
                    Some("Lähetä muistio"),
                ),
            ],
        ),
        K::Offer => pick(
            rng,
            &[
                (
                    "Tarjous kevään sesonkituotteista",
                    Some("Asiakas harkitsee"),
                    Some("Soita kahden viikon päästä"),
                ),
                (
                    "Tarjous laajemmasta valikoimasta",
                    Some("Hyväksytty osittain"),
                    None,
                ),
            ],
        ),
        K::Newsletter => ("Kuukauden uutiskirje", None, None),
        K::Survey => ("Asiakastyytyväisyyskysely", Some("Vastaus saatu"), None),
        K::Event => ("Asiakasilta", Some("Osallistui kahden hengen voimin"), None),
        K::Delivery => ("Erikoistoimitus", None, None),
    }
}

/// The encounters of the demo customers up to `today`, and the meetings booked for the next
/// days. Each active customer with an owner keeps one of three levels of care: about three in
/// five are contacted every one to four weeks and recently, one in four every few weeks but not
/// lately, and the rest seldom. Former customers have none. The same `today` gives the same
/// encounters.
pub fn demo_encounters(master: &[DemoAccount], today: NaiveDate) -> Vec<DemoEncounter> {
    use EncounterKind as K;
    let mut out = Vec::new();
    for (index, d) in master.iter().enumerate() {
        let a = &d.account;
        let (Some(number), Some(owner)) = (&a.customer_number, &a.owner) else {
            continue;
        };
        if a.status == AccountStatus::Former {
            continue;
        }
        let mut rng = Rng::for_item(SEED, index as u64);
        // Days between encounters and days since the last one, by the level of care.
        let (gap, since) = match rng.weighted(&[60, 25, 15]) {
            0 => ((7, 28), (0, 18)),
            1 => ((20, 50), (20, 55)),
            _ => ((60, 150), (60, 160)),
        };
        let mut back = rng.between(since.0, since.1);
        let contact = d.contacts.first().map(|c| c.last_name.clone());
        while back < 365 {
            let kind = [
                K::Call,
                K::Email,
                K::Visit,
                K::Meeting,
                K::Offer,
                K::BusinessReview,
                K::Newsletter,
            ][rng.weighted(&[34, 18, 14, 8, 12, 8, 6])];
            let (summary, outcome, next_step) = texts(kind, &mut rng);
            let date = today - Days::new(back);
            let in_person = matches!(kind, K::Visit | K::Meeting | K::BusinessReview);
            out.push(DemoEncounter {
                customer_number: number.clone(),
                owner: owner.clone(),
                kind,
                channel: kind.usual_channel(),
                date,
                time: in_person
                    .then(|| NaiveTime::from_hms_opt(8 + rng.below(8) as u32, 0, 0))
                    .flatten(),
                summary,
                outcome,
                next_step,
                contact: (kind != K::Newsletter).then(|| contact.clone()).flatten(),
            });
            back += rng.between(gap.0, gap.1);
        }
        // One customer in seven has a meeting booked in the coming days.
        if index % 7 == 0 {
            let (summary, _, _) = texts(K::Meeting, &mut rng);
            out.push(DemoEncounter {
                customer_number: number.clone(),
                owner: owner.clone(),
                kind: K::Meeting,
                channel: EncounterChannel::InPerson,
                date: today + Days::new((index / 7 % 4) as u64),
                time: NaiveTime::from_hms_opt(9 + (index % 6) as u32, 30, 0),
                summary,
                outcome: None,
                next_step: None,
                contact: contact.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_customer_master;

    #[test]
    fn the_demo_models_are_valid_and_cover_every_segment() {
        let models = demo_care_models();
        arvo_core::care::validate(&models).unwrap();
        for s in [
            Segment::Retain,
            Segment::Grow,
            Segment::Streamline,
            Segment::Acquire,
        ] {
            assert!(arvo_core::care::model_for(&models, s, Tier::Standard).is_some());
        }
    }

    #[test]
    fn demo_encounters_mix_recent_care_with_neglect_and_book_meetings() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let master = demo_customer_master();
        let encounters = demo_encounters(&master, today);
        assert_eq!(encounters, demo_encounters(&master, today), "deterministic");
        let mut last: std::collections::HashMap<&str, NaiveDate> = std::collections::HashMap::new();
        for e in encounters.iter().filter(|e| e.date <= today) {
            let l = last.entry(&e.customer_number).or_insert(e.date);
            *l = (*l).max(e.date);
        }
        let recent = last
            .values()
            .filter(|d| (today - **d).num_days() <= 30)
            .count();
        let neglected = last
            .values()
            .filter(|d| (today - **d).num_days() > 60)
            .count();
        assert!(recent > last.len() / 2, "{recent} of {}", last.len());
        assert!(neglected > last.len() / 20, "{neglected} of {}", last.len());
        let booked = encounters
            .iter()
            .filter(|e| e.date >= today && e.kind == EncounterKind::Meeting);
        assert!(booked.count() >= 10);
        assert!(encounters.iter().all(|e| e.date > today - Days::new(366)));
    }
}
