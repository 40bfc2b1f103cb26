//! A large synthetic customer master for benchmarks. Every account is computed from the seed and
//! its own position alone, so the stream is lazy, needs no memory between items and gives the same
//! accounts in the same order on every run.

use crate::DemoAccount;
use crate::parts::{
    self, Profile, TABLES, Tables, TagStyle, person_email, person_name, personal_domain,
};
use crate::rng::{Rng, mix};
use crate::vocab::{OWNERS, PERSON_TAGS};
use arvo_core::{AccountStatus, BusinessId};

/// Business ID stems are spread over this many numbers, so the IDs of up to this many accounts
/// are all different.
const STEM_SPAN: u64 = 3_000_000;
/// The lowest stem, roughly the business IDs handed out since the late 1970s.
const STEM_BASE: u64 = 100_000;
/// A multiplier with no factor in common with [`STEM_SPAN`] (neither 2, 3 nor 5), so that
/// multiplying positions by it visits every stem once before any repeats.
const STEM_STEP: u64 = 1_234_577;
/// Added to a stem for which no check digit works. Five in the first digit adds 35 to the
/// weighted sum, which moves the remainder from 1 to 3, and the moved stems land above every
/// unmoved one, so they stay unique.
const STEM_SHIFT: u32 = 5_000_000;

/// How the synthetic accounts are spread over the owners: a few carry many accounts.
const OWNER_WEIGHTS: &[u32] = &[
    30, 26, 22, 20, 18, 16, 15, 14, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
];

const PROFILE: Profile<'static> = Profile {
    owners: OWNERS,
    owner_weights: OWNER_WEIGHTS,
    contact_weights: &[15, 40, 30, 15],
    tags: TagStyle::Synthetic,
};

/// A large synthetic customer master for benchmarks: `count` accounts, deterministic for a seed,
/// with zero to three contacts each and a realistic spread of statuses, owners, tags,
/// municipalities and revenues. About one account in sixteen is a private person. Business IDs
/// are unique for up to three million accounts; names repeat now and then, as they do in real
/// registers. Custom field values are left empty. The accounts are produced one at a time as the
/// iterator is advanced.
pub fn synthetic(count: usize, seed: u64) -> impl Iterator<Item = DemoAccount> {
    let offset = mix(seed ^ 0x5EED) % STEM_SPAN;
    let tables: &'static Tables = &TABLES;
    (0..count as u64).map(move |index| account(tables, seed, offset, index))
}

/// The business ID of the account at `index`.
fn business_id(offset: u64, index: u64) -> BusinessId {
    let stem = (STEM_BASE + (index.wrapping_mul(STEM_STEP) + offset) % STEM_SPAN) as u32;
    parts::business_id(stem)
        .or_else(|| parts::business_id(stem + STEM_SHIFT))
        .expect("a shifted stem always has a check digit")
}

fn account(tables: &Tables, seed: u64, offset: u64, index: u64) -> DemoAccount {
    let mut rng = Rng::for_item(seed, index);
    if rng.below(16) == 0 {
        return person(&mut rng, tables);
    }
    let name = parts::company_name(&mut rng, tables);
    let mut d = parts::company(&mut rng, name, Some(business_id(offset, index)), &PROFILE);
    if d.account.status == AccountStatus::Prospect && rng.percent(20) {
        d.account.business_id = None;
    }
    if d.account.status != AccountStatus::Prospect {
        d.account.customer_number = Some((100_000 + index).to_string());
    }
    d
}

/// A private person; common names share mail addresses unless a number tells them apart.
fn person(rng: &mut Rng, tables: &Tables) -> DemoAccount {
    let place = if rng.percent(5) {
        tables.swedish_place(rng)
    } else {
        tables.finnish_place(rng)
    };
    let (first, last) = person_name(rng, place.swedish);
    let mut account = parts::person(rng, first, last, place);
    if rng.percent(60) {
        let local = format!("{}{}", parts::ascii_fold(last), rng.between(1, 99));
        account.email = Some(person_email(first, &local, personal_domain(rng)));
    }
    account.owner = rng
        .percent(60)
        .then(|| OWNERS[rng.weighted(OWNER_WEIGHTS)].to_owned());
    if rng.percent(30) {
        account.tags.push(rng.word(PERSON_TAGS).to_owned());
    }
    DemoAccount {
        account,
        contacts: Vec::new(),
    }
}
