//! # coshare-wasm
//!
//! The coshare core compiled to WebAssembly with wasm-bindgen, for Node.js
//! and browsers. Each function converts its arguments, calls one core
//! query and converts the result back (no arithmetic here):
//!
//! | JavaScript | core |
//! |---|---|
//! | `splitJson(ledgerJson, requestJson, csv?)` | [`coshare::split_json`] (JSON text in and out, as `coshare split --format json`) |
//! | `split(ledger, request, csv?)` | [`Ledger::split`](coshare::Ledger::split) |
//! | `splitMany(ledger, requests, csv?)` | [`Ledger::split_many`](coshare::Ledger::split_many) |
//! | `shares(ledger, at, csv?)` | [`Ledger::shares`](coshare::Ledger::shares) |
//! | `explain(ledger, member, start, end, kinds?, csv?)` | [`Ledger::explain`](coshare::Ledger::explain) |
//! | `curve(ledger, from, to, every, csv?)` | [`Ledger::curve`](coshare::Ledger::curve) |
//! | `validate(ledger, csv?)` | [`Document::validate`](coshare::Document::validate) |
//!
//! Ledgers and requests are JSON text or plain objects; results are plain
//! objects whose decimals are strings and dates `YYYY-MM-DD` strings.
//! Failures throw a `CoshareError` (see [`errors`]) with the SPEC `code`.
//! The TypeScript types of every document are in `src/types.d.ts`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Exported functions take what JavaScript hands over (owned JsValue and
// Option<String> are the idiomatic wasm-bindgen parameters).
#![allow(clippy::needless_pass_by_value)]

pub mod convert;
pub mod errors;

use coshare::Request;
use errors::Thrown;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Splits a period's amount as `coshare split --format json` does: the
/// ledger and request as JSON text, the SPEC 6 result document as compact
/// JSON text (the CLI prints the same text followed by a newline).
/// `contributionsCsv` adds contribution rows, as the CLI's `--contributions`.
#[wasm_bindgen(js_name = splitJson)]
pub fn split_json(
    #[wasm_bindgen(js_name = ledgerJson)] ledger_json: &str,
    #[wasm_bindgen(js_name = requestJson)] request_json: &str,
    #[wasm_bindgen(js_name = contributionsCsv)] contributions_csv: Option<String>,
) -> Result<String, Thrown> {
    let ledger = convert::ledger(
        &JsValue::from_str(ledger_json),
        contributions_csv.as_deref(),
    )?;
    Ok(ledger.split(&Request::from_json(request_json)?)?.to_json())
}

/// Splits a period's amount (SPEC 5): the result document (SPEC 6) as a plain object.
#[wasm_bindgen(unchecked_return_type = "SplitResult")]
pub fn split(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SplitRequest | string")] request: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv)] contributions_csv: Option<String>,
) -> Result<JsValue, Thrown> {
    let ledger = convert::ledger(&ledger, contributions_csv.as_deref())?;
    let request = Request::from_json(&convert::json_text(&request, "request")?)?;
    Ok(convert::object(&ledger.split(&request)?.to_json()))
}

/// Splits many periods at once (a year of months, say): the same results
/// as `split` on each request, in their order, from one pass over the
/// ledger, which is read and checked once. `requests` is an array of split
/// requests, or its JSON text.
#[wasm_bindgen(js_name = splitMany, unchecked_return_type = "SplitResult[]")]
pub fn split_many(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SplitRequest[] | string")] requests: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv)] contributions_csv: Option<String>,
) -> Result<JsValue, Thrown> {
    let requests = convert::requests(&requests)?;
    let ledger = convert::ledger(&ledger, contributions_csv.as_deref())?;
    let splits = ledger.split_many(&requests)?;
    let documents: Vec<String> = splits.iter().map(coshare::Split::to_json).collect();
    Ok(convert::object(&format!("[{}]", documents.join(","))))
}

/// Live units per member and kind on the date `at` (`YYYY-MM-DD`), and each member's share.
#[wasm_bindgen(unchecked_return_type = "SharesResult")]
pub fn shares(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] at: &str,
    #[wasm_bindgen(js_name = contributionsCsv)] contributions_csv: Option<String>,
) -> Result<JsValue, Thrown> {
    let ledger = convert::ledger(&ledger, contributions_csv.as_deref())?;
    Ok(convert::object(
        &ledger.shares(convert::date(at, "at")?).to_json(),
    ))
}

/// Explains a member's time-weighted basis over `start..=end`, contribution
/// by contribution, for the given kinds (all kinds when omitted or `["*"]`).
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    member: &str,
    #[wasm_bindgen(unchecked_param_type = "DateString")] start: &str,
    #[wasm_bindgen(unchecked_param_type = "DateString")] end: &str,
    kinds: Option<Vec<String>>,
    #[wasm_bindgen(js_name = contributionsCsv)] contributions_csv: Option<String>,
) -> Result<JsValue, Thrown> {
    let ledger = convert::ledger(&ledger, contributions_csv.as_deref())?;
    let (start, end) = (convert::date(start, "start")?, convert::date(end, "end")?);
    let explanation = ledger.explain(member, start, end, kinds.as_deref())?;
    Ok(convert::object(&explanation.to_json()))
}

/// Shares at `from`, `from + every`, `from + 2·every`, … up to and including
/// `to` (at most 10,000 dates); `every` is a duration such as `"P1M"`.
#[wasm_bindgen(unchecked_return_type = "CurveResult")]
pub fn curve(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] from: &str,
    #[wasm_bindgen(unchecked_param_type = "DateString")] to: &str,
    #[wasm_bindgen(unchecked_param_type = "DurationString")] every: &str,
    #[wasm_bindgen(js_name = contributionsCsv)] contributions_csv: Option<String>,
) -> Result<JsValue, Thrown> {
    let ledger = convert::ledger(&ledger, contributions_csv.as_deref())?;
    let (from, to) = (convert::date(from, "from")?, convert::date(to, "to")?);
    let every = convert::duration(every, "every")?;
    Ok(convert::object(&coshare::curve_to_json(
        &ledger.curve(from, to, every)?,
    )))
}

/// Every error of a ledger in SPEC 8 order (a reading error alone when the
/// document cannot be read), as `coshare validate --format json` lists them.
/// Never throws for an invalid ledger: `valid` is `false` and `errors` says why.
#[wasm_bindgen(unchecked_return_type = "ValidationReport")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv)] contributions_csv: Option<String>,
) -> JsValue {
    let errors = match convert::document(&ledger, contributions_csv.as_deref()) {
        Ok(document) => document.validate(),
        Err(Thrown(error)) => vec![error],
    };
    convert::object(&coshare::validation_json(&errors))
}
