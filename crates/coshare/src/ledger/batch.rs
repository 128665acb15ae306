//! Unit-days over many periods in one pass (behind [`Ledger::split_many`]).
//!
//! Each contribution's live units are cut into pieces: stretches where they
//! are constant (a rate of unit-days per day) and stretches of a linear
//! fade. Constant stretches become rate changes per member and kind, swept
//! once in day order: the unit-days up to day `y` of every member and kind
//! are `(y + 1)·Σ change − Σ change·day` over the changes so far, read at
//! each period's ends. Fading stretches are summed per period they overlap. A contribution cut into
//! too many pieces (a geometric curve with a tiny rate) is summed directly.

use crate::ledger::basis::{Tables, Valued};
use crate::ledger::curve::{geometric_next, Compiled, CurveTables, Schedule, Step};
use crate::ledger::Ledger;
use crate::values::date::Date;

/// The most constant pieces a contribution is cut into before it is summed directly.
const MAX_PIECES: usize = 64;

/// A stretch of a linear fade with constant effective units. It keeps its
/// contribution's compiled curve (20 bytes) rather than a reference: the
/// stretches are taken slot by slot, and reaching back into the
/// contributions in that order missed the cache on every one.
struct Fading {
    curve: Compiled,
    slot: usize,
    from: i64,
    to: i64,
    units: i64,
}

impl Fading {
    /// `Σ_{t=lo}^{hi} w(t)` for `from <= lo <= hi <= to`: inside the fade,
    /// two cells of its prefix table when it has one.
    fn fade_sum(&self, tables: &CurveTables, lo: i64, hi: i64) -> i128 {
        let curve = &self.curve;
        if let Schedule::Linear { f1, table, .. } = curve.schedule {
            if let Some(t) = tables.fade_table(table) {
                let f1 = i64::from(f1);
                let cell = |k: i64| usize::try_from(k).ok().and_then(|k| t.get(k));
                if let (Some(hi_sum), Some(lo_sum)) = (cell(f1 - lo), cell(f1 - hi - 1)) {
                    return i128::from(hi_sum - lo_sum);
                }
            }
        }
        curve.sum(tables, lo, hi)
    }
}

/// Where a contribution's weight is constant, as `(from, until_excl, weight)`;
/// `None` when it has too many pieces before `horizon` (the last day that
/// matters). `until` is capped at `end`; a linear fade's fading days are not included.
fn constant_pieces(
    c: &Valued,
    tables: &CurveTables,
    horizon: i64,
) -> Option<Vec<(i64, i64, i128)>> {
    let d = c.date().day_number();
    let end = c.curve.end();
    let one = crate::ledger::curve::WEIGHT_ONE;
    let mut pieces = Vec::new();
    match c.curve.schedule {
        Schedule::Flat => pieces.push((d, end, one)),
        Schedule::Linear { f0, .. } => pieces.push((d, i64::from(f0).min(end), one)),
        Schedule::Geometric { f0, step } => {
            let Step { every, rate } = tables.step_at(step);
            let (f0n, f0) = (i64::from(f0), Date::from_day_number(i64::from(f0)));
            pieces.push((d, f0n.min(end), one));
            let (mut from, mut g, mut k) = (f0n, one, 0i64);
            while g > 0 && from < end && from <= horizon {
                if pieces.len() >= MAX_PIECES {
                    return None;
                }
                let next = every.add_times(f0, k + 1).day_number();
                pieces.push((from, next.min(end), g));
                from = next;
                k += 1;
                g = tables.step_weight(step, k).unwrap_or_else(|| {
                    geometric_next(g, crate::values::number::Dec::from_raw(i128::from(rate)))
                });
            }
        }
        Schedule::Steps { .. } => {
            let points = c.curve.points(tables).unwrap_or_default();
            if points.len() > MAX_PIECES {
                return None;
            }
            for (i, &(from, w)) in points.iter().enumerate() {
                let until = points.get(i + 1).map_or(end, |next| next.0.min(end));
                pieces.push((from, until, i128::from(w)));
            }
        }
    }
    pieces.retain(|&(from, until, w)| from < until && w > 0);
    Some(pieces)
}

/// The unit-days of each (member, kind) pair in each period, as
/// [`Ledger::pair_basis`] gives them for one.
pub(crate) fn unit_days_many(ledger: &Ledger, periods: &[(Date, Date)]) -> Vec<Vec<i128>> {
    let slots = ledger.pairs.len();
    let mut tables = vec![vec![0i128; slots]; periods.len()];
    if periods.is_empty() {
        return tables;
    }
    let horizon = periods
        .iter()
        .map(|p| p.1.day_number())
        .max()
        .unwrap_or(i64::MIN);
    let mut changes: Vec<(usize, i64, i128)> = Vec::new();
    let mut local: Vec<(i64, i128)> = Vec::new();
    let mut fading: Vec<Fading> = Vec::new();
    let mut direct: Vec<&Valued> = Vec::new();
    let shared: &Tables = &ledger.tables;
    for c in &ledger.contributions {
        let slot = c.pair();
        let Some(pieces) = constant_pieces(c, &shared.curves, horizon) else {
            direct.push(c);
            continue;
        };
        let fade = match c.curve.schedule {
            Schedule::Linear { f0, f1, .. } => {
                Some((i64::from(f0), i64::from(f1).min(c.curve.end())))
            }
            _ => None,
        };
        local.clear();
        for (from, to, units) in c.stretches(shared) {
            let (from, until) = (
                from.day_number(),
                to.map_or(i64::MAX, |t| t.day_number().saturating_add(1)),
            );
            if units == 0 {
                continue;
            }
            for &(a, b, w) in &pieces {
                let (a, b) = (a.max(from), b.min(until));
                // Changes after the last period's end never matter.
                if a < b && a <= horizon {
                    let rate = i128::from(units) * w;
                    local.push((a, rate));
                    if b <= horizon {
                        local.push((b, -rate));
                    }
                }
            }
            if let Some((f0, f1)) = fade {
                let (a, b) = (f0.max(from), f1.min(until));
                if a < b {
                    fading.push(Fading {
                        curve: c.curve,
                        slot,
                        from: a,
                        to: b - 1,
                        units,
                    });
                }
            }
        }
        // One change per day: where one piece ends and the next begins,
        // only the difference of their rates is kept.
        local.sort_unstable_by_key(|&(day, _)| day);
        let mut merged: Option<(i64, i128)> = None;
        for &(day, delta) in &local {
            match &mut merged {
                Some((d, sum)) if *d == day => *sum += delta,
                _ => {
                    if let Some((d, sum)) = merged.take().filter(|m| m.1 != 0) {
                        changes.push((slot, d, sum));
                    }
                    merged = Some((day, delta));
                }
            }
        }
        if let Some((d, sum)) = merged.filter(|m| m.1 != 0) {
            changes.push((slot, d, sum));
        }
    }
    let bounds: Vec<(i64, i64)> = periods
        .iter()
        .map(|(a, b)| (a.day_number(), b.day_number()))
        .collect();
    sweep(changes, slots, &bounds, &mut tables);
    // Fading stretches, each added to the periods it overlaps: those
    // starting before its end and no more than the longest period before
    // its start. Taken slot by slot, so that the sums of one slot are
    // gathered in a row of periods and each table is written in slot order.
    let mut by_start: Vec<(i64, i64, usize)> = bounds
        .iter()
        .enumerate()
        .map(|(p, &(a, b))| (a, b, p))
        .collect();
    by_start.sort_unstable();
    let longest = bounds.iter().map(|(a, b)| b - a).max().unwrap_or(0);
    fading.sort_unstable_by_key(|f| f.slot);
    let mut row = vec![0i128; by_start.len()];
    for group in fading.chunk_by(|x, y| x.slot == y.slot) {
        row.fill(0);
        for f in group {
            let last = by_start.partition_point(|s| s.0 <= f.to);
            let first = by_start.partition_point(|s| s.0 < f.from - longest);
            let ranks = by_start.iter().zip(row.iter_mut());
            for (&(a, b, _), cell) in ranks.take(last).skip(first) {
                let (lo, hi) = (a.max(f.from), b.min(f.to));
                if lo <= hi {
                    *cell += i128::from(f.units) * f.fade_sum(&shared.curves, lo, hi);
                }
            }
        }
        let slot = group.first().map_or(0, |f| f.slot);
        for (&(_, _, p), &x) in by_start.iter().zip(&row) {
            if let Some(cell) = tables.get_mut(p).and_then(|t| t.get_mut(slot)) {
                *cell += x;
            }
        }
    }
    for c in direct {
        for (p, table) in periods.iter().zip(&mut tables) {
            if let Some(cell) = table.get_mut(c.pair()) {
                *cell += c.unit_days(shared, p.0, p.1);
            }
        }
    }
    tables
}

/// Adds every period's unit-days from constant stretches to its table.
///
/// The changes are applied in day order to running sums per slot; at each
/// period end `y` (and the day before each start) the cumulative unit-days
/// `(y + 1)·rate − rate_day` of every slot are added to (or taken from) the
/// periods that end (or start) there.
fn sweep(
    mut changes: Vec<(usize, i64, i128)>,
    slots: usize,
    bounds: &[(i64, i64)],
    tables: &mut [Vec<i128>],
) {
    changes.sort_unstable_by_key(|&(_, day, _)| day);
    // (day, period, +1 at the end, −1 before the start), ascending by day.
    let mut reads: Vec<(i64, usize, i128)> = Vec::with_capacity(2 * bounds.len());
    for (p, &(a, b)) in bounds.iter().enumerate() {
        reads.push((a - 1, p, -1));
        reads.push((b, p, 1));
    }
    reads.sort_unstable_by_key(|r| r.0);
    let mut rate = vec![0i128; slots];
    let mut rate_day = vec![0i128; slots];
    let mut next = changes.into_iter().peekable();
    for (y, p, sign) in reads {
        while let Some(&(slot, day, delta)) = next.peek() {
            if day > y {
                break;
            }
            if let (Some(r), Some(rd)) = (rate.get_mut(slot), rate_day.get_mut(slot)) {
                *r += delta;
                *rd += delta * i128::from(day);
            }
            next.next();
        }
        let days = i128::from(y + 1);
        let Some(table) = tables.get_mut(p) else {
            continue;
        };
        for ((cell, r), rd) in table.iter_mut().zip(&rate).zip(&rate_day) {
            if *r != 0 || *rd != 0 {
                *cell += sign * (days * r - rd);
            }
        }
    }
}
