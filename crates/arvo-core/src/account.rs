//! Accounts: the companies and private persons the organisation sells to.

use crate::business_id::BusinessId;
use crate::choice_enum;
use crate::custom_field::{CustomFieldDef, validate_custom_values};
use crate::email::Email;
use crate::money::Money;
use crate::validation::{
    Problem, ValidationErrors, bounded_text, optional_text, overlay_value, required_text,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use utoipa::ToSchema;

choice_enum!(
    /// A company or a private person.
    AccountKind { Company => "company", Person => "person" }
);
choice_enum!(
    /// Where the relationship stands.
    AccountStatus { Prospect => "prospect", Customer => "customer", Former => "former" }
);
choice_enum!(
    /// Company size class by personnel, as Statistics Finland groups them.
    SizeClass { Micro => "micro", Small => "small", Medium => "medium", Large => "large" }
);

/// The longest free text of a name-like field.
pub const NAME_MAX: usize = 200;
/// The longest special-wishes text.
pub const NOTES_MAX: usize = 4000;
/// The most tags on one account.
pub const TAGS_MAX: usize = 30;

/// An account as a client sends it, before validation. Every value is optional text so that a
/// bad value becomes an error naming its field, not a failure to read the request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AccountInput {
    /// `company` (default) or `person`.
    pub kind: Option<String>,
    /// The number the customer has in the organisation's own systems (accounting, web shop);
    /// unique, and how imported purchases find their account.
    pub customer_number: Option<String>,
    pub name: Option<String>,
    /// Finnish business ID (Y-tunnus), e.g. `0112038-9`; checked with its check digit.
    pub business_id: Option<String>,
    pub industry: Option<String>,
    /// `micro`, `small`, `medium` or `large`.
    pub size_class: Option<String>,
    /// Annual revenue in euro cents.
    pub annual_revenue_cents: Option<i64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street_address: Option<String>,
    pub postal_code: Option<String>,
    pub municipality: Option<String>,
    /// Two-letter country code; `FI` when empty.
    pub country: Option<String>,
    pub website: Option<String>,
    /// `prospect` (default), `customer` or `former`.
    pub status: Option<String>,
    /// The responsible person.
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub special_wishes: Option<String>,
    /// Values of the organisation's custom fields by key.
    #[schema(value_type = Object)]
    pub custom: Map<String, Value>,
}

/// A valid account's editable data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AccountDraft {
    pub kind: AccountKind,
    #[schema(example = "10023")]
    pub customer_number: Option<String>,
    pub name: String,
    #[schema(value_type = Option<String>, example = "0112038-9")]
    pub business_id: Option<BusinessId>,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    #[serde(rename = "annual_revenue_cents")]
    #[schema(value_type = Option<i64>)]
    pub annual_revenue: Option<Money>,
    #[schema(value_type = Option<String>)]
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub street_address: Option<String>,
    pub postal_code: Option<String>,
    pub municipality: Option<String>,
    pub country: String,
    pub website: Option<String>,
    pub status: AccountStatus,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub special_wishes: Option<String>,
    #[schema(value_type = Object)]
    pub custom: BTreeMap<String, Value>,
}

/// A stored account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Account {
    pub id: i64,
    /// Increases with every change; send it back with an update.
    pub version: i64,
    #[serde(flatten)]
    pub data: AccountDraft,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl AccountInput {
    /// Validates every field and reports every problem at once.
    pub fn validate(
        &self,
        custom_defs: &[CustomFieldDef],
    ) -> Result<AccountDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = match optional_text(self.kind.as_deref()) {
            None => Some(AccountKind::Company),
            Some(k) => e.take("kind", AccountKind::parse_field(&k)),
        };
        let customer_number = optional_text(self.customer_number.as_deref())
            .and_then(|n| e.take("customer_number", parse_customer_number(&n)));
        let name = required_text(&mut e, "name", self.name.as_deref(), NAME_MAX);
        let business_id = optional_text(self.business_id.as_deref())
            .and_then(|b| e.take("business_id", BusinessId::parse(&b)));
        let industry = bounded_text(&mut e, "industry", self.industry.as_deref(), NAME_MAX);
        let size_class = optional_text(self.size_class.as_deref())
            .and_then(|s| e.take("size_class", SizeClass::parse_field(&s)));
        let annual_revenue = match self.annual_revenue_cents {
            Some(c) if c < 0 => {
                e.add("annual_revenue_cents", Problem::NotNegative);
                None
            }
            other => other.map(Money),
        };
        let email =
            optional_text(self.email.as_deref()).and_then(|s| e.take("email", Email::parse(&s)));
        let phone =
            optional_text(self.phone.as_deref()).and_then(|s| e.take("phone", parse_phone(&s)));
        let street_address = bounded_text(
            &mut e,
            "street_address",
            self.street_address.as_deref(),
            NAME_MAX,
        );
        let country = match optional_text(self.country.as_deref()) {
            None => "FI".to_owned(),
            Some(c) => e.take("country", parse_country(&c)).unwrap_or_default(),
        };
        let postal_code = optional_text(self.postal_code.as_deref())
            .and_then(|p| e.take("postal_code", parse_postal_code(&p, &country)));
        let municipality = bounded_text(
            &mut e,
            "municipality",
            self.municipality.as_deref(),
            NAME_MAX,
        );
        let website = optional_text(self.website.as_deref())
            .and_then(|w| e.take("website", parse_website(&w)));
        let status = match optional_text(self.status.as_deref()) {
            None => Some(AccountStatus::Prospect),
            Some(s) => e.take("status", AccountStatus::parse_field(&s)),
        };
        let owner = bounded_text(&mut e, "owner", self.owner.as_deref(), NAME_MAX);
        let tags = e
            .take("tags", normalise_tags(&self.tags))
            .unwrap_or_default();
        let special_wishes = bounded_text(
            &mut e,
            "special_wishes",
            self.special_wishes.as_deref(),
            NOTES_MAX,
        );
        let custom = validate_custom_values(&mut e, custom_defs, &self.custom);
        e.into_result(|| AccountDraft {
            kind: kind.unwrap_or(AccountKind::Company),
            customer_number,
            name,
            business_id,
            industry,
            size_class,
            annual_revenue,
            email,
            phone,
            street_address,
            postal_code,
            municipality,
            country,
            website,
            status: status.unwrap_or(AccountStatus::Prospect),
            owner,
            tags,
            special_wishes,
            custom,
        })
    }
}

impl AccountDraft {
    /// This account with `incoming`'s values laid over it, as an import of a file does: a field
    /// the file has (`mapped` says which, by its name in `AccountInput`, with `annual_revenue`
    /// for the revenue) replaces the stored value when the file gives one, and an empty cell
    /// keeps what is stored. Tags are added, never taken away, and custom field values are kept.
    #[must_use]
    pub fn overlay(&self, incoming: &AccountDraft, mapped: impl Fn(&str) -> bool) -> AccountDraft {
        let mut tags = self.tags.clone();
        if mapped("tags") {
            for t in &incoming.tags {
                if !tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
                    tags.push(t.clone());
                }
            }
        }
        AccountDraft {
            kind: if mapped("kind") {
                incoming.kind
            } else {
                self.kind
            },
            customer_number: overlay_value(
                mapped("customer_number"),
                incoming.customer_number.as_ref(),
                self.customer_number.as_ref(),
            ),
            name: if mapped("name") {
                incoming.name.clone()
            } else {
                self.name.clone()
            },
            business_id: overlay_value(
                mapped("business_id"),
                incoming.business_id.as_ref(),
                self.business_id.as_ref(),
            ),
            industry: overlay_value(
                mapped("industry"),
                incoming.industry.as_ref(),
                self.industry.as_ref(),
            ),
            size_class: overlay_value(
                mapped("size_class"),
                incoming.size_class.as_ref(),
                self.size_class.as_ref(),
            ),
            annual_revenue: overlay_value(
                mapped("annual_revenue"),
                incoming.annual_revenue.as_ref(),
                self.annual_revenue.as_ref(),
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
            street_address: overlay_value(
                mapped("street_address"),
                incoming.street_address.as_ref(),
                self.street_address.as_ref(),
            ),
            postal_code: overlay_value(
                mapped("postal_code"),
                incoming.postal_code.as_ref(),
                self.postal_code.as_ref(),
            ),
            municipality: overlay_value(
                mapped("municipality"),
                incoming.municipality.as_ref(),
                self.municipality.as_ref(),
            ),
            country: if mapped("country") {
                incoming.country.clone()
            } else {
                self.country.clone()
            },
            website: overlay_value(
                mapped("website"),
                incoming.website.as_ref(),
                self.website.as_ref(),
            ),
            status: if mapped("status") {
                incoming.status
            } else {
                self.status
            },
            owner: overlay_value(
                mapped("owner"),
                incoming.owner.as_ref(),
                self.owner.as_ref(),
            ),
            tags,
            special_wishes: overlay_value(
                mapped("special_wishes"),
                incoming.special_wishes.as_ref(),
                self.special_wishes.as_ref(),
            ),
            custom: self.custom.clone(),
        }
    }
}

impl From<&AccountDraft> for AccountInput {
    fn from(d: &AccountDraft) -> Self {
        Self {
            kind: Some(d.kind.as_str().into()),
            customer_number: d.customer_number.clone(),
            name: Some(d.name.clone()),
            business_id: d.business_id.as_ref().map(ToString::to_string),
            industry: d.industry.clone(),
            size_class: d.size_class.map(|s| s.as_str().into()),
            annual_revenue_cents: d.annual_revenue.map(Money::cents),
            email: d.email.as_ref().map(ToString::to_string),
            phone: d.phone.clone(),
            street_address: d.street_address.clone(),
            postal_code: d.postal_code.clone(),
            municipality: d.municipality.clone(),
            country: Some(d.country.clone()),
            website: d.website.clone(),
            status: Some(d.status.as_str().into()),
            owner: d.owner.clone(),
            tags: d.tags.clone(),
            special_wishes: d.special_wishes.clone(),
            custom: d.custom.clone().into_iter().collect(),
        }
    }
}

/// The longest customer number.
pub const CUSTOMER_NUMBER_MAX: usize = 50;

/// A customer number as the organisation's systems write it, e.g. `10023` or `A-1002`: trimmed,
/// at most [`CUSTOMER_NUMBER_MAX`] characters, without spaces or control characters inside, so
/// that a number read from a file matches the one typed in a form.
pub fn parse_customer_number(input: &str) -> Result<String, Problem> {
    let s = input.trim();
    if s.chars().count() > CUSTOMER_NUMBER_MAX {
        return Err(Problem::TooLong {
            max: CUSTOMER_NUMBER_MAX,
        });
    }
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Problem::CustomerNumber);
    }
    Ok(s.to_owned())
}

/// A phone number: digits with the usual separators, at least five digits.
pub fn parse_phone(input: &str) -> Result<String, Problem> {
    let s = input.trim();
    let ok = s
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()/".contains(c))
        && s.chars().filter(char::is_ascii_digit).count() >= 5
        && s.len() <= 40;
    if ok {
        Ok(s.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err(Problem::Phone)
    }
}

fn parse_country(input: &str) -> Result<String, Problem> {
    let c = input.trim().to_ascii_uppercase();
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(Problem::Country)
    }
}

fn parse_postal_code(input: &str, country: &str) -> Result<String, Problem> {
    let p = input.trim().to_owned();
    if country == "FI" || country.is_empty() {
        if p.len() == 5 && p.chars().all(|c| c.is_ascii_digit()) {
            Ok(p)
        } else {
            Err(Problem::PostalCode)
        }
    } else if p.chars().count() <= 12 {
        Ok(p)
    } else {
        Err(Problem::TooLong { max: 12 })
    }
}

/// A web address: a host name with a dot, with or without `http(s)://`.
pub fn parse_website(input: &str) -> Result<String, Problem> {
    let w = input.trim();
    let host = w
        .strip_prefix("https://")
        .or_else(|| w.strip_prefix("http://"))
        .unwrap_or(w);
    let host_part = host.split('/').next().unwrap_or("");
    let ok = host_part.contains('.')
        && !host_part.starts_with('.')
        && !host_part.ends_with('.')
        && host_part
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == ':')
        && !w.chars().any(char::is_whitespace)
        && w.len() <= 300;
    if ok {
        Ok(w.to_owned())
    } else {
        Err(Problem::Website)
    }
}

/// Trims tags, drops empty ones and repeats (ignoring case), keeps the order given.
pub fn normalise_tags(tags: &[String]) -> Result<Vec<String>, Problem> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags.iter().flat_map(|t| t.split(',')) {
        let t = tag.trim();
        if t.is_empty() || out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            continue;
        }
        if t.chars().count() > 50 {
            return Err(Problem::TooLong { max: 50 });
        }
        out.push(t.to_owned());
    }
    if out.len() > TAGS_MAX {
        return Err(Problem::TooLong { max: TAGS_MAX });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str) -> AccountInput {
        AccountInput {
            name: Some(name.into()),
            ..AccountInput::default()
        }
    }

    #[test]
    fn minimal_account_gets_defaults() {
        let d = input(" Kone Oy ").validate(&[]).unwrap();
        assert_eq!(d.name, "Kone Oy");
        assert_eq!(d.kind, AccountKind::Company);
        assert_eq!(d.status, AccountStatus::Prospect);
        assert_eq!(d.country, "FI");
    }

    #[test]
    fn reports_every_bad_field() {
        let bad = AccountInput {
            name: Some(" ".into()),
            business_id: Some("0112038-8".into()),
            email: Some("nope".into()),
            postal_code: Some("123".into()),
            status: Some("happy".into()),
            annual_revenue_cents: Some(-1),
            ..AccountInput::default()
        };
        let e = bad.validate(&[]).unwrap_err();
        assert_eq!(e.get("name"), Some(&Problem::Required));
        assert_eq!(e.get("business_id"), Some(&Problem::BusinessIdCheckDigit));
        assert_eq!(e.get("email"), Some(&Problem::Email));
        assert_eq!(e.get("postal_code"), Some(&Problem::PostalCode));
        assert!(matches!(e.get("status"), Some(Problem::Choice { .. })));
        assert_eq!(e.get("annual_revenue_cents"), Some(&Problem::NotNegative));
    }

    #[test]
    fn input_round_trips_through_draft() {
        let d = AccountInput {
            name: Some("Kone Oyj".into()),
            business_id: Some("01120389".into()),
            tags: vec!["Hissit, huolto".into(), "hissit".into()],
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        assert_eq!(d.tags, vec!["Hissit", "huolto"]);
        assert_eq!(AccountInput::from(&d).validate(&[]).unwrap(), d);
    }

    #[test]
    fn customer_numbers_are_trimmed_and_have_no_inner_spaces() {
        assert_eq!(parse_customer_number(" A-1002 "), Ok("A-1002".into()));
        assert_eq!(
            parse_customer_number("10 023"),
            Err(Problem::CustomerNumber)
        );
        assert_eq!(
            parse_customer_number(&"9".repeat(51)),
            Err(Problem::TooLong { max: 50 })
        );
        let d = AccountInput {
            name: Some("Kone Oy".into()),
            customer_number: Some("  ".into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        assert_eq!(d.customer_number, None, "an empty number is no number");
    }

    #[test]
    fn an_import_overlays_only_the_values_its_file_gives() {
        let stored = AccountInput {
            name: Some("Kone Oy".into()),
            status: Some("customer".into()),
            municipality: Some("Espoo".into()),
            phone: Some("09 123 456".into()),
            tags: vec!["avainasiakas".into()],
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        let file = AccountInput {
            name: Some("Kone Oyj".into()),
            municipality: Some("Helsinki".into()),
            tags: vec!["Avainasiakas, vienti".into()],
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        let mapped = |f: &str| ["name", "municipality", "phone", "tags"].contains(&f);
        let merged = stored.overlay(&file, mapped);
        assert_eq!(merged.name, "Kone Oyj");
        assert_eq!(merged.municipality.as_deref(), Some("Helsinki"));
        assert_eq!(
            merged.phone.as_deref(),
            Some("09 123 456"),
            "an empty cell keeps it"
        );
        assert_eq!(
            merged.status,
            AccountStatus::Customer,
            "an unmapped status stays"
        );
        assert_eq!(merged.tags, ["avainasiakas", "vienti"]);
        assert_eq!(stored.overlay(&stored, |_| true), stored);
    }
}
