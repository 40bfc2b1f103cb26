//! A file's row turned into the typed draft of its kind, or into the list of what is wrong with
//! it, each problem naming the row, the file's own column header and the field.
//!
//! Cells are trimmed, and an empty cell is a missing value. The `'` that Arvo's CSV files put
//! before a text a spreadsheet would take for a formula (`'+358 40 123 4567`) is taken off.
//! Choice values may be written in Finnish as well as with Arvo's own words: `Verkkokauppa` is
//! the channel `web`, `Yritys` the kind `company`, `Päättäjä` the role `decider`, `Kyllä` a given
//! marketing consent; so are the words Arvo's own lists and exports use (`Mahdollinen asiakas`,
//! `Pieni (10–49 henkeä)`, `Ei tiedossa`), a bracketed explanation after a word being ignored.
//! Several roles or tags in one cell are separated by commas, semicolons or slashes. An account's
//! annual revenue is read in euros.

use crate::export::undefuse;
use crate::mapping::{
    ACCOUNTS, Binding, CONTACTS, DELIVERIES, INVOICES, Kind, ORDERS, PRODUCTS, RETURNS,
    SERVICE_HOURS, VISITS, index_of,
};
use crate::read::Record;
use arvo_core::purchases::{Cents, parse_money};
use arvo_core::text::fold;
use arvo_core::{
    AccountDraft, AccountInput, AccountKey, ContactDraft, ContactInput, DeliveryDraft,
    DeliveryInput, InvoiceDraft, InvoiceInput, OrderLineDraft, OrderLineInput, Problem,
    ProductDraft, ProductInput, ReturnDraft, ReturnInput, ServiceEntryDraft, ServiceEntryInput,
    ValidationErrors, VisitDraft, VisitInput,
};
use serde::Serialize;
use std::fmt;

/// An account row: the account's data and the customer number it is known by in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountRow {
    pub customer_number: Option<String>,
    pub account: AccountDraft,
}

/// A contact row: the contact's data and the account it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRow {
    pub account: AccountKey,
    pub contact: ContactDraft,
}

/// One valid row, typed by its kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KindRow {
    Account(AccountRow),
    Contact(ContactRow),
    Product(ProductDraft),
    OrderLine(OrderLineDraft),
    Delivery(DeliveryDraft),
    Invoice(InvoiceDraft),
    ServiceEntry(ServiceEntryDraft),
    Visit(VisitDraft),
    Return(ReturnDraft),
}

/// One problem of a row: the file's column header (when the field is mapped from a column),
/// the field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellProblem {
    pub column: Option<String>,
    pub field: String,
    pub problem: Problem,
}

/// Every problem of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The row number as a spreadsheet shows it.
    pub row: usize,
    pub problems: Vec<CellProblem>,
}

impl RowError {
    /// The problems in words, joined with `; `: `describe` puts one problem in words, e.g. with
    /// the user's language.
    pub fn describe(&self, describe: impl Fn(&CellProblem) -> String) -> String {
        self.problems
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The problems in English: `Tilauspäivä must be a date (22.11.2026 or 2026-11-22)`.
    pub fn english(&self) -> String {
        self.describe(|p| {
            format!(
                "{} {}",
                p.column.as_deref().unwrap_or(&p.field),
                p.problem.english()
            )
        })
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.english())
    }
}

impl std::error::Error for RowError {}

/// Turns a row into its kind's draft, or names every problem of it.
pub fn parse_row(binding: &Binding, record: &Record) -> Result<KindRow, RowError> {
    binding.parse(record)
}

/// The cell of the field `$name` of `$fields`, trimmed; `None` when unmapped or empty.
macro_rules! cell {
    ($b:expr, $rec:expr, $fields:expr, $name:literal) => {
        $b.text($rec, const { index_of($fields, $name) })
    };
}

impl Binding {
    /// Turns a row into its kind's draft, or names every problem of it.
    pub fn parse(&self, record: &Record) -> Result<KindRow, RowError> {
        let mark = self.decimal_mark();
        let result = match self.kind() {
            Kind::Products => ProductInput {
                product_number: cell!(self, record, PRODUCTS, "product_number"),
                name: cell!(self, record, PRODUCTS, "name"),
                product_group: cell!(self, record, PRODUCTS, "product_group"),
                unit: cell!(self, record, PRODUCTS, "unit"),
                list_price: cell!(self, record, PRODUCTS, "list_price"),
                unit_cost: cell!(self, record, PRODUCTS, "unit_cost"),
            }
            .validate(mark)
            .map(KindRow::Product),
            Kind::Orders => OrderLineInput {
                order_number: cell!(self, record, ORDERS, "order_number"),
                line_number: cell!(self, record, ORDERS, "line_number"),
                customer_number: cell!(self, record, ORDERS, "customer_number"),
                business_id: cell!(self, record, ORDERS, "business_id"),
                order_date: cell!(self, record, ORDERS, "order_date"),
                product_number: cell!(self, record, ORDERS, "product_number"),
                product_name: cell!(self, record, ORDERS, "product_name"),
                product_group: cell!(self, record, ORDERS, "product_group"),
                quantity: cell!(self, record, ORDERS, "quantity"),
                unit_price: cell!(self, record, ORDERS, "unit_price"),
                unit_cost: cell!(self, record, ORDERS, "unit_cost"),
                discount_percent: cell!(self, record, ORDERS, "discount_percent"),
                channel: cell!(self, record, ORDERS, "channel").map(|c| channel_word(&c)),
                reseller: cell!(self, record, ORDERS, "reseller"),
            }
            .validate(mark)
            .map(KindRow::OrderLine),
            Kind::Deliveries => DeliveryInput {
                delivery_number: cell!(self, record, DELIVERIES, "delivery_number"),
                order_number: cell!(self, record, DELIVERIES, "order_number"),
                customer_number: cell!(self, record, DELIVERIES, "customer_number"),
                business_id: cell!(self, record, DELIVERIES, "business_id"),
                delivery_date: cell!(self, record, DELIVERIES, "delivery_date"),
            }
            .validate()
            .map(KindRow::Delivery),
            Kind::Invoices => InvoiceInput {
                invoice_number: cell!(self, record, INVOICES, "invoice_number"),
                customer_number: cell!(self, record, INVOICES, "customer_number"),
                business_id: cell!(self, record, INVOICES, "business_id"),
                invoice_date: cell!(self, record, INVOICES, "invoice_date"),
                due_date: cell!(self, record, INVOICES, "due_date"),
                paid_date: cell!(self, record, INVOICES, "paid_date"),
                amount: cell!(self, record, INVOICES, "amount"),
            }
            .validate(mark)
            .map(KindRow::Invoice),
            Kind::ServiceHours => ServiceEntryInput {
                reference: cell!(self, record, SERVICE_HOURS, "reference"),
                customer_number: cell!(self, record, SERVICE_HOURS, "customer_number"),
                business_id: cell!(self, record, SERVICE_HOURS, "business_id"),
                date: cell!(self, record, SERVICE_HOURS, "date"),
                hours: cell!(self, record, SERVICE_HOURS, "hours"),
                person: cell!(self, record, SERVICE_HOURS, "person"),
                description: cell!(self, record, SERVICE_HOURS, "description"),
            }
            .validate(mark)
            .map(KindRow::ServiceEntry),
            Kind::Visits => VisitInput {
                reference: cell!(self, record, VISITS, "reference"),
                customer_number: cell!(self, record, VISITS, "customer_number"),
                business_id: cell!(self, record, VISITS, "business_id"),
                date: cell!(self, record, VISITS, "date"),
                person: cell!(self, record, VISITS, "person"),
                purpose: cell!(self, record, VISITS, "purpose"),
            }
            .validate()
            .map(KindRow::Visit),
            Kind::Returns => ReturnInput {
                return_number: cell!(self, record, RETURNS, "return_number"),
                order_number: cell!(self, record, RETURNS, "order_number"),
                customer_number: cell!(self, record, RETURNS, "customer_number"),
                business_id: cell!(self, record, RETURNS, "business_id"),
                return_date: cell!(self, record, RETURNS, "return_date"),
                product_number: cell!(self, record, RETURNS, "product_number"),
                quantity: cell!(self, record, RETURNS, "quantity"),
                amount: cell!(self, record, RETURNS, "amount"),
                reason: cell!(self, record, RETURNS, "reason"),
            }
            .validate(mark)
            .map(KindRow::Return),
            Kind::Accounts => self.parse_account(record),
            Kind::Contacts => self.parse_contact(record),
        };
        result.map_err(|e| self.row_error(record.row, e))
    }

    /// The trimmed text of the field at `index`; `None` when unmapped or empty. The `'` a
    /// written file puts before a formula-like text (`'+358 40 123 4567`) is taken off again.
    fn text(&self, record: &Record, index: usize) -> Option<String> {
        let col = self.slot(index)?;
        let t = undefuse(record.get(col).trim()).trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    fn parse_account(&self, record: &Record) -> Result<KindRow, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let annual_revenue_cents = cell!(self, record, ACCOUNTS, "annual_revenue").and_then(|r| {
            e.take(
                "annual_revenue",
                parse_money(&r, self.decimal_mark(), Cents::Rounded),
            )
            .map(arvo_core::Money::cents)
        });
        let input = AccountInput {
            kind: cell!(self, record, ACCOUNTS, "kind").map(|c| choice(&c, KIND_WORDS)),
            customer_number: cell!(self, record, ACCOUNTS, "customer_number"),
            name: cell!(self, record, ACCOUNTS, "name"),
            business_id: cell!(self, record, ACCOUNTS, "business_id"),
            industry: cell!(self, record, ACCOUNTS, "industry"),
            size_class: cell!(self, record, ACCOUNTS, "size_class").map(|c| choice(&c, SIZE_WORDS)),
            annual_revenue_cents,
            email: cell!(self, record, ACCOUNTS, "email"),
            phone: cell!(self, record, ACCOUNTS, "phone"),
            street_address: cell!(self, record, ACCOUNTS, "street_address"),
            postal_code: cell!(self, record, ACCOUNTS, "postal_code"),
            municipality: cell!(self, record, ACCOUNTS, "municipality"),
            country: cell!(self, record, ACCOUNTS, "country"),
            website: cell!(self, record, ACCOUNTS, "website"),
            status: cell!(self, record, ACCOUNTS, "status").map(|c| choice(&c, STATUS_WORDS)),
            owner: cell!(self, record, ACCOUNTS, "owner"),
            tags: cell!(self, record, ACCOUNTS, "tags")
                .map(|t| vec![t.replace([';', '/'], ",")])
                .unwrap_or_default(),
            special_wishes: cell!(self, record, ACCOUNTS, "special_wishes"),
            custom: serde_json::Map::new(),
        };
        match input.validate(&[]) {
            Ok(account) if e.is_empty() => Ok(KindRow::Account(AccountRow {
                customer_number: account.customer_number.clone(),
                account,
            })),
            Ok(_) => Err(e),
            Err(more) => {
                for fe in more.0 {
                    let field = if fe.field == "annual_revenue_cents" {
                        "annual_revenue".to_owned()
                    } else {
                        fe.field
                    };
                    e.add(field, fe.problem);
                }
                Err(e)
            }
        }
    }

    fn parse_contact(&self, record: &Record) -> Result<KindRow, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let account = AccountKey::validate(
            &mut e,
            cell!(self, record, CONTACTS, "customer_number").as_deref(),
            cell!(self, record, CONTACTS, "business_id").as_deref(),
        );
        let input = ContactInput {
            first_name: cell!(self, record, CONTACTS, "first_name"),
            last_name: cell!(self, record, CONTACTS, "last_name"),
            title: cell!(self, record, CONTACTS, "title"),
            email: cell!(self, record, CONTACTS, "email"),
            phone: cell!(self, record, CONTACTS, "phone"),
            roles: cell!(self, record, CONTACTS, "roles")
                .map(|r| {
                    r.split([',', ';', '/'])
                        .map(|w| choice(w, ROLE_WORDS))
                        .filter(|w| !w.trim().is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            marketing_consent: cell!(self, record, CONTACTS, "marketing_consent")
                .map(|c| choice(&c, CONSENT_WORDS)),
            consent_date: cell!(self, record, CONTACTS, "consent_date"),
            consent_source: cell!(self, record, CONTACTS, "consent_source"),
            notes: cell!(self, record, CONTACTS, "notes"),
        };
        match (input.validate(), account) {
            (Ok(contact), Some(account)) if e.is_empty() => {
                Ok(KindRow::Contact(ContactRow { account, contact }))
            }
            (Ok(_), _) => Err(e),
            (Err(more), _) => {
                e.0.extend(more.0);
                Err(e)
            }
        }
    }

    fn row_error(&self, row: usize, errors: ValidationErrors) -> RowError {
        let problems = errors
            .0
            .into_iter()
            .map(|fe| {
                let column = self.column_of(&fe.field).or_else(|| {
                    // A missing customer key is told at whichever key column there is.
                    (fe.problem == Problem::CustomerKey)
                        .then(|| self.column_of("business_id"))
                        .flatten()
                });
                CellProblem {
                    column: column.map(str::to_owned),
                    field: fe.field,
                    problem: fe.problem,
                }
            })
            .collect();
        RowError { row, problems }
    }
}

/// Words of a choice in Finnish and English, folded, and Arvo's word for each.
type Words = &'static [(&'static str, &'static str)];

const CHANNEL_WORDS: Words = &[
    ("suora", "direct"),
    ("suoramyynti", "direct"),
    ("oma myynti", "direct"),
    ("verkko", "web"),
    ("verkkokauppa", "web"),
    ("verkkomyynti", "web"),
    ("online", "web"),
    ("webshop", "web"),
    ("e-commerce", "web"),
    ("jalleenmyynti", "reseller"),
    ("jalleenmyyja", "reseller"),
    ("partner", "reseller"),
    ("dealer", "reseller"),
];
const KIND_WORDS: Words = &[
    ("yritys", "company"),
    ("organisaatio", "company"),
    ("henkilo", "person"),
    ("yksityishenkilo", "person"),
    ("kuluttaja", "person"),
    ("private", "person"),
    ("private person", "person"),
];
const STATUS_WORDS: Words = &[
    ("prospekti", "prospect"),
    ("mahdollinen asiakas", "prospect"),
    ("liidi", "prospect"),
    ("lead", "prospect"),
    ("asiakas", "customer"),
    ("aktiivinen", "customer"),
    ("active", "customer"),
    ("entinen", "former"),
    ("entinen asiakas", "former"),
    ("former customer", "former"),
    ("lopettanut", "former"),
];
const SIZE_WORDS: Words = &[
    ("mikro", "micro"),
    ("mikroyritys", "micro"),
    ("pieni", "small"),
    ("pienyritys", "small"),
    ("keskisuuri", "medium"),
    ("suuri", "large"),
    ("suuryritys", "large"),
];
const ROLE_WORDS: Words = &[
    ("aloitteentekija", "initiator"),
    ("vaikuttaja", "influencer"),
    ("paattaja", "decider"),
    ("paatoksentekija", "decider"),
    ("decision maker", "decider"),
    ("ostaja", "buyer"),
    ("maksaja", "payer"),
    ("kayttaja", "user"),
];
const CONSENT_WORDS: Words = &[
    ("kylla", "given"),
    ("on", "given"),
    ("annettu", "given"),
    ("yes", "given"),
    ("true", "given"),
    ("x", "given"),
    ("peruttu", "withdrawn"),
    ("peruutettu", "withdrawn"),
    ("kielletty", "withdrawn"),
    ("ei", "unknown"),
    ("no", "unknown"),
    ("false", "unknown"),
    ("tuntematon", "unknown"),
    ("ei tiedossa", "unknown"),
];

/// Arvo's word for a choice written in Finnish or English; other text as it is, for validation
/// to name the allowed words.
fn choice(text: &str, words: Words) -> String {
    let text = text.trim();
    let found = if text.is_ascii() {
        words.iter().find(|(w, _)| w.eq_ignore_ascii_case(text))
    } else {
        let folded = fold(text);
        words.iter().find(|(w, _)| *w == folded)
    };
    match found {
        Some((_, arvo)) => (*arvo).to_owned(),
        // A word with its explanation in brackets, as Arvo writes sizes: `Pieni (10–49 henkeä)`.
        None => match text.split_once('(') {
            Some((word, _)) if !word.trim().is_empty() => choice(word, words),
            _ => text.to_owned(),
        },
    }
}

fn channel_word(text: &str) -> String {
    choice(text, CHANNEL_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::suggest;
    use arvo_core::{Channel, DecimalMark, Discount, Money, Quantity};
    use chrono::NaiveDate;

    fn rec(row: usize, cells: &[&str]) -> Record {
        Record::new(row, cells.iter().map(|s| (*s).to_owned()).collect())
    }

    fn bind(kind: Kind, header: &[&str]) -> Binding {
        suggest(kind, &rec(1, header))
            .bind(&rec(1, header), DecimalMark::Comma)
            .unwrap()
    }

    #[test]
    fn order_rows_become_drafts() {
        let b = bind(
            Kind::Orders,
            &[
                "Tilausnumero",
                "Rivi",
                "Asiakasnro",
                "Pvm",
                "Tuote",
                "Määrä",
                "À-hinta",
                "Ale %",
                "Kanava",
                "Jälleenmyyjä",
            ],
        );
        let row = b
            .parse(&rec(
                2,
                &[
                    "T-1",
                    "1",
                    "10023",
                    "22.11.2026",
                    "P-7",
                    "2,5",
                    "1 234,50",
                    "10",
                    "Verkkokauppa",
                    "",
                ],
            ))
            .unwrap();
        let KindRow::OrderLine(line) = row else {
            panic!("an order line")
        };
        assert_eq!(
            line.order_date,
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert_eq!(line.quantity, Quantity(2500));
        assert_eq!(line.unit_price, Money(123_450));
        assert_eq!(line.discount, Discount(1000));
        assert_eq!(line.channel, Channel::Web);
        // The semicolon file's hint reads `1,250` as one and a quarter.
        let KindRow::OrderLine(line) = b
            .parse(&rec(
                3,
                &[
                    "T-1",
                    "2",
                    "10023",
                    "22.11.2026",
                    "P-7",
                    "1,250",
                    "2",
                    "",
                    "",
                    "",
                ],
            ))
            .unwrap()
        else {
            panic!("an order line")
        };
        assert_eq!(line.quantity, Quantity(1250));
    }

    #[test]
    fn a_bad_row_names_its_row_columns_and_reasons() {
        let b = bind(
            Kind::Orders,
            &[
                "Tilausnumero",
                "Rivi",
                "Asiakasnro",
                "Tilauspäivä",
                "Tuote",
                "Määrä",
                "À-hinta",
                "Kanava",
            ],
        );
        let e = b
            .parse(&rec(
                7,
                &[
                    "T-1",
                    "x",
                    "",
                    "31.02.2026",
                    "P-7",
                    "1",
                    "5",
                    "jälleenmyynti",
                ],
            ))
            .unwrap_err();
        assert_eq!(e.row, 7);
        assert_eq!(
            e.problems,
            [
                CellProblem {
                    column: Some("Rivi".into()),
                    field: "line_number".into(),
                    problem: Problem::PositiveInteger
                },
                CellProblem {
                    column: Some("Asiakasnro".into()),
                    field: "customer_number".into(),
                    problem: Problem::CustomerKey
                },
                CellProblem {
                    column: Some("Tilauspäivä".into()),
                    field: "order_date".into(),
                    problem: Problem::Date
                },
                CellProblem {
                    column: None,
                    field: "reseller".into(),
                    problem: Problem::Required
                },
            ]
        );
        assert!(e.to_string().starts_with(
            "row 7: Rivi must be a whole number greater than zero; Asiakasnro is required"
        ));
        assert!(e.english().contains("Tilauspäivä must be a date"));
    }

    #[test]
    fn accounts_and_contacts_carry_their_keys() {
        let b = bind(
            Kind::Accounts,
            &[
                "Asiakasnumero",
                "Nimi",
                "Y-tunnus",
                "Tyyppi",
                "Tila",
                "Liikevaihto",
                "Tunnisteet",
            ],
        );
        let KindRow::Account(a) = b
            .parse(&rec(
                2,
                &[
                    "10023",
                    "Kone Oy",
                    "0112038-9",
                    "Yritys",
                    "Asiakas",
                    "1 200 000,00",
                    "hissit; huolto",
                ],
            ))
            .unwrap()
        else {
            panic!("an account")
        };
        assert_eq!(a.customer_number.as_deref(), Some("10023"));
        assert_eq!(a.account.annual_revenue, Some(Money(120_000_000)));
        assert_eq!(a.account.status, arvo_core::AccountStatus::Customer);
        assert_eq!(a.account.tags, ["hissit", "huolto"]);
        let e = b
            .parse(&rec(3, &["", "", "123", "robotti", "", "paljon", ""]))
            .unwrap_err();
        let fields: Vec<&str> = e.problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["annual_revenue", "kind", "name", "business_id"]);
        assert_eq!(e.problems[0].column.as_deref(), Some("Liikevaihto"));

        let b = bind(
            Kind::Contacts,
            &[
                "Y-tunnus",
                "Etunimi",
                "Sukunimi",
                "Rooli",
                "Markkinointilupa",
                "Luvan pvm",
            ],
        );
        let KindRow::Contact(c) = b
            .parse(&rec(
                2,
                &[
                    "0112038-9",
                    "Liisa",
                    "Virtanen",
                    "Ostaja, päättäjä",
                    "Kyllä",
                    "1.3.2026",
                ],
            ))
            .unwrap()
        else {
            panic!("a contact")
        };
        assert_eq!(c.account.business_id.unwrap().as_str(), "0112038-9");
        assert_eq!(
            c.contact.roles,
            [arvo_core::BuyingRole::Decider, arvo_core::BuyingRole::Buyer]
        );
        let e = b
            .parse(&rec(4, &["", "Liisa", "Virtanen", "", "kyllä", ""]))
            .unwrap_err();
        assert_eq!(e.problems[0].problem, Problem::CustomerKey);
        // The key's column is named even though the file has no customer number column.
        assert_eq!(e.problems[0].column.as_deref(), Some("Y-tunnus"));
        assert_eq!(e.problems[1].field, "consent_date");
    }

    #[test]
    fn arvos_own_words_read_back() {
        for (text, words, arvo) in [
            ("Mahdollinen asiakas", STATUS_WORDS, "prospect"),
            ("Former customer", STATUS_WORDS, "former"),
            ("Yksityishenkilö", KIND_WORDS, "person"),
            ("Private person", KIND_WORDS, "person"),
            ("Pieni (10–49 henkeä)", SIZE_WORDS, "small"),
            ("Micro (under 10 people)", SIZE_WORDS, "Micro"),
            ("Ei tiedossa", CONSENT_WORDS, "unknown"),
            ("Jälleenmyyjä", CHANNEL_WORDS, "reseller"),
            ("(jotain)", SIZE_WORDS, "(jotain)"),
        ] {
            assert_eq!(choice(text, words), arvo, "{text}");
        }
    }

    #[test]
    fn every_other_kind_parses() {
        let b = bind(
            Kind::Products,
            &[
                "Tuotekoodi",
                "Nimi",
                "Tuoteryhmä",
                "Listahinta",
                "Ostohinta",
            ],
        );
        assert!(matches!(
            b.parse(&rec(2, &["P-7", "Ruuvi", "Kiinnikkeet", "0,0125", "0,005"])),
            Ok(KindRow::Product(p)) if p.list_price == Some(Money(1)) && p.unit == "kpl"
        ));
        let b = bind(
            Kind::Deliveries,
            &["Lähete", "Tilausnumero", "Asiakasnro", "Toimituspvm"],
        );
        assert!(matches!(
            b.parse(&rec(2, &["D-1", "T-1", "10023", "23.11.2026"])),
            Ok(KindRow::Delivery(_))
        ));
        let b = bind(
            Kind::Invoices,
            &[
                "Laskunro",
                "Asiakasnro",
                "Pvm",
                "Eräpäivä",
                "Maksupäivä",
                "Summa",
            ],
        );
        assert!(matches!(
            b.parse(&rec(2, &["L-1", "10023", "1.11.2026", "15.11.2026", "", "1 234,56"])),
            Ok(KindRow::Invoice(i)) if i.payment_terms_days() == Some(14)
        ));
        let b = bind(
            Kind::ServiceHours,
            &["Asiakasnro", "Pvm", "Tunnit", "Tekijä", "Kuvaus"],
        );
        assert!(matches!(
            b.parse(&rec(2, &["10023", "1.11.2026", "7:30", "Matti", "Huolto"])),
            Ok(KindRow::ServiceEntry(s)) if s.reference.starts_with("auto-")
        ));
        let b = bind(
            Kind::Visits,
            &["Asiakasnro", "Käyntipäivä", "Myyjä", "Aihe"],
        );
        assert!(matches!(
            b.parse(&rec(2, &["10023", "1.11.2026", "Liisa", "Vuosipalaveri"])),
            Ok(KindRow::Visit(_))
        ));
        let b = bind(
            Kind::Returns,
            &["Palautusnro", "Asiakasnro", "Pvm", "Summa", "Syy"],
        );
        assert!(matches!(
            b.parse(&rec(2, &["R-1", "10023", "1.11.2026", "-12,50", "Rikki"])),
            Ok(KindRow::Return(r)) if r.amount == Money(1250)
        ));
    }
}
