//! Lists as files to download: the accounts and the contacts as their list pages filter and order
//! them, order lines, products, and the activity records (deliveries, invoices, service hours,
//! visits and returns; like order lines, all of them, one account's, or a period's), as CSV or
//! XLSX in the reader's language (`arvo_sheets::export` describes the two languages' formats).
//! The pages, the JSON API and the command line share this service.
//!
//! An export shows exactly the rows its caller may see: the caller's scope goes into the store's
//! query, as it does for the list pages, and an account's order lines or activities need an
//! account the caller sees (another is "not found"). Products belong to no account; whoever may
//! read customers may read them. The command line, acting for no user, exports everything.
//!
//! Every file but the account and contact lists' own columns is in the import's own format: its
//! headers are words the import's column mapping recognises (a test holds every column to the
//! field it carries), quantities and hours have three decimals, prices and amounts are money and
//! dates are dates, so that an exported file imports back unchanged with `arvo import orders`,
//! `products`, `deliveries`, `invoices`, `service-hours`, `visits` or `returns`. The columns the
//! import has no field for (the customer's name, a line's net amount and cost, an invoice's days,
//! a returned product's name) are ignored by it. Service entries and visits carry their reference
//! even when Arvo derived it (`auto-…`), so that they come back as the same records. Accounts and
//! contacts are written with the catalogue's words for choices (`Asiakas`, `Päättäjä`), which the
//! import reads back as well.
//!
//! Rows are read a page at a time. CSV is sent page by page as it is read; an XLSX workbook is a
//! zip archive, whose rows are kept in a temporary file until it is packed and sent whole, and a
//! sheet holds at most [`XLSX_MAX_ROWS`] rows (a longer list is refused before a row is written).
//! Every export is recorded in the audit log (`export.accounts`, `export.contacts`,
//! `export.orders`, `export.products`, `export.deliveries`, `export.invoices`,
//! `export.service_hours`, `export.visits`, `export.returns`) before any row is handed out, with its format, language, filters and number
//! of rows (for CSV, the rows that matched as the export began). Search words are recorded only
//! as present or absent: they may be a person's name, and the audit log is never rewritten, not
//! even when that person's data is erased.

use crate::auth::Caller;
use crate::error::AppError;
use crate::i18n::{Lang, helsinki_date};
use crate::service::{self, AccountListParams, ContactListParams};
use arvo_core::dates::parse_date;
use arvo_core::{
    Account, AccountKind, AccountStatus, Action, Actor, BuyingRole, ConsentStatus, CustomFieldDef,
    CustomFieldKind, Decimal, DecimalMark, Hours, Money, Problem, Quantity, Scope,
    ValidationErrors,
};
use arvo_sheets::{Cell, CsvWriter, Language, WriteError, XLSX_MAX_ROWS, XlsxWriter};
use arvo_store::exports::{
    AccountReader, ActivityQuery, ActivityReader, ActivityRow, ContactLine, ContactReader,
    OrderLineQuery, OrderLineReader, OrderLineRow, ProductReader, ProductRow,
};
use arvo_store::imports::{ActivityKind, DELIVERIES, INVOICES, RETURNS, SERVICE_ENTRIES, VISITS};
use arvo_store::{AccountQuery, ContactQuery, NewAuditEvent, Store, StoreError};
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::pin::Pin;
use utoipa::IntoParams;

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Accounts,
    Contacts,
    Orders,
    Products,
    Deliveries,
    Invoices,
    ServiceHours,
    Visits,
    Returns,
}

impl ExportKind {
    pub const ALL: [Self; 9] = [
        Self::Accounts,
        Self::Contacts,
        Self::Orders,
        Self::Products,
        Self::Deliveries,
        Self::Invoices,
        Self::ServiceHours,
        Self::Visits,
        Self::Returns,
    ];

    /// The activity kinds, in the order Arvo lists them.
    pub const ACTIVITIES: [Self; 5] = [
        Self::Deliveries,
        Self::Invoices,
        Self::ServiceHours,
        Self::Visits,
        Self::Returns,
    ];

    /// `accounts`, `contacts`, `orders`, `products`, `deliveries`, `invoices`,
    /// `service-hours`, `visits` or `returns`: the word `arvo import` and `arvo export` take.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Contacts => "contacts",
            Self::Orders => "orders",
            Self::Products => "products",
            Self::Deliveries => "deliveries",
            Self::Invoices => "invoices",
            Self::ServiceHours => "service-hours",
            Self::Visits => "visits",
            Self::Returns => "returns",
        }
    }

    /// The kind of its word; `service_hours` is `service-hours` too.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().replace('_', "-");
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The store's table of an activity kind; `None` for the other kinds.
    pub fn activity(self) -> Option<&'static ActivityKind> {
        match self {
            Self::Deliveries => Some(&DELIVERIES),
            Self::Invoices => Some(&INVOICES),
            Self::ServiceHours => Some(&SERVICE_ENTRIES),
            Self::Visits => Some(&VISITS),
            Self::Returns => Some(&RETURNS),
            Self::Accounts | Self::Contacts | Self::Orders | Self::Products => None,
        }
    }

    /// The kind of the audit event an export of this kind writes, e.g. `export.service_hours`.
    pub fn event(self) -> String {
        format!("export.{}", self.as_str().replace('-', "_"))
    }

    /// The start of a downloaded file's name.
    fn file_stem(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Accounts, Lang::Fi) => "asiakkaat",
            (Self::Accounts, Lang::En) => "accounts",
            (Self::Contacts, Lang::Fi) => "yhteyshenkilot",
            (Self::Contacts, Lang::En) => "contacts",
            (Self::Orders, Lang::Fi) => "tilausrivit",
            (Self::Orders, Lang::En) => "order-lines",
            (Self::Products, Lang::Fi) => "tuotteet",
            (Self::Products, Lang::En) => "products",
            (Self::Deliveries, Lang::Fi) => "toimitukset",
            (Self::Deliveries, Lang::En) => "deliveries",
            (Self::Invoices, Lang::Fi) => "laskut",
            (Self::Invoices, Lang::En) => "invoices",
            (Self::ServiceHours, Lang::Fi) => "huoltotunnit",
            (Self::ServiceHours, Lang::En) => "service-hours",
            (Self::Visits, Lang::Fi) => "kaynnit",
            (Self::Visits, Lang::En) => "visits",
            (Self::Returns, Lang::Fi) => "palautukset",
            (Self::Returns, Lang::En) => "returns",
        }
    }

    /// The name of a workbook's sheet, also what the pages call the list.
    pub fn sheet_name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Accounts, Lang::Fi) => "Asiakkaat",
            (Self::Accounts, Lang::En) => "Accounts",
            (Self::Contacts, Lang::Fi) => "Yhteyshenkilöt",
            (Self::Contacts, Lang::En) => "Contacts",
            (Self::Orders, Lang::Fi) => "Tilausrivit",
            (Self::Orders, Lang::En) => "Order lines",
            (Self::Products, Lang::Fi) => "Tuotteet",
            (Self::Products, Lang::En) => "Products",
            (Self::Deliveries, Lang::Fi) => "Toimitukset",
            (Self::Deliveries, Lang::En) => "Deliveries",
            (Self::Invoices, Lang::Fi) => "Laskut",
            (Self::Invoices, Lang::En) => "Invoices",
            (Self::ServiceHours, Lang::Fi) => "Huoltotunnit",
            (Self::ServiceHours, Lang::En) => "Service hours",
            (Self::Visits, Lang::Fi) => "Käynnit",
            (Self::Visits, Lang::En) => "Visits",
            (Self::Returns, Lang::Fi) => "Palautukset",
            (Self::Returns, Lang::En) => "Returns",
        }
    }
}

/// The format of an exported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// `csv` or `xlsx`, also the file's extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The rows of an export: a query of the list it comes from.
#[derive(Debug, Clone)]
pub enum ExportRequest {
    Accounts(AccountQuery),
    Contacts(ContactQuery),
    Orders(OrderLineQuery),
    /// Every product: products belong to no account.
    Products,
    /// The records of one of the [`ExportKind::ACTIVITIES`].
    Activities(ExportKind, ActivityQuery),
}

impl ExportRequest {
    pub fn kind(&self) -> ExportKind {
        match self {
            Self::Accounts(_) => ExportKind::Accounts,
            Self::Contacts(_) => ExportKind::Contacts,
            Self::Orders(_) => ExportKind::Orders,
            Self::Products => ExportKind::Products,
            Self::Activities(kind, _) => *kind,
        }
    }

    /// The same request limited to the accounts in `scope`.
    #[must_use]
    pub fn within(mut self, scope: Scope) -> Self {
        match &mut self {
            Self::Accounts(q) => q.scope = scope,
            Self::Contacts(q) => q.scope = scope,
            Self::Orders(q) => q.scope = scope,
            Self::Activities(_, q) => q.scope = scope,
            Self::Products => {}
        }
        self
    }

    /// The one account whose rows the request asks for, when it asks for one.
    fn account_id(&self) -> Option<i64> {
        match self {
            Self::Contacts(q) => q.account_id,
            Self::Orders(q) => q.account_id,
            Self::Activities(_, q) => q.account_id,
            Self::Accounts(_) | Self::Products => None,
        }
    }

    /// The filters as the audit log records them; search words only as present or absent.
    fn filters(&self) -> Value {
        match self {
            Self::Accounts(q) => json!({
                "search": q.text.is_some(),
                "status": q.status.map(AccountStatus::as_str),
                "kind": q.kind.map(AccountKind::as_str),
                "owner": q.owner,
                "tag": q.tag,
                "sort": q.sort.as_str(),
            }),
            Self::Contacts(q) => json!({
                "search": q.text.is_some(),
                "account_id": q.account_id,
                "role": q.role.map(BuyingRole::as_str),
                "consent": q.consent.map(ConsentStatus::as_str),
            }),
            Self::Orders(q) => json!({
                "account_id": q.account_id,
                "from": q.from,
                "to": q.to,
            }),
            Self::Activities(_, q) => json!({
                "account_id": q.account_id,
                "from": q.from,
                "to": q.to,
            }),
            Self::Products => json!({}),
        }
    }

    /// The account the rows belong to, when they belong to one.
    fn subject(&self) -> Option<String> {
        self.account_id().map(|id| format!("account {id}"))
    }
}

/// An export's query parameters: its format and language, and the filters of its list. Each
/// list reads only its own filters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` (the default) or `xlsx`.
    pub format: Option<String>,
    /// `fi` (`;`, decimal commas, dates as `22.11.2026`, Finnish headers) or `en` (`,`, decimal
    /// points, ISO dates, English headers); by default the user's language.
    pub lang: Option<String>,
    /// Accounts and contacts: search words, as their lists take them.
    pub q: Option<String>,
    /// Accounts: `prospect`, `customer` or `former`.
    pub status: Option<String>,
    /// Accounts: `company` or `person`.
    pub kind: Option<String>,
    /// Accounts: the owner's name.
    pub owner: Option<String>,
    /// Accounts: a tag.
    pub tag: Option<String>,
    /// Accounts: the list's order, `name` (default), `-name`, `updated`, `-updated`, `created`,
    /// `-created`, `revenue` or `-revenue`.
    pub sort: Option<String>,
    /// Contacts, orders and activities: only this account's.
    pub account_id: Option<String>,
    /// Contacts: a buying role such as `decider`.
    pub role: Option<String>,
    /// Contacts: `unknown`, `given` or `withdrawn`.
    pub consent: Option<String>,
    /// Orders and activities: orders (or deliveries, invoices, service hours, visits, returns)
    /// dated on or after this day (`2026-01-01` or `1.1.2026`).
    pub from: Option<String>,
    /// Orders and activities: dated on or before this day.
    pub to: Option<String>,
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(|s| s.trim()).filter(|s| !s.is_empty())
}

impl ExportParams {
    /// The request for a `kind` of list, its format, and its language when one is named. Every
    /// bad value is named by its parameter.
    pub fn to_request(
        &self,
        kind: ExportKind,
    ) -> Result<(ExportRequest, FileFormat, Option<Lang>), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let format = match non_empty(self.format.as_ref()) {
            None => FileFormat::Csv,
            Some(f) => FileFormat::parse(f).unwrap_or_else(|| {
                e.add(
                    "format",
                    Problem::Choice {
                        allowed: vec!["csv".into(), "xlsx".into()],
                    },
                );
                FileFormat::Csv
            }),
        };
        let lang = non_empty(self.lang.as_ref()).and_then(|l| {
            e.take(
                "lang",
                Lang::parse(l).ok_or_else(|| Problem::Choice {
                    allowed: vec!["fi".into(), "en".into()],
                }),
            )
        });
        let request = match kind {
            ExportKind::Accounts => AccountListParams {
                q: self.q.clone(),
                status: self.status.clone(),
                kind: self.kind.clone(),
                owner: self.owner.clone(),
                tag: self.tag.clone(),
                sort: self.sort.clone(),
                ..AccountListParams::default()
            }
            .to_query()
            .map(ExportRequest::Accounts),
            ExportKind::Contacts => ContactListParams {
                q: self.q.clone(),
                account_id: self.account_id.clone(),
                role: self.role.clone(),
                consent: self.consent.clone(),
                ..ContactListParams::default()
            }
            .to_query()
            .map(ExportRequest::Contacts),
            ExportKind::Orders => self.order_query().map(ExportRequest::Orders),
            ExportKind::Products => Ok(ExportRequest::Products),
            activity => self.order_query().map(|q| {
                ExportRequest::Activities(
                    activity,
                    ActivityQuery {
                        account_id: q.account_id,
                        from: q.from,
                        to: q.to,
                        scope: q.scope,
                    },
                )
            }),
        };
        match request {
            Ok(request) => e.into_result(|| (request, format, lang)),
            Err(more) => {
                e.0.extend(more.0);
                Err(e)
            }
        }
    }

    fn order_query(&self) -> Result<OrderLineQuery, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let account_id = non_empty(self.account_id.as_ref())
            .and_then(|s| e.take("account_id", s.parse::<i64>().map_err(|_| Problem::Number)));
        let from = non_empty(self.from.as_ref()).and_then(|s| e.take("from", parse_date(s)));
        let to = non_empty(self.to.as_ref()).and_then(|s| e.take("to", parse_date(s)));
        e.into_result(|| OrderLineQuery {
            account_id,
            from,
            to,
            scope: Scope::All,
        })
    }
}

/// A column of an exported file: its header in each language, and the import's field it holds.
struct Column {
    fi: &'static str,
    en: &'static str,
    /// The field of the import's mapping the header stands for; `None` for columns the import
    /// has no field for. The tests hold each header to its field.
    #[cfg_attr(not(test), allow(dead_code))]
    field: Option<&'static str>,
}

const fn col(fi: &'static str, en: &'static str, field: Option<&'static str>) -> Column {
    Column { fi, en, field }
}

impl Column {
    fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fi => self.fi,
            Lang::En => self.en,
        }
    }
}

/// The columns of an account export before its custom fields.
const ACCOUNT_COLUMNS: [Column; 18] = [
    col("Asiakasnumero", "Customer number", Some("customer_number")),
    col("Nimi", "Name", Some("name")),
    col("Y-tunnus", "Business ID", Some("business_id")),
    col("Tyyppi", "Type", Some("kind")),
    col("Toimiala", "Industry", Some("industry")),
    col("Kokoluokka", "Size class", Some("size_class")),
    col("Liikevaihto", "Annual revenue", Some("annual_revenue")),
    col("Sähköposti", "Email", Some("email")),
    col("Puhelin", "Phone", Some("phone")),
    col("Katuosoite", "Street address", Some("street_address")),
    col("Postinumero", "Postal code", Some("postal_code")),
    col("Kunta", "Municipality", Some("municipality")),
    col("Maa", "Country", Some("country")),
    col("Verkkosivut", "Website", Some("website")),
    col("Tila", "Status", Some("status")),
    col("Vastuuhenkilö", "Owner", Some("owner")),
    col("Tunnisteet", "Tags", Some("tags")),
    col("Erityistoiveet", "Special wishes", Some("special_wishes")),
];

/// The columns of an account or contact export after its fields: when the record was created
/// and last changed (days in Finnish time).
const TIME_COLUMNS: [Column; 2] = [
    col("Luotu", "Created", None),
    col("Muutettu", "Updated", None),
];

/// The columns of a contact export before its times.
const CONTACT_COLUMNS: [Column; 13] = [
    col("Asiakasnumero", "Customer number", Some("customer_number")),
    col("Asiakas", "Account", None),
    col("Y-tunnus", "Business ID", Some("business_id")),
    col("Etunimi", "First name", Some("first_name")),
    col("Sukunimi", "Last name", Some("last_name")),
    col("Titteli", "Title", Some("title")),
    col("Sähköposti", "Email", Some("email")),
    col("Puhelin", "Phone", Some("phone")),
    col("Roolit", "Roles", Some("roles")),
    col(
        "Markkinointilupa",
        "Marketing consent",
        Some("marketing_consent"),
    ),
    col("Luvan päivämäärä", "Consent date", Some("consent_date")),
    col("Luvan lähde", "Consent source", Some("consent_source")),
    col("Muistiinpanot", "Notes", Some("notes")),
];

/// The columns of an order line export: the import's format, with the customer's name and the
/// line's amounts besides.
const ORDER_COLUMNS: [Column; 17] = [
    col("Tilausnumero", "Order number", Some("order_number")),
    col("Rivi", "Line", Some("line_number")),
    col("Tilauspäivä", "Order date", Some("order_date")),
    col("Asiakasnumero", "Customer number", Some("customer_number")),
    col("Asiakkaan nimi", "Customer name", None),
    col("Y-tunnus", "Business ID", Some("business_id")),
    col("Tuotenumero", "Product number", Some("product_number")),
    col("Tuotenimi", "Product name", Some("product_name")),
    col("Tuoteryhmä", "Product group", Some("product_group")),
    col("Määrä", "Quantity", Some("quantity")),
    col("À-hinta", "Unit price", Some("unit_price")),
    col("Alennus %", "Discount %", Some("discount_percent")),
    col("Yksikkökustannus", "Unit cost", Some("unit_cost")),
    col("Rivin summa", "Net amount", None),
    col("Rivin kustannus", "Line cost", None),
    col("Kanava", "Channel", Some("channel")),
    col("Jälleenmyyjä", "Reseller", Some("reseller")),
];

/// The columns of a product export: the product import's format.
const PRODUCT_COLUMNS: [Column; 6] = [
    col("Tuotenumero", "Product number", Some("product_number")),
    col("Tuotenimi", "Product name", Some("name")),
    col("Tuoteryhmä", "Product group", Some("product_group")),
    col("Yksikkö", "Unit", Some("unit")),
    col("Listahinta", "List price", Some("list_price")),
    col("Yksikkökustannus", "Unit cost", Some("unit_cost")),
];

/// The customer of an activity record: its key and, for people, its name.
const CUSTOMER_COLUMNS: [Column; 3] = [
    col("Asiakasnumero", "Customer number", Some("customer_number")),
    col("Asiakkaan nimi", "Customer name", None),
    col("Y-tunnus", "Business ID", Some("business_id")),
];

/// The columns of a delivery export before and after its customer.
const DELIVERY_COLUMNS: [Column; 3] = [
    col("Toimitusnumero", "Delivery number", Some("delivery_number")),
    col("Toimituspäivä", "Delivery date", Some("delivery_date")),
    col("Tilausnumero", "Order number", Some("order_number")),
];

/// The columns of an invoice export before its customer, and its days after it.
const INVOICE_COLUMNS: [Column; 5] = [
    col("Laskunumero", "Invoice number", Some("invoice_number")),
    col("Laskun päivämäärä", "Invoice date", Some("invoice_date")),
    col("Eräpäivä", "Due date", Some("due_date")),
    col("Maksupäivä", "Paid date", Some("paid_date")),
    col("Summa", "Amount", Some("amount")),
];
const INVOICE_DAY_COLUMNS: [Column; 3] = [
    col("Maksuehto (pv)", "Payment terms (days)", None),
    col("Maksuaika (pv)", "Days to pay", None),
    col("Myöhässä (pv)", "Days late", None),
];

/// The columns of a service hours export before and after its customer.
const SERVICE_COLUMNS: [Column; 2] = [
    col("Viite", "Reference", Some("reference")),
    col("Päivämäärä", "Date", Some("date")),
];
const SERVICE_WORK_COLUMNS: [Column; 3] = [
    col("Tunnit", "Hours", Some("hours")),
    col("Henkilö", "Person", Some("person")),
    col("Kuvaus", "Description", Some("description")),
];

/// The columns of a visit export before and after its customer.
const VISIT_COLUMNS: [Column; 2] = [
    col("Viite", "Reference", Some("reference")),
    col("Käyntipäivä", "Visit date", Some("date")),
];
const VISIT_WHO_COLUMNS: [Column; 2] = [
    col("Henkilö", "Person", Some("person")),
    col("Tarkoitus", "Purpose", Some("purpose")),
];

/// The columns of a return export before and after its customer.
const RETURN_COLUMNS: [Column; 3] = [
    col("Palautusnumero", "Return number", Some("return_number")),
    col("Palautuspäivä", "Return date", Some("return_date")),
    col("Tilausnumero", "Order number", Some("order_number")),
];
const RETURN_GOODS_COLUMNS: [Column; 5] = [
    col("Tuotenumero", "Product number", Some("product_number")),
    col("Tuotenimi", "Product name", None),
    col("Määrä", "Quantity", Some("quantity")),
    col("Summa", "Amount", Some("amount")),
    col("Syy", "Reason", Some("reason")),
];

/// Every column of a kind's export in order, custom fields aside; what the tests hold to the
/// import's mapping.
fn columns(kind: ExportKind) -> Vec<&'static Column> {
    let mut all: Vec<&'static Column> = Vec::new();
    let (before, after): (&'static [Column], &'static [Column]) = match kind {
        ExportKind::Accounts => {
            all.extend(&ACCOUNT_COLUMNS);
            all.extend(&TIME_COLUMNS);
            return all;
        }
        ExportKind::Contacts => {
            all.extend(&CONTACT_COLUMNS);
            all.extend(&TIME_COLUMNS);
            return all;
        }
        ExportKind::Orders => return ORDER_COLUMNS.iter().collect(),
        ExportKind::Products => return PRODUCT_COLUMNS.iter().collect(),
        ExportKind::Deliveries => (&DELIVERY_COLUMNS, &[]),
        ExportKind::Invoices => (&INVOICE_COLUMNS, &INVOICE_DAY_COLUMNS),
        ExportKind::ServiceHours => (&SERVICE_COLUMNS, &SERVICE_WORK_COLUMNS),
        ExportKind::Visits => (&VISIT_COLUMNS, &VISIT_WHO_COLUMNS),
        ExportKind::Returns => (&RETURN_COLUMNS, &RETURN_GOODS_COLUMNS),
    };
    all.extend(before);
    all.extend(&CUSTOMER_COLUMNS);
    all.extend(after);
    all
}

/// The header row of an export; an account export has a column for each custom field.
fn headers(kind: ExportKind, lang: Lang, defs: &[CustomFieldDef]) -> Vec<String> {
    let names = |columns: &[Column]| -> Vec<String> {
        columns.iter().map(|c| c.header(lang).to_owned()).collect()
    };
    match kind {
        ExportKind::Accounts => {
            let mut h = names(&ACCOUNT_COLUMNS);
            h.extend(defs.iter().map(|d| d.label.clone()));
            h.extend(names(&TIME_COLUMNS));
            h
        }
        ExportKind::Contacts => {
            let mut h = names(&CONTACT_COLUMNS);
            h.extend(names(&TIME_COLUMNS));
            h
        }
        _ => columns(kind)
            .into_iter()
            .map(|c| c.header(lang).to_owned())
            .collect(),
    }
}

/// A custom field's value as a cell of its kind.
fn custom_cell(def: &CustomFieldDef, value: Option<&Value>) -> Cell {
    match value {
        None | Some(Value::Null) => Cell::Empty,
        Some(Value::Number(n)) => {
            let text = n.to_string();
            Decimal::parse(&text, DecimalMark::Point).map_or(Cell::Text(text), Cell::Decimal)
        }
        Some(Value::String(s)) if def.kind == CustomFieldKind::Date => {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_or_else(|_| Cell::Text(s.clone()), Cell::Date)
        }
        Some(Value::String(s)) => Cell::Text(s.clone()),
        Some(other) => Cell::Text(other.to_string()),
    }
}

fn account_row(lang: Lang, defs: &[CustomFieldDef], a: &Account) -> Vec<Cell> {
    let d = &a.data;
    let mut cells = vec![
        Cell::from(d.customer_number.clone()),
        Cell::from(d.name.clone()),
        Cell::from(d.business_id.as_ref().map(ToString::to_string)),
        Cell::from(lang.kind(d.kind)),
        Cell::from(d.industry.clone()),
        Cell::from(d.size_class.map(|s| lang.size(s))),
        Cell::from(d.annual_revenue),
        Cell::from(d.email.as_ref().map(ToString::to_string)),
        Cell::from(d.phone.clone()),
        Cell::from(d.street_address.clone()),
        Cell::from(d.postal_code.clone()),
        Cell::from(d.municipality.clone()),
        Cell::from(d.country.clone()),
        Cell::from(d.website.clone()),
        Cell::from(lang.status(d.status)),
        Cell::from(d.owner.clone()),
        Cell::from(Some(d.tags.join(", ")).filter(|t| !t.is_empty())),
        Cell::from(d.special_wishes.clone()),
    ];
    cells.extend(
        defs.iter()
            .map(|def| custom_cell(def, d.custom.get(&def.key))),
    );
    cells.push(Cell::Date(helsinki_date(a.created_at)));
    cells.push(Cell::Date(helsinki_date(a.updated_at)));
    cells
}

fn contact_row(lang: Lang, line: &ContactLine) -> Vec<Cell> {
    let (c, d) = (&line.contact, &line.contact.data);
    let (first_name, last_name) = if c.erased_at.is_some() {
        (None, lang.texts().erased_person.to_owned())
    } else {
        (d.first_name.clone(), d.last_name.clone())
    };
    let roles: Vec<&str> = d.roles.iter().map(|r| lang.role(*r)).collect();
    vec![
        Cell::from(line.account.customer_number.clone()),
        Cell::from(line.account.name.clone()),
        Cell::from(line.account.business_id.clone()),
        Cell::from(first_name),
        Cell::from(last_name),
        Cell::from(d.title.clone()),
        Cell::from(d.email.as_ref().map(ToString::to_string)),
        Cell::from(d.phone.clone()),
        Cell::from(Some(roles.join(", ")).filter(|r| !r.is_empty())),
        Cell::from(lang.consent(d.marketing_consent)),
        Cell::from(d.consent_date),
        Cell::from(d.consent_source.clone()),
        Cell::from(d.notes.clone()),
        Cell::Date(helsinki_date(c.created_at)),
        Cell::Date(helsinki_date(c.updated_at)),
    ]
}

fn order_line_row(lang: Lang, l: &OrderLineRow) -> Vec<Cell> {
    vec![
        Cell::from(l.order_number.clone()),
        Cell::Integer(l.line_number),
        Cell::Date(l.order_date),
        Cell::from(l.customer_number.clone()),
        Cell::from(l.account_name.clone()),
        Cell::from(l.business_id.clone()),
        Cell::from(l.product_number.clone()),
        Cell::from(l.product_name.clone()),
        Cell::from(l.product_group.clone()),
        Cell::Decimal(Quantity(l.quantity_milli).to_decimal()),
        Cell::Money(Money(l.unit_price_cents)),
        Cell::Decimal(Decimal::new(i128::from(l.discount_bp), 2)),
        Cell::from(l.unit_cost_cents.map(Money)),
        Cell::Money(Money(l.net_cents)),
        Cell::from(l.cost_cents.map(Money)),
        Cell::from(lang.channel(&l.channel)),
        Cell::from(l.reseller.clone()),
    ]
}

fn product_row(p: &ProductRow) -> Vec<Cell> {
    vec![
        Cell::from(p.product_number.clone()),
        Cell::from(p.name.clone()),
        Cell::from(p.product_group.clone()),
        Cell::from(p.unit.clone()),
        Cell::from(p.list_price_cents.map(Money)),
        Cell::from(p.unit_cost_cents.map(Money)),
    ]
}

/// An activity value as a cell: dates as dates, texts as texts, integers as they are (the
/// callers turn cents, hours and quantities into their own cells).
fn value_cell(v: &arvo_store::imports::Value) -> Cell {
    use arvo_store::imports::Value;
    match v {
        Value::Text(t) => Cell::from(t.clone()),
        Value::Integer(i) => Cell::from(*i),
        Value::Date(d) => Cell::from(*d),
    }
}

/// An integer value of an activity record.
fn integer(v: Option<&arvo_store::imports::Value>) -> Option<i64> {
    match v {
        Some(arvo_store::imports::Value::Integer(i)) => *i,
        _ => None,
    }
}

/// A date value of an activity record.
fn date(v: Option<&arvo_store::imports::Value>) -> Option<chrono::NaiveDate> {
    match v {
        Some(arvo_store::imports::Value::Date(d)) => *d,
        _ => None,
    }
}

/// An activity record in its kind's columns (see [`columns`]); its values are in the store's
/// column order ([`ActivityKind::columns`]).
fn activity_row(kind: ExportKind, r: &ActivityRow) -> Vec<Cell> {
    let v = |i: usize| r.values.get(i);
    let cell = |i: usize| v(i).map_or(Cell::Empty, value_cell);
    let customer = [
        Cell::from(r.customer_number.clone()),
        Cell::from(r.account_name.clone()),
        Cell::from(r.business_id.clone()),
    ];
    let key = Cell::from(r.key.clone());
    let (before, after): (Vec<Cell>, Vec<Cell>) = match kind {
        // delivery_date
        ExportKind::Deliveries => (
            vec![key, cell(0), Cell::from(r.order_number.clone())],
            vec![],
        ),
        // invoice_date, due_date, paid_date, amount_cents
        ExportKind::Invoices => {
            let (day, due, paid) = (date(v(0)), date(v(1)), date(v(2)));
            let days = |a: Option<chrono::NaiveDate>, b: Option<chrono::NaiveDate>| {
                Cell::from(a.zip(b).map(|(a, b)| (a - b).num_days()))
            };
            (
                vec![
                    key,
                    cell(0),
                    cell(1),
                    cell(2),
                    Cell::from(integer(v(3)).map(Money)),
                ],
                vec![days(due, day), days(paid, day), days(paid, due)],
            )
        }
        // entry_date, hours_milli, person, description
        ExportKind::ServiceHours => (
            vec![key, cell(0)],
            vec![
                Cell::from(integer(v(1)).map(|h| Hours(h).to_decimal())),
                cell(2),
                cell(3),
            ],
        ),
        // visit_date, person, purpose
        ExportKind::Visits => (vec![key, cell(0)], vec![cell(1), cell(2)]),
        // return_date, quantity_milli, amount_cents, reason
        ExportKind::Returns => (
            vec![key, cell(0), Cell::from(r.order_number.clone())],
            vec![
                Cell::from(r.product_number.clone()),
                Cell::from(r.product_name.clone()),
                Cell::from(integer(v(1)).map(|q| Quantity(q).to_decimal())),
                Cell::from(integer(v(2)).map(Money)),
                cell(3),
            ],
        ),
        ExportKind::Accounts | ExportKind::Contacts | ExportKind::Orders | ExportKind::Products => {
            (vec![], vec![])
        }
    };
    before.into_iter().chain(customer).chain(after).collect()
}

/// The rows of an export, read a page at a time and turned into cells.
enum Reader {
    Accounts(AccountReader, Vec<CustomFieldDef>),
    Contacts(ContactReader),
    Orders(OrderLineReader),
    Products(ProductReader),
    Activities(ExportKind, ActivityReader),
}

struct Rows {
    reader: Reader,
    lang: Lang,
}

impl Rows {
    /// The next page's rows; `None` after the last page.
    async fn next_page(&mut self) -> Result<Option<Vec<Vec<Cell>>>, StoreError> {
        let lang = self.lang;
        Ok(match &mut self.reader {
            Reader::Accounts(r, defs) => r
                .next_page()
                .await?
                .map(|page| page.iter().map(|a| account_row(lang, defs, a)).collect()),
            Reader::Contacts(r) => r
                .next_page()
                .await?
                .map(|page| page.iter().map(|c| contact_row(lang, c)).collect()),
            Reader::Orders(r) => r
                .next_page()
                .await?
                .map(|page| page.iter().map(|l| order_line_row(lang, l)).collect()),
            Reader::Products(r) => r
                .next_page()
                .await?
                .map(|page| page.iter().map(product_row).collect()),
            Reader::Activities(kind, r) => {
                let kind = *kind;
                r.next_page()
                    .await?
                    .map(|page| page.iter().map(|a| activity_row(kind, a)).collect())
            }
        })
    }

    /// How many rows the export's query matches now.
    async fn count(&self) -> Result<u64, StoreError> {
        match &self.reader {
            Reader::Accounts(r, _) => r.count().await,
            Reader::Contacts(r) => r.count().await,
            Reader::Orders(r) => r.count().await,
            Reader::Products(r) => r.count().await,
            Reader::Activities(_, r) => r.count().await,
        }
    }
}

/// The pieces of a file sent as they are written.
type Pieces = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

enum FileBody {
    Whole(Vec<u8>),
    Pieces(Pieces),
}

/// An exported file, ready to be sent or written.
pub struct ExportFile {
    pub kind: ExportKind,
    pub format: FileFormat,
    /// Like `arvo-asiakkaat-20261122-101500.csv`.
    pub file_name: String,
    /// The rows the file holds; for CSV, the rows that matched as the export began.
    pub rows: u64,
    body: FileBody,
}

impl std::fmt::Debug for ExportFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportFile")
            .field("kind", &self.kind)
            .field("format", &self.format)
            .field("file_name", &self.file_name)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl ExportFile {
    /// The file as a download: an attachment under its name, never cached.
    pub fn into_response(self) -> Response {
        let body = match self.body {
            FileBody::Whole(bytes) => Body::from(bytes),
            FileBody::Pieces(pieces) => Body::from_stream(pieces),
        };
        attachment(self.format, &self.file_name, body)
    }

    /// Writes the file to `out`, piece by piece as it is read.
    pub async fn write_to(self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        match self.body {
            FileBody::Whole(bytes) => out.write_all(&bytes),
            FileBody::Pieces(mut pieces) => {
                while let Some(piece) = pieces.next().await {
                    out.write_all(&piece?)?;
                }
                Ok(())
            }
        }
    }
}

/// A file as a download: an attachment under its name, never cached.
pub fn attachment(format: FileFormat, file_name: &str, body: Body) -> Response {
    let headers = [
        (header::CONTENT_TYPE, format.content_type().to_owned()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    (headers, body).into_response()
}

fn write_failed(e: WriteError) -> AppError {
    AppError::Unexpected(format!("the export could not be written: {e}"))
}

/// A list the caller may see as a file (see the module documentation). The caller's role must
/// allow reading customers; the rows are those of the caller's scope.
pub async fn export(
    store: &Store,
    caller: &Caller,
    request: ExportRequest,
    format: FileFormat,
    lang: Lang,
) -> Result<ExportFile, AppError> {
    caller.require(Action::ReadCustomers)?;
    if let ExportRequest::Orders(_) | ExportRequest::Activities(..) = &request
        && let Some(id) = request.account_id()
    {
        service::account(store, caller, id).await?;
    }
    let request = request.within(caller.scope.clone());
    export_as(
        store,
        &caller.actor(),
        caller.address.as_deref(),
        request,
        format,
        lang,
    )
    .await
}

/// A list as a file, exported by `actor` within the scope the request carries: the command
/// line's way in, which sees every account.
pub async fn export_as(
    store: &Store,
    actor: &Actor,
    address: Option<&str>,
    request: ExportRequest,
    format: FileFormat,
    lang: Lang,
) -> Result<ExportFile, AppError> {
    let kind = request.kind();
    let defs = match kind {
        ExportKind::Accounts => store.custom_fields().await?,
        _ => Vec::new(),
    };
    let columns = headers(kind, lang, &defs);
    let event = Event {
        kind,
        subject: request.subject(),
        details: json!({
            "format": format.as_str(),
            "language": lang.code(),
            "filters": request.filters(),
        }),
    };
    let reader = match request {
        ExportRequest::Accounts(q) => Reader::Accounts(store.account_reader(q), defs),
        ExportRequest::Contacts(q) => Reader::Contacts(store.contact_reader(q)),
        ExportRequest::Orders(q) => Reader::Orders(store.order_line_reader(q)),
        ExportRequest::Products => Reader::Products(store.product_reader()),
        ExportRequest::Activities(kind, q) => {
            let Some(table) = kind.activity() else {
                return Err(AppError::Unexpected(format!(
                    "{} are not activity records",
                    kind.as_str()
                )));
            };
            Reader::Activities(kind, store.activity_reader(table, q))
        }
    };
    let mut rows = Rows { reader, lang };
    let (count, body) = match format {
        FileFormat::Xlsx => {
            let matching = rows.count().await?;
            if matching > XLSX_MAX_ROWS {
                return Err(AppError::BadRequest(format!(
                    "format xlsx holds at most {XLSX_MAX_ROWS} rows and the list has {matching}; \
                     choose csv, or fewer rows"
                )));
            }
            let mut sheet = XlsxWriter::new(lang.sheet_language(), kind.sheet_name(lang), &columns)
                .map_err(write_failed)?;
            let mut count = 0;
            while let Some(page) = rows.next_page().await? {
                for row in &page {
                    sheet.write_row(row).map_err(write_failed)?;
                }
                count += page.len() as u64;
            }
            event.record(store, actor, address, count).await?;
            let bytes =
                tokio::task::spawn_blocking(move || sheet.finish(std::io::Cursor::new(Vec::new())))
                    .await
                    .map_err(|e| AppError::Unexpected(e.to_string()))?
                    .map_err(write_failed)?
                    .into_inner();
            (count, FileBody::Whole(bytes))
        }
        FileFormat::Csv => {
            let count = rows.count().await?;
            event.record(store, actor, address, count).await?;
            let pieces = futures_util::stream::unfold(
                CsvPieces {
                    rows,
                    language: lang.sheet_language(),
                    columns,
                    started: false,
                    done: false,
                },
                next_piece,
            );
            (count, FileBody::Pieces(Box::pin(pieces)))
        }
    };
    Ok(ExportFile {
        kind,
        format,
        file_name: format!(
            "arvo-{}-{}.{}",
            kind.file_stem(lang),
            chrono::Utc::now().format("%Y%m%d-%H%M%S"),
            format.as_str()
        ),
        rows: count,
        body,
    })
}

/// An export's audit event, written before its rows are handed out.
struct Event {
    kind: ExportKind,
    subject: Option<String>,
    details: Value,
}

impl Event {
    async fn record(
        mut self,
        store: &Store,
        actor: &Actor,
        address: Option<&str>,
        rows: u64,
    ) -> Result<(), AppError> {
        if let Value::Object(details) = &mut self.details {
            details.insert("rows".into(), rows.into());
        }
        Ok(store
            .record_event(&NewAuditEvent {
                kind: &self.kind.event(),
                actor: &actor.name,
                via: &actor.via,
                subject: self.subject,
                details: self.details,
                address,
            })
            .await?)
    }
}

/// Where a CSV file being sent stands.
struct CsvPieces {
    rows: Rows,
    language: Language,
    columns: Vec<String>,
    /// The byte-order mark (in Finnish) and the header are out.
    started: bool,
    done: bool,
}

impl CsvPieces {
    /// The next page's rows as CSV text, with the file's opening before the first.
    fn write(&self, page: &[Vec<Cell>]) -> Result<Vec<u8>, WriteError> {
        let mut w = if self.started {
            CsvWriter::continuing(Vec::new(), self.language, self.columns.len())
        } else {
            CsvWriter::new(Vec::new(), self.language, &self.columns)?
        };
        for row in page {
            w.write_row(row)?;
        }
        w.finish()
    }
}

/// The next piece of a CSV file: the next page of rows. A failure ends the file early, so that
/// the client sees an incomplete transfer rather than a file that looks whole.
async fn next_piece(mut x: CsvPieces) -> Option<(Result<Bytes, std::io::Error>, CsvPieces)> {
    if x.done {
        return None;
    }
    let page = match x.rows.next_page().await {
        Ok(Some(page)) => page,
        Ok(None) if x.started => return None,
        Ok(None) => {
            x.done = true;
            Vec::new()
        }
        Err(e) => {
            tracing::error!(error = ?e, "export failed");
            x.done = true;
            return Some((Err(std::io::Error::other("the list could not be read")), x));
        }
    };
    let piece = x.write(&page);
    x.started = true;
    match piece {
        Ok(bytes) => Some((Ok(Bytes::from(bytes)), x)),
        Err(e) => {
            tracing::error!(error = %e, "export failed");
            x.done = true;
            Some((Err(std::io::Error::other(e.to_string())), x))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arvo_sheets::{Kind, Record, suggest};

    /// The import's mapping takes every column of an export to the field it carries, in both
    /// languages, and leaves the others alone.
    #[test]
    fn headers_are_the_words_the_import_recognises() {
        for (kind, export) in [
            (Kind::Accounts, ExportKind::Accounts),
            (Kind::Contacts, ExportKind::Contacts),
            (Kind::Orders, ExportKind::Orders),
            (Kind::Products, ExportKind::Products),
            (Kind::Deliveries, ExportKind::Deliveries),
            (Kind::Invoices, ExportKind::Invoices),
            (Kind::ServiceHours, ExportKind::ServiceHours),
            (Kind::Visits, ExportKind::Visits),
            (Kind::Returns, ExportKind::Returns),
        ] {
            let columns = columns(export);
            let fields: Vec<&str> = columns.iter().filter_map(|c| c.field).collect();
            for f in kind.fields() {
                assert!(
                    fields.contains(&f.name),
                    "{kind}: the export has no column for {}",
                    f.name
                );
            }
            for lang in [Lang::Fi, Lang::En] {
                let header = Record::new(
                    1,
                    columns.iter().map(|c| c.header(lang).to_owned()).collect(),
                );
                let mapping = suggest(kind, &header);
                let mapped: Vec<Option<&str>> =
                    mapping.columns.iter().map(|c| c.field.as_deref()).collect();
                let expected: Vec<Option<&str>> = columns.iter().map(|c| c.field).collect();
                assert_eq!(mapped, expected, "{kind} in {lang:?}");
            }
        }
    }

    #[test]
    fn parameters_are_read_per_list_and_bad_ones_named() {
        let params = ExportParams {
            format: Some("XLSX".into()),
            lang: Some("en".into()),
            status: Some("customer".into()),
            role: Some("nobody".into()),
            from: Some("1.1.2026".into()),
            ..ExportParams::default()
        };
        let (request, format, lang) = params.to_request(ExportKind::Accounts).unwrap();
        assert_eq!((format, lang), (FileFormat::Xlsx, Some(Lang::En)));
        assert!(
            matches!(request, ExportRequest::Accounts(q) if q.status == Some(arvo_core::AccountStatus::Customer))
        );
        let (request, _, _) = params.to_request(ExportKind::Orders).unwrap();
        assert!(matches!(
            request,
            ExportRequest::Orders(q) if q.from == chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        ));
        let bad = ExportParams {
            format: Some("pdf".into()),
            lang: Some("sv".into()),
            account_id: Some("x".into()),
            to: Some("31.2.2026".into()),
            ..params
        };
        let fields: Vec<String> = bad
            .to_request(ExportKind::Orders)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["format", "lang", "account_id", "to"]);
        let fields: Vec<String> = bad
            .to_request(ExportKind::Contacts)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["format", "lang", "account_id", "role"]);
    }

    #[test]
    fn search_words_stay_out_of_the_audit_log() {
        let request = ExportRequest::Contacts(ContactQuery {
            text: Some("Virtanen".into()),
            account_id: Some(7),
            ..ContactQuery::default()
        });
        let filters = request.filters().to_string();
        assert!(!filters.contains("Virtanen"), "{filters}");
        assert!(filters.contains("\"search\":true"), "{filters}");
        assert_eq!(request.subject().as_deref(), Some("account 7"));
    }
}
