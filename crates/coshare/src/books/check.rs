//! Checking the book entries (docs/format.md, "Errors": the book entries'
//! checks): each allocation, redemption, adjustment and payment reports its
//! first failing check, in the order written there; errors do not cascade.
//!
//! The builder hands over plain data (the entries, which are voided, the
//! listed members, the paid-in capital of valid contributions), so this
//! module knows nothing of how the rest of a ledger is checked.

use crate::books::{Books, CapitalView, Figures, Moved, Posted};
use crate::check::policy::money;
use crate::document::{Allocation, Basis, EntryBody, Figure};
use crate::error::ErrorCode as C;
use crate::values::date::{check_period, Date};
use crate::values::number::{fmt_fixed, Dec};
use std::collections::BTreeMap;

/// What the book checks need of the rest of the ledger.
pub(crate) struct Input<'a> {
    pub scale: u32,
    /// Listed member ids, sorted by their bytes.
    pub members: &'a [String],
    /// The book entries, with their index among all entries.
    pub entries: &'a [(u32, EntryBody)],
    /// The id of entry `i`.
    pub id_of: &'a dyn Fn(u32) -> &'a str,
    /// The index of the entry with this id, if any.
    pub find: &'a dyn Fn(&str) -> Option<usize>,
    /// Whether entry `i` is voided.
    pub voided: &'a dyn Fn(usize) -> bool,
    /// Paid-in capital of non-voided contributions without an error.
    pub paid_in: Vec<Moved>,
    /// Members (by index) named by a non-voided contribution with an error.
    pub troubled: Vec<usize>,
    pub capital: Vec<CapitalView>,
    pub departures: Vec<Option<Date>>,
}

/// A capital-account movement while checking: date, rank (paid-in,
/// retained, adjustment, redemption), entry id, amount, whether a redemption.
type Step<'a> = (Date, u8, &'a str, i128, bool);

/// An entry's first failing check.
pub(crate) type Problem = (u32, C, String);

/// An allocation's figures after its own checks, in minor units.
struct Read {
    basis: Basis,
    amount: i128,
    carry_in: Option<Vec<(usize, i128)>>,
    reserves: Vec<(String, i128)>,
    unallocated: i128,
    members: Vec<(usize, Figures)>,
}

/// Checks the book entries: their problems (at most one per entry), and
/// the books they make (complete only when there is no problem anywhere).
pub(crate) fn check(input: Input<'_>) -> (Vec<Problem>, Books) {
    let scale = input.scale;
    let place = |id: &str| {
        input
            .members
            .binary_search_by(|m| m.as_bytes().cmp(id.as_bytes()))
            .ok()
    };
    let live: Vec<usize> = (0..input.entries.len())
        .filter(|&k| {
            input
                .entries
                .get(k)
                .is_some_and(|(i, _)| !(input.voided)(*i as usize))
        })
        .collect();
    let entry_of = |k: usize| input.entries.get(k).map(|(i, _)| *i);
    let id = |k: usize| entry_of(k).map_or("", |i| (input.id_of)(i));
    // Book entry number by entry index.
    let by_entry: BTreeMap<u32, usize> = live
        .iter()
        .filter_map(|&k| entry_of(k).map(|i| (i, k)))
        .collect();
    let mut errors: BTreeMap<usize, (C, String)> = BTreeMap::new();

    // Allocations: their own checks, then the chain and the balance.
    let mut read: BTreeMap<usize, Read> = BTreeMap::new();
    let mut allocations: Vec<(usize, &Allocation)> = Vec::new();
    for &k in &live {
        if let Some((_, EntryBody::Allocation(a))) = input.entries.get(k) {
            allocations.push((k, a));
            match read_allocation(a, scale, &place) {
                Ok(r) => {
                    read.insert(k, r);
                }
                Err(e) => {
                    errors.insert(k, e);
                }
            }
        }
    }
    allocations
        .sort_by(|(j, a), (k, b)| (a.start, id(*j).as_bytes()).cmp(&(b.start, id(*k).as_bytes())));
    let mut kept: Vec<usize> = Vec::new();
    for &(k, a) in &allocations {
        if errors.contains_key(&k) {
            continue;
        }
        if let Some(last) = kept.last().and_then(|&l| allocation(input.entries, l)) {
            if a.start <= last.end || a.date < last.date {
                let m = format!(
                    "its period {}..{} (declared {}) overlaps or comes before the allocation of {}..{} (declared {})",
                    a.start, a.end, a.date, last.start, last.end, last.date
                );
                errors.insert(k, (C::OverlappingAllocation, m));
                continue;
            }
        }
        kept.push(k);
    }
    // Whether a non-voided allocation before each one (in chain order) has
    // an error of its own other than unbalanced_allocation.
    let mut after_error: BTreeMap<usize, bool> = BTreeMap::new();
    let mut seen_error = false;
    for &(k, _) in &allocations {
        after_error.insert(k, seen_error);
        seen_error |= errors.contains_key(&k);
    }
    let mut carried: Vec<(usize, i128)> = Vec::new();
    let mut chain_carry: BTreeMap<usize, Vec<(usize, i128)>> = BTreeMap::new();
    for (n, &k) in kept.iter().enumerate() {
        let Some(r) = read.get(&k) else { continue };
        let carry_in = if n == 0 {
            r.carry_in.clone().unwrap_or_default()
        } else {
            std::mem::take(&mut carried)
        };
        let skip = after_error.get(&k).copied().unwrap_or(false);
        let problem = if n > 0 && r.carry_in.is_some() {
            Some("only the first allocation of the chain may give a carry_in".to_string())
        } else {
            unbalanced(r, &carry_in, skip, scale, input.members)
        };
        if let Some(m) = problem {
            errors.insert(k, (C::UnbalancedAllocation, m));
        }
        carried = r
            .members
            .iter()
            .filter(|(_, f)| f.carry_out != 0)
            .map(|(m, f)| (*m, f.carry_out))
            .collect();
        chain_carry.insert(k, carry_in);
    }

    // Redemptions, adjustments and payments: their own checks.
    let is_allocation = |target: &str| {
        (input.find)(target)
            .and_then(|i| u32::try_from(i).ok())
            .and_then(|i| by_entry.get(&i))
            .copied()
            .filter(|&k| matches!(input.entries.get(k), Some((_, EntryBody::Allocation(_)))))
    };
    let mut valid_redemptions: Vec<(usize, usize, Date, i128)> = Vec::new();
    let mut valid_adjustments: Vec<(usize, usize, Date, i128, Option<usize>)> = Vec::new();
    let mut valid_payments: Vec<(usize, usize, usize, Date, i128)> = Vec::new();
    let mut troubled: Vec<bool> = vec![false; input.members.len()];
    for &m in &input.troubled {
        if let Some(t) = troubled.get_mut(m) {
            *t = true;
        }
    }
    for &k in &live {
        let Some((_, body)) = input.entries.get(k) else {
            continue;
        };
        let outcome: Result<(), (C, String)> = match body {
            EntryBody::Redemption {
                member,
                date,
                amount,
            } => place(member)
                .ok_or_else(|| unknown_member(member))
                .and_then(|m| {
                    let x = positive(*amount, scale, "a redemption")?;
                    valid_redemptions.push((k, m, *date, x));
                    Ok(())
                })
                .inspect_err(|_| mark(&mut troubled, place(member))),
            EntryBody::Adjustment {
                member,
                date,
                amount,
                allocation: named,
            } => place(member)
                .ok_or_else(|| unknown_member(member))
                .and_then(|m| {
                    let target = match named {
                        None => None,
                        Some(t) => Some(is_allocation(t).ok_or_else(|| {
                            (
                                C::UnknownTarget,
                                format!("corrects {t:?}, which is not a (non-voided) allocation"),
                            )
                        })?),
                    };
                    if let Some(a) = target.and_then(|t| allocation(input.entries, t)) {
                        if *date < a.date {
                            return Err((
                                C::InvalidEntry,
                                format!("an adjustment cannot be dated before the allocation it corrects ({})", a.date),
                            ));
                        }
                    }
                    let x = nonzero(*amount, scale)?;
                    valid_adjustments.push((k, m, *date, x, target));
                    Ok(())
                })
                .inspect_err(|_| mark(&mut troubled, place(member))),
            EntryBody::Payment {
                allocation: target,
                member,
                date,
                amount,
            } => is_allocation(target)
                .ok_or_else(|| {
                    (
                        C::UnknownTarget,
                        format!("pays {target:?}, which is not a (non-voided) allocation"),
                    )
                })
                .and_then(|t| {
                    if errors.contains_key(&t) {
                        // Errors do not cascade: only the payment's own amount.
                        positive(*amount, scale, "a payment")?;
                        return Ok(());
                    }
                    let listed = read
                        .get(&t)
                        .and_then(|r| place(member).filter(|m| r.members.iter().any(|(x, _)| x == m)));
                    let m = listed.ok_or_else(|| {
                        (
                            C::UnknownMember,
                            format!("{member:?} is not listed in the allocation {target:?}"),
                        )
                    })?;
                    let a_date = allocation(input.entries, t).map_or(*date, |a| a.date);
                    if *date < a_date {
                        return Err((
                            C::InvalidEntry,
                            format!("a payment cannot be dated before its allocation ({a_date})"),
                        ));
                    }
                    let x = positive(*amount, scale, "a payment")?;
                    valid_payments.push((k, t, m, *date, x));
                    Ok(())
                }),
            EntryBody::Allocation(a) => {
                if errors.contains_key(&k) {
                    for (who, _) in &a.members {
                        mark(&mut troubled, place(who));
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = outcome {
            errors.insert(k, e);
        }
    }

    // over_payment: each member's payments of one allocation, in (date, id) order.
    valid_payments.sort_by(|a, b| {
        (a.1, a.2, a.3, id(a.0).as_bytes()).cmp(&(b.1, b.2, b.3, id(b.0).as_bytes()))
    });
    let mut p = 0;
    while p < valid_payments.len() {
        let Some(&(_, t, m, _, _)) = valid_payments.get(p) else {
            break;
        };
        let cash = read
            .get(&t)
            .and_then(|r| r.members.iter().find(|(x, _)| *x == m))
            .map_or(0, |(_, f)| f.cash);
        let mut sum = 0i128;
        let mut flagged = false;
        while let Some(&(k, t2, m2, _, x)) = valid_payments.get(p) {
            if (t2, m2) != (t, m) {
                break;
            }
            sum += x;
            if sum > cash && !flagged {
                let m = format!(
                    "payments of this allocation to {:?} would exceed its cash of {}",
                    input.members.get(m).map_or("", String::as_str),
                    fmt_fixed(cash, scale)
                );
                errors.insert(k, (C::OverPayment, m));
                flagged = true;
            }
            p += 1;
        }
    }
    valid_payments.retain(|(k, ..)| !errors.contains_key(k));

    // over_redemption: each member's capital account, movement by movement.
    // Per member: (date, rank, entry id, amount, whether a redemption).
    let mut movements: Vec<Vec<Step<'_>>> = vec![Vec::new(); input.members.len()];
    for c in &input.paid_in {
        if let Some(list) = movements.get_mut(c.member) {
            list.push((c.date, 0, c.id.as_str(), c.amount, false));
        }
    }
    for &k in &kept {
        let (Some(r), Some(a)) = (read.get(&k), allocation(input.entries, k)) else {
            continue;
        };
        if errors.contains_key(&k) {
            continue;
        }
        for (m, f) in &r.members {
            if let Some(list) = movements.get_mut(*m) {
                list.push((a.date, 1, id(k), f.retained, false));
            }
        }
    }
    for &(k, m, date, x, _) in &valid_adjustments {
        if let Some(list) = movements.get_mut(m) {
            list.push((date, 2, id(k), x, false));
        }
    }
    for &(k, m, date, x) in &valid_redemptions {
        if let Some(list) = movements.get_mut(m) {
            list.push((date, 3, id(k), -x, true));
        }
    }
    for (m, list) in movements.iter_mut().enumerate() {
        if troubled.get(m).copied().unwrap_or(true) || !list.iter().any(|x| x.4) {
            continue;
        }
        list.sort_by(|a, b| (a.0, a.1, a.2.as_bytes()).cmp(&(b.0, b.1, b.2.as_bytes())));
        let mut balance = 0i128;
        for &(_, _, entry, x, redemption) in list.iter() {
            balance += x;
            if redemption && balance < 0 {
                let k = (input.find)(entry)
                    .and_then(|i| u32::try_from(i).ok())
                    .and_then(|i| by_entry.get(&i))
                    .copied();
                if let Some(k) = k {
                    let who = input.members.get(m).map_or("", String::as_str);
                    errors.insert(
                        k,
                        (
                            C::OverRedemption,
                            format!(
                                "it takes {who:?}'s capital account below zero ({})",
                                fmt_fixed(balance, scale)
                            ),
                        ),
                    );
                }
                break;
            }
        }
    }

    let problems: Vec<Problem> = errors
        .into_iter()
        .filter_map(|(k, (code, m))| Some((entry_of(k)?, code, m)))
        .collect();
    if !problems.is_empty() {
        return (problems, Books::default());
    }

    // The books of a valid ledger.
    let chain_index: BTreeMap<usize, usize> =
        kept.iter().enumerate().map(|(n, &k)| (k, n)).collect();
    let allocations: Vec<Posted> = kept
        .iter()
        .filter_map(|&k| {
            let (r, a) = (read.remove(&k)?, allocation(input.entries, k)?);
            let carry = chain_carry.remove(&k).unwrap_or_default();
            let members = r
                .members
                .into_iter()
                .map(|(m, mut f)| {
                    f.carry_in = carry.iter().find(|(x, _)| *x == m).map_or(0, |(_, c)| *c);
                    (m, f)
                })
                .collect();
            Some(Posted {
                id: id(k).to_string(),
                date: a.date,
                start: a.start,
                end: a.end,
                amount: r.amount,
                basis: r.basis,
                carry_in_field: r.carry_in,
                reserves: r.reserves,
                unallocated: r.unallocated,
                members,
            })
        })
        .collect();
    let moved =
        |k: usize, member: usize, date: Date, amount: i128, allocation: Option<usize>| Moved {
            id: id(k).to_string(),
            member,
            date,
            amount,
            allocation: allocation.and_then(|t| chain_index.get(&t).copied()),
            kind: None,
        };
    let books = Books {
        allocations,
        payments: valid_payments
            .iter()
            .map(|&(k, t, m, d, x)| moved(k, m, d, x, Some(t)))
            .collect(),
        redemptions: valid_redemptions
            .iter()
            .map(|&(k, m, d, x)| moved(k, m, d, x, None))
            .collect(),
        adjustments: valid_adjustments
            .iter()
            .map(|&(k, m, d, x, t)| moved(k, m, d, x, t))
            .collect(),
        paid_in: input.paid_in,
        capital: input.capital,
        departures: input.departures,
        other_ids: crate::check::ids::Ids::default(),
    };
    (Vec::new(), books)
}

fn mark(troubled: &mut [bool], m: Option<usize>) {
    if let Some(t) = m.and_then(|m| troubled.get_mut(m)) {
        *t = true;
    }
}

fn unknown_member(member: &str) -> (C, String) {
    (
        C::UnknownMember,
        format!("{member:?} is not a listed member"),
    )
}

fn allocation(entries: &[(u32, EntryBody)], k: usize) -> Option<&Allocation> {
    match entries.get(k) {
        Some((_, EntryBody::Allocation(a))) => Some(a),
        _ => None,
    }
}

/// A money amount above zero: `invalid_amount` (decimals, then <= 0), then `overflow`.
fn positive(x: Dec, scale: u32, what: &str) -> Result<i128, (C, String)> {
    if !x.has_at_most_decimals(scale) {
        return Err((
            C::InvalidAmount,
            format!("{x} has more than {scale} decimals"),
        ));
    }
    if !x.is_positive() {
        return Err((
            C::InvalidAmount,
            format!("{what} amount must be above zero, not {x}"),
        ));
    }
    money(x, scale).map_err(|code| {
        (
            code,
            format!("{x} is beyond the money limit of 10^15 minor units"),
        )
    })
}

/// A money amount other than zero: `invalid_amount` (decimals, then 0), then `overflow`.
fn nonzero(x: Dec, scale: u32) -> Result<i128, (C, String)> {
    if !x.has_at_most_decimals(scale) {
        return Err((
            C::InvalidAmount,
            format!("{x} has more than {scale} decimals"),
        ));
    }
    if x == Dec::ZERO {
        return Err((
            C::InvalidAmount,
            "an adjustment amount must not be zero".into(),
        ));
    }
    money(x, scale).map_err(|code| {
        (
            code,
            format!("{x} is beyond the money limit of 10^15 minor units"),
        )
    })
}

/// A money value of an allocation (`invalid_amount`, then `overflow`).
fn figure(x: Dec, scale: u32, what: &str) -> Result<i128, (C, String)> {
    money(x, scale).map_err(|code| {
        let why = if code == C::InvalidAmount {
            format!("has more than {scale} decimals")
        } else {
            "is beyond the money limit of 10^15 minor units".to_string()
        };
        (code, format!("{what} {x} {why}"))
    })
}

/// An allocation's own checks, in the order of docs/format.md ("Errors").
fn read_allocation(
    a: &Allocation,
    scale: u32,
    place: &dyn Fn(&str) -> Option<usize>,
) -> Result<Read, (C, String)> {
    check_period(a.start, a.end).map_err(|e| (e.code(), e.message().to_string()))?;
    if a.date < a.end {
        return Err((
            C::InvalidEntry,
            format!(
                "an allocation is declared on or after its period's end ({}), not {}",
                a.end, a.date
            ),
        ));
    }
    let basis = match a.basis.as_deref() {
        None => Basis::TimeWeighted,
        Some(b) => Basis::parse(b).ok_or_else(|| {
            (
                C::InvalidEntry,
                format!("the basis {b:?} is neither \"time_weighted\" nor \"snapshot\""),
            )
        })?,
    };
    if a.reserves
        .iter()
        .any(|(name, _)| name.is_empty() || crate::check::limits::too_long(name))
    {
        return Err((
            C::InvalidEntry,
            format!(
                "a reserve name must be 1 to {} bytes long",
                crate::check::limits::MAX_ID_BYTES
            ),
        ));
    }
    let amount = figure(a.amount, scale, "the amount")?;
    let mut carry_in = Vec::new();
    for (m, x) in a.carry_in.iter().flatten() {
        let what = format!("the carry-in of {m:?}");
        if !x.has_at_most_decimals(scale) {
            return Err((
                C::InvalidAmount,
                format!("{what} {x} has more than {scale} decimals"),
            ));
        }
        if x.is_negative() {
            return Err((C::NegativeValue, format!("{what} must not be negative")));
        }
        carry_in.push((m.as_str(), figure(*x, scale, &what)?));
    }
    let mut reserves = Vec::new();
    for (name, x) in &a.reserves {
        reserves.push((
            name.clone(),
            figure(*x, scale, &format!("the reserve {name:?}"))?,
        ));
    }
    let unallocated = match a.unallocated {
        Some(x) => figure(x, scale, "unallocated")?,
        None => 0,
    };
    let mut members = Vec::new();
    for (m, f) in &a.members {
        let mut figures = Figures::default();
        let order: &[Figure] = if f.written.is_empty() {
            &[
                Figure::Allocated,
                Figure::Cash,
                Figure::Retained,
                Figure::CarryOut,
            ]
        } else {
            &f.written
        };
        for name in order {
            let (x, slot, label) = match name {
                Figure::Allocated => (Some(f.allocated), &mut figures.allocated, "allocated"),
                Figure::Cash => (Some(f.cash), &mut figures.cash, "cash"),
                Figure::Retained => (Some(f.retained), &mut figures.retained, "retained"),
                Figure::CarryOut => (f.carry_out, &mut figures.carry_out, "carry_out"),
            };
            if let Some(x) = x {
                *slot = figure(x, scale, &format!("{label} of {m:?}"))?;
            }
        }
        members.push((m.as_str(), figures));
    }
    let carry_in: Vec<(usize, i128)> = carry_in
        .into_iter()
        .map(|(m, x)| place(m).map(|p| (p, x)).ok_or_else(|| unknown_member(m)))
        .collect::<Result<_, _>>()?;
    let mut members: Vec<(usize, Figures)> = members
        .into_iter()
        .map(|(m, f)| place(m).map(|p| (p, f)).ok_or_else(|| unknown_member(m)))
        .collect::<Result<_, _>>()?;
    members.sort_by_key(|(m, _)| *m);
    let mut carry_in = a.carry_in.as_ref().map(|_| carry_in);
    if let Some(c) = carry_in.as_mut() {
        c.sort_by_key(|(m, _)| *m);
    }
    reserves.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    Ok(Read {
        basis,
        amount,
        carry_in,
        reserves,
        unallocated,
        members,
    })
}

/// The first balance rule an allocation breaks (docs/format.md,
/// "Balance"); `skip`: rules 2 and 4 and `carry_out = carry_in` are left
/// out after an earlier allocation with an error of its own.
fn unbalanced(
    r: &Read,
    carry_in: &[(usize, i128)],
    skip: bool,
    scale: u32,
    names: &[String],
) -> Option<String> {
    let total = r.reserves.iter().map(|(_, x)| x).sum::<i128>()
        + r.members.iter().map(|(_, f)| f.allocated).sum::<i128>()
        + r.unallocated;
    if total != r.amount {
        return Some(format!(
            "the reserves, members' allocated and unallocated add up to {}, not the amount {}",
            fmt_fixed(total, scale),
            fmt_fixed(r.amount, scale)
        ));
    }
    let name = |m: usize| names.get(m).map_or("", String::as_str).to_string();
    let carried = |m: usize| {
        carry_in
            .iter()
            .find(|(x, _)| *x == m)
            .map_or(0, |(_, c)| *c)
    };
    for (m, f) in &r.members {
        let c = carried(*m);
        if !skip && (f.allocated + c != f.cash + f.retained + f.carry_out || f.carry_out < 0) {
            return Some(format!(
                "for {:?}, allocated + carry-in ({}) is not cash + retained + carry_out ({}) with carry_out >= 0",
                name(*m),
                fmt_fixed(f.allocated + c, scale),
                fmt_fixed(f.cash + f.retained + f.carry_out, scale)
            ));
        }
        if f.allocated >= 0 && (f.cash < 0 || f.retained < 0) {
            return Some(format!(
                "for {:?}, a share of a profit has negative cash or retained",
                name(*m)
            ));
        }
        if f.allocated < 0
            && (f.cash != 0 || f.retained != f.allocated || (!skip && f.carry_out != c))
        {
            return Some(format!(
                "for {:?}, a share of a loss must be retained whole, with no cash, and carry its carry-in over",
                name(*m)
            ));
        }
    }
    if !skip {
        if let Some((m, _)) = carry_in
            .iter()
            .find(|(m, c)| *c != 0 && r.members.iter().all(|(x, _)| x != m))
        {
            return Some(format!(
                "{:?} has a carry-in but is not listed in members",
                name(*m)
            ));
        }
    }
    None
}
