//! Values (docs/format.md, "Numbers, dates, ids"): exact decimals, result
//! figures, calendar dates and durations, and the wide arithmetic that keeps
//! every product exact.

pub mod amount;
pub mod date;
pub mod number;
pub(crate) mod wide;

/// A hash map seeded per map (foldhash): a few times faster than the
/// standard `SipHash` on short ids, and still seeded, so crafted ids cannot
/// force collisions.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
