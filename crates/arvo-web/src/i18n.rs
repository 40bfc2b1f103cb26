//! Finnish and English: the message catalogue, the choice of language, and formatting of
//! numbers, money, dates and times by locale. Every text the pages show comes from here; a text
//! missing in one language is a compile error.

use arvo_core::{
    AccountKind, AccountStatus, BuyingRole, ConsentStatus, Money, Problem, Role, SizeClass,
};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc, Weekday};

/// The user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Fi => "fi",
            Self::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fi" => Some(Self::Fi),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The first of Finnish or English in an `Accept-Language` header; Finnish when neither.
    pub fn from_accept_language(header: &str) -> Self {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("fi") {
                return Self::Fi;
            }
            if tag.starts_with("en") {
                return Self::En;
            }
        }
        Self::Fi
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Self::Fi => &FI,
            Self::En => &EN,
        }
    }

    pub fn money(self, m: Money) -> String {
        match self {
            Self::Fi => m.format_fi(),
            Self::En => m.format_en(),
        }
    }

    /// Money in whole euros, for lists and comparisons.
    pub fn money_whole(self, m: Money) -> String {
        match self {
            Self::Fi => m.format_whole_fi(),
            Self::En => m.format_whole_en(),
        }
    }

    /// Money as typed into a form field.
    pub fn money_input(self, m: Money) -> String {
        match self {
            Self::Fi => m.format_plain_fi(),
            Self::En => format!("{}.{:02}", m.cents() / 100, (m.cents() % 100).abs()),
        }
    }

    /// A count with its thousands grouped: `12 345` (no-break spaces) or `12,345`.
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = match self {
            Self::Fi => '\u{a0}',
            Self::En => ',',
        };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// A share or a change as a percentage with one decimal: `12,5 %` or `12.5%`; `–` when there
    /// is nothing to compare with.
    pub fn percent(self, ratio: Option<f64>) -> String {
        let Some(r) = ratio.filter(|r| r.is_finite()) else {
            return "–".to_owned();
        };
        let text = format!("{:.1}", r * 100.0);
        match self {
            Self::Fi => format!("{} %", text.replace('.', ",").replace('-', "−")),
            Self::En => format!("{text}%"),
        }
    }

    /// A number in this language's form, grouped by thousands: `1 234,5` or `1,234.5`.
    pub fn number(self, d: arvo_core::Decimal) -> String {
        match self {
            Self::Fi => d
                .format_grouped(',', Some('\u{a0}'))
                .replace('-', "\u{2212}"),
            Self::En => d.format_grouped('.', Some(',')),
        }
    }

    /// Thousandths (of an hour or of a product's unit) without needless decimals: `7,5`,
    /// `1,25`, `12`.
    pub fn thousandths(self, milli: i64) -> String {
        self.number(arvo_core::Decimal::new(i128::from(milli), 3).normalized())
    }

    /// An average with one decimal, e.g. of days: `14,5`; `–` when there is none.
    pub fn one_decimal(self, value: Option<f64>) -> String {
        match value.filter(|v| v.is_finite()) {
            Some(v) => self.number(arvo_core::Decimal::new((v * 10.0).round() as i128, 1)),
            None => "–".to_owned(),
        }
    }

    /// The name of a sales channel by its code.
    pub fn channel(self, code: &str) -> String {
        let t = self.texts();
        match code {
            "direct" => t.channel_direct.to_owned(),
            "web" => t.channel_web.to_owned(),
            "reseller" => t.channel_reseller.to_owned(),
            other => other.to_owned(),
        }
    }

    /// The language of a written file: its separator, number and date forms.
    pub fn sheet_language(self) -> arvo_sheets::Language {
        match self {
            Self::Fi => arvo_sheets::Language::Fi,
            Self::En => arvo_sheets::Language::En,
        }
    }

    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Self::Fi => arvo_core::dates::format_fi(d),
            Self::En => arvo_core::dates::format_iso(d),
        }
    }

    /// A moment in Finnish local time: `22.11.2026 klo 21.12` or `2026-11-22 21:12`.
    pub fn time(self, t: DateTime<Utc>) -> String {
        let local = helsinki(t);
        match self {
            Self::Fi => local.format("%-d.%-m.%Y klo %-H.%M").to_string(),
            Self::En => local.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// A moment to the second in Finnish local time: `22.11.2026 klo 21.12.05` or
    /// `2026-11-22 21:12:05`.
    pub fn moment(self, t: DateTime<Utc>) -> String {
        let local = helsinki(t);
        match self {
            Self::Fi => local.format("%-d.%-m.%Y klo %-H.%M.%S").to_string(),
            Self::En => local.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// The door a change came through (`web`, `api`, ...); an unknown one as it is.
    pub fn door(self, via: &str) -> String {
        let t = self.texts();
        let label = match via {
            "web" => t.door_web,
            "api" => t.door_api,
            "cli" => t.door_cli,
            "import" => t.door_import,
            "demo" => t.door_demo,
            other => return other.to_owned(),
        };
        label.to_owned()
    }

    /// An audit log entry's kind in words; an unknown kind as it is.
    pub fn audit_kind(self, kind: &str) -> String {
        let t = self.texts();
        let label = match kind {
            "account.create" => t.ak_account_create,
            "account.update" => t.ak_account_update,
            "account.delete" => t.ak_account_delete,
            "account.merge" => t.ak_account_merge,
            "account.dismiss_duplicate" => t.action_dismiss,
            "contact.create" => t.ak_contact_create,
            "contact.update" => t.ak_contact_update,
            "contact.delete" => t.ak_contact_delete,
            "login" => t.ak_login,
            "login_failed" => t.ak_login_failed,
            "login_locked" => t.ak_login_locked,
            "logout" => t.ak_logout,
            "token.create" => t.ak_token_create,
            "token.use" => t.ak_token_use,
            "token.revoke" => t.ak_token_revoke,
            "user.create" => t.ak_user_create,
            "user.update" => t.ak_user_update,
            "user.activate" => t.ak_user_activate,
            "user.deactivate" => t.ak_user_deactivate,
            "user.password" => t.ak_user_password,
            "team.create" => t.ak_team_create,
            "team.update" => t.ak_team_update,
            "team.delete" => t.ak_team_delete,
            "setting.update" => t.ak_setting_update,
            "custom_field.create" => t.ak_custom_field_create,
            "custom_field.delete" => t.ak_custom_field_delete,
            "audit.export" => t.ak_audit_export,
            "export.accounts" => t.ak_export_accounts,
            "export.contacts" => t.ak_export_contacts,
            "export.orders" => t.ak_export_orders,
            "export.products" => t.ak_export_products,
            "export.deliveries" => t.ak_export_deliveries,
            "export.invoices" => t.ak_export_invoices,
            "export.service_hours" => t.ak_export_service_hours,
            "export.visits" => t.ak_export_visits,
            "export.returns" => t.ak_export_returns,
            other => return other.to_owned(),
        };
        label.to_owned()
    }

    /// The name of the kind of record an audit entry concerns (`account`, `user`, ...).
    pub fn record_kind(self, entity: &str) -> Option<&'static str> {
        let t = self.texts();
        Some(match entity {
            "account" => t.rk_account,
            "contact" => t.rk_contact,
            "user" => t.rk_user,
            "token" => t.rk_token,
            "setting" => t.rk_setting,
            "custom_field" => t.rk_custom_field,
            "team" => t.rk_team,
            _ => return None,
        })
    }

    /// Explains a validation problem of the field labelled `label` in this language.
    pub fn problem(self, label: &str, p: &Problem) -> String {
        match self {
            Self::En => format!("{label} {}.", p.english()),
            Self::Fi => match p {
                Problem::Required => "Pakollinen tieto.".into(),
                Problem::TooLong { max } => format!("Enintään {max} merkkiä."),
                Problem::TooShort { min } => format!("Vähintään {min} merkkiä."),
                Problem::BusinessIdFormat => {
                    "Y-tunnus on seitsemän numeroa, väliviiva ja tarkistenumero, esim. 1234567-8.".into()
                }
                Problem::BusinessIdCheckDigit => "Y-tunnuksen tarkistenumero ei täsmää. Tarkista tunnus.".into(),
                Problem::Email => "Anna sähköpostiosoite muodossa nimi@yritys.fi.".into(),
                Problem::Phone => "Puhelinnumerossa voi olla numeroita, välilyöntejä ja merkit + - ( ).".into(),
                Problem::PostalCode => "Postinumero on viisi numeroa.".into(),
                Problem::Country => "Maakoodi on kaksi kirjainta, esim. FI.".into(),
                Problem::Website => "Anna verkko-osoite, esim. www.yritys.fi.".into(),
                Problem::Number => "Anna luku, esim. 1 234,56.".into(),
                Problem::Date => "Anna päivämäärä muodossa 22.11.2026.".into(),
                Problem::NotNegative => "Ei voi olla negatiivinen.".into(),
                Problem::Choice { allowed } => format!("Valitse jokin näistä: {}.", allowed.join(", ")),
                Problem::UnknownField => "Tuntematon kenttä.".into(),
                Problem::WrongType => "Arvo on väärää tyyppiä.".into(),
                Problem::Key => {
                    "Tunnisteen on alettava kirjaimella, ja siinä voi olla vain a–z, 0–9 ja alaviiva.".into()
                }
                Problem::Duplicate => "On jo käytössä.".into(),
                Problem::UnknownUser => "Valitse aktiivinen käyttäjä nimellä tai sähköpostilla.".into(),
                Problem::OtherCustomerNumber { existing } => format!(
                    "Rivi vastaa asiakasta (sama Y-tunnus, sähköposti tai nimi), jonka asiakasnumero on {existing}."
                ),
                Problem::UnknownAccount => {
                    "Yhdelläkään asiakkaalla ei ole tätä asiakasnumeroa tai Y-tunnusta. Lisää asiakas tai sen asiakasnumero ensin.".into()
                }
                Problem::OrderMismatch { row } => format!(
                    "Eroaa saman tilauksen ensimmäisestä rivistä {row} (asiakas, päivämäärä, kanava tai jälleenmyyjä)."
                ),
                Problem::RepeatedRow { row } => format!("Toistaa rivin {row}."),
                Problem::HasPurchases => {
                    "Asiakkaalla on ostotietoja, joten sitä ei voi poistaa. Merkitse se entiseksi asiakkaaksi.".into()
                }
                Problem::CustomerNumber => {
                    "Asiakasnumerossa ei voi olla välilyöntejä, esim. 10023 tai A-1002.".into()
                }
                Problem::LastAdmin => {
                    "Ei voi muuttaa: Arvossa on oltava ainakin yksi aktiivinen ylläpitäjä.".into()
                }
                Problem::InUse => "On vielä käytössä.".into(),
                Problem::WrongPassword => "Ei vastaa nykyistä salasanaa.".into(),
                Problem::TooLarge { max } => format!("Enintään {max}."),
                Problem::ConfirmCount { expected } => format!(
                    "Kirjoita {expected}, poistettavien yhteyshenkilöiden määrä. Tarkista luettelo uudelleen."
                ),
                Problem::NotDue => "Joukossa on yhteyshenkilö, jonka tiedot eivät ole vielä poistettavissa.".into(),
                Problem::AmbiguousNumber => {
                    "Luku on monitulkintainen: pilkku tai piste voi erottaa tuhannet tai desimaalit. Kirjoita tuhannet ilman erotinta tai välilyönnillä (1 234).".into()
                }
                Problem::TooManyDecimals { max } => format!("Enintään {max} desimaalia."),
                Problem::Percent => "Anna prosenttiluku väliltä 0–100.".into(),
                Problem::PositiveInteger => "Anna kokonaisluku, joka on suurempi kuin nolla.".into(),
                Problem::BeforeInvoiceDate => "Ei voi olla ennen laskun päivämäärää.".into(),
                Problem::CustomerKey => "Anna asiakasnumero tai Y-tunnus.".into(),
                Problem::Between { min, max } => format!("Anna luku väliltä {min}–{max}."),
                Problem::Weights { total } => {
                    format!("Painojen summan on oltava 100 % (nyt {total} %).")
                }
                Problem::Ascending => "Rajojen on oltava nousevassa järjestyksessä.".into(),
            },
        }
    }

    pub fn status(self, s: AccountStatus) -> &'static str {
        let t = self.texts();
        match s {
            AccountStatus::Prospect => t.status_prospect,
            AccountStatus::Customer => t.status_customer,
            AccountStatus::Former => t.status_former,
        }
    }

    pub fn kind(self, k: AccountKind) -> &'static str {
        let t = self.texts();
        match k {
            AccountKind::Company => t.kind_company,
            AccountKind::Person => t.kind_person,
        }
    }

    pub fn size(self, s: SizeClass) -> &'static str {
        let t = self.texts();
        match s {
            SizeClass::Micro => t.size_micro,
            SizeClass::Small => t.size_small,
            SizeClass::Medium => t.size_medium,
            SizeClass::Large => t.size_large,
        }
    }

    pub fn role(self, r: BuyingRole) -> &'static str {
        let t = self.texts();
        match r {
            BuyingRole::Initiator => t.role_initiator,
            BuyingRole::Influencer => t.role_influencer,
            BuyingRole::Decider => t.role_decider,
            BuyingRole::Buyer => t.role_buyer,
            BuyingRole::Payer => t.role_payer,
            BuyingRole::User => t.role_user,
        }
    }

    pub fn consent(self, c: ConsentStatus) -> &'static str {
        let t = self.texts();
        match c {
            ConsentStatus::Unknown => t.consent_unknown,
            ConsentStatus::Given => t.consent_given,
            ConsentStatus::Withdrawn => t.consent_withdrawn,
        }
    }

    /// A user role's name.
    pub fn user_role(self, r: Role) -> &'static str {
        let t = self.texts();
        match r {
            Role::Admin => t.user_role_admin,
            Role::Manager => t.user_role_manager,
            Role::AccountManager => t.user_role_account_manager,
            Role::ReadOnly => t.user_role_read_only,
        }
    }

    /// The name of a language by its code.
    pub fn language_name(self, code: &str) -> &'static str {
        let t = self.texts();
        match Lang::parse(code).unwrap_or_default() {
            Self::Fi => t.lang_fi,
            Self::En => t.lang_en,
        }
    }

    /// The name of a history action.
    pub fn action(self, a: &str) -> &'static str {
        let t = self.texts();
        match a {
            "create" => t.action_create,
            "delete" => t.action_delete,
            "merge" => t.action_merge,
            "dismiss_duplicate" => t.action_dismiss,
            "erase" => t.action_erase,
            _ => t.action_update,
        }
    }

    /// The name of an audit log event about a contact's personal data.
    pub fn event(self, kind: &str) -> String {
        let t = self.texts();
        match kind {
            "personal_data.export" => t.event_export.to_owned(),
            "personal_data.erase" => t.event_erase.to_owned(),
            other => other.to_owned(),
        }
    }

    /// The label of an account or contact field in history and duplicate views.
    pub fn field(self, f: &str) -> String {
        let t = self.texts();
        let label = match f {
            "kind" => t.f_kind,
            "name" => t.f_name,
            "business_id" => t.f_business_id,
            "customer_number" => t.f_customer_number,
            "industry" => t.f_industry,
            "size_class" => t.f_size_class,
            "annual_revenue_cents" | "annual_revenue" => t.f_annual_revenue,
            "email" => t.f_email,
            "phone" => t.f_phone,
            "street_address" => t.f_street_address,
            "postal_code" => t.f_postal_code,
            "municipality" => t.f_municipality,
            "country" => t.f_country,
            "website" => t.f_website,
            "status" => t.f_status,
            "owner" => t.f_owner,
            "tags" => t.f_tags,
            "special_wishes" => t.f_special_wishes,
            "first_name" => t.f_first_name,
            "last_name" => t.f_last_name,
            "title" => t.f_title,
            "roles" => t.f_roles,
            "marketing_consent" => t.f_consent,
            "consent_date" => t.f_consent_date,
            "consent_source" => t.f_consent_source,
            "notes" => t.f_notes,
            "role" => t.f_user_role,
            "team" => t.f_team,
            "language" => t.f_language,
            "active" => t.col_state,
            other => return other.strip_prefix("custom.").unwrap_or(other).to_owned(),
        };
        label.to_owned()
    }
}

/// Finnish local time: UTC+2, and UTC+3 from the last Sunday of March to the last Sunday of
/// October (the change happens at 01:00 UTC).
fn helsinki(t: DateTime<Utc>) -> DateTime<chrono::FixedOffset> {
    fn last_sunday(year: i32, month: u32) -> NaiveDate {
        let mut d = NaiveDate::from_ymd_opt(year, month + 1, 1)
            .unwrap_or_default()
            .pred_opt()
            .unwrap_or_default();
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or_default();
        }
        d
    }
    let year = t.year();
    let start = last_sunday(year, 3)
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let end = last_sunday(year, 10)
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let hours = if t >= start && t < end { 3 } else { 2 };
    let offset = chrono::FixedOffset::east_opt(hours * 3600)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).unwrap());
    offset.from_utc_datetime(&t.naive_utc())
}

/// The day a moment falls on in Finnish local time.
pub fn helsinki_date(t: DateTime<Utc>) -> NaiveDate {
    helsinki(t).date_naive()
}

/// The first moment of a day in Finnish local time, as UTC. The clocks change at 03:00 or 04:00
/// local time, never at midnight, so the day's start has one offset: the summer one if it gives
/// back the same moment, otherwise the winter one.
pub fn helsinki_midnight(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let summer = local - chrono::Duration::hours(3);
    if helsinki(summer).naive_local() == local.naive_utc() {
        summer
    } else {
        local - chrono::Duration::hours(2)
    }
}

macro_rules! texts {
    ($($key:ident: $fi:literal, $en:literal;)+) => {
        /// Every fixed text of the pages in one language.
        pub struct Texts { $(pub $key: &'static str,)+ }
        pub static FI: Texts = Texts { $($key: $fi,)+ };
        pub static EN: Texts = Texts { $($key: $en,)+ };
    };
}

texts! {
    app_tagline: "Asiakkuuksien arvo", "Customer value";
    nav_accounts: "Asiakkaat", "Accounts";
    nav_contacts: "Yhteyshenkilöt", "Contacts";
    nav_duplicates: "Kaksoiskappaleet", "Duplicates";
    nav_fields: "Omat kentät", "Custom fields";
    nav_api: "API-kuvaus", "API description";
    nav_main: "Päävalikko", "Main navigation";
    skip_to_content: "Siirry sisältöön", "Skip to content";
    search_placeholder: "Hae nimellä, Y-tunnuksella tai sähköpostilla", "Search by name, business ID or email";
    search_label: "Hae asiakkaita", "Search accounts";
    search: "Hae", "Search";
    language: "Kieli", "Language";
    accounts_title: "Asiakkaat", "Accounts";
    accounts_total: "asiakasta rekisterissä", "accounts in the register";
    new_account: "Uusi asiakas", "New account";
    filter_status: "Tila", "Status";
    filter_owner: "Vastuuhenkilö", "Owner";
    filter_tag: "Tunniste", "Tag";
    filter_kind: "Tyyppi", "Type";
    all: "Kaikki", "All";
    apply: "Suodata", "Filter";
    clear: "Tyhjennä", "Clear";
    next_page: "Seuraava sivu", "Next page";
    first_page: "Ensimmäinen sivu", "First page";
    no_accounts: "Ei asiakkaita näillä ehdoilla.", "No accounts match.";
    no_accounts_hint: "Kokeile toista hakusanaa tai tyhjennä suodattimet.", "Try another search word or clear the filters.";
    empty_register: "Asiakasrekisteri on vielä tyhjä.", "The customer register is still empty.";
    empty_register_hint: "Lisää ensimmäinen asiakas tai käynnistä Arvo esimerkkiaineistolla (arvo serve --demo).", "Add your first account, or start Arvo with demo data (arvo serve --demo).";
    col_name: "Nimi", "Name";
    col_business_id: "Y-tunnus", "Business ID";
    col_municipality: "Kunta", "Municipality";
    col_status: "Tila", "Status";
    col_owner: "Vastuuhenkilö", "Owner";
    col_revenue: "Liikevaihto", "Revenue";
    col_updated: "Muutettu", "Updated";
    sort_by: "Järjestä", "Sort by";
    status_prospect: "Mahdollinen asiakas", "Prospect";
    status_customer: "Asiakas", "Customer";
    status_former: "Entinen asiakas", "Former customer";
    kind_company: "Yritys", "Company";
    kind_person: "Yksityishenkilö", "Private person";
    size_micro: "Mikroyritys (alle 10 henkeä)", "Micro (under 10 people)";
    size_small: "Pieni (10–49 henkeä)", "Small (10–49 people)";
    size_medium: "Keskisuuri (50–249 henkeä)", "Medium (50–249 people)";
    size_large: "Suuri (250 henkeä tai enemmän)", "Large (250 people or more)";
    role_initiator: "Aloitteentekijä", "Initiator";
    role_influencer: "Vaikuttaja", "Influencer";
    role_decider: "Päättäjä", "Decider";
    role_buyer: "Ostaja", "Buyer";
    role_payer: "Maksaja", "Payer";
    role_user: "Käyttäjä", "User";
    consent_unknown: "Ei tiedossa", "Unknown";
    consent_given: "Annettu", "Given";
    consent_withdrawn: "Peruttu", "Withdrawn";
    f_kind: "Asiakastyyppi", "Account type";
    f_name: "Nimi", "Name";
    f_business_id: "Y-tunnus", "Business ID";
    f_customer_number: "Asiakasnumero", "Customer number";
    f_customer_number_hint: "Numero, jolla kirjanpito ja verkkokauppa tuntevat asiakkaan. Tuodut ostot löytävät asiakkaansa sillä.", "The number accounting and the web shop know the customer by. Imported purchases find their account by it.";
    f_industry: "Toimiala", "Industry";
    f_size_class: "Kokoluokka", "Size class";
    f_annual_revenue: "Liikevaihto (€/vuosi)", "Annual revenue (€)";
    f_email: "Sähköposti", "Email";
    f_phone: "Puhelin", "Phone";
    f_street_address: "Katuosoite", "Street address";
    f_postal_code: "Postinumero", "Postal code";
    f_municipality: "Kunta", "Municipality";
    f_country: "Maa", "Country";
    f_website: "Verkkosivut", "Website";
    f_status: "Tila", "Status";
    f_owner: "Vastuuhenkilö", "Owner";
    f_tags: "Tunnisteet", "Tags";
    f_tags_hint: "Erota pilkulla, esim. avainasiakas, vienti", "Separate with commas, e.g. key account, export";
    f_special_wishes: "Erityistoiveet", "Special wishes";
    f_first_name: "Etunimi", "First name";
    f_last_name: "Sukunimi", "Last name";
    f_title: "Titteli", "Title";
    f_roles: "Rooli ostopäätöksessä", "Role in buying decisions";
    f_consent: "Markkinointilupa", "Marketing consent";
    f_consent_date: "Luvan päivämäärä", "Consent date";
    f_consent_source: "Luvan lähde", "Consent source";
    f_notes: "Muistiinpanot", "Notes";
    optional: "valinnainen", "optional";
    required: "pakollinen", "required";
    save: "Tallenna", "Save";
    cancel: "Peruuta", "Cancel";
    edit: "Muokkaa", "Edit";
    delete: "Poista", "Delete";
    form_has_errors: "Tarkista merkityt kentät.", "Please check the marked fields.";
    conflict_message: "Joku muu muutti tätä tietoa sillä välin. Alla ovat sinun muutoksesi; tallenna uudelleen korvataksesi hänen muutoksensa, tai peruuta nähdäksesi uusimmat tiedot.", "Someone else changed this record meanwhile. Your changes are below; save again to overwrite theirs, or cancel to see the latest data.";
    section_profile: "Perustiedot", "Profile";
    section_location: "Sijainti ja yhteystiedot", "Location and contact details";
    section_custom: "Omat kentät", "Custom fields";
    section_contacts: "Yhteyshenkilöt", "Contacts";
    section_history: "Muutoshistoria", "Change history";
    add_contact: "Lisää yhteyshenkilö", "Add contact";
    no_contacts: "Ei vielä yhteyshenkilöitä. Kirjaa ainakin päättäjä ja ostaja.", "No contacts yet. Record at least the decider and the buyer.";
    no_history: "Ei muutoksia.", "No changes.";
    edit_account: "Muokkaa asiakasta", "Edit account";
    delete_account: "Poista asiakas", "Delete account";
    delete_account_confirm: "Poistetaanko asiakas ja sen yhteyshenkilöt? Muutoshistoria säilyy.", "Delete the account and its contacts? The change history is kept.";
    delete_contact_confirm: "Poistetaanko yhteyshenkilö?", "Delete the contact?";
    deleted: "Poistettu.", "Deleted.";
    saved: "Tallennettu.", "Saved.";
    created_at: "Luotu", "Created";
    updated_at: "Muutettu", "Updated";
    version: "Versio", "Version";
    by: "tekijä", "by";
    action_create: "Luotu", "Created";
    action_update: "Muutettu", "Changed";
    action_delete: "Poistettu", "Deleted";
    action_merge: "Yhdistetty", "Merged";
    action_dismiss: "Merkitty eri asiakkaiksi", "Marked as different customers";
    new_contact: "Uusi yhteyshenkilö", "New contact";
    edit_contact: "Muokkaa yhteyshenkilöä", "Edit contact";
    contacts_title: "Yhteyshenkilöt", "Contacts";
    contacts_search_label: "Hae yhteyshenkilöitä", "Search contacts";
    no_contacts_found: "Ei yhteyshenkilöitä näillä ehdoilla.", "No contacts match.";
    col_contact_name: "Nimi", "Name";
    col_account: "Asiakas", "Account";
    col_title: "Titteli", "Title";
    col_email: "Sähköposti", "Email";
    col_phone: "Puhelin", "Phone";
    col_roles: "Roolit", "Roles";
    col_consent: "Markkinointilupa", "Marketing consent";
    duplicates_title: "Mahdolliset kaksoiskappaleet", "Possible duplicates";
    duplicates_intro: "Arvo vertaa Y-tunnuksia, sähköpostiosoitteita ja nimiä. Valitse säilytettävä tieto ja yhdistä: yhteyshenkilöt ja historia siirtyvät säilytettävälle asiakkaalle, ja sen tyhjät kentät täytetään toisista.", "Arvo compares business IDs, email addresses and names. Choose the record to keep and merge: contacts and history move to the kept account, and its empty fields are filled from the others.";
    no_duplicates: "Ei mahdollisia kaksoiskappaleita. Asiakasrekisteri on siisti.", "No possible duplicates. The customer register is tidy.";
    keep_this: "Säilytä tämä", "Keep this one";
    merge: "Yhdistä", "Merge";
    not_duplicates: "Eri asiakkaita", "Not duplicates";
    reason_business_id: "Sama Y-tunnus", "Same business ID";
    reason_email: "Sama sähköpostiosoite", "Same email address";
    reason_name: "Nimi on sama", "Same name";
    reason_similar_name: "Lähes sama nimi", "Nearly the same name";
    merged_notice: "Asiakkaat yhdistettiin.", "The accounts were merged.";
    merged_redirect_notice: "Etsimäsi asiakas on yhdistetty tähän asiakkaaseen.", "The account you looked for was merged into this one.";
    dismissed_notice: "Merkitty eri asiakkaiksi; niitä ei ehdoteta enää.", "Marked as different customers; they will not be proposed again.";
    groups: "ryhmää", "groups";
    fields_title: "Omat kentät", "Custom fields";
    fields_intro: "Lisää asiakkaille kenttiä, joita organisaatiosi tarvitsee: tekstiä, lukuja, päivämääriä tai valintoja.", "Add the fields your organisation needs on its accounts: text, numbers, dates or choices.";
    field_key: "Tunniste", "Key";
    field_label: "Nimi", "Label";
    field_kind: "Tyyppi", "Type";
    field_options: "Vaihtoehdot (valinnalle, pilkulla erotettuina)", "Options (for a choice, comma separated)";
    add_field: "Lisää kenttä", "Add field";
    no_fields: "Ei omia kenttiä vielä.", "No custom fields yet.";
    kind_text: "Teksti", "Text";
    kind_number: "Luku", "Number";
    kind_date: "Päivämäärä", "Date";
    kind_choice: "Valinta", "Choice";
    not_found_title: "Sivua ei löytynyt", "Page not found";
    not_found_text: "Etsimääsi tietoa ei ole, tai se on poistettu.", "What you looked for does not exist or was deleted.";
    error_title: "Jotain meni vikaan", "Something went wrong";
    error_text: "Pyyntöä ei voitu käsitellä. Tietoja ei muutettu. Yritä hetken kuluttua uudelleen.", "The request could not be handled. No data was changed. Please try again in a moment.";
    back_to_accounts: "Takaisin asiakkaisiin", "Back to accounts";
    choose: "Valitse…", "Choose…";
    date_placeholder: "pp.kk.vvvv", "yyyy-mm-dd";
    yes: "Kyllä", "Yes";
    forbidden_title: "Ei oikeutta", "Not allowed";
    forbidden_text: "Roolisi ei salli tätä toimintoa. Tietoja ei muutettu. Pyydä tarvittaessa oikeutta ylläpitäjältä.", "Your role does not allow this. No data was changed. Ask an administrator if you need it.";
    login_title: "Kirjaudu sisään", "Sign in";
    login_intro: "Kirjaudu Arvoon sähköpostiosoitteellasi.", "Sign in to Arvo with your email address.";
    password: "Salasana", "Password";
    sign_in: "Kirjaudu", "Sign in";
    sign_out: "Kirjaudu ulos", "Sign out";
    login_failed: "Sähköposti tai salasana on väärin.", "The email or password is wrong.";
    login_locked: "Liian monta epäonnistunutta kirjautumista. Yritä uudelleen 15 minuutin kuluttua.", "Too many failed sign-ins. Try again in 15 minutes.";
    login_expired: "Lomake vanheni. Yritä uudelleen.", "The form expired. Please try again.";
    signed_out_notice: "Olet kirjautunut ulos.", "You have signed out.";
    setup_title: "Ota Arvo käyttöön", "Set up Arvo";
    setup_intro: "Luo ensimmäinen ylläpitäjä. Muut käyttäjät lisäät sen jälkeen asetuksista.", "Create the first administrator. You add the other users in the settings afterwards.";
    setup_create: "Luo ylläpitäjä ja kirjaudu", "Create the administrator and sign in";
    user_name: "Nimi", "Name";
    nav_users: "Käyttäjät", "Users";
    channel_direct: "Suoramyynti", "Direct";
    channel_web: "Verkkokauppa", "Web";
    channel_reseller: "Jälleenmyyjä", "Reseller";
    section_purchases: "Ostot", "Purchases";
    no_purchases: "Ei ostotietoja. Tuo tilaukset tiedostosta: arvo import orders TIEDOSTO.", "No purchase data. Import orders from a file: arvo import orders FILE.";
    col_year: "Vuosi", "Year";
    nav_imports: "Tuonti", "Import";
    imports_title: "Tietojen tuonti", "Import data";
    imports_intro: "Tuo asiakkaat, tuotteet, tilaukset ja muut tapahtumat CSV- tai Excel-tiedostosta. Arvo tunnistaa sarakkeet otsikoista, tarkistaa ensin koko tiedoston ja kertoo, mitä se lisäisi, muuttaisi ja hylkäisi. Mitään ei tallenneta ennen vahvistusta. Tuo asiakkaat ensin: muut tiedot löytävät asiakkaansa asiakasnumerolla tai Y-tunnuksella.", "Import customers, products, orders and other activity from a CSV or Excel file. Arvo recognises the columns by their headers, checks the whole file first and tells what it would add, change and reject. Nothing is saved before you confirm. Import customers first: the rest find their customer by customer number or business ID.";
    import_kind: "Tiedot", "Data";
    import_kind_accounts: "Asiakkaat", "Customers";
    import_kind_products: "Tuotteet", "Products";
    import_kind_orders: "Tilausrivit", "Order lines";
    import_kind_deliveries: "Toimitukset", "Deliveries";
    import_kind_invoices: "Laskut", "Invoices";
    import_kind_service_hours: "Huoltotunnit", "Service hours";
    import_kind_visits: "Myyntikäynnit", "Sales visits";
    import_kind_returns: "Palautukset", "Returns";
    import_file: "Tiedosto", "File";
    import_file_hint: "CSV (; , tai sarkain, UTF-8 tai Windows-1252) tai XLSX, enintään 64 Mt. Suuremmat tiedostot komentoriviltä: arvo import.", "CSV (; , or tab, UTF-8 or Windows-1252) or XLSX, up to 64 MB. Larger files from the command line: arvo import.";
    import_skip_invalid: "Tuo kelvolliset rivit, vaikka osa hylättäisiin", "Import the valid rows even if some are rejected";
    import_check: "Tarkista tiedosto", "Check the file";
    import_new: "Uusi tuonti", "New import";
    import_no_file: "Valitse tuotava tiedosto.", "Choose a file to import.";
    import_checked: "Tarkistettu", "Checked";
    import_done: "Tuotu", "Imported";
    import_refused: "Ei tuotu", "Not imported";
    import_rows: "riviä", "rows";
    import_created: "Uusia", "New";
    import_updated: "Muuttuvia", "Changed";
    import_unchanged: "Ennallaan", "Unchanged";
    import_rejected: "Hylättyjä", "Rejected";
    import_rejected_rows: "Hylätyt rivit", "Rejected rows";
    import_row: "Rivi", "Row";
    import_problem: "Syy", "Reason";
    import_more_rejections: "Hylättyjä rivejä on lisäksi", "More rejected rows:";
    import_mapping: "Sarakkeet ja kentät", "Columns and fields";
    import_column: "Sarake", "Column";
    import_field: "Kenttä", "Field";
    import_apply: "Tuo tiedot", "Import";
    import_apply_skipping: "Tuo kelvolliset rivit", "Import the valid rows";
    import_fix_first: "Korjaa hylätyt rivit tiedostoon ja tarkista se uudelleen, tai tuo vain kelvolliset rivit.", "Fix the rejected rows in the file and check it again, or import only the valid rows.";
    import_log: "Viimeisimmät tuonnit", "Latest imports";
    import_log_empty: "Ei tuonteja vielä.", "No imports yet.";
    import_checking: "Tiedostoa tarkistetaan", "Checking the file";
    import_importing: "Tietoja tuodaan", "Importing";
    import_saving: "tallennetaan", "saving";
    import_progress_hint: "Sivu päivittyy itsestään. Voit myös poistua: tuonti jatkuu, ja palaat tähän osoitteeseen.", "The page refreshes itself. You may also leave: the import goes on, and this address brings you back.";
    import_done_earlier: "Tiedosto on tuotu. Tuonti näkyy viimeisimpien tuontien luettelossa.", "The file has been imported. The import is listed among the latest imports.";
    import_new_orders: "Uusia tilauksia", "New orders";
    import_rejected_download: "Lataa hylätyt rivit korjattaviksi (syy viimeisessä sarakkeessa)", "Download the rejected rows to fix (the reason in the last column)";
    import_not_imported: "(ei tuoda)", "(not imported)";
    import_first_values: "Ensimmäiset arvot", "First values";
    import_mapping_hint: "Valitse kullekin sarakkeelle kenttä, johon se luetaan. Tähdellä merkityt kentät tarvitaan.", "Choose the field each column is read into. The fields marked with a star are needed.";
    import_save_as: "Tallenna sarakkeet nimellä (valinnainen)", "Save the columns under a name (optional)";
    import_check_again: "Tarkista uudelleen", "Check again";
    import_use_saved: "Tallennetut sarakevalinnat", "Saved column choices";
    import_use_saved_button: "Käytä ja tarkista", "Use and check";
    import_mapping_saved: "Sarakevalinnat tallennettiin.", "The column choices were saved.";
    import_mapping_unusable: "Tallennettuja sarakevalintoja ei voi käyttää tähän tiedostoon", "The saved column choices cannot be used for this file";
    import_mapping_not_saved: "Sarakevalintoja ei tallennettu", "The column choices were not saved";
    year_so_far: "tähän mennessä", "so far";
    col_orders: "Tilauksia", "Orders";
    col_lines: "Rivejä", "Lines";
    col_net_sales: "Myynti", "Sales";
    col_margin: "Myyntikate", "Sales margin";
    col_change: "Muutos", "Change";
    col_product_group: "Tuoteryhmä", "Product group";
    col_order: "Tilaus", "Order";
    col_date: "Päivämäärä", "Date";
    col_channel: "Kanava", "Channel";
    no_group: "Ei ryhmää", "No group";
    sales_by_group: "Myynti tuoteryhmittäin", "Sales by product group";
    latest_orders: "Viimeisimmät tilaukset", "Latest orders";
    nav_my_settings: "Omat asetukset", "My settings";
    user_role_admin: "Ylläpitäjä", "Administrator";
    user_role_manager: "Esihenkilö", "Manager";
    user_role_account_manager: "Asiakasvastaava", "Account manager";
    user_role_read_only: "Lukuoikeus", "Read only";
    lang_fi: "suomi", "Finnish";
    lang_en: "englanti", "English";
    users_title: "Käyttäjät ja oikeudet", "Users and permissions";
    users_intro: "Lisää käyttäjät, anna heille rooli ja tiimi, ja päätä, mitkä asiakkaat kukin näkee. Jokainen muutos kirjataan muutoslokiin.", "Add users, give them a role and a team, and decide which accounts each sees. Every change is written to the audit log.";
    col_role: "Rooli", "Role";
    col_team: "Tiimi", "Team";
    col_language: "Kieli", "Language";
    col_state: "Tila", "State";
    user_active: "Käytössä", "Active";
    user_inactive: "Poistettu käytöstä", "Deactivated";
    add_user: "Lisää käyttäjä", "Add user";
    f_user_role: "Rooli", "Role";
    f_team: "Tiimi", "Team";
    f_team_hint: "Uusi nimi luo uuden tiimin.", "A new name creates a new team.";
    f_language: "Kieli", "Language";
    f_new_user_password_hint: "Vähintään 10 merkkiä. Jätä tyhjäksi, niin Arvo luo salasanan.", "At least 10 characters. Leave it empty and Arvo makes one.";
    user_created_secret: "Käyttäjä lisättiin. Anna hänelle tämä salasana turvallista reittiä; Arvo näyttää sen vain nyt.", "The user was added. Give them this password by a safe route; Arvo shows it only now.";
    roles_explained: "Ylläpitäjä voi kaiken. Esihenkilö voi kaiken paitsi hallita käyttäjiä. Asiakasvastaava lukee ja muokkaa näkemiään asiakkaita ja yhdistää kaksoiskappaleita. Lukuoikeudella voi vain katsoa.", "An administrator may do everything. A manager may do everything but manage users. An account manager reads and edits the accounts they see and merges duplicates. Read only may only look.";
    visibility_title: "Asiakkaiden näkyvyys", "Account visibility";
    visibility_intro: "Mitkä asiakkaat asiakasvastaavat ja lukuoikeudelliset näkevät listoissa, haussa, rajapinnassa ja kaksoiskappaleissa. Ylläpitäjät näkevät kaikki ja esihenkilöt vähintään tiiminsä asiakkaat. Asiakkaat ilman vastuuhenkilöä näkyvät kaikille.", "Which accounts account managers and read-only users see in lists, search, the API and duplicates. Administrators see all, and managers at least their team's. Accounts without an owner are visible to everyone.";
    visibility_own: "Omat: vain asiakkaat, joiden vastuuhenkilö hän on", "Own: only the accounts they are responsible for";
    visibility_team: "Tiimin: oman tiimin jäsenten asiakkaat", "Team: the accounts of their team's members";
    visibility_all: "Kaikki: koko asiakasrekisteri", "All: the whole customer register";
    teams_title: "Tiimit", "Teams";
    col_members: "Jäseniä", "Members";
    add_team: "Lisää tiimi", "Add team";
    rename: "Nimeä uudelleen", "Rename";
    no_teams: "Ei tiimejä vielä. Tiimi syntyy myös, kun annat käyttäjälle uuden tiimin nimen.", "No teams yet. A team is also created when you give a user a new team name.";
    team_name: "Tiimin nimi", "Team name";
    edit_user: "Muokkaa käyttäjää", "Edit user";
    back_to_users: "Takaisin käyttäjiin", "Back to users";
    deactivate_user: "Poista käytöstä", "Deactivate";
    activate_user: "Ota käyttöön", "Activate";
    deactivate_hint: "Käytöstä poistettu käyttäjä ei voi kirjautua, hänen istuntonsa päättyvät ja API-avaimensa lakkaavat toimimasta heti. Hänen tekemänsä muutokset säilyvät.", "A deactivated user cannot sign in; their sessions end and their API tokens stop working at once. Their changes remain.";
    access_title: "Käyttöoikeus", "Access";
    reset_password_title: "Aseta uusi salasana", "Set a new password";
    reset_password_hint: "Käyttäjän istunnot päättyvät. Jätä kenttä tyhjäksi, niin Arvo luo salasanan.", "The user's sessions end. Leave the field empty and Arvo makes one.";
    set_password: "Aseta salasana", "Set password";
    password_reset_secret: "Salasana vaihdettiin ja käyttäjän istunnot päättyivät. Uusi salasana näytetään vain nyt.", "The password was changed and the user's sessions ended. The new password is shown only now.";
    password_reset_done: "Salasana vaihdettiin ja käyttäjän istunnot päättyivät.", "The password was changed and the user's sessions ended.";
    tokens_title: "API-avaimet", "API tokens";
    tokens_intro: "Avaimella ohjelmat ja skriptit käyttävät Arvon rajapintaa haltijansa oikeuksin. Lähetä se otsakkeessa Authorization: Bearer. Arvo säilyttää avaimesta vain tiivisteen.", "With a token, programs and scripts use Arvo's API with their holder's permissions. Send it in the header Authorization: Bearer. Arvo keeps only a digest of it.";
    col_token_name: "Nimi", "Name";
    col_prefix: "Alkaa", "Starts with";
    col_created: "Luotu", "Created";
    col_last_used: "Viimeksi käytetty", "Last used";
    token_revoked: "Peruttu", "Revoked";
    token_live: "Voimassa", "Valid";
    never: "ei koskaan", "never";
    revoke: "Peru", "Revoke";
    create_token: "Luo avain", "Create token";
    token_name_hint: "Esim. sen ohjelman nimi, joka avainta käyttää.", "E.g. the name of the program that uses it.";
    token_created_secret: "Avain luotiin. Kopioi se nyt: Arvo ei näytä sitä uudelleen.", "The token was created. Copy it now: Arvo will not show it again.";
    token_revoked_notice: "Avain peruttiin; se ei enää toimi.", "The token was revoked; it no longer works.";
    no_tokens: "Ei API-avaimia.", "No API tokens.";
    me_title: "Omat asetukset", "My settings";
    change_password: "Vaihda salasana", "Change password";
    current_password: "Nykyinen salasana", "Current password";
    new_password: "Uusi salasana", "New password";
    new_password_hint: "Vähintään 10 merkkiä. Muut istuntosi päättyvät.", "At least 10 characters. Your other sessions end.";
    password_changed: "Salasana vaihdettiin. Muut istuntosi päättyivät.", "Your password was changed. Your other sessions ended.";
    nav_audit: "Lokitiedot", "Audit log";
    audit_title: "Lokitiedot", "Audit log";
    audit_intro: "Kaikki muutokset ja kirjautumiset uusimmasta alkaen: kuka, milloin, mitä ja mistä. Lokia ei voi muuttaa eikä poistaa.", "Every change and sign-in, newest first: who, when, what and from where. The log cannot be changed or deleted.";
    audit_actor: "Tekijä", "Actor";
    audit_actor_hint: "Käyttäjän nimi tai kirjautumisessa kirjoitettu sähköposti", "A user's name, or the email typed at a sign-in";
    audit_kind: "Tapahtuma", "Event";
    audit_since: "Alkaen", "From";
    audit_until: "Päättyen", "To";
    audit_date_hint: "pp.kk.vvvv; loppupäivä mukaan lukien", "yyyy-mm-dd; the last day included";
    audit_kind_account: "Asiakasmuutokset", "Account changes";
    audit_kind_contact: "Yhteyshenkilömuutokset", "Contact changes";
    audit_kind_user: "Käyttäjät ja oikeudet", "Users and permissions";
    audit_kind_token: "API-avaimet", "API tokens";
    audit_kind_setting: "Asetukset", "Settings";
    audit_kind_custom_field: "Omat kentät", "Custom fields";
    audit_kind_audit: "Lokin viennit", "Audit log exports";
    audit_kind_export: "Luetteloiden lataukset", "List downloads";
    col_time: "Aika", "Time";
    col_actor: "Tekijä", "Actor";
    col_door: "Kanava", "Door";
    col_event: "Tapahtuma", "Event";
    col_record: "Kohde", "Record";
    col_changes: "Muutokset", "Changes";
    col_address: "Osoite", "Address";
    audit_empty: "Ei tapahtumia näillä ehdoilla.", "No entries match.";
    audit_empty_hint: "Laajenna aikaväliä tai tyhjennä suodattimet.", "Widen the time range or clear the filters.";
    older_entries: "Vanhemmat", "Older";
    newest_entries: "Uusimmat", "Newest";
    export_label: "Vie suodatetut tiedot", "Export the filtered entries";
    export_csv: "CSV-tiedostoksi", "As CSV";
    export_json: "JSON-tiedostoksi", "As JSON";
    audit_pages: "Lokisivut", "Audit log pages";
    door_web: "Selain", "Browser";
    door_api: "API", "API";
    door_cli: "Komentorivi", "Command line";
    door_import: "Tuonti", "Import";
    door_demo: "Esimerkkiaineisto", "Demo data";
    rk_account: "Asiakas", "Account";
    rk_contact: "Yhteyshenkilö", "Contact";
    rk_user: "Käyttäjä", "User";
    rk_token: "API-avain", "API token";
    rk_setting: "Asetus", "Setting";
    rk_custom_field: "Oma kenttä", "Custom field";
    ak_account_create: "Asiakas luotu", "Account created";
    ak_account_update: "Asiakasta muutettu", "Account changed";
    ak_account_delete: "Asiakas poistettu", "Account deleted";
    ak_account_merge: "Asiakkaita yhdistetty", "Accounts merged";
    ak_contact_create: "Yhteyshenkilö lisätty", "Contact added";
    ak_contact_update: "Yhteyshenkilöä muutettu", "Contact changed";
    ak_contact_delete: "Yhteyshenkilö poistettu", "Contact deleted";
    ak_login: "Kirjautuminen", "Signed in";
    ak_login_failed: "Epäonnistunut kirjautuminen", "Failed sign-in";
    ak_login_locked: "Kirjautuminen estetty", "Sign-in locked out";
    ak_logout: "Uloskirjautuminen", "Signed out";
    ak_token_create: "API-avain luotu", "API token created";
    ak_token_use: "API-avainta käytetty", "API token used";
    ak_token_revoke: "API-avain peruttu", "API token revoked";
    ak_user_create: "Käyttäjä lisätty", "User added";
    ak_user_update: "Käyttäjää muutettu", "User changed";
    ak_user_activate: "Käyttäjä otettu käyttöön", "User activated";
    ak_user_deactivate: "Käyttäjä poistettu käytöstä", "User deactivated";
    ak_setting_update: "Asetusta muutettu", "Setting changed";
    ak_user_password: "Salasana vaihdettu", "Password changed";
    ak_team_create: "Tiimi lisätty", "Team added";
    ak_team_update: "Tiimi nimetty uudelleen", "Team renamed";
    ak_team_delete: "Tiimi poistettu", "Team removed";
    rk_team: "Tiimi", "Team";
    audit_kind_team: "Tiimit", "Teams";
    ak_custom_field_create: "Oma kenttä lisätty", "Custom field added";
    ak_custom_field_delete: "Oma kenttä poistettu", "Custom field removed";
    ak_audit_export: "Lokitiedot viety", "Audit log exported";
    form_expired_title: "Lomake vanheni", "The form expired";
    form_expired_text: "Lomake vanheni tai ei tullut Arvosta, eikä mitään muutettu. Palaa takaisin, lataa sivu uudelleen ja yritä uudestaan.", "The form expired or did not come from Arvo, and nothing was changed. Go back, reload the page and try again.";
    nav_retention: "Tietojen säilytys", "Data retention";
    erased_person: "Poistettu henkilö", "Erased person";
    erased_value: "[poistettu]", "[erased]";
    erased_badge: "Henkilötiedot poistettu", "Personal data erased";
    erased_title: "Henkilötiedot on poistettu", "The personal data has been erased";
    erased_text: "Tämän yhteyshenkilön henkilötiedot on poistettu, joten sitä ei voi enää muuttaa eikä poistaa uudelleen. Tietoja ei muutettu.", "This contact's personal data has been erased, so it can no longer be changed or erased again. No data was changed.";
    erased_notice: "Henkilötiedot poistettiin.", "The personal data was erased.";
    action_erase: "Henkilötiedot poistettu", "Personal data erased";
    contact_title: "Yhteyshenkilö", "Contact";
    personal_data: "Henkilötiedot", "Personal data";
    personal_data_title: "Kaikki henkilön tiedot", "All data about the person";
    personal_data_intro: "Kaikki, mitä Arvo tallentaa tästä henkilöstä: yhteyshenkilön tiedot, asiakas, markkinointiluvan historia, muutoshistoria ja tapahtumalokin merkinnät. Katselu kirjataan tapahtumalokiin.", "Everything Arvo stores about this person: the contact's details, the account, the marketing consent history, the change history and the audit log's entries. This view is recorded in the audit log.";
    download_json: "Lataa JSON-tiedostona", "Download as JSON";
    exported_at: "Koottu", "Compiled";
    erase: "Poista henkilötiedot", "Erase personal data";
    erase_confirm: "Poistetaanko yhteyshenkilön henkilötiedot pysyvästi? Nimet, titteli, sähköposti, puhelin, muistiinpanot ja luvan lähde poistetaan myös muutoshistoriasta ja markkinointiluvan historiasta. Yhteyshenkilö jää asiakkaalle nimellä ”Poistettu henkilö”, ja roolit ja luvan tila säilyvät. Poistoa ei voi perua.", "Erase the contact's personal data for good? The names, title, email, phone, notes and consent source are removed from the change history and the consent history as well. The contact stays on the account as \"Erased person\" with its roles and consent status. The erasure cannot be undone.";
    erased_at: "Henkilötiedot poistettu", "Personal data erased";
    section_consents: "Markkinointiluvan historia", "Marketing consent history";
    no_consents: "Markkinointilupaa ei ole kirjattu.", "No marketing consent has been recorded.";
    col_recorded: "Kirjattu", "Recorded";
    col_recorded_by: "Kirjaaja", "Recorded by";
    col_consent_date: "Luvan päivä", "Consent date";
    col_source: "Lähde", "Source";
    section_audit: "Tapahtumalokin merkinnät", "Audit log entries";
    no_audit: "Ei merkintöjä.", "No entries.";
    col_at: "Aika", "Time";
    section_account: "Asiakas", "Account";
    f_account_number: "Asiakasnumero", "Account number";
    event_export: "Henkilötiedot koottu", "Personal data compiled";
    event_erase: "Henkilötiedot poistettu", "Personal data erased";
    retention_title: "Henkilötietojen säilytys", "Retention of personal data";
    retention_intro: "Entisten asiakkaiden yhteyshenkilöiden henkilötiedot poistetaan, kun asiakas on ollut entinen asiakas asetetun ajan. Tilan muuttumisesta lasketaan aika. Tässä näet, kenen tiedot ovat poistettavissa tänään.", "The personal data of former customers' contacts is erased once the account has been a former customer for the period set, counted from the change of its status. Here you see whose data is due for erasure today.";
    retention_rule: "Säilytyssääntö", "Retention rule";
    retention_months: "Säilytysaika kuukausina", "Retention period in months";
    retention_months_hint: "Tyhjä: ei sääntöä. 0: heti, kun asiakkuus päättyy.", "Empty: no rule. 0: as soon as the relationship ends.";
    retention_off: "Säilytyssääntöä ei ole asetettu, joten mitään ei ole poistettavissa.", "No retention rule is set, so nothing is due.";
    retention_is: "Yhteyshenkilöiden tiedot poistetaan", "Contacts' data is erased";
    retention_is_after: "kuukauden kuluttua siitä, kun asiakkaasta tuli entinen asiakas.", "months after the account became a former customer.";
    retention_due: "Poistettavissa", "Due for erasure";
    today: "Tänään", "Today";
    no_due: "Ei poistettavia yhteyshenkilöitä.", "No contacts are due for erasure.";
    col_former_since: "Entinen asiakas alkaen", "Former customer since";
    col_due_on: "Poistettavissa alkaen", "Due since";
    retention_confirm: "Vahvista kirjoittamalla poistettavien yhteyshenkilöiden määrä", "Confirm by typing the number of contacts to erase";
    erase_due: "Poista näiden henkilötiedot", "Erase their personal data";
    retention_apply_text: "Näiden yhteyshenkilöiden henkilötiedot poistetaan pysyvästi, myös muutoshistoriasta ja markkinointiluvan historiasta. Yhteyshenkilöt jäävät asiakkaille nimellä ”Poistettu henkilö” rooleineen ja luvan tiloineen. Poistoa ei voi perua.", "These contacts' personal data is erased for good, from the change history and the consent history as well. The contacts stay on their accounts as \"Erased person\" with their roles and consent status. The erasure cannot be undone.";
    download_list: "Lataa luettelo", "Download the list";
    download_order_lines: "Lataa tilausrivit", "Download the order lines";
    download_csv: "Lataa CSV", "Download CSV";
    download_xlsx: "Lataa Excel", "Download Excel";
    ak_export_accounts: "Asiakasluettelo ladattu", "Account list downloaded";
    ak_export_contacts: "Yhteyshenkilöluettelo ladattu", "Contact list downloaded";
    ak_export_orders: "Tilausrivit ladattu", "Order lines downloaded";
    ak_export_products: "Tuotteet ladattu", "Products downloaded";
    ak_export_deliveries: "Toimitukset ladattu", "Deliveries downloaded";
    ak_export_invoices: "Laskut ladattu", "Invoices downloaded";
    ak_export_service_hours: "Huoltotunnit ladattu", "Service hours downloaded";
    ak_export_visits: "Käynnit ladattu", "Visits downloaded";
    ak_export_returns: "Palautukset ladattu", "Returns downloaded";
    download_more: "Muut tiedot", "More data";
    download_more_hint: "Koko rekisterin tiedot tiedostoina, jotka arvo import lukee takaisin.", "The whole register's data as files that arvo import reads back.";
    section_activities: "Toimitukset, laskut ja palvelu", "Deliveries, invoices and service";
    no_activities: "Ei toimituksia, laskuja, huoltotunteja, käyntejä eikä palautuksia. Tuo ne tiedostosta, esim. arvo import invoices TIEDOSTO.", "No deliveries, invoices, service hours, visits or returns. Import them from a file, e.g. arvo import invoices FILE.";
    activities_by_year: "Vuosittain", "By year";
    col_deliveries: "Toimituksia", "Deliveries";
    col_invoices: "Laskuja", "Invoices";
    col_invoiced: "Laskutettu", "Invoiced";
    col_days_to_pay: "Maksuaika, pv", "Days to pay";
    col_terms: "Maksuehto, pv", "Terms, days";
    col_late: "Myöhässä", "Late";
    col_service_hours: "Huolto, h", "Service, h";
    col_visits: "Käyntejä", "Visits";
    col_returns: "Palautuksia", "Returns";
    col_returned: "Palautettu", "Returned";
    days_to_pay_hint: "Keskimäärin laskun päivästä maksuun ja eräpäivään. Myöhässä: maksettu eräpäivän jälkeen tai yhä maksamatta eräpäivän mennyttyä.", "On average from the invoice date to payment and to the due date. Late: paid after the due date, or still unpaid once it has passed.";
    latest_deliveries: "Viimeisimmät toimitukset", "Latest deliveries";
    latest_invoices: "Viimeisimmät laskut", "Latest invoices";
    latest_service: "Viimeisimmät huoltotyöt", "Latest service work";
    latest_visits: "Viimeisimmät käynnit", "Latest visits";
    latest_returns: "Viimeisimmät palautukset", "Latest returns";
    col_delivery: "Toimitus", "Delivery";
    col_invoice: "Lasku", "Invoice";
    col_due: "Eräpäivä", "Due";
    col_paid: "Maksettu", "Paid";
    col_amount: "Summa", "Amount";
    col_payment: "Maksu", "Payment";
    col_hours: "Tunnit", "Hours";
    col_person: "Henkilö", "Person";
    col_description: "Kuvaus", "Description";
    col_purpose: "Tarkoitus", "Purpose";
    col_return: "Palautus", "Return";
    col_product: "Tuote", "Product";
    col_quantity: "Määrä", "Quantity";
    col_reason: "Syy", "Reason";
    paid_on_time: "Ajallaan", "On time";
    paid_late: "pv myöhässä", "days late";
    invoice_open: "Avoin", "Open";
    invoice_overdue: "Erääntynyt", "Overdue";
    invoice_paid: "Maksettu", "Paid";
    download_kind_csv: "Lataa CSV-tiedostona", "Download as CSV";
    download_kind_xlsx: "Lataa Excel-tiedostona", "Download as Excel";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_their_thousands_by_language() {
        assert_eq!(Lang::Fi.count(0), "0");
        assert_eq!(Lang::Fi.count(999), "999");
        assert_eq!(Lang::Fi.count(1_000), "1\u{a0}000");
        assert_eq!(Lang::Fi.count(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(Lang::En.count(12_345), "12,345");
    }

    #[test]
    fn language_from_browser_prefers_first_known() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,fi;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("sv-FI, fi;q=0.8, en;q=0.5"),
            Lang::Fi
        );
        assert_eq!(Lang::from_accept_language("de"), Lang::Fi);
    }

    #[test]
    fn helsinki_time_follows_summer_time() {
        let winter = Utc.with_ymd_and_hms(2026, 11, 22, 10, 5, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 10, 5, 0).unwrap();
        assert_eq!(Lang::Fi.time(winter), "22.11.2026 klo 12.05");
        assert_eq!(Lang::En.time(summer), "2026-07-01 13:05");
    }

    #[test]
    fn days_start_at_finnish_midnight() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let utc = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        assert_eq!(helsinki_midnight(day(2026, 11, 22)), utc(2026, 11, 21, 22));
        assert_eq!(helsinki_midnight(day(2026, 7, 1)), utc(2026, 6, 30, 21));
        // The days the clocks change: still winter time at midnight in March, still summer time
        // at midnight in October.
        assert_eq!(helsinki_midnight(day(2026, 3, 29)), utc(2026, 3, 28, 22));
        assert_eq!(helsinki_midnight(day(2026, 10, 25)), utc(2026, 10, 24, 21));
        assert_eq!(
            Lang::Fi.moment(utc(2026, 11, 22, 10)),
            "22.11.2026 klo 12.00.00"
        );
        assert_eq!(Lang::En.audit_kind("login_failed"), "Failed sign-in");
        assert_eq!(Lang::Fi.audit_kind("gdpr.erase"), "gdpr.erase");
    }

    #[test]
    fn problems_read_in_both_languages() {
        assert!(
            Lang::Fi
                .problem("Y-tunnus", &Problem::BusinessIdCheckDigit)
                .contains("tarkistenumero")
        );
        assert!(
            Lang::En
                .problem("Business ID", &Problem::BusinessIdCheckDigit)
                .starts_with("Business ID has a check")
        );
    }
}
