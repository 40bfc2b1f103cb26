//! The demo customer master: a wholesaler's company customers and a tourism firm's customers,
//! generated from a fixed seed so that every demo looks the same. Apart from a few planted
//! duplicates, names, mail addresses and business IDs are kept apart from each other, so that the
//! duplicate finder shows exactly the cases the demo is meant to show.

use crate::DemoAccount;
use crate::parts::{
    self, CompanyName, ContactSpec, Profile, TABLES, TagStyle, ascii_fold, date_between, email,
    person_email, person_name, personal_domain, place_named,
};
use crate::rng::Rng;
use crate::vocab::{
    CREDIT_LIMITS, DELIVERY_TERMS, GROUP_WISHES, HOTEL_KINDS, HOTEL_NAMES, OWNERS, PERSON_TAGS,
    PERSON_WISHES, PERSONAL_MAIL_DOMAINS, Place, RESORT_PLACES, SCHOOL_KINDS, SCHOOL_PLACES,
    SOCIETIES, TOURISM_TAGS, TRAVEL_BRANDS,
};
use arvo_core::BuyingRole::{Buyer, Decider, Influencer, Initiator, Payer, User};
use arvo_core::dates::format_iso;
use arvo_core::duplicates::normalise_name;
use arvo_core::{
    AccountDraft, AccountKind, AccountStatus, BusinessId, BuyingRole, ContactDraft, CustomFieldDef,
    CustomFieldKind, SizeClass,
};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// The seed of the demo; changing it changes every demo record.
const SEED: u64 = 0x4152_564F_2026_0001;
/// How many accounts the wholesaler has, planted duplicates included.
const WHOLESALE_COUNT: usize = 220;
/// How many accounts the tourism firm has, planted duplicates included.
const TOURISM_COUNT: usize = 80;

/// The demo's account owners (responsible people), e.g. "Mikko Lahtinen". The wholesaler's sales
/// team is the first six, the tourism firm's the next three; the synthetic data uses all of them.
pub fn demo_owners() -> &'static [&'static str] {
    OWNERS
}

/// The demo organisation's custom field definitions: the ERP customer number, the date the
/// customer relationship began, the agreed delivery terms and the credit limit in euros.
pub fn demo_custom_fields() -> Vec<CustomFieldDef> {
    let def = |key: &str, label: &str, kind: CustomFieldKind, options: &[&str]| CustomFieldDef {
        key: key.to_owned(),
        label: label.to_owned(),
        kind,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    };
    vec![
        def("erp_number", "ERP-numero", CustomFieldKind::Text, &[]),
        def(
            "customer_since",
            "Asiakkaana alkaen",
            CustomFieldKind::Date,
            &[],
        ),
        def(
            "delivery_terms",
            "Toimitusehto",
            CustomFieldKind::Choice,
            DELIVERY_TERMS,
        ),
        def(
            "credit_limit_eur",
            "Luottoraja (€)",
            CustomFieldKind::Number,
            &[],
        ),
    ]
}

/// A small, realistic Finnish customer master. The first 220 accounts are a B2B wholesaler's
/// company customers and prospects; the last 80 are a tourism firm's travel agencies, hotels,
/// schools, associations, companies and private persons. Every call gives the same data. Eight groups of
/// duplicates are planted on purpose: a business ID entered once as a VAT number, a name entered
/// in capitals with another legal form, branch offices entered as "X Oy, Tampere", a shared
/// email address, one-letter typos and a person entered surname first.
pub fn demo_customer_master() -> Vec<DemoAccount> {
    let mut b = Builder::new();

    let planted = b.planted_wholesale();
    let planted_count: usize = planted.iter().map(Vec::len).sum();
    let mut wholesale = Vec::with_capacity(WHOLESALE_COUNT);
    while wholesale.len() + planted_count < WHOLESALE_COUNT {
        let d = b.wholesale_account();
        if b.is_free(&d) {
            b.register(&d);
            wholesale.push(d);
        }
    }
    b.interleave(&mut wholesale, planted);

    let planted = b.planted_tourism();
    let planted_count: usize = planted.iter().map(Vec::len).sum();
    let mut tourism = Vec::with_capacity(TOURISM_COUNT);
    let kinds = [
        Org::TravelAgency,
        Org::Hotel,
        Org::School,
        Org::Society,
        Org::Company,
    ];
    let quotas = [12, 9, 12, 6, 5];
    for (kind, quota) in kinds.into_iter().zip(quotas) {
        let mut made = 0;
        while made < quota {
            let d = b.tourism_org(kind);
            if b.is_free(&d) {
                b.register(&d);
                tourism.push(d);
                made += 1;
            }
        }
    }
    while tourism.len() + planted_count < TOURISM_COUNT {
        let d = b.tourism_person();
        if b.is_free(&d) {
            b.register(&d);
            tourism.push(d);
        }
    }
    // Customers come in no particular order, whatever kind they are.
    b.rng.shuffle(&mut tourism);
    b.interleave(&mut tourism, planted);

    number_customers(&mut wholesale, 10_001, "");
    number_customers(&mut tourism, 2001, "M-");
    wholesale.extend(tourism);
    wholesale
}

/// Gives every customer and former customer the number the firm's accounting knows it by, in
/// order from `first`; prospects have none yet.
fn number_customers(accounts: &mut [DemoAccount], first: u32, prefix: &str) {
    let mut next = first;
    for d in accounts {
        if d.account.status != AccountStatus::Prospect {
            d.account.customer_number = Some(format!("{prefix}{next}"));
            next += 1;
        }
    }
}

/// The kinds of organisation the tourism firm sells to.
#[derive(Debug, Clone, Copy)]
enum Org {
    TravelAgency,
    Hotel,
    School,
    Society,
    Company,
}

/// Generates the demo while remembering what is taken, so that only planted records collide.
struct Builder {
    rng: Rng,
    name_variants: HashSet<String>,
    emails: HashSet<String>,
    websites: HashSet<String>,
    business_ids: HashSet<BusinessId>,
    /// Hotel names already in use, so that no two hotels share one.
    hotels: Vec<&'static str>,
    next_erp: u32,
}

/// The wholesaler's sales team and how the accounts are spread among them.
const WHOLESALE_PROFILE: Profile<'static> = Profile {
    owners: OWNERS.split_at(6).0,
    owner_weights: &[5, 4, 4, 3, 3, 2],
    contact_weights: &[6, 44, 32, 18],
    tags: TagStyle::Wholesale,
};

/// The tourism firm's sales team.
const TOURISM_OWNERS: &[&str] = OWNERS.split_at(9).0.split_at(6).1;
/// How the tourism firm's accounts are spread among its sales team.
const TOURISM_OWNER_WEIGHTS: &[u32] = &[3, 2, 2];

/// The comparable forms a name takes in the duplicate finder: the normalised name and, for names
/// long enough to be compared for typos, every form with one letter left out.
fn name_variants(name: &str) -> Vec<String> {
    let normal = normalise_name(name);
    let chars: Vec<char> = normal.chars().collect();
    let mut out = vec![normal.clone()];
    if chars.len() >= 6 {
        for i in 0..chars.len() {
            out.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
        }
    }
    out
}

/// Every email address of an account and its contacts.
fn emails_of(d: &DemoAccount) -> impl Iterator<Item = &str> {
    d.account
        .email
        .iter()
        .chain(d.contacts.iter().filter_map(|c| c.email.as_ref()))
        .map(arvo_core::Email::as_str)
}

impl Builder {
    fn new() -> Self {
        Self {
            rng: Rng::new(SEED),
            name_variants: HashSet::new(),
            emails: HashSet::new(),
            websites: HashSet::new(),
            business_ids: HashSet::new(),
            hotels: vec!["Järvenhelmi"],
            next_erp: 10_040,
        }
    }

    /// Whether an account shares nothing the duplicate finder or a reader would notice with the
    /// accounts already made.
    fn is_free(&self, d: &DemoAccount) -> bool {
        let mut own_emails = HashSet::new();
        name_variants(&d.account.name)
            .iter()
            .all(|v| !self.name_variants.contains(v))
            && emails_of(d).all(|e| !self.emails.contains(e) && own_emails.insert(e))
            && d.account
                .website
                .as_ref()
                .is_none_or(|w| !self.websites.contains(w))
            && d.account
                .business_id
                .as_ref()
                .is_none_or(|b| !self.business_ids.contains(b))
    }

    fn register(&mut self, d: &DemoAccount) {
        self.name_variants.extend(name_variants(&d.account.name));
        self.emails.extend(emails_of(d).map(str::to_owned));
        self.websites.extend(d.account.website.clone());
        self.business_ids.extend(d.account.business_id.clone());
    }

    /// A business ID of a company registered in the last decades, unused so far.
    fn fresh_business_id(&mut self) -> BusinessId {
        loop {
            let stem = self.rng.between(100_000, 3_399_999) as u32;
            if let Some(id) = parts::business_id(stem)
                && !self.business_ids.contains(&id)
            {
                return id;
            }
        }
    }

    /// One of the wholesaler's generated companies with its custom values.
    fn wholesale_account(&mut self) -> DemoAccount {
        let name = parts::company_name(&mut self.rng, &TABLES);
        self.wholesale_company(name)
    }

    fn wholesale_company(&mut self, name: CompanyName) -> DemoAccount {
        let id = self.fresh_business_id();
        let mut d = parts::company(&mut self.rng, name, Some(id), &WHOLESALE_PROFILE);
        if d.account.status == AccountStatus::Prospect && self.rng.percent(25) {
            d.account.business_id = None;
        }
        self.wholesale_custom(&mut d.account);
        d
    }

    /// The ERP number, start date, delivery terms and credit limit of a (former) customer.
    fn wholesale_custom(&mut self, a: &mut AccountDraft) {
        let rng = &mut self.rng;
        let mut custom = BTreeMap::new();
        if a.status != AccountStatus::Prospect {
            self.next_erp += rng.between(1, 37) as u32;
            custom.insert(
                "erp_number".to_owned(),
                Value::String(format!("AS-{}", self.next_erp)),
            );
            // A customer tagged as new began this year; the others have been around longer.
            let since = if a.tags.iter().any(|t| t == "uusi") {
                date_between(rng, 2025, 2025)
            } else {
                date_between(rng, 1996, 2024)
            };
            custom.insert(
                "customer_since".to_owned(),
                Value::String(format_iso(since)),
            );
            if rng.percent(85) {
                custom.insert(
                    "delivery_terms".to_owned(),
                    Value::String(rng.word(DELIVERY_TERMS).to_owned()),
                );
            }
            if a.status == AccountStatus::Customer && rng.percent(70) {
                let top = match a.size_class {
                    None | Some(SizeClass::Micro) => 2,
                    Some(SizeClass::Small) => 4,
                    Some(SizeClass::Medium) => 5,
                    Some(SizeClass::Large) => CREDIT_LIMITS.len() - 1,
                };
                let limit = CREDIT_LIMITS[rng.below(top + 1)];
                custom.insert("credit_limit_eur".to_owned(), Value::from(limit));
            }
        } else if rng.percent(20) {
            custom.insert(
                "delivery_terms".to_owned(),
                Value::String(rng.word(DELIVERY_TERMS).to_owned()),
            );
        }
        a.custom = custom;
    }

    /// Inserts the planted groups among the other records: each group's first record in the first
    /// half of the list, the later ones after it, as if they had been entered later.
    fn interleave(&mut self, list: &mut Vec<DemoAccount>, groups: Vec<Vec<DemoAccount>>) {
        for group in groups {
            let mut at = self.rng.below(list.len() / 2 + 1);
            for d in group {
                list.insert(at, d);
                at = self.rng.between(at as u64 + 1, list.len() as u64) as usize;
            }
        }
    }

    /// Registers a planted group without checks: its records collide on purpose.
    fn plant(&mut self, group: Vec<DemoAccount>) -> Vec<DemoAccount> {
        for d in &group {
            self.register(d);
        }
        group
    }

    /// The wholesaler's planted duplicates, five groups.
    fn planted_wholesale(&mut self) -> Vec<Vec<DemoAccount>> {
        let mut groups = Vec::new();

        // The same company twice: once by name, once by its auxiliary trade name, the business ID
        // copied from an invoice as a VAT number.
        let first = self.wholesale_company(CompanyName::fixed(
            "Pohjolan Teräsrakenne Oy",
            "Oulu",
            "metalliteollisuus",
            Some(SizeClass::Medium),
        ));
        let id = first
            .account
            .business_id
            .clone()
            .expect("a wholesale customer has a business ID");
        let vat = format!("FI{}", id.as_str().replace('-', ""));
        let mut second = self.wholesale_company(CompanyName::fixed(
            "PTR-Teräs Oy",
            "Oulu",
            "metalliteollisuus",
            None,
        ));
        second.account.business_id =
            Some(BusinessId::parse(&vat).expect("a VAT number of a valid ID"));
        second.account.status = AccountStatus::Prospect;
        second.account.custom.clear();
        second.account.special_wishes = None;
        groups.push(self.plant(vec![first, second]));

        // The same name typed again from a trade-register extract, in capitals and as a plc.
        let first = self.wholesale_company(CompanyName::fixed(
            "Savon Kone Oy",
            "Kuopio",
            "metalliteollisuus",
            Some(SizeClass::Large),
        ));
        let mut second = self.wholesale_company(CompanyName::fixed(
            "SAVON KONE OYJ",
            "Kuopio",
            "metalliteollisuus",
            Some(SizeClass::Large),
        ));
        second.account.business_id = None;
        second.account.website.clone_from(&first.account.website);
        groups.push(self.plant(vec![first, second]));

        // A head office and two branches entered as separate accounts with the same business ID.
        let head = self.wholesale_company(CompanyName::fixed(
            "Pirkanmaan Lämpö Oy",
            "Kangasala",
            "LVI-urakointi",
            Some(SizeClass::Medium),
        ));
        let mut group = vec![head];
        for town in ["Tampere", "Nokia"] {
            let mut branch = self.wholesale_company(CompanyName::fixed(
                &format!("Pirkanmaan Lämpö Oy, {town}"),
                town,
                "LVI-urakointi",
                Some(SizeClass::Medium),
            ));
            branch
                .account
                .business_id
                .clone_from(&group[0].account.business_id);
            branch.account.website = None;
            group.push(branch);
        }
        groups.push(self.plant(group));

        // A sole trader who later founded a limited partnership: the old account carries the new
        // firm's mail address, which is also the partnership's contact's address.
        let mut tmi_name = CompanyName::fixed(
            "Tmi Jari Nieminen",
            "Jyväskylä",
            "rakentaminen",
            Some(SizeClass::Micro),
        );
        tmi_name.sole_trader = Some(("Jari", "Nieminen"));
        let mut tmi = self.wholesale_company(tmi_name);
        let shared = email("jari", "jn-rakennus.fi");
        tmi.account.email = Some(shared.clone());
        tmi.account.status = AccountStatus::Former;
        self.wholesale_custom(&mut tmi.account);
        let mut ky = self.wholesale_company(CompanyName::fixed(
            "JN-Rakennus Ky",
            "Jyväskylä",
            "rakentaminen",
            Some(SizeClass::Small),
        ));
        let spec = ContactSpec {
            first: "Jari",
            last: "Nieminen",
            title: Some("toimitusjohtaja"),
            roles: &[Decider, Buyer],
            domain: None,
        };
        let mut jari = parts::contact(&mut self.rng, &spec);
        jari.email = Some(shared);
        ky.contacts.insert(0, jari);
        ky.contacts.truncate(2);
        groups.push(self.plant(vec![tmi, ky]));

        // A one-letter slip in a long name.
        let first = self.wholesale_company(CompanyName::fixed(
            "Keski-Suomen Sähköasennus Oy",
            "Jyväskylä",
            "sähköasennus",
            Some(SizeClass::Small),
        ));
        let mut second = self.wholesale_company(CompanyName::fixed(
            "Keski-Suomen Sähköasenus Oy",
            "Jyväskylä",
            "sähköasennus",
            Some(SizeClass::Small),
        ));
        second.account.business_id = None;
        second.account.website = None;
        second.account.email = None;
        second.contacts.clear();
        groups.push(self.plant(vec![first, second]));

        groups
    }

    /// The tourism firm's planted duplicates, three groups.
    fn planted_tourism(&mut self) -> Vec<Vec<DemoAccount>> {
        let mut groups = Vec::new();

        // A regular customer entered again, surname first, by a new employee.
        let kuopio = place_named("Kuopio");
        let first = self.person_account("Liisa", "Virtanen", kuopio);
        let mut second = first.clone();
        "Virtanen Liisa".clone_into(&mut second.account.name);
        // The second record has her other mail address, so only the name gives her away.
        let other = if first
            .account
            .email
            .as_ref()
            .is_some_and(|e| e.as_str().ends_with("@verkkoposti.fi"))
        {
            "kotiposti.fi"
        } else {
            "verkkoposti.fi"
        };
        second.account.email = Some(person_email("liisa", "virtanen", other));
        second.account.tags.clear();
        second.account.special_wishes = None;
        second.account.custom.clear();
        groups.push(self.plant(vec![first, second]));

        // A hotel and the spa of the same owners, both answering at one sales address.
        let mut hotel = self.organisation(OrgSpec {
            name: "Hotelli Järvenhelmi Oy".to_owned(),
            industry: "majoitus",
            place: place_named("Savonlinna"),
            domain: "jarvenhelmi.fi".to_owned(),
            business_id: true,
            titles: HOTEL_TITLES,
        });
        let mut spa = self.organisation(OrgSpec {
            name: "Järvenhelmen Kylpylä Oy".to_owned(),
            industry: "majoitus",
            place: place_named("Savonlinna"),
            domain: "jarvenhelmi.fi".to_owned(),
            business_id: true,
            titles: HOTEL_TITLES,
        });
        let shared = email("myynti", "jarvenhelmi.fi");
        hotel.account.email = Some(shared.clone());
        spa.account.email = Some(shared);
        spa.account.website = None;
        spa.contacts.truncate(1);
        if let Some(c) = spa.contacts.first_mut() {
            c.email = Some(person_email("hanna", "kärkkäinen", "jarvenhelmi.fi"));
            c.first_name = Some("Hanna".to_owned());
            "Kärkkäinen".clone_into(&mut c.last_name);
        }
        groups.push(self.plant(vec![hotel, spa]));

        // Two letters swapped in a travel agency's name.
        let spec = |name: &str| OrgSpec {
            name: name.to_owned(),
            industry: "matkatoimistot",
            place: place_named("Rovaniemi"),
            domain: "revontulimatkat.fi".to_owned(),
            business_id: true,
            titles: AGENCY_TITLES,
        };
        let first = self.organisation(spec("Revontulimatkat Oy"));
        let mut second = self.organisation(spec("Revontulimaktat Oy"));
        second.account.business_id = None;
        second.account.website = None;
        second.account.email = None;
        second.contacts.clear();
        groups.push(self.plant(vec![first, second]));

        groups
    }

    /// One of the tourism firm's organisations.
    fn tourism_org(&mut self, kind: Org) -> DemoAccount {
        let rng = &mut self.rng;
        let place = TABLES.finnish_place(rng);
        let spec = match kind {
            Org::TravelAgency => {
                let name = match rng.below(3) {
                    0 => format!("{}matkat Oy", rng.pick(TRAVEL_BRANDS)),
                    1 => format!("Matkatoimisto {} Oy", person_name(rng, false).1),
                    _ => format!("{} Matkapalvelu Oy", place.prefix),
                };
                let domain = format!("{}.fi", parts::slug(&name));
                OrgSpec {
                    name,
                    industry: "matkatoimistot",
                    place,
                    domain,
                    business_id: true,
                    titles: AGENCY_TITLES,
                }
            }
            Org::Hotel => {
                let base = loop {
                    let base = rng.word(HOTEL_NAMES);
                    if !self.hotels.contains(&base) {
                        self.hotels.push(base);
                        break base;
                    }
                };
                let name = format!("{} {base} Oy", rng.pick(HOTEL_KINDS));
                let domain = format!("{}.fi", parts::slug(&name));
                let place = place_named(rng.word(RESORT_PLACES));
                OrgSpec {
                    name,
                    industry: "majoitus",
                    place,
                    domain,
                    business_id: true,
                    titles: HOTEL_TITLES,
                }
            }
            Org::School => {
                let name = format!("{} {}", rng.pick(SCHOOL_PLACES), rng.pick(SCHOOL_KINDS));
                let domain = format!("edu.{}.fi", ascii_fold(place.name));
                OrgSpec {
                    name,
                    industry: "koulutus",
                    place,
                    domain,
                    business_id: false,
                    titles: SCHOOL_TITLES,
                }
            }
            Org::Society => {
                let name = format!("{} {} ry", place.prefix, rng.pick(SOCIETIES));
                let domain = personal_domain(rng).to_owned();
                OrgSpec {
                    name,
                    industry: "yhdistykset",
                    place,
                    domain,
                    business_id: true,
                    titles: SOCIETY_TITLES,
                }
            }
            Org::Company => {
                let name = parts::company_name(rng, &TABLES);
                let id = self.fresh_business_id();
                let profile = Profile {
                    owners: TOURISM_OWNERS,
                    owner_weights: TOURISM_OWNER_WEIGHTS,
                    contact_weights: &[0, 60, 40],
                    tags: TagStyle::Wholesale,
                };
                let mut d = parts::company(&mut self.rng, name, Some(id), &profile);
                d.account.tags = vec!["virkistyspäivä".to_owned()];
                if self.rng.percent(50) {
                    d.account.tags.push("pikkujoulut".to_owned());
                }
                d.account.special_wishes = None;
                self.tourism_custom(&mut d.account);
                return d;
            }
        };
        self.organisation(spec)
    }

    /// An organisation of the tourism firm from its name, place and the titles of its people.
    fn organisation(&mut self, spec: OrgSpec) -> DemoAccount {
        let OrgSpec {
            name,
            industry,
            place,
            domain,
            business_id,
            titles,
        } = spec;
        let business_id = business_id.then(|| self.fresh_business_id());
        let rng = &mut self.rng;
        let personal = PERSONAL_MAIL_DOMAINS.contains(&domain.as_str());
        let school = industry == "koulutus";
        let website = (!personal && !school && rng.percent(80)).then(|| format!("www.{domain}"));
        let account_email = if personal || school {
            None
        } else {
            rng.percent(85).then(|| {
                email(
                    if industry == "majoitus" {
                        "myynti"
                    } else {
                        "info"
                    },
                    &domain,
                )
            })
        };
        let size = match industry {
            "koulutus" => None,
            "yhdistykset" => Some(SizeClass::Micro),
            _ => Some(
                [SizeClass::Micro, SizeClass::Small, SizeClass::Medium][rng.weighted(&[4, 4, 1])],
            ),
        };
        let status = parts::status(rng);
        let mut account = AccountDraft {
            kind: AccountKind::Company,
            customer_number: None,
            name,
            business_id,
            industry: Some(industry.to_owned()),
            size_class: size,
            annual_revenue: size
                .filter(|_| industry != "yhdistykset" && rng.percent(70))
                .map(|s| parts::revenue(rng, s)),
            email: account_email,
            phone: Some(parts::landline(rng, place)),
            street_address: Some(parts::business_street(rng, place)),
            postal_code: Some(parts::postal_code(rng, place)),
            municipality: Some(place.name.to_owned()),
            country: "FI".to_owned(),
            website,
            status,
            owner: Some(TOURISM_OWNERS[rng.weighted(TOURISM_OWNER_WEIGHTS)].to_owned()),
            tags: tourism_tags(rng, status, TOURISM_TAGS),
            special_wishes: rng.percent(25).then(|| rng.word(GROUP_WISHES).to_owned()),
            custom: BTreeMap::new(),
        };
        self.tourism_custom(&mut account);
        let rng = &mut self.rng;
        let count = 1 + rng.below(2);
        let mut contacts: Vec<ContactDraft> = Vec::with_capacity(count);
        for (title, roles) in rng.sample(titles, count) {
            let (first, last) = person_name(rng, place.swedish);
            let spec = ContactSpec {
                first,
                last,
                title: Some(title),
                roles,
                domain: Some(&domain),
            };
            contacts.push(parts::contact(rng, &spec));
        }
        DemoAccount { account, contacts }
    }

    /// A private customer of the tourism firm.
    fn tourism_person(&mut self) -> DemoAccount {
        let place = if self.rng.percent(5) {
            TABLES.swedish_place(&mut self.rng)
        } else {
            TABLES.finnish_place(&mut self.rng)
        };
        let (first, last) = person_name(&mut self.rng, place.swedish);
        self.person_account(first, last, place)
    }

    fn person_account(&mut self, first: &str, last: &str, place: &Place) -> DemoAccount {
        let rng = &mut self.rng;
        let mut account = parts::person(rng, first, last, place);
        account.owner = rng
            .percent(70)
            .then(|| TOURISM_OWNERS[rng.weighted(TOURISM_OWNER_WEIGHTS)].to_owned());
        account.tags = tourism_tags(rng, account.status, PERSON_TAGS);
        account.special_wishes = rng.percent(20).then(|| rng.word(PERSON_WISHES).to_owned());
        self.tourism_custom(&mut account);
        DemoAccount {
            account,
            contacts: Vec::new(),
        }
    }

    /// The date a tourism customer first travelled with the firm.
    fn tourism_custom(&mut self, a: &mut AccountDraft) {
        a.custom.clear();
        if a.status != AccountStatus::Prospect && self.rng.percent(60) {
            let since = date_between(&mut self.rng, 2008, 2025);
            a.custom.insert(
                "customer_since".to_owned(),
                Value::String(format_iso(since)),
            );
        }
    }
}

/// Up to two of the tourism firm's tags; only current customers are regulars.
fn tourism_tags(rng: &mut Rng, status: AccountStatus, pool: &[&str]) -> Vec<String> {
    let count = rng.below(3);
    let mut tags: Vec<String> = rng
        .sample(pool, count)
        .into_iter()
        .map(|t| (*t).to_owned())
        .collect();
    if status != AccountStatus::Customer {
        tags.retain(|t| t != "kanta-asiakas");
    }
    tags
}

/// What an organisation of the tourism firm is made from.
struct OrgSpec {
    name: String,
    industry: &'static str,
    place: &'static Place,
    /// The domain of the organisation's addresses, or a private mail service for associations
    /// whose officers use their own mail.
    domain: String,
    business_id: bool,
    titles: &'static [(&'static str, &'static [BuyingRole])],
}

/// The people of a travel agency and their roles in a purchase.
const AGENCY_TITLES: &[(&str, &[BuyingRole])] = &[
    ("toimitusjohtaja", &[Decider]),
    ("myyntipäällikkö", &[Buyer, Influencer]),
    ("matkasuunnittelija", &[Initiator, User]),
    ("ryhmämyyjä", &[Buyer]),
];
/// The people of a hotel.
const HOTEL_TITLES: &[(&str, &[BuyingRole])] = &[
    ("hotellinjohtaja", &[Decider, Payer]),
    ("myyntipäällikkö", &[Buyer, Influencer]),
    ("vastaanottopäällikkö", &[User, Initiator]),
];
/// The people of a school.
const SCHOOL_TITLES: &[(&str, &[BuyingRole])] = &[
    ("rehtori", &[Decider, Payer]),
    ("apulaisrehtori", &[Influencer]),
    ("luokanvalvoja", &[Initiator, User]),
    ("liikunnanopettaja", &[Initiator, User]),
];
/// The officers of an association.
const SOCIETY_TITLES: &[(&str, &[BuyingRole])] = &[
    ("puheenjohtaja", &[Decider]),
    ("sihteeri", &[Initiator, Buyer]),
    ("rahastonhoitaja", &[Payer]),
    ("matkavastaava", &[Initiator, Buyer, User]),
];
