//! # coshare
//!
//! Exact accounting for a co-operative that pays its contributors in
//! profit shares that fade over time. Contributions of money and labour are
//! valued, weighted and turned into **units**; units fade or expire by a
//! curve; a period's profit (or loss) is split pro rata to live units,
//! across reserves and pools, in whole minor units that always add up.
//!
//! The semantics are those of the coshare specification (SPEC v1); every
//! front end (this crate, the `coshare` command, Python, WebAssembly) gives
//! byte-identical results.
//!
//! ```
//! let ledger = r#"{
//!   "currency": {"code": "USD", "scale": 2},
//!   "policies": [{"effective": "2021-01-01", "kinds": {
//!       "time": {"multiplier": "2"}, "cash": {"multiplier": "4"}, "relationship": {"multiplier": "2"}},
//!     "distribution": {"cash_fraction": "0.2"}}],
//!   "members": [{"id": "alice"}, {"id": "bob"}, {"id": "carol"}],
//!   "entries": [
//!     {"type": "contribution", "id": "a1", "member": "alice", "date": "2021-03-01",
//!      "kind": "time", "hours": "1000", "rate": "50.00", "paid": "20000.00"},
//!     {"type": "contribution", "id": "b1", "member": "bob", "date": "2021-03-01",
//!      "kind": "cash", "value": "5000.00"},
//!     {"type": "contribution", "id": "c1", "member": "carol", "date": "2021-03-01",
//!      "kind": "relationship", "value": "5000.00"}]}"#;
//! let request = r#"{"period": {"start": "2021-01-01", "end": "2021-12-31"},
//!                   "amount": "10000.00", "basis": "snapshot"}"#;
//! let split = coshare::Ledger::from_json(ledger)?.split(&coshare::Request::from_json(request)?)?;
//! let alice = split.member("alice").unwrap();
//! assert_eq!((alice.paid.to_string(), alice.cash.to_string()), ("6666.67".into(), "1333.34".into()));
//! assert_eq!(split.member("bob").unwrap().cash.to_string(), "444.45");
//! // The same as JSON in, JSON out:
//! let json = coshare::split_json(ledger, request)?;
//! assert!(json.starts_with(r#"{"period":{"start":"2021-01-01","end":"2021-12-31"},"basis":"snapshot""#));
//! # Ok::<(), coshare::Error>(())
//! ```
//!
//! Modules hold one concept each: [`number`] (exact decimals), [`date`]
//! (calendar dates and durations), [`document`] (the ledger as data),
//! [`Ledger`] (a checked ledger and its queries), [`Split`] (the result),
//! [`Error`] (one error type with stable codes).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod amount;
mod basis;
mod batch;
mod builder;
mod check;
mod csv;
mod curve;
pub mod date;
pub mod document;
mod error;
mod ids;
pub mod json;
mod ledger;
pub mod limits;
mod lr;
pub mod number;
mod queries;
mod read;
#[cfg(test)]
mod reference;
mod rules;
mod split;
mod wide;

/// A hash map seeded per map (foldhash): a few times faster than the
/// standard `SipHash` on short ids, and still seeded, so crafted ids cannot
/// force collisions.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

pub use amount::Fixed;
pub use builder::LedgerBuilder;
pub use check::{MONEY_LIMIT, UNITS_LIMIT};
pub use csv::read_contributions;
pub use date::{Date, Duration};
pub use document::{Basis, Document, Request};
pub use error::{validation_json, Error, ErrorCode, Result};
pub use ledger::Ledger;
pub use number::Dec;
pub use queries::{
    curve_to_json, ContributionBasis, Explanation, MemberShares, Shares, MAX_CURVE_DATES,
};
pub use split::{BucketResult, MemberSplit, PoolPart, PoolTotals, Split, Splits};

impl Request {
    /// Reads a request JSON document (SPEC 8, phase 3 reading).
    pub fn from_json(text: &str) -> Result<Request> {
        read::request(json::Tape::parse(text)?.root())
    }

    /// Reads a request from an already parsed JSON value.
    pub fn from_value(value: &json::Value) -> Result<Request> {
        read::request(value)
    }
}

/// Splits as `coshare split --format json` does: a ledger and a request as
/// JSON text in, the SPEC 6 result document out.
pub fn split_json(ledger: &str, request: &str) -> Result<String> {
    let ledger = Ledger::from_json(ledger)?;
    let request = Request::from_json(request)?;
    Ok(ledger.split(&request)?.to_json())
}

/// Every error of a ledger JSON document, in SPEC 8 order (at most one per
/// entry); a reading error is the only one listed. Empty when valid.
pub fn validate_json(ledger: &str) -> Vec<Error> {
    let read = json::Tape::parse(ledger).and_then(|tape| read::builder(tape.root(), true));
    match read {
        Ok(builder) => builder.errors(),
        Err(e) => vec![e],
    }
}

/// The README's Rust snippets, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
