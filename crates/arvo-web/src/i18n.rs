//! Finnish and English: the message catalogue, the choice of language, and formatting of
//! numbers, money, dates and times by locale. Every text the pages show comes from here; a text
//! missing in one language is a compile error.

mod care;

use arvo_core::behaviour::{Alert, Behaviour, Stage};
use arvo_core::groups::Trait;
use arvo_core::profitability::{CostLayer, Driver};
use arvo_core::segments::{Segment, Tier};
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
            "analysis.cost_pools" => t.ak_analysis_cost_pools,
            "analysis.rating" => t.ak_analysis_rating,
            "analysis.need" => t.ak_analysis_need,
            "analysis.segment" => t.ak_analysis_segment,
            "care.encounter" => t.ak_care_encounter,
            "care.encounter_deleted" => t.ak_care_encounter_deleted,
            "care.encounter_updated" => t.ak_care_encounter_updated,
            "care.task" => t.ak_care_task,
            "care.task_done" => t.ak_care_task_done,
            "care.task_changed" => t.ak_care_task_changed,
            "care.task_reopened" => t.ak_care_task_reopened,
            "care.decision" => t.ak_care_decision,
            "care.calendar_key" => t.ak_care_calendar_key,
            "plan.saved" => t.ak_plan_saved,
            "plan.reviewed" => t.ak_plan_reviewed,
            "plan.deleted" => t.ak_plan_deleted,
            "target.saved" => t.ak_target_saved,
            "target.deleted" => t.ak_target_deleted,
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
                Problem::Time => "Anna kellonaika muodossa 14.30.".into(),
                Problem::NotNegative => "Ei voi olla negatiivinen.".into(),
                Problem::Choice { allowed } => format!("Valitse jokin näistä: {}.", allowed.join(", ")),
                Problem::UnknownField => "Tuntematon kenttä.".into(),
                Problem::WrongType => "Arvo on väärää tyyppiä.".into(),
                Problem::Key => {
                    "Tunnisteen on alettava kirjaimella, ja siinä voi olla vain a–z, 0–9 ja alaviiva.".into()
                }
                Problem::Duplicate => "On jo käytössä.".into(),
                Problem::UnknownUser => "Valitse aktiivinen käyttäjä nimellä tai sähköpostilla.".into(),
                Problem::UnknownContact => "Valitse jokin asiakkaan omista yhteyshenkilöistä.".into(),
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
                Problem::NotInFuture => "Valitse päivä tämän päivän jälkeen.".into(),
                Problem::InFuture => "Päivä ei voi olla tämän päivän jälkeen.".into(),
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

/// The value analysis in words: names of its groups and the sentences that explain its figures.
impl Lang {
    /// A share as a whole percentage: `50 %` or `50%`.
    pub fn whole_percent(self, ratio: f64) -> String {
        let text = format!("{:.0}", ratio * 100.0);
        match self {
            Self::Fi => format!("{} %", text.replace('-', "−")),
            Self::En => format!("{text}%"),
        }
    }

    /// Days, with a decimal when not whole: `30 pv`, `12,5 days`.
    pub fn days(self, days: f64) -> String {
        let n = if days.fract().abs() < 0.05 {
            self.count(days.round().max(0.0) as u64)
        } else {
            self.one_decimal(Some(days))
        };
        match self {
            Self::Fi => format!("{n} pv"),
            Self::En => format!("{n} days"),
        }
    }

    /// The name of an analysis period.
    pub fn period(self, p: crate::analysis::Period) -> String {
        use crate::analysis::Period;
        match (self, p) {
            (Self::Fi, Period::Rolling { .. }) => "Viimeiset 12 kuukautta".into(),
            (Self::En, Period::Rolling { .. }) => "The last 12 months".into(),
            (_, Period::Year { year }) => year.to_string(),
            (Self::Fi, Period::Quarter { year, quarter }) => format!("{quarter}. neljännes {year}"),
            (Self::En, Period::Quarter { year, quarter }) => format!("Q{quarter} {year}"),
        }
    }

    /// `12 asiakasta` / `12 customers`.
    pub fn customers_count(self, n: usize) -> String {
        let count = self.count(n as u64);
        match (self, n) {
            (Self::Fi, 1) => "1 asiakas".into(),
            (Self::Fi, _) => format!("{count} asiakasta"),
            (Self::En, 1) => "1 customer".into(),
            (Self::En, _) => format!("{count} customers"),
        }
    }

    pub fn segment(self, s: Segment) -> &'static str {
        let t = self.texts();
        match s {
            Segment::Retain => t.seg_retain,
            Segment::Grow => t.seg_grow,
            Segment::Streamline => t.seg_streamline,
            Segment::Acquire => t.seg_acquire,
        }
    }

    /// What a segment means, in one sentence.
    pub fn segment_text(self, s: Segment) -> &'static str {
        let t = self.texts();
        match s {
            Segment::Retain => t.seg_retain_text,
            Segment::Grow => t.seg_grow_text,
            Segment::Streamline => t.seg_streamline_text,
            Segment::Acquire => t.seg_acquire_text,
        }
    }

    pub fn tier(self, tier: Tier) -> &'static str {
        let t = self.texts();
        match tier {
            Tier::Value => t.tier_value,
            Tier::Growth => t.tier_growth,
            Tier::Standard => t.tier_standard,
        }
    }

    pub fn tier_text(self, tier: Tier) -> &'static str {
        let t = self.texts();
        match tier {
            Tier::Value => t.tier_value_text,
            Tier::Growth => t.tier_growth_text,
            Tier::Standard => t.tier_standard_text,
        }
    }

    pub fn behaviour(self, b: Behaviour) -> &'static str {
        let t = self.texts();
        match b {
            Behaviour::NeverBought => t.beh_never_bought,
            Behaviour::Lost => t.beh_lost,
            Behaviour::Lapsing => t.beh_lapsing,
            Behaviour::New => t.beh_new,
            Behaviour::LongTerm => t.beh_long_term,
            Behaviour::Medium => t.beh_medium,
            Behaviour::Occasional => t.beh_occasional,
        }
    }

    pub fn stage(self, s: Stage) -> &'static str {
        let t = self.texts();
        match s {
            Stage::Acquisition => t.stage_acquisition,
            Stage::Onboarding => t.stage_onboarding,
            Stage::Development => t.stage_development,
            Stage::Retention => t.stage_retention,
            Stage::Ending => t.stage_ending,
        }
    }

    pub fn driver(self, d: Driver) -> &'static str {
        let t = self.texts();
        match d {
            Driver::Orders => t.drv_orders,
            Driver::OrderLines => t.drv_order_lines,
            Driver::Deliveries => t.drv_deliveries,
            Driver::Invoices => t.drv_invoices,
            Driver::ServiceHours => t.drv_service_hours,
            Driver::Visits => t.drv_visits,
            Driver::Returns => t.drv_returns,
            Driver::PaymentDays => t.drv_payment_days,
            Driver::NotAllocated => t.drv_not_allocated,
        }
    }

    pub fn layer(self, l: CostLayer) -> &'static str {
        let t = self.texts();
        match l {
            CostLayer::Sales => t.layer_sales,
            CostLayer::Marketing => t.layer_marketing,
            CostLayer::Service => t.layer_service,
        }
    }

    /// The waterfall's line of a layer's costs.
    pub fn layer_costs(self, l: CostLayer) -> &'static str {
        let t = self.texts();
        match l {
            CostLayer::Sales => t.wf_sales,
            CostLayer::Marketing => t.wf_marketing,
            CostLayer::Service => t.wf_service,
        }
    }

    /// `3 – erinomainen` for the rating choices.
    pub fn rating_label(self, score: i64) -> String {
        let t = self.texts();
        let word = match score {
            1 => t.rating_1,
            2 => t.rating_2,
            3 => t.rating_3,
            4 => t.rating_4,
            _ => t.rating_5,
        };
        format!("{score} – {word}")
    }

    /// The bands of the profitability grid: `3 × 3 (9 ryhmää)`.
    pub fn bands(self, bands: &str) -> String {
        let n: usize = bands.parse().unwrap_or(3);
        match self {
            Self::Fi => format!("{n} × {n} ({} ryhmää)", n * n),
            Self::En => format!("{n} × {n} ({} groups)", n * n),
        }
    }

    /// What loss-making customers take away from the profit.
    pub fn losses_hint(self, share: Option<f64>) -> String {
        match (self, share) {
            (Self::Fi, Some(s)) if s > 0.0 => format!(
                "Tappiolliset asiakkaat vievät {} asiakkuuksien katteesta.",
                self.percent(Some(s))
            ),
            (Self::En, Some(s)) if s > 0.0 => format!(
                "The loss-making customers take away {} of the customer margins.",
                self.percent(Some(s))
            ),
            (Self::Fi, _) => "Asiakkaat, joiden asiakkuuden kate on negatiivinen.".into(),
            (Self::En, _) => "Customers whose customer margin is negative.".into(),
        }
    }

    /// The whale curve in one sentence.
    pub fn whale_summary(self, top20: Option<f64>, peak: f64, peak_customers: usize) -> String {
        let top = self.percent(top20);
        let peak = self.percent(Some(peak));
        let n = self.count(peak_customers as u64);
        match self {
            Self::Fi => format!(
                "Kannattavimmat 20 % asiakkaista tuottavat {top} voitosta. Käyrän huippu on {peak}, kun mukana on {n} kannattavinta asiakasta; sen jälkeen muut asiakkaat syövät voittoa."
            ),
            Self::En => format!(
                "The most profitable 20% of customers earn {top} of the profit. The curve peaks at {peak} with the {n} most profitable customers; after them, the rest eat into the profit."
            ),
        }
    }

    /// A point of the whale curve on hover.
    pub fn whale_point(
        self,
        customers: usize,
        share: f64,
        profit_share: Option<f64>,
        margin: &str,
    ) -> String {
        let n = self.count(customers as u64);
        let share = self.percent(Some(share));
        let profit = self.percent(profit_share);
        match self {
            Self::Fi => format!(
                "{n} kannattavinta asiakasta ({share} asiakkaista): {profit} voitosta, kate {margin}"
            ),
            Self::En => format!(
                "{n} most profitable customers ({share} of customers): {profit} of profit, margin {margin}"
            ),
        }
    }

    /// A profitability group's distinctive trait: its mean against the base's.
    pub fn trait_text(self, kind: Trait, ratio: f64) -> String {
        let more = ratio >= 1.0;
        let times = if more {
            ratio
        } else if ratio > 0.0 {
            1.0 / ratio
        } else {
            f64::INFINITY
        };
        if !times.is_finite() || times > 100.0 {
            return match (self, kind) {
                (Self::Fi, Trait::OrderSize | Trait::Orders) => "ei tilauksia".into(),
                (Self::Fi, Trait::LinesPerOrder) => "ei tilausrivejä".into(),
                (Self::Fi, Trait::ServiceHours) => "ei lainkaan huoltotunteja".into(),
                (Self::Fi, Trait::DaysToPay) => "maksaa heti".into(),
                (Self::En, Trait::OrderSize | Trait::Orders) => "no orders".into(),
                (Self::En, Trait::LinesPerOrder) => "no order lines".into(),
                (Self::En, Trait::ServiceHours) => "no service hours at all".into(),
                (Self::En, Trait::DaysToPay) => "pays at once".into(),
            };
        }
        let x = format!("{}×", self.one_decimal(Some(times)));
        match (self, kind, more) {
            (Self::Fi, Trait::OrderSize, true) => format!("tilaukset {x} keskimääräistä suurempia"),
            (Self::Fi, Trait::OrderSize, false) => {
                format!("tilaukset {x} keskimääräistä pienempiä")
            }
            (Self::Fi, Trait::Orders, true) => format!("tilaa {x} keskimääräistä useammin"),
            (Self::Fi, Trait::Orders, false) => format!("tilaa {x} keskimääräistä harvemmin"),
            (Self::Fi, Trait::LinesPerOrder, true) => format!("{x} enemmän rivejä tilausta kohden"),
            (Self::Fi, Trait::LinesPerOrder, false) => {
                format!("{x} vähemmän rivejä tilausta kohden")
            }
            (Self::Fi, Trait::ServiceHours, true) => format!("{x} enemmän huoltotunteja"),
            (Self::Fi, Trait::ServiceHours, false) => format!("{x} vähemmän huoltotunteja"),
            (Self::Fi, Trait::DaysToPay, true) => format!("maksaa {x} keskimääräistä hitaammin"),
            (Self::Fi, Trait::DaysToPay, false) => format!("maksaa {x} keskimääräistä nopeammin"),
            (Self::En, Trait::OrderSize, true) => format!("orders {x} larger than average"),
            (Self::En, Trait::OrderSize, false) => format!("orders {x} smaller than average"),
            (Self::En, Trait::Orders, true) => format!("orders {x} more often than average"),
            (Self::En, Trait::Orders, false) => format!("orders {x} less often than average"),
            (Self::En, Trait::LinesPerOrder, true) => format!("{x} more lines per order"),
            (Self::En, Trait::LinesPerOrder, false) => format!("{x} fewer lines per order"),
            (Self::En, Trait::ServiceHours, true) => format!("{x} more service hours"),
            (Self::En, Trait::ServiceHours, false) => format!("{x} fewer service hours"),
            (Self::En, Trait::DaysToPay, true) => format!("pays {x} slower than average"),
            (Self::En, Trait::DaysToPay, false) => format!("pays {x} faster than average"),
        }
    }

    /// Customers the grid leaves out.
    pub fn grid_left_out(self, n: usize) -> String {
        let n = self.customers_count(n);
        match self {
            Self::Fi => format!("{n} ilman myyntiä jaksolla ei ole ruudukossa."),
            Self::En => format!("{n} without sales in the period are not in the grid."),
        }
    }

    /// A dot of the value matrix on hover.
    pub fn matrix_dot(self, name: &str, score: &str, room: Option<&str>, segment: &str) -> String {
        let unknown = self.texts().unknown;
        let room = room.unwrap_or(unknown);
        match self {
            Self::Fi => format!("{name}: arvopisteet {score}, kasvuvara {room}, {segment}"),
            Self::En => format!("{name}: score {score}, growth room {room}, {segment}"),
        }
    }

    /// The value matrix in one sentence: how many customers each segment has.
    pub fn matrix_summary(self, counts: Vec<(&str, usize)>) -> String {
        let parts: Vec<String> = counts
            .iter()
            .map(|(name, n)| format!("{name} {}", self.count(*n as u64)))
            .collect();
        match self {
            Self::Fi => format!("Asiakkaat segmenteittäin: {}.", parts.join(", ")),
            Self::En => format!("Customers by segment: {}.", parts.join(", ")),
        }
    }

    /// A passivation alert in words.
    pub fn alert(self, alert: &Alert) -> String {
        match (self, alert) {
            (
                Self::Fi,
                Alert::Overdue {
                    days_since,
                    typical_gap,
                    ..
                },
            ) => format!(
                "Ei ostoja {} päivään; ostaa yleensä {} päivän välein.",
                self.count((*days_since).max(0) as u64),
                self.count(typical_gap.round().max(0.0) as u64)
            ),
            (
                Self::En,
                Alert::Overdue {
                    days_since,
                    typical_gap,
                    ..
                },
            ) => format!(
                "No purchase for {} days; it usually buys every {} days.",
                self.count((*days_since).max(0) as u64),
                self.count(typical_gap.round().max(0.0) as u64)
            ),
            (
                Self::Fi,
                Alert::Falling {
                    last_12_months_cents,
                    previous_12_months_cents,
                    change,
                },
            ) => format!(
                "Ostot viimeisten 12 kuukauden aikana {}, {} vähemmän kuin edellisten 12 kuukauden aikana ({}).",
                self.money_whole(Money::from_cents(*last_12_months_cents)),
                self.percent(Some(-change)),
                self.money_whole(Money::from_cents(*previous_12_months_cents))
            ),
            (
                Self::En,
                Alert::Falling {
                    last_12_months_cents,
                    previous_12_months_cents,
                    change,
                },
            ) => format!(
                "Bought {} in the last 12 months, {} less than in the 12 months before ({}).",
                self.money_whole(Money::from_cents(*last_12_months_cents)),
                self.percent(Some(-change)),
                self.money_whole(Money::from_cents(*previous_12_months_cents))
            ),
        }
    }

    /// How well the purchase models were fitted.
    pub fn model_fit(
        self,
        bgnbd: Option<f64>,
        gamma_gamma: Option<f64>,
        customers: usize,
    ) -> String {
        let ll = |v: f64| self.one_decimal(Some(v));
        let n = self.customers_count(customers);
        match (self, bgnbd, gamma_gamma) {
            (Self::Fi, Some(b), Some(g)) => format!(
                "Ostotiheyden BG/NBD-malli ja ostojen arvon Gamma-Gamma-malli on sovitettu omiin ostoihinne ({n}; log-uskottavuudet {} ja {}).",
                ll(b),
                ll(g)
            ),
            (Self::En, Some(b), Some(g)) => format!(
                "The BG/NBD model of purchase frequency and the Gamma-Gamma model of spend are fitted to your own purchases ({n}; log-likelihoods {} and {}).",
                ll(b),
                ll(g)
            ),
            (Self::Fi, Some(b), None) => format!(
                "Ostotiheyden BG/NBD-malli on sovitettu omiin ostoihinne ({n}; log-uskottavuus {}); ostojen arvon mallia ei voitu sovittaa, joten elinkaariarvoja ei ole.",
                ll(b)
            ),
            (Self::En, Some(b), None) => format!(
                "The BG/NBD model of purchase frequency is fitted to your own purchases ({n}; log-likelihood {}); the model of spend could not be fitted, so there are no lifetime values.",
                ll(b)
            ),
            (Self::Fi, None, _) => "Malleja ei voitu sovittaa: asiakkailla ei ole vielä tarpeeksi toistuvia ostoja.".into(),
            (Self::En, None, _) => "The models could not be fitted: the customers do not have enough repeat purchases yet.".into(),
        }
    }

    /// Who set an account's saved segment, when and why.
    pub fn segment_note(self, manual: bool, by: &str, on: &str, reason: Option<&str>) -> String {
        let reason = reason.filter(|r| !r.is_empty());
        match (self, manual, reason) {
            (Self::Fi, true, Some(r)) => format!("Asetettu käsin ({by}, {on}): {r}"),
            (Self::Fi, true, None) => format!("Asetettu käsin ({by}, {on})."),
            (Self::Fi, false, _) => format!("Tallennettu säännön mukaan {on}."),
            (Self::En, true, Some(r)) => format!("Set by hand ({by}, {on}): {r}"),
            (Self::En, true, None) => format!("Set by hand ({by}, {on})."),
            (Self::En, false, _) => format!("Saved by the rule on {on}."),
        }
    }

    /// How many accounts the score compares a customer with.
    pub fn compared_with(self, n: usize) -> String {
        let n = self.count(n as u64);
        match self {
            Self::Fi => format!("Arvopisteet ja ryhmät verrattuna kaikkiin {n} asiakkaaseen."),
            Self::En => format!("Scores and groups compared with all {n} accounts."),
        }
    }

    /// A customer's share of a pool's cost.
    pub fn pool_share(self, share: Option<f64>) -> String {
        match (self, share) {
            (_, None) => String::new(),
            (Self::Fi, s) => format!("{} poolista", self.percent(s)),
            (Self::En, s) => format!("{} of the pool", self.percent(s)),
        }
    }

    /// A customer's waterfall in one sentence.
    pub fn waterfall_summary(self, revenue: &str, sales_margin: &str, margin: &str) -> String {
        match self {
            Self::Fi => format!(
                "Myynti {revenue}, myyntikate {sales_margin}, asiakkuuden kate kaikkien asiakkaan aiheuttamien kulujen jälkeen {margin}."
            ),
            Self::En => format!(
                "Sales {revenue}, sales margin {sales_margin}, customer margin after every cost the customer causes {margin}."
            ),
        }
    }

    /// The what-if's summary: how many key accounts now and under the proposal, in which
    /// period.
    pub fn what_if_summary(
        self,
        now: usize,
        then: usize,
        from: NaiveDate,
        to: NaiveDate,
    ) -> String {
        let (now, then) = (self.count(now as u64), self.count(then as u64));
        let (from, to) = (self.date(from), self.date(to));
        match self {
            Self::Fi => format!(
                "Jaksolla {from}–{to} avainasiakkaita on nyt {now}; näillä asetuksilla niitä olisi {then}."
            ),
            Self::En => format!(
                "In {from} – {to} there are {now} key accounts now; under these settings there would be {then}."
            ),
        }
    }

    /// After a refresh of the segments.
    pub fn refreshed(self, changed: u64) -> String {
        let n = self.count(changed);
        match self {
            Self::Fi => format!("Segmentit päivitetty: {n} asiakkaan segmentti muuttui."),
            Self::En => format!("Segments refreshed: {n} accounts changed segment."),
        }
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

/// Today in Finland.
pub fn helsinki_today() -> NaiveDate {
    helsinki_date(Utc::now())
}

/// The first moment of a day in Finnish local time, as UTC. The clocks change at 03:00 or 04:00
/// local time, never at midnight, so the day's start has one offset.
pub fn helsinki_midnight(day: NaiveDate) -> DateTime<Utc> {
    helsinki_to_utc(day.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// A Finnish local time as UTC: the summer offset if it gives back the same local time,
/// otherwise the winter one (an hour skipped in spring counts as winter time).
pub fn helsinki_to_utc(local: chrono::NaiveDateTime) -> DateTime<Utc> {
    let as_utc = local.and_utc();
    let summer = as_utc - chrono::Duration::hours(3);
    if helsinki(summer).naive_local() == local {
        summer
    } else {
        as_utc - chrono::Duration::hours(2)
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
    nav_analysis: "Analyysi", "Analysis";
    analysis_title: "Asiakkuuksien arvo", "Value analysis";
    analysis_intro: "Mitä kukin asiakas todella tuottaa kaikkien sen aiheuttamien kulujen jälkeen, keihin voitto nojaa, ketkä ovat arvokkaimpia ja ketkä hiipumassa.", "What each customer really earns you after every cost it causes, what the profit rests on, who the most valuable customers are and who are drifting away.";
    analysis_settings_link: "Analyysin asetukset", "Analysis settings";
    analysis_empty: "Jaksolla ei ole myyntiä.", "There are no sales in the period.";
    analysis_empty_hint: "Valitse toinen jakso tai tuo tilaukset tiedostosta (Tuonti tai arvo import orders TIEDOSTO).", "Choose another period, or import orders from a file (Import, or arvo import orders FILE).";
    no_pools: "Kustannuspooleja ei ole asetettu, joten asiakkuuden kate on sama kuin myyntikate.", "No cost pools are set, so the customer margin equals the sales margin.";
    period_label: "Jakso", "Period";
    show: "Näytä", "Show";
    as_of: "tilanne", "as of";
    sec_headline: "Tunnusluvut", "Key figures";
    explain_headline: "Paljonko asiakkaat tuottivat jaksolla kaikkien kulujen jälkeen, ja kuinka paljon myynti nojaa muutamaan asiakkaaseen.", "What the customers earned in the period after every cost, and how much the sales rest on a few customers.";
    fig_company_result: "Yrityksen tulos", "Company result";
    fig_company_result_hint: "Myynti − tuotteiden kulut − kaikki kustannuspoolit.", "Sales − direct costs − every cost pool.";
    fig_margins: "Asiakkuuksien katteet yhteensä", "Customer margins in total";
    fig_margins_hint: "Yrityksen tulos ennen kohdistamattomia kuluja.", "The company result before the unallocated costs.";
    fig_unallocated: "Kohdistamattomat kulut", "Unallocated costs";
    fig_unallocated_hint: "Kulut, joita mikään asiakas ei aiheuta, esimerkiksi uusasiakashankinta.", "Costs no customer causes, such as winning new customers.";
    fig_largest: "Suurimman asiakkaan osuus myynnistä", "Largest customer's share of sales";
    fig_top10: "Kymmenen suurimman osuus:", "The ten largest customers' share:";
    fig_herfindahl: "Herfindahl-indeksi", "Herfindahl index";
    fig_herfindahl_hint: "Myynnin keskittyminen: lähellä nollaa myynti jakautuu monelle, 1 = kaikki yhdeltä asiakkaalta.", "How concentrated the sales are: near zero spread over many, 1 = all from one customer.";
    fig_top20: "Kannattavimman 20 %:n osuus voitosta", "Top 20%'s share of profit";
    fig_top20_hint: "Yli 100 % tarkoittaa, että muut asiakkaat yhdessä tuottavat tappiota.", "Over 100% means the other customers together lose money.";
    fig_losses: "Tappiolliset asiakkaat", "Loss-making customers";
    sec_whale: "Valaskäyrä", "Whale curve";
    explain_whale: "Käyrä näyttää, kuinka suuren osan voitosta kannattavimmat asiakkaat tuottavat; kun se nousee yli 100 %:n, muut asiakkaat tuottavat tappiota.", "The curve shows how much of the profit your most profitable customers earn; where it rises above 100%, the rest of the customers lose money.";
    whale_x: "Asiakkaiden osuus, kannattavimmat ensin", "Share of customers, most profitable first";
    whale_y: "Osuus voitosta", "Share of profit";
    whale_reference: "100 % voitosta", "100% of profit";
    whale_none: "Asiakkuuksien katteet ovat yhteensä tappiolla, joten käyrää ei voi piirtää.", "The customer margins add up to a loss, so the curve cannot be drawn.";
    sec_groups: "Kannattavuusryhmät", "Profitability groups";
    explain_groups: "Asiakkaat ryhmiteltyinä ostojen määrän (vaakasuunnassa) ja kannattavuuden (pystysuunnassa) mukaan; jokaisen ryhmän kohdalla näkyy, missä se eroaa keskimääräisestä asiakkaasta.", "Customers grouped by how much they buy (across) and how profitable they are (up); each group shows where it differs from the average customer.";
    grid_corner: "Kate-% ↑ / myynti →", "Margin % ↑ / sales →";
    grid_sales: "Myynti", "Sales";
    grid_margin: "Kate", "Margin";
    band_under: "alle", "under";
    band_over: "yli", "over";
    sec_matrix: "Arvomatriisi", "Value matrix";
    explain_matrix: "Jokainen merkki on asiakas: oikealla ne, joiden nykyarvo (arvopisteet) on korkea, ylhäällä ne, joilla on eniten kasvuvaraa; katkoviivat ovat segmenttien rajat.", "Every mark is a customer: to the right those whose current value (score) is high, at the top those with the most room to grow; the dashed lines are the segments' thresholds.";
    matrix_x: "Nykyarvo (arvopisteet 1–5)", "Current value (score 1–5)";
    matrix_y: "Potentiaali (kasvuvara)", "Potential (growth room)";
    matrix_need_hint: "Kasvuvara on asiakkaan arvioitu tarve miinus sen ostot meiltä; asiakkaat, joiden tarvetta ei ole arvioitu, ovat alareunassa.", "Growth room is the customer's estimated need less what it buys from us; customers whose need has not been estimated sit at the bottom.";
    sec_key: "Avainasiakkaat", "Key accounts";
    explain_key: "Painotetun arvopisteen mukaan arvokkaimmat asiakkaat; tähdellä merkityt kriteerit ovat vielä arvioimatta ja lasketaan arvolla 3.", "The most valuable customers by the weighted value score; criteria marked with an asterisk have not been rated yet and count as 3.";
    no_key_accounts: "Ei avainasiakkaita tällä säännöllä.", "No key accounts under this rule.";
    not_rated: "ei arvioitu", "not rated";
    key_account: "Avainasiakas", "Key account";
    sec_segments: "Segmentit", "Segments";
    explain_segments: "Asiakkaat jaettuina nykyarvon ja potentiaalin mukaan neljään segmenttiin ja kolmeen tasoon; kullekin sopii oma hoitomalli.", "Customers in four segments and three tiers by current value and potential; each suits its own care model.";
    col_meaning: "Mitä se tarkoittaa", "What it means";
    col_customers: "Asiakkaita", "Customers";
    col_tier: "Taso", "Tier";
    seg_retain: "Pito", "Retain";
    seg_grow: "Kasvu", "Grow";
    seg_streamline: "Tehostus", "Streamline";
    seg_acquire: "Hankinta", "Acquire";
    seg_retain_text: "Arvokkaat asiakkaat, joista pidetään erityisen hyvää huolta.", "Valuable customers, cared for especially well.";
    seg_grow_text: "Asiakkaat, joilla on kasvuvaraa ja joita kannattaa kehittää.", "Customers with room to grow, worth developing.";
    seg_streamline_text: "Asiakkaat, joita palvellaan sujuvasti ja tehokkaasti.", "Customers served smoothly and efficiently.";
    seg_acquire_text: "Mahdolliset asiakkaat, joiden voittaminen kannattaa.", "Prospects worth winning.";
    tier_value: "Arvoasiakas", "Value customer";
    tier_growth: "Kasvuasiakas", "Growth customer";
    tier_standard: "Standardiasiakas", "Standard customer";
    tier_value_text: "Nykyarvo on korkea.", "High current value.";
    tier_growth_text: "Potentiaali on suuri.", "High potential.";
    tier_standard_text: "Palvellaan vakiomallilla.", "Served by the standard model.";
    sec_alerts: "Passivoitumishälytykset", "Passivation alerts";
    explain_alerts: "Asiakkaat, joiden ostot ovat myöhässä omaan rytmiinsä nähden tai vähentyneet selvästi; heihin kannattaa olla yhteydessä nyt.", "Customers whose purchases are overdue against their own rhythm or have fallen clearly; they are worth contacting now.";
    no_alerts: "Ei hälytyksiä: asiakkaat ostavat tavalliseen tahtiinsa.", "No alerts: the customers buy at their usual pace.";
    sec_lifetime: "Elinkaariarvo", "Lifetime value";
    explain_lifetime: "Ennuste siitä, paljonko asiakkuuden katetta asiakkaat tuovat tulevina vuosina, ja todennäköisyys, että kukin on yhä asiakas; suurin elinkaariarvo ensin.", "A forecast of how much customer margin the customers bring in the coming years, and the probability that each is still a customer; the highest lifetime value first.";
    col_lifetime_value: "Elinkaariarvo", "Lifetime value";
    col_p_alive: "Yhä asiakas", "Still a customer";
    col_behaviour: "Ostokäyttäytyminen", "Behaviour";
    no_lifetime: "Ennusteita ei voitu laskea.", "No forecasts could be reckoned.";
    sec_customers: "Asiakkaat", "Customers";
    explain_customers: "Jokaisen asiakkaan myynti ja katteet jaksolla; asiakkuuden kate on myyntikate, josta on vähennetty asiakkaan aiheuttamat myynnin, markkinoinnin ja palvelun kulut.", "Each customer's sales and margins in the period; the customer margin is the sales margin less the sales, marketing and service costs the customer causes.";
    col_customer_margin: "Asiakkuuden kate", "Customer margin";
    col_score: "Arvopisteet", "Score";
    col_segment: "Segmentti", "Segment";
    beh_never_bought: "Ei vielä ostanut", "Never bought";
    beh_lost: "Menetetty", "Lost";
    beh_lapsing: "Hiipuva", "Lapsing";
    beh_new: "Uusi", "New";
    beh_long_term: "Pitkäaikainen", "Long-term";
    beh_medium: "Säännöllinen", "Medium";
    beh_occasional: "Satunnainen", "Occasional";
    stage_acquisition: "Hankinta", "Acquisition";
    stage_onboarding: "Aloitus", "Onboarding";
    stage_development: "Kehittäminen", "Development";
    stage_retention: "Säilyttäminen", "Retention";
    stage_ending: "Päättyminen", "Ending";
    drv_orders: "tilaukset", "orders";
    drv_order_lines: "tilausrivit", "order lines";
    drv_deliveries: "toimitukset", "deliveries";
    drv_invoices: "laskut", "invoices";
    drv_service_hours: "huoltotunnit", "service hours";
    drv_visits: "myyntikäynnit", "sales visits";
    drv_returns: "palautukset", "returns";
    drv_payment_days: "maksupäivät × laskun summa", "days to pay × amount";
    drv_not_allocated: "ei kohdisteta asiakkaille", "not allocated to customers";
    layer_sales: "Myynti", "Sales";
    layer_marketing: "Markkinointi", "Marketing";
    layer_service: "Palvelu", "Service";
    section_value: "Asiakkuuden arvo", "Customer value";
    explain_value: "Mitä asiakas tuottaa kaikkien sen aiheuttamien kulujen jälkeen, sen arvopisteet, segmentti ja ostokäyttäytyminen.", "What the customer earns after every cost it causes, its value score, segment and buying behaviour.";
    value_no_figures: "Asiakkaalla ei ole vielä lukuja tällä jaksolla.", "The account has no figures for this period yet.";
    wf_title: "Asiakkuuden kate", "Customer margin";
    wf_axis: "Euroa", "Euros";
    wf_revenue: "Myynti", "Sales";
    wf_direct: "− Tuotteiden kulut", "− Direct costs";
    wf_sales_margin: "= Myyntikate", "= Sales margin";
    wf_sales: "− Myynnin kulut", "− Sales costs";
    wf_marketing: "− Markkinoinnin kulut", "− Marketing costs";
    wf_service: "− Palvelun kulut", "− Service costs";
    wf_customer_margin: "= Asiakkuuden kate", "= Customer margin";
    wf_revenue_short: "Myynti", "Sales";
    wf_direct_short: "Tuotteet", "Products";
    wf_sales_margin_short: "Myyntikate", "Sales m.";
    wf_sales_short: "Myynti-k.", "Sales c.";
    wf_marketing_short: "Markk.", "Mktg";
    wf_service_short: "Palvelu", "Service";
    wf_customer_margin_short: "Kate", "Margin";
    col_item: "Erä", "Item";
    col_share: "Osuus", "Share";
    value_score: "Arvopisteet", "Value score";
    col_criterion: "Kriteeri", "Criterion";
    col_weight: "Paino", "Weight";
    col_points: "Pisteet", "Points";
    section_segment: "Segmentti ja taso", "Segment and tier";
    segment_by_rule: "Säännön mukaan", "By the rule";
    segment_set: "Aseta segmentti", "Set the segment";
    segment_form_hint: "Käsin asetettu segmentti pysyy, kunnes se annetaan takaisin säännölle. Kerro aina syy.", "A segment set by hand stays until it is given back to the rule. Always give the reason.";
    segment_history: "Segmentin muutokset", "Segment changes";
    no_segment_history: "Segmenttiä ei ole vielä tallennettu.", "No segment has been saved yet.";
    col_from: "Mistä", "From";
    col_to: "Mihin", "To";
    col_by: "Kuka", "By";
    col_when: "Milloin", "When";
    by_hand: "käsin", "by hand";
    reason_label: "Syy", "Reason";
    criterion_label: "Kriteeri", "Criterion";
    rating_label: "Arvio", "Rating";
    rating_1: "heikko", "weak";
    rating_2: "välttävä", "fair";
    rating_3: "keskitaso", "average";
    rating_4: "hyvä", "good";
    rating_5: "erinomainen", "excellent";
    section_ratings: "Arviot", "Ratings";
    ratings_hint: "Henkilöiden arvioimat kriteerit (1–5). Uusin arvio on voimassa; aiemmat säilyvät.", "The criteria people rate (1–5). The latest rating counts; earlier ones are kept.";
    rate: "Tallenna arvio", "Save the rating";
    no_ratings: "Ei vielä arvioita.", "No ratings yet.";
    no_rated_criteria: "Arvomallissa ei ole henkilöiden arvioimia kriteerejä.", "The score model has no criteria rated by people.";
    section_wallet: "Osto-osuus", "Share of wallet";
    need_label: "Arvioitu tarve vuodessa (€)", "Estimated yearly need (€)";
    need_hint: "Paljonko asiakas ostaa vuodessa sellaista, mitä voisimme myydä sille. Tyhjä: ei tiedossa.", "How much the customer buys a year of what we could sell it. Empty: not known.";
    wallet_need: "Arvioitu tarve", "Estimated need";
    wallet_share: "Osto-osuus", "Share of wallet";
    wallet_room: "Kasvuvara", "Growth room";
    unknown: "ei tiedossa", "not known";
    section_behaviour: "Ostokäyttäytyminen", "Buying behaviour";
    beh_group: "Ryhmä", "Group";
    beh_stage: "Elinkaaren vaihe", "Lifecycle stage";
    beh_cycle: "Tavallinen ostoväli", "Usual gap between purchases";
    beh_since: "Viimeisestä ostosta", "Since the last purchase";
    beh_rfm: "RFM (tuoreus–tiheys–arvo)", "RFM (recency–frequency–monetary)";
    beh_alerts: "Hälytykset", "Alerts";
    analysis_settings_title: "Analyysin asetukset", "Analysis settings";
    analysis_settings_intro: "Kustannuspoolit kohdistavat myynnin, markkinoinnin ja palvelun kulut asiakkaille niiden aiheuttamien toimintojen mukaan; arvomalli, segmenttien rajat ja ryhmien määrä ohjaavat analyysia.", "Cost pools allocate the sales, marketing and service costs to customers by the activities they cause; the score model, the segments' thresholds and the number of groups steer the analysis.";
    pools_title: "Kustannuspoolit", "Cost pools";
    pools_intro: "Kunkin poolin vuosikulu jaetaan asiakkaille sen ajurin mukaan: esimerkiksi tilausten käsittely tilausten määrän mukaan.", "Each pool's yearly cost is shared among the customers by its driver: order handling, for example, by the number of orders.";
    pools_hint: "Lisää pooli tyhjälle riville; poista pooli rastittamalla Poista. Lyhyempi jakso saa vuosikulusta osuutensa päivien mukaan.", "Add a pool on an empty row; remove one by ticking Remove. A shorter period takes its share of the yearly cost by days.";
    pool_name: "Nimi", "Name";
    pool_cost: "Vuosikulu (€)", "Yearly cost (€)";
    pool_driver: "Ajuri", "Driver";
    pool_layer: "Kerros", "Layer";
    pool_remove: "Poista", "Remove";
    pool_row: "Rivi", "Row";
    model_title: "Arvomalli ja segmentit", "Score model and segments";
    weights_label: "Kriteerien painot (%)", "Criteria weights (%)";
    weights_hint: "Painojen summan on oltava 100 %.", "The weights must add up to 100%.";
    source_data: "lasketaan tiedoista", "reckoned from the data";
    source_rated: "henkilöiden arvioima", "rated by people";
    key_rule_label: "Avainasiakkaat", "Key accounts";
    key_rule_top: "Parhaat arvopisteet, lukumäärä", "The highest scores, how many";
    key_rule_at_least: "Arvopisteet vähintään", "A score of at least";
    thresholds_label: "Segmenttien rajat", "Segment thresholds";
    current_threshold: "Nykyarvon raja (arvopisteet 1–5)", "Current value threshold (score 1–5)";
    current_threshold_hint: "Tästä ylöspäin asiakas on pitoasiakas.", "From here up a customer is in retain.";
    potential_threshold: "Kasvuvaran raja (€)", "Growth room threshold (€)";
    potential_threshold_hint: "Tästä ylöspäin alemman nykyarvon asiakas on kasvu- tai hankinta-asiakas.", "From here up a customer of lower current value is in grow or acquire.";
    bands_label: "Kannattavuusryhmät", "Profitability groups";
    preview_key_accounts: "Esikatsele avainasiakkaat", "Preview key accounts";
    what_if_title: "Avainasiakkaat näillä asetuksilla", "Key accounts under these settings";
    what_if_unsaved: "Mitään ei ole vielä tallennettu: tallenna, kun muutos näyttää oikealta.", "Nothing is saved yet: save when the change looks right.";
    what_if_entering: "Tulisivat avainasiakkaiksi", "Would become key accounts";
    what_if_leaving: "Eivät olisi enää avainasiakkaita", "Would no longer be key accounts";
    what_if_nobody: "Ei ketään.", "Nobody.";
    score_now: "Arvopisteet nyt", "Score now";
    score_then: "Arvopisteet muutoksen jälkeen", "Score after the change";
    analysis_downloads: "Lataa analyysi", "Download the analysis";
    analysis_downloads_hint: "Jakson taulukot tiedostoina taulukkolaskentaan.", "The period's tables as files for a spreadsheet.";
    table_customers: "Asiakkaiden luvut", "Customers' figures";
    table_whale: "Valaskäyrä", "Whale curve";
    table_groups: "Kannattavuusryhmät", "Profitability groups";
    table_alerts: "Passivoitumishälytykset", "Passivation alerts";
    refresh_title: "Segmenttien päivitys", "Refresh the segments";
    refresh_intro: "Laskee analyysin valitulta jaksolta ja tallentaa säännön mukaiset segmentit asiakkaille; käsin asetetut segmentit pysyvät, ja jokainen muutos tallentuu asiakkaan segmenttihistoriaan.", "Reckons the analysis of the chosen period and saves the rule's segments for the accounts; segments set by hand stay, and every change goes into the account's segment history.";
    refresh: "Päivitä segmentit", "Refresh segments";
    ak_analysis_cost_pools: "Kustannuspoolit muutettu", "Cost pools changed";
    ak_analysis_rating: "Asiakas arvioitu", "Account rated";
    ak_analysis_need: "Arvioitu tarve muutettu", "Estimated need changed";
    ak_analysis_segment: "Segmentti muutettu", "Segment changed";
    ak_care_encounter: "Kohtaaminen kirjattu", "Encounter recorded";
    ak_care_encounter_deleted: "Kohtaaminen poistettu", "Encounter deleted";
    ak_care_task: "Tehtävä lisätty", "Task added";
    ak_care_task_done: "Tehtävä tehty", "Task done";
    ak_care_task_reopened: "Tehtävä avattu uudelleen", "Task reopened";
    ak_care_decision: "Ehdotus käsitelty", "Suggestion decided";
    nav_work: "Oma työ", "My work";
    work_title: "Oma työ", "My work";
    work_team_title: "Tiimin työ", "My team's work";
    work_intro: "Myöhässä ja pian erääntyvät tehtävät, hoitomallien ehdottamat toimenpiteet, etääntyvät asiakkaat ja päivän tapaamiset.", "Overdue and upcoming tasks, the actions the care models suggest, customers drifting away and today's meetings.";
    tasks_h: "Tehtävät", "Tasks";
    tasks_overdue: "Myöhässä", "Overdue";
    tasks_soon: "Tänään ja seuraavan viikon aikana", "Today and in the coming week";
    tasks_later: "Myöhemmin", "Later";
    no_tasks: "Ei avoimia tehtäviä.", "No open tasks.";
    task_done: "Merkitse tehdyksi", "Mark done";
    task_reopen: "Avaa uudelleen", "Reopen";
    task_add: "Lisää tehtävä", "Add a task";
    col_task: "Tehtävä", "Task";
    col_origin: "Lähde", "Origin";
    col_done: "Tehty", "Done";
    suggestions_h: "Ehdotetut toimenpiteet", "Suggested actions";
    suggestions_intro: "Hoitomalli, asiakkuussuunnitelma tai passivoitumishälytys ehdottaa näitä. Hyväksy tehtäväksi, siirrä myöhemmäksi tai hylkää perustellen.", "The care model, the account plan or a passivation alert suggests these. Accept as a task, postpone, or dismiss with a reason.";
    no_suggestions: "Ei ehdotuksia: asiakkaiden hoito on ajan tasalla.", "No suggestions: the customers' care is up to date.";
    accept: "Hyväksy tehtäväksi", "Accept as a task";
    postpone: "Siirrä", "Postpone";
    postpone_until: "Palaa esiin", "Comes back on";
    dismiss: "Hylkää", "Dismiss";
    dismiss_reason: "Hylkäyksen perustelu", "Reason for dismissing";
    proposed_step: "Ehdotus", "Proposed step";
    late_days: "myöhässä", "late";
    meetings_h: "Tämän päivän tapaamiset", "Today's meetings";
    no_meetings: "Ei tapaamisia tänään.", "No meetings today.";
    drifting_h: "Etääntyvät asiakkaat", "Customers drifting away";
    no_drifting: "Kenelläkään asiakkaalla ei ole passivoitumishälytystä.", "No customer has a passivation alert.";
    adherence_h: "Hoitomallien toteutuminen", "Care-model adherence";
    adherence_text: "Vaatimuksista ajallaan täytetty", "Requirements met on time";
    adherence_trend: "Kehitys kuukausittain", "By month";
    least_adherent: "Eniten jäljessä", "Furthest behind";
    col_adherence: "Toteutuminen", "Adherence";
    care_h: "Asiakkaan hoito", "Customer care";
    care_none: "Asiakkaan hoito on ajan tasalla.", "The customer's care is up to date.";
    encounter_add: "Kirjaa kohtaaminen", "Record an encounter";
    f_encounter_kind: "Laji", "Kind";
    f_encounter_channel: "Kanava", "Channel";
    f_encounter_date: "Päivä", "Day";
    f_encounter_time: "Kellonaika", "Time";
    f_summary: "Mitä käsiteltiin", "Summary";
    f_outcome: "Tulos", "Outcome";
    f_next_step: "Seuraava askel", "Next step";
    f_contacts_present: "Asiakkaan osallistujat", "The customer's participants";
    channel_usual: "Lajin tavallinen kanava", "The kind's usual channel";
    save_encounter: "Tallenna kohtaaminen", "Save the encounter";
    timeline_h: "Aikajana", "Timeline";
    timeline_all: "Kaikki", "All";
    tl_encounters: "Kohtaamiset", "Encounters";
    tl_orders: "Tilaukset", "Orders";
    tl_segments: "Segmentit", "Segments";
    tl_ratings: "Arviot", "Ratings";
    tl_tasks: "Tehtävät", "Tasks";
    no_timeline: "Ei tapahtumia.", "Nothing has happened yet.";
    tl_order: "Tilaus", "Order";
    tl_segment_change: "Segmentti", "Segment";
    tl_rating: "Arvio", "Rating";
    tl_task_done: "tehty", "done";
    f_task_title: "Tehtävä", "Task";
    f_due: "Eräpäivä", "Due";
    notice_task_done: "Tehtävä merkitty tehdyksi.", "Task marked done.";
    notice_task_added: "Tehtävä lisätty.", "Task added.";
    notice_accepted: "Ehdotus hyväksytty: tehtävä lisätty.", "Suggestion accepted: a task was added.";
    notice_postponed: "Ehdotus siirretty.", "Suggestion postponed.";
    notice_dismissed: "Ehdotus hylätty.", "Suggestion dismissed.";
    notice_encounter_added: "Kohtaaminen kirjattu.", "Encounter recorded.";
    notice_encounter_deleted: "Kohtaaminen poistettu.", "Encounter deleted.";
    encounter_delete: "Poista kohtaaminen", "Delete the encounter";
    nav_care_models: "Hoitomallit", "Care models";
    care_models_title: "Hoitomallit", "Care models";
    care_models_intro: "Kunkin segmentin (ja halutessa sen tason) hoitomalli: mitä kohtaamisia asiakas saa ja kuinka usein. Tyhjä laji tai kanava tarkoittaa mitä tahansa. Arvo ehdottaa toimenpidettä, kun vaatimus jää täyttämättä.", "Each segment's care model (and, if wished, each tier's): which encounters the customer gets and how often. No kind or channel chosen means any. Arvo suggests an action when a requirement is not met.";
    care_req_key: "Tunnus", "Key";
    care_req_name: "Nimi", "Name";
    care_req_kinds: "Lajit", "Kinds";
    care_req_channels: "Kanavat", "Channels";
    care_req_every: "Väli (pv)", "Every (days)";
    care_req_role: "Vastuu", "Responsible";
    care_req_automated: "Automaattinen", "Automated";
    care_req_remove: "Poista", "Remove";
    care_req_new: "Uusi vaatimus", "New requirement";
    care_model_segment: "Segmentti", "Segment";
    care_model_tier: "Taso", "Tier";
    care_model_any_tier: "Kaikki tasot", "Every tier";
    care_model_add: "Lisää hoitomalli", "Add a care model";
    care_model_remove: "Poista hoitomalli", "Remove the care model";
    care_models_save: "Tallenna hoitomallit", "Save the care models";
    calendar_h: "Kalenteri", "Calendar";
    calendar_intro: "Tilaa tapaamisesi ja avoimet tehtäväsi kalenteriohjelmaan (iCalendar). Uusi osoite korvaa vanhan.", "Subscribe to your meetings and open tasks in a calendar program (iCalendar). A new address replaces the old one.";
    calendar_new: "Luo kalenterin osoite", "Create a calendar address";
    calendar_created: "Kalenterin osoite luotiin. Kopioi se nyt kalenteriohjelmaan: Arvo ei näytä sitä uudelleen.", "The calendar address was created. Copy it into your calendar program now: Arvo will not show it again.";
    ak_care_calendar_key: "Kalenterin osoite luotu", "Calendar address created";
    ak_plan_saved: "Asiakkuussuunnitelma tallennettu", "Account plan saved";
    ak_plan_reviewed: "Asiakkuussuunnitelma katselmoitu", "Account plan reviewed";
    ak_plan_deleted: "Asiakkuussuunnitelma poistettu", "Account plan deleted";
    nav_plans: "Asiakkuussuunnitelmat", "Account plans";
    plans_title: "Asiakkuussuunnitelmat", "Account plans";
    plans_intro: "Avainasiakkaiden suunnitelmat: tavoitteet, toimenpiteet ja katselmointien tahti. Arvo ehdottaa katselmointia, kun se on myöhässä, ja muistuttaa erääntyneistä toimenpiteistä.", "The key accounts' plans: goals, actions and the review cadence. Arvo suggests a review when one is late and reminds of overdue actions.";
    no_plans: "Yhdelläkään asiakkaalla ei ole vielä suunnitelmaa. Suunnitelma tehdään asiakkaan sivulta.", "No customer has a plan yet. A plan is made from the customer's page.";
    plan_h: "Asiakkuussuunnitelma", "Account plan";
    plan_none: "Asiakkaalla ei ole asiakkuussuunnitelmaa.", "The customer has no account plan.";
    plan_none_key: "Avainasiakkaalla ei ole asiakkuussuunnitelmaa: tee sellainen, niin Arvo seuraa sen tavoitteita ja toimenpiteitä.", "This key account has no account plan: make one and Arvo follows its goals and actions.";
    plan_make: "Tee asiakkuussuunnitelma", "Make an account plan";
    plan_open: "Avaa asiakkuussuunnitelma", "Open the account plan";
    plan_back: "Takaisin asiakkaaseen", "Back to the customer";
    plan_intro: "Mihin asiakkuutta viedään: tavoitteet mitattavina, toimenpiteet vastuineen ja kohtaamiset elinkaaren vaiheittain. Liikevaihto, kate ja asiakasosuus mitataan tiedoista viimeisten 12 kuukauden ajalta.", "Where the relationship is headed: goals that can be measured, actions with who does them, and the encounters of each lifecycle stage. Revenue, margin and share of wallet are measured from the data over the last 12 months.";
    plan_summary: "Tavoitetila", "Ambition";
    plan_review_every: "Katselmointiväli (pv)", "Review every (days)";
    plan_review_every_hint: "0 = ei säännöllistä katselmointia", "0 = no regular review";
    plan_started: "Alkaa", "Starts";
    plan_last_review: "Edellinen katselmointi", "Last review";
    plan_next_review: "Seuraava katselmointi", "Next review";
    plan_review_late: "myöhässä", "late";
    plan_no_review: "ei vielä", "none yet";
    plan_no_cadence: "ei katselmointiväliä", "no review cadence";
    plan_review_record: "Kirjaa katselmointi", "Record a review";
    plan_review_day: "Katselmoinnin päivä", "Day of the review";
    plan_review_hint: "Myös liiketoimintakatsaus asiakkaan kanssa lasketaan katselmoinniksi.", "A business review with the customer counts as a review too.";
    plan_stage_now: "Elinkaaren vaihe nyt", "Lifecycle stage now";
    plan_goals_h: "Tavoitteet", "Goals";
    plan_actions_h: "Toimenpiteet", "Actions";
    plan_script_h: "Kohtaamiset elinkaaren vaiheittain", "Encounters by lifecycle stage";
    plan_script_now: "Tämän vaiheen kohtaamiset", "This stage's encounters";
    plan_edit_h: "Muokkaa suunnitelmaa", "Edit the plan";
    plan_create_h: "Uusi asiakkuussuunnitelma", "New account plan";
    plan_save: "Tallenna suunnitelma", "Save the plan";
    plan_delete: "Poista suunnitelma", "Delete the plan";
    plan_delete_confirm: "Vahvistan, että suunnitelma tavoitteineen ja toimenpiteineen poistetaan", "I confirm that the plan with its goals and actions is deleted";
    plan_conflict: "Joku muu muutti suunnitelmaa sillä välin. Alla on nykyinen suunnitelma; tee muutoksesi uudelleen.", "Someone else changed the plan meanwhile. Below is the current plan; make your changes again.";
    goal_metric: "Mittari", "Metric";
    goal_name: "Kuvaus", "Description";
    goal_baseline: "Lähtötaso", "Baseline";
    goal_target: "Tavoite", "Target";
    goal_current: "Nyt", "Now";
    goal_current_hint: "Vain omalle mittarille; muut mitataan tiedoista.", "For a metric of your own; the others are measured from the data.";
    goal_due: "Mennessä", "By";
    goal_progress: "Edistyminen", "Progress";
    goal_late: "myöhässä", "late";
    goal_new: "Uusi tavoite", "New goal";
    action_title: "Toimenpide", "Action";
    action_owner: "Vastuuhenkilö", "Owner";
    action_due: "Määräpäivä", "Due";
    action_status: "Tila", "Status";
    action_new: "Uusi toimenpide", "New action";
    action_overdue: "erääntynyt", "overdue";
    script_stage: "Vaihe", "Stage";
    script_kind: "Kohtaaminen", "Encounter";
    script_participants: "Osallistujat", "Who takes part";
    script_exchanged: "Mitä vaihdetaan", "What is exchanged";
    script_new: "Uusi kohtaaminen", "New encounter";
    row_remove: "Poista", "Remove";
    metric_share_of_wallet: "Asiakasosuus", "Share of wallet";
    metric_revenue: "Liikevaihto", "Revenue";
    metric_margin: "Asiakaskate", "Customer margin";
    metric_custom: "Oma mittari", "Own metric";
    status_planned: "Suunniteltu", "Planned";
    status_in_progress: "Käynnissä", "In progress";
    status_done: "Tehty", "Done";
    status_cancelled: "Peruttu", "Cancelled";
    col_open_actions: "Avoimia toimenpiteitä", "Open actions";
    col_next_action: "Seuraava määräpäivä", "Next due";
    notice_plan_saved: "Asiakkuussuunnitelma tallennettu.", "Account plan saved.";
    notice_plan_reviewed: "Katselmointi kirjattu.", "Review recorded.";
    notice_plan_deleted: "Asiakkuussuunnitelma poistettu.", "Account plan deleted.";
    nav_targets: "Tavoitteet", "Targets";
    targets_title: "Tavoitteet", "Targets";
    targets_intro: "Jakson tavoitteet koko asiakaskannalle, segmenteille ja asiakkaille, ja toteuma tiedoista mitattuna: liikevaihto, asiakaskate, asiakkaiden määrä, asiakasosuus ja hoitomallien noudattaminen.", "The period's targets for the whole customer base, the segments and the customers, with the actuals measured from the data: revenue, customer margin, the number of customers, share of wallet and adherence to the care models.";
    no_targets: "Jaksolle ei ole asetettu tavoitteita.", "No targets are set for the period.";
    no_account_targets: "Asiakkaalle ei ole asetettu tavoitteita.", "No targets are set for the customer.";
    target_add: "Aseta tavoite", "Set a target";
    target_scope: "Kenen tavoite", "Whose target";
    target_base: "Koko asiakaskanta", "The whole customer base";
    target_segment: "Segmentti", "A segment";
    target_note: "Huomautus", "Note";
    target_hint: "Euroina, prosentteina tai kappaleina: 250 000 €, 40 %, 120.", "In euros, percent or a count: 250 000 €, 40 %, 120.";
    target_whom: "Kenen", "Whose";
    target_actual: "Toteuma", "Actual";
    target_due_by_now: "Tähän mennessä", "Due by now";
    target_reached: "saavutettu", "reached";
    target_behind: "jäljessä", "behind";
    target_measured: "Toteuma mitattu päivältä", "Actuals measured on";
    metric_customers: "Asiakkaita", "Customers";
    metric_adherence: "Hoitomallin noudattaminen", "Care adherence";
    notice_target_saved: "Tavoite tallennettu.", "Target saved.";
    notice_target_deleted: "Tavoite poistettu.", "Target deleted.";
    ak_care_encounter_updated: "Kohtaamista muutettu", "Encounter changed";
    ak_care_task_changed: "Tehtävää muutettu", "Task changed";
    task_move: "Siirrä päivälle", "Move to";
    notice_task_moved: "Tehtävä siirretty.", "Task moved.";
    plan_actions_due_h: "Asiakkuussuunnitelmien toimenpiteet kahden viikon sisällä", "Account plan actions in the next two weeks";
    encounter_edit: "Muokkaa", "Edit";
    encounter_edit_title: "Muokkaa kohtaamista", "Edit the encounter";
    notice_encounter_updated: "Kohtaaminen tallennettu.", "Encounter saved.";
    ak_target_saved: "Tavoite tallennettu", "Target saved";
    ak_target_deleted: "Tavoite poistettu", "Target deleted";
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
