//! Arguments in, results out: JSON text or plain objects to the core's
//! types, and the core's JSON documents back to plain objects.
//!
//! Decimals and dates stay strings on both sides. A ledger or request may
//! be given as JSON text (read exactly as the CLI reads a file) or as a
//! plain object, which is written with `JSON.stringify` first; a JS number
//! with a fraction therefore reaches the core as a JSON number and is
//! refused as `invalid_number`, as it would be in a file.

use crate::errors::{argument, Thrown};
use coshare::json::Value;
use coshare::{Date, Document, Duration, Error, ErrorCode, Ledger, Request};
use wasm_bindgen::JsValue;

/// The JSON text of a ledger or request argument (`what` names it in messages).
pub fn json_text(value: &JsValue, what: &str) -> Result<String, Thrown> {
    if let Some(text) = value.as_string() {
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

/// Reads a ledger argument and adds any contributions CSV (reading only, SPEC 8 phase 1).
pub fn document(ledger: &JsValue, contributions_csv: Option<&str>) -> Result<Document, Thrown> {
    let mut document = Document::from_json(&json_text(ledger, "ledger")?)?;
    if let Some(csv) = contributions_csv {
        document.add_contributions_csv(csv)?;
    }
    Ok(document)
}

/// Reads and checks a ledger argument.
pub fn ledger(ledger: &JsValue, contributions_csv: Option<&str>) -> Result<Ledger, Thrown> {
    Ok(Ledger::new(document(ledger, contributions_csv)?)?)
}

/// The split requests of an array argument (or its JSON text), each read
/// as `split` reads its request; errors name the request (`requests[i]`).
pub fn requests(value: &JsValue) -> Result<Vec<Request>, Thrown> {
    let text = json_text(value, "requests")?;
    let Value::Array(items) = coshare::json::parse(&text)? else {
        return Err(argument(
            ErrorCode::InvalidRequest,
            "the requests must be an array of split requests",
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| Request::from_value(item).map_err(|e| Thrown(within_request(&e, i))))
        .collect()
}

/// A request's reading error, placed at `requests[i]` (path and message).
fn within_request(e: &Error, i: usize) -> Error {
    let at = format!("requests[{i}]");
    let (path, message) = match e.path().filter(|p| !p.is_empty()) {
        Some(p) => {
            let path = format!("{at}.{p}");
            let message = match e.message().strip_prefix(p) {
                Some(rest) => format!("{path}{rest}"),
                None => format!("{at}: {}", e.message()),
            };
            (path, message)
        }
        None => (at.clone(), format!("{at}: {}", e.message())),
    };
    let mut out = Error::new(e.code(), message).with_path(path);
    if let Some(entry) = e.entry() {
        out = out.with_entry(entry);
    }
    out
}

/// A `YYYY-MM-DD` argument; anything else is `invalid_date`.
pub fn date(text: &str, name: &str) -> Result<Date, Thrown> {
    Date::parse(text).map_err(|_| {
        argument(
            ErrorCode::InvalidDate,
            format!("{name} {text:?} is not a date written YYYY-MM-DD"),
        )
    })
}

/// A `P[nY][nM][nW][nD]` argument; anything else is `invalid_duration`.
pub fn duration(text: &str, name: &str) -> Result<Duration, Thrown> {
    Duration::parse(text).map_err(|_| {
        argument(
            ErrorCode::InvalidDuration,
            format!("{name} {text:?} is not a duration such as \"P1M\""),
        )
    })
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
    fn a_request_error_names_the_request() {
        let e = Error::new(ErrorCode::InvalidDate, "period.start: \"x\" is not a date")
            .with_path("period.start");
        let placed = within_request(&e, 3);
        assert_eq!(placed.path(), Some("requests[3].period.start"));
        assert_eq!(
            placed.message(),
            "requests[3].period.start: \"x\" is not a date"
        );
        assert_eq!(placed.code(), ErrorCode::InvalidDate);
        let bare = within_request(&Error::new(ErrorCode::InvalidJson, "expected an object"), 0);
        assert_eq!(bare.path(), Some("requests[0]"));
        assert_eq!(bare.message(), "requests[0]: expected an object");
    }

    #[test]
    fn date_and_duration_arguments_are_refused_with_their_spec_codes() {
        assert_eq!(
            date("2025-02-30", "at").unwrap_err().0.code(),
            ErrorCode::InvalidDate
        );
        assert!(date("2025-12-31", "at").is_ok());
        let e = duration("1 month", "every").unwrap_err().0;
        assert_eq!(e.code(), ErrorCode::InvalidDuration);
        assert!(e.message().contains("\"1 month\""), "{}", e.message());
        assert!(duration("P1Y6M", "every").is_ok());
    }
}
