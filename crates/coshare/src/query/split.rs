//! The split (docs/format.md, "Request and split result"): a profit or loss divided across buckets, then
//! within each pool by largest remainder, with carry-in, minimum payout and
//! cash fraction applied per member.

use crate::check::hint;
use crate::check::policy::{money, MONEY_LIMIT};
use crate::document::{Basis, Request};
use crate::error::{Error, ErrorCode as C, Result};
use crate::ledger::Ledger;
use crate::ledger::ResolvedDistribution;
use crate::query::lr::largest_remainder;
use crate::values::amount::Fixed;
use crate::values::date::Date;
use crate::values::wide::{mul_div, Round};
use crate::write::writer::Writer;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A request that passed the checks of docs/format.md, "Errors", the request.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub start: Date,
    pub end: Date,
    pub basis: Basis,
    /// In minor units, signed.
    pub amount: i128,
    /// Member index -> minor units.
    pub carry_in: BTreeMap<usize, i128>,
    /// The distribution of the policy in force on `end`.
    pub distribution: Arc<ResolvedDistribution>,
}

pub(crate) use crate::values::date::check_period;

impl Ledger {
    /// A request's checks before its `no_policy`: the period, the amount
    /// (minor units) and each carry-in (member index -> minor units).
    #[allow(clippy::type_complexity)]
    pub(crate) fn check_request_own(&self, r: &Request) -> Result<(i128, BTreeMap<usize, i128>)> {
        check_period(r.start, r.end)?;
        let amount = money(r.amount, self.scale).map_err(|code| {
            let why = match code {
                C::InvalidAmount => format!(
                    "has more decimals than the currency's {}: round it first",
                    self.scale
                ),
                _ => "is beyond the money limit of 10^15 minor units".to_string(),
            };
            Error::new(code, format!("the amount {} {why}", r.amount)).with_path("amount")
        })?;
        let mut sorted: Vec<&(String, crate::values::number::Dec)> =
            r.carry_in.iter().flatten().collect();
        sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut carry_in = BTreeMap::new();
        for (member, x) in sorted {
            let fail = |code, m: String| {
                Error::new(code, format!("carry-in of {member:?}: {m}"))
                    .with_entry(member)
                    .with_location(["carry_in", member.as_str()])
            };
            let index = self.member_index(member).ok_or_else(|| {
                let near = hint::did_you_mean(member, self.members().iter().map(String::as_str));
                fail(C::UnknownMember, format!("not a listed member{near}"))
            })?;
            if !x.has_at_most_decimals(self.scale) {
                return Err(fail(C::InvalidAmount, format!("{x} has too many decimals")));
            }
            if x.is_negative() {
                return Err(fail(
                    C::NegativeValue,
                    "a carry-in must not be negative".into(),
                ));
            }
            let minor = money(*x, self.scale)
                .map_err(|code| fail(code, "beyond the money limit".into()))?;
            carry_in.insert(index, minor);
        }
        Ok((amount, carry_in))
    }

    /// A request's checks (docs/format.md, "Errors", the request), `no_policy` on its end last.
    pub(crate) fn check_request(&self, r: &Request) -> Result<Checked> {
        let (amount, carry_in) = self.check_request_own(r)?;
        let basis = r.basis;
        let distribution = self
            .policy_at(r.end)
            .map(|p| p.distribution.clone())
            .ok_or_else(|| {
                Error::new(
                    C::NoPolicy,
                    format!("no policy is in force on the period's end {}", r.end),
                )
                .with_path("period.end")
            })?;
        Ok(Checked {
            start: r.start,
            end: r.end,
            basis,
            amount,
            carry_in,
            distribution,
        })
    }

    /// The basis of each (member, kind) pair over the request (unit-days,
    /// or live units on `end`, scaled by 10^13), indexed like `pairs`.
    ///
    /// Contributions are taken a block at a time: their bases first, then
    /// added to their pairs' cells in a tight loop, so that the processor
    /// has many of those scattered additions under way at once (with 500k
    /// pairs the table outgrows the caches, and one addition at a time,
    /// each behind a contribution's own work, cost most of a split).
    pub(crate) fn pair_basis(&self, start: Date, end: Date, basis: Basis) -> Vec<i128> {
        const BLOCK: usize = 512;
        let mut table = vec![0i128; self.pairs.len()];
        let mut bases = [0i128; BLOCK];
        for block in self.contributions.chunks(BLOCK) {
            for (x, c) in bases.iter_mut().zip(block) {
                *x = match basis {
                    Basis::TimeWeighted => c.unit_days(&self.tables, start, end),
                    Basis::Snapshot => c.live_units(&self.tables, end),
                };
            }
            for (x, c) in bases.iter().zip(block) {
                if let Some(cell) = table.get_mut(c.pair()) {
                    *cell += x;
                }
            }
        }
        table
    }

    /// Splits a request's amount (docs/format.md, "Request and split result").
    ///
    /// ```
    /// use coshare::{Ledger, Request, Date, Dec};
    /// let ledger = Ledger::from_json(include_str!("../../../../testdata/worked_example.json"))?;
    /// let request = Request::new(Date::parse("2021-01-01")?, Date::parse("2021-12-31")?, Dec::parse("10000.00")?)
    ///     .with_basis(coshare::Basis::Snapshot);
    /// let split = ledger.split(&request)?;
    /// assert_eq!(split.member("alice").unwrap().paid.to_string(), "6666.67");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split(&self, request: &Request) -> Result<Split> {
        let r = self.check_request(request)?;
        let table = self.pair_basis(r.start, r.end, r.basis);
        Ok(self.split_checked(&r, &table))
    }

    /// Splits several requests at once, with the same results as
    /// [`Ledger::split`] on each (the first invalid request's error wins).
    ///
    /// Time-weighted requests share one pass over the ledger: stretches of
    /// constant live units are summed per member and kind from prefix sums,
    /// so a period costs in proportion to the contributions whose weight
    /// changes inside it (those fading), not to the whole ledger. Use it for
    /// a year of monthly splits or a what-if over many periods.
    pub fn split_many(&self, requests: &[Request]) -> Result<Vec<Split>> {
        Ok(self.split_iter(requests)?.collect())
    }

    /// [`Ledger::split_many`] one split at a time: every request is checked
    /// and the basis of every period computed at once (the first invalid
    /// request's error wins), then each split is built when the iterator
    /// reaches it, so that only one result is held at a time.
    ///
    /// ```
    /// use coshare::{Ledger, Request, Date, Dec};
    /// let ledger = Ledger::from_json(include_str!("../../../../testdata/worked_example.json"))?;
    /// let quarter = |m: u32| -> Result<Request, Box<dyn std::error::Error>> {
    ///     let start = Date::from_ymd(2021, m, 1).ok_or("date")?;
    ///     let end = Date::from_ymd(2021, m + 3, 1).ok_or("date")?.plus_days(-1);
    ///     Ok(Request::new(start, end, Dec::parse("1000.00")?))
    /// };
    /// let requests = [quarter(4)?, quarter(7)?];
    /// let mut paid = Vec::new();
    /// for split in ledger.split_iter(&requests)? {
    ///     paid.push(split.member("alice").map(|m| m.paid.to_string()));
    /// }
    /// assert_eq!(paid, [Some("666.67".to_string()), Some("666.67".to_string())]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split_iter(&self, requests: &[Request]) -> Result<Splits<'_>> {
        let checked = requests
            .iter()
            .map(|r| self.check_request(r))
            .collect::<Result<Vec<_>>>()?;
        let periods: Vec<(Date, Date)> = checked
            .iter()
            .filter(|r| r.basis == Basis::TimeWeighted)
            .map(|r| (r.start, r.end))
            .collect();
        let tables = crate::ledger::batch::unit_days_many(self, &periods).into_iter();
        Ok(Splits {
            ledger: self,
            checked: checked.into_iter(),
            tables,
        })
    }

    /// The split of a checked request, given the basis of each (member, kind) pair.
    fn split_checked(&self, r: &Checked, per_pair: &[i128]) -> Split {
        self.split_pools(r, |_, kinds| {
            // The members with a basis in the pool, in member order (a
            // member without one gets nothing from largest remainder).
            let mut who: Vec<usize> = Vec::new();
            let mut basis: Vec<i128> = Vec::new();
            for (&(m, k), &x) in self.pairs.iter().zip(per_pair) {
                if x == 0 || !kinds.contains(k as usize) {
                    continue;
                }
                let m = m as usize;
                match (who.last(), basis.last_mut()) {
                    (Some(&last), Some(sum)) if last == m => *sum += x,
                    _ => {
                        who.push(m);
                        basis.push(x);
                    }
                }
            }
            (who, basis)
        })
    }

    /// The split of a checked request, given for each pool (by bucket
    /// index) the members with a non-zero basis in it, in member order, and
    /// their bases (docs/format.md, "Request and split result").
    pub(crate) fn split_pools(
        &self,
        r: &Checked,
        mut pool: impl FnMut(usize, &crate::ledger::KindSet) -> (Vec<usize>, Vec<i128>),
    ) -> Split {
        let dist = &r.distribution;
        let n = r.amount.abs();
        let sign = if r.amount < 0 { -1 } else { 1 };
        let shares: Vec<i128> = dist.buckets.iter().map(|b| b.share.raw()).collect();
        let bucket_parts = largest_remainder(n, &shares);
        let days = i128::from(r.start.days_until(r.end) + 1);
        let members = self.members.len();
        let mut buckets = Vec::with_capacity(dist.buckets.len());
        let pool_count = dist.buckets.iter().filter(|b| b.pool.is_some()).count();
        // Per member: (pool index, basis, part) for each pool with non-zero basis.
        let mut parts: Vec<Vec<PoolPart>> = vec![Vec::new(); members];
        for (i, (b, part)) in dist.buckets.iter().zip(bucket_parts).enumerate() {
            let Some(kinds) = &b.pool else {
                buckets.push(BucketResult {
                    name: b.name.clone(),
                    pool: None,
                    amount: self.money(sign * part),
                });
                continue;
            };
            let (who, basis) = pool(i, kinds);
            let total: i128 = basis.iter().sum();
            let member_parts = largest_remainder(part, &basis);
            for ((&m, &x), p) in who.iter().zip(&basis).zip(member_parts) {
                let Some(parts) = parts.get_mut(m) else {
                    continue;
                };
                if parts.capacity() == 0 {
                    parts.reserve_exact(pool_count);
                }
                let share = mul_div(x, 1_000_000_000, total, Round::HalfEven).unwrap_or(0);
                let average = (r.basis == Basis::TimeWeighted)
                    .then(|| mul_div(x, 1, days * 1_000_000_000, Round::HalfEven).unwrap_or(0));
                parts.push(PoolPart {
                    pool: b.name.clone(),
                    basis: Fixed::new(x, 13),
                    average_units: average.map(|a| Fixed::new(a, 4)),
                    share: Fixed::new(share, 9),
                    amount: self.money(sign * p),
                });
            }
            let unallocated = if total == 0 { part } else { 0 };
            let pool = PoolTotals {
                basis_total: Fixed::new(total, 13),
                unallocated: self.money(sign * unallocated),
            };
            buckets.push(BucketResult {
                name: b.name.clone(),
                pool: Some(pool),
                amount: self.money(sign * part),
            });
        }
        let mut out = Vec::with_capacity(parts.iter().filter(|p| !p.is_empty()).count());
        for (m, pools) in parts.into_iter().enumerate() {
            let carry_in = r.carry_in.get(&m).copied().unwrap_or(0);
            if pools.is_empty() && carry_in == 0 {
                continue;
            }
            let allocated: i128 = pools.iter().map(|p| p.amount.value()).sum();
            let (paid, carry_out) = if allocated >= 0 {
                let due = allocated + carry_in;
                if due > 0 && due < dist.minimum_payout {
                    (0, due)
                } else {
                    (due, 0)
                }
            } else {
                (allocated, carry_in)
            };
            let cash = if paid > 0 {
                mul_div(
                    paid,
                    dist.cash_fraction.raw(),
                    crate::values::number::Dec::ONE.raw(),
                    Round::Ceil,
                )
                .unwrap_or(paid)
            } else {
                0
            };
            out.push(MemberSplit {
                member: self.members.get(m).cloned().unwrap_or_default(),
                pools,
                allocated: self.money(allocated),
                carry_in: self.money(carry_in),
                paid: self.money(paid),
                cash: self.money(cash),
                retained: self.money(paid - cash),
                carry_out: self.money(carry_out),
            });
        }
        Split {
            start: r.start,
            end: r.end,
            basis: r.basis,
            amount: self.money(r.amount),
            buckets,
            members: out,
        }
    }

    pub(crate) fn money(&self, minor: i128) -> Fixed {
        debug_assert!(minor.abs() <= 4 * MONEY_LIMIT);
        Fixed::new(minor, self.scale)
    }
}

/// The splits of [`Ledger::split_iter`], built one at a time.
#[derive(Debug)]
pub struct Splits<'a> {
    ledger: &'a Ledger,
    checked: std::vec::IntoIter<Checked>,
    /// The unit-days of the time-weighted requests, in order.
    tables: std::vec::IntoIter<Vec<i128>>,
}

impl Iterator for Splits<'_> {
    type Item = Split;

    fn next(&mut self) -> Option<Split> {
        let r = self.checked.next()?;
        let table = match r.basis {
            Basis::TimeWeighted => self.tables.next().unwrap_or_default(),
            Basis::Snapshot => self.ledger.pair_basis(r.start, r.end, r.basis),
        };
        Some(self.ledger.split_checked(&r, &table))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.checked.size_hint()
    }
}

impl ExactSizeIterator for Splits<'_> {}

/// The result of a split (docs/format.md, "Request and split result").
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Split {
    /// The period's first day.
    pub start: Date,
    /// The period's last day.
    pub end: Date,
    /// The basis used.
    pub basis: Basis,
    /// The amount split.
    pub amount: Fixed,
    /// Every bucket, in policy order.
    pub buckets: Vec<BucketResult>,
    /// Members with a non-zero basis in some pool or a non-zero carry-in, by id.
    pub members: Vec<MemberSplit>,
}

/// A bucket's part of the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BucketResult {
    /// The bucket's name.
    pub name: String,
    /// Pool figures; `None` for a reserve.
    pub pool: Option<PoolTotals>,
    /// The bucket's part of the amount.
    pub amount: Fixed,
}

/// A pool's total basis and what it could not allocate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolTotals {
    /// The sum of the members' basis, exact.
    pub basis_total: Fixed,
    /// The part left unallocated because the total basis is zero.
    pub unallocated: Fixed,
}

/// A member's part of one pool.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolPart {
    /// The pool's name.
    pub pool: String,
    /// The member's basis in the pool, exact (unit-days or units).
    pub basis: Fixed,
    /// `round_4(basis / days)`, for a time-weighted split.
    pub average_units: Option<Fixed>,
    /// `round_9(basis / basis_total)`.
    pub share: Fixed,
    /// The member's part of the pool.
    pub amount: Fixed,
}

/// What a split gives one member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemberSplit {
    /// The member's id.
    pub member: String,
    /// Parts of each pool where the member's basis is non-zero, in bucket order.
    pub pools: Vec<PoolPart>,
    /// The sum of the pool parts.
    pub allocated: Fixed,
    /// Money owed from earlier splits.
    pub carry_in: Fixed,
    /// What is paid now (negative for a loss).
    pub paid: Fixed,
    /// The part of `paid` paid in cash.
    pub cash: Fixed,
    /// The part of `paid` retained (e.g. credited to a capital account).
    pub retained: Fixed,
    /// Money owed to the member, carried to a later split.
    pub carry_out: Fixed,
}

impl MemberSplit {
    /// The names of the six money figures, in the docs/format.md, "Request and split result" order.
    pub const FIGURES: [&'static str; 6] = [
        "allocated",
        "carry_in",
        "paid",
        "cash",
        "retained",
        "carry_out",
    ];

    /// The six money figures with their names, in the docs/format.md, "Request and split result" order.
    pub fn figures(&self) -> [(&'static str, Fixed); 6] {
        let values = [
            self.allocated,
            self.carry_in,
            self.paid,
            self.cash,
            self.retained,
            self.carry_out,
        ];
        let mut names = Self::FIGURES.into_iter();
        values.map(|value| (names.next().unwrap_or_default(), value))
    }
}

impl Split {
    /// The result for a member, if listed.
    pub fn member(&self, id: &str) -> Option<&MemberSplit> {
        self.members.iter().find(|m| m.member == id)
    }

    /// The result document (docs/format.md, "Request and split result"): compact JSON, keys in the format's order.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.key("period");
        w.begin_object();
        w.field_str("start", &self.start.to_string());
        w.field_str("end", &self.end.to_string());
        w.end_object();
        w.field_str("basis", self.basis.as_str());
        w.field_str("amount", &self.amount.to_string());
        w.key("buckets");
        w.begin_array();
        for b in &self.buckets {
            w.begin_object();
            w.field_str("name", &b.name);
            w.field_str("type", if b.pool.is_some() { "pool" } else { "reserve" });
            w.field_str("amount", &b.amount.to_string());
            if let Some(p) = &b.pool {
                w.field_str("basis_total", &p.basis_total.to_plain_string());
                w.field_str("unallocated", &p.unallocated.to_string());
            }
            w.end_object();
        }
        w.end_array();
        w.key("members");
        w.begin_array();
        for m in &self.members {
            w.begin_object();
            w.field_str("member", &m.member);
            w.key("pools");
            w.begin_object();
            for p in &m.pools {
                w.key(&p.pool);
                w.begin_object();
                w.field_str("basis", &p.basis.to_plain_string());
                if let Some(a) = p.average_units {
                    w.field_str("average_units", &a.to_string());
                }
                w.field_str("share", &p.share.to_string());
                w.field_str("amount", &p.amount.to_string());
                w.end_object();
            }
            w.end_object();
            for (k, v) in m.figures() {
                w.field_str(k, &v.to_string());
            }
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}

/// Splits as `coshare split --format json` does: a ledger and a request as
/// JSON text in, the result document (docs/format.md, "Request and split result") out.
pub fn split_json(ledger: &str, request: &str) -> Result<String> {
    let ledger = Ledger::from_json(ledger)?;
    let request = Request::from_json(request)?;
    Ok(ledger.split(&request)?.to_json())
}
