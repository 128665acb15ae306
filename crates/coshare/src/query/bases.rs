//! Splits of ledgers held in parts (docs/format.md, "Splits in parts"): a
//! member's basis in a pool is a sum over their own contributions, so the
//! bases of a request can be computed over each part of a ledger (every
//! entry of a member in one part), added exactly, and split as the whole
//! ledger would be.

use crate::document::Request;
use crate::error::{Error, ErrorCode as C, Result};
use crate::ledger::Ledger;
use crate::values::amount::Fixed;
use std::collections::BTreeMap;

/// The scale of a basis: unit-days and live units have 13 decimals.
pub const BASIS_SCALE: u32 = 13;

/// One member's basis in one pool (unit-days, or live units on the
/// period's last day for a snapshot request; 13 decimals, never negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberPoolBasis {
    /// The member's id.
    pub member: String,
    /// The pool's name.
    pub pool: String,
    /// The basis (scale 13).
    pub basis: Fixed,
}

/// The bases of a request over some of a ledger's contributions: one row
/// per member and pool with a non-zero basis, by member id, then pool name
/// (byte order). Rows of several parts are added with [`Bases::sum`] (or by
/// any engine's exact decimal sum) and split with [`Ledger::split_from_bases`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bases {
    /// The rows.
    pub rows: Vec<MemberPoolBasis>,
}

impl Bases {
    /// The rows of every part added up by (member, pool): the bases of the
    /// whole ledger. Rows are ordered by member id, then pool name.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a Bases>) -> Result<Bases> {
        // (member, pool) in byte order -> the first row of it, and the sum.
        type Key<'k> = (&'k [u8], &'k [u8]);
        let mut sums: BTreeMap<Key<'_>, (&MemberPoolBasis, i128)> = BTreeMap::new();
        for row in parts.into_iter().flat_map(|b| &b.rows) {
            let raw = scaled(row)?;
            let cell = sums
                .entry((row.member.as_bytes(), row.pool.as_bytes()))
                .or_insert((row, 0));
            cell.1 = cell.1.checked_add(raw).ok_or_else(too_large)?;
        }
        let rows = sums
            .into_values()
            .map(|(row, raw)| MemberPoolBasis {
                member: row.member.clone(),
                pool: row.pool.clone(),
                basis: Fixed::new(raw, BASIS_SCALE),
            })
            .collect();
        Ok(Bases { rows })
    }
}

impl MemberPoolBasis {
    /// A row from text, as an engine writes a decimal column (such as
    /// `"12345.6789000000000"`): a plain decimal with at most 13 decimals
    /// (more only if they are zeros) and at most 25 integer digits, else
    /// `invalid_number`; a negative basis is `negative_value`.
    pub fn parse(member: &str, pool: &str, text: &str) -> Result<MemberPoolBasis> {
        let bad = || {
            Error::new(
                C::InvalidNumber,
                format!("the basis of {member:?} in the pool {pool:?}, {text:?}, is not a plain decimal with at most 13 decimals"),
            )
            .with_entry(member)
        };
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
        let fraction = fraction.trim_end_matches('0');
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 25
            || fraction.len() > BASIS_SCALE as usize
            || !digits(whole)
            || !digits(fraction)
            || (body.contains('.') && body.ends_with('.'))
        {
            return Err(bad());
        }
        let mut raw: i128 = 0;
        let padded = format!("{whole}{fraction:0<13}");
        for d in padded.bytes() {
            raw = raw * 10 + i128::from(d - b'0');
        }
        let row = MemberPoolBasis {
            member: member.to_string(),
            pool: pool.to_string(),
            basis: Fixed::new(if negative { -raw } else { raw }, BASIS_SCALE),
        };
        scaled(&row)?;
        Ok(row)
    }
}

fn too_large() -> Error {
    Error::new(C::Overflow, "a sum of bases is beyond the exact range")
}

/// A row's basis in units of 10^-13, checked: not negative, at most 13
/// decimals.
fn scaled(row: &MemberPoolBasis) -> Result<i128> {
    let place = || format!("the basis of {:?} in the pool {:?}", row.member, row.pool);
    let b = row.basis;
    if b.scale() > BASIS_SCALE {
        let whole = 10i128.pow(b.scale() - BASIS_SCALE);
        if b.value() % whole != 0 {
            return Err(Error::new(
                C::InvalidNumber,
                format!("{} has more than 13 decimals", place()),
            )
            .with_entry(&row.member));
        }
        return check_sign(b.value() / whole, &place, &row.member);
    }
    let up = 10i128.pow(BASIS_SCALE - b.scale());
    let raw = b.value().checked_mul(up).ok_or_else(too_large)?;
    check_sign(raw, &place, &row.member)
}

fn check_sign(raw: i128, place: &dyn Fn() -> String, member: &str) -> Result<i128> {
    if raw < 0 {
        return Err(
            Error::new(C::NegativeValue, format!("{} is negative", place())).with_entry(member),
        );
    }
    Ok(raw)
}

/// The largest basis a pool can have: 10^12 units (the units limit) live
/// on every day of a period of at most 100 years, at scale 13.
const MOST_POOL_BASIS: i128 = 1_000_000_000_000 * 36_525 * 10_000_000_000_000;

impl Ledger {
    /// The bases of `request` over this ledger's contributions: each
    /// member's unit-days (or, for a snapshot, live units on the last day)
    /// in each pool of the distribution in force on the period's last day.
    /// The request is checked as [`Ledger::split`] checks it.
    ///
    /// For a ledger held in parts, build each part as a ledger with every
    /// policy and member and the entries of some members (each member's
    /// contributions, repayments, departures and voids together), take each
    /// part's bases, add them ([`Bases::sum`]), and split them with
    /// [`Ledger::split_from_bases`]: the result is the split of the whole
    /// ledger. The checks that need the whole ledger (entry ids unique
    /// across parts, the units limit over all parts) are the caller's
    /// (docs/format.md, "Splits in parts").
    pub fn bases(&self, request: &Request) -> Result<Bases> {
        let r = self.check_request(request)?;
        let per_pair = self.pair_basis(r.start, r.end, r.basis);
        let mut rows = Vec::new();
        let mut current: Option<(u32, Vec<i128>)> = None;
        let buckets = &r.distribution.buckets;
        let flush = |member: u32, sums: Vec<i128>, rows: &mut Vec<MemberPoolBasis>| {
            for (b, x) in buckets.iter().zip(sums) {
                if x != 0 {
                    rows.push(MemberPoolBasis {
                        member: self
                            .members
                            .get(member as usize)
                            .cloned()
                            .unwrap_or_default(),
                        pool: b.name.clone(),
                        basis: Fixed::new(x, BASIS_SCALE),
                    });
                }
            }
        };
        // Pairs are sorted by member, then kind: one run per member.
        for (&(m, k), &x) in self.pairs.iter().zip(&per_pair) {
            if x == 0 {
                continue;
            }
            if current.as_ref().is_some_and(|(cm, _)| *cm != m) {
                if let Some((cm, sums)) = current.take() {
                    flush(cm, sums, &mut rows);
                }
            }
            let (_, sums) = current.get_or_insert_with(|| (m, vec![0; buckets.len()]));
            for (sum, b) in sums.iter_mut().zip(buckets) {
                if b.pool
                    .as_ref()
                    .is_some_and(|kinds| kinds.contains(k as usize))
                {
                    *sum += x;
                }
            }
        }
        if let Some((cm, sums)) = current.take() {
            flush(cm, sums, &mut rows);
        }
        // Members come in id order; each member's pools by name.
        rows.sort_by(|a, b| {
            (a.member.as_bytes(), a.pool.as_bytes()).cmp(&(b.member.as_bytes(), b.pool.as_bytes()))
        });
        Ok(Bases { rows })
    }

    /// The split of `request` from bases summed over every part of a
    /// ledger ([`Ledger::bases`], [`Bases::sum`]), on a ledger that holds
    /// the policies and members (its contributions, if any, are not used):
    /// the same document [`Ledger::split`] gives for the whole ledger.
    ///
    /// Rows for one member and pool are added; a row naming a member that
    /// is not listed is `unknown_member`, a pool that is not one of the
    /// distribution in force on the period's last day `invalid_request`, a
    /// negative basis `negative_value`, and a pool's total beyond what
    /// 10^12 units can reach `overflow`.
    ///
    /// ```
    /// use coshare::{Bases, Date, Dec, Document, Ledger, Request};
    /// let text = include_str!("../../../../testdata/worked_example.json");
    /// let whole = Ledger::from_json(text)?;
    /// let request = Request::new(Date::parse("2021-01-01")?, Date::parse("2021-12-31")?, Dec::parse("10000.00")?);
    /// // Two parts: each member's entries in one of them.
    /// let mut parts = Vec::new();
    /// for members in [&["alice"][..], &["bob", "carol"][..]] {
    ///     let mut doc = Document::from_json(text)?;
    ///     doc.entries.retain(|e| match &e.body {
    ///         coshare::document::EntryBody::Contribution(c) => members.contains(&c.member.as_str()),
    ///         _ => true,
    ///     });
    ///     parts.push(Ledger::from_document(&doc)?.bases(&request)?);
    /// }
    /// let mut policies_and_members = Document::from_json(text)?;
    /// policies_and_members.entries.clear();
    /// let base = Ledger::from_document(&policies_and_members)?;
    /// let split = base.split_from_bases(&request, &Bases::sum(&parts)?)?;
    /// assert_eq!(split, whole.split(&request)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split_from_bases(&self, request: &Request, bases: &Bases) -> Result<crate::Split> {
        let r = self.check_request(request)?;
        let buckets = &r.distribution.buckets;
        let mut per_bucket: Vec<BTreeMap<usize, i128>> = vec![BTreeMap::new(); buckets.len()];
        for row in &bases.rows {
            let raw = scaled(row)?;
            let m = self.member_index(&row.member).ok_or_else(|| {
                Error::new(
                    C::UnknownMember,
                    format!("a basis names {:?}, not a listed member", row.member),
                )
                .with_entry(&row.member)
            })?;
            let b = buckets
                .iter()
                .position(|b| b.pool.is_some() && b.name == row.pool)
                .ok_or_else(|| {
                    Error::new(
                        C::InvalidRequest,
                        format!(
                            "a basis names the pool {:?}, not a pool of the distribution in force on {}",
                            row.pool, r.end
                        ),
                    )
                })?;
            if let Some(cell) = per_bucket.get_mut(b) {
                let sum = cell.entry(m).or_insert(0);
                *sum = sum.checked_add(raw).ok_or_else(too_large)?;
            }
        }
        for sums in &per_bucket {
            let mut total = 0i128;
            for x in sums.values() {
                total = total.checked_add(*x).ok_or_else(too_large)?;
            }
            if total > MOST_POOL_BASIS {
                return Err(too_large());
            }
        }
        Ok(self.split_pools(&r, |b, _| {
            let sums = per_bucket.get(b).cloned().unwrap_or_default();
            sums.into_iter().filter(|(_, x)| *x != 0).unzip()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_basis_reads_from_an_engines_decimal_text() {
        let read = |t: &str| MemberPoolBasis::parse("m", "p", t).map(|r| r.basis);
        assert_eq!(read("12.5"), Ok(Fixed::new(125_000_000_000_000, 13)));
        assert_eq!(read("7"), Ok(Fixed::new(70_000_000_000_000, 13)));
        assert_eq!(
            read("1.00000000000010000"),
            Ok(Fixed::new(10_000_000_000_001, 13))
        );
        let big = "9999999999999999999999999.9999999999999";
        assert_eq!(
            read(big).map(Fixed::value),
            Ok(99_999_999_999_999_999_999_999_999_999_999_999_999)
        );
        let code = |t: &str| read(t).unwrap_err().code();
        for bad in [
            "",
            ".5",
            "5.",
            "1e3",
            "+1",
            "1.00000000000001",
            "12345678901234567890123456",
            "1,5",
        ] {
            assert_eq!(code(bad), C::InvalidNumber, "{bad}");
        }
        assert_eq!(code("-1"), C::NegativeValue);
    }
}
