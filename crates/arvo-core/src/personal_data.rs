//! Personal data of contact persons: what erasure leaves of a contact and of its change history,
//! and when a change of marketing consent becomes a consent event.
//!
//! Erasure anonymises rather than deletes: the contact stays on its account (so the account's
//! figures and the count of its contacts keep their meaning) but loses everything that tells who
//! the person was. The same values are replaced in the contact's change history, where they were
//! recorded as each field's value before and after a change.

use crate::contact::{ConsentStatus, ContactDraft};
use crate::history::FieldChange;
use chrono::NaiveDate;
use serde_json::Value;

/// The last name an erased contact carries instead of its own. Pages show it in the user's
/// language.
pub const ERASED_NAME: &str = "Poistettu henkilö";

/// What replaces an erased person's value in the change history.
pub const ERASED_VALUE: &str = "[poistettu]";

/// The contact fields that describe the person. Erasure empties them on the contact (the last
/// name becomes [`ERASED_NAME`]) and replaces their values in every history entry of the contact
/// with [`ERASED_VALUE`]. Roles in buying decisions and the consent's status and date stay: they
/// say nothing about who the person was.
pub const PERSONAL_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "consent_source",
    "notes",
];

impl ContactDraft {
    /// The contact as erasure leaves it.
    #[must_use]
    pub fn erased(&self) -> Self {
        Self {
            first_name: None,
            last_name: ERASED_NAME.to_owned(),
            title: None,
            email: None,
            phone: None,
            roles: self.roles.clone(),
            marketing_consent: self.marketing_consent,
            consent_date: self.consent_date,
            consent_source: None,
            notes: None,
        }
    }

    /// The contact's marketing consent as it is recorded.
    pub fn consent(&self) -> Consent {
        Consent {
            status: self.marketing_consent,
            date: self.consent_date,
            source: self.consent_source.clone(),
        }
    }
}

/// Replaces the values of personal fields in a history entry's changes with [`ERASED_VALUE`];
/// empty values stay empty. Returns whether anything was replaced.
pub fn erase_changes(changes: &mut [FieldChange]) -> bool {
    let mut replaced = false;
    for change in changes
        .iter_mut()
        .filter(|c| PERSONAL_FIELDS.contains(&c.field.as_str()))
    {
        for value in [&mut change.before, &mut change.after] {
            if !value.is_null() && value.as_str() != Some(ERASED_VALUE) {
                *value = Value::from(ERASED_VALUE);
                replaced = true;
            }
        }
    }
    replaced
}

/// The values of a contact that free texts written about it (encounter summaries, task notes)
/// may name: its full name, each part of its name of two or more letters, its email and phone.
/// Longest first, so that the full name goes before its parts.
pub fn mentions(contact: &ContactDraft) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let full = [
        contact.first_name.as_deref(),
        Some(contact.last_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    out.push(full);
    out.extend(contact.first_name.iter().cloned());
    out.push(contact.last_name.clone());
    out.extend(contact.email.iter().map(ToString::to_string));
    out.extend(contact.phone.iter().cloned());
    out.retain(|m| m.trim().chars().count() >= 2);
    out.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
    out.dedup();
    out
}

/// `text` with every mention (ignoring case) replaced by [`ERASED_VALUE`]; `None` when it names
/// none of them.
pub fn scrub(text: &str, mentions: &[String]) -> Option<String> {
    let mut out = text.to_owned();
    for m in mentions {
        let needle = m.to_lowercase();
        // Lower-casing keeps byte offsets only where it keeps lengths; elsewhere the exact
        // spelling is replaced.
        if out.to_lowercase().len() != out.len() || needle.len() != m.len() {
            out = out.replace(m.as_str(), ERASED_VALUE);
            continue;
        }
        let mut from = 0;
        while let Some(at) = out.to_lowercase()[from..].find(&needle).map(|i| i + from) {
            out.replace_range(at..at + needle.len(), ERASED_VALUE);
            from = at + ERASED_VALUE.len();
        }
    }
    (out != text).then_some(out)
}

/// A contact's marketing consent: whether it was given or withdrawn, when, and where it was
/// recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub status: ConsentStatus,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
}

impl Consent {
    /// Nothing known: the consent of a contact nobody has asked.
    pub fn unknown() -> Self {
        Self {
            status: ConsentStatus::Unknown,
            date: None,
            source: None,
        }
    }
}

/// The consent to record as a consent event when a contact is created (`before` is `None`) or
/// changed: the new consent when its status, date or source differs from the one before. A new
/// contact whose consent is simply unknown records nothing.
pub fn consent_change(before: Option<&ContactDraft>, after: &ContactDraft) -> Option<Consent> {
    let was = before.map_or_else(Consent::unknown, ContactDraft::consent);
    let now = after.consent();
    (now != was).then_some(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubbing_replaces_every_mention_of_a_person_in_any_case() {
        let contact = crate::ContactInput {
            first_name: Some("Liisa".into()),
            last_name: Some("Virtanen".into()),
            phone: Some("040 123 4567".into()),
            ..crate::ContactInput::default()
        }
        .validate()
        .unwrap();
        let m = mentions(&contact);
        assert_eq!(m[0], "Liisa Virtanen");
        assert_eq!(
            scrub(
                "Soitin Liisa Virtasen... LIISA lupasi; virtanen, 040 123 4567",
                &m
            )
            .unwrap(),
            "Soitin [poistettu] Virtasen... [poistettu] lupasi; [poistettu], [poistettu]"
        );
        assert_eq!(scrub("Talven tilaukset", &m), None);
        // A mention that the erased mark itself contains does not loop.
        assert_eq!(scrub("po", &["po".into()]).unwrap(), "[poistettu]");
    }
    use crate::contact::ContactInput;
    use serde_json::json;

    fn liisa() -> ContactDraft {
        ContactInput {
            first_name: Some("Liisa".into()),
            last_name: Some("Virtanen".into()),
            title: Some("Ostopäällikkö".into()),
            email: Some("liisa@kone.fi".into()),
            phone: Some("040 123 4567".into()),
            roles: vec!["buyer".into()],
            marketing_consent: Some("given".into()),
            consent_date: Some("1.3.2026".into()),
            consent_source: Some("messulomake".into()),
            notes: Some("Soita aamuisin".into()),
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn erasure_keeps_nothing_that_tells_who_the_person_was() {
        let d = liisa();
        let e = d.erased();
        let text = serde_json::to_string(&e).unwrap();
        for personal in [
            "Liisa",
            "Virtanen",
            "Ostopäällikkö",
            "kone.fi",
            "4567",
            "messu",
            "aamuisin",
        ] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
        assert_eq!(e.last_name, ERASED_NAME);
        assert_eq!(e.roles, d.roles);
        assert_eq!(
            (e.marketing_consent, e.consent_date),
            (d.marketing_consent, d.consent_date)
        );
        assert_eq!(e.erased(), e, "erasing twice changes nothing more");
        // Every personal field of the draft is one erasure empties.
        let fields = serde_json::to_value(&d).unwrap();
        let erased = serde_json::to_value(&e).unwrap();
        for field in PERSONAL_FIELDS {
            assert!(fields.get(field).is_some(), "{field} is a contact field");
            assert_ne!(fields[field], erased[field], "{field}");
        }
    }

    #[test]
    fn history_values_of_personal_fields_are_replaced() {
        let mut changes = crate::history::diff(&liisa(), &liisa().erased(), &[]);
        changes.push(FieldChange {
            field: "marketing_consent".into(),
            before: json!("unknown"),
            after: json!("given"),
        });
        assert!(erase_changes(&mut changes));
        for c in &changes {
            if PERSONAL_FIELDS.contains(&c.field.as_str()) {
                for v in [&c.before, &c.after] {
                    assert!(v.is_null() || v == ERASED_VALUE, "{c:?}");
                }
            }
        }
        let consent = changes
            .iter()
            .find(|c| c.field == "marketing_consent")
            .unwrap();
        assert_eq!(consent.after, json!("given"), "consent status stays");
        assert!(!erase_changes(&mut changes), "nothing left to replace");
    }

    #[test]
    fn consent_events_follow_changes_of_status_date_or_source() {
        let d = liisa();
        assert_eq!(consent_change(None, &d), Some(d.consent()));
        let mut blank = d.clone();
        blank.marketing_consent = ConsentStatus::Unknown;
        blank.consent_date = None;
        blank.consent_source = None;
        assert_eq!(consent_change(None, &blank), None);
        let mut renamed = d.clone();
        renamed.notes = Some("Muu muistiinpano".into());
        assert_eq!(consent_change(Some(&d), &renamed), None);
        let mut withdrawn = d.clone();
        withdrawn.marketing_consent = ConsentStatus::Withdrawn;
        assert_eq!(
            consent_change(Some(&d), &withdrawn).map(|c| c.status),
            Some(ConsentStatus::Withdrawn)
        );
        let mut resourced = d.clone();
        resourced.consent_source = Some("puhelu".into());
        assert!(consent_change(Some(&d), &resourced).is_some());
        assert_eq!(
            consent_change(Some(&d), &blank),
            Some(Consent::unknown()),
            "clearing a consent is a change too"
        );
    }
}
