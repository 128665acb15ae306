//! Rows kept in their table's columns until the ledger is built.
//!
//! A table whose columns hold no Python object (Arrow buffers, day
//! numbers) need not become a list of entries: its plain rows are kept as
//! ranges of the table, and read into one reused [`Fill`] entry as the
//! core's builder takes them. A million rows then cost no entry's memory
//! (240 bytes each, and their strings), only the columns' own.
//!
//! [`Tail`] is what a ledger holds after its document's own entries: such
//! ranges, and entries read the usual way, in order.

use std::ops::Range;
use std::sync::Arc;

use crate::arrow::{ArrowColumn, Cell};
use crate::rows::{Fill, Plain};
use coshare::document::Entry;
use coshare::LedgerBuilder;

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

/// A plain table (see [`Plain`]) of columns that hold no Python object.
pub struct KeptTable {
    plain: Plain,
    columns: Vec<KeptColumn>,
}

impl KeptTable {
    /// The table of these columns, read as `plain`.
    pub fn new(plain: Plain, columns: Vec<KeptColumn>) -> KeptTable {
        KeptTable { plain, columns }
    }

    fn fill(&self, i: usize, fill: &mut Fill) -> bool {
        self.plain
            .fill_row(fill, |j| self.columns.get(j).and_then(|c| c.cell(i)))
    }

    /// Whether every row of `range` is plain: read into an entry, it is
    /// the entry the records path would read, and no reading error.
    ///
    /// Checked column by column: a column of strings without a null, in a
    /// text field, needs no look at its cells.
    pub fn plain(&self, range: Range<usize>) -> bool {
        self.columns
            .iter()
            .enumerate()
            .all(|(j, column)| match column {
                KeptColumn::Arrow(c) if c.all_text() && self.plain.is_text(j) => true,
                KeptColumn::Arrow(c) => self.plain.column_plain(j, c.cells(range.clone())),
                KeptColumn::Days(days) => {
                    let cells = range.clone().map(|i| match days.get(i) {
                        Some(&i64::MIN) | None => Cell::Null,
                        Some(&d) => Cell::Day(d),
                    });
                    range.end <= days.len() && self.plain.column_plain(j, cells)
                }
            })
    }

    /// Pushes rows `range` (all plain) into `builder`, in order.
    fn push(&self, range: Range<usize>, builder: &mut LedgerBuilder) {
        let mut fill = Fill::default();
        for i in range {
            // Plain rows, as checked when they were kept.
            if self.fill(i, &mut fill) {
                if let Some(entry) = fill.entry() {
                    builder.push(entry);
                }
            }
        }
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
