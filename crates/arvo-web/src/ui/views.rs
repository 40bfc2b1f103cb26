//! View models: records turned into the display strings a page shows, in the user's language.

use super::forms::custom_display;
use crate::i18n::Lang;
use arvo_core::personal_data::{ERASED_NAME, ERASED_VALUE};
use arvo_core::{Account, AccountKind, Contact, CustomFieldDef};
use arvo_store::HistoryEntry;
use arvo_store::personal_data::ConsentEvent;
use serde_json::Value;

/// One row of the account list.
pub struct AccountRowView {
    pub id: i64,
    pub name: String,
    pub person: bool,
    pub kind: &'static str,
    pub business_id: String,
    pub municipality: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub owner: String,
    pub revenue: String,
    pub updated: String,
}

impl AccountRowView {
    pub fn new(lang: Lang, a: &Account) -> Self {
        let d = &a.data;
        Self {
            id: a.id,
            name: d.name.clone(),
            person: d.kind == AccountKind::Person,
            kind: lang.kind(d.kind),
            business_id: d
                .business_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            municipality: d.municipality.clone().unwrap_or_default(),
            status: lang.status(d.status),
            status_code: d.status.as_str(),
            owner: d.owner.clone().unwrap_or_default(),
            revenue: d
                .annual_revenue
                .map(|m| lang.money_whole(m))
                .unwrap_or_default(),
            updated: lang.date(a.updated_at.date_naive()),
        }
    }
}

/// A labelled value on an account page.
pub struct Fact {
    pub label: String,
    pub value: String,
    pub link: bool,
}

fn fact(label: &str, value: Option<String>) -> Option<Fact> {
    value.filter(|v| !v.is_empty()).map(|value| Fact {
        label: label.to_owned(),
        value,
        link: false,
    })
}

/// The account page's data.
pub struct AccountView {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub business_id: String,
    pub municipality: String,
    pub tags: Vec<String>,
    pub profile: Vec<Fact>,
    pub location: Vec<Fact>,
    pub custom: Vec<Fact>,
    pub special_wishes: String,
    pub created: String,
    pub updated: String,
}

impl AccountView {
    pub fn new(lang: Lang, a: &Account, defs: &[CustomFieldDef]) -> Self {
        let t = lang.texts();
        let d = &a.data;
        let profile = [
            fact(t.f_kind, Some(lang.kind(d.kind).to_owned())),
            fact(
                t.f_business_id,
                d.business_id.as_ref().map(ToString::to_string),
            ),
            fact(t.f_customer_number, d.customer_number.clone()),
            fact(t.f_industry, d.industry.clone()),
            fact(
                t.f_size_class,
                d.size_class.map(|s| lang.size(s).to_owned()),
            ),
            fact(t.f_annual_revenue, d.annual_revenue.map(|m| lang.money(m))),
            fact(t.f_owner, d.owner.clone()),
        ];
        let website = d.website.as_ref().map(|w| {
            let href = if w.starts_with("http") {
                w.clone()
            } else {
                format!("https://{w}")
            };
            Fact {
                label: t.f_website.to_owned(),
                value: href,
                link: true,
            }
        });
        let postal = match (&d.postal_code, &d.municipality) {
            (Some(p), Some(m)) => Some(format!("{p} {m}")),
            (p, m) => p.clone().or_else(|| m.clone()),
        };
        let location = [
            fact(t.f_email, d.email.as_ref().map(ToString::to_string)),
            fact(t.f_phone, d.phone.clone()),
            website,
            fact(t.f_street_address, d.street_address.clone()),
            fact(t.f_municipality, postal),
            fact(t.f_country, Some(d.country.clone())),
        ];
        let custom = defs
            .iter()
            .filter_map(|def| {
                let v = d.custom.get(&def.key)?;
                fact(&def.label, Some(custom_display(lang, def, v)))
            })
            .collect();
        Self {
            id: a.id,
            version: a.version,
            name: d.name.clone(),
            kind: lang.kind(d.kind),
            status: lang.status(d.status),
            status_code: d.status.as_str(),
            business_id: d
                .business_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            municipality: d.municipality.clone().unwrap_or_default(),
            tags: d.tags.clone(),
            profile: profile.into_iter().flatten().collect(),
            location: location.into_iter().flatten().collect(),
            custom,
            special_wishes: d.special_wishes.clone().unwrap_or_default(),
            created: lang.time(a.created_at),
            updated: lang.time(a.updated_at),
        }
    }
}

/// A contact as a table row.
pub struct ContactView {
    pub id: i64,
    pub account_id: i64,
    pub account: String,
    pub name: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub roles: String,
    pub consent: String,
    pub erased: bool,
}

/// A contact's name as pages show it: an erased contact's in the user's language.
pub fn contact_name(lang: Lang, c: &Contact) -> String {
    if c.erased_at.is_some() {
        lang.texts().erased_person.to_owned()
    } else {
        c.data.full_name()
    }
}

impl ContactView {
    pub fn new(lang: Lang, c: &Contact, account: &str) -> Self {
        let d = &c.data;
        let consent = match d.consent_date {
            Some(date) => format!("{} {}", lang.consent(d.marketing_consent), lang.date(date)),
            None => lang.consent(d.marketing_consent).to_owned(),
        };
        Self {
            id: c.id,
            account_id: c.account_id,
            account: account.to_owned(),
            name: contact_name(lang, c),
            title: d.title.clone().unwrap_or_default(),
            email: d
                .email
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            phone: d.phone.clone().unwrap_or_default(),
            roles: d
                .roles
                .iter()
                .map(|r| lang.role(*r))
                .collect::<Vec<_>>()
                .join(", "),
            consent,
            erased: c.erased_at.is_some(),
        }
    }
}

/// A contact's page: its details as labelled values.
pub struct ContactPageView {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub erased: bool,
    pub facts: Vec<Fact>,
    pub notes: String,
}

impl ContactPageView {
    pub fn new(lang: Lang, c: &Contact) -> Self {
        let t = lang.texts();
        let d = &c.data;
        let roles = d
            .roles
            .iter()
            .map(|r| lang.role(*r))
            .collect::<Vec<_>>()
            .join(", ");
        let facts = [
            fact(t.f_title, d.title.clone()),
            fact(t.f_email, d.email.as_ref().map(ToString::to_string)),
            fact(t.f_phone, d.phone.clone()),
            fact(t.f_roles, Some(roles)),
            fact(
                t.f_consent,
                Some(lang.consent(d.marketing_consent).to_owned()),
            ),
            fact(t.f_consent_date, d.consent_date.map(|x| lang.date(x))),
            fact(t.f_consent_source, d.consent_source.clone()),
            fact(t.created_at, Some(lang.time(c.created_at))),
            fact(t.updated_at, Some(lang.time(c.updated_at))),
            fact(t.erased_at, c.erased_at.map(|x| lang.time(x))),
        ];
        Self {
            id: c.id,
            account_id: c.account_id,
            name: contact_name(lang, c),
            erased: c.erased_at.is_some(),
            facts: facts.into_iter().flatten().collect(),
            notes: d.notes.clone().unwrap_or_default(),
        }
    }
}

/// One row of a contact's consent history.
pub struct ConsentView {
    pub recorded: String,
    pub status: &'static str,
    pub date: String,
    pub source: String,
    pub by: String,
}

impl ConsentView {
    pub fn new(lang: Lang, e: &ConsentEvent) -> Self {
        Self {
            recorded: lang.time(e.recorded_at),
            status: lang.consent(e.status),
            date: e.consent_date.map(|d| lang.date(d)).unwrap_or_default(),
            source: e.source.clone().unwrap_or_default(),
            by: e.recorded_by.clone(),
        }
    }
}

/// One field's change as shown in the history.
pub struct ChangeView {
    pub field: String,
    /// Empty for a new record, whose fields had no value before.
    pub before: String,
    pub after: String,
}

/// One history entry.
pub struct HistoryView {
    pub action: &'static str,
    pub subject: String,
    pub at: String,
    pub actor: String,
    pub changes: Vec<ChangeView>,
}

/// A stored JSON value as a short text.
pub fn value_text(lang: Lang, field: &str, v: &Value) -> String {
    match v {
        Value::Null => "–".to_owned(),
        Value::String(s) if s == ERASED_VALUE => lang.texts().erased_value.to_owned(),
        Value::String(s) => match field {
            "status" => arvo_core::AccountStatus::parse(s)
                .map_or_else(|| s.clone(), |x| lang.status(x).to_owned()),
            "kind" => arvo_core::AccountKind::parse(s)
                .map_or_else(|| s.clone(), |x| lang.kind(x).to_owned()),
            "size_class" => arvo_core::SizeClass::parse(s)
                .map_or_else(|| s.clone(), |x| lang.size(x).to_owned()),
            "marketing_consent" => arvo_core::ConsentStatus::parse(s)
                .map_or_else(|| s.clone(), |x| lang.consent(x).to_owned()),
            "role" => arvo_core::Role::parse(s)
                .map_or_else(|| s.clone(), |r| lang.user_role(r).to_owned()),
            "language" => lang.language_name(s).to_owned(),
            // Dates are stored as 2026-11-22 and shown in the reader's format.
            _ => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_or_else(|_| s.clone(), |d| lang.date(d)),
        },
        Value::Bool(active) if field == "active" => if *active {
            lang.texts().user_active
        } else {
            lang.texts().user_inactive
        }
        .to_owned(),
        Value::Number(n) if field == "annual_revenue_cents" => n
            .as_i64()
            .map_or_else(|| n.to_string(), |c| lang.money_whole(arvo_core::Money(c))),
        Value::Array(items) => items
            .iter()
            .map(|i| match (field, i.as_str()) {
                ("roles", Some(r)) => arvo_core::BuyingRole::parse(r)
                    .map_or_else(|| r.to_owned(), |x| lang.role(x).into()),
                (_, Some(s)) => s.to_owned(),
                _ => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        // Custom field values, as one record's whole set: each as "key: value".
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| format!("{k}: {}", value_text(lang, k, v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

impl HistoryView {
    pub fn new(lang: Lang, h: &HistoryEntry) -> Self {
        let subject = match (h.entity.as_str(), &h.summary) {
            ("contact", Some(s)) if s == ERASED_NAME => {
                format!(
                    "{}: {}",
                    lang.texts().nav_contacts,
                    lang.texts().erased_person
                )
            }
            ("contact", Some(s)) => format!("{}: {s}", lang.texts().nav_contacts),
            (_, Some(s)) if h.action != "create" => s.clone(),
            _ => String::new(),
        };
        Self {
            action: lang.action(&h.action),
            subject,
            at: lang.time(h.at),
            actor: h.actor.clone(),
            changes: h
                .changes
                .iter()
                .map(|c| ChangeView {
                    field: lang.field(&c.field),
                    before: if h.action == "create" {
                        String::new()
                    } else {
                        value_text(lang, &c.field, &c.before)
                    },
                    after: value_text(lang, &c.field, &c.after),
                })
                .collect(),
        }
    }
}

/// One year of an account's purchases as its page shows it.
pub struct YearView {
    pub year: i32,
    /// The year is still running: its totals are so far, and it is not compared.
    pub running: bool,
    pub orders: i64,
    pub lines: i64,
    pub net: String,
    pub margin: String,
    /// Against the year before.
    pub change: String,
}

/// One product group's sales in the latest year and the year before.
pub struct GroupView {
    pub name: String,
    pub latest: String,
    pub before: String,
    pub change: String,
}

/// One order in the latest orders.
pub struct OrderView {
    pub number: String,
    pub date: String,
    pub channel: String,
    pub lines: i64,
    pub net: String,
}

/// An account's purchase history: totals and trend by year, product groups of the latest two
/// years, and the latest orders.
pub struct PurchasesView {
    pub years: Vec<YearView>,
    pub latest_year: i32,
    pub groups: Vec<GroupView>,
    pub orders: Vec<OrderView>,
}

/// `now` against `before` as a ratio of change; `None` when there was nothing before.
fn change(now: i64, before: Option<i64>) -> Option<f64> {
    before
        .filter(|b| *b > 0)
        .map(|b| (now - b) as f64 / b as f64)
}

impl PurchasesView {
    /// The history as of `today`: the running year is shown so far and not compared with the
    /// whole year before.
    pub fn new(
        lang: Lang,
        h: &arvo_store::imports::PurchaseHistory,
        today: chrono::NaiveDate,
    ) -> Self {
        let t = lang.texts();
        let years = h
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| YearView {
                year: y.year,
                running: y.year >= chrono::Datelike::year(&today),
                orders: y.orders,
                lines: y.lines,
                net: lang.money_whole(arvo_core::Money(y.net_cents)),
                margin: lang.percent((y.costed_net_cents > 0).then(|| {
                    (y.costed_net_cents - y.cost_cents) as f64 / y.costed_net_cents as f64
                })),
                change: lang.percent(
                    change(
                        y.net_cents,
                        h.years
                            .get(i + 1)
                            .filter(|p| p.year == y.year - 1)
                            .map(|p| p.net_cents),
                    )
                    .filter(|_| y.year < chrono::Datelike::year(&today)),
                ),
            })
            .collect();
        let latest_year = h.years.first().map_or(0, |y| y.year);
        let net_of = |year: i32, group: &Option<String>| {
            h.groups
                .iter()
                .find(|g| g.year == year && &g.product_group == group)
                .map(|g| g.net_cents)
        };
        let groups = h
            .groups
            .iter()
            .filter(|g| g.year == latest_year)
            .map(|g| {
                let before = net_of(latest_year - 1, &g.product_group);
                GroupView {
                    name: g
                        .product_group
                        .clone()
                        .unwrap_or_else(|| t.no_group.to_owned()),
                    latest: lang.money_whole(arvo_core::Money(g.net_cents)),
                    before: before
                        .map_or_else(|| "–".to_owned(), |b| lang.money_whole(arvo_core::Money(b))),
                    change: lang.percent(change(g.net_cents, before)),
                }
            })
            .collect();
        let orders = h
            .recent_orders
            .iter()
            .map(|o| OrderView {
                number: o.order_number.clone(),
                date: lang.date(o.order_date),
                channel: match &o.reseller {
                    Some(r) => format!("{} ({r})", lang.channel(&o.channel)),
                    None => lang.channel(&o.channel),
                },
                lines: o.lines,
                net: lang.money(arvo_core::Money(o.net_cents)),
            })
            .collect();
        Self {
            years,
            latest_year,
            groups,
            orders,
        }
    }
}

/// One year of an account's activities as its page shows it.
pub struct ActivityYearView {
    pub year: i32,
    /// The year is still running: its figures are so far.
    pub running: bool,
    pub deliveries: i64,
    pub invoices: i64,
    pub invoiced: String,
    pub days_to_pay: String,
    pub terms: String,
    pub late: i64,
    pub service_hours: String,
    pub visits: i64,
    pub returns: i64,
    pub returned: String,
}

/// A delivery in the latest deliveries.
pub struct DeliveryView {
    pub number: String,
    pub date: String,
    pub order: String,
}

/// An invoice in the latest invoices, with how it was paid.
pub struct InvoiceView {
    pub number: String,
    pub date: String,
    pub due: String,
    pub paid: String,
    pub amount: String,
    /// `Ajallaan`, `5 pv myöhässä`, `Avoin`, `Erääntynyt` or `Maksettu`.
    pub payment: String,
    /// Paid late, or unpaid past its due date.
    pub late: bool,
}

/// Service work in the latest service work.
pub struct ServiceView {
    pub date: String,
    pub hours: String,
    pub person: String,
    pub description: String,
}

/// A visit in the latest visits.
pub struct VisitView {
    pub date: String,
    pub person: String,
    pub purpose: String,
}

/// A return in the latest returns.
pub struct ReturnView {
    pub number: String,
    pub date: String,
    pub product: String,
    pub quantity: String,
    pub amount: String,
    pub reason: String,
}

/// An account's activities: figures by year (with a column for each kind the account has) and
/// the latest records of each kind it has.
pub struct ActivitiesView {
    pub years: Vec<ActivityYearView>,
    pub has_deliveries: bool,
    pub has_invoices: bool,
    pub has_service: bool,
    pub has_visits: bool,
    pub has_returns: bool,
    pub deliveries: Vec<DeliveryView>,
    pub invoices: Vec<InvoiceView>,
    pub service: Vec<ServiceView>,
    pub visits: Vec<VisitView>,
    pub returns: Vec<ReturnView>,
}

/// A text or `–`.
fn or_dash(text: Option<&str>) -> String {
    text.map_or_else(|| "–".to_owned(), str::to_owned)
}

impl ActivitiesView {
    /// The history as of `today`, the day against which unpaid invoices are overdue.
    pub fn new(
        lang: Lang,
        h: &arvo_store::activities::ActivityHistory,
        today: chrono::NaiveDate,
    ) -> Self {
        let t = lang.texts();
        let money = |cents: i64| lang.money(arvo_core::Money(cents));
        let date =
            |d: Option<chrono::NaiveDate>| d.map_or_else(|| "–".to_owned(), |d| lang.date(d));
        let any =
            |f: fn(&arvo_store::activities::ActivityYear) -> i64| h.years.iter().any(|y| f(y) > 0);
        Self {
            years: h
                .years
                .iter()
                .map(|y| ActivityYearView {
                    year: y.year,
                    running: y.year >= chrono::Datelike::year(&today),
                    deliveries: y.deliveries,
                    invoices: y.invoices,
                    invoiced: lang.money_whole(arvo_core::Money(y.invoiced_cents)),
                    days_to_pay: lang.one_decimal(y.average_days_to_pay),
                    terms: lang.one_decimal(y.average_terms_days),
                    late: y.late_invoices,
                    service_hours: lang.thousandths(y.service_hours_milli),
                    visits: y.visits,
                    returns: y.returns,
                    returned: lang.money_whole(arvo_core::Money(y.returned_cents)),
                })
                .collect(),
            has_deliveries: any(|y| y.deliveries),
            has_invoices: any(|y| y.invoices),
            has_service: any(|y| y.service_entries),
            has_visits: any(|y| y.visits),
            has_returns: any(|y| y.returns),
            deliveries: h
                .deliveries
                .iter()
                .map(|d| DeliveryView {
                    number: d.delivery_number.clone(),
                    date: lang.date(d.delivery_date),
                    order: or_dash(d.order_number.as_deref()),
                })
                .collect(),
            invoices: h
                .invoices
                .iter()
                .map(|i| {
                    let overdue = i.paid_date.is_none() && i.due_date.is_some_and(|d| d < today);
                    let (payment, late) = match (i.paid_date, i.days_late) {
                        (Some(_), Some(days)) if days > 0 => {
                            (format!("{days} {}", t.paid_late), true)
                        }
                        (Some(_), Some(_)) => (t.paid_on_time.to_owned(), false),
                        (Some(_), None) => (t.invoice_paid.to_owned(), false),
                        (None, _) if overdue => (t.invoice_overdue.to_owned(), true),
                        (None, _) => (t.invoice_open.to_owned(), false),
                    };
                    InvoiceView {
                        number: i.invoice_number.clone(),
                        date: lang.date(i.invoice_date),
                        due: date(i.due_date),
                        paid: date(i.paid_date),
                        amount: money(i.amount_cents),
                        payment,
                        late,
                    }
                })
                .collect(),
            service: h
                .service_entries
                .iter()
                .map(|e| ServiceView {
                    date: lang.date(e.entry_date),
                    hours: lang.thousandths(e.hours_milli),
                    person: or_dash(e.person.as_deref()),
                    description: e.description.clone().unwrap_or_default(),
                })
                .collect(),
            visits: h
                .visits
                .iter()
                .map(|v| VisitView {
                    date: lang.date(v.visit_date),
                    person: or_dash(v.person.as_deref()),
                    purpose: v.purpose.clone().unwrap_or_default(),
                })
                .collect(),
            returns: h
                .returns
                .iter()
                .map(|r| ReturnView {
                    number: r.return_number.clone(),
                    date: lang.date(r.return_date),
                    product: match (&r.product_name, &r.product_number) {
                        (Some(name), Some(number)) => format!("{name} ({number})"),
                        (None, Some(number)) => number.clone(),
                        _ => "–".to_owned(),
                    },
                    quantity: r
                        .quantity_milli
                        .map_or_else(|| "–".to_owned(), |q| lang.thousandths(q)),
                    amount: money(r.amount_cents),
                    reason: r.reason.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// Whether the account has no activity of any kind.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::value_text;
    use crate::i18n::Lang;
    use serde_json::json;

    #[test]
    fn stored_values_read_as_the_user_writes_them() {
        assert_eq!(
            value_text(Lang::Fi, "consent_date", &json!("2026-11-01")),
            "1.11.2026"
        );
        assert_eq!(
            value_text(Lang::Fi, "status", &json!("former")),
            "Entinen asiakas"
        );
        assert_eq!(
            value_text(
                Lang::En,
                "custom",
                &json!({"tier": "A", "since": "2020-01-31"})
            ),
            "since: 2020-01-31, tier: A"
        );
        assert_eq!(
            value_text(Lang::Fi, "notes", &json!("2026-13-01")),
            "2026-13-01"
        );
        assert_eq!(value_text(Lang::Fi, "notes", &json!(null)), "–");
        assert_eq!(
            value_text(Lang::Fi, "role", &json!("read_only")),
            "Lukuoikeus"
        );
        assert_eq!(value_text(Lang::En, "active", &json!(false)), "Deactivated");
    }

    #[test]
    fn the_running_year_is_not_compared_with_a_whole_year() {
        use arvo_store::imports::{PurchaseHistory, YearTotal};
        let year = |year, net_cents| YearTotal {
            year,
            orders: 1,
            lines: 1,
            net_cents,
            cost_cents: net_cents / 2,
            costed_net_cents: net_cents,
        };
        let h = PurchaseHistory {
            years: vec![year(2026, 50_000), year(2025, 100_000), year(2024, 80_000)],
            ..PurchaseHistory::default()
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let v = super::PurchasesView::new(Lang::Fi, &h, today);
        assert!(v.years[0].running);
        assert_eq!(v.years[0].change, "–");
        assert_eq!(v.years[1].change, "25,0 %");
        assert_eq!(v.years[1].margin, "50,0 %");
        assert_eq!(v.years[2].change, "–", "nothing before to compare with");
    }

    #[test]
    fn activities_read_in_the_users_language_with_late_invoices_marked() {
        use arvo_store::activities::{ActivityHistory, ActivityYear, InvoiceSummary};
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let h = ActivityHistory {
            years: vec![ActivityYear {
                year: 2026,
                invoices: 3,
                invoiced_cents: 12_345_678,
                average_days_to_pay: Some(14.25),
                average_terms_days: Some(14.0),
                late_invoices: 2,
                service_entries: 1,
                service_hours_milli: 1_234_500,
                ..ActivityYear::default()
            }],
            invoices: vec![
                InvoiceSummary::new("L-3".into(), day(5, 1), Some(day(5, 15)), None, 100),
                InvoiceSummary::new(
                    "L-2".into(),
                    day(4, 1),
                    Some(day(4, 15)),
                    Some(day(4, 20)),
                    100,
                ),
                InvoiceSummary::new(
                    "L-1".into(),
                    day(3, 1),
                    Some(day(3, 15)),
                    Some(day(3, 15)),
                    -5_000,
                ),
            ],
            ..ActivityHistory::default()
        };
        let v = super::ActivitiesView::new(Lang::Fi, &h, day(6, 1));
        let y = &v.years[0];
        assert_eq!(
            (
                y.invoiced.as_str(),
                y.days_to_pay.as_str(),
                y.terms.as_str(),
                y.service_hours.as_str()
            ),
            ("123\u{a0}457\u{a0}€", "14,3", "14,0", "1\u{a0}234,5")
        );
        assert!(v.has_invoices && v.has_service && !v.has_deliveries && !v.has_returns);
        let payments: Vec<(&str, bool)> = v
            .invoices
            .iter()
            .map(|i| (i.payment.as_str(), i.late))
            .collect();
        assert_eq!(
            payments,
            [
                ("Erääntynyt", true),
                ("5 pv myöhässä", true),
                ("Ajallaan", false)
            ]
        );
        assert_eq!(v.invoices[2].amount, "-50,00\u{a0}€");
        let en = super::ActivitiesView::new(Lang::En, &h, day(5, 2));
        assert_eq!(en.invoices[0].payment, "Open", "not yet due");
        assert_eq!(en.years[0].days_to_pay, "14.3");
        assert_eq!(en.invoices[0].due, "2026-05-15");
    }
}
