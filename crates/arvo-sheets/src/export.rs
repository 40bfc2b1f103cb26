//! Lists written out as CSV or XLSX files, in the reader's language.
//!
//! CSV in Finnish is what a Finnish spreadsheet opens without questions: UTF-8 with a byte-order
//! mark, `;` between cells, decimal commas (`1234,56`) and dates as `22.11.2026`. In English it is
//! UTF-8 without a mark, `,` between cells, decimal points and ISO dates (`2026-11-22`). Numbers
//! carry no thousands separators, so that spreadsheets read them as numbers. Cells are quoted
//! only when they must be (RFC 4180), rows end in CRLF, and a text cell a spreadsheet would take
//! for a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written
//! with a `'` in front, which the import takes off again.
//!
//! XLSX cells are typed: numbers are numbers, money has two decimals and thousands grouping,
//! dates are dates shown as `d.m.yyyy` or `yyyy-mm-dd`. A workbook has no other number type than
//! a double, so money is written as euros in one; below 90 trillion euros every cent is exact.
//! The header row is bold and stays in view when scrolling, and each column is as wide as its
//! header and first thousand rows need. A sheet holds at most [`XLSX_MAX_ROWS`] rows below its
//! header. Rows go to a temporary file as they are written, so that a long list takes little
//! memory, and `finish` packs the workbook.

use arvo_core::dates::{format_fi, format_iso};
use arvo_core::{Decimal, Money};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// The language of a written file: its separators, number and date forms, and words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Fi,
    En,
}

impl Language {
    /// The decimal mark of numbers written as text.
    pub fn decimal_mark(self) -> char {
        match self {
            Self::Fi => ',',
            Self::En => '.',
        }
    }

    /// The CSV separator.
    pub fn separator(self) -> u8 {
        match self {
            Self::Fi => b';',
            Self::En => b',',
        }
    }

    /// The header of the column that explains a rejected row.
    pub fn error_header(self) -> &'static str {
        match self {
            Self::Fi => "Virhe",
            Self::En => "Error",
        }
    }

    fn date_format(self) -> &'static str {
        match self {
            Self::Fi => "d.m.yyyy",
            Self::En => "yyyy-mm-dd",
        }
    }
}

/// One cell of an exported list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    Decimal(Decimal),
    Money(Money),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    /// The cell as CSV text in `lang`, before quoting and formula defusing.
    pub fn text(&self, lang: Language) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Integer(i) => i.to_string(),
            Self::Decimal(d) => d.format(lang.decimal_mark()),
            Self::Money(m) => Decimal::new(i128::from(m.cents()), 2).format(lang.decimal_mark()),
            Self::Date(d) => match lang {
                Language::Fi => format_fi(*d),
                Language::En => format_iso(*d),
            },
            Self::Empty => String::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(i: i64) -> Self {
        Self::Integer(i)
    }
}

impl From<Decimal> for Cell {
    fn from(d: Decimal) -> Self {
        Self::Decimal(d)
    }
}

impl From<Money> for Cell {
    fn from(m: Money) -> Self {
        Self::Money(m)
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Self {
        Self::Date(d)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Empty, Into::into)
    }
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file could not be written: {0}")]
    Io(#[from] io::Error),
    #[error("the workbook could not be written: {0}")]
    Xlsx(String),
    #[error("a row has {got} cells but the list has {expected} columns")]
    Width { expected: usize, got: usize },
    #[error("a worksheet holds at most {max} rows")]
    TooManyRows { max: u64 },
}

impl From<csv::Error> for WriteError {
    /// The I/O error inside, as it is (so that a closed pipe is seen as one), or the CSV error.
    fn from(e: csv::Error) -> Self {
        if !e.is_io_error() {
            return Self::Io(e.into());
        }
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Self::Io(io),
            other => Self::Io(io::Error::other(format!("{other:?}"))),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Self::Xlsx(e.to_string())
    }
}

/// Whether a text starts like a formula, after any `'` marks: `=`, `+`, `-`, `@`, a tab or a
/// carriage return.
fn formula_like(text: &str) -> bool {
    text.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell with a `'` in front when a spreadsheet would run it as a formula. A text that
/// already starts with `'` before such a character gets one more, so that [`undefuse`] gives
/// every text back exactly.
pub fn defuse(text: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A text cell as it was before [`defuse`]: the `'` in front of a formula-like text taken off.
/// The import reads cells this way, so that a written file reads back as it was written.
pub fn undefuse(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => text,
    }
}

/// Writes a list as CSV row by row, never holding it whole.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    lang: Language,
    width: usize,
    line: Vec<String>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts the file: the byte-order mark (Finnish) and the header row.
    pub fn new(
        mut out: W,
        lang: Language,
        columns: &[impl AsRef<str>],
    ) -> Result<Self, WriteError> {
        if lang == Language::Fi {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(lang.separator())
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(columns.iter().map(|c| defuse(c.as_ref()).into_owned()))?;
        Ok(Self {
            writer,
            lang,
            width: columns.len(),
            line: Vec::with_capacity(columns.len()),
        })
    }

    /// Continues a file that another writer began with [`CsvWriter::new`]: rows of `width`
    /// cells, without a byte-order mark or a header. A long file sent in pieces (one per page of
    /// a list) is written this way, one writer per piece.
    pub fn continuing(out: W, lang: Language, width: usize) -> Self {
        let writer = csv::WriterBuilder::new()
            .delimiter(lang.separator())
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        Self {
            writer,
            lang,
            width,
            line: Vec::with_capacity(width),
        }
    }

    /// Writes one row; it must have a cell for every column.
    pub fn write_row(&mut self, cells: &[Cell]) -> Result<(), WriteError> {
        if cells.len() != self.width {
            return Err(WriteError::Width {
                expected: self.width,
                got: cells.len(),
            });
        }
        self.line.clear();
        for c in cells {
            let text = c.text(self.lang);
            self.line.push(match c {
                Cell::Text(_) => defuse(&text).into_owned(),
                _ => text,
            });
        }
        self.writer.write_record(&self.line)?;
        Ok(())
    }

    /// Ends the file and gives back the writer underneath.
    pub fn finish(self) -> Result<W, WriteError> {
        self.writer
            .into_inner()
            .map_err(|e| WriteError::Io(io::Error::other(e.error().to_string())))
    }
}

/// Writes a whole list as CSV (see the module documentation).
pub fn write_csv<W: Write, R: AsRef<[Cell]>>(
    out: W,
    lang: Language,
    columns: &[impl AsRef<str>],
    rows: impl IntoIterator<Item = R>,
) -> Result<W, WriteError> {
    let mut w = CsvWriter::new(out, lang, columns)?;
    for row in rows {
        w.write_row(row.as_ref())?;
    }
    w.finish()
}

/// The cell formats of a workbook in one language.
pub(crate) struct XlsxFormats {
    pub header: Format,
    pub date: Format,
    pub money: Format,
}

impl XlsxFormats {
    pub(crate) fn new(lang: Language) -> Self {
        Self {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format(lang.date_format()),
            money: Format::new().set_num_format("#,##0.00"),
        }
    }
}

/// An Excel date, when the year is one Excel has.
pub(crate) fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// The most rows a sheet holds below its header: Excel's limit is 1 048 576 rows in all.
pub const XLSX_MAX_ROWS: u64 = 1_048_575;

/// The rows whose cells set the columns' widths: the header and what a reader sees first.
const WIDTH_ROWS: u32 = 1000;

/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;

/// Writes a list as an XLSX workbook of one sheet, with typed cells. Rows go to a temporary file
/// as they are written, so a long list takes little memory; `finish` packs the workbook.
pub struct XlsxWriter {
    workbook: Workbook,
    sheet: Worksheet,
    formats: XlsxFormats,
    lang: Language,
    width: usize,
    row: u32,
    /// The widest cell of each column among the header and the first rows, in characters.
    widths: Vec<usize>,
}

impl XlsxWriter {
    /// Starts the sheet (named `sheet_name`) with its header row.
    pub fn new(
        lang: Language,
        sheet_name: &str,
        columns: &[impl AsRef<str>],
    ) -> Result<Self, WriteError> {
        let mut workbook = Workbook::new();
        let mut sheet = workbook.new_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_name)?;
        let formats = XlsxFormats::new(lang);
        sheet.set_freeze_panes(1, 0)?;
        for (i, c) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, column(i)?, c.as_ref(), &formats.header)?;
        }
        Ok(Self {
            workbook,
            sheet,
            formats,
            lang,
            width: columns.len(),
            row: 1,
            widths: columns
                .iter()
                .map(|c| c.as_ref().chars().count() + 1)
                .collect(),
        })
    }

    /// Writes one row; it must have a cell for every column, and the sheet must have room for
    /// it ([`XLSX_MAX_ROWS`]).
    pub fn write_row(&mut self, cells: &[Cell]) -> Result<(), WriteError> {
        if cells.len() != self.width {
            return Err(WriteError::Width {
                expected: self.width,
                got: cells.len(),
            });
        }
        if u64::from(self.row) > XLSX_MAX_ROWS {
            return Err(WriteError::TooManyRows { max: XLSX_MAX_ROWS });
        }
        let r = self.row;
        for (i, c) in cells.iter().enumerate() {
            let col = column(i)?;
            match c {
                Cell::Text(s) => {
                    self.sheet.write_string(r, col, s.as_str())?;
                }
                Cell::Integer(n) => {
                    self.sheet.write_number(r, col, *n as f64)?;
                }
                Cell::Decimal(d) => {
                    let value: f64 = d.to_string().parse().unwrap_or(0.0);
                    self.sheet.write_number(r, col, value)?;
                }
                Cell::Money(m) => {
                    self.sheet.write_number_with_format(
                        r,
                        col,
                        m.cents() as f64 / 100.0,
                        &self.formats.money,
                    )?;
                }
                Cell::Date(d) => match excel_date(*d) {
                    Some(x) => {
                        self.sheet
                            .write_datetime_with_format(r, col, &x, &self.formats.date)?;
                    }
                    None => {
                        self.sheet
                            .write_string(r, col, Cell::Date(*d).text(self.lang))?;
                    }
                },
                Cell::Empty => {}
            }
            if r <= WIDTH_ROWS {
                self.widths[i] = self.widths[i].max(shown_width(c, self.lang));
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Writes the workbook to `out` and gives it back.
    pub fn finish<W: Write + Send>(mut self, out: W) -> Result<W, WriteError> {
        for (i, w) in self.widths.iter().enumerate() {
            self.sheet
                .set_column_width(column(i)?, (*w).min(MAX_WIDTH) as f64 + 1.0)?;
        }
        self.workbook.push_worksheet(self.sheet);
        let mut out = out;
        self.workbook.save_to_writer(&mut out)?;
        Ok(out)
    }
}

/// About how many characters wide a spreadsheet shows a cell: money with its thousands
/// separators, a date as `22.11.2026`, text by its longest line.
fn shown_width(cell: &Cell, lang: Language) -> usize {
    match cell {
        Cell::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Cell::Money(_) => {
            let text = cell.text(lang);
            let digits = text.chars().filter(char::is_ascii_digit).count();
            text.chars().count() + digits.saturating_sub(3) / 3
        }
        Cell::Date(_) => 10,
        Cell::Empty => 0,
        Cell::Integer(_) | Cell::Decimal(_) => cell.text(lang).chars().count(),
    }
}

pub(crate) fn column(index: usize) -> Result<u16, WriteError> {
    u16::try_from(index).map_err(|_| WriteError::Xlsx("too many columns".into()))
}

/// Writes a whole list as an XLSX workbook (see the module documentation).
pub fn write_xlsx<W: Write + Send, R: AsRef<[Cell]>>(
    out: W,
    lang: Language,
    columns: &[impl AsRef<str>],
    rows: impl IntoIterator<Item = R>,
) -> Result<W, WriteError> {
    let name = match lang {
        Language::Fi => "Tiedot",
        Language::En => "Data",
    };
    let mut w = XlsxWriter::new(lang, name, columns)?;
    for row in rows {
        w.write_row(row.as_ref())?;
    }
    w.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{ReadOptions, open_bytes};
    use arvo_core::DecimalMark;
    use proptest::prelude::*;

    fn sample() -> (Vec<&'static str>, Vec<Vec<Cell>>) {
        let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        (
            vec!["Nimi", "Määrä", "Summa", "Päivä", "Kpl", "Huom"],
            vec![
                vec![
                    Cell::from("Kone; \"Oy\""),
                    Cell::Decimal(Decimal::new(25, 1)),
                    Cell::Money(Money(123_456)),
                    Cell::Date(date),
                    Cell::Integer(-3),
                    Cell::from("=SUM(A1)"),
                ],
                vec![
                    Cell::from("Äänekoski\nrivi 2"),
                    Cell::Empty,
                    Cell::Money(Money(-5)),
                    Cell::from(None::<NaiveDate>),
                    Cell::Integer(0),
                    Cell::Empty,
                ],
            ],
        )
    }

    #[test]
    fn finnish_csv_has_a_bom_semicolons_and_decimal_commas() {
        let (cols, rows) = sample();
        let bytes = write_csv(Vec::new(), Language::Fi, &cols, &rows).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}Nimi;Määrä;Summa;Päivä;Kpl;Huom\r\n\
             \"Kone; \"\"Oy\"\"\";2,5;1234,56;22.11.2026;-3;'=SUM(A1)\r\n\
             \"Äänekoski\nrivi 2\";;-0,05;;0;\r\n"
        );
        let en = write_csv(Vec::new(), Language::En, &cols, &rows).unwrap();
        let en = String::from_utf8(en).unwrap();
        assert!(en.starts_with("Nimi,Määrä,Summa,Päivä,Kpl,Huom\r\n\"Kone; \"\"Oy\"\"\",2.5,1234.56,2026-11-22,-3,'=SUM(A1)\r\n"));
        let short = write_csv(Vec::new(), Language::En, &cols, [vec![Cell::Empty]]);
        assert!(matches!(
            short,
            Err(WriteError::Width {
                expected: 6,
                got: 1
            })
        ));
    }

    #[test]
    fn a_file_written_in_pieces_is_the_file_written_whole() {
        let (cols, rows) = sample();
        for lang in [Language::Fi, Language::En] {
            let whole = write_csv(Vec::new(), lang, &cols, &rows).unwrap();
            let mut first = CsvWriter::new(Vec::new(), lang, &cols).unwrap();
            first.write_row(&rows[0]).unwrap();
            let mut pieces = first.finish().unwrap();
            let mut rest = CsvWriter::continuing(Vec::new(), lang, cols.len());
            rest.write_row(&rows[1]).unwrap();
            pieces.extend(rest.finish().unwrap());
            assert_eq!(pieces, whole);
        }
    }

    #[test]
    fn xlsx_cells_are_typed() {
        let (cols, rows) = sample();
        let bytes = write_xlsx(std::io::Cursor::new(Vec::new()), Language::Fi, &cols, &rows)
            .unwrap()
            .into_inner();
        let sheet = open_bytes(bytes, None, &ReadOptions::default()).unwrap();
        assert_eq!(
            sheet.format(),
            &crate::read::Format::Xlsx {
                sheet: "Tiedot".into()
            }
        );
        assert_eq!(sheet.header().cells, cols);
        let read: Vec<Vec<String>> = sheet.map(|r| r.unwrap().cells).collect();
        assert_eq!(
            read[0],
            [
                "Kone; \"Oy\"",
                "2.5",
                "1234.56",
                "2026-11-22",
                "-3",
                "=SUM(A1)"
            ]
        );
        assert_eq!(read[1], ["Äänekoski\nrivi 2", "", "-0.05", "", "0"]);
    }

    fn arb_cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            "[a-zA-Z0-9äöåÄÖ€ ;,.\"'=+@\\-\\n\\t]{0,12}".prop_map(Cell::Text),
            any::<i64>().prop_map(Cell::Integer),
            (-10i128.pow(18)..10i128.pow(18), 0u32..6)
                .prop_map(|(m, s)| Cell::Decimal(Decimal::new(m, s))),
            (-10i64.pow(13)..10i64.pow(13)).prop_map(|c| Cell::Money(Money(c))),
            (0i64..200_000).prop_map(|d| Cell::Date(
                NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(d as u64)
            )),
            Just(Cell::Empty),
        ]
    }

    proptest! {
        #[test]
        fn undefuse_gives_back_what_defuse_was_given(text in "['=+@a -]{0,6}") {
            let written = defuse(&text);
            prop_assert_eq!(undefuse(&written), text.as_str());
        }

        #[test]
        fn csv_export_reads_back_the_same_cells(
            rows in proptest::collection::vec(proptest::collection::vec(arb_cell(), 4), 1..8),
            english in any::<bool>(),
        ) {
            let lang = if english { Language::En } else { Language::Fi };
            let cols = ["A", "B", "C", "D"];
            // A row of nothing but blanks is no row to a reader.
            let written = |c: &Cell| match c {
                Cell::Text(s) => defuse(s).into_owned(),
                other => other.text(lang),
            };
            let rows: Vec<Vec<Cell>> = rows
                .into_iter()
                .filter(|r| r.iter().any(|c| !written(c).trim().is_empty()))
                .collect();
            let bytes = write_csv(Vec::new(), lang, &cols, &rows).unwrap();
            let sheet = open_bytes(bytes, Some("list.csv"), &ReadOptions::default()).unwrap();
            let mark = if english { DecimalMark::Point } else { DecimalMark::Comma };
            prop_assert_eq!(sheet.format().decimal_mark(), mark);
            let read: Vec<Vec<String>> = sheet.map(|r| r.unwrap().cells).collect();
            prop_assert_eq!(read.len(), rows.len());
            for (got, want) in read.iter().zip(&rows) {
                for (i, cell) in want.iter().enumerate() {
                    let text = got.get(i).map_or("", String::as_str);
                    match cell {
                        Cell::Text(s) => prop_assert_eq!(text, defuse(s).into_owned()),
                        Cell::Integer(n) => prop_assert_eq!(text.parse::<i64>().ok(), Some(*n)),
                        Cell::Decimal(d) => prop_assert_eq!(
                            Decimal::parse(text, mark).map(Decimal::normalized),
                            Ok(d.normalized())
                        ),
                        Cell::Money(m) => prop_assert_eq!(
                            arvo_core::purchases::parse_money(text, mark, arvo_core::purchases::Cents::Exact),
                            Ok(*m)
                        ),
                        Cell::Date(d) => prop_assert_eq!(arvo_core::dates::parse_date(text), Ok(*d)),
                        Cell::Empty => prop_assert_eq!(text, ""),
                    }
                }
            }
        }
    }
}
