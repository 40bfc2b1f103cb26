//! Field-level change history: what changed between two versions of a record.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// One field's value before and after a change (`null` when it was or became empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    #[schema(value_type = Object)]
    pub before: Value,
    #[schema(value_type = Object)]
    pub after: Value,
}

/// The fields that differ between two serialised records. Nested objects (custom fields) are
/// compared key by key and named `custom.<key>`. Fields listed in `ignore` are skipped.
pub fn diff<T: Serialize>(before: &T, after: &T, ignore: &[&str]) -> Vec<FieldChange> {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys.into_iter().filter(|k| !ignore.contains(&k.as_str())) {
        let old = b.get(key).unwrap_or(&Value::Null);
        let new = a.get(key).unwrap_or(&Value::Null);
        if let (Value::Object(o), Value::Object(n)) = (old, new) {
            let mut sub: Vec<&String> = o.keys().chain(n.keys()).collect();
            sub.sort();
            sub.dedup();
            for k in sub {
                let (ov, nv) = (
                    o.get(k).unwrap_or(&Value::Null),
                    n.get(k).unwrap_or(&Value::Null),
                );
                if ov != nv {
                    changes.push(FieldChange {
                        field: format!("{key}.{k}"),
                        before: ov.clone(),
                        after: nv.clone(),
                    });
                }
            }
        } else if old != new {
            changes.push(FieldChange {
                field: key.clone(),
                before: old.clone(),
                after: new.clone(),
            });
        }
    }
    changes
}

/// Every non-empty field of a new record, as changes from nothing.
pub fn created<T: Serialize>(record: &T) -> Vec<FieldChange> {
    let empty = Value::Object(serde_json::Map::new());
    let Ok(value) = serde_json::to_value(record) else {
        return Vec::new();
    };
    diff(&empty, &value, &[])
        .into_iter()
        .filter(|c| match &c.after {
            Value::Null => false,
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
            _ => true,
        })
        .collect()
}

/// Every non-empty field of a removed record, as changes to nothing: what the record held when
/// it was deleted.
pub fn removed<T: Serialize>(record: &T) -> Vec<FieldChange> {
    created(record)
        .into_iter()
        .map(|c| FieldChange {
            field: c.field,
            before: c.after,
            after: Value::Null,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_changed_fields_and_custom_keys() {
        let a = json!({"name": "Kone Oy", "status": "prospect", "custom": {"tier": "A"}});
        let b = json!({"name": "Kone Oy", "status": "customer", "custom": {"tier": "B", "erp": 5}});
        let d = diff(&a, &b, &[]);
        let fields: Vec<&str> = d.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, vec!["custom.erp", "custom.tier", "status"]);
        assert_eq!(d[2].before, json!("prospect"));
        assert!(diff(&a, &a, &[]).is_empty());
        assert!(diff(&a, &b, &["status", "custom"]).is_empty());
    }

    #[test]
    fn created_lists_only_filled_fields() {
        let c = created(&json!({"name": "Kone", "email": null, "tags": [], "custom": {}}));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].field, "name");
        let r = removed(&json!({"name": "Kone", "email": null}));
        assert_eq!(
            (r[0].before.clone(), r[0].after.clone()),
            (json!("Kone"), Value::Null)
        );
    }
}

/// Who made a change and through which door: the web pages, the API, the command line or an
/// import. Every history entry records one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Actor {
    pub name: String,
    pub via: String,
}

impl Actor {
    pub fn new(name: impl Into<String>, via: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            via: via.into(),
        }
    }
}
