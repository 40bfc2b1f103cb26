//! Which column of a file holds which field: the fields of each kind of data, a suggested
//! mapping from a file's header, and mappings saved as JSON for the next file of the same shape.
//!
//! Headers are compared folded: lower case, accents and Finnish letters folded (`Päivämäärä` is
//! `paivamaara`), everything but letters and digits left out (`Asiakas nro`, `Asiakasnro.` and
//! `asiakas-nro` are alike). Failing that, a header is also tried without bracketed parts and
//! trailing units (`Summa (EUR)`, `Määrä kpl`). A longer matching synonym wins over a shorter
//! one, and a column or a field is never taken twice.
//!
//! A saved [`Mapping`] names columns by their header text, so it still fits a later file whose
//! columns are in another order. Columns it does not name are ignored, which lets a file of
//! rejected rows, with its extra error column, be imported again as it is.

use crate::read::Record;
use arvo_core::DecimalMark;
use arvo_core::text::fold;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A kind of data a file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Accounts,
    Contacts,
    Products,
    Orders,
    Deliveries,
    Invoices,
    ServiceHours,
    Visits,
    Returns,
}

/// One field a file's column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The canonical field name, e.g. `order_number`.
    pub name: &'static str,
    /// Whether every mapping of the kind must map it.
    pub required: bool,
    /// The column header a file written for import uses, in Finnish and in English.
    pub label_fi: &'static str,
    pub label_en: &'static str,
    /// Headers that mean this field, in Finnish and English.
    pub synonyms: &'static [&'static str],
}

const fn field(
    name: &'static str,
    required: bool,
    label_fi: &'static str,
    label_en: &'static str,
    synonyms: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        name,
        required,
        label_fi,
        label_en,
        synonyms,
    }
}

const CUSTOMER_NUMBER: FieldSpec = field(
    "customer_number",
    false,
    "Asiakasnumero",
    "Customer number",
    &[
        "Asiakasnumero",
        "Asiakasnro",
        "Asiakas nro",
        "Asiakkaan numero",
        "Asiakastunnus",
        "Asiakaskoodi",
        "As.nro",
        "Customer number",
        "Customer no",
        "Cust. no",
        "Customer id",
        "Customer code",
        "Account number",
        "Account no",
    ],
);
const BUSINESS_ID: FieldSpec = field(
    "business_id",
    false,
    "Y-tunnus",
    "Business ID",
    &[
        "Y-tunnus",
        "Yritystunnus",
        "Y-tunnus/ALV-tunnus",
        "ALV-tunnus",
        "ALV-numero",
        "Business ID",
        "Business identity code",
        "Company ID",
        "VAT ID",
        "VAT number",
        "VAT no",
    ],
);
const EMAIL: FieldSpec = field(
    "email",
    false,
    "Sähköposti",
    "Email",
    &[
        "Sähköposti",
        "Sähköpostiosoite",
        "S-posti",
        "Email",
        "E-mail",
        "Email address",
    ],
);
const PHONE: FieldSpec = field(
    "phone",
    false,
    "Puhelin",
    "Phone",
    &[
        "Puhelin",
        "Puhelinnumero",
        "Puh",
        "Puh. nro",
        "Matkapuhelin",
        "GSM",
        "Phone",
        "Phone number",
        "Telephone",
        "Tel",
        "Mobile",
    ],
);
const ORDER_NUMBER: FieldSpec = field(
    "order_number",
    false,
    "Tilausnumero",
    "Order number",
    &[
        "Tilausnumero",
        "Tilausnro",
        "Tilaus nro",
        "Tilauksen numero",
        "Tilaus",
        "Order number",
        "Order no",
        "Order id",
        "Order",
        "Sales order",
    ],
);
const PRODUCT_NUMBER: FieldSpec = field(
    "product_number",
    true,
    "Tuotenumero",
    "Product number",
    &[
        "Tuotenumero",
        "Tuotenro",
        "Tuote nro",
        "Tuotekoodi",
        "Tuotetunnus",
        "Nimikekoodi",
        "Nimikenumero",
        "SKU",
        "Product number",
        "Product no",
        "Product code",
        "Product id",
        "Item number",
        "Item no",
        "Item code",
        "Article number",
    ],
);
const PRODUCT_GROUP: FieldSpec = field(
    "product_group",
    false,
    "Tuoteryhmä",
    "Product group",
    &[
        "Tuoteryhmä",
        "Tuotekategoria",
        "Tuotelinja",
        "Ryhmä",
        "Product group",
        "Product category",
        "Category",
        "Group",
    ],
);
const UNIT_COST: FieldSpec = field(
    "unit_cost",
    false,
    "Yksikkökustannus",
    "Unit cost",
    &[
        "Ostohinta",
        "Yksikkökustannus",
        "Kustannus",
        "Hankintahinta",
        "Omakustannushinta",
        "Unit cost",
        "Cost",
        "Cost price",
        "Purchase price",
    ],
);
const QUANTITY: FieldSpec = field(
    "quantity",
    true,
    "Määrä",
    "Quantity",
    &[
        "Määrä",
        "Kpl",
        "Lukumäärä",
        "Kappalemäärä",
        "Tilattu määrä",
        "Quantity",
        "Qty",
        "Pcs",
        "Units",
    ],
);
const REFERENCE: FieldSpec = field(
    "reference",
    false,
    "Viite",
    "Reference",
    &[
        "Viite",
        "Tunniste",
        "Kirjausnumero",
        "Kirjaus",
        "Reference",
        "Ref",
        "Entry id",
        "Id",
    ],
);
const PERSON: FieldSpec = field(
    "person",
    false,
    "Henkilö",
    "Person",
    &[
        "Henkilö",
        "Tekijä",
        "Työntekijä",
        "Asentaja",
        "Myyjä",
        "Person",
        "Employee",
        "Worker",
        "Salesperson",
        "Sales rep",
    ],
);

pub(crate) const ACCOUNTS: &[FieldSpec] = &[
    CUSTOMER_NUMBER,
    field(
        "name",
        true,
        "Nimi",
        "Name",
        &[
            "Nimi",
            "Asiakas",
            "Asiakkaan nimi",
            "Asiakasnimi",
            "Yrityksen nimi",
            "Yritys",
            "Toiminimi",
            "Name",
            "Customer",
            "Customer name",
            "Company",
            "Company name",
            "Account",
            "Account name",
        ],
    ),
    BUSINESS_ID,
    field(
        "kind",
        false,
        "Tyyppi",
        "Kind",
        &[
            "Tyyppi",
            "Asiakastyyppi",
            "Laji",
            "Type",
            "Kind",
            "Account type",
        ],
    ),
    field(
        "industry",
        false,
        "Toimiala",
        "Industry",
        &["Toimiala", "Ala", "Industry", "Sector", "Line of business"],
    ),
    field(
        "size_class",
        false,
        "Kokoluokka",
        "Size class",
        &[
            "Kokoluokka",
            "Koko",
            "Henkilöstöluokka",
            "Size",
            "Size class",
            "Company size",
        ],
    ),
    field(
        "annual_revenue",
        false,
        "Liikevaihto",
        "Annual revenue",
        &[
            "Liikevaihto",
            "Vuosiliikevaihto",
            "Revenue",
            "Annual revenue",
            "Turnover",
        ],
    ),
    EMAIL,
    PHONE,
    field(
        "street_address",
        false,
        "Katuosoite",
        "Street address",
        &[
            "Katuosoite",
            "Osoite",
            "Lähiosoite",
            "Street address",
            "Address",
            "Street",
        ],
    ),
    field(
        "postal_code",
        false,
        "Postinumero",
        "Postal code",
        &[
            "Postinumero",
            "Postinro",
            "Postal code",
            "Post code",
            "Postcode",
            "Zip",
            "Zip code",
        ],
    ),
    field(
        "municipality",
        false,
        "Kunta",
        "Municipality",
        &[
            "Kunta",
            "Kotikunta",
            "Paikkakunta",
            "Postitoimipaikka",
            "Toimipaikka",
            "Kaupunki",
            "Municipality",
            "City",
            "Town",
        ],
    ),
    field(
        "country",
        false,
        "Maa",
        "Country",
        &["Maa", "Maakoodi", "Country", "Country code"],
    ),
    field(
        "website",
        false,
        "Verkkosivut",
        "Website",
        &[
            "Verkkosivut",
            "Verkkosivu",
            "Kotisivut",
            "Kotisivu",
            "Verkko-osoite",
            "WWW",
            "Website",
            "Web",
            "Homepage",
            "URL",
        ],
    ),
    field(
        "status",
        false,
        "Tila",
        "Status",
        &["Tila", "Asiakkuuden tila", "Asiakassuhde", "Status"],
    ),
    field(
        "owner",
        false,
        "Vastuuhenkilö",
        "Owner",
        &[
            "Vastuuhenkilö",
            "Vastuumyyjä",
            "Asiakasvastaava",
            "Myyjä",
            "Omistaja",
            "Owner",
            "Account manager",
            "Sales rep",
            "Salesperson",
        ],
    ),
    field(
        "tags",
        false,
        "Tunnisteet",
        "Tags",
        &[
            "Tunnisteet",
            "Tagit",
            "Avainsanat",
            "Tags",
            "Labels",
            "Keywords",
        ],
    ),
    field(
        "special_wishes",
        false,
        "Erityistoiveet",
        "Special wishes",
        &[
            "Erityistoiveet",
            "Toiveet",
            "Lisätiedot",
            "Huomautukset",
            "Special wishes",
            "Notes",
            "Remarks",
            "Comments",
        ],
    ),
];

pub(crate) const CONTACTS: &[FieldSpec] = &[
    CUSTOMER_NUMBER,
    BUSINESS_ID,
    field(
        "first_name",
        false,
        "Etunimi",
        "First name",
        &[
            "Etunimi",
            "Etunimet",
            "First name",
            "Firstname",
            "Given name",
        ],
    ),
    field(
        "last_name",
        true,
        "Sukunimi",
        "Last name",
        &[
            "Sukunimi",
            "Last name",
            "Lastname",
            "Surname",
            "Family name",
        ],
    ),
    field(
        "title",
        false,
        "Titteli",
        "Title",
        &[
            "Titteli",
            "Asema",
            "Tehtävä",
            "Tehtävänimike",
            "Nimike",
            "Title",
            "Job title",
            "Position",
        ],
    ),
    EMAIL,
    PHONE,
    field(
        "roles",
        false,
        "Roolit",
        "Roles",
        &[
            "Roolit",
            "Rooli",
            "Ostorooli",
            "Roles",
            "Role",
            "Buying role",
            "Buying roles",
        ],
    ),
    field(
        "marketing_consent",
        false,
        "Markkinointilupa",
        "Marketing consent",
        &[
            "Markkinointilupa",
            "Suoramarkkinointilupa",
            "Lupa",
            "Marketing consent",
            "Consent",
        ],
    ),
    field(
        "consent_date",
        false,
        "Luvan päivämäärä",
        "Consent date",
        &["Luvan päivämäärä", "Luvan pvm", "Lupapäivä", "Consent date"],
    ),
    field(
        "consent_source",
        false,
        "Luvan lähde",
        "Consent source",
        &["Luvan lähde", "Lupalähde", "Consent source"],
    ),
    field(
        "notes",
        false,
        "Muistiinpanot",
        "Notes",
        &[
            "Muistiinpanot",
            "Lisätiedot",
            "Huomautukset",
            "Notes",
            "Remarks",
            "Comments",
        ],
    ),
];

pub(crate) const PRODUCTS: &[FieldSpec] = &[
    PRODUCT_NUMBER,
    field(
        "name",
        true,
        "Nimi",
        "Name",
        &[
            "Nimi",
            "Tuotenimi",
            "Tuotteen nimi",
            "Nimitys",
            "Tuote",
            "Name",
            "Product name",
            "Product",
            "Item name",
            "Description",
        ],
    ),
    PRODUCT_GROUP,
    field(
        "unit",
        false,
        "Yksikkö",
        "Unit",
        &[
            "Yksikkö",
            "Yks",
            "Mittayksikkö",
            "Unit",
            "UOM",
            "Unit of measure",
        ],
    ),
    field(
        "list_price",
        false,
        "Listahinta",
        "List price",
        &[
            "Listahinta",
            "Hinnastohinta",
            "Myyntihinta",
            "Hinta",
            "À-hinta",
            "Yksikköhinta",
            "List price",
            "Price",
            "Sales price",
            "Unit price",
        ],
    ),
    UNIT_COST,
];

pub(crate) const ORDERS: &[FieldSpec] = &[
    FieldSpec {
        required: true,
        ..ORDER_NUMBER
    },
    field(
        "line_number",
        true,
        "Rivinumero",
        "Line number",
        &[
            "Rivinumero",
            "Rivi",
            "Rivinro",
            "Tilausrivi",
            "Line",
            "Line number",
            "Line no",
        ],
    ),
    CUSTOMER_NUMBER,
    BUSINESS_ID,
    field(
        "order_date",
        true,
        "Tilauspäivä",
        "Order date",
        &[
            "Tilauspäivä",
            "Tilauspvm",
            "Tilauspäivämäärä",
            "Myyntipäivä",
            "Päivämäärä",
            "Pvm",
            "Päivä",
            "Order date",
            "Sales date",
            "Date",
        ],
    ),
    FieldSpec {
        synonyms: &[
            "Tuotenumero",
            "Tuotenro",
            "Tuote nro",
            "Tuotekoodi",
            "Tuotetunnus",
            "Nimikekoodi",
            "Nimikenumero",
            "Tuote",
            "SKU",
            "Product number",
            "Product no",
            "Product code",
            "Product id",
            "Item number",
            "Item no",
            "Item code",
            "Article number",
            "Product",
        ],
        ..PRODUCT_NUMBER
    },
    field(
        "product_name",
        false,
        "Tuotenimi",
        "Product name",
        &[
            "Tuotenimi",
            "Tuotteen nimi",
            "Nimitys",
            "Product name",
            "Item name",
            "Description",
        ],
    ),
    PRODUCT_GROUP,
    QUANTITY,
    field(
        "unit_price",
        true,
        "Yksikköhinta",
        "Unit price",
        &[
            "À-hinta",
            "Yksikköhinta",
            "Myyntihinta",
            "Hinta",
            "Kappalehinta",
            "Unit price",
            "Price",
            "Sales price",
        ],
    ),
    UNIT_COST,
    field(
        "discount_percent",
        false,
        "Alennus %",
        "Discount %",
        &[
            "Alennus %",
            "Alennusprosentti",
            "Alennus",
            "Ale %",
            "Ale",
            "Discount %",
            "Discount percent",
            "Discount",
        ],
    ),
    field(
        "channel",
        false,
        "Kanava",
        "Channel",
        &["Kanava", "Myyntikanava", "Channel", "Sales channel"],
    ),
    field(
        "reseller",
        false,
        "Jälleenmyyjä",
        "Reseller",
        &["Jälleenmyyjä", "Reseller", "Dealer", "Distributor"],
    ),
];

pub(crate) const DELIVERIES: &[FieldSpec] = &[
    field(
        "delivery_number",
        true,
        "Toimitusnumero",
        "Delivery number",
        &[
            "Toimitusnumero",
            "Toimitusnro",
            "Lähetenumero",
            "Lähete",
            "Lähetysnumero",
            "Toimitus",
            "Delivery number",
            "Delivery no",
            "Delivery",
            "Shipment number",
            "Dispatch number",
        ],
    ),
    ORDER_NUMBER,
    CUSTOMER_NUMBER,
    BUSINESS_ID,
    field(
        "delivery_date",
        true,
        "Toimituspäivä",
        "Delivery date",
        &[
            "Toimituspäivä",
            "Toimituspvm",
            "Toimituspäivämäärä",
            "Lähetyspäivä",
            "Päivämäärä",
            "Pvm",
            "Delivery date",
            "Shipping date",
            "Ship date",
            "Date",
        ],
    ),
];

pub(crate) const INVOICES: &[FieldSpec] = &[
    field(
        "invoice_number",
        true,
        "Laskunumero",
        "Invoice number",
        &[
            "Laskunumero",
            "Laskunro",
            "Lasku nro",
            "Laskun numero",
            "Lasku",
            "Invoice number",
            "Invoice no",
            "Invoice id",
            "Invoice",
        ],
    ),
    CUSTOMER_NUMBER,
    BUSINESS_ID,
    field(
        "invoice_date",
        true,
        "Laskun päivämäärä",
        "Invoice date",
        &[
            "Laskun päivämäärä",
            "Laskupäivä",
            "Laskun pvm",
            "Laskutuspäivä",
            "Laskutuspvm",
            "Päivämäärä",
            "Pvm",
            "Invoice date",
            "Billing date",
            "Date",
        ],
    ),
    field(
        "due_date",
        false,
        "Eräpäivä",
        "Due date",
        &["Eräpäivä", "Eräpvm", "Erääntyy", "Due date", "Due"],
    ),
    field(
        "paid_date",
        false,
        "Maksupäivä",
        "Paid date",
        &[
            "Maksupäivä",
            "Maksupvm",
            "Maksettu",
            "Maksettu pvm",
            "Paid date",
            "Payment date",
            "Paid",
            "Paid on",
        ],
    ),
    field(
        "amount",
        true,
        "Summa",
        "Amount",
        &[
            "Summa",
            "Laskun summa",
            "Yhteensä",
            "Loppusumma",
            "Määrä",
            "Amount",
            "Total",
            "Sum",
            "Invoice amount",
        ],
    ),
];

pub(crate) const SERVICE_HOURS: &[FieldSpec] = &[
    REFERENCE,
    CUSTOMER_NUMBER,
    BUSINESS_ID,
    field(
        "date",
        true,
        "Päivämäärä",
        "Date",
        &[
            "Päivämäärä",
            "Pvm",
            "Päivä",
            "Työpäivä",
            "Date",
            "Work date",
            "Day",
        ],
    ),
    field(
        "hours",
        true,
        "Tunnit",
        "Hours",
        &[
            "Tunnit",
            "Tuntia",
            "Tuntimäärä",
            "Työtunnit",
            "Aika",
            "Kesto",
            "h",
            "Hours",
            "Hrs",
            "Time",
            "Duration",
        ],
    ),
    PERSON,
    field(
        "description",
        false,
        "Kuvaus",
        "Description",
        &[
            "Kuvaus",
            "Selite",
            "Työkuvaus",
            "Tehty työ",
            "Description",
            "Task",
            "Work description",
        ],
    ),
];

pub(crate) const VISITS: &[FieldSpec] = &[
    REFERENCE,
    CUSTOMER_NUMBER,
    BUSINESS_ID,
    field(
        "date",
        true,
        "Päivämäärä",
        "Date",
        &[
            "Käyntipäivä",
            "Käyntipvm",
            "Päivämäärä",
            "Pvm",
            "Päivä",
            "Visit date",
            "Date",
        ],
    ),
    PERSON,
    field(
        "purpose",
        false,
        "Tarkoitus",
        "Purpose",
        &[
            "Tarkoitus",
            "Käynnin tarkoitus",
            "Aihe",
            "Kuvaus",
            "Purpose",
            "Subject",
            "Topic",
            "Description",
        ],
    ),
];

pub(crate) const RETURNS: &[FieldSpec] = &[
    field(
        "return_number",
        true,
        "Palautusnumero",
        "Return number",
        &[
            "Palautusnumero",
            "Palautusnro",
            "Palautus",
            "Hyvitysnumero",
            "Hyvityslasku",
            "Return number",
            "Return no",
            "Return",
            "RMA",
            "Credit note",
        ],
    ),
    ORDER_NUMBER,
    CUSTOMER_NUMBER,
    BUSINESS_ID,
    field(
        "return_date",
        true,
        "Palautuspäivä",
        "Return date",
        &[
            "Palautuspäivä",
            "Palautuspvm",
            "Päivämäärä",
            "Pvm",
            "Return date",
            "Date",
        ],
    ),
    FieldSpec {
        required: false,
        ..PRODUCT_NUMBER
    },
    FieldSpec {
        required: false,
        ..QUANTITY
    },
    field(
        "amount",
        true,
        "Summa",
        "Amount",
        &[
            "Summa",
            "Hyvityssumma",
            "Hyvitys",
            "Arvo",
            "Amount",
            "Credit amount",
            "Total",
        ],
    ),
    field(
        "reason",
        false,
        "Syy",
        "Reason",
        &[
            "Syy",
            "Palautuksen syy",
            "Palautussyy",
            "Reason",
            "Return reason",
            "Cause",
        ],
    ),
];

/// The customer key's fields, at least one of which most kinds must map.
const ACCOUNT_KEY: &[&str] = &["customer_number", "business_id"];

impl Kind {
    pub const ALL: &'static [Self] = &[
        Self::Accounts,
        Self::Contacts,
        Self::Products,
        Self::Orders,
        Self::Deliveries,
        Self::Invoices,
        Self::ServiceHours,
        Self::Visits,
        Self::Returns,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Contacts => "contacts",
            Self::Products => "products",
            Self::Orders => "orders",
            Self::Deliveries => "deliveries",
            Self::Invoices => "invoices",
            Self::ServiceHours => "service_hours",
            Self::Visits => "visits",
            Self::Returns => "returns",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// The fields a column of this kind of file can be mapped to.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            Self::Accounts => ACCOUNTS,
            Self::Contacts => CONTACTS,
            Self::Products => PRODUCTS,
            Self::Orders => ORDERS,
            Self::Deliveries => DELIVERIES,
            Self::Invoices => INVOICES,
            Self::ServiceHours => SERVICE_HOURS,
            Self::Visits => VISITS,
            Self::Returns => RETURNS,
        }
    }

    /// Groups of fields of which a mapping must map at least one: the customer key, for every
    /// kind whose rows belong to a customer.
    pub fn one_of(self) -> &'static [&'static [&'static str]] {
        match self {
            Self::Accounts | Self::Products => &[],
            _ => &[ACCOUNT_KEY],
        }
    }

    pub fn field(self, name: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.name == name)
    }

    fn field_index(self, name: &str) -> Option<usize> {
        self.fields().iter().position(|f| f.name == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The position of `name` in `fields`, for use in constants: a name that is not there stops the
/// build.
pub(crate) const fn index_of(fields: &[FieldSpec], name: &str) -> usize {
    let mut i = 0;
    while i < fields.len() {
        if const_eq(fields[i].name, name) {
            return i;
        }
        i += 1;
    }
    panic!("no such field");
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A header folded for comparison: lower case, accents folded, only letters and digits.
pub fn normalize_header(header: &str) -> String {
    fold(header)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Words that may trail a header as its unit.
const UNIT_WORDS: &[&str] = &[
    "eur", "euro", "euroa", "e", "kpl", "pcs", "pc", "alv0", "vat0",
];

/// A header without bracketed parts and trailing units: `Summa (EUR)` → `summa`.
fn stripped_header(header: &str) -> String {
    let mut kept = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    let folded = fold(&kept);
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| UNIT_WORDS.contains(w)) {
        words.pop();
    }
    words.concat()
}

/// How well a header fits a field: `None`, or higher for a better fit.
fn score(header: &str, spec: &FieldSpec) -> Option<usize> {
    let full = normalize_header(header);
    if full.is_empty() {
        return None;
    }
    let stripped = stripped_header(header);
    let mut best: Option<usize> = None;
    let names = std::iter::once(spec.name).chain(spec.synonyms.iter().copied());
    for synonym in names {
        let s = normalize_header(synonym);
        let fit = if s == full {
            Some(1000 + s.len())
        } else if s == stripped {
            Some(500 + s.len())
        } else {
            None
        };
        best = best.max(fit);
    }
    best
}

/// One column of a mapping: the file's header text and the field it holds (`None`: ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub header: String,
    #[serde(default)]
    pub field: Option<String>,
}

/// Which column holds which field, by the columns' header text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub kind: Kind,
    pub columns: Vec<ColumnMapping>,
}

/// What is wrong with a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum MappingProblem {
    /// The saved mapping is not valid JSON of a mapping.
    Json { message: String },
    /// A column is mapped to a field the kind does not have.
    UnknownField { header: String, field: String },
    /// Two or more columns are mapped to one field.
    DuplicateField { field: String, headers: Vec<String> },
    /// A required field is mapped from no column.
    MissingField { field: String },
    /// None of fields of which one is needed is mapped.
    MissingOneOf { fields: Vec<String> },
    /// The mapping names a column the file does not have.
    MissingColumn { header: String, field: String },
}

impl fmt::Display for MappingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json { message } => write!(f, "the mapping is not valid: {message}"),
            Self::UnknownField { header, field } => {
                write!(
                    f,
                    "column \"{header}\" is mapped to an unknown field \"{field}\""
                )
            }
            Self::DuplicateField { field, headers } => write!(
                f,
                "field \"{field}\" is mapped from more than one column: {}",
                headers.join(", ")
            ),
            Self::MissingField { field } => {
                write!(f, "required field \"{field}\" is mapped from no column")
            }
            Self::MissingOneOf { fields } => write!(
                f,
                "one of the fields {} must be mapped from a column",
                fields.join(", ")
            ),
            Self::MissingColumn { header, field } => write!(
                f,
                "the file has no column \"{header}\" for field \"{field}\""
            ),
        }
    }
}

/// Every problem of a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", self.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct MappingErrors(pub Vec<MappingProblem>);

/// Suggests a mapping of a file's header to the fields of `kind` (see the module documentation).
/// Every column appears in it, mapped or not.
pub fn suggest(kind: Kind, header: &Record) -> Mapping {
    let fields = kind.fields();
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (col, h) in header.cells.iter().enumerate() {
        for (fi, spec) in fields.iter().enumerate() {
            if let Some(s) = score(h, spec) {
                candidates.push((s, col, fi));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut by_column: Vec<Option<usize>> = vec![None; header.cells.len()];
    let mut taken = vec![false; fields.len()];
    for (_, col, fi) in candidates {
        if by_column[col].is_none() && !taken[fi] {
            by_column[col] = Some(fi);
            taken[fi] = true;
        }
    }
    Mapping {
        kind,
        columns: header
            .cells
            .iter()
            .zip(by_column)
            .map(|(h, fi)| ColumnMapping {
                header: h.clone(),
                field: fi.map(|i| fields[i].name.to_owned()),
            })
            .collect(),
    }
}

impl Mapping {
    /// The mapping as JSON, to be saved.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a saved mapping and checks it.
    pub fn from_json(json: &str) -> Result<Self, MappingErrors> {
        let mapping: Self = serde_json::from_str(json).map_err(|e| {
            MappingErrors(vec![MappingProblem::Json {
                message: e.to_string(),
            }])
        })?;
        mapping.validate()?;
        Ok(mapping)
    }

    /// The field the column with this header is mapped to.
    pub fn field_of(&self, header: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.header == header)
            .and_then(|c| c.field.as_deref())
    }

    /// Checks that every field is the kind's, that none is mapped twice, and that the required
    /// fields are mapped.
    pub fn validate(&self) -> Result<(), MappingErrors> {
        let mut problems = Vec::new();
        for c in &self.columns {
            if let Some(f) = &c.field
                && self.kind.field(f).is_none()
            {
                problems.push(MappingProblem::UnknownField {
                    header: c.header.clone(),
                    field: f.clone(),
                });
            }
        }
        for spec in self.kind.fields() {
            let headers: Vec<String> = self
                .columns
                .iter()
                .filter(|c| c.field.as_deref() == Some(spec.name))
                .map(|c| c.header.clone())
                .collect();
            if headers.len() > 1 {
                problems.push(MappingProblem::DuplicateField {
                    field: spec.name.to_owned(),
                    headers,
                });
            } else if headers.is_empty() && spec.required {
                problems.push(MappingProblem::MissingField {
                    field: spec.name.to_owned(),
                });
            }
        }
        for group in self.kind.one_of() {
            let mapped = group.iter().any(|name| {
                self.columns
                    .iter()
                    .any(|c| c.field.as_deref() == Some(*name))
            });
            if !mapped {
                problems.push(MappingProblem::MissingOneOf {
                    fields: group.iter().map(|s| (*s).to_owned()).collect(),
                });
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(MappingErrors(problems))
        }
    }

    /// Fits the mapping to a file's header: finds each mapped column by its header text (exactly,
    /// else folded; the n-th of equal headers for the n-th of them in the mapping) and checks the
    /// result as [`Mapping::validate`] does. `mark` settles numbers like `1,234` (see
    /// [`crate::read::Format::decimal_mark`]).
    pub fn bind(&self, header: &Record, mark: DecimalMark) -> Result<Binding, MappingErrors> {
        let fields = self.kind.fields();
        let mut slots: Vec<Option<usize>> = vec![None; fields.len()];
        let mut claimed = vec![false; header.cells.len()];
        let mut problems = Vec::new();
        for c in &self.columns {
            let Some(field) = &c.field else { continue };
            let Some(fi) = self.kind.field_index(field) else {
                continue;
            };
            let wanted = c.header.trim();
            let found = (0..header.cells.len())
                .find(|&i| !claimed[i] && header.cells[i].trim() == wanted)
                .or_else(|| {
                    let folded = normalize_header(wanted);
                    (0..header.cells.len())
                        .find(|&i| !claimed[i] && normalize_header(&header.cells[i]) == folded)
                });
            match found {
                Some(i) => {
                    claimed[i] = true;
                    if slots[fi].is_none() {
                        slots[fi] = Some(i);
                    }
                }
                None => problems.push(MappingProblem::MissingColumn {
                    header: c.header.clone(),
                    field: field.clone(),
                }),
            }
        }
        let bound = Self {
            kind: self.kind,
            columns: slots
                .iter()
                .enumerate()
                .filter_map(|(fi, col)| {
                    col.map(|i| ColumnMapping {
                        header: header.cells[i].clone(),
                        field: Some(fields[fi].name.to_owned()),
                    })
                })
                .collect(),
        };
        if let Err(MappingErrors(mut more)) = self.validate() {
            problems.append(&mut more);
        } else if let Err(MappingErrors(mut more)) = bound.validate() {
            problems.append(&mut more);
        }
        if !problems.is_empty() {
            return Err(MappingErrors(problems));
        }
        Ok(Binding {
            kind: self.kind,
            slots,
            headers: header.cells.clone(),
            mark,
        })
    }
}

/// A mapping fitted to one file: which column (by position) holds each field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    kind: Kind,
    /// The column of each of the kind's fields, in the order of [`Kind::fields`].
    slots: Vec<Option<usize>>,
    headers: Vec<String>,
    mark: DecimalMark,
}

impl Binding {
    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn decimal_mark(&self) -> DecimalMark {
        self.mark
    }

    /// The file's header of the column holding `field`.
    pub fn column_of(&self, field: &str) -> Option<&str> {
        let fi = self.kind.field_index(field)?;
        self.slots[fi].map(|i| self.headers[i].as_str())
    }

    /// The column index of the field at `index` in [`Kind::fields`].
    pub(crate) fn slot(&self, index: usize) -> Option<usize> {
        self.slots.get(index).copied().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Record {
        Record::new(1, cells.iter().map(|s| (*s).to_owned()).collect())
    }

    fn mapped(m: &Mapping) -> Vec<(&str, Option<&str>)> {
        m.columns
            .iter()
            .map(|c| (c.header.as_str(), c.field.as_deref()))
            .collect()
    }

    #[test]
    fn every_kind_has_unique_fields_and_synonyms_that_point_one_way() {
        for kind in Kind::ALL {
            let fields = kind.fields();
            for (i, f) in fields.iter().enumerate() {
                assert!(
                    fields[i + 1..].iter().all(|g| g.name != f.name),
                    "{kind}: {} twice",
                    f.name
                );
                for s in f.synonyms {
                    let n = normalize_header(s);
                    for g in &fields[i + 1..] {
                        assert!(
                            g.synonyms.iter().all(|t| normalize_header(t) != n),
                            "{kind}: {s} means both {} and {}",
                            f.name,
                            g.name
                        );
                    }
                }
            }
            assert_eq!(Kind::parse(kind.as_str()), Some(*kind));
        }
    }

    #[test]
    fn suggests_finnish_and_english_headers() {
        let h = header(&[
            "Asiakas nro",
            "Y-tunnus",
            "Tilauspäivä",
            "Tilausnumero",
            "Rivi",
            "Tuotekoodi",
            "Kpl",
            "À-hinta",
            "Ostohinta",
            "Alennus %",
            "Kanava",
            "Jälleenmyyjä",
            "Huomautus",
            "Pvm",
        ]);
        let m = suggest(Kind::Orders, &h);
        assert_eq!(
            mapped(&m),
            [
                ("Asiakas nro", Some("customer_number")),
                ("Y-tunnus", Some("business_id")),
                ("Tilauspäivä", Some("order_date")),
                ("Tilausnumero", Some("order_number")),
                ("Rivi", Some("line_number")),
                ("Tuotekoodi", Some("product_number")),
                ("Kpl", Some("quantity")),
                ("À-hinta", Some("unit_price")),
                ("Ostohinta", Some("unit_cost")),
                ("Alennus %", Some("discount_percent")),
                ("Kanava", Some("channel")),
                ("Jälleenmyyjä", Some("reseller")),
                ("Huomautus", None),
                // `Tilauspäivä` is the better fit, and a field is never taken twice.
                ("Pvm", None),
            ]
        );
        assert!(m.validate().is_ok());

        let h = header(&[
            "Cust. no",
            "Order no.",
            "Line",
            "Order date",
            "SKU",
            "Qty",
            "Unit price (EUR)",
            "Cost",
            "Discount",
        ]);
        let m = suggest(Kind::Orders, &h);
        let fields: Vec<Option<&str>> = m.columns.iter().map(|c| c.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                Some("customer_number"),
                Some("order_number"),
                Some("line_number"),
                Some("order_date"),
                Some("product_number"),
                Some("quantity"),
                Some("unit_price"),
                Some("unit_cost"),
                Some("discount_percent"),
            ]
        );
        let m = suggest(
            Kind::Invoices,
            &header(&[
                "Laskunro",
                "Asiakasnumero",
                "Päivämäärä",
                "Eräpäivä",
                "Maksupäivä",
                "Summa €",
            ]),
        );
        assert!(m.columns.iter().all(|c| c.field.is_some()), "{m:?}");
        let m = suggest(
            Kind::ServiceHours,
            &header(&["Asiakasnro", "Pvm", "Tunnit", "Tekijä"]),
        );
        assert!(m.columns.iter().all(|c| c.field.is_some()), "{m:?}");
    }

    #[test]
    fn saved_mappings_fit_files_with_moved_columns() {
        let first = header(&[
            "Tilausnumero",
            "Rivi",
            "Asiakasnumero",
            "Pvm",
            "Tuote",
            "Määrä",
            "Hinta",
            "Muu",
        ]);
        let m = suggest(Kind::Orders, &first);
        let json = m.to_json();
        let saved = Mapping::from_json(&json).unwrap();
        assert_eq!(saved, m);
        let later = header(&[
            "Muu",
            "Hinta",
            "Määrä",
            "Tuote",
            "Pvm",
            "asiakasnumero",
            "Rivi",
            "Tilausnumero",
            "Uusi",
        ]);
        let b = saved.bind(&later, DecimalMark::Comma).unwrap();
        assert_eq!(b.column_of("order_number"), Some("Tilausnumero"));
        assert_eq!(b.column_of("customer_number"), Some("asiakasnumero"));
        assert_eq!(b.slot(index_of(ORDERS, "unit_price")), Some(1));
        assert_eq!(b.column_of("channel"), None);

        let missing = header(&["Tilausnumero", "Rivi", "Pvm", "Tuote", "Määrä"]);
        let e = saved.bind(&missing, DecimalMark::Comma).unwrap_err();
        assert!(e.0.contains(&MappingProblem::MissingColumn {
            header: "Asiakasnumero".into(),
            field: "customer_number".into()
        }));
        assert!(e.0.contains(&MappingProblem::MissingField {
            field: "unit_price".into()
        }));
        assert!(e.0.contains(&MappingProblem::MissingOneOf {
            fields: vec!["customer_number".into(), "business_id".into()]
        }));
    }

    #[test]
    fn bad_mappings_are_reported_by_name() {
        let json = r#"{"kind":"products","columns":[
            {"header":"Koodi","field":"product_number"},
            {"header":"Nimi","field":"name"},
            {"header":"Toinen nimi","field":"name"},
            {"header":"Väri","field":"colour"},
            {"header":"Muu"}]}"#;
        let e = Mapping::from_json(json).unwrap_err();
        assert_eq!(
            e.0,
            [
                MappingProblem::UnknownField {
                    header: "Väri".into(),
                    field: "colour".into()
                },
                MappingProblem::DuplicateField {
                    field: "name".into(),
                    headers: vec!["Nimi".into(), "Toinen nimi".into()]
                },
            ]
        );
        let e = Mapping::from_json(r#"{"kind":"products","columns":[]}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "required field \"product_number\" is mapped from no column; required field \"name\" is mapped from no column"
        );
        assert!(matches!(
            Mapping::from_json("{").unwrap_err().0[0],
            MappingProblem::Json { .. }
        ));
        assert!(Mapping::from_json(r#"{"kind":"sales","columns":[]}"#).is_err());
    }

    #[test]
    fn headers_fold_alike() {
        assert_eq!(normalize_header("Asiakas nro."), "asiakasnro");
        assert_eq!(normalize_header("À-hinta"), "ahinta");
        assert_eq!(normalize_header("Alennus %"), "alennus");
        assert_eq!(stripped_header("Summa (EUR)"), "summa");
        assert_eq!(stripped_header("Määrä kpl"), "maara");
        assert_eq!(stripped_header("Summa EUR"), "summa");
    }
}
