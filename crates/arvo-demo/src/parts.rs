//! Building blocks shared by the demo and the synthetic data: names, business IDs, addresses,
//! phone numbers and whole company, person and contact records. Every value is built in the form
//! Arvo's validation produces, so a record validates back to itself unchanged.

use crate::DemoAccount;
use crate::rng::Rng;
use crate::vocab::{
    BRAND_HEADS, BRAND_TAILS, CONSENT_SOURCES, CONTACT_NOTES, FIRST_NAMES, FIRST_NAMES_SV,
    GENERAL_MAILBOXES, INDUSTRIES, Industry, LAST_NAMES, LAST_NAMES_SV, PERSONAL_MAIL_DOMAINS,
    PLACES, Place, REGIONS, STREETS, STREETS_SV, SURNAME_GENITIVES, SYNTHETIC_TAGS, TITLES,
    WHOLESALE_TAGS, WHOLESALE_WISHES, WITHDRAWAL_SOURCES,
};
use arvo_core::business_id::check_digit;
use arvo_core::{
    AccountDraft, AccountKind, AccountStatus, BusinessId, BuyingRole, ConsentStatus, ContactDraft,
    Email, Money, SizeClass,
};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Legal-form words left out of web and mail domains.
const LEGAL_FORMS: &[&str] = &["oy", "oyj", "ky", "ay", "ab", "tmi", "ry"];

/// Weighted lookup tables, computed once.
pub(crate) struct Tables {
    pub finnish: Vec<&'static Place>,
    pub finnish_weights: Vec<u32>,
    pub swedish: Vec<&'static Place>,
    pub swedish_weights: Vec<u32>,
    pub industry_weights: Vec<u32>,
}

pub(crate) static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let (swedish, finnish): (Vec<&Place>, Vec<&Place>) = PLACES.iter().partition(|p| p.swedish);
    Tables {
        finnish_weights: finnish.iter().map(|p| p.weight).collect(),
        swedish_weights: swedish.iter().map(|p| p.weight).collect(),
        finnish,
        swedish,
        industry_weights: INDUSTRIES.iter().map(|i| i.weight).collect(),
    }
});

impl Tables {
    /// A Finnish-speaking municipality, the more populous ones more often.
    pub(crate) fn finnish_place(&self, rng: &mut Rng) -> &'static Place {
        self.finnish[rng.weighted(&self.finnish_weights)]
    }

    /// A Swedish-speaking municipality.
    pub(crate) fn swedish_place(&self, rng: &mut Rng) -> &'static Place {
        self.swedish[rng.weighted(&self.swedish_weights)]
    }

    pub(crate) fn industry(&self, rng: &mut Rng) -> &'static Industry {
        &INDUSTRIES[rng.weighted(&self.industry_weights)]
    }
}

/// The municipality of the given name. Only names from the lists are asked for.
pub(crate) fn place_named(name: &str) -> &'static Place {
    PLACES
        .iter()
        .find(|p| p.name == name)
        .expect("the place is in the list")
}

/// Lower-case ASCII for mail and web addresses: Finnish and Swedish letters lose their dots and
/// rings, hyphens stay, and anything else is dropped.
pub(crate) fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_folded(&mut out, text);
    out
}

/// Appends the ASCII folding of `text` to `out`.
fn push_folded(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'ä' | 'å' | 'á' | 'à' | 'Ä' | 'Å' => out.push('a'),
            'ö' | 'ø' | 'ó' | 'Ö' | 'Ø' => out.push('o'),
            'é' | 'è' | 'É' => out.push('e'),
            'ü' | 'Ü' => out.push('u'),
            _ => {}
        }
    }
}

/// The domain stem of a company: its name before any comma, without legal-form words, folded
/// to ASCII and run together (`Lahden Rautakauppa Oy` gives `lahdenrautakauppa`).
pub(crate) fn slug(name: &str) -> String {
    let head = name.split(',').next().unwrap_or(name);
    let mut out = String::with_capacity(head.len());
    for word in head.split_whitespace() {
        if !LEGAL_FORMS.iter().any(|f| f.eq_ignore_ascii_case(word)) {
            push_folded(&mut out, word);
        }
    }
    out
}

/// The business ID of a seven-digit stem, or `None` when no check digit makes the stem valid.
pub(crate) fn business_id(stem: u32) -> Option<BusinessId> {
    let mut digits = [0_u32; 7];
    let mut rest = stem;
    for d in digits.iter_mut().rev() {
        *d = rest % 10;
        rest /= 10;
    }
    let check = check_digit(&digits)?;
    Some(BusinessId::parse(&format!("{stem:07}-{check}")).expect("a computed check digit is valid"))
}

/// A valid email address from trusted parts.
pub(crate) fn email(local: &str, domain: &str) -> Email {
    Email::parse(&format!("{local}@{domain}")).expect("generated addresses are valid")
}

/// A Finnish mobile number such as `+358 40 123 4567`.
pub(crate) fn mobile(rng: &mut Rng) -> String {
    let operator = rng.pick(&["40", "41", "44", "45", "46", "50"]);
    format!(
        "+358 {operator} {} {:04}",
        rng.between(100, 999),
        rng.between(0, 9999)
    )
}

/// A landline number in the municipality's area, such as `+358 3 234 5678`.
pub(crate) fn landline(rng: &mut Rng, place: &Place) -> String {
    format!(
        "+358 {} {} {:04}",
        place.area_code,
        rng.between(200, 899),
        rng.between(0, 9999)
    )
}

/// One of the municipality's postal codes.
pub(crate) fn postal_code(rng: &mut Rng, place: &Place) -> String {
    let code = place.postal_base + 10 * rng.below(place.postal_count as usize) as u32;
    format!("{code:05}")
}

/// A business address such as `Teollisuustie 14`.
pub(crate) fn business_street(rng: &mut Rng, place: &Place) -> String {
    let street = if place.swedish {
        rng.pick(STREETS_SV)
    } else {
        rng.pick(STREETS)
    };
    format!("{street} {}", rng.between(1, 60))
}

/// A home address: a flat such as `Kauppakatu 5 B 14` or a house such as `Koivukuja 3`.
pub(crate) fn home_street(rng: &mut Rng, place: &Place) -> String {
    let street = if place.swedish {
        rng.pick(STREETS_SV)
    } else {
        rng.pick(STREETS)
    };
    let number = rng.between(1, 40);
    if rng.percent(60) {
        let stair = rng.pick(&["A", "B", "C", "D"]);
        format!("{street} {number} {stair} {}", rng.between(1, 36))
    } else {
        format!("{street} {number}")
    }
}

/// A date in the given years; days stop at the 28th so that every month has them.
pub(crate) fn date_between(rng: &mut Rng, first_year: i32, last_year: i32) -> NaiveDate {
    let year = first_year + rng.below((last_year - first_year + 1) as usize) as i32;
    NaiveDate::from_ymd_opt(year, rng.between(1, 12) as u32, rng.between(1, 28) as u32)
        .expect("the 1st to 28th exist in every month")
}

/// Annual revenue that fits the size class, in whole thousands of euros.
pub(crate) fn revenue(rng: &mut Rng, size: SizeClass) -> Money {
    let (low, high) = match size {
        SizeClass::Micro => (60, 1_800),
        SizeClass::Small => (900, 9_500),
        SizeClass::Medium => (10_000, 48_000),
        SizeClass::Large => (50_000, 900_000),
    };
    Money::from_cents(rng.between(low, high) as i64 * 1000 * 100)
}

/// The status of a customer-master record: mostly customers, some prospects, a few former ones.
pub(crate) fn status(rng: &mut Rng) -> AccountStatus {
    [
        AccountStatus::Customer,
        AccountStatus::Prospect,
        AccountStatus::Former,
    ][rng.weighted(&[68, 22, 10])]
}

/// A first and last name, Swedish when the person lives in a Swedish-speaking place.
pub(crate) fn person_name(rng: &mut Rng, swedish: bool) -> (&'static str, &'static str) {
    if swedish && rng.percent(80) {
        (rng.word(FIRST_NAMES_SV), rng.word(LAST_NAMES_SV))
    } else {
        (rng.word(FIRST_NAMES), rng.word(LAST_NAMES))
    }
}

/// A person's mail address at a company domain or a private mail service.
pub(crate) fn person_email(first: &str, last: &str, domain: &str) -> Email {
    email(
        &format!("{}.{}", ascii_fold(first), ascii_fold(last)),
        domain,
    )
}

/// A private mail domain.
pub(crate) fn personal_domain(rng: &mut Rng) -> &'static str {
    rng.word(PERSONAL_MAIL_DOMAINS)
}

/// What a new contact looks like apart from random details.
pub(crate) struct ContactSpec<'a> {
    pub first: &'a str,
    pub last: &'a str,
    pub title: Option<&'a str>,
    pub roles: &'a [BuyingRole],
    /// The domain of the contact's work address; `None` leaves the email out.
    pub domain: Option<&'a str>,
}

/// A contact with a phone, consent and perhaps a note.
pub(crate) fn contact(rng: &mut Rng, spec: &ContactSpec<'_>) -> ContactDraft {
    let mut roles = spec.roles.to_vec();
    roles.sort();
    roles.dedup();
    let email = spec
        .domain
        .filter(|_| rng.percent(88))
        .map(|d| person_email(spec.first, spec.last, d));
    let phone = rng.percent(80).then(|| mobile(rng));
    let (consent, consent_date, consent_source) = match rng.weighted(&[50, 38, 12]) {
        0 => (ConsentStatus::Unknown, None, None),
        1 => {
            let source = rng.word(CONSENT_SOURCES);
            // A form of a named year's fair was signed in that year.
            let year = source
                .rsplit(' ')
                .next()
                .and_then(|y| y.parse::<i32>().ok());
            let date = match year {
                Some(y) => date_between(rng, y, y),
                None => date_between(rng, 2021, 2025),
            };
            (ConsentStatus::Given, Some(date), Some(source.to_owned()))
        }
        _ => {
            let source = rng.word(WITHDRAWAL_SOURCES);
            (
                ConsentStatus::Withdrawn,
                Some(date_between(rng, 2022, 2025)),
                Some(source.to_owned()),
            )
        }
    };
    let notes = rng.percent(10).then(|| rng.word(CONTACT_NOTES).to_owned());
    ContactDraft {
        first_name: Some(spec.first.to_owned()),
        last_name: spec.last.to_owned(),
        title: spec.title.map(str::to_owned),
        email,
        phone,
        roles,
        marketing_consent: consent,
        consent_date,
        consent_source,
        notes,
    }
}

/// A generated company name and what it implies of the company.
pub(crate) struct CompanyName {
    pub name: String,
    pub place: &'static Place,
    pub industry: &'static Industry,
    pub size: Option<SizeClass>,
    /// The owner of a sole trader's business (toiminimi).
    pub sole_trader: Option<(&'static str, &'static str)>,
}

impl CompanyName {
    /// A name chosen by hand, for the demo's planted records.
    pub(crate) fn fixed(name: &str, place: &str, industry: &str, size: Option<SizeClass>) -> Self {
        Self {
            name: name.to_owned(),
            place: place_named(place),
            industry: INDUSTRIES
                .iter()
                .find(|i| i.name == industry)
                .expect("the industry is in the list"),
            size,
            sole_trader: None,
        }
    }
}

/// A company size class; a few records have none.
pub(crate) fn size_class(rng: &mut Rng) -> Option<SizeClass> {
    [
        None,
        Some(SizeClass::Micro),
        Some(SizeClass::Small),
        Some(SizeClass::Medium),
        Some(SizeClass::Large),
    ][rng.weighted(&[5, 40, 33, 16, 6])]
}

/// The legal form a company of this size usually has.
fn legal_form(rng: &mut Rng, size: Option<SizeClass>) -> &'static str {
    match size {
        Some(SizeClass::Large) if rng.percent(35) => "Oyj",
        Some(SizeClass::Small) if rng.percent(15) => "Ky",
        Some(SizeClass::Micro) => ["Oy", "Ky", "Ay"][rng.weighted(&[60, 34, 6])],
        _ => "Oy",
    }
}

/// A Finnish company name made of parts, such as "Lahden Rautakauppa Oy", "Savon Kone Oy",
/// "Virtasen Kuljetus Ky", "Sähkö Heikkinen Oy", "Valora Oy", "Tmi Jari Nieminen" or, in a
/// Swedish-speaking town, "Närpes Trä Ab".
pub(crate) fn company_name(rng: &mut Rng, tables: &Tables) -> CompanyName {
    let mut size = size_class(rng);
    let industry = tables.industry(rng);
    let trade = rng.word(industry.trades);
    let mut sole_trader = None;
    let mut place = tables.finnish_place(rng);
    let name = match rng.weighted(&[38, 15, 14, 9, 9, 8, 7]) {
        0 => format!("{} {trade} {}", place.prefix, legal_form(rng, size)),
        1 => {
            let region = rng.pick(REGIONS);
            place = place_named(rng.word(region.places));
            format!("{} {trade} {}", region.prefix, legal_form(rng, size))
        }
        2 => format!(
            "{} {trade} {}",
            rng.pick(SURNAME_GENITIVES),
            legal_form(rng, size)
        ),
        3 => {
            let (_, last) = person_name(rng, false);
            format!("{trade} {last} {}", legal_form(rng, size))
        }
        4 => {
            let brand = format!("{}{}", rng.pick(BRAND_HEADS), rng.pick(BRAND_TAILS));
            if rng.percent(50) {
                format!("{brand} {}", legal_form(rng, size))
            } else {
                format!("{brand} {trade} {}", legal_form(rng, size))
            }
        }
        5 => {
            let (first, last) = person_name(rng, false);
            size = Some(SizeClass::Micro);
            sole_trader = Some((first, last));
            format!("Tmi {first} {last}")
        }
        _ => {
            place = tables.swedish_place(rng);
            let trade = rng.pick(industry.trades_sv);
            let form = if rng.percent(20) { "Oy Ab" } else { "Ab" };
            format!("{} {trade} {form}", place.prefix)
        }
    };
    CompanyName {
        name,
        place,
        industry,
        size,
        sole_trader,
    }
}

/// How tags are chosen.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TagStyle {
    /// The wholesaler's tags, each with its own frequency.
    Wholesale,
    /// Zero to three of the wider synthetic list.
    Synthetic,
}

/// What varies between the generators' companies.
pub(crate) struct Profile<'a> {
    pub owners: &'a [&'static str],
    /// Relative weights of the owners, in the same order.
    pub owner_weights: &'a [u32],
    /// Relative weights of having zero, one, two, ... contacts.
    pub contact_weights: &'a [u32],
    pub tags: TagStyle,
}

/// A company with its address, figures, tags and contacts; custom values are left empty.
pub(crate) fn company(
    rng: &mut Rng,
    name: CompanyName,
    business_id: Option<BusinessId>,
    profile: &Profile<'_>,
) -> DemoAccount {
    let CompanyName {
        name,
        place,
        industry,
        size,
        sole_trader,
    } = name;
    let domain = format!("{}.fi", slug(&name));
    let status = status(rng);
    let email = match sole_trader {
        Some((first, last)) => rng
            .percent(80)
            .then(|| person_email(first, last, personal_domain(rng))),
        None => rng
            .percent(75)
            .then(|| email(rng.word(GENERAL_MAILBOXES), &domain)),
    };
    let phone = match sole_trader {
        Some(_) => rng.percent(90).then(|| mobile(rng)),
        None => rng.percent(85).then(|| landline(rng, place)),
    };
    let website_chance = if sole_trader.is_some() { 15 } else { 70 };
    let website = rng.percent(website_chance).then(|| {
        if rng.percent(12) {
            format!("https://www.{domain}")
        } else {
            format!("www.{domain}")
        }
    });
    let street_address = rng.percent(95).then(|| business_street(rng, place));
    let tags = match profile.tags {
        TagStyle::Wholesale => WHOLESALE_TAGS
            .iter()
            .filter(|(tag, chance)| {
                let fits = match *tag {
                    "avainasiakas" | "sopimusasiakas" | "maksumuistutus" => {
                        status == AccountStatus::Customer
                    }
                    "uusi" => status != AccountStatus::Former,
                    "ruotsinkielinen" => place.swedish,
                    _ => true,
                };
                fits && rng.percent(*chance)
            })
            .map(|(tag, _)| (*tag).to_owned())
            .collect(),
        TagStyle::Synthetic => {
            let count = rng.weighted(&[45, 30, 17, 8]);
            rng.sample(SYNTHETIC_TAGS, count)
                .into_iter()
                .map(|t| (*t).to_owned())
                .collect()
        }
    };
    let special_wishes = (status == AccountStatus::Customer && rng.percent(14))
        .then(|| rng.word(WHOLESALE_WISHES).to_owned());
    let owner = rng
        .percent(95)
        .then(|| profile.owners[rng.weighted(profile.owner_weights)].to_owned());
    let account = AccountDraft {
        kind: AccountKind::Company,
        customer_number: None,
        name,
        business_id,
        industry: Some(industry.name.to_owned()),
        size_class: size,
        annual_revenue: match (size, sole_trader) {
            // A sole trader's turnover is that of one person's work.
            (_, Some(_)) => rng
                .percent(60)
                .then(|| Money::from_cents(rng.between(25, 400) as i64 * 100_000)),
            (Some(s), None) => rng.percent(85).then(|| revenue(rng, s)),
            (None, None) => None,
        },
        email,
        phone,
        street_address,
        postal_code: Some(postal_code(rng, place)),
        municipality: Some(place.name.to_owned()),
        country: "FI".to_owned(),
        website,
        status,
        owner,
        tags,
        special_wishes,
        custom: BTreeMap::new(),
    };
    let contacts = company_contacts(
        rng,
        &account,
        place,
        industry,
        sole_trader,
        &domain,
        profile.contact_weights,
    );
    DemoAccount { account, contacts }
}

/// The people of a company: the sole trader alone, or up to a few people with different titles.
fn company_contacts(
    rng: &mut Rng,
    account: &AccountDraft,
    place: &Place,
    industry: &Industry,
    sole_trader: Option<(&'static str, &'static str)>,
    domain: &str,
    contact_weights: &[u32],
) -> Vec<ContactDraft> {
    if let Some((first, last)) = sole_trader {
        let spec = ContactSpec {
            first,
            last,
            title: Some("yrittäjä"),
            roles: &[BuyingRole::Decider, BuyingRole::Buyer, BuyingRole::Payer],
            domain: None,
        };
        let mut c = contact(rng, &spec);
        c.email.clone_from(&account.email);
        return vec![c];
    }
    let count = rng.weighted(contact_weights);
    let mut contacts: Vec<ContactDraft> = Vec::with_capacity(count);
    let mut used_titles: Vec<&str> = Vec::with_capacity(count);
    while contacts.len() < count {
        let (first, last) = person_name(rng, place.swedish);
        if contacts
            .iter()
            .any(|c| c.last_name == last && c.first_name.as_deref() == Some(first))
        {
            continue;
        }
        let (title, roles): (&str, &[BuyingRole]) = if rng.percent(18) {
            let title = if place.swedish {
                industry.specialist_sv
            } else {
                industry.specialist
            };
            (title, &[BuyingRole::User, BuyingRole::Initiator])
        } else {
            let t = if contacts.is_empty() && rng.percent(45) {
                &TITLES[0]
            } else {
                rng.pick(TITLES)
            };
            (if place.swedish { t.sv } else { t.fi }, t.roles)
        };
        if used_titles.contains(&title) {
            continue;
        }
        used_titles.push(title);
        let title = rng.percent(92).then_some(title);
        contacts.push(contact(
            rng,
            &ContactSpec {
                first,
                last,
                title,
                roles,
                domain: Some(domain),
            },
        ));
    }
    contacts
}

/// A private person's account (kind person): name, home address, email and phone.
pub(crate) fn person(rng: &mut Rng, first: &str, last: &str, place: &Place) -> AccountDraft {
    AccountDraft {
        kind: AccountKind::Person,
        customer_number: None,
        name: format!("{first} {last}"),
        business_id: None,
        industry: None,
        size_class: None,
        annual_revenue: None,
        email: Some(person_email(first, last, personal_domain(rng))),
        phone: Some(mobile(rng)),
        street_address: Some(home_street(rng, place)),
        postal_code: Some(postal_code(rng, place)),
        municipality: Some(place.name.to_owned()),
        country: "FI".to_owned(),
        website: None,
        status: status(rng),
        owner: None,
        tags: Vec::new(),
        special_wishes: None,
        custom: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_names_into_domains() {
        assert_eq!(slug("Lahden Rautakauppa Oy"), "lahdenrautakauppa");
        assert_eq!(
            slug("Keski-Suomen Sähkö Oy, Jyväskylä"),
            "keski-suomensahko"
        );
        assert_eq!(slug("Ålands Båtvarv Oy Ab"), "alandsbatvarv");
        assert_eq!(ascii_fold("Mäenpää"), "maenpaa");
    }

    #[test]
    fn business_ids_have_their_check_digit() {
        assert_eq!(business_id(112_038).unwrap().as_str(), "0112038-9");
        let valid = (1_000_000..1_000_100).filter_map(business_id).count();
        assert!((80..100).contains(&valid), "{valid}");
    }

    #[test]
    fn phones_and_postal_codes_look_finnish() {
        let mut rng = Rng::new(3);
        let m = mobile(&mut rng);
        assert!(m.starts_with("+358 4") || m.starts_with("+358 5"), "{m}");
        assert_eq!(m.len(), "+358 40 123 4567".len());
        let helsinki = place_named("Helsinki");
        for _ in 0..100 {
            let p = postal_code(&mut rng, helsinki);
            assert!(p.starts_with("00") && p.len() == 5, "{p}");
        }
    }
}
