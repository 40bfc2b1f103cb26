//! Reading an XLSX worksheet as rows of text, as the cells show their values.
//!
//! Text is read as it is. Numbers are written plainly with a point, to the 15 significant digits
//! a spreadsheet shows (`1234.56`, `0.3` rather than `0.30000000000000004`). Date cells become
//! ISO dates (`2026-11-22`), or ISO dates and times when they hold a time of day; time-only and
//! duration cells become hours and minutes (`7:30`, or `7:30:15` with seconds). Booleans are
//! `true`/`false` and error cells their code (`#N/A`).
//!
//! The worksheet's XML is read on a thread of its own, which owns the workbook and hands rows
//! over in batches through a bounded channel, so a large sheet never sits in memory whole. When
//! the reader stops early, the thread notices the closed channel and ends.

use crate::read::{ReadError, Record};
use arvo_core::Decimal;
use calamine::{DataRef, ExcelDateTime, Reader, Xlsx};
use std::io::{Read, Seek};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Rows handed over at once.
const BATCH: usize = 512;
/// Batches waiting at most.
const QUEUE: usize = 4;

type Batch = Result<Vec<Record>, ReadError>;

/// The rows of one worksheet, as they arrive from the reading thread.
pub(crate) struct XlsxRows {
    rx: Receiver<Batch>,
    batch: std::vec::IntoIter<Record>,
    done: bool,
    /// The last row number the worksheet declares (its `dimension`); 0 when it declares none.
    last_row: usize,
    /// The number of the row handed out last.
    at_row: usize,
}

impl XlsxRows {
    pub(crate) fn read_fraction(&self) -> f64 {
        match self.last_row {
            0 => 0.0,
            last => self.at_row as f64 / last as f64,
        }
    }

    pub(crate) fn next_into(&mut self, out: &mut Record) -> Result<bool, ReadError> {
        loop {
            if let Some(r) = self.batch.next() {
                self.at_row = r.row;
                *out = r;
                return Ok(true);
            }
            if self.done {
                return Ok(false);
            }
            match self.rx.recv() {
                Ok(Ok(batch)) => self.batch = batch.into_iter(),
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => self.done = true,
            }
        }
    }
}

fn xlsx_error(e: impl std::fmt::Display) -> ReadError {
    ReadError::Xlsx(e.to_string())
}

/// Opens the workbook and starts reading the named worksheet (the first when `None`). Gives
/// the worksheet's name and its rows.
pub(crate) fn open<RS: Read + Seek + Send + 'static>(
    reader: RS,
    sheet: Option<&str>,
) -> Result<(String, XlsxRows), ReadError> {
    let mut workbook: Xlsx<RS> = Xlsx::new(reader).map_err(xlsx_error)?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| ReadError::NoSuchSheet {
                name: wanted.to_owned(),
                available: names.clone(),
            })?,
        None => names.first().cloned().ok_or(ReadError::Empty)?,
    };
    // Check that the sheet opens before handing it to the thread, so a broken workbook is an
    // error of `open`.
    let dimensions = workbook
        .worksheet_cells_reader(&name)
        .map_err(xlsx_error)?
        .dimensions();
    let last_row = if dimensions.end == (0, 0) {
        0
    } else {
        dimensions.end.0 as usize + 1
    };
    let (tx, rx) = sync_channel(QUEUE);
    let thread_name = name.clone();
    std::thread::Builder::new()
        .name("arvo-sheets-xlsx".into())
        .spawn(move || stream_rows(&mut workbook, &thread_name, &tx))
        .map_err(ReadError::Io)?;
    Ok((
        name,
        XlsxRows {
            rx,
            batch: Vec::new().into_iter(),
            done: false,
            last_row,
            at_row: 0,
        },
    ))
}

fn stream_rows<RS: Read + Seek>(workbook: &mut Xlsx<RS>, name: &str, tx: &SyncSender<Batch>) {
    let mut cells = match workbook.worksheet_cells_reader(name) {
        Ok(c) => c,
        Err(e) => {
            let _ = tx.send(Err(xlsx_error(e)));
            return;
        }
    };
    let mut batch = Vec::with_capacity(BATCH);
    let mut current: Option<Record> = None;
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Err(xlsx_error(e)));
                return;
            }
        };
        let (row, col) = cell.get_position();
        let row = row as usize + 1;
        if current.as_ref().is_some_and(|r| r.row != row) {
            let done = current.take().expect("checked above");
            if !done.is_blank() {
                batch.push(done);
            }
            if batch.len() >= BATCH
                && tx
                    .send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))))
                    .is_err()
            {
                return;
            }
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            current.get_or_insert_with(|| Record::new(row, Vec::new()));
            continue;
        }
        let record = current.get_or_insert_with(|| Record::new(row, Vec::new()));
        let col = col as usize;
        if record.cells.len() <= col {
            record.cells.resize(col + 1, String::new());
        }
        record.cells[col] = text;
    }
    if let Some(last) = current.filter(|r| !r.is_blank()) {
        batch.push(last);
    }
    if !batch.is_empty() {
        let _ = tx.send(Ok(batch));
    }
}

/// A cell's value as text (see the module documentation).
pub(crate) fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => datetime_text(d),
        DataRef::DateTimeIso(s) => s
            .strip_suffix("T00:00:00")
            .unwrap_or(s)
            .replacen('T', " ", 1),
        DataRef::Error(e) => e.to_string(),
    }
}

/// A number as a spreadsheet shows it at most: 15 significant digits, plainly, with a point.
pub fn number_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let scientific = format!("{value:.14e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return value.to_string();
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return value.to_string();
    };
    let digits: i128 = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0, |acc, b| acc * 10 + i128::from(b - b'0'));
    let digits = if value < 0.0 { -digits } else { digits };
    let shift = 14 - exponent;
    let d = if shift >= 0 {
        Decimal::new(digits, shift.unsigned_abs())
    } else {
        match arvo_core::numbers::pow10(shift.unsigned_abs()).and_then(|p| digits.checked_mul(p)) {
            Some(m) => Decimal::new(m, 0),
            None => return value.to_string(),
        }
    };
    d.normalized().to_string()
}

fn datetime_text(d: &ExcelDateTime) -> String {
    if d.is_duration() || d.as_f64() < 1.0 && d.as_f64() >= 0.0 {
        let seconds = (d.as_f64() * 86_400.0).round() as i64;
        return clock_text(seconds);
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// `7:30`, or `7:30:15` with seconds; hours may pass 24.
fn clock_text(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h}:{m:02}")
    } else {
        format!("{sign}{h}:{m:02}:{sec:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them() {
        for (value, text) in [
            (1234.56, "1234.56"),
            (0.1 + 0.2, "0.3"),
            (-12.5, "-12.5"),
            (3.0, "3"),
            (-0.0, "0"),
            (1e20, "100000000000000000000"),
            (0.0125, "0.0125"),
            (1.0 / 3.0, "0.333333333333333"),
            (123_456_789.123_456_78, "123456789.123457"),
        ] {
            assert_eq!(number_text(value), text, "{value}");
        }
    }

    #[test]
    fn dates_and_times_read_as_iso_and_clock_times() {
        let date = |v, t| ExcelDateTime::new(v, t, false);
        assert_eq!(
            datetime_text(&date(46_348.0, ExcelDateTimeType::DateTime)),
            "2026-11-22"
        );
        assert_eq!(
            datetime_text(&date(46_348.5, ExcelDateTimeType::DateTime)),
            "2026-11-22 12:00:00"
        );
        assert_eq!(
            datetime_text(&date(0.3125, ExcelDateTimeType::DateTime)),
            "7:30"
        );
        assert_eq!(
            datetime_text(&date(1.5, ExcelDateTimeType::TimeDelta)),
            "36:00"
        );
        assert_eq!(clock_text(27_015), "7:30:15");
    }
}
