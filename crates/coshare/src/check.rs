//! Checking (SPEC 8, phase 2): a read [`Document`] into a [`Ledger`], or
//! every error in the SPEC's order, at most one per policy, member or entry.

use crate::basis::{Parts, Valued};
use crate::curve::LinearTables;
use crate::date::Date;
use crate::document::{
    Contribution, Currency, Curve, Departures, Distribution, Document, Entry, EntryBody, Kind,
    Policy, Shape,
};
use crate::error::{Error, ErrorCode as C};
use crate::ledger::{
    index_pairs, Ids, KindSet, Ledger, ResolvedBucket, ResolvedDistribution, ResolvedPolicy,
};
use crate::limits::{too_long, MAX_BUCKETS, MAX_ENTRIES, MAX_MEMBERS, MAX_STEP_POINTS};
use crate::number::Dec;
use crate::wide::{mul3_div, mul_div, Round};
use crate::Map;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

/// The largest money value, in minor units.
pub const MONEY_LIMIT: i128 = 1_000_000_000_000_000;
/// The most units a ledger may issue, scaled by 10^4.
pub const UNITS_LIMIT: i128 = 1_000_000_000_000 * 10_000;

/// A money value in minor units: a multiple of `10^-scale` (`invalid_amount`)
/// within the money limit (`overflow`). The sign is the caller's to check.
pub(crate) fn money(x: Dec, scale: u32) -> Result<i128, C> {
    if !x.has_at_most_decimals(scale) {
        return Err(C::InvalidAmount);
    }
    let minor = x.scaled(scale);
    if minor.abs() > MONEY_LIMIT {
        return Err(C::Overflow);
    }
    Ok(minor)
}

/// Names looked up by binary search; on a repeated name (possible in a
/// document built in code, never in JSON) the first listed wins.
struct Sorted<'d, T>(Vec<(&'d str, T)>);

impl<'d, T> Sorted<'d, T> {
    fn new(mut items: Vec<(&'d str, T)>) -> Self {
        items.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        Sorted(items)
    }

    fn get(&self, name: &str) -> Option<&T> {
        // A few names (a policy's kinds): compared inline, in order.
        if self.0.len() <= 8 {
            let found = self.0.iter().find(|(k, _)| crate::json::same_text(k, name));
            return found.map(|(_, v)| v);
        }
        let i = self
            .0
            .partition_point(|(k, _)| k.as_bytes() < name.as_bytes());
        self.0.get(i).filter(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

/// A departure reason's retention factors, by kind or `default`.
type Factors<'d> = Sorted<'d, Dec>;

/// A policy's departure reasons.
type Reasons<'d> = Sorted<'d, Factors<'d>>;

fn reasons(departures: &Departures) -> Reasons<'_> {
    Sorted::new(
        departures
            .iter()
            .map(|(r, f)| {
                let factors = Sorted::new(f.iter().map(|(k, x)| (k.as_str(), *x)).collect());
                (r.as_str(), factors)
            })
            .collect(),
    )
}

/// A policy seen in date order, with inherited parts resolved (shared, not
/// copied, so that many policies inheriting a large part cost nothing).
struct View<'d> {
    effective: Date,
    policy: &'d Policy,
    kinds: Sorted<'d, &'d Kind>,
    departures: Option<Rc<Reasons<'d>>>,
    distribution: Option<&'d Distribution>,
}

impl<'d> View<'d> {
    fn kind(&self, name: &str) -> Option<&'d Kind> {
        self.kinds.get(name).copied()
    }

    fn reason(&self, name: &str) -> Option<&Factors<'d>> {
        self.departures.as_deref()?.get(name)
    }
}

fn views(doc: &Document) -> Vec<View<'_>> {
    let mut order: Vec<&Policy> = doc.policies.iter().collect();
    order.sort_by_key(|p| p.effective);
    let mut out: Vec<View<'_>> = Vec::with_capacity(order.len());
    for p in order {
        let prev = out.last();
        let departures = match &p.departures {
            Some(d) => Some(Rc::new(reasons(d))),
            None => prev.and_then(|v| v.departures.clone()),
        };
        let distribution = p
            .distribution
            .as_ref()
            .or_else(|| prev.and_then(|v| v.distribution));
        out.push(View {
            effective: p.effective,
            policy: p,
            kinds: Sorted::new(p.kinds.iter().map(|(k, kind)| (k.as_str(), kind)).collect()),
            departures,
            distribution,
        });
    }
    out
}

fn in_force<'a, 'd>(views: &'a [View<'d>], t: Date) -> Option<&'a View<'d>> {
    let n = views.partition_point(|v| v.effective <= t);
    n.checked_sub(1).and_then(|i| views.get(i))
}

fn retention(factors: &Factors<'_>, kind: &str) -> Dec {
    factors
        .get(kind)
        .or_else(|| factors.get("default"))
        .copied()
        .unwrap_or(Dec::ONE)
}

/// An entry dated, by id and index.
type Dated<'d> = (Date, &'d str, usize);

/// Where `id` sorts among the member ids.
fn member_position(sorted: &[&str], id: &str) -> u32 {
    let i = sorted.partition_point(|m| m.as_bytes() < id.as_bytes());
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Checks a document; `Err` holds every error found, in SPEC 8 order.
pub(crate) fn check(doc: &Document) -> Result<Valid<'_>, Vec<Error>> {
    let mut errors = Vec::new();
    let scale = match u32::try_from(doc.currency.scale) {
        Ok(s) if s <= 4 => s,
        _ => {
            let e = Error::new(
                C::InvalidCurrency,
                format!(
                    "the currency scale {} is not one of 0, 1, 2, 3 or 4",
                    doc.currency.scale
                ),
            )
            .with_path("currency.scale");
            return Err(vec![e]);
        }
    };
    let defined: BTreeSet<&str> = doc
        .policies
        .iter()
        .flat_map(|p| p.kinds.iter().map(|(k, _)| k.as_str()))
        .collect();
    let mut dates_seen = BTreeSet::new();
    for (i, p) in doc.policies.iter().enumerate() {
        let first_use = dates_seen.insert(p.effective);
        let at = format!("policies[{i}]");
        if let Err((code, path, message)) = check_policy(p, &defined, scale) {
            let path = if path.is_empty() {
                at
            } else {
                format!("{at}.{path}")
            };
            errors.push(Error::new(code, format!("{path}: {message}")).with_path(path));
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
    if doc.members.len() > MAX_MEMBERS {
        // Checking goes no further: what follows would refer to members
        // beyond the limit.
        errors.push(
            Error::new(
                C::InvalidMember,
                format!(
                    "a ledger lists at most {MAX_MEMBERS} members, not {}",
                    doc.members.len()
                ),
            )
            .with_path(format!("members[{MAX_MEMBERS}]")),
        );
        return Err(errors);
    }
    // Each member id's place in the ledger's sorted member list, so that
    // an entry's member is looked up once.
    let mut sorted: Vec<&str> = doc.members.iter().map(|m| m.id.as_str()).collect();
    sorted.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut member_ids: Map<&str, u32> =
        Map::with_capacity_and_hasher(doc.members.len(), foldhash::fast::RandomState::default());
    for (i, m) in doc.members.iter().enumerate() {
        let path = || format!("members[{i}].id");
        if m.id.is_empty() || too_long(&m.id) {
            errors.push(
                Error::new(
                    C::InvalidMember,
                    format!(
                        "{}: a member id must be 1 to {} bytes long, not {}",
                        path(),
                        crate::limits::MAX_ID_BYTES,
                        m.id.len()
                    ),
                )
                .with_path(path()),
            );
        } else if member_ids
            .insert(&m.id, member_position(&sorted, &m.id))
            .is_some()
        {
            errors.push(
                Error::new(
                    C::DuplicateId,
                    format!("the member id {:?} is used twice", m.id),
                )
                .with_path(path())
                .with_entry(&m.id),
            );
        }
    }
    let mut by_id: Map<&str, usize> =
        Map::with_capacity_and_hasher(doc.entries.len(), foldhash::fast::RandomState::default());
    let mut id_ok = Vec::with_capacity(doc.entries.len());
    if doc.entries.len() > MAX_ENTRIES {
        errors.push(
            Error::new(
                C::InvalidEntry,
                format!(
                    "a ledger holds at most {MAX_ENTRIES} entries, not {}",
                    doc.entries.len()
                ),
            )
            .with_path(format!("entries[{MAX_ENTRIES}]")),
        );
        return Err(errors);
    }
    for (i, e) in doc.entries.iter().enumerate() {
        let path = || format!("entries[{i}].id");
        if e.id.is_empty() || too_long(&e.id) {
            id_ok.push(false);
            errors.push(
                Error::new(
                    C::InvalidEntry,
                    format!(
                        "{}: an entry id must be 1 to {} bytes long, not {}",
                        path(),
                        crate::limits::MAX_ID_BYTES,
                        e.id.len()
                    ),
                )
                .with_path(path()),
            );
        } else if let std::collections::hash_map::Entry::Vacant(place) = by_id.entry(&e.id) {
            id_ok.push(true);
            place.insert(i);
        } else {
            id_ok.push(false);
            errors.push(
                Error::new(
                    C::DuplicateId,
                    format!("the entry id {:?} is used twice", e.id),
                )
                .with_path(path())
                .with_entry(&e.id),
            );
        }
    }
    let views = views(doc);
    let entries = Entries::check(doc, &views, &member_ids, &by_id, &id_ok, scale);
    errors.extend(entries.errors());
    let issued = entries
        .facts
        .iter()
        .filter_map(|f| f.units)
        .fold(0i128, |sum, u| sum.saturating_add(i128::from(u)));
    if issued > UNITS_LIMIT {
        errors.push(Error::new(
            C::Overflow,
            "the ledger issues more than 10^12 units, beyond the exact range",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Valid {
        doc,
        entries,
        views,
        scale,
        defined,
    })
}

/// A document that passed every check, ready to be compiled.
pub(crate) struct Valid<'d> {
    doc: &'d Document,
    entries: Entries<'d>,
    views: Vec<View<'d>>,
    scale: u32,
    defined: BTreeSet<&'d str>,
}

impl Valid<'_> {
    /// Compiles the checked document for queries.
    pub(crate) fn into_ledger(self) -> Ledger {
        let builder = self
            .entries
            .into_ledger(self.doc, &self.views, self.scale, &self.defined);
        builder.into_ledger(self.doc.currency.clone())
    }
}

type Problem = (C, String, String);

fn problem(code: C, path: impl Into<String>, message: impl Into<String>) -> Problem {
    (code, path.into(), message.into())
}

fn check_policy(p: &Policy, defined: &BTreeSet<&str>, scale: u32) -> Result<(), Problem> {
    if let Some(price) = p.unit_price {
        if !price.is_positive() {
            return Err(problem(
                C::InvalidPolicy,
                "unit_price",
                format!("the unit price must be above zero, not {price}"),
            ));
        }
    }
    for (name, kind) in &p.kinds {
        let at = format!("kinds.{name}");
        if name.is_empty() || name == "default" || name == "*" || too_long(name) {
            return Err(problem(
                C::InvalidPolicy,
                at,
                format!("{name:?} cannot name a kind"),
            ));
        }
        if kind.multiplier.is_negative() {
            return Err(problem(
                C::InvalidPolicy,
                format!("{at}.multiplier"),
                "a multiplier must not be negative",
            ));
        }
        check_curve(&kind.curve).map_err(|m| problem(C::InvalidCurve, format!("{at}.curve"), m))?;
    }
    for (reason, factors) in p.departures.iter().flatten() {
        let at = format!("departures.{reason}");
        if reason.is_empty() || too_long(reason) {
            return Err(problem(
                C::InvalidPolicy,
                "departures",
                format!(
                    "a departure reason must be 1 to {} bytes long",
                    crate::limits::MAX_ID_BYTES
                ),
            ));
        }
        for (key, _) in factors {
            if key != "default" && !defined.contains(key.as_str()) {
                return Err(problem(
                    C::InvalidPolicy,
                    format!("{at}.{key}"),
                    format!("{key:?} is neither \"default\" nor a defined kind"),
                ));
            }
        }
        for (key, f) in factors {
            if f.is_negative() || *f > Dec::ONE {
                return Err(problem(
                    C::InvalidPolicy,
                    format!("{at}.{key}"),
                    format!("a retention factor must be between 0 and 1, not {f}"),
                ));
            }
        }
    }
    if let Some(d) = &p.distribution {
        check_distribution(d, defined, scale)?;
    }
    Ok(())
}

fn check_curve(curve: &Curve) -> Result<(), String> {
    match &curve.shape {
        Shape::Linear { fade, .. } if fade.is_zero() => {
            Err("a linear fade must not be zero".into())
        }
        Shape::Geometric { rate, .. } if !rate.is_positive() || *rate > Dec::ONE => Err(format!(
            "a geometric rate must be above 0 and at most 1, not {rate}"
        )),
        Shape::Geometric { every, .. } if every.is_zero() => {
            Err("a geometric step (\"every\") must not be zero".into())
        }
        Shape::Steps { points } if points.is_empty() || points.len() > MAX_STEP_POINTS => {
            Err(format!(
                "a steps curve needs 1 to {MAX_STEP_POINTS} points, not {}",
                points.len()
            ))
        }
        Shape::Steps { points } => match points
            .iter()
            .find(|(_, w)| w.is_negative() || *w > Dec::ONE || !w.has_at_most_decimals(9))
        {
            Some((_, w)) => Err(format!(
                "a step weight must be between 0 and 1 with at most 9 decimals, not {w}"
            )),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

fn check_distribution(
    d: &Distribution,
    defined: &BTreeSet<&str>,
    scale: u32,
) -> Result<(), Problem> {
    if let Some(buckets) = &d.buckets {
        if buckets.is_empty() || buckets.len() > MAX_BUCKETS {
            return Err(problem(
                C::InvalidShares,
                "distribution.buckets",
                format!(
                    "a distribution needs 1 to {MAX_BUCKETS} buckets, not {}",
                    buckets.len()
                ),
            ));
        }
        let mut names = BTreeSet::new();
        let mut total = 0i128;
        for (i, b) in buckets.iter().enumerate() {
            let at = format!("distribution.buckets[{i}]");
            if b.name.is_empty() || too_long(&b.name) || !names.insert(b.name.as_str()) {
                return Err(problem(
                    C::InvalidShares,
                    format!("{at}.name"),
                    format!(
                        "bucket names must be unique and 1 to {} bytes long ({:?})",
                        crate::limits::MAX_ID_BYTES,
                        b.name
                    ),
                ));
            }
            if !b.share.is_positive() || b.share > Dec::ONE {
                return Err(problem(
                    C::InvalidShares,
                    format!("{at}.share"),
                    format!(
                        "a bucket's share must be above 0 and at most 1, not {}",
                        b.share
                    ),
                ));
            }
            if let Some(kinds) = &b.kinds {
                let all = matches!(kinds.as_slice(), [only] if only == "*");
                let distinct: BTreeSet<&str> = kinds.iter().map(String::as_str).collect();
                let ok = all
                    || (!kinds.is_empty()
                        && distinct.len() == kinds.len()
                        && kinds.iter().all(|k| defined.contains(k.as_str())));
                if !ok {
                    return Err(problem(
                        C::InvalidPolicy,
                        format!("{at}.kinds"),
                        "a pool's kinds must be [\"*\"] or distinct defined kinds",
                    ));
                }
            }
            total += b.share.raw();
        }
        if total != Dec::ONE.raw() {
            return Err(problem(
                C::InvalidShares,
                "distribution.buckets",
                format!("bucket shares sum to {}, not 1", Dec::from_raw(total)),
            ));
        }
    }
    if let Some(f) = d.cash_fraction {
        if f.is_negative() || f > Dec::ONE {
            return Err(problem(
                C::InvalidPolicy,
                "distribution.cash_fraction",
                format!("the cash fraction must be between 0 and 1, not {f}"),
            ));
        }
    }
    if let Some(m) = d.minimum_payout {
        let at = "distribution.minimum_payout";
        match money(m, scale) {
            Err(C::Overflow) if m.is_negative() => {
                return Err(problem(
                    C::InvalidPolicy,
                    at,
                    "the minimum payout must not be negative",
                ))
            }
            Err(code) => {
                return Err(problem(
                    code,
                    at,
                    format!("{m} is not a money amount of this currency"),
                ))
            }
            Ok(v) if v < 0 => {
                return Err(problem(
                    C::InvalidPolicy,
                    at,
                    "the minimum payout must not be negative",
                ))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// What a contribution produced while being checked, for entries that refer to it.
#[derive(Default, Clone, Copy)]
struct Facts {
    /// Index of the policy view that valued it, once its kind is known.
    view: Option<u32>,
    /// Its member's place in the sorted member list, once known.
    member: u32,
    at_risk: Option<i64>,
    value: Option<i64>,
    /// Issued units (scaled by 10^4), saturated when beyond range.
    units: Option<i64>,
}

struct Entries<'d> {
    doc: &'d Document,
    /// The first error of each entry.
    error: Vec<Option<Box<Error>>>,
    facts: Vec<Facts>,
    voided: Vec<bool>,
    /// The standing departure of each member (by sorted position): entry index.
    departures: Vec<Option<usize>>,
    /// Valid repayments: loan entry index -> (date, id, amount).
    repayments: BTreeMap<usize, Vec<(Date, &'d str, i128)>>,
}

impl<'d> Entries<'d> {
    fn check(
        doc: &'d Document,
        views: &[View<'d>],
        members: &Map<&str, u32>,
        by_id: &Map<&str, usize>,
        id_ok: &[bool],
        scale: u32,
    ) -> Entries<'d> {
        let n = doc.entries.len();
        let mut s = Entries {
            doc,
            error: vec![None; n],
            facts: vec![Facts::default(); n],
            voided: vec![false; n],
            departures: vec![None; doc.members.len()],
            repayments: BTreeMap::new(),
        };
        // Voids first: they decide which entries exist at all. The other
        // entries are listed by type on the way, for the passes below.
        let mut voids_of: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        let (mut departures, mut contributions, mut repayments) = (vec![], vec![], vec![]);
        for (i, e) in doc.entries.iter().enumerate() {
            let target = match &e.body {
                EntryBody::Void { target } => target,
                EntryBody::Departure { .. } => {
                    departures.push(i);
                    continue;
                }
                EntryBody::Contribution(_) => {
                    contributions.push(i);
                    continue;
                }
                EntryBody::Repayment { .. } => {
                    repayments.push(i);
                    continue;
                }
            };
            if id_ok.get(i) != Some(&true) {
                continue;
            }
            let t = by_id.get(target.as_str()).copied();
            match t.and_then(|t| s.entry(t)).map(|t| &t.body) {
                Some(body) if !matches!(body, EntryBody::Void { .. }) => {
                    voids_of
                        .entry(t.unwrap_or_default())
                        .or_default()
                        .push(&e.id);
                }
                _ => s.fail(
                    i,
                    C::UnknownTarget,
                    &format!("voids {target:?}, which is not an entry other than a void"),
                ),
            }
        }
        for (&target, ids) in &voids_of {
            if let Some(v) = s.voided.get_mut(target) {
                *v = true;
            }
            let target_id = s.entry(target).map_or("", |t| t.id.as_str());
            let standing = ids.iter().min().copied().unwrap_or_default();
            for id in ids.iter().filter(|&&id| id != standing) {
                if let Some(&i) = by_id.get(id) {
                    s.fail(
                        i,
                        C::DuplicateVoid,
                        &format!("{target_id:?} is already voided by {standing:?}"),
                    );
                }
            }
        }
        let voided = s.voided.clone();
        let live = |i: usize| id_ok.get(i) == Some(&true) && voided.get(i) == Some(&false);
        // Departures.
        // Per member (id, place): its departures as (date, id, entry index).
        let mut candidates: BTreeMap<(&str, u32), Vec<Dated<'_>>> = BTreeMap::new();
        let listed = |list: Vec<usize>| {
            list.into_iter()
                .filter_map(|i| Some((i, doc.entries.get(i)?)))
        };
        for (i, e) in listed(departures) {
            let EntryBody::Departure {
                member,
                date,
                reason,
            } = &e.body
            else {
                continue;
            };
            if !live(i) {
                continue;
            }
            let position = members.get(member.as_str()).copied();
            let problem = if position.is_some() {
                match in_force(views, *date) {
                    None => Some((C::NoPolicy, format!("no policy is in force on {date}"))),
                    Some(v) if v.reason(reason).is_none() => Some((C::UnknownReason, format!("the departure reason {reason:?} is not defined in the policy in force on {date}"))),
                    Some(_) => None,
                }
            } else {
                Some((
                    C::UnknownMember,
                    format!("{member:?} is not a listed member"),
                ))
            };
            match (problem, position) {
                (Some((code, m)), _) => s.fail(i, code, &m),
                (None, Some(position)) => candidates
                    .entry((member, position))
                    .or_default()
                    .push((*date, &e.id, i)),
                (None, None) => {}
            }
        }
        for ((member, position), mut list) in candidates {
            list.sort_unstable_by(|a, b| (a.0, a.1.as_bytes()).cmp(&(b.0, b.1.as_bytes())));
            let Some((&(first_date, first_id, first), later)) = list.split_first() else {
                continue;
            };
            if let Some(d) = s.departures.get_mut(position as usize) {
                *d = Some(first);
            }
            for &(_, _, i) in later {
                s.fail(
                    i,
                    C::DuplicateDeparture,
                    &format!("{member:?} already departs on {first_date} ({first_id:?})"),
                );
            }
        }
        // Contributions.
        for (i, e) in listed(contributions) {
            let EntryBody::Contribution(c) = &e.body else {
                continue;
            };
            if !live(i) {
                continue;
            }
            if let Err((code, m)) = s.check_contribution(i, c, views, members, scale) {
                s.fail(i, code, &m);
            }
        }
        // Repayments.
        for (i, e) in listed(repayments) {
            let EntryBody::Repayment { loan, date, amount } = &e.body else {
                continue;
            };
            if !live(i) {
                continue;
            }
            match s.check_repayment(loan, *date, *amount, views, by_id, scale) {
                Ok((l, minor)) => {
                    s.repayments
                        .entry(l)
                        .or_default()
                        .push((*date, &e.id, minor));
                }
                Err((code, m)) => s.fail(i, code, &m),
            }
        }
        let mut over = Vec::new();
        for (&loan, list) in &mut s.repayments {
            list.sort_unstable_by(|a, b| (a.0, a.1.as_bytes()).cmp(&(b.0, b.1.as_bytes())));
            let facts = s.facts.get(loan).copied().unwrap_or_default();
            let Some(at_risk) = facts.at_risk.map(i128::from) else {
                continue;
            };
            let mut sum = 0i128;
            for &(_, id, amount) in list.iter() {
                sum += amount;
                if sum > at_risk {
                    over.extend(by_id.get(id).map(|&i| (i, loan)));
                    break;
                }
            }
        }
        for (i, loan) in over {
            let loan_id = s.entry(loan).map_or("", |l| l.id.as_str());
            let m = format!("repayments of {loan_id:?} would exceed its value at risk");
            s.fail(i, C::OverRepayment, &m);
        }
        s
    }

    fn entry(&self, i: usize) -> Option<&'d Entry> {
        self.doc.entries.get(i)
    }

    /// Records entry `i`'s error.
    fn fail(&mut self, i: usize, code: C, message: &str) {
        let (Some(e), Some(slot)) = (self.doc.entries.get(i), self.error.get_mut(i)) else {
            return;
        };
        let error = Error::new(code, format!("entry {:?}: {message}", e.id)).with_entry(&e.id);
        *slot = Some(Box::new(error));
    }

    fn check_contribution(
        &mut self,
        i: usize,
        c: &Contribution,
        views: &[View<'d>],
        members: &Map<&str, u32>,
        scale: u32,
    ) -> Result<(), (C, String)> {
        let Some(&member) = members.get(c.member.as_str()) else {
            return Err((
                C::UnknownMember,
                format!("{:?} is not a listed member", c.member),
            ));
        };
        let vi = views
            .partition_point(|v| v.effective <= c.date)
            .checked_sub(1)
            .ok_or_else(|| (C::NoPolicy, format!("no policy is in force on {}", c.date)))?;
        let view = views
            .get(vi)
            .ok_or_else(|| (C::NoPolicy, format!("no policy is in force on {}", c.date)))?;
        let kind = view.kind(&c.kind).ok_or_else(|| {
            (
                C::UnknownKind,
                format!(
                    "the kind {:?} is not defined in the policy in force on {}",
                    c.kind, c.date
                ),
            )
        })?;
        let Some(facts) = self.facts.get_mut(i) else {
            return Ok(());
        };
        facts.view = u32::try_from(vi).ok();
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
        for (x, k, name) in decimals {
            if let Some(x) = x {
                if !x.has_at_most_decimals(k) {
                    return Err((
                        C::InvalidAmount,
                        format!("{name} {x} has more than {k} decimals"),
                    ));
                }
            }
        }
        for (x, _, name) in decimals {
            if x.is_some_and(Dec::is_negative) {
                return Err((C::NegativeValue, format!("{name} must not be negative")));
            }
        }
        let value = match (c.value, c.hours, c.rate) {
            (Some(v), _, _) => Some(v.scaled(scale)),
            // hours (10^-4) × rate (10^-(s+2)) has s + 6 decimals.
            (_, Some(h), Some(r)) => {
                mul_div(h.scaled(4), r.scaled(scale + 2), 1_000_000, Round::HalfEven)
            }
            _ => None,
        };
        let paid = c.paid.map_or(0, |p| p.scaled(scale));
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
                    crate::number::fmt_fixed(value, scale)
                ),
            ));
        }
        let at_risk = value - paid;
        let price = view.policy.unit_price.unwrap_or(Dec::ONE);
        // Units beyond i128 saturate (and fail the units limit); with an
        // invalid unit price (<= 0, its policy's error) there are none.
        let units = price.is_positive().then(|| {
            mul3_div(
                at_risk,
                kind.multiplier.raw(),
                10_000,
                price.raw().saturating_mul(10i128.pow(scale)),
                Round::HalfEven,
            )
            .unwrap_or(i128::MAX)
        });
        // Within the money limit, value and at_risk fit an i64; units saturate.
        let narrow = |x: i128| i64::try_from(x).unwrap_or(i64::MAX);
        *facts = Facts {
            view: u32::try_from(vi).ok(),
            member,
            at_risk: Some(narrow(at_risk)),
            value: Some(narrow(value)),
            units: units.map(narrow),
        };
        let departure = self.departures.get(member as usize).copied().flatten();
        if let Some(d) = departure.and_then(|d| self.entry(d)) {
            if let EntryBody::Departure { date, .. } = &d.body {
                if c.date > *date {
                    return Err((
                        C::MemberDeparted,
                        format!("{:?} left on {date}, before this contribution", c.member),
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_repayment(
        &self,
        loan: &str,
        date: Date,
        amount: Dec,
        views: &[View<'d>],
        by_id: &Map<&str, usize>,
        scale: u32,
    ) -> Result<(usize, i128), (C, String)> {
        let target = by_id.get(loan).copied().and_then(|l| {
            let voided = self.voided.get(l).copied().unwrap_or(true);
            match self.entry(l).map(|e| &e.body) {
                Some(EntryBody::Contribution(c)) if !voided => Some((l, c)),
                _ => None,
            }
        });
        let (l, c) = target.ok_or_else(|| {
            (
                C::UnknownTarget,
                format!("repays {loan:?}, which is not a (non-voided) contribution"),
            )
        })?;
        let view = self.facts.get(l).and_then(|f| f.view);
        if let Some(view) = view.and_then(|vi| views.get(vi as usize)) {
            if !view.kind(&c.kind).is_some_and(|k| k.repayable) {
                return Err((
                    C::NotRepayable,
                    format!("{loan:?} is of kind {:?}, which is not repayable", c.kind),
                ));
            }
        }
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
        if date < c.date {
            return Err((
                C::InvalidEntry,
                format!("a repayment cannot be dated before its loan ({})", c.date),
            ));
        }
        Ok((l, minor))
    }

    fn errors(&self) -> Vec<Error> {
        let mut list: Vec<(&str, &Box<Error>)> = self
            .error
            .iter()
            .zip(&self.doc.entries)
            .filter_map(|(error, entry)| error.as_ref().map(|e| (entry.id.as_str(), e)))
            .collect();
        list.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        list.into_iter().map(|(_, e)| (**e).clone()).collect()
    }

    fn into_ledger(
        self,
        doc: &Document,
        views: &[View<'_>],
        scale: u32,
        defined: &BTreeSet<&str>,
    ) -> Builder {
        let kinds: Vec<String> = defined.iter().map(|k| (*k).to_string()).collect();
        let mut members: Vec<String> = doc.members.iter().map(|m| m.id.clone()).collect();
        members.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        let kind_index = |name: &str| {
            kinds
                .binary_search_by(|k| k.as_bytes().cmp(name.as_bytes()))
                .unwrap_or(0)
        };
        let count = doc
            .entries
            .iter()
            .filter(|e| matches!(e.body, EntryBody::Contribution(_)))
            .count();
        let mut contributions = Vec::with_capacity(count);
        let mut ids = Ids::default();
        let mut tables = LinearTables::default();
        let valid = doc.entries.iter().zip(&self.facts).zip(&self.voided);
        for (i, ((e, f), &voided)) in valid.enumerate() {
            let EntryBody::Contribution(c) = &e.body else {
                continue;
            };
            let (Some(vi), Some(at_risk), Some(value), Some(units)) =
                (f.view, f.at_risk, f.value, f.units)
            else {
                continue;
            };
            if voided {
                continue;
            }
            let Some(kind) = views.get(vi as usize).and_then(|v| v.kind(&c.kind)) else {
                continue;
            };
            let standing = self.departures.get(f.member as usize).copied().flatten();
            let departure = standing.and_then(|d| match &doc.entries.get(d)?.body {
                EntryBody::Departure { date, reason, .. } => {
                    let factors = in_force(views, *date).and_then(|v| v.reason(reason));
                    Some((*date, factors.map_or(Dec::ONE, |f| retention(f, &c.kind))))
                }
                _ => None,
            });
            let repayments: Vec<(Date, i128)> = self
                .repayments
                .get(&i)
                .map(|l| l.iter().map(|&(d, _, a)| (d, a)).collect())
                .unwrap_or_default();
            let parts = Parts {
                member: f.member as usize,
                kind: kind_index(&c.kind),
                date: c.date,
                value: value.into(),
                at_risk: at_risk.into(),
                units: units.into(),
                curve: &kind.curve,
                repayable: kind.repayable,
                departure,
                repayments: &repayments,
            };
            contributions.push(Valued::new(&parts, &mut tables));
            ids.push(&e.id);
        }
        // Each distribution is resolved once, however many policies inherit it.
        let mut resolved: HashMap<*const Distribution, Arc<ResolvedDistribution>> = HashMap::new();
        let policies = views
            .iter()
            .map(|v| {
                let key = v.distribution.map_or(std::ptr::null(), std::ptr::from_ref);
                let distribution = resolved
                    .entry(key)
                    .or_insert_with(|| {
                        Arc::new(resolve_distribution(v.distribution, &kinds, scale))
                    })
                    .clone();
                ResolvedPolicy {
                    effective: v.effective,
                    distribution,
                }
            })
            .collect();
        ids.shrink_to_fit();
        Builder {
            scale,
            policies,
            kinds,
            members,
            contributions,
            ids,
        }
    }
}

struct Builder {
    scale: u32,
    policies: Vec<ResolvedPolicy>,
    kinds: Vec<String>,
    members: Vec<String>,
    contributions: Vec<Valued>,
    ids: Ids,
}

impl Builder {
    fn into_ledger(mut self, currency: Currency) -> Ledger {
        let pairs = index_pairs(&mut self.contributions);
        Ledger {
            pairs,
            currency,
            scale: self.scale,
            policies: self.policies,
            kinds: self.kinds,
            members: self.members,
            contributions: self.contributions,
            ids: self.ids,
        }
    }
}

fn resolve_distribution(
    d: Option<&Distribution>,
    kinds: &[String],
    scale: u32,
) -> ResolvedDistribution {
    let default_pool = || {
        vec![ResolvedBucket {
            name: "all".into(),
            share: Dec::ONE,
            pool: Some(KindSet::All),
        }]
    };
    let buckets = match d.and_then(|d| d.buckets.as_ref()) {
        None => default_pool(),
        Some(list) => list
            .iter()
            .map(|b| ResolvedBucket {
                name: b.name.clone(),
                share: b.share,
                pool: b.kinds.as_ref().map(|ks| match ks.as_slice() {
                    [all] if all == "*" => KindSet::All,
                    _ => {
                        let mut set: Vec<u32> = ks
                            .iter()
                            .filter_map(|k| {
                                let i = kinds.binary_search_by(|x| x.as_bytes().cmp(k.as_bytes()));
                                i.ok().and_then(|i| u32::try_from(i).ok())
                            })
                            .collect();
                        set.sort_unstable();
                        KindSet::Some(set)
                    }
                }),
            })
            .collect(),
    };
    ResolvedDistribution {
        buckets,
        cash_fraction: d.and_then(|d| d.cash_fraction).unwrap_or(Dec::ONE),
        minimum_payout: d
            .and_then(|d| d.minimum_payout)
            .map_or(0, |m| m.scaled(scale)),
    }
}
