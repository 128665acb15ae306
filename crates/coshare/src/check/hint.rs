//! Hints that make an error message say what to do: the nearest name to a
//! mistyped one ("did you mean"), and the names that would do. They change
//! messages only, never a code, entry or path (docs/format.md, "Errors").

/// Names longer than this get no "did you mean" (the distance is quadratic).
const LONGEST: usize = 64;

/// Beyond this many candidates there is no hint, so that an error message
/// is never slow to write, whatever the ledger's size.
const MOST_CANDIDATES: usize = 20_000;

/// The edit distance between `a` and `b`: insertions, deletions,
/// substitutions and swaps of two neighbouring characters (the usual
/// typos), or `None` once it exceeds `limit`.
fn distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    // Three rows of the table: two rows back (for swaps), the last, this one.
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    let at = |row: usize, j: usize| (row % 3) * width + j;
    // Out of the table reads as too far (never: every index is in it).
    let cell =
        |rows: &[usize], row: usize, j: usize| rows.get(at(row, j)).map_or(usize::MAX / 2, |&v| v);
    for i in 1..=a.len() {
        let mut best = usize::MAX;
        for j in 0..width {
            let here = if j == 0 {
                i
            } else {
                let same = a.get(i - 1) == b.get(j - 1);
                let sub = cell(&rows, i - 1, j - 1) + usize::from(!same);
                let mut d = sub
                    .min(cell(&rows, i - 1, j) + 1)
                    .min(cell(&rows, i, j - 1) + 1);
                let swapped =
                    i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1);
                if swapped {
                    d = d.min(cell(&rows, i - 2, j - 2) + 1);
                }
                d
            };
            if let Some(slot) = rows.get_mut(at(i, j)) {
                *slot = here;
            }
            best = best.min(here);
        }
        if best > limit {
            return None;
        }
    }
    Some(cell(&rows, a.len(), b.len())).filter(|&d| d <= limit)
}

/// The candidate nearest to `name`, when near enough to be a likely typo:
/// at most one edit per three characters (at least one), ignoring case
/// first (a name differing only in case is always near). Ties go to the
/// smallest name, so the hint never depends on a map's order.
pub(crate) fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted: Vec<char> = name.chars().collect();
    if wanted.is_empty() || wanted.len() > LONGEST {
        return None;
    }
    let limit = (wanted.len() / 3).max(1);
    let folded: Vec<char> = name.to_lowercase().chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for (n, candidate) in candidates.into_iter().enumerate() {
        if n == MOST_CANDIDATES {
            // Too many to compare: no hint rather than one from a part.
            return None;
        }
        if candidate == name || candidate.len() > LONGEST * 4 {
            continue;
        }
        let d = if candidate.to_lowercase().chars().eq(folded.iter().copied()) {
            0
        } else {
            let chars: Vec<char> = candidate.chars().collect();
            match distance(&wanted, &chars, limit) {
                Some(d) => d,
                None => continue,
            }
        };
        let better = best.is_none_or(|(bd, bn)| (d, candidate) < (bd, bn));
        if better {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, n)| n)
}

/// ` (did you mean "x"?)` for the nearest candidate, or nothing.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    nearest(name, candidates).map_or_else(String::new, |n| format!(" (did you mean {n:?}?)"))
}

/// `; the kinds defined are "a", "b"` (at most ten, then how many more).
pub(crate) fn defined<'a>(what: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    if names.is_empty() {
        return format!("; no {what} is defined");
    }
    let shown: Vec<String> = names.iter().take(10).map(|n| format!("{n:?}")).collect();
    let more = names.len().saturating_sub(10);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("; the {what}s defined are {}{tail}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_name_is_a_likely_typo_or_nothing() {
        let members = ["alice", "bob", "carol", "Dave"];
        assert_eq!(nearest("alcie", members), Some("alice"));
        assert_eq!(nearest("caro", members), Some("carol"));
        assert_eq!(nearest("dave", members), Some("Dave"));
        assert_eq!(nearest("zed", members), None);
        assert_eq!(nearest("alice", members), None);
        assert_eq!(nearest("", members), None);
        // Ties go to the smallest name, whatever the order given.
        assert_eq!(nearest("ab", ["ac", "aa"]), Some("aa"));
        assert_eq!(nearest("ab", ["aa", "ac"]), Some("aa"));
    }

    #[test]
    fn distance_counts_edits_and_stops_past_its_limit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance(&c("kitten"), &c("sitting"), 5), Some(3));
        assert_eq!(distance(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(distance(&c("été"), &c("ete"), 2), Some(2));
        assert_eq!(distance(&c("alcie"), &c("alice"), 1), Some(1));
        assert_eq!(distance(&c(""), &c("ab"), 2), Some(2));
    }

    #[test]
    fn hints_read_as_sentences() {
        assert_eq!(
            did_you_mean("labour", ["labor", "cash"]),
            " (did you mean \"labor\"?)"
        );
        assert_eq!(did_you_mean("xyz", ["labor"]), "");
        assert_eq!(
            defined("kind", ["cash", "labor"]),
            "; the kinds defined are \"cash\", \"labor\""
        );
        assert_eq!(defined("kind", []), "; no kind is defined");
        let many: Vec<String> = (0..12).map(|i| format!("k{i}")).collect();
        assert!(defined("kind", many.iter().map(String::as_str)).ends_with("\"k9\" and 2 more"));
    }
}
