//! The common case of a table of contributions, read straight into entries.
//!
//! [`crate::convert::Table`] turns each row into the record `{name: cell}`
//! that the core reads as it reads JSON: that path takes any table and
//! names any refused cell. Most tables are plain, though: columns named
//! after contribution fields, cells that are `str`, `decimal.Decimal`,
//! `None`, day numbers or Arrow values. For those, a [`Fill`] writes each
//! row into an entry directly, with the same core parsers (`Dec::parse` for
//! the texts the reader would parse, the date a `YYYY-MM-DD` text would
//! give), and gives up at the first cell it is not sure of: the caller then
//! reads that range of rows by records, so the entries, or the error, are
//! always those of the records path.

use crate::arrow::{Cell, ColumnWriter};
use crate::convert::{decimal_type, Column};
use coshare::document::fields::{ContributionField as Field, FieldType};
use coshare::document::{Entry, EntryBody};
use coshare::number::DEC_SCALE;
use coshare::{Date, Dec};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyType};

/// The bit of a required field in [`Fill::seen`] (0 for the others).
const fn required_bit(field: Field) -> u16 {
    if field.is_required() {
        1 << field as u16
    } else {
        0
    }
}

/// Every required field's bit.
// Indexing in a constant: out of range fails to compile, never panics.
#[allow(clippy::indexing_slicing)]
const ALL_REQUIRED: u16 = {
    let (mut bits, mut i) = (0, 0);
    while i < Field::ALL.len() {
        bits |= required_bit(Field::ALL[i]);
        i += 1;
    }
    bits
};

/// A table whose columns are all distinct contribution fields, with the
/// four required ones (no `type` column: every row is a contribution).
#[derive(Debug, Clone)]
pub struct Plain {
    fields: Vec<Field>,
}

impl Plain {
    /// The plain reading of a table with these column names, if it has one.
    pub fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<Plain> {
        let fields: Vec<Field> = names.into_iter().map(Field::of).collect::<Option<_>>()?;
        let distinct = fields
            .iter()
            .enumerate()
            .all(|(i, f)| !fields.iter().skip(i + 1).any(|g| g == f));
        let required = fields.iter().fold(0, |bits, f| bits | required_bit(*f));
        (distinct && required == ALL_REQUIRED).then_some(Plain { fields })
    }

    /// Appends rows `range` to `entries` as entries; `false`, with
    /// `entries` as it was, when a cell is not plain (the range is then to
    /// be read by records).
    pub fn rows(
        &self,
        py: Python<'_>,
        columns: &[(String, Column<'_>)],
        range: std::ops::Range<usize>,
        entries: &mut Vec<Entry>,
    ) -> PyResult<bool> {
        let decimal = decimal_type(py)?;
        let before = entries.len();
        let mut fill = Fill::default();
        for i in range {
            fill.begin();
            for (field, (_, column)) in self.fields.iter().zip(columns) {
                let plain = match column {
                    Column::Objects(list) => fill.object(*field, list, i, decimal)?,
                    Column::Days(days) => fill.day(*field, days.get(i).copied()),
                    Column::Arrow(column) => fill.arrow(*field, column.cell(i)),
                };
                if !plain {
                    entries.truncate(before);
                    return Ok(false);
                }
            }
            let Some(entry) = fill.entry() else {
                entries.truncate(before);
                return Ok(false);
            };
            entries.push(entry.clone());
        }
        Ok(true)
    }

    /// Fills `fill` with one row of columns that hold no Python object
    /// (`cell(j)` is its cell in column `j`); whether it was plain.
    pub fn fill_row<'a>(
        &self,
        fill: &mut Fill,
        mut cell: impl FnMut(usize) -> Option<Cell<'a>>,
    ) -> bool {
        fill.begin();
        self.fields
            .iter()
            .enumerate()
            .all(|(j, field)| match cell(j) {
                Some(c) => fill.arrow(*field, c),
                None => false,
            })
            && fill.entry().is_some()
    }

    /// Whether `cells`, column `j`'s cells of some rows, are all plain,
    /// and present when the field is required.
    pub fn column_plain<'a>(&self, j: usize, mut cells: impl Iterator<Item = Cell<'a>>) -> bool {
        let Some(&field) = self.fields.get(j) else {
            return false;
        };
        let required = field.is_required();
        cells.all(|c| matches!(read(field, c), Some(r) if !(required && r == Read::Empty)))
    }

    /// Whether column `j` takes text.
    pub fn is_text(&self, j: usize) -> bool {
        self.fields
            .get(j)
            .is_some_and(|f| f.field_type() == FieldType::Text)
    }
}

/// What a plain cell writes into its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read<'a> {
    /// Nothing: the field is left out.
    Empty,
    Text(&'a str),
    Figure(Dec),
    Date(Date),
}

/// What an Arrow cell writes into `field`: a string in a text field, a
/// number in a figure (the `Dec` its text would parse to), a date a ledger
/// accepts in the date column; `None` when the cell is not plain.
fn read(field: Field, cell: Cell<'_>) -> Option<Read<'_>> {
    let figure = field.field_type() == FieldType::Number;
    match cell {
        Cell::Null => Some(Read::Empty),
        Cell::Text(t) if field.field_type() == FieldType::Text => Some(Read::Text(t)),
        // A number written as text, as the reader parses it (a `str` object alike).
        Cell::Text(t) if figure => Dec::parse(t).ok().map(Read::Figure),
        // `Dec::parse` of the number's text (at most 18 decimals, at most
        // 15 digits before the point) gives the same as this.
        Cell::Number { mantissa, scale } if figure && scale <= DEC_SCALE => {
            Dec::from_scaled(mantissa, scale).map(Read::Figure)
        }
        Cell::Int(n) if figure => Dec::from_scaled(n, 0).map(Read::Figure),
        Cell::Day(d) if field.field_type() == FieldType::Date => {
            // The records path writes it as `YYYY-MM-DD` and parses it
            // back: the same date for a ledger date, refused otherwise.
            let date = Date::from_day_number(d);
            date.is_ledger_date().then_some(Read::Date(date))
        }
        _ => None,
    }
}

/// One contribution entry, written field by field, row after row: its
/// strings keep their buffers from one row to the next.
#[derive(Debug)]
pub struct Fill {
    entry: Entry,
    /// The required fields written in this row ([`required_bit`]).
    seen: u16,
}

impl Default for Fill {
    fn default() -> Fill {
        Fill {
            entry: Entry::empty_contribution(),
            seen: 0,
        }
    }
}

impl Fill {
    /// Starts a row: no field written.
    fn begin(&mut self) {
        self.seen = 0;
        self.entry.note = None;
        if let EntryBody::Contribution(c) = &mut self.entry.body {
            c.value = None;
            c.hours = None;
            c.rate = None;
            c.paid = None;
        }
    }

    /// The row's entry, when every required field was written.
    pub fn entry(&self) -> Option<&Entry> {
        (self.seen == ALL_REQUIRED).then_some(&self.entry)
    }

    /// Moves the row's entry into `into`, when every required field was
    /// written; the next row is written over `into`'s old entry (its
    /// strings' buffers reused).
    pub fn move_into(&mut self, into: &mut Entry) -> bool {
        if self.entry().is_none() {
            return false;
        }
        std::mem::swap(&mut self.entry, into);
        if !matches!(self.entry.body, EntryBody::Contribution(_)) {
            self.entry = Entry::empty_contribution();
        }
        true
    }

    /// Writes a text into a text field; whether the field takes one.
    fn text(&mut self, field: Field, text: &str) -> bool {
        let done = field.set_text(&mut self.entry, text);
        if done {
            self.seen |= required_bit(field);
        }
        done
    }

    /// Writes a number into a figure; whether the field takes one.
    fn figure(&mut self, field: Field, number: Dec) -> bool {
        field.set_number(&mut self.entry, number)
    }

    /// Writes a date into the date field.
    fn set_date(&mut self, field: Field, date: Date) -> bool {
        let done = field.set_date(&mut self.entry, date);
        if done {
            self.seen |= required_bit(field);
        }
        done
    }

    /// Reads a day-number cell (`i64::MIN`, `NaT`, is empty).
    fn day(&mut self, field: Field, day: Option<i64>) -> bool {
        match day {
            Some(i64::MIN) => true,
            Some(d) => self.arrow(field, Cell::Day(d)),
            None => false,
        }
    }

    /// Reads an Arrow cell (see [`read`]); whether it was plain.
    fn arrow(&mut self, field: Field, cell: Cell<'_>) -> bool {
        read(field, cell).is_some_and(|r| self.write(field, r))
    }

    /// Reads the cell of `field` in row `i` of a column of Python objects.
    fn object(
        &mut self,
        field: Field,
        list: &Bound<'_, PyList>,
        i: usize,
        decimal: &Bound<'_, PyType>,
    ) -> PyResult<bool> {
        let obj = list.get_item(i)?;
        Ok(object_cell(field, &obj, decimal, |r| self.write(field, r))?.unwrap_or(false))
    }

    /// Writes what a plain cell gives `field`; whether the field takes it.
    fn write(&mut self, field: Field, read: Read<'_>) -> bool {
        match read {
            Read::Empty => true,
            Read::Text(t) => self.text(field, t),
            Read::Figure(n) => self.figure(field, n),
            Read::Date(d) => self.set_date(field, d),
        }
    }
}

/// What a Python object writes into `field`, handed to `on`; `None` when
/// it is not plain. `None` is empty; a `str` is a text, or in a figure the
/// number it parses to; an exact `decimal.Decimal` without an exponent is
/// a figure (its `str` is then `format(d, "f")`).
fn object_cell<R>(
    field: Field,
    obj: &Bound<'_, PyAny>,
    decimal: &Bound<'_, PyType>,
    on: impl FnOnce(Read<'_>) -> R,
) -> PyResult<Option<R>> {
    let figure = field.field_type() == FieldType::Number;
    if obj.is_none() {
        return Ok(Some(on(Read::Empty)));
    }
    if let Ok(s) = obj.cast_exact::<PyString>() {
        let Ok(text) = s.to_str() else {
            return Ok(None);
        };
        return Ok(if figure {
            Dec::parse(text).ok().map(|n| on(Read::Figure(n)))
        } else if field.field_type() == FieldType::Date {
            None
        } else {
            Some(on(Read::Text(text)))
        });
    }
    if figure && obj.is_exact_instance(decimal) {
        let s = obj.str()?;
        let plain = |t: &&str| {
            t.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        };
        let number = s
            .to_str()
            .ok()
            .filter(plain)
            .and_then(|t| Dec::parse(t).ok());
        return Ok(number.map(|n| on(Read::Figure(n))));
    }
    Ok(None)
}

impl Plain {
    /// A writer for column `j` of Python objects, kept (see `kept`): of
    /// texts or numbers; `None` for the date column, whose objects are
    /// read by records.
    pub fn writer(&self, j: usize) -> Option<ColumnWriter> {
        match self.fields.get(j)?.field_type() {
            FieldType::Text => Some(ColumnWriter::texts()),
            FieldType::Number => Some(ColumnWriter::numbers()),
            FieldType::Date => None,
        }
    }

    /// Writes `obj`, the cell of column `j`, into `writer`; whether it was
    /// plain (and present, in a required field).
    pub fn write_object(
        &self,
        j: usize,
        obj: &Bound<'_, PyAny>,
        decimal: &Bound<'_, PyType>,
        writer: &mut ColumnWriter,
    ) -> PyResult<bool> {
        let Some(&field) = self.fields.get(j) else {
            return Ok(false);
        };
        let required = field.is_required();
        let written = object_cell(field, obj, decimal, |r| match r {
            Read::Empty if !required => {
                writer.null();
                true
            }
            Read::Text(t) => {
                writer.text(t);
                true
            }
            Read::Figure(n) => {
                writer.number(n);
                true
            }
            Read::Empty | Read::Date(_) => false,
        })?;
        Ok(written.unwrap_or(false))
    }
}
