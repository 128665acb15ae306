//! Rows kept in their table's columns until the ledger is built.
//!
//! A plain table need not become a list of entries: its plain rows are
//! kept as ranges of the table, in columns that hold no Python object
//! (Arrow buffers and day numbers as they came; columns of `str` and
//! `Decimal` objects written into Arrow's layout by [`Keeping`]), and read
//! into one reused [`Fill`] entry as the core's builder takes them. A
//! million rows then cost no entry's memory (240 bytes each, and their
//! strings), only the columns'.
//!
//! [`Tail`] is what a ledger holds after its document's own entries: such
//! ranges, and entries read the usual way, in order.

use std::ops::Range;
use std::sync::Arc;

use crate::arrow::{ArrowColumn, Cell, ColumnWriter};
use crate::convert::{decimal_type, Column};
use crate::rows::{Fill, Plain};
use coshare::document::Entry;
use coshare::LedgerBuilder;
use pyo3::prelude::*;
use pyo3::types::PyList;

/// A column that holds no Python object.
#[derive(Clone)]
pub enum KeptColumn {
    /// Day numbers since 1970-01-01; `i64::MIN` (`NaT`) is empty.
    Days(Arc<Vec<i64>>),
    /// Arrow values.
    Arrow(Arc<ArrowColumn>),
}

impl KeptColumn {
    fn cell(&self, i: usize) -> Option<Cell<'_>> {
        match self {
            KeptColumn::Days(days) => match days.get(i) {
                Some(&i64::MIN) => Some(Cell::Null),
                Some(&d) => Some(Cell::Day(d)),
                None => None,
            },
            KeptColumn::Arrow(column) => Some(column.cell(i)),
        }
    }
}

impl KeptColumn {
    /// Whether its cells of rows `range` are all plain in column `j` of
    /// `plain`. A column of strings without a null, in a text field, needs
    /// no look at its cells.
    fn plain(&self, plain: &Plain, j: usize, range: Range<usize>) -> bool {
        match self {
            KeptColumn::Arrow(c) if c.all_text() && plain.is_text(j) => true,
            KeptColumn::Arrow(c) => plain.column_plain(j, c.cells(range)),
            KeptColumn::Days(days) => {
                let end = range.end;
                let cells = range.map(|i| match days.get(i) {
                    Some(&i64::MIN) | None => Cell::Null,
                    Some(&d) => Cell::Day(d),
                });
                end <= days.len() && plain.column_plain(j, cells)
            }
        }
    }
}

/// A plain table (see [`Plain`]) of columns that hold no Python object.
pub struct KeptTable {
    plain: Plain,
    columns: Vec<KeptColumn>,
}

/// Where a column of a table being kept comes from.
enum Source<'py> {
    /// A column that holds no Python object already.
    Kept(KeptColumn),
    /// A column of Python objects, written without them as it is read.
    Objects(Bound<'py, PyList>, ColumnWriter),
}

/// A plain table being kept, a block of rows at a time: its columns of
/// Python objects are written into Arrow's layout (texts and numbers; a
/// date column of objects is not kept).
pub struct Keeping<'py> {
    plain: Plain,
    sources: Vec<Source<'py>>,
}

impl<'py> Keeping<'py> {
    /// The keeping of a table with these columns, read as `plain`; `None`
    /// when a column cannot be kept.
    pub fn of(plain: &Plain, columns: &[(String, Column<'py>)]) -> Option<Keeping<'py>> {
        let sources = columns
            .iter()
            .enumerate()
            .map(|(j, (_, column))| match column {
                Column::Objects(list) => Some(Source::Objects(list.clone(), plain.writer(j)?)),
                _ => column.kept().map(Source::Kept),
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Keeping {
            plain: plain.clone(),
            sources,
        })
    }

    /// Reads rows `range`, the block after the last: whether every row is
    /// plain. When one is not, the block is kept as empty rows, to be read
    /// by records instead.
    pub fn block(&mut self, py: Python<'py>, range: Range<usize>) -> PyResult<bool> {
        let decimal = decimal_type(py)?;
        let mut plain = true;
        for (j, source) in self.sources.iter_mut().enumerate() {
            plain = match source {
                Source::Kept(column) => column.plain(&self.plain, j, range.clone()),
                Source::Objects(list, writer) => {
                    let mut all = true;
                    for i in range.clone() {
                        let obj = list.get_item(i)?;
                        if !self.plain.write_object(j, &obj, decimal, writer)? {
                            all = false;
                            break;
                        }
                    }
                    all
                }
            };
            if !plain {
                break;
            }
        }
        if !plain {
            for source in &mut self.sources {
                if let Source::Objects(_, writer) = source {
                    writer.truncate(range.start);
                    range.clone().for_each(|_| writer.null());
                }
            }
        }
        Ok(plain)
    }

    /// The table kept.
    pub fn finish(self) -> Arc<KeptTable> {
        let columns = self
            .sources
            .into_iter()
            .map(|source| match source {
                Source::Kept(column) => column,
                Source::Objects(_, writer) => KeptColumn::Arrow(Arc::new(writer.finish())),
            })
            .collect();
        Arc::new(KeptTable {
            plain: self.plain,
            columns,
        })
    }
}

impl KeptTable {
    fn fill(&self, i: usize, fill: &mut Fill) -> bool {
        self.plain
            .fill_row(fill, |j| self.columns.get(j).and_then(|c| c.cell(i)))
    }

    /// Pushes rows `range` (all plain) into `builder`, in order: the rows
    /// read into entries on this thread while the builder checks them on
    /// another where it can (`LedgerBuilder::push_from`).
    fn push(&self, range: Range<usize>, builder: &mut LedgerBuilder) {
        let (mut fill, mut rows) = (Fill::default(), range);
        builder.push_from(|into| {
            for i in rows.by_ref() {
                // Plain rows, as checked when they were kept: each fills an entry.
                let filled = self.fill(i, &mut fill) && fill.move_into(into);
                debug_assert!(filled, "kept row {i} is not plain");
                if filled {
                    return Some(true);
                }
            }
            Some(false)
        });
    }
}

/// Entries of a ledger after its document's own, in order.
#[derive(Clone, Default)]
pub struct Tail {
    parts: Vec<Part>,
}

#[derive(Clone)]
enum Part {
    Entries(Vec<Entry>),
    Rows(Arc<KeptTable>, Range<usize>),
}

impl Tail {
    /// Whether the tail holds no entry.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The number of entries in the tail.
    pub fn len(&self) -> usize {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Entries(entries) => entries.len(),
                Part::Rows(_, range) => range.len(),
            })
            .sum()
    }

    /// Appends entries.
    pub fn entries(&mut self, entries: Vec<Entry>) {
        if entries.is_empty() {
            return;
        }
        match self.parts.last_mut() {
            Some(Part::Entries(last)) => last.extend(entries),
            _ => self.parts.push(Part::Entries(entries)),
        }
    }

    /// Appends rows `range` of `table`, all plain.
    pub fn rows(&mut self, table: &Arc<KeptTable>, range: Range<usize>) {
        if let Some(Part::Rows(last, kept)) = self.parts.last_mut() {
            if Arc::ptr_eq(last, table) && kept.end == range.start {
                kept.end = range.end;
                return;
            }
        }
        self.parts.push(Part::Rows(Arc::clone(table), range));
    }

    /// Pushes every entry of the tail into `builder`, in order.
    pub fn push_into(&self, builder: &mut LedgerBuilder) {
        for part in &self.parts {
            match part {
                Part::Entries(entries) => entries.iter().for_each(|e| builder.push(e)),
                Part::Rows(table, range) => table.push(range.clone(), builder),
            }
        }
    }
}
