//! Opening a CSV or XLSX file as a [`Sheet`]: its detected [`Format`], its header row and its
//! rows as text cells, streamed one at a time.
//!
//! What is detected, in order:
//!
//! - **XLSX** by content (a zip archive) or, failing that, by a `.xlsx`/`.xlsm` name, which is
//!   then an error when the content is not a workbook. Old `.xls` workbooks are refused with a
//!   request to save the file as XLSX or CSV. The first worksheet is read unless another is named.
//! - **Text encoding**: a byte-order mark names it (UTF-8, UTF-16LE or UTF-16BE); otherwise the
//!   whole file is checked and is UTF-8 when every byte of it is valid UTF-8, else Windows-1252.
//! - **Separator**: `;`, `,` or tab, whichever occurs most often outside quotes in the header line
//!   (ties go to `;`, then tab, then `,`; a header without any of them is one column, read with
//!   `;`). A first line `sep=X`, as Excel writes it, names the separator and is not a row.
//!
//! The header is the first row with any text in it; rows without text are skipped, before the
//! header and after it. Each row carries its number as a spreadsheet shows it: the header of a
//! plain file is row 1, a quoted cell with line breaks is still one row, and a `sep=` line is no
//! row. CSV rows are read one at a time and never all at once; XLSX rows are read from the
//! workbook's XML on a thread of their own and handed over in small batches.

use crate::encoding::{TextEncoding, Utf16Reader, decode_into, is_utf8, sniff_bom};
use crate::xlsx::XlsxRows;
use arvo_core::DecimalMark;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// One row of a file: its number as a spreadsheet user sees it (the header of a plain file is
/// row 1) and its cells as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub row: usize,
    pub cells: Vec<String>,
}

impl Record {
    pub fn new(row: usize, cells: Vec<String>) -> Self {
        Self { row, cells }
    }

    /// The cell in column `index` (from 0), empty when the row is shorter.
    pub fn get(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }

    /// Whether no cell holds anything but white space.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Whether a file is CSV text or an XLSX workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Csv,
    Xlsx,
}

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CsvFormat {
    pub encoding: TextEncoding,
    /// `b';'`, `b','` or `b'\t'`.
    pub separator: u8,
    /// Whether the file starts with a byte-order mark.
    pub bom: bool,
}

impl CsvFormat {
    /// The decimal mark numbers in such a file most likely use when the text cannot tell: a
    /// semicolon-separated file comes from a locale that writes decimals with a comma, a
    /// comma-separated one from a locale that writes them with a point.
    pub fn decimal_mark(&self) -> DecimalMark {
        match self.separator {
            b';' => DecimalMark::Comma,
            b',' => DecimalMark::Point,
            _ => DecimalMark::Auto,
        }
    }
}

/// A file's detected format.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Format {
    Csv(CsvFormat),
    /// A workbook, read from the named worksheet.
    Xlsx {
        sheet: String,
    },
}

impl Format {
    pub fn kind(&self) -> FileKind {
        match self {
            Self::Csv(_) => FileKind::Csv,
            Self::Xlsx { .. } => FileKind::Xlsx,
        }
    }

    /// The decimal mark for numbers whose text cannot tell (see [`CsvFormat::decimal_mark`]).
    /// A workbook's number cells are read as `1234.56`, so for XLSX it is the point.
    pub fn decimal_mark(&self) -> DecimalMark {
        match self {
            Self::Csv(f) => f.decimal_mark(),
            Self::Xlsx { .. } => DecimalMark::Point,
        }
    }
}

/// Choices that override detection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The worksheet of a workbook; the first one when `None`.
    pub sheet: Option<String>,
    /// The CSV separator instead of the sniffed one.
    pub separator: Option<u8>,
    /// The CSV encoding instead of the detected one.
    pub encoding: Option<TextEncoding>,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("the file could not be read: {0}")]
    Io(#[from] io::Error),
    #[error("row {row}: {message}")]
    Csv { row: usize, message: String },
    #[error("the workbook could not be read: {0}")]
    Xlsx(String),
    #[error("the file is named as an XLSX workbook but is not one")]
    NotXlsx,
    #[error("old Excel workbooks (.xls) are not read: save the file as .xlsx or as CSV")]
    Xls,
    #[error("the workbook has no sheet named {name:?}; its sheets are: {}", available.join(", "))]
    NoSuchSheet {
        name: String,
        available: Vec<String>,
    },
    #[error("the file has no header row: it is empty")]
    Empty,
}

/// An open file: its format, its header, and its rows after the header.
///
/// Iterating gives each non-blank row after the header; [`Sheet::next_into`] does the same into
/// a reused [`Record`], which spares an allocation per cell on large files.
pub struct Sheet {
    format: Format,
    header: Record,
    source: Source,
    /// Whether the last row has been read.
    finished: bool,
}

enum Source {
    Csv(CsvRows),
    Xlsx(XlsxRows),
}

impl Source {
    fn next_into(&mut self, record: &mut Record) -> Result<bool, ReadError> {
        match self {
            Self::Csv(c) => c.next_into(record),
            Self::Xlsx(x) => x.next_into(record),
        }
    }

    fn read_fraction(&self) -> f64 {
        match self {
            Self::Csv(c) => c.read_fraction(),
            Self::Xlsx(x) => x.read_fraction(),
        }
    }
}

impl Sheet {
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// The header row, its cells trimmed.
    pub fn header(&self) -> &Record {
        &self.header
    }

    /// Reads the next non-blank row into `record`, reusing its cells; `false` at the end.
    pub fn next_into(&mut self, record: &mut Record) -> Result<bool, ReadError> {
        let more = self.source.next_into(record)?;
        self.finished = !more;
        Ok(more)
    }

    /// How much of the file has been read, from 0 to 1: of its bytes for CSV, of its rows (as
    /// the worksheet declares them) for XLSX. An estimate for progress bars, never for logic.
    pub fn read_fraction(&self) -> f64 {
        if self.finished {
            1.0
        } else {
            self.source.read_fraction().clamp(0.0, 1.0)
        }
    }

    fn with_source(format: Format, mut source: Source) -> Result<Self, ReadError> {
        let mut header = Record::default();
        if !source.next_into(&mut header)? {
            return Err(ReadError::Empty);
        }
        for cell in &mut header.cells {
            let trimmed = cell.trim();
            if trimmed.len() != cell.len() {
                *cell = trimmed.to_owned();
            }
        }
        while header.cells.last().is_some_and(String::is_empty) {
            header.cells.pop();
        }
        Ok(Self {
            format,
            header,
            source,
            finished: false,
        })
    }
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet")
            .field("format", &self.format)
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}

impl Iterator for Sheet {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = Record::default();
        match self.next_into(&mut record) {
            Ok(true) => Some(Ok(record)),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// Opens a file, detecting its format (see the module documentation).
pub fn open(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Sheet, ReadError> {
    let path = path.as_ref();
    let file = File::open(path)?;
    let name = path.file_name().and_then(|n| n.to_str());
    open_reader(file, name, options)
}

/// Opens a file already in memory, e.g. an upload; `file_name` helps tell its kind when the
/// content cannot.
pub fn open_bytes(
    bytes: Vec<u8>,
    file_name: Option<&str>,
    options: &ReadOptions,
) -> Result<Sheet, ReadError> {
    open_reader(Cursor::new(bytes), file_name, options)
}

fn open_reader<R: Read + Seek + Send + 'static>(
    mut reader: R,
    file_name: Option<&str>,
    options: &ReadOptions,
) -> Result<Sheet, ReadError> {
    let size = reader.seek(SeekFrom::End(0))?;
    reader.seek(SeekFrom::Start(0))?;
    let mut head = [0u8; 8];
    let n = read_up_to(&mut reader, &mut head)?;
    let head = &head[..n];
    reader.seek(SeekFrom::Start(0))?;
    let extension = file_name
        .and_then(|f| f.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    let named_xlsx = matches!(extension.as_deref(), Some("xlsx" | "xlsm"));
    if head.starts_with(b"PK\x03\x04") {
        return open_xlsx(reader, options);
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") || extension.as_deref() == Some("xls") {
        return Err(ReadError::Xls);
    }
    if named_xlsx {
        return Err(ReadError::NotXlsx);
    }
    open_csv(reader, size, options)
}

fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = reader.read(&mut buf[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

fn open_xlsx<R: Read + Seek + Send + 'static>(
    reader: R,
    options: &ReadOptions,
) -> Result<Sheet, ReadError> {
    let (sheet, rows) = crate::xlsx::open(BufReader::new(reader), options.sheet.as_deref())?;
    Sheet::with_source(Format::Xlsx { sheet }, Source::Xlsx(rows))
}

/// How much of the start of a CSV file is looked at to find its separator.
const SNIFF_BYTES: usize = 64 * 1024;

fn open_csv<R: Read + Seek + Send + 'static>(
    mut reader: R,
    size: u64,
    options: &ReadOptions,
) -> Result<Sheet, ReadError> {
    let mut head = [0u8; 4];
    let n = read_up_to(&mut reader, &mut head)?;
    let bom = sniff_bom(&head[..n]);
    let encoding = match (options.encoding, bom) {
        (Some(e), _) | (None, Some((e, _))) => e,
        (None, None) => {
            reader.seek(SeekFrom::Start(0))?;
            if is_utf8(&mut reader)? {
                TextEncoding::Utf8
            } else {
                TextEncoding::Windows1252
            }
        }
    };
    let bom_len = bom.filter(|(e, _)| *e == encoding).map_or(0, |(_, l)| l);
    reader.seek(SeekFrom::Start(bom_len as u64))?;
    let mut stream: Box<dyn Read + Send> = match encoding {
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            Box::new(Utf16Reader::new(reader, encoding))
        }
        _ => Box::new(reader),
    };
    let mut sniffed = vec![0u8; SNIFF_BYTES];
    let n = read_up_to(&mut stream, &mut sniffed)?;
    sniffed.truncate(n);
    let (sniffed_separator, sep_line) = sniff_separator(&sniffed);
    let separator = options.separator.unwrap_or(sniffed_separator);
    let newlines = Arc::new(Mutex::new(VecDeque::new()));
    let stream: Box<dyn Read + Send> = Box::new(NewlineIndex {
        inner: Cursor::new(sniffed).chain(stream),
        offset: 0,
        newlines: Arc::clone(&newlines),
    });
    let format = CsvFormat {
        // UTF-16 is read as UTF-8 once transcoded.
        encoding,
        separator,
        bom: bom_len > 0,
    };
    let field_encoding = if encoding == TextEncoding::Windows1252 {
        TextEncoding::Windows1252
    } else {
        TextEncoding::Utf8
    };
    let mut rows = CsvRows {
        reader: csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(stream),
        record: csv::ByteRecord::new(),
        encoding: field_encoding,
        newlines,
        embedded_before: 0,
        skipped_lines: 0,
        size,
        // UTF-16 is read transcoded: about half as many bytes as the file has, in Finnish text.
        byte_weight: if matches!(encoding, TextEncoding::Utf16Le | TextEncoding::Utf16Be) {
            2
        } else {
            1
        },
        skipped_bytes: bom_len as u64,
    };
    if sep_line {
        let mut skip = Record::default();
        rows.read_raw(&mut skip)?;
        rows.skipped_lines = 1;
    }
    Sheet::with_source(Format::Csv(format), Source::Csv(rows))
}

/// The separator of the header line, and whether the file starts with a `sep=` line.
fn sniff_separator(head: &[u8]) -> (u8, bool) {
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    if first_line.len() == 5 && first_line[..4].eq_ignore_ascii_case(b"sep=") {
        return (first_line[4], true);
    }
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut line_has_text = false;
    for &b in head {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                line_has_text = true;
            }
            _ if in_quotes => {}
            b'\n' => {
                if line_has_text {
                    break;
                }
                counts = [0; 3];
            }
            b';' => counts[0] += 1,
            b'\t' => counts[1] += 1,
            b',' => counts[2] += 1,
            b' ' | b'\r' => {}
            _ => line_has_text = true,
        }
    }
    let candidates = [b';', b'\t', b','];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    (candidates[best], false)
}

/// Notes the offset of every line feed that passes, so that a row's number can be told from
/// how far the CSV reader got: the reader skips empty lines and, in a CRLF file, takes a row's
/// line feed only with the next row, so its own line count alone cannot say where a row began.
struct NewlineIndex<R> {
    inner: R,
    offset: u64,
    newlines: Arc<Mutex<VecDeque<u64>>>,
}

impl<R: Read> Read for NewlineIndex<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut newlines) = self.newlines.lock() {
            newlines.extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| self.offset + i as u64));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

struct CsvRows {
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: csv::ByteRecord,
    encoding: TextEncoding,
    /// Offsets of line feeds the reader has read ahead.
    newlines: Arc<Mutex<VecDeque<u64>>>,
    /// Line feeds inside quoted cells of the rows read so far.
    embedded_before: u64,
    /// Lines before the first row that are no rows (`sep=`).
    skipped_lines: usize,
    /// The file's size in bytes, its byte-order mark included.
    size: u64,
    /// File bytes per byte the reader sees.
    byte_weight: u64,
    /// The byte-order mark's bytes, which the reader never sees.
    skipped_bytes: u64,
}

impl CsvRows {
    fn read_fraction(&self) -> f64 {
        if self.size == 0 {
            return 1.0;
        }
        let read = self.skipped_bytes + self.reader.position().byte() * self.byte_weight;
        read as f64 / self.size as f64
    }

    /// Reads the next record, blank or not; `false` at the end.
    fn read_raw(&mut self, out: &mut Record) -> Result<bool, ReadError> {
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| self.csv_error(&e))?;
        if !more {
            return Ok(false);
        }
        // The reader has now taken `consumed` bytes holding `line - 1` line feeds: those before
        // the row, those inside its quoted cells, and perhaps its own last one.
        let position = self.reader.position();
        let (consumed, line) = (position.byte(), position.line());
        let own_newline = match self.newlines.lock() {
            Ok(mut newlines) => {
                while newlines.front().is_some_and(|&o| o + 1 < consumed) {
                    newlines.pop_front();
                }
                newlines.front().is_some_and(|&o| o + 1 == consumed)
            }
            Err(_) => false,
        };
        let data = self.record.as_slice();
        let embedded = if memchr::memchr(b'\n', data).is_some() {
            memchr::memchr_iter(b'\n', data).count() as u64
        } else {
            0
        };
        // The line the row starts on, less the lines that quoted line breaks added before it.
        let start = line
            .saturating_sub(u64::from(own_newline))
            .saturating_sub(embedded)
            .saturating_sub(self.embedded_before);
        self.embedded_before += embedded;
        out.row = usize::try_from(start)
            .unwrap_or(usize::MAX)
            .saturating_sub(self.skipped_lines);
        let fields = self.record.len();
        out.cells.truncate(fields);
        // A record of valid UTF-8 (or of plain ASCII, which Windows-1252 reads alike) is checked
        // once as a whole; its cells are then text as they are.
        let whole = if self.encoding == TextEncoding::Windows1252 && !data.is_ascii() {
            None
        } else {
            let bytes = std::mem::take(&mut self.record);
            match csv::StringRecord::from_byte_record(bytes) {
                Ok(text) => Some(text),
                Err(e) => {
                    self.record = e.into_byte_record();
                    None
                }
            }
        };
        if let Some(text) = whole {
            for (i, field) in text.iter().enumerate() {
                match out.cells.get_mut(i) {
                    Some(cell) => {
                        cell.clear();
                        cell.push_str(field);
                    }
                    None => out.cells.push(field.to_owned()),
                }
            }
            self.record = text.into_byte_record();
        } else {
            for (i, field) in self.record.iter().enumerate() {
                if let Some(cell) = out.cells.get_mut(i) {
                    cell.clear();
                    decode_into(field, self.encoding, cell);
                } else {
                    let mut cell = String::with_capacity(field.len());
                    decode_into(field, self.encoding, &mut cell);
                    out.cells.push(cell);
                }
            }
        }
        Ok(true)
    }

    fn next_into(&mut self, out: &mut Record) -> Result<bool, ReadError> {
        while self.read_raw(out)? {
            if !out.is_blank() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn csv_error(&self, e: &csv::Error) -> ReadError {
        let row = e
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX))
            .saturating_sub(self.skipped_lines);
        match e.kind() {
            csv::ErrorKind::Io(io) => ReadError::Io(io::Error::new(io.kind(), io.to_string())),
            _ => ReadError::Csv {
                row,
                message: e.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> (Sheet, Vec<Record>) {
        let mut sheet =
            open_bytes(bytes.to_vec(), Some("data.csv"), &ReadOptions::default()).expect("opens");
        let rows = sheet
            .by_ref()
            .collect::<Result<Vec<_>, _>>()
            .expect("reads");
        (sheet, rows)
    }

    fn cells(r: &Record) -> Vec<&str> {
        r.cells.iter().map(String::as_str).collect()
    }

    #[test]
    fn sniffs_the_separator_outside_quotes() {
        assert_eq!(sniff_separator(b"a;b;c\n1,5;2,5;3"), (b';', false));
        assert_eq!(sniff_separator(b"a,b,c\n"), (b',', false));
        assert_eq!(sniff_separator(b"a\tb\tc,d\n"), (b'\t', false));
        assert_eq!(sniff_separator(b"\"a;b;c\",d\n"), (b',', false));
        assert_eq!(sniff_separator(b"\r\n,,\nNimi,Summa\n"), (b',', false));
        assert_eq!(sniff_separator(b"sep=;\r\na,b;c"), (b';', true));
        assert_eq!(sniff_separator(b"Nimi\nKone Oy"), (b';', false));
    }

    #[test]
    fn reads_utf8_with_a_bom_and_finnish_separators() {
        let (sheet, rows) = read_all("\u{feff}Nimi;Määrä\nÄänekoski;1,5\n".as_bytes());
        assert_eq!(
            sheet.format(),
            &Format::Csv(CsvFormat {
                encoding: TextEncoding::Utf8,
                separator: b';',
                bom: true
            })
        );
        assert_eq!(cells(sheet.header()), ["Nimi", "Määrä"]);
        assert_eq!(sheet.header().row, 1);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].row, 2);
        assert_eq!(cells(&rows[0]), ["Äänekoski", "1,5"]);
    }

    #[test]
    fn reads_windows_1252() {
        let (sheet, rows) = read_all(b"Nimi;Summa\n\xC4\xE4nekoski;12 \x80\n");
        assert_eq!(
            sheet.format(),
            &Format::Csv(CsvFormat {
                encoding: TextEncoding::Windows1252,
                separator: b';',
                bom: false
            })
        );
        assert_eq!(cells(&rows[0]), ["Äänekoski", "12 €"]);
    }

    #[test]
    fn quoted_cells_keep_line_breaks_and_quotes_and_rows_count_as_a_spreadsheet_does() {
        let text = "\n,,\nNimi,Huom,Summa\r\n\"Kone Oy\",\"rivi 1\r\nrivi 2 \"\"lainaus\"\"\",\"1,5\"\r\n\r\nMuu,,2\r\n";
        let (sheet, rows) = read_all(text.as_bytes());
        assert_eq!(sheet.header().row, 3);
        assert_eq!(cells(sheet.header()), ["Nimi", "Huom", "Summa"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].row, 4);
        assert_eq!(
            cells(&rows[0]),
            ["Kone Oy", "rivi 1\r\nrivi 2 \"lainaus\"", "1,5"]
        );
        // The quoted line break is no row of its own, the blank line is.
        assert_eq!(rows[1].row, 6);
        assert_eq!(cells(&rows[1]), ["Muu", "", "2"]);
    }

    #[test]
    fn rows_count_in_unix_files_without_a_last_line_feed() {
        let (sheet, rows) = read_all(b"Nimi;Huom\n\nA;\"x\ny\"\n\nB;z");
        assert_eq!(sheet.header().row, 1);
        let numbered: Vec<(usize, &str)> = rows.iter().map(|r| (r.row, r.get(0))).collect();
        assert_eq!(numbered, [(3, "A"), (5, "B")]);
        assert_eq!(rows[0].get(1), "x\ny");
        assert_eq!(rows[1].get(1), "z");
    }

    #[test]
    fn an_excel_sep_line_is_no_row() {
        let (sheet, rows) = read_all(b"sep=,\r\nA;B,C\r\n1;2,3\r\n");
        assert_eq!(cells(sheet.header()), ["A;B", "C"]);
        assert_eq!(sheet.header().row, 1);
        assert_eq!(rows[0].row, 2);
    }

    #[test]
    fn utf16_text_is_read() {
        let text = "Nimi\tMäärä\r\nÄänekoski\t1,5\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (sheet, rows) = read_all(&bytes);
        assert_eq!(
            sheet.format(),
            &Format::Csv(CsvFormat {
                encoding: TextEncoding::Utf16Le,
                separator: b'\t',
                bom: true
            })
        );
        assert_eq!(cells(&rows[0]), ["Äänekoski", "1,5"]);
    }

    #[test]
    fn empty_files_and_wrong_kinds_are_refused() {
        let opts = ReadOptions::default();
        assert!(matches!(
            open_bytes(b"\n;;\n".to_vec(), None, &opts),
            Err(ReadError::Empty)
        ));
        assert!(matches!(
            open_bytes(b"a;b".to_vec(), Some("x.xlsx"), &opts),
            Err(ReadError::NotXlsx)
        ));
        assert!(matches!(
            open_bytes(b"\xD0\xCF\x11\xE0rest".to_vec(), Some("x.dat"), &opts),
            Err(ReadError::Xls)
        ));
    }

    #[test]
    fn options_override_detection() {
        let opts = ReadOptions {
            separator: Some(b','),
            encoding: Some(TextEncoding::Windows1252),
            ..ReadOptions::default()
        };
        let mut sheet = open_bytes("a;b,c\n1;2,3\n".as_bytes().to_vec(), None, &opts).unwrap();
        assert_eq!(cells(sheet.header()), ["a;b", "c"]);
        let mut rec = Record::default();
        assert!(sheet.next_into(&mut rec).unwrap());
        assert_eq!(cells(&rec), ["1;2", "3"]);
        assert!(!sheet.next_into(&mut rec).unwrap());
    }
}
