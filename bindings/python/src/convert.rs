//! Conversions between Python values and the core's values.
//!
//! Into the core: a Python object tree becomes a [`coshare::json::Value`],
//! which the core reads exactly as it reads JSON text (docs/format.md, "Errors", reading.
//! `int` is a JSON integer, `str`, `decimal.Decimal` (written with
//! `format(d, "f")`) and `datetime.date` (ISO) are strings, `float` is
//! refused. Out of the core: figures become `decimal.Decimal` from their
//! exact text, dates `datetime.date`. Nothing here computes.
// pyo3 code names the GIL lifetime 'py even where it could be elided.
#![allow(clippy::elidable_lifetime_names)]

use crate::errors::{coshare_err, type_err};
use coshare::json::{Value, MAX_DEPTH};
use coshare::{Date, ErrorCode, Explanation, Fixed, Shares, Split};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple, PyType};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const FLOAT: &str =
    "a float, which cannot hold cents exactly: use decimal.Decimal or a string such as \"12.50\"";

pub(crate) fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

/// Why a conversion failed, and where (path segments, innermost first).
struct Failure {
    path: Vec<String>,
    kind: Kind,
}

enum Kind {
    /// A value of a Python type coshare does not take: `TypeError`.
    Type(String),
    /// What the core reader would refuse with this code: `CoshareError`.
    Code(ErrorCode, String),
    /// An exception raised by the object itself (a mapping's `items()`, say).
    Raised(PyErr),
}

impl Failure {
    fn ty(message: impl Into<String>) -> Failure {
        Failure {
            path: Vec::new(),
            kind: Kind::Type(message.into()),
        }
    }

    fn within(mut self, segment: String) -> Failure {
        self.path.push(segment);
        self
    }

    fn into_py(self, py: Python<'_>, root: &str) -> PyErr {
        // A path through deep nesting is cut after its first segments.
        const SHOWN: usize = 16;
        let mut path = root.to_string();
        for segment in self.path.iter().rev().take(SHOWN) {
            path.push_str(segment);
        }
        if self.path.len() > SHOWN {
            path.push('…');
        }
        match self.kind {
            Kind::Type(m) => PyTypeError::new_err(format!("{path}: {m}")),
            Kind::Code(code, m) => crate::errors::to_py_err(
                py,
                &coshare::Error::new(code, format!("{path}: {m}")).with_path(path),
            ),
            Kind::Raised(e) => e,
        }
    }
}

impl From<PyErr> for Failure {
    fn from(e: PyErr) -> Failure {
        Failure {
            path: Vec::new(),
            kind: Kind::Raised(e),
        }
    }
}

/// The name of a Python object's type, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_string(), |n| n.to_string())
}

fn text(s: &Bound<'_, PyString>) -> Result<String, Failure> {
    s.to_cow()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| Failure {
            path: Vec::new(),
            kind: Kind::Code(
                ErrorCode::InvalidJson,
                "a string that is not valid Unicode (a lone surrogate)".into(),
            ),
        })
}

/// The text of a `datetime.date`; a `datetime.datetime` only at midnight without a time zone.
fn date_text(obj: &Bound<'_, PyAny>) -> Result<Option<String>, Failure> {
    let py = obj.py();
    if obj.is_instance(datetime_type(py)?)? {
        let midnight = obj.getattr("tzinfo")?.is_none()
            && ["hour", "minute", "second", "microsecond"]
                .iter()
                .map(|a| obj.getattr(*a).and_then(|v| v.extract::<i64>()))
                .collect::<PyResult<Vec<i64>>>()?
                .iter()
                .all(|v| *v == 0);
        if !midnight {
            return Err(Failure::ty(
                "a datetime with a time of day or a time zone; a ledger date is a datetime.date",
            ));
        }
        return Ok(Some(
            obj.call_method0("date")?
                .call_method0("isoformat")?
                .extract()?,
        ));
    }
    if obj.is_instance(date_type(py)?)? {
        return Ok(Some(obj.call_method0("isoformat")?.extract()?));
    }
    Ok(None)
}

/// `str` of a `decimal.Decimal` (not a subclass), which is
/// `format(d, "f")` whenever it is made of digits, a sign and a point only
/// (no exponent, finite): one C call. `None` otherwise.
fn plain_decimal_text(obj: &Bound<'_, PyAny>) -> Result<Option<String>, Failure> {
    let s = obj.str()?;
    let t = s.to_cow()?;
    if t.bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return Ok(Some(t.into_owned()));
    }
    Ok(None)
}

/// The text of a finite `decimal.Decimal`, written without exponent.
fn decimal_text(obj: &Bound<'_, PyAny>) -> Result<Option<String>, Failure> {
    let ty = decimal_type(obj.py())?;
    if obj.is_exact_instance(ty) {
        if let Some(t) = plain_decimal_text(obj)? {
            return Ok(Some(t));
        }
    } else if !obj.is_instance(ty)? {
        return Ok(None);
    }
    if !obj.call_method0("is_finite")?.is_truthy()? {
        return Err(Failure::ty(format!(
            "the Decimal {}, which is not a number",
            obj.str()?
        )));
    }
    Ok(Some(obj.call_method1("__format__", ("f",))?.extract()?))
}

/// The key-value pairs of a mapping: a `dict` walked in place, another
/// mapping through its `items()`.
enum Pairs<'py> {
    Dict(Bound<'py, PyDict>),
    Items(Bound<'py, PyList>),
}

fn items<'py>(obj: &Bound<'py, PyAny>) -> Result<Option<Pairs<'py>>, Failure> {
    if let Ok(d) = obj.cast::<PyDict>() {
        return Ok(Some(Pairs::Dict(d.clone())));
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        return Ok(Some(Pairs::Items(m.items()?)));
    }
    Ok(None)
}

fn object(pairs: &Pairs<'_>, depth: usize, skip_missing: bool) -> Result<Value, Failure> {
    let mut fields = Vec::new();
    let mut field = |key: Bound<'_, PyAny>, v: Bound<'_, PyAny>| -> Result<(), Failure> {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(Failure::ty(format!(
                "a mapping key must be a str, not {}",
                type_name(&key)
            )));
        };
        let key = text(key)?;
        let v = if skip_missing {
            match cell(&v, depth, None, None).map_err(|f| f.within(format!(".{key}")))? {
                Some(v) => v,
                None => return Ok(()),
            }
        } else {
            value(&v, depth).map_err(|f| f.within(format!(".{key}")))?
        };
        fields.push((key, v));
        Ok(())
    };
    match pairs {
        Pairs::Dict(d) => {
            for (key, v) in d.iter() {
                field(key, v)?;
            }
        }
        Pairs::Items(list) => {
            for pair in list.iter() {
                let (key, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
                field(key, v)?;
            }
        }
    }
    Ok(Value::Object(fields))
}

/// Converts one Python value; `depth` is the nesting of its container.
fn value(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Failure> {
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return Ok(Value::String(text(s)?));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Value::Number(obj.str()?.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(Failure::ty(FLOAT));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(text(s)?));
    }
    if let Some(d) = decimal_text(obj)? {
        return Ok(Value::String(d));
    }
    if let Some(d) = date_text(obj)? {
        return Ok(Value::String(d));
    }
    let nested = || {
        if depth + 1 > MAX_DEPTH {
            Err(Failure {
                path: Vec::new(),
                kind: Kind::Code(ErrorCode::InvalidJson, "nesting deeper than 128".into()),
            })
        } else {
            Ok(depth + 1)
        }
    };
    if let Some(pairs) = items(obj)? {
        return object(&pairs, nested()?, false);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let inner = nested()?;
        let mut out = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            out.push(value(&item?, inner).map_err(|f| f.within(format!("[{i}]")))?);
        }
        return Ok(Value::Array(out));
    }
    Err(Failure::ty(format!(
        "a {}, which is not a ledger value (use dict, list, str, int, Decimal, date, bool or None)",
        type_name(obj)
    )))
}

/// A table cell: `None` when empty, else its value. Empty is what
/// `isna` (pandas' `isna`, for a `DataFrame`'s cells) says, or else
/// [`is_missing`]. The usual cells (`str`, a finite `Decimal`, `int`) are
/// recognised by their exact type first, without asking. A cell of a type
/// refused is given to `native`, when there is one (a numpy scalar as the
/// Python value `to_dict` gives), and read again if that changed it.
fn cell(
    obj: &Bound<'_, PyAny>,
    depth: usize,
    isna: Option<&Bound<'_, PyAny>>,
    native: Option<&Bound<'_, PyAny>>,
) -> Result<Option<Value>, Failure> {
    if let Ok(s) = obj.cast_exact::<PyString>() {
        return Ok(Some(Value::String(text(s)?)));
    }
    if obj.is_none() {
        return Ok(None);
    }
    if obj.is_exact_instance(decimal_type(obj.py())?) {
        if let Some(d) = plain_decimal_text(obj)? {
            return Ok(Some(Value::String(d)));
        }
    } else if obj.is_exact_instance_of::<PyInt>() {
        return Ok(Some(Value::Number(obj.str()?.to_cow()?.into_owned())));
    }
    let missing = match isna {
        // `isna` of a scalar is a bool; of a list or an array, not empty.
        Some(isna) => isna
            .call1((obj,))?
            .cast::<PyBool>()
            .is_ok_and(PyBoolMethods::is_true),
        None => is_missing(obj)?,
    };
    if missing {
        return Ok(None);
    }
    match (value(obj, depth), native) {
        (
            Err(
                f @ Failure {
                    kind: Kind::Type(_),
                    ..
                },
            ),
            Some(native),
        ) => {
            let boxed = native.call1((obj,))?;
            if boxed.is(obj) {
                Err(f)
            } else {
                cell(&boxed, depth, None, None)
            }
        }
        (read, _) => read.map(Some),
    }
}

/// An empty cell of a table: `None`, a float NaN, pandas' `NA` or `NaT`.
fn is_missing(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    if obj.is_none() {
        return Ok(true);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(f.value().is_nan());
    }
    let ty = obj.get_type();
    let name = ty.name()?.to_cow()?.into_owned();
    Ok((name == "NaTType" || name == "NAType") && ty.module()?.to_cow()?.starts_with("pandas"))
}

/// A Python document (a mapping) as a JSON value for the core reader.
pub fn document(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if items(obj)
        .map_err(|f| f.into_py(obj.py(), "document"))?
        .is_none()
    {
        return Err(type_err("a ledger document", "a mapping", obj));
    }
    value(obj, 0).map_err(|f| f.into_py(obj.py(), "document"))
}

/// Any value of a request (amount, carry-in) as a JSON value.
pub fn argument(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    value(obj, 0).map_err(|f| f.into_py(obj.py(), what))
}

/// Records (mappings of contribution fields) as an array of entry objects:
/// empty cells are left out and `"type"` defaults to `"contribution"`.
pub fn records(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    let py = obj.py();
    if obj.is_instance_of::<PyString>()
        || items(obj).map_err(|f| f.into_py(py, "records"))?.is_some()
    {
        return Err(type_err(
            "records",
            "an iterable of mappings (such as df.to_dict(\"records\"))",
            obj,
        ));
    }
    let mut entries = Vec::new();
    for (i, record) in obj.try_iter()?.enumerate() {
        let record = record?;
        let root = format!("records[{i}]");
        let Some(pairs) = items(&record).map_err(|f| f.into_py(py, &root))? else {
            return Err(type_err(&root, "a mapping", &record));
        };
        let Value::Object(mut fields) =
            object(&pairs, 3, true).map_err(|f| f.into_py(py, &root))?
        else {
            continue;
        };
        if !fields.iter().any(|(k, _)| k == "type") {
            fields.insert(0, ("type".into(), Value::String("contribution".into())));
        }
        entries.push(Value::Object(fields));
    }
    Ok(Value::Array(entries))
}

/// How one column of a table reaches [`Table::rows`].
pub enum Column<'py> {
    /// One Python value per row (`Series.tolist()`), read as a record's cells.
    Objects(Bound<'py, PyList>),
    /// Dates as day numbers since 1970-01-01 (`datetime64[D]` viewed as
    /// `int64`); `i64::MIN` (`NaT`) is empty.
    Days(std::sync::Arc<Vec<i64>>),
    /// A column in Arrow memory, read in place ([`crate::arrow`]).
    Arrow(std::sync::Arc<crate::arrow::ArrowColumn>),
}

impl Column<'_> {
    /// Day numbers from the bytes of an `int64` array (native-endian).
    pub fn days(bytes: &[u8]) -> Option<Column<'static>> {
        if bytes.len() % 8 != 0 {
            return None;
        }
        let days = bytes.chunks_exact(8).map(|c| {
            let mut day = [0u8; 8];
            day.copy_from_slice(c);
            i64::from_ne_bytes(day)
        });
        Some(Column::Days(std::sync::Arc::new(days.collect())))
    }

    /// The column, when it holds no Python object.
    pub fn kept(&self) -> Option<crate::kept::KeptColumn> {
        match self {
            Column::Objects(_) => None,
            Column::Days(days) => Some(crate::kept::KeptColumn::Days(days.clone())),
            Column::Arrow(column) => Some(crate::kept::KeptColumn::Arrow(column.clone())),
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::Objects(list) => list.len(),
            Column::Days(days) => days.len(),
            Column::Arrow(column) => column.len(),
        }
    }
}

/// The columns of a table (a pandas `DataFrame`'s), read a range of rows at
/// a time into entry objects for the core reader. The strings and rows of
/// each range's values are reused for the next range ([`Table::recycle`]):
/// a table has hundreds of thousands of small strings, and allocating and
/// freeing each would cost as much as reading them.
pub struct Table<'py> {
    columns: Vec<(String, Column<'py>)>,
    isna: Option<Bound<'py, PyAny>>,
    native: Option<Bound<'py, PyAny>>,
    strings: Vec<String>,
    rows: Vec<Vec<(String, Value)>>,
    entries: Vec<Value>,
}

impl<'py> Table<'py> {
    /// The columns, all of `rows` values; `isna` (pandas' `isna`) says
    /// which cells are empty, as `frame.notna()` does; `native` gives a
    /// cell of a type refused as the value a record would hold (see
    /// [`cell`]).
    pub fn new(
        rows: usize,
        columns: Vec<(String, Column<'py>)>,
        isna: Option<Bound<'py, PyAny>>,
        native: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Table<'py>> {
        for (name, column) in &columns {
            if column.len() != rows {
                return Err(PyTypeError::new_err(format!(
                    "column {name:?}: not {rows} values"
                )));
            }
        }
        Ok(Table {
            columns,
            isna,
            native,
            strings: Vec::new(),
            rows: Vec::new(),
            entries: Vec::new(),
        })
    }

    fn string(&mut self, text: &str) -> String {
        match self.strings.pop() {
            Some(mut s) => {
                s.clear();
                s.push_str(text);
                s
            }
            None => text.to_owned(),
        }
    }

    /// A `str` as a string of the pool; a lone surrogate is `invalid_json`.
    fn text(&mut self, s: &Bound<'_, PyString>) -> Result<String, Failure> {
        // `to_str` borrows the string's own UTF-8 (no copy, and for an
        // ASCII string nothing to encode): stable ABI of Python 3.10 on.
        let lone_surrogate = || Failure {
            path: Vec::new(),
            kind: Kind::Code(
                ErrorCode::InvalidJson,
                "a string that is not valid Unicode (a lone surrogate)".into(),
            ),
        };
        let text = s.to_str().map_err(|_| lone_surrogate())?;
        Ok(self.string(text))
    }

    /// A date as `YYYY-MM-DD` (as its `Display` writes it).
    fn date(&mut self, d: Date) -> String {
        let (y, m, day) = d.ymd();
        let Ok(year) = u32::try_from(y) else {
            return d.to_string();
        };
        if year > 9999 {
            return d.to_string();
        }
        let mut out = self.string("");
        for (n, width) in [(year, 4), (m, 2), (day, 2)] {
            if width == 2 {
                out.push('-');
            }
            for k in (0..width).rev() {
                out.push(char::from_digit(n / 10u32.pow(k) % 10, 10).unwrap_or('0'));
            }
        }
        out
    }

    /// One cell: the usual ones (`str`, a finite `Decimal`) into strings of
    /// the pool, the others as [`cell`] reads them.
    fn cell(&mut self, obj: &Bound<'_, PyAny>) -> Result<Option<Value>, Failure> {
        if let Ok(s) = obj.cast_exact::<PyString>() {
            return Ok(Some(Value::String(self.text(s)?)));
        }
        if obj.is_none() {
            return Ok(None);
        }
        if obj.is_exact_instance(decimal_type(obj.py())?) {
            // `str` of a Decimal is `format(d, "f")` when it has no exponent.
            let s = obj.str()?;
            let d = self.text(&s)?;
            if d.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                return Ok(Some(Value::String(d)));
            }
            self.strings.push(d);
        }
        cell(obj, 3, self.isna.as_ref(), self.native.as_ref())
    }

    /// An Arrow cell as the value its Python value (`as_py()`) gives on
    /// this path: a string, a number's `format(d, "f")` (a `str` for a
    /// decimal, as for `decimal.Decimal`; a JSON number for an integer, as
    /// for `int`), a date's `YYYY-MM-DD`; a null is empty.
    fn arrow_cell(&mut self, cell: crate::arrow::Cell<'_>) -> Result<Option<Value>, Failure> {
        use crate::arrow::Cell;
        Ok(Some(match cell {
            Cell::Null => return Ok(None),
            Cell::Text(text) => Value::String(self.string(text)),
            Cell::Bytes(_) => {
                return Err(Failure {
                    path: Vec::new(),
                    kind: Kind::Code(
                        ErrorCode::InvalidJson,
                        "a string that is not valid UTF-8".into(),
                    ),
                })
            }
            Cell::Number { mantissa, scale } => {
                let mut text = self.string("");
                crate::arrow::write_number(&mut text, mantissa, scale);
                Value::String(text)
            }
            Cell::Int(n) => {
                let mut text = self.string("");
                crate::arrow::write_number(&mut text, n, 0);
                Value::Number(text)
            }
            Cell::Day(d) => Value::String(self.date(Date::from_day_number(d))),
        }))
    }

    /// Rows `range` as an array of entry objects: row `i` is the record
    /// `{name: cell}` of [`records`] (empty cells left out, `"type"`
    /// defaulting to `"contribution"`), and errors name it
    /// `records[i].name` as there.
    pub fn rows(&mut self, py: Python<'_>, range: std::ops::Range<usize>) -> PyResult<Value> {
        let mut entries = std::mem::take(&mut self.entries);
        entries.reserve(range.len());
        let columns = std::mem::take(&mut self.columns);
        let typed = columns.iter().any(|(name, _)| name == "type");
        let result = (|| {
            for i in range {
                let mut fields = self.rows.pop().unwrap_or_default();
                if !typed {
                    let value = Value::String(self.string("contribution"));
                    fields.push((self.string("type"), value));
                }
                for (name, column) in &columns {
                    let v = match column {
                        Column::Objects(list) => {
                            let obj = list.get_item(i)?;
                            self.cell(&obj).map_err(|f| {
                                f.within(format!(".{name}"))
                                    .into_py(py, &format!("records[{i}]"))
                            })?
                        }
                        Column::Days(days) => match days.get(i) {
                            None | Some(&i64::MIN) => None,
                            Some(&d) => Some(Value::String(self.date(Date::from_day_number(d)))),
                        },
                        Column::Arrow(column) => self.arrow_cell(column.cell(i)).map_err(|f| {
                            f.within(format!(".{name}"))
                                .into_py(py, &format!("records[{i}]"))
                        })?,
                    };
                    if let Some(v) = v {
                        fields.push((self.string(name), v));
                    }
                }
                if typed && !fields.iter().any(|(k, _)| k == "type") {
                    let value = Value::String(self.string("contribution"));
                    fields.insert(0, (self.string("type"), value));
                }
                entries.push(Value::Object(fields));
            }
            Ok(())
        })();
        self.columns = columns;
        result.map(|()| Value::Array(entries))
    }

    /// Appends rows `range` read by `plain` (see [`crate::rows`]) to
    /// `entries`; `false` when they are to be read by [`Table::rows`].
    pub fn plain_rows(
        &self,
        py: Python<'_>,
        plain: &crate::rows::Plain,
        range: std::ops::Range<usize>,
        entries: &mut Vec<coshare::document::Entry>,
    ) -> PyResult<bool> {
        plain.rows(py, &self.columns, range, entries)
    }

    /// Takes back the strings and rows of values built by [`Table::rows`].
    pub fn recycle(&mut self, value: Value) {
        match value {
            Value::String(s) | Value::Number(s) => self.strings.push(s),
            Value::Array(mut items) => {
                for item in items.drain(..) {
                    self.recycle(item);
                }
                self.entries = items;
            }
            Value::Object(mut fields) => {
                for (key, v) in fields.drain(..) {
                    self.strings.push(key);
                    self.recycle(v);
                }
                self.rows.push(fields);
            }
            _ => {}
        }
    }
}

/// The text of a `str` argument; a lone surrogate is `invalid_json`.
pub fn str_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let Ok(s) = obj.cast::<PyString>() else {
        return Err(type_err(what, "a str", obj));
    };
    text(s).map_err(|f| f.into_py(obj.py(), what))
}

/// The text of a date argument: a `datetime.date` or a `YYYY-MM-DD` string.
pub fn date_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if obj.is_instance_of::<PyString>() {
        return str_arg(obj, what);
    }
    match date_text(obj) {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Err(type_err(what, "a datetime.date or a str", obj)),
        Err(f) => Err(f.into_py(obj.py(), what)),
    }
}

/// A date argument parsed by the core; a bad one is `invalid_date`.
pub fn parse_date(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Date> {
    let t = date_arg(obj, what)?;
    Date::parse(&t).map_err(|_| {
        coshare_err(
            obj.py(),
            ErrorCode::InvalidDate,
            format!("{what}: {t:?} {}", Date::why_not(&t).unwrap_or_default()),
        )
    })
}

/// A number argument: `decimal.Decimal`, `int` or a decimal string.
pub fn number_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    let py = obj.py();
    let ok = !obj.is_instance_of::<PyBool>()
        && (obj.is_instance_of::<PyInt>()
            || obj.is_instance_of::<PyString>()
            || obj.is_instance_of::<PyFloat>()
            || obj.is_instance(decimal_type(py)?)?);
    if !ok {
        return Err(type_err(what, "a decimal.Decimal, an int or a str", obj));
    }
    argument(obj, what)
}

// ---- out of the core ----

fn decimal<'py>(py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
    decimal_type(py)?.call1((text,))
}

/// A figure as a `Decimal` with exactly its scale's decimals (`"25000.00"`).
fn fixed(py: Python<'_>, f: Fixed) -> PyResult<Bound<'_, PyAny>> {
    decimal(py, f.to_string())
}

/// An exact figure as a plain `Decimal` without trailing zeros (`"7.5"`).
fn plain(py: Python<'_>, f: Fixed) -> PyResult<Bound<'_, PyAny>> {
    decimal(py, f.to_plain_string())
}

/// A date as a `datetime.date`.
fn date(py: Python<'_>, d: Date) -> PyResult<Bound<'_, PyAny>> {
    let (y, m, day) = d.ymd();
    date_type(py)?.call1((y, m, day))
}

fn period<'py>(py: Python<'py>, start: Date, end: Date) -> PyResult<Bound<'py, PyDict>> {
    let p = PyDict::new(py);
    p.set_item("start", date(py, start)?)?;
    p.set_item("end", date(py, end)?)?;
    Ok(p)
}

/// The result document (docs/format.md, "Request and split result"), figures as `Decimal`, dates as `date`.
pub fn split<'py>(py: Python<'py>, s: &Split) -> PyResult<Bound<'py, PyDict>> {
    let doc = PyDict::new(py);
    doc.set_item("period", period(py, s.start, s.end)?)?;
    doc.set_item("basis", s.basis.as_str())?;
    doc.set_item("amount", fixed(py, s.amount)?)?;
    let buckets = PyList::empty(py);
    for b in &s.buckets {
        let d = PyDict::new(py);
        d.set_item("name", &b.name)?;
        d.set_item("type", if b.pool.is_some() { "pool" } else { "reserve" })?;
        d.set_item("amount", fixed(py, b.amount)?)?;
        if let Some(p) = &b.pool {
            d.set_item("basis_total", plain(py, p.basis_total)?)?;
            d.set_item("unallocated", fixed(py, p.unallocated)?)?;
        }
        buckets.append(d)?;
    }
    doc.set_item("buckets", buckets)?;
    // Keys interned once: a split of thousands of members repeats them.
    let members = PyList::empty(py);
    let (member_key, pools_key, pool_key) = (
        intern!(py, "member"),
        intern!(py, "pools"),
        intern!(py, "pool"),
    );
    let (basis, average_units, share, amount) = (
        intern!(py, "basis"),
        intern!(py, "average_units"),
        intern!(py, "share"),
        intern!(py, "amount"),
    );
    let mut pool_names: Vec<(String, Bound<'py, PyString>)> = Vec::new();
    for m in &s.members {
        let d = PyDict::new(py);
        d.set_item(member_key, &m.member)?;
        let pools = PyDict::new(py);
        for p in &m.pools {
            let name = if let Some((_, name)) = pool_names.iter().find(|(n, _)| *n == p.pool) {
                name.clone()
            } else {
                let name = PyString::new(py, &p.pool);
                pool_names.push((p.pool.clone(), name.clone()));
                name
            };
            let part = PyDict::new(py);
            // The fields of the Python `PoolPart`, in its order.
            part.set_item(pool_key, &name)?;
            part.set_item(basis, plain(py, p.basis)?)?;
            match p.average_units {
                Some(a) => part.set_item(average_units, fixed(py, a)?)?,
                None => part.set_item(average_units, py.None())?,
            }
            part.set_item(share, fixed(py, p.share)?)?;
            part.set_item(amount, fixed(py, p.amount)?)?;
            pools.set_item(name, part)?;
        }
        d.set_item(pools_key, pools)?;
        for (k, v) in m.figures() {
            d.set_item(PyString::intern(py, k), fixed(py, v)?)?;
        }
        members.append(d)?;
    }
    doc.set_item("members", members)?;
    Ok(doc)
}

/// The shares document (`Shares::to_json`'s shape), figures as `Decimal`.
pub fn shares<'py>(py: Python<'py>, s: &Shares) -> PyResult<Bound<'py, PyDict>> {
    let doc = PyDict::new(py);
    doc.set_item("at", date(py, s.at)?)?;
    doc.set_item("total", plain(py, s.total)?)?;
    let members = PyList::empty(py);
    for m in &s.members {
        let d = PyDict::new(py);
        d.set_item("member", &m.member)?;
        let kinds = PyDict::new(py);
        for (k, u) in &m.kinds {
            kinds.set_item(k, plain(py, *u)?)?;
        }
        d.set_item("kinds", kinds)?;
        d.set_item("units", plain(py, m.units)?)?;
        d.set_item("share", fixed(py, m.share)?)?;
        members.append(d)?;
    }
    doc.set_item("members", members)?;
    let pools = PyList::empty(py);
    for p in &s.pools {
        let d = PyDict::new(py);
        d.set_item("pool", &p.pool)?;
        d.set_item("total", plain(py, p.total)?)?;
        let members = PyList::empty(py);
        for m in &p.members {
            let x = PyDict::new(py);
            x.set_item("member", &m.member)?;
            x.set_item("units", plain(py, m.units)?)?;
            x.set_item("share", fixed(py, m.share)?)?;
            members.append(x)?;
        }
        d.set_item("members", members)?;
        pools.append(d)?;
    }
    doc.set_item("pools", pools)?;
    Ok(doc)
}

/// The explanation document (`Explanation::to_json`'s shape), figures as `Decimal`.
pub fn explanation<'py>(py: Python<'py>, e: &Explanation) -> PyResult<Bound<'py, PyDict>> {
    let doc = PyDict::new(py);
    doc.set_item("member", &e.member)?;
    doc.set_item("period", period(py, e.start, e.end)?)?;
    doc.set_item("basis", plain(py, e.basis)?)?;
    doc.set_item("average_units", fixed(py, e.average_units)?)?;
    let pools = PyList::empty(py);
    for p in &e.pools {
        let d = PyDict::new(py);
        d.set_item("pool", &p.pool)?;
        d.set_item("kinds", PyTuple::new(py, &p.kinds)?)?;
        d.set_item("basis", plain(py, p.basis)?)?;
        d.set_item("basis_total", plain(py, p.basis_total)?)?;
        d.set_item("share", fixed(py, p.share)?)?;
        pools.append(d)?;
    }
    doc.set_item("pools", pools)?;
    let list = PyList::empty(py);
    for c in &e.contributions {
        let d = PyDict::new(py);
        d.set_item("entry", &c.entry)?;
        d.set_item("date", date(py, c.date)?)?;
        d.set_item("kind", &c.kind)?;
        d.set_item("value", fixed(py, c.value)?)?;
        d.set_item("at_risk", fixed(py, c.at_risk)?)?;
        d.set_item("units", fixed(py, c.units)?)?;
        d.set_item("live_at_start", plain(py, c.live_at_start)?)?;
        d.set_item("live_at_end", plain(py, c.live_at_end)?)?;
        let changes = PyList::empty(py);
        for (day, units) in &c.changes {
            let ch = PyDict::new(py);
            ch.set_item("date", date(py, *day)?)?;
            ch.set_item("units", fixed(py, *units)?)?;
            changes.append(ch)?;
        }
        d.set_item("changes", changes)?;
        d.set_item("unit_days", plain(py, c.unit_days)?)?;
        list.append(d)?;
    }
    doc.set_item("contributions", list)?;
    Ok(doc)
}
