//! Queries of a checked ledger (docs/format.md, "Split" and "Other
//! queries"): the split with its largest remainder, shares, explain and the
//! curve of shares.

pub mod bases;
pub(crate) mod lr;
pub mod shares;
pub mod split;
pub mod validate;
