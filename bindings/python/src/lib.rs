//! `coshare._coshare`: the native half of the `coshare` Python package.
//!
//! Each function converts its arguments ([`convert`]), calls the core, and
//! converts the result or the error ([`errors`]). The Pythonic API (result
//! classes, pandas, `load`) is in `python/coshare/__init__.py`.

mod arrow;
mod convert;
mod errors;
mod kept;
mod rows;

use convert::{date_arg, number_arg, parse_date, str_arg};
use coshare::document::Entry;
use coshare::json::Value;
use coshare::{Document, Duration, ErrorCode, Ledger, LedgerBuilder, Request};
use errors::{core, coshare_err, to_py_err, type_err};
use kept::Tail;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMapping, PyString, PyTuple};
use std::sync::Arc;
use std::sync::OnceLock;

/// A ledger document as read (docs/format.md, "Errors": reading), and
/// its check, made once (`check`, which `coshare.Ledger` calls when built).
#[pyclass(module = "coshare._coshare", frozen)]
pub struct RawLedger {
    /// The document. A ledger read from JSON text that checks is built
    /// straight from the text (`Ledger::from_json`, the core's fast path:
    /// docs/format.md, "Reading large files"), and its document is read
    /// from `text` only when something needs it (appending entries,
    /// counting them): most ledgers read from a file are only queried.
    document: OnceLock<coshare::Result<Document>>,
    /// The JSON text of a ledger read that way: the caller's `bytes` or
    /// `str`, held rather than copied.
    text: Option<Text>,
    /// The entries after the document's own, some kept in their table's
    /// columns (`kept`): empty unless a table was kept.
    tail: Tail,
    checked: OnceLock<coshare::Result<Ledger>>,
}

/// A ledger's JSON text, held in its Python object.
enum Text {
    Bytes(PyBackedBytes),
    Str(PyBackedStr),
}

impl Text {
    /// The text; `invalid_json` for bytes that are not UTF-8.
    fn text(&self) -> coshare::Result<&str> {
        match self {
            Text::Bytes(bytes) => coshare::json::utf8(bytes),
            Text::Str(text) => Ok(text),
        }
    }
}

impl RawLedger {
    fn new(document: Document) -> RawLedger {
        RawLedger {
            document: OnceLock::from(Ok(document)),
            text: None,
            tail: Tail::default(),
            checked: OnceLock::new(),
        }
    }

    /// Reads a ledger's JSON text: checked straight from the text when it
    /// checks, else read as a document, whose check then finds the same
    /// first error (and lists every other). A ledger to be `extended` with
    /// more entries is read as a document at once: checking its text alone
    /// would be work thrown away.
    fn of_text(py: Python<'_>, text: Text, extended: bool) -> PyResult<RawLedger> {
        let read = (!extended).then(|| py.detach(|| text.text().and_then(Ledger::from_json)));
        if let Some(Ok(ledger)) = read {
            return Ok(RawLedger {
                document: OnceLock::new(),
                text: Some(text),
                tail: Tail::default(),
                checked: OnceLock::from(Ok(ledger)),
            });
        }
        let document = py.detach(|| text.text().and_then(Document::from_json));
        Ok(RawLedger::new(core(py, document)?))
    }

    /// The document, read from the text when first needed.
    fn document(&self, py: Python<'_>) -> PyResult<&Document> {
        let read = py.detach(|| self.read_document());
        read.as_ref().map_err(|e| to_py_err(py, e))
    }

    /// [`RawLedger::document`] without the GIL in hand. Its text read as a
    /// ledger, so it reads as a document; every other ledger's document
    /// is set when it is made (the empty text's `invalid_json` is never
    /// seen).
    fn read_document(&self) -> &coshare::Result<Document> {
        self.document.get_or_init(|| match &self.text {
            Some(text) => text.text().and_then(Document::from_json),
            None => Document::from_json(""),
        })
    }

    /// A copy to append entries to.
    fn extended(&self, py: Python<'_>) -> PyResult<RawLedger> {
        let document = self.document(py)?.clone();
        Ok(RawLedger {
            tail: self.tail.clone(),
            ..RawLedger::new(document)
        })
    }

    /// Appends `entries` (emptied): to the document's own while the tail
    /// is empty. Only on an extended copy, whose document is read.
    fn append(&mut self, entries: &mut Vec<Entry>) {
        let Some(Ok(document)) = self.document.get_mut() else {
            return;
        };
        if !self.tail.is_empty() {
            self.tail.entries(std::mem::take(entries));
        } else if document.entries.is_empty() {
            document.entries = std::mem::take(entries);
        } else {
            document.entries.append(entries);
        }
    }

    /// A builder with every entry pushed (`validating`: see
    /// `LedgerBuilder::validating`), or the document's reading error.
    fn builder(&self, validating: bool) -> coshare::Result<LedgerBuilder> {
        let d = self.read_document().as_ref().map_err(Clone::clone)?;
        let (currency, policies, members) =
            (d.currency.clone(), d.policies.clone(), d.members.clone());
        let mut builder = if validating {
            LedgerBuilder::validating(currency, policies, members)
        } else {
            LedgerBuilder::new(currency, policies, members)
        };
        builder.reserve(d.entries.len() + self.tail.len());
        for entry in &d.entries {
            builder.push(entry);
        }
        self.tail.push_into(&mut builder);
        Ok(builder)
    }

    /// The checked ledger, or the document's first error (docs/format.md, "Errors", checking.
    fn ledger(&self, py: Python<'_>) -> PyResult<&Ledger> {
        self.checked(py).as_ref().map_err(|e| to_py_err(py, e))
    }

    /// The ledger checked once, the first time it is asked for.
    fn checked(&self, py: Python<'_>) -> &coshare::Result<Ledger> {
        py.detach(|| {
            self.checked
                .get_or_init(|| self.builder(false).and_then(LedgerBuilder::finish))
        })
    }

    fn with_entries(&self, py: Python<'_>, mut entries: Vec<Entry>) -> PyResult<RawLedger> {
        let mut out = self.extended(py)?;
        py.detach(|| out.append(&mut entries));
        Ok(out)
    }
}

/// Rows of a table read at a time (`RawLedger::with_columns`): the values
/// of one chunk are reused for the next.
const CHUNK: usize = 256;

/// Entries (an array of entry objects) read by the core; `first` is the
/// index of the first of them among the caller's records, which errors
/// name (`entries[first + i]`). The entry objects are given back with the
/// entries read.
fn read_entries(
    py: Python<'_>,
    entries: Value,
    first: usize,
) -> (Value, PyResult<Vec<coshare::document::Entry>>) {
    let read = py.detach(|| coshare::read_entries(&entries, first));
    (entries, core(py, read))
}

fn kinds_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<String>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if !(obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>()) {
        return Err(type_err("kinds", "a list of str", obj));
    }
    let mut out = Vec::new();
    for k in obj.try_iter()? {
        out.push(str_arg(&k?, "kinds")?);
    }
    Ok(Some(out))
}

/// The request document of a split's arguments (read by the core, so bad
/// values get the same codes as in a request file).
fn request_value(
    start: &Bound<'_, PyAny>,
    end: &Bound<'_, PyAny>,
    amount: &Bound<'_, PyAny>,
    basis: Option<&Bound<'_, PyAny>>,
    carry_in: Option<&Bound<'_, PyAny>>,
) -> PyResult<Value> {
    let period = Value::Object(vec![
        ("start".into(), Value::String(date_arg(start, "start")?)),
        ("end".into(), Value::String(date_arg(end, "end")?)),
    ]);
    let mut request = vec![
        ("period".into(), period),
        ("amount".into(), number_arg(amount, "amount")?),
    ];
    if let Some(b) = basis.filter(|b| !b.is_none()) {
        request.push(("basis".into(), Value::String(str_arg(b, "basis")?)));
    }
    if let Some(c) = carry_in.filter(|c| !c.is_none()) {
        let Ok(c) = c.cast::<PyMapping>() else {
            return Err(type_err("carry_in", "a mapping of member id to amount", c));
        };
        let mut fields = Vec::new();
        for pair in c.items()?.iter() {
            let (member, x): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
            let member = str_arg(&member, "a carry_in member id")?;
            let x = number_arg(&x, &format!("carry_in[{member:?}]"))?;
            fields.push((member, x));
        }
        request.push(("carry_in".into(), Value::Object(fields)));
    }
    Ok(Value::Object(request))
}

#[pymethods]
impl RawLedger {
    /// Reads a ledger JSON document from a `str` or UTF-8 `bytes`;
    /// `extended`: entries are to be appended before it is checked, so it
    /// is read as a document at once (see [`RawLedger::of_text`]).
    #[staticmethod]
    #[pyo3(signature = (text, extended=false))]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>, extended: bool) -> PyResult<RawLedger> {
        let held = if text.is_instance_of::<PyBytes>() || text.is_instance_of::<PyByteArray>() {
            // `bytes` held as they are; a `bytearray`, which may change, copied.
            Text::Bytes(text.extract()?)
        } else if text.is_instance_of::<PyString>() {
            let Ok(held) = text.extract::<PyBackedStr>() else {
                // Not UTF-8 (a lone surrogate): refused as any such `str` argument.
                let text = str_arg(text, "text")?;
                let document = py.detach(|| Document::from_json(&text));
                return Ok(RawLedger::new(core(py, document)?));
            };
            Text::Str(held)
        } else {
            return Err(type_err("text", "a str or bytes", text));
        };
        RawLedger::of_text(py, held, extended)
    }

    /// Reads a ledger document given as Python values (a mapping).
    #[staticmethod]
    fn from_dict(py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<RawLedger> {
        let value = convert::document(document)?;
        let document = py.detach(|| Document::from_value(&value));
        Ok(RawLedger::new(core(py, document)?))
    }

    /// A new ledger with entries read from records (mappings), appended.
    fn with_records(&self, py: Python<'_>, records: &Bound<'_, PyAny>) -> PyResult<RawLedger> {
        let entries = convert::records(records)?;
        let (_, entries) = read_entries(py, entries, 0);
        self.with_entries(py, entries?)
    }

    /// A new ledger with the rows of a table's columns appended, each row
    /// read as the record `{name: cell}` (see `convert::Table`).
    /// `columns` holds `(name, "objects", list)`, `(name, "days", bytes)`
    /// or `(name, "arrow", chunks)` tuples (see `arrow`); `isna`, when
    /// given, says which cells of objects are empty, and `native` gives a
    /// cell of a type refused as the Python value a record would hold (a
    /// numpy scalar's). A plain table without objects keeps its rows in
    /// its columns (see `kept`).
    #[pyo3(signature = (rows, columns, isna=None, native=None))]
    fn with_columns(
        &self,
        py: Python<'_>,
        rows: usize,
        columns: &Bound<'_, PyAny>,
        isna: Option<&Bound<'_, PyAny>>,
        native: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<RawLedger> {
        let mut read = Vec::new();
        for (j, item) in columns.try_iter()?.enumerate() {
            let item = item?;
            let what = format!("columns[{j}]");
            let (name, form, data): (String, String, Bound<'_, PyAny>) = item
                .extract()
                .map_err(|_| type_err(&what, "a (name, form, data) tuple", &item))?;
            let column = match form.as_str() {
                "objects" => convert::Column::Objects(
                    data.cast::<PyList>()
                        .map_err(|_| type_err(&what, "a list", &data))?
                        .clone(),
                ),
                "days" => convert::Column::days(
                    data.cast::<PyBytes>()
                        .map_err(|_| type_err(&what, "bytes", &data))?
                        .as_bytes(),
                )
                .ok_or_else(|| type_err(&what, "bytes of int64 day numbers", &data))?,
                "arrow" => convert::Column::Arrow(Arc::new(arrow::ArrowColumn::of(&data, &what)?)),
                _ => {
                    return Err(type_err(
                        &what,
                        "the form \"objects\", \"days\" or \"arrow\"",
                        &item,
                    ))
                }
            };
            read.push((name, column));
        }
        let isna = isna.filter(|f| !f.is_none()).cloned();
        let native = native.filter(|f| !f.is_none()).cloned();
        let plain = rows::Plain::of(read.iter().map(|(name, _)| name.as_str()));
        // A plain table's rows are kept in its columns (see `kept`).
        let keeping = plain
            .as_ref()
            .and_then(|plain| kept::Keeping::of(plain, &read));
        let mut table = convert::Table::new(rows, read, isna, native)?;
        let mut out = self.extended(py)?;
        let mut pending = Vec::new();
        // As the records path: every row is converted before any is read,
        // so a cell refused anywhere is reported before a reading error.
        let mut unread: Option<PyErr> = None;
        let mut by_records = |table: &mut convert::Table<'_>,
                              range: std::ops::Range<usize>|
         -> PyResult<Vec<Entry>> {
            let first = range.start;
            let values = table.rows(py, range)?;
            if unread.is_some() {
                table.recycle(values);
                return Ok(Vec::new());
            }
            let (values, entries) = read_entries(py, values, first);
            table.recycle(values);
            Ok(entries.unwrap_or_else(|e| {
                unread = Some(e);
                Vec::new()
            }))
        };
        let blocks = (0..rows)
            .step_by(CHUNK)
            .map(|first| first..rows.min(first + CHUNK));
        if let Some(mut keeping) = keeping {
            // Each block of rows: kept, or read by records.
            let mut read_blocks = Vec::new();
            for block in blocks {
                let entries = if keeping.block(py, block.clone())? {
                    None
                } else {
                    Some(by_records(&mut table, block.clone())?)
                };
                read_blocks.push((block, entries));
            }
            if let Some(e) = unread {
                return Err(e);
            }
            let kept = keeping.finish();
            for (block, entries) in read_blocks {
                if let Some(mut entries) = entries {
                    pending.append(&mut entries);
                } else {
                    out.append(&mut pending);
                    out.tail.rows(&kept, block);
                }
            }
        } else {
            pending.reserve(rows);
            for block in blocks {
                if let Some(plain) = &plain {
                    if table.plain_rows(py, plain, block.clone(), &mut pending)? {
                        continue;
                    }
                }
                pending.extend(by_records(&mut table, block)?);
            }
            if let Some(e) = unread {
                return Err(e);
            }
        }
        out.append(&mut pending);
        Ok(out)
    }

    /// A new ledger with the contributions of a CSV text appended.
    fn with_csv(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<RawLedger> {
        let text = str_arg(text, "text")?;
        let entries = core(py, py.detach(|| coshare::read_contributions(&text)))?;
        self.with_entries(py, entries)
    }

    /// The currency code and scale, as written.
    #[getter]
    fn currency(&self, py: Python<'_>) -> PyResult<(String, i64)> {
        let currency = match self.checked.get() {
            Some(Ok(ledger)) => ledger.currency(),
            _ => &self.document(py)?.currency,
        };
        Ok((currency.code.clone(), currency.scale))
    }

    /// The number of policies, members and entries in the document.
    #[getter]
    fn counts(&self, py: Python<'_>) -> PyResult<(usize, usize, usize)> {
        if let Some(Ok(ledger)) = self.checked.get() {
            // Without reading the document of a ledger read from its text.
            let members = ledger.members().len();
            return Ok((ledger.policy_count(), members, ledger.entry_count()));
        }
        let document = self.document(py)?;
        Ok((
            document.policies.len(),
            document.members.len(),
            document.entries.len() + self.tail.len(),
        ))
    }

    /// The listed member ids, sorted.
    fn members(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        Ok(self.ledger(py)?.members().to_vec())
    }

    /// Every kind defined in some policy, sorted.
    fn kinds(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        Ok(self.ledger(py)?.kinds().to_vec())
    }

    /// Checks the ledger (docs/format.md, "Errors"): raises its first
    /// error, whose `errors` attribute lists every error of the ledger,
    /// that one first.
    fn check(&self, py: Python<'_>) -> PyResult<()> {
        let Err(first) = self.checked(py) else {
            return Ok(());
        };
        let raised = errors::error_object(py, first)?;
        let mut all = vec![raised.clone()];
        let every = py.detach(|| match self.builder(true) {
            Ok(builder) => builder.errors(),
            Err(e) => vec![e],
        });
        for e in every {
            if e != *first {
                all.push(errors::error_object(py, &e)?);
            }
        }
        raised.setattr("errors", all)?;
        Err(PyErr::from_value(raised))
    }

    /// Every error and warning of the ledger (docs/format.md, "validate"):
    /// the errors as `CoshareError` objects, and the validation document
    /// as JSON text.
    fn validation<'py>(&self, py: Python<'py>) -> PyResult<(Vec<Bound<'py, PyAny>>, String)> {
        let v = py.detach(|| {
            if let Some(Ok(ledger)) = self.checked.get() {
                // Checked already (as every `coshare.Ledger` is).
                return coshare::Validation::of_ledger(ledger);
            }
            match self.builder(false) {
                Ok(builder) => coshare::Validation::of_builder(builder),
                Err(e) => coshare::Validation::of_errors(vec![e]),
            }
        });
        validation_parts(py, &v)
    }

    /// The allocation entry that closes a period (docs/format.md, "Close"),
    /// as its exact JSON text. The date is checked by the core, after the
    /// request, its carry-in and the id.
    #[pyo3(signature = (start, end, amount, id, date, basis=None, carry_in=None))]
    #[allow(clippy::too_many_arguments)]
    fn close(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        amount: &Bound<'_, PyAny>,
        id: &Bound<'_, PyAny>,
        date: &Bound<'_, PyAny>,
        basis: Option<&Bound<'_, PyAny>>,
        carry_in: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let request = request_value(start, end, amount, basis, carry_in)?;
        let id = str_arg(id, "id")?;
        let date = date_arg(date, "date")?;
        let ledger = self.ledger(py)?;
        let closed = py.detach(|| {
            let request = Request::from_value(&request)?;
            Ok(ledger.close_on(&request, &id, &date)?.to_json())
        });
        core(py, closed)
    }

    /// Capital accounts on a day (docs/format.md, "accounts"), as JSON text.
    fn accounts(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<String> {
        date_arg(at, "at")?;
        let ledger = self.ledger(py)?;
        let at = parse_date(at, "at")?;
        Ok(py.detach(|| ledger.accounts(at).to_json()))
    }

    /// A member's statement (docs/format.md, "statement"), as JSON text.
    fn statement(
        &self,
        py: Python<'_>,
        member: &Bound<'_, PyAny>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let member = str_arg(member, "member")?;
        date_arg(start, "start")?;
        date_arg(end, "end")?;
        let ledger = self.ledger(py)?;
        let (start, end) = (parse_date(start, "start")?, parse_date(end, "end")?);
        let statement = py.detach(|| ledger.statement(&member, start, end).map(|s| s.to_json()));
        core(py, statement)
    }

    /// The written notices of an allocation (docs/format.md, "notices"), as JSON text.
    fn notices(&self, py: Python<'_>, allocation: &Bound<'_, PyAny>) -> PyResult<String> {
        let allocation = str_arg(allocation, "allocation")?;
        let ledger = self.ledger(py)?;
        core(
            py,
            py.detach(|| ledger.notices(&allocation).map(|n| n.to_json())),
        )
    }

    /// The journal over a period (docs/format.md, "journal") as `format`
    /// (`json`, `csv` or `beancount`) text; `accounts` is the JSON text of
    /// the account names.
    #[pyo3(signature = (start, end, accounts=None, format=None))]
    fn journal(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        accounts: Option<&Bound<'_, PyAny>>,
        format: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        date_arg(start, "start")?;
        date_arg(end, "end")?;
        let accounts = match accounts.filter(|a| !a.is_none()) {
            Some(a) => Some(str_arg(a, "accounts")?),
            None => None,
        };
        let format = match format.filter(|f| !f.is_none()) {
            Some(f) => str_arg(f, "format")?,
            None => "json".to_string(),
        };
        if !["json", "csv", "beancount"].contains(&format.as_str()) {
            return Err(coshare_err(
                py,
                ErrorCode::InvalidRequest,
                format!("format: {format:?} is not \"json\", \"csv\" or \"beancount\""),
            ));
        }
        let ledger = self.ledger(py)?;
        let (start, end) = (parse_date(start, "start")?, parse_date(end, "end")?);
        let journal = py.detach(|| {
            let accounts = match &accounts {
                Some(text) => coshare::JournalAccounts::from_json(text)?,
                None => coshare::JournalAccounts::default(),
            };
            let journal = ledger.journal(start, end, &accounts)?;
            Ok(match format.as_str() {
                "csv" => journal.to_csv(),
                "beancount" => journal.to_beancount(&ledger.currency().code),
                _ => journal.to_json(),
            })
        });
        core(py, journal)
    }

    /// Splits an amount (docs/format.md, "Request and split result"); the result document (docs/format.md, "Request and split result") with `Decimal` and `date` values.
    #[pyo3(signature = (start, end, amount, basis=None, carry_in=None))]
    fn split<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        amount: &Bound<'py, PyAny>,
        basis: Option<&Bound<'py, PyAny>>,
        carry_in: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let request = request_value(start, end, amount, basis, carry_in)?;
        let ledger = self.ledger(py)?;
        let split = py.detach(|| ledger.split(&Request::from_value(&request)?));
        convert::split(py, &core(py, split)?)
    }

    /// The bases of a request over this ledger's contributions
    /// (`Ledger::bases`, docs/format.md "Splits in parts"): `(member, pool,
    /// basis)` rows, the basis as exact decimal text with 13 decimals.
    #[pyo3(signature = (start, end, basis=None))]
    fn bases(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
        basis: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<(String, String, String)>> {
        let zero = PyString::new(py, "0");
        let request = request_value(start, end, zero.as_any(), basis, None)?;
        let ledger = self.ledger(py)?;
        let bases = py.detach(|| ledger.bases(&Request::from_value(&request)?));
        let rows = core(py, bases)?.rows.into_iter();
        Ok(rows
            .map(|r| (r.member, r.pool, r.basis.to_string()))
            .collect())
    }

    /// The split of a request from bases summed over every part of a ledger
    /// (`Ledger::split_from_bases`); `rows` are `(member, pool, basis
    /// text)`, read by the core. With `json`, the result document's exact
    /// text (as `coshare split --format json` writes it) instead of values.
    #[pyo3(signature = (start, end, amount, rows, basis=None, carry_in=None, json=false))]
    #[allow(clippy::too_many_arguments)]
    fn split_from_bases<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        amount: &Bound<'py, PyAny>,
        rows: Vec<(String, String, String)>,
        basis: Option<&Bound<'py, PyAny>>,
        carry_in: Option<&Bound<'py, PyAny>>,
        json: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = request_value(start, end, amount, basis, carry_in)?;
        let ledger = self.ledger(py)?;
        let split = py.detach(|| {
            let rows = rows
                .into_iter()
                .map(|(m, p, b)| coshare::MemberPoolBasis::parse(&m, &p, &b))
                .collect::<coshare::Result<Vec<_>>>()?;
            ledger.split_from_bases(&Request::from_value(&request)?, &coshare::Bases { rows })
        });
        let split = core(py, split)?;
        if json {
            return Ok(PyString::new(py, &split.to_json()).into_any());
        }
        Ok(convert::split(py, &split)?.into_any())
    }

    /// Splits many `(start, end, amount)` periods in one pass (`Ledger::split_many`).
    #[pyo3(signature = (periods, basis=None))]
    fn split_many<'py>(
        &self,
        py: Python<'py>,
        periods: &Bound<'py, PyAny>,
        basis: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let mut values = Vec::new();
        for (i, item) in periods.try_iter()?.enumerate() {
            let item = item?;
            let (start, end, amount): (Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>) =
                item.extract().map_err(|_| {
                    type_err(
                        &format!("periods[{i}]"),
                        "a (start, end, amount) tuple",
                        &item,
                    )
                })?;
            values.push(request_value(&start, &end, &amount, basis, None)?);
        }
        let ledger = self.ledger(py)?;
        let splits = py.detach(|| {
            let requests = values
                .iter()
                .map(Request::from_value)
                .collect::<coshare::Result<Vec<_>>>()?;
            ledger.split_many(&requests)
        });
        core(py, splits)?
            .iter()
            .map(|s| convert::split(py, s))
            .collect()
    }

    /// Live units per member and kind on a date.
    fn shares<'py>(&self, py: Python<'py>, at: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        date_arg(at, "at")?;
        let ledger = self.ledger(py)?;
        let at = parse_date(at, "at")?;
        convert::shares(py, &py.detach(|| ledger.shares(at)))
    }

    /// A member's time-weighted basis over a period, contribution by contribution.
    #[pyo3(signature = (member, start, end, kinds=None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        member: &Bound<'py, PyAny>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        kinds: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let member = str_arg(member, "member")?;
        date_arg(start, "start")?;
        date_arg(end, "end")?;
        let kinds = kinds_arg(kinds)?;
        let ledger = self.ledger(py)?;
        let (start, end) = (parse_date(start, "start")?, parse_date(end, "end")?);
        let explanation = py.detach(|| ledger.explain(&member, start, end, kinds.as_deref()));
        convert::explanation(py, &core(py, explanation)?)
    }

    /// Shares at `start`, `start + every`, … up to and including `end`.
    fn curve<'py>(
        &self,
        py: Python<'py>,
        start: &Bound<'py, PyAny>,
        end: &Bound<'py, PyAny>,
        every: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        date_arg(start, "start")?;
        date_arg(end, "end")?;
        let every_text = str_arg(every, "every")?;
        let ledger = self.ledger(py)?;
        let (start, end) = (parse_date(start, "start")?, parse_date(end, "end")?);
        let every = Duration::parse(&every_text).map_err(|_| {
            coshare_err(
                py,
                ErrorCode::InvalidDuration,
                format!("every: {every_text:?} is not a duration such as \"P1M\" (counts at most 100000)"),
            )
        })?;
        let points = core(py, py.detach(|| ledger.curve(start, end, every)))?;
        let out = PyList::empty(py);
        for p in &points {
            out.append(convert::shares(py, p)?)?;
        }
        Ok(out)
    }
}

/// `coshare split --format json` as a function: ledger and request JSON in,
/// the result document (docs/format.md, "Request and split result") out.
#[pyfunction]
#[pyo3(signature = (ledger_json, request_json, *, contributions_csv=None))]
fn split_json(
    py: Python<'_>,
    ledger_json: &Bound<'_, PyAny>,
    request_json: &Bound<'_, PyAny>,
    contributions_csv: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let ledger = str_arg(ledger_json, "ledger_json")?;
    let request = str_arg(request_json, "request_json")?;
    let csv = match contributions_csv.filter(|c| !c.is_none()) {
        Some(c) => Some(str_arg(c, "contributions_csv")?),
        None => None,
    };
    let result = py.detach(|| match csv {
        None => coshare::split_json(&ledger, &request),
        Some(csv) => {
            let mut document = Document::from_json(&ledger)?;
            document.add_contributions_csv(&csv)?;
            let ledger = Ledger::new(document)?;
            Ok(ledger.split(&Request::from_json(&request)?)?.to_json())
        }
    });
    core(py, result)
}

/// A validation's errors as `CoshareError` objects (with their locations,
/// which the JSON document does not hold) and its JSON text.
fn validation_parts<'py>(
    py: Python<'py>,
    v: &coshare::Validation,
) -> PyResult<(Vec<Bound<'py, PyAny>>, String)> {
    let errors = v.errors.iter().map(|e| errors::error_object(py, e));
    Ok((errors.collect::<PyResult<_>>()?, v.to_json()))
}

/// Every error (recovering inside the members and entries lists) and
/// warning of a ledger JSON document (see [`validation_parts`]).
#[pyfunction]
fn validate_json<'py>(
    py: Python<'py>,
    ledger_json: &Bound<'py, PyAny>,
) -> PyResult<(Vec<Bound<'py, PyAny>>, String)> {
    let text = str_arg(ledger_json, "ledger_json")?;
    let v = py.detach(|| coshare::Validation::of_json(&text));
    validation_parts(py, &v)
}

/// The native module `coshare._coshare`.
#[pymodule]
fn _coshare(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RawLedger>()?;
    m.add_function(wrap_pyfunction!(split_json, m)?)?;
    m.add_function(wrap_pyfunction!(validate_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    m.add("ERROR_CODES", PyTuple::new(m.py(), codes)?)?;
    Ok(())
}
