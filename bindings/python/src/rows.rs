//! The common case of a table of contributions, read straight into entries.
//!
//! [`crate::convert::Table`] turns each row into the record `{name: cell}`
//! that the core reads as it reads JSON: that path takes any table and
//! names any refused cell. Most tables are plain, though: columns named
//! after contribution fields, cells that are `str`, `decimal.Decimal`,
//! `None` or day numbers. For those, [`Plain::rows`] builds each entry
//! directly, with the same core parsers (`Dec::parse` for the texts the
//! reader would parse, the date a `YYYY-MM-DD` text would give), and gives
//! up on a range of rows at the first cell it is not sure of: the caller
//! then reads that range by records, so the entries, or the error, are
//! always those of the records path.

use crate::arrow::Cell;
use crate::convert::{decimal_type, Column};
use coshare::document::{Contribution, Entry, EntryBody};
use coshare::number::DEC_SCALE;
use coshare::{Date, Dec};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

/// The contribution field a column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Member,
    Kind,
    Note,
    Date,
    Value,
    Hours,
    Rate,
    Paid,
}

impl Field {
    fn of(name: &str) -> Option<Field> {
        Some(match name {
            "id" => Field::Id,
            "member" => Field::Member,
            "kind" => Field::Kind,
            "note" => Field::Note,
            "date" => Field::Date,
            "value" => Field::Value,
            "hours" => Field::Hours,
            "rate" => Field::Rate,
            "paid" => Field::Paid,
            _ => return None,
        })
    }
}

/// A table whose columns are all distinct contribution fields, with the
/// four required ones (no `type` column: every row is a contribution).
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
        let required = [Field::Id, Field::Member, Field::Kind, Field::Date];
        (distinct && required.iter().all(|r| fields.contains(r))).then_some(Plain { fields })
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
        for i in range {
            let mut row = Row::default();
            let mut plain = true;
            for (field, (_, column)) in self.fields.iter().zip(columns) {
                plain = match column {
                    Column::Objects(list) => row.cell(*field, list, i, decimal)?,
                    Column::Days(days) => row.day(*field, days.get(i).copied()),
                    Column::Arrow(column) => row.arrow(*field, column.cell(i)),
                };
                if !plain {
                    break;
                }
            }
            let Some(entry) = row.entry().filter(|_| plain) else {
                entries.truncate(before);
                return Ok(false);
            };
            entries.push(entry);
        }
        Ok(true)
    }
}

/// The fields of one row read so far.
#[derive(Default)]
struct Row {
    id: Option<String>,
    member: Option<String>,
    kind: Option<String>,
    note: Option<String>,
    date: Option<Date>,
    figures: [Option<Dec>; 4],
}

impl Row {
    /// Reads the cell of `field` in row `i`; whether it was plain.
    fn cell(
        &mut self,
        field: Field,
        list: &Bound<'_, PyList>,
        i: usize,
        decimal: &Bound<'_, pyo3::types::PyType>,
    ) -> PyResult<bool> {
        let obj = list.get_item(i)?;
        if obj.is_none() {
            // An empty cell: the field is left out, as by records.
            return Ok(true);
        }
        let slot = match field {
            Field::Id => &mut self.id,
            Field::Member => &mut self.member,
            Field::Kind => &mut self.kind,
            Field::Note => &mut self.note,
            Field::Date => return Ok(false),
            Field::Value | Field::Hours | Field::Rate | Field::Paid => {
                let k = match field {
                    Field::Value => 0,
                    Field::Hours => 1,
                    Field::Rate => 2,
                    _ => 3,
                };
                let number = if let Ok(s) = obj.cast_exact::<PyString>() {
                    s.to_str().ok().and_then(|t| Dec::parse(t).ok())
                } else if obj.is_exact_instance(decimal) {
                    // `str` of a Decimal is `format(d, "f")` when it has no exponent.
                    let s = obj.str()?;
                    let plain = |t: &&str| {
                        t.bytes()
                            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
                    };
                    let text = s.to_str().ok().filter(plain);
                    text.and_then(|t| Dec::parse(t).ok())
                } else {
                    None
                };
                let Some(number) = number else {
                    return Ok(false);
                };
                if let Some(f) = self.figures.get_mut(k) {
                    *f = Some(number);
                }
                return Ok(true);
            }
        };
        let Ok(s) = obj.cast_exact::<PyString>() else {
            return Ok(false);
        };
        *slot = s.to_str().ok().map(str::to_owned);
        Ok(slot.is_some())
    }

    /// Reads a day-number cell; whether it was plain (a date a ledger
    /// accepts, in the date column).
    fn day(&mut self, field: Field, day: Option<i64>) -> bool {
        match day {
            // NaT: an empty cell.
            Some(i64::MIN) => true,
            Some(d) if field == Field::Date => {
                let date = Date::from_day_number(d);
                // The records path writes it as `YYYY-MM-DD` and parses it
                // back: the same date for a ledger date, refused otherwise.
                self.date = Some(date);
                date.is_ledger_date()
            }
            _ => false,
        }
    }

    /// Reads an Arrow cell; whether it was plain: a string in a text
    /// field, a number in a figure (the `Dec` its text would parse to), a
    /// date in the date column.
    fn arrow(&mut self, field: Field, cell: Cell<'_>) -> bool {
        let number = match cell {
            Cell::Null => return true,
            Cell::Day(d) => return self.day(field, Some(d)),
            Cell::Text(bytes) => {
                let slot = match field {
                    Field::Id => &mut self.id,
                    Field::Member => &mut self.member,
                    Field::Kind => &mut self.kind,
                    Field::Note => &mut self.note,
                    _ => return false,
                };
                *slot = std::str::from_utf8(bytes).ok().map(str::to_owned);
                return slot.is_some();
            }
            // `Dec::parse` of the number's text (at most 18 decimals, at
            // most 15 digits before the point) gives the same as this.
            Cell::Number { mantissa, scale } if scale <= DEC_SCALE => {
                Dec::from_scaled(mantissa, scale)
            }
            Cell::Number { .. } => None,
            Cell::Int(n) => Dec::from_scaled(n, 0),
        };
        let k = match field {
            Field::Value => 0,
            Field::Hours => 1,
            Field::Rate => 2,
            Field::Paid => 3,
            _ => return false,
        };
        match (number, self.figures.get_mut(k)) {
            (Some(number), Some(f)) => {
                *f = Some(number);
                true
            }
            _ => false,
        }
    }

    /// The entry, when every required field is there.
    fn entry(self) -> Option<Entry> {
        let [value, hours, rate, paid] = self.figures;
        Some(Entry {
            id: self.id?,
            body: EntryBody::Contribution(Contribution {
                member: self.member?,
                date: self.date?,
                kind: self.kind?,
                value,
                hours,
                rate,
                paid,
            }),
            note: self.note,
        })
    }
}
