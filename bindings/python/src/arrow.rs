//! Columns held in Apache Arrow memory, read without a Python object per cell.
//!
//! A pandas column of `pd.ArrowDtype` or `string[pyarrow]` (the `str`
//! default of pandas 3 when pyarrow is installed), or a column of a
//! `pyarrow.Table`, reaches the binding as its chunks: for each, its
//! layout, length, offset and a `bytes` copy of each of its buffers (in
//! Arrow's columnar format: <https://arrow.apache.org/docs/format/Columnar.html>).
//! The cells are read from those bytes, every size checked, with no
//! `unsafe` code.
//!
//! Values are little-endian, as on every platform pyarrow is built for.
//! Layouts read: `("text", 4 or 8)` (`string`, `large_string`: offsets of
//! that width into UTF-8 data), `("decimal", scale)` (`decimal128`, with a
//! scale from 0 to 38), `("int", bytes)` and `("uint", bytes)`, and
//! `("date32", 4)`. A cell means what its Python value (`as_py()`) means on
//! the records path: a string, an integer, a decimal written out with the
//! column's decimals (`format(d, "f")`), a date; a null is an empty cell.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// How a chunk's values lie in its buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Offsets of `width` bytes into UTF-8 data.
    Text { width: usize },
    /// 16-byte integers times `10^-scale`.
    Decimal { scale: u32 },
    /// Integers of `width` bytes.
    Int { width: usize, signed: bool },
    /// Days since 1970-01-01 as 4-byte integers.
    Days,
}

impl Layout {
    fn of(name: &str, param: u32) -> Option<Layout> {
        let width = param as usize;
        match (name, param) {
            ("text", 4 | 8) => Some(Layout::Text { width }),
            ("decimal", 0..=38) => Some(Layout::Decimal { scale: param }),
            ("int" | "uint", 1 | 2 | 4 | 8) => Some(Layout::Int {
                width,
                signed: name == "int",
            }),
            ("date32", 4) => Some(Layout::Days),
            _ => None,
        }
    }

    /// The width of a value in the first data buffer.
    fn width(self) -> usize {
        match self {
            Layout::Text { width } | Layout::Int { width, .. } => width,
            Layout::Decimal { .. } => 16,
            Layout::Days => 4,
        }
    }
}

/// One cell of an Arrow column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// A null: an empty cell.
    Null,
    /// A string.
    Text(&'a str),
    /// The bytes of a string that is not valid UTF-8 (Arrow's rules
    /// forbid it; the records path refuses it). Only the cell's own bytes
    /// count: bad bytes in a null slot or outside a slice are never read.
    Bytes(&'a [u8]),
    /// A decimal: `mantissa × 10^-scale`, written with `scale` decimals.
    Number { mantissa: i128, scale: u32 },
    /// An integer.
    Int(i128),
    /// A date, as its day number since 1970-01-01.
    Day(i64),
}

/// One chunk of a column, its buffers checked to hold its values.
struct Chunk {
    layout: Layout,
    /// The index of the chunk's first value in its buffers.
    offset: usize,
    length: usize,
    /// The validity bitmap (bit `k` of byte `k / 8`), or none when every
    /// value is valid.
    validity: Option<Vec<u8>>,
    /// Fixed-width values, or a text's offsets.
    values: Vec<u8>,
    /// A text's data: a `String` when it is UTF-8 and every offset falls
    /// on a character boundary, so that every cell is a `str`; else its
    /// bytes, each cell checked on its own when read.
    data: Result<String, Vec<u8>>,
}

/// A column of Arrow chunks, read cell by cell.
pub struct ArrowColumn {
    chunks: Vec<Chunk>,
    /// The row of each chunk's first value.
    starts: Vec<usize>,
    rows: usize,
}

/// A `TypeError` naming the column `what`.
fn refused(what: &str, why: &str) -> PyErr {
    PyTypeError::new_err(format!("{what}: {why}"))
}

/// The `N` bytes of value `k` of `bytes`, if there.
fn value<const N: usize>(bytes: &[u8], k: usize) -> Option<[u8; N]> {
    let from = k.checked_mul(N)?;
    bytes.get(from..from.checked_add(N)?)?.try_into().ok()
}

fn bytes_of(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<Vec<u8>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => Ok(Some(
            o.cast::<PyBytes>()
                .map_err(|_| refused(what, "an Arrow buffer that is not bytes"))?
                .as_bytes()
                .to_vec(),
        )),
    }
}

impl Chunk {
    /// The chunk of `(layout, param, length, offset, validity, buffers)`.
    fn of(item: &Bound<'_, PyAny>, what: &str) -> PyResult<Chunk> {
        type Parts<'py> = (
            String,
            u32,
            usize,
            usize,
            Bound<'py, PyAny>,
            Vec<Bound<'py, PyAny>>,
        );
        let (name, param, length, offset, validity, buffers): Parts<'_> =
            item.extract().map_err(|_| {
                refused(
                    what,
                    "not an Arrow chunk (layout, param, length, offset, validity, buffers)",
                )
            })?;
        let layout = Layout::of(&name, param).ok_or_else(|| {
            refused(
                what,
                &format!("an Arrow layout ({name:?}, {param}) coshare does not read"),
            )
        })?;
        let texts = matches!(layout, Layout::Text { .. });
        if buffers.len() != if texts { 2 } else { 1 } {
            return Err(refused(
                what,
                "an Arrow chunk with the wrong number of buffers",
            ));
        }
        let chunk = Chunk {
            layout,
            offset,
            length,
            validity: bytes_of(Some(&validity), what)?,
            values: bytes_of(buffers.first(), what)?.unwrap_or_default(),
            data: Err(bytes_of(buffers.get(1), what)?.unwrap_or_default()),
        };
        let mut chunk = chunk;
        chunk.check().map_err(|why| refused(what, why))?;
        if let (Layout::Text { .. }, Err(bytes)) = (layout, &mut chunk.data) {
            let bytes = std::mem::take(bytes);
            chunk.data = match String::from_utf8(bytes) {
                Ok(text) if chunk.on_boundaries(&text) => Ok(text),
                Ok(text) => Err(text.into_bytes()),
                Err(e) => Err(e.into_bytes()),
            };
        }
        Ok(chunk)
    }

    /// Whether every offset of a text chunk falls on a character boundary of `text`.
    fn on_boundaries(&self, text: &str) -> bool {
        (self.offset..=self.offset + self.length).all(|k| {
            self.text_offset(k)
                .is_some_and(|o| text.is_char_boundary(o))
        })
    }

    /// The length of a text chunk's data.
    fn data_len(&self) -> usize {
        match &self.data {
            Ok(text) => text.len(),
            Err(bytes) => bytes.len(),
        }
    }

    /// Whether the buffers hold the values `offset..offset + length`, and
    /// a text's offsets are non-decreasing ranges of its data.
    fn check(&self) -> Result<(), &'static str> {
        if self.length == 0 {
            // No value is read: Arrow lets an empty chunk omit its buffers.
            return Ok(());
        }
        let end = self
            .offset
            .checked_add(self.length)
            .ok_or("an Arrow chunk out of range")?;
        let short = "an Arrow buffer shorter than its values";
        if let Some(bits) = &self.validity {
            if bits.len() < end.div_ceil(8) {
                return Err(short);
            }
        }
        let values = if matches!(self.layout, Layout::Text { .. }) {
            end.checked_add(1).ok_or("an Arrow chunk out of range")?
        } else {
            end
        };
        if values
            .checked_mul(self.layout.width())
            .is_none_or(|n| self.values.len() < n)
        {
            return Err(short);
        }
        if matches!(self.layout, Layout::Text { .. }) {
            let mut last = 0;
            for k in self.offset..=end {
                match self.text_offset(k) {
                    Some(o) if o >= last && o <= self.data_len() => last = o,
                    _ => return Err("an Arrow string array with invalid offsets"),
                }
            }
        }
        Ok(())
    }

    /// Offset `k` of a text chunk.
    fn text_offset(&self, k: usize) -> Option<usize> {
        let wide = self.layout == Layout::Text { width: 8 };
        let offset = if wide {
            i64::from_le_bytes(value::<8>(&self.values, k)?)
        } else {
            i64::from(i32::from_le_bytes(value::<4>(&self.values, k)?))
        };
        usize::try_from(offset).ok()
    }

    /// Value `j` of the chunk (a null past its end).
    fn cell(&self, j: usize) -> Option<Cell<'_>> {
        if j >= self.length {
            return None;
        }
        let k = self.offset + j;
        if let Some(bits) = &self.validity {
            if bits.get(k / 8)? >> (k % 8) & 1 == 0 {
                return Some(Cell::Null);
            }
        }
        let v = &self.values;
        Some(match self.layout {
            Layout::Text { .. } => {
                let range = self.text_offset(k)?..self.text_offset(k + 1)?;
                match &self.data {
                    Ok(text) => Cell::Text(text.get(range)?),
                    Err(bytes) => {
                        let cell = bytes.get(range)?;
                        std::str::from_utf8(cell).map_or(Cell::Bytes(cell), Cell::Text)
                    }
                }
            }
            Layout::Decimal { scale } => Cell::Number {
                mantissa: i128::from_le_bytes(value::<16>(v, k)?),
                scale,
            },
            Layout::Int { width, signed } => Cell::Int(match (width, signed) {
                (1, true) => i128::from(i8::from_le_bytes(value::<1>(v, k)?)),
                (2, true) => i128::from(i16::from_le_bytes(value::<2>(v, k)?)),
                (4, true) => i128::from(i32::from_le_bytes(value::<4>(v, k)?)),
                (8, true) => i128::from(i64::from_le_bytes(value::<8>(v, k)?)),
                (1, false) => i128::from(u8::from_le_bytes(value::<1>(v, k)?)),
                (2, false) => i128::from(u16::from_le_bytes(value::<2>(v, k)?)),
                (4, false) => i128::from(u32::from_le_bytes(value::<4>(v, k)?)),
                _ => i128::from(u64::from_le_bytes(value::<8>(v, k)?)),
            }),
            Layout::Days => Cell::Day(i64::from(i32::from_le_bytes(value::<4>(v, k)?))),
        })
    }
}

impl ArrowColumn {
    /// The column of a sequence of chunks; `what` names it in errors.
    pub fn of(chunks: &Bound<'_, PyAny>, what: &str) -> PyResult<ArrowColumn> {
        let mut column = ArrowColumn {
            chunks: Vec::new(),
            starts: Vec::new(),
            rows: 0,
        };
        let items = chunks
            .try_iter()
            .map_err(|_| refused(what, "not a list of Arrow chunks"))?;
        for item in items {
            let chunk = Chunk::of(&item?, what)?;
            column.starts.push(column.rows);
            column.rows = column
                .rows
                .checked_add(chunk.length)
                .ok_or_else(|| refused(what, "an Arrow column out of range"))?;
            column.chunks.push(chunk);
        }
        Ok(column)
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// The cell of row `i` (a null past the end).
    pub fn cell(&self, i: usize) -> Cell<'_> {
        if let [chunk] = self.chunks.as_slice() {
            return chunk.cell(i).unwrap_or(Cell::Null);
        }
        let c = self.starts.partition_point(|&s| s <= i).saturating_sub(1);
        let start = self.starts.get(c).copied().unwrap_or(0);
        self.chunks
            .get(c)
            .and_then(|chunk| chunk.cell(i.checked_sub(start)?))
            .unwrap_or(Cell::Null)
    }
}

impl ArrowColumn {
    /// The cells of rows `range` (within the column), in order.
    pub fn cells(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = Cell<'_>> {
        self.chunks
            .iter()
            .zip(&self.starts)
            .flat_map(move |(chunk, &start)| {
                let from = range.start.clamp(start, start + chunk.length) - start;
                let to = range.end.clamp(start, start + chunk.length) - start;
                (from..to).map(|j| chunk.cell(j).unwrap_or(Cell::Null))
            })
    }

    /// Whether every cell is a `str` (no null, all UTF-8).
    pub fn all_text(&self) -> bool {
        self.chunks.iter().all(|c| {
            matches!(c.layout, Layout::Text { .. }) && c.validity.is_none() && c.data.is_ok()
        })
    }
}

/// Writes one column, cell by cell, in Arrow's layout: how a column of
/// Python objects is kept without its objects (see `kept`). Texts are
/// `large_string`, numbers `decimal128` with 18 decimals (a `Dec`'s own).
pub struct ColumnWriter {
    chunk: Chunk,
    /// The text data, while it is written.
    text: String,
}

impl ColumnWriter {
    fn new(layout: Layout) -> ColumnWriter {
        let values = if matches!(layout, Layout::Text { .. }) {
            0i64.to_le_bytes().to_vec()
        } else {
            Vec::new()
        };
        ColumnWriter {
            chunk: Chunk {
                layout,
                offset: 0,
                length: 0,
                validity: Some(Vec::new()),
                values,
                data: Err(Vec::new()),
            },
            text: String::new(),
        }
    }

    /// A writer of texts.
    pub fn texts() -> ColumnWriter {
        ColumnWriter::new(Layout::Text { width: 8 })
    }

    /// A writer of numbers.
    pub fn numbers() -> ColumnWriter {
        ColumnWriter::new(Layout::Decimal {
            scale: coshare::number::DEC_SCALE,
        })
    }

    fn push_valid(&mut self, valid: bool) {
        let k = self.chunk.length;
        if let Some(bits) = &mut self.chunk.validity {
            if k % 8 == 0 {
                bits.push(0);
            }
            if let Some(byte) = bits.last_mut() {
                *byte |= u8::from(valid) << (k % 8);
            }
        }
        self.chunk.length += 1;
    }

    /// Writes an empty cell.
    pub fn null(&mut self) {
        match self.chunk.layout {
            Layout::Text { .. } => {
                let end = i64::try_from(self.text.len()).unwrap_or(i64::MAX);
                self.chunk.values.extend_from_slice(&end.to_le_bytes());
            }
            _ => self.chunk.values.extend_from_slice(&[0; 16]),
        }
        self.push_valid(false);
    }

    /// Writes a text (into a writer of texts).
    pub fn text(&mut self, text: &str) {
        self.text.push_str(text);
        let end = i64::try_from(self.text.len()).unwrap_or(i64::MAX);
        self.chunk.values.extend_from_slice(&end.to_le_bytes());
        self.push_valid(true);
    }

    /// Writes a number (into a writer of numbers).
    pub fn number(&mut self, number: coshare::Dec) {
        self.chunk
            .values
            .extend_from_slice(&number.raw().to_le_bytes());
        self.push_valid(true);
    }

    /// Forgets the cells from `len` on.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.chunk.length {
            return;
        }
        let width = self.chunk.layout.width();
        if matches!(self.chunk.layout, Layout::Text { .. }) {
            let end = self.chunk.text_offset(len).unwrap_or(0);
            self.text.truncate(end);
            self.chunk.values.truncate((len + 1) * width);
        } else {
            self.chunk.values.truncate(len * width);
        }
        if let Some(bits) = &mut self.chunk.validity {
            bits.truncate(len.div_ceil(8));
            if let Some(last) = bits.last_mut().filter(|_| len % 8 != 0) {
                *last &= (1u8 << (len % 8)) - 1;
            }
        }
        self.chunk.length = len;
    }

    /// The column written.
    pub fn finish(self) -> ArrowColumn {
        let mut chunk = self.chunk;
        chunk.data = Ok(self.text);
        ArrowColumn {
            rows: chunk.length,
            starts: vec![0],
            chunks: vec![chunk],
        }
    }
}

/// Writes `mantissa × 10^-scale` with exactly `scale` decimals into `out`,
/// as Python's `format(d, "f")` writes that `Decimal`.
pub fn write_number(out: &mut String, mantissa: i128, scale: u32) {
    let digits = mantissa.unsigned_abs().to_string();
    if mantissa < 0 {
        out.push('-');
    }
    let scale = scale as usize;
    if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.push_str(int);
        if scale > 0 {
            out.push('.');
            out.push_str(frac);
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(&digits);
    }
}
