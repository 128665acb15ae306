//! Checking (docs/format.md, "Errors", phase 2): the rules a read document
//! must keep, in the order that decides which error is reported, and the
//! builder that turns a checked document into a [`crate::Ledger`].

pub mod builder;
pub(crate) mod feed;
pub(crate) mod hint;
pub(crate) mod ids;
pub mod limits;
pub(crate) mod policy;
pub(crate) mod rules;
