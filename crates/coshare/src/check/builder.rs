//! Checking a ledger one entry at a time (docs/format.md, "Errors", checking.
//!
//! A [`LedgerBuilder`] takes the currency, policies and members, then the
//! entries in document order. Whatever an entry's check needs only that
//! entry for is done when it arrives: a contribution is valued and compiled
//! at once and kept in the ledger's own compact form (ids end to end), so no
//! whole document need ever be held. What depends on other entries (voids,
//! a member's standing departure, repayments of a loan) is settled by
//! [`LedgerBuilder::finish`]. The errors and their order are docs/format.md "Errors",
//! exactly as if the whole document had been checked at once.

use crate::books::{Books, CapitalView, Moved};
use crate::check::hint;
use crate::check::ids::{IdIndex, Ids};
use crate::check::limits::{too_long, MAX_ENTRIES, MAX_ID_BYTES, MAX_MEMBERS};
use crate::check::policy::{check_policy, money, resolve_distribution, MONEY_LIMIT, UNITS_LIMIT};
use crate::check::rules::{retention, Rules};
use crate::document::{Contribution, Currency, Document, Entry, EntryBody, Member, Policy};
use crate::error::{Error, ErrorCode as C, PathStep, Result};
use crate::ledger::basis::{Later, Parts, Tables, UnitChanges, Valued};
use crate::ledger::curve::Compiled;
use crate::ledger::{Ledger, ResolvedDistribution, ResolvedPolicy};
use crate::values::date::Date;
use crate::values::number::Dec;
use crate::values::same_text;
use crate::values::wide::{mul3_div, mul_div, Round};
use crate::values::{Map, Name, NameMap};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, PoisonError};

/// What became of an entry, packed in 32 bits: a tag and an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Its id is empty, too long or repeated: it takes no further part.
    BadId,
    /// A contribution valued and compiled: its index in `valued`.
    Valued(u32),
    /// A contribution that failed its own checks: its index in `failed`.
    Failed(u32),
    /// A repayment, departure or void: its index in the list of its type.
    Repayment(u32),
    Departure(u32),
    Void(u32),
    /// An allocation, redemption, adjustment or payment: its index in `book`.
    Book(u32),
}

const TAG_SHIFT: u32 = 29;
const INDEX_MASK: u32 = (1 << TAG_SHIFT) - 1;

impl Slot {
    fn pack(self) -> u32 {
        let (tag, i) = match self {
            Slot::BadId => (0, 0),
            Slot::Valued(i) => (1, i),
            Slot::Failed(i) => (2, i),
            Slot::Repayment(i) => (3, i),
            Slot::Departure(i) => (4, i),
            Slot::Void(i) => (5, i),
            Slot::Book(i) => (6, i),
        };
        (tag << TAG_SHIFT) | (i & INDEX_MASK)
    }

    fn unpack(x: u32) -> Slot {
        let i = x & INDEX_MASK;
        match x >> TAG_SHIFT {
            1 => Slot::Valued(i),
            2 => Slot::Failed(i),
            3 => Slot::Repayment(i),
            4 => Slot::Departure(i),
            5 => Slot::Void(i),
            6 => Slot::Book(i),
            _ => Slot::BadId,
        }
    }
}

/// A compiled contribution's entry, whether its kind is repayable (top
/// bit) and whether it is paid-in capital (the next bit), per the policy
/// that valued it.
#[derive(Debug, Clone, Copy)]
struct Origin(u32);

impl Origin {
    const REPAYABLE: u32 = 1 << 31;
    const CAPITAL: u32 = 1 << 30;

    fn entry(self) -> usize {
        (self.0 & !(Self::REPAYABLE | Self::CAPITAL)) as usize
    }

    fn repayable(self) -> bool {
        self.0 & Self::REPAYABLE != 0
    }

    fn capital(self) -> bool {
        self.0 & Self::CAPITAL != 0
    }
}

/// What a repayment needs of a contribution that failed its own checks.
#[derive(Debug, Clone)]
struct Failed {
    entry: u32,
    /// Its member's place, when listed.
    member: Option<u32>,
    date: Date,
    /// Its kind (an index into `kinds`) and whether it is repayable, when
    /// its kind was found.
    kind: Option<(u32, bool)>,
}

/// A departure that passed its own checks.
#[derive(Debug, Clone)]
struct Departure {
    entry: u32,
    /// The member's place in the sorted member list.
    member: u32,
    date: Date,
    reason: String,
}

#[derive(Debug, Clone)]
struct Repayment {
    entry: u32,
    date: Date,
    amount: Dec,
}

#[derive(Debug, Clone)]
struct Void {
    entry: u32,
    target: String,
}

/// Builds a [`Ledger`] from its parts and its entries, one at a time, in
/// document order; the same ledger, or the same errors, as
/// [`Ledger::new`] on the whole document.
///
/// ```
/// use coshare::document::{Contribution, Currency, Entry, EntryBody, Kind, Member, Policy};
/// use coshare::{Date, Dec, LedgerBuilder};
/// let cash = Kind { multiplier: Dec::parse("4")?, curve: Default::default(), repayable: false, capital: false };
/// let policy = Policy {
///     effective: Date::parse("2024-01-01")?, unit_price: None, kinds: vec![("cash".into(), cash)],
///     departures: None, distribution: None, capital: None, note: None,
/// };
/// let bob = Member { id: "bob".into(), name: None, note: None };
/// let mut builder = LedgerBuilder::new(Currency { code: "USD".into(), scale: 2 }, vec![policy], vec![bob]);
/// builder.push(&Entry {
///     id: "c1".into(),
///     body: EntryBody::Contribution(Contribution {
///         member: "bob".into(), date: Date::parse("2024-02-01")?, kind: "cash".into(),
///         value: Some(Dec::parse("5000.00")?), hours: None, rate: None, paid: None,
///     }),
///     note: None,
/// });
/// let ledger = builder.finish()?;
/// assert_eq!(ledger.members(), ["bob"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct LedgerBuilder {
    currency: Currency,
    /// `None` when the currency's scale is invalid: that is then the only error.
    scale: Option<u32>,
    rules: Rules,
    /// Every kind defined in some policy, sorted by name.
    kinds: Vec<String>,
    /// Policy and member errors, in docs/format.md "Errors" order.
    header_errors: Vec<Error>,
    /// Too many members: entries are not checked.
    stopped: bool,
    /// Listed member ids, sorted by their UTF-8 bytes.
    members: Vec<String>,
    /// Each member's display name, by place in `members`.
    names: Vec<Option<String>>,
    /// Each valid member id's place in `members`.
    member_places: NameMap<u32>,
    /// Entries pushed, counted beyond the limit too.
    count: usize,
    /// Entry id errors, in entry order.
    id_errors: Vec<Error>,
    /// Other entry errors, with the entry's index (at most one per entry).
    entry_errors: Vec<(u32, Error)>,
    /// Every entry's id, end to end.
    ids: Ids,
    /// Entries with a valid id, by id (an index into `ids`).
    by_id: IdIndex,
    slots: Vec<u32>,
    valued: Vec<Valued>,
    origins: Vec<Origin>,
    failed: Vec<Failed>,
    departures: Vec<Departure>,
    repayments: Vec<Repayment>,
    /// Each repayment's loan id, in one text (one allocation, not one each).
    loans: Ids,
    voids: Vec<Void>,
    /// The allocations, redemptions, adjustments and payments, with their entry index.
    book: Vec<(u32, EntryBody)>,
    /// The (member, kind) of the compiled contributions.
    pairs: Pairs,
    tables: Tables,
    /// Each view's [`Rules::unit_ratios`].
    ratios: Vec<Vec<Option<(i128, i128)>>>,
    /// Whether contributions are compiled for queries (not when only validating).
    compile: bool,
    /// Whether the contribution being valued is of a capital kind.
    capital_found: bool,
    /// Curves compiled lately (see [`RecentCurves`]).
    recent: RecentCurves,
}

impl LedgerBuilder {
    /// Starts a ledger: its policies and members are checked now, their
    /// errors reported by [`LedgerBuilder::finish`].
    pub fn new(currency: Currency, policies: Vec<Policy>, members: Vec<Member>) -> LedgerBuilder {
        let scale = u32::try_from(currency.scale).ok().filter(|&s| s <= 4);
        let defined: BTreeSet<&str> = policies
            .iter()
            .flat_map(|p| p.kinds.iter().map(|(k, _)| k.as_str()))
            .collect();
        let kinds: Vec<String> = defined.iter().map(|k| (*k).to_string()).collect();
        let mut header_errors = Vec::new();
        let mut stopped = false;
        let mut sorted: Vec<String> = Vec::new();
        let mut names: Vec<Option<String>> = Vec::new();
        let mut member_places = NameMap::default();
        if let Some(scale) = scale {
            policy_errors(&policies, &defined, scale, &mut header_errors);
            if members.len() > MAX_MEMBERS {
                // Checking goes no further: what follows would refer to
                // members beyond the limit.
                header_errors.push(
                    Error::new(
                        C::InvalidMember,
                        format!(
                            "a ledger lists at most {MAX_MEMBERS} members, not {}",
                            members.len()
                        ),
                    )
                    .with_path(format!("members[{MAX_MEMBERS}]")),
                );
                stopped = true;
            } else {
                sorted = members.iter().map(|m| m.id.clone()).collect();
                sorted.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
                // Each member's display name, by place in `sorted` (the
                // first listed wins for a repeated id, refused anyway).
                let mut named: Vec<(&str, Option<&String>)> = members
                    .iter()
                    .map(|m| (m.id.as_str(), m.name.as_ref()))
                    .collect();
                named.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                named.dedup_by(|later, first| later.0 == first.0);
                names = named.into_iter().map(|(_, n)| n.cloned()).collect();
                member_places = member_errors(members, &sorted, &mut header_errors);
            }
        }
        // Nothing is compiled from a refused policy: its curves may be out
        // of every bound the tables assume (the ledger is refused anyway).
        let compile = header_errors.is_empty();
        let rules = Rules::new(policies);
        let pairs = Pairs::new(sorted.len(), kinds.len());
        LedgerBuilder {
            currency,
            ratios: scale.map_or_else(Vec::new, |s| rules.unit_ratios(s)),
            scale,
            rules,
            kinds,
            header_errors,
            stopped,
            members: sorted,
            names,
            member_places,
            count: 0,
            id_errors: Vec::new(),
            entry_errors: Vec::new(),
            ids: Ids::default(),
            by_id: IdIndex::default(),
            slots: Vec::new(),
            valued: Vec::new(),
            origins: Vec::new(),
            failed: Vec::new(),
            departures: Vec::new(),
            repayments: Vec::new(),
            loans: Ids::default(),
            voids: Vec::new(),
            book: Vec::new(),
            pairs,
            tables: Tables::default(),
            compile,
            capital_found: false,
            recent: RecentCurves::default(),
        }
    }

    /// A builder that only validates: [`LedgerBuilder::errors`] gives the
    /// same errors, faster, since contributions' curves are not compiled
    /// (its [`LedgerBuilder::finish`] would give a ledger without them, so
    /// it is not offered: use [`LedgerBuilder::new`] to query).
    pub fn validating(
        currency: Currency,
        policies: Vec<Policy>,
        members: Vec<Member>,
    ) -> LedgerBuilder {
        LedgerBuilder {
            compile: false,
            ..LedgerBuilder::new(currency, policies, members)
        }
    }

    /// A builder with every entry of `document` pushed (`validating`: see
    /// [`LedgerBuilder::validating`]), the document only borrowed.
    pub(crate) fn of_document(document: &Document, validating: bool) -> LedgerBuilder {
        let (currency, policies, members) = (
            document.currency.clone(),
            document.policies.clone(),
            document.members.clone(),
        );
        let mut builder = if validating {
            LedgerBuilder::validating(currency, policies, members)
        } else {
            LedgerBuilder::new(currency, policies, members)
        };
        builder.reserve(document.entries.len());
        for entry in &document.entries {
            builder.push(entry);
        }
        builder
    }

    /// Makes room for `additional` more entries.
    pub fn reserve(&mut self, additional: usize) {
        let additional = additional.min(MAX_ENTRIES.saturating_sub(self.count));
        self.slots.reserve(additional);
        // Most entries of a large ledger are contributions.
        self.valued.reserve(additional);
        self.origins.reserve(additional);
        self.ids.reserve(additional);
    }

    /// The number of entries pushed so far.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no entry was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Checks the next entry, in document order, as far as it can be
    /// checked alone.
    pub fn push(&mut self, entry: &Entry) {
        let i = self.count;
        self.count = self.count.saturating_add(1);
        let Some(scale) = self.scale else { return };
        if self.stopped || i >= MAX_ENTRIES {
            return;
        }
        let Ok(index) = u32::try_from(i) else { return };
        let slot = if self.id_is_new(index, &entry.id) {
            match &entry.body {
                EntryBody::Contribution(c) => self.contribution(index, c, scale),
                EntryBody::Repayment { loan, date, amount } => {
                    self.loans.push(loan);
                    self.repayments.push(Repayment {
                        entry: index,
                        date: *date,
                        amount: *amount,
                    });
                    Slot::Repayment(count(&self.repayments))
                }
                EntryBody::Departure {
                    member,
                    date,
                    reason,
                } => self.departure(index, member, *date, reason),
                EntryBody::Void { target } => {
                    self.voids.push(Void {
                        entry: index,
                        target: target.clone(),
                    });
                    Slot::Void(count(&self.voids))
                }
                book => {
                    self.book.push((index, book.clone()));
                    Slot::Book(count(&self.book))
                }
            }
        } else {
            Slot::BadId
        };
        self.slots.push(slot.pack());
    }

    /// Records the entry's id; whether it is valid and not seen before.
    fn id_is_new(&mut self, index: u32, id: &str) -> bool {
        self.ids.push(id);
        let path = || format!("entries[{index}].id");
        if id.is_empty() || too_long(id) {
            self.id_errors.push(
                Error::new(
                    C::InvalidEntry,
                    format!(
                        "{}: an entry id must be 1 to {MAX_ID_BYTES} bytes long, not {}",
                        path(),
                        id.len()
                    ),
                )
                .with_path(path()),
            );
            return false;
        }
        if self.by_id.insert(&self.ids, index) {
            return true;
        }
        self.id_errors.push(
            Error::new(C::DuplicateId, format!("the entry id {id:?} is used twice"))
                .with_path(path())
                .with_entry(id),
        );
        false
    }

    /// The index of the entry with this (valid) id.
    fn find(&self, id: &str) -> Option<usize> {
        self.by_id.find(&self.ids, id)
    }

    fn slot(&self, i: usize) -> Slot {
        self.slots.get(i).copied().map_or(Slot::BadId, Slot::unpack)
    }

    /// Whether an error message may still carry a hint: the first hundred
    /// do, so that a ledger with a million errors is not slow to check.
    fn hinting(&self) -> bool {
        self.entry_errors.len() < 100
    }

    /// `"x" is not a listed member`, with the nearest listed one.
    fn not_listed(&self, member: &str) -> String {
        let near = if self.hinting() {
            hint::did_you_mean(member, self.member_places.keys().map(String::as_str))
        } else {
            String::new()
        };
        format!("{member:?} is not a listed member{near}")
    }

    /// Records entry `i`'s error.
    fn fail(errors: &mut Vec<(u32, Error)>, ids: &Ids, i: u32, code: C, message: &str) {
        let id = ids.get(i as usize);
        let error = Error::new(code, format!("entry {id:?}: {message}")).with_entry(id);
        errors.push((i, error));
    }

    fn departure(&mut self, index: u32, member: &str, date: Date, reason: &str) -> Slot {
        let place = self.member_places.get(&Name(member)).copied();
        let problem = match (place, self.rules.in_force(date)) {
            (None, _) => Some((C::UnknownMember, self.not_listed(member))),
            (Some(_), None) => Some((C::NoPolicy, format!("no policy is in force on {date}"))),
            (Some(_), Some(v)) if self.rules.reason(v, reason).is_none() => Some((
                C::UnknownReason,
                format!(
                    "the departure reason {reason:?} is not defined in the policy in force on {date}"
                ),
            )),
            (Some(_), Some(_)) => None,
        };
        match (problem, place) {
            (None, Some(member)) => {
                self.departures.push(Departure {
                    entry: index,
                    member,
                    date,
                    reason: reason.to_string(),
                });
                Slot::Departure(count(&self.departures))
            }
            (problem, _) => {
                let (code, m) = problem.unwrap_or((C::UnknownMember, String::new()));
                Self::fail(&mut self.entry_errors, &self.ids, index, code, &m);
                Slot::Departure(INDEX_MASK)
            }
        }
    }

    /// Checks a contribution (all but its member's departure, settled at
    /// the end) and compiles it.
    fn contribution(&mut self, index: u32, c: &Contribution, scale: u32) -> Slot {
        let mut kind = None;
        self.capital_found = false;
        match self.value_contribution(c, scale, &mut kind) {
            Ok(valued) => {
                let mut origin = index;
                if kind.is_some_and(|(_, repayable)| repayable) {
                    origin |= Origin::REPAYABLE;
                }
                if self.capital_found {
                    origin |= Origin::CAPITAL;
                }
                self.valued.push(valued);
                self.origins.push(Origin(origin));
                Slot::Valued(count(&self.valued))
            }
            Err((code, m)) => {
                Self::fail(&mut self.entry_errors, &self.ids, index, code, &m);
                let member = self.member_places.get(&Name(&c.member)).copied();
                self.failed.push(Failed {
                    entry: index,
                    member,
                    date: c.date,
                    kind,
                });
                Slot::Failed(count(&self.failed))
            }
        }
    }

    fn value_contribution(
        &mut self,
        c: &Contribution,
        scale: u32,
        found: &mut Option<(u32, bool)>,
    ) -> std::result::Result<Valued, (C, String)> {
        let Some(&member) = self.member_places.get(&Name(&c.member)) else {
            return Err((C::UnknownMember, self.not_listed(&c.member)));
        };
        let vi = self
            .rules
            .in_force(c.date)
            .ok_or_else(|| (C::NoPolicy, format!("no policy is in force on {}", c.date)))?;
        let (j, kind) = self.rules.kind(vi, &c.kind).ok_or_else(|| {
            let hints = if self.hinting() {
                let near = hint::did_you_mean(&c.kind, self.rules.kind_names(vi));
                format!("{near}{}", hint::defined("kind", self.rules.kind_names(vi)))
            } else {
                String::new()
            };
            (
                C::UnknownKind,
                format!(
                    "the kind {:?} is not defined in the policy in force on {}{hints}",
                    c.kind, c.date
                ),
            )
        })?;
        let kind_index = self.kind_index(&c.kind);
        self.capital_found = kind.capital;
        *found = Some((
            u32::try_from(kind_index).unwrap_or(u32::MAX),
            kind.repayable,
        ));
        let direct = c.value.is_some();
        let timed = c.hours.is_some() && c.rate.is_some();
        if direct == (c.hours.is_some() || c.rate.is_some()) || (!direct && !timed) {
            return Err((
                C::InvalidContribution,
                "give exactly one of \"value\" or \"hours\" with \"rate\"".into(),
            ));
        }
        let decimals = [
            (c.value, scale, "value"),
            (c.hours, 4, "hours"),
            (c.rate, scale + 2, "rate"),
            (c.paid, scale, "paid"),
        ];
        // Each number in its smallest unit (checked to have no more
        // decimals than that), then their signs.
        let mut scaled = [None; 4];
        for ((x, k, name), to) in decimals.into_iter().zip(&mut scaled) {
            if let Some(x) = x {
                let Some(minor) = x.scaled_exact(k) else {
                    return Err((
                        C::InvalidAmount,
                        format!("{name} {x} has more than {k} decimals"),
                    ));
                };
                *to = Some(minor);
            }
        }
        for (x, _, name) in decimals {
            if x.is_some_and(Dec::is_negative) {
                return Err((C::NegativeValue, format!("{name} must not be negative")));
            }
        }
        let [value, hours, rate, paid] = scaled;
        let value = match (value, hours, rate) {
            (Some(v), _, _) => Some(v),
            // hours (10^-4) × rate (10^-(s+2)) has s + 6 decimals.
            (_, Some(h), Some(r)) => mul_div(h, r, 1_000_000, Round::HalfEven),
            _ => None,
        };
        let paid = paid.unwrap_or(0);
        let value = value.filter(|v| *v <= MONEY_LIMIT).ok_or_else(|| {
            (
                C::Overflow,
                "the value is beyond the money limit of 10^15 minor units".into(),
            )
        })?;
        if paid > MONEY_LIMIT {
            return Err((
                C::Overflow,
                "paid is beyond the money limit of 10^15 minor units".into(),
            ));
        }
        if paid > value {
            return Err((
                C::PaidExceedsValue,
                format!(
                    "paid is more than the value ({})",
                    crate::values::number::fmt_fixed(value, scale)
                ),
            ));
        }
        let at_risk = value - paid;
        let price = self.rules.unit_price(vi);
        let ratio = self
            .ratios
            .get(vi)
            .and_then(|r| r.get(j))
            .copied()
            .flatten();
        // Units beyond i128 saturate (and fail the units limit); with an
        // invalid unit price (<= 0, its policy's error) there are none.
        let units = if let Some((num, den)) = ratio {
            // The same fraction in lowest terms: the same rounding, and
            // most often no division at all.
            mul_div(at_risk, num, den, Round::HalfEven).unwrap_or(i128::MAX)
        } else if price.is_positive() {
            mul3_div(
                at_risk,
                kind.multiplier.raw(),
                10_000,
                price.raw().saturating_mul(10i128.pow(scale)),
                Round::HalfEven,
            )
            .unwrap_or(i128::MAX)
        } else {
            0
        };
        let kind_index = u32::try_from(kind_index).unwrap_or(u32::MAX);
        let parts = Parts {
            pair: self.pairs.number(member, kind_index),
            date: c.date,
            value,
            at_risk,
            units,
            curve: &kind.curve,
        };
        if !self.compile {
            return Ok(Valued::new(&parts, None));
        }
        let (tables, curve) = (&mut self.tables.curves, &kind.curve);
        let compiled = self
            .recent
            .compiled(vi, j, c.date, || Compiled::new(curve, c.date, tables));
        Ok(Valued::with_curve(&parts, compiled))
    }

    fn kind_index(&self, name: &str) -> usize {
        // A ledger has a few kinds: a look at each, compared inline.
        if self.kinds.len() <= 8 {
            return self
                .kinds
                .iter()
                .position(|k| same_text(k, name))
                .unwrap_or(0);
        }
        self.kinds
            .binary_search_by(|k| k.as_bytes().cmp(name.as_bytes()))
            .unwrap_or(0)
    }

    /// Every error, in docs/format.md "Errors" order (at most one per entry); empty when the
    /// ledger is valid.
    pub fn errors(self) -> Vec<Error> {
        match self.settle() {
            Ok(_) => Vec::new(),
            Err(errors) => errors,
        }
    }

    /// The checked ledger, or every error in docs/format.md "Errors" order (what
    /// `validate` lists).
    #[allow(clippy::result_large_err)]
    pub fn build(self) -> std::result::Result<Ledger, Vec<Error>> {
        self.settle().map(Settled::into_ledger)
    }

    /// The checked ledger, or the first error (docs/format.md, "Errors").
    pub fn finish(self) -> Result<Ledger> {
        match self.settle() {
            Ok(settled) => Ok(settled.into_ledger()),
            Err(mut errors) => Err(errors.swap_remove(0)),
        }
    }

    /// Settles what depends on several entries: voids, departures,
    /// repayments, the units limit.
    #[allow(clippy::result_large_err)]
    fn settle(mut self) -> std::result::Result<Settled, Vec<Error>> {
        let Some(scale) = self.scale else {
            let e = Error::new(
                C::InvalidCurrency,
                format!(
                    "the currency scale {} is not one of 0, 1, 2, 3 or 4",
                    self.currency.scale
                ),
            )
            .with_path("currency.scale");
            return Err(vec![e]);
        };
        let mut errors = std::mem::take(&mut self.header_errors);
        if self.stopped {
            return Err(errors);
        }
        if self.count > MAX_ENTRIES {
            errors.push(
                Error::new(
                    C::InvalidEntry,
                    format!(
                        "a ledger holds at most {MAX_ENTRIES} entries, not {}",
                        self.count
                    ),
                )
                .with_path(format!("entries[{MAX_ENTRIES}]")),
            );
            return Err(errors);
        }
        errors.append(&mut self.id_errors);
        if !errors.is_empty() {
            // docs/format.md, "Errors": after a policy, member-id or entry-id error nothing
            // else is checked.
            return Err(errors);
        }
        let voided = self.apply_voids();
        let is_voided = |i: usize| voided.binary_search(&i).is_ok();
        // A contribution's or departure's own error stands only if it is not voided.
        self.entry_errors.retain(|(i, _)| !is_voided(*i as usize));
        let standing = self.standing_departures(&is_voided);
        // Which pairs' member departs: a small table looked at for every
        // contribution, the rest only for theirs.
        let leaving: Vec<bool> = standing.iter().map(Option::is_some).collect();
        let departs = self.pairs.of_members(&leaving);
        // The repayments are checked beside the contributions and books
        // (they need nothing from each other); their errors join in the
        // order they would have come in one after the other.
        let mut entry_errors = std::mem::take(&mut self.entry_errors);
        let this = &self;
        let ((repaid, repayment_errors), (departed, issued, books, later_errors, early)) = both(
            || {
                let mut errors = Vec::new();
                let repaid = this.check_repayments(&is_voided, scale, &mut errors);
                (repaid, errors)
            },
            || {
                let (departed, issued) =
                    this.departed(&is_voided, &standing, &departs, &mut entry_errors);
                let mut errors = Vec::new();
                let books = this.check_books(&is_voided, &standing, &departed, scale, &mut errors);
                // This side has the less to do: the pairs of a ledger that
                // will drop no contribution are sorted here.
                let early = (this.compile && voided.is_empty() && !departed.contains(&true))
                    .then(|| this.pairs.places(&vec![true; this.pairs.len()]));
                (departed, issued, books, errors, early)
            },
        );
        entry_errors.extend(repayment_errors);
        entry_errors.extend(later_errors);
        let mut list: Vec<(&str, Error)> = entry_errors
            .into_iter()
            .map(|(i, e)| (self.ids.get(i as usize), e))
            .collect();
        list.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        errors.extend(list.into_iter().map(|(_, e)| e));
        if issued > UNITS_LIMIT {
            errors.push(Error::new(
                C::Overflow,
                "the ledger issues more than 10^12 units, beyond the exact range",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Settled {
            builder: self,
            books,
            scale,
            voided,
            departed,
            standing,
            departs,
            repaid,
            early,
        })
    }

    /// Applies the voids; the sorted indices of the entries voided.
    fn apply_voids(&mut self) -> Vec<usize> {
        let mut voids_of: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for v in &self.voids {
            let t = self.find(&v.target);
            match t.map(|t| self.slot(t)) {
                Some(slot) if !matches!(slot, Slot::Void(_) | Slot::BadId) => {
                    voids_of
                        .entry(t.unwrap_or_default())
                        .or_default()
                        .push(v.entry);
                }
                _ => {
                    let m = format!(
                        "voids {:?}, which is not an entry other than a void",
                        v.target
                    );
                    Self::fail(
                        &mut self.entry_errors,
                        &self.ids,
                        v.entry,
                        C::UnknownTarget,
                        &m,
                    );
                }
            }
        }
        let mut voided = Vec::with_capacity(voids_of.len());
        for (&target, entries) in &voids_of {
            voided.push(target);
            let target_id = self.ids.get(target);
            let standing = entries
                .iter()
                .map(|&e| self.ids.get(e as usize))
                .min_by(|a, b| a.as_bytes().cmp(b.as_bytes()))
                .unwrap_or_default();
            for &e in entries {
                if self.ids.get(e as usize) != standing {
                    let m = format!("{target_id:?} is already voided by {standing:?}");
                    Self::fail(&mut self.entry_errors, &self.ids, e, C::DuplicateVoid, &m);
                }
            }
        }
        voided
    }

    /// Each member's standing departure (an index into `departures`): the
    /// earliest, then the least id; the others are errors.
    fn standing_departures(&mut self, is_voided: &dyn Fn(usize) -> bool) -> Vec<Option<usize>> {
        let mut standing: Vec<Option<usize>> = vec![None; self.members.len()];
        let mut by_member: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (k, d) in self.departures.iter().enumerate() {
            if !is_voided(d.entry as usize) {
                by_member.entry(d.member).or_default().push(k);
            }
        }
        for (member, mut list) in by_member {
            let key = |k: &usize| {
                let d = self.departures.get(*k);
                let id = d.map_or("", |d| self.ids.get(d.entry as usize));
                (d.map(|d| d.date), id.as_bytes())
            };
            list.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
            let Some((&first, later)) = list.split_first() else {
                continue;
            };
            if let Some(s) = standing.get_mut(member as usize) {
                *s = Some(first);
            }
            let Some(first) = self.departures.get(first) else {
                continue;
            };
            let name = self.members.get(member as usize).map_or("", String::as_str);
            let first_id = self.ids.get(first.entry as usize);
            let m = format!("{name:?} already departs on {} ({first_id:?})", first.date);
            for &k in later {
                if let Some(d) = self.departures.get(k) {
                    Self::fail(
                        &mut self.entry_errors,
                        &self.ids,
                        d.entry,
                        C::DuplicateDeparture,
                        &m,
                    );
                }
            }
        }
        standing
    }

    /// Which compiled contributions are dated after their member's standing
    /// departure (their errors onto `errors`), and the units issued by
    /// those not voided, in one pass.
    fn departed(
        &self,
        is_voided: &dyn Fn(usize) -> bool,
        standing: &[Option<usize>],
        departs: &[bool],
        errors: &mut Vec<(u32, Error)>,
    ) -> (Vec<bool>, i128) {
        let mut departed = vec![false; self.valued.len()];
        let mut issued = 0i128;
        for (k, (c, origin)) in self.valued.iter().zip(&self.origins).enumerate() {
            if is_voided(origin.entry()) {
                continue;
            }
            issued = issued.saturating_add(i128::from(c.units));
            if departs.get(c.pair()) != Some(&true) {
                continue;
            }
            let (member, _) = self.pairs.get(c.pair);
            let Some(&Some(d)) = standing.get(member as usize) else {
                continue;
            };
            let Some(dep) = self.departures.get(d) else {
                continue;
            };
            if c.date() > dep.date {
                let member = self.members.get(member as usize).map_or("", String::as_str);
                let m = format!("{member:?} left on {}, before this contribution", dep.date);
                let i = u32::try_from(origin.entry()).unwrap_or(u32::MAX);
                Self::fail(errors, &self.ids, i, C::MemberDeparted, &m);
                if let Some(flag) = departed.get_mut(k) {
                    *flag = true;
                }
            }
        }
        (departed, issued)
    }

    /// Checks the book entries (docs/format.md, "The books"); their errors
    /// join the other entries' errors, and the books of a valid ledger are
    /// returned.
    fn check_books(
        &self,
        is_voided: &dyn Fn(usize) -> bool,
        standing: &[Option<usize>],
        departed: &[bool],
        scale: u32,
        errors: &mut Vec<(u32, Error)>,
    ) -> Books {
        let mut paid_in = Vec::new();
        let mut troubled: Vec<usize> = self
            .failed
            .iter()
            .filter(|f| !is_voided(f.entry as usize))
            .filter_map(|f| f.member.map(|m| m as usize))
            .collect();
        // The origins (a word each) are walked, and a contribution looked
        // at only when it departed or is capital.
        for (k, origin) in self.origins.iter().enumerate() {
            let gone = departed.get(k) == Some(&true);
            if !gone && !origin.capital() {
                continue;
            }
            let Some(c) = self.valued.get(k) else {
                continue;
            };
            if gone {
                troubled.push(self.pairs.get(c.pair).0 as usize);
            }
            if !origin.capital() || gone || is_voided(origin.entry()) {
                continue;
            }
            let (member, kind) = self.pairs.get(c.pair);
            paid_in.push(Moved {
                id: self.ids.get(origin.entry()).to_string(),
                member: member as usize,
                date: c.date(),
                amount: i128::from(c.at_risk),
                allocation: None,
                kind: self.kinds.get(kind as usize).cloned(),
            });
        }
        let capital = self
            .rules
            .views
            .iter()
            .map(|v| {
                let rules = v
                    .capital
                    .and_then(|p| self.rules.policies.get(p))
                    .and_then(|p| p.capital.as_ref());
                CapitalView {
                    effective: v.effective,
                    revolve: rules.and_then(|r| r.revolve),
                    departure: rules.and_then(|r| r.departure),
                    tax_year_end: rules
                        .and_then(|r| r.tax_year_end)
                        .and_then(|m| u32::try_from(m).ok())
                        .unwrap_or(12),
                }
            })
            .collect();
        let departures = standing
            .iter()
            .map(|d| d.and_then(|d| self.departures.get(d)).map(|d| d.date))
            .collect();
        let ids = &self.ids;
        let id_of = |i: u32| ids.get(i as usize);
        let by_id = &self.by_id;
        let find = |id: &str| by_id.find(ids, id);
        let (problems, books) = crate::books::check::check(crate::books::check::Input {
            scale,
            members: &self.members,
            entries: &self.book,
            id_of: &id_of,
            find: &find,
            voided: is_voided,
            paid_in,
            troubled,
            capital,
            departures,
        });
        for (i, code, m) in problems {
            Self::fail(errors, &self.ids, i, code, &m);
        }
        let mut books = books;
        if !self.compile {
            // Only validating: the books are not kept.
            return books;
        }
        // Their ids copied, sorted, into one text (not a string each).
        let mut others: Vec<usize> = (0..self.slots.len())
            .filter(|&i| !matches!(self.slot(i), Slot::Valued(_)) || is_voided(i))
            .collect();
        let ids = &self.ids;
        // A stable sort: it merges the runs ids most often come in (the
        // repayments', the departures') rather than sorting from scratch.
        others.sort_by(|&a, &b| ids.get(a).as_bytes().cmp(ids.get(b).as_bytes()));
        for i in others {
            books.other_ids.push(ids.get(i));
        }
        books
    }

    /// Checks the repayments (their errors onto `errors`); the valid ones,
    /// sorted by loan (an index into `valued`), then date and id, as (loan,
    /// date, amount in minor units).
    fn check_repayments(
        &self,
        is_voided: &dyn Fn(usize) -> bool,
        scale: u32,
        errors: &mut Vec<(u32, Error)>,
    ) -> Repaid {
        // One list sorted once (rather than a list per loan): repayments
        // are most often written in their loans' order, and sort quickly.
        // Each: the loan, date, id, entry, amount in minor units, and the
        // loan's value at risk (read here, with the loan's date and kind,
        // so that the sums below need not look up the loan again).
        let mut valid: Vec<(usize, Date, &str, u32, i128, i64)> = Vec::new();
        let mut problems = Vec::new();
        let mut finder = self.by_id.finder(&self.ids);
        for (i, r) in self.repayments.iter().enumerate() {
            if is_voided(r.entry as usize) {
                continue;
            }
            let loan = self.loans.get(i);
            match self.check_repayment(r, loan, finder.find(loan), is_voided, scale) {
                Ok((Some((loan, at_risk)), minor)) => {
                    let id = self.ids.get(r.entry as usize);
                    valid.push((loan, r.date, id, r.entry, minor, at_risk));
                }
                Ok((None, _)) => {}
                Err(problem) => problems.push((r.entry, problem)),
            }
        }
        valid.sort_by(|a, b| (a.0, a.1, a.2.as_bytes()).cmp(&(b.0, b.1, b.2.as_bytes())));
        for list in valid.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(loan, .., at_risk)) = list.first() else {
                continue;
            };
            let at_risk = i128::from(at_risk);
            let mut sum = 0i128;
            for &(_, _, _, entry, amount, _) in list {
                sum += amount;
                if sum > at_risk {
                    let origin = self.origins.get(loan).map_or(0, |o| o.entry());
                    let loan_id = self.ids.get(origin);
                    let m = format!("repayments of {loan_id:?} would exceed its value at risk");
                    problems.push((entry, (C::OverRepayment, m)));
                    break;
                }
            }
        }
        let repaid = Repaid {
            loans: valid.iter().map(|r| r.0).collect(),
            moves: valid.iter().map(|r| (r.1, r.4)).collect(),
        };
        for (i, (code, m)) in problems {
            Self::fail(errors, &self.ids, i, code, &m);
        }
        repaid
    }

    /// Checks one repayment, given its loan's id and the entry that id names; its loan
    /// (an index into `valued`, with its value at risk, if the loan was
    /// compiled) and amount in minor units.
    fn check_repayment(
        &self,
        r: &Repayment,
        loan: &str,
        found: Option<usize>,
        is_voided: &dyn Fn(usize) -> bool,
        scale: u32,
    ) -> std::result::Result<CheckedRepayment, (C, String)> {
        let target = found.filter(|&l| !is_voided(l)).map(|l| self.slot(l));
        // The loan's date, and its kind with whether it is repayable.
        let (compiled, date, kind) = match target {
            Some(Slot::Valued(k)) => {
                let k = k as usize;
                let (c, origin) = (self.valued.get(k), self.origins.get(k));
                let kind = c
                    .zip(origin)
                    .map(|(c, o)| (self.pairs.get(c.pair).1, o.repayable()));
                (
                    c.map(|c| (k, c.at_risk)),
                    c.map_or(r.date, Valued::date),
                    kind,
                )
            }
            Some(Slot::Failed(k)) => {
                let f = self.failed.get(k as usize);
                (None, f.map_or(r.date, |f| f.date), f.and_then(|f| f.kind))
            }
            _ => {
                return Err((
                    C::UnknownTarget,
                    format!("repays {loan:?}, which is not a (non-voided) contribution"),
                ))
            }
        };
        if let Some((kind, false)) = kind {
            let kind = self.kinds.get(kind as usize).map_or("", String::as_str);
            return Err((
                C::NotRepayable,
                format!("{loan:?} is of kind {kind:?}, which is not repayable"),
            ));
        }
        let amount = r.amount;
        if !amount.is_positive() {
            return Err((
                C::InvalidAmount,
                "a repayment amount must be above zero".into(),
            ));
        }
        let minor = money(amount, scale).map_err(|code| {
            (
                code,
                format!("{amount} is not a money amount of this currency"),
            )
        })?;
        if r.date < date {
            return Err((
                C::InvalidEntry,
                format!("a repayment cannot be dated before its loan ({date})"),
            ));
        }
        Ok((compiled, minor))
    }
}

/// A repayment checked: its loan (an index into `valued`, with the loan's
/// value at risk) when the loan was compiled, and its amount in minor units.
type CheckedRepayment = (Option<(usize, i64)>, i128);

/// A builder whose entries passed every check, ready to be compiled.
struct Settled {
    builder: LedgerBuilder,
    books: Books,
    scale: u32,
    voided: Vec<usize>,
    /// Compiled contributions dated after their member's departure (errors,
    /// so never set in a ledger that compiles; kept for clarity).
    departed: Vec<bool>,
    standing: Vec<Option<usize>>,
    /// Whether each pair's member departs.
    departs: Vec<bool>,
    repaid: Repaid,
    /// When compiling, no entry is voided and no contribution departed
    /// (so every pair is used): the pairs, sorted, and each pair's place
    /// among them.
    early: Option<Places>,
}

/// The valid repayments of compiled loans, sorted by loan, then date and
/// id: each one's loan (an index into `valued`), and in step its date and
/// amount in minor units.
#[derive(Default)]
struct Repaid {
    loans: Vec<usize>,
    moves: Vec<(Date, i128)>,
}

impl Repaid {
    /// The repayments of contribution `k`, walked in step with the
    /// contributions: `next` is where those of the contributions before
    /// `k` end, and moves past `k`'s.
    fn of(&self, k: usize, next: &mut usize) -> &[(Date, i128)] {
        let start = *next;
        while self.loans.get(*next) == Some(&k) {
            *next += 1;
        }
        self.moves.get(start..*next).unwrap_or_default()
    }
}

/// The fewest contributions whose final pass is split between two threads
/// (below, a second thread costs more than it saves).
const SPLIT_FROM: usize = 1 << 14;

/// A kind's latest date of a contribution not valued as capital, and
/// earliest of one valued as capital.
type KindDates = (Option<Date>, Option<Date>);

/// Notes a kept contribution of kind `kind` in `dates`.
fn note_kind_date(dates: &mut [KindDates], kind: u32, capital: bool, date: Date) {
    if let Some(d) = dates.get_mut(kind as usize) {
        note_kind_dates(
            d,
            if capital {
                (None, Some(date))
            } else {
                (Some(date), None)
            },
        );
    }
}

/// Joins `more` into a kind's dates.
fn note_kind_dates(dates: &mut KindDates, more: KindDates) {
    let (latest, earliest) = dates;
    *latest = (*latest).max(more.0);
    *earliest = match (*earliest, more.1) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

/// What settles a contribution after its date: its member's standing
/// departure (its date, and the retention factor of the contribution's
/// kind, found from its pair in the builder's numbering), and repayments.
struct Departing<'a> {
    pairs: &'a Pairs,
    kinds: &'a [String],
    departures: &'a [Departure],
    standing: &'a [Option<usize>],
    factors: &'a [Option<(Date, &'a crate::check::rules::Factors)>],
    departs: &'a [bool],
}

impl Departing<'_> {
    fn of(&self, c: &Valued) -> Option<(Date, Dec)> {
        if self.departs.get(c.pair()) != Some(&true) {
            return None;
        }
        let (member, kind) = self.pairs.get(c.pair);
        let d = self.standing.get(member as usize).copied().flatten()?;
        let date = self.departures.get(d)?.date;
        let kind = self.kinds.get(kind as usize).map_or("", String::as_str);
        let factor = self
            .factors
            .get(d)
            .copied()
            .flatten()
            .map_or(Dec::ONE, |(_, f)| retention(f, kind));
        Some((date, factor))
    }

    /// Settles a kept contribution's departure and repayments into
    /// `changes`; whether it had any.
    fn settle(
        &self,
        c: &mut Valued,
        origin: Origin,
        repayments: &[(Date, i128)],
        changes: &mut UnitChanges,
    ) -> bool {
        let departure = self.of(c);
        if departure.is_none() && repayments.is_empty() {
            return false;
        }
        let later = Later {
            repayable: origin.repayable(),
            departure,
            repayments,
        };
        c.settle(&later, changes);
        true
    }
}

impl Settled {
    fn into_ledger(self) -> Ledger {
        let Settled {
            builder: mut b,
            books,
            scale,
            voided,
            departed,
            standing,
            departs,
            repaid,
            early,
        } = self;
        // What only checking needed goes first, to lower the peak.
        b.by_id = IdIndex::default();
        b.slots = Vec::new();
        b.failed = Vec::new();
        b.repayments = Vec::new();
        b.loans = Ids::default();
        let rules = &b.rules;
        // Each departure's retention factors, found once.
        let factors: Vec<Option<(Date, &crate::check::rules::Factors)>> = b
            .departures
            .iter()
            .map(|d| {
                let f = rules
                    .in_force(d.date)
                    .and_then(|v| rules.reason(v, &d.reason));
                f.map(|f| (d.date, f))
            })
            .collect();
        // Compacted in place: the ledger takes over the builder's storage.
        let (mut contributions, mut origins, mut ids) = (b.valued, b.origins, b.ids);
        let departing = Departing {
            pairs: &b.pairs,
            kinds: &b.kinds,
            departures: &b.departures,
            standing: &standing,
            factors: &factors,
            departs: &departs,
        };
        // Each kind's latest contribution not valued as capital and earliest
        // valued as capital (the kind warnings of `validate`), found in the
        // same pass as the rest.
        let mut kind_dates: Vec<KindDates> = vec![(None, None); b.kinds.len()];
        let pairs = if let Some((pairs, places)) = early {
            // None is dropped (voided or departed): every pair numbered has
            // a compiled contribution, and each contribution is renumbered
            // in this pass. Nothing moves, so two parts are passed side by
            // side, each settling into changes of its own.
            let pass = |from: usize, part: &mut [Valued]| {
                let mut dates: Vec<KindDates> = vec![(None, None); kind_dates.len()];
                let (mut changes, mut changed) = (UnitChanges::default(), Vec::new());
                let mut next_repaid = repaid.loans.partition_point(|&l| l < from);
                for (k, c) in (from..).zip(part) {
                    let repayments = repaid.of(k, &mut next_repaid);
                    let origin = origins.get(k).copied().unwrap_or(Origin(0));
                    if departing.settle(c, origin, repayments, &mut changes) {
                        changed.push(k);
                    }
                    note_kind_date(
                        &mut dates,
                        b.pairs.get(c.pair).1,
                        origin.capital(),
                        c.date(),
                    );
                    c.pair = places.get(c.pair()).copied().unwrap_or(u32::MAX);
                }
                (dates, changes, changed)
            };
            let mut keep_ids = || ids.keep(origins.iter().map(|o| o.entry()));
            let ((dates_2, changes_2, changed_2), (dates_1, changes_1, _)) =
                if contributions.len() < SPLIT_FROM {
                    keep_ids();
                    (Default::default(), pass(0, &mut contributions))
                } else {
                    // Keeping the ids costs about half as much per
                    // contribution as the pass: the side that keeps them
                    // passes about a quarter of the contributions.
                    let cut = contributions.len() / 4;
                    let (first, second) = contributions.split_at_mut(cut);
                    // Taken only by the one thread that runs `a` (a lock
                    // never held twice; poisoned only by a panic, which
                    // `both` passes on).
                    let second = std::sync::Mutex::new(second);
                    both(
                        || {
                            let mut part = second.lock().unwrap_or_else(PoisonError::into_inner);
                            pass(cut, &mut part)
                        },
                        || {
                            keep_ids();
                            pass(0, first)
                        },
                    )
                };
            for (kind, all) in kind_dates.iter_mut().enumerate() {
                for part in [&dates_1, &dates_2] {
                    if let Some(&dates) = part.get(kind) {
                        note_kind_dates(all, dates);
                    }
                }
            }
            b.tables.changes = changes_1;
            let by = b.tables.changes.append(changes_2);
            for k in changed_2 {
                if let Some(c) = contributions.get_mut(k) {
                    c.shift_changes(by);
                }
            }
            pairs
        } else {
            let mut used = vec![false; b.pairs.len()];
            let mut kept = 0;
            let mut next_repaid = 0;
            for k in 0..contributions.len() {
                let repayments = repaid.of(k, &mut next_repaid);
                let Some(origin) = origins.get(k).copied() else {
                    continue;
                };
                if voided.binary_search(&origin.entry()).is_ok() || departed.get(k) == Some(&true) {
                    continue;
                }
                let Some(c) = contributions.get_mut(k) else {
                    continue;
                };
                departing.settle(c, origin, repayments, &mut b.tables.changes);
                note_kind_date(
                    &mut kind_dates,
                    b.pairs.get(c.pair).1,
                    origin.capital(),
                    c.date(),
                );
                if let Some(u) = used.get_mut(c.pair()) {
                    *u = true;
                }
                if kept != k {
                    contributions.swap(kept, k);
                    origins.swap(kept, k);
                }
                kept += 1;
            }
            contributions.truncate(kept);
            origins.truncate(kept);
            ids.keep(origins.iter().map(|o| o.entry()));
            b.pairs.sorted(&used, &mut contributions)
        };
        drop(origins);
        ids.shrink_to_fit();
        // Each distribution is resolved once, however many policies inherit it.
        let mut resolved: Map<Option<usize>, Arc<ResolvedDistribution>> = Map::default();
        let policies = rules
            .views
            .iter()
            .map(|v| {
                let distribution = resolved
                    .entry(v.distribution)
                    .or_insert_with(|| {
                        let d = v
                            .distribution
                            .and_then(|p| rules.policies.get(p))
                            .and_then(|p| p.distribution.as_ref());
                        Arc::new(resolve_distribution(d, &b.kinds, scale))
                    })
                    .clone();
                let names = rules.policies.get(v.policy).map(|p| &p.kinds);
                let mut defined: Vec<usize> = names
                    .into_iter()
                    .flatten()
                    .filter_map(|(k, _)| {
                        b.kinds
                            .binary_search_by(|x| x.as_bytes().cmp(k.as_bytes()))
                            .ok()
                    })
                    .collect();
                defined.sort_unstable();
                ResolvedPolicy {
                    effective: v.effective,
                    defined,
                    distribution,
                }
            })
            .collect();
        b.tables.changes.shrink_to_fit();
        Ledger {
            books,
            kind_dates,
            currency: b.currency,
            scale,
            policies,
            kinds: b.kinds,
            members: b.members,
            names: b.names,
            contributions,
            ids,
            pairs,
            tables: b.tables,
            entries: b.count,
        }
    }
}

/// The pairs used, sorted, and each pair's place among them
/// ([`Pairs::places`]).
type Places = (Vec<(u32, u32)>, Vec<u32>);

/// The (member, kind) pairs of compiled contributions, numbered as they
/// are first seen (a contribution keeps only its pair's number).
#[derive(Debug, Clone, Default)]
struct Pairs {
    list: Vec<(u32, u32)>,
    /// Each pair's number + 1 (0: not seen) at `member × kinds + kind`,
    /// when members × kinds is at most [`Pairs::MAX_DENSE`]: one look
    /// into a small table rather than a hash table that grows with the
    /// contributions.
    dense: Vec<u32>,
    kinds: usize,
    /// The pairs' numbers otherwise.
    numbers: Map<(u32, u32), u32>,
}

impl Pairs {
    /// The largest dense table (16 MB), zeroed lazily by the allocator.
    const MAX_DENSE: usize = 1 << 22;

    fn new(members: usize, kinds: usize) -> Pairs {
        let cells = members.checked_mul(kinds).filter(|&n| n <= Self::MAX_DENSE);
        Pairs {
            dense: vec![0; cells.unwrap_or(0)],
            kinds,
            ..Pairs::default()
        }
    }

    /// The number of the pair (`member`, `kind`).
    fn number(&mut self, member: u32, kind: u32) -> u32 {
        let list = &mut self.list;
        let next = |list: &mut Vec<(u32, u32)>| {
            list.push((member, kind));
            u32::try_from(list.len() - 1).unwrap_or(u32::MAX)
        };
        if kind as usize >= self.kinds {
            // Not a kind of this ledger (never happens): hashed.
        } else if let Some(cell) = (member as usize)
            .checked_mul(self.kinds)
            .and_then(|c| self.dense.get_mut(c + kind as usize))
        {
            if *cell == 0 {
                *cell = next(list).saturating_add(1);
            }
            return *cell - 1;
        }
        *self
            .numbers
            .entry((member, kind))
            .or_insert_with(|| next(list))
    }

    /// Whether each pair's member is in `members` (indexed by pair number).
    fn of_members(&self, members: &[bool]) -> Vec<bool> {
        let member = |m: u32| members.get(m as usize).copied().unwrap_or(false);
        self.list.iter().map(|&(m, _)| member(m)).collect()
    }

    /// The (member, kind) of pair number `pair`.
    fn get(&self, pair: u32) -> (u32, u32) {
        self.list
            .get(pair as usize)
            .copied()
            .unwrap_or((u32::MAX, u32::MAX))
    }

    /// The number of pairs seen.
    fn len(&self) -> usize {
        self.list.len()
    }

    /// The pairs of `contributions` (those `used`, by number), sorted, each
    /// contribution renumbered to its pair's place in them.
    fn sorted(&self, used: &[bool], contributions: &mut [Valued]) -> Vec<(u32, u32)> {
        let (pairs, places) = self.places(used);
        for c in contributions.iter_mut() {
            c.pair = places.get(c.pair()).copied().unwrap_or(u32::MAX);
        }
        pairs
    }

    /// The pairs `used` (by number), sorted, and each pair's place among
    /// them (`u32::MAX` when not used).
    fn places(&self, used: &[bool]) -> Places {
        let mut pairs: Vec<(u32, u32)> = self
            .list
            .iter()
            .zip(used)
            .filter_map(|(p, &u)| u.then_some(*p))
            .collect();
        pairs.sort_unstable();
        let places: Vec<u32> = self
            .list
            .iter()
            .map(|p| {
                pairs
                    .binary_search(p)
                    .map_or(u32::MAX, |i| u32::try_from(i).unwrap_or(u32::MAX))
            })
            .collect();
        (pairs, places)
    }
}

/// The curves compiled lately, one per place (a policy in force and a kind
/// of it: one curve), with the date they were compiled for. Ledgers are
/// most often written in date order, so the contribution before is most
/// often of the same day: its curve is not compiled again (two calendar
/// additions or more each), the same [`Compiled`] taken instead, which is
/// what compiling gives for the same curve and date.
#[derive(Debug, Clone, Default)]
struct RecentCurves {
    slots: [Option<(usize, usize, Date, Compiled)>; 32],
}

impl RecentCurves {
    /// The curve of kind `j` of policy view `vi` compiled for `date`.
    fn compiled(
        &mut self,
        vi: usize,
        j: usize,
        date: Date,
        compile: impl FnOnce() -> Compiled,
    ) -> Compiled {
        let slot = self.slots.get_mut((vi.wrapping_mul(7) ^ j) % 32);
        match slot {
            Some(Some((v, k, d, compiled))) if (*v, *k, *d) == (vi, j, date) => *compiled,
            Some(slot) => {
                let compiled = compile();
                *slot = Some((vi, j, date, compiled));
                compiled
            }
            None => compile(),
        }
    }
}

/// Whether work can go to a second thread and run beside this one: a
/// second core is there (WebAssembly has one thread: never asked there).
#[cfg(not(target_family = "wasm"))]
pub(crate) fn second_core() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// `a` and `b`'s results, `a` run on a second thread beside `b` where one
/// can be had (not in WebAssembly, nor on one core), else one after the other.
fn both<A: Send, B>(a: impl Fn() -> A + Sync, b: impl FnOnce() -> B) -> (A, B) {
    #[cfg(not(target_family = "wasm"))]
    if second_core() {
        return std::thread::scope(|scope| {
            let beside = std::thread::Builder::new()
                .name("coshare-settle".into())
                .spawn_scoped(scope, &a);
            let b = b();
            let a = match beside.map(std::thread::ScopedJoinHandle::join) {
                Ok(Ok(a)) => a,
                // A panic there is a panic here, as it would be on one thread.
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                // No second thread: `a` runs here.
                Err(_) => a(),
            };
            (a, b)
        });
    }
    (a(), b())
}

/// The index of the last item of a list.
fn count<T>(list: &[T]) -> u32 {
    u32::try_from(list.len().saturating_sub(1)).unwrap_or(u32::MAX)
}

/// The policies' errors, in document order (at most one per policy).
fn policy_errors(
    policies: &[Policy],
    defined: &BTreeSet<&str>,
    scale: u32,
    errors: &mut Vec<Error>,
) {
    let mut dates_seen = BTreeSet::new();
    for (i, p) in policies.iter().enumerate() {
        let first_use = dates_seen.insert(p.effective);
        let at = format!("policies[{i}]");
        if let Err((code, inside, message)) = check_policy(p, defined, scale) {
            let mut location = vec![PathStep::from("policies"), PathStep::Index(i)];
            location.extend(inside);
            errors.push(Error::at(code, location, message));
        } else if !first_use {
            errors.push(
                Error::new(
                    C::DuplicatePolicy,
                    format!(
                        "{at}: another policy already takes effect on {}",
                        p.effective
                    ),
                )
                .with_path(format!("{at}.effective")),
            );
        }
    }
}

/// The members' errors, in document order; each valid id's place in `sorted`.
fn member_errors(members: Vec<Member>, sorted: &[String], errors: &mut Vec<Error>) -> NameMap<u32> {
    let mut places: NameMap<u32> =
        NameMap::with_capacity_and_hasher(members.len(), foldhash::fast::RandomState::default());
    for (i, m) in members.into_iter().enumerate() {
        let path = || format!("members[{i}].id");
        if m.id.is_empty() || too_long(&m.id) {
            errors.push(
                Error::new(
                    C::InvalidMember,
                    format!(
                        "{}: a member id must be 1 to {MAX_ID_BYTES} bytes long, not {}",
                        path(),
                        m.id.len()
                    ),
                )
                .with_path(path()),
            );
            continue;
        }
        let place_of = sorted.partition_point(|s| s.as_bytes() < m.id.as_bytes());
        match places.entry(m.id) {
            hashbrown::hash_map::Entry::Occupied(seen) => errors.push(
                Error::new(
                    C::DuplicateId,
                    format!("the member id {:?} is used twice", seen.key()),
                )
                .with_path(path())
                .with_entry(seen.key()),
            ),
            hashbrown::hash_map::Entry::Vacant(place) => {
                place.insert(u32::try_from(place_of).unwrap_or(u32::MAX));
            }
        }
    }
    places
}

impl Ledger {
    /// Checks a document; the first error wins (docs/format.md, "Errors", checking.
    // It takes the document, so that the document's memory is freed as
    // soon as the ledger is built. Not entry by entry: what a contribution
    // compiles to would then fill the holes the document leaves, scattered
    // through its memory, and splits would run slower.
    #[allow(clippy::needless_pass_by_value)]
    pub fn new(document: Document) -> Result<Ledger> {
        Ledger::from_document(&document)
    }

    /// Checks a document it only borrows, for a caller that keeps the
    /// document (to validate it again, or to add entries later); the same
    /// result as [`Ledger::new`] on a copy, without the copy.
    pub fn from_document(document: &Document) -> Result<Ledger> {
        LedgerBuilder::of_document(document, false).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kind dates noted in two parts and joined are those noted in one
    /// pass, wherever the parts are cut: the latest date not of capital,
    /// the earliest of capital, per kind.
    #[test]
    fn kind_dates_joined_from_parts_are_those_of_one_pass() {
        let day = Date::from_day_number;
        // (kind, capital, day)
        let noted = [
            (0, false, 30),
            (1, true, 12),
            (0, true, 40),
            (0, false, 10),
            (1, true, 5),
            (2, false, 7),
            (1, false, 50),
            (0, true, 3),
        ];
        let note = |part: &[(u32, bool, i64)]| {
            let mut dates: Vec<KindDates> = vec![(None, None); 3];
            for &(kind, capital, d) in part {
                note_kind_date(&mut dates, kind, capital, day(d));
            }
            dates
        };
        let whole = note(&noted);
        assert_eq!(
            whole,
            vec![
                (Some(day(30)), Some(day(3))),
                (Some(day(50)), Some(day(5))),
                (Some(day(7)), None)
            ]
        );
        for cut in 0..=noted.len() {
            let (first, second) = noted.split_at(cut);
            let (mut joined, second) = (note(first), note(second));
            for (all, more) in joined.iter_mut().zip(second) {
                note_kind_dates(all, more);
            }
            assert_eq!(joined, whole, "cut at {cut}");
        }
    }

    #[test]
    fn a_curve_is_compiled_again_unless_its_place_and_date_are_the_last() {
        let mut recent = RecentCurves::default();
        let mut compiled = 0;
        let day = |d: i64| Date::from_day_number(d);
        let mut ask = |vi: usize, j: usize, d: i64| {
            recent.compiled(vi, j, day(d), || {
                compiled += 1;
                Compiled::unset()
            });
        };
        // Compiled once for (0, 0) on day 1, then taken while asked again.
        ask(0, 0, 1);
        ask(0, 0, 1);
        ask(0, 0, 1);
        // Another day, kind or policy view: compiled.
        ask(0, 0, 2);
        ask(0, 1, 2);
        ask(1, 0, 2);
        // Each place keeps its own last date.
        ask(0, 1, 2);
        ask(1, 0, 2);
        ask(0, 0, 1);
        assert_eq!(compiled, 5);
    }

    fn builder(curve: &str) -> LedgerBuilder {
        let text = format!(
            r#"{{"currency": {{"code": "USD", "scale": 2}},
            "policies": [{{"effective": "2024-01-01",
                "kinds": {{"cash": {{"multiplier": "1", "curve": {curve}}}}}}}],
            "members": [{{"id": "alice"}}],
            "entries": [{{"type": "contribution", "id": "c1", "member": "alice",
                "date": "2024-02-01", "kind": "cash", "value": "100.00"}}]}}"#
        );
        let document = Document::from_json(&text).expect("a document");
        LedgerBuilder::of_document(&document, false)
    }

    /// A refused policy's curves are never compiled: their rates and
    /// points may be beyond what the tables assume (a rate above 1, a
    /// thousand points), and the ledger is refused anyway.
    #[test]
    fn nothing_compiles_from_a_refused_policy() {
        let points: Vec<String> = (0..1000).map(|k| format!(r#"["P{k}D", "1"]"#)).collect();
        for curve in [
            r#"{"type": "geometric", "rate": "5.5", "every": "P1D"}"#.to_string(),
            format!(r#"{{"type": "steps", "points": [{}]}}"#, points.join(",")),
        ] {
            let built = builder(&curve);
            assert!(built.tables.curves.is_empty(), "{curve}");
            let codes: Vec<_> = built.errors().iter().map(Error::code).collect();
            assert_eq!(codes, vec![C::InvalidCurve], "{curve}");
        }
        let valid = builder(r#"{"type": "geometric", "rate": "0.5", "every": "P1D"}"#);
        assert!(!valid.tables.curves.is_empty());
        assert!(valid.finish().is_ok());
    }
}
