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

/// A map from names (member ids) to values, looked up by [`Name`]: the
/// lookup made for every contribution, where comparing a short id byte by
/// byte costs less than a call to `memcmp`.
pub(crate) type NameMap<V> = hashbrown::HashMap<String, V, foldhash::fast::RandomState>;

/// A name to look up in a [`NameMap`]; it hashes as its `String` key does.
#[derive(Hash)]
pub(crate) struct Name<'a>(pub(crate) &'a str);

impl hashbrown::Equivalent<String> for Name<'_> {
    fn equivalent(&self, key: &String) -> bool {
        same_text(self.0, key)
    }
}

/// Whether two short texts (ids, field names) are equal, compared inline:
/// a call to `memcmp` costs more than their few bytes.
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same_text`] of bytes.
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}
