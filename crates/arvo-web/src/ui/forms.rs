//! HTML forms: reading posted fields, turning them into API inputs, and describing the fields a
//! form shows, with the user's typed values and the errors beside each field.

use crate::i18n::{Lang, Texts};
use arvo_core::{
    AccountDraft, AccountInput, AccountKind, AccountStatus, BuyingRole, ConsentStatus,
    ContactDraft, ContactInput, CustomFieldDef, CustomFieldKind, Money, Problem, SizeClass,
    ValidationErrors,
};
use serde_json::Value;

/// The fields of a posted form, in order; a name may repeat (checkboxes).
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        let v = self.get(name).trim();
        (!v.is_empty()).then(|| v.to_owned())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((name.to_owned(), value.into()));
    }

    /// The posted `version`, when it is a number.
    pub fn version(&self) -> Option<i64> {
        self.get("version").trim().parse().ok()
    }
}

/// One choice in a select, a radio group or a set of checkboxes.
#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
    chosen: &[String],
) -> Vec<SelectOption> {
    all.iter()
        .map(|v| SelectOption {
            value: code(*v).to_owned(),
            label: label(*v),
            selected: chosen.iter().any(|c| c == code(*v)),
        })
        .collect()
}

/// One field of a form as the template draws it.
#[derive(Debug, Clone, Default)]
pub struct FieldView {
    pub name: String,
    pub label: String,
    /// `text`, `select`, `textarea` or `checkboxes`.
    pub control: &'static str,
    pub input_type: &'static str,
    pub value: String,
    pub placeholder: String,
    pub autocomplete: &'static str,
    pub inputmode: &'static str,
    pub hint: String,
    pub required: bool,
    pub wide: bool,
    pub error: Option<String>,
    pub options: Vec<SelectOption>,
}

impl FieldView {
    pub fn text(name: &str, label: &str, form: &FormData) -> Self {
        Self {
            name: name.to_owned(),
            label: label.to_owned(),
            control: "text",
            input_type: "text",
            value: form.get(name).to_owned(),
            ..Self::default()
        }
    }

    pub fn select(name: &str, label: &str, options: Vec<SelectOption>) -> Self {
        Self {
            name: name.to_owned(),
            label: label.to_owned(),
            control: "select",
            options,
            ..Self::default()
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn wide(mut self) -> Self {
        self.wide = true;
        self
    }

    pub fn input(mut self, input_type: &'static str, autocomplete: &'static str) -> Self {
        self.input_type = input_type;
        self.autocomplete = autocomplete;
        self
    }

    pub fn inputmode(mut self, mode: &'static str) -> Self {
        self.inputmode = mode;
        self
    }

    pub fn hint(mut self, hint: &str) -> Self {
        hint.clone_into(&mut self.hint);
        self
    }

    pub fn placeholder(mut self, p: &str) -> Self {
        p.clone_into(&mut self.placeholder);
        self
    }

    pub fn textarea(mut self) -> Self {
        self.control = "textarea";
        self.wide = true;
        self
    }
}

/// A titled group of fields.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub fields: Vec<FieldView>,
}

/// Puts each error's message beside its field. Errors named after an API field that the form
/// shows under another name (revenue in cents) are moved to the form's field.
pub fn attach_errors(lang: Lang, sections: &mut [Section], errors: &ValidationErrors) {
    for e in &errors.0 {
        let name = if e.field == "annual_revenue_cents" {
            "annual_revenue"
        } else {
            e.field.as_str()
        };
        if let Some(f) = sections
            .iter_mut()
            .flat_map(|s| s.fields.iter_mut())
            .find(|f| f.name == name)
            && f.error.is_none()
        {
            f.error = Some(lang.problem(&f.label, &e.problem));
        }
    }
}

/// Reads an account form into the API's input; a revenue that is not a number is reported.
pub fn account_input(form: &FormData, defs: &[CustomFieldDef]) -> (AccountInput, ValidationErrors) {
    let mut errors = ValidationErrors::new();
    let annual_revenue_cents = form
        .opt("annual_revenue")
        .and_then(|r| errors.take("annual_revenue", Money::parse(&r)))
        .map(Money::cents);
    let custom = defs
        .iter()
        .map(|d| {
            (
                d.key.clone(),
                Value::String(form.get(&format!("custom.{}", d.key)).to_owned()),
            )
        })
        .collect();
    let input = AccountInput {
        kind: form.opt("kind"),
        customer_number: form.opt("customer_number"),
        name: form.opt("name"),
        business_id: form.opt("business_id"),
        industry: form.opt("industry"),
        size_class: form.opt("size_class"),
        annual_revenue_cents,
        email: form.opt("email"),
        phone: form.opt("phone"),
        street_address: form.opt("street_address"),
        postal_code: form.opt("postal_code"),
        municipality: form.opt("municipality"),
        country: form.opt("country"),
        website: form.opt("website"),
        status: form.opt("status"),
        owner: form.opt("owner"),
        tags: form.opt("tags").into_iter().collect(),
        special_wishes: form.opt("special_wishes"),
        custom,
    };
    (input, errors)
}

/// The form values that show a stored account for editing.
pub fn account_form_values(lang: Lang, d: &AccountDraft, defs: &[CustomFieldDef]) -> FormData {
    let mut f = FormData::default();
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    f.set("kind", d.kind.as_str());
    f.set("customer_number", text(&d.customer_number));
    f.set("name", &d.name);
    f.set(
        "business_id",
        d.business_id
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    f.set("industry", text(&d.industry));
    f.set(
        "size_class",
        d.size_class.map(SizeClass::as_str).unwrap_or_default(),
    );
    f.set(
        "annual_revenue",
        d.annual_revenue
            .map(|m| lang.money_input(m))
            .unwrap_or_default(),
    );
    f.set(
        "email",
        d.email
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    f.set("phone", text(&d.phone));
    f.set("street_address", text(&d.street_address));
    f.set("postal_code", text(&d.postal_code));
    f.set("municipality", text(&d.municipality));
    f.set("country", &d.country);
    f.set("website", text(&d.website));
    f.set("status", d.status.as_str());
    f.set("owner", text(&d.owner));
    f.set("tags", d.tags.join(", "));
    f.set("special_wishes", text(&d.special_wishes));
    for def in defs {
        let value = d
            .custom
            .get(&def.key)
            .map(|v| custom_display(lang, def, v))
            .unwrap_or_default();
        f.set(&format!("custom.{}", def.key), value);
    }
    f
}

/// A custom value as a person reads and types it in this language.
pub fn custom_display(lang: Lang, def: &CustomFieldDef, v: &Value) -> String {
    match (def.kind, v) {
        (CustomFieldKind::Date, Value::String(s)) => {
            arvo_core::dates::parse_date(s).map_or_else(|_| s.clone(), |d| lang.date(d))
        }
        (CustomFieldKind::Number, Value::Number(n)) => {
            let s = n.to_string();
            if lang == Lang::Fi {
                s.replace('.', ",")
            } else {
                s
            }
        }
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// The sections of the account form, filled with `form`'s values.
pub fn account_sections(lang: Lang, form: &FormData, defs: &[CustomFieldDef]) -> Vec<Section> {
    let t: &Texts = lang.texts();
    let one = |name: &str| vec![form.get(name).to_owned()];
    let kind_value = if form.get("kind").is_empty() {
        vec!["company".to_owned()]
    } else {
        one("kind")
    };
    let status_value = if form.get("status").is_empty() {
        vec!["prospect".to_owned()]
    } else {
        one("status")
    };
    let mut sections = vec![
        Section {
            title: t.section_profile.to_owned(),
            fields: vec![
                FieldView::text("name", t.f_name, form)
                    .required()
                    .input("text", "organization"),
                FieldView::select(
                    "kind",
                    t.f_kind,
                    options(
                        AccountKind::ALL,
                        AccountKind::as_str,
                        |k| lang.kind(k).into(),
                        &kind_value,
                    ),
                )
                .required(),
                FieldView::text("business_id", t.f_business_id, form).placeholder("1234567-8"),
                FieldView::text("customer_number", t.f_customer_number, form)
                    .hint(t.f_customer_number_hint),
                FieldView::select(
                    "status",
                    t.f_status,
                    options(
                        AccountStatus::ALL,
                        AccountStatus::as_str,
                        |s| lang.status(s).into(),
                        &status_value,
                    ),
                )
                .required(),
                FieldView::text("industry", t.f_industry, form),
                FieldView::select(
                    "size_class",
                    t.f_size_class,
                    options(
                        SizeClass::ALL,
                        SizeClass::as_str,
                        |s| lang.size(s).into(),
                        &one("size_class"),
                    ),
                ),
                FieldView::text("annual_revenue", t.f_annual_revenue, form).inputmode("decimal"),
                FieldView::text("owner", t.f_owner, form),
                FieldView::text("tags", t.f_tags, form)
                    .hint(t.f_tags_hint)
                    .wide(),
            ],
        },
        Section {
            title: t.section_location.to_owned(),
            fields: vec![
                FieldView::text("email", t.f_email, form).input("email", "email"),
                FieldView::text("phone", t.f_phone, form).input("tel", "tel"),
                FieldView::text("website", t.f_website, form)
                    .input("text", "url")
                    .placeholder("www.yritys.fi"),
                FieldView::text("street_address", t.f_street_address, form)
                    .input("text", "street-address"),
                FieldView::text("postal_code", t.f_postal_code, form)
                    .input("text", "postal-code")
                    .inputmode("numeric"),
                FieldView::text("municipality", t.f_municipality, form)
                    .input("text", "address-level2"),
                FieldView::text("country", t.f_country, form)
                    .input("text", "country")
                    .placeholder("FI"),
                FieldView::text("special_wishes", t.f_special_wishes, form).textarea(),
            ],
        },
    ];
    if !defs.is_empty() {
        let fields = defs
            .iter()
            .map(|d| {
                let name = format!("custom.{}", d.key);
                match d.kind {
                    CustomFieldKind::Choice => {
                        let chosen = [form.get(&name).to_owned()];
                        let opts = d
                            .options
                            .iter()
                            .map(|o| SelectOption {
                                value: o.clone(),
                                label: o.clone(),
                                selected: chosen.contains(o),
                            })
                            .collect();
                        FieldView::select(&name, &d.label, opts)
                    }
                    CustomFieldKind::Date => {
                        FieldView::text(&name, &d.label, form).placeholder(t.date_placeholder)
                    }
                    CustomFieldKind::Number => {
                        FieldView::text(&name, &d.label, form).inputmode("decimal")
                    }
                    CustomFieldKind::Text => FieldView::text(&name, &d.label, form),
                }
            })
            .collect();
        sections.push(Section {
            title: t.section_custom.to_owned(),
            fields,
        });
    }
    sections
}

/// Reads a contact form into the API's input.
pub fn contact_input(form: &FormData) -> ContactInput {
    ContactInput {
        first_name: form.opt("first_name"),
        last_name: form.opt("last_name"),
        title: form.opt("title"),
        email: form.opt("email"),
        phone: form.opt("phone"),
        roles: form.all("roles"),
        marketing_consent: form.opt("marketing_consent"),
        consent_date: form.opt("consent_date"),
        consent_source: form.opt("consent_source"),
        notes: form.opt("notes"),
    }
}

/// The form values that show a stored contact for editing.
pub fn contact_form_values(lang: Lang, d: &ContactDraft) -> FormData {
    let mut f = FormData::default();
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    f.set("first_name", text(&d.first_name));
    f.set("last_name", &d.last_name);
    f.set("title", text(&d.title));
    f.set(
        "email",
        d.email
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    f.set("phone", text(&d.phone));
    for r in &d.roles {
        f.set("roles", r.as_str());
    }
    f.set("marketing_consent", d.marketing_consent.as_str());
    f.set(
        "consent_date",
        d.consent_date.map(|x| lang.date(x)).unwrap_or_default(),
    );
    f.set("consent_source", text(&d.consent_source));
    f.set("notes", text(&d.notes));
    f
}

pub fn contact_sections(lang: Lang, form: &FormData) -> Vec<Section> {
    let t = lang.texts();
    let consent = if form.get("marketing_consent").is_empty() {
        vec!["unknown".to_owned()]
    } else {
        vec![form.get("marketing_consent").to_owned()]
    };
    let roles = FieldView {
        name: "roles".into(),
        label: t.f_roles.into(),
        control: "checkboxes",
        wide: true,
        options: options(
            BuyingRole::ALL,
            BuyingRole::as_str,
            |r| lang.role(r).into(),
            &form.all("roles"),
        ),
        ..FieldView::default()
    };
    vec![
        Section {
            title: t.section_profile.to_owned(),
            fields: vec![
                FieldView::text("first_name", t.f_first_name, form).input("text", "given-name"),
                FieldView::text("last_name", t.f_last_name, form)
                    .required()
                    .input("text", "family-name"),
                FieldView::text("title", t.f_title, form).input("text", "organization-title"),
                FieldView::text("email", t.f_email, form).input("email", "email"),
                FieldView::text("phone", t.f_phone, form).input("tel", "tel"),
                roles,
            ],
        },
        Section {
            title: t.f_consent.to_owned(),
            fields: vec![
                FieldView::select(
                    "marketing_consent",
                    t.f_consent,
                    options(
                        ConsentStatus::ALL,
                        ConsentStatus::as_str,
                        |c| lang.consent(c).into(),
                        &consent,
                    ),
                )
                .required(),
                FieldView::text("consent_date", t.f_consent_date, form)
                    .placeholder(t.date_placeholder),
                FieldView::text("consent_source", t.f_consent_source, form),
                FieldView::text("notes", t.f_notes, form).textarea(),
            ],
        },
    ]
}

/// A problem with the posted form itself (a missing version).
pub fn missing_version() -> ValidationErrors {
    ValidationErrors::single("version", Problem::Required)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_revenue_is_read_and_bad_revenue_named() {
        let mut f = FormData::default();
        f.set("name", "Kone Oy");
        f.set("annual_revenue", "1 234 567,50");
        let (input, errors) = account_input(&f, &[]);
        assert!(errors.is_empty());
        assert_eq!(input.annual_revenue_cents, Some(123_456_750));
        f.0[1].1 = "paljon".into();
        let (_, errors) = account_input(&f, &[]);
        assert_eq!(errors.get("annual_revenue"), Some(&Problem::Number));
    }

    #[test]
    fn errors_land_beside_their_fields() {
        let f = FormData::default();
        let mut sections = account_sections(Lang::Fi, &f, &[]);
        let errors = ValidationErrors::single("annual_revenue_cents", Problem::NotNegative);
        attach_errors(Lang::Fi, &mut sections, &errors);
        let field = sections[0]
            .fields
            .iter()
            .find(|f| f.name == "annual_revenue")
            .unwrap();
        assert_eq!(field.error.as_deref(), Some("Ei voi olla negatiivinen."));
    }
}
