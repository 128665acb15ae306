//! The sizes coshare accepts, enforced with the error of the thing that is
//! too big, so that memory and time stay proportional to the input.
//!
//! The format (docs/format.md) sets no maximum on ids, members, entries, buckets or step
//! points; these are coshare's, chosen far above real ledgers. Each is
//! checked in the docs/format.md "Errors" order at the place of the thing it limits (an id
//! where its emptiness is checked, a bucket list where its emptiness is).

/// The longest member id, entry id, kind, reason or bucket name, in bytes
/// of UTF-8 (`invalid_member`, `invalid_entry`, `invalid_policy`,
/// `invalid_shares`).
pub const MAX_ID_BYTES: usize = 1024;

/// The most members a ledger lists (`invalid_member` on the first one beyond).
pub const MAX_MEMBERS: usize = 10_000_000;

/// The most entries a ledger holds (`invalid_entry` on the first one beyond).
pub const MAX_ENTRIES: usize = 100_000_000;

/// The most buckets a distribution has (`invalid_shares`): a split costs
/// buckets × (member, kind) pairs.
pub const MAX_BUCKETS: usize = 100;

/// The most points a `steps` curve has (`invalid_curve`): each contribution
/// keeps its curve's points as dates.
pub const MAX_STEP_POINTS: usize = 100;

/// The deepest nesting of arrays and objects a document may have (docs/format.md, "Ledger document":
/// deeper is `invalid_json`).
pub const MAX_DEPTH: usize = 128;

/// The most dates a [`crate::Ledger::curve`] query may produce (docs/format.md, "Other queries",
/// `invalid_request`).
pub const MAX_CURVE_DATES: usize = 10_000;

/// The largest count of one duration part (docs/format.md, "Numbers, money, dates", `invalid_duration`).
pub const MAX_DURATION_COUNT: u32 = 100_000;

/// The largest money value, in minor units (docs/format.md, "Numbers, money, dates", `overflow`).
pub const MONEY_LIMIT: i128 = 1_000_000_000_000_000;

/// The most units a ledger may issue, scaled by 10^4 (docs/format.md, "Numbers, money, dates", `overflow`).
pub const UNITS_LIMIT: i128 = 1_000_000_000_000 * 10_000;

/// Whether an id or name is longer than [`MAX_ID_BYTES`].
pub(crate) fn too_long(id: &str) -> bool {
    id.len() > MAX_ID_BYTES
}
