//! The word lists the generators combine: municipalities with their postal codes, people's names,
//! trades and the titles, tags and notes of a Finnish customer master. Every list was written for
//! this crate.

use arvo_core::BuyingRole::{self, Buyer, Decider, Influencer, Initiator, Payer, User};

/// A municipality and what the generators need to know of it.
#[derive(Debug)]
pub(crate) struct Place {
    /// The municipality as it is written in an address.
    pub name: &'static str,
    /// The form used at the start of a company name: the Finnish genitive (`Lahden`) or, for a
    /// Swedish-speaking place, the Swedish prefix (`Närpes`, `Ålands`).
    pub prefix: &'static str,
    /// The telephone area code without the leading zero.
    pub area_code: &'static str,
    /// The lowest postal code used here; the others follow in steps of ten.
    pub postal_base: u32,
    /// How many postal codes, in steps of ten from the base.
    pub postal_count: u32,
    /// The approximate population in thousands, used to weight random choices.
    pub weight: u32,
    /// Whether names and addresses here are mostly written in Swedish.
    pub swedish: bool,
}

const fn fi(
    name: &'static str,
    prefix: &'static str,
    area_code: &'static str,
    postal_base: u32,
    postal_count: u32,
    weight: u32,
) -> Place {
    Place {
        name,
        prefix,
        area_code,
        postal_base,
        postal_count,
        weight,
        swedish: false,
    }
}

const fn sv(
    name: &'static str,
    prefix: &'static str,
    area_code: &'static str,
    postal_base: u32,
    postal_count: u32,
    weight: u32,
) -> Place {
    Place {
        name,
        prefix,
        area_code,
        postal_base,
        postal_count,
        weight,
        swedish: true,
    }
}

/// Finnish municipalities, largest first, with postal code ranges that belong to them.
pub(crate) const PLACES: &[Place] = &[
    fi("Helsinki", "Helsingin", "9", 100, 90, 660),
    fi("Espoo", "Espoon", "9", 2100, 87, 305),
    fi("Tampere", "Tampereen", "3", 33100, 84, 250),
    fi("Vantaa", "Vantaan", "9", 1300, 47, 240),
    fi("Oulu", "Oulun", "8", 90100, 84, 215),
    fi("Turku", "Turun", "2", 20100, 86, 200),
    fi("Jyväskylä", "Jyväskylän", "14", 40100, 85, 146),
    fi("Kuopio", "Kuopion", "17", 70100, 85, 124),
    fi("Lahti", "Lahden", "3", 15100, 85, 121),
    fi("Pori", "Porin", "2", 28100, 80, 83),
    fi("Kouvola", "Kouvolan", "5", 45100, 84, 80),
    fi("Joensuu", "Joensuun", "13", 80100, 75, 78),
    fi("Lappeenranta", "Lappeenrannan", "5", 53100, 82, 73),
    fi("Hämeenlinna", "Hämeenlinnan", "3", 13100, 80, 68),
    fi("Vaasa", "Vaasan", "6", 65100, 70, 68),
    fi("Seinäjoki", "Seinäjoen", "6", 60100, 70, 65),
    fi("Rovaniemi", "Rovaniemen", "16", 96100, 83, 65),
    fi("Mikkeli", "Mikkelin", "15", 50100, 87, 52),
    fi("Kotka", "Kotkan", "5", 48100, 81, 51),
    fi("Salo", "Salon", "2", 24100, 82, 51),
    fi("Porvoo", "Porvoon", "19", 6100, 65, 51),
    fi("Kokkola", "Kokkolan", "6", 67100, 80, 48),
    fi("Hyvinkää", "Hyvinkään", "19", 5800, 15, 47),
    fi("Lohja", "Lohjan", "19", 8100, 60, 46),
    fi("Järvenpää", "Järvenpään", "9", 4400, 8, 46),
    fi("Nurmijärvi", "Nurmijärven", "9", 1900, 1, 44),
    fi("Kirkkonummi", "Kirkkonummen", "9", 2400, 9, 40),
    fi("Rauma", "Rauman", "2", 26100, 85, 39),
    fi("Tuusula", "Tuusulan", "9", 4300, 5, 39),
    fi("Kerava", "Keravan", "9", 4200, 6, 38),
    fi("Kajaani", "Kajaanin", "8", 87100, 85, 36),
    fi("Nokia", "Nokian", "3", 37100, 8, 35),
    fi("Kaarina", "Kaarinan", "2", 20760, 3, 35),
    fi("Ylöjärvi", "Ylöjärven", "3", 33470, 2, 33),
    fi("Kangasala", "Kangasalan", "3", 36200, 8, 33),
    fi("Savonlinna", "Savonlinnan", "15", 57100, 71, 32),
    fi("Riihimäki", "Riihimäen", "19", 11100, 9, 29),
    fi("Imatra", "Imatran", "5", 55100, 82, 25),
    fi("Raisio", "Raision", "2", 21200, 10, 25),
    fi("Lempäälä", "Lempäälän", "3", 37500, 6, 24),
    fi("Raahe", "Raahen", "8", 92100, 8, 24),
    fi("Sastamala", "Sastamalan", "3", 38200, 3, 24),
    fi("Tornio", "Tornion", "16", 95400, 20, 21),
    fi("Iisalmi", "Iisalmen", "17", 74100, 8, 21),
    fi("Mäntsälä", "Mäntsälän", "19", 4600, 1, 21),
    fi("Valkeakoski", "Valkeakosken", "3", 37600, 4, 21),
    fi("Kemi", "Kemin", "16", 94100, 8, 20),
    fi("Varkaus", "Varkauden", "17", 78200, 70, 20),
    fi("Jämsä", "Jämsän", "14", 42100, 8, 20),
    fi("Pirkkala", "Pirkkalan", "3", 33950, 2, 20),
    fi("Kurikka", "Kurikan", "6", 61300, 1, 20),
    fi("Naantali", "Naantalin", "2", 21100, 6, 19),
    fi("Kempele", "Kempeleen", "8", 90440, 2, 19),
    fi("Hamina", "Haminan", "5", 49400, 10, 19),
    fi("Äänekoski", "Äänekosken", "14", 44100, 10, 18),
    fi("Heinola", "Heinolan", "3", 18100, 21, 18),
    fi("Forssa", "Forssan", "3", 30100, 43, 17),
    fi("Pieksämäki", "Pieksämäen", "15", 76100, 6, 17),
    fi("Kuusamo", "Kuusamon", "8", 93600, 1, 15),
    fi("Uusikaupunki", "Uudenkaupungin", "2", 23500, 11, 15),
    fi("Ylivieska", "Ylivieskan", "8", 84100, 3, 15),
    fi("Loviisa", "Loviisan", "19", 7900, 7, 14),
    fi("Lieksa", "Lieksan", "13", 81700, 8, 11),
    fi("Sodankylä", "Sodankylän", "16", 99600, 1, 8),
    fi("Inari", "Inarin", "16", 99800, 8, 7),
    fi("Kittilä", "Kittilän", "16", 99100, 1, 7),
    sv("Raseborg", "Raseborgs", "19", 10600, 7, 27),
    sv("Jakobstad", "Jakobstads", "6", 68600, 7, 19),
    sv("Korsholm", "Korsholms", "6", 65610, 3, 19),
    sv("Mariehamn", "Ålands", "18", 22100, 7, 12),
    sv("Pedersöre", "Pedersöre", "6", 68800, 2, 11),
    sv("Närpes", "Närpes", "6", 64200, 4, 9),
    sv("Nykarleby", "Nykarleby", "6", 66900, 1, 8),
    sv("Vörå", "Vörå", "6", 66600, 1, 7),
    sv("Ingå", "Ingå", "19", 10210, 4, 6),
];

/// A region and some of its municipalities, for names such as "Savon Kone Oy".
pub(crate) struct Region {
    pub prefix: &'static str,
    pub places: &'static [&'static str],
}

/// Regions whose names companies often carry.
pub(crate) const REGIONS: &[Region] = &[
    Region {
        prefix: "Pohjolan",
        places: &["Oulu", "Rovaniemi", "Kemi", "Tornio", "Kempele"],
    },
    Region {
        prefix: "Savon",
        places: &["Kuopio", "Mikkeli", "Varkaus", "Savonlinna", "Iisalmi"],
    },
    Region {
        prefix: "Karjalan",
        places: &["Joensuu", "Lieksa", "Lappeenranta", "Imatra"],
    },
    Region {
        prefix: "Hämeen",
        places: &["Hämeenlinna", "Forssa", "Riihimäki", "Lahti"],
    },
    Region {
        prefix: "Satakunnan",
        places: &["Pori", "Rauma", "Sastamala"],
    },
    Region {
        prefix: "Lapin",
        places: &["Rovaniemi", "Kemi", "Sodankylä", "Kittilä", "Inari"],
    },
    Region {
        prefix: "Kainuun",
        places: &["Kajaani", "Kuusamo"],
    },
    Region {
        prefix: "Pirkanmaan",
        places: &["Tampere", "Nokia", "Kangasala", "Lempäälä", "Pirkkala"],
    },
    Region {
        prefix: "Keski-Suomen",
        places: &["Jyväskylä", "Jämsä", "Äänekoski"],
    },
    Region {
        prefix: "Pohjanmaan",
        places: &["Seinäjoki", "Vaasa", "Kurikka", "Kokkola", "Ylivieska"],
    },
    Region {
        prefix: "Uudenmaan",
        places: &["Helsinki", "Espoo", "Vantaa", "Kerava", "Tuusula"],
    },
    Region {
        prefix: "Saimaan",
        places: &["Lappeenranta", "Savonlinna", "Imatra", "Mikkeli"],
    },
    Region {
        prefix: "Päijät-Hämeen",
        places: &["Lahti", "Heinola"],
    },
    Region {
        prefix: "Etelä-Savon",
        places: &["Mikkeli", "Pieksämäki", "Savonlinna"],
    },
    Region {
        prefix: "Itä-Uudenmaan",
        places: &["Porvoo", "Loviisa"],
    },
    Region {
        prefix: "Varsinais-Suomen",
        places: &["Turku", "Salo", "Raisio", "Kaarina", "Naantali"],
    },
];

/// A line of business: the words its company names use and the title its specialist carries.
pub(crate) struct Industry {
    pub name: &'static str,
    pub trades: &'static [&'static str],
    /// Trades of Swedish-speaking companies in this line of business.
    pub trades_sv: &'static [&'static str],
    /// A title typical of this line of business, in Finnish and in Swedish. Its holder uses the
    /// goods and often starts a purchase.
    pub specialist: &'static str,
    pub specialist_sv: &'static str,
    /// How common customers of this industry are, relative to each other.
    pub weight: u32,
}

/// The wholesaler's customer industries.
pub(crate) const INDUSTRIES: &[Industry] = &[
    Industry {
        name: "rakentaminen",
        trades: &[
            "Rakennus",
            "Maanrakennus",
            "Kattotyö",
            "Betonityö",
            "Remontti",
            "Rakennuspalvelu",
            "Pohjarakennus",
        ],
        trades_sv: &["Bygg", "Måleri"],
        specialist: "vastaava työnjohtaja",
        specialist_sv: "arbetsledare",
        weight: 22,
    },
    Industry {
        name: "vähittäiskauppa",
        trades: &[
            "Rautakauppa",
            "Maatalouskauppa",
            "Sisustus",
            "Kodinkone",
            "Urheilu",
            "Työvaate",
            "Kukka",
        ],
        trades_sv: &["Järn", "Lanthandel"],
        specialist: "myymäläpäällikkö",
        specialist_sv: "butikschef",
        weight: 16,
    },
    Industry {
        name: "metalliteollisuus",
        trades: &[
            "Kone",
            "Konepaja",
            "Metalli",
            "Teräsrakenne",
            "Hitsaus",
            "Koneistus",
            "Levytyö",
            "Valimo",
        ],
        trades_sv: &["Metall", "Båtvarv"],
        specialist: "tuotantopäällikkö",
        specialist_sv: "produktionschef",
        weight: 15,
    },
    Industry {
        name: "ravintolat",
        trades: &[
            "Ravintolapalvelu",
            "Catering",
            "Lounas",
            "Grilli",
            "Kahvila",
            "Herkku",
        ],
        trades_sv: &["Restaurang", "Kafé"],
        specialist: "keittiöpäällikkö",
        specialist_sv: "köksmästare",
        weight: 10,
    },
    Industry {
        name: "kiinteistöhuolto",
        trades: &[
            "Kiinteistöhuolto",
            "Kiinteistöpalvelu",
            "Siivous",
            "Pihatyö",
            "Lumityö",
            "Huoltopalvelu",
        ],
        trades_sv: &["Fastighetsservice", "Städ"],
        specialist: "huoltopäällikkö",
        specialist_sv: "servicechef",
        weight: 11,
    },
    Industry {
        name: "kuljetus ja logistiikka",
        trades: &[
            "Kuljetus",
            "Logistiikka",
            "Muutto",
            "Rahti",
            "Kuorma-auto",
            "Terminaali",
        ],
        trades_sv: &["Transport", "Frakt"],
        specialist: "kuljetuspäällikkö",
        specialist_sv: "transportchef",
        weight: 8,
    },
    Industry {
        name: "sähköasennus",
        trades: &[
            "Sähkö",
            "Sähköasennus",
            "Valaistus",
            "Sähköpalvelu",
            "Sähkötyö",
        ],
        trades_sv: &["El", "Elservice"],
        specialist: "asennuspäällikkö",
        specialist_sv: "installationschef",
        weight: 8,
    },
    Industry {
        name: "LVI-urakointi",
        trades: &[
            "LVI",
            "Putki",
            "Lämpö",
            "Ilmastointi",
            "Vesijohto",
            "LVI-huolto",
        ],
        trades_sv: &["Rör", "VVS"],
        specialist: "projektipäällikkö",
        specialist_sv: "projektledare",
        weight: 7,
    },
    Industry {
        name: "puuteollisuus",
        trades: &["Puu", "Saha", "Puusepät", "Hirsitalo", "Höyläämö", "Ikkuna"],
        trades_sv: &["Trä", "Snickeri"],
        specialist: "sahanhoitaja",
        specialist_sv: "sågmästare",
        weight: 6,
    },
    Industry {
        name: "elintarviketeollisuus",
        trades: &[
            "Kala",
            "Leipomo",
            "Liha",
            "Mylly",
            "Marja",
            "Meijeri",
            "Savustamo",
        ],
        trades_sv: &["Fisk", "Bageri"],
        specialist: "laatupäällikkö",
        specialist_sv: "kvalitetschef",
        weight: 6,
    },
    Industry {
        name: "autokorjaamot",
        trades: &[
            "Autohuolto",
            "Rengas",
            "Autokorjaamo",
            "Konehuolto",
            "Autokori",
        ],
        trades_sv: &["Bil", "Däck"],
        specialist: "korjaamopäällikkö",
        specialist_sv: "verkstadschef",
        weight: 7,
    },
];

/// A common title and the roles its holder usually plays in a purchase.
pub(crate) struct Title {
    pub fi: &'static str,
    pub sv: &'static str,
    pub roles: &'static [BuyingRole],
}

/// The titles of the people a wholesaler deals with, the managing director first.
pub(crate) const TITLES: &[Title] = &[
    Title {
        fi: "toimitusjohtaja",
        sv: "verkställande direktör",
        roles: &[Decider],
    },
    Title {
        fi: "ostopäällikkö",
        sv: "inköpschef",
        roles: &[Buyer, Decider],
    },
    Title {
        fi: "hankintapäällikkö",
        sv: "upphandlingschef",
        roles: &[Buyer, Influencer],
    },
    Title {
        fi: "talousjohtaja",
        sv: "ekonomichef",
        roles: &[Payer, Decider],
    },
    Title {
        fi: "kirjanpitäjä",
        sv: "bokförare",
        roles: &[Payer],
    },
    Title {
        fi: "varastopäällikkö",
        sv: "lagerchef",
        roles: &[User, Initiator],
    },
    Title {
        fi: "ostaja",
        sv: "inköpare",
        roles: &[Buyer],
    },
    Title {
        fi: "myyntipäällikkö",
        sv: "försäljningschef",
        roles: &[Influencer],
    },
    Title {
        fi: "työnjohtaja",
        sv: "förman",
        roles: &[User, Initiator],
    },
];

/// Finnish first names, common across the generations a customer master spans.
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Mikko",
    "Jari",
    "Timo",
    "Juha",
    "Matti",
    "Kari",
    "Antti",
    "Jukka",
    "Markku",
    "Pekka",
    "Mika",
    "Hannu",
    "Heikki",
    "Janne",
    "Ville",
    "Tuomas",
    "Sami",
    "Petri",
    "Jani",
    "Teemu",
    "Joonas",
    "Eero",
    "Aleksi",
    "Lauri",
    "Ilkka",
    "Esa",
    "Veli-Matti",
    "Yrjö",
    "Väinö",
    "Jyrki",
    "Kyösti",
    "Olli",
    "Tapani",
    "Arttu",
    "Päivi",
    "Anne",
    "Tiina",
    "Sari",
    "Minna",
    "Marja",
    "Tuula",
    "Leena",
    "Kaisa",
    "Liisa",
    "Johanna",
    "Satu",
    "Hanna",
    "Laura",
    "Riikka",
    "Elina",
    "Anna",
    "Maria",
    "Katja",
    "Sanna",
    "Heidi",
    "Jenni",
    "Anu",
    "Merja",
    "Pirjo",
    "Sirpa",
    "Ritva",
    "Eeva",
    "Aino",
    "Emilia",
    "Veera",
    "Sofia",
    "Jaana",
    "Sinikka",
    "Mervi",
    "Hilkka",
    "Kirsi",
    "Ulla",
];

/// Finnish surnames.
pub(crate) const LAST_NAMES: &[&str] = &[
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Leppänen",
    "Kettunen",
    "Hiltunen",
    "Miettinen",
    "Räsänen",
    "Väisänen",
    "Pääkkönen",
    "Kärkkäinen",
    "Jääskeläinen",
    "Hyvönen",
    "Seppälä",
    "Häkkinen",
    "Mäenpää",
    "Peltola",
    "Ojala",
    "Kivelä",
    "Leinonen",
    "Hakala",
    "Honkanen",
    "Lindqvist",
    "Aaltonen",
    "Koivisto",
    "Nurmi",
    "Manninen",
    "Pitkänen",
    "Anttila",
    "Ketola",
    "Söderholm",
    "Rautio",
    "Hirvonen",
    "Partanen",
    "Kallio",
    "Toivonen",
    "Lönnqvist",
    "Mustonen",
    "Tolonen",
    "Kähkönen",
    "Huttunen",
    "Vainio",
    "Sjöblom",
    "Tikkanen",
    "Keränen",
];

/// First names of Swedish-speaking Finns.
pub(crate) const FIRST_NAMES_SV: &[&str] = &[
    "Björn",
    "Göran",
    "Mårten",
    "Stig",
    "Lars",
    "Anders",
    "Henrik",
    "Mikael",
    "Åsa",
    "Kerstin",
    "Ingrid",
    "Maj-Britt",
    "Ulrika",
    "Camilla",
    "Sören",
    "Linnéa",
];

/// Surnames of Swedish-speaking Finns.
pub(crate) const LAST_NAMES_SV: &[&str] = &[
    "Sjöberg",
    "Åkerlund",
    "Lindström",
    "Nyström",
    "Björklund",
    "Holmström",
    "Östman",
    "Forsblom",
    "Sundqvist",
    "Granholm",
    "Backman",
    "Strömberg",
    "Åberg",
    "Grönroos",
];

/// Surnames in the genitive, for family firms such as "Virtasen Kuljetus Oy".
pub(crate) const SURNAME_GENITIVES: &[&str] = &[
    "Virtasen",
    "Korhosen",
    "Mäkisen",
    "Niemisen",
    "Mäkelän",
    "Hämäläisen",
    "Heikkisen",
    "Koskisen",
    "Järvisen",
    "Lehtosen",
    "Saarisen",
    "Salmisen",
    "Heinosen",
    "Heikkilän",
    "Kinnusen",
    "Turusen",
    "Laitisen",
    "Tuomisen",
    "Rantasen",
    "Karjalaisen",
    "Jokisen",
    "Mattilan",
    "Savolaisen",
    "Ahosen",
    "Leppäsen",
    "Kettusen",
    "Räsäsen",
    "Väisäsen",
    "Pääkkösen",
    "Kärkkäisen",
    "Seppälän",
    "Häkkisen",
    "Peltolan",
];

/// Syllables for invented brand names such as "Valora" or "Kivikko".
pub(crate) const BRAND_HEADS: &[&str] = &[
    "Val", "Kivi", "Tun", "Poh", "Lumi", "Ar", "Sii", "Kaa", "Vir", "Hon", "Mets", "Rau", "Tai",
    "Ilma", "Ser", "Kul", "Sä", "Ruo", "Pii", "Vuo", "Kes", "Hel", "Ter", "Sal", "Mil", "Kar",
    "Ves", "Rii",
];
/// Endings for invented brand names.
pub(crate) const BRAND_TAILS: &[&str] = &[
    "ora", "kko", "tura", "ja", "mo", "vera", "nova", "ria", "tek", "lux", "ka", "lin", "tari",
    "ska", "vik", "mex", "ko", "so", "tia", "nen",
];

/// Owners of the demo: the sales people responsible for accounts.
pub(crate) const OWNERS: &[&str] = &[
    "Mikko Lahtinen",
    "Sanna Koskinen",
    "Juha Heikkilä",
    "Päivi Rantanen",
    "Antti Mäkelä",
    "Kaisa Leinonen",
    "Tuomas Hiltunen",
    "Riikka Salmela",
    "Jukka Räsänen",
    "Elina Väisänen",
    "Petri Kettunen",
    "Hanna Ojala",
    "Markus Lindqvist",
    "Anu Peltola",
    "Ville Jääskeläinen",
    "Tiina Kivelä",
    "Sami Hyvönen",
    "Johanna Åberg",
    "Lauri Mäenpää",
    "Minna Söderholm",
];

/// Street names of Finnish towns.
pub(crate) const STREETS: &[&str] = &[
    "Teollisuustie",
    "Kauppakatu",
    "Asemakatu",
    "Rautatienkatu",
    "Satamakatu",
    "Koulukatu",
    "Pajatie",
    "Sorvaajankatu",
    "Puistokatu",
    "Kirkkokatu",
    "Mäkitie",
    "Myllytie",
    "Rantatie",
    "Varastotie",
    "Tehtaankatu",
    "Sahatie",
    "Valimotie",
    "Tiilitehtaantie",
    "Kivikatu",
    "Järvitie",
    "Koivukuja",
    "Pihlajatie",
    "Lehtotie",
    "Kuusitie",
    "Mäntytie",
    "Peltotie",
    "Niittykatu",
    "Torikatu",
    "Hämeentie",
    "Yrittäjäntie",
    "Veturitie",
    "Louhostie",
    "Höyläämöntie",
    "Ahjotie",
    "Vasaratie",
    "Kärkikuja",
];

/// Street names of Swedish-speaking towns.
pub(crate) const STREETS_SV: &[&str] = &[
    "Industrivägen",
    "Storgatan",
    "Strandvägen",
    "Skolgatan",
    "Hamngatan",
    "Bryggvägen",
    "Åkervägen",
    "Kvarnvägen",
    "Sågvägen",
    "Verkstadsvägen",
];

/// The first word of a company's general email address.
pub(crate) const GENERAL_MAILBOXES: &[&str] =
    &["info", "myynti", "toimisto", "tilaukset", "asiakaspalvelu"];

/// Mail domains of private persons. They are invented for the demo.
pub(crate) const PERSONAL_MAIL_DOMAINS: &[&str] = &[
    "kotiposti.fi",
    "verkkoposti.fi",
    "sposti.fi",
    "omaposti.net",
];

/// The wholesaler's tags and how often each is given, in percent.
pub(crate) const WHOLESALE_TAGS: &[(&str, usize)] = &[
    ("avainasiakas", 8),
    ("jälleenmyyjä", 10),
    ("vientiyritys", 6),
    ("uusi", 8),
    ("sopimusasiakas", 12),
    ("verkkokauppa", 14),
    ("julkinen hankinta", 4),
    ("messut 2025", 5),
    ("maksumuistutus", 3),
    ("ruotsinkielinen", 70),
];

/// More tags for the synthetic data, which needs a wider spread.
pub(crate) const SYNTHETIC_TAGS: &[&str] = &[
    "avainasiakas",
    "jälleenmyyjä",
    "vientiyritys",
    "uusi",
    "sopimusasiakas",
    "verkkokauppa",
    "julkinen hankinta",
    "messut 2024",
    "messut 2025",
    "maksumuistutus",
    "kausiasiakas",
    "vuosisopimus",
    "kilpailijan asiakas",
    "suosittelija",
    "kumppani",
    "pilotti",
    "konserni",
    "hinnasto B",
    "hinnasto C",
    "ruotsinkielinen",
];

/// Special wishes of the wholesaler's customers.
pub(crate) const WHOLESALE_WISHES: &[&str] = &[
    "Toimitukset vain aamupäivisin.",
    "Laskut verkkolaskuna, paperilaskuja ei hyväksytä.",
    "Lastauslaituri on rakennuksen takana; kuljettaja soittaa puoli tuntia ennen saapumista.",
    "Tilausvahvistus aina sähköpostilla ostopäällikölle.",
    "Heinäkuussa kesäsulku, silloin ei vastaanoteta toimituksia.",
    "Ostotilausnumero on merkittävä jokaiseen laskuun.",
    "Kuormat lavoilla, joiden korkeus on enintään 1,2 metriä.",
    "Portti on lukittu kello 16 jälkeen.",
    "Osatoimitukset sallittu vain erikseen sovittaessa.",
    "Maksuaika 30 päivää netto sopimuksen mukaan.",
];

/// Notes on contacts.
pub(crate) const CONTACT_NOTES: &[&str] = &[
    "Tavoittaa parhaiten aamupäivisin.",
    "Lomalla heinäkuun ajan.",
    "Toivoo yhteydenotot ensisijaisesti sähköpostilla.",
    "Tapasimme syksyn messuilla osastollamme.",
    "Päättää hankinnoista yhdessä hallituksen kanssa.",
    "Kiinnostunut uusista tuotteista ja koulutuksista.",
];

/// Where a marketing consent was given.
pub(crate) const CONSENT_SOURCES: &[&str] = &[
    "messulomake 2024",
    "messulomake 2025",
    "verkkokaupan rekisteröityminen",
    "uutiskirjeen tilaus",
    "asiakastapaaminen",
    "puhelinsoitto",
];

/// Where a marketing consent was withdrawn.
pub(crate) const WITHDRAWAL_SOURCES: &[&str] = &[
    "uutiskirjeen peruutuslinkki",
    "pyyntö sähköpostilla",
    "puhelinsoitto",
    "asiakastapaaminen",
];

/// Delivery terms of the demo's choice field.
pub(crate) const DELIVERY_TERMS: &[&str] = &[
    "Noudettuna varastolta",
    "Vapaasti varastossa",
    "Vapaasti perillä",
    "Rahti laskulla",
];

/// Credit limits in euros, smallest first.
pub(crate) const CREDIT_LIMITS: &[u32] = &[2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 250_000];

/// The first parts of travel agencies' names, such as "Kaamosmatkat".
pub(crate) const TRAVEL_BRANDS: &[&str] = &[
    "Kaamos",
    "Saaristo",
    "Hiihto",
    "Kesäyö",
    "Erämaa",
    "Lumikide",
    "Kotimaan",
    "Luonto",
    "Kulttuuri",
    "Seniori",
    "Tunturi",
    "Järviseutu",
];
/// Names of hotels and holiday resorts.
pub(crate) const HOTEL_NAMES: &[&str] = &[
    "Koskenranta",
    "Tunturihovi",
    "Kuusirinne",
    "Harjuhovi",
    "Niemenkärki",
    "Saimaanhelmi",
    "Kalliolinna",
    "Rantakivi",
    "Vanha Mylly",
    "Lehtolaakso",
    "Pohjantähti",
    "Kuohuranta",
];
/// The kinds of lodging that precede a hotel's name.
pub(crate) const HOTEL_KINDS: &[&str] =
    &["Hotelli", "Kylpylähotelli", "Lomakeskus", "Matkailutila"];
/// Neighbourhoods in the genitive, for school names such as "Koivurinteen koulu".
pub(crate) const SCHOOL_PLACES: &[&str] = &[
    "Koivurinteen",
    "Mäntymäen",
    "Harjun",
    "Järvenrannan",
    "Kalliopohjan",
    "Kuusikon",
    "Pihlajamäen",
    "Ahvenlammen",
    "Kirkonkylän",
    "Rantakylän",
    "Metsolan",
    "Päivölän",
    "Hakametsän",
    "Vuorelan",
];
/// The kinds of school.
pub(crate) const SCHOOL_KINDS: &[&str] = &["koulu", "yläkoulu", "alakoulu", "yhtenäiskoulu"];
/// Registered associations that travel together.
pub(crate) const SOCIETIES: &[&str] = &[
    "Eläkkeensaajat",
    "Mieskuoro",
    "Marttayhdistys",
    "Kotiseutuyhdistys",
    "Kamerakerho",
    "Latu",
    "Senioriyhdistys",
    "Naiskuoro",
];

/// The tourism firm's tags for organisations.
pub(crate) const TOURISM_TAGS: &[&str] = &[
    "ryhmämatka",
    "kanta-asiakas",
    "uutiskirje",
    "kesäkausi",
    "talvikausi",
    "virkistyspäivä",
    "kumppani",
];

/// The tourism firm's tags for private persons.
pub(crate) const PERSON_TAGS: &[&str] = &[
    "kanta-asiakas",
    "uutiskirje",
    "kesäkausi",
    "talvikausi",
    "perhematka",
];

/// Special wishes of groups travelling with the tourism firm.
pub(crate) const GROUP_WISHES: &[&str] = &[
    "Ryhmässä kaksi keliakiaa sairastavaa; ruokailut gluteenittomina.",
    "Toivoo huoneita samasta kerroksesta.",
    "Laktoositon ruokavalio koko ryhmälle.",
    "Bussikuljetus lähtöpaikalta ja takaisin.",
    "Laskutus vasta matkan jälkeen, viitteeksi tilaajan nimi.",
    "Toivoo saunavuoron iltaisin kello 19 jälkeen.",
    "Ryhmän kanssa kulkee kaksi avustajaa, jotka majoittuvat omissa huoneissaan.",
];

/// Special wishes of private travellers.
pub(crate) const PERSON_WISHES: &[&str] = &[
    "Tarvitsee esteettömän huoneen.",
    "Laktoositon ja gluteeniton ruokavalio.",
    "Toivoo huonetta ylimmästä kerroksesta, järvinäköalalla.",
    "Matkustaa koiran kanssa; vain lemmikkihuoneet käyvät.",
    "Ei sähköpostimarkkinointia, kirjeet kotiin.",
    "Toivoo aina samaa mökkiä kuin edellisellä kerralla.",
];

/// Where the tourism firm's partner hotels are.
pub(crate) const RESORT_PLACES: &[&str] = &[
    "Savonlinna",
    "Kuopio",
    "Mikkeli",
    "Rovaniemi",
    "Kittilä",
    "Inari",
    "Kuusamo",
    "Sodankylä",
    "Lappeenranta",
    "Imatra",
    "Jyväskylä",
    "Naantali",
    "Heinola",
    "Pieksämäki",
];
