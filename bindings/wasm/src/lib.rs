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
//! | `validate(ledger, csv?)` | [`Validation::of_json`](coshare::Validation::of_json) (errors and warnings) |
//! | `close(ledger, request, id, date, csv?)`, `closeJson(…)` | [`Ledger::close_on`](coshare::Ledger::close_on) (the allocation entry, as an object or its exact JSON text) |
//! | `accounts(ledger, at, csv?)` | [`Ledger::accounts`](coshare::Ledger::accounts) |
//! | `statement(ledger, member, start, end, csv?)` | [`Ledger::statement`](coshare::Ledger::statement) |
//! | `notices(ledger, allocation, csv?)` | [`Ledger::notices`](coshare::Ledger::notices) |
//! | `journal(ledger, start, end, {accounts?, format?, contributionsCsv?}?)` | [`Ledger::journal`](coshare::Ledger::journal) with [`JournalAccounts::from_json`](coshare::JournalAccounts::from_json) (JSON, CSV or beancount) |
//! | `errorCodes()` | [`ErrorCode::ALL`](coshare::ErrorCode::ALL) |
//! | `warningCodes()` | [`WarningCode::ALL`](coshare::WarningCode::ALL) |
//!
//! Ledgers and requests are JSON text or plain objects; results are plain
//! objects whose decimals are strings and dates `YYYY-MM-DD` strings. Every
//! other argument is checked by [`convert`] before use (a `Date` or a
//! number where a string belongs is `invalid_request`, never a crash).
//! Failures throw a `CoshareError` (see [`errors`]), an instance of the
//! class the package exports, with the stable `code`. The TypeScript types of
//! every document are in `src/types.d.ts`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Exported functions take what JavaScript hands over (owned JsValue is the
// idiomatic wasm-bindgen parameter).
#![allow(clippy::needless_pass_by_value)]

pub mod convert;
pub mod errors;

use convert::JournalFormat;
use coshare::Request;
use errors::Thrown;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Splits a period's amount as `coshare split --format json` does: the
/// ledger and request as JSON text, the result document (docs/format.md, "Request and split result") as compact
/// JSON text (the CLI prints the same text followed by a newline).
/// `contributionsCsv` adds contribution rows, as the CLI's `--contributions`.
#[wasm_bindgen(js_name = splitJson)]
pub fn split_json(
    #[wasm_bindgen(js_name = ledgerJson, unchecked_param_type = "string")] ledger_json: JsValue,
    #[wasm_bindgen(js_name = requestJson, unchecked_param_type = "string")] request_json: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<String, Thrown> {
    let ledger_json = convert::string(&ledger_json, "ledgerJson")?;
    let request_json = convert::string(&request_json, "requestJson")?;
    let csv = convert::csv(&contributions_csv)?;
    let ledger = convert::ledger_of_text(&ledger_json, csv.as_deref())?;
    Ok(ledger.split(&Request::from_json(&request_json)?)?.to_json())
}

/// Splits a period's amount (docs/format.md, "Request and split result"): the result document (docs/format.md, "Request and split result") as a plain object.
#[wasm_bindgen(unchecked_return_type = "SplitResult")]
pub fn split(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SplitRequest | string")] request: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let ledger = convert::ledger(&ledger, convert::csv(&contributions_csv)?.as_deref())?;
    let request = convert::request(&request)?;
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
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let csv = convert::csv(&contributions_csv)?;
    let requests = convert::requests(&requests)?;
    let ledger = convert::ledger(&ledger, csv.as_deref())?;
    let splits = ledger.split_many(&requests)?;
    let documents: Vec<String> = splits.iter().map(coshare::Split::to_json).collect();
    Ok(convert::object(&format!("[{}]", documents.join(","))))
}

/// Live units per member and kind on the date `at` (`YYYY-MM-DD`), and each member's share.
#[wasm_bindgen(unchecked_return_type = "SharesResult")]
pub fn shares(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] at: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let at = convert::string(&at, "at")?;
    let ledger = convert::ledger(&ledger, convert::csv(&contributions_csv)?.as_deref())?;
    Ok(convert::object(
        &ledger.shares(convert::date(&at, "at")?).to_json(),
    ))
}

/// Explains a member's time-weighted basis over `start..=end`, contribution
/// by contribution, for the given kinds (all kinds when omitted or `["*"]`).
#[wasm_bindgen(unchecked_return_type = "Explanation")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] member: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] end: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[] | null")] kinds: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let member = convert::string(&member, "member")?;
    let (start, end) = (
        convert::string(&start, "start")?,
        convert::string(&end, "end")?,
    );
    let kinds = convert::optional_strings(&kinds, "kinds")?;
    let ledger = convert::ledger(&ledger, convert::csv(&contributions_csv)?.as_deref())?;
    let (start, end) = (convert::date(&start, "start")?, convert::date(&end, "end")?);
    let explanation = ledger.explain(&member, start, end, kinds.as_deref())?;
    Ok(convert::object(&explanation.to_json()))
}

/// Shares at `from`, `from + every`, `from + 2·every`, … up to and including
/// `to` (at most 10,000 dates); `every` is a duration such as `"P1M"`.
#[wasm_bindgen(unchecked_return_type = "CurveResult")]
pub fn curve(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] to: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DurationString")] every: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let (from, to) = (convert::string(&from, "from")?, convert::string(&to, "to")?);
    let every = convert::string(&every, "every")?;
    let ledger = convert::ledger(&ledger, convert::csv(&contributions_csv)?.as_deref())?;
    let (from, to) = (convert::date(&from, "from")?, convert::date(&to, "to")?);
    let every = convert::duration(&every, "every")?;
    Ok(convert::object(&coshare::curve_to_json(
        &ledger.curve(from, to, every)?,
    )))
}

/// Every error of a ledger in docs/format.md "Errors" order (a reading error alone when the
/// document cannot be read), then, for a valid ledger, its warnings, as
/// `coshare validate --format json` lists them. Never throws for an invalid
/// ledger (`valid` is `false` and `errors` says why); throws only when
/// `contributionsCsv` is given and is not a string.
#[wasm_bindgen(unchecked_return_type = "ValidationReport")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let csv = convert::csv(&contributions_csv)?;
    let validation = match convert::json_text(&ledger, "ledger") {
        Ok(text) => convert::validation(&text, csv.as_deref()),
        Err(Thrown(error)) => coshare::Validation::of_errors(vec![error]),
    };
    Ok(convert::object(&validation.to_json()))
}

/// The allocation entry that closes a period (docs/format.md, "close"): the split of
/// `request` with the chain's carry-ins, posted under the id `id` and
/// declared on `date`.
fn closed(
    ledger: &JsValue,
    request: &JsValue,
    id: &JsValue,
    date: &JsValue,
    contributions_csv: &JsValue,
) -> Result<coshare::Closed, Thrown> {
    let (id, date) = (convert::string(id, "id")?, convert::string(date, "date")?);
    let ledger = convert::ledger(ledger, convert::csv(contributions_csv)?.as_deref())?;
    let request = convert::request(request)?;
    // The date is checked by the core, after the request and the id.
    Ok(ledger.close_on(&request, &id, &date)?)
}

/// Closes a period (docs/format.md, "close"): the allocation entry, declared on `date`
/// with the id `id`, that posts the split of `request`, as a plain object
/// ready to be appended to the ledger's `entries`. Members and reserves are
/// object keys: when their order matters, use `closeJson`.
#[wasm_bindgen(unchecked_return_type = "ClosedAllocation")]
pub fn close(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SplitRequest | string")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] date: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let entry = closed(&ledger, &request, &id, &date, &contributions_csv)?;
    Ok(convert::object(&entry.to_json()))
}

/// `close`, the allocation entry as compact canonical JSON text: the exact
/// line `coshare close` prints (without its final newline).
#[wasm_bindgen(js_name = closeJson)]
pub fn close_json(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SplitRequest | string")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] date: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<String, Thrown> {
    Ok(closed(&ledger, &request, &id, &date, &contributions_csv)?.to_json())
}

/// The capital accounts on the day `at` (docs/format.md, "accounts"): each member's
/// balance and due, each reserve, unallocated, payable and carried.
#[wasm_bindgen(unchecked_return_type = "AccountsResult")]
pub fn accounts(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] at: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let at = convert::string(&at, "at")?;
    let ledger = convert::ledger(&ledger, convert::csv(&contributions_csv)?.as_deref())?;
    Ok(convert::object(
        &ledger.accounts(convert::date(&at, "at")?).to_json(),
    ))
}

/// A member's capital account over `start..=end` (docs/format.md, "Queries of the books"): opening
/// balance, movements, closing balance, due, allocations and payments.
#[wasm_bindgen(unchecked_return_type = "StatementResult")]
pub fn statement(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] member: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] start: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] end: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let member = convert::string(&member, "member")?;
    let (start, end) = (
        convert::string(&start, "start")?,
        convert::string(&end, "end")?,
    );
    let ledger = convert::ledger(&ledger, convert::csv(&contributions_csv)?.as_deref())?;
    // docs/format.md, "Queries of the books": the dates, then the period and the member (the core).
    let (start, end) = (convert::date(&start, "start")?, convert::date(&end, "end")?);
    Ok(convert::object(
        &ledger.statement(&member, start, end)?.to_json(),
    ))
}

/// The written notices of an allocation (docs/format.md, "Written notices"), members by id.
#[wasm_bindgen(unchecked_return_type = "NoticesResult")]
pub fn notices(
    #[wasm_bindgen(unchecked_param_type = "LedgerDocument | string")] ledger: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] allocation: JsValue,
    #[wasm_bindgen(js_name = contributionsCsv, unchecked_optional_param_type = "string | null")]
    contributions_csv: JsValue,
) -> Result<JsValue, Thrown> {
    let allocation = convert::string(&allocation, "allocation")?;
    let ledger = convert::ledger(&ledger, convert::csv(&contributions_csv)?.as_deref())?;
    Ok(convert::object(&ledger.notices(&allocation)?.to_json()))
}

/// The journal over `start..=end` (docs/format.md, "Queries of the books"): one balanced transaction per
/// book entry; `options.format` `"json"` (the default) gives the document as
/// a plain object, `"csv"` and `"beancount"` text; `options.accounts` the
/// account names (an object or its JSON text). Its TypeScript overloads
/// are in `src/types.d.ts`.
#[wasm_bindgen(skip_typescript)]
pub fn journal(
    ledger: JsValue,
    start: JsValue,
    end: JsValue,
    options: JsValue,
) -> Result<JsValue, Thrown> {
    let (start, end) = (
        convert::string(&start, "start")?,
        convert::string(&end, "end")?,
    );
    let options = convert::JournalOptions::of(&options)?;
    let ledger = convert::ledger(&ledger, options.contributions_csv.as_deref())?;
    let (start, end) = (convert::date(&start, "start")?, convert::date(&end, "end")?);
    let accounts = match &options.accounts {
        Some(text) => coshare::JournalAccounts::from_json(text)?,
        None => coshare::JournalAccounts::default(),
    };
    let journal = ledger.journal(start, end, &accounts)?;
    Ok(match options.format {
        JournalFormat::Json => convert::object(&journal.to_json()),
        JournalFormat::Csv => journal.to_csv().into(),
        JournalFormat::Beancount => journal.to_beancount(&ledger.currency().code).into(),
    })
}

/// Every warning code of `validate`, in the order it lists them: the values of `WarningCode`.
#[wasm_bindgen(js_name = warningCodes, unchecked_return_type = "WarningCode[]")]
pub fn warning_codes() -> JsValue {
    coshare::WarningCode::ALL
        .iter()
        .map(|code| JsValue::from_str(code.as_str()))
        .collect::<js_sys::Array>()
        .into()
}

/// Every error code, in the order of docs/format.md "Errors" list: the values of `ErrorCode`.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> JsValue {
    coshare::ErrorCode::ALL
        .iter()
        .map(|code| JsValue::from_str(code.as_str()))
        .collect::<js_sys::Array>()
        .into()
}
