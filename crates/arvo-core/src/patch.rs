//! Reading loosely typed JSON input into an input struct field by field, so that a value of the
//! wrong type becomes an error naming its field, and partial updates overlay only what was sent.

use crate::validation::{Problem, ValidationErrors};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Overlays the fields of `patch` on `base`. Unknown fields and values of the wrong type are
/// reported by name; a `custom` object is merged key by key rather than replaced.
pub fn merge_patch<T: Serialize + DeserializeOwned>(
    base: &T,
    patch: &Map<String, Value>,
) -> Result<T, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let Ok(Value::Object(mut merged)) = serde_json::to_value(base) else {
        return Err(ValidationErrors::single("body", Problem::Required));
    };
    for (key, value) in patch {
        let Some(current) = merged.get(key) else {
            errors.add(key.clone(), Problem::UnknownField);
            continue;
        };
        let candidate = match (current, value) {
            (Value::Object(cur), Value::Object(new)) => {
                let mut joined = cur.clone();
                joined.extend(new.clone());
                Value::Object(joined)
            }
            _ => value.clone(),
        };
        let mut probe = merged.clone();
        probe.insert(key.clone(), candidate.clone());
        if serde_json::from_value::<T>(Value::Object(probe)).is_err() {
            errors.add(key.clone(), Problem::WrongType);
            continue;
        }
        merged.insert(key.clone(), candidate);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    serde_json::from_value(Value::Object(merged))
        .map_err(|_| ValidationErrors::single("body", Problem::WrongType))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AccountInput;
    use serde_json::json;

    #[test]
    fn overlays_only_given_fields() {
        let base = AccountInput {
            name: Some("Kone Oy".into()),
            ..AccountInput::default()
        };
        let patch = json!({"status": "customer", "custom": {"tier": "A"}});
        let merged = merge_patch(&base, patch.as_object().unwrap()).unwrap();
        assert_eq!(merged.status.as_deref(), Some("customer"));
        assert_eq!(merged.name.as_deref(), Some("Kone Oy"));
        assert_eq!(merged.custom.get("tier"), Some(&json!("A")));
    }

    #[test]
    fn names_unknown_and_mistyped_fields() {
        let patch = json!({"name": 5, "colour": "red", "tags": ["a"]});
        let e = merge_patch(&AccountInput::default(), patch.as_object().unwrap()).unwrap_err();
        assert!(e.get("name").is_some());
        assert_eq!(e.get("colour"), Some(&Problem::UnknownField));
        assert!(e.get("tags").is_none());
    }
}
