//! Whole files through the crate: the same order lines written as a Finnish Windows-1252 CSV file
//! and as an XLSX workbook read into the same typed rows; bad rows named by row, column and
//! reason; rejected rows written back and read again.

use arvo_core::{Channel, Discount, Money, Problem, Quantity};
use arvo_sheets::{
    CsvFormat, Format, Kind, KindRow, Language, Mapping, ReadOptions, RejectWriter, RowError,
    Sheet, TextEncoding, open, open_bytes, suggest,
};
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook};
use std::path::PathBuf;

const HEADER: [&str; 11] = [
    "Tilausnumero",
    "Rivi",
    "Asiakasnro",
    "Tilauspäivä",
    "Tuotekoodi",
    "Tuotenimi",
    "Määrä",
    "À-hinta",
    "Alennus %",
    "Kanava",
    "Jälleenmyyjä",
];

/// One order line: texts, numbers and dates, as a test writes them to either kind of file.
struct Line {
    order: &'static str,
    number: i64,
    customer: &'static str,
    date: (i32, u32, u32),
    product: &'static str,
    name: &'static str,
    quantity: f64,
    price: f64,
    discount: f64,
    channel: &'static str,
    reseller: &'static str,
}

fn lines() -> Vec<Line> {
    vec![
        Line {
            order: "T-1001",
            number: 1,
            customer: "10023",
            date: (2026, 11, 22),
            product: "P-7",
            name: "Ruuvi M8, sinkitty",
            quantity: 2.5,
            price: 1234.5,
            discount: 10.0,
            channel: "Suora",
            reseller: "",
        },
        Line {
            order: "T-1001",
            number: 2,
            customer: "10023",
            date: (2026, 11, 22),
            product: "P-9",
            name: "Mutteri \"erikois\"\nkaksi riviä",
            quantity: 1000.0,
            price: 0.0125,
            discount: 0.0,
            channel: "Verkkokauppa",
            reseller: "",
        },
        Line {
            order: "T-1002",
            number: 1,
            customer: "20044",
            date: (2026, 1, 3),
            product: "P-7",
            name: "Öljy ja älä",
            quantity: 1.25,
            price: 99.99,
            discount: 33.33,
            channel: "Jälleenmyynti",
            reseller: "Rautakauppa Åkerlund Oy",
        },
    ]
}

/// A number as a Finnish spreadsheet writes it: decimal comma, space between thousands.
fn finnish_number(value: f64) -> String {
    let text = arvo_sheets::number_text(value);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped},{fraction}")
    }
}

fn csv_cell(text: &str) -> String {
    if text.contains([';', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The lines as a Windows-1252 CSV file with `;` and CRLF, Finnish numbers and dates.
fn finnish_csv(lines: &[Line]) -> Vec<u8> {
    let mut text = HEADER.join(";") + "\r\n";
    for l in lines {
        let (y, m, d) = l.date;
        let cells = [
            l.order.to_owned(),
            l.number.to_string(),
            l.customer.to_owned(),
            format!("{d}.{m}.{y}"),
            l.product.to_owned(),
            l.name.to_owned(),
            finnish_number(l.quantity),
            finnish_number(l.price),
            finnish_number(l.discount),
            l.channel.to_owned(),
            l.reseller.to_owned(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        text.push_str(&cells.join(";"));
        text.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The lines as a workbook with number and date cells, as a spreadsheet saves them.
fn workbook(lines: &[Line]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet().set_name("Tilausrivit").unwrap();
    let date = XlsxFormat::new().set_num_format("d.m.yyyy");
    let money = XlsxFormat::new().set_num_format("# ##0,00");
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, l) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        let (y, m, d) = l.date;
        sheet.write_string(r, 0, l.order).unwrap();
        sheet.write_number(r, 1, l.number as f64).unwrap();
        // A customer number typed as a number: the workbook keeps it as one.
        sheet
            .write_number(r, 2, l.customer.parse::<f64>().unwrap())
            .unwrap();
        let day = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8).unwrap();
        sheet.write_datetime_with_format(r, 3, &day, &date).unwrap();
        sheet.write_string(r, 4, l.product).unwrap();
        sheet.write_string(r, 5, l.name).unwrap();
        sheet.write_number(r, 6, l.quantity).unwrap();
        sheet
            .write_number_with_format(r, 7, l.price, &money)
            .unwrap();
        sheet.write_number(r, 8, l.discount).unwrap();
        sheet.write_string(r, 9, l.channel).unwrap();
        if !l.reseller.is_empty() {
            sheet.write_string(r, 10, l.reseller).unwrap();
        }
    }
    // Empty rows after the data are no rows.
    sheet.write_string(lines.len() as u32 + 5, 0, "").unwrap();
    wb.save_to_buffer().unwrap()
}

fn parse_all(sheet: Sheet) -> (Vec<KindRow>, Vec<RowError>) {
    let mapping = suggest(Kind::Orders, sheet.header());
    let binding = mapping
        .bind(sheet.header(), sheet.format().decimal_mark())
        .unwrap();
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for record in sheet {
        match binding.parse(&record.unwrap()) {
            Ok(row) => good.push(row),
            Err(e) => bad.push(e),
        }
    }
    (good, bad)
}

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("arvo-sheets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn finnish_csv_and_xlsx_give_the_same_rows() {
    let lines = lines();
    let csv_path = temp_path("tilausrivit.csv");
    std::fs::write(&csv_path, finnish_csv(&lines)).unwrap();
    let csv = open(&csv_path, &ReadOptions::default()).unwrap();
    assert_eq!(
        csv.format(),
        &Format::Csv(CsvFormat {
            encoding: TextEncoding::Windows1252,
            separator: b';',
            bom: false
        })
    );
    assert_eq!(csv.header().cells, HEADER);
    let (from_csv, errors) = parse_all(csv);
    assert!(errors.is_empty(), "{errors:?}");

    let xlsx_path = temp_path("tilausrivit.xlsx");
    std::fs::write(&xlsx_path, workbook(&lines)).unwrap();
    let xlsx = open(&xlsx_path, &ReadOptions::default()).unwrap();
    assert_eq!(
        xlsx.format(),
        &Format::Xlsx {
            sheet: "Tilausrivit".into()
        }
    );
    let (from_xlsx, errors) = parse_all(xlsx);
    assert!(errors.is_empty(), "{errors:?}");

    assert_eq!(from_csv.len(), 3);
    assert_eq!(from_csv, from_xlsx);
    let KindRow::OrderLine(first) = &from_csv[0] else {
        panic!("order lines")
    };
    assert_eq!(
        first.order_date,
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    );
    assert_eq!(first.quantity, Quantity(2500));
    assert_eq!(first.unit_price, Money(123_450));
    assert_eq!(first.discount, Discount(1000));
    assert_eq!(first.net_amount(), Money(277_763));
    let KindRow::OrderLine(second) = &from_csv[1] else {
        panic!("order lines")
    };
    assert_eq!(
        second.product_name.as_deref(),
        Some("Mutteri \"erikois\"\nkaksi riviä")
    );
    assert_eq!(second.unit_price, Money(1));
    assert_eq!(second.channel, Channel::Web);
    let KindRow::OrderLine(third) = &from_csv[2] else {
        panic!("order lines")
    };
    assert_eq!(third.channel, Channel::Reseller);
    assert_eq!(third.reseller.as_deref(), Some("Rautakauppa Åkerlund Oy"));
    assert_eq!(third.discount, Discount(3333));
    let _ = std::fs::remove_dir_all(csv_path.parent().unwrap());
}

#[test]
fn a_bad_date_is_named_by_row_column_and_reason_and_its_row_is_rejected_in_kind() {
    let text = "\u{feff}Tilausnumero;Rivi;Asiakasnro;Tilauspäivä;Tuotekoodi;Määrä;À-hinta;Huom\r\n\
                T-1;1;10023;22.11.2026;P-7;1;10,00;\"ok\nrivi\"\r\n\
                T-1;2;10023;31.02.2026;P-7;1;10,00;\r\n\
                T-1;3;;1.3.2026;P-7;-2;x;\r\n";
    let sheet = open_bytes(
        text.as_bytes().to_vec(),
        Some("orders.csv"),
        &ReadOptions::default(),
    )
    .unwrap();
    let format = sheet.format().clone();
    assert!(matches!(&format, Format::Csv(f) if f.bom && f.encoding == TextEncoding::Utf8));
    let header = sheet.header().clone();
    let mapping = suggest(Kind::Orders, &header);
    let binding = mapping.bind(&header, format.decimal_mark()).unwrap();
    let mut rejects = RejectWriter::new(Vec::new(), &format, Language::Fi, &header).unwrap();
    let mut good = 0;
    let mut errors = Vec::new();
    for record in sheet {
        let record = record.unwrap();
        match binding.parse(&record) {
            Ok(_) => good += 1,
            Err(e) => {
                rejects.write(&record, &e.english()).unwrap();
                errors.push(e);
            }
        }
    }
    assert_eq!(good, 1);
    assert_eq!(errors.len(), 2);
    // The first data row spans two lines, but it is one row: the bad date is on row 3.
    assert_eq!(errors[0].row, 3);
    assert_eq!(errors[0].problems.len(), 1);
    assert_eq!(errors[0].problems[0].column.as_deref(), Some("Tilauspäivä"));
    assert_eq!(errors[0].problems[0].field, "order_date");
    assert_eq!(errors[0].problems[0].problem, Problem::Date);
    assert_eq!(
        errors[0].to_string(),
        "row 3: Tilauspäivä must be a date (22.11.2026 or 2026-11-22)"
    );
    assert_eq!(errors[1].row, 4);
    let columns: Vec<Option<&str>> = errors[1]
        .problems
        .iter()
        .map(|p| p.column.as_deref())
        .collect();
    assert_eq!(
        columns,
        [Some("Asiakasnro"), Some("Määrä"), Some("À-hinta")]
    );

    // The rejected rows come back as the same kind of file, and import again once fixed.
    let rejected = rejects.finish().unwrap();
    let text = String::from_utf8(rejected.clone()).unwrap();
    assert!(text.starts_with(
        "\u{feff}Tilausnumero;Rivi;Asiakasnro;Tilauspäivä;Tuotekoodi;Määrä;À-hinta;Huom;Virhe\r\n"
    ));
    let fixed = text.replace("31.02.2026", "28.02.2026");
    let sheet = open_bytes(fixed.into_bytes(), None, &ReadOptions::default()).unwrap();
    let saved = Mapping::from_json(&mapping.to_json()).unwrap();
    let binding = saved
        .bind(sheet.header(), sheet.format().decimal_mark())
        .unwrap();
    let results: Vec<Result<KindRow, RowError>> =
        sheet.map(|r| binding.parse(&r.unwrap())).collect();
    assert!(results[0].is_ok());
    assert_eq!(results[1].as_ref().unwrap_err().row, 3);
}

#[test]
fn a_named_worksheet_is_read_and_a_missing_one_is_refused() {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("Ohje")
        .unwrap()
        .write_string(0, 0, "Lue minut")
        .unwrap();
    let data = wb.add_worksheet().set_name("Tuotteet").unwrap();
    data.write_string(2, 1, "Tuotekoodi").unwrap();
    data.write_string(2, 2, "Nimi").unwrap();
    data.write_string(3, 1, "P-1").unwrap();
    data.write_string(3, 2, "Ruuvi").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let opts = ReadOptions {
        sheet: Some("Tuotteet".into()),
        ..ReadOptions::default()
    };
    let sheet = open_bytes(bytes.clone(), Some("data.xlsx"), &opts).unwrap();
    // Rows and columns are where the spreadsheet shows them.
    assert_eq!(sheet.header().row, 3);
    assert_eq!(sheet.header().cells, ["", "Tuotekoodi", "Nimi"]);
    let (rows, errors) = {
        let mapping = suggest(Kind::Products, sheet.header());
        let binding = mapping
            .bind(sheet.header(), sheet.format().decimal_mark())
            .unwrap();
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for r in sheet {
            let r = r.unwrap();
            assert_eq!(r.row, 4);
            match binding.parse(&r) {
                Ok(k) => rows.push(k),
                Err(e) => errors.push(e),
            }
        }
        (rows, errors)
    };
    assert_eq!(rows.len(), 1);
    assert!(errors.is_empty());
    let first = open_bytes(bytes.clone(), None, &ReadOptions::default()).unwrap();
    assert_eq!(
        first.format(),
        &Format::Xlsx {
            sheet: "Ohje".into()
        }
    );
    let missing = ReadOptions {
        sheet: Some("Asiakkaat".into()),
        ..ReadOptions::default()
    };
    let err = open_bytes(bytes, None, &missing).err().unwrap();
    assert_eq!(
        err.to_string(),
        "the workbook has no sheet named \"Asiakkaat\"; its sheets are: Ohje, Tuotteet"
    );
}

/// The fractions a sheet reports after each of its rows.
fn fractions(mut sheet: Sheet) -> Vec<f64> {
    let mut seen = vec![sheet.read_fraction()];
    let mut record = arvo_sheets::Record::default();
    while sheet.next_into(&mut record).unwrap() {
        seen.push(sheet.read_fraction());
    }
    seen.push(sheet.read_fraction());
    seen
}

#[test]
fn the_read_fraction_grows_to_one_in_csv_and_xlsx() {
    let mut lines = Vec::new();
    for _ in 0..400 {
        lines.extend(self::lines());
    }
    for (name, bytes) in [
        ("rivit.csv", finnish_csv(&lines)),
        ("rivit.xlsx", workbook(&lines)),
    ] {
        let seen = fractions(open_bytes(bytes, Some(name), &ReadOptions::default()).unwrap());
        assert_eq!(seen.len(), lines.len() + 2, "{name}");
        assert!(seen[0] < 0.5, "{name}: {}", seen[0]);
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{name}: never falls");
        assert!(
            seen.iter().any(|f| (0.3..0.7).contains(f)),
            "{name}: passes the middle"
        );
        assert!(
            (seen[seen.len() - 1] - 1.0).abs() < 1e-9,
            "{name}: ends at one"
        );
    }
}
