//! Arguments in, results out: JSON text or plain objects to the core's
//! types, and the core's JSON documents back to plain objects.
//!
//! Decimals and dates stay strings on both sides. A ledger or request may
//! be given as JSON text (read exactly as the CLI reads a file) or as a
//! plain object, which is written with `JSON.stringify` first; a JS number
//! with a fraction therefore reaches the core as a JSON number and is
//! refused as `invalid_number`, as it would be in a file.

use crate::errors::{argument, Thrown};
use coshare::{Date, Document, Duration, ErrorCode, Ledger};
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
