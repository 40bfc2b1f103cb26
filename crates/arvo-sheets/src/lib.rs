//! Spreadsheet files in and out: CSV and XLSX files read into typed, validated rows with every
//! problem named by row, column and reason, and lists written out as CSV and XLSX.
//!
//! Reading goes in four steps:
//!
//! 1. [`open`] (or [`open_bytes`]) detects the file's [`Format`] (XLSX or CSV; for CSV its
//!    encoding, separator and byte-order mark) and gives a [`Sheet`]: the header row and an
//!    iterator of the rows after it, each a [`Record`] of text cells with its row number.
//! 2. [`suggest`] proposes a [`Mapping`] of the header's columns to the fields of a [`Kind`] of
//!    data; a mapping is saved and read back as JSON and fits later files by header text.
//! 3. [`Mapping::bind`] fits the mapping to the file's header, giving a [`Binding`].
//! 4. [`parse_row`] (or [`Binding::parse`]) turns each record into the arvo-core draft of its kind
//!    ([`KindRow`]) or a [`RowError`] that names the row, the file's column header, the field and
//!    the problem of each bad cell.
//!
//! Rows that could not be imported are written back with [`RejectWriter`], in the input's own
//! format with an extra column explaining each row. Lists are written with [`write_csv`] and
//! [`write_xlsx`] (or row by row with [`CsvWriter`] and [`XlsxWriter`]) from typed [`Cell`]s.
//!
//! The crate does no database work, no networking and nothing asynchronous: bytes come in,
//! typed rows and per-row errors go out. CSV files are streamed and never held whole.

pub mod encoding;
pub mod export;
pub mod mapping;
pub mod read;
pub mod reject;
pub mod rows;
mod xlsx;

pub use encoding::TextEncoding;
pub use export::{
    Cell, CsvWriter, Language, WriteError, XLSX_MAX_ROWS, XlsxWriter, defuse, undefuse, write_csv,
    write_xlsx,
};
pub use mapping::{
    Binding, ColumnMapping, FieldSpec, Kind, Mapping, MappingErrors, MappingProblem, suggest,
};
pub use read::{
    CsvFormat, FileKind, Format, ReadError, ReadOptions, Record, Sheet, open, open_bytes,
};
pub use reject::RejectWriter;
pub use rows::{AccountRow, CellProblem, ContactRow, KindRow, RowError, parse_row};
pub use xlsx::number_text;
