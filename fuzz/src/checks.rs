//! The checks of the `ledger_json` fuzz target, shared with the core's
//! replay test (`crates/coshare/tests/fuzz_regressions.rs` includes this
//! file with `#[path]`), so a kept crasher is replayed through exactly the
//! checks that found it. Plain Rust over coshare's public API: no
//! dependencies, runs on stable.
//!
//! What is checked (docs/format.md, "Request and split result", 7 and 8):
//! - reading bytes and text agree; `validate()` is empty exactly when
//!   `Ledger::new` succeeds, and its first error is `Ledger::new`'s;
//! - every split: `amount = Σ buckets`, each bucket and each member's pool
//!   part within one minor unit of its exact quota **and** the leftover
//!   units given by largest remainder (ties to the smaller key), pool
//!   `amount = Σ parts + unallocated`, minimum payout and carry-over,
//!   `cash = ceil_s(paid × cash_fraction)`, `cash + retained = paid`,
//!   `Σ paid + Σ carry_out = Σ allocated + Σ carry_in`, shares rounded
//!   half-way, the result JSON parses;
//! - `explain` adds up to the pool basis (time-weighted) and `shares` at
//!   the end to it (snapshot); `shares` totals add up;
//! - for a valid ledger, reversing members and entries changes no result.
//!
//! Exact quotas `N·w/W` need up to ~150 bits, so comparisons use a small
//! 256-bit unsigned type ([`U256`]).

use coshare::document::{Bucket, Document};
use coshare::{Basis, Date, Dec, Fixed, Ledger, Request, Split};

/// A 256-bit unsigned integer, just enough for exact quota comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct U256 {
    hi: u128,
    lo: u128,
}

const LOW: u128 = u64::MAX as u128;

impl U256 {
    /// The value `x`.
    pub fn from_u128(x: u128) -> U256 {
        U256 { hi: 0, lo: x }
    }

    /// The exact product `a × b`.
    pub fn mul(a: u128, b: u128) -> U256 {
        let (a1, a0) = (a >> 64, a & LOW);
        let (b1, b0) = (b >> 64, b & LOW);
        let p00 = a0 * b0;
        let p01 = a0 * b1;
        let p10 = a1 * b0;
        let p11 = a1 * b1;
        let mid = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
        U256 {
            hi: p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64),
            lo: (p00 & LOW) | (mid << 64),
        }
    }

    /// `self − other`, for `self >= other`.
    pub fn minus(self, other: U256) -> U256 {
        assert!(self >= other, "U256 underflow");
        let (lo, borrow) = self.lo.overflowing_sub(other.lo);
        U256 {
            hi: self.hi - other.hi - u128::from(borrow),
            lo,
        }
    }

    /// `|self − other|`.
    pub fn abs_diff(self, other: U256) -> U256 {
        if self >= other {
            self.minus(other)
        } else {
            other.minus(self)
        }
    }

    /// The value, if it fits in 128 bits.
    pub fn to_u128(self) -> Option<u128> {
        (self.hi == 0).then_some(self.lo)
    }
}

/// A money figure of the ledger's scale, in minor units.
fn minor(f: Fixed, scale: u32, what: &str) -> i128 {
    assert_eq!(
        f.scale(),
        scale,
        "{what}: money written at scale {}",
        f.scale()
    );
    f.value()
}

fn nonneg(x: i128, what: &str) -> u128 {
    assert!(x >= 0, "{what} is negative: {x}");
    x.unsigned_abs()
}

/// Checks a largest-remainder split of `n` by `(part, weight)` items given
/// in key order (the earlier item wins a tie): the parts add up to `n`,
/// each is within one unit of its quota `n·w/total`, and the units above
/// the floors went to the largest fractional parts.
pub fn check_largest_remainder(what: &str, n: u128, items: &[(u128, u128)]) {
    let total: u128 = items.iter().map(|&(_, w)| w).sum();
    assert!(total > 0, "{what}: largest remainder with total weight 0");
    let parts: u128 = items.iter().map(|&(p, _)| p).sum();
    assert_eq!(parts, n, "{what}: parts add up to {parts}, not {n}");
    // Rank of a fractional part: larger remainder first, then earlier key.
    let mut worst_extra: Option<(u128, std::cmp::Reverse<usize>)> = None;
    let mut best_plain: Option<(u128, std::cmp::Reverse<usize>)> = None;
    let wide_total = U256::from_u128(total);
    for (i, &(p, w)) in items.iter().enumerate() {
        let quota = U256::mul(n, w);
        let got = U256::mul(p, total);
        let off = got.abs_diff(quota);
        assert!(
            off < wide_total,
            "{what}: item {i} got {p}, more than one unit from its quota {n}·{w}/{total}"
        );
        let off = off.to_u128().unwrap_or(u128::MAX);
        if got > quota {
            let rank = (total - off, std::cmp::Reverse(i));
            worst_extra = Some(worst_extra.map_or(rank, |r| r.min(rank)));
        } else {
            let rank = (off, std::cmp::Reverse(i));
            best_plain = Some(best_plain.map_or(rank, |r| r.max(rank)));
        }
    }
    if let (Some(extra), Some(plain)) = (worst_extra, best_plain) {
        assert!(
            extra > plain,
            "{what}: a leftover unit went to remainder {}/{total} (item {}) before {}/{total} (item {})",
            extra.0,
            extra.1 .0,
            plain.0,
            plain.1 .0
        );
    }
}

/// The distribution in force on `end` with inheritance and defaults
/// resolved (docs/format.md, "Policy"): buckets, cash fraction, minimum payout.
pub fn distribution_at(doc: &Document, end: Date) -> Option<(Vec<Bucket>, Dec, Dec)> {
    let mut policies: Vec<_> = doc.policies.iter().filter(|p| p.effective <= end).collect();
    policies.sort_by_key(|p| p.effective);
    policies.last()?;
    let dist = policies
        .iter()
        .rev()
        .find_map(|p| p.distribution.clone())
        .unwrap_or_default();
    let buckets = dist.buckets.unwrap_or_else(|| {
        vec![Bucket {
            name: "all".into(),
            share: Dec::ONE,
            kinds: Some(vec!["*".into()]),
        }]
    });
    Some((
        buckets,
        dist.cash_fraction.unwrap_or(Dec::ONE),
        dist.minimum_payout.unwrap_or(Dec::ZERO),
    ))
}

fn pool_kinds(kinds: &[String]) -> Option<&[String]> {
    (!(kinds.len() == 1 && kinds[0] == "*")).then_some(kinds)
}

/// Checks a split's docs/format.md, "Request and split result" invariants against its ledger and request.
pub fn check_split(doc: &Document, ledger: &Ledger, request: &Request, split: &Split) {
    let s = ledger.scale();
    assert_eq!((split.start, split.end), (request.start, request.end));
    let basis = request.basis;
    assert_eq!(split.basis, basis);
    assert!(request.amount.has_at_most_decimals(s));
    let amount = request.amount.scaled(s);
    assert_eq!(minor(split.amount, s, "amount"), amount);
    assert!(amount.abs() <= coshare::MONEY_LIMIT);
    let (buckets, cash_fraction, minimum_payout) =
        distribution_at(doc, request.end).expect("split without a policy");
    let minimum_payout = minimum_payout.scaled(s);
    assert_eq!(split.buckets.len(), buckets.len(), "bucket count");
    let n = amount.unsigned_abs();
    let same_sign = |x: i128, what: &str| {
        assert!(
            x == 0 || (x < 0) == (amount < 0),
            "{what}: {x} has the wrong sign for amount {amount}"
        );
    };

    // Members: sorted by id bytes, strictly.
    for pair in split.members.windows(2) {
        assert!(
            pair[0].member.as_bytes() < pair[1].member.as_bytes(),
            "members not sorted by id: {:?} then {:?}",
            pair[0].member,
            pair[1].member
        );
    }

    let mut bucket_items = Vec::new();
    let mut bucket_sum = 0i128;
    for (b, r) in buckets.iter().zip(&split.buckets) {
        assert_eq!(r.name, b.name, "bucket order");
        let part = minor(r.amount, s, "bucket amount");
        same_sign(part, "bucket amount");
        bucket_sum += part;
        bucket_items.push((part.unsigned_abs(), nonneg(b.share.raw(), "share")));
        assert_eq!(
            r.pool.is_some(),
            b.kinds.is_some(),
            "bucket {} type",
            b.name
        );
        let Some(pool) = &r.pool else { continue };
        let kinds = b.kinds.as_deref().unwrap_or_default();
        assert_eq!(pool.basis_total.scale(), 13);
        let total = nonneg(pool.basis_total.value(), "basis_total");
        let unallocated = minor(pool.unallocated, s, "unallocated");
        same_sign(unallocated, "unallocated");
        let mut items = Vec::new();
        let mut parts_sum = 0i128;
        let mut basis_sum = 0u128;
        for m in &split.members {
            let mut mine = m.pools.iter().filter(|p| p.pool == b.name);
            let Some(p) = mine.next() else { continue };
            assert!(
                mine.next().is_none(),
                "{} listed twice in {}",
                m.member,
                b.name
            );
            let x = nonneg(p.basis.value(), "basis");
            assert!(x > 0, "{} listed in {} with basis 0", m.member, b.name);
            assert_eq!(p.basis.scale(), 13);
            basis_sum += x;
            let got = minor(p.amount, s, "pool part");
            same_sign(got, "pool part");
            parts_sum += got;
            items.push((got.unsigned_abs(), x));
            // share = round_9(basis / total), half-way within half a unit.
            assert_eq!(p.share.scale(), 9);
            let share = nonneg(p.share.value(), "share");
            let off = U256::mul(share, total).abs_diff(U256::mul(x, 1_000_000_000));
            assert!(
                off <= U256::from_u128(total / 2),
                "{}: share {} of {x}/{total} not rounded to 9 decimals",
                m.member,
                p.share
            );
            match (basis, p.average_units) {
                (Basis::Snapshot, None) => {}
                (Basis::TimeWeighted, Some(avg)) => {
                    assert_eq!(avg.scale(), 4);
                    let days = request.start.days_until(request.end) as u128 + 1;
                    let scaled = nonneg(avg.value(), "average_units") * days * 1_000_000_000;
                    assert!(
                        2 * scaled.abs_diff(x) <= days * 1_000_000_000,
                        "average_units {avg} of basis {x} over {days} days"
                    );
                }
                (b, a) => panic!("average_units {a:?} with basis {b:?}"),
            }
        }
        assert_eq!(basis_sum, total, "{}: basis_total is not the sum", b.name);
        assert_eq!(
            minor(r.amount, s, "pool amount"),
            parts_sum + unallocated,
            "{}: amount ≠ Σ parts + unallocated",
            b.name
        );
        if total == 0 {
            assert_eq!(
                unallocated, part,
                "{}: basis 0 keeps its whole part",
                b.name
            );
        } else {
            assert_eq!(unallocated, 0, "{}: unallocated with basis", b.name);
            check_largest_remainder(&format!("pool {}", b.name), part.unsigned_abs(), &items);
        }
        check_pool_queries(ledger, request, split, &b.name, pool_kinds(kinds), basis);
    }
    assert_eq!(bucket_sum, amount, "amount ≠ Σ bucket amounts");
    check_largest_remainder("buckets", n, &bucket_items);

    // Per member (docs/format.md, "Request and split result" and 5.6).
    let carry_of = |id: &str| -> i128 {
        request
            .carry_in
            .iter()
            .flatten()
            .find(|(m, _)| m == id)
            .map_or(0, |(_, x)| x.scaled(s))
    };
    let (mut lhs, mut rhs) = (0i128, 0i128);
    for m in &split.members {
        let allocated: i128 = m
            .pools
            .iter()
            .map(|p| minor(p.amount, s, "pool part"))
            .sum();
        assert_eq!(
            minor(m.allocated, s, "allocated"),
            allocated,
            "{}",
            m.member
        );
        let carry_in = carry_of(&m.member);
        assert_eq!(minor(m.carry_in, s, "carry_in"), carry_in, "{}", m.member);
        assert!(
            !m.pools.is_empty() || carry_in != 0,
            "{} listed without basis or carry-in",
            m.member
        );
        let (paid, carry_out) = if allocated >= 0 {
            let due = allocated + carry_in;
            if 0 < due && due < minimum_payout {
                (0, due)
            } else {
                (due, 0)
            }
        } else {
            (allocated, carry_in)
        };
        assert_eq!(minor(m.paid, s, "paid"), paid, "{} paid", m.member);
        assert_eq!(
            minor(m.carry_out, s, "carry_out"),
            carry_out,
            "{}",
            m.member
        );
        let cash = if paid > 0 {
            let exact = paid * cash_fraction.raw();
            let one = Dec::ONE.raw();
            exact / one + i128::from(exact % one != 0)
        } else {
            0
        };
        assert_eq!(minor(m.cash, s, "cash"), cash, "{} cash", m.member);
        assert_eq!(
            minor(m.cash, s, "cash") + minor(m.retained, s, "retained"),
            paid,
            "{}: cash + retained ≠ paid",
            m.member
        );
        lhs += paid + carry_out;
        rhs += allocated + carry_in;
    }
    assert_eq!(lhs, rhs, "Σ paid + Σ carry_out ≠ Σ allocated + Σ carry_in");
    for (id, x) in request.carry_in.iter().flatten() {
        if !x.is_positive() {
            continue;
        }
        assert!(split.member(id).is_some(), "{id} with carry-in not listed");
    }
    coshare::json::parse(&split.to_json()).expect("the split's JSON does not parse");
}

/// `explain` (time-weighted) or `shares` on the end (snapshot) must give
/// each listed member's pool basis.
fn check_pool_queries(
    ledger: &Ledger,
    request: &Request,
    split: &Split,
    pool: &str,
    kinds: Option<&[String]>,
    basis: Basis,
) {
    let snapshot = (basis == Basis::Snapshot).then(|| ledger.shares(request.end));
    for m in &split.members {
        let Some(part) = m.pools.iter().find(|p| p.pool == pool) else {
            continue;
        };
        let got = match &snapshot {
            None => {
                let e = ledger
                    .explain(&m.member, request.start, request.end, kinds)
                    .expect("explain of a listed member over a split's period");
                let sum: i128 = e.contributions.iter().map(|c| c.unit_days.value()).sum();
                assert_eq!(sum, e.basis.value(), "explain's unit-days ≠ its basis");
                e.basis.value()
            }
            Some(shares) => shares
                .members
                .iter()
                .find(|s| s.member == m.member)
                .map_or(0, |s| {
                    s.kinds
                        .iter()
                        .filter(|(k, _)| kinds.is_none_or(|ks| ks.contains(k)))
                        .map(|(_, u)| u.value())
                        .sum()
                }),
        };
        assert_eq!(
            got,
            part.basis.value(),
            "{} in {pool}: query basis ≠ split basis",
            m.member
        );
    }
}

/// Checks a `shares` result: totals add up, shares rounded, members sorted.
pub fn check_shares(ledger: &Ledger, at: Date) -> coshare::Shares {
    let shares = ledger.shares(at);
    assert_eq!(shares.at, at);
    let total = nonneg(shares.total.value(), "shares total");
    let mut sum = 0u128;
    for pair in shares.members.windows(2) {
        assert!(pair[0].member.as_bytes() < pair[1].member.as_bytes());
    }
    for m in &shares.members {
        let units = nonneg(m.units.value(), "units");
        let kinds: u128 = m
            .kinds
            .iter()
            .map(|(_, u)| nonneg(u.value(), "kind units"))
            .sum();
        assert_eq!(kinds, units, "{}: Σ kinds ≠ units", m.member);
        sum += units;
        let share = nonneg(m.share.value(), "share");
        let off = U256::mul(share, total).abs_diff(U256::mul(units, 1_000_000_000));
        assert!(
            off <= U256::from_u128(total / 2),
            "{}: share rounding",
            m.member
        );
    }
    assert_eq!(sum, total, "shares: Σ units ≠ total");
    coshare::json::parse(&shares.to_json()).expect("shares JSON");
    shares
}

/// Splits with the checks; returns the result JSON or the error code, for comparisons.
pub fn split_checked(doc: &Document, ledger: &Ledger, request: &Request) -> Result<String, String> {
    match ledger.split(request) {
        Ok(split) => {
            check_split(doc, ledger, request, &split);
            Ok(split.to_json())
        }
        Err(e) => {
            coshare::json::parse(&e.to_json()).expect("error JSON");
            Err(e.code().as_str().to_string())
        }
    }
}

/// Reads and checks a document: `validate()` agrees with `Ledger::new`.
pub fn checked_ledger(doc: &Document) -> Option<Ledger> {
    let errors = doc.validate();
    match Ledger::new(doc.clone()) {
        Ok(ledger) => {
            assert!(
                errors.is_empty(),
                "Ledger::new accepted, validate found {errors:?}"
            );
            Some(ledger)
        }
        Err(e) => {
            let first = errors
                .first()
                .expect("Ledger::new refused, validate found nothing");
            assert_eq!(
                (e.code(), e.entry()),
                (first.code(), first.entry()),
                "Ledger::new's error is not validate's first"
            );
            None
        }
    }
}

/// A request derived from bytes: a period around the first policy, an
/// amount of any magnitude and sign, a basis and a carry-in.
pub fn derived_request(doc: &Document, ledger: &Ledger, bytes: &[u8]) -> Request {
    let mut b = [0u8; 16];
    for (slot, x) in b.iter_mut().zip(bytes.iter().rev()) {
        *slot = *x;
    }
    let base = doc
        .policies
        .iter()
        .map(|p| p.effective)
        .min()
        .unwrap_or_else(|| Date::from_day_number(19_723));
    let start = base.plus_days(i64::from(i16::from_le_bytes([b[0], b[1]])));
    let end = start.plus_days(i64::from(u16::from_le_bytes([b[2], b[3]]) % 40_000));
    let raw = u64::from_le_bytes([b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11]]);
    let magnitude = 10u64.pow(u32::from(b[12] % 17));
    let mut value = i128::from(raw % magnitude);
    if b[12] & 0x80 != 0 {
        value = -value;
    }
    let amount = Dec::from_scaled(value, ledger.scale()).unwrap_or(Dec::ZERO);
    let mut request = Request::new(start, end, amount);
    if b[13] & 1 == 1 {
        request = request.with_basis(Basis::Snapshot);
    }
    let members = ledger.members();
    if b[14] & 1 == 1 && !members.is_empty() {
        let who = members[usize::from(b[15]) % members.len()].clone();
        let carry = Dec::from_scaled(i128::from(b[14] >> 1) * 7919, ledger.scale());
        request
            .carry_in
            .get_or_insert_with(Vec::new)
            .push((who, carry.unwrap_or(Dec::ZERO)));
    }
    request
}

/// Runs every query on a ledger and request with the invariants.
pub fn check_ledger_queries(
    doc: &Document,
    ledger: &Ledger,
    request: &Request,
) -> Result<String, String> {
    let result = split_checked(doc, ledger, request);
    if result.is_ok() {
        // The other basis too.
        let other = if request.basis == Basis::Snapshot {
            Basis::TimeWeighted
        } else {
            Basis::Snapshot
        };
        let mut r = request.clone();
        r.basis = other;
        let _ = split_checked(doc, ledger, &r);
    }
    check_shares(ledger, request.start);
    check_shares(ledger, request.end);
    result
}

/// For a valid ledger, reversing members and entries changes no result (docs/format.md, "Ledger document").
pub fn check_order_independence(
    doc: &Document,
    request: &Request,
    expected: &Result<String, String>,
) {
    let mut doc = doc.clone();
    doc.members.reverse();
    doc.entries.reverse();
    let reversed = Ledger::new(doc).expect("a valid ledger reversed is invalid");
    let got = match reversed.split(request) {
        Ok(s) => Ok(s.to_json()),
        Err(e) => Err(e.code().as_str().to_string()),
    };
    assert_eq!(
        &got, expected,
        "reversing members and entries changed the result"
    );
}

/// The `ledger_json` target: `ledger bytes [NUL request JSON]`.
pub fn ledger_json(data: &[u8]) {
    let (ledger_bytes, request_bytes) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let doc = coshare::Document::from_json_bytes(ledger_bytes);
    if let Ok(text) = std::str::from_utf8(ledger_bytes) {
        let from_text = coshare::Document::from_json(text);
        match (&doc, &from_text) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "bytes and text read differently"),
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "bytes and text fail differently"),
            _ => panic!("bytes and text disagree: {doc:?} vs {from_text:?}"),
        }
        // Read in place from the checked text, and from a parsed tree: the
        // same document or the same error, message and place included.
        let from_tree = coshare::json::parse(text).and_then(|v| coshare::Document::from_value(&v));
        assert_eq!(
            from_text, from_tree,
            "in place and from a tree read differently"
        );
        if let Some(request) = request_bytes.and_then(|b| std::str::from_utf8(b).ok()) {
            let in_place = Request::from_json(request);
            let from_tree = coshare::json::parse(request).and_then(|v| Request::from_value(&v));
            assert_eq!(in_place, from_tree, "requests read differently");
        }
        // Entries streamed from the text into a builder, and checked over
        // a whole document: the same errors, in the same order.
        let listed = coshare::validate_json(text);
        match &doc {
            Ok(d) => assert_eq!(
                listed,
                d.validate(),
                "streamed and whole validate differently"
            ),
            // validate lists every reading error, the first one first.
            Err(e) => assert_eq!(
                listed.first(),
                Some(e),
                "streamed and whole read differently"
            ),
        }
        // What a ledger answers, or its error.
        let answers = |l: coshare::Result<Ledger>| {
            l.map(|l| {
                (
                    l.members().to_vec(),
                    l.shares(Date::from_day_number(19_723)).to_json(),
                )
            })
        };
        let streamed = answers(coshare::Ledger::from_json(text));
        let whole = answers(doc.clone().and_then(coshare::Ledger::new));
        assert_eq!(
            streamed, whole,
            "streamed and whole ledgers read differently"
        );
    }
    // Read piece by piece from a source (in reads of 3 bytes, to cut
    // pieces across reads): the same ledger (its members) or the same error.
    let mut source = Trickle(std::io::Cursor::new(ledger_bytes));
    let pieces = coshare::Ledger::from_json_reader(&mut source)
        .expect("a cursor has no I/O error")
        .map(|l| l.members().to_vec());
    match std::str::from_utf8(ledger_bytes) {
        Ok(text) => {
            let at_once = coshare::Ledger::from_json(text).map(|l| l.members().to_vec());
            assert_eq!(
                pieces, at_once,
                "piece by piece and whole text read differently"
            );
        }
        Err(_) => assert_eq!(
            pieces.map_err(|e| e.code()),
            Err(coshare::ErrorCode::InvalidJson),
            "bytes that are not UTF-8"
        ),
    }
    let Ok(doc) = doc else { return };
    let Some(ledger) = checked_ledger(&doc) else {
        return;
    };
    let day = |n| Date::from_day_number(n);
    // A fixed request: 2024 (days 19723..=20088), 1000 currency units.
    let fixed = Request::new(
        day(19_723),
        day(20_088),
        Dec::from_scaled(1000, 0).unwrap_or(Dec::ONE),
    );
    let result = check_ledger_queries(
        &doc,
        &ledger,
        &fixed.clone().with_basis(Basis::TimeWeighted),
    );
    check_order_independence(&doc, &fixed.with_basis(Basis::TimeWeighted), &result);
    let derived = derived_request(&doc, &ledger, data);
    check_ledger_queries(&doc, &ledger, &derived).ok();
    check_books(&ledger, &derived);
    if let Some(text) = request_bytes.and_then(|b| std::str::from_utf8(b).ok()) {
        if let Ok(request) = Request::from_json(text) {
            let result = check_ledger_queries(&doc, &ledger, &request);
            check_order_independence(&doc, &request, &result);
            if let Some(member) = ledger.members().first() {
                if let Ok(e) = ledger.explain(member, request.start, request.end, None) {
                    let sum: i128 = e.contributions.iter().map(|c| c.unit_days.value()).sum();
                    assert_eq!(sum, e.basis.value(), "explain's unit-days ≠ its basis");
                }
            }
        }
    }
}

/// The books of a valid ledger (docs/format.md, "The books"): every journal
/// transaction sums to zero, due stays within 0..=balance, and closing the
/// request's period either fails with a code or gives an entry that keeps
/// the ledger valid.
pub fn check_books(ledger: &Ledger, request: &Request) {
    let (start, end) = (request.start, request.end);
    if let Ok(journal) = ledger.journal(start, end, &coshare::JournalAccounts::default()) {
        for t in &journal.transactions {
            let sum: i128 = t.lines.iter().map(|l| l.amount.value()).sum();
            assert_eq!(sum, 0, "an unbalanced journal transaction: {t:?}");
            assert!(t.lines.iter().all(|l| l.amount.value() != 0), "a zero line");
        }
        let _ = journal.to_beancount("EUR");
        let _ = journal.to_csv();
    }
    let accounts = ledger.accounts(end);
    for m in &accounts.members {
        assert!(m.due.value() >= 0, "negative due: {m:?}");
        assert!(
            m.due.value() <= m.balance.value().max(0),
            "due beyond the balance: {m:?}"
        );
    }
    for m in ledger.members().iter().take(3) {
        if let Ok(s) = ledger.statement(m, start, end) {
            let moved: i128 = s.movements.iter().map(|l| l.amount.value()).sum();
            assert_eq!(
                s.opening.value() + moved,
                s.closing.value(),
                "a statement that does not add up"
            );
        }
    }
    let _ = ledger.close(request, "fuzz-close", end);
}

/// A source that gives at most 3 bytes a read.
struct Trickle<'a>(std::io::Cursor<&'a [u8]>);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(3);
        self.0.read(buf.get_mut(..n).unwrap_or_default())
    }
}

impl std::io::Seek for Trickle<'_> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.0.seek(pos)
    }
}
