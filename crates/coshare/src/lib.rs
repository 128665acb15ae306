//! # coshare
//!
//! Exact accounting for a co-operative that pays its contributors in
//! profit shares that fade over time. Contributions of money and labour are
//! valued, weighted and turned into **units**; units fade or expire by a
//! curve; a period's profit (or loss) is split pro rata to live units,
//! across reserves and pools, in whole minor units that always add up.
//! Over the years the same ledger keeps the co-op's **books**: each closed
//! period posted as an allocation, capital accounts paid back under
//! revolving rules, written notices and a journal for the accountant.
//!
//! The public reference is `docs/format.md` in the repository; every front
//! end (this crate, the `coshare` command, Python, WebAssembly) gives
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
//! The modules follow the pipeline: [`values`] (exact decimals, figures,
//! dates), [`document`] (the ledger as data and its readers: JSON, CSV),
//! [`check`] (the rules, and the builder of a [`Ledger`]), [`ledger`] (the
//! checked ledger: curves, basis), [`query`] (split, shares, explain,
//! curve, validate), [`books`] (close, accounts, statements, notices,
//! journal), [`error`] (one error type with stable codes) and [`mod@write`]
//! (every canonical JSON writer).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod books;
pub mod check;
pub mod document;
pub mod error;
pub mod ledger;
pub mod query;
#[cfg(feature = "serde")]
mod serde_impls;
pub mod values;
pub mod write;

// Public paths of the flat layout, kept.
pub use check::limits;
pub use values::{date, number};

/// The JSON reader of docs/format.md, "Errors", reading and the canonical writer.
pub mod json {
    pub use crate::document::json::*;
    pub use crate::write::{escape_into, Writer};
}

pub use books::accounts::{
    Accounts, AllocationFigures, MemberAccount, MovementKind, PaymentLine, Statement, StatementLine,
};
pub use books::close::{Closed, ClosedFigures};
pub use books::journal::{Journal, JournalAccounts, JournalLine, Transaction, TransactionKind};
pub use books::notices::{Notice, Notices};
pub use check::builder::LedgerBuilder;
pub use check::policy::{MONEY_LIMIT, UNITS_LIMIT};
pub use document::append::append_entry;
pub use document::csv::{read_carry_in, read_contributions, read_contributions_recovering};
pub use document::read::{read_entries, read_requests, validate_json};
pub use document::{Basis, Document, Request};
pub use error::{Error, ErrorCode, PathStep, Result, UnknownErrorCode};
pub use ledger::Ledger;
pub use query::bases::{Bases, MemberPoolBasis};
pub use query::shares::{
    curve_to_json, ContributionBasis, Explanation, MemberShares, PoolBasis, PoolMemberShare,
    PoolShares, Shares, MAX_CURVE_DATES,
};
pub use query::split::{
    split_json, BucketResult, MemberSplit, PoolPart, PoolTotals, Split, Splits,
};
pub use query::validate::{Validation, Warning, WarningCode};
pub use values::amount::Fixed;
pub use values::date::{Date, Duration};
pub use values::number::Dec;
pub use write::{validation_document, validation_json};

/// The README's Rust snippets, run as doctests (one of them uses serde).
#[cfg(all(doctest, feature = "serde"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
