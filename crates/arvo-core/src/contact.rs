//! Contacts: the people inside an account and their roles in its buying decisions.

use crate::account::{NAME_MAX, NOTES_MAX, parse_phone};
use crate::choice_enum;
use crate::dates::parse_date;
use crate::email::Email;
use crate::validation::{
    Problem, ValidationErrors, bounded_text, optional_text, overlay_value, required_text,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

choice_enum!(
    /// A role in the customer's buying decision.
    BuyingRole {
        Initiator => "initiator",
        Influencer => "influencer",
        Decider => "decider",
        Buyer => "buyer",
        Payer => "payer",
        User => "user",
    }
);
choice_enum!(
    /// Whether the person has agreed to receive marketing.
    ConsentStatus { Unknown => "unknown", Given => "given", Withdrawn => "withdrawn" }
);

/// A contact as a client sends it, before validation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContactInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Any of `initiator`, `influencer`, `decider`, `buyer`, `payer`, `user`.
    pub roles: Vec<String>,
    /// `unknown` (default), `given` or `withdrawn`.
    pub marketing_consent: Option<String>,
    /// When consent was given or withdrawn, `2026-11-22` or `22.11.2026`.
    pub consent_date: Option<String>,
    /// Where consent was recorded, e.g. "trade fair form".
    pub consent_source: Option<String>,
    pub notes: Option<String>,
}

/// A valid contact's editable data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ContactDraft {
    pub first_name: Option<String>,
    pub last_name: String,
    pub title: Option<String>,
    #[schema(value_type = Option<String>)]
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub roles: Vec<BuyingRole>,
    pub marketing_consent: ConsentStatus,
    pub consent_date: Option<NaiveDate>,
    pub consent_source: Option<String>,
    pub notes: Option<String>,
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    pub id: i64,
    pub account_id: i64,
    pub version: i64,
    #[serde(flatten)]
    pub data: ContactDraft,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the contact's personal data was erased; an erased contact can no longer be changed.
    pub erased_at: Option<DateTime<Utc>>,
}

impl ContactDraft {
    /// This contact with `incoming`'s values laid over it, as an import of a file does: a field
    /// the file has (`mapped` names it) replaces the stored value when the file gives one; an
    /// empty cell keeps what is stored. Roles are added, never taken away, and a consent status of
    /// "unknown" says nothing new.
    #[must_use]
    pub fn overlay(&self, incoming: &ContactDraft, mapped: impl Fn(&str) -> bool) -> ContactDraft {
        let mut roles = self.roles.clone();
        if mapped("roles") {
            for r in &incoming.roles {
                if !roles.contains(r) {
                    roles.push(*r);
                }
            }
        }
        let consent_given =
            mapped("marketing_consent") && incoming.marketing_consent != ConsentStatus::Unknown;
        ContactDraft {
            first_name: overlay_value(
                mapped("first_name"),
                incoming.first_name.as_ref(),
                self.first_name.as_ref(),
            ),
            last_name: if mapped("last_name") {
                incoming.last_name.clone()
            } else {
                self.last_name.clone()
            },
            title: overlay_value(
                mapped("title"),
                incoming.title.as_ref(),
                self.title.as_ref(),
            ),
            email: overlay_value(
                mapped("email"),
                incoming.email.as_ref(),
                self.email.as_ref(),
            ),
            phone: overlay_value(
                mapped("phone"),
                incoming.phone.as_ref(),
                self.phone.as_ref(),
            ),
            roles,
            marketing_consent: if consent_given {
                incoming.marketing_consent
            } else {
                self.marketing_consent
            },
            consent_date: if consent_given {
                incoming.consent_date
            } else {
                self.consent_date
            },
            consent_source: if consent_given {
                incoming
                    .consent_source
                    .clone()
                    .or_else(|| self.consent_source.clone())
            } else {
                self.consent_source.clone()
            },
            notes: overlay_value(
                mapped("notes"),
                incoming.notes.as_ref(),
                self.notes.as_ref(),
            ),
        }
    }

    /// "Liisa Virtanen".
    pub fn full_name(&self) -> String {
        match &self.first_name {
            Some(f) => format!("{f} {}", self.last_name),
            None => self.last_name.clone(),
        }
    }
}

impl ContactInput {
    /// Validates every field; a consent that is given or withdrawn needs its date.
    pub fn validate(&self) -> Result<ContactDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let first_name = bounded_text(&mut e, "first_name", self.first_name.as_deref(), NAME_MAX);
        let last_name = required_text(&mut e, "last_name", self.last_name.as_deref(), NAME_MAX);
        let title = bounded_text(&mut e, "title", self.title.as_deref(), NAME_MAX);
        let email =
            optional_text(self.email.as_deref()).and_then(|s| e.take("email", Email::parse(&s)));
        let phone =
            optional_text(self.phone.as_deref()).and_then(|s| e.take("phone", parse_phone(&s)));
        let mut roles = Vec::new();
        for r in self.roles.iter().filter(|r| !r.trim().is_empty()) {
            if let Some(role) = e.take("roles", BuyingRole::parse_field(r))
                && !roles.contains(&role)
            {
                roles.push(role);
            }
        }
        roles.sort();
        let consent = match optional_text(self.marketing_consent.as_deref()) {
            None => Some(ConsentStatus::Unknown),
            Some(c) => e.take("marketing_consent", ConsentStatus::parse_field(&c)),
        };
        let consent_date = optional_text(self.consent_date.as_deref())
            .and_then(|d| e.take("consent_date", parse_date(&d)));
        if matches!(
            consent,
            Some(ConsentStatus::Given | ConsentStatus::Withdrawn)
        ) && consent_date.is_none()
            && e.get("consent_date").is_none()
        {
            e.add("consent_date", Problem::Required);
        }
        let consent_source = bounded_text(
            &mut e,
            "consent_source",
            self.consent_source.as_deref(),
            NAME_MAX,
        );
        let notes = bounded_text(&mut e, "notes", self.notes.as_deref(), NOTES_MAX);
        e.into_result(|| ContactDraft {
            first_name,
            last_name,
            title,
            email,
            phone,
            roles,
            marketing_consent: consent.unwrap_or(ConsentStatus::Unknown),
            consent_date,
            consent_source,
            notes,
        })
    }
}

impl From<&ContactDraft> for ContactInput {
    fn from(d: &ContactDraft) -> Self {
        Self {
            first_name: d.first_name.clone(),
            last_name: Some(d.last_name.clone()),
            title: d.title.clone(),
            email: d.email.as_ref().map(ToString::to_string),
            phone: d.phone.clone(),
            roles: d.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            marketing_consent: Some(d.marketing_consent.as_str().into()),
            consent_date: d.consent_date.map(crate::dates::format_iso),
            consent_source: d.consent_source.clone(),
            notes: d.notes.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_needs_a_date() {
        let c = ContactInput {
            last_name: Some("Virtanen".into()),
            marketing_consent: Some("given".into()),
            ..ContactInput::default()
        };
        assert_eq!(
            c.validate().unwrap_err().get("consent_date"),
            Some(&Problem::Required)
        );
        let ok = ContactInput {
            consent_date: Some("1.3.2026".into()),
            ..c
        }
        .validate()
        .unwrap();
        assert_eq!(ok.consent_date, NaiveDate::from_ymd_opt(2026, 3, 1));
    }

    #[test]
    fn roles_are_checked_and_deduplicated() {
        let c = ContactInput {
            last_name: Some("Virtanen".into()),
            roles: vec!["buyer".into(), "Decider".into(), "buyer".into()],
            ..ContactInput::default()
        };
        assert_eq!(
            c.validate().unwrap().roles,
            vec![BuyingRole::Decider, BuyingRole::Buyer]
        );
        let bad = ContactInput {
            roles: vec!["boss".into()],
            ..c
        };
        assert!(bad.validate().unwrap_err().get("roles").is_some());
    }

    #[test]
    fn round_trips() {
        let d = ContactInput {
            first_name: Some("Liisa".into()),
            last_name: Some("Virtanen".into()),
            email: Some("Liisa@Kone.fi".into()),
            roles: vec!["payer".into()],
            marketing_consent: Some("withdrawn".into()),
            consent_date: Some("2026-01-02".into()),
            ..ContactInput::default()
        }
        .validate()
        .unwrap();
        assert_eq!(d.full_name(), "Liisa Virtanen");
        assert_eq!(ContactInput::from(&d).validate().unwrap(), d);
    }
}
