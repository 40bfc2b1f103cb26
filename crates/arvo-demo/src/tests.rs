//! Checks that the generated data is valid, deterministic and shaped as the demo needs: every
//! record must pass Arvo's own validation unchanged, and the duplicate finder must see exactly the
//! planted duplicates.

use crate::{DemoAccount, demo_custom_fields, demo_customer_master, demo_owners, synthetic};
use arvo_core::duplicates::{DuplicateKey, MatchReason, find_duplicates};
use arvo_core::{
    AccountInput, AccountKind, AccountStatus, ConsentStatus, ContactInput, CustomFieldDef,
};
use std::collections::{BTreeSet, HashSet};

/// Asserts that an account and its contacts validate back to themselves.
fn assert_round_trips(d: &DemoAccount, defs: &[CustomFieldDef]) {
    assert_eq!(
        AccountInput::from(&d.account).validate(defs),
        Ok(d.account.clone()),
        "{}",
        d.account.name
    );
    for c in &d.contacts {
        assert_eq!(
            ContactInput::from(c).validate(),
            Ok(c.clone()),
            "{} at {}",
            c.full_name(),
            d.account.name
        );
    }
}

/// Asserts the rules of marketing consent: a given or withdrawn consent has a date and a source,
/// an unknown one has neither.
fn assert_consent(d: &DemoAccount) {
    for c in &d.contacts {
        match c.marketing_consent {
            ConsentStatus::Given | ConsentStatus::Withdrawn => {
                assert!(
                    c.consent_date.is_some() && c.consent_source.is_some(),
                    "{c:?}"
                );
            }
            ConsentStatus::Unknown => assert!(
                c.consent_date.is_none() && c.consent_source.is_none(),
                "{c:?}"
            ),
        }
    }
}

/// The duplicate finder's view of a list of accounts, numbered from 1.
fn keys(accounts: &[DemoAccount]) -> Vec<DuplicateKey> {
    accounts
        .iter()
        .zip(1..)
        .map(|(d, id)| DuplicateKey {
            account_id: id,
            name: d.account.name.clone(),
            business_id: d.account.business_id.as_ref().map(ToString::to_string),
            emails: d
                .account
                .email
                .iter()
                .chain(d.contacts.iter().filter_map(|c| c.email.as_ref()))
                .map(ToString::to_string)
                .collect(),
        })
        .collect()
}

#[test]
fn demo_accounts_validate_to_themselves() {
    let defs = demo_custom_fields();
    let demo = demo_customer_master();
    for d in &demo {
        assert_round_trips(d, &defs);
        assert_consent(d);
        for (key, value) in &d.account.custom {
            let def = defs
                .iter()
                .find(|f| &f.key == key)
                .expect("custom keys are defined");
            assert_eq!(def.normalise(value), Ok(Some(value.clone())), "{key}");
        }
    }
}

#[test]
fn synthetic_accounts_validate_to_themselves() {
    for d in synthetic(2_000, 7) {
        assert_round_trips(&d, &[]);
        assert_consent(&d);
        assert!(d.account.custom.is_empty());
        assert!(d.contacts.len() <= 3);
    }
}

#[test]
fn custom_field_definitions_are_valid() {
    for def in demo_custom_fields() {
        let again = CustomFieldDef::validate(
            &def.key,
            &def.label,
            def.kind.as_str(),
            &def.options.join(","),
        );
        assert_eq!(again, Ok(def));
    }
}

#[test]
fn data_is_deterministic() {
    assert_eq!(demo_customer_master(), demo_customer_master());
    let a: Vec<DemoAccount> = synthetic(300, 1).collect();
    assert_eq!(a, synthetic(300, 1).collect::<Vec<_>>());
    let b: Vec<DemoAccount> = synthetic(300, 2).collect();
    assert_ne!(a, b);
    assert!(a.iter().zip(&b).filter(|(x, y)| x == y).count() < 5);
}

#[test]
fn demo_has_exactly_the_planted_duplicates() {
    let demo = demo_customer_master();
    let groups = find_duplicates(&keys(&demo), &HashSet::new());
    let names: Vec<BTreeSet<&str>> = groups
        .iter()
        .map(|g| {
            g.account_ids
                .iter()
                .map(|id| demo[*id as usize - 1].account.name.as_str())
                .collect()
        })
        .collect();
    let expected: Vec<BTreeSet<&str>> = [
        &["Pohjolan Teräsrakenne Oy", "PTR-Teräs Oy"][..],
        &["Savon Kone Oy", "SAVON KONE OYJ"],
        &[
            "Pirkanmaan Lämpö Oy",
            "Pirkanmaan Lämpö Oy, Tampere",
            "Pirkanmaan Lämpö Oy, Nokia",
        ],
        &["Tmi Jari Nieminen", "JN-Rakennus Ky"],
        &[
            "Keski-Suomen Sähköasennus Oy",
            "Keski-Suomen Sähköasenus Oy",
        ],
        &["Liisa Virtanen", "Virtanen Liisa"],
        &["Hotelli Järvenhelmi Oy", "Järvenhelmen Kylpylä Oy"],
        &["Revontulimatkat Oy", "Revontulimaktat Oy"],
    ]
    .iter()
    .map(|g| g.iter().copied().collect())
    .collect();
    for group in &expected {
        assert!(names.contains(group), "{group:?} not found in {names:?}");
    }
    assert_eq!(groups.len(), expected.len(), "{names:?}");
    let reasons: BTreeSet<MatchReason> = groups
        .iter()
        .flat_map(|g| g.matches.iter().map(|m| m.reason))
        .collect();
    assert_eq!(
        reasons.len(),
        4,
        "every kind of match is shown: {reasons:?}"
    );
}

#[test]
fn demo_looks_like_a_finnish_customer_master() {
    let demo = demo_customer_master();
    assert_eq!(demo.len(), 300);
    let persons = demo
        .iter()
        .filter(|d| d.account.kind == AccountKind::Person)
        .count();
    assert!((25..=40).contains(&persons), "{persons}");
    let all_names: String = demo.iter().map(|d| d.account.name.as_str()).collect();
    for letter in ['ä', 'ö', 'å', 'Å'] {
        assert!(all_names.contains(letter), "no {letter} in names");
    }
    let count = |s: AccountStatus| demo.iter().filter(|d| d.account.status == s).count();
    assert!(count(AccountStatus::Customer) > count(AccountStatus::Prospect));
    assert!(count(AccountStatus::Prospect) > count(AccountStatus::Former));
    assert!(count(AccountStatus::Former) > 0);
    for d in &demo {
        let a = &d.account;
        if let Some(owner) = &a.owner {
            assert!(demo_owners().contains(&owner.as_str()), "{owner}");
        }
        for e in a
            .email
            .iter()
            .chain(d.contacts.iter().filter_map(|c| c.email.as_ref()))
        {
            assert!(
                e.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "@.-".contains(c)),
                "{e}"
            );
        }
        for p in a
            .phone
            .iter()
            .chain(d.contacts.iter().filter_map(|c| c.phone.as_ref()))
        {
            assert!(p.starts_with("+358 "), "{p}");
        }
        if let Some(w) = &a.website {
            assert!(
                w.contains("www.") && w.rsplit('.').next() == Some("fi"),
                "{w}"
            );
        }
        if a.kind == AccountKind::Person {
            assert!(
                a.business_id.is_none() && a.email.is_some() && a.phone.is_some(),
                "{}",
                a.name
            );
        }
        assert!(a.postal_code.as_ref().is_some_and(|p| p.len() == 5));
    }
    let custom_count = demo.iter().filter(|d| d.account.custom.len() == 4).count();
    assert!(custom_count > 50, "{custom_count}");
}

#[test]
fn synthetic_streams_the_requested_count_with_unique_business_ids() {
    let mut ids = HashSet::new();
    let mut with_id = 0;
    let mut count = 0;
    let mut owners = HashSet::new();
    for d in synthetic(100_000, 42) {
        count += 1;
        if let Some(id) = d.account.business_id {
            with_id += 1;
            ids.insert(id);
        }
        owners.extend(d.account.owner);
    }
    assert_eq!(count, 100_000);
    assert!(with_id > 85_000, "{with_id}");
    assert_eq!(ids.len(), with_id, "business IDs are unique");
    assert_eq!(owners.len(), demo_owners().len());
}

#[test]
fn synthetic_is_lazy() {
    assert_eq!(synthetic(usize::MAX, 3).take(3).count(), 3);
    let tenth = synthetic(10, 5).nth(9);
    assert_eq!(tenth, synthetic(1_000, 5).nth(9));
}
