//! The file of rejected rows: the input's header and the rows that could not be imported,
//! written back in the input's own format, with one more column (`Virhe` or `Error`) that says
//! what is wrong with each row. The user fixes the rows and imports the file again: a saved
//! mapping ignores the extra column.
//!
//! A CSV input gets CSV with its own encoding, separator and byte-order mark (a character its
//! encoding lacks becomes `?`). A workbook input gets a workbook with one sheet of the input
//! sheet's name, the header in bold; cells that read as plain numbers (`1234.56`, no leading
//! zeros, at most 15 digits) are written as numbers and ISO dates as dates, so the workbook looks
//! like the one the rows came from.

use crate::encoding::EncodingWriter;
use crate::export::{Language, WriteError, XlsxFormats, column, excel_date};
use crate::read::{Format, Record};
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet};
use std::io::Write;

/// Writes rejected rows in the format they came in.
pub struct RejectWriter<W: Write + Send> {
    inner: Inner<W>,
    width: usize,
    count: usize,
}

enum Inner<W: Write + Send> {
    Csv(csv::Writer<EncodingWriter<W>>),
    Xlsx {
        out: W,
        sheet: Box<Worksheet>,
        formats: XlsxFormats,
        row: u32,
    },
}

impl<W: Write + Send> RejectWriter<W> {
    /// Starts the file with the input's `header` and the error column's header in `lang`.
    pub fn new(
        mut out: W,
        format: &Format,
        lang: Language,
        header: &Record,
    ) -> Result<Self, WriteError> {
        let mut names: Vec<String> = header.cells.clone();
        names.push(lang.error_header().to_owned());
        let width = header.cells.len();
        let inner = match format {
            Format::Csv(f) => {
                if f.bom {
                    out.write_all(f.encoding.bom())?;
                }
                let mut w = csv::WriterBuilder::new()
                    .delimiter(f.separator)
                    .flexible(true)
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(EncodingWriter::new(out, f.encoding));
                w.write_record(&names)?;
                Inner::Csv(w)
            }
            Format::Xlsx { sheet: name } => {
                let mut sheet = Box::new(Worksheet::new());
                sheet.set_name(name.as_str())?;
                let formats = XlsxFormats::new(lang);
                for (i, n) in names.iter().enumerate() {
                    sheet.write_string_with_format(0, column(i)?, n.as_str(), &formats.header)?;
                }
                sheet.set_freeze_panes(1, 0)?;
                Inner::Xlsx {
                    out,
                    sheet,
                    formats,
                    row: 1,
                }
            }
        };
        Ok(Self {
            inner,
            width,
            count: 0,
        })
    }

    /// Writes one rejected row and the explanation of its problems.
    pub fn write(&mut self, record: &Record, error: &str) -> Result<(), WriteError> {
        let mut cells: Vec<&str> = record.cells.iter().map(String::as_str).collect();
        while cells.len() > self.width && cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        while cells.len() < self.width {
            cells.push("");
        }
        cells.push(error);
        match &mut self.inner {
            Inner::Csv(w) => w.write_record(&cells)?,
            Inner::Xlsx {
                sheet,
                formats,
                row,
                ..
            } => {
                for (i, text) in cells.iter().enumerate() {
                    let col = column(i)?;
                    if text.is_empty() {
                        continue;
                    }
                    let last = i + 1 == cells.len();
                    if let Some(n) = plain_number(text).filter(|_| !last) {
                        sheet.write_number(*row, col, n)?;
                    } else if let Some(d) = iso_date(text).filter(|_| !last).and_then(excel_date) {
                        sheet.write_datetime_with_format(*row, col, &d, &formats.date)?;
                    } else {
                        sheet.write_string(*row, col, *text)?;
                    }
                }
                *row += 1;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// How many rows were written.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Ends the file and gives back the writer underneath.
    pub fn finish(self) -> Result<W, WriteError> {
        match self.inner {
            Inner::Csv(w) => {
                let enc = w
                    .into_inner()
                    .map_err(|e| WriteError::Io(std::io::Error::other(e.error().to_string())))?;
                Ok(enc.into_inner()?)
            }
            Inner::Xlsx {
                mut out, mut sheet, ..
            } => {
                sheet.autofit();
                let mut workbook = Workbook::new();
                workbook.push_worksheet(*sheet);
                workbook.save_to_writer(&mut out)?;
                Ok(out)
            }
        }
    }
}

/// A text that a workbook holds as a number without changing how it reads: an optional minus,
/// digits without a leading zero (or a lone zero), an optional point and decimals, at most 15
/// digits in all.
fn plain_number(text: &str) -> Option<f64> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = !whole.is_empty()
        && digits_only(whole)
        && digits_only(fraction)
        && (whole == "0" || !whole.starts_with('0'))
        && (body.len() == whole.len() || !fraction.is_empty())
        && !fraction.ends_with('0')
        && whole.len() + fraction.len() <= 15;
    if ok { text.parse().ok() } else { None }
}

fn iso_date(text: &str) -> Option<NaiveDate> {
    if text.len() == 10 {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::TextEncoding;
    use crate::read::{CsvFormat, ReadOptions, open_bytes};
    use std::io::Cursor;

    fn rec(row: usize, cells: &[&str]) -> Record {
        Record::new(row, cells.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn csv_rejects_keep_the_input_format() {
        let format = Format::Csv(CsvFormat {
            encoding: TextEncoding::Windows1252,
            separator: b';',
            bom: false,
        });
        let header = rec(1, &["Nimi", "Pvm", "Määrä"]);
        let mut w = RejectWriter::new(Vec::new(), &format, Language::Fi, &header).unwrap();
        w.write(
            &rec(3, &["Äänekoski", "31.02.2026"]),
            "Pvm: Anna päivämäärä muodossa 22.11.2026.",
        )
        .unwrap();
        w.write(
            &rec(5, &["Öljy; \"hyvä\"", "1.1.2026", "x", ""]),
            "Määrä: Anna luku.",
        )
        .unwrap();
        assert_eq!(w.count(), 2);
        let bytes = w.finish().unwrap();
        assert_eq!(
            bytes,
            b"Nimi;Pvm;M\xE4\xE4r\xE4;Virhe\r\n\
              \xC4\xE4nekoski;31.02.2026;;Pvm: Anna p\xE4iv\xE4m\xE4\xE4r\xE4 muodossa 22.11.2026.\r\n\
              \"\xD6ljy; \"\"hyv\xE4\"\"\";1.1.2026;x;M\xE4\xE4r\xE4: Anna luku.\r\n"
        );
        // The file reads back in the same format, with the error as a column of its own.
        let sheet = open_bytes(bytes, Some("hylätyt.csv"), &ReadOptions::default()).unwrap();
        assert_eq!(sheet.format(), &format);
        assert_eq!(sheet.header().cells, ["Nimi", "Pvm", "Määrä", "Virhe"]);

        let utf8 = Format::Csv(CsvFormat {
            encoding: TextEncoding::Utf8,
            separator: b',',
            bom: true,
        });
        let mut w = RejectWriter::new(Vec::new(), &utf8, Language::En, &header).unwrap();
        w.write(&rec(2, &["Kone", "x", "1"]), "Pvm must be a date")
            .unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{feff}Nimi,Pvm,Määrä,Error\r\nKone,x,1,Pvm must be a date\r\n"
        );
    }

    #[test]
    fn xlsx_rejects_are_a_workbook_with_typed_cells() {
        let format = Format::Xlsx {
            sheet: "Tilaukset".into(),
        };
        let header = rec(1, &["Tilaus", "Pvm", "Määrä", "Koodi"]);
        let mut w =
            RejectWriter::new(Cursor::new(Vec::new()), &format, Language::Fi, &header).unwrap();
        w.write(
            &rec(4, &["T-1", "2026-11-22", "1234.5", "007"]),
            "Rivi: puuttuu",
        )
        .unwrap();
        let bytes = w.finish().unwrap().into_inner();
        let sheet = open_bytes(bytes, None, &ReadOptions::default()).unwrap();
        assert_eq!(sheet.format(), &format);
        assert_eq!(
            sheet.header().cells,
            ["Tilaus", "Pvm", "Määrä", "Koodi", "Virhe"]
        );
        let rows: Vec<Record> = sheet.map(Result::unwrap).collect();
        assert_eq!(
            rows[0].cells,
            ["T-1", "2026-11-22", "1234.5", "007", "Rivi: puuttuu"]
        );
    }

    #[test]
    fn only_plain_numbers_become_numbers() {
        assert_eq!(plain_number("1234.56"), Some(1234.56));
        assert_eq!(plain_number("-0.5"), Some(-0.5));
        assert_eq!(plain_number("0"), Some(0.0));
        for text in [
            "007",
            "1.50",
            "1,5",
            "1e5",
            "12345678901234567",
            "1.",
            ".5",
            "-",
            "",
        ] {
            assert_eq!(plain_number(text), None, "{text}");
        }
    }
}
