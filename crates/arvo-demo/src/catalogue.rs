//! What the demo firms sell: the technical wholesaler's product groups and items (fasteners,
//! tools, workwear, electrical, plumbing, bearings, lubricants, welding, property maintenance,
//! packaging) and the Lapland nature-tourism firm's seasonal trips, accommodation and group
//! packages. The benchmark generator stretches the wholesaler's list into larger ranges.

use crate::purchases::Product;
use crate::rng::Rng;
use chrono::{Datelike, NaiveDate};

/// A product group and the gross margin its items are priced for, in percent of the list price.
pub(crate) struct Group {
    pub name: &'static str,
    pub margin: (u64, u64),
}

/// An item that comes in variants: `name` holds `{}` where the variant goes. Prices run from
/// the first variant's to the last one's, in cents.
struct Item {
    group: usize,
    name: &'static str,
    unit: &'static str,
    variants: &'static [&'static str],
    price: (i64, i64),
}

const fn item(
    group: usize,
    name: &'static str,
    unit: &'static str,
    variants: &'static [&'static str],
    price: (i64, i64),
) -> Item {
    Item {
        group,
        name,
        unit,
        variants,
        price,
    }
}

/// The wholesaler's product groups, in the order [`WHOLESALE_ITEMS`] and the industries'
/// preferences refer to them.
pub(crate) const WHOLESALE_GROUPS: &[Group] = &[
    Group {
        name: "Kiinnitystarvikkeet",
        margin: (42, 55),
    },
    Group {
        name: "Käsityökalut",
        margin: (34, 45),
    },
    Group {
        name: "Sähkötyökalut",
        margin: (18, 26),
    },
    Group {
        name: "Työvaatteet ja suojaimet",
        margin: (35, 48),
    },
    Group {
        name: "Sähkötarvikkeet",
        margin: (25, 38),
    },
    Group {
        name: "LVI-tarvikkeet",
        margin: (24, 36),
    },
    Group {
        name: "Laakerit ja voimansiirto",
        margin: (32, 45),
    },
    Group {
        name: "Voiteluaineet ja kemikaalit",
        margin: (30, 40),
    },
    Group {
        name: "Hitsaus ja hionta",
        margin: (33, 46),
    },
    Group {
        name: "Kiinteistö- ja siivoustarvikkeet",
        margin: (26, 36),
    },
    Group {
        name: "Pakkaus- ja kuljetustarvikkeet",
        margin: (22, 32),
    },
];

/// The wholesaler's items; 282 products with their variants.
const WHOLESALE_ITEMS: &[Item] = &[
    // Kiinnitystarvikkeet
    item(
        0,
        "Kuusioruuvi {} 8.8 sinkitty, 100 kpl",
        "rs",
        &[
            "M6x20", "M8x25", "M8x40", "M10x30", "M10x60", "M12x50", "M12x80", "M16x60",
        ],
        (690, 4890),
    ),
    item(
        0,
        "Kuusiomutteri {} 8 sinkitty, 200 kpl",
        "rs",
        &["M6", "M8", "M10", "M12", "M16"],
        (590, 3290),
    ),
    item(
        0,
        "Aluslevy {} sinkitty, 200 kpl",
        "rs",
        &["M6", "M8", "M10", "M12", "M16"],
        (390, 1990),
    ),
    item(
        0,
        "Puuruuvi Torx {} keltasinkitty, 200 kpl",
        "rs",
        &["4,0x30", "4,5x50", "5,0x70", "6,0x100"],
        (890, 3490),
    ),
    item(
        0,
        "Terassiruuvi {} ruostumaton A2, 250 kpl",
        "rs",
        &["4,2x42", "4,8x60", "5,0x75"],
        (2490, 4990),
    ),
    item(
        0,
        "Kiila-ankkuri {} sinkitty, 50 kpl",
        "rs",
        &["M8x75", "M10x90", "M12x110"],
        (1890, 4690),
    ),
    item(
        0,
        "Kattoruuvi {} EPDM-tiivisteellä, 250 kpl",
        "rs",
        &["4,8x20", "4,8x35", "6,3x25"],
        (2290, 3290),
    ),
    item(
        0,
        "Rakennenaula {} kuumasinkitty, 5 kg",
        "pkt",
        &["50x2,5", "75x3,1", "100x3,4"],
        (2190, 2590),
    ),
    item(
        0,
        "Kierretanko {} 8.8 sinkitty, 1 m",
        "kpl",
        &["M8", "M10", "M12", "M16"],
        (290, 990),
    ),
    item(
        0,
        "Nailontulppa {}, 100 kpl",
        "rs",
        &["6 mm", "8 mm", "10 mm"],
        (490, 990),
    ),
    // Käsityökalut
    item(
        1,
        "Jakoavain {}",
        "kpl",
        &["200 mm", "250 mm", "300 mm"],
        (1890, 3490),
    ),
    item(
        1,
        "Vasara {}",
        "kpl",
        &["300 g", "500 g", "800 g"],
        (1590, 3290),
    ),
    item(
        1,
        "Ruuvimeisselisarja {} osaa",
        "kpl",
        &["6", "12"],
        (1990, 4490),
    ),
    item(1, "Kärkisarja {} osaa", "kpl", &["32", "60"], (1490, 3990)),
    item(
        1,
        "Pihdit, {}",
        "kpl",
        &[
            "kombi 180 mm",
            "sivuleikkurit 160 mm",
            "vesipumppupihdit 250 mm",
            "lukkopihdit 250 mm",
        ],
        (1490, 2890),
    ),
    item(
        1,
        "Mittanauha {}",
        "kpl",
        &["3 m", "5 m", "8 m"],
        (690, 1990),
    ),
    item(
        1,
        "Vesivaaka {}",
        "kpl",
        &["40 cm", "80 cm", "120 cm"],
        (1990, 4990),
    ),
    item(
        1,
        "Hylsyavainsarja 1/2\" {} osaa",
        "kpl",
        &["24", "42"],
        (5990, 11_900),
    ),
    item(1, "Mattoveitsi {}", "kpl", &["18 mm", "25 mm"], (690, 1290)),
    item(
        1,
        "Momenttiavain {}",
        "kpl",
        &["3/8\" 20–100 Nm", "1/2\" 40–200 Nm"],
        (8900, 12_900),
    ),
    item(
        1,
        "Työkalulaukku {}",
        "kpl",
        &["pieni", "iso"],
        (3490, 6990),
    ),
    // Sähkötyökalut
    item(
        2,
        "Akkuporakone 18 V {}",
        "kpl",
        &["runko", "2 x 2,0 Ah", "2 x 5,0 Ah"],
        (8900, 29_900),
    ),
    item(
        2,
        "Akkuiskuporakone 18 V {}",
        "kpl",
        &["runko", "2 x 5,0 Ah"],
        (12_900, 34_900),
    ),
    item(
        2,
        "Akkuruuvinväännin 18 V {}",
        "kpl",
        &["runko", "2 x 4,0 Ah"],
        (9900, 26_900),
    ),
    item(
        2,
        "Kulmahiomakone {}",
        "kpl",
        &["125 mm 1200 W", "230 mm 2200 W"],
        (7900, 16_900),
    ),
    item(
        2,
        "Poravasara SDS-plus {}",
        "kpl",
        &["800 W", "1100 W"],
        (14_900, 24_900),
    ),
    item(
        2,
        "Pistosaha {}",
        "kpl",
        &["650 W", "akku 18 V runko"],
        (11_900, 17_900),
    ),
    item(
        2,
        "Käsipyörösaha {}",
        "kpl",
        &["190 mm 1400 W", "akku 18 V runko"],
        (15_900, 21_900),
    ),
    item(
        2,
        "Akku 18 V {}",
        "kpl",
        &["2,0 Ah", "5,0 Ah", "8,0 Ah"],
        (5900, 16_900),
    ),
    item(2, "Laturi 18 V {}", "kpl", &["perus", "pika"], (3990, 7990)),
    item(2, "Sähköhöylä 82 mm{}", "kpl", &[""], (12_900, 12_900)),
    item(
        2,
        "Poranteräsarja HSS {}",
        "kpl",
        &["1–10 mm 19 osaa", "1–13 mm 25 osaa"],
        (2490, 4490),
    ),
    item(
        2,
        "SDS-plus porasarja {} osaa",
        "kpl",
        &["5", "7"],
        (2490, 3990),
    ),
    // Työvaatteet ja suojaimet
    item(
        3,
        "Työhousut riipputaskuilla, koko {}",
        "kpl",
        &["C48", "C50", "C52", "C54", "C56"],
        (5990, 5990),
    ),
    item(
        3,
        "Talvityötakki, koko {}",
        "kpl",
        &["M", "L", "XL", "XXL"],
        (8990, 8990),
    ),
    item(
        3,
        "Huomiotakki EN ISO 20471 lk 3, koko {}",
        "kpl",
        &["M", "L", "XL"],
        (6990, 6990),
    ),
    item(
        3,
        "Turvakenkä S3, koko {}",
        "pari",
        &["40", "41", "42", "43", "44", "45", "46"],
        (7990, 7990),
    ),
    item(
        3,
        "Suojakäsine {}, 12 paria",
        "pkt",
        &[
            "nitriilipinnoitettu koko 9",
            "nitriilipinnoitettu koko 10",
            "talvi koko 10",
            "viiltosuojattu koko 10",
        ],
        (1890, 4990),
    ),
    item(
        3,
        "Kertakäyttökäsine nitriili {}, 100 kpl",
        "rs",
        &["M", "L", "XL"],
        (890, 890),
    ),
    item(
        3,
        "Kuulosuojain {}",
        "kpl",
        &["sankamalli", "kypäräkiinnitteinen"],
        (1990, 2490),
    ),
    item(
        3,
        "Suojalasit {}",
        "kpl",
        &["kirkas", "tummennettu"],
        (690, 890),
    ),
    item(
        3,
        "Suojakypärä {}",
        "kpl",
        &["valkoinen", "keltainen", "sininen"],
        (1990, 1990),
    ),
    item(
        3,
        "Hengityssuojain FFP2 {}, 20 kpl",
        "rs",
        &["venttiilitön", "venttiilillä"],
        (1990, 2890),
    ),
    // Sähkötarvikkeet
    item(
        4,
        "Asennuskaapeli MMJ {}",
        "m",
        &["3x1,5S", "3x2,5S", "5x2,5S", "5x6S"],
        (79, 449),
    ),
    item(
        4,
        "Maakaapeli AXMK {}",
        "m",
        &["4x16S", "4x25S"],
        (390, 590),
    ),
    item(
        4,
        "Johdonsuojakatkaisija {}",
        "kpl",
        &["C10 1-n", "C16 1-n", "C16 3-n"],
        (490, 1690),
    ),
    item(
        4,
        "Vikavirtasuojakytkin 40 A 30 mA {}",
        "kpl",
        &["2-n", "4-n"],
        (3490, 5490),
    ),
    item(
        4,
        "Kytkinrasia {}",
        "kpl",
        &["uppo", "pinta IP44"],
        (149, 390),
    ),
    item(
        4,
        "Pistorasia {}",
        "kpl",
        &["2-osainen uppo", "pinta IP44", "ulko IP55"],
        (690, 1490),
    ),
    item(
        4,
        "LED-valaisin {}",
        "kpl",
        &["kohdevalo 7 W", "paneeli 600x600 36 W", "IP65 1500 mm 40 W"],
        (1990, 4990),
    ),
    item(
        4,
        "LED-valonheitin {}",
        "kpl",
        &["30 W", "50 W", "100 W"],
        (2990, 6990),
    ),
    item(
        4,
        "Jatkojohto {}",
        "kpl",
        &["10 m 3G1,5", "25 m 3G2,5 kelalla"],
        (1990, 8990),
    ),
    item(
        4,
        "Nippuside {}, 100 kpl",
        "pkt",
        &["200 mm", "300 mm", "UV-kestävä 360 mm"],
        (290, 890),
    ),
    item(
        4,
        "Sähköteippi 19 mm x 20 m {}",
        "rll",
        &["musta", "keltavihreä"],
        (190, 190),
    ),
    // LVI-tarvikkeet
    item(
        5,
        "PEX-putki {}",
        "m",
        &["16x2,2", "20x2,8", "25x3,5"],
        (129, 249),
    ),
    item(
        5,
        "Komposiittiputki {}",
        "m",
        &["16x2,0", "20x2,25"],
        (229, 329),
    ),
    item(
        5,
        "Kupariputki {}, tanko 5 m",
        "kpl",
        &["12 mm", "15 mm", "22 mm"],
        (2490, 5990),
    ),
    item(
        5,
        "Puristusliitin {}",
        "kpl",
        &["suora 16 mm", "kulma 16 mm", "T 20 mm"],
        (390, 890),
    ),
    item(
        5,
        "Palloventtiili {}",
        "kpl",
        &["DN15", "DN20", "DN25"],
        (990, 2290),
    ),
    item(
        5,
        "Lattiakaivo {}",
        "kpl",
        &["muovi 75 mm", "valurauta 110 mm"],
        (3490, 8990),
    ),
    item(
        5,
        "Viemäriputki PP {}",
        "kpl",
        &["75x1000 mm", "110x2000 mm"],
        (490, 1190),
    ),
    item(
        5,
        "Termostaattinen sekoitusventtiili {}",
        "kpl",
        &["DN20"],
        (6990, 6990),
    ),
    item(
        5,
        "Patteriventtiili {}",
        "kpl",
        &["suora", "kulma"],
        (1490, 1690),
    ),
    item(
        5,
        "Putkieriste {}",
        "m",
        &["15/20 mm", "22/30 mm"],
        (190, 290),
    ),
    item(
        5,
        "Kierretiiviste {}",
        "rll",
        &["PTFE-nauha 12 m", "tiivistelanka 160 m"],
        (190, 990),
    ),
    // Laakerit ja voimansiirto
    item(
        6,
        "Urakuulalaakeri {}",
        "kpl",
        &[
            "6202-2RS", "6204-2RS", "6205-2RS", "6206-2RS", "6208-2RS", "6210-2RS",
        ],
        (390, 2490),
    ),
    item(
        6,
        "Laakeriyksikkö {}",
        "kpl",
        &["UCP 205", "UCF 206", "UCP 208"],
        (2190, 4290),
    ),
    item(
        6,
        "Kartiorullalaakeri {}",
        "kpl",
        &["30205", "32208"],
        (1690, 3290),
    ),
    item(
        6,
        "Kiilahihna {}",
        "kpl",
        &["SPZ 1000", "SPZ 1500", "SPA 1250", "SPB 2000"],
        (690, 1890),
    ),
    item(
        6,
        "Rullaketju {}, 5 m",
        "kpl",
        &["08B-1", "12B-1"],
        (3490, 6990),
    ),
    item(
        6,
        "Ketjupyörä {}",
        "kpl",
        &["08B-1 z15", "12B-1 z19"],
        (1890, 3490),
    ),
    item(
        6,
        "Hammashihna {}",
        "kpl",
        &["HTD 800-8M-20", "HTD 1200-8M-30"],
        (2490, 4490),
    ),
    item(
        6,
        "Akselitiiviste {}",
        "kpl",
        &["30x47x7", "40x62x8"],
        (290, 490),
    ),
    item(6, "Lukkorengassarja {}", "kpl", &["300 osaa"], (2490, 2490)),
    // Voiteluaineet ja kemikaalit
    item(
        7,
        "Hydrauliöljy {}, 20 l",
        "kpl",
        &["HLP 32", "HLP 46", "HVLP 32"],
        (8990, 10_990),
    ),
    item(
        7,
        "Voitelurasva {}",
        "kpl",
        &["laakerirasva 400 g", "EP2 400 g", "EP2 18 kg"],
        (690, 8990),
    ),
    item(
        7,
        "Moottoriöljy 10W-40, {}",
        "kpl",
        &["5 l", "20 l"],
        (3490, 11_900),
    ),
    item(
        7,
        "Monitoimiöljy {}",
        "kpl",
        &["spray 400 ml", "5 l"],
        (790, 3990),
    ),
    item(7, "Jarrupuhdistin {}", "kpl", &["500 ml"], (490, 490)),
    item(
        7,
        "Kierrelukite {}",
        "kpl",
        &["keskiluja 50 ml", "luja 50 ml"],
        (1490, 1690),
    ),
    item(7, "Silikonisuihke {}", "kpl", &["400 ml"], (790, 790)),
    item(
        7,
        "Teollisuuspuhdistusaine {}",
        "kpl",
        &["5 l", "20 l"],
        (2490, 7990),
    ),
    item(7, "Ketjuöljy {}", "kpl", &["1 l", "5 l"], (690, 2490)),
    item(7, "Lasinpesuneste -20 °C, {}", "kpl", &["4 l"], (690, 690)),
    item(
        7,
        "Urealiuos dieselmoottoreille, {}",
        "kpl",
        &["10 l"],
        (1490, 1490),
    ),
    // Hitsaus ja hionta
    item(
        8,
        "Katkaisulaikka {}",
        "kpl",
        &["125x1,0 mm", "125x1,6 mm", "230x1,9 mm"],
        (149, 390),
    ),
    item(
        8,
        "Hiomalaikka {}",
        "kpl",
        &["125x6 mm", "230x6 mm"],
        (290, 590),
    ),
    item(
        8,
        "Lamellilaikka 125 mm {}",
        "kpl",
        &["K40", "K80"],
        (390, 390),
    ),
    item(
        8,
        "Hiomapaperirulla 115 mm x 50 m {}",
        "rll",
        &["K80", "K120"],
        (2490, 2490),
    ),
    item(
        8,
        "Hitsauslanka SG2 {}",
        "kpl",
        &["0,8 mm 5 kg", "1,0 mm 15 kg"],
        (3990, 8990),
    ),
    item(
        8,
        "Hitsauspuikko rutiili {}, 4 kg",
        "pkt",
        &["2,5 mm", "3,2 mm"],
        (2990, 3290),
    ),
    item(
        8,
        "Hitsausmaski {}",
        "kpl",
        &["automaattinen", "automaattinen raitisilmalla"],
        (8990, 79_900),
    ),
    item(8, "Hitsauskäsine {}", "pari", &["MIG", "TIG"], (890, 990)),
    item(
        8,
        "Metalliporanterä HSS-Co {}",
        "kpl",
        &["6,0 mm", "8,5 mm", "10,2 mm"],
        (390, 790),
    ),
    // Kiinteistö- ja siivoustarvikkeet
    item(
        9,
        "Lumilapio {}",
        "kpl",
        &["muovi 480 mm", "alumiiniterä 530 mm"],
        (1990, 2490),
    ),
    item(9, "Lumikola {}", "kpl", &["750 mm"], (4490, 4490)),
    item(
        9,
        "Liukkaudentorjuntahiekka {}",
        "sk",
        &["25 kg"],
        (490, 490),
    ),
    item(9, "Jäänsulatussuola {}", "sk", &["25 kg"], (1290, 1290)),
    item(
        9,
        "Jätesäkki {}, 10 kpl",
        "rll",
        &["125 l", "240 l"],
        (390, 690),
    ),
    item(
        9,
        "Käsipaperi {}",
        "pkt",
        &["Z-taitto 3 750 arkkia", "rulla 6 x 140 m"],
        (2490, 3490),
    ),
    item(9, "WC-paperi {}", "pkt", &["42 rullaa"], (2990, 2990)),
    item(
        9,
        "Yleispuhdistusaine {}",
        "kpl",
        &["1 l", "5 l"],
        (590, 2290),
    ),
    item(9, "Lattianhoitoaine {}", "kpl", &["5 l"], (2990, 2990)),
    item(9, "Käsisaippua {}", "kpl", &["500 ml", "5 l"], (390, 1690)),
    item(
        9,
        "Mikrokuituliina {}, 10 kpl",
        "pkt",
        &["sininen", "punainen"],
        (1290, 1290),
    ),
    item(9, "Nihkeämoppi {}", "kpl", &["40 cm"], (1490, 1490)),
    item(9, "Ulkoharja {}", "kpl", &["30 cm", "60 cm"], (1690, 2690)),
    // Pakkaus- ja kuljetustarvikkeet
    item(
        10,
        "Kiristekalvo {}",
        "rll",
        &["kirkas 500 mm x 300 m", "musta 500 mm x 250 m"],
        (1490, 1690),
    ),
    item(
        10,
        "Pakkausteippi 48 mm x 66 m {}",
        "rll",
        &["ruskea", "kirkas", "paperi"],
        (190, 390),
    ),
    item(
        10,
        "Kuormaliina {}",
        "kpl",
        &["25 mm 5 m", "50 mm 8 m"],
        (690, 1890),
    ),
    item(
        10,
        "Pahvilaatikko {}, 20 kpl",
        "pkt",
        &["300x200x200 mm", "400x300x300 mm", "600x400x400 mm"],
        (1490, 3490),
    ),
    item(
        10,
        "Kuplamuovi {}",
        "rll",
        &["500 mm x 50 m", "1000 mm x 50 m"],
        (1290, 2290),
    ),
    item(
        10,
        "Vannehdintanauha PP {}",
        "rll",
        &["12 mm x 3000 m"],
        (3490, 3490),
    ),
    item(10, "Lavakaulus {}", "kpl", &["1200x800"], (1490, 1490)),
    item(
        10,
        "Kulmasuoja {}, 100 kpl",
        "pkt",
        &["pahvi 35x35x1000 mm"],
        (3990, 3990),
    ),
];

/// How much each industry of the wholesaler's customers buys from each product group, by the
/// groups' order in [`WHOLESALE_GROUPS`].
pub(crate) fn group_preferences(industry: Option<&str>) -> &'static [u32; 11] {
    match industry {
        Some("rakentaminen") => &[30, 12, 12, 16, 6, 4, 1, 2, 4, 6, 3],
        Some("vähittäiskauppa") => &[16, 14, 12, 12, 10, 8, 2, 6, 4, 10, 6],
        Some("metalliteollisuus") => &[12, 8, 8, 12, 4, 2, 18, 12, 20, 2, 2],
        Some("ravintolat") => &[2, 2, 1, 8, 4, 4, 0, 2, 0, 60, 17],
        Some("kiinteistöhuolto") => &[8, 8, 6, 14, 8, 8, 1, 6, 2, 36, 3],
        Some("kuljetus ja logistiikka") => &[4, 6, 4, 16, 4, 0, 8, 22, 2, 6, 28],
        Some("sähköasennus") => &[10, 10, 12, 10, 50, 2, 0, 1, 2, 2, 1],
        Some("LVI-urakointi") => &[10, 10, 10, 10, 4, 50, 0, 2, 2, 1, 1],
        Some("puuteollisuus") => &[18, 8, 8, 12, 4, 2, 18, 12, 12, 3, 3],
        Some("elintarviketeollisuus") => &[4, 4, 2, 18, 6, 4, 10, 12, 2, 28, 10],
        Some("autokorjaamot") => &[6, 18, 10, 10, 4, 2, 8, 30, 10, 2, 0],
        _ => &[14, 10, 10, 12, 10, 8, 8, 8, 8, 8, 4],
    }
}

/// A product list with the group of every product and the products of every group.
pub(crate) struct Catalogue {
    pub products: Vec<Product>,
    pub group_of: Vec<usize>,
    pub by_group: Vec<Vec<usize>>,
}

impl Catalogue {
    fn new(groups: usize) -> Self {
        Self {
            products: Vec::new(),
            group_of: Vec::new(),
            by_group: vec![Vec::new(); groups],
        }
    }

    fn push(&mut self, group: usize, product: Product) {
        self.by_group[group].push(self.products.len());
        self.group_of.push(group);
        self.products.push(product);
    }
}

/// A price rounded to a figure a price list would print: to 10 cents below 100 €, otherwise to
/// whole euros less a cent.
fn list_price(cents: i64) -> i64 {
    if cents < 10_000 {
        (cents / 10 * 10 + 9).max(19)
    } else {
        cents / 100 * 100 - 10
    }
}

/// The wholesaler's product list stretched to `count` products (at least the base list): the
/// base items first, then further series of them (`Pro`, `Eco`, …) with their own prices.
/// Product numbers are `start`, `start + 1`, … as text.
pub(crate) fn wholesale(count: usize, start: u64, rng: &mut Rng) -> Catalogue {
    const SERIES: &[&str] = &[
        "Pro", "Eco", "Plus", "XL", "Basic", "Max", "Heavy", "Lite", "Nordic", "Arctic",
    ];
    let mut base: Vec<(usize, String, &'static str, i64)> = Vec::new();
    for it in WHOLESALE_ITEMS {
        let n = it.variants.len() as i64;
        for (i, v) in it.variants.iter().enumerate() {
            let price = if n == 1 {
                it.price.0
            } else {
                it.price.0 + (it.price.1 - it.price.0) * i as i64 / (n - 1)
            };
            base.push((it.group, it.name.replace("{}", v), it.unit, price));
        }
    }
    let count = count.max(base.len());
    let mut c = Catalogue::new(WHOLESALE_GROUPS.len());
    for k in 0..count {
        let (group, name, unit, price) = &base[k % base.len()];
        let round = k / base.len();
        let (name, price) = if round == 0 {
            (name.clone(), *price)
        } else {
            let series = SERIES[(round - 1) % SERIES.len()];
            let name = if round > SERIES.len() {
                format!("{name}, {series} {}", (round - 1) / SERIES.len() + 1)
            } else {
                format!("{name}, {series}")
            };
            let scaled = *price * rng.between(70, 160) as i64 / 100;
            (name, scaled)
        };
        let list = list_price(price);
        let (low, high) = WHOLESALE_GROUPS[*group].margin;
        let margin = rng.between(low, high) as i64;
        c.push(
            *group,
            Product {
                product_number: (start + k as u64).to_string(),
                name,
                product_group: WHOLESALE_GROUPS[*group].name.to_owned(),
                unit: (*unit).to_owned(),
                list_price_cents: list,
                unit_cost_cents: list * (100 - margin) / 100,
            },
        );
    }
    c
}

/// The tourism firm's product groups.
pub(crate) const TOURISM_GROUPS: &[&str] = &[
    "Talvisafarit",
    "Revontuliretket",
    "Kesä- ja ruskaretket",
    "Majoitus",
    "Ryhmäpaketit",
    "Ruokailut ja kuljetukset",
];

/// Who a tourism product is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    /// An activity bought per person.
    Activity,
    /// Accommodation bought per night.
    Night,
    /// Group accommodation bought per person and night.
    GroupNight,
    /// A package for schools' camp trips.
    Camp,
    /// A package for a company's recreation day.
    Recreation,
    /// A package for a Christmas party.
    Christmas,
    /// A meal bought per person.
    Meal,
    /// A transfer bought per person.
    Transfer,
    /// A coach hired for a day.
    Coach,
    /// Winter clothing hired per person.
    Gear,
}

/// One of the tourism firm's products: its group, name, unit, price in cents, gross margin in
/// percent, what it is for and the months (1–12) it is sold for.
pub(crate) struct Trip {
    pub group: usize,
    pub name: &'static str,
    pub unit: &'static str,
    pub price: i64,
    pub margin: i64,
    pub usage: Use,
    pub months: &'static [u32],
}

const WINTER: &[u32] = &[12, 1, 2, 3, 4];
const AURORA: &[u32] = &[9, 10, 11, 12, 1, 2, 3];
const SUMMER: &[u32] = &[6, 7, 8, 9];
const ALL_YEAR: &[u32] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

const fn trip(
    group: usize,
    name: &'static str,
    unit: &'static str,
    price: i64,
    margin: i64,
    usage: Use,
    months: &'static [u32],
) -> Trip {
    Trip {
        group,
        name,
        unit,
        price,
        margin,
        usage,
        months,
    }
}

/// The tourism firm's products.
pub(crate) const TRIPS: &[Trip] = &[
    trip(
        0,
        "Moottorikelkkasafari 3 h",
        "hlö",
        14_900,
        42,
        Use::Activity,
        WINTER,
    ),
    trip(
        0,
        "Moottorikelkkasafari koko päivä lounaineen",
        "hlö",
        24_900,
        40,
        Use::Activity,
        WINTER,
    ),
    trip(
        0,
        "Huskysafari 10 km",
        "hlö",
        15_900,
        38,
        Use::Activity,
        WINTER,
    ),
    trip(
        0,
        "Porotilavierailu ja porosafari",
        "hlö",
        9900,
        45,
        Use::Activity,
        WINTER,
    ),
    trip(
        0,
        "Lumikenkäretki 2 h",
        "hlö",
        5900,
        55,
        Use::Activity,
        WINTER,
    ),
    trip(
        0,
        "Pilkkiretki tunturijärvelle",
        "hlö",
        7900,
        50,
        Use::Activity,
        WINTER,
    ),
    trip(
        1,
        "Revontuliretki minibussilla",
        "hlö",
        8900,
        48,
        Use::Activity,
        AURORA,
    ),
    trip(
        1,
        "Revontulikuvausretki oppaan kanssa",
        "hlö",
        11_900,
        46,
        Use::Activity,
        AURORA,
    ),
    trip(
        1,
        "Revontuliretki lumikengillä ja nuotiolla",
        "hlö",
        9900,
        50,
        Use::Activity,
        &[12, 1, 2, 3],
    ),
    trip(
        2,
        "Opastettu päivävaellus",
        "hlö",
        6900,
        52,
        Use::Activity,
        SUMMER,
    ),
    trip(
        2,
        "Ruskavaellus 3 päivää",
        "hlö",
        44_900,
        35,
        Use::Activity,
        &[8, 9],
    ),
    trip(
        2,
        "Melontaretki 4 h",
        "hlö",
        7900,
        48,
        Use::Activity,
        &[6, 7, 8],
    ),
    trip(
        2,
        "Yöttömän yön veneretki",
        "hlö",
        6900,
        50,
        Use::Activity,
        &[6, 7],
    ),
    trip(
        2,
        "Marjastus- ja sieniretki",
        "hlö",
        4900,
        58,
        Use::Activity,
        &[8, 9],
    ),
    trip(
        3,
        "Hirsimökki 4 hlö, vuorokausi",
        "vrk",
        18_900,
        45,
        Use::Night,
        ALL_YEAR,
    ),
    trip(
        3,
        "Lasi-iglu 2 hlö, vuorokausi",
        "vrk",
        42_900,
        52,
        Use::Night,
        &[9, 10, 11, 12, 1, 2, 3, 4],
    ),
    trip(
        3,
        "Hotellihuone 2 hlö aamiaisella, vuorokausi",
        "vrk",
        14_900,
        38,
        Use::Night,
        ALL_YEAR,
    ),
    trip(
        3,
        "Ryhmämajoitus leirikeskuksessa, hlö/vrk",
        "vrk",
        3900,
        40,
        Use::GroupNight,
        ALL_YEAR,
    ),
    trip(
        4,
        "Leirikoulupaketti 3 päivää",
        "hlö",
        22_900,
        30,
        Use::Camp,
        &[3, 4, 5, 8, 9],
    ),
    trip(
        4,
        "Virkistyspäivä ryhmälle",
        "hlö",
        8900,
        42,
        Use::Recreation,
        ALL_YEAR,
    ),
    trip(
        4,
        "Pikkujoulupaketti kodassa",
        "hlö",
        11_900,
        40,
        Use::Christmas,
        &[11, 12],
    ),
    trip(
        4,
        "Kokous- ja elämyspäivä",
        "hlö",
        13_900,
        44,
        Use::Recreation,
        ALL_YEAR,
    ),
    trip(
        5,
        "Illallinen kodassa",
        "hlö",
        5900,
        35,
        Use::Meal,
        ALL_YEAR,
    ),
    trip(5, "Lounas maastossa", "hlö", 2900, 38, Use::Meal, ALL_YEAR),
    trip(
        5,
        "Lentokenttäkuljetus",
        "hlö",
        3500,
        30,
        Use::Transfer,
        ALL_YEAR,
    ),
    trip(
        5,
        "Tilausbussi, päivä",
        "pv",
        95_000,
        22,
        Use::Coach,
        ALL_YEAR,
    ),
    trip(
        5,
        "Talvivarusteiden vuokra",
        "hlö",
        3900,
        70,
        Use::Gear,
        WINTER,
    ),
];

/// Positions of the tourism products the bookings name, in [`TRIPS`].
pub(crate) mod trip {
    pub(crate) const CABIN: usize = 14;
    pub(crate) const GROUP_BEDS: usize = 17;
    pub(crate) const CAMP: usize = 18;
    pub(crate) const RECREATION: usize = 19;
    pub(crate) const CHRISTMAS: usize = 20;
    pub(crate) const MEETING: usize = 21;
    pub(crate) const DINNER: usize = 22;
    pub(crate) const LUNCH: usize = 23;
    pub(crate) const TRANSFER: usize = 24;
    pub(crate) const COACH: usize = 25;
    pub(crate) const GEAR: usize = 26;
}

/// Whether a tourism product is sold on a day.
pub(crate) fn in_season(t: &Trip, day: NaiveDate) -> bool {
    t.months.contains(&day.month())
}

/// The tourism firm's products with numbers `ML-101`, `ML-102`, ….
pub(crate) fn tourism() -> Vec<Product> {
    TRIPS
        .iter()
        .enumerate()
        .map(|(i, t)| Product {
            product_number: format!("ML-{}", 101 + i),
            name: t.name.to_owned(),
            product_group: TOURISM_GROUPS[t.group].to_owned(),
            unit: t.unit.to_owned(),
            list_price_cents: t.price,
            unit_cost_cents: t.price * (100 - t.margin) / 100,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn wholesale_list_has_unique_numbers_and_names_and_sane_prices() {
        let c = wholesale(0, 100_001, &mut Rng::new(1));
        assert!(
            (150..=300).contains(&c.products.len()),
            "{}",
            c.products.len()
        );
        let names: HashSet<&str> = c.products.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), c.products.len());
        for p in &c.products {
            assert!(
                !p.name.contains("{}") && !p.name.ends_with(' '),
                "{}",
                p.name
            );
            assert!(p.unit_cost_cents > 0 && p.unit_cost_cents < p.list_price_cents);
        }
        assert!(c.by_group.iter().all(|g| g.len() >= 10));
        let big = wholesale(3000, 1, &mut Rng::new(1));
        assert_eq!(big.products.len(), 3000);
        let numbers: HashSet<&str> = big
            .products
            .iter()
            .map(|p| p.product_number.as_str())
            .collect();
        assert_eq!(numbers.len(), 3000);
        let names: HashSet<&str> = big.products.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), 3000);
    }

    #[test]
    fn every_trip_is_sold_in_some_month() {
        for t in TRIPS {
            assert!(!t.months.is_empty() && t.months.iter().all(|m| (1..=12).contains(m)));
        }
        assert_eq!(tourism().len(), TRIPS.len());
        let named = [
            (trip::CABIN, "Hirsimökki"),
            (trip::CABIN + 1, "Lasi-iglu"),
            (trip::CABIN + 2, "Hotellihuone"),
            (trip::GROUP_BEDS, "Ryhmämajoitus"),
            (trip::CAMP, "Leirikoulupaketti"),
            (trip::RECREATION, "Virkistyspäivä"),
            (trip::CHRISTMAS, "Pikkujoulupaketti"),
            (trip::MEETING, "Kokous"),
            (trip::DINNER, "Illallinen"),
            (trip::LUNCH, "Lounas"),
            (trip::TRANSFER, "Lentokenttäkuljetus"),
            (trip::COACH, "Tilausbussi"),
            (trip::GEAR, "Talvivarusteiden"),
        ];
        for (i, start) in named {
            assert!(TRIPS[i].name.starts_with(start), "{i}: {}", TRIPS[i].name);
        }
    }
}
