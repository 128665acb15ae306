//! Entry ids: kept end to end in one text ([`Ids`]), and found again by id
//! ([`IdIndex`]) without a hash table while they come in a few ascending
//! runs, as ledgers written day by day have them.

use crate::values::same_text;
use std::hash::BuildHasher;

/// Ids kept end to end in one text, rather than one allocation each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    pub(crate) fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    /// The `i`-th id.
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).and_then(|j| self.ends.get(j)).copied();
        let end = self.ends.get(i).copied().unwrap_or(0);
        self.text.get(start.unwrap_or(0)..end).unwrap_or_default()
    }

    /// Makes room for `additional` more ids (of a dozen bytes or so).
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.ends.reserve(additional);
        self.text.reserve(additional.saturating_mul(12));
    }

    /// The number of ids.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether `id` is one of these ids, when they are sorted (by bytes).
    pub(crate) fn sorted_contains(&self, id: &str) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if below(self.get(mid), id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo < self.len() && self.get(lo) == id
    }

    /// Keeps only the ids at the ascending indices `kept`, in place.
    pub(crate) fn keep(&mut self, kept: impl IntoIterator<Item = usize>) {
        let mut text = std::mem::take(&mut self.text).into_bytes();
        let (mut write, mut n) = (0, 0);
        // Ids kept one after another are moved together: the text from
        // `run` to `run_end` goes to `write - (run_end - run)`.
        let (mut run, mut run_end) = (0, 0);
        for i in kept {
            let start = i.checked_sub(1).and_then(|j| self.ends.get(j)).copied();
            let (start, end) = (start.unwrap_or(0), self.ends.get(i).copied().unwrap_or(0));
            if start > end || end > text.len() {
                continue;
            }
            if start != run_end {
                move_run(&mut text, run..run_end, write);
                run = start;
            }
            run_end = end;
            write += end - start;
            // Indices ascend, so `n <= i`: the ends still to be read are
            // untouched; while nothing is dropped an end is unchanged and
            // not written, so that keeping every id only reads.
            if let Some(e) = self.ends.get_mut(n).filter(|e| **e != write) {
                *e = write;
            }
            n += 1;
        }
        move_run(&mut text, run..run_end, write);
        text.truncate(write);
        self.ends.truncate(n);
        // Whole ids were moved, so the text is still UTF-8.
        self.text = String::from_utf8(text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Moves the bytes of `run` to end at `end`, unless they are there already.
fn move_run(text: &mut [u8], run: std::ops::Range<usize>, end: usize) {
    let to = end - run.len();
    if to != run.start {
        text.copy_within(run, to);
    }
}

/// The most ascending runs searched before the index falls back to hashing.
const MAX_RUNS: usize = 8;

/// Which entries (indices into an [`Ids`]) have which valid id.
///
/// While every id so far is valid and they form at most [`MAX_RUNS`]
/// strictly ascending runs, the ids themselves are the index: a new id is
/// checked against each earlier run by a cursor that only moves forward
/// (the ids of a run ascend), and a lookup is a binary search per run. It
/// costs no memory per entry. An invalid id, or one run too many, turns it
/// into a hash table of the valid entries, built once.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    /// The first entry of each run; the last run is the one growing.
    runs: Vec<usize>,
    /// For each earlier run, how many of its ids are below the current
    /// run's last id (where the next search in it starts).
    cursors: Vec<usize>,
    /// The number of entries indexed (all of them, while in runs).
    len: usize,
    hashed: Option<Hashed>,
}

#[derive(Debug, Clone, Default)]
struct Hashed {
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl Hashed {
    fn insert(&mut self, ids: &Ids, i: u32) -> bool {
        let id = ids.get(i as usize);
        let (hasher, hash) = (&self.hasher, self.hasher.hash_one(id));
        match self.table.entry(
            hash,
            |&j| ids.get(j as usize) == id,
            |&j| hasher.hash_one(ids.get(j as usize)),
        ) {
            hashbrown::hash_table::Entry::Vacant(place) => {
                place.insert(i);
                true
            }
            hashbrown::hash_table::Entry::Occupied(_) => false,
        }
    }

    fn find(&self, ids: &Ids, id: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        let found = self.table.find(hash, |&j| ids.get(j as usize) == id);
        found.map(|&j| j as usize)
    }
}

impl IdIndex {
    /// Indexes entry `i`, the last pushed to `ids`, whose id is valid;
    /// whether no earlier indexed entry has the same id.
    pub(crate) fn insert(&mut self, ids: &Ids, i: u32) -> bool {
        if let Some(hashed) = &mut self.hashed {
            return hashed.insert(ids, i);
        }
        let at = i as usize;
        if at != self.len {
            // An entry was skipped (its id is invalid): runs no longer
            // cover the entries end to end.
            return self.switch_to_hashing(ids).insert(ids, i);
        }
        let id = ids.get(at);
        let ascends = at
            .checked_sub(1)
            .is_some_and(|prev| below(ids.get(prev), id));
        if !ascends {
            if self.runs.len() == MAX_RUNS {
                return self.switch_to_hashing(ids).insert(ids, i);
            }
            // A new run: the cursors of every earlier run start over.
            self.cursors = self.runs.clone();
            self.runs.push(at);
        }
        // Every earlier run is searched from its cursor, which moves on.
        for k in 0..self.runs.len().saturating_sub(1) {
            let (start, end) = self.run(k);
            let Some(cursor) = self.cursors.get_mut(k) else {
                continue;
            };
            let (next, found) = gallop(ids, (*cursor).max(start), end, id);
            *cursor = next;
            if found {
                // Runs hold distinct ids, so the duplicate stays out.
                self.switch_to_hashing(ids);
                return false;
            }
        }
        self.len += 1;
        true
    }

    /// The entry with this id, if it is indexed.
    pub(crate) fn find(&self, ids: &Ids, id: &str) -> Option<usize> {
        if let Some(hashed) = &self.hashed {
            return hashed.find(ids, id);
        }
        self.all_runs().find_map(|(start, end)| {
            let (at, found) = gallop(ids, start, end, id);
            found.then_some(at)
        })
    }

    /// A finder for many lookups in a row ([`Finder`]).
    pub(crate) fn finder<'a>(&'a self, ids: &'a Ids) -> Finder<'a> {
        Finder {
            index: self,
            ids,
            from: self.runs.clone(),
        }
    }

    /// Run `k` as (first entry, end).
    fn run(&self, k: usize) -> (usize, usize) {
        let start = self.runs.get(k).copied().unwrap_or(self.len);
        (start, self.runs.get(k + 1).copied().unwrap_or(self.len))
    }

    /// Every run as (first entry, end).
    fn all_runs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.runs.len()).map(|k| self.run(k))
    }

    /// Switches to a hash table of the entries indexed so far.
    fn switch_to_hashing(&mut self, ids: &Ids) -> &mut Hashed {
        let mut hashed = Hashed::default();
        let hasher = &hashed.hasher;
        hashed
            .table
            .reserve(self.len, |&j| hasher.hash_one(ids.get(j as usize)));
        for j in 0..self.len {
            if let Ok(j) = u32::try_from(j) {
                hashed.insert(ids, j);
            }
        }
        self.runs = Vec::new();
        self.cursors = Vec::new();
        self.hashed.insert(hashed)
    }
}

/// Whether `a` sorts before `b` (by bytes), compared inline: ids are short,
/// and a call to `memcmp` for each entry costs more than the comparison.
fn below(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((x, y)) => x < y,
        None => a.len() < b.len(),
    }
}

/// Looks ids up one after another, each run's search starting where the
/// last one ended when the id is not below it: ids looked up in ascending
/// order (the repayments of loans written in order) take a few short
/// steps each, rather than a search over a whole run, with the same
/// answers as [`IdIndex::find`].
pub(crate) struct Finder<'a> {
    index: &'a IdIndex,
    ids: &'a Ids,
    /// Where the last search in each run ended.
    from: Vec<usize>,
}

impl Finder<'_> {
    /// The entry with this id, if it is indexed.
    pub(crate) fn find(&mut self, id: &str) -> Option<usize> {
        let (index, ids) = (self.index, self.ids);
        if let Some(hashed) = &index.hashed {
            return hashed.find(ids, id);
        }
        for (k, (start, end)) in index.all_runs().enumerate() {
            let Some(from) = self.from.get_mut(k) else {
                continue;
            };
            // The entries before `from` are below `id` if the last of them is.
            let near = *from > start && *from <= end && below(ids.get(*from - 1), id);
            let (at, found) = gallop(ids, if near { *from } else { start }, end, id);
            *from = at;
            if found {
                return Some(at);
            }
        }
        None
    }
}

/// In the ascending ids of entries `from..end`: the first entry whose id
/// is not below `id`, and whether its id is `id`. Galloping from `from`,
/// so a search just past the previous one is short.
fn gallop(ids: &Ids, from: usize, end: usize, id: &str) -> (usize, bool) {
    let below = |j: usize| below(ids.get(j), id);
    let (mut lo, mut step) = (from, 1usize);
    // Invariant: every entry before `lo` is below `id`.
    while lo < end && below(lo) {
        let probe = lo.saturating_add(step).min(end);
        if probe < end && below(probe) {
            lo = probe + 1;
            step = step.saturating_mul(2);
        } else {
            // The answer is in lo + 1 ..= probe.
            let (mut a, mut b) = (lo + 1, probe);
            while a < b {
                let mid = a + (b - a) / 2;
                if below(mid) {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            lo = a;
            break;
        }
    }
    let found = lo < end && same_text(ids.get(lo), id);
    (lo, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Ids drawn from a few hundred, in `chunks` sorted stretches (so in
    /// runs, with repeats across them), some skipped as invalid.
    fn entries() -> impl Strategy<Value = Vec<(String, bool)>> {
        (
            proptest::collection::vec((0u16..300, proptest::bool::weighted(0.02)), 0..400),
            1usize..20,
        )
            .prop_map(|(mut list, chunks)| {
                let size = list.len().div_ceil(chunks).max(1);
                for chunk in list.chunks_mut(size) {
                    chunk.sort_unstable();
                }
                list.into_iter()
                    .map(|(v, skip)| (format!("e{v:03}"), skip))
                    .collect()
            })
    }

    proptest! {
        /// Keeping some ids leaves those, in order, whatever runs they
        /// come in.
        #[test]
        fn kept_ids_are_those_kept(list in proptest::collection::vec(("[a-z]{0,4}", proptest::bool::ANY), 0..60)) {
            let mut ids = Ids::default();
            for (id, _) in &list {
                ids.push(id);
            }
            ids.keep(list.iter().enumerate().filter(|(_, (_, keep))| *keep).map(|(i, _)| i));
            let kept: Vec<&str> = list.iter().filter(|(_, keep)| *keep).map(|(id, _)| id.as_str()).collect();
            prop_assert_eq!(ids.len(), kept.len());
            for (i, id) in kept.iter().enumerate() {
                prop_assert_eq!(ids.get(i), *id);
            }
        }

        /// The index agrees with a set of the ids seen, however the ids
        /// come: in runs or not, with repeats and skipped entries.
        #[test]
        fn the_index_finds_what_a_set_would(list in entries()) {
            let (mut ids, mut index) = (Ids::default(), IdIndex::default());
            let mut first = std::collections::HashMap::<String, usize>::new();
            for (i, (id, skip)) in list.iter().enumerate() {
                ids.push(id);
                if *skip {
                    continue;
                }
                let new = index.insert(&ids, u32::try_from(i).unwrap());
                prop_assert_eq!(new, !first.contains_key(id), "entry {} ({})", i, id);
                first.entry(id.clone()).or_insert(i);
            }
            let mut finder = index.finder(&ids);
            for v in (0..310u16).chain((0..310).rev()).chain((0..310).map(|v| v * 7 % 310)) {
                let id = format!("e{v:03}");
                prop_assert_eq!(index.find(&ids, &id), first.get(&id).copied(), "{}", id);
                // A finder gives the same answers, whatever order it is asked in.
                prop_assert_eq!(finder.find(&id), first.get(&id).copied(), "{}", id);
            }
        }
    }

    #[test]
    fn ascending_ids_need_no_hash_table() {
        let (mut ids, mut index) = (Ids::default(), IdIndex::default());
        let names = (0..1000)
            .map(|i| format!("c{i:05}"))
            .chain((0..100).map(|i| format!("r{i:05}")))
            .chain((0..10).map(|i| format!("d{i:05}")));
        for (i, id) in names.enumerate() {
            ids.push(&id);
            assert!(index.insert(&ids, u32::try_from(i).unwrap()), "{id}");
        }
        assert!(index.hashed.is_none());
        // "r…" follows "c…": one run, then the departures start a second.
        assert_eq!(index.runs, [0, 1100]);
        assert_eq!(index.find(&ids, "r00050"), Some(1050));
        assert_eq!(index.find(&ids, "d00009"), Some(1109));
        assert_eq!(index.find(&ids, "c01000"), None);
    }

    #[test]
    fn sorted_ids_say_which_they_hold() {
        let mut ids = Ids::default();
        for id in ["a", "ab", "b", "c1", "c10", "c2"] {
            ids.push(id);
        }
        for id in ["a", "ab", "b", "c1", "c10", "c2"] {
            assert!(ids.sorted_contains(id), "{id}");
        }
        for id in ["", "0", "aa", "abc", "c", "c0", "c3", "d"] {
            assert!(!ids.sorted_contains(id), "{id}");
        }
        assert!(!Ids::default().sorted_contains("a"));
    }

    #[test]
    fn descending_ids_fall_back_to_hashing() {
        let (mut ids, mut index) = (Ids::default(), IdIndex::default());
        for i in 0..100u32 {
            ids.push(&format!("x{:03}", 100 - i));
            assert!(index.insert(&ids, i));
        }
        assert!(index.hashed.is_some());
        assert_eq!(index.find(&ids, "x001"), Some(99));
    }
}
