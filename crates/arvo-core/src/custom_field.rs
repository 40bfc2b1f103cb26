//! Custom fields the organisation defines for its accounts: text, number, date or a choice.

use crate::dates::{format_iso, parse_date};
use crate::validation::{Problem, ValidationErrors};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The type of a custom field's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomFieldKind {
    Text,
    Number,
    Date,
    Choice,
}

impl CustomFieldKind {
    pub const ALL: [Self; 4] = [Self::Text, Self::Number, Self::Date, Self::Choice];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Choice => "choice",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// A field the organisation added to its accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomFieldDef {
    /// Stable machine name, e.g. `erp_number`.
    pub key: String,
    /// What people see, e.g. "ERP-numero".
    pub label: String,
    pub kind: CustomFieldKind,
    /// The allowed values of a choice field.
    #[serde(default)]
    pub options: Vec<String>,
}

impl CustomFieldDef {
    /// Validates a definition typed by an administrator.
    pub fn validate(
        key: &str,
        label: &str,
        kind: &str,
        options: &str,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let key = key.trim().to_lowercase();
        let key_ok = key.len() <= 40
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if key.is_empty() {
            errors.add("key", Problem::Required);
        } else if !key_ok {
            errors.add("key", Problem::Key);
        }
        let label = crate::validation::required_text(&mut errors, "label", Some(label), 80);
        let kind_value = CustomFieldKind::parse(kind);
        if kind_value.is_none() {
            errors.add(
                "kind",
                Problem::Choice {
                    allowed: CustomFieldKind::ALL
                        .iter()
                        .map(|k| k.as_str().into())
                        .collect(),
                },
            );
        }
        let options: Vec<String> = options
            .split([',', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if kind_value == Some(CustomFieldKind::Choice) && options.is_empty() {
            errors.add("options", Problem::Required);
        }
        errors.into_result(|| Self {
            key,
            label,
            kind: kind_value.unwrap_or(CustomFieldKind::Text),
            options: if kind_value == Some(CustomFieldKind::Choice) {
                options
            } else {
                Vec::new()
            },
        })
    }

    /// Checks and normalises one value: numbers become JSON numbers (Finnish decimal commas
    /// accepted), dates become ISO strings, choices must be one of the options. `None` means the
    /// value is empty and the field is cleared.
    pub fn normalise(&self, value: &Value) -> Result<Option<Value>, Problem> {
        let text = match value {
            Value::Null => return Ok(None),
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) if self.kind == CustomFieldKind::Number => {
                return Ok(Some(Value::Number(n.clone())));
            }
            other => other.to_string(),
        };
        match self.kind {
            CustomFieldKind::Text if text.chars().count() > 1000 => {
                Err(Problem::TooLong { max: 1000 })
            }
            CustomFieldKind::Text => Ok(Some(Value::String(text))),
            CustomFieldKind::Number => {
                let cleaned: String = text
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
                    .collect();
                let parsed: f64 = cleaned
                    .replace(',', ".")
                    .parse()
                    .map_err(|_| Problem::Number)?;
                serde_json::Number::from_f64(parsed)
                    .map(|n| Some(Value::Number(n)))
                    .ok_or(Problem::Number)
            }
            CustomFieldKind::Date => Ok(Some(Value::String(format_iso(parse_date(&text)?)))),
            CustomFieldKind::Choice => {
                match self.options.iter().find(|o| o.eq_ignore_ascii_case(&text)) {
                    Some(option) => Ok(Some(Value::String(option.clone()))),
                    None => Err(Problem::Choice {
                        allowed: self.options.clone(),
                    }),
                }
            }
        }
    }
}

/// Validates a record's custom values against the organisation's definitions. Errors name the
/// field as `custom.<key>`.
pub fn validate_custom_values(
    errors: &mut ValidationErrors,
    defs: &[CustomFieldDef],
    values: &Map<String, Value>,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (key, value) in values {
        let field = format!("custom.{key}");
        let Some(def) = defs.iter().find(|d| &d.key == key) else {
            if !value.is_null() {
                errors.add(field, Problem::UnknownField);
            }
            continue;
        };
        match def.normalise(value) {
            Ok(Some(v)) => {
                out.insert(key.clone(), v);
            }
            Ok(None) => {}
            Err(p) => errors.add(field, p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(kind: CustomFieldKind) -> CustomFieldDef {
        CustomFieldDef {
            key: "f".into(),
            label: "F".into(),
            kind,
            options: vec!["Kulta".into(), "Hopea".into()],
        }
    }

    #[test]
    fn normalises_by_kind() {
        assert_eq!(
            def(CustomFieldKind::Number).normalise(&json!("1 234,5")),
            Ok(Some(json!(1234.5)))
        );
        assert_eq!(
            def(CustomFieldKind::Date).normalise(&json!("22.11.2026")),
            Ok(Some(json!("2026-11-22")))
        );
        assert_eq!(
            def(CustomFieldKind::Choice).normalise(&json!("kulta")),
            Ok(Some(json!("Kulta")))
        );
        assert!(
            def(CustomFieldKind::Choice)
                .normalise(&json!("Pronssi"))
                .is_err()
        );
        assert_eq!(def(CustomFieldKind::Text).normalise(&json!("  ")), Ok(None));
        assert_eq!(
            def(CustomFieldKind::Number).normalise(&json!("x")),
            Err(Problem::Number)
        );
    }

    #[test]
    fn unknown_keys_are_errors_named_by_key() {
        let mut errors = ValidationErrors::new();
        let values = json!({"nope": "x"}).as_object().cloned().unwrap();
        validate_custom_values(&mut errors, &[def(CustomFieldKind::Text)], &values);
        assert_eq!(errors.get("custom.nope"), Some(&Problem::UnknownField));
    }

    #[test]
    fn definitions_are_validated() {
        assert!(CustomFieldDef::validate("erp_number", "ERP", "text", "").is_ok());
        let e = CustomFieldDef::validate("9x", "", "colour", "").unwrap_err();
        assert!(e.get("key").is_some() && e.get("label").is_some() && e.get("kind").is_some());
        assert!(
            CustomFieldDef::validate("tier", "Taso", "choice", "")
                .unwrap_err()
                .get("options")
                .is_some()
        );
    }
}
