//! Arguments in, results out: JSON text or plain objects to the core's
//! types, and the core's JSON documents back to plain objects.
//!
//! Decimals and dates stay strings on both sides. A ledger or request may
//! be given as JSON text (read exactly as the CLI reads a file) or as a
//! plain object, which is written with `JSON.stringify` first; a JS number
//! with a fraction therefore reaches the core as a JSON number and is
//! refused as `invalid_number`, as it would be in a file.
//!
//! Every other argument is a string, an optional string or an array of
//! strings, and arrives as a bare `JsValue`: wasm-bindgen's own `&str` and
//! `Option<String>` parameters trust their caller, and a `Date` or a number
//! in their place read memory out of bounds. [`optional_string`] checks
//! them all; anything else is `invalid_request` naming the argument.

use crate::errors::{argument, Thrown};
use coshare::json::Value;
use coshare::{Date, Document, Duration, Error, ErrorCode, Ledger, Request, Validation};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen]
extern "C" {
    /// The global `TextEncoder` (Node.js and every browser).
    type TextEncoder;

    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;

    /// `encoder.encodeInto(text, into)`: as much of the string as fits,
    /// as UTF-8 (a lone surrogate becomes U+FFFD, as in wasm-bindgen's own
    /// string conversion).
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsValue, into: &js_sys::Uint8Array) -> Encoded;

    /// What `encodeInto` did.
    type Encoded;

    /// UTF-16 code units of the string read.
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> u32;

    /// Bytes written.
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A JavaScript string's text, or `None` for any other value.
///
/// Not `JsValue::as_string`: wasm-bindgen's glue copies an ASCII string
/// into WebAssembly memory one character at a time in JavaScript, which
/// took a third of `split`'s time on a 13 MB ledger (README.md, "Speed").
/// `TextEncoder.encodeInto` writes it straight into the string's buffer
/// here, natively, about ten times faster.
fn text_of(value: &JsValue) -> Option<String> {
    let text = value.dyn_ref::<js_sys::JsString>()?;
    let units = text.length() as usize;
    // One byte per code unit holds ASCII text; else each code unit takes
    // at most three bytes (a surrogate pair, two units, four).
    let mut room = units;
    loop {
        let mut bytes = vec![0u8; room];
        let encoded = ENCODER.with(|encoder| encoder.encode_into(value, &view_of(&mut bytes)));
        if encoded.read() as usize == units {
            bytes.truncate(encoded.written() as usize);
            // `encodeInto` writes UTF-8 only, so this does not fail; if it
            // did, the usual conversion still gives the text.
            return String::from_utf8(bytes).ok().or_else(|| value.as_string());
        }
        if room >= units.saturating_mul(3) {
            return value.as_string();
        }
        room = units.saturating_mul(3);
    }
}

/// A `Uint8Array` over `bytes` in WebAssembly memory, for JavaScript to
/// write into. Made after `bytes` is allocated, and used before anything
/// else is, so the memory cannot grow (and the view go stale) meanwhile.
fn view_of(bytes: &mut [u8]) -> js_sys::Uint8Array {
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    // Addresses in 32-bit WebAssembly memory fit in u32.
    let at = u32::try_from(bytes.as_mut_ptr() as usize).unwrap_or(u32::MAX);
    let len = u32::try_from(bytes.len()).unwrap_or(0);
    js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at, len)
}

/// A string argument; `None` for `undefined` or `null` (an absent optional
/// argument), `invalid_request` naming the argument for anything else.
pub fn optional_string(value: &JsValue, name: &str) -> Result<Option<String>, Thrown> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    text_of(value)
        .map(Some)
        .ok_or_else(|| wrong_type(name, "a string", value))
}

/// A required string argument: [`optional_string`], where absent is `invalid_request` too.
pub fn string(value: &JsValue, name: &str) -> Result<String, Thrown> {
    optional_string(value, name)?.ok_or_else(|| wrong_type(name, "a string", value))
}

/// The optional `contributionsCsv` argument of every query.
pub fn csv(value: &JsValue) -> Result<Option<String>, Thrown> {
    optional_string(value, "contributionsCsv")
}

/// An optional array of strings (`kinds`); `invalid_request` naming the
/// argument, or the element (`kinds[1]`), for anything else.
pub fn optional_strings(value: &JsValue, name: &str) -> Result<Option<Vec<String>>, Thrown> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !js_sys::Array::is_array(value) {
        return Err(wrong_type(name, "an array of strings", value));
    }
    let items = value.unchecked_ref::<js_sys::Array>();
    (0..items.length())
        .map(|i| string(&items.get(i), &format!("{name}[{i}]")))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `invalid_request` for an argument of the wrong type, named by the
/// message and the path (`at`, `kinds[1]`, `options.format`).
pub fn wrong_type(name: &str, want: &str, value: &JsValue) -> Thrown {
    let message = format!("{name} must be {want}, not {}", kind_of(value));
    Thrown(Error::new(ErrorCode::InvalidRequest, message).with_path(name))
}

/// What a JS value is, for messages: "a number", "a Date", "undefined"…
fn kind_of(value: &JsValue) -> String {
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_null() {
        return "null".into();
    }
    if js_sys::Array::is_array(value) {
        return "an array".into();
    }
    if value.is_instance_of::<js_sys::Date>() {
        return "a Date (dates are strings written YYYY-MM-DD)".into();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("object") => "an object".into(),
        Some(t) => format!("a {t}"),
        None => "a value".into(),
    }
}

/// The JSON text of a ledger or request argument (`what` names it in messages).
pub fn json_text(value: &JsValue, what: &str) -> Result<String, Thrown> {
    if let Some(text) = text_of(value) {
        return Ok(text);
    }
    let written = js_sys::JSON::stringify(value).map_err(|e| {
        let why = js_sys::Error::from(e).message();
        argument(
            ErrorCode::InvalidJson,
            format!("the {what} cannot be written as JSON: {why}"),
        )
    })?;
    written.as_string().ok_or_else(|| {
        argument(
            ErrorCode::InvalidJson,
            format!("the {what} must be a JSON string or a plain object"),
        )
    })
}

/// Reads a ledger's JSON text and adds any contributions CSV (reading only, docs/format.md, "Errors", reading.
pub fn document(text: &str, contributions_csv: Option<&str>) -> Result<Document, Thrown> {
    let mut document = Document::from_json(text)?;
    if let Some(csv) = contributions_csv {
        document.add_contributions_csv(csv)?;
    }
    Ok(document)
}

/// Reads and checks a ledger argument (JSON text or a plain object).
pub fn ledger(ledger: &JsValue, contributions_csv: Option<&str>) -> Result<Ledger, Thrown> {
    ledger_of_text(&json_text(ledger, "ledger")?, contributions_csv)
}

/// Reads and checks a ledger's JSON text: without a CSV, straight into the
/// ledger (`Ledger::from_json`, the reader's fast path: docs/format.md,
/// "Reading large files"), the same ledger or first error as reading the
/// document whole and checking it, which a CSV's rows need.
pub fn ledger_of_text(text: &str, contributions_csv: Option<&str>) -> Result<Ledger, Thrown> {
    match contributions_csv {
        None => Ok(Ledger::from_json(text)?),
        Some(_) => Ok(Ledger::new(document(text, contributions_csv)?)?),
    }
}

/// Reads a split request argument (JSON text or a plain object).
pub fn request(request: &JsValue) -> Result<Request, Thrown> {
    Ok(Request::from_json(&json_text(request, "request")?)?)
}

/// What `validate` reports on a ledger's text and a contributions CSV, as
/// `coshare validate --contributions` does: every reading error of the
/// ledger when it does not read; else the CSV's reading error; else the
/// ledger's errors and warnings.
pub fn validation(text: &str, contributions_csv: Option<&str>) -> Validation {
    match contributions_csv {
        None => Validation::of_json(text),
        Some(csv) => Validation::of_json_and_csv(text, csv),
    }
}

/// The split requests of an array argument (or its JSON text), each read
/// as `split` reads its request; errors name the request (`requests[i]`).
pub fn requests(value: &JsValue) -> Result<Vec<Request>, Thrown> {
    let text = json_text(value, "requests")?;
    let list = coshare::json::parse(&text)?;
    if !matches!(list, Value::Array(_)) {
        return Err(argument(
            ErrorCode::InvalidRequest,
            "the requests must be an array of split requests",
        ));
    }
    Ok(coshare::read_requests(&list)?)
}

/// A `YYYY-MM-DD` argument (already a string); anything else is `invalid_date`.
/// The error names the argument (message and path), as the core's `close` does its `date`.
pub fn date(text: &str, name: &str) -> Result<Date, Thrown> {
    Date::parse(text).map_err(|_| {
        let message = format!(
            "{name} {text:?} {}",
            Date::why_not(text).unwrap_or_default()
        );
        Thrown(Error::new(ErrorCode::InvalidDate, message).with_path(name))
    })
}

/// A `P[nY][nM][nW][nD]` argument (already a string); anything else is `invalid_duration`.
pub fn duration(text: &str, name: &str) -> Result<Duration, Thrown> {
    Duration::parse(text).map_err(|_| {
        let message = format!("{name} {text:?} is not a duration such as \"P1M\"");
        Thrown(Error::new(ErrorCode::InvalidDuration, message).with_path(name))
    })
}

/// An object made by `{…}` or `Object.create(null)`: not an array, a
/// `Date`, a `String` object or another built-in.
fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() {
        return false;
    }
    let prototype = js_sys::Object::get_prototype_of(value);
    prototype.is_null()
        || JsValue::from(prototype)
            == JsValue::from(js_sys::Object::get_prototype_of(&js_sys::Object::new()))
}

/// What `journal` returns: the document as a plain object, or CSV or beancount text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalFormat {
    /// The journal document (the default).
    Json,
    /// One row per line: `date,entry,type,account,amount`.
    Csv,
    /// A beancount file.
    Beancount,
}

/// The `options` of `journal`: `{accounts?, format?, contributionsCsv?}`,
/// each absent when `undefined` or `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalOptions {
    /// The account names as JSON text (an object is written with `JSON.stringify`).
    pub accounts: Option<String>,
    /// The output.
    pub format: JournalFormat,
    /// Contribution rows to add to the ledger.
    pub contributions_csv: Option<String>,
}

impl JournalOptions {
    /// Reads the `options` argument; an unknown option or a value of the
    /// wrong type is `invalid_request` naming it.
    pub fn of(options: &JsValue) -> Result<JournalOptions, Thrown> {
        let mut out = JournalOptions {
            accounts: None,
            format: JournalFormat::Json,
            contributions_csv: None,
        };
        if options.is_undefined() || options.is_null() {
            return Ok(out);
        }
        if !is_plain_object(options) {
            return Err(wrong_type(
                "options",
                "an object such as {format: \"csv\"}",
                options,
            ));
        }
        for key in js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            let name = format!("options.{key}");
            let value = js_sys::Reflect::get(options, &JsValue::from_str(&key))
                .map_err(|_| wrong_type(&name, "readable", options))?;
            match key.as_str() {
                "format" => {
                    out.format = match optional_string(&value, &name)?.as_deref() {
                        None | Some("json") => JournalFormat::Json,
                        Some("csv") => JournalFormat::Csv,
                        Some("beancount") => JournalFormat::Beancount,
                        Some(other) => {
                            let message = format!(
                                "{name} must be \"json\", \"csv\" or \"beancount\", not {other:?}"
                            );
                            return Err(Thrown(
                                Error::new(ErrorCode::InvalidRequest, message).with_path(name),
                            ));
                        }
                    }
                }
                "accounts" if value.is_undefined() || value.is_null() => out.accounts = None,
                "accounts" => out.accounts = Some(json_text(&value, "account names")?),
                "contributionsCsv" => out.contributions_csv = optional_string(&value, &name)?,
                _ => {
                    let message = format!(
                        "{name} is not an option of journal (accounts, format, contributionsCsv)"
                    );
                    return Err(Thrown(
                        Error::new(ErrorCode::InvalidRequest, message).with_path(name),
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// A JSON document of the core as a plain object. Every number in the
/// core's documents is a string, so nothing passes through a JS number.
pub fn object(json: &str) -> JsValue {
    // The core writes valid JSON; should that ever fail, the text itself is returned.
    js_sys::JSON::parse(json).unwrap_or_else(|_| JsValue::from_str(json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_and_duration_arguments_are_refused_with_their_spec_codes() {
        let e = date("2025-02-30", "at").unwrap_err().0;
        assert_eq!((e.code(), e.path()), (ErrorCode::InvalidDate, Some("at")));
        assert!(date("2025-12-31", "at").is_ok());
        let e = duration("1 month", "every").unwrap_err().0;
        assert_eq!(e.code(), ErrorCode::InvalidDuration);
        assert!(e.message().contains("\"1 month\""), "{}", e.message());
        assert!(duration("P1Y6M", "every").is_ok());
    }
}
